/* test_api_funding.c: the employer's share or cap through the API (who may
 * read and set it, bad input writes nothing), changing a voucher scheme
 * with an Idempotency-Key, and the voucher authority's pages: a form sent
 * twice creates one scheme and issues one voucher, and an ineligible
 * learner (not working) is refused at the field in Dutch; the learner's
 * reserve form (refusals at the field, sent twice reserves once, someone
 * else's voucher a 404) */
#include "harness.h"
#include "learning_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct learning_world w;
static struct client coach;

/* The harness, then the learning world in its database. */
static int
setup(void **state)
{
	if (harness_setup(state))
		return -1;
	learning_world_create_in_file(&H.fx, &w);
	if (api_login(FIXTURE_EMAIL("coach"), FIXTURE_PASSWORD, &coach) != 201)
		return -1;
	return 0;
}

static const char *
funding_path(const char *employer)
{
	return hfmt("/api/v1/employers/%s/funding", employer);
}

/* Who may read an employer's arrangements. */
static void
test_read_access(void **state)
{
	struct hresp r;
	json_t *e;
	size_t i;
	bool found = false;

	(void)state;
	http(NULL, "GET", funding_path(H.fx.emp_a), NULL, NULL, &r);
	expect_problem(&r, 401, NULL);
	hresp_release(&r);
	http(&H.hr_b, "GET", funding_path(H.fx.emp_a), NULL, NULL, &r);
	expect_status(&r, 403);
	hresp_release(&r);
	http(&H.learner, "GET", funding_path(H.fx.emp_a), NULL, NULL, &r);
	expect_status(&r, 403);
	hresp_release(&r);
	http(&H.admin, "GET", funding_path(hexpand("$unknown")), NULL, NULL, &r);
	expect_status(&r, 404);
	hresp_release(&r);
	http(&H.admin, "GET", funding_path("not-an-id"), NULL, NULL, &r);
	expect_status(&r, 404);
	hresp_release(&r);
	http(&H.hr, "GET", funding_path(H.fx.emp_a), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_true(json_is_null(json_object_get(r.json, "default")));
	json_array_foreach(json_object_get(r.json, "employees"), i, e)
		found = found || strcmp(json_string_value(json_object_get(e, "employment_id")),
					H.fx.employment_learner) == 0;
	assert_true(found);
	hresp_release(&r);
}

/* Setting and removing: HR of the employer only; bad input and other
 * employers' HR write nothing. */
static void
test_set_and_clear(void **state)
{
	struct db_snapshot before;
	struct hresp r;
	const char *own = hfmt("%s/employments/%s", funding_path(H.fx.emp_a),
			       H.fx.employment_learner);
	const char *foreign = hfmt("%s/employments/%s", funding_path(H.fx.emp_a),
				   H.fx.employment_other);
	static const char *const bad[] = {
		"{}", "{\"share_bp\": 10001}", "{\"share_bp\": -1}", "{\"share_bp\": 50.5}",
		"{\"cap_cents\": -100}", "{\"cap_cents\": \"100\"}", "{\"share_bp\": 1, \"y\": 2}",
		"{\"cap_cents\": 100, \"currency\": \"USD\"}",
	};

	(void)state;
	db_snapshot(&before);
	http(&H.hr_b, "PUT", funding_path(H.fx.emp_a), "{\"share_bp\": 5000}", NULL, &r);
	expect_status(&r, 403);
	hresp_release(&r);
	http(&H.hr_b, "PUT", own, "{\"share_bp\": 5000}", NULL, &r);
	expect_status(&r, 403);
	hresp_release(&r);
	http(&H.supervisor, "PUT", funding_path(H.fx.emp_a), "{\"share_bp\": 5000}", NULL, &r);
	expect_status(&r, 403);
	hresp_release(&r);
	http(&H.hr, "PUT", foreign, "{\"share_bp\": 5000}", NULL, &r);
	expect_status(&r, 404);
	hresp_release(&r);
	http(&H.hr_b, "DELETE", funding_path(H.fx.emp_a), NULL, NULL, &r);
	expect_status(&r, 403);
	hresp_release(&r);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http(&H.hr, "PUT", funding_path(H.fx.emp_a), bad[i], NULL, &r);
		if (r.status != 422)
			fail_msg("%s: status %ld", bad[i], r.status);
		hresp_release(&r);
	}
	http(&H.hr, "PUT", funding_path(H.fx.emp_a), "not json", NULL, &r);
	expect_status(&r, 400);
	hresp_release(&r);
	expect_db_unchanged(&before);

	http(&H.hr, "PUT", funding_path(H.fx.emp_a), "{\"share_bp\": 5000, \"cap_cents\": null}",
	     NULL, &r);
	expect_status(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r.json, "default"),
							    "share_bp")), 5000);
	hresp_release(&r);
	http(&H.hr, "PUT", own, "{\"cap_cents\": 30000}", NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	/* the same PUT again: the same state */
	http(&H.hr, "PUT", own, "{\"cap_cents\": 30000}", NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	http(&H.hr, "GET", funding_path(H.fx.emp_a), NULL, NULL, &r);
	{
		json_t *e;
		size_t i;
		bool seen = false;

		json_array_foreach(json_object_get(r.json, "employees"), i, e) {
			json_t *o = json_object_get(e, "override");

			if (strcmp(json_string_value(json_object_get(e, "employment_id")),
				   H.fx.employment_learner) != 0)
				continue;
			seen = true;
			assert_int_equal(json_integer_value(json_object_get(o, "cap_cents")), 30000);
			assert_true(json_is_null(json_object_get(o, "share_bp")));
		}
		assert_true(seen);
	}
	hresp_release(&r);
	/* the monitor sees no employer's arrangements */
	http(&H.monitor, "GET", funding_path(H.fx.emp_a), NULL, NULL, &r);
	expect_status(&r, 403);
	hresp_release(&r);
	/* removing */
	http(&H.hr, "DELETE", own, NULL, NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	http(&H.hr, "DELETE", funding_path(H.fx.emp_a), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_true(json_is_null(json_object_get(r.json, "default")));
	hresp_release(&r);
}

/* PATCH of a scheme moves budget money: it needs an Idempotency-Key and a
 * repeat moves nothing twice. */
static void
test_scheme_patch(void **state)
{
	const char *key[] = { "Idempotency-Key: patch-1", NULL };
	const char *body;
	struct db_snapshot before;
	struct hresp r;
	char id[64];

	(void)state;
	http(&H.admin, "POST", "/api/v1/voucher-schemes",
	     hq("{'name':'Te wijzigen','budget_cents':100000,'issue_from':'2026-01-01',"
		"'issue_until':'2099-12-31','spend_by':'2099-12-31','programme_ids':['$prog_a']}"),
	     (const char *[]){ "Idempotency-Key: patch-0", NULL }, &r);
	expect_status(&r, 201);
	snprintf(id, sizeof(id), "%s", hresp_str(&r, "id"));
	hresp_release(&r);
	body = "{\"budget_cents\": 250000}";
	db_snapshot(&before);
	http(&H.admin, "PATCH", hfmt("/api/v1/voucher-schemes/%s", id), body, NULL, &r);
	expect_problem(&r, 422, "Idempotency-Key");
	hresp_release(&r);
	http(&H.learner, "PATCH", hfmt("/api/v1/voucher-schemes/%s", id), body, key, &r);
	expect_status(&r, 403);
	hresp_release(&r);
	http(&H.admin, "PATCH", hfmt("/api/v1/voucher-schemes/%s", id), "{\"budget_cents\": 0}",
	     key, &r);
	expect_problem(&r, 422, "budget_cents");
	hresp_release(&r);
	expect_db_unchanged(&before);
	for (int i = 0; i < 2; i++) {
		http(&H.admin, "PATCH", hfmt("/api/v1/voucher-schemes/%s", id), body, key, &r);
		expect_status(&r, 200);
		assert_int_equal(json_integer_value(json_object_get(r.json, "free_cents")), 250000);
		if (i == 1)
			assert_non_null(hresp_header(&r, "Idempotency-Replayed"));
		hresp_release(&r);
	}
	http(&H.admin, "GET", hfmt("/api/v1/voucher-schemes/%s", id), NULL, NULL, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "free_cents")), 250000);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 2);
	hresp_release(&r);
}

/* The value of the first <input name="name" value="..."> in html, or "". */
static const char *
input_value(const char *html, const char *name)
{
	const char *at = strstr(html, hfmt("name=\"%s\" value=\"", name));
	const char *end;

	if (!at)
		return "";
	at = strchr(at, '"') + 1;
	at = strstr(at, "value=\"") + 7;
	end = strchr(at, '"');
	return hfmt("%.*s", (int)(end - at), at);
}

/* The pages: one scheme for a form sent twice; the voucher likewise; an
 * ineligible learner refused at the field in Dutch; nothing written. */
static void
test_pages_idempotent(void **state)
{
	const char *form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	struct client admin;
	struct db_snapshot before;
	struct hresp r;
	const char *token, *body, *location = NULL, *scheme;

	(void)state;
	assert_int_equal(api_login(FIXTURE_EMAIL("admin"), FIXTURE_PASSWORD, &admin), 201);
	http(&admin, "GET", "/money/schemes/new", NULL, NULL, &r);
	expect_status(&r, 200);
	token = input_value(r.body, "idem");
	assert_true(strlen(token) > 20);
	hresp_release(&r);
	body = hfmt("csrf=%s&idem=%s&name=Via+de+pagina&value=1.250%%2C00&budget=10.000%%2C00"
		    "&issue_from=2026-01-01&issue_until=2099-12-31&spend_by=2099-12-31"
		    "&max_vouchers_per_learner=4&programme_ids=%s&rules=working",
		    henc(admin.csrf), henc(token), H.fx.prog_a);
	db_snapshot(&before);
	for (int i = 0; i < 2; i++) {
		http(&admin, "POST", "/money/schemes", body, form, &r);
		expect_status(&r, 303);
		if (i == 0)
			location = hfmt("%s", hresp_header(&r, "Location"));
		else
			assert_string_equal(hresp_header(&r, "Location"), location);
		hresp_release(&r);
	}
	{
		struct db_snapshot after;

		db_snapshot(&after);
		assert_int_equal(snapshot_rows(&after, "voucher_schemes"),
				 snapshot_rows(&before, "voucher_schemes") + 1);
	}
	/* the same form sent 8 times at once: all go where the first went, and
	 * there is one scheme more (on PostgreSQL too, where the requests that
	 * had not seen the token yet find it after their rollback) */
	{
		enum { N = 8 };
		const char *paths[N], *bodies[N];
		const char *const *headers[N];
		struct hresp res[N];
		struct db_snapshot mid, after;

		http(&admin, "GET", "/money/schemes/new", NULL, NULL, &r);
		token = input_value(r.body, "idem");
		hresp_release(&r);
		for (int i = 0; i < N; i++) {
			paths[i] = "/money/schemes";
			bodies[i] = hfmt("csrf=%s&idem=%s&name=Tegelijk&value=1.250%%2C00"
					 "&budget=10.000%%2C00&issue_from=2026-01-01"
					 "&issue_until=2099-12-31&spend_by=2099-12-31"
					 "&max_vouchers_per_learner=4&programme_ids=%s&rules=working",
					 henc(admin.csrf), henc(token), H.fx.prog_a);
			headers[i] = form;
		}
		db_snapshot(&mid);
		http_many_headers(N, &admin, "POST", paths, bodies, headers, res);
		for (int i = 0; i < N; i++) {
			expect_status(&res[i], 303);
			assert_string_equal(hresp_header(&res[i], "Location"),
					    hresp_header(&res[0], "Location"));
		}
		for (int i = 0; i < N; i++)
			hresp_release(&res[i]);
		db_snapshot(&after);
		assert_int_equal(snapshot_rows(&after, "voucher_schemes"),
				 snapshot_rows(&mid, "voucher_schemes") + 1);
	}
	assert_non_null(strstr(location, "/money/schemes/"));
	scheme = hfmt("%.36s", strstr(location, "/money/schemes/") + 15);
	/* the scheme's page; its budget in Dutch money */
	http(&admin, "GET", hfmt("/money/schemes/%s", scheme), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "10.000,00"));
	token = input_value(r.body, "idem");
	hresp_release(&r);
	/* p_loose has no employment: refused at the field, in Dutch */
	db_snapshot(&before);
	http(&admin, "POST", hfmt("/money/schemes/%s/vouchers", scheme),
	     hfmt("csrf=%s&idem=%s&person_id=%s&ec=30", henc(admin.csrf), henc(token),
		  H.fx.p_loose), form, &r);
	expect_status(&r, 422);
	assert_non_null(strstr(r.body, "id=\"e-person_id\""));
	assert_non_null(strstr(r.body, "de lerende werkt niet"));
	assert_non_null(strstr(r.body, "aria-invalid=\"true\""));
	hresp_release(&r);
	expect_db_unchanged(&before);
	/* the learner is: issued once, though the form is sent twice */
	body = hfmt("csrf=%s&idem=%s&person_id=%s&ec=30", henc(admin.csrf), henc(token),
		    H.fx.p_learner);
	for (int i = 0; i < 2; i++) {
		http(&admin, "POST", hfmt("/money/schemes/%s/vouchers", scheme), body, form, &r);
		expect_status(&r, 303);
		hresp_release(&r);
	}
	{
		struct db_snapshot after;

		db_snapshot(&after);
		assert_int_equal(snapshot_rows(&after, "vouchers"),
				 snapshot_rows(&before, "vouchers") + 1);
		assert_int_equal(snapshot_rows(&after, "ledger_transactions"),
				 snapshot_rows(&before, "ledger_transactions") + 1);
	}
	/* a form without its token moves nothing */
	db_snapshot(&before);
	http(&admin, "POST", hfmt("/money/schemes/%s/vouchers", scheme),
	     hfmt("csrf=%s&person_id=%s&ec=30", henc(admin.csrf), H.fx.p_learner), form, &r);
	expect_status(&r, 422);
	hresp_release(&r);
	expect_db_unchanged(&before);
	/* the scheme's page lists the voucher */
	http(&admin, "GET", hfmt("/money/schemes/%s", scheme), NULL, NULL, &r);
	assert_non_null(strstr(r.body, "/revoke"));
	{
		/* revoked with a reason typed as markup: the page shows it as text */
		const char *action = strstr(r.body, "/money/vouchers/");
		const char *voucher = hfmt("%.36s", action + 16);
		const char *revoke_token = input_value(action, "idem");

		hresp_release(&r);
		http(&admin, "POST", hfmt("/money/vouchers/%s/revoke", voucher),
		     hfmt("csrf=%s&idem=%s&reason=%s", henc(admin.csrf), henc(revoke_token),
			  henc("<script>alert(1)</script> fraude")), form, &r);
		expect_status(&r, 303);
		hresp_release(&r);
		http(&admin, "GET", hfmt("/money/schemes/%s", scheme), NULL, NULL, &r);
		expect_status(&r, 200);
		assert_null(strstr(r.body, "<script>alert"));
		assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt; fraude"));
	}
	hresp_release(&r);
}

/* A write through the API as c with a new Idempotency-Key; the id of the
 * answer (want: its status). */
static const char *
reserve_post(const struct client *c, const char *path, const char *body, long want)
{
	static int keys;
	const char *headers[] = { hfmt("Idempotency-Key: reserve-page-%d", ++keys), NULL };
	struct hresp r;
	const char *id;

	http(c, "POST", path, body, headers, &r);
	expect_status(&r, want);
	id = hfmt("%s", hresp_str(&r, "id") ? hresp_str(&r, "id") : "");
	hresp_release(&r);
	return id;
}

/* The learner's reserve form: reached from /my/vouchers and the catalog,
 * prefilled with the offering's price; a refused amount or offering comes
 * back at its field in Dutch with what was typed, nothing written; the
 * form sent twice reserves once; someone else's voucher is a 404. */
static void
test_reserve_page(void **state)
{
	const char *form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	struct client learner, hr;
	struct db_snapshot before, after;
	struct hresp r;
	const char *offering, *ended, *scheme, *voucher, *others, *path, *token, *body;

	(void)state;
	assert_int_equal(api_login(FIXTURE_EMAIL("learner"), FIXTURE_PASSWORD, &learner), 201);
	assert_int_equal(api_login(FIXTURE_EMAIL("hr"), FIXTURE_PASSWORD, &hr), 201);
	offering = reserve_post(&H.admin, "/api/v1/offerings",
		hq("{'provider_id':'$inst_a','title':'Reserveermodule','ec':15,'mode':'online',"
		   "'start_date':'2026-01-05','end_date':'2099-12-31','price_cents':60000,"
		   "'outcome_ids':['$outcome_a1']}"), 201);
	ended = reserve_post(&H.admin, "/api/v1/offerings",
		hq("{'provider_id':'$inst_a','title':'Afgelopen module','ec':15,'mode':'online',"
		   "'start_date':'2020-01-06','end_date':'2020-06-30','price_cents':60000,"
		   "'outcome_ids':['$outcome_a1']}"), 201);
	scheme = reserve_post(&H.admin, "/api/v1/voucher-schemes",
		hq("{'name':'In delen','budget_cents':10000000,'issue_from':'2026-01-01',"
		   "'issue_until':'2099-12-31','spend_by':'2099-12-31','programme_ids':['$prog_a'],"
		   "'rules':['working'],'max_vouchers_per_learner':10,'allow_partial':true}"), 201);
	voucher = reserve_post(&H.admin, "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i}",
			       "scheme_id", scheme, "person_id", H.fx.p_learner, "ec", 30)), 201);
	others = reserve_post(&H.admin, "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i}",
			      "scheme_id", scheme, "person_id", H.fx.p_other, "ec", 30)), 201);
	path = hfmt("/my/vouchers/%s/reserve", voucher);

	/* reached from the learner's vouchers and from the catalog */
	http(&learner, "GET", "/my/vouchers", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, hfmt("href=\"%s\"", path)));
	hresp_release(&r);
	http(&learner, "GET", "/catalog/offerings?q=Reserveermodule", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, hfmt("href=\"%s?offering=%s\"", path, offering)));
	hresp_release(&r);
	http(NULL, "GET", "/catalog/offerings?q=Reserveermodule", NULL, NULL, &r);
	assert_null(strstr(r.body, "/reserve?offering="));
	hresp_release(&r);

	/* the form: the offering chosen, its price as the amount in Dutch */
	http(&learner, "GET", hfmt("%s?offering=%s", path, offering), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, hfmt("value=\"%s\" checked", offering)));
	assert_string_equal(input_value(r.body, "amount"), "600,00");
	assert_null(strstr(r.body, hfmt("value=\"%s\"", ended)));
	token = input_value(r.body, "idem");
	assert_true(strlen(token) > 20);
	hresp_release(&r);

	/* someone else's voucher: not found, for reading and for writing */
	db_snapshot(&before);
	http(&hr, "GET", path, NULL, NULL, &r);
	expect_status(&r, 404);
	hresp_release(&r);
	http(&hr, "POST", path, hfmt("csrf=%s&idem=%s&offering_id=%s", henc(hr.csrf), henc(token),
				     offering), form, &r);
	expect_status(&r, 404);
	hresp_release(&r);
	http(&learner, "GET", hfmt("/my/vouchers/%s/reserve", others), NULL, NULL, &r);
	expect_status(&r, 404);
	hresp_release(&r);
	http(&learner, "POST", hfmt("/my/vouchers/%s/reserve", others),
	     hfmt("csrf=%s&idem=%s&offering_id=%s", henc(learner.csrf), henc(token), offering), form,
	     &r);
	expect_status(&r, 404);
	hresp_release(&r);

	/* refused by the domain: at the field, in Dutch, with what was typed */
	http(&learner, "POST", path, hfmt("csrf=%s&idem=%s&offering_id=%s&amount=%s",
					  henc(learner.csrf), henc(token), offering, henc("700,00")),
	     form, &r);
	expect_status(&r, 422);
	assert_non_null(strstr(r.body, "id=\"e-amount\""));
	assert_non_null(strstr(r.body, "ten hoogste wat bij de gekozen module staat"));
	assert_string_equal(input_value(r.body, "amount"), "700,00");
	assert_string_equal(input_value(r.body, "idem"), token);
	hresp_release(&r);
	http(&learner, "POST", path, hfmt("csrf=%s&idem=%s&offering_id=%s&amount=%s",
					  henc(learner.csrf), henc(token), offering, henc("zes")),
	     form, &r);
	expect_status(&r, 422);
	assert_non_null(strstr(r.body, "id=\"e-amount\""));
	hresp_release(&r);
	http(&learner, "POST", path, hfmt("csrf=%s&idem=%s&offering_id=%s", henc(learner.csrf),
					  henc(token), ended), form, &r);
	expect_status(&r, 422);
	assert_non_null(strstr(r.body, "id=\"e-offering_id\""));
	assert_non_null(strstr(r.body, "het onderwijsaanbod is afgelopen"));
	hresp_release(&r);
	http(&learner, "POST", path, hfmt("csrf=%s&idem=%s", henc(learner.csrf), henc(token)),
	     form, &r);
	expect_status(&r, 422);
	assert_non_null(strstr(r.body, "een onderwijsaanbod is verplicht"));
	hresp_release(&r);
	expect_db_unchanged(&before);

	/* reserved once, though the form is sent twice */
	body = hfmt("csrf=%s&idem=%s&offering_id=%s&amount=%s", henc(learner.csrf), henc(token),
		    offering, henc("500,00"));
	for (int i = 0; i < 2; i++) {
		http(&learner, "POST", path, body, form, &r);
		expect_status(&r, 303);
		assert_string_equal(hresp_header(&r, "Location"), "/my/vouchers?done=reserved");
		hresp_release(&r);
	}
	db_snapshot(&after);
	assert_int_equal(snapshot_rows(&after, "reservations"),
			 snapshot_rows(&before, "reservations") + 1);
	assert_int_equal(snapshot_rows(&after, "ledger_transactions"),
			 snapshot_rows(&before, "ledger_transactions") + 1);
	http(&H.learner, "GET", hfmt("/api/v1/vouchers/%s", voucher), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_string_equal(hresp_str(&r, "state"), "reserved");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(
		r.json, "reservations"), 0), "amount_cents")), 50000);
	hresp_release(&r);
	/* where it lands: said in Dutch, with the confirmation to give */
	http(&learner, "GET", "/my/vouchers?done=reserved", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "Uw voucher is gereserveerd."));
	assert_non_null(strstr(r.body, "/confirm\""));
	assert_null(strstr(r.body, hfmt("href=\"%s\"", path)));
	/* what is reserved is not free to use as well */
	assert_non_null(strstr(r.body, "<dt>Gereserveerd</dt><dd>€ 500,00</dd>"));
	assert_non_null(strstr(r.body, "<dt>Vrij te besteden</dt><dd>€ 0,00</dd>"));
	hresp_release(&r);
	/* a reserved voucher offers no form, and says why */
	http(&learner, "GET", path, NULL, NULL, &r);
	expect_status(&r, 200);
	assert_null(strstr(r.body, "name=\"offering_id\""));
	assert_non_null(strstr(r.body, "Deze voucher kan nu niet worden gereserveerd"));
	hresp_release(&r);
}

/* The costs of the agreement as c sees them (a new reference). */
static json_t *
costs_of(const struct client *c, const char *agreement)
{
	struct hresp r;
	json_t *costs;

	http(c, "GET", hfmt("/api/v1/agreements/%s", agreement), NULL, NULL, &r);
	expect_status(&r, 200);
	costs = json_incref(json_object_get(r.json, "costs"));
	hresp_release(&r);
	assert_non_null(costs);
	return costs;
}

/* What the employer pays of an agreement, as all three parties see it:
 * the employer's default, then the employee's own, then the agreement's
 * stated amount, each taking precedence over the one before. */
static void
test_agreement_costs(void **state)
{
	const char *own = hfmt("%s/employments/%s", funding_path(H.fx.emp_a),
			       H.fx.employment_learner);
	const struct client *parties[] = { &H.learner, &coach, &H.hr };
	json_t *content, *c;
	struct hresp r;
	char agreement[ID_LEN];
	long version;
	int64_t rest;

	(void)state;
	http(&H.learner, "POST", "/api/v1/agreements", hjson(json_pack("{s:s, s:s}",
	     "enrolment_id", w.enrolment, "period_id", w.period)), NULL, &r);
	expect_status(&r, 201);
	snprintf(agreement, sizeof(agreement), "%s", hresp_str(&r, "id"));
	version = (long)json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	/* the content without a stated contribution */
	content = learning_content(&H.fx, &w);
	json_object_del(json_object_get(content, "employer"), "cost_contribution_cents");
	http(&H.learner, "PATCH", hfmt("/api/v1/agreements/%s", agreement),
	     hjson(json_pack("{s:i, s:O}", "version", (int)version, "content", content)), NULL, &r);
	expect_status(&r, 200);
	version = (long)json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	c = costs_of(&H.learner, agreement);
	assert_string_equal(json_string_value(json_object_get(c, "employer_basis")), "none");
	assert_int_equal(json_integer_value(json_object_get(c, "employer_cents")), 0);
	rest = json_integer_value(json_object_get(c, "price_cents")) -
	       json_integer_value(json_object_get(c, "voucher_cents"));
	assert_true(rest > 0);
	json_decref(c);
	/* the employer's default: a third, rounded down */
	http(&H.hr, "PUT", funding_path(H.fx.emp_a), "{\"share_bp\": 3333}", NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	for (size_t i = 0; i < 3; i++) {
		c = costs_of(parties[i], agreement);
		assert_string_equal(json_string_value(json_object_get(c, "employer_basis")),
				    "employer");
		assert_int_equal(json_integer_value(json_object_get(c, "employer_cents")),
				 rest / 10000 * 3333 + rest % 10000 * 3333 / 10000);
		json_decref(c);
	}
	/* the employee's own: a cap of 1 euro */
	http(&H.hr, "PUT", own, "{\"cap_cents\": 100}", NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	c = costs_of(&coach, agreement);
	assert_string_equal(json_string_value(json_object_get(c, "employer_basis")), "employee");
	assert_int_equal(json_integer_value(json_object_get(c, "employer_cents")), 100);
	json_decref(c);
	/* the agreement states an amount: it goes first */
	json_object_set_new(json_object_get(content, "employer"), "cost_contribution_cents",
			    json_integer(200));
	http(&H.learner, "PATCH", hfmt("/api/v1/agreements/%s", agreement),
	     hjson(json_pack("{s:i, s:O}", "version", (int)version, "content", content)), NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	c = costs_of(&H.hr, agreement);
	assert_string_equal(json_string_value(json_object_get(c, "employer_basis")), "agreement");
	assert_int_equal(json_integer_value(json_object_get(c, "employer_cents")), 200);
	json_decref(c);
	json_decref(content);
	/* clean up for the tests that follow */
	http(&H.hr, "DELETE", own, NULL, NULL, &r);
	hresp_release(&r);
	http(&H.hr, "DELETE", funding_path(H.fx.emp_a), NULL, NULL, &r);
	hresp_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_access),
		cmocka_unit_test(test_set_and_clear),
		cmocka_unit_test(test_scheme_patch),
		cmocka_unit_test(test_agreement_costs),
		cmocka_unit_test(test_pages_idempotent),
		cmocka_unit_test(test_reserve_page),
	};

	return harness_exit(cmocka_run_group_tests_name("api.funding", tests, setup,
							harness_teardown));
}
