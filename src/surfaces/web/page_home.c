/* page_home.c: GET /home — for each role the reader holds, what it can do
 * in leerpad now
 *
 * Only links to pages that exist: where a role's own work (coaching,
 * assessment, vouchers) is not in leerpad yet, the page says so plainly.
 * What a link leads to is still decided by the domain when it is used.
 */
#include "surfaces/web/web.h"
#include "surfaces/web/labels.h"
#include "surfaces/web/page.h"
#include "surfaces/web/view.h"
#include "domain/employment_own.h"

#include <string.h>

/* One link of a role's list; msgid is its translated text. */
static void
link_item(struct request *req, struct buf *b, const char *href, const char *msgid)
{
	html_printf(b, "<li><a href=\"%s\">%s</a></li>\n", href, request_tr(req, msgid));
}

/* "At: Fontys Hogescholen, VDL ETG" for a role held in organisations. */
static void
role_scope(struct request *req, struct buf *b, enum role role)
{
	int shown = 0;

	for (int i = 0; i < req->actor.grant_count; i++) {
		const struct actor_grant *g = &req->actor.grants[i];
		if (g->role != role || !g->organisation_id[0])
			continue;
		if (shown++ == 0)
			html_printf(b, "<p class=\"meta\">%s: ", request_tr(req, "At"));
		else
			html_raw(b, ", ");
		html_txt(b, view_ref_label(req, "organisations", g->organisation_id));
	}
	if (shown)
		html_raw(b, "</p>\n");
}

/* Links to edit each organisation the role is held in. */
static void
own_organisations(struct request *req, struct buf *b, enum role role)
{
	for (int i = 0; i < req->actor.grant_count; i++) {
		const struct actor_grant *g = &req->actor.grants[i];
		if (g->role != role || !g->organisation_id[0])
			continue;
		html_printf(b, "<li><a href=\"/admin/organisations/%u\">%s: %s</a></li>\n",
			    g->organisation_id, request_tr(req, "Your organisation"),
			    view_ref_label(req, "organisations", g->organisation_id));
	}
}

/* The links to the public catalog every role can use. */
static void
catalog_links(struct request *req, struct buf *b)
{
	link_item(req, b, "/catalog", "Browse the programmes and their learning outcomes");
	link_item(req, b, "/catalog/offerings",
		  "Find offerings: modules, courses and company trainings");
}

/* A table of the employments in items (NULL, as an error, or empty: "none
 * recorded"); show_person adds a column of whose they are. */
static void
employment_rows(struct request *req, struct buf *b, const json_t *items, const char *caption,
		bool show_person)
{
	const json_t *e;
	char from[LABEL_DATE_LEN], to[LABEL_DATE_LEN];
	size_t i;

	if (json_array_size(items) == 0) {
		html_printf(b, "<p>%s: %s</p>\n", caption, request_tr(req, "none recorded"));
		return;
	}
	html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>%s</caption>\n<thead><tr>",
		    caption);
	if (show_person)
		html_printf(b, "<th scope=\"col\">%s</th>", request_tr(req, "Person"));
	html_printf(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    request_tr(req, "Employer"), request_tr(req, "Job title"),
		    request_tr(req, "Start date"), request_tr(req, "End date"));
	json_array_foreach(items, i, e) {
		html_raw(b, "<tr>");
		if (show_person)
			html_printf(b, "<td>%s</td>", view_ref_label(req, "persons",
								     page_str(e, "person_id")));
		html_printf(b, "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    view_ref_label(req, "organisations", page_str(e, "employer_id")),
			    page_str(e, "job_title"), label_date(req->lang, page_str(e, "start_date"), from),
			    page_str(e, "end_date") ? label_date(req->lang, page_str(e, "end_date"), to)
					       : "—");
	}
	html_raw(b, "</tbody></table></div>\n");
}

/* A table of employments (filter name=value), as the reader may see them. */
static void
employment_table(struct request *req, struct buf *b, const char *filter, const char *value,
		 const char *caption, bool show_person)
{
	struct entity_query q;
	json_t *items = NULL;

	memset(&q, 0, sizeof(q));
	view_filter(&q, filter, value);
	if (!value || !*value || view_load(req, &employments_def, &q, 200, &items)) {
		lp_error_clear(&req->err);
		json_decref(items);
		items = NULL;
	}
	employment_rows(req, b, items, caption, show_person);
	json_decref(items);
}

/* The reader's own employments: the table employment_table gives for
 * person_id = the reader's person, read in one query (employment_own.h). */
static void
own_employment_table(struct request *req, struct buf *b, const char *caption)
{
	json_t *items = NULL;

	if (employment_own_list(&req->ctx, 200, &items)) {
		lp_error_clear(&req->err);
		json_decref(items);
		items = NULL;
	}
	employment_rows(req, b, items, caption, false);
	json_decref(items);
}

/* One figure for the monitor: the count of a list with one filter. */
static void
figure(struct request *req, struct buf *b, const struct entity_def *def, const char *filter,
       const char *value, const char *msgid)
{
	struct entity_query q;
	int64_t n = 0;

	memset(&q, 0, sizeof(q));
	view_filter(&q, filter, value);
	if (entity_count(&req->ctx, def, &q, &n)) {
		lp_error_clear(&req->err);
		return;
	}
	html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%lld</td></tr>\n",
		    request_tr(req, msgid), (long long)n);
}

/* The catalog in figures, for the ministry's monitor: counts only. */
static void
monitor_figures(struct request *req, struct buf *b)
{
	html_printf(b, "<div class=\"table-wrap\"><table class=\"figures\">\n"
		    "<caption>%s</caption>\n"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		    "</tr></thead>\n<tbody>\n", request_tr(req, "The catalog in figures"),
		    request_tr(req, "What"), request_tr(req, "Number"));
	figure(req, b, &organisations_def, "kind", "institution", "Institutions");
	figure(req, b, &organisations_def, "funded", "true", "Publicly funded institutions");
	figure(req, b, &organisations_def, "kind", "employer", "Employers");
	figure(req, b, &organisations_def, "kind", "network", "Networks");
	figure(req, b, &organisations_def, "kind", "centre_of_expertise", "Centres of Expertise");
	figure(req, b, &programmes_def, NULL, NULL, "Programmes");
	figure(req, b, &programmes_def, "experiment", "leeruitkomsten",
	       "Programmes in the learning outcomes experiment");
	figure(req, b, &programmes_def, "experiment", "vraagfinanciering",
	       "Programmes in the demand financing experiment");
	figure(req, b, &outcomes_def, NULL, NULL, "Learning outcomes");
	figure(req, b, &offerings_def, NULL, NULL, "Offerings");
	figure(req, b, &offerings_def, "voucher_eligible", "true",
	       "Offerings that vouchers can pay for");
	html_raw(b, "</tbody></table></div>\n");
}

/* The section of one role: what it can do now. */
static void
role_section(struct request *req, struct buf *b, enum role role)
{
	const char *person = req->actor.person_id;

	html_printf(b, "<section aria-labelledby=\"role-%s\" class=\"role\">\n"
		    "<h2 id=\"role-%s\">%s</h2>\n", role_name(role), role_name(role),
		    label_role(req->lang, role));
	role_scope(req, b, role);
	html_raw(b, "<ul class=\"actions\">\n");
	switch (role) {
	case ROLE_LEARNER:
		catalog_links(req, b);
		link_item(req, b, "/catalog?voucher=1", "Programmes where a voucher can pay");
		link_item(req, b, "/my/vouchers", "My vouchers");
		html_raw(b, "</ul>\n");
		own_employment_table(req, b, request_tr(req, "Your employment"));
		web_learning_home(req, b);  /* page_learning.c */
		break;
	case ROLE_COACH:
		link_item(req, b, "/learning", "Your learners and the agreements waiting for you");
		catalog_links(req, b);
		html_raw(b, "</ul>\n");
		break;
	case ROLE_EXAMINER:
		link_item(req, b, "/learning", "Your assessment queue");
		catalog_links(req, b);
		html_raw(b, "</ul>\n");
		break;
	case ROLE_EXAM_BOARD:
		link_item(req, b, "/learning", "Assessments to confirm");
		catalog_links(req, b);
		html_raw(b, "</ul>\n");
		break;
	case ROLE_PROGRAMME_MANAGER:
	case ROLE_INSTITUTION_ADMIN:
		link_item(req, b, "/admin/programmes", "Manage programmes");
		link_item(req, b, "/admin/outcomes", "Manage learning outcomes");
		link_item(req, b, "/admin/offerings", "Manage offerings");
		link_item(req, b, "/admin/programmes/new", "Add a programme");
		link_item(req, b, "/provider/reservations", "Reservations to redeem");
		if (role == ROLE_INSTITUTION_ADMIN) {
			link_item(req, b, "/admin/persons", "People");
			link_item(req, b, "/admin/employments", "Employments");
			own_organisations(req, b, role);
		}
		html_raw(b, "</ul>\n");
		break;
	case ROLE_EMPLOYER_HR:
		link_item(req, b, "/learning", "Your employees' learning agreements");
		link_item(req, b, "/admin/persons", "Your employees");
		link_item(req, b, "/admin/employments", "Employments");
		link_item(req, b, "/admin/persons/new", "Add a person");
		link_item(req, b, "/admin/offerings", "Company trainings and other offerings");
		link_item(req, b, "/employer/contributions", "Contributions and invoices");
		link_item(req, b, "/employer/funding", "The employer's contribution: share or maximum");
		own_organisations(req, b, role);
		html_raw(b, "</ul>\n");
		break;
	case ROLE_WORKPLACE_SUPERVISOR:
		catalog_links(req, b);
		html_raw(b, "</ul>\n");
		employment_table(req, b, "supervisor_id", person,
				 request_tr(req, "People you supervise"), true);
		html_printf(b, "<ul class=\"actions\">\n");
		link_item(req, b, "/learning", "Agreements to sign and evidence to attest");
		html_raw(b, "</ul>\n");
		break;
	case ROLE_VOUCHER_AUTHORITY:
		link_item(req, b, "/catalog?voucher=1", "Programmes where a voucher can pay");
		link_item(req, b, "/catalog/offerings?voucher=1",
			  "Offerings that vouchers can pay for");
		link_item(req, b, "/money/schemes", "Voucher schemes and budget");
		link_item(req, b, "/money/schemes/new", "New voucher scheme");
		html_raw(b, "</ul>\n");
		break;
	case ROLE_NETWORK_COORDINATOR:
		link_item(req, b, "/admin/network-memberships", "Members of your networks");
		link_item(req, b, "/admin/organisations", "Organisations");
		own_organisations(req, b, role);
		html_raw(b, "</ul>\n");
		break;
	case ROLE_MONITOR:
		catalog_links(req, b);
		html_raw(b, "</ul>\n");
		monitor_figures(req, b);
		break;
	case ROLE_SYSTEM_ADMIN:
		link_item(req, b, "/admin", "Administration of every record");
		link_item(req, b, "/admin/organisations", "Organisations");
		link_item(req, b, "/admin/organisations/new", "Add an organisation");
		link_item(req, b, "/admin/persons", "People");
		html_raw(b, "</ul>\n");
		break;
	case ROLE_COUNT:
		html_raw(b, "</ul>\n");
		break;
	}
	html_raw(b, "</section>\n");
}

/* The page itself; web_home runs it inside one read snapshot. */
static void
home_page(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const char *who = req->actor.person_id[0]
		? view_ref_label(req, "persons", req->actor.person_id) : req->actor.email;
	int roles = 0;

	page_begin(req, res, request_tr(req, "My home"));
	html_printf(b, "<p>%s, %s.</p>\n", request_tr(req, "Welcome"), who);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!actor_has_role(&req->actor, (enum role)r, NULL))
			continue;
		role_section(req, b, (enum role)r);
		roles++;
	}
	if (roles == 0) {
		html_printf(b, "<p>%s</p>\n<ul class=\"actions\">\n", request_tr(req,
			    "Your account has no roles yet. Ask the administrator of your "
			    "institution or employer to give you one."));
		catalog_links(req, b);
		html_raw(b, "</ul>\n");
	}
	page_end(req, res);
}

/* GET /home reads only: one snapshot (one read lock, one view of the data)
 * for all its queries. */
void
web_home(struct request *req, struct response *res)
{
	view_read_only(req, res, home_page);
}
