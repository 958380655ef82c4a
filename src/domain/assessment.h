/* assessment.h: examiners judge outcomes, the exam board confirms
 *
 * Only the examiner the agreement in force assigns to an outcome judges it
 * (the second examiner gives the second judgement where the programme
 * requires one); a coach never judges their own learner unless the
 * programme allows it (programme_assessment_rules); an outcome not in the
 * agreement in force, or an enrolment that is withdrawn or graduated, is
 * refused. The exam board of the institution confirms. Examiners' internal
 * notes are shown only to examiners and the exam board.
 */
#ifndef LEERPAD_ASSESSMENT_H
#define LEERPAD_ASSESSMENT_H

#include "domain/context.h"
#include "domain/list_page.h"

#include <jansson.h>
#include <stdbool.h>

struct assessment_input {
	const char *outcome_id;
	const char *result;          /* "achieved" or "not_yet" */
	const char *rationale;
	const char *assessed_on;     /* YYYY-MM-DD; NULL: today */
	const char *internal_notes;  /* may be NULL */
};

/* Records the first examiner's judgement of an outcome of enrolment. */
enum lp_status assessment_record(struct ctx *ctx, const char *enrolment_id,
				 const struct assessment_input *in, json_t **out);
/* The second examiner's judgement of assessment id (outcome_id unused). */
enum lp_status assessment_second(struct ctx *ctx, const char *id,
				 const struct assessment_input *in, json_t **out);
/* The exam board confirms assessment id (complete judgements only). */
enum lp_status assessment_confirm(struct ctx *ctx, const char *id, json_t **out);
/* The assessments of an enrolment the actor may see, as a page in the
 * order the judgements were recorded: {"items": [...], "next_cursor": ...}
 * (list_page.h); pg NULL is the first page of the default size. Internal
 * notes only for those who may read them. */
enum lp_status assessment_list_page(struct ctx *ctx, const char *enrolment_id,
				    const struct list_page *pg, json_t **out);
/* What waits for the actor's judgement in one enrolment (at most the
 * programme's outcomes): {"items": [...]} with outcome_id, outcome_code,
 * outcome_title, agreement_id, "as" ("first" or "second") and, for the
 * second examiner, the assessment_id of the first judgement. Empty for an
 * actor who is not an examiner of the enrolment. */
enum lp_status assessment_waiting_in(struct ctx *ctx, const char *enrolment_id, json_t **out);
/* The actor's queue as examiner, as a page in the order of agreement and
 * outcome: outcomes assigned to them in agreements in force of active
 * enrolments, not yet achieved (or judged and waiting for them as second
 * examiner), each {"enrolment_id", "outcome_id", "outcome_code",
 * "outcome_title", "learner", "agreement_id", "evidence_count", "as"};
 * {"items": [...], "next_cursor": ...}. The cursor names an agreement and
 * an outcome ("ID.ID"). LP_EUNAUTH anonymous, LP_EFORBIDDEN for anyone
 * neither examiner nor exam board. */
enum lp_status assessment_queue_page(struct ctx *ctx, const struct list_page *pg,
				     json_t **out);
/* The assessments waiting for the confirmation of the actor's exam board
 * (of the learners' institutions) as a page, oldest first. */
enum lp_status assessment_confirm_page(struct ctx *ctx, const struct list_page *pg,
				       json_t **out);

/* Sets a programme's assessment rules (programme managers and institution
 * administrators of its institution). */
enum lp_status assessment_set_rules(struct ctx *ctx, const char *programme_id,
				    bool second_examiner, bool coach_may_examine, json_t **out);
/* Reads them: {"programme_id", "second_examiner", "coach_may_examine"}. */
enum lp_status assessment_get_rules(struct ctx *ctx, const char *programme_id, json_t **out);

/* True if the outcome counts as achieved by assessment in enrolment:
 * achieved by the first examiner and, where required, the second. */
bool assessment_achieved(struct ctx *ctx, const char *enrolment_id, const char *outcome_id);

#endif
