/* list_page.h: pages of the per-enrolment lists and queues (issue 4)
 *
 * The same convention as the record lists (entity.h): a page holds at most
 * limit items (1 to ENTITY_LIST_MAX, ENTITY_LIST_DEFAULT when 0) and the
 * answer is {"items": [...], "next_cursor": "..." or null}; the next page
 * is asked for with that cursor. A cursor is the id of the last item shown
 * (the lists are ordered by id, which is a UUIDv7 and so in order of
 * creation; the coaching log newest first); callers treat it as opaque. Every query fetches one row more
 * than the limit to know whether a next page exists, never more.
 */
#ifndef LEERPAD_LIST_PAGE_H
#define LEERPAD_LIST_PAGE_H

#include "domain/context.h"

#include <jansson.h>

struct list_page {
	const char *cursor;  /* NULL: from the start */
	int limit;           /* 0: ENTITY_LIST_DEFAULT */
};

/* Checks pg: LP_EINVAL (field "cursor" or "limit") for a cursor that is not
 * an id or a limit out of range. *limit is the limit to use. */
enum lp_status list_page_check(struct ctx *ctx, const struct list_page *pg, int *limit);

/* Wraps items, fetched with one row more than limit, as a page: drops the
 * extra item and names the id of the last one kept as next_cursor. Takes
 * items' reference; returns a new object. */
json_t *list_page_result(json_t *items, int limit);

/* Ends a page's query, whose rows were appended to items: step is the last
 * db_step's result. Resets st; on DB_ERROR records the database's error,
 * frees items and returns it, otherwise sets *out to
 * list_page_result(items, limit). Takes items' reference either way. */
enum lp_status list_page_finish(struct ctx *ctx, struct db_stmt *st, enum db_step_result step,
				json_t *items, int limit, json_t **out);

#endif
