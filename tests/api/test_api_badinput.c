/* test_api_badinput.c: bad input everywhere gets a clear 4xx problem+json
 * (with the offending field where there is one) and changes nothing:
 * malformed JSON, wrong types, missing and unknown fields, oversize
 * bodies, invalid UTF-8, unknown ids, wrong content types, bad query
 * parameters; SQL and HTML meta-characters are stored and returned
 * verbatim and never run */
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAMME "{'institution_id':'$inst_a','name':'Goed','level':'bachelor'," \
	"'total_ec':240,'modes':['part_time']}"

struct bad_case {
	const char *method;
	const char *path;          /* hexpand template */
	const char *body;          /* sent as is (after hexpand), NULL for none */
	long want;
	const char *field;         /* NULL: the problem names no field */
};

/* Sends each case as admin (allowed to do anything) and checks the
 * problem and that the database did not change. */
static void
run_cases(const struct bad_case *cases, size_t n, const char *const *headers)
{
	for (size_t i = 0; i < n; i++) {
		const struct bad_case *c = &cases[i];
		struct db_snapshot before;
		struct hresp r;

		db_snapshot(&before);
		http(&H.admin, c->method, hexpand(c->path), c->body ? hexpand(c->body) : NULL,
		     headers, &r);
		expect_problem(&r, c->want, c->field);
		hresp_release(&r);
		expect_db_unchanged(&before);
	}
}

/* Bodies that are no JSON object: 400. */
static void
test_malformed_json(void **state)
{
	static const struct bad_case cases[] = {
		{ "POST", "/api/v1/programmes", "{\"name\":", 400, NULL },
		{ "POST", "/api/v1/programmes", "{'name':'single quotes'}", 400, NULL },
		{ "POST", "/api/v1/programmes", "[1, 2]", 400, NULL },
		{ "POST", "/api/v1/programmes", "\"just a string\"", 400, NULL },
		{ "POST", "/api/v1/programmes", "null", 400, NULL },
		{ "POST", "/api/v1/programmes", "42", 400, NULL },
		{ "POST", "/api/v1/programmes", "", 400, NULL },
		{ "POST", "/api/v1/programmes", "{} trailing", 400, NULL },
		{ "POST", "/api/v1/programmes", "{\"name\":\"a\",\"name\":\"b\"}", 400, NULL },
		{ "POST", "/api/v1/programmes", "{\"capacity\": 1e400}", 400, NULL },
		{ "POST", "/api/v1/offerings", "{\"price_cents\": 99999999999999999999999}", 400,
		  NULL },
		{ "POST", "/api/v1/programmes", "{\"name\": NaN}", 400, NULL },
		{ "POST", "/api/v1/programmes", "{\"name\": \"\\ud800\"}", 400, NULL },
		{ "POST", "/api/v1/programmes", "{\"name\": \"nul \\u0000 byte\"}", 400, NULL },
		{ "PATCH", "/api/v1/programmes/$prog_a", "{\"name\":", 400, NULL },
		{ "PATCH", "/api/v1/programmes/$prog_a", "[]", 400, NULL },
		{ "PATCH", "/api/v1/programmes/$prog_a", "", 400, NULL },
		{ "POST", "/api/v1/session", "{\"email\":", 400, NULL },
		{ "POST", "/api/v1/session", "[]", 400, NULL },
	};
	struct db_snapshot before;
	struct hresp r;
	char *deep;
	size_t depth = 5000;

	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), NULL);

	/* nesting far deeper than any record */
	deep = malloc(depth * 2 + 1);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[depth * 2] = '\0';
	db_snapshot(&before);
	http(&H.admin, "POST", "/api/v1/programmes", deep, NULL, &r);
	expect_problem(&r, 400, NULL);
	hresp_release(&r);
	deep[0] = '{';
	http(&H.admin, "POST", "/api/v1/programmes", deep, NULL, &r);
	expect_problem(&r, 400, NULL);
	hresp_release(&r);
	expect_db_unchanged(&before);
	free(deep);
}

/* Wrong types, missing, unknown and read-only fields: 422 naming the field. */
static void
test_wrong_types_and_fields(void **state)
{
	static const struct bad_case cases[] = {
		/* wrong types, one field at a time */
		{ "POST", "/api/v1/programmes", "{\"institution_id\":\"$inst_a\",\"name\":\"X\","
		  "\"level\":\"bachelor\",\"total_ec\":\"veel\",\"modes\":[\"dual\"]}", 422,
		  "total_ec" },
		{ "POST", "/api/v1/programmes", "{\"institution_id\":\"$inst_a\",\"name\":\"X\","
		  "\"level\":\"bachelor\",\"total_ec\":240,\"modes\":\"dual\"}", 422, "modes" },
		{ "POST", "/api/v1/programmes", "{\"institution_id\":\"$inst_a\",\"name\":\"X\","
		  "\"level\":3,\"total_ec\":240,\"modes\":[\"dual\"]}", 422, "level" },
		{ "POST", "/api/v1/programmes", "{\"institution_id\":\"$inst_a\",\"name\":[\"X\"],"
		  "\"level\":\"bachelor\",\"total_ec\":240,\"modes\":[\"dual\"]}", 422, "name" },
		{ "POST", "/api/v1/programmes", "{\"institution_id\":7,\"name\":\"X\","
		  "\"level\":\"bachelor\",\"total_ec\":240,\"modes\":[\"dual\"]}", 422,
		  "institution_id" },
		{ "POST", "/api/v1/programmes", "{\"institution_id\":\"$inst_a\",\"name\":\"X\","
		  "\"level\":\"bachelor\",\"total_ec\":240,\"modes\":[\"dual\"],"
		  "\"locations\":{\"a\":1}}", 422, "locations" },
		{ "POST", "/api/v1/programmes", "{\"institution_id\":\"$inst_a\",\"name\":\"X\","
		  "\"level\":\"bachelor\",\"total_ec\":240.25,\"modes\":[\"dual\"]}", 422,
		  "total_ec" },
		{ "POST", "/api/v1/offerings", "{\"provider_id\":\"$inst_a\",\"title\":\"T\","
		  "\"ec\":15,\"mode\":\"online\",\"start_date\":\"2025-09-01\","
		  "\"end_date\":\"2025-12-31\",\"price_cents\":12.5}", 422, "price_cents" },
		{ "POST", "/api/v1/offerings", "{\"provider_id\":\"$inst_a\",\"title\":\"T\","
		  "\"ec\":15,\"mode\":\"online\",\"start_date\":\"2025-09-01\","
		  "\"end_date\":\"2025-12-31\",\"price_cents\":100,\"outcome_ids\":\"x\"}", 422,
		  "outcome_ids" },
		{ "POST", "/api/v1/offerings", "{\"provider_id\":\"$inst_a\",\"title\":\"T\","
		  "\"ec\":15,\"mode\":\"online\",\"start_date\":\"1 september\","
		  "\"end_date\":\"2025-12-31\",\"price_cents\":100}", 422, "start_date" },
		{ "POST", "/api/v1/organisations", "{\"kind\":\"employer\",\"name\":\"X\","
		  "\"funded\":\"ja\"}", 422, "funded" },
		{ "POST", "/api/v1/organisations", "{\"kind\":\"employer\",\"name\":\"X\","
		  "\"website\":\"javascript:alert(1)\"}", 422, "website" },
		{ "POST", "/api/v1/persons", "{\"given_name\":\"A\",\"family_name\":\"B\","
		  "\"email\":\"geen adres\"}", 422, "email" },
		{ "POST", "/api/v1/accounts", "{\"email\":\"kort@x.nl\",\"password\":\"kort\"}",
		  422, "password" },
		/* missing required fields */
		{ "POST", "/api/v1/programmes", "{\"institution_id\":\"$inst_a\","
		  "\"level\":\"bachelor\",\"total_ec\":240,\"modes\":[\"dual\"]}", 422, "name" },
		{ "POST", "/api/v1/programmes", "{\"name\":\"X\",\"level\":\"bachelor\","
		  "\"total_ec\":240,\"modes\":[\"dual\"]}", 422, "institution_id" },
		{ "POST", "/api/v1/programmes", "{}", 422, "institution_id" },
		{ "POST", "/api/v1/persons", "{\"given_name\":\"A\"}", 422, "family_name" },
		/* unknown fields and fields leerpad sets */
		{ "POST", "/api/v1/programmes", "{\"colour\":\"blauw\"}", 422, "colour" },
		{ "POST", "/api/v1/programmes", "{\"id\":\"$unknown\"}", 422, "id" },
		{ "POST", "/api/v1/programmes", "{\"version\":3}", 422, "version" },
		{ "POST", "/api/v1/accounts", "{\"email\":\"h@x.nl\",\"password_hash\":\"x\"}", 422,
		  "password_hash" },
		{ "PATCH", "/api/v1/programmes/$prog_a", "{\"colour\":\"blauw\"}", 422, "colour" },
		{ "PATCH", "/api/v1/programmes/$prog_a", "{\"updated_at\":\"2020-01-01\"}", 422,
		  "updated_at" },
		{ "PATCH", "/api/v1/programmes/$prog_a", "{\"version\":\"1\"}", 422, "version" },
		{ "PATCH", "/api/v1/programmes/$prog_a", "{\"name\":null}", 422, "name" },
		{ "PATCH", "/api/v1/outcomes/$outcome_a1", "{\"programme_id\":\"$prog_b\"}", 422,
		  "programme_id" },
		/* text that is not one line, or too long, or holds control characters */
		{ "POST", "/api/v1/persons", "{\"given_name\":\"A\\nB\",\"family_name\":\"B\"}",
		  422, "given_name" },
		{ "POST", "/api/v1/persons", "{\"given_name\":\"bel\\u0007\",\"family_name\":\"B\"}",
		  422, "given_name" },
		{ "POST", "/api/v1/persons", "{\"given_name\":\"\\u001b[31m\",\"family_name\":\"B\"}",
		  422, "given_name" },
		/* the login form */
		{ "POST", "/api/v1/session", "{\"email\":5,\"password\":\"x\"}", 422, "email" },
		{ "POST", "/api/v1/session", "{\"email\":\"a@b.nl\",\"password\":\"x\","
		  "\"remember\":true}", 422, "remember" },
	};
	struct db_snapshot before;
	struct hresp r;
	char *longname;

	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), NULL);

	/* a name of 201 characters */
	longname = malloc(300);
	memset(longname, 'n', 201);
	longname[201] = '\0';
	db_snapshot(&before);
	http(&H.admin, "POST", "/api/v1/programmes", hjson(json_pack("{s:s, s:s, s:s, s:i, s:[s]}",
	     "institution_id", H.fx.inst_a, "name", longname, "level", "bachelor", "total_ec",
	     240, "modes", "dual")), NULL, &r);
	expect_problem(&r, 422, "name");
	hresp_release(&r);
	expect_db_unchanged(&before);
	free(longname);
}

/* Field names and reasons that hold odd text still make valid problems. */
static void
test_problem_texts_stay_valid_json(void **state)
{
	struct db_snapshot before;
	struct hresp r;
	char key[200];
	size_t i;

	(void)state;
	/* an unknown key of 65 two-byte characters: longer than a field name */
	for (i = 0; i < 130; i += 2)
		memcpy(key + i, "\xc3\xa9", 2);
	key[i] = '\0';
	db_snapshot(&before);
	http(&H.admin, "POST", "/api/v1/programmes", hjson(json_pack("{s:i}", key, 1)), NULL, &r);
	expect_status(&r, 422);
	/* the field is there, cut short at a character boundary */
	if (!hresp_str(&r, "field") || strncmp(hresp_str(&r, "field"), key, 60) != 0)
		fail_msg("the problem lost its field: %s", r.body);
	expect_problem(&r, 422, hresp_str(&r, "field"));
	hresp_release(&r);
	/* an enum value cut to 60 bytes in the middle of a character */
	http(&H.admin, "POST", "/api/v1/programmes", hjson(json_pack("{s:s, s:s, s:s, s:i, s:[s]}",
	     "institution_id", H.fx.inst_a, "name", "X", "level", hfmt("x%s", key), "total_ec",
	     240, "modes", "dual")), NULL, &r);
	expect_problem(&r, 422, "level");
	hresp_release(&r);
	expect_db_unchanged(&before);
}

/* Bodies over 256 KiB: 413, however far over. */
static void
test_oversize_body(void **state)
{
	struct db_snapshot before;
	struct hresp r;
	size_t big = 256 * 1024 + 1;
	char *body = malloc(big + 64);
	int n;

	(void)state;
	/* a syntactically fine JSON object one byte over the limit */
	n = snprintf(body, big + 64, "{\"description\":\"");
	memset(body + n, 'x', big - (size_t)n - 2);
	memcpy(body + big - 2, "\"}", 3);
	assert_int_equal(strlen(body), big);
	db_snapshot(&before);
	http(&H.admin, "POST", "/api/v1/programmes", body, NULL, &r);
	expect_problem(&r, 413, NULL);
	hresp_release(&r);
	http(&H.admin, "PATCH", hexpand("/api/v1/programmes/$prog_a"), body, NULL, &r);
	expect_problem(&r, 413, NULL);
	hresp_release(&r);
	http(NULL, "POST", "/api/v1/session", body, NULL, &r);
	expect_problem(&r, 413, NULL);
	hresp_release(&r);
	/* far over: 4 MiB */
	free(body);
	big = 4 * 1024 * 1024;
	body = malloc(big + 1);
	memset(body, ' ', big);
	body[big] = '\0';
	body[0] = '{';
	body[big - 1] = '}';
	http(&H.admin, "POST", "/api/v1/programmes", body, NULL, &r);
	expect_problem(&r, 413, NULL);
	hresp_release(&r);
	expect_db_unchanged(&before);
	free(body);

	/* just under the limit is read, and judged on its content */
	big = 200 * 1024;
	body = malloc(big + 64);
	n = snprintf(body, big + 64, "{\"description\":\"");
	memset(body + n, 'x', big - (size_t)n - 2);
	memcpy(body + big - 2, "\"}", 3);
	http(&H.admin, "PATCH", hexpand("/api/v1/programmes/$prog_a"), body, NULL, &r);
	expect_problem(&r, 422, "description");
	hresp_release(&r);
	expect_db_unchanged(&before);
	free(body);
}

/* Bodies that are not UTF-8: 400, before anything else looks at them. */
static void
test_invalid_utf8(void **state)
{
	static const char *const bodies[] = {
		"{\"institution_id\":\"X\",\"name\":\"\xff\"}",
		"{\"name\":\"overlong \xc0\xaf\"}",
		"{\"name\":\"surrogate \xed\xa0\x80\"}",
		"{\"name\":\"cut \xe2\x82\"}",
		"{\"name\":\"too high \xf4\x90\x80\x80\"}",
	};
	static const char nul_body[] = "{\"name\":\"a\0b\"}";
	static const char bad_login[] = "{\"email\":\"\xff@x.nl\",\"password\":\"x\"}";
	struct db_snapshot before;
	struct hresp r;

	(void)state;
	db_snapshot(&before);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		http(&H.admin, "POST", "/api/v1/programmes", bodies[i], NULL, &r);
		expect_problem(&r, 400, NULL);
		hresp_release(&r);
		http(&H.admin, "PATCH", hexpand("/api/v1/programmes/$prog_a"), bodies[i], NULL, &r);
		expect_problem(&r, 400, NULL);
		hresp_release(&r);
	}
	/* a NUL byte in the raw body */
	http_raw(&H.admin, "POST", "/api/v1/programmes", nul_body, sizeof(nul_body) - 1, NULL, &r);
	expect_problem(&r, 400, NULL);
	hresp_release(&r);
	http_raw(NULL, "POST", "/api/v1/session", bad_login, sizeof(bad_login) - 1, NULL, &r);
	expect_problem(&r, 400, NULL);
	hresp_release(&r);
	expect_db_unchanged(&before);
}

/* Ids that name nothing (or something else): 404 in the path, 422 in a body. */
static void
test_unknown_ids(void **state)
{
	static const struct bad_case cases[] = {
		{ "GET", "/api/v1/programmes/$unknown", NULL, 404, "id" },
		{ "GET", "/api/v1/programmes/not-an-id", NULL, 404, "id" },
		{ "GET", "/api/v1/programmes/$inst_a", NULL, 404, "id" },
		{ "GET", "/api/v1/persons/$unknown", NULL, 404, "id" },
		{ "GET", "/api/v1/programmes/%27%3B%20DROP%20TABLE%20programmes%3B%20--", NULL, 404,
		  "id" },
		/* decoded, these are no single path segment: no route at all */
		{ "GET", "/api/v1/programmes/..%2F..%2Fetc%2Fpasswd", NULL, 404, NULL },
		{ "GET", "/api/v1/programmes/%00", NULL, 404, NULL },
		{ "PATCH", "/api/v1/programmes/$unknown", "{\"name\":\"X\"}", 404, "id" },
		{ "PATCH", "/api/v1/accounts/$unknown", "{\"disabled\":true}", 404, "id" },
		{ "POST", "/api/v1/programmes", "{\"institution_id\":\"$unknown\",\"name\":\"X\","
		  "\"level\":\"bachelor\",\"total_ec\":240,\"modes\":[\"dual\"]}", 422,
		  "institution_id" },
		{ "POST", "/api/v1/programmes", "{\"institution_id\":\"$prog_a\",\"name\":\"X\","
		  "\"level\":\"bachelor\",\"total_ec\":240,\"modes\":[\"dual\"]}", 422,
		  "institution_id" },
		{ "POST", "/api/v1/offerings", "{\"provider_id\":\"$inst_a\",\"title\":\"T\","
		  "\"ec\":15,\"mode\":\"online\",\"start_date\":\"2025-09-01\","
		  "\"end_date\":\"2025-12-31\",\"price_cents\":100,\"outcome_ids\":[\"$unknown\"]}",
		  422, "outcome_ids" },
		{ "POST", "/api/v1/role-grants", "{\"account_id\":\"$unknown\",\"role\":\"monitor\"}",
		  422, "account_id" },
	};

	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), NULL);
}

/* Writes with a body that is not application/json: 415. */
static void
test_wrong_content_type(void **state)
{
	static const struct {
		const char *header;
	} types[] = {
		{ "Content-Type: text/plain" },
		{ "Content-Type: application/x-www-form-urlencoded" },
		{ "Content-Type: multipart/form-data; boundary=x" },
		{ "Content-Type: text/html" },
		{ "Content-Type:" },   /* none at all */
	};
	const char *body = hq(PROGRAMME);
	struct db_snapshot before;
	struct hresp r;

	(void)state;
	db_snapshot(&before);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const char *headers[] = { types[i].header, NULL };
		http(&H.admin, "POST", "/api/v1/programmes", body, headers, &r);
		expect_problem(&r, 415, NULL);
		hresp_release(&r);
		http(&H.admin, "PATCH", hexpand("/api/v1/programmes/$prog_a"), "{\"name\":\"X\"}",
		     headers, &r);
		expect_problem(&r, 415, NULL);
		hresp_release(&r);
		http(NULL, "POST", "/api/v1/session", "{\"email\":\"a@b.nl\",\"password\":\"x\"}",
		     headers, &r);
		expect_problem(&r, 415, NULL);
		hresp_release(&r);
	}
	expect_db_unchanged(&before);
}

/* Bad paging, search and filter parameters: 422 naming the parameter. */
static void
test_bad_query_parameters(void **state)
{
	static const struct bad_case cases[] = {
		{ "GET", "/api/v1/programmes?limit=0", NULL, 422, "limit" },
		{ "GET", "/api/v1/programmes?limit=201", NULL, 422, "limit" },
		{ "GET", "/api/v1/programmes?limit=-1", NULL, 422, "limit" },
		{ "GET", "/api/v1/programmes?limit=ten", NULL, 422, "limit" },
		{ "GET", "/api/v1/programmes?limit=", NULL, 422, "limit" },
		{ "GET", "/api/v1/programmes?limit=5x", NULL, 422, "limit" },
		{ "GET", "/api/v1/programmes?cursor=nonsense", NULL, 422, "cursor" },
		{ "GET", "/api/v1/programmes?cursor=%27%20OR%201%3D1", NULL, 422, "cursor" },
		{ "GET", "/api/v1/programmes?q=%FF%FE", NULL, 422, "q" },
		{ "GET", "/api/v1/programmes?q=%C0%AF", NULL, 422, "q" },
		{ "GET", "/api/v1/programmes?colour=blue", NULL, 422, "colour" },
		{ "GET", "/api/v1/programmes?name=Goed", NULL, 422, "name" },
		{ "GET", "/api/v1/programmes?level=%ED%A0%80", NULL, 422, "level" },
		{ "GET", "/api/v1/programmes?voucher_eligible=maybe", NULL, 422, "voucher_eligible" },
		{ "GET", "/api/v1/organisations?funded=1", NULL, 422, "funded" },
		{ "GET", "/api/v1/offerings?voucher_eligible=", NULL, 422, "voucher_eligible" },
		{ "GET", "/api/v1/audit?cursor=x", NULL, 422, "cursor" },
	};
	struct db_snapshot before;
	struct hresp r;
	const char *longq;

	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), NULL);
	db_snapshot(&before);
	/* more filters than a list takes */
	{
		const char *path = "/api/v1/programmes?mode=dual";
		for (int i = 0; i < 16; i++)
			path = hfmt("%s&level=bachelor", path);
		http(NULL, "GET", path, NULL, NULL, &r);
		expect_problem(&r, 422, "level");
		hresp_release(&r);
	}
	/* a parameter name that is not UTF-8 still gives a valid problem */
	http(NULL, "GET", "/api/v1/programmes?%FF%FE=1", NULL, NULL, &r);
	expect_status(&r, 422);
	if (!hresp_str(&r, "field") || !hresp_str(&r, "detail"))
		fail_msg("the problem lost its field or detail: %s", r.body);
	hresp_release(&r);
	expect_db_unchanged(&before);
	/* a search text over its limit */
	longq = hfmt("/api/v1/programmes?q=%0300d", 0);
	db_snapshot(&before);
	http(NULL, "GET", longq, NULL, NULL, &r);
	expect_problem(&r, 422, "q");
	hresp_release(&r);
	expect_db_unchanged(&before);
}

/* Requests too big for the server's per-connection memory are refused by
 * libmicrohttpd itself (414, 431), and the server carries on. */
static void
test_oversize_request_head(void **state)
{
	struct db_snapshot before;
	struct hresp r;
	char *big = malloc(70001);
	const char *headers[] = { NULL, NULL };

	(void)state;
	memset(big, 'a', 70000);
	big[70000] = '\0';
	db_snapshot(&before);
	http(&H.admin, "GET", hfmt("/api/v1/programmes?q=%s", big), NULL, NULL, &r);
	expect_status(&r, 414);
	hresp_release(&r);
	headers[0] = hfmt("X-Padding: %s", big);
	http(&H.admin, "GET", "/api/v1/programmes", NULL, headers, &r);
	expect_status(&r, 431);
	hresp_release(&r);
	free(big);
	expect_db_unchanged(&before);
	http(&H.admin, "GET", "/api/v1/programmes", NULL, NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
}

/* A text with SQL in it is a text: stored as given, returned as given. */
static void
test_sql_metacharacters(void **state)
{
	static const char *const texts[] = {
		"'; DROP TABLE programmes; --",
		"Robert'); DELETE FROM audit_log; --",
		"\" OR \"\"=\"",
		"1; UPDATE accounts SET disabled = 1",
		"%_\\' ESCAPE '",
	};
	struct db_snapshot before;
	struct hresp r, got;
	int64_t programmes;

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *id;
		db_snapshot(&before);
		programmes = snapshot_rows(&before, "programmes");
		http(&H.admin, "POST", "/api/v1/programmes", hjson(json_pack(
		     "{s:s, s:s, s:s, s:i, s:[s], s:[s], s:s}", "institution_id", H.fx.inst_a,
		     "name", texts[i], "level", "bachelor", "total_ec", 240, "modes", "dual",
		     "locations", texts[i], "description", texts[i])), NULL, &r);
		expect_status(&r, 201);
		assert_string_equal(hresp_str(&r, "name"), texts[i]);
		assert_string_equal(hresp_str(&r, "description"), texts[i]);
		assert_string_equal(json_string_value(json_array_get(json_object_get(r.json,
				    "locations"), 0)), texts[i]);
		id = hfmt("%s", hresp_str(&r, "id"));
		hresp_release(&r);
		/* exactly one programme more, and its audit entry: nothing else */
		expect_db_changed_only(&before, "programmes", "audit_log");
		db_snapshot(&before);
		assert_int_equal(snapshot_rows(&before, "programmes"), programmes + 1);

		http(NULL, "GET", hfmt("/api/v1/programmes/%s", id), NULL, NULL, &got);
		expect_status(&got, 200);
		assert_string_equal(hresp_str(&got, "name"), texts[i]);
		hresp_release(&got);
		/* searching and filtering with it finds it, and only reads */
		http(NULL, "GET", hfmt("/api/v1/programmes?q=%s", henc(texts[i])), NULL, NULL, &got);
		expect_status(&got, 200);
		assert_true(json_array_size(json_object_get(got.json, "items")) >= 1);
		hresp_release(&got);
		http(NULL, "GET", hfmt("/api/v1/programmes?location=%s", henc(texts[i])), NULL,
		     NULL, &got);
		expect_status(&got, 200);
		assert_int_equal(json_array_size(json_object_get(got.json, "items")), 1);
		assert_string_equal(json_string_value(json_object_get(json_array_get(
			json_object_get(got.json, "items"), 0), "id")), id);
		hresp_release(&got);
		http(NULL, "GET", hfmt("/api/v1/programmes?level=%s", henc(texts[i])), NULL, NULL,
		     &got);
		expect_status(&got, 200);
		assert_int_equal(json_array_size(json_object_get(got.json, "items")), 0);
		hresp_release(&got);
		expect_db_unchanged(&before);
	}
	/* SQL in the audit log's filters is a value too */
	db_snapshot(&before);
	http(&H.admin, "GET", hfmt("/api/v1/audit?entity=%s&entity_id=%s", henc(texts[0]),
				   henc(texts[1])), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	hresp_release(&r);
	expect_db_unchanged(&before);
	/* the tables are all still there */
	http(NULL, "GET", "/api/v1/programmes?limit=200", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_true(json_array_size(json_object_get(r.json, "items")) >= 5);
	hresp_release(&r);
}

/* HTML in a text is a text: verbatim in JSON, which browsers never run. */
static void
test_html_metacharacters(void **state)
{
	static const char *const texts[] = {
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"\"><svg onload=alert(1)>",
		"&lt;already escaped&gt; &amp;",
		"</script><script>alert(document.cookie)</script>",
	};
	struct hresp r;

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *id, *csp;
		http(&H.admin, "POST", "/api/v1/persons", hjson(json_pack("{s:s, s:s, s:s}",
		     "given_name", texts[i], "family_name", texts[i], "phone", "<b>06</b>")), NULL,
		     &r);
		expect_status(&r, 201);
		assert_string_equal(hresp_str(&r, "given_name"), texts[i]);
		id = hfmt("%s", hresp_str(&r, "id"));
		hresp_release(&r);
		http(&H.admin, "GET", hfmt("/api/v1/persons/%s", id), NULL, NULL, &r);
		expect_status(&r, 200);
		assert_string_equal(hresp_str(&r, "given_name"), texts[i]);
		assert_string_equal(hresp_str(&r, "family_name"), texts[i]);
		/* served as JSON, never sniffed as HTML, and nothing may run */
		assert_string_equal(hresp_header(&r, "Content-Type"), "application/json");
		assert_string_equal(hresp_header(&r, "X-Content-Type-Options"), "nosniff");
		csp = hresp_header(&r, "Content-Security-Policy");
		assert_non_null(csp);
		assert_non_null(strstr(csp, "default-src 'none'"));
		hresp_release(&r);
	}
	/* in a query, HTML is just text to search for */
	http(&H.admin, "GET", hfmt("/api/v1/persons?q=%s", henc("<script>")), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_true(json_array_size(json_object_get(r.json, "items")) >= 2);
	hresp_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_wrong_types_and_fields),
		cmocka_unit_test(test_problem_texts_stay_valid_json),
		cmocka_unit_test(test_oversize_body),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_unknown_ids),
		cmocka_unit_test(test_wrong_content_type),
		cmocka_unit_test(test_bad_query_parameters),
		cmocka_unit_test(test_oversize_request_head),
		cmocka_unit_test(test_sql_metacharacters),
		cmocka_unit_test(test_html_metacharacters),
	};

	return harness_run("api bad input", tests);
}
