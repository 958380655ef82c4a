/* progress.h: where a learner stands (issue 4, item 6)
 *
 * Per outcome of the programme a state, the first that holds of:
 *   recognised          a confirmed prior learning claim, or one carried over
 *   achieved            assessed achieved (by both examiners where two
 *                       judge), or carried over
 *   evidence_submitted  evidence is there, no achieving judgement yet
 *   in_progress         planned in the agreement in force
 *   planned             planned in a draft or proposed agreement
 *   open                none of these
 * Carry-over: an outcome achieved or recognised in another enrolment of the
 * same person, in a programme on the same learning line, with the same
 * outcome code, counts here too (source "carried_over").
 * EC achieved = the EC of achieved and recognised outcomes; the enrolment
 * is eligible for the diploma when every outcome is achieved or recognised.
 */
#ifndef LEERPAD_PROGRESS_H
#define LEERPAD_PROGRESS_H

#include "domain/context.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The progress of enrolment: {"enrolment_id", "programme_id",
 * "programme_name", "status", "ec_total", "ec_achieved" (tenths),
 * "percent", "eligible", "outcomes": [{"outcome_id", "code", "title",
 * "ec", "state", "source", "evidence_count"}]}. */
enum lp_status progress_get(struct ctx *ctx, const char *enrolment_id, json_t **out);

struct enrolment_ref;
/* The same for an enrolment the caller loaded with authz_enrolment_load
 * in this request (its relations decide access, as in progress_get). */
enum lp_status progress_of(struct ctx *ctx, const struct enrolment_ref *e, json_t **out);
/* The same progress as a struct, for pages that show it (no JSON values
 * to build and free): strings and outcomes live in ctx->arena; EC in
 * tenths; source and carried_from NULL where the JSON has null. */
struct progress_outcome {
	const char *outcome_id, *code, *title, *state, *source, *carried_from;
	int64_t ec;
	int64_t evidence_count;
	bool in_agreement;
};
struct progress {
	const char *enrolment_id, *programme_id, *programme_name, *person_id, *status;
	const char *learner_name;    /* NULL if none */
	int64_t ec_total, ec_achieved, percent;
	bool eligible;
	size_t count;
	struct progress_outcome *outcomes;
};
enum lp_status progress_load(struct ctx *ctx, const struct enrolment_ref *e,
			     struct progress *out);
/* The JSON of progress_get from p (a new reference). */
json_t *progress_json(const struct progress *p);

/* Only what a page about the enrolment names its outcomes and learner by,
 * without working out states (two queries instead of three or more): the
 * outcomes with outcome_id, code, title and ec, in the order of
 * progress_load, and learner_name; states, sources and sums stay empty.
 * Access as progress_load. */
enum lp_status progress_outline_load(struct ctx *ctx, const struct enrolment_ref *e,
				     struct progress *out);

/* The exam board marks an eligible enrolment graduated. LP_EINVAL when it
 * is not eligible, LP_ECONFLICT when it is not active. *out: progress. */
enum lp_status progress_graduate(struct ctx *ctx, const char *enrolment_id, json_t **out);

#endif
