/* view.c: showing records on pages */
#include "surfaces/web/view.h"
#include "domain/enrolment.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/page.h"
#include "base/money.h"

#include <math.h>
#include <string.h>

const char *
view_record_label(struct request *req, const struct entity_def *def, const json_t *record)
{
	const char *s;

	if (def == &persons_def)
		return arena_printf(&req->arena, "%s %s",
				    json_string_value(json_object_get(record, "given_name")),
				    json_string_value(json_object_get(record, "family_name")));
	if (def == &outcomes_def)
		return arena_printf(&req->arena, "%s — %s",
				    json_string_value(json_object_get(record, "code")),
				    json_string_value(json_object_get(record, "title")));
	if (def == &network_memberships_def)
		return arena_printf(&req->arena, "%s — %s",
				    view_ref_label(req, "organisations", json_string_value(
					    json_object_get(record, "member_id"))),
				    view_ref_label(req, "organisations", json_string_value(
					    json_object_get(record, "network_id"))));
	if (def == &employments_def)
		return arena_printf(&req->arena, "%s — %s",
				    view_ref_label(req, "persons", json_string_value(
					    json_object_get(record, "person_id"))),
				    json_string_value(json_object_get(record, "job_title")));
	if (def == &enrolments_def)
		return arena_printf(&req->arena, "%s — %s",
				    view_ref_label(req, "persons", json_string_value(
					    json_object_get(record, "person_id"))),
				    view_ref_label(req, "programmes", json_string_value(
					    json_object_get(record, "programme_id"))));
	s = json_string_value(json_object_get(record, def->display_field));
	return arena_strdup(&req->arena, s ? s : json_string_value(json_object_get(record, "id")));
}

/* The labels of one request: a small hash table in the arena, so a page
 * of 25 rows naming 10 institutions asks the database 10 times, not 25
 * (or not at all, when the page read them for a menu already). */
#define LABEL_SLOTS 64

struct view_label {
	const char *entity, *id, *label;
	struct view_label *next;
};

struct view_labels {
	struct view_label *slots[LABEL_SLOTS];
};

static struct view_label **
label_slot(struct request *req, const char *entity, const char *id)
{
	unsigned h = 2166136261u;   /* FNV-1a of entity and id */

	if (!req->labels)
		req->labels = arena_zalloc(&req->arena, sizeof(*req->labels));
	for (const char *p = entity; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (const char *p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return &req->labels->slots[h % LABEL_SLOTS];
}

static const char *
label_known(struct request *req, const char *entity, const char *id)
{
	for (struct view_label *l = *label_slot(req, entity, id); l; l = l->next)
		if (strcmp(l->id, id) == 0 && strcmp(l->entity, entity) == 0)
			return l->label;
	return NULL;
}

void
view_remember_label(struct request *req, const char *entity, const char *id,
		    const char *label)
{
	struct view_label **slot, *l;

	if (!entity || !id || !label || label_known(req, entity, id))
		return;
	slot = label_slot(req, entity, id);
	l = arena_alloc(&req->arena, sizeof(*l));
	l->entity = entity;
	l->id = id;
	l->label = label;
	l->next = *slot;
	*slot = l;
}

const char *
view_ref_label(struct request *req, const char *entity, const char *id)
{
	const struct entity_def *def = entity_find(entity);
	struct lp_error saved = req->err;
	json_t *record = NULL;
	const char *label;

	if (!id)
		return "";
	label = label_known(req, entity, id);
	if (label)
		return label;
	/* entity and id may be borrowed from a record freed before the
	 * request ends: the remembered ones (and the id as a label) are the
	 * arena's */
	entity = arena_strdup(&req->arena, entity);
	id = arena_strdup(&req->arena, id);
	if (def && (def == &persons_def || def == &outcomes_def)) {
		/* these labels take more than one field: read the record, as the
		 * reader may (a person they may not see shows as the id) */
		if (entity_get(&req->ctx, def, id, &record) == LP_OK) {
			label = view_record_label(req, def, record);
			json_decref(record);
		} else {
			req->err = saved;
			label = id;
		}
	} else {
		label = entity_display_name(&req->ctx, entity, id);
		if (!label)
			label = id;
	}
	view_remember_label(req, entity, id, label);
	return label;
}

void
view_read_only(struct request *req, struct response *res,
	       void (*page)(struct request *req, struct response *res))
{
	if (db_read_begin(req->ctx.db, &req->err)) {
		page_error(req, res);
		return;
	}
	page(req, res);
	db_read_end(req->ctx.db);
}

const char *
view_ec(struct request *req, const json_t *value)
{
	char text[LABEL_EC_LEN];

	if (!json_is_number(value))
		return "";
	label_ec(req->lang, (int64_t)llround(json_number_value(value) * 10.0), text);
	return arena_strdup(&req->arena, text);
}

/* Long text with its line breaks kept (the stylesheet shows them). */
static void
long_text(struct buf *b, const char *text)
{
	html_printf(b, "<span class=\"lines\">%s</span>", text);
}

void
view_value(struct request *req, struct buf *b, const struct field_def *fd, const json_t *v)
{
	char money[MONEY_TEXT_LEN], date[LABEL_DATE_LEN];
	size_t i;
	json_t *item;

	if (!v || json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0) ||
	    (json_is_string(v) && !*json_string_value(v))) {
		html_printf(b, "<span aria-hidden=\"true\">—</span>"
			    "<span class=\"visually-hidden\">%s</span>", request_tr(req, "none"));
		return;
	}
	switch (fd->type) {
	case FIELD_ENUM:
		html_txt(b, label_value(req->lang, json_string_value(v)));
		break;
	case FIELD_ENUMSET:
	case FIELD_STRLIST:
	case FIELD_REFLIST:
		json_array_foreach(v, i, item) {
			const char *s = json_string_value(item);
			if (i > 0)
				html_raw(b, fd->type == FIELD_REFLIST ? "; " : ", ");
			if (fd->type == FIELD_ENUMSET)
				html_txt(b, label_value(req->lang, s));
			else if (fd->type == FIELD_REFLIST)
				html_txt(b, view_ref_label(req, fd->ref, s));
			else if (fd->flags & FIELD_URIS)
				html_printf(b, "<a href=\"%s\">%s</a>", s, s);
			else
				html_txt(b, s);
		}
		break;
	case FIELD_EC:
		html_txt(b, view_ec(req, v));
		break;
	case FIELD_MONEY:
		html_txt(b, money_format(json_integer_value(v), req->lang, money));
		break;
	case FIELD_INT:
		html_printf(b, "%lld", (long long)json_integer_value(v));
		break;
	case FIELD_BOOL:
		html_txt(b, request_tr(req, json_is_true(v) ? "yes" : "no"));
		break;
	case FIELD_DATE:
		html_txt(b, label_date(req->lang, json_string_value(v), date));
		break;
	case FIELD_REF:
		html_txt(b, view_ref_label(req, fd->ref, json_string_value(v)));
		break;
	case FIELD_URL:
		html_printf(b, "<a href=\"%s\">%s</a>", json_string_value(v), json_string_value(v));
		break;
	case FIELD_LONGTEXT:
		long_text(b, json_string_value(v));
		break;
	case FIELD_PASSWORD:
		break;
	default:
		html_txt(b, json_string_value(v));
		break;
	}
}

enum lp_status
view_load(struct request *req, const struct entity_def *def, struct entity_query *q, int max,
	  json_t **items)
{
	return view_load_fields(req, def, q, max, NULL, items);
}

enum lp_status
view_load_fields(struct request *req, const struct entity_def *def, struct entity_query *q,
		 int max, const char *const *fields, json_t **items)
{
	json_t *all = json_array();
	const char *next = NULL;
	enum lp_status rc;

	*items = NULL;
	q->limit = ENTITY_LIST_MAX;
	do {
		json_t *page;
		rc = fields ? entity_list_fields(&req->ctx, def, q, fields, &page, &next)
			    : entity_list(&req->ctx, def, q, &page, &next);
		if (rc) {
			json_decref(all);
			return rc;
		}
		json_array_extend(all, page);
		json_decref(page);
		q->cursor = next;
	} while (next && (int)json_array_size(all) < max);
	*items = all;
	return LP_OK;
}

struct pager_state {
	struct buf *b;
	int count;
};

/* Copies one query argument into the pager's base link, except the
 * cursor, the language and the saved notice. */
static bool
copy_arg(void *data, const char *key, const char *value)
{
	struct pager_state *s = data;

	if (strcmp(key, "cursor") == 0 || strcmp(key, "saved") == 0 || strcmp(key, "lang") == 0)
		return true;
	buf_putc(s->b, s->count++ ? '&' : '?');
	html_url_arg(s->b, key);
	buf_putc(s->b, '=');
	html_url_arg(s->b, value);
	return true;
}

void
view_pager(struct request *req, struct buf *b, const char *next_cursor)
{
	struct buf base = BUF_INIT;
	struct pager_state s = { &base, 0 };
	bool past_first = request_query(req, "cursor") != NULL;

	if (!past_first && !next_cursor)
		return;
	buf_puts(&base, req->path);
	request_query_each(req, copy_arg, &s);
	html_printf(b, "<nav class=\"pager\" aria-label=\"%s\"><ul>",
		    request_tr(req, "Pages"));
	if (past_first)
		html_printf(b, "<li><a href=\"%s\">%s</a></li>", buf_str(&base),
			    request_tr(req, "First page"));
	if (next_cursor)
		html_printf(b, "<li><a href=\"%s%Rcursor=%u\" rel=\"next\">%s</a></li>",
			    buf_str(&base), s.count ? "&amp;" : "?", next_cursor,
			    request_tr(req, "Next page"));
	html_raw(b, "</ul></nav>\n");
	buf_release(&base);
}

void
view_filter(struct entity_query *q, const char *name, const char *value)
{
	if (!value || !*value || q->filter_count >= 16)
		return;
	q->filter_names[q->filter_count] = name;
	q->filter_values[q->filter_count] = value;
	q->filter_count++;
}
