/* json_writer.c: a streaming JSON writer (see json_writer.h) */
#include "base/json_writer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Appends one character (buf_putc without the call). */
static inline void
put1(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap)
		buf_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void
jw_init(struct jw *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

bool
jw_finish(const struct jw *w)
{
	return !w->failed && w->depth == 0 && w->top_done;
}

/* Writes the comma a value needs, if any; false (and failed) if a value
 * may not come here. */
static bool
before_value(struct jw *w)
{
	int top = w->depth - 1;

	if (w->failed)
		return false;
	if (w->depth == 0) {
		if (w->top_done)
			w->failed = true;
		return !w->failed;
	}
	if (w->is_object[top]) {
		if (!w->after_key) {
			w->failed = true;
			return false;
		}
		w->after_key = false;
		return true;
	}
	if (w->has_items[top])
		put1(w->out, ',');
	w->has_items[top] = true;
	return true;
}

/* Marks a value complete: at the top level there is only one. */
static void
after_value(struct jw *w)
{
	if (w->depth == 0)
		w->top_done = true;
}

/* The length of the well-formed UTF-8 sequence at s (at most len bytes)
 * that starts with a byte >= 0x80; 0 if it is not one. */
static size_t
utf8_sequence(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (len < n)
		return 0;
	/* the second byte's range rules out overlongs, surrogates and code
	 * points above U+10FFFF */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* True if none of the 8 bytes in x needs a look: no control character,
 * no '"' or '\\', nothing above 0x7F (the classic "has a byte less than
 * n" and "has a zero byte" word tricks, exact for the question "any?"). */
static inline bool
plain8(uint64_t x)
{
	uint64_t below_space = (x - ONES * 0x20) & ~x;
	uint64_t q = x ^ (ONES * '"'), bs = x ^ (ONES * '\\');
	uint64_t quote = (q - ONES) & ~q, backslash = (bs - ONES) & ~bs;

	return ((x | below_space | quote | backslash) & HIGHS) == 0;
}

/* Appends s[0..len) as a quoted, escaped JSON string, with the character
 * lead before it and trail after it when they are not NUL (the comma and
 * colon around a key). Runs that need no escaping are copied whole. */
static void
put_string(struct buf *b, const char *text, size_t len, char lead, char trail)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, run = 0;

	buf_grow(b, len + 4);
	if (lead)
		b->p[b->len++] = lead;
	b->p[b->len++] = '"';
	while (i < len) {
		unsigned char c;
		char esc[7];
		size_t n;

		if (len - i >= 8) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			if (plain8(x)) {
				i += 8;
				continue;
			}
		}
		c = s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			n = utf8_sequence(s + i, len - i);
			if (n) {
				i += n;
				continue;
			}
		}
		buf_add(b, s + run, i - run);
		switch (c) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\b': buf_add(b, "\\b", 2); break;
		case '\f': buf_add(b, "\\f", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default:
			if (c < 0x20) {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				buf_add(b, esc, 6);
			} else {
				buf_add(b, "\xEF\xBF\xBD", 3);   /* U+FFFD for a stray byte */
			}
			break;
		}
		i++;
		run = i;
	}
	/* the rest, the closing quote and trail: room for them was made at
	 * the start unless escapes took it, which buf_grow then makes again */
	buf_grow(b, (i - run) + 2);
	memcpy(b->p + b->len, s + run, i - run);
	b->len += i - run;
	b->p[b->len++] = '"';
	if (trail)
		b->p[b->len++] = trail;
	b->p[b->len] = '\0';
}

void
jw_object_begin(struct jw *w)
{
	if (!before_value(w))
		return;
	if (w->depth >= JW_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	w->is_object[w->depth] = true;
	w->has_items[w->depth] = false;
	w->depth++;
	put1(w->out, '{');
}

void
jw_array_begin(struct jw *w)
{
	if (!before_value(w))
		return;
	if (w->depth >= JW_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	w->is_object[w->depth] = false;
	w->has_items[w->depth] = false;
	w->depth++;
	put1(w->out, '[');
}

/* Closes the innermost level if it is an object (object) or an array. */
static void
close_level(struct jw *w, bool object)
{
	if (w->failed)
		return;
	if (w->depth == 0 || w->is_object[w->depth - 1] != object || w->after_key) {
		w->failed = true;
		return;
	}
	w->depth--;
	put1(w->out, object ? '}' : ']');
	after_value(w);
}

void
jw_object_end(struct jw *w)
{
	close_level(w, true);
}

void
jw_array_end(struct jw *w)
{
	close_level(w, false);
}

void
jw_key(struct jw *w, const char *key)
{
	int top = w->depth - 1;

	if (w->failed)
		return;
	if (w->depth == 0 || !w->is_object[top] || w->after_key || !key) {
		w->failed = true;
		return;
	}
	put_string(w->out, key, strlen(key), w->has_items[top] ? ',' : '\0', ':');
	w->has_items[top] = true;
	w->after_key = true;
}

void
jw_stringn(struct jw *w, const char *s, size_t len)
{
	if (!before_value(w))
		return;
	put_string(w->out, s, len, '\0', '\0');
	after_value(w);
}

void
jw_string(struct jw *w, const char *s)
{
	if (!s)
		jw_null(w);
	else
		jw_stringn(w, s, strlen(s));
}

void
jw_int(struct jw *w, int64_t n)
{
	char text[24], *p = text + sizeof(text);
	/* in unsigned arithmetic, so INT64_MIN has a magnitude too */
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;

	if (!before_value(w))
		return;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		*--p = '-';
	buf_add(w->out, p, (size_t)(text + sizeof(text) - p));
	after_value(w);
}

void
jw_real(struct jw *w, double d)
{
	char text[40];
	char *e, *from, *to;
	int n;

	if (!isfinite(d)) {
		jw_null(w);
		return;
	}
	if (!before_value(w))
		return;
	/* jansson's jsonp_dtostr with its default precision; LC_NUMERIC is
	 * never changed from "C" in leerpad, so the decimal point is '.' */
	n = snprintf(text, sizeof(text) - 3, "%.17g", d);
	if (n < 0 || (size_t)n >= sizeof(text) - 3) {
		w->failed = true;
		return;
	}
	if (!strchr(text, '.') && !strchr(text, 'e')) {
		memcpy(text + n, ".0", 3);
		n += 2;
	}
	e = strchr(text, 'e');
	if (e) {
		from = to = e + 1;
		if (*to == '-')
			to++;
		if (*from == '+' || *from == '-')
			from++;
		while (*from == '0' && from[1])
			from++;
		memmove(to, from, strlen(from) + 1);
		n = (int)strlen(text);
	}
	buf_add(w->out, text, (size_t)n);
	after_value(w);
}

void
jw_bool(struct jw *w, bool v)
{
	if (!before_value(w))
		return;
	if (v)
		buf_add(w->out, "true", 4);
	else
		buf_add(w->out, "false", 5);
	after_value(w);
}

void
jw_null(struct jw *w)
{
	if (!before_value(w))
		return;
	buf_add(w->out, "null", 4);
	after_value(w);
}

void
jw_raw(struct jw *w, const char *json, size_t len)
{
	if (!before_value(w))
		return;
	buf_add(w->out, json, len);
	after_value(w);
}

void
jw_value(struct jw *w, const json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT:
		jw_object_begin(w);
		json_object_foreach((json_t *)v, key, item) {
			jw_key(w, key);
			jw_value(w, item);
		}
		jw_object_end(w);
		break;
	case JSON_ARRAY:
		jw_array_begin(w);
		json_array_foreach(v, i, item)
			jw_value(w, item);
		jw_array_end(w);
		break;
	case JSON_STRING:
		jw_stringn(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		jw_int(w, json_integer_value(v));
		break;
	case JSON_REAL:
		jw_real(w, json_real_value(v));
		break;
	case JSON_TRUE:
		jw_bool(w, true);
		break;
	case JSON_FALSE:
		jw_bool(w, false);
		break;
	case JSON_NULL:
	default:
		jw_null(w);
		break;
	}
}

bool
jw_is_plain_string_array(const char *text, size_t len)
{
	size_t i = 1;

	if (len < 2 || text[0] != '[' || text[len - 1] != ']')
		return false;
	if (len == 2)
		return true;
	for (;;) {
		if (i >= len || text[i] != '"')
			return false;
		for (i++; i < len && text[i] != '"'; i++) {
			unsigned char c = (unsigned char)text[i];
			if (c < 0x20 || c > 0x7E || c == '\\')
				return false;
		}
		if (i >= len)
			return false;
		i++;                       /* past the closing quote */
		if (i == len - 1)
			return true;       /* at the final ']' */
		if (text[i] != ',')
			return false;
		i++;
	}
}
