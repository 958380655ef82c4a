/* error.h: the one status enum of leerpad, with a detail (curl's CURLcode)
 *
 * Every function that can fail returns an enum lp_status (LP_OK == 0) and,
 * where the caller needs to tell the user more, fills a struct lp_error with
 * the offending field and a reason. Surfaces map a status to an HTTP status
 * or an exit code in exactly one place each (http/problem.c, cli/cli.c).
 * The numbers are stable: new codes are added at the end.
 */
#ifndef LEERPAD_ERROR_H
#define LEERPAD_ERROR_H

#include "base/i18n.h"

#include <stdarg.h>
#include <stdbool.h>

enum lp_status {
	LP_OK = 0,
	LP_EINVAL,        /* input is not valid: field and reason say why */
	LP_EMALFORMED,    /* input cannot be parsed at all (bad JSON, bad UTF-8) */
	LP_ENOTFOUND,     /* no such thing, or the actor may not know it exists */
	LP_EUNAUTH,       /* not logged in, or bad credentials */
	LP_EFORBIDDEN,    /* logged in but not allowed */
	LP_ECONFLICT,     /* stale version or duplicate */
	LP_ETOOBIG,       /* input over a size limit */
	LP_ERATELIMIT,    /* too many attempts; try later */
	LP_EUNSUPPORTED,  /* media type or method not supported */
	LP_EDB,           /* the database failed */
	LP_EIO,           /* a file or socket failed */
	LP_EINTERNAL,     /* a bug: an invariant did not hold */
	LP_STATUS_COUNT
};

struct lp_error {
	enum lp_status status;
	char field[64];    /* the offending input field, "" if none */
	char reason[256];  /* one human sentence, see lp_reasons_in */
};

/* Every struct lp_error starts out this way (English, no failure). */
#define LP_ERROR_INIT { .status = LP_OK }

/* Sets status, field (may be NULL) and a printf-formatted reason (fmt is
 * an English msgid, translated as lp_reasons_in says); returns
 * status so callers can write `return lp_fail(err, LP_EINVAL, "ec", ...)`.
 * err may be NULL, in which case only the status is returned. */
enum lp_status lp_fail(struct lp_error *err, enum lp_status status,
		       const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Clears err to LP_OK with empty field and reason. */
void lp_error_clear(struct lp_error *err);

/* The language of the reasons lp_fail writes on this thread. A surface
 * that shows reasons to people (the pages) sets the reader's language for
 * the time of a request, and lp_fail formats from the translation of its
 * format; the API and the command line keep English, stable for scripts.
 * Per thread, so that no error struct can carry a stale setting. */
void lp_reasons_in(enum lang lang);
void lp_reasons_in_english(void);
/* True, with *lang, while reasons on this thread are translated. */
bool lp_reasons_translated(enum lang *lang);

/* A stable short name for a status, e.g. "invalid", "not-found"; used as the
 * last segment of problem+json type URIs. */
const char *lp_status_name(enum lp_status status);

/* A human title in English for a status, e.g. "Invalid input". */
const char *lp_status_title(enum lp_status status);

#endif
