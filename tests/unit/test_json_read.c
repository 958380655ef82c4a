/* test_json_read.c: unit tests of the fast JSON reader (base/json_read.h):
 * for every text, the same value as json_loads(text, 0, NULL) with the
 * members in the same order, or NULL where jansson gives NULL */
#include "base/json_read.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Asserts json_read(text) is json_loads(text, 0, NULL): both NULL, or
 * equal values whose texts (members in their order) are the same. */
static void
assert_as_jansson(const char *text)
{
	json_t *ours = json_read(text), *theirs = json_loads(text, 0, NULL);
	char *a, *b;

	if (!theirs) {
		if (ours)
			fail_msg("read what jansson refuses: %s", text);
		return;
	}
	if (!ours)
		fail_msg("refused what jansson reads: %s", text);
	assert_true(json_equal(ours, theirs));
	a = json_dumps(ours, JSON_COMPACT);
	b = json_dumps(theirs, JSON_COMPACT);
	assert_non_null(a);
	assert_string_equal(a, b);
	free(a);
	free(b);
	json_decref(ours);
	json_decref(theirs);
}

static void
test_plain(void **state)
{
	static const char *const texts[] = {
		"{}", "[]", " { } ", "\n[\t]\r\n", "{\"a\":1}", "[1,2,3]",
		"{\"a\":{\"b\":{\"c\":[true,false,null]}}}",
		"{\"outcomes\":[{\"outcome_id\":\"01a2\",\"demonstration\":\"portfolio\"},"
		"{\"outcome_id\":\"01a3\",\"planned_date\":\"2027-06-15\"}],\"employer\":"
		"{\"study_hours_per_week\":8,\"cost_contribution_cents\":150000}}",
		"[\"\",\"a\",\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
		"{\"k\\\"ey\":\"v\",\"\":\"empty key\"}",
		"[0,-0,-1,123456789012345678,-123456789012345678]",
		"{ \"a\" : [ 1 , { \"b\" : \"c\" } ] , \"d\" : \"e\" }",
		"{\"dup\":1,\"x\":2,\"dup\":3}",
		"[\"caf\xc3\xa9\",\"\xe2\x82\xac 1.250\",\"\xf0\x9f\x98\x80\"]",
		"{\"caf\xc3\xa9\":\"\x7f\"}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		assert_as_jansson(texts[i]);
}

/* What the fast path leaves to jansson, and what both refuse. */
static void
test_left_to_jansson(void **state)
{
	static const char *const texts[] = {
		"[1.5]", "[1e3]", "[-2.25E-3]", "[0.1,2]", "[1234567890123456789]",
		"[9223372036854775807]", "[9223372036854775808]", "[-9223372036854775808]",
		"[\"\\u00e9\"]", "[\"\\ud83d\\ude00\"]", "[\"\\u0000\"]", "{\"\\u0000\":1}",
		"[\"\\ud800\"]",
		/* refused by both */
		"", " ", "1", "\"a\"", "true", "null", "[", "{", "]", "[1,]", "{\"a\":1,}",
		"[01]", "[-]", "[-a]", "[+1]", "[.5]", "{a:1}", "{\"a\" 1}", "{\"a\":}",
		"[tru]", "[truex]", "[nul]", "[fals]", "[1] x", "{} {}", "[\"a\nb\"]",
		"[\"\x01\"]", "[\"\\x\"]", "[\"abc]", "[\"\xc3\"]", "[\"\xc0\xaf\"]",
		"[\"\xed\xa0\x80\"]", "[\"\xf4\x90\x80\x80\"]", "['a']", "[1 2]",
		"{\"a\":1 \"b\":2}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		assert_as_jansson(texts[i]);
}

/* Deep nesting, long strings (past the reader's stack buffer) and many
 * keys held while their values are read. */
static void
test_sizes(void **state)
{
	char *deep = malloc(2 * 300 + 1), *longer = malloc(20000), *keys = malloc(20000);
	size_t n = 0;

	(void)state;
	for (int d = 10; d <= 300; d += 290) {
		n = 0;
		for (int i = 0; i < d; i++)
			deep[n++] = '[';
		for (int i = 0; i < d; i++)
			deep[n++] = ']';
		deep[n] = '\0';
		assert_as_jansson(deep);
	}
	n = (size_t)snprintf(longer, 20000, "{\"text\":\"");
	for (int i = 0; i < 5000; i++)
		longer[n++] = i % 7 == 0 ? '\\' : 'x', longer[n++] = i % 7 == 0 ? 'n' : 'y';
	snprintf(longer + n, 20000 - n, "\",\"after\":[\"%s\"]}", "z");
	assert_as_jansson(longer);
	n = 0;
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(keys + n, 20000 - n, "{\"key number %d with \\\"quotes\\\"\":", i);
	n += (size_t)snprintf(keys + n, 20000 - n, "\"the innermost value\"");
	for (int i = 0; i < 60; i++)
		keys[n++] = '}';
	keys[n] = '\0';
	assert_as_jansson(keys);
	assert_null(json_read(NULL));
	free(deep);
	free(longer);
	free(keys);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_left_to_jansson),
		cmocka_unit_test(test_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
