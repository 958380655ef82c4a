/* ledger.h: the double-entry money ledger in integer euro cents
 *
 * Every movement of money is one transaction of two or more entries over
 * named accounts whose amounts sum to zero. Transactions and entries are
 * never changed or deleted (the engine refuses it by trigger); a correction
 * is a reversal (ledger_reverse) plus a new transaction. Each transaction
 * records the actor, the time, a reason and the business object.
 *
 * Accounts are named by what they hold:
 *   funder:<scheme>            the public funder's side of a scheme (may be
 *                              negative: what the funder has committed)
 *   scheme:<scheme>:budget     the scheme's budget not yet given out
 *   voucher:<voucher>          a voucher's value free to reserve
 *   voucher:<voucher>:reserved a voucher's value bound to a reservation
 *   provider:<org>:scheme      what the scheme owes a provider
 *   provider:<org>:employer    what employers owe a provider
 *   employer:<org>             an employer's side (negative: it owes)
 * Accounts that may not go negative are refused a debit that would make
 * them so, inside the same statement that moves the money: a conditional
 * UPDATE of the cached balance whose changed-row count is checked, which is
 * correct under SQLite's single writer and under PostgreSQL row locks.
 *
 * All ledger functions run inside the caller's transaction (db_begin);
 * they decide no access: their callers (voucher.c, scheme.c, ...) do.
 */
#ifndef LEERPAD_LEDGER_H
#define LEERPAD_LEDGER_H

#include "base/id.h"
#include "domain/context.h"

#include <jansson.h>
#include <stdint.h>

/* The largest amount of one entry or budget: EUR 10 billion. Keeps every
 * sum the ledger forms far from int64 overflow. */
#define LEDGER_MAX_CENTS INT64_C(1000000000000)
#define LEDGER_MAX_ENTRIES 8
#define LEDGER_ACCOUNT_LEN 96

struct ledger_entry_in {
	const char *account_id;
	int64_t amount_cents;        /* positive: into the account */
};

struct ledger_txn_in {
	const char *kind;            /* "fund", "issue", "reserve", "redeem", ... */
	const char *reason;          /* one human sentence */
	const char *object_type;     /* "voucher", "reservation", ... */
	const char *object_id;
	const char *reversal_of;     /* the reversed transaction, or NULL */
};

/* Makes the account if it does not exist (kind, owner, name, whether it
 * may go negative); an existing account is left as it is. */
enum lp_status ledger_account_ensure(struct ctx *ctx, const char *account_id,
				     const char *kind, const char *owner_id,
				     const char *name, bool allow_negative);

/* Posts one balanced transaction of n entries and writes its id to
 * txn_id_out (may be NULL). LP_EINVAL for fewer than two or more than
 * LEDGER_MAX_ENTRIES entries, a zero or oversized amount, or entries that
 * do not sum to zero; LP_ENOTFOUND for an unknown account; LP_ECONFLICT
 * (field "amount_cents") when an account that may not go negative would.
 * On failure the caller rolls its transaction back. */
enum lp_status ledger_post(struct ctx *ctx, const struct ledger_txn_in *txn,
			   const struct ledger_entry_in *entries, int n,
			   char txn_id_out[ID_LEN]);

/* Posts the reversal of transaction txn_id (every entry negated) with a
 * reason; a transaction is reversed at most once (LP_ECONFLICT). */
enum lp_status ledger_reverse(struct ctx *ctx, const char *txn_id, const char *reason,
			      char txn_id_out[ID_LEN]);

/* The balance of an account derived from its entries (not the cache). */
enum lp_status ledger_balance(struct ctx *ctx, const char *account_id, int64_t *cents);

/* Every account whose owner is owner_id (a voucher, a provider, ...) with
 * its derived balance: a new array in *out. */
enum lp_status ledger_balances(struct ctx *ctx, const char *owner_id, json_t **out);

/* The transactions of a business object, oldest first, with their entries:
 * a new array in *out. */
enum lp_status ledger_history(struct ctx *ctx, const char *object_type,
			      const char *object_id, json_t **out);

/* Checks every invariant of the whole ledger: each transaction balances
 * and has at least two entries, each cached balance equals the sum of its
 * entries, no account that may not go negative is negative, every scheme
 * was funded with exactly its budget and its budget account is not
 * negative (the budget was never exceeded), and vouchers that are spent,
 * expired or revoked hold no value. Each breach is appended as a string to
 * *breaches (a new array; empty when all holds); *entries receives the
 * number of entries checked. Read-only. */
enum lp_status ledger_check(struct ctx *ctx, json_t **breaches, int64_t *entries);

/* Reads an amount of money from JSON: an integer number of cents in
 * [min, max]. LP_EINVAL with field for a missing value (when required), a
 * string, a fraction, or an amount out of range. */
enum lp_status ledger_amount_from_json(struct ctx *ctx, const json_t *value,
				       const char *field, int64_t min, int64_t max,
				       int64_t *out);

/* Fills a JSON object from the current row of st: columns named *_cents,
 * *_tenths, version, allow_partial or max_* become integers, the rest text
 * or null. New reference. */
json_t *money_row_json(struct db_stmt *st);
/* Appends every row of st (bound by the caller) to array as
 * money_row_json, and resets st; the database's error if a step fails. */
enum lp_status money_rows_collect(struct ctx *ctx, struct db_stmt *st, json_t *array);

#endif
