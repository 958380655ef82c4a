/* settlement.h: what is owed to a provider for a period (issue 5 item 5)
 *
 * A statement lists the vouchers redeemed at a provider in a period (what
 * the scheme owes it), and per redemption the employer's contributions and
 * the learner's remainder (offering price minus voucher minus employer),
 * with the invoices to employers and learners that follow from them.
 */
#ifndef LEERPAD_SETTLEMENT_H
#define LEERPAD_SETTLEMENT_H

#include "base/buf.h"
#include "domain/context.h"

#include <jansson.h>

/* The statement of provider_id for the dates from..to (inclusive,
 * "YYYY-MM-DD"): staff of the provider, the voucher authority or system
 * administrators. *out: {"provider_id", "period": {"from", "to"},
 * "currency", "lines": [...], "totals": {...}, "invoices": {"employers",
 * "learners"}}. */
enum lp_status settlement_statement(struct ctx *ctx, const char *provider_id, const char *from,
				    const char *to, json_t **out);

/* Writes the statement's lines as CSV (RFC 4180, a header row; text cells
 * that a spreadsheet would take for a formula are prefixed with '). */
void settlement_csv(const json_t *statement, struct buf *out);

/* Parses a period: "YYYY-MM-DD..YYYY-MM-DD", "YYYY-MM" (a month) or
 * "YYYY-Qn" (a quarter) into from and to. LP_EINVAL on "period". */
enum lp_status settlement_period(struct ctx *ctx, const char *period, char from[11],
				 char to[11]);

#endif
