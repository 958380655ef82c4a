/* cmd_money.c: leerpad vouchers, leerpad ledger, leerpad settlement — the
 * money commands of issue 5 */
#include "surfaces/cli/cli.h"
#include "base/timeutil.h"
#include "domain/ledger.h"
#include "domain/settlement.h"
#include "domain/voucher.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char vouchers_usage[] =
	"usage: leerpad vouchers expire [--db URL] [--today YYYY-MM-DD]\n"
	"\n"
	"Expires every issued voucher whose spend-by date has passed and returns\n"
	"its value to the scheme's budget, each in its own transaction. Running it\n"
	"again changes nothing (it is idempotent). Reserved vouchers are left to\n"
	"be redeemed or released.\n"
	"\n"
	"  --db URL            the database (default $LEERPAD_DB or var/leerpad.db)\n"
	"  --today YYYY-MM-DD  the day to expire against (default: today, UTC)\n";

static const char ledger_usage[] =
	"usage: leerpad ledger check [--db URL] [--json]\n"
	"\n"
	"Checks every invariant of the money ledger: each transaction balances to\n"
	"zero, cached balances equal the sum of their entries, no voucher or other\n"
	"non-negative account is negative, no scheme exceeded its budget, spent,\n"
	"expired and revoked vouchers hold nothing, every redemption has its\n"
	"transaction. Prints each breach; exits 0 when all holds, 1 on any breach.\n"
	"\n"
	"  --db URL   the database (default $LEERPAD_DB or var/leerpad.db)\n"
	"  --json     print the result as one JSON object\n";

static const char settlement_usage[] =
	"usage: leerpad settlement --provider ID --period PERIOD [--format csv|json]\n"
	"                          [--db URL]\n"
	"\n"
	"Writes the statement of a provider for a period to stdout: the vouchers\n"
	"redeemed there (what the schemes owe the provider), with the employers'\n"
	"contributions and the learners' remainders, and the invoices that follow.\n"
	"\n"
	"  --provider ID      the provider (organisation id)\n"
	"  --period PERIOD    YYYY-MM, YYYY-Qn or YYYY-MM-DD..YYYY-MM-DD\n"
	"  --format csv|json  csv (the lines, default) or json (everything)\n"
	"  --db URL           the database (default $LEERPAD_DB or var/leerpad.db)\n";

/* leerpad vouchers expire */
int
cmd_vouchers(int argc, char **argv)
{
	const char *url = NULL, *today_arg = NULL;
	char today[11];
	struct lp_error err;
	struct arena arena = ARENA_INIT;
	struct actor actor;
	struct ctx ctx;
	struct db *db = NULL;
	int rc, count = 0;

	if (argc >= 2 && cli_is_help(argv[1])) {
		fputs(vouchers_usage, stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "expire") != 0)
		return cli_usage_error("vouchers", "the subcommand is 'expire'");
	for (int i = 2; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(vouchers_usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			url = argv[++i];
		} else if (strcmp(argv[i], "--today") == 0 && i + 1 < argc) {
			today_arg = argv[++i];
		} else {
			return cli_usage_error("vouchers", "unknown option or missing value");
		}
	}
	if (today_arg && !time_is_date(today_arg))
		return cli_usage_error("vouchers", "--today takes a date YYYY-MM-DD");
	if (today_arg)
		snprintf(today, sizeof(today), "%s", today_arg);
	else
		time_today(today);
	rc = cli_open(cli_db_url(url), &db, &ctx, &actor, &arena, &err);
	if (rc)
		return rc;
	if (voucher_expire_all(&ctx, today, &count))
		rc = cli_fail(&err);
	else
		printf("leerpad: expired %d voucher%s (spend-by date before %s)\n", count,
		       count == 1 ? "" : "s", today);
	db_close(db);
	arena_release(&arena);
	return rc;
}

/* leerpad ledger check */
int
cmd_ledger(int argc, char **argv)
{
	const char *url = NULL;
	bool as_json = false;
	struct lp_error err;
	struct arena arena = ARENA_INIT;
	struct actor actor;
	struct ctx ctx;
	struct db *db = NULL;
	json_t *breaches = NULL;
	int64_t entries = 0;
	int rc;

	if (argc >= 2 && cli_is_help(argv[1])) {
		fputs(ledger_usage, stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "check") != 0)
		return cli_usage_error("ledger", "the subcommand is 'check'");
	for (int i = 2; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(ledger_usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			url = argv[++i];
		} else if (strcmp(argv[i], "--json") == 0) {
			as_json = true;
		} else {
			return cli_usage_error("ledger", "unknown option or missing value");
		}
	}
	rc = cli_open(cli_db_url(url), &db, &ctx, &actor, &arena, &err);
	if (rc)
		return rc;
	if (ledger_check(&ctx, &breaches, &entries)) {
		rc = cli_fail(&err);
	} else if (as_json) {
		json_t *o = json_pack("{s:b, s:I, s:O}", "ok", json_array_size(breaches) == 0,
				      "entries", (json_int_t)entries, "breaches", breaches);
		char *text = json_dumps(o, JSON_INDENT(2));

		puts(text ? text : "{}");
		free(text);
		json_decref(o);
		rc = json_array_size(breaches) ? EXIT_USER : 0;
	} else {
		size_t i;
		json_t *b;

		json_array_foreach(breaches, i, b)
			printf("breach: %s\n", json_string_value(b));
		if (json_array_size(breaches)) {
			fprintf(stderr, "leerpad: the ledger has %zu breach%s over %" PRId64
				" entries\n", json_array_size(breaches),
				json_array_size(breaches) == 1 ? "" : "es", entries);
			rc = EXIT_USER;
		} else {
			printf("leerpad: ledger ok: %" PRId64 " entries, every invariant holds\n",
			       entries);
		}
	}
	json_decref(breaches);
	db_close(db);
	arena_release(&arena);
	return rc;
}

/* leerpad settlement */
int
cmd_settlement(int argc, char **argv)
{
	const char *url = NULL, *provider = NULL, *period = NULL, *format = "csv";
	char from[11], to[11];
	struct lp_error err;
	struct arena arena = ARENA_INIT;
	struct actor actor;
	struct ctx ctx;
	struct db *db = NULL;
	json_t *statement = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(settlement_usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			url = argv[++i];
		} else if (strcmp(argv[i], "--provider") == 0 && i + 1 < argc) {
			provider = argv[++i];
		} else if (strcmp(argv[i], "--period") == 0 && i + 1 < argc) {
			period = argv[++i];
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			format = argv[++i];
		} else {
			return cli_usage_error("settlement", "unknown option or missing value");
		}
	}
	if (!provider || !period)
		return cli_usage_error("settlement", "--provider and --period are required");
	if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("settlement", "--format is csv or json");
	rc = cli_open(cli_db_url(url), &db, &ctx, &actor, &arena, &err);
	if (rc)
		return rc;
	if (settlement_period(&ctx, period, from, to) ||
	    settlement_statement(&ctx, provider, from, to, &statement)) {
		rc = cli_fail(&err);
	} else if (strcmp(format, "json") == 0) {
		char *text = json_dumps(statement, JSON_INDENT(2));

		puts(text ? text : "{}");
		free(text);
	} else {
		struct buf b;

		buf_init(&b, 1024);
		settlement_csv(statement, &b);
		fputs(buf_str(&b), stdout);
		buf_release(&b);
	}
	json_decref(statement);
	db_close(db);
	arena_release(&arena);
	return rc;
}
