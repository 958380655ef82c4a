/* progress.c: states per outcome, EC and diploma eligibility
 * (see progress.h) */
#include "domain/progress.h"
#include "domain/state_word.h"
#include "domain/assessment.h"
#include "domain/audit.h"
#include "domain/authz_learning.h"
#include "domain/learning_util.h"
#include "base/json_read.h"
#include "base/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One set the progress is worked out from: outcome ids (or codes, for
 * carry-over) with a text (the programme carried from) or a count (pieces
 * of evidence). A few dozen at most, so a list searched from the start;
 * as with the JSON objects these were before, a key given twice keeps its
 * first place and takes the last value. */
struct set_item {
	const char *key;
	const char *text;
	long long count;
};
struct set {
	struct set_item *items;
	size_t len, cap;
};

static struct set_item *
set_find(const struct set *set, const char *key)
{
	for (size_t i = 0; key && i < set->len; i++)
		if (strcmp(set->items[i].key, key) == 0)
			return &set->items[i];
	return NULL;
}

/* Adds key (copied into the arena) with text and count, or replaces them. */
static void
set_put(struct arena *arena, struct set *set, const char *key, const char *text,
	long long count)
{
	struct set_item *it;

	if (!key)
		return;
	it = set_find(set, key);
	if (!it) {
		if (set->len == set->cap) {
			size_t cap = set->cap ? set->cap * 2 : 16;
			struct set_item *grown = arena_alloc(arena, cap * sizeof(*grown));
			if (set->len)
				memcpy(grown, set->items, set->len * sizeof(*grown));
			set->items = grown;
			set->cap = cap;
		}
		it = &set->items[set->len++];
		it->key = arena_strdup(arena, key);
	}
	it->text = text ? arena_strdup(arena, text) : NULL;
	it->count = count;
}

struct planned_walk {
	struct arena *arena;
	struct set *set;
};

static void
planned_id(void *data, const char *s, size_t len)
{
	struct planned_walk *w = data;

	set_put(w->arena, w->set, arena_strndup(w->arena, s, len), NULL, 0);
}

/* Adds the outcomes planned in the content (JSON text) of a draft or
 * proposed version: walked without building it where json_read_strings
 * can, read as a whole otherwise. */
static void
add_planned(struct arena *arena, struct set *planned, const char *content)
{
	struct planned_walk w = { arena, planned };
	json_t *c, *o;
	size_t i;

	if (json_read_strings(content, "outcomes", "outcome_id", planned_id, &w))
		return;
	c = json_read(content);
	json_array_foreach(json_object_get(c, "outcomes"), i, o)
		set_put(arena, planned, json_string_value(json_object_get(o, "outcome_id")), NULL, 0);
	json_decref(c);
}

/* The sets of one enrolment, in one query: confirmed prior learning (r),
 * achieving judgements (a; by both examiners where two judge), evidence
 * per outcome (e), outcomes of the agreement in force (i), the contents of
 * draft and proposed versions (p), and, for the same person in another
 * programme on the same learning line, outcome codes achieved (c) and
 * recognised (C) with that programme's name. No learning line: no c, C. */
struct sets {
	struct set recognised, achieved, evidence, inforce, planned, carried, carried_rec;
};

/* The parts of the sets query about the enrolment itself (r, a, e, i, p)
 * and about the person's other programmes on the same learning line (c,
 * C), which can only give rows when the programme has a line. */
#define SETS_OWN                                                                             \
	"SELECT 'r', outcome_id, CAST(NULL AS TEXT), 0 FROM prior_learning_claims"           \
	" WHERE enrolment_id = ? AND status = 'confirmed'"                                   \
	" UNION ALL SELECT 'a', outcome_id, CAST(NULL AS TEXT), 0 FROM assessments"          \
	" WHERE enrolment_id = ? AND result = 'achieved' AND (second_examiner_id IS NULL"    \
	" OR second_result = 'achieved')"                                                    \
	" UNION ALL SELECT 'e', outcome_id, CAST(NULL AS TEXT), COUNT(*) FROM evidence"      \
	" WHERE enrolment_id = ? GROUP BY outcome_id"                                        \
	" UNION ALL SELECT 'i', ao.outcome_id, CAST(NULL AS TEXT), 0"                        \
	" FROM agreement_outcomes ao JOIN agreements a ON a.id = ao.agreement_id"            \
	" WHERE a.enrolment_id = ? AND a.active_version IS NOT NULL"                         \
	" UNION ALL SELECT 'p', CAST(NULL AS TEXT), v.content, 0 FROM agreements a"          \
	" JOIN agreement_versions v ON v.agreement_id = a.id AND v.number = a.current_version" \
	" WHERE a.enrolment_id = ? AND a.status IN ('draft', 'proposed')"
#define SETS_CARRIED                                                                         \
	" UNION ALL SELECT 'c', o2.code, p2.name, 0 FROM enrolments e2 JOIN programmes p2"   \
	" ON p2.id = e2.programme_id JOIN outcomes o2 ON o2.programme_id = p2.id"            \
	" JOIN assessments a ON a.enrolment_id = e2.id AND a.outcome_id = o2.id"             \
	" WHERE e2.person_id = ? AND p2.learning_line = ? AND a.result = 'achieved'"         \
	" AND (a.second_examiner_id IS NULL OR a.second_result = 'achieved')"                \
	" UNION ALL SELECT 'C', o2.code, p2.name, 0 FROM enrolments e2 JOIN programmes p2"   \
	" ON p2.id = e2.programme_id JOIN outcomes o2 ON o2.programme_id = p2.id"            \
	" JOIN prior_learning_claims c ON c.enrolment_id = e2.id AND c.outcome_id = o2.id"   \
	" WHERE e2.person_id = ? AND p2.learning_line = ? AND c.status = 'confirmed'"

static enum lp_status
collect_sets(struct ctx *ctx, const struct enrolment_ref *e, const char *line, struct sets *s)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	/* no learning line: c and C would only cost their joins (a third of
	 * the query), so they are left out */
	rc = db_prepare(ctx->db, line ? SETS_OWN SETS_CARRIED : SETS_OWN, &st, ctx->err);
	if (rc)
		return rc;
	for (int i = 1; i <= 5; i++)
		db_bind_text(st, i, e->id);
	if (line) {
		db_bind_text(st, 6, e->person_id);
		db_bind_text(st, 7, line);
		db_bind_text(st, 8, e->person_id);
		db_bind_text(st, 9, line);
	}
	while ((step = db_step(st)) == DB_ROW) {
		const char *kind = db_column_text(st, 0), *key = db_column_text(st, 1);
		const char *text = db_column_text(st, 2);
		long long n = db_column_int(st, 3);
		switch (kind ? kind[0] : 0) {
		case 'r': set_put(ctx->arena, &s->recognised, key, NULL, 0); break;
		case 'a': set_put(ctx->arena, &s->achieved, key, NULL, 0); break;
		case 'e': set_put(ctx->arena, &s->evidence, key, NULL, n); break;
		case 'i': set_put(ctx->arena, &s->inforce, key, NULL, 0); break;
		case 'p': add_planned(ctx->arena, &s->planned, text); break;
		case 'c': set_put(ctx->arena, &s->carried, key, text, 0); break;
		case 'C': set_put(ctx->arena, &s->carried_rec, key, text, 0); break;
		default: break;
		}
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

/* A text member, or null for NULL. */
static json_t *
text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Works out the progress of an enrolment already loaded and allowed into
 * *out (strings and outcomes in the arena). */
static enum lp_status
load(struct ctx *ctx, const struct enrolment_ref *e, struct progress *out)
{
	struct sets s;
	const char *line = NULL;
	struct db_stmt *st;
	enum db_step_result step;
	enum lp_status rc;
	size_t cap = 0;
	bool eligible = true;

	memset(&s, 0, sizeof(s));
	memset(out, 0, sizeof(*out));
	out->enrolment_id = arena_strdup(ctx->arena, e->id);
	out->programme_id = arena_strdup(ctx->arena, e->programme_id);
	out->person_id = arena_strdup(ctx->arena, e->person_id);
	out->status = arena_strdup(ctx->arena, e->status);
	/* the programme and the learner's name */
	rc = db_prepare(ctx->db, "SELECT (SELECT learning_line FROM programmes WHERE id = ?),"
			" (SELECT name FROM programmes WHERE id = ?),"
			" (SELECT total_ec FROM programmes WHERE id = ?),"
			" (SELECT given_name || ' ' || family_name FROM persons WHERE id = ?)",
			&st, ctx->err);
	if (!rc) {
		for (int i = 1; i <= 3; i++)
			db_bind_text(st, i, e->programme_id);
		db_bind_text(st, 4, e->person_id);
		step = db_step(st);
		if (step == DB_ROW) {
			if (!db_column_is_null(st, 0))
				line = arena_strdup(ctx->arena, db_column_text(st, 0));
			if (!db_column_is_null(st, 1))
				out->programme_name = arena_strdup(ctx->arena, db_column_text(st, 1));
			if (!db_column_is_null(st, 2))
				out->ec_total = strtoll(db_column_text(st, 2), NULL, 10);
			if (!db_column_is_null(st, 3))
				out->learner_name = arena_strdup(ctx->arena, db_column_text(st, 3));
		} else if (step == DB_ERROR) {
			rc = db_error(ctx->db, ctx->err);
		}
		db_reset(st);
	}
	if (!rc)
		rc = collect_sets(ctx, e, line, &s);
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT id, code, title, ec, programme_id FROM outcomes"
				" WHERE programme_id = ? ORDER BY code", &st, ctx->err);
	if (!rc) {
		db_bind_text(st, 1, e->programme_id);
		while ((step = db_step(st)) == DB_ROW) {
			const char *id = db_column_text(st, 0), *code = db_column_text(st, 1);
			const struct set_item *n = set_find(&s.evidence, id), *c;
			struct progress_outcome *o;
			if (out->count == cap) {
				struct progress_outcome *grown;
				cap = cap ? cap * 2 : 16;
				grown = arena_alloc(ctx->arena, cap * sizeof(*grown));
				if (out->count)
					memcpy(grown, out->outcomes, out->count * sizeof(*grown));
				out->outcomes = grown;
			}
			o = &out->outcomes[out->count++];
			memset(o, 0, sizeof(*o));
			o->outcome_id = arena_strdup(ctx->arena, id);
			o->code = arena_strdup(ctx->arena, code);
			o->title = arena_strdup(ctx->arena, db_column_text(st, 2));
			o->ec = db_column_int(st, 3);
			o->evidence_count = n ? n->count : 0;
			o->in_agreement = set_find(&s.inforce, id) != NULL;
			o->state = "open";
			if (set_find(&s.recognised, id)) {
				o->state = "recognised", o->source = "recognised";
			} else if (set_find(&s.achieved, id)) {
				o->state = "achieved", o->source = "assessed";
			} else if ((c = set_find(&s.carried_rec, code)) != NULL) {
				o->state = "recognised", o->source = "carried_over";
				o->carried_from = c->text;
			} else if ((c = set_find(&s.carried, code)) != NULL) {
				o->state = "achieved", o->source = "carried_over";
				o->carried_from = c->text;
			} else if (o->evidence_count > 0) {
				o->state = "evidence_submitted";
			} else if (o->in_agreement) {
				o->state = "in_progress";
			} else if (set_find(&s.planned, id)) {
				o->state = "planned";
			}
			if (o->source)
				out->ec_achieved += o->ec;
			else
				eligible = false;
		}
		if (step == DB_ERROR)
			rc = db_error(ctx->db, ctx->err);
		db_reset(st);
	}
	if (rc)
		return rc;
	out->percent = out->ec_total > 0 ? out->ec_achieved * 100 / out->ec_total : 0;
	out->eligible = eligible && out->count > 0;
	return LP_OK;
}

json_t *
progress_json(const struct progress *p)
{
	json_t *items = json_array(), *o;

	for (size_t i = 0; i < p->count; i++) {
		const struct progress_outcome *x = &p->outcomes[i];
		o = json_object();
		json_object_set_new_nocheck(o, "outcome_id", json_string(x->outcome_id));
		json_object_set_new_nocheck(o, "code", json_string(x->code));
		json_object_set_new_nocheck(o, "title", json_string(x->title));
		json_object_set_new_nocheck(o, "ec", json_real((double)x->ec / 10.0));
		json_object_set_new_nocheck(o, "state", json_string(x->state));
		json_object_set_new_nocheck(o, "source", text_or_null(x->source));
		json_object_set_new_nocheck(o, "carried_from", text_or_null(x->carried_from));
		json_object_set_new_nocheck(o, "evidence_count", json_integer(x->evidence_count));
		json_object_set_new_nocheck(o, "in_agreement", json_boolean(x->in_agreement));
		json_array_append_new(items, o);
	}
	o = json_object();
	json_object_set_new_nocheck(o, "enrolment_id", json_string(p->enrolment_id));
	json_object_set_new_nocheck(o, "programme_id", json_string(p->programme_id));
	json_object_set_new_nocheck(o, "programme_name", text_or_null(p->programme_name));
	json_object_set_new_nocheck(o, "person_id", json_string(p->person_id));
	json_object_set_new_nocheck(o, "status", json_string(p->status));
	json_object_set_new_nocheck(o, "ec_total", json_real((double)p->ec_total / 10.0));
	json_object_set_new_nocheck(o, "ec_achieved", json_real((double)p->ec_achieved / 10.0));
	json_object_set_new_nocheck(o, "ec_total_tenths", json_integer(p->ec_total));
	json_object_set_new_nocheck(o, "ec_achieved_tenths", json_integer(p->ec_achieved));
	json_object_set_new_nocheck(o, "percent", json_integer(p->percent));
	json_object_set_new_nocheck(o, "eligible", json_boolean(p->eligible));
	json_object_set_new_nocheck(o, "outcomes", items);
	json_object_set_new_nocheck(o, "learner_name", text_or_null(p->learner_name));
	return o;
}

/* The progress of an enrolment already loaded and allowed, as JSON. */
static enum lp_status
compute(struct ctx *ctx, const struct enrolment_ref *e, json_t **out)
{
	struct progress p;
	enum lp_status rc = load(ctx, e, &p);

	if (!rc)
		*out = progress_json(&p);
	return rc;
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
progress_load(struct ctx *ctx, const struct enrolment_ref *e, struct progress *out)
{
	enum lp_status rc = authz_enrolment(ctx, e, LA_READ);

	return rc ? rc : load(ctx, e, out);
}

enum lp_status
progress_of(struct ctx *ctx, const struct enrolment_ref *e, json_t **out)
{
	enum lp_status rc;

	*out = NULL;
	rc = authz_enrolment(ctx, e, LA_READ);
	return rc ? rc : compute(ctx, e, out);
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
		rc = lp_fail(ctx->err, LP_ECONFLICT, "status", "the enrolment is %s",
			     state_word(e.status));
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

enum lp_status
progress_outline_load(struct ctx *ctx, const struct enrolment_ref *e, struct progress *out)
{
	struct db_stmt *st;
	enum db_step_result step;
	enum lp_status rc;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	rc = authz_enrolment(ctx, e, LA_READ);
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT id, code, title, ec FROM outcomes"
				" WHERE programme_id = ? ORDER BY code", &st, ctx->err);
	if (rc)
		return rc;
	out->enrolment_id = arena_strdup(ctx->arena, e->id);
	out->programme_id = arena_strdup(ctx->arena, e->programme_id);
	out->person_id = arena_strdup(ctx->arena, e->person_id);
	out->status = arena_strdup(ctx->arena, e->status);
	db_bind_text(st, 1, e->programme_id);
	while ((step = db_step(st)) == DB_ROW) {
		struct progress_outcome *o;
		if (out->count == cap) {
			struct progress_outcome *grown;
			cap = cap ? cap * 2 : 16;
			grown = arena_alloc(ctx->arena, cap * sizeof(*grown));
			if (out->count)
				memcpy(grown, out->outcomes, out->count * sizeof(*grown));
			out->outcomes = grown;
		}
		o = &out->outcomes[out->count++];
		memset(o, 0, sizeof(*o));
		o->outcome_id = arena_strdup(ctx->arena, db_column_text(st, 0));
		o->code = arena_strdup(ctx->arena, db_column_text(st, 1));
		o->title = arena_strdup(ctx->arena, db_column_text(st, 2));
		o->ec = db_column_int(st, 3);
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc)
		return rc;
	out->learner_name = lu_text_of(ctx, "SELECT given_name || ' ' || family_name FROM persons"
				       " WHERE id = ?", e->person_id);
	return LP_OK;
}
