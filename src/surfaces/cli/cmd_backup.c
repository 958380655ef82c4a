/* cmd_backup.c: leerpad backup — a consistent copy of a live SQLite database */
#include "surfaces/cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: leerpad backup [--db URL] --to FILE\n"
	"\n"
	"Writes a consistent copy of an SQLite database to FILE while servers go\n"
	"on using it (SQLite's online backup API). FILE is replaced only when\n"
	"the backup is complete. Restore by stopping the servers and putting\n"
	"FILE in the database's place.\n"
	"\n"
	"For PostgreSQL use its own tools: pg_dump (see docs/operations.md).\n"
	"\n"
	"  --db URL    the database (default $LEERPAD_DB or var/leerpad.db)\n"
	"  --to FILE   the backup file\n";

/* leerpad backup: db_backup into FILE.tmpPID, checked by reading its
 * schema version, then renamed to FILE; exit 1 on any failure. */
int
cmd_backup(int argc, char **argv)
{
	const char *url = NULL, *to = NULL, *path;
	char tmp[4096];
	struct lp_error err;
	struct db *db = NULL, *copy = NULL;
	struct db_stmt *st;
	int64_t version = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			url = argv[++i];
		} else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc) {
			to = argv[++i];
		} else {
			return cli_usage_error("backup", "unknown option or missing value");
		}
	}
	if (!to || !*to)
		return cli_usage_error("backup", "--to FILE is needed");
	url = cli_db_url(url);
	lp_error_clear(&err);
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
		lp_fail(&err, LP_EUNSUPPORTED, "db",
			"leerpad backup is for SQLite; back up PostgreSQL with pg_dump "
			"(see docs/operations.md)");
		return cli_fail(&err);
	}
	path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
	if (access(path, F_OK) != 0) {
		lp_fail(&err, LP_ENOTFOUND, "db", "no such database: %s", path);
		return cli_fail(&err);
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp%ld", to, (long)getpid()) >= (int)sizeof(tmp)) {
		lp_fail(&err, LP_EINVAL, "to", "the file name is too long");
		return cli_fail(&err);
	}
	if (db_open(url, &db, &err) || db_backup(db, tmp, &err)) {
		rc = cli_fail(&err);
		unlink(tmp);
		goto out;
	}
	/* a backup that cannot be read is no backup */
	if (db_open(tmp, &copy, &err) ||
	    db_prepare(copy, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &st,
		       &err)) {
		rc = cli_fail(&err);
		unlink(tmp);
		goto out;
	}
	if (db_step(st) == DB_ROW)
		version = db_column_int(st, 0);
	db_reset(st);
	db_close(copy);
	copy = NULL;
	if (rename(tmp, to) != 0) {
		lp_fail(&err, LP_EIO, "to", "cannot write %s: %s", to, strerror(errno));
		unlink(tmp);
		rc = cli_fail(&err);
		goto out;
	}
	printf("leerpad: backed up %s to %s (schema version %lld)\n", path, to,
	       (long long)version);
out:
	db_close(copy);
	db_close(db);
	return rc;
}
