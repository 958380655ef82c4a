/* evidence.h: what a learner shows for an outcome, and attestations
 *
 * Evidence is a file, a link or a text, for one outcome of the learner's
 * programme. Files are stored content-addressed (by SHA-256) in the
 * evidence store, a folder beside the database that is never web-served:
 * they are read back only through evidence_file after the access check.
 * A file is written before its row; if the transaction then fails, the
 * unreferenced file stays (content-addressed: harmless, and reused if the
 * same file comes again).
 *
 * Who sees evidence: see authz_learning.h. HR sees attested evidence only;
 * an examiner only that of the outcomes assigned to them or of a prior
 * learning claim naming them.
 */
#ifndef LEERPAD_EVIDENCE_H
#define LEERPAD_EVIDENCE_H

#include "domain/context.h"
#include "domain/list_page.h"

#include <jansson.h>
#include <stddef.h>

#define EVIDENCE_MAX_BYTES (4 * 1024 * 1024)  /* 4 MiB per file */
#define EVIDENCE_NAME_MAX 120                   /* characters of a file name */

/* Sets the folder of the evidence store (made when first needed). Called
 * once at startup, before threads; dir is copied. */
void evidence_set_store(const char *dir);
/* Sets the store beside the database of url: for "sqlite:PATH" or a plain
 * PATH, the folder "evidence" next to the file; otherwise
 * $LEERPAD_EVIDENCE_DIR, else "./leerpad-evidence". */
void evidence_set_store_for_db(const char *url);
/* The store's folder ("" when not set). */
const char *evidence_store(void);

struct evidence_input {
	const char *outcome_id;
	const char *kind;        /* "file", "link" or "text" */
	const char *title;
	const char *text;        /* kind text */
	const char *url;         /* kind link */
	const char *file_name;   /* kind file: a bare name, no path */
	const char *file_type;   /* kind file: the declared media type */
	const void *data;        /* kind file: the bytes */
	size_t size;
};

/* Adds evidence for an outcome of enrolment (the learner only). Refusals:
 * a file over EVIDENCE_MAX_BYTES (LP_ETOOBIG), of a type not on the
 * allow-list or whose bytes do not match it (LP_EUNSUPPORTED), a name with
 * a path or control characters (LP_EINVAL); an enrolment that is not
 * active (LP_EINVAL). *out is the evidence as evidence_get renders it. */
enum lp_status evidence_add(struct ctx *ctx, const char *enrolment_id,
			    const struct evidence_input *in, json_t **out);
/* One piece of evidence with its attestations. */
enum lp_status evidence_get(struct ctx *ctx, const char *id, json_t **out);
/* The evidence of an enrolment the actor may see, optionally of one
 * outcome (NULL: all): {"items": [...]}. */
enum lp_status evidence_list(struct ctx *ctx, const char *enrolment_id, const char *outcome_id,
			     json_t **out);
/* A page of the evidence of an enrolment the actor may see, optionally of
 * one outcome, in the order it was added: {"items": [...], "next_cursor"}
 * (list_page.h). */
enum lp_status evidence_list_page(struct ctx *ctx, const char *enrolment_id,
				  const char *outcome_id, const struct list_page *pg,
				  json_t **out);
/* For a download: the stored file's path (arena), media type and name.
 * LP_ENOTFOUND for evidence that is not a file. */
enum lp_status evidence_file(struct ctx *ctx, const char *id, const char **path,
			     const char **type, const char **name);
/* A workplace supervisor of the learner's employer attests the evidence
 * ("I saw this happen at work"); once per person (LP_ECONFLICT). */
enum lp_status evidence_attest(struct ctx *ctx, const char *id, const char *statement,
			       json_t **out);

/* The media type for a file name on the allow-list, NULL if refused.
 * Exposed for tests and the upload form's accept list. */
const char *evidence_type_for(const char *file_name);
/* The allow-list as an HTML accept attribute value. */
const char *evidence_accept(void);

#endif
