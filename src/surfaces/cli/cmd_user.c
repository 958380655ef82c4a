/* cmd_user.c: leerpad user — accounts, passwords, roles and API tokens */
#include "surfaces/cli/cli.h"
#include "domain/auth.h"
#include "domain/entity.h"
#include "domain/role_grant.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PASSWORD_MIN 10
#define PASSWORD_MAX 200

static const char usage[] =
	"usage: leerpad user add EMAIL [--person ID] [--password-stdin] [--db URL]\n"
	"       leerpad user passwd EMAIL [--password-stdin] [--db URL]\n"
	"       leerpad user roles EMAIL [--grant ROLE | --revoke ROLE] [--org ID] [--db URL]\n"
	"       leerpad user token EMAIL --name NAME [--db URL]\n"
	"\n"
	"Manages the accounts that log in to leerpad.\n"
	"\n"
	"  add      creates an account, optionally for a person (--person ID)\n"
	"  passwd   sets a new password\n"
	"  roles    lists the account's roles, or grants or revokes one; a role\n"
	"           held in an organisation needs --org ID (the organisation's id)\n"
	"  token    makes an API token for integrations and prints it, only once\n"
	"\n"
	"Passwords (at least 10 characters) are asked for without echo when the\n"
	"input is a terminal; otherwise, or with --password-stdin, the first line\n"
	"of standard input is the password.\n"
	"\n"
	"Roles: learner, coach, examiner, exam_board, programme_manager,\n"
	"institution_admin, employer_hr, workplace_supervisor, voucher_authority,\n"
	"network_coordinator, monitor, system_admin (the last three everywhere).\n"
	"\n"
	"  --db URL   the database (default $LEERPAD_DB or var/leerpad.db)\n";

struct user_args {
	const char *sub, *email, *url, *person, *name, *grant, *revoke, *org;
	bool password_stdin;
};

/* Parses argv into a; returns 0, or an exit code after printing help or
 * a usage error. */
static int
parse_args(int argc, char **argv, struct user_args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = NULL;

		if (cli_is_help(arg)) {
			fputs(usage, stdout);
			return -1;
		}
		if (strcmp(arg, "--db") == 0)
			slot = &a->url;
		else if (strcmp(arg, "--person") == 0)
			slot = &a->person;
		else if (strcmp(arg, "--name") == 0)
			slot = &a->name;
		else if (strcmp(arg, "--grant") == 0)
			slot = &a->grant;
		else if (strcmp(arg, "--revoke") == 0)
			slot = &a->revoke;
		else if (strcmp(arg, "--org") == 0)
			slot = &a->org;
		if (slot) {
			if (!v)
				return cli_usage_error("user", "an option is missing its value");
			*slot = v;
			i++;
		} else if (strcmp(arg, "--password-stdin") == 0) {
			a->password_stdin = true;
		} else if (arg[0] == '-') {
			return cli_usage_error("user", "unknown option");
		} else if (!a->sub) {
			a->sub = arg;
		} else if (!a->email) {
			a->email = arg;
		} else {
			return cli_usage_error("user", "too many arguments");
		}
	}
	if (!a->sub)
		return cli_usage_error("user", "say what to do: add, passwd, roles or token");
	if (strcmp(a->sub, "add") && strcmp(a->sub, "passwd") && strcmp(a->sub, "roles") &&
	    strcmp(a->sub, "token"))
		return cli_usage_error("user", "not a user command (add, passwd, roles, token)");
	if (!a->email)
		return cli_usage_error("user", "give the account's e-mail address");
	if (a->person && strcmp(a->sub, "add"))
		return cli_usage_error("user", "--person goes with add");
	if (a->password_stdin && strcmp(a->sub, "add") && strcmp(a->sub, "passwd"))
		return cli_usage_error("user", "--password-stdin goes with add and passwd");
	if (a->name && strcmp(a->sub, "token"))
		return cli_usage_error("user", "--name goes with token");
	if (!a->name && strcmp(a->sub, "token") == 0)
		return cli_usage_error("user", "token needs --name NAME");
	if ((a->grant || a->revoke || a->org) && strcmp(a->sub, "roles"))
		return cli_usage_error("user", "--grant, --revoke and --org go with roles");
	if (a->grant && a->revoke)
		return cli_usage_error("user", "either --grant or --revoke, not both");
	if (a->org && !a->grant && !a->revoke)
		return cli_usage_error("user", "--org goes with --grant or --revoke");
	return 0;
}

/* Reads one line of at most PASSWORD_MAX bytes from f into out (without
 * the line end); false at end of input or for a longer line. */
static bool
read_line(FILE *f, char out[PASSWORD_MAX + 2])
{
	size_t len;

	if (!fgets(out, PASSWORD_MAX + 2, f))
		return false;
	len = strlen(out);
	if (len && out[len - 1] == '\n')
		out[--len] = '\0';
	else if (!feof(f))
		return false;   /* longer than the limit */
	if (len && out[len - 1] == '\r')
		out[--len] = '\0';
	return true;
}

/* Asks for a line on the terminal without echo; false if it cannot. */
static bool
ask_hidden(const char *prompt, char out[PASSWORD_MAX + 2])
{
	struct termios old, quiet;
	bool ok;

	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return false;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	/* echo off first, then the prompt: nothing typed after the prompt
	 * shows, and what was typed before it is discarded */
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
		return false;
	fputs(prompt, stderr);
	fflush(stderr);
	ok = read_line(stdin, out);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ok;
}

/* Gets the new password into out: from the terminal (asked twice) or from
 * the first line of standard input. Prints why and returns EXIT_USER when
 * there is no acceptable password; 0 when there is. */
static int
get_password(const struct user_args *a, char out[PASSWORD_MAX + 2])
{
	char again[PASSWORD_MAX + 2];
	int rc = 0;

	if (!a->password_stdin && isatty(STDIN_FILENO)) {
		if (!ask_hidden("New password: ", out) || !ask_hidden("Again: ", again)) {
			fputs("leerpad: no password given\n", stderr);
			rc = EXIT_USER;
		} else if (strcmp(out, again) != 0) {
			fputs("leerpad: the two passwords differ\n", stderr);
			rc = EXIT_USER;
		}
		explicit_bzero(again, sizeof(again));
	} else if (!read_line(stdin, out)) {
		fprintf(stderr, "leerpad: give the password as the first line of standard input "
			"(at most %d characters)\n", PASSWORD_MAX);
		rc = EXIT_USER;
	}
	if (!rc && strlen(out) < PASSWORD_MIN) {
		fprintf(stderr, "leerpad: the password must be at least %d characters\n",
			PASSWORD_MIN);
		rc = EXIT_USER;
	}
	return rc;
}

/* Finds the account with email (any case) into id; LP_ENOTFOUND if none. */
static enum lp_status
find_account(struct ctx *ctx, const char *email, char id[ID_LEN])
{
	struct entity_query q;
	char lower[ACTOR_EMAIL_MAX];
	json_t *items = NULL;
	const char *next;
	enum lp_status rc;
	size_t i;

	for (i = 0; email[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)email[i]);
	lower[i] = '\0';
	memset(&q, 0, sizeof(q));
	q.filter_count = 1;
	q.filter_names[0] = "email";
	q.filter_values[0] = lower;
	rc = entity_list(ctx, &accounts_def, &q, &items, &next);
	if (!rc && json_array_size(items) == 0)
		rc = lp_fail(ctx->err, LP_ENOTFOUND, NULL, "no account with e-mail %s", email);
	if (!rc)
		snprintf(id, ID_LEN, "%s", json_string_value(json_object_get(
			json_array_get(items, 0), "id")));
	json_decref(items);
	return rc;
}

/* user add: creates the account (exit 0), or says why not (exit 1). */
static int
user_add(struct ctx *ctx, const struct user_args *a)
{
	char password[PASSWORD_MAX + 2];
	json_t *in, *out = NULL;
	enum lp_status rc;
	int code = get_password(a, password);

	if (code) {
		explicit_bzero(password, sizeof(password));
		return code;
	}
	in = json_pack("{s:s, s:s, s:s?}", "email", a->email, "password", password,
		       "person_id", a->person);
	explicit_bzero(password, sizeof(password));
	rc = entity_create(ctx, &accounts_def, in, &out);
	json_decref(in);
	if (rc == LP_ECONFLICT) {
		fprintf(stderr, "leerpad: an account with e-mail %s already exists\n", a->email);
		return EXIT_USER;
	}
	if (rc)
		return cli_fail(ctx->err);
	printf("leerpad: created account %s (id %s)\n",
	       json_string_value(json_object_get(out, "email")),
	       json_string_value(json_object_get(out, "id")));
	json_decref(out);
	return 0;
}

/* user passwd: sets a new password on an existing account. */
static int
user_passwd(struct ctx *ctx, const struct user_args *a)
{
	char password[PASSWORD_MAX + 2], id[ID_LEN];
	enum lp_status rc;
	int code;

	/* no password is asked for an account that does not exist */
	if (find_account(ctx, a->email, id))
		return cli_fail(ctx->err);
	code = get_password(a, password);
	if (code) {
		explicit_bzero(password, sizeof(password));
		return code;
	}
	rc = auth_set_password(ctx, a->email, password);
	explicit_bzero(password, sizeof(password));
	if (rc)
		return cli_fail(ctx->err);
	printf("leerpad: changed the password of %s\n", a->email);
	return 0;
}

/* Prints the account's role grants, one a line: role and where. */
static int
list_roles(struct ctx *ctx, const struct user_args *a, const char *account)
{
	struct entity_query q;
	json_t *items = NULL, *g;
	const char *next;
	size_t i;

	memset(&q, 0, sizeof(q));
	q.limit = ENTITY_LIST_MAX;
	q.filter_count = 1;
	q.filter_names[0] = "account_id";
	q.filter_values[0] = account;
	if (entity_list(ctx, &role_grants_def, &q, &items, &next))
		return cli_fail(ctx->err);
	if (json_array_size(items) == 0)
		printf("%s holds no roles\n", a->email);
	json_array_foreach(items, i, g) {
		const char *org = json_string_value(json_object_get(g, "organisation_id"));
		const char *name = org ? entity_display_name(ctx, "organisations", org) : NULL;

		if (org)
			printf("%-22s %s (%s)\n", json_string_value(json_object_get(g, "role")),
			       name ? name : "?", org);
		else
			printf("%-22s (everywhere)\n",
			       json_string_value(json_object_get(g, "role")));
	}
	json_decref(items);
	return 0;
}

/* user roles: lists the account's roles, or grants or revokes one (audited). */
static int
user_roles(struct ctx *ctx, const struct user_args *a)
{
	char account[ID_LEN], grant[ID_LEN];
	const char *role = a->grant ? a->grant : a->revoke, *where;
	enum role parsed;
	json_t *in, *out = NULL;

	if (find_account(ctx, a->email, account))
		return cli_fail(ctx->err);
	if (!role)
		return list_roles(ctx, a, account);
	if (!role_parse(role, &parsed)) {
		fprintf(stderr, "leerpad: '%s' is not a role; see 'leerpad user --help'\n", role);
		return EXIT_USER;
	}
	where = a->org ? entity_display_name(ctx, "organisations", a->org) : NULL;
	if (!where)
		where = a->org;
	if (a->revoke) {
		if (role_grant_find(ctx, account, role, a->org, grant) ||
		    role_grant_revoke(ctx, grant))
			return cli_fail(ctx->err);
		printf("leerpad: %s no longer holds role %s%s%s\n", a->email, role,
		       where ? " in " : "", where ? where : "");
		return 0;
	}
	if (role_grant_find(ctx, account, role, a->org, grant) == LP_OK) {
		fprintf(stderr, "leerpad: %s already holds role %s%s%s\n", a->email, role,
			where ? " in " : "", where ? where : "");
		return EXIT_USER;
	}
	lp_error_clear(ctx->err);
	in = json_pack("{s:s, s:s, s:s?}", "account_id", account, "role", role,
		       "organisation_id", a->org);
	if (entity_create(ctx, &role_grants_def, in, &out)) {
		json_decref(in);
		return cli_fail(ctx->err);
	}
	json_decref(in);
	json_decref(out);
	printf("leerpad: %s now holds role %s%s%s\n", a->email, role, where ? " in " : "",
	       where ? where : "");
	return 0;
}

/* user token: prints a new API token on stdout, the only time it is shown. */
static int
user_token(struct ctx *ctx, const struct user_args *a)
{
	char token[CRYPTO_TOKEN_LEN];

	if (auth_token_create(ctx, a->email, a->name, token))
		return cli_fail(ctx->err);
	puts(token);
	fputs("leerpad: this token is shown only once; keep it safe\n", stderr);
	explicit_bzero(token, sizeof(token));
	return 0;
}

/* leerpad user: parses the arguments, opens the database with the system
 * actor and runs the subcommand; exit 0, 1 (user error) or 2 (usage). */
int
cmd_user(int argc, char **argv)
{
	struct user_args a;
	struct lp_error err = LP_ERROR_INIT;
	struct arena arena = ARENA_INIT;
	struct actor actor;
	struct ctx ctx;
	struct db *db = NULL;
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc < 0 ? 0 : rc;
	rc = cli_open(cli_db_url(a.url), &db, &ctx, &actor, &arena, &err);
	if (rc)
		return rc;
	if (strcmp(a.sub, "add") == 0)
		rc = user_add(&ctx, &a);
	else if (strcmp(a.sub, "passwd") == 0)
		rc = user_passwd(&ctx, &a);
	else if (strcmp(a.sub, "roles") == 0)
		rc = user_roles(&ctx, &a);
	else
		rc = user_token(&ctx, &a);
	db_close(db);
	arena_release(&arena);
	return rc;
}
