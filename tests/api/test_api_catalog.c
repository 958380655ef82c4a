/* test_api_catalog.c: the catalog through the API: cursor pagination over
 * many records, filters (ENUMSET membership, voucher eligibility, outcome
 * and programme of offerings), search with LIKE wildcards that match only
 * themselves, optimistic locking (409), text and numbers verbatim, and the
 * audit trail of API writes */
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Creates a record as client through the API; returns its id. */
static const char *
create(const struct client *c, const char *collection, const char *body)
{
	struct hresp r;
	const char *id;

	http(c, "POST", collection, body, NULL, &r);
	expect_status(&r, 201);
	id = hfmt("%s", hresp_str(&r, "id"));
	hresp_release(&r);
	return id;
}

/* A valid programme of inst_a called name, with extra JSON members appended. */
static const char *
programme_body(const char *name, const char *extra)
{
	return hq(hfmt("{'institution_id':'$inst_a','name':'%s','level':'bachelor',"
		       "'total_ec':240,'modes':['part_time']%s}", name, extra));
}

/* The ids listed by GET path, comma-separated, with the page's cursor. */
static const char *
ids_of(const char *path, const char **next, size_t *count)
{
	struct hresp r;
	const char *out = "";
	size_t i;
	json_t *it;

	http(NULL, "GET", path, NULL, NULL, &r);
	expect_status(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
		out = hfmt("%s%s,", out, json_string_value(json_object_get(it, "id")));
	if (count)
		*count = json_array_size(json_object_get(r.json, "items"));
	if (next)
		*next = json_is_string(json_object_get(r.json, "next_cursor"))
			? hfmt("%s", hresp_str(&r, "next_cursor")) : NULL;
	hresp_release(&r);
	return out;
}

/* True if the comma-separated ids from ids_of() hold id. */
static bool
lists(const char *ids, const char *id)
{
	return strstr(ids, hfmt("%s,", id)) != NULL;
}

/* More than a page of records: every one exactly once, in id order. */
static void
test_cursor_pagination(void **state)
{
	const char *prog, *ids[60], *next, *page, *all = "";
	size_t count, total = 0;
	int pages = 0;

	(void)state;
	prog = create(&H.pm, "/api/v1/programmes", programme_body("Zestig uitkomsten", ""));
	for (int i = 0; i < 60; i++)
		ids[i] = create(&H.pm, "/api/v1/outcomes", hq(hfmt("{'programme_id':'%s',"
				"'code':'Z-%02d','title':'Uitkomst %d','ec':4}", prog, i, i)));

	/* the default page is 50, then the rest */
	page = ids_of(hfmt("/api/v1/outcomes?programme_id=%s", prog), &next, &count);
	assert_int_equal(count, 50);
	assert_non_null(next);
	assert_true(lists(page, ids[0]));
	assert_true(lists(page, ids[49]));
	assert_false(lists(page, ids[50]));
	page = ids_of(hfmt("/api/v1/outcomes?programme_id=%s&cursor=%s", prog, next), &next,
		      &count);
	assert_int_equal(count, 10);
	assert_null(next);
	assert_true(lists(page, ids[50]));
	assert_true(lists(page, ids[59]));

	/* pages of 7: every record once, in order */
	next = NULL;
	do {
		const char *path = next
			? hfmt("/api/v1/outcomes?limit=7&programme_id=%s&cursor=%s", prog, next)
			: hfmt("/api/v1/outcomes?programme_id=%s&limit=7", prog);
		page = ids_of(path, &next, &count);
		all = hfmt("%s%s", all, page);
		total += count;
		pages++;
		if (next)
			assert_int_equal(count, 7);
	} while (next && pages < 20);
	assert_int_equal(total, 60);
	assert_int_equal(pages, 9);
	for (int i = 0; i < 60; i++) {
		const char *at = strstr(all, ids[i]);
		assert_non_null(at);
		/* in creation order, which is id order */
		if (i > 0)
			assert_true(strstr(all, ids[i - 1]) < at);
	}

	/* the largest page holds them all */
	ids_of(hfmt("/api/v1/outcomes?programme_id=%s&limit=200", prog), &next, &count);
	assert_int_equal(count, 60);
	assert_null(next);
	/* a cursor past the end is an empty page */
	ids_of(hfmt("/api/v1/outcomes?programme_id=%s&cursor=%s", prog, ids[59]), &next, &count);
	assert_int_equal(count, 0);
	assert_null(next);
}

/* The list filters of the catalog through the API. */
static void
test_filters(void **state)
{
	const char *ids;

	(void)state;
	ids = ids_of("/api/v1/programmes?mode=dual", NULL, NULL);
	assert_true(lists(ids, H.fx.prog_a));
	assert_false(lists(ids, H.fx.prog_b));
	ids = ids_of("/api/v1/programmes?mode=dua", NULL, NULL);
	assert_false(lists(ids, H.fx.prog_a));
	ids = ids_of("/api/v1/programmes?voucher_eligible=true", NULL, NULL);
	assert_true(lists(ids, H.fx.prog_a));
	assert_false(lists(ids, H.fx.prog_b));
	ids = ids_of("/api/v1/programmes?voucher_eligible=false", NULL, NULL);
	assert_false(lists(ids, H.fx.prog_a));
	assert_true(lists(ids, H.fx.prog_b));
	ids = ids_of("/api/v1/programmes?experiment=leeruitkomsten&mode=part_time&level=bachelor",
		     NULL, NULL);
	assert_true(lists(ids, H.fx.prog_a));
	assert_false(lists(ids, H.fx.prog_b));
	ids = ids_of(hexpand("/api/v1/programmes?institution_id=$inst_b"), NULL, NULL);
	assert_true(lists(ids, H.fx.prog_b));
	assert_false(lists(ids, H.fx.prog_a));
	ids = ids_of("/api/v1/programmes?location=Leeuwarden", NULL, NULL);
	assert_true(lists(ids, H.fx.prog_b));
	assert_false(lists(ids, H.fx.prog_a));

	ids = ids_of(hexpand("/api/v1/offerings?outcome_id=$outcome_a1"), NULL, NULL);
	assert_true(lists(ids, H.fx.offering_a));
	assert_false(lists(ids, H.fx.offering_b));
	ids = ids_of(hexpand("/api/v1/offerings?programme_id=$prog_b"), NULL, NULL);
	assert_true(lists(ids, H.fx.offering_b));
	assert_false(lists(ids, H.fx.offering_a));
	ids = ids_of("/api/v1/offerings?voucher_eligible=true", NULL, NULL);
	assert_true(lists(ids, H.fx.offering_a));
	assert_false(lists(ids, H.fx.offering_b));
	ids = ids_of("/api/v1/offerings?mode=on_campus&location=Leeuwarden", NULL, NULL);
	assert_true(lists(ids, H.fx.offering_b));
	assert_false(lists(ids, H.fx.offering_a));
	ids = ids_of("/api/v1/organisations?kind=institution&funded=true", NULL, NULL);
	assert_true(lists(ids, H.fx.inst_a));
	assert_false(lists(ids, H.fx.inst_b));
	ids = ids_of(hexpand("/api/v1/network-memberships?network_id=$network"), NULL, NULL);
	assert_true(lists(ids, H.fx.membership));
}

/* Percent, underscore and backslash in a search or filter match only themselves. */
static void
test_search_wildcards_match_themselves(void **state)
{
	const char *pct, *under, *plain, *slash, *loc, *locx, *ids;
	struct db_snapshot before;
	size_t count;

	(void)state;
	pct = create(&H.admin, "/api/v1/programmes", programme_body("Flex 100% online", ""));
	under = create(&H.admin, "/api/v1/programmes", programme_body("Flex_online", ""));
	plain = create(&H.admin, "/api/v1/programmes", programme_body("Flex online", ""));
	slash = create(&H.admin, "/api/v1/programmes", programme_body("Flex a\\\\b", ""));
	loc = create(&H.admin, "/api/v1/programmes", programme_body("Haags", ",'locations':"
							       "['Den_Haag']"));
	locx = create(&H.admin, "/api/v1/programmes", programme_body("Haags 2", ",'locations':"
								"['DenXHaag']"));
	db_snapshot(&before);
	ids = ids_of("/api/v1/programmes?q=%25", NULL, &count);
	assert_int_equal(count, 1);
	assert_true(lists(ids, pct));
	ids = ids_of("/api/v1/programmes?q=_", NULL, &count);
	assert_int_equal(count, 1);
	assert_true(lists(ids, under));
	ids = ids_of("/api/v1/programmes?q=flex_", NULL, &count);
	assert_int_equal(count, 1);
	assert_true(lists(ids, under));
	assert_false(lists(ids, plain));
	ids = ids_of("/api/v1/programmes?q=%5C", NULL, &count);
	assert_int_equal(count, 1);
	assert_true(lists(ids, slash));
	ids = ids_of("/api/v1/programmes?q=FLEX", NULL, &count);
	assert_int_equal(count, 4);
	ids = ids_of("/api/v1/programmes?location=Den_Haag", NULL, &count);
	assert_int_equal(count, 1);
	assert_true(lists(ids, loc));
	assert_false(lists(ids, locx));
	ids = ids_of("/api/v1/programmes?location=Den%25", NULL, &count);
	assert_int_equal(count, 0);
	ids = ids_of("/api/v1/programmes?location=%25", NULL, &count);
	assert_int_equal(count, 0);
	ids = ids_of("/api/v1/programmes?mode=%25", NULL, &count);
	assert_int_equal(count, 0);
	ids = ids_of("/api/v1/programmes?level=%25", NULL, &count);
	assert_int_equal(count, 0);
	expect_db_unchanged(&before);
}

/* A stale version (in the body or If-Match) is 409 and changes nothing. */
static void
test_version_conflict(void **state)
{
	const char *id, *path;
	const char *stale[] = { "If-Match: \"1\"", NULL };
	const char *current[] = { "If-Match: \"2\"", NULL };
	struct db_snapshot before;
	struct hresp a, b, r;

	(void)state;
	id = create(&H.pm, "/api/v1/programmes", programme_body("Twee schrijvers", ""));
	path = hfmt("/api/v1/programmes/%s", id);
	/* two editors read version 1; the first to write wins */
	http(&H.pm, "PATCH", path, hq("{'name':'Eerste','version':1}"), NULL, &a);
	expect_status(&a, 200);
	assert_int_equal(json_integer_value(json_object_get(a.json, "version")), 2);
	db_snapshot(&before);
	http(&H.inst_admin, "PATCH", path, hq("{'name':'Tweede','version':1}"), NULL, &b);
	expect_problem(&b, 409, "version");
	assert_non_null(strstr(hresp_str(&b, "detail"), "reload"));
	assert_string_equal(hresp_str(&b, "type"), "https://leerpad.nl/problems/conflict");
	http(&H.inst_admin, "PATCH", path, hq("{'name':'Tweede'}"), stale, &r);
	expect_problem(&r, 409, "version");
	hresp_release(&r);
	expect_db_unchanged(&before);
	http(&H.pm, "GET", path, NULL, NULL, &r);
	assert_string_equal(hresp_str(&r, "name"), "Eerste");
	hresp_release(&r);
	/* with the current version, via If-Match */
	http(&H.inst_admin, "PATCH", path, hq("{'name':'Tweede'}"), current, &r);
	expect_status(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 3);
	assert_string_equal(hresp_str(&r, "name"), "Tweede");
	hresp_release(&r);
	/* a version in the body wins over If-Match */
	http(&H.inst_admin, "PATCH", path, hq("{'name':'Derde','version':2}"), current, &r);
	expect_problem(&r, 409, "version");
	hresp_release(&r);
	hresp_release(&a);
	hresp_release(&b);
}

/* A change that changes nothing writes nothing: no new version, no
 * audit entry, not a byte of the database. */
static void
test_noop_patch_writes_nothing(void **state)
{
	const char *id, *path;
	struct db_snapshot before;
	struct hresp r;

	(void)state;
	id = create(&H.pm, "/api/v1/programmes", programme_body("Onveranderd", ""));
	path = hfmt("/api/v1/programmes/%s", id);
	db_snapshot(&before);
	http(&H.pm, "PATCH", path, hq("{'name':'Onveranderd','level':'bachelor','version':1}"),
	     NULL, &r);
	expect_status(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 1);
	hresp_release(&r);
	http(&H.pm, "PATCH", path, "{}", NULL, &r);
	expect_status(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 1);
	hresp_release(&r);
	expect_db_unchanged(&before);
	/* a stale version is still refused, change or no change */
	http(&H.pm, "PATCH", path, hq("{'version':0}"), NULL, &r);
	expect_problem(&r, 409, "version");
	hresp_release(&r);
}

/* If-Match that names no version of ours never matches; "*" always does. */
static void
test_if_match_forms(void **state)
{
	const char *id, *path;
	const char *garbage[] = { "If-Match: \"abc\"", NULL };
	const char *weak[] = { "If-Match: W/\"1\"", NULL };
	const char *empty[] = { "If-Match: \"\"", NULL };
	const char *any[] = { "If-Match: *", NULL };
	const char *bare[] = { "If-Match: 1", NULL };
	struct db_snapshot before;
	struct hresp r;

	(void)state;
	id = create(&H.pm, "/api/v1/programmes", programme_body("Voorwaardelijk", ""));
	path = hfmt("/api/v1/programmes/%s", id);
	db_snapshot(&before);
	http(&H.pm, "PATCH", path, hq("{'name':'Nee'}"), garbage, &r);
	expect_problem(&r, 409, "version");
	hresp_release(&r);
	http(&H.pm, "PATCH", path, hq("{'name':'Nee'}"), weak, &r);
	expect_problem(&r, 409, "version");
	hresp_release(&r);
	http(&H.pm, "PATCH", path, hq("{'name':'Nee'}"), empty, &r);
	expect_problem(&r, 409, "version");
	hresp_release(&r);
	expect_db_unchanged(&before);
	http(&H.pm, "PATCH", path, hq("{'name':'Ja'}"), bare, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	http(&H.pm, "PATCH", path, hq("{'name':'Ja, altijd'}"), any, &r);
	expect_status(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 3);
	hresp_release(&r);
}

/* Many writers at once: every create lands once; of many updates of one
 * version exactly one wins. */
static void
test_concurrent_writes(void **state)
{
	enum { N = 16 };
	const char *paths[N], *bodies[N], *prog, *path;
	struct hresp out[N], r;
	int ok = 0, conflict = 0;

	(void)state;
	prog = create(&H.pm, "/api/v1/programmes", programme_body("Gelijktijdig", ""));
	for (int i = 0; i < N; i++) {
		paths[i] = "/api/v1/outcomes";
		bodies[i] = hq(hfmt("{'programme_id':'%s','code':'G-%02d','title':'T','ec':1}",
				    prog, i));
	}
	http_many(N, &H.pm, "POST", paths, bodies, out);
	for (int i = 0; i < N; i++) {
		expect_status(&out[i], 201);
		hresp_release(&out[i]);
	}
	http(NULL, "GET", hfmt("/api/v1/outcomes?programme_id=%s", prog), NULL, NULL, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), N);
	hresp_release(&r);

	path = hfmt("/api/v1/programmes/%s", prog);
	for (int i = 0; i < N; i++) {
		paths[i] = path;
		bodies[i] = hq(hfmt("{'name':'Schrijver %d','version':1}", i));
	}
	http_many(N, &H.pm, "PATCH", paths, bodies, out);
	for (int i = 0; i < N; i++) {
		if (out[i].status == 200)
			ok++;
		else if (out[i].status == 409)
			conflict++;
		else
			expect_status(&out[i], 409);
		hresp_release(&out[i]);
	}
	assert_int_equal(ok, 1);
	assert_int_equal(conflict, N - 1);
	http(NULL, "GET", path, NULL, NULL, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 2);
	hresp_release(&r);
}

/* Unicode text, EC with a decimal and large prices come back as sent. */
static void
test_text_and_numbers_verbatim(void **state)
{
	const char *name = "Zorg & Welzijn \xe2\x80\x93 \xe2\x80\x98t Gooi \xf0\x9f\x9a\x91 \xc4\xb3";
	const char *utf8_json[] = { "Content-Type: application/json; charset=utf-8", NULL };
	struct hresp r;
	const char *id;

	(void)state;
	http(&H.admin, "POST", "/api/v1/programmes", hjson(json_pack(
	     "{s:s, s:s, s:s, s:f, s:[s], s:s}", "institution_id", H.fx.inst_a, "name", name,
	     "level", "post_hbo", "total_ec", 7.5, "modes", "part_time", "description",
	     "Regel 1\nRegel 2\n\n\tIngesprongen")), utf8_json, &r);
	expect_status(&r, 201);
	id = hfmt("%s", hresp_str(&r, "id"));
	hresp_release(&r);
	http(NULL, "GET", hfmt("/api/v1/programmes/%s", id), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_string_equal(hresp_str(&r, "name"), name);
	assert_string_equal(hresp_str(&r, "description"), "Regel 1\nRegel 2\n\n\tIngesprongen");
	assert_true(json_is_real(json_object_get(r.json, "total_ec")));
	assert_true(json_real_value(json_object_get(r.json, "total_ec")) == 7.5);
	hresp_release(&r);
	http(NULL, "GET", hfmt("/api/v1/programmes?q=%s", henc("\xf0\x9f\x9a\x91")), NULL, NULL,
	     &r);
	expect_status(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	hresp_release(&r);

	/* money is whole cents, and the largest price survives */
	http(&H.admin, "POST", "/api/v1/offerings", hq("{'provider_id':'$inst_a','title':'Duur',"
	     "'ec':30,'mode':'at_work','start_date':'2026-01-05','end_date':'2026-01-05',"
	     "'price_cents':100000000}"), NULL, &r);
	expect_status(&r, 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "price_cents")), 100000000);
	assert_true(json_is_integer(json_object_get(r.json, "ec")));
	hresp_release(&r);
}

/* API writes are in the audit log, which pages by 100. */
static void
test_audit_trail_of_api_writes(void **state)
{
	const char *id, *cursor;
	struct hresp r;
	json_t *items, *changes;

	(void)state;
	id = create(&H.pm, "/api/v1/programmes", programme_body("Gevolgd", ""));
	http(&H.pm, "PATCH", hfmt("/api/v1/programmes/%s", id), hq("{'name':'Gevolgd 2'}"), NULL,
	     &r);
	expect_status(&r, 200);
	hresp_release(&r);
	http(&H.admin, "GET", hfmt("/api/v1/audit?entity=programmes&entity_id=%s", id), NULL, NULL,
	     &r);
	expect_status(&r, 200);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "action")),
			    "update");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0),
			    "actor_id")), H.fx.acc_pm);
	changes = json_object_get(json_array_get(items, 0), "changes");
	assert_string_equal(json_string_value(json_array_get(json_object_get(changes, "name"), 1)),
			    "Gevolgd 2");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "action")),
			    "create");
	hresp_release(&r);

	/* the whole log pages by 100, newest first */
	http(&H.admin, "GET", "/api/v1/audit", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 100);
	cursor = hfmt("%s", hresp_str(&r, "next_cursor"));
	assert_true(id_is_valid(cursor));
	hresp_release(&r);
	http(&H.admin, "GET", hfmt("/api/v1/audit?cursor=%s", cursor), NULL, NULL, &r);
	expect_status(&r, 200);
	assert_true(json_array_size(json_object_get(r.json, "items")) > 0);
	assert_true(strcmp(json_string_value(json_object_get(json_array_get(json_object_get(
		r.json, "items"), 0), "id")), cursor) < 0);
	hresp_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_pagination),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_search_wildcards_match_themselves),
		cmocka_unit_test(test_version_conflict),
		cmocka_unit_test(test_noop_patch_writes_nothing),
		cmocka_unit_test(test_if_match_forms),
		cmocka_unit_test(test_concurrent_writes),
		cmocka_unit_test(test_text_and_numbers_verbatim),
		cmocka_unit_test(test_audit_trail_of_api_writes),
	};

	return harness_run("api catalog", tests);
}
