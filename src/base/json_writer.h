/* json_writer.h: a streaming JSON writer into a struct buf (git's json-writer)
 *
 * Writes JSON text as it goes instead of building a jansson tree and
 * dumping it: objects and arrays are opened and closed, an object member is
 * jw_key followed by exactly one value, and the commas are the writer's
 * business. The text is what jansson's json_dumps(JSON_COMPACT) would make
 * of the same values, byte for byte, so a response reads the same whichever
 * way it was made:
 *   - strings escape '"' and '\' with a backslash, \b \f \n \r \t by name,
 *     every other byte below 0x20 as \u00XX (upper-case hex), and keep
 *     everything else as it is (DEL, '/', non-ASCII UTF-8);
 *   - integers in decimal; reals as jansson writes them ("%.17g", with
 *     ".0" added when the text would read as an integer, the exponent
 *     without '+' and leading zeros).
 * Text must be UTF-8. A byte that is not part of well-formed UTF-8 is
 * written as U+FFFD (jansson refuses the whole document instead); a
 * non-finite real is written as null (jansson cannot hold one).
 *
 * Misuse (a value in an object without a key, a key outside an object,
 * closing what is not open, a second top-level value, nesting deeper than
 * JW_MAX_DEPTH) writes nothing more and makes jw_finish false.
 * The writer owns nothing: the buffer belongs to the caller.
 */
#ifndef LEERPAD_JSON_WRITER_H
#define LEERPAD_JSON_WRITER_H

#include "base/buf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JW_MAX_DEPTH 64

struct jw {
	struct buf *out;
	int depth;                       /* open objects and arrays */
	bool failed;                     /* misused: see above */
	bool after_key;                  /* a key was written, its value is next */
	bool top_done;                   /* the one top-level value is complete */
	bool is_object[JW_MAX_DEPTH];    /* per open level: object or array */
	bool has_items[JW_MAX_DEPTH];    /* per open level: a comma comes first */
};

/* Starts writing one JSON value at the end of out (which keeps its text). */
void jw_init(struct jw *w, struct buf *out);
/* True if exactly one complete value was written and nothing was misused. */
bool jw_finish(const struct jw *w);

void jw_object_begin(struct jw *w);
void jw_object_end(struct jw *w);
void jw_array_begin(struct jw *w);
void jw_array_end(struct jw *w);
/* The name of the next member of the open object (NUL-terminated). */
void jw_key(struct jw *w, const char *key);

/* A string value; NULL writes null. */
void jw_string(struct jw *w, const char *s);
/* A string value of len bytes (NUL bytes are written as \u0000). */
void jw_stringn(struct jw *w, const char *s, size_t len);
void jw_int(struct jw *w, int64_t n);
void jw_real(struct jw *w, double d);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* A complete JSON value given as text, copied as it is: only for text the
 * program made itself (the caller vouches that it is valid JSON). */
void jw_raw(struct jw *w, const char *json, size_t len);
/* Any jansson value, objects in their insertion order; NULL writes null. */
void jw_value(struct jw *w, const json_t *v);

/* True if text[0..len) is a compact JSON array of strings that need no
 * escaping at all: "[]" or ["a","b c"] with only the printable ASCII
 * characters other than '"' and '\' inside the quotes. Such text is what
 * this writer (and json_dumps with JSON_COMPACT, with or without
 * JSON_ENSURE_ASCII) makes of that array, so it can be copied through. */
bool jw_is_plain_string_array(const char *text, size_t len);

#endif
