/* learning_fixture.h: the learning world on top of the fixture world
 * (fixture.h): the people of the institution around one learner, a period,
 * cohorts and enrolments, built through the domain as the system actor.
 *
 *   p_coach / acc_coach          coach in inst_a; coach of the enrolment
 *   p_examiner / acc_examiner    examiner in inst_a
 *   p_examiner2 / acc_examiner2  examiner in inst_a, assigned nothing
 *   p_board / acc_board          exam board of inst_a
 *   p_coachex / acc_coachex      coach and examiner in inst_a
 *   period                       a period of inst_a
 *   cohort                       company group of emp_a in prog_a
 *   enrolment                    p_learner in prog_a at emp_a, coach p_coach
 *   prog_c, outcome_c1           an associate degree of inst_a on prog_a's
 *                                learning line, sharing outcome code WTB-1
 *   enrolment_c                  p_learner in prog_c
 *   enrolment_other              p_other (emp_b) in prog_a, coach p_coachex
 * Accounts have the password FIXTURE_PASSWORD and e-mail addresses
 * FIXTURE_EMAIL("coach"), ..("examiner"), ..("examiner2"), ..("board"),
 * ..("coachex").
 */
#ifndef LEERPAD_TEST_LEARNING_FIXTURE_H
#define LEERPAD_TEST_LEARNING_FIXTURE_H

#include "fixture.h"

struct learning_world {
	char p_coach[ID_LEN], p_examiner[ID_LEN], p_examiner2[ID_LEN], p_board[ID_LEN];
	char p_coachex[ID_LEN];
	char acc_coach[ID_LEN], acc_examiner[ID_LEN], acc_examiner2[ID_LEN], acc_board[ID_LEN];
	char acc_coachex[ID_LEN];
	char period[ID_LEN], cohort[ID_LEN], enrolment[ID_LEN];
	char prog_c[ID_LEN], outcome_c1[ID_LEN], enrolment_c[ID_LEN], enrolment_other[ID_LEN];
};

/* Builds the world in fx's open database; aborts on any failure. */
void learning_world_create(struct fixture *fx, struct learning_world *w);

/* The same for a fixture whose database is closed (the API harness): opens
 * fx->db_path, builds the world, closes it again. */
void learning_world_create_in_file(struct fixture *fx, struct learning_world *w);

/* The content of a complete agreement planning outcome_a1 (examined by
 * p_examiner) for the world: a new reference. */
json_t *learning_content(const struct fixture *fx, const struct learning_world *w);

#endif
