/* test_ooapi.c: the catalog as the Open Education API v5 (/ooapi/v5)
 *
 * Catalog records are made through the JSON API, then every OOAPI route is
 * read by an anonymous client: the fields the v5 specification requires
 * are there, texts are language-typed strings, enums carry the
 * specification's values as api/ooapi.c maps them, lists are pages that
 * pageSize and pageNumber walk without loss or repetition (also past the
 * engine's 200 per call), bad query parameters are 400 and unknown ids 404
 * in the OOAPI Problem shape, and nothing is written.
 */
#include "harness.h"
#include "surfaces/http/router.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIG 205  /* outcomes of the big programme: more than one engine call */

/* What the tests make (ids), once. */
static struct {
	bool made;
	const char *prog_c, *outcome_c1, *outcome_c2, *offering_c, *offering_company;
	const char *offering_coe, *prog_big;
	const char *big[BIG];
} W;

/* Creates a record as the administrator; returns its id. */
static const char *
create(const char *collection, const char *body)
{
	struct hresp r;
	const char *id;

	http(&H.admin, "POST", collection, body, NULL, &r);
	expect_status(&r, 201);
	id = hfmt("%s", hresp_str(&r, "id"));
	hresp_release(&r);
	return id;
}

/* The world of these tests, on top of the fixture's. */
static void
make_world(void)
{
	if (W.made)
		return;
	W.prog_c = create("/api/v1/programmes", hq("{'institution_id':'$inst_a',"
		"'name':'Master Slimme Mobiliteit','level':'master','total_ec':60,"
		"'programme_code':'34567','modes':['dual','part_time'],"
		"'description':'Een master voor wie werkt aan mobiliteit.',"
		"'locations':['Helmond']}"));
	W.outcome_c1 = create("/api/v1/outcomes", hq(hfmt("{'programme_id':'%s','code':'SM-1',"
		"'title':'Mobiliteitsdata analyseren','ec':7.5,"
		"'description':'De student analyseert verkeers- en voertuigdata en trekt "
		"verantwoorde conclusies.','criteria':"
		"['De analyse is reproduceerbaar','De conclusies zijn onderbouwd'],'alignments':"
		"['http://data.europa.eu/esco/skill/abc']}", W.prog_c)));
	W.outcome_c2 = create("/api/v1/outcomes", hq(hfmt("{'programme_id':'%s','code':'SM-2',"
		"'title':'Een mobiliteitsconcept ontwerpen','ec':15}", W.prog_c)));
	W.offering_c = create("/api/v1/offerings", hq(hfmt("{'provider_id':'$inst_a',"
		"'title':'Data in het verkeer','ec':7.5,'mode':'blended','location':'Helmond',"
		"'start_date':'2026-02-02','end_date':'2026-06-26','capacity':25,"
		"'price_cents':62500,'outcome_ids':['%s','$outcome_a1']}", W.outcome_c1)));
	W.offering_company = create("/api/v1/offerings", hq(hfmt("{'provider_id':'$emp_a',"
		"'title':'Bedrijfstraining telematica','ec':7.5,'mode':'at_work',"
		"'start_date':'2026-03-01','end_date':'2026-04-30','price_cents':0,"
		"'outcome_ids':['%s']}", W.outcome_c1)));
	W.offering_coe = create("/api/v1/offerings", hq(hfmt("{'provider_id':'$network',"
		"'title':'Praktijklab mobiliteit','description':'In het lab van het centre.',"
		"'ec':15,'mode':'on_campus','start_date':'2026-09-01','end_date':'2027-01-31',"
		"'price_cents':123456,'outcome_ids':['%s']}", W.outcome_c2)));
	W.prog_big = create("/api/v1/programmes", hq("{'institution_id':'$inst_b',"
		"'name':'Ad Veel Uitkomsten','level':'associate_degree','total_ec':120,"
		"'modes':['part_time']}"));
	for (int i = 0; i < BIG; i++)
		W.big[i] = create("/api/v1/outcomes", hq(hfmt("{'programme_id':'%s',"
			"'code':'VU-%03d','title':'Uitkomst %d','ec':1}", W.prog_big, i, i)));
	W.made = true;
}

/* GETs path as nobody and expects status; *out is the response. */
static void
get(const char *path, long status, struct hresp *out)
{
	http(NULL, "GET", path, NULL, NULL, out);
	expect_status(out, status);
	if (status == 200 && !json_is_object(out->json))
		fail_msg("%s: the body is not a JSON object", out->what);
}

static const char *
s_of(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Fails unless obj has every key of the space-separated list. */
static void
expect_keys(const json_t *obj, const char *what, const char *keys)
{
	while (*keys) {
		size_t len = strcspn(keys, " ");
		const char *key = hfmt("%.*s", (int)len, keys);
		if (!json_object_get(obj, key))
			fail_msg("%s has no %s: %s", what, key, hjson(json_incref((json_t *)obj)));
		keys += len;
		keys += strspn(keys, " ");
	}
}

/* A language-typed string array: [{"language": "nl-NL", "value": text}];
 * with want, the value must be it. */
static void
expect_lts(const json_t *v, const char *what, const char *want)
{
	const json_t *first = json_array_get(v, 0);

	if (!json_is_array(v) || json_array_size(v) != 1 || !json_is_object(first) ||
	    !s_of(first, "language") || strcmp(s_of(first, "language"), "nl-NL") != 0 ||
	    !json_is_string(json_object_get(first, "value")))
		fail_msg("%s is not a language-typed string array: %s", what,
			 hjson(json_incref((json_t *)v)));
	if (want && strcmp(s_of(first, "value"), want) != 0)
		fail_msg("%s is '%s', not '%s'", what, s_of(first, "value"), want);
}

/* An IdentifierEntry {codeType, code} with the given type and code. */
static void
expect_code(const json_t *v, const char *type, const char *code)
{
	if (!s_of(v, "codeType") || strcmp(s_of(v, "codeType"), type) != 0 ||
	    !s_of(v, "code") || strcmp(s_of(v, "code"), code) != 0)
		fail_msg("primaryCode is %s, not %s %s", hjson(json_incref((json_t *)v)), type,
			 code);
}

/* The OOAPI Problem: problem+json, status as a string equal to the HTTP
 * status, a title and a detail. */
static void
expect_ooapi_problem(const struct hresp *r, long status)
{
	const char *ctype = hresp_header(r, "Content-Type");

	if (r->status != status)
		fail_msg("%s: status %ld, not %ld: %.300s", r->what, r->status, status, r->body);
	if (!ctype || strcmp(ctype, "application/problem+json") != 0)
		fail_msg("%s: served as %s", r->what, ctype ? ctype : "(nothing)");
	if (!json_is_string(json_object_get(r->json, "status")) ||
	    strcmp(hresp_str(r, "status"), hfmt("%ld", status)) != 0)
		fail_msg("%s: the status member is not \"%ld\": %.300s", r->what, status, r->body);
	if (!hresp_str(r, "title") || !*hresp_str(r, "title") || !hresp_str(r, "detail") ||
	    !*hresp_str(r, "detail"))
		fail_msg("%s: no title or detail: %.300s", r->what, r->body);
}

/* The members of a page, with their types; returns the items. */
static json_t *
expect_page(const struct hresp *r, int size, int number)
{
	json_t *j = r->json;

	expect_keys(j, r->what, "pageSize pageNumber hasPreviousPage hasNextPage items");
	assert_int_equal(json_integer_value(json_object_get(j, "pageSize")), size);
	assert_int_equal(json_integer_value(json_object_get(j, "pageNumber")), number);
	assert_true(json_is_boolean(json_object_get(j, "hasPreviousPage")));
	assert_true(json_is_boolean(json_object_get(j, "hasNextPage")));
	assert_int_equal(json_is_true(json_object_get(j, "hasPreviousPage")), number > 1);
	assert_true(json_is_integer(json_object_get(j, "totalPages")));
	assert_true(json_is_array(json_object_get(j, "items")));
	assert_true((int)json_array_size(json_object_get(j, "items")) <= size);
	return json_object_get(j, "items");
}

/* The item of a list with member key equal to id, or NULL. */
static json_t *
find(const json_t *items, const char *key, const char *id)
{
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it)
		if (s_of(it, key) && strcmp(s_of(it, key), id) == 0)
			return it;
	return NULL;
}

/* Every item of every page of path (pageSize 10), checked by each. */
static json_t *
all_pages(const char *path, void (*each)(const json_t *item))
{
	json_t *all = json_array();
	int number = 1;
	json_int_t pages = -1;

	for (;;) {
		struct hresp r;
		json_t *items, *it;
		size_t i;
		bool more;

		get(hfmt("%s%spageSize=10&pageNumber=%d", path, strchr(path, '?') ? "&" : "?",
			 number), 200, &r);
		items = expect_page(&r, 10, number);
		if (pages < 0)
			pages = json_integer_value(json_object_get(r.json, "totalPages"));
		assert_int_equal(json_integer_value(json_object_get(r.json, "totalPages")), pages);
		json_array_foreach(items, i, it) {
			if (each)
				each(it);
			json_array_append(all, it);
		}
		more = json_is_true(json_object_get(r.json, "hasNextPage"));
		if (more)
			assert_int_equal(json_array_size(items), 10);
		hresp_release(&r);
		if (!more)
			break;
		number++;
	}
	assert_int_equal(number, pages > 0 ? pages : 1);
	return all;
}

/* ---- each resource's shape ------------------------------------------------ */

static void
check_organization(const json_t *o)
{
	expect_keys(o, "an organization", "organizationId organizationType name shortName "
		    "primaryCode");
	expect_lts(json_object_get(o, "name"), "organization name", NULL);
	if (strcmp(s_of(o, "organizationType"), "root") != 0 &&
	    strcmp(s_of(o, "organizationType"), "institute") != 0)
		fail_msg("organizationType %s", s_of(o, "organizationType"));
}

static void
check_program(const json_t *p)
{
	expect_keys(p, "a program", "programId programType name abbreviation description "
		    "primaryCode teachingLanguage studyLoad level sector learningOutcomes");
	expect_lts(json_object_get(p, "name"), "program name", NULL);
	expect_lts(json_object_get(p, "description"), "program description", NULL);
	assert_string_equal(s_of(p, "programType"), "program");
	assert_string_equal(s_of(p, "teachingLanguage"), "nld");
	assert_string_equal(s_of(p, "sector"), "higher professional education");
	assert_string_equal(s_of(json_object_get(p, "studyLoad"), "studyLoadUnit"), "ects");
}

static void
check_course(const json_t *c)
{
	expect_keys(c, "a course", "courseId name abbreviation description teachingLanguage "
		    "level primaryCode studyLoad learningOutcomes programs");
	expect_lts(json_object_get(c, "name"), "course name", NULL);
	expect_lts(json_object_get(c, "description"), "course description", NULL);
	expect_lts(json_array_get(json_object_get(c, "learningOutcomes"), 0),
		   "course learning outcome", NULL);
	assert_string_equal(s_of(c, "teachingLanguage"), "nld");
}

static void
check_offering(const json_t *o)
{
	const json_t *cost;

	expect_keys(o, "an offering", "offeringId primaryCode offeringType name description "
		    "teachingLanguage resultExpected startDate endDate priceInformation");
	assert_string_equal(s_of(o, "offeringType"), "course");
	expect_lts(json_object_get(o, "name"), "offering name", NULL);
	expect_lts(json_object_get(o, "description"), "offering description", NULL);
	assert_true(json_is_boolean(json_object_get(o, "resultExpected")));
	cost = json_array_get(json_object_get(o, "priceInformation"), 0);
	assert_string_equal(s_of(cost, "costType"), "total costs");
	assert_string_equal(s_of(cost, "currency"), "EUR");
	assert_non_null(s_of(cost, "amount"));
	assert_true(strspn(s_of(cost, "amount"), "0123456789.") == strlen(s_of(cost, "amount")));
}

/* ---- tests ------------------------------------------------------------------ */

/* GET /ooapi/v5: the Service with its required members. */
static void
test_service(void **state)
{
	struct hresp r;

	(void)state;
	get("/ooapi/v5", 200, &r);
	expect_keys(r.json, "the service", "contactEmail specification documentation");
	assert_non_null(strchr(hresp_str(&r, "contactEmail"), '@'));
	assert_string_equal(hresp_str(&r, "specification"),
			    hfmt("http://127.0.0.1:%d/api/v1/openapi.json", H.port));
	assert_int_equal(strncmp(hresp_str(&r, "documentation"), "https://", 8), 0);
	hresp_release(&r);
	/* the specification it names is there, and describes this very route */
	get("/api/v1/openapi.json", 200, &r);
	assert_non_null(json_object_get(json_object_get(json_object_get(r.json, "paths"),
							"/ooapi/v5"), "get"));
	hresp_release(&r);
}

/* Organizations: institutions (root) and centres of expertise (institute);
 * employers are none. */
static void
test_organizations(void **state)
{
	struct hresp r;
	json_t *all, *a, *items;

	(void)state;
	make_world();
	all = all_pages("/ooapi/v5/organizations", check_organization);
	a = find(all, "organizationId", H.fx.inst_a);
	assert_non_null(a);
	assert_string_equal(s_of(a, "organizationType"), "root");
	assert_non_null(find(all, "organizationId", H.fx.inst_b));
	assert_string_equal(s_of(find(all, "organizationId", H.fx.network), "organizationType"),
			    "institute");
	assert_null(find(all, "organizationId", H.fx.emp_a));
	assert_null(find(all, "organizationId", H.fx.emp_b));
	json_decref(all);

	get(hfmt("/ooapi/v5/organizations/%s", H.fx.inst_a), 200, &r);
	check_organization(r.json);
	expect_lts(json_object_get(r.json, "name"), "name", "Hogeschool Aurora");
	assert_string_equal(hresp_str(&r, "shortName"), "Hogeschool Aurora");
	expect_code(json_object_get(r.json, "primaryCode"), "brin", "30GB");
	assert_string_equal(hresp_str(&r, "link"), "https://aurora.example.nl");
	assert_string_equal(s_of(json_object_get(r.json, "ext"), "kind"), "institution");
	assert_true(json_is_true(json_object_get(json_object_get(r.json, "ext"), "funded")));
	hresp_release(&r);
	get(hfmt("/ooapi/v5/organizations/%s", H.fx.network), 200, &r);
	expect_code(json_object_get(r.json, "primaryCode"), "uuid", H.fx.network);
	hresp_release(&r);

	/* an employer is no OOAPI organization */
	http(NULL, "GET", hfmt("/ooapi/v5/organizations/%s", H.fx.emp_a), NULL, NULL, &r);
	expect_ooapi_problem(&r, 404);
	hresp_release(&r);

	/* organizationType filters */
	get("/ooapi/v5/organizations?organizationType=root&pageSize=250", 200, &r);
	items = expect_page(&r, 250, 1);
	assert_non_null(find(items, "organizationId", H.fx.inst_a));
	assert_null(find(items, "organizationId", H.fx.network));
	hresp_release(&r);
	get("/ooapi/v5/organizations?organizationType=institute", 200, &r);
	items = expect_page(&r, 10, 1);
	assert_int_equal(json_array_size(items), 1);
	assert_non_null(find(items, "organizationId", H.fx.network));
	hresp_release(&r);
	get("/ooapi/v5/organizations?organizationType=faculty", 200, &r);
	assert_int_equal(json_array_size(expect_page(&r, 10, 1)), 0);
	assert_int_equal(json_integer_value(json_object_get(r.json, "totalPages")), 0);
	assert_false(json_is_true(json_object_get(r.json, "hasNextPage")));
	hresp_release(&r);
	/* search */
	get("/ooapi/v5/organizations?q=AURORA", 200, &r);
	items = expect_page(&r, 10, 1);
	assert_int_equal(json_array_size(items), 1);
	assert_non_null(find(items, "organizationId", H.fx.inst_a));
	hresp_release(&r);
}

/* Programs: required members, level and codes as mapped, learning outcomes,
 * the organization, expand. */
static void
test_programs(void **state)
{
	struct hresp r;
	json_t *all, *p, *lo;

	(void)state;
	make_world();
	all = all_pages("/ooapi/v5/programs", check_program);
	assert_non_null(find(all, "programId", H.fx.prog_a));
	assert_non_null(find(all, "programId", W.prog_c));
	json_decref(all);

	get(hfmt("/ooapi/v5/programs/%s", W.prog_c), 200, &r);
	p = r.json;
	check_program(p);
	expect_code(json_object_get(p, "primaryCode"), "crohoCreboCode", "34567");
	expect_lts(json_object_get(p, "name"), "name", "Master Slimme Mobiliteit");
	expect_lts(json_object_get(p, "description"), "description",
		   "Een master voor wie werkt aan mobiliteit.");
	assert_string_equal(s_of(p, "level"), "master");
	assert_string_equal(s_of(p, "levelOfQualification"), "7");
	assert_null(json_object_get(p, "qualificationAwarded"));
	assert_string_equal(s_of(p, "modeOfStudy"), "dual training");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "studyLoad"),
							    "value")), 60);
	assert_string_equal(s_of(p, "organization"), H.fx.inst_a);
	lo = json_object_get(p, "learningOutcomes");
	assert_int_equal(json_array_size(lo), 2);
	expect_lts(json_array_get(lo, 0), "learning outcome", "Mobiliteitsdata analyseren");
	expect_lts(json_array_get(lo, 1), "learning outcome", "Een mobiliteitsconcept ontwerpen");
	assert_false(json_is_true(json_object_get(json_object_get(p, "ext"), "voucherEligible")));
	hresp_release(&r);

	get(hfmt("/ooapi/v5/programs/%s", H.fx.prog_b), 200, &r);
	assert_string_equal(hresp_str(&r, "level"), "associate degree");
	assert_string_equal(hresp_str(&r, "levelOfQualification"), "5");
	assert_string_equal(hresp_str(&r, "qualificationAwarded"), "AD");
	assert_string_equal(hresp_str(&r, "modeOfStudy"), "part-time");
	expect_code(json_object_get(r.json, "primaryCode"), "uuid", H.fx.prog_b);
	expect_lts(json_object_get(r.json, "description"), "description (the name)",
		   "Ad Retailmanagement");
	hresp_release(&r);

	get(hfmt("/ooapi/v5/programs/%s", H.fx.prog_a), 200, &r);
	assert_true(json_is_true(json_object_get(json_object_get(r.json, "ext"),
						 "voucherEligible")));
	hresp_release(&r);

	/* expand: the organization in full; values leerpad lacks expand nothing */
	get(hfmt("/ooapi/v5/programs/%s?expand=organization,children", W.prog_c), 200, &r);
	check_organization(json_object_get(r.json, "organization"));
	assert_string_equal(s_of(json_object_get(r.json, "organization"), "organizationId"),
			    H.fx.inst_a);
	assert_null(json_object_get(r.json, "children"));
	hresp_release(&r);
}

/* Courses: a learning outcome in full, the programme's courses, expand. */
static void
test_courses(void **state)
{
	struct hresp r;
	json_t *c, *items, *all;

	(void)state;
	make_world();
	get(hfmt("/ooapi/v5/courses/%s", W.outcome_c1), 200, &r);
	c = r.json;
	check_course(c);
	expect_code(json_object_get(c, "primaryCode"), "identifier", "SM-1");
	assert_string_equal(s_of(c, "abbreviation"), "SM-1");
	expect_lts(json_object_get(c, "name"), "name", "Mobiliteitsdata analyseren");
	expect_lts(json_object_get(c, "description"), "description", "De student analyseert "
		   "verkeers- en voertuigdata en trekt verantwoorde conclusies.");
	assert_string_equal(s_of(c, "level"), "master");
	assert_true(json_number_value(json_object_get(json_object_get(c, "studyLoad"),
						      "value")) == 7.5);
	expect_lts(json_object_get(c, "assessment"), "assessment",
		   "- De analyse is reproduceerbaar\n- De conclusies zijn onderbouwd");
	assert_int_equal(json_array_size(json_object_get(c, "programs")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "programs"), 0)),
			    W.prog_c);
	assert_string_equal(s_of(c, "organization"), H.fx.inst_a);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
		json_object_get(c, "ext"), "alignments"), 0)),
		"http://data.europa.eu/esco/skill/abc");
	hresp_release(&r);

	get(hfmt("/ooapi/v5/courses/%s?expand=programs,organization", W.outcome_c1), 200, &r);
	check_program(json_array_get(json_object_get(r.json, "programs"), 0));
	assert_string_equal(s_of(json_array_get(json_object_get(r.json, "programs"), 0),
				 "programId"), W.prog_c);
	check_organization(json_object_get(r.json, "organization"));
	hresp_release(&r);

	/* the courses of a programme are its outcomes, and only those */
	get(hfmt("/ooapi/v5/programs/%s/courses", W.prog_c), 200, &r);
	items = expect_page(&r, 10, 1);
	assert_int_equal(json_array_size(items), 2);
	assert_non_null(find(items, "courseId", W.outcome_c1));
	assert_non_null(find(items, "courseId", W.outcome_c2));
	assert_int_equal(json_integer_value(json_object_get(r.json, "totalPages")), 1);
	hresp_release(&r);

	all = all_pages("/ooapi/v5/courses?q=mobiliteit", check_course);
	assert_int_equal(json_array_size(all), 2);
	json_decref(all);
}

/* Offerings: a course offering with price, dates, mode and capacity; a
 * company training with its provider under ext; the lists of a course and
 * of a programme. */
static void
test_offerings(void **state)
{
	struct hresp r;
	json_t *o, *cost, *items;
	const char *first;

	(void)state;
	make_world();
	get(hfmt("/ooapi/v5/offerings/%s", W.offering_c), 200, &r);
	o = r.json;
	check_offering(o);
	expect_code(json_object_get(o, "primaryCode"), "uuid", W.offering_c);
	assert_string_equal(s_of(o, "startDate"), "2026-02-02");
	assert_string_equal(s_of(o, "endDate"), "2026-06-26");
	assert_int_equal(json_integer_value(json_object_get(o, "maxNumberStudents")), 25);
	assert_string_equal(json_string_value(json_array_get(json_object_get(o,
		"modeOfDelivery"), 0)), "hybrid");
	assert_false(json_is_true(json_object_get(o, "resultExpected")));
	cost = json_array_get(json_object_get(o, "priceInformation"), 0);
	assert_string_equal(s_of(cost, "amount"), "625.00");
	assert_string_equal(s_of(json_array_get(json_object_get(cost, "displayAmount"), 0),
				 "language"), "nl-NL");
	assert_string_equal(s_of(o, "organization"), H.fx.inst_a);
	/* the first outcome served, in id order: the fixture's is older */
	first = strcmp(H.fx.outcome_a1, W.outcome_c1) < 0 ? H.fx.outcome_a1 : W.outcome_c1;
	assert_string_equal(s_of(o, "course"), first);
	assert_int_equal(json_array_size(json_object_get(json_object_get(o, "ext"),
							 "courseIds")), 2);
	/* outcome_a1 belongs to a programme in the voucher experiment */
	assert_true(json_is_true(json_object_get(json_object_get(o, "ext"), "voucherEligible")));
	assert_string_equal(s_of(json_object_get(o, "ext"), "location"), "Helmond");
	hresp_release(&r);

	get(hfmt("/ooapi/v5/offerings/%s?expand=course,organization", W.offering_c), 200, &r);
	check_course(json_object_get(r.json, "course"));
	check_organization(json_object_get(r.json, "organization"));
	hresp_release(&r);

	/* a company training: its provider is no OOAPI organization */
	get(hfmt("/ooapi/v5/offerings/%s", W.offering_company), 200, &r);
	check_offering(r.json);
	assert_null(json_object_get(r.json, "organization"));
	assert_null(json_object_get(r.json, "maxNumberStudents"));
	assert_string_equal(s_of(json_object_get(json_object_get(r.json, "ext"), "provider"),
				 "kind"), "employer");
	assert_string_equal(s_of(json_object_get(json_object_get(r.json, "ext"), "provider"),
				 "organisationId"), H.fx.emp_a);
	assert_string_equal(json_string_value(json_array_get(json_object_get(r.json,
		"modeOfDelivery"), 0)), "situated");
	assert_string_equal(s_of(json_array_get(json_object_get(r.json, "priceInformation"), 0),
				 "amount"), "0.00");
	assert_false(json_is_true(json_object_get(json_object_get(r.json, "ext"),
						  "voucherEligible")));
	hresp_release(&r);

	get(hfmt("/ooapi/v5/offerings/%s", W.offering_coe), 200, &r);
	assert_string_equal(hresp_str(&r, "organization"), H.fx.network);
	assert_string_equal(s_of(json_array_get(json_object_get(r.json, "priceInformation"), 0),
				 "amount"), "1234.56");
	expect_lts(json_object_get(r.json, "description"), "description",
		   "In het lab van het centre.");
	hresp_release(&r);

	/* the offerings of a course name that course */
	get(hfmt("/ooapi/v5/courses/%s/offerings", W.outcome_c1), 200, &r);
	items = expect_page(&r, 10, 1);
	assert_int_equal(json_array_size(items), 2);
	assert_non_null(find(items, "offeringId", W.offering_c));
	assert_non_null(find(items, "offeringId", W.offering_company));
	assert_string_equal(s_of(find(items, "offeringId", W.offering_c), "course"),
			    W.outcome_c1);
	hresp_release(&r);
	get(hfmt("/ooapi/v5/courses/%s/offerings", H.fx.outcome_a1), 200, &r);
	items = expect_page(&r, 10, 1);
	assert_string_equal(s_of(find(items, "offeringId", W.offering_c), "course"),
			    H.fx.outcome_a1);
	assert_non_null(find(items, "offeringId", H.fx.offering_a));
	hresp_release(&r);

	/* the offerings that serve a programme's outcomes */
	get(hfmt("/ooapi/v5/programs/%s/offerings", W.prog_c), 200, &r);
	items = expect_page(&r, 10, 1);
	assert_int_equal(json_array_size(items), 3);
	assert_non_null(find(items, "offeringId", W.offering_coe));
	assert_null(find(items, "offeringId", H.fx.offering_a));
	hresp_release(&r);
}

/* Pages over more records than one engine call gives: each record once,
 * in order, with the page flags right. */
static void
test_pagination(void **state)
{
	const char *base;
	struct hresp r;
	json_t *items, *seen = json_object();
	const int sizes[] = { 100, 100, 5 };

	(void)state;
	make_world();
	base = hfmt("/ooapi/v5/programs/%s/courses", W.prog_big);
	get(hfmt("%s?pageSize=250", base), 200, &r);
	items = expect_page(&r, 250, 1);
	assert_int_equal(json_array_size(items), BIG);
	assert_false(json_is_true(json_object_get(r.json, "hasNextPage")));
	assert_int_equal(json_integer_value(json_object_get(r.json, "totalPages")), 1);
	for (int i = 0; i < BIG; i++)
		assert_string_equal(s_of(json_array_get(items, (size_t)i), "courseId"), W.big[i]);
	hresp_release(&r);

	for (int page = 1; page <= 3; page++) {
		size_t i;
		json_t *it;
		get(hfmt("%s?pageSize=100&pageNumber=%d", base, page), 200, &r);
		items = expect_page(&r, 100, page);
		assert_int_equal(json_array_size(items), sizes[page - 1]);
		assert_int_equal(json_is_true(json_object_get(r.json, "hasNextPage")), page < 3);
		assert_int_equal(json_integer_value(json_object_get(r.json, "totalPages")), 3);
		json_array_foreach(items, i, it) {
			const char *id = s_of(it, "courseId");
			if (json_object_get(seen, id))
				fail_msg("course %s on two pages", id);
			json_object_set_new(seen, id, json_true());
			assert_string_equal(id, W.big[(page - 1) * 100 + (int)i]);
		}
		hresp_release(&r);
	}
	assert_int_equal(json_object_size(seen), BIG);
	json_decref(seen);

	/* past the end: an empty page that says there is a page before */
	get(hfmt("%s?pageSize=100&pageNumber=4", base), 200, &r);
	assert_int_equal(json_array_size(expect_page(&r, 100, 4)), 0);
	assert_false(json_is_true(json_object_get(r.json, "hasNextPage")));
	hresp_release(&r);
	get(hfmt("%s?pageSize=10&pageNumber=21", base), 200, &r);
	assert_int_equal(json_array_size(expect_page(&r, 10, 21)), 5);
	assert_int_equal(json_integer_value(json_object_get(r.json, "totalPages")), 21);
	hresp_release(&r);
	/* the default page size is the specification's: 10 */
	get(base, 200, &r);
	assert_int_equal(json_array_size(expect_page(&r, 10, 1)), 10);
	assert_true(json_is_true(json_object_get(r.json, "hasNextPage")));
	hresp_release(&r);
}

/* Bad or unknown query parameters: 400 in the OOAPI shape, naming the
 * parameter; the accepted extras (consumer, lang) change nothing. */
static void
test_bad_parameters(void **state)
{
	static const struct {
		const char *query, *field;
	} bad[] = {
		{ "pageSize=7", "pageSize" }, { "pageSize=abc", "pageSize" },
		{ "pageSize=", "pageSize" }, { "pageSize=10.5", "pageSize" },
		{ "pageSize=-10", "pageSize" }, { "pageSize=1000", "pageSize" },
		{ "pageNumber=0", "pageNumber" }, { "pageNumber=-1", "pageNumber" },
		{ "pageNumber=1e3", "pageNumber" }, { "pageNumber=100001", "pageNumber" },
		{ "pageNumber=99999999999999999999", "pageNumber" },
		{ "sort=name", "sort" }, { "primaryCode=34567", "primaryCode" },
		{ "teachingLanguage=nld", "teachingLanguage" }, { "expand=organization", "expand" },
		{ "since=2025-01-01", "since" }, { "x%27%3B--=1", "x';--" },
	};
	const char *lists[] = { "/ooapi/v5/programs", "/ooapi/v5/organizations",
				hfmt("/ooapi/v5/courses/%s/offerings", H.fx.outcome_a1) };
	struct hresp r;
	struct db_snapshot before;

	(void)state;
	make_world();
	db_snapshot(&before);
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			http(NULL, "GET", hfmt("%s?%s", lists[l], bad[i].query), NULL, NULL, &r);
			expect_ooapi_problem(&r, 400);
			if (!hresp_str(&r, "field") || strcmp(hresp_str(&r, "field"), bad[i].field))
				fail_msg("%s: field %s, not %s", r.what, hresp_str(&r, "field"),
					 bad[i].field);
			hresp_release(&r);
		}
	/* a search text over the limit, an unknown organizationType */
	http(NULL, "GET", hfmt("/ooapi/v5/courses?q=%0300d", 0), NULL, NULL, &r);
	expect_ooapi_problem(&r, 400);
	hresp_release(&r);
	http(NULL, "GET", "/ooapi/v5/organizations?organizationType=employer", NULL, NULL, &r);
	expect_ooapi_problem(&r, 400);
	assert_string_equal(hresp_str(&r, "field"), "organizationType");
	hresp_release(&r);
	/* expand: only the specification's names, no empty ones; no paging on one record */
	{
		const char *one[] = { "expand=bogus", "expand=organization,,children", "expand=",
				      "expand=programs", "pageSize=10", "q=x" };
		for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
			http(NULL, "GET", hfmt("/ooapi/v5/programs/%s?%s", H.fx.prog_a, one[i]),
			     NULL, NULL, &r);
			expect_ooapi_problem(&r, 400);
			hresp_release(&r);
		}
	}
	http(NULL, "GET", "/ooapi/v5?pageSize=10", NULL, NULL, &r);
	expect_ooapi_problem(&r, 400);
	hresp_release(&r);
	/* names that are no valid text or too long are refused, not echoed */
	{
		const char *names[] = { "%FF%FE", "a%01b", "%C3", hfmt("%061d", 0) };
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			http(NULL, "GET", hfmt("/ooapi/v5/courses?%s=1", names[i]), NULL, NULL, &r);
			expect_ooapi_problem(&r, 400);
			assert_null(json_object_get(r.json, "field"));
			hresp_release(&r);
		}
	}
	http(NULL, "GET", hfmt("/ooapi/v5/courses/%s?expand=%%FF", H.fx.outcome_a1), NULL, NULL,
	     &r);
	expect_ooapi_problem(&r, 400);
	assert_string_equal(hresp_str(&r, "field"), "expand");
	hresp_release(&r);
	/* what the specification has and leerpad has no use for is accepted */
	get("/ooapi/v5/programs?consumer=rio&lang=en&pageSize=20", 200, &r);
	expect_page(&r, 20, 1);
	hresp_release(&r);
	expect_db_unchanged(&before);
}

/* Unknown ids (valid or not as ids, or of another kind of record): 404 in
 * the OOAPI shape, on every route that takes one. */
static void
test_not_found(void **state)
{
	const char *wrong[] = { "$unknown", "nope", "$offering_a", "%27%20OR%201%3D1" };
	int routes_with_ids = 0;

	(void)state;
	make_world();
	for (int i = 0; i < route_count; i++) {
		const struct route *rt = &routes[i];
		const char *brace = strchr(rt->pattern, '{');
		if (strncmp(rt->pattern, "/ooapi/", 7) != 0 || !brace)
			continue;
		routes_with_ids++;
		for (size_t w = 0; w < sizeof(wrong) / sizeof(wrong[0]); w++) {
			const char *id = wrong[w][0] == '$' ? hexpand(wrong[w]) : wrong[w];
			struct hresp r;
			if (strstr(rt->pattern, "/offerings/{") && w == 2)
				id = hexpand("$prog_a");
			http(NULL, "GET", hfmt("%.*s%s%s", (int)(brace - rt->pattern), rt->pattern,
					       id, strchr(brace, '}') + 1), NULL, NULL, &r);
			expect_ooapi_problem(&r, 404);
			hresp_release(&r);
		}
	}
	assert_int_equal(routes_with_ids, 7);
}

/* Every OOAPI route answers the public, read only: writes are 405 and
 * nothing in the database changes. */
static void
test_every_route(void **state)
{
	static const struct {
		const char *param, *id;
	} ids[] = {
		{ "{organizationId}", "$inst_a" }, { "{programId}", "$prog_a" },
		{ "{courseId}", "$outcome_a1" }, { "{offeringId}", "$offering_a" },
	};
	struct db_snapshot before;
	int count = 0;

	(void)state;
	make_world();
	db_snapshot(&before);
	for (int i = 0; i < route_count; i++) {
		const struct route *rt = &routes[i];
		const char *path = rt->pattern;
		struct hresp r;

		if (strncmp(rt->pattern, "/ooapi/", 7) != 0)
			continue;
		count++;
		assert_string_equal(rt->method, "GET");
		assert_true((rt->flags & ROUTE_API) && (rt->flags & ROUTE_PUBLIC));
		for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
			const char *at = strstr(path, ids[k].param);
			if (at)
				path = hfmt("%.*s%s%s", (int)(at - path), path, hexpand(ids[k].id),
					    at + strlen(ids[k].param));
		}
		if (strchr(path, '{'))
			fail_msg("no id for %s in test_ooapi.c", rt->pattern);
		get(path, 200, &r);
		assert_string_equal(hresp_header(&r, "Content-Type"), "application/json");
		if (json_object_get(r.json, "items"))
			expect_page(&r, 10, 1);
		hresp_release(&r);
		/* a logged-in reader gets the same */
		http(&H.learner, "GET", path, NULL, NULL, &r);
		expect_status(&r, 200);
		hresp_release(&r);
		http(&H.admin, "POST", path, "{}", NULL, &r);
		expect_status(&r, 405);
		hresp_release(&r);
		http(&H.admin, "DELETE", path, NULL, NULL, &r);
		expect_status(&r, 405);
		hresp_release(&r);
	}
	assert_int_equal(count, 11);
	expect_db_unchanged(&before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_service),
		cmocka_unit_test(test_organizations),
		cmocka_unit_test(test_programs),
		cmocka_unit_test(test_courses),
		cmocka_unit_test(test_offerings),
		cmocka_unit_test(test_pagination),
		cmocka_unit_test(test_bad_parameters),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_every_route),
	};

	return harness_run("ooapi", tests);
}
