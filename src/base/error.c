/* error.c: status names and the error detail */
#include "base/error.h"
#include "base/utf8.h"

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

/* Keeps s valid UTF-8 after formatting into a fixed buffer: a character
 * cut at the end (by the buffer's size) is dropped, and any other byte
 * that starts no whole character (a "%.60s" cut) becomes '?'. Surfaces put
 * field and reason into JSON, which holds only valid UTF-8. */
static void
utf8_repair(char *s)
{
	size_t i = 0, len = strlen(s);

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t need = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
			    : (c & 0xf8) == 0xf0 ? 4 : 0;

		if (need && need <= len - i && utf8_is_valid(s + i, need)) {
			i += need;
			continue;
		}
		if (need > len - i) {
			size_t k = i + 1;
			while (k < len && ((unsigned char)s[k] & 0xc0) == 0x80)
				k++;
			if (k == len) {
				s[i] = '\0';
				return;
			}
		}
		s[i++] = '?';
	}
}

static _Thread_local bool reasons_translated;
static _Thread_local enum lang reasons_lang;

void
lp_reasons_in(enum lang lang)
{
	reasons_translated = true;
	reasons_lang = lang;
}

void
lp_reasons_in_english(void)
{
	reasons_translated = false;
}

bool
lp_reasons_translated(enum lang *lang)
{
	if (reasons_translated && lang)
		*lang = reasons_lang;
	return reasons_translated;
}

enum lp_status
lp_fail(struct lp_error *err, enum lp_status status, const char *field,
	const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	if (reasons_translated)
		fmt = tr(reasons_lang, fmt);
	va_start(ap, fmt);
	/* a translation keeps the msgid's conversions: msgfmt --check
	 * refuses po/nl.po otherwise */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
#pragma GCC diagnostic pop
	va_end(ap);
	utf8_repair(err->field);
	utf8_repair(err->reason);
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
