/* page_start.c: GET / — what leerpad is, and the programmes of the letter */
#include "surfaces/web/web.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/page.h"
#include "surfaces/web/view.h"

#include <string.h>

#define START_PROGRAMMES 20

/* The table of programmes: name (linked), institution, level, modes and
 * experiments. */
static void
programme_table(struct request *req, struct buf *b, json_t *items)
{
	size_t i;
	json_t *p;

	html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>%s</caption>\n<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    request_tr(req, "Programmes in leerpad"), request_tr(req, "Programme"),
		    request_tr(req, "Institution"), request_tr(req, "Level"),
		    request_tr(req, "Modes"), request_tr(req, "Experiments"));
	json_array_foreach(items, i, p) {
		const char *institution = json_string_value(json_object_get(p, "institution_id"));

		html_printf(b, "<tr><th scope=\"row\"><a href=\"/catalog/programmes/%u\">%s</a>"
			    "</th><td>%s</td><td>",
			    json_string_value(json_object_get(p, "id")),
			    json_string_value(json_object_get(p, "name")),
			    view_ref_label(req, "organisations", institution));
		view_value(req, b, entity_field(&programmes_def, "level"),
			   json_object_get(p, "level"));
		html_raw(b, "</td><td>");
		view_value(req, b, entity_field(&programmes_def, "modes"),
			   json_object_get(p, "modes"));
		html_raw(b, "</td><td>");
		view_value(req, b, entity_field(&programmes_def, "experiments"),
			   json_object_get(p, "experiments"));
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table></div>\n");
}

void
web_start(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	struct entity_query q;
	json_t *items = NULL;
	const char *next = NULL;
	int64_t total = 0;

	memset(&q, 0, sizeof(q));
	q.limit = START_PROGRAMMES;
	if (entity_list(&req->ctx, &programmes_def, &q, &items, &next) ||
	    entity_count(&req->ctx, &programmes_def, &q, &total)) {
		json_decref(items);
		page_error(req, res);
		return;
	}
	page_begin(req, res, request_tr(req, "Learning while you work, in higher professional "
				       "education"));
	html_printf(b, "<p class=\"lead\">%s</p>\n", request_tr(req,
		"leerpad supports flexible higher professional education for working adults: "
		"programmes described as learning outcomes, learning at your own workplace, and "
		"offerings you choose yourself, on campus or online."));
	html_printf(b, "<p>%s</p>\n", request_tr(req,
		"It follows the two experiments in Dutch higher professional education "
		"described in the letter to parliament on lifelong learning. In the learning "
		"outcomes experiment, what a graduate must know and be able to do counts, not a "
		"fixed curriculum: per period the learner, the institution and the employer agree "
		"on the route, building on what the learner already knows and can do."));
	html_printf(b, "<p>%s</p>\n", request_tr(req,
		"In the demand financing experiment learners take part module by module and "
		"choose where they learn, with a voucher of €1,250 per 30 EC to spend at "
		"participating programmes of funded and private institutions."));

	html_printf(b, "<section aria-labelledby=\"programmes\">\n<h2 id=\"programmes\">%s</h2>\n",
		    request_tr(req, "Programmes"));
	if (json_array_size(items) == 0) {
		html_printf(b, "<p>%s</p>\n",
			    request_tr(req, "No programmes have been published yet."));
	} else {
		programme_table(req, b, items);
		if (total > (int64_t)json_array_size(items))
			html_printf(b, "<p>%s: %lld.</p>\n",
				    request_tr(req, "Programmes in total"), (long long)total);
	}
	html_printf(b, "<ul class=\"actions\"><li><a href=\"/catalog\">%s</a></li>"
		    "<li><a href=\"/catalog?voucher=1\">%s</a></li>"
		    "<li><a href=\"/catalog/offerings\">%s</a></li></ul>\n</section>\n",
		    request_tr(req, "Search all programmes"),
		    request_tr(req, "Programmes with vouchers"),
		    request_tr(req, "Offerings: modules, courses and company trainings"));

	html_printf(b, "<section aria-labelledby=\"account\">\n<h2 id=\"account\">%s</h2>\n",
		    request_tr(req, "Your own page"));
	if (req->actor.kind == ACTOR_ACCOUNT) {
		html_printf(b, "<p><a href=\"/home\">%s</a></p>\n",
			    request_tr(req, "Go to your own page"));
	} else {
		html_printf(b, "<p>%s</p>\n<p><a href=\"/login\">%s</a></p>\n",
			    request_tr(req, "Learners, staff of institutions and employers, "
					    "funders and the ministry log in to see what they can "
					    "do."),
			    request_tr(req, "Log in"));
	}
	html_raw(b, "</section>\n");
	json_decref(items);
	page_end(req, res);
}
