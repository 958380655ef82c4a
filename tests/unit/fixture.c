/* fixture.c: the shared test world, built through the domain (see fixture.h) */
/* nftw and its flags are X/Open */
#define _XOPEN_SOURCE 700
#include "fixture.h"
#include "base/crypto.h"
#include "base/i18n.h"
#include "db/migrate.h"
#include "domain/auth.h"

#include <ftw.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Prints what failed and stops the test program, leaving no directory
 * behind (unless LEERPAD_TEST_KEEP asks to keep it). */
static void
die(struct fixture *fx, const char *what)
{
	fprintf(stderr, "fixture: %s failed: %s%s%s\n", what, fx->err.field,
		fx->err.field[0] ? ": " : "", fx->err.reason);
	fixture_close_db(fx);
	if (getenv("LEERPAD_TEST_KEEP"))
		fprintf(stderr, "fixture: kept %s\n", fx->dir);
	else
		fixture_remove_tree(fx->dir);
	abort();
}

void
fixture_make(struct fixture *fx, const struct entity_def *def, json_t *input,
	     char id_out[ID_LEN])
{
	json_t *out = NULL;

	if (!input) {
		fprintf(stderr, "fixture: bad json_pack for %s\n", def->name);
		abort();
	}
	lp_error_clear(&fx->err);
	if (entity_create(&fx->ctx, def, input, &out))
		die(fx, def->name);
	if (id_out)
		snprintf(id_out, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(out);
	json_decref(input);
}

void
fixture_actor(struct fixture *fx, const char *account_id, struct actor *actor)
{
	lp_error_clear(&fx->err);
	if (auth_load_actor(&fx->ctx, account_id, actor))
		die(fx, "loading an actor");
}

/* An account with the fixture password, optionally a person and a role. */
static void
make_account(struct fixture *fx, const char *email, const char *person, const char *role,
	     const char *org, char id_out[ID_LEN])
{
	json_t *acc = json_pack("{s:s, s:s}", "email", email, "password", FIXTURE_PASSWORD);

	if (person)
		json_object_set_new(acc, "person_id", json_string(person));
	fixture_make(fx, &accounts_def, acc, id_out);
	if (role)
		fixture_make(fx, &role_grants_def,
			     json_pack("{s:s, s:s, s:s?}", "account_id", id_out, "role", role,
				       "organisation_id", org), NULL);
}

/* A person with a given and a family name. */
static void
make_person(struct fixture *fx, const char *given, const char *family, char id_out[ID_LEN])
{
	fixture_make(fx, &persons_def, json_pack("{s:s, s:s}", "given_name", given,
						 "family_name", family), id_out);
}

/* An employment from 2023-09-01, with a supervisor when not NULL. */
static void
make_employment(struct fixture *fx, const char *person, const char *employer,
		const char *supervisor, const char *title, char id_out[ID_LEN])
{
	fixture_make(fx, &employments_def,
		     json_pack("{s:s, s:s, s:s, s:s, s:s?}", "person_id", person, "employer_id",
			       employer, "job_title", title, "start_date", "2023-09-01",
			       "supervisor_id", supervisor), id_out);
}

/* The organisations, memberships and catalog records. */
static void
make_catalog(struct fixture *fx)
{
	fixture_make(fx, &organisations_def,
		     json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "kind", "institution", "name",
			       "Hogeschool Aurora", "institution_code", "30GB", "funded", 1,
			       "city", "Eindhoven", "website", "https://aurora.example.nl"),
		     fx->inst_a);
	fixture_make(fx, &organisations_def,
		     json_pack("{s:s, s:s, s:s, s:s}", "kind", "institution", "name",
			       "Academie Borealis", "institution_code", "21PC", "city", "Leeuwarden"),
		     fx->inst_b);
	fixture_make(fx, &organisations_def,
		     json_pack("{s:s, s:s, s:s, s:s}", "kind", "employer", "name",
			       "Werkplaats Alfa BV", "coc_number", "12345678", "city", "Helmond"),
		     fx->emp_a);
	fixture_make(fx, &organisations_def,
		     json_pack("{s:s, s:s, s:s}", "kind", "employer", "name", "Beta Retail NV",
			       "coc_number", "87654321"), fx->emp_b);
	fixture_make(fx, &organisations_def,
		     json_pack("{s:s, s:s}", "kind", "centre_of_expertise", "name",
			       "Centre of Expertise Mobiliteit"), fx->network);
	fixture_make(fx, &network_memberships_def,
		     json_pack("{s:s, s:s, s:s}", "network_id", fx->network, "member_id",
			       fx->inst_a, "role", "lead"), fx->membership);

	fixture_make(fx, &programmes_def,
		     json_pack("{s:s, s:s, s:s, s:i, s:[ss], s:[ss], s:[s], s:s}",
			       "institution_id", fx->inst_a, "name", "Werktuigbouwkunde duaal",
			       "level", "bachelor", "total_ec", 240, "modes", "part_time", "dual",
			       "experiments", "leeruitkomsten", "vraagfinanciering",
			       "locations", "Eindhoven", "learning_line", "techniek"),
		     fx->prog_a);
	fixture_make(fx, &programmes_def,
		     json_pack("{s:s, s:s, s:s, s:i, s:[s], s:[s], s:[s]}",
			       "institution_id", fx->inst_b, "name", "Ad Retailmanagement",
			       "level", "associate_degree", "total_ec", 120, "modes", "part_time",
			       "experiments", "leeruitkomsten", "locations", "Leeuwarden"),
		     fx->prog_b);
	fixture_make(fx, &outcomes_def,
		     json_pack("{s:s, s:s, s:s, s:i, s:[s]}", "programme_id", fx->prog_a, "code",
			       "WTB-1", "title", "Ontwerpen van een productieproces", "ec", 30,
			       "criteria", "Het ontwerp is getoetst in de praktijk"),
		     fx->outcome_a1);
	fixture_make(fx, &outcomes_def,
		     json_pack("{s:s, s:s, s:s, s:f}", "programme_id", fx->prog_a, "code",
			       "WTB-2", "title", "Onderzoeken in de beroepspraktijk", "ec", 7.5),
		     fx->outcome_a2);
	fixture_make(fx, &outcomes_def,
		     json_pack("{s:s, s:s, s:s, s:i}", "programme_id", fx->prog_b, "code",
			       "RM-1", "title", "Leidinggeven aan een winkelteam", "ec", 15),
		     fx->outcome_b1);
	fixture_make(fx, &offerings_def,
		     json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:[s]}", "provider_id",
			       fx->inst_a, "title", "Module productieontwerp online", "ec", 30,
			       "mode", "online", "start_date", "2025-09-01", "end_date",
			       "2026-01-31", "price_cents", 125000, "outcome_ids", fx->outcome_a1),
		     fx->offering_a);
	fixture_make(fx, &offerings_def,
		     json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:i, s:[s]}", "provider_id",
			       fx->inst_b, "title", "Teamleiderschap op de campus", "ec", 15,
			       "mode", "on_campus", "location", "Leeuwarden", "start_date",
			       "2025-09-01", "end_date", "2025-12-20", "price_cents", 60000,
			       "outcome_ids", fx->outcome_b1),
		     fx->offering_b);
}

/* The people, their employments and the accounts with their roles. */
static void
make_people(struct fixture *fx)
{
	make_person(fx, "Lotte", "de Leerling", fx->p_learner);
	make_person(fx, "Sander", "Supervisor", fx->p_supervisor);
	make_person(fx, "Hanna", "Personeelszaken", fx->p_hr);
	make_person(fx, "Omar", "Anderswerker", fx->p_other);
	make_person(fx, "Lea", "Los", fx->p_loose);
	make_employment(fx, fx->p_learner, fx->emp_a, fx->p_supervisor, "Monteur",
			fx->employment_learner);
	make_employment(fx, fx->p_supervisor, fx->emp_a, NULL, "Teamleider", NULL);
	make_employment(fx, fx->p_hr, fx->emp_a, NULL, "HR-adviseur", NULL);
	make_employment(fx, fx->p_other, fx->emp_b, NULL, "Verkoper", fx->employment_other);

	make_account(fx, FIXTURE_EMAIL("admin"), NULL, "system_admin", NULL, fx->acc_admin);
	make_account(fx, FIXTURE_EMAIL("inst_admin"), NULL, "institution_admin", fx->inst_a,
		     fx->acc_inst_admin);
	make_account(fx, FIXTURE_EMAIL("pm"), NULL, "programme_manager", fx->inst_a, fx->acc_pm);
	make_account(fx, FIXTURE_EMAIL("hr"), fx->p_hr, "employer_hr", fx->emp_a, fx->acc_hr);
	make_account(fx, FIXTURE_EMAIL("hr_b"), NULL, "employer_hr", fx->emp_b, fx->acc_hr_b);
	make_account(fx, FIXTURE_EMAIL("supervisor"), fx->p_supervisor, "workplace_supervisor",
		     fx->emp_a, fx->acc_supervisor);
	make_account(fx, FIXTURE_EMAIL("learner"), fx->p_learner, NULL, NULL, fx->acc_learner);
	fixture_make(fx, &role_grants_def,
		     json_pack("{s:s, s:s, s:s}", "account_id", fx->acc_learner, "role", "learner",
			       "organisation_id", fx->inst_a), fx->grant_learner);
	make_account(fx, FIXTURE_EMAIL("coord"), NULL, "network_coordinator", fx->network,
		     fx->acc_coord);
	make_account(fx, FIXTURE_EMAIL("monitor"), NULL, "monitor", NULL, fx->acc_monitor);
	make_account(fx, FIXTURE_EMAIL("locked"), NULL, NULL, NULL, fx->acc_locked);
}

const char *
fixture_pg_url(void)
{
	static char url[512];
	const char *env = getenv("LEERPAD_TEST_PG");
	const char *file = getenv("LEERPAD_TEST_PG_URL_FILE");
	FILE *f;

	if (env && *env)
		return env;
	if (!file || !*file)
		return NULL;
	if (url[0])
		return url;
	f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "fixture: no PostgreSQL cluster: cannot read %s\n", file);
		abort();
	}
	if (!fgets(url, sizeof(url), f))
		url[0] = '\0';
	fclose(f);
	url[strcspn(url, "\r\n")] = '\0';
	return url[0] ? url : NULL;
}

/* Runs one statement on the maintenance database; aborts on failure. */
static void
pg_admin(const char *sql)
{
	struct lp_error err;
	struct db *db = NULL;

	lp_error_clear(&err);
	if (db_open(fixture_pg_url(), &db, &err) || db_exec_script(db, sql, &err)) {
		fprintf(stderr, "fixture: %s: %s\n", sql, err.reason);
		db_close(db);
		abort();
	}
	db_close(db);
}

void
fixture_pg_create(char *url, size_t size, char name[64])
{
	const char *base = fixture_pg_url();
	char sql[128];
	const char *slash, *query;
	unsigned char rnd[8];

	randombytes_buf(rnd, sizeof(rnd));
	snprintf(name, 64, "lp_test_%02x%02x%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2],
		 rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	pg_admin(sql);
	/* the same URL with the path's database name replaced */
	slash = strrchr(base, '/');
	query = strchr(slash ? slash : base, '?');
	snprintf(url, size, "%.*s/%s%s", (int)(slash - base), base, name, query ? query : "");
}

void
fixture_pg_drop(const char *name)
{
	char sql[128];

	if (!name || !*name)
		return;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	pg_admin(sql);
}

void
fixture_create(struct fixture *fx, const char *dir)
{
	fixture_create_at(fx, dir, NULL);
}

void
fixture_create_at(struct fixture *fx, const char *dir, const char *db_url)
{
	const char *tmp = getenv("TMPDIR");
	int applied = 0;

	memset(fx, 0, sizeof(*fx));
	if (!crypto_init()) {
		fputs("fixture: libsodium cannot start\n", stderr);
		abort();
	}
	i18n_init(NULL);
	if (dir) {
		snprintf(fx->dir, sizeof(fx->dir), "%s", dir);
	} else {
		snprintf(fx->dir, sizeof(fx->dir), "%s/leerpad-test-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(fx->dir)) {
			perror("fixture: mkdtemp");
			abort();
		}
	}
	if (!dir && !db_url && fixture_pg_url())
		fixture_pg_create(fx->db_path, sizeof(fx->db_path), fx->pg_name);
	else if (db_url)
		snprintf(fx->db_path, sizeof(fx->db_path), "%s", db_url);
	else
		snprintf(fx->db_path, sizeof(fx->db_path), "%s/leerpad.db", fx->dir);
	actor_system(&fx->system);
	fx->ctx.actor = &fx->system;
	fx->ctx.arena = &fx->arena;
	fx->ctx.err = &fx->err;
	if (db_open(fx->db_path, &fx->db, &fx->err))
		die(fx, "opening the database");
	fx->ctx.db = fx->db;
	if (migrate_up(fx->db, &applied, &fx->err))
		die(fx, "migrating");
	make_catalog(fx);
	make_people(fx);
}

void
fixture_close_db(struct fixture *fx)
{
	if (fx->db)
		db_close(fx->db);
	fx->db = NULL;
	fx->ctx.db = NULL;
}

/* nftw callback: removes one file or (emptied) directory. */
static int
remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
fixture_remove_tree(const char *dir)
{
	if (dir && *dir && access(dir, F_OK) == 0)
		nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void
fixture_release(struct fixture *fx)
{
	fixture_close_db(fx);
	arena_release(&fx->arena);
	fixture_remove_tree(fx->dir);
	fx->dir[0] = '\0';
	if (fx->pg_name[0])
		fixture_pg_drop(fx->pg_name);
	fx->pg_name[0] = '\0';
}
