/* employer_funding.c: an employer's share or cap, per employer or per
 * employee (see employer_funding.h) */
#include "domain/employer_funding.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/ledger.h"
#include "base/id.h"
#include "base/timeutil.h"

#include <string.h>

int64_t
funding_employer_part(int64_t remainder, const struct funding_terms *t)
{
	int64_t part;

	if (remainder <= 0 || (!t->has_share && !t->has_cap))
		return 0;
	part = remainder;
	if (t->has_share) {
		int64_t bp = t->share_bp < 0 ? 0
			     : t->share_bp > FUNDING_SHARE_MAX_BP ? FUNDING_SHARE_MAX_BP
			     : t->share_bp;

		/* floor(remainder * bp / 10000) without forming the product:
		 * both terms stay far below INT64_MAX */
		part = remainder / FUNDING_SHARE_MAX_BP * bp +
		       remainder % FUNDING_SHARE_MAX_BP * bp / FUNDING_SHARE_MAX_BP;
	}
	if (t->has_cap && part > t->cap_cents)
		part = t->cap_cents < 0 ? 0 : t->cap_cents;
	return part;
}

enum lp_status
funding_terms_from_json(struct ctx *ctx, const json_t *in, struct funding_terms *t)
{
	const json_t *share = json_object_get(in, "share_bp");
	const json_t *cap = json_object_get(in, "cap_cents");
	const char *key;
	json_t *v;

	memset(t, 0, sizeof(*t));
	if (!json_is_object(in))
		return lp_fail(ctx->err, LP_EMALFORMED, NULL, "a JSON object is required");
	json_object_foreach((json_t *)in, key, v) {
		if (strcmp(key, "share_bp") != 0 && strcmp(key, "cap_cents") != 0 &&
		    strcmp(key, "currency") != 0)
			return lp_fail(ctx->err, LP_EINVAL, key, "unknown field");
	}
	if (json_object_get(in, "currency") &&
	    (!json_is_string(json_object_get(in, "currency")) ||
	     strcmp(json_string_value(json_object_get(in, "currency")), "EUR") != 0))
		return lp_fail(ctx->err, LP_EINVAL, "currency", "only EUR is supported");
	if (share && !json_is_null(share)) {
		if (!json_is_integer(share) || json_integer_value(share) < 0 ||
		    json_integer_value(share) > FUNDING_SHARE_MAX_BP)
			return lp_fail(ctx->err, LP_EINVAL, "share_bp",
				       "a share is 0 to 100 percent (0 to 10000 basis points)");
		t->has_share = true;
		t->share_bp = json_integer_value(share);
	}
	if (cap && !json_is_null(cap)) {
		enum lp_status rc = ledger_amount_from_json(ctx, cap, "cap_cents", 0,
							    LEDGER_MAX_CENTS, &t->cap_cents);
		if (rc)
			return rc;
		t->has_cap = true;
	}
	if (!t->has_share && !t->has_cap)
		return lp_fail(ctx->err, LP_EINVAL, "share_bp", "give a share, a cap or both");
	return LP_OK;
}

/* Reads share_bp and cap_cents from columns col and col + 1 of st. */
static void
terms_of_row(struct db_stmt *st, int col, struct funding_terms *t)
{
	t->has_share = !db_column_is_null(st, col);
	t->share_bp = t->has_share ? db_column_int(st, col) : 0;
	t->has_cap = !db_column_is_null(st, col + 1);
	t->cap_cents = t->has_cap ? db_column_int(st, col + 1) : 0;
}

enum lp_status
funding_terms_for(struct ctx *ctx, const char *employer_id, const char *person_id,
		  struct funding_terms *t, bool *found, const char **source)
{
	char today[11];
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	memset(t, 0, sizeof(*t));
	*found = false;
	if (source)
		*source = NULL;
	if (!employer_id || !*employer_id)
		return LP_OK;
	time_today(today);
	/* the override of a current employment first, then the default */
	rc = db_prepare(ctx->db, "SELECT 0, o.share_bp, o.cap_cents FROM employer_funding_overrides o"
			" JOIN employments m ON m.id = o.employment_id"
			" WHERE o.employer_id = ? AND m.person_id = ? AND m.start_date <= ?"
			" AND (m.end_date IS NULL OR m.end_date >= ?)"
			" UNION ALL SELECT 1, f.share_bp, f.cap_cents FROM employer_funding f"
			" WHERE f.employer_id = ? ORDER BY 1 LIMIT 1", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, employer_id);
	db_bind_text(st, 2, person_id);
	db_bind_text(st, 3, today);
	db_bind_text(st, 4, today);
	db_bind_text(st, 5, employer_id);
	step = db_step(st);
	if (step == DB_ROW) {
		*found = true;
		if (source)
			*source = db_column_int(st, 0) == 0 ? "employee" : "employer";
		terms_of_row(st, 1, t);
	} else if (step == DB_ERROR) {
		rc = db_error(ctx->db, ctx->err);
	}
	db_reset(st);
	return rc;
}

/* {"share_bp", "cap_cents", "version"} from columns col.. of st (nulls
 * kept). */
static json_t *
terms_json(struct db_stmt *st, int col)
{
	json_t *o = json_object();

	json_object_set_new(o, "share_bp", db_column_is_null(st, col) ? json_null() :
			    json_integer(db_column_int(st, col)));
	json_object_set_new(o, "cap_cents", db_column_is_null(st, col + 1) ? json_null() :
			    json_integer(db_column_int(st, col + 1)));
	json_object_set_new(o, "version", json_integer(db_column_int(st, col + 2)));
	return o;
}

/* Reads the arrangements without an access check (callers have one). */
static enum lp_status
load(struct ctx *ctx, const char *employer_id, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	char today[11];
	json_t *o, *employees;

	*out = NULL;
	rc = db_prepare(ctx->db, "SELECT g.id, f.share_bp, f.cap_cents, f.version"
			" FROM organisations g LEFT JOIN employer_funding f ON f.employer_id = g.id"
			" WHERE g.id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, employer_id);
	step = db_step(st);
	if (step == DB_ROW) {
		o = json_pack("{s:s}", "employer_id", employer_id);
		json_object_set_new(o, "default", db_column_is_null(st, 3) ? json_null() :
				    terms_json(st, 1));
		*out = o;
	} else if (step == DB_DONE) {
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "employer_id", "no such employer");
	} else {
		rc = db_error(ctx->db, ctx->err);
	}
	db_reset(st);
	if (rc)
		return rc;
	employees = json_array();
	json_object_set_new(*out, "employees", employees);
	time_today(today);
	rc = db_prepare(ctx->db, "SELECT m.id, m.person_id, p.given_name, p.family_name,"
			" m.job_title, o.share_bp, o.cap_cents, o.version FROM employments m"
			" JOIN persons p ON p.id = m.person_id"
			" LEFT JOIN employer_funding_overrides o ON o.employment_id = m.id"
			" WHERE m.employer_id = ? AND m.start_date <= ?"
			" AND (m.end_date IS NULL OR m.end_date >= ?)"
			" ORDER BY p.family_name, p.given_name, m.id", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, employer_id);
	db_bind_text(st, 2, today);
	db_bind_text(st, 3, today);
	while ((step = db_step(st)) == DB_ROW) {
		json_t *e = json_pack("{s:s, s:s, s:s?, s:s?, s:s?}", "employment_id",
				      db_column_text(st, 0), "person_id", db_column_text(st, 1),
				      "given_name", db_column_text(st, 2), "family_name",
				      db_column_text(st, 3), "job_title", db_column_text(st, 4));

		json_object_set_new(e, "override", db_column_is_null(st, 7) ? json_null() :
				    terms_json(st, 5));
		json_array_append_new(employees, e);
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* LP_ENOTFOUND unless employer_id is a well-formed id. */
static enum lp_status
check_ids(struct ctx *ctx, const char *employer_id, const char *employment_id)
{
	if (!employer_id || !id_is_valid(employer_id))
		return lp_fail(ctx->err, LP_ENOTFOUND, "employer_id", "no such employer");
	if (employment_id && !id_is_valid(employment_id))
		return lp_fail(ctx->err, LP_ENOTFOUND, "employment_id", "no such employment");
	return LP_OK;
}

enum lp_status
employer_funding_get(struct ctx *ctx, const char *employer_id, json_t **out)
{
	enum lp_status rc;

	*out = NULL;
	rc = check_ids(ctx, employer_id, NULL);
	if (!rc)
		rc = authz_money_employer(ctx, employer_id, true);
	if (!rc)
		rc = load(ctx, employer_id, out);
	return rc;
}

/* LP_ENOTFOUND unless employment_id is an employment at employer_id. */
static enum lp_status
employment_at(struct ctx *ctx, const char *employment_id, const char *employer_id)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	rc = db_prepare(ctx->db, "SELECT 1 FROM employments WHERE id = ? AND employer_id = ?",
			&st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, employment_id);
	db_bind_text(st, 2, employer_id);
	step = db_step(st);
	if (step == DB_DONE)
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "employment_id",
			     "no such employment at this employer");
	else if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

/* The changes of a set or clear for the audit log. */
static json_t *
audit_changes(const char *employer_id, const char *employment_id, const struct funding_terms *t)
{
	json_t *o = json_pack("{s:s, s:s?}", "employer_id", employer_id, "employment_id",
			      employment_id);

	if (t) {
		json_object_set_new(o, "share_bp", t->has_share ? json_integer(t->share_bp)
								: json_null());
		json_object_set_new(o, "cap_cents", t->has_cap ? json_integer(t->cap_cents)
							       : json_null());
	}
	return o;
}

/* Access, ids, the employer and (when given) the employment: the checks
 * both writes share. */
static enum lp_status
write_checks(struct ctx *ctx, const char *employer_id, const char *employment_id)
{
	enum lp_status rc = check_ids(ctx, employer_id, employment_id);
	json_t *probe = NULL;

	if (!rc)
		rc = authz_money_employer(ctx, employer_id, false);
	if (!rc)
		rc = load(ctx, employer_id, &probe);   /* LP_ENOTFOUND for no employer */
	json_decref(probe);
	if (!rc && employment_id)
		rc = employment_at(ctx, employment_id, employer_id);
	return rc;
}

enum lp_status
employer_funding_set(struct ctx *ctx, const char *employer_id, const char *employment_id,
		     const json_t *input, json_t **out)
{
	struct funding_terms t;
	char now[TIME_RFC3339_LEN], types[16];
	json_t *changes;
	enum lp_status rc;

	*out = NULL;
	rc = write_checks(ctx, employer_id, employment_id);
	if (!rc)
		rc = funding_terms_from_json(ctx, input, &t);
	if (rc)
		return rc;
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	time_now_rfc3339(now);
	if (employment_id) {
		snprintf(types, sizeof(types), "ss%c%css", t.has_share ? 'i' : 'n',
			 t.has_cap ? 'i' : 'n');
		if (t.has_share && t.has_cap)
			rc = db_run(ctx->db, ctx->err, NULL, "INSERT INTO employer_funding_overrides"
				    " (employment_id, employer_id, share_bp, cap_cents, version,"
				    " created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)"
				    " ON CONFLICT (employment_id) DO UPDATE SET share_bp ="
				    " excluded.share_bp, cap_cents = excluded.cap_cents, version ="
				    " employer_funding_overrides.version + 1, updated_at ="
				    " excluded.updated_at", types, employment_id, employer_id,
				    t.share_bp, t.cap_cents, now, now);
		else if (t.has_share)
			rc = db_run(ctx->db, ctx->err, NULL, "INSERT INTO employer_funding_overrides"
				    " (employment_id, employer_id, share_bp, cap_cents, version,"
				    " created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)"
				    " ON CONFLICT (employment_id) DO UPDATE SET share_bp ="
				    " excluded.share_bp, cap_cents = excluded.cap_cents, version ="
				    " employer_funding_overrides.version + 1, updated_at ="
				    " excluded.updated_at", types, employment_id, employer_id,
				    t.share_bp, now, now);
		else
			rc = db_run(ctx->db, ctx->err, NULL, "INSERT INTO employer_funding_overrides"
				    " (employment_id, employer_id, share_bp, cap_cents, version,"
				    " created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)"
				    " ON CONFLICT (employment_id) DO UPDATE SET share_bp ="
				    " excluded.share_bp, cap_cents = excluded.cap_cents, version ="
				    " employer_funding_overrides.version + 1, updated_at ="
				    " excluded.updated_at", types, employment_id, employer_id,
				    t.cap_cents, now, now);
	} else {
		snprintf(types, sizeof(types), "s%c%css", t.has_share ? 'i' : 'n',
			 t.has_cap ? 'i' : 'n');
		if (t.has_share && t.has_cap)
			rc = db_run(ctx->db, ctx->err, NULL, "INSERT INTO employer_funding"
				    " (employer_id, share_bp, cap_cents, version, created_at,"
				    " updated_at) VALUES (?, ?, ?, 1, ?, ?)"
				    " ON CONFLICT (employer_id) DO UPDATE SET share_bp ="
				    " excluded.share_bp, cap_cents = excluded.cap_cents, version ="
				    " employer_funding.version + 1, updated_at = excluded.updated_at",
				    types, employer_id, t.share_bp, t.cap_cents, now, now);
		else if (t.has_share)
			rc = db_run(ctx->db, ctx->err, NULL, "INSERT INTO employer_funding"
				    " (employer_id, share_bp, cap_cents, version, created_at,"
				    " updated_at) VALUES (?, ?, ?, 1, ?, ?)"
				    " ON CONFLICT (employer_id) DO UPDATE SET share_bp ="
				    " excluded.share_bp, cap_cents = excluded.cap_cents, version ="
				    " employer_funding.version + 1, updated_at = excluded.updated_at",
				    types, employer_id, t.share_bp, now, now);
		else
			rc = db_run(ctx->db, ctx->err, NULL, "INSERT INTO employer_funding"
				    " (employer_id, share_bp, cap_cents, version, created_at,"
				    " updated_at) VALUES (?, ?, ?, 1, ?, ?)"
				    " ON CONFLICT (employer_id) DO UPDATE SET share_bp ="
				    " excluded.share_bp, cap_cents = excluded.cap_cents, version ="
				    " employer_funding.version + 1, updated_at = excluded.updated_at",
				    types, employer_id, t.cap_cents, now, now);
	}
	changes = audit_changes(employer_id, employment_id, &t);
	if (!rc)
		rc = audit_write(ctx, employment_id ? "employer_funding_overrides" : "employer_funding",
				 employment_id ? employment_id : employer_id, "set", changes);
	json_decref(changes);
	if (!rc)
		rc = load(ctx, employer_id, out);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc) {
		db_rollback(ctx->db);
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum lp_status
employer_funding_clear(struct ctx *ctx, const char *employer_id, const char *employment_id,
		       json_t **out)
{
	json_t *changes;
	int64_t n = 0;
	enum lp_status rc;

	*out = NULL;
	rc = write_checks(ctx, employer_id, employment_id);
	if (!rc)
		rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	if (employment_id)
		rc = db_run(ctx->db, ctx->err, &n, "DELETE FROM employer_funding_overrides"
			    " WHERE employment_id = ? AND employer_id = ?", "ss", employment_id,
			    employer_id);
	else
		rc = db_run(ctx->db, ctx->err, &n, "DELETE FROM employer_funding WHERE employer_id = ?",
			    "s", employer_id);
	if (!rc && n > 0) {
		changes = audit_changes(employer_id, employment_id, NULL);
		rc = audit_write(ctx, employment_id ? "employer_funding_overrides"
				 : "employer_funding", employment_id ? employment_id : employer_id,
				 "clear", changes);
		json_decref(changes);
	}
	if (!rc)
		rc = load(ctx, employer_id, out);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc) {
		db_rollback(ctx->db);
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
