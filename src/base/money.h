/* money.h: amounts of money as text
 *
 * leerpad keeps money as signed 64-bit integer euro cents (DESIGN.md §4)
 * and never as floating point. This module only writes amounts for people
 * to read, in the conventions of the reader's language.
 */
#ifndef LEERPAD_MONEY_H
#define LEERPAD_MONEY_H

#include "base/i18n.h"

#include <stdbool.h>
#include <stdint.h>

/* Room for the longest amount: "-€ " + 22 digits with separators + ",00". */
#define MONEY_TEXT_LEN 48

/* Writes cents as euros into out and returns out. Dutch: "€ 1.250,00",
 * "€ -12,50"; English: "€1,250.00", "-€12.50". Every int64_t value,
 * INT64_MIN included, fits in MONEY_TEXT_LEN. */
const char *money_format(int64_t cents, enum lang lang, char out[MONEY_TEXT_LEN]);

/* Reads an amount of euros as a person types it, into cents: "1.250,00",
 * "1250", "1250,5", "€ 1.250" in Dutch; "1,250.00", "1250.50" in English.
 * Spaces and one leading "€" are ignored. The language's decimal mark
 * ("," in Dutch) starts at most two decimals; its group mark must sit
 * between groups of three digits. The other language's decimal mark is
 * taken as decimal when it appears once, followed by one or two digits at
 * the end ("1250.50" in Dutch), so a typed amount never becomes a hundred
 * times larger. No sign, at most 10^12 euros. False for anything else. */
bool money_parse(const char *text, enum lang lang, int64_t *cents);

#endif
