/* page_learning.c: the pages of the learning agreements (issue 4)
 *
 *   GET  /learning                what waits for the reader: the learner's
 *                                 agreement, progress and next steps; the
 *                                 coach's learners; the supervisor's
 *                                 employees; the examiner's queue
 *   GET  /learning/enrolment?id=  one learner's progress per outcome,
 *                                 agreements, evidence and coaching log
 *   GET  /learning/agreement?id=  an agreement to edit, propose, sign,
 *                                 amend, evaluate and close, with its
 *                                 history; &version=N prints one version
 *   POST /learning/agreement      one step of the workflow (action=...)
 *   POST /learning/agreements     open an agreement for a period
 *   POST /learning/evidence       add evidence (multipart/form-data)
 *   POST /learning/attest         a supervisor attests evidence
 *   POST /learning/assess         an examiner judges an outcome
 * Which forms a page shows follows the domain's access rules
 * (authz_learning.h); every step is checked again when it is taken.
 */
#include "surfaces/web/web.h"
#include "base/id.h"
#include "base/money.h"
#include "surfaces/web/form.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/page.h"
#include "surfaces/web/view.h"
#include "domain/agreement.h"
#include "domain/assessment.h"
#include "domain/authz_learning.h"
#include "domain/coaching.h"
#include "domain/enrolment.h"
#include "domain/evidence.h"
#include "domain/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* items of a per-enrolment list on one page (list_page.h) */
#define LIST_PER_PAGE 20
/* versions in the history on the agreement page (all: its history page) */
#define HISTORY_SHOWN 10

/* msgids of the code values of this file */
static const char *
state_label(struct request *req, const char *state)
{
	static const char *const map[][2] = {
		{ "open", "Not started" }, { "planned", "Planned" },
		{ "in_progress", "In progress" }, { "evidence_submitted", "Evidence submitted" },
		{ "achieved", "Achieved" }, { "recognised", "Recognised" },
		{ "draft", "Draft" }, { "proposed", "Proposed" }, { "active", "Signed and active" },
		{ "closed", "Closed" }, { "signed", "Signed" }, { "superseded", "Superseded" },
		{ "withdrawn", "Withdrawn" }, { "learner", "Learner" },
		{ "institution", "Institution" }, { "employer", "Employer" },
		{ "portfolio", "Portfolio" }, { "project_product", "Project product" },
		{ "criterion_interview", "Criterion-based interview" },
		{ "workplace_assessment", "Workplace assessment" }, { "exam", "Exam" },
		{ "achieved_result", "Achieved" }, { "not_yet", "Not yet" },
		{ "company_visit", "Company visit" }, { "meeting", "Meeting" },
		{ "evaluation", "Evaluation" }, { "file", "File" }, { "link", "Link" },
		{ "text", "Text" },
	};

	for (size_t i = 0; state && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], state) == 0)
			return request_tr(req, map[i][1]);
	return state ? state : "—";
}

/* An enrolment's status in words. */
static const char *
enrolment_status(struct request *req, const char *status)
{
	if (strcmp(status, "active") == 0)
		return request_tr(req, "Enrolment active");
	if (strcmp(status, "paused") == 0)
		return request_tr(req, "Enrolment paused");
	if (strcmp(status, "graduated") == 0)
		return request_tr(req, "Graduated");
	return request_tr(req, "Enrolment withdrawn");
}

/* The step of a state on the per-outcome bar, out of 4. */
static int
state_step(const char *state)
{
	if (!state)
		return 0;
	if (strcmp(state, "achieved") == 0 || strcmp(state, "recognised") == 0)
		return 4;
	if (strcmp(state, "evidence_submitted") == 0)
		return 3;
	if (strcmp(state, "in_progress") == 0)
		return 2;
	if (strcmp(state, "planned") == 0)
		return 1;
	return 0;
}

/* An error from the domain as a page (403, 404, 409, 422 ...). */
static void
fail_page(struct request *req, struct response *res)
{
	page_begin(req, res, request_tr(req, lp_status_title(req->err.status ? req->err.status :
							     LP_EINTERNAL)));
	if (req->err.reason[0] && req->err.status != LP_EDB && req->err.status != LP_EINTERNAL &&
	    req->err.status != LP_EIO)
		html_printf(&res->body, "<p role=\"alert\">%s</p>\n",
			    page_reason(req, req->err.reason));
	html_printf(&res->body, "<p><a href=\"/learning\">%s</a></p>\n",
		    request_tr(req, "Back to my learning"));
	page_end(req, res);
	res->status = http_status_for(req->err.status ? req->err.status : LP_EINTERNAL);
}

/* The progress of an enrolment: the EC bar and a bar per outcome. */
static void
progress_block(struct request *req, struct buf *b, const struct progress *p, bool per_outcome,
	       const char *id_prefix)
{
	long long pct = p->percent;
	char ec_done[LABEL_EC_LEN], ec_total[LABEL_EC_LEN], ec[LABEL_EC_LEN];
	const char *progress = request_tr(req, "Progress");

	label_ec(req->lang, p->ec_achieved, ec_done);
	label_ec(req->lang, p->ec_total, ec_total);
	html_printf(b, "<p class=\"progress-total\"><label for=\"%s-total\">%s</label> "
		    "<progress id=\"%s-total\" max=\"100\" value=\"%lld\">%lld%%</progress> "
		    "<span>%s %s %s EC (%lld%%)</span></p>\n", id_prefix,
		    request_tr(req, "Credits achieved"), id_prefix, pct, pct, ec_done,
		    request_tr(req, "of"), ec_total, pct);
	if (p->eligible)
		html_printf(b, "<p role=\"status\">%s</p>\n", request_tr(req,
			    "Every outcome is achieved or recognised: eligible for the diploma."));
	if (!per_outcome)
		return;
	html_printf(b, "<div class=\"table-wrap\"><table class=\"progress\">\n<caption>%s</caption>\n"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\" class=\"num\">EC</th><th scope=\"col\">%s</th></tr></thead>\n"
		    "<tbody>\n", request_tr(req, "Progress per learning outcome"),
		    request_tr(req, "Learning outcome"), request_tr(req, "State"), progress);
	for (size_t i = 0; i < p->count; i++) {
		const struct progress_outcome *o = &p->outcomes[i];
		const char *label = state_label(req, o->state);
		label_ec(req->lang, o->ec, ec);
		html_printf(b, "<tr><th scope=\"row\">%s — %s</th><td>%s</td><td class=\"num\">%s</td>"
			    "<td><progress max=\"4\" value=\"%d\" aria-label=\"%s %s: %s\">%s"
			    "</progress></td></tr>\n", o->code, o->title, label, ec,
			    state_step(o->state), progress, o->code, label, label);
	}
	html_raw(b, "</tbody></table></div>\n");
}

/* The signature of side on the agreement's working version, or NULL. */
static const json_t *
signature_of(const json_t *agreement, const char *side)
{
	const json_t *versions = json_object_get(agreement, "versions"), *v, *s;
	long long current = json_integer_value(json_object_get(agreement, "current_version"));
	size_t i, j;

	json_array_foreach(versions, i, v) {
		if (json_integer_value(json_object_get(v, "number")) != current)
			continue;
		json_array_foreach(json_object_get(v, "signatures"), j, s)
			if (strcmp(page_str(s, "side"), side) == 0)
				return s;
	}
	return NULL;
}

/* What the reader should do next with this agreement; NULL for nothing. */
static const char *
next_step(struct request *req, const struct enrolment_ref *e, const json_t *a)
{
	const char *status = a ? page_str(a, "status") : NULL;

	if (!a)
		return (e->rel & (REL_LEARNER | REL_COACH)) ?
			request_tr(req, "Open a learning agreement for this period.") : NULL;
	if (strcmp(status, "draft") == 0 && (e->rel & (REL_LEARNER | REL_COACH)))
		return request_tr(req, "Complete the draft agreement and propose it.");
	if (strcmp(status, "proposed") == 0) {
		if ((e->rel & REL_LEARNER) && !signature_of(a, "learner"))
			return request_tr(req, "Read the proposed agreement and sign it.");
		if ((e->rel & REL_COACH) && !signature_of(a, "institution"))
			return request_tr(req, "Sign the proposed agreement for the institution.");
		if ((e->rel & REL_EMPLOYER) && !signature_of(a, "employer"))
			return request_tr(req, "Sign the proposed agreement for the employer.");
	}
	if (strcmp(status, "active") == 0 && (e->rel & REL_LEARNER))
		return request_tr(req, "Add evidence for the outcomes you are working on.");
	return NULL;
}

/* One enrolment, loaded with authz_enrolment_load or
 * authz_enrolments_own, as a card on /learning and the home page. */
static void
enrolment_card(struct request *req, struct buf *b, const struct enrolment_ref *e, int n)
{
	struct progress p;
	json_t *list = NULL, *a = NULL;
	const json_t *first;
	const char *id = e->id, *next;
	char prefix[32];

	if (progress_load(&req->ctx, e, &p) || agreement_list_of(&req->ctx, e, &list)) {
		lp_error_clear(&req->err);
		json_decref(list);
		return;
	}
	first = json_array_get(json_object_get(list, "items"), 0);
	/* the list says enough, unless signatures decide the next step */
	if (first && strcmp(page_str(first, "status"), "proposed") != 0)
		a = json_incref((json_t *)first);
	else if (first && agreement_get(&req->ctx, page_str(first, "id"), &a))
		lp_error_clear(&req->err);
	snprintf(prefix, sizeof(prefix), "enr%d", n);
	html_printf(b, "<article class=\"enrolment\" aria-labelledby=\"%s-h\">\n"
		    "<h3 id=\"%s-h\"><a href=\"/learning/enrolment?id=%u\">%s</a></h3>\n"
		    "<p class=\"meta\">%s · %s</p>\n", prefix, prefix, id,
		    p.learner_name,
		    view_ref_label(req, "programmes", e->programme_id),
		    e->employer_id[0] ? view_ref_label(req, "organisations", e->employer_id) : "—");
	progress_block(req, b, &p, (e->rel & REL_LEARNER) != 0, prefix);
	if (a)
		html_printf(b, "<p>%s: <a href=\"/learning/agreement?id=%u\">%s</a> — %s</p>\n",
			    request_tr(req, "Learning agreement"), page_str(a, "id"),
			    page_str(a, "period_name"), state_label(req, page_str(a, "status")));
	else
		html_printf(b, "<p>%s</p>\n", request_tr(req, "No learning agreement yet."));
	if (e->rel & REL_SUPERVISOR) {
		/* the supervisor's list: evidence waiting for an attestation */
		json_t *ev = NULL, *x;
		size_t k;
		long long open = 0;
		if (evidence_list(&req->ctx, id, NULL, &ev) == LP_OK)
			json_array_foreach(json_object_get(ev, "items"), k, x)
				open += json_array_size(json_object_get(x, "attestations")) == 0;
		lp_error_clear(&req->err);
		json_decref(ev);
		if (open)
			html_printf(b, "<p class=\"next\"><a href=\"/learning/enrolment?id=%u#evidence\">"
				    "%s: %lld</a></p>\n", id, request_tr(req, "Evidence to attest"),
				    open);
	}
	if (e->rel & REL_LEARNER)
		html_printf(b, "<p><a href=\"/learning/prior-learning?enrolment=%u\">%s</a></p>\n",
			    id, request_tr(req, "Claim prior learning"));
	next = next_step(req, e, a);
	if (next)
		html_printf(b, "<p class=\"next\"><strong>%s:</strong> %s</p>\n",
			    request_tr(req, "Next step"), next);
	html_raw(b, "</article>\n");
	json_decref(list);
	json_decref(a);
}

void
web_learning_home(struct request *req, struct buf *b)
{
	struct enrolment_ref own[20];
	size_t count = 0;

	if (authz_enrolments_own(&req->ctx, own, 20, &count)) {
		lp_error_clear(&req->err);
		return;
	}
	if (!req->actor.person_id[0])
		return;
	for (size_t i = 0; i < count; i++)
		enrolment_card(req, b, &own[i], 100 + (int)i);
	if (count == 0)
		html_printf(b, "<p>%s</p>\n", request_tr(req, "You are not enrolled in a programme."));
}

void
web_learning(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	struct entity_query q;
	json_t *items = NULL, *enr, *queue = NULL, *confirm = NULL;
	struct list_page queue_pg = { NULL, LIST_PER_PAGE }, confirm_pg = { NULL, LIST_PER_PAGE };
	const char *next = NULL;
	size_t i;
	int shown = 0;

	page_begin(req, res, request_tr(req, "Learning agreements"));
	queue_pg.cursor = request_query(req, "queue_after");
	confirm_pg.cursor = web_list_cursor(req, "confirm_after");
	memset(&q, 0, sizeof(q));
	/* one page of learners at a time */
	q.limit = LIST_PER_PAGE;
	q.cursor = web_list_cursor(req, "cursor");
	if (entity_list(&req->ctx, &enrolments_def, &q, &items, &next)) {
		lp_error_clear(&req->err);
		items = json_array();
		next = NULL;
	}
	json_array_foreach(items, i, enr) {
		struct enrolment_ref e;
		if (authz_enrolment_load(&req->ctx, page_str(enr, "id"), &e)) {
			lp_error_clear(&req->err);
			continue;
		}
		if (shown == 0)
			html_printf(b, "<section aria-labelledby=\"learners\">\n<h2 id=\"learners\">%s"
				    "</h2>\n", request_tr(req, "Learners and their agreements"));
		enrolment_card(req, b, &e, shown++);
	}
	if (shown || q.cursor)
		view_pager(req, b, next);
	if (shown)
		html_raw(b, "</section>\n");
	json_decref(items);
	if (actor_has_any(&req->actor, ROLE_BIT(ROLE_EXAMINER) | ROLE_BIT(ROLE_EXAM_BOARD), NULL) &&
	    assessment_queue_page(&req->ctx, &queue_pg, &queue) == LP_OK &&
	    assessment_confirm_page(&req->ctx, &confirm_pg, &confirm) == LP_OK) {
		json_t *it;
		html_printf(b, "<section aria-labelledby=\"queue\">\n<h2 id=\"queue\">%s</h2>\n",
			    request_tr(req, "Your assessment queue"));
		if (json_array_size(json_object_get(queue, "items")) == 0)
			html_printf(b, "<p>%s</p>\n", request_tr(req, "Nothing waits for you."));
		else
			html_raw(b, "<ul class=\"queue\">\n");
		json_array_foreach(json_object_get(queue, "items"), i, it)
			html_printf(b, "<li><a href=\"/learning/enrolment?id=%u#assess\">%s — %s %s"
				    "</a> (%lld %s)</li>\n", page_str(it, "enrolment_id"), page_str(it, "learner"),
				    page_str(it, "outcome_code"), page_str(it, "outcome_title"),
				    (long long)json_integer_value(json_object_get(it, "evidence_count")),
				    json_integer_value(json_object_get(it, "evidence_count")) == 1 ?
				    request_tr(req, "piece of evidence") :
				    request_tr(req, "pieces of evidence"));
		if (json_array_size(json_object_get(queue, "items")) > 0)
			html_raw(b, "</ul>\n");
		web_list_pager(req, b, "/learning?queue=1", "queue_after",
			       page_str(queue, "next_cursor"), "queue", NULL);
		html_printf(b, "<p><a href=\"/learning/prior-learning\">%s</a></p>\n",
			    request_tr(req, "Prior learning claims waiting for you"));
		if (json_array_size(json_object_get(confirm, "items")) > 0) {
			html_printf(b, "<h3 id=\"to-confirm\">%s</h3>\n<ul>\n", request_tr(req,
				    "Assessments for the exam board to confirm"));
			json_array_foreach(json_object_get(confirm, "items"), i, it)
				html_printf(b, "<li><a href=\"/learning/enrolment?id=%u\">%s — %s</a>"
					    "</li>\n", page_str(it, "enrolment_id"), page_str(it, "learner"),
					    page_str(it, "outcome_code"));
			html_raw(b, "</ul>\n");
		}
		web_list_pager(req, b, "/learning?queue=1", "confirm_after",
			       page_str(confirm, "next_cursor"), "to-confirm", NULL);
		html_raw(b, "</section>\n");
	} else {
		lp_error_clear(&req->err);
	}
	json_decref(queue);
	json_decref(confirm);
	if (shown == 0 && !actor_has_any(&req->actor, ROLE_BIT(ROLE_EXAMINER) |
					 ROLE_BIT(ROLE_EXAM_BOARD), NULL))
		html_printf(b, "<p>%s</p>\n", request_tr(req,
			    "There are no learners or agreements for you to see."));
	page_end(req, res);
}

/* ---- one enrolment ------------------------------------------------------- */

/* A <select> of the programme's outcomes from the progress p. */
static void
outcome_select(struct request *req, struct buf *b, const char *id, const json_t *p)
{
	json_t *o;
	size_t i;

	html_printf(b, "<select id=\"%s\" name=\"outcome_id\" required>\n", id);
	json_array_foreach(json_object_get(p, "outcomes"), i, o)
		html_printf(b, "<option value=\"%s\">%s — %s</option>\n", page_str(o, "outcome_id"),
			    page_str(o, "code"), page_str(o, "title"));
	html_raw(b, "</select>\n");
	(void)req;
}

static void
evidence_section(struct request *req, struct buf *b, const struct enrolment_ref *e,
		 const json_t *p)
{
	json_t *list = NULL, *ev, *att;
	size_t i, j;
	bool attest = authz_enrolment(&req->ctx, e, LA_ATTEST) == LP_OK;
	struct list_page pg = { NULL, LIST_PER_PAGE };

	lp_error_clear(&req->err);
	html_printf(b, "<section aria-labelledby=\"evidence\">\n<h2 id=\"evidence\">%s</h2>\n",
		    request_tr(req, "Evidence"));
	pg.cursor = web_list_cursor(req, "evidence_after");
	if (evidence_list_page(&req->ctx, e->id, NULL, &pg, &list)) {
		lp_error_clear(&req->err);
		list = json_pack("{s:[]}", "items");
	}
	if (json_array_size(json_object_get(list, "items")) == 0)
		html_printf(b, "<p>%s</p>\n", request_tr(req, "No evidence yet."));
	json_array_foreach(json_object_get(list, "items"), i, ev) {
		html_printf(b, "<article class=\"evidence\"><h3>%s — %s</h3>\n<p class=\"meta\">%s · "
			    "%s</p>\n", page_str(ev, "outcome_code"), page_str(ev, "title"),
			    state_label(req, page_str(ev, "kind")), page_str(ev, "outcome_title"));
		if (page_str(ev, "text"))
			html_printf(b, "<p class=\"text\">%s</p>\n", page_str(ev, "text"));
		if (page_str(ev, "url"))
			html_printf(b, "<p><a href=\"%s\" rel=\"noopener noreferrer\">%s</a></p>\n",
				    page_str(ev, "url"), page_str(ev, "url"));
		if (page_str(ev, "file_name"))
			html_printf(b, "<p><a href=\"/api/v1/evidence/%u/file\">%s %s</a></p>\n",
				    page_str(ev, "id"), request_tr(req, "Download"), page_str(ev, "file_name"));
		json_array_foreach(json_object_get(ev, "attestations"), j, att)
			html_printf(b, "<p class=\"attested\">%s %s: “%s”</p>\n",
				    request_tr(req, "Attested by"), page_str(att, "name"),
				    page_str(att, "statement"));
		if (attest && json_array_size(json_object_get(ev, "attestations")) == 0) {
			html_printf(b, "<form method=\"post\" action=\"/learning/attest\">\n");
			page_csrf_field(req, b);
			html_printf(b, "<input type=\"hidden\" name=\"evidence_id\" value=\"%s\">"
				    "<input type=\"hidden\" name=\"enrolment_id\" value=\"%s\">\n"
				    "<label for=\"att-%s\">%s</label>\n<textarea id=\"att-%s\" "
				    "name=\"statement\" required rows=\"2\"></textarea>\n<button "
				    "type=\"submit\">%s</button>\n</form>\n", page_str(ev, "id"), e->id,
				    page_str(ev, "id"), request_tr(req, "What you saw at work"), page_str(ev, "id"),
				    request_tr(req, "Attest"));
		}
		html_raw(b, "</article>\n");
	}
	web_list_pager(req, b, arena_printf(&req->arena, "/learning/enrolment?id=%s", e->id),
		       "evidence_after", page_str(list, "next_cursor"), "evidence", NULL);
	json_decref(list);
	if (authz_enrolment(&req->ctx, e, LA_ADD_EVIDENCE) == LP_OK &&
	    strcmp(e->status, "active") == 0) {
		html_printf(b, "<form method=\"post\" action=\"/learning/evidence\" "
			    "enctype=\"multipart/form-data\" class=\"evidence-form\">\n<h3>%s</h3>\n",
			    request_tr(req, "Add evidence"));
		page_csrf_field(req, b);
		html_printf(b, "<input type=\"hidden\" name=\"enrolment_id\" value=\"%s\">\n", e->id);
		html_printf(b, "<p><label for=\"ev-outcome\">%s</label>\n",
			    request_tr(req, "Learning outcome"));
		outcome_select(req, b, "ev-outcome", p);
		html_printf(b, "</p>\n<p><label for=\"ev-title\">%s</label>\n<input id=\"ev-title\" "
			    "name=\"title\" maxlength=\"200\"></p>\n<fieldset><legend>%s</legend>\n"
			    "<p><input type=\"radio\" id=\"ev-k-file\" name=\"kind\" value=\"file\" "
			    "checked> <label for=\"ev-k-file\">%s</label>\n<input type=\"radio\" "
			    "id=\"ev-k-link\" name=\"kind\" value=\"link\"> <label for=\"ev-k-link\">"
			    "%s</label>\n<input type=\"radio\" id=\"ev-k-text\" name=\"kind\" "
			    "value=\"text\"> <label for=\"ev-k-text\">%s</label></p></fieldset>\n"
			    "<p><label for=\"ev-file\">%s</label>\n<input type=\"file\" id=\"ev-file\" "
			    "name=\"file\" accept=\"%s\"> <span class=\"hint\">%s</span></p>\n"
			    "<p><label for=\"ev-url\">%s</label>\n<input type=\"url\" id=\"ev-url\" "
			    "name=\"url\"></p>\n<p><label for=\"ev-text\">%s</label>\n<textarea "
			    "id=\"ev-text\" name=\"text\" rows=\"4\"></textarea></p>\n<button "
			    "type=\"submit\">%s</button>\n</form>\n",
			    request_tr(req, "Title"), request_tr(req, "Kind of evidence"),
			    request_tr(req, "File"), request_tr(req, "Link"), request_tr(req, "Text"),
			    request_tr(req, "File"), evidence_accept(),
			    request_tr(req, "PDF, image, text or office document, at most 4 MiB"),
			    request_tr(req, "Link"), request_tr(req, "Text"),
			    request_tr(req, "Add evidence"));
	}
	html_raw(b, "</section>\n");
}

/* The examiner's forms for the outcomes assigned to them: the first
 * judgement, or the second where the first examiner has judged. */
static void
assess_section(struct request *req, struct buf *b, const struct enrolment_ref *e)
{
	json_t *queue = NULL, *it;
	size_t i;
	int n = 0;

	if (!(e->rel & REL_EXAMINER) || assessment_waiting_in(&req->ctx, e->id, &queue)) {
		lp_error_clear(&req->err);
		return;
	}
	json_array_foreach(json_object_get(queue, "items"), i, it) {
		bool second = strcmp(page_str(it, "as"), "second") == 0;
		const char *pending = second ? page_str(it, "assessment_id") : NULL;
		if (second && !pending)
			continue;
		if (n++ == 0)
			html_printf(b, "<section aria-labelledby=\"assess\">\n<h2 id=\"assess\">%s</h2>\n",
				    request_tr(req, "Assess"));
		html_printf(b, "<form method=\"post\" action=\"%s\" class=\"assess\">\n"
			    "<h3>%s — %s%s</h3>\n", second ? "/learning/second" : "/learning/assess",
			    page_str(it, "outcome_code"), page_str(it, "outcome_title"),
			    second ? request_tr(req, " (second examiner)") : "");
		page_csrf_field(req, b);
		html_printf(b, "<input type=\"hidden\" name=\"enrolment_id\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"outcome_id\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"assessment_id\" value=\"%s\">\n"
			    "<fieldset><legend>%s</legend>\n<input type=\"radio\" id=\"r-a-%d\" "
			    "name=\"result\" value=\"achieved\" required> <label for=\"r-a-%d\">%s"
			    "</label>\n<input type=\"radio\" id=\"r-n-%d\" name=\"result\" "
			    "value=\"not_yet\"> <label for=\"r-n-%d\">%s</label></fieldset>\n"
			    "<p><label for=\"rat-%d\">%s</label>\n<textarea id=\"rat-%d\" "
			    "name=\"rationale\" rows=\"3\" required></textarea></p>\n"
			    "<p><label for=\"notes-%d\">%s</label>\n<textarea id=\"notes-%d\" "
			    "name=\"internal_notes\" rows=\"2\"></textarea></p>\n"
			    "<button type=\"submit\">%s</button>\n</form>\n", e->id,
			    page_str(it, "outcome_id"), pending ? pending : "", request_tr(req, "Result"),
			    n, n, request_tr(req, "Achieved"), n, n, request_tr(req, "Not yet"), n,
			    request_tr(req, "Rationale"), n, n,
			    request_tr(req, "Internal notes (examiners only)"), n,
			    request_tr(req, "Record the judgement"));
	}
	if (n)
		html_raw(b, "</section>\n");
	json_decref(queue);
}

/* The judgements so far; the exam board confirms them and, when every
 * outcome is achieved or recognised, marks the learner graduated. */
static void
judgements_section(struct request *req, struct buf *b, const struct enrolment_ref *e,
		   const json_t *p)
{
	json_t *list = NULL, *a;
	size_t i;
	bool board = authz_enrolment(&req->ctx, e, LA_CONFIRM) == LP_OK;
	char date[LABEL_DATE_LEN];

	struct list_page pg = { web_list_cursor(req, "assessments_after"), LIST_PER_PAGE };

	lp_error_clear(&req->err);
	if (assessment_list_page(&req->ctx, e->id, &pg, &list)) {
		lp_error_clear(&req->err);
		return;
	}
	html_printf(b, "<section aria-labelledby=\"judgements\">\n<h2 id=\"judgements\">%s</h2>\n",
		    request_tr(req, "Assessments"));
	if (json_array_size(json_object_get(list, "items")) == 0)
		html_printf(b, "<p>%s</p>\n", request_tr(req, "No assessments yet."));
	json_array_foreach(json_object_get(list, "items"), i, a) {
		bool achieved = strcmp(page_str(a, "result"), "achieved") == 0;
		bool confirmed = strcmp(page_str(a, "board_status"), "confirmed") == 0;
		html_printf(b, "<article class=\"judgement\"><h3>%s — %s: %s</h3>\n<p>%s</p>\n"
			    "<p class=\"meta\">%s · %s</p>\n", page_str(a, "outcome_code"),
			    page_str(a, "outcome_title"), request_tr(req, achieved ? "Achieved" : "Not yet"),
			    page_str(a, "rationale"), label_date(req->lang, page_str(a, "assessed_on"), date),
			    request_tr(req, confirmed ? "Confirmed by the exam board" :
				       "Not yet confirmed by the exam board"));
		if (page_str(a, "internal_notes"))
			html_printf(b, "<p class=\"internal\">%s: %s</p>\n",
				    request_tr(req, "Internal notes (examiners only)"),
				    page_str(a, "internal_notes"));
		if (page_str(a, "second_result"))
			html_printf(b, "<p class=\"second\">%s: %s — %s</p>\n",
				    request_tr(req, "Second examiner"), request_tr(req,
				    strcmp(page_str(a, "second_result"), "achieved") == 0 ? "Achieved" :
				    "Not yet"), page_str(a, "second_rationale"));
		if (page_str(a, "second_examiner_id") && !page_str(a, "second_result")) {
			html_printf(b, "<p class=\"second\">%s</p>\n",
				    request_tr(req, "Waiting for the second examiner"));
		} else if (board && !confirmed) {
			html_raw(b, "<form method=\"post\" action=\"/learning/confirm\">\n");
			page_csrf_field(req, b);
			html_printf(b, "<input type=\"hidden\" name=\"assessment_id\" value=\"%s\">"
				    "<input type=\"hidden\" name=\"enrolment_id\" value=\"%s\">\n"
				    "<button type=\"submit\">%s</button>\n</form>\n", page_str(a, "id"), e->id,
				    request_tr(req, "Confirm for the exam board"));
		}
		html_raw(b, "</article>\n");
	}
	web_list_pager(req, b, arena_printf(&req->arena, "/learning/enrolment?id=%s", e->id),
		       "assessments_after", page_str(list, "next_cursor"), "judgements", NULL);
	if (board && json_is_true(json_object_get(p, "eligible")) &&
	    strcmp(e->status, "active") == 0) {
		html_raw(b, "<form method=\"post\" action=\"/learning/graduate\">\n");
		page_csrf_field(req, b);
		html_printf(b, "<input type=\"hidden\" name=\"enrolment_id\" value=\"%s\">\n"
			    "<button type=\"submit\">%s</button>\n</form>\n", e->id,
			    request_tr(req, "Mark as graduated"));
	}
	html_raw(b, "</section>\n");
	json_decref(list);
}

/* The coach's form for the coaching log. */
static void
coaching_form(struct request *req, struct buf *b, const struct enrolment_ref *e)
{
	if (authz_enrolment(&req->ctx, e, LA_COACHING_WRITE) != LP_OK) {
		lp_error_clear(&req->err);
		return;
	}
	html_printf(b, "<form method=\"post\" action=\"/learning/coaching\" class=\"coaching-form\">"
		    "\n<h3>%s</h3>\n", request_tr(req, "Add to the coaching log"));
	page_csrf_field(req, b);
	html_printf(b, "<input type=\"hidden\" name=\"enrolment_id\" value=\"%s\">\n"
		    "<p><label for=\"c-kind\">%s</label>\n<select id=\"c-kind\" name=\"kind\">\n"
		    "<option value=\"meeting\">%s</option>\n<option value=\"company_visit\">%s"
		    "</option>\n<option value=\"evaluation\">%s</option>\n</select></p>\n"
		    "<p><label for=\"c-date\">%s</label>\n<input type=\"date\" id=\"c-date\" "
		    "name=\"held_on\" required></p>\n<p><label for=\"c-present\">%s</label>\n"
		    "<input id=\"c-present\" name=\"present\" maxlength=\"400\"></p>\n"
		    "<p><label for=\"c-notes\">%s</label>\n<textarea id=\"c-notes\" name=\"notes\" "
		    "rows=\"3\" required></textarea></p>\n<p><label for=\"c-next\">%s</label>\n"
		    "<textarea id=\"c-next\" name=\"next_steps\" rows=\"2\"></textarea></p>\n"
		    "<button type=\"submit\">%s</button>\n</form>\n", e->id,
		    request_tr(req, "Kind"), request_tr(req, "Meeting"),
		    request_tr(req, "Company visit"), request_tr(req, "Evaluation"),
		    request_tr(req, "Date"), request_tr(req, "Present (names, separated by commas)"),
		    request_tr(req, "Notes"), request_tr(req, "Next steps"),
		    request_tr(req, "Add to the log"));
}

void
web_learning_enrolment(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const char *id = request_query(req, "id");
	struct enrolment_ref e;
	struct progress prog;
	json_t *p = NULL, *list = NULL, *a, *log = NULL;
	size_t i;
	struct list_page log_pg = { web_list_cursor(req, "log_before"), LIST_PER_PAGE };

	if (!id) {
		web_learning(req, res);
		return;
	}
	if (authz_enrolment_load(&req->ctx, id, &e) || progress_load(&req->ctx, &e, &prog)) {
		fail_page(req, res);
		return;
	}
	p = progress_json(&prog);
	page_begin(req, res, page_str(p, "learner_name"));
	html_printf(b, "<p class=\"meta\">%s · %s · %s</p>\n",
		    view_ref_label(req, "programmes", e.programme_id),
		    e.employer_id[0] ? view_ref_label(req, "organisations", e.employer_id) : "—",
		    enrolment_status(req, e.status));
	html_printf(b, "<section aria-labelledby=\"progress\">\n<h2 id=\"progress\">%s</h2>\n",
		    request_tr(req, "Progress"));
	progress_block(req, b, &prog, true, "enr");
	html_raw(b, "</section>\n");
	html_printf(b, "<p><a href=\"/learning/prior-learning?enrolment=%u\">%s</a></p>\n", e.id,
		    request_tr(req, "Recognised prior learning"));
	html_printf(b, "<section aria-labelledby=\"agreements\">\n<h2 id=\"agreements\">%s</h2>\n",
		    request_tr(req, "Learning agreements"));
	if (agreement_list(&req->ctx, e.id, &list) == LP_OK) {
		if (json_array_size(json_object_get(list, "items")) == 0)
			html_printf(b, "<p>%s</p>\n", request_tr(req, "No learning agreement yet."));
		html_raw(b, "<ul>\n");
		json_array_foreach(json_object_get(list, "items"), i, a)
			html_printf(b, "<li><a href=\"/learning/agreement?id=%u\">%s</a> — %s</li>\n",
				    page_str(a, "id"), page_str(a, "period_name"), state_label(req, page_str(a,
											"status")));
		html_raw(b, "</ul>\n");
	}
	lp_error_clear(&req->err);
	if (authz_enrolment(&req->ctx, &e, LA_CREATE_AGREEMENT) == LP_OK &&
	    strcmp(e.status, "active") == 0) {
		struct entity_query q;
		json_t *periods = NULL, *pr;
		memset(&q, 0, sizeof(q));
		view_filter(&q, "institution_id", e.institution_id);
		if (view_load(req, &periods_def, &q, 50, &periods) == LP_OK &&
		    json_array_size(periods) > 0) {
			html_printf(b, "<form method=\"post\" action=\"/learning/agreements\">\n");
			page_csrf_field(req, b);
			html_printf(b, "<input type=\"hidden\" name=\"enrolment_id\" value=\"%s\">\n"
				    "<label for=\"period\">%s</label>\n<select id=\"period\" "
				    "name=\"period_id\">\n", e.id, request_tr(req, "Period"));
			json_array_foreach(periods, i, pr)
				html_printf(b, "<option value=\"%s\">%s</option>\n", page_str(pr, "id"),
					    page_str(pr, "name"));
			html_printf(b, "</select>\n<button type=\"submit\">%s</button>\n</form>\n",
				    request_tr(req, "Open a learning agreement"));
		}
		json_decref(periods);
	}
	lp_error_clear(&req->err);
	html_raw(b, "</section>\n");
	json_decref(list);
	evidence_section(req, b, &e, p);
	judgements_section(req, b, &e, p);
	assess_section(req, b, &e);
	if (coaching_list_page(&req->ctx, e.id, &log_pg, &log) == LP_OK) {
		json_t *entry;
		html_printf(b, "<section aria-labelledby=\"coaching\">\n<h2 id=\"coaching\">%s</h2>\n",
			    request_tr(req, "Coaching log"));
		if (json_array_size(json_object_get(log, "items")) == 0)
			html_printf(b, "<p>%s</p>\n", request_tr(req, "Nothing logged yet."));
		json_array_foreach(json_object_get(log, "items"), i, entry) {
			char date[LABEL_DATE_LEN];
			html_printf(b, "<article class=\"coaching\"><h3>%s, %s</h3>\n<p>%s</p>\n",
				    state_label(req, page_str(entry, "kind")),
				    label_date(req->lang, page_str(entry, "held_on"), date),
				    page_str(entry, "notes"));
			if (page_str(entry, "next_steps"))
				html_printf(b, "<p><strong>%s:</strong> %s</p>\n",
					    request_tr(req, "Next steps"), page_str(entry, "next_steps"));
			html_raw(b, "</article>\n");
		}
		web_list_pager(req, b, arena_printf(&req->arena, "/learning/enrolment?id=%s", e.id),
			       "log_before", page_str(log, "next_cursor"), "coaching", N_("Earlier entries"));
		coaching_form(req, b, &e);
		html_raw(b, "</section>\n");
		json_decref(log);
	}
	lp_error_clear(&req->err);
	json_decref(p);
	page_end(req, res);
}

/* ---- one agreement -------------------------------------------------------- */

/* The name of the person whose id is member key of o, from names (the
 * names an agreement carries); "—" for none. */
static const char *
who(const json_t *names, const json_t *o, const char *key)
{
	const char *id = page_str(o, key), *name = id ? page_str(names, id) : NULL;

	return name ? name : id ? id : "—";
}

/* The member key of each object of the array arr (NULL where there is
 * none), into the arena: one lookup per object, not one per comparison in
 * the loops over two lists below. */
static const char **
members_of(struct request *req, const json_t *arr, const char *key)
{
	size_t n = json_array_size(arr);
	const char **out = arena_alloc(&req->arena, (n + 1) * sizeof(*out));

	for (size_t i = 0; i < n; i++)
		out[i] = page_str(json_array_get(arr, i), key);
	out[n] = NULL;
	return out;
}

/* True if a and b are the same text (and neither is NULL). */
static bool
same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* "CODE — title" of an outcome of the programme, from the outcomes of p
 * (no query per outcome); the id when it is not there. */
static const char *
outcome_label(struct request *req, const struct progress *p, const char *id)
{
	for (size_t i = 0; id && i < p->count; i++)
		if (same(p->outcomes[i].outcome_id, id)) {
			/* "%s — %s" put together directly, once per outcome shown */
			const char *code = p->outcomes[i].code, *title = p->outcomes[i].title;
			size_t nc, nt, ns = strlen(" — ");
			char *out;

			if (!code || !title)
				return arena_printf(&req->arena, "%s — %s", code, title);
			nc = strlen(code);
			nt = strlen(title);
			out = arena_alloc(&req->arena, nc + ns + nt + 1);
			memcpy(out, code, nc);
			memcpy(out + nc, " — ", ns);
			memcpy(out + nc + ns, title, nt + 1);
			return out;
		}
	return id ? id : "—";
}

/* Writes "; learning outcomes A, B" for the outcome ids an activity
 * serves, by their codes in p; nothing when it names none. */
static void
outcome_codes(struct request *req, struct buf *b, const struct progress *p, const json_t *ids)
{
	const json_t *id;
	const char **codes = arena_alloc(&req->arena, (json_array_size(ids) + 1) * sizeof(*codes));
	size_t i, j, n = 0;

	json_array_foreach(ids, i, id)
		for (j = 0; j < p->count; j++)
			if (same(p->outcomes[j].outcome_id, json_string_value(id))) {
				codes[n++] = p->outcomes[j].code;
				break;
			}
	for (i = 0; i < n; i++)
		if (i == 0)
			html_printf(b, "; %s %s", request_tr(req, n == 1 ? "learning outcome"
							     : "learning outcomes"), codes[i]);
		else
			html_printf(b, ", %s", codes[i]);
}

/* The study load as stored ("35.0": whole and tenths) in tenths of EC. */
static int64_t
ec_text_tenths(const char *text)
{
	const char *dot = text ? strchr(text, '.') : NULL;

	if (!text)
		return 0;
	return strtoll(text, NULL, 10) * 10 + (dot && dot[1] >= '0' && dot[1] <= '9' ? dot[1] - '0'
									  : 0);
}

/* One offering the agreement uses: its title, how it is given (on campus,
 * online, ...) and its EC, as the catalog has them; the title alone when
 * the catalog does not show it to the reader. */
static void
offering_item(struct request *req, struct buf *b, const char *id)
{
	struct lp_error saved = req->err;
	json_t *o = NULL;
	char ec[LABEL_EC_LEN];
	double value;

	if (!id || entity_get(&req->ctx, &offerings_def, id, &o) != LP_OK) {
		req->err = saved;
		html_printf(b, "<li>%s</li>\n", view_ref_label(req, "offerings", id));
		return;
	}
	value = json_number_value(json_object_get(o, "ec"));
	html_printf(b, "<li>%s — %s, %s EC</li>\n", page_str(o, "title"),
		    label_value(req->lang, page_str(o, "mode")),
		    label_ec(req->lang, (int64_t)(value * 10 + 0.5), ec));
	json_decref(o);
}

/* The content of a version, for reading (and printing); p holds the
 * programme's outcomes (progress_outline_load), for their names. */
static void
content_view(struct request *req, struct buf *b, const json_t *c, const json_t *names,
	     const struct progress *p)
{
	const json_t *o, *assessment = json_object_get(c, "assessment");
	const char **assessed = members_of(req, assessment, "outcome_id");
	size_t i, j, n_assessed = json_array_size(assessment);

	html_printf(b, "<h3>%s</h3>\n", request_tr(req, "Learning outcomes this period"));
	if (json_array_size(json_object_get(c, "outcomes")) == 0)
		html_printf(b, "<p>%s</p>\n", request_tr(req, "None planned yet."));
	else
		html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">%s"
			    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    request_tr(req, "Learning outcome"),
			    request_tr(req, "How it is demonstrated"), request_tr(req, "Planned date"),
			    request_tr(req, "Examiner"));
	json_array_foreach(json_object_get(c, "outcomes"), i, o) {
		const char *examiner = "—", *oid = page_str(o, "outcome_id");
		const char *planned = page_str(o, "planned_date");
		char date[LABEL_DATE_LEN];
		for (j = 0; j < n_assessed; j++)
			if (same(assessed[j], oid))
				examiner = who(names, json_array_get(assessment, j), "examiner_id");
		html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    outcome_label(req, p, oid),
			    state_label(req, page_str(o, "demonstration")),
			    planned ? label_date(req->lang, planned, date) : "—", examiner);
	}
	if (json_array_size(json_object_get(c, "outcomes")) > 0)
		html_raw(b, "</tbody></table></div>\n");
	if (json_array_size(json_object_get(c, "activities")) > 0) {
		html_printf(b, "<h3>%s</h3>\n<ul>\n", request_tr(req, "Learning activities at work"));
		json_array_foreach(json_object_get(c, "activities"), i, o) {
			html_printf(b, "<li>%s (%lld %s; %s %s", page_str(o, "what"),
				    (long long)json_integer_value(json_object_get(o, "hours")),
				    request_tr(req, "hours"), request_tr(req, "supervisor"),
				    who(names, o, "supervisor_id"));
			outcome_codes(req, b, p, json_object_get(o, "outcome_ids"));
			html_raw(b, ")</li>\n");
		}
		html_raw(b, "</ul>\n");
	}
	if (json_array_size(json_object_get(c, "offerings")) > 0) {
		char ec[LABEL_EC_LEN];

		html_printf(b, "<h3>%s</h3>\n<ul>\n", request_tr(req, "Offerings used"));
		json_array_foreach(json_object_get(c, "offerings"), i, o)
			offering_item(req, b, page_str(o, "offering_id"));
		html_printf(b, "</ul>\n<p>%s: %s EC</p>\n", request_tr(req, "Study load"),
			    label_ec(req->lang, ec_text_tenths(page_str(c, "study_load_ec")), ec));
	}
	o = json_object_get(c, "project");
	if (o)
		html_printf(b, "<h3>%s</h3>\n<p><strong>%s</strong></p>\n<p>%s</p>\n<p>%s: %s; %s: %s"
			    "</p>\n", request_tr(req, "Project"), page_str(o, "title"),
			    page_str(o, "description"), request_tr(req, "Approved by the programme"),
			    request_tr(req, json_is_true(json_object_get(o, "approved_by_programme"))
				       ? "yes" : "no"),
			    request_tr(req, "Approved by the company"),
			    request_tr(req, json_is_true(json_object_get(o, "approved_by_company"))
				       ? "yes" : "no"));
	o = json_object_get(c, "guidance");
	if (o)
		html_printf(b, "<h3>%s</h3>\n<p>%s: %s. %s: %s. %s: %lld.</p>\n",
			    request_tr(req, "Guidance"), request_tr(req, "Coach"),
			    who(names, o, "coach_id"), request_tr(req, "Meetings"),
			    page_str(o, "meetings") ? page_str(o, "meetings") : "—",
			    request_tr(req, "Company visits"),
			    (long long)json_integer_value(json_object_get(o, "company_visits")));
	o = json_object_get(c, "employer");
	if (o) {
		long long cents = json_integer_value(json_object_get(o, "cost_contribution_cents"));
		bool stated = json_is_integer(json_object_get(o, "cost_contribution_cents"));
		char amount[MONEY_TEXT_LEN];

		html_printf(b, "<h3>%s</h3>\n<p>%s: %lld. %s: %s. %s: %s.</p>\n",
			    request_tr(req, "Employer commitments"),
			    request_tr(req, "Study time per week (hours)"),
			    (long long)json_integer_value(json_object_get(o, "study_hours_per_week")),
			    request_tr(req, "Cost contribution"),
			    stated ? money_format(cents, req->lang, amount)
				   : request_tr(req, "as the employer's arrangement says"),
			    request_tr(req, "Workplace supervisor"), who(names, o, "supervisor_id"));
	}
}

/* What the period costs and who pays it: shown to learner, coach and
 * employer alike before they sign (domain/period_costs.c works it out). */
static void
costs_view(struct request *req, struct buf *b, const json_t *costs)
{
	static const struct {
		const char *key, *msgid;
	} parts[] = {
		{ "voucher_cents", N_("Paid with vouchers") },
		{ "employer_cents", N_("Paid by the employer") },
		{ "learner_cents", N_("Paid by the learner") },
	};
	char money[MONEY_TEXT_LEN];
	const char *basis;
	const json_t *o;
	size_t i;

	if (!costs)
		return;
	html_printf(b, "<h3>%s</h3>\n<table class=\"costs\">\n<caption>%s</caption>\n"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    request_tr(req, "Costs of this period"),
		    request_tr(req, "The offerings this agreement uses, and who pays for them"),
		    request_tr(req, "Offering"), request_tr(req, "Price"),
		    request_tr(req, "Vouchers may pay"));
	json_array_foreach(json_object_get(costs, "offerings"), i, o)
		html_printf(b, "<tr><td>%s</td><td class=\"number\">%s</td><td>%s</td></tr>\n",
			    page_str(o, "title"),
			    money_format(json_integer_value(json_object_get(o, "price_cents")),
					 req->lang, money),
			    request_tr(req, json_is_true(json_object_get(o, "voucher_eligible")) ?
				       "yes" : "no"));
	html_printf(b, "</tbody>\n<tfoot><tr><th scope=\"row\">%s</th><td class=\"number\">"
		    "%s</td><td></td></tr>\n", request_tr(req, "Total"),
		    money_format(json_integer_value(json_object_get(costs, "price_cents")),
				 req->lang, money));
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"number\">%s</td>"
			    "<td></td></tr>\n", request_tr(req, parts[i].msgid),
			    money_format(json_integer_value(json_object_get(costs, parts[i].key)),
					 req->lang, money));
	html_raw(b, "</tfoot>\n</table>\n");
	/* how the employer's part was set (employer_funding.h: precedence) */
	basis = page_str(costs, "employer_basis");
	if (basis && strcmp(basis, "agreement") == 0)
		html_printf(b, "<p class=\"hint\">%s</p>\n", request_tr(req,
			    "The employer's part is the amount this agreement states."));
	else if (basis && (strcmp(basis, "employee") == 0 || strcmp(basis, "employer") == 0))
		html_printf(b, "<p class=\"hint\">%s: %s.</p>\n",
			    request_tr(req, strcmp(basis, "employee") == 0 ?
				       "The employer's part follows its arrangement for this employee" :
				       "The employer's part follows its arrangement for all employees"),
			    funding_terms_text(req, json_object_get(costs, "employer_terms")));
}

/* A small form with one button for a workflow step. */
static void
step_form(struct request *req, struct buf *b, const json_t *a, const char *action,
	  const char *side, const char *msgid)
{
	html_printf(b, "<form method=\"post\" action=\"/learning/agreement\" class=\"step\">\n");
	page_csrf_field(req, b);
	html_printf(b, "<input type=\"hidden\" name=\"id\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"action\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", page_str(a, "id"), action,
		    (long long)json_integer_value(json_object_get(a, "version")));
	if (side)
		html_printf(b, "<input type=\"hidden\" name=\"side\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"content_hash\" value=\"%s\">\n", side,
			    page_str(a, "content_hash"));
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", request_tr(req, msgid));
}

/* Whether the programme of e asks for a second examiner per outcome. */
static bool
wants_second_examiner(struct request *req, const struct enrolment_ref *e)
{
	json_t *rules = NULL;
	bool second;

	if (assessment_get_rules(&req->ctx, e->programme_id, &rules))
		lp_error_clear(&req->err);
	second = json_is_true(json_object_get(rules, "second_examiner"));
	json_decref(rules);
	return second;
}

/* The second examiner of outcome oid (the n-th) in the edit form, just
 * after the outcome's group, from the draft's content c. */
static void
second_examiner_select(struct request *req, struct buf *b, const json_t *c,
		       const json_t *examiners, const char *oid, int n)
{
	const char *ex2 = NULL;
	const json_t *x;
	size_t j;

	json_array_foreach(json_object_get(c, "assessment"), j, x)
		if (strcmp(page_str(x, "outcome_id"), oid) == 0)
			ex2 = page_str(x, "second_examiner_id");
	html_printf(b, "<p class=\"second-examiner\"><label for=\"ex2-%d\">%s</label>\n<select "
		    "id=\"ex2-%d\" name=\"ex2-%s\">\n<option value=\"\">%s</option>\n", n,
		    request_tr(req, "Second examiner"), n, oid, request_tr(req, "no examiner yet"));
	json_array_foreach(json_object_get(examiners, "items"), j, x)
		html_printf(b, "<option value=\"%s\"%R>%s</option>\n", page_str(x, "person_id"),
			    ex2 && strcmp(ex2, page_str(x, "person_id")) == 0 ? " selected" : "",
			    page_str(x, "name"));
	html_raw(b, "</select></p>\n");
}

/* Writes <option> of value and label into opts, selected or not; span
 * gets where it starts and its length. The edit form writes each option
 * twice this way once per page and copies it per outcome. */
static void
option_once(struct buf *opts, const char *value, const char *label, bool selected,
	    size_t span[2])
{
	span[0] = opts->len;
	html_printf(opts, "<option value=\"%s\"%R>%s</option>\n", value,
		    selected ? " selected" : "", label);
	span[1] = opts->len - span[0];
}

/* The edit form of a draft: per outcome of the programme whether it is
 * planned, how it is shown, when, and by which examiner; the employer's
 * study time and the coaching rhythm. Other sections stay as they are. */
static void
edit_form(struct request *req, struct buf *b, const struct enrolment_ref *e, const json_t *a,
	  const struct progress *p)
{
	static const char *const demos[] = { "portfolio", "project_product", "criterion_interview",
					     "workplace_assessment", "exam" };
	const json_t *c = json_object_get(a, "content"), *o, *x;
	const struct progress_outcome *po;
	json_t *examiners = NULL;
	const char **planned_ids, **assessed, **examiner_of, **examiner_ids, **examiner_names;
	const char *demo_labels[sizeof(demos) / sizeof(demos[0])];
	size_t i, j, n_planned, n_assessed, n_examiners;
	/* each option written once, plain and selected: [k][selected][start, length] */
	size_t demo_span[sizeof(demos) / sizeof(demos[0])][2][2], (*examiner_span)[2][2];
	struct buf opts;
	int n = 0;
	bool second = wants_second_examiner(req, e);
	/* the texts of every outcome's group, translated once */
	const char *t_planned = request_tr(req, "Planned this period");
	const char *t_how = request_tr(req, "How it is demonstrated");
	const char *t_date = request_tr(req, "Planned date");
	const char *t_examiner = request_tr(req, "Examiner");
	const char *t_none = request_tr(req, "no examiner yet");

	if (agreement_examiners_of(&req->ctx, e, &examiners)) {
		lp_error_clear(&req->err);
		examiners = json_pack("{s:[]}", "items");
	}
	buf_init(&opts, 1024);
	/* each list's members and labels looked up once, not once per outcome */
	for (size_t k = 0; k < sizeof(demos) / sizeof(demos[0]); k++) {
		demo_labels[k] = state_label(req, demos[k]);
		option_once(&opts, demos[k], demo_labels[k], false, demo_span[k][0]);
		option_once(&opts, demos[k], demo_labels[k], true, demo_span[k][1]);
	}
	planned_ids = members_of(req, json_object_get(c, "outcomes"), "outcome_id");
	n_planned = json_array_size(json_object_get(c, "outcomes"));
	assessed = members_of(req, json_object_get(c, "assessment"), "outcome_id");
	examiner_of = members_of(req, json_object_get(c, "assessment"), "examiner_id");
	n_assessed = json_array_size(json_object_get(c, "assessment"));
	examiner_ids = members_of(req, json_object_get(examiners, "items"), "person_id");
	examiner_names = members_of(req, json_object_get(examiners, "items"), "name");
	n_examiners = json_array_size(json_object_get(examiners, "items"));
	examiner_span = arena_alloc(&req->arena, (n_examiners + 1) * sizeof(*examiner_span));
	for (j = 0; j < n_examiners; j++) {
		option_once(&opts, examiner_ids[j], examiner_names[j], false, examiner_span[j][0]);
		option_once(&opts, examiner_ids[j], examiner_names[j], true, examiner_span[j][1]);
	}
	html_printf(b, "<form method=\"post\" action=\"/learning/agreement\" class=\"agreement-edit\">"
		    "\n<h2 id=\"edit\">%s</h2>\n", request_tr(req, "Edit the draft"));
	page_csrf_field(req, b);
	html_printf(b, "<input type=\"hidden\" name=\"id\" value=\"%s\"><input type=\"hidden\" "
		    "name=\"action\" value=\"save\"><input type=\"hidden\" name=\"version\" "
		    "value=\"%lld\">\n", page_str(a, "id"),
		    (long long)json_integer_value(json_object_get(a, "version")));
	for (i = 0; i < p->count; i++) {
		const char *oid, *demo = NULL, *date = NULL, *ex = NULL;
		bool planned = false;
		po = &p->outcomes[i];
		oid = po->outcome_id;
		n++;
		for (j = 0; j < n_planned; j++)
			if (same(planned_ids[j], oid)) {
				x = json_array_get(json_object_get(c, "outcomes"), j);
				planned = true;
				demo = page_str(x, "demonstration");
				date = page_str(x, "planned_date");
			}
		for (j = 0; j < n_assessed; j++)
			if (same(assessed[j], oid))
				ex = examiner_of[j];
		html_printf(b, "<fieldset class=\"outcome\"><legend>%s — %s</legend>\n"
			    "<p><input type=\"checkbox\" id=\"plan-%d\" name=\"plan\" value=\"%s\"%R> "
			    "<label for=\"plan-%d\">%s</label></p>\n"
			    "<p><label for=\"demo-%d\">%s</label>\n<select id=\"demo-%d\" "
			    "name=\"demo-%s\">\n", po->code, po->title, n, oid,
			    planned ? " checked" : "", n, t_planned, n, t_how, n, oid);
		for (size_t k = 0; k < sizeof(demos) / sizeof(demos[0]); k++) {
			const size_t *sp = demo_span[k][demo && strcmp(demo, demos[k]) == 0];
			buf_add(b, opts.p + sp[0], sp[1]);
		}
		html_printf(b, "</select></p>\n<p><label for=\"date-%d\">%s</label>\n<input "
			    "type=\"date\" id=\"date-%d\" name=\"date-%s\" value=\"%s\"></p>\n"
			    "<p><label for=\"ex-%d\">%s</label>\n<select id=\"ex-%d\" name=\"ex-%s\">\n",
			    n, t_date, n, oid, date ? date : "", n, t_examiner, n, oid);
		html_printf(b, "<option value=\"\">%s</option>\n", t_none);
		for (j = 0; j < n_examiners; j++) {
			const size_t *sp = examiner_span[j][ex && strcmp(ex, examiner_ids[j]) == 0];
			buf_add(b, opts.p + sp[0], sp[1]);
		}
		html_raw(b, "</select></p>\n</fieldset>\n");
		if (second)
			second_examiner_select(req, b, c, examiners, oid, n);
	}
	o = json_object_get(c, "employer");
	html_printf(b, "<p><label for=\"hours\">%s</label>\n<input type=\"number\" id=\"hours\" "
		    "name=\"study_hours_per_week\" min=\"0\" max=\"40\" value=\"%lld\"></p>\n",
		    request_tr(req, "Study time per week (hours)"),
		    (long long)json_integer_value(json_object_get(o, "study_hours_per_week")));
	o = json_object_get(c, "guidance");
	html_printf(b, "<p><label for=\"meetings\">%s</label>\n<input id=\"meetings\" "
		    "name=\"meetings\" maxlength=\"200\" value=\"%s\"></p>\n",
		    request_tr(req, "How often the coach and learner meet"),
		    page_str(o, "meetings") ? page_str(o, "meetings") : "");
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n",
		    request_tr(req, "Save the draft"));
	buf_release(&opts);
	json_decref(examiners);
}

/* The history of versions with their signatures. */
static void
history(struct request *req, struct buf *b, const json_t *a)
{
	const json_t *v, *s;
	size_t i, j, count = json_array_size(json_object_get(a, "versions"));

	html_printf(b, "<section aria-labelledby=\"history\">\n<h2 id=\"history\">%s</h2>\n<ol>\n",
		    request_tr(req, "History"));
	json_array_foreach(json_object_get(a, "versions"), i, v) {
		long long n = json_integer_value(json_object_get(v, "number"));
		char when[LABEL_MOMENT_LEN];

		/* the newest versions here; all of them on the history page */
		if (count > HISTORY_SHOWN && i < count - HISTORY_SHOWN)
			continue;
		html_printf(b, "<li>%s %lld — %s", request_tr(req, "Version"), n,
			    state_label(req, page_str(v, "status")));
		if (page_str(v, "content_hash"))
			html_printf(b, " (<a href=\"/learning/agreement?id=%u&amp;version=%lld\">%s"
				    "</a>)", page_str(a, "id"), n, request_tr(req, "read or print"));
		json_array_foreach(json_object_get(v, "signatures"), j, s)
			html_printf(b, "<br>%s %s (%s), %s", request_tr(req, "Signed by"),
				    page_str(s, "name"), state_label(req, page_str(s, "side")),
				    label_moment(req->lang, page_str(s, "signed_at"), when));
		html_raw(b, "</li>\n");
	}
	html_raw(b, "</ol>\n");
	if (count > HISTORY_SHOWN)
		html_printf(b, "<p><a href=\"/learning/agreement/history?id=%u\">%s</a></p>\n",
			    page_str(a, "id"), request_tr(req, "Every version"));
	html_raw(b, "</section>\n");
}

/* GET /learning/agreement?id=&version=: one version, to read and print. */
static void
print_version(struct request *req, struct response *res, const json_t *a,
	      const struct progress *p, long long n)
{
	struct buf *b = &res->body;
	json_t *v = NULL, *s;
	char when[LABEL_MOMENT_LEN];
	size_t i;

	if (agreement_version_get(&req->ctx, page_str(a, "id"), n, &v)) {
		fail_page(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "Learning agreement"));
	html_printf(b, "<article class=\"agreement print\">\n<p class=\"meta\">%s — %s — %s %lld — "
		    "%s</p>\n", page_str(json_object_get(v, "names"), page_str(a, "person_id")),
		    page_str(a, "period_name"), request_tr(req, "Version"), n,
		    state_label(req, page_str(v, "status")));
	content_view(req, b, json_object_get(v, "content"), json_object_get(v, "names"), p);
	html_printf(b, "<h3>%s</h3>\n<ul>\n", request_tr(req, "Signatures"));
	json_array_foreach(json_object_get(v, "signatures"), i, s)
		html_printf(b, "<li>%s — %s, %s</li>\n", state_label(req, page_str(s, "side")),
			    page_str(s, "name"), label_moment(req->lang, page_str(s, "signed_at"), when));
	html_printf(b, "</ul>\n<p class=\"hash\">%s: <code>%s</code></p>\n</article>\n",
		    request_tr(req, "Fingerprint (SHA-256) of this version"),
		    page_str(v, "content_hash") ? page_str(v, "content_hash") : "—");
	html_printf(b, "<p><a href=\"/learning/agreement?id=%u\">%s</a></p>\n", page_str(a, "id"),
		    request_tr(req, "Back to the agreement"));
	json_decref(v);
	page_end(req, res);
}

/* The evaluation of the period: what each side wrote (kept readable once
 * the period is closed) and, while the agreement is active, the reader's
 * own side's form, holding what they wrote before. */
static void
evaluations_view(struct request *req, struct buf *b, const json_t *a,
		 const struct enrolment_ref *e)
{
	static const char *const sides[] = { "learner", "institution", "employer" };
	const json_t *evals = json_object_get(a, "evaluations");
	const char *status = page_str(a, "status"), *closed = page_str(evals, "closed_at");
	bool active = strcmp(status, "active") == 0, written = false;
	bool may = active && authz_enrolment(&req->ctx, e, LA_EVALUATE) == LP_OK;
	const char *side = (e->rel & REL_LEARNER) ? "learner" : (e->rel & REL_COACH) ?
		"institution" : "employer";
	char when[LABEL_MOMENT_LEN];

	lp_error_clear(&req->err);
	for (size_t i = 0; i < 3; i++)
		written = written || page_str(evals, sides[i]);
	if (!written && !may)
		return;
	html_printf(b, "<section aria-labelledby=\"evaluation-title\">\n<h2 id=\"evaluation-title\">"
		    "%s</h2>\n", request_tr(req, "Evaluation of the period"));
	if (closed)
		html_printf(b, "<p>%s %s.</p>\n", request_tr(req, "The period was closed on"),
			    label_moment(req->lang, closed, when));
	if (written) {
		html_raw(b, "<dl class=\"evaluations\">\n");
		for (size_t i = 0; i < 3; i++)
			html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", state_label(req, sides[i]),
				    page_str(evals, sides[i]) ? page_str(evals, sides[i])
							      : request_tr(req, "not written yet"));
		html_raw(b, "</dl>\n");
	}
	if (may) {
		html_raw(b, "<form method=\"post\" action=\"/learning/agreement\">\n");
		page_csrf_field(req, b);
		html_printf(b, "<input type=\"hidden\" name=\"id\" value=\"%s\"><input type=\"hidden\""
			    " name=\"action\" value=\"evaluate\"><input type=\"hidden\" name=\"side\" "
			    "value=\"%s\">\n<label for=\"evaluation\">%s</label>\n<textarea "
			    "id=\"evaluation\" name=\"text\" rows=\"3\" required>%s</textarea>\n"
			    "<button type=\"submit\">%s</button>\n</form>\n", page_str(a, "id"), side,
			    request_tr(req, "Your evaluation"),
			    page_str(evals, side) ? page_str(evals, side) : "",
			    request_tr(req, "Save the evaluation"));
	}
	html_raw(b, "</section>\n");
}

/* GET /learning/agreement, run by web_learning_agreement in one snapshot. */
static void
agreement_page(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const char *id = request_query(req, "id"), *v = request_query(req, "version");
	const char *status;
	struct enrolment_ref e;
	json_t *a = NULL;
	struct progress p;
	static const struct {
		const char *side;
		enum learning_action action;
		const char *msgid;
	} sides[] = {
		{ "learner", LA_SIGN_LEARNER, "Sign as learner" },
		{ "institution", LA_SIGN_INSTITUTION, "Sign for the institution" },
		{ "employer", LA_SIGN_EMPLOYER, "Sign for the employer" },
	};

	if (!id) {
		web_learning(req, res);
		return;
	}
	/* the page names outcomes and the learner; their states are not shown */
	if (agreement_view(&req->ctx, id, &a, &e) || progress_outline_load(&req->ctx, &e, &p)) {
		json_decref(a);
		fail_page(req, res);
		return;
	}
	if (v) {
		print_version(req, res, a, &p, strtoll(v, NULL, 10));
		json_decref(a);
		return;
	}
	status = page_str(a, "status");
	/* the page is some 20 KB: one allocation, not three doublings */
	buf_grow(b, 32768);
	page_begin(req, res, request_tr(req, "Learning agreement"));
	html_printf(b, "<p class=\"meta\"><a href=\"/learning/enrolment?id=%u\">%s</a> — %s — "
		    "<strong class=\"status\">%s</strong></p>\n", e.id,
		    p.learner_name, page_str(a, "period_name"),
		    state_label(req, status));
	if (json_integer_value(json_object_get(a, "active_version")) &&
	    strcmp(status, "active") != 0)
		html_printf(b, "<p>%s <a href=\"/learning/agreement?id=%u&amp;version=%lld\">%s</a>"
			    "</p>\n", request_tr(req, "An amendment is being prepared; in force is"),
			    page_str(a, "id"), (long long)json_integer_value(json_object_get(a,
											"active_version")),
			    request_tr(req, "the signed version"));
	html_printf(b, "<section aria-labelledby=\"content\">\n<h2 id=\"content\">%s %lld</h2>\n",
		    request_tr(req, "Version"),
		    (long long)json_integer_value(json_object_get(a, "current_version")));
	content_view(req, b, json_object_get(a, "content"), json_object_get(a, "names"), &p);
	costs_view(req, b, json_object_get(a, "costs"));
	html_raw(b, "</section>\n<div class=\"buttons\">\n");
	if (strcmp(status, "draft") == 0 && authz_enrolment(&req->ctx, &e, LA_EDIT_DRAFT) == 0)
		step_form(req, b, a, "propose", NULL, "Propose for signing");
	if (strcmp(status, "proposed") == 0) {
		for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++)
			if (authz_enrolment(&req->ctx, &e, sides[i].action) == 0 &&
			    !signature_of(a, sides[i].side))
				step_form(req, b, a, "sign", sides[i].side, sides[i].msgid);
		if (authz_enrolment(&req->ctx, &e, LA_EDIT_DRAFT) == 0)
			step_form(req, b, a, "reopen", NULL, "Change it again (back to draft)");
	}
	if (strcmp(status, "active") == 0 && authz_enrolment(&req->ctx, &e, LA_EDIT_DRAFT) == 0)
		step_form(req, b, a, "amend", NULL, "Amend the agreement");
	if (strcmp(status, "active") == 0 && authz_enrolment(&req->ctx, &e, LA_CLOSE) == 0)
		step_form(req, b, a, "close", NULL, "Close the period");
	lp_error_clear(&req->err);
	html_raw(b, "</div>\n");
	if (strcmp(status, "proposed") == 0 && page_str(a, "content_hash"))
		html_printf(b, "<p class=\"hash\">%s: <code>%s</code></p>\n",
			    request_tr(req, "Fingerprint (SHA-256) of this version"),
			    page_str(a, "content_hash"));
	if (strcmp(status, "draft") == 0 && authz_enrolment(&req->ctx, &e, LA_EDIT_DRAFT) == 0)
		edit_form(req, b, &e, a, &p);
	evaluations_view(req, b, a, &e);
	lp_error_clear(&req->err);
	history(req, b, a);
	json_decref(a);
	page_end(req, res);
}

/* GET /learning/agreement reads only: one snapshot for all its queries. */
void
web_learning_agreement(struct request *req, struct response *res)
{
	view_read_only(req, res, agreement_page);
}

/* ---- the writes ---------------------------------------------------------------- */

/* The content of a draft from the edit form, over the current content. */
static json_t *
content_from_form(struct request *req, const struct form *f, const json_t *current,
		  const json_t *p)
{
	json_t *c = json_deep_copy(current), *outcomes = json_array(), *assessment = json_array();
	json_t *o, *emp, *guid;
	const char *hours = request_form(req, "study_hours_per_week");
	const char *meetings = request_form(req, "meetings");
	size_t i;

	if (!c)
		c = json_object();
	json_array_foreach(json_object_get(p, "outcomes"), i, o) {
		const char *oid = page_str(o, "outcome_id");
		const char *demo = request_form(req, arena_printf(&req->arena, "demo-%s", oid));
		const char *date = request_form(req, arena_printf(&req->arena, "date-%s", oid));
		const char *ex = request_form(req, arena_printf(&req->arena, "ex-%s", oid));
		const char *ex2 = request_form(req, arena_printf(&req->arena, "ex2-%s", oid));
		bool planned = form_has(f, "plan", oid);
		if (!planned)
			continue;
		json_array_append_new(outcomes, json_pack("{s:s, s:s, s:s?}", "outcome_id", oid,
			"demonstration", demo ? demo : "portfolio", "planned_date",
			date && *date ? date : NULL));
		if (ex && *ex) {
			json_t *x = json_pack("{s:s, s:s}", "outcome_id", oid, "examiner_id", ex);
			if (ex2 && *ex2)
				json_object_set_new(x, "second_examiner_id", json_string(ex2));
			json_array_append_new(assessment, x);
		}
	}
	json_object_set_new(c, "outcomes", outcomes);
	json_object_set_new(c, "assessment", assessment);
	json_object_del(c, "study_load_ec");
	/* activities may name outcomes no longer planned: keep only valid ones */
	json_array_foreach(json_object_get(c, "activities"), i, o) {
		json_t *ids = json_object_get(o, "outcome_ids"), *keep = json_array(), *id;
		size_t k, m;
		json_array_foreach(ids, k, id) {
			bool found = false;
			json_t *x;
			json_array_foreach(outcomes, m, x)
				found = found || strcmp(page_str(x, "outcome_id"), json_string_value(id)) == 0;
			if (found)
				json_array_append(keep, id);
		}
		json_object_set_new(o, "outcome_ids", keep);
	}
	emp = json_object_get(c, "employer");
	if (!emp) {
		emp = json_object();
		json_object_set_new(c, "employer", emp);
	}
	if (hours && *hours)
		json_object_set_new(emp, "study_hours_per_week", json_integer(strtoll(hours, NULL,
										   10)));
	guid = json_object_get(c, "guidance");
	if (!guid) {
		guid = json_object();
		json_object_set_new(c, "guidance", guid);
	}
	if (meetings)
		json_object_set_new(guid, "meetings", json_string(meetings));
	return c;
}

/* A save that found the draft changed by someone else (409): what the
 * draft holds now, and the edit form again with what the reader typed
 * (typed), over the new version so that saving again keeps it. When the
 * draft is no longer a draft, the typed content is shown to copy. */
static void
conflict_page(struct request *req, struct response *res, const char *id, const json_t *typed)
{
	struct buf *b = &res->body;
	struct enrolment_ref e;
	struct progress prog;
	json_t *now = NULL, *mine;

	lp_error_clear(&req->err);
	if (agreement_get(&req->ctx, id, &now) ||
	    authz_enrolment_load(&req->ctx, page_str(now, "enrolment_id"), &e) ||
	    progress_outline_load(&req->ctx, &e, &prog)) {
		json_decref(now);
		fail_page(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "Learning agreement"));
	html_printf(b, "<p role=\"alert\" class=\"error\">%s</p>\n", request_tr(req,
		    "Someone else changed this draft while you were editing it. Your changes are "
		    "not saved yet: they are still in the form below. Compare them with what the "
		    "draft holds now and save again."));
	html_printf(b, "<section aria-labelledby=\"now\">\n<h2 id=\"now\">%s</h2>\n",
		    request_tr(req, "What the draft holds now"));
	content_view(req, b, json_object_get(now, "content"), json_object_get(now, "names"), &prog);
	html_raw(b, "</section>\n");
	if (strcmp(page_str(now, "status"), "draft") == 0 &&
	    authz_enrolment(&req->ctx, &e, LA_EDIT_DRAFT) == LP_OK) {
		mine = json_deep_copy(now);
		json_object_set(mine, "content", (json_t *)typed);
		edit_form(req, b, &e, mine, &prog);
		json_decref(mine);
	} else {
		html_printf(b, "<section aria-labelledby=\"mine\">\n<h2 id=\"mine\">%s</h2>\n"
			    "<p>%s</p>\n", request_tr(req, "What you typed"), request_tr(req,
			    "The draft is no longer a draft, so your changes cannot be saved into it."));
		content_view(req, b, typed, json_object_get(now, "names"), &prog);
		html_raw(b, "</section>\n");
	}
	lp_error_clear(&req->err);
	html_printf(b, "<p><a href=\"/learning/agreement?id=%u\">%s</a></p>\n", id,
		    request_tr(req, "Back to the agreement"));
	res->status = 409;
	json_decref(now);
	page_end(req, res);
}

void
web_learning_agreement_post(struct request *req, struct response *res)
{
	const char *id = request_form(req, "id"), *action = request_form(req, "action");
	const char *v = request_form(req, "version");
	int64_t version = v ? strtoll(v, NULL, 10) : -2;
	json_t *out = NULL, *a = NULL, *p = NULL, *c;
	enum lp_status rc;

	if (!action)
		action = "";
	if (strcmp(action, "save") == 0) {
		rc = agreement_get(&req->ctx, id, &a);
		if (!rc)
			rc = progress_get(&req->ctx, page_str(a, "enrolment_id"), &p);
		if (!rc) {
			struct form f;
			form_init(&f, &req->arena);
			rc = form_parse(&f, req->body, req->body_len, &req->err);
			c = rc ? NULL : content_from_form(req, &f, json_object_get(a, "content"), p);
		}
		if (!rc) {
			rc = agreement_save_draft(&req->ctx, id, version, c, &out);
			if (rc == LP_ECONFLICT) {
				/* changed meanwhile: keep what the reader typed */
				conflict_page(req, res, id, c);
				json_decref(c);
				json_decref(a);
				json_decref(p);
				return;
			}
			json_decref(c);
		}
		json_decref(a);
		json_decref(p);
	} else if (strcmp(action, "propose") == 0) {
		rc = agreement_propose(&req->ctx, id, version, &out);
	} else if (strcmp(action, "reopen") == 0) {
		rc = agreement_reopen(&req->ctx, id, version, &out);
	} else if (strcmp(action, "amend") == 0) {
		rc = agreement_amend(&req->ctx, id, version, &out);
	} else if (strcmp(action, "close") == 0) {
		rc = agreement_close(&req->ctx, id, version, &out);
	} else if (strcmp(action, "sign") == 0) {
		rc = agreement_sign(&req->ctx, id, request_form(req, "side"),
				    request_form(req, "content_hash"), &out);
	} else if (strcmp(action, "evaluate") == 0) {
		rc = agreement_evaluate(&req->ctx, id, request_form(req, "side"),
					request_form(req, "text"), &out);
	} else {
		rc = lp_fail(&req->err, LP_EINVAL, "action", "no such step");
	}
	if (rc) {
		fail_page(req, res);
		return;
	}
	json_decref(out);
	response_redirect(res, arena_printf(&req->arena, "/learning/agreement?id=%s", id));
}

void
web_learning_agreement_new(struct request *req, struct response *res)
{
	json_t *out = NULL;

	if (agreement_create(&req->ctx, request_form(req, "enrolment_id"),
			     request_form(req, "period_id"), NULL, &out)) {
		fail_page(req, res);
		return;
	}
	response_redirect(res, arena_printf(&req->arena, "/learning/agreement?id=%s",
					    page_str(out, "id")));
	json_decref(out);
}

void
web_learning_evidence(struct request *req, struct response *res)
{
	const char *enrolment = request_form(req, "enrolment_id");
	struct evidence_input in;
	json_t *out = NULL;

	memset(&in, 0, sizeof(in));
	in.outcome_id = request_form(req, "outcome_id");
	in.kind = request_form(req, "kind");
	in.title = request_form(req, "title");
	in.text = request_form(req, "text");
	in.url = request_form(req, "url");
	for (const struct request_part *pt = request_parts(req); pt; pt = pt->next)
		if (strcmp(pt->name, "file") == 0 && pt->filename && pt->size > 0) {
			in.file_name = pt->filename;
			in.file_type = pt->content_type;
			in.data = pt->data;
			in.size = pt->size;
		}
	if ((!in.title || !*in.title) && in.file_name)
		in.title = in.file_name;
	if (evidence_add(&req->ctx, enrolment, &in, &out)) {
		fail_page(req, res);
		return;
	}
	json_decref(out);
	response_redirect(res, arena_printf(&req->arena, "/learning/enrolment?id=%s#evidence",
					    enrolment));
}

/* Where a form about an enrolment sends the reader back to: its page, at
 * anchor ("" or "#evidence"). The id comes from the form, so only a
 * well-formed id goes into the Location header; anything else goes to the
 * learning overview. Arena memory. */
static const char *
enrolment_location(struct request *req, const char *id, const char *anchor)
{
	if (!id || !id_is_valid(id))
		return "/learning";
	return arena_printf(&req->arena, "/learning/enrolment?id=%s%s", id, anchor);
}

void
web_learning_attest(struct request *req, struct response *res)
{
	json_t *out = NULL;

	if (evidence_attest(&req->ctx, request_form(req, "evidence_id"),
			    request_form(req, "statement"), &out)) {
		fail_page(req, res);
		return;
	}
	json_decref(out);
	response_redirect(res, enrolment_location(req, request_form(req, "enrolment_id"),
						   "#evidence"));
}

void
web_learning_assess(struct request *req, struct response *res)
{
	struct assessment_input in;
	json_t *out = NULL;

	memset(&in, 0, sizeof(in));
	in.outcome_id = request_form(req, "outcome_id");
	in.result = request_form(req, "result");
	in.rationale = request_form(req, "rationale");
	in.internal_notes = request_form(req, "internal_notes");
	if (in.internal_notes && !*in.internal_notes)
		in.internal_notes = NULL;
	if (assessment_record(&req->ctx, request_form(req, "enrolment_id"), &in, &out)) {
		fail_page(req, res);
		return;
	}
	json_decref(out);
	response_redirect(res, enrolment_location(req, request_form(req, "enrolment_id"),
						   ""));
}

void
web_learning_confirm(struct request *req, struct response *res)
{
	json_t *out = NULL;

	if (assessment_confirm(&req->ctx, request_form(req, "assessment_id"), &out)) {
		fail_page(req, res);
		return;
	}
	json_decref(out);
	response_redirect(res, enrolment_location(req, request_form(req, "enrolment_id"),
						   "#judgements"));
}

void
web_learning_graduate(struct request *req, struct response *res)
{
	json_t *out = NULL;

	if (progress_graduate(&req->ctx, request_form(req, "enrolment_id"), &out)) {
		fail_page(req, res);
		return;
	}
	json_decref(out);
	response_redirect(res, enrolment_location(req, request_form(req, "enrolment_id"),
						   ""));
}

void
web_learning_coaching(struct request *req, struct response *res)
{
	const char *present = request_form(req, "present");
	json_t *in = json_object(), *names = json_array(), *out = NULL;
	const char *keys[] = { "kind", "held_on", "notes", "next_steps" };
	enum lp_status rc;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = request_form(req, keys[i]);
		if (v && *v)
			json_object_set_new(in, keys[i], json_string(v));
	}
	/* "Anna, Bert" -> ["Anna", "Bert"] */
	while (present && *present) {
		size_t n = strcspn(present, ",");
		const char *start = present;
		size_t len = n;
		while (len && (*start == ' ')) {
			start++;
			len--;
		}
		while (len && start[len - 1] == ' ')
			len--;
		if (len)
			json_array_append_new(names, json_stringn(start, len));
		present += n + (present[n] == ',');
	}
	json_object_set_new(in, "present", names);
	rc = coaching_add(&req->ctx, request_form(req, "enrolment_id"), in, &out);
	json_decref(in);
	if (rc) {
		fail_page(req, res);
		return;
	}
	json_decref(out);
	response_redirect(res, enrolment_location(req, request_form(req, "enrolment_id"),
						   "#coaching"));
}

void
web_learning_second(struct request *req, struct response *res)
{
	struct assessment_input in;
	json_t *out = NULL;

	memset(&in, 0, sizeof(in));
	in.result = request_form(req, "result");
	in.rationale = request_form(req, "rationale");
	in.internal_notes = request_form(req, "internal_notes");
	if (in.internal_notes && !*in.internal_notes)
		in.internal_notes = NULL;
	if (assessment_second(&req->ctx, request_form(req, "assessment_id"), &in, &out)) {
		fail_page(req, res);
		return;
	}
	json_decref(out);
	response_redirect(res, enrolment_location(req, request_form(req, "enrolment_id"),
						   "#judgements"));
}
