/* html.h: the escaping HTML writer (cgit's html.c)
 *
 * Page code writes markup only through these functions. Text from users or
 * the database goes through html_txt, html_attr or the %s of html_printf,
 * which escape & < > " ' so the same escaping is safe in element text and
 * in quoted attribute values. Only string literals of the page itself go
 * through html_raw.
 */
#ifndef LEERPAD_HTML_H
#define LEERPAD_HTML_H

#include "base/buf.h"

/* Appends trusted markup (a literal of the page's own). */
void html_raw(struct buf *b, const char *markup);
/* Appends text escaped for element content. NULL writes nothing. */
void html_txt(struct buf *b, const char *text);
/* Appends text escaped for a quoted attribute value. */
void html_attr(struct buf *b, const char *text);
/* Appends text percent-encoded for a URL query argument or path segment. */
void html_url_arg(struct buf *b, const char *text);
/* Formats into the buffer: fmt is trusted markup; its conversions are
 *   %s  text, escaped (NULL writes nothing)
 *   %u  text, percent-encoded as a URL argument and then escaped
 *   %d  int,  %ld long,  %lld long long
 *   %R  trusted markup, unescaped (for fragments the page built itself)
 *   %%  a percent sign
 * Any other conversion is a bug and aborts. */
void html_printf(struct buf *b, const char *fmt, ...);

#endif
