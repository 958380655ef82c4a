/* coaching.c: the coaching log (see coaching.h) */
#include "domain/coaching.h"
#include "domain/list_page.h"
#include "domain/audit.h"
#include "domain/authz_learning.h"
#include "domain/learning_util.h"
#include "base/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum lp_status
coaching_add(struct ctx *ctx, const char *enrolment_id, const json_t *input, json_t **out)
{
	static const char *const keys[] = { "kind", "held_on", "present", "notes", "next_steps",
					    NULL };
	struct enrolment_ref e;
	char id[ID_LEN], now[TIME_RFC3339_LEN];
	const char *kind = NULL, *held = NULL, *notes = NULL, *next = NULL;
	const json_t *present, *v;
	json_t *names = json_array(), *entry;
	char *present_text = NULL;
	enum lp_status rc;
	size_t i;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_COACHING_WRITE);
	if (!rc)
		rc = lu_only_keys(ctx, input, keys, "body");
	if (!rc)
		rc = lu_text(ctx, input, "kind", "kind", 20, true, &kind);
	if (!rc && strcmp(kind, "meeting") != 0 && strcmp(kind, "company_visit") != 0 &&
	    strcmp(kind, "evaluation") != 0)
		rc = lp_fail(ctx->err, LP_EINVAL, "kind",
			     "must be meeting, company_visit or evaluation");
	if (!rc)
		rc = lu_text(ctx, input, "held_on", "held_on", 10, true, &held);
	if (!rc && !time_is_date(held))
		rc = lp_fail(ctx->err, LP_EINVAL, "held_on", "must be a date YYYY-MM-DD");
	if (!rc)
		rc = lu_text(ctx, input, "notes", "notes", 10000, true, &notes);
	if (!rc)
		rc = lu_text(ctx, input, "next_steps", "next_steps", 4000, false, &next);
	present = json_object_get(input, "present");
	if (!rc && present && !json_is_array(present))
		rc = lp_fail(ctx->err, LP_EINVAL, "present", "must be a list of names");
	if (!rc && json_array_size(present) > 20)
		rc = lp_fail(ctx->err, LP_EINVAL, "present", "must have at most 20 names");
	json_array_foreach(present, i, v) {
		json_t *holder;
		const char *name = NULL;
		if (rc)
			break;
		holder = json_pack("{s:O}", "name", v);
		rc = lu_text(ctx, holder, "name", "present", 100, true, &name);
		if (!rc)
			json_array_append_new(names, json_string(name));
		json_decref(holder);
	}
	if (!rc)
		rc = lu_begin(ctx);
	if (rc) {
		json_decref(names);
		return rc;
	}
	present_text = json_dumps(names, JSON_COMPACT);
	id_new(id);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO coaching_log (id, enrolment_id, kind, held_on, present, notes,"
		    " next_steps, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "sssssssss", id, e.id, kind, held, present_text, notes, next,
		    ctx->actor->account_id[0] ? ctx->actor->account_id : NULL, now);
	entry = json_pack("{s:s, s:s, s:s, s:s, s:O, s:s, s:s?, s:s}", "id", id,
			  "enrolment_id", e.id, "kind", kind, "held_on", held, "present", names,
			  "notes", notes, "next_steps", next, "created_at", now);
	if (!rc)
		rc = audit_write(ctx, "coaching_log", id, "create", entry);
	free(present_text);
	json_decref(names);
	rc = lu_end(ctx, rc);
	if (rc) {
		json_decref(entry);
		return rc;
	}
	*out = entry;
	return LP_OK;
}

enum lp_status
coaching_list_page(struct ctx *ctx, const char *enrolment_id, const struct list_page *pg,
		   json_t **out)
{
	const char *cursor = pg ? pg->cursor : NULL;
	struct enrolment_ref e;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step = DB_DONE;
	json_t *items;
	int limit, n = 0;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_COACHING_READ);
	if (!rc)
		rc = list_page_check(ctx, pg, &limit);
	/* newest first: the next page holds the entries made before */
	if (!rc)
		rc = db_prepare(ctx->db, arena_printf(ctx->arena, "SELECT id, kind, held_on, present,"
				" notes, next_steps, created_at FROM coaching_log WHERE enrolment_id = ?"
				" AND (CAST(? AS TEXT) IS NULL OR id < ?) ORDER BY id DESC LIMIT %d",
				limit + 1), &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, e.id);
	db_bind_text(st, 2, cursor);
	db_bind_text(st, 3, cursor);
	items = json_array();
	while (n++ <= limit && (step = db_step(st)) == DB_ROW) {
		json_t *present = json_loads(db_column_text(st, 3), 0, NULL);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s?, s:s}",
			"id", db_column_text(st, 0), "enrolment_id", e.id,
			"kind", db_column_text(st, 1), "held_on", db_column_text(st, 2),
			"present", present ? present : json_array(), "notes", db_column_text(st, 4),
			"next_steps", db_column_text(st, 5), "created_at", db_column_text(st, 6)));
	}
	return list_page_finish(ctx, st, step, items, limit, out);
}
