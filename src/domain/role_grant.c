/* role_grant.c: finding and revoking role grants (see role_grant.h) */
#include "domain/role_grant.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/entity.h"

#include <stdio.h>

enum lp_status
role_grant_find(struct ctx *ctx, const char *account_id, const char *role,
		const char *organisation_id, char id_out[ID_LEN])
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	id_out[0] = '\0';
	rc = db_prepare(ctx->db, "SELECT id FROM role_grants WHERE account_id = ? AND role = ?"
			" AND COALESCE(organisation_id, '') = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, account_id);
	db_bind_text(st, 2, role);
	db_bind_text(st, 3, organisation_id ? organisation_id : "");
	step = db_step(st);
	if (step == DB_ROW)
		snprintf(id_out, ID_LEN, "%s", db_column_text(st, 0));
	else if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (!rc && !id_out[0])
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "role", "the account does not hold role %s%s",
			     role, organisation_id ? " in that organisation" : "");
	return rc;
}

enum lp_status
role_grant_revoke(struct ctx *ctx, const char *grant_id)
{
	json_t *grant = NULL, *changes = NULL;
	enum lp_status rc;
	int64_t deleted = 0;

	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = entity_get(ctx, &role_grants_def, grant_id, &grant);
	if (!rc)
		rc = authz_record(ctx, &role_grants_def, AUTHZ_UPDATE, grant);
	if (rc)
		goto rollback;
	rc = db_run(ctx->db, ctx->err, &deleted,
		    "DELETE FROM role_grants WHERE id = ? AND version = ?", "si", grant_id,
		    (int64_t)json_integer_value(json_object_get(grant, "version")));
	if (!rc && deleted != 1)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "id",
			     "this role grant was changed by someone else; try again");
	if (rc)
		goto rollback;
	changes = json_pack("{s:O, s:O, s:O}", "account_id", json_object_get(grant, "account_id"),
			    "role", json_object_get(grant, "role"), "organisation_id",
			    json_object_get(grant, "organisation_id"));
	rc = audit_write(ctx, "role_grants", grant_id, "delete", changes);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		goto rollback;
	goto out;
rollback:
	db_rollback(ctx->db);
out:
	json_decref(grant);
	json_decref(changes);
	return rc;
}
