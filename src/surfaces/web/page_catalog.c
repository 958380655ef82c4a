/* page_catalog.c: the public catalog — programmes with their learning
 * outcomes, and the offerings that serve them
 *
 * Filters are a GET form, so every filtered list has its own address and
 * works without JavaScript; long lists page with the cursor of
 * entity_list. Anything read here is public (entity.h: public_read).
 */
#include "surfaces/web/web.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/page.h"
#include "surfaces/web/view.h"
#include "base/log.h"
#include "base/money.h"
#include "domain/voucher.h"

#include <string.h>

#define CATALOG_PAGE 25
#define CATALOG_MENU_MAX 1000

static const char *const programme_modes[] = { "full_time", "part_time", "dual", NULL };
static const char *const offering_modes[] = { "on_campus", "online", "blended", "at_work", NULL };

/* A query value that is not empty, or NULL. */
static const char *
arg(struct request *req, const char *name)
{
	const char *v = request_query(req, name);

	return v && *v ? v : NULL;
}

/* A select of code values with "any" first. */
static void
select_codes(struct request *req, struct buf *b, const char *name, const char *label,
	     const char *const *values, const char *chosen)
{
	html_printf(b, "<div class=\"field\"><label for=\"f-%s\">%s</label>\n"
		    "<select id=\"f-%s\" name=\"%s\"><option value=\"\">%s</option>\n",
		    name, label, name, name, request_tr(req, "any"));
	for (; *values; values++)
		html_printf(b, "<option value=\"%s\"%R>%s</option>\n", *values,
			    chosen && strcmp(chosen, *values) == 0 ? " selected" : "",
			    label_value(req->lang, *values));
	html_raw(b, "</select></div>\n");
}

/* A select of organisations (of one kind when kind is not NULL). */
static void
select_organisations(struct request *req, struct buf *b, const char *name, const char *label,
		     const char *kind, const char *chosen)
{
	static const char *const fields[] = { "name", NULL };
	struct entity_query q;
	json_t *items = NULL, *o;
	size_t i;

	memset(&q, 0, sizeof(q));
	view_filter(&q, "kind", kind);
	if (view_load_fields(req, &organisations_def, &q, CATALOG_MENU_MAX, fields, &items)) {
		lp_error_clear(&req->err);
		items = json_array();
	}
	html_printf(b, "<div class=\"field\"><label for=\"f-%s\">%s</label>\n"
		    "<select id=\"f-%s\" name=\"%s\"><option value=\"\">%s</option>\n",
		    name, label, name, name, request_tr(req, "any"));
	json_array_foreach(items, i, o) {
		html_printf(b, "<option value=\"%s\"%R>%s</option>\n", page_str(o, "id"),
			    chosen && strcmp(chosen, page_str(o, "id")) == 0 ? " selected" : "",
			    page_str(o, "name"));
		/* the rows below name these organisations: no need to ask again */
		view_remember_label(req, "organisations", arena_strdup(&req->arena, page_str(o, "id")),
				    arena_strdup(&req->arena, page_str(o, "name")));
	}
	html_raw(b, "</select></div>\n");
	json_decref(items);
}

/* A text input of the filter form, showing value. */
static void
text_filter(struct buf *b, const char *name, const char *type, const char *label,
	    const char *value)
{
	html_printf(b, "<div class=\"field\"><label for=\"f-%s\">%s</label>\n"
		    "<input type=\"%s\" id=\"f-%s\" name=\"%s\" value=\"%s\"></div>\n",
		    name, label, type, name, name, value ? value : "");
}

/* The "vouchers only" checkbox (voucher=1) of the filter form. */
static void
voucher_filter(struct request *req, struct buf *b, const char *label)
{
	html_printf(b, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-voucher\" "
		    "name=\"voucher\" value=\"1\"%R><label for=\"f-voucher\">%s</label></div>\n",
		    arg(req, "voucher") ? " checked" : "", label);
}

/* Opens the filter form of a list at action. */
static void
filters_begin(struct request *req, struct buf *b, const char *action)
{
	html_printf(b, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\" "
		    "aria-label=\"%s\">\n", action, request_tr(req, "Filters"));
}

/* Closes the filter form with its button and a link that clears it. */
static void
filters_end(struct request *req, struct buf *b, const char *action)
{
	html_printf(b, "<div class=\"buttons\"><button type=\"submit\">%s</button> "
		    "<a href=\"%s\">%s</a></div>\n</form>\n", request_tr(req, "Filter"), action,
		    request_tr(req, "Clear filters"));
}

/* "12 found." as a live status, so the result of filtering is heard. */
static void
found(struct request *req, struct buf *b, int64_t count)
{
	html_printf(b, "<p role=\"status\">%s: %lld</p>\n", request_tr(req, "Found"),
		    (long long)count);
}

/* ---- GET /catalog ------------------------------------------------------ */

static void
web_catalog_page(struct request *req, struct response *res)
{
	/* the fields the table shows: only those are read */
	static const char *const shown[] = { "name", "institution_id", "level", "total_ec",
					     "modes", "locations", NULL };
	struct entity_query q;
	struct buf *b = &res->body;
	json_t *items = NULL, *p;
	const char *next = NULL;
	int64_t total = 0;
	size_t i;

	memset(&q, 0, sizeof(q));
	q.limit = CATALOG_PAGE;
	q.q = arg(req, "q");
	q.cursor = arg(req, "cursor");
	view_filter(&q, "mode", arg(req, "mode"));
	view_filter(&q, "location", arg(req, "location"));
	view_filter(&q, "institution_id", arg(req, "institution"));
	view_filter(&q, "voucher_eligible", arg(req, "voucher") ? "true" : NULL);
	if (entity_list_fields(&req->ctx, &programmes_def, &q, shown, &items, &next) ||
	    entity_count(&req->ctx, &programmes_def, &q, &total)) {
		json_decref(items);
		page_error(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "Programmes"));
	html_printf(b, "<p>%s</p>\n", request_tr(req,
		"Programmes of higher professional education for working adults. Each "
		"programme is a set of learning outcomes; open one to see them and the offerings "
		"that serve them."));
	filters_begin(req, b, "/catalog");
	text_filter(b, "q", "search", request_tr(req, "Search by name"), arg(req, "q"));
	select_codes(req, b, "mode", request_tr(req, "Mode"), programme_modes, arg(req, "mode"));
	text_filter(b, "location", "text", request_tr(req, "Location"), arg(req, "location"));
	select_organisations(req, b, "institution", request_tr(req, "Institution"),
			     "institution", arg(req, "institution"));
	voucher_filter(req, b, request_tr(req, "Only programmes with vouchers "
					      "(demand financing)"));
	filters_end(req, b, "/catalog");

	found(req, b, total);
	if (json_array_size(items) > 0) {
		html_printf(b, "<div class=\"table-wrap\"><table>\n"
			    "<caption class=\"visually-hidden\">%s</caption>\n"
			    "<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    request_tr(req, "Programmes"), request_tr(req, "Programme"),
			    request_tr(req, "Institution"), request_tr(req, "Level"),
			    request_tr(req, "EC"), request_tr(req, "Modes"),
			    request_tr(req, "Locations"));
		json_array_foreach(items, i, p) {
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/catalog/programmes/%u\">%s"
				    "</a></th><td>%s</td><td>", page_str(p, "id"), page_str(p, "name"),
				    view_ref_label(req, "organisations", page_str(p, "institution_id")));
			view_value(req, b, entity_field(&programmes_def, "level"),
				   json_object_get(p, "level"));
			html_printf(b, "</td><td class=\"num\">%s</td><td>",
				    view_ec(req, json_object_get(p, "total_ec")));
			view_value(req, b, entity_field(&programmes_def, "modes"),
				   json_object_get(p, "modes"));
			html_raw(b, "</td><td>");
			view_value(req, b, entity_field(&programmes_def, "locations"),
				   json_object_get(p, "locations"));
			html_raw(b, "</td></tr>\n");
		}
		html_raw(b, "</tbody></table></div>\n");
	}
	view_pager(req, b, next);
	json_decref(items);
	page_end(req, res);
}

/* GET /catalog reads only: one snapshot for all its queries. */
void
web_catalog(struct request *req, struct response *res)
{
	view_read_only(req, res, web_catalog_page);
}

/* ---- GET /catalog/programmes/{id} --------------------------------------- */

/* A list of texts (criteria) or of links (alignments) under a heading. */
static void
outcome_list(struct request *req, struct buf *b, const json_t *list, const char *heading,
	     bool links)
{
	size_t i;
	json_t *item;

	if (json_array_size(list) == 0)
		return;
	html_printf(b, "<h4>%s</h4>\n<ul>\n", request_tr(req, heading));
	json_array_foreach(list, i, item) {
		if (links)
			html_printf(b, "<li><a href=\"%s\">%s</a></li>\n", json_string_value(item),
				    json_string_value(item));
		else
			html_printf(b, "<li>%s</li>\n", json_string_value(item));
	}
	html_raw(b, "</ul>\n");
}

/* The learning outcomes of a programme, one article each. */
static void
outcomes_section(struct request *req, struct buf *b, json_t *outcomes)
{
	size_t i;
	json_t *o;

	html_printf(b, "<section aria-labelledby=\"outcomes\">\n<h2 id=\"outcomes\">%s</h2>\n",
		    request_tr(req, "Learning outcomes"));
	if (json_array_size(outcomes) == 0) {
		html_printf(b, "<p>%s</p>\n</section>\n",
			    request_tr(req, "No learning outcomes have been described yet."));
		return;
	}
	json_array_foreach(outcomes, i, o) {
		html_printf(b, "<article class=\"outcome\" aria-labelledby=\"o-%s\">\n"
			    "<h3 id=\"o-%s\"><span class=\"code\">%s</span> %s</h3>\n"
			    "<p class=\"meta\">%s EC</p>\n",
			    page_str(o, "id"), page_str(o, "id"), page_str(o, "code"), page_str(o, "title"),
			    view_ec(req, json_object_get(o, "ec")));
		if (page_str(o, "description"))
			html_printf(b, "<p class=\"lines\">%s</p>\n", page_str(o, "description"));
		outcome_list(req, b, json_object_get(o, "criteria"), "Assessment criteria", false);
		outcome_list(req, b, json_object_get(o, "alignments"),
			     "Matching skills and standards", true);
		html_raw(b, "</article>\n");
	}
	html_raw(b, "</section>\n");
}

/* The table of offerings; with_provider adds the provider column. */
static void
offering_table(struct request *req, struct buf *b, json_t *items, const char *caption,
	       const json_t *vouchers)
{
	char money[MONEY_TEXT_LEN], from[LABEL_DATE_LEN], to[LABEL_DATE_LEN];
	bool reserve = json_object_size(vouchers) > 0;
	size_t i;
	json_t *o;

	html_printf(b, "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">"
		    "%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s"
		    "</th>", caption,
		    request_tr(req, "Offering"), request_tr(req, "Provider"),
		    request_tr(req, "Mode"), request_tr(req, "Location"), request_tr(req, "Period"),
		    request_tr(req, "EC"), request_tr(req, "Price"));
	if (reserve)
		html_printf(b, "<th scope=\"col\">%s</th>", request_tr(req, "Your voucher"));
	html_raw(b, "</tr></thead>\n<tbody>\n");
	json_array_foreach(items, i, o) {
		html_printf(b, "<tr><th scope=\"row\">%s", page_str(o, "title"));
		if (page_str(o, "description"))
			html_printf(b, "<span class=\"sub lines\">%s</span>",
				    page_str(o, "description"));
		html_printf(b, "</th><td>%s</td><td>%s</td><td>",
			    view_ref_label(req, "organisations", page_str(o, "provider_id")),
			    label_value(req->lang, page_str(o, "mode")));
		view_value(req, b, entity_field(&offerings_def, "location"),
			   json_object_get(o, "location"));
		html_printf(b, "</td><td>%s – %s</td><td class=\"num\">%s</td>"
			    "<td class=\"num\">%s</td>",
			    label_date(req->lang, page_str(o, "start_date"), from),
			    label_date(req->lang, page_str(o, "end_date"), to),
			    view_ec(req, json_object_get(o, "ec")),
			    money_format(json_integer_value(json_object_get(o, "price_cents")),
					 req->lang, money));
		if (reserve && page_str(vouchers, page_str(o, "id")))
			html_printf(b, "<td><a href=\"/my/vouchers/%u/reserve?offering=%u\">%s"
				    "<span class=\"visually-hidden\"> %s: %s</span></a></td>",
				    page_str(vouchers, page_str(o, "id")), page_str(o, "id"),
				    request_tr(req, "Reserve"), request_tr(req, "with my voucher"),
				    page_str(o, "title"));
		else if (reserve)
			html_raw(b, "<td></td>");
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody></table></div>\n");
}

static void
web_catalog_programme_page(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	struct entity_query q;
	json_t *programme = NULL, *outcomes = NULL, *offerings = NULL;
	const char *id = req->params[0];
	static const char *const shown[] = {
		"institution_id", "level", "total_ec", "modes", "experiments", "locations",
		"learning_line", "programme_code", NULL
	};

	if (entity_get(&req->ctx, &programmes_def, id, &programme)) {
		page_error(req, res);
		return;
	}
	memset(&q, 0, sizeof(q));
	view_filter(&q, "programme_id", id);
	if (view_load(req, &outcomes_def, &q, CATALOG_MENU_MAX, &outcomes))
		goto fail;
	memset(&q, 0, sizeof(q));
	view_filter(&q, "programme_id", id);
	if (view_load(req, &offerings_def, &q, CATALOG_MENU_MAX, &offerings))
		goto fail;

	page_begin(req, res, page_str(programme, "name"));
	html_printf(b, "<p><a href=\"/catalog\">%s</a></p>\n",
		    request_tr(req, "All programmes"));
	if (page_str(programme, "description"))
		html_printf(b, "<p class=\"lead lines\">%s</p>\n", page_str(programme, "description"));
	html_raw(b, "<dl class=\"facts\">\n");
	for (int i = 0; shown[i]; i++) {
		const struct field_def *fd = entity_field(&programmes_def, shown[i]);
		html_printf(b, "<div><dt>%s</dt><dd>", request_tr(req, fd->label));
		view_value(req, b, fd, json_object_get(programme, fd->name));
		html_raw(b, "</dd></div>\n");
	}
	html_raw(b, "</dl>\n");
	outcomes_section(req, b, outcomes);

	html_printf(b, "<section aria-labelledby=\"offerings\">\n<h2 id=\"offerings\">%s</h2>\n",
		    request_tr(req, "Offerings for this programme"));
	if (json_array_size(offerings) == 0)
		html_printf(b, "<p>%s</p>\n", request_tr(req,
			    "No offerings serve the learning outcomes of this programme yet."));
	else
		offering_table(req, b, offerings, request_tr(req, "Offerings for this programme"),
			       NULL);
	html_raw(b, "</section>\n");
	json_decref(programme);
	json_decref(outcomes);
	json_decref(offerings);
	page_end(req, res);
	return;
fail:
	json_decref(programme);
	json_decref(outcomes);
	json_decref(offerings);
	page_error(req, res);
}

/* GET /catalog/programmes/{id} reads only: one snapshot for all its queries. */
void
web_catalog_programme(struct request *req, struct response *res)
{
	view_read_only(req, res, web_catalog_programme_page);
}

/* ---- GET /catalog/offerings --------------------------------------------- */

static void
web_catalog_offerings_page(struct request *req, struct response *res)
{
	struct entity_query q;
	struct buf *b = &res->body;
	json_t *items = NULL;
	const char *next = NULL;
	int64_t total = 0;

	memset(&q, 0, sizeof(q));
	q.limit = CATALOG_PAGE;
	q.q = arg(req, "q");
	q.cursor = arg(req, "cursor");
	view_filter(&q, "mode", arg(req, "mode"));
	view_filter(&q, "location", arg(req, "location"));
	view_filter(&q, "provider_id", arg(req, "provider"));
	view_filter(&q, "voucher_eligible", arg(req, "voucher") ? "true" : NULL);
	if (entity_list(&req->ctx, &offerings_def, &q, &items, &next) ||
	    entity_count(&req->ctx, &offerings_def, &q, &total)) {
		json_decref(items);
		page_error(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "Offerings"));
	html_printf(b, "<p>%s</p>\n", request_tr(req,
		"Modules, courses and company trainings, on campus, online or at work. Each "
		"offering serves learning outcomes of one or more programmes."));
	filters_begin(req, b, "/catalog/offerings");
	text_filter(b, "q", "search", request_tr(req, "Search by title"), arg(req, "q"));
	select_codes(req, b, "mode", request_tr(req, "Mode"), offering_modes, arg(req, "mode"));
	text_filter(b, "location", "text", request_tr(req, "Location"), arg(req, "location"));
	select_organisations(req, b, "provider", request_tr(req, "Provider"), NULL,
			     arg(req, "provider"));
	voucher_filter(req, b, request_tr(req, "Only offerings that vouchers can pay for"));
	filters_end(req, b, "/catalog/offerings");

	found(req, b, total);
	if (json_array_size(items) > 0) {
		/* a learner with a voucher that may pay for an offering gets a
		 * link to reserve it: the domain says which */
		json_t *ids = json_array(), *o, *vouchers = NULL;
		size_t i;

		json_array_foreach(items, i, o)
			json_array_append(ids, json_object_get(o, "id"));
		if (voucher_offering_map(&req->ctx, ids, &vouchers)) {
			/* the list itself stands: only the links are left out */
			log_warn("catalog: the reader's vouchers could not be read: %s",
				 req->err.reason);
			lp_error_clear(&req->err);
		}
		offering_table(req, b, items, request_tr(req, "Offerings"), vouchers);
		json_decref(vouchers);
		json_decref(ids);
	}
	view_pager(req, b, next);
	json_decref(items);
	page_end(req, res);
}

/* GET /catalog/offerings reads only: one snapshot for all its queries. */
void
web_catalog_offerings(struct request *req, struct response *res)
{
	view_read_only(req, res, web_catalog_offerings_page);
}
