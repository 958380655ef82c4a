/* scheme.c: voucher schemes (see scheme.h) */
#include "domain/scheme.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/ledger.h"
#include "base/id.h"
#include "base/timeutil.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const known_rules[] = { "working", "no_diploma", "enrolled", NULL };

/* A required date field "YYYY-MM-DD" into *out (borrowed from input). */
static enum lp_status
date_field(struct ctx *ctx, const json_t *input, const char *field, const char **out)
{
	const char *s = json_string_value(json_object_get(input, field));

	if (!s || !time_is_date(s))
		return lp_fail(ctx->err, LP_EINVAL, field, "a date YYYY-MM-DD is required");
	*out = s;
	return LP_OK;
}

/* Checks the whole input of a new scheme before anything is written. */
static enum lp_status
validate(struct ctx *ctx, const json_t *in, const char **from, const char **until,
	 const char **spend_by, int64_t *value, int64_t *budget, int64_t *max_vouchers)
{
	const char *name = json_string_value(json_object_get(in, "name"));
	const json_t *currency = json_object_get(in, "currency");
	const json_t *progs = json_object_get(in, "programme_ids");
	const json_t *rules = json_object_get(in, "rules");
	const json_t *partial = json_object_get(in, "allow_partial");
	const json_t *maxv = json_object_get(in, "max_vouchers_per_learner");
	enum lp_status rc;
	size_t i;
	json_t *v;

	if (!json_is_object(in))
		return lp_fail(ctx->err, LP_EMALFORMED, NULL, "a JSON object is required");
	if (!name || !*name || strlen(name) > 200 || !utf8_is_valid(name, strlen(name)) ||
	    utf8_has_control(name, false))
		return lp_fail(ctx->err, LP_EINVAL, "name", "a name of 1 to 200 characters is required");
	if (currency && (!json_is_string(currency) ||
			 strcmp(json_string_value(currency), "EUR") != 0))
		return lp_fail(ctx->err, LP_EINVAL, "currency", "only EUR is supported");
	*value = SCHEME_DEFAULT_VALUE_CENTS;
	if (json_object_get(in, "value_per_30ec_cents")) {
		rc = ledger_amount_from_json(ctx, json_object_get(in, "value_per_30ec_cents"),
					     "value_per_30ec_cents", 1, LEDGER_MAX_CENTS, value);
		if (rc)
			return rc;
	}
	rc = ledger_amount_from_json(ctx, json_object_get(in, "budget_cents"), "budget_cents", 1,
				     LEDGER_MAX_CENTS, budget);
	if (!rc)
		rc = date_field(ctx, in, "issue_from", from);
	if (!rc)
		rc = date_field(ctx, in, "issue_until", until);
	if (!rc)
		rc = date_field(ctx, in, "spend_by", spend_by);
	if (rc)
		return rc;
	if (strcmp(*until, *from) < 0)
		return lp_fail(ctx->err, LP_EINVAL, "issue_until", "the issue window ends before it starts");
	if (strcmp(*spend_by, *from) < 0)
		return lp_fail(ctx->err, LP_EINVAL, "spend_by", "the spend-by date is before the issue window");
	if (partial && !json_is_boolean(partial))
		return lp_fail(ctx->err, LP_EINVAL, "allow_partial", "true or false");
	*max_vouchers = 8;
	if (maxv && (!json_is_integer(maxv) || json_integer_value(maxv) < 1 ||
		     json_integer_value(maxv) > 100))
		return lp_fail(ctx->err, LP_EINVAL, "max_vouchers_per_learner",
			       "a whole number from 1 to 100");
	if (maxv)
		*max_vouchers = json_integer_value(maxv);
	if (!json_is_array(progs) || json_array_size(progs) == 0 || json_array_size(progs) > 500)
		return lp_fail(ctx->err, LP_EINVAL, "programme_ids",
			       "a list of 1 to 500 participating programmes is required");
	json_array_foreach(progs, i, v) {
		struct db_stmt *st;
		bool found;

		if (!json_is_string(v) || !id_is_valid(json_string_value(v)))
			return lp_fail(ctx->err, LP_EINVAL, "programme_ids", "not a programme id");
		rc = db_prepare(ctx->db, "SELECT 1 FROM programmes WHERE id = ?", &st, ctx->err);
		if (rc)
			return rc;
		db_bind_text(st, 1, json_string_value(v));
		found = db_step(st) == DB_ROW;
		db_reset(st);
		if (!found)
			return lp_fail(ctx->err, LP_EINVAL, "programme_ids", "no such programme: %s",
				       json_string_value(v));
	}
	if (rules && !json_is_array(rules))
		return lp_fail(ctx->err, LP_EINVAL, "rules", "a list of rule names");
	json_array_foreach(rules, i, v) {
		bool known = false;

		for (int k = 0; known_rules[k]; k++)
			known = known || (json_is_string(v) &&
					  strcmp(json_string_value(v), known_rules[k]) == 0);
		if (!known)
			return lp_fail(ctx->err, LP_EINVAL, "rules",
				       "known rules are working, no_diploma and enrolled");
	}
	return LP_OK;
}

enum lp_status
scheme_create(struct ctx *ctx, const json_t *in, json_t **out)
{
	const char *from = NULL, *until = NULL, *spend_by = NULL;
	int64_t value = 0, budget = 0, max_vouchers = 8;
	char id[ID_LEN], now[TIME_RFC3339_LEN], funder[LEDGER_ACCOUNT_LEN],
		budget_acc[LEDGER_ACCOUNT_LEN];
	const json_t *rules = json_object_get(in, "rules");
	char *rules_text = NULL;
	enum lp_status rc;
	size_t i;
	json_t *v;

	*out = NULL;
	rc = authz_money(ctx, MONEY_MANAGE_SCHEMES);
	if (rc)
		return rc;
	rc = validate(ctx, in, &from, &until, &spend_by, &value, &budget, &max_vouchers);
	if (rc)
		return rc;
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	id_new(id);
	time_now_rfc3339(now);
	rules_text = rules ? json_dumps(rules, JSON_COMPACT) : NULL;
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO voucher_schemes (id, name, currency, value_per_30ec_cents,"
		    " budget_cents, max_vouchers_per_learner, allow_partial, issue_from, issue_until,"
		    " spend_by, rules, version, created_at, updated_at)"
		    " VALUES (?, ?, 'EUR', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)", "ssiiiissssss", id,
		    json_string_value(json_object_get(in, "name")), value, budget, max_vouchers,
		    (int64_t)json_is_true(json_object_get(in, "allow_partial")), from, until,
		    spend_by, rules_text ? rules_text : "[]", now, now);
	free(rules_text);
	json_array_foreach(json_object_get(in, "programme_ids"), i, v) {
		if (rc)
			break;
		rc = db_run(ctx->db, ctx->err, NULL,
			    "INSERT INTO voucher_scheme_programmes (scheme_id, programme_id)"
			    " VALUES (?, ?) ON CONFLICT (scheme_id, programme_id) DO NOTHING", "ss",
			    id, json_string_value(v));
	}
	snprintf(funder, sizeof(funder), "funder:%s", id);
	snprintf(budget_acc, sizeof(budget_acc), "scheme:%s:budget", id);
	if (!rc)
		rc = ledger_account_ensure(ctx, funder, "funder", id, "Funder of the scheme", true);
	if (!rc)
		rc = ledger_account_ensure(ctx, budget_acc, "scheme_budget", id,
					   "Budget of the scheme", false);
	if (!rc) {
		struct ledger_txn_in txn = { "fund", "budget of a new voucher scheme", "scheme", id,
					     NULL };
		struct ledger_entry_in e[2] = { { funder, -budget }, { budget_acc, budget } };

		rc = ledger_post(ctx, &txn, e, 2, NULL);
	}
	if (!rc)
		rc = scheme_get(ctx, id, out);
	if (!rc)
		rc = audit_write(ctx, "voucher_schemes", id, "create", *out);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc) {
		db_rollback(ctx->db);
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

#define SCHEME_COLUMNS \
	"SELECT s.id, s.name, s.currency, s.value_per_30ec_cents, s.budget_cents," \
	" s.max_vouchers_per_learner, s.allow_partial, s.issue_from, s.issue_until, s.spend_by," \
	" s.rules, s.version, s.created_at, s.updated_at," \
	" COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e" \
	"  WHERE e.account_id = 'scheme:' || s.id || ':budget'), 0) AS free_cents," \
	" COALESCE((SELECT SUM(r.amount_cents) FROM reservations r JOIN vouchers v" \
	"  ON v.id = r.voucher_id WHERE v.scheme_id = s.id AND r.state = 'redeemed'), 0)" \
	"  AS used_cents FROM voucher_schemes s"

/* Turns a scheme row into JSON: rules parsed, committed derived. */
static json_t *
scheme_json(struct db_stmt *st)
{
	json_t *o = money_row_json(st);
	json_t *rules = json_loads(json_string_value(json_object_get(o, "rules")), 0, NULL);
	int64_t cap = json_integer_value(json_object_get(o, "budget_cents"));
	int64_t free_ = json_integer_value(json_object_get(o, "free_cents"));
	int64_t used = json_integer_value(json_object_get(o, "used_cents"));

	json_object_set_new(o, "rules", rules ? rules : json_array());
	json_object_set_new(o, "allow_partial",
			    json_boolean(json_integer_value(json_object_get(o, "allow_partial"))));
	json_object_set_new(o, "committed_cents", json_integer(cap - free_ - used));
	return o;
}

enum lp_status
scheme_get(struct ctx *ctx, const char *id, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *progs;

	*out = NULL;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see voucher schemes");
	rc = db_prepare(ctx->db, SCHEME_COLUMNS " WHERE s.id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	step = db_step(st);
	if (step == DB_ROW)
		*out = scheme_json(st);
	else if (step == DB_DONE)
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "scheme_id", "no such voucher scheme");
	else
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc)
		return rc;
	progs = json_array();
	json_object_set_new(*out, "programme_ids", progs);
	rc = db_prepare(ctx->db, "SELECT programme_id FROM voucher_scheme_programmes"
			" WHERE scheme_id = ? ORDER BY programme_id", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	while ((step = db_step(st)) == DB_ROW)
		json_array_append_new(progs, json_string(db_column_text(st, 0)));
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

enum lp_status
scheme_list(struct ctx *ctx, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	*out = NULL;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see voucher schemes");
	rc = db_prepare(ctx->db, SCHEME_COLUMNS " ORDER BY s.id DESC", &st, ctx->err);
	if (rc)
		return rc;
	*out = json_array();
	while ((step = db_step(st)) == DB_ROW)
		json_array_append_new(*out, scheme_json(st));
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

enum lp_status
scheme_offering_participates(struct ctx *ctx, const char *scheme_id, const char *offering_id)
{
	struct db_stmt *st;
	enum lp_status rc;
	bool found;

	rc = db_prepare(ctx->db,
			"SELECT 1 FROM offering_outcomes oo JOIN outcomes o ON o.id = oo.outcome_id"
			" JOIN voucher_scheme_programmes p ON p.programme_id = o.programme_id"
			" WHERE oo.offering_id = ? AND p.scheme_id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, offering_id);
	db_bind_text(st, 2, scheme_id);
	found = db_step(st) == DB_ROW;
	db_reset(st);
	if (!found)
		return lp_fail(ctx->err, LP_EINVAL, "offering_id",
			       "the offering serves no programme of this voucher scheme");
	return LP_OK;
}

/* ---- changing a scheme (the voucher authority's pages and PATCH) -------- */

/* Moves delta cents between the funder and the budget of scheme id:
 * positive funds more, negative gives back what is free. LP_EINVAL on
 * "budget_cents" when less is free than would be given back. */
static enum lp_status
rebudget(struct ctx *ctx, const char *id, int64_t delta)
{
	char funder[LEDGER_ACCOUNT_LEN], budget_acc[LEDGER_ACCOUNT_LEN];
	struct ledger_txn_in txn = { "fund", "budget of a voucher scheme changed", "scheme", id,
				     NULL };
	struct ledger_entry_in e[2];
	enum lp_status rc;

	if (delta == 0)
		return LP_OK;
	snprintf(funder, sizeof(funder), "funder:%s", id);
	snprintf(budget_acc, sizeof(budget_acc), "scheme:%s:budget", id);
	e[0].account_id = funder;
	e[0].amount_cents = -delta;
	e[1].account_id = budget_acc;
	e[1].amount_cents = delta;
	rc = ledger_post(ctx, &txn, e, 2, NULL);
	if (rc == LP_ECONFLICT)
		rc = lp_fail(ctx->err, LP_EINVAL, "budget_cents",
			     "the budget cannot be less than what vouchers already hold");
	return rc;
}

enum lp_status
scheme_update(struct ctx *ctx, const char *id, const json_t *in, json_t **out)
{
	const char *from = NULL, *until = NULL, *spend_by = NULL, *key;
	int64_t value = 0, budget = 0, max_vouchers = 8, changes = 0, old_budget, version;
	char now[TIME_RFC3339_LEN];
	json_t *current = NULL, *merged = NULL, *v;
	char *rules_text = NULL;
	enum lp_status rc;
	size_t i;

	*out = NULL;
	rc = authz_money(ctx, MONEY_MANAGE_SCHEMES);
	if (rc)
		return rc;
	if (!json_is_object(in))
		return lp_fail(ctx->err, LP_EMALFORMED, NULL, "a JSON object is required");
	if (json_object_get(in, "version") && !json_is_integer(json_object_get(in, "version")))
		return lp_fail(ctx->err, LP_EINVAL, "version", "must be a whole number");
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		return rc;
	rc = scheme_get(ctx, id, &current);
	if (rc)
		goto out;
	version = json_integer_value(json_object_get(current, "version"));
	if (json_object_get(in, "version") &&
	    json_integer_value(json_object_get(in, "version")) != version) {
		rc = lp_fail(ctx->err, LP_ECONFLICT, "version",
			     "the scheme was changed meanwhile; load it again");
		goto out;
	}
	/* the input over the stored scheme, then the checks of a new one */
	merged = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}",
			   "name", json_object_get(current, "name"),
			   "value_per_30ec_cents", json_object_get(current, "value_per_30ec_cents"),
			   "budget_cents", json_object_get(current, "budget_cents"),
			   "issue_from", json_object_get(current, "issue_from"),
			   "issue_until", json_object_get(current, "issue_until"),
			   "spend_by", json_object_get(current, "spend_by"),
			   "programme_ids", json_object_get(current, "programme_ids"),
			   "rules", json_object_get(current, "rules"),
			   "allow_partial", json_object_get(current, "allow_partial"),
			   "max_vouchers_per_learner",
			   json_object_get(current, "max_vouchers_per_learner"));
	json_object_foreach((json_t *)in, key, v) {
		if (strcmp(key, "version") == 0)
			continue;
		if (strcmp(key, "currency") != 0 && !json_object_get(merged, key)) {
			rc = lp_fail(ctx->err, LP_EINVAL, key, "unknown field");
			goto out;
		}
		json_object_set(merged, key, v);
	}
	rc = validate(ctx, merged, &from, &until, &spend_by, &value, &budget, &max_vouchers);
	if (rc)
		goto out;
	old_budget = json_integer_value(json_object_get(current, "budget_cents"));
	time_now_rfc3339(now);
	rules_text = json_dumps(json_object_get(merged, "rules"), JSON_COMPACT | JSON_ENCODE_ANY);
	rc = db_run(ctx->db, ctx->err, &changes,
		    "UPDATE voucher_schemes SET name = ?, value_per_30ec_cents = ?, budget_cents = ?,"
		    " max_vouchers_per_learner = ?, allow_partial = ?, issue_from = ?,"
		    " issue_until = ?, spend_by = ?, rules = ?, version = version + 1,"
		    " updated_at = ? WHERE id = ? AND version = ?", "siiiissssssi",
		    json_string_value(json_object_get(merged, "name")), value, budget, max_vouchers,
		    (int64_t)json_is_true(json_object_get(merged, "allow_partial")), from, until,
		    spend_by, rules_text ? rules_text : "[]", now, id, version);
	free(rules_text);
	if (!rc && changes != 1)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "version",
			     "the scheme was changed meanwhile; load it again");
	if (!rc)
		rc = db_run(ctx->db, ctx->err, NULL,
			    "DELETE FROM voucher_scheme_programmes WHERE scheme_id = ?", "s", id);
	json_array_foreach(json_object_get(merged, "programme_ids"), i, v) {
		if (rc)
			break;
		rc = db_run(ctx->db, ctx->err, NULL,
			    "INSERT INTO voucher_scheme_programmes (scheme_id, programme_id)"
			    " VALUES (?, ?) ON CONFLICT (scheme_id, programme_id) DO NOTHING", "ss",
			    id, json_string_value(v));
	}
	if (!rc)
		rc = rebudget(ctx, id, budget - old_budget);
	if (!rc)
		rc = scheme_get(ctx, id, out);
	if (!rc)
		rc = audit_write(ctx, "voucher_schemes", id, "update", *out);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
out:
	json_decref(current);
	json_decref(merged);
	if (rc) {
		db_rollback(ctx->db);
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum lp_status
scheme_vouchers(struct ctx *ctx, const char *id, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;

	*out = NULL;
	rc = authz_money(ctx, MONEY_MANAGE_SCHEMES);
	if (rc)
		return rc;
	rc = db_prepare(ctx->db, "SELECT v.id, v.person_id, p.given_name, p.family_name,"
			" v.ec_tenths, v.value_cents, v.state, v.spend_by, v.reason, v.created_at"
			" FROM vouchers v JOIN persons p ON p.id = v.person_id"
			" WHERE v.scheme_id = ? ORDER BY v.id DESC LIMIT 500", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	*out = json_array();
	rc = money_rows_collect(ctx, st, *out);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum lp_status
scheme_learner_choices(struct ctx *ctx, const char *id, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	*out = NULL;
	rc = authz_money(ctx, MONEY_MANAGE_SCHEMES);
	if (rc)
		return rc;
	/* people who learn: enrolled somewhere, holding a voucher, or with a
	 * learner's account; whether each may get a voucher of this scheme is
	 * voucher_issue's to say (the scheme's programmes come first) */
	rc = db_prepare(ctx->db, "SELECT p.id, p.given_name, p.family_name FROM persons p"
			" WHERE EXISTS (SELECT 1 FROM enrolments e JOIN voucher_scheme_programmes sp"
			"  ON sp.programme_id = e.programme_id WHERE e.person_id = p.id"
			"  AND sp.scheme_id = ?)"
			" OR EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = p.id)"
			" OR EXISTS (SELECT 1 FROM vouchers v WHERE v.person_id = p.id)"
			" OR EXISTS (SELECT 1 FROM accounts a JOIN role_grants g ON g.account_id = a.id"
			"  WHERE a.person_id = p.id AND g.role = 'learner')"
			" ORDER BY p.family_name, p.given_name, p.id LIMIT 500", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	*out = json_array();
	while ((step = db_step(st)) == DB_ROW)
		json_array_append_new(*out, json_pack("{s:s, s:s?, s:s?}", "id",
						      db_column_text(st, 0), "given_name",
						      db_column_text(st, 1), "family_name",
						      db_column_text(st, 2)));
	if (step == DB_ERROR) {
		rc = db_error(ctx->db, ctx->err);
		json_decref(*out);
		*out = NULL;
	}
	db_reset(st);
	return rc;
}
