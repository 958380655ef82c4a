/* authz.h: who may do what, decided here and nowhere else
 *
 * Rules are by role and scope (DESIGN.md §2): a role is held in an
 * organisation, and a record belongs to an organisation through its scope
 * field (a programme through its institution, an outcome through its
 * programme's institution, an offering through its provider, ...).
 */
#ifndef LEERPAD_AUTHZ_H
#define LEERPAD_AUTHZ_H

#include "base/buf.h"
#include "domain/entity.h"
#include "domain/authz_money.h"  /* schemes, vouchers, money (issue 5) */

enum authz_action { AUTHZ_READ, AUTHZ_CREATE, AUTHZ_UPDATE };

/* LP_OK if the actor may do action on record (for CREATE and UPDATE the
 * record as it would be stored). Refusals: LP_EUNAUTH for nobody logged in,
 * LP_ENOTFOUND for a read of a record whose existence must not leak,
 * LP_EFORBIDDEN otherwise; ctx->err says why. */
enum lp_status authz_record(struct ctx *ctx, const struct entity_def *def,
			    enum authz_action action, const json_t *record);

/* For lists of records that are not public: appends to cond a SQL
 * condition (static text and `?`) that keeps only the rows the actor may
 * read, and the values to bind to binds (arena strings, at most max). An
 * empty cond means every row. LP_EUNAUTH for nobody logged in. */
enum lp_status authz_list_condition(struct ctx *ctx, const struct entity_def *def,
				    struct buf *cond, const char **binds, int max,
				    int *bind_count);

/* True if the actor may write records of def in at least one organisation
 * (pages use it to show or hide "new" buttons; the write is checked again). */
bool authz_may_create_some(const struct actor *actor, const struct entity_def *def);

#endif
