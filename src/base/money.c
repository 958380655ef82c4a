/* money.c: amounts of money as text */
#include "base/money.h"

#include <stdio.h>
#include <string.h>

const char *
money_format(int64_t cents, enum lang lang, char out[MONEY_TEXT_LEN])
{
	char digits[24], grouped[40];
	/* the magnitude as unsigned, so INT64_MIN needs no special case */
	uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	uint64_t euros = mag / 100;
	unsigned rest = (unsigned)(mag % 100);
	char group_sep = lang == LANG_EN ? ',' : '.';
	char decimal_sep = lang == LANG_EN ? '.' : ',';
	size_t n, g = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)euros);
	n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[g++] = group_sep;
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	if (lang == LANG_EN)
		snprintf(out, MONEY_TEXT_LEN, "%s€%s%c%02u", cents < 0 ? "-" : "", grouped,
			 decimal_sep, rest);
	else
		snprintf(out, MONEY_TEXT_LEN, "€ %s%s%c%02u", cents < 0 ? "-" : "", grouped,
			 decimal_sep, rest);
	return out;
}

/* Copies text into out without spaces (also no-break spaces) and without
 * one leading euro sign; false when it does not fit. */
static bool
money_strip(const char *text, char *out, size_t size)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)text;

	while (*p == ' ')
		p++;
	if (strncmp((const char *)p, "\xe2\x82\xac", 3) == 0)
		p += 3;
	for (; *p; p++) {
		if (*p == ' ')
			continue;
		if (p[0] == 0xc2 && p[1] == 0xa0) {
			p++;
			continue;
		}
		if (n + 1 >= size)
			return false;
		out[n++] = (char)*p;
	}
	out[n] = '\0';
	return true;
}

bool
money_parse(const char *text, enum lang lang, int64_t *cents)
{
	char s[64], group = lang == LANG_EN ? ',' : '.', decimal = lang == LANG_EN ? '.' : ',';
	const char *last_other, *p;
	int64_t euros = 0, fraction = 0;
	int digits = 0, group_digits = -1, decimals = 0;
	size_t len;

	if (!text || !money_strip(text, s, sizeof(s)) || !s[0])
		return false;
	len = strlen(s);
	/* "1250.50" in Dutch, "1250,50" in English: the other mark, once, with
	 * one or two digits after it at the end, is the decimal mark */
	last_other = strrchr(s, group);
	if (!strchr(s, decimal) && last_other && strchr(s, group) == last_other &&
	    (size_t)(last_other - s) + 2 <= len && len - (size_t)(last_other - s) - 1 <= 2) {
		char t = group;

		group = decimal;
		decimal = t;
	}
	for (p = s; *p && *p != decimal; p++) {
		if (*p == group) {
			/* groups of three: the first of 1 to 3 digits, then 3 each */
			if (digits == 0 || (group_digits < 0 && digits > 3) ||
			    (group_digits >= 0 && group_digits != 3))
				return false;
			group_digits = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return false;
		if (digits >= 13)
			return false;
		euros = euros * 10 + (*p - '0');
		digits++;
		if (group_digits >= 0)
			group_digits++;
	}
	if (digits == 0 || (group_digits >= 0 && group_digits != 3))
		return false;
	if (*p == decimal) {
		for (p++; *p; p++) {
			if (*p < '0' || *p > '9' || decimals >= 2)
				return false;
			fraction = fraction * 10 + (*p - '0');
			decimals++;
		}
		if (decimals == 0)
			return false;
		if (decimals == 1)
			fraction *= 10;
	}
	if (euros > INT64_C(1000000000000))
		return false;
	*cents = euros * 100 + fraction;
	return true;
}
