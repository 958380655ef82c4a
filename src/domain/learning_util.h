/* learning_util.h: small helpers shared by the learning modules
 * (agreement.c, evidence.c, assessment.c, progress.c, coaching.c) */
#ifndef LEERPAD_LEARNING_UTIL_H
#define LEERPAD_LEARNING_UTIL_H

#include "domain/context.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* True if sql, with a and b (b may be NULL: not bound) bound as texts,
 * gives a row. A failing query counts as no row. */
bool lu_exists(struct ctx *ctx, const char *sql, const char *a, const char *b);

/* True if the person has an account holding role in organisation org. */
bool lu_person_has_role(struct ctx *ctx, const char *person_id, const char *role,
			const char *org);

/* Checks a text member of obj named key: a string of at most max code
 * points (required: present and not blank). field names it in errors.
 * *out is the string or NULL when absent and not required. */
enum lp_status lu_text(struct ctx *ctx, const json_t *obj, const char *key, const char *field,
		       size_t max, bool required, const char **out);

/* Checks obj has no members other than those in keys (NULL-terminated);
 * where is the field path for the error. */
enum lp_status lu_only_keys(struct ctx *ctx, const json_t *obj, const char *const *keys,
			    const char *where);

/* Reads "version" from a JSON body as a whole number, or LP_EINVAL. */
enum lp_status lu_version(struct ctx *ctx, const json_t *body, int64_t *out);

/* Begins a transaction; a failure is returned with ctx->err filled. */
enum lp_status lu_begin(struct ctx *ctx);
/* Commits when rc is LP_OK, otherwise rolls back; returns rc or the
 * commit's failure. */
enum lp_status lu_end(struct ctx *ctx, enum lp_status rc);

/* The text of column 0 of the first row of sql with a bound, into the
 * arena; NULL when no row or NULL. */
const char *lu_text_of(struct ctx *ctx, const char *sql, const char *a);

#endif
