/* cmd_import.c: leerpad import — read a catalog document back in */
#include "surfaces/cli/cli.h"
#include "domain/catalog_io.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: leerpad import [--db URL] FILE|-\n"
	"\n"
	"Imports a catalog document made by 'leerpad export' (from FILE, or from\n"
	"standard input with -), keeping the records' ids: a record that exists\n"
	"is updated where it differs, any other is created. Every record is\n"
	"checked as if entered by hand, and the whole import is one transaction:\n"
	"after any error nothing has changed, and the message names the record.\n"
	"\n"
	"  --db URL   the database (default $LEERPAD_DB or var/leerpad.db)\n";

/* leerpad import: parses the document first (a file that is not JSON
 * opens no database), then runs catalog_import in one transaction. */
int
cmd_import(int argc, char **argv)
{
	const char *url = NULL, *path = NULL;
	struct lp_error err = LP_ERROR_INIT;
	struct arena arena = ARENA_INIT;
	struct actor actor;
	struct ctx ctx;
	struct db *db = NULL;
	struct catalog_import_counts n;
	json_error_t jerr;
	json_t *doc;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			url = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return cli_usage_error("import", "unknown option or missing value");
		} else if (!path) {
			path = argv[i];
		} else {
			return cli_usage_error("import", "give one file");
		}
	}
	if (!path)
		return cli_usage_error("import",
				       "give the file to import, or - for standard input");
	if (strcmp(path, "-") == 0)
		doc = json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr);
	else
		doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		if (jerr.line < 1)
			fprintf(stderr, "leerpad: %s: %s\n", path, jerr.text);
		else
			fprintf(stderr, "leerpad: %s: line %d, column %d: %s\n", path, jerr.line,
				jerr.column, jerr.text);
		return EXIT_USER;
	}
	url = cli_db_url(url);
	rc = cli_open(url, &db, &ctx, &actor, &arena, &err);
	if (rc)
		goto out;
	if (catalog_import(&ctx, doc, &n))
		rc = cli_fail(&err);
	else
		printf("leerpad: imported %s into %s: %d created, %d updated, %d unchanged\n",
		       path, url, n.created, n.updated, n.unchanged);
out:
	json_decref(doc);
	db_close(db);
	arena_release(&arena);
	return rc;
}
