/* report.h: money reports (issue 5 item 6)
 *
 * Budget used (redeemed) and committed (issued, not yet redeemed) against
 * the cap per scheme, vouchers by state, redemptions per provider (funded
 * or private), per programme and per employer. Voucher authority, monitor
 * and system administrators.
 */
#ifndef LEERPAD_REPORT_H
#define LEERPAD_REPORT_H

#include "domain/context.h"

#include <jansson.h>

/* The report over every scheme, or one when scheme_id is not NULL. */
enum lp_status report_money(struct ctx *ctx, const char *scheme_id, json_t **out);

/* The accounts of owner_id with balances derived from their entries: a
 * voucher's (its learner, the provider's staff, the voucher authority), an
 * organisation's (its provider staff or HR contact, the authority) or a
 * scheme's (authority and monitor). *out: {"owner_id", "accounts": [...]}. */
enum lp_status report_balances(struct ctx *ctx, const char *owner_id, json_t **out);

#endif
