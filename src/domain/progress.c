/* progress.c: states per outcome, EC and diploma eligibility
 * (see progress.h) */
#include "domain/progress.h"
#include "domain/assessment.h"
#include "domain/audit.h"
#include "domain/authz_learning.h"
#include "domain/learning_util.h"
#include "base/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds to set (an object) the ids or codes that the query, with enrolment
 * bound to every `?` (count of them), gives in column 0, valued by col 1. */
static enum lp_status
collect(struct ctx *ctx, const char *sql, const char *a, const char *b, json_t *set)
{
	struct db_stmt *st;
	enum lp_status rc = db_prepare(ctx->db, sql, &st, ctx->err);
	enum db_step_result step;

	if (rc)
		return rc;
	db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	while ((step = db_step(st)) == DB_ROW)
		json_object_set_new(set, db_column_text(st, 0),
				    db_column_count(st) > 1 && !db_column_is_null(st, 1) ?
				    json_string(db_column_text(st, 1)) : json_true());
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

/* Adds the outcomes planned in draft or proposed versions. */
static enum lp_status
collect_planned(struct ctx *ctx, const char *enrolment_id, json_t *set)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	rc = db_prepare(ctx->db, "SELECT v.content FROM agreements a JOIN agreement_versions v"
			" ON v.agreement_id = a.id AND v.number = a.current_version"
			" WHERE a.enrolment_id = ? AND a.status IN ('draft', 'proposed')", &st,
			ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, enrolment_id);
	while ((step = db_step(st)) == DB_ROW) {
		json_t *c = json_loads(db_column_text(st, 0), 0, NULL), *o;
		size_t i;
		json_array_foreach(json_object_get(c, "outcomes"), i, o) {
			const char *id = json_string_value(json_object_get(o, "outcome_id"));
			if (id)
				json_object_set_new(set, id, json_true());
		}
		json_decref(c);
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

/* Computes the progress of an enrolment already loaded and allowed. */
static enum lp_status
compute(struct ctx *ctx, const struct enrolment_ref *e, json_t **out)
{
	json_t *recognised = json_object(), *achieved = json_object(), *carried = json_object();
	json_t *carried_rec = json_object(), *evidence = json_object(), *inforce = json_object();
	json_t *planned = json_object(), *items = json_array();
	const char *line = lu_text_of(ctx, "SELECT learning_line FROM programmes WHERE id = ?",
				      e->programme_id);
	const char *pname = lu_text_of(ctx, "SELECT name FROM programmes WHERE id = ?",
				       e->programme_id);
	const char *total = lu_text_of(ctx, "SELECT total_ec FROM programmes WHERE id = ?",
				       e->programme_id);
	struct db_stmt *st;
	enum db_step_result step;
	enum lp_status rc;
	long long ec_total = total ? strtoll(total, NULL, 10) : 0, ec_done = 0;
	bool eligible = true;
	int count = 0;

	rc = collect(ctx, "SELECT outcome_id FROM prior_learning_claims WHERE enrolment_id = ?"
		     " AND status = 'confirmed'", e->id, NULL, recognised);
	if (!rc)
		rc = collect(ctx, "SELECT outcome_id FROM assessments WHERE enrolment_id = ?"
			     " AND result = 'achieved' AND (second_examiner_id IS NULL"
			     " OR second_result = 'achieved')", e->id, NULL, achieved);
	if (!rc)
		rc = collect(ctx, "SELECT outcome_id, COUNT(*) FROM evidence WHERE enrolment_id = ?"
			     " GROUP BY outcome_id", e->id, NULL, evidence);
	if (!rc)
		rc = collect(ctx, "SELECT ao.outcome_id FROM agreement_outcomes ao JOIN agreements a"
			     " ON a.id = ao.agreement_id WHERE a.enrolment_id = ?"
			     " AND a.active_version IS NOT NULL", e->id, NULL, inforce);
	if (!rc)
		rc = collect_planned(ctx, e->id, planned);
	if (!rc && line) {
		/* the same person, another programme on the same learning line */
		rc = collect(ctx, "SELECT o2.code, p2.name FROM enrolments e2 JOIN programmes p2"
			     " ON p2.id = e2.programme_id JOIN outcomes o2 ON o2.programme_id = p2.id"
			     " JOIN assessments a ON a.enrolment_id = e2.id AND a.outcome_id = o2.id"
			     " WHERE e2.person_id = ? AND p2.learning_line = ? AND a.result = 'achieved'"
			     " AND (a.second_examiner_id IS NULL OR a.second_result = 'achieved')",
			     e->person_id, line, carried);
		if (!rc)
			rc = collect(ctx, "SELECT o2.code, p2.name FROM enrolments e2 JOIN programmes p2"
				     " ON p2.id = e2.programme_id JOIN outcomes o2"
				     " ON o2.programme_id = p2.id JOIN prior_learning_claims c"
				     " ON c.enrolment_id = e2.id AND c.outcome_id = o2.id"
				     " WHERE e2.person_id = ? AND p2.learning_line = ?"
				     " AND c.status = 'confirmed'", e->person_id, line, carried_rec);
	}
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT id, code, title, ec, programme_id FROM outcomes"
				" WHERE programme_id = ? ORDER BY code", &st, ctx->err);
	if (!rc) {
		db_bind_text(st, 1, e->programme_id);
		while ((step = db_step(st)) == DB_ROW) {
			const char *id = db_column_text(st, 0), *code = db_column_text(st, 1);
			const char *state = "open", *source = NULL, *from = NULL;
			long long ec = db_column_int(st, 3);
			json_t *n = json_object_get(evidence, id);
			long long ev = n ? strtoll(json_string_value(n), NULL, 10) : 0;
			if (json_object_get(recognised, id)) {
				state = "recognised", source = "recognised";
			} else if (json_object_get(achieved, id)) {
				state = "achieved", source = "assessed";
			} else if (json_object_get(carried_rec, code)) {
				state = "recognised", source = "carried_over";
				from = json_string_value(json_object_get(carried_rec, code));
			} else if (json_object_get(carried, code)) {
				state = "achieved", source = "carried_over";
				from = json_string_value(json_object_get(carried, code));
			} else if (ev > 0) {
				state = "evidence_submitted";
			} else if (json_object_get(inforce, id)) {
				state = "in_progress";
			} else if (json_object_get(planned, id)) {
				state = "planned";
			}
			if (source)
				ec_done += ec;
			else
				eligible = false;
			count++;
			json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:f, s:s, s:s?, s:s?,"
				" s:I, s:b}", "outcome_id", id, "code", code,
				"title", db_column_text(st, 2), "ec", (double)ec / 10.0,
				"state", state, "source", source, "carried_from", from,
				"evidence_count", (json_int_t)ev,
				"in_agreement", json_object_get(inforce, id) != NULL));
		}
		if (step == DB_ERROR)
			rc = db_error(ctx->db, ctx->err);
		db_reset(st);
	}
	json_decref(recognised);
	json_decref(achieved);
	json_decref(carried);
	json_decref(carried_rec);
	json_decref(evidence);
	json_decref(inforce);
	json_decref(planned);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:f, s:f, s:I, s:I, s:I, s:b, s:o, s:s?}",
		"enrolment_id", e->id, "programme_id", e->programme_id, "programme_name", pname,
		"person_id", e->person_id, "status", e->status,
		"ec_total", (double)ec_total / 10.0, "ec_achieved", (double)ec_done / 10.0,
		"ec_total_tenths", (json_int_t)ec_total, "ec_achieved_tenths", (json_int_t)ec_done,
		"percent", (json_int_t)(ec_total > 0 ? ec_done * 100 / ec_total : 0),
		"eligible", eligible && count > 0, "outcomes", items, "learner_name",
		lu_text_of(ctx, "SELECT given_name || ' ' || family_name FROM persons WHERE id = ?",
			   e->person_id));
	return LP_OK;
}

enum lp_status
progress_get(struct ctx *ctx, const char *enrolment_id, json_t **out)
{
	struct enrolment_ref e;
	enum lp_status rc;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_READ);
	return rc ? rc : compute(ctx, &e, out);
}

enum lp_status
progress_graduate(struct ctx *ctx, const char *enrolment_id, json_t **out)
{
	struct enrolment_ref e;
	char now[TIME_RFC3339_LEN];
	json_t *p = NULL, *ch;
	enum lp_status rc;

	*out = NULL;
	rc = lu_begin(ctx);
	if (rc)
		return rc;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_CONFIRM);
	if (!rc && strcmp(e.status, "active") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "status", "the enrolment is %s", e.status);
	if (!rc)
		rc = compute(ctx, &e, &p);
	if (!rc && !json_is_true(json_object_get(p, "eligible")))
		rc = lp_fail(ctx->err, LP_EINVAL, "enrolment_id",
			     "not every outcome is achieved or recognised yet");
	json_decref(p);
	time_now_rfc3339(now);
	if (!rc)
		rc = db_run(ctx->db, ctx->err, NULL,
			    "UPDATE enrolments SET status = 'graduated', version = version + 1,"
			    " updated_at = ? WHERE id = ? AND status = 'active'", "ss", now, e.id);
	if (!rc) {
		ch = json_pack("{s:s}", "status", "graduated");
		rc = audit_write(ctx, "enrolments", e.id, "graduate", ch);
		json_decref(ch);
	}
	rc = lu_end(ctx, rc);
	if (rc)
		return rc;
	return progress_get(ctx, enrolment_id, out);
}
