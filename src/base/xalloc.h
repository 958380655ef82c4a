/* xalloc.h: allocation that never returns NULL (git's xmalloc) */
#ifndef LEERPAD_XALLOC_H
#define LEERPAD_XALLOC_H

#include <stddef.h>

/* Each aborts the process with a message when memory runs out: a server
 * that cannot allocate cannot keep its promises, so it stops loudly. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
