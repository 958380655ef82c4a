/* test_db_pg.c: unit tests of the PostgreSQL backend against the
 * throwaway cluster (tests/pg/cluster.sh): placeholders, types, error
 * mapping, savepoints, aborted transactions, SERIALIZABLE conflicts and
 * the retry helper, reconnecting after a lost connection, migrations.
 * Without a cluster ($LEERPAD_TEST_PG or $LEERPAD_TEST_PG_URL_FILE) every
 * test is skipped. */
#include "db/db.h"
#include "db/migrate.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pgtest {
	char url[512];
	char name[64];
	struct db *db;
	struct lp_error err;
};

/* A fresh database with a small table of its own. */
static int
setup(void **state)
{
	struct pgtest *t;

	if (!fixture_pg_url())
		return 0;
	t = calloc(1, sizeof(*t));
	fixture_pg_create(t->url, sizeof(t->url), t->name);
	if (db_open(t->url, &t->db, &t->err) ||
	    db_exec_script(t->db,
			   "CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT, flag INTEGER,"
			   " v INTEGER CHECK (v >= 0), ref TEXT REFERENCES t(id));"
			   "CREATE TABLE money (k TEXT NOT NULL, cents BIGINT NOT NULL)", &t->err)) {
		fprintf(stderr, "setup: %s\n", t->err.reason);
		return -1;
	}
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct pgtest *t = *state;

	if (!t)
		return 0;
	db_close(t->db);
	fixture_pg_drop(t->name);
	free(t);
	return 0;
}

/* Skips the test when there is no cluster. */
#define NEED_PG(t) \
	do { \
		if (!(t)) \
			skip(); \
	} while (0)

/* The first column of the first row of sql as text (copied), or NULL. */
static char *
one_text(struct db *db, const char *sql)
{
	struct db_stmt *st;
	struct lp_error err;
	char *out = NULL;

	assert_int_equal(db_prepare(db, sql, &st, &err), LP_OK);
	if (db_step(st) == DB_ROW && db_column_text(st, 0))
		out = strdup(db_column_text(st, 0));
	db_reset(st);
	return out;
}

static int64_t
one_int(struct db *db, const char *sql)
{
	struct db_stmt *st;
	struct lp_error err;
	int64_t n = -1;

	assert_int_equal(db_prepare(db, sql, &st, &err), LP_OK);
	if (db_step(st) == DB_ROW)
		n = db_column_int(st, 0);
	db_reset(st);
	return n;
}

/* A postgres:// URL opens this backend; an unreachable server is LP_EIO. */
static void
test_open(void **state)
{
	struct pgtest *t = *state;
	struct db *db = NULL;
	struct lp_error err;

	NEED_PG(t);
	assert_string_equal(db_backend_name(t->db), "postgres");
	assert_int_equal(db_open("postgres://nobody@127.0.0.1:1/none?connect_timeout=2", &db, &err),
			 LP_EIO);
	assert_null(db);
	assert_non_null(strstr(err.reason, "PostgreSQL"));
}

/* `?` becomes $n, but not inside quotes or comments. */
static void
test_placeholders(void **state)
{
	struct pgtest *t = *state;
	struct db_stmt *st;

	NEED_PG(t);
	assert_int_equal(db_prepare(t->db, "SELECT ? || '?''?' || \"x\" -- a ? here\n"
				    " || ? FROM (SELECT 'q' AS \"x\") AS s", &st, &t->err), LP_OK);
	db_bind_text(st, 1, "a");
	db_bind_text(st, 2, "b");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_text(st, 0), "a?'?qb");
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);
	/* the cache gives the same statement back */
	{
		struct db_stmt *again;
		assert_int_equal(db_prepare(t->db, "SELECT ? || '?''?' || \"x\" -- a ? here\n"
					    " || ? FROM (SELECT 'q' AS \"x\") AS s", &again, &t->err),
				 LP_OK);
		assert_ptr_equal(st, again);
	}
}

/* Integers, big integers, booleans and NULL read back as the domain expects. */
static void
test_types(void **state)
{
	struct pgtest *t = *state;
	struct db_stmt *st;
	int64_t changes = -1;

	NEED_PG(t);
	assert_int_equal(db_run(t->db, &t->err, &changes,
				"INSERT INTO t (id, n, flag, v) VALUES (?, ?, ?, ?)", "siin", "a",
				(int64_t)9000000000123LL, (int64_t)1), LP_OK);
	assert_int_equal(changes, 1);
	assert_int_equal(db_prepare(t->db, "SELECT n, flag, v, n > 5, id, flag = 0 FROM t"
				    " WHERE id = ?", &st, &t->err), LP_OK);
	db_bind_text(st, 1, "a");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_count(st), 6);
	assert_string_equal(db_column_name(st, 1), "flag");
	assert_int_equal(db_column_int(st, 0), 9000000000123LL);
	assert_int_equal(db_column_int(st, 1), 1);
	assert_true(db_column_is_null(st, 2));
	assert_null(db_column_text(st, 2));
	assert_int_equal(db_column_int(st, 3), 1);
	assert_string_equal(db_column_text(st, 4), "a");
	assert_int_equal(db_column_int(st, 5), 0);
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);
	/* an integer bound as text, a text bound where an integer goes */
	assert_int_equal(db_run(t->db, &t->err, NULL, "UPDATE t SET v = ? WHERE id = ?", "ss",
				"42", "a"), LP_OK);
	assert_int_equal(one_int(t->db, "SELECT v FROM t"), 42);
	assert_int_equal(db_changes(t->db), 1);
}

/* Constraint failures map as on SQLite. */
static void
test_errors(void **state)
{
	struct pgtest *t = *state;

	NEED_PG(t);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES (?)", "s", "a"),
			 LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES (?)", "s", "a"),
			 LP_ECONFLICT);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id, ref) VALUES (?, ?)",
				"ss", "b", "nothing"), LP_EINVAL);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id, v) VALUES (?, ?)",
				"si", "c", (int64_t)-1), LP_EINVAL);
	assert_int_equal(db_run(t->db, &t->err, NULL, "UPDATE t SET v = ? WHERE id = ?", "ss",
				"many", "a"), LP_EINVAL);
	assert_int_equal(db_prepare(t->db, "SELEKT nonsense", &(struct db_stmt *){ NULL },
				    &t->err), LP_EDB);
	/* and the connection still works */
	assert_int_equal(one_int(t->db, "SELECT COUNT(*) FROM t"), 1);
}

/* Savepoints in a nestable transaction undo only their own part; a plain
 * transaction does not nest. */
static void
test_savepoints(void **state)
{
	struct pgtest *t = *state;

	NEED_PG(t);
	assert_int_equal(db_begin_nestable(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES ('a')", NULL),
			 LP_OK);
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES ('b')", NULL),
			 LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES ('a')", NULL),
			 LP_ECONFLICT);
	db_rollback(t->db);
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES ('c')", NULL),
			 LP_OK);
	assert_int_equal(db_commit(t->db, &t->err), LP_OK);
	assert_int_equal(db_commit(t->db, &t->err), LP_OK);
	assert_int_equal(one_int(t->db, "SELECT COUNT(*) FROM t"), 2);
	{
		char *ids = one_text(t->db, "SELECT string_agg(id, ',' ORDER BY id) FROM t");
		assert_string_equal(ids, "a,c");
		free(ids);
	}
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_not_equal(db_begin(t->db, &t->err), LP_OK);
	db_rollback(t->db);
}

/* A transaction with a failed statement does not commit. */
static void
test_aborted_commit(void **state)
{
	struct pgtest *t = *state;

	NEED_PG(t);
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES ('a')", NULL),
			 LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES ('a')", NULL),
			 LP_ECONFLICT);
	assert_int_not_equal(db_commit(t->db, &t->err), LP_OK);
	assert_int_equal(one_int(t->db, "SELECT COUNT(*) FROM t"), 0);
}

/* Reads the balance of k and, if it covers cents, takes them: the shape
 * of a voucher redemption. */
static enum lp_status
take(struct db *db, const char *k, int64_t cents, struct lp_error *err)
{
	struct db_stmt *st;
	enum lp_status rc;
	int64_t balance = 0;

	rc = db_prepare(db, "SELECT COALESCE(SUM(cents), 0) FROM money WHERE k = ?", &st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, k);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return db_error(db, err);
	}
	balance = db_column_int(st, 0);
	db_reset(st);
	if (balance < cents)
		return lp_fail(err, LP_EINVAL, "cents", "not enough money");
	return db_run(db, err, NULL, "INSERT INTO money (k, cents) VALUES (?, ?)", "si", k, -cents);
}

/* Two connections redeem the same money at once at SERIALIZABLE: one
 * fails with a retryable conflict, and the money is taken once. */
static void
test_serializable_conflict(void **state)
{
	struct pgtest *t = *state;
	struct db *other = NULL;
	struct lp_error err2;
	enum lp_status a, b;

	NEED_PG(t);
	assert_int_equal(db_run(t->db, &t->err, NULL,
				"INSERT INTO money (k, cents) VALUES ('v', 1000)", NULL), LP_OK);
	assert_int_equal(db_open(t->url, &other, &err2), LP_OK);
	assert_int_equal(db_begin_serializable(t->db, &t->err), LP_OK);
	assert_int_equal(db_begin_serializable(other, &err2), LP_OK);
	/* both read the balance before either writes */
	assert_int_equal(one_int(t->db, "SELECT SUM(cents) FROM money WHERE k = 'v'"), 1000);
	assert_int_equal(one_int(other, "SELECT SUM(cents) FROM money WHERE k = 'v'"), 1000);
	a = take(t->db, "v", 1000, &t->err);
	if (!a)
		a = db_commit(t->db, &t->err);
	else
		db_rollback(t->db);
	b = take(other, "v", 1000, &err2);
	if (!b)
		b = db_commit(other, &err2);
	else
		db_rollback(other);
	assert_int_equal(a, LP_OK);
	assert_int_equal(b, LP_ECONFLICT);
	assert_true(db_last_retryable(other));
	assert_int_equal(one_int(t->db, "SELECT SUM(cents) FROM money WHERE k = 'v'"), 0);
	db_close(other);
}

struct lock_arg {
	const char *url;
	volatile int done;
	int64_t seen;
};

/* The second transaction of test_lock: takes the lock, then sums. */
static void *
lock_second(void *argp)
{
	struct lock_arg *arg = argp;
	struct db *db = NULL;
	struct lp_error e;

	assert_int_equal(db_open(arg->url, &db, &e), LP_OK);
	assert_int_equal(db_begin(db, &e), LP_OK);
	assert_int_equal(db_lock(db, "count:v", &e), LP_OK);
	arg->seen = one_int(db, "SELECT COALESCE(SUM(cents), 0) FROM money WHERE k = 'v'");
	assert_int_equal(db_commit(db, &e), LP_OK);
	db_close(db);
	arg->done = 1;
	return NULL;
}

/* db_lock at READ COMMITTED: a second transaction taking the same lock
 * waits until the first commits, and then sees its insert; outside a
 * transaction it is refused. */
static void
test_lock(void **state)
{
	struct pgtest *t = *state;
	struct lock_arg arg = { NULL, 0, -1 };
	pthread_t th;

	NEED_PG(t);
	arg.url = t->url;
	assert_int_equal(db_lock(t->db, "count:v", &t->err), LP_EINTERNAL);
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_lock(t->db, "count:v", &t->err), LP_OK);
	pthread_create(&th, NULL, lock_second, &arg);
	usleep(300 * 1000);
	assert_int_equal(arg.done, 0);
	assert_int_equal(db_run(t->db, &t->err, NULL,
				"INSERT INTO money (k, cents) VALUES ('v', 5)", NULL), LP_OK);
	assert_int_equal(db_commit(t->db, &t->err), LP_OK);
	pthread_join(th, NULL);
	assert_int_equal(arg.done, 1);
	assert_int_equal(arg.seen, 5);
}

struct retry_arg {
	const char *url;
	int attempts;
};

/* The operation for the retry helper: on its first attempt a second
 * connection takes the money between our read and our write. */
static enum lp_status
redeem(struct db *db, void *argp, struct lp_error *err)
{
	struct retry_arg *arg = argp;
	struct db_stmt *st;
	enum lp_status rc;

	arg->attempts++;
	rc = db_prepare(db, "SELECT SUM(cents) FROM money WHERE k = ?", &st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, "v");
	db_step(st);
	db_reset(st);
	if (arg->attempts == 1) {
		struct db *other = NULL;
		struct lp_error e;
		assert_int_equal(db_open(arg->url, &other, &e), LP_OK);
		assert_int_equal(db_begin_serializable(other, &e), LP_OK);
		assert_int_equal(take(other, "v", 600, &e), LP_OK);
		assert_int_equal(db_commit(other, &e), LP_OK);
		db_close(other);
	}
	return take(db, "v", 600, err);
}

/* db_serializable_retry runs the operation again after the conflict; the
 * second attempt sees the money gone and says so. */
static void
test_serializable_retry(void **state)
{
	struct pgtest *t = *state;
	struct retry_arg arg = { t ? t->url : NULL, 0 };

	NEED_PG(t);
	assert_int_equal(db_run(t->db, &t->err, NULL,
				"INSERT INTO money (k, cents) VALUES ('v', 1000)", NULL), LP_OK);
	assert_int_equal(db_serializable_retry(t->db, &t->err, redeem, &arg), LP_EINVAL);
	assert_int_equal(arg.attempts, 2);
	assert_string_equal(t->err.field, "cents");
	assert_int_equal(one_int(t->db, "SELECT SUM(cents) FROM money WHERE k = 'v'"), 400);
}

static enum lp_status
take_600(struct db *db, void *arg, struct lp_error *err)
{
	(void)arg;
	return take(db, "v", 600, err);
}

/* Inside a nestable transaction (the demo loader, an import) a money
 * movement is a savepoint of it: it runs once, and the outer rollback
 * undoes it; inside a plain transaction it is refused. */
static void
test_serializable_nested(void **state)
{
	struct pgtest *t = *state;

	NEED_PG(t);
	assert_int_equal(db_run(t->db, &t->err, NULL,
				"INSERT INTO money (k, cents) VALUES ('v', 1000)", NULL), LP_OK);
	assert_int_equal(db_begin_nestable(t->db, &t->err), LP_OK);
	assert_int_equal(db_serializable_retry(t->db, &t->err, take_600, NULL), LP_OK);
	assert_int_equal(db_serializable_retry(t->db, &t->err, take_600, NULL), LP_EINVAL);
	assert_int_equal(one_int(t->db, "SELECT SUM(cents) FROM money"), 400);
	db_rollback(t->db);
	assert_int_equal(one_int(t->db, "SELECT SUM(cents) FROM money"), 1000);
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_not_equal(db_begin_serializable(t->db, &t->err), LP_OK);
	db_rollback(t->db);
}

/* Ends the server process of db's connection from another connection. */
static void
kill_connection(struct pgtest *t, struct db *db)
{
	struct db *other = NULL;
	struct lp_error e;
	int64_t pid = one_int(db, "SELECT pg_backend_pid()");

	assert_int_equal(db_open(t->url, &other, &e), LP_OK);
	assert_int_equal(db_run(other, &e, NULL, "SELECT pg_terminate_backend(CAST(? AS INTEGER))",
				"i", pid), LP_OK);
	db_close(other);
}

/* A lost connection comes back: outside a transaction without the caller
 * noticing, inside one as a failure of that transaction only. */
static void
test_reconnect(void **state)
{
	struct pgtest *t = *state;

	NEED_PG(t);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES (?)", "s", "a"),
			 LP_OK);
	kill_connection(t, t->db);
	/* a cached statement, prepared again on the new connection */
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES (?)", "s", "b"),
			 LP_OK);
	assert_int_equal(one_int(t->db, "SELECT COUNT(*) FROM t"), 2);

	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES (?)", "s", "c"),
			 LP_OK);
	kill_connection(t, t->db);
	assert_int_not_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES (?)", "s",
				    "d"), LP_OK);
	assert_int_not_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES (?)", "s",
				    "e"), LP_OK);
	db_rollback(t->db);
	assert_int_equal(one_int(t->db, "SELECT COUNT(*) FROM t"), 2);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO t (id) VALUES (?)", "s", "f"),
			 LP_OK);
}

/* The migrations run on PostgreSQL, once; the audit log refuses changes. */
static void
test_migrations(void **state)
{
	struct pgtest *t = *state;
	int applied = -1;

	NEED_PG(t);
	assert_int_equal(migrate_up(t->db, &applied, &t->err), LP_OK);
	assert_int_equal(applied, migrate_latest());
	assert_int_equal(migrate_up(t->db, &applied, &t->err), LP_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(db_run(t->db, &t->err, NULL,
				"INSERT INTO audit_log (id, at, entity, entity_id, action, changes)"
				" VALUES ('x', 'now', 'e', 'i', 'create', '{}')", NULL), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "UPDATE audit_log SET action = 'x'", NULL),
			 LP_EINVAL);
	assert_int_equal(db_run(t->db, &t->err, NULL, "DELETE FROM audit_log", NULL), LP_EINVAL);
	assert_int_equal(one_int(t->db, "SELECT COUNT(*) FROM audit_log"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_placeholders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_savepoints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aborted_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serializable_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serializable_retry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serializable_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reconnect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrations, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
