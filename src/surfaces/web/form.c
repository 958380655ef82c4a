/* form.c: HTML form submissions, turned into the JSON records of entity.h */
#include "surfaces/web/form.h"
#include "base/url.h"
#include "base/buf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
form_init(struct form *f, struct arena *arena)
{
	memset(f, 0, sizeof(*f));
	f->arena = arena;
}

/* Adds a pair whose strings already live in the arena. */
static void
add_owned(struct form *f, const char *name, const char *value)
{
	if (f->count == f->cap) {
		int cap = f->cap ? f->cap * 2 : 16;
		struct form_pair *pairs = arena_alloc(f->arena, (size_t)cap * sizeof(*pairs));
		if (f->count)
			memcpy(pairs, f->pairs, (size_t)f->count * sizeof(*pairs));
		f->pairs = pairs;
		f->cap = cap;
	}
	f->pairs[f->count].name = name;
	f->pairs[f->count].value = value;
	f->count++;
}

void
form_add(struct form *f, const char *name, const char *value)
{
	add_owned(f, arena_strdup(f->arena, name), arena_strdup(f->arena, value ? value : ""));
}

enum lp_status
form_parse(struct form *f, const char *body, size_t len, struct lp_error *err)
{
	const char *p = body, *end = body + len;

	if (!body)
		return LP_OK;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *kend = eq ? eq : stop;

		if (stop > p) {
			if (f->count >= FORM_MAX_PAIRS)
				return lp_fail(err, LP_ETOOBIG, NULL,
					       "the form has more than %d inputs", FORM_MAX_PAIRS);
			add_owned(f, url_decode(f->arena, p, (size_t)(kend - p)),
				  eq ? url_decode(f->arena, eq + 1, (size_t)(stop - eq - 1))
				     : arena_strdup(f->arena, ""));
		}
		p = stop + 1;
	}
	return LP_OK;
}

const char *
form_get(const struct form *f, const char *name)
{
	for (int i = 0; i < f->count; i++)
		if (strcmp(f->pairs[i].name, name) == 0)
			return f->pairs[i].value;
	return NULL;
}

bool
form_has(const struct form *f, const char *name, const char *value)
{
	for (int i = 0; i < f->count; i++)
		if (strcmp(f->pairs[i].name, name) == 0 && strcmp(f->pairs[i].value, value) == 0)
			return true;
	return false;
}

void
form_error_add(struct form_errors *errs, const char *field, const char *message)
{
	struct form_error *e;

	if (errs->count >= FORM_MAX_ERRORS)
		return;
	e = &errs->items[errs->count++];
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	snprintf(e->message, sizeof(e->message), "%s", message ? message : "");
}

const struct form_error *
form_error_for(const struct form_errors *errs, const char *field)
{
	for (int i = 0; i < errs->count; i++)
		if (strcmp(errs->items[i].field, field) == 0)
			return &errs->items[i];
	return NULL;
}

/* True for the ASCII white space that inputs are trimmed of. */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* A copy of s[0..len) without white space at either end, in the arena. */
static char *
trimmed(struct arena *a, const char *s, size_t len)
{
	while (len && is_space(*s)) {
		s++;
		len--;
	}
	while (len && is_space(s[len - 1]))
		len--;
	return arena_strndup(a, s, len);
}

/* A copy of s with CR LF and lone CR turned into LF, then trimmed. */
static char *
normalised_lines(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	char *out;

	for (; *s; s++) {
		if (*s == '\r') {
			buf_putc(&b, '\n');
			if (s[1] == '\n')
				s++;
		} else {
			buf_putc(&b, *s);
		}
	}
	out = trimmed(a, buf_str(&b), b.len);
	buf_release(&b);
	return out;
}

bool
form_parse_int(const char *text, int64_t *value)
{
	char *end;
	long long n;

	if (!text || !*text || is_space(*text))
		return false;
	errno = 0;
	n = strtoll(text, &end, 10);
	if (errno || *end || end == text)
		return false;
	*value = n;
	return true;
}

bool
form_parse_ec(const char *text, int64_t *tenths)
{
	int64_t whole = 0;
	const char *p = text;
	bool negative = false;

	if (!p || !*p)
		return false;
	if (*p == '-') {
		negative = true;
		p++;
	}
	if (*p < '0' || *p > '9')
		return false;
	for (int digits = 0; *p >= '0' && *p <= '9'; p++, digits++) {
		if (digits >= 15)
			return false;
		whole = whole * 10 + (*p - '0');
	}
	whole *= 10;
	if (*p == '.' || *p == ',') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		whole += *p - '0';
		p++;
		/* "7.50" is still one decimal; "7.55" is not */
		while (*p == '0')
			p++;
	}
	if (*p)
		return false;
	*tenths = negative ? -whole : whole;
	return true;
}

bool
form_is_local_path(const char *target)
{
	if (!target || target[0] != '/' || target[1] == '/' || target[1] == '\\')
		return false;
	for (const char *p = target; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '\\')
			return false;
	return true;
}

/* True if some pair is named name (an input that was on the page). */
static bool
form_names(const struct form *f, const char *name)
{
	return form_get(f, name) != NULL;
}

/* The value of one field, or NULL to leave the field out. */
static json_t *
field_value(const struct field_def *fd, const struct form *f, struct form_errors *errs)
{
	const char *raw = form_get(f, fd->name);
	json_t *list;
	char *v;
	int64_t n;

	switch (fd->type) {
	case FIELD_ENUMSET:
	case FIELD_REFLIST:
		list = json_array();
		for (int i = 0; i < f->count; i++) {
			const char *item;
			if (strcmp(f->pairs[i].name, fd->name) != 0)
				continue;
			item = trimmed(f->arena, f->pairs[i].value, strlen(f->pairs[i].value));
			if (*item)
				json_array_append_new(list, json_string(item));
		}
		return list;
	case FIELD_STRLIST: {
		const char *s = raw ? normalised_lines(f->arena, raw) : "";
		list = json_array();
		while (*s) {
			size_t len = strcspn(s, "\n");
			const char *item = trimmed(f->arena, s, len);
			if (*item)
				json_array_append_new(list, json_string(item));
			s += len;
			if (*s == '\n')
				s++;
		}
		return list;
	}
	case FIELD_BOOL:
		return json_boolean(form_has(f, fd->name, "true") || form_has(f, fd->name, "on") ||
				    form_has(f, fd->name, "1"));
	case FIELD_PASSWORD:
		/* a password is only changed when one is typed */
		return raw && *raw ? json_string(raw) : NULL;
	case FIELD_LONGTEXT:
		v = raw ? normalised_lines(f->arena, raw) : NULL;
		return v && *v ? json_string(v) : json_null();
	default:
		break;
	}
	v = raw ? trimmed(f->arena, raw, strlen(raw)) : NULL;
	if (!v || !*v)
		return json_null();
	switch (fd->type) {
	case FIELD_INT:
	case FIELD_MONEY:
		if (!form_parse_int(v, &n)) {
			form_error_add(errs, fd->name, "must be a whole number");
			return NULL;
		}
		return json_integer(n);
	case FIELD_EC:
		if (!form_parse_ec(v, &n)) {
			form_error_add(errs, fd->name,
				       "must be a number with at most one decimal, like 7.5");
			return NULL;
		}
		return n % 10 == 0 ? json_integer(n / 10) : json_real((double)n / 10.0);
	default:
		return json_string(v);
	}
}

enum lp_status
form_to_json(const struct entity_def *def, const struct form *f, bool creating, json_t **out,
	     struct form_errors *errs)
{
	json_t *obj = json_object();
	int errors_before = errs->count;

	*out = NULL;
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *fd = &def->fields[i];
		json_t *v;

		if (!creating && (fd->flags & FIELD_IMMUTABLE))
			continue;
		/* an update changes only the inputs that were on the page */
		if (!creating && !form_names(f, fd->name))
			continue;
		v = field_value(fd, f, errs);
		if (!v)
			continue;
		/* every required input left empty is named at once; the domain
		 * would stop at the first */
		if ((fd->flags & FIELD_REQUIRED) &&
		    (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)))
			form_error_add(errs, fd->name, "is required");
		json_object_set_new(obj, fd->name, v);
	}
	if (!creating && form_get(f, "version")) {
		int64_t version;
		if (form_parse_int(form_get(f, "version"), &version))
			json_object_set_new(obj, "version", json_integer(version));
		else
			form_error_add(errs, "version", "must be a whole number");
	}
	if (errs->count > errors_before) {
		json_decref(obj);
		return LP_EINVAL;
	}
	*out = obj;
	return LP_OK;
}

void
record_to_form(const struct entity_def *def, const json_t *record, enum lang lang,
	       struct form *f)
{
	json_t *version = json_object_get(record, "version");

	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *fd = &def->fields[i];
		json_t *v = json_object_get(record, fd->name);
		size_t k;
		json_t *item;

		if (!v || json_is_null(v))
			continue;
		switch (fd->type) {
		case FIELD_ENUMSET:
		case FIELD_REFLIST:
			json_array_foreach(v, k, item)
				if (json_is_string(item))
					form_add(f, fd->name, json_string_value(item));
			break;
		case FIELD_STRLIST: {
			struct buf b = BUF_INIT;
			json_array_foreach(v, k, item) {
				if (!json_is_string(item))
					continue;
				if (b.len)
					buf_putc(&b, '\n');
				buf_puts(&b, json_string_value(item));
			}
			form_add(f, fd->name, buf_str(&b));
			buf_release(&b);
			break;
		}
		case FIELD_EC: {
			long long tenths = llround(json_number_value(v) * 10.0);
			long long mag = tenths < 0 ? -tenths : tenths;
			if (mag % 10 == 0)
				form_add(f, fd->name, arena_printf(f->arena, "%s%lld",
								   tenths < 0 ? "-" : "",
								   mag / 10));
			else
				form_add(f, fd->name, arena_printf(f->arena, "%s%lld%c%lld",
								   tenths < 0 ? "-" : "", mag / 10,
								   lang == LANG_EN ? '.' : ',',
								   mag % 10));
			break;
		}
		case FIELD_INT:
		case FIELD_MONEY:
			form_add(f, fd->name, arena_printf(f->arena, "%lld",
							   (long long)json_integer_value(v)));
			break;
		case FIELD_BOOL:
			if (json_is_true(v))
				form_add(f, fd->name, "true");
			break;
		case FIELD_PASSWORD:
			break;
		default:
			if (json_is_string(v))
				form_add(f, fd->name, json_string_value(v));
			break;
		}
	}
	if (json_is_integer(version))
		form_add(f, "version", arena_printf(f->arena, "%lld",
						    (long long)json_integer_value(version)));
}
