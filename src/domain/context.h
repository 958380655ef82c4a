/* context.h: what every domain operation is given
 *
 * One struct ctx per request or command: the acting user, the database
 * connection of this thread, the arena that owns everything the operation
 * returns, and the error detail it fills on failure.
 */
#ifndef LEERPAD_CONTEXT_H
#define LEERPAD_CONTEXT_H

#include "base/arena.h"
#include "base/error.h"
#include "db/db.h"
#include "domain/actor.h"

struct ctx {
	struct db *db;
	const struct actor *actor;
	struct arena *arena;
	struct lp_error *err;
};

#endif
