/* harness.h: the API test harness: a real `leerpad serve` on a fresh
 * database, spoken to over HTTP with libcurl
 *
 * harness_setup (a cmocka group setup) makes a temporary directory, runs
 * `leerpad init` there, fills the database with the fixture world
 * (unit/fixture.h) through the domain, creates an API token per fixture
 * account, and starts `leerpad serve --port 0 --port-file F --max-seconds
 * 300` as a child process. harness_teardown stops it (SIGTERM, then
 * SIGKILL), fails if it crashed or exited with an error (a sanitizer
 * report, a leak) and removes the directory; an atexit hook does the same
 * when a test program stops early. With LEERPAD_TEST_PG (a URL) or
 * LEERPAD_TEST_PG_URL_FILE (a file holding one) in the environment, the
 * database is instead a fresh one in that PostgreSQL cluster, dropped at
 * teardown (tests/pg/cluster.sh; the api_pg.* tests). With LEERPAD_TEST_KEEP set in the
 * environment the directory (database, server.log) is kept for a look.
 *
 * Requests go through http(): a client (NULL for nobody) brings its bearer
 * token or session cookie and CSRF token. Responses carry status, headers,
 * body and the body parsed as JSON. Strings the helpers return (hfmt,
 * henc, hexpand) live until teardown.
 */
#ifndef LEERPAD_TEST_HARNESS_H
#define LEERPAD_TEST_HARNESS_H

#include "base/crypto.h"
#include "fixture.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define HRESP_MAX_HEADERS 32
#define SNAPSHOT_MAX_TABLES 64

/* Who sends a request. Empty strings mean "not sent". */
struct client {
	char name[32];                    /* for messages */
	char bearer[CRYPTO_TOKEN_LEN];    /* Authorization: Bearer ... */
	char session[CRYPTO_TOKEN_LEN];   /* Cookie: leerpad_session=... */
	char csrf[CRYPTO_TOKEN_LEN];      /* X-CSRF-Token: ... */
};

/* One response. Release with hresp_release. */
struct hresp {
	long status;                      /* 0 if no answer came */
	char *body;                       /* NUL-terminated; len bytes */
	size_t len;
	json_t *json;                     /* the body as JSON, or NULL */
	int header_count;
	char *names[HRESP_MAX_HEADERS];
	char *values[HRESP_MAX_HEADERS];
	char what[300];                   /* "METHOD path", for messages */
};

struct harness {
	struct fixture fx;                /* ids of the world; db closed */
	pid_t server;                     /* 0 when not running */
	int port;
	char base[64];                    /* "http://127.0.0.1:PORT" */
	char log_path[PATH_MAX];          /* the server's stderr */
	bool server_failed;               /* crashed or exited non-zero */
	char pg_name[64];                 /* the PostgreSQL database, "" on SQLite */
	/* a client per fixture account, each with its own API token */
	struct client admin, inst_admin, pm, hr, hr_b, supervisor, learner, coord, monitor;
};

extern struct harness H;

/* One more `leerpad serve` on the same database, for the multi-server
 * tests: its base URL is "http://127.0.0.1:PORT". */
struct extra_server {
	pid_t pid;
	int port;
	bool failed;
	char base[64];
	char log_path[PATH_MAX];
};
/* Starts one (its log is NAME.log in the test directory); false if it
 * will not start. */
bool harness_start_extra(struct extra_server *s, const char *name);
/* Stops it; false if it crashed or did not exit cleanly (its log is shown). */
bool harness_stop_extra(struct extra_server *s);

/* cmocka group setup and teardown; see above. */
int harness_setup(void **state);
int harness_teardown(void **state);
/* Runs a group of tests with the harness and returns the exit code for
 * main: non-zero if a test failed or the server did not end cleanly. */
#define harness_run(name, tests) \
	harness_exit(cmocka_run_group_tests_name(name, tests, harness_setup, harness_teardown))
int harness_exit(int failed);

/* Sends one request. body (may be NULL) is sent as application/json unless
 * headers (NULL-terminated "Name: value" strings, may be NULL) give a
 * Content-Type. Returns the status (0 if the server did not answer). */
long http(const struct client *c, const char *method, const char *path, const char *body,
	  const char *const *headers, struct hresp *r);
/* The same with a body of len bytes that may hold anything. */
long http_raw(const struct client *c, const char *method, const char *path, const char *body,
	      size_t len, const char *const *headers, struct hresp *r);
/* Sends n requests at once (curl multi), the i-th to paths[i] with
 * bodies[i] (bodies may be NULL), and fills out[0..n). */
void http_many(int n, const struct client *c, const char *method, const char *const *paths,
	       const char *const *bodies, struct hresp *out);
/* The same with headers[i] (NULL-terminated, may be NULL) for the i-th. */
void http_many_headers(int n, const struct client *c, const char *method,
		       const char *const *paths, const char *const *bodies,
		       const char *const *const *headers, struct hresp *out);
void hresp_release(struct hresp *r);
/* The value of a response header (case-insensitive name), or NULL. */
const char *hresp_header(const struct hresp *r, const char *name);
/* A string member of the JSON body, or NULL. */
const char *hresp_str(const struct hresp *r, const char *key);

/* Logs in through POST /api/v1/session and fills out with the session
 * cookie and CSRF token. Returns the status of the login. */
long api_login(const char *email, const char *password, struct client *out);

/* Assertions with the response in the message when they fail. */
#define expect_status(r, want) harness_expect_status((r), (want), __FILE__, __LINE__)
/* A problem+json answer with status want and field (NULL: no field). */
#define expect_problem(r, want, field) \
	harness_expect_problem((r), (want), (field), __FILE__, __LINE__)
void harness_expect_status(const struct hresp *r, long want, const char *file, int line);
void harness_expect_problem(const struct hresp *r, long want, const char *field,
			    const char *file, int line);

/* Strings that live until teardown: printf-style, a URL-encoded copy, and
 * a template with $name replaced by the fixture id of that name
 * ("$prog_a", "$acc_hr", "$unknown" for a valid id that names nothing). */
const char *hfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *henc(const char *text);
const char *hexpand(const char *tmpl);
/* hexpand, and every ' becomes ", for JSON bodies written inline:
 * hq("{'programme_id':'$prog_a'}"). */
const char *hq(const char *tmpl);
/* The compact JSON text of v (steals v), living until teardown. */
const char *hjson(json_t *v);

/* Row counts and a SHA-256 of the contents of every table, read through
 * the db interface, so on either backend. */
struct db_snapshot {
	int count;
	struct {
		char name[64];
		int64_t rows;
		unsigned char hash[32];
	} tables[SNAPSHOT_MAX_TABLES];
};
void db_snapshot(struct db_snapshot *s);
/* Fails unless the database is exactly as in before. */
#define expect_db_unchanged(before) harness_expect_db_unchanged((before), __FILE__, __LINE__)
void harness_expect_db_unchanged(const struct db_snapshot *before, const char *file, int line);
/* Fails unless only the tables named in changed (a NULL-terminated list)
 * differ from before; those must differ. */
#define expect_db_changed_only(before, ...) \
	harness_expect_db_changed_only((before), __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)
void harness_expect_db_changed_only(const struct db_snapshot *before, const char *file, int line,
				    ...);
/* Rows of one table in a snapshot; -1 if there is no such table. */
int64_t snapshot_rows(const struct db_snapshot *s, const char *table);

#endif
