/* db_postgres.c: the PostgreSQL backend (libpq), for several servers on one
 * database
 *
 * One struct pg_db is one libpq connection, used by one thread (the server
 * keeps one per worker thread). Statements are prepared on the server
 * (PQprepare) once per connection and cached by their SQL text, as the
 * SQLite backend does; the `?` placeholders of the portable SQL become $1,
 * $2, ... Every value travels as text and PostgreSQL infers its type from
 * the SQL; where it cannot (a bare `? IS NULL`), the SQL says
 * CAST(? AS TEXT), which both engines accept. Results are read whole
 * (PQexecPrepared), so a statement's rows stay readable while other
 * statements run on the same connection.
 *
 * Lost connections: when a statement finds the connection gone, the backend
 * reconnects (PQreset) and logs one line saying so. Outside a transaction
 * the statement is then retried once, transparently; inside one the work
 * of the transaction is gone, so the statement fails and every further
 * statement fails too until the caller rolls back. The prepared statements
 * are prepared again on the new connection when next used.
 *
 * Isolation levels, by kind of operation:
 *   - db_begin (every ordinary write: catalog records, accounts, sessions,
 *     the audit log) runs at READ COMMITTED, PostgreSQL's default. That is
 *     enough because the domain writes with optimistic versions: an UPDATE
 *     ... WHERE id = ? AND version = ? that meets a concurrent update of
 *     the same row waits for it, then re-checks the WHERE on the new row
 *     and changes nothing, so the loser gets a 409 and no update is lost.
 *     Uniqueness is the engine's (unique indexes), and upserts are
 *     INSERT ... ON CONFLICT, atomic at any level.
 *   - db_begin_serializable (money movements: vouchers, the ledger) runs at
 *     SERIALIZABLE. A payment checks a balance that is a sum over ledger
 *     rows and then inserts a row; row locks cannot cover rows that do not
 *     exist yet (a second redemption inserts a new row, it does not update
 *     the one the first read), so two servers could both see enough money.
 *     SERIALIZABLE makes PostgreSQL detect exactly that and fail one of
 *     them with a serialization failure, which db_error reports as a
 *     retryable LP_ECONFLICT (db_last_retryable). db_serializable_retry
 *     runs such an operation again a few times, so callers need not know.
 *     We chose this over SELECT ... FOR UPDATE because it stays correct
 *     when a later change adds a read the author forgot to lock, and
 *     because on SQLite (BEGIN IMMEDIATE, one writer) it means the same.
 *   - The money domain (voucher.c, ledger.c) itself runs in db_begin
 *     transactions, at READ COMMITTED (the API's idempotency wrapper
 *     begins them), and stays correct there because each of its checks is
 *     one of: a conditional UPDATE that re-checks after waiting for a
 *     concurrent writer (a state move from 'reserved', a version, a
 *     balance that may not go negative: ledger.c's account_apply); or,
 *     for a read of rows followed by an insert of a new one (the
 *     per-learner voucher maximum, employer contributions up to what is
 *     left to pay), db_lock first: an advisory lock held to the end of
 *     the transaction, after which the read sees every earlier holder's
 *     commit. So parallel issues in one scheme queue on the budget row
 *     instead of failing with serialization errors.
 * Read-only requests need no transaction: each statement sees a consistent
 * snapshot on its own.
 */
#include "db/db_backend.h"
#include "base/log.h"
#include "base/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 256
#define MAX_PARAMS 200

struct pg_stmt {
	struct db_stmt base;
	struct pg_db *db;
	char *sql;                 /* the portable text: the cache key */
	char *pgsql;               /* with $1, $2, ... */
	char name[24];             /* the server-side name */
	unsigned prepared_gen;     /* the connection generation it was prepared on */
	int nparams;
	char **values;             /* nparams bound values, owned; NULL is SQL NULL */
	PGresult *res;             /* the result while stepping */
	int row;                   /* the current row of res */
	struct pg_stmt *next;      /* chain in a cache slot */
};

struct pg_db {
	struct db base;
	PGconn *conn;
	struct pg_stmt *cache[CACHE_SLOTS];
	unsigned generation;       /* bumped by every reconnect */
	unsigned next_name;
	bool tx_lost;              /* the connection was lost inside a transaction */
	int64_t changes;
	char sqlstate[6];          /* of the last failure, "" if none */
	char message[256];
};

static unsigned
sql_hash(const char *s)
{
	unsigned h = 2166136261u;   /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Notices (e.g. "there is no transaction in progress") are not errors. */
static void
ignore_notice(void *arg, const char *message)
{
	(void)arg;
	log_debug("postgres: %s", message);
}

/* Remembers the failure of res (may be NULL) for db_error. */
static void
note_failure(struct pg_db *d, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	size_t n;

	snprintf(d->sqlstate, sizeof(d->sqlstate), "%s", state ? state : "08006");
	snprintf(d->message, sizeof(d->message), "%s",
		 msg ? msg : (PQerrorMessage(d->conn) ? PQerrorMessage(d->conn) : "unknown"));
	/* one line for the log: newlines and tabs become spaces */
	for (char *p = d->message; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	n = strlen(d->message);
	while (n > 0 && d->message[n - 1] == ' ')
		d->message[--n] = '\0';
}

static void
clear_failure(struct pg_db *d)
{
	d->sqlstate[0] = '\0';
	d->message[0] = '\0';
}

/* The mapping of an SQLSTATE to a status, as db_sqlite does for its codes. */
static enum lp_status
pg_fail(struct pg_db *d, struct lp_error *err)
{
	const char *s = d->sqlstate;

	if (strcmp(s, "23505") == 0)
		return lp_fail(err, LP_ECONFLICT, NULL, "already exists (%s)", d->message);
	if (strcmp(s, "23503") == 0)
		return lp_fail(err, LP_EINVAL, NULL, "refers to something that does not exist");
	if (strncmp(s, "23", 2) == 0 || strcmp(s, "P0001") == 0)
		return lp_fail(err, LP_EINVAL, NULL, "not allowed by the database: %s", d->message);
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 || strcmp(s, "55P03") == 0)
		return lp_fail(err, LP_ECONFLICT, NULL,
			       "a concurrent change got in the way; try again");
	if (strncmp(s, "22", 2) == 0)
		return lp_fail(err, LP_EINVAL, NULL, "not a valid value: %s", d->message);
	return lp_fail(err, LP_EDB, NULL, "database error: %s", d->message);
}

/* True if the last failure was one that succeeds when tried again. */
static bool
pg_retryable(struct db *db)
{
	struct pg_db *d = (struct pg_db *)db;

	return strcmp(d->sqlstate, "40001") == 0 || strcmp(d->sqlstate, "40P01") == 0;
}

/* After a failure: if the connection is gone, reconnects and logs it.
 * Returns true if a statement outside a transaction may be tried again. */
static bool
recover(struct pg_db *d)
{
	char where[128];

	if (PQstatus(d->conn) != CONNECTION_BAD)
		return false;
	snprintf(where, sizeof(where), "%s:%s", PQhost(d->conn) ? PQhost(d->conn) : "?",
		 PQport(d->conn) ? PQport(d->conn) : "?");
	PQreset(d->conn);
	if (PQstatus(d->conn) != CONNECTION_OK) {
		char why[160];
		snprintf(why, sizeof(why), "%s", PQerrorMessage(d->conn));
		why[strcspn(why, "\n")] = '\0';
		log_error("postgres: lost the connection to %s (%s); cannot reconnect: %s", where,
			  d->message, why);
		return false;
	}
	d->generation++;
	log_warn("postgres: lost the connection to %s (%s); reconnected%s", where, d->message,
		 d->base.tx_depth > 0 ? ", the open transaction is lost" : "");
	if (d->base.tx_depth > 0) {
		/* the open transaction died with the old connection */
		d->tx_lost = true;
		return false;
	}
	return true;
}

/* Fails because an earlier statement of this transaction lost the connection. */
static void
note_tx_lost(struct pg_db *d)
{
	snprintf(d->sqlstate, sizeof(d->sqlstate), "08006");
	snprintf(d->message, sizeof(d->message),
		 "the connection was lost during the transaction; it was rolled back");
}

static enum lp_status
pg_exec_script(struct db *db, const char *sql, struct lp_error *err)
{
	struct pg_db *d = (struct pg_db *)db;
	PGresult *res;
	ExecStatusType st;

	if (d->tx_lost) {
		note_tx_lost(d);
		return pg_fail(d, err);
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		res = PQexec(d->conn, sql);
		st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
			PQclear(res);
			clear_failure(d);
			return LP_OK;
		}
		note_failure(d, res);
		PQclear(res);
		if (!recover(d))
			break;
	}
	return pg_fail(d, err);
}

static void pg_close(struct db *db);

static enum lp_status
pg_open(const char *url, struct db **out, struct lp_error *err)
{
	struct pg_db *d = xcalloc(1, sizeof(*d));
	/* the URL comes last, so what it says wins */
	const char *const keys[] = { "application_name", "connect_timeout", "client_encoding",
				     "dbname", NULL };
	const char *const values[] = { "leerpad", "10", "UTF8", url, NULL };
	enum lp_status rc;

	d->base.backend = &db_postgres_backend;
	d->conn = PQconnectdbParams(keys, values, 1);
	if (!d->conn || PQstatus(d->conn) != CONNECTION_OK) {
		char msg[256];
		snprintf(msg, sizeof(msg), "%s", d->conn ? PQerrorMessage(d->conn) : "out of memory");
		msg[strcspn(msg, "\n")] = '\0';
		rc = lp_fail(err, LP_EIO, "db", "cannot connect to PostgreSQL: %s", msg);
		pg_close(&d->base);
		return rc;
	}
	PQsetNoticeProcessor(d->conn, ignore_notice, NULL);
	/* the portable SQL writes ESCAPE '\' for a single backslash */
	rc = pg_exec_script(&d->base, "SET client_min_messages = warning;"
			    "SET standard_conforming_strings = on", err);
	if (rc) {
		pg_close(&d->base);
		return rc;
	}
	*out = &d->base;
	return LP_OK;
}

static void
free_values(struct pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
	}
}

static void
pg_close(struct db *db)
{
	struct pg_db *d = (struct pg_db *)db;

	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct pg_stmt *s = d->cache[i];
		while (s) {
			struct pg_stmt *next = s->next;
			PQclear(s->res);
			free_values(s);
			free(s->values);
			free(s->sql);
			free(s->pgsql);
			free(s);
			s = next;
		}
	}
	if (d->conn)
		PQfinish(d->conn);
	free(d);
}

/* Rewrites the `?` placeholders of sql as $1, $2, ..., leaving quoted
 * strings, quoted names and comments alone. Returns the new text (caller
 * frees) and the number of placeholders in *count. */
static char *
number_placeholders(const char *sql, int *count)
{
	size_t len = strlen(sql);
	/* each ? grows to at most $NNN: 4 bytes */
	size_t size = len * 4 + 1;
	char *out = xmalloc(size), *o = out;
	int n = 0;

	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			*o++ = *p++;
			while (*p && *p != q)
				*o++ = *p++;
			if (!*p)
				break;
			*o++ = *p;          /* the closing quote; '' reopens */
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
			if (!*p)
				break;
			*o++ = *p;
		} else if (*p == '?') {
			o += snprintf(o, size - (size_t)(o - out), "$%d", ++n);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	*count = n;
	return out;
}

/* Prepares s on the current connection, reconnecting once if it is gone. */
static enum lp_status
prepare_on_server(struct pg_db *d, struct pg_stmt *s, struct lp_error *err)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		PGresult *res = PQprepare(d->conn, s->name, s->pgsql, 0, NULL);
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			s->prepared_gen = d->generation;
			return LP_OK;
		}
		note_failure(d, res);
		PQclear(res);
		if (!recover(d))
			break;
	}
	if (strcmp(d->sqlstate, "08006") == 0 || strncmp(d->sqlstate, "08", 2) == 0)
		return pg_fail(d, err);
	return lp_fail(err, LP_EDB, NULL, "cannot prepare statement: %s", d->message);
}

static enum lp_status
pg_prepare(struct db *db, const char *sql, struct db_stmt **out, struct lp_error *err)
{
	struct pg_db *d = (struct pg_db *)db;
	unsigned slot = sql_hash(sql) % CACHE_SLOTS;
	struct pg_stmt *s;
	enum lp_status rc;

	for (s = d->cache[slot]; s; s = s->next) {
		if (strcmp(s->sql, sql) == 0) {
			*out = &s->base;
			return LP_OK;
		}
	}
	if (d->tx_lost) {
		note_tx_lost(d);
		return pg_fail(d, err);
	}
	s = xcalloc(1, sizeof(*s));
	s->base.backend = &db_postgres_backend;
	s->db = d;
	s->pgsql = number_placeholders(sql, &s->nparams);
	if (s->nparams > MAX_PARAMS) {
		free(s->pgsql);
		free(s);
		return lp_fail(err, LP_EINTERNAL, NULL, "too many parameters in one statement");
	}
	snprintf(s->name, sizeof(s->name), "lp%u", d->next_name++);
	rc = prepare_on_server(d, s, err);
	if (rc) {
		free(s->pgsql);
		free(s);
		return rc;
	}
	s->values = xcalloc((size_t)(s->nparams ? s->nparams : 1), sizeof(*s->values));
	s->sql = xstrdup(sql);
	s->row = -1;
	s->next = d->cache[slot];
	d->cache[slot] = s;
	*out = &s->base;
	return LP_OK;
}

static void
pg_bind_text(struct db_stmt *st, int idx, const char *text)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (idx < 1 || idx > s->nparams)
		return;
	free(s->values[idx - 1]);
	s->values[idx - 1] = text ? xstrdup(text) : NULL;
}

static void
pg_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	char text[24];

	snprintf(text, sizeof(text), "%lld", (long long)value);
	pg_bind_text(st, idx, text);
}

static void
pg_bind_null(struct db_stmt *st, int idx)
{
	pg_bind_text(st, idx, NULL);
}

/* Runs s with its bound values; the result goes into s->res. */
static bool
execute(struct pg_stmt *s)
{
	struct pg_db *d = s->db;

	if (d->tx_lost) {
		note_tx_lost(d);
		return false;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		PGresult *res;
		ExecStatusType st;

		if (s->prepared_gen != d->generation &&
		    prepare_on_server(d, s, NULL) != LP_OK)
			return false;
		res = PQexecPrepared(d->conn, s->name, s->nparams,
				     (const char *const *)s->values, NULL, NULL, 0);
		st = PQresultStatus(res);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			const char *tuples = PQcmdTuples(res);
			d->changes = tuples && *tuples ? strtoll(tuples, NULL, 10) : 0;
			clear_failure(d);
			s->res = res;
			s->row = -1;
			return true;
		}
		note_failure(d, res);
		PQclear(res);
		if (!recover(d))
			break;
	}
	return false;
}

static enum db_step_result
pg_step(struct db_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (!s->res && !execute(s))
		return DB_ERROR;
	s->row++;
	return s->row < PQntuples(s->res) ? DB_ROW : DB_DONE;
}

static void
pg_reset(struct db_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	free_values(s);
}

static int
pg_column_count(struct db_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	return s->res ? PQnfields(s->res) : 0;
}

static const char *
pg_column_name(struct db_stmt *st, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	return s->res && col < PQnfields(s->res) ? PQfname(s->res, col) : NULL;
}

/* True if the statement stands on a row that has column col. */
static bool
on_row(const struct pg_stmt *s, int col)
{
	return s->res && s->row >= 0 && s->row < PQntuples(s->res) && col >= 0 &&
	       col < PQnfields(s->res);
}

static const char *
pg_column_text(struct db_stmt *st, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (!on_row(s, col) || PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

/* Integers arrive as text; booleans (from a comparison) as "t" or "f". */
static int64_t
pg_column_int(struct db_stmt *st, int col)
{
	const char *text = pg_column_text(st, col);

	if (!text)
		return 0;
	if (strcmp(text, "t") == 0)
		return 1;
	if (strcmp(text, "f") == 0)
		return 0;
	return strtoll(text, NULL, 10);
}

static bool
pg_column_is_null(struct db_stmt *st, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	return !on_row(s, col) || PQgetisnull(s->res, s->row, col);
}

static enum lp_status
pg_error(struct db *db, struct lp_error *err)
{
	return pg_fail((struct pg_db *)db, err);
}

static enum lp_status
pg_begin(struct db *db, struct lp_error *err)
{
	if (db->tx_depth > 0)
		return lp_fail(err, LP_EINTERNAL, NULL, "a transaction is open already");
	return pg_exec_script(db, "BEGIN ISOLATION LEVEL READ COMMITTED", err);
}

static enum lp_status
pg_begin_serializable(struct db *db, struct lp_error *err)
{
	if (db->tx_depth > 0)
		return lp_fail(err, LP_EINTERNAL, NULL, "a transaction is open already");
	return pg_exec_script(db, "BEGIN ISOLATION LEVEL SERIALIZABLE", err);
}

/* db_lock: pg_advisory_xact_lock on the 64-bit FNV-1a hash of name,
 * released by PostgreSQL when the transaction ends (after its commit is
 * visible to others). */
static enum lp_status
pg_lock(struct db *db, const char *name, struct lp_error *err)
{
	uint64_t h = 14695981039346656037u;
	struct db_stmt *st;
	enum lp_status rc;

	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	rc = db_prepare(db, "SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))", &st, err);
	if (rc)
		return rc;
	db_bind_int(st, 1, (int64_t)h);
	if (db_step(st) == DB_ERROR)
		rc = db_error(db, err);
	db_reset(st);
	return rc;
}

/* Commits. PostgreSQL answers COMMIT of a transaction that had a failed
 * statement with "ROLLBACK" and no error: that is a failure here. */
static enum lp_status
pg_commit(struct db *db, struct lp_error *err)
{
	struct pg_db *d = (struct pg_db *)db;
	PGresult *res;
	enum lp_status rc = LP_OK;

	if (d->tx_lost) {
		d->tx_lost = false;
		note_tx_lost(d);
		return pg_fail(d, err);
	}
	res = PQexec(d->conn, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		note_failure(d, res);
		rc = pg_fail(d, err);
		recover(d);
		d->tx_lost = false;
	} else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		snprintf(d->sqlstate, sizeof(d->sqlstate), "25P02");
		snprintf(d->message, sizeof(d->message),
			 "a statement of the transaction failed; it was rolled back");
		rc = pg_fail(d, err);
	}
	PQclear(res);
	if (rc && PQtransactionStatus(d->conn) != PQTRANS_IDLE)
		PQclear(PQexec(d->conn, "ROLLBACK"));
	return rc;
}

static void
pg_rollback(struct db *db)
{
	struct pg_db *d = (struct pg_db *)db;

	d->tx_lost = false;
	if (PQtransactionStatus(d->conn) != PQTRANS_IDLE)
		PQclear(PQexec(d->conn, "ROLLBACK"));
}

static int64_t
pg_changes(struct db *db)
{
	return ((struct pg_db *)db)->changes;
}

const struct db_backend db_postgres_backend = {
	.name = "postgres",
	.open = pg_open,
	.close = pg_close,
	.exec_script = pg_exec_script,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.reset = pg_reset,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.column_text = pg_column_text,
	.column_int = pg_column_int,
	.column_is_null = pg_column_is_null,
	.error = pg_error,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.changes = pg_changes,
	.begin_serializable = pg_begin_serializable,
	.retryable = pg_retryable,
	.lock = pg_lock,
};
