/* test_api_routes.c: every route in the route table (routes.c) has a test
 * case here, and every case runs against the real server
 *
 * The tests are made from the table itself, one per route, so a route added
 * to routes.c without a case here fails ("no test case"). Entity routes
 * (api_entity_*) share generic cases driven by the samples[] below: a new
 * entity needs one sample line. Any other API route needs an entry in
 * special_cases[]. Page routes get a generic case from their flags: who is
 * let in, who is sent to the login form, and that a write without the
 * anti-forgery token is refused and changes nothing (a page of one
 * learner's own records has its own case in special_cases[]); what a page
 * shows is for the browser tests.
 */
#include "harness.h"
#include "base/buf.h"
#include "surfaces/api/api.h"
#include "surfaces/http/router.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- samples for the generic entity cases ------------------------------- */

struct sample {
	const char *entity;     /* entity_def name */
	const char *create;     /* a valid new record (hq template) */
	const char *patch;      /* a valid change to it */
	const char *existing;   /* a fixture record of the entity */
	char created[ID_LEN];   /* filled by the POST case, used by PATCH */
};

static struct sample samples[] = {
	{ "organisations", "{'kind':'employer','name':'Route BV','coc_number':'11223344',"
	  "'website':'https://route.example.nl'}", "{'city':'Eindhoven'}", "$emp_a", "" },
	{ "network_memberships", "{'network_id':'$network','member_id':'$emp_b','role':'company',"
	  "'since':'2024-02-29'}", "{'role':'partner'}", "$membership", "" },
	{ "programmes", "{'institution_id':'$inst_a','name':'Route Engineering','level':'master',"
	  "'total_ec':60,'modes':['part_time','dual'],'experiments':['vraagfinanciering'],"
	  "'locations':['Venlo','Online']}", "{'name':'Route Engineering (deeltijd)'}", "$prog_a",
	  "" },
	{ "outcomes", "{'programme_id':'$prog_a','code':'RT-1','title':'Route plannen','ec':7.5,"
	  "'criteria':['Plan is haalbaar'],'alignments':['http://data.europa.eu/esco/skill/x']}",
	  "{'title':'Route plannen en bijsturen'}", "$outcome_a1", "" },
	{ "offerings", "{'provider_id':'$inst_a','title':'Route module','ec':15,'mode':'blended',"
	  "'location':'Venlo','start_date':'2026-02-01','end_date':'2026-06-30','capacity':25,"
	  "'price_cents':62500,'outcome_ids':['$outcome_a1','$outcome_a2']}",
	  "{'capacity':30,'outcome_ids':['$outcome_a2']}", "$offering_a", "" },
	{ "persons", "{'given_name':'Rutger','family_name':'Route','email':'rutger@route.nl'}",
	  "{'phone':'010-1234567'}", "$p_learner", "" },
	{ "employments", "{'person_id':'$p_loose','employer_id':'$emp_b','job_title':'Routeplanner',"
	  "'start_date':'2024-01-01','supervisor_id':'$p_other'}",
	  "{'end_date':'2025-12-31'}", "$employment_learner", "" },
	{ "accounts", "{'email':'route@test.leerpad.nl','password':'lang genoeg wachtwoord',"
	  "'language':'en'}", "{'disabled':true}", "$acc_learner", "" },
	{ "role_grants", "{'account_id':'$acc_locked','role':'coach','organisation_id':'$inst_a'}",
	  "{'organisation_id':'$inst_b'}", "$grant_learner", "" },
};

/* The sample of an entity, or NULL if it has none. */
static struct sample *
sample_for(const struct entity_def *def)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		if (strcmp(samples[i].entity, def->name) == 0)
			return &samples[i];
	return NULL;
}

/* The collection path of an entity route: the pattern without "/{id}". */
static const char *
collection(const struct route *r)
{
	const char *brace = strstr(r->pattern, "/{id}");

	return brace ? hfmt("%.*s", (int)(brace - r->pattern), r->pattern) : r->pattern;
}

/* The tables a create of sample s writes: the entity's, the audit log and
 * the link tables of the lists it fills. */
static void
expect_created_tables(const struct db_snapshot *before, const struct entity_def *def,
		      const json_t *input)
{
	const char *links[4] = { NULL, NULL, NULL, NULL };
	int n = 0;

	for (int i = 0; i < def->field_count && n < 3; i++)
		if (def->fields[i].type == FIELD_REFLIST &&
		    json_array_size(json_object_get(input, def->fields[i].name)) > 0)
			links[n++] = def->fields[i].link_table;
	expect_db_changed_only(before, def->name, "audit_log", links[0], links[1], links[2]);
}

/* ---- generic entity cases ----------------------------------------------- */

/* GET list: public or 401, the admin sees the fixture record, paging, bad filters. */
static void
case_list(const struct route *r)
{
	const struct entity_def *def = r->data;
	struct sample *s = sample_for(def);
	const char *path = r->pattern;
	struct hresp res;
	const char *next;
	json_t *items;
	size_t total;

	http(NULL, "GET", path, NULL, NULL, &res);
	if (def->public_read) {
		expect_status(&res, 200);
		assert_true(json_is_array(json_object_get(res.json, "items")));
		assert_non_null(json_object_get(res.json, "next_cursor"));
	} else {
		expect_problem(&res, 401, NULL);
	}
	hresp_release(&res);

	http(&H.admin, "GET", path, NULL, NULL, &res);
	expect_status(&res, 200);
	items = json_object_get(res.json, "items");
	{
		bool found = false;
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
			if (strcmp(json_string_value(json_object_get(it, "id")),
				   hexpand(s->existing)) == 0)
				found = true;
		if (!found)
			fail_msg("GET %s does not list %s", path, hexpand(s->existing));
	}

	total = json_array_size(items);
	hresp_release(&res);

	/* one at a time: the cursor leads to the next record */
	http(&H.admin, "GET", hfmt("%s?limit=1", path), NULL, NULL, &res);
	expect_status(&res, 200);
	assert_int_equal(json_array_size(json_object_get(res.json, "items")), 1);
	if (total == 1) {
		assert_true(json_is_null(json_object_get(res.json, "next_cursor")));
		hresp_release(&res);
	} else {
		next = hfmt("%s", json_string_value(json_object_get(res.json, "next_cursor")));
		assert_true(id_is_valid(next));
		hresp_release(&res);
		http(&H.admin, "GET", hfmt("%s?limit=1&cursor=%s", path, next), NULL, NULL, &res);
		expect_status(&res, 200);
		assert_true(strcmp(json_string_value(json_object_get(json_array_get(
			json_object_get(res.json, "items"), 0), "id")), next) > 0);
		hresp_release(&res);
	}

	http(&H.admin, "GET", hfmt("%s?no_such_filter=1", path), NULL, NULL, &res);
	expect_problem(&res, 422, "no_such_filter");
	hresp_release(&res);
}

/* GET one: public or 401, every field but passwords, 404 for unknown ids. */
static void
case_get(const struct route *r)
{
	const struct entity_def *def = r->data;
	struct sample *s = sample_for(def);
	const char *base = collection(r);
	const char *id = hexpand(s->existing);
	struct hresp res;

	http(NULL, "GET", hfmt("%s/%s", base, id), NULL, NULL, &res);
	if (def->public_read) {
		expect_status(&res, 200);
		assert_string_equal(hresp_str(&res, "id"), id);
	} else {
		expect_problem(&res, 401, NULL);
	}
	hresp_release(&res);

	http(&H.admin, "GET", hfmt("%s/%s", base, id), NULL, NULL, &res);
	expect_status(&res, 200);
	assert_string_equal(hresp_str(&res, "id"), id);
	assert_true(json_is_integer(json_object_get(res.json, "version")));
	assert_non_null(hresp_str(&res, "created_at"));
	assert_non_null(hresp_str(&res, "updated_at"));
	/* every field of the entity is in the record, but never a password */
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		if (f->type == FIELD_PASSWORD)
			assert_null(json_object_get(res.json, f->name));
		else if (!json_object_get(res.json, f->name))
			fail_msg("GET %s/%s has no %s", base, id, f->name);
	}
	assert_null(json_object_get(res.json, "password_hash"));
	hresp_release(&res);

	http(&H.admin, "GET", hexpand(hfmt("%s/$unknown", base)), NULL, NULL, &res);
	expect_problem(&res, 404, "id");
	hresp_release(&res);
	http(&H.admin, "GET", hfmt("%s/not-an-id", base), NULL, NULL, &res);
	expect_problem(&res, 404, "id");
	hresp_release(&res);
}

/* POST: 401 for nobody; 201 with Location, the record as sent, only its tables written. */
static void
case_create(const struct route *r)
{
	const struct entity_def *def = r->data;
	struct sample *s = sample_for(def);
	const char *body = hq(s->create);
	json_t *input = json_loads(body, 0, NULL);
	struct db_snapshot before;
	struct hresp res, again;
	const char *key, *location;
	json_t *v;

	assert_non_null(input);
	db_snapshot(&before);
	http(NULL, "POST", r->pattern, body, NULL, &res);
	expect_problem(&res, 401, NULL);
	hresp_release(&res);
	expect_db_unchanged(&before);

	http(&H.admin, "POST", r->pattern, body, NULL, &res);
	expect_status(&res, 201);
	assert_true(id_is_valid(hresp_str(&res, "id")));
	snprintf(s->created, sizeof(s->created), "%s", hresp_str(&res, "id"));
	assert_int_equal(json_integer_value(json_object_get(res.json, "version")), 1);
	json_object_foreach(input, key, v) {
		const struct field_def *f = entity_field(def, key);
		json_t *got = json_object_get(res.json, key);
		assert_non_null(f);
		if (f->type == FIELD_PASSWORD) {
			assert_null(got);
			continue;
		}
		if (!got || !json_equal(got, v))
			fail_msg("POST %s: %s came back as %s", r->pattern, key,
				 got ? hjson(json_incref(got)) : "(missing)");
	}
	location = hresp_header(&res, "Location");
	assert_non_null(location);
	assert_string_equal(location, hfmt("%s/%s", r->pattern, s->created));
	http(&H.admin, "GET", location, NULL, NULL, &again);
	expect_status(&again, 200);
	assert_true(json_equal(again.json, res.json));
	hresp_release(&again);
	hresp_release(&res);
	expect_created_tables(&before, def, input);
	json_decref(input);
}

/* PATCH: 401 for nobody; applied with the version; stale versions 409; 404 unknown. */
static void
case_update(const struct route *r)
{
	const struct entity_def *def = r->data;
	struct sample *s = sample_for(def);
	const char *base = collection(r);
	const char *id = s->created[0] ? s->created : hexpand(s->existing);
	const char *path = hfmt("%s/%s", base, id);
	json_t *patch = json_loads(hq(s->patch), 0, NULL);
	int64_t version;
	struct db_snapshot before;
	struct hresp res;
	const char *key;
	json_t *v;
	const char *if_match_stale[] = { "If-Match: \"1\"", NULL };

	assert_non_null(patch);
	http(&H.admin, "GET", path, NULL, NULL, &res);
	expect_status(&res, 200);
	version = json_integer_value(json_object_get(res.json, "version"));
	hresp_release(&res);

	db_snapshot(&before);
	http(NULL, "PATCH", path, hjson(json_incref(patch)), NULL, &res);
	expect_problem(&res, 401, NULL);
	hresp_release(&res);
	expect_db_unchanged(&before);

	json_object_set_new(patch, "version", json_integer(version));
	http(&H.admin, "PATCH", path, hjson(json_incref(patch)), NULL, &res);
	expect_status(&res, 200);
	assert_int_equal(json_integer_value(json_object_get(res.json, "version")), version + 1);
	json_object_foreach(patch, key, v) {
		if (strcmp(key, "version") == 0)
			continue;
		if (!json_equal(json_object_get(res.json, key), v))
			fail_msg("PATCH %s: %s not applied", path, key);
	}
	hresp_release(&res);

	/* the same version again is stale now */
	db_snapshot(&before);
	http(&H.admin, "PATCH", path, hjson(json_incref(patch)), NULL, &res);
	expect_problem(&res, 409, "version");
	hresp_release(&res);
	http(&H.admin, "PATCH", path, hjson(json_pack("{}")), if_match_stale, &res);
	expect_problem(&res, 409, "version");
	hresp_release(&res);
	expect_db_unchanged(&before);

	http(&H.admin, "PATCH", hexpand(hfmt("%s/$unknown", base)), hjson(json_pack("{}")), NULL,
	     &res);
	expect_problem(&res, 404, "id");
	hresp_release(&res);
	json_decref(patch);
}

/* ---- cases for the other API routes ------------------------------------- */

/* POST /api/v1/session: a session cookie and CSRF token, or 401. */
static void
case_session_create(const struct route *r)
{
	struct hresp res;
	const char *cookie;

	http(NULL, "POST", r->pattern, hq("{'email':'learner@test.leerpad.nl','password':'"
					   FIXTURE_PASSWORD "'}"), NULL, &res);
	expect_status(&res, 201);
	cookie = hresp_header(&res, "Set-Cookie");
	assert_non_null(cookie);
	assert_int_equal(strncmp(cookie, "leerpad_session=", 16), 0);
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite="));
	assert_non_null(strstr(cookie, "Path=/"));
	assert_string_equal(hresp_str(&res, "account_id"), H.fx.acc_learner);
	assert_string_equal(hresp_str(&res, "person_id"), H.fx.p_learner);
	assert_int_equal(strlen(hresp_str(&res, "csrf_token")), CRYPTO_TOKEN_LEN - 1);
	assert_int_equal(json_array_size(json_object_get(res.json, "roles")), 1);
	hresp_release(&res);

	http(NULL, "POST", r->pattern, hq("{'email':'learner@test.leerpad.nl','password':'nee'}"),
	     NULL, &res);
	expect_problem(&res, 401, "email");
	assert_null(hresp_header(&res, "Set-Cookie"));
	hresp_release(&res);
}

/* GET /api/v1/session: who is logged in, by cookie or token; 401 for nobody. */
static void
case_session_get(const struct route *r)
{
	struct client c;
	struct hresp res;

	assert_int_equal(api_login(FIXTURE_EMAIL("hr"), FIXTURE_PASSWORD, &c), 201);
	http(&c, "GET", r->pattern, NULL, NULL, &res);
	expect_status(&res, 200);
	assert_string_equal(hresp_str(&res, "email"), FIXTURE_EMAIL("hr"));
	assert_string_equal(hresp_str(&res, "csrf_token"), c.csrf);
	assert_string_equal(hresp_str(&res, "account_id"), H.fx.acc_hr);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(
		res.json, "roles"), 0), "role")), "employer_hr");
	hresp_release(&res);

	http(&H.coord, "GET", r->pattern, NULL, NULL, &res);
	expect_status(&res, 200);
	assert_string_equal(hresp_str(&res, "email"), FIXTURE_EMAIL("coord"));
	hresp_release(&res);

	http(NULL, "GET", r->pattern, NULL, NULL, &res);
	expect_problem(&res, 401, NULL);
	hresp_release(&res);
}

/* DELETE /api/v1/session: the session ends; harmless without one. */
static void
case_session_delete(const struct route *r)
{
	struct client c;
	struct hresp res;

	assert_int_equal(api_login(FIXTURE_EMAIL("pm"), FIXTURE_PASSWORD, &c), 201);
	http(&c, "DELETE", r->pattern, NULL, NULL, &res);
	expect_status(&res, 204);
	assert_int_equal(res.len, 0);
	assert_non_null(strstr(hresp_header(&res, "Set-Cookie"), "Max-Age=0"));
	hresp_release(&res);
	/* the session is over */
	http(&c, "GET", r->pattern, NULL, NULL, &res);
	expect_problem(&res, 401, NULL);
	hresp_release(&res);
	/* logging out without a session is harmless */
	http(NULL, "DELETE", r->pattern, NULL, NULL, &res);
	expect_status(&res, 204);
	hresp_release(&res);
}

/* GET /api/v1/audit: system administrators only, with filters and a cursor. */
static void
case_audit(const struct route *r)
{
	struct hresp res;
	size_t i;
	json_t *it;

	http(&H.admin, "GET", r->pattern, NULL, NULL, &res);
	expect_status(&res, 200);
	assert_true(json_array_size(json_object_get(res.json, "items")) > 0);
	hresp_release(&res);
	http(&H.admin, "GET", hexpand(hfmt("%s?entity=programmes&entity_id=$prog_a", r->pattern)),
	     NULL, NULL, &res);
	expect_status(&res, 200);
	assert_true(json_array_size(json_object_get(res.json, "items")) >= 1);
	json_array_foreach(json_object_get(res.json, "items"), i, it) {
		assert_string_equal(json_string_value(json_object_get(it, "entity")), "programmes");
		assert_string_equal(json_string_value(json_object_get(it, "entity_id")),
				    H.fx.prog_a);
	}
	hresp_release(&res);
	http(NULL, "GET", r->pattern, NULL, NULL, &res);
	expect_problem(&res, 401, NULL);
	hresp_release(&res);
	http(&H.learner, "GET", r->pattern, NULL, NULL, &res);
	expect_problem(&res, 403, NULL);
	hresp_release(&res);
	http(&H.admin, "GET", hfmt("%s?cursor=nonsense", r->pattern), NULL, NULL, &res);
	expect_problem(&res, 422, "cursor");
	hresp_release(&res);
}

/* ---- the money routes (issue 5) ----------------------------------------- */

/* The money world, made once through the API: an offering running now at
 * inst_a (in prog_a), a scheme over prog_a and a voucher of the learner. */
static char money_offering[ID_LEN], money_scheme[ID_LEN];
static int money_keys;

/* Sends a write with a fresh Idempotency-Key and expects want; returns the
 * id of the answer (a harness string). */
static const char *
money_post(const struct client *c, const char *path, const char *body, long want)
{
	const char *headers[] = { hfmt("Idempotency-Key: routes-%d", ++money_keys), NULL };
	struct hresp res;
	const char *id;

	http(c, "POST", path, body, headers, &res);
	expect_status(&res, want);
	id = hfmt("%s", hresp_str(&res, "id") ? hresp_str(&res, "id") : "");
	hresp_release(&res);
	return id;
}

static void
money_world(void)
{
	if (money_scheme[0])
		return;
	snprintf(money_offering, ID_LEN, "%s", money_post(&H.admin, "/api/v1/offerings",
		 hq("{'provider_id':'$inst_a','title':'Geldmodule','ec':30,'mode':'online',"
		    "'start_date':'2026-01-05','end_date':'2099-12-31','price_cents':150000,"
		    "'outcome_ids':['$outcome_a1']}"), 201));
	snprintf(money_scheme, ID_LEN, "%s", money_post(&H.admin, "/api/v1/voucher-schemes",
		 hq("{'name':'Routes','budget_cents':100000000,'issue_from':'2026-01-01',"
		    "'issue_until':'2099-12-31','spend_by':'2099-12-31','programme_ids':['$prog_a'],"
		    "'rules':['working'],'max_vouchers_per_learner':100}"), 201));
}

/* A new voucher of the learner; a reservation of it when reserve, confirmed
 * when confirm. Returns the voucher or the reservation id. */
static const char *
money_voucher(bool reserve, bool confirm)
{
	const char *v, *r;
	struct hresp res;

	money_world();
	v = money_post(&H.admin, "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i}",
		       "scheme_id", money_scheme, "person_id", H.fx.p_learner, "ec", 30)), 201);
	if (!reserve)
		return v;
	r = money_post(&H.learner, hfmt("/api/v1/vouchers/%s/reservations", v),
		       hjson(json_pack("{s:s}", "offering_id", money_offering)), 201);
	if (confirm) {
		http(&H.learner, "POST", hfmt("/api/v1/reservations/%s/confirm", r), NULL, NULL,
		     &res);
		expect_status(&res, 200);
		hresp_release(&res);
	}
	return r;
}

/* GET path as c: want, and the answer (released by the caller). */
static void
money_get(const struct client *c, const char *path, long want, struct hresp *res)
{
	http(c, "GET", path, NULL, NULL, res);
	expect_status(res, want);
}

/* One case for every money route: nobody logged in gets 401; a write that
 * moves money without an Idempotency-Key gets 422 and changes nothing; the
 * right party succeeds; a wrong one is refused. */
static void
case_money(const struct route *r)
{
	const char *path = r->pattern, *v, *res_id;
	struct db_snapshot before;
	struct hresp res;

	money_world();
	/* the concrete path: {id} and {provider_id} filled for the route */
	if (r->handler == api_vouchers_get || r->handler == api_vouchers_reserve ||
	    r->handler == api_vouchers_revoke) {
		v = money_voucher(false, false);
		path = hfmt("%.*s%s%s", (int)(strstr(r->pattern, "{id}") - r->pattern), r->pattern,
			    v, strstr(r->pattern, "{id}") + 4);
	} else if (r->handler == api_reservations_get || r->handler == api_reservations_confirm ||
		   r->handler == api_reservations_redeem ||
		   r->handler == api_reservations_release) {
		res_id = money_voucher(true, r->handler == api_reservations_redeem);
		path = hfmt("%.*s%s%s", (int)(strstr(r->pattern, "{id}") - r->pattern), r->pattern,
			    res_id, strstr(r->pattern, "{id}") + 4);
	} else if (r->handler == api_schemes_get || r->handler == api_schemes_update) {
		path = hfmt("/api/v1/voucher-schemes/%s", money_scheme);
	} else if (r->handler == api_settlement) {
		path = hfmt("/api/v1/settlements/%s", H.fx.inst_a);
	}
	http(NULL, r->method, path, strcmp(r->method, "POST") == 0 ? "{}" : NULL, NULL, &res);
	expect_problem(&res, 401, NULL);
	hresp_release(&res);

	if (r->handler == api_schemes_list) {
		money_get(&H.learner, path, 200, &res);
		assert_true(json_array_size(json_object_get(res.json, "items")) >= 1);
	} else if (r->handler == api_schemes_create) {
		const char *body = hq("{'name':'Nog een','budget_cents':5000,'issue_from':'2026-01-01',"
				      "'issue_until':'2026-12-31','spend_by':'2027-12-31',"
				      "'programme_ids':['$prog_a']}");

		db_snapshot(&before);
		http(&H.admin, "POST", path, body, NULL, &res);
		expect_problem(&res, 422, "Idempotency-Key");
		expect_db_unchanged(&before);
		hresp_release(&res);
		money_post(&H.learner, path, body, 403);
		money_post(&H.admin, path, body, 201);
		return;
	} else if (r->handler == api_schemes_get) {
		money_get(&H.learner, path, 200, &res);
		assert_int_equal(json_integer_value(json_object_get(res.json, "budget_cents")),
				 100000000);
	} else if (r->handler == api_schemes_update) {
		const char *key[] = { hfmt("Idempotency-Key: routes-patch-%d", ++money_keys), NULL };

		db_snapshot(&before);
		http(&H.admin, "PATCH", path, "{\"name\":\"Anders\"}", NULL, &res);
		expect_problem(&res, 422, "Idempotency-Key");
		hresp_release(&res);
		http(&H.learner, "PATCH", path, "{\"name\":\"Anders\"}", key, &res);
		expect_status(&res, 403);
		hresp_release(&res);
		expect_db_unchanged(&before);
		http(&H.admin, "PATCH", path, "{\"budget_cents\":100000001}", key, &res);
		expect_status(&res, 200);
		assert_int_equal(json_integer_value(json_object_get(res.json, "budget_cents")),
				 100000001);
	} else if (r->handler == api_vouchers_list) {
		money_voucher(false, false);
		money_get(&H.learner, path, 200, &res);
		assert_true(json_array_size(json_object_get(res.json, "items")) >= 1);
	} else if (r->handler == api_vouchers_issue) {
		money_post(&H.hr, path, hjson(json_pack("{s:s, s:s, s:i}", "scheme_id", money_scheme,
			   "person_id", H.fx.p_learner, "ec", 30)), 403);
		money_voucher(false, false);
		return;
	} else if (r->handler == api_vouchers_get) {
		money_get(&H.hr_b, path, 404, &res);
		hresp_release(&res);
		money_get(&H.learner, path, 200, &res);
		assert_string_equal(hresp_str(&res, "state"), "issued");
	} else if (r->handler == api_vouchers_reserve) {
		money_post(&H.hr, path, hjson(json_pack("{s:s}", "offering_id", money_offering)), 404);
		money_post(&H.learner, path, hjson(json_pack("{s:s}", "offering_id",
			   money_offering)), 201);
		return;
	} else if (r->handler == api_vouchers_revoke) {
		money_post(&H.learner, path, "{\"reason\":\"x\"}", 403);
		money_post(&H.admin, path, "{\"reason\":\"misbruik\"}", 200);
		return;
	} else if (r->handler == api_reservations_list) {
		money_voucher(true, false);
		money_get(&H.inst_admin, hfmt("%s?provider_id=%s", path, H.fx.inst_a), 200, &res);
		assert_true(json_array_size(json_object_get(res.json, "items")) >= 1);
		hresp_release(&res);
		money_get(&H.hr, hfmt("%s?provider_id=%s", path, H.fx.inst_a), 403, &res);
		hresp_release(&res);
		money_get(&H.learner, path, 200, &res);
		assert_true(json_array_size(json_object_get(res.json, "items")) >= 1);
	} else if (r->handler == api_reservations_get) {
		money_get(&H.hr_b, path, 404, &res);
		hresp_release(&res);
		money_get(&H.inst_admin, path, 200, &res);
		assert_string_equal(hresp_str(&res, "state"), "reserved");
	} else if (r->handler == api_reservations_confirm) {
		http(&H.hr, "POST", path, NULL, NULL, &res);
		expect_problem(&res, 404, "voucher_id");
		hresp_release(&res);
		http(&H.learner, "POST", path, NULL, NULL, &res);
		expect_status(&res, 200);
		assert_non_null(hresp_str(&res, "confirmed_at"));
	} else if (r->handler == api_reservations_redeem) {
		db_snapshot(&before);
		http(&H.inst_admin, "POST", path, NULL, NULL, &res);
		expect_problem(&res, 422, "Idempotency-Key");
		expect_db_unchanged(&before);
		hresp_release(&res);
		money_post(&H.learner, path, NULL, 403);
		money_post(&H.inst_admin, path, NULL, 200);
		return;
	} else if (r->handler == api_reservations_release) {
		money_post(&H.hr_b, path, NULL, 404);
		money_post(&H.learner, path, NULL, 200);
		money_post(&H.learner, path, NULL, 409);
		return;
	} else if (r->handler == api_contributions_list) {
		money_get(&H.hr, path, 422, &res);
		hresp_release(&res);
		money_get(&H.hr_b, hfmt("%s?employer_id=%s", path, H.fx.emp_a), 403, &res);
		hresp_release(&res);
		money_get(&H.hr, hfmt("%s?employer_id=%s", path, H.fx.emp_a), 200, &res);
		assert_true(json_is_array(json_object_get(res.json, "items")));
	} else if (r->handler == api_contributions_create) {
		const char *rid = money_voucher(true, false);
		const char *body = hjson(json_pack("{s:s, s:s, s:i}", "reservation_id", rid,
						   "employer_id", H.fx.emp_a, "amount_cents", 10000));

		money_post(&H.hr_b, path, body, 403);
		money_post(&H.hr, path, body, 201);
		return;
	} else if (r->handler == api_ledger_balances) {
		v = money_voucher(false, false);
		money_get(&H.hr_b, hfmt("%s?owner_id=%s", path, v), 404, &res);
		hresp_release(&res);
		money_get(&H.learner, hfmt("%s?owner_id=%s", path, v), 200, &res);
		assert_int_equal(json_array_size(json_object_get(res.json, "accounts")), 2);
	} else if (r->handler == api_settlement) {
		money_get(&H.learner, hfmt("%s?period=2026-11", path), 403, &res);
		hresp_release(&res);
		money_get(&H.inst_admin, hfmt("%s?period=2026-01-01..2099-12-31&format=json", path),
			  200, &res);
		assert_true(json_is_array(json_object_get(res.json, "lines")));
		hresp_release(&res);
		money_get(&H.inst_admin, hfmt("%s?period=2026-Q1&format=csv", path), 200, &res);
		assert_non_null(strstr(hresp_header(&res, "Content-Type"), "text/csv"));
		assert_non_null(strstr(res.body, "reservation_id,voucher_id"));
	} else if (r->handler == api_reports_money) {
		money_get(&H.learner, path, 403, &res);
		hresp_release(&res);
		money_get(&H.monitor, path, 200, &res);
		assert_true(json_is_array(json_object_get(res.json, "vouchers_by_state")));
	} else {
		fail_msg("case_money has no case for %s %s", r->method, r->pattern);
	}
	hresp_release(&res);
}

/* An employer funding route: nobody gets 401, HR of another employer 403,
 * an unknown employer 404, all with nothing written; HR of the employer
 * succeeds. */
static void
case_funding(const struct route *r)
{
	const char *path = hfmt("/api/v1/employers/%s/funding", H.fx.emp_a);
	const char *unknown = hfmt("/api/v1/employers/%s/funding", hexpand("$unknown"));
	const char *body = strcmp(r->method, "PUT") == 0 ? "{\"share_bp\":2500}" : NULL;
	struct db_snapshot before;
	struct hresp res;

	if (strstr(r->pattern, "{employment_id}")) {
		path = hfmt("%s/employments/%s", path, H.fx.employment_learner);
		unknown = hfmt("%s/employments/%s", unknown, H.fx.employment_learner);
	}
	db_snapshot(&before);
	http(NULL, r->method, path, body, NULL, &res);
	expect_problem(&res, 401, NULL);
	hresp_release(&res);
	http(&H.hr_b, r->method, path, body, NULL, &res);
	expect_status(&res, 403);
	hresp_release(&res);
	http(&H.admin, r->method, unknown, body, NULL, &res);
	expect_status(&res, 404);
	hresp_release(&res);
	expect_db_unchanged(&before);
	http(&H.hr, r->method, path, body, NULL, &res);
	expect_status(&res, 200);
	assert_true(json_is_array(json_object_get(res.json, "employees")));
	hresp_release(&res);
}

/* ---- the generic case of page routes ------------------------------------ */

/* The path of a page route with its parameters filled in: an entity
 * segment of the admin pages and the id of a record of it. */
static const char *
page_path(const struct route *r)
{
	struct buf b = BUF_INIT;
	const char *out;

	/* the voucher authority's scheme pages need a scheme */
	if (strncmp(r->pattern, "/money/schemes/{id}", 19) == 0 && strcmp(r->method, "GET") == 0) {
		money_world();
		return hfmt("/money/schemes/%s%s", money_scheme, r->pattern + 19);
	}
	for (const char *p = r->pattern; *p; p++) {
		if (strncmp(p, "{entity}", 8) == 0) {
			buf_puts(&b, "programmes");
			p += 7;
		} else if (strncmp(p, "{id}", 4) == 0) {
			buf_puts(&b, H.fx.prog_a);
			p += 3;
		} else if (*p == '{') {
			fail_msg("page route %s has a parameter this case cannot fill",
				 r->pattern);
		} else {
			buf_putc(&b, *p);
		}
	}
	out = hfmt("%s", buf_str(&b));
	buf_release(&b);
	return out;
}

/* An HTML answer (stylesheets and the like excepted) with the headers
 * every response carries. */
static void
expect_page(const struct hresp *r, const char *pattern)
{
	const char *ctype = hresp_header(r, "Content-Type");
	const char *csp = hresp_header(r, "Content-Security-Policy");

	if (strncmp(pattern, "/static/", 8) != 0 &&
	    (!ctype || strcmp(ctype, "text/html; charset=utf-8") != 0))
		fail_msg("%s: Content-Type %s", r->what, ctype ? ctype : "(none)");
	if (!csp || !strstr(csp, "frame-ancestors 'none'") ||
	    !hresp_header(r, "X-Content-Type-Options"))
		fail_msg("%s: security headers missing", r->what);
}

/* A page route: who gets in, who is sent to log in, and forged writes refused. */
static void
case_page(const struct route *r)
{
	const char *path = page_path(r);
	const char *form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	const char *body = hfmt("email=%s&password=%s&name=Via+formulier&next=%%2Fhome",
				henc(FIXTURE_EMAIL("admin")), henc(FIXTURE_PASSWORD));
	struct client admin, no_csrf;
	struct db_snapshot before;
	struct hresp res;
	bool public = (r->flags & ROUTE_PUBLIC) != 0;

	assert_int_equal(api_login(FIXTURE_EMAIL("admin"), FIXTURE_PASSWORD, &admin), 201);
	no_csrf = admin;
	no_csrf.csrf[0] = '\0';
	if (strcmp(r->method, "GET") == 0) {
		http(NULL, "GET", path, NULL, NULL, &res);
		if (public) {
			expect_status(&res, 200);
			expect_page(&res, r->pattern);
		} else {
			/* nobody is sent to the login form, which returns here */
			expect_status(&res, 303);
			assert_string_equal(hresp_header(&res, "Location"),
					    hfmt("/login?next=%s", path));
		}
		hresp_release(&res);
		http(&no_csrf, "GET", path, NULL, NULL, &res);
		expect_status(&res, 200);
		expect_page(&res, r->pattern);
		hresp_release(&res);
		return;
	}

	db_snapshot(&before);
	if (!public) {
		http(NULL, r->method, path, body, form, &res);
		expect_status(&res, 303);
		assert_int_equal(strncmp(hresp_header(&res, "Location"), "/login?next=", 12), 0);
		hresp_release(&res);
	}
	if (r->flags & ROUTE_NO_CSRF) {
		/* a form that checks its own token: the right password without
		 * the token opens no session */
		http(NULL, r->method, path, body, form, &res);
		if (res.status < 400 || res.status >= 500)
			fail_msg("%s without its token: status %ld", res.what, res.status);
		for (int i = 0; i < res.header_count; i++)
			if (strcasecmp(res.names[i], "Set-Cookie") == 0 &&
			    strncmp(res.values[i], "leerpad_session=", 16) == 0)
				fail_msg("%s without its token opened a session", res.what);
		expect_page(&res, r->pattern);
		hresp_release(&res);
	} else {
		/* a logged-in reader's form without the session's token */
		http(&no_csrf, r->method, path, body, form, &res);
		expect_status(&res, 403);
		expect_page(&res, r->pattern);
		hresp_release(&res);
		http(&no_csrf, r->method, path, hfmt("%s&csrf=%s", body, henc("not the token")),
		     form, &res);
		expect_status(&res, 403);
		hresp_release(&res);
	}
	expect_db_unchanged(&before);
	/* the session survived the refused writes */
	http(&admin, "GET", "/api/v1/session", NULL, NULL, &res);
	expect_status(&res, 200);
	hresp_release(&res);
}

/* The learner's reserve form (page_reserve.c; test_api_funding.c has the
 * refusals): nobody is sent to log in; only the voucher's learner gets the
 * form and reserves, anyone else gets 404; a write without the session's
 * token is refused; nothing changes but by the learner's reservation. */
static void
case_reserve_page(const struct route *r)
{
	const char *form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	const char *path = hfmt("/my/vouchers/%s/reserve", money_voucher(false, false));
	struct client learner, hr, no_csrf;
	struct db_snapshot before;
	struct hresp res;
	const char *body;

	assert_int_equal(api_login(FIXTURE_EMAIL("learner"), FIXTURE_PASSWORD, &learner), 201);
	assert_int_equal(api_login(FIXTURE_EMAIL("hr"), FIXTURE_PASSWORD, &hr), 201);
	no_csrf = learner;
	no_csrf.csrf[0] = '\0';
	if (strcmp(r->method, "GET") == 0) {
		http(NULL, "GET", path, NULL, NULL, &res);
		expect_status(&res, 303);
		assert_string_equal(hresp_header(&res, "Location"), hfmt("/login?next=%s", path));
		hresp_release(&res);
		http(&hr, "GET", path, NULL, NULL, &res);
		expect_status(&res, 404);
		expect_page(&res, r->pattern);
		hresp_release(&res);
		http(&no_csrf, "GET", path, NULL, NULL, &res);
		expect_status(&res, 200);
		expect_page(&res, r->pattern);
		assert_non_null(strstr(res.body, "name=\"idem\""));
		hresp_release(&res);
		return;
	}
	body = hfmt("idem=routes-reserve-page-form-token-1&offering_id=%s", money_offering);
	db_snapshot(&before);
	http(NULL, "POST", path, body, form, &res);
	expect_status(&res, 303);
	assert_int_equal(strncmp(hresp_header(&res, "Location"), "/login?next=", 12), 0);
	hresp_release(&res);
	http(&no_csrf, "POST", path, body, form, &res);
	expect_status(&res, 403);
	expect_page(&res, r->pattern);
	hresp_release(&res);
	http(&hr, "POST", path, hfmt("csrf=%s&%s", henc(hr.csrf), body), form, &res);
	expect_status(&res, 404);
	hresp_release(&res);
	expect_db_unchanged(&before);
	http(&learner, "POST", path, hfmt("csrf=%s&%s", henc(learner.csrf), body), form, &res);
	expect_status(&res, 303);
	assert_string_equal(hresp_header(&res, "Location"), "/my/vouchers?done=reserved");
	hresp_release(&res);
}

/* GET /api/v1/openapi.json: public, OpenAPI 3.1, describing this route
 * (test_openapi.c checks the document against the whole table). */
static void
case_openapi(const struct route *r)
{
	struct hresp res;
	const char *version;

	http(NULL, "GET", r->pattern, NULL, NULL, &res);
	expect_status(&res, 200);
	version = hresp_str(&res, "openapi");
	assert_true(version && strncmp(version, "3.1.", 4) == 0);
	assert_non_null(json_object_get(json_object_get(json_object_get(res.json, "paths"),
							r->pattern), "get"));
	hresp_release(&res);
}

/* An OOAPI route (/ooapi/v5): public and read only; an unknown id is a 404
 * in the OOAPI Problem shape, whose status is a string (test_ooapi.c
 * checks the shapes in full). */
static void
case_ooapi(const struct route *r)
{
	static const struct {
		const char *param, *id;
	} ids[] = {
		{ "{organizationId}", "$inst_a" }, { "{programId}", "$prog_a" },
		{ "{courseId}", "$outcome_a1" }, { "{offeringId}", "$offering_a" },
	};
	const char *path = r->pattern, *missing = r->pattern;
	struct hresp res;

	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		const char *at = strstr(path, ids[k].param);
		if (!at)
			continue;
		path = hfmt("%.*s%s%s", (int)(at - path), path, hexpand(ids[k].id),
			    at + strlen(ids[k].param));
		at = strstr(missing, ids[k].param);
		missing = hfmt("%.*s%s%s", (int)(at - missing), missing, hexpand("$unknown"),
			       at + strlen(ids[k].param));
	}
	if (strchr(path, '{'))
		fail_msg("no fixture id for %s in case_ooapi", r->pattern);
	http(NULL, "GET", path, NULL, NULL, &res);
	expect_status(&res, 200);
	assert_true(json_is_object(res.json));
	hresp_release(&res);
	if (missing != r->pattern) {
		http(NULL, "GET", missing, NULL, NULL, &res);
		expect_status(&res, 404);
		assert_string_equal(hresp_str(&res, "status"), "404");
		hresp_release(&res);
	}
	http(&H.admin, "POST", path, "{}", NULL, &res);
	expect_status(&res, 405);
	hresp_release(&res);
}

/* A learning route (api/api_learning.c; test_api_learning.c has the whole
 * flow): nobody is asked to log in, a monitor sees no one's learning and
 * writes nothing, an unknown id is a 404; nothing changes. */
static void
case_learning(const struct route *r)
{
	const char *path = r->pattern, *brace;
	bool write = strcmp(r->method, "GET") != 0;
	struct db_snapshot before;
	struct hresp res;

	while ((brace = strchr(path, '{')) != NULL)
		path = hfmt("%.*s%s%s", (int)(brace - path), path, hexpand("$unknown"),
			    strchr(brace, '}') + 1);
	db_snapshot(&before);
	http(NULL, r->method, path, write ? "{}" : NULL, NULL, &res);
	if ((r->flags & ROUTE_PUBLIC) && !write)
		expect_status(&res, 200);
	else
		expect_problem(&res, 401, NULL);
	hresp_release(&res);
	http(&H.monitor, r->method, path, write ? "{}" : NULL, NULL, &res);
	if ((r->flags & ROUTE_PUBLIC) && !write)
		expect_status(&res, 200);
	else if (res.status != 403 && res.status != 404 && res.status != 422)
		fail_msg("%s as the monitor: status %ld", res.what, res.status);
	hresp_release(&res);
	if (strchr(r->pattern, '{')) {
		http(&H.admin, r->method, path, write ? "{}" : NULL, NULL, &res);
		if (res.status != 404 && res.status != 422)
			fail_msg("%s of an unknown id as admin: status %ld", res.what, res.status);
		hresp_release(&res);
	}
	expect_db_unchanged(&before);
}

/* Routes that are not generic entity routes. Add one line per new route. */
static const struct {
	const char *method;
	const char *pattern;
	void (*run)(const struct route *r);
} special_cases[] = {
	{ "POST", "/api/v1/session", case_session_create },
	{ "GET", "/api/v1/session", case_session_get },
	{ "DELETE", "/api/v1/session", case_session_delete },
	{ "GET", "/api/v1/audit", case_audit },
	{ "GET", "/api/v1/openapi.json", case_openapi },
	{ "GET", "/ooapi/v5", case_ooapi },
	{ "GET", "/ooapi/v5/organizations", case_ooapi },
	{ "GET", "/ooapi/v5/organizations/{organizationId}", case_ooapi },
	{ "GET", "/ooapi/v5/programs", case_ooapi },
	{ "GET", "/ooapi/v5/programs/{programId}", case_ooapi },
	{ "GET", "/ooapi/v5/programs/{programId}/courses", case_ooapi },
	/* the paged learning lists (api_learning_lists.c) */
	{ "GET", "/api/v1/prior-learning", case_learning },
	{ "GET", "/api/v1/prior-learning/{id}", case_learning },
	{ "GET", "/api/v1/examiner-queue/confirmations", case_learning },
	{ "GET", "/api/v1/agreements/{id}/versions", case_learning },
	{ "GET", "/ooapi/v5/programs/{programId}/offerings", case_ooapi },
	{ "GET", "/ooapi/v5/courses", case_ooapi },
	{ "GET", "/ooapi/v5/courses/{courseId}", case_ooapi },
	{ "GET", "/ooapi/v5/courses/{courseId}/offerings", case_ooapi },
	{ "GET", "/ooapi/v5/offerings/{offeringId}", case_ooapi },
	/* learning agreements (issue 4) */
	{ "GET", "/api/v1/periods", case_learning },
	{ "POST", "/api/v1/periods", case_learning },
	{ "GET", "/api/v1/cohorts", case_learning },
	{ "POST", "/api/v1/cohorts", case_learning },
	{ "GET", "/api/v1/enrolments", case_learning },
	{ "POST", "/api/v1/enrolments", case_learning },
	{ "GET", "/api/v1/enrolments/{id}", case_learning },
	{ "PATCH", "/api/v1/enrolments/{id}", case_learning },
	{ "GET", "/api/v1/enrolments/{id}/progress", case_learning },
	{ "POST", "/api/v1/enrolments/{id}/graduate", case_learning },
	{ "GET", "/api/v1/enrolments/{id}/agreements", case_learning },
	{ "GET", "/api/v1/enrolments/{id}/evidence", case_learning },
	{ "POST", "/api/v1/enrolments/{id}/evidence", case_learning },
	{ "GET", "/api/v1/enrolments/{id}/assessments", case_learning },
	{ "POST", "/api/v1/enrolments/{id}/assessments", case_learning },
	{ "GET", "/api/v1/enrolments/{id}/prior-learning", case_learning },
	{ "POST", "/api/v1/enrolments/{id}/prior-learning", case_learning },
	{ "GET", "/api/v1/enrolments/{id}/coaching-log", case_learning },
	{ "POST", "/api/v1/enrolments/{id}/coaching-log", case_learning },
	{ "POST", "/api/v1/agreements", case_learning },
	{ "GET", "/api/v1/agreements/{id}", case_learning },
	{ "PATCH", "/api/v1/agreements/{id}", case_learning },
	{ "POST", "/api/v1/agreements/{id}/propose", case_learning },
	{ "POST", "/api/v1/agreements/{id}/reopen", case_learning },
	{ "POST", "/api/v1/agreements/{id}/signatures", case_learning },
	{ "POST", "/api/v1/agreements/{id}/amend", case_learning },
	{ "POST", "/api/v1/agreements/{id}/evaluations", case_learning },
	{ "POST", "/api/v1/agreements/{id}/close", case_learning },
	{ "GET", "/api/v1/evidence/{id}", case_learning },
	{ "GET", "/api/v1/evidence/{id}/file", case_learning },
	{ "POST", "/api/v1/evidence/{id}/attestations", case_learning },
	{ "POST", "/api/v1/assessments/{id}/second", case_learning },
	{ "POST", "/api/v1/assessments/{id}/confirm", case_learning },
	{ "GET", "/api/v1/examiner-queue", case_learning },
	{ "GET", "/api/v1/programmes/{id}/assessment-rules", case_learning },
	{ "PATCH", "/api/v1/programmes/{id}/assessment-rules", case_learning },
	{ "POST", "/api/v1/prior-learning/{id}/judgement", case_learning },
	{ "POST", "/api/v1/prior-learning/{id}/confirm", case_learning },
	{ "GET", "/api/v1/voucher-schemes", case_money },
	{ "POST", "/api/v1/voucher-schemes", case_money },
	{ "GET", "/api/v1/voucher-schemes/{id}", case_money },
	{ "GET", "/api/v1/vouchers", case_money },
	{ "POST", "/api/v1/vouchers", case_money },
	{ "GET", "/api/v1/vouchers/{id}", case_money },
	{ "POST", "/api/v1/vouchers/{id}/reservations", case_money },
	{ "POST", "/api/v1/vouchers/{id}/revoke", case_money },
	{ "GET", "/api/v1/reservations", case_money },
	{ "GET", "/api/v1/reservations/{id}", case_money },
	{ "POST", "/api/v1/reservations/{id}/confirm", case_money },
	{ "POST", "/api/v1/reservations/{id}/redeem", case_money },
	{ "POST", "/api/v1/reservations/{id}/release", case_money },
	{ "GET", "/api/v1/employer-contributions", case_money },
	{ "POST", "/api/v1/employer-contributions", case_money },
	{ "GET", "/api/v1/ledger/balances", case_money },
	{ "GET", "/api/v1/settlements/{provider_id}", case_money },
	{ "GET", "/api/v1/reports/money", case_money },
	{ "PATCH", "/api/v1/voucher-schemes/{id}", case_money },
	{ "GET", "/api/v1/employers/{id}/funding", case_funding },
	{ "PUT", "/api/v1/employers/{id}/funding", case_funding },
	{ "DELETE", "/api/v1/employers/{id}/funding", case_funding },
	{ "PUT", "/api/v1/employers/{id}/funding/employments/{employment_id}", case_funding },
	{ "DELETE", "/api/v1/employers/{id}/funding/employments/{employment_id}", case_funding },
	/* pages of one learner's own records: not the generic page case */
	{ "GET", "/my/vouchers/{id}/reserve", case_reserve_page },
	{ "POST", "/my/vouchers/{id}/reserve", case_reserve_page },
};

/* The case for route r, or NULL if it has none. */
static void (*case_for(const struct route *r))(const struct route *)
{
	if ((r->handler == api_entity_list || r->handler == api_entity_get ||
	     r->handler == api_entity_create || r->handler == api_entity_update) &&
	    (!r->data || !sample_for(r->data)))
		return NULL;
	for (size_t i = 0; i < sizeof(special_cases) / sizeof(special_cases[0]); i++)
		if ((r->flags & ROUTE_PAGE) && strcmp(special_cases[i].method, r->method) == 0 &&
		    strcmp(special_cases[i].pattern, r->pattern) == 0)
			return special_cases[i].run;
	if (r->flags & ROUTE_PAGE)
		return case_page;
	if (r->handler == api_entity_list)
		return case_list;
	if (r->handler == api_entity_get)
		return case_get;
	if (r->handler == api_entity_create)
		return case_create;
	if (r->handler == api_entity_update)
		return case_update;
	for (size_t i = 0; i < sizeof(special_cases) / sizeof(special_cases[0]); i++)
		if (strcmp(special_cases[i].method, r->method) == 0 &&
		    strcmp(special_cases[i].pattern, r->pattern) == 0)
			return special_cases[i].run;
	return NULL;
}

/* True for a JSON API route. */
static bool
is_api_route(const struct route *r)
{
	return (r->flags & ROUTE_API) != 0;
}

/* One test per route: state is the route. */
static void
run_route(void **state)
{
	const struct route *r = *state;
	void (*run)(const struct route *) = case_for(r);

	if (!run)
		fail_msg("no test case for %s %s: add one to tests/api/test_api_routes.c",
			 r->method, r->pattern);
	run(r);
}

/* Every entity has its four routes, pointing at its own definition. */
static void
test_every_entity_has_routes(void **state)
{
	(void)state;
	for (int e = 0; entity_all[e]; e++) {
		int found = 0;
		for (int i = 0; i < route_count; i++)
			if (routes[i].data == entity_all[e] && is_api_route(&routes[i]))
				found++;
		if (found != 4)
			fail_msg("entity %s has %d API routes, want 4", entity_all[e]->name, found);
	}
}

int
main(void)
{
	struct CMUnitTest *tests = calloc((size_t)route_count + 1, sizeof(*tests));
	size_t n = 0;
	int failed;

	for (int i = 0; i < route_count; i++) {
		/* names outlive the harness's strings: cmocka prints them last */
		size_t len = strlen(routes[i].method) + strlen(routes[i].pattern) + 2;
		char *name = malloc(len);
		snprintf(name, len, "%s %s", routes[i].method, routes[i].pattern);
		tests[n].name = name;
		tests[n].test_func = run_route;
		tests[n].initial_state = (void *)&routes[i];
		n++;
	}
	tests[n].name = "every entity has its four routes";
	tests[n].test_func = test_every_entity_has_routes;
	n++;
	failed = _cmocka_run_group_tests("routes", tests, n, harness_setup, harness_teardown);
	for (size_t i = 0; i + 1 < n; i++)
		free((char *)tests[i].name);
	free(tests);
	return harness_exit(failed);
}
