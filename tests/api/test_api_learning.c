/* test_api_learning.c: the learning agreement through the API (issue 4):
 * the whole flow from draft to an achieved outcome, every role's access,
 * and the bad input and edge cases of the issue, each refusal leaving the
 * database unchanged */
#include "harness.h"
#include "learning_fixture.h"
#include "domain/evidence.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct learning_world w;
static struct client coach, examiner, examiner2, board;
static char agreement[ID_LEN], evidence_text[ID_LEN], ev_file[ID_LEN];
static char assessment[ID_LEN];

static const char pdf[] = "%PDF-1.4\n%leerpad api test\n1 0 obj << >> endobj\n";

/* The harness, then the learning world in its database, and logins. */
static int
setup(void **state)
{
	if (harness_setup(state))
		return -1;
	learning_world_create_in_file(&H.fx, &w);
	if (api_login(FIXTURE_EMAIL("coach"), FIXTURE_PASSWORD, &coach) != 201 ||
	    api_login(FIXTURE_EMAIL("examiner"), FIXTURE_PASSWORD, &examiner) != 201 ||
	    api_login(FIXTURE_EMAIL("examiner2"), FIXTURE_PASSWORD, &examiner2) != 201 ||
	    api_login(FIXTURE_EMAIL("board"), FIXTURE_PASSWORD, &board) != 201)
		return -1;
	return 0;
}

/* "{...}" with $names of the fixture and @names of the learning world. */
static const char *
L(const char *tmpl)
{
	static const struct {
		const char *name;
		const char *value;
	} names[] = {
		{ "@enrolment_other", w.enrolment_other }, { "@enrolment_c", w.enrolment_c },
		{ "@enrolment", w.enrolment }, { "@period", w.period }, { "@agreement", agreement },
		{ "@p_examiner2", w.p_examiner2 }, { "@p_examiner", w.p_examiner },
		{ "@p_coach", w.p_coach }, { "@evidence_text", evidence_text },
		{ "@ev_file", ev_file }, { "@assessment", assessment },
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

/* Sends a request whose refusal must change nothing; returns the status.
 * field NULL: any field (or none) in the problem. */
static long
refused(const struct client *c, const char *method, const char *path, const char *body,
	long want, const char *field)
{
	struct db_snapshot before;
	struct hresp r;
	long status;

	db_snapshot(&before);
	http(c, method, L(path), body ? L(body) : NULL, NULL, &r);
	if (field) {
		expect_problem(&r, want, field);
	} else {
		/* whichever field the domain names: the status is what counts */
		expect_status(&r, want);
		assert_string_equal(hresp_header(&r, "Content-Type"), "application/problem+json");
	}
	status = r.status;
	hresp_release(&r);
	expect_db_unchanged(&before);
	return status;
}

static long
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
	return want;
}

/* An evidence upload as multipart/form-data; returns the status. */
static long
upload(const struct client *c, const char *name, const char *data, size_t size,
       struct hresp *r)
{
	const char *boundary = "leerpadgrens7d9";
	const char *head = hfmt("--%s\r\nContent-Disposition: form-data; name=\"outcome_id\"\r\n\r\n"
				"%s\r\n--%s\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
				"Verslag\r\n--%s\r\nContent-Disposition: form-data; name=\"file\";"
				" filename=\"%s\"\r\nContent-Type: application/pdf\r\n\r\n",
				boundary, H.fx.outcome_a1, boundary, boundary, name);
	const char *tail = hfmt("\r\n--%s--\r\n", boundary);
	size_t hl = strlen(head), tl = strlen(tail);
	char *body = malloc(hl + size + tl);
	const char *headers[] = { hfmt("Content-Type: multipart/form-data; boundary=%s",
				       boundary), NULL };
	long status;

	memcpy(body, head, hl);
	memcpy(body + hl, data, size);
	memcpy(body + hl + size, tail, tl);
	status = http_raw(c, "POST", hfmt("/api/v1/enrolments/%s/evidence", w.enrolment), body,
			  hl + size + tl, headers, r);
	free(body);
	return status;
}

/* The learner drafts, the coach proposes, all three sign. */
static void
test_agreement_flow(void **state)
{
	struct hresp r;
	long version;
	const char *hash;
	json_t *content;

	(void)state;
	ok(&H.learner, "POST", "/api/v1/agreements", "{'enrolment_id':'@enrolment',"
	   "'period_id':'@period'}", 201, &r);
	snprintf(agreement, sizeof(agreement), "%s", hresp_str(&r, "id"));
	assert_string_equal(hresp_str(&r, "status"), "draft");
	version = (long)json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	refused(&H.learner, "POST", "/api/v1/agreements", "{'enrolment_id':'@enrolment',"
		"'period_id':'@period'}", 409, "period_id");
	/* the draft's content; a stale version is a conflict */
	content = learning_content(&H.fx, &w);
	ok(&H.learner, "PATCH", "/api/v1/agreements/@agreement",
	   hjson(json_pack("{s:i, s:o}", "version", (int)version, "content", content)), 200, &r);
	hresp_release(&r);
	content = learning_content(&H.fx, &w);
	refused(&coach, "PATCH", "/api/v1/agreements/@agreement",
		hjson(json_pack("{s:i, s:o}", "version", (int)version, "content", content)), 409,
		"version");
	refused(&coach, "PATCH", "/api/v1/agreements/@agreement",
		"{'version':2,'content':{'outcomes':[],'surprise':1}}", 422, "content.surprise");
	refused(&H.supervisor, "POST", "/api/v1/agreements/@agreement/propose", "{'version':2}",
		403, NULL);
	refused(&coach, "POST", "/api/v1/agreements/@agreement/propose", "{'version':'2'}", 422,
		"version");
	ok(&coach, "POST", "/api/v1/agreements/@agreement/propose", "{'version':2}", 200, &r);
	hash = hfmt("%s", hresp_str(&r, "content_hash"));
	{
		/* the three parties see the costs of the period before they sign */
		json_t *costs = json_object_get(r.json, "costs");
		assert_non_null(costs);
		assert_string_equal(json_string_value(json_object_get(costs, "currency")), "EUR");
		assert_int_equal(json_integer_value(json_object_get(costs, "price_cents")),
				 json_integer_value(json_object_get(costs, "voucher_cents")) +
				 json_integer_value(json_object_get(costs, "employer_cents")) +
				 json_integer_value(json_object_get(costs, "learner_cents")));
		assert_int_equal(json_array_size(json_object_get(costs, "offerings")),
				 json_array_size(json_object_get(json_object_get(r.json, "content"),
								 "offerings")));
	}
	hresp_release(&r);
	/* signing: a changed version, the wrong side, twice */
	refused(&H.supervisor, "POST", "/api/v1/agreements/@agreement/signatures",
		"{'side':'employer','content_hash':'0123'}", 409, "content_hash");
	refused(&H.supervisor, "POST", "/api/v1/agreements/@agreement/signatures",
		hfmt("{'side':'institution','content_hash':'%s'}", hash), 403, NULL);
	ok(&H.supervisor, "POST", "/api/v1/agreements/@agreement/signatures",
	   hfmt("{'side':'employer','content_hash':'%s'}", hash), 201, NULL);
	refused(&H.hr, "POST", "/api/v1/agreements/@agreement/signatures",
		hfmt("{'side':'employer','content_hash':'%s'}", hash), 409, "side");
	ok(&H.learner, "POST", "/api/v1/agreements/@agreement/signatures",
	   hfmt("{'side':'learner','content_hash':'%s'}", hash), 201, NULL);
	ok(&coach, "POST", "/api/v1/agreements/@agreement/signatures",
	   hfmt("{'side':'institution','content_hash':'%s'}", hash), 201, &r);
	assert_string_equal(hresp_str(&r, "status"), "active");
	hresp_release(&r);
	/* the signed version, readable with its three signatures */
	ok(&H.hr, "GET", "/api/v1/agreements/@agreement?version=1", NULL, 200, &r);
	assert_string_equal(hresp_str(&r, "status"), "signed");
	assert_string_equal(hresp_str(&r, "content_hash"), hash);
	assert_int_equal(json_array_size(json_object_get(r.json, "signatures")), 3);
	hresp_release(&r);
	refused(&H.hr, "GET", "/api/v1/agreements/@agreement?version=7", NULL, 404, NULL);
	refused(&H.hr, "GET", "/api/v1/agreements/@agreement?version=x", NULL, 422, "version");
}

/* Evidence: a file, a text; the refusals of the issue. */
static void
test_evidence(void **state)
{
	struct hresp r;
	struct db_snapshot before;
	char *big;

	(void)state;
	assert_int_equal(upload(&H.learner, "verslag.pdf", pdf, sizeof(pdf) - 1, &r), 201);
	snprintf(ev_file, sizeof(ev_file), "%s", hresp_str(&r, "id"));
	assert_string_equal(hresp_str(&r, "file_type"), "application/pdf");
	hresp_release(&r);
	ok(&H.learner, "POST", "/api/v1/enrolments/@enrolment/evidence", "{'outcome_id':"
	   "'$outcome_a1','kind':'text','title':'Logboek','text':'Week 1: <script>'}", 201, &r);
	snprintf(evidence_text, sizeof(evidence_text), "%s", hresp_str(&r, "id"));
	hresp_release(&r);
	/* refused: a path, a type, the size, the wrong person */
	db_snapshot(&before);
	assert_int_equal(upload(&H.learner, "../../verslag.pdf", pdf, sizeof(pdf) - 1, &r), 422);
	assert_string_equal(hresp_str(&r, "field"), "file_name");
	hresp_release(&r);
	assert_int_equal(upload(&H.learner, "script.exe", pdf, sizeof(pdf) - 1, &r), 415);
	assert_non_null(strstr(hresp_str(&r, "detail"), "not accepted"));
	hresp_release(&r);
	big = calloc(1, EVIDENCE_MAX_BYTES + 10);
	memcpy(big, pdf, sizeof(pdf) - 1);
	assert_int_equal(upload(&H.learner, "groot.pdf", big, EVIDENCE_MAX_BYTES + 10, &r), 413);
	assert_non_null(strstr(hresp_str(&r, "detail"), "4 MiB"));
	hresp_release(&r);
	assert_int_equal(upload(&H.learner, "heel-groot.pdf", big, EVIDENCE_MAX_BYTES, &r), 201);
	hresp_release(&r);
	free(big);
	db_snapshot(&before);
	assert_int_equal(upload(&coach, "verslag.pdf", pdf, sizeof(pdf) - 1, &r), 403);
	hresp_release(&r);
	assert_int_equal(upload(&H.hr_b, "verslag.pdf", pdf, sizeof(pdf) - 1, &r), 404);
	hresp_release(&r);
	expect_db_unchanged(&before);
	refused(&H.learner, "POST", "/api/v1/enrolments/@enrolment/evidence",
		"{'outcome_id':'$outcome_a1','kind':'link','title':'x','url':'ftp://x'}", 422, "url");
	refused(&H.learner, "POST", "/api/v1/enrolments/@enrolment/evidence",
		"{'outcome_id':'$outcome_b1','kind':'text','title':'x','text':'y'}", 422,
		"outcome_id");
	/* the file comes back to those who may see it, as an attachment */
	http(&coach, "GET", L("/api/v1/evidence/@ev_file/file"), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_int_equal(r.len, sizeof(pdf) - 1);
	assert_memory_equal(r.body, pdf, sizeof(pdf) - 1);
	assert_string_equal(hresp_header(&r, "Content-Type"), "application/pdf");
	assert_string_equal(hresp_header(&r, "Content-Disposition"),
			    "attachment; filename*=UTF-8''verslag.pdf");
	hresp_release(&r);
	refused(&H.hr_b, "GET", "/api/v1/evidence/@ev_file/file", NULL, 404, NULL);
	refused(&H.hr, "GET", "/api/v1/evidence/@ev_file/file", NULL, 404, NULL);
	/* the supervisor attests; then HR sees it */
	ok(&H.hr, "GET", "/api/v1/enrolments/@enrolment/evidence", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	hresp_release(&r);
	refused(&H.hr, "POST", "/api/v1/evidence/@evidence_text/attestations",
		"{'statement':'gezien'}", 404, NULL);
	refused(&H.supervisor, "POST", "/api/v1/evidence/@evidence_text/attestations",
		"{'statement':''}", 422, "statement");
	ok(&H.supervisor, "POST", "/api/v1/evidence/@evidence_text/attestations",
	   "{'statement':'Ik zag dit gebeuren op de werkvloer'}", 201, NULL);
	ok(&H.hr, "GET", "/api/v1/enrolments/@enrolment/evidence", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	hresp_release(&r);
}

/* The examiner judges; the progress bar moves; the board confirms. */
static void
test_assessment_and_progress(void **state)
{
	struct hresp r;
	json_t *o;
	size_t i;
	const char *st = NULL;

	(void)state;
	ok(&H.learner, "GET", "/api/v1/enrolments/@enrolment/progress", NULL, 200, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "percent")), 0);
	hresp_release(&r);
	ok(&examiner, "GET", "/api/v1/examiner-queue", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	hresp_release(&r);
	refused(&examiner2, "POST", "/api/v1/enrolments/@enrolment/assessments",
		"{'outcome_id':'$outcome_a1','result':'achieved','rationale':'x'}", 404, NULL);
	refused(&coach, "POST", "/api/v1/enrolments/@enrolment/assessments",
		"{'outcome_id':'$outcome_a1','result':'achieved','rationale':'x'}", 403, NULL);
	refused(&examiner, "POST", "/api/v1/enrolments/@enrolment/assessments",
		"{'outcome_id':'$outcome_a2','result':'achieved','rationale':'x'}", 422,
		"outcome_id");
	refused(&examiner, "POST", "/api/v1/enrolments/@enrolment/assessments",
		"{'outcome_id':'$outcome_a1','result':'achieved','rationale':' '}", 422,
		"rationale");
	ok(&examiner, "POST", "/api/v1/enrolments/@enrolment/assessments",
	   "{'outcome_id':'$outcome_a1','result':'achieved','rationale':'Voldoet aan alle "
	   "criteria','assessed_on':'2027-01-20','internal_notes':'Sterk'}", 201, &r);
	snprintf(assessment, sizeof(assessment), "%s", hresp_str(&r, "id"));
	hresp_release(&r);
	ok(&H.learner, "GET", "/api/v1/enrolments/@enrolment/progress", NULL, 200, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "percent")), 12);
	json_array_foreach(json_object_get(r.json, "outcomes"), i, o)
		if (strcmp(json_string_value(json_object_get(o, "outcome_id")), H.fx.outcome_a1) == 0)
			st = hfmt("%s", json_string_value(json_object_get(o, "state")));
	assert_string_equal(st, "achieved");
	hresp_release(&r);
	/* internal notes are not the learner's or the employer's */
	ok(&H.learner, "GET", "/api/v1/enrolments/@enrolment/assessments", NULL, 200, &r);
	assert_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 0),
				    "internal_notes"));
	hresp_release(&r);
	ok(&H.supervisor, "GET", "/api/v1/enrolments/@enrolment/assessments", NULL, 200, &r);
	assert_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 0),
				    "internal_notes"));
	hresp_release(&r);
	refused(&examiner, "POST", "/api/v1/assessments/@assessment/confirm", NULL, 403, NULL);
	ok(&board, "POST", "/api/v1/assessments/@assessment/confirm", NULL, 200, NULL);
	refused(&board, "POST", "/api/v1/enrolments/@enrolment/graduate", NULL, 422,
		"enrolment_id");
	/* the page's button: refused while not eligible; the enrolment in the
	 * programme of the same learning line is eligible (its one outcome
	 * carried over) and is marked graduated, then shown so */
	{
		const char *form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };

		http(&board, "POST", "/learning/graduate", hfmt("csrf=%s&enrolment_id=%s",
		     henc(board.csrf), L("@enrolment")), form, &r);
		expect_status(&r, 422);
		hresp_release(&r);
		ok(&H.learner, "GET", "/api/v1/enrolments/@enrolment_c/progress", NULL, 200, &r);
		assert_true(json_is_true(json_object_get(r.json, "eligible")));
		hresp_release(&r);
		http(&board, "GET", L("/learning/enrolment?id=@enrolment_c"), NULL, NULL, &r);
		expect_status(&r, 200);
		assert_non_null(strstr(r.body, "action=\"/learning/graduate\""));
		hresp_release(&r);
		http(&board, "POST", "/learning/graduate", hfmt("csrf=%s&enrolment_id=%s",
		     henc(board.csrf), L("@enrolment_c")), form, &r);
		expect_status(&r, 303);
		hresp_release(&r);
		ok(&H.learner, "GET", "/api/v1/enrolments/@enrolment_c", NULL, 200, &r);
		assert_string_equal(hresp_str(&r, "status"), "graduated");
		hresp_release(&r);
	}
}

/* Who sees what (issue 4, item 8). */
static void
test_access(void **state)
{
	static const struct {
		const char *who;
		const char *path;
		long want;
	} cases[] = {
		{ "learner", "/api/v1/agreements/@agreement", 200 },
		{ "coach", "/api/v1/agreements/@agreement", 200 },
		{ "examiner", "/api/v1/agreements/@agreement", 200 },
		{ "supervisor", "/api/v1/agreements/@agreement", 200 },
		{ "hr", "/api/v1/agreements/@agreement", 200 },
		{ "pm", "/api/v1/agreements/@agreement", 200 },
		{ "hr_b", "/api/v1/agreements/@agreement", 404 },
		{ "monitor", "/api/v1/agreements/@agreement", 404 },
		{ "examiner2", "/api/v1/agreements/@agreement", 404 },
		{ "anon", "/api/v1/agreements/@agreement", 401 },
		{ "monitor", "/api/v1/enrolments", 403 },
		{ "monitor", "/api/v1/enrolments/@enrolment/progress", 404 },
		{ "hr_b", "/api/v1/enrolments/@enrolment/progress", 404 },
		{ "hr", "/api/v1/enrolments/@enrolment/progress", 200 },
		{ "hr", "/api/v1/enrolments/@enrolment/coaching-log", 200 },
		{ "examiner", "/api/v1/enrolments/@enrolment/coaching-log", 403 },
		{ "learner", "/api/v1/examiner-queue", 403 },
		{ "learner", "/api/v1/enrolments/@enrolment_other", 404 },
		{ "hr_b", "/api/v1/enrolments/@enrolment_other", 200 },
		{ "examiner", "/api/v1/evidence/@ev_file", 200 },
		{ "monitor", "/api/v1/evidence/@ev_file", 404 },
		/* the institution's staff see the people enrolled there, not others */
		{ "pm", "/api/v1/persons/$p_learner", 200 },
		{ "pm", "/api/v1/persons/$p_supervisor", 404 },
		{ "hr_b", "/api/v1/persons/$p_learner", 404 },
	};
	const struct client *clients[] = { &H.learner, &coach, &examiner, &H.supervisor, &H.hr,
					   &H.pm, &H.hr_b, &H.monitor, &examiner2, NULL };
	const char *names[] = { "learner", "coach", "examiner", "supervisor", "hr", "pm", "hr_b",
				"monitor", "examiner2", "anon" };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct client *c = NULL;
		struct hresp r;
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcmp(names[k], cases[i].who) == 0)
				c = clients[k];
		http(c, "GET", L(cases[i].path), NULL, NULL, &r);
		if (r.status != cases[i].want)
			fail_msg("%s %s: %ld, not %ld", cases[i].who, r.what, r.status,
				 cases[i].want);
		hresp_release(&r);
	}
	/* the coaching log: the coach writes, the learner does not */
	ok(&coach, "POST", "/api/v1/enrolments/@enrolment/coaching-log", "{'kind':'company_visit',"
	   "'held_on':'2026-10-12','present':['Carla Coach'],'notes':'Rondgang'}", 201, NULL);
	refused(&H.learner, "POST", "/api/v1/enrolments/@enrolment/coaching-log",
		"{'kind':'meeting','held_on':'2026-10-12','notes':'x'}", 403, NULL);
}

/* Malformed and hostile input; a withdrawn enrolment. */
static void
test_bad_input(void **state)
{
	struct hresp r;
	long version;

	(void)state;
	refused(&coach, "POST", "/api/v1/agreements/@agreement/amend", "{'version':", 400, NULL);
	refused(&coach, "POST", "/api/v1/agreements/@agreement/amend", "[1]", 400, NULL);
	refused(&coach, "POST", "/api/v1/agreements/@agreement/amend",
		"{'version':1,'x':1}", 422, "body.x");
	refused(&H.learner, "POST", "/api/v1/agreements", "{'enrolment_id':'@enrolment',"
		"'period_id':'$unknown'}", 422, "period_id");
	refused(&H.learner, "POST", "/api/v1/agreements", "{'enrolment_id':5}", 422,
		"enrolment_id");
	/* one running enrolment per learner and programme */
	refused(&H.pm, "POST", "/api/v1/enrolments", "{'person_id':'$p_learner','programme_id':"
		"'$prog_a','track':'regular','status':'active','start_date':'2027-02-01'}", 422,
		"person_id");
	/* a withdrawn enrolment: no assessment */
	ok(&H.admin, "GET", "/api/v1/enrolments/@enrolment", NULL, 200, &r);
	version = (long)json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	refused(&H.pm, "PATCH", "/api/v1/enrolments/@enrolment", "{'status':'graduated'}", 422,
		"status");
	ok(&H.pm, "PATCH", "/api/v1/enrolments/@enrolment",
	   hfmt("{\"status\":\"withdrawn\",\"version\":%ld}", version), 200, NULL);
	refused(&examiner, "POST", "/api/v1/enrolments/@enrolment/assessments",
		"{'outcome_id':'$outcome_a1','result':'achieved','rationale':'x'}", 422,
		"enrolment_id");
	refused(&H.learner, "POST", "/api/v1/enrolments/@enrolment/evidence",
		"{'outcome_id':'$outcome_a1','kind':'text','title':'x','text':'y'}", 422,
		"enrolment_id");
	/* once withdrawn, the learner may enrol in the programme again */
	ok(&H.pm, "POST", "/api/v1/enrolments", "{'person_id':'$p_learner','programme_id':"
	   "'$prog_a','track':'regular','status':'active','start_date':'2027-02-01'}", 201, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agreement_flow),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_assessment_and_progress),
		cmocka_unit_test(test_access),
		cmocka_unit_test(test_bad_input),
	};

	return harness_exit(cmocka_run_group_tests_name("api learning", tests, setup,
							harness_teardown));
}
