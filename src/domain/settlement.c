/* settlement.c: provider statements and invoices (see settlement.h) */
#include "domain/settlement.h"
#include "domain/authz.h"
#include "domain/ledger.h"
#include "base/timeutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Writes the date y-m-d (already range-checked) into out. */
static void
put_date(char out[11], int y, int m, int d)
{
	char tmp[48];

	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

enum lp_status
settlement_period(struct ctx *ctx, const char *p, char from[11], char to[11])
{
	static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, q, n = 0;

	if (!p)
		return lp_fail(ctx->err, LP_EINVAL, "period", "a period is required");
	if (strlen(p) == 22 && p[10] == '.' && p[11] == '.') {
		memcpy(from, p, 10);
		from[10] = '\0';
		memcpy(to, p + 12, 10);
		to[10] = '\0';
		if (time_is_date(from) && time_is_date(to) && strcmp(from, to) <= 0)
			return LP_OK;
	} else if (strlen(p) == 7 && sscanf(p, "%4d-Q%1d%n", &y, &q, &n) == 2 && n == 7 &&
		   q >= 1 && q <= 4 && y >= 2000 && y <= 9999) {
		put_date(from, y, q * 3 - 2, 1);
		put_date(to, y, q * 3, month_days[q * 3 - 1]);
		return LP_OK;
	} else if (strlen(p) == 7 && sscanf(p, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 &&
		   m >= 1 && m <= 12 && y >= 2000 && y <= 9999) {
		int last = month_days[m - 1];

		if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
			last = 29;
		put_date(from, y, m, 1);
		put_date(to, y, m, last);
		return LP_OK;
	}
	return lp_fail(ctx->err, LP_EINVAL, "period",
		       "a period is YYYY-MM, YYYY-Qn or YYYY-MM-DD..YYYY-MM-DD");
}

/* Adds v to the integer member k of o (all sums stay far below int64:
 * every amount is at most LEDGER_MAX_CENTS). */
static void
add_to(json_t *o, const char *k, int64_t v)
{
	json_object_set_new(o, k, json_integer(json_integer_value(json_object_get(o, k)) + v));
}

/* Adds amount to the invoice of id in list (an object keyed by id). */
static void
invoice_add(json_t *list, const char *id, const char *name, int64_t amount)
{
	json_t *inv = json_object_get(list, id);

	if (!inv) {
		inv = json_pack("{s:s, s:s, s:I}", "id", id, "name", name, "amount_cents",
				(json_int_t)0);
		json_object_set_new(list, id, inv);
	}
	add_to(inv, "amount_cents", amount);
}

/* Turns an object of invoices keyed by id into an array of those with an
 * amount, in id order. */
static json_t *
invoice_array(json_t *by_id)
{
	json_t *arr = json_array();
	const char *k;
	json_t *v;

	json_object_foreach(by_id, k, v)
		if (json_integer_value(json_object_get(v, "amount_cents")) > 0)
			json_array_append(arr, v);
	return arr;
}

enum lp_status
settlement_statement(struct ctx *ctx, const char *provider_id, const char *from,
		     const char *to, json_t **out)
{
	char to_bound[16];
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *lines, *totals, *employers, *learners;

	*out = NULL;
	rc = authz_money_provider(ctx, provider_id, true);
	if (rc)
		return rc;
	if (!time_is_date(from) || !time_is_date(to) || strcmp(from, to) > 0)
		return lp_fail(ctx->err, LP_EINVAL, "period", "a period of two dates, from <= to");
	rc = db_prepare(ctx->db, "SELECT 1 FROM organisations WHERE id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, provider_id);
	step = db_step(st);
	db_reset(st);
	if (step != DB_ROW)
		return lp_fail(ctx->err, LP_ENOTFOUND, "provider", "no such provider");
	/* RFC 3339 times of the last day sort below "<to>U" ('U' > 'T') */
	snprintf(to_bound, sizeof(to_bound), "%sU", to);
	rc = db_prepare(ctx->db,
			"SELECT r.id AS reservation_id, r.voucher_id, v.scheme_id, r.person_id,"
			" p.given_name || ' ' || p.family_name AS learner, r.offering_id,"
			" o.title AS offering_title, r.redeemed_at, o.price_cents,"
			" r.amount_cents AS voucher_cents,"
			" COALESCE((SELECT SUM(c.amount_cents) FROM employer_contributions c"
			"  WHERE c.reservation_id = r.id), 0) AS employer_cents"
			" FROM reservations r JOIN vouchers v ON v.id = r.voucher_id"
			" JOIN offerings o ON o.id = r.offering_id JOIN persons p ON p.id = r.person_id"
			" WHERE r.provider_id = ? AND r.state = 'redeemed' AND r.redeemed_at >= ?"
			" AND r.redeemed_at < ? ORDER BY r.redeemed_at, r.id", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, provider_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to_bound);
	lines = json_array();
	totals = json_pack("{s:I, s:I, s:I, s:I, s:I}", "count", (json_int_t)0, "price_cents",
			   (json_int_t)0, "voucher_cents", (json_int_t)0, "employer_cents",
			   (json_int_t)0, "learner_cents", (json_int_t)0);
	employers = json_object();
	learners = json_object();
	while ((step = db_step(st)) == DB_ROW) {
		json_t *line = money_row_json(st);
		int64_t price = json_integer_value(json_object_get(line, "price_cents"));
		int64_t voucher = json_integer_value(json_object_get(line, "voucher_cents"));
		int64_t employer = json_integer_value(json_object_get(line, "employer_cents"));
		int64_t learner = price - voucher - employer;

		if (learner < 0)
			learner = 0;
		json_object_set_new(line, "learner_cents", json_integer(learner));
		add_to(totals, "count", 1);
		add_to(totals, "price_cents", price);
		add_to(totals, "voucher_cents", voucher);
		add_to(totals, "employer_cents", employer);
		add_to(totals, "learner_cents", learner);
		invoice_add(learners, json_string_value(json_object_get(line, "person_id")),
			    json_string_value(json_object_get(line, "learner")), learner);
		json_array_append_new(lines, line);
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (!rc)
		rc = db_prepare(ctx->db,
				"SELECT c.employer_id, g.name, SUM(c.amount_cents)"
				" FROM employer_contributions c JOIN reservations r"
				" ON r.id = c.reservation_id JOIN organisations g ON g.id = c.employer_id"
				" WHERE c.provider_id = ? AND r.state = 'redeemed' AND r.redeemed_at >= ?"
				" AND r.redeemed_at < ? GROUP BY c.employer_id, g.name"
				" ORDER BY c.employer_id", &st, ctx->err);
	if (!rc) {
		db_bind_text(st, 1, provider_id);
		db_bind_text(st, 2, from);
		db_bind_text(st, 3, to_bound);
		while ((step = db_step(st)) == DB_ROW)
			invoice_add(employers, db_column_text(st, 0), db_column_text(st, 1),
				    db_column_int(st, 2));
		if (step == DB_ERROR)
			rc = db_error(ctx->db, ctx->err);
		db_reset(st);
	}
	*out = json_pack("{s:s, s:{s:s, s:s}, s:s, s:o, s:o, s:{s:o, s:o}}", "provider_id",
			 provider_id, "period", "from", from, "to", to, "currency", "EUR", "lines",
			 lines, "totals", totals, "invoices", "employers", invoice_array(employers),
			 "learners", invoice_array(learners));
	json_decref(employers);
	json_decref(learners);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* Writes one CSV cell: quoted when needed, formula-looking text defused. */
static void
csv_cell(struct buf *out, const json_t *v)
{
	const char *s;

	if (json_is_integer(v)) {
		buf_printf(out, "%" PRId64, (int64_t)json_integer_value(v));
		return;
	}
	s = json_string_value(v);
	if (!s)
		return;
	buf_putc(out, '"');
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r')
		buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

void
settlement_csv(const json_t *statement, struct buf *out)
{
	static const char *const cols[] = {
		"reservation_id", "voucher_id", "scheme_id", "person_id", "learner", "offering_id",
		"offering_title", "redeemed_at", "price_cents", "voucher_cents", "employer_cents",
		"learner_cents", NULL,
	};
	size_t i;
	json_t *line;

	for (int c = 0; cols[c]; c++)
		buf_printf(out, "%s%s", c ? "," : "", cols[c]);
	buf_puts(out, "\r\n");
	json_array_foreach(json_object_get(statement, "lines"), i, line) {
		for (int c = 0; cols[c]; c++) {
			if (c)
				buf_putc(out, ',');
			csv_cell(out, json_object_get(line, cols[c]));
		}
		buf_puts(out, "\r\n");
	}
}
