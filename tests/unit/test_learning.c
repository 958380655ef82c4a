/* test_learning.c: unit tests of the learning agreement workflow, access
 * to learning records, evidence, assessment, prior learning, progress and
 * the coaching log (issue 4) */
#include "domain/agreement.h"
#include "domain/authz_learning.h"
#include "domain/employment_own.h"
#include "domain/assessment.h"
#include "domain/coaching.h"
#include "domain/enrolment.h"
#include "domain/evidence.h"
#include "domain/list_page.h"
#include "domain/prior_learning.h"
#include "domain/progress.h"
#include "base/buf.h"
#include "base/crypto.h"
#include "learning_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture fx;
static struct learning_world w;

struct who {
	struct actor actor;
	struct ctx ctx;
	struct lp_error err;
};

static struct who who_buf;

/* The context of an account id (NULL: the system). */
static struct ctx *
as(const char *account)
{
	struct who *x = &who_buf;

	memset(x, 0, sizeof(*x));
	if (!account)
		actor_system(&x->actor);
	else
		fixture_actor(&fx, account, &x->actor);
	x->ctx.db = fx.db;
	x->ctx.actor = &x->actor;
	x->ctx.arena = &fx.arena;
	x->ctx.err = &x->err;
	return &x->ctx;
}

static int
group_setup(void **state)
{
	char dir[PATH_MAX];

	(void)state;
	fixture_create(&fx, NULL);
	learning_world_create(&fx, &w);
	snprintf(dir, sizeof(dir), "%s/evidence", fx.dir);
	evidence_set_store(dir);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	fixture_release(&fx);
	return 0;
}

/* A digest of every learning table and the audit log: refusals must leave
 * it as it was. */
static void
digest(char out[CRYPTO_DIGEST_LEN])
{
	static const char *const tables[] = {
		"periods", "cohorts", "enrolments", "programme_assessment_rules",
		"prior_learning_claims", "agreements", "agreement_versions", "signatures",
		"agreement_outcomes", "evidence", "attestations", "assessments", "coaching_log",
		"audit_log", NULL
	};
	struct buf b = BUF_INIT;

	for (int i = 0; tables[i]; i++) {
		char sql[128];
		struct db_stmt *st;
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY 1, 2", tables[i]);
		assert_int_equal(db_prepare(fx.db, sql, &st, NULL), LP_OK);
		while (db_step(st) == DB_ROW) {
			for (int c = 0; c < db_column_count(st); c++)
				buf_printf(&b, "%s|", db_column_text(st, c) ? db_column_text(st, c) : "~");
			buf_putc(&b, '\n');
		}
		db_reset(st);
	}
	crypto_digest_hex(b.p ? b.p : "", b.len, out);
	buf_release(&b);
}

/* Asserts call gave want and left the database unchanged. */
#define REFUSED(want, call) do {                                   \
		char before_[CRYPTO_DIGEST_LEN], after_[CRYPTO_DIGEST_LEN]; \
		digest(before_);                                      \
		assert_int_equal((call), (want));                     \
		digest(after_);                                       \
		assert_string_equal(before_, after_);                 \
	} while (0)

static const char *
s_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int64_t
i_of(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static int64_t
count(const char *sql, const char *a)
{
	struct db_stmt *st;
	int64_t n = -1;

	assert_int_equal(db_prepare(fx.db, sql, &st, NULL), LP_OK);
	if (a)
		db_bind_text(st, 1, a);
	if (db_step(st) == DB_ROW)
		n = db_column_int(st, 0);
	db_reset(st);
	return n;
}

/* The state of outcome_id in the progress of enrolment as the system. */
static const char *
state_of(const char *enrolment, const char *outcome_id, json_t **progress)
{
	json_t *p, *o;
	size_t i;
	static char state[32];

	assert_int_equal(progress_get(as(NULL), enrolment, &p), LP_OK);
	state[0] = '\0';
	json_array_foreach(json_object_get(p, "outcomes"), i, o)
		if (strcmp(s_of(o, "outcome_id"), outcome_id) == 0)
			snprintf(state, sizeof(state), "%s", s_of(o, "state"));
	if (progress)
		*progress = p;
	else
		json_decref(p);
	return state;
}

/* An active agreement for the enrolment, signed by all three; *id_out. */
static void
make_active(const char *enrolment, const char *period, json_t *content, char id_out[ID_LEN])
{
	json_t *a, *b;

	assert_int_equal(agreement_create(as(fx.acc_learner), enrolment, period, content, &a),
			 LP_OK);
	snprintf(id_out, ID_LEN, "%s", s_of(a, "id"));
	assert_int_equal(agreement_propose(as(w.acc_coach), id_out, i_of(a, "version"), &b),
			 LP_OK);
	json_decref(a);
	char hash[CRYPTO_DIGEST_LEN];
	snprintf(hash, sizeof(hash), "%s", s_of(b, "content_hash"));
	json_decref(b);
	assert_int_equal(agreement_sign(as(fx.acc_learner), id_out, "learner", hash, &a), LP_OK);
	json_decref(a);
	assert_int_equal(agreement_sign(as(fx.acc_supervisor), id_out, "employer", hash, &a), LP_OK);
	json_decref(a);
	assert_int_equal(agreement_sign(as(w.acc_coach), id_out, "institution", hash, &a), LP_OK);
	assert_string_equal(s_of(a, "status"), "active");
	json_decref(a);
}

/* The whole workflow: draft, conflicting edits, propose, signatures with
 * hashes, active, amend, reopen, evaluate, close. */
static void
test_agreement_workflow(void **state)
{
	json_t *a, *b, *content = learning_content(&fx, &w);
	char id[ID_LEN], hash[CRYPTO_DIGEST_LEN], period2[ID_LEN];
	int64_t v;

	(void)state;
	fixture_make(&fx, &periods_def, json_pack("{s:s, s:s, s:s, s:s}", "institution_id",
						  fx.inst_a, "name", "2027 semester 2", "start_date",
						  "2027-02-01", "end_date", "2027-06-30"), period2);
	/* the learner opens a draft */
	assert_int_equal(agreement_create(as(fx.acc_learner), w.enrolment, period2, NULL, &a),
			 LP_OK);
	snprintf(id, sizeof(id), "%s", s_of(a, "id"));
	assert_string_equal(s_of(a, "status"), "draft");
	v = i_of(a, "version");
	json_decref(a);
	/* one per period */
	REFUSED(LP_ECONFLICT, agreement_create(as(fx.acc_learner), w.enrolment, period2, NULL, &a));
	/* an empty draft cannot be proposed */
	REFUSED(LP_EINVAL, agreement_propose(as(w.acc_coach), id, v, &a));
	/* learner and coach both read version v; the learner saves first */
	assert_int_equal(agreement_save_draft(as(fx.acc_learner), id, v, content, &a), LP_OK);
	assert_int_equal(i_of(a, "version"), v + 1);
	assert_string_equal(s_of(json_object_get(a, "content"), "study_load_ec"), "30.0");
	json_decref(a);
	/* the coach's save with the stale version is refused, nothing lost */
	REFUSED(LP_ECONFLICT, agreement_save_draft(as(w.acc_coach), id, v, content, &a));
	assert_string_equal(who_buf.err.field, "version");
	v++;
	/* the supervisor reads but does not edit */
	REFUSED(LP_EFORBIDDEN, agreement_save_draft(as(fx.acc_supervisor), id, v, content, &a));
	assert_int_equal(agreement_get(as(fx.acc_supervisor), id, &a), LP_OK);
	json_decref(a);
	/* the coach proposes; the version is frozen */
	assert_int_equal(agreement_propose(as(w.acc_coach), id, v, &a), LP_OK);
	assert_string_equal(s_of(a, "status"), "proposed");
	snprintf(hash, sizeof(hash), "%s", s_of(a, "content_hash"));
	assert_int_equal(strlen(hash), 64);
	v = i_of(a, "version");
	json_decref(a);
	REFUSED(LP_ECONFLICT, agreement_save_draft(as(fx.acc_learner), id, v, content, &a));
	assert_int_not_equal(db_run(fx.db, NULL, NULL, "UPDATE agreement_versions SET content = '{}'"
				    " WHERE agreement_id = ?", "s", id), LP_OK);
	/* signing: the right side, the right hash */
	REFUSED(LP_ECONFLICT, agreement_sign(as(fx.acc_learner), id, "learner",
					     "0000000000000000000000000000000000000000000000000000000000000000",
					     &a));
	REFUSED(LP_EFORBIDDEN, agreement_sign(as(fx.acc_learner), id, "institution", hash, &a));
	REFUSED(LP_EFORBIDDEN, agreement_sign(as(fx.acc_hr), id, "institution", hash, &a));
	REFUSED(LP_EINVAL, agreement_sign(as(fx.acc_learner), id, "nobody", hash, &a));
	assert_int_equal(agreement_sign(as(fx.acc_learner), id, "learner", hash, &a), LP_OK);
	json_decref(a);
	REFUSED(LP_ECONFLICT, agreement_sign(as(fx.acc_learner), id, "learner", hash, &a));
	/* the learner reopens: a new version, the old hash no longer signs */
	assert_int_equal(agreement_get(as(fx.acc_learner), id, &a), LP_OK);
	v = i_of(a, "version");
	json_decref(a);
	assert_int_equal(agreement_reopen(as(fx.acc_learner), id, v, &a), LP_OK);
	assert_int_equal(i_of(a, "current_version"), 2);
	v = i_of(a, "version");
	json_decref(a);
	json_object_set_new(json_object_get(content, "employer"), "study_hours_per_week",
			    json_integer(6));
	assert_int_equal(agreement_save_draft(as(w.acc_coach), id, v, content, &a), LP_OK);
	v = i_of(a, "version");
	json_decref(a);
	assert_int_equal(agreement_propose(as(w.acc_coach), id, v, &a), LP_OK);
	assert_string_not_equal(s_of(a, "content_hash"), hash);
	REFUSED(LP_ECONFLICT, agreement_sign(as(fx.acc_supervisor), id, "employer", hash, &b));
	snprintf(hash, sizeof(hash), "%s", s_of(a, "content_hash"));
	json_decref(a);
	assert_int_equal(agreement_sign(as(fx.acc_supervisor), id, "employer", hash, &a), LP_OK);
	json_decref(a);
	assert_int_equal(agreement_sign(as(fx.acc_learner), id, "learner", hash, &a), LP_OK);
	json_decref(a);
	assert_int_equal(agreement_sign(as(w.acc_coach), id, "institution", hash, &a), LP_OK);
	assert_string_equal(s_of(a, "status"), "active");
	assert_int_equal(i_of(a, "active_version"), 2);
	/* history: v1 withdrawn with its one signature, v2 signed with three */
	assert_string_equal(s_of(json_array_get(json_object_get(a, "versions"), 0), "status"),
			    "withdrawn");
	assert_int_equal(json_array_size(json_object_get(json_array_get(
		json_object_get(a, "versions"), 1), "signatures")), 3);
	v = i_of(a, "version");
	json_decref(a);
	assert_int_equal(count("SELECT COUNT(*) FROM agreement_outcomes WHERE agreement_id = ?", id),
			 1);
	/* signatures are never changed */
	assert_int_not_equal(db_run(fx.db, NULL, NULL, "DELETE FROM signatures", ""), LP_OK);
	/* amend: a new draft; the signed version stays in force */
	assert_int_equal(agreement_amend(as(w.acc_coach), id, v, &a), LP_OK);
	assert_string_equal(s_of(a, "status"), "draft");
	assert_int_equal(i_of(a, "active_version"), 2);
	assert_int_equal(i_of(a, "current_version"), 3);
	v = i_of(a, "version");
	json_decref(a);
	assert_int_equal(agreement_version_get(as(fx.acc_hr), id, 2, &a), LP_OK);
	assert_string_equal(s_of(a, "status"), "signed");
	assert_non_null(json_object_get(a, "content"));
	json_decref(a);
	REFUSED(LP_ENOTFOUND, agreement_version_get(as(fx.acc_hr), id, 9, &a));
	/* sign the amendment; v2 becomes superseded */
	assert_int_equal(agreement_propose(as(fx.acc_learner), id, v, &a), LP_OK);
	snprintf(hash, sizeof(hash), "%s", s_of(a, "content_hash"));
	json_decref(a);
	assert_int_equal(agreement_sign(as(fx.acc_learner), id, "learner", hash, &a), LP_OK);
	json_decref(a);
	assert_int_equal(agreement_sign(as(fx.acc_hr), id, "employer", hash, &a), LP_OK);
	json_decref(a);
	assert_int_equal(agreement_sign(as(w.acc_coach), id, "institution", hash, &a), LP_OK);
	assert_int_equal(i_of(a, "active_version"), 3);
	assert_string_equal(s_of(json_array_get(json_object_get(a, "versions"), 1), "status"),
			    "superseded");
	v = i_of(a, "version");
	json_decref(a);
	/* close: needs three evaluations */
	REFUSED(LP_EINVAL, agreement_close(as(w.acc_coach), id, v, &a));
	REFUSED(LP_EFORBIDDEN, agreement_evaluate(as(fx.acc_learner), id, "institution", "x", &a));
	REFUSED(LP_EINVAL, agreement_evaluate(as(fx.acc_learner), id, "learner", "  ", &a));
	assert_int_equal(agreement_evaluate(as(fx.acc_learner), id, "learner", "Goed gegaan", &a),
			 LP_OK);
	json_decref(a);
	assert_int_equal(agreement_evaluate(as(w.acc_coach), id, "institution", "Mooi werk", &a),
			 LP_OK);
	json_decref(a);
	assert_int_equal(agreement_evaluate(as(fx.acc_supervisor), id, "employer", "Tevreden", &a),
			 LP_OK);
	v = i_of(a, "version");
	json_decref(a);
	REFUSED(LP_EFORBIDDEN, agreement_close(as(fx.acc_learner), id, v, &a));
	assert_int_equal(agreement_close(as(w.acc_coach), id, v, &a), LP_OK);
	assert_string_equal(s_of(a, "status"), "closed");
	json_decref(a);
	/* every write was audited */
	assert_true(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'agreements'"
			  " AND entity_id = ?", id) == 19);
	json_decref(content);
}

/* Content validation: unknown fields, outcomes of another programme,
 * examiners who are not examiners. */
static void
test_agreement_content(void **state)
{
	json_t *c, *out;
	struct ctx *ctx = as(NULL);

	(void)state;
	c = learning_content(&fx, &w);
	assert_int_equal(agreement_content_check(ctx, fx.prog_a, fx.inst_a, c, &out), LP_OK);
	json_decref(out);
	json_object_set_new(c, "extra", json_true());
	assert_int_equal(agreement_content_check(ctx, fx.prog_a, fx.inst_a, c, &out), LP_EINVAL);
	assert_string_equal(who_buf.err.field, "content.extra");
	json_decref(c);

	c = learning_content(&fx, &w);
	json_object_set_new(json_array_get(json_object_get(c, "outcomes"), 0), "outcome_id",
			    json_string(fx.outcome_b1));
	assert_int_equal(agreement_content_check(ctx, fx.prog_a, fx.inst_a, c, &out), LP_EINVAL);
	assert_string_equal(who_buf.err.field, "outcomes[0].outcome_id");
	json_decref(c);

	c = learning_content(&fx, &w);
	json_object_set_new(json_array_get(json_object_get(c, "assessment"), 0), "examiner_id",
			    json_string(w.p_coach));
	assert_int_equal(agreement_content_check(ctx, fx.prog_a, fx.inst_a, c, &out), LP_EINVAL);
	assert_string_equal(who_buf.err.field, "assessment[0].examiner_id");
	json_decref(c);

	c = learning_content(&fx, &w);
	json_object_set_new(json_array_get(json_object_get(c, "outcomes"), 0), "demonstration",
			    json_string("guessing"));
	assert_int_equal(agreement_content_check(ctx, fx.prog_a, fx.inst_a, c, &out), LP_EINVAL);
	json_decref(c);

	c = learning_content(&fx, &w);
	json_object_set_new(json_array_get(json_object_get(c, "activities"), 0), "outcome_ids",
			    json_pack("[s]", fx.outcome_a2));
	assert_int_equal(agreement_content_check(ctx, fx.prog_a, fx.inst_a, c, &out), LP_EINVAL);
	assert_string_equal(who_buf.err.field, "activities[0].outcome_ids");
	json_decref(c);
}

/* Who sees an agreement: 404 where existence must not leak. */
static void
test_agreement_access(void **state)
{
	json_t *a, *list;
	char id[ID_LEN];

	(void)state;
	assert_int_equal(agreement_list(as(fx.acc_learner), w.enrolment, &list), LP_OK);
	snprintf(id, sizeof(id), "%s", s_of(json_array_get(json_object_get(list, "items"), 0),
					    "id"));
	json_decref(list);
	REFUSED(LP_ENOTFOUND, agreement_get(as(fx.acc_monitor), id, &a));
	REFUSED(LP_ENOTFOUND, agreement_get(as(fx.acc_hr_b), id, &a));
	REFUSED(LP_ENOTFOUND, agreement_get(as(w.acc_examiner2), id, &a));
	REFUSED(LP_ENOTFOUND, agreement_get(as(w.acc_coachex), id, &a));
	REFUSED(LP_ENOTFOUND, agreement_list(as(fx.acc_monitor), w.enrolment, &a));
	assert_int_equal(agreement_get(as(fx.acc_hr), id, &a), LP_OK);
	json_decref(a);
	assert_int_equal(agreement_get(as(fx.acc_pm), id, &a), LP_OK);
	json_decref(a);
	/* staff may open agreements but the employer side may not */
	REFUSED(LP_EFORBIDDEN, agreement_create(as(fx.acc_hr), w.enrolment, w.period, NULL, &a));
	REFUSED(LP_ENOTFOUND, agreement_create(as(fx.acc_hr_b), w.enrolment, w.period, NULL, &a));
}

/* Evidence: kinds, limits, types, names; attestation; who sees what. */
static void
test_evidence(void **state)
{
	static const char pdf[] = "%PDF-1.4\n% leerpad test\n";
	struct evidence_input in = { 0 };
	json_t *e, *list;
	char text_id[ID_LEN], file_id[ID_LEN];
	char *big;
	const char *path, *type, *name;

	(void)state;
	in.outcome_id = fx.outcome_a1;
	in.kind = "text";
	in.title = "Verslag";
	in.text = "Wat ik deed <b>";
	assert_int_equal(evidence_add(as(fx.acc_learner), w.enrolment, &in, &e), LP_OK);
	snprintf(text_id, sizeof(text_id), "%s", s_of(e, "id"));
	json_decref(e);
	/* only the learner adds */
	REFUSED(LP_EFORBIDDEN, evidence_add(as(w.acc_coach), w.enrolment, &in, &e));
	REFUSED(LP_ENOTFOUND, evidence_add(as(fx.acc_hr_b), w.enrolment, &in, &e));
	in.outcome_id = fx.outcome_b1;
	REFUSED(LP_EINVAL, evidence_add(as(fx.acc_learner), w.enrolment, &in, &e));
	in.outcome_id = fx.outcome_a1;
	in.kind = "link";
	in.url = "javascript:alert(1)";
	REFUSED(LP_EINVAL, evidence_add(as(fx.acc_learner), w.enrolment, &in, &e));
	in.url = "https://example.org/filmpje";
	assert_int_equal(evidence_add(as(fx.acc_learner), w.enrolment, &in, &e), LP_OK);
	json_decref(e);
	/* files */
	in.kind = "file";
	in.file_name = "verslag.pdf";
	in.data = pdf;
	in.size = sizeof(pdf) - 1;
	assert_int_equal(evidence_add(as(fx.acc_learner), w.enrolment, &in, &e), LP_OK);
	snprintf(file_id, sizeof(file_id), "%s", s_of(e, "id"));
	assert_string_equal(s_of(e, "file_type"), "application/pdf");
	json_decref(e);
	assert_int_equal(evidence_file(as(w.acc_coach), file_id, &path, &type, &name), LP_OK);
	assert_non_null(strstr(path, "/evidence/"));
	assert_string_equal(name, "verslag.pdf");
	in.file_name = "../../etc/passwd.pdf";
	REFUSED(LP_EINVAL, evidence_add(as(fx.acc_learner), w.enrolment, &in, &e));
	assert_string_equal(who_buf.err.field, "file_name");
	in.file_name = "map\\verslag.pdf";
	REFUSED(LP_EINVAL, evidence_add(as(fx.acc_learner), w.enrolment, &in, &e));
	in.file_name = "programma.exe";
	REFUSED(LP_EUNSUPPORTED, evidence_add(as(fx.acc_learner), w.enrolment, &in, &e));
	in.file_name = "nep.png";
	REFUSED(LP_EUNSUPPORTED, evidence_add(as(fx.acc_learner), w.enrolment, &in, &e));
	big = calloc(1, EVIDENCE_MAX_BYTES + 1);
	memcpy(big, pdf, sizeof(pdf) - 1);
	in.file_name = "groot.pdf";
	in.data = big;
	in.size = EVIDENCE_MAX_BYTES + 1;
	REFUSED(LP_ETOOBIG, evidence_add(as(fx.acc_learner), w.enrolment, &in, &e));
	free(big);
	/* HR sees only attested evidence; the supervisor attests */
	assert_int_equal(evidence_list(as(fx.acc_hr), w.enrolment, NULL, &list), LP_OK);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 0);
	json_decref(list);
	REFUSED(LP_ENOTFOUND, evidence_get(as(fx.acc_hr), text_id, &e));
	REFUSED(LP_EFORBIDDEN, evidence_attest(as(fx.acc_learner), text_id, "ik zag het", &e));
	/* HR does not see evidence before it is attested */
	REFUSED(LP_ENOTFOUND, evidence_attest(as(fx.acc_hr), text_id, "ik zag het", &e));
	REFUSED(LP_EINVAL, evidence_attest(as(fx.acc_supervisor), text_id, "", &e));
	assert_int_equal(evidence_attest(as(fx.acc_supervisor), text_id, "Ik zag dit gebeuren",
					 &e), LP_OK);
	assert_int_equal(json_array_size(json_object_get(e, "attestations")), 1);
	json_decref(e);
	REFUSED(LP_ECONFLICT, evidence_attest(as(fx.acc_supervisor), text_id, "nog eens", &e));
	assert_int_equal(evidence_list(as(fx.acc_hr), w.enrolment, NULL, &list), LP_OK);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 1);
	json_decref(list);
	assert_int_equal(evidence_list(as(fx.acc_learner), w.enrolment, NULL, &list), LP_OK);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 3);
	json_decref(list);
	REFUSED(LP_ENOTFOUND, evidence_list(as(fx.acc_monitor), w.enrolment, NULL, &list));
}

/* Assessment rules, progress states, EC, carry-over and graduation. */
static void
test_assessment_and_progress(void **state)
{
	struct assessment_input in = { 0 };
	json_t *a, *p, *content;
	char agreement[ID_LEN], assessment[ID_LEN], period3[ID_LEN];

	(void)state;
	/* before: outcome_a1 has evidence (test_evidence), outcome_a2 open */
	assert_string_equal(state_of(w.enrolment, fx.outcome_a1, NULL), "evidence_submitted");
	assert_string_equal(state_of(w.enrolment, fx.outcome_a2, NULL), "open");
	/* the other learner's agreement, coached and examined by coachex */
	fixture_make(&fx, &periods_def, json_pack("{s:s, s:s, s:s, s:s}", "institution_id",
						  fx.inst_a, "name", "2027 extra", "start_date",
						  "2027-07-01", "end_date", "2027-08-31"), period3);
	in.outcome_id = fx.outcome_a1;
	in.result = "achieved";
	in.rationale = "Het product voldoet aan alle criteria.";
	in.assessed_on = "2027-01-20";
	in.internal_notes = "Sterk verdedigd";
	/* the agreement of the first test is closed: no agreement in force */
	REFUSED(LP_EINVAL, assessment_record(as(w.acc_examiner), w.enrolment, &in, &a));
	content = learning_content(&fx, &w);
	make_active(w.enrolment, w.period, content, agreement);
	json_decref(content);
	assert_string_equal(state_of(w.enrolment, fx.outcome_a1, NULL), "evidence_submitted");
	/* not assigned, not in the agreement, the wrong role */
	REFUSED(LP_ENOTFOUND, assessment_record(as(w.acc_examiner2), w.enrolment, &in, &a));
	REFUSED(LP_EFORBIDDEN, assessment_record(as(w.acc_coach), w.enrolment, &in, &a));
	in.outcome_id = fx.outcome_a2;
	REFUSED(LP_EINVAL, assessment_record(as(w.acc_examiner), w.enrolment, &in, &a));
	assert_string_equal(who_buf.err.field, "outcome_id");
	in.outcome_id = fx.outcome_a1;
	in.result = "maybe";
	REFUSED(LP_EINVAL, assessment_record(as(w.acc_examiner), w.enrolment, &in, &a));
	in.result = "not_yet";
	assert_int_equal(assessment_record(as(w.acc_examiner), w.enrolment, &in, &a), LP_OK);
	json_decref(a);
	assert_string_equal(state_of(w.enrolment, fx.outcome_a1, NULL), "evidence_submitted");
	in.result = "achieved";
	assert_int_equal(assessment_record(as(w.acc_examiner), w.enrolment, &in, &a), LP_OK);
	snprintf(assessment, sizeof(assessment), "%s", s_of(a, "id"));
	assert_string_equal(s_of(a, "internal_notes"), "Sterk verdedigd");
	json_decref(a);
	/* internal notes: not for the learner or the employer */
	assert_int_equal(assessment_list_page(as(fx.acc_learner), w.enrolment, NULL, &a), LP_OK);
	assert_null(json_object_get(json_array_get(json_object_get(a, "items"), 0),
				    "internal_notes"));
	json_decref(a);
	assert_int_equal(assessment_list_page(as(fx.acc_hr), w.enrolment, NULL, &a), LP_OK);
	assert_null(json_object_get(json_array_get(json_object_get(a, "items"), 0),
				    "internal_notes"));
	json_decref(a);
	assert_int_equal(assessment_list_page(as(w.acc_board), w.enrolment, NULL, &a), LP_OK);
	assert_non_null(json_object_get(json_array_get(json_object_get(a, "items"), 0),
					"internal_notes"));
	json_decref(a);
	/* progress: achieved, 30 of 240 EC, not eligible; carried over */
	assert_string_equal(state_of(w.enrolment, fx.outcome_a1, &p), "achieved");
	assert_int_equal(i_of(p, "ec_achieved_tenths"), 300);
	assert_int_equal(i_of(p, "ec_total_tenths"), 2400);
	assert_int_equal(i_of(p, "percent"), 12);
	assert_false(json_is_true(json_object_get(p, "eligible")));
	json_decref(p);
	assert_string_equal(state_of(w.enrolment_c, w.outcome_c1, &p), "achieved");
	assert_true(json_is_true(json_object_get(p, "eligible")));
	json_decref(p);
	/* the exam board confirms; graduation when eligible only */
	REFUSED(LP_EFORBIDDEN, assessment_confirm(as(w.acc_examiner), assessment, &a));
	assert_int_equal(assessment_confirm(as(w.acc_board), assessment, &a), LP_OK);
	assert_string_equal(s_of(a, "board_status"), "confirmed");
	json_decref(a);
	REFUSED(LP_ECONFLICT, assessment_confirm(as(w.acc_board), assessment, &a));
	REFUSED(LP_EINVAL, progress_graduate(as(w.acc_board), w.enrolment, &p));
	REFUSED(LP_EFORBIDDEN, progress_graduate(as(w.acc_coach), w.enrolment, &p));
	/* queue: the examiner's list is empty again, the board's too */
	assert_int_equal(assessment_queue_page(as(w.acc_examiner), NULL, &a), LP_OK);
	assert_int_equal(json_array_size(json_object_get(a, "items")), 0);
	json_decref(a);
	REFUSED(LP_EFORBIDDEN, assessment_queue_page(as(fx.acc_learner), NULL, &a));

	/* the coach who examines: refused unless the programme allows it */
	content = learning_content(&fx, &w);
	json_object_set_new(json_array_get(json_object_get(content, "assessment"), 0),
			    "examiner_id", json_string(w.p_coachex));
	{
		json_t *x, *y;
		char id[ID_LEN], hash[CRYPTO_DIGEST_LEN];
		assert_int_equal(agreement_create(as(w.acc_coachex), w.enrolment_other, w.period,
						  content, &x), LP_OK);
		snprintf(id, sizeof(id), "%s", s_of(x, "id"));
		assert_int_equal(agreement_propose(as(w.acc_coachex), id, i_of(x, "version"), &y),
				 LP_OK);
		snprintf(hash, sizeof(hash), "%s", s_of(y, "content_hash"));
		json_decref(x);
		json_decref(y);
		/* the other learner has no account: sign as the system is refused */
		/* the supervisor of another employer never sees it */
		REFUSED(LP_ENOTFOUND, agreement_sign(as(fx.acc_supervisor), id, "employer", hash,
						     &x));
		assert_int_equal(db_run(fx.db, NULL, NULL, "INSERT INTO agreement_outcomes"
					" (agreement_id, outcome_id, examiner_id) VALUES (?, ?, ?)",
					"sss", id, fx.outcome_a1, w.p_coachex), LP_OK);
		assert_int_equal(db_run(fx.db, NULL, NULL, "UPDATE agreements SET active_version = 1,"
					" status = 'active' WHERE id = ?", "s", id), LP_OK);
	}
	json_decref(content);
	REFUSED(LP_EFORBIDDEN, assessment_record(as(w.acc_coachex), w.enrolment_other, &in, &a));
	assert_int_equal(assessment_set_rules(as(fx.acc_pm), fx.prog_a, false, true, &a), LP_OK);
	json_decref(a);
	REFUSED(LP_EFORBIDDEN, assessment_set_rules(as(fx.acc_learner), fx.prog_a, true, true, &a));
	assert_int_equal(assessment_record(as(w.acc_coachex), w.enrolment_other, &in, &a), LP_OK);
	json_decref(a);
	/* a withdrawn enrolment is not assessed */
	assert_int_equal(db_run(fx.db, NULL, NULL, "UPDATE enrolments SET status = 'withdrawn'"
				" WHERE id = ?", "s", w.enrolment_other), LP_OK);
	REFUSED(LP_EINVAL, assessment_record(as(w.acc_coachex), w.enrolment_other, &in, &a));
	assert_int_equal(assessment_set_rules(as(fx.acc_pm), fx.prog_a, false, false, &a), LP_OK);
	json_decref(a);
}

/* Prior learning: claim, judge, confirm, recognised; then graduation of the
 * associate degree whose one outcome is achieved by carry-over. */
static void
test_prior_learning(void **state)
{
	json_t *c, *p;
	char id[ID_LEN];

	(void)state;
	REFUSED(LP_EINVAL, prior_learning_claim(as(fx.acc_learner), w.enrolment, fx.outcome_a2,
						"Ik doe dit al jaren", NULL, w.p_coach, &c));
	REFUSED(LP_EFORBIDDEN, prior_learning_claim(as(w.acc_coach), w.enrolment, fx.outcome_a2,
						    "x", NULL, w.p_examiner, &c));
	assert_int_equal(prior_learning_claim(as(fx.acc_learner), w.enrolment, fx.outcome_a2,
					      "Ik doe dit al jaren", "Certificaat 2019",
					      w.p_examiner2, &c), LP_OK);
	snprintf(id, sizeof(id), "%s", s_of(c, "id"));
	json_decref(c);
	REFUSED(LP_ECONFLICT, prior_learning_claim(as(fx.acc_learner), w.enrolment, fx.outcome_a2,
						   "nog eens", NULL, w.p_examiner2, &c));
	REFUSED(LP_EFORBIDDEN, prior_learning_confirm(as(w.acc_examiner2), id, &c));
	REFUSED(LP_ECONFLICT, prior_learning_confirm(as(w.acc_board), id, &c));
	/* an examiner of the learner, but not the one named on the claim */
	REFUSED(LP_EFORBIDDEN, prior_learning_judge(as(w.acc_examiner), id, "approved", "ok", &c));
	REFUSED(LP_EINVAL, prior_learning_judge(as(w.acc_examiner2), id, "perhaps", "ok", &c));
	assert_int_equal(prior_learning_judge(as(w.acc_examiner2), id, "approved",
					      "Het certificaat dekt de criteria", &c), LP_OK);
	json_decref(c);
	assert_string_equal(state_of(w.enrolment, fx.outcome_a2, NULL), "open");
	assert_int_equal(prior_learning_confirm(as(w.acc_board), id, &c), LP_OK);
	assert_string_equal(s_of(c, "status"), "confirmed");
	json_decref(c);
	assert_string_equal(state_of(w.enrolment, fx.outcome_a2, &p), "recognised");
	/* both outcomes now achieved or recognised: eligible */
	assert_true(json_is_true(json_object_get(p, "eligible")));
	assert_int_equal(i_of(p, "ec_achieved_tenths"), 375);
	json_decref(p);
	assert_int_equal(progress_graduate(as(w.acc_board), w.enrolment, &p), LP_OK);
	assert_string_equal(s_of(p, "status"), "graduated");
	json_decref(p);
	REFUSED(LP_ECONFLICT, progress_graduate(as(w.acc_board), w.enrolment, &p));
	/* the generic update never sets graduated */
	{
		json_t *out = NULL;
		json_t *patch = json_pack("{s:s}", "status", "graduated");
		REFUSED(LP_EINVAL, entity_update(as(fx.acc_pm), &enrolments_def, w.enrolment_c,
						 patch, &out));
		json_decref(patch);
	}
}

/* The coaching log: the coach writes, the employer side reads. */
static void
test_coaching(void **state)
{
	json_t *in, *out;

	(void)state;
	in = json_pack("{s:s, s:s, s:[s, s], s:s, s:s}", "kind", "company_visit", "held_on",
		       "2026-10-12", "present", "Carla Coach", "Sanne Supervisor", "notes",
		       "Rondgang over de lijn", "next_steps", "Planning bijwerken");
	REFUSED(LP_EFORBIDDEN, coaching_add(as(fx.acc_learner), w.enrolment_c, in, &out));
	REFUSED(LP_ENOTFOUND, coaching_add(as(fx.acc_hr_b), w.enrolment, in, &out));
	assert_int_equal(coaching_add(as(w.acc_coach), w.enrolment, in, &out), LP_OK);
	json_decref(out);
	json_object_set_new(in, "kind", json_string("party"));
	REFUSED(LP_EINVAL, coaching_add(as(w.acc_coach), w.enrolment, in, &out));
	json_object_set_new(in, "kind", json_string("meeting"));
	json_object_set_new(in, "held_on", json_string("2026-02-30"));
	REFUSED(LP_EINVAL, coaching_add(as(w.acc_coach), w.enrolment, in, &out));
	json_decref(in);
	assert_int_equal(coaching_list_page(as(fx.acc_supervisor), w.enrolment, NULL, &out), LP_OK);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	json_decref(out);
	REFUSED(LP_ENOTFOUND, coaching_list_page(as(fx.acc_monitor), w.enrolment, NULL, &out));
	/* examiner2 judges a claim of this learner: related, but not to the log */
	REFUSED(LP_EFORBIDDEN, coaching_list_page(as(w.acc_examiner2), w.enrolment, NULL, &out));
}

/* A programme that requires a second examiner: proposing needs one per
 * outcome; the outcome counts only when both judged it achieved; the exam
 * board confirms only then. */
static void
test_second_examiner(void **state)
{
	json_t *content, *a, *b;
	struct assessment_input in = { 0 };
	char id[ID_LEN], hash[CRYPTO_DIGEST_LEN], assessment[ID_LEN];

	(void)state;
	assert_int_equal(assessment_set_rules(as(fx.acc_pm), w.prog_c, true, false, &a), LP_OK);
	json_decref(a);
	content = json_pack("{s:[{s:s, s:s}], s:[{s:s, s:s}]}", "outcomes", "outcome_id",
			    w.outcome_c1, "demonstration", "exam", "assessment", "outcome_id",
			    w.outcome_c1, "examiner_id", w.p_examiner);
	assert_int_equal(agreement_create(as(fx.acc_learner), w.enrolment_c, w.period, content, &a),
			 LP_OK);
	snprintf(id, sizeof(id), "%s", s_of(a, "id"));
	REFUSED(LP_EINVAL, agreement_propose(as(fx.acc_learner), id, i_of(a, "version"), &b));
	assert_string_equal(who_buf.err.field, "content.assessment");
	json_object_set_new(json_array_get(json_object_get(content, "assessment"), 0),
			    "second_examiner_id", json_string(w.p_examiner2));
	assert_int_equal(agreement_save_draft(as(fx.acc_learner), id, i_of(a, "version"), content,
					      &b), LP_OK);
	json_decref(a);
	assert_int_equal(agreement_propose(as(fx.acc_learner), id, i_of(b, "version"), &a), LP_OK);
	json_decref(b);
	snprintf(hash, sizeof(hash), "%s", s_of(a, "content_hash"));
	json_decref(a);
	assert_int_equal(agreement_sign(as(fx.acc_learner), id, "learner", hash, &a), LP_OK);
	json_decref(a);
	assert_int_equal(agreement_sign(as(fx.acc_hr), id, "employer", hash, &a), LP_OK);
	json_decref(a);
	/* enrolment_c has no coach: the coach does not even see it yet */
	REFUSED(LP_ENOTFOUND, agreement_sign(as(w.acc_coach), id, "institution", hash, &a));
	assert_int_equal(db_run(fx.db, NULL, NULL, "UPDATE enrolments SET coach_id = ? WHERE id = ?",
				"ss", w.p_coach, w.enrolment_c), LP_OK);
	assert_int_equal(agreement_sign(as(w.acc_coach), id, "institution", hash, &a), LP_OK);
	json_decref(a);
	in.outcome_id = w.outcome_c1;
	in.result = "achieved";
	in.rationale = "Goed";
	assert_int_equal(assessment_record(as(w.acc_examiner), w.enrolment_c, &in, &a), LP_OK);
	snprintf(assessment, sizeof(assessment), "%s", s_of(a, "id"));
	json_decref(a);
	assert_false(assessment_achieved(as(NULL), w.enrolment_c, w.outcome_c1));
	/* the outcome now waits for the second examiner, not the first */
	assert_int_equal(assessment_queue_page(as(w.acc_examiner), NULL, &a), LP_OK);
	assert_int_equal(json_array_size(json_object_get(a, "items")), 0);
	json_decref(a);
	assert_int_equal(assessment_queue_page(as(w.acc_examiner2), NULL, &a), LP_OK);
	assert_int_equal(json_array_size(json_object_get(a, "items")), 1);
	assert_string_equal(s_of(json_array_get(json_object_get(a, "items"), 0), "as"), "second");
	json_decref(a);
	REFUSED(LP_EINVAL, assessment_confirm(as(w.acc_board), assessment, &a));
	REFUSED(LP_EFORBIDDEN, assessment_record(as(w.acc_examiner2), w.enrolment_c, &in, &a));
	REFUSED(LP_EFORBIDDEN, assessment_second(as(w.acc_examiner), assessment, &in, &a));
	assert_int_equal(assessment_second(as(w.acc_examiner2), assessment, &in, &a), LP_OK);
	json_decref(a);
	REFUSED(LP_ECONFLICT, assessment_second(as(w.acc_examiner2), assessment, &in, &a));
	assert_true(assessment_achieved(as(NULL), w.enrolment_c, w.outcome_c1));
	assert_int_equal(assessment_confirm(as(w.acc_board), assessment, &a), LP_OK);
	json_decref(a);
	json_decref(content);
}

/* entity_create that steals input (the engine borrows it). */
static enum lp_status
create(struct ctx *ctx, const struct entity_def *def, json_t *input)
{
	json_t *out = NULL;
	enum lp_status rc = entity_create(ctx, def, input, &out);

	json_decref(input);
	json_decref(out);
	return rc;
}

/* Enrolment records through the entity engine: rules and scopes. */
static void
test_enrolment_records(void **state)
{
	json_t *out = NULL, *items = NULL;
	struct entity_query q;
	const char *next;

	(void)state;
	/* a company group of another employer */
	REFUSED(LP_EINVAL, create(as(fx.acc_pm), &enrolments_def,
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "person_id", fx.p_other,
			  "programme_id", fx.prog_a, "employer_id", fx.emp_b, "cohort_id",
			  w.cohort, "track", "regular", "status", "active", "start_date",
			  "2026-09-01")));
	/* an employer the learner does not work for */
	REFUSED(LP_EINVAL, create(as(fx.acc_pm), &enrolments_def,
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "person_id", fx.p_other,
			  "programme_id", fx.prog_a, "employer_id", fx.emp_a, "track", "regular",
			  "status", "active", "start_date", "2026-09-01")));
	/* HR does not enrol */
	REFUSED(LP_EFORBIDDEN, create(as(fx.acc_hr), &enrolments_def,
		json_pack("{s:s, s:s, s:s, s:s, s:s}", "person_id", fx.p_learner,
			  "programme_id", fx.prog_b, "track", "regular", "status", "active",
			  "start_date", "2026-09-01")));
	/* lists: the monitor sees none per person; HR of emp_b one */
	memset(&q, 0, sizeof(q));
	REFUSED(LP_EFORBIDDEN, entity_list(as(fx.acc_monitor), &enrolments_def, &q, &items, &next));
	assert_int_equal(entity_list(as(fx.acc_hr_b), &enrolments_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	assert_int_equal(entity_list(as(fx.acc_learner), &enrolments_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);
	/* the coach's learners: enrolment, and enrolment_c since test_second_examiner */
	assert_int_equal(entity_list(as(w.acc_coach), &enrolments_def, &q, &items, &next), LP_OK);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);
	REFUSED(LP_ENOTFOUND, entity_get(as(fx.acc_hr_b), &enrolments_def, w.enrolment, &out));
	/* a mixed group names no employer; a company group does */
	REFUSED(LP_EINVAL, create(as(fx.acc_pm), &cohorts_def,
		json_pack("{s:s, s:s, s:s}", "programme_id", fx.prog_a, "name", "X", "kind",
			  "company")));
	REFUSED(LP_EINVAL, create(as(fx.acc_pm), &periods_def,
		json_pack("{s:s, s:s, s:s, s:s}", "institution_id", fx.inst_a, "name", "X",
			  "start_date", "2027-01-01", "end_date", "2026-01-01")));
}

/* The paged lists (list_page.h): limits, cursors, order, and the claim
 * with a file or link as evidence. */
static void
test_paged_lists(void **state)
{
	struct list_page pg = { NULL, 0 };
	json_t *out = NULL, *in, *items;
	const char *next;
	char first[ID_LEN], claim[ID_LEN];
	int limit;
	struct evidence_input ev;

	(void)state;
	assert_int_equal(list_page_check(as(NULL), &pg, &limit), LP_OK);
	assert_int_equal(limit, ENTITY_LIST_DEFAULT);
	pg.limit = ENTITY_LIST_MAX + 1;
	assert_int_equal(list_page_check(as(NULL), &pg, &limit), LP_EINVAL);
	assert_string_equal(who_buf.err.field, "limit");
	pg.limit = 2;
	pg.cursor = "no cursor";
	assert_int_equal(list_page_check(as(NULL), &pg, &limit), LP_EINVAL);
	assert_string_equal(who_buf.err.field, "cursor");
	/* three items, two a page: the cursor names the last one kept */
	items = json_pack("[{s:s}, {s:s}, {s:s}]", "id", "a", "id", "b", "id", "c");
	out = list_page_result(items, 2);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 2);
	assert_string_equal(s_of(out, "next_cursor"), "b");
	json_decref(out);
	out = list_page_result(json_pack("[{s:s}]", "id", "a"), 1);
	assert_true(json_is_null(json_object_get(out, "next_cursor")));
	json_decref(out);

	/* the coaching log, newest first, two a page */
	in = json_pack("{s:s, s:s, s:s}", "kind", "meeting", "held_on", "2026-11-01", "notes",
		       "Voortgangsgesprek");
	for (int i = 0; i < 3; i++) {
		assert_int_equal(coaching_add(as(w.acc_coach), w.enrolment, in, &out), LP_OK);
		json_decref(out);
	}
	json_decref(in);
	pg.cursor = NULL;
	assert_int_equal(coaching_list_page(as(fx.acc_supervisor), w.enrolment, &pg, &out), LP_OK);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 2);
	snprintf(first, sizeof(first), "%s", s_of(json_array_get(json_object_get(out, "items"),
								    0), "id"));
	next = arena_strdup(&fx.arena, s_of(out, "next_cursor"));
	assert_true(strcmp(first, next) > 0);
	json_decref(out);
	pg.cursor = next;
	assert_int_equal(coaching_list_page(as(fx.acc_supervisor), w.enrolment, &pg, &out), LP_OK);
	assert_true(json_array_size(json_object_get(out, "items")) >= 1);
	assert_true(strcmp(s_of(json_array_get(json_object_get(out, "items"), 0), "id"), next) < 0);
	json_decref(out);
	REFUSED(LP_ENOTFOUND, coaching_list_page(as(fx.acc_monitor), w.enrolment, &pg, &out));

	/* a claim with a link as evidence: refused whole when the link is bad */
	memset(&ev, 0, sizeof(ev));
	ev.kind = "link";
	ev.title = "Certificaat";
	ev.url = "ftp://niet-goed";
	REFUSED(LP_EINVAL, prior_learning_claim_with_evidence(as(fx.acc_learner), w.enrolment_c,
		w.outcome_c1, "Ik ken dit al", NULL, w.p_examiner2, &ev, &out));
	ev.url = "https://example.org/certificaat";
	REFUSED(LP_EINVAL, prior_learning_claim_with_evidence(as(fx.acc_learner), w.enrolment_c,
		w.outcome_c1, "Ik ken dit al", NULL, w.p_coach, &ev, &out));
	assert_int_equal(prior_learning_claim_with_evidence(as(fx.acc_learner), w.enrolment_c,
		w.outcome_c1, "Ik ken dit al", NULL, w.p_examiner2, &ev, &out), LP_OK);
	snprintf(claim, sizeof(claim), "%s", s_of(out, "id"));
	assert_string_equal(s_of(json_object_get(out, "evidence_item"), "url"),
			    "https://example.org/certificaat");
	json_decref(out);
	/* the examiner named on the claim sees the outcome's evidence, and the
	 * claim waits in their queue, not in the exam board's */
	pg.cursor = NULL;
	pg.limit = 0;
	assert_int_equal(evidence_list_page(as(w.acc_examiner2), w.enrolment_c, w.outcome_c1, &pg,
					    &out), LP_OK);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	json_decref(out);
	assert_int_equal(prior_learning_queue(as(w.acc_examiner2), &pg, &out), LP_OK);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	assert_string_equal(s_of(json_array_get(json_object_get(out, "items"), 0), "id"), claim);
	json_decref(out);
	assert_int_equal(prior_learning_queue(as(w.acc_board), &pg, &out), LP_OK);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	REFUSED(LP_EFORBIDDEN, prior_learning_queue(as(fx.acc_learner), &pg, &out));
	assert_int_equal(prior_learning_get(as(fx.acc_learner), claim, &out), LP_OK);
	json_decref(out);
	REFUSED(LP_ENOTFOUND, prior_learning_get(as(fx.acc_hr_b), claim, &out));
	/* what waits in one enrolment: nothing for the learner, nobody else's */
	assert_int_equal(assessment_waiting_in(as(fx.acc_learner), w.enrolment_c, &out), LP_OK);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	REFUSED(LP_ENOTFOUND, assessment_waiting_in(as(fx.acc_hr_b), w.enrolment_c, &out));
	/* the examiner queue's own cursor: agreement and outcome */
	pg.cursor = "x.y";
	REFUSED(LP_EINVAL, assessment_queue_page(as(w.acc_examiner), &pg, &out));
}

/* authz_enrolments_own: the actor's own enrolments by id, each as
 * authz_enrolment_load loads it; none without a person; nobody refused. */
static void
test_own_enrolments(void **state)
{
	struct enrolment_ref own[20], one;
	size_t n = 99;
	bool seen = false, seen_c = false;
	struct ctx *c;

	(void)state;
	c = as(fx.acc_learner);
	assert_int_equal(authz_enrolments_own(c, own, 20, &n), LP_OK);
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(own[i].person_id, c->actor->person_id);
		assert_true(own[i].rel & REL_LEARNER);
		if (i > 0)
			assert_true(strcmp(own[i - 1].id, own[i].id) < 0);
		assert_int_equal(authz_enrolment_load(c, own[i].id, &one), LP_OK);
		assert_memory_equal(&one, &own[i], sizeof(one));
		seen = seen || strcmp(own[i].id, w.enrolment) == 0;
		seen_c = seen_c || strcmp(own[i].id, w.enrolment_c) == 0;
	}
	assert_true(seen && seen_c);
	/* at most max, the first by id */
	assert_int_equal(authz_enrolments_own(c, &one, 1, &n), LP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(one.id, own[0].id);
	/* a coach with no enrolment of her own; the system actor has no person */
	assert_int_equal(authz_enrolments_own(as(w.acc_coach), own, 20, &n), LP_OK);
	assert_int_equal(n, 0);
	assert_int_equal(authz_enrolments_own(as(NULL), own, 20, &n), LP_OK);
	assert_int_equal(n, 0);
	c = as(fx.acc_learner);
	actor_anonymous(&who_buf.actor);
	REFUSED(LP_EUNAUTH, authz_enrolments_own(c, own, 20, &n));
}

/* employment_own_list: what the employments list filtered on the actor's
 * person gives, member for member, in the same order. */
static void
test_own_employments(void **state)
{
	static const char *const members[] = { "id", "employer_id", "job_title", "start_date",
					       "end_date", NULL };
	const char *accounts[] = { fx.acc_learner, fx.acc_supervisor, fx.acc_hr, w.acc_coach };
	struct entity_query q;
	json_t *own, *list, *x;
	const char *next;
	size_t i;

	(void)state;
	/* two more for the supervisor, so that order and the maximum count */
	for (int n = 0; n < 2; n++)
		fixture_make(&fx, &employments_def,
			     json_pack("{s:s, s:s, s:s, s:s, s:s}", "person_id", fx.p_supervisor,
				       "employer_id", n ? fx.emp_b : fx.emp_a, "job_title",
				       n ? "Inspecteur" : "Planner", "start_date", "2024-01-01",
				       "end_date", n ? "2025-06-30" : "2024-12-31"), NULL);
	for (size_t k = 0; k < sizeof(accounts) / sizeof(accounts[0]); k++) {
		struct ctx *c = as(accounts[k]);
		memset(&q, 0, sizeof(q));
		q.limit = ENTITY_LIST_MAX;
		q.filter_count = 1;
		q.filter_names[0] = "person_id";
		q.filter_values[0] = c->actor->person_id;
		assert_int_equal(employment_own_list(c, ENTITY_LIST_MAX, &own), LP_OK);
		c = as(accounts[k]);
		assert_int_equal(entity_list(c, &employments_def, &q, &list, &next), LP_OK);
		assert_int_equal(json_array_size(own), json_array_size(list));
		json_array_foreach(list, i, x)
			for (const char *const *m = members; *m; m++)
				assert_true(json_equal(json_object_get(x, *m),
						       json_object_get(json_array_get(own, i), *m)));
		json_decref(own);
		json_decref(list);
	}
	/* the learner has one at least; at most max are given */
	assert_int_equal(employment_own_list(as(fx.acc_learner), 0, &own), LP_OK);
	assert_int_equal(json_array_size(own), 0);
	json_decref(own);
	assert_int_equal(employment_own_list(as(fx.acc_learner), 1, &own), LP_OK);
	assert_int_equal(json_array_size(own), 1);
	json_decref(own);
	/* the first two of the supervisor's three by id */
	memset(&q, 0, sizeof(q));
	q.filter_count = 1;
	q.filter_names[0] = "person_id";
	q.filter_values[0] = fx.p_supervisor;
	assert_int_equal(entity_list(as(NULL), &employments_def, &q, &list, &next), LP_OK);
	assert_int_equal(json_array_size(list), 3);
	assert_int_equal(employment_own_list(as(fx.acc_supervisor), 2, &own), LP_OK);
	assert_int_equal(json_array_size(own), 2);
	for (i = 0; i < 2; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(own, i), "id")),
				    json_string_value(json_object_get(json_array_get(list, i), "id")));
	json_decref(own);
	json_decref(list);
	assert_int_equal(employment_own_list(as(NULL), 10, &own), LP_OK);
	assert_int_equal(json_array_size(own), 0);
	json_decref(own);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agreement_workflow),
		cmocka_unit_test(test_agreement_content),
		cmocka_unit_test(test_agreement_access),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_assessment_and_progress),
		cmocka_unit_test(test_prior_learning),
		cmocka_unit_test(test_coaching),
		cmocka_unit_test(test_second_examiner),
		cmocka_unit_test(test_enrolment_records),
		cmocka_unit_test(test_paged_lists),
		cmocka_unit_test(test_own_enrolments),
		cmocka_unit_test(test_own_employments),
	};

	return cmocka_run_group_tests_name("learning", tests, group_setup, group_teardown);
}
