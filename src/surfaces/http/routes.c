/* routes.c: the one table of every route of leerpad
 *
 * Keep it sorted by area: JSON API, OOAPI, pages. The OpenAPI document is
 * generated from this table (api/openapi.c) and tests check both agree.
 */
#include "surfaces/http/router.h"
#include "surfaces/api/api.h"
#include "surfaces/api/api_learning.h"
#include "surfaces/api/ooapi.h"
#include "surfaces/api/openapi.h"
#include "surfaces/web/web.h"
#include "domain/entity.h"

#define API (ROUTE_API)
#define API_PUBLIC (ROUTE_API | ROUTE_PUBLIC)
#define PAGE (ROUTE_PAGE)
#define PAGE_PUBLIC (ROUTE_PAGE | ROUTE_PUBLIC)

/* The four routes of one entity; e is the index in entity_all. */
#define ENTITY_ROUTES(path, e, what)                                                   \
	{ "GET", "/api/v1/" path, api_entity_list, API_PUBLIC, &e, "List " what },       \
	{ "POST", "/api/v1/" path, api_entity_create, API, &e, "Create " what },         \
	{ "GET", "/api/v1/" path "/{id}", api_entity_get, API_PUBLIC, &e, "Get " what }, \
	{ "PATCH", "/api/v1/" path "/{id}", api_entity_update, API, &e, "Update " what }

const struct route routes[] = {
	/* JSON API */
	{ "POST", "/api/v1/session", api_session_create, API_PUBLIC | ROUTE_NO_CSRF, NULL,
	  "Log in: open a session" },
	{ "GET", "/api/v1/session", api_session_get, API_PUBLIC, NULL,
	  "The logged-in account and its roles" },
	{ "DELETE", "/api/v1/session", api_session_delete, API_PUBLIC, NULL, "Log out" },
	ENTITY_ROUTES("organisations", organisations_def, "organisations"),
	ENTITY_ROUTES("network-memberships", network_memberships_def, "network memberships"),
	ENTITY_ROUTES("programmes", programmes_def, "programmes"),
	ENTITY_ROUTES("outcomes", outcomes_def, "learning outcomes"),
	ENTITY_ROUTES("offerings", offerings_def, "offerings"),
	ENTITY_ROUTES("persons", persons_def, "persons"),
	ENTITY_ROUTES("employments", employments_def, "employments"),
	ENTITY_ROUTES("accounts", accounts_def, "accounts"),
	ENTITY_ROUTES("role-grants", role_grants_def, "role grants"),
	/* learning agreements, evidence, assessment, progress (api/api_learning.c) */
	{ "GET", "/api/v1/periods", api_periods_list, API_PUBLIC, NULL, "List periods" },
	{ "POST", "/api/v1/periods", api_periods_create, API, NULL, "Create a period" },
	{ "GET", "/api/v1/cohorts", api_cohorts_list, API_PUBLIC, NULL, "List cohorts" },
	{ "POST", "/api/v1/cohorts", api_cohorts_create, API, NULL, "Create a cohort" },
	{ "GET", "/api/v1/enrolments", api_enrolments_list, API, NULL,
	  "List the enrolments the reader may see" },
	{ "POST", "/api/v1/enrolments", api_enrolments_create, API, NULL, "Enrol a learner" },
	{ "GET", "/api/v1/enrolments/{id}", api_enrolment_get, API, NULL, "Get an enrolment" },
	{ "PATCH", "/api/v1/enrolments/{id}", api_enrolment_update, API, NULL,
	  "Update an enrolment" },
	{ "GET", "/api/v1/enrolments/{id}/progress", api_enrolment_progress, API, NULL,
	  "Progress: EC, state per outcome, diploma eligibility" },
	{ "POST", "/api/v1/enrolments/{id}/graduate", api_enrolment_graduate, API, NULL,
	  "The exam board marks an eligible enrolment graduated" },
	{ "GET", "/api/v1/enrolments/{id}/agreements", api_enrolment_agreements, API, NULL,
	  "The learning agreements of an enrolment" },
	{ "GET", "/api/v1/enrolments/{id}/evidence", api_evidence_list, API, NULL,
	  "The evidence of an enrolment the reader may see" },
	{ "POST", "/api/v1/enrolments/{id}/evidence", api_evidence_create, API | ROUTE_UPLOAD,
	  NULL, "Add evidence: a link, a text or a file (multipart/form-data)" },
	{ "GET", "/api/v1/enrolments/{id}/assessments", api_assessments_list, API, NULL,
	  "The assessments of an enrolment" },
	{ "POST", "/api/v1/enrolments/{id}/assessments", api_assessments_create, API, NULL,
	  "The assigned examiner judges an outcome" },
	{ "GET", "/api/v1/enrolments/{id}/prior-learning", api_prior_learning_list, API, NULL,
	  "The prior learning claims of an enrolment" },
	{ "POST", "/api/v1/enrolments/{id}/prior-learning", api_prior_learning_create, API, NULL,
	  "Claim an outcome as already mastered" },
	{ "GET", "/api/v1/enrolments/{id}/coaching-log", api_coaching_list, API, NULL,
	  "The coaching log of an enrolment" },
	{ "POST", "/api/v1/enrolments/{id}/coaching-log", api_coaching_create, API, NULL,
	  "Add a meeting, company visit or evaluation to the coaching log" },
	{ "POST", "/api/v1/agreements", api_agreement_create, API, NULL,
	  "Open a learning agreement for an enrolment and a period" },
	{ "GET", "/api/v1/agreements/{id}", api_agreement_get, API, NULL,
	  "A learning agreement with its history (or one version)" },
	{ "PATCH", "/api/v1/agreements/{id}", api_agreement_save, API, NULL,
	  "Edit the draft (with the version read; 409 on conflict)" },
	{ "POST", "/api/v1/agreements/{id}/propose", api_agreement_propose, API, NULL,
	  "Propose the draft for signing" },
	{ "POST", "/api/v1/agreements/{id}/reopen", api_agreement_reopen, API, NULL,
	  "Take a proposed version back to a new draft" },
	{ "POST", "/api/v1/agreements/{id}/signatures", api_agreement_sign, API, NULL,
	  "Sign the proposed version for one side" },
	{ "POST", "/api/v1/agreements/{id}/amend", api_agreement_amend, API, NULL,
	  "Start an amendment of the active agreement" },
	{ "POST", "/api/v1/agreements/{id}/evaluations", api_agreement_evaluate, API, NULL,
	  "Write one side's evaluation of the period" },
	{ "POST", "/api/v1/agreements/{id}/close", api_agreement_close, API, NULL,
	  "Close the agreement after the evaluations" },
	{ "GET", "/api/v1/evidence/{id}", api_evidence_get, API, NULL, "One piece of evidence" },
	{ "GET", "/api/v1/evidence/{id}/file", api_evidence_download, API, NULL,
	  "The file of a piece of evidence, as an attachment" },
	{ "POST", "/api/v1/evidence/{id}/attestations", api_evidence_attest, API, NULL,
	  "The workplace supervisor attests evidence" },
	{ "POST", "/api/v1/assessments/{id}/second", api_assessment_second, API, NULL,
	  "The second examiner's judgement" },
	{ "POST", "/api/v1/assessments/{id}/confirm", api_assessment_confirm, API, NULL,
	  "The exam board confirms an assessment" },
	{ "GET", "/api/v1/examiner-queue", api_examiner_queue, API, NULL,
	  "What waits for the reader as examiner or exam board" },
	{ "GET", "/api/v1/programmes/{id}/assessment-rules", api_assessment_rules_get, API, NULL,
	  "A programme's assessment rules" },
	{ "PATCH", "/api/v1/programmes/{id}/assessment-rules", api_assessment_rules_set, API,
	  NULL, "Set a programme's assessment rules" },
	{ "POST", "/api/v1/prior-learning/{id}/judgement", api_prior_learning_judge, API, NULL,
	  "The named examiner judges a prior learning claim" },
	{ "POST", "/api/v1/prior-learning/{id}/confirm", api_prior_learning_confirm, API, NULL,
	  "The exam board confirms an approved claim" },
	{ "GET", "/api/v1/audit", api_audit_list, API, NULL,
	  "The audit log, newest first (system administrators)" },
	{ "GET", "/api/v1/openapi.json", api_openapi, API_PUBLIC, NULL,
	  "This OpenAPI 3.1 document" },

	/* OOAPI: the catalog as the Open Education API v5, read only (api/ooapi.c) */
	{ "GET", "/ooapi/v5", ooapi_service, API_PUBLIC, NULL, "OOAPI service metadata" },
	{ "GET", "/ooapi/v5/organizations", ooapi_organizations, API_PUBLIC, NULL,
	  "OOAPI organizations" },
	{ "GET", "/ooapi/v5/organizations/{organizationId}", ooapi_organization, API_PUBLIC, NULL,
	  "One OOAPI organization" },
	{ "GET", "/ooapi/v5/programs", ooapi_programs, API_PUBLIC, NULL, "OOAPI programs" },
	{ "GET", "/ooapi/v5/programs/{programId}", ooapi_program, API_PUBLIC, NULL,
	  "One OOAPI program" },
	{ "GET", "/ooapi/v5/programs/{programId}/courses", ooapi_program_courses, API_PUBLIC,
	  NULL, "The courses (learning outcomes) of an OOAPI program" },
	{ "GET", "/ooapi/v5/programs/{programId}/offerings", ooapi_program_offerings, API_PUBLIC,
	  NULL, "The offerings serving an OOAPI program" },
	{ "GET", "/ooapi/v5/courses", ooapi_courses, API_PUBLIC, NULL, "OOAPI courses" },
	{ "GET", "/ooapi/v5/courses/{courseId}", ooapi_course, API_PUBLIC, NULL,
	  "One OOAPI course" },
	{ "GET", "/ooapi/v5/courses/{courseId}/offerings", ooapi_course_offerings, API_PUBLIC,
	  NULL, "The offerings of an OOAPI course" },
	{ "GET", "/ooapi/v5/offerings/{offeringId}", ooapi_offering, API_PUBLIC, NULL,
	  "One OOAPI offering" },

	/* pages */
	{ "GET", "/static/style.css", web_static_style, PAGE_PUBLIC, NULL, "The stylesheet" },
	{ "GET", "/", web_start, PAGE_PUBLIC, NULL, "The start page" },
	{ "GET", "/login", web_login_form, PAGE_PUBLIC, NULL, "The login form" },
	{ "POST", "/login", web_login, PAGE_PUBLIC | ROUTE_NO_CSRF, NULL,
	  "Log in (checks its own double-submit token)" },
	{ "POST", "/logout", web_logout, PAGE_PUBLIC, NULL, "Log out" },
	{ "GET", "/catalog", web_catalog, PAGE_PUBLIC, NULL, "Programmes, with filters" },
	{ "GET", "/catalog/offerings", web_catalog_offerings, PAGE_PUBLIC, NULL,
	  "Offerings, with filters" },
	{ "GET", "/catalog/programmes/{id}", web_catalog_programme, PAGE_PUBLIC, NULL,
	  "A programme with its learning outcomes and offerings" },
	{ "GET", "/home", web_home, PAGE, NULL, "What each of the reader's roles can do" },
	{ "GET", "/learning", web_learning, PAGE, NULL,
	  "Learning agreements: what waits for the reader" },
	{ "GET", "/learning/enrolment", web_learning_enrolment, PAGE, NULL,
	  "One learner: progress, agreements, evidence, assessment, coaching" },
	{ "GET", "/learning/agreement", web_learning_agreement, PAGE, NULL,
	  "A learning agreement, its steps and history; one version to print" },
	{ "POST", "/learning/agreement", web_learning_agreement_post, PAGE, NULL,
	  "A step of the agreement workflow" },
	{ "POST", "/learning/agreements", web_learning_agreement_new, PAGE, NULL,
	  "Open a learning agreement" },
	{ "POST", "/learning/evidence", web_learning_evidence, PAGE | ROUTE_UPLOAD, NULL,
	  "Add evidence (multipart/form-data)" },
	{ "POST", "/learning/attest", web_learning_attest, PAGE, NULL, "Attest evidence" },
	{ "POST", "/learning/assess", web_learning_assess, PAGE, NULL, "Judge an outcome" },
	{ "GET", "/admin", web_admin, PAGE, NULL, "Administration: the records" },
	{ "GET", "/admin/{entity}", web_admin_list, PAGE, NULL, "Administration: a list" },
	{ "GET", "/admin/{entity}/new", web_admin_new, PAGE, NULL,
	  "Administration: the form for a new record" },
	{ "POST", "/admin/{entity}", web_admin_create, PAGE, NULL,
	  "Administration: create a record" },
	{ "GET", "/admin/{entity}/{id}", web_admin_edit, PAGE, NULL,
	  "Administration: a record and its form" },
	{ "POST", "/admin/{entity}/{id}", web_admin_update, PAGE, NULL,
	  "Administration: change a record" },
};

const int route_count = (int)(sizeof(routes) / sizeof(routes[0]));
