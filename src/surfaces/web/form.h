/* form.h: HTML form submissions, turned into the JSON records of entity.h
 *
 * A struct form holds the name=value pairs of an
 * application/x-www-form-urlencoded body in order, repeated names included
 * (a group of checkboxes sends one pair per ticked box). form_to_json
 * turns the pairs into the JSON object entity_create or entity_update
 * take, by the field table of the entity: empty inputs become null,
 * checkbox groups become lists, a textarea of a list gives one item per
 * line, numbers are parsed (credits as "7.5" or "7,5"). record_to_form
 * goes the other way, so a form is always drawn from pairs: those of a
 * stored record, or those the user sent when they must be shown again.
 *
 * Everything a form holds lives in the arena it was made with.
 */
#ifndef LEERPAD_FORM_H
#define LEERPAD_FORM_H

#include "base/arena.h"
#include "base/error.h"
#include "base/i18n.h"
#include "domain/entity.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define FORM_MAX_PAIRS 2000    /* more pairs than this: LP_ETOOBIG */
#define FORM_MAX_ERRORS 32

struct form_pair {
	const char *name;
	const char *value;
};

struct form {
	struct arena *arena;
	struct form_pair *pairs;
	int count;
	int cap;
};

/* One problem with one input: field is the input's name ("" for the whole
 * form); message is an English msgid or a reason from the domain, which
 * pages pass through tr(). */
struct form_error {
	char field[64];
	char message[256];
};

struct form_errors {
	int count;
	struct form_error items[FORM_MAX_ERRORS];
};

/* Makes an empty form whose pairs live in arena. */
void form_init(struct form *f, struct arena *arena);
/* Adds the pairs of a urlencoded body ("a=1&b=x+y&c=%C3%A9"). '+' is a
 * space, %XX a byte; a malformed escape is kept as it is. LP_ETOOBIG with
 * err set after FORM_MAX_PAIRS pairs. The caller checks UTF-8. */
enum lp_status form_parse(struct form *f, const char *body, size_t len, struct lp_error *err);
/* Adds one pair (both strings are copied into the arena). */
void form_add(struct form *f, const char *name, const char *value);
/* The first value for name, or NULL when there is none. */
const char *form_get(const struct form *f, const char *name);
/* True if some pair is name=value (a ticked checkbox, a chosen option). */
bool form_has(const struct form *f, const char *name, const char *value);

/* Adds an error to errs (ignored beyond FORM_MAX_ERRORS). */
void form_error_add(struct form_errors *errs, const char *field, const char *message);
/* The first error for field, or NULL. */
const struct form_error *form_error_for(const struct form_errors *errs, const char *field);

/* Converts the form into the input of entity_create (creating) or the
 * patch of entity_update (not creating: immutable fields are left out,
 * and an integer "version" pair is carried over). *out is a new object
 * (json_decref it). Returns LP_EINVAL, with every bad input in errs and
 * *out NULL, when a number cannot be read or a required input (a list:
 * at least one item) is empty; the other rules of the records are
 * checked by the domain when the object is stored. */
enum lp_status form_to_json(const struct entity_def *def, const struct form *f, bool creating,
			    json_t **out, struct form_errors *errs);
/* Fills f with the pairs that show record in the entity's form (credits
 * as "7,5" in Dutch and "7.5" in English, lists one pair per item, text
 * lists joined by newlines). */
void record_to_form(const struct entity_def *def, const json_t *record, enum lang lang,
		    struct form *f);
/* Parses credits "7", "7.5" or "7,5" into tenths. False for anything
 * else, including more than one decimal. */
bool form_parse_ec(const char *text, int64_t *tenths);
/* Parses a whole number, optionally signed, with nothing else. */
bool form_parse_int(const char *text, int64_t *value);
/* True if target is a path on this site that a login may send the reader
 * to: "/" followed by anything but "/" or "\", printable ASCII only (so
 * no "//evil.example", "/\evil", "https://...", CR or LF). */
bool form_is_local_path(const char *target);

#endif
