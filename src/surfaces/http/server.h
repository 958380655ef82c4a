/* server.h: the HTTP server (libmicrohttpd, a thread pool, epoll) */
#ifndef LEERPAD_SERVER_H
#define LEERPAD_SERVER_H

#include "base/error.h"

#include <stdbool.h>

struct server_options {
	const char *address;     /* IPv4 address to listen on */
	int port;                /* 0 picks a free port */
	const char *db_url;      /* every worker opens its own connection */
	int threads;             /* worker threads */
	bool secure_cookies;     /* mark cookies Secure (behind HTTPS) */
	const char *port_file;   /* if set, the bound port is written there */
	int max_seconds;         /* > 0: stop by itself after this long (tests) */
	const char *trusted_proxy; /* if set: requests from this address (a load
				    * balancer) carry the client's in X-Real-IP */
};

/* Serves until SIGINT or SIGTERM. Prints "listening on http://ADDR:PORT"
 * to stderr once the socket is bound. */
enum lp_status server_run(const struct server_options *opts, struct lp_error *err);

/* Whether cookies get the Secure attribute (set once at start). */
bool server_secure_cookies(void);

#endif
