/* page_form.c: pieces of the hand-made forms of the money pages (see
 * page_form.h): the form token as Idempotency-Key, inputs, errors, amounts */
#include "surfaces/web/page_form.h"
#include "surfaces/web/page.h"
#include "base/crypto.h"
#include "base/money.h"
#include "domain/idempotency.h"

#include <stdlib.h>
#include <string.h>

/* What idempotency_run hands to run_form_op. */
struct form_call {
	struct request *req;
	page_form_op op;
	const json_t *input;
};

/* Runs a page_form_op under idempotency_run: the place to go, stored as
 * {"location": ...}. */
static enum lp_status
run_form_op(struct ctx *ctx, void *arg, int *status, const char **response)
{
	struct form_call *call = arg;
	const char *location = NULL;
	json_t *saved;
	char *text;
	enum lp_status rc;

	*status = 303;
	rc = call->op(call->req, call->input, &location);
	if (!rc) {
		saved = json_pack("{s:s}", "location", location ? location : "/home");
		text = json_dumps(saved, JSON_COMPACT);
		json_decref(saved);
		*response = text ? arena_strdup(ctx->arena, text) : NULL;
		free(text);
	}
	return rc;
}

/* Runs op once per form token (the "idem" field) with idempotency_run: a
 * repeat, even one sent while the first still runs, answers the first
 * redirect and moves nothing. LP_OK with *location set, or the domain's
 * failure in req->err with nothing written. */
enum lp_status
page_form_once(struct request *req, const char *key, const json_t *input, page_form_op op,
	       const char **location)
{
	struct ctx *ctx = &req->ctx;
	struct form_call call = { req, op, input };
	char hash[CRYPTO_DIGEST_LEN];
	const char *response = NULL;
	bool replayed = false;
	int status = 0;
	json_t *saved;
	char *text;
	enum lp_status rc;

	*location = NULL;
	text = json_dumps(input, JSON_COMPACT | JSON_SORT_KEYS);
	idempotency_hash("POST", req->path, text ? text : "", text ? strlen(text) : 0, hash);
	free(text);
	rc = idempotency_run(ctx, key, "POST", req->path, hash, run_form_op, &call, &replayed,
			     &status, &response);
	if (rc)
		return rc;
	saved = json_loads(response, 0, NULL);
	*location = arena_strdup(&req->arena, page_str(saved, "location") ? page_str(saved, "location")
				 : "/home");
	json_decref(saved);
	return LP_OK;
}

/* A hidden input with a new form token. */
void
page_form_token(struct buf *b, const char *given)
{
	char key[CRYPTO_TOKEN_LEN];

	if (!given || !*given) {
		crypto_token(key);
		given = key;
	}
	html_printf(b, "<input type=\"hidden\" name=\"idem\" value=\"%s\">\n", given);
}

/* The message of a field's error (id e-NAME), when it has one. */
void
page_form_field_error(struct request *req, struct buf *b, const char *name,
	    const struct form_errors *errs)
{
	const struct form_error *e = form_error_for(errs, name);

	if (!e)
		return;
	html_printf(b, "<p class=\"error-message\" id=\"e-%s\"><span class=\"visually-hidden\">"
		    "%s: </span>%s</p>\n", name, request_tr(req, "Error"),
		    page_reason(req, e->message));
}

/* Attributes of an input: described by its hint and error, invalid.
 * Markup: name is always a literal field name of this file's forms. */
const char *
page_form_input_attrs(struct request *req, const char *name, bool hint,
	    const struct form_errors *errs, bool required)
{
	bool err = form_error_for(errs, name) != NULL;

	return arena_printf(&req->arena, "%s%s%s%s%s%s%s%s",
			    hint || err ? " aria-describedby=\"" : "", hint ? "h-" : "",
			    hint ? name : "", hint && err ? " " : "", err ? "e-" : "",
			    err ? name : "", hint || err ? "\"" : "",
			    arena_printf(&req->arena, "%s%s", err ? " aria-invalid=\"true\"" : "",
					 required ? " required" : ""));
}

/* One text-like input with label, hint and error. type: "text", "date",
 * "number"; extra: literal attributes (markup). */
void
page_form_text(struct request *req, struct buf *b, const char *name, const char *label,
	   const char *hint, const char *type, const char *value, bool required,
	   const struct form_errors *errs, const char *extra)
{
	bool err = form_error_for(errs, name) != NULL;

	html_printf(b, "<div class=\"field%R\"><label for=\"f-%s\">%s", err ? " has-error" : "",
		    name, label);
	if (required)
		html_printf(b, " <span class=\"required\">(%s)</span>", request_tr(req, "required"));
	html_raw(b, "</label>\n");
	if (hint)
		html_printf(b, "<p class=\"hint\" id=\"h-%s\">%s</p>\n", name, hint);
	page_form_field_error(req, b, name, errs);
	html_printf(b, "<input type=\"%s\" id=\"f-%s\" name=\"%s\" value=\"%s\"%R%R>\n</div>\n",
		    type, name, name, value ? value : "",
		    /* markup */ page_form_input_attrs(req, name, hint != NULL, errs, required),
		    /* markup */ extra ? extra : "");
}

/* The summary of every problem at the top of a form, each linked to its
 * input (names: the inputs' names, "" for the whole form). */
void
page_form_error_summary(struct request *req, struct buf *b, const struct form_errors *errs)
{
	if (errs->count == 0)
		return;
	html_printf(b, "<div class=\"error-summary\" role=\"alert\" "
		    "aria-labelledby=\"error-summary-title\" tabindex=\"-1\">\n"
		    "<h2 id=\"error-summary-title\">%s</h2>\n<ul>\n",
		    request_tr(req, "There is a problem"));
	for (int i = 0; i < errs->count; i++) {
		const struct form_error *e = &errs->items[i];

		if (e->field[0])
			html_printf(b, "<li><a href=\"#f-%s\">%s</a></li>\n", e->field,
				    page_reason(req, e->message));
		else
			html_printf(b, "<li>%s</li>\n", page_reason(req, e->message));
	}
	html_raw(b, "</ul>\n</div>\n");
}

/* Reads the posted form into f; false after an error page. */
bool
page_form_posted(struct request *req, struct response *res, struct form *f)
{
	form_init(f, &req->arena);
	if (form_parse(f, req->body, req->body_len, &req->err)) {
		page_error(req, res);
		return false;
	}
	return true;
}

/* An amount as a form shows it: "1.250,00" (no euro sign). Arena. */
const char *
page_form_amount(struct request *req, int64_t cents)
{
	char text[MONEY_TEXT_LEN];
	const char *p = money_format(cents, req->lang, text);

	if (strncmp(p, "\xe2\x82\xac", 3) == 0)
		p += 3;
	while (*p == ' ')
		p++;
	return arena_strdup(&req->arena, p);
}
