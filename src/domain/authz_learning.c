/* authz_learning.c: access to enrolments and everything hanging off them
 * (see authz_learning.h for the relations and the 403/404 rule) */
#include "domain/authz_learning.h"

#include <stdio.h>
#include <string.h>

#define STAFF_ROLES (ROLE_BIT(ROLE_INSTITUTION_ADMIN) | ROLE_BIT(ROLE_PROGRAMME_MANAGER))

/* Which relations allow which action. */
static const unsigned allowed[LA_ACTION_COUNT] = {
	[LA_READ] = REL_LEARNER | REL_COACH | REL_EXAMINER | REL_BOARD | REL_STAFF |
		REL_EMPLOYER | REL_ADMIN,
	[LA_CREATE_AGREEMENT] = REL_LEARNER | REL_COACH | REL_STAFF | REL_ADMIN,
	[LA_EDIT_DRAFT] = REL_LEARNER | REL_COACH | REL_ADMIN,
	[LA_SIGN_LEARNER] = REL_LEARNER,
	[LA_SIGN_INSTITUTION] = REL_COACH,
	[LA_SIGN_EMPLOYER] = REL_EMPLOYER,
	[LA_EVALUATE] = REL_LEARNER | REL_COACH | REL_EMPLOYER,
	[LA_CLOSE] = REL_COACH | REL_ADMIN,
	[LA_ADD_EVIDENCE] = REL_LEARNER,
	[LA_READ_EVIDENCE] = REL_LEARNER | REL_COACH | REL_EXAMINER | REL_BOARD | REL_STAFF |
		REL_EMPLOYER | REL_ADMIN,
	[LA_ATTEST] = REL_SUPERVISOR,
	[LA_ASSESS] = REL_EXAMINER,
	[LA_READ_INTERNAL] = REL_EXAMINER | REL_BOARD | REL_ADMIN,
	[LA_CONFIRM] = REL_BOARD,
	[LA_COACHING_WRITE] = REL_COACH,
	[LA_COACHING_READ] = REL_LEARNER | REL_COACH | REL_EMPLOYER | REL_STAFF | REL_ADMIN,
};

static const char *const action_text[LA_ACTION_COUNT] = {
	[LA_READ] = "see this enrolment",
	[LA_CREATE_AGREEMENT] = "open an agreement for this enrolment",
	[LA_EDIT_DRAFT] = "edit this agreement",
	[LA_SIGN_LEARNER] = "sign for the learner",
	[LA_SIGN_INSTITUTION] = "sign for the institution",
	[LA_SIGN_EMPLOYER] = "sign for the employer",
	[LA_EVALUATE] = "evaluate this agreement",
	[LA_CLOSE] = "close this agreement",
	[LA_ADD_EVIDENCE] = "add evidence for this learner",
	[LA_READ_EVIDENCE] = "see this evidence",
	[LA_ATTEST] = "attest evidence of this learner",
	[LA_ASSESS] = "assess this learner",
	[LA_READ_INTERNAL] = "see examiners' notes",
	[LA_CONFIRM] = "confirm for the exam board",
	[LA_COACHING_WRITE] = "write in this coaching log",
	[LA_COACHING_READ] = "see this coaching log",
};

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* True if the actor's person is an examiner on an agreement of enrolment,
 * or of a prior learning claim of it. */
static bool
assigned_examiner(struct ctx *ctx, const char *enrolment_id)
{
	const char *me = ctx->actor->person_id;
	struct db_stmt *st;
	bool found = false;

	if (!me[0] || db_prepare(ctx->db,
				 "SELECT 1 FROM agreement_outcomes ao JOIN agreements ag"
				 " ON ag.id = ao.agreement_id WHERE ag.enrolment_id = ?"
				 " AND (ao.examiner_id = ? OR ao.second_examiner_id = ?)"
				 " UNION ALL SELECT 1 FROM prior_learning_claims"
				 " WHERE enrolment_id = ? AND examiner_id = ?", &st, NULL))
		return false;
	db_bind_text(st, 1, enrolment_id);
	db_bind_text(st, 2, me);
	db_bind_text(st, 3, me);
	db_bind_text(st, 4, enrolment_id);
	db_bind_text(st, 5, me);
	found = db_step(st) == DB_ROW;
	db_reset(st);
	return found;
}

/* Fills e->rel from the enrolment's people and organisations. */
static void
relations(struct ctx *ctx, struct enrolment_ref *e)
{
	const struct actor *a = ctx->actor;
	const char *me = a->person_id;
	const char *emp = e->employer_id[0] ? e->employer_id : NULL;

	e->rel = 0;
	if (actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL))
		e->rel |= REL_ADMIN;
	if (a->kind != ACTOR_ACCOUNT)
		return;
	if (me[0] && strcmp(me, e->person_id) == 0)
		e->rel |= REL_LEARNER;
	if (me[0] && strcmp(me, e->coach_id) == 0 &&
	    actor_has_role(a, ROLE_COACH, e->institution_id))
		e->rel |= REL_COACH;
	if (actor_has_role(a, ROLE_EXAM_BOARD, e->institution_id))
		e->rel |= REL_BOARD;
	if (actor_has_any(a, STAFF_ROLES, e->institution_id))
		e->rel |= REL_STAFF;
	if (emp && actor_has_role(a, ROLE_EMPLOYER_HR, emp))
		e->rel |= REL_HR;
	if (emp && actor_has_role(a, ROLE_WORKPLACE_SUPERVISOR, emp))
		e->rel |= REL_SUPERVISOR;
	if (actor_has_role(a, ROLE_EXAMINER, e->institution_id) && assigned_examiner(ctx, e->id))
		e->rel |= REL_EXAMINER;
}

enum lp_status
authz_enrolment_load(struct ctx *ctx, const char *id, struct enrolment_ref *out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	memset(out, 0, sizeof(*out));
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see enrolments");
	if (!id || !id_is_valid(id))
		return lp_fail(ctx->err, LP_ENOTFOUND, "enrolment_id", "no such enrolment");
	rc = db_prepare(ctx->db,
			"SELECT e.id, e.person_id, e.programme_id, p.institution_id, e.employer_id,"
			" e.coach_id, e.status FROM enrolments e JOIN programmes p"
			" ON p.id = e.programme_id WHERE e.id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	step = db_step(st);
	if (step == DB_ROW) {
		copy(out->id, sizeof(out->id), db_column_text(st, 0));
		copy(out->person_id, sizeof(out->person_id), db_column_text(st, 1));
		copy(out->programme_id, sizeof(out->programme_id), db_column_text(st, 2));
		copy(out->institution_id, sizeof(out->institution_id), db_column_text(st, 3));
		copy(out->employer_id, sizeof(out->employer_id), db_column_text(st, 4));
		copy(out->coach_id, sizeof(out->coach_id), db_column_text(st, 5));
		copy(out->status, sizeof(out->status), db_column_text(st, 6));
	} else if (step == DB_ERROR) {
		rc = db_error(ctx->db, ctx->err);
	}
	db_reset(st);
	if (rc)
		return rc;
	if (step != DB_ROW)
		return lp_fail(ctx->err, LP_ENOTFOUND, "enrolment_id", "no such enrolment");
	relations(ctx, out);
	if (!out->rel)
		return lp_fail(ctx->err, LP_ENOTFOUND, "enrolment_id", "no such enrolment");
	return LP_OK;
}

enum lp_status
authz_enrolments_own(struct ctx *ctx, struct enrolment_ref *out, size_t max, size_t *count)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	size_t n = 0;

	*count = 0;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see enrolments");
	if (!ctx->actor->person_id[0] || max == 0)
		return LP_OK;
	/* the smallest ids kept in order here, not by ORDER BY ... LIMIT: for
	 * a handful of rows SQLite's temporary b-tree cost more than the rest
	 * of the query */
	rc = db_prepare(ctx->db,
			"SELECT e.id, e.person_id, e.programme_id, p.institution_id, e.employer_id,"
			" e.coach_id, e.status FROM enrolments e JOIN programmes p"
			" ON p.id = e.programme_id WHERE e.person_id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, ctx->actor->person_id);
	while ((step = db_step(st)) == DB_ROW) {
		const char *id = db_column_text(st, 0);
		size_t at = n;
		struct enrolment_ref *e;

		while (at > 0 && strcmp(out[at - 1].id, id ? id : "") > 0)
			at--;
		if (at == max)
			continue;
		if (n == max)
			n--;    /* the largest goes */
		memmove(&out[at + 1], &out[at], (n - at) * sizeof(*out));
		n++;
		e = &out[at];
		memset(e, 0, sizeof(*e));
		copy(e->id, sizeof(e->id), id);
		copy(e->person_id, sizeof(e->person_id), db_column_text(st, 1));
		copy(e->programme_id, sizeof(e->programme_id), db_column_text(st, 2));
		copy(e->institution_id, sizeof(e->institution_id), db_column_text(st, 3));
		copy(e->employer_id, sizeof(e->employer_id), db_column_text(st, 4));
		copy(e->coach_id, sizeof(e->coach_id), db_column_text(st, 5));
		copy(e->status, sizeof(e->status), db_column_text(st, 6));
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc)
		return rc;
	/* after the reset: relations may ask the database again */
	for (size_t i = 0; i < n; i++)
		relations(ctx, &out[i]);
	*count = n;
	return LP_OK;
}

enum lp_status
authz_enrolment(struct ctx *ctx, const struct enrolment_ref *e, enum learning_action action)
{
	if ((unsigned)action >= LA_ACTION_COUNT)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "unknown action");
	if (!e->rel)
		return lp_fail(ctx->err, LP_ENOTFOUND, NULL, "no such enrolment");
	if (e->rel & allowed[action])
		return LP_OK;
	return lp_fail(ctx->err, LP_EFORBIDDEN, NULL, "your roles do not allow you to %s",
		       action_text[action]);
}

/* ---- the entity engine's records: periods, cohorts, enrolments ---------- */

static const char *
str_field(const json_t *record, const char *name)
{
	return json_string_value(json_object_get(record, name));
}

/* The institution of a programme, into the arena; NULL if none. */
static const char *
programme_institution(struct ctx *ctx, const char *programme_id)
{
	struct db_stmt *st;
	const char *org = NULL;

	if (!programme_id || db_prepare(ctx->db, "SELECT institution_id FROM programmes"
					" WHERE id = ?", &st, NULL))
		return NULL;
	db_bind_text(st, 1, programme_id);
	if (db_step(st) == DB_ROW)
		org = arena_strdup(ctx->arena, db_column_text(st, 0));
	db_reset(st);
	return org;
}

enum lp_status
authz_learning_record(struct ctx *ctx, const struct entity_def *def, enum authz_action action,
		      const json_t *record)
{
	const struct actor *a = ctx->actor;
	const char *org;

	if (strcmp(def->name, "enrolments") != 0 && strcmp(def->name, "periods") != 0 &&
	    strcmp(def->name, "cohorts") != 0)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "no access rule for %s", def->name);
	if (action == AUTHZ_READ && def->public_read)
		return LP_OK;
	if (a->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see %s", def->name);
	if (strcmp(def->name, "periods") == 0)
		org = str_field(record, "institution_id");
	else
		org = programme_institution(ctx, str_field(record, "programme_id"));
	if (action == AUTHZ_READ) {
		/* enrolments: any relation reads; none hides it */
		struct enrolment_ref e;
		memset(&e, 0, sizeof(e));
		copy(e.id, sizeof(e.id), str_field(record, "id"));
		copy(e.person_id, sizeof(e.person_id), str_field(record, "person_id"));
		copy(e.programme_id, sizeof(e.programme_id), str_field(record, "programme_id"));
		copy(e.institution_id, sizeof(e.institution_id), org);
		copy(e.employer_id, sizeof(e.employer_id), str_field(record, "employer_id"));
		copy(e.coach_id, sizeof(e.coach_id), str_field(record, "coach_id"));
		relations(ctx, &e);
		if (e.rel)
			return LP_OK;
		return lp_fail(ctx->err, LP_ENOTFOUND, NULL, "no such enrolment");
	}
	if (actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL) || (org && actor_has_any(a, STAFF_ROLES, org)))
		return LP_OK;
	return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
		       "only the institution's programme managers and administrators change %s",
		       def->name);
}

bool
authz_learning_may_create_some(const struct actor *actor)
{
	return actor->kind != ACTOR_ANONYMOUS &&
	       (actor_has_role(actor, ROLE_SYSTEM_ADMIN, NULL) ||
		actor_has_any(actor, STAFF_ROLES, NULL));
}

enum lp_status
authz_learning_list_condition(struct ctx *ctx, const struct entity_def *def, struct buf *cond,
			      const char **binds, int max, int *bind_count)
{
	*bind_count = 0;
	if (def->public_read)
		return LP_OK;
	if (strcmp(def->name, "enrolments") != 0)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "no access rule for %s", def->name);
	return authz_enrolment_condition(ctx, "enrolments", cond, binds, max, bind_count);
}

/* Appends " OR <column> IN (?, ...)" for the actor's grants of roles in
 * mask; returns the new bind count. */
static int
in_grants(const struct actor *a, unsigned mask, const char *column, struct buf *cond,
	  const char **binds, int n, int max)
{
	bool first = true;

	for (int i = 0; i < a->grant_count && n < max; i++) {
		const struct actor_grant *g = &a->grants[i];
		if (!(mask & ROLE_BIT(g->role)) || !g->organisation_id[0])
			continue;
		buf_puts(cond, first ? " OR " : ", ");
		if (first)
			buf_printf(cond, "%s IN (", column);
		buf_puts(cond, "?");
		binds[n++] = g->organisation_id;
		first = false;
	}
	if (!first)
		buf_puts(cond, ")");
	return n;
}

enum lp_status
authz_enrolment_condition(struct ctx *ctx, const char *alias, struct buf *cond,
			  const char **binds, int max, int *bind_count)
{
	const struct actor *a = ctx->actor;
	char column[96];
	int n = 0;
	unsigned seeing = ROLE_BIT(ROLE_LEARNER) | ROLE_BIT(ROLE_COACH) | ROLE_BIT(ROLE_EXAMINER) |
		ROLE_BIT(ROLE_EXAM_BOARD) | STAFF_ROLES | ROLE_BIT(ROLE_EMPLOYER_HR) |
		ROLE_BIT(ROLE_WORKPLACE_SUPERVISOR);

	*bind_count = 0;
	if (a->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see enrolments");
	if (actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL))
		return LP_OK;
	if (!actor_has_any(a, seeing, NULL))
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "your roles do not show individual learners");
	if (max < 8)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "too few binds");
	buf_printf(cond, "(%s.person_id = ?", alias);
	binds[n++] = a->person_id;
	if (actor_has_any(a, ROLE_BIT(ROLE_COACH), NULL)) {
		buf_printf(cond, " OR %s.coach_id = ?", alias);
		binds[n++] = a->person_id;
	}
	snprintf(column, sizeof(column), "%s.employer_id", alias);
	n = in_grants(a, ROLE_BIT(ROLE_EMPLOYER_HR) | ROLE_BIT(ROLE_WORKPLACE_SUPERVISOR), column,
		      cond, binds, n, max - 3);
	if (actor_has_any(a, STAFF_ROLES | ROLE_BIT(ROLE_EXAM_BOARD), NULL)) {
		buf_printf(cond, " OR %s.programme_id IN (SELECT id FROM programmes WHERE 1 = 0", alias);
		n = in_grants(a, STAFF_ROLES | ROLE_BIT(ROLE_EXAM_BOARD), "institution_id", cond,
			      binds, n, max - 3);
		buf_puts(cond, ")");
	}
	if (actor_has_any(a, ROLE_BIT(ROLE_EXAMINER), NULL) && a->person_id[0] && n + 2 <= max) {
		buf_printf(cond, " OR EXISTS (SELECT 1 FROM agreement_outcomes ao JOIN agreements ag"
			   " ON ag.id = ao.agreement_id WHERE ag.enrolment_id = %s.id"
			   " AND (ao.examiner_id = ? OR ao.second_examiner_id = ?))", alias);
		binds[n++] = a->person_id;
		binds[n++] = a->person_id;
	}
	buf_puts(cond, ")");
	*bind_count = n;
	return LP_OK;
}
