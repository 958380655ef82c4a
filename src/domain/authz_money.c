/* authz_money.c: the access rules for schemes, vouchers and money */
#include "domain/authz_money.h"

#include <string.h>

#define PROVIDER_STAFF (ROLE_BIT(ROLE_INSTITUTION_ADMIN) | ROLE_BIT(ROLE_PROGRAMME_MANAGER))

/* Refuses nobody; true when the actor has every right. */
static bool
is_all_powerful(const struct actor *a)
{
	return a->kind == ACTOR_SYSTEM || actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL);
}

static enum lp_status
need_login(struct ctx *ctx)
{
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to use vouchers");
	return LP_OK;
}

enum lp_status
authz_money(struct ctx *ctx, enum money_action action)
{
	const struct actor *a = ctx->actor;
	unsigned mask = ROLE_BIT(ROLE_VOUCHER_AUTHORITY);

	if (need_login(ctx))
		return LP_EUNAUTH;
	if (action == MONEY_READ_REPORTS)
		mask |= ROLE_BIT(ROLE_MONITOR);
	if (is_all_powerful(a) || actor_has_any(a, mask, NULL))
		return LP_OK;
	return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
		       "only the voucher authority may do this");
}

enum lp_status
authz_money_learner(struct ctx *ctx, const char *person_id)
{
	const struct actor *a = ctx->actor;

	if (need_login(ctx))
		return LP_EUNAUTH;
	if (a->kind == ACTOR_SYSTEM)
		return LP_OK;
	if (a->person_id[0] && person_id && strcmp(a->person_id, person_id) == 0)
		return LP_OK;
	/* another learner's voucher: its existence does not leak */
	return lp_fail(ctx->err, LP_ENOTFOUND, "voucher_id", "no such voucher of yours");
}

/* True if person_id has a current employment at an organisation where the
 * actor is the HR contact. */
static bool
is_employer_of(struct ctx *ctx, const char *person_id)
{
	struct db_stmt *st;
	bool found = false;

	if (!person_id || db_prepare(ctx->db, "SELECT employer_id FROM employments"
				     " WHERE person_id = ?", &st, NULL))
		return false;
	db_bind_text(st, 1, person_id);
	while (!found && db_step(st) == DB_ROW)
		found = actor_has_role(ctx->actor, ROLE_EMPLOYER_HR, db_column_text(st, 0));
	db_reset(st);
	return found;
}

enum lp_status
authz_money_read(struct ctx *ctx, const char *person_id, const char *provider_id)
{
	const struct actor *a = ctx->actor;

	if (need_login(ctx))
		return LP_EUNAUTH;
	if (is_all_powerful(a) || actor_has_role(a, ROLE_VOUCHER_AUTHORITY, NULL))
		return LP_OK;
	if (a->person_id[0] && person_id && strcmp(a->person_id, person_id) == 0)
		return LP_OK;
	if (provider_id && actor_has_any(a, PROVIDER_STAFF, provider_id))
		return LP_OK;
	if (is_employer_of(ctx, person_id))
		return LP_OK;
	return lp_fail(ctx->err, LP_ENOTFOUND, NULL, "no such voucher or reservation");
}

enum lp_status
authz_money_provider(struct ctx *ctx, const char *provider_id, bool read_only)
{
	const struct actor *a = ctx->actor;

	if (need_login(ctx))
		return LP_EUNAUTH;
	if (is_all_powerful(a) || (provider_id && actor_has_any(a, PROVIDER_STAFF, provider_id)))
		return LP_OK;
	if (read_only && actor_has_role(a, ROLE_VOUCHER_AUTHORITY, NULL))
		return LP_OK;
	return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
		       "only staff of the provider may do this");
}

enum lp_status
authz_money_employer(struct ctx *ctx, const char *employer_id, bool read_only)
{
	const struct actor *a = ctx->actor;

	if (need_login(ctx))
		return LP_EUNAUTH;
	if (is_all_powerful(a) || (employer_id && actor_has_role(a, ROLE_EMPLOYER_HR, employer_id)))
		return LP_OK;
	if (read_only && actor_has_role(a, ROLE_VOUCHER_AUTHORITY, NULL))
		return LP_OK;
	return lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
		       "only the HR contact of the employer may do this");
}
