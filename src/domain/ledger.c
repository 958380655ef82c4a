/* ledger.c: the double-entry money ledger (see ledger.h) */
#include "domain/ledger.h"
#include "base/timeutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum lp_status
ledger_account_ensure(struct ctx *ctx, const char *account_id, const char *kind,
		      const char *owner_id, const char *name, bool allow_negative)
{
	char now[TIME_RFC3339_LEN];

	if (strlen(account_id) >= LEDGER_ACCOUNT_LEN)
		return lp_fail(ctx->err, LP_EINTERNAL, "account", "account name too long");
	time_now_rfc3339(now);
	return db_run(ctx->db, ctx->err, NULL,
		      "INSERT INTO ledger_accounts (id, kind, owner_id, name, currency,"
		      " allow_negative, balance_cents, created_at) VALUES (?, ?, ?, ?, 'EUR', ?, 0, ?)"
		      " ON CONFLICT (id) DO NOTHING", "ssssis", account_id, kind, owner_id, name,
		      (int64_t)(allow_negative ? 1 : 0), now);
}

/* Reads whether account_id exists and may go negative. */
static enum lp_status
account_flags(struct ctx *ctx, const char *account_id, bool *allow_negative)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	rc = db_prepare(ctx->db, "SELECT allow_negative, currency FROM ledger_accounts"
			" WHERE id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, account_id);
	step = db_step(st);
	if (step == DB_ROW) {
		*allow_negative = db_column_int(st, 0) != 0;
		if (strcmp(db_column_text(st, 1), "EUR") != 0)
			rc = lp_fail(ctx->err, LP_EINVAL, "currency", "only EUR is supported");
	} else if (step == DB_DONE) {
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "account", "no such ledger account: %s",
			     account_id);
	} else {
		rc = db_error(ctx->db, ctx->err);
	}
	db_reset(st);
	return rc;
}

/* Adds amount to the cached balance of an account, refusing (LP_ECONFLICT)
 * when an account that may not go negative would, or when the balance
 * would leave [-LEDGER_MAX_CENTS * 1000, LEDGER_MAX_CENTS * 1000]. One
 * conditional UPDATE that reads the account's own flag: the check and the
 * change cannot be separated by another writer, and no SELECT comes
 * first. The limits are computed here so the SQL never adds past them. */
static enum lp_status
account_apply(struct ctx *ctx, const char *account_id, int64_t amount, bool *applied)
{
	const int64_t limit = LEDGER_MAX_CENTS * 1000;
	int64_t changed = 0;
	enum lp_status rc;

	rc = db_run(ctx->db, ctx->err, &changed,
		    "UPDATE ledger_accounts SET balance_cents = balance_cents + ?"
		    " WHERE id = ? AND currency = 'EUR' AND balance_cents >= CASE"
		    " WHEN allow_negative <> 0 THEN CAST(? AS BIGINT) ELSE CAST(? AS BIGINT) END"
		    " AND balance_cents <= ?", "isiii", amount, account_id, -limit - amount,
		    -amount, limit - amount);
	*applied = !rc && changed == 1;
	return rc;
}

/* Says why entries could not be posted when the UPDATE of an account
 * changed nothing: no such account, another currency, or not enough
 * money (LP_ECONFLICT). Only on that path do the accounts get read. */
static enum lp_status
explain_refusal(struct ctx *ctx, const char *account_id)
{
	bool allow_negative;
	enum lp_status rc = account_flags(ctx, account_id, &allow_negative);

	if (rc)
		return rc;
	return lp_fail(ctx->err, LP_ECONFLICT, "amount_cents",
		       "not enough money in %s for this movement", account_id);
}

/* The INSERT of n entries in one statement into sql (the text is the
 * statement cache's key, one per n). */
static void
entries_insert_sql(char *sql, size_t size, int n)
{
	size_t len = (size_t)snprintf(sql, size, "INSERT INTO ledger_entries (id, transaction_id,"
				      " account_id, amount_cents) VALUES (?, ?, ?, ?)");

	for (int i = 1; i < n && len < size; i++)
		len += (size_t)snprintf(sql + len, size - len, ", (?, ?, ?, ?)");
}

enum lp_status
ledger_post(struct ctx *ctx, const struct ledger_txn_in *txn,
	    const struct ledger_entry_in *entries, int n, char txn_id_out[ID_LEN])
{
	char id[ID_LEN], entry_ids[LEDGER_MAX_ENTRIES][ID_LEN], now[TIME_RFC3339_LEN];
	char sql[128 + 16 * LEDGER_MAX_ENTRIES];
	int64_t sum = 0;
	struct db_stmt *st;
	enum lp_status rc;

	if (n < 2 || n > LEDGER_MAX_ENTRIES)
		return lp_fail(ctx->err, LP_EINVAL, "entries",
			       "a transaction has 2 to %d entries", LEDGER_MAX_ENTRIES);
	if (!txn->kind || !txn->reason || !*txn->reason || !txn->object_type || !txn->object_id)
		return lp_fail(ctx->err, LP_EINVAL, "reason",
			       "a transaction needs a kind, a reason and a business object");
	for (int i = 0; i < n; i++) {
		int64_t a = entries[i].amount_cents;

		if (a == 0 || a > LEDGER_MAX_CENTS || a < -LEDGER_MAX_CENTS)
			return lp_fail(ctx->err, LP_EINVAL, "amount_cents",
				       "an entry moves between 1 cent and %" PRId64 " cents",
				       LEDGER_MAX_CENTS);
		if (__builtin_add_overflow(sum, a, &sum))
			return lp_fail(ctx->err, LP_EINVAL, "amount_cents", "amounts overflow");
		if (!entries[i].account_id || strlen(entries[i].account_id) >= LEDGER_ACCOUNT_LEN)
			return lp_fail(ctx->err, LP_ENOTFOUND, "account", "no such ledger account");
	}
	if (sum != 0)
		return lp_fail(ctx->err, LP_EINVAL, "entries",
			       "the entries of a transaction must sum to zero, not %" PRId64, sum);

	id_new(id);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO ledger_transactions (id, at, actor_id, kind, reason, object_type,"
		    " object_id, reversal_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ssssssss", id, now,
		    actor_audit_id(ctx->actor), txn->kind, txn->reason, txn->object_type,
		    txn->object_id, txn->reversal_of);
	if (rc) {
		if (rc == LP_ECONFLICT && txn->reversal_of)
			return lp_fail(ctx->err, LP_ECONFLICT, "transaction",
				       "this transaction was reversed already");
		return rc;
	}
	/* the balances before the entries: an unknown account is told apart
	 * from a foreign-key failure */
	for (int i = 0; i < n; i++) {
		bool applied = false;

		rc = account_apply(ctx, entries[i].account_id, entries[i].amount_cents, &applied);
		if (!rc && !applied)
			rc = explain_refusal(ctx, entries[i].account_id);
		if (rc)
			return rc;
	}
	/* all entries in one statement */
	entries_insert_sql(sql, sizeof(sql), n);
	rc = db_prepare(ctx->db, sql, &st, ctx->err);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++) {
		id_new(entry_ids[i]);
		db_bind_text(st, 4 * i + 1, entry_ids[i]);
		db_bind_text(st, 4 * i + 2, id);
		db_bind_text(st, 4 * i + 3, entries[i].account_id);
		db_bind_int(st, 4 * i + 4, entries[i].amount_cents);
	}
	if (db_step(st) == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (!rc && txn_id_out)
		memcpy(txn_id_out, id, ID_LEN);
	return rc;
}

enum lp_status
ledger_reverse(struct ctx *ctx, const char *txn_id, const char *reason, char txn_id_out[ID_LEN])
{
	struct ledger_entry_in entries[LEDGER_MAX_ENTRIES];
	struct ledger_txn_in txn = { "reversal", reason, "ledger_transaction", txn_id, txn_id };
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	int n = 0;

	rc = db_prepare(ctx->db, "SELECT account_id, amount_cents FROM ledger_entries"
			" WHERE transaction_id = ? ORDER BY id", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, txn_id);
	while ((step = db_step(st)) == DB_ROW && n < LEDGER_MAX_ENTRIES) {
		entries[n].account_id = arena_strdup(ctx->arena, db_column_text(st, 0));
		entries[n].amount_cents = -db_column_int(st, 1);
		n++;
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc)
		return rc;
	if (n == 0)
		return lp_fail(ctx->err, LP_ENOTFOUND, "transaction", "no such transaction");
	return ledger_post(ctx, &txn, entries, n, txn_id_out);
}

enum lp_status
ledger_balance(struct ctx *ctx, const char *account_id, int64_t *cents)
{
	struct db_stmt *st;
	enum lp_status rc;

	*cents = 0;
	rc = db_prepare(ctx->db, "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entries"
			" WHERE account_id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, account_id);
	if (db_step(st) == DB_ROW)
		*cents = db_column_int(st, 0);
	else
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

json_t *
money_row_json(struct db_stmt *st)
{
	json_t *o = json_object();
	int cols = db_column_count(st);

	for (int c = 0; c < cols; c++) {
		const char *name = db_column_name(st, c);
		size_t len = strlen(name);
		bool integer = (len > 6 && strcmp(name + len - 6, "_cents") == 0) ||
			       (len > 7 && strcmp(name + len - 7, "_tenths") == 0) ||
			       strcmp(name, "version") == 0 || strcmp(name, "allow_partial") == 0 ||
			       strncmp(name, "max_", 4) == 0 || strcmp(name, "count") == 0;

		if (db_column_is_null(st, c))
			json_object_set_new(o, name, json_null());
		else if (integer)
			json_object_set_new(o, name, json_integer(db_column_int(st, c)));
		else
			json_object_set_new(o, name, json_string(db_column_text(st, c)));
	}
	return o;
}

enum lp_status
money_rows_collect(struct ctx *ctx, struct db_stmt *st, json_t *array)
{
	enum db_step_result step;
	enum lp_status rc = LP_OK;

	while ((step = db_step(st)) == DB_ROW)
		json_array_append_new(array, money_row_json(st));
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

enum lp_status
ledger_balances(struct ctx *ctx, const char *owner_id, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;

	*out = json_array();
	rc = db_prepare(ctx->db,
			"SELECT a.id AS account, a.kind, a.name,"
			" COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e"
			" WHERE e.account_id = a.id), 0) AS balance_cents"
			" FROM ledger_accounts a WHERE a.owner_id = ? ORDER BY a.id", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, owner_id);
	return money_rows_collect(ctx, st, *out);
}

enum lp_status
ledger_history(struct ctx *ctx, const char *object_type, const char *object_id, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *txn = NULL;
	const char *last = "";

	*out = json_array();
	rc = db_prepare(ctx->db,
			"SELECT t.id, t.at, t.actor_id, t.kind, t.reason, t.reversal_of,"
			" e.account_id, e.amount_cents FROM ledger_transactions t"
			" JOIN ledger_entries e ON e.transaction_id = t.id"
			" WHERE t.object_type = ? AND t.object_id = ? ORDER BY t.id, e.id",
			&st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, object_type);
	db_bind_text(st, 2, object_id);
	while ((step = db_step(st)) == DB_ROW) {
		const char *id = db_column_text(st, 0);

		if (strcmp(id, last) != 0) {
			const char *rev = db_column_text(st, 5);

			txn = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s?, s:[]}", "id", id, "at",
					db_column_text(st, 1), "actor_id", db_column_text(st, 2),
					"kind", db_column_text(st, 3), "reason",
					db_column_text(st, 4), "reversal_of", rev, "entries");
			json_array_append_new(*out, txn);
			last = arena_strdup(ctx->arena, id);
		}
		json_array_append_new(json_object_get(txn, "entries"),
				      json_pack("{s:s, s:I}", "account", db_column_text(st, 6),
						"amount_cents",
						(json_int_t)db_column_int(st, 7)));
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

/* Writes fmt into out with each "%s" replaced by the next of args (three
 * at most): the breach texts are constants, the values from the rows. */
static void
fill(char *out, size_t size, const char *fmt, const char *const args[3])
{
	size_t n = 0;
	int next = 0;

	for (const char *p = fmt; *p && n + 1 < size; p++) {
		if (p[0] == '%' && p[1] == 's' && next < 3) {
			for (const char *a = args[next++]; *a && n + 1 < size; a++)
				out[n++] = *a;
			p++;
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
}

/* Runs sql (no parameters); for each row appends a breach made from fmt
 * and the row's first three columns as text. */
static enum lp_status
check_query(struct ctx *ctx, json_t *breaches, const char *sql, const char *fmt)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	char line[512];

	rc = db_prepare(ctx->db, sql, &st, ctx->err);
	if (rc)
		return rc;
	while ((step = db_step(st)) == DB_ROW) {
		const char *args[3];

		for (int i = 0; i < 3; i++) {
			args[i] = db_column_text(st, i);
			if (!args[i])
				args[i] = "";
		}
		fill(line, sizeof(line), fmt, args);
		json_array_append_new(breaches, json_string(line));
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

enum lp_status
ledger_check(struct ctx *ctx, json_t **breaches, int64_t *entries)
{
	static const struct {
		const char *sql;
		const char *fmt;
	} checks[] = {
		{ "SELECT transaction_id, SUM(amount_cents), COUNT(*) FROM ledger_entries"
		  " GROUP BY transaction_id HAVING SUM(amount_cents) <> 0 OR COUNT(*) < 2",
		  "transaction %s does not balance: its entries sum to %s over %s entries" },
		{ "SELECT t.id, t.kind, '' FROM ledger_transactions t WHERE NOT EXISTS"
		  " (SELECT 1 FROM ledger_entries e WHERE e.transaction_id = t.id)",
		  "transaction %s (%s) has no entries%s" },
		{ "SELECT a.id, a.balance_cents, COALESCE(s.total, 0) FROM ledger_accounts a"
		  " LEFT JOIN (SELECT account_id, SUM(amount_cents) AS total FROM ledger_entries"
		  " GROUP BY account_id) s ON s.account_id = a.id"
		  " WHERE a.balance_cents <> COALESCE(s.total, 0)",
		  "account %s: cached balance %s differs from its entries' sum %s" },
		{ "SELECT a.id, COALESCE(s.total, 0), a.kind FROM ledger_accounts a"
		  " LEFT JOIN (SELECT account_id, SUM(amount_cents) AS total FROM ledger_entries"
		  " GROUP BY account_id) s ON s.account_id = a.id"
		  " WHERE a.allow_negative = 0 AND COALESCE(s.total, 0) < 0",
		  "account %s has a negative balance %s (%s)" },
		{ "SELECT v.id, v.name, v.budget_cents FROM voucher_schemes v"
		  " WHERE v.budget_cents <> -COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e"
		  " WHERE e.account_id = 'funder:' || v.id), 0)",
		  "scheme %s (%s) was not funded with exactly its budget of %s cents" },
		{ "SELECT v.id, v.name, COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e"
		  " WHERE e.account_id = 'scheme:' || v.id || ':budget'), 0) FROM voucher_schemes v"
		  " WHERE COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e"
		  " WHERE e.account_id = 'scheme:' || v.id || ':budget'), 0) < 0",
		  "scheme %s (%s) exceeded its budget: its budget account is %s" },
		{ "SELECT v.id, v.state, COALESCE(SUM(e.amount_cents), 0) FROM vouchers v"
		  " JOIN ledger_entries e ON e.account_id = 'voucher:' || v.id"
		  " OR e.account_id = 'voucher:' || v.id || ':reserved'"
		  " WHERE v.state IN ('redeemed', 'expired', 'revoked')"
		  " GROUP BY v.id, v.state HAVING SUM(e.amount_cents) <> 0",
		  "voucher %s is %s but still holds %s cents" },
		{ "SELECT r.id, r.amount_cents, '' FROM reservations r WHERE r.state = 'redeemed'"
		  " AND NOT EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.kind = 'redeem'"
		  " AND t.object_type = 'reservation' AND t.object_id = r.id)",
		  "reservation %s is redeemed (%s cents) without a redemption transaction%s" },
	};
	struct db_stmt *st;
	enum lp_status rc;

	*breaches = json_array();
	*entries = 0;
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		rc = check_query(ctx, *breaches, checks[i].sql, checks[i].fmt);
		if (rc)
			return rc;
	}
	rc = db_prepare(ctx->db, "SELECT COUNT(*) FROM ledger_entries", &st, ctx->err);
	if (rc)
		return rc;
	if (db_step(st) == DB_ROW)
		*entries = db_column_int(st, 0);
	else
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

enum lp_status
ledger_amount_from_json(struct ctx *ctx, const json_t *value, const char *field, int64_t min,
			int64_t max, int64_t *out)
{
	json_int_t v;

	if (!value || json_is_null(value))
		return lp_fail(ctx->err, LP_EINVAL, field, "an amount in cents is required");
	if (json_is_real(value))
		return lp_fail(ctx->err, LP_EINVAL, field,
			       "amounts are whole cents: no fractions");
	if (!json_is_integer(value))
		return lp_fail(ctx->err, LP_EINVAL, field, "an amount is a whole number of cents");
	v = json_integer_value(value);
	if (v < min || v > max)
		return lp_fail(ctx->err, LP_EINVAL, field,
			       "the amount must be between %" PRId64 " and %" PRId64 " cents", min,
			       max);
	*out = (int64_t)v;
	return LP_OK;
}
