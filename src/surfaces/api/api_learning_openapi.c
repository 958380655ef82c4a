/* api_learning_openapi.c: the OpenAPI operations and schemas of the
 * learning agreement routes (api_learning.c), called from openapi.c */
#include "surfaces/api/api_learning.h"
#include "domain/evidence.h"

#include <string.h>

/* What one handler takes and gives. */
struct op_doc {
	route_handler handler;
	const char *tag;
	const char *request;    /* schema of the JSON body, NULL for none */
	const char *status;     /* the success status */
	const char *response;   /* schema of the answer */
	const char *problems;   /* the problem statuses it can give */
};

#define W "400 401 403 404 409 413 415 422 500"
#define R "401 403 404 422 500"

static const struct op_doc docs[] = {
	{ api_periods_list, "periods", NULL, "200", "PeriodList", "401 422 500" },
	{ api_periods_create, "periods", "Period", "201", "Period", W },
	{ api_cohorts_list, "cohorts", NULL, "200", "CohortList", "401 422 500" },
	{ api_cohorts_create, "cohorts", "Cohort", "201", "Cohort", W },
	{ api_enrolments_list, "enrolments", NULL, "200", "EnrolmentList", R },
	{ api_enrolments_create, "enrolments", "Enrolment", "201", "Enrolment", W },
	{ api_enrolment_get, "enrolments", NULL, "200", "Enrolment", R },
	{ api_enrolment_update, "enrolments", "EnrolmentPatch", "200", "Enrolment", W },
	{ api_enrolment_progress, "progress", NULL, "200", "Progress", R },
	{ api_enrolment_graduate, "progress", NULL, "200", "Progress", W },
	{ api_enrolment_agreements, "agreements", NULL, "200", "AgreementList", R },
	{ api_agreement_create, "agreements", "AgreementNew", "201", "Agreement", W },
	{ api_agreement_get, "agreements", NULL, "200", "Agreement", R },
	{ api_agreement_save, "agreements", "AgreementDraft", "200", "Agreement", W },
	{ api_agreement_propose, "agreements", "VersionRead", "200", "Agreement", W },
	{ api_agreement_reopen, "agreements", "VersionRead", "200", "Agreement", W },
	{ api_agreement_sign, "agreements", "Signature", "201", "Agreement", W },
	{ api_agreement_amend, "agreements", "VersionRead", "200", "Agreement", W },
	{ api_agreement_evaluate, "agreements", "Evaluation", "200", "Agreement", W },
	{ api_agreement_close, "agreements", "VersionRead", "200", "Agreement", W },
	{ api_evidence_list, "evidence", NULL, "200", "EvidenceList", R },
	{ api_evidence_create, "evidence", "EvidenceNew", "201", "Evidence", W },
	{ api_evidence_get, "evidence", NULL, "200", "Evidence", R },
	{ api_evidence_download, "evidence", NULL, "200", NULL, R },
	{ api_evidence_attest, "evidence", "Attestation", "201", "Evidence", W },
	{ api_assessments_list, "assessments", NULL, "200", "AssessmentList", R },
	{ api_assessments_create, "assessments", "Judgement", "201", "Assessment", W },
	{ api_assessment_second, "assessments", "Judgement", "200", "Assessment", W },
	{ api_assessment_confirm, "assessments", NULL, "200", "Assessment", W },
	{ api_examiner_queue, "assessments", NULL, "200", "ExaminerQueue", "401 403 422 500" },
	{ api_assessment_rules_get, "assessments", NULL, "200", "AssessmentRules", R },
	{ api_assessment_rules_set, "assessments", "AssessmentRules", "200", "AssessmentRules",
	  W },
	{ api_prior_learning_list, "prior learning", NULL, "200", "PriorLearningList", R },
	{ api_prior_learning_create, "prior learning", "PriorLearningNew", "201", "PriorLearning",
	  W },
	{ api_prior_learning_judge, "prior learning", "PriorLearningJudgement", "200",
	  "PriorLearning", W },
	{ api_prior_learning_confirm, "prior learning", NULL, "200", "PriorLearning", W },
	{ api_prior_learning_queue, "prior learning", NULL, "200", "PriorLearningQueue",
	  "401 403 422 500" },
	{ api_prior_learning_get, "prior learning", NULL, "200", "PriorLearning", R },
	{ api_examiner_confirmations, "assessments", NULL, "200", "ConfirmationQueue",
	  "401 403 422 500" },
	{ api_agreement_versions, "agreements", NULL, "200", "AgreementVersions", R },
	{ api_coaching_list, "coaching", NULL, "200", "CoachingList", R },
	{ api_coaching_create, "coaching", "CoachingEntry", "201", "CoachingEntry", W },
};

static json_t *
ref(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "#/components/schemas/%s", name);
	return json_pack("{s:s}", "$ref", path);
}

static json_t *
problem_ref(const char *status)
{
	static const struct {
		const char *status, *name;
	} names[] = {
		{ "400", "BadRequest" }, { "401", "Unauthorized" }, { "403", "Forbidden" },
		{ "404", "NotFound" }, { "409", "Conflict" }, { "413", "ContentTooLarge" },
		{ "415", "UnsupportedMediaType" }, { "422", "UnprocessableContent" },
		{ "500", "InternalError" },
	};
	char path[128] = "";

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].status, status) == 0)
			snprintf(path, sizeof(path), "#/components/responses/%s", names[i].name);
	return json_pack("{s:s}", "$ref", path);
}

bool
api_learning_describe(json_t *op, const struct route *r)
{
	const struct op_doc *d = NULL;
	json_t *responses, *params = json_object_get(op, "parameters");

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]) && !d; i++)
		if (docs[i].handler == r->handler)
			d = &docs[i];
	if (!d)
		return false;
	json_object_set_new(op, "tags", json_pack("[s]", d->tag));
	if (d->handler == api_evidence_create) {
		json_object_set_new(op, "requestBody", json_pack("{s:b, s:{s:{s:o}, s:{s:o}}}",
			"required", true, "content", "application/json", "schema", ref("EvidenceNew"),
			"multipart/form-data", "schema", ref("EvidenceUpload")));
	} else if (d->handler == api_prior_learning_create) {
		json_object_set_new(op, "requestBody", json_pack("{s:b, s:{s:{s:o}, s:{s:o}}}",
			"required", true, "content", "application/json", "schema",
			ref("PriorLearningNew"), "multipart/form-data", "schema",
			ref("PriorLearningUpload")));
	} else if (d->request) {
		json_object_set_new(op, "requestBody", json_pack("{s:b, s:{s:{s:o}}}", "required",
			true, "content", "application/json", "schema", ref(d->request)));
	}
	if (d->handler == api_agreement_get)
		json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:b, s:{s:s, s:i}}",
			"name", "version", "in", "query", "description",
			"one version of the agreement, with its content and signatures", "required",
			false, "schema", "type", "integer", "minimum", 1));
	if (d->handler == api_evidence_list)
		json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:b, s:{s:s, s:s}}",
			"name", "outcome_id", "in", "query", "description", "only this outcome's",
			"required", false, "schema", "type", "string", "format", "uuid"));
	if (d->handler == api_periods_list || d->handler == api_cohorts_list ||
	    d->handler == api_enrolments_list || d->handler == api_evidence_list ||
	    d->handler == api_assessments_list || d->handler == api_prior_learning_list ||
	    d->handler == api_coaching_list || d->handler == api_prior_learning_queue ||
	    d->handler == api_examiner_queue || d->handler == api_examiner_confirmations ||
	    d->handler == api_agreement_versions) {
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s, s:i, s:i}}",
			"name", "limit", "in", "query", "required", false, "schema", "type",
			"integer", "minimum", 1, "maximum", 200));
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s, s:s}}",
			"name", "cursor", "in", "query", "required", false, "schema", "type", "string",
			"format", "uuid"));
	}
	responses = json_object();
	if (d->response)
		json_object_set_new(responses, d->status, json_pack("{s:s, s:{s:{s:o}}}",
			"description", "done", "content", "application/json", "schema",
			ref(d->response)));
	else
		json_object_set_new(responses, d->status, json_pack("{s:s, s:{s:{s:{s:s, s:s}}}}",
			"description", "the file, as an attachment", "content",
			"application/octet-stream", "schema", "type", "string", "format", "binary"));
	for (const char *p = d->problems; *p; p += p[3] ? 4 : 3) {
		char status[4] = { p[0], p[1], p[2], '\0' };
		json_object_set_new(responses, status, problem_ref(status));
		if (!p[3])
			break;
	}
	json_object_set_new(op, "responses", responses);
	return true;
}

/* An open object schema with a description and the members named. */
static json_t *
object(const char *description, const char *const *required)
{
	json_t *o = json_pack("{s:s, s:s, s:{}}", "type", "object", "description", description,
			      "properties");
	json_t *req = json_array();

	for (; required && *required; required++)
		json_array_append_new(req, json_string(*required));
	json_object_set_new(o, "required", req);
	return o;
}

static json_t *
items_of(const char *name)
{
	return json_pack("{s:s, s:[s], s:{s:{s:s, s:o}}}", "type", "object", "required", "items",
			 "properties", "items", "type", "array", "items", ref(name));
}

/* A page of a list: items and the cursor of the next page (or null). */
static json_t *
page_of(const char *name)
{
	json_t *o = items_of(name);

	json_object_set_new(json_object_get(o, "properties"), "next_cursor", json_pack(
		"{s:[s, s], s:s}", "type", "string", "null", "description",
		"pass as cursor for the next page; null on the last page"));
	return o;
}

void
api_learning_schemas(json_t *schemas)
{
	static const char *const agreement_req[] = { "id", "enrolment_id", "period_id", "status",
						     "version", "current_version", "content",
						     "versions", NULL };
	static const char *const version_req[] = { "version", NULL };
	static const char *const sign_req[] = { "side", "content_hash", NULL };
	static const char *const eval_req[] = { "side", "text", NULL };
	static const char *const progress_req[] = { "enrolment_id", "ec_total", "ec_achieved",
						    "eligible", "outcomes", NULL };
	static const char *const judge_req[] = { "result", "rationale", NULL };
	static const char *const coach_req[] = { "kind", "held_on", "notes", NULL };
	json_t *content;

	content = object("The sections of a learning agreement: outcomes planned with how each "
			 "is demonstrated (portfolio, project_product, criterion_interview, "
			 "workplace_assessment, exam) and a planned date; activities at work "
			 "(what, hours, outcome_ids, supervisor_id); offerings (offering_id) with "
			 "the study_load_ec that results; the project (title, description, "
			 "approved_by_programme, approved_by_company); guidance (coach_id, "
			 "meetings, company_visits); assessment (outcome_id, examiner_id, "
			 "second_examiner_id); employer commitments (study_hours_per_week, "
			 "cost_contribution_cents, supervisor_id). Unknown members are refused.",
			 NULL);
	json_object_set_new(schemas, "AgreementContent", content);
	json_object_set_new(schemas, "Agreement", object("A learning agreement with its working "
		"version's content and content_hash (sign with it), the version in force "
		"(active_version), the evaluations and every version with its signatures.",
		agreement_req));
	json_object_set_new(schemas, "AgreementList", items_of("Agreement"));
	json_object_set_new(schemas, "AgreementNew", json_pack("{s:s, s:[s, s], s:{s:{s:s, s:s},"
		" s:{s:s, s:s}, s:o}, s:b}", "type", "object", "required", "enrolment_id",
		"period_id", "properties", "enrolment_id", "type", "string", "format", "uuid",
		"period_id", "type", "string", "format", "uuid", "content", ref("AgreementContent"),
		"additionalProperties", false));
	json_object_set_new(schemas, "AgreementDraft", json_pack("{s:s, s:[s, s], s:{s:{s:s, s:s},"
		" s:o}, s:b}", "type", "object", "required", "version", "content", "properties",
		"version", "type", "integer", "description", "the agreement's version you read; "
		"409 when it changed", "content", ref("AgreementContent"),
		"additionalProperties", false));
	json_object_set_new(schemas, "VersionRead", object("The agreement's version you read: "
		"409 when someone changed it since.", version_req));
	json_object_set_new(schemas, "Signature", object("side: learner, institution or "
		"employer; content_hash: the hash of the version you read (409 when it is not "
		"the proposed version's).", sign_req));
	json_object_set_new(schemas, "Evaluation", object("One side's evaluation of the period.",
							  eval_req));
	json_object_set_new(schemas, "Progress", object("EC achieved (assessed or recognised) "
		"over the programme's total, the state per outcome (open, planned, in_progress, "
		"evidence_submitted, achieved, recognised) and diploma eligibility.",
		progress_req));
	json_object_set_new(schemas, "Evidence", object("A file, link or text for one outcome, "
		"with its attestations.", NULL));
	json_object_set_new(schemas, "EvidenceList", page_of("Evidence"));
	json_object_set_new(schemas, "EvidenceNew", object("kind link (url) or text (text), with "
		"outcome_id and title. Files come as multipart/form-data.", NULL));
	json_object_set_new(schemas, "EvidenceUpload", json_pack("{s:s, s:s, s:{s:{s:s},"
		" s:{s:s}, s:{s:s, s:s}}}", "type", "object", "description", "outcome_id, title and "
		"the part file (PDF, PNG, JPEG, text, Word, Excel, PowerPoint or OpenDocument, at "
		"most 4 MiB, a bare file name)", "properties", "outcome_id", "type", "string",
		"title", "type", "string", "file", "type", "string", "format", "binary"));
	json_object_set_new(schemas, "PriorLearningUpload", json_pack("{s:s, s:s, s:{s:{s:s},"
		" s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:[s, s]}, s:{s:s}, s:{s:s, s:s}}}", "type",
		"object", "description", "A claim whose evidence is also a file or a link, added "
		"to the outcome's evidence with the same checks as an upload (at most 4 MiB)",
		"properties", "outcome_id", "type", "string", "statement", "type", "string",
		"evidence", "type", "string", "examiner_id", "type", "string", "kind", "type",
		"string", "enum", "file", "link", "url", "type", "string", "file", "type", "string",
		"format", "binary"));
	json_object_set_new(schemas, "Attestation", object("statement: what the supervisor saw "
		"at work.", NULL));
	json_object_set_new(schemas, "Assessment", object("A judgement of one outcome; "
		"internal_notes only for examiners and the exam board.", NULL));
	json_object_set_new(schemas, "AssessmentList", page_of("Assessment"));
	json_object_set_new(schemas, "Judgement", object("outcome_id (first judgement only), "
		"result achieved or not_yet, rationale, assessed_on, internal_notes.", judge_req));
	json_object_set_new(schemas, "ExaminerQueue", object("The outcomes assigned to you that "
		"wait for judgement (items, one page: next_cursor), and for the exam board the "
		"first page of the assessments to confirm (to_confirm, to_confirm_next_cursor; "
		"more at /api/v1/examiner-queue/confirmations).", NULL));
	json_object_set_new(schemas, "AssessmentRules", object("second_examiner and "
		"coach_may_examine of a programme.", NULL));
	json_object_set_new(schemas, "PriorLearning", object("A claim of an outcome already "
		"mastered: submitted, approved or rejected, confirmed.", NULL));
	json_object_set_new(schemas, "PriorLearningList", page_of("PriorLearning"));
	json_object_set_new(schemas, "PriorLearningQueue", page_of("PriorLearning"));
	json_object_set_new(schemas, "Confirmation", object("An assessment waiting for the exam "
		"board: assessment_id, enrolment_id, outcome, result and learner.", NULL));
	json_object_set_new(schemas, "ConfirmationQueue", page_of("Confirmation"));
	json_object_set_new(schemas, "AgreementVersion", object("One version of an agreement: "
		"number, status, content_hash, dates and signatures.", NULL));
	json_object_set_new(schemas, "AgreementVersions", page_of("AgreementVersion"));
	json_object_set_new(schemas, "PriorLearningNew", object("outcome_id, statement, "
		"evidence and the examiner_id who judges it.", NULL));
	json_object_set_new(schemas, "PriorLearningJudgement", object("result approved or "
		"rejected, with the rationale.", judge_req));
	json_object_set_new(schemas, "CoachingEntry", object("kind meeting, company_visit or "
		"evaluation; held_on; present (names); notes; next_steps.", coach_req));
	json_object_set_new(schemas, "CoachingList", page_of("CoachingEntry"));
}
