/* error.c: status names and the error detail */
#include "base/error.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	const char *title;
} status_text[LP_STATUS_COUNT] = {
	[LP_OK] = { "ok", "OK" },
	[LP_EINVAL] = { "invalid", "Invalid input" },
	[LP_EMALFORMED] = { "malformed", "Malformed request" },
	[LP_ENOTFOUND] = { "not-found", "Not found" },
	[LP_EUNAUTH] = { "unauthenticated", "Authentication required" },
	[LP_EFORBIDDEN] = { "forbidden", "Forbidden" },
	[LP_ECONFLICT] = { "conflict", "Conflict" },
	[LP_ETOOBIG] = { "too-big", "Request too large" },
	[LP_ERATELIMIT] = { "rate-limited", "Too many attempts" },
	[LP_EUNSUPPORTED] = { "unsupported", "Not supported" },
	[LP_EDB] = { "database", "Database error" },
	[LP_EIO] = { "io", "Input/output error" },
	[LP_EINTERNAL] = { "internal", "Internal error" },
};

enum lp_status
lp_fail(struct lp_error *err, enum lp_status status, const char *field,
	const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	va_end(ap);
	return status;
}

void
lp_error_clear(struct lp_error *err)
{
	err->status = LP_OK;
	err->field[0] = '\0';
	err->reason[0] = '\0';
}

const char *
lp_status_name(enum lp_status status)
{
	if ((unsigned)status >= LP_STATUS_COUNT)
		return "unknown";
	return status_text[status].name;
}

const char *
lp_status_title(enum lp_status status)
{
	if ((unsigned)status >= LP_STATUS_COUNT)
		return "Unknown error";
	return status_text[status].title;
}
