/* fixture.h: a fresh database with the organisations, people, accounts and
 * catalog records that the domain and API tests share
 *
 * fixture_create makes a temporary directory with a new SQLite database,
 * brings it to the newest schema and fills it through the domain (entity.c,
 * auth.c) with the system actor, exactly as `leerpad demo` would: nothing is
 * pasted into tables behind the domain's back. Every account has the
 * password FIXTURE_PASSWORD. fixture_release closes the database and
 * removes the directory with everything in it.
 *
 * The world:
 *   inst_a, inst_b      institutions (inst_a funded, code 30GB; inst_b 21PC)
 *   emp_a, emp_b        employers
 *   network             a centre of expertise; inst_a is its lead member
 *   prog_a              bachelor of inst_a, part_time+dual, in both experiments
 *                       (voucher eligible), location Eindhoven
 *   prog_b              associate degree of inst_b, part_time, leeruitkomsten only
 *   outcome_a1, _a2     outcomes of prog_a; outcome_b1 of prog_b
 *   offering_a          online offering of inst_a serving outcome_a1
 *   offering_b          on-campus offering of inst_b serving outcome_b1
 *   p_learner           employed at emp_a (employment_learner), supervised
 *                       by p_supervisor
 *   p_supervisor, p_hr  employed at emp_a
 *   p_other             employed at emp_b (employment_other)
 *   p_loose             a person with no employment at all
 * Accounts (role, scope):
 *   admin       system_admin
 *   inst_admin  institution_admin in inst_a
 *   pm          programme_manager in inst_a
 *   hr          employer_hr in emp_a            (person p_hr)
 *   hr_b        employer_hr in emp_b
 *   supervisor  workplace_supervisor in emp_a   (person p_supervisor)
 *   learner     learner in inst_a               (person p_learner)
 *   coord       network_coordinator in network
 *   monitor     monitor
 *   locked      no roles; kept for rate-limit tests
 */
#ifndef LEERPAD_TEST_FIXTURE_H
#define LEERPAD_TEST_FIXTURE_H

#include "base/arena.h"
#include "base/error.h"
#include "base/id.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/context.h"
#include "domain/entity.h"

#include <jansson.h>
#include <limits.h>
#include <stddef.h>

#define FIXTURE_PASSWORD "fixture-wachtwoord"

/* The e-mail address of a fixture account, e.g. FIXTURE_EMAIL("hr"). */
#define FIXTURE_EMAIL(who) who "@test.leerpad.nl"

struct fixture {
	char dir[PATH_MAX - 64];  /* the temporary directory */
	char db_path[PATH_MAX];   /* dir/leerpad.db */
	struct db *db;            /* open until fixture_release (or fixture_close_db) */
	struct arena arena;
	struct lp_error err;
	struct actor system;
	struct ctx ctx;           /* the system actor on db */

	char inst_a[ID_LEN], inst_b[ID_LEN], emp_a[ID_LEN], emp_b[ID_LEN], network[ID_LEN];
	char membership[ID_LEN];
	char prog_a[ID_LEN], prog_b[ID_LEN];
	char outcome_a1[ID_LEN], outcome_a2[ID_LEN], outcome_b1[ID_LEN];
	char offering_a[ID_LEN], offering_b[ID_LEN];
	char p_learner[ID_LEN], p_supervisor[ID_LEN], p_hr[ID_LEN], p_other[ID_LEN];
	char p_loose[ID_LEN];
	char employment_learner[ID_LEN], employment_other[ID_LEN];

	char acc_admin[ID_LEN], acc_inst_admin[ID_LEN], acc_pm[ID_LEN], acc_hr[ID_LEN];
	char acc_hr_b[ID_LEN], acc_supervisor[ID_LEN], acc_learner[ID_LEN], acc_coord[ID_LEN];
	char acc_monitor[ID_LEN], acc_locked[ID_LEN];
	char grant_learner[ID_LEN];
	char pg_name[64];         /* a PostgreSQL database of its own, "" if none */
};

/* Makes the directory (under $TMPDIR or /tmp), the database and the world
 * above. Without dir, and with a PostgreSQL cluster for the tests
 * (fixture_pg_url), the database is a fresh one there instead of a file,
 * dropped by fixture_release: the unit.*_pg tests. With db_ready the
 * database file already exists at
 * <dir>/leerpad.db (made by `leerpad init`) and dir is given; otherwise a
 * new directory is made. Aborts the process with a message on any failure:
 * a test without its fixture cannot say anything useful. */
void fixture_create(struct fixture *fx, const char *dir);
/* The same with the database at db_url (e.g. a PostgreSQL database from
 * fixture_pg_create) instead of <dir>/leerpad.db; NULL: as fixture_create.
 * fx->db_path then holds the URL. */
void fixture_create_at(struct fixture *fx, const char *dir, const char *db_url);

/* PostgreSQL for the tests: the URL of the maintenance database of the
 * throwaway cluster (tests/pg/cluster.sh), from $LEERPAD_TEST_PG or the
 * file named by $LEERPAD_TEST_PG_URL_FILE; NULL if neither is set. */
const char *fixture_pg_url(void);
/* Creates a fresh, empty database in that cluster: its URL into url and
 * its name into name. Aborts on failure. */
void fixture_pg_create(char *url, size_t size, char name[64]);
/* Drops the database called name (connections to it are ended). */
void fixture_pg_drop(const char *name);

/* Closes the database connection (the directory stays). */
void fixture_close_db(struct fixture *fx);
/* Closes the database and removes the directory and all its files. */
void fixture_release(struct fixture *fx);

/* Fills actor as the account with account_id would be after logging in
 * (its person and role grants). Aborts if the account does not exist. */
void fixture_actor(struct fixture *fx, const char *account_id, struct actor *actor);

/* Creates a record as the system actor and copies its id into id_out (may
 * be NULL). Steals the reference to input. Aborts on failure, printing
 * the error with its field. */
void fixture_make(struct fixture *fx, const struct entity_def *def, json_t *input,
		  char id_out[ID_LEN]);

/* Removes a directory tree (files and subdirectories); quiet if it is
 * already gone. */
void fixture_remove_tree(const char *dir);

#endif
