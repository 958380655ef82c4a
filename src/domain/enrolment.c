/* enrolment.c: periods, cohorts and enrolments (see enrolment.h) */
#include "domain/enrolment.h"

#include <string.h>

#define NFIELDS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const cohort_kinds[] = { "mixed", "company", NULL };
static const char *const tracks[] = { "regular", "accelerated", NULL };
static const char *const statuses[] = { "active", "paused", "graduated", "withdrawn", NULL };

static const char *
str_of(const json_t *record, const char *key)
{
	return json_string_value(json_object_get(record, key));
}

/* True if the query with one bound text finds a row. */
static bool
exists(struct ctx *ctx, const char *sql, const char *a, const char *b)
{
	struct db_stmt *st;
	bool found;

	if (db_prepare(ctx->db, sql, &st, NULL))
		return false;
	db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	found = db_step(st) == DB_ROW;
	db_reset(st);
	return found;
}

/* ---- periods ------------------------------------------------------------ */

static const struct field_def period_fields[] = {
	{ .name = "institution_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "organisations", .label = "Institution" },
	{ .name = "name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_SEARCH, .max = 100,
	  .label = "Name", .description = "e.g. 2026-2027 semester 1" },
	{ .name = "start_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED, .label = "Start date" },
	{ .name = "end_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED, .label = "End date" },
};

static enum lp_status
period_check(struct ctx *ctx, json_t *record)
{
	const char *s = str_of(record, "start_date"), *e = str_of(record, "end_date");

	if (!exists(ctx, "SELECT 1 FROM organisations WHERE id = ? AND kind = 'institution'",
		    str_of(record, "institution_id"), NULL))
		return lp_fail(ctx->err, LP_EINVAL, "institution_id", "must be an institution");
	if (s && e && strcmp(e, s) <= 0)
		return lp_fail(ctx->err, LP_EINVAL, "end_date", "must be after start_date");
	return LP_OK;
}

const struct entity_def periods_def = {
	.name = "periods", .singular = "period",
	.label = "Period", .label_plural = "Periods", .display_field = "name",
	.fields = period_fields, .field_count = NFIELDS(period_fields),
	.public_read = true, .check = period_check,
};

/* ---- cohorts ------------------------------------------------------------ */

static const struct field_def cohort_fields[] = {
	{ .name = "programme_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "programmes", .label = "Programme" },
	{ .name = "name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_SEARCH, .max = 100,
	  .label = "Name" },
	{ .name = "kind", .type = FIELD_ENUM, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .values = cohort_kinds, .label = "Kind",
	  .description = "mixed: learners of several employers; company: of one employer" },
	{ .name = "employer_id", .type = FIELD_REF, .flags = FIELD_FILTER, .ref = "organisations",
	  .label = "Employer", .description = "the one employer of a company group" },
	{ .name = "start_date", .type = FIELD_DATE, .label = "Start date" },
};

static enum lp_status
cohort_check(struct ctx *ctx, json_t *record)
{
	const char *kind = str_of(record, "kind"), *emp = str_of(record, "employer_id");

	if (kind && strcmp(kind, "company") == 0 && !emp)
		return lp_fail(ctx->err, LP_EINVAL, "employer_id",
			       "a company group names its employer");
	if (kind && strcmp(kind, "mixed") == 0 && emp)
		return lp_fail(ctx->err, LP_EINVAL, "employer_id",
			       "a mixed group has learners of several employers; leave it empty");
	if (emp && !exists(ctx, "SELECT 1 FROM organisations WHERE id = ? AND kind = 'employer'",
			   emp, NULL))
		return lp_fail(ctx->err, LP_EINVAL, "employer_id", "must be an employer");
	return LP_OK;
}

const struct entity_def cohorts_def = {
	.name = "cohorts", .singular = "cohort",
	.label = "Cohort", .label_plural = "Cohorts", .display_field = "name",
	.fields = cohort_fields, .field_count = NFIELDS(cohort_fields),
	.public_read = true, .check = cohort_check,
};

/* ---- enrolments --------------------------------------------------------- */

static const struct field_def enrolment_fields[] = {
	{ .name = "person_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "persons", .label = "Learner" },
	{ .name = "programme_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "programmes", .label = "Programme" },
	{ .name = "employer_id", .type = FIELD_REF, .flags = FIELD_FILTER, .ref = "organisations",
	  .label = "Employer", .description = "from one of the learner's employments" },
	{ .name = "cohort_id", .type = FIELD_REF, .flags = FIELD_FILTER, .ref = "cohorts",
	  .label = "Cohort", .description = "a cohort of the programme" },
	{ .name = "track", .type = FIELD_ENUM, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .values = tracks, .label = "Track" },
	{ .name = "status", .type = FIELD_ENUM, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .values = statuses, .label = "Status",
	  .description = "graduated is set by the exam board only" },
	{ .name = "start_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED, .label = "Start date" },
	{ .name = "coach_id", .type = FIELD_REF, .flags = FIELD_FILTER, .ref = "persons",
	  .label = "Coach" },
};

/* Sets *found when person has another enrolment (not id) in programme
 * that is active or paused: one running enrolment per learner and
 * programme. A database failure is returned, never taken for "none". */
static enum lp_status
enrolled_elsewhere(struct ctx *ctx, const char *person, const char *programme, const char *id,
		   bool *found)
{
	struct db_stmt *st;
	enum db_step_result step;
	enum lp_status rc;

	*found = false;
	if (!person || !programme)
		return LP_OK;
	rc = db_prepare(ctx->db, "SELECT 1 FROM enrolments WHERE person_id = ? AND programme_id = ?"
			" AND status IN ('active', 'paused') AND (CAST(? AS TEXT) IS NULL OR id <> ?)",
			&st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, person);
	db_bind_text(st, 2, programme);
	db_bind_text(st, 3, id);
	db_bind_text(st, 4, id);
	step = db_step(st);
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	*found = step == DB_ROW;
	db_reset(st);
	return rc;
}

static enum lp_status
enrolment_check(struct ctx *ctx, json_t *record)
{
	const char *person = str_of(record, "person_id"), *emp = str_of(record, "employer_id");
	const char *cohort = str_of(record, "cohort_id"), *prog = str_of(record, "programme_id");
	const char *coach = str_of(record, "coach_id"), *status = str_of(record, "status");

	if (status && strcmp(status, "graduated") == 0 &&
	    !exists(ctx, "SELECT 1 FROM enrolments WHERE id = ? AND status = 'graduated'",
		    str_of(record, "id"), NULL))
		return lp_fail(ctx->err, LP_EINVAL, "status",
			       "only the exam board marks an enrolment graduated");
	if (emp && !exists(ctx, "SELECT 1 FROM employments WHERE person_id = ? AND employer_id = ?",
			   person, emp))
		return lp_fail(ctx->err, LP_EINVAL, "employer_id",
			       "must be an employer of one of the learner's employments");
	if (cohort) {
		struct db_stmt *st;
		const char *kind = NULL, *cemp = NULL;
		if (!id_is_valid(cohort))
			return lp_fail(ctx->err, LP_EINVAL, "cohort_id", "is not a valid id");
		if (db_prepare(ctx->db, "SELECT kind, employer_id FROM cohorts WHERE id = ?"
			       " AND programme_id = ?", &st, ctx->err))
			return ctx->err->status;
		db_bind_text(st, 1, cohort);
		db_bind_text(st, 2, prog);
		if (db_step(st) == DB_ROW) {
			kind = arena_strdup(ctx->arena, db_column_text(st, 0));
			if (!db_column_is_null(st, 1))
				cemp = arena_strdup(ctx->arena, db_column_text(st, 1));
		}
		db_reset(st);
		if (!kind)
			return lp_fail(ctx->err, LP_EINVAL, "cohort_id",
				       "must be a cohort of the programme");
		if (cemp && (!emp || strcmp(cemp, emp) != 0))
			return lp_fail(ctx->err, LP_EINVAL, "cohort_id",
				       "is a company group of another employer");
	}
	if (coach && person && strcmp(coach, person) == 0)
		return lp_fail(ctx->err, LP_EINVAL, "coach_id", "a learner cannot coach themselves");
	if (status && (strcmp(status, "active") == 0 || strcmp(status, "paused") == 0)) {
		bool twice;
		enum lp_status rc = enrolled_elsewhere(ctx, person, prog, str_of(record, "id"),
						       &twice);
		if (rc)
			return rc;
		if (twice)
			return lp_fail(ctx->err, LP_EINVAL, "person_id",
				       "is already enrolled in this programme");
	}
	return LP_OK;
}

const struct entity_def enrolments_def = {
	.name = "enrolments", .singular = "enrolment",
	.label = "Enrolment", .label_plural = "Enrolments", .display_field = "start_date",
	.fields = enrolment_fields, .field_count = NFIELDS(enrolment_fields),
	.public_read = false, .check = enrolment_check,
};

const struct entity_def *const learning_entities[] = {
	&periods_def, &cohorts_def, &enrolments_def, NULL
};
