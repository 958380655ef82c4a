/* voucher.c: vouchers, reservations and employer contributions (see
 * voucher.h) */
#include "domain/voucher.h"
#include "domain/state_word.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/ledger.h"
#include "domain/scheme.h"
#include "base/id.h"
#include "base/timeutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define VOUCHER_COLUMNS \
	"SELECT v.id, v.scheme_id, v.person_id, v.ec_tenths, v.value_cents, v.state," \
	" v.spend_by, v.reason, v.version, v.created_at, v.updated_at," \
	" COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e" \
	"  WHERE e.account_id = 'voucher:' || v.id), 0) AS balance_cents," \
	" COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e" \
	"  WHERE e.account_id = 'voucher:' || v.id || ':reserved'), 0) AS reserved_cents" \
	" FROM vouchers v"

#define RESERVATION_COLUMNS \
	"SELECT r.id, r.voucher_id, r.offering_id, r.provider_id, r.person_id, r.amount_cents," \
	" r.state, r.confirmed_at, r.redeemed_at, r.released_at, r.version, r.created_at," \
	" r.updated_at, o.title AS offering_title, o.start_date, o.price_cents," \
	" v.scheme_id FROM reservations r JOIN offerings o ON o.id = r.offering_id" \
	" JOIN vouchers v ON v.id = r.voucher_id"

/* Runs sql (one `?`: id) and returns the first row as JSON in *out, or
 * LP_ENOTFOUND on field. */
static enum lp_status
load_one(struct ctx *ctx, const char *sql, const char *id, const char *field, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	*out = NULL;
	if (!id || !id_is_valid(id))
		return lp_fail(ctx->err, LP_ENOTFOUND, field, "no such record");
	rc = db_prepare(ctx->db, sql, &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	step = db_step(st);
	if (step == DB_ROW)
		*out = money_row_json(st);
	else if (step == DB_DONE)
		rc = lp_fail(ctx->err, LP_ENOTFOUND, field, "no such record");
	else
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

static const char *
str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int64_t
num(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

/* Runs sql with one text parameter and reports whether it yields a row. */
static enum lp_status
exists(struct ctx *ctx, const char *sql, const char *a, const char *b, const char *c,
       bool *found)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	rc = db_prepare(ctx->db, sql, &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	if (c)
		db_bind_text(st, 3, c);
	step = db_step(st);
	*found = step == DB_ROW;
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

/* Whether the scheme lets a voucher be used in parts (one cheap read: the
 * budget figures of scheme_get are not needed on the hot paths). */
static enum lp_status
scheme_allows_partial(struct ctx *ctx, const char *scheme_id, bool *partial)
{
	struct db_stmt *st;
	enum lp_status rc;

	*partial = false;
	rc = db_prepare(ctx->db, "SELECT allow_partial FROM voucher_schemes WHERE id = ?", &st,
			ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, scheme_id);
	if (db_step(st) == DB_ROW)
		*partial = db_column_int(st, 0) != 0;
	else
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "scheme_id", "no such voucher scheme");
	db_reset(st);
	return rc;
}

/* ---- eligibility: one check per rule name of the scheme ---------------- */

/* "working": a current employment (started, not ended). */
static enum lp_status
rule_working(struct ctx *ctx, const char *person_id, const char *scheme_id, const char *today)
{
	bool found;
	enum lp_status rc;

	(void)scheme_id;
	rc = exists(ctx, "SELECT 1 FROM employments WHERE person_id = ? AND start_date <= ?"
		    " AND (end_date IS NULL OR end_date >= ?)", person_id, today, today, &found);
	if (!rc && !found)
		rc = lp_fail(ctx->err, LP_EINVAL, "person_id",
			     "the learner is not working: no current employment");
	return rc;
}

/* "no_diploma": the learner does not hold the diploma the scheme aims at:
 * no enrolment of theirs in a participating programme has graduated. */
static enum lp_status
rule_no_diploma(struct ctx *ctx, const char *person_id, const char *scheme_id,
		const char *today)
{
	bool found;
	enum lp_status rc;

	(void)today;
	rc = exists(ctx, "SELECT 1 FROM enrolments e JOIN voucher_scheme_programmes sp"
		    " ON sp.programme_id = e.programme_id"
		    " WHERE e.person_id = ? AND sp.scheme_id = ? AND e.status = 'graduated'",
		    person_id, scheme_id, NULL, &found);
	if (!rc && found)
		rc = lp_fail(ctx->err, LP_EINVAL, "person_id",
			     "the learner already holds the diploma of a participating programme");
	return rc;
}

/* "enrolled": the learner has an active enrolment (issue 4's enrolments)
 * in a programme that takes part in the scheme. */
static enum lp_status
rule_enrolled(struct ctx *ctx, const char *person_id, const char *scheme_id, const char *today)
{
	bool found;
	enum lp_status rc;

	(void)today;
	rc = exists(ctx, "SELECT 1 FROM enrolments e JOIN voucher_scheme_programmes sp"
		    " ON sp.programme_id = e.programme_id"
		    " WHERE e.person_id = ? AND sp.scheme_id = ? AND e.status = 'active'",
		    person_id, scheme_id, NULL, &found);
	if (!rc && !found)
		rc = lp_fail(ctx->err, LP_EINVAL, "person_id",
			     "the learner is not enrolled in a participating programme");
	return rc;
}

static const struct {
	const char *name;
	enum lp_status (*check)(struct ctx *, const char *person_id, const char *scheme_id,
				const char *today);
} eligibility_rules[] = {
	{ "working", rule_working },
	{ "no_diploma", rule_no_diploma },
	{ "enrolled", rule_enrolled },
};

/* Runs every rule the scheme names (rules: the scheme's JSON array). */
static enum lp_status
check_eligible(struct ctx *ctx, const json_t *rules, const char *person_id,
	       const char *scheme_id, const char *today)
{
	size_t i;
	json_t *v;

	json_array_foreach(rules, i, v) {
		for (size_t k = 0; k < sizeof(eligibility_rules) / sizeof(eligibility_rules[0]); k++) {
			enum lp_status rc;

			if (strcmp(eligibility_rules[k].name, json_string_value(v) ?
				   json_string_value(v) : "") != 0)
				continue;
			rc = eligibility_rules[k].check(ctx, person_id, scheme_id, today);
			if (rc)
				return rc;
		}
	}
	return LP_OK;
}

/* ---- vouchers ---------------------------------------------------------- */

/* Reads the EC of a voucher: "ec" (whole EC) or "ec_tenths", 0.1 to 30. */
static enum lp_status
read_ec(struct ctx *ctx, const json_t *in, int64_t *tenths)
{
	const json_t *ec = json_object_get(in, "ec");
	const json_t *t = json_object_get(in, "ec_tenths");

	if (ec && json_is_integer(ec))
		*tenths = json_integer_value(ec) * 10;
	else if (!ec && t && json_is_integer(t))
		*tenths = json_integer_value(t);
	else
		return lp_fail(ctx->err, LP_EINVAL, ec ? "ec" : "ec_tenths",
			       "the credits of a voucher: a whole number \"ec\" or \"ec_tenths\"");
	if (*tenths < 1 || *tenths > 300)
		return lp_fail(ctx->err, LP_EINVAL, ec ? "ec" : "ec_tenths",
			       "a voucher is for 0.1 to 30 EC");
	return LP_OK;
}

enum lp_status
voucher_issue(struct ctx *ctx, const json_t *in, json_t **out)
{
	const char *scheme_id = str(in, "scheme_id"), *person_id = str(in, "person_id");
	char id[ID_LEN], now[TIME_RFC3339_LEN], today[11];
	char budget_acc[LEDGER_ACCOUNT_LEN], voucher_acc[LEDGER_ACCOUNT_LEN],
		reserved_acc[LEDGER_ACCOUNT_LEN];
	json_t *scheme = NULL;
	int64_t tenths = 0, value, count = 0;
	enum lp_status rc;
	struct db_stmt *st;
	bool found;

	*out = NULL;
	rc = authz_money(ctx, MONEY_MANAGE_SCHEMES);
	if (rc)
		return rc;
	if (!json_is_object(in))
		return lp_fail(ctx->err, LP_EMALFORMED, NULL, "a JSON object is required");
	if (json_object_get(in, "currency") &&
	    (!str(in, "currency") || strcmp(str(in, "currency"), "EUR") != 0))
		return lp_fail(ctx->err, LP_EINVAL, "currency", "only EUR is supported");
	rc = read_ec(ctx, in, &tenths);
	if (rc)
		return rc;
	if (!person_id || !id_is_valid(person_id))
		return lp_fail(ctx->err, LP_EINVAL, "person_id", "a learner (person id) is required");
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	/* the scheme's terms only: its budget figures (sums over its ledger)
	 * are not needed, the ledger refuses an overdrawn budget by itself */
	rc = load_one(ctx, "SELECT id, issue_from, issue_until, spend_by, rules,"
		      " max_vouchers_per_learner, value_per_30ec_cents FROM voucher_schemes"
		      " WHERE id = ?", scheme_id, "scheme_id", &scheme);
	if (rc == LP_ENOTFOUND)
		rc = lp_fail(ctx->err, LP_EINVAL, "scheme_id", "no such voucher scheme");
	if (rc)
		goto fail;
	{
		json_t *rules = json_loads(str(scheme, "rules"), 0, NULL);

		json_object_set_new(scheme, "rules", rules ? rules : json_array());
	}
	rc = exists(ctx, "SELECT 1 FROM persons WHERE id = ?", person_id, NULL, NULL, &found);
	if (!rc && !found)
		rc = lp_fail(ctx->err, LP_EINVAL, "person_id", "no such person");
	if (rc)
		goto fail;
	time_today(today);
	if (strcmp(today, str(scheme, "issue_from")) < 0 ||
	    strcmp(today, str(scheme, "issue_until")) > 0) {
		rc = lp_fail(ctx->err, LP_EINVAL, "scheme_id",
			     "the scheme issues vouchers from %s to %s", str(scheme, "issue_from"),
			     str(scheme, "issue_until"));
		goto fail;
	}
	rc = check_eligible(ctx, json_object_get(scheme, "rules"), person_id, scheme_id, today);
	if (rc)
		goto fail;
	/* the count and the insert below as one step per learner and scheme:
	 * a parallel issue for the same learner waits here until this one
	 * has committed, then counts it (db_lock; without it, READ COMMITTED
	 * on PostgreSQL let two issues both count one less than the maximum) */
	{
		char lock[16 + 2 * ID_LEN];

		snprintf(lock, sizeof(lock), "voucher_issue:%s:%s", scheme_id, person_id);
		rc = db_lock(ctx->db, lock, ctx->err);
		if (rc)
			goto fail;
	}
	rc = db_prepare(ctx->db, "SELECT COUNT(*) FROM vouchers WHERE scheme_id = ?"
			" AND person_id = ? AND state <> 'revoked'", &st, ctx->err);
	if (rc)
		goto fail;
	db_bind_text(st, 1, scheme_id);
	db_bind_text(st, 2, person_id);
	if (db_step(st) == DB_ROW)
		count = db_column_int(st, 0);
	db_reset(st);
	if (count >= num(scheme, "max_vouchers_per_learner")) {
		rc = lp_fail(ctx->err, LP_ECONFLICT, "person_id",
			     "the learner has the most vouchers this scheme allows (%" PRId64 ")",
			     num(scheme, "max_vouchers_per_learner"));
		goto fail;
	}
	value = num(scheme, "value_per_30ec_cents") * tenths / 300;
	if (value < 1) {
		rc = lp_fail(ctx->err, LP_EINVAL, "ec", "the voucher would be worth nothing");
		goto fail;
	}
	id_new(id);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO vouchers (id, scheme_id, person_id, ec_tenths, value_cents, state,"
		    " spend_by, reason, version, created_at, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, 'issued', ?, NULL, 1, ?, ?)", "sssiisss", id,
		    scheme_id, person_id, tenths, value, str(scheme, "spend_by"), now, now);
	snprintf(budget_acc, sizeof(budget_acc), "scheme:%s:budget", scheme_id);
	snprintf(voucher_acc, sizeof(voucher_acc), "voucher:%s", id);
	snprintf(reserved_acc, sizeof(reserved_acc), "voucher:%s:reserved", id);
	if (!rc)
		rc = ledger_account_ensure(ctx, voucher_acc, "voucher", id, "Voucher", false);
	if (!rc)
		rc = ledger_account_ensure(ctx, reserved_acc, "voucher_reserved", id,
					   "Voucher, reserved", false);
	if (!rc) {
		struct ledger_txn_in txn = { "issue", "voucher issued", "voucher", id, NULL };
		struct ledger_entry_in e[2] = { { budget_acc, -value }, { voucher_acc, value } };

		rc = ledger_post(ctx, &txn, e, 2, NULL);
		if (rc == LP_ECONFLICT)
			rc = lp_fail(ctx->err, LP_ECONFLICT, "scheme_id",
				     "the scheme's budget is exhausted");
	}
	if (!rc)
		rc = load_one(ctx, VOUCHER_COLUMNS " WHERE v.id = ?", id, "voucher_id", out);
	if (!rc)
		rc = audit_write(ctx, "vouchers", id, "issue", *out);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		goto fail;
	json_decref(scheme);
	return LP_OK;
fail:
	db_rollback(ctx->db);
	json_decref(scheme);
	json_decref(*out);
	*out = NULL;
	return rc;
}

/* Sets a voucher's state from `from` to `to` if it is still `from`;
 * LP_ECONFLICT if someone else changed it first. */
static enum lp_status
voucher_move(struct ctx *ctx, const char *id, const char *from, const char *to,
	     const char *reason)
{
	char now[TIME_RFC3339_LEN];
	int64_t changed = 0;
	enum lp_status rc;

	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, &changed,
		    "UPDATE vouchers SET state = ?, reason = COALESCE(?, reason),"
		    " version = version + 1, updated_at = ? WHERE id = ? AND state = ?", "sssss",
		    to, reason, now, id, from);
	if (!rc && changed != 1)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "voucher_id",
			     "the voucher is no longer %s", from);
	return rc;
}

/* Releases a reservation if it is still reserved; LP_ECONFLICT if someone
 * else changed it first. (Redemption moves it with its own version-checked
 * UPDATE: redeem_once.) */
static enum lp_status
reservation_release_row(struct ctx *ctx, const char *id)
{
	char now[TIME_RFC3339_LEN];
	int64_t changed = 0;
	enum lp_status rc;

	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, &changed,
		    "UPDATE reservations SET state = 'released', released_at = ?,"
		    " version = version + 1, updated_at = ? WHERE id = ?"
		    " AND state = 'reserved'", "sss", now, now, id);
	if (!rc && changed != 1)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "reservation_id",
			     "the reservation is no longer open");
	return rc;
}

/* voucher_reserve's checks of the voucher (a row of VOUCHER_COLUMNS) on
 * day today: it is issued (LP_ECONFLICT otherwise) and not expired. */
static enum lp_status
reservable_voucher(struct ctx *ctx, const json_t *v, const char *today)
{
	if (strcmp(str(v, "state"), "issued") != 0)
		return lp_fail(ctx->err, LP_ECONFLICT, "voucher_id", "the voucher is %s, not issued",
			       state_word(str(v, "state")));
	if (strcmp(today, str(v, "spend_by")) > 0)
		return lp_fail(ctx->err, LP_EINVAL, "voucher_id", "the voucher expired on %s",
			       str(v, "spend_by"));
	return LP_OK;
}

/* voucher_reserve's checks of an offering of the voucher's scheme (off:
 * end_date, price_cents) on day today: not ended, and something to pay.
 * *limit: the most that may be reserved for it, the voucher's balance or
 * the price, whichever is less (also the default amount). */
static enum lp_status
reservable_offering(struct ctx *ctx, const json_t *v, const json_t *off, const char *today,
		    int64_t *limit)
{
	if (strcmp(today, str(off, "end_date")) > 0)
		return lp_fail(ctx->err, LP_EINVAL, "offering_id", "the offering has ended");
	*limit = num(v, "balance_cents");
	if (num(off, "price_cents") < *limit)
		*limit = num(off, "price_cents");
	if (*limit < 1)
		return lp_fail(ctx->err, LP_EINVAL, "offering_id", "the offering costs nothing");
	return LP_OK;
}

enum lp_status
voucher_reserve(struct ctx *ctx, const char *voucher_id, const json_t *in, json_t **out)
{
	json_t *v = NULL, *off = NULL;
	const char *offering_id = str(in, "offering_id");
	bool partial = false;
	char id[ID_LEN], now[TIME_RFC3339_LEN], today[11];
	char voucher_acc[LEDGER_ACCOUNT_LEN], reserved_acc[LEDGER_ACCOUNT_LEN];
	int64_t amount = 0, limit;
	enum lp_status rc;

	*out = NULL;
	if (!json_is_object(in))
		return lp_fail(ctx->err, LP_EMALFORMED, NULL, "a JSON object is required");
	if (json_object_get(in, "currency") &&
	    (!str(in, "currency") || strcmp(str(in, "currency"), "EUR") != 0))
		return lp_fail(ctx->err, LP_EINVAL, "currency", "only EUR is supported");
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = load_one(ctx, VOUCHER_COLUMNS " WHERE v.id = ?", voucher_id, "voucher_id", &v);
	if (!rc)
		rc = authz_money_learner(ctx, str(v, "person_id"));
	if (rc)
		goto fail;
	time_today(today);
	rc = reservable_voucher(ctx, v, today);
	if (rc)
		goto fail;
	if (!offering_id || !id_is_valid(offering_id)) {
		rc = lp_fail(ctx->err, LP_EINVAL, "offering_id", "an offering is required");
		goto fail;
	}
	rc = load_one(ctx, "SELECT id, provider_id, price_cents, start_date, end_date FROM offerings"
		      " WHERE id = ?", offering_id, "offering_id", &off);
	if (rc == LP_ENOTFOUND)
		rc = lp_fail(ctx->err, LP_EINVAL, "offering_id", "no such offering");
	if (!rc)
		rc = scheme_offering_participates(ctx, str(v, "scheme_id"), offering_id);
	if (!rc)
		rc = scheme_allows_partial(ctx, str(v, "scheme_id"), &partial);
	if (rc)
		goto fail;
	rc = reservable_offering(ctx, v, off, today, &limit);
	if (rc)
		goto fail;
	amount = limit;
	if (json_object_get(in, "amount_cents")) {
		rc = ledger_amount_from_json(ctx, json_object_get(in, "amount_cents"), "amount_cents",
					     1, limit, &amount);
		if (rc)
			goto fail;
		if (amount != limit && !partial) {
			rc = lp_fail(ctx->err, LP_EINVAL, "amount_cents",
				     "this scheme reserves a voucher whole: %" PRId64 " cents", limit);
			goto fail;
		}
	}
	rc = voucher_move(ctx, voucher_id, "issued", "reserved", NULL);
	if (rc)
		goto fail;
	id_new(id);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO reservations (id, voucher_id, offering_id, provider_id, person_id,"
		    " amount_cents, state, confirmed_at, redeemed_at, released_at, version,"
		    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'reserved', NULL, NULL,"
		    " NULL, 1, ?, ?)", "sssssiss", id, voucher_id, offering_id,
		    str(off, "provider_id"), str(v, "person_id"), amount, now, now);
	snprintf(voucher_acc, sizeof(voucher_acc), "voucher:%s", voucher_id);
	snprintf(reserved_acc, sizeof(reserved_acc), "voucher:%s:reserved", voucher_id);
	if (!rc) {
		struct ledger_txn_in txn = { "reserve", "voucher reserved for an offering",
					     "reservation", id, NULL };
		struct ledger_entry_in e[2] = { { voucher_acc, -amount }, { reserved_acc, amount } };

		rc = ledger_post(ctx, &txn, e, 2, NULL);
	}
	if (!rc)
		rc = load_one(ctx, RESERVATION_COLUMNS " WHERE r.id = ?", id, "reservation_id", out);
	if (!rc)
		rc = audit_write(ctx, "reservations", id, "reserve", *out);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		goto fail;
	goto out;
fail:
	db_rollback(ctx->db);
	json_decref(*out);
	*out = NULL;
out:
	json_decref(v);
	json_decref(off);
	return rc;
}

/* Ends a change of reservation_id: reads it back into *out (a new
 * reference), audits action with what it now is, and commits. The caller
 * rolls back on an error. */
static enum lp_status
reservation_commit(struct ctx *ctx, const char *reservation_id, const char *action,
		   json_t **out)
{
	enum lp_status rc = load_one(ctx, RESERVATION_COLUMNS " WHERE r.id = ?", reservation_id,
				     "reservation_id", out);

	if (!rc)
		rc = audit_write(ctx, "reservations", reservation_id, action, *out);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	return rc;
}

enum lp_status
reservation_confirm(struct ctx *ctx, const char *reservation_id, json_t **out)
{
	char now[TIME_RFC3339_LEN];
	json_t *r = NULL;
	enum lp_status rc;

	*out = NULL;
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = load_one(ctx, RESERVATION_COLUMNS " WHERE r.id = ?", reservation_id,
		      "reservation_id", &r);
	if (!rc)
		rc = authz_money_learner(ctx, str(r, "person_id"));
	if (rc)
		goto fail;
	if (strcmp(str(r, "state"), "reserved") != 0) {
		rc = lp_fail(ctx->err, LP_ECONFLICT, "reservation_id", "the reservation is %s",
			     state_word(str(r, "state")));
		goto fail;
	}
	if (!json_is_null(json_object_get(r, "confirmed_at"))) {
		/* confirmed before: nothing to do */
		db_rollback(ctx->db);
		*out = r;
		return LP_OK;
	}
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "UPDATE reservations SET confirmed_at = ?, version = version + 1, updated_at = ?"
		    " WHERE id = ? AND state = 'reserved' AND confirmed_at IS NULL", "sss", now, now,
		    reservation_id);
	json_decref(r);
	r = NULL;
	if (!rc)
		rc = reservation_commit(ctx, reservation_id, "confirm", out);
	if (!rc)
		return LP_OK;
fail:
	db_rollback(ctx->db);
	json_decref(r);
	json_decref(*out);
	*out = NULL;
	return rc;
}

/* Moves left cents (what is left on a spent voucher) back to the
 * scheme's budget; nothing if left is 0. */
static enum lp_status
return_left_to_budget(struct ctx *ctx, const char *voucher_id, const char *scheme_id,
		      int64_t left, const char *kind, const char *reason)
{
	char voucher_acc[LEDGER_ACCOUNT_LEN], budget_acc[LEDGER_ACCOUNT_LEN];

	if (left <= 0)
		return LP_OK;
	snprintf(voucher_acc, sizeof(voucher_acc), "voucher:%s", voucher_id);
	snprintf(budget_acc, sizeof(budget_acc), "scheme:%s:budget", scheme_id);
	{
		struct ledger_txn_in txn = { kind, reason, "voucher", voucher_id, NULL };
		struct ledger_entry_in e[2] = { { voucher_acc, -left }, { budget_acc, left } };

		return ledger_post(ctx, &txn, e, 2, NULL);
	}
}

/* Moves what is left on a spent voucher back to the scheme's budget. */
static enum lp_status
return_to_budget(struct ctx *ctx, const char *voucher_id, const char *scheme_id,
		 const char *kind, const char *reason)
{
	char voucher_acc[LEDGER_ACCOUNT_LEN];
	int64_t left;
	enum lp_status rc;

	snprintf(voucher_acc, sizeof(voucher_acc), "voucher:%s", voucher_id);
	rc = ledger_balance(ctx, voucher_acc, &left);
	if (!rc)
		rc = return_left_to_budget(ctx, voucher_id, scheme_id, left, kind, reason);
	return rc;
}

/* The reservation as reservation_commit returns it, and two things only
 * redemption needs: whether the scheme allows partial use and whether the
 * provider's scheme account exists yet (both removed from the JSON). */
#define REDEEM_COLUMNS \
	"SELECT r.id, r.voucher_id, r.offering_id, r.provider_id, r.person_id, r.amount_cents," \
	" r.state, r.confirmed_at, r.redeemed_at, r.released_at, r.version, r.created_at," \
	" r.updated_at, o.title AS offering_title, o.start_date, o.price_cents," \
	" v.scheme_id, s.allow_partial AS redeem_partial," \
	" (SELECT 1 FROM ledger_accounts a WHERE a.id = 'provider:' || r.provider_id" \
	"  || ':scheme') AS redeem_account FROM reservations r" \
	" JOIN offerings o ON o.id = r.offering_id JOIN vouchers v ON v.id = r.voucher_id" \
	" JOIN voucher_schemes s ON s.id = v.scheme_id WHERE r.id = ?"

/* The cached balance of account_id (ledger_accounts.balance_cents, kept in
 * the same transaction as the entries and compared with their sum by
 * `ledger check`): one primary-key read instead of a sum over entries. */
static enum lp_status
cached_balance(struct ctx *ctx, const char *account_id, int64_t *cents)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	*cents = 0;
	rc = db_prepare(ctx->db, "SELECT balance_cents FROM ledger_accounts WHERE id = ?", &st,
			ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, account_id);
	step = db_step(st);
	if (step == DB_ROW)
		*cents = db_column_int(st, 0);
	else if (step == DB_DONE)
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "account", "no such ledger account: %s",
			     account_id);
	else
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

/* One try of reservation_redeem. Everything that decides whether the
 * redemption may happen is read before the write transaction, in one
 * statement; inside it, the UPDATE of the reservation re-checks that
 * nothing changed since (its version, state and confirmation): if
 * something did, *stale is set, nothing is written, and the caller reads
 * again. So the write lock is held only for the writes: the reservation,
 * the ledger transaction, the voucher's state, the audit entry. */
static enum lp_status
redeem_once(struct ctx *ctx, const char *reservation_id, json_t **out, bool *stale)
{
	char today[11], now[TIME_RFC3339_LEN], reserved_acc[LEDGER_ACCOUNT_LEN],
		provider_acc[LEDGER_ACCOUNT_LEN], voucher_acc[LEDGER_ACCOUNT_LEN];
	json_t *r = NULL;
	const char *voucher_id, *provider_id, *scheme_id, *flag;
	int64_t left = 0, amount, version, changed = 0;
	bool partial, have_account;
	enum lp_status rc;

	*out = NULL;
	*stale = false;
	rc = load_one(ctx, REDEEM_COLUMNS, reservation_id, "reservation_id", &r);
	if (!rc)
		rc = authz_money_provider(ctx, str(r, "provider_id"), false);
	if (rc)
		goto fail_read;
	if (strcmp(str(r, "state"), "reserved") != 0) {
		rc = lp_fail(ctx->err, LP_ECONFLICT, "reservation_id", "the reservation is %s",
			     state_word(str(r, "state")));
		goto fail_read;
	}
	if (json_is_null(json_object_get(r, "confirmed_at"))) {
		rc = lp_fail(ctx->err, LP_ECONFLICT, "reservation_id",
			     "the learner has not confirmed the enrolment yet");
		goto fail_read;
	}
	time_today(today);
	if (strcmp(today, str(r, "start_date")) < 0) {
		rc = lp_fail(ctx->err, LP_ECONFLICT, "reservation_id",
			     "the offering starts on %s; redeem after it started",
			     str(r, "start_date"));
		goto fail_read;
	}
	flag = str(r, "redeem_partial");
	partial = flag && strcmp(flag, "0") != 0;
	have_account = !json_is_null(json_object_get(r, "redeem_account"));
	json_object_del(r, "redeem_partial");
	json_object_del(r, "redeem_account");
	voucher_id = str(r, "voucher_id");
	provider_id = str(r, "provider_id");
	scheme_id = str(r, "scheme_id");
	amount = num(r, "amount_cents");
	version = num(r, "version");
	snprintf(reserved_acc, sizeof(reserved_acc), "voucher:%s:reserved", voucher_id);
	snprintf(voucher_acc, sizeof(voucher_acc), "voucher:%s", voucher_id);
	snprintf(provider_acc, sizeof(provider_acc), "provider:%s:scheme", provider_id);
	time_now_rfc3339(now);

	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		goto fail_read;
	/* the re-check that counts: only one writer moves reserved ->
	 * redeemed, and only from the version read above */
	rc = db_run(ctx->db, ctx->err, &changed,
		    "UPDATE reservations SET state = 'redeemed', redeemed_at = ?,"
		    " version = version + 1, updated_at = ? WHERE id = ? AND version = ?"
		    " AND state = 'reserved' AND confirmed_at IS NOT NULL", "sssi", now, now,
		    reservation_id, version);
	if (!rc && changed != 1) {
		*stale = true;
		goto fail;
	}
	if (!rc && !have_account)
		rc = ledger_account_ensure(ctx, provider_acc, "provider_scheme", provider_id,
					   "Owed by voucher schemes", false);
	if (!rc) {
		struct ledger_txn_in txn = { "redeem", "voucher redeemed by the provider",
					     "reservation", reservation_id, NULL };
		struct ledger_entry_in e[2] = { { reserved_acc, -amount }, { provider_acc, amount } };

		rc = ledger_post(ctx, &txn, e, 2, NULL);
	}
	if (!rc)
		rc = cached_balance(ctx, voucher_acc, &left);
	if (!rc && left > 0 && partial)
		rc = voucher_move(ctx, voucher_id, "reserved", "issued", NULL);
	else if (!rc)
		rc = voucher_move(ctx, voucher_id, "reserved", "redeemed", NULL);
	if (!rc && !(left > 0 && partial))
		rc = return_left_to_budget(ctx, voucher_id, scheme_id, left, "return",
					   "the unreserved rest of a redeemed voucher");
	if (rc)
		goto fail;
	/* what the UPDATE above made of the row read before it */
	json_object_set_new(r, "state", json_string("redeemed"));
	json_object_set_new(r, "redeemed_at", json_string(now));
	json_object_set_new(r, "updated_at", json_string(now));
	json_object_set_new(r, "version", json_integer(version + 1));
	rc = audit_write(ctx, "reservations", reservation_id, "redeem", r);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		goto fail;
	*out = r;
	return LP_OK;
fail:
	db_rollback(ctx->db);
fail_read:
	json_decref(r);
	return rc;
}

enum lp_status
reservation_redeem(struct ctx *ctx, const char *reservation_id, json_t **out)
{
	enum lp_status rc;
	bool stale = false;

	/* a reservation changed between the read and the write is read again:
	 * the second read tells why (redeemed by another, released, ...) */
	for (int attempt = 0; attempt < 5; attempt++) {
		rc = redeem_once(ctx, reservation_id, out, &stale);
		if (rc || !stale)
			return rc;
	}
	return lp_fail(ctx->err, LP_ECONFLICT, "reservation_id",
		       "the reservation keeps changing; try again");
}

/* Releases reservation r (loaded) inside the caller's transaction: state,
 * money back to the voucher, voucher back to issued. */
static enum lp_status
release_in_tx(struct ctx *ctx, const json_t *r)
{
	char reserved_acc[LEDGER_ACCOUNT_LEN], voucher_acc[LEDGER_ACCOUNT_LEN];
	const char *voucher_id = str(r, "voucher_id");
	enum lp_status rc;

	rc = reservation_release_row(ctx, str(r, "id"));
	if (rc)
		return rc;
	snprintf(reserved_acc, sizeof(reserved_acc), "voucher:%s:reserved", voucher_id);
	snprintf(voucher_acc, sizeof(voucher_acc), "voucher:%s", voucher_id);
	{
		struct ledger_txn_in txn = { "release", "reservation released before redemption",
					     "reservation", str(r, "id"), NULL };
		struct ledger_entry_in e[2] = { { reserved_acc, -num(r, "amount_cents") },
						{ voucher_acc, num(r, "amount_cents") } };

		rc = ledger_post(ctx, &txn, e, 2, NULL);
	}
	if (!rc)
		rc = voucher_move(ctx, voucher_id, "reserved", "issued", NULL);
	return rc;
}

enum lp_status
reservation_release(struct ctx *ctx, const char *reservation_id, json_t **out)
{
	json_t *r = NULL;
	enum lp_status rc;

	*out = NULL;
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = load_one(ctx, RESERVATION_COLUMNS " WHERE r.id = ?", reservation_id,
		      "reservation_id", &r);
	if (rc)
		goto fail;
	/* the learner, the provider's staff or the voucher authority */
	if (authz_money_learner(ctx, str(r, "person_id")) &&
	    authz_money_provider(ctx, str(r, "provider_id"), false) &&
	    authz_money(ctx, MONEY_MANAGE_SCHEMES)) {
		rc = authz_money_read(ctx, str(r, "person_id"), str(r, "provider_id"));
		if (!rc)
			rc = lp_fail(ctx->err, LP_EFORBIDDEN, NULL,
				     "only the learner, the provider or the voucher authority may"
				     " release a reservation");
		goto fail;
	}
	if (strcmp(str(r, "state"), "reserved") != 0) {
		rc = lp_fail(ctx->err, LP_ECONFLICT, "reservation_id", "the reservation is %s",
			     state_word(str(r, "state")));
		goto fail;
	}
	rc = release_in_tx(ctx, r);
	json_decref(r);
	r = NULL;
	if (!rc)
		rc = reservation_commit(ctx, reservation_id, "release", out);
	if (!rc)
		return LP_OK;
fail:
	db_rollback(ctx->db);
	json_decref(r);
	json_decref(*out);
	*out = NULL;
	return rc;
}

enum lp_status
voucher_revoke(struct ctx *ctx, const char *voucher_id, const char *reason, json_t **out)
{
	json_t *v = NULL, *r = NULL;
	enum lp_status rc;
	const char *state;

	*out = NULL;
	rc = authz_money(ctx, MONEY_MANAGE_SCHEMES);
	if (rc)
		return rc;
	if (!reason || !*reason || strlen(reason) > 500)
		return lp_fail(ctx->err, LP_EINVAL, "reason", "a reason of 1 to 500 characters");
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = load_one(ctx, VOUCHER_COLUMNS " WHERE v.id = ?", voucher_id, "voucher_id", &v);
	if (rc)
		goto fail;
	state = str(v, "state");
	if (strcmp(state, "reserved") == 0) {
		rc = load_one(ctx, RESERVATION_COLUMNS " WHERE r.voucher_id = ? AND r.state = 'reserved'",
			      voucher_id, "voucher_id", &r);
		if (!rc)
			rc = release_in_tx(ctx, r);
		if (rc)
			goto fail;
	} else if (strcmp(state, "issued") != 0) {
		rc = lp_fail(ctx->err, LP_ECONFLICT, "voucher_id", "the voucher is %s",
			     state_word(state));
		goto fail;
	}
	rc = voucher_move(ctx, voucher_id, "issued", "revoked", reason);
	if (!rc)
		rc = return_to_budget(ctx, voucher_id, str(v, "scheme_id"), "revoke", reason);
	json_decref(v);
	v = NULL;
	if (!rc)
		rc = load_one(ctx, VOUCHER_COLUMNS " WHERE v.id = ?", voucher_id, "voucher_id", out);
	if (!rc)
		rc = audit_write(ctx, "vouchers", voucher_id, "revoke", *out);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (!rc) {
		json_decref(r);
		return LP_OK;
	}
fail:
	db_rollback(ctx->db);
	json_decref(v);
	json_decref(r);
	json_decref(*out);
	*out = NULL;
	return rc;
}

/* Expires one voucher if it is still issued and past its date. */
static enum lp_status
expire_one(struct ctx *ctx, const char *voucher_id, const char *scheme_id, bool *expired)
{
	enum lp_status rc;
	json_t *v = NULL;

	*expired = false;
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = voucher_move(ctx, voucher_id, "issued", "expired", "spend-by date passed");
	if (rc == LP_ECONFLICT) {
		/* reserved or expired by someone else meanwhile: not ours */
		db_rollback(ctx->db);
		return LP_OK;
	}
	if (!rc)
		rc = return_to_budget(ctx, voucher_id, scheme_id, "expire",
				      "voucher expired unspent");
	if (!rc)
		rc = load_one(ctx, VOUCHER_COLUMNS " WHERE v.id = ?", voucher_id, "voucher_id", &v);
	if (!rc)
		rc = audit_write(ctx, "vouchers", voucher_id, "expire", v);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	json_decref(v);
	if (rc) {
		db_rollback(ctx->db);
		return rc;
	}
	*expired = true;
	return LP_OK;
}

enum lp_status
voucher_expire_all(struct ctx *ctx, const char *today, int *count)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *due = json_array();
	size_t i;
	json_t *row;

	*count = 0;
	rc = authz_money(ctx, MONEY_MANAGE_SCHEMES);
	if (!rc && !time_is_date(today))
		rc = lp_fail(ctx->err, LP_EINVAL, "today", "a date YYYY-MM-DD");
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT id, scheme_id FROM vouchers WHERE state = 'issued'"
				" AND spend_by < ? ORDER BY id", &st, ctx->err);
	if (rc) {
		json_decref(due);
		return rc;
	}
	db_bind_text(st, 1, today);
	while ((step = db_step(st)) == DB_ROW)
		json_array_append_new(due, json_pack("[ss]", db_column_text(st, 0),
						     db_column_text(st, 1)));
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	json_array_foreach(due, i, row) {
		bool expired;

		if (rc)
			break;
		rc = expire_one(ctx, json_string_value(json_array_get(row, 0)),
				json_string_value(json_array_get(row, 1)), &expired);
		if (!rc && expired)
			(*count)++;
	}
	json_decref(due);
	return rc;
}

/* ---- reading ----------------------------------------------------------- */

enum lp_status
voucher_get(struct ctx *ctx, const char *id, json_t **out)
{
	struct db_stmt *st;
	json_t *list = NULL, *history = NULL;
	enum lp_status rc;

	rc = load_one(ctx, VOUCHER_COLUMNS " WHERE v.id = ?", id, "voucher_id", out);
	if (!rc)
		rc = authz_money_read(ctx, str(*out, "person_id"), NULL);
	if (!rc)
		rc = db_prepare(ctx->db, RESERVATION_COLUMNS " WHERE r.voucher_id = ? ORDER BY r.id",
				&st, ctx->err);
	if (!rc) {
		list = json_array();
		db_bind_text(st, 1, id);
		rc = money_rows_collect(ctx, st, list);
		json_object_set_new(*out, "reservations", list);
	}
	if (!rc) {
		rc = ledger_history(ctx, "voucher", id, &history);
		json_object_set_new(*out, "history", history);
	}
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum lp_status
reservation_get(struct ctx *ctx, const char *id, json_t **out)
{
	enum lp_status rc;

	rc = load_one(ctx, RESERVATION_COLUMNS " WHERE r.id = ?", id, "reservation_id", out);
	if (!rc)
		rc = authz_money_read(ctx, str(*out, "person_id"), str(*out, "provider_id"));
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum lp_status
voucher_list(struct ctx *ctx, const char *person_id, json_t **out)
{
	const struct actor *a = ctx->actor;
	struct db_stmt *st;
	enum lp_status rc;

	*out = NULL;
	if (authz_money(ctx, MONEY_MANAGE_SCHEMES) == LP_OK) {
		if (person_id) {
			rc = db_prepare(ctx->db, VOUCHER_COLUMNS " WHERE v.person_id = ? ORDER BY v.id",
					&st, ctx->err);
		} else {
			rc = db_prepare(ctx->db, VOUCHER_COLUMNS " ORDER BY v.id", &st, ctx->err);
		}
	} else {
		if (a->kind == ACTOR_ANONYMOUS)
			return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see vouchers");
		lp_error_clear(ctx->err);
		person_id = a->person_id;
		rc = db_prepare(ctx->db, VOUCHER_COLUMNS " WHERE v.person_id = ? ORDER BY v.id", &st,
				ctx->err);
	}
	if (rc)
		return rc;
	if (person_id)
		db_bind_text(st, 1, person_id);
	*out = json_array();
	return money_rows_collect(ctx, st, *out);
}

enum lp_status
reservation_list(struct ctx *ctx, const char *provider_id, const char *state, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;

	*out = NULL;
	if (provider_id) {
		rc = authz_money_provider(ctx, provider_id, true);
		if (!rc)
			rc = db_prepare(ctx->db, RESERVATION_COLUMNS " WHERE r.provider_id = ?"
					" AND (CAST(? AS TEXT) IS NULL OR r.state = ?) ORDER BY r.id", &st, ctx->err);
	} else {
		if (ctx->actor->kind == ACTOR_ANONYMOUS)
			return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see reservations");
		provider_id = ctx->actor->person_id;
		rc = db_prepare(ctx->db, RESERVATION_COLUMNS " WHERE r.person_id = ?"
				" AND (CAST(? AS TEXT) IS NULL OR r.state = ?) ORDER BY r.id", &st, ctx->err);
	}
	if (rc)
		return rc;
	db_bind_text(st, 1, provider_id);
	db_bind_text(st, 2, state);
	db_bind_text(st, 3, state);
	*out = json_array();
	return money_rows_collect(ctx, st, *out);
}

/* ---- employer contributions --------------------------------------------- */

enum lp_status
contribution_create(struct ctx *ctx, const json_t *in, json_t **out)
{
	const char *employer_id = str(in, "employer_id"), *reservation_id = str(in, "reservation_id");
	char id[ID_LEN], txn_id[ID_LEN], now[TIME_RFC3339_LEN], today[11];
	char employer_acc[LEDGER_ACCOUNT_LEN], provider_acc[LEDGER_ACCOUNT_LEN];
	json_t *r = NULL;
	int64_t amount = 0, earlier = 0, room;
	enum lp_status rc;
	struct db_stmt *st;
	bool employed;

	*out = NULL;
	if (!json_is_object(in))
		return lp_fail(ctx->err, LP_EMALFORMED, NULL, "a JSON object is required");
	if (!employer_id || !id_is_valid(employer_id))
		return lp_fail(ctx->err, LP_EINVAL, "employer_id", "an employer is required");
	rc = authz_money_employer(ctx, employer_id, false);
	if (rc)
		return rc;
	if (json_object_get(in, "currency") &&
	    (!str(in, "currency") || strcmp(str(in, "currency"), "EUR") != 0))
		return lp_fail(ctx->err, LP_EINVAL, "currency", "only EUR is supported");
	rc = ledger_amount_from_json(ctx, json_object_get(in, "amount_cents"), "amount_cents", 1,
				     LEDGER_MAX_CENTS, &amount);
	if (rc)
		return rc;
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = load_one(ctx, RESERVATION_COLUMNS " WHERE r.id = ?", reservation_id,
		      "reservation_id", &r);
	if (rc == LP_ENOTFOUND)
		rc = lp_fail(ctx->err, LP_EINVAL, "reservation_id", "no such reservation");
	if (rc)
		goto fail;
	time_today(today);
	rc = exists(ctx, "SELECT 1 FROM employments WHERE person_id = ? AND employer_id = ?"
		    " AND (end_date IS NULL OR end_date >= ?)", str(r, "person_id"), employer_id,
		    today, &employed);
	if (!rc && !employed)
		rc = lp_fail(ctx->err, LP_EINVAL, "reservation_id",
			     "the learner is not an employee of this employer");
	if (!rc && strcmp(str(r, "state"), "released") == 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "reservation_id", "the reservation was released");
	if (rc)
		goto fail;
	/* the sum of earlier contributions and the insert below as one step
	 * per reservation (db_lock: parallel contributions could otherwise
	 * each see the same room left on PostgreSQL) */
	{
		char lock[16 + ID_LEN];

		snprintf(lock, sizeof(lock), "contribution:%s", reservation_id);
		rc = db_lock(ctx->db, lock, ctx->err);
		if (rc)
			goto fail;
	}
	rc = db_prepare(ctx->db, "SELECT COALESCE(SUM(amount_cents), 0) FROM employer_contributions"
			" WHERE reservation_id = ?", &st, ctx->err);
	if (rc)
		goto fail;
	db_bind_text(st, 1, reservation_id);
	if (db_step(st) == DB_ROW)
		earlier = db_column_int(st, 0);
	db_reset(st);
	room = num(r, "price_cents") - num(r, "amount_cents") - earlier;
	if (amount > room) {
		rc = lp_fail(ctx->err, LP_EINVAL, "amount_cents",
			     "at most %" PRId64 " cents are left to pay for this offering",
			     room > 0 ? room : 0);
		goto fail;
	}
	id_new(id);
	snprintf(employer_acc, sizeof(employer_acc), "employer:%s", employer_id);
	snprintf(provider_acc, sizeof(provider_acc), "provider:%s:employer", str(r, "provider_id"));
	rc = ledger_account_ensure(ctx, employer_acc, "employer", employer_id,
				   "Employer contributions", true);
	if (!rc)
		rc = ledger_account_ensure(ctx, provider_acc, "provider_employer",
					   str(r, "provider_id"), "Owed by employers", false);
	if (!rc) {
		struct ledger_txn_in txn = { "contribute", "employer contribution to an offering",
					     "employer_contribution", id, NULL };
		struct ledger_entry_in e[2] = { { employer_acc, -amount }, { provider_acc, amount } };

		rc = ledger_post(ctx, &txn, e, 2, txn_id);
	}
	time_now_rfc3339(now);
	if (!rc)
		rc = db_run(ctx->db, ctx->err, NULL,
			    "INSERT INTO employer_contributions (id, employer_id, person_id,"
			    " reservation_id, provider_id, amount_cents, transaction_id, created_at)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "sssssiss", id, employer_id,
			    str(r, "person_id"), reservation_id, str(r, "provider_id"), amount, txn_id,
			    now);
	if (!rc)
		rc = load_one(ctx, "SELECT * FROM employer_contributions WHERE id = ?", id,
			      "contribution_id", out);
	if (!rc)
		rc = audit_write(ctx, "employer_contributions", id, "create", *out);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		goto fail;
	json_decref(r);
	return LP_OK;
fail:
	db_rollback(ctx->db);
	json_decref(r);
	json_decref(*out);
	*out = NULL;
	return rc;
}

enum lp_status
contribution_list(struct ctx *ctx, const char *employer_id, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;

	*out = NULL;
	rc = authz_money_employer(ctx, employer_id, true);
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT c.*, o.title AS offering_title, p.given_name,"
				" p.family_name FROM employer_contributions c"
				" JOIN reservations r ON r.id = c.reservation_id"
				" JOIN offerings o ON o.id = r.offering_id"
				" JOIN persons p ON p.id = c.person_id"
				" WHERE c.employer_id = ? ORDER BY c.id", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, employer_id);
	*out = json_array();
	return money_rows_collect(ctx, st, *out);
}

/* ---- what a reservation may be for (the learner's pages) ---------------- */

/* Appends to array the offerings voucher v (a row of VOUCHER_COLUMNS) may
 * be reserved for on day today, each with "limit_cents": the offerings of
 * the scheme's programmes (the join of scheme_offering_participates) that
 * pass reservable_offering, by start date, at most 500. */
static enum lp_status
reservable_offerings(struct ctx *ctx, const json_t *v, const char *today, json_t *array)
{
	struct db_stmt *st;
	json_t *rows = json_array(), *off;
	enum lp_status rc;
	int64_t limit;
	size_t i;

	rc = db_prepare(ctx->db,
			"SELECT o.id, o.title, o.provider_id, org.name AS provider_name, o.start_date,"
			" o.end_date, o.price_cents FROM offerings o"
			" JOIN organisations org ON org.id = o.provider_id"
			" WHERE o.end_date >= ? AND EXISTS (SELECT 1 FROM offering_outcomes oo"
			"  JOIN outcomes oc ON oc.id = oo.outcome_id"
			"  JOIN voucher_scheme_programmes p ON p.programme_id = oc.programme_id"
			"  WHERE oo.offering_id = o.id AND p.scheme_id = ?)"
			" ORDER BY o.start_date, o.title, o.id LIMIT 500", &st, ctx->err);
	if (!rc) {
		db_bind_text(st, 1, today);
		db_bind_text(st, 2, str(v, "scheme_id"));
		rc = money_rows_collect(ctx, st, rows);
	}
	json_array_foreach(rows, i, off) {
		if (rc)
			break;
		if (reservable_offering(ctx, v, off, today, &limit)) {
			/* refused by voucher_reserve's rule: not offered */
			lp_error_clear(ctx->err);
			continue;
		}
		json_object_set_new(off, "limit_cents", json_integer(limit));
		json_array_append(array, off);
	}
	json_decref(rows);
	return rc;
}

enum lp_status
voucher_reserve_choices(struct ctx *ctx, const char *voucher_id, json_t **out)
{
	struct db_stmt *st;
	json_t *v = NULL, *offerings = json_array();
	char today[11];
	bool partial = false;
	const char *scheme_name = NULL;
	enum lp_status rc;

	*out = NULL;
	rc = load_one(ctx, VOUCHER_COLUMNS " WHERE v.id = ?", voucher_id, "voucher_id", &v);
	if (!rc)
		rc = authz_money_learner(ctx, str(v, "person_id"));
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT name, allow_partial FROM voucher_schemes WHERE id = ?",
				&st, ctx->err);
	if (!rc) {
		db_bind_text(st, 1, str(v, "scheme_id"));
		if (db_step(st) == DB_ROW) {
			scheme_name = arena_strdup(ctx->arena, db_column_text(st, 0));
			partial = db_column_int(st, 1) != 0;
		} else {
			rc = lp_fail(ctx->err, LP_ENOTFOUND, "scheme_id", "no such voucher scheme");
		}
		db_reset(st);
	}
	if (rc) {
		json_decref(v);
		json_decref(offerings);
		return rc;
	}
	*out = json_pack("{s:o, s:s, s:b}", "voucher", v, "scheme_name", scheme_name,
			 "allow_partial", partial);
	time_today(today);
	if (reservable_voucher(ctx, v, today)) {
		/* the voucher cannot be reserved now: say why, offer nothing */
		json_object_set_new(*out, "refusal", json_string(ctx->err->reason));
		lp_error_clear(ctx->err);
	} else {
		rc = reservable_offerings(ctx, v, today, offerings);
	}
	json_object_set_new(*out, "offerings", offerings);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* True if id is a string of array ids. */
static bool
listed(const json_t *ids, const char *id)
{
	const json_t *one;
	size_t i;

	json_array_foreach(ids, i, one)
		if (json_is_string(one) && strcmp(json_string_value(one), id) == 0)
			return true;
	return false;
}

enum lp_status
voucher_offering_map(struct ctx *ctx, const json_t *offering_ids, json_t **out)
{
	const struct actor *a = ctx->actor;
	struct db_stmt *st;
	json_t *vouchers = json_array(), *v, *offerings, *off;
	char today[11];
	enum lp_status rc = LP_OK;
	size_t i, k;

	*out = json_object();
	if (!a->person_id[0] || json_array_size(offering_ids) == 0) {
		json_decref(vouchers);
		return LP_OK;
	}
	time_today(today);
	rc = db_prepare(ctx->db, VOUCHER_COLUMNS " WHERE v.person_id = ? AND v.state = 'issued'"
			" AND v.spend_by >= ? ORDER BY v.id", &st, ctx->err);
	if (!rc) {
		db_bind_text(st, 1, a->person_id);
		db_bind_text(st, 2, today);
		rc = money_rows_collect(ctx, st, vouchers);
	}
	json_array_foreach(vouchers, i, v) {
		if (rc)
			break;
		offerings = json_array();
		rc = reservable_offerings(ctx, v, today, offerings);
		json_array_foreach(offerings, k, off)
			if (listed(offering_ids, str(off, "id")) && !json_object_get(*out, str(off, "id")))
				json_object_set_new(*out, str(off, "id"), json_string(str(v, "id")));
		json_decref(offerings);
	}
	json_decref(vouchers);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
