/* idempotency.c: stored first responses of money-moving writes (see
 * idempotency.h) */
#include "domain/idempotency.h"
#include "base/buf.h"
#include "base/timeutil.h"

#include <string.h>

enum lp_status
idempotency_key_valid(struct ctx *ctx, const char *key)
{
	size_t len = key ? strlen(key) : 0;

	if (len == 0)
		return lp_fail(ctx->err, LP_EINVAL, "Idempotency-Key",
			       "this request moves money: send an Idempotency-Key header");
	if (len > IDEMPOTENCY_KEY_MAX)
		return lp_fail(ctx->err, LP_EINVAL, "Idempotency-Key",
			       "an Idempotency-Key has at most %d characters", IDEMPOTENCY_KEY_MAX);
	for (size_t i = 0; i < len; i++)
		if (key[i] < 0x21 || key[i] > 0x7e)
			return lp_fail(ctx->err, LP_EINVAL, "Idempotency-Key",
				       "an Idempotency-Key is printable ASCII without spaces");
	return LP_OK;
}

void
idempotency_hash(const char *method, const char *path, const char *body, size_t len,
		 char out[CRYPTO_DIGEST_LEN])
{
	struct buf b;

	buf_init(&b, len + 64);
	buf_puts(&b, method);
	buf_putc(&b, '\n');
	buf_puts(&b, path);
	buf_putc(&b, '\n');
	if (body)
		buf_add(&b, body, len);
	crypto_digest_hex(buf_str(&b), b.len, out);
	buf_release(&b);
}

/* The actor's id for the key table: keys are per account. */
static const char *
owner(struct ctx *ctx)
{
	const char *id = actor_audit_id(ctx->actor);

	return id ? id : "anonymous";
}

enum lp_status
idempotency_find(struct ctx *ctx, const char *key, const char *hash, bool *found, int *status,
		 const char **response)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	*found = false;
	rc = db_prepare(ctx->db, "SELECT request_hash, status, response FROM idempotency_keys"
			" WHERE actor_id = ? AND idem_key = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, owner(ctx));
	db_bind_text(st, 2, key);
	step = db_step(st);
	if (step == DB_ROW) {
		if (strcmp(db_column_text(st, 0), hash) != 0) {
			rc = lp_fail(ctx->err, LP_EINVAL, "Idempotency-Key",
				     "this Idempotency-Key was used for a different request");
		} else {
			*found = true;
			*status = (int)db_column_int(st, 1);
			*response = arena_strdup(ctx->arena, db_column_text(st, 2));
		}
	} else if (step == DB_ERROR) {
		rc = db_error(ctx->db, ctx->err);
	}
	db_reset(st);
	return rc;
}

enum lp_status
idempotency_save(struct ctx *ctx, const char *key, const char *method, const char *path,
		 const char *hash, int status, const char *response)
{
	char now[TIME_RFC3339_LEN];

	time_now_rfc3339(now);
	return db_run(ctx->db, ctx->err, NULL,
		      "INSERT INTO idempotency_keys (actor_id, idem_key, method, path, request_hash,"
		      " status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "sssssiss",
		      owner(ctx), key, method, path, hash, (int64_t)status, response, now);
}

/* Looks key up again after op ran or failed: a request with the same key
 * may have committed meanwhile. True (and *status, *response set) if it
 * did; the look-up's own failure leaves ctx->err as it was. */
static bool
found_since(struct ctx *ctx, const char *key, const char *hash, int *status,
	    const char **response)
{
	struct lp_error saved = *ctx->err;
	bool found = false;

	if (idempotency_find(ctx, key, hash, &found, status, response) || !found) {
		*ctx->err = saved;
		return false;
	}
	return true;
}

enum lp_status
idempotency_run(struct ctx *ctx, const char *key, const char *method, const char *path,
		const char *hash, idempotency_op op, void *arg, bool *replayed, int *status,
		const char **response)
{
	enum lp_status rc;

	*replayed = false;
	*response = NULL;
	rc = idempotency_key_valid(ctx, key);
	if (!rc)
		rc = idempotency_find(ctx, key, hash, replayed, status, response);
	if (rc || *replayed)
		return rc;
	rc = db_begin_deferred(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = op(ctx, arg, status, response);
	if (!rc)
		rc = db_begin_deferred_now(ctx->db, ctx->err);
	if (!rc)
		rc = idempotency_save(ctx, key, method, path, hash, *status,
				      *response ? *response : "{}");
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc) {
		db_rollback(ctx->db);
		*response = NULL;
		if (!found_since(ctx, key, hash, status, response))
			return rc;
		*replayed = true;
	}
	if (!*response)
		*response = "{}";
	return LP_OK;
}
