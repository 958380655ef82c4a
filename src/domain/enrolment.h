/* enrolment.h: periods, cohorts and enrolments, as entity tables
 *
 * The entity engine (entity.c) validates, stores, lists and audits them;
 * authz_learning.c decides access. An enrolment ties a learner (person) to
 * a programme, with the employer of one of their employments, a cohort of
 * the programme (a mixed group, or a company group of that employer), a
 * track and a status. Only the exam board marks an enrolment graduated
 * (progress_graduate); the generic update refuses that status.
 */
#ifndef LEERPAD_ENROLMENT_H
#define LEERPAD_ENROLMENT_H

#include "domain/entity.h"

extern const struct entity_def periods_def, cohorts_def, enrolments_def;
/* The three, NULL-terminated (OpenAPI schemas). */
extern const struct entity_def *const learning_entities[];

#endif
