/* period_costs.h: what a period of a learning agreement costs, and who
 * pays it
 *
 * The letter's two experiments meet here: the offerings a learning
 * agreement uses have prices; the learner's vouchers cover the offerings
 * of programmes in their schemes; the employer contributes what the
 * agreement commits it to, or else what its arrangement for the employee
 * or for all employees says (a share and/or a cap: employer_funding.h);
 * the learner pays the rest.
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

/* The same for a learner employed at employer_id (the enrolment's
 * employer; NULL or "" for none). The employer's part is, in this order
 * of precedence: the amount the agreement's employer commitments state
 * ("cost_contribution_cents", at most what vouchers leave); else the
 * arrangement for this employee, else the employer's default (a share of
 * what vouchers leave, rounded down to the cent, and/or a cap: see
 * employer_funding.h); else nothing. *out also holds "employer_basis"
 * ("agreement", "employee", "employer" or "none") and "employer_terms"
 * ({"share_bp", "cap_cents"} of the arrangement used, or null). */
enum lp_status period_costs_at(struct ctx *ctx, const json_t *content, const char *person_id,
			       const char *employer_id, json_t **out);

#endif
