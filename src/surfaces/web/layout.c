/* layout.c: the frame every HTML page shares */
#include "surfaces/web/page.h"
#include "domain/actor.h"

#include <string.h>

void
page_t(struct request *req, struct buf *b, const char *msgid)
{
	html_txt(b, request_tr(req, msgid));
}

void
page_csrf_field(struct request *req, struct buf *b)
{
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
		    req->csrf ? req->csrf : "");
}

/* The current path with lang=xx, so the switch keeps the reader in place. */
static void
language_link(struct request *req, struct buf *b, const char *code, const char *label)
{
	html_printf(b, "<a href=\"%s?lang=%s\" hreflang=\"%s\" lang=\"%s\"%R>%s</a>",
		    req->path, code, code, code,
		    strcmp(lang_code(req->lang), code) == 0 ? " aria-current=\"true\"" : "",
		    label);
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
	html_raw(b, "<header class=\"site\">\n<a class=\"brand\" href=\"/\">leerpad</a>\n");
	html_printf(b, "<nav aria-label=\"%s\"><ul>\n", request_tr(req, "Main"));
	html_printf(b, "<li><a href=\"/catalog\">%s</a></li>\n", request_tr(req, "Catalog"));
	if (req->actor.kind == ACTOR_ACCOUNT) {
		html_printf(b, "<li><a href=\"/home\">%s</a></li>\n", request_tr(req, "My home"));
		if (actor_has_any(&req->actor, ROLE_BIT(ROLE_SYSTEM_ADMIN) |
				  ROLE_BIT(ROLE_INSTITUTION_ADMIN) |
				  ROLE_BIT(ROLE_PROGRAMME_MANAGER), NULL))
			html_printf(b, "<li><a href=\"/admin\">%s</a></li>\n",
				    request_tr(req, "Administration"));
	}
	html_raw(b, "</ul></nav>\n<div class=\"account\">");
	if (req->actor.kind == ACTOR_ACCOUNT) {
		html_printf(b, "<span class=\"who\">%s</span> "
			    "<form method=\"post\" action=\"/logout\" class=\"inline\">",
			    req->actor.email);
		page_csrf_field(req, b);
		html_printf(b, "<button type=\"submit\">%s</button></form>",
			    request_tr(req, "Log out"));
	} else {
		html_printf(b, "<a href=\"/login\">%s</a>", request_tr(req, "Log in"));
	}
	html_printf(b, " <span class=\"lang\" role=\"group\" aria-label=\"%s\">",
		    request_tr(req, "Language"));
	language_link(req, b, "nl", "Nederlands");
	html_raw(b, " ");
	language_link(req, b, "en", "English");
	html_raw(b, "</span></div>\n</header>\n<main id=\"main\">\n");
	html_printf(b, "<h1>%s</h1>\n", title);
}

void
page_end(struct request *req, struct response *res)
{
	struct buf *b = &res->body;

	html_printf(b, "</main>\n<footer class=\"site\"><p>%s</p></footer>\n</body>\n</html>\n",
		    request_tr(req, "leerpad — flexible higher professional education for "
				    "working adults"));
	if (!res->status)
		res->status = 200;
	res->content_type = "text/html; charset=utf-8";
	/* a ?lang= choice is remembered for the next pages */
	if (request_query(req, "lang"))
		response_header(res, "Set-Cookie", req->lang == LANG_EN
				? "lang=en; Path=/; Max-Age=31536000; SameSite=Lax"
				: "lang=nl; Path=/; Max-Age=31536000; SameSite=Lax");
}

void
page_error(struct request *req, struct response *res)
{
	int status = http_status_for(req->err.status ? req->err.status : LP_EINTERNAL);
	const char *title = request_tr(req, lp_status_title(req->err.status));

	page_begin(req, res, title);
	if (status >= 500)
		html_printf(&res->body, "<p>%s</p>\n", request_tr(req,
			"Something went wrong on our side; it has been logged."));
	else
		html_printf(&res->body, "<p>%s</p>\n", req->err.reason);
	if (status == 401)
		html_printf(&res->body, "<p><a href=\"/login?next=%u\">%s</a></p>\n", req->path,
			    request_tr(req, "Log in"));
	html_printf(&res->body, "<p><a href=\"/\">%s</a></p>\n",
		    request_tr(req, "Back to the start page"));
	page_end(req, res);
	res->status = status;
}
