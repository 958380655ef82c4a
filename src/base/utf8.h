/* utf8.h: validation of UTF-8 text from outside */
#ifndef LEERPAD_UTF8_H
#define LEERPAD_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF) and holds no NUL byte. */
bool utf8_is_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8 text (for length limits). */
size_t utf8_length(const char *s);
/* True if the text has control characters other than tab, LF and CR. */
bool utf8_has_control(const char *s, bool allow_newlines);

#endif
