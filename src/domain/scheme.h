/* scheme.h: voucher schemes (issue 5 item 1)
 *
 * A scheme has a name, a value per 30 EC in cents (default EUR 1,250), a
 * total budget in cents, an issue window and a spend-by date, the
 * participating programmes and the eligibility rules for learners
 * ("working", "no_diploma", "enrolled"). Creating one funds its budget
 * account from the funder in the ledger. Only the voucher authority (and
 * system administrators) manage schemes.
 */
#ifndef LEERPAD_SCHEME_H
#define LEERPAD_SCHEME_H

#include "domain/context.h"

#include <jansson.h>

#define SCHEME_DEFAULT_VALUE_CENTS 125000

/* Creates a scheme from a JSON object (borrowed) in one transaction with
 * its accounts, funding and audit entry; *out is the stored scheme (new
 * reference). LP_EINVAL with field for any bad input; nothing is written
 * then. */
enum lp_status scheme_create(struct ctx *ctx, const json_t *input, json_t **out);

/* One scheme with its programmes and budget figures (cap, committed, used,
 * free), or LP_ENOTFOUND. Anyone logged in may read schemes. */
enum lp_status scheme_get(struct ctx *ctx, const char *id, json_t **out);

/* Every scheme, newest first (as scheme_get, without programmes). */
enum lp_status scheme_list(struct ctx *ctx, json_t **out);

/* True (LP_OK) if offering_id serves a programme of the scheme (through
 * the learning outcomes it serves); LP_EINVAL on "offering_id" if not. */
enum lp_status scheme_offering_participates(struct ctx *ctx, const char *scheme_id,
					    const char *offering_id);

/* Changes a scheme from a patch (borrowed): any field of scheme_create,
 * plus "version" (when given it must be the stored one: LP_ECONFLICT
 * otherwise). The result must pass every check of a new scheme. A new
 * value per 30 EC applies to vouchers issued from now on; a new budget
 * moves the difference between the funder and the budget in the ledger,
 * and cannot go below what vouchers already hold (LP_EINVAL on
 * "budget_cents"). The participating programmes and rules are replaced.
 * Voucher authority only; one transaction with its audit entry. *out is
 * the stored scheme. */
enum lp_status scheme_update(struct ctx *ctx, const char *id, const json_t *patch,
			     json_t **out);

/* The vouchers of a scheme, newest first, at most 500, with the learner's
 * names (voucher authority). *out is a new array. */
enum lp_status scheme_vouchers(struct ctx *ctx, const char *id, json_t **out);

/* The people a voucher of the scheme may be issued to, for a menu: those
 * enrolled anywhere, holding a voucher, or with a learner's account,
 * by name, at most 500 (voucher authority). Whether each is eligible is
 * for voucher_issue to say. *out is a new array of {"id", "given_name",
 * "family_name"}. */
enum lp_status scheme_learner_choices(struct ctx *ctx, const char *id, json_t **out);

#endif
