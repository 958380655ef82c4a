/* catalog_io.c: the catalog as one JSON document, out and in (see
 * catalog_io.h) */
#include "domain/catalog_io.h"
#include "domain/entity.h"
#include "base/id.h"

#include <stdio.h>
#include <string.h>

/* The lists of the document, in the order records must be made: each
 * refers only to records of lists before it. */
static const struct {
	const char *key;
	const struct entity_def *def;
} sections[] = {
	{ "organisations", &organisations_def },
	{ "network_memberships", &network_memberships_def },
	{ "programmes", &programmes_def },
	{ "outcomes", &outcomes_def },
	{ "offerings", &offerings_def },
};

#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

/* Keys a record carries that belong to one database, not to the catalog. */
static bool
is_bookkeeping(const char *key)
{
	return strcmp(key, "version") == 0 || strcmp(key, "created_at") == 0 ||
	       strcmp(key, "updated_at") == 0;
}

/* Appends every record of def, page by page, to list. */
static enum lp_status
export_section(struct ctx *ctx, const struct entity_def *def, json_t *list)
{
	struct entity_query q;
	const char *next = NULL;
	enum lp_status rc;

	memset(&q, 0, sizeof(q));
	q.limit = ENTITY_LIST_MAX;
	do {
		json_t *items = NULL, *rec;
		size_t i;

		q.cursor = next;
		rc = entity_list(ctx, def, &q, &items, &next);
		if (rc)
			return rc;
		json_array_foreach(items, i, rec) {
			json_object_del(rec, "version");
			json_object_del(rec, "created_at");
			json_object_del(rec, "updated_at");
			json_array_append(list, rec);
		}
		json_decref(items);
	} while (next);
	return LP_OK;
}

enum lp_status
catalog_export(struct ctx *ctx, json_t **out)
{
	json_t *doc = json_pack("{s:s, s:i}", "format", CATALOG_FORMAT, "version",
				CATALOG_VERSION);
	enum lp_status rc = LP_OK;

	*out = NULL;
	for (size_t s = 0; !rc && s < NSECTIONS; s++) {
		json_t *list = json_array();
		json_object_set_new(doc, sections[s].key, list);
		rc = export_section(ctx, sections[s].def, list);
	}
	if (rc) {
		json_decref(doc);
		return rc;
	}
	*out = doc;
	return LP_OK;
}

/* Checks the envelope: format, version, and that every other key is a
 * list of the document. */
static enum lp_status
check_document(struct ctx *ctx, const json_t *doc)
{
	const char *key;
	json_t *v;

	if (!json_is_object(doc))
		return lp_fail(ctx->err, LP_EINVAL, NULL, "the document must be a JSON object");
	v = json_object_get(doc, "format");
	if (!json_is_string(v) || strcmp(json_string_value(v), CATALOG_FORMAT) != 0)
		return lp_fail(ctx->err, LP_EINVAL, "format", "must be \"%s\"", CATALOG_FORMAT);
	v = json_object_get(doc, "version");
	if (!json_is_integer(v) || json_integer_value(v) != CATALOG_VERSION)
		return lp_fail(ctx->err, LP_EINVAL, "version",
			       "this leerpad reads version %d of the catalog format",
			       CATALOG_VERSION);
	json_object_foreach((json_t *)doc, key, v) {
		size_t s;
		if (strcmp(key, "format") == 0 || strcmp(key, "version") == 0)
			continue;
		for (s = 0; s < NSECTIONS; s++)
			if (strcmp(key, sections[s].key) == 0)
				break;
		if (s == NSECTIONS)
			return lp_fail(ctx->err, LP_EINVAL, key,
				       "is not a list of the catalog format");
		if (!json_is_array(v))
			return lp_fail(ctx->err, LP_EINVAL, key, "must be a list of records");
	}
	return LP_OK;
}

/* True if every field of input has the same value in existing. */
static bool
same_fields(const json_t *input, const json_t *existing)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)input, key, v)
		if (!json_equal(v, json_object_get(existing, key)))
			return false;
	return true;
}

/* Imports one record: creates it with its id, or updates the record with
 * that id where it differs. */
static enum lp_status
import_record(struct ctx *ctx, const struct entity_def *def, const json_t *rec,
	      json_t *seen, struct catalog_import_counts *counts)
{
	const char *id, *key;
	json_t *input, *existing = NULL, *out = NULL, *v;
	enum lp_status rc;

	if (!json_is_object(rec))
		return lp_fail(ctx->err, LP_EINVAL, NULL, "a record must be a JSON object");
	id = json_string_value(json_object_get(rec, "id"));
	if (!id || !id_is_valid(id))
		return lp_fail(ctx->err, LP_EINVAL, "id", "must be a lower-case UUID");
	if (json_object_get(seen, id))
		return lp_fail(ctx->err, LP_EINVAL, "id", "appears twice in the list");
	json_object_set_new(seen, id, json_true());

	input = json_object();
	json_object_foreach((json_t *)rec, key, v)
		if (strcmp(key, "id") != 0 && !is_bookkeeping(key))
			json_object_set(input, key, v);
	rc = entity_get(ctx, def, id, &existing);
	if (rc == LP_ENOTFOUND) {
		lp_error_clear(ctx->err);
		rc = entity_create_with_id(ctx, def, id, input, &out);
		if (!rc)
			counts->created++;
	} else if (!rc && same_fields(input, existing)) {
		counts->unchanged++;
	} else if (!rc) {
		rc = entity_update(ctx, def, id, input, &out);
		if (!rc)
			counts->updated++;
	}
	json_decref(input);
	json_decref(existing);
	json_decref(out);
	return rc;
}

/* Copies src into dst of size bytes, cutting it off if it is longer. */
static void
copy_truncated(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);

	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Puts the position of the failed record in front of the error's field and
 * its id into the reason: "programmes[3].level: ... (record 0190...)". */
static void
locate_error(struct ctx *ctx, const char *section, size_t index, const json_t *rec)
{
	struct lp_error *err = ctx->err;
	const char *id = json_string_value(json_object_get(rec, "id"));
	char field[sizeof(err->field) + 64], reason[sizeof(err->reason) + 64];

	snprintf(field, sizeof(field), "%s[%zu]%s%s", section, index, err->field[0] ? "." : "",
		 err->field);
	if (id && id_is_valid(id))
		snprintf(reason, sizeof(reason), "%s (record %s)", err->reason, id);
	else
		snprintf(reason, sizeof(reason), "%s", err->reason);
	copy_truncated(err->field, sizeof(err->field), field);
	copy_truncated(err->reason, sizeof(err->reason), reason);
}

enum lp_status
catalog_import(struct ctx *ctx, const json_t *doc, struct catalog_import_counts *counts)
{
	struct catalog_import_counts c = { 0, 0, 0 };
	enum lp_status rc;

	rc = check_document(ctx, doc);
	if (rc)
		return rc;
	rc = db_begin_nestable(ctx->db, ctx->err);
	if (rc)
		return rc;
	for (size_t s = 0; !rc && s < NSECTIONS; s++) {
		json_t *list = json_object_get(doc, sections[s].key), *rec;
		json_t *seen = json_object();
		size_t i;

		json_array_foreach(list, i, rec) {
			rc = import_record(ctx, sections[s].def, rec, seen, &c);
			if (rc) {
				locate_error(ctx, sections[s].key, i, rec);
				break;
			}
		}
		json_decref(seen);
	}
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc) {
		db_rollback(ctx->db);
		return rc;
	}
	if (counts)
		*counts = c;
	return LP_OK;
}
