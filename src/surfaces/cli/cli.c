/* cli.c: what every subcommand shares: errors, usage, the database */
#include "surfaces/cli/cli.h"
#include "db/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
cli_fail(const struct lp_error *err)
{
	if (err->field[0])
		fprintf(stderr, "leerpad: %s: %s\n", err->field, err->reason);
	else
		fprintf(stderr, "leerpad: %s\n", err->reason[0] ? err->reason
				: lp_status_title(err->status));
	return EXIT_USER;
}

int
cli_usage_error(const char *cmd, const char *message)
{
	fprintf(stderr, "leerpad %s: %s\nTry 'leerpad %s --help'.\n", cmd, message, cmd);
	return EXIT_USAGE;
}

const char *
cli_db_url(const char *given)
{
	const char *env = getenv("LEERPAD_DB");

	if (given && *given)
		return given;
	if (env && *env)
		return env;
	return "var/leerpad.db";
}

bool
cli_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int
cli_open(const char *url, struct db **db, struct ctx *ctx, struct actor *actor,
	 struct arena *arena, struct lp_error *err)
{
	lp_error_clear(err);
	if (db_open(url, db, err) || migrate_up(*db, NULL, err)) {
		if (*db)
			db_close(*db);
		*db = NULL;
		return cli_fail(err);
	}
	actor_system(actor);
	ctx->db = *db;
	ctx->actor = actor;
	ctx->arena = arena;
	ctx->err = err;
	return 0;
}
