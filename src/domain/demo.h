/* demo.h: the demo world of `leerpad demo`
 *
 * The programmes, organisations and people of the letter to parliament
 * (DESIGN.md §1): Fontys Ad Engineering with the eleven companies whose
 * employees take part, NHL Stenden Small Business & Retail Management with
 * its retailers, the Automotive Centre of Expertise with its hogescholen,
 * companies, network organisations and governments, a few private
 * providers, and the ministry's project group. Everything is created
 * through the entity engine with the caller's actor (the system actor of
 * the command line), so it is validated and audited like any other write.
 * One demo login per role, all with the password DEMO_PASSWORD.
 */
#ifndef LEERPAD_DEMO_H
#define LEERPAD_DEMO_H

#include "domain/context.h"

#include <stdint.h>

#define DEMO_PASSWORD "demo-wachtwoord"

/* One demo login: who@demo.leerpad.nl with one role. */
struct demo_login {
	const char *email;
	const char *role;       /* role code name, "employer_hr" */
	const char *where;      /* the organisation it is held in, for people to
				   read; "" for a role held everywhere */
};

/* The demo logins, in the order they are shown; ends with a NULL email. */
extern const struct demo_login demo_logins[];

enum demo_state {
	DEMO_EMPTY,        /* no organisations: the demo can be loaded */
	DEMO_PRESENT,      /* the demo was loaded before */
	DEMO_OTHER_DATA,   /* organisations that are not the demo's */
};

/* What the database holds: *state, and the number of organisations in
 * *organisations. The demo counts as present when the demo system
 * administrator's account exists. */
enum lp_status demo_state(struct ctx *ctx, enum demo_state *state, int64_t *organisations);

/* How many records demo_load made of each kind. */
struct demo_counts {
	int organisations, memberships, programmes, outcomes, offerings;
	int persons, employments, accounts, grants;
};

/* Loads the demo in one transaction: all of it or, on any error, nothing
 * (ctx->err names the record kind and field). Does not check demo_state:
 * callers decide whether loading is wanted. *counts may be NULL. */
enum lp_status demo_load(struct ctx *ctx, struct demo_counts *counts);

#endif
