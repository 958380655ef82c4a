/* actor.h: who is acting, with which roles in which organisations
 *
 * Every domain function takes a struct ctx holding the actor. The actor is
 * filled once per request from the session or API token (auth.c), or is the
 * system itself for the command line and the demo loader.
 */
#ifndef LEERPAD_ACTOR_H
#define LEERPAD_ACTOR_H

#include "base/id.h"

#include <stdbool.h>

enum role {
	ROLE_LEARNER,
	ROLE_COACH,
	ROLE_EXAMINER,
	ROLE_EXAM_BOARD,
	ROLE_PROGRAMME_MANAGER,
	ROLE_INSTITUTION_ADMIN,
	ROLE_EMPLOYER_HR,
	ROLE_WORKPLACE_SUPERVISOR,
	ROLE_VOUCHER_AUTHORITY,
	ROLE_NETWORK_COORDINATOR,
	ROLE_MONITOR,
	ROLE_SYSTEM_ADMIN,
	ROLE_COUNT
};

enum actor_kind {
	ACTOR_ANONYMOUS,  /* nobody logged in: public reads only */
	ACTOR_ACCOUNT,    /* a logged-in account (session or API token) */
	ACTOR_SYSTEM,     /* the command line and the demo loader: every right */
};

#define ACTOR_MAX_GRANTS 32
#define ACTOR_EMAIL_MAX 256

struct actor_grant {
	enum role role;
	char organisation_id[ID_LEN];   /* "" for a role without scope */
};

struct actor {
	enum actor_kind kind;
	char account_id[ID_LEN];
	char person_id[ID_LEN];          /* "" if the account has no person */
	char email[ACTOR_EMAIL_MAX];
	char language[8];
	int grant_count;
	struct actor_grant grants[ACTOR_MAX_GRANTS];
};

/* The role's code name ("programme_manager"); NULL for an invalid role. */
const char *role_name(enum role role);
/* Parses a code name; false if it names no role. */
bool role_parse(const char *name, enum role *out);
/* English label ("Programme manager"), a msgid for tr(). */
const char *role_label(enum role role);
/* True if the role is granted without an organisation (system-wide). */
bool role_is_global(enum role role);

/* Makes an anonymous or a system actor. */
void actor_anonymous(struct actor *a);
void actor_system(struct actor *a);
/* True if the actor holds role, in organisation org_id when org_id is not
 * NULL (a global grant counts for every organisation). */
bool actor_has_role(const struct actor *a, enum role role, const char *org_id);
/* True if the actor holds any of the roles in mask (bit per enum role) for
 * org_id (NULL: in any organisation). */
bool actor_has_any(const struct actor *a, unsigned mask, const char *org_id);
/* The id recorded in the audit log: the account id, "system" or NULL. */
const char *actor_audit_id(const struct actor *a);

#define ROLE_BIT(r) (1u << (r))

#endif
