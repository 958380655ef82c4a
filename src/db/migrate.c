/* migrate.c: versioned schema migrations
 *
 * Each migration has a portable part and, where an engine needs more
 * (triggers, types), a part per backend. The SQL files live in
 * src/db/migrations/ and are compiled into the binary (cmake/embed.cmake).
 */
#include "db/migrate.h"
#include "base/timeutil.h"

#include <string.h>

extern const char *const embed_0001_foundation_sql;
extern const char *const embed_0001_foundation_sqlite_sql;
extern const char *const embed_0001_foundation_postgres_sql;
extern const char *const embed_0002_person_scope_sql;
extern const char *const embed_0003_learning_sql;
extern const char *const embed_0003_learning_sqlite_sql;
extern const char *const embed_0003_learning_postgres_sql;
extern const char *const embed_0004_money_sql;
extern const char *const embed_0004_money_sqlite_sql;
extern const char *const embed_0004_money_postgres_sql;
extern const char *const embed_0005_employer_funding_sql;
extern const char *const embed_0006_money_indexes_sql;
extern const char *const embed_0007_role_grants_organisation_sql;

struct migration {
	int version;
	const char *name;
	const char *const *portable;  /* addresses: the embedded texts are */
	const char *const *sqlite;    /* objects, not constant expressions; */
	const char *const *postgres;  /* NULL where an engine needs nothing */
};

static const struct migration migrations[] = {
	{ 1, "foundation", &embed_0001_foundation_sql, &embed_0001_foundation_sqlite_sql,
	  &embed_0001_foundation_postgres_sql },
	{ 2, "person scope", &embed_0002_person_scope_sql, NULL, NULL },
	{ 3, "learning", &embed_0003_learning_sql, &embed_0003_learning_sqlite_sql,
	  &embed_0003_learning_postgres_sql },
	{ 4, "money", &embed_0004_money_sql, &embed_0004_money_sqlite_sql,
	  &embed_0004_money_postgres_sql },
	{ 5, "employer funding", &embed_0005_employer_funding_sql, NULL, NULL },
	{ 6, "money indexes", &embed_0006_money_indexes_sql, NULL, NULL },
	{ 7, "role grants by organisation", &embed_0007_role_grants_organisation_sql, NULL, NULL },
};

#define MIGRATION_COUNT ((int)(sizeof(migrations) / sizeof(migrations[0])))

int
migrate_latest(void)
{
	return migrations[MIGRATION_COUNT - 1].version;
}

int
migrate_count(void)
{
	return MIGRATION_COUNT;
}

/* Reads the current version into *version (0 for a new database). */
static enum lp_status
current_version(struct db *db, int *version, struct lp_error *err)
{
	struct db_stmt *st;
	enum lp_status rc;

	rc = db_exec_script(db,
			    "CREATE TABLE IF NOT EXISTS schema_migrations ("
			    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			    " applied_at TEXT NOT NULL)", err);
	if (rc)
		return rc;
	rc = db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
			&st, err);
	if (rc)
		return rc;
	if (db_step(st) != DB_ROW) {
		rc = db_error(db, err);
		db_reset(st);
		return rc;
	}
	*version = (int)db_column_int(st, 0);
	db_reset(st);
	return LP_OK;
}

/* Several servers may start at once on one PostgreSQL database: a session
 * advisory lock lets one of them migrate while the others wait. SQLite
 * needs none (db_begin takes the write lock, and CREATE ... IF NOT EXISTS). */
#define MIGRATE_LOCK_KEY "7306120811"

static enum lp_status migrate_locked(struct db *db, int *applied, struct lp_error *err);

enum lp_status
migrate_up(struct db *db, int *applied, struct lp_error *err)
{
	bool pg = strcmp(db_backend_name(db), "postgres") == 0;
	enum lp_status rc;

	if (pg) {
		rc = db_exec_script(db, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", err);
		if (rc)
			return rc;
	}
	rc = migrate_locked(db, applied, err);
	if (pg)
		db_exec_script(db, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")", NULL);
	return rc;
}

/* migrate_up once the lock is held. */
static enum lp_status
migrate_locked(struct db *db, int *applied, struct lp_error *err)
{
	char now[TIME_RFC3339_LEN];
	enum lp_status rc;
	int version = 0, count = 0;

	if (applied)
		*applied = 0;
	rc = current_version(db, &version, err);
	if (rc)
		return rc;
	if (version > migrate_latest())
		return lp_fail(err, LP_ECONFLICT, "db",
			       "the database has schema version %d, newer than this "
			       "program's %d; use a newer leerpad", version, migrate_latest());
	for (int i = 0; i < MIGRATION_COUNT; i++) {
		const struct migration *m = &migrations[i];

		if (m->version <= version)
			continue;
		rc = db_begin(db, err);
		if (rc)
			return rc;
		rc = db_exec_script(db, *m->portable, err);
		if (!rc && m->sqlite && strcmp(db_backend_name(db), "sqlite") == 0)
			rc = db_exec_script(db, *m->sqlite, err);
		if (!rc && m->postgres && strcmp(db_backend_name(db), "postgres") == 0)
			rc = db_exec_script(db, *m->postgres, err);
		time_now_rfc3339(now);
		if (!rc)
			rc = db_run(db, err, NULL,
				    "INSERT INTO schema_migrations (version, name, applied_at)"
				    " VALUES (?, ?, ?)", "iss", (int64_t)m->version, m->name, now);
		if (!rc)
			rc = db_commit(db, err);
		if (rc) {
			db_rollback(db);
			return rc;
		}
		count++;
	}
	if (applied)
		*applied = count;
	return LP_OK;
}
