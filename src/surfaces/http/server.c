/* server.c: the HTTP server
 *
 * libmicrohttpd runs a pool of threads with epoll. Each thread opens its
 * own database connection on first use (a pthread key closes it when the
 * thread ends). A request's body is collected up to SERVER_MAX_BODY; then
 * the request is authenticated (bearer token or session cookie), checked
 * against CSRF, routed and answered with the security headers every
 * response carries. One log line per request.
 */
#include "surfaces/http/server.h"
#include "surfaces/http/router.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "db/migrate.h"
#include "domain/auth.h"
#include "domain/evidence.h"
#include "surfaces/web/page.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define SERVER_MAX_BODY (256 * 1024)
/* A multipart/form-data body (file uploads, ROUTE_UPLOAD routes only). */
#define SERVER_MAX_UPLOAD (EVIDENCE_MAX_BYTES + 64 * 1024)

static const char *db_url;
static bool secure_cookies;
static char trusted_proxy[INET6_ADDRSTRLEN]; /* "" for none; set once at start */
static pthread_key_t db_key;

/* One per connection, across the calls libmicrohttpd makes for it. */
struct pending {
	struct buf body;
	bool too_big;
	bool multipart;  /* Content-Type multipart/form-data */
	int64_t started_ms;
};

bool
server_secure_cookies(void)
{
	return secure_cookies;
}

static void
close_thread_db(void *db)
{
	db_close(db);
}

/* This thread's database connection, opened on first use. */
static struct db *
thread_db(struct lp_error *err)
{
	struct db *db = pthread_getspecific(db_key);

	if (db)
		return db;
	if (db_open(db_url, &db, err))
		return NULL;
	pthread_setspecific(db_key, db);
	return db;
}

static void
add_security_headers(struct MHD_Response *r, bool html, bool cacheable)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	if (!cacheable)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Content-Security-Policy",
				html ? "default-src 'none'; style-src 'self'; img-src 'self' data:;"
				       " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
				     : "default-src 'none'; frame-ancestors 'none'");
}

static enum MHD_Result
send_response(struct MHD_Connection *conn, struct response *res)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	bool html = res->content_type && strncmp(res->content_type, "text/html", 9) == 0;
	bool cacheable = false;
	size_t len;
	char *body = buf_detach(&res->body, &len);

	/* the body is handed over, not copied: libmicrohttpd frees it once
	 * it is sent */
	r = MHD_create_response_from_buffer_with_free_callback(len, body, free);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	if (res->content_type)
		MHD_add_response_header(r, "Content-Type", res->content_type);
	for (int i = 0; i < res->header_count; i++) {
		MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
		if (strcmp(res->headers[i].name, "Cache-Control") == 0)
			cacheable = true;
	}
	add_security_headers(r, html, cacheable);
	ret = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Writes a problem for an API route or an error page for anything else. */
static void
fail(struct request *req, struct response *res, enum lp_status status, const char *field,
     const char *reason)
{
	lp_fail(&req->err, status, field, "%s", reason);
	if (req->route && (req->route->flags & ROUTE_PAGE))
		page_error(req, res);
	else if (!req->route && strncmp(req->path, "/api/", 5) != 0 &&
		 strncmp(req->path, "/ooapi/", 7) != 0)
		page_error(req, res);
	else
		response_problem(req, res, &req->err);
}

/* Fills req->actor from a bearer token or a session cookie. A bad bearer
 * token is refused outright; a stale cookie just means nobody. */
static enum lp_status
authenticate(struct request *req)
{
	const char *authz = request_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *cookie = request_cookie(req, "leerpad_session");
	struct lp_error ignored = LP_ERROR_INIT;

	actor_anonymous(&req->actor);
	if (authz) {
		if (strncmp(authz, "Bearer ", 7) != 0)
			return lp_fail(&req->err, LP_EUNAUTH, NULL,
				       "only Bearer tokens are accepted");
		if (auth_token_actor(&req->ctx, authz + 7, &req->actor))
			return LP_EUNAUTH;
		req->auth = AUTH_TOKEN;
		return LP_OK;
	}
	if (cookie) {
		struct lp_error *saved = req->ctx.err;
		req->ctx.err = &ignored;
		if (auth_session_actor(&req->ctx, cookie, &req->actor, &req->csrf) == LP_OK) {
			req->auth = AUTH_SESSION;
			req->session_token = cookie;
		}
		req->ctx.err = saved;
	}
	return LP_OK;
}

static bool
is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* Checks the anti-forgery token of a cookie-authenticated write: a header
 * for the JSON API, a form field for pages. */
static bool
csrf_ok(struct request *req)
{
	const char *given;

	if (req->auth != AUTH_SESSION || (req->route->flags & ROUTE_NO_CSRF))
		return true;
	if (req->route->flags & ROUTE_API)
		given = request_header(req, "X-CSRF-Token");
	else
		given = request_form(req, "csrf");
	return given && req->csrf && crypto_equal(given, req->csrf);
}

static enum lang
pick_language(struct request *req)
{
	const char *q = request_query(req, "lang");
	const char *c = request_cookie(req, "lang");

	if (q)
		return lang_parse(q);
	if (c)
		return lang_parse(c);
	return LANG_NL;
}

bool
server_address_valid(const char *text)
{
	unsigned char addr[sizeof(struct in6_addr)];

	return text && (inet_pton(AF_INET, text, addr) == 1 || inet_pton(AF_INET6, text, addr) == 1);
}

/* The client a trusted proxy names: the last entry of X-Forwarded-For,
 * which that proxy appended (earlier entries come from the client and may
 * be forged). NULL when absent or not an address; an arena string. */
static const char *
forwarded_client(struct request *req)
{
	const char *xff = request_header(req, "X-Forwarded-For"), *last;
	char *addr;
	size_t len;

	if (!xff)
		return NULL;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	len = strcspn(last, " \t");
	if (len == 0 || len >= INET6_ADDRSTRLEN)
		return NULL;
	addr = arena_strndup(&req->arena, last, len);
	return server_address_valid(addr) ? addr : NULL;
}

static void
client_address(struct request *req)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "-";

	if (ci && ci->client_addr) {
		if (ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)ci->client_addr)->sin_addr,
				  text, sizeof(text));
		else if (ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((struct sockaddr_in6 *)(void *)ci->client_addr)->sin6_addr,
				  text, sizeof(text));
	}
	if (trusted_proxy[0] && strcmp(text, trusted_proxy) == 0) {
		const char *forwarded = forwarded_client(req);
		if (forwarded) {
			req->address = forwarded;
			return;
		}
	}
	req->address = arena_strdup(&req->arena, text);
}

/* The authentication, the checks of access and anti-forgery, and the
 * handler of a request routed, with its database (handle). */
static void
run(struct request *req, struct response *res, const char *method, struct pending *p)
{
	const char *ctype;

	if (authenticate(req)) {
		response_problem(req, res, &req->err);
		return;
	}
	if (!(req->route->flags & ROUTE_PUBLIC) && req->actor.kind == ACTOR_ANONYMOUS) {
		if (req->route->flags & ROUTE_PAGE) {
			response_redirect(res, arena_printf(&req->arena, "/login?next=%s",
							    req->path));
			return;
		}
		fail(req, res, LP_EUNAUTH, NULL, "log in first");
		return;
	}
	if (is_write(method)) {
		ctype = request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
		if ((req->route->flags & ROUTE_API) && req->body_len > 0 && !p->multipart &&
		    (!ctype || strncmp(ctype, "application/json", 16) != 0)) {
			fail(req, res, LP_EUNSUPPORTED, NULL,
			     "send the body as application/json");
			return;
		}
		if (!csrf_ok(req)) {
			fail(req, res, LP_EFORBIDDEN, "csrf",
			     "the anti-forgery token is missing or wrong; reload the page");
			return;
		}
	}
	req->route->handler(req, res);
}

/* Handles a complete request: authentication, routing, CSRF, handler. */
static void
handle(struct request *req, struct response *res, const char *url, const char *method,
       struct pending *p)
{
	bool path_known = false, snapshot;
	struct db *db;

	req->lang = pick_language(req);
	req->body = p->body.p ? p->body.p : "";
	req->body_len = p->body.len;
	req->route = router_match(req, method, url, &path_known);
	/* pages tell people why, in their language; the APIs keep English */
	if (req->route ? (req->route->flags & ROUTE_PAGE) != 0
		       : strncmp(url, "/api/", 5) != 0 && strncmp(url, "/ooapi/", 7) != 0)
		lp_reasons_in(req->lang);
	else
		lp_reasons_in_english();
	client_address(req);

	if (p->too_big) {
		fail(req, res, LP_ETOOBIG, NULL, p->multipart ?
		     "the upload is larger than the limit of 4 MiB per file" :
		     "the request body is larger than 256 KiB");
		return;
	}
	if (!req->route) {
		if (path_known) {
			fail(req, res, LP_EUNSUPPORTED, NULL, "this method is not allowed here");
			/* no lp_status maps to 405: say it in the problem too */
			if (res->content_type &&
			    strcmp(res->content_type, "application/problem+json") == 0)
				response_problem_status(req, res, &req->err, 405);
			res->status = 405;
			response_header(res, "Allow", router_allowed(req, url));
		} else {
			fail(req, res, LP_ENOTFOUND, NULL, "there is nothing at this address");
		}
		return;
	}
	if (p->multipart && !(req->route->flags & ROUTE_UPLOAD)) {
		fail(req, res, LP_EUNSUPPORTED, NULL, "this address takes no file uploads");
		return;
	}
	/* the text parts of an upload are checked where they are read */
	if (!p->multipart && !utf8_is_valid(req->body, req->body_len)) {
		fail(req, res, LP_EMALFORMED, NULL, "the request body is not valid UTF-8");
		return;
	}
	db = thread_db(&req->err);
	if (!db) {
		log_error("cannot open the database: %s", req->err.reason);
		fail(req, res, LP_EDB, NULL, "the database cannot be opened");
		return;
	}
	req->ctx.db = db;
	/* a route that only reads: its authentication too in the handler's
	 * read snapshot, so the request takes the engine's read lock once */
	snapshot = (req->route->flags & ROUTE_READS) && !is_write(method);
	if (snapshot && db_read_begin(db, &req->err)) {
		response_problem(req, res, &req->err);
		return;
	}
	run(req, res, method, p);
	if (snapshot)
		db_read_end(db);
	if (db_read_end_all(db))
		log_error("%s %s: the handler left a read snapshot open", method, req->path);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct pending *p = *con_cls;
	struct request req;
	struct response res;
	enum MHD_Result ret;
	int64_t ms;

	(void)cls;
	(void)version;
	if (!p) {
		p = xcalloc(1, sizeof(*p));
		p->started_ms = time_now_ms();
		{
			const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
								     MHD_HTTP_HEADER_CONTENT_TYPE);
			p->multipart = ct && strncasecmp(ct, "multipart/form-data", 19) == 0;
		}
		*con_cls = p;
		return MHD_YES;
	}
	if (*upload_size) {
		if (p->body.len + *upload_size >
		    (p->multipart ? (size_t)SERVER_MAX_UPLOAD : (size_t)SERVER_MAX_BODY))
			p->too_big = true;
		else
			buf_add(&p->body, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}

	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	req.connection = conn;
	req.method = method;
	req.path = url;
	req.ctx.actor = &req.actor;
	req.ctx.arena = &req.arena;
	req.ctx.err = &req.err;
	actor_anonymous(&req.actor);
	res.status = 200;
	buf_init(&res.body, 4096);

	handle(&req, &res, url, method, p);
	if (res.status >= 500)
		log_error("%s %s: %s (%s)", method, url, req.err.reason, req.err.field);
	ret = send_response(conn, &res);
	ms = time_now_ms() - p->started_ms;
	log_info("%s %s %d %lldms", method, url, res.status, (long long)ms);
	buf_release(&res.body);
	arena_release(&req.arena);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct pending *p = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (p) {
		buf_release(&p->body);
		free(p);
		*con_cls = NULL;
	}
}

/* Writes port to path for a test harness: to a temporary file first, then
 * renamed, so a reader never sees a half-written number. LP_EIO when the
 * file cannot be written. */
static enum lp_status
write_port_file(const char *path, unsigned port, struct lp_error *err)
{
	struct buf tmp = BUF_INIT;
	FILE *f;
	bool ok;

	buf_printf(&tmp, "%s.tmp", path);
	f = fopen(buf_str(&tmp), "w");
	ok = f && fprintf(f, "%u\n", port) > 0;
	if (f && fclose(f) != 0)
		ok = false;
	if (ok && rename(buf_str(&tmp), path) != 0)
		ok = false;
	if (!ok) {
		unlink(buf_str(&tmp));
		buf_release(&tmp);
		return lp_fail(err, LP_EIO, "port-file", "cannot write %s: %s", path,
			       strerror(errno));
	}
	buf_release(&tmp);
	return LP_OK;
}

static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

enum lp_status
server_run(const struct server_options *opts, struct lp_error *err)
{
	struct sockaddr_in sin;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	struct sigaction sa;
	struct db *db;
	enum lp_status rc;
	int applied = 0;
	sigset_t mask, old;
	int64_t started;

	db_url = opts->db_url;
	evidence_set_store_for_db(db_url);
	secure_cookies = opts->secure_cookies;
	trusted_proxy[0] = '\0';
	if (opts->trusted_proxy) {
		/* in the form inet_ntop gives the peer, so the two compare */
		unsigned char addr[sizeof(struct in6_addr)];
		int family = strchr(opts->trusted_proxy, ':') ? AF_INET6 : AF_INET;
		if (inet_pton(family, opts->trusted_proxy, addr) != 1 ||
		    !inet_ntop(family, addr, trusted_proxy, sizeof(trusted_proxy)))
			return lp_fail(err, LP_EINVAL, "trusted-proxy", "not an IP address: %s",
				       opts->trusted_proxy);
	}
	/* migrate once before serving, so workers find the newest schema */
	rc = db_open(db_url, &db, err);
	if (rc)
		return rc;
	rc = migrate_up(db, &applied, err);
	db_close(db);
	if (rc)
		return rc;
	if (applied)
		log_info("applied %d migration(s)", applied);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)opts->port);
	if (inet_pton(AF_INET, opts->address, &sin.sin_addr) != 1)
		return lp_fail(err, LP_EINVAL, "address", "not an IPv4 address: %s", opts->address);
	pthread_key_create(&db_key, close_thread_db);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* worker threads inherit a mask without the stop signals, so the
	 * main thread is the one that sees them */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &mask, &old);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			     MHD_USE_ERROR_LOG,
			     0, NULL, NULL, on_request, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(opts->threads > 0 ? opts->threads : 4),
			     MHD_OPTION_CONNECTION_LIMIT, 1024u,
			     MHD_OPTION_CONNECTION_TIMEOUT, 30u,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
			     MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!d)
		return lp_fail(err, LP_EIO, "port", "cannot listen on %s:%d (in use?)",
			       opts->address, opts->port);
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "leerpad: listening on http://%s:%u\n", opts->address,
		info ? info->port : (unsigned)opts->port);
	if (opts->port_file) {
		rc = write_port_file(opts->port_file, info ? info->port : (unsigned)opts->port,
				     err);
		if (rc) {
			MHD_stop_daemon(d);
			return rc;
		}
	}
	started = time_now_ms();
	while (!stop_requested) {
		struct timespec nap = { 0, 100 * 1000 * 1000 };
		nanosleep(&nap, NULL);
		if (opts->max_seconds > 0 && time_now_ms() - started > opts->max_seconds * 1000) {
			log_info("stopping after %d seconds, as asked", opts->max_seconds);
			break;
		}
	}
	log_info("stopping");
	MHD_stop_daemon(d);
	return LP_OK;
}
