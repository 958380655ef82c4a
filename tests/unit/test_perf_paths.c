/* test_perf_paths.c: unit tests of the faster read paths: read snapshots
 * (db_read_begin and friends) and entity_list_write, which must give the
 * same text as entity_list's records written one by one, for every
 * entity, every reader and every page */
#include "base/json_writer.h"
#include "db/db.h"
#include "domain/entity.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture fx;

static int
group_setup(void **state)
{
	(void)state;
	fixture_create(&fx, NULL);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	fixture_release(&fx);
	return 0;
}

/* Rows of login_attempts as conn sees them now. */
static int64_t
attempts(struct db *conn)
{
	struct db_stmt *st;
	int64_t n = -1;

	assert_int_equal(db_prepare(conn, "SELECT COUNT(*) FROM login_attempts", &st, &fx.err),
			 LP_OK);
	if (db_step(st) == DB_ROW)
		n = db_column_int(st, 0);
	db_reset(st);
	return n;
}

/* Adds a row to login_attempts through conn, committed. */
static void
add_attempt(struct db *conn, const char *key)
{
	assert_int_equal(db_run(conn, &fx.err, NULL, "INSERT INTO login_attempts (key,"
				" window_start, failures) VALUES (?, 1, 1)", "s", key), LP_OK);
}

/* Inside a snapshot a connection keeps seeing the data as it was at its
 * first read; nested snapshots end with the outermost; writes are refused
 * inside one; inside a write transaction a snapshot changes nothing. */
static void
test_read_snapshot(void **state)
{
	struct db *other = NULL;
	int64_t before;

	(void)state;
	assert_int_equal(db_open(fx.db_path, &other, &fx.err), LP_OK);
	before = attempts(fx.db);

	assert_int_equal(db_read_begin(fx.db, &fx.err), LP_OK);
	assert_int_equal(attempts(fx.db), before);
	add_attempt(other, "snapshot-1");
	assert_int_equal(attempts(fx.db), before);          /* not yet */
	assert_int_equal(db_read_begin(fx.db, &fx.err), LP_OK); /* nested */
	db_read_end(fx.db);
	assert_int_equal(attempts(fx.db), before);          /* still the outer one */
	/* no writes in a snapshot */
	assert_int_equal(db_begin(fx.db, &fx.err), LP_EINTERNAL);
	assert_int_equal(db_begin_nestable(fx.db, &fx.err), LP_EINTERNAL);
	db_read_end(fx.db);
	assert_int_equal(attempts(fx.db), before + 1);      /* now it shows */

	/* an end without a beginning does nothing */
	db_read_end(fx.db);
	assert_int_equal(db_begin(fx.db, &fx.err), LP_OK);
	/* a snapshot inside a write transaction leaves it as it is */
	assert_int_equal(db_read_begin(fx.db, &fx.err), LP_OK);
	add_attempt(fx.db, "snapshot-2");
	db_read_end(fx.db);
	assert_int_equal(db_commit(fx.db, &fx.err), LP_OK);
	assert_int_equal(attempts(other), before + 2);

	/* db_read_end_all closes whatever was left open */
	assert_false(db_read_end_all(fx.db));
	assert_int_equal(db_read_begin(fx.db, &fx.err), LP_OK);
	assert_int_equal(db_read_begin(fx.db, &fx.err), LP_OK);
	assert_int_equal(attempts(fx.db), before + 2);
	add_attempt(other, "snapshot-3");
	assert_true(db_read_end_all(fx.db));
	assert_false(db_read_end_all(fx.db));
	assert_int_equal(attempts(fx.db), before + 3);
	assert_int_equal(db_begin(fx.db, &fx.err), LP_OK);
	db_rollback(fx.db);
	db_close(other);
}

/* One list, both ways: entity_list's items written by jw_value, and
 * entity_list_write; the texts, the cursors and the status must agree. */
static void
assert_list_same(struct ctx *ctx, const struct entity_def *def, struct entity_query *q)
{
	struct buf tree = BUF_INIT, stream = BUF_INIT;
	struct jw w;
	json_t *items = NULL;
	const char *next_tree = NULL, *next_stream = NULL;
	enum lp_status rc_tree, rc_stream;

	rc_tree = entity_list(ctx, def, q, &items, &next_tree);
	jw_init(&w, &tree);
	if (!rc_tree) {
		jw_value(&w, items);
		assert_true(jw_finish(&w));
	}
	json_decref(items);
	jw_init(&w, &stream);
	rc_stream = entity_list_write(ctx, def, q, &w, &next_stream);
	assert_int_equal(rc_stream, rc_tree);
	if (!rc_stream) {
		assert_true(jw_finish(&w));
		if (strcmp(buf_str(&tree), buf_str(&stream)) != 0)
			fail_msg("%s:\ntree:   %s\nstream: %s", def->name, buf_str(&tree),
				 buf_str(&stream));
		if (next_tree || next_stream) {
			assert_non_null(next_tree);
			assert_non_null(next_stream);
			assert_string_equal(next_tree, next_stream);
		}
	}
	buf_release(&tree);
	buf_release(&stream);
}

/* entity_list_write gives entity_list's text for every entity, as every
 * kind of reader, whole and in pages of 1 and 2, with awkward texts in
 * the records (quotes, backslashes, non-ASCII, line breaks, EC with a
 * decimal) and with a list column whose stored text is not plain. */
static void
test_list_write_matches_list(void **state)
{
	static const char *const readers[] = { NULL, "admin", "inst_admin", "hr", "learner",
					       "monitor" };
	json_t *input;
	char id[ID_LEN];

	(void)state;
	input = json_pack("{s:s, s:s, s:s, s:f, s:[s,s], s:[s], s:[s,s,s], s:s}",
			  "institution_id", fx.inst_a,
			  "name", "Zo\xC3\xAB \"quoted\" \\ <b> \xF0\x9F\x98\x80",
			  "level", "master", "total_ec", 7.5,
			  "modes", "part_time", "dual", "experiments", "leeruitkomsten",
			  "locations", "Den Bosch \"centrum\"", "Zwolle \xC3\xA9", "a\\b",
			  "description", "line one\nline two\ttabbed\r\nend");
	fixture_make(&fx, &programmes_def, input, id);
	input = json_pack("{s:s, s:s, s:s, s:f, s:[s,s]}", "programme_id", id,
			  "code", "LU-\xC3\xA9", "title", "Kan \"dingen\"", "ec", 2.5,
			  "criteria", "\xC3\xA9\xC3\xA9n", "twee \"drie\"");
	fixture_make(&fx, &outcomes_def, input, NULL);

	for (size_t r = 0; r < sizeof(readers) / sizeof(readers[0]); r++) {
		struct actor actor;
		struct lp_error err;
		struct ctx ctx = { fx.db, &actor, &fx.arena, &err };

		if (readers[r])
			fixture_actor(&fx, strcmp(readers[r], "admin") == 0 ? fx.acc_admin :
					   strcmp(readers[r], "inst_admin") == 0 ? fx.acc_inst_admin :
					   strcmp(readers[r], "hr") == 0 ? fx.acc_hr :
					   strcmp(readers[r], "learner") == 0 ? fx.acc_learner :
					   fx.acc_monitor, &actor);
		else
			actor_anonymous(&actor);
		for (int e = 0; entity_all[e]; e++) {
			struct entity_query q;
			const char *next = NULL;

			memset(&q, 0, sizeof(q));
			assert_list_same(&ctx, entity_all[e], &q);
			/* page by page, following the cursors */
			for (int limit = 1; limit <= 2; limit++) {
				int pages = 0;
				do {
					json_t *items = NULL;
					memset(&q, 0, sizeof(q));
					q.limit = limit;
					q.cursor = next;
					assert_list_same(&ctx, entity_all[e], &q);
					if (entity_list(&ctx, entity_all[e], &q, &items, &next))
						next = NULL;
					json_decref(items);
				} while (next && ++pages < 100);
			}
			/* an unknown filter fails the same way both ways */
			memset(&q, 0, sizeof(q));
			q.filter_count = 1;
			q.filter_names[0] = "no_such_filter";
			q.filter_values[0] = "x";
			assert_list_same(&ctx, entity_all[e], &q);
		}
	}

	/* a list column whose stored text is not plain (written by an older
	 * version with escapes, say) reads the same both ways */
	assert_int_equal(db_run(fx.db, &fx.err, NULL, "UPDATE programmes SET locations = ? "
				"WHERE id = ?", "ss", "[\"\\u00e9\", \"a\\\"b\"]", id), LP_OK);
	{
		struct actor actor;
		struct lp_error err;
		struct ctx ctx = { fx.db, &actor, &fx.arena, &err };
		struct entity_query q;

		actor_anonymous(&actor);
		memset(&q, 0, sizeof(q));
		assert_list_same(&ctx, &programmes_def, &q);
		/* and text that is no JSON at all is an empty list both ways */
		assert_int_equal(db_run(fx.db, &fx.err, NULL, "UPDATE programmes SET locations ="
					" 'not json' WHERE id = ?", "s", id), LP_OK);
		assert_list_same(&ctx, &programmes_def, &q);
	}
}

/* entity_list_fields gives each record of entity_list with only its id
 * and the named fields, in the same order, with the same cursor; a name
 * that is not a readable field is refused. */
static void
test_list_fields(void **state)
{
	static const char *const fields[] = { "name", "modes", "total_ec", NULL };
	static const char *const none[] = { NULL };
	static const char *const unknown[] = { "name", "nope", NULL };
	static const char *const password[] = { "password", NULL };
	struct actor actor;
	struct lp_error err;
	struct ctx ctx = { fx.db, &actor, &fx.arena, &err };
	struct entity_query q;
	json_t *whole = NULL, *part = NULL, *rec;
	const char *next_whole = NULL, *next_part = NULL;
	size_t i;

	(void)state;
	actor_anonymous(&actor);
	memset(&q, 0, sizeof(q));
	q.limit = 1;
	assert_int_equal(entity_list(&ctx, &programmes_def, &q, &whole, &next_whole), LP_OK);
	assert_int_equal(entity_list_fields(&ctx, &programmes_def, &q, fields, &part,
					    &next_part), LP_OK);
	assert_non_null(next_whole);
	assert_non_null(next_part);
	assert_string_equal(next_whole, next_part);
	assert_int_equal(json_array_size(part), json_array_size(whole));
	json_array_foreach(whole, i, rec) {
		json_t *want = json_pack("{s:O, s:O, s:O, s:O}", "id", json_object_get(rec, "id"),
					 "name", json_object_get(rec, "name"), "total_ec",
					 json_object_get(rec, "total_ec"), "modes",
					 json_object_get(rec, "modes"));
		assert_true(json_equal(want, json_array_get(part, i)));
		json_decref(want);
	}
	json_decref(whole);
	json_decref(part);

	/* no fields: the ids alone */
	memset(&q, 0, sizeof(q));
	assert_int_equal(entity_list_fields(&ctx, &offerings_def, &q, none, &part, &next_part),
			 LP_OK);
	assert_true(json_array_size(part) > 0);
	json_array_foreach(part, i, rec) {
		assert_int_equal(json_object_size(rec), 1);
		assert_non_null(json_string_value(json_object_get(rec, "id")));
	}
	json_decref(part);
	/* a link list is read when asked for */
	{
		static const char *const links[] = { "outcome_ids", NULL };
		assert_int_equal(entity_list_fields(&ctx, &offerings_def, &q, links, &part,
						    &next_part), LP_OK);
		json_array_foreach(part, i, rec)
			assert_true(json_is_array(json_object_get(rec, "outcome_ids")));
		json_decref(part);
	}

	assert_int_equal(entity_list_fields(&ctx, &programmes_def, &q, unknown, &part,
					    &next_part), LP_EINVAL);
	assert_null(part);
	assert_string_equal(err.field, "nope");
	fixture_actor(&fx, fx.acc_admin, &actor);
	assert_int_equal(entity_list_fields(&ctx, &accounts_def, &q, password, &part,
					    &next_part), LP_EINVAL);
	assert_null(part);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_snapshot),
		cmocka_unit_test(test_list_write_matches_list),
		cmocka_unit_test(test_list_fields),
	};

	return cmocka_run_group_tests_name("perf_paths", tests, group_setup, group_teardown);
}
