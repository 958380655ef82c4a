/* employment_own.c: the actor's own employments (see employment_own.h) */
#include "domain/employment_own.h"
#include "db/db.h"

#include <string.h>

/* A text member, or null for NULL. */
static json_t *
text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

enum lp_status
employment_own_list(struct ctx *ctx, size_t max, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *items;

	*out = NULL;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see employments");
	items = json_array();
	if (!ctx->actor->person_id[0] || max == 0) {
		*out = items;
		return LP_OK;
	}
	rc = db_prepare(ctx->db, "SELECT id, employer_id, job_title, start_date, end_date"
			" FROM employments WHERE person_id = ?", &st, ctx->err);
	if (rc) {
		json_decref(items);
		return rc;
	}
	db_bind_text(st, 1, ctx->actor->person_id);
	while ((step = db_step(st)) == DB_ROW) {
		const char *id = db_column_text(st, 0);
		size_t at = json_array_size(items);
		json_t *o;

		/* in id order, the smallest max kept (a person has a few) */
		while (at > 0 && strcmp(json_string_value(json_object_get(
			json_array_get(items, at - 1), "id")), id) > 0)
			at--;
		if (at == max)
			continue;
		if (json_array_size(items) == max)
			json_array_remove(items, max - 1);
		o = json_object();
		json_object_set_new_nocheck(o, "id", json_string(id));
		json_object_set_new_nocheck(o, "employer_id", text_or_null(db_column_text(st, 1)));
		json_object_set_new_nocheck(o, "job_title", text_or_null(db_column_text(st, 2)));
		json_object_set_new_nocheck(o, "start_date", text_or_null(db_column_text(st, 3)));
		json_object_set_new_nocheck(o, "end_date", text_or_null(db_column_text(st, 4)));
		json_array_insert_new(items, at, o);
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = items;
	return LP_OK;
}
