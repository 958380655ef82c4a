/* test_json_cache.c: unit tests of the cache of parsed JSON texts
 * (base/json_cache.h): a hit gives the value kept, a miss reads, the
 * least recently used go first by count and by bytes, and two threads can
 * read the same text at once */
#include "base/json_cache.h"
#include "base/json_read.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Asserts v is the value json_read(text) gives. */
static void
assert_read_as(const json_t *v, const char *text)
{
	json_t *fresh = json_read(text);
	char *a = json_dumps(v, JSON_COMPACT), *b = json_dumps(fresh, JSON_COMPACT);

	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	json_decref(fresh);
}

static void
test_miss_then_hit(void **state)
{
	struct json_cache *c = json_cache_new(4, 4096);
	struct json_cache_stats s;
	const char *text = "{\"outcomes\":[{\"outcome_id\":\"a\",\"ec\":5}],\"x\":null}";
	char copy[128];
	json_t *first, *second, *third;

	(void)state;
	first = json_cache_read(c, text);
	assert_non_null(first);
	assert_read_as(first, text);
	json_cache_stats(c, &s);
	assert_int_equal(s.misses, 1);
	assert_int_equal(s.hits, 0);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.bytes, strlen(text));
	/* the same text, also from another buffer: the same value, shared */
	second = json_cache_read(c, text);
	snprintf(copy, sizeof(copy), "%s", text);
	third = json_cache_read(c, copy);
	assert_ptr_equal(first, second);
	assert_ptr_equal(first, third);
	json_cache_stats(c, &s);
	assert_int_equal(s.hits, 2);
	assert_int_equal(s.misses, 1);
	/* the cache's own reference and ours */
	assert_int_equal(first->refcount, 4);
	json_decref(first);
	json_decref(second);
	json_decref(third);
	/* a text one byte different is another key */
	copy[strlen(copy) - 8] = 'y';   /* "x" -> "y" */
	second = json_cache_read(c, copy);
	assert_ptr_not_equal(first, second);
	assert_non_null(json_object_get(second, "y"));
	assert_read_as(second, copy);
	json_decref(second);
	json_cache_free(c);
}

/* NULL, a text json_read refuses, and a text too long to keep are read
 * (or refused) every time and never kept. */
static void
test_not_kept(void **state)
{
	struct json_cache *c = json_cache_new(4, 80);
	struct json_cache_stats s;
	const char *big = "{\"a\":\"a text longer than a tenth of eighty\"}";
	json_t *v, *w;

	(void)state;
	assert_null(json_cache_read(c, NULL));
	assert_null(json_cache_read(c, "{\"a\":"));
	assert_null(json_cache_read(c, "{\"a\":"));
	v = json_cache_read(c, big);
	w = json_cache_read(c, big);
	assert_non_null(v);
	assert_ptr_not_equal(v, w);
	assert_read_as(v, big);
	assert_int_equal(v->refcount, 1);
	json_decref(v);
	json_decref(w);
	json_cache_stats(c, &s);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.hits, 0);
	assert_int_equal(s.misses, 4);
	json_cache_free(c);
}

/* At most max_entries: the least recently used goes, and a value still
 * held lives on after its eviction. */
static void
test_evict_by_count(void **state)
{
	struct json_cache *c = json_cache_new(2, 4096);
	struct json_cache_stats s;
	json_t *a = json_cache_read(c, "[1]"), *b = json_cache_read(c, "[2]"), *x;

	(void)state;
	/* [1] used last, so [2] is the oldest when [3] comes */
	x = json_cache_read(c, "[1]");
	assert_ptr_equal(x, a);
	json_decref(x);
	x = json_cache_read(c, "[3]");
	json_decref(x);
	json_cache_stats(c, &s);
	assert_int_equal(s.entries, 2);
	assert_int_equal(s.evictions, 1);
	/* [1] still kept, [2] not: a new value */
	x = json_cache_read(c, "[1]");
	assert_ptr_equal(x, a);
	json_decref(x);
	x = json_cache_read(c, "[2]");
	assert_ptr_not_equal(x, b);
	assert_int_equal(json_integer_value(json_array_get(x, 0)), 2);
	json_decref(x);
	/* the evicted [2] we held is still whole */
	assert_int_equal(b->refcount, 1);
	assert_int_equal(json_integer_value(json_array_get(b, 0)), 2);
	json_decref(a);
	json_decref(b);
	json_cache_free(c);
}

/* At most max_bytes of text: as many of the oldest go as it takes. */
static void
test_evict_by_bytes(void **state)
{
	struct json_cache *c = json_cache_new(100, 96);  /* texts up to 12 bytes kept */
	struct json_cache_stats s;
	const char *texts[] = { "[\"aaaaaaa\"]", "[\"bbbbbbb\"]", "[\"ccccccc\"]",
				"[\"ddddddd\"]", "[\"eeeeeee\"]", "[\"fffffff\"]",
				"[\"ggggggg\"]", "[\"hhhhhhh\"]", "[\"iiiiiii\"]" };
	/* 11 bytes each */

	(void)state;
	for (size_t i = 0; i < 9; i++)
		json_decref(json_cache_read(c, texts[i]));
	json_cache_stats(c, &s);
	assert_int_equal(s.entries, 8);   /* 8 * 11 = 88 <= 96 < 99 */
	assert_int_equal(s.bytes, 88);
	assert_int_equal(s.evictions, 1);
	/* the first was the one to go */
	json_decref(json_cache_read(c, texts[1]));
	json_cache_stats(c, &s);
	assert_int_equal(s.hits, 1);
	json_decref(json_cache_read(c, texts[0]));
	json_cache_stats(c, &s);
	assert_int_equal(s.misses, 10);
	assert_int_equal(s.evictions, 2);
	json_cache_free(c);
}

struct reader_arg {
	struct json_cache *cache;
	const char *const *texts;
	size_t count;
	json_t *first;  /* what the thread got for texts[0] the first time */
	int bad;
};

/* Reads the texts many times over, checks each value and drops it. */
static void *
reader(void *data)
{
	struct reader_arg *r = data;

	for (int round = 0; round < 2000; round++) {
		for (size_t i = 0; i < r->count; i++) {
			json_t *v = json_cache_read(r->cache, r->texts[i]);
			json_t *o = json_array_get(json_object_get(v, "outcomes"), 0);
			if (!v || json_integer_value(json_object_get(o, "n")) != (json_int_t)i)
				r->bad++;
			if (round == 0 && i == 0)
				r->first = json_incref(v);
			json_decref(v);
		}
	}
	return NULL;
}

/* Two threads read the same texts at once, through evictions (five texts,
 * room for three): every value right, the texts kept shared. */
static void
test_two_threads(void **state)
{
	struct json_cache *c = json_cache_new(3, 4096);
	struct json_cache_stats s;
	static const char *const texts[] = {
		"{\"outcomes\":[{\"n\":0,\"outcome_id\":\"a\"}]}",
		"{\"outcomes\":[{\"n\":1,\"outcome_id\":\"b\"}]}",
		"{\"outcomes\":[{\"n\":2,\"outcome_id\":\"c\"}]}",
		"{\"outcomes\":[{\"n\":3,\"outcome_id\":\"d\"}]}",
		"{\"outcomes\":[{\"n\":4,\"outcome_id\":\"e\"}]}",
	};
	struct reader_arg args[2];
	pthread_t t[2];

	(void)state;
	for (int i = 0; i < 2; i++) {
		args[i] = (struct reader_arg){ c, texts, 5, NULL, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, reader, &args[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(args[0].bad, 0);
	assert_int_equal(args[1].bad, 0);
	json_cache_stats(c, &s);
	assert_int_equal(s.hits + s.misses, 2 * 2000 * 5);
	assert_true(s.entries <= 3);
	assert_true(s.evictions > 0);
	for (int i = 0; i < 2; i++) {
		assert_read_as(args[i].first, texts[0]);
		json_decref(args[i].first);
	}
	json_cache_free(c);

	/* and the same text only, so every read after the first is a hit of
	 * one value both threads share */
	c = json_cache_new(3, 4096);
	for (int i = 0; i < 2; i++) {
		args[i] = (struct reader_arg){ c, texts, 1, NULL, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, reader, &args[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(args[0].bad + args[1].bad, 0);
	json_cache_stats(c, &s);
	assert_int_equal(s.entries, 1);
	assert_true(s.misses <= 2);   /* both may miss at first; one is kept */
	assert_int_equal(s.hits + s.misses, 2 * 2000);
	json_decref(args[0].first);
	json_decref(args[1].first);
	json_cache_free(c);
}

/* The process's cache is one, and made once. */
static void
test_process_cache(void **state)
{
	(void)state;
	assert_non_null(json_cache_process());
	assert_ptr_equal(json_cache_process(), json_cache_process());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_miss_then_hit),
		cmocka_unit_test(test_not_kept),
		cmocka_unit_test(test_evict_by_count),
		cmocka_unit_test(test_evict_by_bytes),
		cmocka_unit_test(test_two_threads),
		cmocka_unit_test(test_process_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
