/* cmd_version.c: leerpad version, and leerpad help */
#include "surfaces/cli/cli.h"
#include "db/migrate.h"

#include <jansson.h>
#include <microhttpd.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

int
cmd_version(int argc, char **argv)
{
	if (argc > 1 && cli_is_help(argv[1])) {
		puts("usage: leerpad version\n\nPrints the version of leerpad and of its libraries.");
		return 0;
	}
	if (argc > 1)
		return cli_usage_error("version", "takes no arguments");
	printf("leerpad %s (schema %d)\n", LEERPAD_VERSION, migrate_latest());
	printf("sqlite %s, libmicrohttpd %s, jansson %s, libsodium %s\n", sqlite3_libversion(),
	       MHD_get_version(), JANSSON_VERSION, sodium_version_string());
	return 0;
}

int
cmd_help(int argc, char **argv)
{
	if (argc > 1 && !cli_is_help(argv[1])) {
		for (int i = 0; cli_commands[i].name; i++) {
			if (strcmp(cli_commands[i].name, argv[1]) == 0) {
				char help[] = "--help";
				char *args[] = { argv[1], help, NULL };
				return cli_commands[i].fn(2, args);
			}
		}
		return cli_usage_error("help", "no such command");
	}
	puts("usage: leerpad COMMAND [OPTIONS]\n\n"
	     "leerpad runs flexible, outcome-based higher professional education for\n"
	     "working adults, with their employers and the public funder.\n\n"
	     "Commands:");
	for (int i = 0; cli_commands[i].name; i++)
		printf("  %-11s %s\n", cli_commands[i].name, cli_commands[i].summary);
	puts("\nEvery command takes --help. Exit codes: 0 ok, 1 user error, 2 usage error.");
	return 0;
}
