/* openapi.c: the OpenAPI 3.1 document, made from the route table and the
 * entity definitions (see openapi.h)
 *
 * Each ROUTE_API route of routes.c is one operation. Its path parameters
 * come from the pattern (every {name} is a UUIDv7 id), its security from
 * the route's flags, the rest from what the handler is: the generic entity
 * handlers are described from the entity definition (schemas with types,
 * enums, limits, required, readOnly and writeOnly; list filters from the
 * FIELD_FILTER fields and the entity's own filters), the OOAPI handlers by
 * ooapi.c from the tables it serves with, and the few other handlers by
 * the table others[] below. A route whose handler is none of these still
 * appears, with only a "default" response, and tests/api/test_openapi.c
 * fails on it until it is described here. Page routes are left out: they
 * are HTML for browsers, not an interface for programs.
 */
#include "surfaces/api/openapi.h"
#include "surfaces/api/api_learning.h"
#include "domain/enrolment.h"
#include "surfaces/api/api.h"
#include "surfaces/api/ooapi.h"
#include "domain/entity.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_PREFIX "#/components/schemas/"

/* ---- small builders --------------------------------------------------- */

/* {"$ref": "#/components/<kind>/<name>"} */
static json_t *
ref_to(const char *kind, const char *name)
{
	char path[160];

	snprintf(path, sizeof(path), "#/components/%s/%s", kind, name);
	return json_pack("{s:s}", "$ref", path);
}

/* {"$ref": "#/components/schemas/<name>"} */
static json_t *
schema_ref(const char *name)
{
	return ref_to("schemas", name);
}

/* A JSON array of the NULL-terminated strings (values may be NULL). */
static json_t *
string_list(const char *const *values)
{
	json_t *a = json_array();

	for (; values && *values; values++)
		json_array_append_new(a, json_string(*values));
	return a;
}

/* The component name of an entity: its singular in CamelCase
 * ("learning outcome" -> "LearningOutcome"); into out. */
static const char *
entity_schema_name(const struct entity_def *def, char *out, size_t size)
{
	size_t n = 0;
	bool upper = true;

	for (const char *p = def->singular; *p && n + 1 < size; p++) {
		if (*p == ' ' || *p == '_') {
			upper = true;
			continue;
		}
		out[n++] = upper ? (char)toupper((unsigned char)*p) : *p;
		upper = false;
	}
	out[n] = '\0';
	return out;
}

/* A JSON content object {"<type>": {"schema": schema}} (steals schema). */
static json_t *
content(const char *type, json_t *schema)
{
	return json_pack("{s:{s:o}}", type, "schema", schema);
}

/* A response with a JSON body of schema (steals it). */
static json_t *
json_response(const char *description, json_t *schema)
{
	return json_pack("{s:s, s:o}", "description", description, "content",
			 content("application/json", schema));
}

/* ---- entity schemas ------------------------------------------------------ */

/* "an id from /api/v1/network-memberships": where the referenced records are. */
static json_t *
ref_description(const char *entity)
{
	char segment[64];
	size_t n;

	for (n = 0; entity[n] && n + 1 < sizeof(segment); n++)
		segment[n] = entity[n] == '_' ? '-' : entity[n];
	segment[n] = '\0';
	return json_sprintf("an id from /api/v1/%s", segment);
}

/* The JSON Schema of one field's value; nullable when the record may hold
 * null there. */
static json_t *
field_schema(const struct field_def *f)
{
	json_t *s = json_object(), *item;
	const char *type = "string";
	int64_t items_max = f->max ? f->max : 50;

	json_object_set_new(s, "title", json_string(f->label ? f->label : f->name));
	if (f->description)
		json_object_set_new(s, "description", json_string(f->description));
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_LONGTEXT:
		if (f->max)
			json_object_set_new(s, "maxLength", json_integer(f->max));
		break;
	case FIELD_EMAIL:
		json_object_set_new(s, "format", json_string("email"));
		if (f->max)
			json_object_set_new(s, "maxLength", json_integer(f->max));
		break;
	case FIELD_URL:
		json_object_set_new(s, "format", json_string("uri"));
		json_object_set_new(s, "pattern", json_string("^https?://"));
		if (f->max)
			json_object_set_new(s, "maxLength", json_integer(f->max));
		break;
	case FIELD_ENUM:
		json_object_set_new(s, "enum", string_list(f->values));
		break;
	case FIELD_DATE:
		json_object_set_new(s, "format", json_string("date"));
		break;
	case FIELD_REF:
		json_object_set_new(s, "format", json_string("uuid"));
		if (!f->description)
			json_object_set_new(s, "description", ref_description(f->ref));
		json_object_set_new(s, "x-leerpad-ref", json_string(f->ref));
		break;
	case FIELD_PASSWORD:
		json_object_set_new(s, "writeOnly", json_true());
		json_object_set_new(s, "minLength", json_integer(10));
		if (f->max)
			json_object_set_new(s, "maxLength", json_integer(f->max));
		break;
	case FIELD_INT:
	case FIELD_MONEY:
		type = "integer";
		json_object_set_new(s, "minimum", json_integer(f->min));
		json_object_set_new(s, "maximum", json_integer(f->max));
		break;
	case FIELD_EC:
		type = "number";
		json_object_set_new(s, "minimum", json_real((double)f->min / 10.0));
		json_object_set_new(s, "maximum", json_real((double)f->max / 10.0));
		if (!f->description)
			json_object_set_new(s, "description",
					    json_string("credits (EC), at most one decimal"));
		break;
	case FIELD_BOOL:
		type = "boolean";
		break;
	case FIELD_ENUMSET:
	case FIELD_STRLIST:
	case FIELD_REFLIST:
		type = "array";
		item = json_pack("{s:s}", "type", "string");
		if (f->type == FIELD_ENUMSET)
			json_object_set_new(item, "enum", string_list(f->values));
		else if (f->type == FIELD_REFLIST)
			json_object_set_new(item, "format", json_string("uuid"));
		else {
			json_object_set_new(item, "minLength", json_integer(1));
			json_object_set_new(item, "maxLength", json_integer(300));
			if (f->flags & FIELD_URIS)
				json_object_set_new(item, "format", json_string("uri"));
		}
		json_object_set_new(s, "items", item);
		json_object_set_new(s, "maxItems", json_integer(items_max));
		json_object_set_new(s, "uniqueItems", json_true());
		if (f->type == FIELD_REFLIST)
			json_object_set_new(s, "x-leerpad-ref", json_string(f->ref));
		break;
	}
	if (f->flags & FIELD_IMMUTABLE)
		json_object_set_new(s, "x-leerpad-immutable", json_true());
	/* optional scalars are null in records when unset */
	if (!(f->flags & FIELD_REQUIRED) && strcmp(type, "array") && strcmp(type, "boolean") &&
	    f->type != FIELD_PASSWORD) {
		json_object_set_new(s, "type", json_pack("[s, s]", type, "null"));
		if (json_object_get(s, "enum"))
			json_array_append_new(json_object_get(s, "enum"), json_null());
	} else {
		json_object_set_new(s, "type", json_string(type));
	}
	return s;
}

/* A member leerpad sets itself (id, version, times): readOnly. */
static json_t *
meta_schema(const char *type, const char *format, const char *description)
{
	json_t *s = json_pack("{s:s, s:b, s:s}", "type", type, "readOnly", true,
			      "description", description);
	if (format)
		json_object_set_new(s, "format", json_string(format));
	return s;
}

/* The record schema of an entity (responses and create bodies: readOnly
 * members are not sent, writeOnly ones never come back), its patch schema
 * and its list page. */
static void
add_entity_schemas(json_t *schemas, const struct entity_def *def)
{
	char name[64], patch_name[80], list_name[80];
	json_t *props = json_object(), *patch_props = json_object(), *required = json_array();

	entity_schema_name(def, name, sizeof(name));
	snprintf(patch_name, sizeof(patch_name), "%sPatch", name);
	snprintf(list_name, sizeof(list_name), "%sList", name);
	json_object_set_new(props, "id", meta_schema("string", "uuid", "the id (UUIDv7)"));
	json_array_append_new(required, json_string("id"));
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		json_object_set_new(props, f->name, field_schema(f));
		json_object_set_new(patch_props, f->name, field_schema(f));
		if (f->flags & FIELD_REQUIRED)
			json_array_append_new(required, json_string(f->name));
	}
	json_object_set_new(props, "version", meta_schema("integer", NULL,
		"the version, 1 on create and one more with every change"));
	json_object_set_new(props, "created_at", meta_schema("string", "date-time",
							     "when it was created (UTC)"));
	json_object_set_new(props, "updated_at", meta_schema("string", "date-time",
							     "when it was last changed (UTC)"));
	json_array_append_new(required, json_string("version"));
	json_array_append_new(required, json_string("created_at"));
	json_array_append_new(required, json_string("updated_at"));
	json_object_set_new(schemas, name, json_pack("{s:s, s:s, s:s, s:o, s:o, s:b}",
		"title", def->label, "type", "object", "description",
		"Sent to create one (readOnly members are set by leerpad) and returned by every "
		"read. Unknown members are refused.", "required", required, "properties", props,
		"additionalProperties", false));
	json_object_set_new(patch_props, "version", json_pack("{s:s, s:s}", "type", "integer",
		"description", "the version the change is meant for; 409 when it is not the "
		"current one"));
	json_object_set_new(schemas, patch_name, json_pack("{s:s, s:s, s:o, s:b}",
		"type", "object", "description", "The members to change; the rest stay.",
		"properties", patch_props, "additionalProperties", false));
	json_object_set_new(schemas, list_name, json_pack("{s:s, s:[s, s], s:{s:{s:s, s:o},"
		" s:{s:[s, s], s:s, s:s}}}", "type", "object", "required", "items", "next_cursor",
		"properties", "items", "type", "array", "items", schema_ref(name),
		"next_cursor", "type", "string", "null", "format", "uuid", "description",
		"the cursor of the next page; null on the last"));
}

/* The schemas that are no entity's. */
static void
add_other_schemas(json_t *schemas)
{
	const struct field_def *role = entity_field(&role_grants_def, "role");

	json_object_set_new(schemas, "Problem", json_pack("{s:s, s:s, s:[s, s, s],"
		" s:{s:{s:s, s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:{s:s}}}",
		"type", "object", "description", "An error (RFC 9457).",
		"required", "type", "title", "status", "properties",
		"type", "type", "string", "format", "uri",
		"title", "type", "string",
		"status", "type", "integer",
		"detail", "type", "string",
		"field", "type", "string", "description", "the offending member or parameter",
		"instance", "type", "string"));
	json_object_set_new(schemas, "Login", json_pack("{s:s, s:[s, s], s:{s:{s:s, s:s},"
		" s:{s:s, s:b}}, s:b}", "type", "object", "required", "email", "password",
		"properties", "email", "type", "string", "format", "email",
		"password", "type", "string", "writeOnly", true, "additionalProperties", false));
	json_object_set_new(schemas, "Session", json_pack("{s:s, s:[s, s, s, s],"
		" s:{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:[s, s], s:s}, s:{s:s, s:[s, s]},"
		" s:{s:s, s:{s:s, s:[s], s:{s:{s:s, s:o}, s:{s:[s, s], s:s}}}}, s:{s:s, s:s}}}",
		"type", "object", "required", "account_id", "email", "language", "roles",
		"properties",
		"account_id", "type", "string", "format", "uuid",
		"email", "type", "string", "format", "email",
		"person_id", "type", "string", "null", "format", "uuid",
		"language", "type", "string", "enum", "nl", "en",
		"roles", "type", "array", "items", "type", "object", "required", "role",
		"properties", "role", "type", "string", "enum", string_list(role->values),
		"organisation_id", "type", "string", "null", "format", "uuid",
		"csrf_token", "type", "string", "description",
		"send it as X-CSRF-Token with every write made with the session cookie"));
	json_object_set_new(schemas, "AuditPage", json_pack("{s:s, s:[s, s], s:{s:{s:s,"
		" s:{s:s, s:{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:[s, s]}, s:{s:s}, s:{s:s, s:s},"
		" s:{s:s}, s:{s:s}}}}, s:{s:[s, s]}}}",
		"type", "object", "required", "items", "next_cursor", "properties",
		"items", "type", "array", "items", "type", "object", "properties",
		"id", "type", "string", "format", "uuid",
		"at", "type", "string", "format", "date-time",
		"actor_id", "type", "string", "null",
		"entity", "type", "string",
		"entity_id", "type", "string", "format", "uuid",
		"action", "type", "string",
		"changes", "type", "object",
		"next_cursor", "type", "string", "null"));
}

/* ---- operations ---------------------------------------------------------- */

/* An optional query parameter (steals schema). */
static json_t *
query_param(const char *name, const char *description, json_t *schema)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:o}", "name", name, "in", "query",
			 "description", description, "required", false, "schema", schema);
}

/* The parameters of an entity list: paging, search and every filter. */
static void
add_list_params(json_t *params, const struct entity_def *def)
{
	bool search = false;

	json_array_append_new(params, query_param("limit", "records per page",
		json_pack("{s:s, s:i, s:i, s:i}", "type", "integer", "minimum", 1,
			  "maximum", ENTITY_LIST_MAX, "default", ENTITY_LIST_DEFAULT)));
	json_array_append_new(params, query_param("cursor", "next_cursor of the page before",
		json_pack("{s:s, s:s}", "type", "string", "format", "uuid")));
	for (int i = 0; i < def->field_count; i++)
		search = search || (def->fields[i].flags & FIELD_SEARCH);
	if (search) {
		json_t *fields = json_array();
		char *text;
		json_t *desc;
		for (int i = 0; i < def->field_count; i++)
			if (def->fields[i].flags & FIELD_SEARCH)
				json_array_append_new(fields, json_string(def->fields[i].name));
		text = json_dumps(fields, JSON_COMPACT);
		desc = json_sprintf("a part of %s, in any case", text ? text : "");
		free(text);
		json_decref(fields);
		json_array_append_new(params, json_pack("{s:s, s:s, s:o, s:b, s:{s:s, s:i}}",
			"name", "q", "in", "query", "description", desc, "required", false,
			"schema", "type", "string", "maxLength", 200));
	}
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *schema;
		if (!(f->flags & FIELD_FILTER))
			continue;
		switch (f->type) {
		case FIELD_ENUM:
		case FIELD_ENUMSET:
			schema = json_pack("{s:s, s:o}", "type", "string", "enum",
					   string_list(f->values));
			break;
		case FIELD_BOOL:
			schema = json_pack("{s:s}", "type", "boolean");
			break;
		case FIELD_REF:
		case FIELD_REFLIST:
			schema = json_pack("{s:s, s:s}", "type", "string", "format", "uuid");
			break;
		default:
			schema = json_pack("{s:s, s:i}", "type", "string", "maxLength", 200);
			break;
		}
		json_array_append_new(params, query_param(f->filter_name ? f->filter_name : f->name,
			f->type == FIELD_ENUMSET || f->type == FIELD_STRLIST ||
			f->type == FIELD_REFLIST ? "only records whose list holds this value"
						 : "only records with this value", schema));
	}
	for (int i = 0; i < def->filter_count; i++) {
		const struct entity_filter *ef = &def->filters[i];
		json_array_append_new(params, query_param(ef->name, ef->description,
			ef->boolean ? json_pack("{s:s}", "type", "boolean")
				    : json_pack("{s:s, s:s}", "type", "string", "format", "uuid")));
	}
}

/* {"$ref": "#/components/responses/<name>"} for each status listed. */
static void
add_problems(json_t *responses, const char *statuses)
{
	static const struct {
		const char *status, *name;
	} names[] = {
		{ "400", "BadRequest" }, { "401", "Unauthorized" }, { "403", "Forbidden" },
		{ "404", "NotFound" }, { "409", "Conflict" }, { "413", "ContentTooLarge" },
		{ "415", "UnsupportedMediaType" }, { "422", "UnprocessableContent" },
		{ "429", "TooManyRequests" }, { "500", "InternalError" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strstr(statuses, names[i].status))
			json_object_set_new(responses, names[i].status,
					    ref_to("responses", names[i].name));
}

/* Fills op for a generic entity route; false if r is not one. */
static bool
describe_entity(json_t *op, const struct route *r)
{
	const struct entity_def *def = r->data;
	char name[64], other[80];
	json_t *params = json_object_get(op, "parameters"), *responses;

	if (r->handler != api_entity_list && r->handler != api_entity_get &&
	    r->handler != api_entity_create && r->handler != api_entity_update)
		return false;
	responses = json_object();
	entity_schema_name(def, name, sizeof(name));
	if (r->handler == api_entity_list) {
		add_list_params(params, def);
		snprintf(other, sizeof(other), "%sList", name);
		json_object_set_new(responses, "200", json_response("a page", schema_ref(other)));
		add_problems(responses, "401 422 500");
	} else if (r->handler == api_entity_get) {
		json_object_set_new(responses, "200", json_response("the record",
								    schema_ref(name)));
		add_problems(responses, "401 404 500");
	} else if (r->handler == api_entity_create) {
		json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required", true,
			"content", content("application/json", schema_ref(name))));
		json_object_set_new(responses, "201", json_pack("{s:s, s:{s:{s:s, s:{s:s}}}, s:o}",
			"description", "created", "headers", "Location", "description",
			"the path of the new record", "schema", "type", "string",
			"content", content("application/json", schema_ref(name))));
		add_problems(responses, "400 401 403 409 413 415 422 500");
	} else {
		snprintf(other, sizeof(other), "%sPatch", name);
		json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:b, s:{s:s}}",
			"name", "If-Match", "in", "header", "description",
			"the version the change is meant for, as \"3\" (like version in the body)",
			"required", false, "schema", "type", "string"));
		json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required", true,
			"content", content("application/json", schema_ref(other))));
		json_object_set_new(responses, "200", json_response("the changed record",
								    schema_ref(name)));
		add_problems(responses, "400 401 403 404 409 413 415 422 500");
	}
	json_object_set_new(op, "responses", responses);
	return true;
}

/* Fills op for the handlers that are neither entity nor OOAPI handlers;
 * false if r's handler is not in the table. */
static bool
describe_other(json_t *op, const struct route *r)
{
	json_t *responses = json_object(), *params = json_object_get(op, "parameters");

	if (r->handler == api_session_create) {
		json_object_set_new(op, "tags", json_pack("[s]", "session"));
		json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required", true,
			"content", content("application/json", schema_ref("Login"))));
		json_object_set_new(responses, "201", json_pack("{s:s, s:{s:{s:s, s:{s:s}}}, s:o}",
			"description", "logged in; the session cookie is set", "headers",
			"Set-Cookie", "description", "leerpad_session, HttpOnly, SameSite",
			"schema", "type", "string",
			"content", content("application/json", schema_ref("Session"))));
		add_problems(responses, "400 401 413 415 422 429 500");
	} else if (r->handler == api_session_get) {
		json_object_set_new(op, "tags", json_pack("[s]", "session"));
		json_object_set_new(responses, "200", json_response("the account and its roles",
								    schema_ref("Session")));
		add_problems(responses, "401 500");
	} else if (r->handler == api_session_delete) {
		json_object_set_new(op, "tags", json_pack("[s]", "session"));
		json_object_set_new(responses, "204", json_pack("{s:s}", "description",
			"logged out; the session cookie is cleared"));
		add_problems(responses, "401 403 500");
	} else if (r->handler == api_audit_list) {
		json_object_set_new(op, "tags", json_pack("[s]", "audit"));
		json_array_append_new(params, query_param("entity", "only entries of this entity "
			"(its table name, e.g. programmes)", json_pack("{s:s, s:o}", "type",
			"string", "enum", json_array())));
		for (int e = 0; entity_all[e]; e++)
			json_array_append_new(json_object_get(json_object_get(json_array_get(params,
				json_array_size(params) - 1), "schema"), "enum"),
				json_string(entity_all[e]->name));
		json_array_append_new(params, query_param("entity_id",
			"only entries of this record",
			json_pack("{s:s, s:s}", "type", "string", "format", "uuid")));
		json_array_append_new(params, query_param("cursor",
			"next_cursor of the page before",
			json_pack("{s:s, s:s}", "type", "string", "format", "uuid")));
		json_object_set_new(responses, "200", json_response("100 entries a page, newest "
			"first", schema_ref("AuditPage")));
		add_problems(responses, "401 403 422 500");
	} else if (r->handler == api_openapi) {
		json_object_set_new(op, "tags", json_pack("[s]", "meta"));
		json_object_set_new(responses, "200", json_response("this document",
			json_pack("{s:s, s:s}", "type", "object", "description",
				  "an OpenAPI 3.1 document")));
		add_problems(responses, "500");
	} else {
		json_decref(responses);
		return false;
	}
	json_object_set_new(op, "responses", responses);
	return true;
}

/* Fills op for the money routes (api_money.c); false if r is not one.
 * Writes that move money declare the required Idempotency-Key header. */
static bool
describe_money(json_t *op, const struct route *r)
{
	static const struct {
		route_handler handler;
		const char *status, *description, *problems, *query;
		bool idempotent, body;
	} money[] = {
		{ api_schemes_list, "200", "the schemes", "401 500", NULL, false, false },
		{ api_schemes_create, "201", "the new scheme", "400 401 403 409 413 415 422 500",
		  NULL, true, true },
		{ api_schemes_get, "200", "the scheme", "401 404 500", NULL, false, false },
		{ api_schemes_update, "200", "the changed scheme",
		  "400 401 403 404 409 413 415 422 500", NULL, true, true },
		/* employer funding: no money moves, so no Idempotency-Key */
		{ api_funding_get, "200", "the employer's default and its employees' arrangements",
		  "401 403 404 500", NULL, false, false },
		{ api_funding_set, "200", "the arrangements after the change",
		  "400 401 403 404 413 415 422 500", NULL, false, true },
		{ api_funding_clear, "200", "the arrangements after the change",
		  "401 403 404 500", NULL, false, false },
		{ api_funding_employee_set, "200", "the arrangements after the change",
		  "400 401 403 404 413 415 422 500", NULL, false, true },
		{ api_funding_employee_clear, "200", "the arrangements after the change",
		  "401 403 404 500", NULL, false, false },
		{ api_vouchers_list, "200", "the vouchers", "401 500", "person_id", false, false },
		{ api_vouchers_issue, "201", "the new voucher", "400 401 403 409 413 415 422 500",
		  NULL, true, true },
		{ api_vouchers_get, "200", "the voucher", "401 404 500", NULL, false, false },
		{ api_vouchers_reserve, "201", "the new reservation",
		  "400 401 403 404 409 413 415 422 500", NULL, true, true },
		{ api_vouchers_revoke, "200", "the revoked voucher",
		  "400 401 403 404 409 413 415 422 500", NULL, true, true },
		{ api_reservations_list, "200", "the reservations", "401 403 500",
		  "provider_id state", false, false },
		{ api_reservations_get, "200", "the reservation", "401 404 500", NULL, false, false },
		{ api_reservations_confirm, "200", "the confirmed reservation",
		  "401 403 404 409 500", NULL, false, false },
		{ api_reservations_redeem, "200", "the redeemed reservation",
		  "400 401 403 404 409 422 500", NULL, true, false },
		{ api_reservations_release, "200", "the released reservation",
		  "400 401 403 404 409 422 500", NULL, true, false },
		{ api_contributions_list, "200", "the contributions", "401 403 422 500",
		  "employer_id", false, false },
		{ api_contributions_create, "201", "the new contribution",
		  "400 401 403 409 413 415 422 500", NULL, true, true },
		{ api_ledger_balances, "200", "the accounts and balances", "401 404 422 500",
		  "owner_id", false, false },
		{ api_settlement, "200", "the statement (JSON, or CSV with format=csv)",
		  "401 403 404 422 500", "period format", false, false },
		{ api_reports_money, "200", "the report", "401 403 404 500", "scheme_id", false,
		  false },
	};
	json_t *params = json_object_get(op, "parameters"), *responses;
	char names[64];

	for (size_t i = 0; i < sizeof(money) / sizeof(money[0]); i++) {
		if (money[i].handler != r->handler)
			continue;
		responses = json_object();
		json_object_set_new(op, "tags", json_pack("[s]", "money"));
		if (money[i].query) {
			snprintf(names, sizeof(names), "%s", money[i].query);
			for (char *name = names, *next; name && *name; name = next) {
				next = strchr(name, ' ');
				if (next)
					*next++ = '\0';
				json_array_append_new(params, query_param(name, name,
					json_pack("{s:s}", "type", "string")));
			}
		}
		if (money[i].idempotent)
			json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:b, s:{s:s}}",
				"name", "Idempotency-Key", "in", "header", "description",
				"required for writes that move money: a repeat with the same key "
				"returns the first response and moves nothing twice", "required", true,
				"schema", "type", "string"));
		if (money[i].body)
			json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required",
				true, "content", content("application/json",
				json_pack("{s:s}", "type", "object"))));
		json_object_set_new(responses, money[i].status, json_response(money[i].description,
			json_pack("{s:s}", "type", "object")));
		add_problems(responses, money[i].problems);
		json_object_set_new(op, "responses", responses);
		return true;
	}
	return false;
}

/* Who may call r: the public with or without credentials; else a bearer
 * token or the session cookie (and its anti-forgery token for writes). */
static json_t *
security(const struct route *r)
{
	bool write = strcmp(r->method, "GET") != 0;
	json_t *s = json_array();

	if (r->flags & ROUTE_PUBLIC)
		json_array_append_new(s, json_object());
	json_array_append_new(s, json_pack("{s:[]}", "bearerAuth"));
	if (write && !(r->flags & ROUTE_NO_CSRF))
		json_array_append_new(s, json_pack("{s:[], s:[]}", "sessionCookie", "csrfToken"));
	else
		json_array_append_new(s, json_pack("{s:[]}", "sessionCookie"));
	return s;
}

/* "getApiV1ProgrammesId" from GET /api/v1/programmes/{id}. */
static json_t *
operation_id(const struct route *r)
{
	char id[200];
	size_t n = 0;
	bool upper = false;

	for (const char *p = r->method; *p && n + 1 < sizeof(id); p++)
		id[n++] = (char)tolower((unsigned char)*p);
	for (const char *p = r->pattern; *p && n + 1 < sizeof(id); p++) {
		if (!isalnum((unsigned char)*p)) {
			upper = true;
			continue;
		}
		id[n++] = upper ? (char)toupper((unsigned char)*p) : *p;
		upper = false;
	}
	id[n] = '\0';
	return json_string(id);
}

/* The tag of an entity route: its collection segment ("programmes"). */
static json_t *
entity_tag(const struct route *r)
{
	const char *seg = r->pattern + strlen("/api/v1/");

	return json_pack("[s%]", seg, strcspn(seg, "/"));
}

/* One operation of the document. */
static json_t *
operation(const struct route *r)
{
	json_t *op = ooapi_openapi_operation(r), *params = json_array();
	const char *p = r->pattern;

	/* path parameters, in order */
	while ((p = strchr(p, '{')) != NULL) {
		size_t len = strcspn(p + 1, "}");
		json_array_append_new(params, json_pack("{s:s%, s:s, s:b, s:s, s:{s:s, s:s}}",
			"name", p + 1, len, "in", "path", "required", true,
			"description", "an id", "schema", "type", "string", "format", "uuid"));
		p += len + 1;
	}
	json_array_append_new(params, ref_to("parameters", "lang"));
	if (op) {
		json_array_extend(params, json_object_get(op, "parameters"));
		json_object_set(op, "parameters", params);
	} else {
		op = json_object();
		json_object_set(op, "parameters", params);
		if (describe_entity(op, r))
			json_object_set_new(op, "tags", entity_tag(r));
		else if (!describe_other(op, r) && !api_learning_describe(op, r) &&
			 !describe_money(op, r))
			json_object_set_new(op, "responses", json_pack("{s:o}", "default",
				ref_to("responses", "InternalError")));
	}
	json_decref(params);
	json_object_set_new(op, "operationId", operation_id(r));
	json_object_set_new(op, "summary", json_string(r->summary ? r->summary : r->pattern));
	json_object_set_new(op, "security", security(r));
	return op;
}

/* ---- the document ---------------------------------------------------------- */

/* components.responses: one problem+json response per error status. */
static json_t *
problem_responses(void)
{
	static const struct {
		const char *name, *description;
	} list[] = {
		{ "BadRequest", "the request cannot be read (bad JSON, bad UTF-8)" },
		{ "Unauthorized", "not logged in, or a bad token or password" },
		{ "Forbidden", "not allowed, or the anti-forgery token is missing" },
		{ "NotFound", "no such record, or not one the reader may see" },
		{ "Conflict", "changed by someone else meanwhile (stale version), or a duplicate" },
		{ "ContentTooLarge", "the body is over 256 KiB" },
		{ "UnsupportedMediaType", "the body is not application/json" },
		{ "UnprocessableContent", "a member or parameter is not valid; field names it" },
		{ "TooManyRequests", "too many attempts; Retry-After says when to try again" },
		{ "InternalError", "a fault on the server's side, logged there" },
	};
	json_t *out = json_object();

	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		json_object_set_new(out, list[i].name, json_pack("{s:s, s:o}", "description",
			list[i].description, "content", content("application/problem+json",
								schema_ref("Problem"))));
	return out;
}

json_t *
openapi_document(void)
{
	json_t *paths = json_object(), *schemas = json_object(), *tags = json_array();
	json_t *seen = json_object(), *ooapi = ooapi_openapi_schemas();

	for (int e = 0; entity_all[e]; e++)
		add_entity_schemas(schemas, entity_all[e]);
	for (int e = 0; learning_entities[e]; e++)  /* issue 4 */
		add_entity_schemas(schemas, learning_entities[e]);
	add_other_schemas(schemas);
	api_learning_schemas(schemas);
	json_object_update(schemas, ooapi);
	json_decref(ooapi);

	for (int i = 0; i < route_count; i++) {
		const struct route *r = &routes[i];
		json_t *item, *op, *tag;
		char method[16];
		size_t k, n;

		if (!(r->flags & ROUTE_API))
			continue;
		for (n = 0; r->method[n] && n + 1 < sizeof(method); n++)
			method[n] = (char)tolower((unsigned char)r->method[n]);
		method[n] = '\0';
		item = json_object_get(paths, r->pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, r->pattern, item);
		}
		op = operation(r);
		json_array_foreach(json_object_get(op, "tags"), k, tag) {
			if (json_object_get(seen, json_string_value(tag)))
				continue;
			json_object_set_new(seen, json_string_value(tag), json_true());
			json_array_append_new(tags, json_pack("{s:O}", "name", tag));
		}
		json_object_set_new(item, method, op);
	}
	json_decref(seen);

	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s, s:s}], s:o, s:o,"
			 " s:{s:o, s:o, s:{s:o}, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s},"
			 " s:{s:s, s:s, s:s, s:s}}}}",
		"openapi", "3.1.0",
		"info", "title", "leerpad", "version", LEERPAD_VERSION, "description",
		"Flexible, outcome-based higher professional education for working adults: the "
		"JSON API (/api/v1) and the catalog as the Open Education API v5 (/ooapi/v5). "
		"Errors are application/problem+json. Lists of /api/v1 page with limit and "
		"cursor, those of /ooapi/v5 with pageSize and pageNumber.",
		"servers", "url", "/", "description", "this server",
		"tags", tags,
		"paths", paths,
		"components",
		"schemas", schemas,
		"responses", problem_responses(),
		"parameters", "lang", json_pack("{s:s, s:s, s:s, s:b, s:{s:s, s:i}}",
			"name", "lang", "in", "query", "description",
			"the language of titles and messages: nl (the default) or en", "required",
			false, "schema", "type", "string", "maxLength", 35),
		"securitySchemes",
		"bearerAuth", "type", "http", "scheme", "bearer", "description",
		"an API token for integrations",
		"sessionCookie", "type", "apiKey", "in", "cookie", "name", "leerpad_session",
		"description", "the session from POST /api/v1/session or the login form",
		"csrfToken", "type", "apiKey", "in", "header", "name", "X-CSRF-Token",
		"description", "the session's csrf_token; writes made with the cookie need it");
}

void
api_openapi(struct request *req, struct response *res)
{
	json_t *doc = openapi_document();

	(void)req;
	response_json(res, 200, doc);
}
