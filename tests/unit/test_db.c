/* test_db.c: unit tests of the database interface on the SQLite backend:
 * opening, migrations, the statement cache, binds, constraint errors,
 * transactions and the append-only audit log */
#include "db/db.h"
#include "db/migrate.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dbtest {
	char dir[PATH_MAX - 64];
	char path[PATH_MAX];
	struct db *db;
	struct lp_error err;
};

/* A new temporary directory with a migrated database in it. */
static int
setup(void **state)
{
	struct dbtest *t = calloc(1, sizeof(*t));
	const char *tmp = getenv("TMPDIR");
	int applied = -1;

	snprintf(t->dir, sizeof(t->dir), "%s/leerpad-dbtest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/test.db", t->dir);
	if (db_open(t->path, &t->db, &t->err) || migrate_up(t->db, &applied, &t->err)) {
		fprintf(stderr, "setup: %s\n", t->err.reason);
		return -1;
	}
	if (applied != migrate_count())
		return -1;
	*state = t;
	return 0;
}

/* Closes the database and removes its directory. */
static int
teardown(void **state)
{
	struct dbtest *t = *state;

	db_close(t->db);
	fixture_remove_tree(t->dir);
	free(t);
	return 0;
}

/* Counts rows of a query without parameters. */
static int64_t
count(struct dbtest *t, const char *sql)
{
	struct db_stmt *st;
	int64_t n = -1;

	assert_int_equal(db_prepare(t->db, sql, &st, &t->err), LP_OK);
	if (db_step(st) == DB_ROW)
		n = db_column_int(st, 0);
	db_reset(st);
	return n;
}

/* db_open refuses empty, unreachable PostgreSQL and unopenable targets. */
static void
test_open_errors(void **state)
{
	struct lp_error err = LP_ERROR_INIT;
	struct db *db = (struct db *)1;

	(void)state;
	assert_int_equal(db_open("", &db, &err), LP_EINVAL);
	assert_null(db);
	assert_string_equal(err.field, "db");
	assert_int_equal(db_open(NULL, &db, &err), LP_EINVAL);
	assert_int_equal(db_open("postgres://nobody@127.0.0.1:1/leerpad?connect_timeout=2", &db,
				 &err), LP_EIO);
	assert_int_equal(db_open("/nonexistent-dir/for/sure/x.db", &db, &err), LP_EIO);
	assert_null(db);
}

/* A "sqlite:" URL opens the same file. */
static void
test_open_sqlite_prefix(void **state)
{
	struct dbtest *t = *state;
	char url[PATH_MAX + 16];
	struct db *db = NULL;

	snprintf(url, sizeof(url), "sqlite:%s", t->path);
	assert_int_equal(db_open(url, &db, &t->err), LP_OK);
	assert_string_equal(db_backend_name(db), "sqlite");
	/* the same file: the schema made by setup is there */
	assert_int_equal(migrate_up(db, NULL, &t->err), LP_OK);
	db_close(db);
	db_close(NULL);
}

/* migrate_up on a current database changes nothing. */
static void
test_migrate_idempotent(void **state)
{
	struct dbtest *t = *state;
	int applied = -1;

	assert_int_equal(migrate_up(t->db, &applied, &t->err), LP_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(migrate_up(t->db, &applied, &t->err), LP_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(count(t, "SELECT COUNT(*) FROM schema_migrations"), migrate_count());
	assert_int_equal(count(t, "SELECT MAX(version) FROM schema_migrations"), migrate_latest());
	assert_int_equal(count(t, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
			      " AND name = 'programmes'"), 1);
}

/* A database newer than the program is refused. */
static void
test_migrate_refuses_newer_schema(void **state)
{
	struct dbtest *t = *state;

	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO schema_migrations"
				" (version, name, applied_at) VALUES (?, 'future', 'x')", "i",
				(int64_t)migrate_latest() + 1), LP_OK);
	assert_int_equal(migrate_up(t->db, NULL, &t->err), LP_ECONFLICT);
	assert_string_equal(t->err.field, "db");
}

/* Statements are cached by text; every bind and column kind. */
static void
test_prepare_cache_and_binds(void **state)
{
	struct dbtest *t = *state;
	struct db_stmt *a, *b, *c;
	const char *sql = "SELECT ?, ?, ?, ? || 'x'";

	assert_int_equal(db_prepare(t->db, sql, &a, &t->err), LP_OK);
	assert_int_equal(db_prepare(t->db, sql, &b, &t->err), LP_OK);
	assert_ptr_equal(a, b);
	assert_int_equal(db_prepare(t->db, "SELECT 1", &c, &t->err), LP_OK);
	assert_ptr_not_equal(a, c);

	db_bind_text(a, 1, "tekst met 'quotes' en ; DROP TABLE x; --");
	db_bind_int(a, 2, INT64_MIN);
	db_bind_null(a, 3);
	db_bind_text(a, 4, NULL);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_column_count(a), 4);
	assert_string_equal(db_column_text(a, 0), "tekst met 'quotes' en ; DROP TABLE x; --");
	assert_int_equal(db_column_int(a, 1), INT64_MIN);
	assert_true(db_column_is_null(a, 2));
	assert_null(db_column_text(a, 2));
	assert_true(db_column_is_null(a, 3));   /* NULL || 'x' is NULL */
	assert_false(db_column_is_null(a, 0));
	assert_int_equal(db_step(a), DB_DONE);
	db_reset(a);
	/* reset clears the bindings: an unbound parameter is NULL */
	assert_int_equal(db_step(a), DB_ROW);
	assert_true(db_column_is_null(a, 0));
	db_reset(a);
	db_reset(NULL);

	assert_int_equal(db_prepare(t->db, "SELECT 7 AS seven", &c, &t->err), LP_OK);
	assert_int_equal(db_step(c), DB_ROW);
	assert_string_equal(db_column_name(c, 0), "seven");
	db_reset(c);

	assert_int_equal(db_prepare(t->db, "SELEC nonsense", &c, &t->err), LP_EDB);
	assert_int_equal(db_prepare(t->db, "SELECT * FROM no_such_table", &c, &t->err), LP_EDB);
}

/* db_run binds by type string and counts changes. */
static void
test_db_run(void **state)
{
	struct dbtest *t = *state;
	int64_t changes = -1;

	assert_int_equal(db_run(t->db, &t->err, &changes, "INSERT INTO login_attempts"
				" (key, window_start, failures) VALUES (?, ?, ?)", "sii",
				"k1", (int64_t)100, (int64_t)1), LP_OK);
	assert_int_equal(changes, 1);
	assert_int_equal(db_run(t->db, &t->err, &changes, "INSERT INTO login_attempts"
				" (key, window_start, failures) VALUES (?, ?, ?)", "sii",
				"k2", (int64_t)100, (int64_t)1), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, &changes,
				"UPDATE login_attempts SET failures = failures + 1", NULL), LP_OK);
	assert_int_equal(changes, 2);
	assert_int_equal(db_changes(t->db), 2);
	assert_int_equal(db_run(t->db, &t->err, &changes, "UPDATE accounts SET person_id = ?"
				" WHERE id = ?", "ns", "none"), LP_OK);
	assert_int_equal(changes, 0);
	assert_int_equal(count(t, "SELECT SUM(failures) FROM login_attempts"), 4);
}

/* Unique keys are conflicts; foreign keys and NOT NULL are invalid input. */
static void
test_constraint_errors(void **state)
{
	struct dbtest *t = *state;
	const char *ins = "INSERT INTO accounts (id, email, person_id, created_at, updated_at)"
			  " VALUES (?, ?, ?, 'now', 'now')";

	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "ssn", "a1", "x@example.nl"), LP_OK);
	/* unique email */
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "ssn", "a2", "x@example.nl"),
			 LP_ECONFLICT);
	/* primary key */
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "ssn", "a1", "y@example.nl"),
			 LP_ECONFLICT);
	/* foreign key: no such person */
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "sss", "a3", "z@example.nl",
				"no-such-person"), LP_EINVAL);
	/* NOT NULL */
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "sns", "a4", "missing"),
			 LP_EINVAL);
	/* the statement is usable again after a failure */
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "ssn", "a5", "w@example.nl"), LP_OK);
	assert_int_equal(count(t, "SELECT COUNT(*) FROM accounts"), 2);
	/* db_error reports the last failure of the connection */
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO nothing VALUES (1)", NULL),
			 LP_EDB);
}

/* Rollback undoes, commit keeps, nesting is refused. */
static void
test_transactions(void **state)
{
	struct dbtest *t = *state;
	const char *ins = "INSERT INTO login_attempts (key, window_start, failures)"
			  " VALUES (?, 1, 1)";

	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "s", "gone"), LP_OK);
	assert_int_equal(count(t, "SELECT COUNT(*) FROM login_attempts"), 1);
	db_rollback(t->db);
	assert_int_equal(count(t, "SELECT COUNT(*) FROM login_attempts"), 0);
	/* rolling back outside a transaction is harmless */
	db_rollback(t->db);

	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	/* no nested transactions */
	assert_int_not_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "s", "kept"), LP_OK);
	assert_int_equal(db_commit(t->db, &t->err), LP_OK);
	assert_int_equal(count(t, "SELECT COUNT(*) FROM login_attempts"), 1);
	/* commit without a transaction fails */
	assert_int_not_equal(db_commit(t->db, &t->err), LP_OK);

	/* a failed statement inside a transaction, then rollback: nothing */
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "s", "also gone"), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "s", "kept"), LP_ECONFLICT);
	db_rollback(t->db);
	assert_int_equal(count(t, "SELECT COUNT(*) FROM login_attempts"), 1);
}

/* db_begin_deferred holds no lock until the first db_begin, which begins
 * it and is a savepoint of it; commit and rollback end it either way. */
static void
test_deferred_transaction(void **state)
{
	struct dbtest *t = *state;
	struct db *other = NULL;
	const char *ins = "INSERT INTO login_attempts (key, window_start, failures)"
			  " VALUES (?, 1, 1)";

	assert_int_equal(db_open(t->path, &other, &t->err), LP_OK);
	assert_int_equal(db_begin_deferred(t->db, &t->err), LP_OK);
	assert_int_equal(db_begin_deferred(t->db, &t->err), LP_EINTERNAL);
	assert_int_equal(db_begin_nestable(t->db, &t->err), LP_EINTERNAL);
	/* not begun: another connection may write meanwhile */
	assert_int_equal(db_begin(other, &t->err), LP_OK);
	assert_int_equal(db_run(other, &t->err, NULL, ins, "s", "other"), LP_OK);
	assert_int_equal(db_commit(other, &t->err), LP_OK);
	/* the first db_begin begins it; its commit only releases a savepoint */
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "s", "inner"), LP_OK);
	assert_int_equal(db_commit(t->db, &t->err), LP_OK);
	assert_int_equal(db_begin_deferred_now(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "s", "outer"), LP_OK);
	db_rollback(t->db);
	assert_int_equal(count(t, "SELECT COUNT(*) FROM login_attempts"), 1);

	/* begun by db_begin_deferred_now and committed */
	assert_int_equal(db_begin_deferred(t->db, &t->err), LP_OK);
	assert_int_equal(db_begin_deferred_now(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, ins, "s", "kept"), LP_OK);
	assert_int_equal(db_commit(t->db, &t->err), LP_OK);
	assert_int_equal(count(t, "SELECT COUNT(*) FROM login_attempts"), 2);
	assert_int_equal(db_begin_deferred_now(t->db, &t->err), LP_EINTERNAL);

	/* never begun: commit and rollback end it, and db_begin is plain again */
	assert_int_equal(db_begin_deferred(t->db, &t->err), LP_OK);
	assert_int_equal(db_commit(t->db, &t->err), LP_OK);
	assert_int_equal(db_begin_deferred(t->db, &t->err), LP_OK);
	db_rollback(t->db);
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_not_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_begin_deferred(t->db, &t->err), LP_EINTERNAL);
	db_rollback(t->db);
	db_close(other);
}

/* Another connection sees a write only once it is committed. */
static void
test_second_connection_sees_commits(void **state)
{
	struct dbtest *t = *state;
	struct db *other = NULL;
	struct db_stmt *st;

	assert_int_equal(db_open(t->path, &other, &t->err), LP_OK);
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO login_attempts (key,"
				" window_start, failures) VALUES ('seen', 1, 1)", NULL), LP_OK);
	/* not yet committed: the other connection does not see it */
	assert_int_equal(db_prepare(other, "SELECT COUNT(*) FROM login_attempts", &st,
				    &t->err), LP_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int(st, 0), 0);
	db_reset(st);
	assert_int_equal(db_commit(t->db, &t->err), LP_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int(st, 0), 1);
	db_reset(st);
	db_close(other);
}

/* The audit log refuses UPDATE and DELETE. */
static void
test_audit_log_is_append_only(void **state)
{
	struct dbtest *t = *state;
	enum lp_status rc;

	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO audit_log (id, at, actor_id,"
				" entity, entity_id, action, changes) VALUES ('e1', 'now',"
				" 'system', 'programmes', 'p1', 'create', '{}')", NULL), LP_OK);
	rc = db_run(t->db, &t->err, NULL, "UPDATE audit_log SET action = 'forged'", NULL);
	assert_int_not_equal(rc, LP_OK);
	assert_non_null(strstr(t->err.reason, "append-only"));
	rc = db_run(t->db, &t->err, NULL, "DELETE FROM audit_log", NULL);
	assert_int_not_equal(rc, LP_OK);
	assert_non_null(strstr(t->err.reason, "append-only"));
	assert_int_equal(count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'create'"), 1);
}

/* Writes one audit entry: an operation for db_serializable_retry. */
static enum lp_status
write_entry(struct db *db, void *arg, struct lp_error *err)
{
	int *calls = arg;

	(*calls)++;
	return db_run(db, err, NULL, "INSERT INTO audit_log (id, at, actor_id, entity, entity_id,"
		      " action, changes) VALUES (?, 'now', 'system', 'x', 'y', 'create', '{}')",
		      "s", *calls == 1 ? "r1" : "r2");
}

/* On SQLite a serializable transaction is BEGIN IMMEDIATE; the retry
 * helper commits what succeeds, runs it once, and nothing is retryable. */
static void
test_serializable_retry(void **state)
{
	struct dbtest *t = *state;
	int calls = 0;

	assert_int_equal(db_serializable_retry(t->db, &t->err, write_entry, &calls), LP_OK);
	assert_int_equal(calls, 1);
	assert_int_equal(count(t, "SELECT COUNT(*) FROM audit_log WHERE id = 'r1'"), 1);
	assert_false(db_last_retryable(t->db));
	assert_int_equal(db_backup(t->db, "/nonexistent-dir/for/sure/b.db", &t->err), LP_EIO);
}

/* db_lock on SQLite: refused outside a transaction, nothing to do inside
 * (BEGIN IMMEDIATE holds the only write lock); db_stats counts write
 * transactions, the statements in them and the WAL pages their commits
 * wrote. */
static void
test_lock_and_stats(void **state)
{
	struct dbtest *t = *state;
	struct db_stats s0, s1;

	db_stats_get(t->db, &s0);
	assert_int_equal(db_lock(t->db, "x", &t->err), LP_EINTERNAL);
	assert_int_equal(db_begin(t->db, &t->err), LP_OK);
	assert_int_equal(db_lock(t->db, "x", &t->err), LP_OK);
	assert_int_equal(db_run(t->db, &t->err, NULL, "INSERT INTO audit_log (id, at, actor_id,"
				" entity, entity_id, action, changes) VALUES ('s1', 'now', 'system',"
				" 'x', 'y', 'create', '{}')", NULL), LP_OK);
	assert_int_equal(db_commit(t->db, &t->err), LP_OK);
	db_stats_get(t->db, &s1);
	assert_int_equal(s1.write_txns, s0.write_txns + 1);
	assert_int_equal(s1.write_statements, s0.write_statements + 1);
	assert_true(s1.wal_pages > s0.wal_pages);
	assert_true(s1.write_s >= s1.commit_s);

}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test_setup_teardown(test_open_sqlite_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_refuses_newer_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prepare_cache_and_binds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_db_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_constraint_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deferred_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_connection_sees_commits, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_audit_log_is_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serializable_retry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_and_stats, setup, teardown),
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
