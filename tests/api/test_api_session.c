/* test_api_session.c: logging in and out through the API, the login rate
 * limit (429 with Retry-After), and what every response carries: the
 * security headers and problem+json for errors */
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The JSON body of a login. */
static const char *
login_body(const char *email, const char *password)
{
	return hjson(json_pack("{s:s, s:s}", "email", email, "password", password));
}

/* Logging in gives a safe cookie and a CSRF token; logging out ends only that session. */
static void
test_login_logout(void **state)
{
	struct hresp r;
	struct client s, other;
	const char *cookie;
	json_t *roles;

	(void)state;
	http(NULL, "POST", "/api/v1/session", login_body("Inst_Admin@TEST.leerpad.nl",
	     FIXTURE_PASSWORD), NULL, &r);
	expect_status(&r, 201);
	cookie = hresp_header(&r, "Set-Cookie");
	assert_non_null(cookie);
	assert_int_equal(strncmp(cookie, "leerpad_session=", 16), 0);
	assert_non_null(strstr(cookie, "; HttpOnly"));
	assert_non_null(strstr(cookie, "; SameSite=Lax"));
	assert_non_null(strstr(cookie, "; Path=/"));
	assert_non_null(strstr(cookie, "; Max-Age="));
	assert_null(strstr(cookie, "Secure"));   /* not started with --secure-cookies */
	assert_string_equal(hresp_str(&r, "email"), FIXTURE_EMAIL("inst_admin"));
	assert_string_equal(hresp_str(&r, "account_id"), H.fx.acc_inst_admin);
	assert_true(json_is_null(json_object_get(r.json, "person_id")));
	roles = json_object_get(r.json, "roles");
	assert_int_equal(json_array_size(roles), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(roles, 0), "role")),
			    "institution_admin");
	assert_string_equal(json_string_value(json_object_get(json_array_get(roles, 0),
			    "organisation_id")), H.fx.inst_a);
	/* the token is in the cookie only, never in the body */
	{
		char token[CRYPTO_TOKEN_LEN];
		size_t n = strcspn(cookie + 16, ";");
		assert_int_equal(n, CRYPTO_TOKEN_LEN - 1);
		memcpy(token, cookie + 16, n);
		token[n] = '\0';
		assert_null(strstr(r.body, token));
	}
	hresp_release(&r);

	/* two sessions of one account are independent */
	assert_int_equal(api_login(FIXTURE_EMAIL("inst_admin"), FIXTURE_PASSWORD, &s), 201);
	assert_int_equal(api_login(FIXTURE_EMAIL("inst_admin"), FIXTURE_PASSWORD, &other), 201);
	assert_string_not_equal(s.session, other.session);
	assert_string_not_equal(s.csrf, other.csrf);
	http(&s, "GET", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_string_equal(hresp_str(&r, "csrf_token"), s.csrf);
	hresp_release(&r);
	/* one session's CSRF token does not open another's writes */
	{
		struct client mixed = s;
		memcpy(mixed.csrf, other.csrf, sizeof(mixed.csrf));
		http(&mixed, "DELETE", "/api/v1/session", NULL, NULL, &r);
		expect_problem(&r, 403, "csrf");
		hresp_release(&r);
	}
	http(&s, "DELETE", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 204);
	hresp_release(&r);
	http(&s, "GET", "/api/v1/session", NULL, NULL, &r);
	expect_problem(&r, 401, NULL);
	hresp_release(&r);
	http(&other, "GET", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);

	/* logging out with a bearer token leaves the token working */
	http(&H.pm, "DELETE", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 204);
	hresp_release(&r);
	http(&H.pm, "GET", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_true(json_is_null(json_object_get(r.json, "csrf_token")));
	hresp_release(&r);
}

/* Wrong or missing credentials: 401, one answer for all, nothing written. */
static void
test_login_refused(void **state)
{
	struct hresp wrong, unknown, r;
	struct db_snapshot before;

	(void)state;
	http(NULL, "POST", "/api/v1/session", login_body(FIXTURE_EMAIL("coord"), "niet goed"),
	     NULL, &wrong);
	expect_problem(&wrong, 401, "email");
	assert_null(hresp_header(&wrong, "Set-Cookie"));
	http(NULL, "POST", "/api/v1/session", login_body("niemand@test.leerpad.nl", "niet goed"),
	     NULL, &unknown);
	expect_problem(&unknown, 401, "email");
	/* the same answer: accounts cannot be probed */
	assert_string_equal(hresp_str(&wrong, "detail"), hresp_str(&unknown, "detail"));
	hresp_release(&wrong);
	hresp_release(&unknown);

	db_snapshot(&before);
	http(NULL, "POST", "/api/v1/session", hq("{'email':'coord@test.leerpad.nl'}"), NULL, &r);
	expect_problem(&r, 401, "email");
	hresp_release(&r);
	http(NULL, "POST", "/api/v1/session", hq("{}"), NULL, &r);
	expect_problem(&r, 401, "email");
	hresp_release(&r);
	http(NULL, "POST", "/api/v1/session", hq("{'email':'coord@test.leerpad.nl',"
					     "'password':null}"), NULL, &r);
	expect_problem(&r, 422, "password");
	hresp_release(&r);
	expect_db_unchanged(&before);
}

/* After five failures an account waits: 429 with Retry-After. */
static void
test_login_rate_limit(void **state)
{
	struct hresp r;
	struct db_snapshot before;
	const char *retry;
	char *end;
	long seconds;

	(void)state;
	for (int i = 0; i < 5; i++) {
		http(NULL, "POST", "/api/v1/session", login_body(FIXTURE_EMAIL("locked"),
		     "verkeerd wachtwoord"), NULL, &r);
		expect_problem(&r, 401, "email");
		assert_null(hresp_header(&r, "Retry-After"));
		hresp_release(&r);
	}
	/* the sixth try waits, even with the right password, and writes nothing */
	db_snapshot(&before);
	http(NULL, "POST", "/api/v1/session", login_body(FIXTURE_EMAIL("locked"),
	     FIXTURE_PASSWORD), NULL, &r);
	expect_problem(&r, 429, "email");
	retry = hresp_header(&r, "Retry-After");
	assert_non_null(retry);
	seconds = strtol(retry, &end, 10);
	assert_true(*retry && *end == '\0');
	assert_true(seconds > 0 && seconds <= 900);
	assert_null(hresp_header(&r, "Set-Cookie"));
	hresp_release(&r);
	http(NULL, "POST", "/api/v1/session", login_body("LOCKED@test.leerpad.nl",
	     FIXTURE_PASSWORD), NULL, &r);
	expect_problem(&r, 429, "email");
	hresp_release(&r);
	expect_db_unchanged(&before);
	/* the account's API token is not a login: it still works */
	http(&H.monitor, "GET", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	/* and other accounts from the same address still log in */
	{
		struct client c;
		assert_int_equal(api_login(FIXTURE_EMAIL("supervisor"), FIXTURE_PASSWORD, &c), 201);
	}
}

/* The headers every response carries, HTML or JSON, success or error. */
static void
expect_security_headers(const struct hresp *r)
{
	const char *csp = hresp_header(r, "Content-Security-Policy");

	if (!csp || !strstr(csp, "frame-ancestors 'none'") || !strstr(csp, "default-src 'none'"))
		fail_msg("%s: CSP is %s", r->what, csp ? csp : "missing");
	if (!hresp_header(r, "X-Content-Type-Options") ||
	    strcmp(hresp_header(r, "X-Content-Type-Options"), "nosniff") != 0)
		fail_msg("%s: no X-Content-Type-Options: nosniff", r->what);
	if (!hresp_header(r, "X-Frame-Options"))
		fail_msg("%s: no X-Frame-Options", r->what);
	if (!hresp_header(r, "Referrer-Policy"))
		fail_msg("%s: no Referrer-Policy", r->what);
}

/* Every kind of response carries the security headers. */
static void
test_security_headers_everywhere(void **state)
{
	static const struct {
		const char *method, *path, *body;
		long status;
	} reqs[] = {
		{ "GET", "/api/v1/programmes", NULL, 200 },
		{ "GET", "/api/v1/programmes/$prog_a", NULL, 200 },
		{ "GET", "/api/v1/programmes/$unknown", NULL, 404 },
		{ "GET", "/api/v1/persons", NULL, 401 },
		{ "POST", "/api/v1/programmes", "{}", 401 },
		{ "GET", "/api/v1/no-such-thing", NULL, 404 },
		{ "DELETE", "/api/v1/session", NULL, 204 },
		{ "GET", "/static/style.css", NULL, 200 },
		{ "GET", "/no-such-page", NULL, 404 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct hresp r;
		http(NULL, reqs[i].method, hexpand(reqs[i].path), reqs[i].body, NULL, &r);
		expect_status(&r, reqs[i].status);
		expect_security_headers(&r);
		/* API answers are never cached: they may hold personal data */
		if (strncmp(reqs[i].path, "/api/", 5) == 0 &&
		    (!hresp_header(&r, "Cache-Control") ||
		     !strstr(hresp_header(&r, "Cache-Control"), "no-store")))
			fail_msg("%s: no Cache-Control: no-store", r.what);
		hresp_release(&r);
	}
}

/* Errors are problem+json with a stable type, a title and the instance. */
static void
test_errors_are_problems(void **state)
{
	struct hresp r;
	const char *text_plain[] = { "Content-Type: text/plain", NULL };

	(void)state;
	http(NULL, "GET", "/api/v1/no-such-thing", NULL, NULL, &r);
	expect_problem(&r, 404, NULL);
	assert_string_equal(hresp_str(&r, "instance"), "/api/v1/no-such-thing");
	assert_string_equal(hresp_str(&r, "type"), "https://leerpad.nl/problems/not-found");
	hresp_release(&r);
	http(&H.admin, "POST", "/api/v1/programmes", "{", NULL, &r);
	expect_problem(&r, 400, NULL);
	assert_string_equal(hresp_str(&r, "type"), "https://leerpad.nl/problems/malformed");
	hresp_release(&r);
	http(&H.admin, "POST", "/api/v1/programmes", "{}", text_plain, &r);
	expect_problem(&r, 415, NULL);
	hresp_release(&r);
	http(&H.admin, "POST", "/api/v1/programmes", "{\"colour\":1}", NULL, &r);
	expect_problem(&r, 422, "colour");
	assert_string_equal(hresp_str(&r, "type"), "https://leerpad.nl/problems/invalid");
	hresp_release(&r);
	/* the language of titles follows ?lang= */
	http(&H.admin, "POST", "/api/v1/programmes?lang=en", "{\"colour\":1}", NULL, &r);
	expect_problem(&r, 422, "colour");
	assert_string_equal(hresp_str(&r, "title"), "Invalid input");
	hresp_release(&r);
}

/* A known path with another method: 405 with Allow, also in the problem. */
static void
test_method_not_allowed(void **state)
{
	static const struct {
		const char *method, *path, *allow;
	} reqs[] = {
		{ "DELETE", "/api/v1/programmes", "GET, HEAD, POST" },
		{ "PUT", "/api/v1/programmes/$prog_a", "GET, HEAD, PATCH" },
		{ "DELETE", "/api/v1/programmes/$prog_a", "GET, HEAD, PATCH" },
		{ "PATCH", "/api/v1/session", "POST, GET, HEAD, DELETE" },
		{ "POST", "/api/v1/audit", "GET, HEAD" },
	};
	struct db_snapshot before;

	(void)state;
	db_snapshot(&before);
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct hresp r;
		http(&H.admin, reqs[i].method, hexpand(reqs[i].path), NULL, NULL, &r);
		/* the problem's status member agrees with the HTTP status */
		expect_problem(&r, 405, NULL);
		expect_security_headers(&r);
		/* RFC 9110: a 405 lists the methods that would work */
		assert_non_null(hresp_header(&r, "Allow"));
		assert_string_equal(hresp_header(&r, "Allow"), reqs[i].allow);
		hresp_release(&r);
	}
	expect_db_unchanged(&before);
}

/* HEAD answers like GET without a body. */
static void
test_head_requests(void **state)
{
	struct hresp r;

	(void)state;
	http(NULL, "HEAD", "/api/v1/programmes", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_int_equal(r.len, 0);
	assert_string_equal(hresp_header(&r, "Content-Type"), "application/json");
	hresp_release(&r);
}

/* Pages that only read (ROUTE_READS) authenticate inside their read
 * snapshot: a refused or anonymous request still ends it, so every server
 * thread can write afterwards. */
static void
test_read_only_pages(void **state)
{
	struct client bad = { .name = "bad token" };
	const char *paths[12], *bodies[12];
	struct hresp r, many[12];

	(void)state;
	memset(bad.bearer, 'x', CRYPTO_TOKEN_LEN - 1);
	for (int round = 0; round < 3; round++) {
		http(&bad, "GET", "/home", NULL, NULL, &r);
		expect_status(&r, 401);
		hresp_release(&r);
		http(NULL, "GET", "/home", NULL, NULL, &r);
		assert_true(r.status == 302 || r.status == 303);
		assert_non_null(strstr(hresp_header(&r, "Location"), "/login"));
		hresp_release(&r);
		http(NULL, "GET", "/catalog", NULL, NULL, &r);
		expect_status(&r, 200);
		hresp_release(&r);
		http(&H.learner, "GET", "/home", NULL, NULL, &r);
		expect_status(&r, 200);
		hresp_release(&r);
	}
	/* at once, so that they meet every thread: refused in a snapshot ... */
	for (int i = 0; i < 12; i++)
		paths[i] = "/home";
	http_many(12, &bad, "GET", paths, NULL, many);
	for (int i = 0; i < 12; i++) {
		expect_status(&many[i], 401);
		hresp_release(&many[i]);
	}
	/* ... and then writes, which a snapshot left open would refuse */
	for (int i = 0; i < 12; i++) {
		paths[i] = "/api/v1/organisations";
		bodies[i] = hfmt("{\"kind\":\"employer\",\"name\":\"Na de momentopname %d\"}", i);
	}
	http_many(12, &H.admin, "POST", paths, bodies, many);
	for (int i = 0; i < 12; i++) {
		expect_status(&many[i], 201);
		hresp_release(&many[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_logout),
		cmocka_unit_test(test_login_refused),
		cmocka_unit_test(test_login_rate_limit),
		cmocka_unit_test(test_security_headers_everywhere),
		cmocka_unit_test(test_errors_are_problems),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_head_requests),
		cmocka_unit_test(test_read_only_pages),
	};

	return harness_run("api session", tests);
}
