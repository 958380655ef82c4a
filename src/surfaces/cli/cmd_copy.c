/* cmd_copy.c: leerpad copy — move a whole installation to another database */
#include "surfaces/cli/cli.h"
#include "db/copy.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: leerpad copy --from URL --to URL\n"
	"\n"
	"Copies every table of one leerpad database into another, new one, e.g.\n"
	"from SQLite to PostgreSQL:\n"
	"\n"
	"  leerpad copy --from sqlite:var/leerpad.db --to postgres://leerpad@db/leerpad\n"
	"\n"
	"The target gets the newest schema and must be empty. The rows go in\n"
	"one transaction, in foreign key order; before it commits, every table's\n"
	"row count, a digest of its contents and the sums of its money columns\n"
	"(the ledger) are compared with the source. On any difference nothing is\n"
	"copied. The source is only read; stop the servers that write to it first.\n"
	"\n"
	"  --from URL   the database to copy (sqlite:PATH, PATH or postgres://...)\n"
	"  --to URL     the new database (postgres://... or sqlite:PATH)\n";

/* True if url names an SQLite file that does not exist (opening would
 * make an empty one). */
static bool
missing_sqlite(const char *url)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return false;
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return access(url, F_OK) != 0;
}

/* Prints one table's line of the report. */
static void
report(const struct copy_table_report *r, void *arg)
{
	(void)arg;
	printf("  %-27s %8lld rows%s", r->table, (long long)r->target_rows,
	       r->same_content ? ", same contents" : ", DIFFERENT contents");
	if (r->sum_column)
		printf(", sum of %s %lld", r->sum_column, (long long)r->target_sum);
	printf("\n");
}

/* leerpad copy: db_copy from --from into --to, with a report per table;
 * exit 1 if either database fails or the check finds a difference. */
int
cmd_copy(int argc, char **argv)
{
	const char *from_url = NULL, *to_url = NULL;
	struct db *from = NULL, *to = NULL;
	struct lp_error err;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--from") == 0 && i + 1 < argc) {
			from_url = argv[++i];
		} else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc) {
			to_url = argv[++i];
		} else {
			return cli_usage_error("copy", "unknown option or missing value");
		}
	}
	if (!from_url || !*from_url || !to_url || !*to_url)
		return cli_usage_error("copy", "both --from and --to are needed");
	if (strcmp(from_url, to_url) == 0)
		return cli_usage_error("copy", "--from and --to are the same database");
	lp_error_clear(&err);
	if (missing_sqlite(from_url)) {
		lp_fail(&err, LP_ENOTFOUND, "from", "no such database: %s", from_url);
		return cli_fail(&err);
	}
	if (db_open(from_url, &from, &err) || db_open(to_url, &to, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	printf("leerpad: copying %s to %s\n", db_backend_name(from), db_backend_name(to));
	if (db_copy(from, to, report, NULL, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	printf("leerpad: copied %d tables; every row count and checksum matches\n",
	       db_copy_table_count());
out:
	db_close(from);
	db_close(to);
	return rc;
}
