/* buf.h: a growable byte buffer (git's strbuf)
 *
 * Invariants: p is never NULL after buf_init, p[len] == '\0', len < cap.
 * The buffer owns p; buf_release frees it and leaves the buffer empty and
 * reusable; buf_detach hands p to the caller (who frees it with free()).
 */
#ifndef LEERPAD_BUF_H
#define LEERPAD_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b, size_t hint);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Returns the text, valid until the next change; "" for an empty buffer. */
const char *buf_str(const struct buf *b);

#endif
