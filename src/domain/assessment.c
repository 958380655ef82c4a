/* assessment.c: judgements per outcome and their confirmation
 * (see assessment.h) */
#include "domain/assessment.h"
#include "domain/list_page.h"
#include "domain/audit.h"
#include "domain/authz_learning.h"
#include "domain/learning_util.h"
#include "base/timeutil.h"

#include <stdio.h>
#include <string.h>

struct rules {
	bool second_examiner;
	bool coach_may_examine;
};

static void
rules_of(struct ctx *ctx, const char *programme_id, struct rules *r)
{
	struct db_stmt *st;

	memset(r, 0, sizeof(*r));
	if (db_prepare(ctx->db, "SELECT second_examiner, coach_may_examine FROM"
		       " programme_assessment_rules WHERE programme_id = ?", &st, NULL))
		return;
	db_bind_text(st, 1, programme_id);
	if (db_step(st) == DB_ROW) {
		r->second_examiner = db_column_int(st, 0) != 0;
		r->coach_may_examine = db_column_int(st, 1) != 0;
	}
	db_reset(st);
}

/* Checks result, rationale and date of a judgement. */
static enum lp_status
check_judgement(struct ctx *ctx, const struct assessment_input *in, const char **rationale,
		const char **notes, char date[11])
{
	json_t *holder = json_pack("{s:s?, s:s?}", "rationale", in->rationale,
				   "internal_notes", in->internal_notes);
	enum lp_status rc = LP_OK;

	if (!in->result || (strcmp(in->result, "achieved") != 0 &&
			    strcmp(in->result, "not_yet") != 0))
		rc = lp_fail(ctx->err, LP_EINVAL, "result", "must be achieved or not_yet");
	if (!rc)
		rc = lu_text(ctx, holder, "rationale", "rationale", 4000, true, rationale);
	if (!rc)
		rc = lu_text(ctx, holder, "internal_notes", "internal_notes", 4000, false, notes);
	if (!rc && in->assessed_on && !time_is_date(in->assessed_on))
		rc = lp_fail(ctx->err, LP_EINVAL, "assessed_on", "must be a date YYYY-MM-DD");
	if (!rc) {
		if (in->assessed_on)
			snprintf(date, 11, "%s", in->assessed_on);
		else
			time_today(date);
		/* the texts live in holder: copy them to the arena */
		*rationale = arena_strdup(ctx->arena, *rationale);
		*notes = *notes ? arena_strdup(ctx->arena, *notes) : NULL;
	}
	json_decref(holder);
	return rc;
}

/* The agreement in force of enrolment that plans outcome, with the
 * outcome's examiners (arena strings); NULL when none. */
static const char *
agreement_for(struct ctx *ctx, const char *enrolment_id, const char *outcome_id,
	      const char **examiner, const char **second)
{
	struct db_stmt *st;
	const char *id = NULL;

	*examiner = *second = NULL;
	if (db_prepare(ctx->db, "SELECT ag.id, ao.examiner_id, ao.second_examiner_id"
		       " FROM agreement_outcomes ao JOIN agreements ag ON ag.id = ao.agreement_id"
		       " WHERE ag.enrolment_id = ? AND ao.outcome_id = ?"
		       " AND ag.active_version IS NOT NULL AND ag.status <> 'closed'"
		       " ORDER BY ag.id DESC", &st, NULL))
		return NULL;
	db_bind_text(st, 1, enrolment_id);
	db_bind_text(st, 2, outcome_id);
	if (db_step(st) == DB_ROW) {
		id = arena_strdup(ctx->arena, db_column_text(st, 0));
		if (!db_column_is_null(st, 1))
			*examiner = arena_strdup(ctx->arena, db_column_text(st, 1));
		if (!db_column_is_null(st, 2))
			*second = arena_strdup(ctx->arena, db_column_text(st, 2));
	}
	db_reset(st);
	return id;
}

/* The rules every judgement shares: enrolment state, examiner role, the
 * coach rule. */
static enum lp_status
may_judge(struct ctx *ctx, const struct enrolment_ref *e)
{
	struct rules r;
	enum lp_status rc = authz_enrolment(ctx, e, LA_ASSESS);

	if (rc)
		return rc;
	if (strcmp(e->status, "withdrawn") == 0 || strcmp(e->status, "graduated") == 0)
		return lp_fail(ctx->err, LP_EINVAL, "enrolment_id",
			       "the enrolment is %s: nothing is assessed any more", e->status);
	rules_of(ctx, e->programme_id, &r);
	if ((e->rel & REL_COACH) && !r.coach_may_examine)
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "you coach this learner: the programme does not let a coach "
			       "assess their own learner");
	return LP_OK;
}

#define ASSESSMENT_COLUMNS "a.id, a.enrolment_id, a.outcome_id, a.agreement_id, a.examiner_id," \
	" a.result, a.rationale, a.assessed_on, a.internal_notes, a.second_examiner_id," \
	" a.second_result, a.second_rationale, a.second_on, a.board_status, a.confirmed_by," \
	" a.confirmed_at, a.created_at, o.code, o.title"

static json_t *
row_json(struct db_stmt *st, bool internal)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?,"
			      " s:s, s:s?, s:s?, s:s, s:s, s:s}",
		"id", db_column_text(st, 0), "enrolment_id", db_column_text(st, 1),
		"outcome_id", db_column_text(st, 2), "agreement_id", db_column_text(st, 3),
		"examiner_id", db_column_text(st, 4), "result", db_column_text(st, 5),
		"rationale", db_column_text(st, 6), "assessed_on", db_column_text(st, 7),
		"second_examiner_id", db_column_text(st, 9), "second_result", db_column_text(st, 10),
		"second_rationale", db_column_text(st, 11), "second_on", db_column_text(st, 12),
		"board_status", db_column_text(st, 13), "confirmed_by", db_column_text(st, 14),
		"confirmed_at", db_column_text(st, 15), "created_at", db_column_text(st, 16),
		"outcome_code", db_column_text(st, 17), "outcome_title", db_column_text(st, 18));

	if (internal)
		json_object_set_new(o, "internal_notes", json_pack("s?", db_column_text(st, 8)));
	return o;
}

/* Loads assessment id (the actor must be related to its enrolment). */
static enum lp_status
load(struct ctx *ctx, const char *id, struct enrolment_ref *e, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *o = NULL;

	*out = NULL;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see assessments");
	if (!id || !id_is_valid(id))
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such assessment");
	rc = db_prepare(ctx->db, "SELECT " ASSESSMENT_COLUMNS " FROM assessments a JOIN outcomes o"
			" ON o.id = a.outcome_id WHERE a.id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	step = db_step(st);
	if (step == DB_ROW)
		o = row_json(st, true);
	else if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc)
		return rc;
	if (!o)
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such assessment");
	rc = authz_enrolment_load(ctx, json_string_value(json_object_get(o, "enrolment_id")), e);
	if (rc == LP_ENOTFOUND)
		lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such assessment");
	if (!rc && authz_enrolment(ctx, e, LA_READ_INTERNAL) != LP_OK) {
		lp_error_clear(ctx->err);
		json_object_del(o, "internal_notes");
	}
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return LP_OK;
}

enum lp_status
assessment_record(struct ctx *ctx, const char *enrolment_id, const struct assessment_input *in,
		  json_t **out)
{
	struct enrolment_ref e;
	char id[ID_LEN], now[TIME_RFC3339_LEN], date[11];
	const char *agreement, *examiner, *second, *rationale = NULL, *notes = NULL;
	enum lp_status rc;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = may_judge(ctx, &e);
	if (rc)
		return rc;
	if (!in->outcome_id || !id_is_valid(in->outcome_id))
		return lp_fail(ctx->err, LP_EINVAL, "outcome_id", "is not a valid id");
	agreement = agreement_for(ctx, e.id, in->outcome_id, &examiner, &second);
	if (!agreement)
		return lp_fail(ctx->err, LP_EINVAL, "outcome_id",
			       "is not an outcome of the learner's agreement in force");
	if (!examiner || strcmp(examiner, ctx->actor->person_id) != 0)
		return lp_fail(ctx->err, LP_EFORBIDDEN, "outcome_id",
			       second && strcmp(second, ctx->actor->person_id) == 0 ?
			       "you are the second examiner of this outcome; give the second "
			       "judgement on the first examiner's assessment" :
			       "you are not the examiner assigned to this outcome");
	rc = check_judgement(ctx, in, &rationale, &notes, date);
	if (!rc)
		rc = lu_begin(ctx);
	if (rc)
		return rc;
	id_new(id);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO assessments (id, enrolment_id, outcome_id, agreement_id, examiner_id,"
		    " result, rationale, assessed_on, internal_notes, second_examiner_id,"
		    " board_status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " 'pending', ?, ?)", "ssssssssssss", id, e.id, in->outcome_id, agreement,
		    ctx->actor->person_id, in->result, rationale, date, notes, second, now, now);
	if (!rc) {
		json_t *ch = json_pack("{s:s, s:s, s:s, s:s}", "enrolment_id", e.id,
				       "outcome_id", in->outcome_id, "result", in->result,
				       "assessed_on", date);
		rc = audit_write(ctx, "assessments", id, "create", ch);
		json_decref(ch);
	}
	rc = lu_end(ctx, rc);
	return rc ? rc : load(ctx, id, &e, out);
}

enum lp_status
assessment_second(struct ctx *ctx, const char *id, const struct assessment_input *in,
		  json_t **out)
{
	struct enrolment_ref e;
	char now[TIME_RFC3339_LEN], date[11];
	const char *rationale = NULL, *notes = NULL, *second;
	json_t *a;
	enum lp_status rc;

	*out = NULL;
	rc = load(ctx, id, &e, &a);
	if (rc)
		return rc;
	second = json_string_value(json_object_get(a, "second_examiner_id"));
	rc = may_judge(ctx, &e);
	if (!rc && (!second || strcmp(second, ctx->actor->person_id) != 0))
		rc = lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			     "you are not the second examiner of this outcome");
	if (!rc && json_string_value(json_object_get(a, "second_result")))
		rc = lp_fail(ctx->err, LP_ECONFLICT, NULL, "the second judgement is given already");
	json_decref(a);
	if (!rc)
		rc = check_judgement(ctx, in, &rationale, &notes, date);
	if (!rc)
		rc = lu_begin(ctx);
	if (rc)
		return rc;
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "UPDATE assessments SET second_result = ?, second_rationale = ?, second_on = ?,"
		    " version = version + 1, updated_at = ? WHERE id = ? AND second_result IS NULL",
		    "sssss", in->result, rationale, date, now, id);
	if (!rc) {
		json_t *ch = json_pack("{s:s, s:s}", "second_result", in->result, "second_on", date);
		rc = audit_write(ctx, "assessments", id, "second", ch);
		json_decref(ch);
	}
	rc = lu_end(ctx, rc);
	return rc ? rc : load(ctx, id, &e, out);
}

enum lp_status
assessment_confirm(struct ctx *ctx, const char *id, json_t **out)
{
	struct enrolment_ref e;
	struct rules r;
	char now[TIME_RFC3339_LEN];
	json_t *a;
	enum lp_status rc;

	*out = NULL;
	rc = load(ctx, id, &e, &a);
	if (rc)
		return rc;
	rules_of(ctx, e.programme_id, &r);
	rc = authz_enrolment(ctx, &e, LA_CONFIRM);
	if (!rc && !ctx->actor->person_id[0])
		rc = lp_fail(ctx->err, LP_EFORBIDDEN, NULL, "only a person confirms");
	if (!rc && strcmp(json_string_value(json_object_get(a, "board_status")), "confirmed") == 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, NULL, "the assessment is confirmed already");
	if (!rc && r.second_examiner && json_string_value(json_object_get(a,
							    "second_examiner_id")) &&
	    !json_string_value(json_object_get(a, "second_result")))
		rc = lp_fail(ctx->err, LP_EINVAL, NULL, "the second examiner has not judged yet");
	json_decref(a);
	if (!rc)
		rc = lu_begin(ctx);
	if (rc)
		return rc;
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "UPDATE assessments SET board_status = 'confirmed', confirmed_by = ?,"
		    " confirmed_at = ?, version = version + 1, updated_at = ? WHERE id = ?", "ssss",
		    ctx->actor->person_id, now, now, id);
	if (!rc) {
		json_t *ch = json_pack("{s:s}", "board_status", "confirmed");
		rc = audit_write(ctx, "assessments", id, "confirm", ch);
		json_decref(ch);
	}
	rc = lu_end(ctx, rc);
	return rc ? rc : load(ctx, id, &e, out);
}

bool
assessment_achieved(struct ctx *ctx, const char *enrolment_id, const char *outcome_id)
{
	struct db_stmt *st;
	bool found;

	if (db_prepare(ctx->db, "SELECT 1 FROM assessments WHERE enrolment_id = ?"
		       " AND outcome_id = ? AND result = 'achieved' AND (second_examiner_id IS NULL"
		       " OR second_result = 'achieved')", &st, NULL))
		return false;
	db_bind_text(st, 1, enrolment_id);
	db_bind_text(st, 2, outcome_id);
	found = db_step(st) == DB_ROW;
	db_reset(st);
	return found;
}

enum lp_status
assessment_get_rules(struct ctx *ctx, const char *programme_id, json_t **out)
{
	struct rules r;

	*out = NULL;
	if (!programme_id || !id_is_valid(programme_id) ||
	    !lu_exists(ctx, "SELECT 1 FROM programmes WHERE id = ?", programme_id, NULL))
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such programme");
	rules_of(ctx, programme_id, &r);
	*out = json_pack("{s:s, s:b, s:b}", "programme_id", programme_id,
			 "second_examiner", r.second_examiner, "coach_may_examine",
			 r.coach_may_examine);
	return LP_OK;
}

enum lp_status
assessment_set_rules(struct ctx *ctx, const char *programme_id, bool second_examiner,
		     bool coach_may_examine, json_t **out)
{
	const char *org;
	char now[TIME_RFC3339_LEN];
	enum lp_status rc;

	*out = NULL;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in first");
	org = programme_id && id_is_valid(programme_id) ?
		lu_text_of(ctx, "SELECT institution_id FROM programmes WHERE id = ?", programme_id) :
		NULL;
	if (!org)
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such programme");
	if (!actor_has_any(ctx->actor, ROLE_BIT(ROLE_PROGRAMME_MANAGER) |
			   ROLE_BIT(ROLE_INSTITUTION_ADMIN) | ROLE_BIT(ROLE_SYSTEM_ADMIN), org))
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "only the programme's managers set its assessment rules");
	rc = lu_begin(ctx);
	if (rc)
		return rc;
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO programme_assessment_rules (programme_id, second_examiner,"
		    " coach_may_examine, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (programme_id)"
		    " DO UPDATE SET second_examiner = excluded.second_examiner,"
		    " coach_may_examine = excluded.coach_may_examine,"
		    " version = programme_assessment_rules.version + 1,"
		    " updated_at = excluded.updated_at", "siis", programme_id,
		    (int64_t)second_examiner, (int64_t)coach_may_examine, now);
	if (!rc) {
		json_t *ch = json_pack("{s:b, s:b}", "second_examiner", second_examiner,
				       "coach_may_examine", coach_may_examine);
		rc = audit_write(ctx, "programme_assessment_rules", programme_id, "update", ch);
		json_decref(ch);
	}
	rc = lu_end(ctx, rc);
	return rc ? rc : assessment_get_rules(ctx, programme_id, out);
}

enum lp_status
assessment_list_page(struct ctx *ctx, const char *enrolment_id, const struct list_page *pg,
		     json_t **out)
{
	const char *cursor = pg ? pg->cursor : NULL;
	struct enrolment_ref e;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step = DB_DONE;
	bool internal, only_assigned;
	json_t *items;
	int limit, n = 0;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_READ);
	if (!rc)
		rc = list_page_check(ctx, pg, &limit);
	if (rc)
		return rc;
	internal = authz_enrolment(ctx, &e, LA_READ_INTERNAL) == LP_OK;
	lp_error_clear(ctx->err);
	only_assigned = !(e.rel & ~(unsigned)REL_EXAMINER);
	rc = db_prepare(ctx->db, arena_printf(ctx->arena, "SELECT " ASSESSMENT_COLUMNS
			" FROM assessments a JOIN outcomes o ON o.id = a.outcome_id"
			" WHERE a.enrolment_id = ? AND (CAST(? AS TEXT) IS NULL OR a.id > ?)"
			" AND (? = 0 OR EXISTS (SELECT 1 FROM agreement_outcomes ao"
			" WHERE ao.agreement_id = a.agreement_id AND ao.outcome_id = a.outcome_id"
			" AND (ao.examiner_id = ? OR ao.second_examiner_id = ?)))"
			" ORDER BY a.id LIMIT %d", limit + 1), &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, e.id);
	db_bind_text(st, 2, cursor);
	db_bind_text(st, 3, cursor);
	db_bind_int(st, 4, only_assigned);
	db_bind_text(st, 5, ctx->actor->person_id);
	db_bind_text(st, 6, ctx->actor->person_id);
	items = json_array();
	while (n++ <= limit && (step = db_step(st)) == DB_ROW)
		json_array_append_new(items, row_json(st, internal));
	return list_page_finish(ctx, st, step, items, limit, out);
}

/* Splits a queue cursor "AGREEMENT.OUTCOME" into its two ids. */
static bool
queue_cursor(const char *cursor, char agreement[ID_LEN], char outcome[ID_LEN])
{
	const char *dot = cursor ? strchr(cursor, '.') : NULL;

	if (!dot || (size_t)(dot - cursor) >= ID_LEN || strlen(dot + 1) >= ID_LEN)
		return false;
	snprintf(agreement, ID_LEN, "%.*s", (int)(dot - cursor), cursor);
	snprintf(outcome, ID_LEN, "%s", dot + 1);
	return id_is_valid(agreement) && id_is_valid(outcome);
}

enum lp_status
assessment_queue_page(struct ctx *ctx, const struct list_page *pg, json_t **out)
{
	const char *me = ctx->actor->person_id;
	char c_ag[ID_LEN] = "", c_out[ID_LEN] = "";
	const char *cursor = pg ? pg->cursor : NULL;
	struct list_page first = { NULL, pg ? pg->limit : 0 };
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step = DB_DONE;
	json_t *items;
	int limit, n = 0;

	*out = NULL;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see your queue");
	if (!actor_has_any(ctx->actor, ROLE_BIT(ROLE_EXAMINER) | ROLE_BIT(ROLE_EXAM_BOARD), NULL))
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "the queue is for examiners and the exam board");
	rc = list_page_check(ctx, &first, &limit);
	if (rc)
		return rc;
	if (cursor && !queue_cursor(cursor, c_ag, c_out))
		return lp_fail(ctx->err, LP_EINVAL, "cursor", "not a cursor from this list");
	/* in the order of agreement and outcome, for the cursor */
	rc = db_prepare(ctx->db, arena_printf(ctx->arena,
			"SELECT e.id, ao.outcome_id, o.code, o.title, p.given_name, p.family_name,"
			" ag.id, (SELECT COUNT(*) FROM evidence ev WHERE ev.enrolment_id = e.id"
			" AND ev.outcome_id = ao.outcome_id), ao.second_examiner_id = ?"
			" FROM agreement_outcomes ao JOIN agreements ag ON ag.id = ao.agreement_id"
			" JOIN enrolments e ON e.id = ag.enrolment_id JOIN outcomes o"
			" ON o.id = ao.outcome_id JOIN persons p ON p.id = e.person_id"
			" WHERE (ao.examiner_id = ? OR ao.second_examiner_id = ?) AND e.status = 'active'"
			" AND ag.status <> 'closed' AND NOT EXISTS (SELECT 1 FROM assessments a"
			" WHERE a.enrolment_id = e.id AND a.outcome_id = ao.outcome_id"
			" AND a.result = 'achieved' AND (a.second_examiner_id IS NULL"
			" OR a.second_result IS NOT NULL)) AND NOT (ao.examiner_id = ?"
			" AND EXISTS (SELECT 1 FROM assessments a WHERE a.enrolment_id = e.id"
			" AND a.outcome_id = ao.outcome_id AND a.result = 'achieved'"
			" AND a.second_examiner_id IS NOT NULL AND a.second_result IS NULL))"
			" AND (CAST(? AS TEXT) IS NULL OR ag.id > ? OR (ag.id = ? AND ao.outcome_id > ?))"
			" ORDER BY ag.id, ao.outcome_id LIMIT %d", limit + 1), &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, me);
	db_bind_text(st, 2, me);
	db_bind_text(st, 3, me);
	db_bind_text(st, 4, me);
	db_bind_text(st, 5, cursor ? c_ag : NULL);
	db_bind_text(st, 6, c_ag);
	db_bind_text(st, 7, c_ag);
	db_bind_text(st, 8, c_out);
	items = json_array();
	while (n++ <= limit && (step = db_step(st)) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s}",
			"enrolment_id", db_column_text(st, 0), "outcome_id", db_column_text(st, 1),
			"outcome_code", db_column_text(st, 2), "outcome_title", db_column_text(st, 3),
			"learner", arena_printf(ctx->arena, "%s %s", db_column_text(st, 4),
						db_column_text(st, 5)),
			"agreement_id", db_column_text(st, 6),
			"evidence_count", (json_int_t)db_column_int(st, 7),
			"as", db_column_int(st, 8) ? "second" : "first"));
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	{
		json_t *next = json_null();
		if (json_array_size(items) > (size_t)limit) {
			json_t *last = json_array_get(items, (size_t)limit - 1);
			json_array_remove(items, (size_t)limit);
			next = json_string(arena_printf(ctx->arena, "%s.%s",
				json_string_value(json_object_get(last, "agreement_id")),
				json_string_value(json_object_get(last, "outcome_id"))));
		}
		*out = json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
	}
	return LP_OK;
}

enum lp_status
assessment_confirm_page(struct ctx *ctx, const struct list_page *pg, json_t **out)
{
	const struct actor *a = ctx->actor;
	struct buf sql = BUF_INIT;
	const char *binds[ACTOR_MAX_GRANTS + 2];
	int nb = 0, limit, insts = 0, n = 0;
	bool everywhere = false;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step = DB_DONE;
	json_t *items;

	*out = NULL;
	if (a->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see your queue");
	if (!actor_has_any(a, ROLE_BIT(ROLE_EXAMINER) | ROLE_BIT(ROLE_EXAM_BOARD), NULL))
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "the queue is for examiners and the exam board");
	rc = list_page_check(ctx, pg, &limit);
	if (rc)
		return rc;
	for (int i = 0; i < a->grant_count; i++)
		if (a->grants[i].role == ROLE_EXAM_BOARD) {
			if (!a->grants[i].organisation_id[0])
				everywhere = true;
			else
				binds[nb++] = a->grants[i].organisation_id, insts++;
		}
	/* the pending assessments of the institutions of the actor's exam board */
	buf_puts(&sql, "SELECT a.id, a.enrolment_id, o.code, o.title, a.result, p.given_name,"
		 " p.family_name FROM assessments a JOIN outcomes o ON o.id = a.outcome_id"
		 " JOIN enrolments e ON e.id = a.enrolment_id JOIN persons p ON p.id = e.person_id"
		 " JOIN programmes pr ON pr.id = e.programme_id WHERE a.board_status = 'pending'");
	if (everywhere) {
		nb = 0;
	} else if (insts) {
		buf_puts(&sql, " AND pr.institution_id IN (");
		for (int i = 0; i < insts; i++)
			buf_puts(&sql, i ? ", ?" : "?");
		buf_puts(&sql, ")");
	} else {
		buf_puts(&sql, " AND 1 = 0");
	}
	buf_printf(&sql, " AND (CAST(? AS TEXT) IS NULL OR a.id > ?) ORDER BY a.id LIMIT %d",
		   limit + 1);
	binds[nb++] = pg ? pg->cursor : NULL;
	binds[nb++] = pg ? pg->cursor : NULL;
	rc = db_prepare(ctx->db, buf_str(&sql), &st, ctx->err);
	buf_release(&sql);
	if (rc)
		return rc;
	for (int i = 0; i < nb; i++)
		db_bind_text(st, i + 1, binds[i]);
	items = json_array();
	while (n++ <= limit && (step = db_step(st)) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			"id", db_column_text(st, 0), "assessment_id", db_column_text(st, 0),
			"enrolment_id", db_column_text(st, 1), "outcome_code", db_column_text(st, 2),
			"outcome_title", db_column_text(st, 3), "result", db_column_text(st, 4),
			"learner", arena_printf(ctx->arena, "%s %s", db_column_text(st, 5),
						db_column_text(st, 6))));
	return list_page_finish(ctx, st, step, items, limit, out);
}

enum lp_status
assessment_waiting_in(struct ctx *ctx, const char *enrolment_id, json_t **out)
{
	const char *me = ctx->actor->person_id;
	struct enrolment_ref e;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *items;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (rc)
		return rc;
	if (!(e.rel & REL_EXAMINER) || !me[0]) {
		*out = json_pack("{s:[]}", "items");
		return LP_OK;
	}
	/* assessment_queue_page's condition for one enrolment; an outcome appears
	 * once per agreement, so the programme's outcomes bound the rows */
	rc = db_prepare(ctx->db,
			"SELECT ao.outcome_id, o.code, o.title, ag.id, ao.second_examiner_id = ?,"
			" (SELECT a.id FROM assessments a WHERE a.enrolment_id = e.id"
			" AND a.outcome_id = ao.outcome_id AND a.second_examiner_id = ?"
			" AND a.second_result IS NULL ORDER BY a.id DESC LIMIT 1)"
			" FROM agreement_outcomes ao JOIN agreements ag ON ag.id = ao.agreement_id"
			" JOIN enrolments e ON e.id = ag.enrolment_id JOIN outcomes o"
			" ON o.id = ao.outcome_id WHERE e.id = ? AND (ao.examiner_id = ?"
			" OR ao.second_examiner_id = ?) AND e.status = 'active'"
			" AND ag.status <> 'closed' AND NOT EXISTS (SELECT 1 FROM assessments a"
			" WHERE a.enrolment_id = e.id AND a.outcome_id = ao.outcome_id"
			" AND a.result = 'achieved' AND (a.second_examiner_id IS NULL"
			" OR a.second_result IS NOT NULL)) AND NOT (ao.examiner_id = ?"
			" AND EXISTS (SELECT 1 FROM assessments a WHERE a.enrolment_id = e.id"
			" AND a.outcome_id = ao.outcome_id AND a.result = 'achieved'"
			" AND a.second_examiner_id IS NOT NULL AND a.second_result IS NULL))"
			" ORDER BY o.code, ag.id LIMIT 200", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, me);
	db_bind_text(st, 2, me);
	db_bind_text(st, 3, e.id);
	db_bind_text(st, 4, me);
	db_bind_text(st, 5, me);
	db_bind_text(st, 6, me);
	items = json_array();
	while ((step = db_step(st)) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?}",
			"outcome_id", db_column_text(st, 0), "outcome_code", db_column_text(st, 1),
			"outcome_title", db_column_text(st, 2), "agreement_id", db_column_text(st, 3),
			"as", db_column_int(st, 4) ? "second" : "first",
			"assessment_id", db_column_text(st, 5)));
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
