/* request.c: reading a request and writing a response */
#include "surfaces/http/request.h"
#include "base/url.h"
#include "surfaces/http/router.h"
#include "base/json_writer.h"
#include "base/utf8.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *
request_header(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

const char *
request_query(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *
request_cookie(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->connection, MHD_COOKIE_KIND, name);
}

struct each_state {
	bool (*fn)(void *data, const char *key, const char *value);
	void *data;
};

static enum MHD_Result
each_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct each_state *s = cls;

	(void)kind;
	return s->fn(s->data, key, value ? value : "") ? MHD_YES : MHD_NO;
}

void
request_query_each(struct request *req, bool (*fn)(void *, const char *, const char *),
		   void *data)
{
	struct each_state s = { fn, data };

	MHD_get_connection_values(req->connection, MHD_GET_ARGUMENT_KIND, each_arg, &s);
}

/* The post processor's iterator: appends each chunk to its part. */
static enum MHD_Result
collect_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
	     const char *content_type, const char *transfer_encoding, const char *data,
	     uint64_t off, size_t size)
{
	struct request *req = cls;
	struct request_part *part = req->parts, **tail = &req->parts;

	(void)kind;
	(void)transfer_encoding;
	while (part && part->next)
		part = part->next;
	if (off == 0 || !part || strcmp(part->name, key ? key : "") != 0) {
		struct request_part *n = arena_zalloc(&req->arena, sizeof(*n));
		n->name = arena_strdup(&req->arena, key ? key : "");
		n->filename = filename ? arena_strdup(&req->arena, filename) : NULL;
		n->content_type = content_type ? arena_strdup(&req->arena, content_type) : NULL;
		n->data = "";
		while (*tail)
			tail = &(*tail)->next;
		*tail = n;
		part = n;
	}
	if (size > 0) {
		/* room doubles, so a file of n bytes in chunks costs O(n) copying,
		 * not a copy of everything so far for every chunk */
		if (part->size + size + 1 > part->cap) {
			size_t cap = part->cap ? part->cap : 4096;
			char *grown;
			while (cap < part->size + size + 1)
				cap *= 2;
			grown = arena_alloc(&req->arena, cap);
			memcpy(grown, part->data, part->size);
			part->data = grown;
			part->cap = cap;
		}
		memcpy((char *)part->data + part->size, data, size);
		part->size += size;
		((char *)part->data)[part->size] = '\0';
	}
	return MHD_YES;
}

const struct request_part *
request_parts(struct request *req)
{
	const char *ct = request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	struct MHD_PostProcessor *pp;

	if (req->parts_parsed)
		return req->parts;
	req->parts_parsed = true;
	if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0 || !req->connection ||
	    req->body_len == 0)
		return NULL;
	pp = MHD_create_post_processor(req->connection, 64 * 1024, collect_part, req);
	if (!pp)
		return NULL;
	if (MHD_post_process(pp, req->body, req->body_len) != MHD_YES)
		req->parts = NULL;
	MHD_destroy_post_processor(pp);
	return req->parts;
}

const char *
request_form(struct request *req, const char *name)
{
	const char *p = req->body, *end;
	size_t nlen = strlen(name);

	if (!p)
		return NULL;
	if (request_parts(req)) {
		for (const struct request_part *part = req->parts; part; part = part->next)
			if (!part->filename && strcmp(part->name, name) == 0)
				return utf8_is_valid(part->data, part->size) &&
					strlen(part->data) == part->size ? part->data : NULL;
		return NULL;
	}
	end = p + req->body_len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *kend = eq ? eq : stop;
		char *key = url_decode(&req->arena, p, (size_t)(kend - p));

		if (strlen(key) == nlen && memcmp(key, name, nlen) == 0)
			return eq ? url_decode(&req->arena, eq + 1, (size_t)(stop - eq - 1)) : "";
		p = stop + 1;
	}
	return NULL;
}

const char *
request_tr(struct request *req, const char *msgid)
{
	return tr(req->lang, msgid);
}

void
response_header(struct response *res, const char *name, const char *value)
{
	if (res->header_count < RESPONSE_MAX_HEADERS) {
		res->headers[res->header_count].name = name;
		res->headers[res->header_count].value = value;
		res->header_count++;
	}
}

void
response_json_begin(struct response *res, int status, struct jw *w)
{
	res->status = status;
	res->content_type = "application/json";
	buf_reset(&res->body);
	jw_init(w, &res->body);
}

void
response_json(struct response *res, int status, json_t *value)
{
	struct jw w;

	/* the text json_dumps(JSON_COMPACT) would make, without its cost */
	response_json_begin(res, status, &w);
	jw_value(&w, value);
	json_decref(value);
}

int
http_status_for(enum lp_status status)
{
	switch (status) {
	case LP_OK: return 200;
	case LP_EINVAL: return 422;
	case LP_EMALFORMED: return 400;
	case LP_ENOTFOUND: return 404;
	case LP_EUNAUTH: return 401;
	case LP_EFORBIDDEN: return 403;
	case LP_ECONFLICT: return 409;
	case LP_ETOOBIG: return 413;
	case LP_ERATELIMIT: return 429;
	case LP_EUNSUPPORTED: return 415;
	default: return 500;
	}
}

void
response_problem(struct request *req, struct response *res, const struct lp_error *err)
{
	response_problem_status(req, res, err,
				http_status_for(err->status ? err->status : LP_EINTERNAL));
}

void
response_problem_status(struct request *req, struct response *res, const struct lp_error *err,
			int http_status)
{
	enum lp_status status = err->status ? err->status : LP_EINTERNAL;
	json_t *p = json_object();
	char type[128];

	snprintf(type, sizeof(type), "https://leerpad.nl/problems/%s", lp_status_name(status));
	json_object_set_new(p, "type", json_string(type));
	json_object_set_new(p, "title", json_string(request_tr(req, lp_status_title(status))));
	json_object_set_new(p, "status", json_integer(http_status));
	if (status == LP_EDB || status == LP_EINTERNAL || status == LP_EIO)
		/* the details of a server fault are in the log, not for clients */
		json_object_set_new(p, "detail", json_string(request_tr(req,
			"Something went wrong on our side; it has been logged.")));
	else if (err->reason[0])
		json_object_set_new(p, "detail", json_string(err->reason));
	if (err->field[0])
		json_object_set_new(p, "field", json_string(err->field));
	if (req->path)
		json_object_set_new(p, "instance", json_string(req->path));
	response_json(res, http_status, p);
	res->content_type = "application/problem+json";
}

void
response_redirect(struct response *res, const char *location)
{
	res->status = 303;
	response_header(res, "Location", location);
	res->content_type = "text/plain; charset=utf-8";
	buf_reset(&res->body);
	buf_puts(&res->body, "See Other\n");
}
