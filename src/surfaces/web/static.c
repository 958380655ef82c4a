/* static.c: the files compiled into the binary (the stylesheet) */
#include "surfaces/web/web.h"

extern const char *const embed_style_css;
extern const unsigned long embed_style_css_len;

void
web_static_style(struct request *req, struct response *res)
{
	(void)req;
	res->status = 200;
	res->content_type = "text/css; charset=utf-8";
	buf_add(&res->body, embed_style_css, embed_style_css_len);
	response_header(res, "Cache-Control", "public, max-age=3600");
}
