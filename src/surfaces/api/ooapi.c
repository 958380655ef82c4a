/* ooapi.c: the catalog as the Open Education API v5 (/ooapi/v5), read only
 *
 * The shapes follow the OOAPI v5.0 specification (open-education-api/
 * specification, v5). How leerpad's records map onto it, and why:
 *
 * Organization  the organisations that offer education under their own
 *               name. organizationType is a closed enum in v5 (root,
 *               institute, department, faculty, branch, academy, school):
 *               an institution is "root" (each institution is the root of
 *               its own education; leerpad serves several, as an
 *               aggregator does), a centre of expertise is "institute" (a
 *               unit that offers education, the nearest value). Employers,
 *               networks and government bodies have no place in the enum
 *               nor in OOAPI: they are not listed as organizations (404),
 *               and an employer that provides an offering appears in that
 *               offering's ext.provider. primaryCode is the BRIN code
 *               (codeType "brin"), else the id (codeType "uuid").
 * Program       a programme: programType "program"; level associate_degree
 *               / bachelor / master / post_hbo becomes "associate degree" /
 *               "bachelor" / "master" / "undefined" (post-hbo leads to no
 *               degree of its own) with levelOfQualification 5 / 6 / 7;
 *               qualificationAwarded only where it is certain ("AD": a
 *               bachelor may be BA or BSc); studyLoad in ECTS; sector
 *               "higher professional education"; modeOfStudy the first of
 *               the modes (full_time / part_time / dual become "full-time" /
 *               "part-time" / "dual training"), all of them in ext;
 *               learningOutcomes the titles of its learning outcomes;
 *               primaryCode the CROHO code (codeType "crohoCreboCode"), else
 *               the id. Experiments and voucher eligibility are in ext.
 * Course        a learning outcome, the unit of learning outcomes that a
 *               learner can reach by any route: courseId is the outcome's
 *               id, primaryCode its code (codeType "identifier"),
 *               studyLoad its EC, learningOutcomes its statement,
 *               assessment its criteria as a Markdown list, programs its
 *               programme, level the programme's. ESCO/CASE alignments in
 *               ext, to carry over to OOAPI v6 /learning-outcomes.
 * Offering      an offering as a CourseOffering (offeringType "course"):
 *               mode on_campus / online / blended / at_work becomes
 *               modeOfDelivery "on campus" / "online" / "hybrid" /
 *               "situated"; capacity is maxNumberStudents; the price is one
 *               Cost of costType "total costs" with the amount in euros as
 *               the specification writes it ("625.00") and currency EUR;
 *               course is the first outcome it serves (all of them in ext);
 *               resultExpected is false, because leerpad records results
 *               per learning outcome, never per offering.
 *               /programs/{programId}/offerings lists the course offerings
 *               that serve the programme's outcomes: a leerpad programme
 *               has no programme-level offering of its own.
 *
 * Texts are in Dutch, so every language-typed string is "nl-NL" and the
 * teachingLanguage is "nld". Lists are in id order (creation order), which
 * stays stable from page to page; the specification's sort, primaryCode,
 * teachingLanguage and date filters are not offered and are refused with
 * 400 rather than ignored. consumer is accepted and has no effect: there
 * are no consumer-specific data. expand works for organization (programs,
 * courses, offerings), programs (courses) and course (offerings); the
 * other values the specification names are accepted and expand nothing,
 * as leerpad has no such relations.
 */
#include "surfaces/api/ooapi.h"
#include "surfaces/http/server.h"
#include "domain/entity.h"
#include "base/money.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OOAPI_LANGUAGE "nl-NL"
#define OOAPI_TEACHING_LANGUAGE "nld"
#define OOAPI_PAGE_DEFAULT 10
#define OOAPI_PAGE_NUMBER_MAX 100000
#define OOAPI_DOCUMENTATION "https://open-education-api.github.io/specification/v5/docs.html"
#define OOAPI_CONTACT_DEFAULT "info@leerpad.nl"

/* The page sizes the specification allows. */
static const int page_sizes[] = { 10, 20, 50, 100, 250 };

/* ---- the resources ------------------------------------------------------ */

enum ooapi_shape { SHAPE_SERVICE, SHAPE_PAGE, SHAPE_ONE };

#define EXPAND_ORGANIZATION 0x1u
#define EXPAND_PROGRAMS     0x2u
#define EXPAND_COURSE       0x4u

struct ooapi_resource {
	route_handler handler;
	enum ooapi_shape shape;
	const char *schema;          /* the object, or the items of a page */
	const char *tag;             /* OpenAPI tag: the specification's, marked OOAPI */
	const char *description;
	const char *const *expand;   /* SHAPE_ONE: the accepted values; NULL: none */
	bool organization_type;      /* accepts the organizationType filter */
};

static const char *const organization_types[] = {
	"root", "institute", "department", "faculty", "branch", "academy", "school", NULL
};
static const char *const expand_organization[] = { "parent", "children", NULL };
static const char *const expand_program[] = {
	"parent", "children", "coordinators", "organization", "educationSpecification", NULL
};
static const char *const expand_course[] = {
	"programs", "coordinators", "organization", "educationSpecification", NULL
};
static const char *const expand_offering[] = {
	"program", "programOffering", "course", "courseOffering", "component", "organization",
	"academicSession", NULL
};

static const struct ooapi_resource resources[] = {
	{ ooapi_service, SHAPE_SERVICE, "OoapiService", "OOAPI service",
	  "Metadata of this OOAPI service.", NULL, false },
	{ ooapi_organizations, SHAPE_PAGE, "OoapiOrganization", "OOAPI organizations",
	  "The organizations that offer education: institutions (root) and centres of "
	  "expertise (institute), in id order.", NULL, true },
	{ ooapi_organization, SHAPE_ONE, "OoapiOrganization", "OOAPI organizations",
	  "One organization. Employers, networks and government bodies are no OOAPI "
	  "organizations: 404. parent and children are accepted for expand and expand "
	  "nothing.", expand_organization, false },
	{ ooapi_programs, SHAPE_PAGE, "OoapiProgram", "OOAPI programs",
	  "All programmes, in id order.", NULL, false },
	{ ooapi_program, SHAPE_ONE, "OoapiProgram", "OOAPI programs",
	  "One programme. expand=organization gives its institution in full.", expand_program,
	  false },
	{ ooapi_program_courses, SHAPE_PAGE, "OoapiCourse", "OOAPI programs",
	  "The learning outcomes (units of learning outcomes, as courses) of a programme.", NULL,
	  false },
	{ ooapi_program_offerings, SHAPE_PAGE, "OoapiCourseOffering", "OOAPI programs",
	  "The course offerings that serve the learning outcomes of a programme (a leerpad "
	  "programme has no programme offering of its own).", NULL, false },
	{ ooapi_courses, SHAPE_PAGE, "OoapiCourse", "OOAPI courses",
	  "All learning outcomes as courses, in id order.", NULL, false },
	{ ooapi_course, SHAPE_ONE, "OoapiCourse", "OOAPI courses",
	  "One learning outcome as a course. expand=programs,organization give its programme "
	  "and institution in full.", expand_course, false },
	{ ooapi_course_offerings, SHAPE_PAGE, "OoapiCourseOffering", "OOAPI courses",
	  "The offerings that serve a learning outcome.", NULL, false },
	{ ooapi_offering, SHAPE_ONE, "OoapiCourseOffering", "OOAPI offerings",
	  "One offering (always a course offering). expand=course,organization give the "
	  "course and the providing organization in full.", expand_offering, false },
};

#define RESOURCE_COUNT ((int)(sizeof(resources) / sizeof(resources[0])))

/* The resource a handler serves, or NULL. */
static const struct ooapi_resource *
resource_for(route_handler handler)
{
	for (int i = 0; i < RESOURCE_COUNT; i++)
		if (resources[i].handler == handler)
			return &resources[i];
	return NULL;
}

/* ---- one request ---------------------------------------------------------- */

struct ooapi {
	struct request *req;
	struct ctx *ctx;
	const struct ooapi_resource *r;
	int page_size, page_number;
	const char *q;                /* the search text, or NULL */
	const char *organization_type;
	unsigned expand;              /* EXPAND_* */
	const char *course_id;        /* offerings of this course: their course */
	json_t *cache;                /* "entity/id" -> record, for references */
	bool snapshot;                /* a read snapshot is open (db_read_begin) */
};

/* Whether the first len bytes of s are one of the NULL-terminated list. */
static bool
in_list(const char *const *list, const char *s, size_t len)
{
	for (; list && *list; list++)
		if (strlen(*list) == len && strncmp(*list, s, len) == 0)
			return true;
	return false;
}

/* Parses a whole number; false unless all of s is one. */
static bool
parse_number(const char *s, long *out)
{
	char *end;

	if (!*s || strlen(s) > 9)
		return false;
	*out = strtol(s, &end, 10);
	return *end == '\0';
}

/* The names expand takes here, comma-separated (arena). */
static const char *
expand_names(struct ooapi *o)
{
	const char *names = "";

	for (const char *const *e = o->r->expand; *e; e++)
		names = arena_printf(o->ctx->arena, "%s%s%s", names, *names ? "," : "", *e);
	return names;
}

/* Reads the expand list: names from the resource's list, comma-separated. */
static enum lp_status
parse_expand(struct ooapi *o, const char *value)
{
	const char *p = value;

	for (;;) {
		size_t len = strcspn(p, ",");
		if (len == 0 || !in_list(o->r->expand, p, len))
			return lp_fail(&o->req->err, LP_EMALFORMED, "expand",
				       "names a property that cannot be expanded here; "
				       "expand takes %s", expand_names(o));
		if (len == 12 && strncmp(p, "organization", len) == 0)
			o->expand |= EXPAND_ORGANIZATION;
		else if (len == 8 && strncmp(p, "programs", len) == 0)
			o->expand |= EXPAND_PROGRAMS;
		else if (len == 6 && strncmp(p, "course", len) == 0)
			o->expand |= EXPAND_COURSE;
		if (!p[len])
			return LP_OK;
		p += len + 1;
	}
}

struct param_walk {
	struct ooapi *o;
	enum lp_status rc;
};

/* Takes one query parameter, or refuses it: only what the resource offers
 * is accepted, so a filter leerpad lacks is never silently dropped. */
static bool
take_param(void *data, const char *key, const char *value)
{
	struct param_walk *w = data;
	struct ooapi *o = w->o;
	struct lp_error *err = &o->req->err;
	bool page = o->r->shape == SHAPE_PAGE;
	long n;

	if (strcmp(key, "lang") == 0 || strcmp(key, "consumer") == 0)
		return true;
	if (page && strcmp(key, "pageSize") == 0) {
		bool ok = false;
		if (parse_number(value, &n))
			for (size_t i = 0; i < sizeof(page_sizes) / sizeof(page_sizes[0]); i++)
				ok = ok || n == page_sizes[i];
		if (!ok) {
			w->rc = lp_fail(err, LP_EMALFORMED, "pageSize",
					"must be 10, 20, 50, 100 or 250");
			return false;
		}
		o->page_size = (int)n;
	} else if (page && strcmp(key, "pageNumber") == 0) {
		if (!parse_number(value, &n) || n < 1 || n > OOAPI_PAGE_NUMBER_MAX) {
			w->rc = lp_fail(err, LP_EMALFORMED, "pageNumber",
					"must be a whole number from 1 to %d",
					OOAPI_PAGE_NUMBER_MAX);
			return false;
		}
		o->page_number = (int)n;
	} else if (page && strcmp(key, "q") == 0) {
		o->q = value;
	} else if (page && o->r->organization_type && strcmp(key, "organizationType") == 0) {
		if (!in_list(organization_types, value, strlen(value))) {
			w->rc = lp_fail(err, LP_EMALFORMED, "organizationType",
					"is not an organizationType of OOAPI v5");
			return false;
		}
		o->organization_type = value;
	} else if (o->r->shape == SHAPE_ONE && o->r->expand && strcmp(key, "expand") == 0) {
		w->rc = parse_expand(o, value);
		return w->rc == LP_OK;
	} else if (strlen(key) <= 60 && utf8_is_valid(key, strlen(key)) &&
		   !utf8_has_control(key, false)) {
		w->rc = lp_fail(err, LP_EMALFORMED, key, "'%s' is not a query parameter of "
				"this resource", key);
		return false;
	} else {
		/* not echoed: it would not make valid JSON text */
		w->rc = lp_fail(err, LP_EMALFORMED, NULL, "a query parameter name is too long "
				"or not valid text");
		return false;
	}
	return true;
}

/* Prepares o for the request: the resource of the route and its query. */
static enum lp_status
ooapi_begin(struct ooapi *o, struct request *req)
{
	struct param_walk w;

	memset(o, 0, sizeof(*o));
	o->req = req;
	o->ctx = &req->ctx;
	o->r = resource_for(req->route->handler);
	o->page_size = OOAPI_PAGE_DEFAULT;
	o->page_number = 1;
	o->cache = json_object();
	if (!o->r)
		return lp_fail(&req->err, LP_EINTERNAL, NULL, "an OOAPI route without a resource");
	/* OOAPI only reads: one snapshot for the record, its references and
	 * a page with its total */
	if (db_read_begin(o->ctx->db, &req->err))
		return req->err.status;
	o->snapshot = true;
	w.o = o;
	w.rc = LP_OK;
	request_query_each(req, take_param, &w);
	return w.rc;
}

/* Lets go of what ooapi_begin took (the reference cache, the snapshot). */
static void
ooapi_end(struct ooapi *o)
{
	json_decref(o->cache);
	o->cache = NULL;
	if (o->snapshot)
		db_read_end(o->ctx->db);
	o->snapshot = false;
}

/* Answers with the OOAPI Problem of req->err: status as a string, as v5
 * has it, with leerpad's type, field and instance beside it. All invalid
 * input of a read-only query API is a bad request (400). */
static void
ooapi_problem(struct request *req, struct response *res)
{
	enum lp_status st = req->err.status ? req->err.status : LP_EINTERNAL;
	int http;
	json_t *p = json_object();
	char type[128];

	if (st == LP_EINVAL)
		st = LP_EMALFORMED;
	http = http_status_for(st);
	snprintf(type, sizeof(type), "https://leerpad.nl/problems/%s", lp_status_name(st));
	json_object_set_new(p, "type", json_string(type));
	json_object_set_new(p, "title", json_string(request_tr(req, lp_status_title(st))));
	json_object_set_new(p, "status", json_string(arena_printf(&req->arena, "%d", http)));
	if (st == LP_EDB || st == LP_EINTERNAL || st == LP_EIO)
		json_object_set_new(p, "detail", json_string(request_tr(req,
			"Something went wrong on our side; it has been logged.")));
	else
		json_object_set_new(p, "detail", json_string(req->err.reason[0] ? req->err.reason
							     : lp_status_title(st)));
	if (req->err.field[0])
		json_object_set_new(p, "field", json_string(req->err.field));
	json_object_set_new(p, "instance", json_string(req->path));
	response_json(res, http, p);
	res->content_type = "application/problem+json";
}

/* A record referenced by another, through the request's cache. *out is
 * borrowed from the cache, NULL when there is no such record (or the reader
 * may not see it). Other failures are returned. */
static enum lp_status
lookup(struct ooapi *o, const struct entity_def *def, const char *id, json_t **out)
{
	const char *key;
	json_t *rec;
	enum lp_status rc;

	*out = NULL;
	if (!id)
		return LP_OK;
	key = arena_printf(o->ctx->arena, "%s/%s", def->name, id);
	rec = json_object_get(o->cache, key);
	if (rec) {
		*out = json_is_null(rec) ? NULL : rec;
		return LP_OK;
	}
	rc = entity_get(o->ctx, def, id, &rec);
	if (rc == LP_ENOTFOUND) {
		lp_error_clear(o->ctx->err);
		json_object_set_new(o->cache, key, json_null());
		return LP_OK;
	}
	if (rc)
		return rc;
	json_object_set_new(o->cache, key, rec);
	*out = rec;
	return LP_OK;
}

/* ---- shapes ------------------------------------------------------------ */

/* A string member of a record, or NULL (borrowed from the record). */
static const char *
str(const json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

/* [{"language": "nl-NL", "value": text}] */
static json_t *
lts(const char *text)
{
	return json_pack("[{s:s, s:s}]", "language", OOAPI_LANGUAGE, "value", text ? text : "");
}

/* An IdentifierEntry {"codeType", "code"}; a new reference. */
static json_t *
identifier(const char *type, const char *code)
{
	return json_pack("{s:s, s:s}", "codeType", type, "code", code);
}

/* {"studyLoadUnit": "ects", "value": ec} */
static json_t *
study_load(const json_t *ec)
{
	return json_pack("{s:s, s:O}", "studyLoadUnit", "ects", "value", ec ? ec : json_null());
}

/* Sets key to text when there is text. */
static void
set_text(json_t *obj, const char *key, const char *text)
{
	if (text && *text)
		json_object_set_new(obj, key, json_string(text));
}

/* The value a leerpad enum value maps to in an OOAPI enum, or NULL. */
static const char *
map_value(const char *const map[][2], const char *value)
{
	for (int i = 0; value && map[i][0]; i++)
		if (strcmp(map[i][0], value) == 0)
			return map[i][1];
	return NULL;
}

static const char *const organization_type_map[][2] = {
	{ "institution", "root" }, { "centre_of_expertise", "institute" }, { NULL, NULL }
};
static const char *const level_map[][2] = {
	{ "associate_degree", "associate degree" }, { "bachelor", "bachelor" },
	{ "master", "master" }, { "post_hbo", "undefined" }, { NULL, NULL }
};
static const char *const qualification_level_map[][2] = {
	{ "associate_degree", "5" }, { "bachelor", "6" }, { "master", "7" }, { NULL, NULL }
};
static const char *const qualification_map[][2] = {
	{ "associate_degree", "AD" }, { NULL, NULL }
};
static const char *const mode_of_study_map[][2] = {
	{ "full_time", "full-time" }, { "part_time", "part-time" }, { "dual", "dual training" },
	{ NULL, NULL }
};
static const char *const mode_of_delivery_map[][2] = {
	{ "on_campus", "on campus" }, { "online", "online" }, { "blended", "hybrid" },
	{ "at_work", "situated" }, { NULL, NULL }
};

/* Whether a programme takes part in the demand-financing experiment. */
static bool
voucher_programme(const json_t *programme)
{
	size_t i;
	json_t *v;

	json_array_foreach(json_object_get(programme, "experiments"), i, v)
		if (strcmp(json_string_value(v), "vraagfinanciering") == 0)
			return true;
	return false;
}

static enum lp_status map_organization(struct ooapi *o, const json_t *rec, unsigned expand,
				       json_t **out);
static enum lp_status map_program(struct ooapi *o, const json_t *rec, unsigned expand,
				  json_t **out);
static enum lp_status map_course(struct ooapi *o, const json_t *rec, unsigned expand,
				 json_t **out);

/* Sets "organization" to the id of an educational organisation, or to the
 * whole Organization when expanded; nothing when it is none. */
static enum lp_status
set_organization(struct ooapi *o, json_t *obj, const char *id, bool expand)
{
	json_t *rec, *org;
	enum lp_status rc = lookup(o, &organisations_def, id, &rec);

	if (rc || !rec || !map_value(organization_type_map, str(rec, "kind")))
		return rc;
	if (!expand) {
		json_object_set_new(obj, "organization", json_string(id));
		return LP_OK;
	}
	rc = map_organization(o, rec, 0, &org);
	if (!rc)
		json_object_set_new(obj, "organization", org);
	return rc;
}

/* An organisation as an OOAPI Organization; LP_ENOTFOUND if it is not one
 * (an employer, a network, a government body). */
static enum lp_status
map_organization(struct ooapi *o, const json_t *rec, unsigned expand, json_t **out)
{
	const char *type = map_value(organization_type_map, str(rec, "kind"));
	const char *id = str(rec, "id"), *code = str(rec, "institution_code");
	const char *name = str(rec, "name"), *short_name = str(rec, "short_name");
	json_t *obj, *ext;

	(void)expand;
	*out = NULL;
	if (!type)
		return lp_fail(o->ctx->err, LP_ENOTFOUND, "organizationId",
			       "no such organization: only institutions and centres of expertise "
			       "are OOAPI organizations");
	obj = json_object();
	json_object_set_new(obj, "organizationId", json_string(id));
	json_object_set_new(obj, "primaryCode", code ? identifier("brin", code)
							: identifier("uuid", id));
	json_object_set_new(obj, "organizationType", json_string(type));
	json_object_set_new(obj, "name", lts(name));
	json_object_set_new(obj, "shortName", json_string(short_name ? short_name : name));
	if (str(rec, "description"))
		json_object_set_new(obj, "description", lts(str(rec, "description")));
	set_text(obj, "link", str(rec, "website"));
	ext = json_pack("{s:s, s:O}", "kind", str(rec, "kind"), "funded",
			json_object_get(rec, "funded"));
	set_text(ext, "city", str(rec, "city"));
	json_object_set_new(obj, "ext", ext);
	*out = obj;
	return LP_OK;
}

/* The learning outcomes of a programme, all of them, in id order; *out is
 * a new array. */
static enum lp_status
programme_outcomes(struct ooapi *o, const char *programme_id, json_t **out)
{
	/* a Program shows the outcomes' titles: only those are read */
	static const char *const fields[] = { "title", NULL };
	struct entity_query q;
	const char *next = NULL;
	enum lp_status rc;

	*out = json_array();
	do {
		json_t *chunk;
		memset(&q, 0, sizeof(q));
		q.cursor = next;
		q.limit = ENTITY_LIST_MAX;
		q.filter_count = 1;
		q.filter_names[0] = "programme_id";
		q.filter_values[0] = programme_id;
		rc = entity_list_fields(o->ctx, &outcomes_def, &q, fields, &chunk, &next);
		if (rc) {
			json_decref(*out);
			*out = NULL;
			return rc;
		}
		json_array_extend(*out, chunk);
		json_decref(chunk);
	} while (next);
	return LP_OK;
}

/* A programme as an OOAPI Program. */
static enum lp_status
map_program(struct ooapi *o, const json_t *rec, unsigned expand, json_t **out)
{
	const char *id = str(rec, "id"), *level = str(rec, "level");
	const char *code = str(rec, "programme_code"), *name = str(rec, "name");
	const char *description = str(rec, "description");
	json_t *obj, *outcomes, *learning, *modes, *ext, *v;
	enum lp_status rc;
	size_t i;

	*out = NULL;
	rc = programme_outcomes(o, id, &outcomes);
	if (rc)
		return rc;
	obj = json_object();
	json_object_set_new(obj, "programId", json_string(id));
	json_object_set_new(obj, "primaryCode", code ? identifier("crohoCreboCode", code)
							: identifier("uuid", id));
	json_object_set_new(obj, "programType", json_string("program"));
	json_object_set_new(obj, "name", lts(name));
	json_object_set_new(obj, "abbreviation", json_string(name));
	json_object_set_new(obj, "description", lts(description ? description : name));
	json_object_set_new(obj, "teachingLanguage", json_string(OOAPI_TEACHING_LANGUAGE));
	json_object_set_new(obj, "studyLoad", study_load(json_object_get(rec, "total_ec")));
	if (map_value(qualification_map, level))
		json_object_set_new(obj, "qualificationAwarded",
				    json_string(map_value(qualification_map, level)));
	modes = json_array();
	json_array_foreach(json_object_get(rec, "modes"), i, v) {
		const char *m = map_value(mode_of_study_map, json_string_value(v));
		if (m)
			json_array_append_new(modes, json_string(m));
	}
	if (json_array_size(modes) > 0)
		json_object_set(obj, "modeOfStudy", json_array_get(modes, 0));
	json_object_set_new(obj, "level", json_string(map_value(level_map, level)
						      ? map_value(level_map, level) : "undefined"));
	if (map_value(qualification_level_map, level))
		json_object_set_new(obj, "levelOfQualification",
				    json_string(map_value(qualification_level_map, level)));
	json_object_set_new(obj, "sector", json_string("higher professional education"));
	learning = json_array();
	json_array_foreach(outcomes, i, v)
		json_array_append_new(learning, lts(str(v, "title")));
	json_decref(outcomes);
	json_object_set_new(obj, "learningOutcomes", learning);
	rc = set_organization(o, obj, str(rec, "institution_id"),
			      (expand & EXPAND_ORGANIZATION) != 0);
	ext = json_pack("{s:o, s:O, s:b, s:O}", "modesOfStudy", modes, "experiments",
			json_object_get(rec, "experiments"), "voucherEligible",
			voucher_programme(rec), "locations", json_object_get(rec, "locations"));
	set_text(ext, "learningLine", str(rec, "learning_line"));
	json_object_set_new(obj, "ext", ext);
	if (rc) {
		json_decref(obj);
		return rc;
	}
	*out = obj;
	return LP_OK;
}

/* Criteria as one Markdown list, or NULL when there are none (arena). */
static const char *
criteria_text(struct ooapi *o, const json_t *criteria)
{
	struct buf b = BUF_INIT;
	const char *text;
	size_t i;
	json_t *c;

	if (json_array_size(criteria) == 0)
		return NULL;
	json_array_foreach(criteria, i, c)
		buf_printf(&b, "%s- %s", i ? "\n" : "", json_string_value(c));
	text = arena_strdup(o->ctx->arena, buf_str(&b));
	buf_release(&b);
	return text;
}

/* A learning outcome as an OOAPI Course. */
static enum lp_status
map_course(struct ooapi *o, const json_t *rec, unsigned expand, json_t **out)
{
	const char *id = str(rec, "id"), *title = str(rec, "title");
	const char *statement = str(rec, "description") ? str(rec, "description") : title;
	const char *assessment = criteria_text(o, json_object_get(rec, "criteria"));
	json_t *obj, *programme, *programs, *learning;
	enum lp_status rc;

	*out = NULL;
	rc = lookup(o, &programmes_def, str(rec, "programme_id"), &programme);
	if (rc)
		return rc;
	obj = json_object();
	json_object_set_new(obj, "courseId", json_string(id));
	json_object_set_new(obj, "primaryCode", identifier("identifier", str(rec, "code")));
	json_object_set_new(obj, "name", lts(title));
	json_object_set_new(obj, "abbreviation", json_string(str(rec, "code")));
	json_object_set_new(obj, "studyLoad", study_load(json_object_get(rec, "ec")));
	json_object_set_new(obj, "description", lts(statement));
	json_object_set_new(obj, "teachingLanguage", json_string(OOAPI_TEACHING_LANGUAGE));
	json_object_set_new(obj, "level", json_string(programme &&
		map_value(level_map, str(programme, "level"))
		? map_value(level_map, str(programme, "level")) : "undefined"));
	learning = json_array();
	json_array_append_new(learning, lts(statement));
	json_object_set_new(obj, "learningOutcomes", learning);
	if (assessment)
		json_object_set_new(obj, "assessment", lts(assessment));
	programs = json_array();
	json_object_set_new(obj, "programs", programs);
	if (programme && (expand & EXPAND_PROGRAMS)) {
		json_t *p;
		rc = map_program(o, programme, 0, &p);
		if (!rc)
			json_array_append_new(programs, p);
	} else if (programme) {
		json_array_append_new(programs, json_string(str(programme, "id")));
	}
	if (!rc && programme)
		rc = set_organization(o, obj, str(programme, "institution_id"),
				      (expand & EXPAND_ORGANIZATION) != 0);
	json_object_set_new(obj, "ext", json_pack("{s:s, s:O, s:O}", "code", str(rec, "code"),
		"criteria", json_object_get(rec, "criteria"), "alignments",
		json_object_get(rec, "alignments")));
	if (rc) {
		json_decref(obj);
		return rc;
	}
	*out = obj;
	return LP_OK;
}

/* Whether any outcome an offering serves belongs to a programme in the
 * demand-financing experiment. */
static enum lp_status
voucher_offering(struct ooapi *o, const json_t *outcome_ids, bool *eligible)
{
	size_t i;
	json_t *v;

	*eligible = false;
	json_array_foreach(outcome_ids, i, v) {
		json_t *outcome, *programme;
		enum lp_status rc = lookup(o, &outcomes_def, json_string_value(v), &outcome);
		if (!rc && outcome)
			rc = lookup(o, &programmes_def, str(outcome, "programme_id"), &programme);
		else
			programme = NULL;
		if (rc)
			return rc;
		if (programme && voucher_programme(programme)) {
			*eligible = true;
			return LP_OK;
		}
	}
	return LP_OK;
}

/* The price as one OOAPI Cost: total costs in euros, written as the
 * specification asks ("625.00"), with display texts in Dutch and English. */
static json_t *
price_information(int64_t cents)
{
	char amount[32], nl[MONEY_TEXT_LEN], en[MONEY_TEXT_LEN];

	snprintf(amount, sizeof(amount), "%lld.%02lld", (long long)(cents / 100),
		 (long long)(cents % 100));
	return json_pack("[{s:s, s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}]}]", "costType",
			 "total costs", "amount", amount, "currency", "EUR", "displayAmount",
			 "language", OOAPI_LANGUAGE, "value", money_format(cents, LANG_NL, nl),
			 "language", "en-GB", "value", money_format(cents, LANG_EN, en));
}

/* An offering as an OOAPI CourseOffering. */
static enum lp_status
map_offering(struct ooapi *o, const json_t *rec, unsigned expand, json_t **out)
{
	const char *id = str(rec, "id"), *title = str(rec, "title");
	const char *mode = map_value(mode_of_delivery_map, str(rec, "mode"));
	const json_t *outcome_ids = json_object_get(rec, "outcome_ids");
	const char *course = NULL;
	json_t *obj, *ext, *provider, *capacity = json_object_get(rec, "capacity");
	bool eligible = false;
	enum lp_status rc;
	size_t i;
	json_t *v;

	*out = NULL;
	json_array_foreach(outcome_ids, i, v)
		if (!course || (o->course_id && strcmp(o->course_id, json_string_value(v)) == 0))
			course = json_string_value(v);
	rc = voucher_offering(o, outcome_ids, &eligible);
	if (!rc)
		rc = lookup(o, &organisations_def, str(rec, "provider_id"), &provider);
	if (rc)
		return rc;
	obj = json_object();
	json_object_set_new(obj, "offeringId", json_string(id));
	json_object_set_new(obj, "primaryCode", identifier("uuid", id));
	json_object_set_new(obj, "offeringType", json_string("course"));
	json_object_set_new(obj, "name", lts(title));
	json_object_set_new(obj, "description", lts(str(rec, "description")
						    ? str(rec, "description") : title));
	json_object_set_new(obj, "teachingLanguage", json_string(OOAPI_TEACHING_LANGUAGE));
	if (mode)
		json_object_set_new(obj, "modeOfDelivery", json_pack("[s]", mode));
	if (json_is_integer(capacity))
		json_object_set(obj, "maxNumberStudents", capacity);
	json_object_set_new(obj, "resultExpected", json_false());
	json_object_set_new(obj, "startDate", json_string(str(rec, "start_date")));
	json_object_set_new(obj, "endDate", json_string(str(rec, "end_date")));
	json_object_set_new(obj, "priceInformation", price_information(
		json_integer_value(json_object_get(rec, "price_cents"))));
	if (course && (expand & EXPAND_COURSE)) {
		json_t *outcome, *c = NULL;
		rc = lookup(o, &outcomes_def, course, &outcome);
		if (!rc && outcome)
			rc = map_course(o, outcome, 0, &c);
		if (c)
			json_object_set_new(obj, "course", c);
	} else if (course) {
		json_object_set_new(obj, "course", json_string(course));
	}
	if (!rc)
		rc = set_organization(o, obj, str(rec, "provider_id"),
				      (expand & EXPAND_ORGANIZATION) != 0);
	ext = json_pack("{s:o, s:O, s:b}", "studyLoad", study_load(json_object_get(rec, "ec")),
			"courseIds", outcome_ids, "voucherEligible", eligible);
	set_text(ext, "location", str(rec, "location"));
	if (provider && !map_value(organization_type_map, str(provider, "kind")))
		/* a company training: its provider is no OOAPI organization */
		json_object_set_new(ext, "provider", json_pack("{s:s, s:s, s:s}",
			"organisationId", str(provider, "id"), "name", str(provider, "name"),
			"kind", str(provider, "kind")));
	json_object_set_new(obj, "ext", ext);
	if (rc) {
		json_decref(obj);
		return rc;
	}
	*out = obj;
	return LP_OK;
}

/* ---- answering ------------------------------------------------------------ */

typedef enum lp_status (*ooapi_mapper)(struct ooapi *o, const json_t *rec, unsigned expand,
				       json_t **out);

/* The records of page o->page_number of a list, asking the engine in
 * chunks it allows; *more tells whether records follow the page. */
static enum lp_status
fetch_page(struct ooapi *o, const struct entity_def *def, struct entity_query *q,
	   json_t **records, bool *more)
{
	int want = o->page_size;
	int offset = (o->page_number - 1) * o->page_size;

	*records = json_array();
	*more = false;
	while (want > 0) {
		json_t *chunk;
		const char *next;
		enum lp_status rc;
		size_t got;

		q->cursor = NULL;
		q->offset = offset;
		q->limit = want > ENTITY_LIST_MAX ? ENTITY_LIST_MAX : want;
		rc = entity_list(o->ctx, def, q, &chunk, &next);
		if (rc) {
			json_decref(*records);
			*records = NULL;
			return rc;
		}
		got = json_array_size(chunk);
		json_array_extend(*records, chunk);
		json_decref(chunk);
		*more = next != NULL;
		if (!next)
			break;
		want -= (int)got;
		offset += (int)got;
	}
	return LP_OK;
}

/* Answers one page of def's records matching q, each mapped by map. With
 * empty set, answers an empty page without asking (a filter value that
 * names nothing leerpad has). */
static void
serve_page(struct ooapi *o, struct response *res, const struct entity_def *def,
	   struct entity_query *q, ooapi_mapper map, bool empty)
{
	json_t *records = NULL, *items = json_array(), *rec;
	int64_t total = 0;
	bool more = false;
	enum lp_status rc = LP_OK;
	size_t i;

	if (!empty) {
		q->q = o->q;
		rc = fetch_page(o, def, q, &records, &more);
		if (!rc)
			rc = entity_count(o->ctx, def, q, &total);
	}
	json_array_foreach(records, i, rec) {
		json_t *item;
		if (rc)
			break;
		rc = map(o, rec, 0, &item);
		if (!rc)
			json_array_append_new(items, item);
	}
	json_decref(records);
	if (rc) {
		json_decref(items);
		ooapi_problem(o->req, res);
		return;
	}
	response_json(res, 200, json_pack("{s:i, s:i, s:b, s:b, s:I, s:o}",
		"pageSize", o->page_size, "pageNumber", o->page_number,
		"hasPreviousPage", o->page_number > 1, "hasNextPage", more,
		"totalPages", (json_int_t)((total + o->page_size - 1) / o->page_size),
		"items", items));
}

/* Answers one record of def with id, mapped by map. */
static void
serve_one(struct ooapi *o, struct response *res, const struct entity_def *def, const char *id,
	  ooapi_mapper map)
{
	json_t *rec, *obj;
	enum lp_status rc = entity_get(o->ctx, def, id, &rec);

	if (!rc) {
		rc = map(o, rec, o->expand, &obj);
		json_decref(rec);
	}
	if (rc) {
		ooapi_problem(o->req, res);
		return;
	}
	response_json(res, 200, obj);
}

/* Starts a handler: false (with the problem answered) if the query is bad. */
static bool
start(struct ooapi *o, struct request *req, struct response *res)
{
	if (ooapi_begin(o, req)) {
		ooapi_problem(req, res);
		ooapi_end(o);
		return false;
	}
	return true;
}

/* Whether the record with id exists for the reader; answers 404 if not. */
static bool
exists(struct ooapi *o, struct response *res, const struct entity_def *def, const char *id)
{
	json_t *rec;

	if (entity_get(o->ctx, def, id, &rec)) {
		ooapi_problem(o->req, res);
		return false;
	}
	json_decref(rec);
	return true;
}

/* The base URL of this server for absolute links: LEERPAD_BASE_URL when set
 * (behind a proxy), else the scheme and the Host the client used. */
static const char *
base_url(struct request *req)
{
	const char *env = getenv("LEERPAD_BASE_URL"), *host = request_header(req, "Host");
	size_t len;

	if (env && (strncmp(env, "https://", 8) == 0 || strncmp(env, "http://", 7) == 0)) {
		len = strlen(env);
		while (len > 0 && env[len - 1] == '/')
			len--;
		return arena_strndup(&req->arena, env, len);
	}
	if (!host || !*host || strlen(host) > 255 ||
	    host[strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789.-:[]")] != '\0')
		host = "localhost";
	return arena_printf(&req->arena, "%s://%s", server_secure_cookies() ? "https" : "http",
			    host);
}

void
ooapi_service(struct request *req, struct response *res)
{
	struct ooapi o;
	const char *contact = getenv("LEERPAD_CONTACT_EMAIL");

	if (!start(&o, req, res))
		return;
	if (!contact || !strchr(contact, '@') || strlen(contact) > 256)
		contact = OOAPI_CONTACT_DEFAULT;
	response_json(res, 200, json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:[s]}}",
		"contactEmail", contact,
		"specification", arena_printf(&req->arena, "%s/api/v1/openapi.json", base_url(req)),
		"documentation", OOAPI_DOCUMENTATION,
		"ext", "implementation", "leerpad", "version", LEERPAD_VERSION,
		"languages", OOAPI_LANGUAGE));
	ooapi_end(&o);
}

void
ooapi_organizations(struct request *req, struct response *res)
{
	struct ooapi o;
	struct entity_query q;
	bool empty = false;

	if (!start(&o, req, res))
		return;
	memset(&q, 0, sizeof(q));
	q.filter_names[q.filter_count] = "educational";
	q.filter_values[q.filter_count++] = "true";
	if (o.organization_type) {
		const char *kind = NULL;
		for (int i = 0; organization_type_map[i][0]; i++)
			if (strcmp(organization_type_map[i][1], o.organization_type) == 0)
				kind = organization_type_map[i][0];
		if (kind) {
			q.filter_names[q.filter_count] = "kind";
			q.filter_values[q.filter_count++] = kind;
		}
		empty = kind == NULL;
	}
	serve_page(&o, res, &organisations_def, &q, map_organization, empty);
	ooapi_end(&o);
}

void
ooapi_organization(struct request *req, struct response *res)
{
	struct ooapi o;

	if (!start(&o, req, res))
		return;
	serve_one(&o, res, &organisations_def, req->params[0], map_organization);
	ooapi_end(&o);
}

void
ooapi_programs(struct request *req, struct response *res)
{
	struct ooapi o;
	struct entity_query q;

	if (!start(&o, req, res))
		return;
	memset(&q, 0, sizeof(q));
	serve_page(&o, res, &programmes_def, &q, map_program, false);
	ooapi_end(&o);
}

void
ooapi_program(struct request *req, struct response *res)
{
	struct ooapi o;

	if (!start(&o, req, res))
		return;
	serve_one(&o, res, &programmes_def, req->params[0], map_program);
	ooapi_end(&o);
}

void
ooapi_program_courses(struct request *req, struct response *res)
{
	struct ooapi o;
	struct entity_query q;

	if (!start(&o, req, res))
		return;
	if (exists(&o, res, &programmes_def, req->params[0])) {
		memset(&q, 0, sizeof(q));
		q.filter_names[0] = "programme_id";
		q.filter_values[0] = req->params[0];
		q.filter_count = 1;
		serve_page(&o, res, &outcomes_def, &q, map_course, false);
	}
	ooapi_end(&o);
}

void
ooapi_program_offerings(struct request *req, struct response *res)
{
	struct ooapi o;
	struct entity_query q;

	if (!start(&o, req, res))
		return;
	if (exists(&o, res, &programmes_def, req->params[0])) {
		memset(&q, 0, sizeof(q));
		q.filter_names[0] = "programme_id";
		q.filter_values[0] = req->params[0];
		q.filter_count = 1;
		serve_page(&o, res, &offerings_def, &q, map_offering, false);
	}
	ooapi_end(&o);
}

void
ooapi_courses(struct request *req, struct response *res)
{
	struct ooapi o;
	struct entity_query q;

	if (!start(&o, req, res))
		return;
	memset(&q, 0, sizeof(q));
	serve_page(&o, res, &outcomes_def, &q, map_course, false);
	ooapi_end(&o);
}

void
ooapi_course(struct request *req, struct response *res)
{
	struct ooapi o;

	if (!start(&o, req, res))
		return;
	serve_one(&o, res, &outcomes_def, req->params[0], map_course);
	ooapi_end(&o);
}

void
ooapi_course_offerings(struct request *req, struct response *res)
{
	struct ooapi o;
	struct entity_query q;

	if (!start(&o, req, res))
		return;
	if (exists(&o, res, &outcomes_def, req->params[0])) {
		memset(&q, 0, sizeof(q));
		q.filter_names[0] = "outcome_id";
		q.filter_values[0] = req->params[0];
		q.filter_count = 1;
		o.course_id = req->params[0];
		serve_page(&o, res, &offerings_def, &q, map_offering, false);
	}
	ooapi_end(&o);
}

void
ooapi_offering(struct request *req, struct response *res)
{
	struct ooapi o;

	if (!start(&o, req, res))
		return;
	serve_one(&o, res, &offerings_def, req->params[0], map_offering);
	ooapi_end(&o);
}

/* ---- the OpenAPI description ---------------------------------------------- */

/* The enums of the specification, whole: leerpad uses some of each. */
static const char *const spec_levels[] = {
	"secondary vocational education", "secondary vocational education 1",
	"secondary vocational education 2", "secondary vocational education 3",
	"secondary vocational education 4", "associate degree", "bachelor", "master", "doctoral",
	"undefined", "undivided", "nt2-1", "nt2-2", NULL
};
static const char *const spec_qualification_levels[] = {
	"1", "2", "3", "4", "4+", "5", "6", "7", "8", NULL
};
static const char *const spec_qualifications[] = {
	"AD", "BA", "BSc", "LLB", "MA", "MSc", "LLM", "Phd", "None", NULL
};
static const char *const spec_modes_of_study[] = {
	"full-time", "part-time", "dual training", "self-paced", NULL
};
static const char *const spec_modes_of_delivery[] = {
	"distance-learning", "on campus", "online", "hybrid", "situated", NULL
};
static const char *const spec_program_types[] = {
	"program", "minor", "honours", "specialization", "track", NULL
};
static const char *const spec_offering_types[] = { "program", "course", "component", NULL };
static const char *const spec_study_load_units[] = {
	"contacttime", "ects", "sbu", "sp", "hour", NULL
};
static const char *const spec_sectors[] = {
	"secondary vocational education", "higher professional education",
	"university education", NULL
};

/* {"$ref": "#/components/schemas/<schema>"} */
static json_t *
ref(const char *schema)
{
	char path[128];

	snprintf(path, sizeof(path), "#/components/schemas/%s", schema);
	return json_pack("{s:s}", "$ref", path);
}

/* {"type": type, "description": description} */
static json_t *
typed(const char *type, const char *description)
{
	return json_pack("{s:s, s:s}", "type", type, "description", description);
}

/* A string schema with a format (uuid, date, uri, email). */
static json_t *
string_format(const char *format, const char *description)
{
	return json_pack("{s:s, s:s, s:s}", "type", "string", "format", format,
			 "description", description);
}

/* A string schema limited to the NULL-terminated values. */
static json_t *
enum_schema(const char *description, const char *const *values)
{
	json_t *e = json_array();

	for (; *values; values++)
		json_array_append_new(e, json_string(*values));
	return json_pack("{s:s, s:s, s:o}", "type", "string", "description", description,
			 "enum", e);
}

/* An array of language-typed strings (translations of one text). */
static json_t *
lts_schema(const char *description)
{
	return json_pack("{s:s, s:s, s:i, s:o}", "type", "array", "description", description,
			 "minItems", 1, "items", ref("OoapiLanguageTypedString"));
}

/* An id (uuid) or, when expanded, the object itself. */
static json_t *
id_or(const char *schema, const char *description)
{
	return json_pack("{s:s, s:[{s:s, s:s}, o]}", "description", description, "oneOf",
			 "type", "string", "format", "uuid", ref(schema));
}

/* An object schema; required is a space-separated list of names. */
static json_t *
object_schema(const char *description, const char *required, json_t *properties)
{
	json_t *req = json_array();
	const char *p = required;

	while (*p) {
		size_t len = strcspn(p, " ");
		json_array_append_new(req, json_stringn(p, len));
		p += len;
		p += strspn(p, " ");
	}
	return json_pack("{s:s, s:s, s:o, s:o}", "type", "object", "description", description,
			 "required", req, "properties", properties);
}

/* The schema of an "ext" object: free-form, its members described. */
static json_t *
ext_schema(const char *description)
{
	return typed("object", description);
}

json_t *
ooapi_openapi_schemas(void)
{
	json_t *s = json_object();

	json_object_set_new(s, "OoapiLanguageTypedString", object_schema(
		"A text in one language (BCP 47 tag); leerpad's texts are Dutch (nl-NL).",
		"language value", json_pack("{s:{s:s, s:s}, s:{s:s}}",
			"language", "type", "string", "pattern",
			"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$",
			"value", "type", "string")));
	json_object_set_new(s, "OoapiIdentifierEntry", json_pack("{s:s, s:s, s:[s,s], s:{s:o, s:o},"
		" s:b}", "type", "object", "description", "A human-readable code and its kind.",
		"required", "codeType", "code", "properties",
		"codeType", typed("string", "an extensible enumeration of the specification: "
				  "brin, crohoCreboCode, identifier, uuid, ..."),
		"code", typed("string", "the code"), "additionalProperties", false));
	json_object_set_new(s, "OoapiStudyLoad", object_schema(
		"The effort to complete this education; leerpad counts in ECTS (EC).",
		"studyLoadUnit value", json_pack("{s:o, s:o}",
			"studyLoadUnit", enum_schema("the unit", spec_study_load_units),
			"value", typed("number", "the amount, with at most one decimal"))));
	json_object_set_new(s, "OoapiCost", json_pack("{s:s, s:s, s:[s], s:{s:o, s:o, s:o, s:o},"
		" s:b}", "type", "object", "description", "A price.", "required", "costType",
		"properties",
		"costType", typed("string", "an extensible enumeration; leerpad gives the "
				  "offering's price as 'total costs'"),
		"amount", json_pack("{s:s, s:s, s:s}", "type", "string", "pattern",
				    "^\\d+(?:\\.\\d+)?$", "description",
				    "in major units with a dot, e.g. 625.00"),
		"currency", typed("string", "ISO 4217: EUR"),
		"displayAmount", lts_schema("the amount written for people, per language"),
		"additionalProperties", false));
	json_object_set_new(s, "OoapiPagination", object_schema(
		"A page of a list: pageSize and pageNumber choose it.",
		"pageSize pageNumber hasPreviousPage hasNextPage items", json_pack(
			"{s:o, s:{s:s, s:i}, s:o, s:o, s:o, s:{s:s}}",
			"pageSize", typed("integer", "the number of items per page"),
			"pageNumber", "type", "integer", "minimum", 1,
			"hasPreviousPage", typed("boolean", "whether there is a previous page"),
			"hasNextPage", typed("boolean", "whether there is a next page"),
			"totalPages", typed("integer", "the number of pages"),
			"items", "type", "array")));
	json_object_set_new(s, "OoapiProblem", object_schema(
		"An error in the shape of OOAPI v5 (status is a string there), with leerpad's "
		"problem type, offending parameter and instance beside it.", "status title",
		json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
			"status", typed("string", "the HTTP status code, e.g. \"404\""),
			"title", typed("string", "a short summary of the kind of problem"),
			"detail", typed("string", "what went wrong this time"),
			"type", string_format("uri", "leerpad's problem type"),
			"field", typed("string", "the offending query parameter"),
			"instance", typed("string", "the path asked for"))));
	json_object_set_new(s, "OoapiService", object_schema(
		"Metadata of this OOAPI service.", "contactEmail specification documentation",
		json_pack("{s:o, s:o, s:o, s:o}",
			"contactEmail", string_format("email", "who runs this service "
						      "(LEERPAD_CONTACT_EMAIL)"),
			"specification", string_format("uri", "this service's OpenAPI document"),
			"documentation", string_format("uri", "the OOAPI v5 documentation"),
			"ext", ext_schema("implementation, version and the languages of the "
					  "texts"))));
	json_object_set_new(s, "OoapiOrganization", object_schema(
		"An organization that offers education: an institution (root) or a centre of "
		"expertise (institute).",
		"organizationId organizationType name shortName primaryCode",
		json_pack("{s:o, s:o, s:o, s:o, s:{s:s, s:i}, s:o, s:o, s:o}",
			"organizationId", string_format("uuid", "the organisation's id"),
			"primaryCode", ref("OoapiIdentifierEntry"),
			"organizationType", enum_schema("institution: root; centre of expertise: "
							"institute", organization_types),
			"name", lts_schema("the name"),
			"shortName", "type", "string", "maxLength", 256,
			"description", lts_schema("the description"),
			"link", string_format("uri", "the website"),
			"ext", ext_schema("kind (leerpad's), funded, city"))));
	json_object_set_new(s, "OoapiProgram", object_schema(
		"A programme: a set of learning outcomes leading to a qualification.",
		"programId programType name abbreviation description primaryCode teachingLanguage",
		json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:{s:s, s:s}, s:o, s:o, s:o, s:o, s:o,"
			  " s:o, s:o, s:o, s:o}",
			"programId", string_format("uuid", "the programme's id"),
			"primaryCode", ref("OoapiIdentifierEntry"),
			"programType", enum_schema("always program", spec_program_types),
			"name", lts_schema("the name"),
			"abbreviation", typed("string", "the name (leerpad keeps no abbreviation)"),
			"description", lts_schema("the description, or the name when there is "
						  "none"),
			"teachingLanguage", "type", "string", "pattern", "^[a-z]{3}$",
			"studyLoad", ref("OoapiStudyLoad"),
			"qualificationAwarded", enum_schema("AD for an associate degree",
							    spec_qualifications),
			"modeOfStudy", enum_schema("the first of the programme's modes",
						   spec_modes_of_study),
			"level", enum_schema("the level", spec_levels),
			"levelOfQualification", enum_schema("NLQF/EQF level",
							    spec_qualification_levels),
			"sector", enum_schema("always higher professional education", spec_sectors),
			"learningOutcomes", json_pack("{s:s, s:s, s:o}", "type", "array",
				"description", "the programme's learning outcomes", "items",
				lts_schema("one learning outcome")),
			"organization", id_or("OoapiOrganization", "the institution "
					      "(expand=organization)"),
			"ext", ext_schema("modesOfStudy, experiments, voucherEligible, locations, "
					  "learningLine"))));
	json_object_set_new(s, "OoapiCourse", object_schema(
		"A unit of learning outcomes (one leerpad learning outcome) as a course.",
		"courseId name abbreviation description teachingLanguage level primaryCode",
		json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:{s:s, s:s}, s:o, s:o, s:o, s:{s:s,"
			  " s:s, s:o}, s:o, s:o}",
			"courseId", string_format("uuid", "the learning outcome's id"),
			"primaryCode", ref("OoapiIdentifierEntry"),
			"name", lts_schema("the title"),
			"abbreviation", typed("string", "the outcome's code"),
			"studyLoad", ref("OoapiStudyLoad"),
			"description", lts_schema("the statement, or the title"),
			"teachingLanguage", "type", "string", "pattern", "^[a-z]{3}$",
			"level", enum_schema("the level of the programme", spec_levels),
			"learningOutcomes", json_pack("{s:s, s:o}", "type", "array", "items",
						      lts_schema("the outcome's statement")),
			"assessment", lts_schema("the assessment criteria, a Markdown list"),
			"programs", "type", "array", "description",
			"the programme (expand=programs)",
			"items", id_or("OoapiProgram", "a programme"),
			"organization", id_or("OoapiOrganization", "the institution "
					      "(expand=organization)"),
			"ext", ext_schema("code, criteria and alignments (ESCO/CASE URIs)"))));
	json_object_set_new(s, "OoapiCourseOffering", object_schema(
		"An offering of a course, in time.",
		"offeringId primaryCode offeringType name description teachingLanguage "
		"resultExpected startDate endDate",
		json_pack("{s:o, s:o, s:o, s:o, s:o, s:{s:s, s:s}, s:{s:s, s:o}, s:{s:s, s:i},"
			  " s:o, s:o, s:o, s:{s:s, s:o}, s:o, s:o, s:o}",
			"offeringId", string_format("uuid", "the offering's id"),
			"primaryCode", ref("OoapiIdentifierEntry"),
			"offeringType", enum_schema("always course", spec_offering_types),
			"name", lts_schema("the title"),
			"description", lts_schema("the description, or the title"),
			"teachingLanguage", "type", "string", "pattern", "^[a-z]{3}$",
			"modeOfDelivery", "type", "array", "items",
			enum_schema("the mode", spec_modes_of_delivery),
			"maxNumberStudents", "type", "integer", "minimum", 0,
			"resultExpected", typed("boolean", "false: results are per learning "
						"outcome, not per offering"),
			"startDate", string_format("date", "the first day"),
			"endDate", string_format("date", "the last day"),
			"priceInformation", "type", "array", "items", ref("OoapiCost"),
			"course", id_or("OoapiCourse", "the (first) learning outcome served "
					"(expand=course)"),
			"organization", id_or("OoapiOrganization", "the provider when it is an "
					      "OOAPI organization (expand=organization)"),
			"ext", ext_schema("studyLoad, courseIds, voucherEligible, location and, "
					  "for a company training, the provider"))));
	return s;
}

/* One query parameter. */
static json_t *
parameter(const char *name, const char *description, json_t *schema)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:o}", "name", name, "in", "query",
			 "description", description, "required", false, "schema", schema);
}

/* A response whose body is the OOAPI Problem. */
static json_t *
problem_response(const char *description)
{
	return json_pack("{s:s, s:{s:{s:o}}}", "description", description, "content",
			 "application/problem+json", "schema", ref("OoapiProblem"));
}

json_t *
ooapi_openapi_operation(const struct route *route)
{
	const struct ooapi_resource *r = resource_for(route->handler);
	json_t *params, *schema, *responses, *sizes;

	if (!r)
		return NULL;
	params = json_array();
	json_array_append_new(params, parameter("consumer", "accepted; leerpad has no "
		"consumer-specific data", json_pack("{s:s}", "type", "string")));
	if (r->shape == SHAPE_PAGE) {
		sizes = json_array();
		for (size_t i = 0; i < sizeof(page_sizes) / sizeof(page_sizes[0]); i++)
			json_array_append_new(sizes, json_integer(page_sizes[i]));
		json_array_append_new(params, parameter("pageSize", "items per page",
			json_pack("{s:s, s:o, s:i}", "type", "integer", "enum", sizes, "default",
				  OOAPI_PAGE_DEFAULT)));
		json_array_append_new(params, parameter("pageNumber", "the page, from 1",
			json_pack("{s:s, s:i, s:i, s:i}", "type", "integer", "minimum", 1,
				  "maximum", OOAPI_PAGE_NUMBER_MAX, "default", 1)));
		json_array_append_new(params, parameter("q", "search in names (a part, any case)",
			json_pack("{s:s, s:i}", "type", "string", "maxLength", 200)));
		if (r->organization_type)
			json_array_append_new(params, parameter("organizationType",
				"only organizations of this type", enum_schema("the type",
									organization_types)));
		schema = json_pack("{s:[o, {s:s, s:[s], s:{s:{s:s, s:o}}}]}", "allOf",
				   ref("OoapiPagination"), "type", "object", "required", "items",
				   "properties", "items", "type", "array", "items", ref(r->schema));
	} else {
		if (r->expand)
			json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:b, s:s, s:b,"
				" s:{s:s, s:o}}", "name", "expand", "in", "query", "description",
				"properties to give in full, separated by commas", "required",
				false,
				"style", "form", "explode", false, "schema", "type", "array",
				"items", enum_schema("a property", r->expand)));
		schema = ref(r->schema);
	}
	responses = json_pack("{s:{s:s, s:{s:{s:o}}}, s:o, s:o}",
		"200", "description", "OK", "content", "application/json", "schema", schema,
		"400", problem_response("a query parameter is unknown or has a bad value"),
		"500", problem_response("a fault on the server's side"));
	if (strchr(route->pattern, '{'))
		json_object_set_new(responses, "404", problem_response("no such record"));
	return json_pack("{s:[s], s:s, s:o, s:o}", "tags", r->tag, "description",
			 r->description, "parameters", params, "responses", responses);
}
