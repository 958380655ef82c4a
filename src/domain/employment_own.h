/* employment_own.h: the actor's own employments, for the home page
 *
 * What the employments list filtered on person_id = the actor's person
 * gives (one's own employments are always visible: authz.c), read in one
 * query without the entity engine's SQL building and its ORDER BY ...
 * LIMIT, which makes SQLite build a temporary b-tree for a row or two.
 */
#ifndef LEERPAD_EMPLOYMENT_OWN_H
#define LEERPAD_EMPLOYMENT_OWN_H

#include "domain/context.h"

#include <jansson.h>
#include <stddef.h>

/* The employments of the actor's own person in the order of their ids, at
 * most max, as *out, a new array of objects with the string members id,
 * employer_id, job_title, start_date and end_date (null when none), as the
 * entity records hold them. An empty array when the actor has no person;
 * LP_EUNAUTH for nobody logged in. */
enum lp_status employment_own_list(struct ctx *ctx, size_t max, json_t **out);

#endif
