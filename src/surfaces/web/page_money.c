/* page_money.c: the money pages of issue 5
 *
 *   GET  /my/vouchers                     the learner: vouchers, balance,
 *                                         history; confirm or release; a
 *                                         link to reserve each voucher
 *                                         with value left (page_reserve.c)
 *   POST /my/reservations/{id}/confirm    the learner confirms an enrolment
 *   POST /my/reservations/{id}/release    the learner cancels a reservation
 *   GET  /provider/reservations           a provider's reservations to
 *                                         redeem, and its statements
 *   POST /provider/reservations/{id}/redeem
 *   GET  /employer/contributions          an employer's contributions and
 *                                         invoices
 *   GET  /money/schemes                   the voucher authority's schemes
 *                                         with a budget chart (inline SVG)
 *
 * Who may see and do what is decided by the domain (authz_money). The
 * redeem form carries an idempotency key made when the page was drawn, so
 * a form sent twice redeems once.
 */
#include "surfaces/web/web.h"
#include "surfaces/web/page.h"
#include "base/crypto.h"
#include "base/money.h"
#include "base/timeutil.h"
#include "domain/authz.h"
#include "domain/report.h"
#include "domain/scheme.h"
#include "domain/settlement.h"
#include "domain/voucher.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/page_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the learner may still spend of voucher v (a voucher_list item):
 * its balance while it is issued and not past its spend-by date, else
 * nothing. A reserved voucher's balance is not free: where the scheme uses
 * vouchers whole, it goes back to the scheme when the provider redeems. */
static int64_t
free_to_use(const json_t *v, const char *today)
{
	if (strcmp(page_str(v, "state"), "issued") != 0 ||
	    strcmp(today, page_str(v, "spend_by")) > 0)
		return 0;
	return page_int(v, "balance_cents");
}

/* Writes a stored date "YYYY-MM-DD" as the reader reads dates. */
static void
date(struct request *req, struct buf *b, const char *day)
{
	char text[LABEL_DATE_LEN];

	html_txt(b, label_date(req->lang, day, text));
}

/* Writes a stored UTC time as Dutch civil date and time. */
static void
moment(struct request *req, struct buf *b, const char *utc)
{
	char text[LABEL_MOMENT_LEN];

	html_txt(b, label_moment(req->lang, utc, text));
}

/* Writes the Dutch civil date of a stored UTC time ("29 november 2026"). */
static void
day_of(struct request *req, struct buf *b, const char *utc)
{
	char day[11], clock[6];

	if (time_dutch_clock(utc, day, clock))
		date(req, b, day);
	else
		html_txt(b, utc ? utc : "");
}

/* The translated label of a voucher or reservation state. */
static const char *
state_label(struct request *req, const char *state)
{
	static const struct {
		const char *state, *msgid;
	} labels[] = {
		{ "issued", "Issued" }, { "reserved", "Reserved" }, { "redeemed", "Redeemed" },
		{ "expired", "Expired" }, { "revoked", "Revoked" }, { "released", "Released" },
	};

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (state && strcmp(labels[i].state, state) == 0)
			return request_tr(req, labels[i].msgid);
	return state ? state : "";
}

/* A one-button form that POSTs to action. */
static void
button_form(struct request *req, struct buf *b, const char *action, const char *label,
	    const char *idem)
{
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"inline\">", action);
	page_csrf_field(req, b);
	if (idem)
		html_printf(b, "<input type=\"hidden\" name=\"idem\" value=\"%s\">", idem);
	html_printf(b, "<button type=\"submit\">%s</button></form>", label);
}

/* A notice for ?done=... after a POST-redirect-GET. */
static void
done_notice(struct request *req, struct buf *b)
{
	const char *done = request_query(req, "done");

	if (!done)
		return;
	if (strcmp(done, "reserved") == 0)
		page_notice(b, request_tr(req, "Your voucher is reserved. Confirm your enrolment "
					  "below once you take part."));
	else if (strcmp(done, "confirmed") == 0)
		page_notice(b, request_tr(req, "Your enrolment is confirmed."));
	else if (strcmp(done, "released") == 0)
		page_notice(b, request_tr(req, "The reservation is released."));
	else if (strcmp(done, "redeemed") == 0)
		page_notice(b, request_tr(req, "The voucher is redeemed."));
}

void
web_my_vouchers(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	json_t *list = NULL, *v;
	int64_t total = 0;
	char today[11];
	size_t i;

	time_today(today);
	if (voucher_list(&req->ctx, req->actor.person_id[0] ? req->actor.person_id : NULL,
			 &list)) {
		page_error(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "My vouchers"));
	done_notice(req, b);
	json_array_foreach(list, i, v)
		if (strcmp(page_str(v, "person_id"), req->actor.person_id) == 0)
			total += free_to_use(v, today) + page_int(v, "reserved_cents");
	html_printf(b, "<p>%s: <strong>", request_tr(req, "Your voucher balance"));
	page_money(req, b, total);
	html_raw(b, "</strong></p>\n");
	if (json_array_size(list) == 0)
		html_printf(b, "<p>%s</p>\n", request_tr(req, "You have no vouchers."));
	json_array_foreach(list, i, v) {
		json_t *full = NULL, *r, *t;
		size_t k;

		if (strcmp(page_str(v, "person_id"), req->actor.person_id) != 0 ||
		    voucher_get(&req->ctx, page_str(v, "id"), &full))
			continue;
		html_printf(b, "<section class=\"card\" aria-labelledby=\"v-%s\">\n"
			    "<h2 id=\"v-%s\">%s %d EC</h2>\n<dl>", page_str(v, "id"), page_str(v, "id"),
			    request_tr(req, "Voucher for"), (int)(page_int(v, "ec_tenths") / 10));
		html_printf(b, "<dt>%s</dt><dd>%s</dd>", request_tr(req, "State"),
			    state_label(req, page_str(v, "state")));
		html_printf(b, "<dt>%s</dt><dd>", request_tr(req, "Value"));
		page_money(req, b, page_int(v, "value_cents"));
		html_printf(b, "</dd><dt>%s</dt><dd>", request_tr(req, "Free to use"));
		page_money(req, b, free_to_use(v, today));
		if (page_int(v, "reserved_cents") > 0) {
			html_printf(b, "</dd><dt>%s</dt><dd>", request_tr(req, "Reserved"));
			page_money(req, b, page_int(v, "reserved_cents"));
		}
		html_printf(b, "</dd><dt>%s</dt><dd>", request_tr(req, "Spend by"));
		date(req, b, page_str(v, "spend_by"));
		html_raw(b, "</dd></dl>\n");
		/* whether it may be reserved now is the domain's to say on the form */
		if (free_to_use(v, today) > 0)
			html_printf(b, "<p><a href=\"/my/vouchers/%u/reserve\">%s</a></p>\n",
				    page_str(v, "id"),
				    request_tr(req, "Reserve for a module or programme"));
		json_array_foreach(json_object_get(full, "reservations"), k, r) {
			html_printf(b, "<div class=\"reservation\">%s: %s — ", request_tr(req, "Reservation"),
				    page_str(r, "offering_title"));
			page_money(req, b, page_int(r, "amount_cents"));
			html_printf(b, " — %s", state_label(req, page_str(r, "state")));
			if (strcmp(page_str(r, "state"), "reserved") == 0) {
				if (json_is_null(json_object_get(r, "confirmed_at")))
					button_form(req, b, arena_printf(&req->arena, "/my/reservations/%s/confirm", page_str(r, "id")), request_tr(req,
						    "Confirm my enrolment"), NULL);
				button_form(req, b, arena_printf(&req->arena, "/my/reservations/%s/release", page_str(r, "id")), request_tr(req, "Cancel"), NULL);
			}
			html_raw(b, "</div>\n");
		}
		html_printf(b, "<details><summary>%s</summary><ul>",
			    request_tr(req, "History"));
		json_array_foreach(json_object_get(full, "history"), k, t) {
			html_raw(b, "<li>");
			moment(req, b, page_str(t, "at"));
			html_printf(b, ": %s</li>", page_str(t, "reason"));
		}
		html_raw(b, "</ul></details>\n</section>\n");
		json_decref(full);
	}
	json_decref(list);
	page_end(req, res);
}

/* Runs a reservation action for the learner and redirects back. */
static void
learner_action(struct request *req, struct response *res,
	       enum lp_status (*action)(struct ctx *, const char *, json_t **), const char *done)
{
	json_t *out = NULL;

	if (action(&req->ctx, req->params[0], &out)) {
		page_error(req, res);
		return;
	}
	json_decref(out);
	response_redirect(res, done);
}

void
web_my_confirm(struct request *req, struct response *res)
{
	learner_action(req, res, reservation_confirm, "/my/vouchers?done=confirmed");
}

void
web_my_release(struct request *req, struct response *res)
{
	learner_action(req, res, reservation_release, "/my/vouchers?done=released");
}

/* The organisation the reader acts for: ?org=, else the first grant of a
 * role in mask; NULL if none. */
static const char *
acting_org(struct request *req, unsigned mask)
{
	const char *org = request_query(req, "org");

	if (org && *org)
		return org;
	for (int i = 0; i < req->actor.grant_count; i++)
		if ((ROLE_BIT(req->actor.grants[i].role) & mask) &&
		    req->actor.grants[i].organisation_id[0])
			return req->actor.grants[i].organisation_id;
	return NULL;
}

/* A form to choose the organisation by id (for roles held everywhere). */
static void
org_form(struct request *req, struct buf *b, const char *action)
{
	html_printf(b, "<form method=\"get\" action=\"%s\"><div class=\"field\">"
		    "<label for=\"f-org\">%s</label><input id=\"f-org\" name=\"org\"></div>"
		    "<div class=\"buttons\"><button type=\"submit\">%s</button></div></form>\n",
		    action, request_tr(req, "Organisation (id)"), request_tr(req, "Show"));
}

void
web_provider_reservations(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const char *org = acting_org(req, ROLE_BIT(ROLE_INSTITUTION_ADMIN) |
				     ROLE_BIT(ROLE_PROGRAMME_MANAGER));
	json_t *list = NULL, *r;
	char month[16], today[11], name[LABEL_DATE_LEN];
	int year, mon;
	size_t i;

	if (org && reservation_list(&req->ctx, org, "reserved", &list)) {
		page_error(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "Reservations to redeem"));
	done_notice(req, b);
	if (!org) {
		org_form(req, b, "/provider/reservations");
		page_end(req, res);
		return;
	}
	if (json_array_size(list) == 0)
		html_printf(b, "<p>%s</p>\n", request_tr(req, "No open reservations."));
	else
		html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>%s</caption>\n<thead>"
			    "<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    request_tr(req, "Open reservations"), request_tr(req, "Offering"),
			    request_tr(req, "Starts"), request_tr(req, "Amount"),
			    request_tr(req, "Learner confirmed"), request_tr(req, "Action"));
	json_array_foreach(list, i, r) {
		bool confirmed = !json_is_null(json_object_get(r, "confirmed_at"));
		char key[CRYPTO_TOKEN_LEN];

		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>", page_str(r, "offering_title"),
			    page_str(r, "start_date"));
		page_money(req, b, page_int(r, "amount_cents"));
		html_printf(b, "</td><td>%s</td><td>", request_tr(req, confirmed ? "Yes" : "No"));
		if (confirmed) {
			crypto_token(key);
			button_form(req, b, arena_printf(&req->arena, "/provider/reservations/%s/redeem", page_str(r, "id")), request_tr(req, "Redeem"), key);
		}
		html_raw(b, "</td></tr>\n");
	}
	if (json_array_size(list))
		html_raw(b, "</tbody></table></div>\n");
	/* the statements of the last twelve months, this one first */
	time_today(today);
	year = atoi(today);
	mon = atoi(today + 5);
	html_printf(b, "<h2>%s</h2>\n<ul class=\"statements\">\n", request_tr(req, "Statements"));
	for (int k = 0; k < 12; k++) {
		snprintf(month, sizeof(month), "%04d-%02d", year, mon);
		label_month(req->lang, month, name);
		html_printf(b, "<li><a href=\"/api/v1/settlements/%u?period=%u&amp;format=csv\">%s"
			    " (CSV)</a> · <a href=\"/api/v1/settlements/%u?period=%u&amp;format=json\">"
			    "%s (JSON)</a></li>\n", org, month, name, org, month, name);
		if (--mon == 0) {
			mon = 12;
			year--;
		}
	}
	html_raw(b, "</ul>\n");
	json_decref(list);
	page_end(req, res);
}

/* The redemption of the provider's form, under page_form_once. */
static enum lp_status
op_redeem(struct request *req, const json_t *input, const char **location)
{
	json_t *out = NULL;
	enum lp_status rc;

	(void)input;
	rc = reservation_redeem(&req->ctx, req->params[0], &out);
	json_decref(out);
	*location = "/provider/reservations?done=redeemed";
	return rc;
}

void
web_provider_redeem(struct request *req, struct response *res)
{
	const char *location;
	json_t *input = json_object();
	enum lp_status rc;

	/* the redemption's reads run before the write lock (idempotency_run) */
	rc = page_form_once(req, request_form(req, "idem"), input, op_redeem, &location);
	json_decref(input);
	if (rc) {
		page_error(req, res);
		return;
	}
	response_redirect(res, location);
}

void
web_employer_contributions(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const char *org = acting_org(req, ROLE_BIT(ROLE_EMPLOYER_HR));
	json_t *list = NULL, *c;
	int64_t total = 0;
	size_t i;

	if (org && contribution_list(&req->ctx, org, &list)) {
		page_error(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "Contributions and invoices"));
	if (!org) {
		org_form(req, b, "/employer/contributions");
		page_end(req, res);
		return;
	}
	if (json_array_size(list) == 0)
		html_printf(b, "<p>%s</p>\n", request_tr(req, "No contributions yet."));
	else
		html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>%s</caption>\n<thead>"
			    "<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
			    "<tbody>\n", request_tr(req, "Contributions"),
			    request_tr(req, "Employee"), request_tr(req, "Offering"),
			    request_tr(req, "Date"), request_tr(req, "Amount"));
	json_array_foreach(list, i, c) {
		html_printf(b, "<tr><th scope=\"row\">%s %s</th><td>%s</td><td>%s</td><td>",
			    page_str(c, "given_name"), page_str(c, "family_name"), page_str(c, "offering_title"),
			    "");
		day_of(req, b, page_str(c, "created_at"));
		html_raw(b, "</td><td>");
		page_money(req, b, page_int(c, "amount_cents"));
		html_raw(b, "</td></tr>\n");
		total += page_int(c, "amount_cents");
	}
	if (json_array_size(list)) {
		html_printf(b, "</tbody></table></div>\n<p>%s: <strong>",
			    request_tr(req, "To be invoiced by the providers"));
		page_money(req, b, total);
		html_raw(b, "</strong></p>\n");
	}
	json_decref(list);
	page_end(req, res);
}

/* Writes part as a share of whole in hundredths of a percent: "0,05 %". */
static void
percent(struct request *req, struct buf *b, int64_t part, int64_t whole)
{
	int64_t hundredths = whole > 0 && part > 0 ?
		(int64_t)((__int128)part * 10000 / whole) : 0;

	char text[48];

	snprintf(text, sizeof(text), "%lld%c%02lld %%", (long long)(hundredths / 100),
		 req->lang == LANG_EN ? '.' : ',', (long long)(hundredths % 100));
	html_txt(b, text);
}

/* A horizontal bar chart of a scheme's budget: used, committed, free. A
 * part that is not zero is drawn at least 3 of the 400 units wide, so a
 * start of spending on a large budget is still seen; the legend gives the
 * exact amounts and shares. */
static void
budget_chart(struct request *req, struct buf *b, const json_t *s)
{
	int64_t cap = page_int(s, "budget_cents");
	int64_t parts[3] = { page_int(s, "used_cents"), page_int(s, "committed_cents"),
			     page_int(s, "free_cents") };
	static const char *const names[3] = { "Used", "Committed", "Free" };
	static const char *const fills[3] = { "#1a5e9a", "#b07d00", "#d8dde3" };
	static const char *const swatches[3] = { "used", "committed", "free" };
	int widths[3], x = 0;

	for (int i = 0; i < 2; i++) {
		widths[i] = cap > 0 ? (int)((__int128)parts[i] * 400 / cap) : 0;
		if (parts[i] > 0 && widths[i] < 3)
			widths[i] = 3;
	}
	widths[2] = 400 - widths[0] - widths[1] > 0 ? 400 - widths[0] - widths[1] : 0;
	html_printf(b, "<svg role=\"img\" aria-labelledby=\"chart-%s\" viewBox=\"0 0 400 40\" "
		    "width=\"400\" height=\"40\"><title id=\"chart-%s\">%s</title>",
		    page_str(s, "id"), page_str(s, "id"), request_tr(req, "Budget: used, committed, free"));
	for (int i = 0; i < 3; i++) {
		html_printf(b, "<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"40\" fill=\"%s\">"
			    "</rect>", x, widths[i], fills[i]);
		x += widths[i];
	}
	html_raw(b, "</svg>\n<ul class=\"legend\">");
	for (int i = 0; i < 3; i++) {
		html_printf(b, "<li><span class=\"swatch swatch-%s\"></span>%s: ",
			    swatches[i], request_tr(req, names[i]));
		page_money(req, b, parts[i]);
		html_raw(b, " (");
		percent(req, b, parts[i], cap);
		html_raw(b, ")</li>");
	}
	html_raw(b, "</ul>\n");
}

/* A table of report rows: a name, a count and an amount per row. */
static void
report_table(struct request *req, struct buf *b, const char *caption, const char *head,
	     const json_t *rows, const char *amount_key)
{
	const json_t *row;
	size_t i;

	if (json_array_size(rows) == 0) {
		html_printf(b, "<h2>%s</h2>\n<p>%s</p>\n", caption, request_tr(req, "Nothing yet."));
		return;
	}
	html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>%s</caption>\n<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		    "<th scope=\"col\" class=\"num\">%s</th></tr></thead>\n<tbody>\n",
		    caption, head, request_tr(req, "Number"), request_tr(req, "Amount"));
	json_array_foreach(rows, i, row) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%d</td>"
			    "<td class=\"num\">", page_str(row, "name"), (int)page_int(row, "count"));
		page_money(req, b, page_int(row, amount_key));
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table></div>\n");
}

void
web_money_schemes(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	json_t *report = NULL, *s, *row;
	size_t i, k;
	bool manage;

	if (report_money(&req->ctx, NULL, &report)) {
		page_error(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "Voucher schemes and budget"));
	manage = authz_money(&req->ctx, MONEY_MANAGE_SCHEMES) == LP_OK;
	lp_error_clear(&req->err);
	if (manage)
		html_printf(b, "<p><a href=\"/money/schemes/new\">%s</a></p>\n",
			    request_tr(req, "New voucher scheme"));
	json_array_foreach(json_object_get(report, "schemes"), i, s) {
		/* the scheme's own page is the authority's: a monitor reads here */
		if (manage)
			html_printf(b, "<section class=\"card\" aria-labelledby=\"s-%s\">\n"
				    "<h2 id=\"s-%s\"><a href=\"/money/schemes/%u\">%s</a></h2>\n<p>",
				    page_str(s, "id"), page_str(s, "id"), page_str(s, "id"), page_str(s, "name"));
		else
			html_printf(b, "<section class=\"card\" aria-labelledby=\"s-%s\">\n"
				    "<h2 id=\"s-%s\">%s</h2>\n<p>", page_str(s, "id"), page_str(s, "id"),
				    page_str(s, "name"));
		page_money(req, b, page_int(s, "value_per_30ec_cents"));
		html_printf(b, " %s; %s ", request_tr(req, "per 30 EC"), request_tr(req, "budget"));
		page_money(req, b, page_int(s, "budget_cents"));
		html_printf(b, "; %s ", request_tr(req, "spend by"));
		date(req, b, page_str(s, "spend_by"));
		html_raw(b, "</p>\n");
		budget_chart(req, b, s);
		html_raw(b, "</section>\n");
	}
	html_printf(b, "<h2>%s</h2>\n<ul>", request_tr(req, "Vouchers by state"));
	json_array_foreach(json_object_get(report, "vouchers_by_state"), k, row) {
		html_printf(b, "<li>%s: %d (", state_label(req, page_str(row, "state")),
			    (int)page_int(row, "count"));
		page_money(req, b, page_int(row, "value_cents"));
		html_raw(b, ")</li>");
	}
	html_printf(b, "</ul>\n<h2>%s</h2>\n<ul>", request_tr(req, "Per provider"));
	json_array_foreach(json_object_get(report, "per_provider"), k, row) {
		html_printf(b, "<li>%s (%s), %s: %d — ", page_str(row, "name"),
			    request_tr(req, strcmp(page_str(row, "funding"), "funded") == 0 ?
				       "funded" : "private"), state_label(req, page_str(row, "state")),
			    (int)page_int(row, "count"));
		page_money(req, b, page_int(row, "amount_cents"));
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>\n");
	report_table(req, b, request_tr(req, "Redeemed per programme"), request_tr(req, "Programme"),
		     json_object_get(report, "per_programme"), "amount_cents");
	report_table(req, b, request_tr(req, "Employer contributions per employer"),
		     request_tr(req, "Employer"), json_object_get(report, "per_employer"),
		     "amount_cents");
	json_decref(report);
	page_end(req, res);
}
