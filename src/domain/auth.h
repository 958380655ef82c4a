/* auth.h: logging in, sessions, API tokens and the login rate limit
 *
 * Tokens handed out (session cookies, API tokens) are 256-bit random
 * strings; the database keeps only their SHA-256, so a copy of the
 * database opens no doors. Everything lives in the database, never in one
 * process's memory, so several servers can share it.
 */
#ifndef LEERPAD_AUTH_H
#define LEERPAD_AUTH_H

#include "base/crypto.h"
#include "base/id.h"
#include "domain/context.h"

#define AUTH_SESSION_HOURS 12
#define AUTH_MAX_FAILURES_ACCOUNT 5    /* per account per window */
#define AUTH_MAX_FAILURES_ADDRESS 20   /* per client address per window */
#define AUTH_WINDOW_SECONDS 900

struct auth_session {
	char account_id[ID_LEN];       /* whose session it is */
	char token[CRYPTO_TOKEN_LEN];  /* the cookie value: give it only once */
	char csrf[CRYPTO_TOKEN_LEN];   /* the session's anti-forgery token */
};

/* Checks email and password and opens a session. LP_EUNAUTH for a wrong
 * email or password (one message for both, so accounts cannot be probed);
 * LP_ERATELIMIT after too many failures for the account or the address,
 * with *retry_after set to the seconds to wait. */
enum lp_status auth_login(struct ctx *ctx, const char *email, const char *password,
			  const char *address, struct auth_session *out, int *retry_after);
/* Revokes the session with token; a missing session is not an error. */
enum lp_status auth_logout(struct ctx *ctx, const char *token);
/* Ends every open session of the account (a new password: whoever knew
 * the old one is logged out everywhere). API tokens stay: they are
 * revoked one by one. */
enum lp_status auth_end_sessions(struct ctx *ctx, const char *account_id);
/* Fills actor from a live session; *csrf (arena) gets the session's
 * anti-forgery token. LP_EUNAUTH if the token names no live session. */
enum lp_status auth_session_actor(struct ctx *ctx, const char *token, struct actor *actor,
				  const char **csrf);
/* Fills actor from a bearer API token. LP_EUNAUTH if it is not valid. */
enum lp_status auth_token_actor(struct ctx *ctx, const char *token, struct actor *actor);
/* Creates an API token for the account named by email; out receives the
 * token text, shown only this once. */
enum lp_status auth_token_create(struct ctx *ctx, const char *email, const char *name,
				 char out[CRYPTO_TOKEN_LEN]);
/* Loads the account's person and role grants into actor. */
enum lp_status auth_load_actor(struct ctx *ctx, const char *account_id, struct actor *actor);
/* Sets a new password for the account with email (CLI `user passwd`). */
enum lp_status auth_set_password(struct ctx *ctx, const char *email, const char *password);

#endif
