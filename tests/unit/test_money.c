/* test_money.c: unit tests of the ledger invariants, voucher schemes, the
 * voucher and reservation states, eligibility, budget and contributions */
#include "domain/enrolment.h"
#include "domain/ledger.h"
#include "domain/period_costs.h"
#include "domain/scheme.h"
#include "domain/voucher.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

static struct fixture fx;
static char offering_now[ID_LEN], offering_later[ID_LEN];

struct who {
	struct actor actor;
	struct ctx ctx;
	struct lp_error err;
};

static struct who who_buf;

/* The context of account (an account id), the system actor (NULL) or the
 * voucher authority ("authority"). Valid until the next call. */
static struct ctx *
as(const char *account)
{
	struct who *w = &who_buf;

	memset(w, 0, sizeof(*w));
	if (!account) {
		actor_system(&w->actor);
	} else if (strcmp(account, "authority") == 0) {
		w->actor.kind = ACTOR_ACCOUNT;
		snprintf(w->actor.account_id, ID_LEN, "%s", "00000000-0000-7000-8000-000000000001");
		w->actor.grant_count = 1;
		w->actor.grants[0].role = ROLE_VOUCHER_AUTHORITY;
	} else {
		fixture_actor(&fx, account, &w->actor);
	}
	w->ctx.db = fx.db;
	w->ctx.actor = &w->actor;
	w->ctx.arena = &fx.arena;
	w->ctx.err = &w->err;
	return &w->ctx;
}

static int
group_setup(void **state)
{
	(void)state;
	fixture_create(&fx, NULL);
	fixture_make(&fx, &offerings_def,
		     json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:[s]}", "provider_id",
			       fx.inst_a, "title", "Module nu", "ec", 30, "mode", "online",
			       "start_date", "2026-01-05", "end_date", "2099-12-31", "price_cents",
			       150000, "outcome_ids", fx.outcome_a1), offering_now);
	fixture_make(&fx, &offerings_def,
		     json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:[s]}", "provider_id",
			       fx.inst_a, "title", "Module later", "ec", 30, "mode", "online",
			       "start_date", "2098-01-05", "end_date", "2099-12-31", "price_cents",
			       100000, "outcome_ids", fx.outcome_a1), offering_later);
	/* the learner is enrolled in prog_a, which the schemes take part in
	 * (the "enrolled" rule); p_other is enrolled nowhere */
	fixture_make(&fx, &enrolments_def,
		     json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "person_id", fx.p_learner,
			       "programme_id", fx.prog_a, "employer_id", fx.emp_a, "track", "regular",
			       "status", "active", "start_date", "2025-09-01"), NULL);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	fixture_release(&fx);
	return 0;
}

/* Counts rows of a table. */
static int64_t
count_rows(const char *table)
{
	char sql[128];
	struct db_stmt *st;
	int64_t n = -1;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
	assert_int_equal(db_prepare(fx.db, sql, &st, NULL), LP_OK);
	if (db_step(st) == DB_ROW)
		n = db_column_int(st, 0);
	db_reset(st);
	return n;
}

/* Makes a scheme as the authority over prog_a; returns its id (static). */
static const char *
make_scheme(int64_t budget, const char *spend_by, const char *rules_json, bool partial)
{
	static char id[ID_LEN];
	json_t *in = json_pack("{s:s, s:I, s:s, s:s, s:s, s:[s], s:o, s:b}", "name", "Proef",
			       "budget_cents", (json_int_t)budget, "issue_from", "2026-01-01",
			       "issue_until", "2099-12-31", "spend_by", spend_by, "programme_ids",
			       fx.prog_a, "rules", json_loads(rules_json, 0, NULL), "allow_partial",
			       partial);
	json_t *out = NULL;
	struct ctx *c = as("authority");

	assert_int_equal(scheme_create(c, in, &out), LP_OK);
	snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(out, "id")));
	json_decref(in);
	json_decref(out);
	return id;
}

/* Issues a voucher of ec EC to person; returns LP status, id into out. */
static enum lp_status
issue(const char *scheme, const char *person, int ec, char out_id[ID_LEN])
{
	json_t *in = json_pack("{s:s, s:s, s:i}", "scheme_id", scheme, "person_id", person, "ec", ec);
	json_t *out = NULL;
	enum lp_status rc = voucher_issue(as("authority"), in, &out);

	if (!rc && out_id)
		snprintf(out_id, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(in);
	json_decref(out);
	return rc;
}

static enum lp_status
reserve(const char *account, const char *voucher, const char *offering, char out_id[ID_LEN])
{
	json_t *in = json_pack("{s:s}", "offering_id", offering);
	json_t *out = NULL;
	enum lp_status rc = voucher_reserve(as(account), voucher, in, &out);

	if (!rc && out_id)
		snprintf(out_id, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(in);
	json_decref(out);
	return rc;
}

static void
expect_ledger_clean(void)
{
	json_t *breaches = NULL;
	int64_t entries = 0;

	assert_int_equal(ledger_check(as(NULL), &breaches, &entries), LP_OK);
	if (json_array_size(breaches))
		fprintf(stderr, "%s\n", json_dumps(breaches, 0));
	assert_int_equal(json_array_size(breaches), 0);
	json_decref(breaches);
}

/* Balanced transactions only; bad amounts and unknown accounts refused,
 * nothing written; non-negative accounts stay non-negative; reversal once;
 * entries immutable; the check finds a tampered cache. */
static void
test_ledger_invariants(void **state)
{
	struct ctx *c = as(NULL);
	struct ledger_txn_in txn = { "test", "a test", "test", "t1", NULL };
	char t1[ID_LEN], t2[ID_LEN];
	int64_t before, bal;
	json_t *breaches;
	int64_t n;

	(void)state;
	assert_int_equal(db_begin(fx.db, c->err), LP_OK);
	assert_int_equal(ledger_account_ensure(c, "test:a", "test", "t", "A", true), LP_OK);
	assert_int_equal(ledger_account_ensure(c, "test:b", "test", "t", "B", false), LP_OK);
	assert_int_equal(db_commit(fx.db, c->err), LP_OK);
	before = count_rows("ledger_entries");
	{
		struct ledger_entry_in unbalanced[2] = { { "test:a", -100 }, { "test:b", 99 } };
		struct ledger_entry_in zero[2] = { { "test:a", 0 }, { "test:b", 0 } };
		struct ledger_entry_in huge[2] = { { "test:a", -INT64_MAX }, { "test:b", INT64_MAX } };
		struct ledger_entry_in unknown[2] = { { "test:a", -1 }, { "test:nope", 1 } };
		struct ledger_entry_in overdraw[2] = { { "test:b", -1 }, { "test:a", 1 } };
		struct ledger_entry_in ok[2] = { { "test:a", -500 }, { "test:b", 500 } };

		assert_int_equal(db_begin(fx.db, c->err), LP_OK);
		assert_int_equal(ledger_post(c, &txn, unbalanced, 2, NULL), LP_EINVAL);
		assert_int_equal(ledger_post(c, &txn, zero, 2, NULL), LP_EINVAL);
		assert_int_equal(ledger_post(c, &txn, huge, 2, NULL), LP_EINVAL);
		assert_int_equal(ledger_post(c, &txn, unknown, 2, NULL), LP_ENOTFOUND);
		assert_int_equal(ledger_post(c, &txn, ok, 1, NULL), LP_EINVAL);
		db_rollback(fx.db);
		assert_int_equal(db_begin(fx.db, c->err), LP_OK);
		assert_int_equal(ledger_post(c, &txn, overdraw, 2, NULL), LP_ECONFLICT);
		db_rollback(fx.db);
		assert_int_equal(count_rows("ledger_entries"), before);

		assert_int_equal(db_begin(fx.db, c->err), LP_OK);
		assert_int_equal(ledger_post(c, &txn, ok, 2, t1), LP_OK);
		assert_int_equal(db_commit(fx.db, c->err), LP_OK);
	}
	assert_int_equal(ledger_balance(c, "test:b", &bal), LP_OK);
	assert_int_equal(bal, 500);
	assert_int_equal(db_begin(fx.db, c->err), LP_OK);
	assert_int_equal(ledger_reverse(c, t1, "a mistake", t2), LP_OK);
	assert_int_equal(db_commit(fx.db, c->err), LP_OK);
	assert_int_equal(ledger_balance(c, "test:b", &bal), LP_OK);
	assert_int_equal(bal, 0);
	assert_int_equal(db_begin(fx.db, c->err), LP_OK);
	assert_int_equal(ledger_reverse(c, t1, "again", NULL), LP_ECONFLICT);
	db_rollback(fx.db);
	/* immutable */
	assert_int_not_equal(db_run(fx.db, c->err, NULL, "UPDATE ledger_entries SET amount_cents = 1",
				    ""), LP_OK);
	assert_int_not_equal(db_run(fx.db, c->err, NULL, "DELETE FROM ledger_transactions", ""),
			     LP_OK);
	expect_ledger_clean();
	/* a tampered cache is a breach */
	assert_int_equal(db_run(fx.db, c->err, NULL, "UPDATE ledger_accounts SET balance_cents = 7"
				" WHERE id = 'test:b'", ""), LP_OK);
	assert_int_equal(ledger_check(c, &breaches, &n), LP_OK);
	assert_int_equal(json_array_size(breaches), 1);
	json_decref(breaches);
	assert_int_equal(db_run(fx.db, c->err, NULL, "UPDATE ledger_accounts SET balance_cents = 0"
				" WHERE id = 'test:b'", ""), LP_OK);
	expect_ledger_clean();
}

/* The whole flow: issue, reserve, confirm, redeem; the refusals on the way. */
static void
test_voucher_flow(void **state)
{
	const char *scheme = make_scheme(1000000, "2099-12-31", "[\"working\", \"enrolled\"]", false);
	char v[ID_LEN], r[ID_LEN], r2[ID_LEN];
	json_t *out = NULL;
	int64_t bal;
	char acc[LEDGER_ACCOUNT_LEN];

	(void)state;
	assert_int_equal(issue(scheme, fx.p_learner, 30, v), LP_OK);
	/* only the authority issues */
	{
		json_t *in = json_pack("{s:s, s:s, s:i}", "scheme_id", scheme, "person_id",
				       fx.p_learner, "ec", 30);
		assert_int_equal(voucher_issue(as(fx.acc_learner), in, &out), LP_EFORBIDDEN);
		json_decref(in);
	}
	/* another person cannot reserve the learner's voucher */
	assert_int_equal(reserve(fx.acc_hr, v, offering_now, NULL), LP_ENOTFOUND);
	/* an offering outside the scheme */
	assert_int_equal(reserve(fx.acc_learner, v, fx.offering_b, NULL), LP_EINVAL);
	assert_int_equal(reserve(fx.acc_learner, v, offering_now, r), LP_OK);
	assert_int_equal(reserve(fx.acc_learner, v, offering_now, NULL), LP_ECONFLICT);
	/* not before the learner confirmed; not by the learner */
	assert_int_equal(reservation_redeem(as(fx.acc_inst_admin), r, &out), LP_ECONFLICT);
	assert_int_equal(reservation_redeem(as(fx.acc_learner), r, &out), LP_EFORBIDDEN);
	assert_int_equal(reservation_confirm(as(fx.acc_hr), r, &out), LP_ENOTFOUND);
	assert_int_equal(reservation_confirm(as(fx.acc_learner), r, &out), LP_OK);
	json_decref(out);
	assert_int_equal(reservation_confirm(as(fx.acc_learner), r, &out), LP_OK);
	json_decref(out);
	assert_int_equal(reservation_redeem(as(fx.acc_inst_admin), r, &out), LP_OK);
	assert_string_equal(json_string_value(json_object_get(out, "state")), "redeemed");
	json_decref(out);
	assert_int_equal(reservation_redeem(as(fx.acc_inst_admin), r, &out), LP_ECONFLICT);
	assert_int_equal(reservation_release(as(fx.acc_learner), r, &out), LP_ECONFLICT);
	assert_int_equal(voucher_get(as(fx.acc_learner), v, &out), LP_OK);
	assert_string_equal(json_string_value(json_object_get(out, "state")), "redeemed");
	json_decref(out);
	snprintf(acc, sizeof(acc), "provider:%s:scheme", fx.inst_a);
	assert_int_equal(ledger_balance(as(NULL), acc, &bal), LP_OK);
	assert_true(bal >= 125000);

	/* a second voucher: release puts it back; not redeemable before start */
	assert_int_equal(issue(scheme, fx.p_learner, 15, v), LP_OK);
	assert_int_equal(reserve(fx.acc_learner, v, offering_later, r2), LP_OK);
	assert_int_equal(reservation_confirm(as(fx.acc_learner), r2, &out), LP_OK);
	json_decref(out);
	assert_int_equal(reservation_redeem(as(fx.acc_inst_admin), r2, &out), LP_ECONFLICT);
	assert_int_equal(reservation_release(as(fx.acc_learner), r2, &out), LP_OK);
	json_decref(out);
	assert_int_equal(voucher_get(as(fx.acc_learner), v, &out), LP_OK);
	assert_string_equal(json_string_value(json_object_get(out, "state")), "issued");
	assert_int_equal(json_integer_value(json_object_get(out, "balance_cents")), 62500);
	json_decref(out);
	/* revoke, then nothing more */
	assert_int_equal(voucher_revoke(as("authority"), v, "fraude", &out), LP_OK);
	json_decref(out);
	assert_int_equal(reserve(fx.acc_learner, v, offering_now, NULL), LP_ECONFLICT);
	assert_int_equal(voucher_revoke(as("authority"), v, "again", &out), LP_ECONFLICT);
	expect_ledger_clean();
}

/* Eligibility rules; the budget is never exceeded; the per-learner cap. */
static void
test_eligibility_and_budget(void **state)
{
	char graduated[ID_LEN];
	const char *scheme = make_scheme(250000, "2099-12-31", "[\"working\"]", false);
	char keep[ID_LEN];

	(void)state;
	snprintf(keep, sizeof(keep), "%s", scheme);
	assert_int_equal(issue(keep, fx.p_loose, 30, NULL), LP_EINVAL);
	assert_int_equal(issue(keep, fx.p_learner, 0, NULL), LP_EINVAL);
	assert_int_equal(issue(keep, fx.p_learner, 31, NULL), LP_EINVAL);
	assert_int_equal(issue(keep, fx.p_learner, 30, NULL), LP_OK);
	assert_int_equal(issue(keep, fx.p_other, 30, NULL), LP_OK);
	assert_int_equal(issue(keep, fx.p_learner, 1, NULL), LP_ECONFLICT);
	scheme = make_scheme(1000000, "2099-12-31", "[\"enrolled\"]", false);
	/* p_other is not enrolled in a participating programme */
	assert_int_equal(issue(scheme, fx.p_other, 30, NULL), LP_EINVAL);
	/* a learner who graduated in a participating programme holds its
	 * diploma already */
	scheme = make_scheme(1000000, "2099-12-31", "[\"no_diploma\"]", false);
	assert_int_equal(issue(scheme, fx.p_other, 30, NULL), LP_OK);
	fixture_make(&fx, &enrolments_def,
		     json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "person_id", fx.p_supervisor,
			       "programme_id", fx.prog_a, "employer_id", fx.emp_a, "track", "regular",
			       "status", "active", "start_date", "2020-09-01"), graduated);
	assert_int_equal(issue(scheme, fx.p_supervisor, 30, NULL), LP_OK);
	/* (graduating is the exam board's, through progress.c; here the row
	 * is set as it would end up) */
	assert_int_equal(db_run(fx.db, NULL, NULL, "UPDATE enrolments SET status = 'graduated'"
				" WHERE id = ?", "s", graduated), LP_OK);
	assert_int_equal(issue(scheme, fx.p_supervisor, 30, NULL), LP_EINVAL);
	expect_ledger_clean();
}

/* Expiry returns the value to the budget and is idempotent. */
static void
test_expire(void **state)
{
	const char *scheme = make_scheme(1000000, "2026-06-01", "[]", false);
	char v[ID_LEN];
	int n = -1;
	json_t *out = NULL;

	(void)state;
	assert_int_equal(issue(scheme, fx.p_learner, 30, v), LP_OK);
	assert_int_equal(reserve(fx.acc_learner, v, offering_now, NULL), LP_EINVAL);
	assert_int_equal(voucher_expire_all(as(fx.acc_learner), "2099-01-01", &n), LP_EFORBIDDEN);
	assert_int_equal(voucher_expire_all(as(NULL), "2026-06-01", &n), LP_OK);
	assert_int_equal(n, 0);
	assert_int_equal(voucher_expire_all(as(NULL), "2026-06-02", &n), LP_OK);
	assert_true(n >= 1);
	assert_int_equal(voucher_expire_all(as(NULL), "2026-06-02", &n), LP_OK);
	assert_int_equal(n, 0);
	assert_int_equal(voucher_get(as(NULL), v, &out), LP_OK);
	assert_string_equal(json_string_value(json_object_get(out, "state")), "expired");
	assert_int_equal(json_integer_value(json_object_get(out, "balance_cents")), 0);
	json_decref(out);
	expect_ledger_clean();
}

/* Partial reservations where the scheme allows; employer contributions. */
static void
test_partial_and_contribution(void **state)
{
	const char *scheme = make_scheme(1000000, "2099-12-31", "[]", true);
	char v[ID_LEN], r[ID_LEN];
	json_t *in, *out = NULL;

	(void)state;
	assert_int_equal(issue(scheme, fx.p_learner, 30, v), LP_OK);
	in = json_pack("{s:s, s:i}", "offering_id", offering_now, "amount_cents", 50000);
	assert_int_equal(voucher_reserve(as(fx.acc_learner), v, in, &out), LP_OK);
	snprintf(r, sizeof(r), "%s", json_string_value(json_object_get(out, "id")));
	json_decref(out);
	json_decref(in);
	in = json_pack("{s:s, s:f}", "offering_id", offering_now, "amount_cents", 10.5);
	assert_int_equal(voucher_reserve(as(fx.acc_learner), v, in, &out), LP_ECONFLICT);
	json_decref(in);
	/* contributions: the employer's HR only; at most the rest of the price */
	in = json_pack("{s:s, s:s, s:i}", "reservation_id", r, "employer_id", fx.emp_a,
		       "amount_cents", 100001);
	assert_int_equal(contribution_create(as(fx.acc_hr), in, &out), LP_EINVAL);
	assert_int_equal(contribution_create(as(fx.acc_hr_b), in, &out), LP_EFORBIDDEN);
	json_object_set_new(in, "amount_cents", json_real(10.5));
	assert_int_equal(contribution_create(as(fx.acc_hr), in, &out), LP_EINVAL);
	json_object_set_new(in, "amount_cents", json_integer(-5));
	assert_int_equal(contribution_create(as(fx.acc_hr), in, &out), LP_EINVAL);
	json_object_set_new(in, "amount_cents", json_integer(40000));
	json_object_set_new(in, "currency", json_string("USD"));
	assert_int_equal(contribution_create(as(fx.acc_hr), in, &out), LP_EINVAL);
	json_object_del(in, "currency");
	assert_int_equal(contribution_create(as(fx.acc_hr), in, &out), LP_OK);
	json_decref(out);
	json_decref(in);
	assert_int_equal(reservation_confirm(as(fx.acc_learner), r, &out), LP_OK);
	json_decref(out);
	assert_int_equal(reservation_redeem(as(fx.acc_inst_admin), r, &out), LP_OK);
	json_decref(out);
	assert_int_equal(voucher_get(as(fx.acc_learner), v, &out), LP_OK);
	assert_string_equal(json_string_value(json_object_get(out, "state")), "issued");
	assert_int_equal(json_integer_value(json_object_get(out, "balance_cents")), 75000);
	json_decref(out);
	expect_ledger_clean();
}

/* Bad scheme input writes nothing. */
static void
test_scheme_bad_input(void **state)
{
	static const char *const bad[] = {
		"{\"name\": \"x\", \"budget_cents\": -1}",
		"{\"name\": \"x\", \"budget_cents\": 0}",
		"{\"name\": \"x\", \"budget_cents\": 12.5}",
		"{\"name\": \"x\", \"budget_cents\": \"100\"}",
		"{\"name\": \"x\", \"budget_cents\": 9000000000000000000}",
		"{\"name\": \"x\", \"budget_cents\": 100, \"currency\": \"USD\"}",
		"{\"name\": \"x\", \"budget_cents\": 100, \"issue_from\": \"2026-01-01\","
		" \"issue_until\": \"2026-12-31\", \"spend_by\": \"2027-01-01\","
		" \"programme_ids\": [\"00000000-0000-7000-8000-000000000000\"]}",
		NULL,
	};
	int64_t before = count_rows("voucher_schemes");
	json_t *out = NULL;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		json_t *in = json_loads(bad[i], 0, NULL);

		assert_non_null(in);
		assert_int_equal(scheme_create(as("authority"), in, &out), LP_EINVAL);
		json_decref(in);
	}
	{
		json_t *in = json_pack("{s:s, s:i, s:s, s:s, s:s, s:[s]}", "name", "x",
				       "budget_cents", 100, "issue_from", "2026-01-01",
				       "issue_until", "2026-12-31", "spend_by", "2027-01-01",
				       "programme_ids", fx.prog_a);
		assert_int_equal(scheme_create(as(fx.acc_learner), in, &out), LP_EFORBIDDEN);
		json_decref(in);
	}
	assert_int_equal(count_rows("voucher_schemes"), before);
}

/* The costs of a period: the offerings' prices, the part the learner's
 * vouchers may pay, the employer's promised part, the learner's rest. */
static void
test_period_costs(void **state)
{
	const char *scheme;
	char v[ID_LEN], other[ID_LEN];
	json_t *content, *costs = NULL;
	int64_t value;
	struct db_stmt *st;

	(void)state;
	/* an offering of prog_b, which no scheme takes part with */
	fixture_make(&fx, &offerings_def,
		     json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:[s]}", "provider_id",
			       fx.inst_b, "title", "Elders", "ec", 5, "mode", "online",
			       "start_date", "2026-01-05", "end_date", "2099-12-31", "price_cents",
			       40000, "outcome_ids", fx.outcome_b1), other);
	content = json_pack("{s:[{s:s},{s:s}], s:{s:i}}", "offerings", "offering_id",
			    offering_now, "offering_id", other, "employer",
			    "cost_contribution_cents", 50000);
	/* no vouchers yet: the employer pays what it promised, the learner the rest */
	assert_int_equal(period_costs(as("authority"), content, fx.p_hr, &costs), LP_OK);
	assert_int_equal(json_integer_value(json_object_get(costs, "price_cents")), 190000);
	assert_int_equal(json_integer_value(json_object_get(costs, "voucher_cents")), 0);
	assert_int_equal(json_integer_value(json_object_get(costs, "employer_cents")), 50000);
	assert_int_equal(json_integer_value(json_object_get(costs, "learner_cents")), 140000);
	json_decref(costs);
	/* a voucher pays for the offering of prog_a only, up to its value */
	scheme = make_scheme(1000000, "2099-12-31", "[]", false);
	assert_int_equal(issue(scheme, fx.p_hr, 30, v), LP_OK);
	assert_int_equal(db_prepare(fx.db, "SELECT value_cents FROM vouchers WHERE id = ?", &st,
				    NULL), LP_OK);
	db_bind_text(st, 1, v);
	assert_int_equal(db_step(st), DB_ROW);
	value = db_column_int(st, 0);
	db_reset(st);
	assert_int_equal(period_costs(as("authority"), content, fx.p_hr, &costs), LP_OK);
	assert_int_equal(json_integer_value(json_object_get(costs, "voucher_cents")),
			 value < 150000 ? value : 150000);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(costs,
				 "offerings"), 0), "voucher_eligible")));
	assert_true(json_is_false(json_object_get(json_array_get(json_object_get(costs,
				  "offerings"), 1), "voucher_eligible")));
	assert_int_equal(json_integer_value(json_object_get(costs, "voucher_cents")) +
			 json_integer_value(json_object_get(costs, "employer_cents")) +
			 json_integer_value(json_object_get(costs, "learner_cents")), 190000);
	json_decref(costs);
	/* an employer that promised more than is left pays only what is left */
	json_object_set_new(json_object_get(content, "employer"), "cost_contribution_cents",
			    json_integer(10000000));
	assert_int_equal(period_costs(as("authority"), content, fx.p_hr, &costs), LP_OK);
	assert_int_equal(json_integer_value(json_object_get(costs, "learner_cents")), 0);
	json_decref(costs);
	json_decref(content);
}

/* What the learner's reserve form offers is what voucher_reserve accepts:
 * the scheme's offerings not yet ended, each with the most it may take;
 * nothing (and why) for a voucher that is not issued; another learner's
 * voucher is not found; the catalog's map names the learner's voucher. */
static void
test_reserve_choices(void **state)
{
	const char *scheme = make_scheme(1000000, "2099-12-31", "[\"working\"]", false);
	char v[ID_LEN], ended[ID_LEN], r[ID_LEN];
	json_t *out = NULL, *o, *ids, *map = NULL;
	bool now = false, later = false;
	size_t i;

	(void)state;
	fixture_make(&fx, &offerings_def,
		     json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:[s]}", "provider_id",
			       fx.inst_a, "title", "Module voorbij", "ec", 30, "mode", "online",
			       "start_date", "2020-01-06", "end_date", "2020-06-30", "price_cents",
			       50000, "outcome_ids", fx.outcome_a1), ended);
	assert_int_equal(issue(scheme, fx.p_learner, 15, v), LP_OK);
	assert_int_equal(voucher_reserve_choices(as(fx.acc_hr), v, &out), LP_ENOTFOUND);
	assert_null(out);
	assert_int_equal(voucher_reserve_choices(as(fx.acc_learner), v, &out), LP_OK);
	assert_false(json_is_true(json_object_get(out, "allow_partial")));
	assert_null(json_object_get(out, "refusal"));
	json_array_foreach(json_object_get(out, "offerings"), i, o) {
		const char *id = json_string_value(json_object_get(o, "id"));

		/* outside the scheme and ended: never offered */
		assert_string_not_equal(id, fx.offering_b);
		assert_string_not_equal(id, ended);
		/* the voucher (62500) or the price, whichever is less */
		if (strcmp(id, offering_now) == 0) {
			now = true;
			assert_int_equal(json_integer_value(json_object_get(o, "limit_cents")), 62500);
		}
		later = later || strcmp(id, offering_later) == 0;
	}
	assert_true(now && later);
	json_decref(out);
	/* the catalog: a voucher of the learner (the oldest that may: earlier
	 * tests left some) for the offerings one may pay for */
	ids = json_pack("[s, s, s]", offering_now, ended, fx.offering_b);
	assert_int_equal(voucher_offering_map(as(fx.acc_learner), ids, &map), LP_OK);
	assert_int_equal(json_object_size(map), 1);
	assert_non_null(json_object_get(map, offering_now));
	assert_true(strcmp(json_string_value(json_object_get(map, offering_now)), v) <= 0);
	json_decref(map);
	assert_int_equal(voucher_offering_map(as("authority"), ids, &map), LP_OK);
	assert_int_equal(json_object_size(map), 0);
	json_decref(map);
	/* reserved: nothing to offer, and the reason */
	assert_int_equal(reserve(fx.acc_learner, v, offering_now, r), LP_OK);
	assert_int_equal(voucher_reserve_choices(as(fx.acc_learner), v, &out), LP_OK);
	assert_int_equal(json_array_size(json_object_get(out, "offerings")), 0);
	assert_non_null(strstr(json_string_value(json_object_get(out, "refusal")), "reserved"));
	json_decref(out);
	assert_int_equal(voucher_offering_map(as(fx.acc_learner), ids, &map), LP_OK);
	if (json_object_get(map, offering_now))
		assert_string_not_equal(json_string_value(json_object_get(map, offering_now)), v);
	json_decref(map);
	json_decref(ids);
	assert_int_equal(reservation_release(as(fx.acc_learner), r, &out), LP_OK);
	json_decref(out);
	expect_ledger_clean();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ledger_invariants),
		cmocka_unit_test(test_voucher_flow),
		cmocka_unit_test(test_eligibility_and_budget),
		cmocka_unit_test(test_expire),
		cmocka_unit_test(test_partial_and_contribution),
		cmocka_unit_test(test_scheme_bad_input),
		cmocka_unit_test(test_period_costs),
		cmocka_unit_test(test_reserve_choices),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
