/* request.h: one HTTP request and its response, as handlers see them
 *
 * The server fills a struct request before calling the handler: method,
 * path, route parameters, the body (capped), the actor from the session
 * cookie or bearer token, the language and a per-request arena that owns
 * everything handlers allocate. Handlers fill the struct response.
 */
#ifndef LEERPAD_REQUEST_H
#define LEERPAD_REQUEST_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "domain/context.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define REQUEST_MAX_PARAMS 4
#define RESPONSE_MAX_HEADERS 8

struct MHD_Connection;
struct route;

enum auth_method { AUTH_NONE, AUTH_SESSION, AUTH_TOKEN };

/* One part of a multipart/form-data body: a form field or a file. */
struct request_part {
	const char *name;
	const char *filename;      /* NULL for a plain field */
	const char *content_type;  /* as the client declared it; may be NULL */
	const char *data;          /* NUL-terminated; size bytes (files may hold NULs) */
	size_t size;
	size_t cap;                /* bytes data has room for, while it grows */
	struct request_part *next;
};

struct request {
	struct MHD_Connection *connection;
	const struct route *route;
	const char *method;
	const char *path;
	const char *params[REQUEST_MAX_PARAMS];   /* the {..} parts of the route */
	int param_count;
	const char *body;          /* NUL-terminated; body_len bytes */
	size_t body_len;
	const char *address;       /* the client's IP address as text */
	enum lang lang;
	enum auth_method auth;
	const char *session_token; /* the cookie value, when AUTH_SESSION */
	const char *csrf;          /* the token forms and writes must carry */
	struct actor actor;
	struct arena arena;
	struct lp_error err;
	struct ctx ctx;            /* actor, this thread's db, arena, err */
	struct view_labels *labels; /* the labels pages looked up in this
				       request (web/view.c), or NULL */
	struct request_part *parts; /* multipart body, once parsed (request_parts) */
	bool parts_parsed;
};

struct response_header {
	const char *name;
	const char *value;
};

struct response {
	int status;
	const char *content_type;
	struct buf body;
	int header_count;
	struct response_header headers[RESPONSE_MAX_HEADERS];
};

/* Values from the request, NULL when absent; valid for the request. */
const char *request_header(struct request *req, const char *name);
const char *request_query(struct request *req, const char *name);
const char *request_cookie(struct request *req, const char *name);
/* A field of an application/x-www-form-urlencoded body (decoded, arena);
 * NULL when absent. */
const char *request_form(struct request *req, const char *name);
/* The parts of a multipart/form-data body, parsed once (arena); NULL if the
 * body is not multipart or holds no parts. request_form also reads the
 * plain fields of a multipart body. */
const struct request_part *request_parts(struct request *req);
/* Calls fn for every query argument; stops when fn returns false. */
void request_query_each(struct request *req,
			bool (*fn)(void *data, const char *key, const char *value), void *data);
/* Translates msgid into the request's language. */
const char *request_tr(struct request *req, const char *msgid);

/* Adds a header (name and value must live as long as the request). */
void response_header(struct response *res, const char *name, const char *value);
/* Sets a JSON body (steals the reference to value). */
void response_json(struct response *res, int status, json_t *value);
/* Starts a JSON body that w writes as it goes (base/json_writer.h): sets
 * the status and the type, empties the body and points w at it. */
struct jw;
void response_json_begin(struct response *res, int status, struct jw *w);
/* Sets an RFC 9457 problem+json body from a status and its detail. */
void response_problem(struct request *req, struct response *res, const struct lp_error *err);
/* The same with an HTTP status of its own, for statuses no lp_status maps
 * to (405): the problem's "status" member always equals the HTTP status. */
void response_problem_status(struct request *req, struct response *res,
			     const struct lp_error *err, int http_status);
/* Answers 303 See Other to location (POST-redirect-GET). */
void response_redirect(struct response *res, const char *location);
/* The HTTP status for a leerpad status: the one mapping of the server. */
int http_status_for(enum lp_status status);

#endif
