/* agreement.c: the learning agreement workflow (see agreement.h) */
#include "domain/agreement.h"
#include "domain/state_word.h"
#include "domain/list_page.h"
#include "domain/period_costs.h"
#include "domain/audit.h"
#include "domain/authz_learning.h"
#include "domain/learning_util.h"
#include "base/crypto.h"
#include "base/json_cache.h"
#include "base/json_read.h"
#include "base/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 50

static const char *const demonstrations[] = {
	"portfolio", "project_product", "criterion_interview", "workplace_assessment", "exam",
	NULL
};
static const char *const sides[] = { "learner", "institution", "employer", NULL };

/* One agreement row, with its enrolment and the actor's relations. */
struct agreement_row {
	char id[ID_LEN];
	char period_id[ID_LEN];
	char status[16];
	int64_t current_version;
	int64_t active_version;     /* 0: none */
	int64_t version;
	bool evaluated[3];          /* learner, institution, employer */
	struct enrolment_ref enr;
};

/* ---- content ------------------------------------------------------------ */

static bool
in_list(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* Checks an optional person reference member; copies it into dst. */
static enum lp_status
person_ref(struct ctx *ctx, const json_t *src, const char *key, const char *field,
	   bool required, json_t *dst)
{
	const char *id;
	enum lp_status rc = lu_text(ctx, src, key, field, 36, required, &id);

	if (rc)
		return rc;
	if (!id)
		return LP_OK;
	if (!id_is_valid(id) || !lu_exists(ctx, "SELECT 1 FROM persons WHERE id = ?", id, NULL))
		return lp_fail(ctx->err, LP_EINVAL, field, "names no person");
	json_object_set_new(dst, key, json_string(id));
	return LP_OK;
}

/* A whole number member in [min, max]; absent is 0 unless required. */
static enum lp_status
int_member(struct ctx *ctx, const json_t *src, const char *key, const char *field,
	   int64_t min, int64_t max, json_t *dst)
{
	const json_t *v = json_object_get(src, key);

	if (!v || json_is_null(v))
		return LP_OK;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return lp_fail(ctx->err, LP_EINVAL, field, "must be a whole number from %lld to %lld",
			       (long long)min, (long long)max);
	json_object_set_new(dst, key, json_integer(json_integer_value(v)));
	return LP_OK;
}

static enum lp_status
text_member(struct ctx *ctx, const json_t *src, const char *key, const char *field, size_t max,
	    bool required, json_t *dst)
{
	const char *s;
	enum lp_status rc = lu_text(ctx, src, key, field, max, required, &s);

	if (!rc && s)
		json_object_set_new(dst, key, json_string(s));
	return rc;
}

static enum lp_status
array_of(struct ctx *ctx, const json_t *content, const char *key, const json_t **out)
{
	const json_t *v = json_object_get(content, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return LP_OK;
	if (!json_is_array(v))
		return lp_fail(ctx->err, LP_EINVAL, key, "must be a list");
	if (json_array_size(v) > MAX_ITEMS)
		return lp_fail(ctx->err, LP_EINVAL, key, "must have at most %d entries", MAX_ITEMS);
	*out = v;
	return LP_OK;
}

/* True if outcome_id is planned in the normalised outcomes list. */
static bool
planned(const json_t *outcomes, const char *outcome_id)
{
	size_t i;
	const json_t *o;

	json_array_foreach(outcomes, i, o) {
		const char *id = json_string_value(json_object_get(o, "outcome_id"));
		if (id && outcome_id && strcmp(id, outcome_id) == 0)
			return true;
	}
	return false;
}

static enum lp_status
check_outcomes(struct ctx *ctx, const char *programme_id, const json_t *content, json_t *dst)
{
	static const char *const keys[] = { "outcome_id", "demonstration", "planned_date", NULL };
	const json_t *arr, *item;
	json_t *out = json_array();
	enum lp_status rc;
	size_t i;
	char f[64];

	json_object_set_new(dst, "outcomes", out);
	rc = array_of(ctx, content, "outcomes", &arr);
	if (rc || !arr)
		return rc;
	json_array_foreach(arr, i, item) {
		json_t *o = json_object();
		const char *id, *date;
		json_array_append_new(out, o);
		snprintf(f, sizeof(f), "outcomes[%zu]", i);
		if ((rc = lu_only_keys(ctx, item, keys, f)))
			return rc;
		snprintf(f, sizeof(f), "outcomes[%zu].outcome_id", i);
		if ((rc = lu_text(ctx, item, "outcome_id", f, 36, true, &id)))
			return rc;
		if (!id_is_valid(id) || !lu_exists(ctx, "SELECT 1 FROM outcomes WHERE id = ?"
						   " AND programme_id = ?", id, programme_id))
			return lp_fail(ctx->err, LP_EINVAL, f, "is not an outcome of the programme");
		if (planned(out, id))
			return lp_fail(ctx->err, LP_EINVAL, f, "is planned twice");
		json_object_set_new(o, "outcome_id", json_string(id));
		snprintf(f, sizeof(f), "outcomes[%zu].demonstration", i);
		if ((rc = text_member(ctx, item, "demonstration", f, 40, true, o)))
			return rc;
		if (!in_list(demonstrations, json_string_value(json_object_get(o, "demonstration"))))
			return lp_fail(ctx->err, LP_EINVAL, f, "must be one of portfolio, "
				       "project_product, criterion_interview, workplace_assessment, exam");
		snprintf(f, sizeof(f), "outcomes[%zu].planned_date", i);
		if ((rc = lu_text(ctx, item, "planned_date", f, 10, false, &date)))
			return rc;
		if (date && !time_is_date(date))
			return lp_fail(ctx->err, LP_EINVAL, f, "must be a date YYYY-MM-DD");
		if (date)
			json_object_set_new(o, "planned_date", json_string(date));
	}
	return LP_OK;
}

static enum lp_status
check_activities(struct ctx *ctx, const json_t *content, json_t *dst)
{
	static const char *const keys[] = { "what", "hours", "outcome_ids", "supervisor_id", NULL };
	const json_t *arr, *item, *outcomes = json_object_get(dst, "outcomes");
	json_t *out = json_array();
	enum lp_status rc;
	size_t i, j;
	char f[64];

	json_object_set_new(dst, "activities", out);
	rc = array_of(ctx, content, "activities", &arr);
	if (rc || !arr)
		return rc;
	json_array_foreach(arr, i, item) {
		json_t *a = json_object(), *ids = json_array();
		const json_t *list, *v;
		json_array_append_new(out, a);
		json_object_set_new(a, "outcome_ids", ids);
		snprintf(f, sizeof(f), "activities[%zu]", i);
		if ((rc = lu_only_keys(ctx, item, keys, f)))
			return rc;
		snprintf(f, sizeof(f), "activities[%zu].what", i);
		if ((rc = text_member(ctx, item, "what", f, 500, true, a)))
			return rc;
		snprintf(f, sizeof(f), "activities[%zu].hours", i);
		if ((rc = int_member(ctx, item, "hours", f, 0, 2000, a)))
			return rc;
		snprintf(f, sizeof(f), "activities[%zu].supervisor_id", i);
		if ((rc = person_ref(ctx, item, "supervisor_id", f, false, a)))
			return rc;
		snprintf(f, sizeof(f), "activities[%zu].outcome_ids", i);
		list = json_object_get(item, "outcome_ids");
		if (list && !json_is_array(list))
			return lp_fail(ctx->err, LP_EINVAL, f, "must be a list of planned outcomes");
		json_array_foreach(list, j, v) {
			if (!json_is_string(v) || !planned(outcomes, json_string_value(v)))
				return lp_fail(ctx->err, LP_EINVAL, f,
					       "must name outcomes planned in this agreement");
			json_array_append_new(ids, json_string(json_string_value(v)));
		}
	}
	return LP_OK;
}

static enum lp_status
check_offerings(struct ctx *ctx, const json_t *content, json_t *dst)
{
	static const char *const keys[] = { "offering_id", NULL };
	const json_t *arr, *item;
	json_t *out = json_array();
	enum lp_status rc;
	int64_t tenths = 0;
	size_t i;
	char f[64];

	json_object_set_new(dst, "offerings", out);
	rc = array_of(ctx, content, "offerings", &arr);
	if (!rc && arr) {
		json_array_foreach(arr, i, item) {
			const char *id, *ec;
			snprintf(f, sizeof(f), "offerings[%zu]", i);
			if ((rc = lu_only_keys(ctx, item, keys, f)))
				break;
			snprintf(f, sizeof(f), "offerings[%zu].offering_id", i);
			if ((rc = lu_text(ctx, item, "offering_id", f, 36, true, &id)))
				break;
			ec = id_is_valid(id) ? lu_text_of(ctx, "SELECT ec FROM offerings WHERE id = ?",
							  id) : NULL;
			if (!ec) {
				rc = lp_fail(ctx->err, LP_EINVAL, f, "names no offering");
				break;
			}
			tenths += strtoll(ec, NULL, 10);
			json_array_append_new(out, json_pack("{s:s}", "offering_id", id));
		}
	}
	/* whole and tenths as text: the canonical form never holds a float */
	json_object_set_new(dst, "study_load_ec",
			    json_string(arena_printf(ctx->arena, "%lld.%lld",
						     (long long)(tenths / 10),
						     (long long)(tenths % 10))));
	return rc;
}

static enum lp_status
check_project(struct ctx *ctx, const json_t *content, json_t *dst)
{
	static const char *const keys[] = { "title", "description", "approved_by_programme",
					    "approved_by_company", NULL };
	const json_t *p = json_object_get(content, "project");
	json_t *out;
	enum lp_status rc;

	if (!p || json_is_null(p))
		return LP_OK;
	if ((rc = lu_only_keys(ctx, p, keys, "project")))
		return rc;
	out = json_object();
	json_object_set_new(dst, "project", out);
	if ((rc = text_member(ctx, p, "title", "project.title", 200, true, out)) ||
	    (rc = text_member(ctx, p, "description", "project.description", 4000, false, out)))
		return rc;
	for (int i = 0; i < 2; i++) {
		const char *k = i ? "approved_by_company" : "approved_by_programme";
		const json_t *v = json_object_get(p, k);
		if (v && !json_is_boolean(v))
			return lp_fail(ctx->err, LP_EINVAL, i ? "project.approved_by_company" :
				       "project.approved_by_programme", "must be true or false");
		json_object_set_new(out, k, json_boolean(json_is_true(v)));
	}
	return LP_OK;
}

static enum lp_status
check_guidance(struct ctx *ctx, const json_t *content, json_t *dst)
{
	static const char *const keys[] = { "coach_id", "meetings", "company_visits", NULL };
	const json_t *g = json_object_get(content, "guidance");
	json_t *out;
	enum lp_status rc;

	if (!g || json_is_null(g))
		return LP_OK;
	if ((rc = lu_only_keys(ctx, g, keys, "guidance")))
		return rc;
	out = json_object();
	json_object_set_new(dst, "guidance", out);
	if ((rc = person_ref(ctx, g, "coach_id", "guidance.coach_id", false, out)) ||
	    (rc = text_member(ctx, g, "meetings", "guidance.meetings", 200, false, out)))
		return rc;
	return int_member(ctx, g, "company_visits", "guidance.company_visits", 0, 52, out);
}

static enum lp_status
check_assessment(struct ctx *ctx, const char *institution_id, const json_t *content,
		 json_t *dst)
{
	static const char *const keys[] = { "outcome_id", "examiner_id", "second_examiner_id",
					    NULL };
	const json_t *arr, *item, *outcomes = json_object_get(dst, "outcomes");
	json_t *out = json_array();
	enum lp_status rc;
	size_t i;
	char f[64];

	json_object_set_new(dst, "assessment", out);
	rc = array_of(ctx, content, "assessment", &arr);
	if (rc || !arr)
		return rc;
	json_array_foreach(arr, i, item) {
		json_t *a = json_object();
		const char *oid, *ex, *ex2;
		json_array_append_new(out, a);
		snprintf(f, sizeof(f), "assessment[%zu]", i);
		if ((rc = lu_only_keys(ctx, item, keys, f)))
			return rc;
		snprintf(f, sizeof(f), "assessment[%zu].outcome_id", i);
		if ((rc = lu_text(ctx, item, "outcome_id", f, 36, true, &oid)))
			return rc;
		if (!planned(outcomes, oid))
			return lp_fail(ctx->err, LP_EINVAL, f, "must be an outcome planned in this "
				       "agreement");
		if (planned(out, oid))
			return lp_fail(ctx->err, LP_EINVAL, f, "has examiners named twice");
		json_object_set_new(a, "outcome_id", json_string(oid));
		snprintf(f, sizeof(f), "assessment[%zu].examiner_id", i);
		if ((rc = person_ref(ctx, item, "examiner_id", f, true, a)))
			return rc;
		ex = json_string_value(json_object_get(a, "examiner_id"));
		if (!lu_person_has_role(ctx, ex, "examiner", institution_id))
			return lp_fail(ctx->err, LP_EINVAL, f, "is not an examiner of the institution");
		snprintf(f, sizeof(f), "assessment[%zu].second_examiner_id", i);
		if ((rc = person_ref(ctx, item, "second_examiner_id", f, false, a)))
			return rc;
		ex2 = json_string_value(json_object_get(a, "second_examiner_id"));
		if (ex2 && (strcmp(ex, ex2) == 0 ||
			    !lu_person_has_role(ctx, ex2, "examiner", institution_id)))
			return lp_fail(ctx->err, LP_EINVAL, f,
				       "must be another examiner of the institution");
	}
	return LP_OK;
}

static enum lp_status
check_employer(struct ctx *ctx, const json_t *content, json_t *dst)
{
	static const char *const keys[] = { "study_hours_per_week", "cost_contribution_cents",
					    "supervisor_id", NULL };
	const json_t *e = json_object_get(content, "employer");
	json_t *out;
	enum lp_status rc;

	if (!e || json_is_null(e))
		return LP_OK;
	if ((rc = lu_only_keys(ctx, e, keys, "employer")))
		return rc;
	out = json_object();
	json_object_set_new(dst, "employer", out);
	if ((rc = int_member(ctx, e, "study_hours_per_week", "employer.study_hours_per_week", 0,
			     40, out)) ||
	    (rc = int_member(ctx, e, "cost_contribution_cents", "employer.cost_contribution_cents",
			     0, 100000000, out)))
		return rc;
	return person_ref(ctx, e, "supervisor_id", "employer.supervisor_id", false, out);
}

enum lp_status
agreement_content_check(struct ctx *ctx, const char *programme_id, const char *institution_id,
			const json_t *content, json_t **out)
{
	static const char *const keys[] = { "outcomes", "activities", "offerings", "project",
					    "guidance", "assessment", "employer", "study_load_ec",
					    NULL };
	json_t *dst = json_object();
	enum lp_status rc;

	*out = NULL;
	if (!content || json_is_null(content))
		content = dst;
	rc = lu_only_keys(ctx, content, keys, "content");
	if (!rc)
		rc = check_outcomes(ctx, programme_id, content, dst);
	if (!rc)
		rc = check_activities(ctx, content, dst);
	if (!rc)
		rc = check_offerings(ctx, content, dst);
	if (!rc)
		rc = check_project(ctx, content, dst);
	if (!rc)
		rc = check_guidance(ctx, content, dst);
	if (!rc)
		rc = check_assessment(ctx, institution_id, content, dst);
	if (!rc)
		rc = check_employer(ctx, content, dst);
	if (rc) {
		json_decref(dst);
		return rc;
	}
	*out = dst;
	return LP_OK;
}

/* ---- rows --------------------------------------------------------------- */

/* Loads agreement id and its enrolment with the actor's relations. */
static enum lp_status
load(struct ctx *ctx, const char *id, struct agreement_row *a)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	char enrolment[ID_LEN] = "";

	memset(a, 0, sizeof(*a));
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see agreements");
	if (!id || !id_is_valid(id))
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such agreement");
	rc = db_prepare(ctx->db, "SELECT id, enrolment_id, period_id, status, current_version,"
			" active_version, version, evaluation_learner IS NOT NULL,"
			" evaluation_coach IS NOT NULL, evaluation_employer IS NOT NULL"
			" FROM agreements WHERE id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	step = db_step(st);
	if (step == DB_ROW) {
		snprintf(a->id, sizeof(a->id), "%s", db_column_text(st, 0));
		snprintf(enrolment, sizeof(enrolment), "%s", db_column_text(st, 1));
		snprintf(a->period_id, sizeof(a->period_id), "%s", db_column_text(st, 2));
		snprintf(a->status, sizeof(a->status), "%s", db_column_text(st, 3));
		a->current_version = db_column_int(st, 4);
		a->active_version = db_column_is_null(st, 5) ? 0 : db_column_int(st, 5);
		a->version = db_column_int(st, 6);
		for (int i = 0; i < 3; i++)
			a->evaluated[i] = db_column_int(st, 7 + i) != 0;
	} else if (step == DB_ERROR) {
		rc = db_error(ctx->db, ctx->err);
	}
	db_reset(st);
	if (rc)
		return rc;
	if (step != DB_ROW)
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such agreement");
	rc = authz_enrolment_load(ctx, enrolment, &a->enr);
	if (rc == LP_ENOTFOUND)
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such agreement");
	return rc;
}

/* Loads and checks access and the version the caller read. */
static enum lp_status
load_for(struct ctx *ctx, const char *id, enum learning_action action, int64_t version,
	 struct agreement_row *a)
{
	enum lp_status rc = load(ctx, id, a);

	if (!rc)
		rc = authz_enrolment(ctx, &a->enr, action);
	if (!rc && version >= 0 && version != a->version)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "version",
			     "the agreement was changed by someone else since you read it "
			     "(version %lld, you read %lld); reload and try again",
			     (long long)a->version, (long long)version);
	return rc;
}

/* Content text of version number of agreement id (arena), NULL if none. */
static const char *
version_content(struct ctx *ctx, const char *id, int64_t number, const char **hash,
		const char **status)
{
	struct db_stmt *st;
	const char *content = NULL;

	if (db_prepare(ctx->db, "SELECT content, content_hash, status FROM agreement_versions"
		       " WHERE agreement_id = ? AND number = ?", &st, NULL))
		return NULL;
	db_bind_text(st, 1, id);
	db_bind_int(st, 2, number);
	if (db_step(st) == DB_ROW) {
		content = arena_strdup(ctx->arena, db_column_text(st, 0));
		if (hash)
			*hash = db_column_is_null(st, 1) ? NULL :
				arena_strdup(ctx->arena, db_column_text(st, 1));
		if (status)
			*status = arena_strdup(ctx->arena, db_column_text(st, 2));
	}
	db_reset(st);
	return content;
}

/* Bumps the agreement's version and sets status (and the version
 * numbers when >= 0). */
static enum lp_status
touch(struct ctx *ctx, struct agreement_row *a, const char *status)
{
	char now[TIME_RFC3339_LEN];

	time_now_rfc3339(now);
	snprintf(a->status, sizeof(a->status), "%s", status);
	a->version++;
	if (!a->active_version)
		return db_run(ctx->db, ctx->err, NULL,
			      "UPDATE agreements SET status = ?, current_version = ?,"
			      " active_version = NULL, version = ?, updated_at = ? WHERE id = ?",
			      "siiss", status, a->current_version, a->version, now, a->id);
	return db_run(ctx->db, ctx->err, NULL,
		      "UPDATE agreements SET status = ?, current_version = ?, active_version = ?,"
		      " version = ?, updated_at = ? WHERE id = ?", "siiiss", status,
		      a->current_version, a->active_version, a->version, now, a->id);
}

/* Adds version number of agreement a with content text, status draft. */
static enum lp_status
add_version(struct ctx *ctx, const struct agreement_row *a, int64_t number, const char *content)
{
	char id[ID_LEN], now[TIME_RFC3339_LEN];

	id_new(id);
	time_now_rfc3339(now);
	return db_run(ctx->db, ctx->err, NULL,
		      "INSERT INTO agreement_versions (id, agreement_id, number, status, content,"
		      " created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?, ?)", "ssisss", id,
		      a->id, number, content, now, now);
}

static char *
canonical(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
}

static enum lp_status
audit(struct ctx *ctx, const struct agreement_row *a, const char *action, json_t *changes)
{
	enum lp_status rc;

	json_object_set_new(changes, "status", json_string(a->status));
	json_object_set_new(changes, "version", json_integer(a->version));
	rc = audit_write(ctx, "agreements", a->id, action, changes);
	json_decref(changes);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

static json_t *
parse(const char *text)
{
	json_t *v = json_read(text);

	return v ? v : json_object();
}

/* parse for the agreement page: the value is shared through the process's
 * cache (base/json_cache.h), keyed by the whole text, so it is what parse
 * gives and must only be read. */
static json_t *
parse_shared(const char *text)
{
	json_t *v = json_cache_read(json_cache_process(), text);

	return v ? v : json_object();
}

/* A text as a JSON string, or null for NULL (json_pack's "s?"). */
static json_t *
text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The signatures of one version as an array. */
static json_t *
signatures_of(struct ctx *ctx, const char *version_id)
{
	struct db_stmt *st;
	json_t *arr = json_array();

	if (db_prepare(ctx->db, "SELECT s.side, s.person_id, s.signed_at, s.content_hash,"
		       " p.given_name, p.family_name FROM signatures s LEFT JOIN persons p"
		       " ON p.id = s.person_id WHERE s.agreement_version_id = ? ORDER BY s.signed_at",
		       &st, NULL))
		return arr;
	db_bind_text(st, 1, version_id);
	while (db_step(st) == DB_ROW) {
		const char *given = db_column_text(st, 4), *family = db_column_text(st, 5);
		json_t *sig = json_object();
		json_object_set_new_nocheck(sig, "side", json_string(db_column_text(st, 0)));
		json_object_set_new_nocheck(sig, "person_id", text_or_null(db_column_text(st, 1)));
		json_object_set_new_nocheck(sig, "signed_at", json_string(db_column_text(st, 2)));
		json_object_set_new_nocheck(sig, "content_hash", json_string(db_column_text(st, 3)));
		json_object_set_new_nocheck(sig, "name", json_string(arena_printf(ctx->arena, "%s %s",
			given ? given : "", family ? family : "")));
		json_array_append_new(arr, sig);
	}
	db_reset(st);
	return arr;
}

/* The versions of agreement id; with_content adds each content. */
static enum lp_status
versions_of(struct ctx *ctx, const char *id, int64_t only, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *arr = json_array();
	struct { char id[ID_LEN]; } ids[256];
	size_t n = 0;

	*out = NULL;
	rc = db_prepare(ctx->db, "SELECT id, number, status, content_hash, proposed_at, signed_at,"
			" content, created_at FROM agreement_versions WHERE agreement_id = ?"
			" AND (? = 0 OR number = ?) ORDER BY number", &st, ctx->err);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	db_bind_text(st, 1, id);
	db_bind_int(st, 2, only);
	db_bind_int(st, 3, only);
	while ((step = db_step(st)) == DB_ROW && n < 256) {
		json_t *v = json_object();
		json_object_set_new_nocheck(v, "number", json_integer(db_column_int(st, 1)));
		json_object_set_new_nocheck(v, "status", json_string(db_column_text(st, 2)));
		json_object_set_new_nocheck(v, "content_hash", text_or_null(db_column_text(st, 3)));
		json_object_set_new_nocheck(v, "proposed_at", text_or_null(db_column_text(st, 4)));
		json_object_set_new_nocheck(v, "signed_at", text_or_null(db_column_text(st, 5)));
		json_object_set_new_nocheck(v, "created_at", json_string(db_column_text(st, 7)));
		if (only)
			json_object_set_new(v, "content", parse(db_column_text(st, 6)));
		snprintf(ids[n++].id, ID_LEN, "%s", db_column_text(st, 0));
		json_array_append_new(arr, v);
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	for (size_t i = 0; i < n; i++)
		json_object_set_new(json_array_get(arr, i), "signatures",
				    signatures_of(ctx, ids[i].id));
	*out = arr;
	return LP_OK;
}

/* Adds the name of person id to names (an object by id). */
static void
add_name(struct ctx *ctx, json_t *names, const char *id)
{
	const char *name;

	if (!id || json_object_get(names, id))
		return;
	name = lu_text_of(ctx, "SELECT given_name || ' ' || family_name FROM persons WHERE id = ?",
			  id);
	if (name)
		json_object_set_new(names, id, json_string(name));
}

/* The names of the people a content names, and of the learner: whoever
 * may read the agreement may read who is in it. */
static json_t *
names_of(struct ctx *ctx, const char *learner, const json_t *c)
{
	json_t *names = json_object(), *o;
	size_t i;

	add_name(ctx, names, learner);
	add_name(ctx, names, json_string_value(json_object_get(json_object_get(c, "guidance"),
							       "coach_id")));
	add_name(ctx, names, json_string_value(json_object_get(json_object_get(c, "employer"),
							       "supervisor_id")));
	json_array_foreach(json_object_get(c, "activities"), i, o)
		add_name(ctx, names, json_string_value(json_object_get(o, "supervisor_id")));
	json_array_foreach(json_object_get(c, "assessment"), i, o) {
		add_name(ctx, names, json_string_value(json_object_get(o, "examiner_id")));
		add_name(ctx, names, json_string_value(json_object_get(o, "second_examiner_id")));
	}
	return names;
}

/* The evaluations of the period written so far and when it was closed:
 * {"learner", "institution", "employer", "closed_at"}, each a string or
 * null (a new object; all null if the row cannot be read). */
static json_t *
evaluations_of(struct ctx *ctx, const char *id)
{
	json_t *evals = json_pack("{s:n, s:n, s:n, s:n}", "learner", "institution", "employer",
				  "closed_at");
	struct db_stmt *st;

	if (!db_prepare(ctx->db, "SELECT evaluation_learner, evaluation_coach,"
			" evaluation_employer, closed_at FROM agreements WHERE id = ?", &st, NULL)) {
		db_bind_text(st, 1, id);
		if (db_step(st) == DB_ROW) {
			json_object_set_new(evals, "learner", json_pack("s?", db_column_text(st, 0)));
			json_object_set_new(evals, "institution", json_pack("s?", db_column_text(st, 1)));
			json_object_set_new(evals, "employer", json_pack("s?", db_column_text(st, 2)));
			json_object_set_new(evals, "closed_at", json_pack("s?", db_column_text(st, 3)));
		}
		db_reset(st);
	}
	return evals;
}

/* Renders an agreement already loaded and allowed. */
static enum lp_status
render(struct ctx *ctx, const struct agreement_row *a, json_t **out)
{
	const char *hash = NULL, *vstatus = NULL;
	const char *content = version_content(ctx, a->id, a->current_version, &hash, &vstatus);
	const char *period = lu_text_of(ctx, "SELECT name FROM periods WHERE id = ?", a->period_id);
	json_t *versions, *o, *costs = NULL;
	enum lp_status rc = versions_of(ctx, a->id, 0, &versions);

	if (rc)
		return rc;
	o = json_pack("{s:s, s:s, s:s, s:s?, s:s, s:I, s:I, s:o, s:s?, s:o, s:o}",
		      "id", a->id, "enrolment_id", a->enr.id, "period_id", a->period_id,
		      "period_name", period, "status", a->status,
		      "version", (json_int_t)a->version,
		      "current_version", (json_int_t)a->current_version,
		      "active_version", a->active_version ? json_integer(a->active_version) :
		      json_null(), "content_hash", hash, "content", parse(content),
		      "versions", versions);
	json_object_set_new(o, "evaluations", evaluations_of(ctx, a->id));
	json_object_set_new(o, "names", names_of(ctx, a->enr.person_id,
						 json_object_get(o, "content")));
	json_object_set_new(o, "person_id", json_string(a->enr.person_id));
	json_object_set_new(o, "programme_id", json_string(a->enr.programme_id));
	/* what the period costs and who pays, for all three before they sign */
	rc = period_costs_at(ctx, json_object_get(o, "content"), a->enr.person_id,
			     a->enr.employer_id, &costs);
	if (rc) {
		json_decref(o);
		return rc;
	}
	json_object_set_new(o, "costs", costs);
	*out = o;
	return LP_OK;
}

enum lp_status
agreement_get(struct ctx *ctx, const char *id, json_t **out)
{
	struct agreement_row a;
	enum lp_status rc = load_for(ctx, id, LA_READ, -1, &a);

	*out = NULL;
	return rc ? rc : render(ctx, &a, out);
}

enum lp_status
agreement_get_with(struct ctx *ctx, const char *id, json_t **out, struct enrolment_ref *e)
{
	struct agreement_row a;
	enum lp_status rc = load_for(ctx, id, LA_READ, -1, &a);

	*out = NULL;
	if (!rc)
		rc = render(ctx, &a, out);
	if (!rc)
		*e = a.enr;
	return rc;
}


/* ---- the page's reading ------------------------------------------------- */

/* The versions of agreement a with their signatures in one query (the
 * working version's content and fingerprint besides, into *content and
 * *hash in the arena): number, status, content_hash and signatures with
 * side, name and signed_at only, the members the agreement page shows. */
static enum lp_status
versions_view(struct ctx *ctx, const struct agreement_row *a, json_t **out,
	      const char **content, const char **hash)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *arr = json_array(), *v = NULL, *sigs = NULL;
	int64_t last = -1;

	*out = NULL;
	*content = *hash = NULL;
	rc = db_prepare(ctx->db, "SELECT v.number, v.status, v.content_hash,"
			" CASE WHEN v.number = ? THEN v.content END, s.side, s.signed_at,"
			" p.given_name, p.family_name FROM agreement_versions v"
			" LEFT JOIN signatures s ON s.agreement_version_id = v.id"
			" LEFT JOIN persons p ON p.id = s.person_id"
			" WHERE v.agreement_id = ? ORDER BY v.number", &st, ctx->err);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	db_bind_int(st, 1, a->current_version);
	db_bind_text(st, 2, a->id);
	while ((step = db_step(st)) == DB_ROW) {
		int64_t number = db_column_int(st, 0);

		if (number != last) {
			last = number;
			v = json_object();
			sigs = json_array();
			json_object_set_new_nocheck(v, "number", json_integer(number));
			json_object_set_new_nocheck(v, "status", json_string(db_column_text(st, 1)));
			json_object_set_new_nocheck(v, "content_hash",
						    text_or_null(db_column_text(st, 2)));
			json_object_set_new_nocheck(v, "signatures", sigs);
			json_array_append_new(arr, v);
			if (number == a->current_version) {
				*content = arena_strdup(ctx->arena, db_column_text(st, 3));
				*hash = db_column_is_null(st, 2) ? NULL :
					arena_strdup(ctx->arena, db_column_text(st, 2));
			}
		}
		if (!db_column_is_null(st, 4)) {
			const char *given = db_column_text(st, 6), *family = db_column_text(st, 7);
			const char *at = db_column_text(st, 5);
			size_t k = json_array_size(sigs), ng, nf;
			json_t *sig = json_object();
			char *name;

			given = given ? given : "";
			family = family ? family : "";
			ng = strlen(given);
			nf = strlen(family);
			name = arena_alloc(ctx->arena, ng + nf + 2);
			memcpy(name, given, ng);
			name[ng] = ' ';
			memcpy(name + ng + 1, family, nf + 1);
			json_object_set_new_nocheck(sig, "side", json_string(db_column_text(st, 4)));
			json_object_set_new_nocheck(sig, "signed_at", json_string(at));
			json_object_set_new_nocheck(sig, "name", json_string(name));
			/* in the order signed (a version has at most three): no sorter */
			while (k > 0 && strcmp(json_string_value(json_object_get(
				json_array_get(sigs, k - 1), "signed_at")), at) > 0)
				k--;
			json_array_insert_new(sigs, k, sig);
		}
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return LP_OK;
}

#define VIEW_NAMES 8
#define NAME_OF "SELECT id, given_name || ' ' || family_name FROM persons WHERE id = ?"

/* Adds person id to the list ids (n of them, at most VIEW_NAMES) unless it
 * is there; false if the list is full. */
static bool
view_name_add(const char **ids, size_t *n, const char *id)
{
	if (!id)
		return true;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	if (*n == VIEW_NAMES)
		return false;
	ids[(*n)++] = id;
	return true;
}

/* names_of in one query for up to VIEW_NAMES people (names_of itself,
 * one query per person, when a content names more). */
static json_t *
names_view(struct ctx *ctx, const char *learner, const json_t *c)
{
	const char *ids[VIEW_NAMES];
	size_t n = 0, i;
	bool fits = view_name_add(ids, &n, learner);
	const json_t *o;
	struct db_stmt *st;
	json_t *names;

	fits = fits && view_name_add(ids, &n, json_string_value(json_object_get(
		json_object_get(c, "guidance"), "coach_id")));
	fits = fits && view_name_add(ids, &n, json_string_value(json_object_get(
		json_object_get(c, "employer"), "supervisor_id")));
	json_array_foreach(json_object_get(c, "activities"), i, o)
		fits = fits && view_name_add(ids, &n, json_string_value(json_object_get(
			o, "supervisor_id")));
	json_array_foreach(json_object_get(c, "assessment"), i, o) {
		fits = fits && view_name_add(ids, &n, json_string_value(json_object_get(
			o, "examiner_id")));
		fits = fits && view_name_add(ids, &n, json_string_value(json_object_get(
			o, "second_examiner_id")));
	}
	/* one look-up per person (the ids are distinct), not IN (...): SQLite
	 * builds a temporary b-tree for an IN list, which cost more than the
	 * look-ups */
	if (!fits || db_prepare(ctx->db, NAME_OF " UNION ALL " NAME_OF " UNION ALL " NAME_OF
				" UNION ALL " NAME_OF " UNION ALL " NAME_OF " UNION ALL " NAME_OF
				" UNION ALL " NAME_OF " UNION ALL " NAME_OF, &st, NULL))
		return names_of(ctx, learner, c);
	names = json_object();
	for (i = 0; i < VIEW_NAMES; i++)
		if (i < n)
			db_bind_text(st, (int)i + 1, ids[i]);
		else
			db_bind_null(st, (int)i + 1);
	while (db_step(st) == DB_ROW)
		if (!db_column_is_null(st, 1))
			json_object_set_new(names, db_column_text(st, 0),
					    json_string(db_column_text(st, 1)));
	db_reset(st);
	return names;
}

enum lp_status
agreement_view(struct ctx *ctx, const char *id, json_t **out, struct enrolment_ref *e)
{
	struct agreement_row a;
	const char *content, *hash, *period;
	json_t *o, *versions, *costs = NULL;
	enum lp_status rc = load_for(ctx, id, LA_READ, -1, &a);

	*out = NULL;
	if (rc)
		return rc;
	rc = versions_view(ctx, &a, &versions, &content, &hash);
	if (rc)
		return rc;
	period = lu_text_of(ctx, "SELECT name FROM periods WHERE id = ?", a.period_id);
	o = json_object();
	json_object_set_new_nocheck(o, "id", json_string(a.id));
	json_object_set_new_nocheck(o, "person_id", json_string(a.enr.person_id));
	json_object_set_new_nocheck(o, "period_name", text_or_null(period));
	json_object_set_new_nocheck(o, "status", json_string(a.status));
	json_object_set_new_nocheck(o, "version", json_integer(a.version));
	json_object_set_new_nocheck(o, "current_version", json_integer(a.current_version));
	json_object_set_new_nocheck(o, "active_version", a.active_version ?
				    json_integer(a.active_version) : json_null());
	json_object_set_new_nocheck(o, "content_hash", text_or_null(hash));
	/* shared with other requests: read only (agreement.h) */
	json_object_set_new_nocheck(o, "content", parse_shared(content));
	json_object_set_new_nocheck(o, "versions", versions);
	json_object_set_new_nocheck(o, "names", names_view(ctx, a.enr.person_id,
							   json_object_get(o, "content")));
	rc = period_costs_at(ctx, json_object_get(o, "content"), a.enr.person_id,
			     a.enr.employer_id, &costs);
	if (rc) {
		json_decref(o);
		return rc;
	}
	json_object_set_new_nocheck(o, "costs", costs);
	/* the evaluations, once there can be any (one query more only then) */
	if (a.evaluated[0] || a.evaluated[1] || a.evaluated[2] || strcmp(a.status, "closed") == 0)
		json_object_set_new_nocheck(o, "evaluations", evaluations_of(ctx, a.id));
	*out = o;
	*e = a.enr;
	return LP_OK;
}
enum lp_status
agreement_version_get(struct ctx *ctx, const char *id, int64_t number, json_t **out)
{
	struct agreement_row a;
	json_t *arr;
	enum lp_status rc = load_for(ctx, id, LA_READ, -1, &a);

	*out = NULL;
	if (rc)
		return rc;
	if (number < 1 || number > a.current_version)
		return lp_fail(ctx->err, LP_ENOTFOUND, "version", "no such version");
	rc = versions_of(ctx, a.id, number, &arr);
	if (rc)
		return rc;
	*out = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	if (!*out)
		return lp_fail(ctx->err, LP_ENOTFOUND, "version", "no such version");
	json_object_set_new(*out, "agreement_id", json_string(a.id));
	json_object_set_new(*out, "names", names_of(ctx, a.enr.person_id,
						    json_object_get(*out, "content")));
	return LP_OK;
}

enum lp_status
agreement_list(struct ctx *ctx, const char *enrolment_id, json_t **out)
{
	struct enrolment_ref e;
	enum lp_status rc;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	return rc ? rc : agreement_list_of(ctx, &e, out);
}

enum lp_status
agreement_list_of(struct ctx *ctx, const struct enrolment_ref *e, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *items;

	*out = NULL;
	rc = authz_enrolment(ctx, e, LA_READ);
	/* newest period first, then by id: put in order here as the rows come
	 * (an enrolment has a few agreements), not by ORDER BY, whose
	 * temporary b-tree cost more than the query (both columns are of a
	 * fixed form, so byte order is every engine's order) */
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT a.id, a.period_id, p.name, p.start_date, a.status,"
				" a.current_version, a.active_version, a.version FROM agreements a"
				" JOIN periods p ON p.id = a.period_id WHERE a.enrolment_id = ?",
				&st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, e->id);
	items = json_array();
	while ((step = db_step(st)) == DB_ROW) {
		const char *id = db_column_text(st, 0), *start = db_column_text(st, 3);
		size_t at = json_array_size(items);
		json_t *o = json_object();

		while (at > 0) {
			const json_t *prev = json_array_get(items, at - 1);
			int c = strcmp(json_string_value(json_object_get(prev, "period_start")), start);
			if (c < 0 || (c == 0 && strcmp(json_string_value(json_object_get(prev, "id")),
						       id) > 0))
				at--;
			else
				break;
		}
		json_object_set_new_nocheck(o, "id", json_string(db_column_text(st, 0)));
		json_object_set_new_nocheck(o, "period_id", json_string(db_column_text(st, 1)));
		json_object_set_new_nocheck(o, "period_name", json_string(db_column_text(st, 2)));
		json_object_set_new_nocheck(o, "period_start", json_string(db_column_text(st, 3)));
		json_object_set_new_nocheck(o, "status", json_string(db_column_text(st, 4)));
		json_object_set_new_nocheck(o, "current_version", json_integer(db_column_int(st, 5)));
		json_object_set_new_nocheck(o, "active_version", db_column_is_null(st, 6) ?
					    json_null() : json_integer(db_column_int(st, 6)));
		json_object_set_new_nocheck(o, "version", json_integer(db_column_int(st, 7)));
		json_array_insert_new(items, at, o);
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return LP_OK;
}

/* ---- writing ------------------------------------------------------------ */

/* Finishes a write: audit, commit or roll back, render. */
static enum lp_status
finish(struct ctx *ctx, struct agreement_row *a, enum lp_status rc, const char *action,
       json_t *changes, json_t **out)
{
	if (!rc)
		rc = audit(ctx, a, action, changes);
	else
		json_decref(changes);
	rc = lu_end(ctx, rc);
	if (!rc)
		rc = render(ctx, a, out);
	return rc;
}

enum lp_status
agreement_create(struct ctx *ctx, const char *enrolment_id, const char *period_id,
		 const json_t *content, json_t **out)
{
	struct agreement_row a;
	char now[TIME_RFC3339_LEN];
	json_t *norm = NULL;
	char *text = NULL;
	enum lp_status rc;

	*out = NULL;
	memset(&a, 0, sizeof(a));
	rc = authz_enrolment_load(ctx, enrolment_id, &a.enr);
	if (!rc)
		rc = authz_enrolment(ctx, &a.enr, LA_CREATE_AGREEMENT);
	if (rc)
		return rc;
	if (strcmp(a.enr.status, "active") != 0)
		return lp_fail(ctx->err, LP_EINVAL, "enrolment_id",
			       "the enrolment is %s: no new agreements", a.enr.status);
	if (!period_id || !id_is_valid(period_id) ||
	    !lu_exists(ctx, "SELECT 1 FROM periods WHERE id = ? AND institution_id = ?", period_id,
		       a.enr.institution_id))
		return lp_fail(ctx->err, LP_EINVAL, "period_id",
			       "must be a period of the programme's institution");
	rc = agreement_content_check(ctx, a.enr.programme_id, a.enr.institution_id, content,
				     &norm);
	if (rc)
		return rc;
	text = canonical(norm);
	json_decref(norm);
	id_new(a.id);
	snprintf(a.period_id, sizeof(a.period_id), "%s", period_id);
	snprintf(a.status, sizeof(a.status), "draft");
	a.current_version = 1;
	a.version = 1;
	time_now_rfc3339(now);
	rc = lu_begin(ctx);
	if (rc) {
		free(text);
		return rc;
	}
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO agreements (id, enrolment_id, period_id, status, current_version,"
		    " version, created_at, updated_at) VALUES (?, ?, ?, 'draft', 1, 1, ?, ?)",
		    "sssss", a.id, a.enr.id, period_id, now, now);
	if (rc == LP_ECONFLICT)
		lp_fail(ctx->err, LP_ECONFLICT, "period_id",
			"this enrolment has an agreement for this period already");
	if (!rc)
		rc = add_version(ctx, &a, 1, text);
	rc = finish(ctx, &a, rc, "create", json_pack("{s:s, s:s}", "enrolment_id", a.enr.id,
						    "period_id", period_id), out);
	free(text);
	return rc;
}

enum lp_status
agreement_save_draft(struct ctx *ctx, const char *id, int64_t version, const json_t *content,
		     json_t **out)
{
	struct agreement_row a;
	char now[TIME_RFC3339_LEN];
	json_t *norm = NULL;
	char *text;
	enum lp_status rc;

	*out = NULL;
	rc = lu_begin(ctx);
	if (rc)
		return rc;
	rc = load_for(ctx, id, LA_EDIT_DRAFT, version, &a);
	if (!rc && strcmp(a.status, "draft") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "status",
			     "the agreement is %s; only a draft is edited (reopen or amend it)",
			     a.status);
	if (!rc && !json_is_object(content))
		rc = lp_fail(ctx->err, LP_EINVAL, "content", "must be an object");
	if (!rc)
		rc = agreement_content_check(ctx, a.enr.programme_id, a.enr.institution_id,
					     content, &norm);
	if (rc)
		return lu_end(ctx, rc);
	text = canonical(norm);
	json_decref(norm);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "UPDATE agreement_versions SET content = ?, updated_at = ? WHERE agreement_id = ?"
		    " AND number = ? AND status = 'draft'", "sssi", text, now, a.id,
		    a.current_version);
	if (!rc)
		rc = touch(ctx, &a, "draft");
	rc = finish(ctx, &a, rc, "save_draft", json_pack("{s:I, s:s}", "number",
		    (json_int_t)a.current_version, "content", text), out);
	free(text);
	return rc;
}

/* The hash of a version: see agreement.h. */
static void
version_hash(const struct agreement_row *a, int64_t number, const char *content,
	     char out[CRYPTO_DIGEST_LEN])
{
	json_t *env = json_pack("{s:s, s:o, s:s, s:I, s:s}", "agreement_id", a->id,
				"content", parse(content), "enrolment_id", a->enr.id,
				"number", (json_int_t)number, "period_id", a->period_id);
	char *text = canonical(env);

	crypto_digest_hex(text, strlen(text), out);
	free(text);
	json_decref(env);
}

enum lp_status
agreement_propose(struct ctx *ctx, const char *id, int64_t version, json_t **out)
{
	struct agreement_row a;
	char now[TIME_RFC3339_LEN], hash[CRYPTO_DIGEST_LEN];
	const char *content;
	json_t *c, *outcomes, *assessment;
	enum lp_status rc;

	*out = NULL;
	rc = lu_begin(ctx);
	if (rc)
		return rc;
	rc = load_for(ctx, id, LA_EDIT_DRAFT, version, &a);
	if (!rc && strcmp(a.status, "draft") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "status", "the agreement is %s, not a draft",
			     state_word(a.status));
	if (rc)
		return lu_end(ctx, rc);
	content = version_content(ctx, a.id, a.current_version, NULL, NULL);
	c = parse(content);
	outcomes = json_object_get(c, "outcomes");
	assessment = json_object_get(c, "assessment");
	if (json_array_size(outcomes) == 0)
		rc = lp_fail(ctx->err, LP_EINVAL, "content.outcomes",
			     "plan at least one outcome before proposing");
	else if (json_array_size(assessment) != json_array_size(outcomes))
		rc = lp_fail(ctx->err, LP_EINVAL, "content.assessment",
			     "name an examiner for every planned outcome before proposing");
	if (!rc && lu_exists(ctx, "SELECT 1 FROM programme_assessment_rules WHERE programme_id = ?"
			     " AND second_examiner = 1", a.enr.programme_id, NULL)) {
		const json_t *x;
		size_t i;
		json_array_foreach(assessment, i, x)
			if (!rc && !json_object_get(x, "second_examiner_id"))
				rc = lp_fail(ctx->err, LP_EINVAL, "content.assessment",
					     "the programme requires a second examiner for every "
					     "outcome");
	}
	json_decref(c);
	if (rc)
		return lu_end(ctx, rc);
	version_hash(&a, a.current_version, content, hash);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "UPDATE agreement_versions SET content_hash = ?, status = 'proposed',"
		    " proposed_at = ?, updated_at = ? WHERE agreement_id = ? AND number = ?",
		    "ssssi", hash, now, now, a.id, a.current_version);
	if (!rc)
		rc = touch(ctx, &a, "proposed");
	return finish(ctx, &a, rc, "propose", json_pack("{s:I, s:s}", "number",
		      (json_int_t)a.current_version, "content_hash", hash), out);
}

/* Starts a new draft version from the content of version from. */
static enum lp_status
new_draft_from(struct ctx *ctx, struct agreement_row *a, int64_t from)
{
	const char *content = version_content(ctx, a->id, from, NULL, NULL);
	enum lp_status rc;

	if (!content)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "version %lld is missing",
			       (long long)from);
	a->current_version++;
	rc = add_version(ctx, a, a->current_version, content);
	if (!rc)
		rc = touch(ctx, a, "draft");
	return rc;
}

enum lp_status
agreement_reopen(struct ctx *ctx, const char *id, int64_t version, json_t **out)
{
	struct agreement_row a;
	char now[TIME_RFC3339_LEN];
	enum lp_status rc;
	int64_t old;

	*out = NULL;
	rc = lu_begin(ctx);
	if (rc)
		return rc;
	rc = load_for(ctx, id, LA_EDIT_DRAFT, version, &a);
	if (!rc && strcmp(a.status, "proposed") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "status",
			     "the agreement is %s; only a proposed version is reopened", a.status);
	if (rc)
		return lu_end(ctx, rc);
	old = a.current_version;
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "UPDATE agreement_versions SET status = 'withdrawn', updated_at = ?"
		    " WHERE agreement_id = ? AND number = ?", "ssi", now, a.id, old);
	if (!rc)
		rc = new_draft_from(ctx, &a, old);
	return finish(ctx, &a, rc, "reopen", json_pack("{s:I, s:I}", "withdrawn", (json_int_t)old,
		      "number", (json_int_t)a.current_version), out);
}

enum lp_status
agreement_amend(struct ctx *ctx, const char *id, int64_t version, json_t **out)
{
	struct agreement_row a;
	enum lp_status rc;

	*out = NULL;
	rc = lu_begin(ctx);
	if (rc)
		return rc;
	rc = load_for(ctx, id, LA_EDIT_DRAFT, version, &a);
	if (!rc && strcmp(a.status, "active") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "status",
			     "the agreement is %s; only an active agreement is amended", a.status);
	if (!rc)
		rc = new_draft_from(ctx, &a, a.active_version);
	return finish(ctx, &a, rc, "amend", json_pack("{s:I}", "number",
		      (json_int_t)a.current_version), out);
}

/* Writes the planned outcomes and examiners of the version in force. */
static enum lp_status
rewrite_outcomes(struct ctx *ctx, const struct agreement_row *a, const char *content)
{
	json_t *c = parse(content), *o;
	const json_t *assessment = json_object_get(c, "assessment");
	enum lp_status rc;
	size_t i;

	rc = db_run(ctx->db, ctx->err, NULL, "DELETE FROM agreement_outcomes WHERE agreement_id = ?",
		    "s", a->id);
	json_array_foreach(json_object_get(c, "outcomes"), i, o) {
		const char *oid = json_string_value(json_object_get(o, "outcome_id"));
		const char *ex = NULL, *ex2 = NULL;
		size_t j;
		json_t *x;
		if (rc)
			break;
		json_array_foreach(assessment, j, x) {
			if (strcmp(json_string_value(json_object_get(x, "outcome_id")), oid) == 0) {
				ex = json_string_value(json_object_get(x, "examiner_id"));
				ex2 = json_string_value(json_object_get(x, "second_examiner_id"));
			}
		}
		rc = db_run(ctx->db, ctx->err, NULL,
			    "INSERT INTO agreement_outcomes (agreement_id, outcome_id, examiner_id,"
			    " second_examiner_id) VALUES (?, ?, ?, ?)", "ssss", a->id, oid, ex, ex2);
	}
	json_decref(c);
	return rc;
}

/* The id of version number of agreement id (arena), NULL if none. */
static const char *
version_id(struct ctx *ctx, const char *id, int64_t number)
{
	struct db_stmt *st;
	const char *out = NULL;

	if (db_prepare(ctx->db, "SELECT id FROM agreement_versions WHERE agreement_id = ?"
		       " AND number = ?", &st, NULL))
		return NULL;
	db_bind_text(st, 1, id);
	db_bind_int(st, 2, number);
	if (db_step(st) == DB_ROW)
		out = arena_strdup(ctx->arena, db_column_text(st, 0));
	db_reset(st);
	return out;
}

/* Counts the signatures of version number with the version's own hash. */
static int64_t
signature_count(struct ctx *ctx, const char *version_id)
{
	const char *n = lu_text_of(ctx, "SELECT COUNT(*) FROM signatures s JOIN agreement_versions v"
				   " ON v.id = s.agreement_version_id WHERE v.id = ?"
				   " AND s.content_hash = v.content_hash", version_id);

	return n ? strtoll(n, NULL, 10) : 0;
}

enum lp_status
agreement_sign(struct ctx *ctx, const char *id, const char *side, const char *content_hash,
	       json_t **out)
{
	static const enum learning_action need[] = { LA_SIGN_LEARNER, LA_SIGN_INSTITUTION,
						     LA_SIGN_EMPLOYER };
	struct agreement_row a;
	char now[TIME_RFC3339_LEN], sid[ID_LEN];
	const char *hash = NULL, *content, *vid;
	enum lp_status rc;
	int s = -1;

	*out = NULL;
	for (int i = 0; side && sides[i]; i++)
		if (strcmp(sides[i], side) == 0)
			s = i;
	rc = lu_begin(ctx);
	if (rc)
		return rc;
	rc = load(ctx, id, &a);
	if (!rc && s < 0)
		rc = lp_fail(ctx->err, LP_EINVAL, "side",
			     "must be learner, institution or employer");
	if (!rc)
		rc = authz_enrolment(ctx, &a.enr, need[s]);
	if (!rc && !ctx->actor->person_id[0])
		rc = lp_fail(ctx->err, LP_EFORBIDDEN, "side", "only a person signs; your account "
			     "has none");
	if (!rc && strcmp(a.status, "proposed") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "status",
			     "the agreement is %s; only a proposed version is signed", a.status);
	if (rc)
		return lu_end(ctx, rc);
	content = version_content(ctx, a.id, a.current_version, &hash, NULL);
	if (!content_hash || !*content_hash)
		rc = lp_fail(ctx->err, LP_EINVAL, "content_hash",
			     "give the hash of the version you read");
	else if (!hash || strcmp(hash, content_hash) != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "content_hash",
			     "the agreement changed since you read it; read the new version "
			     "before you sign");
	if (rc)
		return lu_end(ctx, rc);
	vid = version_id(ctx, a.id, a.current_version);
	id_new(sid);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO signatures (id, agreement_version_id, side, person_id, account_id,"
		    " signed_at, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)", "sssssss", sid, vid,
		    side, ctx->actor->person_id, ctx->actor->account_id, now, hash);
	if (rc == LP_ECONFLICT)
		lp_fail(ctx->err, LP_ECONFLICT, "side", "this side has signed this version already");
	if (!rc && signature_count(ctx, vid) == 3) {
		int64_t previous = a.active_version;
		rc = db_run(ctx->db, ctx->err, NULL,
			    "UPDATE agreement_versions SET status = 'signed', signed_at = ?,"
			    " updated_at = ? WHERE id = ?", "sss", now, now, vid);
		if (!rc && previous)
			rc = db_run(ctx->db, ctx->err, NULL,
				    "UPDATE agreement_versions SET status = 'superseded', updated_at = ?"
				    " WHERE agreement_id = ? AND number = ?", "ssi", now, a.id,
				    previous);
		a.active_version = a.current_version;
		if (!rc)
			rc = rewrite_outcomes(ctx, &a, content);
		if (!rc)
			rc = touch(ctx, &a, "active");
	} else if (!rc) {
		rc = touch(ctx, &a, "proposed");
	}
	return finish(ctx, &a, rc, "sign", json_pack("{s:s, s:I, s:s, s:s}", "side", side,
		      "number", (json_int_t)a.current_version, "content_hash", hash ? hash : "",
		      "person_id", ctx->actor->person_id), out);
}

enum lp_status
agreement_evaluate(struct ctx *ctx, const char *id, const char *side, const char *text,
		   json_t **out)
{
	static const char *const sql[] = {
		"UPDATE agreements SET evaluation_learner = ? WHERE id = ?",
		"UPDATE agreements SET evaluation_coach = ? WHERE id = ?",
		"UPDATE agreements SET evaluation_employer = ? WHERE id = ?",
	};
	static const unsigned rel[] = { REL_LEARNER, REL_COACH, REL_EMPLOYER };
	struct agreement_row a;
	json_t *holder;
	const char *t = NULL;
	enum lp_status rc;
	int s = -1;

	*out = NULL;
	for (int i = 0; side && sides[i]; i++)
		if (strcmp(sides[i], side) == 0)
			s = i;
	rc = lu_begin(ctx);
	if (rc)
		return rc;
	rc = load_for(ctx, id, LA_EVALUATE, -1, &a);
	if (!rc && s < 0)
		rc = lp_fail(ctx->err, LP_EINVAL, "side",
			     "must be learner, institution or employer");
	if (!rc && !(a.enr.rel & rel[s]))
		rc = lp_fail(ctx->err, LP_EFORBIDDEN, "side",
			     "you cannot write the evaluation for this side");
	if (!rc && strcmp(a.status, "active") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "status",
			     "the agreement is %s; an active agreement is evaluated", a.status);
	holder = json_pack("{s:s?}", "text", text);
	if (!rc)
		rc = lu_text(ctx, holder, "text", "text", 4000, true, &t);
	if (!rc)
		rc = db_run(ctx->db, ctx->err, NULL, sql[s], "ss", t, a.id);
	if (!rc)
		rc = touch(ctx, &a, "active");
	rc = finish(ctx, &a, rc, "evaluate", json_pack("{s:s, s:s}", "side", side ? side : "",
		    "text", t ? t : ""), out);
	json_decref(holder);
	return rc;
}

enum lp_status
agreement_close(struct ctx *ctx, const char *id, int64_t version, json_t **out)
{
	struct agreement_row a;
	char now[TIME_RFC3339_LEN];
	enum lp_status rc;

	*out = NULL;
	rc = lu_begin(ctx);
	if (rc)
		return rc;
	rc = load_for(ctx, id, LA_CLOSE, version, &a);
	if (!rc && strcmp(a.status, "active") != 0)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "status",
			     "the agreement is %s; only an active agreement is closed", a.status);
	/* one sentence per side, so that each reads whole in Dutch */
	if (!rc && !a.evaluated[0])
		rc = lp_fail(ctx->err, LP_EINVAL, "evaluations", "the learner's evaluation is missing");
	if (!rc && !a.evaluated[1])
		rc = lp_fail(ctx->err, LP_EINVAL, "evaluations",
			     "the institution's evaluation is missing");
	if (!rc && !a.evaluated[2])
		rc = lp_fail(ctx->err, LP_EINVAL, "evaluations", "the employer's evaluation is missing");
	time_now_rfc3339(now);
	if (!rc)
		rc = db_run(ctx->db, ctx->err, NULL, "UPDATE agreements SET closed_at = ? WHERE id = ?",
			    "ss", now, a.id);
	if (!rc)
		rc = touch(ctx, &a, "closed");
	return finish(ctx, &a, rc, "close", json_object(), out);
}

enum lp_status
agreement_examiners(struct ctx *ctx, const char *enrolment_id, json_t **out)
{
	struct enrolment_ref e;
	enum lp_status rc;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	return rc ? rc : agreement_examiners_of(ctx, &e, out);
}

enum lp_status
agreement_examiners_of(struct ctx *ctx, const struct enrolment_ref *e, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *items;

	*out = NULL;
	rc = authz_enrolment(ctx, e, LA_READ);
	/* each person once: a person with two such accounts comes twice, and
	 * is skipped here rather than by DISTINCT (a temporary b-tree: most of
	 * the query's cost on the agreement page) */
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT p.id, p.given_name, p.family_name"
				" FROM role_grants g JOIN accounts a ON a.id = g.account_id"
				" JOIN persons p ON p.id = a.person_id WHERE g.role = 'examiner'"
				" AND g.organisation_id = ? AND a.disabled = 0"
				" ORDER BY p.family_name, p.given_name", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, e->institution_id);
	items = json_array();
	while ((step = db_step(st)) == DB_ROW) {
		const char *pid = db_column_text(st, 0);
		bool seen = false;
		size_t k;
		json_t *x, *o;

		json_array_foreach(items, k, x)
			if (strcmp(json_string_value(json_object_get(x, "person_id")), pid) == 0)
				seen = true;
		if (seen)
			continue;
		o = json_object();
		json_object_set_new_nocheck(o, "person_id", json_string(db_column_text(st, 0)));
		json_object_set_new_nocheck(o, "name", json_string(arena_printf(ctx->arena, "%s %s",
			db_column_text(st, 1), db_column_text(st, 2))));
		json_array_append_new(items, o);
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return LP_OK;
}

enum lp_status
agreement_versions_page(struct ctx *ctx, const char *id, const struct list_page *pg,
			json_t **out)
{
	const char *cursor = pg ? pg->cursor : NULL;
	struct agreement_row a;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step = DB_DONE;
	json_t *items, *v;
	size_t i;
	int limit, n = 0;

	*out = NULL;
	rc = load_for(ctx, id, LA_READ, -1, &a);
	if (!rc)
		rc = list_page_check(ctx, pg, &limit);
	/* newest first: the next page holds the versions before */
	if (!rc)
		rc = db_prepare(ctx->db, arena_printf(ctx->arena, "SELECT id, number, status,"
				" content_hash, proposed_at, signed_at, created_at FROM agreement_versions"
				" WHERE agreement_id = ? AND (CAST(? AS TEXT) IS NULL OR id < ?)"
				" ORDER BY id DESC LIMIT %d", limit + 1), &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, a.id);
	db_bind_text(st, 2, cursor);
	db_bind_text(st, 3, cursor);
	items = json_array();
	while (n++ <= limit && (step = db_step(st)) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s, s:I, s:s, s:s?, s:s?, s:s?, s:s}",
			"id", db_column_text(st, 0), "number", (json_int_t)db_column_int(st, 1),
			"status", db_column_text(st, 2), "content_hash", db_column_text(st, 3),
			"proposed_at", db_column_text(st, 4), "signed_at", db_column_text(st, 5),
			"created_at", db_column_text(st, 6)));
	rc = list_page_finish(ctx, st, step, items, limit, out);
	if (rc)
		return rc;
	json_array_foreach(json_object_get(*out, "items"), i, v)
		json_object_set_new(v, "signatures", signatures_of(ctx,
					json_string_value(json_object_get(v, "id"))));
	json_object_set_new(*out, "agreement_id", json_string(a.id));
	return LP_OK;
}
