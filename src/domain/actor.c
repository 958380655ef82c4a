/* actor.c: roles and the acting user */
#include "domain/actor.h"

#include <string.h>

static const struct {
	const char *name;
	const char *label;
	bool global;
} roles[ROLE_COUNT] = {
	[ROLE_LEARNER] = { "learner", "Learner", false },
	[ROLE_COACH] = { "coach", "Coach", false },
	[ROLE_EXAMINER] = { "examiner", "Examiner", false },
	[ROLE_EXAM_BOARD] = { "exam_board", "Exam board", false },
	[ROLE_PROGRAMME_MANAGER] = { "programme_manager", "Programme manager", false },
	[ROLE_INSTITUTION_ADMIN] = { "institution_admin", "Institution administrator", false },
	[ROLE_EMPLOYER_HR] = { "employer_hr", "Employer HR contact", false },
	[ROLE_WORKPLACE_SUPERVISOR] = { "workplace_supervisor", "Workplace supervisor", false },
	[ROLE_VOUCHER_AUTHORITY] = { "voucher_authority", "Voucher authority", true },
	[ROLE_NETWORK_COORDINATOR] = { "network_coordinator", "Network coordinator", false },
	[ROLE_MONITOR] = { "monitor", "Monitor", true },
	[ROLE_SYSTEM_ADMIN] = { "system_admin", "System administrator", true },
};

const char *
role_name(enum role role)
{
	return (unsigned)role < ROLE_COUNT ? roles[role].name : NULL;
}

bool
role_parse(const char *name, enum role *out)
{
	for (int i = 0; name && i < ROLE_COUNT; i++) {
		if (strcmp(roles[i].name, name) == 0) {
			*out = (enum role)i;
			return true;
		}
	}
	return false;
}

const char *
role_label(enum role role)
{
	return (unsigned)role < ROLE_COUNT ? roles[role].label : "";
}

bool
role_is_global(enum role role)
{
	return (unsigned)role < ROLE_COUNT && roles[role].global;
}

void
actor_anonymous(struct actor *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = ACTOR_ANONYMOUS;
	memcpy(a->language, "nl", 3);
}

void
actor_system(struct actor *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = ACTOR_SYSTEM;
	memcpy(a->language, "nl", 3);
}

bool
actor_has_role(const struct actor *a, enum role role, const char *org_id)
{
	if (a->kind == ACTOR_SYSTEM)
		return true;
	for (int i = 0; i < a->grant_count; i++) {
		const struct actor_grant *g = &a->grants[i];
		if (g->role != role)
			continue;
		if (!org_id || !g->organisation_id[0] || strcmp(g->organisation_id, org_id) == 0)
			return true;
	}
	return false;
}

bool
actor_has_any(const struct actor *a, unsigned mask, const char *org_id)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if ((mask & ROLE_BIT(r)) && actor_has_role(a, (enum role)r, org_id))
			return true;
	return false;
}

const char *
actor_audit_id(const struct actor *a)
{
	switch (a->kind) {
	case ACTOR_ACCOUNT: return a->account_id;
	case ACTOR_SYSTEM: return "system";
	default: return NULL;
	}
}
