/* page_schemes.c: the voucher authority manages schemes and vouchers
 *
 *   GET  /money/schemes/new             the form for a new scheme
 *   POST /money/schemes                 create it (funds its budget)
 *   GET  /money/schemes/{id}            the scheme: terms, budget used,
 *                                       committed and free, its vouchers,
 *                                       a form to issue one and to revoke
 *   GET  /money/schemes/{id}/edit       the form to change it
 *   POST /money/schemes/{id}            change it (a new budget moves the
 *                                       difference in the ledger)
 *   POST /money/schemes/{id}/vouchers   issue a voucher to a learner
 *   POST /money/vouchers/{id}/revoke    revoke a voucher, with a reason
 *
 * Amounts are typed and shown in euros in the reader's language
 * ("1.250,00") and kept in cents. Every form that moves money carries a
 * token made when the form was drawn; it is the write's Idempotency-Key
 * (domain/idempotency.h), stored with the redirect it answered in the
 * same transaction, so a form sent twice moves nothing twice and shows
 * the first result. A refusal of the domain (an ineligible learner, a
 * budget too small) is shown at its field, in the reader's language.
 */
#include "surfaces/web/web.h"
#include "surfaces/web/form.h"
#include "surfaces/web/page.h"
#include "surfaces/web/page_form.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/view.h"
#include "base/money.h"
#include "base/timeutil.h"
#include "domain/authz.h"
#include "domain/scheme.h"
#include "domain/voucher.h"

#include <stdio.h>
#include <string.h>

/* Credits in tenths as text: "30", "7,5" (Dutch) or "7.5". Arena. */
static const char *
ec_text(struct request *req, int64_t tenths)
{
	if (tenths % 10 == 0)
		return arena_printf(&req->arena, "%lld", (long long)(tenths / 10));
	return arena_printf(&req->arena, "%lld%c%lld", (long long)(tenths / 10),
			    req->lang == LANG_EN ? '.' : ',', (long long)(tenths % 10));
}

/* The eligibility rules a scheme may name, with their labels. */
static const struct {
	const char *name, *msgid;
} rule_labels[] = {
	{ "working", N_("Working: has a current employment") },
	{ "no_diploma", N_("Does not yet hold the diploma of a participating programme") },
	{ "enrolled", N_("Enrolled in a participating programme") },
};

static const char *
rule_label(struct request *req, const char *name)
{
	for (size_t i = 0; i < sizeof(rule_labels) / sizeof(rule_labels[0]); i++)
		if (name && strcmp(rule_labels[i].name, name) == 0)
			return request_tr(req, rule_labels[i].msgid);
	return name ? name : "";
}

/* The input name a field of the domain is shown at. */
static const char *
input_of(const char *field)
{
	static const struct {
		const char *domain, *input;
	} map[] = {
		{ "value_per_30ec_cents", "value" }, { "budget_cents", "budget" },
		{ "name", "name" }, { "issue_from", "issue_from" },
		{ "issue_until", "issue_until" }, { "spend_by", "spend_by" },
		{ "programme_ids", "programme_ids" }, { "rules", "rules" },
		{ "max_vouchers_per_learner", "max_vouchers_per_learner" },
		{ "allow_partial", "allow_partial" }, { "person_id", "person_id" },
		{ "ec", "ec" }, { "reason", "reason" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].domain, field) == 0)
			return map[i].input;
	return "";
}

/* Turns a refusal of the domain into a form error; returns the HTTP
 * status to answer with, or 0 when it needs an error page. */
static int
domain_error(struct request *req, struct form_errors *errs)
{
	const struct lp_error *e = &req->err;

	switch (e->status) {
	case LP_EINVAL:
		form_error_add(errs, input_of(e->field), e->reason);
		return 422;
	case LP_ECONFLICT:
		if (strcmp(e->field, "version") == 0)
			form_error_add(errs, "", "Someone else changed this record while you were "
						 "editing it. Load the current version, then make your "
						 "change again.");
		else
			form_error_add(errs, input_of(e->field), e->reason);
		return 409;
	default:
		return 0;
	}
}

/* Runs op once for the form's token (page_form_once) and redirects when it
 * is done: 303. Otherwise the refusal becomes errs and the status to draw
 * the form again with (422, 409), or 0 when an error page is due. Takes
 * in's reference. */
static int
submit(struct request *req, struct response *res, const struct form *values, json_t *in,
       page_form_op op, struct form_errors *errs)
{
	const char *location;
	enum lp_status rc = page_form_once(req, form_get(values, "idem"), in, op, &location);

	json_decref(in);
	if (rc == LP_OK) {
		response_redirect(res, location);
		return 303;
	}
	return domain_error(req, errs);
}

/* ---- the scheme form ------------------------------------------------------ */

/* The programmes a scheme may take part with, each with its provider and
 * whether that is funded or private; a new array. */
static json_t *
programme_choices(struct request *req)
{
	static const char *const prog_fields[] = { "name", "institution_id", NULL };
	static const char *const org_fields[] = { "name", "funded", NULL };
	struct entity_query q = { 0 };
	json_t *progs = NULL, *orgs = NULL, *p, *o;
	size_t i, k;

	if (view_load_fields(req, &programmes_def, &q, 2000, prog_fields, &progs))
		return json_array();
	memset(&q, 0, sizeof(q));
	view_filter(&q, "kind", "institution");
	if (view_load_fields(req, &organisations_def, &q, 2000, org_fields, &orgs))
		orgs = json_array();
	json_array_foreach(progs, i, p) {
		json_array_foreach(orgs, k, o) {
			if (page_str(p, "institution_id") && strcmp(page_str(o, "id"), page_str(p, "institution_id")) == 0) {
				json_object_set(p, "institution", json_object_get(o, "name"));
				json_object_set(p, "funded", json_object_get(o, "funded"));
			}
		}
	}
	json_decref(orgs);
	return progs;
}

/* The whole form of a scheme: new (scheme NULL) or a change of scheme;
 * values are the pairs to show (as sent, or from the stored scheme). */
static void
scheme_form(struct request *req, struct buf *b, const json_t *scheme, const struct form *values,
	    const struct form_errors *errs)
{
	json_t *progs = programme_choices(req), *p;
	bool err;
	size_t i;

	page_form_error_summary(req, b, errs);
	if (scheme)
		html_printf(b, "<form method=\"post\" action=\"/money/schemes/%u\" class=\"record\" "
			    "novalidate>\n", page_str(scheme, "id"));
	else
		html_raw(b, "<form method=\"post\" action=\"/money/schemes\" class=\"record\" "
			 "novalidate>\n");
	page_csrf_field(req, b);
	html_raw(b, "\n");
	page_form_token(b, form_get(values, "idem"));
	if (scheme)
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%s\">\n",
			    form_get(values, "version") ? form_get(values, "version") : "");
	page_form_text(req, b, "name", request_tr(req, "Name"), NULL, "text", form_get(values, "name"),
		   true, errs, " maxlength=\"200\"");
	page_form_text(req, b, "value", request_tr(req, "Value per 30 EC in euros"),
		   request_tr(req, "For example 1.250,00. A voucher for fewer EC is worth its share, "
			      "rounded down to the cent."), "text", form_get(values, "value"), true,
		   errs, " inputmode=\"decimal\" class=\"short\"");
	page_form_text(req, b, "budget", request_tr(req, "Total budget in euros"),
		   request_tr(req, "For example 2.500.000,00. Every voucher takes its value from "
			      "this budget when it is issued."), "text", form_get(values, "budget"),
		   true, errs, " inputmode=\"decimal\" class=\"short\"");
	page_form_text(req, b, "issue_from", request_tr(req, "Vouchers are issued from"), NULL, "date",
		   form_get(values, "issue_from"), true, errs, " class=\"short\"");
	page_form_text(req, b, "issue_until", request_tr(req, "Vouchers are issued until"), NULL,
		   "date", form_get(values, "issue_until"), true, errs, " class=\"short\"");
	page_form_text(req, b, "spend_by", request_tr(req, "Spend by"),
		   request_tr(req, "After this date unused vouchers expire."), "date",
		   form_get(values, "spend_by"), true, errs, " class=\"short\"");
	page_form_text(req, b, "max_vouchers_per_learner",
		   request_tr(req, "Most vouchers per learner"), NULL, "number",
		   form_get(values, "max_vouchers_per_learner"), true, errs,
		   " min=\"1\" max=\"100\" step=\"1\" class=\"short\"");
	/* the participating programmes */
	err = form_error_for(errs, "programme_ids") != NULL;
	html_printf(b, "<fieldset class=\"field%R\" id=\"g-programme_ids\"%R>\n<legend>%s "
		    "<span class=\"required\">(%s)</span></legend>\n", err ? " has-error" : "",
		    err ? " aria-describedby=\"e-programme_ids\"" : "",
		    request_tr(req, "Participating programmes"), request_tr(req, "required"));
	page_form_field_error(req, b, "programme_ids", errs);
	json_array_foreach(progs, i, p) {
		const char *id = page_str(p, "id");

		html_printf(b, "<div class=\"check\"><input type=\"checkbox\" id=\"f-programme_ids%R%s\" "
			    "name=\"programme_ids\" value=\"%s\"%R%R><label for=\"f-programme_ids%R%s\">"
			    "%s — %s (%s)</label></div>\n", i ? "-" : "", i ? id : "", id,
			    form_has(values, "programme_ids", id) ? " checked" : "",
			    err ? " aria-invalid=\"true\"" : "", i ? "-" : "", i ? id : "",
			    page_str(p, "name"), page_str(p, "institution") ? page_str(p, "institution") : "",
			    request_tr(req, json_is_true(json_object_get(p, "funded")) ||
					    json_integer_value(json_object_get(p, "funded")) ?
					    "funded" : "private"));
	}
	html_raw(b, "</fieldset>\n");
	/* the eligibility rules */
	err = form_error_for(errs, "rules") != NULL;
	html_printf(b, "<fieldset class=\"field%R\" id=\"g-rules\"%R>\n<legend>%s</legend>\n"
		    "<p class=\"hint\">%s</p>\n", err ? " has-error" : "",
		    err ? " aria-describedby=\"e-rules\"" : "",
		    request_tr(req, "Who may get a voucher"),
		    request_tr(req, "A voucher is issued only to a learner who meets every rule "
			       "ticked here."));
	page_form_field_error(req, b, "rules", errs);
	for (i = 0; i < sizeof(rule_labels) / sizeof(rule_labels[0]); i++)
		html_printf(b, "<div class=\"check\"><input type=\"checkbox\" id=\"f-rules%R%s\" "
			    "name=\"rules\" value=\"%s\"%R><label for=\"f-rules%R%s\">%s</label></div>\n",
			    i ? "-" : "", i ? rule_labels[i].name : "", rule_labels[i].name,
			    form_has(values, "rules", rule_labels[i].name) ? " checked" : "",
			    i ? "-" : "", i ? rule_labels[i].name : "",
			    request_tr(req, rule_labels[i].msgid));
	html_raw(b, "</fieldset>\n");
	html_printf(b, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-allow_partial\" "
		    "name=\"allow_partial\" value=\"true\"%R><label for=\"f-allow_partial\">%s</label>"
		    "</div>\n", form_has(values, "allow_partial", "true") ? " checked" : "",
		    request_tr(req, "A voucher may be used in parts"));
	html_printf(b, "<div class=\"buttons\"><button type=\"submit\">%s</button></div>\n</form>\n",
		    request_tr(req, scheme ? "Save the changes" : "Create the scheme"));
	json_decref(progs);
}

/* The pairs that show a stored scheme in its form. */
static void
scheme_to_form(struct request *req, const json_t *s, struct form *f)
{
	size_t i;
	json_t *v;

	form_add(f, "name", page_str(s, "name"));
	form_add(f, "value", page_form_amount(req, page_int(s, "value_per_30ec_cents")));
	form_add(f, "budget", page_form_amount(req, page_int(s, "budget_cents")));
	form_add(f, "issue_from", page_str(s, "issue_from"));
	form_add(f, "issue_until", page_str(s, "issue_until"));
	form_add(f, "spend_by", page_str(s, "spend_by"));
	form_add(f, "max_vouchers_per_learner",
		 arena_printf(&req->arena, "%lld", (long long)page_int(s, "max_vouchers_per_learner")));
	form_add(f, "version", arena_printf(&req->arena, "%lld", (long long)page_int(s, "version")));
	if (json_is_true(json_object_get(s, "allow_partial")))
		form_add(f, "allow_partial", "true");
	json_array_foreach(json_object_get(s, "programme_ids"), i, v)
		form_add(f, "programme_ids", json_string_value(v));
	json_array_foreach(json_object_get(s, "rules"), i, v)
		form_add(f, "rules", json_string_value(v));
}

/* The input of scheme_create or scheme_update from the form; false with
 * errs filled when an amount or number cannot be read. */
static bool
scheme_input(struct request *req, const struct form *f, bool creating, json_t **out,
	     struct form_errors *errs)
{
	json_t *in = json_object(), *progs = json_array(), *rules = json_array();
	const char *v;
	int64_t n;

	json_object_set_new(in, "name", json_string(form_get(f, "name") ? form_get(f, "name") : ""));
	v = form_get(f, "value");
	if (!v || !money_parse(v, req->lang, &n) || n < 1)
		form_error_add(errs, "value", "Enter an amount in euros above zero, like 1.250,00.");
	else
		json_object_set_new(in, "value_per_30ec_cents", json_integer(n));
	v = form_get(f, "budget");
	if (!v || !money_parse(v, req->lang, &n) || n < 1)
		form_error_add(errs, "budget", "Enter an amount in euros above zero, like 1.250,00.");
	else
		json_object_set_new(in, "budget_cents", json_integer(n));
	json_object_set_new(in, "issue_from", json_string(form_get(f, "issue_from") ?
							  form_get(f, "issue_from") : ""));
	json_object_set_new(in, "issue_until", json_string(form_get(f, "issue_until") ?
							   form_get(f, "issue_until") : ""));
	json_object_set_new(in, "spend_by", json_string(form_get(f, "spend_by") ?
							form_get(f, "spend_by") : ""));
	v = form_get(f, "max_vouchers_per_learner");
	if (!v || !form_parse_int(v, &n))
		form_error_add(errs, "max_vouchers_per_learner", "must be a whole number");
	else
		json_object_set_new(in, "max_vouchers_per_learner", json_integer(n));
	json_object_set_new(in, "allow_partial", json_boolean(form_has(f, "allow_partial",
								       "true")));
	for (int i = 0; i < f->count; i++) {
		if (strcmp(f->pairs[i].name, "programme_ids") == 0 && *f->pairs[i].value)
			json_array_append_new(progs, json_string(f->pairs[i].value));
		else if (strcmp(f->pairs[i].name, "rules") == 0 && *f->pairs[i].value)
			json_array_append_new(rules, json_string(f->pairs[i].value));
	}
	json_object_set_new(in, "programme_ids", progs);
	json_object_set_new(in, "rules", rules);
	v = form_get(f, "version");
	if (!creating && v && form_parse_int(v, &n))
		json_object_set_new(in, "version", json_integer(n));
	if (errs->count) {
		json_decref(in);
		*out = NULL;
		return false;
	}
	*out = in;
	return true;
}

/* The new-scheme page with values and errors. */
static void
new_page(struct request *req, struct response *res, const struct form *values,
	 const struct form_errors *errs, int status)
{
	page_begin(req, res, request_tr(req, "New voucher scheme"));
	html_printf(&res->body, "<p><a href=\"/money/schemes\">%s</a></p>\n",
		    request_tr(req, "Voucher schemes and budget"));
	scheme_form(req, &res->body, NULL, values, errs);
	res->status = status;
	page_end(req, res);
}

void
web_scheme_new(struct request *req, struct response *res)
{
	struct form values;
	struct form_errors errs = { 0 };
	char today[11];

	if (authz_money(&req->ctx, MONEY_MANAGE_SCHEMES)) {
		page_error(req, res);
		return;
	}
	form_init(&values, &req->arena);
	time_today(today);
	form_add(&values, "value", page_form_amount(req, SCHEME_DEFAULT_VALUE_CENTS));
	form_add(&values, "issue_from", today);
	form_add(&values, "max_vouchers_per_learner", "8");
	form_add(&values, "rules", "working");
	new_page(req, res, &values, &errs, 200);
}

static enum lp_status
op_create(struct request *req, const json_t *in, const char **location)
{
	json_t *out = NULL;
	enum lp_status rc = scheme_create(&req->ctx, in, &out);

	if (!rc)
		*location = arena_printf(&req->arena, "/money/schemes/%s?done=created",
					 page_str(out, "id"));
	json_decref(out);
	return rc;
}

void
web_scheme_create(struct request *req, struct response *res)
{
	struct form values;
	struct form_errors errs = { 0 };
	json_t *in = NULL;
	int status = 422;

	if (!page_form_posted(req, res, &values))
		return;
	if (authz_money(&req->ctx, MONEY_MANAGE_SCHEMES)) {
		page_error(req, res);
		return;
	}
	if (scheme_input(req, &values, true, &in, &errs)) {
		status = submit(req, res, &values, in, op_create, &errs);
		if (status == 303)
			return;
		if (!status) {
			page_error(req, res);
			return;
		}
	}
	lp_error_clear(&req->err);
	new_page(req, res, &values, &errs, status);
}

/* ---- one scheme ----------------------------------------------------------- */

/* The issue form: a learner, the EC; errors at their fields. */
static void
issue_form(struct request *req, struct buf *b, const json_t *s, const struct form *values,
	   const struct form_errors *errs)
{
	json_t *people = NULL, *p;
	const char *chosen = form_get(values, "person_id");
	bool err = form_error_for(errs, "person_id") != NULL;
	size_t i;

	html_printf(b, "<section aria-labelledby=\"issue-title\">\n<h2 id=\"issue-title\">%s</h2>\n",
		    request_tr(req, "Issue a voucher"));
	if (errs->count)
		page_form_error_summary(req, b, errs);
	html_printf(b, "<form method=\"post\" action=\"/money/schemes/%u/vouchers\" "
		    "class=\"record\" novalidate>\n", page_str(s, "id"));
	page_csrf_field(req, b);
	html_raw(b, "\n");
	page_form_token(b, form_get(values, "idem"));
	html_printf(b, "<div class=\"field%R\"><label for=\"f-person_id\">%s <span class=\"required\">"
		    "(%s)</span></label>\n<p class=\"hint\" id=\"h-person_id\">%s</p>\n",
		    err ? " has-error" : "", request_tr(req, "Learner"), request_tr(req, "required"),
		    request_tr(req, "Everyone who is enrolled, holds a voucher or has a learner's "
			       "account. The scheme's rules are checked when you issue."));
	page_form_field_error(req, b, "person_id", errs);
	html_printf(b, "<select id=\"f-person_id\" name=\"person_id\"%R>\n<option value=\"\">%s"
		    "</option>\n", /* markup */ page_form_input_attrs(req, "person_id", true, errs, true),
		    request_tr(req, "Choose a learner"));
	if (!scheme_learner_choices(&req->ctx, page_str(s, "id"), &people))
		json_array_foreach(people, i, p)
			html_printf(b, "<option value=\"%s\"%R>%s %s</option>\n", page_str(p, "id"),
				    chosen && strcmp(chosen, page_str(p, "id")) == 0 ? " selected" : "",
				    page_str(p, "given_name"), page_str(p, "family_name"));
	json_decref(people);
	html_raw(b, "</select>\n</div>\n");
	page_form_text(req, b, "ec", request_tr(req, "Credits (EC)"),
		   request_tr(req, "A whole number from 1 to 30. The voucher is worth the scheme's "
			      "value per 30 EC times EC / 30."), "number",
		   form_get(values, "ec") ? form_get(values, "ec") : "30", true, errs,
		   " min=\"1\" max=\"30\" step=\"1\" class=\"short\"");
	html_printf(b, "<div class=\"buttons\"><button type=\"submit\">%s</button></div>\n</form>\n"
		    "</section>\n", request_tr(req, "Issue the voucher"));
}

/* The translated label of a voucher state. */
static const char *
state_label(struct request *req, const char *state)
{
	static const struct {
		const char *state, *msgid;
	} labels[] = {
		{ "issued", "Issued" }, { "reserved", "Reserved" }, { "redeemed", "Redeemed" },
		{ "expired", "Expired" }, { "revoked", "Revoked" },
	};

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (state && strcmp(labels[i].state, state) == 0)
			return request_tr(req, labels[i].msgid);
	return state ? state : "";
}

/* The vouchers of the scheme, with a revoke form where one may be
 * revoked; revoke_id and errs: a refused revocation to show. */
static void
vouchers_table(struct request *req, struct buf *b, const json_t *s, const char *revoke_id,
	       const struct form_errors *errs)
{
	json_t *list = NULL, *v;
	char spend_by[LABEL_DATE_LEN];
	size_t i;

	html_printf(b, "<section aria-labelledby=\"vouchers-title\">\n<h2 id=\"vouchers-title\">%s"
		    "</h2>\n", request_tr(req, "Vouchers of this scheme"));
	if (scheme_vouchers(&req->ctx, page_str(s, "id"), &list)) {
		/* the page is half written: say so in it, never as "no vouchers" */
		html_printf(b, "<p class=\"error-message\" role=\"alert\">%s</p>\n</section>\n",
			    req->err.reason[0] ? req->err.reason :
			    request_tr(req, "The vouchers could not be read."));
		lp_error_clear(&req->err);
		return;
	}
	if (json_array_size(list) == 0) {
		html_printf(b, "<p>%s</p>\n</section>\n", request_tr(req, "No vouchers yet."));
		json_decref(list);
		return;
	}
	html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>%s</caption>\n<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead>\n<tbody>\n", request_tr(req, "Vouchers, newest first"),
		    request_tr(req, "Learner"), request_tr(req, "EC"), request_tr(req, "Value"),
		    request_tr(req, "State"), request_tr(req, "Spend by"), request_tr(req, "Action"));
	json_array_foreach(list, i, v) {
		const char *id = page_str(v, "id"), *state = page_str(v, "state");
		bool mine = revoke_id && strcmp(revoke_id, id) == 0;
		const char *name = arena_printf(&req->arena, "reason-%s", id);

		html_printf(b, "<tr><th scope=\"row\">%s %s</th><td>%s</td><td class=\"number\">",
			    page_str(v, "given_name"), page_str(v, "family_name"),
			    ec_text(req, page_int(v, "ec_tenths")));
		page_money(req, b, page_int(v, "value_cents"));
		/* the reason is typed by people: escaped like all stored text */
		html_printf(b, "</td><td>%s%s%s</td><td>%s</td><td>", state_label(req, state),
			    page_str(v, "reason") ? ": " : "", page_str(v, "reason") ? page_str(v, "reason") : "",
			    label_date(req->lang, page_str(v, "spend_by"), spend_by));
		if (strcmp(state, "issued") == 0 || strcmp(state, "reserved") == 0) {
			bool err = mine && form_error_for(errs, "reason") != NULL;

			html_printf(b, "<form method=\"post\" action=\"/money/vouchers/%u/revoke\" "
				    "class=\"inline\" novalidate>", id);
			page_csrf_field(req, b);
			page_form_token(b, NULL);
			html_printf(b, "<label for=\"f-%s\">%s</label> ", name,
				    request_tr(req, "Reason for revoking"));
			if (err)
				html_printf(b, "<span class=\"error-message\" id=\"e-%s\">%s</span> ",
					    name, page_reason(req, form_error_for(errs, "reason")->message));
			html_printf(b, "<input id=\"f-%s\" name=\"reason\" maxlength=\"500\" required",
				    name);
			if (err)
				html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
			html_printf(b, "> <button type=\"submit\">%s</button></form>",
				    request_tr(req, "Revoke"));
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table></div>\n</section>\n");
	json_decref(list);
}

/* A notice for ?done=... after a POST-redirect-GET. */
static void
done_notice(struct request *req, struct buf *b)
{
	const char *done = request_query(req, "done");

	if (!done)
		return;
	if (strcmp(done, "created") == 0)
		page_notice(b, request_tr(req, "The scheme is created and its budget funded."));
	else if (strcmp(done, "saved") == 0)
		page_notice(b, request_tr(req, "Saved."));
	else if (strcmp(done, "issued") == 0)
		page_notice(b, request_tr(req, "The voucher is issued."));
	else if (strcmp(done, "revoked") == 0)
		page_notice(b, request_tr(req, "The voucher is revoked; its value is back in the "
					  "budget."));
}

/* The page of a scheme; issue values and errors, or a refused revocation
 * (revoke_id) with its errors. */
static void
show_page(struct request *req, struct response *res, const json_t *s,
	  const struct form *issue_values, const struct form_errors *issue_errs,
	  const char *revoke_id, const struct form_errors *revoke_errs, int status)
{
	struct buf *b = &res->body;
	struct form_errors none = { 0 };
	char from[LABEL_DATE_LEN], until[LABEL_DATE_LEN], spend_by[LABEL_DATE_LEN];
	size_t i;
	json_t *v;
	static const struct {
		const char *key, *msgid;
	} figures[] = {
		{ "budget_cents", N_("Total budget") },
		{ "used_cents", N_("Used: redeemed at providers") },
		{ "committed_cents", N_("Committed: held by vouchers") },
		{ "free_cents", N_("Free") },
	};

	page_begin(req, res, page_str(s, "name"));
	done_notice(req, b);
	html_printf(b, "<p><a href=\"/money/schemes\">%s</a> · <a href=\"/money/schemes/%u/edit\">"
		    "%s</a></p>\n", request_tr(req, "Voucher schemes and budget"), page_str(s, "id"),
		    request_tr(req, "Change this scheme"));
	html_printf(b, "<dl class=\"details\"><dt>%s</dt><dd>", request_tr(req, "Value per 30 EC"));
	page_money(req, b, page_int(s, "value_per_30ec_cents"));
	html_printf(b, "</dd><dt>%s</dt><dd>%s – %s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
		    request_tr(req, "Issue window"), label_date(req->lang, page_str(s, "issue_from"), from),
		    label_date(req->lang, page_str(s, "issue_until"), until),
		    request_tr(req, "Spend by"), label_date(req->lang, page_str(s, "spend_by"), spend_by),
		    request_tr(req, "Most vouchers per learner"),
		    (int)page_int(s, "max_vouchers_per_learner"),
		    request_tr(req, "A voucher may be used in parts"),
		    request_tr(req, json_is_true(json_object_get(s, "allow_partial")) ? "yes" : "no"),
		    request_tr(req, "Who may get a voucher"));
	if (json_array_size(json_object_get(s, "rules")) == 0)
		html_printf(b, "%s", request_tr(req, "every learner"));
	json_array_foreach(json_object_get(s, "rules"), i, v)
		html_printf(b, "%R%s", i ? "; " : "", rule_label(req, json_string_value(v)));
	html_printf(b, "</dd><dt>%s</dt><dd><ul>", request_tr(req, "Participating programmes"));
	json_array_foreach(json_object_get(s, "programme_ids"), i, v)
		html_printf(b, "<li>%s</li>", view_ref_label(req, "programmes",
							     json_string_value(v)));
	html_raw(b, "</ul></dd></dl>\n");
	html_printf(b, "<table class=\"costs\">\n<caption>%s</caption>\n<tbody>\n",
		    request_tr(req, "Budget"));
	for (i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"number\">",
			    request_tr(req, figures[i].msgid));
		page_money(req, b, page_int(s, figures[i].key));
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	issue_form(req, b, s, issue_values, issue_errs ? issue_errs : &none);
	vouchers_table(req, b, s, revoke_id, revoke_errs ? revoke_errs : &none);
	res->status = status;
	page_end(req, res);
}

/* Loads the scheme of the route for the authority; false after an error
 * page. */
static bool
load_scheme(struct request *req, struct response *res, json_t **s)
{
	*s = NULL;
	if (authz_money(&req->ctx, MONEY_MANAGE_SCHEMES) ||
	    scheme_get(&req->ctx, req->params[0], s)) {
		page_error(req, res);
		return false;
	}
	return true;
}

void
web_scheme_show(struct request *req, struct response *res)
{
	struct form values;
	json_t *s;

	if (!load_scheme(req, res, &s))
		return;
	form_init(&values, &req->arena);
	show_page(req, res, s, &values, NULL, NULL, NULL, 200);
	json_decref(s);
}

/* The change page of scheme s with values and errors. */
static void
edit_page(struct request *req, struct response *res, const json_t *s, const struct form *values,
	  const struct form_errors *errs, int status)
{
	page_begin(req, res, arena_printf(&req->arena, "%s: %s", request_tr(req, "Change"),
					  page_str(s, "name")));
	html_printf(&res->body, "<p><a href=\"/money/schemes/%u\">%s</a></p>\n", page_str(s, "id"),
		    request_tr(req, "Back to the scheme"));
	if (status == 409)
		html_printf(&res->body, "<p><a href=\"/money/schemes/%u/edit\">%s</a></p>\n",
			    page_str(s, "id"), request_tr(req, "Load the current version"));
	scheme_form(req, &res->body, s, values, errs);
	res->status = status;
	page_end(req, res);
}

void
web_scheme_edit(struct request *req, struct response *res)
{
	struct form values;
	struct form_errors errs = { 0 };
	json_t *s;

	if (!load_scheme(req, res, &s))
		return;
	form_init(&values, &req->arena);
	scheme_to_form(req, s, &values);
	edit_page(req, res, s, &values, &errs, 200);
	json_decref(s);
}

static enum lp_status
op_update(struct request *req, const json_t *in, const char **location)
{
	json_t *out = NULL;
	enum lp_status rc = scheme_update(&req->ctx, req->params[0], in, &out);

	if (!rc)
		*location = arena_printf(&req->arena, "/money/schemes/%s?done=saved", page_str(out, "id"));
	json_decref(out);
	return rc;
}

void
web_scheme_update(struct request *req, struct response *res)
{
	struct form values;
	struct form_errors errs = { 0 };
	json_t *s, *in = NULL;
	int status = 422;

	if (!page_form_posted(req, res, &values) || !load_scheme(req, res, &s))
		return;
	if (scheme_input(req, &values, false, &in, &errs)) {
		status = submit(req, res, &values, in, op_update, &errs);
		if (status == 303 || !status) {
			json_decref(s);
			if (!status)
				page_error(req, res);
			return;
		}
	}
	lp_error_clear(&req->err);
	edit_page(req, res, s, &values, &errs, status);
	json_decref(s);
}

static enum lp_status
op_issue(struct request *req, const json_t *in, const char **location)
{
	json_t *out = NULL;
	enum lp_status rc = voucher_issue(&req->ctx, in, &out);

	if (!rc)
		*location = arena_printf(&req->arena, "/money/schemes/%s?done=issued",
					 page_str(in, "scheme_id"));
	json_decref(out);
	return rc;
}

void
web_scheme_issue(struct request *req, struct response *res)
{
	struct form values;
	struct form_errors errs = { 0 };
	json_t *s, *in;
	const char *person = NULL, *ec;
	int64_t n = 0;
	int status = 422;

	if (!page_form_posted(req, res, &values) || !load_scheme(req, res, &s))
		return;
	person = form_get(&values, "person_id");
	ec = form_get(&values, "ec");
	if (!person || !*person)
		form_error_add(&errs, "person_id", "Choose a learner.");
	if (!ec || !form_parse_int(ec, &n) || n < 1 || n > 30)
		form_error_add(&errs, "ec", "Enter a whole number of EC from 1 to 30.");
	if (errs.count == 0) {
		in = json_pack("{s:s, s:s, s:I}", "scheme_id", page_str(s, "id"), "person_id", person,
			       "ec", (json_int_t)n);
		status = submit(req, res, &values, in, op_issue, &errs);
		if (status == 303 || !status) {
			json_decref(s);
			if (!status)
				page_error(req, res);
			return;
		}
		/* the scheme's own limits (issue window, budget) belong to the
		 * whole form: domain_error left them without an input */
	}
	lp_error_clear(&req->err);
	show_page(req, res, s, &values, &errs, NULL, NULL, status);
	json_decref(s);
}

static enum lp_status
op_revoke(struct request *req, const json_t *in, const char **location)
{
	json_t *out = NULL;
	enum lp_status rc = voucher_revoke(&req->ctx, req->params[0], page_str(in, "reason"), &out);

	if (!rc)
		*location = arena_printf(&req->arena, "/money/schemes/%s?done=revoked",
					 page_str(out, "scheme_id"));
	json_decref(out);
	return rc;
}

void
web_voucher_revoke(struct request *req, struct response *res)
{
	struct form values, none;
	struct form_errors errs = { 0 };
	json_t *voucher = NULL, *s = NULL, *in;
	const char *reason;
	int status;

	if (!page_form_posted(req, res, &values))
		return;
	if (authz_money(&req->ctx, MONEY_MANAGE_SCHEMES) ||
	    voucher_get(&req->ctx, req->params[0], &voucher)) {
		page_error(req, res);
		return;
	}
	reason = form_get(&values, "reason");
	in = json_pack("{s:s}", "reason", reason ? reason : "");
	status = submit(req, res, &values, in, op_revoke, &errs);
	if (status == 303) {
		json_decref(voucher);
		return;
	}
	if (status && errs.count && !errs.items[0].field[0])
		snprintf(errs.items[0].field, sizeof(errs.items[0].field), "reason");
	if (!status || scheme_get(&req->ctx, page_str(voucher, "scheme_id"), &s)) {
		json_decref(voucher);
		page_error(req, res);
		return;
	}
	lp_error_clear(&req->err);
	form_init(&none, &req->arena);
	show_page(req, res, s, &none, NULL, req->params[0], &errs, status);
	json_decref(voucher);
	json_decref(s);
}
