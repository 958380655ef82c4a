/* prior_learning.h: recognised prior learning (issue 4, item 2)
 *
 * The learner claims an outcome as already mastered, with evidence; the
 * examiner named on the claim (an examiner of the institution) approves or
 * rejects it; once the exam board confirms an approved claim the outcome
 * counts as achieved, marked 'recognised'.
 */
#ifndef LEERPAD_PRIOR_LEARNING_H
#define LEERPAD_PRIOR_LEARNING_H

#include "domain/context.h"
#include "domain/evidence.h"
#include "domain/list_page.h"

#include <jansson.h>

/* A claim by the learner of enrolment; examiner_id names who judges it. */
enum lp_status prior_learning_claim(struct ctx *ctx, const char *enrolment_id,
				    const char *outcome_id, const char *statement,
				    const char *evidence, const char *examiner_id, json_t **out);
/* The named examiner's judgement: result "approved" or "rejected". */
enum lp_status prior_learning_judge(struct ctx *ctx, const char *id, const char *result,
				    const char *rationale, json_t **out);
/* The exam board confirms an approved claim. */
enum lp_status prior_learning_confirm(struct ctx *ctx, const char *id, json_t **out);

/* A claim whose evidence is also a file or a link (ev, NULL for none;
 * its outcome_id is ignored): the claim is checked first, then ev is added
 * as evidence of the outcome (evidence_add: the same checks and limits),
 * then the claim is written. A refusal writes nothing; only a failure of
 * the last write (a concurrent claim) leaves the evidence added. *out is
 * the claim, with "evidence_item" the added evidence. */
enum lp_status prior_learning_claim_with_evidence(struct ctx *ctx, const char *enrolment_id,
						  const char *outcome_id, const char *statement,
						  const char *evidence, const char *examiner_id,
						  const struct evidence_input *ev, json_t **out);
/* One claim, for whoever may read its enrolment (404 otherwise), with
 * learner_id, learner_name, examiner_name and enrolment_status. */
enum lp_status prior_learning_get(struct ctx *ctx, const char *id, json_t **out);
/* A page of the claims of an enrolment in the order they were made:
 * {"items": [...], "next_cursor": ..., "learner_name": ...} (list_page.h). */
enum lp_status prior_learning_list_page(struct ctx *ctx, const char *enrolment_id,
					const struct list_page *pg, json_t **out);
/* The claims waiting for the actor, oldest first: submitted claims naming
 * the actor as examiner ("waiting_for": "judgement") and approved claims
 * of learners of institutions where the actor is on the exam board
 * ("confirmation"); each with the learner's name. Only for examiners and
 * the exam board (LP_EFORBIDDEN otherwise). */
enum lp_status prior_learning_queue(struct ctx *ctx, const struct list_page *pg, json_t **out);

#endif
