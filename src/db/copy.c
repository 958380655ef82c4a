/* copy.c: copying a whole installation between databases (see copy.h) */
#include "db/copy.h"
#include "db/migrate.h"
#include "base/buf.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Every table of the schema, parents before children (foreign keys).
 * A migration that adds a table adds one line here; sum names a money
 * column (BIGINT cents) whose total must be the same after the copy: the
 * ledger's tables name their amount column. schema_migrations is not
 * copied: the target has its own, from migrating. */
static const struct copy_table {
	const char *name;
	const char *sum;
} tables[] = {
	{ "organisations", NULL },
	{ "network_memberships", NULL },
	{ "programmes", NULL },
	{ "outcomes", NULL },
	{ "offerings", "price_cents" },
	{ "offering_outcomes", NULL },
	{ "persons", NULL },
	{ "employments", NULL },
	{ "accounts", NULL },
	{ "role_grants", NULL },
	{ "sessions", NULL },
	{ "api_tokens", NULL },
	{ "login_attempts", NULL },
	{ "audit_log", NULL },
	/* learning (0003) */
	{ "periods", NULL },
	{ "cohorts", NULL },
	{ "programme_assessment_rules", NULL },
	{ "enrolments", NULL },
	{ "prior_learning_claims", NULL },
	{ "agreements", NULL },
	{ "agreement_versions", NULL },
	{ "signatures", NULL },
	{ "agreement_outcomes", NULL },
	{ "evidence", NULL },
	{ "attestations", NULL },
	{ "assessments", NULL },
	{ "coaching_log", NULL },
	/* money (0004) */
	{ "voucher_schemes", "budget_cents" },
	{ "voucher_scheme_programmes", NULL },
	{ "vouchers", NULL },
	{ "reservations", NULL },
	{ "ledger_accounts", NULL },
	{ "ledger_transactions", NULL },
	{ "ledger_entries", "amount_cents" },
	{ "idempotency_keys", NULL },
	{ "employer_contributions", NULL },
	/* employer funding (0005) */
	{ "employer_funding", "cap_cents" },
	{ "employer_funding_overrides", "cap_cents" },
};

#define TABLE_COUNT ((int)(sizeof(tables) / sizeof(tables[0])))
#define MAX_COLUMNS 64

int
db_copy_table_count(void)
{
	return TABLE_COUNT;
}

const char *
db_copy_table_name(int i)
{
	return i >= 0 && i < TABLE_COUNT ? tables[i].name : NULL;
}

/* True for a plain lower-case SQL name (they come from the schema, but are
 * pasted into SQL, so they are checked anyway). */
static bool
plain_name(const char *s)
{
	return s && *s && strlen(s) < 64 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s);
}

static const struct copy_table *
find_table(const char *name)
{
	for (int i = 0; i < TABLE_COUNT; i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

/* Refuses a source with a table the list above does not know. */
static enum lp_status
check_all_listed(struct db *from, struct lp_error *err)
{
	const char *sql = strcmp(db_backend_name(from), "postgres") == 0
		? "SELECT table_name FROM information_schema.tables"
		  " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
		: "SELECT name FROM sqlite_master WHERE type = 'table'"
		  " AND name NOT LIKE 'sqlite%'";
	struct db_stmt *st;
	enum db_step_result step;
	enum lp_status rc;

	rc = db_prepare(from, sql, &st, err);
	if (rc)
		return rc;
	while ((step = db_step(st)) == DB_ROW) {
		const char *name = db_column_text(st, 0);
		if (strcmp(name, "schema_migrations") != 0 && !find_table(name)) {
			rc = lp_fail(err, LP_EUNSUPPORTED, "from",
				     "the source has a table '%s' that this leerpad cannot copy; "
				     "use the leerpad that made it", name);
			break;
		}
	}
	if (!rc && step == DB_ERROR)
		rc = db_error(from, err);
	db_reset(st);
	return rc;
}

/* The schema version of db (0 if it has none). */
static enum lp_status
schema_version(struct db *db, int64_t *version, struct lp_error *err)
{
	struct db_stmt *st;
	enum lp_status rc;

	*version = 0;
	rc = db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &st, err);
	if (rc)
		return lp_fail(err, LP_EINVAL, "from", "not a leerpad database (no schema version)");
	if (db_step(st) == DB_ROW)
		*version = db_column_int(st, 0);
	else
		rc = db_error(db, err);
	db_reset(st);
	return rc;
}

/* One integer from sql (no parameters). */
static enum lp_status
one_int(struct db *db, const char *sql, int64_t *out, struct lp_error *err)
{
	struct db_stmt *st;
	enum lp_status rc;

	*out = 0;
	rc = db_prepare(db, sql, &st, err);
	if (rc)
		return rc;
	if (db_step(st) == DB_ROW)
		*out = db_column_int(st, 0);
	else
		rc = db_error(db, err);
	db_reset(st);
	return rc;
}

/* Rows and an order-independent digest of a table's contents: the sum of
 * the first 8 bytes of each row's SHA-256 over its values as text (so
 * both engines give the same digest for the same rows, in any order). */
static enum lp_status
table_digest(struct db *db, const char *table, int64_t *rows, uint64_t *digest,
	     struct lp_error *err)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	enum db_step_result step;
	enum lp_status rc;

	*rows = 0;
	*digest = 0;
	buf_printf(&sql, "SELECT * FROM %s", table);
	rc = db_prepare(db, buf_str(&sql), &st, err);
	buf_release(&sql);
	if (rc)
		return rc;
	while ((step = db_step(st)) == DB_ROW) {
		crypto_hash_sha256_state h;
		unsigned char out[crypto_hash_sha256_BYTES];
		uint64_t part = 0;

		crypto_hash_sha256_init(&h);
		for (int c = 0; c < db_column_count(st); c++) {
			const char *v = db_column_text(st, c);
			unsigned char null = v == NULL;
			uint64_t n = v ? strlen(v) : 0;
			crypto_hash_sha256_update(&h, &null, 1);
			crypto_hash_sha256_update(&h, (const unsigned char *)&n, sizeof(n));
			if (n)
				crypto_hash_sha256_update(&h, (const unsigned char *)v, n);
		}
		crypto_hash_sha256_final(&h, out);
		memcpy(&part, out, sizeof(part));
		*digest += part;
		(*rows)++;
	}
	if (step == DB_ERROR)
		rc = db_error(db, err);
	db_reset(st);
	return rc;
}

/* Copies the rows of one table. */
static enum lp_status
copy_rows(struct db *from, struct db *to, const char *table, struct lp_error *err)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *src, *dst = NULL;
	enum db_step_result step;
	enum lp_status rc;
	int cols = 0;

	buf_printf(&sql, "SELECT * FROM %s", table);
	rc = db_prepare(from, buf_str(&sql), &src, err);
	if (rc)
		goto out;
	while ((step = db_step(src)) == DB_ROW) {
		if (!dst) {
			/* the INSERT, from the columns of the first row */
			cols = db_column_count(src);
			if (cols > MAX_COLUMNS) {
				rc = lp_fail(err, LP_EINTERNAL, NULL, "%s has too many columns", table);
				break;
			}
			buf_reset(&sql);
			buf_printf(&sql, "INSERT INTO %s (", table);
			for (int c = 0; c < cols; c++) {
				const char *name = db_column_name(src, c);
				if (!plain_name(name)) {
					rc = lp_fail(err, LP_EINTERNAL, NULL, "odd column name in %s",
						     table);
					break;
				}
				buf_printf(&sql, "%s%s", c ? ", " : "", name);
			}
			if (rc)
				break;
			buf_puts(&sql, ") VALUES (");
			for (int c = 0; c < cols; c++)
				buf_puts(&sql, c ? ", ?" : "?");
			buf_puts(&sql, ")");
			rc = db_prepare(to, buf_str(&sql), &dst, err);
			if (rc)
				break;
		}
		for (int c = 0; c < cols; c++)
			db_bind_text(dst, c + 1, db_column_text(src, c));
		if (db_step(dst) != DB_DONE) {
			struct lp_error why;
			rc = db_error(to, &why);
			db_reset(dst);
			lp_fail(err, rc, "to", "copying %s: %s", table, why.reason);
			break;
		}
		db_reset(dst);
	}
	if (!rc && step == DB_ERROR)
		rc = db_error(from, err);
	db_reset(src);
out:
	buf_release(&sql);
	return rc;
}

/* Copies and checks one table; fills r. */
static enum lp_status
copy_table(struct db *from, struct db *to, const struct copy_table *t,
	   struct copy_table_report *r, struct lp_error *err)
{
	uint64_t from_digest = 0, to_digest = 0;
	enum lp_status rc;
	char sql[160];

	memset(r, 0, sizeof(*r));
	r->table = t->name;
	r->sum_column = t->sum;
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", t->name);
	rc = one_int(to, sql, &r->target_rows, err);
	if (!rc && r->target_rows > 0)
		return lp_fail(err, LP_ECONFLICT, "to",
			       "the target is not empty: %s has %lld rows; copy into a new database",
			       t->name, (long long)r->target_rows);
	if (!rc)
		rc = copy_rows(from, to, t->name, err);
	if (!rc)
		rc = table_digest(from, t->name, &r->source_rows, &from_digest, err);
	if (!rc)
		rc = table_digest(to, t->name, &r->target_rows, &to_digest, err);
	r->same_content = from_digest == to_digest;
	if (!rc && t->sum) {
		snprintf(sql, sizeof(sql), "SELECT COALESCE(SUM(%s), 0) FROM %s", t->sum, t->name);
		rc = one_int(from, sql, &r->source_sum, err);
		if (!rc)
			rc = one_int(to, sql, &r->target_sum, err);
	}
	if (rc)
		return rc;
	if (r->source_rows != r->target_rows || !r->same_content ||
	    r->source_sum != r->target_sum)
		return lp_fail(err, LP_EINTERNAL, "to",
			       "%s differs after the copy (%lld rows in the source, %lld in the "
			       "target); nothing was copied", t->name, (long long)r->source_rows,
			       (long long)r->target_rows);
	return LP_OK;
}

enum lp_status
db_copy(struct db *from, struct db *to, copy_progress_fn progress, void *arg,
	struct lp_error *err)
{
	int64_t version = 0;
	enum lp_status rc;

	rc = schema_version(from, &version, err);
	if (rc)
		return rc;
	if (version != migrate_latest())
		return lp_fail(err, LP_EINVAL, "from",
			       "the source is at schema version %lld, this leerpad at %d; "
			       "run 'leerpad init' on the source first", (long long)version,
			       migrate_latest());
	rc = check_all_listed(from, err);
	if (!rc)
		rc = migrate_up(to, NULL, err);
	if (!rc)
		rc = db_begin(to, err);
	if (rc)
		return rc;
	for (int i = 0; i < TABLE_COUNT && !rc; i++) {
		struct copy_table_report r;
		rc = copy_table(from, to, &tables[i], &r, err);
		if (!rc && progress)
			progress(&r, arg);
	}
	if (!rc)
		return db_commit(to, err);
	db_rollback(to);
	return rc;
}
