/* db_sqlite.c: the SQLite backend (the embedded default)
 *
 * Each connection runs in WAL mode with foreign keys on, a busy timeout and
 * synchronous=FULL (an acknowledged write survives a power cut),
 * so many reader threads and one writer at a time share one file. Prepared
 * statements are cached per connection by their SQL text.
 */
#include "db/db_backend.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_SLOTS 256
#define BUSY_TIMEOUT_MS 10000
#define CHECKPOINT_PAGES 1000   /* SQLite's default wal_autocheckpoint */

struct sqlite_stmt {
	struct db_stmt base;
	struct sqlite_db *db;
	sqlite3_stmt *st;
	char *sql;
	struct sqlite_stmt *next;   /* chain in a cache slot */
};

struct sqlite_db {
	struct db base;
	sqlite3 *handle;
	struct sqlite_stmt *cache[CACHE_SLOTS];
	int last_rc;
};

/* The WAL's length after the last commit of any connection of the process
 * (commits of one file come one at a time; with several files written at
 * once the page counts of db_stats are approximate). */
static _Atomic int wal_length;
/* The WAL length at which the next checkpoint is due (wal_committed). */
static _Atomic int next_checkpoint = CHECKPOINT_PAGES;

/* The cache slot's hash of a statement: its length and its first and
 * last 48 bytes (FNV-1a), not every byte of long statements, which are
 * looked up on every use; the chain compares whole texts. */
static unsigned
sql_hash(const char *s)
{
	unsigned h = 2166136261u;
	size_t len = strlen(s), i;

	for (i = 0; i < len && i < 48; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	for (i = len > 96 ? len - 48 : i; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return (h ^ (unsigned)len) * 16777619u;
}

static enum lp_status
sqlite_fail(struct sqlite_db *d, struct lp_error *err)
{
	int rc = d->last_rc;
	int ext = sqlite3_extended_errcode(d->handle);
	const char *msg = sqlite3_errmsg(d->handle);

	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return lp_fail(err, LP_ECONFLICT, NULL, "already exists (%s)", msg);
	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return lp_fail(err, LP_EINVAL, NULL, "refers to something that does not exist");
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return lp_fail(err, LP_EINVAL, NULL, "not allowed by the database: %s", msg);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return lp_fail(err, LP_ECONFLICT, NULL, "the database is busy; try again");
	return lp_fail(err, LP_EDB, NULL, "database error: %s", msg);
}

static enum lp_status
sqlite_exec_script(struct db *db, const char *sql, struct lp_error *err)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	char *msg = NULL;

	d->last_rc = sqlite3_exec(d->handle, sql, NULL, NULL, &msg);
	if ((d->last_rc & 0xff) == SQLITE_BUSY) {
		/* BEGIN IMMEDIATE after the busy timeout: as db.h promises */
		sqlite3_free(msg);
		return lp_fail(err, LP_ECONFLICT, NULL, "the database is busy; try again");
	}
	if (d->last_rc != SQLITE_OK) {
		enum lp_status rc = lp_fail(err, LP_EDB, NULL, "database error: %s",
					    msg ? msg : sqlite3_errstr(d->last_rc));
		sqlite3_free(msg);
		return rc;
	}
	return LP_OK;
}

static void sqlite_close(struct db *db);

/* SQLite's WAL hook, after each commit, with the WAL's length in pages.
 * SQLite's default hook runs a passive checkpoint after every commit once
 * the WAL holds 1000 pages (wal_autocheckpoint); while other connections
 * are reading, a checkpoint cannot copy the whole WAL, the WAL is not
 * restarted, and so every later commit checkpoints again (each with an
 * fsync of the database file), which with 16 writers happened every fifth
 * redemption. This hook checkpoints once per CHECKPOINT_PAGES the WAL
 * grew instead, and counts pages and checkpoints in the connection's
 * db_stats. Durability is not touched: a commit is on disk in the WAL
 * (synchronous=FULL) whether or not a checkpoint follows. */
static int
wal_committed(void *arg, sqlite3 *handle, const char *name, int pages)
{
	struct sqlite_db *d = arg;
	int before = atomic_exchange(&wal_length, pages);
	int due = atomic_load(&next_checkpoint);
	bool checkpoint;

	if (pages < before && due > CHECKPOINT_PAGES) {
		/* the WAL was restarted: count from its start again */
		atomic_compare_exchange_strong(&next_checkpoint, &due, CHECKPOINT_PAGES);
		due = atomic_load(&next_checkpoint);
	}
	checkpoint = pages >= due &&
		     atomic_compare_exchange_strong(&next_checkpoint, &due,
						    pages + CHECKPOINT_PAGES);
	db_stats_wal(&d->base, (uint64_t)(pages > before ? pages - before : pages), checkpoint);
	if (checkpoint) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		sqlite3_wal_checkpoint(handle, name);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		db_stats_checkpoint_s(&d->base, (double)(t1.tv_sec - t0.tv_sec) +
					     (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	return SQLITE_OK;
}

/* SQLite's busy handler: waits in the steps sqlite3_busy_timeout would
 * (1, 2, 5, ... 100 ms), up to BUSY_TIMEOUT_MS in all, and counts each wait
 * in the connection's db_stats. */
static int
busy_wait(void *arg, int count)
{
	static const int delays_ms[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
	const int n = (int)(sizeof(delays_ms) / sizeof(delays_ms[0]));
	struct sqlite_db *d = arg;
	int waited = 0, delay;

	for (int i = 0; i < count && i < n; i++)
		waited += delays_ms[i];
	if (count >= n)
		waited += (count - n) * delays_ms[n - 1];
	if (waited >= BUSY_TIMEOUT_MS)
		return 0;
	delay = count < n ? delays_ms[count] : delays_ms[n - 1];
	if (waited + delay > BUSY_TIMEOUT_MS)
		delay = BUSY_TIMEOUT_MS - waited;
	db_stats_busy_wait(&d->base);
	sqlite3_sleep(delay);
	return 1;
}

/* Once per process, before the first connection: no memory statistics,
 * which SQLite would otherwise keep under one global mutex that every
 * allocation of every thread takes. (It cannot be changed once SQLite is
 * initialised; then it just stays as it was.) */
static void
configure_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static enum lp_status
sqlite_open(const char *path, struct db **out, struct lp_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct sqlite_db *d = xcalloc(1, sizeof(*d));
	enum lp_status rc;

	pthread_once(&once, configure_once);
	d->base.backend = &db_sqlite_backend;
	d->last_rc = sqlite3_open_v2(path, &d->handle,
				     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOMUTEX, NULL);
	if (d->last_rc != SQLITE_OK) {
		rc = lp_fail(err, LP_EIO, "db", "cannot open database %s: %s", path,
			     d->handle ? sqlite3_errmsg(d->handle) : "out of memory");
		sqlite_close(&d->base);
		return rc;
	}
	sqlite3_busy_handler(d->handle, busy_wait, d);
	sqlite3_wal_hook(d->handle, wal_committed, d);
	sqlite3_extended_result_codes(d->handle, 1);
	rc = sqlite_exec_script(&d->base,
				"PRAGMA journal_mode=WAL;"
				"PRAGMA synchronous=FULL;"
				"PRAGMA foreign_keys=ON;"
				"PRAGMA temp_store=MEMORY;", err);
	if (rc) {
		sqlite_close(&d->base);
		return rc;
	}
	*out = &d->base;
	return LP_OK;
}

static void
sqlite_close(struct db *db)
{
	struct sqlite_db *d = (struct sqlite_db *)db;

	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct sqlite_stmt *s = d->cache[i];
		while (s) {
			struct sqlite_stmt *next = s->next;
			sqlite3_finalize(s->st);
			free(s->sql);
			free(s);
			s = next;
		}
	}
	sqlite3_close_v2(d->handle);
	free(d);
}

static enum lp_status
sqlite_prepare(struct db *db, const char *sql, struct db_stmt **out, struct lp_error *err)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	unsigned slot = sql_hash(sql) % CACHE_SLOTS;
	struct sqlite_stmt *s;

	for (s = d->cache[slot]; s; s = s->next) {
		if (strcmp(s->sql, sql) == 0) {
			*out = &s->base;
			return LP_OK;
		}
	}
	s = xcalloc(1, sizeof(*s));
	s->base.backend = &db_sqlite_backend;
	s->db = d;
	d->last_rc = sqlite3_prepare_v3(d->handle, sql, -1, SQLITE_PREPARE_PERSISTENT,
					&s->st, NULL);
	if (d->last_rc != SQLITE_OK) {
		enum lp_status rc = lp_fail(err, LP_EDB, NULL, "cannot prepare statement: %s",
					    sqlite3_errmsg(d->handle));
		free(s);
		return rc;
	}
	s->sql = xstrdup(sql);
	s->next = d->cache[slot];
	d->cache[slot] = s;
	*out = &s->base;
	return LP_OK;
}

static void
sqlite_bind_text(struct db_stmt *st, int idx, const char *text)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;

	if (text)
		sqlite3_bind_text(s->st, idx, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->st, idx);
}

static void
sqlite_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	sqlite3_bind_int64(((struct sqlite_stmt *)st)->st, idx, value);
}

static void
sqlite_bind_null(struct db_stmt *st, int idx)
{
	sqlite3_bind_null(((struct sqlite_stmt *)st)->st, idx);
}

static enum db_step_result
sqlite_step(struct db_stmt *st)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;
	int rc = sqlite3_step(s->st);

	s->db->last_rc = rc;
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return DB_ERROR;
}

static void
sqlite_reset(struct db_stmt *st)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;

	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static int
sqlite_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(((struct sqlite_stmt *)st)->st);
}

static const char *
sqlite_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(((struct sqlite_stmt *)st)->st, col);
}

static const char *
sqlite_column_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(((struct sqlite_stmt *)st)->st, col);
}

static int64_t
sqlite_column_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(((struct sqlite_stmt *)st)->st, col);
}

static bool
sqlite_column_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(((struct sqlite_stmt *)st)->st, col) == SQLITE_NULL;
}

static enum lp_status
sqlite_error(struct db *db, struct lp_error *err)
{
	return sqlite_fail((struct sqlite_db *)db, err);
}

/* Runs one statement without parameters through the cache: BEGIN and
 * COMMIT of every transaction and read snapshot are parsed once per
 * connection, not on every use as sqlite3_exec would. */
static enum lp_status
run_cached(struct db *db, const char *sql, struct lp_error *err)
{
	struct db_stmt *st;
	enum lp_status rc = sqlite_prepare(db, sql, &st, err);

	if (rc)
		return rc;
	if (sqlite_step(st) != DB_DONE)
		rc = sqlite_fail((struct sqlite_db *)db, err);
	sqlite_reset(st);
	return rc;
}

static enum lp_status
sqlite_begin(struct db *db, struct lp_error *err)
{
	return run_cached(db, "BEGIN IMMEDIATE", err);
}

static enum lp_status
sqlite_commit(struct db *db, struct lp_error *err)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	enum lp_status rc = run_cached(db, "COMMIT", err);

	if (rc && sqlite3_get_autocommit(d->handle) == 0)
		sqlite_exec_script(db, "ROLLBACK", NULL);
	return rc;
}

static void
sqlite_rollback(struct db *db)
{
	struct sqlite_db *d = (struct sqlite_db *)db;

	if (sqlite3_get_autocommit(d->handle) == 0)
		sqlite_exec_script(db, "ROLLBACK", NULL);
}

static enum lp_status
sqlite_read_begin(struct db *db, struct lp_error *err)
{
	/* deferred: the read lock comes with the first statement, and no
	 * write lock is ever asked for */
	return run_cached(db, "BEGIN DEFERRED", err);
}

static void
sqlite_read_end(struct db *db)
{
	struct sqlite_db *d = (struct sqlite_db *)db;

	/* a read-only transaction has nothing to lose: if COMMIT cannot end
	 * it (a statement still running), ROLLBACK does */
	if (run_cached(db, "COMMIT", NULL) != LP_OK && sqlite3_get_autocommit(d->handle) == 0)
		sqlite_exec_script(db, "ROLLBACK", NULL);
}

static int64_t
sqlite_changes(struct db *db)
{
	return sqlite3_changes64(((struct sqlite_db *)db)->handle);
}

/* Copies the live database page by page into path with the online backup
 * API: other connections may go on writing (the copy restarts when they
 * do, and is consistent when it ends). */
static enum lp_status
sqlite_backup(struct db *db, const char *path, struct lp_error *err)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	sqlite3 *dest = NULL;
	sqlite3_backup *b;
	enum lp_status rc = LP_OK;
	int step;

	if (sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		rc = lp_fail(err, LP_EIO, "to", "cannot create %s: %s", path,
			     dest ? sqlite3_errmsg(dest) : "out of memory");
		sqlite3_close(dest);
		return rc;
	}
	b = sqlite3_backup_init(dest, "main", d->handle, "main");
	if (!b) {
		rc = lp_fail(err, LP_EIO, "to", "cannot back up into %s: %s", path,
			     sqlite3_errmsg(dest));
		sqlite3_close(dest);
		return rc;
	}
	do {
		step = sqlite3_backup_step(b, 256);
		if (step == SQLITE_BUSY || step == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (step == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE)
		rc = lp_fail(err, LP_EIO, "to", "the backup into %s failed: %s", path,
			     sqlite3_errstr(step));
	if (sqlite3_close(dest) != SQLITE_OK && !rc)
		rc = lp_fail(err, LP_EIO, "to", "cannot close %s", path);
	return rc;
}

const struct db_backend db_sqlite_backend = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.exec_script = sqlite_exec_script,
	.prepare = sqlite_prepare,
	.bind_text = sqlite_bind_text,
	.bind_int = sqlite_bind_int,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.reset = sqlite_reset,
	.column_count = sqlite_column_count,
	.column_name = sqlite_column_name,
	.column_text = sqlite_column_text,
	.column_int = sqlite_column_int,
	.column_is_null = sqlite_column_is_null,
	.error = sqlite_error,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.changes = sqlite_changes,
	.backup = sqlite_backup,
	.read_begin = sqlite_read_begin,
	.read_end = sqlite_read_end,
};
