/* main.c: the leerpad binary: one table of subcommands (git's git.c) */
#include "base/crypto.h"
#include "base/i18n.h"
#include "surfaces/cli/cli.h"

#include <stdio.h>
#include <string.h>

const struct cli_command cli_commands[] = {
	{ "serve", cmd_serve, "serve the web pages and the APIs" },
	{ "init", cmd_init, "create a database or bring it up to date" },
	{ "demo", cmd_demo, "load the demo data, or show the demo logins" },
	{ "user", cmd_user, "manage accounts: add, passwd, roles, token" },
	{ "export", cmd_export, "write the catalog as one JSON document" },
	{ "import", cmd_import, "read a catalog document into the database" },
	{ "copy", cmd_copy, "copy a whole installation to another database" },
	{ "backup", cmd_backup, "write a consistent copy of an SQLite database" },
	{ "vouchers", cmd_vouchers, "expire vouchers past their spend-by date" },
	{ "ledger", cmd_ledger, "check every invariant of the money ledger" },
	{ "settlement", cmd_settlement, "a provider's statement for a period (CSV, JSON)" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "show this list, or the help of a command" },
	{ NULL, NULL, NULL },
};

int
main(int argc, char **argv)
{
	if (!crypto_init()) {
		fputs("leerpad: libsodium cannot start\n", stderr);
		return 1;
	}
	i18n_init(NULL);
	if (argc < 2)
		return cmd_help(1, argv);
	if (cli_is_help(argv[1]))
		return cmd_help(1, argv);
	for (int i = 0; cli_commands[i].name; i++)
		if (strcmp(cli_commands[i].name, argv[1]) == 0)
			return cli_commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "leerpad: '%s' is not a command; see 'leerpad help'\n", argv[1]);
	return 2;
}
