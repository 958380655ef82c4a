/* catalog_io.h: the catalog as one JSON document, out and in
 *
 * The catalog is the public part of leerpad: organisations, network
 * memberships, programmes, learning outcomes and offerings. Exported, it
 * is one document
 *
 *   {"format": "leerpad-catalog", "version": 1,
 *    "organisations": [...], "network_memberships": [...],
 *    "programmes": [...], "outcomes": [...], "offerings": [...]}
 *
 * whose records are those of the entity engine with their ids, without the
 * bookkeeping of one database (version, created_at, updated_at), so that
 * exporting, importing into an empty database and exporting again gives
 * the same document. Records are in id order within each list.
 */
#ifndef LEERPAD_CATALOG_IO_H
#define LEERPAD_CATALOG_IO_H

#include "domain/context.h"

#include <jansson.h>

#define CATALOG_FORMAT "leerpad-catalog"
#define CATALOG_VERSION 1

/* Makes the document of every catalog record the actor may read; *out is a
 * new reference. */
enum lp_status catalog_export(struct ctx *ctx, json_t **out);

struct catalog_import_counts {
	int created;    /* records that were not there */
	int updated;    /* records that were there and differed */
	int unchanged;  /* records that were there already as they are */
};

/* Imports a document made by catalog_export, keeping ids: a record whose id
 * exists is updated where it differs, any other is created with its id.
 * Lists may be missing (nothing of that kind); other keys are refused. Every
 * record goes through the entity engine (validation, authorisation, audit)
 * and all of them through one transaction: on any error nothing is
 * written, and ctx->err names the record as field, "programmes[3].level",
 * with its id in the reason. *counts may be NULL. */
enum lp_status catalog_import(struct ctx *ctx, const json_t *doc,
			      struct catalog_import_counts *counts);

#endif
