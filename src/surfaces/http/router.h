/* router.h: the one table of every route (cgit's cmd table)
 *
 * A pattern is a path whose segments are literals or `{name}`, which
 * match one non-empty segment and are handed to the handler in order as
 * req->params. The OpenAPI document and a test are kept in step with this
 * table.
 */
#ifndef LEERPAD_ROUTER_H
#define LEERPAD_ROUTER_H

#include "surfaces/http/request.h"

typedef void (*route_handler)(struct request *req, struct response *res);

#define ROUTE_API      0x01u  /* JSON in and out; problems as problem+json */
#define ROUTE_PAGE     0x02u  /* HTML; forms with CSRF tokens */
#define ROUTE_PUBLIC   0x04u  /* anyone, also without login */
#define ROUTE_NO_CSRF  0x08u  /* a write that needs no anti-forgery token
				 (the login form, which checks its own) */
#define ROUTE_UPLOAD   0x10u  /* also takes multipart/form-data (files) */
#define ROUTE_READS    0x20u  /* a GET whose handler only reads: the request's
				 authentication runs in the handler's read
				 snapshot (db_read_begin) too */

struct route {
	const char *method;       /* "GET", "POST", "PATCH", "DELETE" */
	const char *pattern;
	route_handler handler;
	unsigned flags;
	const void *data;         /* handler's own: e.g. the entity_def */
	const char *summary;      /* one line for OpenAPI */
};

extern const struct route routes[];
extern const int route_count;

/* Finds the route for method and path, filling req->params. Returns NULL
 * if none matches; *path_known tells whether another method would. */
const struct route *router_match(struct request *req, const char *method,
				 const char *path, bool *path_known);

/* The methods some route answers at path, as an Allow header value
 * ("GET, HEAD, PATCH"; arena string, "" if none): what a 405 must list. */
const char *router_allowed(struct request *req, const char *path);

#endif
