/* test_multiserver.c: two `leerpad serve` processes on one PostgreSQL
 * database, as behind a load balancer: a session made through one works
 * through the other (with its CSRF token), the login rate limit is shared,
 * and conflicting writes sent at the same moment through both have exactly
 * one winner, lose nothing and leave an audit entry per write that won.
 * When the database drops the servers' connections, they reconnect.
 * Runs as api_pg.multiserver only: it needs the throwaway cluster. */
#include "harness.h"
#include "domain/auth.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct extra_server B;   /* server A is the harness's own */

static int
setup(void **state)
{
	if (!fixture_pg_url()) {
		fprintf(stderr, "multiserver: needs PostgreSQL (LEERPAD_TEST_PG)\n");
		return -1;
	}
	if (harness_setup(state))
		return -1;
	return harness_start_extra(&B, "server_b") ? 0 : -1;
}

static int
teardown(void **state)
{
	bool b_ok = harness_stop_extra(&B);
	int rc = harness_teardown(state);

	return b_ok ? rc : -1;
}

/* Sends the next requests to server A (the harness's) or to B. */
static char a_base[64];
static void
use_a(void)
{
	snprintf(H.base, sizeof(H.base), "%s", a_base);
}

static void
use_b(void)
{
	snprintf(H.base, sizeof(H.base), "%s", B.base);
}

/* A session made through A is known to B, its CSRF token works there, and
 * logging out through B ends it for A too. */
static void
test_session_across_servers(void **state)
{
	struct client s;
	struct hresp r;
	const char *path = hexpand("/api/v1/programmes/$prog_a");
	const char *no_csrf_headers[] = { NULL };
	struct client no_csrf;

	(void)state;
	use_a();
	assert_int_equal(api_login(FIXTURE_EMAIL("pm"), FIXTURE_PASSWORD, &s), 201);
	assert_true(s.session[0] && s.csrf[0]);

	use_b();
	http(&s, "GET", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_string_equal(hresp_str(&r, "account_id"), H.fx.acc_pm);
	assert_string_equal(hresp_str(&r, "csrf_token"), s.csrf);
	hresp_release(&r);
	/* a write through B with the session and token of A */
	http(&s, "PATCH", path, hq("{'learning_line':'Via server B'}"), NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	/* without the token B refuses it */
	no_csrf = s;
	no_csrf.csrf[0] = '\0';
	http(&no_csrf, "PATCH", path, hq("{'learning_line':'Zonder token'}"), no_csrf_headers, &r);
	expect_problem(&r, 403, "csrf");
	hresp_release(&r);

	use_a();
	http(&s, "GET", path, NULL, NULL, &r);
	expect_status(&r, 200);
	assert_string_equal(hresp_str(&r, "learning_line"), "Via server B");
	hresp_release(&r);

	/* log out through B: A no longer knows the session */
	use_b();
	http(&s, "DELETE", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 204);
	hresp_release(&r);
	use_a();
	http(&s, "PATCH", path, hq("{'learning_line':'Na uitloggen'}"), NULL, &r);
	assert_true(r.status == 401 || r.status == 403);
	hresp_release(&r);
}

/* Failed logins through A and B count together. */
static void
test_rate_limit_shared(void **state)
{
	const char *body = hjson(json_pack("{s:s, s:s}", "email", FIXTURE_EMAIL("locked"),
					   "password", "wrong password"));
	struct hresp r;

	(void)state;
	for (int i = 0; i < AUTH_MAX_FAILURES_ACCOUNT; i++) {
		if (i % 2)
			use_b();
		else
			use_a();
		http(NULL, "POST", "/api/v1/session", body, NULL, &r);
		expect_problem(&r, 401, "email");
		hresp_release(&r);
	}
	use_a();
	http(NULL, "POST", "/api/v1/session", body, NULL, &r);
	expect_problem(&r, 429, "email");
	hresp_release(&r);
	use_b();
	http(NULL, "POST", "/api/v1/session", body, NULL, &r);
	expect_problem(&r, 429, "email");
	hresp_release(&r);
	use_a();
}

/* The number of audit entries with action for one record. */
static size_t
audit_count(const char *entity, const char *id, const char *action, json_t **last_changes)
{
	struct hresp r;
	size_t n = 0;
	json_t *items, *it;
	size_t i;

	http(&H.admin, "GET", hfmt("/api/v1/audit?entity=%s&entity_id=%s", entity, id), NULL, NULL,
	     &r);
	expect_status(&r, 200);
	items = json_object_get(r.json, "items");
	json_array_foreach(items, i, it) {
		if (strcmp(json_string_value(json_object_get(it, "action")), action) == 0) {
			if (n == 0 && last_changes)   /* newest first */
				*last_changes = json_deep_copy(json_object_get(it, "changes"));
			n++;
		}
	}
	hresp_release(&r);
	return n;
}

#define ROUNDS 8

/* Two PATCHes of one record with the same version, one through each
 * server at the same moment: exactly one 200 and one 409, the record has
 * the winner's value and one more version, and one audit entry per round. */
static void
test_conflicting_writes(void **state)
{
	const char *id, *paths[2];
	struct hresp r, out[2];
	int64_t version;

	(void)state;
	use_a();
	http(&H.pm, "POST", "/api/v1/programmes",
	     hq("{'institution_id':'$inst_a','name':'Twee servers','level':'bachelor',"
		"'total_ec':240,'modes':['part_time']}"), NULL, &r);
	expect_status(&r, 201);
	id = hfmt("%s", hresp_str(&r, "id"));
	version = json_integer_value(json_object_get(r.json, "version"));
	hresp_release(&r);
	/* full URLs: the base is left empty while both go out */
	paths[0] = hfmt("%s/api/v1/programmes/%s", a_base, id);
	paths[1] = hfmt("%s/api/v1/programmes/%s", B.base, id);

	for (int round = 0; round < ROUNDS; round++) {
		const char *bodies[2];
		const char *winner_name = NULL;
		json_t *changes = NULL;
		int ok = 0, conflict = 0;

		bodies[0] = hjson(json_pack("{s:s, s:I}", "name", hfmt("Ronde %d via A", round),
					    "version", (json_int_t)version));
		bodies[1] = hjson(json_pack("{s:s, s:I}", "name", hfmt("Ronde %d via B", round),
					    "version", (json_int_t)version));
		H.base[0] = '\0';
		http_many(2, &H.pm, "PATCH", paths, bodies, out);
		use_a();
		for (int i = 0; i < 2; i++) {
			if (out[i].status == 200) {
				ok++;
				winner_name = hfmt("Ronde %d via %c", round, i ? 'B' : 'A');
			} else if (out[i].status == 409) {
				conflict++;
				expect_problem(&out[i], 409, "version");
			} else {
				expect_status(&out[i], 200);
			}
		}
		if (ok != 1 || conflict != 1)
			fail_msg("round %d: %d won and %d conflicted; want one of each", round, ok,
				 conflict);
		http(&H.pm, "GET", hfmt("/api/v1/programmes/%s", id), NULL, NULL, &r);
		expect_status(&r, 200);
		assert_string_equal(hresp_str(&r, "name"), winner_name);
		assert_int_equal(json_integer_value(json_object_get(r.json, "version")), version + 1);
		hresp_release(&r);
		version++;
		assert_int_equal(audit_count("programmes", id, "update", &changes),
				 (size_t)round + 1);
		assert_string_equal(json_string_value(json_array_get(
					    json_object_get(changes, "name"), 1)), winner_name);
		json_decref(changes);
		hresp_release(&out[0]);
		hresp_release(&out[1]);
	}
	assert_int_equal(audit_count("programmes", id, "create", NULL), 1);
}

#define CREATES 16

/* Creates sent at once through both servers all land, each audited once. */
static void
test_parallel_creates(void **state)
{
	const char *paths[CREATES], *bodies[CREATES];
	struct hresp out[CREATES], r;
	int64_t before, after;
	struct db_snapshot snap;

	(void)state;
	use_a();
	db_snapshot(&snap);
	before = snapshot_rows(&snap, "programmes");
	for (int i = 0; i < CREATES; i++) {
		paths[i] = hfmt("%s/api/v1/programmes", i % 2 ? B.base : a_base);
		bodies[i] = hq(hfmt("{'institution_id':'$inst_a','name':'Tegelijk %d',"
				    "'level':'bachelor','total_ec':240,'modes':['part_time']}", i));
	}
	H.base[0] = '\0';
	http_many(CREATES, &H.pm, "POST", paths, bodies, out);
	use_a();
	for (int i = 0; i < CREATES; i++) {
		expect_status(&out[i], 201);
		assert_int_equal(audit_count("programmes", hresp_str(&out[i], "id"), "create", NULL),
				 1);
		hresp_release(&out[i]);
	}
	db_snapshot(&snap);
	after = snapshot_rows(&snap, "programmes");
	assert_int_equal(after - before, CREATES);
	http(&H.pm, "GET", "/api/v1/programmes?q=Tegelijk", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), CREATES);
	hresp_release(&r);
}

/* True if the file at path contains text. */
static bool
log_has(const char *path, const char *text)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

/* When PostgreSQL drops every server connection (a restart, a network
 * cut), the next requests still succeed: each worker reconnects and logs
 * one line saying so. */
static void
test_reconnect_after_lost_connections(void **state)
{
	const char *paths[16];
	struct hresp out[16];
	struct db *db = NULL;
	struct lp_error err;
	int64_t killed = 0;

	(void)state;
	lp_error_clear(&err);
	assert_int_equal(db_open(H.fx.db_path, &db, &err), LP_OK);
	assert_int_equal(db_run(db, &err, &killed,
				"SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
				" WHERE datname = current_database() AND pid <> pg_backend_pid()",
				NULL), LP_OK);
	assert_true(killed >= 2);   /* at least one connection of each server */
	/* wait until they are really gone */
	for (int i = 0; i < 100; i++) {
		struct db_stmt *st;
		int64_t left = -1;
		struct timespec nap = { 0, 50 * 1000 * 1000 };
		assert_int_equal(db_prepare(db, "SELECT COUNT(*) FROM pg_stat_activity WHERE"
					    " datname = current_database() AND pid <> pg_backend_pid()",
					    &st, &err), LP_OK);
		if (db_step(st) == DB_ROW)
			left = db_column_int(st, 0);
		db_reset(st);
		if (left == 0)
			break;
		nanosleep(&nap, NULL);
	}
	db_close(db);
	for (int i = 0; i < 16; i++)
		paths[i] = hfmt("%s/api/v1/programmes?limit=5", i % 2 ? B.base : a_base);
	H.base[0] = '\0';
	http_many(16, NULL, "GET", paths, NULL, out);
	use_a();
	for (int i = 0; i < 16; i++) {
		expect_status(&out[i], 200);
		hresp_release(&out[i]);
	}
	assert_true(log_has(H.log_path, "postgres: lost the connection") ||
		    log_has(B.log_path, "postgres: lost the connection"));
	assert_true(log_has(H.log_path, "reconnected") || log_has(B.log_path, "reconnected"));
}

/* Remembers A's base once the harness has started it. */
static void
test_two_servers_up(void **state)
{
	struct hresp r;

	(void)state;
	snprintf(a_base, sizeof(a_base), "%s", H.base);
	assert_string_not_equal(a_base, B.base);
	use_b();
	http(NULL, "GET", "/api/v1/programmes", NULL, NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
	use_a();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_servers_up),
		cmocka_unit_test(test_session_across_servers),
		cmocka_unit_test(test_rate_limit_shared),
		cmocka_unit_test(test_conflicting_writes),
		cmocka_unit_test(test_parallel_creates),
		cmocka_unit_test(test_reconnect_after_lost_connections),
	};

	return harness_exit(cmocka_run_group_tests_name("multiserver", tests, setup, teardown));
}
