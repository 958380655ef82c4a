/* db.c: the database interface, dispatching to a backend */
#include "db/db_backend.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Monotonic seconds, for db_stats. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Notes that an outermost write transaction began (waited since start). */
static void
stats_began(struct db *db, double start)
{
	db->tx_began = now_s();
	db->stats.begin_wait_s += db->tx_began - start;
}

/* Notes that the outermost write transaction ended. */
static void
stats_ended(struct db *db)
{
	db->stats.write_txns++;
	db->stats.write_s += now_s() - db->tx_began;
}

void
db_stats_get(const struct db *db, struct db_stats *out)
{
	*out = db->stats;
}

void
db_stats_busy_wait(struct db *db)
{
	db->stats.busy_waits++;
}

void
db_stats_wal(struct db *db, uint64_t pages, bool checkpoint)
{
	db->stats.wal_pages += pages;
	if (checkpoint)
		db->stats.checkpoints++;
}

void
db_stats_checkpoint_s(struct db *db, double s)
{
	db->stats.checkpoint_s += s;
}

enum lp_status
db_open(const char *url, struct db **out, struct lp_error *err)
{
	*out = NULL;
	if (!url || !*url)
		return lp_fail(err, LP_EINVAL, "db", "no database given");
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return db_postgres_backend.open(url, out, err);
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return db_sqlite_backend.open(url, out, err);
}

void
db_close(struct db *db)
{
	if (db)
		db->backend->close(db);
}

const char *
db_backend_name(const struct db *db)
{
	return db->backend->name;
}

enum lp_status
db_exec_script(struct db *db, const char *sql, struct lp_error *err)
{
	return db->backend->exec_script(db, sql, err);
}

enum lp_status
db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct lp_error *err)
{
	if (db->tx_depth > 0)
		db->stats.write_statements++;
	return db->backend->prepare(db, sql, out, err);
}

void
db_bind_text(struct db_stmt *st, int idx, const char *text)
{
	st->backend->bind_text(st, idx, text);
}

void
db_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	st->backend->bind_int(st, idx, value);
}

void
db_bind_null(struct db_stmt *st, int idx)
{
	st->backend->bind_null(st, idx);
}

enum db_step_result
db_step(struct db_stmt *st)
{
	return st->backend->step(st);
}

void
db_reset(struct db_stmt *st)
{
	if (st)
		st->backend->reset(st);
}

int
db_column_count(struct db_stmt *st)
{
	return st->backend->column_count(st);
}

const char *
db_column_name(struct db_stmt *st, int col)
{
	return st->backend->column_name(st, col);
}

const char *
db_column_text(struct db_stmt *st, int col)
{
	return st->backend->column_text(st, col);
}

int64_t
db_column_int(struct db_stmt *st, int col)
{
	return st->backend->column_int(st, col);
}

bool
db_column_is_null(struct db_stmt *st, int col)
{
	return st->backend->column_is_null(st, col);
}

enum lp_status
db_error(struct db *db, struct lp_error *err)
{
	return db->backend->error(db, err);
}

/* The savepoint of nesting level depth (2 and up) into out. */
static void
savepoint_sql(char *out, size_t size, const char *verb, int depth)
{
	snprintf(out, size, "%s lp_tx_%d", verb, depth);
}

/* Begins the transaction db_begin_deferred put off, as db_begin_nestable. */
static enum lp_status
begin_deferred(struct db *db, struct lp_error *err)
{
	db->tx_deferred = false;
	return db_begin_nestable(db, err);
}

enum lp_status
db_begin(struct db *db, struct lp_error *err)
{
	char sql[64];
	enum lp_status rc;

	if (db->read_open)
		return lp_fail(err, LP_EINTERNAL, NULL, "a write inside a read snapshot");
	if (db->tx_deferred) {
		rc = begin_deferred(db, err);
		if (rc)
			return rc;
	}
	if (db->tx_depth > 0 && !db->tx_nestable)
		return db->backend->begin(db, err);   /* refused: no nesting */
	if (db->tx_depth == 0) {
		double start = now_s();

		rc = db->backend->begin(db, err);
		if (!rc)
			stats_began(db, start);
	} else {
		savepoint_sql(sql, sizeof(sql), "SAVEPOINT", db->tx_depth + 1);
		rc = db->backend->exec_script(db, sql, err);
	}
	if (!rc)
		db->tx_depth++;
	return rc;
}

enum lp_status
db_begin_serializable(struct db *db, struct lp_error *err)
{
	enum lp_status rc;
	double start;

	/* inside a nestable transaction (an import, the demo loader, a
	 * deferred one) a savepoint of it, at its level */
	if (db->tx_depth > 0 || db->tx_deferred)
		return db_begin(db, err);
	start = now_s();
	rc = db->backend->begin_serializable ? db->backend->begin_serializable(db, err)
					     : db->backend->begin(db, err);
	if (!rc) {
		stats_began(db, start);
		db->tx_depth = 1;
	}
	return rc;
}

bool
db_last_retryable(struct db *db)
{
	return db->backend->retryable ? db->backend->retryable(db) : false;
}

enum lp_status
db_serializable_retry(struct db *db, struct lp_error *err,
		      enum lp_status (*fn)(struct db *db, void *arg, struct lp_error *err),
		      void *arg)
{
	enum lp_status rc = LP_OK;

	if (db->tx_depth > 0 || db->tx_deferred) {
		/* a step of a larger transaction: once, in a savepoint; only
		 * the outer transaction could be run again */
		rc = db_begin(db, err);
		if (rc)
			return rc;
		rc = fn(db, arg, err);
		if (!rc)
			return db_commit(db, err);
		db_rollback(db);
		return rc;
	}
	for (int attempt = 0; attempt < DB_RETRY_ATTEMPTS; attempt++) {
		rc = db_begin_serializable(db, err);
		if (!rc)
			rc = fn(db, arg, err);
		if (!rc)
			rc = db_commit(db, err);
		else
			db_rollback(db);
		if (rc != LP_ECONFLICT || !db_last_retryable(db))
			return rc;
	}
	return rc;
}

enum lp_status
db_lock(struct db *db, const char *name, struct lp_error *err)
{
	if (db->tx_deferred) {
		enum lp_status rc = begin_deferred(db, err);

		if (rc)
			return rc;
	}
	if (db->tx_depth == 0)
		return lp_fail(err, LP_EINTERNAL, NULL, "a lock outside a transaction");
	return db->backend->lock ? db->backend->lock(db, name, err) : LP_OK;
}

enum lp_status
db_begin_nestable(struct db *db, struct lp_error *err)
{
	enum lp_status rc;
	double start = now_s();

	if (db->read_open)
		return lp_fail(err, LP_EINTERNAL, NULL, "a write inside a read snapshot");
	if (db->tx_depth > 0 || db->tx_deferred)
		return lp_fail(err, LP_EINTERNAL, NULL, "a transaction is open already");
	rc = db->backend->begin(db, err);
	if (!rc) {
		stats_began(db, start);
		db->tx_depth = 1;
		db->tx_nestable = true;
	}
	return rc;
}

enum lp_status
db_begin_deferred(struct db *db, struct lp_error *err)
{
	if (db->read_open || db->tx_depth > 0 || db->tx_deferred)
		return lp_fail(err, LP_EINTERNAL, NULL, "a transaction is open already");
	db->tx_deferred = true;
	return LP_OK;
}

enum lp_status
db_begin_deferred_now(struct db *db, struct lp_error *err)
{
	if (db->tx_deferred)
		return begin_deferred(db, err);
	if (db->tx_depth == 0)
		return lp_fail(err, LP_EINTERNAL, NULL, "no deferred transaction");
	return LP_OK;
}

enum lp_status
db_commit(struct db *db, struct lp_error *err)
{
	char sql[64];
	enum lp_status rc;

	if (db->tx_deferred) {
		/* deferred and never begun: nothing to commit */
		db->tx_deferred = false;
		return LP_OK;
	}
	if (db->tx_depth <= 1) {
		/* the backend rolls back a commit that fails */
		bool open = db->tx_depth == 1;
		double start = now_s();

		db->tx_depth = 0;
		db->tx_nestable = false;
		rc = db->backend->commit(db, err);
		db->stats.commit_s += now_s() - start;
		if (open)
			stats_ended(db);
		return rc;
	}
	savepoint_sql(sql, sizeof(sql), "RELEASE SAVEPOINT", db->tx_depth);
	rc = db->backend->exec_script(db, sql, err);
	if (!rc)
		db->tx_depth--;
	return rc;
}

void
db_rollback(struct db *db)
{
	char sql[96];

	if (db->tx_deferred) {
		db->tx_deferred = false;
		return;
	}
	if (db->tx_depth <= 1) {
		bool open = db->tx_depth == 1;

		db->tx_depth = 0;
		db->tx_nestable = false;
		db->backend->rollback(db);
		if (open)
			stats_ended(db);
		return;
	}
	snprintf(sql, sizeof(sql), "ROLLBACK TO SAVEPOINT lp_tx_%d; RELEASE SAVEPOINT lp_tx_%d",
		 db->tx_depth, db->tx_depth);
	db->backend->exec_script(db, sql, NULL);
	db->tx_depth--;
}

enum lp_status
db_read_begin(struct db *db, struct lp_error *err)
{
	enum lp_status rc;

	/* nested, inside a transaction, or a backend without snapshots: the
	 * statements already share one, or run as they would without */
	if (db->read_depth++ > 0 || db->tx_depth > 0 || !db->backend->read_begin)
		return LP_OK;
	rc = db->backend->read_begin(db, err);
	if (rc) {
		db->read_depth--;
		return rc;
	}
	db->read_open = true;
	return LP_OK;
}

void
db_read_end(struct db *db)
{
	if (db->read_depth == 0 || --db->read_depth > 0)
		return;
	if (db->read_open) {
		db->read_open = false;
		db->backend->read_end(db);
	}
}

bool
db_read_end_all(struct db *db)
{
	bool open = db->read_depth > 0;

	if (open) {
		db->read_depth = 1;
		db_read_end(db);
	}
	return open;
}

int64_t
db_changes(struct db *db)
{
	return db->backend->changes(db);
}

enum lp_status
db_run(struct db *db, struct lp_error *err, int64_t *changes, const char *sql,
       const char *types, ...)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	va_list ap;
	int idx = 1;

	rc = db_prepare(db, sql, &st, err);
	if (rc)
		return rc;
	va_start(ap, types);
	for (; types && *types; types++, idx++) {
		switch (*types) {
		case 's': db_bind_text(st, idx, va_arg(ap, const char *)); break;
		case 'i': db_bind_int(st, idx, va_arg(ap, int64_t)); break;
		default: db_bind_null(st, idx); break;
		}
	}
	va_end(ap);
	do {
		step = db_step(st);
	} while (step == DB_ROW);
	if (step == DB_ERROR) {
		rc = db_error(db, err);
		db_reset(st);
		return rc;
	}
	if (changes)
		*changes = db_changes(db);
	db_reset(st);
	return LP_OK;
}

enum lp_status
db_backup(struct db *db, const char *path, struct lp_error *err)
{
	if (!db->backend->backup)
		return lp_fail(err, LP_EUNSUPPORTED, "db",
			       "leerpad backup is for SQLite; back up PostgreSQL with pg_dump");
	return db->backend->backup(db, path, err);
}
