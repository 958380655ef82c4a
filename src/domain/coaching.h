/* coaching.h: the coaching log of an enrolment (issue 4, item 7)
 *
 * Meetings, company visits and evaluations with the workplace supervisor,
 * each with a date, the people present, notes and agreed next steps. The
 * coach writes; the learner, the coach, the employer side and the
 * institution's staff read (authz_learning.h).
 */
#ifndef LEERPAD_COACHING_H
#define LEERPAD_COACHING_H

#include "domain/context.h"
#include "domain/list_page.h"

#include <jansson.h>

/* Adds an entry from input {"kind": meeting|company_visit|evaluation,
 * "held_on": date, "present": [names], "notes", "next_steps"}. */
enum lp_status coaching_add(struct ctx *ctx, const char *enrolment_id, const json_t *input,
			    json_t **out);
/* The log as a page, newest entry first (the next page holds older ones):
 * {"items": [...], "next_cursor": ...} (list_page.h); pg NULL is the first
 * page of the default size. */
enum lp_status coaching_list_page(struct ctx *ctx, const char *enrolment_id,
				  const struct list_page *pg, json_t **out);

#endif
