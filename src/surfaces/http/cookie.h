/* cookie.h: the Set-Cookie values leerpad sends */
#ifndef LEERPAD_COOKIE_H
#define LEERPAD_COOKIE_H

#include "surfaces/http/request.h"

/* The session cookie for token: HttpOnly, SameSite=Lax, Path=/, and
 * Secure when the server runs behind HTTPS. Arena string. */
const char *cookie_session(struct request *req, const char *token);
/* A header value that removes the session cookie (static). */
const char *cookie_session_clear(void);

#endif
