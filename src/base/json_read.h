/* json_read.h: JSON text into jansson values, faster than json_loads
 *
 * json_read(text) gives exactly what json_loads(text, 0, NULL) gives: the
 * same values with the same members in the same order, or NULL where
 * jansson refuses the text. It reads the plain JSON this program stores
 * itself (agreement contents, list columns: objects, arrays, strings with
 * the short escapes, whole numbers, true, false, null) about ten times
 * faster than jansson's lexer, which goes through a stream one character
 * at a time. Anything else (reals, \u escapes, numbers past 18 digits,
 * text that is not UTF-8, nesting deeper than JSON_READ_MAX_DEPTH, any
 * error) is handed to json_loads as it is, so jansson still decides every
 * case this reader does not handle itself.
 *
 * The caller owns the value (json_decref); text is not kept.
 */
#ifndef LEERPAD_JSON_READ_H
#define LEERPAD_JSON_READ_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define JSON_READ_MAX_DEPTH 64

/* The value of the JSON text (an object or an array at the top, as
 * json_loads without flags), or NULL. text may be NULL: NULL. */
json_t *json_read(const char *text);

/* Calls fn(data, s, len) for each string that the member named member
 * holds in an object of the array that the member named list of the
 * top-level object holds, in their order: the strings json_read(text)
 * would give at list[i].member, without building the values. A value
 * that is not a string, an object without member, and a text whose top
 * level is an array give no call. False when the text is not one this
 * walk reads itself (see above; also a repeated list member or an
 * escaped string in member): then read it with json_read instead, and
 * know that fn may have been called for some strings already. */
bool json_read_strings(const char *text, const char *list, const char *member,
		       void (*fn)(void *data, const char *s, size_t len), void *data);

#endif
