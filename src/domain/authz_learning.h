/* authz_learning.h: who may see and do what with enrolments, agreements,
 * evidence, assessments and the coaching log (issue 4, item 8)
 *
 * Access follows from how the actor is related to one enrolment:
 *   learner     the enrolled person: everything of their own
 *   coach       the enrolment's coach (coach role in the institution)
 *   examiner    an examiner of the institution assigned to an outcome of an
 *               agreement of the enrolment: what is assigned
 *   board       the exam board of the institution: confirmations, graduation
 *   staff       programme manager or institution admin of the institution
 *   employer    HR or workplace supervisor of the enrolment's employer:
 *               agreements, progress and attested evidence, no examiners'
 *               internal notes, never other employers' people
 * The monitor sees none of this per person. An actor with no relation to
 * the enrolment is told it does not exist (LP_ENOTFOUND: 404); an actor who
 * may see it but not do the action gets LP_EFORBIDDEN (403).
 */
#ifndef LEERPAD_AUTHZ_LEARNING_H
#define LEERPAD_AUTHZ_LEARNING_H

#include "base/buf.h"
#include "domain/authz.h"

#define REL_LEARNER    0x001u
#define REL_COACH      0x002u
#define REL_EXAMINER   0x004u
#define REL_BOARD      0x008u
#define REL_STAFF      0x010u
#define REL_HR         0x020u
#define REL_SUPERVISOR 0x040u
#define REL_ADMIN      0x080u  /* system administrator or the system itself */
#define REL_EMPLOYER   (REL_HR | REL_SUPERVISOR)

/* One enrolment as access rules see it, with the actor's relations. */
struct enrolment_ref {
	char id[ID_LEN];
	char person_id[ID_LEN];
	char programme_id[ID_LEN];
	char institution_id[ID_LEN];
	char employer_id[ID_LEN];    /* "" if none */
	char coach_id[ID_LEN];       /* "" if none */
	char status[16];
	unsigned rel;                /* REL_* bits of the actor */
};

enum learning_action {
	LA_READ,             /* the enrolment, its agreements and progress */
	LA_CREATE_AGREEMENT, /* open an agreement for a period */
	LA_EDIT_DRAFT,       /* edit, propose, reopen, amend an agreement */
	LA_SIGN_LEARNER,
	LA_SIGN_INSTITUTION,
	LA_SIGN_EMPLOYER,
	LA_EVALUATE,         /* write one side's evaluation */
	LA_CLOSE,            /* close the agreement at the end of the period */
	LA_ADD_EVIDENCE,     /* add evidence, claim prior learning */
	LA_READ_EVIDENCE,    /* every piece (the employer side: see evidence.c) */
	LA_ATTEST,           /* attest evidence seen at work */
	LA_ASSESS,           /* judge an outcome (assessment.c checks which) */
	LA_READ_INTERNAL,    /* examiners' internal notes */
	LA_CONFIRM,          /* exam board: confirm assessments, claims, graduate */
	LA_COACHING_WRITE,   /* add to the coaching log */
	LA_COACHING_READ,
	LA_ACTION_COUNT
};

/* Loads enrolment id and the actor's relations to it into *out.
 * LP_EUNAUTH for nobody logged in; LP_ENOTFOUND when there is no such
 * enrolment or the actor has no relation to it. */
enum lp_status authz_enrolment_load(struct ctx *ctx, const char *id,
				    struct enrolment_ref *out);
/* The enrolments of the actor's own person, in the order of their ids,
 * at most max of them into out (*count of them), each as
 * authz_enrolment_load gives it: one query instead of a list and a load
 * per enrolment (the learner's home page). None when the actor has no
 * person; LP_EUNAUTH for nobody logged in. */
enum lp_status authz_enrolments_own(struct ctx *ctx, struct enrolment_ref *out, size_t max,
				    size_t *count);

/* LP_OK if the actor may do action on the enrolment loaded in *e;
 * LP_ENOTFOUND when the actor has no relation at all, LP_EFORBIDDEN when
 * related but not allowed; ctx->err says why. */
enum lp_status authz_enrolment(struct ctx *ctx, const struct enrolment_ref *e,
			       enum learning_action action);

/* authz_record for periods, cohorts and enrolments (entity engine):
 * authz.c hands every entity without a rule of its own to this. */
enum lp_status authz_learning_record(struct ctx *ctx, const struct entity_def *def,
				     enum authz_action action, const json_t *record);
/* authz_list_condition for the same entities. */
/* Whether actor may create some period, cohort or enrolment: a programme
 * manager or institution administrator somewhere (which institution's is
 * decided per record by authz_learning_record). */
bool authz_learning_may_create_some(const struct actor *actor);
enum lp_status authz_learning_list_condition(struct ctx *ctx, const struct entity_def *def,
					     struct buf *cond, const char **binds, int max,
					     int *bind_count);
/* SQL condition on the enrolments row named alias that keeps the
 * enrolments the actor may read (appended to cond, binds as above). An
 * actor who sees none (monitor) gets LP_EFORBIDDEN. */
enum lp_status authz_enrolment_condition(struct ctx *ctx, const char *alias, struct buf *cond,
					 const char **binds, int max, int *bind_count);

#endif
