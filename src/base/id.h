/* id.h: UUIDv7 identifiers as text (sortable by creation time) */
#ifndef LEERPAD_ID_H
#define LEERPAD_ID_H

#include <stdbool.h>

#define ID_LEN 37  /* 36 characters and the terminating NUL */

/* Writes a new UUIDv7 ("0192f0c4-...") into out; thread-safe. Within one
 * process ids are strictly increasing even inside one millisecond. */
void id_new(char out[ID_LEN]);
/* True if s is a lower-case UUID in its 8-4-4-4-12 text form. */
bool id_is_valid(const char *s);

#endif
