/* entity.h: catalog and people records described by tables, not code
 *
 * Each kind of record (organisation, programme, outcome, offering, person,
 * employment, account, role grant, network membership) is a struct
 * entity_def: its fields with type, limits and flags, plus a few hooks for
 * the rules that are its own. One engine (entity.c) validates input,
 * checks authorisation (authz.c), writes with bound parameters, audits
 * every change and renders records as JSON objects. The SQL it builds uses
 * only the names in these tables, never a name from input.
 *
 * Records travel as jansson objects: {"id", <fields>, "version",
 * "created_at", "updated_at"}. Functions returning a json_t give the caller
 * a new reference (json_decref when done).
 */
#ifndef LEERPAD_ENTITY_H
#define LEERPAD_ENTITY_H

#include "domain/context.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum field_type {
	FIELD_TEXT,      /* one line, at most max_len code points */
	FIELD_LONGTEXT,  /* several lines */
	FIELD_EMAIL,     /* an e-mail address */
	FIELD_URL,       /* an absolute http(s) URL */
	FIELD_ENUM,      /* one of values */
	FIELD_ENUMSET,   /* distinct values from values; a JSON array */
	FIELD_STRLIST,   /* one-line texts; a JSON array (URIs with FIELD_URIS) */
	FIELD_INT,       /* a whole number in [min, max] */
	FIELD_EC,        /* credits with at most one decimal; stored in tenths */
	FIELD_MONEY,     /* euro cents, a whole number in [min, max] */
	FIELD_BOOL,      /* true or false; stored 0 or 1 */
	FIELD_DATE,      /* YYYY-MM-DD */
	FIELD_REF,       /* the id of a record in ref */
	FIELD_REFLIST,   /* ids of records in ref, kept in a link table */
	FIELD_PASSWORD,  /* write-only; stored as an argon2id hash */
};

#define FIELD_REQUIRED  0x01u  /* must be given on create, never null */
#define FIELD_FILTER    0x02u  /* lists can be filtered on it */
#define FIELD_IMMUTABLE 0x04u  /* set on create, never changed */
#define FIELD_SEARCH    0x08u  /* matched by the q= search of lists */
#define FIELD_URIS      0x10u  /* a STRLIST of absolute URIs */

struct field_def {
	const char *name;          /* JSON key and column name */
	enum field_type type;
	unsigned flags;
	int64_t min, max;          /* numbers: bounds; texts and lists: max length */
	const char *const *values; /* ENUM and ENUMSET: NULL-terminated */
	const char *ref;           /* REF and REFLIST: the referenced entity */
	const char *link_table;    /* REFLIST: table (self_col, other_col) */
	const char *link_self;
	const char *link_other;
	const char *filter_name;   /* list parameter name if not name */
	const char *label;         /* English label, a msgid for tr() */
	const char *description;   /* English, for OpenAPI and form help */
};

/* An extra list filter of an entity: a SQL condition with one `?`, static
 * text of the entity's own; the value from the query is bound to it. For a
 * boolean filter the condition is used when the value is "true" and
 * negated when "false". */
struct entity_filter {
	const char *name;
	const char *condition;
	bool boolean;
	const char *description;
};

struct entity_def {
	const char *name;          /* table and URL segment: "programmes" */
	const char *singular;      /* "programme" */
	const char *label;         /* English, msgid: "Programme" */
	const char *label_plural;  /* English, msgid: "Programmes" */
	const char *display_field; /* the field that names a record */
	const struct field_def *fields;
	int field_count;
	const struct entity_filter *filters;
	int filter_count;
	bool public_read;          /* anyone may read, also without login */
	/* Rules across fields or records (e.g. an end date after the start, a
	 * provider that is an institution); record is the whole record as it
	 * would be stored. May be NULL. */
	enum lp_status (*check)(struct ctx *ctx, json_t *record);
	/* What else an update sets off, in its transaction (e.g. a new
	 * password ends the account's sessions); changes maps each changed
	 * field to [old, new] as audited. May be NULL. */
	enum lp_status (*after_update)(struct ctx *ctx, const char *id, const json_t *changes);
};

struct entity_query {
	const char *cursor;        /* list after this id; NULL from the start */
	int limit;                 /* 1..200; 0 means the default of 50 */
	int offset;                /* skip this many records first (page numbers,
				      as OOAPI asks); only when cursor is NULL */
	const char *q;             /* free-text search; NULL for none */
	int filter_count;
	const char *filter_names[16];
	const char *filter_values[16];
};

#define ENTITY_LIST_DEFAULT 50
#define ENTITY_LIST_MAX 200

/* Every entity, for routes, OpenAPI and exports; NULL-terminated. */
extern const struct entity_def *const entity_all[];
/* Each by name (catalog.c), for the route table. */
extern const struct entity_def organisations_def, network_memberships_def, programmes_def,
	outcomes_def, offerings_def, persons_def, employments_def, accounts_def,
	role_grants_def;
/* The entity named name ("programmes"), or NULL. */
const struct entity_def *entity_find(const char *name);
const struct field_def *entity_field(const struct entity_def *def, const char *name);
/* The word for records of def in a reason: the table name or singular for
 * English (as the API has always said), the translated label in lower case
 * when reasons are translated (lp_reasons_in). Static or arena. */
const char *entity_noun(struct ctx *ctx, const struct entity_def *def, bool plural);

/* Reads one record into *out. LP_ENOTFOUND if there is none or the actor
 * may not know it exists. */
enum lp_status entity_get(struct ctx *ctx, const struct entity_def *def,
			  const char *id, json_t **out);
/* Lists records visible to the actor, in id order; *items is a new array,
 * *next_cursor an arena string or NULL on the last page. LP_EINVAL for an
 * unknown filter or a bad value (field names the parameter). */
enum lp_status entity_list(struct ctx *ctx, const struct entity_def *def,
			   const struct entity_query *query, json_t **items,
			   const char **next_cursor);
/* The same list as entity_list, but each record holds only its "id" and
 * the fields named in fields (NULL-terminated): for callers that need a
 * few fields of many records (menus, names), without the cost of reading
 * the rest (an entity of more than ENTITY_MAX_FIELDS fields, which none
 * has, gives whole records). LP_EINVAL for a name that is not a readable
 * field. */
#define ENTITY_MAX_FIELDS 64
enum lp_status entity_list_fields(struct ctx *ctx, const struct entity_def *def,
				  const struct entity_query *query, const char *const *fields,
				  json_t **items, const char **next_cursor);
/* The same list as entity_list, written through w as one JSON array
 * instead of built as a tree: each record as jw_value would write
 * entity_list's item, without the cost of building it. *next_cursor as for
 * entity_list. On failure what w holds is incomplete: discard it. */
struct jw;
enum lp_status entity_list_write(struct ctx *ctx, const struct entity_def *def,
				 const struct entity_query *query, struct jw *w,
				 const char **next_cursor);
/* Counts the records a list with this query would give (all pages). */
enum lp_status entity_count(struct ctx *ctx, const struct entity_def *def,
			    const struct entity_query *query, int64_t *count);
/* Validates input (an object of fields), checks the actor may create it,
 * stores it with a new id and audits it; *out is the stored record. */
enum lp_status entity_create(struct ctx *ctx, const struct entity_def *def,
			     const json_t *input, json_t **out);
/* The same as entity_create, but stores the record under id (a UUID, as
 * id_is_valid checks) instead of a new one: for imports that keep ids.
 * LP_EINVAL for an id that is not valid, LP_ECONFLICT if a record of def
 * already has it. */
enum lp_status entity_create_with_id(struct ctx *ctx, const struct entity_def *def,
				     const char *id, const json_t *input, json_t **out);
/* Applies patch (an object of fields to change; "version" if given must be
 * the current version, else LP_ECONFLICT) after the same checks. */
enum lp_status entity_update(struct ctx *ctx, const struct entity_def *def,
			     const char *id, const json_t *patch, json_t **out);
/* The display name of the record with id in entity name, into the arena;
 * NULL when there is none. Used by pages and exports for references. */
const char *entity_display_name(struct ctx *ctx, const char *entity, const char *id);

#endif
