/* role_grant.h: finding and revoking role grants
 *
 * Grants are created and read through the entity engine (role_grants_def);
 * the engine has no delete, so revoking lives here: one audited DELETE,
 * allowed to whoever may change role grants (authz.c: system
 * administrators and the command line).
 */
#ifndef LEERPAD_ROLE_GRANT_H
#define LEERPAD_ROLE_GRANT_H

#include "base/id.h"
#include "domain/context.h"

/* Finds the grant of role (a code name, "coach") to the account, in
 * organisation_id (NULL for a grant without organisation); its id goes to
 * id_out. LP_ENOTFOUND if the account holds no such grant. */
enum lp_status role_grant_find(struct ctx *ctx, const char *account_id, const char *role,
			       const char *organisation_id, char id_out[ID_LEN]);

/* Revokes (deletes) the grant with id and audits it as a "delete" with the
 * grant's account, role and organisation, in one transaction. LP_ENOTFOUND
 * if there is no such grant (or the actor may not know it exists),
 * LP_EFORBIDDEN if the actor may not change role grants. Sessions of the
 * account lose the role at their next request. */
enum lp_status role_grant_revoke(struct ctx *ctx, const char *grant_id);

#endif
