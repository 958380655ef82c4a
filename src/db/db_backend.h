/* db_backend.h: what a database backend implements (SQLite's os_*.c) */
#ifndef LEERPAD_DB_BACKEND_H
#define LEERPAD_DB_BACKEND_H

#include "db/db.h"

struct db_backend {
	const char *name;
	enum lp_status (*open)(const char *target, struct db **out, struct lp_error *err);
	void (*close)(struct db *db);
	enum lp_status (*exec_script)(struct db *db, const char *sql, struct lp_error *err);
	enum lp_status (*prepare)(struct db *db, const char *sql, struct db_stmt **out,
				  struct lp_error *err);
	void (*bind_text)(struct db_stmt *st, int idx, const char *text);
	void (*bind_int)(struct db_stmt *st, int idx, int64_t value);
	void (*bind_null)(struct db_stmt *st, int idx);
	enum db_step_result (*step)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);
	int (*column_count)(struct db_stmt *st);
	const char *(*column_name)(struct db_stmt *st, int col);
	const char *(*column_text)(struct db_stmt *st, int col);
	int64_t (*column_int)(struct db_stmt *st, int col);
	bool (*column_is_null)(struct db_stmt *st, int col);
	enum lp_status (*error)(struct db *db, struct lp_error *err);
	enum lp_status (*begin)(struct db *db, struct lp_error *err);
	enum lp_status (*commit)(struct db *db, struct lp_error *err);
	void (*rollback)(struct db *db);
	int64_t (*changes)(struct db *db);
	/* optional: begins at SERIALIZABLE (NULL: begin already is) */
	enum lp_status (*begin_serializable)(struct db *db, struct lp_error *err);
	/* optional: true if the last failure succeeds when tried again */
	bool (*retryable)(struct db *db);
	/* optional: db_lock (NULL: the write transaction serialises already) */
	enum lp_status (*lock)(struct db *db, const char *name, struct lp_error *err);
	/* optional: a consistent copy of the live database into a new file */
	enum lp_status (*backup)(struct db *db, const char *path, struct lp_error *err);
	/* A read snapshot (db_read_begin); NULL where the backend has none,
	 * which makes db_read_begin and db_read_end do nothing. */
	enum lp_status (*read_begin)(struct db *db, struct lp_error *err);
	void (*read_end)(struct db *db);
};

/* Every connection and statement starts with a pointer to its backend. */
struct db {
	const struct db_backend *backend;
	int tx_depth;      /* open transaction levels; above 1 they are savepoints */
	bool tx_nestable;  /* the open transaction came from db_begin_nestable */
	bool tx_deferred;  /* db_begin_deferred: to begin at the first db_begin* */
	int read_depth;    /* db_read_begin calls not yet ended */
	bool read_open;    /* the outermost of them opened a snapshot */
	struct db_stats stats;  /* db_stats_get */
	double tx_began;   /* monotonic seconds the open write transaction began */
};

/* Counts a wait of the engine's busy handler (backends call it). */
void db_stats_busy_wait(struct db *db);
/* Counts pages a commit appended to the WAL, and whether it checkpointed. */
void db_stats_wal(struct db *db, uint64_t pages, bool checkpoint);
/* Adds the seconds a checkpoint after a commit took (the write lock is
 * released by then). */
void db_stats_checkpoint_s(struct db *db, double s);

struct db_stmt {
	const struct db_backend *backend;
};

extern const struct db_backend db_sqlite_backend;
extern const struct db_backend db_postgres_backend;

#endif
