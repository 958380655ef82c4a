/* test_api_prior_learning.c: recognised prior learning through the API and
 * the pages (issue 4, item 2), the paging of the per-enrolment lists, and a
 * draft saved over someone else's change (409) that keeps what was typed.
 * Every refusal leaves the database unchanged. */
#include "harness.h"
#include "learning_fixture.h"
#include "base/buf.h"
#include "domain/evidence.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct learning_world w;
/* API sessions (cookie and CSRF token) serve for the pages too */
static struct client coach, examiner, examiner2, board, learner_s, hr_b_s;
static char claim[ID_LEN], claim_page[ID_LEN];

static const char *const form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };

static int
setup(void **state)
{
	if (harness_setup(state))
		return -1;
	learning_world_create_in_file(&H.fx, &w);
	if (api_login(FIXTURE_EMAIL("coach"), FIXTURE_PASSWORD, &coach) != 201 ||
	    api_login(FIXTURE_EMAIL("examiner"), FIXTURE_PASSWORD, &examiner) != 201 ||
	    api_login(FIXTURE_EMAIL("examiner2"), FIXTURE_PASSWORD, &examiner2) != 201 ||
	    api_login(FIXTURE_EMAIL("board"), FIXTURE_PASSWORD, &board) != 201 ||
	    api_login(FIXTURE_EMAIL("learner"), FIXTURE_PASSWORD, &learner_s) != 201 ||
	    api_login(FIXTURE_EMAIL("hr_b"), FIXTURE_PASSWORD, &hr_b_s) != 201)
		return -1;
	return 0;
}

/* hq() with @names of the learning world and of this test. */
static const char *
L(const char *tmpl)
{
	const struct {
		const char *name;
		const char *value;
	} names[] = {
		{ "@enrolment", w.enrolment }, { "@period", w.period },
		{ "@p_examiner2", w.p_examiner2 }, { "@p_examiner", w.p_examiner },
		{ "@p_coach", w.p_coach }, { "@claim_page", claim_page }, { "@claim", claim },
	};
	const char *s = hq(tmpl);
	bool again = true;

	while (again) {
		again = false;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			const char *at = strstr(s, names[i].name);
			if (!at)
				continue;
			s = hfmt("%.*s%s%s", (int)(at - s), s, names[i].value,
				 at + strlen(names[i].name));
			again = true;
		}
	}
	return s;
}

/* A request whose refusal must change nothing (field NULL: any). */
static void
refused(const struct client *c, const char *method, const char *path, const char *body,
	long want, const char *field)
{
	struct db_snapshot before;
	struct hresp r;

	db_snapshot(&before);
	http(c, method, L(path), body ? L(body) : NULL, NULL, &r);
	if (field)
		expect_problem(&r, want, field);
	else
		expect_status(&r, want);
	hresp_release(&r);
	expect_db_unchanged(&before);
}

static void
ok(const struct client *c, const char *method, const char *path, const char *body, long want,
   struct hresp *out)
{
	struct hresp r;

	http(c, method, L(path), body ? L(body) : NULL, NULL, &r);
	expect_status(&r, want);
	if (out)
		*out = r;
	else
		hresp_release(&r);
}

/* A page form post of the session c: fields "a=b&c=d" (expanded by L, the
 * values already URL-encoded) with the CSRF token added. */
static long
post_form(const struct client *c, const char *path, const char *fields, struct hresp *r)
{
	return http(c, "POST", path, hfmt("csrf=%s&%s", henc(c->csrf), L(fields)), form, r);
}

/* A claim on enrolment_c sent as multipart/form-data with a file of size
 * bytes named name; extra is one more "name=value" field or NULL. */
static long
claim_upload(const char *name, const char *data, size_t size, const char *extra,
	     struct hresp *r)
{
	const char *boundary = "leerpadgrens4e1";
	struct buf body = BUF_INIT;
	const char *headers[] = { hfmt("Content-Type: multipart/form-data; boundary=%s",
				       boundary), NULL };
	const char *fields[][2] = { { "outcome_id", w.outcome_c1 },
				    { "statement", "Tien jaar ervaring met dit ontwerp" },
				    { "examiner_id", w.p_examiner2 }, { "kind", "file" } };
	long status;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
			   "%s\r\n", boundary, fields[i][0], fields[i][1]);
	if (extra)
		buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=\"%.*s\"\r\n\r\n"
			   "%s\r\n", boundary, (int)(strchr(extra, '=') - extra), extra,
			   strchr(extra, '=') + 1);
	buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=\"file\"; "
		   "filename=\"%s\"\r\nContent-Type: application/pdf\r\n\r\n", boundary, name);
	buf_add(&body, data, size);
	buf_printf(&body, "\r\n--%s--\r\n", boundary);
	status = http_raw(&H.learner, "POST", hfmt("/api/v1/enrolments/%s/prior-learning",
						   w.enrolment_c), buf_str(&body), body.len, headers, r);
	buf_release(&body);
	return status;
}

/* The state of outcome in the enrolment's progress, as the learner sees it. */
static const char *
state_of(const char *outcome)
{
	struct hresp r;
	json_t *o;
	size_t i;
	const char *st = NULL;

	ok(&H.learner, "GET", "/api/v1/enrolments/@enrolment/progress", NULL, 200, &r);
	json_array_foreach(json_object_get(r.json, "outcomes"), i, o)
		if (strcmp(json_string_value(json_object_get(o, "outcome_id")), outcome) == 0)
			st = hfmt("%s", json_string_value(json_object_get(o, "state")));
	hresp_release(&r);
	return st;
}

/* Through the API: claim, refusals, queue, judgement, confirmation; the
 * outcome then counts as recognised. */
static void
test_claim_flow_api(void **state)
{
	struct hresp r;

	(void)state;
	/* refused: not an examiner, another programme's outcome, not the learner */
	refused(&H.learner, "POST", "/api/v1/enrolments/@enrolment/prior-learning",
		"{'outcome_id':'$outcome_a1','statement':'Tien jaar ervaring',"
		"'examiner_id':'@p_coach'}", 422, "examiner_id");
	refused(&H.learner, "POST", "/api/v1/enrolments/@enrolment/prior-learning",
		"{'outcome_id':'$outcome_b1','statement':'x','examiner_id':'@p_examiner2'}", 422,
		"outcome_id");
	refused(&coach, "POST", "/api/v1/enrolments/@enrolment/prior-learning",
		"{'outcome_id':'$outcome_a1','statement':'x','examiner_id':'@p_examiner2'}", 403,
		NULL);
	refused(&H.hr_b, "POST", "/api/v1/enrolments/@enrolment/prior-learning",
		"{'outcome_id':'$outcome_a1','statement':'x','examiner_id':'@p_examiner2'}", 404,
		NULL);
	refused(&H.learner, "POST", "/api/v1/enrolments/@enrolment/prior-learning",
		"{'outcome_id':'$outcome_a1','statement':' ','examiner_id':'@p_examiner2'}", 422,
		"statement");
	ok(&H.learner, "POST", "/api/v1/enrolments/@enrolment/prior-learning",
	   "{'outcome_id':'$outcome_a1','statement':'Tien jaar onderhoud aan persen',"
	   "'evidence':'Certificaat 2019','examiner_id':'@p_examiner2'}", 201, &r);
	snprintf(claim, sizeof(claim), "%s", hresp_str(&r, "id"));
	assert_string_equal(hresp_str(&r, "status"), "submitted");
	hresp_release(&r);
	refused(&H.learner, "POST", "/api/v1/enrolments/@enrolment/prior-learning",
		"{'outcome_id':'$outcome_a1','statement':'nog eens','examiner_id':'@p_examiner2'}",
		409, "outcome_id");
	/* the learner adds evidence of the outcome: the claim's examiner sees it */
	ok(&H.learner, "POST", "/api/v1/enrolments/@enrolment/evidence", "{'outcome_id':"
	   "'$outcome_a1','kind':'link','title':'Portfolio','url':'https://example.org/p'}",
	   201, NULL);
	ok(&examiner2, "GET", "/api/v1/enrolments/@enrolment/evidence", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	hresp_release(&r);
	/* one claim: who may read it */
	ok(&H.learner, "GET", "/api/v1/prior-learning/@claim", NULL, 200, NULL);
	ok(&examiner2, "GET", "/api/v1/prior-learning/@claim", NULL, 200, NULL);
	ok(&H.supervisor, "GET", "/api/v1/prior-learning/@claim", NULL, 200, NULL);
	refused(&H.hr_b, "GET", "/api/v1/prior-learning/@claim", NULL, 404, NULL);
	refused(&H.monitor, "GET", "/api/v1/prior-learning/@claim", NULL, 404, NULL);
	refused(NULL, "GET", "/api/v1/prior-learning/@claim", NULL, 401, NULL);
	/* the queues: the named examiner's, not the other examiner's or the board's */
	ok(&examiner2, "GET", "/api/v1/prior-learning", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(r.json, "items"), 0), "waiting_for")), "judgement");
	assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
	hresp_release(&r);
	ok(&examiner, "GET", "/api/v1/prior-learning", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	hresp_release(&r);
	ok(&board, "GET", "/api/v1/prior-learning", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	hresp_release(&r);
	refused(&H.learner, "GET", "/api/v1/prior-learning", NULL, 403, NULL);
	refused(&examiner2, "GET", "/api/v1/prior-learning?limit=0", NULL, 422, "limit");
	refused(&examiner2, "GET", "/api/v1/prior-learning?cursor=x", NULL, 422, "cursor");
	/* judgement: only the named examiner; then the board confirms */
	/* an examiner with no relation to the learner is told it does not exist */
	refused(&examiner, "POST", "/api/v1/prior-learning/@claim/judgement",
		"{'result':'approved','rationale':'x'}", 404, NULL);
	refused(&board, "POST", "/api/v1/prior-learning/@claim/confirm", NULL, 409, NULL);
	ok(&examiner2, "POST", "/api/v1/prior-learning/@claim/judgement",
	   "{'result':'approved','rationale':'Certificaat en portfolio tonen het aan'}", 200,
	   NULL);
	assert_string_not_equal(state_of(H.fx.outcome_a1), "recognised");
	ok(&board, "GET", "/api/v1/prior-learning", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(r.json, "items"), 0), "waiting_for")), "confirmation");
	hresp_release(&r);
	refused(&examiner2, "POST", "/api/v1/prior-learning/@claim/confirm", NULL, 403, NULL);
	ok(&board, "POST", "/api/v1/prior-learning/@claim/confirm", NULL, 200, &r);
	assert_string_equal(hresp_str(&r, "status"), "confirmed");
	hresp_release(&r);
	assert_string_equal(state_of(H.fx.outcome_a1), "recognised");
	ok(&board, "GET", "/api/v1/prior-learning", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	hresp_release(&r);
}

/* Through the pages: the learner claims with a link as evidence, the
 * examiner judges from the queue, the board confirms, the learner's home
 * says recognised. A refused claim comes back with what was typed. */
static void
test_claim_flow_pages(void **state)
{
	struct hresp r;
	struct db_snapshot before;
	const char *loc;

	(void)state;
	http(&learner_s, "GET", L("/learning/prior-learning?enrolment=@enrolment"), NULL, NULL,
	     &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "action=\"/learning/prior-learning\""));
	assert_non_null(strstr(r.body, "enctype=\"multipart/form-data\""));
	hresp_release(&r);
	http(&hr_b_s, "GET", L("/learning/prior-learning?enrolment=@enrolment"), NULL, NULL, &r);
	expect_status(&r, 404);
	hresp_release(&r);
	/* refused: the outcome already has a claim; the form keeps the text */
	db_snapshot(&before);
	post_form(&learner_s, "/learning/prior-learning", "enrolment_id=@enrolment&outcome_id="
		  "$outcome_a1&kind=text&statement=Mijn+getypte+onderbouwing&examiner_id="
		  "@p_examiner2", &r);
	expect_status(&r, 409);
	assert_non_null(strstr(r.body, "Mijn getypte onderbouwing"));
	assert_non_null(strstr(r.body, "role=\"alert\""));
	hresp_release(&r);
	/* refused: a link that is not http(s): nothing is written */
	post_form(&learner_s, "/learning/prior-learning", "enrolment_id=@enrolment&outcome_id="
		  "$outcome_a2&kind=link&url=ftp%3A%2F%2Fx&statement=Zie+link&examiner_id="
		  "@p_examiner2", &r);
	expect_status(&r, 422);
	assert_non_null(strstr(r.body, "ftp://x"));
	hresp_release(&r);
	expect_db_unchanged(&before);
	post_form(&learner_s, "/learning/prior-learning", "enrolment_id=@enrolment&outcome_id="
		  "$outcome_a2&kind=link&url=https%3A%2F%2Fexample.org%2Fcertificaat&statement="
		  "Cursus+2020+gevolgd&examiner_id=@p_examiner2", &r);
	expect_status(&r, 303);
	loc = hresp_header(&r, "Location");
	assert_non_null(loc);
	assert_int_equal(strncmp(loc, "/learning/prior-learning?id=", 28), 0);
	snprintf(claim_page, sizeof(claim_page), "%s", loc + 28);
	hresp_release(&r);
	/* the link became evidence of the outcome, which the examiner sees */
	http(&examiner2, "GET", L("/learning/prior-learning?id=@claim_page"), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "https://example.org/certificaat"));
	assert_non_null(strstr(r.body, "/learning/prior-learning/judge"));
	hresp_release(&r);
	http(&hr_b_s, "GET", L("/learning/prior-learning?id=@claim_page"), NULL, NULL, &r);
	expect_status(&r, 404);
	hresp_release(&r);
	/* the examiner's queue page lists it; another examiner cannot judge */
	http(&examiner2, "GET", "/learning/prior-learning", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, L("?id=@claim_page")));
	hresp_release(&r);
	db_snapshot(&before);
	post_form(&examiner, "/learning/prior-learning/judge", "id=@claim_page&result=approved&"
		  "rationale=x", &r);
	expect_status(&r, 404);
	hresp_release(&r);
	expect_db_unchanged(&before);
	post_form(&examiner2, "/learning/prior-learning/judge", "id=@claim_page&result=approved&"
		  "rationale=Certificaat+is+overtuigend", &r);
	expect_status(&r, 303);
	hresp_release(&r);
	http(&board, "GET", L("/learning/prior-learning?id=@claim_page"), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "/learning/prior-learning/confirm"));
	hresp_release(&r);
	post_form(&board, "/learning/prior-learning/confirm", "id=@claim_page", &r);
	expect_status(&r, 303);
	hresp_release(&r);
	assert_string_equal(state_of(H.fx.outcome_a2), "recognised");
	/* the learner's home says so, in Dutch */
	http(&learner_s, "GET", "/home", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "Erkend"));
	assert_non_null(strstr(r.body, L("/learning/prior-learning?enrolment=@enrolment")));
	hresp_release(&r);
}

/* Through the API, a claim's evidence may be a file, with the limits of
 * every upload; a refusal writes nothing. */
static void
test_claim_with_file_api(void **state)
{
	static const char pdf[] = "%PDF-1.4\n%leerpad claim\n";
	struct db_snapshot before;
	struct hresp r;
	char *big;

	(void)state;
	db_snapshot(&before);
	big = calloc(1, EVIDENCE_MAX_BYTES + 10);
	memcpy(big, pdf, sizeof(pdf) - 1);
	assert_int_equal(claim_upload("groot.pdf", big, EVIDENCE_MAX_BYTES + 10, NULL, &r), 413);
	hresp_release(&r);
	free(big);
	assert_int_equal(claim_upload("../claim.pdf", pdf, sizeof(pdf) - 1, NULL, &r), 422);
	hresp_release(&r);
	assert_int_equal(claim_upload("claim.pdf", pdf, sizeof(pdf) - 1, "surprise=1", &r), 422);
	assert_string_equal(hresp_str(&r, "field"), "surprise");
	hresp_release(&r);
	expect_db_unchanged(&before);
	assert_int_equal(claim_upload("certificaat.pdf", pdf, sizeof(pdf) - 1, NULL, &r), 201);
	assert_string_equal(hresp_str(&r, "status"), "submitted");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json,
		"evidence_item"), "file_type")), "application/pdf");
	hresp_release(&r);
}

/* Every per-enrolment list pages the same way: limit, cursor, next_cursor. */
static void
test_paging(void **state)
{
	static const char *const lists[] = { "evidence", "assessments", "coaching-log",
					     "prior-learning" };
	struct hresp r;
	const char *next, *first;

	(void)state;
	/* three pieces of evidence by now: one per page */
	ok(&H.learner, "POST", "/api/v1/enrolments/@enrolment/evidence", "{'outcome_id':"
	   "'$outcome_a2','kind':'text','title':'Logboek','text':'Week 1'}", 201, NULL);
	ok(&H.learner, "GET", "/api/v1/enrolments/@enrolment/evidence?limit=1", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	first = hfmt("%s", json_string_value(json_object_get(json_array_get(
		json_object_get(r.json, "items"), 0), "id")));
	next = hfmt("%s", hresp_str(&r, "next_cursor"));
	assert_string_equal(next, first);
	hresp_release(&r);
	ok(&H.learner, "GET", hfmt("/api/v1/enrolments/@enrolment/evidence?limit=2&cursor=%s",
				   next), NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_string_not_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(r.json, "items"), 0), "id")), first);
	assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
	hresp_release(&r);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		ok(&H.learner, "GET", hfmt("/api/v1/enrolments/@enrolment/%s?limit=200", lists[i]),
		   NULL, 200, &r);
		assert_true(json_is_array(json_object_get(r.json, "items")));
		assert_non_null(json_object_get(r.json, "next_cursor"));
		hresp_release(&r);
		refused(&H.learner, "GET", hfmt("/api/v1/enrolments/@enrolment/%s?limit=201",
						 lists[i]), NULL, 422, "limit");
		refused(&H.learner, "GET", hfmt("/api/v1/enrolments/@enrolment/%s?cursor=nope",
						 lists[i]), NULL, 422, "cursor");
	}
	ok(&H.learner, "GET", "/api/v1/enrolments/@enrolment/prior-learning?limit=1", NULL, 200,
	   &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(hresp_str(&r, "next_cursor"), claim);
	hresp_release(&r);
	/* the enrolment page shows twenty pieces of evidence and links to the rest */
	for (int i = 0; i < 20; i++)
		ok(&H.learner, "POST", "/api/v1/enrolments/@enrolment/evidence",
		   hfmt("{\"outcome_id\":\"%s\",\"kind\":\"text\",\"title\":\"Dag %d\","
			"\"text\":\"Verslag\"}", H.fx.outcome_a2, i), 201, NULL);
	http(&learner_s, "GET", L("/learning/enrolment?id=@enrolment"), NULL, NULL, &r);
	expect_status(&r, 200);
	next = strstr(r.body, "evidence_after=");
	assert_non_null(next);
	next = hfmt("%.36s", next + strlen("evidence_after="));
	assert_null(strstr(r.body, "Dag 19"));
	hresp_release(&r);
	http(&learner_s, "GET", L(hfmt("/learning/enrolment?id=@enrolment&evidence_after=%s",
				       next)), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "Dag 19"));
	/* the last page: a link back to the first, none further */
	assert_null(strstr(r.body, "rel=\"next\""));
	hresp_release(&r);
	/* the queues page too */
	refused(&examiner, "GET", "/api/v1/examiner-queue?limit=0", NULL, 422, "limit");
	refused(&examiner, "GET", "/api/v1/examiner-queue?cursor=x", NULL, 422, "cursor");
	ok(&board, "GET", "/api/v1/examiner-queue", NULL, 200, &r);
	assert_true(json_is_array(json_object_get(r.json, "items")));
	assert_true(json_is_array(json_object_get(r.json, "to_confirm")));
	assert_non_null(json_object_get(r.json, "next_cursor"));
	hresp_release(&r);
	ok(&board, "GET", "/api/v1/examiner-queue/confirmations?limit=5", NULL, 200, &r);
	assert_true(json_is_array(json_object_get(r.json, "items")));
	hresp_release(&r);
	refused(&H.learner, "GET", "/api/v1/examiner-queue/confirmations", NULL, 403, NULL);
}

/* Two people edit one draft: the second save is a 409 page that keeps what
 * the second person typed and shows what the draft holds now. */
static void
test_draft_conflict_page(void **state)
{
	struct hresp r;
	struct db_snapshot before;
	const char *agreement, *cursor;
	long version;

	(void)state;
	ok(&H.learner, "POST", "/api/v1/agreements", "{'enrolment_id':'@enrolment',"
	   "'period_id':'@period'}", 201, &r);
	agreement = hfmt("%s", hresp_str(&r, "id"));
	version = (long)json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	/* the coach saves first, through the API */
	ok(&coach, "PATCH", hfmt("/api/v1/agreements/%s", agreement),
	   hjson(json_pack("{s:i, s:{s:{s:s}}}", "version", (int)version, "content", "guidance",
			   "meetings", "Om de week met de coach")), 200, NULL);
	/* the learner saves the version read before: refused, nothing lost */
	db_snapshot(&before);
	post_form(&learner_s, "/learning/agreement", hfmt("id=%s&action=save&version=%ld&"
		  "study_hours_per_week=6&meetings=Elke+dinsdag+een+uur&plan=$outcome_a1&"
		  "demo-$outcome_a1=exam", agreement, version), &r);
	expect_status(&r, 409);
	/* what the learner typed is in the form again ... */
	assert_non_null(strstr(r.body, "value=\"Elke dinsdag een uur\""));
	assert_non_null(strstr(r.body, "value=\"6\""));
	assert_non_null(strstr(r.body, "value=\"exam\" selected"));
	/* ... over the version saved meanwhile, with the Dutch message */
	assert_non_null(strstr(r.body, hfmt("name=\"version\" value=\"%ld\"", version + 1)));
	assert_non_null(strstr(r.body, "Iemand anders heeft dit concept gewijzigd"));
	assert_non_null(strstr(r.body, "role=\"alert\""));
	hresp_release(&r);
	expect_db_unchanged(&before);
	/* saving the form again keeps the learner's text */
	post_form(&learner_s, "/learning/agreement", hfmt("id=%s&action=save&version=%ld&"
		  "study_hours_per_week=6&meetings=Elke+dinsdag+een+uur", agreement, version + 1),
		  &r);
	expect_status(&r, 303);
	hresp_release(&r);
	ok(&coach, "GET", hfmt("/api/v1/agreements/%s", agreement), NULL, 200, &r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
		r.json, "content"), "guidance"), "meetings")), "Elke dinsdag een uur");
	version = (long)json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	/* proposed and taken back: two versions, newest first, a page each */
	ok(&coach, "PATCH", hfmt("/api/v1/agreements/%s", agreement),
	   hjson(json_pack("{s:i, s:o}", "version", (int)version, "content",
			   learning_content(&H.fx, &w))), 200, &r);
	version = (long)json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	ok(&coach, "POST", hfmt("/api/v1/agreements/%s/propose", agreement),
	   hfmt("{\"version\":%ld}", version), 200, &r);
	version = (long)json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	ok(&coach, "POST", hfmt("/api/v1/agreements/%s/reopen", agreement),
	   hfmt("{\"version\":%ld}", version), 200, NULL);
	ok(&H.learner, "GET", hfmt("/api/v1/agreements/%s/versions?limit=1", agreement), NULL,
	   200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(
		r.json, "items"), 0), "number")), 2);
	cursor = hfmt("%s", hresp_str(&r, "next_cursor"));
	hresp_release(&r);
	ok(&H.learner, "GET", hfmt("/api/v1/agreements/%s/versions?limit=1&cursor=%s", agreement,
				   cursor), NULL, 200, &r);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(
		r.json, "items"), 0), "number")), 1);
	assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
	hresp_release(&r);
	refused(&H.hr_b, "GET", hfmt("/api/v1/agreements/%s/versions", agreement), NULL, 404,
		NULL);
	http(&learner_s, "GET", hfmt("/learning/agreement/history?id=%s", agreement), NULL, NULL,
	     &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "Versie 2"));
	hresp_release(&r);
	/* the agreement page itself (its own loader, agreement_view, runs here on
	 * both engines): the history, the edit form, and 404 for HR elsewhere */
	http(&learner_s, "GET", hfmt("/learning/agreement?id=%s", agreement), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "Versie 2"));
	assert_non_null(strstr(r.body, "class=\"agreement-edit\""));
	/* each activity names the outcomes it serves, each offering how it is
	 * given and its EC, and the study load is in Dutch ("5 EC", not "5.0") */
	assert_non_null(strstr(r.body, "(120 uur; begeleider "));
	assert_non_null(strstr(r.body, "; leeruitkomst "));
	assert_non_null(strstr(r.body, " EC</li>"));
	{
		const char *load = strstr(r.body, "<p>Studielast: ");
		assert_non_null(load);
		assert_null(memchr(load, '.', (size_t)(strstr(load, " EC</p>") - load)));
	}
	hresp_release(&r);
	http(&learner_s, "GET", hfmt("/learning/agreement?id=%s&version=1", agreement), NULL,
	     NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	/* proposed meanwhile: no longer a draft, what was typed is shown to copy */
	ok(&coach, "GET", hfmt("/api/v1/agreements/%s", agreement), NULL, 200, &r);
	version = (long)json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	ok(&coach, "PATCH", hfmt("/api/v1/agreements/%s", agreement),
	   hjson(json_pack("{s:i, s:o}", "version", (int)version, "content",
			   learning_content(&H.fx, &w))), 200, &r);
	hresp_release(&r);
	ok(&coach, "POST", hfmt("/api/v1/agreements/%s/propose", agreement),
	   hfmt("{\"version\":%ld}", version + 1), 200, NULL);
	db_snapshot(&before);
	post_form(&learner_s, "/learning/agreement", hfmt("id=%s&action=save&version=%ld&"
		  "meetings=Wekelijks+op+vrijdag", agreement, version + 1), &r);
	expect_status(&r, 409);
	assert_non_null(strstr(r.body, "Het concept is geen concept meer"));
	assert_non_null(strstr(r.body, "Wekelijks op vrijdag"));
	assert_null(strstr(r.body, "action=\"/learning/agreement\" class=\"agreement-edit\""));
	hresp_release(&r);
	expect_db_unchanged(&before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claim_flow_api),
		cmocka_unit_test(test_claim_flow_pages),
		cmocka_unit_test(test_claim_with_file_api),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_draft_conflict_page),
	};

	return harness_exit(cmocka_run_group_tests_name("api prior learning", tests, setup,
							harness_teardown));
}
