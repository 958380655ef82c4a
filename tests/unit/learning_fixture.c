/* learning_fixture.c: the learning world (see learning_fixture.h) */
#include "learning_fixture.h"
#include "domain/enrolment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
person_account(struct fixture *fx, const char *given, const char *family, const char *email,
	       const char *role1, const char *role2, char person[ID_LEN], char account[ID_LEN])
{
	fixture_make(fx, &persons_def, json_pack("{s:s, s:s}", "given_name", given,
						 "family_name", family), person);
	fixture_make(fx, &accounts_def, json_pack("{s:s, s:s, s:s}", "email", email, "password",
						  FIXTURE_PASSWORD, "person_id", person), account);
	fixture_make(fx, &role_grants_def, json_pack("{s:s, s:s, s:s}", "account_id", account,
						     "role", role1, "organisation_id", fx->inst_a),
		     NULL);
	if (role2)
		fixture_make(fx, &role_grants_def, json_pack("{s:s, s:s, s:s}", "account_id",
							     account, "role", role2,
							     "organisation_id", fx->inst_a), NULL);
}

void
learning_world_create(struct fixture *fx, struct learning_world *w)
{
	memset(w, 0, sizeof(*w));
	person_account(fx, "Carla", "Coach", FIXTURE_EMAIL("coach"), "coach", NULL, w->p_coach,
		       w->acc_coach);
	person_account(fx, "Egbert", "Examinator", FIXTURE_EMAIL("examiner"), "examiner", NULL,
		       w->p_examiner, w->acc_examiner);
	person_account(fx, "Els", "Tweede", FIXTURE_EMAIL("examiner2"), "examiner", NULL,
		       w->p_examiner2, w->acc_examiner2);
	person_account(fx, "Bert", "Bestuur", FIXTURE_EMAIL("board"), "exam_board", NULL,
		       w->p_board, w->acc_board);
	person_account(fx, "Kees", "Dubbel", FIXTURE_EMAIL("coachex"), "coach", "examiner",
		       w->p_coachex, w->acc_coachex);
	fixture_make(fx, &periods_def, json_pack("{s:s, s:s, s:s, s:s}", "institution_id",
						 fx->inst_a, "name", "2026-2027 semester 1",
						 "start_date", "2026-09-01", "end_date",
						 "2027-01-31"), w->period);
	fixture_make(fx, &cohorts_def, json_pack("{s:s, s:s, s:s, s:s}", "programme_id",
						 fx->prog_a, "name", "Bedrijfsgroep A 2026", "kind",
						 "company", "employer_id", fx->emp_a), w->cohort);
	fixture_make(fx, &enrolments_def,
		     json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "person_id",
			       fx->p_learner, "programme_id", fx->prog_a, "employer_id", fx->emp_a,
			       "cohort_id", w->cohort, "track", "regular", "status", "active",
			       "start_date", "2026-09-01", "coach_id", w->p_coach), w->enrolment);
	fixture_make(fx, &programmes_def,
		     json_pack("{s:s, s:s, s:s, s:i, s:[s], s:s}", "institution_id", fx->inst_a,
			       "name", "Ad Techniek", "level", "associate_degree", "total_ec", 120,
			       "modes", "part_time", "learning_line", "techniek"), w->prog_c);
	fixture_make(fx, &outcomes_def,
		     json_pack("{s:s, s:s, s:s, s:i}", "programme_id", w->prog_c, "code", "WTB-1",
			       "title", "Ontwerpen van een productieproces", "ec", 30),
		     w->outcome_c1);
	fixture_make(fx, &enrolments_def,
		     json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "person_id", fx->p_learner,
			       "programme_id", w->prog_c, "employer_id", fx->emp_a, "track",
			       "accelerated", "status", "active", "start_date", "2025-09-01"),
		     w->enrolment_c);
	fixture_make(fx, &enrolments_def,
		     json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "person_id", fx->p_other,
			       "programme_id", fx->prog_a, "employer_id", fx->emp_b, "track",
			       "regular", "status", "active", "start_date", "2026-09-01",
			       "coach_id", w->p_coachex), w->enrolment_other);
}

void
learning_world_create_in_file(struct fixture *fx, struct learning_world *w)
{
	if (db_open(fx->db_path, &fx->db, &fx->err)) {
		fprintf(stderr, "learning fixture: %s\n", fx->err.reason);
		abort();
	}
	fx->ctx.db = fx->db;
	learning_world_create(fx, w);
	fixture_close_db(fx);
}

json_t *
learning_content(const struct fixture *fx, const struct learning_world *w)
{
	return json_pack("{s:[{s:s, s:s, s:s}], s:[{s:s, s:i, s:[s], s:s}], s:[{s:s}],"
			 " s:{s:s, s:s, s:b, s:b}, s:{s:s, s:s, s:i}, s:[{s:s, s:s}],"
			 " s:{s:i, s:i, s:s}}",
		"outcomes", "outcome_id", fx->outcome_a1, "demonstration", "project_product",
		"planned_date", "2027-01-15",
		"activities", "what", "Productielijn herontwerpen", "hours", 120, "outcome_ids",
		fx->outcome_a1, "supervisor_id", fx->p_supervisor,
		"offerings", "offering_id", fx->offering_a,
		"project", "title", "Nieuwe lijn voor module X", "description",
		"Herontwerp van de assemblagelijn", "approved_by_programme", 1,
		"approved_by_company", 1,
		"guidance", "coach_id", w->p_coach, "meetings", "elke twee weken",
		"company_visits", 2,
		"assessment", "outcome_id", fx->outcome_a1, "examiner_id", w->p_examiner,
		"employer", "study_hours_per_week", 8, "cost_contribution_cents", 150000,
		"supervisor_id", fx->p_supervisor);
}
