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
