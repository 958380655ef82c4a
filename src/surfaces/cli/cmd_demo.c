/* cmd_demo.c: leerpad demo — load the demo world, or show its logins */
#include "surfaces/cli/cli.h"
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: leerpad demo [--db URL] [--logins]\n"
	"\n"
	"Loads the demo into a database (migrating it first): the programmes,\n"
	"hogescholen, companies and networks of the letter to parliament, with\n"
	"learners, staff and one login per role. All of it goes through the same\n"
	"checks and audit log as any other change. The database must hold no\n"
	"organisations yet; if it holds the demo already, nothing is done.\n"
	"\n"
	"  --db URL   the database (default $LEERPAD_DB or var/leerpad.db)\n"
	"  --logins   only print the demo logins (role, e-mail, password); no\n"
	"             database is opened\n";

/* Prints the table of demo logins to stdout. */
static void
print_logins(void)
{
	printf("Demo logins (the same password for all):\n\n");
	printf("  %-22s %-38s %-17s %s\n", "ROLE", "E-MAIL", "PASSWORD", "AT");
	for (const struct demo_login *l = demo_logins; l->email; l++)
		printf("  %-22s %-38s %-17s %s\n", l->role, l->email, DEMO_PASSWORD,
		       l->where[0] ? l->where : "(everywhere)");
}

/* leerpad demo: prints the logins, or loads the demo unless the database
 * holds it (exit 0) or other organisations (exit 1). */
int
cmd_demo(int argc, char **argv)
{
	const char *url = NULL;
	bool logins = false;
	struct lp_error err = LP_ERROR_INIT;
	struct arena arena = ARENA_INIT;
	struct actor actor;
	struct ctx ctx;
	struct db *db = NULL;
	struct demo_counts n;
	enum demo_state state;
	int64_t organisations = 0;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			url = argv[++i];
		} else if (strcmp(argv[i], "--logins") == 0) {
			logins = true;
		} else {
			return cli_usage_error("demo", "unknown option or missing value");
		}
	}
	if (logins) {
		print_logins();
		return 0;
	}
	url = cli_db_url(url);
	rc = cli_open(url, &db, &ctx, &actor, &arena, &err);
	if (rc)
		return rc;
	if (demo_state(&ctx, &state, &organisations)) {
		rc = cli_fail(&err);
	} else if (state == DEMO_PRESENT) {
		printf("leerpad: demo data already present in %s\n", url);
	} else if (state == DEMO_OTHER_DATA) {
		fprintf(stderr, "leerpad: %s already holds %lld organisation%s that are not the "
			"demo's; load the demo into an empty database\n", url,
			(long long)organisations, organisations == 1 ? "" : "s");
		rc = EXIT_USER;
	} else if (demo_load(&ctx, &n)) {
		rc = cli_fail(&err);
	} else {
		printf("leerpad: loaded the demo into %s: %d organisations, %d network "
		       "memberships, %d programmes, %d learning outcomes, %d offerings, %d people, "
		       "%d employments, %d accounts\n", url, n.organisations, n.memberships,
		       n.programmes, n.outcomes, n.offerings, n.persons, n.employments, n.accounts);
		printf("See the logins with: leerpad demo --logins\n");
	}
	db_close(db);
	arena_release(&arena);
	return rc;
}
