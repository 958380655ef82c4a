/* report.c: money reports (see report.h) */
#include "domain/report.h"
#include "domain/authz.h"
#include "domain/ledger.h"
#include "domain/scheme.h"
#include "base/id.h"

#include <stdio.h>

/* Runs sql with the scheme filter bound twice (`? IS NULL OR ... = ?`) and
 * returns its rows as an array. */
static enum lp_status
rows(struct ctx *ctx, const char *sql, const char *scheme_id, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;

	*out = json_array();
	rc = db_prepare(ctx->db, sql, &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, scheme_id);
	db_bind_text(st, 2, scheme_id);
	return money_rows_collect(ctx, st, *out);
}

enum lp_status
report_money(struct ctx *ctx, const char *scheme_id, json_t **out)
{
	static const struct {
		const char *key;
		const char *sql;
	} parts[] = {
		{ "vouchers_by_state",
		  "SELECT v.state, COUNT(*) AS count, SUM(v.value_cents) AS value_cents"
		  " FROM vouchers v WHERE (CAST(? AS TEXT) IS NULL OR v.scheme_id = ?)"
		  " GROUP BY v.state ORDER BY v.state" },
		{ "per_provider",
		  "SELECT r.provider_id, g.name, CASE WHEN g.funded = 1 THEN 'funded'"
		  " ELSE 'private' END AS funding, r.state, COUNT(*) AS count,"
		  " SUM(r.amount_cents) AS amount_cents FROM reservations r"
		  " JOIN vouchers v ON v.id = r.voucher_id JOIN organisations g ON g.id = r.provider_id"
		  " WHERE (CAST(? AS TEXT) IS NULL OR v.scheme_id = ?) AND r.state <> 'released'"
		  " GROUP BY r.provider_id, g.name, g.funded, r.state ORDER BY g.name, r.state" },
		{ "per_programme",
		  "SELECT p.id AS programme_id, p.name, COUNT(DISTINCT r.id) AS count,"
		  " SUM(r.amount_cents) AS amount_cents FROM reservations r"
		  " JOIN vouchers v ON v.id = r.voucher_id"
		  " JOIN programmes p ON p.id = (SELECT MIN(o.programme_id) FROM offering_outcomes oo"
		  "  JOIN outcomes o ON o.id = oo.outcome_id JOIN voucher_scheme_programmes sp"
		  "  ON sp.programme_id = o.programme_id AND sp.scheme_id = v.scheme_id"
		  "  WHERE oo.offering_id = r.offering_id)"
		  " WHERE (CAST(? AS TEXT) IS NULL OR v.scheme_id = ?) AND r.state = 'redeemed'"
		  " GROUP BY p.id, p.name ORDER BY p.name" },
		{ "per_employer",
		  "SELECT c.employer_id, g.name, COUNT(*) AS count,"
		  " SUM(c.amount_cents) AS amount_cents FROM employer_contributions c"
		  " JOIN organisations g ON g.id = c.employer_id JOIN reservations r"
		  " ON r.id = c.reservation_id JOIN vouchers v ON v.id = r.voucher_id"
		  " WHERE (CAST(? AS TEXT) IS NULL OR v.scheme_id = ?) GROUP BY c.employer_id, g.name"
		  " ORDER BY g.name" },
	};
	json_t *schemes = NULL, *part;
	enum lp_status rc;

	*out = NULL;
	rc = authz_money(ctx, MONEY_READ_REPORTS);
	if (rc)
		return rc;
	if (scheme_id) {
		json_t *one = NULL;

		rc = scheme_get(ctx, scheme_id, &one);
		if (rc)
			return rc;
		schemes = json_array();
		json_array_append_new(schemes, one);
	} else {
		rc = scheme_list(ctx, &schemes);
		if (rc)
			return rc;
	}
	*out = json_pack("{s:s, s:o}", "currency", "EUR", "schemes", schemes);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]) && !rc; i++) {
		rc = rows(ctx, parts[i].sql, scheme_id, &part);
		json_object_set_new(*out, parts[i].key, part);
	}
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* Whether sql (one parameter) finds a row for id. */
static bool
found(struct ctx *ctx, const char *sql, const char *id, char *column_out, size_t size)
{
	struct db_stmt *st;
	bool row;

	if (db_prepare(ctx->db, sql, &st, NULL))
		return false;
	db_bind_text(st, 1, id);
	row = db_step(st) == DB_ROW;
	if (row && column_out)
		snprintf(column_out, size, "%s", db_column_text(st, 0));
	db_reset(st);
	return row;
}

enum lp_status
report_balances(struct ctx *ctx, const char *owner_id, json_t **out)
{
	char person[ID_LEN];
	json_t *accounts = NULL;
	enum lp_status rc;

	*out = NULL;
	if (!owner_id || !id_is_valid(owner_id))
		return lp_fail(ctx->err, LP_EINVAL, "owner_id",
			       "the owner of the accounts (a voucher, organisation or scheme id)");
	if (found(ctx, "SELECT person_id FROM vouchers WHERE id = ?", owner_id, person,
		  sizeof(person))) {
		rc = authz_money_read(ctx, person, NULL);
	} else if (found(ctx, "SELECT id FROM organisations WHERE id = ?", owner_id, NULL, 0)) {
		rc = authz_money_provider(ctx, owner_id, true);
		if (rc && rc != LP_EUNAUTH)
			rc = authz_money_employer(ctx, owner_id, true);
	} else if (found(ctx, "SELECT id FROM voucher_schemes WHERE id = ?", owner_id, NULL, 0)) {
		rc = authz_money(ctx, MONEY_READ_REPORTS);
	} else {
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "owner_id", "no voucher, organisation or scheme");
	}
	if (!rc)
		rc = ledger_balances(ctx, owner_id, &accounts);
	if (!rc)
		*out = json_pack("{s:s, s:s, s:o}", "owner_id", owner_id, "currency", "EUR",
				 "accounts", accounts);
	else
		json_decref(accounts);
	return rc;
}
