/* request.c: reading a request and writing a response */
#include "surfaces/http/request.h"
#include "base/url.h"
#include "surfaces/http/router.h"
#include "base/json_writer.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const char *
request_form(struct request *req, const char *name)
{
	const char *p = req->body, *end;
	size_t nlen = strlen(name);

	if (!p)
		return NULL;
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
