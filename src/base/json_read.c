/* json_read.c: JSON text into jansson values (see json_read.h)
 *
 * A recursive descent over the text. Decoded strings go into one scratch
 * buffer as large as the text: a member's key stays reserved in it while
 * its value is read (at most the length of the text they were read from),
 * and is released when the member is set. Whatever the fast path does not
 * handle makes it give up ("bail"), and json_loads reads the text instead.
 */
#include "base/json_read.h"
#include "base/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	const char *p;     /* the next byte to read */
	char *scratch;     /* decoded strings */
	size_t top;        /* scratch bytes in use (keys being read) */
	int depth;
	bool bail;         /* give up: json_loads decides */
};

static json_t *value(struct reader *r);

/* Bytes a string's text cannot simply be copied past: the closing quote,
 * a backslash, control characters (and the end), and non-ASCII bytes,
 * whose UTF-8 is checked. */
static const unsigned char stops[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Steps over JSON's white space (the same four bytes jansson skips). */
static void
skip_space(struct reader *r)
{
	while (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t')
		r->p++;
}

/* Gives up on the text: returns NULL for the caller to pass on. */
static json_t *
bail(struct reader *r)
{
	r->bail = true;
	return NULL;
}

/* Decodes the string at r->p (at its opening quote) into the scratch at
 * r->top; *len is its length. False (bail set) for anything this reader
 * leaves to jansson. */
static bool
string(struct reader *r, const char **out, size_t *len)
{
	char *dst = r->scratch + r->top, *start = dst;
	const unsigned char *s = (const unsigned char *)r->p + 1;
	bool high = false;

	for (;;) {
		unsigned char c;
		while (!stops[*s])
			*dst++ = (char)*s++;
		c = *s++;
		if (c == '"')
			break;
		if (c < 0x20) {          /* a control character or the end */
			r->bail = true;
			return false;
		}
		if (c >= 0x80)
			high = true;
		if (c != '\\') {
			*dst++ = (char)c;
			continue;
		}
		switch (*s++) {
		case '"': *dst++ = '"'; break;
		case '\\': *dst++ = '\\'; break;
		case '/': *dst++ = '/'; break;
		case 'b': *dst++ = '\b'; break;
		case 'f': *dst++ = '\f'; break;
		case 'n': *dst++ = '\n'; break;
		case 'r': *dst++ = '\r'; break;
		case 't': *dst++ = '\t'; break;
		default:                 /* \u and anything wrong */
			r->bail = true;
			return false;
		}
	}
	*len = (size_t)(dst - start);
	*dst = '\0';
	if (high && !utf8_is_valid(start, *len)) {
		r->bail = true;
		return false;
	}
	r->p = (const char *)s;
	*out = start;
	return true;
}

/* A whole number of at most 18 digits; reals and the rest bail. */
static json_t *
number(struct reader *r)
{
	const char *s = r->p;
	bool negative = *s == '-';
	long long n = 0;
	int digits = 0;

	if (negative)
		s++;
	if (*s == '0' && s[1] >= '0' && s[1] <= '9')
		return bail(r);
	while (*s >= '0' && *s <= '9') {
		if (++digits > 18)
			return bail(r);
		n = n * 10 + (*s++ - '0');
	}
	if (digits == 0 || *s == '.' || *s == 'e' || *s == 'E')
		return bail(r);
	r->p = s;
	return json_integer(negative ? -n : n);
}

/* The object at r->p (at its '{'); NULL with bail set otherwise. */
static json_t *
object(struct reader *r)
{
	json_t *o = json_object();

	r->p++;
	skip_space(r);
	if (*r->p == '}') {
		r->p++;
		return o;
	}
	for (;;) {
		const char *key;
		size_t len, saved = r->top;
		json_t *v;

		if (*r->p != '"' || !string(r, &key, &len))
			break;
		r->top += len + 1;       /* keep the key while the value is read */
		skip_space(r);
		if (*r->p != ':')
			break;
		r->p++;
		skip_space(r);
		v = value(r);
		r->top = saved;
		if (!v)
			break;
		if (json_object_setn_new_nocheck(o, key, len, v))
			break;
		skip_space(r);
		if (*r->p == '}') {
			r->p++;
			return o;
		}
		if (*r->p != ',')
			break;
		r->p++;
		skip_space(r);
	}
	json_decref(o);
	return bail(r);
}

/* The array at r->p (at its '['); NULL with bail set otherwise. */
static json_t *
array(struct reader *r)
{
	json_t *a = json_array();

	r->p++;
	skip_space(r);
	if (*r->p == ']') {
		r->p++;
		return a;
	}
	for (;;) {
		json_t *v = value(r);
		if (!v || json_array_append_new(a, v))
			break;
		skip_space(r);
		if (*r->p == ']') {
			r->p++;
			return a;
		}
		if (*r->p != ',')
			break;
		r->p++;
		skip_space(r);
	}
	json_decref(a);
	return bail(r);
}

/* Any value at r->p; NULL with bail set for what is left to jansson. */
static json_t *
value(struct reader *r)
{
	const char *s;
	size_t len;
	json_t *v;

	switch (*r->p) {
	case '{':
	case '[':
		if (++r->depth > JSON_READ_MAX_DEPTH)
			return bail(r);
		v = *r->p == '{' ? object(r) : array(r);
		r->depth--;
		return v;
	case '"':
		return string(r, &s, &len) ? json_stringn_nocheck(s, len) : NULL;
	case 't':
		if (strncmp(r->p, "true", 4) != 0)
			return bail(r);
		r->p += 4;
		return json_true();
	case 'f':
		if (strncmp(r->p, "false", 5) != 0)
			return bail(r);
		r->p += 5;
		return json_false();
	case 'n':
		if (strncmp(r->p, "null", 4) != 0)
			return bail(r);
		r->p += 4;
		return json_null();
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return number(r);
		return bail(r);
	}
}

json_t *
json_read(const char *text)
{
	struct reader r;
	char small[1024];
	size_t len;
	json_t *v = NULL;

	if (!text)
		return NULL;
	len = strlen(text);
	memset(&r, 0, sizeof(r));
	r.p = text;
	r.scratch = len < sizeof(small) ? small : malloc(len + 1);
	if (!r.scratch)
		return json_loads(text, 0, NULL);
	skip_space(&r);
	if (*r.p == '{' || *r.p == '[')
		v = value(&r);
	if (v) {
		skip_space(&r);
		if (*r.p != '\0') {
			json_decref(v);
			v = NULL;
		}
	}
	if (r.scratch != small)
		free(r.scratch);
	/* an error is jansson's to find (and to refuse the same way) */
	return v ? v : json_loads(text, 0, NULL);
}

/* ---- walking without building values (json_read_strings) ---------------- */

/* Steps over the string at r->p; *start and *len give its text between the
 * quotes as written, *escaped whether it holds escapes. */
static bool
scan_string(struct reader *r, const char **start, size_t *len, bool *escaped)
{
	const unsigned char *s = (const unsigned char *)r->p + 1;
	bool high = false;

	*escaped = false;
	*start = (const char *)s;
	for (;;) {
		unsigned char c;
		while (!stops[*s])
			s++;
		c = *s;
		if (c == '"')
			break;
		if (c < 0x20) {
			r->bail = true;
			return false;
		}
		if (c >= 0x80)
			high = true;
		if (c == '\\') {
			if (!strchr("\"\\/bfnrt", s[1]) || s[1] == '\0') {
				r->bail = true;
				return false;
			}
			*escaped = true;
			s += 2;
			continue;
		}
		s++;
	}
	*len = (size_t)((const char *)s - *start);
	/* escapes are ASCII, so the text is UTF-8 exactly when its decoding is */
	if (high && !utf8_is_valid(*start, *len)) {
		r->bail = true;
		return false;
	}
	r->p = (const char *)s + 1;
	return true;
}

/* Steps over one value, checking it as value() would read it. */
static bool
skip_value(struct reader *r)
{
	const char *start;
	size_t len;
	bool escaped, object;
	json_t *n;

	switch (*r->p) {
	case '{':
	case '[':
		object = *r->p == '{';
		if (++r->depth > JSON_READ_MAX_DEPTH) {
			r->bail = true;
			return false;
		}
		r->p++;
		skip_space(r);
		if (*r->p == (object ? '}' : ']')) {
			r->p++;
			r->depth--;
			return true;
		}
		for (;;) {
			if (object) {
				if (*r->p != '"' || !scan_string(r, &start, &len, &escaped))
					break;
				skip_space(r);
				if (*r->p != ':')
					break;
				r->p++;
				skip_space(r);
			}
			if (!skip_value(r))
				break;
			skip_space(r);
			if (*r->p == (object ? '}' : ']')) {
				r->p++;
				r->depth--;
				return true;
			}
			if (*r->p != ',')
				break;
			r->p++;
			skip_space(r);
		}
		r->bail = true;
		return false;
	case '"':
		return scan_string(r, &start, &len, &escaped);
	case 't':
	case 'f':
	case 'n':
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		n = value(r);    /* a literal or a whole number: nothing to allocate much */
		json_decref(n);
		return n != NULL;
	default:
		r->bail = true;
		return false;
	}
}

/* True if the key read (start, len, escaped) is name. */
static bool
key_is(const char *start, size_t len, bool escaped, const char *name)
{
	return !escaped && strlen(name) == len && memcmp(start, name, len) == 0;
}

/* The members named member of the objects of the array at r->p. */
static bool
walk_list(struct reader *r, const char *member,
	  void (*fn)(void *data, const char *s, size_t len), void *data)
{
	if (*r->p != '[')
		return skip_value(r);
	r->depth++;
	r->p++;
	skip_space(r);
	if (*r->p == ']') {
		r->p++;
		r->depth--;
		return true;
	}
	for (;;) {
		const char *found = NULL, *start;
		size_t found_len = 0, len;
		bool escaped;

		if (*r->p != '{') {
			if (!skip_value(r))
				return false;
		} else {
			r->depth++;
			r->p++;
			skip_space(r);
			while (*r->p != '}') {
				bool wanted;
				if (*r->p != '"' || !scan_string(r, &start, &len, &escaped))
					goto bad;
				wanted = key_is(start, len, escaped, member);
				skip_space(r);
				if (*r->p != ':')
					goto bad;
				r->p++;
				skip_space(r);
				if (wanted && *r->p == '"') {
					if (!scan_string(r, &start, &len, &escaped) || escaped)
						goto bad;
					found = start;
					found_len = len;
				} else {
					if (wanted)
						found = NULL;   /* the last of a repeated key counts */
					if (!skip_value(r))
						return false;
				}
				skip_space(r);
				if (*r->p == ',') {
					r->p++;
					skip_space(r);
					if (*r->p == '}')
						goto bad;
				} else if (*r->p != '}') {
					goto bad;
				}
			}
			r->p++;
			r->depth--;
			if (found)
				fn(data, found, found_len);
		}
		skip_space(r);
		if (*r->p == ']') {
			r->p++;
			r->depth--;
			return true;
		}
		if (*r->p != ',')
			goto bad;
		r->p++;
		skip_space(r);
	}
bad:
	r->bail = true;
	return false;
}

bool
json_read_strings(const char *text, const char *list, const char *member,
		  void (*fn)(void *data, const char *s, size_t len), void *data)
{
	struct reader r;
	const char *start;
	size_t len;
	bool escaped, seen = false;

	if (!text)
		return false;
	memset(&r, 0, sizeof(r));
	r.p = text;
	skip_space(&r);
	if (*r.p == '[') {
		if (!skip_value(&r))
			return false;
	} else if (*r.p == '{') {
		r.depth = 1;
		r.p++;
		skip_space(&r);
		while (*r.p != '}') {
			bool wanted;
			if (*r.p != '"' || !scan_string(&r, &start, &len, &escaped))
				return false;
			wanted = key_is(start, len, escaped, list);
			if (wanted && seen)
				return false;   /* a repeated list: left to jansson */
			seen = seen || wanted;
			skip_space(&r);
			if (*r.p != ':')
				return false;
			r.p++;
			skip_space(&r);
			if (!(wanted ? walk_list(&r, member, fn, data) : skip_value(&r)))
				return false;
			skip_space(&r);
			if (*r.p == ',') {
				r.p++;
				skip_space(&r);
				if (*r.p == '}')
					return false;
			} else if (*r.p != '}') {
				return false;
			}
		}
		r.p++;
	} else {
		return false;
	}
	skip_space(&r);
	return *r.p == '\0' && !r.bail;
}

