/* api_entity.c: list, get, create and update for every catalog entity */
#include "surfaces/api/api.h"
#include "domain/entity.h"
#include "base/json_writer.h"

#include <stdlib.h>
#include <string.h>

enum lp_status
api_read_body(struct request *req, json_t **out)
{
	json_error_t jerr;

	*out = NULL;
	if (req->body_len == 0)
		return lp_fail(&req->err, LP_EMALFORMED, NULL, "the request body is empty");
	*out = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!*out)
		return lp_fail(&req->err, LP_EMALFORMED, NULL,
			       "the body is not valid JSON: %s (line %d, column %d)", jerr.text,
			       jerr.line, jerr.column);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return lp_fail(&req->err, LP_EMALFORMED, NULL, "the body must be a JSON object");
	}
	return LP_OK;
}

enum lp_status
api_parse_limit(struct request *req, const char *value, int *limit)
{
	char *end;
	long n = strtol(value, &end, 10);

	if (*value == '\0' || *end || n < 1 || n > ENTITY_LIST_MAX)
		return lp_fail(&req->err, LP_EINVAL, "limit", "must be a whole number from 1 to %d",
			       ENTITY_LIST_MAX);
	*limit = (int)n;
	return LP_OK;
}

struct query_state {
	struct request *req;
	struct entity_query *q;
	enum lp_status rc;
};

/* Sorts query arguments into paging, search and filters. */
static bool
collect_arg(void *data, const char *key, const char *value)
{
	struct query_state *s = data;
	struct entity_query *q = s->q;

	if (strcmp(key, "limit") == 0) {
		s->rc = api_parse_limit(s->req, value, &q->limit);
		if (s->rc)
			return false;
	} else if (strcmp(key, "cursor") == 0) {
		q->cursor = value;
	} else if (strcmp(key, "q") == 0) {
		q->q = value;
	} else if (strcmp(key, "lang") == 0) {
		/* the language choice, not a filter */
	} else {
		if (q->filter_count >= 16) {
			s->rc = lp_fail(&s->req->err, LP_EINVAL, key, "too many filters");
			return false;
		}
		q->filter_names[q->filter_count] = key;
		q->filter_values[q->filter_count] = value;
		q->filter_count++;
	}
	return true;
}

void
api_entity_list(struct request *req, struct response *res)
{
	const struct entity_def *def = req->route->data;
	struct entity_query q;
	struct query_state s = { req, &q, LP_OK };
	const char *next = NULL;
	struct jw w;

	memset(&q, 0, sizeof(q));
	request_query_each(req, collect_arg, &s);
	if (s.rc) {
		response_problem(req, res, &req->err);
		return;
	}
	/* {"items": [...], "next_cursor": "..." or null}, the records written
	 * straight from their rows */
	response_json_begin(res, 200, &w);
	jw_object_begin(&w);
	jw_key(&w, "items");
	if (entity_list_write(&req->ctx, def, &q, &w, &next)) {
		response_problem(req, res, &req->err);
		return;
	}
	jw_key(&w, "next_cursor");
	jw_string(&w, next);
	jw_object_end(&w);
}

void
api_entity_get(struct request *req, struct response *res)
{
	const struct entity_def *def = req->route->data;
	json_t *record;

	if (entity_get(&req->ctx, def, req->params[0], &record)) {
		response_problem(req, res, &req->err);
		return;
	}
	response_json(res, 200, record);
}

void
api_entity_create(struct request *req, struct response *res)
{
	const struct entity_def *def = req->route->data;
	json_t *body, *record;
	enum lp_status rc;
	char *location;

	rc = api_read_body(req, &body);
	if (!rc)
		rc = entity_create(&req->ctx, def, body, &record);
	json_decref(body);
	if (rc) {
		response_problem(req, res, &req->err);
		return;
	}
	location = arena_printf(&req->arena, "%s/%s", req->path,
				json_string_value(json_object_get(record, "id")));
	response_header(res, "Location", location);
	response_json(res, 201, record);
}

void
api_entity_update(struct request *req, struct response *res)
{
	const struct entity_def *def = req->route->data;
	json_t *body, *record;
	enum lp_status rc;
	const char *if_match = request_header(req, "If-Match");

	rc = api_read_body(req, &body);
	/* If-Match: "3" asks for version 3, like a "version" in the body; "*"
	 * asks for none; a tag that names no version of ours (weak, empty,
	 * text) matches none, so the update is refused rather than applied */
	if (!rc && if_match && strcmp(if_match, "*") != 0 && !json_object_get(body, "version")) {
		const char *p = if_match + (if_match[0] == '"');
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p || (*end && strcmp(end, "\"") != 0))
			v = -1;
		json_object_set_new(body, "version", json_integer(v));
	}
	if (!rc)
		rc = entity_update(&req->ctx, def, req->params[0], body, &record);
	json_decref(body);
	if (rc) {
		response_problem(req, res, &req->err);
		return;
	}
	response_json(res, 200, record);
}
