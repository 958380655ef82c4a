/* period_costs.h: what a period of a learning agreement costs, and who
 * pays it
 *
 * The letter's two experiments meet here: the offerings a learning
 * agreement uses have prices; the learner's vouchers cover the offerings
 * of programmes in their schemes; the employer contributes what the
 * agreement commits it to (a capped amount); the learner pays the rest.
 * All three see this before they sign (issue 5, item 4).
 */
#ifndef LEERPAD_PERIOD_COSTS_H
#define LEERPAD_PERIOD_COSTS_H

#include "domain/context.h"

#include <jansson.h>

/* Works out the costs of content (a learning agreement's content, as
 * checked by agreement_content_check) for the learner person_id, today.
 * *out is a new object: {"currency": "EUR", "price_cents", "voucher_cents",
 * "employer_cents", "learner_cents", "offerings": [{"offering_id",
 * "title", "price_cents", "voucher_eligible"}]}. The parts always add up
 * to the price and none is negative. LP_EDB when the database fails;
 * LP_EINVAL when the prices overflow. */
enum lp_status period_costs(struct ctx *ctx, const json_t *content, const char *person_id,
			    json_t **out);

#endif
