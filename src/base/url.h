/* url.h: the application/x-www-form-urlencoded coding of query strings
 * and form bodies (HTML's "URL-encoded form data") */
#ifndef LEERPAD_URL_H
#define LEERPAD_URL_H

#include "base/arena.h"

#include <stddef.h>

/* Decodes one component of len bytes ('+' is a space, %XX a byte; a '%'
 * without two hex digits stays as it is) into a new string in a. The
 * result may hold any bytes: callers check UTF-8 where they need it. */
char *url_decode(struct arena *a, const char *s, size_t len);

#endif
