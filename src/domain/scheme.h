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

#endif
