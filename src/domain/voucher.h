/* voucher.h: vouchers and their reservations (issue 5 item 2)
 *
 * A voucher is issued to an eligible learner for a number of EC (value:
 * the scheme's value per 30 EC pro rata, in whole cents, rounded down) and
 * takes that value from the scheme's budget at once, so an issued voucher
 * is always backed by money. States: issued -> reserved -> redeemed, or
 * expired or revoked; releasing a reservation puts the voucher back to
 * issued. A reservation binds the voucher's value (or, where the scheme
 * allows, part of it) to the learner's place in an offering of a
 * participating programme; the provider redeems it only after the learner
 * confirmed and the offering started. At redemption the voucher is spent:
 * what was not reserved goes back to the budget, unless the scheme allows
 * partial use, when the voucher returns to issued with the rest.
 *
 * Every function that moves money is one transaction (db_begin) that
 * re-checks the state inside it with conditional UPDATEs whose changed-row
 * count is checked, so concurrent requests cannot both succeed.
 */
#ifndef LEERPAD_VOUCHER_H
#define LEERPAD_VOUCHER_H

#include "domain/context.h"

#include <jansson.h>

/* Issues a voucher from input {"scheme_id", "person_id", "ec" (whole EC) or
 * "ec_tenths"}: voucher authority only. Checks the issue window, the
 * per-learner maximum, the scheme's eligibility rules and the budget
 * (LP_ECONFLICT when exhausted). *out: the voucher. */
enum lp_status voucher_issue(struct ctx *ctx, const json_t *input, json_t **out);

/* Reserves a voucher for the learner's place in an offering, from input
 * {"offering_id", "amount_cents" (optional: default the voucher's value or
 * the offering's price, whichever is less)}: only the voucher's learner.
 * *out: the reservation. */
enum lp_status voucher_reserve(struct ctx *ctx, const char *voucher_id, const json_t *input,
			       json_t **out);

/* What voucher_reserve would accept for voucher_id today, for a form: only
 * the voucher's learner (anyone else: LP_ENOTFOUND, as voucher_reserve).
 * *out: {"voucher" (as voucher_get, without history), "scheme_name",
 * "allow_partial", "offerings": [{"id", "title", "provider_id",
 * "provider_name", "start_date", "end_date", "price_cents",
 * "limit_cents"}]}: the offerings of the scheme's programmes that have
 * not ended and cost something, by start date, at most 500, each with the
 * most that may be reserved for it (voucher_reserve's default amount; the
 * only one where the scheme does not allow partial use). When the voucher
 * cannot be reserved now (not issued, expired), "offerings" is empty and
 * "refusal" holds voucher_reserve's reason. */
enum lp_status voucher_reserve_choices(struct ctx *ctx, const char *voucher_id, json_t **out);

/* For the catalog: which of offering_ids (an array of offering ids) one of
 * the actor's own vouchers may be reserved for today. *out: an object
 * offering id -> the id of the actor's oldest voucher that may; empty for
 * anyone without such a voucher (nobody logged in included). */
enum lp_status voucher_offering_map(struct ctx *ctx, const json_t *offering_ids, json_t **out);

/* The learner confirms the enrolment of a reservation (idempotent). */
enum lp_status reservation_confirm(struct ctx *ctx, const char *reservation_id, json_t **out);

/* The provider redeems a confirmed reservation of a started offering. */
enum lp_status reservation_redeem(struct ctx *ctx, const char *reservation_id, json_t **out);

/* Releases a reservation before redemption (learner, provider staff or
 * voucher authority): the value goes back to the voucher. */
enum lp_status reservation_release(struct ctx *ctx, const char *reservation_id, json_t **out);

/* Revokes a voucher that is issued or reserved (voucher authority), with a
 * reason; a reservation is released first; the value returns to the
 * budget. */
enum lp_status voucher_revoke(struct ctx *ctx, const char *voucher_id, const char *reason,
			      json_t **out);

/* Expires every issued voucher whose spend-by date is before today
 * ("YYYY-MM-DD"): one transaction per voucher, value back to the budget.
 * Idempotent: a second run finds nothing. *count: vouchers expired. */
enum lp_status voucher_expire_all(struct ctx *ctx, const char *today, int *count);

/* One voucher with its reservations and ledger history (readers: see
 * authz_money_read). */
enum lp_status voucher_get(struct ctx *ctx, const char *id, json_t **out);
/* One reservation. */
enum lp_status reservation_get(struct ctx *ctx, const char *id, json_t **out);

/* Lists vouchers: a learner's own, or for the voucher authority every
 * voucher (person_id filters when given). */
enum lp_status voucher_list(struct ctx *ctx, const char *person_id, json_t **out);
/* Lists reservations at a provider (its staff), or the actor's own when
 * provider_id is NULL; state filters when not NULL. */
enum lp_status reservation_list(struct ctx *ctx, const char *provider_id, const char *state,
				json_t **out);

/* Records an employer's contribution to a reservation of its employee,
 * from input {"reservation_id", "employer_id", "amount_cents"}: the HR
 * contact of the employer; at most the price minus the voucher part minus
 * earlier contributions. Moves the amount from the employer to the
 * provider's employer receivable. *out: the contribution. */
enum lp_status contribution_create(struct ctx *ctx, const json_t *input, json_t **out);
/* Contributions of an employer. */
enum lp_status contribution_list(struct ctx *ctx, const char *employer_id, json_t **out);

#endif
