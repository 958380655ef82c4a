/* json_cache.c: parsed JSON texts kept between requests (see json_cache.h)
 *
 * A chained hash table of entries, each also in a list from the most to
 * the least recently used. The text is hashed and, on a miss, parsed
 * outside the mutex; the look-up, the insertion and the unlinking of what
 * is evicted inside it; evicted values are dropped after it is released.
 */
#include "base/json_cache.h"
#include "base/json_read.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Shared values need atomic reference counts (see json_cache.h). */
#if !JSON_HAVE_ATOMIC_BUILTINS && !JSON_HAVE_SYNC_BUILTINS
#error "json_cache needs a jansson built with atomic reference counts"
#endif

struct entry {
	struct entry *chain;          /* the next in the same bucket */
	struct entry *newer, *older;  /* the list by last use */
	uint64_t hash;
	size_t len;
	json_t *value;                /* the cache's reference */
	char text[];                  /* len bytes and a NUL */
};

struct json_cache {
	pthread_mutex_t lock;
	struct entry **buckets;
	size_t mask;                  /* buckets - 1, a power of two less one */
	struct entry *newest, *oldest;
	size_t max_entries, max_bytes, entries, bytes;
	uint64_t hits, misses, evictions;
};

/* A 64-bit hash of len bytes at p, eight at a time: a multiply and a
 * shift per word, and splitmix64's finish. Collisions only cost a compare
 * (the text decides), so speed matters more than strength. */
static uint64_t
hash_text(const char *p, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ len, w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9u;
		h ^= h >> 29;
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);
		h = (h ^ w) * 0xbf58476d1ce4e5b9u;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebu;
	return h ^ (h >> 31);
}

struct json_cache *
json_cache_new(size_t max_entries, size_t max_bytes)
{
	struct json_cache *c = xcalloc(1, sizeof(*c));
	size_t n = 16;

	c->max_entries = max_entries ? max_entries : 1;
	c->max_bytes = max_bytes ? max_bytes : 1;
	while (n < 2 * c->max_entries)
		n *= 2;
	c->buckets = xcalloc(n, sizeof(*c->buckets));
	c->mask = n - 1;
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void
json_cache_free(struct json_cache *c)
{
	struct entry *e, *next;

	if (!c)
		return;
	for (e = c->newest; e; e = next) {
		next = e->older;
		json_decref(e->value);
		free(e);
	}
	pthread_mutex_destroy(&c->lock);
	free(c->buckets);
	free(c);
}

/* Takes e out of the list by use (the mutex is held). */
static void
unlink_use(struct json_cache *c, struct entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	e->newer = e->older = NULL;
}

/* Puts e at the front of the list by use (the mutex is held). */
static void
link_newest(struct json_cache *c, struct entry *e)
{
	e->newer = NULL;
	e->older = c->newest;
	if (c->newest)
		c->newest->newer = e;
	c->newest = e;
	if (!c->oldest)
		c->oldest = e;
}

/* The entry for the text, or NULL (the mutex is held). */
static struct entry *
find(struct json_cache *c, uint64_t hash, const char *text, size_t len)
{
	struct entry *e;

	for (e = c->buckets[hash & c->mask]; e; e = e->chain)
		if (e->hash == hash && e->len == len && memcmp(e->text, text, len) == 0)
			return e;
	return NULL;
}

/* Takes the least recently used entry out of the table and the list and
 * gives it (the mutex is held; the caller frees it after releasing it). */
static struct entry *
evict_oldest(struct json_cache *c)
{
	struct entry *e = c->oldest, **p;

	for (p = &c->buckets[e->hash & c->mask]; *p != e; p = &(*p)->chain)
		;
	*p = e->chain;
	unlink_use(c, e);
	c->entries--;
	c->bytes -= e->len;
	c->evictions++;
	return e;
}

json_t *
json_cache_read(struct json_cache *c, const char *text)
{
	size_t len;
	uint64_t hash;
	struct entry *e, *gone = NULL;
	json_t *v;

	if (!text)
		return NULL;
	len = strlen(text);
	hash = hash_text(text, len);
	pthread_mutex_lock(&c->lock);
	e = find(c, hash, text, len);
	if (e) {
		c->hits++;
		unlink_use(c, e);
		link_newest(c, e);
		v = json_incref(e->value);
		pthread_mutex_unlock(&c->lock);
		return v;
	}
	c->misses++;
	pthread_mutex_unlock(&c->lock);

	v = json_read(text);
	if (!v || len > c->max_bytes / 8)
		return v;
	pthread_mutex_lock(&c->lock);
	/* another thread may have read the same text meanwhile: keep one */
	if (!find(c, hash, text, len)) {
		e = xmalloc(sizeof(*e) + len + 1);
		memcpy(e->text, text, len + 1);
		e->hash = hash;
		e->len = len;
		e->value = json_incref(v);
		e->chain = c->buckets[hash & c->mask];
		c->buckets[hash & c->mask] = e;
		link_newest(c, e);
		c->entries++;
		c->bytes += len;
		while (c->entries > c->max_entries || c->bytes > c->max_bytes) {
			struct entry *old = evict_oldest(c);
			old->chain = gone;
			gone = old;
		}
	}
	pthread_mutex_unlock(&c->lock);
	while (gone) {
		e = gone->chain;
		json_decref(gone->value);
		free(gone);
		gone = e;
	}
	return v;
}

static struct json_cache *process_cache;
static pthread_once_t process_once = PTHREAD_ONCE_INIT;

static void
process_init(void)
{
	process_cache = json_cache_new(JSON_CACHE_ENTRIES, JSON_CACHE_BYTES);
}

struct json_cache *
json_cache_process(void)
{
	pthread_once(&process_once, process_init);
	return process_cache;
}

void
json_cache_stats(struct json_cache *c, struct json_cache_stats *out)
{
	pthread_mutex_lock(&c->lock);
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = c->evictions;
	out->entries = c->entries;
	out->bytes = c->bytes;
	pthread_mutex_unlock(&c->lock);
}
