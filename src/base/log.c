/* log.c: one-line logging to stderr */
#include "base/log.h"
#include "base/timeutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static const char *level_names[] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level level)
{
	min_level = level;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char line[2048];
	char now[TIME_RFC3339_LEN];
	va_list ap;
	int n, m;

	if (level < min_level)
		return;
	time_now_rfc3339(now);
	n = snprintf(line, sizeof(line), "%s %s ", now, level_names[level]);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return; /* nowhere left to report a failed log write */
}
