/* page_admin.c: administration of catalog and people records
 *
 * One set of pages serves every entity: a list, a form for a new record
 * and a form to change one, all drawn from the entity's field table
 * (entity.h). Form input becomes a JSON object (form.c) and goes to
 * entity_create or entity_update, which validate and authorise it; these
 * pages only show what the domain decided: a validation error next to its
 * input with a summary on top, a refusal or a conflict as a message.
 * Success answers 303 (POST-redirect-GET) with ?saved=1 for the notice.
 */
#include "surfaces/web/web.h"
#include "domain/enrolment.h"
#include "surfaces/web/form.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/page.h"
#include "surfaces/web/view.h"
#include "domain/authz.h"

#include <stdlib.h>
#include <string.h>

#define ADMIN_PAGE 50
#define ADMIN_OPTIONS_MAX 1000
#define ADMIN_COLUMNS 5

struct admin_entity {
	const char *segment;             /* the URL segment, as in the API */
	const struct entity_def *def;
	const char *new_title;           /* msgid: "New programme" */
	const char *intro;               /* msgid: one sentence on the list */
	const char *columns[ADMIN_COLUMNS]; /* list columns after the name */
};

static const struct admin_entity admin_entities[] = {
	{ "organisations", &organisations_def, N_("New organisation"),
	  N_("Institutions, employers, networks, government bodies and Centres of Expertise."),
	  { "kind", "city", "institution_code", NULL } },
	{ "network-memberships", &network_memberships_def, N_("New network membership"),
	  N_("Which organisations take part in which network or Centre of Expertise, and how."),
	  { "role", "since", NULL } },
	{ "programmes", &programmes_def, N_("New programme"),
	  N_("Programmes of the institutions, each a set of learning outcomes."),
	  { "institution_id", "level", "total_ec", "modes", NULL } },
	{ "outcomes", &outcomes_def, N_("New learning outcome"),
	  N_("What a graduate must know and be able to do, per programme, with credits "
	     "and assessment criteria."),
	  { "programme_id", "ec", NULL } },
	{ "offerings", &offerings_def, N_("New offering"),
	  N_("Modules, courses and company trainings that serve learning outcomes."),
	  { "provider_id", "mode", "start_date", "price_cents", NULL } },
	{ "persons", &persons_def, N_("New person"),
	  N_("People: learners, staff and contacts at employers."),
	  { "email", NULL } },
	{ "employments", &employments_def, N_("New employment"),
	  N_("Who works where, in which job, and who supervises them at work."),
	  { "employer_id", "start_date", "end_date", "supervisor_id", NULL } },
	{ "periods", &periods_def, N_("New period"),
	  N_("The periods of an institution, for which learning agreements are made."),
	  { "institution_id", "start_date", "end_date", NULL } },
	{ "cohorts", &cohorts_def, N_("New cohort"),
	  N_("Groups of learners of a programme: a mixed group of several employers, or a "
	     "company group of one."),
	  { "programme_id", "kind", "employer_id", "start_date", NULL } },
	{ "enrolments", &enrolments_def, N_("New enrolment"),
	  N_("Learners enrolled in a programme, with their employer, group, track, coach and "
	     "status."),
	  { "programme_id", "employer_id", "track", "status", "start_date" } },
};

#define ADMIN_ENTITY_COUNT ((int)(sizeof(admin_entities) / sizeof(admin_entities[0])))

/* Options of some selects are narrowed to what the field can hold; the
 * domain still checks the choice. */
static const struct {
	const struct entity_def *def;
	const char *field;
	const char *filter;
	const char *value;
} option_filters[] = {
	{ &programmes_def, "institution_id", "kind", "institution" },
	{ &employments_def, "employer_id", "kind", "employer" },
	{ &periods_def, "institution_id", "kind", "institution" },
	{ &cohorts_def, "employer_id", "kind", "employer" },
	{ &enrolments_def, "employer_id", "kind", "employer" },
};

/* The entity named by the URL, or NULL after writing a 404 page. */
static const struct admin_entity *
admin_entity(struct request *req, struct response *res)
{
	for (int i = 0; i < ADMIN_ENTITY_COUNT; i++)
		if (strcmp(admin_entities[i].segment, req->params[0]) == 0)
			return &admin_entities[i];
	lp_fail(&req->err, LP_ENOTFOUND, NULL, "there is nothing at this address");
	page_error(req, res);
	return NULL;
}

/* False after writing a 403 page when the reader has no administration. */
static bool
admin_allowed(struct request *req, struct response *res)
{
	if (page_may_administer(&req->actor))
		return true;
	lp_fail(&req->err, LP_EFORBIDDEN, NULL, "no administration for your roles");
	page_error(req, res);
	return false;
}

/* ---- the overview ------------------------------------------------------ */

void
web_admin(struct request *req, struct response *res)
{
	struct buf *b = &res->body;

	if (!admin_allowed(req, res))
		return;
	page_begin(req, res, request_tr(req, "Administration"));
	html_printf(b, "<p>%s</p>\n", request_tr(req,
		"The records of the catalog and of people. You see the records your roles allow, "
		"and you can change those of your own organisations."));
	html_printf(b, "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">%s"
		    "</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" "
		    "class=\"num\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    request_tr(req, "Administration"), request_tr(req, "Records"),
		    request_tr(req, "Number you can see"), request_tr(req, "Actions"));
	for (int i = 0; i < ADMIN_ENTITY_COUNT; i++) {
		const struct admin_entity *ae = &admin_entities[i];
		struct entity_query q;
		int64_t n = 0;

		memset(&q, 0, sizeof(q));
		html_printf(b, "<tr><th scope=\"row\"><a href=\"/admin/%s\">%s</a>"
			    "<span class=\"sub\">%s</span></th>", ae->segment,
			    request_tr(req, ae->def->label_plural), request_tr(req, ae->intro));
		if (entity_count(&req->ctx, ae->def, &q, &n) == LP_OK) {
			html_printf(b, "<td class=\"num\">%lld</td>", (long long)n);
		} else {
			lp_error_clear(&req->err);
			html_raw(b, "<td class=\"num\">—</td>");
		}
		if (authz_may_create_some(&req->actor, ae->def))
			html_printf(b, "<td><a href=\"/admin/%s/new\">%s</a></td></tr>\n",
				    ae->segment, request_tr(req, ae->new_title));
		else
			html_raw(b, "<td></td></tr>\n");
	}
	html_raw(b, "</tbody></table></div>\n");
	page_end(req, res);
}

/* ---- lists ------------------------------------------------------------- */

struct list_args {
	struct request *req;
	struct entity_query *q;
};

/* Every query argument that is not paging, search, language or the
 * notice is a filter of the list (entity_list checks its name). */
static bool
list_arg(void *data, const char *key, const char *value)
{
	struct list_args *a = data;

	if (strcmp(key, "cursor") == 0 || strcmp(key, "q") == 0 || strcmp(key, "lang") == 0 ||
	    strcmp(key, "saved") == 0)
		return true;
	view_filter(a->q, key, value);
	return true;
}

void
web_admin_list(struct request *req, struct response *res)
{
	const struct admin_entity *ae;
	struct entity_query q;
	struct list_args args = { req, &q };
	struct buf *b = &res->body;
	json_t *items = NULL, *r;
	const char *next = NULL, *search = request_query(req, "q");
	int64_t total = 0;
	size_t i;

	if (!admin_allowed(req, res) || !(ae = admin_entity(req, res)))
		return;
	memset(&q, 0, sizeof(q));
	q.limit = ADMIN_PAGE;
	q.cursor = request_query(req, "cursor");
	q.q = search && *search ? search : NULL;
	request_query_each(req, list_arg, &args);
	if (entity_list(&req->ctx, ae->def, &q, &items, &next) ||
	    entity_count(&req->ctx, ae->def, &q, &total)) {
		json_decref(items);
		page_error(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, ae->def->label_plural));
	html_printf(b, "<p><a href=\"/admin\">%s</a></p>\n<p>%s</p>\n",
		    request_tr(req, "Administration"), request_tr(req, ae->intro));
	if (request_query(req, "saved"))
		page_notice(b, request_tr(req, "Saved."));
	if (authz_may_create_some(&req->actor, ae->def))
		html_printf(b, "<p><a class=\"button\" href=\"/admin/%s/new\">%s</a></p>\n",
			    ae->segment, request_tr(req, ae->new_title));
	html_printf(b, "<form method=\"get\" action=\"/admin/%s\" class=\"filters\" "
		    "role=\"search\" aria-label=\"%s\">\n<div class=\"field\"><label for=\"f-q\">"
		    "%s</label>\n<input type=\"search\" id=\"f-q\" name=\"q\" value=\"%s\"></div>\n"
		    "<div class=\"buttons\"><button type=\"submit\">%s</button></div>\n</form>\n",
		    ae->segment, request_tr(req, "Search"), request_tr(req, "Search"),
		    q.q ? q.q : "", request_tr(req, "Search"));
	html_printf(b, "<p role=\"status\">%s: %lld</p>\n", request_tr(req, "Found"),
		    (long long)total);
	if (json_array_size(items) > 0) {
		html_printf(b, "<div class=\"table-wrap\"><table>\n"
			    "<caption class=\"visually-hidden\">%s</caption>\n"
			    "<thead><tr><th scope=\"col\">%s</th>",
			    request_tr(req, ae->def->label_plural),
			    request_tr(req, ae->def->label));
		for (int c = 0; c < ADMIN_COLUMNS && ae->columns[c]; c++)
			html_printf(b, "<th scope=\"col\">%s</th>", request_tr(req,
				    entity_field(ae->def, ae->columns[c])->label));
		html_raw(b, "</tr></thead>\n<tbody>\n");
		json_array_foreach(items, i, r) {
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/admin/%s/%u\">%s</a></th>",
				    ae->segment, page_str(r, "id"), view_record_label(req, ae->def, r));
			for (int c = 0; c < ADMIN_COLUMNS && ae->columns[c]; c++) {
				const struct field_def *fd = entity_field(ae->def, ae->columns[c]);
				html_raw(b, "<td>");
				view_value(req, b, fd, json_object_get(r, fd->name));
				html_raw(b, "</td>");
			}
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody></table></div>\n");
	}
	view_pager(req, b, next);
	json_decref(items);
	page_end(req, res);
}

/* ---- forms ------------------------------------------------------------- */

/* The records a REF or REFLIST field may point to, as the reader may see
 * them; an empty list when they cannot be read. New array. */
static json_t *
ref_options(struct request *req, const struct entity_def *def, const struct field_def *fd)
{
	const struct entity_def *ref = entity_find(fd->ref);
	struct entity_query q;
	json_t *items = NULL;

	memset(&q, 0, sizeof(q));
	for (size_t i = 0; i < sizeof(option_filters) / sizeof(option_filters[0]); i++)
		if (option_filters[i].def == def && strcmp(option_filters[i].field, fd->name) == 0)
			view_filter(&q, option_filters[i].filter, option_filters[i].value);
	if (!ref || view_load(req, ref, &q, ADMIN_OPTIONS_MAX, &items)) {
		lp_error_clear(&req->err);
		return json_array();
	}
	return items;
}

/* The label of an option: organisations with their kind, so a provider
 * can be told from an employer of the same name. */
static const char *
option_label(struct request *req, const struct entity_def *ref, const json_t *record)
{
	if (ref == &organisations_def)
		return arena_printf(&req->arena, "%s (%s)", page_str(record, "name"),
				    label_value(req->lang, page_str(record, "kind")));
	return view_record_label(req, ref, record);
}

/* True if some option record has id. */
static bool
has_option(const json_t *items, const char *id)
{
	size_t i;
	json_t *r;

	json_array_foreach(items, i, r)
		if (strcmp(page_str(r, "id"), id) == 0)
			return true;
	return false;
}

/* Opening of aria-describedby for an input: its hint and its error.
 * Markup: the ids come from field names of the static entity tables. */
static const char *
described_by(struct request *req, const struct field_def *fd, bool hint, bool error)
{
	if (!hint && !error)
		return "";
	return arena_printf(&req->arena, " aria-describedby=\"%s%s%s%s%s\"",
			    hint ? "h-" : "", hint ? fd->name : "", hint && error ? " " : "",
			    error ? "e-" : "", error ? fd->name : "");
}

/* text as a sentence: a capital first letter and a full stop (the
 * descriptions of the field tables are written as phrases). Arena. */
static const char *
sentence(struct request *req, const char *text)
{
	size_t n = strlen(text);
	char *out = arena_printf(&req->arena, "%s%s", text,
				 n && strchr(".!?", text[n - 1]) ? "" : ".");

	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	return out;
}

/* The hint under a field's label: its description and how to fill it in.
 * Returns whether one was written. */
static bool
field_hint(struct request *req, struct buf *b, const struct field_def *fd)
{
	const char *how = NULL;

	switch (fd->type) {
	case FIELD_STRLIST:
		how = fd->flags & FIELD_URIS ? N_("One web address per line.")
					      : N_("One per line.");
		break;
	case FIELD_EC:
		how = N_("A number with at most one decimal, like 7.5 or 7,5.");
		break;
	case FIELD_MONEY:
		how = N_("For example 125000 for €1,250.00.");
		break;
	default:
		break;
	}
	if (!fd->description && !how)
		return false;
	html_printf(b, "<p class=\"hint\" id=\"h-%s\">", fd->name);
	if (fd->description)
		html_txt(b, sentence(req, request_tr(req, fd->description)));
	if (fd->description && how)
		html_raw(b, " ");
	if (how)
		html_txt(b, request_tr(req, how));
	html_raw(b, "</p>\n");
	return true;
}

/* The message of a field's error (id e-NAME), when it has one. */
static void
field_error(struct request *req, struct buf *b, const struct field_def *fd,
	    const struct form_error *e)
{
	if (!e)
		return;
	html_printf(b, "<p class=\"error-message\" id=\"e-%s\"><span class=\"visually-hidden\">"
		    "%s: </span>%s</p>\n", fd->name, request_tr(req, "Error"),
		    page_reason(req, e->message));
}

/* The label text of a field, with "(required)" where it applies. */
static void
label_text(struct request *req, struct buf *b, const struct field_def *fd)
{
	html_txt(b, request_tr(req, fd->label));
	if ((fd->flags & FIELD_REQUIRED) && fd->type != FIELD_BOOL)
		html_printf(b, " <span class=\"required\">(%s)</span>",
			    request_tr(req, "required"));
}

/* One checkbox of a group. The first (n == 0) gets the field's own id,
 * so the error summary can take the reader there; the others add their
 * value to it. */
static void
check_item(struct buf *b, const struct field_def *fd, int n, const char *value,
	   const char *label, bool checked, bool invalid)
{
	const char *sep = n ? "-" : "", *suffix = n ? value : "";

	html_printf(b, "<div class=\"check\"><input type=\"checkbox\" id=\"f-%s%s%s\" "
		    "name=\"%s\" value=\"%s\"%R%R>", fd->name, sep, suffix, fd->name, value,
		    checked ? " checked" : "", invalid ? " aria-invalid=\"true\"" : "");
	html_printf(b, "<label for=\"f-%s%s%s\">%s</label></div>\n", fd->name, sep, suffix,
		    label);
}

/* Sorts outcomes by programme, so each programme's group is one block;
 * within a programme they stay in list (id) order. */
static int
by_programme(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(page_str(x, "programme_id"), page_str(y, "programme_id"));

	if (c)
		return c;
	return strcmp(page_str(x, "id"), page_str(y, "id"));
}

/* The checkboxes of an ENUMSET or REFLIST field in a fieldset. Outcomes
 * are grouped by programme, each group in a fieldset of its own. */
static void
checkbox_group(struct request *req, struct buf *b, const struct entity_def *def,
	       const struct field_def *fd, const struct form *values,
	       const struct form_error *err)
{
	struct buf hint = BUF_INIT;
	bool has_hint = field_hint(req, &hint, fd);
	const char *describe = described_by(req, fd, has_hint, err != NULL);
	int n = 0;

	html_printf(b, "<fieldset class=\"field%R\" id=\"g-%s\"%R>\n<legend>",
		    err ? " has-error" : "", fd->name, /* markup */ describe);
	label_text(req, b, fd);
	html_raw(b, "</legend>\n");
	buf_puts(b, buf_str(&hint));
	buf_release(&hint);
	field_error(req, b, fd, err);
	/* an empty marker, so an update knows the group was on the page even
	 * when no box is ticked */
	html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"\">\n", fd->name);
	if (fd->type == FIELD_ENUMSET) {
		for (const char *const *v = fd->values; v && *v; v++, n++)
			check_item(b, fd, n, *v, label_value(req->lang, *v),
				   form_has(values, fd->name, *v), err != NULL);
	} else {
		const struct entity_def *ref = entity_find(fd->ref);
		json_t *items = ref_options(req, def, fd);
		size_t count = json_array_size(items);
		json_t **sorted = arena_alloc(&req->arena, (count + 1) * sizeof(*sorted));
		const char *group = NULL;

		if (count == 0)
			html_printf(b, "<p>%s</p>\n", request_tr(req, "There is nothing to choose "
								      "from yet."));
		for (size_t i = 0; i < count; i++)
			sorted[i] = json_array_get(items, i);
		if (ref == &outcomes_def && count > 1)
			qsort(sorted, count, sizeof(*sorted), by_programme);
		for (size_t i = 0; i < count; i++) {
			const json_t *r = sorted[i];
			const char *id = page_str(r, "id");
			const char *g = ref == &outcomes_def ? page_str(r, "programme_id") : NULL;
			if (g && (!group || strcmp(group, g) != 0)) {
				if (group)
					html_raw(b, "</fieldset>\n");
				html_printf(b, "<fieldset class=\"subgroup\"><legend>%s</legend>\n",
					    view_ref_label(req, "programmes", g));
				group = g;
			}
			check_item(b, fd, n++, id, option_label(req, ref, r),
				   form_has(values, fd->name, id), err != NULL);
		}
		if (group)
			html_raw(b, "</fieldset>\n");
		json_decref(items);
	}
	html_raw(b, "</fieldset>\n");
}

/* A select for an ENUM or REF field. */
static void
select_field(struct request *req, struct buf *b, const struct entity_def *def,
	     const struct field_def *fd, const char *chosen, const char *attrs)
{
	html_printf(b, "<select id=\"f-%s\" name=\"%s\"%R>\n<option value=\"\">%s</option>\n",
		    fd->name, fd->name, /* markup */ attrs, request_tr(req, "— choose —"));
	if (fd->type == FIELD_ENUM) {
		for (const char *const *v = fd->values; v && *v; v++)
			html_printf(b, "<option value=\"%s\"%R>%s</option>\n", *v,
				    chosen && strcmp(chosen, *v) == 0 ? " selected" : "",
				    label_value(req->lang, *v));
	} else {
		const struct entity_def *ref = entity_find(fd->ref);
		json_t *items = ref_options(req, def, fd), *r;
		size_t i;

		json_array_foreach(items, i, r)
			html_printf(b, "<option value=\"%s\"%R>%s</option>\n", page_str(r, "id"),
				    chosen && strcmp(chosen, page_str(r, "id")) == 0 ? " selected" : "",
				    option_label(req, ref, r));
		/* a value outside the options (not visible, or past the limit)
		 * stays chosen rather than being lost on saving */
		if (chosen && *chosen && !has_option(items, chosen))
			html_printf(b, "<option value=\"%s\" selected>%s</option>\n", chosen,
				    view_ref_label(req, fd->ref, chosen));
		json_decref(items);
	}
	html_raw(b, "</select>\n");
}

/* One field of the form, with label, hint, error and input. */
static void
form_field(struct request *req, struct buf *b, const struct entity_def *def,
	   const struct field_def *fd, const struct form *values, const json_t *record,
	   const struct form_errors *errs)
{
	const struct form_error *err = form_error_for(errs, fd->name);
	const char *value = form_get(values, fd->name);
	struct buf hint = BUF_INIT;
	bool has_hint;
	const char *attrs;

	if (fd->type == FIELD_PASSWORD)
		return;
	if (fd->type == FIELD_ENUMSET || fd->type == FIELD_REFLIST) {
		checkbox_group(req, b, def, fd, values, err);
		return;
	}
	if (record && (fd->flags & FIELD_IMMUTABLE)) {
		/* set when the record was made; shown, never sent */
		html_printf(b, "<div class=\"field\"><p class=\"label\" id=\"f-%s\">%s</p>\n"
			    "<p class=\"readonly\">", fd->name, request_tr(req, fd->label));
		view_value(req, b, fd, json_object_get(record, fd->name));
		html_printf(b, " <span class=\"hint\">(%s)</span></p></div>\n",
			    request_tr(req, "cannot be changed"));
		return;
	}
	has_hint = field_hint(req, &hint, fd);
	attrs = arena_printf(&req->arena, "%s%s%s",
			     described_by(req, fd, has_hint, err != NULL),
			     err ? " aria-invalid=\"true\"" : "",
			     (fd->flags & FIELD_REQUIRED) && fd->type != FIELD_BOOL
				     ? " required" : "");
	if (fd->type == FIELD_BOOL) {
		html_printf(b, "<div class=\"field check%R\">", err ? " has-error" : "");
		field_error(req, b, fd, err);
		html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"\">"
			    "<input type=\"checkbox\" id=\"f-%s\" name=\"%s\" value=\"true\"%R%R>"
			    "<label for=\"f-%s\">", fd->name, fd->name, fd->name,
			    form_has(values, fd->name, "true") ? " checked" : "", /* markup */ attrs, fd->name);
		label_text(req, b, fd);
		html_raw(b, "</label>\n");
		buf_puts(b, buf_str(&hint));
		buf_release(&hint);
		html_raw(b, "</div>\n");
		return;
	}
	html_printf(b, "<div class=\"field%R\"><label for=\"f-%s\">", err ? " has-error" : "",
		    fd->name);
	label_text(req, b, fd);
	html_raw(b, "</label>\n");
	buf_puts(b, buf_str(&hint));
	buf_release(&hint);
	field_error(req, b, fd, err);
	switch (fd->type) {
	case FIELD_LONGTEXT:
	case FIELD_STRLIST:
		html_printf(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"%d\"%R>%s</textarea>\n",
			    fd->name, fd->name, fd->type == FIELD_LONGTEXT ? 6 : 4, /* markup */ attrs,
			    value ? value : "");
		break;
	case FIELD_ENUM:
	case FIELD_REF:
		select_field(req, b, def, fd, value, attrs);
		break;
	case FIELD_INT:
	case FIELD_MONEY:
		html_printf(b, "<input type=\"number\" id=\"f-%s\" name=\"%s\" value=\"%s\" "
			    "min=\"%lld\" max=\"%lld\" step=\"1\" inputmode=\"numeric\"%R>\n",
			    fd->name, fd->name, value ? value : "", (long long)fd->min,
			    (long long)fd->max, /* markup */ attrs);
		break;
	case FIELD_EC:
		/* text, not number: "7,5" must be accepted as typed */
		html_printf(b, "<input type=\"text\" id=\"f-%s\" name=\"%s\" value=\"%s\" "
			    "inputmode=\"decimal\" class=\"short\"%R>\n", fd->name, fd->name,
			    value ? value : "", /* markup */ attrs);
		break;
	case FIELD_DATE:
		html_printf(b, "<input type=\"date\" id=\"f-%s\" name=\"%s\" value=\"%s\" "
			    "class=\"short\"%R>\n", fd->name, fd->name, value ? value : "", /* markup */ attrs);
		break;
	default:
		html_printf(b, "<input type=\"%s\" id=\"f-%s\" name=\"%s\" value=\"%s\"%R%R>\n",
			    fd->type == FIELD_EMAIL ? "email"
			    : fd->type == FIELD_URL ? "url" : "text",
			    fd->name, fd->name, value ? value : "",
			    fd->type == FIELD_EMAIL
				    ? " autocomplete=\"off\" spellcheck=\"false\"" : "",
			    /* markup */ attrs);
		break;
	}
	html_raw(b, "</div>\n");
}

/* The summary of every problem at the top of the form, each linked to
 * its input. */
static void
error_summary(struct request *req, struct buf *b, const struct entity_def *def,
	      const struct form_errors *errs)
{
	if (errs->count == 0)
		return;
	html_printf(b, "<div class=\"error-summary\" role=\"alert\" "
		    "aria-labelledby=\"error-summary-title\" tabindex=\"-1\">\n"
		    "<h2 id=\"error-summary-title\">%s</h2>\n<ul>\n",
		    request_tr(req, "There is a problem"));
	for (int i = 0; i < errs->count; i++) {
		const struct form_error *e = &errs->items[i];
		const struct field_def *fd = e->field[0] ? entity_field(def, e->field) : NULL;
		if (fd && fd->type != FIELD_PASSWORD)
			html_printf(b, "<li><a href=\"#f-%s\">%s: %s</a></li>\n", fd->name,
				    request_tr(req, fd->label), page_reason(req, e->message));
		else
			html_printf(b, "<li>%s</li>\n", page_reason(req, e->message));
	}
	html_raw(b, "</ul>\n</div>\n");
}

/* The whole form: for a new record (record NULL) or for record. */
static void
record_form(struct request *req, struct buf *b, const struct admin_entity *ae,
	    const json_t *record, const struct form *values, const struct form_errors *errs)
{
	const char *version = form_get(values, "version");

	error_summary(req, b, ae->def, errs);
	if (record)
		html_printf(b, "<form method=\"post\" action=\"/admin/%s/%u\" class=\"record\" "
			    "novalidate>\n", ae->segment, page_str(record, "id"));
	else
		html_printf(b, "<form method=\"post\" action=\"/admin/%s\" class=\"record\" "
			    "novalidate>\n", ae->segment);
	page_csrf_field(req, b);
	html_raw(b, "\n");
	if (record && version)
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%s\">\n", version);
	for (int i = 0; i < ae->def->field_count; i++)
		form_field(req, b, ae->def, &ae->def->fields[i], values, record, errs);
	html_printf(b, "<div class=\"buttons\"><button type=\"submit\">%s</button> "
		    "<a href=\"/admin/%s\">%s</a></div>\n</form>\n",
		    record ? request_tr(req, "Save changes") : request_tr(req, "Create"),
		    ae->segment, request_tr(req, "Cancel"));
}

/* Links from a record to the records that hang on it. */
static void
related_links(struct request *req, struct buf *b, const struct admin_entity *ae,
	      const json_t *record, bool may_change)
{
	const char *id = page_str(record, "id");

	html_raw(b, "<ul class=\"actions\">\n");
	if (ae->def == &programmes_def) {
		html_printf(b, "<li><a href=\"/admin/outcomes?programme_id=%u\">%s</a></li>\n"
			    "<li><a href=\"/catalog/programmes/%u\">%s</a></li>\n",
			    id, request_tr(req, "Learning outcomes of this programme"), id,
			    request_tr(req, "See it in the catalog"));
		if (may_change)
			html_printf(b, "<li><a href=\"/admin/outcomes/new?programme_id=%u\">%s"
				    "</a></li>\n", id, request_tr(req, "Add a learning outcome"));
	} else if (ae->def == &outcomes_def) {
		html_printf(b, "<li><a href=\"/admin/offerings?outcome_id=%u\">%s</a></li>\n"
			    "<li><a href=\"/admin/programmes/%u\">%s</a></li>\n", id,
			    request_tr(req, "Offerings that serve this outcome"),
			    page_str(record, "programme_id"), request_tr(req, "Its programme"));
	} else if (ae->def == &persons_def) {
		html_printf(b, "<li><a href=\"/admin/employments?person_id=%u\">%s</a></li>\n",
			    id, request_tr(req, "Employments of this person"));
		if (authz_may_create_some(&req->actor, &employments_def))
			html_printf(b, "<li><a href=\"/admin/employments/new?person_id=%u\">%s"
				    "</a></li>\n", id, request_tr(req, "Add an employment"));
	} else if (ae->def == &organisations_def) {
		html_printf(b, "<li><a href=\"/admin/programmes?institution_id=%u\">%s</a></li>\n"
			    "<li><a href=\"/admin/offerings?provider_id=%u\">%s</a></li>\n"
			    "<li><a href=\"/admin/employments?employer_id=%u\">%s</a></li>\n"
			    "<li><a href=\"/admin/network-memberships?network_id=%u\">%s"
			    "</a></li>\n",
			    id, request_tr(req, "Its programmes"), id,
			    request_tr(req, "Its offerings"), id, request_tr(req, "Its employees"),
			    id, request_tr(req, "Members of this network"));
	}
	html_printf(b, "<li><a href=\"/admin/%s\">%s</a></li>\n</ul>\n", ae->segment,
		    request_tr(req, "Back to the list"));
}

/* The record's fields as a list, for readers who may not change it. */
static void
record_details(struct request *req, struct buf *b, const struct entity_def *def,
	       const json_t *record)
{
	html_raw(b, "<dl class=\"facts\">\n");
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *fd = &def->fields[i];
		if (fd->type == FIELD_PASSWORD)
			continue;
		html_printf(b, "<div><dt>%s</dt><dd>", request_tr(req, fd->label));
		view_value(req, b, fd, json_object_get(record, fd->name));
		html_raw(b, "</dd></div>\n");
	}
	html_raw(b, "</dl>\n");
}

/* The title of a record's page: "Programme: Ad Engineering". */
static const char *
record_title(struct request *req, const struct admin_entity *ae, const json_t *record)
{
	return arena_printf(&req->arena, "%s: %s", request_tr(req, ae->def->label),
			    view_record_label(req, ae->def, record));
}

/* The new-record page, with values and errors (both may be empty). */
static void
new_page(struct request *req, struct response *res, const struct admin_entity *ae,
	 const struct form *values, const struct form_errors *errs, int status)
{
	struct buf *b;

	page_begin(req, res, request_tr(req, ae->new_title));
	b = &res->body;
	html_printf(b, "<p><a href=\"/admin/%s\">%s</a></p>\n", ae->segment,
		    request_tr(req, ae->def->label_plural));
	if (request_query(req, "saved") && errs->count == 0)
		page_notice(b, request_tr(req, "Saved. Now record where this person works."));
	record_form(req, b, ae, NULL, values, errs);
	res->status = status;
	page_end(req, res);
}

/* The page of a record: its form, or its details when the reader may not
 * change it; notice and conflict as they apply. */
static void
edit_page(struct request *req, struct response *res, const struct admin_entity *ae,
	  const json_t *record, const struct form *values, const struct form_errors *errs,
	  int status)
{
	struct buf *b;
	struct lp_error saved = req->err;
	bool may_change = authz_record(&req->ctx, ae->def, AUTHZ_UPDATE, record) == LP_OK;

	req->err = saved;
	page_begin(req, res, record_title(req, ae, record));
	b = &res->body;
	if (request_query(req, "saved") && errs->count == 0)
		page_notice(b, request_tr(req, "Saved."));
	if (status == 409)
		html_printf(b, "<p><a href=\"/admin/%s/%u\">%s</a></p>\n", ae->segment,
			    page_str(record, "id"), request_tr(req, "Load the current version"));
	if (may_change || errs->count) {
		record_form(req, b, ae, record, values, errs);
	} else {
		html_printf(b, "<p>%s</p>\n", request_tr(req,
			    "Your roles let you see this record, not change it."));
		record_details(req, b, ae->def, record);
	}
	html_printf(b, "<h2>%s</h2>\n", request_tr(req, "Related"));
	related_links(req, b, ae, record, may_change);
	res->status = status;
	page_end(req, res);
}

/* Turns a refusal of the domain into errors for the form; returns the
 * HTTP status to answer with, or 0 when the failure needs an error page
 * (not found, or a fault on our side). */
static int
domain_errors(struct request *req, const struct entity_def *def, struct form_errors *errs)
{
	const struct lp_error *e = &req->err;

	switch (e->status) {
	case LP_EINVAL:
		form_error_add(errs, e->field[0] && entity_field(def, e->field) ? e->field : "",
			       e->reason);
		return 422;
	case LP_EFORBIDDEN:
		form_error_add(errs, "", "Your roles do not allow this change for this "
					 "organisation.");
		return 403;
	case LP_ECONFLICT:
		form_error_add(errs, "", "Someone else changed this record while you were "
					 "editing it. Load the current version, then make your "
					 "change again.");
		return 409;
	default:
		return 0;
	}
}

void
web_admin_new(struct request *req, struct response *res)
{
	const struct admin_entity *ae;
	struct form values;
	struct form_errors errs = { 0 };

	if (!admin_allowed(req, res) || !(ae = admin_entity(req, res)))
		return;
	form_init(&values, &req->arena);
	/* ?programme_id=... fills in the record this one hangs on */
	for (int i = 0; i < ae->def->field_count; i++) {
		const char *v = request_query(req, ae->def->fields[i].name);
		if (v && *v)
			form_add(&values, ae->def->fields[i].name, v);
	}
	new_page(req, res, ae, &values, &errs, 200);
}

/* Reads the posted form into values; false after an error page. */
static bool
posted_form(struct request *req, struct response *res, struct form *values)
{
	form_init(values, &req->arena);
	if (form_parse(values, req->body, req->body_len, &req->err)) {
		page_error(req, res);
		return false;
	}
	return true;
}

void
web_admin_create(struct request *req, struct response *res)
{
	const struct admin_entity *ae;
	struct form values;
	struct form_errors errs = { 0 };
	json_t *input = NULL, *record = NULL;
	int status;

	if (!admin_allowed(req, res) || !(ae = admin_entity(req, res)) ||
	    !posted_form(req, res, &values))
		return;
	if (form_to_json(ae->def, &values, true, &input, &errs)) {
		new_page(req, res, ae, &values, &errs, 422);
		return;
	}
	if (entity_create(&req->ctx, ae->def, input, &record)) {
		json_decref(input);
		status = domain_errors(req, ae->def, &errs);
		if (status)
			new_page(req, res, ae, &values, &errs, status);
		else
			page_error(req, res);
		return;
	}
	json_decref(input);
	/* the new record's page, when the reader may see it there; an
	 * employer sees a new person only once they work there, so the next
	 * step for them is recording that employment */
	if (authz_record(&req->ctx, ae->def, AUTHZ_READ, record) == LP_OK)
		response_redirect(res, arena_printf(&req->arena, "/admin/%s/%s?saved=1",
						    ae->segment, page_str(record, "id")));
	else if (ae->def == &persons_def)
		response_redirect(res, arena_printf(&req->arena,
						    "/admin/employments/new?person_id=%s&saved=1",
						    page_str(record, "id")));
	else
		response_redirect(res, arena_printf(&req->arena, "/admin/%s?saved=1",
						    ae->segment));
	lp_error_clear(&req->err);
	json_decref(record);
}

void
web_admin_edit(struct request *req, struct response *res)
{
	const struct admin_entity *ae;
	struct form values;
	struct form_errors errs = { 0 };
	json_t *record = NULL;

	if (!admin_allowed(req, res) || !(ae = admin_entity(req, res)))
		return;
	if (entity_get(&req->ctx, ae->def, req->params[1], &record)) {
		page_error(req, res);
		return;
	}
	form_init(&values, &req->arena);
	record_to_form(ae->def, record, req->lang, &values);
	edit_page(req, res, ae, record, &values, &errs, 200);
	json_decref(record);
}

void
web_admin_update(struct request *req, struct response *res)
{
	const struct admin_entity *ae;
	struct form values;
	struct form_errors errs = { 0 };
	json_t *patch = NULL, *record = NULL, *updated = NULL;
	int status = 422;

	if (!admin_allowed(req, res) || !(ae = admin_entity(req, res)) ||
	    !posted_form(req, res, &values))
		return;
	if (entity_get(&req->ctx, ae->def, req->params[1], &record)) {
		page_error(req, res);
		return;
	}
	if (form_to_json(ae->def, &values, false, &patch, &errs) == LP_OK) {
		if (entity_update(&req->ctx, ae->def, req->params[1], patch, &updated) == LP_OK) {
			response_redirect(res, arena_printf(&req->arena, "/admin/%s/%s?saved=1",
							    ae->segment, req->params[1]));
			goto out;
		}
		status = domain_errors(req, ae->def, &errs);
		if (!status) {
			page_error(req, res);
			goto out;
		}
	}
	edit_page(req, res, ae, record, &values, &errs, status);
out:
	json_decref(patch);
	json_decref(record);
	json_decref(updated);
}
