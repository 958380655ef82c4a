/* test_openapi.c: the OpenAPI document served at /api/v1/openapi.json and
 * the route table (routes.c) kept in step
 *
 * The document is fetched from the real server. It must be JSON and
 * OpenAPI 3.1; its (method, path) pairs must be exactly the JSON routes of
 * the table (ROUTE_API: /api/v1 and /ooapi/v5; pages are left out), both
 * ways; every operation must be complete (summary, operationId, a 2xx
 * response, its path parameters, security as the flags say) and every
 * $ref must resolve. The entity schemas must say what the entity
 * definitions say, and real responses of the server — a record of every
 * entity, every list, and the OOAPI resources — must fit the schemas the
 * document gives for them (checked by a small JSON Schema subset checker
 * below: $ref, type, enum, required, properties, additionalProperties,
 * items, allOf, oneOf).
 */
#include "harness.h"
#include "surfaces/http/router.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *doc;  /* the document, fetched once */

/* The document, fetched on first use and kept for the other tests. */
static json_t *
document(void)
{
	struct hresp r;
	const char *ctype;

	if (doc)
		return doc;
	http(NULL, "GET", "/api/v1/openapi.json", NULL, NULL, &r);
	expect_status(&r, 200);
	ctype = hresp_header(&r, "Content-Type");
	if (!ctype || strncmp(ctype, "application/json", 16) != 0)
		fail_msg("the document is served as %s", ctype ? ctype : "(nothing)");
	if (!json_is_object(r.json))
		fail_msg("the document is not a JSON object: %.200s", r.body);
	doc = json_incref(r.json);
	hresp_release(&r);
	return doc;
}

/* "get" from "GET". */
static const char *
lower(const char *method)
{
	char buf[16];
	size_t n;

	for (n = 0; method[n] && n + 1 < sizeof(buf); n++)
		buf[n] = (char)tolower((unsigned char)method[n]);
	buf[n] = '\0';
	return hfmt("%s", buf);
}

static json_t *
operation_of(const struct route *r)
{
	return json_object_get(json_object_get(json_object_get(document(), "paths"),
					       r->pattern), lower(r->method));
}

/* Resolves a local JSON pointer ("#/components/schemas/X"); NULL if none. */
static json_t *
resolve(const char *pointer)
{
	json_t *at = document();
	const char *p;

	if (strncmp(pointer, "#/", 2) != 0)
		return NULL;
	p = pointer + 2;
	while (at && *p) {
		size_t len = strcspn(p, "/");
		char key[256];
		size_t n = 0;
		for (size_t i = 0; i < len && n + 1 < sizeof(key); i++) {
			if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
				key[n++] = p[i + 1] == '0' ? '~' : '/';
				i++;
			} else {
				key[n++] = p[i];
			}
		}
		key[n] = '\0';
		at = json_object_get(at, key);
		p += len + (p[len] == '/');
	}
	return at;
}

/* The CamelCase component name of an entity, as the document names it. */
static const char *
schema_name(const struct entity_def *def)
{
	char out[64];
	size_t n = 0;
	bool upper = true;

	for (const char *p = def->singular; *p && n + 1 < sizeof(out); p++) {
		if (*p == ' ' || *p == '_') {
			upper = true;
			continue;
		}
		out[n++] = upper ? (char)toupper((unsigned char)*p) : *p;
		upper = false;
	}
	out[n] = '\0';
	return hfmt("%s", out);
}

static json_t *
component(const char *name)
{
	return json_object_get(json_object_get(json_object_get(document(), "components"),
					       "schemas"), name);
}

static bool
array_has(const json_t *array, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(array, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/* ---- a small JSON Schema checker ----------------------------------------- */

static bool check(const json_t *value, const json_t *schema, const char *where, char *why,
		  size_t whylen);

static bool
type_matches(const json_t *value, const char *type)
{
	if (strcmp(type, "string") == 0)
		return json_is_string(value);
	if (strcmp(type, "integer") == 0)
		return json_is_integer(value);
	if (strcmp(type, "number") == 0)
		return json_is_number(value);
	if (strcmp(type, "boolean") == 0)
		return json_is_boolean(value);
	if (strcmp(type, "array") == 0)
		return json_is_array(value);
	if (strcmp(type, "object") == 0)
		return json_is_object(value);
	if (strcmp(type, "null") == 0)
		return json_is_null(value);
	return false;
}

/* Checks value against schema; on failure why says where and what. */
static bool
check(const json_t *value, const json_t *schema, const char *where, char *why, size_t whylen)
{
	const json_t *type = json_object_get(schema, "type"), *e = json_object_get(schema, "enum");
	const json_t *props = json_object_get(schema, "properties"), *v, *s;
	const char *key;
	size_t i;

	if (json_is_string(json_object_get(schema, "$ref"))) {
		const char *target = json_string_value(json_object_get(schema, "$ref"));
		const json_t *to = resolve(target);
		if (!to) {
			snprintf(why, whylen, "%s: unresolved %s", where, target);
			return false;
		}
		return check(value, to, where, why, whylen);
	}
	if (json_is_string(type) && !type_matches(value, json_string_value(type))) {
		snprintf(why, whylen, "%s: not of type %s", where, json_string_value(type));
		return false;
	}
	if (json_is_array(type)) {
		bool ok = false;
		json_array_foreach(type, i, v)
			ok = ok || type_matches(value, json_string_value(v));
		if (!ok) {
			snprintf(why, whylen, "%s: of none of its types", where);
			return false;
		}
	}
	if (e) {
		bool ok = false;
		json_array_foreach(e, i, v)
			ok = ok || json_equal((json_t *)value, v);
		if (!ok) {
			snprintf(why, whylen, "%s: not one of its enum", where);
			return false;
		}
	}
	json_array_foreach(json_object_get(schema, "allOf"), i, s)
		if (!check(value, s, where, why, whylen))
			return false;
	if (json_object_get(schema, "oneOf")) {
		int passed = 0;
		char inner[300] = "";
		json_array_foreach(json_object_get(schema, "oneOf"), i, s)
			passed += check(value, s, where, inner, sizeof(inner));
		if (passed != 1) {
			snprintf(why, whylen, "%s: matches %d of oneOf (%s)", where, passed, inner);
			return false;
		}
	}
	if (json_is_object(value)) {
		json_array_foreach(json_object_get(schema, "required"), i, v)
			if (!json_object_get(value, json_string_value(v))) {
				snprintf(why, whylen, "%s: required %s is missing", where,
					 json_string_value(v));
				return false;
			}
		json_object_foreach((json_t *)value, key, v) {
			const json_t *ps = json_object_get(props, key);
			if (!ps) {
				if (!json_is_false(json_object_get(schema, "additionalProperties")))
					continue;
				snprintf(why, whylen, "%s: %s is not in the schema", where, key);
				return false;
			}
			if (!check(v, ps, hfmt("%s.%s", where, key), why, whylen))
				return false;
		}
	}
	if (json_is_array(value) && json_object_get(schema, "items"))
		json_array_foreach(value, i, v)
			if (!check(v, json_object_get(schema, "items"), hfmt("%s[%zu]", where, i),
				   why, whylen))
				return false;
	return true;
}

/* Fails unless the body of r fits the schema of the response the document
 * gives for route rt and r's status. */
static void
expect_fits(const struct route *rt, const struct hresp *r)
{
	const json_t *resp = json_object_get(json_object_get(operation_of(rt), "responses"),
					     hfmt("%ld", r->status));
	const json_t *schema;
	char why[400];

	if (json_is_string(json_object_get(resp, "$ref")))
		resp = resolve(json_string_value(json_object_get(resp, "$ref")));
	if (!resp)
		fail_msg("%s: the document gives no response %ld", r->what, r->status);
	schema = json_object_get(json_object_get(json_object_get(resp, "content"),
		r->status >= 400 ? "application/problem+json" : "application/json"), "schema");
	if (!schema)
		fail_msg("%s: the response %ld has no schema", r->what, r->status);
	if (!check(r->json, schema, "body", why, sizeof(why)))
		fail_msg("%s does not fit its schema: %s\n%.600s", r->what, why, r->body);
}

/* ---- the tests ------------------------------------------------------------ */

/* JSON, OpenAPI 3.1, with info, servers and the security schemes. */
static void
test_document(void **state)
{
	json_t *d = document(), *sec;

	(void)state;
	if (!json_is_string(json_object_get(d, "openapi")) ||
	    strncmp(json_string_value(json_object_get(d, "openapi")), "3.1.", 4) != 0)
		fail_msg("openapi is not 3.1.x");
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "info"),
							      "version")), LEERPAD_VERSION);
	assert_non_null(json_string_value(json_object_get(json_object_get(d, "info"), "title")));
	assert_true(json_array_size(json_object_get(d, "servers")) > 0);
	sec = json_object_get(json_object_get(d, "components"), "securitySchemes");
	assert_string_equal(json_string_value(json_object_get(json_object_get(sec, "bearerAuth"),
							      "scheme")), "bearer");
	assert_string_equal(json_string_value(json_object_get(json_object_get(sec,
		"sessionCookie"), "in")), "cookie");
	assert_string_equal(json_string_value(json_object_get(json_object_get(sec,
		"sessionCookie"), "name")), "leerpad_session");
	assert_non_null(component("Problem"));
	for (int e = 0; entity_all[e]; e++)
		if (!component(schema_name(entity_all[e])))
			fail_msg("no schema %s for entity %s", schema_name(entity_all[e]),
				 entity_all[e]->name);
}

/* Every JSON route is in the document and the document holds nothing else. */
static void
test_routes_and_paths_agree(void **state)
{
	static const char *const methods[] = {
		"get", "put", "post", "delete", "options", "head", "patch", "trace", NULL
	};
	json_t *paths = json_object_get(document(), "paths"), *item, *op;
	const char *path, *method;
	int api_routes = 0, operations = 0;

	(void)state;
	for (int i = 0; i < route_count; i++) {
		const struct route *r = &routes[i];
		bool api = (r->flags & ROUTE_API) != 0;
		if (api) {
			api_routes++;
			if (!json_is_object(operation_of(r)))
				fail_msg("route %s %s is not in the document", r->method,
					 r->pattern);
		} else if (operation_of(r)) {
			fail_msg("page route %s %s is in the document", r->method, r->pattern);
		}
	}
	json_object_foreach(paths, path, item) {
		json_object_foreach(item, method, op) {
			bool is_method = false, found = false;
			for (int m = 0; methods[m]; m++)
				is_method = is_method || strcmp(methods[m], method) == 0;
			if (!is_method)
				fail_msg("%s: '%s' is no operation", path, method);
			for (int i = 0; i < route_count && !found; i++)
				found = (routes[i].flags & ROUTE_API) &&
					strcmp(routes[i].pattern, path) == 0 &&
					strcmp(lower(routes[i].method), method) == 0;
			if (!found)
				fail_msg("the document has %s %s, which no route serves", method,
					 path);
			operations++;
		}
	}
	assert_int_equal(operations, api_routes);
}

/* Each operation: summary, a unique operationId, a 2xx response, its path
 * parameters exactly, security by the route's flags. */
static void
test_operations_complete(void **state)
{
	json_t *ids = json_object();

	(void)state;
	for (int i = 0; i < route_count; i++) {
		const struct route *r = &routes[i];
		json_t *op = operation_of(r), *p, *sec, *resp;
		const char *opid, *status, *pat;
		size_t k;
		int declared = 0, in_pattern = 0;
		bool success = false, anonymous = false;

		if (!(r->flags & ROUTE_API))
			continue;
		assert_string_equal(json_string_value(json_object_get(op, "summary")), r->summary);
		opid = json_string_value(json_object_get(op, "operationId"));
		if (!opid || json_object_get(ids, opid))
			fail_msg("%s %s: operationId missing or not unique", r->method, r->pattern);
		json_object_set_new(ids, opid, json_true());
		json_object_foreach(json_object_get(op, "responses"), status, resp)
			success = success || status[0] == '2';
		if (!success)
			fail_msg("%s %s has no 2xx response: describe it in api/openapi.c",
				 r->method, r->pattern);
		for (pat = r->pattern; (pat = strchr(pat, '{')) != NULL; pat++)
			in_pattern++;
		json_array_foreach(json_object_get(op, "parameters"), k, p) {
			const char *name;
			if (json_object_get(p, "$ref"))
				p = resolve(json_string_value(json_object_get(p, "$ref")));
			if (!p || !json_is_string(json_object_get(p, "in")))
				fail_msg("%s %s: a parameter without 'in'", r->method, r->pattern);
			if (strcmp(json_string_value(json_object_get(p, "in")), "path") != 0)
				continue;
			name = json_string_value(json_object_get(p, "name"));
			if (!strstr(r->pattern, hfmt("{%s}", name)) ||
			    !json_is_true(json_object_get(p, "required")))
				fail_msg("%s %s: path parameter %s", r->method, r->pattern, name);
			declared++;
		}
		assert_int_equal(declared, in_pattern);
		sec = json_object_get(op, "security");
		assert_true(json_array_size(sec) > 0);
		json_array_foreach(sec, k, p)
			anonymous = anonymous || json_object_size(p) == 0;
		if (anonymous != ((r->flags & ROUTE_PUBLIC) != 0))
			fail_msg("%s %s: security does not say who may call it", r->method,
				 r->pattern);
	}
	json_decref(ids);
}

/* Every $ref of the document resolves. */
static void
walk_refs(json_t *v, int *count)
{
	const char *key;
	json_t *child;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, key, child) {
			if (strcmp(key, "$ref") == 0) {
				if (!json_is_string(child) || !resolve(json_string_value(child)))
					fail_msg("unresolved $ref %s", json_string_value(child));
				(*count)++;
			} else {
				walk_refs(child, count);
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
			walk_refs(child, count);
	}
}

static void
test_refs_resolve(void **state)
{
	int count = 0;

	(void)state;
	walk_refs(document(), &count);
	assert_true(count > 50);
}

/* The entity schemas say what the definitions say; lists offer every filter. */
static void
test_entity_schemas(void **state)
{
	(void)state;
	for (int e = 0; entity_all[e]; e++) {
		const struct entity_def *def = entity_all[e];
		json_t *s = component(schema_name(def)), *props = json_object_get(s, "properties");
		json_t *required = json_object_get(s, "required");
		const char *meta[] = { "id", "version", "created_at", "updated_at" };
		size_t want_required = 4;

		assert_true(json_is_false(json_object_get(s, "additionalProperties")));
		for (int m = 0; m < 4; m++) {
			assert_true(json_is_true(json_object_get(json_object_get(props, meta[m]),
								 "readOnly")));
			assert_true(array_has(required, meta[m]));
		}
		for (int i = 0; i < def->field_count; i++) {
			const struct field_def *f = &def->fields[i];
			json_t *p = json_object_get(props, f->name);
			if (!p)
				fail_msg("%s: field %s is not in the schema", def->name, f->name);
			if ((f->flags & FIELD_REQUIRED) != 0) {
				want_required++;
				if (!array_has(required, f->name))
					fail_msg("%s.%s is required but not so in the schema",
						 def->name, f->name);
			}
			if (f->type == FIELD_PASSWORD)
				assert_true(json_is_true(json_object_get(p, "writeOnly")));
			if (f->type == FIELD_TEXT || f->type == FIELD_LONGTEXT)
				assert_int_equal(json_integer_value(json_object_get(p,
									"maxLength")), f->max);
			if (f->type == FIELD_INT || f->type == FIELD_MONEY) {
				assert_int_equal(json_integer_value(json_object_get(p, "minimum")),
						 f->min);
				assert_int_equal(json_integer_value(json_object_get(p, "maximum")),
						 f->max);
			}
			if (f->type == FIELD_ENUM)
				for (const char *const *v = f->values; *v; v++)
					assert_true(array_has(json_object_get(p, "enum"), *v));
			if (f->type == FIELD_ENUMSET) {
				json_t *items = json_object_get(p, "items");
				for (const char *const *v = f->values; *v; v++)
					assert_true(array_has(json_object_get(items, "enum"), *v));
			}
		}
		assert_int_equal(json_array_size(required), want_required);
	}
	/* the list routes offer every filter the engine takes */
	for (int i = 0; i < route_count; i++) {
		const struct route *r = &routes[i];
		const struct entity_def *def = r->data;
		json_t *params;
		const char *names = ",";
		size_t k;
		json_t *p;
		bool search = false;

		if (!(r->flags & ROUTE_API) || !def || strcmp(r->method, "GET") != 0 ||
		    strchr(r->pattern, '{'))
			continue;
		params = json_object_get(operation_of(r), "parameters");
		json_array_foreach(params, k, p)
			if (json_is_string(json_object_get(p, "name")))
				names = hfmt("%s%s,", names, json_string_value(json_object_get(p,
											"name")));
		assert_non_null(strstr(names, ",limit,"));
		assert_non_null(strstr(names, ",cursor,"));
		for (int f = 0; f < def->field_count; f++) {
			const struct field_def *fd = &def->fields[f];
			const char *fname = fd->filter_name ? fd->filter_name : fd->name;
			search = search || (fd->flags & FIELD_SEARCH);
			if ((fd->flags & FIELD_FILTER) && !strstr(names, hfmt(",%s,", fname)))
				fail_msg("GET %s does not describe filter %s", r->pattern,
					 fd->name);
		}
		for (int f = 0; f < def->filter_count; f++)
			if (!strstr(names, hfmt(",%s,", def->filters[f].name)))
				fail_msg("GET %s does not describe filter %s", r->pattern,
					 def->filters[f].name);
		assert_int_equal(strstr(names, ",q,") != NULL, search);
	}
}

/* The route that serves method and pattern. */
static const struct route *
route_for(const char *method, const char *pattern)
{
	for (int i = 0; i < route_count; i++)
		if (strcmp(routes[i].method, method) == 0 &&
		    strcmp(routes[i].pattern, pattern) == 0)
			return &routes[i];
	fail_msg("no route %s %s", method, pattern);
	return NULL;
}

/* A fixture record of every entity, read and listed, fits the document. */
static void
test_entity_responses_fit(void **state)
{
	static const struct {
		const char *entity, *id;
	} samples[] = {
		{ "organisations", "$inst_a" }, { "network_memberships", "$membership" },
		{ "programmes", "$prog_a" }, { "outcomes", "$outcome_a1" },
		{ "offerings", "$offering_a" }, { "persons", "$p_learner" },
		{ "employments", "$employment_learner" }, { "accounts", "$acc_learner" },
		{ "role_grants", "$grant_learner" },
	};

	(void)state;
	for (int i = 0; i < route_count; i++) {
		const struct route *r = &routes[i];
		const struct entity_def *def = r->data;
		const char *id = NULL;
		struct hresp res;

		if (!(r->flags & ROUTE_API) || !def || strcmp(r->method, "GET") != 0)
			continue;
		for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++)
			if (strcmp(samples[s].entity, def->name) == 0)
				id = hexpand(samples[s].id);
		if (!id)
			fail_msg("no sample record of %s in test_openapi.c", def->name);
		if (strchr(r->pattern, '{')) {
			int prefix = (int)(strchr(r->pattern, '{') - r->pattern);
			http(&H.admin, "GET", hfmt("%.*s%s", prefix, r->pattern, id), NULL, NULL,
			     &res);
			expect_status(&res, 200);
			expect_fits(r, &res);
			hresp_release(&res);
			http(&H.admin, "GET", hfmt("%.*s%s", prefix, r->pattern,
						   hexpand("$unknown")), NULL, NULL, &res);
			expect_status(&res, 404);
			expect_fits(r, &res);
			hresp_release(&res);
		} else {
			http(&H.admin, "GET", r->pattern, NULL, NULL, &res);
			expect_status(&res, 200);
			expect_fits(r, &res);
			hresp_release(&res);
			http(&H.admin, "GET", hfmt("%s?limit=0", r->pattern), NULL, NULL, &res);
			expect_status(&res, 422);
			expect_fits(r, &res);
			hresp_release(&res);
		}
	}
}

/* The other JSON API responses fit too: session, audit, the document itself. */
static void
test_other_responses_fit(void **state)
{
	struct hresp res;
	struct client me;

	(void)state;
	assert_int_equal(api_login(FIXTURE_EMAIL("admin"), FIXTURE_PASSWORD, &me), 201);
	http(&me, "GET", "/api/v1/session", NULL, NULL, &res);
	expect_status(&res, 200);
	expect_fits(route_for("GET", "/api/v1/session"), &res);
	hresp_release(&res);
	http(NULL, "GET", "/api/v1/session", NULL, NULL, &res);
	expect_fits(route_for("GET", "/api/v1/session"), &res);
	hresp_release(&res);
	http(&H.admin, "GET", "/api/v1/audit", NULL, NULL, &res);
	expect_status(&res, 200);
	expect_fits(route_for("GET", "/api/v1/audit"), &res);
	hresp_release(&res);
	http(&H.learner, "GET", "/api/v1/audit", NULL, NULL, &res);
	expect_status(&res, 403);
	expect_fits(route_for("GET", "/api/v1/audit"), &res);
	hresp_release(&res);
	http(NULL, "POST", "/api/v1/session", hq("{'email':'nobody@test.leerpad.nl',"
		"'password':'not the password'}"), NULL, &res);
	expect_status(&res, 401);
	expect_fits(route_for("POST", "/api/v1/session"), &res);
	hresp_release(&res);
}

/* Every OOAPI route's answer fits its schema, and so do its 404s. */
static void
test_ooapi_responses_fit(void **state)
{
	static const struct {
		const char *param, *id;
	} ids[] = {
		{ "{organizationId}", "$inst_a" }, { "{programId}", "$prog_a" },
		{ "{courseId}", "$outcome_a1" }, { "{offeringId}", "$offering_a" },
	};

	(void)state;
	for (int i = 0; i < route_count; i++) {
		const struct route *r = &routes[i];
		const char *path = r->pattern, *missing = r->pattern;
		struct hresp res;

		if (strncmp(r->pattern, "/ooapi/", 7) != 0)
			continue;
		for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
			const char *at = strstr(path, ids[k].param);
			if (!at)
				continue;
			path = hfmt("%.*s%s%s", (int)(at - path), path, hexpand(ids[k].id),
				    at + strlen(ids[k].param));
			at = strstr(missing, ids[k].param);
			missing = hfmt("%.*s%s%s", (int)(at - missing), missing,
				       hexpand("$unknown"), at + strlen(ids[k].param));
		}
		if (strchr(path, '{'))
			fail_msg("no sample id for %s in test_openapi.c", r->pattern);
		http(NULL, "GET", path, NULL, NULL, &res);
		expect_status(&res, 200);
		expect_fits(r, &res);
		hresp_release(&res);
		http(NULL, "GET", hfmt("%s?nonsense=1", path), NULL, NULL, &res);
		expect_status(&res, 400);
		expect_fits(r, &res);
		hresp_release(&res);
		if (missing != r->pattern) {
			http(NULL, "GET", missing, NULL, NULL, &res);
			expect_status(&res, 404);
			expect_fits(r, &res);
			hresp_release(&res);
		}
	}
}

/* The checker itself finds what does not fit (so the tests above can fail). */
static void
test_checker_fails_misfits(void **state)
{
	char why[400];
	json_t *schema = json_pack("{s:s, s:[s], s:{s:{s:s}, s:{s:s, s:[s, s]}}, s:b}", "type",
				   "object", "required", "a", "properties", "a", "type", "integer",
				   "b", "type", "string", "enum", "x", "y", "additionalProperties",
				   false);
	json_t *good = json_pack("{s:i, s:s}", "a", 1, "b", "x");
	json_t *bad[] = {
		json_pack("{s:s}", "a", "1"), json_pack("{s:s}", "b", "x"),
		json_pack("{s:i, s:s}", "a", 1, "b", "z"), json_pack("{s:i, s:i}", "a", 1, "c", 2),
		json_pack("[]"),
	};

	(void)state;
	assert_true(check(good, schema, "good", why, sizeof(why)));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (check(bad[i], schema, "bad", why, sizeof(why)))
			fail_msg("bad value %zu passed the checker", i);
		json_decref(bad[i]);
	}
	/* the OOAPI Organization schema refuses an organization without a name */
	{
		json_t *org = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "organizationId",
					hexpand("$inst_a"), "organizationType", "root", "shortName",
					"A", "primaryCode", "codeType", "brin", "code", "30GB");
		assert_false(check(org, component("OoapiOrganization"), "org", why, sizeof(why)));
		json_decref(org);
	}
	json_decref(good);
	json_decref(schema);
}

static int
release_document(void **state)
{
	json_decref(doc);
	doc = NULL;
	return harness_teardown(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_routes_and_paths_agree),
		cmocka_unit_test(test_operations_complete),
		cmocka_unit_test(test_refs_resolve),
		cmocka_unit_test(test_entity_schemas),
		cmocka_unit_test(test_checker_fails_misfits),
		cmocka_unit_test(test_entity_responses_fit),
		cmocka_unit_test(test_other_responses_fit),
		cmocka_unit_test(test_ooapi_responses_fit),
	};

	return harness_exit(cmocka_run_group_tests_name("openapi", tests, harness_setup,
							release_document));
}
