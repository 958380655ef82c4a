/* test_web.c: unit tests of the pieces of the HTML pages that need no
 * server: money and credit formatting, labels of code values, reading
 * urlencoded forms, turning forms into entity JSON and back, and the
 * check that keeps the login redirect on this site */
#include "base/arena.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "base/money.h"
#include "domain/entity.h"
#include "surfaces/web/form.h"
#include "surfaces/web/labels.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

/* ---- money ---------------------------------------------------------------- */

static void
test_money_format(void **state)
{
	char out[MONEY_TEXT_LEN];

	(void)state;
	assert_string_equal(money_format(125000, LANG_NL, out), "€ 1.250,00");
	assert_string_equal(money_format(125000, LANG_EN, out), "€1,250.00");
	assert_string_equal(money_format(0, LANG_NL, out), "€ 0,00");
	assert_string_equal(money_format(5, LANG_NL, out), "€ 0,05");
	assert_string_equal(money_format(99, LANG_EN, out), "€0.99");
	assert_string_equal(money_format(100000, LANG_NL, out), "€ 1.000,00");
	assert_string_equal(money_format(99999, LANG_NL, out), "€ 999,99");
	assert_string_equal(money_format(123456789, LANG_NL, out), "€ 1.234.567,89");
	assert_string_equal(money_format(123456789, LANG_EN, out), "€1,234,567.89");
	assert_string_equal(money_format(-1250, LANG_NL, out), "€ -12,50");
	assert_string_equal(money_format(-1250, LANG_EN, out), "-€12.50");
	assert_string_equal(money_format(-5, LANG_NL, out), "€ -0,05");
	/* the extremes fit and keep every digit */
	assert_string_equal(money_format(INT64_MAX, LANG_NL, out),
			    "€ 92.233.720.368.547.758,07");
	assert_string_equal(money_format(INT64_MIN, LANG_EN, out),
			    "-€92,233,720,368,547,758.08");
}

/* ---- labels --------------------------------------------------------------- */

static void
test_labels(void **state)
{
	char ec[LABEL_EC_LEN], date[LABEL_DATE_LEN], moment[LABEL_MOMENT_LEN];

	(void)state;
	i18n_init(NULL);
	assert_string_equal(label_value(LANG_NL, "part_time"), "deeltijd");
	assert_string_equal(label_value(LANG_EN, "part_time"), "part-time");
	assert_string_equal(label_value(LANG_NL, "full_time"), "voltijd");
	assert_string_equal(label_value(LANG_NL, "dual"), "duaal");
	assert_string_equal(label_value(LANG_NL, "post_hbo"), "Post-hbo");
	assert_string_equal(label_value(LANG_EN, "associate_degree"), "Associate degree");
	assert_string_equal(label_value(LANG_NL, "institution"), "Onderwijsinstelling");
	assert_string_equal(label_value(LANG_NL, "at_work"), "op de werkplek");
	/* role names come from role_label and the Dutch catalog */
	assert_string_equal(label_value(LANG_EN, "programme_manager"), "Programme manager");
	assert_string_equal(label_value(LANG_NL, "programme_manager"), "Opleidingsmanager");
	assert_string_equal(label_role(LANG_NL, ROLE_EXAM_BOARD), "Examencommissie");
	/* an unknown value is shown as it is, never hidden */
	assert_string_equal(label_value(LANG_NL, "something_new"), "something_new");
	assert_string_equal(label_value(LANG_NL, NULL), "");

	assert_string_equal(label_ec(LANG_NL, 75, ec), "7,5");
	assert_string_equal(label_ec(LANG_EN, 75, ec), "7.5");
	assert_string_equal(label_ec(LANG_NL, 300, ec), "30");
	assert_string_equal(label_ec(LANG_NL, 5, ec), "0,5");
	assert_string_equal(label_ec(LANG_EN, -5, ec), "-0.5");
	/* the same text snprintf gave, over a range and at the extremes */
	{
		static const int64_t far[] = { INT64_MIN, INT64_MIN + 1, -1000000007, 1000000007,
					       INT64_MAX - 1, INT64_MAX };
		char want[LABEL_EC_LEN];
		for (int64_t t = -2500; t <= 2500 + 6; t++) {
			int64_t v = t <= 2500 ? t : far[t - 2501];
			int64_t whole = v / 10, part = v % 10 < 0 ? -(v % 10) : v % 10;
			for (int l = 0; l < 2; l++) {
				enum lang lang = l ? LANG_EN : LANG_NL;
				if (part == 0)
					snprintf(want, sizeof(want), "%lld", (long long)whole);
				else
					snprintf(want, sizeof(want), "%s%lld%c%lld",
						 v < 0 && whole == 0 ? "-" : "", (long long)whole,
						 lang == LANG_EN ? '.' : ',', (long long)part);
				assert_string_equal(label_ec(lang, v, ec), want);
			}
		}
	}

	assert_string_equal(label_date(LANG_NL, "2025-09-01", date), "1 september 2025");
	assert_string_equal(label_date(LANG_EN, "2026-01-31", date), "31 January 2026");
	assert_string_equal(label_date(LANG_NL, "2024-02-29", date), "29 februari 2024");
	assert_string_equal(label_date(LANG_NL, "2025-02-30", date), "2025-02-30");
	assert_string_equal(label_date(LANG_NL, "soon", date), "soon");
	assert_string_equal(label_date(LANG_NL, NULL, date), "");
	assert_string_equal(label_month(LANG_NL, "2026-11", date), "november 2026");
	assert_string_equal(label_month(LANG_EN, "2027-01", date), "January 2027");
	assert_string_equal(label_month(LANG_NL, "2026-13", date), "2026-13");
	assert_string_equal(label_month(LANG_NL, "2026-1", date), "2026-1");
	assert_string_equal(label_month(LANG_NL, NULL, date), "");

	assert_string_equal(label_moment(LANG_NL, "2026-11-29T08:28:22.176Z", moment),
			    "29 november 2026, 09:28");
	assert_string_equal(label_moment(LANG_EN, "2026-07-01T22:05:00Z", moment),
			    "2 July 2026, 00:05");
	assert_string_equal(label_moment(LANG_NL, "soon", moment), "soon");
}

/* ---- forms ---------------------------------------------------------------- */

static void
test_form_parse(void **state)
{
	struct arena a = ARENA_INIT;
	struct form f;
	struct lp_error err = LP_ERROR_INIT;
	const char body[] = "name=Ad+Engineering&modes=dual&modes=part_time&x&"
			    "q=%3Cscript%3E%26&bad=%zz%4&&empty=";

	(void)state;
	form_init(&f, &a);
	assert_int_equal(form_parse(&f, body, strlen(body), &err), LP_OK);
	assert_int_equal(f.count, 7);
	assert_string_equal(form_get(&f, "name"), "Ad Engineering");
	/* the first of repeated names; every one for form_has */
	assert_string_equal(form_get(&f, "modes"), "dual");
	assert_true(form_has(&f, "modes", "part_time"));
	assert_false(form_has(&f, "modes", "full_time"));
	assert_string_equal(form_get(&f, "x"), "");
	assert_string_equal(form_get(&f, "q"), "<script>&");
	/* malformed escapes are kept as they are */
	assert_string_equal(form_get(&f, "bad"), "%zz%4");
	assert_string_equal(form_get(&f, "empty"), "");
	assert_null(form_get(&f, "missing"));
	/* nothing at all is no pair */
	form_init(&f, &a);
	assert_int_equal(form_parse(&f, "", 0, &err), LP_OK);
	assert_int_equal(f.count, 0);
	arena_release(&a);
}

static void
test_form_parse_limit(void **state)
{
	struct arena a = ARENA_INIT;
	struct form f;
	struct lp_error err = LP_ERROR_INIT;
	struct buf body = BUF_INIT;

	(void)state;
	for (int i = 0; i <= FORM_MAX_PAIRS; i++)
		buf_puts(&body, "a=1&");
	form_init(&f, &a);
	assert_int_equal(form_parse(&f, body.p, body.len, &err), LP_ETOOBIG);
	assert_int_equal(err.status, LP_ETOOBIG);
	buf_release(&body);
	arena_release(&a);
}

static void
test_numbers(void **state)
{
	int64_t n;

	(void)state;
	assert_true(form_parse_ec("7", &n));
	assert_int_equal(n, 70);
	assert_true(form_parse_ec("7.5", &n));
	assert_int_equal(n, 75);
	assert_true(form_parse_ec("7,5", &n));
	assert_int_equal(n, 75);
	assert_true(form_parse_ec("7,50", &n));
	assert_int_equal(n, 75);
	assert_true(form_parse_ec("0.1", &n));
	assert_int_equal(n, 1);
	assert_true(form_parse_ec("-2,5", &n));
	assert_int_equal(n, -25);
	assert_false(form_parse_ec("7.55", &n));
	assert_false(form_parse_ec("7.", &n));
	assert_false(form_parse_ec(".5", &n));
	assert_false(form_parse_ec("7,5 EC", &n));
	assert_false(form_parse_ec("1e3", &n));
	assert_false(form_parse_ec("", &n));
	assert_false(form_parse_ec("9999999999999999", &n));

	assert_true(form_parse_int("125000", &n));
	assert_int_equal(n, 125000);
	assert_true(form_parse_int("-3", &n));
	assert_int_equal(n, -3);
	assert_false(form_parse_int("12.5", &n));
	assert_false(form_parse_int("12 ", &n));
	assert_false(form_parse_int(" 12", &n));
	assert_false(form_parse_int("", &n));
	assert_false(form_parse_int("99999999999999999999", &n));
}

static void
test_local_path(void **state)
{
	(void)state;
	assert_true(form_is_local_path("/"));
	assert_true(form_is_local_path("/admin"));
	assert_true(form_is_local_path("/catalog?mode=dual&q=x"));
	assert_false(form_is_local_path(NULL));
	assert_false(form_is_local_path(""));
	assert_false(form_is_local_path("admin"));
	assert_false(form_is_local_path("//evil.example"));
	assert_false(form_is_local_path("/\\evil.example"));
	assert_false(form_is_local_path("/a\\b"));
	assert_false(form_is_local_path("https://evil.example/"));
	assert_false(form_is_local_path("javascript:alert(1)"));
	assert_false(form_is_local_path("/a\r\nSet-Cookie: x=1"));
	assert_false(form_is_local_path("/a b"));
	assert_false(form_is_local_path("/caf\xc3\xa9"));
}

/* Parses body into a new form in a. */
static struct form
form_of(struct arena *a, const char *body)
{
	struct form f;
	struct lp_error err = LP_ERROR_INIT;

	form_init(&f, a);
	assert_int_equal(form_parse(&f, body, strlen(body), &err), LP_OK);
	return f;
}

static void
test_form_to_json_create(void **state)
{
	struct arena a = ARENA_INIT;
	struct form_errors errs = { 0 };
	struct form f = form_of(&a,
		"csrf=t&institution_id=0190&name=+Ad+Engineering+&level=associate_degree"
		"&total_ec=120&programme_code=&modes=&modes=dual&modes=part_time&experiments="
		"&locations=Eindhoven%0D%0A%0D%0A++Venlo+%0D%0A&learning_line="
		"&description=Regel+1%0D%0ARegel+2%0D%0A");
	json_t *out = NULL, *list;

	(void)state;
	assert_int_equal(form_to_json(&programmes_def, &f, true, &out, &errs), LP_OK);
	assert_int_equal(errs.count, 0);
	/* only fields: no csrf */
	assert_null(json_object_get(out, "csrf"));
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Ad Engineering");
	assert_int_equal(json_integer_value(json_object_get(out, "total_ec")), 120);
	assert_true(json_is_integer(json_object_get(out, "total_ec")));
	/* empty optional inputs become null */
	assert_true(json_is_null(json_object_get(out, "programme_code")));
	assert_true(json_is_null(json_object_get(out, "learning_line")));
	/* checkboxes: one item per ticked box, the empty marker left out */
	list = json_object_get(out, "modes");
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_array_get(list, 0)), "dual");
	assert_string_equal(json_string_value(json_array_get(list, 1)), "part_time");
	assert_int_equal(json_array_size(json_object_get(out, "experiments")), 0);
	/* a textarea list: one item per non-empty line, trimmed */
	list = json_object_get(out, "locations");
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_array_get(list, 0)), "Eindhoven");
	assert_string_equal(json_string_value(json_array_get(list, 1)), "Venlo");
	/* long text: CR LF becomes LF, the ends are trimmed */
	assert_string_equal(json_string_value(json_object_get(out, "description")),
			    "Regel 1\nRegel 2");
	json_decref(out);
	arena_release(&a);
}

static void
test_form_to_json_numbers(void **state)
{
	struct arena a = ARENA_INIT;
	struct form_errors errs = { 0 };
	struct form f = form_of(&a, "provider_id=x&title=T&ec=7%2C5&mode=online"
				    "&start_date=2025-09-01&end_date=2025-12-01&capacity="
				    "&price_cents=125000");
	json_t *out = NULL;

	(void)state;
	assert_int_equal(form_to_json(&offerings_def, &f, true, &out, &errs), LP_OK);
	assert_true(json_is_real(json_object_get(out, "ec")));
	assert_true(json_number_value(json_object_get(out, "ec")) == 7.5);
	assert_int_equal(json_integer_value(json_object_get(out, "price_cents")), 125000);
	assert_true(json_is_null(json_object_get(out, "capacity")));
	/* an absent checkbox group on create is an empty list */
	assert_int_equal(json_array_size(json_object_get(out, "outcome_ids")), 0);
	json_decref(out);

	/* numbers that cannot be read, and required inputs left empty, are all
	 * reported at once, each with its field */
	f = form_of(&a, "provider_id=&title=+&ec=7.55&mode=online&start_date=2025-09-01"
			"&end_date=2025-12-01&capacity=ten&price_cents=12%2C50");
	assert_int_equal(form_to_json(&offerings_def, &f, true, &out, &errs), LP_EINVAL);
	assert_null(out);
	assert_int_equal(errs.count, 5);
	assert_non_null(form_error_for(&errs, "provider_id"));
	assert_string_equal(form_error_for(&errs, "title")->message, "is required");
	assert_non_null(form_error_for(&errs, "ec"));
	assert_string_equal(form_error_for(&errs, "capacity")->message,
			    "must be a whole number");
	assert_non_null(form_error_for(&errs, "price_cents"));
	assert_null(form_error_for(&errs, "mode"));
	arena_release(&a);
}

static void
test_form_to_json_update(void **state)
{
	struct arena a = ARENA_INIT;
	struct form_errors errs = { 0 };
	/* an outcome: programme_id is immutable and must not be sent */
	struct form f = form_of(&a, "csrf=t&version=3&programme_id=other&title=Nieuw"
				    "&criteria=&description=");
	json_t *out = NULL;

	(void)state;
	assert_int_equal(form_to_json(&outcomes_def, &f, false, &out, &errs), LP_OK);
	assert_null(json_object_get(out, "programme_id"));
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 3);
	assert_string_equal(json_string_value(json_object_get(out, "title")), "Nieuw");
	/* inputs on the page that were emptied are cleared */
	assert_int_equal(json_array_size(json_object_get(out, "criteria")), 0);
	assert_true(json_is_null(json_object_get(out, "description")));
	/* inputs not on the page are left as they are */
	assert_null(json_object_get(out, "code"));
	assert_null(json_object_get(out, "ec"));
	assert_null(json_object_get(out, "alignments"));
	json_decref(out);

	/* a boolean: the hidden marker alone is false, with the box true */
	f = form_of(&a, "funded=");
	assert_int_equal(form_to_json(&organisations_def, &f, false, &out, &errs), LP_OK);
	assert_true(json_is_false(json_object_get(out, "funded")));
	json_decref(out);
	f = form_of(&a, "funded=&funded=true");
	assert_int_equal(form_to_json(&organisations_def, &f, false, &out, &errs), LP_OK);
	assert_true(json_is_true(json_object_get(out, "funded")));
	json_decref(out);

	f = form_of(&a, "version=three&title=x");
	assert_int_equal(form_to_json(&outcomes_def, &f, false, &out, &errs), LP_EINVAL);
	assert_non_null(form_error_for(&errs, "version"));
	arena_release(&a);
}

static void
test_record_round_trip(void **state)
{
	struct arena a = ARENA_INIT;
	struct form f;
	struct form_errors errs = { 0 };
	json_t *record = json_pack("{s:s, s:s, s:s, s:s, s:f, s:[s,s], s:[s], s:n, s:i}",
				   "id", "r1", "programme_id", "p1", "code", "LU1",
				   "title", "Ontwerpen", "ec", 7.5, "criteria", "een", "twee",
				   "alignments", "https://esco.example/s", "description",
				   "version", 4);
	json_t *out = NULL;

	(void)state;
	form_init(&f, &a);
	record_to_form(&outcomes_def, record, LANG_NL, &f);
	assert_string_equal(form_get(&f, "ec"), "7,5");
	assert_string_equal(form_get(&f, "criteria"), "een\ntwee");
	assert_string_equal(form_get(&f, "version"), "4");
	assert_null(form_get(&f, "description"));
	/* what the form shows reads back as the same record */
	assert_int_equal(form_to_json(&outcomes_def, &f, false, &out, &errs), LP_OK);
	assert_true(json_number_value(json_object_get(out, "ec")) == 7.5);
	assert_true(json_equal(json_object_get(out, "criteria"),
			       json_object_get(record, "criteria")));
	assert_true(json_equal(json_object_get(out, "alignments"),
			       json_object_get(record, "alignments")));
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 4);
	json_decref(out);

	form_init(&f, &a);
	record_to_form(&outcomes_def, record, LANG_EN, &f);
	assert_string_equal(form_get(&f, "ec"), "7.5");
	json_decref(record);
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_form_parse),
		cmocka_unit_test(test_form_parse_limit),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_local_path),
		cmocka_unit_test(test_form_to_json_create),
		cmocka_unit_test(test_form_to_json_numbers),
		cmocka_unit_test(test_form_to_json_update),
		cmocka_unit_test(test_record_round_trip),
	};

	return cmocka_run_group_tests_name("web", tests, NULL, NULL);
}
