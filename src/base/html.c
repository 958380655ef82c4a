/* html.c: the escaping HTML writer */
#include "base/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
html_raw(struct buf *b, const char *markup)
{
	buf_puts(b, markup);
}

void
html_txt(struct buf *b, const char *text)
{
	size_t run;

	if (!text)
		return;
	for (;;) {
		/* the run up to the next special byte or the end, in one copy */
		run = strcspn(text, "&<>\"'");
		buf_add(b, text, run);
		text += run;
		switch (*text) {
		case '\0': return;
		case '&': buf_add(b, "&amp;", 5); break;
		case '<': buf_add(b, "&lt;", 4); break;
		case '>': buf_add(b, "&gt;", 4); break;
		case '"': buf_add(b, "&quot;", 6); break;
		default: buf_add(b, "&#39;", 5); break;
		}
		text++;
	}
}

void
html_attr(struct buf *b, const char *text)
{
	html_txt(b, text);
}

void
html_url_arg(struct buf *b, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";

	if (!text)
		return;
	for (; *text; text++) {
		unsigned char c = (unsigned char)*text;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		    c == '~') {
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

/* n in decimal, without printf's machinery. */
static void
put_int(struct buf *b, long long n)
{
	char digits[24], *p = digits + sizeof(digits);
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(digits + sizeof(digits) - p));
}

void
html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	const char *run = fmt;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			/* straight to the next conversion, or to the end */
			const char *pct = strchr(fmt, '%');
			fmt = pct ? pct : fmt + strlen(fmt);
			if (!pct)
				break;
		}
		buf_add(b, run, (size_t)(fmt - run));
		fmt++;
		switch (*fmt) {
		case 's':
			html_txt(b, va_arg(ap, const char *));
			break;
		case 'u':
			html_url_arg(b, va_arg(ap, const char *));
			break;
		case 'R':
			buf_puts(b, va_arg(ap, const char *));
			break;
		case 'd':
			put_int(b, va_arg(ap, int));
			break;
		case 'l':
			if (fmt[1] == 'l' && fmt[2] == 'd') {
				put_int(b, va_arg(ap, long long));
				fmt += 2;
			} else if (fmt[1] == 'd') {
				put_int(b, va_arg(ap, long));
				fmt += 1;
			} else {
				goto bad;
			}
			break;
		case '%':
			buf_putc(b, '%');
			break;
		default:
			goto bad;
		}
		run = fmt + 1;
	}
	buf_add(b, run, (size_t)(fmt - run));
	va_end(ap);
	return;
bad:
	va_end(ap);
	fprintf(stderr, "html_printf: bad conversion in format\n");
	abort();
}
