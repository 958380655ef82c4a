/* test_auth.c: unit tests of logging in, sessions, API tokens, the login
 * rate limit and passwords (domain/auth.c) */
#include "domain/auth.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct fixture fx;
static struct actor ctx_actor;
static struct lp_error ctx_err;
static struct ctx ctx;

/* Makes the fixture world once for the whole group. */
static int
group_setup(void **state)
{
	(void)state;
	fixture_create(&fx, NULL);
	return 0;
}

/* Removes the fixture world. */
static int
group_teardown(void **state)
{
	(void)state;
	fixture_release(&fx);
	return 0;
}

/* A context for auth calls: anonymous, as at the login form. */
static struct ctx *
anon(void)
{
	actor_anonymous(&ctx_actor);
	lp_error_clear(&ctx_err);
	ctx.db = fx.db;
	ctx.actor = &ctx_actor;
	ctx.arena = &fx.arena;
	ctx.err = &ctx_err;
	return &ctx;
}

/* Runs a COUNT query with one text parameter. */
static int64_t
count_where(const char *sql, const char *arg)
{
	struct db_stmt *st;
	int64_t n = -1;

	assert_int_equal(db_prepare(fx.db, sql, &st, NULL), LP_OK);
	db_bind_text(st, 1, arg);
	if (db_step(st) == DB_ROW)
		n = db_column_int(st, 0);
	db_reset(st);
	return n;
}

/* A login opens a session that names the account and its roles; logout ends it. */
static void
test_login_success_and_session(void **state)
{
	struct auth_session s;
	struct actor who;
	const char *csrf = NULL;
	int retry = -1;
	int64_t logins = count_where("SELECT COUNT(*) FROM audit_log WHERE entity_id = ?"
				     " AND action = 'login'", fx.acc_hr);

	(void)state;
	/* e-mail addresses are compared without case */
	assert_int_equal(auth_login(anon(), "HR@Test.Leerpad.NL", FIXTURE_PASSWORD, "10.0.0.1",
				    &s, &retry), LP_OK);
	assert_int_equal(retry, 0);
	assert_string_equal(s.account_id, fx.acc_hr);
	assert_int_equal(strlen(s.token), CRYPTO_TOKEN_LEN - 1);
	assert_int_equal(strlen(s.csrf), CRYPTO_TOKEN_LEN - 1);
	assert_string_not_equal(s.token, s.csrf);
	/* the database keeps only the digest of the token */
	assert_int_equal(count_where("SELECT COUNT(*) FROM sessions WHERE token_hash = ?",
				     s.token), 0);
	assert_int_equal(count_where("SELECT COUNT(*) FROM audit_log WHERE entity_id = ?"
				     " AND action = 'login'", fx.acc_hr), logins + 1);

	assert_int_equal(auth_session_actor(anon(), s.token, &who, &csrf), LP_OK);
	assert_int_equal(who.kind, ACTOR_ACCOUNT);
	assert_string_equal(who.account_id, fx.acc_hr);
	assert_string_equal(who.person_id, fx.p_hr);
	assert_string_equal(who.email, FIXTURE_EMAIL("hr"));
	assert_int_equal(who.grant_count, 1);
	assert_true(actor_has_role(&who, ROLE_EMPLOYER_HR, fx.emp_a));
	assert_false(actor_has_role(&who, ROLE_EMPLOYER_HR, fx.emp_b));
	assert_false(actor_has_role(&who, ROLE_SYSTEM_ADMIN, NULL));
	assert_non_null(csrf);
	assert_string_equal(csrf, s.csrf);

	/* logging out revokes the session; a second logout is harmless */
	assert_int_equal(auth_logout(anon(), s.token), LP_OK);
	assert_int_equal(auth_session_actor(anon(), s.token, &who, &csrf), LP_EUNAUTH);
	assert_int_equal(who.kind, ACTOR_ANONYMOUS);
	assert_null(csrf);
	assert_int_equal(auth_logout(anon(), s.token), LP_OK);
	assert_int_equal(auth_logout(anon(), ""), LP_OK);
	assert_int_equal(auth_logout(anon(), NULL), LP_OK);
}

/* Tokens that name no session are nobody. */
static void
test_session_bogus_tokens(void **state)
{
	struct actor who;
	const char *csrf = (const char *)1;
	char fake[CRYPTO_TOKEN_LEN];

	(void)state;
	crypto_token(fake);
	assert_int_equal(auth_session_actor(anon(), fake, &who, &csrf), LP_EUNAUTH);
	assert_null(csrf);
	assert_int_equal(auth_session_actor(anon(), "short", &who, &csrf), LP_EUNAUTH);
	assert_int_equal(auth_session_actor(anon(), "", &who, &csrf), LP_EUNAUTH);
	assert_int_equal(auth_session_actor(anon(), NULL, &who, &csrf), LP_EUNAUTH);
	assert_int_equal(auth_session_actor(anon(), "' OR '1'='1' --                            ",
					    &who, &csrf), LP_EUNAUTH);
	assert_int_equal(who.kind, ACTOR_ANONYMOUS);
}

/* Wrong passwords and unknown addresses get one answer; a good login clears the count. */
static void
test_login_failures(void **state)
{
	struct auth_session s;
	int retry = -1;
	char reason_wrong[256];

	(void)state;
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("pm"), "wrong password", "10.0.0.2",
				    &s, &retry), LP_EUNAUTH);
	assert_string_equal(ctx_err.field, "email");
	snprintf(reason_wrong, sizeof(reason_wrong), "%s", ctx_err.reason);
	assert_int_equal(retry, 0);
	/* an unknown address gets the very same answer */
	assert_int_equal(auth_login(anon(), "nobody@test.leerpad.nl", FIXTURE_PASSWORD,
				    "10.0.0.2", &s, &retry), LP_EUNAUTH);
	assert_string_equal(ctx_err.reason, reason_wrong);
	assert_int_equal(auth_login(anon(), "", FIXTURE_PASSWORD, "10.0.0.2", &s, &retry),
			 LP_EUNAUTH);
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("pm"), "", "10.0.0.2", &s, &retry),
			 LP_EUNAUTH);
	assert_int_equal(auth_login(anon(), NULL, NULL, NULL, &s, &retry), LP_EUNAUTH);
	assert_int_equal(auth_login(anon(), "bad\xff@utf8.nl", "x", "10.0.0.2", &s, &retry),
			 LP_EUNAUTH);
	/* after a failure a correct login still works, and clears the count */
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("pm"), FIXTURE_PASSWORD, "10.0.0.2",
				    &s, &retry), LP_OK);
	assert_int_equal(count_where("SELECT COUNT(*) FROM login_attempts WHERE key = ?",
				     "account:" FIXTURE_EMAIL("pm")), 0);
}

/* Seconds one failing login takes. */
static double
time_login(const char *email, const char *address)
{
	struct auth_session s;
	struct timespec t0, t1;
	int retry;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(auth_login(anon(), email, "not the password", address, &s, &retry),
			 LP_EUNAUTH);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* An unknown address must cost about as much as a wrong password, or the
 * time of the answer tells which accounts exist. */
static void
test_login_timing_does_not_reveal_accounts(void **state)
{
	double known = 1e9, unknown = 1e9;

	(void)state;
	for (int i = 0; i < 3; i++) {
		char email[64], addr[32];
		double t;
		snprintf(addr, sizeof(addr), "203.0.113.%d", i + 1);
		t = time_login(FIXTURE_EMAIL("supervisor"), addr);
		known = t < known ? t : known;
		snprintf(email, sizeof(email), "nobody%d@test.leerpad.nl", i);
		t = time_login(email, addr);
		unknown = t < unknown ? t : unknown;
	}
	/* argon2id takes tens of milliseconds; a lookup alone far less */
	if (unknown < known / 4)
		fail_msg("a wrong password takes %.1f ms, an unknown address %.1f ms",
			 known * 1000, unknown * 1000);
}

/* Five failures for an account make it wait, from any address. */
static void
test_rate_limit_per_account(void **state)
{
	struct auth_session s;
	int retry = -1;

	(void)state;
	for (int i = 0; i < AUTH_MAX_FAILURES_ACCOUNT; i++) {
		/* from different addresses: the account limit alone applies */
		char addr[32];
		snprintf(addr, sizeof(addr), "192.0.2.%d", i + 1);
		assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("locked"), "not the password",
					    addr, &s, &retry), LP_EUNAUTH);
		assert_int_equal(retry, 0);
	}
	/* now even the right password waits */
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("locked"), FIXTURE_PASSWORD,
				    "192.0.2.99", &s, &retry), LP_ERATELIMIT);
	assert_true(retry > 0);
	assert_true(retry <= AUTH_WINDOW_SECONDS);
	assert_string_equal(ctx_err.field, "email");
	assert_non_null(strstr(ctx_err.reason, "too many"));
	/* in any spelling of the address */
	assert_int_equal(auth_login(anon(), "LOCKED@test.leerpad.nl", FIXTURE_PASSWORD,
				    "192.0.2.98", &s, &retry), LP_ERATELIMIT);
	/* other accounts are not affected */
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("monitor"), FIXTURE_PASSWORD,
				    "192.0.2.99", &s, &retry), LP_OK);
}

/* Twenty failures from one address make that address wait. */
static void
test_rate_limit_per_address(void **state)
{
	struct auth_session s;
	int retry = -1;

	(void)state;
	/* many accounts guessed from one address */
	for (int i = 0; i < AUTH_MAX_FAILURES_ADDRESS; i++) {
		char email[64];
		snprintf(email, sizeof(email), "guess%d@test.leerpad.nl", i);
		assert_int_equal(auth_login(anon(), email, "guess", "198.51.100.7", &s, &retry),
				 LP_EUNAUTH);
	}
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("coord"), FIXTURE_PASSWORD,
				    "198.51.100.7", &s, &retry), LP_ERATELIMIT);
	assert_true(retry > 0 && retry <= AUTH_WINDOW_SECONDS);
	/* the same account from elsewhere is fine */
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("coord"), FIXTURE_PASSWORD,
				    "198.51.100.8", &s, &retry), LP_OK);
}

/* API tokens: made for an account, stored as a digest, not interchangeable with sessions. */
static void
test_api_tokens(void **state)
{
	char token[CRYPTO_TOKEN_LEN], fake[CRYPTO_TOKEN_LEN];
	struct actor who;
	struct ctx *c;
	struct actor system;

	(void)state;
	c = anon();
	actor_system(&system);
	c->actor = &system;
	assert_int_equal(auth_token_create(c, "Inst_Admin@test.leerpad.nl", "koppeling", token),
			 LP_OK);
	assert_int_equal(strlen(token), CRYPTO_TOKEN_LEN - 1);
	assert_int_equal(count_where("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?",
				     token), 0);
	assert_int_equal(count_where("SELECT COUNT(*) FROM audit_log WHERE entity = ?",
				     "api_tokens"), 1);
	assert_int_equal(auth_token_actor(anon(), token, &who), LP_OK);
	assert_string_equal(who.account_id, fx.acc_inst_admin);
	assert_true(actor_has_role(&who, ROLE_INSTITUTION_ADMIN, fx.inst_a));

	crypto_token(fake);
	assert_int_equal(auth_token_actor(anon(), fake, &who), LP_EUNAUTH);
	assert_int_equal(who.kind, ACTOR_ANONYMOUS);
	assert_int_equal(auth_token_actor(anon(), "", &who), LP_EUNAUTH);
	assert_int_equal(auth_token_actor(anon(), NULL, &who), LP_EUNAUTH);
	/* a session token is no API token, and the other way round */
	{
		struct auth_session s;
		const char *csrf;
		int retry;
		assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("admin"), FIXTURE_PASSWORD,
					    "10.9.9.9", &s, &retry), LP_OK);
		assert_int_equal(auth_token_actor(anon(), s.token, &who), LP_EUNAUTH);
		assert_int_equal(auth_session_actor(anon(), token, &who, &csrf), LP_EUNAUTH);
	}

	c = anon();
	c->actor = &system;
	assert_int_equal(auth_token_create(c, "nobody@test.leerpad.nl", "x", token),
			 LP_ENOTFOUND);
	assert_int_equal(auth_token_create(c, FIXTURE_EMAIL("admin"), "", token), LP_EINVAL);
	assert_string_equal(ctx_err.field, "name");
	assert_int_equal(auth_token_create(c, FIXTURE_EMAIL("admin"), NULL, token), LP_EINVAL);
}

/* A new password replaces the old; a disabled account is shut out. */
static void
test_disabled_account_and_password_change(void **state)
{
	struct auth_session s;
	struct actor who, system;
	const char *csrf;
	int retry;
	json_t *out = NULL, *patch;
	struct ctx *c;

	(void)state;
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("hr_b"), FIXTURE_PASSWORD, "10.1.1.1",
				    &s, &retry), LP_OK);
	/* a new password: the old one stops working */
	c = anon();
	actor_system(&system);
	c->actor = &system;
	assert_int_equal(auth_set_password(c, FIXTURE_EMAIL("hr_b"), "een nieuw wachtwoord"),
			 LP_OK);
	assert_int_equal(auth_set_password(c, FIXTURE_EMAIL("hr_b"), "kort"), LP_EINVAL);
	assert_int_equal(auth_set_password(c, "nobody@test.leerpad.nl", "een nieuw wachtwoord"),
			 LP_ENOTFOUND);
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("hr_b"), FIXTURE_PASSWORD, "10.1.1.1",
				    &s, &retry), LP_EUNAUTH);
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("hr_b"), "een nieuw wachtwoord",
				    "10.1.1.1", &s, &retry), LP_OK);

	/* disabling the account ends its sessions and stops logins */
	c = anon();
	c->actor = &system;
	patch = json_pack("{s:b}", "disabled", 1);
	assert_int_equal(entity_update(c, &accounts_def, fx.acc_hr_b, patch, &out), LP_OK);
	json_decref(patch);
	json_decref(out);
	assert_int_equal(auth_session_actor(anon(), s.token, &who, &csrf), LP_EUNAUTH);
	assert_int_equal(auth_login(anon(), FIXTURE_EMAIL("hr_b"), "een nieuw wachtwoord",
				    "10.1.1.1", &s, &retry), LP_EUNAUTH);
	assert_int_equal(auth_load_actor(anon(), fx.acc_hr_b, &who), LP_EUNAUTH);
	assert_int_equal(auth_load_actor(anon(), "0190a000-0000-7000-8000-000000000000", &who),
			 LP_EUNAUTH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_success_and_session),
		cmocka_unit_test(test_session_bogus_tokens),
		cmocka_unit_test(test_login_failures),
		cmocka_unit_test(test_login_timing_does_not_reveal_accounts),
		cmocka_unit_test(test_rate_limit_per_account),
		cmocka_unit_test(test_rate_limit_per_address),
		cmocka_unit_test(test_api_tokens),
		cmocka_unit_test(test_disabled_account_and_password_change),
	};

	return cmocka_run_group_tests_name("auth", tests, group_setup, group_teardown);
}
