/* test_domain.c: unit tests of the entity engine, its validation, lists,
 * filters and pagination, the authorisation rules and the audit log */
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/entity.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture fx;

/* One acting user: actor, context and error, reset for every use. */
struct who {
	struct actor actor;
	struct ctx ctx;
	struct lp_error err;
};

static struct who who_buf;

/* The context of account (an account id), the system actor (NULL) or
 * nobody (""). Valid until the next call. */
static struct ctx *
as(const char *account)
{
	struct who *w = &who_buf;

	memset(w, 0, sizeof(*w));
	if (!account)
		actor_system(&w->actor);
	else if (!*account)
		actor_anonymous(&w->actor);
	else
		fixture_actor(&fx, account, &w->actor);
	w->ctx.db = fx.db;
	w->ctx.actor = &w->actor;
	w->ctx.arena = &fx.arena;
	w->ctx.err = &w->err;
	return &w->ctx;
}

/* Makes the fixture world once for the whole group. */
static int
group_setup(void **state)
{
	(void)state;
	fixture_create(&fx, NULL);
	return 0;
}

/* Removes the fixture world. */
static int
group_teardown(void **state)
{
	(void)state;
	fixture_release(&fx);
	return 0;
}

/* Rows in a table, counted behind the engine's back. */
static int64_t
rows(const char *table)
{
	char sql[128];
	struct db_stmt *st;
	int64_t n = -1;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
	assert_int_equal(db_prepare(fx.db, sql, &st, NULL), LP_OK);
	if (db_step(st) == DB_ROW)
		n = db_column_int(st, 0);
	db_reset(st);
	return n;
}

/* Creates input (stolen) as ctx; returns the status, *id gets the id. */
static enum lp_status
try_create(struct ctx *ctx, const struct entity_def *def, json_t *input, char id[ID_LEN])
{
	json_t *out = NULL;
	enum lp_status rc;

	assert_non_null(input);
	rc = entity_create(ctx, def, input, &out);
	json_decref(input);
	if (id)
		id[0] = '\0';
	if (!rc && id)
		snprintf(id, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	if (rc)
		assert_null(out);
	json_decref(out);
	return rc;
}

/* Updates as ctx; returns the status. */
static enum lp_status
try_update(struct ctx *ctx, const struct entity_def *def, const char *id, json_t *patch)
{
	json_t *out = NULL;
	enum lp_status rc;

	assert_non_null(patch);
	rc = entity_update(ctx, def, id, patch, &out);
	json_decref(patch);
	if (rc)
		assert_null(out);
	json_decref(out);
	return rc;
}

/* Expects a create of input to fail with LP_EINVAL on field, leaving the
 * table and the audit log as they were. */
static void
expect_invalid_create(const struct entity_def *def, json_t *input, const char *field,
		      const char *reason_part)
{
	struct ctx *ctx = as(NULL);
	int64_t before = rows(def->name), audit = rows("audit_log");
	enum lp_status rc = try_create(ctx, def, input, NULL);

	if (rc != LP_EINVAL || strcmp(ctx->err->field, field) != 0 ||
	    (reason_part && !strstr(ctx->err->reason, reason_part)))
		fail_msg("%s: want invalid '%s' (%s), got status %d field '%s': %s", def->name,
			 field, reason_part ? reason_part : "", rc, ctx->err->field,
			 ctx->err->reason);
	assert_int_equal(rows(def->name), before);
	assert_int_equal(rows("audit_log"), audit);
}

/* Expects an update to fail with LP_EINVAL on field, changing nothing. */
static void
expect_invalid_update(const struct entity_def *def, const char *id, json_t *patch,
		      const char *field, const char *reason_part)
{
	struct ctx *ctx = as(NULL);
	json_t *before = NULL, *after = NULL;
	enum lp_status rc;

	assert_int_equal(entity_get(ctx, def, id, &before), LP_OK);
	rc = try_update(ctx, def, id, patch);
	if (rc != LP_EINVAL || strcmp(ctx->err->field, field) != 0 ||
	    (reason_part && !strstr(ctx->err->reason, reason_part)))
		fail_msg("%s: want invalid '%s', got status %d field '%s': %s", def->name, field,
			 rc, ctx->err->field, ctx->err->reason);
	assert_int_equal(entity_get(ctx, def, id, &after), LP_OK);
	assert_true(json_equal(before, after));
	json_decref(before);
	json_decref(after);
}

/* A valid programme of institution inst with name, as a new object. */
static json_t *
programme(const char *inst, const char *name)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:[s]}", "institution_id", inst, "name", name,
			 "level", "bachelor", "total_ec", 240, "modes", "part_time");
}

/* A valid offering of provider with title, serving no outcome yet. */
static json_t *
offering(const char *provider, const char *title)
{
	return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i}", "provider_id", provider,
			 "title", title, "ec", 15, "mode", "online", "start_date", "2025-09-01",
			 "end_date", "2025-12-31", "price_cents", 50000);
}

/* Sets key of obj to value (stolen) and returns obj, for building inputs. */
static json_t *
with(json_t *obj, const char *key, json_t *value)
{
	json_object_set_new(obj, key, value);
	return obj;
}

/* Removes key from obj and returns obj. */
static json_t *
without(json_t *obj, const char *key)
{
	json_object_del(obj, key);
	return obj;
}

/* A string of n copies of c. */
static json_t *
long_string(size_t n, char c)
{
	char *s = malloc(n + 1);
	json_t *j;

	memset(s, c, n);
	s[n] = '\0';
	j = json_string(s);
	free(s);
	return j;
}

/* ---- create, get, update with the system actor ------------------------- */

/* Create, read and update with the system actor, with versions. */
static void
test_create_get_update(void **state)
{
	struct ctx *ctx = as(NULL);
	json_t *out = NULL, *got = NULL, *patch, *input;
	const char *id;

	(void)state;
	input = json_pack("{s:s, s:s, s:s, s:f, s:[ss], s:[s], s:s, s:s}", "institution_id",
			  fx.inst_a, "name", "Verpleegkunde", "level", "bachelor", "total_ec",
			  239.5, "modes", "dual", "part_time", "locations", "Den Bosch",
			  "programme_code", "34560", "description", "Regel 1\nRegel 2\ttab");
	/* the input is borrowed: the engine neither keeps nor frees it */
	assert_int_equal(entity_create(ctx, &programmes_def, input, &out), LP_OK);
	assert_int_equal(json_object_size(input), 8);
	json_decref(input);
	id = json_string_value(json_object_get(out, "id"));
	assert_true(id_is_valid(id));
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 1);
	assert_true(json_is_real(json_object_get(out, "total_ec")));
	assert_true(json_real_value(json_object_get(out, "total_ec")) == 239.5);
	assert_string_equal(json_string_value(json_object_get(out, "description")),
			    "Regel 1\nRegel 2\ttab");
	assert_true(json_is_null(json_object_get(out, "learning_line")));
	assert_int_equal(json_array_size(json_object_get(out, "experiments")), 0);
	assert_non_null(json_object_get(out, "created_at"));
	assert_string_equal(json_string_value(json_object_get(out, "created_at")),
			    json_string_value(json_object_get(out, "updated_at")));

	assert_int_equal(entity_get(ctx, &programmes_def, id, &got), LP_OK);
	assert_true(json_equal(out, got));
	json_decref(got);

	patch = json_pack("{s:s, s:i, s:i}", "name", "Verpleegkunde (deeltijd)", "total_ec", 240,
			  "version", 1);
	assert_int_equal(entity_update(ctx, &programmes_def, id, patch, &got), LP_OK);
	json_decref(patch);
	assert_int_equal(json_integer_value(json_object_get(got, "version")), 2);
	assert_string_equal(json_string_value(json_object_get(got, "name")),
			    "Verpleegkunde (deeltijd)");
	assert_int_equal(json_integer_value(json_object_get(got, "total_ec")), 240);
	/* untouched fields stay */
	assert_string_equal(json_string_value(json_object_get(got, "programme_code")), "34560");

	/* a stale version is a conflict and changes nothing */
	patch = json_pack("{s:s, s:i}", "name", "Overschreven", "version", 1);
	assert_int_equal(try_update(ctx, &programmes_def, id, patch), LP_ECONFLICT);
	assert_string_equal(ctx->err->field, "version");
	json_decref(got);
	assert_int_equal(entity_get(ctx, &programmes_def, id, &got), LP_OK);
	assert_string_equal(json_string_value(json_object_get(got, "name")),
			    "Verpleegkunde (deeltijd)");
	assert_int_equal(json_integer_value(json_object_get(got, "version")), 2);
	/* without a version the update applies to the current one */
	assert_int_equal(try_update(ctx, &programmes_def, id,
				    json_pack("{s:n}", "programme_code")), LP_OK);
	json_decref(got);
	assert_int_equal(entity_get(ctx, &programmes_def, id, &got), LP_OK);
	assert_true(json_is_null(json_object_get(got, "programme_code")));
	assert_int_equal(json_integer_value(json_object_get(got, "version")), 3);
	json_decref(got);
	json_decref(out);
}

/* Unknown and malformed ids are not found. */
static void
test_get_unknown(void **state)
{
	struct ctx *ctx = as(NULL);
	json_t *out = (json_t *)1;

	(void)state;
	assert_int_equal(entity_get(ctx, &programmes_def, "0190a000-0000-7000-8000-000000000000",
				    &out), LP_ENOTFOUND);
	assert_null(out);
	assert_int_equal(entity_get(ctx, &programmes_def, "' OR 1=1 --", &out), LP_ENOTFOUND);
	assert_int_equal(entity_get(ctx, &programmes_def, "", &out), LP_ENOTFOUND);
	/* an id of another entity is not a programme */
	assert_int_equal(entity_get(ctx, &programmes_def, fx.inst_a, &out), LP_ENOTFOUND);
	assert_int_equal(try_update(ctx, &programmes_def, fx.inst_a, json_pack("{s:s}", "name",
				    "x")), LP_ENOTFOUND);
}

/* Entities and fields by name, and display names. */
static void
test_entity_lookup(void **state)
{
	struct ctx *ctx = as(NULL);
	int n = 0;

	(void)state;
	for (; entity_all[n]; n++)
		assert_ptr_equal(entity_find(entity_all[n]->name), entity_all[n]);
	assert_int_equal(n, 9);
	assert_null(entity_find("nonsense"));
	assert_null(entity_find(NULL));
	assert_non_null(entity_field(&programmes_def, "modes"));
	assert_null(entity_field(&programmes_def, "password"));
	assert_string_equal(entity_display_name(ctx, "programmes", fx.prog_b),
			    "Ad Retailmanagement");
	assert_null(entity_display_name(ctx, "programmes", fx.inst_a));
	assert_null(entity_display_name(ctx, "nonsense", fx.inst_a));
	assert_null(entity_display_name(ctx, "programmes", NULL));
}

/* ---- validation, one field type at a time ------------------------------ */

/* TEXT: length in characters, empty, control characters, type, NUL, UTF-8. */
static void
test_validate_text(void **state)
{
	(void)state;
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "name",
		long_string(201, 'n')), "name", "longer than 200");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "name",
		json_string(" \t ")), "name", "must not be empty");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "name",
		json_string("twee\nregels")), "name", "control");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "name",
		json_string("bel\a")), "name", "control");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "name",
		json_integer(12)), "name", "must be a string");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "name",
		json_stringn("nul\0byte", 8)), "name", "NUL");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "name",
		json_string_nocheck("bad \xff utf-8")), "name", "UTF-8");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "name",
		json_null()), "name", "required");
	expect_invalid_create(&programmes_def, without(programme(fx.inst_a, "x"), "name"),
		"name", "required");
	/* 200 characters of several bytes each are fine: limits count
	 * characters, not bytes */
	{
		char s[200 * 2 + 1];
		char id[ID_LEN];
		for (int i = 0; i < 200; i++)
			memcpy(s + 2 * i, "\xc3\xa9", 2);
		s[400] = '\0';
		assert_int_equal(try_create(as(NULL), &programmes_def,
					    programme(fx.inst_a, s), id), LP_OK);
	}
}

/* LONGTEXT: several lines allowed, control characters and length not. */
static void
test_validate_longtext(void **state)
{
	char id[ID_LEN];

	(void)state;
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "description",
		long_string(4001, 'd')), "description", "longer than 4000");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "description",
		json_string("escape \x1b[31m")), "description", "control");
	assert_int_equal(try_create(as(NULL), &programmes_def,
		with(programme(fx.inst_a, "Met lange tekst"), "description",
		     json_string("Regel een\r\nRegel twee\n\tIngesprongen")), id), LP_OK);
}

/* EMAIL and URL shapes. */
static void
test_validate_email_url(void **state)
{
	char id[ID_LEN];
	json_t *p = json_pack("{s:s, s:s}", "given_name", "E", "family_name", "Mail");

	(void)state;
	expect_invalid_create(&persons_def, with(json_deep_copy(p), "email",
		json_string("geen-adres")), "email", "e-mail");
	expect_invalid_create(&persons_def, with(json_deep_copy(p), "email",
		json_string("a@b")), "email", "e-mail");
	expect_invalid_create(&persons_def, with(json_deep_copy(p), "email",
		json_string("<script>@x.nl")), "email", "e-mail");
	expect_invalid_create(&persons_def, with(json_deep_copy(p), "email",
		json_string("a@@b.nl")), "email", "e-mail");
	expect_invalid_create(&persons_def, with(json_deep_copy(p), "email",
		json_string("a b@c.nl")), "email", "e-mail");
	assert_int_equal(try_create(as(NULL), &persons_def, with(json_deep_copy(p), "email",
		json_string("e.mail+tag@voorbeeld.nl")), id), LP_OK);
	json_decref(p);

	p = json_pack("{s:s, s:s}", "kind", "employer", "name", "Url BV");
	expect_invalid_create(&organisations_def, with(json_deep_copy(p), "website",
		json_string("javascript:alert(1)")), "website", "http");
	expect_invalid_create(&organisations_def, with(json_deep_copy(p), "website",
		json_string("ftp://files.example.nl")), "website", "http");
	expect_invalid_create(&organisations_def, with(json_deep_copy(p), "website",
		json_string("https://")), "website", "http");
	expect_invalid_create(&organisations_def, with(json_deep_copy(p), "website",
		json_string("https://x.nl/\"><script>")), "website", "http");
	assert_int_equal(try_create(as(NULL), &organisations_def, with(json_deep_copy(p),
		"website", json_string("https://url.example.nl/over-ons?taal=nl")), id), LP_OK);
	json_decref(p);
}

/* ENUM and ENUMSET values, types, duplicates and emptiness. */
static void
test_validate_enum_and_enumset(void **state)
{
	(void)state;
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "level",
		json_string("doctorate")), "level", "not one of");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "level",
		json_string("BACHELOR")), "level", "not one of");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "level",
		json_integer(1)), "level", "string");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "modes",
		json_string("dual")), "modes", "must be a list");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "modes",
		json_pack("[ss]", "dual", "dual")), "modes", "twice");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "modes",
		json_pack("[s]", "weekend")), "modes", "not one of");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "modes",
		json_pack("[i]", 1)), "modes", "strings");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "modes",
		json_array()), "modes", "at least one");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "modes",
		json_null()), "modes", "required");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "experiments",
		json_null()), "experiments", "null");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "experiments",
		json_pack("{}")), "experiments", "list");
}

/* STRLIST items, limits and URIs. */
static void
test_validate_strlist(void **state)
{
	json_t *many = json_array();

	(void)state;
	for (int i = 0; i < 21; i++)
		json_array_append_new(many, json_sprintf("Plaats %d", i));
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "locations",
		many), "locations", "more than 20");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "locations",
		json_pack("[s]", "")), "locations", "item 1");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "locations",
		json_pack("[ss]", "Utrecht", "tab\nnewline")), "locations", "item 2");
	expect_invalid_create(&outcomes_def, json_pack("{s:s, s:s, s:s, s:i, s:[s]}",
		"programme_id", fx.prog_a, "code", "AL-1", "title", "Uitlijning", "ec", 5,
		"alignments", "geen uri"), "alignments", "URI");
	expect_invalid_create(&outcomes_def, json_pack("{s:s, s:s, s:s, s:i, s:s}",
		"programme_id", fx.prog_a, "code", "AL-2", "title", "Uitlijning", "ec", 5,
		"criteria", "geen lijst"), "criteria", "list");
}

/* INT, MONEY and EC: types, bounds and decimals. */
static void
test_validate_numbers(void **state)
{
	char id[ID_LEN];

	(void)state;
	/* INT */
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "capacity",
		json_integer(0)), "capacity", "between 1 and 100000");
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "capacity",
		json_string("10")), "capacity", "whole number");
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "capacity",
		json_real(1.5)), "capacity", "whole number");
	/* MONEY */
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "price_cents",
		json_integer(-1)), "price_cents", "between");
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "price_cents",
		json_real(125.5)), "price_cents", "whole number");
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "price_cents",
		json_integer(100000001)), "price_cents", "between");
	/* EC */
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "total_ec",
		json_real(240.55)), "total_ec", "one decimal");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "total_ec",
		json_real(0.5)), "total_ec", "between 1 and 360");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "total_ec",
		json_integer(361)), "total_ec", "between");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "total_ec",
		json_string("240")), "total_ec", "number");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "total_ec",
		json_real(1e300)), "total_ec", NULL);
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "total_ec",
		json_integer(-240)), "total_ec", "between");
	assert_int_equal(try_create(as(NULL), &offerings_def, with(with(offering(fx.inst_a,
		"Halve punten"), "ec", json_real(2.5)), "capacity", json_integer(100000)), id),
		LP_OK);
}

/* BOOL and DATE, and an end before its start. */
static void
test_validate_bool_date(void **state)
{
	json_t *org = json_pack("{s:s, s:s, s:s}", "kind", "institution", "name", "Bool HS",
				"institution_code", "99ZZ");

	(void)state;
	expect_invalid_create(&organisations_def, with(json_deep_copy(org), "funded",
		json_string("yes")), "funded", "true or false");
	expect_invalid_create(&organisations_def, with(json_deep_copy(org), "funded",
		json_integer(1)), "funded", "true or false");
	expect_invalid_create(&organisations_def, with(json_deep_copy(org), "funded",
		json_null()), "funded", "null");
	json_decref(org);

	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "start_date",
		json_string("2025-02-30")), "start_date", "YYYY-MM-DD");
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "start_date",
		json_string("01-09-2025")), "start_date", "YYYY-MM-DD");
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "end_date",
		json_string("2025-08-31")), "end_date", "before start_date");
	expect_invalid_create(&offerings_def, without(offering(fx.inst_a, "x"), "end_date"),
		"end_date", "required");
}

/* REF and REFLIST: unknown ids, ids of other entities, wrong kinds. */
static void
test_validate_refs(void **state)
{
	char gov[ID_LEN];

	(void)state;
	expect_invalid_create(&programmes_def, programme("0190a000-0000-7000-8000-000000000000",
		"x"), "institution_id", "no organisation");
	expect_invalid_create(&programmes_def, programme("not-an-id", "x"), "institution_id",
		"not a valid id");
	expect_invalid_create(&programmes_def, programme(fx.emp_a, "x"), "institution_id",
		"must be an institution");
	/* an id of the wrong entity */
	expect_invalid_create(&programmes_def, programme(fx.prog_a, "x"), "institution_id",
		"no organisation");
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "outcome_ids",
		json_pack("[s]", fx.prog_a)), "outcome_ids", "no learning outcome");
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "outcome_ids",
		json_pack("[ss]", fx.outcome_a1, fx.outcome_a1)), "outcome_ids", "twice");
	expect_invalid_create(&offerings_def, with(offering(fx.inst_a, "x"), "outcome_ids",
		json_string(fx.outcome_a1)), "outcome_ids", "list");
	fixture_make(&fx, &organisations_def, json_pack("{s:s, s:s}", "kind", "government",
		     "name", "Ministerie"), gov);
	expect_invalid_create(&offerings_def, offering(gov, "x"), "provider_id",
		"institution, a company");
	expect_invalid_create(&offerings_def, offering(fx.prog_a, "x"), "provider_id",
		"no organisation");
}

/* PASSWORD length; accounts stored lower-case, passwords never shown. */
static void
test_validate_password_and_account(void **state)
{
	char id[ID_LEN];
	json_t *out = NULL;

	(void)state;
	expect_invalid_create(&accounts_def, json_pack("{s:s, s:s}", "email", "kort@x.nl",
		"password", "kort"), "password", "at least 10");
	expect_invalid_create(&accounts_def, json_pack("{s:s, s:i}", "email", "getal@x.nl",
		"password", 1234567890), "password", "string");
	expect_invalid_create(&accounts_def, json_pack("{s:s, s:s}", "email", "taal@x.nl",
		"language", "fr"), "language", "not one of");
	assert_int_equal(try_create(as(NULL), &accounts_def, json_pack("{s:s, s:s}", "email",
		"Hoofd.Letters@Voorbeeld.NL", "password", "een lang wachtwoord"), id), LP_OK);
	assert_int_equal(entity_get(as(NULL), &accounts_def, id, &out), LP_OK);
	/* stored lower-case, language defaulted, the password never shown */
	assert_string_equal(json_string_value(json_object_get(out, "email")),
			    "hoofd.letters@voorbeeld.nl");
	assert_string_equal(json_string_value(json_object_get(out, "language")), "nl");
	assert_null(json_object_get(out, "password"));
	assert_null(json_object_get(out, "password_hash"));
	json_decref(out);
	/* a second account with the same address (in any case) is a conflict */
	assert_int_equal(try_create(as(NULL), &accounts_def, json_pack("{s:s}", "email",
		"HOOFD.letters@voorbeeld.nl"), NULL), LP_ECONFLICT);
}

/* The rules of each record across its fields. */
static void
test_validate_record_rules(void **state)
{
	(void)state;
	expect_invalid_create(&organisations_def, json_pack("{s:s, s:s}", "kind", "institution",
		"name", "Zonder code"), "institution_code", "required");
	expect_invalid_create(&organisations_def, json_pack("{s:s, s:s, s:s}", "kind",
		"institution", "name", "Foute code", "institution_code", "ab12"),
		"institution_code", "two digits");
	expect_invalid_create(&organisations_def, json_pack("{s:s, s:s, s:s}", "kind", "employer",
		"name", "Code BV", "institution_code", "12AB"), "institution_code", NULL);
	expect_invalid_create(&organisations_def, json_pack("{s:s, s:s, s:b}", "kind", "employer",
		"name", "Bekostigd BV", "funded", 1), "funded", NULL);
	expect_invalid_create(&organisations_def, json_pack("{s:s, s:s, s:s}", "kind", "employer",
		"name", "KvK BV", "coc_number", "1234567"), "coc_number", "8 digits");
	expect_invalid_create(&organisations_def, json_pack("{s:s, s:s}", "kind", "club",
		"name", "Club"), "kind", "not one of");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "programme_code",
		json_string("1234a")), "programme_code", "five digits");
	expect_invalid_create(&employments_def, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		"person_id", fx.p_loose, "employer_id", fx.emp_a, "job_title", "Zelf",
		"start_date", "2024-01-01", "supervisor_id", fx.p_loose), "supervisor_id", "themselves");
	expect_invalid_create(&role_grants_def, json_pack("{s:s, s:s}", "account_id",
		fx.acc_locked, "role", "coach"), "organisation_id", "required");
	expect_invalid_create(&role_grants_def, json_pack("{s:s, s:s}", "account_id",
		fx.acc_locked, "role", "emperor"), "role", "not one of");
	expect_invalid_create(&network_memberships_def, json_pack("{s:s, s:s, s:s}",
		"network_id", fx.inst_a, "member_id", fx.emp_a, "role", "company"), "network_id",
		"network");
	expect_invalid_create(&network_memberships_def, json_pack("{s:s, s:s, s:s}",
		"network_id", fx.network, "member_id", fx.network, "role", "company"), "member_id",
		"itself");
}

/* Unknown, read-only and immutable keys, on create and update. */
static void
test_validate_keys(void **state)
{
	struct ctx *ctx;

	(void)state;
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "colour",
		json_string("blauw")), "colour", "not a field of programme");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "id",
		json_string("0190a000-0000-7000-8000-000000000000")), "id", "set by leerpad");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "version",
		json_integer(7)), "version", "set by leerpad");
	expect_invalid_create(&programmes_def, with(programme(fx.inst_a, "x"), "created_at",
		json_string("2020-01-01")), "created_at", "set by leerpad");
	expect_invalid_create(&accounts_def, json_pack("{s:s, s:s}", "email", "h@x.nl",
		"password_hash", "$argon2id$forged"), "password_hash", "not a field");

	ctx = as(NULL);
	assert_int_equal(try_create(ctx, &programmes_def, json_pack("[]"), NULL), LP_EINVAL);

	expect_invalid_update(&programmes_def, fx.prog_a, json_pack("{s:s}", "colour", "x"),
			      "colour", "not a field");
	expect_invalid_update(&programmes_def, fx.prog_a, json_pack("{s:s}", "id", fx.prog_b),
			      "id", "set by leerpad");
	expect_invalid_update(&programmes_def, fx.prog_a, json_pack("{s:s}", "version", "1"),
			      "version", "whole number");
	expect_invalid_update(&programmes_def, fx.prog_a, json_pack("{s:s}", "level", "phd"),
			      "level", "not one of");
	expect_invalid_update(&programmes_def, fx.prog_a, json_pack("{s:n}", "name"), "name",
			      "required");
	/* immutable fields: the same value is fine, another is refused */
	expect_invalid_update(&outcomes_def, fx.outcome_a1, json_pack("{s:s}", "programme_id",
			      fx.prog_b), "programme_id", "cannot be changed");
	expect_invalid_update(&employments_def, fx.employment_learner, json_pack("{s:s}",
			      "employer_id", fx.emp_b), "employer_id", "cannot be changed");
	assert_int_equal(try_update(as(NULL), &outcomes_def, fx.outcome_a1, json_pack("{s:s}",
			 "programme_id", fx.prog_a)), LP_OK);
}

/* ---- lists: pagination, filters and search ------------------------------ */

/* Lists def as ctx with query; returns the status and the items. */
static enum lp_status
list(struct ctx *ctx, const struct entity_def *def, const struct entity_query *q,
     json_t **items, const char **next)
{
	enum lp_status rc = entity_list(ctx, def, q, items, next);

	if (rc)
		assert_null(*items);
	return rc;
}

/* True if the list has a record with id. */
static bool
has_id(const json_t *items, const char *id)
{
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it)
		if (strcmp(json_string_value(json_object_get(it, "id")), id) == 0)
			return true;
	return false;
}

/* A query with one filter (name may be NULL) and an optional q. */
static struct entity_query
query(const char *name, const char *value, const char *q)
{
	struct entity_query eq;

	memset(&eq, 0, sizeof(eq));
	eq.limit = ENTITY_LIST_MAX;
	eq.q = q;
	if (name) {
		eq.filter_names[0] = name;
		eq.filter_values[0] = value;
		eq.filter_count = 1;
	}
	return eq;
}

/* Pages by cursor: all records once, in order, and counted. */
static void
test_cursor_pagination(void **state)
{
	struct ctx *ctx = as(NULL);
	char prog[ID_LEN], ids[23][ID_LEN];
	struct entity_query q = query("programme_id", prog, NULL);
	const char *next = NULL;
	json_t *items;
	int seen = 0, pages = 0;
	int64_t total = 0;

	(void)state;
	fixture_make(&fx, &programmes_def, programme(fx.inst_b, "Veel uitkomsten"), prog);
	for (int i = 0; i < 23; i++) {
		char code[16];
		snprintf(code, sizeof(code), "P-%02d", i);
		fixture_make(&fx, &outcomes_def, json_pack("{s:s, s:s, s:s, s:i}", "programme_id",
			     prog, "code", code, "title", "Uitkomst", "ec", 1), NULL);
	}
	q.limit = 10;
	do {
		q.cursor = next;
		assert_int_equal(list(ctx, &outcomes_def, &q, &items, &next), LP_OK);
		pages++;
		for (size_t i = 0; i < json_array_size(items); i++) {
			const char *id = json_string_value(json_object_get(json_array_get(items, i),
									   "id"));
			if (seen > 0)
				assert_true(strcmp(ids[seen - 1], id) < 0);
			snprintf(ids[seen++], ID_LEN, "%s", id);
		}
		if (next)
			assert_int_equal(json_array_size(items), 10);
		json_decref(items);
	} while (next);
	assert_int_equal(seen, 23);
	assert_int_equal(pages, 3);
	assert_int_equal(entity_count(ctx, &outcomes_def, &q, &total), LP_OK);
	assert_int_equal(total, 23);

	/* exactly a full page: no next cursor */
	q.cursor = NULL;
	q.limit = 23;
	assert_int_equal(list(ctx, &outcomes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 23);
	assert_null(next);
	json_decref(items);
	/* limit 0 means the default; above the maximum is the maximum */
	q.limit = 0;
	assert_int_equal(list(ctx, &outcomes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 23);
	json_decref(items);
	/* a cursor that is no id */
	q.cursor = "'; DROP TABLE outcomes; --";
	assert_int_equal(list(ctx, &outcomes_def, &q, &items, &next), LP_EINVAL);
	assert_string_equal(ctx->err->field, "cursor");
}

/* Every kind of list filter, and unknown or bad ones. */
static void
test_filters(void **state)
{
	struct ctx *ctx = as("");      /* public lists need no login */
	struct entity_query q;
	const char *next;
	json_t *items;

	(void)state;
	/* ENUMSET membership */
	q = query("mode", "dual", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.prog_a));
	assert_false(has_id(items, fx.prog_b));
	json_decref(items);
	q = query("mode", "dua", NULL);   /* a part of a value is no member */
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	q = query("experiment", "vraagfinanciering", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.prog_a));
	assert_false(has_id(items, fx.prog_b));
	json_decref(items);
	/* the voucher_eligible filter, both ways */
	q = query("voucher_eligible", "true", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.prog_a));
	assert_false(has_id(items, fx.prog_b));
	json_decref(items);
	q = query("voucher_eligible", "false", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_false(has_id(items, fx.prog_a));
	assert_true(has_id(items, fx.prog_b));
	json_decref(items);
	q = query("voucher_eligible", "yes", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_EINVAL);
	assert_string_equal(ctx->err->field, "voucher_eligible");
	q = query("voucher_eligible", "true", NULL);
	assert_int_equal(list(ctx, &offerings_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.offering_a));
	assert_false(has_id(items, fx.offering_b));
	json_decref(items);
	/* REFLIST: offerings serving an outcome; and through the programme */
	q = query("outcome_id", fx.outcome_a1, NULL);
	assert_int_equal(list(ctx, &offerings_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.offering_a));
	assert_false(has_id(items, fx.offering_b));
	assert_string_equal(json_string_value(json_array_get(json_object_get(
		json_array_get(items, 0), "outcome_ids"), 0)), fx.outcome_a1);
	json_decref(items);
	q = query("programme_id", fx.prog_b, NULL);
	assert_int_equal(list(ctx, &offerings_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.offering_b));
	assert_false(has_id(items, fx.offering_a));
	json_decref(items);
	/* REF, ENUM, TEXT and BOOL filters */
	q = query("institution_id", fx.inst_b, NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.prog_b));
	assert_false(has_id(items, fx.prog_a));
	json_decref(items);
	q = query("level", "associate_degree", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.prog_b));
	assert_false(has_id(items, fx.prog_a));
	json_decref(items);
	q = query("learning_line", "techniek", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.prog_a));
	assert_false(has_id(items, fx.prog_b));
	json_decref(items);
	q = query("funded", "true", NULL);
	assert_int_equal(list(ctx, &organisations_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.inst_a));
	assert_false(has_id(items, fx.inst_b));
	json_decref(items);
	q = query("funded", "1", NULL);
	assert_int_equal(list(ctx, &organisations_def, &q, &items, &next), LP_EINVAL);
	assert_string_equal(ctx->err->field, "funded");
	/* STRLIST: a whole item, not a part of one */
	q = query("location", "Eindhoven", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.prog_a));
	assert_false(has_id(items, fx.prog_b));
	json_decref(items);
	q = query("location", "Eind", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_false(has_id(items, fx.prog_a));
	json_decref(items);
	/* unknown filters and fields that are no filters */
	q = query("colour", "blue", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_EINVAL);
	assert_string_equal(ctx->err->field, "colour");
	q = query("name", "Ad Retailmanagement", NULL);   /* not a filter field */
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_EINVAL);
	assert_string_equal(ctx->err->field, "name");
	q = query("modes", "dual", NULL);   /* the filter is called mode */
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_EINVAL);
	q = query("level", "\xff\xfe", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_EINVAL);
	assert_string_equal(ctx->err->field, "level");
	/* SQL in a filter value is a value */
	q = query("level", "bachelor' OR '1'='1", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
}

/* Search ignores case; LIKE wildcards match only themselves. */
static void
test_search_and_like_wildcards(void **state)
{
	struct ctx *ctx = as("");
	char pct[ID_LEN], under[ID_LEN], plain[ID_LEN], slash[ID_LEN], loc[ID_LEN], locx[ID_LEN];
	struct entity_query q;
	const char *next;
	json_t *items;

	(void)state;
	fixture_make(&fx, &programmes_def, programme(fx.inst_a, "Zorg 100% flexibel"), pct);
	fixture_make(&fx, &programmes_def, programme(fx.inst_a, "Zorg_en_welzijn"), under);
	fixture_make(&fx, &programmes_def, programme(fx.inst_a, "Zorg en welzijn"), plain);
	fixture_make(&fx, &programmes_def, programme(fx.inst_a, "Zorg a\\b"), slash);
	fixture_make(&fx, &programmes_def, with(programme(fx.inst_a, "Haags"), "locations",
		     json_pack("[s]", "Den_Haag")), loc);
	fixture_make(&fx, &programmes_def, with(programme(fx.inst_a, "Haags 2"), "locations",
		     json_pack("[s]", "DenXHaag")), locx);

	/* case-insensitive search on the search fields */
	q = query(NULL, NULL, "WERKTUIGBOUW");
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.prog_a));
	assert_false(has_id(items, fx.prog_b));
	json_decref(items);
	/* % and _ and \ match only themselves */
	q = query(NULL, NULL, "%");
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(has_id(items, pct));
	json_decref(items);
	q = query(NULL, NULL, "_");
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(has_id(items, under));
	json_decref(items);
	q = query(NULL, NULL, "zorg_en");
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(has_id(items, under));
	assert_false(has_id(items, plain));
	json_decref(items);
	q = query(NULL, NULL, "\\");
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(has_id(items, slash));
	json_decref(items);
	q = query("location", "Den_Haag", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(has_id(items, loc));
	json_decref(items);
	q = query("location", "Den%", NULL);
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	/* search and filter together */
	q = query("level", "bachelor", "zorg");
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 4);
	json_decref(items);
	/* outcomes are searched by code and title */
	q = query(NULL, NULL, "wtb-2");
	assert_int_equal(list(ctx, &outcomes_def, &q, &items, &next), LP_OK);
	assert_true(has_id(items, fx.outcome_a2));
	assert_false(has_id(items, fx.outcome_a1));
	json_decref(items);
	/* search text that is not UTF-8 or too long */
	q = query(NULL, NULL, "\xc0\xaf");
	assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_EINVAL);
	assert_string_equal(ctx->err->field, "q");
	{
		char big[300];
		memset(big, 'q', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		q = query(NULL, NULL, big);
		assert_int_equal(list(ctx, &programmes_def, &q, &items, &next), LP_EINVAL);
	}
}

/* ---- authorisation ------------------------------------------------------ */

/* Expects ctx's create of input to end in want. */
static void
expect_create(const char *who, const char *account, const struct entity_def *def,
	      json_t *input, enum lp_status want)
{
	struct ctx *ctx = as(account);
	int64_t before = rows(def->name);
	enum lp_status rc = try_create(ctx, def, input, NULL);

	if (rc != want)
		fail_msg("%s creating %s: want status %d, got %d (%s: %s)", who, def->name, want,
			 rc, ctx->err->field, ctx->err->reason);
	assert_int_equal(rows(def->name), before + (want == LP_OK));
}

/* Expects an update as account to end in want. */
static void
expect_update(const char *who, const char *account, const struct entity_def *def,
	      const char *id, json_t *patch, enum lp_status want)
{
	struct ctx *ctx = as(account);
	enum lp_status rc = try_update(ctx, def, id, patch);

	if (rc != want)
		fail_msg("%s updating %s: want status %d, got %d (%s: %s)", who, def->name, want,
			 rc, ctx->err->field, ctx->err->reason);
}

/* Expects a read as account to end in want. */
static void
expect_get(const char *who, const char *account, const struct entity_def *def,
	   const char *id, enum lp_status want)
{
	struct ctx *ctx = as(account);
	json_t *out = NULL;
	enum lp_status rc = entity_get(ctx, def, id, &out);

	if (rc != want)
		fail_msg("%s reading %s %s: want status %d, got %d (%s)", who, def->name, id, want,
			 rc, ctx->err->reason);
	json_decref(out);
}

/* Who may write catalog records, in which organisation. */
static void
test_authz_catalog_writes(void **state)
{
	char net2[ID_LEN];

	(void)state;
	expect_create("anonymous", "", &programmes_def, programme(fx.inst_a, "A"), LP_EUNAUTH);
	expect_create("admin", fx.acc_admin, &programmes_def, programme(fx.inst_b, "Adm"), LP_OK);
	expect_create("inst_admin", fx.acc_inst_admin, &programmes_def,
		      programme(fx.inst_a, "Eigen"), LP_OK);
	expect_create("inst_admin", fx.acc_inst_admin, &programmes_def,
		      programme(fx.inst_b, "Andermans"), LP_EFORBIDDEN);
	expect_create("pm", fx.acc_pm, &programmes_def, programme(fx.inst_a, "PM"), LP_OK);
	expect_create("pm", fx.acc_pm, &programmes_def, programme(fx.inst_b, "PM"),
		      LP_EFORBIDDEN);
	expect_create("hr", fx.acc_hr, &programmes_def, programme(fx.inst_a, "HR"),
		      LP_EFORBIDDEN);
	expect_create("learner", fx.acc_learner, &programmes_def, programme(fx.inst_a, "L"),
		      LP_EFORBIDDEN);
	expect_create("coord", fx.acc_coord, &programmes_def, programme(fx.inst_a, "C"),
		      LP_EFORBIDDEN);
	expect_create("monitor", fx.acc_monitor, &programmes_def, programme(fx.inst_a, "M"),
		      LP_EFORBIDDEN);
	expect_update("inst_admin", fx.acc_inst_admin, &programmes_def, fx.prog_b,
		      json_pack("{s:s}", "name", "Gekaapt"), LP_EFORBIDDEN);
	expect_update("pm", fx.acc_pm, &programmes_def, fx.prog_a,
		      json_pack("{s:s}", "institution_id", fx.inst_b), LP_EFORBIDDEN);
	expect_update("pm", fx.acc_pm, &programmes_def, fx.prog_a,
		      json_pack("{s:s}", "description", "Door de opleidingsmanager"), LP_OK);
	expect_update("anonymous", "", &programmes_def, fx.prog_a,
		      json_pack("{s:s}", "description", "anoniem"), LP_EUNAUTH);

	/* outcomes belong to the programme's institution */
	expect_create("pm", fx.acc_pm, &outcomes_def, json_pack("{s:s, s:s, s:s, s:i}",
		      "programme_id", fx.prog_a, "code", "PM-1", "title", "T", "ec", 5), LP_OK);
	expect_create("pm", fx.acc_pm, &outcomes_def, json_pack("{s:s, s:s, s:s, s:i}",
		      "programme_id", fx.prog_b, "code", "PM-1", "title", "T", "ec", 5),
		      LP_EFORBIDDEN);
	expect_update("inst_admin", fx.acc_inst_admin, &outcomes_def, fx.outcome_b1,
		      json_pack("{s:s}", "title", "x"), LP_EFORBIDDEN);

	/* offerings: institutions and employers offer their own */
	expect_create("hr", fx.acc_hr, &offerings_def, offering(fx.emp_a, "Bedrijfstraining"),
		      LP_OK);
	expect_create("hr", fx.acc_hr, &offerings_def, offering(fx.inst_a, "Namens de school"),
		      LP_EFORBIDDEN);
	expect_create("hr_b", fx.acc_hr_b, &offerings_def, offering(fx.emp_a, "Namens Alfa"),
		      LP_EFORBIDDEN);
	expect_create("inst_admin", fx.acc_inst_admin, &offerings_def,
		      offering(fx.inst_a, "Eigen module"), LP_OK);
	expect_update("inst_admin", fx.acc_inst_admin, &offerings_def, fx.offering_b,
		      json_pack("{s:i}", "capacity", 10), LP_EFORBIDDEN);
	expect_update("inst_admin", fx.acc_inst_admin, &offerings_def, fx.offering_a,
		      json_pack("{s:s}", "provider_id", fx.inst_b), LP_EFORBIDDEN);
	expect_create("learner", fx.acc_learner, &offerings_def, offering(fx.inst_a, "L"),
		      LP_EFORBIDDEN);

	/* organisations: only system administrators create; members edit their own */
	expect_create("inst_admin", fx.acc_inst_admin, &organisations_def, json_pack(
		      "{s:s, s:s}", "kind", "employer", "name", "Nieuw BV"), LP_EFORBIDDEN);
	expect_create("hr", fx.acc_hr, &organisations_def, json_pack(
		      "{s:s, s:s}", "kind", "employer", "name", "Nieuw BV"), LP_EFORBIDDEN);
	expect_create("admin", fx.acc_admin, &organisations_def, json_pack("{s:s, s:s}", "kind",
		      "network", "name", "Tweede netwerk"), LP_OK);
	expect_update("inst_admin", fx.acc_inst_admin, &organisations_def, fx.inst_a,
		      json_pack("{s:s}", "city", "Tilburg"), LP_OK);
	expect_update("inst_admin", fx.acc_inst_admin, &organisations_def, fx.inst_b,
		      json_pack("{s:s}", "city", "Tilburg"), LP_EFORBIDDEN);
	expect_update("pm", fx.acc_pm, &organisations_def, fx.inst_a,
		      json_pack("{s:s}", "city", "Breda"), LP_EFORBIDDEN);
	expect_update("hr", fx.acc_hr, &organisations_def, fx.emp_a,
		      json_pack("{s:s}", "city", "Venlo"), LP_OK);
	expect_update("coord", fx.acc_coord, &organisations_def, fx.network,
		      json_pack("{s:s}", "short_name", "CoE"), LP_OK);
	expect_update("coord", fx.acc_coord, &organisations_def, fx.inst_a,
		      json_pack("{s:s}", "short_name", "X"), LP_EFORBIDDEN);

	/* network memberships: the coordinator of that network */
	fixture_make(&fx, &organisations_def, json_pack("{s:s, s:s}", "kind", "network",
		     "name", "Ander netwerk"), net2);
	expect_create("coord", fx.acc_coord, &network_memberships_def, json_pack(
		      "{s:s, s:s, s:s}", "network_id", fx.network, "member_id", fx.emp_a, "role",
		      "company"), LP_OK);
	expect_create("coord", fx.acc_coord, &network_memberships_def, json_pack(
		      "{s:s, s:s, s:s}", "network_id", net2, "member_id", fx.emp_a, "role",
		      "company"), LP_EFORBIDDEN);
	/* the same member twice is a conflict */
	expect_create("coord", fx.acc_coord, &network_memberships_def, json_pack(
		      "{s:s, s:s, s:s}", "network_id", fx.network, "member_id", fx.emp_a, "role",
		      "partner"), LP_ECONFLICT);
	expect_update("inst_admin", fx.acc_inst_admin, &network_memberships_def, fx.membership,
		      json_pack("{s:s}", "role", "partner"), LP_EFORBIDDEN);
	assert_true(authz_may_create_some(&who_buf.actor, &programmes_def));
	as(fx.acc_learner);
	assert_false(authz_may_create_some(&who_buf.actor, &programmes_def));
	as(fx.acc_hr);
	assert_true(authz_may_create_some(&who_buf.actor, &offerings_def));
	assert_false(authz_may_create_some(&who_buf.actor, &accounts_def));
	assert_false(authz_may_create_some(&who_buf.actor, &organisations_def));
	as(fx.acc_admin);
	assert_true(authz_may_create_some(&who_buf.actor, &accounts_def));
	as("");
	assert_false(authz_may_create_some(&who_buf.actor, &programmes_def));
}

/* Lists every record of def visible to account. */
static json_t *
visible(const char *account, const struct entity_def *def, enum lp_status want)
{
	struct ctx *ctx = as(account);
	struct entity_query q = query(NULL, NULL, NULL);
	const char *next;
	json_t *items = NULL;
	enum lp_status rc = list(ctx, def, &q, &items, &next);

	if (rc != want)
		fail_msg("listing %s: want %d, got %d (%s)", def->name, want, rc, ctx->err->reason);
	assert_null(next);
	return items;
}

/* Who may see and change people and employments. */
static void
test_authz_people(void **state)
{
	json_t *items;

	(void)state;
	/* employer HR sees the employer's people, nobody else */
	items = visible(fx.acc_hr, &persons_def, LP_OK);
	assert_true(has_id(items, fx.p_learner));
	assert_true(has_id(items, fx.p_supervisor));
	assert_true(has_id(items, fx.p_hr));
	assert_false(has_id(items, fx.p_other));
	assert_false(has_id(items, fx.p_loose));
	json_decref(items);
	items = visible(fx.acc_hr_b, &persons_def, LP_OK);
	assert_true(has_id(items, fx.p_other));
	assert_false(has_id(items, fx.p_learner));
	json_decref(items);
	expect_get("hr", fx.acc_hr, &persons_def, fx.p_learner, LP_OK);
	expect_get("hr", fx.acc_hr, &persons_def, fx.p_other, LP_ENOTFOUND);
	expect_get("supervisor", fx.acc_supervisor, &persons_def, fx.p_learner, LP_OK);
	expect_get("supervisor", fx.acc_supervisor, &persons_def, fx.p_other, LP_ENOTFOUND);
	/* a learner sees only themselves */
	items = visible(fx.acc_learner, &persons_def, LP_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(has_id(items, fx.p_learner));
	json_decref(items);
	expect_get("learner", fx.acc_learner, &persons_def, fx.p_learner, LP_OK);
	expect_get("learner", fx.acc_learner, &persons_def, fx.p_supervisor, LP_ENOTFOUND);
	/* institution administrators see the people with a role at their
	 * institution (the learner), not everyone */
	expect_get("inst_admin", fx.acc_inst_admin, &persons_def, fx.p_learner, LP_OK);
	expect_get("inst_admin", fx.acc_inst_admin, &persons_def, fx.p_loose, LP_ENOTFOUND);
	items = visible(fx.acc_inst_admin, &persons_def, LP_OK);
	assert_true(has_id(items, fx.p_learner));
	assert_false(has_id(items, fx.p_other));
	assert_false(has_id(items, fx.p_loose));
	json_decref(items);
	expect_update("inst_admin", fx.acc_inst_admin, &persons_def, fx.p_loose,
		      json_pack("{s:s}", "phone", "1"), LP_ENOTFOUND);
	/* nobody, the monitor and an account without roles see no one */
	expect_get("anonymous", "", &persons_def, fx.p_learner, LP_EUNAUTH);
	json_decref(visible("", &persons_def, LP_EUNAUTH));
	expect_get("monitor", fx.acc_monitor, &persons_def, fx.p_learner, LP_ENOTFOUND);
	items = visible(fx.acc_monitor, &persons_def, LP_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	items = visible(fx.acc_locked, &persons_def, LP_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);

	/* employments */
	items = visible(fx.acc_hr, &employments_def, LP_OK);
	assert_true(has_id(items, fx.employment_learner));
	assert_false(has_id(items, fx.employment_other));
	json_decref(items);
	items = visible(fx.acc_learner, &employments_def, LP_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(has_id(items, fx.employment_learner));
	json_decref(items);
	expect_get("supervisor", fx.acc_supervisor, &employments_def, fx.employment_learner,
		   LP_OK);
	expect_get("hr", fx.acc_hr, &employments_def, fx.employment_other, LP_ENOTFOUND);
	expect_get("learner", fx.acc_learner, &employments_def, fx.employment_other,
		   LP_ENOTFOUND);

	/* writes on people */
	expect_update("learner", fx.acc_learner, &persons_def, fx.p_learner,
		      json_pack("{s:s}", "phone", "06-12345678"), LP_OK);
	expect_update("learner", fx.acc_learner, &persons_def, fx.p_supervisor,
		      json_pack("{s:s}", "phone", "06-0"), LP_ENOTFOUND);
	expect_update("hr", fx.acc_hr, &persons_def, fx.p_learner,
		      json_pack("{s:s}", "email", "lotte@alfa.example.nl"), LP_OK);
	expect_update("hr", fx.acc_hr, &persons_def, fx.p_other,
		      json_pack("{s:s}", "phone", "1"), LP_ENOTFOUND);
	expect_update("supervisor", fx.acc_supervisor, &persons_def, fx.p_learner,
		      json_pack("{s:s}", "phone", "1"), LP_EFORBIDDEN);
	expect_create("hr", fx.acc_hr, &persons_def, json_pack("{s:s, s:s}", "given_name",
		      "Nieuwe", "family_name", "Collega"), LP_OK);
	expect_create("learner", fx.acc_learner, &persons_def, json_pack("{s:s, s:s}",
		      "given_name", "Nep", "family_name", "Persoon"), LP_EFORBIDDEN);
	expect_create("supervisor", fx.acc_supervisor, &persons_def, json_pack("{s:s, s:s}",
		      "given_name", "Nep", "family_name", "Persoon"), LP_EFORBIDDEN);
	expect_create("hr", fx.acc_hr, &employments_def, json_pack("{s:s, s:s, s:s, s:s}",
		      "person_id", fx.p_loose, "employer_id", fx.emp_b, "job_title", "Stage",
		      "start_date", "2025-01-01"), LP_EFORBIDDEN);
	/* HR cannot attach a person it cannot see, nor name one as supervisor */
	expect_create("hr", fx.acc_hr, &employments_def, json_pack("{s:s, s:s, s:s, s:s}",
		      "person_id", fx.p_loose, "employer_id", fx.emp_a, "job_title", "Stage",
		      "start_date", "2025-01-01"), LP_EINVAL);
	expect_create("hr", fx.acc_hr, &employments_def, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		      "person_id", fx.p_learner, "employer_id", fx.emp_a, "job_title", "Stage",
		      "start_date", "2025-01-01", "supervisor_id", fx.p_other), LP_EINVAL);
	expect_get("hr", fx.acc_hr, &persons_def, fx.p_loose, LP_ENOTFOUND);
	/* nor register a person for another organisation */
	expect_create("hr", fx.acc_hr, &persons_def, json_pack("{s:s, s:s, s:s}", "given_name",
		      "Nep", "family_name", "Persoon", "registered_by_id", fx.emp_b),
		      LP_EFORBIDDEN);
}

/* A person HR registers is HR's to see, edit and employ, and no one else's. */
static void
test_authz_people_registered(void **state)
{
	struct ctx *ctx;
	json_t *person = NULL, *input;
	const char *id;

	(void)state;
	ctx = as(fx.acc_hr);
	input = json_pack("{s:s, s:s}", "given_name", "Nina", "family_name", "Nieuwkomer");
	assert_int_equal(entity_create(ctx, &persons_def, input, &person), LP_OK);
	json_decref(input);
	id = json_string_value(json_object_get(person, "id"));
	assert_string_equal(json_string_value(json_object_get(person, "registered_by_id")),
			    fx.emp_a);
	expect_get("hr", fx.acc_hr, &persons_def, id, LP_OK);
	expect_get("hr_b", fx.acc_hr_b, &persons_def, id, LP_ENOTFOUND);
	expect_get("inst_admin", fx.acc_inst_admin, &persons_def, id, LP_ENOTFOUND);
	expect_update("hr", fx.acc_hr, &persons_def, id, json_pack("{s:s}", "phone", "040-1"),
		      LP_OK);
	expect_update("hr", fx.acc_hr, &persons_def, id,
		      json_pack("{s:s}", "registered_by_id", fx.emp_b), LP_EINVAL);
	expect_create("hr", fx.acc_hr, &employments_def, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		      "person_id", id, "employer_id", fx.emp_a, "job_title", "Leerling-monteur",
		      "start_date", "2026-09-01", "supervisor_id", fx.p_supervisor), LP_OK);
	/* now the supervisor sees the new employee too */
	expect_get("supervisor", fx.acc_supervisor, &persons_def, id, LP_OK);
	json_decref(person);
}

/* Accounts and role grants: the system administrator, and each their own. */
static void
test_authz_accounts(void **state)
{
	json_t *items, *out = NULL;
	struct ctx *ctx;

	(void)state;
	items = visible(fx.acc_admin, &accounts_def, LP_OK);
	assert_true(has_id(items, fx.acc_learner));
	assert_true(has_id(items, fx.acc_hr));
	assert_true(json_array_size(items) >= 10);
	json_decref(items);
	/* everyone else sees only their own account and grants */
	items = visible(fx.acc_inst_admin, &accounts_def, LP_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(has_id(items, fx.acc_inst_admin));
	json_decref(items);
	items = visible(fx.acc_learner, &role_grants_def, LP_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(has_id(items, fx.grant_learner));
	json_decref(items);
	json_decref(visible("", &accounts_def, LP_EUNAUTH));
	expect_get("inst_admin", fx.acc_inst_admin, &accounts_def, fx.acc_learner, LP_ENOTFOUND);
	expect_get("hr", fx.acc_hr, &role_grants_def, fx.grant_learner, LP_ENOTFOUND);
	expect_get("learner", fx.acc_learner, &role_grants_def, fx.grant_learner, LP_OK);
	ctx = as(fx.acc_learner);
	assert_int_equal(entity_get(ctx, &accounts_def, fx.acc_learner, &out), LP_OK);
	assert_null(json_object_get(out, "password"));
	assert_null(json_object_get(out, "password_hash"));
	json_decref(out);
	/* only system administrators write accounts and grants */
	expect_create("inst_admin", fx.acc_inst_admin, &accounts_def, json_pack("{s:s}", "email",
		      "nieuw@x.nl"), LP_EFORBIDDEN);
	expect_update("learner", fx.acc_learner, &accounts_def, fx.acc_learner,
		      json_pack("{s:s}", "language", "en"), LP_EFORBIDDEN);
	expect_create("learner", fx.acc_learner, &role_grants_def, json_pack("{s:s, s:s}",
		      "account_id", fx.acc_learner, "role", "system_admin"), LP_EFORBIDDEN);
	expect_create("inst_admin", fx.acc_inst_admin, &role_grants_def, json_pack(
		      "{s:s, s:s, s:s}", "account_id", fx.acc_learner, "role", "coach",
		      "organisation_id", fx.inst_a), LP_EFORBIDDEN);
	expect_create("admin", fx.acc_admin, &accounts_def, json_pack("{s:s}", "email",
		      "door-admin@x.nl"), LP_OK);
}

/* ---- audit -------------------------------------------------------------- */

/* The changes of the newest audit entry of entity_id with action. */
static json_t *
last_audit(const char *entity_id, const char *action, char actor[ID_LEN + 8])
{
	struct db_stmt *st;
	json_t *changes = NULL;

	assert_int_equal(db_prepare(fx.db, "SELECT changes, actor_id FROM audit_log WHERE"
				    " entity_id = ? AND action = ? ORDER BY id DESC LIMIT 1", &st,
				    NULL), LP_OK);
	db_bind_text(st, 1, entity_id);
	db_bind_text(st, 2, action);
	if (db_step(st) == DB_ROW) {
		changes = json_loads(db_column_text(st, 0), 0, NULL);
		snprintf(actor, ID_LEN + 8, "%s", db_column_text(st, 1) ? db_column_text(st, 1)
									 : "");
	}
	db_reset(st);
	return changes;
}

/* Writes leave audit entries with what changed; no passwords; no failed writes. */
static void
test_audit_entries(void **state)
{
	char id[ID_LEN], acc[ID_LEN], actor[ID_LEN + 8];
	json_t *changes, *list = NULL;
	int64_t before;
	struct ctx *ctx;
	char *text;

	(void)state;
	ctx = as(fx.acc_pm);
	assert_int_equal(try_create(ctx, &programmes_def, programme(fx.inst_a, "Geaudit"), id),
			 LP_OK);
	changes = last_audit(id, "create", actor);
	assert_non_null(changes);
	assert_string_equal(actor, fx.acc_pm);
	assert_string_equal(json_string_value(json_object_get(changes, "name")), "Geaudit");
	assert_int_equal(json_integer_value(json_object_get(changes, "total_ec")), 240);
	json_decref(changes);

	assert_int_equal(try_update(ctx, &programmes_def, id, json_pack("{s:s, s:s}", "name",
				    "Geaudit 2", "level", "bachelor")), LP_OK);
	changes = last_audit(id, "update", actor);
	assert_non_null(changes);
	/* only what changed, as [old, new] */
	assert_int_equal(json_object_size(changes), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(changes, "name"),
							     0)), "Geaudit");
	assert_string_equal(json_string_value(json_array_get(json_object_get(changes, "name"),
							     1)), "Geaudit 2");
	json_decref(changes);

	/* an update that changes nothing writes nothing: same version, no entry */
	before = rows("audit_log");
	{
		json_t *same = NULL, *patch = json_pack("{s:s, s:i}", "name", "Geaudit 2",
							"total_ec", 240);
		assert_int_equal(entity_update(ctx, &programmes_def, id, patch, &same), LP_OK);
		assert_int_equal(json_integer_value(json_object_get(same, "version")), 2);
		assert_string_equal(json_string_value(json_object_get(same, "name")), "Geaudit 2");
		json_decref(same);
		json_decref(patch);
	}
	assert_int_equal(rows("audit_log"), before);

	/* REFLIST changes are audited too */
	ctx = as(NULL);
	assert_int_equal(try_update(ctx, &offerings_def, fx.offering_a, json_pack("{s:[ss]}",
				    "outcome_ids", fx.outcome_a1, fx.outcome_a2)), LP_OK);
	changes = last_audit(fx.offering_a, "update", actor);
	assert_string_equal(actor, "system");
	assert_true(json_is_array(json_object_get(changes, "outcome_ids")));
	json_decref(changes);

	/* passwords are never written down */
	assert_int_equal(try_create(ctx, &accounts_def, json_pack("{s:s, s:s}", "email",
				    "geheim@x.nl", "password", "zeer geheim wachtwoord"), acc), LP_OK);
	changes = last_audit(acc, "create", actor);
	assert_string_equal(json_string_value(json_object_get(changes, "password")), "(changed)");
	json_decref(changes);
	assert_int_equal(try_update(ctx, &accounts_def, acc, json_pack("{s:s}", "password",
				    "nog geheimer wachtwoord")), LP_OK);
	changes = last_audit(acc, "update", actor);
	assert_string_equal(json_string_value(json_array_get(json_object_get(changes, "password"),
							     1)), "(changed)");
	text = json_dumps(changes, 0);
	assert_non_null(text);
	assert_null(strstr(text, "geheim"));
	free(text);
	json_decref(changes);

	/* a failed write leaves no entry */
	before = rows("audit_log");
	assert_int_equal(try_create(ctx, &programmes_def, with(programme(fx.inst_a, "x"),
				    "level", json_string("phd")), NULL), LP_EINVAL);
	assert_int_equal(try_create(as(fx.acc_learner), &programmes_def,
				    programme(fx.inst_a, "x"), NULL), LP_EFORBIDDEN);
	assert_int_equal(rows("audit_log"), before);

	/* reading the log: system administrators only */
	ctx = as(fx.acc_admin);
	assert_int_equal(audit_list(ctx, "programmes", id, NULL, &list), LP_OK);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(
		list, "items"), 0), "action")), "update");
	assert_true(json_is_null(json_object_get(list, "next_cursor")) ||
		    !json_object_get(list, "next_cursor"));
	json_decref(list);
	assert_int_equal(audit_list(ctx, NULL, NULL, "not-a-cursor", &list), LP_EINVAL);
	assert_int_equal(audit_list(as(fx.acc_monitor), NULL, NULL, NULL, &list), LP_EFORBIDDEN);
	assert_int_equal(audit_list(as(fx.acc_inst_admin), NULL, NULL, NULL, &list),
			 LP_EFORBIDDEN);
	assert_int_equal(audit_list(as(""), NULL, NULL, NULL, &list), LP_EUNAUTH);
	assert_null(list);
}

static void
test_audit_pagination(void **state)
{
	struct ctx *ctx;
	json_t *page1 = NULL, *page2 = NULL;
	const char *cursor;
	int64_t total;
	size_t want;

	(void)state;
	for (int i = 0; rows("audit_log") <= 130; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Audit %d", i);
		fixture_make(&fx, &persons_def, json_pack("{s:s, s:s}", "given_name", name,
							  "family_name", "Vulling"), NULL);
	}
	total = rows("audit_log");
	want = (size_t)(total - 100 < 100 ? total - 100 : 100);
	ctx = as(fx.acc_admin);
	assert_int_equal(audit_list(ctx, NULL, NULL, NULL, &page1), LP_OK);
	assert_int_equal(json_array_size(json_object_get(page1, "items")), 100);
	cursor = json_string_value(json_object_get(page1, "next_cursor"));
	assert_non_null(cursor);
	assert_string_equal(cursor, json_string_value(json_object_get(json_array_get(
		json_object_get(page1, "items"), 99), "id")));
	assert_int_equal(audit_list(ctx, NULL, NULL, cursor, &page2), LP_OK);
	assert_int_equal(json_array_size(json_object_get(page2, "items")), want);
	/* newest first, and the second page continues below the first */
	assert_true(strcmp(json_string_value(json_object_get(json_array_get(json_object_get(
		page2, "items"), 0), "id")), cursor) < 0);
	json_decref(page1);
	json_decref(page2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_get_update),
		cmocka_unit_test(test_get_unknown),
		cmocka_unit_test(test_entity_lookup),
		cmocka_unit_test(test_validate_text),
		cmocka_unit_test(test_validate_longtext),
		cmocka_unit_test(test_validate_email_url),
		cmocka_unit_test(test_validate_enum_and_enumset),
		cmocka_unit_test(test_validate_strlist),
		cmocka_unit_test(test_validate_numbers),
		cmocka_unit_test(test_validate_bool_date),
		cmocka_unit_test(test_validate_refs),
		cmocka_unit_test(test_validate_password_and_account),
		cmocka_unit_test(test_validate_record_rules),
		cmocka_unit_test(test_validate_keys),
		cmocka_unit_test(test_cursor_pagination),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_search_and_like_wildcards),
		cmocka_unit_test(test_authz_catalog_writes),
		cmocka_unit_test(test_authz_people),
		cmocka_unit_test(test_authz_people_registered),
		cmocka_unit_test(test_authz_accounts),
		cmocka_unit_test(test_audit_entries),
		cmocka_unit_test(test_audit_pagination),
	};

	return cmocka_run_group_tests_name("domain", tests, group_setup, group_teardown);
}
