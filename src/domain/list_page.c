/* list_page.c: pages of the per-enrolment lists (see list_page.h) */
#include "domain/list_page.h"
#include "domain/entity.h"

enum lp_status
list_page_check(struct ctx *ctx, const struct list_page *pg, int *limit)
{
	*limit = pg && pg->limit ? pg->limit : ENTITY_LIST_DEFAULT;
	if (*limit < 1 || *limit > ENTITY_LIST_MAX)
		return lp_fail(ctx->err, LP_EINVAL, "limit", "must be a whole number from 1 to %d",
			       ENTITY_LIST_MAX);
	if (pg && pg->cursor && !id_is_valid(pg->cursor))
		return lp_fail(ctx->err, LP_EINVAL, "cursor", "not a cursor from this list");
	return LP_OK;
}

json_t *
list_page_result(json_t *items, int limit)
{
	json_t *next = json_null();

	if (json_array_size(items) > (size_t)limit) {
		json_array_remove(items, (size_t)limit);
		next = json_incref(json_object_get(json_array_get(items, (size_t)limit - 1), "id"));
	}
	return json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
}

enum lp_status
list_page_finish(struct ctx *ctx, struct db_stmt *st, enum db_step_result step, json_t *items,
		 int limit, json_t **out)
{
	enum lp_status rc = step == DB_ERROR ? db_error(ctx->db, ctx->err) : LP_OK;

	db_reset(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = list_page_result(items, limit);
	return LP_OK;
}
