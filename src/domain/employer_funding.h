/* employer_funding.h: what an employer contributes to its employees'
 * learning, as a share or a capped amount (issue 5, item 4)
 *
 * An employer (organisation) may set a default for all its employees and
 * an override per employee (one employment) that replaces the default as
 * a whole for that employee. Each arrangement holds a share in basis
 * points (1/100 of a percent; 5000 is 50 %) of the cost of a period that
 * remains after vouchers, a cap in cents per period, or both:
 *
 *   share only    remainder * share_bp / 10000, rounded down to the cent
 *   cap only      min(cap, remainder)
 *   both          min(the share, cap)
 *
 * Rounding is down (the employer never pays a cent more than its share;
 * the odd cent stays with the learner), the same way a voucher's value is
 * rounded. Precedence in the costs of a period (period_costs.c): an
 * amount stated in the agreement's employer commitments wins; else the
 * employee's override; else the employer's default; else nothing.
 *
 * The HR contact of the employer manages the arrangements (system
 * administrators too); the voucher authority may read them. Every change
 * is audited in the same transaction. Nothing here moves money: the
 * figures only shape the costs all three parties see before they sign.
 */
#ifndef LEERPAD_EMPLOYER_FUNDING_H
#define LEERPAD_EMPLOYER_FUNDING_H

#include "domain/context.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define FUNDING_SHARE_MAX_BP 10000

/* One arrangement: a share, a cap or both (has_* say which). */
struct funding_terms {
	bool has_share;
	int64_t share_bp;       /* 0 .. FUNDING_SHARE_MAX_BP */
	bool has_cap;
	int64_t cap_cents;      /* >= 0 */
};

/* What the employer pays of remainder (the cost left after vouchers,
 * >= 0) under terms (see the file comment); 0 when terms hold neither.
 * Pure: no overflow for any remainder in int64_t. */
int64_t funding_employer_part(int64_t remainder, const struct funding_terms *terms);

/* Reads {"share_bp", "cap_cents"} (either may be absent or null, not
 * both) into *terms. LP_EINVAL with the field otherwise. */
enum lp_status funding_terms_from_json(struct ctx *ctx, const json_t *input,
				       struct funding_terms *terms);

/* The arrangement that applies to person_id at employer_id today: the
 * override of their current employment there, else the employer's
 * default. *found false when neither exists. No access check (the caller
 * has one: the agreement it prices). */
enum lp_status funding_terms_for(struct ctx *ctx, const char *employer_id,
				 const char *person_id, struct funding_terms *terms,
				 bool *found, const char **source);

/* The employer's arrangements: {"employer_id", "default": {share_bp,
 * cap_cents, version} or null, "employees": [{"employment_id",
 * "person_id", "given_name", "family_name", "job_title", "override":
 * {...} or null}]} for its current employees. HR of the employer, the
 * voucher authority, system administrators; LP_ENOTFOUND for an unknown
 * employer. *out is new. */
enum lp_status employer_funding_get(struct ctx *ctx, const char *employer_id, json_t **out);

/* Sets the default of employer_id (employment_id NULL) or the override of
 * one of its employments, from input {"share_bp", "cap_cents"}: HR of the
 * employer. LP_ENOTFOUND when the employment is not at that employer.
 * *out: as employer_funding_get. */
enum lp_status employer_funding_set(struct ctx *ctx, const char *employer_id,
				    const char *employment_id, const json_t *input,
				    json_t **out);

/* Removes the default (employment_id NULL) or an override; removing what
 * is not there is no error. *out: as employer_funding_get. */
enum lp_status employer_funding_clear(struct ctx *ctx, const char *employer_id,
				      const char *employment_id, json_t **out);

#endif
