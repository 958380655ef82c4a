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
/* The claims of an enrolment: {"items": [...]}. */
enum lp_status prior_learning_list(struct ctx *ctx, const char *enrolment_id, json_t **out);

#endif
