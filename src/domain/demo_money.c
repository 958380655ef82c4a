/* demo_money.c: the demo's voucher scheme, vouchers, reservations,
 * redemptions and employer contribution (see demo_money.h) */
#include "domain/demo_money.h"
#include "domain/scheme.h"
#include "domain/voucher.h"
#include "base/timeutil.h"

#include <stdio.h>
#include <string.h>

/* The id (arena) of the first row of sql with one text parameter. */
static const char *
lookup(struct ctx *ctx, const char *sql, const char *a, const char *b)
{
	struct db_stmt *st;
	const char *id = NULL;

	if (db_prepare(ctx->db, sql, &st, ctx->err))
		return NULL;
	db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	if (db_step(st) == DB_ROW)
		id = arena_strdup(ctx->arena, db_column_text(st, 0));
	db_reset(st);
	return id;
}

/* What is left of a reservation's offering price after the voucher. */
static int64_t
rest_of_price(struct ctx *ctx, const char *reservation_id)
{
	struct db_stmt *st;
	int64_t rest = 0;

	if (db_prepare(ctx->db, "SELECT o.price_cents - r.amount_cents FROM reservations r"
		       " JOIN offerings o ON o.id = r.offering_id WHERE r.id = ?", &st, ctx->err))
		return 0;
	db_bind_text(st, 1, reservation_id);
	if (db_step(st) == DB_ROW)
		rest = db_column_int(st, 0);
	db_reset(st);
	return rest;
}

static const char *
person(struct ctx *ctx, const char *given, const char *family)
{
	return lookup(ctx, "SELECT id FROM persons WHERE given_name = ? AND family_name = ?",
		      given, family);
}

static const char *
offering(struct ctx *ctx, const char *title)
{
	return lookup(ctx, "SELECT id FROM offerings WHERE title = ?", title, NULL);
}

/* One voucher story: issue to a learner; then, as far as the dates allow,
 * reserve an offering, confirm, redeem. steps: 1 issue, 2 reserve,
 * 3 confirm, 4 redeem. The reservation id goes to reservation_out. */
static enum lp_status
story(struct ctx *ctx, const char *scheme_id, const char *person_id, int ec,
      const char *offering_id, int steps, char reservation_out[ID_LEN])
{
	json_t *in, *out = NULL;
	char voucher_id[ID_LEN], today[11];
	const char *start, *end;
	enum lp_status rc;

	if (!person_id || !offering_id)
		return lp_fail(ctx->err, LP_EINTERNAL, "demo", "a demo learner or offering is missing");
	in = json_pack("{s:s, s:s, s:i}", "scheme_id", scheme_id, "person_id", person_id, "ec", ec);
	rc = voucher_issue(ctx, in, &out);
	json_decref(in);
	if (rc)
		return rc;
	snprintf(voucher_id, sizeof(voucher_id), "%s", json_string_value(json_object_get(out, "id")));
	json_decref(out);
	time_today(today);
	start = lookup(ctx, "SELECT start_date FROM offerings WHERE id = ?", offering_id, NULL);
	end = lookup(ctx, "SELECT end_date FROM offerings WHERE id = ?", offering_id, NULL);
	if (steps < 2 || !end || strcmp(today, end) > 0)
		return LP_OK;
	in = json_pack("{s:s}", "offering_id", offering_id);
	rc = voucher_reserve(ctx, voucher_id, in, &out);
	json_decref(in);
	if (rc)
		return rc;
	snprintf(reservation_out, ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(out);
	if (steps >= 3) {
		rc = reservation_confirm(ctx, reservation_out, &out);
		json_decref(out);
	}
	if (!rc && steps >= 4 && start && strcmp(today, start) >= 0) {
		rc = reservation_redeem(ctx, reservation_out, &out);
		json_decref(out);
	}
	return rc;
}

enum lp_status
demo_money_load(struct ctx *ctx)
{
	static const char *const programmes[] = {
		"Associate degree Engineering", "Automotive (deeltijd)", "HBO-ICT (deeltijd)",
		"Associate degree Management in de zorg",
	};
	char today[11], from[11], until[16], spend_by[16], r_niels[ID_LEN] = "", r_other[ID_LEN];
	json_t *in, *progs = json_array(), *out = NULL;
	const char *scheme_id, *vdl_etg;
	enum lp_status rc;
	int year;

	time_today(today);
	year = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
	       (today[3] - '0');
	snprintf(from, sizeof(from), "%.4s-01-01", today);
	snprintf(until, sizeof(until), "%04d-12-31", year + 1);
	snprintf(spend_by, sizeof(spend_by), "%04d-12-31", year + 2);
	for (size_t i = 0; i < sizeof(programmes) / sizeof(programmes[0]); i++) {
		const char *id = lookup(ctx, "SELECT id FROM programmes WHERE name = ?",
					programmes[i], NULL);

		if (id)
			json_array_append_new(progs, json_string(id));
	}
	in = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:o, s:[ss], s:b, s:i}", "name",
		       "Experiment vraagfinanciering", "value_per_30ec_cents", (json_int_t)125000,
		       "budget_cents", (json_int_t)500000000, "issue_from", from, "issue_until",
		       until, "spend_by", spend_by, "programme_ids", progs, "rules", "working",
		       "no_diploma", "allow_partial", 0, "max_vouchers_per_learner", 8);
	rc = scheme_create(ctx, in, &out);
	json_decref(in);
	if (rc)
		return rc;
	scheme_id = arena_strdup(ctx->arena, json_string_value(json_object_get(out, "id")));
	json_decref(out);

	/* funded provider (Fontys): Sanne redeemed, Tom confirmed, to redeem */
	rc = story(ctx, scheme_id, person(ctx, "Sanne", "de Vries"), 30,
		   offering(ctx, "Module Ontwerpen en prototypen"), 4, r_other);
	if (!rc)
		rc = story(ctx, scheme_id, person(ctx, "Tom", "Hendriks"), 15,
			   offering(ctx, "Module Technische analyse"), 3, r_other);
	/* private provider (NCOI): Niels redeemed, Youssef reserved */
	if (!rc)
		rc = story(ctx, scheme_id, person(ctx, "Niels", "van Dongen"), 30,
			   offering(ctx, "Module Software ontwikkelen"), 4, r_niels);
	if (!rc)
		rc = story(ctx, scheme_id, person(ctx, "Youssef", "El Amrani"), 30,
			   offering(ctx, "Module Software ontwikkelen"), 2, r_other);
	/* Lisa holds a voucher she has not used yet */
	if (!rc)
		rc = story(ctx, scheme_id, person(ctx, "Lisa", "Postma"), 30,
			   offering(ctx, "Module Software ontwikkelen"), 1, r_other);
	/* Sanne holds a second voucher, for her next module: not reserved yet */
	if (!rc)
		rc = story(ctx, scheme_id, person(ctx, "Sanne", "de Vries"), 30,
			   offering(ctx, "Module Professioneel en projectmatig werken"), 1, r_other);
	/* VDL ETG, Niels's employer, pays half of what the voucher leaves */
	vdl_etg = lookup(ctx, "SELECT id FROM organisations WHERE name = ?", "VDL ETG", NULL);
	if (!rc && r_niels[0] && vdl_etg) {
		int64_t rest = rest_of_price(ctx, r_niels);

		if (rest / 2 > 0) {
			in = json_pack("{s:s, s:s, s:I}", "reservation_id", r_niels, "employer_id",
				       vdl_etg, "amount_cents", (json_int_t)(rest / 2));
			rc = contribution_create(ctx, in, &out);
			json_decref(in);
			json_decref(out);
		}
	}
	return rc;
}
