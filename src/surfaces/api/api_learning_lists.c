/* api_learning_lists.c: the paged lists of issue 4 and the prior learning
 * queue (limit and cursor as for every list, see domain/list_page.h)
 *
 *   GET /api/v1/prior-learning       the claims waiting for the reader
 *   GET /api/v1/prior-learning/{id}  one claim
 *   GET /api/v1/examiner-queue/confirmations  the exam board's assessments
 *                                    to confirm
 *   GET /api/v1/agreements/{id}/versions  an agreement's versions, newest
 *                                    first
 */
#include "surfaces/api/api_learning.h"
#include "surfaces/api/api.h"
#include "domain/entity.h"
#include "domain/agreement.h"
#include "domain/assessment.h"
#include "domain/prior_learning.h"

#include <stdlib.h>
#include <string.h>

enum lp_status
api_page_args(struct request *req, struct list_page *pg)
{
	const char *limit = request_query(req, "limit");

	memset(pg, 0, sizeof(*pg));
	pg->cursor = request_query(req, "cursor");
	if (limit) {
		char *end;
		long n = strtol(limit, &end, 10);
		if (*limit == '\0' || *end || n < 1 || n > ENTITY_LIST_MAX)
			return lp_fail(&req->err, LP_EINVAL, "limit",
				       "must be a whole number from 1 to %d", ENTITY_LIST_MAX);
		pg->limit = (int)n;
	}
	/* the cursor is the domain's to check: not every list's is an id */
	return LP_OK;
}

void
api_reply(struct request *req, struct response *res, enum lp_status rc, json_t *out,
	  int status)
{
	if (rc) {
		json_decref(out);
		if (!req->err.status)
			req->err.status = rc;
		response_problem(req, res, &req->err);
		return;
	}
	response_json(res, status, out);
}

void
api_prior_learning_queue(struct request *req, struct response *res)
{
	struct list_page pg;
	json_t *out = NULL;
	enum lp_status rc = api_page_args(req, &pg);

	if (!rc)
		rc = prior_learning_queue(&req->ctx, &pg, &out);
	api_reply(req, res, rc, out, 200);
}

void
api_prior_learning_get(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = prior_learning_get(&req->ctx, req->params[0], &out);

	api_reply(req, res, rc, out, 200);
}

void
api_examiner_confirmations(struct request *req, struct response *res)
{
	struct list_page pg;
	json_t *out = NULL;
	enum lp_status rc = api_page_args(req, &pg);

	if (!rc)
		rc = assessment_confirm_page(&req->ctx, &pg, &out);
	api_reply(req, res, rc, out, 200);
}

void
api_agreement_versions(struct request *req, struct response *res)
{
	struct list_page pg;
	json_t *out = NULL;
	enum lp_status rc = api_page_args(req, &pg);

	if (!rc)
		rc = agreement_versions_page(&req->ctx, req->params[0], &pg, &out);
	api_reply(req, res, rc, out, 200);
}
