/* learning_util.c: helpers of the learning modules (see learning_util.h) */
#include "domain/learning_util.h"
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

bool
lu_exists(struct ctx *ctx, const char *sql, const char *a, const char *b)
{
	struct db_stmt *st;
	bool found;

	if (!a || db_prepare(ctx->db, sql, &st, NULL))
		return false;
	db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	found = db_step(st) == DB_ROW;
	db_reset(st);
	return found;
}

bool
lu_person_has_role(struct ctx *ctx, const char *person_id, const char *role, const char *org)
{
	struct db_stmt *st;
	bool found;

	if (!person_id || !role || !org ||
	    db_prepare(ctx->db, "SELECT 1 FROM role_grants g JOIN accounts a ON a.id = g.account_id"
		       " WHERE a.person_id = ? AND g.role = ? AND g.organisation_id = ?"
		       " AND a.disabled = 0", &st, NULL))
		return false;
	db_bind_text(st, 1, person_id);
	db_bind_text(st, 2, role);
	db_bind_text(st, 3, org);
	found = db_step(st) == DB_ROW;
	db_reset(st);
	return found;
}

enum lp_status
lu_text(struct ctx *ctx, const json_t *obj, const char *key, const char *field, size_t max,
	bool required, const char **out)
{
	const json_t *v = json_object_get(obj, key);
	const char *s;

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return lp_fail(ctx->err, LP_EINVAL, field, "is required");
		return LP_OK;
	}
	if (!json_is_string(v))
		return lp_fail(ctx->err, LP_EINVAL, field, "must be a string");
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return lp_fail(ctx->err, LP_EINVAL, field, "holds a NUL character");
	if (utf8_length(s) > max)
		return lp_fail(ctx->err, LP_EINVAL, field, "must be at most %zu characters", max);
	if (required && s[strspn(s, " \t\r\n")] == '\0')
		return lp_fail(ctx->err, LP_EINVAL, field, "must not be empty");
	*out = s;
	return LP_OK;
}

enum lp_status
lu_only_keys(struct ctx *ctx, const json_t *obj, const char *const *keys, const char *where)
{
	const char *key;
	const json_t *v;

	if (!json_is_object(obj))
		return lp_fail(ctx->err, LP_EINVAL, where, "must be an object");
	json_object_foreach((json_t *)obj, key, v) {
		bool known = false;
		(void)v;
		for (int i = 0; keys[i] && !known; i++)
			known = strcmp(keys[i], key) == 0;
		if (!known) {
			char field[64];
			snprintf(field, sizeof(field), "%s.%s", where, key);
			return lp_fail(ctx->err, LP_EINVAL, field, "is not a known field");
		}
	}
	return LP_OK;
}

enum lp_status
lu_version(struct ctx *ctx, const json_t *body, int64_t *out)
{
	const json_t *v = json_object_get(body, "version");

	if (!json_is_integer(v))
		return lp_fail(ctx->err, LP_EINVAL, "version",
			       "give the version you read, as a whole number");
	*out = json_integer_value(v);
	return LP_OK;
}

enum lp_status
lu_begin(struct ctx *ctx)
{
	return db_begin(ctx->db, ctx->err);
}

enum lp_status
lu_end(struct ctx *ctx, enum lp_status rc)
{
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		db_rollback(ctx->db);
	return rc;
}

const char *
lu_text_of(struct ctx *ctx, const char *sql, const char *a)
{
	struct db_stmt *st;
	const char *out = NULL;

	if (!a || db_prepare(ctx->db, sql, &st, NULL))
		return NULL;
	db_bind_text(st, 1, a);
	if (db_step(st) == DB_ROW && !db_column_is_null(st, 0))
		out = arena_strdup(ctx->arena, db_column_text(st, 0));
	db_reset(st);
	return out;
}
