/* entity.c: one engine for validating, storing, reading and auditing
 * catalog and people records (see entity.h) */
#include "domain/entity.h"
#include "domain/enrolment.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "base/buf.h"
#include "base/crypto.h"
#include "base/id.h"
#include "base/json_writer.h"
#include "base/timeutil.h"
#include "base/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BINDS 64

const struct entity_def *
entity_find(const char *name)
{
	for (int i = 0; name && entity_all[i]; i++)
		if (strcmp(entity_all[i]->name, name) == 0)
			return entity_all[i];
	/* periods, cohorts and enrolments: records of the engine too, outside
	 * the catalog (so not exported with it) */
	for (int i = 0; name && learning_entities[i]; i++)
		if (strcmp(learning_entities[i]->name, name) == 0)
			return learning_entities[i];
	return NULL;
}

const struct field_def *
entity_field(const struct entity_def *def, const char *name)
{
	for (int i = 0; i < def->field_count; i++)
		if (strcmp(def->fields[i].name, name) == 0)
			return &def->fields[i];
	return NULL;
}

/* Columns stored in the entity's own table (not link lists, not the
 * password, which has its own column). */
static bool
is_column(const struct field_def *f)
{
	return f->type != FIELD_REFLIST;
}

static const char *
column_name(const struct field_def *f)
{
	return f->type == FIELD_PASSWORD ? "password_hash" : f->name;
}

/* ---- reading ---------------------------------------------------------- */

/* Which fields a read returns: want[i] for def->fields[i], or NULL for
 * the whole record. A partial record (entity_list_fields) has the id and
 * the wanted fields only. */
typedef const bool *field_mask;

static bool
wanted(field_mask want, int i)
{
	return !want || want[i];
}

/* Appends "id, f1, f2, ..., version, created_at, updated_at" (without the
 * fields want leaves out, and without the last three for a part). */
static void
select_columns(struct buf *sql, const struct entity_def *def, field_mask want)
{
	/* plain appends, no printf: this runs for every read */
	static const char *const meta[] = { "version", "created_at", "updated_at" };

	buf_puts(sql, def->name);
	buf_puts(sql, ".id");
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		if (!is_column(f) || f->type == FIELD_PASSWORD || !wanted(want, i))
			continue;
		buf_puts(sql, ", ");
		buf_puts(sql, def->name);
		buf_putc(sql, '.');
		buf_puts(sql, f->name);
	}
	for (int i = 0; !want && i < 3; i++) {
		buf_puts(sql, ", ");
		buf_puts(sql, def->name);
		buf_putc(sql, '.');
		buf_puts(sql, meta[i]);
	}
}

static json_t *
ec_json(int64_t tenths)
{
	if (tenths % 10 == 0)
		return json_integer(tenths / 10);
	return json_real((double)tenths / 10.0);
}

/* Loads the ids of a REFLIST field into a new JSON array. */
static enum lp_status
load_links(struct ctx *ctx, const struct field_def *f, const char *id, json_t **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	buf_printf(&sql, "SELECT %s FROM %s WHERE %s = ? ORDER BY %s", f->link_other,
		   f->link_table, f->link_self, f->link_other);
	rc = db_prepare(ctx->db, buf_str(&sql), &st, ctx->err);
	buf_release(&sql);
	if (rc)
		return rc;
	*out = json_array();
	db_bind_text(st, 1, id);
	while ((step = db_step(st)) == DB_ROW)
		json_array_append_new(*out, json_string(db_column_text(st, 0)));
	if (step == DB_ERROR) {
		rc = db_error(ctx->db, ctx->err);
		json_decref(*out);
		*out = NULL;
	}
	db_reset(st);
	return rc;
}

/* A list column's stored text (a JSON array the domain wrote) as a new
 * array. The usual text, strings that need no escaping, is split here;
 * anything else goes through jansson's parser, and text that is not JSON
 * at all reads as an empty list. */
static json_t *
stored_list(const char *text)
{
	json_t *v;

	if (text && jw_is_plain_string_array(text, strlen(text))) {
		const char *p = text + 1;
		v = json_array();
		while (*p == '"') {
			const char *end = strchr(p + 1, '"');
			json_array_append_new(v, json_stringn_nocheck(p + 1, (size_t)(end - p - 1)));
			p = end + 1;
			if (*p == ',')
				p++;
		}
		return v;
	}
	v = text ? json_loads(text, 0, NULL) : NULL;
	return v ? v : json_array();
}

/* Writes a list column's stored text through w: copied as it is when it
 * is plain (jw_is_plain_string_array), else read and written again, so
 * the text is the same as that of stored_list's array. */
static void
write_stored_list(struct jw *w, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	json_t *v;

	if (text && jw_is_plain_string_array(text, len)) {
		jw_raw(w, text, len);
		return;
	}
	v = stored_list(text);
	jw_value(w, v);
	json_decref(v);
}

/* Turns the current row (selected by select_columns with the same want)
 * into a record. */
static enum lp_status
row_to_record(const struct entity_def *def, struct db_stmt *st, field_mask want,
	      json_t **out)
{
	json_t *obj = json_object();
	const char *id = db_column_text(st, 0);
	int col = 1;

	json_object_set_new(obj, "id", json_string(id));
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *v = NULL;

		if (!is_column(f) || f->type == FIELD_PASSWORD || !wanted(want, i))
			continue;
		if (db_column_is_null(st, col)) {
			v = json_null();
		} else {
			switch (f->type) {
			case FIELD_INT:
			case FIELD_MONEY:
				v = json_integer(db_column_int(st, col));
				break;
			case FIELD_EC:
				v = ec_json(db_column_int(st, col));
				break;
			case FIELD_BOOL:
				v = json_boolean(db_column_int(st, col) != 0);
				break;
			case FIELD_ENUMSET:
			case FIELD_STRLIST:
				v = stored_list(db_column_text(st, col));
				break;
			default:
				v = json_string(db_column_text(st, col));
				break;
			}
		}
		json_object_set_new(obj, f->name, v);
		col++;
	}
	if (!want) {
		json_object_set_new(obj, "version", json_integer(db_column_int(st, col)));
		json_object_set_new(obj, "created_at", json_string(db_column_text(st, col + 1)));
		json_object_set_new(obj, "updated_at", json_string(db_column_text(st, col + 2)));
	}
	*out = obj;
	return LP_OK;
}

/* True if a column of f is read as text (everything but numbers and
 * flags). */
static bool
is_text_column(const struct field_def *f)
{
	return f->type != FIELD_INT && f->type != FIELD_MONEY && f->type != FIELD_EC &&
	       f->type != FIELD_BOOL;
}

/* Writes the current row (selected by select_columns) through w as the
 * object row_to_record would make of it, members in the same order. */
static void
write_row(const struct entity_def *def, struct db_stmt *st, struct jw *w)
{
	int col = 1;

	jw_object_begin(w);
	jw_key(w, "id");
	jw_string(w, db_column_text(st, 0));
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];

		if (!is_column(f) || f->type == FIELD_PASSWORD)
			continue;
		jw_key(w, f->name);
		if (is_text_column(f)) {
			/* the text is NULL for SQL NULL: no second question */
			const char *text = db_column_text(st, col);
			if (!text)
				jw_null(w);
			else if (f->type == FIELD_ENUMSET || f->type == FIELD_STRLIST)
				write_stored_list(w, text);
			else
				jw_string(w, text);
		} else if (db_column_is_null(st, col)) {
			jw_null(w);
		} else {
			switch (f->type) {
			case FIELD_INT:
			case FIELD_MONEY:
				jw_int(w, db_column_int(st, col));
				break;
			case FIELD_EC: {
				int64_t tenths = db_column_int(st, col);
				if (tenths % 10 == 0)
					jw_int(w, tenths / 10);
				else
					jw_real(w, (double)tenths / 10.0);
				break;
			}
			case FIELD_BOOL:
				jw_bool(w, db_column_int(st, col) != 0);
				break;
			default:
				break;   /* text columns are written above */
			}
		}
		col++;
	}
	jw_key(w, "version");
	jw_int(w, db_column_int(st, col));
	jw_key(w, "created_at");
	jw_string(w, db_column_text(st, col + 1));
	jw_key(w, "updated_at");
	jw_string(w, db_column_text(st, col + 2));
	jw_object_end(w);
}

/* Adds the REFLIST fields to a record read from its row. The row's
 * statement must be finished first: loading runs other statements. */
static enum lp_status
add_links(struct ctx *ctx, const struct entity_def *def, field_mask want, json_t *record)
{
	const char *id = json_string_value(json_object_get(record, "id"));

	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *ids;
		enum lp_status rc;

		if (f->type != FIELD_REFLIST || !wanted(want, i))
			continue;
		rc = load_links(ctx, f, id, &ids);
		if (rc)
			return rc;
		json_object_set_new(record, f->name, ids);
	}
	return LP_OK;
}

/* Reads a record without any access check. */
static enum lp_status
load_record(struct ctx *ctx, const struct entity_def *def, const char *id, json_t **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	*out = NULL;
	if (!id_is_valid(id))
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such %s",
				      entity_noun(ctx, def, false));
	buf_puts(&sql, "SELECT ");
	select_columns(&sql, def, NULL);
	buf_printf(&sql, " FROM %s WHERE id = ?", def->name);
	rc = db_prepare(ctx->db, buf_str(&sql), &st, ctx->err);
	buf_release(&sql);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	step = db_step(st);
	if (step == DB_ROW)
		rc = row_to_record(def, st, NULL, out);
	else if (step == DB_DONE)
		rc = lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such %s",
				      entity_noun(ctx, def, false));
	else
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (!rc)
		rc = add_links(ctx, def, NULL, *out);
	if (rc && *out) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum lp_status
entity_get(struct ctx *ctx, const struct entity_def *def, const char *id, json_t **out)
{
	enum lp_status rc = load_record(ctx, def, id, out);

	if (rc)
		return rc;
	rc = authz_record(ctx, def, AUTHZ_READ, *out);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

const char *
entity_display_name(struct ctx *ctx, const char *entity, const char *id)
{
	const struct entity_def *def = entity_find(entity);
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	const char *name = NULL;

	if (!def || !id)
		return NULL;
	buf_printf(&sql, "SELECT %s FROM %s WHERE id = ?", def->display_field, def->name);
	if (db_prepare(ctx->db, buf_str(&sql), &st, NULL) == LP_OK) {
		db_bind_text(st, 1, id);
		if (db_step(st) == DB_ROW)
			name = arena_strdup(ctx->arena, db_column_text(st, 0));
		db_reset(st);
	}
	buf_release(&sql);
	return name;
}

/* ---- lists ------------------------------------------------------------ */

/* Escapes LIKE wildcards so a value matches only itself (ESCAPE '\'). */
static const char *
like_escape(struct ctx *ctx, const char *prefix, const char *value, const char *suffix)
{
	struct buf b = BUF_INIT;
	const char *out;

	buf_puts(&b, prefix);
	for (; *value; value++) {
		if (*value == '%' || *value == '_' || *value == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *value);
	}
	buf_puts(&b, suffix);
	out = arena_strdup(ctx->arena, buf_str(&b));
	buf_release(&b);
	return out;
}

/* Appends the WHERE conditions of a query to sql and its values to binds. */
static enum lp_status
build_conditions(struct ctx *ctx, const struct entity_def *def,
		 const struct entity_query *q, struct buf *sql, const char **binds,
		 int *nbinds)
{
	struct buf scope = BUF_INIT;
	int n = 0, scope_binds = 0;
	enum lp_status rc;

	buf_puts(sql, " WHERE 1 = 1");
	rc = authz_list_condition(ctx, def, &scope, binds, MAX_BINDS / 2, &scope_binds);
	if (rc) {
		buf_release(&scope);
		return rc;
	}
	if (scope.len)
		buf_printf(sql, " AND %s", buf_str(&scope));
	buf_release(&scope);
	n = scope_binds;

	for (int i = 0; i < q->filter_count; i++) {
		const char *name = q->filter_names[i], *value = q->filter_values[i];
		const struct field_def *f = NULL;
		const struct entity_filter *ef = NULL;

		if (n >= MAX_BINDS - 2)
			return lp_fail(ctx->err, LP_EINVAL, name, "too many filters");
		for (int k = 0; k < def->field_count && !f; k++) {
			const struct field_def *c = &def->fields[k];
			const char *fname = c->filter_name ? c->filter_name : c->name;
			if ((c->flags & FIELD_FILTER) && strcmp(fname, name) == 0)
				f = c;
		}
		for (int k = 0; k < def->filter_count && !f && !ef; k++)
			if (strcmp(def->filters[k].name, name) == 0)
				ef = &def->filters[k];
		if (!f && !ef)
			return lp_fail(ctx->err, LP_EINVAL, name, "unknown filter '%s'", name);
		if (!utf8_is_valid(value, strlen(value)) || strlen(value) > 200)
			return lp_fail(ctx->err, LP_EINVAL, name, "not a valid filter value");
		if (ef) {
			if (ef->boolean) {
				if (strcmp(value, "true") && strcmp(value, "false"))
					return lp_fail(ctx->err, LP_EINVAL, name,
						       "must be true or false");
				buf_printf(sql, " AND %s(%s)", strcmp(value, "true") ? "NOT " : "",
					   ef->condition);
				/* boolean conditions carry no placeholder */
			} else {
				buf_printf(sql, " AND (%s)", ef->condition);
				binds[n++] = value;
			}
			continue;
		}
		switch (f->type) {
		case FIELD_ENUMSET:
		case FIELD_STRLIST: {
			json_t *s = json_string(value);
			char *quoted = json_dumps(s, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
			buf_printf(sql, " AND %s.%s LIKE ? ESCAPE '\\'", def->name, f->name);
			binds[n++] = like_escape(ctx, "%", quoted ? quoted : "", "%");
			free(quoted);
			json_decref(s);
			break;
		}
		case FIELD_REFLIST:
			buf_printf(sql, " AND EXISTS (SELECT 1 FROM %s l WHERE l.%s = %s.id AND l.%s = ?)",
				   f->link_table, f->link_self, def->name, f->link_other);
			binds[n++] = value;
			break;
		case FIELD_BOOL:
			if (strcmp(value, "true") && strcmp(value, "false"))
				return lp_fail(ctx->err, LP_EINVAL, name, "must be true or false");
			buf_printf(sql, " AND %s.%s = %d", def->name, f->name,
				   strcmp(value, "true") == 0);
			break;
		default:
			buf_printf(sql, " AND %s.%s = ?", def->name, f->name);
			binds[n++] = value;
			break;
		}
	}
	if (q->q && *q->q) {
		int first = 1;
		if (!utf8_is_valid(q->q, strlen(q->q)) || strlen(q->q) > 200)
			return lp_fail(ctx->err, LP_EINVAL, "q", "not a valid search text");
		for (int k = 0; k < def->field_count; k++) {
			const struct field_def *f = &def->fields[k];
			if (!(f->flags & FIELD_SEARCH))
				continue;
			buf_printf(sql, "%s LOWER(%s.%s) LIKE LOWER(?) ESCAPE '\\'",
				   first ? " AND (" : " OR", def->name, f->name);
			binds[n++] = like_escape(ctx, "%", q->q, "%");
			first = 0;
		}
		if (!first)
			buf_puts(sql, ")");
	}
	*nbinds = n;
	return LP_OK;
}

static int
query_limit(const struct entity_query *q)
{
	if (q->limit <= 0)
		return ENTITY_LIST_DEFAULT;
	return q->limit > ENTITY_LIST_MAX ? ENTITY_LIST_MAX : q->limit;
}

/* Builds, prepares and binds the statement of a list: one row more than
 * *limit (which it sets), so the caller knows whether a next page exists.
 * The statement is the connection's; the caller resets it. */
static enum lp_status
list_statement(struct ctx *ctx, const struct entity_def *def, const struct entity_query *q,
	       field_mask want, struct db_stmt **out, int *limit)
{
	struct buf sql = BUF_INIT;
	const char *binds[MAX_BINDS];
	int nbinds = 0;
	struct db_stmt *st;
	enum lp_status rc;

	*out = NULL;
	*limit = query_limit(q);
	if (q->cursor && !id_is_valid(q->cursor))
		return lp_fail(ctx->err, LP_EINVAL, "cursor", "not a cursor from this list");
	buf_puts(&sql, "SELECT ");
	select_columns(&sql, def, want);
	buf_printf(&sql, " FROM %s", def->name);
	rc = build_conditions(ctx, def, q, &sql, binds, &nbinds);
	if (rc)
		goto out;
	if (q->cursor) {
		buf_printf(&sql, " AND %s.id > ?", def->name);
		binds[nbinds++] = q->cursor;
	}
	buf_printf(&sql, " ORDER BY %s.id LIMIT %d", def->name, *limit + 1);
	/* bound, not pasted: every page number would be a new cached statement */
	if (!q->cursor)
		buf_puts(&sql, " OFFSET ?");
	rc = db_prepare(ctx->db, buf_str(&sql), &st, ctx->err);
	if (rc)
		goto out;
	for (int i = 0; i < nbinds; i++)
		db_bind_text(st, i + 1, binds[i]);
	if (!q->cursor)
		db_bind_int(st, nbinds + 1, q->offset > 0 ? q->offset : 0);
	*out = st;
out:
	buf_release(&sql);
	return rc;
}

/* entity_list of the fields in want (NULL: whole records). */
static enum lp_status
list_records(struct ctx *ctx, const struct entity_def *def, const struct entity_query *q,
	     field_mask want, json_t **items, const char **next_cursor)
{
	int limit, count = 0;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *list;

	*items = NULL;
	*next_cursor = NULL;
	rc = list_statement(ctx, def, q, want, &st, &limit);
	if (rc)
		return rc;
	list = json_array();
	while ((step = db_step(st)) == DB_ROW) {
		json_t *rec;
		if (count == limit) {
			/* one more row than asked: there is a next page */
			size_t last = json_array_size(list) - 1;
			*next_cursor = arena_strdup(ctx->arena, json_string_value(
				json_object_get(json_array_get(list, last), "id")));
			break;
		}
		row_to_record(def, st, want, &rec);
		json_array_append_new(list, rec);
		count++;
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	for (size_t i = 0; !rc && i < json_array_size(list); i++)
		rc = add_links(ctx, def, want, json_array_get(list, i));
	if (rc) {
		json_decref(list);
		*next_cursor = NULL;
		return rc;
	}
	*items = list;
	return LP_OK;
}

enum lp_status
entity_list(struct ctx *ctx, const struct entity_def *def, const struct entity_query *q,
	    json_t **items, const char **next_cursor)
{
	return list_records(ctx, def, q, NULL, items, next_cursor);
}

enum lp_status
entity_list_fields(struct ctx *ctx, const struct entity_def *def,
		   const struct entity_query *q, const char *const *fields, json_t **items,
		   const char **next_cursor)
{
	bool want[ENTITY_MAX_FIELDS] = { false };

	*items = NULL;
	*next_cursor = NULL;
	if (def->field_count > ENTITY_MAX_FIELDS)
		return list_records(ctx, def, q, NULL, items, next_cursor);
	for (; fields && *fields; fields++) {
		const struct field_def *f = entity_field(def, *fields);
		if (!f || f->type == FIELD_PASSWORD)
			return lp_fail(ctx->err, LP_EINVAL, *fields, "is not a field of %s",
				       def->singular);
		want[f - def->fields] = true;
	}
	return list_records(ctx, def, q, want, items, next_cursor);
}

/* True if def has a field kept in a link table. */
static bool
has_links(const struct entity_def *def)
{
	for (int i = 0; i < def->field_count; i++)
		if (def->fields[i].type == FIELD_REFLIST)
			return true;
	return false;
}

enum lp_status
entity_list_write(struct ctx *ctx, const struct entity_def *def,
		  const struct entity_query *q, struct jw *w, const char **next_cursor)
{
	int limit, count = 0;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	const char *last = NULL;

	*next_cursor = NULL;
	if (has_links(def)) {
		/* the links are read by other statements after the rows: build
		 * the records, then write them */
		json_t *items;
		rc = entity_list(ctx, def, q, &items, next_cursor);
		if (!rc)
			jw_value(w, items);
		json_decref(items);
		return rc;
	}
	rc = list_statement(ctx, def, q, NULL, &st, &limit);
	if (rc)
		return rc;
	jw_array_begin(w);
	while ((step = db_step(st)) == DB_ROW) {
		if (count == limit) {
			/* one more row than asked: there is a next page */
			*next_cursor = last;
			break;
		}
		if (count == limit - 1)
			last = arena_strdup(ctx->arena, db_column_text(st, 0));
		write_row(def, st, w);
		count++;
	}
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		*next_cursor = NULL;
		return rc;
	}
	jw_array_end(w);
	return LP_OK;
}

enum lp_status
entity_count(struct ctx *ctx, const struct entity_def *def, const struct entity_query *q,
	     int64_t *count)
{
	struct buf sql = BUF_INIT;
	const char *binds[MAX_BINDS];
	int nbinds = 0;
	struct db_stmt *st;
	enum lp_status rc;

	*count = 0;
	buf_printf(&sql, "SELECT COUNT(*) FROM %s", def->name);
	rc = build_conditions(ctx, def, q, &sql, binds, &nbinds);
	if (!rc)
		rc = db_prepare(ctx->db, buf_str(&sql), &st, ctx->err);
	buf_release(&sql);
	if (rc)
		return rc;
	for (int i = 0; i < nbinds; i++)
		db_bind_text(st, i + 1, binds[i]);
	if (db_step(st) == DB_ROW)
		*count = db_column_int(st, 0);
	else
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	return rc;
}

/* ---- validation ------------------------------------------------------- */

static bool
enum_has(const char *const *values, const char *v)
{
	for (; values && *values; values++)
		if (strcmp(*values, v) == 0)
			return true;
	return false;
}

static bool
looks_like_email(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at != s && strchr(at + 1, '.') && !strchr(at + 1, '@') &&
	       at[1] != '.' && s[strlen(s) - 1] != '.' && !strpbrk(s, " <>\"'\\,;:()[]");
}

static bool
looks_like_url(const char *s)
{
	const char *rest;

	if (strncmp(s, "https://", 8) == 0)
		rest = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		rest = s + 7;
	else
		return false;
	return *rest && *rest != '/' && !strpbrk(s, " <>\"'\\`{}|^");
}

const char *
entity_noun(struct ctx *ctx, const struct entity_def *def, bool plural)
{
	enum lang lang;
	char *word;

	if (!lp_reasons_translated(&lang))
		return plural ? def->name : def->singular;
	word = arena_strdup(ctx->arena, tr(lang, plural ? def->label_plural : def->label));
	if (word[0] >= 'A' && word[0] <= 'Z')
		word[0] = (char)(word[0] - 'A' + 'a');
	return word;
}

/* Credits in tenths as text for a reason: "7.5", or "7,5" for a Dutch
 * reader (an arena string). */
static const char *
ec_text(struct ctx *ctx, int64_t tenths)
{
	char *text = tenths % 10 ? arena_printf(ctx->arena, "%lld.%lld", (long long)(tenths / 10),
						(long long)llabs(tenths % 10))
				 : arena_printf(ctx->arena, "%lld", (long long)(tenths / 10));

	enum lang lang;

	if (lp_reasons_translated(&lang) && lang == LANG_NL)
		for (char *p = text; *p; p++)
			if (*p == '.')
				*p = ',';
	return text;
}

/* Validates a text value against its field's limits. */
static enum lp_status
check_text(struct ctx *ctx, const struct field_def *f, const char *s, bool multiline)
{
	size_t len = strlen(s);
	int64_t max = f->max ? f->max : (multiline ? 10000 : 200);

	if (!utf8_is_valid(s, len))
		return lp_fail(ctx->err, LP_EINVAL, f->name, "is not valid UTF-8 text");
	if (utf8_has_control(s, multiline))
		return lp_fail(ctx->err, LP_EINVAL, f->name, "holds control characters");
	if ((int64_t)utf8_length(s) > max)
		return lp_fail(ctx->err, LP_EINVAL, f->name, "is longer than %lld characters",
			       (long long)max);
	if ((f->flags & FIELD_REQUIRED) && s[strspn(s, " \t\r\n")] == '\0')
		return lp_fail(ctx->err, LP_EINVAL, f->name, "must not be empty");
	return LP_OK;
}

/* True if a record with id exists in the referenced entity's table. */
static enum lp_status
check_ref(struct ctx *ctx, const struct field_def *f, const char *id)
{
	const struct entity_def *ref = entity_find(f->ref);
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;

	if (!ref)
		return lp_fail(ctx->err, LP_EINTERNAL, f->name, "unknown reference");
	if (!id_is_valid(id))
		return lp_fail(ctx->err, LP_EINVAL, f->name, "is not a valid id");
	buf_printf(&sql, "SELECT 1 FROM %s WHERE id = ?", ref->name);
	rc = db_prepare(ctx->db, buf_str(&sql), &st, ctx->err);
	buf_release(&sql);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	step = db_step(st);
	db_reset(st);
	if (step == DB_ERROR)
		return db_error(ctx->db, ctx->err);
	if (step != DB_ROW)
		return lp_fail(ctx->err, LP_EINVAL, f->name, "no %s with id %s", ref->singular, id);
	return LP_OK;
}

/* Validates one field value; v is never NULL (JSON null is json_null()). */
static enum lp_status
check_value(struct ctx *ctx, const struct field_def *f, json_t *v)
{
	if (json_is_null(v)) {
		if (f->flags & FIELD_REQUIRED)
			return lp_fail(ctx->err, LP_EINVAL, f->name, "is required");
		if (f->type == FIELD_ENUMSET || f->type == FIELD_STRLIST ||
		    f->type == FIELD_REFLIST || f->type == FIELD_BOOL)
			return lp_fail(ctx->err, LP_EINVAL, f->name, "must not be null");
		return LP_OK;
	}
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_LONGTEXT:
	case FIELD_EMAIL:
	case FIELD_URL:
	case FIELD_PASSWORD:
	case FIELD_DATE:
	case FIELD_ENUM:
	case FIELD_REF: {
		const char *s;
		enum lp_status rc;
		if (!json_is_string(v))
			return lp_fail(ctx->err, LP_EINVAL, f->name, "must be a string");
		s = json_string_value(v);
		if (strlen(s) != json_string_length(v))
			return lp_fail(ctx->err, LP_EINVAL, f->name, "holds a NUL character");
		rc = check_text(ctx, f, s, f->type == FIELD_LONGTEXT);
		if (rc)
			return rc;
		if (f->type == FIELD_EMAIL && !looks_like_email(s))
			return lp_fail(ctx->err, LP_EINVAL, f->name, "is not an e-mail address");
		if (f->type == FIELD_URL && !looks_like_url(s))
			return lp_fail(ctx->err, LP_EINVAL, f->name,
				       "is not an http or https address");
		if (f->type == FIELD_PASSWORD && strlen(s) < 10)
			return lp_fail(ctx->err, LP_EINVAL, f->name,
				       "must be at least 10 characters");
		if (f->type == FIELD_DATE && !time_is_date(s))
			return lp_fail(ctx->err, LP_EINVAL, f->name,
				       "is not a date of the form YYYY-MM-DD");
		if (f->type == FIELD_ENUM && !enum_has(f->values, s))
			return lp_fail(ctx->err, LP_EINVAL, f->name, "'%.60s' is not one of the "
				       "allowed values", s);
		if (f->type == FIELD_REF)
			return check_ref(ctx, f, s);
		return LP_OK;
	}
	case FIELD_INT:
	case FIELD_MONEY: {
		json_int_t n;
		if (!json_is_integer(v))
			return lp_fail(ctx->err, LP_EINVAL, f->name, "must be a whole number");
		n = json_integer_value(v);
		if (n < f->min || n > f->max)
			return lp_fail(ctx->err, LP_EINVAL, f->name, "must be between %lld and %lld",
				       (long long)f->min, (long long)f->max);
		return LP_OK;
	}
	case FIELD_EC: {
		double d, tenths;
		if (!json_is_number(v))
			return lp_fail(ctx->err, LP_EINVAL, f->name, "must be a number");
		d = json_number_value(v);
		tenths = d * 10.0;
		if (!isfinite(d) || fabs(tenths - round(tenths)) > 1e-6)
			return lp_fail(ctx->err, LP_EINVAL, f->name,
				       "must have at most one decimal");
		if (round(tenths) < (double)f->min || round(tenths) > (double)f->max)
			return lp_fail(ctx->err, LP_EINVAL, f->name, "must be between %s and %s",
				       ec_text(ctx, f->min), ec_text(ctx, f->max));
		return LP_OK;
	}
	case FIELD_BOOL:
		if (!json_is_boolean(v))
			return lp_fail(ctx->err, LP_EINVAL, f->name, "must be true or false");
		return LP_OK;
	case FIELD_ENUMSET:
	case FIELD_STRLIST:
	case FIELD_REFLIST: {
		size_t i, j;
		json_t *item;
		int64_t max = f->max ? f->max : 50;
		if (!json_is_array(v))
			return lp_fail(ctx->err, LP_EINVAL, f->name, "must be a list");
		if ((int64_t)json_array_size(v) > max)
			return lp_fail(ctx->err, LP_EINVAL, f->name, "has more than %lld items",
				       (long long)max);
		json_array_foreach(v, i, item) {
			const char *s;
			if (!json_is_string(item))
				return lp_fail(ctx->err, LP_EINVAL, f->name,
					       "must be a list of strings");
			s = json_string_value(item);
			if (strlen(s) != json_string_length(item) || !utf8_is_valid(s, strlen(s)) ||
			    utf8_has_control(s, false) || utf8_length(s) > 300 || !*s)
				return lp_fail(ctx->err, LP_EINVAL, f->name,
					       "item %zu is not a valid text", i + 1);
			if (f->type == FIELD_ENUMSET && !enum_has(f->values, s))
				return lp_fail(ctx->err, LP_EINVAL, f->name,
					       "'%.60s' is not one of the allowed values", s);
			if ((f->flags & FIELD_URIS) && !looks_like_url(s))
				return lp_fail(ctx->err, LP_EINVAL, f->name,
					       "item %zu is not an http or https URI", i + 1);
			if (f->type == FIELD_REFLIST) {
				enum lp_status rc = check_ref(ctx, f, s);
				if (rc)
					return rc;
			}
			for (j = 0; j < i; j++)
				if (strcmp(json_string_value(json_array_get(v, j)), s) == 0)
					return lp_fail(ctx->err, LP_EINVAL, f->name,
						       "lists '%.60s' twice", s);
		}
		return LP_OK;
	}
	}
	return lp_fail(ctx->err, LP_EINTERNAL, f->name, "unknown field type");
}

static bool
is_meta_key(const char *key)
{
	return strcmp(key, "id") == 0 || strcmp(key, "version") == 0 ||
	       strcmp(key, "created_at") == 0 || strcmp(key, "updated_at") == 0;
}

/* Checks the keys of input: every key is a field (or, on update, the
 * version); immutable fields are not changed on update. */
static enum lp_status
check_keys(struct ctx *ctx, const struct entity_def *def, const json_t *input,
	   const json_t *old)
{
	const char *key;
	json_t *v;

	if (!json_is_object(input))
		return lp_fail(ctx->err, LP_EINVAL, NULL, "the body must be a JSON object");
	json_object_foreach((json_t *)input, key, v) {
		const struct field_def *f = entity_field(def, key);
		if (!f) {
			if (old && strcmp(key, "version") == 0) {
				if (!json_is_integer(v))
					return lp_fail(ctx->err, LP_EINVAL, "version",
						       "must be a whole number");
				continue;
			}
			if (is_meta_key(key))
				return lp_fail(ctx->err, LP_EINVAL, key, "is set by leerpad, not by you");
			return lp_fail(ctx->err, LP_EINVAL, key, "is not a field of %s",
				       entity_noun(ctx, def, false));
		}
		if (old && (f->flags & FIELD_IMMUTABLE) &&
		    !json_equal(v, json_object_get(old, key)))
			return lp_fail(ctx->err, LP_EINVAL, key, "cannot be changed");
	}
	return LP_OK;
}

/* Validates every field of a complete record (missing keys are null). */
static enum lp_status
check_record(struct ctx *ctx, const struct entity_def *def, json_t *record, bool creating)
{
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *v = json_object_get(record, f->name);
		enum lp_status rc;

		if (!v) {
			if (f->type == FIELD_ENUMSET || f->type == FIELD_STRLIST ||
			    f->type == FIELD_REFLIST) {
				json_object_set_new(record, f->name, json_array());
				continue;
			}
			if (f->type == FIELD_BOOL && !(f->flags & FIELD_REQUIRED)) {
				json_object_set_new(record, f->name, json_false());
				continue;
			}
			if (f->type == FIELD_PASSWORD)
				continue;
			if ((f->flags & FIELD_REQUIRED) && creating)
				return lp_fail(ctx->err, LP_EINVAL, f->name, "is required");
			json_object_set_new(record, f->name, json_null());
			continue;
		}
		rc = check_value(ctx, f, v);
		if (rc)
			return rc;
	}
	return def->check ? def->check(ctx, record) : LP_OK;
}

/* ---- writing ---------------------------------------------------------- */

/* Binds a validated field value of record to parameter idx. */
static enum lp_status
bind_value(struct ctx *ctx, struct db_stmt *st, int idx, const struct field_def *f, json_t *v)
{
	char hash[CRYPTO_PWHASH_LEN];

	if (!v || json_is_null(v)) {
		db_bind_null(st, idx);
		return LP_OK;
	}
	switch (f->type) {
	case FIELD_INT:
	case FIELD_MONEY:
		db_bind_int(st, idx, json_integer_value(v));
		break;
	case FIELD_EC:
		db_bind_int(st, idx, (int64_t)llround(json_number_value(v) * 10.0));
		break;
	case FIELD_BOOL:
		db_bind_int(st, idx, json_is_true(v));
		break;
	case FIELD_ENUMSET:
	case FIELD_STRLIST: {
		char *text = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
		db_bind_text(st, idx, text);
		free(text);
		break;
	}
	case FIELD_PASSWORD:
		if (!crypto_password_hash(json_string_value(v), hash))
			return lp_fail(ctx->err, LP_EINTERNAL, f->name, "cannot hash the password");
		db_bind_text(st, idx, hash);
		break;
	default:
		db_bind_text(st, idx, json_string_value(v));
		break;
	}
	return LP_OK;
}

/* Replaces the rows of every REFLIST field of the record. */
static enum lp_status
write_links(struct ctx *ctx, const struct entity_def *def, const char *id, json_t *record)
{
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		struct buf sql = BUF_INIT;
		enum lp_status rc;
		size_t k;
		json_t *item;

		if (f->type != FIELD_REFLIST)
			continue;
		buf_printf(&sql, "DELETE FROM %s WHERE %s = ?", f->link_table, f->link_self);
		rc = db_run(ctx->db, ctx->err, NULL, buf_str(&sql), "s", id);
		buf_reset(&sql);
		buf_printf(&sql, "INSERT INTO %s (%s, %s) VALUES (?, ?)", f->link_table,
			   f->link_self, f->link_other);
		json_array_foreach(json_object_get(record, f->name), k, item) {
			if (rc)
				break;
			rc = db_run(ctx->db, ctx->err, NULL, buf_str(&sql), "ss", id,
				    json_string_value(item));
		}
		buf_release(&sql);
		if (rc)
			return rc;
	}
	return LP_OK;
}

/* The audit view of a value: passwords are never written down. */
static json_t *
audit_value(const struct field_def *f, json_t *v)
{
	if (f->type == FIELD_PASSWORD)
		return json_string("(changed)");
	return v ? json_incref(v) : json_null();
}

/* The one path of entity_create and entity_create_with_id: validates,
 * authorises, stores under id, audits. */
static enum lp_status
create_record(struct ctx *ctx, const struct entity_def *def, const char *id,
	      const json_t *input, json_t **out)
{
	char now[TIME_RFC3339_LEN];
	struct buf sql = BUF_INIT, values = BUF_INIT;
	json_t *record = NULL, *changes = NULL;
	struct db_stmt *st;
	enum lp_status rc;
	int idx = 1;

	*out = NULL;
	rc = check_keys(ctx, def, input, NULL);
	if (rc)
		return rc;
	record = json_deep_copy(input);
	time_now_rfc3339(now);
	json_object_set_new(record, "id", json_string(id));

	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		goto out;
	rc = check_record(ctx, def, record, true);
	if (!rc)
		rc = authz_record(ctx, def, AUTHZ_CREATE, record);
	if (rc)
		goto rollback;

	buf_printf(&sql, "INSERT INTO %s (id", def->name);
	buf_puts(&values, "?");
	for (int i = 0; i < def->field_count; i++) {
		if (!is_column(&def->fields[i]))
			continue;
		buf_printf(&sql, ", %s", column_name(&def->fields[i]));
		buf_puts(&values, ", ?");
	}
	buf_printf(&sql, ", version, created_at, updated_at) VALUES (%s, 1, ?, ?)",
		   buf_str(&values));
	rc = db_prepare(ctx->db, buf_str(&sql), &st, ctx->err);
	if (rc)
		goto rollback;
	db_bind_text(st, idx++, id);
	changes = json_object();
	for (int i = 0; i < def->field_count && !rc; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *v = json_object_get(record, f->name);
		if (!is_column(f))
			continue;
		rc = bind_value(ctx, st, idx++, f, v);
		if (v && !json_is_null(v))
			json_object_set_new(changes, f->name, audit_value(f, v));
	}
	db_bind_text(st, idx++, now);
	db_bind_text(st, idx++, now);
	if (!rc && db_step(st) != DB_DONE)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (!rc)
		rc = write_links(ctx, def, id, record);
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		if (f->type == FIELD_REFLIST)
			json_object_set(changes, f->name, json_object_get(record, f->name));
	}
	if (!rc)
		rc = audit_write(ctx, def->name, id, "create", changes);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		goto rollback;
	rc = load_record(ctx, def, id, out);
	goto out;
rollback:
	db_rollback(ctx->db);
out:
	json_decref(record);
	json_decref(changes);
	buf_release(&sql);
	buf_release(&values);
	return rc;
}

enum lp_status
entity_create(struct ctx *ctx, const struct entity_def *def, const json_t *input,
	      json_t **out)
{
	char id[ID_LEN];

	id_new(id);
	return create_record(ctx, def, id, input, out);
}

enum lp_status
entity_create_with_id(struct ctx *ctx, const struct entity_def *def, const char *id,
		      const json_t *input, json_t **out)
{
	*out = NULL;
	if (!id || !id_is_valid(id))
		return lp_fail(ctx->err, LP_EINVAL, "id", "is not a valid id");
	return create_record(ctx, def, id, input, out);
}

enum lp_status
entity_update(struct ctx *ctx, const struct entity_def *def, const char *id,
	      const json_t *patch, json_t **out)
{
	char now[TIME_RFC3339_LEN];
	struct buf sql = BUF_INIT;
	json_t *old = NULL, *record = NULL, *changes = json_object();
	json_t *want_version;
	const char *key;
	json_t *v;
	struct db_stmt *st;
	enum lp_status rc;
	int idx = 1, differences = 0;
	int64_t changed = 0;

	*out = NULL;
	rc = db_begin(ctx->db, ctx->err);
	if (rc)
		goto out;
	rc = load_record(ctx, def, id, &old);
	if (!rc)
		rc = authz_record(ctx, def, AUTHZ_READ, old);
	if (!rc)
		rc = authz_record(ctx, def, AUTHZ_UPDATE, old);
	if (!rc)
		rc = check_keys(ctx, def, patch, old);
	if (rc)
		goto rollback;
	want_version = json_object_get(patch, "version");
	if (want_version && json_integer_value(want_version) !=
	    json_integer_value(json_object_get(old, "version"))) {
		rc = lp_fail(ctx->err, LP_ECONFLICT, "version",
			     "this %s was changed by someone else (now version %lld); "
			     "reload and apply your change again", entity_noun(ctx, def, false),
			     (long long)json_integer_value(json_object_get(old, "version")));
		goto rollback;
	}
	record = json_deep_copy(old);
	json_object_foreach((json_t *)patch, key, v) {
		if (strcmp(key, "version") != 0)
			json_object_set(record, key, v);
	}
	rc = check_record(ctx, def, record, false);
	if (!rc)
		rc = authz_record(ctx, def, AUTHZ_UPDATE, record);
	if (rc)
		goto rollback;

	time_now_rfc3339(now);
	buf_printf(&sql, "UPDATE %s SET version = version + 1, updated_at = ?", def->name);
	for (int i = 0; i < def->field_count; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *nv = json_object_get(record, f->name), *ov = json_object_get(old, f->name);
		if (!is_column(f)) {
			differences += !json_equal(nv, ov);
			continue;
		}
		if (f->type == FIELD_PASSWORD ? !json_object_get(patch, f->name) : json_equal(nv, ov))
			continue;
		buf_printf(&sql, ", %s = ?", column_name(f));
		differences++;
	}
	if (differences == 0) {
		/* nothing changes: nothing is written, not even a new version,
		 * so every write stays audited */
		db_rollback(ctx->db);
		*out = old;
		old = NULL;
		goto out;
	}
	buf_printf(&sql, " WHERE id = ? AND version = ?");
	rc = db_prepare(ctx->db, buf_str(&sql), &st, ctx->err);
	if (rc)
		goto rollback;
	db_bind_text(st, idx++, now);
	for (int i = 0; i < def->field_count && !rc; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *nv = json_object_get(record, f->name), *ov = json_object_get(old, f->name);
		if (f->type == FIELD_REFLIST) {
			if (!json_equal(nv, ov))
				json_object_set_new(changes, f->name, json_pack("[OO]", ov, nv));
			continue;
		}
		if (f->type == FIELD_PASSWORD ? !json_object_get(patch, f->name) : json_equal(nv, ov))
			continue;
		rc = bind_value(ctx, st, idx++, f, nv);
		json_object_set_new(changes, f->name, json_pack("[oo]", audit_value(f, ov ? ov : json_null()),
								audit_value(f, nv)));
	}
	db_bind_text(st, idx++, id);
	db_bind_int(st, idx++, json_integer_value(json_object_get(old, "version")));
	if (!rc && db_step(st) != DB_DONE)
		rc = db_error(ctx->db, ctx->err);
	if (!rc)
		changed = db_changes(ctx->db);
	db_reset(st);
	if (!rc && changed != 1)
		rc = lp_fail(ctx->err, LP_ECONFLICT, "version",
			     "this %s was changed by someone else; reload",
			     entity_noun(ctx, def, false));
	if (!rc)
		rc = write_links(ctx, def, id, record);
	if (!rc && json_object_size(changes) > 0)
		rc = audit_write(ctx, def->name, id, "update", changes);
	if (!rc && def->after_update)
		rc = def->after_update(ctx, id, changes);
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		goto rollback;
	rc = load_record(ctx, def, id, out);
	goto out;
rollback:
	db_rollback(ctx->db);
out:
	json_decref(old);
	json_decref(record);
	json_decref(changes);
	buf_release(&sql);
	return rc;
}
