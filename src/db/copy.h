/* copy.h: copying a whole installation from one database to another
 * (`leerpad copy`, e.g. from SQLite to PostgreSQL)
 *
 * The tables are copied in foreign key order from a list in copy.c: a new
 * table is one line there. A table in the source that is not on the list
 * stops the copy before anything is written, so no table is ever left
 * behind silently.
 */
#ifndef LEERPAD_DB_COPY_H
#define LEERPAD_DB_COPY_H

#include "db/db.h"

#include <stdint.h>

/* What was copied and checked, per table. */
struct copy_table_report {
	const char *table;
	int64_t source_rows, target_rows;
	bool same_content;      /* the order-independent digests agree */
	const char *sum_column; /* a money column summed on both sides, or NULL */
	int64_t source_sum, target_sum;
};

/* Called once per table after it was copied and checked (may be NULL). */
typedef void (*copy_progress_fn)(const struct copy_table_report *r, void *arg);

/* Copies every table of from into to, in one transaction on to. Both must
 * be at this program's newest schema (to is migrated here; from is only
 * read and must be current already), and every copied table of to must be
 * empty. After the rows are in, and before the commit, it verifies per
 * table the row count, a digest of the contents and the sums of the money
 * columns ("the ledger"); any difference rolls everything back
 * (LP_EINTERNAL, naming the table). */
enum lp_status db_copy(struct db *from, struct db *to, copy_progress_fn progress, void *arg,
		       struct lp_error *err);

/* The number of tables db_copy knows, and the name of the i-th. */
int db_copy_table_count(void);
const char *db_copy_table_name(int i);

#endif
