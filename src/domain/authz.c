/* authz.c: who may do what, by role and scope */
#include "domain/authz.h"
#include "domain/authz_learning.h"

#include <string.h>

#define STAFF (ROLE_BIT(ROLE_INSTITUTION_ADMIN) | ROLE_BIT(ROLE_PROGRAMME_MANAGER))
#define EMPLOYER_SIDE (ROLE_BIT(ROLE_EMPLOYER_HR) | ROLE_BIT(ROLE_WORKPLACE_SUPERVISOR))

enum scope_kind {
	SCOPE_SELF_ID,     /* the record is an organisation: its own id */
	SCOPE_FIELD,       /* a field of the record names the organisation */
	SCOPE_OUTCOME,     /* through the programme's institution */
	SCOPE_PERSON,      /* people: self, or employer of the person */
	SCOPE_SYSTEM,      /* only system administrators write */
};

struct rule {
	const char *entity;
	unsigned writers;        /* roles that may create and update in scope */
	enum scope_kind scope;
	const char *scope_field; /* SCOPE_FIELD: which field */
	const char *self_field;  /* the field naming the actor's own account or
				    person, which may read it */
};

static const struct rule rules[] = {
	{ "organisations", ROLE_BIT(ROLE_INSTITUTION_ADMIN) | ROLE_BIT(ROLE_EMPLOYER_HR) |
		ROLE_BIT(ROLE_NETWORK_COORDINATOR), SCOPE_SELF_ID, NULL, NULL },
	{ "network_memberships", ROLE_BIT(ROLE_NETWORK_COORDINATOR), SCOPE_FIELD,
		"network_id", NULL },
	{ "programmes", STAFF, SCOPE_FIELD, "institution_id", NULL },
	{ "outcomes", STAFF, SCOPE_OUTCOME, "programme_id", NULL },
	{ "offerings", STAFF | ROLE_BIT(ROLE_EMPLOYER_HR), SCOPE_FIELD, "provider_id", NULL },
	{ "persons", ROLE_BIT(ROLE_INSTITUTION_ADMIN) | ROLE_BIT(ROLE_EMPLOYER_HR),
		SCOPE_PERSON, NULL, "id" },
	{ "employments", ROLE_BIT(ROLE_EMPLOYER_HR), SCOPE_FIELD, "employer_id", "person_id" },
	{ "accounts", 0, SCOPE_SYSTEM, NULL, "id" },
	{ "role_grants", 0, SCOPE_SYSTEM, NULL, "account_id" },
};

static const struct rule *
rule_for(const struct entity_def *def)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].entity, def->name) == 0)
			return &rules[i];
	return NULL;
}

static const char *
str_field(const json_t *record, const char *name)
{
	return json_string_value(json_object_get(record, name));
}

/* The organisation an outcome belongs to: its programme's institution. */
static const char *
outcome_institution(struct ctx *ctx, const json_t *record)
{
	const char *programme = str_field(record, "programme_id");
	struct db_stmt *st;
	const char *org = NULL;

	if (!programme || db_prepare(ctx->db, "SELECT institution_id FROM programmes WHERE id = ?",
				     &st, NULL))
		return NULL;
	db_bind_text(st, 1, programme);
	if (db_step(st) == DB_ROW)
		org = arena_strdup(ctx->arena, db_column_text(st, 0));
	db_reset(st);
	return org;
}

/* True if the person has an employment (past or present) at an
 * organisation where the actor holds one of the roles in mask. */
static bool
employs_person(struct ctx *ctx, const char *person_id, unsigned mask)
{
	const struct actor *a = ctx->actor;
	struct db_stmt *st;
	bool found = false;

	if (!person_id || db_prepare(ctx->db, "SELECT employer_id FROM employments"
				     " WHERE person_id = ?", &st, NULL))
		return false;
	db_bind_text(st, 1, person_id);
	while (!found && db_step(st) == DB_ROW)
		found = actor_has_any(a, mask, db_column_text(st, 0));
	db_reset(st);
	return found;
}

static bool
is_self(const struct actor *a, const struct rule *r, const struct entity_def *def,
	const json_t *record)
{
	const char *value;

	if (!r->self_field || a->kind != ACTOR_ACCOUNT)
		return false;
	value = str_field(record, r->self_field);
	if (!value)
		return false;
	/* accounts and role grants name the account; people the person */
	if (strcmp(def->name, "accounts") == 0 || strcmp(def->name, "role_grants") == 0)
		return strcmp(value, a->account_id) == 0;
	return a->person_id[0] && strcmp(value, a->person_id) == 0;
}

static enum lp_status
may_read_private(struct ctx *ctx, const struct rule *r, const struct entity_def *def,
		 const json_t *record)
{
	const struct actor *a = ctx->actor;

	if (a->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see %s", def->name);
	if (actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL) || is_self(a, r, def, record))
		return LP_OK;
	if (r->scope == SCOPE_PERSON) {
		if (actor_has_any(a, ROLE_BIT(ROLE_INSTITUTION_ADMIN), NULL) ||
		    employs_person(ctx, str_field(record, "id"), EMPLOYER_SIDE))
			return LP_OK;
	} else if (strcmp(def->name, "employments") == 0) {
		if (actor_has_any(a, ROLE_BIT(ROLE_INSTITUTION_ADMIN), NULL) ||
		    actor_has_any(a, EMPLOYER_SIDE, str_field(record, "employer_id")))
			return LP_OK;
	}
	return lp_fail(ctx->err, LP_ENOTFOUND, NULL, "no such %s", def->singular);
}

enum lp_status
authz_record(struct ctx *ctx, const struct entity_def *def, enum authz_action action,
	     const json_t *record)
{
	const struct actor *a = ctx->actor;
	const struct rule *r = rule_for(def);
	const char *org = NULL;

	if (!r)  /* learning records: authz_learning.c */
		return authz_learning_record(ctx, def, action, record);
	if (action == AUTHZ_READ)
		return def->public_read ? LP_OK : may_read_private(ctx, r, def, record);
	if (a->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to change %s", def->name);
	if (actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL))
		return LP_OK;
	switch (r->scope) {
	case SCOPE_SELF_ID:
		/* organisations are created by system administrators only */
		if (action == AUTHZ_UPDATE)
			org = str_field(record, "id");
		break;
	case SCOPE_FIELD:
		org = str_field(record, r->scope_field);
		break;
	case SCOPE_OUTCOME:
		org = outcome_institution(ctx, record);
		break;
	case SCOPE_PERSON:
		if (action == AUTHZ_UPDATE && is_self(a, r, def, record))
			return LP_OK;
		if (actor_has_any(a, ROLE_BIT(ROLE_INSTITUTION_ADMIN), NULL))
			return LP_OK;
		if (action == AUTHZ_CREATE && actor_has_any(a, ROLE_BIT(ROLE_EMPLOYER_HR), NULL))
			return LP_OK;
		if (action == AUTHZ_UPDATE &&
		    employs_person(ctx, str_field(record, "id"), ROLE_BIT(ROLE_EMPLOYER_HR)))
			return LP_OK;
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "your roles do not allow changing this person");
	case SCOPE_SYSTEM:
		break;
	}
	if (org && actor_has_any(a, r->writers, org))
		return LP_OK;
	return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
		       "your roles do not allow changing %s of this organisation", def->name);
}

enum lp_status
authz_list_condition(struct ctx *ctx, const struct entity_def *def, struct buf *cond,
		     const char **binds, int max, int *bind_count)
{
	const struct actor *a = ctx->actor;
	const struct rule *r = rule_for(def);
	int n = 0;

	*bind_count = 0;
	if (def->public_read)
		return LP_OK;
	if (!r)  /* learning records: authz_learning.c */
		return authz_learning_list_condition(ctx, def, cond, binds, max, bind_count);
	if (a->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see %s", def->name);
	if (actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL))
		return LP_OK;
	if ((r->scope == SCOPE_PERSON || strcmp(def->name, "employments") == 0) &&
	    actor_has_any(a, ROLE_BIT(ROLE_INSTITUTION_ADMIN), NULL))
		return LP_OK;

	/* self */
	buf_puts(cond, "(");
	if (strcmp(def->name, "accounts") == 0 || strcmp(def->name, "role_grants") == 0) {
		buf_printf(cond, "%s.%s = ?", def->name, r->self_field);
		binds[n++] = a->account_id;
	} else {
		buf_printf(cond, "%s.%s = ?", def->name, r->self_field);
		binds[n++] = a->person_id;
	}
	/* employer side: employees of the actor's organisations */
	if (r->scope == SCOPE_PERSON || strcmp(def->name, "employments") == 0) {
		int first = 1;
		for (int i = 0; i < a->grant_count && n < max; i++) {
			const struct actor_grant *g = &a->grants[i];
			if (!(EMPLOYER_SIDE & ROLE_BIT(g->role)) || !g->organisation_id[0])
				continue;
			if (first) {
				if (r->scope == SCOPE_PERSON)
					buf_puts(cond, " OR EXISTS (SELECT 1 FROM employments e"
						 " WHERE e.person_id = persons.id AND e.employer_id IN (");
				else
					buf_puts(cond, " OR employments.employer_id IN (");
				first = 0;
			} else {
				buf_puts(cond, ", ");
			}
			buf_puts(cond, "?");
			binds[n++] = g->organisation_id;
		}
		if (!first)
			buf_puts(cond, r->scope == SCOPE_PERSON ? "))" : ")");
	}
	buf_puts(cond, ")");
	*bind_count = n;
	return LP_OK;
}

bool
authz_may_create_some(const struct actor *actor, const struct entity_def *def)
{
	const struct rule *r = rule_for(def);

	if (!r || actor->kind == ACTOR_ANONYMOUS)
		return false;
	if (actor_has_role(actor, ROLE_SYSTEM_ADMIN, NULL))
		return true;
	if (r->scope == SCOPE_SELF_ID || r->scope == SCOPE_SYSTEM)
		return false;
	return actor_has_any(actor, r->writers, NULL);
}
