/* demo_learning.c: the demo's enrolments and agreements (see
 * demo_learning.h) */
#include "domain/demo_learning.h"
#include "domain/agreement.h"
#include "domain/assessment.h"
#include "domain/auth.h"
#include "domain/coaching.h"
#include "domain/enrolment.h"
#include "domain/entity.h"
#include "domain/evidence.h"
#include "domain/learning_util.h"
#include "domain/prior_learning.h"

#include <stdio.h>
#include <string.h>

/* The ids the demo needs, looked up by their natural keys. */
struct world {
	const char *fontys, *nhl, *vdl_etg, *ah;
	const char *ade, *sbrm_ad;
	const char *p_learner, *p_coach, *p_examiner, *p_supervisor, *p_lisa, *p_jeroen;
	const char *acc_learner, *acc_coach, *acc_examiner, *acc_board, *acc_supervisor;
};

static const char *
org(struct ctx *ctx, const char *name)
{
	return lu_text_of(ctx, "SELECT id FROM organisations WHERE name = ?", name);
}

static const char *
account(struct ctx *ctx, const char *email)
{
	return lu_text_of(ctx, "SELECT id FROM accounts WHERE email = ?", email);
}

static const char *
person_of(struct ctx *ctx, const char *email)
{
	return lu_text_of(ctx, "SELECT person_id FROM accounts WHERE email = ?", email);
}

static const char *
person_named(struct ctx *ctx, const char *given, const char *family)
{
	struct db_stmt *st;
	const char *id = NULL;

	if (db_prepare(ctx->db, "SELECT id FROM persons WHERE given_name = ? AND family_name = ?",
		       &st, NULL))
		return NULL;
	db_bind_text(st, 1, given);
	db_bind_text(st, 2, family);
	if (db_step(st) == DB_ROW)
		id = arena_strdup(ctx->arena, db_column_text(st, 0));
	db_reset(st);
	return id;
}

static const char *
outcome(struct ctx *ctx, const char *programme, const char *code)
{
	struct db_stmt *st;
	const char *id = NULL;

	if (db_prepare(ctx->db, "SELECT id FROM outcomes WHERE programme_id = ? AND code = ?", &st,
		       NULL))
		return NULL;
	db_bind_text(st, 1, programme);
	db_bind_text(st, 2, code);
	if (db_step(st) == DB_ROW)
		id = arena_strdup(ctx->arena, db_column_text(st, 0));
	db_reset(st);
	return id;
}

/* The id of the first offering serving outcome_id, or NULL. */
static const char *
offering_for(struct ctx *ctx, const char *outcome_id)
{
	return lu_text_of(ctx, "SELECT offering_id FROM offering_outcomes WHERE outcome_id = ?"
			  " ORDER BY offering_id", outcome_id);
}

static enum lp_status
find(struct ctx *ctx, struct world *w)
{
	w->fontys = org(ctx, "Fontys Hogescholen");
	w->nhl = org(ctx, "NHL Stenden Hogeschool");
	w->vdl_etg = org(ctx, "VDL ETG");
	w->ah = org(ctx, "Albert Heijn");
	w->ade = lu_text_of(ctx, "SELECT id FROM programmes WHERE programme_code = ?", "80109");
	w->sbrm_ad = lu_text_of(ctx, "SELECT id FROM programmes WHERE programme_code = ?", "80072");
	w->p_learner = person_of(ctx, "learner@demo.leerpad.nl");
	w->p_coach = person_of(ctx, "coach@demo.leerpad.nl");
	w->p_examiner = person_of(ctx, "examiner@demo.leerpad.nl");
	w->p_supervisor = person_of(ctx, "supervisor@demo.leerpad.nl");
	w->p_lisa = person_named(ctx, "Lisa", "Postma");
	w->p_jeroen = person_named(ctx, "Jeroen", "de Boer");
	w->acc_learner = account(ctx, "learner@demo.leerpad.nl");
	w->acc_coach = account(ctx, "coach@demo.leerpad.nl");
	w->acc_examiner = account(ctx, "examiner@demo.leerpad.nl");
	w->acc_board = account(ctx, "examboard@demo.leerpad.nl");
	w->acc_supervisor = account(ctx, "supervisor@demo.leerpad.nl");
	if (!w->fontys || !w->nhl || !w->vdl_etg || !w->ah || !w->ade || !w->sbrm_ad ||
	    !w->p_learner || !w->p_coach || !w->p_examiner || !w->p_supervisor || !w->p_lisa ||
	    !w->p_jeroen || !w->acc_learner || !w->acc_coach || !w->acc_examiner ||
	    !w->acc_board || !w->acc_supervisor)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL,
			       "demo learning: the rest of the demo is not there");
	return LP_OK;
}

/* Creates a record as the system; *id gets its id (arena). */
static enum lp_status
make(struct ctx *ctx, const struct entity_def *def, json_t *input, const char **id)
{
	json_t *out = NULL;
	enum lp_status rc;

	if (!input)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "demo learning: bad %s", def->name);
	rc = entity_create(ctx, def, input, &out);
	json_decref(input);
	if (!rc && id)
		*id = arena_strdup(ctx->arena, json_string_value(json_object_get(out, "id")));
	json_decref(out);
	return rc;
}

/* A context acting as the demo account, sharing db, arena and err. */
struct as {
	struct actor actor;
	struct ctx ctx;
};

static enum lp_status
act_as(struct ctx *sys, const char *account_id, struct as *as)
{
	as->ctx = *sys;
	as->ctx.actor = &as->actor;
	return auth_load_actor(sys, account_id, &as->actor);
}

/* Sanne at VDL ETG: a signed agreement, evidence, an achieved outcome. */
static enum lp_status
load_fontys(struct ctx *ctx, const struct world *w)
{
	const char *period, *cohort, *enrolment, *agreement, *o1, *o4, *o7, *off1, *off4;
	struct as learner, coach, supervisor, examiner, board;
	struct evidence_input ev;
	struct assessment_input judgement;
	json_t *content, *out = NULL;
	char hash[80];
	enum lp_status rc;

	o1 = outcome(ctx, w->ade, "ADE-01");
	o4 = outcome(ctx, w->ade, "ADE-04");
	o7 = outcome(ctx, w->ade, "ADE-07");
	if (!o1 || !o4 || !o7)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "demo learning: ADE outcomes missing");
	off1 = offering_for(ctx, o1);
	off4 = offering_for(ctx, o4);
	rc = make(ctx, &periods_def, json_pack("{s:s, s:s, s:s, s:s}", "institution_id",
		  w->fontys, "name", "2026-2027 semester 1", "start_date", "2026-09-01",
		  "end_date", "2027-01-31"), &period);
	if (!rc)
		rc = make(ctx, &cohorts_def, json_pack("{s:s, s:s, s:s, s:s}", "programme_id", w->ade,
			  "name", "Ad Engineering 2026, gemengde groep", "kind", "mixed",
			  "start_date", "2026-09-01"), &cohort);
	if (!rc)
		rc = make(ctx, &enrolments_def, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			  "person_id", w->p_learner, "programme_id", w->ade, "employer_id",
			  w->vdl_etg, "cohort_id", cohort, "track", "regular", "status", "active",
			  "start_date", "2026-09-01", "coach_id", w->p_coach), &enrolment);
	if (rc)
		return rc;
	content = json_pack("{s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}],"
			    " s:[{s:s, s:i, s:[s], s:s}, {s:s, s:i, s:[s, s], s:s}],"
			    " s:[], s:{s:s, s:s, s:b, s:b}, s:{s:s, s:s, s:i},"
			    " s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}], s:{s:i, s:i, s:s}}",
		"outcomes",
		"outcome_id", o1, "demonstration", "project_product", "planned_date", "2026-11-30",
		"outcome_id", o4, "demonstration", "workplace_assessment", "planned_date",
		"2027-01-22",
		"outcome_id", o7, "demonstration", "portfolio", "planned_date", "2027-01-29",
		"activities",
		"what", "Storingsanalyse van de waferhandler in de cleanroom", "hours", 80,
		"outcome_ids", o1, "supervisor_id", w->p_supervisor,
		"what", "Verbeterproject: omsteltijd van de assemblagelijn halveren", "hours", 120,
		"outcome_ids", o4, o7, "supervisor_id", w->p_supervisor,
		"offerings",
		"project", "title", "Omsteltijd assemblagelijn halveren", "description",
		"Sanne kiest binnen het kader van de opleiding een verbeterproject op haar eigen "
		"lijn; opleiding en VDL ETG keuren het goed.", "approved_by_programme", 1,
		"approved_by_company", 1,
		"guidance", "coach_id", w->p_coach, "meetings", "elke twee weken, online of op de "
		"werkplek", "company_visits", 2,
		"assessment", "outcome_id", o1, "examiner_id", w->p_examiner, "outcome_id", o4,
		"examiner_id", w->p_examiner, "outcome_id", o7, "examiner_id", w->p_examiner,
		"employer", "study_hours_per_week", 8, "cost_contribution_cents", 150000,
		"supervisor_id", w->p_supervisor);
	if (off1)
		json_array_append_new(json_object_get(content, "offerings"),
				      json_pack("{s:s}", "offering_id", off1));
	if (off4 && (!off1 || strcmp(off1, off4) != 0))
		json_array_append_new(json_object_get(content, "offerings"),
				      json_pack("{s:s}", "offering_id", off4));
	rc = agreement_create(ctx, enrolment, period, content, &out);
	json_decref(content);
	if (rc)
		return rc;
	agreement = arena_strdup(ctx->arena, json_string_value(json_object_get(out, "id")));
	json_decref(out);
	if ((rc = act_as(ctx, w->acc_learner, &learner)) ||
	    (rc = act_as(ctx, w->acc_coach, &coach)) ||
	    (rc = act_as(ctx, w->acc_supervisor, &supervisor)) ||
	    (rc = act_as(ctx, w->acc_examiner, &examiner)) ||
	    (rc = act_as(ctx, w->acc_board, &board)))
		return rc;
	/* the coach proposes; all three sign the same hash */
	rc = agreement_propose(&coach.ctx, agreement, 1, &out);
	if (rc)
		return rc;
	snprintf(hash, sizeof(hash), "%s", json_string_value(json_object_get(out,
										"content_hash")));
	json_decref(out);
	if (!(rc = agreement_sign(&learner.ctx, agreement, "learner", hash, &out)))
		json_decref(out);
	if (!rc && !(rc = agreement_sign(&supervisor.ctx, agreement, "employer", hash, &out)))
		json_decref(out);
	if (!rc && !(rc = agreement_sign(&coach.ctx, agreement, "institution", hash, &out)))
		json_decref(out);
	if (rc)
		return rc;
	/* evidence, attested by the supervisor */
	memset(&ev, 0, sizeof(ev));
	ev.outcome_id = o1;
	ev.kind = "text";
	ev.title = "Analyse storingen waferhandler";
	ev.text = "Ik heb de storingen van de waferhandler over drie maanden geanalyseerd: "
		  "73% kwam door de vacuümgrijper. Met een foutenboom en metingen aan de "
		  "vacuümsensor heb ik de oorzaak gevonden en een aangepaste afstelprocedure "
		  "voorgesteld, die het team nu gebruikt.";
	rc = evidence_add(&learner.ctx, enrolment, &ev, &out);
	if (rc)
		return rc;
	{
		const char *ev_id = arena_strdup(ctx->arena, json_string_value(json_object_get(out,
											    "id")));
		json_decref(out);
		rc = evidence_attest(&supervisor.ctx, ev_id, "Ik heb gezien hoe Sanne de analyse "
				     "uitvoerde en de nieuwe procedure met het team invoerde.", &out);
		if (rc)
			return rc;
		json_decref(out);
	}
	ev.outcome_id = o4;
	ev.kind = "link";
	ev.title = "Plan van aanpak omsteltijd (gedeelde map)";
	ev.text = NULL;
	ev.url = "https://sharepoint.example.nl/vdl-etg/omsteltijd/plan-van-aanpak";
	rc = evidence_add(&learner.ctx, enrolment, &ev, &out);
	if (rc)
		return rc;
	json_decref(out);
	/* the examiner judges ADE-01 achieved; the exam board confirms */
	memset(&judgement, 0, sizeof(judgement));
	judgement.outcome_id = o1;
	judgement.result = "achieved";
	judgement.rationale = "Het vraagstuk is helder afgebakend, de analyse is navolgbaar en "
			      "onderbouwd met metingen; het resultaat wordt in de praktijk "
			      "gebruikt. Voldoet aan alle criteria.";
	judgement.assessed_on = "2026-12-03";
	judgement.internal_notes = "Criteriumgericht interview goed verlopen.";
	rc = assessment_record(&examiner.ctx, enrolment, &judgement, &out);
	if (rc)
		return rc;
	{
		const char *a_id = arena_strdup(ctx->arena, json_string_value(json_object_get(out,
											   "id")));
		json_decref(out);
		rc = assessment_confirm(&board.ctx, a_id, &out);
		if (rc)
			return rc;
		json_decref(out);
	}
	/* a company visit in the coaching log */
	content = json_pack("{s:s, s:s, s:[s, s, s], s:s, s:s}", "kind", "company_visit",
			    "held_on", "2026-10-14", "present", "Sanne de Vries", "Mark Janssen",
			    "Marieke van den Berg", "notes", "Rondgang langs de cleanroom en de "
			    "assemblagelijn; het verbeterproject past goed bij de leeruitkomst "
			    "Productieprocessen verbeteren.", "next_steps", "Sanne levert voor 1 "
			    "december het plan van aanpak op; Mark plant de metingen in.");
	rc = coaching_add(&coach.ctx, enrolment, content, &out);
	json_decref(content);
	if (rc)
		return rc;
	json_decref(out);
	/* what Sanne already masters from her work: a claim waiting for the
	 * examiner, so that the examiner's queue has one to judge */
	{
		const char *o8 = outcome(ctx, w->ade, "ADE-08");

		if (!o8)
			return lp_fail(ctx->err, LP_EINTERNAL, NULL, "demo learning: ADE-08 missing");
		rc = prior_learning_claim(&learner.ctx, enrolment, o8,
					  "Ik werk al zes jaar in multidisciplinaire teams aan de "
					  "assemblagelijn en leid sinds 2024 het wekelijkse "
					  "overleg tussen productie en engineering.",
					  "Functieomschrijving teamcoördinator en de beoordeling "
					  "van 2025, waarin samenwerken en communiceren als sterk "
					  "punt staan.", w->p_examiner, &out);
		if (!rc)
			json_decref(out);
	}
	return rc;
}

/* Lisa at Albert Heijn: a company group and a draft agreement. */
static enum lp_status
load_nhl(struct ctx *ctx, const struct world *w)
{
	const char *period, *cohort, *enrolment, *o1, *o2;
	json_t *content, *out = NULL;
	enum lp_status rc;

	o1 = outcome(ctx, w->sbrm_ad, "SBRM-02");
	o2 = outcome(ctx, w->sbrm_ad, "SBRM-03");
	if (!o1 || !o2)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "demo learning: SBRM outcomes missing");
	rc = make(ctx, &role_grants_def, json_pack("{s:s, s:s, s:s}", "account_id", w->acc_coach,
		  "role", "coach", "organisation_id", w->nhl), NULL);
	if (!rc)
		rc = make(ctx, &periods_def, json_pack("{s:s, s:s, s:s, s:s}", "institution_id",
			  w->nhl, "name", "2026-2027 blok 1 en 2", "start_date", "2026-09-07",
			  "end_date", "2027-01-29"), &period);
	if (!rc)
		rc = make(ctx, &cohorts_def, json_pack("{s:s, s:s, s:s, s:s, s:s}", "programme_id",
			  w->sbrm_ad, "name", "Bedrijfsgroep Albert Heijn 2026", "kind", "company",
			  "employer_id", w->ah, "start_date", "2026-09-07"), &cohort);
	if (!rc)
		rc = make(ctx, &enrolments_def, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			  "person_id", w->p_lisa, "programme_id", w->sbrm_ad, "employer_id", w->ah,
			  "cohort_id", cohort, "track", "accelerated", "status", "active",
			  "start_date", "2026-09-07", "coach_id", w->p_coach), &enrolment);
	if (rc)
		return rc;
	content = json_pack("{s:[{s:s, s:s, s:s}, {s:s, s:s}], s:[{s:s, s:i, s:[s], s:s}],"
			    " s:{s:i, s:s}}",
		"outcomes", "outcome_id", o1, "demonstration", "workplace_assessment",
		"planned_date", "2027-01-15", "outcome_id", o2, "demonstration",
		"criterion_interview",
		"activities", "what", "De versafdeling een kwartaal zelfstandig aansturen", "hours",
		160, "outcome_ids", o1, "supervisor_id", w->p_jeroen,
		"employer", "study_hours_per_week", 6, "supervisor_id", w->p_jeroen);
	rc = agreement_create(ctx, enrolment, period, content, &out);
	json_decref(content);
	if (!rc)
		json_decref(out);
	return rc;
}

enum lp_status
demo_learning_load(struct ctx *ctx)
{
	struct world w;
	enum lp_status rc = find(ctx, &w);

	if (!rc)
		rc = load_fontys(ctx, &w);
	if (!rc)
		rc = load_nhl(ctx, &w);
	return rc;
}
