/* view.h: showing records on pages (shared by the catalog, home and
 * administration pages)
 *
 * Everything these functions write goes through html.h; strings they
 * return live in the request's arena.
 */
#ifndef LEERPAD_VIEW_H
#define LEERPAD_VIEW_H

#include "domain/entity.h"
#include "surfaces/http/request.h"

#include <jansson.h>

/* The name that stands for a record in lists and menus: "Given Family"
 * for people, "CODE — title" for outcomes, the display field otherwise.
 * Arena string, never NULL. */
const char *view_record_label(struct request *req, const struct entity_def *def,
			      const json_t *record);
/* The label of the record with id in entity name ("organisations"), or
 * the id itself when it cannot be read. Arena string. */
const char *view_ref_label(struct request *req, const char *entity, const char *id);
/* Remembers label as the one of the record with id in entity for the rest
 * of the request, so view_ref_label need not look it up (a page that has
 * read the records anyway, such as a menu of them, tells it this way).
 * entity, id and label must live as long as the request. */
void view_remember_label(struct request *req, const char *entity, const char *id,
			 const char *label);
/* Runs page, a handler that only reads, inside one read snapshot of the
 * database (db_read_begin): its queries see one state of the data and take
 * the read lock once. If no snapshot can begin, answers the error page. */
void view_read_only(struct request *req, struct response *res,
		    void (*page)(struct request *req, struct response *res));
/* Writes a field's value for reading: words for code values, credits and
 * money in the reader's language, dates spelled out, references by name,
 * lists as "a, b", booleans as yes or no, web addresses as links, long
 * texts with their line breaks. An empty value writes "—". */
void view_value(struct request *req, struct buf *b, const struct field_def *fd,
		const json_t *value);
/* Lists records page by page until there are none left or max are read;
 * *items is a new array. Errors are those of entity_list. */
enum lp_status view_load(struct request *req, const struct entity_def *def,
			 struct entity_query *q, int max, json_t **items);
/* The same with records of only "id" and the named fields (NULL-terminated;
 * entity_list_fields), for menus and lists that show a few of them. */
enum lp_status view_load_fields(struct request *req, const struct entity_def *def,
				struct entity_query *q, int max, const char *const *fields,
				json_t **items);
/* Writes links to the first page (when the reader is past it) and to the
 * next page (when next_cursor is not NULL), keeping the other query
 * arguments of the current page. */
void view_pager(struct request *req, struct buf *b, const char *next_cursor);
/* Credits of a JSON number as text in the reader's language. */
const char *view_ec(struct request *req, const json_t *value);
/* Adds filter name=value to q (ignored when value is NULL or empty, or q
 * is full). */
void view_filter(struct entity_query *q, const char *name, const char *value);

#endif
