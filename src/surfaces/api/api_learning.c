/* api_learning.c: the JSON API of the learning agreements (issue 4)
 *
 * Thin: each handler reads its input, calls the domain and renders the
 * answer; access and every rule are the domain's. Bodies are JSON objects
 * whose unknown members are refused; evidence files come as
 * multipart/form-data (the same form a page without JavaScript sends).
 */
#include "surfaces/api/api_learning.h"
#include "surfaces/api/api.h"
#include "domain/agreement.h"
#include "domain/assessment.h"
#include "domain/coaching.h"
#include "domain/enrolment.h"
#include "domain/evidence.h"
#include "domain/learning_util.h"
#include "domain/prior_learning.h"
#include "domain/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------- */

/* Reads the JSON body and refuses members not in keys. */
static enum lp_status
body_of(struct request *req, const char *const *keys, json_t **body)
{
	enum lp_status rc = api_read_body(req, body);

	if (!rc)
		rc = lu_only_keys(&req->ctx, *body, keys, "body");
	if (rc) {
		json_decref(*body);
		*body = NULL;
	}
	return rc;
}

/* A string member (NULL when absent or null); LP_EINVAL for another type. */
static enum lp_status
member(struct request *req, const json_t *body, const char *key, const char **out)
{
	const json_t *v = json_object_get(body, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return LP_OK;
	if (!json_is_string(v))
		return lp_fail(&req->err, LP_EINVAL, key, "must be a string");
	*out = json_string_value(v);
	return LP_OK;
}

/* Runs an entity engine handler with def as its route's data. */
static void
as_entity(struct request *req, struct response *res, const struct entity_def *def,
	  route_handler handler)
{
	const struct route *orig = req->route;
	struct route r = *orig;

	r.data = def;
	req->route = &r;
	handler(req, res);
	req->route = orig;
}

/* ---- periods, cohorts, enrolments ---------------------------------------- */

void api_periods_list(struct request *req, struct response *res)
{ as_entity(req, res, &periods_def, api_entity_list); }
void api_periods_create(struct request *req, struct response *res)
{ as_entity(req, res, &periods_def, api_entity_create); }
void api_cohorts_list(struct request *req, struct response *res)
{ as_entity(req, res, &cohorts_def, api_entity_list); }
void api_cohorts_create(struct request *req, struct response *res)
{ as_entity(req, res, &cohorts_def, api_entity_create); }
void api_enrolments_list(struct request *req, struct response *res)
{ as_entity(req, res, &enrolments_def, api_entity_list); }
void api_enrolments_create(struct request *req, struct response *res)
{ as_entity(req, res, &enrolments_def, api_entity_create); }
void api_enrolment_get(struct request *req, struct response *res)
{ as_entity(req, res, &enrolments_def, api_entity_get); }
void api_enrolment_update(struct request *req, struct response *res)
{ as_entity(req, res, &enrolments_def, api_entity_update); }

void
api_enrolment_progress(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = progress_get(&req->ctx, req->params[0], &out);

	api_reply(req, res, rc, out, 200);
}

void
api_enrolment_graduate(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = progress_graduate(&req->ctx, req->params[0], &out);

	api_reply(req, res, rc, out, 200);
}

void
api_enrolment_agreements(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = agreement_list(&req->ctx, req->params[0], &out);

	api_reply(req, res, rc, out, 200);
}

/* ---- agreements ------------------------------------------------------------ */

void
api_agreement_create(struct request *req, struct response *res)
{
	static const char *const keys[] = { "enrolment_id", "period_id", "content", NULL };
	const char *enrolment = NULL, *period = NULL;
	json_t *body, *out = NULL;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc)
		rc = member(req, body, "enrolment_id", &enrolment);
	if (!rc)
		rc = member(req, body, "period_id", &period);
	if (!rc && !enrolment)
		rc = lp_fail(&req->err, LP_EINVAL, "enrolment_id", "is required");
	if (!rc)
		rc = agreement_create(&req->ctx, enrolment, period, json_object_get(body, "content"),
				      &out);
	json_decref(body);
	if (!rc)
		response_header(res, "Location", arena_printf(&req->arena, "/api/v1/agreements/%s",
			json_string_value(json_object_get(out, "id"))));
	api_reply(req, res, rc, out, 201);
}

void
api_agreement_get(struct request *req, struct response *res)
{
	const char *v = request_query(req, "version");
	json_t *out = NULL;
	enum lp_status rc;

	if (v) {
		char *end;
		long long n = strtoll(v, &end, 10);
		if (*v == '\0' || *end || n < 1)
			rc = lp_fail(&req->err, LP_EINVAL, "version", "must be a version number");
		else
			rc = agreement_version_get(&req->ctx, req->params[0], n, &out);
	} else {
		rc = agreement_get(&req->ctx, req->params[0], &out);
	}
	api_reply(req, res, rc, out, 200);
}

void
api_agreement_save(struct request *req, struct response *res)
{
	static const char *const keys[] = { "version", "content", NULL };
	json_t *body, *out = NULL;
	int64_t version = 0;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc)
		rc = lu_version(&req->ctx, body, &version);
	if (!rc && !json_object_get(body, "content"))
		rc = lp_fail(&req->err, LP_EINVAL, "content", "is required");
	if (!rc)
		rc = agreement_save_draft(&req->ctx, req->params[0], version,
					  json_object_get(body, "content"), &out);
	json_decref(body);
	api_reply(req, res, rc, out, 200);
}

/* The steps that take only the version read. */
static void
versioned_step(struct request *req, struct response *res,
	       enum lp_status (*step)(struct ctx *, const char *, int64_t, json_t **))
{
	static const char *const keys[] = { "version", NULL };
	json_t *body, *out = NULL;
	int64_t version = 0;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc)
		rc = lu_version(&req->ctx, body, &version);
	if (!rc)
		rc = step(&req->ctx, req->params[0], version, &out);
	json_decref(body);
	api_reply(req, res, rc, out, 200);
}

void api_agreement_propose(struct request *req, struct response *res)
{ versioned_step(req, res, agreement_propose); }
void api_agreement_reopen(struct request *req, struct response *res)
{ versioned_step(req, res, agreement_reopen); }
void api_agreement_amend(struct request *req, struct response *res)
{ versioned_step(req, res, agreement_amend); }
void api_agreement_close(struct request *req, struct response *res)
{ versioned_step(req, res, agreement_close); }

void
api_agreement_sign(struct request *req, struct response *res)
{
	static const char *const keys[] = { "side", "content_hash", NULL };
	const char *side = NULL, *hash = NULL;
	json_t *body, *out = NULL;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc)
		rc = member(req, body, "side", &side);
	if (!rc)
		rc = member(req, body, "content_hash", &hash);
	if (!rc)
		rc = agreement_sign(&req->ctx, req->params[0], side, hash, &out);
	json_decref(body);
	api_reply(req, res, rc, out, 201);
}

void
api_agreement_evaluate(struct request *req, struct response *res)
{
	static const char *const keys[] = { "side", "text", NULL };
	const char *side = NULL, *text = NULL;
	json_t *body, *out = NULL;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc)
		rc = member(req, body, "side", &side);
	if (!rc)
		rc = member(req, body, "text", &text);
	if (!rc)
		rc = agreement_evaluate(&req->ctx, req->params[0], side, text, &out);
	json_decref(body);
	api_reply(req, res, rc, out, 200);
}

/* ---- evidence ---------------------------------------------------------------- */

void
api_evidence_list(struct request *req, struct response *res)
{
	struct list_page pg;
	json_t *out = NULL;
	enum lp_status rc = api_page_args(req, &pg);

	if (!rc)
		rc = evidence_list_page(&req->ctx, req->params[0], request_query(req, "outcome_id"),
					&pg, &out);

	api_reply(req, res, rc, out, 200);
}

/* Fills in from a multipart body: fields and the part named "file". */
static enum lp_status
from_parts(struct request *req, const struct request_part *parts, struct evidence_input *in)
{
	static const char *const known[] = { "outcome_id", "kind", "title", "text", "url", "file",
					     "csrf", NULL };

	for (const struct request_part *p = parts; p; p = p->next) {
		bool ok = false;
		for (int i = 0; known[i] && !ok; i++)
			ok = strcmp(known[i], p->name) == 0;
		if (!ok)
			return lp_fail(&req->err, LP_EINVAL, p->name, "is not a known field");
		if (strcmp(p->name, "file") == 0) {
			if (!p->filename)
				return lp_fail(&req->err, LP_EINVAL, "file", "must be a file");
			in->file_name = p->filename;
			in->file_type = p->content_type;
			in->data = p->data;
			in->size = p->size;
		}
	}
	in->outcome_id = request_form(req, "outcome_id");
	in->kind = request_form(req, "kind");
	in->title = request_form(req, "title");
	in->text = request_form(req, "text");
	in->url = request_form(req, "url");
	if (!in->kind)
		in->kind = in->file_name ? "file" : NULL;
	if (in->kind && strcmp(in->kind, "file") == 0 && !in->file_name)
		return lp_fail(&req->err, LP_EINVAL, "file", "choose a file to upload");
	if (in->title && !*in->title && in->file_name)
		in->title = in->file_name;
	if (!in->title && in->file_name)
		in->title = in->file_name;
	return LP_OK;
}

void
api_evidence_create(struct request *req, struct response *res)
{
	static const char *const keys[] = { "outcome_id", "kind", "title", "text", "url", NULL };
	const struct request_part *parts = request_parts(req);
	struct evidence_input in;
	json_t *body = NULL, *out = NULL;
	enum lp_status rc;

	memset(&in, 0, sizeof(in));
	if (parts) {
		rc = from_parts(req, parts, &in);
	} else {
		rc = body_of(req, keys, &body);
		if (!rc)
			rc = member(req, body, "outcome_id", &in.outcome_id);
		if (!rc)
			rc = member(req, body, "kind", &in.kind);
		if (!rc)
			rc = member(req, body, "title", &in.title);
		if (!rc)
			rc = member(req, body, "text", &in.text);
		if (!rc)
			rc = member(req, body, "url", &in.url);
		if (!rc && in.kind && strcmp(in.kind, "file") == 0)
			rc = lp_fail(&req->err, LP_EINVAL, "kind",
				     "send a file as multipart/form-data with the part \"file\"");
	}
	if (!rc)
		rc = evidence_add(&req->ctx, req->params[0], &in, &out);
	json_decref(body);
	if (!rc)
		response_header(res, "Location", arena_printf(&req->arena, "/api/v1/evidence/%s",
			json_string_value(json_object_get(out, "id"))));
	api_reply(req, res, rc, out, 201);
}

void
api_evidence_get(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = evidence_get(&req->ctx, req->params[0], &out);

	api_reply(req, res, rc, out, 200);
}

void
api_evidence_download(struct request *req, struct response *res)
{
	const char *path = NULL, *type = NULL, *name = NULL;
	enum lp_status rc = evidence_file(&req->ctx, req->params[0], &path, &type, &name);
	struct buf disp = BUF_INIT;
	FILE *f;
	char chunk[8192];
	size_t n;

	if (rc) {
		api_reply(req, res, rc, NULL, 200);
		return;
	}
	f = fopen(path, "rb");
	if (!f) {
		lp_fail(&req->err, LP_EIO, NULL, "the stored file %s cannot be read", path);
		response_problem(req, res, &req->err);
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&res->body, chunk, n);
	fclose(f);
	/* the name as RFC 5987 percent-encoded UTF-8: no quoting problems */
	buf_puts(&disp, "attachment; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
			buf_putc(&disp, (char)*p);
		else
			buf_printf(&disp, "%%%02X", *p);
	}
	response_header(res, "Content-Disposition", arena_strdup(&req->arena, buf_str(&disp)));
	buf_release(&disp);
	res->status = 200;
	res->content_type = type;
}

void
api_evidence_attest(struct request *req, struct response *res)
{
	static const char *const keys[] = { "statement", NULL };
	const char *statement = NULL;
	json_t *body, *out = NULL;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc)
		rc = member(req, body, "statement", &statement);
	if (!rc)
		rc = evidence_attest(&req->ctx, req->params[0], statement, &out);
	json_decref(body);
	api_reply(req, res, rc, out, 201);
}

/* ---- assessment ---------------------------------------------------------------- */

void
api_assessments_list(struct request *req, struct response *res)
{
	struct list_page pg;
	json_t *out = NULL;
	enum lp_status rc = api_page_args(req, &pg);

	if (!rc)
		rc = assessment_list_page(&req->ctx, req->params[0], &pg, &out);

	api_reply(req, res, rc, out, 200);
}

/* Reads a judgement from body (outcome_id only when with_outcome). */
static enum lp_status
judgement(struct request *req, const json_t *body, bool with_outcome,
	  struct assessment_input *in)
{
	enum lp_status rc = LP_OK;

	memset(in, 0, sizeof(*in));
	if (with_outcome)
		rc = member(req, body, "outcome_id", &in->outcome_id);
	if (!rc)
		rc = member(req, body, "result", &in->result);
	if (!rc)
		rc = member(req, body, "rationale", &in->rationale);
	if (!rc)
		rc = member(req, body, "assessed_on", &in->assessed_on);
	if (!rc)
		rc = member(req, body, "internal_notes", &in->internal_notes);
	return rc;
}

void
api_assessments_create(struct request *req, struct response *res)
{
	static const char *const keys[] = { "outcome_id", "result", "rationale", "assessed_on",
					    "internal_notes", NULL };
	struct assessment_input in;
	json_t *body, *out = NULL;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc)
		rc = judgement(req, body, true, &in);
	if (!rc)
		rc = assessment_record(&req->ctx, req->params[0], &in, &out);
	json_decref(body);
	api_reply(req, res, rc, out, 201);
}

void
api_assessment_second(struct request *req, struct response *res)
{
	static const char *const keys[] = { "result", "rationale", "assessed_on",
					    "internal_notes", NULL };
	struct assessment_input in;
	json_t *body, *out = NULL;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc)
		rc = judgement(req, body, false, &in);
	if (!rc)
		rc = assessment_second(&req->ctx, req->params[0], &in, &out);
	json_decref(body);
	api_reply(req, res, rc, out, 200);
}

void
api_assessment_confirm(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = assessment_confirm(&req->ctx, req->params[0], &out);

	api_reply(req, res, rc, out, 200);
}

void
api_examiner_queue(struct request *req, struct response *res)
{
	struct list_page pg;
	json_t *out = NULL, *confirm = NULL;
	enum lp_status rc = api_page_args(req, &pg);

	/* a page of outcomes to judge, and the first page of confirmations
	 * (more at /api/v1/examiner-queue/confirmations) */
	if (!rc)
		rc = assessment_queue_page(&req->ctx, &pg, &out);
	if (!rc) {
		struct list_page first = { NULL, pg.limit };
		rc = assessment_confirm_page(&req->ctx, &first, &confirm);
	}
	if (!rc) {
		json_object_set(out, "to_confirm", json_object_get(confirm, "items"));
		json_object_set(out, "to_confirm_next_cursor", json_object_get(confirm,
										"next_cursor"));
	}
	json_decref(confirm);
	api_reply(req, res, rc, out, 200);
}

void
api_assessment_rules_get(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = assessment_get_rules(&req->ctx, req->params[0], &out);

	api_reply(req, res, rc, out, 200);
}

void
api_assessment_rules_set(struct request *req, struct response *res)
{
	static const char *const keys[] = { "second_examiner", "coach_may_examine", NULL };
	json_t *body, *out = NULL, *a, *b;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc) {
		a = json_object_get(body, "second_examiner");
		b = json_object_get(body, "coach_may_examine");
		if (!json_is_boolean(a))
			rc = lp_fail(&req->err, LP_EINVAL, "second_examiner", "must be true or false");
		else if (!json_is_boolean(b))
			rc = lp_fail(&req->err, LP_EINVAL, "coach_may_examine",
				     "must be true or false");
		else
			rc = assessment_set_rules(&req->ctx, req->params[0], json_is_true(a),
						  json_is_true(b), &out);
	}
	json_decref(body);
	api_reply(req, res, rc, out, 200);
}

/* ---- prior learning ---------------------------------------------------------------- */

void
api_prior_learning_list(struct request *req, struct response *res)
{
	struct list_page pg;
	json_t *out = NULL;
	enum lp_status rc = api_page_args(req, &pg);

	if (!rc)
		rc = prior_learning_list_page(&req->ctx, req->params[0], &pg, &out);

	api_reply(req, res, rc, out, 200);
}

void
api_prior_learning_create(struct request *req, struct response *res)
{
	static const char *const keys[] = { "outcome_id", "statement", "evidence", "examiner_id",
					    NULL };
	const char *outcome = NULL, *statement = NULL, *evidence = NULL, *examiner = NULL;
	json_t *body = NULL, *out = NULL;
	enum lp_status rc;

	if (request_parts(req)) {
		/* multipart: the evidence may also be a file or a link */
		api_prior_learning_create_parts(req, res);
		return;
	}
	rc = body_of(req, keys, &body);
	if (!rc)
		rc = member(req, body, "outcome_id", &outcome);
	if (!rc)
		rc = member(req, body, "statement", &statement);
	if (!rc)
		rc = member(req, body, "evidence", &evidence);
	if (!rc)
		rc = member(req, body, "examiner_id", &examiner);
	if (!rc)
		rc = prior_learning_claim(&req->ctx, req->params[0], outcome, statement, evidence,
					  examiner, &out);
	json_decref(body);
	api_reply(req, res, rc, out, 201);
}

void
api_prior_learning_judge(struct request *req, struct response *res)
{
	static const char *const keys[] = { "result", "rationale", NULL };
	const char *result = NULL, *rationale = NULL;
	json_t *body, *out = NULL;
	enum lp_status rc = body_of(req, keys, &body);

	if (!rc)
		rc = member(req, body, "result", &result);
	if (!rc)
		rc = member(req, body, "rationale", &rationale);
	if (!rc)
		rc = prior_learning_judge(&req->ctx, req->params[0], result, rationale, &out);
	json_decref(body);
	api_reply(req, res, rc, out, 200);
}

void
api_prior_learning_confirm(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = prior_learning_confirm(&req->ctx, req->params[0], &out);

	api_reply(req, res, rc, out, 200);
}

/* ---- coaching log ---------------------------------------------------------------- */

void
api_coaching_list(struct request *req, struct response *res)
{
	struct list_page pg;
	json_t *out = NULL;
	enum lp_status rc = api_page_args(req, &pg);

	if (!rc)
		rc = coaching_list_page(&req->ctx, req->params[0], &pg, &out);

	api_reply(req, res, rc, out, 200);
}

void
api_coaching_create(struct request *req, struct response *res)
{
	json_t *body = NULL, *out = NULL;
	enum lp_status rc = api_read_body(req, &body);

	if (!rc)
		rc = coaching_add(&req->ctx, req->params[0], body, &out);
	json_decref(body);
	api_reply(req, res, rc, out, 201);
}
