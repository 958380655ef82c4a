/* page_reserve.c: the learner reserves a voucher for an offering
 *
 *   GET  /my/vouchers/{id}/reserve[?offering=ID]   the form: the voucher
 *        (scheme, EC, value left, spend-by date), the offerings it may pay
 *        for with the amount each would take, and the amount where the
 *        scheme allows part of a voucher to be used
 *   POST /my/vouchers/{id}/reserve                 reserve; 303 to
 *        /my/vouchers?done=reserved, where the reservation waits for the
 *        learner's confirmation
 *
 * The form is reached from each voucher on /my/vouchers and from the
 * offerings of the catalog. What may be reserved is the domain's:
 * voucher_reserve_choices lists what voucher_reserve would accept, and
 * voucher_reserve decides; its refusal comes back as the form with what
 * was typed and the reason at the field. Only the voucher's learner gets
 * the form; anyone else a 404 (authz_money_learner). The form carries a
 * token made when it was drawn, the reservation's Idempotency-Key
 * (page_form.h), so a form sent twice reserves once.
 */
#include "surfaces/web/web.h"
#include "surfaces/web/form.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/page.h"
#include "surfaces/web/page_form.h"
#include "surfaces/web/view.h"
#include "base/money.h"
#include "domain/voucher.h"

#include <string.h>

/* The offering of choices with id, or NULL when the voucher cannot pay
 * for it. */
static const json_t *
choice_of(const json_t *choices, const char *id)
{
	const json_t *o;
	size_t i;

	json_array_foreach(json_object_get(choices, "offerings"), i, o)
		if (id && strcmp(page_str(o, "id"), id) == 0)
			return o;
	return NULL;
}

/* One offering to choose (a radio button; the first has the id the error
 * summary links to), with its provider, dates, price and what it takes
 * from the voucher. */
static void
offering_choice(struct request *req, struct buf *b, const json_t *o, size_t i, bool chosen,
		bool invalid, bool partial, int64_t balance)
{
	const char *id = page_str(o, "id");
	char from[LABEL_DATE_LEN], to[LABEL_DATE_LEN];

	html_printf(b, "<div class=\"check\"><input type=\"radio\" id=\"f-offering_id%R%s\" "
		    "name=\"offering_id\" value=\"%s\"%R%R><label for=\"f-offering_id%R%s\">%s"
		    "<span class=\"sub\">%s · %s – %s · %s ", i ? "-" : "", i ? id : "", id,
		    chosen ? " checked" : "", invalid ? " aria-invalid=\"true\"" : "",
		    i ? "-" : "", i ? id : "", page_str(o, "title"), page_str(o, "provider_name"),
		    label_date(req->lang, page_str(o, "start_date"), from),
		    label_date(req->lang, page_str(o, "end_date"), to), request_tr(req, "price"));
	page_money(req, b, page_int(o, "price_cents"));
	html_printf(b, " · %s ", partial ? request_tr(req, "from your voucher at most") :
		    request_tr(req, "from your voucher"));
	page_money(req, b, page_int(o, "limit_cents"));
	if (!partial && page_int(o, "limit_cents") < balance) {
		/* the voucher is used whole: say what the learner gives up */
		html_printf(b, " · %s ", request_tr(req, "back to the scheme"));
		page_money(req, b, balance - page_int(o, "limit_cents"));
	}
	html_raw(b, "</span></label></div>\n");
}

/* The form of choices (voucher_reserve_choices) with values and errors. */
static void
reserve_form(struct request *req, struct buf *b, const json_t *choices,
	     const struct form *values, const struct form_errors *errs)
{
	const json_t *v = json_object_get(choices, "voucher"), *o;
	bool partial = json_is_true(json_object_get(choices, "allow_partial"));
	bool err = form_error_for(errs, "offering_id") != NULL;
	const char *chosen = form_get(values, "offering_id");
	size_t i;

	page_form_error_summary(req, b, errs);
	html_printf(b, "<form method=\"post\" action=\"/my/vouchers/%u/reserve\" class=\"record\" "
		    "novalidate>\n", page_str(v, "id"));
	page_csrf_field(req, b);
	html_raw(b, "\n");
	page_form_token(b, form_get(values, "idem"));
	html_printf(b, "<fieldset class=\"field%R\" id=\"g-offering_id\" "
		    "aria-describedby=\"h-offering_id%R\">\n<legend>%s "
		    "<span class=\"required\">(%s)</span></legend>\n", err ? " has-error" : "",
		    err ? " e-offering_id" : "", request_tr(req, "The offering you take part in"),
		    request_tr(req, "required"));
	html_printf(b, "<p class=\"hint\" id=\"h-offering_id\">%s</p>\n", partial ?
		    request_tr(req, "Each offering shows its price and the most your voucher "
			       "pays for it.") :
		    request_tr(req, "This scheme uses a voucher whole: the amount shown at the "
			       "offering is reserved, and what it leaves on the voucher goes back to "
			       "the scheme once the provider redeems it."));
	page_form_field_error(req, b, "offering_id", errs);
	json_array_foreach(json_object_get(choices, "offerings"), i, o)
		offering_choice(req, b, o, i, chosen && strcmp(chosen, page_str(o, "id")) == 0, err,
				partial, page_int(v, "balance_cents"));
	html_raw(b, "</fieldset>\n");
	if (partial)
		page_form_text(req, b, "amount", request_tr(req, "Amount from your voucher, in euros"),
			       request_tr(req, "For example 600,00: at most what is shown at the "
					  "offering. Leave it empty to use as much as the offering "
					  "allows. What is left stays on your voucher."), "text",
			       form_get(values, "amount"), false, errs,
			       " inputmode=\"decimal\" class=\"short\"");
	html_printf(b, "<div class=\"buttons\"><button type=\"submit\">%s</button></div>\n"
		    "</form>\n", request_tr(req, "Reserve the voucher"));
}

/* The whole page: the voucher, then the form, or why there is none. */
static void
reserve_page(struct request *req, struct response *res, const json_t *choices,
	     const struct form *values, const struct form_errors *errs, int status)
{
	struct buf *b = &res->body;
	const json_t *v = json_object_get(choices, "voucher");
	const char *refusal = page_str(choices, "refusal");
	char spend_by[LABEL_DATE_LEN];

	page_begin(req, res, request_tr(req, "Reserve a voucher"));
	html_printf(b, "<p><a href=\"/my/vouchers\">%s</a></p>\n", request_tr(req, "My vouchers"));
	html_printf(b, "<dl class=\"facts\"><div><dt>%s</dt><dd>%s</dd></div>"
		    "<div><dt>%s</dt><dd>%d EC</dd></div><div><dt>%s</dt><dd>",
		    request_tr(req, "Voucher scheme"), page_str(choices, "scheme_name"),
		    request_tr(req, "Voucher for"), (int)(page_int(v, "ec_tenths") / 10),
		    request_tr(req, "Free to use"));
	page_money(req, b, page_int(v, "balance_cents"));
	html_printf(b, "</dd></div><div><dt>%s</dt><dd>%s</dd></div></dl>\n",
		    request_tr(req, "Spend by"),
		    label_date(req->lang, page_str(v, "spend_by"), spend_by));
	if (refusal)
		/* a reason of the domain, in the reader's language: text */
		html_printf(b, "<p>%s: %s.</p>\n", request_tr(req, "This voucher cannot be reserved now"),
			    page_reason(req, refusal));
	else if (json_array_size(json_object_get(choices, "offerings")) == 0)
		html_printf(b, "<p>%s</p>\n<p><a href=\"/catalog/offerings?voucher=1\">%s</a></p>\n",
			    request_tr(req, "There is no offering this voucher can pay for now."),
			    request_tr(req, "Offerings that vouchers can pay for"));
	else
		reserve_form(req, b, choices, values, errs);
	res->status = status;
	page_end(req, res);
}

static void
reserve_form_page(struct request *req, struct response *res)
{
	struct form values;
	struct form_errors errs = { 0 };
	const char *offering = request_query(req, "offering");
	const json_t *chosen;
	json_t *choices = NULL;

	if (voucher_reserve_choices(&req->ctx, req->params[0], &choices)) {
		page_error(req, res);
		return;
	}
	form_init(&values, &req->arena);
	if (offering && *offering) {
		chosen = choice_of(choices, offering);
		if (!chosen && !page_str(choices, "refusal"))
			form_error_add(&errs, "offering_id", "Your voucher cannot pay for the offering "
					      "you came from. Choose one it can pay for.");
	} else {
		/* one offering to choose from: chosen already */
		chosen = json_array_size(json_object_get(choices, "offerings")) == 1 ?
			 json_array_get(json_object_get(choices, "offerings"), 0) : NULL;
	}
	if (chosen) {
		form_add(&values, "offering_id", page_str(chosen, "id"));
		if (json_is_true(json_object_get(choices, "allow_partial")))
			form_add(&values, "amount", page_form_amount(req, page_int(chosen,
										     "limit_cents")));
	}
	reserve_page(req, res, choices, &values, &errs, 200);
	json_decref(choices);
}

/* GET reads only: one snapshot for all its queries. */
void
web_my_reserve_form(struct request *req, struct response *res)
{
	view_read_only(req, res, reserve_form_page);
}

static enum lp_status
op_reserve(struct request *req, const json_t *in, const char **location)
{
	json_t *out = NULL;
	enum lp_status rc = voucher_reserve(&req->ctx, req->params[0], in, &out);

	if (!rc)
		*location = "/my/vouchers?done=reserved";
	json_decref(out);
	return rc;
}

/* Turns a refusal of voucher_reserve into an error at its input; returns
 * the HTTP status to answer with, or 0 when it needs an error page (a
 * voucher that is not the reader's: 404). */
static int
refusal(struct request *req, struct form_errors *errs)
{
	const struct lp_error *e = &req->err;

	if (e->status != LP_EINVAL && e->status != LP_ECONFLICT)
		return 0;
	if (strcmp(e->field, "offering_id") == 0)
		form_error_add(errs, "offering_id", e->reason);
	else if (strcmp(e->field, "amount_cents") == 0)
		/* the domain counts in cents; the reader typed euros */
		form_error_add(errs, "amount", "Enter an amount above zero and at most what is "
					       "shown at the offering you chose.");
	else
		form_error_add(errs, "", e->reason);
	return e->status == LP_ECONFLICT ? 409 : 422;
}

void
web_my_reserve(struct request *req, struct response *res)
{
	struct form values;
	struct form_errors errs = { 0 };
	const char *offering, *amount, *location;
	json_t *in, *choices = NULL;
	int64_t cents;
	int status = 422;

	if (!page_form_posted(req, res, &values))
		return;
	offering = form_get(&values, "offering_id");
	amount = form_get(&values, "amount");
	in = json_object();
	if (offering && *offering)
		json_object_set_new(in, "offering_id", json_string(offering));
	if (amount && *amount) {
		if (!money_parse(amount, req->lang, &cents) || cents < 1)
			form_error_add(&errs, "amount", "Enter an amount in euros above zero, like "
							"1.250,00.");
		else
			json_object_set_new(in, "amount_cents", json_integer(cents));
	}
	if (errs.count == 0) {
		if (page_form_once(req, form_get(&values, "idem"), in, op_reserve, &location) ==
		    LP_OK) {
			json_decref(in);
			response_redirect(res, location);
			return;
		}
		status = refusal(req, &errs);
	}
	json_decref(in);
	if (!status) {
		page_error(req, res);
		return;
	}
	lp_error_clear(&req->err);
	/* drawn again from what the domain offers now; someone else's
	 * voucher is a 404 here too */
	if (voucher_reserve_choices(&req->ctx, req->params[0], &choices)) {
		page_error(req, res);
		return;
	}
	reserve_page(req, res, choices, &values, &errs, status);
	json_decref(choices);
}
