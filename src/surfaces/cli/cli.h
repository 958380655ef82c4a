/* cli.h: the subcommands of the leerpad binary (git's builtin.h)
 *
 * Each command is `int cmd_<name>(int argc, char **argv)` in its own file,
 * with argv[0] the command name. Exit codes: 0 ok, 1 a user error (one
 * clear line on stderr), 2 a usage error.
 */
#ifndef LEERPAD_CLI_H
#define LEERPAD_CLI_H

#include "base/error.h"
#include "db/db.h"
#include "domain/context.h"

#include <stdbool.h>

#define EXIT_USER 1
#define EXIT_USAGE 2

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

extern const struct cli_command cli_commands[];

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
/* money (issue 5): cmd_money.c */
int cmd_vouchers(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_settlement(int argc, char **argv);

/* The one mapping from a status to an exit code and message: prints
 * "leerpad: <reason>" (with the field, if any) and returns EXIT_USER. */
int cli_fail(const struct lp_error *err);
/* Prints "leerpad CMD: <message>" and the usage hint, returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *message);
/* The database to use: --db value, else $LEERPAD_DB, else var/leerpad.db. */
const char *cli_db_url(const char *given);
/* Opens the database and brings its schema up to date; fills a system
 * actor context for commands that write. On failure prints and returns
 * EXIT_USER; 0 on success. */
int cli_open(const char *url, struct db **db, struct ctx *ctx, struct actor *actor,
	     struct arena *arena, struct lp_error *err);
/* True if argv[i] is "--help" or "-h". */
bool cli_is_help(const char *arg);

#endif
