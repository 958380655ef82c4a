/* arena.h: a region allocator for one request or one command
 *
 * Everything allocated from an arena lives until arena_release; nothing is
 * freed one by one. Handlers allocate from the request's arena and never
 * free. Allocation aborts on out-of-memory, like xmalloc.
 */
#ifndef LEERPAD_ARENA_H
#define LEERPAD_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

#define ARENA_INIT { NULL }

void *arena_alloc(struct arena *a, size_t size);
void *arena_zalloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees every block; the arena can be used again afterwards. */
void arena_release(struct arena *a);

#endif
