/* agreement.h: the learning agreement of one enrolment for one period
 *
 * Workflow (issue 4, item 3):
 *   draft     the learner and the coach edit the working version
 *             (agreement_save_draft, with the agreement's version number:
 *             a stale number is LP_ECONFLICT, so two editors never lose
 *             each other's work)
 *   proposed  agreement_propose freezes the version (it needs at least one
 *             outcome, an examiner for each, and a second examiner for each
 *             where the programme's assessment rules ask for one): its content is stored
 *             as canonical JSON (keys sorted, compact) and hashed; the
 *             database itself refuses to change it afterwards
 *   signed    agreement_sign by the learner, by the coach for the
 *             institution and by a workplace supervisor or HR for the
 *             employer; each signature records who, when and the hash the
 *             signer saw, and a hash that is not the proposed version's is
 *             refused (LP_ECONFLICT)
 *   active    when all three sides signed; agreement_amend opens a new
 *             draft version (the signed one stays in force and readable)
 *   closed    agreement_close after the evaluations of all three sides
 * agreement_reopen takes a proposed version back to a new draft version.
 *
 * The hash is SHA-256 (hex) of the canonical JSON text of
 * {"agreement_id", "content", "enrolment_id", "number", "period_id"}, so a
 * signature names exactly one version of one agreement.
 *
 * Every function checks access (authz_learning.h), runs in one
 * transaction with its audit entry and gives *out, a new reference to the
 * agreement as agreement_get renders it.
 */
#ifndef LEERPAD_AGREEMENT_H
#define LEERPAD_AGREEMENT_H

#include "domain/context.h"
#include "domain/list_page.h"

#include <jansson.h>
#include <stdint.h>

/* Opens an agreement for enrolment and period with a first draft version
 * (content may be NULL: empty). LP_ECONFLICT if one exists already. */
enum lp_status agreement_create(struct ctx *ctx, const char *enrolment_id,
				const char *period_id, const json_t *content, json_t **out);

/* The agreement with its working version's content, the version in force,
 * the evaluations and the history of versions with their signatures. */
enum lp_status agreement_get(struct ctx *ctx, const char *id, json_t **out);

struct enrolment_ref;
/* agreement_get that also gives the agreement's enrolment with the actor's
 * relations, as authz_enrolment_load would load it (*e is set on LP_OK). */
enum lp_status agreement_get_with(struct ctx *ctx, const char *id, json_t **out,
				  struct enrolment_ref *e);
/* What the agreement page shows, checked as agreement_get_with checks it:
 * id, person_id, period_name, status, version, current_version,
 * active_version, content_hash, content, names, costs, and versions with
 * number, status, content_hash and signatures (side, name, signed_at) only,
 * and evaluations (as agreement_get) once a side has written one or the
 * period is closed; fewer queries. *e is set on LP_OK. The content is the
 * parsed form the process keeps per content text (base/json_cache.h),
 * shared with other requests and threads: read it, never change it. */
enum lp_status agreement_view(struct ctx *ctx, const char *id, json_t **out,
			      struct enrolment_ref *e);

/* One version (number) of the agreement with its signatures. */
/* The versions of agreement id as a page, newest first (the next page holds
 * the versions before), each with its signatures: {"items": [...],
 * "next_cursor": ..., "agreement_id": ...} (list_page.h). */
enum lp_status agreement_versions_page(struct ctx *ctx, const char *id,
				       const struct list_page *pg, json_t **out);
enum lp_status agreement_version_get(struct ctx *ctx, const char *id, int64_t number,
				     json_t **out);

/* The agreements of an enrolment, newest period first: {"items": [...]}. */
enum lp_status agreement_list(struct ctx *ctx, const char *enrolment_id, json_t **out);
/* The same for an enrolment the caller loaded with authz_enrolment_load
 * in this request. */
enum lp_status agreement_list_of(struct ctx *ctx, const struct enrolment_ref *e, json_t **out);

/* Replaces the draft's content; version is the agreement's version read. */
enum lp_status agreement_save_draft(struct ctx *ctx, const char *id, int64_t version,
				    const json_t *content, json_t **out);
enum lp_status agreement_propose(struct ctx *ctx, const char *id, int64_t version,
				 json_t **out);
enum lp_status agreement_reopen(struct ctx *ctx, const char *id, int64_t version,
				json_t **out);
/* side: "learner", "institution" or "employer"; content_hash: the hash of
 * the version the signer read. */
enum lp_status agreement_sign(struct ctx *ctx, const char *id, const char *side,
			      const char *content_hash, json_t **out);
enum lp_status agreement_amend(struct ctx *ctx, const char *id, int64_t version,
			       json_t **out);
/* One side's evaluation of the period (at most 4000 characters). */
enum lp_status agreement_evaluate(struct ctx *ctx, const char *id, const char *side,
				  const char *text, json_t **out);
enum lp_status agreement_close(struct ctx *ctx, const char *id, int64_t version,
			       json_t **out);

/* The examiners of the institution of enrolment (for the agreement form):
 * {"items": [{"person_id", "name"}]}. The actor must see the enrolment. */
enum lp_status agreement_examiners(struct ctx *ctx, const char *enrolment_id, json_t **out);
/* The same for an enrolment the caller loaded with authz_enrolment_load. */
enum lp_status agreement_examiners_of(struct ctx *ctx, const struct enrolment_ref *e,
				      json_t **out);

/* Validates content against the enrolment's programme and institution and
 * returns a normalised copy in *out (known keys only, study load computed).
 * Exposed for the unit tests. */
enum lp_status agreement_content_check(struct ctx *ctx, const char *programme_id,
				       const char *institution_id, const json_t *content,
				       json_t **out);

#endif
