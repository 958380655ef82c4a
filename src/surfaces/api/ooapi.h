/* ooapi.h: the catalog as the Open Education API v5 (/ooapi/v5), read only
 *
 * Organisations that offer education, programmes, units of learning
 * outcomes (as OOAPI courses) and offerings, in the shapes of the official
 * OOAPI v5 specification: ids in organizationId, programId, courseId and
 * offeringId; human text as arrays of language-typed strings; lists as
 * pages {pageSize, pageNumber, hasPreviousPage, hasNextPage, totalPages,
 * items} chosen with the pageSize and pageNumber query parameters; errors
 * as the OOAPI Problem {status (a string), title, detail}. What OOAPI has
 * no place for (employers, vouchers, experiments) is under "ext". The
 * mapping and its choices are written down in ooapi.c.
 */
#ifndef LEERPAD_OOAPI_H
#define LEERPAD_OOAPI_H

#include "surfaces/http/router.h"

#include <jansson.h>

/* GET /ooapi/v5: the Service object. */
void ooapi_service(struct request *req, struct response *res);
/* GET /ooapi/v5/organizations and /organizations/{organizationId}. */
void ooapi_organizations(struct request *req, struct response *res);
void ooapi_organization(struct request *req, struct response *res);
/* GET /ooapi/v5/programs, /programs/{programId} and its courses and offerings. */
void ooapi_programs(struct request *req, struct response *res);
void ooapi_program(struct request *req, struct response *res);
void ooapi_program_courses(struct request *req, struct response *res);
void ooapi_program_offerings(struct request *req, struct response *res);
/* GET /ooapi/v5/courses, /courses/{courseId} and its offerings. */
void ooapi_courses(struct request *req, struct response *res);
void ooapi_course(struct request *req, struct response *res);
void ooapi_course_offerings(struct request *req, struct response *res);
/* GET /ooapi/v5/offerings/{offeringId}. */
void ooapi_offering(struct request *req, struct response *res);

/* For the OpenAPI document (openapi.c). The operation object of route r
 * without its path parameters and summary — tags, description, query
 * parameters, responses — or NULL if r is not an OOAPI route; and the
 * component schemas those operations refer to (named Ooapi...). Both are
 * new references. The query parameters described are the very ones the
 * handlers accept, from the same tables. */
json_t *ooapi_openapi_operation(const struct route *r);
json_t *ooapi_openapi_schemas(void);

#endif
