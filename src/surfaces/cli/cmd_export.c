/* cmd_export.c: leerpad export — the catalog as one JSON document */
#include "surfaces/cli/cli.h"
#include "domain/catalog_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: leerpad export [--db URL] [--out FILE]\n"
	"\n"
	"Writes the catalog (organisations, network memberships, programmes,\n"
	"learning outcomes and offerings) as one JSON document of format\n"
	"\"leerpad-catalog\", version 1, with the records' ids. 'leerpad import'\n"
	"reads it back, into this database or another.\n"
	"\n"
	"  --db URL     the database (default $LEERPAD_DB or var/leerpad.db)\n"
	"  --out FILE   write to FILE (replaced only when the export is complete)\n"
	"               instead of standard output\n";

/* Writes text to path through a temporary file renamed into place, so
 * path is either the old file or the whole new one. Prints the reason and
 * returns EXIT_USER on failure. */
static int
write_file(const char *path, const char *text)
{
	char tmp[4096];
	FILE *f;
	int saved;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof(tmp)) {
		fprintf(stderr, "leerpad: %s: the file name is too long\n", path);
		return EXIT_USER;
	}
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "leerpad: cannot write %s: %s\n", path, strerror(errno));
		return EXIT_USER;
	}
	if (fputs(text, f) == EOF || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		saved = errno;
		fclose(f);
		unlink(tmp);
		fprintf(stderr, "leerpad: cannot write %s: %s\n", path, strerror(saved));
		return EXIT_USER;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		fprintf(stderr, "leerpad: cannot write %s: %s\n", path, strerror(saved));
		return EXIT_USER;
	}
	return 0;
}

/* leerpad export: renders catalog_export as indented JSON to --out or
 * stdout; exit 1 when the database or the file fails. */
int
cmd_export(int argc, char **argv)
{
	const char *url = NULL, *out_path = NULL;
	struct lp_error err = LP_ERROR_INIT;
	struct arena arena = ARENA_INIT;
	struct actor actor;
	struct ctx ctx;
	struct db *db = NULL;
	json_t *doc = NULL;
	char *text = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			url = argv[++i];
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			out_path = argv[++i];
		} else {
			return cli_usage_error("export", "unknown option or missing value");
		}
	}
	rc = cli_open(cli_db_url(url), &db, &ctx, &actor, &arena, &err);
	if (rc)
		return rc;
	if (catalog_export(&ctx, &doc)) {
		rc = cli_fail(&err);
		goto out;
	}
	text = json_dumps(doc, JSON_INDENT(2));
	if (!text) {
		fputs("leerpad: cannot render the catalog as JSON\n", stderr);
		rc = EXIT_USER;
		goto out;
	}
	if (out_path) {
		size_t len = strlen(text);
		char *with_newline = malloc(len + 2);
		if (!with_newline) {
			fputs("leerpad: out of memory\n", stderr);
			rc = EXIT_USER;
			goto out;
		}
		memcpy(with_newline, text, len);
		memcpy(with_newline + len, "\n", 2);
		rc = write_file(out_path, with_newline);
		free(with_newline);
	} else if (puts(text) == EOF || fflush(stdout) != 0) {
		fprintf(stderr, "leerpad: cannot write the export: %s\n", strerror(errno));
		rc = EXIT_USER;
	}
out:
	free(text);
	json_decref(doc);
	db_close(db);
	arena_release(&arena);
	return rc;
}
