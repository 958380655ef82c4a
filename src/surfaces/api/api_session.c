/* api_session.c: logging in and out through the JSON API, and who am I */
#include "surfaces/api/api.h"
#include "surfaces/http/server.h"
#include "surfaces/http/cookie.h"
#include "domain/auth.h"

#include <string.h>

/* The actor as JSON: account, person and role grants. */
static json_t *
actor_json(const struct actor *a, const char *csrf)
{
	json_t *roles = json_array();

	for (int i = 0; i < a->grant_count; i++)
		json_array_append_new(roles, json_pack("{s:s, s:s?}", "role",
			role_name(a->grants[i].role), "organisation_id",
			a->grants[i].organisation_id[0] ? a->grants[i].organisation_id : NULL));
	return json_pack("{s:s, s:s, s:s?, s:s, s:o, s:s?}", "account_id", a->account_id,
			 "email", a->email, "person_id", a->person_id[0] ? a->person_id : NULL,
			 "language", a->language, "roles", roles, "csrf_token", csrf);
}

void
api_session_create(struct request *req, struct response *res)
{
	struct auth_session session;
	struct actor who;
	json_t *body;
	enum lp_status rc;
	int retry = 0;
	const char *key;
	json_t *v;

	rc = api_read_body(req, &body);
	if (rc) {
		response_problem(req, res, &req->err);
		return;
	}
	json_object_foreach(body, key, v) {
		/* key belongs to body: fail before letting go of it */
		if (strcmp(key, "email") && strcmp(key, "password")) {
			lp_fail(&req->err, LP_EINVAL, key, "is not a field of a login");
			json_decref(body);
			response_problem(req, res, &req->err);
			return;
		}
		if (!json_is_string(v)) {
			lp_fail(&req->err, LP_EINVAL, key, "must be a string");
			json_decref(body);
			response_problem(req, res, &req->err);
			return;
		}
	}
	rc = auth_login(&req->ctx, json_string_value(json_object_get(body, "email")),
			json_string_value(json_object_get(body, "password")), req->address,
			&session, &retry);
	json_decref(body);
	if (!rc)
		rc = auth_load_actor(&req->ctx, session.account_id, &who);
	if (rc) {
		if (retry > 0)
			response_header(res, "Retry-After", arena_printf(&req->arena, "%d", retry));
		response_problem(req, res, &req->err);
		return;
	}
	response_header(res, "Set-Cookie", cookie_session(req, session.token));
	response_json(res, 201, actor_json(&who, session.csrf));
}

void
api_session_get(struct request *req, struct response *res)
{
	if (req->actor.kind != ACTOR_ACCOUNT) {
		lp_fail(&req->err, LP_EUNAUTH, NULL, "not logged in");
		response_problem(req, res, &req->err);
		return;
	}
	response_json(res, 200, actor_json(&req->actor, req->csrf));
}

void
api_session_delete(struct request *req, struct response *res)
{
	if (req->auth == AUTH_SESSION && auth_logout(&req->ctx, req->session_token)) {
		response_problem(req, res, &req->err);
		return;
	}
	response_header(res, "Set-Cookie", cookie_session_clear());
	res->status = 204;
	res->content_type = NULL;
}
