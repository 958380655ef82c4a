/* page_prior_learning.c: recognised prior learning in the web pages
 * (issue 4, item 2)
 *
 *   GET  /learning/prior-learning               the claims waiting for the
 *                                               reader (examiner, exam board)
 *   GET  /learning/prior-learning?enrolment=ID  an enrolment's claims and, for
 *                                               its learner, the claim form
 *   GET  /learning/prior-learning?id=ID         one claim with its evidence,
 *                                               the judgement and the
 *                                               confirmation forms
 *   POST /learning/prior-learning               make a claim (multipart: the
 *                                               evidence may be a file)
 *   POST /learning/prior-learning/judge         the named examiner judges
 *   POST /learning/prior-learning/confirm       the exam board confirms
 * Every list shows one page (list_page.h) with a link to the next. What a
 * page shows and allows is the domain's decision (prior_learning.c).
 */
#include "surfaces/web/web.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/page.h"
#include "surfaces/web/view.h"
#include "domain/agreement.h"
#include "domain/authz_learning.h"
#include "domain/evidence.h"
#include "domain/prior_learning.h"
#include "domain/progress.h"

#include <string.h>

#define CLAIMS_PER_PAGE 20
#define EVIDENCE_PER_CLAIM 20

/* A claim's status in words (msgids). */
static const char *
claim_status(struct request *req, const char *status)
{
	if (status && strcmp(status, "submitted") == 0)
		return request_tr(req, "Waiting for the examiner's judgement");
	if (status && strcmp(status, "approved") == 0)
		return request_tr(req, "Recognised by the examiner; waiting for the exam board");
	if (status && strcmp(status, "rejected") == 0)
		return request_tr(req, "Not recognised");
	if (status && strcmp(status, "confirmed") == 0)
		return request_tr(req, "Recognised");
	return status ? status : "—";
}

void
web_list_pager(struct request *req, struct buf *b, const char *base, const char *param,
	       const char *next_cursor, const char *anchor, const char *next_msgid)
{
	bool past_first = request_query(req, param) != NULL;

	if (!past_first && !next_cursor)
		return;
	html_printf(b, "<nav class=\"pager\" aria-label=\"%s\"><ul>", request_tr(req, "Pages"));
	if (past_first)
		html_printf(b, "<li><a href=\"%s#%s\">%s</a></li>", base, anchor,
			    request_tr(req, "First page"));
	if (next_cursor)
		html_printf(b, "<li><a href=\"%s&amp;%s=%u#%s\" rel=\"next\">%s</a></li>", base,
			    param, next_cursor, anchor,
			    request_tr(req, next_msgid ? next_msgid : "Next page"));
	html_raw(b, "</ul></nav>\n");
}

const char *
web_list_cursor(struct request *req, const char *name)
{
	const char *c = request_query(req, name);

	return c && id_is_valid(c) ? c : NULL;
}

/* The page of an error from the domain, with the way back. */
static void
fail(struct request *req, struct response *res, const char *back)
{
	page_begin(req, res, request_tr(req, lp_status_title(req->err.status ? req->err.status :
							     LP_EINTERNAL)));
	if (req->err.reason[0] && req->err.status != LP_EDB && req->err.status != LP_EINTERNAL &&
	    req->err.status != LP_EIO)
		html_printf(&res->body, "<p role=\"alert\">%s</p>\n",
			    page_reason(req, req->err.reason));
	html_printf(&res->body, "<p><a href=\"%s\">%s</a></p>\n", back ? back : "/learning",
		    request_tr(req, "Back"));
	res->status = http_status_for(req->err.status ? req->err.status : LP_EINTERNAL);
	page_end(req, res);
}

/* One claim as an item of a list. */
static void
claim_item(struct request *req, struct buf *b, const json_t *c, bool with_learner)
{
	html_printf(b, "<li><a href=\"/learning/prior-learning?id=%u\">%s — %s</a>",
		    page_str(c, "id"), page_str(c, "outcome_code"), page_str(c, "outcome_title"));
	if (with_learner)
		html_printf(b, " · %s", page_str(c, "learner"));
	html_printf(b, " · <span class=\"status\">%s</span></li>\n",
		    claim_status(req, page_str(c, "status")));
}

/* The learner's claim form; values come back from a refused post. */
static void
claim_form(struct request *req, struct buf *b, const struct enrolment_ref *e)
{
	json_t *p = NULL, *examiners = NULL, *x;
	const char *v_outcome = request_form(req, "outcome_id");
	const char *v_examiner = request_form(req, "examiner_id");
	const char *v_statement = request_form(req, "statement");
	const char *v_text = request_form(req, "evidence");
	const char *v_url = request_form(req, "url");
	const char *v_kind = request_form(req, "kind");
	size_t i;

	if (progress_get(&req->ctx, e->id, &p) || agreement_examiners(&req->ctx, e->id,
								     &examiners)) {
		lp_error_clear(&req->err);
		json_decref(p);
		return;
	}
	if (!v_kind)
		v_kind = "text";
	html_printf(b, "<form method=\"post\" action=\"/learning/prior-learning\" "
		    "enctype=\"multipart/form-data\" class=\"claim-form\" aria-labelledby=\"claim-h\">"
		    "\n<h2 id=\"claim-h\">%s</h2>\n<p class=\"hint\">%s</p>\n",
		    request_tr(req, "Claim an outcome you already master"),
		    request_tr(req, "Show what you already know and can do, for example from your "
			       "work or an earlier course. An examiner judges your claim and the "
			       "exam board confirms it; the outcome then counts as recognised."));
	page_csrf_field(req, b);
	html_printf(b, "<input type=\"hidden\" name=\"enrolment_id\" value=\"%s\">\n"
		    "<p><label for=\"pl-outcome\">%s</label>\n<select id=\"pl-outcome\" "
		    "name=\"outcome_id\" required>\n", e->id, request_tr(req, "Learning outcome"));
	json_array_foreach(json_object_get(p, "outcomes"), i, x) {
		const char *state = page_str(x, "state");
		if (state && (strcmp(state, "achieved") == 0 || strcmp(state, "recognised") == 0))
			continue;
		html_printf(b, "<option value=\"%s\"%R>%s — %s</option>\n", page_str(x, "outcome_id"),
			    v_outcome && strcmp(v_outcome, page_str(x, "outcome_id")) == 0 ?
			    " selected" : "", page_str(x, "code"), page_str(x, "title"));
	}
	html_printf(b, "</select></p>\n<p><label for=\"pl-statement\">%s</label>\n<textarea "
		    "id=\"pl-statement\" name=\"statement\" rows=\"4\" required maxlength=\"4000\">"
		    "%s</textarea></p>\n", request_tr(req, "Why you already master it"),
		    v_statement ? v_statement : "");
	html_printf(b, "<fieldset><legend>%s</legend>\n<p>", request_tr(req, "Kind of evidence"));
	{
		static const char *const kinds[][2] = { { "text", "Text" }, { "link", "Link" },
							{ "file", "File" } };
		for (size_t k = 0; k < 3; k++)
			html_printf(b, "<input type=\"radio\" id=\"pl-k-%s\" name=\"kind\" "
				    "value=\"%s\"%R> <label for=\"pl-k-%s\">%s</label>\n", kinds[k][0],
				    kinds[k][0], strcmp(v_kind, kinds[k][0]) == 0 ? " checked" : "",
				    kinds[k][0], request_tr(req, kinds[k][1]));
	}
	html_printf(b, "</p></fieldset>\n<p><label for=\"pl-text\">%s</label>\n<textarea "
		    "id=\"pl-text\" name=\"evidence\" rows=\"4\" maxlength=\"20000\">%s</textarea>"
		    "</p>\n<p><label for=\"pl-url\">%s</label>\n<input type=\"url\" id=\"pl-url\" "
		    "name=\"url\" value=\"%s\"></p>\n<p><label for=\"pl-file\">%s</label>\n<input "
		    "type=\"file\" id=\"pl-file\" name=\"file\" accept=\"%s\"> <span class=\"hint\">"
		    "%s</span></p>\n", request_tr(req, "Evidence in words"), v_text ? v_text : "",
		    request_tr(req, "Link"), v_url ? v_url : "", request_tr(req, "File"),
		    evidence_accept(),
		    request_tr(req, "PDF, image, text or office document, at most 4 MiB"));
	html_printf(b, "<p><label for=\"pl-examiner\">%s</label>\n<select id=\"pl-examiner\" "
		    "name=\"examiner_id\" required>\n", request_tr(req, "Examiner who judges it"));
	json_array_foreach(json_object_get(examiners, "items"), i, x)
		html_printf(b, "<option value=\"%s\"%R>%s</option>\n", page_str(x, "person_id"),
			    v_examiner && strcmp(v_examiner, page_str(x, "person_id")) == 0 ?
			    " selected" : "", page_str(x, "name"));
	html_printf(b, "</select></p>\n<button type=\"submit\">%s</button>\n</form>\n",
		    request_tr(req, "Submit the claim"));
	json_decref(p);
	json_decref(examiners);
}

/* GET ?enrolment=: the claims of one enrolment and the claim form. */
static void
enrolment_claims(struct request *req, struct response *res, const char *id)
{
	struct buf *b = &res->body;
	struct enrolment_ref e;
	struct list_page pg = { request_query(req, "cursor"), CLAIMS_PER_PAGE };
	json_t *list = NULL, *c;
	size_t i;
	const char *base;

	if (pg.cursor && !id_is_valid(pg.cursor))
		pg.cursor = NULL;
	if (authz_enrolment_load(&req->ctx, id, &e) ||
	    prior_learning_list_page(&req->ctx, e.id, &pg, &list)) {
		fail(req, res, NULL);
		return;
	}
	page_begin(req, res, request_tr(req, "Recognised prior learning"));
	html_printf(b, "<p class=\"meta\"><a href=\"/learning/enrolment?id=%u\">%s</a> · %s</p>\n",
		    e.id, page_str(list, "learner_name"), view_ref_label(req, "programmes",
								      e.programme_id));
	if (req->err.status) {
		/* a refused claim: say why above the form that keeps the values */
		html_printf(b, "<p role=\"alert\" class=\"error\">%s</p>\n",
			    page_reason(req, req->err.reason));
		lp_error_clear(&req->err);
	}
	html_printf(b, "<section aria-labelledby=\"claims\">\n<h2 id=\"claims\">%s</h2>\n",
		    request_tr(req, "Claims"));
	if (json_array_size(json_object_get(list, "items")) == 0 && !pg.cursor)
		html_printf(b, "<p>%s</p>\n", request_tr(req, "No claims yet."));
	else
		html_raw(b, "<ul class=\"claims\">\n");
	json_array_foreach(json_object_get(list, "items"), i, c)
		claim_item(req, b, c, false);
	if (json_array_size(json_object_get(list, "items")) > 0 || pg.cursor)
		html_raw(b, "</ul>\n");
	base = arena_printf(&req->arena, "/learning/prior-learning?enrolment=%s", e.id);
	web_list_pager(req, b, base, "cursor", page_str(list, "next_cursor"), "claims", NULL);
	html_raw(b, "</section>\n");
	if (authz_enrolment(&req->ctx, &e, LA_ADD_EVIDENCE) == LP_OK &&
	    strcmp(e.status, "active") == 0)
		claim_form(req, b, &e);
	lp_error_clear(&req->err);
	json_decref(list);
	page_end(req, res);
}

/* The judgement form of the examiner named on the claim. */
static void
judge_form(struct request *req, struct buf *b, const json_t *c)
{
	html_printf(b, "<form method=\"post\" action=\"/learning/prior-learning/judge\" "
		    "class=\"judge\" aria-labelledby=\"judge-h\">\n<h2 id=\"judge-h\">%s</h2>\n",
		    request_tr(req, "Your judgement"));
	page_csrf_field(req, b);
	html_printf(b, "<input type=\"hidden\" name=\"id\" value=\"%s\">\n<fieldset><legend>%s"
		    "</legend>\n<input type=\"radio\" id=\"pl-r-a\" name=\"result\" value=\"approved\" "
		    "required> <label for=\"pl-r-a\">%s</label>\n<input type=\"radio\" id=\"pl-r-r\" "
		    "name=\"result\" value=\"rejected\"> <label for=\"pl-r-r\">%s</label></fieldset>\n"
		    "<p><label for=\"pl-rationale\">%s</label>\n<textarea id=\"pl-rationale\" "
		    "name=\"rationale\" rows=\"3\" required maxlength=\"4000\"></textarea></p>\n"
		    "<button type=\"submit\">%s</button>\n</form>\n", page_str(c, "id"),
		    request_tr(req, "Result"), request_tr(req, "Recognised"),
		    request_tr(req, "Not recognised"), request_tr(req, "Rationale"),
		    request_tr(req, "Record the judgement"));
}

/* GET ?id=: one claim. */
static void
one_claim(struct request *req, struct response *res, const char *id)
{
	struct buf *b = &res->body;
	struct enrolment_ref e;
	struct list_page pg = { NULL, EVIDENCE_PER_CLAIM };
	json_t *c = NULL, *ev = NULL, *x;
	const char *status;
	char date[LABEL_DATE_LEN];
	size_t i;

	if (prior_learning_get(&req->ctx, id, &c) ||
	    authz_enrolment_load(&req->ctx, page_str(c, "enrolment_id"), &e)) {
		json_decref(c);
		fail(req, res, NULL);
		return;
	}
	status = page_str(c, "status");
	page_begin(req, res, request_tr(req, "Prior learning claim"));
	html_printf(b, "<p class=\"meta\"><a href=\"/learning/enrolment?id=%u\">%s</a> · "
		    "<a href=\"/learning/prior-learning?enrolment=%u\">%s</a></p>\n", e.id,
		    page_str(c, "learner_name"), e.id,
		    request_tr(req, "All claims of this learner"));
	html_printf(b, "<article class=\"claim\" aria-labelledby=\"claim-t\">\n<h2 id=\"claim-t\">"
		    "%s — %s</h2>\n<p><strong>%s:</strong> <span class=\"status\">%s</span></p>\n"
		    "<h3>%s</h3>\n<p class=\"text\">%s</p>\n", page_str(c, "outcome_code"),
		    page_str(c, "outcome_title"), request_tr(req, "Status"),
		    claim_status(req, status), request_tr(req, "Why the learner already masters it"),
		    page_str(c, "statement"));
	if (page_str(c, "evidence"))
		html_printf(b, "<h3>%s</h3>\n<p class=\"text\">%s</p>\n",
			    request_tr(req, "Evidence in words"), page_str(c, "evidence"));
	html_printf(b, "<p class=\"meta\">%s %s · %s %s</p>\n", request_tr(req, "Submitted on"),
		    label_date(req->lang, arena_printf(&req->arena, "%.10s", page_str(c, "created_at")),
			       date), request_tr(req, "Examiner"),
		    page_str(c, "examiner_name") ? page_str(c, "examiner_name") : "—");
	if (page_str(c, "rationale"))
		html_printf(b, "<h3>%s</h3>\n<p class=\"text\">%s</p>\n",
			    request_tr(req, "The examiner's rationale"), page_str(c, "rationale"));
	html_raw(b, "</article>\n");
	/* the evidence of the outcome the reader may see */
	if (evidence_list_page(&req->ctx, e.id, page_str(c, "outcome_id"), &pg, &ev) == LP_OK) {
		html_printf(b, "<section aria-labelledby=\"claim-ev\">\n<h2 id=\"claim-ev\">%s</h2>\n",
			    request_tr(req, "Evidence for this outcome"));
		if (json_array_size(json_object_get(ev, "items")) == 0)
			html_printf(b, "<p>%s</p>\n", request_tr(req, "No evidence yet."));
		else
			html_raw(b, "<ul>\n");
		json_array_foreach(json_object_get(ev, "items"), i, x) {
			html_printf(b, "<li>%s", page_str(x, "title"));
			if (page_str(x, "url"))
				html_printf(b, " — <a href=\"%s\" rel=\"noopener noreferrer\">%s</a>",
					    page_str(x, "url"), page_str(x, "url"));
			if (page_str(x, "file_name"))
				html_printf(b, " — <a href=\"/api/v1/evidence/%u/file\">%s %s</a>",
					    page_str(x, "id"), request_tr(req, "Download"),
					    page_str(x, "file_name"));
			if (page_str(x, "text"))
				html_printf(b, "<br>%s", page_str(x, "text"));
			html_raw(b, "</li>\n");
		}
		if (json_array_size(json_object_get(ev, "items")) > 0)
			html_raw(b, "</ul>\n");
		if (page_str(ev, "next_cursor"))
			html_printf(b, "<p><a href=\"/learning/enrolment?id=%u#evidence\">%s</a></p>\n",
				    e.id, request_tr(req, "All evidence of this learner"));
		html_raw(b, "</section>\n");
	}
	lp_error_clear(&req->err);
	json_decref(ev);
	if (strcmp(status, "submitted") == 0 && page_str(c, "examiner_id") &&
	    strcmp(page_str(c, "examiner_id"), req->actor.person_id) == 0) {
		if (e.rel & REL_COACH)
			html_printf(b, "<p role=\"note\">%s</p>\n", page_reason(req,
				    "you coach this learner: ask another examiner to judge the claim"));
		else
			judge_form(req, b, c);
	}
	if (strcmp(status, "approved") == 0 && authz_enrolment(&req->ctx, &e, LA_CONFIRM) == 0) {
		html_raw(b, "<form method=\"post\" action=\"/learning/prior-learning/confirm\">\n");
		page_csrf_field(req, b);
		html_printf(b, "<input type=\"hidden\" name=\"id\" value=\"%s\">\n<button "
			    "type=\"submit\">%s</button>\n</form>\n", page_str(c, "id"),
			    request_tr(req, "Confirm the recognition for the exam board"));
	}
	lp_error_clear(&req->err);
	json_decref(c);
	page_end(req, res);
}

/* GET without arguments: the claims waiting for the reader. */
static void
queue(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	struct list_page pg = { request_query(req, "cursor"), CLAIMS_PER_PAGE };
	json_t *q = NULL, *c;
	size_t i;

	if (pg.cursor && !id_is_valid(pg.cursor))
		pg.cursor = NULL;
	if (prior_learning_queue(&req->ctx, &pg, &q)) {
		if (req->err.status != LP_EFORBIDDEN) {
			fail(req, res, NULL);
			return;
		}
		/* not an examiner or on an exam board: nothing to judge */
		lp_error_clear(&req->err);
		q = json_pack("{s:[], s:n}", "items", "next_cursor");
	}
	page_begin(req, res, request_tr(req, "Prior learning claims waiting for you"));
	html_printf(b, "<section aria-labelledby=\"pl-queue\">\n<h2 id=\"pl-queue\">%s</h2>\n",
		    request_tr(req, "To judge or to confirm"));
	if (json_array_size(json_object_get(q, "items")) == 0)
		html_printf(b, "<p>%s</p>\n", request_tr(req, "Nothing waits for you."));
	else
		html_raw(b, "<ul class=\"claims\">\n");
	json_array_foreach(json_object_get(q, "items"), i, c)
		claim_item(req, b, c, true);
	if (json_array_size(json_object_get(q, "items")) > 0)
		html_raw(b, "</ul>\n");
	web_list_pager(req, b, "/learning/prior-learning?queue=1", "cursor",
		       page_str(q, "next_cursor"), "pl-queue", NULL);
	html_printf(b, "</section>\n<p><a href=\"/learning\">%s</a></p>\n",
		    request_tr(req, "Back to my learning"));
	json_decref(q);
	page_end(req, res);
}

void
web_prior_learning(struct request *req, struct response *res)
{
	const char *id = request_query(req, "id"), *enr = request_query(req, "enrolment");

	if (id)
		one_claim(req, res, id);
	else if (enr)
		enrolment_claims(req, res, enr);
	else
		queue(req, res);
}

void
web_prior_learning_claim(struct request *req, struct response *res)
{
	const char *enrolment = request_form(req, "enrolment_id");
	const char *kind = request_form(req, "kind");
	struct evidence_input in;
	bool with_piece = false;
	json_t *out = NULL;
	enum lp_status rc;

	memset(&in, 0, sizeof(in));
	if (kind && strcmp(kind, "link") == 0) {
		in.kind = "link";
		in.url = request_form(req, "url");
		in.title = in.url;
		with_piece = true;
	} else if (kind && strcmp(kind, "file") == 0) {
		in.kind = "file";
		for (const struct request_part *pt = request_parts(req); pt; pt = pt->next)
			if (strcmp(pt->name, "file") == 0 && pt->filename && pt->size > 0) {
				in.file_name = pt->filename;
				in.file_type = pt->content_type;
				in.data = pt->data;
				in.size = pt->size;
				in.title = pt->filename;
			}
		with_piece = true;
	}
	if (with_piece && strcmp(in.kind, "file") == 0 && !in.file_name)
		rc = lp_fail(&req->err, LP_EINVAL, "file", "choose a file to upload");
	else
		rc = prior_learning_claim_with_evidence(&req->ctx, enrolment,
							request_form(req, "outcome_id"),
							request_form(req, "statement"),
							request_form(req, "evidence"),
							request_form(req, "examiner_id"),
							with_piece ? &in : NULL, &out);
	if (rc) {
		struct enrolment_ref e;
		enum lp_status status = req->err.status ? req->err.status : rc;
		struct lp_error keep = req->err;
		/* the form again with what was typed, when the reader may see it */
		if (!enrolment || authz_enrolment_load(&req->ctx, enrolment, &e)) {
			req->err = keep;
			fail(req, res, NULL);
			return;
		}
		req->err = keep;
		req->err.status = status;
		enrolment_claims(req, res, enrolment);
		res->status = http_status_for(status);
		return;
	}
	response_redirect(res, arena_printf(&req->arena, "/learning/prior-learning?id=%s",
					    page_str(out, "id")));
	json_decref(out);
}

void
web_prior_learning_judge(struct request *req, struct response *res)
{
	const char *id = request_form(req, "id");
	json_t *out = NULL;

	if (prior_learning_judge(&req->ctx, id, request_form(req, "result"),
				 request_form(req, "rationale"), &out)) {
		fail(req, res, id && id_is_valid(id) ? arena_printf(&req->arena,
			"/learning/prior-learning?id=%s", id) : NULL);
		return;
	}
	json_decref(out);
	response_redirect(res, arena_printf(&req->arena, "/learning/prior-learning?id=%s", id));
}

void
web_prior_learning_confirm(struct request *req, struct response *res)
{
	const char *id = request_form(req, "id");
	json_t *out = NULL;

	if (prior_learning_confirm(&req->ctx, id, &out)) {
		fail(req, res, id && id_is_valid(id) ? arena_printf(&req->arena,
			"/learning/prior-learning?id=%s", id) : NULL);
		return;
	}
	json_decref(out);
	response_redirect(res, arena_printf(&req->arena, "/learning/prior-learning?id=%s", id));
}
