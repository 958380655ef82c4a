/* layout.c: the frame every HTML page shares */
#include "surfaces/web/page.h"
#include "base/money.h"
#include "surfaces/web/form.h"
#include "domain/actor.h"

#include <stdio.h>
#include <string.h>

/* The roles that have an administration section to go to. */
#define ADMIN_ROLES (ROLE_BIT(ROLE_SYSTEM_ADMIN) | ROLE_BIT(ROLE_INSTITUTION_ADMIN) |     \
		     ROLE_BIT(ROLE_PROGRAMME_MANAGER) | ROLE_BIT(ROLE_EMPLOYER_HR) |      \
		     ROLE_BIT(ROLE_NETWORK_COORDINATOR))

void
page_t(struct request *req, struct buf *b, const char *msgid)
{
	html_txt(b, request_tr(req, msgid));
}

/* Reasons from the domain arrive in the reader's language already (pages
 * set lp_reasons_in); the form's own messages are msgids. */
const char *
page_reason(struct request *req, const char *reason)
{
	return request_tr(req, reason);
}

void
page_csrf_field(struct request *req, struct buf *b)
{
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
		    req->csrf ? req->csrf : "");
}

void
page_notice(struct buf *b, const char *text)
{
	html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n", text);
}

struct query_copy {
	struct buf *b;
	int count;
};

/* Copies one query argument into the link, except the language itself. */
static bool
copy_arg(void *data, const char *key, const char *value)
{
	struct query_copy *q = data;

	if (strcmp(key, "lang") == 0)
		return true;
	buf_putc(q->b, q->count++ ? '&' : '?');
	html_url_arg(q->b, key);
	buf_putc(q->b, '=');
	html_url_arg(q->b, value);
	return true;
}

/* A link to the current page (its filters included) in another language,
 * so the switch keeps the reader where they are. */
static void
language_link(struct request *req, struct buf *b, const char *code, const char *label)
{
	struct buf href = BUF_INIT;
	struct query_copy q = { &href, 0 };
	bool current = strcmp(lang_code(req->lang), code) == 0;

	/* a path that is not plainly local (an error page for "//host")
	 * must not turn into a link elsewhere */
	buf_puts(&href, form_is_local_path(req->path) ? req->path : "/");
	/* a form that was posted is not where the reader should land again */
	if (strcmp(req->method ? req->method : "GET", "GET") == 0)
		request_query_each(req, copy_arg, &q);
	buf_printf(&href, "%clang=%s", q.count ? '&' : '?', code);
	html_printf(b, "<a href=\"%s\" hreflang=\"%s\" lang=\"%s\"%R>%s</a>", buf_str(&href),
		    code, code, current ? " aria-current=\"true\"" : "", label);
	buf_release(&href);
}

/* One item of the main navigation, marked current when the page is in it. */
static void
nav_item(struct request *req, struct buf *b, const char *href, const char *msgid, bool exact)
{
	size_t n = strlen(href);
	bool current = exact ? strcmp(req->path, href) == 0
			     : strncmp(req->path, href, n) == 0 &&
				       (req->path[n] == '\0' || req->path[n] == '/');

	/* the offerings have their own item, so the catalog item is only
	 * current for the programmes */
	if (strcmp(href, "/catalog") == 0 && strncmp(req->path, "/catalog/offerings", 17) == 0)
		current = false;
	html_printf(b, "<li><a href=\"%s\"%R>%s</a></li>\n", href,
		    current ? " aria-current=\"page\"" : "", request_tr(req, msgid));
}

bool
page_may_administer(const struct actor *a)
{
	return a->kind == ACTOR_ACCOUNT && actor_has_any(a, ADMIN_ROLES, NULL);
}

void
page_begin(struct request *req, struct response *res, const char *title)
{
	struct buf *b = &res->body;

	buf_reset(b);
	html_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>%s — leerpad</title>\n"
		    "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
		    "</head>\n<body>\n", lang_code(req->lang), title);
	html_printf(b, "<a class=\"skip\" href=\"#main\">%s</a>\n",
		    request_tr(req, "Skip to content"));
	html_raw(b, "<header class=\"site\">\n<div class=\"bar\">\n");
	html_printf(b, "<a class=\"brand\" href=\"/\">leerpad<span class=\"visually-hidden\"> — "
		    "%s</span></a>\n", request_tr(req, "start page"));
	html_printf(b, "<nav aria-label=\"%s\"><ul>\n", request_tr(req, "Main"));
	nav_item(req, b, "/catalog", "Programmes", false);
	nav_item(req, b, "/catalog/offerings", "Offerings", false);
	if (req->actor.kind == ACTOR_ACCOUNT) {
		nav_item(req, b, "/home", "My home", true);
		if (page_may_administer(&req->actor))
			nav_item(req, b, "/admin", "Administration", false);
	}
	html_raw(b, "</ul></nav>\n<div class=\"account\">");
	if (req->actor.kind == ACTOR_ACCOUNT) {
		html_printf(b, "<span class=\"who\">%s</span> "
			    "<form method=\"post\" action=\"/logout\" class=\"inline\">",
			    req->actor.email);
		page_csrf_field(req, b);
		html_printf(b, "<button type=\"submit\" class=\"link\">%s</button></form>",
			    request_tr(req, "Log out"));
	} else if (strcmp(req->path, "/login") != 0) {
		html_printf(b, "<a href=\"/login\">%s</a>", request_tr(req, "Log in"));
	}
	html_printf(b, " <span class=\"lang\" role=\"group\" aria-label=\"%s\">",
		    request_tr(req, "Language"));
	language_link(req, b, "nl", "Nederlands");
	html_raw(b, " ");
	language_link(req, b, "en", "English");
	html_raw(b, "</span></div>\n</div>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
	html_printf(b, "<h1>%s</h1>\n", title);
}

void
page_end(struct request *req, struct response *res)
{
	struct buf *b = &res->body;

	html_printf(b, "</main>\n<footer class=\"site\">\n<p>%s</p>\n",
		    request_tr(req, "leerpad — flexible higher professional education for "
				    "working adults"));
	html_printf(b, "<p>%s</p>\n</footer>\n</body>\n</html>\n",
		    request_tr(req, "Based on the experiments with learning outcomes and demand "
				    "financing in Dutch higher professional education."));
	if (!res->status)
		res->status = 200;
	res->content_type = "text/html; charset=utf-8";
	/* a ?lang= choice is remembered for the next pages */
	if (request_query(req, "lang"))
		response_header(res, "Set-Cookie", req->lang == LANG_EN
				? "lang=en; Path=/; Max-Age=31536000; SameSite=Lax"
				: "lang=nl; Path=/; Max-Age=31536000; SameSite=Lax");
}

/* text with a capital first letter and a full stop (reasons of the
 * domain are phrases, "no such programme"). Arena string. */
static const char *
as_sentence(struct request *req, const char *text)
{
	size_t n = strlen(text);
	char *out = arena_printf(&req->arena, "%s%s", text,
				 n && strchr(".!?", text[n - 1]) ? "" : ".");

	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	return out;
}

void
page_error(struct request *req, struct response *res)
{
	int status = http_status_for(req->err.status ? req->err.status : LP_EINTERNAL);
	const char *title = request_tr(req, lp_status_title(req->err.status ? req->err.status
								     : LP_EINTERNAL));

	page_begin(req, res, title);
	if (status >= 500)
		html_printf(&res->body, "<p>%s</p>\n", request_tr(req,
			"Something went wrong on our side; it has been logged."));
	else if (status == 403 && strcmp(req->err.field, "csrf") != 0)
		html_printf(&res->body, "<p>%s</p>\n", request_tr(req,
			"Your roles do not allow this. If you think they should, ask an "
			"administrator of your organisation."));
	else if (req->err.reason[0])
		html_printf(&res->body, "<p>%s</p>\n",
			    as_sentence(req, page_reason(req, req->err.reason)));
	if (status == 401)
		html_printf(&res->body, "<p><a href=\"/login?next=%u\">%s</a></p>\n", req->path,
			    request_tr(req, "Log in"));
	html_printf(&res->body, "<p><a href=\"/\">%s</a></p>\n",
		    request_tr(req, "Back to the start page"));
	res->status = status;
	page_end(req, res);
}

const char *
page_str(const json_t *record, const char *key)
{
	return json_string_value(json_object_get(record, key));
}

int64_t
page_int(const json_t *record, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(record, key));
}

void
page_money(struct request *req, struct buf *b, int64_t cents)
{
	char text[MONEY_TEXT_LEN];

	html_txt(b, money_format(cents, req->lang, text));
}
