/* routes.c: the one table of every route of leerpad
 *
 * Keep it sorted by area: JSON API, OOAPI, pages. The OpenAPI document is
 * generated from this table (api/openapi.c) and tests check both agree.
 */
#include "surfaces/http/router.h"
#include "surfaces/api/api.h"
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
	/* money (issue 5): writes that move money need an Idempotency-Key */
	{ "GET", "/api/v1/voucher-schemes", api_schemes_list, API, NULL, "List voucher schemes" },
	{ "POST", "/api/v1/voucher-schemes", api_schemes_create, API, NULL,
	  "Create a voucher scheme and fund its budget (voucher authority)" },
	{ "GET", "/api/v1/voucher-schemes/{id}", api_schemes_get, API, NULL,
	  "Get a voucher scheme with its budget figures" },
	{ "GET", "/api/v1/vouchers", api_vouchers_list, API, NULL,
	  "List vouchers: one's own, or all for the voucher authority" },
	{ "POST", "/api/v1/vouchers", api_vouchers_issue, API, NULL,
	  "Issue a voucher to an eligible learner (voucher authority)" },
	{ "GET", "/api/v1/vouchers/{id}", api_vouchers_get, API, NULL,
	  "Get a voucher with its reservations and ledger history" },
	{ "POST", "/api/v1/vouchers/{id}/reservations", api_vouchers_reserve, API, NULL,
	  "Reserve a voucher for a place in an offering (the learner)" },
	{ "POST", "/api/v1/vouchers/{id}/revoke", api_vouchers_revoke, API, NULL,
	  "Revoke a voucher (voucher authority)" },
	{ "GET", "/api/v1/reservations", api_reservations_list, API, NULL,
	  "List reservations: one's own, or a provider's" },
	{ "GET", "/api/v1/reservations/{id}", api_reservations_get, API, NULL,
	  "Get a reservation" },
	{ "POST", "/api/v1/reservations/{id}/confirm", api_reservations_confirm, API, NULL,
	  "Confirm the enrolment of a reservation (the learner)" },
	{ "POST", "/api/v1/reservations/{id}/redeem", api_reservations_redeem, API, NULL,
	  "Redeem a confirmed reservation of a started offering (the provider)" },
	{ "POST", "/api/v1/reservations/{id}/release", api_reservations_release, API, NULL,
	  "Release a reservation before redemption" },
	{ "GET", "/api/v1/employer-contributions", api_contributions_list, API, NULL,
	  "List an employer's contributions" },
	{ "POST", "/api/v1/employer-contributions", api_contributions_create, API, NULL,
	  "Record an employer's contribution to a reservation (employer HR)" },
	{ "GET", "/api/v1/ledger/balances", api_ledger_balances, API, NULL,
	  "Ledger balances of a voucher, organisation or scheme, derived from entries" },
	{ "GET", "/api/v1/settlements/{provider_id}", api_settlement, API, NULL,
	  "A provider's settlement statement for a period (JSON or CSV)" },
	{ "GET", "/api/v1/reports/money", api_reports_money, API, NULL,
	  "Budget used and committed, vouchers by state, per provider, programme, employer" },
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
	/* money pages (issue 5) */
	{ "GET", "/my/vouchers", web_my_vouchers, PAGE, NULL,
	  "The learner's vouchers, balance and history" },
	{ "POST", "/my/reservations/{id}/confirm", web_my_confirm, PAGE, NULL,
	  "The learner confirms an enrolment" },
	{ "POST", "/my/reservations/{id}/release", web_my_release, PAGE, NULL,
	  "The learner cancels a reservation" },
	{ "GET", "/provider/reservations", web_provider_reservations, PAGE, NULL,
	  "A provider's reservations to redeem and its statements" },
	{ "POST", "/provider/reservations/{id}/redeem", web_provider_redeem, PAGE, NULL,
	  "The provider redeems a reservation" },
	{ "GET", "/employer/contributions", web_employer_contributions, PAGE, NULL,
	  "An employer's contributions and invoices" },
	{ "GET", "/money/schemes", web_money_schemes, PAGE, NULL,
	  "Voucher schemes with their budget chart" },
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
