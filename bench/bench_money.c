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
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define CLIENTS 16
/* Rounds in which the two phases alternate. 1: with 4 rounds of a quarter
 * each, the raw rate fell by half and the share of the redemptions rose
 * to 70-90 %: every phase ends in a tail where the last clients sleep in
 * SQLite's busy handler while the lock is free, and four tails weigh more
 * on the short raw phase. An honest reference has one phase each. */
#define ROUNDS 1

static char db_path[512];
static int per_client;     /* operations per client in one round */
static int round_base;     /* the first reservation of the round running */
static char (*reservations)[ID_LEN];
static _Atomic int busy_retries;
/* the clients' db_stats of the phase running, summed as they finish */
static struct db_stats phase_stats;
static pthread_mutex_t phase_lock = PTHREAD_MUTEX_INITIALIZER;

/* Adds db's counters to phase_stats and closes it. */
static void
close_client(struct db *db)
{
	struct db_stats s;

	db_stats_get(db, &s);
	pthread_mutex_lock(&phase_lock);
	phase_stats.write_txns += s.write_txns;
	phase_stats.write_statements += s.write_statements;
	phase_stats.busy_waits += s.busy_waits;
	phase_stats.begin_wait_s += s.begin_wait_s;
	phase_stats.write_s += s.write_s;
	phase_stats.commit_s += s.commit_s;
	phase_stats.wal_pages += s.wal_pages;
	phase_stats.checkpoints += s.checkpoints;
	phase_stats.checkpoint_s += s.checkpoint_s;
	pthread_mutex_unlock(&phase_lock);
	db_close(db);
}

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
	for (int i = round_base + k * per_client; i < round_base + (k + 1) * per_client; i++) {
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
	close_client(db);
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
	close_client(db);
	return NULL;
}

/* CPU seconds (user + system) the process has used so far. */
static double
cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* Runs fn on CLIENTS threads; returns the seconds it took, adds the CPU
 * seconds the process used meanwhile to *cpu and the clients' db_stats to
 * *stats. */
static double
run_clients(void *(*fn)(void *), double *cpu, struct db_stats *stats)
{
	pthread_t t[CLIENTS];
	double start = now_s(), cpu_start = cpu_s();

	phase_stats = *stats;
	for (int k = 0; k < CLIENTS; k++)
		pthread_create(&t[k], NULL, fn, (void *)(intptr_t)k);
	for (int k = 0; k < CLIENTS; k++)
		pthread_join(t[k], NULL);
	*cpu += cpu_s() - cpu_start;
	*stats = phase_stats;
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

/* The b-tree (table or index) each page of the database belongs to, from
 * SQLite's dbstat table: names[pageno] (strdup'd), *count pages. */
static char **
page_owners(struct db *db, int *count)
{
	struct lp_error err = { 0 };
	struct db_stmt *st;
	char **names = NULL;

	*count = 0;
	if (db_prepare(db, "SELECT name, pageno FROM dbstat", &st, &err))
		die("dbstat (SQLite built without it?)", &err);
	while (db_step(st) == DB_ROW) {
		int pg = (int)db_column_int(st, 1);

		if (pg >= *count) {
			names = realloc(names, (size_t)(pg + 1) * sizeof(*names));
			memset(names + *count, 0, (size_t)(pg + 1 - *count) * sizeof(*names));
			*count = pg + 1;
		}
		free(names[pg]);
		names[pg] = strdup(pg == 1 ? "(page 1: the database header)" : db_column_text(st, 0));
	}
	db_reset(st);
	return names;
}

struct tally {
	const char *name;
	long frames;
};

/* qsort: the most frames first. */
static int
tally_cmp(const void *x, const void *y)
{
	const struct tally *a = x, *b = y;

	return (a->frames < b->frames) - (a->frames > b->frames);
}

/* `bench_money DB N pages`: after the setup, k = N / 10 redemptions one
 * after another while another connection holds a read snapshot (so that
 * the WAL is neither checkpointed past it nor restarted), then the WAL's
 * frames per commit by the b-tree each page belongs to. Load-independent:
 * which pages a redemption's commit writes, and so what an index costs. */
static void
pages_by_btree(int n)
{
	struct lp_error err = { 0 };
	struct arena ar = ARENA_INIT;
	struct actor a;
	struct ctx c;
	struct db *reader = open_db(&err), *db = open_db(&err);
	struct db_stmt *st;
	char wal[sizeof(db_path) + 8], **owner, hdr[32], frame[24];
	int k = n / 10, commits = 0, owners = 0, pagesize;
	long all = 0;
	size_t seen = 0;
	struct tally tally[64];
	FILE *f;

	if (db_exec_script(db, "PRAGMA wal_checkpoint(TRUNCATE)", &err) ||
	    db_read_begin(reader, &err) ||
	    db_prepare(reader, "SELECT COUNT(*) FROM reservations", &st, &err))
		die("snapshot", &err);
	db_step(st);
	db_reset(st);
	ctx_init(&c, db, &a, &ar, &err);
	for (int i = 0; i < k; i++) {
		json_t *out = NULL;

		if (reservation_redeem(&c, reservations[i * 10], &out))
			die("redeem", &err);
		json_decref(out);
		arena_release(&ar);
	}
	snprintf(wal, sizeof(wal), "%s-wal", db_path);
	f = fopen(wal, "rb");
	if (!f || fread(hdr, 1, 32, f) != 32)
		die("read the WAL", &err);
	pagesize = (unsigned char)hdr[8] << 24 | (unsigned char)hdr[9] << 16 |
		   (unsigned char)hdr[10] << 8 | (unsigned char)hdr[11];
	db_read_end(reader);
	owner = page_owners(db, &owners);
	while (fread(frame, 1, 24, f) == 24 && fseek(f, pagesize, SEEK_CUR) == 0) {
		int pg = (unsigned char)frame[0] << 24 | (unsigned char)frame[1] << 16 |
			 (unsigned char)frame[2] << 8 | (unsigned char)frame[3];
		const char *name = pg < owners && owner[pg] ? owner[pg] : "(freed since)";
		size_t t = 0;

		while (t < seen && strcmp(tally[t].name, name) != 0)
			t++;
		if (t == seen && seen < sizeof(tally) / sizeof(tally[0]))
			tally[seen++] = (struct tally){ name, 0 };
		if (t < seen)
			tally[t].frames++;
		if (frame[4] || frame[5] || frame[6] || frame[7])
			commits++;
	}
	fclose(f);
	qsort(tally, seen, sizeof(tally[0]), tally_cmp);
	printf("WAL pages per redemption commit by b-tree (%d redemptions one after another,"
	       " %d commits):\n", k, commits);
	for (size_t t = 0; t < seen; t++) {
		printf("%6.2f %s\n", commits ? (double)tally[t].frames / commits : 0.0,
		       tally[t].name);
		all += tally[t].frames;
	}
	printf("%6.2f in all\n", commits ? (double)all / commits : 0.0);
	for (int i = 0; i < owners; i++)
		free(owner[i]);
	free(owner);
	db_close(reader);
	db_close(db);
	arena_release(&ar);
}

/* Prints what the write transactions of a phase did, per transaction. */
static void
print_stats(const char *what, const struct db_stats *s)
{
	double n = s->write_txns ? (double)s->write_txns : 1;

	printf("per %s: %.1f statements in the write transaction, write lock held %.0f us"
	       " (COMMIT %.0f us), waited for %.0f us, busy-handler waits %.2f,"
	       " WAL pages %.1f, checkpoints %.3f (%.0f us, after the lock: included in the"
	       " COMMIT and lock times above)\n", what,
	       (double)s->write_statements / n, 1e6 * s->write_s / n, 1e6 * s->commit_s / n,
	       1e6 * s->begin_wait_s / n, (double)s->busy_waits / n, (double)s->wal_pages / n,
	       (double)s->checkpoints / n, 1e6 * s->checkpoint_s / n);
}

int
main(int argc, char **argv)
{
	int total = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 4800;
	int64_t ledger_entries = argc > 3 ? strtoll(argv[3], NULL, 10) : 1000000;
	double t_redeem = 0, t_raw = 0, cpu_redeem = 0, cpu_raw = 0;
	double load[3] = { 0, 0, 0 };
	struct db_stats s_redeem = { 0 }, s_raw = { 0 };

	if (argc < 2) {
		fprintf(stderr, "usage: bench_money DB_PATH [REDEMPTIONS [LEDGER_ENTRIES | pages]]\n");
		return 2;
	}
	snprintf(db_path, sizeof(db_path), "%s", argv[1]);
	/* the two phases, in ROUNDS rounds (see there) */
	per_client = total / (CLIENTS * ROUNDS);
	total = per_client * CLIENTS * ROUNDS;
	reservations = calloc((size_t)total, sizeof(*reservations));
	setup_world(total);
	if (argc > 3 && strcmp(argv[3], "pages") == 0) {
		pages_by_btree(total);
		free(reservations);
		return 0;
	}
	getloadavg(load, 3);
	for (int r = 0; r < ROUNDS; r++) {
		round_base = r * CLIENTS * per_client;
		t_redeem += run_clients(redeem_client, &cpu_redeem, &s_redeem);
		t_raw += run_clients(raw_client, &cpu_raw, &s_raw);
	}
	printf("load average before: %.2f %.2f %.2f", load[0], load[1], load[2]);
	getloadavg(load, 3);
	printf(", after: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
	printf("clients: %d, durable commits (WAL, synchronous=FULL), %d round(s)\n", CLIENTS,
	       ROUNDS);
	printf("redemptions: %d in %.2f s = %.0f /s, CPU %.0f us per redemption\n", total,
	       t_redeem, total / t_redeem, 1e6 * cpu_redeem / total);
	printf("raw inserts: %d in %.2f s = %.0f /s, CPU %.0f us per insert\n", total, t_raw,
	       total / t_raw, 1e6 * cpu_raw / total);
	printf("ratio: %.0f %% of the raw rate\n", 100.0 * t_raw / t_redeem);
	print_stats("redemption", &s_redeem);
	print_stats("raw insert", &s_raw);
	printf("busy retries (after the 10 s busy timeout): %d\n", (int)busy_retries);
	if (ledger_entries > 0)
		ledger_check_bench(ledger_entries);
	free(reservations);
	return 0;
}
