/* api_funding.c: the JSON API of an employer's contribution to its
 * employees' learning, as a share and/or a cap, per employer or per
 * employee (domain/employer_funding.h)
 *
 *   GET    /api/v1/employers/{id}/funding
 *   PUT    /api/v1/employers/{id}/funding                  the default
 *   DELETE /api/v1/employers/{id}/funding
 *   PUT    /api/v1/employers/{id}/funding/employments/{employment_id}
 *   DELETE /api/v1/employers/{id}/funding/employments/{employment_id}
 *
 * Each answers with the employer's arrangements as GET does. These writes
 * move no money (they shape the costs shown before signing), so they need
 * no Idempotency-Key: a repeated PUT or DELETE gives the same state.
 */
#include "surfaces/api/api.h"
#include "domain/employer_funding.h"

/* Answers the arrangements or the problem. */
static void
answer(struct request *req, struct response *res, enum lp_status rc, json_t *out)
{
	if (rc) {
		json_decref(out);
		if (!req->err.status)
			req->err.status = rc;
		response_problem(req, res, &req->err);
		return;
	}
	response_json(res, 200, out);
}

void
api_funding_get(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = employer_funding_get(&req->ctx, req->params[0], &out);

	answer(req, res, rc, out);
}

/* PUT of the default (employment_id NULL) or of an override. */
static void
set(struct request *req, struct response *res, const char *employment_id)
{
	json_t *in = NULL, *out = NULL;
	enum lp_status rc = api_read_body(req, &in);

	if (!rc)
		rc = employer_funding_set(&req->ctx, req->params[0], employment_id, in, &out);
	json_decref(in);
	answer(req, res, rc, out);
}

void
api_funding_set(struct request *req, struct response *res)
{
	set(req, res, NULL);
}

void
api_funding_employee_set(struct request *req, struct response *res)
{
	set(req, res, req->params[1]);
}

void
api_funding_clear(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = employer_funding_clear(&req->ctx, req->params[0], NULL, &out);

	answer(req, res, rc, out);
}

void
api_funding_employee_clear(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = employer_funding_clear(&req->ctx, req->params[0], req->params[1], &out);

	answer(req, res, rc, out);
}
