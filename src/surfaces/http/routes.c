/* routes.c: the one table of every route of leerpad
 *
 * Keep it sorted by area: JSON API, OOAPI, pages. The OpenAPI document is
 * generated from this table (api/openapi.c) and tests check both agree.
 */
#include "surfaces/http/router.h"
#include "surfaces/api/api.h"
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
	{ "GET", "/api/v1/audit", api_audit_list, API, NULL,
	  "The audit log, newest first (system administrators)" },

	/* pages */
	{ "GET", "/static/style.css", web_static_style, PAGE_PUBLIC, NULL, "The stylesheet" },
};

const int route_count = (int)(sizeof(routes) / sizeof(routes[0]));
