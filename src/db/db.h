/* db.h: the one small database interface of leerpad
 *
 * The domain talks SQL through this interface only. SQL uses `?`
 * placeholders and portable types (TEXT, INTEGER, BIGINT); a backend
 * rewrites what its engine needs (the PostgreSQL backend numbers the
 * placeholders). Values are always bound, never pasted into SQL text.
 *
 * A struct db is one connection and is used by one thread at a time.
 * Statements come from a per-connection cache: db_prepare returns a
 * statement ready to bind; db_reset hands it back. A statement stays valid
 * until the connection closes.
 */
#ifndef LEERPAD_DB_H
#define LEERPAD_DB_H

#include "base/error.h"

#include <stdbool.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_step_result { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1 };

/* Opens a connection to url: "sqlite:PATH", or a plain PATH (SQLite), or
 * "postgres://user:password@host:port/database?options" (PostgreSQL; any
 * libpq URI, also "postgresql://").
 * On success *out is owned by the caller and closed with db_close. */
enum lp_status db_open(const char *url, struct db **out, struct lp_error *err);
void db_close(struct db *db);
/* "sqlite" or "postgres": migrations pick their dialect with it. */
const char *db_backend_name(const struct db *db);

/* Runs a script of statements without parameters (migrations only). */
enum lp_status db_exec_script(struct db *db, const char *sql, struct lp_error *err);

/* Returns a cached, reset statement for sql in *out. */
enum lp_status db_prepare(struct db *db, const char *sql, struct db_stmt **out,
			  struct lp_error *err);
/* Binds a parameter; idx counts from 1. A NULL text binds SQL NULL. */
void db_bind_text(struct db_stmt *st, int idx, const char *text);
void db_bind_int(struct db_stmt *st, int idx, int64_t value);
void db_bind_null(struct db_stmt *st, int idx);
/* Steps the statement; on DB_ERROR, db_error tells what failed. */
enum db_step_result db_step(struct db_stmt *st);
/* Resets the statement and clears its bindings for the next use. */
void db_reset(struct db_stmt *st);

int db_column_count(struct db_stmt *st);
const char *db_column_name(struct db_stmt *st, int col);
/* Text of a column of the current row, NULL for SQL NULL; valid until the
 * next step or reset. */
const char *db_column_text(struct db_stmt *st, int col);
int64_t db_column_int(struct db_stmt *st, int col);
bool db_column_is_null(struct db_stmt *st, int col);

/* Maps the connection's last failure to a status: a unique or primary key
 * violation is LP_ECONFLICT, a foreign key or check violation LP_EINVAL, a
 * busy database after the timeout LP_ECONFLICT, anything else LP_EDB. On
 * PostgreSQL also: a serialization failure or deadlock is LP_ECONFLICT
 * (db_last_retryable says so), a value of the wrong type LP_EINVAL. */
enum lp_status db_error(struct db *db, struct lp_error *err);

/* Transactions. db_begin takes the write lock at once (SQLite BEGIN
 * IMMEDIATE), so two writers never deadlock on a lock upgrade; on
 * PostgreSQL it begins at READ COMMITTED, where writers wait only for the
 * rows they share (db_postgres.c says why that is enough). A db_begin
 * inside an open transaction fails, unless that transaction was begun with
 * db_begin_nestable: inside one, db_begin sets a savepoint, whose db_commit
 * releases it and whose db_rollback undoes only what came after it. So an
 * operation that is one transaction on its own (entity_create) can also be
 * one step of a larger one (an import, the demo loader); the outer
 * db_commit or db_rollback ends it all. */
enum lp_status db_begin(struct db *db, struct lp_error *err);
enum lp_status db_begin_nestable(struct db *db, struct lp_error *err);
/* Begins a transaction for money movements (vouchers, the ledger): at
 * SERIALIZABLE on PostgreSQL, where a concurrent server's conflicting
 * transaction makes one of them fail with a retryable LP_ECONFLICT (see
 * db_postgres.c for why this and not row locks); on SQLite the same as
 * db_begin, which is serializable already. Inside a db_begin_nestable
 * transaction it is a savepoint like db_begin there (the outer
 * transaction's level applies); inside a plain one it fails. */
enum lp_status db_begin_serializable(struct db *db, struct lp_error *err);
/* True if the connection's last failure was a serialization failure or a
 * deadlock: the whole transaction may be run again and will likely pass. */
bool db_last_retryable(struct db *db);
/* Runs fn(db, arg, err) in a db_begin_serializable transaction and commits;
 * when fn or the commit fails with a retryable conflict, rolls back and runs
 * it again, up to DB_RETRY_ATTEMPTS times in all. fn must do nothing
 * outside the database that it cannot do twice. Returns fn's or the
 * commit's status; after the last attempt, the LP_ECONFLICT. Inside a
 * nestable transaction fn runs once, in a savepoint. */
#define DB_RETRY_ATTEMPTS 5
enum lp_status db_serializable_retry(struct db *db, struct lp_error *err,
				     enum lp_status (*fn)(struct db *db, void *arg,
							  struct lp_error *err),
				     void *arg);
enum lp_status db_commit(struct db *db, struct lp_error *err);
void db_rollback(struct db *db);
/* A nestable transaction that begins only when first needed: the first
 * db_begin* (or db_lock) on db begins it as db_begin_nestable would, and is
 * then itself a savepoint of it, as inside db_begin_nestable. Statements
 * before that run on their own, outside any transaction (the reads an
 * operation makes before it takes the write lock). db_begin_deferred_now
 * begins it if nothing has yet (LP_OK if begun already); db_commit and
 * db_rollback end it, begun or not. For a wrapper that adds its own rows to
 * the transaction of the operation it runs (the API's idempotency keys)
 * without holding SQLite's write lock over the operation's reads. Inside an
 * open transaction or snapshot: LP_EINTERNAL. */
enum lp_status db_begin_deferred(struct db *db, struct lp_error *err);
enum lp_status db_begin_deferred_now(struct db *db, struct lp_error *err);

/* Takes the lock called name until the open write transaction ends, so
 * every transaction that takes the same name runs its following statements
 * after the one before it committed. For a check that reads rows and then
 * inserts one (a count under a maximum, a sum under a cap), which neither
 * a row lock (the row does not exist yet) nor READ COMMITTED covers; the
 * statements after db_lock see what every earlier holder committed (READ
 * COMMITTED takes a new snapshot per statement). On PostgreSQL a
 * transaction-level advisory lock on a 64-bit hash of name (two names
 * with one hash only wait for each other needlessly); on SQLite nothing is
 * needed: db_begin holds the database's only write lock already. Outside a
 * transaction: LP_EINTERNAL. */
enum lp_status db_lock(struct db *db, const char *name, struct lp_error *err);

/* Writes a consistent copy of the database, while it is in use, to the
 * new file path (SQLite's online backup API). PostgreSQL has its own
 * tools for that (pg_dump): there this is LP_EUNSUPPORTED. */
enum lp_status db_backup(struct db *db, const char *path, struct lp_error *err);
/* A read snapshot: every statement until db_read_end sees the database as
 * it was at the first of them, and the engine's read lock is taken once
 * instead of per statement (SQLite: a deferred BEGIN ... COMMIT). For
 * handlers that only read, such as a page built from several queries.
 * Inside an open transaction or snapshot it does nothing (and the matching
 * db_read_end does nothing either); db_begin inside a snapshot is refused
 * with LP_EINTERNAL, since the snapshot is not meant for writes. */
enum lp_status db_read_begin(struct db *db, struct lp_error *err);
/* Ends what db_read_begin began. */
void db_read_end(struct db *db);
/* Ends every snapshot still open on db; true if there was one. The server
 * calls it after each request, so that a handler that missed its
 * db_read_end cannot leave the thread's connection holding a snapshot. */
bool db_read_end_all(struct db *db);

/* What a connection did, for benchmarks and diagnosis: write transactions
 * (outermost db_begin* to db_commit / db_rollback), the statements
 * prepared inside them, the seconds spent waiting to begin them (the write
 * lock), between begin and end (holding it) and in the COMMIT itself (on
 * SQLite: writing the WAL, fsync, and any checkpoint), and how often the
 * engine's busy handler waited for another writer. */
struct db_stats {
	uint64_t write_txns;
	uint64_t write_statements;
	uint64_t busy_waits;
	double begin_wait_s;
	double write_s;
	double commit_s;
	uint64_t wal_pages;     /* SQLite: pages its commits appended to the WAL */
	uint64_t checkpoints;   /* SQLite: WAL checkpoints its commits ran */
	double checkpoint_s;    /* SQLite: seconds in them, part of commit_s and
				 * write_s, though SQLite runs them after it has
				 * released the write lock */
};
/* Copies the connection's counters into *out (since db_open). */
void db_stats_get(const struct db *db, struct db_stats *out);

/* Runs one statement to completion with parameters given by types:
 * 's' text (NULL binds NULL), 'i' int64_t, 'n' NULL (no argument).
 * *changes (may be NULL) receives the number of rows changed. */
enum lp_status db_run(struct db *db, struct lp_error *err, int64_t *changes,
		      const char *sql, const char *types, ...);
/* Number of rows changed by the last statement. */
int64_t db_changes(struct db *db);

#endif
