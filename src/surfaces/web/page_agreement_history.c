/* page_agreement_history.c: the whole history of a learning agreement,
 * page by page (issue 4)
 *
 *   GET /learning/agreement/history?id=ID[&cursor=]  the versions, newest
 *                                                    first, with signatures
 * The agreement page shows the newest versions and links here.
 */
#include "surfaces/web/web.h"
#include "surfaces/web/page.h"
#include "domain/agreement.h"

#include <string.h>

#define VERSIONS_PER_PAGE 20

/* A version's or side's status in words (msgids of page_learning.c). */
static const char *
label(struct request *req, const char *code)
{
	static const char *const map[][2] = {
		{ "draft", "Draft" }, { "proposed", "Proposed" }, { "signed", "Signed" },
		{ "superseded", "Superseded" }, { "learner", "Learner" },
		{ "institution", "Institution" }, { "employer", "Employer" },
	};

	for (size_t i = 0; code && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], code) == 0)
			return request_tr(req, map[i][1]);
	return code ? code : "—";
}

void
web_agreement_history(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const char *id = request_query(req, "id");
	struct list_page pg = { web_list_cursor(req, "cursor"), VERSIONS_PER_PAGE };
	json_t *list = NULL, *v, *s;
	size_t i, j;

	if (!id) {
		web_learning(req, res);
		return;
	}
	if (agreement_versions_page(&req->ctx, id, &pg, &list)) {
		page_error(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "History"));
	html_printf(b, "<p><a href=\"/learning/agreement?id=%u\">%s</a></p>\n",
		    page_str(list, "agreement_id"), request_tr(req, "Back to the agreement"));
	html_printf(b, "<section aria-labelledby=\"versions\">\n<h2 id=\"versions\">%s</h2>\n<ul>\n",
		    request_tr(req, "Versions"));
	json_array_foreach(json_object_get(list, "items"), i, v) {
		long long n = json_integer_value(json_object_get(v, "number"));
		html_printf(b, "<li>%s %lld — %s", request_tr(req, "Version"), n,
			    label(req, page_str(v, "status")));
		if (page_str(v, "content_hash"))
			html_printf(b, " (<a href=\"/learning/agreement?id=%u&amp;version=%lld\">%s"
				    "</a>)", page_str(list, "agreement_id"), n,
				    request_tr(req, "read or print"));
		json_array_foreach(json_object_get(v, "signatures"), j, s)
			html_printf(b, "<br>%s %s (%s), %s", request_tr(req, "Signed by"),
				    page_str(s, "name"), label(req, page_str(s, "side")), page_str(s, "signed_at"));
		html_raw(b, "</li>\n");
	}
	html_raw(b, "</ul>\n");
	web_list_pager(req, b, arena_printf(&req->arena, "/learning/agreement/history?id=%s",
					    page_str(list, "agreement_id")), "cursor",
		       page_str(list, "next_cursor"), "versions", N_("Earlier versions"));
	html_raw(b, "</section>\n");
	json_decref(list);
	page_end(req, res);
}
