/* test_json_read.c: unit tests of the fast JSON reader (base/json_read.h):
 * for every text, the same value as json_loads(text, 0, NULL) with the
 * members in the same order, or NULL where jansson gives NULL */
#include "base/json_read.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
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

struct strings {
	char text[4096];
	size_t len;
};

static void
add_string(void *data, const char *s, size_t len)
{
	struct strings *out = data;

	assert_true(out->len + len + 2 < sizeof(out->text));
	memcpy(out->text + out->len, s, len);
	out->len += len;
	out->text[out->len++] = '|';
	out->text[out->len] = '\0';
}

/* Asserts json_read_strings(text, "outcomes", "outcome_id") gives the
 * strings the tree of json_loads holds there, whenever it answers true;
 * must: it has to answer true. */
static void
assert_strings_as_jansson(const char *text, bool must)
{
	struct strings ours, theirs;
	json_t *v = json_loads(text, 0, NULL), *o;
	bool parsed = v != NULL;
	size_t i;

	memset(&ours, 0, sizeof(ours));
	memset(&theirs, 0, sizeof(theirs));
	json_array_foreach(json_object_get(v, "outcomes"), i, o) {
		const char *s = json_string_value(json_object_get(o, "outcome_id"));
		if (s)
			add_string(&theirs, s, strlen(s));
	}
	json_decref(v);
	if (!json_read_strings(text, "outcomes", "outcome_id", add_string, &ours)) {
		if (must)
			fail_msg("not walked: %s", text);
		return;
	}
	if (!parsed)
		fail_msg("walked what jansson refuses: %s", text);
	assert_string_equal(ours.text, theirs.text);
}

static void
test_strings(void **state)
{
	static const char *const walked[] = {
		"{}", "[]", "[{\"outcomes\":[{\"outcome_id\":\"x\"}]}]",
		"{\"outcomes\":[]}", "{\"outcomes\":{}}", "{\"outcomes\":\"no\"}",
		"{\"activities\":[{\"a\":[1,2,{\"b\":null}]}],\"assessment\":[{\"outcome_id\":\"no\"}],"
		"\"outcomes\":[{\"demonstration\":\"portfolio\",\"outcome_id\":\"o1\",\"planned_date\":"
		"\"2027-06-15\"},{\"outcome_id\":\"o2\"},{\"outcome_id\":3},{},[\"outcome_id\"],"
		"\"outcome_id\",{\"outcome_id\":\"caf\xc3\xa9\"}],\"z\":true}",
		" { \"outcomes\" : [ { \"outcome_id\" : \"a\" , \"outcome_id\" : \"b\" } ] } ",
		"{\"outcomes\":[{\"outcome_id\":\"a\",\"outcome_id\":false}]}",
		"{\"outcomes\":[{\"outcome_id\":false,\"outcome_id\":\"c\"}]}",
		"{\"outcom\\/es\":[{\"outcome_id\":\"not this list\"}],\"k\":\"a\\nb\"}",
		"{\"outcomes\":[{\"x\":{\"outcome_id\":\"nested, not counted\"}}]}",
	};
	static const char *const refused[] = {
		"", "1", "{", "{\"outcomes\":[{\"outcome_id\":\"a\"}]", "{\"outcomes\":[,]}",
		"{\"outcomes\":[{\"outcome_id\":\"a\",}]}", "{\"outcomes\":[{\"outcome_id\":\"a\"},]}",
		"{\"a\":1,}", "{\"outcomes\":[{\"outcome_id\":\"a\"}]} x", "{\"a\":[1.5]}",
		"{\"outcomes\":[{\"outcome_id\":\"\\u0041\"}]}",
		"{\"outcomes\":[{\"outcome_id\":\"a\\nb\"}]}",
		"{\"outcomes\":[{\"outcome_id\":\"x\"}],\"outcomes\":[{\"outcome_id\":\"y\"}]}",
		"{\"outcomes\":[{\"outcome_id\":\"\xc3\"}]}", "{\"a\":\"\x01\"}",
		"{\"outcomes\":[{\"outcome_id\" \"a\"}]}", "{\"outcomes\":[{\"outcome_id\":\"a\" \"b\":1}]}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(walked) / sizeof(walked[0]); i++)
		assert_strings_as_jansson(walked[i], true);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct strings ours;
		memset(&ours, 0, sizeof(ours));
		assert_strings_as_jansson(refused[i], false);
		if (json_read_strings(refused[i], "outcomes", "outcome_id", add_string, &ours))
			fail_msg("walked: %s", refused[i]);
	}
	assert_false(json_read_strings(NULL, "outcomes", "outcome_id", add_string, NULL));
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
		cmocka_unit_test(test_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
