/* prior_learning.c: claims of outcomes already mastered
 * (see prior_learning.h) */
#include "domain/prior_learning.h"
#include "domain/audit.h"
#include "domain/authz_learning.h"
#include "domain/learning_util.h"
#include "base/timeutil.h"

#include <string.h>

#define CLAIM_COLUMNS "c.id, c.enrolment_id, c.outcome_id, c.statement, c.evidence, c.status," \
	" c.examiner_id, c.rationale, c.judged_at, c.confirmed_by, c.confirmed_at, c.created_at," \
	" o.code, o.title"

static json_t *
row_json(struct db_stmt *st)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s,"
			 " s:s, s:s}",
		"id", db_column_text(st, 0), "enrolment_id", db_column_text(st, 1),
		"outcome_id", db_column_text(st, 2), "statement", db_column_text(st, 3),
		"evidence", db_column_text(st, 4), "status", db_column_text(st, 5),
		"examiner_id", db_column_text(st, 6), "rationale", db_column_text(st, 7),
		"judged_at", db_column_text(st, 8), "confirmed_by", db_column_text(st, 9),
		"confirmed_at", db_column_text(st, 10), "created_at", db_column_text(st, 11),
		"outcome_code", db_column_text(st, 12), "outcome_title", db_column_text(st, 13));
}

static enum lp_status
load(struct ctx *ctx, const char *id, struct enrolment_ref *e, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *o = NULL;

	*out = NULL;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in first");
	if (!id || !id_is_valid(id))
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such claim");
	rc = db_prepare(ctx->db, "SELECT " CLAIM_COLUMNS " FROM prior_learning_claims c"
			" JOIN outcomes o ON o.id = c.outcome_id WHERE c.id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	step = db_step(st);
	if (step == DB_ROW)
		o = row_json(st);
	else if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (!rc && !o)
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such claim");
	if (!rc)
		rc = authz_enrolment_load(ctx, json_string_value(json_object_get(o, "enrolment_id")),
					  e);
	if (rc == LP_ENOTFOUND)
		lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such claim");
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return LP_OK;
}

enum lp_status
prior_learning_claim(struct ctx *ctx, const char *enrolment_id, const char *outcome_id,
		     const char *statement, const char *evidence, const char *examiner_id,
		     json_t **out)
{
	struct enrolment_ref e;
	char id[ID_LEN], now[TIME_RFC3339_LEN];
	const char *st_text = NULL, *ev_text = NULL;
	json_t *holder, *o;
	enum lp_status rc;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_ADD_EVIDENCE);
	if (rc)
		return rc;
	if (strcmp(e.status, "active") != 0)
		return lp_fail(ctx->err, LP_EINVAL, "enrolment_id", "the enrolment is %s", e.status);
	if (!outcome_id || !id_is_valid(outcome_id) ||
	    !lu_exists(ctx, "SELECT 1 FROM outcomes WHERE id = ? AND programme_id = ?", outcome_id,
		       e.programme_id))
		return lp_fail(ctx->err, LP_EINVAL, "outcome_id",
			       "must be an outcome of the learner's programme");
	if (!examiner_id || !id_is_valid(examiner_id) ||
	    !lu_person_has_role(ctx, examiner_id, "examiner", e.institution_id))
		return lp_fail(ctx->err, LP_EINVAL, "examiner_id",
			       "must be an examiner of the institution");
	if (lu_exists(ctx, "SELECT 1 FROM prior_learning_claims WHERE enrolment_id = ?"
		      " AND outcome_id = ? AND status <> 'rejected'", e.id, outcome_id))
		return lp_fail(ctx->err, LP_ECONFLICT, "outcome_id",
			       "this outcome has a claim already");
	holder = json_pack("{s:s?, s:s?}", "statement", statement, "evidence", evidence);
	rc = lu_text(ctx, holder, "statement", "statement", 4000, true, &st_text);
	if (!rc)
		rc = lu_text(ctx, holder, "evidence", "evidence", 20000, false, &ev_text);
	if (!rc)
		rc = lu_begin(ctx);
	if (rc) {
		json_decref(holder);
		return rc;
	}
	id_new(id);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO prior_learning_claims (id, enrolment_id, outcome_id, statement,"
		    " evidence, status, examiner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?,"
		    " 'submitted', ?, ?, ?)", "ssssssss", id, e.id, outcome_id, st_text, ev_text,
		    examiner_id, now, now);
	if (!rc) {
		json_t *ch = json_pack("{s:s, s:s, s:s}", "enrolment_id", e.id, "outcome_id",
				       outcome_id, "examiner_id", examiner_id);
		rc = audit_write(ctx, "prior_learning_claims", id, "create", ch);
		json_decref(ch);
	}
	json_decref(holder);
	rc = lu_end(ctx, rc);
	if (rc)
		return rc;
	rc = load(ctx, id, &e, &o);
	*out = o;
	return rc;
}

enum lp_status
prior_learning_judge(struct ctx *ctx, const char *id, const char *result, const char *rationale,
		     json_t **out)
{
	struct enrolment_ref e;
	char now[TIME_RFC3339_LEN];
	const char *r_text = NULL, *examiner;
	json_t *o, *holder;
	enum lp_status rc;

	*out = NULL;
	rc = load(ctx, id, &e, &o);
	if (rc)
		return rc;
	examiner = json_string_value(json_object_get(o, "examiner_id"));
	if (!ctx->actor->person_id[0] || !examiner || strcmp(examiner, ctx->actor->person_id) != 0 ||
	    !actor_has_role(ctx->actor, ROLE_EXAMINER, e.institution_id))
		rc = lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			     "only the examiner named on the claim judges it");
	else if ((e.rel & REL_COACH))
		rc = lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			     "you coach this learner: ask another examiner to judge the claim");
	else if (strcmp(json_string_value(json_object_get(o, "status")), "submitted") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, NULL, "the claim is judged already");
	else if (!result || (strcmp(result, "approved") != 0 && strcmp(result, "rejected") != 0))
		rc = lp_fail(ctx->err, LP_EINVAL, "result", "must be approved or rejected");
	json_decref(o);
	holder = json_pack("{s:s?}", "rationale", rationale);
	if (!rc)
		rc = lu_text(ctx, holder, "rationale", "rationale", 4000, true, &r_text);
	if (!rc)
		rc = lu_begin(ctx);
	if (rc) {
		json_decref(holder);
		return rc;
	}
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "UPDATE prior_learning_claims SET status = ?, rationale = ?, judged_at = ?,"
		    " version = version + 1, updated_at = ? WHERE id = ?", "sssss", result, r_text,
		    now, now, id);
	if (!rc) {
		json_t *ch = json_pack("{s:s}", "status", result);
		rc = audit_write(ctx, "prior_learning_claims", id, "judge", ch);
		json_decref(ch);
	}
	json_decref(holder);
	rc = lu_end(ctx, rc);
	return rc ? rc : load(ctx, id, &e, out);
}

enum lp_status
prior_learning_confirm(struct ctx *ctx, const char *id, json_t **out)
{
	struct enrolment_ref e;
	char now[TIME_RFC3339_LEN];
	json_t *o;
	enum lp_status rc;

	*out = NULL;
	rc = load(ctx, id, &e, &o);
	if (rc)
		return rc;
	rc = authz_enrolment(ctx, &e, LA_CONFIRM);
	if (!rc && strcmp(json_string_value(json_object_get(o, "status")), "approved") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, NULL,
			     "only a claim the examiner approved is confirmed");
	json_decref(o);
	if (!rc)
		rc = lu_begin(ctx);
	if (rc)
		return rc;
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "UPDATE prior_learning_claims SET status = 'confirmed', confirmed_by = ?,"
		    " confirmed_at = ?, version = version + 1, updated_at = ? WHERE id = ?", "ssss",
		    ctx->actor->person_id[0] ? ctx->actor->person_id : NULL, now, now, id);
	if (!rc) {
		json_t *ch = json_pack("{s:s}", "status", "confirmed");
		rc = audit_write(ctx, "prior_learning_claims", id, "confirm", ch);
		json_decref(ch);
	}
	rc = lu_end(ctx, rc);
	return rc ? rc : load(ctx, id, &e, out);
}

enum lp_status
prior_learning_list(struct ctx *ctx, const char *enrolment_id, json_t **out)
{
	struct enrolment_ref e;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *items;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_READ);
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT " CLAIM_COLUMNS " FROM prior_learning_claims c"
				" JOIN outcomes o ON o.id = c.outcome_id WHERE c.enrolment_id = ?"
				" ORDER BY o.code, c.id", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, e.id);
	items = json_array();
	while ((step = db_step(st)) == DB_ROW)
		json_array_append_new(items, row_json(st));
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return LP_OK;
}
