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
	const char *run;

	if (!text)
		return;
	run = text;
	for (; *text; text++) {
		const char *rep;
		switch (*text) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(text - run));
		buf_puts(b, rep);
		run = text + 1;
	}
	buf_add(b, run, (size_t)(text - run));
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

void
html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	const char *run = fmt;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%')
			continue;
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
			buf_printf(b, "%d", va_arg(ap, int));
			break;
		case 'l':
			if (fmt[1] == 'l' && fmt[2] == 'd') {
				buf_printf(b, "%lld", va_arg(ap, long long));
				fmt += 2;
			} else if (fmt[1] == 'd') {
				buf_printf(b, "%ld", va_arg(ap, long));
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
