/* test_funding.c: unit tests of the employer's share or cap (per employer
 * and per employee), its precedence in the costs of a period, its access
 * rules, money_parse, and changing a voucher scheme */
#include "base/money.h"
#include "db/db.h"
#include "domain/employer_funding.h"
#include "domain/ledger.h"
#include "domain/period_costs.h"
#include "domain/scheme.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

static struct fixture fx;
static char offering[ID_LEN];

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
	/* an offering of prog_b, which no scheme takes part with: no voucher
	 * pays for it, so the whole price is left after vouchers */
	fixture_make(&fx, &offerings_def,
		     json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:[s]}", "provider_id",
			       fx.inst_b, "title", "Module", "ec", 5, "mode", "online",
			       "start_date", "2026-01-05", "end_date", "2099-12-31", "price_cents",
			       100001, "outcome_ids", fx.outcome_b1), offering);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	fixture_release(&fx);
	return 0;
}

static int64_t
part(int64_t remainder, bool has_share, int64_t bp, bool has_cap, int64_t cap)
{
	struct funding_terms t = { has_share, bp, has_cap, cap };

	return funding_employer_part(remainder, &t);
}

/* The computation: percent, cap, both, zero, rounding down, overflow. */
static void
test_compute(void **state)
{
	(void)state;
	assert_int_equal(part(100000, true, 5000, false, 0), 50000);        /* 50 % */
	assert_int_equal(part(100001, true, 5000, false, 0), 50000);        /* .5 cent down */
	assert_int_equal(part(99999, true, 3333, false, 0), 33329);         /* 33329.6667 */
	assert_int_equal(part(1, true, 9999, false, 0), 0);                 /* under a cent */
	assert_int_equal(part(100000, true, 1250, false, 0), 12500);        /* 12,5 % */
	assert_int_equal(part(100000, false, 0, true, 30000), 30000);       /* cap only */
	assert_int_equal(part(20000, false, 0, true, 30000), 20000);        /* cap above rest */
	assert_int_equal(part(100000, true, 5000, true, 30000), 30000);     /* share capped */
	assert_int_equal(part(40000, true, 5000, true, 30000), 20000);      /* cap not reached */
	assert_int_equal(part(100000, true, 0, false, 0), 0);               /* 0 % */
	assert_int_equal(part(100000, false, 0, true, 0), 0);               /* cap 0 */
	assert_int_equal(part(100000, true, 10000, false, 0), 100000);      /* 100 % */
	assert_int_equal(part(0, true, 5000, true, 100), 0);                /* nothing left */
	assert_int_equal(part(-5, true, 5000, false, 0), 0);
	assert_int_equal(part(100000, false, 0, false, 0), 0);              /* no terms */
	/* no overflow near INT64_MAX: floor(max * 0.9999) */
	assert_int_equal(part(INT64_MAX, true, 9999, false, 0),
			 INT64_MAX / 10000 * 9999 + INT64_MAX % 10000 * 9999 / 10000);
	assert_true(part(INT64_MAX, true, 10000, false, 0) == INT64_MAX);
}

/* Amounts typed in Dutch and English. */
static void
test_money_parse(void **state)
{
	static const struct {
		const char *text;
		enum lang lang;
		bool ok;
		int64_t cents;
	} cases[] = {
		{ "1.250,00", LANG_NL, true, 125000 }, { "1250", LANG_NL, true, 125000 },
		{ "1250,5", LANG_NL, true, 125050 }, { "\xe2\x82\xac 1.250", LANG_NL, true, 125000 },
		{ "1250.50", LANG_NL, true, 125050 }, { "2.500.000,00", LANG_NL, true, 250000000 },
		{ "1,250.00", LANG_EN, true, 125000 }, { "1250.5", LANG_EN, true, 125050 },
		{ "0", LANG_NL, true, 0 }, { " 12 ", LANG_NL, true, 1200 },
		{ "1.25.0", LANG_NL, false, 0 }, { "12,345", LANG_NL, false, 0 },
		{ "1.2500", LANG_NL, false, 0 }, { "-5", LANG_NL, false, 0 },
		{ "", LANG_NL, false, 0 }, { "abc", LANG_NL, false, 0 }, { ",50", LANG_NL, false, 0 },
		{ "1,", LANG_NL, false, 0 }, { "99999999999999", LANG_NL, false, 0 },
		{ "1.250,00,0", LANG_NL, false, 0 }, { ".250", LANG_NL, false, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t cents = -1;
		bool ok = money_parse(cases[i].text, cases[i].lang, &cents);

		if (ok != cases[i].ok || (ok && cents != cases[i].cents))
			fail_msg("money_parse(\"%s\"): %d %lld", cases[i].text, ok, (long long)cents);
	}
}

/* The costs of the period for the learner at emp_a, with content's
 * employer commitments. */
static json_t *
costs(json_t *content)
{
	json_t *out = NULL;

	assert_int_equal(period_costs_at(as(NULL), content, fx.p_learner, fx.emp_a, &out), LP_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "voucher_cents")) +
			 json_integer_value(json_object_get(out, "employer_cents")) +
			 json_integer_value(json_object_get(out, "learner_cents")),
			 json_integer_value(json_object_get(out, "price_cents")));
	return out;
}

/* employer_funding_set with a JSON text as input. */
static enum lp_status
set_terms(struct ctx *ctx, const char *employer, const char *employment, const char *text,
	  json_t **out)
{
	json_t *in = json_loads(text, 0, NULL);
	enum lp_status rc = employer_funding_set(ctx, employer, employment, in, out);

	json_decref(in);
	return rc;
}

static int64_t
employer_cents(json_t *c)
{
	return json_integer_value(json_object_get(c, "employer_cents"));
}

static const char *
basis(json_t *c)
{
	return json_string_value(json_object_get(c, "employer_basis"));
}

/* Precedence: the agreement's amount, the employee's, the employer's. */
static void
test_precedence(void **state)
{
	json_t *plain = json_pack("{s:[{s:s}]}", "offerings", "offering_id", offering);
	json_t *stated = json_pack("{s:[{s:s}], s:{s:i}}", "offerings", "offering_id", offering,
				   "employer", "cost_contribution_cents", 7000);
	json_t *out = NULL, *c;

	(void)state;
	c = costs(plain);
	assert_int_equal(employer_cents(c), 0);
	assert_string_equal(basis(c), "none");
	json_decref(c);
	/* the employer's default: 50 % of 1000,01 is 500,00 (rounded down) */
	assert_int_equal(set_terms(as(fx.acc_hr), fx.emp_a, NULL, "{\"share_bp\": 5000}", &out),
			 LP_OK);
	assert_true(json_is_object(json_object_get(out, "default")));
	json_decref(out);
	c = costs(plain);
	assert_int_equal(employer_cents(c), 50000);
	assert_int_equal(json_integer_value(json_object_get(c, "learner_cents")), 50001);
	assert_string_equal(basis(c), "employer");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "employer_terms"),
							    "share_bp")), 5000);
	json_decref(c);
	/* the employee's override wins over the default */
	assert_int_equal(set_terms(as(fx.acc_hr), fx.emp_a, fx.employment_learner,
				   "{\"share_bp\": 8000, \"cap_cents\": 30000}", &out), LP_OK);
	json_decref(out);
	c = costs(plain);
	assert_int_equal(employer_cents(c), 30000);
	assert_string_equal(basis(c), "employee");
	json_decref(c);
	/* the agreement's stated amount wins over both */
	c = costs(stated);
	assert_int_equal(employer_cents(c), 7000);
	assert_string_equal(basis(c), "agreement");
	json_decref(c);
	/* a learner at another employer is untouched by emp_a's arrangement */
	assert_int_equal(period_costs_at(as(NULL), plain, fx.p_other, fx.emp_b, &c), LP_OK);
	assert_int_equal(employer_cents(c), 0);
	json_decref(c);
	/* the override removed: the default again */
	assert_int_equal(employer_funding_clear(as(fx.acc_hr), fx.emp_a, fx.employment_learner,
						&out), LP_OK);
	json_decref(out);
	c = costs(plain);
	assert_int_equal(employer_cents(c), 50000);
	json_decref(c);
	assert_int_equal(employer_funding_clear(as(fx.acc_hr), fx.emp_a, NULL, &out), LP_OK);
	json_decref(out);
	c = costs(plain);
	assert_int_equal(employer_cents(c), 0);
	json_decref(c);
	json_decref(plain);
	json_decref(stated);
}

static int
count_rows(const char *table)
{
	char sql[128];
	struct db_stmt *st;
	int n = -1;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
	assert_int_equal(db_prepare(fx.db, sql, &st, NULL), LP_OK);
	if (db_step(st) == DB_ROW)
		n = (int)db_column_int(st, 0);
	db_reset(st);
	return n;
}

/* Who may set what, and bad input: nothing written. */
static void
test_access_and_bad_input(void **state)
{
	json_t *out = NULL, *in = json_pack("{s:i}", "share_bp", 5000);
	int before = count_rows("employer_funding") + count_rows("employer_funding_overrides");

	(void)state;
	/* HR of another employer, the learner, the authority (reads only) */
	assert_int_equal(employer_funding_set(as(fx.acc_hr_b), fx.emp_a, NULL, in, &out),
			 LP_EFORBIDDEN);
	assert_int_equal(employer_funding_set(as(fx.acc_learner), fx.emp_a, NULL, in, &out),
			 LP_EFORBIDDEN);
	assert_int_equal(employer_funding_set(as("authority"), fx.emp_a, NULL, in, &out),
			 LP_EFORBIDDEN);
	assert_int_equal(employer_funding_get(as(fx.acc_hr_b), fx.emp_a, &out), LP_EFORBIDDEN);
	assert_int_equal(employer_funding_get(as("authority"), fx.emp_a, &out), LP_OK);
	json_decref(out);
	/* an employment at another employer is not found there */
	assert_int_equal(employer_funding_set(as(fx.acc_hr), fx.emp_a, fx.employment_other, in,
					      &out), LP_ENOTFOUND);
	/* bad terms */
	{
		static const char *const bad[] = {
			"{}", "{\"share_bp\": null, \"cap_cents\": null}", "{\"share_bp\": -1}",
			"{\"share_bp\": 10001}", "{\"share_bp\": 12.5}", "{\"cap_cents\": -1}",
			"{\"cap_cents\": 1.5}", "{\"cap_cents\": \"100\"}", "{\"share_bp\": 1, \"x\": 1}",
			"{\"cap_cents\": 100, \"currency\": \"USD\"}",
			"{\"cap_cents\": 99999999999999999}",
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			json_t *b = json_loads(bad[i], 0, NULL);

			if (employer_funding_set(as(fx.acc_hr), fx.emp_a, NULL, b, &out) != LP_EINVAL)
				fail_msg("accepted %s", bad[i]);
			json_decref(b);
		}
	}
	assert_int_equal(count_rows("employer_funding") + count_rows("employer_funding_overrides"),
			 before);
	json_decref(in);
}

/* Changing a scheme: a bigger budget funds more, a smaller one gives back
 * what is free and no more; a stale version is a conflict; the ledger's
 * invariants hold throughout. */
static void
test_scheme_update(void **state)
{
	json_t *in, *s = NULL, *out = NULL, *breaches = NULL;
	const char *id;
	int64_t version, entries = 0;

	(void)state;
	in = json_pack("{s:s, s:i, s:s, s:s, s:s, s:[s]}", "name", "Proef", "budget_cents",
		       500000, "issue_from", "2026-01-01", "issue_until", "2099-12-31",
		       "spend_by", "2099-12-31", "programme_ids", fx.prog_a);
	assert_int_equal(scheme_create(as("authority"), in, &s), LP_OK);
	json_decref(in);
	id = json_string_value(json_object_get(s, "id"));
	version = json_integer_value(json_object_get(s, "version"));
	/* a learner may not */
	in = json_pack("{s:i}", "budget_cents", 900000);
	assert_int_equal(scheme_update(as(fx.acc_learner), id, in, &out), LP_EFORBIDDEN);
	json_decref(in);
	in = json_pack("{s:i, s:I, s:[s,s], s:[s]}", "budget_cents", 900000, "version",
		       (json_int_t)version, "programme_ids", fx.prog_a, fx.prog_b, "rules",
		       "working");
	assert_int_equal(scheme_update(as("authority"), id, in, &out), LP_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "budget_cents")), 900000);
	assert_int_equal(json_integer_value(json_object_get(out, "free_cents")), 900000);
	assert_int_equal(json_array_size(json_object_get(out, "programme_ids")), 2);
	json_decref(out);
	/* the same version again is stale */
	assert_int_equal(scheme_update(as("authority"), id, in, &out), LP_ECONFLICT);
	json_decref(in);
	/* smaller: 100,00 */
	in = json_pack("{s:i, s:s}", "budget_cents", 10000, "name", "Kleiner");
	assert_int_equal(scheme_update(as("authority"), id, in, &out), LP_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "free_cents")), 10000);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Kleiner");
	json_decref(out);
	json_decref(in);
	/* bad input: nothing changes */
	in = json_pack("{s:s}", "spend_by", "2020-01-01");
	assert_int_equal(scheme_update(as("authority"), id, in, &out), LP_EINVAL);
	json_decref(in);
	in = json_pack("{s:i}", "nonsense", 1);
	assert_int_equal(scheme_update(as("authority"), id, in, &out), LP_EINVAL);
	json_decref(in);
	assert_int_equal(scheme_get(as("authority"), id, &out), LP_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "budget_cents")), 10000);
	json_decref(out);
	assert_int_equal(ledger_check(as(NULL), &breaches, &entries), LP_OK);
	assert_int_equal(json_array_size(breaches), 0);
	json_decref(breaches);
	json_decref(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute),
		cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_access_and_bad_input),
		cmocka_unit_test(test_scheme_update),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
