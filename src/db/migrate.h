/* migrate.h: versioned schema migrations */
#ifndef LEERPAD_MIGRATE_H
#define LEERPAD_MIGRATE_H

#include "db/db.h"

/* Brings the schema up to the newest version, each migration in its own
 * transaction; *applied (may be NULL) receives how many ran. Safe to call
 * on every start: a current database is left as it is. LP_ECONFLICT if the
 * database is newer than this program. */
enum lp_status migrate_up(struct db *db, int *applied, struct lp_error *err);
/* The newest schema version this program knows. */
int migrate_latest(void);
/* The number of migrations (versions may have gaps: numbers are reserved
 * per branch, so this can be less than migrate_latest). */
int migrate_count(void);

#endif
