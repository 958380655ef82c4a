/* cmd_serve.c: leerpad serve — the web server */
#include "surfaces/cli/cli.h"
#include "surfaces/http/server.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: leerpad serve [--db URL] [--address ADDR] [--port N] [--threads N]\n"
	"                     [--secure-cookies] [--trusted-proxy ADDR]\n"
	"                     [--port-file FILE] [--max-seconds N]\n"
	"\n"
	"Serves the web pages, the JSON API (/api/v1) and the Open Education API\n"
	"(/ooapi/v5). Applies pending migrations first.\n"
	"\n"
	"  --db URL          the database (default $LEERPAD_DB or var/leerpad.db)\n"
	"  --address ADDR    IPv4 address to listen on (default 127.0.0.1)\n"
	"  --port N          port (default 8080; 0 picks a free one)\n"
	"  --threads N       worker threads, each with its own connection (default 4)\n"
	"  --secure-cookies  mark cookies Secure, when served behind HTTPS\n"
	"  --trusted-proxy ADDR  behind a load balancer at ADDR: take the client's\n"
	"                    address (for the login rate limit and the log) from\n"
	"                    its X-Real-IP header (docs/operations.md)\n"
	"  --port-file FILE  write the port there once listening (for tests)\n"
	"  --max-seconds N   stop by itself after N seconds (for tests)\n";

/* Parses a whole number in [min, max]; false if arg is not one. */
static bool
parse_int(const char *arg, int min, int max, int *out)
{
	char *end;
	long v;

	if (!arg || !*arg)
		return false;
	v = strtol(arg, &end, 10);
	if (*end || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

int
cmd_serve(int argc, char **argv)
{
	struct server_options o = { "127.0.0.1", 8080, NULL, 4, false, NULL, 0, NULL };
	struct lp_error err;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (cli_is_help(a)) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && v) {
			o.db_url = v; i++;
		} else if (strcmp(a, "--address") == 0 && v) {
			o.address = v; i++;
		} else if (strcmp(a, "--port") == 0 && v) {
			if (!parse_int(v, 0, 65535, &o.port))
				return cli_usage_error("serve", "--port takes a number from 0 to 65535");
			i++;
		} else if (strcmp(a, "--threads") == 0 && v) {
			if (!parse_int(v, 1, 256, &o.threads))
				return cli_usage_error("serve", "--threads takes a number from 1 to 256");
			i++;
		} else if (strcmp(a, "--max-seconds") == 0 && v) {
			if (!parse_int(v, 1, 86400 * 365, &o.max_seconds))
				return cli_usage_error("serve", "--max-seconds takes a positive number");
			i++;
		} else if (strcmp(a, "--port-file") == 0 && v) {
			o.port_file = v; i++;
		} else if (strcmp(a, "--trusted-proxy") == 0 && v) {
			unsigned char bin[16];
			if (inet_pton(AF_INET, v, bin) != 1 && inet_pton(AF_INET6, v, bin) != 1)
				return cli_usage_error("serve", "--trusted-proxy takes an IP address");
			o.trusted_proxy = v; i++;
		} else if (strcmp(a, "--secure-cookies") == 0) {
			o.secure_cookies = true;
		} else {
			return cli_usage_error("serve", "unknown option or missing value");
		}
	}
	o.db_url = cli_db_url(o.db_url);
	lp_error_clear(&err);
	if (server_run(&o, &err))
		return cli_fail(&err);
	return 0;
}
