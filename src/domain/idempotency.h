/* idempotency.h: Idempotency-Key for writes that move money
 *
 * The first response to a money-moving request is stored under (actor,
 * key) in the database, in the same transaction as the movement, so every
 * server sees it: a repeat of the request returns that response and moves
 * nothing twice. A key reused for a different request (other method, path
 * or body) is refused. Failed requests are not stored: they moved nothing
 * and may be retried with the same key.
 */
#ifndef LEERPAD_IDEMPOTENCY_H
#define LEERPAD_IDEMPOTENCY_H

#include "base/crypto.h"
#include "domain/context.h"

#include <stdbool.h>
#include <stddef.h>

#define IDEMPOTENCY_KEY_MAX 200

/* LP_OK if key is 1 to IDEMPOTENCY_KEY_MAX printable ASCII characters;
 * LP_EINVAL on field "Idempotency-Key" (missing or bad) otherwise. */
enum lp_status idempotency_key_valid(struct ctx *ctx, const char *key);

/* The digest of a request: method, path and body. */
void idempotency_hash(const char *method, const char *path, const char *body, size_t len,
		      char out[CRYPTO_DIGEST_LEN]);

/* Looks the key of the acting account up: *found false when unused; when
 * used for the same request, *status and *response (arena) are the first
 * response; LP_EINVAL when it was used for another request. */
enum lp_status idempotency_find(struct ctx *ctx, const char *key, const char *hash,
				bool *found, int *status, const char **response);

/* Stores the first response, inside the caller's transaction. LP_ECONFLICT
 * when another request stored the key first (the caller rolls back and
 * looks it up again). */
enum lp_status idempotency_save(struct ctx *ctx, const char *key, const char *method,
				const char *path, const char *hash, int status,
				const char *response);

/* One write run under a key: does its work in the transaction the caller
 * of idempotency_run holds (its own db_begin joins it) and gives the
 * response to store and answer: *status and *response (JSON text in the
 * arena, or NULL for "{}"). */
typedef enum lp_status (*idempotency_op)(struct ctx *ctx, void *arg, int *status,
					 const char **response);

/* Runs op once per key for the request with digest hash (method and path
 * are stored with it). The key is looked up before the write lock, and the
 * transaction is deferred to op's own db_begin (db_begin_deferred), so
 * op's reads run before the lock too. If another request with the same key
 * commits in between, this one's INSERT of the key fails on its primary
 * key, or op fails (the money moved already); after the rollback the key
 * is looked up again. Either way the first response is the answer and
 * nothing moves twice: *replayed tells whether it was stored before.
 * *status and *response (arena) are the answer when LP_OK; otherwise
 * ctx->err holds op's failure (or the key's: LP_EINVAL for a bad key or
 * one used for another request) and nothing was written. */
enum lp_status idempotency_run(struct ctx *ctx, const char *key, const char *method,
			       const char *path, const char *hash, idempotency_op op, void *arg,
			       bool *replayed, int *status, const char **response);

#endif
