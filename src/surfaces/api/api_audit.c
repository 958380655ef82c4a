/* api_audit.c: reading the audit log of a record (system administrators) */
#include "surfaces/api/api.h"
#include "domain/audit.h"

void
api_audit_list(struct request *req, struct response *res)
{
	json_t *items;

	if (audit_list(&req->ctx, request_query(req, "entity"), request_query(req, "entity_id"),
		       request_query(req, "cursor"), &items)) {
		response_problem(req, res, &req->err);
		return;
	}
	response_json(res, 200, items);
}
