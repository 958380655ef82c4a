/* audit.h: the append-only record of every write */
#ifndef LEERPAD_AUDIT_H
#define LEERPAD_AUDIT_H

#include "domain/context.h"

#include <jansson.h>

/* Appends one entry: the actor, now, entity and id, action ("create",
 * "update", "login", ...) and what changed (an object; borrowed). Runs in
 * the caller's transaction, so the entry and the write stand or fall
 * together. */
enum lp_status audit_write(struct ctx *ctx, const char *entity, const char *entity_id,
			   const char *action, const json_t *changes);

/* Lists audit entries, newest first, 100 a page, optionally only those of
 * one entity (and one id); before is the id of the last entry of the
 * previous page. Only system administrators may read it (monitors see
 * figures, never who did what to whom):
 * LP_EFORBIDDEN otherwise. *out is {"items": [...], "next_cursor": ...}. */
enum lp_status audit_list(struct ctx *ctx, const char *entity, const char *entity_id,
			  const char *before, json_t **out);

#endif
