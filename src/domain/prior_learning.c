/* prior_learning.c: claims of outcomes already mastered
 * (see prior_learning.h) */
#include "domain/prior_learning.h"
#include "domain/state_word.h"
#include "domain/audit.h"
#include "domain/authz_learning.h"
#include "domain/evidence.h"
#include "domain/list_page.h"
#include "domain/learning_util.h"
#include "base/timeutil.h"

#include <string.h>

#define CLAIM_COLUMNS "c.id, c.enrolment_id, c.outcome_id, c.statement, c.evidence, c.status," \
	" c.examiner_id, c.rationale, c.judged_at, c.confirmed_by, c.confirmed_at, c.created_at," \
	" o.code, o.title"

/* A person's name, for lu_text_of. */
#define PERSON_NAME "SELECT given_name || ' ' || family_name FROM persons WHERE id = ?"

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

/* The checks of a new claim, before anything is written: *e is the
 * enrolment, *st_text and *ev_text the checked texts (held by holder, which
 * the caller releases). */
static enum lp_status
claim_check(struct ctx *ctx, const char *enrolment_id, const char *outcome_id,
	    const char *examiner_id, json_t *holder, struct enrolment_ref *e,
	    const char **st_text, const char **ev_text)
{
	enum lp_status rc;

	rc = authz_enrolment_load(ctx, enrolment_id, e);
	if (!rc)
		rc = authz_enrolment(ctx, e, LA_ADD_EVIDENCE);
	if (rc)
		return rc;
	if (strcmp(e->status, "active") != 0)
		return lp_fail(ctx->err, LP_EINVAL, "enrolment_id", "the enrolment is %s",
			       state_word(e->status));
	if (!outcome_id || !id_is_valid(outcome_id) ||
	    !lu_exists(ctx, "SELECT 1 FROM outcomes WHERE id = ? AND programme_id = ?", outcome_id,
		       e->programme_id))
		return lp_fail(ctx->err, LP_EINVAL, "outcome_id",
			       "must be an outcome of the learner's programme");
	if (!examiner_id || !id_is_valid(examiner_id) ||
	    !lu_person_has_role(ctx, examiner_id, "examiner", e->institution_id))
		return lp_fail(ctx->err, LP_EINVAL, "examiner_id",
			       "must be an examiner of the institution");
	if (lu_exists(ctx, "SELECT 1 FROM prior_learning_claims WHERE enrolment_id = ?"
		      " AND outcome_id = ? AND status <> 'rejected'", e->id, outcome_id))
		return lp_fail(ctx->err, LP_ECONFLICT, "outcome_id",
			       "this outcome has a claim already");
	rc = lu_text(ctx, holder, "statement", "statement", 4000, true, st_text);
	if (!rc)
		rc = lu_text(ctx, holder, "evidence", "evidence", 20000, false, ev_text);
	return rc;
}

/* Writes the checked claim in one transaction with its audit entry. */
static enum lp_status
claim_insert(struct ctx *ctx, const struct enrolment_ref *e, const char *outcome_id,
	     const char *st_text, const char *ev_text, const char *examiner_id, char *id)
{
	char now[TIME_RFC3339_LEN];
	enum lp_status rc = lu_begin(ctx);

	if (rc)
		return rc;
	id_new(id);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO prior_learning_claims (id, enrolment_id, outcome_id, statement,"
		    " evidence, status, examiner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?,"
		    " 'submitted', ?, ?, ?)", "ssssssss", id, e->id, outcome_id, st_text, ev_text,
		    examiner_id, now, now);
	if (!rc) {
		json_t *ch = json_pack("{s:s, s:s, s:s}", "enrolment_id", e->id, "outcome_id",
				       outcome_id, "examiner_id", examiner_id);
		rc = audit_write(ctx, "prior_learning_claims", id, "create", ch);
		json_decref(ch);
	}
	return lu_end(ctx, rc);
}

enum lp_status
prior_learning_claim(struct ctx *ctx, const char *enrolment_id, const char *outcome_id,
		     const char *statement, const char *evidence, const char *examiner_id,
		     json_t **out)
{
	return prior_learning_claim_with_evidence(ctx, enrolment_id, outcome_id, statement,
						  evidence, examiner_id, NULL, out);
}

enum lp_status
prior_learning_claim_with_evidence(struct ctx *ctx, const char *enrolment_id,
				   const char *outcome_id, const char *statement,
				   const char *evidence, const char *examiner_id,
				   const struct evidence_input *ev, json_t **out)
{
	struct enrolment_ref e;
	char id[ID_LEN];
	const char *st_text = NULL, *ev_text = NULL;
	json_t *holder, *piece = NULL;
	enum lp_status rc;

	*out = NULL;
	holder = json_pack("{s:s?, s:s?}", "statement", statement, "evidence",
			   evidence && *evidence ? evidence : NULL);
	rc = claim_check(ctx, enrolment_id, outcome_id, examiner_id, holder, &e, &st_text,
			 &ev_text);
	if (!rc && ev) {
		struct evidence_input in = *ev;
		in.outcome_id = outcome_id;
		rc = evidence_add(ctx, e.id, &in, &piece);
	}
	if (!rc)
		rc = claim_insert(ctx, &e, outcome_id, st_text, ev_text, examiner_id, id);
	json_decref(holder);
	if (!rc)
		rc = load(ctx, id, &e, out);
	if (!rc && piece)
		json_object_set_new(*out, "evidence_item", piece);
	else
		json_decref(piece);
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
prior_learning_get(struct ctx *ctx, const char *id, json_t **out)
{
	struct enrolment_ref e;
	json_t *o;
	enum lp_status rc;

	*out = NULL;
	rc = load(ctx, id, &e, &o);
	if (rc)
		return rc;
	rc = authz_enrolment(ctx, &e, LA_READ);
	if (rc) {
		json_decref(o);
		return rc;
	}
	json_object_set_new(o, "learner_id", json_string(e.person_id));
	json_object_set_new(o, "learner_name", json_string(lu_text_of(ctx, PERSON_NAME,
										 e.person_id)));
	json_object_set_new(o, "examiner_name", json_string(lu_text_of(ctx, PERSON_NAME,
		json_string_value(json_object_get(o, "examiner_id")))));
	json_object_set_new(o, "enrolment_status", json_string(e.status));
	*out = o;
	return LP_OK;
}

/* Runs st (bound by the caller) and gathers at most limit + 1 claims. */
static enum lp_status
gather(struct ctx *ctx, struct db_stmt *st, int limit, bool queue, json_t **out)
{
	enum db_step_result step = DB_DONE;
	json_t *items = json_array();
	int n = 0;

	while (n++ <= limit && (step = db_step(st)) == DB_ROW) {
		json_t *o = row_json(st);
		if (queue) {
			json_object_set_new(o, "learner", json_string(arena_printf(ctx->arena, "%s %s",
				db_column_text(st, 14), db_column_text(st, 15))));
			json_object_set_new(o, "waiting_for", json_string(
				strcmp(db_column_text(st, 5), "submitted") == 0 ? "judgement" :
				"confirmation"));
		}
		json_array_append_new(items, o);
	}
	return list_page_finish(ctx, st, step, items, limit, out);
}

enum lp_status
prior_learning_list_page(struct ctx *ctx, const char *enrolment_id, const struct list_page *pg,
			 json_t **out)
{
	struct enrolment_ref e;
	struct db_stmt *st;
	enum lp_status rc;
	int limit;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_READ);
	if (!rc)
		rc = list_page_check(ctx, pg, &limit);
	if (!rc)
		rc = db_prepare(ctx->db, arena_printf(ctx->arena, "SELECT " CLAIM_COLUMNS
				" FROM prior_learning_claims c JOIN outcomes o ON o.id = c.outcome_id"
				" WHERE c.enrolment_id = ? AND (CAST(? AS TEXT) IS NULL OR c.id > ?)"
				" ORDER BY c.id LIMIT %d", limit + 1), &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, e.id);
	db_bind_text(st, 2, pg ? pg->cursor : NULL);
	db_bind_text(st, 3, pg ? pg->cursor : NULL);
	rc = gather(ctx, st, limit, false, out);
	if (!rc)
		json_object_set_new(*out, "learner_name", json_string(lu_text_of(ctx, PERSON_NAME,
										   e.person_id)));
	return rc;
}

enum lp_status
prior_learning_queue(struct ctx *ctx, const struct list_page *pg, json_t **out)
{
	const struct actor *a = ctx->actor;
	struct buf sql = BUF_INIT;
	const char *binds[ACTOR_MAX_GRANTS + 4];
	int nb = 0, limit, insts = 0;
	bool everywhere = false;
	struct db_stmt *st;
	enum lp_status rc;

	*out = NULL;
	if (a->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see your queue");
	if (!actor_has_any(a, ROLE_BIT(ROLE_EXAMINER) | ROLE_BIT(ROLE_EXAM_BOARD), NULL))
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "the queue is for examiners and the exam board");
	rc = list_page_check(ctx, pg, &limit);
	if (rc)
		return rc;
	/* to judge: submitted claims naming the actor; to confirm: approved
	 * claims in the institutions where the actor sits on the exam board */
	buf_puts(&sql, "SELECT " CLAIM_COLUMNS ", p.given_name, p.family_name"
		 " FROM prior_learning_claims c JOIN outcomes o ON o.id = c.outcome_id"
		 " JOIN enrolments e ON e.id = c.enrolment_id JOIN persons p ON p.id = e.person_id"
		 " JOIN programmes pr ON pr.id = e.programme_id"
		 " WHERE ((c.status = 'submitted' AND c.examiner_id = ?)");
	binds[nb++] = a->person_id[0] ? a->person_id : "-";
	for (int i = 0; i < a->grant_count; i++)
		if (a->grants[i].role == ROLE_EXAM_BOARD) {
			if (!a->grants[i].organisation_id[0])
				everywhere = true;
			else
				binds[nb++] = a->grants[i].organisation_id, insts++;
		}
	if (everywhere) {
		nb = 1;
		buf_puts(&sql, " OR c.status = 'approved'");
	} else if (insts) {
		buf_puts(&sql, " OR (c.status = 'approved' AND pr.institution_id IN (");
		for (int i = 0; i < insts; i++)
			buf_puts(&sql, i ? ", ?" : "?");
		buf_puts(&sql, "))");
	}
	buf_printf(&sql, ") AND (CAST(? AS TEXT) IS NULL OR c.id > ?) ORDER BY c.id LIMIT %d",
		   limit + 1);
	binds[nb++] = pg ? pg->cursor : NULL;
	binds[nb++] = pg ? pg->cursor : NULL;
	rc = db_prepare(ctx->db, buf_str(&sql), &st, ctx->err);
	buf_release(&sql);
	if (rc)
		return rc;
	for (int i = 0; i < nb; i++)
		db_bind_text(st, i + 1, binds[i]);
	return gather(ctx, st, limit, true, out);
}
