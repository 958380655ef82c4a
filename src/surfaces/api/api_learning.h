/* api_learning.h: the JSON API of enrolments, learning agreements,
 * evidence, assessment, prior learning, progress and the coaching log
 * (issue 4), and their part of the OpenAPI document */
#ifndef LEERPAD_API_LEARNING_H
#define LEERPAD_API_LEARNING_H

#include "surfaces/http/router.h"
#include "domain/list_page.h"

#include <jansson.h>
#include <stdbool.h>

/* periods, cohorts, enrolments: the entity engine under its own routes */
void api_periods_list(struct request *req, struct response *res);
void api_periods_create(struct request *req, struct response *res);
void api_cohorts_list(struct request *req, struct response *res);
void api_cohorts_create(struct request *req, struct response *res);
void api_enrolments_list(struct request *req, struct response *res);
void api_enrolments_create(struct request *req, struct response *res);
void api_enrolment_get(struct request *req, struct response *res);
void api_enrolment_update(struct request *req, struct response *res);

void api_enrolment_progress(struct request *req, struct response *res);
void api_enrolment_graduate(struct request *req, struct response *res);
void api_enrolment_agreements(struct request *req, struct response *res);

void api_agreement_create(struct request *req, struct response *res);
void api_agreement_get(struct request *req, struct response *res);
void api_agreement_save(struct request *req, struct response *res);
void api_agreement_propose(struct request *req, struct response *res);
void api_agreement_reopen(struct request *req, struct response *res);
void api_agreement_sign(struct request *req, struct response *res);
void api_agreement_amend(struct request *req, struct response *res);
void api_agreement_evaluate(struct request *req, struct response *res);
void api_agreement_close(struct request *req, struct response *res);

void api_evidence_list(struct request *req, struct response *res);
void api_evidence_create(struct request *req, struct response *res);
void api_evidence_get(struct request *req, struct response *res);
void api_evidence_download(struct request *req, struct response *res);
void api_evidence_attest(struct request *req, struct response *res);

void api_assessments_list(struct request *req, struct response *res);
void api_assessments_create(struct request *req, struct response *res);
void api_assessment_second(struct request *req, struct response *res);
void api_assessment_confirm(struct request *req, struct response *res);
void api_examiner_queue(struct request *req, struct response *res);
void api_assessment_rules_get(struct request *req, struct response *res);
void api_assessment_rules_set(struct request *req, struct response *res);

void api_prior_learning_list(struct request *req, struct response *res);
void api_prior_learning_create(struct request *req, struct response *res);
void api_prior_learning_judge(struct request *req, struct response *res);
void api_prior_learning_confirm(struct request *req, struct response *res);
/* api_learning_lists.c: the claims waiting for the reader, one claim */
void api_prior_learning_queue(struct request *req, struct response *res);
void api_prior_learning_get(struct request *req, struct response *res);
void api_examiner_confirmations(struct request *req, struct response *res);
void api_agreement_versions(struct request *req, struct response *res);
/* POST /api/v1/enrolments/{id}/prior-learning as multipart/form-data: the
 * claim with a file or a link as evidence (kind "file" or "link"). */
void api_prior_learning_create_parts(struct request *req, struct response *res);
/* Reads limit and cursor from the query into *pg (LP_EINVAL with the
 * field for a bad value). */
enum lp_status api_page_args(struct request *req, struct list_page *pg);
/* The answer of a domain call: out with status, or the problem of rc. */
void api_reply(struct request *req, struct response *res, enum lp_status rc, json_t *out,
	       int status);

void api_coaching_list(struct request *req, struct response *res);
void api_coaching_create(struct request *req, struct response *res);

/* The OpenAPI operation of a route above (tags, body, responses) into op;
 * false if r is none of them. */
bool api_learning_describe(json_t *op, const struct route *r);
/* Adds the schemas those operations refer to. */
void api_learning_schemas(json_t *schemas);

#endif
