/* bench_money.c: redemptions per second with durable commits at 16
 * concurrent clients, beside raw SQLite inserts with the same durability in
 * the same run, and `ledger check` over 1,000,000 entries (issue 5)
 *
 * Built by `cmake --build build/release --target bench_money`; run by
 * bench/money. Each client is a thread with its own connection, as each
 * `leerpad serve` worker has: WAL, synchronous=FULL (db_sqlite.c), every
 * redemption its own transaction through the domain (reservation_redeem:
 * state re-checks, ledger post, audit entry, commit). The raw side is one
 * INSERT of one row per transaction on the same kind of connection.
 */
#include "base/arena.h"
#include "base/id.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "db/migrate.h"
#include "domain/entity.h"
#include "domain/ledger.h"
#include "domain/scheme.h"
#include "domain/voucher.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CLIENTS 16

static char db_path[512];
static int per_client;
static char (*reservations)[ID_LEN];
static _Atomic int busy_retries;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const struct lp_error *err)
{
	fprintf(stderr, "bench_money: %s: %s %s\n", what, err->field, err->reason);
	exit(1);
}

/* A system-actor context on db. */
static void
ctx_init(struct ctx *c, struct db *db, struct actor *a, struct arena *ar, struct lp_error *e)
{
	actor_system(a);
	c->db = db;
	c->actor = a;
	c->arena = ar;
	c->err = e;
}

static struct db *
open_db(struct lp_error *err)
{
	struct db *db = NULL;

	if (db_open(db_path, &db, err))
		die("open", err);
	return db;
}

/* The world: one institution, programme, outcome, offering running now,
 * a person with a current employment, a scheme, and n confirmed
 * reservations (all in one transaction: setup is not measured). */
static void
setup_world(int n)
{
	struct lp_error err = { 0 };
	struct arena ar = ARENA_INIT;
	struct actor a;
	struct ctx c;
	struct db *db = open_db(&err);
	json_t *out = NULL, *in;
	char inst[ID_LEN], prog[ID_LEN], outcome[ID_LEN], offering[ID_LEN], person[ID_LEN],
		scheme[ID_LEN], emp[ID_LEN];

	ctx_init(&c, db, &a, &ar, &err);
	if (migrate_up(db, NULL, &err) || db_begin_nestable(db, &err))
		die("migrate", &err);
#define MAKE(def, json, id) do { \
	in = (json); \
	if (entity_create(&c, &(def), in, &out)) die(#def, &err); \
	snprintf(id, ID_LEN, "%s", json_string_value(json_object_get(out, "id"))); \
	json_decref(in); json_decref(out); } while (0)
	MAKE(organisations_def, json_pack("{s:s, s:s, s:s}", "kind", "institution", "name",
	     "Bench hogeschool", "institution_code", "99ZZ"), inst);
	MAKE(organisations_def, json_pack("{s:s, s:s, s:s}", "kind", "employer", "name",
	     "Bench BV", "coc_number", "12345678"), emp);
	MAKE(programmes_def, json_pack("{s:s, s:s, s:s, s:i, s:[s], s:[s]}", "institution_id",
	     inst, "name", "Bench", "level", "bachelor", "total_ec", 240, "modes", "part_time",
	     "experiments", "vraagfinanciering"), prog);
	MAKE(outcomes_def, json_pack("{s:s, s:s, s:s, s:i}", "programme_id", prog, "code", "B-1",
	     "title", "Bench", "ec", 30), outcome);
	MAKE(offerings_def, json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:[s]}", "provider_id",
	     inst, "title", "Bench module", "ec", 30, "mode", "online", "start_date",
	     "2020-01-01", "end_date", "2099-12-31", "price_cents", 125000, "outcome_ids",
	     outcome), offering);
	MAKE(persons_def, json_pack("{s:s, s:s}", "given_name", "Bea", "family_name", "Bench"),
	     person);
	{
		char e[ID_LEN];
		MAKE(employments_def, json_pack("{s:s, s:s, s:s, s:s}", "person_id", person,
		     "employer_id", emp, "job_title", "Tester", "start_date", "2020-01-01"), e);
	}
	in = json_pack("{s:s, s:I, s:s, s:s, s:s, s:[s], s:[s], s:i}", "name", "Bench",
		       "budget_cents", (json_int_t)n * 125000 + 1, "issue_from", "2020-01-01",
		       "issue_until", "2099-12-31", "spend_by", "2099-12-31", "programme_ids",
		       prog, "rules", "working", "max_vouchers_per_learner", 100);
	if (scheme_create(&c, in, &out))
		die("scheme", &err);
	snprintf(scheme, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(in);
	json_decref(out);
	for (int i = 0; i < n; i++) {
		char v[ID_LEN];

		/* a person per 100 vouchers: the scheme's per-learner cap */
		if (i % 100 == 0 && i > 0) {
			char e[ID_LEN];
			MAKE(persons_def, json_pack("{s:s, s:s}", "given_name", "Bea", "family_name",
			     "Bench"), person);
			MAKE(employments_def, json_pack("{s:s, s:s, s:s, s:s}", "person_id", person,
			     "employer_id", emp, "job_title", "Tester", "start_date", "2020-01-01"), e);
		}
		in = json_pack("{s:s, s:s, s:i}", "scheme_id", scheme, "person_id", person, "ec", 30);
		if (voucher_issue(&c, in, &out))
			die("issue", &err);
		snprintf(v, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
		json_decref(in);
		json_decref(out);
		in = json_pack("{s:s}", "offering_id", offering);
		if (voucher_reserve(&c, v, in, &out))
			die("reserve", &err);
		snprintf(reservations[i], ID_LEN, "%s",
			 json_string_value(json_object_get(out, "id")));
		json_decref(in);
		json_decref(out);
		if (reservation_confirm(&c, reservations[i], &out))
			die("confirm", &err);
		json_decref(out);
		arena_release(&ar);
	}
	if (db_commit(db, &err))
		die("commit", &err);
	if (db_run(db, &err, NULL, "CREATE TABLE raw_inserts (id TEXT PRIMARY KEY,"
		   " amount_cents BIGINT NOT NULL)", ""))
		die("raw table", &err);
	db_close(db);
	arena_release(&ar);
}

static void *
redeem_client(void *arg)
{
	int k = (int)(intptr_t)arg;
	struct lp_error err = { 0 };
	struct arena ar = ARENA_INIT;
	struct actor a;
	struct ctx c;
	struct db *db = open_db(&err);

	ctx_init(&c, db, &a, &ar, &err);
	for (int i = k * per_client; i < (k + 1) * per_client; i++) {
		json_t *out = NULL;
		enum lp_status rc;

		/* a busy database after the timeout: the client retries, as an HTTP
		 * client would with the same Idempotency-Key */
		while ((rc = reservation_redeem(&c, reservations[i], &out)) == LP_ECONFLICT &&
		       strstr(err.reason, "busy"))
			busy_retries++;
		if (rc)
			die("redeem", &err);
		json_decref(out);
		arena_release(&ar);
	}
	db_close(db);
	return NULL;
}

static void *
raw_client(void *arg)
{
	struct lp_error err = { 0 };
	struct db *db = open_db(&err);

	(void)arg;
	for (int i = 0; i < per_client; i++) {
		char id[ID_LEN];
		enum lp_status rc;

		id_new(id);

		while ((rc = db_begin(db, &err)) == LP_ECONFLICT)
			busy_retries++;
		if (rc ||
		    db_run(db, &err, NULL, "INSERT INTO raw_inserts (id, amount_cents) VALUES (?, ?)",
			   "si", id, (int64_t)125000) || db_commit(db, &err))
			die("raw insert", &err);
	}
	db_close(db);
	return NULL;
}

/* Runs fn on CLIENTS threads; returns the seconds it took. */
static double
run_clients(void *(*fn)(void *))
{
	pthread_t t[CLIENTS];
	double start = now_s();

	for (int k = 0; k < CLIENTS; k++)
		pthread_create(&t[k], NULL, fn, (void *)(intptr_t)k);
	for (int k = 0; k < CLIENTS; k++)
		pthread_join(t[k], NULL);
	return now_s() - start;
}

/* Adds at least target entries to the ledger (two per transaction, in
 * batches of 10,000 transactions) and times `ledger check` over all. */
static void
ledger_check_bench(int64_t target)
{
	struct lp_error err = { 0 };
	struct arena ar = ARENA_INIT;
	struct actor a;
	struct ctx c;
	struct db *db = open_db(&err);
	struct ledger_txn_in txn = { "bench", "bench movement", "bench", "bench", NULL };
	struct ledger_entry_in e[2] = { { "bench:a", -1 }, { "bench:b", 1 } };
	json_t *breaches = NULL;
	int64_t entries = 0;
	double start, fill;

	ctx_init(&c, db, &a, &ar, &err);
	if (db_begin(db, &err) || ledger_account_ensure(&c, "bench:a", "bench", NULL, "A", true) ||
	    ledger_account_ensure(&c, "bench:b", "bench", NULL, "B", false) || db_commit(db, &err))
		die("bench accounts", &err);
	start = now_s();
	while (entries < target) {
		if (db_begin(db, &err))
			die("begin", &err);
		for (int i = 0; i < 10000; i++)
			if (ledger_post(&c, &txn, e, 2, NULL))
				die("post", &err);
		if (db_commit(db, &err))
			die("commit", &err);
		entries += 20000;
	}
	fill = now_s() - start;
	start = now_s();
	if (ledger_check(&c, &breaches, &entries))
		die("check", &err);
	printf("ledger check: %" PRId64 " entries, %zu breaches, %.2f s "
	       "(filling took %.0f s)\n", entries, json_array_size(breaches), now_s() - start, fill);
	json_decref(breaches);
	db_close(db);
	arena_release(&ar);
}

int
main(int argc, char **argv)
{
	int total = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 4800;
	double t_redeem, t_raw;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_money DB_PATH [REDEMPTIONS]\n");
		return 2;
	}
	snprintf(db_path, sizeof(db_path), "%s", argv[1]);
	per_client = total / CLIENTS;
	total = per_client * CLIENTS;
	reservations = calloc((size_t)total, sizeof(*reservations));
	setup_world(total);
	t_redeem = run_clients(redeem_client);
	t_raw = run_clients(raw_client);
	printf("clients: %d, durable commits (WAL, synchronous=FULL)\n", CLIENTS);
	printf("redemptions: %d in %.2f s = %.0f /s\n", total, t_redeem, total / t_redeem);
	printf("raw inserts: %d in %.2f s = %.0f /s\n", total, t_raw, total / t_raw);
	printf("ratio: %.0f %% of the raw rate\n", 100.0 * t_raw / t_redeem);
	printf("busy retries (after the 10 s busy timeout): %d\n", (int)busy_retries);
	ledger_check_bench(1000000);
	free(reservations);
	return 0;
}
