/* timeutil.h: UTC times as RFC 3339 text and dates as YYYY-MM-DD */
#ifndef LEERPAD_TIMEUTIL_H
#define LEERPAD_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>

#define TIME_RFC3339_LEN 32   /* "2026-11-29T01:52:00.123Z" plus room */

/* Milliseconds since the Unix epoch, from the real-time clock. */
int64_t time_now_ms(void);
/* Writes the current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" into out. */
void time_now_rfc3339(char out[TIME_RFC3339_LEN]);
/* Writes ms since the epoch as RFC 3339 UTC text into out. */
void time_format_rfc3339(int64_t ms, char out[TIME_RFC3339_LEN]);
/* Writes today's UTC date as "YYYY-MM-DD" into out (11 bytes). */
void time_today(char out[11]);
/* True if s is a real calendar date "YYYY-MM-DD" (leap years included). */
bool time_is_date(const char *s);
/* Days since 1970-01-01 for a valid date; -1 if s is not a date. */
int64_t time_date_days(const char *s);
/* Converts a stored UTC time "YYYY-MM-DDTHH:MM..." to the civil time of
 * the Netherlands (CET, CEST between the last Sundays of March and
 * October at 01:00 UTC, the EU rule), as "YYYY-MM-DD" into date and
 * "HH:MM" into clock. False, and nothing written, if utc is not such a
 * time. Needs no TZ setting, so it is safe in any thread. */
bool time_dutch_clock(const char *utc, char date[11], char clock[6]);

#endif
