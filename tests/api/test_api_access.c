/* test_api_access.c: who may do what through the API: every role allowed
 * and refused (401 for nobody, 403 out of scope, 404 for private records
 * not visible), bearer tokens, session cookies and their CSRF token */
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

/* ---- the access table --------------------------------------------------- */

struct access_case {
	const char *who;       /* a client name of the harness, or "anon" */
	const char *method;
	const char *path;      /* hexpand template */
	const char *body;      /* hq template, or NULL */
	long want;
	const char *field;     /* the problem's field, where it names one */
};

#define PROG(inst, name) "{'institution_id':'" inst "','name':'" name "','level':'bachelor'," \
	"'total_ec':240,'modes':['part_time']}"
#define OUTCOME(prog, code) "{'programme_id':'" prog "','code':'" code "','title':'T','ec':5}"
#define OFFER(prov, title) "{'provider_id':'" prov "','title':'" title "','ec':15," \
	"'mode':'online','start_date':'2025-09-01','end_date':'2025-12-31','price_cents':100}"

static const struct access_case cases[] = {
	/* nobody: public catalog reads, nothing private, no writes */
	{ "anon", "GET", "/api/v1/programmes", NULL, 200, NULL },
	{ "anon", "GET", "/api/v1/programmes/$prog_a", NULL, 200, NULL },
	{ "anon", "GET", "/api/v1/organisations/$inst_b", NULL, 200, NULL },
	{ "anon", "GET", "/api/v1/outcomes?programme_id=$prog_a", NULL, 200, NULL },
	{ "anon", "GET", "/api/v1/offerings/$offering_a", NULL, 200, NULL },
	{ "anon", "GET", "/api/v1/network-memberships", NULL, 200, NULL },
	{ "anon", "GET", "/api/v1/persons", NULL, 401, NULL },
	{ "anon", "GET", "/api/v1/persons/$p_learner", NULL, 401, NULL },
	{ "anon", "GET", "/api/v1/employments", NULL, 401, NULL },
	{ "anon", "GET", "/api/v1/employments/$employment_learner", NULL, 401, NULL },
	{ "anon", "GET", "/api/v1/accounts", NULL, 401, NULL },
	{ "anon", "GET", "/api/v1/accounts/$acc_admin", NULL, 401, NULL },
	{ "anon", "GET", "/api/v1/role-grants", NULL, 401, NULL },
	{ "anon", "GET", "/api/v1/audit", NULL, 401, NULL },
	{ "anon", "POST", "/api/v1/programmes", PROG("$inst_a", "Anoniem"), 401, NULL },
	{ "anon", "PATCH", "/api/v1/programmes/$prog_a", "{'name':'Anoniem'}", 401, NULL },
	{ "anon", "POST", "/api/v1/persons", "{'given_name':'A','family_name':'N'}", 401, NULL },
	{ "anon", "PATCH", "/api/v1/organisations/$inst_a", "{'city':'X'}", 401, NULL },
	{ "anon", "POST", "/api/v1/accounts", "{'email':'anon@x.nl'}", 401, NULL },

	/* institution administrator of inst_a */
	{ "inst_admin", "POST", "/api/v1/programmes", PROG("$inst_a", "Eigen opleiding"), 201, NULL },
	{ "inst_admin", "POST", "/api/v1/programmes", PROG("$inst_b", "Andermans"), 403, NULL },
	{ "inst_admin", "PATCH", "/api/v1/programmes/$prog_b", "{'name':'Gekaapt'}", 403, NULL },
	{ "inst_admin", "PATCH", "/api/v1/programmes/$prog_a",
	  "{'institution_id':'$inst_b'}", 403, NULL },
	{ "inst_admin", "PATCH", "/api/v1/programmes/$prog_a", "{'description':'Bijgewerkt'}", 200, NULL },
	{ "inst_admin", "POST", "/api/v1/outcomes", OUTCOME("$prog_a", "IA-1"), 201, NULL },
	{ "inst_admin", "POST", "/api/v1/outcomes", OUTCOME("$prog_b", "IA-1"), 403, NULL },
	{ "inst_admin", "PATCH", "/api/v1/outcomes/$outcome_b1", "{'title':'X'}", 403, NULL },
	{ "inst_admin", "POST", "/api/v1/offerings", OFFER("$inst_a", "Eigen module"), 201, NULL },
	{ "inst_admin", "POST", "/api/v1/offerings", OFFER("$inst_b", "Andermans module"), 403, NULL },
	{ "inst_admin", "PATCH", "/api/v1/offerings/$offering_b", "{'capacity':5}", 403, NULL },
	{ "inst_admin", "PATCH", "/api/v1/organisations/$inst_a", "{'city':'Tilburg'}", 200, NULL },
	{ "inst_admin", "PATCH", "/api/v1/organisations/$inst_b", "{'city':'Tilburg'}", 403, NULL },
	{ "inst_admin", "POST", "/api/v1/organisations", "{'kind':'employer','name':'Nieuw'}", 403, NULL },
	{ "inst_admin", "GET", "/api/v1/persons/$p_loose", NULL, 404, NULL },
	{ "inst_admin", "GET", "/api/v1/persons/$p_learner", NULL, 200, NULL },
	{ "inst_admin", "PATCH", "/api/v1/persons/$p_loose", "{'phone':'1'}", 404, NULL },
	{ "inst_admin", "GET", "/api/v1/accounts/$acc_learner", NULL, 404, NULL },
	{ "inst_admin", "GET", "/api/v1/accounts/$acc_inst_admin", NULL, 200, NULL },
	{ "inst_admin", "POST", "/api/v1/accounts", "{'email':'nieuw@x.nl'}", 403, NULL },
	{ "inst_admin", "PATCH", "/api/v1/accounts/$acc_learner", "{'disabled':true}", 404, NULL },
	{ "inst_admin", "POST", "/api/v1/role-grants",
	  "{'account_id':'$acc_learner','role':'coach','organisation_id':'$inst_a'}", 403, NULL },
	{ "inst_admin", "GET", "/api/v1/role-grants/$grant_learner", NULL, 404, NULL },
	{ "inst_admin", "GET", "/api/v1/audit", NULL, 403, NULL },

	/* programme manager of inst_a */
	{ "pm", "POST", "/api/v1/programmes", PROG("$inst_a", "Door de manager"), 201, NULL },
	{ "pm", "POST", "/api/v1/programmes", PROG("$inst_b", "Door de manager"), 403, NULL },
	{ "pm", "PATCH", "/api/v1/outcomes/$outcome_a2", "{'description':'Scherper'}", 200, NULL },
	{ "pm", "PATCH", "/api/v1/organisations/$inst_a", "{'city':'Breda'}", 403, NULL },
	{ "pm", "GET", "/api/v1/persons/$p_learner", NULL, 404, NULL },

	/* employer HR of emp_a */
	{ "hr", "POST", "/api/v1/offerings", OFFER("$emp_a", "Bedrijfstraining"), 201, NULL },
	{ "hr", "POST", "/api/v1/offerings", OFFER("$inst_a", "Namens de school"), 403, NULL },
	{ "hr", "POST", "/api/v1/programmes", PROG("$inst_a", "HR"), 403, NULL },
	{ "hr", "PATCH", "/api/v1/organisations/$emp_a", "{'city':'Venlo'}", 200, NULL },
	{ "hr", "PATCH", "/api/v1/organisations/$emp_b", "{'city':'Venlo'}", 403, NULL },
	{ "hr", "GET", "/api/v1/persons/$p_learner", NULL, 200, NULL },
	{ "hr", "GET", "/api/v1/persons/$p_other", NULL, 404, NULL },
	{ "hr", "PATCH", "/api/v1/persons/$p_learner", "{'phone':'0492-123456'}", 200, NULL },
	{ "hr", "PATCH", "/api/v1/persons/$p_other", "{'phone':'1'}", 404, NULL },
	{ "hr", "POST", "/api/v1/persons", "{'given_name':'Nieuwe','family_name':'Collega'}", 201, NULL },
	{ "hr", "GET", "/api/v1/employments/$employment_learner", NULL, 200, NULL },
	{ "hr", "GET", "/api/v1/employments/$employment_other", NULL, 404, NULL },
	{ "hr", "POST", "/api/v1/employments", "{'person_id':'$p_other','employer_id':'$emp_b',"
	  "'job_title':'Overname','start_date':'2025-01-01'}", 403, NULL },
	{ "hr", "PATCH", "/api/v1/employments/$employment_learner", "{'job_title':'Monteur B'}",
	  200, NULL },
	{ "hr", "PATCH", "/api/v1/employments/$employment_other", "{'job_title':'X'}", 404, NULL },
	{ "hr", "POST", "/api/v1/employments", "{'person_id':'$p_loose','employer_id':'$emp_a',"
	  "'job_title':'Stage','start_date':'2025-01-01'}", 422, "person_id" },
	{ "hr", "POST", "/api/v1/persons", "{'given_name':'N','family_name':'P',"
	  "'registered_by_id':'$emp_b'}", 403, "registered_by_id" },
	{ "hr", "GET", "/api/v1/accounts/$acc_hr", NULL, 200, NULL },
	{ "hr", "GET", "/api/v1/accounts/$acc_learner", NULL, 404, NULL },
	{ "hr_b", "GET", "/api/v1/persons/$p_learner", NULL, 404, NULL },
	{ "hr_b", "GET", "/api/v1/persons/$p_other", NULL, 200, NULL },

	/* workplace supervisor at emp_a */
	{ "supervisor", "GET", "/api/v1/persons/$p_learner", NULL, 200, NULL },
	{ "supervisor", "GET", "/api/v1/employments/$employment_learner", NULL, 200, NULL },
	{ "supervisor", "PATCH", "/api/v1/persons/$p_learner", "{'phone':'1'}", 403, NULL },
	{ "supervisor", "POST", "/api/v1/persons", "{'given_name':'N','family_name':'P'}", 403,
	  "registered_by_id" },
	{ "supervisor", "POST", "/api/v1/offerings", OFFER("$emp_a", "Door begeleider"), 403, NULL },

	/* learner */
	{ "learner", "GET", "/api/v1/persons/$p_learner", NULL, 200, NULL },
	{ "learner", "GET", "/api/v1/persons/$p_supervisor", NULL, 404, NULL },
	{ "learner", "PATCH", "/api/v1/persons/$p_learner", "{'phone':'06-11111111'}", 200, NULL },
	{ "learner", "PATCH", "/api/v1/persons/$p_supervisor", "{'phone':'1'}", 404, NULL },
	{ "learner", "GET", "/api/v1/employments/$employment_learner", NULL, 200, NULL },
	{ "learner", "PATCH", "/api/v1/employments/$employment_learner", "{'job_title':'Baas'}",
	  403, NULL },
	{ "learner", "GET", "/api/v1/accounts/$acc_learner", NULL, 200, NULL },
	{ "learner", "GET", "/api/v1/accounts/$acc_hr", NULL, 404, NULL },
	{ "learner", "PATCH", "/api/v1/accounts/$acc_learner", "{'language':'en'}", 403, NULL },
	{ "learner", "GET", "/api/v1/role-grants/$grant_learner", NULL, 200, NULL },
	{ "learner", "POST", "/api/v1/role-grants",
	  "{'account_id':'$acc_learner','role':'system_admin'}", 403, NULL },
	{ "learner", "POST", "/api/v1/programmes", PROG("$inst_a", "Zelfgemaakt"), 403, NULL },
	{ "learner", "POST", "/api/v1/outcomes", OUTCOME("$prog_a", "L-1"), 403, NULL },
	{ "learner", "GET", "/api/v1/audit", NULL, 403, NULL },

	/* network coordinator */
	{ "coord", "POST", "/api/v1/network-memberships",
	  "{'network_id':'$network','member_id':'$emp_b','role':'company'}", 201, NULL },
	{ "coord", "PATCH", "/api/v1/network-memberships/$membership", "{'since':'2020-01-01'}",
	  200, NULL },
	{ "coord", "PATCH", "/api/v1/organisations/$network", "{'short_name':'CoE'}", 200, NULL },
	{ "coord", "PATCH", "/api/v1/organisations/$inst_a", "{'short_name':'X'}", 403, NULL },
	{ "coord", "POST", "/api/v1/programmes", PROG("$inst_a", "Netwerk"), 403, NULL },
	{ "inst_admin", "POST", "/api/v1/network-memberships",
	  "{'network_id':'$network','member_id':'$inst_b','role':'institution'}", 403, NULL },

	/* monitor: aggregates only, no people, no log */
	{ "monitor", "GET", "/api/v1/persons/$p_learner", NULL, 404, NULL },
	{ "monitor", "GET", "/api/v1/employments/$employment_learner", NULL, 404, NULL },
	{ "monitor", "GET", "/api/v1/audit", NULL, 403, NULL },
	{ "monitor", "POST", "/api/v1/programmes", PROG("$inst_a", "Monitor"), 403, NULL },
	{ "monitor", "GET", "/api/v1/programmes", NULL, 200, NULL },

	/* system administrator */
	{ "admin", "POST", "/api/v1/organisations", "{'kind':'employer','name':'Door admin'}", 201, NULL },
	{ "admin", "GET", "/api/v1/accounts/$acc_learner", NULL, 200, NULL },
	{ "admin", "PATCH", "/api/v1/programmes/$prog_b", "{'description':'Door admin'}", 200, NULL },
	{ "admin", "POST", "/api/v1/role-grants",
	  "{'account_id':'$acc_locked','role':'monitor'}", 201, NULL },
	{ "admin", "GET", "/api/v1/audit", NULL, 200, NULL },
};

/* The harness client called name; NULL for "anon". */
static const struct client *
client_named(const char *name)
{
	const struct client *all[] = { &H.admin, &H.inst_admin, &H.pm, &H.hr, &H.hr_b,
				       &H.supervisor, &H.learner, &H.coord, &H.monitor };

	if (strcmp(name, "anon") == 0)
		return NULL;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	fail_msg("no client %s", name);
	return NULL;
}

/* Runs every case of the table; a refusal must change nothing and be a
 * problem+json. */
static void
test_access_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct access_case *c = &cases[i];
		struct db_snapshot before;
		struct hresp r;

		if (c->want >= 400)
			db_snapshot(&before);
		http(client_named(c->who), c->method, hexpand(c->path), c->body ? hq(c->body) : NULL,
		     NULL, &r);
		if (r.status != c->want) {
			print_error("case %zu: %s %s as %s: want %ld, got %ld: %.300s\n", i,
				    c->method, c->path, c->who, c->want, r.status, r.body);
			failures++;
		} else if (c->want >= 400) {
			expect_problem(&r, c->want, c->field);
			expect_db_unchanged(&before);
		}
		hresp_release(&r);
	}
	if (failures)
		fail_msg("%d access case(s) failed", failures);
}

/* ---- lists show only what the actor may see ----------------------------- */

/* The ids of GET path as client, as one comma-separated string. */
static const char *
listed(const struct client *c, const char *path)
{
	struct hresp r;
	const char *out = "";
	size_t i;
	json_t *it;

	http(c, "GET", path, NULL, NULL, &r);
	expect_status(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
		out = hfmt("%s%s,", out, json_string_value(json_object_get(it, "id")));
	hresp_release(&r);
	return out;
}

/* True if the comma-separated list from listed() holds id. */
static bool
in_list(const char *list, const char *id)
{
	return strstr(list, hfmt("%s,", id)) != NULL;
}

/* Lists of private records hold only what the actor may read. */
static void
test_private_lists(void **state)
{
	const char *l;

	(void)state;
	l = listed(&H.hr, "/api/v1/persons?limit=200");
	assert_true(in_list(l, H.fx.p_learner));
	assert_true(in_list(l, H.fx.p_supervisor));
	assert_false(in_list(l, H.fx.p_other));
	assert_false(in_list(l, H.fx.p_loose));
	l = listed(&H.supervisor, "/api/v1/persons?limit=200");
	assert_true(in_list(l, H.fx.p_learner));
	assert_false(in_list(l, H.fx.p_other));
	l = listed(&H.learner, "/api/v1/persons");
	assert_string_equal(l, hfmt("%s,", H.fx.p_learner));
	l = listed(&H.learner, "/api/v1/employments");
	assert_string_equal(l, hfmt("%s,", H.fx.employment_learner));
	l = listed(&H.hr_b, "/api/v1/employments");
	assert_true(in_list(l, H.fx.employment_other));
	assert_false(in_list(l, H.fx.employment_learner));
	l = listed(&H.monitor, "/api/v1/persons");
	assert_string_equal(l, "");
	l = listed(&H.inst_admin, "/api/v1/accounts");
	assert_string_equal(l, hfmt("%s,", H.fx.acc_inst_admin));
	l = listed(&H.learner, "/api/v1/role-grants");
	assert_string_equal(l, hfmt("%s,", H.fx.grant_learner));
	l = listed(&H.admin, "/api/v1/accounts?limit=200");
	assert_true(in_list(l, H.fx.acc_learner));
	assert_true(in_list(l, H.fx.acc_hr));
	/* a filter cannot widen what one may see */
	l = listed(&H.hr, hexpand("/api/v1/employments?employer_id=$emp_b"));
	assert_string_equal(l, "");
	l = listed(&H.learner, hexpand("/api/v1/accounts?person_id=$p_hr"));
	assert_string_equal(l, "");
	l = listed(&H.hr, "/api/v1/persons?q=Anderswerker");
	assert_string_equal(l, "");
}

/* ---- bearer tokens ------------------------------------------------------ */

/* A bearer token is an actor for reads and writes; a bad one is refused. */
static void
test_bearer_tokens(void **state)
{
	struct client bad = { .name = "bad token" };
	struct hresp r;
	struct db_snapshot before;
	const char *basic[] = { "Authorization: Basic YWRtaW46YWRtaW4=", NULL };

	(void)state;
	/* a bearer token works for reads and writes, without CSRF */
	http(&H.pm, "GET", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 200);
	assert_string_equal(hresp_str(&r, "account_id"), H.fx.acc_pm);
	hresp_release(&r);
	http(&H.pm, "POST", "/api/v1/outcomes", hq(OUTCOME("$prog_a", "BT-1")), NULL, &r);
	expect_status(&r, 201);
	hresp_release(&r);

	/* a token that is not valid is refused, also on public routes */
	db_snapshot(&before);
	crypto_token(bad.bearer);
	http(&bad, "GET", "/api/v1/programmes", NULL, NULL, &r);
	expect_problem(&r, 401, NULL);
	hresp_release(&r);
	snprintf(bad.bearer, sizeof(bad.bearer), "%s", "kort");
	http(&bad, "POST", "/api/v1/programmes", hq(PROG("$inst_a", "Vals")), NULL, &r);
	expect_problem(&r, 401, NULL);
	hresp_release(&r);
	http(NULL, "GET", "/api/v1/programmes", NULL, basic, &r);
	expect_problem(&r, 401, NULL);
	hresp_release(&r);
	expect_db_unchanged(&before);
}

/* ---- session cookies and CSRF ------------------------------------------- */

/* Session cookies need the X-CSRF-Token header on every write. */
static void
test_cookie_needs_csrf_on_writes(void **state)
{
	struct client s, no_csrf, wrong_csrf, stale = { .name = "stale cookie" };
	struct db_snapshot before;
	struct hresp r;
	const char *body;

	(void)state;
	assert_int_equal(api_login(FIXTURE_EMAIL("hr"), FIXTURE_PASSWORD, &s), 201);
	assert_true(s.session[0] && s.csrf[0]);
	no_csrf = s;
	no_csrf.csrf[0] = '\0';
	wrong_csrf = s;
	crypto_token(wrong_csrf.csrf);

	/* reads need no token */
	http(&no_csrf, "GET", hexpand("/api/v1/persons/$p_learner"), NULL, NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);

	body = hq(OFFER("$emp_a", "Met cookie"));
	db_snapshot(&before);
	http(&no_csrf, "POST", "/api/v1/offerings", body, NULL, &r);
	expect_problem(&r, 403, "csrf");
	hresp_release(&r);
	http(&wrong_csrf, "POST", "/api/v1/offerings", body, NULL, &r);
	expect_problem(&r, 403, "csrf");
	hresp_release(&r);
	http(&no_csrf, "PATCH", hexpand("/api/v1/persons/$p_learner"), hq("{'phone':'2'}"), NULL,
	     &r);
	expect_problem(&r, 403, "csrf");
	hresp_release(&r);
	/* logging out is a write too: without the token the session stays */
	http(&no_csrf, "DELETE", "/api/v1/session", NULL, NULL, &r);
	expect_problem(&r, 403, "csrf");
	hresp_release(&r);
	expect_db_unchanged(&before);
	http(&no_csrf, "GET", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);

	/* with the token the same write works */
	http(&s, "POST", "/api/v1/offerings", body, NULL, &r);
	expect_status(&r, 201);
	hresp_release(&r);

	/* a cookie that names no session is nobody */
	crypto_token(stale.session);
	http(&stale, "GET", "/api/v1/persons", NULL, NULL, &r);
	expect_problem(&r, 401, NULL);
	hresp_release(&r);
	http(&stale, "GET", "/api/v1/programmes", NULL, NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);

	/* after logout the cookie is dead */
	http(&s, "DELETE", "/api/v1/session", NULL, NULL, &r);
	expect_status(&r, 204);
	hresp_release(&r);
	http(&s, "POST", "/api/v1/offerings", body, NULL, &r);
	expect_problem(&r, 401, NULL);
	hresp_release(&r);
}

/* Roles hold the same way when the actor came from a session. */
static void
test_roles_through_sessions(void **state)
{
	struct client learner, admin;
	struct hresp r;

	(void)state;
	/* the same rules hold for a session as for a token */
	assert_int_equal(api_login(FIXTURE_EMAIL("learner"), FIXTURE_PASSWORD, &learner), 201);
	http(&learner, "POST", "/api/v1/programmes", hq(PROG("$inst_a", "Via sessie")), NULL, &r);
	expect_problem(&r, 403, NULL);
	hresp_release(&r);
	http(&learner, "GET", hexpand("/api/v1/persons/$p_other"), NULL, NULL, &r);
	expect_problem(&r, 404, NULL);
	hresp_release(&r);
	assert_int_equal(api_login(FIXTURE_EMAIL("admin"), FIXTURE_PASSWORD, &admin), 201);
	http(&admin, "GET", "/api/v1/audit?entity=accounts", NULL, NULL, &r);
	expect_status(&r, 200);
	hresp_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_table),
		cmocka_unit_test(test_private_lists),
		cmocka_unit_test(test_bearer_tokens),
		cmocka_unit_test(test_cookie_needs_csrf_on_writes),
		cmocka_unit_test(test_roles_through_sessions),
	};

	return harness_run("api access", tests);
}
