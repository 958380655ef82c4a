/* authz_money.h: who may do what with schemes, vouchers and money
 *
 * Part of authz (included from authz.h): the rules of issue 5 in one
 * place. Each returns LP_OK or a refusal with ctx->err filled: LP_EUNAUTH
 * for nobody logged in, LP_ENOTFOUND where a record's existence must not
 * leak (another learner's voucher), LP_EFORBIDDEN otherwise. The system
 * actor (command line, demo) may do everything.
 */
#ifndef LEERPAD_AUTHZ_MONEY_H
#define LEERPAD_AUTHZ_MONEY_H

#include "domain/context.h"

enum money_action {
	MONEY_MANAGE_SCHEMES,   /* create schemes, issue and revoke vouchers */
	MONEY_READ_REPORTS,     /* budget and reports: authority, monitor */
};

/* Scheme management and reports: voucher authority (and monitor for
 * reports) or system administrator. */
enum lp_status authz_money(struct ctx *ctx, enum money_action action);

/* The learner who owns a voucher or reservation (person_id): only that
 * person acts as the learner on it. */
enum lp_status authz_money_learner(struct ctx *ctx, const char *person_id);

/* May read a voucher or reservation of person_id at provider_id (NULL for
 * a voucher): the learner, staff of the provider, the voucher authority,
 * system administrators, and the HR contact of a current employer. */
enum lp_status authz_money_read(struct ctx *ctx, const char *person_id,
				const char *provider_id);

/* Staff of a provider (institution administrator or programme manager in
 * it): redeem, release, statements. Voucher authority may read statements
 * (read_only). */
enum lp_status authz_money_provider(struct ctx *ctx, const char *provider_id, bool read_only);

/* The HR contact of an employer (contributions, invoices); read_only lets
 * the voucher authority read too. */
enum lp_status authz_money_employer(struct ctx *ctx, const char *employer_id, bool read_only);

#endif
