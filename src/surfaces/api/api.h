/* api.h: the JSON API handlers (/api/v1) */
#ifndef LEERPAD_API_H
#define LEERPAD_API_H

#include "surfaces/http/router.h"

/* Generic handlers for a catalog or people entity; route->data is its
 * struct entity_def. */
void api_entity_list(struct request *req, struct response *res);
void api_entity_get(struct request *req, struct response *res);
void api_entity_create(struct request *req, struct response *res);
void api_entity_update(struct request *req, struct response *res);

/* Sessions: log in (JSON email and password), who am I, log out. */
void api_session_create(struct request *req, struct response *res);
void api_session_get(struct request *req, struct response *res);
void api_session_delete(struct request *req, struct response *res);

/* Audit log of one record (system administrators). */
void api_audit_list(struct request *req, struct response *res);

/* Money (api_money.c): schemes, vouchers, reservations, employer
 * contributions, ledger balances, settlement statements, reports. Writes
 * that move money need an Idempotency-Key header. */
void api_schemes_list(struct request *req, struct response *res);
void api_schemes_create(struct request *req, struct response *res);
void api_schemes_get(struct request *req, struct response *res);
void api_schemes_update(struct request *req, struct response *res);
/* api_funding.c: an employer's share or cap, per employer or employee */
void api_funding_get(struct request *req, struct response *res);
void api_funding_set(struct request *req, struct response *res);
void api_funding_clear(struct request *req, struct response *res);
void api_funding_employee_set(struct request *req, struct response *res);
void api_funding_employee_clear(struct request *req, struct response *res);
void api_vouchers_list(struct request *req, struct response *res);
void api_vouchers_issue(struct request *req, struct response *res);
void api_vouchers_get(struct request *req, struct response *res);
void api_vouchers_reserve(struct request *req, struct response *res);
void api_vouchers_revoke(struct request *req, struct response *res);
void api_reservations_list(struct request *req, struct response *res);
void api_reservations_get(struct request *req, struct response *res);
void api_reservations_confirm(struct request *req, struct response *res);
void api_reservations_redeem(struct request *req, struct response *res);
void api_reservations_release(struct request *req, struct response *res);
void api_contributions_list(struct request *req, struct response *res);
void api_contributions_create(struct request *req, struct response *res);
void api_ledger_balances(struct request *req, struct response *res);
void api_settlement(struct request *req, struct response *res);
void api_reports_money(struct request *req, struct response *res);

/* Parses the request body as one JSON object into *out (new reference).
 * LP_EMALFORMED with a clear reason when it is not. */
enum lp_status api_read_body(struct request *req, json_t **out);
/* Reads a list's limit (1 to ENTITY_LIST_MAX) into *limit; LP_EINVAL with
 * the field "limit" otherwise. Every paged list reads it here. */
enum lp_status api_parse_limit(struct request *req, const char *value, int *limit);

#endif
