/* openapi.h: the OpenAPI 3.1 document of the JSON interfaces
 *
 * Made on request from the route table (routes.c) and the entity
 * definitions (catalog.c): every ROUTE_API route — the JSON API under
 * /api/v1 and the OOAPI catalog under /ooapi/v5 — is one operation, with
 * its path and query parameters, request body, responses and security.
 * Page routes (HTML for browsers) are not part of it. tests/api/
 * test_openapi.c checks that the document and the route table agree both
 * ways.
 */
#ifndef LEERPAD_OPENAPI_H
#define LEERPAD_OPENAPI_H

#include "surfaces/http/router.h"

#include <jansson.h>

/* The whole document; a new reference. */
json_t *openapi_document(void);

/* GET /api/v1/openapi.json */
void api_openapi(struct request *req, struct response *res);

#endif
