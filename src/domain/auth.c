/* auth.c: logging in, sessions, API tokens and the login rate limit */
#include "domain/auth.h"
#include "domain/audit.h"
#include "domain/entity.h"
#include "base/id.h"
#include "base/timeutil.h"
#include "base/utf8.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Lower-cases an e-mail address into out (logins ignore case). */
static void
email_key(const char *email, char out[ACTOR_EMAIL_MAX])
{
	size_t i;

	for (i = 0; email[i] && i < ACTOR_EMAIL_MAX - 1; i++)
		out[i] = (char)tolower((unsigned char)email[i]);
	out[i] = '\0';
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[CRYPTO_PWHASH_LEN];

/* Fills dummy_hash once (pthread_once); empty if hashing failed, which
 * crypto_password_verify treats as matching nothing. */
static void
make_dummy_hash(void)
{
	if (!crypto_password_hash("no account has this password", dummy_hash))
		dummy_hash[0] = '\0';
}

/* A hash that no password given at login matches, made once: checking an
 * unknown address against it costs what a wrong password costs, so the
 * time of the answer does not tell which accounts exist. */
static const char *
unknown_account_hash(void)
{
	pthread_once(&dummy_once, make_dummy_hash);
	return dummy_hash;
}

/* Seconds left before key may try again, 0 if it may now. */
static int
rate_wait(struct ctx *ctx, const char *key, int limit, int64_t now_s)
{
	struct db_stmt *st;
	int wait = 0;

	if (db_prepare(ctx->db, "SELECT window_start, failures FROM login_attempts WHERE key = ?",
		       &st, NULL))
		return 0;
	db_bind_text(st, 1, key);
	if (db_step(st) == DB_ROW) {
		int64_t start = db_column_int(st, 0);
		int64_t failures = db_column_int(st, 1);
		if (now_s - start < AUTH_WINDOW_SECONDS && failures >= limit)
			wait = (int)(AUTH_WINDOW_SECONDS - (now_s - start));
	}
	db_reset(st);
	return wait;
}

/* Counts one failure for key, opening a new window when the old is over. */
static enum lp_status
rate_fail(struct ctx *ctx, const char *key, int64_t now_s)
{
	/* one upsert, so two servers counting the first failure of a key at
	 * once do not collide on the primary key */
	return db_run(ctx->db, ctx->err, NULL,
		      "INSERT INTO login_attempts (key, window_start, failures) VALUES (?, ?, 1)"
		      " ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN"
		      " excluded.window_start - login_attempts.window_start >= ? THEN 1"
		      " ELSE login_attempts.failures + 1 END, window_start = CASE WHEN"
		      " excluded.window_start - login_attempts.window_start >= ?"
		      " THEN excluded.window_start ELSE login_attempts.window_start END",
		      "siii", key, now_s, (int64_t)AUTH_WINDOW_SECONDS,
		      (int64_t)AUTH_WINDOW_SECONDS);
}

enum lp_status
auth_load_actor(struct ctx *ctx, const char *account_id, struct actor *a)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	memset(a, 0, sizeof(*a));
	rc = db_prepare(ctx->db, "SELECT id, email, person_id, language, disabled FROM accounts"
			" WHERE id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, account_id);
	step = db_step(st);
	if (step != DB_ROW || db_column_int(st, 4) != 0) {
		rc = step == DB_ERROR ? db_error(ctx->db, ctx->err)
				      : lp_fail(ctx->err, LP_EUNAUTH, NULL, "no such account");
		db_reset(st);
		actor_anonymous(a);
		return rc;
	}
	a->kind = ACTOR_ACCOUNT;
	snprintf(a->account_id, sizeof(a->account_id), "%s", db_column_text(st, 0));
	snprintf(a->email, sizeof(a->email), "%s", db_column_text(st, 1));
	snprintf(a->person_id, sizeof(a->person_id), "%s",
		 db_column_text(st, 2) ? db_column_text(st, 2) : "");
	snprintf(a->language, sizeof(a->language), "%s", db_column_text(st, 3));
	db_reset(st);

	rc = db_prepare(ctx->db, "SELECT role, organisation_id FROM role_grants"
			" WHERE account_id = ? ORDER BY role, organisation_id", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, account_id);
	while ((step = db_step(st)) == DB_ROW && a->grant_count < ACTOR_MAX_GRANTS) {
		struct actor_grant *g = &a->grants[a->grant_count];
		const char *org = db_column_text(st, 1);
		if (!role_parse(db_column_text(st, 0), &g->role))
			continue;
		snprintf(g->organisation_id, sizeof(g->organisation_id), "%s", org ? org : "");
		a->grant_count++;
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

enum lp_status
auth_login(struct ctx *ctx, const char *email, const char *password, const char *address,
	   struct auth_session *out, int *retry_after)
{
	char key_account[ACTOR_EMAIL_MAX + 8], key_address[80], lower[ACTOR_EMAIL_MAX];
	char hash_copy[CRYPTO_PWHASH_LEN] = "";
	char account_id[ID_LEN] = "", token_hash[CRYPTO_DIGEST_LEN];
	char now[TIME_RFC3339_LEN], expires[TIME_RFC3339_LEN];
	int64_t now_ms = time_now_ms(), now_s = now_ms / 1000;
	struct db_stmt *st;
	enum lp_status rc;
	int wait_a, wait_b;
	bool ok;

	*retry_after = 0;
	if (!email || !password || !*email || !*password ||
	    !utf8_is_valid(email, strlen(email)) || strlen(email) >= ACTOR_EMAIL_MAX - 1 ||
	    strlen(password) > 1000)
		return lp_fail(ctx->err, LP_EUNAUTH, "email", "wrong e-mail address or password");
	email_key(email, lower);
	snprintf(key_account, sizeof(key_account), "account:%s", lower);
	snprintf(key_address, sizeof(key_address), "address:%s", address ? address : "-");

	wait_a = rate_wait(ctx, key_account, AUTH_MAX_FAILURES_ACCOUNT, now_s);
	wait_b = rate_wait(ctx, key_address, AUTH_MAX_FAILURES_ADDRESS, now_s);
	if (wait_a || wait_b) {
		*retry_after = wait_a > wait_b ? wait_a : wait_b;
		return lp_fail(ctx->err, LP_ERATELIMIT, "email",
			       "too many failed logins; try again in %d minutes",
			       (*retry_after + 59) / 60);
	}

	rc = db_prepare(ctx->db, "SELECT id, password_hash FROM accounts"
			" WHERE email = ? AND disabled = 0", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, lower);
	if (db_step(st) == DB_ROW) {
		snprintf(account_id, sizeof(account_id), "%s", db_column_text(st, 0));
		if (db_column_text(st, 1))
			snprintf(hash_copy, sizeof(hash_copy), "%s", db_column_text(st, 1));
	}
	db_reset(st);
	/* hashing runs outside any transaction: it takes tens of ms, also
	 * for an unknown address (see unknown_account_hash) */
	ok = crypto_password_verify(hash_copy[0] ? hash_copy : unknown_account_hash(), password) &&
	     account_id[0] && hash_copy[0];

	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	if (!ok) {
		rc = rate_fail(ctx, key_account, now_s);
		if (!rc)
			rc = rate_fail(ctx, key_address, now_s);
		if (!rc)
			rc = db_commit(ctx->db, ctx->err);
		else
			db_rollback(ctx->db);
		if (rc)
			return rc;
		return lp_fail(ctx->err, LP_EUNAUTH, "email", "wrong e-mail address or password");
	}
	snprintf(out->account_id, sizeof(out->account_id), "%s", account_id);
	crypto_token(out->token);
	crypto_token(out->csrf);
	crypto_digest_hex(out->token, strlen(out->token), token_hash);
	time_format_rfc3339(now_ms, now);
	time_format_rfc3339(now_ms + (int64_t)AUTH_SESSION_HOURS * 3600 * 1000, expires);
	rc = db_run(ctx->db, ctx->err, NULL, "DELETE FROM login_attempts WHERE key = ?", "s",
		    key_account);
	if (!rc)
		rc = db_run(ctx->db, ctx->err, NULL,
			    "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at,"
			    " expires_at, address) VALUES (?, ?, ?, ?, ?, ?)", "ssssss",
			    token_hash, account_id, out->csrf, now, expires, address);
	if (!rc) {
		json_t *detail = json_pack("{ss}", "address", address ? address : "");
		struct actor who;
		const struct actor *saved = ctx->actor;
		memset(&who, 0, sizeof(who));
		who.kind = ACTOR_ACCOUNT;
		snprintf(who.account_id, sizeof(who.account_id), "%s", account_id);
		ctx->actor = &who;
		rc = audit_write(ctx, "accounts", account_id, "login", detail);
		ctx->actor = saved;
		json_decref(detail);
	}
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		db_rollback(ctx->db);
	return rc;
}

enum lp_status
auth_logout(struct ctx *ctx, const char *token)
{
	char hash[CRYPTO_DIGEST_LEN], now[TIME_RFC3339_LEN];

	if (!token || !*token)
		return LP_OK;
	crypto_digest_hex(token, strlen(token), hash);
	time_now_rfc3339(now);
	return db_run(ctx->db, ctx->err, NULL,
		      "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
		      "ss", now, hash);
}

enum lp_status
auth_end_sessions(struct ctx *ctx, const char *account_id)
{
	char now[TIME_RFC3339_LEN];

	time_now_rfc3339(now);
	return db_run(ctx->db, ctx->err, NULL,
		      "UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
		      "ss", now, account_id);
}

enum lp_status
auth_session_actor(struct ctx *ctx, const char *token, struct actor *actor, const char **csrf)
{
	char hash[CRYPTO_DIGEST_LEN], now[TIME_RFC3339_LEN], account[ID_LEN] = "";
	struct db_stmt *st;
	enum lp_status rc;

	actor_anonymous(actor);
	*csrf = NULL;
	if (!token || strlen(token) != CRYPTO_TOKEN_LEN - 1)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "not logged in");
	crypto_digest_hex(token, strlen(token), hash);
	time_now_rfc3339(now);
	rc = db_prepare(ctx->db, "SELECT account_id, csrf_token FROM sessions WHERE token_hash = ?"
			" AND revoked_at IS NULL AND expires_at > ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, hash);
	db_bind_text(st, 2, now);
	if (db_step(st) == DB_ROW) {
		snprintf(account, sizeof(account), "%s", db_column_text(st, 0));
		*csrf = arena_strdup(ctx->arena, db_column_text(st, 1));
	}
	db_reset(st);
	if (!account[0])
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "your session has ended; log in again");
	return auth_load_actor(ctx, account, actor);
}

enum lp_status
auth_token_actor(struct ctx *ctx, const char *token, struct actor *actor)
{
	char hash[CRYPTO_DIGEST_LEN], now[TIME_RFC3339_LEN], account[ID_LEN] = "";
	struct db_stmt *st;
	enum lp_status rc;

	actor_anonymous(actor);
	if (!token || strlen(token) != CRYPTO_TOKEN_LEN - 1)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "not a valid API token");
	crypto_digest_hex(token, strlen(token), hash);
	time_now_rfc3339(now);
	rc = db_prepare(ctx->db, "SELECT account_id FROM api_tokens WHERE token_hash = ?"
			" AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
			&st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, hash);
	db_bind_text(st, 2, now);
	if (db_step(st) == DB_ROW)
		snprintf(account, sizeof(account), "%s", db_column_text(st, 0));
	db_reset(st);
	if (!account[0])
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "not a valid API token");
	return auth_load_actor(ctx, account, actor);
}

/* Finds the id of the account with email into id. */
static enum lp_status
account_by_email(struct ctx *ctx, const char *email, char id[ID_LEN])
{
	char lower[ACTOR_EMAIL_MAX];
	struct db_stmt *st;
	enum lp_status rc;

	id[0] = '\0';
	email_key(email, lower);
	rc = db_prepare(ctx->db, "SELECT id FROM accounts WHERE email = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, lower);
	if (db_step(st) == DB_ROW)
		snprintf(id, ID_LEN, "%s", db_column_text(st, 0));
	db_reset(st);
	if (!id[0])
		return lp_fail(ctx->err, LP_ENOTFOUND, "email", "no account with e-mail %s", email);
	return LP_OK;
}

enum lp_status
auth_token_create(struct ctx *ctx, const char *email, const char *name,
		  char out[CRYPTO_TOKEN_LEN])
{
	char account[ID_LEN], id[ID_LEN], hash[CRYPTO_DIGEST_LEN], now[TIME_RFC3339_LEN];
	enum lp_status rc;
	json_t *detail;

	if (!name || !*name || strlen(name) > 100 || !utf8_is_valid(name, strlen(name)))
		return lp_fail(ctx->err, LP_EINVAL, "name", "give the token a name of 1 to 100 characters");
	rc = account_by_email(ctx, email, account);
	if (rc)
		return rc;
	crypto_token(out);
	crypto_digest_hex(out, strlen(out), hash);
	id_new(id);
	time_now_rfc3339(now);
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = db_run(ctx->db, ctx->err, NULL, "INSERT INTO api_tokens (id, account_id, name,"
		    " token_hash, created_at) VALUES (?, ?, ?, ?, ?)", "sssss", id, account, name,
		    hash, now);
	detail = json_pack("{ss}", "name", name);
	if (!rc)
		rc = audit_write(ctx, "api_tokens", id, "create", detail);
	json_decref(detail);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		db_rollback(ctx->db);
	return rc;
}

enum lp_status
auth_set_password(struct ctx *ctx, const char *email, const char *password)
{
	const struct entity_def *accounts = entity_find("accounts");
	char account[ID_LEN];
	enum lp_status rc;
	json_t *patch, *out = NULL;

	rc = account_by_email(ctx, email, account);
	if (rc)
		return rc;
	patch = json_pack("{ss}", "password", password);
	rc = entity_update(ctx, accounts, account, patch, &out);
	json_decref(patch);
	json_decref(out);
	return rc;
}
