/* test_json_writer.c: unit tests of the streaming JSON writer
 * (base/json_writer.h): escaping, UTF-8, numbers, nesting, misuse, and
 * the same text as jansson's json_dumps(JSON_COMPACT) for the same values */
#include "base/buf.h"
#include "base/json_writer.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text jw_value makes of v (a new string to free). */
static char *
written(const json_t *v)
{
	struct buf b = BUF_INIT;
	struct jw w;

	jw_init(&w, &b);
	jw_value(&w, v);
	assert_true(jw_finish(&w));
	return buf_detach(&b, NULL);
}

/* Asserts that the writer and jansson make the same text of v (and
 * releases v). */
static void
assert_same_as_jansson(json_t *v)
{
	char *ours = written(v);
	char *theirs = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	assert_non_null(theirs);
	if (strcmp(ours, theirs) != 0)
		fail_msg("writer: %s\njansson: %s", ours, theirs);
	free(ours);
	free(theirs);
	json_decref(v);
}

/* The text of one string value written by jw_stringn. */
static char *
string_text(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	struct jw w;

	jw_init(&w, &b);
	jw_stringn(&w, s, len);
	assert_true(jw_finish(&w));
	return buf_detach(&b, NULL);
}

static void
assert_string_written(const char *s, size_t len, const char *want)
{
	char *got = string_text(s, len);

	assert_string_equal(got, want);
	free(got);
}

/* Quotes, backslashes and control characters are escaped as jansson
 * escapes them; '/', DEL and non-ASCII text are kept. */
static void
test_escaping(void **state)
{
	(void)state;
	assert_string_written("", 0, "\"\"");
	assert_string_written("plain text", 10, "\"plain text\"");
	assert_string_written("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	assert_string_written("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\"");
	assert_string_written("\x01\x1f", 2, "\"\\u0001\\u001F\"");
	assert_string_written("a\0b", 3, "\"a\\u0000b\"");
	assert_string_written("</script>/\x7f", 11, "\"</script>/\x7f\"");
	/* every byte below 0x20, one at a time, the same as jansson */
	for (int c = 1; c < 0x80; c++) {
		char s[2] = { (char)c, 0 };
		assert_same_as_jansson(json_string(s));
	}
}

/* Well-formed UTF-8 passes as it is, at the edges of every sequence
 * length; anything else becomes U+FFFD, one per stray byte. */
static void
test_utf8(void **state)
{
	static const char *const good[] = {
		"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
		"\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xE2\x80\xA8",
		"Zo\xC3\xAB \xF0\x9F\x98\x80 \xE6\x97\xA5\xE6\x9C\xAC",
	};
	static const struct { const char *in; const char *out; } bad[] = {
		{ "\x80", "\"\xEF\xBF\xBD\"" },                  /* lone continuation */
		{ "\xC0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },   /* overlong NUL */
		{ "\xC1\xBF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },   /* overlong */
		{ "\xE0\x80\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
		{ "\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" }, /* surrogate */
		{ "\xF4\x90\x80\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
		{ "\xF5", "\"\xEF\xBF\xBD\"" },
		{ "\xFF", "\"\xEF\xBF\xBD\"" },
		{ "a\xC3", "\"a\xEF\xBF\xBD\"" },                /* cut short at the end */
		{ "\xE2\x82x", "\"\xEF\xBF\xBD\xEF\xBF\xBDx\"" }, /* cut short inside */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *want = malloc(strlen(good[i]) + 3);
		snprintf(want, strlen(good[i]) + 3, "\"%s\"", good[i]);
		assert_string_written(good[i], strlen(good[i]), want);
		free(want);
		assert_same_as_jansson(json_string(good[i]));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_string_written(bad[i].in, strlen(bad[i].in), bad[i].out);
	/* every code point from U+0001 to U+10FFFF (surrogates aside), encoded,
	 * comes out as jansson writes it */
	for (uint32_t cp = 1; cp <= 0x10FFFF; cp += (cp < 0x3000 ? 1 : 251)) {
		char s[5] = { 0 };
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if (cp < 0x80) {
			s[0] = (char)cp;
		} else if (cp < 0x800) {
			s[0] = (char)(0xC0 | cp >> 6);
			s[1] = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			s[0] = (char)(0xE0 | cp >> 12);
			s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[2] = (char)(0x80 | (cp & 0x3F));
		} else {
			s[0] = (char)(0xF0 | cp >> 18);
			s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
			s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[3] = (char)(0x80 | (cp & 0x3F));
		}
		assert_same_as_jansson(json_string(s));
	}
}

/* Integers at their limits and reals as jansson writes them ("%.17g",
 * ".0" for whole values, a short exponent); non-finite reals are null. */
static void
test_numbers(void **state)
{
	static const json_int_t ints[] = { 0, 1, -1, 9, 10, -10, 1234567890123LL,
					   INT64_MAX, INT64_MIN, INT64_MIN + 1 };
	static const double reals[] = { 0.0, -0.0, 1.0, -1.0, 0.1, 7.3, 240.3, 359.9, 2.5,
					1e22, 1e-5, 1e16, 1e17, 123456789012345678.0, 1e300,
					-1e-300, DBL_MAX, DBL_MIN, DBL_TRUE_MIN, 5e-324,
					0.30000000000000004, 1.5e-7, 100.0 };
	struct buf b = BUF_INIT;
	struct jw w;
	unsigned seed = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		assert_same_as_jansson(json_integer(ints[i]));
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		assert_same_as_jansson(json_real(reals[i]));
	/* random doubles of every magnitude */
	for (int i = 0; i < 20000; i++) {
		uint64_t bits = 0;
		double d;
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			bits = bits << 16 | (seed >> 8 & 0xFFFF);
		}
		memcpy(&d, &bits, sizeof(d));
		if (isfinite(d))
			assert_same_as_jansson(json_real(d));
	}
	/* tenths of EC, as the entity engine writes them */
	for (int t = -100; t <= 36000; t++)
		if (t % 10)
			assert_same_as_jansson(json_real((double)t / 10.0));

	jw_init(&w, &b);
	jw_array_begin(&w);
	jw_real(&w, NAN);
	jw_real(&w, INFINITY);
	jw_real(&w, -INFINITY);
	jw_array_end(&w);
	assert_true(jw_finish(&w));
	assert_string_equal(buf_str(&b), "[null,null,null]");
	buf_release(&b);
}

/* Objects and arrays nest, with commas only between items; a tree and the
 * same values written call by call give the same text as jansson. */
static void
test_nesting(void **state)
{
	struct buf b = BUF_INIT;
	struct jw w;
	json_t *tree;

	(void)state;
	jw_init(&w, &b);
	jw_object_begin(&w);
	jw_key(&w, "items");
	jw_array_begin(&w);
	jw_object_begin(&w);
	jw_key(&w, "id");
	jw_string(&w, "a");
	jw_key(&w, "n");
	jw_int(&w, 3);
	jw_key(&w, "list");
	jw_raw(&w, "[\"x\",\"y\"]", 9);
	jw_object_end(&w);
	jw_object_begin(&w);
	jw_object_end(&w);
	jw_array_begin(&w);
	jw_array_end(&w);
	jw_bool(&w, true);
	jw_bool(&w, false);
	jw_null(&w);
	jw_string(&w, NULL);
	jw_array_end(&w);
	jw_key(&w, "next\n");
	jw_null(&w);
	jw_object_end(&w);
	assert_true(jw_finish(&w));
	assert_string_equal(buf_str(&b), "{\"items\":[{\"id\":\"a\",\"n\":3,\"list\":[\"x\",\"y\"]},"
			    "{},[],true,false,null,null],\"next\\n\":null}");

	tree = json_loads(buf_str(&b), 0, NULL);
	assert_non_null(tree);
	assert_same_as_jansson(tree);
	assert_same_as_jansson(json_pack("{s:[{s:s,s:i,s:[s,s]},{},[],b,b,n],s:{s:{s:[[[]]]}}}",
					 "é\"k", "id", "a\tb", "n", -3, "list", "x", "y", 1, 0,
					 "deep", "er", "est"));
	buf_release(&b);

	/* text already in the buffer stays in front */
	buf_puts(&b, "prefix ");
	jw_init(&w, &b);
	jw_int(&w, 42);
	assert_true(jw_finish(&w));
	assert_string_equal(buf_str(&b), "prefix 42");
	buf_release(&b);

	/* JW_MAX_DEPTH levels are fine, one more is misuse */
	jw_init(&w, &b);
	for (int i = 0; i < JW_MAX_DEPTH; i++)
		jw_array_begin(&w);
	for (int i = 0; i < JW_MAX_DEPTH; i++)
		jw_array_end(&w);
	assert_true(jw_finish(&w));
	buf_reset(&b);
	jw_init(&w, &b);
	for (int i = 0; i <= JW_MAX_DEPTH; i++)
		jw_array_begin(&w);
	assert_false(jw_finish(&w));
	buf_release(&b);
}

/* Each kind of misuse makes jw_finish false and writes nothing more. */
static void
test_misuse(void **state)
{
	struct buf b = BUF_INIT;
	struct jw w;
	size_t len;

	(void)state;
	/* a value in an object without a key */
	jw_init(&w, &b);
	jw_object_begin(&w);
	jw_int(&w, 1);
	len = b.len;
	jw_object_end(&w);
	assert_false(jw_finish(&w));
	assert_int_equal(b.len, len);
	buf_reset(&b);

	/* a key in an array, and outside everything */
	jw_init(&w, &b);
	jw_array_begin(&w);
	jw_key(&w, "k");
	assert_false(jw_finish(&w));
	buf_reset(&b);
	jw_init(&w, &b);
	jw_key(&w, "k");
	assert_false(jw_finish(&w));
	buf_reset(&b);

	/* two keys in a row, and an object closed after a key */
	jw_init(&w, &b);
	jw_object_begin(&w);
	jw_key(&w, "a");
	jw_key(&w, "b");
	assert_false(jw_finish(&w));
	buf_reset(&b);
	jw_init(&w, &b);
	jw_object_begin(&w);
	jw_key(&w, "a");
	jw_object_end(&w);
	assert_false(jw_finish(&w));
	buf_reset(&b);

	/* closing the wrong kind, or what is not open */
	jw_init(&w, &b);
	jw_array_begin(&w);
	jw_object_end(&w);
	assert_false(jw_finish(&w));
	buf_reset(&b);
	jw_init(&w, &b);
	jw_array_end(&w);
	assert_false(jw_finish(&w));
	buf_reset(&b);

	/* two top-level values; and nothing at all */
	jw_init(&w, &b);
	jw_int(&w, 1);
	jw_int(&w, 2);
	assert_false(jw_finish(&w));
	assert_string_equal(buf_str(&b), "1");
	buf_reset(&b);
	jw_init(&w, &b);
	assert_false(jw_finish(&w));

	/* an unclosed array */
	jw_init(&w, &b);
	jw_array_begin(&w);
	assert_false(jw_finish(&w));
	buf_release(&b);
}

/* Plain string arrays are recognised exactly; anything that would need
 * escaping or is not such an array is not. */
static void
test_plain_string_array(void **state)
{
	static const char *const yes[] = { "[]", "[\"\"]", "[\"a\"]", "[\"a\",\"b c\"]",
					   "[\"part_time\",\"dual\"]", "[\"~!@#$%^&*()/<>\"]" };
	static const char *const no[] = { "", "[", "]", "[ ]", "[\"a\",]", "[,\"a\"]",
					  "[\"a\" ,\"b\"]", "[\"a\"\"b\"]", "[\"a]", "[\"a\\\"\"]",
					  "[\"\\u00e9\"]", "[\"\xC3\xA9\"]", "[\"a\tb\"]", "[\"\x7f\"]",
					  "[1]", "[null]", "{\"a\":\"b\"}", "\"a\"", "[\"a\"]x",
					  "[[\"a\"]]" };

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		json_t *v = json_loads(yes[i], 0, NULL);
		char *again;
		assert_true(jw_is_plain_string_array(yes[i], strlen(yes[i])));
		/* and it is the writer's own text of that array */
		assert_non_null(v);
		again = written(v);
		assert_string_equal(again, yes[i]);
		free(again);
		json_decref(v);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (jw_is_plain_string_array(no[i], strlen(no[i])))
			fail_msg("taken as plain: %s", no[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_plain_string_array),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
