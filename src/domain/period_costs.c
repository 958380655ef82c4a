/* period_costs.c: the price of a period, split into vouchers, employer and
 * learner (see period_costs.h) */
#include "domain/period_costs.h"
#include "base/timeutil.h"

#include <stdint.h>
#include <string.h>

/* The price and title of an offering, and whether a voucher of the
 * learner's (issued, not past its spend-by date) may pay for it: its
 * scheme takes part with a programme the offering serves. */
static enum lp_status
offering_terms(struct ctx *ctx, const char *offering_id, const char *person_id,
	       const char *today, json_t **item, int64_t *price, bool *eligible)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	*item = NULL;
	rc = db_prepare(ctx->db, "SELECT o.title, o.price_cents, EXISTS (SELECT 1"
			" FROM offering_outcomes oo JOIN outcomes u ON u.id = oo.outcome_id"
			" JOIN voucher_scheme_programmes sp ON sp.programme_id = u.programme_id"
			" JOIN vouchers v ON v.scheme_id = sp.scheme_id"
			" WHERE oo.offering_id = o.id AND v.person_id = ? AND v.state = 'issued'"
			" AND v.spend_by >= ?) FROM offerings o WHERE o.id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, person_id);
	db_bind_text(st, 2, today);
	db_bind_text(st, 3, offering_id);
	step = db_step(st);
	if (step == DB_ROW) {
		*price = db_column_int(st, 1);
		*eligible = db_column_int(st, 2) != 0;
		*item = json_pack("{s:s, s:s, s:I, s:b}", "offering_id", offering_id, "title",
				  db_column_text(st, 0), "price_cents", (json_int_t)*price,
				  "voucher_eligible", *eligible);
	} else if (step == DB_ERROR) {
		rc = db_error(ctx->db, ctx->err);
	}
	db_reset(st);
	return rc;
}

/* What the learner's usable vouchers are worth together: issued, not past
 * their spend-by date. */
static enum lp_status
voucher_value(struct ctx *ctx, const char *person_id, const char *today, int64_t *value)
{
	struct db_stmt *st;
	enum lp_status rc;

	*value = 0;
	rc = db_prepare(ctx->db, "SELECT COALESCE(SUM(value_cents), 0) FROM vouchers"
			" WHERE person_id = ? AND state = 'issued' AND spend_by >= ?", &st,
			ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, person_id);
	db_bind_text(st, 2, today);
	if (db_step(st) == DB_ROW)
		*value = db_column_int(st, 0);
	else
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

enum lp_status
period_costs(struct ctx *ctx, const json_t *content, const char *person_id, json_t **out)
{
	char now[TIME_RFC3339_LEN], today[11];
	const json_t *offerings = json_object_get(content, "offerings");
	const json_t *employer = json_object_get(content, "employer");
	json_t *items = json_array(), *o;
	int64_t price = 0, covered = 0, vouchers = 0, voucher_part, employer_part, promised;
	enum lp_status rc = LP_OK;
	size_t i;

	*out = NULL;
	time_now_rfc3339(now);
	memcpy(today, now, 10);
	today[10] = '\0';
	json_array_foreach(offerings, i, o) {
		const char *id = json_string_value(json_object_get(o, "offering_id"));
		json_t *item = NULL;
		int64_t p = 0;
		bool eligible = false;

		if (!id)
			continue;
		rc = offering_terms(ctx, id, person_id, today, &item, &p, &eligible);
		if (rc)
			break;
		if (!item)
			continue;  /* a removed offering costs nothing */
		if (p < 0 || p > INT64_MAX - price) {
			json_decref(item);
			rc = lp_fail(ctx->err, LP_EINVAL, "offerings", "amounts overflow");
			break;
		}
		price += p;
		if (eligible)
			covered += p;
		json_array_append_new(items, item);
	}
	if (!rc)
		rc = voucher_value(ctx, person_id, today, &vouchers);
	if (rc) {
		json_decref(items);
		return rc;
	}
	promised = json_integer_value(json_object_get(employer, "cost_contribution_cents"));
	voucher_part = min64(covered, vouchers);
	employer_part = min64(promised > 0 ? promised : 0, price - voucher_part);
	*out = json_pack("{s:s, s:I, s:I, s:I, s:I, s:o}", "currency", "EUR",
			 "price_cents", (json_int_t)price, "voucher_cents", (json_int_t)voucher_part,
			 "employer_cents", (json_int_t)employer_part, "learner_cents",
			 (json_int_t)(price - voucher_part - employer_part), "offerings", items);
	return LP_OK;
}
