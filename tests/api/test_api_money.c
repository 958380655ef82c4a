/* test_api_money.c: the money API against the real server: idempotency
 * keys, every bad input of issue 5 (a clear 4xx and nothing written),
 * 32 parallel redemptions of one voucher (exactly one succeeds), parallel
 * issues and reservations never exceed the budget, and a crash test that
 * SIGKILLs a server in a stream of redemptions and then checks the ledger
 * and that every acknowledged redemption is there */
#include "harness.h"
#include "domain/ledger.h"
#include "domain/scheme.h"
#include "domain/voucher.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A connection of our own to the server's database, as the system actor,
 * to build the world quickly through the domain. */
static struct db *wdb;
static struct arena warena;
static struct lp_error werr;
static struct actor wactor;
static struct ctx W;
static char offering_now[ID_LEN], offering_far[ID_LEN];

static void
world_open(void)
{
	if (wdb)
		return;
	assert_int_equal(db_open(H.fx.db_path, &wdb, &werr), LP_OK);
	actor_system(&wactor);
	W.db = wdb;
	W.actor = &wactor;
	W.arena = &warena;
	W.err = &werr;
}

/* A new offering of inst_a serving outcome_a1 (in prog_a). */
static void
make_offering(const char *start, const char *end, int64_t price, char id[ID_LEN])
{
	json_t *in = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:I, s:[s]}", "provider_id",
			       H.fx.inst_a, "title", "Module geld", "ec", 30, "mode", "online",
			       "start_date", start, "end_date", end, "price_cents", (json_int_t)price,
			       "outcome_ids", H.fx.outcome_a1);
	json_t *out = NULL;

	if (entity_create(&W, &offerings_def, in, &out))
		fail_msg("offering: %s %s", werr.field, werr.reason);
	snprintf(id, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(in);
	json_decref(out);
}

static int
group_setup(void **state)
{
	int rc = harness_setup(state);

	if (rc)
		return rc;
	world_open();
	make_offering("2026-01-05", "2099-12-31", 150000, offering_now);
	make_offering("2026-01-05", "2099-12-31", 100000, offering_far);
	return 0;
}

static int
group_teardown(void **state)
{
	if (wdb)
		db_close(wdb);
	arena_release(&warena);
	return harness_teardown(state);
}

/* A scheme over prog_a: budget, spend-by, partial use; id into out. */
static void
make_scheme(int64_t budget, const char *spend_by, bool partial, char out_id[ID_LEN])
{
	json_t *in = json_pack("{s:s, s:I, s:s, s:s, s:s, s:[s], s:[s], s:b, s:i}", "name",
			       "API-proef", "budget_cents", (json_int_t)budget, "issue_from",
			       "2026-01-01", "issue_until", "2099-12-31", "spend_by", spend_by,
			       "programme_ids", H.fx.prog_a, "rules", "working", "allow_partial",
			       partial, "max_vouchers_per_learner", 100);
	json_t *out = NULL;

	if (scheme_create(&W, in, &out))
		fail_msg("scheme: %s %s", werr.field, werr.reason);
	snprintf(out_id, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(in);
	json_decref(out);
}

static void
issue(const char *scheme, const char *person, char out_id[ID_LEN])
{
	json_t *in = json_pack("{s:s, s:s, s:i}", "scheme_id", scheme, "person_id", person,
			       "ec", 30);
	json_t *out = NULL;

	if (voucher_issue(&W, in, &out))
		fail_msg("issue: %s %s", werr.field, werr.reason);
	snprintf(out_id, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(in);
	json_decref(out);
}

/* Reserves voucher for offering (as the system, for the learner) and
 * confirms when confirm; the reservation id into out. */
static void
reserve(const char *voucher, const char *offering, bool confirm, char out_id[ID_LEN])
{
	json_t *in = json_pack("{s:s}", "offering_id", offering);
	json_t *out = NULL;

	if (voucher_reserve(&W, voucher, in, &out))
		fail_msg("reserve: %s %s", werr.field, werr.reason);
	snprintf(out_id, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(in);
	json_decref(out);
	if (confirm) {
		if (reservation_confirm(&W, out_id, &out))
			fail_msg("confirm: %s %s", werr.field, werr.reason);
		json_decref(out);
	}
}

/* The ledger check over the whole database passes. */
static void
expect_ledger_ok(void)
{
	json_t *breaches = NULL;
	int64_t n;

	assert_int_equal(ledger_check(&W, &breaches, &n), LP_OK);
	if (json_array_size(breaches))
		fail_msg("ledger breaches: %s", json_dumps(breaches, 0));
	json_decref(breaches);
}

/* Headers with an Idempotency-Key (a ring of 1024: enough for every
 * request in flight at once; the strings live until teardown). */
static const char *const *
key(const char *k)
{
	static const char *ring[1024][2];
	static int next;
	const char **h = ring[next++ % 1024];

	h[0] = hfmt("Idempotency-Key: %s", k);
	h[1] = NULL;
	return h;
}

/* A repeat with the same key returns the first response and moves nothing;
 * another request under the key, or none, is refused. */
static void
test_idempotency(void **state)
{
	char scheme[ID_LEN], v[ID_LEN], r[ID_LEN];
	const char *body;
	struct db_snapshot before;
	struct hresp a, b;

	(void)state;
	make_scheme(10000000, "2099-12-31", false, scheme);
	body = hjson(json_pack("{s:s, s:s, s:i}", "scheme_id", scheme, "person_id",
			       H.fx.p_learner, "ec", 30));
	db_snapshot(&before);
	http(&H.admin, "POST", "/api/v1/vouchers", body, NULL, &a);
	expect_problem(&a, 422, "Idempotency-Key");
	hresp_release(&a);
	expect_db_unchanged(&before);

	http(&H.admin, "POST", "/api/v1/vouchers", body, key("issue-1"), &a);
	expect_status(&a, 201);
	db_snapshot(&before);
	http(&H.admin, "POST", "/api/v1/vouchers", body, key("issue-1"), &b);
	expect_status(&b, 201);
	assert_string_equal(hresp_str(&a, "id"), hresp_str(&b, "id"));
	assert_non_null(hresp_header(&b, "Idempotency-Replayed"));
	expect_db_unchanged(&before);
	hresp_release(&b);
	http(&H.admin, "POST", "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i}", "scheme_id",
	     scheme, "person_id", H.fx.p_learner, "ec", 15)), key("issue-1"), &b);
	expect_problem(&b, 422, "Idempotency-Key");
	hresp_release(&b);
	expect_db_unchanged(&before);
	snprintf(v, sizeof(v), "%s", hresp_str(&a, "id"));
	hresp_release(&a);

	/* a redemption twice under one key: once; under a new key: refused */
	reserve(v, offering_now, true, r);
	http(&H.inst_admin, "POST", hfmt("/api/v1/reservations/%s/redeem", r), NULL,
	     key("redeem-1"), &a);
	expect_status(&a, 200);
	hresp_release(&a);
	db_snapshot(&before);
	http(&H.inst_admin, "POST", hfmt("/api/v1/reservations/%s/redeem", r), NULL,
	     key("redeem-1"), &a);
	expect_status(&a, 200);
	assert_string_equal(hresp_str(&a, "state"), "redeemed");
	hresp_release(&a);
	http(&H.inst_admin, "POST", hfmt("/api/v1/reservations/%s/redeem", r), NULL,
	     key("redeem-2"), &a);
	expect_problem(&a, 409, "reservation_id");
	hresp_release(&a);
	expect_db_unchanged(&before);
	/* keys belong to their account: the same key of another account is new */
	expect_ledger_ok();
}

struct bad {
	const struct client *who;
	const char *method, *path, *body;
	long want;
	const char *field;
};

static void
run_bad(const struct bad *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct db_snapshot before;
		struct hresp r;

		db_snapshot(&before);
		http(cases[i].who, cases[i].method, cases[i].path, cases[i].body,
		     key(hfmt("bad-%zu-%ld", i, (long)time(NULL))), &r);
		expect_problem(&r, cases[i].want, cases[i].field);
		hresp_release(&r);
		expect_db_unchanged(&before);
	}
}

/* Every bad input of the issue: a clear 4xx with the field, nothing written. */
static void
test_bad_input(void **state)
{
	char scheme[ID_LEN], old_scheme[ID_LEN], v[ID_LEN], v_expired[ID_LEN], v_revoked[ID_LEN];
	char r[ID_LEN];
	const char *unknown = "01900000-0000-7000-8000-00000000dead";
	json_t *out = NULL;

	(void)state;
	make_scheme(10000000, "2099-12-31", true, scheme);
	make_scheme(10000000, "2026-06-01", false, old_scheme);
	issue(scheme, H.fx.p_learner, v);
	issue(old_scheme, H.fx.p_learner, v_expired);
	issue(scheme, H.fx.p_learner, v_revoked);
	assert_int_equal(voucher_revoke(&W, v_revoked, "test", &out), LP_OK);
	json_decref(out);
	{
		const char *vres = hfmt("/api/v1/vouchers/%s/reservations", v);
		const struct bad cases[] = {
			/* schemes: amounts and currency */
			{ &H.admin, "POST", "/api/v1/voucher-schemes", hq("{'name':'x',"
			  "'budget_cents':-100,'issue_from':'2026-01-01','issue_until':'2026-12-31',"
			  "'spend_by':'2027-01-01','programme_ids':['$prog_a']}"), 422, "budget_cents" },
			{ &H.admin, "POST", "/api/v1/voucher-schemes", hq("{'name':'x',"
			  "'budget_cents':0,'issue_from':'2026-01-01','issue_until':'2026-12-31',"
			  "'spend_by':'2027-01-01','programme_ids':['$prog_a']}"), 422, "budget_cents" },
			{ &H.admin, "POST", "/api/v1/voucher-schemes", hq("{'name':'x',"
			  "'budget_cents':100.5,'issue_from':'2026-01-01','issue_until':'2026-12-31',"
			  "'spend_by':'2027-01-01','programme_ids':['$prog_a']}"), 422, "budget_cents" },
			{ &H.admin, "POST", "/api/v1/voucher-schemes", hq("{'name':'x',"
			  "'budget_cents':9223372036854775807,'issue_from':'2026-01-01',"
			  "'issue_until':'2026-12-31','spend_by':'2027-01-01',"
			  "'programme_ids':['$prog_a']}"), 422, "budget_cents" },
			{ &H.admin, "POST", "/api/v1/voucher-schemes", hq("{'name':'x',"
			  "'budget_cents':99999999999999999999999,'issue_from':'2026-01-01'}"), 400,
			  NULL },
			{ &H.admin, "POST", "/api/v1/voucher-schemes", hq("{'name':'x',"
			  "'budget_cents':100,'currency':'USD','issue_from':'2026-01-01',"
			  "'issue_until':'2026-12-31','spend_by':'2027-01-01',"
			  "'programme_ids':['$prog_a']}"), 422, "currency" },
			{ &H.admin, "POST", "/api/v1/voucher-schemes", hq("{'name':'x',"
			  "'budget_cents':100,'issue_from':'2026-01-01','issue_until':'2026-12-31',"
			  "'spend_by':'2027-01-01','programme_ids':['$unknown']}"), 422,
			  "programme_ids" },
			{ &H.learner, "POST", "/api/v1/voucher-schemes", hq("{'name':'x',"
			  "'budget_cents':100,'issue_from':'2026-01-01','issue_until':'2026-12-31',"
			  "'spend_by':'2027-01-01','programme_ids':['$prog_a']}"), 403, NULL },
			/* vouchers */
			{ &H.admin, "POST", "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i}",
			  "scheme_id", scheme, "person_id", unknown, "ec", 30)), 422, "person_id" },
			{ &H.admin, "POST", "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i}",
			  "scheme_id", unknown, "person_id", H.fx.p_learner, "ec", 30)), 422,
			  "scheme_id" },
			{ &H.admin, "POST", "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:f}",
			  "scheme_id", scheme, "person_id", H.fx.p_learner, "ec", 7.5)), 422, "ec" },
			{ &H.admin, "POST", "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i}",
			  "scheme_id", scheme, "person_id", H.fx.p_learner, "ec", -30)), 422, "ec" },
			{ &H.admin, "POST", "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i, s:s}",
			  "scheme_id", scheme, "person_id", H.fx.p_learner, "ec", 30, "currency",
			  "GBP")), 422, "currency" },
			{ &H.admin, "POST", "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i}",
			  "scheme_id", scheme, "person_id", H.fx.p_loose, "ec", 30)), 422, "person_id" },
			{ &H.hr, "POST", "/api/v1/vouchers", hjson(json_pack("{s:s, s:s, s:i}",
			  "scheme_id", scheme, "person_id", H.fx.p_learner, "ec", 30)), 403, NULL },
			/* reservations: amounts, another learner, expired, revoked, outside */
			{ &H.learner, "POST", vres, hjson(json_pack("{s:s, s:i}", "offering_id",
			  offering_now, "amount_cents", -1)), 422, "amount_cents" },
			{ &H.learner, "POST", vres, hjson(json_pack("{s:s, s:i}", "offering_id",
			  offering_now, "amount_cents", 0)), 422, "amount_cents" },
			{ &H.learner, "POST", vres, hjson(json_pack("{s:s, s:f}", "offering_id",
			  offering_now, "amount_cents", 10.25)), 422, "amount_cents" },
			{ &H.learner, "POST", vres, hjson(json_pack("{s:s, s:I}", "offering_id",
			  offering_now, "amount_cents", (json_int_t)INT64_MAX)), 422, "amount_cents" },
			{ &H.learner, "POST", vres, hjson(json_pack("{s:s, s:i}", "offering_id",
			  offering_now, "amount_cents", 125001)), 422, "amount_cents" },
			{ &H.learner, "POST", vres, hjson(json_pack("{s:s, s:s}", "offering_id",
			  offering_now, "currency", "USD")), 422, "currency" },
			{ &H.learner, "POST", vres, hjson(json_pack("{s:s}", "offering_id",
			  H.fx.offering_b)), 422, "offering_id" },
			{ &H.learner, "POST", vres, hjson(json_pack("{s:s}", "offering_id", unknown)),
			  422, "offering_id" },
			{ &H.hr, "POST", vres, hjson(json_pack("{s:s}", "offering_id", offering_now)),
			  404, "voucher_id" },
			{ &H.learner, "POST", hfmt("/api/v1/vouchers/%s/reservations", v_expired),
			  hjson(json_pack("{s:s}", "offering_id", offering_now)), 422, "voucher_id" },
			{ &H.learner, "POST", hfmt("/api/v1/vouchers/%s/reservations", v_revoked),
			  hjson(json_pack("{s:s}", "offering_id", offering_now)), 409, "voucher_id" },
			{ &H.learner, "POST", hfmt("/api/v1/vouchers/%s/reservations", unknown),
			  hjson(json_pack("{s:s}", "offering_id", offering_now)), 404, "voucher_id" },
			/* unknown accounts and owners */
			{ &H.admin, "GET", hfmt("/api/v1/ledger/balances?owner_id=%s", unknown), NULL,
			  404, "owner_id" },
			{ &H.admin, "GET", "/api/v1/ledger/balances?owner_id=nope", NULL, 422,
			  "owner_id" },
			{ &H.admin, "GET", hfmt("/api/v1/settlements/%s?period=2026-13", H.fx.inst_a),
			  NULL, 422, "period" },
			{ &H.admin, "GET", hfmt("/api/v1/settlements/%s?period=2026-11", unknown),
			  NULL, 404, "provider" },
		};
		run_bad(cases, sizeof(cases) / sizeof(cases[0]));
	}
	/* employer contributions */
	reserve(v, offering_now, false, r);
	{
		const struct bad cases[] = {
			{ &H.hr, "POST", "/api/v1/employer-contributions", hjson(json_pack(
			  "{s:s, s:s, s:i}", "reservation_id", r, "employer_id", H.fx.emp_a,
			  "amount_cents", -5)), 422, "amount_cents" },
			{ &H.hr, "POST", "/api/v1/employer-contributions", hjson(json_pack(
			  "{s:s, s:s, s:i}", "reservation_id", r, "employer_id", H.fx.emp_a,
			  "amount_cents", 0)), 422, "amount_cents" },
			{ &H.hr, "POST", "/api/v1/employer-contributions", hjson(json_pack(
			  "{s:s, s:s, s:f}", "reservation_id", r, "employer_id", H.fx.emp_a,
			  "amount_cents", 0.5)), 422, "amount_cents" },
			{ &H.hr, "POST", "/api/v1/employer-contributions", hjson(json_pack(
			  "{s:s, s:s, s:i}", "reservation_id", r, "employer_id", H.fx.emp_a,
			  "amount_cents", 25001)), 422, "amount_cents" },
			{ &H.hr, "POST", "/api/v1/employer-contributions", hjson(json_pack(
			  "{s:s, s:s, s:i, s:s}", "reservation_id", r, "employer_id", H.fx.emp_a,
			  "amount_cents", 100, "currency", "CHF")), 422, "currency" },
			{ &H.hr, "POST", "/api/v1/employer-contributions", hjson(json_pack(
			  "{s:s, s:s, s:i}", "reservation_id", unknown, "employer_id", H.fx.emp_a,
			  "amount_cents", 100)), 422, "reservation_id" },
			{ &H.hr_b, "POST", "/api/v1/employer-contributions", hjson(json_pack(
			  "{s:s, s:s, s:i}", "reservation_id", r, "employer_id", H.fx.emp_a,
			  "amount_cents", 100)), 403, NULL },
		};
		run_bad(cases, sizeof(cases) / sizeof(cases[0]));
	}
	expect_ledger_ok();
}

#define PARALLEL 32

/* 32 parallel redemptions of one reservation: exactly one succeeds. */
static void
test_parallel_redeem(void **state)
{
	char scheme[ID_LEN], v[ID_LEN], r[ID_LEN];
	const char *paths[PARALLEL];
	const char *const *headers[PARALLEL];
	struct hresp res[PARALLEL];
	int ok = 0, conflict = 0;

	(void)state;
	make_scheme(10000000, "2099-12-31", false, scheme);
	issue(scheme, H.fx.p_learner, v);
	reserve(v, offering_now, true, r);
	for (int i = 0; i < PARALLEL; i++) {
		paths[i] = hfmt("/api/v1/reservations/%s/redeem", r);
		headers[i] = key(hfmt("par-redeem-%d", i));
	}
	http_many_headers(PARALLEL, &H.inst_admin, "POST", paths, NULL, headers, res);
	for (int i = 0; i < PARALLEL; i++) {
		if (res[i].status == 200)
			ok++;
		else if (res[i].status == 409)
			conflict++;
		else
			fail_msg("redemption %d: status %ld: %s", i, res[i].status, res[i].body);
		hresp_release(&res[i]);
	}
	assert_int_equal(ok, 1);
	assert_int_equal(conflict, PARALLEL - 1);
	expect_ledger_ok();
}

/* n responses to one request sent in parallel under one Idempotency-Key:
 * every one status want with the same key field as the first, and exactly
 * one not a replay. */
static void
expect_one_first(int n, struct hresp *res, long want, const char *field)
{
	int first = 0;

	for (int i = 0; i < n; i++) {
		if (res[i].status != want)
			fail_msg("request %d: status %ld: %s", i, res[i].status, res[i].body);
		assert_string_equal(hresp_str(&res[i], field), hresp_str(&res[0], field));
		if (!hresp_header(&res[i], "Idempotency-Replayed"))
			first++;
	}
	assert_int_equal(first, 1);
	for (int i = 0; i < n; i++)
		hresp_release(&res[i]);
}

/* 32 parallel issues and then 32 parallel redemptions, each under one
 * Idempotency-Key: one voucher, one redemption, and every answer the first
 * one, also for the requests that looked the key up before the first had
 * committed (the key is looked up again under the write lock, and after an
 * operation that failed because the first one moved the money). */
static void
test_parallel_one_key(void **state)
{
	char scheme[ID_LEN], v[ID_LEN], r[ID_LEN];
	const char *paths[PARALLEL], *bodies[PARALLEL];
	const char *const *headers[PARALLEL];
	struct hresp res[PARALLEL];
	struct db_snapshot before, after;

	(void)state;
	make_scheme(10000000, "2099-12-31", false, scheme);
	db_snapshot(&before);
	bodies[0] = hjson(json_pack("{s:s, s:s, s:i}", "scheme_id", scheme, "person_id",
				    H.fx.p_learner, "ec", 30));
	for (int i = 0; i < PARALLEL; i++) {
		paths[i] = "/api/v1/vouchers";
		bodies[i] = bodies[0];
		headers[i] = key("one-key-issue");
	}
	http_many_headers(PARALLEL, &H.admin, "POST", paths, bodies, headers, res);
	snprintf(v, sizeof(v), "%s", hresp_str(&res[0], "id") ? hresp_str(&res[0], "id") : "");
	expect_one_first(PARALLEL, res, 201, "id");
	db_snapshot(&after);
	assert_int_equal(snapshot_rows(&after, "vouchers") - snapshot_rows(&before, "vouchers"), 1);
	assert_int_equal(snapshot_rows(&after, "idempotency_keys") -
			 snapshot_rows(&before, "idempotency_keys"), 1);

	reserve(v, offering_now, true, r);
	db_snapshot(&before);
	for (int i = 0; i < PARALLEL; i++) {
		paths[i] = hfmt("/api/v1/reservations/%s/redeem", r);
		headers[i] = key("one-key-redeem");
	}
	http_many_headers(PARALLEL, &H.inst_admin, "POST", paths, NULL, headers, res);
	expect_one_first(PARALLEL, res, 200, "redeemed_at");
	db_snapshot(&after);
	assert_int_equal(snapshot_rows(&after, "ledger_transactions") -
			 snapshot_rows(&before, "ledger_transactions"), 1);
	expect_ledger_ok();
}

/* Parallel issues can never push the scheme past its budget, and parallel
 * reservations of one voucher bind it once. */
static void
test_parallel_budget(void **state)
{
	char scheme[ID_LEN], v[ID_LEN];
	const char *paths[PARALLEL], *bodies[PARALLEL];
	const char *const *headers[PARALLEL];
	struct hresp res[PARALLEL];
	json_t *s = NULL;
	int ok = 0;

	(void)state;
	make_scheme(5 * 125000, "2099-12-31", false, scheme);
	for (int i = 0; i < PARALLEL; i++) {
		paths[i] = "/api/v1/vouchers";
		bodies[i] = hjson(json_pack("{s:s, s:s, s:i}", "scheme_id", scheme, "person_id",
					    H.fx.p_learner, "ec", 30));
		headers[i] = key(hfmt("par-issue-%d", i));
	}
	http_many_headers(PARALLEL, &H.admin, "POST", paths, bodies, headers, res);
	for (int i = 0; i < PARALLEL; i++) {
		if (res[i].status == 201)
			ok++;
		else if (res[i].status != 409)
			fail_msg("issue %d: status %ld: %s", i, res[i].status, res[i].body);
		hresp_release(&res[i]);
	}
	assert_int_equal(ok, 5);
	assert_int_equal(scheme_get(&W, scheme, &s), LP_OK);
	assert_int_equal(json_integer_value(json_object_get(s, "free_cents")), 0);
	json_decref(s);

	make_scheme(10000000, "2099-12-31", false, scheme);
	issue(scheme, H.fx.p_learner, v);
	for (int i = 0; i < PARALLEL; i++) {
		paths[i] = hfmt("/api/v1/vouchers/%s/reservations", v);
		bodies[i] = hjson(json_pack("{s:s}", "offering_id", i % 2 ? offering_now :
					    offering_far));
		headers[i] = key(hfmt("par-reserve-%d", i));
	}
	ok = 0;
	http_many_headers(PARALLEL, &H.learner, "POST", paths, bodies, headers, res);
	for (int i = 0; i < PARALLEL; i++) {
		if (res[i].status == 201)
			ok++;
		else if (res[i].status != 409)
			fail_msg("reserve %d: status %ld: %s", i, res[i].status, res[i].body);
		hresp_release(&res[i]);
	}
	assert_int_equal(ok, 1);
	expect_ledger_ok();
}

/* ---- read-then-write races (issue 5: the per-learner maximum and
 * employer contributions; on PostgreSQL as api_pg.money) ------------------ */

/* A scheme like make_scheme's with a per-learner maximum of max. */
static void
make_scheme_max(int64_t budget, int max, char out_id[ID_LEN])
{
	json_t *in = json_pack("{s:s, s:I, s:s, s:s, s:s, s:[s], s:[s], s:i}", "name",
			       "API-proef maximum", "budget_cents", (json_int_t)budget,
			       "issue_from", "2026-01-01", "issue_until", "2099-12-31",
			       "spend_by", "2099-12-31", "programme_ids", H.fx.prog_a, "rules",
			       "working", "max_vouchers_per_learner", max);
	json_t *out = NULL;

	if (scheme_create(&W, in, &out))
		fail_msg("scheme: %s %s", werr.field, werr.reason);
	snprintf(out_id, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(in);
	json_decref(out);
}

/* One number from the test's own connection: sql with one or two text
 * parameters. */
static int64_t
count_of(const char *sql, const char *a, const char *b)
{
	struct db_stmt *st;
	int64_t n = -1;

	assert_int_equal(db_prepare(wdb, sql, &st, &werr), LP_OK);
	db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	if (db_step(st) == DB_ROW)
		n = db_column_int(st, 0);
	db_reset(st);
	return n;
}

/* 32 parallel issues for one learner in a scheme that allows 3 per
 * learner (and has budget for all 32): exactly 3 are issued. Under READ
 * COMMITTED, a count then an insert would let several see 2 and pass. */
static void
test_parallel_voucher_max(void **state)
{
	char scheme[ID_LEN];
	const char *paths[PARALLEL], *bodies[PARALLEL];
	const char *const *headers[PARALLEL];
	struct hresp res[PARALLEL];
	int ok = 0;

	(void)state;
	make_scheme_max(PARALLEL * 125000, 3, scheme);
	for (int i = 0; i < PARALLEL; i++) {
		paths[i] = "/api/v1/vouchers";
		bodies[i] = hjson(json_pack("{s:s, s:s, s:i}", "scheme_id", scheme, "person_id",
					    H.fx.p_learner, "ec", 30));
		headers[i] = key(hfmt("par-max-%d", i));
	}
	http_many_headers(PARALLEL, &H.admin, "POST", paths, bodies, headers, res);
	for (int i = 0; i < PARALLEL; i++) {
		if (res[i].status == 201)
			ok++;
		else if (res[i].status != 409)
			fail_msg("issue %d: status %ld: %s", i, res[i].status, res[i].body);
		hresp_release(&res[i]);
	}
	assert_int_equal(ok, 3);
	assert_int_equal(count_of("SELECT COUNT(*) FROM vouchers WHERE scheme_id = ?"
				  " AND person_id = ?", scheme, H.fx.p_learner), 3);
	expect_ledger_ok();
}

/* 32 parallel employer contributions of 10 EUR to one reservation with 250
 * EUR left to pay (price 1500, voucher 1250): exactly 25 are taken, and
 * together they never exceed what is left. */
static void
test_parallel_contributions(void **state)
{
	char scheme[ID_LEN], v[ID_LEN], r[ID_LEN];
	const char *paths[PARALLEL], *bodies[PARALLEL];
	const char *const *headers[PARALLEL];
	struct hresp res[PARALLEL];
	int ok = 0;

	(void)state;
	make_scheme(10000000, "2099-12-31", false, scheme);
	issue(scheme, H.fx.p_learner, v);
	reserve(v, offering_now, false, r);
	for (int i = 0; i < PARALLEL; i++) {
		paths[i] = "/api/v1/employer-contributions";
		bodies[i] = hjson(json_pack("{s:s, s:s, s:i}", "reservation_id", r, "employer_id",
					    H.fx.emp_a, "amount_cents", 1000));
		headers[i] = key(hfmt("par-contribute-%d", i));
	}
	http_many_headers(PARALLEL, &H.hr, "POST", paths, bodies, headers, res);
	for (int i = 0; i < PARALLEL; i++) {
		if (res[i].status == 201)
			ok++;
		else if (res[i].status != 422 && res[i].status != 409)
			fail_msg("contribution %d: status %ld: %s", i, res[i].status, res[i].body);
		hresp_release(&res[i]);
	}
	assert_int_equal(ok, 25);
	assert_int_equal(count_of("SELECT COALESCE(SUM(amount_cents), 0) FROM"
				  " employer_contributions WHERE reservation_id = ?", r, NULL),
			 25000);
	expect_ledger_ok();
}

/* Partial use: 32 parallel reservations of 100 EUR each on one voucher of a
 * scheme that allows parts bind it once; after that part is redeemed, 32
 * more bind the rest once again, and the voucher never goes below zero. */
static void
test_parallel_partial_reserve(void **state)
{
	char scheme[ID_LEN], v[ID_LEN];
	const char *paths[PARALLEL], *bodies[PARALLEL];
	const char *const *headers[PARALLEL];
	struct hresp res[PARALLEL];
	char won[ID_LEN] = "";
	json_t *out = NULL;

	(void)state;
	make_scheme(10000000, "2099-12-31", true, scheme);
	issue(scheme, H.fx.p_learner, v);
	for (int wave = 0; wave < 2; wave++) {
		int ok = 0;

		for (int i = 0; i < PARALLEL; i++) {
			paths[i] = hfmt("/api/v1/vouchers/%s/reservations", v);
			bodies[i] = hjson(json_pack("{s:s, s:i}", "offering_id", offering_now,
						    "amount_cents", 10000));
			headers[i] = key(hfmt("par-partial-%d-%d", wave, i));
		}
		http_many_headers(PARALLEL, &H.learner, "POST", paths, bodies, headers, res);
		for (int i = 0; i < PARALLEL; i++) {
			if (res[i].status == 201) {
				ok++;
				snprintf(won, sizeof(won), "%s", hresp_str(&res[i], "id"));
			} else if (res[i].status != 409) {
				fail_msg("reserve %d: status %ld: %s", i, res[i].status, res[i].body);
			}
			hresp_release(&res[i]);
		}
		assert_int_equal(ok, 1);
		expect_ledger_ok();
		assert_int_equal(reservation_confirm(&W, won, &out), LP_OK);
		json_decref(out);
		assert_int_equal(reservation_redeem(&W, won, &out), LP_OK);
		json_decref(out);
	}
	assert_int_equal(count_of("SELECT balance_cents FROM ledger_accounts WHERE id = ?",
				  hfmt("voucher:%s", v), NULL), 125000 - 2 * 10000);
	expect_ledger_ok();
}

/* ---- crash test --------------------------------------------------------- */

#define STREAM 120

static pid_t crash_server;
static volatile int acknowledged;

/* Starts `leerpad serve` on the test database at a free port; returns its
 * port. */
static int
start_server(void)
{
	const char *port_file = hfmt("%s/crash.port", H.fx.dir);
	FILE *f;
	int port = 0;

	unlink(port_file);
	crash_server = fork();
	assert_true(crash_server >= 0);
	if (crash_server == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(LEERPAD_BIN, LEERPAD_BIN, "serve", "--db", H.fx.db_path, "--port", "0",
		      "--port-file", port_file, "--threads", "4", "--max-seconds", "120",
		      (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !port; i++) {
		f = fopen(port_file, "r");
		if (f) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
		}
		if (!port)
			usleep(50 * 1000);
	}
	assert_true(port > 0);
	return port;
}

/* Kills the crash server with SIGKILL after a short while. */
static void *
killer(void *arg)
{
	(void)arg;
	while (acknowledged < STREAM / 3)
		usleep(1000);
	kill(crash_server, SIGKILL);
	return NULL;
}

static void
test_crash(void **state)
{
	char scheme[ID_LEN], v[ID_LEN];
	static char r[STREAM][ID_LEN];
	bool acked[STREAM] = { false };
	char saved_base[sizeof(H.base)];
	pthread_t t;
	int status, port, present = 0;
	char cmd[PATH_MAX * 2];

	(void)state;
	make_scheme(STREAM * 125000, "2099-12-31", false, scheme);
	for (int i = 0; i < STREAM; i++) {
		issue(scheme, i % 2 ? H.fx.p_learner : H.fx.p_other, v);
		reserve(v, offering_now, true, r[i]);
	}
	port = start_server();
	memcpy(saved_base, H.base, sizeof(saved_base));
	snprintf(H.base, sizeof(H.base), "http://127.0.0.1:%d", port);
	acknowledged = 0;
	pthread_create(&t, NULL, killer, NULL);
	for (int i = 0; i < STREAM; i++) {
		struct hresp res;

		http(&H.inst_admin, "POST", hfmt("/api/v1/reservations/%s/redeem", r[i]), NULL,
		     key(hfmt("crash-%d", i)), &res);
		long got = res.status;

		if (got == 200) {
			acked[i] = true;
			acknowledged++;
		} else if (got != 0) {
			fail_msg("redemption %d: %ld %s", i, got, res.body);
		}
		hresp_release(&res);
		if (got == 0)
			break;
	}
	acknowledged = STREAM;   /* the killer stops waiting if the stream ended */
	pthread_join(t, NULL);
	waitpid(crash_server, &status, 0);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	/* the ledger check passes on what the killed server left */
	snprintf(cmd, sizeof(cmd), "'%s' ledger check --db '%s' >/dev/null", LEERPAD_BIN,
		 H.fx.db_path);
	assert_int_equal(system(cmd), 0);
	expect_ledger_ok();
	for (int i = 0; i < STREAM; i++) {
		json_t *res = NULL;

		assert_int_equal(reservation_get(&W, r[i], &res), LP_OK);
		if (acked[i]) {
			assert_string_equal(json_string_value(json_object_get(res, "state")),
					    "redeemed");
			present++;
		}
		json_decref(res);
	}
	assert_true(present >= STREAM / 3);

	/* a restarted server serves again, and a retry of any redemption with its
	 * key either replays the first answer or redeems now */
	port = start_server();
	snprintf(H.base, sizeof(H.base), "http://127.0.0.1:%d", port);
	for (int i = 0; i < STREAM; i++) {
		struct hresp res;

		http(&H.inst_admin, "POST", hfmt("/api/v1/reservations/%s/redeem", r[i]), NULL,
		     key(hfmt("crash-%d", i)), &res);
		expect_status(&res, 200);
		hresp_release(&res);
	}
	kill(crash_server, SIGTERM);
	waitpid(crash_server, &status, 0);
	memcpy(H.base, saved_base, sizeof(saved_base));
	assert_int_equal(system(cmd), 0);
	expect_ledger_ok();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idempotency),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_parallel_redeem),
		cmocka_unit_test(test_parallel_one_key),
		cmocka_unit_test(test_parallel_budget),
		cmocka_unit_test(test_parallel_voucher_max),
		cmocka_unit_test(test_parallel_contributions),
		cmocka_unit_test(test_parallel_partial_reserve),
		cmocka_unit_test(test_crash),
	};

	return harness_exit(cmocka_run_group_tests_name("api.money", tests, group_setup,
							group_teardown));
}
