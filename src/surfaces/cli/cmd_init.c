/* cmd_init.c: leerpad init — create or migrate a database */
#include "surfaces/cli/cli.h"
#include "db/migrate.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: leerpad init [--db URL]\n"
	"\n"
	"Creates the database if it does not exist and applies every pending\n"
	"migration. Running it again on a current database changes nothing.\n"
	"\n"
	"  --db URL   the database (default $LEERPAD_DB or var/leerpad.db)\n";

int
cmd_init(int argc, char **argv)
{
	const char *url = NULL;
	struct lp_error err = LP_ERROR_INIT;
	struct db *db = NULL;
	int applied = 0;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			url = argv[++i];
		} else {
			return cli_usage_error("init", "unknown option or missing value");
		}
	}
	url = cli_db_url(url);
	lp_error_clear(&err);
	if (db_open(url, &db, &err) || migrate_up(db, &applied, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	db_close(db);
	printf("leerpad: %s is at schema version %d (%d migration%s applied)\n", url,
	       migrate_latest(), applied, applied == 1 ? "" : "s");
	return 0;
}
