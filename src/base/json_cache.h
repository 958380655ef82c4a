/* json_cache.h: parsed JSON texts kept between requests, shared by threads
 *
 * json_cache_read(cache, text) gives what json_read(text) gives, from a
 * table of the texts read before. The key is the whole text (a 64-bit hash
 * finds the entry, the text itself is compared to be sure), so a hit is
 * exactly the value a new read would build, and nothing is ever stale or
 * needs invalidating: a changed text is another key. That suits texts that
 * are read far more often than they change, such as the content of an
 * agreement version (a signed or proposed version never changes; a draft
 * changes, and each of its texts is its own key).
 *
 * Bounded: at most max_entries texts of at most max_bytes together (a
 * text longer than max_bytes / 8 is read every time and not kept); the
 * least recently used go first. The parsed form takes several times its
 * text in memory, so the bound on texts bounds it too.
 *
 * Shared: one mutex guards the table (held for the look-up and the
 * insertion, not for the parsing); the values are shared between the
 * threads that read them. jansson's reference counts are atomic here
 * (JSON_HAVE_ATOMIC_BUILTINS), and its reading functions (json_object_get,
 * json_array_get, iteration, json_*_value) do not write, so a value may be
 * read by any number of threads at once, and freed by whichever drops the
 * last reference. It must never be changed: a caller that wants to change
 * it takes a json_deep_copy.
 */
#ifndef LEERPAD_JSON_CACHE_H
#define LEERPAD_JSON_CACHE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct json_cache;

/* A new empty cache of at most max_entries texts and max_bytes of text
 * (both at least 1). Free it with json_cache_free. */
struct json_cache *json_cache_new(size_t max_entries, size_t max_bytes);
/* Drops the cache's references (values still held elsewhere live on) and
 * frees it. NULL is fine. */
void json_cache_free(struct json_cache *cache);

/* The value of text as json_read gives it, as a new reference the caller
 * drops with json_decref and must not change; NULL where json_read gives
 * NULL (nothing is kept then). text may be NULL: NULL. */
json_t *json_cache_read(struct json_cache *cache, const char *text);

/* The process's own cache for agreement contents and the like, made on
 * first use (JSON_CACHE_ENTRIES texts, JSON_CACHE_BYTES of text); it lives
 * until the process ends. */
#define JSON_CACHE_ENTRIES 256
#define JSON_CACHE_BYTES (2u * 1024u * 1024u)
struct json_cache *json_cache_process(void);

struct json_cache_stats {
	uint64_t hits, misses, evictions;
	size_t entries, bytes;
};
/* The counts since json_cache_new, for tests and diagnosis. */
void json_cache_stats(struct json_cache *cache, struct json_cache_stats *out);

#endif
