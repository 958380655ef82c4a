/* api_learning_lists.c: the paged lists of issue 4 and the prior learning
 * queue (limit and cursor as for every list, see domain/list_page.h)
 *
 *   GET /api/v1/prior-learning       the claims waiting for the reader
 *   GET /api/v1/prior-learning/{id}  one claim
 *   GET /api/v1/examiner-queue/confirmations  the exam board's assessments
 *                                    to confirm
 *   GET /api/v1/agreements/{id}/versions  an agreement's versions, newest
 *                                    first
 * and a prior learning claim sent as multipart/form-data, whose evidence
 * may be a file or a link (api_prior_learning_create hands it here).
 */
#include "surfaces/api/api_learning.h"
#include "surfaces/api/api.h"
#include "domain/entity.h"
#include "domain/evidence.h"
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
	/* the cursor is the domain's to check: not every list's is an id */
	return limit ? api_parse_limit(req, limit, &pg->limit) : LP_OK;
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

void
api_prior_learning_create_parts(struct request *req, struct response *res)
{
	static const char *const known[] = { "outcome_id", "statement", "evidence", "examiner_id",
					     "kind", "title", "url", "file", "csrf", NULL };
	struct evidence_input in;
	const char *kind = request_form(req, "kind");
	json_t *out = NULL;
	enum lp_status rc = LP_OK;

	memset(&in, 0, sizeof(in));
	for (const struct request_part *p = request_parts(req); p && !rc; p = p->next) {
		bool ok = false;
		for (int i = 0; known[i] && !ok; i++)
			ok = strcmp(known[i], p->name) == 0;
		if (!ok)
			rc = lp_fail(&req->err, LP_EINVAL, p->name, "is not a known field");
		else if (strcmp(p->name, "file") == 0 && !p->filename)
			rc = lp_fail(&req->err, LP_EINVAL, "file", "must be a file");
		else if (strcmp(p->name, "file") == 0) {
			in.file_name = p->filename;
			in.file_type = p->content_type;
			in.data = p->data;
			in.size = p->size;
		}
	}
	/* the kind of the evidence piece: as given, or file when one comes */
	if (!kind && in.file_name)
		kind = "file";
	if (!rc && kind && strcmp(kind, "file") != 0 && strcmp(kind, "link") != 0)
		rc = lp_fail(&req->err, LP_EINVAL, "kind", "must be file or link");
	if (!rc && kind && strcmp(kind, "file") == 0 && !in.file_name)
		rc = lp_fail(&req->err, LP_EINVAL, "file", "choose a file to upload");
	if (!rc && kind) {
		in.kind = kind;
		in.url = request_form(req, "url");
		in.title = request_form(req, "title");
		if (!in.title || !*in.title)
			in.title = in.file_name ? in.file_name : in.url;
	}
	if (!rc)
		rc = prior_learning_claim_with_evidence(&req->ctx, req->params[0],
							request_form(req, "outcome_id"),
							request_form(req, "statement"),
							request_form(req, "evidence"),
							request_form(req, "examiner_id"),
							kind ? &in : NULL, &out);
	api_reply(req, res, rc, out, 201);
}
