/* router.c: matching a request to the route table */
#include "surfaces/http/router.h"

#include <string.h>

/* Matches one pattern against a path; params go into the arena. */
static bool
pattern_match(struct request *req, const char *pattern, const char *path)
{
	int count = 0;

	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return false;
		pattern++;
		path++;
		if (*pattern == '{') {
			const char *end = strchr(pattern, '}');
			size_t len = strcspn(path, "/");
			if (!end || len == 0 || count >= REQUEST_MAX_PARAMS)
				return false;
			req->params[count++] = arena_strndup(&req->arena, path, len);
			pattern = end + 1;
			path += len;
		} else {
			size_t plen = strcspn(pattern, "/");
			size_t len = strcspn(path, "/");
			if (plen != len || strncmp(pattern, path, len) != 0)
				return false;
			pattern += plen;
			path += len;
		}
	}
	if (*pattern || *path)
		return false;
	req->param_count = count;
	return true;
}

const struct route *
router_match(struct request *req, const char *method, const char *path, bool *path_known)
{
	*path_known = false;
	for (int i = 0; i < route_count; i++) {
		const struct route *r = &routes[i];
		/* a literal first segment that begins with another byte cannot
		 * match: most routes are passed over without pattern_match */
		if (path[0] == '/' && r->pattern[1] != '{' && r->pattern[1] != path[1])
			continue;
		if (!pattern_match(req, r->pattern, path))
			continue;
		*path_known = true;
		if (strcmp(r->method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
			return r;
	}
	req->param_count = 0;
	return NULL;
}

const char *
router_allowed(struct request *req, const char *path)
{
	struct buf methods = BUF_INIT;
	const char *out;
	int saved = req->param_count;

	for (int i = 0; i < route_count; i++) {
		const struct route *r = &routes[i];
		if (!pattern_match(req, r->pattern, path) || strstr(buf_str(&methods), r->method))
			continue;
		buf_printf(&methods, "%s%s", methods.len ? ", " : "", r->method);
		if (strcmp(r->method, "GET") == 0)
			buf_puts(&methods, ", HEAD");
	}
	req->param_count = saved;
	out = arena_strdup(&req->arena, buf_str(&methods));
	buf_release(&methods);
	return out;
}
