/* timeutil.c: UTC times and dates */
#include "base/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t
time_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
time_format_rfc3339(int64_t ms, char out[TIME_RFC3339_LEN])
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	char text[96];   /* room for any int, so the compiler can prove no cut */
	size_t n;

	gmtime_r(&secs, &tm);
	snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (int)(ms % 1000));
	n = strlen(text);
	if (n >= TIME_RFC3339_LEN)
		n = TIME_RFC3339_LEN - 1;
	memcpy(out, text, n);
	out[n] = '\0';
}

void
time_now_rfc3339(char out[TIME_RFC3339_LEN])
{
	time_format_rfc3339(time_now_ms(), out);
}

void
time_today(char out[11])
{
	char now[TIME_RFC3339_LEN];

	time_now_rfc3339(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Parses exactly "YYYY-MM-DD" with a real day for the month. */
static bool
parse_date(const char *s, int *y, int *m, int *d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int i;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1)
		return false;
	if (*d > days[*m - 1] + (*m == 2 && is_leap(*y)))
		return false;
	return true;
}

bool
time_is_date(const char *s)
{
	int y, m, d;

	return parse_date(s, &y, &m, &d);
}

static int64_t days_from_civil(int y, int m, int d);

int64_t
time_date_days(const char *s)
{
	int y, m, d;

	if (!parse_date(s, &y, &m, &d))
		return -1;
	return days_from_civil(y, m, d);
}

/* Days since 1970-01-01 of the civil date y-m-d (a real date). */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	/* civil-to-days (Howard Hinnant's algorithm) */
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Days since the epoch of the last Sunday of a month (1970-01-01 was a
 * Thursday, weekday 4 when Sunday is 0). */
static int64_t
last_sunday(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t last = days_from_civil(year, month,
				       days[month - 1] + (month == 2 && is_leap(year)));

	return last - ((last % 7 + 7 + 4) % 7);
}

bool
time_dutch_clock(const char *utc, char date[11], char clock[6])
{
	char day[11], text[96];
	int64_t days, secs, start, end;
	int hour, minute;
	time_t local;
	struct tm tm;

	if (!utc || strlen(utc) < 16 || utc[10] != 'T' || utc[13] != ':')
		return false;
	memcpy(day, utc, 10);
	day[10] = '\0';
	days = time_date_days(day);
	if (days < 0 || utc[11] < '0' || utc[11] > '2' || utc[12] < '0' || utc[12] > '9' ||
	    utc[14] < '0' || utc[14] > '5' || utc[15] < '0' || utc[15] > '9')
		return false;
	hour = (utc[11] - '0') * 10 + (utc[12] - '0');
	minute = (utc[14] - '0') * 10 + (utc[15] - '0');
	if (hour > 23)
		return false;
	secs = days * 86400 + hour * 3600 + minute * 60;
	start = last_sunday(atoi(day), 3) * 86400 + 3600;
	end = last_sunday(atoi(day), 10) * 86400 + 3600;
	local = (time_t)(secs + (secs >= start && secs < end ? 7200 : 3600));
	gmtime_r(&local, &tm);
	if (tm.tm_year + 1900 > 9999) {
		/* room for any int, so the compiler can prove no cut */
		snprintf(text, sizeof(text), "%04d-%02d-%02d%02d:%02d", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	} else {
		/* the same text without snprintf (it is on every signature shown) */
		int year = tm.tm_year + 1900;
		const int parts[] = { tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min };
		char *t = text;

		*t++ = (char)('0' + year / 1000);
		*t++ = (char)('0' + year / 100 % 10);
		*t++ = (char)('0' + year / 10 % 10);
		*t++ = (char)('0' + year % 10);
		for (int i = 0; i < 4; i++) {
			if (i < 2 || i == 3)
				*t++ = i == 3 ? ':' : '-';
			*t++ = (char)('0' + parts[i] / 10);
			*t++ = (char)('0' + parts[i] % 10);
		}
		*t = '\0';
	}
	memcpy(date, text, 10);
	date[10] = '\0';
	memcpy(clock, text + 10, 5);
	clock[5] = '\0';
	return true;
}
