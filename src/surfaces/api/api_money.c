/* api_money.c: the JSON API of schemes, vouchers, reservations, employer
 * contributions, ledger balances, settlement statements and reports
 *
 * Every write that moves money goes through idempotent(): it needs an
 * Idempotency-Key header, and the key, the movement and its response are
 * stored in one transaction, so a repeat returns the first response and
 * moves nothing twice. */
#include "surfaces/api/api.h"
#include "domain/idempotency.h"
#include "domain/report.h"
#include "domain/scheme.h"
#include "domain/settlement.h"
#include "domain/voucher.h"

#include <stdlib.h>
#include <string.h>

/* One money-moving operation: input (the body, or an empty object) in,
 * the result and its HTTP status out. */
typedef enum lp_status (*money_op)(struct request *req, const json_t *input, json_t **out,
				   int *status);

/* Answers with a stored or new JSON text. */
static void
respond_text(struct response *res, int status, const char *text, bool replayed)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);

	response_json(res, status, v ? v : json_object());
	if (replayed)
		response_header(res, "Idempotency-Replayed", "true");
}

/* What idempotency_run hands to run_money_op. */
struct money_call {
	struct request *req;
	money_op op;
	const json_t *input;
};

/* Runs a money_op under idempotency_run: its result as JSON text. */
static enum lp_status
run_money_op(struct ctx *ctx, void *arg, int *status, const char **response)
{
	struct money_call *call = arg;
	json_t *out = NULL;
	char *text;
	enum lp_status rc;

	rc = call->op(call->req, call->input, &out, status);
	if (!rc) {
		text = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
		*response = text ? arena_strdup(ctx->arena, text) : NULL;
		free(text);
	}
	json_decref(out);
	return rc;
}

/* Runs op once per Idempotency-Key (see the file comment and
 * idempotency_run): a repeat answers the first response with the header
 * Idempotency-Replayed, and moves nothing twice. */
static void
idempotent(struct request *req, struct response *res, money_op op)
{
	struct ctx *ctx = &req->ctx;
	const char *key = request_header(req, "Idempotency-Key"), *response = NULL;
	char hash[CRYPTO_DIGEST_LEN];
	json_t *input = NULL;
	struct money_call call;
	bool replayed = false;
	int status = 200;
	enum lp_status rc;

	rc = idempotency_key_valid(ctx, key);
	if (!rc && req->body_len > 0)
		rc = api_read_body(req, &input);
	if (!rc) {
		if (!input)
			input = json_object();
		idempotency_hash(req->method, req->path, req->body, req->body_len, hash);
		call = (struct money_call){ req, op, input };
		rc = idempotency_run(ctx, key, req->method, req->path, hash, run_money_op, &call,
				     &replayed, &status, &response);
	}
	json_decref(input);
	if (rc) {
		response_problem(req, res, &req->err);
		return;
	}
	respond_text(res, status, response, replayed);
}

/* Answers a read: the JSON or the problem. */
static void
answer(struct request *req, struct response *res, enum lp_status rc, json_t *out)
{
	if (rc) {
		json_decref(out);
		response_problem(req, res, &req->err);
		return;
	}
	response_json(res, 200, out);
}

/* ---- the operations ----------------------------------------------------- */

static enum lp_status
op_scheme_create(struct request *req, const json_t *in, json_t **out, int *status)
{
	*status = 201;
	return scheme_create(&req->ctx, in, out);
}

static enum lp_status
op_scheme_update(struct request *req, const json_t *in, json_t **out, int *status)
{
	*status = 200;
	return scheme_update(&req->ctx, req->params[0], in, out);
}

static enum lp_status
op_voucher_issue(struct request *req, const json_t *in, json_t **out, int *status)
{
	*status = 201;
	return voucher_issue(&req->ctx, in, out);
}

static enum lp_status
op_reserve(struct request *req, const json_t *in, json_t **out, int *status)
{
	*status = 201;
	return voucher_reserve(&req->ctx, req->params[0], in, out);
}

static enum lp_status
op_revoke(struct request *req, const json_t *in, json_t **out, int *status)
{
	const json_t *reason = json_object_get(in, "reason");

	*status = 200;
	if (reason && !json_is_string(reason))
		return lp_fail(&req->err, LP_EINVAL, "reason", "a reason is text");
	return voucher_revoke(&req->ctx, req->params[0], json_string_value(reason), out);
}

static enum lp_status
op_redeem(struct request *req, const json_t *in, json_t **out, int *status)
{
	(void)in;
	*status = 200;
	return reservation_redeem(&req->ctx, req->params[0], out);
}

static enum lp_status
op_release(struct request *req, const json_t *in, json_t **out, int *status)
{
	(void)in;
	*status = 200;
	return reservation_release(&req->ctx, req->params[0], out);
}

static enum lp_status
op_contribute(struct request *req, const json_t *in, json_t **out, int *status)
{
	*status = 201;
	return contribution_create(&req->ctx, in, out);
}

/* ---- handlers ----------------------------------------------------------- */

void
api_schemes_list(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = scheme_list(&req->ctx, &out);

	answer(req, res, rc, rc ? NULL : json_pack("{s:o}", "items", out));
}

void
api_schemes_create(struct request *req, struct response *res)
{
	idempotent(req, res, op_scheme_create);
}

void
api_schemes_update(struct request *req, struct response *res)
{
	idempotent(req, res, op_scheme_update);
}

void
api_schemes_get(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = scheme_get(&req->ctx, req->params[0], &out);

	answer(req, res, rc, out);
}

void
api_vouchers_list(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = voucher_list(&req->ctx, request_query(req, "person_id"), &out);

	answer(req, res, rc, rc ? NULL : json_pack("{s:o}", "items", out));
}

void
api_vouchers_issue(struct request *req, struct response *res)
{
	idempotent(req, res, op_voucher_issue);
}

void
api_vouchers_get(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = voucher_get(&req->ctx, req->params[0], &out);

	answer(req, res, rc, out);
}

void
api_vouchers_reserve(struct request *req, struct response *res)
{
	idempotent(req, res, op_reserve);
}

void
api_vouchers_revoke(struct request *req, struct response *res)
{
	idempotent(req, res, op_revoke);
}

void
api_reservations_list(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = reservation_list(&req->ctx, request_query(req, "provider_id"),
					     request_query(req, "state"), &out);

	answer(req, res, rc, rc ? NULL : json_pack("{s:o}", "items", out));
}

void
api_reservations_get(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = reservation_get(&req->ctx, req->params[0], &out);

	answer(req, res, rc, out);
}

void
api_reservations_confirm(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = reservation_confirm(&req->ctx, req->params[0], &out);

	answer(req, res, rc, out);
}

void
api_reservations_redeem(struct request *req, struct response *res)
{
	idempotent(req, res, op_redeem);
}

void
api_reservations_release(struct request *req, struct response *res)
{
	idempotent(req, res, op_release);
}

void
api_contributions_list(struct request *req, struct response *res)
{
	json_t *out = NULL;
	const char *employer = request_query(req, "employer_id");
	enum lp_status rc;

	if (!employer) {
		response_problem(req, res, (lp_fail(&req->err, LP_EINVAL, "employer_id",
						    "which employer's contributions"), &req->err));
		return;
	}
	rc = contribution_list(&req->ctx, employer, &out);
	answer(req, res, rc, rc ? NULL : json_pack("{s:o}", "items", out));
}

void
api_contributions_create(struct request *req, struct response *res)
{
	idempotent(req, res, op_contribute);
}

void
api_ledger_balances(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = report_balances(&req->ctx, request_query(req, "owner_id"), &out);

	answer(req, res, rc, out);
}

void
api_settlement(struct request *req, struct response *res)
{
	const char *format = request_query(req, "format");
	char from[11], to[11];
	json_t *out = NULL;
	enum lp_status rc;

	if (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0) {
		lp_fail(&req->err, LP_EINVAL, "format", "csv or json");
		response_problem(req, res, &req->err);
		return;
	}
	rc = settlement_period(&req->ctx, request_query(req, "period"), from, to);
	if (!rc)
		rc = settlement_statement(&req->ctx, req->params[0], from, to, &out);
	if (rc || !format || strcmp(format, "json") == 0) {
		answer(req, res, rc, out);
		return;
	}
	res->status = 200;
	res->content_type = "text/csv; charset=utf-8";
	buf_reset(&res->body);
	settlement_csv(out, &res->body);
	response_header(res, "Content-Disposition", "attachment; filename=\"settlement.csv\"");
	json_decref(out);
}

void
api_reports_money(struct request *req, struct response *res)
{
	json_t *out = NULL;
	enum lp_status rc = report_money(&req->ctx, request_query(req, "scheme_id"), &out);

	answer(req, res, rc, out);
}
