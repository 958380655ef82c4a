/* labels.h: human words for code values, numbers and dates on pages
 *
 * Records hold code values ("part_time", "post_hbo"); pages show words
 * ("deeltijd", "Post-hbo"). All those words live in one table (labels.c)
 * with the Dutch and the English side by side; role names come from
 * role_label() and po/nl.po. Every function returns text that still has to
 * be escaped on output.
 */
#ifndef LEERPAD_LABELS_H
#define LEERPAD_LABELS_H

#include "base/i18n.h"
#include "domain/actor.h"

#include <stdint.h>

#define LABEL_EC_LEN 24
#define LABEL_DATE_LEN 40
#define LABEL_MOMENT_LEN 56

/* The word for a code value of an ENUM or ENUMSET field (organisation
 * kinds, membership roles, levels, modes, experiments, offering modes,
 * languages, role names). An unknown value is returned as it is, so no
 * value is ever hidden. Static storage or value itself. */
const char *label_value(enum lang lang, const char *value);
/* The translated label of a role ("Opleidingsmanager"). */
const char *label_role(enum lang lang, enum role role);
/* Writes credits given in tenths: "7,5" in Dutch, "7.5" in English, "30"
 * for whole numbers. Returns out. */
const char *label_ec(enum lang lang, int64_t tenths, char out[LABEL_EC_LEN]);
/* Writes a date "YYYY-MM-DD" for reading: "1 september 2025" or
 * "1 September 2025". Text that is not a date is copied as it is.
 * Returns out. */
const char *label_date(enum lang lang, const char *date, char out[LABEL_DATE_LEN]);
/* Writes a month "YYYY-MM" for reading: "november 2026" or "November
 * 2026". Text that is not such a month is copied as it is. Returns out. */
const char *label_month(enum lang lang, const char *month, char out[LABEL_DATE_LEN]);
/* Writes a stored UTC time for reading, in Dutch civil time:
 * "29 november 2026, 09:28". Text that is not such a time is copied as it
 * is. Returns out. */
const char *label_moment(enum lang lang, const char *utc, char out[LABEL_MOMENT_LEN]);

#endif
