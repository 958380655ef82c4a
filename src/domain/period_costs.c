/* period_costs.c: the price of a period, split into vouchers, employer and
 * learner (see period_costs.h) */
#include "domain/period_costs.h"
#include "domain/employer_funding.h"
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
	return period_costs_at(ctx, content, person_id, NULL, out);
}

/* What the employer pays of remainder: the agreement's stated amount,
 * else the arrangement of the employee or the employer (see
 * employer_funding.h); *basis names which one decided ("agreement",
 * "employee", "employer" or "none"). */
static enum lp_status
employer_part_of(struct ctx *ctx, const json_t *employer, const char *employer_id,
		 const char *person_id, int64_t remainder, int64_t *part, const char **basis,
		 json_t **terms)
{
	const json_t *stated = json_object_get(employer, "cost_contribution_cents");
	struct funding_terms t;
	bool found = false;
	enum lp_status rc;

	*part = 0;
	*basis = "none";
	*terms = NULL;
	if (json_is_integer(stated)) {
		int64_t promised = json_integer_value(stated);

		*basis = "agreement";
		*part = min64(promised > 0 ? promised : 0, remainder);
		return LP_OK;
	}
	rc = funding_terms_for(ctx, employer_id, person_id, &t, &found, basis);
	if (rc || !found) {
		*basis = "none";
		return rc;
	}
	*part = funding_employer_part(remainder, &t);
	*terms = json_object();
	json_object_set_new(*terms, "share_bp", t.has_share ? json_integer(t.share_bp) : json_null());
	json_object_set_new(*terms, "cap_cents", t.has_cap ? json_integer(t.cap_cents) : json_null());
	return LP_OK;
}

enum lp_status
period_costs_at(struct ctx *ctx, const json_t *content, const char *person_id,
		const char *employer_id, json_t **out)
{
	char now[TIME_RFC3339_LEN], today[11];
	const json_t *offerings = json_object_get(content, "offerings");
	const json_t *employer = json_object_get(content, "employer");
	json_t *items = json_array(), *o;
	int64_t price = 0, covered = 0, vouchers = 0, voucher_part, employer_part = 0;
	const char *basis = "none";
	json_t *terms = NULL;
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
	voucher_part = min64(covered, vouchers);
	rc = employer_part_of(ctx, employer, employer_id, person_id, price - voucher_part,
			      &employer_part, &basis, &terms);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:s, s:I, s:I, s:I, s:I, s:o}", "currency", "EUR",
			 "price_cents", (json_int_t)price, "voucher_cents", (json_int_t)voucher_part,
			 "employer_cents", (json_int_t)employer_part, "learner_cents",
			 (json_int_t)(price - voucher_part - employer_part), "offerings", items);
	json_object_set_new(*out, "employer_basis", json_string(basis));
	json_object_set_new(*out, "employer_terms", terms ? terms : json_null());
	return LP_OK;
}
