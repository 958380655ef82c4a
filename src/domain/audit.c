/* audit.c: the append-only record of every write
 *
 * The table refuses UPDATE and DELETE by trigger (migration 0001), so not
 * even a bug in leerpad can rewrite history.
 */
#include "domain/audit.h"
#include "base/id.h"
#include "base/timeutil.h"

#include <stdlib.h>

enum lp_status
audit_write(struct ctx *ctx, const char *entity, const char *entity_id, const char *action,
	    const json_t *changes)
{
	char id[ID_LEN], now[TIME_RFC3339_LEN];
	char *text = json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS);
	enum lp_status rc;

	id_new(id);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO audit_log (id, at, actor_id, entity, entity_id, action, changes)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?)", "sssssss", id, now,
		    actor_audit_id(ctx->actor), entity, entity_id, action, text ? text : "{}");
	free(text);
	return rc;
}

enum lp_status
audit_list(struct ctx *ctx, const char *entity, const char *entity_id, const char *before,
	   json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *items;
	const char *last = NULL;
	int count = 0;

	*out = NULL;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to read the audit log");
	if (!actor_has_role(ctx->actor, ROLE_SYSTEM_ADMIN, NULL))
		return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
			       "only system administrators read the audit log");
	if (before && !id_is_valid(before))
		return lp_fail(ctx->err, LP_EINVAL, "cursor", "not a cursor from this list");
	rc = db_prepare(ctx->db,
			"SELECT id, at, actor_id, entity, entity_id, action, changes FROM audit_log"
			" WHERE (CAST(? AS TEXT) IS NULL OR entity = ?)"
			" AND (CAST(? AS TEXT) IS NULL OR entity_id = ?)"
			" AND (CAST(? AS TEXT) IS NULL OR id < ?) ORDER BY id DESC LIMIT 101",
			&st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, entity);
	db_bind_text(st, 2, entity);
	db_bind_text(st, 3, entity_id);
	db_bind_text(st, 4, entity_id);
	db_bind_text(st, 5, before);
	db_bind_text(st, 6, before);
	items = json_array();
	while ((step = db_step(st)) == DB_ROW) {
		json_t *changes;
		if (++count > 100)
			break;
		changes = json_loads(db_column_text(st, 6), 0, NULL);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s, s:o}",
			"id", db_column_text(st, 0), "at", db_column_text(st, 1),
			"actor_id", db_column_text(st, 2), "entity", db_column_text(st, 3),
			"entity_id", db_column_text(st, 4), "action", db_column_text(st, 5),
			"changes", changes ? changes : json_object()));
		last = json_string_value(json_object_get(json_array_get(items,
			json_array_size(items) - 1), "id"));
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:s?}", "items", items, "next_cursor",
			 count > 100 ? last : NULL);
	return LP_OK;
}
