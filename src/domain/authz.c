/* authz.c: who may do what, by role and scope */
#include "domain/authz.h"
#include "domain/authz_learning.h"

#include <string.h>

#define STAFF (ROLE_BIT(ROLE_INSTITUTION_ADMIN) | ROLE_BIT(ROLE_PROGRAMME_MANAGER))
#define EMPLOYER_SIDE (ROLE_BIT(ROLE_EMPLOYER_HR) | ROLE_BIT(ROLE_WORKPLACE_SUPERVISOR))
#define PEOPLE_STAFF (ROLE_BIT(ROLE_INSTITUTION_ADMIN) | ROLE_BIT(ROLE_EMPLOYER_HR))

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

/* Appends a subquery giving the organisations where the actor holds one of
 * the roles in mask, as the database has them now (a role taken away counts
 * at once), and binds the account id. Role names are static text. */
static void
orgs_with_roles(struct buf *cond, const struct actor *a, unsigned mask, const char **binds,
		int *n)
{
	const char *sep = "";

	buf_puts(cond, "(SELECT g.organisation_id FROM role_grants g"
		       " WHERE g.account_id = ? AND g.role IN (");
	binds[(*n)++] = a->account_id;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(mask & ROLE_BIT(r)))
			continue;
		buf_printf(cond, "%s'%s'", sep, role_name((enum role)r));
		sep = ", ";
	}
	buf_puts(cond, "))");
}

/* The people an actor may see or change, as a condition on `persons`:
 * people registered by an organisation where the actor is institution
 * administrator or HR; people employed (now or before) where the actor is
 * on the employer side (reading) or HR (changing), or at the actor's
 * institution; people with a role at the actor's institution. Reading adds
 * the actor's own person and the people enrolled in a programme of an
 * institution where the actor is programme manager or institution
 * administrator (who enrol and follow them). Uses at most 6 binds. */
static void
person_condition(struct buf *cond, const struct actor *a, bool for_write, const char **binds,
		 int *n)
{
	unsigned employer_side = for_write ? ROLE_BIT(ROLE_EMPLOYER_HR) : EMPLOYER_SIDE;

	buf_puts(cond, "(");
	if (!for_write) {
		buf_puts(cond, "persons.id = ? OR EXISTS (SELECT 1 FROM enrolments en JOIN programmes pg"
			       " ON pg.id = en.programme_id WHERE en.person_id = persons.id"
			       " AND pg.institution_id IN ");
		binds[(*n)++] = a->person_id;
		orgs_with_roles(cond, a, ROLE_BIT(ROLE_PROGRAMME_MANAGER) |
				ROLE_BIT(ROLE_INSTITUTION_ADMIN), binds, n);
		buf_puts(cond, ") OR ");
	}
	buf_puts(cond, "persons.registered_by_id IN ");
	orgs_with_roles(cond, a, PEOPLE_STAFF, binds, n);
	buf_puts(cond, " OR EXISTS (SELECT 1 FROM employments e WHERE e.person_id = persons.id"
		       " AND e.employer_id IN ");
	orgs_with_roles(cond, a, employer_side | ROLE_BIT(ROLE_INSTITUTION_ADMIN), binds, n);
	buf_puts(cond, ") OR EXISTS (SELECT 1 FROM accounts ac JOIN role_grants rg"
		       " ON rg.account_id = ac.id WHERE ac.person_id = persons.id"
		       " AND rg.organisation_id IN ");
	orgs_with_roles(cond, a, ROLE_BIT(ROLE_INSTITUTION_ADMIN), binds, n);
	buf_puts(cond, "))");
}

/* The employments an actor may see, as a condition on `employments`: their
 * own, those they supervise, and those at an organisation where they are
 * on the employer side or institution administrator. Uses 3 binds. */
static void
employment_condition(struct buf *cond, const struct actor *a, const char **binds, int *n)
{
	buf_puts(cond, "(employments.person_id = ? OR employments.supervisor_id = ?"
		       " OR employments.employer_id IN ");
	binds[(*n)++] = a->person_id;
	binds[(*n)++] = a->person_id;
	orgs_with_roles(cond, a, EMPLOYER_SIDE | ROLE_BIT(ROLE_INSTITUTION_ADMIN), binds, n);
	buf_puts(cond, ")");
}

/* True if the record of table with id meets cond (built above). A database
 * failure counts as no: access is never granted on an error. */
static bool
row_meets(struct ctx *ctx, const char *table, const char *id, const struct buf *cond,
	  const char **binds, int n)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	bool found = false;

	if (!id)
		return false;
	buf_printf(&sql, "SELECT 1 FROM %s WHERE %s.id = ? AND %s", table, table, buf_str(cond));
	if (!db_prepare(ctx->db, buf_str(&sql), &st, NULL)) {
		db_bind_text(st, 1, id);
		for (int i = 0; i < n; i++)
			db_bind_text(st, i + 2, binds[i]);
		found = db_step(st) == DB_ROW;
		db_reset(st);
	}
	buf_release(&sql);
	return found;
}

/* True if the actor may see (or, for_write, change) the person person_id. */
static bool
person_in_reach(struct ctx *ctx, const char *person_id, bool for_write)
{
	const struct actor *a = ctx->actor;
	struct buf cond = BUF_INIT;
	const char *binds[8];
	int n = 0;
	bool ok;

	if (!person_id || a->kind == ACTOR_ANONYMOUS)
		return false;
	if (a->kind == ACTOR_SYSTEM || actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL))
		return true;
	person_condition(&cond, a, for_write, binds, &n);
	ok = row_meets(ctx, "persons", person_id, &cond, binds, n);
	buf_release(&cond);
	return ok;
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
	struct buf cond = BUF_INIT;
	const char *binds[8];
	int n = 0;
	bool ok = false;

	if (a->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see %s",
				      entity_noun(ctx, def, true));
	if (a->kind == ACTOR_SYSTEM || actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL) ||
	    is_self(a, r, def, record))
		return LP_OK;
	if (r->scope == SCOPE_PERSON) {
		ok = person_in_reach(ctx, str_field(record, "id"), false);
	} else if (strcmp(def->name, "employments") == 0) {
		employment_condition(&cond, a, binds, &n);
		ok = row_meets(ctx, "employments", str_field(record, "id"), &cond, binds, n);
	}
	buf_release(&cond);
	if (ok)
		return LP_OK;
	return lp_fail(ctx->err, LP_ENOTFOUND, NULL, "no such %s", entity_noun(ctx, def, false));
}

/* An employment is written by HR of the employer, and names only people HR
 * can already see: the employee and the supervisor. Otherwise HR could
 * attach any person id it guessed, and so learn that it exists. */
static enum lp_status
may_write_employment(struct ctx *ctx, const struct rule *r, enum authz_action action,
		     const json_t *record, const char *employer)
{
	const char *person = str_field(record, "person_id");
	const char *supervisor = str_field(record, "supervisor_id");

	if (!employer || !actor_has_any(ctx->actor, r->writers, employer))
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "only HR of the employer may change its employments");
	if (action == AUTHZ_CREATE && !person_in_reach(ctx, person, false))
		return lp_fail(ctx->err, LP_EINVAL, "person_id", "no such person");
	if (supervisor && !person_in_reach(ctx, supervisor, false))
		return lp_fail(ctx->err, LP_EINVAL, "supervisor_id", "no such person");
	return LP_OK;
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
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to change %s",
				      entity_noun(ctx, def, true));
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
		if (strcmp(def->name, "employments") == 0)
			return may_write_employment(ctx, r, action, record, org);
		break;
	case SCOPE_OUTCOME:
		org = outcome_institution(ctx, record);
		break;
	case SCOPE_PERSON:
		if (action == AUTHZ_UPDATE && is_self(a, r, def, record))
			return LP_OK;
		if (action == AUTHZ_CREATE) {
			org = str_field(record, "registered_by_id");
			if (org && actor_has_any(a, PEOPLE_STAFF, org))
				return LP_OK;
			return lp_fail(ctx->err, LP_EFORBIDDEN, "registered_by_id",
				       "only an institution administrator or HR of the "
				       "registering organisation may register a person");
		}
		if (person_in_reach(ctx, str_field(record, "id"), true))
			return LP_OK;
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "your roles do not allow changing this person");
	case SCOPE_SYSTEM:
		break;
	}
	if (org && actor_has_any(a, r->writers, org))
		return LP_OK;
	return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
		       "your roles do not allow changing %s of this organisation",
		       entity_noun(ctx, def, true));
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
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see %s",
				      entity_noun(ctx, def, true));
	if (a->kind == ACTOR_SYSTEM || actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL))
		return LP_OK;
	if (max < 8)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "too few parameters for access");
	if (r->scope == SCOPE_PERSON) {
		person_condition(cond, a, false, binds, &n);
	} else if (strcmp(def->name, "employments") == 0) {
		employment_condition(cond, a, binds, &n);
	} else {
		/* accounts and role grants: the actor's own */
		buf_printf(cond, "%s.%s = ?", def->name, r->self_field);
		binds[n++] = a->account_id;
	}
	*bind_count = n;
	return LP_OK;
}

bool
authz_may_create_some(const struct actor *actor, const struct entity_def *def)
{
	const struct rule *r = rule_for(def);

	if (!r)  /* learning records: authz_learning.c */
		return authz_learning_may_create_some(actor);
	if (actor->kind == ACTOR_ANONYMOUS)
		return false;
	if (actor_has_role(actor, ROLE_SYSTEM_ADMIN, NULL))
		return true;
	if (r->scope == SCOPE_SELF_ID || r->scope == SCOPE_SYSTEM)
		return false;
	return actor_has_any(actor, r->writers, NULL);
}
