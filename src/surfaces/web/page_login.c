/* page_login.c: logging in and out with a form
 *
 * Before login there is no session, so the login form guards against
 * forgery with a double-submit cookie: GET /login sets leerpad_csrf to a
 * random token and puts the same token in the form; POST /login accepts
 * the form only when the two agree (the route is ROUTE_NO_CSRF because
 * the server checks only session tokens). A site that cannot read our
 * cookies cannot make a form that passes, so it cannot log a reader into
 * an account of its own choosing.
 */
#include "surfaces/web/web.h"
#include "surfaces/web/form.h"
#include "surfaces/web/page.h"
#include "surfaces/http/cookie.h"
#include "surfaces/http/server.h"
#include "domain/auth.h"

#include <string.h>

#define LOGIN_COOKIE "leerpad_csrf"

/* True if s has the shape of a token from crypto_token (43 characters of
 * base64url), so a cookie we did not make is never echoed into the page. */
static bool
token_shaped(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return n == CRYPTO_TOKEN_LEN - 1;
}

/* The login token of this reader: the cookie's, or a new one that is sent
 * as a cookie with this response. Arena string. */
static const char *
login_token(struct request *req, struct response *res)
{
	const char *cookie = request_cookie(req, LOGIN_COOKIE);
	char token[CRYPTO_TOKEN_LEN];

	if (token_shaped(cookie))
		return cookie;
	crypto_token(token);
	response_header(res, "Set-Cookie", arena_printf(&req->arena,
		"%s=%s; Path=/login; Max-Age=7200; HttpOnly; SameSite=Strict%s", LOGIN_COOKIE,
		token, server_secure_cookies() ? "; Secure" : ""));
	return arena_strdup(&req->arena, token);
}

/* Writes the whole login page; error (translated) is shown above the form
 * and on the inputs when not NULL. */
static void
login_page(struct request *req, struct response *res, const char *token, const char *email,
	   const char *next, const char *error, const char *error_more, int status)
{
	struct buf *b;

	page_begin(req, res, request_tr(req, "Log in"));
	b = &res->body;
	if (error) {
		html_printf(b, "<div class=\"error-summary\" role=\"alert\" "
			    "aria-labelledby=\"error-summary-title\">\n"
			    "<h2 id=\"error-summary-title\">%s</h2>\n<ul><li><a href=\"#f-email\">"
			    "%s</a></li></ul>\n", request_tr(req, "There is a problem"), error);
		if (error_more)
			html_printf(b, "<p>%s</p>\n", error_more);
		html_raw(b, "</div>\n");
	}
	if (req->actor.kind == ACTOR_ACCOUNT)
		html_printf(b, "<p>%s <strong>%s</strong>. <a href=\"/home\">%s</a></p>\n",
			    request_tr(req, "You are logged in as"), req->actor.email,
			    request_tr(req, "Go to your own page"));
	html_raw(b, "<form method=\"post\" action=\"/login\" class=\"narrow\" novalidate>\n");
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", token);
	if (next)
		html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	html_printf(b, "<div class=\"field%R\"><label for=\"f-email\">%s</label>\n",
		    error ? " has-error" : "", request_tr(req, "E-mail address"));
	if (error)
		html_printf(b, "<p class=\"error-message\" id=\"e-email\">"
			    "<span class=\"visually-hidden\">%s: </span>%s</p>\n",
			    request_tr(req, "Error"), error);
	html_printf(b, "<input type=\"email\" id=\"f-email\" name=\"email\" value=\"%s\" "
		    "autocomplete=\"username\" spellcheck=\"false\" required%R></div>\n",
		    email ? email : "",
		    error ? " aria-invalid=\"true\" aria-describedby=\"e-email\"" : "");
	html_printf(b, "<div class=\"field\"><label for=\"f-password\">%s</label>\n"
		    "<input type=\"password\" id=\"f-password\" name=\"password\" "
		    "autocomplete=\"current-password\" required%R></div>\n",
		    request_tr(req, "Password"),
		    error ? " aria-invalid=\"true\" aria-describedby=\"e-email\"" : "");
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n",
		    request_tr(req, "Log in"));
	html_printf(b, "<p>%s</p>\n", request_tr(req,
		"Forgot your password or have no account yet? Ask the administrator of your "
		"institution or employer."));
	res->status = status;
	page_end(req, res);
}

void
web_login_form(struct request *req, struct response *res)
{
	const char *next = request_query(req, "next");
	const char *token = login_token(req, res);

	login_page(req, res, token, NULL, form_is_local_path(next) ? next : NULL, NULL, NULL,
		   200);
}

void
web_login(struct request *req, struct response *res)
{
	struct form f;
	struct auth_session session;
	const char *cookie = request_cookie(req, LOGIN_COOKIE);
	const char *given, *email, *password, *next;
	enum lp_status rc;
	int retry = 0;

	form_init(&f, &req->arena);
	if (form_parse(&f, req->body, req->body_len, &req->err)) {
		page_error(req, res);
		return;
	}
	given = form_get(&f, "csrf");
	email = form_get(&f, "email");
	password = form_get(&f, "password");
	next = form_get(&f, "next");
	if (!form_is_local_path(next))
		next = NULL;
	if (!token_shaped(cookie) || !given || !crypto_equal(given, cookie)) {
		/* a stale or missing cookie: a fresh token, and the reader tries
		 * again; nothing was checked, so nothing counts as a failure */
		login_page(req, res, login_token(req, res), email, next,
			   request_tr(req, "The login form had expired. Please try again."),
			   NULL, 403);
		return;
	}
	rc = auth_login(&req->ctx, email, password, req->address, &session, &retry);
	if (rc == LP_EUNAUTH) {
		login_page(req, res, cookie, email, next, request_tr(req,
			   "The e-mail address or the password is not right."), NULL, 401);
		return;
	}
	if (rc == LP_ERATELIMIT) {
		int minutes = (retry + 59) / 60;
		response_header(res, "Retry-After", arena_printf(&req->arena, "%d", retry));
		login_page(req, res, cookie, email, next, request_tr(req,
			   "Too many failed logins for this account or from this address."),
			   arena_printf(&req->arena, "%s %d.", request_tr(req,
			   "Minutes until you can try again:"), minutes > 0 ? minutes : 1), 429);
		return;
	}
	if (rc) {
		page_error(req, res);
		return;
	}
	response_header(res, "Set-Cookie", cookie_session(req, session.token));
	response_header(res, "Set-Cookie", arena_printf(&req->arena,
		"%s=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict", LOGIN_COOKIE));
	response_redirect(res, next ? next : "/home");
}

void
web_logout(struct request *req, struct response *res)
{
	if (req->auth == AUTH_SESSION && auth_logout(&req->ctx, req->session_token)) {
		page_error(req, res);
		return;
	}
	response_header(res, "Set-Cookie", cookie_session_clear());
	response_redirect(res, "/");
}
