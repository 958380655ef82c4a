/* db.c: the database interface, dispatching to a backend */
#include "db/db_backend.h"

#include <stdarg.h>
#include <string.h>

enum lp_status
db_open(const char *url, struct db **out, struct lp_error *err)
{
	*out = NULL;
	if (!url || !*url)
		return lp_fail(err, LP_EINVAL, "db", "no database given");
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return lp_fail(err, LP_EUNSUPPORTED, "db",
			       "this build has no PostgreSQL backend yet");
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

enum lp_status
db_begin(struct db *db, struct lp_error *err)
{
	return db->backend->begin(db, err);
}

enum lp_status
db_commit(struct db *db, struct lp_error *err)
{
	return db->backend->commit(db, err);
}

void
db_rollback(struct db *db)
{
	db->backend->rollback(db);
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
