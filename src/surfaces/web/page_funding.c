/* page_funding.c: HR sets what the employer contributes to its
 * employees' learning (issue 5, item 4; domain/employer_funding.h)
 *
 *   GET  /employer/funding    the employer's default and the employees
 *                             with an arrangement of their own
 *   POST /employer/funding    set or remove the default (scope=default)
 *                             or one employee's (scope=employee)
 *
 * A share is typed as a percentage ("50", "12,5"), a cap in euros
 * ("500,00"); both are optional, but one is needed. The page says in
 * which order the agreement, the employee's and the employer's
 * arrangements count. Access is the domain's (authz_money_employer).
 */
#include "surfaces/web/web.h"
#include "surfaces/web/form.h"
#include "surfaces/web/page.h"
#include "surfaces/web/page_form.h"
#include "base/money.h"
#include "domain/employer_funding.h"

#include <string.h>

/* A share in basis points as a percentage: "50 %", "12,5 %". Arena. */
static const char *
share_text(struct request *req, int64_t bp)
{
	char mark = req->lang == LANG_EN ? '.' : ',';

	if (bp % 100 == 0)
		return arena_printf(&req->arena, "%lld %%", (long long)(bp / 100));
	if (bp % 10 == 0)
		return arena_printf(&req->arena, "%lld%c%lld %%", (long long)(bp / 100), mark,
				    (long long)(bp % 100 / 10));
	return arena_printf(&req->arena, "%lld%c%02lld %%", (long long)(bp / 100), mark,
			    (long long)(bp % 100));
}

/* A share in basis points as the form shows it: "50", "12,5". Arena. */
static const char *
share_input(struct request *req, int64_t bp)
{
	const char *t = share_text(req, bp);

	return arena_strndup(&req->arena, t, strlen(t) - 2);
}

/* Terms ({"share_bp", "cap_cents"}) in words: "50 % of what vouchers
 * leave, at most € 500,00 per period". Arena. Also used by the agreement
 * page (funding_terms_text in web.h). */
const char *
funding_terms_text(struct request *req, const json_t *terms)
{
	const json_t *share = json_object_get(terms, "share_bp");
	const json_t *cap = json_object_get(terms, "cap_cents");
	char money[MONEY_TEXT_LEN];

	/* pieces, not a translated format: formats stay literals */
	if (json_is_integer(share) && json_is_integer(cap))
		return arena_printf(&req->arena, "%s %s, %s %s %s",
				    share_text(req, json_integer_value(share)),
				    request_tr(req, "of what vouchers leave"),
				    request_tr(req, "at most"),
				    money_format(json_integer_value(cap), req->lang, money),
				    request_tr(req, "per period"));
	if (json_is_integer(share))
		return arena_printf(&req->arena, "%s %s", share_text(req, json_integer_value(share)),
				    request_tr(req, "of what vouchers leave"));
	if (json_is_integer(cap))
		return arena_printf(&req->arena, "%s, %s %s %s",
				    request_tr(req, "what vouchers leave"), request_tr(req, "at most"),
				    money_format(json_integer_value(cap), req->lang, money),
				    request_tr(req, "per period"));
	return "—";
}

/* The organisation the reader acts for as HR: ?org= (or the posted
 * org), else their first HR grant; NULL if none. */
static const char *
acting_org(struct request *req, const struct form *posted)
{
	const char *org = posted ? form_get(posted, "org") : request_query(req, "org");

	if (org && *org)
		return org;
	for (int i = 0; i < req->actor.grant_count; i++)
		if (req->actor.grants[i].role == ROLE_EMPLOYER_HR &&
		    req->actor.grants[i].organisation_id[0])
			return req->actor.grants[i].organisation_id;
	return NULL;
}

/* The message of an input's error, when it has one. */
static void
field_error(struct request *req, struct buf *b, const char *id, const struct form_error *e)
{
	if (!e)
		return;
	html_printf(b, "<p class=\"error-message\" id=\"e-%s\"><span class=\"visually-hidden\">"
		    "%s: </span>%s</p>\n", id, request_tr(req, "Error"), page_reason(req, e->message));
}

/* A share and a cap input; prefix "" for the default's form, "e-" for the
 * employee form's (ids must differ); errors only for the form that was
 * sent (scope). prefix is one of those two literals, so the ids built
 * from it are markup. */
static void
terms_inputs(struct request *req, struct buf *b, const char *prefix, const char *share,
	     const char *cap, const struct form_errors *errs)
{
	const struct form_error *es = errs ? form_error_for(errs, "share") : NULL;
	const struct form_error *ec = errs ? form_error_for(errs, "cap") : NULL;

	html_printf(b, "<div class=\"field%R\"><label for=\"f-%sshare\">%s</label>\n"
		    "<p class=\"hint\" id=\"h-%sshare\">%s</p>\n", es ? " has-error" : "", prefix,
		    request_tr(req, "Share in percent"), prefix,
		    request_tr(req, "Of what the period costs after vouchers, for example 50 or "
			       "12,5. Leave empty for a fixed amount only."));
	field_error(req, b, arena_printf(&req->arena, "%sshare", prefix), es);
	html_printf(b, "<input id=\"f-%sshare\" name=\"share\" value=\"%s\" inputmode=\"decimal\" "
		    "class=\"short\" aria-describedby=\"h-%sshare%R\"%R></div>\n", prefix,
		    share ? share : "", prefix,
		    /* markup */ es ? arena_printf(&req->arena, " e-%sshare", prefix) : "",
		    es ? " aria-invalid=\"true\"" : "");
	html_printf(b, "<div class=\"field%R\"><label for=\"f-%scap\">%s</label>\n"
		    "<p class=\"hint\" id=\"h-%scap\">%s</p>\n", ec ? " has-error" : "", prefix,
		    request_tr(req, "At most, in euros per period"), prefix,
		    request_tr(req, "For example 500,00. Leave empty for no maximum."));
	field_error(req, b, arena_printf(&req->arena, "%scap", prefix), ec);
	html_printf(b, "<input id=\"f-%scap\" name=\"cap\" value=\"%s\" inputmode=\"decimal\" "
		    "class=\"short\" aria-describedby=\"h-%scap%R\"%R></div>\n", prefix,
		    cap ? cap : "", prefix,
		    /* markup */ ec ? arena_printf(&req->arena, " e-%scap", prefix) : "",
		    ec ? " aria-invalid=\"true\"" : "");
}

/* The page: values and errors of the form that was sent (scope), if any. */
static void
funding_page(struct request *req, struct response *res, const char *org, const json_t *f,
	     const struct form *sent, const struct form_errors *errs, int status)
{
	struct buf *b = &res->body;
	const json_t *def = json_object_get(f, "default"), *e;
	const char *scope = sent ? form_get(sent, "scope") : NULL;
	bool def_sent = scope && strcmp(scope, "default") == 0;
	bool emp_sent = scope && strcmp(scope, "employee") == 0;
	const char *done = request_query(req, "done");
	size_t i, overrides = 0;

	page_begin(req, res, request_tr(req, "The employer's contribution"));
	if (done && strcmp(done, "saved") == 0)
		page_notice(b, request_tr(req, "Saved."));
	else if (done && strcmp(done, "removed") == 0)
		page_notice(b, request_tr(req, "Removed."));
	html_printf(b, "<p>%s</p>\n<ol><li>%s</li><li>%s</li><li>%s</li></ol>\n<p>%s</p>\n",
		    request_tr(req, "What the employer pays of a period of an employee's learning "
			       "agreement is, in this order:"),
		    request_tr(req, "the amount the agreement itself states, if it states one;"),
		    request_tr(req, "else the arrangement for that employee below;"),
		    request_tr(req, "else the arrangement for all employees."),
		    request_tr(req, "A share is taken of what the period costs after vouchers and "
			       "rounded down to the cent; with a maximum as well, the employer pays "
			       "the share up to that maximum. Learner, coach and employer see the "
			       "result in the agreement before they sign."));
	if (errs && errs->count && !def_sent && !emp_sent)
		html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
			    page_reason(req, errs->items[0].message));
	/* the default */
	html_printf(b, "<section aria-labelledby=\"default-title\">\n<h2 id=\"default-title\">%s"
		    "</h2>\n<p>%s: <strong>%s</strong></p>\n",
		    request_tr(req, "For all employees"), request_tr(req, "Now"),
		    json_is_object(def) ? funding_terms_text(req, def)
					: request_tr(req, "no arrangement"));
	html_raw(b, "<form method=\"post\" action=\"/employer/funding\" class=\"record\" "
		 "novalidate>\n");
	page_csrf_field(req, b);
	html_printf(b, "\n<input type=\"hidden\" name=\"org\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"scope\" value=\"default\">\n", org);
	if (def_sent)
		terms_inputs(req, b, "", form_get(sent, "share"), form_get(sent, "cap"), errs);
	else
		terms_inputs(req, b, "",
			     json_is_integer(json_object_get(def, "share_bp")) ?
			     share_input(req, json_integer_value(json_object_get(def, "share_bp"))) : "",
			     json_is_integer(json_object_get(def, "cap_cents")) ?
			     page_form_amount(req, json_integer_value(json_object_get(def, "cap_cents"))) : "",
			     NULL);
	html_printf(b, "<div class=\"buttons\"><button type=\"submit\" name=\"action\" "
		    "value=\"save\">%s</button>", request_tr(req, "Save"));
	if (json_is_object(def))
		html_printf(b, " <button type=\"submit\" name=\"action\" value=\"clear\" "
			    "class=\"secondary\">%s</button>", request_tr(req, "Remove"));
	html_raw(b, "</div>\n</form>\n</section>\n");
	/* per employee */
	html_printf(b, "<section aria-labelledby=\"employee-title\">\n<h2 id=\"employee-title\">%s"
		    "</h2>\n", request_tr(req, "For one employee"));
	json_array_foreach(json_object_get(f, "employees"), i, e)
		if (json_is_object(json_object_get(e, "override")))
			overrides++;
	if (overrides) {
		html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>%s</caption>\n<thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
			    "</th></tr></thead>\n<tbody>\n",
			    request_tr(req, "Employees with an arrangement of their own"),
			    request_tr(req, "Employee"), request_tr(req, "Arrangement"),
			    request_tr(req, "Action"));
		json_array_foreach(json_object_get(f, "employees"), i, e) {
			if (!json_is_object(json_object_get(e, "override")))
				continue;
			html_printf(b, "<tr><th scope=\"row\">%s %s</th><td>%s</td><td>"
				    "<form method=\"post\" action=\"/employer/funding\" class=\"inline\">",
				    page_str(e, "given_name"), page_str(e, "family_name"),
				    funding_terms_text(req, json_object_get(e, "override")));
			page_csrf_field(req, b);
			html_printf(b, "<input type=\"hidden\" name=\"org\" value=\"%s\">"
				    "<input type=\"hidden\" name=\"scope\" value=\"employee\">"
				    "<input type=\"hidden\" name=\"employment_id\" value=\"%s\">"
				    "<button type=\"submit\" name=\"action\" value=\"clear\" "
				    "aria-label=\"%s %s %s\">%s</button></form></td></tr>\n", org,
				    page_str(e, "employment_id"), request_tr(req, "Remove"),
				    page_str(e, "given_name"), page_str(e, "family_name"),
				    request_tr(req, "Remove"));
		}
		html_raw(b, "</tbody></table></div>\n");
	}
	if (json_array_size(json_object_get(f, "employees")) == 0) {
		html_printf(b, "<p>%s</p>\n</section>\n", request_tr(req, "No current employees."));
		res->status = status;
		page_end(req, res);
		return;
	}
	html_raw(b, "<form method=\"post\" action=\"/employer/funding\" class=\"record\" "
		 "novalidate>\n");
	page_csrf_field(req, b);
	html_printf(b, "\n<input type=\"hidden\" name=\"org\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"scope\" value=\"employee\">\n", org);
	{
		const struct form_error *ee = emp_sent ? form_error_for(errs, "employment_id") : NULL;
		const char *chosen = emp_sent ? form_get(sent, "employment_id") : NULL;

		html_printf(b, "<div class=\"field%R\"><label for=\"f-e-employment\">%s</label>\n",
			    ee ? " has-error" : "", request_tr(req, "Employee"));
		field_error(req, b, "e-employment", ee);
		html_printf(b, "<select id=\"f-e-employment\" name=\"employment_id\"%R>\n",
			    ee ? " aria-invalid=\"true\" aria-describedby=\"e-e-employment\"" : "");
		json_array_foreach(json_object_get(f, "employees"), i, e)
			html_printf(b, "<option value=\"%s\"%R>%s %s (%s)</option>\n",
				    page_str(e, "employment_id"),
				    chosen && strcmp(chosen, page_str(e, "employment_id")) == 0 ?
				    " selected" : "", page_str(e, "given_name"), page_str(e, "family_name"),
				    page_str(e, "job_title") ? page_str(e, "job_title") : "");
		html_raw(b, "</select>\n</div>\n");
	}
	terms_inputs(req, b, "e-", emp_sent ? form_get(sent, "share") : "",
		     emp_sent ? form_get(sent, "cap") : "", emp_sent ? errs : NULL);
	html_printf(b, "<div class=\"buttons\"><button type=\"submit\" name=\"action\" "
		    "value=\"save\">%s</button></div>\n</form>\n</section>\n",
		    request_tr(req, "Save for this employee"));
	res->status = status;
	page_end(req, res);
}

/* A form to choose the employer by id (for roles held everywhere). */
static void
org_page(struct request *req, struct response *res)
{
	page_begin(req, res, request_tr(req, "The employer's contribution"));
	html_printf(&res->body, "<form method=\"get\" action=\"/employer/funding\"><div "
		    "class=\"field\"><label for=\"f-org\">%s</label><input id=\"f-org\" "
		    "name=\"org\"></div><div class=\"buttons\"><button type=\"submit\">%s</button>"
		    "</div></form>\n", request_tr(req, "Organisation (id)"),
		    request_tr(req, "Show"));
	page_end(req, res);
}

void
web_employer_funding(struct request *req, struct response *res)
{
	const char *org = acting_org(req, NULL);
	json_t *f = NULL;

	if (!org) {
		org_page(req, res);
		return;
	}
	if (employer_funding_get(&req->ctx, org, &f)) {
		page_error(req, res);
		return;
	}
	funding_page(req, res, org, f, NULL, NULL, 200);
	json_decref(f);
}

/* The input of employer_funding_set from the form; false with errs
 * filled when the share or cap cannot be read. A share is read as an
 * amount with at most two decimals, so "12,5" is 1250 basis points. */
static bool
terms_input(struct request *req, const struct form *f, json_t **in, struct form_errors *errs)
{
	const char *share = form_get(f, "share"), *cap = form_get(f, "cap");
	int64_t n;

	*in = json_object();
	if (share && *share) {
		const char *pct = strchr(share, '%');
		const char *s = pct ? arena_strndup(&req->arena, share, (size_t)(pct - share)) : share;

		if (!money_parse(s, req->lang, &n) || n > FUNDING_SHARE_MAX_BP)
			form_error_add(errs, "share", "Enter a percentage from 0 to 100, like 50 or "
						      "12,5.");
		else
			json_object_set_new(*in, "share_bp", json_integer(n));
	}
	if (cap && *cap) {
		if (!money_parse(cap, req->lang, &n))
			form_error_add(errs, "cap", "Enter an amount in euros, like 500,00.");
		else
			json_object_set_new(*in, "cap_cents", json_integer(n));
	}
	if (!errs->count && json_object_size(*in) == 0)
		form_error_add(errs, "share", "Give a share, a maximum or both.");
	return errs->count == 0;
}

void
web_employer_funding_post(struct request *req, struct response *res)
{
	struct form sent;
	struct form_errors errs = { 0 };
	const char *org, *scope, *action, *employment = NULL;
	json_t *in = NULL, *out = NULL, *f = NULL;
	enum lp_status rc = LP_OK;
	int status = 422;

	form_init(&sent, &req->arena);
	if (form_parse(&sent, req->body, req->body_len, &req->err)) {
		page_error(req, res);
		return;
	}
	org = acting_org(req, &sent);
	scope = form_get(&sent, "scope");
	action = form_get(&sent, "action");
	if (!org) {
		org_page(req, res);
		return;
	}
	if (scope && strcmp(scope, "employee") == 0) {
		employment = form_get(&sent, "employment_id");
		if (!employment || !*employment)
			employment = "-";   /* not an id: the domain says not found */
	}
	if (action && strcmp(action, "clear") == 0) {
		rc = employer_funding_clear(&req->ctx, org, employment, &out);
		if (!rc) {
			json_decref(out);
			response_redirect(res, arena_printf(&req->arena,
							    "/employer/funding?org=%s&done=removed",
							    org));
			return;
		}
	} else if (terms_input(req, &sent, &in, &errs)) {
		rc = employer_funding_set(&req->ctx, org, employment, in, &out);
		json_decref(in);
		if (!rc) {
			json_decref(out);
			response_redirect(res, arena_printf(&req->arena,
							    "/employer/funding?org=%s&done=saved",
							    org));
			return;
		}
	} else {
		json_decref(in);
	}
	if (rc) {
		if (req->err.status != LP_EINVAL) {
			page_error(req, res);
			return;
		}
		form_error_add(&errs, strcmp(req->err.field, "cap_cents") == 0 ? "cap" : "share",
			       req->err.reason);
	}
	lp_error_clear(&req->err);
	if (employer_funding_get(&req->ctx, org, &f)) {
		page_error(req, res);
		return;
	}
	funding_page(req, res, org, f, &sent, &errs, status);
	json_decref(f);
}
