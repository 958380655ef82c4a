/* catalog.c: the records of the catalog and of people, as tables
 *
 * Organisations, network memberships, programmes, learning outcomes,
 * offerings, persons, employments, accounts and role grants. The engine in
 * entity.c does the work; this file says what each record is and holds the
 * rules that are a record's own.
 */
#include "domain/entity.h"
#include "domain/actor.h"
#include "domain/auth.h"
#include "base/timeutil.h"

#include <ctype.h>
#include <string.h>

#define NFIELDS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const organisation_kinds[] = {
	"institution", "employer", "network", "government", "centre_of_expertise", NULL
};
static const char *const membership_roles[] = {
	"lead", "institution", "company", "network_organisation", "government", "partner", NULL
};
static const char *const programme_levels[] = {
	"associate_degree", "bachelor", "master", "post_hbo", NULL
};
static const char *const programme_modes[] = { "full_time", "part_time", "dual", NULL };
static const char *const experiments[] = { "leeruitkomsten", "vraagfinanciering", NULL };
static const char *const offering_modes[] = { "on_campus", "online", "blended", "at_work", NULL };
static const char *const languages[] = { "nl", "en", NULL };
static const char *const role_names[] = {
	"learner", "coach", "examiner", "exam_board", "programme_manager", "institution_admin",
	"employer_hr", "workplace_supervisor", "voucher_authority", "network_coordinator",
	"monitor", "system_admin", NULL
};

/* ---- helpers for the rules ------------------------------------------- */

static const char *
str_of(const json_t *record, const char *key)
{
	return json_string_value(json_object_get(record, key));
}

/* The kind of the organisation with id, into the arena; NULL if none. */
static const char *
organisation_kind(struct ctx *ctx, const char *id)
{
	struct db_stmt *st;
	const char *kind = NULL;

	if (!id || db_prepare(ctx->db, "SELECT kind FROM organisations WHERE id = ?", &st, NULL))
		return NULL;
	db_bind_text(st, 1, id);
	if (db_step(st) == DB_ROW)
		kind = arena_strdup(ctx->arena, db_column_text(st, 0));
	db_reset(st);
	return kind;
}

static enum lp_status
check_dates(struct ctx *ctx, const json_t *record, const char *start, const char *end)
{
	const char *s = str_of(record, start), *e = str_of(record, end);

	if (s && e && strcmp(e, s) < 0)
		return lp_fail(ctx->err, LP_EINVAL, end, "must not be before %s", start);
	return LP_OK;
}

static bool
all_digits(const char *s, size_t len)
{
	if (strlen(s) != len)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* ---- organisations ----------------------------------------------------- */

static const struct field_def organisation_fields[] = {
	{ .name = "kind", .type = FIELD_ENUM, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .values = organisation_kinds, .label = "Kind",
	  .description = "institution, employer, network, government or centre_of_expertise" },
	{ .name = "name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_SEARCH,
	  .max = 200, .label = "Name" },
	{ .name = "short_name", .type = FIELD_TEXT, .max = 40, .label = "Short name" },
	{ .name = "funded", .type = FIELD_BOOL, .flags = FIELD_FILTER, .label = "Publicly funded",
	  .description = "for institutions: funded by the government (bekostigd)" },
	{ .name = "institution_code", .type = FIELD_TEXT, .max = 4, .label = "Institution code",
	  .description = "the BRIN code of an institution, e.g. 30GB" },
	{ .name = "coc_number", .type = FIELD_TEXT, .max = 8, .label = "Chamber of Commerce number",
	  .description = "the 8-digit KvK number of an employer" },
	{ .name = "city", .type = FIELD_TEXT, .flags = FIELD_FILTER, .max = 100, .label = "City" },
	{ .name = "website", .type = FIELD_URL, .max = 300, .label = "Website" },
	{ .name = "description", .type = FIELD_LONGTEXT, .max = 4000, .label = "Description" },
};

static const struct entity_filter organisation_filters[] = {
	{ "educational", "organisations.kind IN ('institution', 'centre_of_expertise')", true,
	  "an institution or a centre of expertise: an organisation that offers education "
	  "under its own name (the organizations of the OOAPI catalog)" },
};

static enum lp_status
organisation_check(struct ctx *ctx, json_t *record)
{
	const char *kind = str_of(record, "kind");
	const char *code = str_of(record, "institution_code");
	const char *coc = str_of(record, "coc_number");

	if (code) {
		if (strcmp(kind, "institution") != 0)
			return lp_fail(ctx->err, LP_EINVAL, "institution_code",
				       "only institutions have an institution code");
		if (strlen(code) != 4 || !isdigit((unsigned char)code[0]) ||
		    !isdigit((unsigned char)code[1]) || !isupper((unsigned char)code[2]) ||
		    !isupper((unsigned char)code[3]))
			return lp_fail(ctx->err, LP_EINVAL, "institution_code",
				       "must be two digits and two capitals, like 30GB");
	} else if (strcmp(kind, "institution") == 0) {
		return lp_fail(ctx->err, LP_EINVAL, "institution_code",
			       "is required for an institution");
	}
	if (coc && !all_digits(coc, 8))
		return lp_fail(ctx->err, LP_EINVAL, "coc_number", "must be exactly 8 digits");
	if (json_is_true(json_object_get(record, "funded")) && strcmp(kind, "institution") != 0)
		return lp_fail(ctx->err, LP_EINVAL, "funded", "only institutions can be funded");
	return LP_OK;
}

const struct entity_def organisations_def = {
	.name = "organisations", .singular = "organisation",
	.label = "Organisation", .label_plural = "Organisations", .display_field = "name",
	.fields = organisation_fields, .field_count = NFIELDS(organisation_fields),
	.filters = organisation_filters, .filter_count = NFIELDS(organisation_filters),
	.public_read = true, .check = organisation_check,
};

/* ---- network memberships ---------------------------------------------- */

static const struct field_def membership_fields[] = {
	{ .name = "network_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "organisations", .label = "Network" },
	{ .name = "member_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "organisations", .label = "Member" },
	{ .name = "role", .type = FIELD_ENUM, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .values = membership_roles, .label = "Role in the network" },
	{ .name = "since", .type = FIELD_DATE, .label = "Member since" },
};

static enum lp_status
membership_check(struct ctx *ctx, json_t *record)
{
	const char *kind = organisation_kind(ctx, str_of(record, "network_id"));

	if (!kind || (strcmp(kind, "network") && strcmp(kind, "centre_of_expertise")))
		return lp_fail(ctx->err, LP_EINVAL, "network_id",
			       "must be a network or a centre of expertise");
	if (strcmp(str_of(record, "network_id"), str_of(record, "member_id")) == 0)
		return lp_fail(ctx->err, LP_EINVAL, "member_id",
			       "a network cannot be a member of itself");
	return LP_OK;
}

const struct entity_def network_memberships_def = {
	.name = "network_memberships", .singular = "network membership",
	.label = "Network membership", .label_plural = "Network memberships",
	.display_field = "role",
	.fields = membership_fields, .field_count = NFIELDS(membership_fields),
	.public_read = true, .check = membership_check,
};

/* ---- programmes -------------------------------------------------------- */

static const struct field_def programme_fields[] = {
	{ .name = "institution_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .ref = "organisations", .label = "Institution" },
	{ .name = "name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_SEARCH,
	  .max = 200, .label = "Name" },
	{ .name = "level", .type = FIELD_ENUM, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .values = programme_levels, .label = "Level" },
	{ .name = "total_ec", .type = FIELD_EC, .flags = FIELD_REQUIRED, .min = 10, .max = 3600,
	  .label = "Total EC" },
	{ .name = "programme_code", .type = FIELD_TEXT, .max = 10, .label = "Programme code",
	  .description = "the CROHO code, five digits" },
	{ .name = "modes", .type = FIELD_ENUMSET, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .values = programme_modes, .filter_name = "mode", .label = "Modes" },
	{ .name = "experiments", .type = FIELD_ENUMSET, .flags = FIELD_FILTER,
	  .values = experiments, .filter_name = "experiment", .label = "Experiments" },
	{ .name = "locations", .type = FIELD_STRLIST, .flags = FIELD_FILTER, .max = 20,
	  .filter_name = "location", .label = "Locations" },
	{ .name = "learning_line", .type = FIELD_TEXT, .flags = FIELD_FILTER, .max = 100,
	  .label = "Learning line",
	  .description = "programmes on one learning line share outcomes, which carry over" },
	{ .name = "description", .type = FIELD_LONGTEXT, .max = 4000, .label = "Description" },
};

static const struct entity_filter programme_filters[] = {
	{ "voucher_eligible", "programmes.experiments LIKE '%\"vraagfinanciering\"%'", true,
	  "takes part in the demand-financing experiment (vouchers)" },
};

static enum lp_status
programme_check(struct ctx *ctx, json_t *record)
{
	const char *kind = organisation_kind(ctx, str_of(record, "institution_id"));
	const char *code = str_of(record, "programme_code");

	if (!kind || strcmp(kind, "institution") != 0)
		return lp_fail(ctx->err, LP_EINVAL, "institution_id", "must be an institution");
	if (json_array_size(json_object_get(record, "modes")) == 0)
		return lp_fail(ctx->err, LP_EINVAL, "modes", "must name at least one mode");
	if (code && !all_digits(code, 5))
		return lp_fail(ctx->err, LP_EINVAL, "programme_code", "must be five digits");
	return LP_OK;
}

const struct entity_def programmes_def = {
	.name = "programmes", .singular = "programme",
	.label = "Programme", .label_plural = "Programmes", .display_field = "name",
	.fields = programme_fields, .field_count = NFIELDS(programme_fields),
	.filters = programme_filters, .filter_count = NFIELDS(programme_filters),
	.public_read = true, .check = programme_check,
};

/* ---- learning outcomes ------------------------------------------------- */

static const struct field_def outcome_fields[] = {
	{ .name = "programme_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "programmes", .label = "Programme" },
	{ .name = "code", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_FILTER | FIELD_SEARCH,
	  .max = 20, .label = "Code" },
	{ .name = "title", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_SEARCH, .max = 200,
	  .label = "Title" },
	{ .name = "description", .type = FIELD_LONGTEXT, .max = 4000, .label = "Description" },
	{ .name = "ec", .type = FIELD_EC, .flags = FIELD_REQUIRED, .min = 1, .max = 600,
	  .label = "EC" },
	{ .name = "criteria", .type = FIELD_STRLIST, .max = 30, .label = "Assessment criteria" },
	{ .name = "alignments", .type = FIELD_STRLIST, .flags = FIELD_URIS, .max = 20,
	  .label = "Alignments",
	  .description = "URIs of ESCO skills or CASE items this outcome matches" },
};

const struct entity_def outcomes_def = {
	.name = "outcomes", .singular = "learning outcome",
	.label = "Learning outcome", .label_plural = "Learning outcomes", .display_field = "title",
	.fields = outcome_fields, .field_count = NFIELDS(outcome_fields),
	.public_read = true,
};

/* ---- offerings --------------------------------------------------------- */

static const struct field_def offering_fields[] = {
	{ .name = "provider_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .ref = "organisations", .label = "Provider",
	  .description = "an institution, or a company for company training" },
	{ .name = "title", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_SEARCH, .max = 200,
	  .label = "Title" },
	{ .name = "description", .type = FIELD_LONGTEXT, .max = 4000, .label = "Description" },
	{ .name = "outcome_ids", .type = FIELD_REFLIST, .flags = FIELD_FILTER, .max = 50,
	  .ref = "outcomes", .link_table = "offering_outcomes", .link_self = "offering_id",
	  .link_other = "outcome_id", .filter_name = "outcome_id",
	  .label = "Learning outcomes served" },
	{ .name = "ec", .type = FIELD_EC, .flags = FIELD_REQUIRED, .min = 1, .max = 600,
	  .label = "EC" },
	{ .name = "mode", .type = FIELD_ENUM, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .values = offering_modes, .label = "Mode" },
	{ .name = "location", .type = FIELD_TEXT, .flags = FIELD_FILTER, .max = 100,
	  .label = "Location" },
	{ .name = "start_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED, .label = "Start date" },
	{ .name = "end_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED, .label = "End date" },
	{ .name = "capacity", .type = FIELD_INT, .min = 1, .max = 100000, .label = "Capacity" },
	{ .name = "price_cents", .type = FIELD_MONEY, .flags = FIELD_REQUIRED, .min = 0,
	  .max = 100000000, .label = "Price (cents)", .description = "price in euro cents" },
};

static const struct entity_filter offering_filters[] = {
	{ "voucher_eligible",
	  "EXISTS (SELECT 1 FROM offering_outcomes oo JOIN outcomes o ON o.id = oo.outcome_id"
	  " JOIN programmes p ON p.id = o.programme_id WHERE oo.offering_id = offerings.id"
	  " AND p.experiments LIKE '%\"vraagfinanciering\"%')", true,
	  "serves outcomes of a programme in the demand-financing experiment" },
	{ "programme_id",
	  "EXISTS (SELECT 1 FROM offering_outcomes oo JOIN outcomes o ON o.id = oo.outcome_id"
	  " WHERE oo.offering_id = offerings.id AND o.programme_id = ?)", false,
	  "serves outcomes of this programme" },
};

static enum lp_status
offering_check(struct ctx *ctx, json_t *record)
{
	const char *kind = organisation_kind(ctx, str_of(record, "provider_id"));

	if (!kind || (strcmp(kind, "institution") && strcmp(kind, "employer") &&
		      strcmp(kind, "centre_of_expertise")))
		return lp_fail(ctx->err, LP_EINVAL, "provider_id",
			       "must be an institution, a company or a centre of expertise");
	return check_dates(ctx, record, "start_date", "end_date");
}

const struct entity_def offerings_def = {
	.name = "offerings", .singular = "offering",
	.label = "Offering", .label_plural = "Offerings", .display_field = "title",
	.fields = offering_fields, .field_count = NFIELDS(offering_fields),
	.filters = offering_filters, .filter_count = NFIELDS(offering_filters),
	.public_read = true, .check = offering_check,
};

/* ---- persons ----------------------------------------------------------- */

static const struct field_def person_fields[] = {
	{ .name = "given_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_SEARCH,
	  .max = 100, .label = "Given name" },
	{ .name = "family_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_SEARCH,
	  .max = 100, .label = "Family name" },
	{ .name = "email", .type = FIELD_EMAIL, .flags = FIELD_SEARCH, .max = 254,
	  .label = "E-mail" },
	{ .name = "phone", .type = FIELD_TEXT, .max = 30, .label = "Phone" },
	{ .name = "registered_by_id", .type = FIELD_REF, .flags = FIELD_FILTER | FIELD_IMMUTABLE,
	  .ref = "organisations", .label = "Registered by",
	  .description = "the institution or employer that registered the person; its "
			 "administrators or HR may see and edit the person. Defaults to the "
			 "one organisation where the creator is institution administrator "
			 "or HR." },
};

/* Fills in the registering organisation when the creator can register
 * people for exactly one; several leave the choice to the creator. */
static enum lp_status
person_check(struct ctx *ctx, json_t *record)
{
	const struct actor *a = ctx->actor;
	const char *only = NULL;
	unsigned mask = ROLE_BIT(ROLE_INSTITUTION_ADMIN) | ROLE_BIT(ROLE_EMPLOYER_HR);

	if (json_object_get(record, "created_at"))
		return LP_OK;  /* an update: the field is immutable */
	if (!json_is_null(json_object_get(record, "registered_by_id")) &&
	    json_object_get(record, "registered_by_id"))
		return LP_OK;
	if (a->kind != ACTOR_ACCOUNT || actor_has_role(a, ROLE_SYSTEM_ADMIN, NULL))
		return LP_OK;
	for (int i = 0; i < a->grant_count; i++) {
		const struct actor_grant *g = &a->grants[i];
		if (!(mask & ROLE_BIT(g->role)) || !g->organisation_id[0])
			continue;
		if (only && strcmp(only, g->organisation_id) != 0)
			return lp_fail(ctx->err, LP_EINVAL, "registered_by_id",
				       "say which of your organisations registers this person");
		only = g->organisation_id;
	}
	if (only)
		json_object_set_new(record, "registered_by_id", json_string(only));
	return LP_OK;
}

const struct entity_def persons_def = {
	.name = "persons", .singular = "person",
	.label = "Person", .label_plural = "People", .display_field = "family_name",
	.fields = person_fields, .field_count = NFIELDS(person_fields),
	.public_read = false, .check = person_check,
};

/* ---- employments ------------------------------------------------------- */

static const struct field_def employment_fields[] = {
	{ .name = "person_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "persons", .label = "Person" },
	{ .name = "employer_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "organisations", .label = "Employer" },
	{ .name = "job_title", .type = FIELD_TEXT, .flags = FIELD_REQUIRED, .max = 100,
	  .label = "Job title" },
	{ .name = "start_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED, .label = "Start date" },
	{ .name = "end_date", .type = FIELD_DATE, .label = "End date" },
	{ .name = "supervisor_id", .type = FIELD_REF, .flags = FIELD_FILTER, .ref = "persons",
	  .label = "Workplace supervisor" },
};

static enum lp_status
employment_check(struct ctx *ctx, json_t *record)
{
	const char *sup = str_of(record, "supervisor_id");

	if (sup && strcmp(sup, str_of(record, "person_id")) == 0)
		return lp_fail(ctx->err, LP_EINVAL, "supervisor_id",
			       "a person cannot supervise themselves");
	return check_dates(ctx, record, "start_date", "end_date");
}

const struct entity_def employments_def = {
	.name = "employments", .singular = "employment",
	.label = "Employment", .label_plural = "Employments", .display_field = "job_title",
	.fields = employment_fields, .field_count = NFIELDS(employment_fields),
	.public_read = false, .check = employment_check,
};

/* ---- accounts ---------------------------------------------------------- */

static const struct field_def account_fields[] = {
	{ .name = "email", .type = FIELD_EMAIL, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_SEARCH, .max = 254, .label = "E-mail (login)" },
	{ .name = "person_id", .type = FIELD_REF, .flags = FIELD_FILTER, .ref = "persons",
	  .label = "Person" },
	{ .name = "password", .type = FIELD_PASSWORD, .max = 200, .label = "Password",
	  .description = "write-only; at least 10 characters; stored as an argon2id hash" },
	{ .name = "disabled", .type = FIELD_BOOL, .flags = FIELD_FILTER, .label = "Disabled" },
	{ .name = "language", .type = FIELD_ENUM, .values = languages, .label = "Language" },
};

static enum lp_status
account_check(struct ctx *ctx, json_t *record)
{
	const char *email = str_of(record, "email");

	(void)ctx;
	if (json_is_null(json_object_get(record, "language")))
		json_object_set_new(record, "language", json_string("nl"));
	/* logins compare lower-case addresses, so store them that way */
	if (email) {
		char lower[256];
		size_t i;
		for (i = 0; email[i] && i < sizeof(lower) - 1; i++)
			lower[i] = (char)tolower((unsigned char)email[i]);
		lower[i] = '\0';
		json_object_set_new(record, "email", json_string(lower));
	}
	return LP_OK;
}

/* A new password ends the account's sessions, in the same transaction. */
static enum lp_status
account_after_update(struct ctx *ctx, const char *id, const json_t *changes)
{
	if (json_object_get(changes, "password"))
		return auth_end_sessions(ctx, id);
	return LP_OK;
}

const struct entity_def accounts_def = {
	.name = "accounts", .singular = "account",
	.label = "Account", .label_plural = "Accounts", .display_field = "email",
	.fields = account_fields, .field_count = NFIELDS(account_fields),
	.public_read = false, .check = account_check, .after_update = account_after_update,
};

/* ---- role grants ------------------------------------------------------- */

static const struct field_def grant_fields[] = {
	{ .name = "account_id", .type = FIELD_REF, .flags = FIELD_REQUIRED | FIELD_FILTER |
	  FIELD_IMMUTABLE, .ref = "accounts", .label = "Account" },
	{ .name = "role", .type = FIELD_ENUM, .flags = FIELD_REQUIRED | FIELD_FILTER,
	  .values = role_names, .label = "Role" },
	{ .name = "organisation_id", .type = FIELD_REF, .flags = FIELD_FILTER,
	  .ref = "organisations", .label = "Organisation" },
};

static enum lp_status
grant_check(struct ctx *ctx, json_t *record)
{
	enum role role;

	if (!role_parse(str_of(record, "role"), &role))
		return lp_fail(ctx->err, LP_EINVAL, "role", "is not a role");
	if (!role_is_global(role) && !str_of(record, "organisation_id"))
		return lp_fail(ctx->err, LP_EINVAL, "organisation_id",
			       "is required: this role is held in an organisation");
	return LP_OK;
}

const struct entity_def role_grants_def = {
	.name = "role_grants", .singular = "role grant",
	.label = "Role", .label_plural = "Roles", .display_field = "role",
	.fields = grant_fields, .field_count = NFIELDS(grant_fields),
	.public_read = false, .check = grant_check,
};

const struct entity_def *const entity_all[] = {
	&organisations_def, &network_memberships_def, &programmes_def, &outcomes_def, &offerings_def,
	&persons_def, &employments_def, &accounts_def, &role_grants_def, NULL
};
