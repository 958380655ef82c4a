/* cookie.c: the Set-Cookie values leerpad sends */
#include "surfaces/http/cookie.h"
#include "surfaces/http/server.h"
#include "domain/auth.h"

const char *
cookie_session(struct request *req, const char *token)
{
	return arena_printf(&req->arena,
			    "leerpad_session=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
			    token, AUTH_SESSION_HOURS * 3600,
			    server_secure_cookies() ? "; Secure" : "");
}

const char *
cookie_session_clear(void)
{
	return "leerpad_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
}
