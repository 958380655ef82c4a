/* evidence.c: evidence per outcome, the content-addressed file store and
 * attestations (see evidence.h) */
#include "domain/evidence.h"
#include "domain/list_page.h"
#include "domain/audit.h"
#include "domain/authz_learning.h"
#include "domain/learning_util.h"
#include "base/crypto.h"
#include "base/timeutil.h"
#include "base/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static char store[4096];

/* The allow-list: extension, media type, and the bytes a file starts with
 * (NULL: text, checked as UTF-8). Office files are ZIP containers. */
static const struct {
	const char *ext;
	const char *type;
	const char *magic;
	size_t magic_len;
} types[] = {
	{ "pdf", "application/pdf", "%PDF-", 5 },
	{ "png", "image/png", "\x89PNG\r\n\x1a\n", 8 },
	{ "jpg", "image/jpeg", "\xff\xd8\xff", 3 },
	{ "jpeg", "image/jpeg", "\xff\xd8\xff", 3 },
	{ "txt", "text/plain", NULL, 0 },
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	  "PK\x03\x04", 4 },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	  "PK\x03\x04", 4 },
	{ "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	  "PK\x03\x04", 4 },
	{ "odt", "application/vnd.oasis.opendocument.text", "PK\x03\x04", 4 },
};
#define TYPE_COUNT (sizeof(types) / sizeof(types[0]))

static const char *const kinds[] = { "file", "link", "text", NULL };

void
evidence_set_store(const char *dir)
{
	snprintf(store, sizeof(store), "%s", dir ? dir : "");
}

void
evidence_set_store_for_db(const char *url)
{
	const char *path = url, *env = getenv("LEERPAD_EVIDENCE_DIR");
	const char *slash;

	if (env && *env) {
		evidence_set_store(env);
		return;
	}
	if (strncmp(url, "sqlite:", 7) == 0)
		path = url + 7;
	else if (strstr(url, "://") || strncmp(url, "postgres", 8) == 0) {
		evidence_set_store("./leerpad-evidence");
		return;
	}
	slash = strrchr(path, '/');
	if (!slash)
		snprintf(store, sizeof(store), "evidence");
	else
		snprintf(store, sizeof(store), "%.*s/evidence", (int)(slash - path), path);
}

const char *
evidence_store(void)
{
	return store;
}

static int
type_index(const char *file_name)
{
	const char *dot = file_name ? strrchr(file_name, '.') : NULL;

	for (size_t i = 0; dot && i < TYPE_COUNT; i++)
		if (strcasecmp(dot + 1, types[i].ext) == 0)
			return (int)i;
	return -1;
}

const char *
evidence_type_for(const char *file_name)
{
	int i = type_index(file_name);

	return i < 0 ? NULL : types[i].type;
}

const char *
evidence_accept(void)
{
	return ".pdf,.png,.jpg,.jpeg,.txt,.docx,.xlsx,.pptx,.odt";
}

/* A bare file name: no path, no control characters, not hidden. */
static enum lp_status
check_name(struct ctx *ctx, const char *name)
{
	if (!name || !*name)
		return lp_fail(ctx->err, LP_EINVAL, "file_name", "give the file's name");
	if (strchr(name, '/') || strchr(name, '\\') || strstr(name, "..") || name[0] == '.' ||
	    strchr(name, ':'))
		return lp_fail(ctx->err, LP_EINVAL, "file_name",
			       "must be a bare file name without a folder or path");
	if (!utf8_is_valid(name, strlen(name)) || utf8_has_control(name, false))
		return lp_fail(ctx->err, LP_EINVAL, "file_name",
			       "must not hold control characters");
	if (utf8_length(name) > EVIDENCE_NAME_MAX)
		return lp_fail(ctx->err, LP_EINVAL, "file_name",
			       "must be at most %d characters", EVIDENCE_NAME_MAX);
	return LP_OK;
}

/* Checks size, type and bytes of an upload; *type is the stored type. */
static enum lp_status
check_file(struct ctx *ctx, const struct evidence_input *in, const char **type)
{
	enum lp_status rc = check_name(ctx, in->file_name);
	int i;

	if (rc)
		return rc;
	if (in->size > EVIDENCE_MAX_BYTES)
		return lp_fail(ctx->err, LP_ETOOBIG, "file",
			       "the file is larger than the limit of %d MiB",
			       EVIDENCE_MAX_BYTES / (1024 * 1024));
	if (!in->data || in->size == 0)
		return lp_fail(ctx->err, LP_EINVAL, "file", "the file is empty");
	i = type_index(in->file_name);
	if (i < 0)
		return lp_fail(ctx->err, LP_EUNSUPPORTED, "file",
			       "this type of file is not accepted; use PDF, PNG, JPEG, text, "
			       "Word, Excel, PowerPoint or OpenDocument");
	if (types[i].magic ? (in->size < types[i].magic_len ||
			      memcmp(in->data, types[i].magic, types[i].magic_len) != 0) :
	    !utf8_is_valid(in->data, in->size))
		return lp_fail(ctx->err, LP_EUNSUPPORTED, "file",
			       "the file's content is not what its name says (.%s)", types[i].ext);
	*type = types[i].type;
	return LP_OK;
}

/* Writes data into the store under its hash (once); fills hash. */
static enum lp_status
store_file(struct ctx *ctx, const void *data, size_t size, char hash[CRYPTO_DIGEST_LEN])
{
	char dir[4200], path[4300], tmp[4400];
	struct stat sb;
	int fd;
	size_t done = 0;

	if (!store[0])
		return lp_fail(ctx->err, LP_EIO, "file", "no evidence store is set up");
	crypto_digest_hex(data, size, hash);
	if (mkdir(store, 0700) != 0 && errno != EEXIST)
		return lp_fail(ctx->err, LP_EIO, "file", "cannot make the evidence store");
	snprintf(dir, sizeof(dir), "%s/%.2s", store, hash);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return lp_fail(ctx->err, LP_EIO, "file", "cannot make the evidence store");
	snprintf(path, sizeof(path), "%s/%s", dir, hash);
	if (stat(path, &sb) == 0 && (size_t)sb.st_size == size)
		return LP_OK;
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, hash);
	fd = mkstemp(tmp);
	if (fd < 0)
		return lp_fail(ctx->err, LP_EIO, "file", "cannot write to the evidence store");
	while (done < size) {
		ssize_t n = write(fd, (const char *)data + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done != size || fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		if (done != size)
			close(fd);
		unlink(tmp);
		return lp_fail(ctx->err, LP_EIO, "file", "cannot write to the evidence store");
	}
	return LP_OK;
}

/* The attestations of one piece of evidence. */
static json_t *
attestations_of(struct ctx *ctx, const char *evidence_id)
{
	struct db_stmt *st;
	json_t *arr = json_array();

	if (db_prepare(ctx->db, "SELECT a.id, a.person_id, a.statement, a.attested_at,"
		       " p.given_name, p.family_name FROM attestations a JOIN persons p"
		       " ON p.id = a.person_id WHERE a.evidence_id = ? ORDER BY a.id", &st, NULL))
		return arr;
	db_bind_text(st, 1, evidence_id);
	while (db_step(st) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s}",
			"id", db_column_text(st, 0), "person_id", db_column_text(st, 1),
			"statement", db_column_text(st, 2), "attested_at", db_column_text(st, 3),
			"name", arena_printf(ctx->arena, "%s %s", db_column_text(st, 4),
					     db_column_text(st, 5))));
	db_reset(st);
	return arr;
}

#define EVIDENCE_COLUMNS "e.id, e.enrolment_id, e.outcome_id, e.kind, e.title, e.text_body," \
	" e.url, e.file_name, e.file_type, e.file_size, e.created_at, o.code, o.title"

static json_t *
row_json(struct ctx *ctx, struct db_stmt *st)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s, s:s, s:s}",
		"id", db_column_text(st, 0), "enrolment_id", db_column_text(st, 1),
		"outcome_id", db_column_text(st, 2), "kind", db_column_text(st, 3),
		"title", db_column_text(st, 4), "text", db_column_text(st, 5),
		"url", db_column_text(st, 6), "file_name", db_column_text(st, 7),
		"file_type", db_column_text(st, 8), "created_at", db_column_text(st, 10),
		"outcome_code", db_column_text(st, 11), "outcome_title", db_column_text(st, 12));

	(void)ctx;
	if (!db_column_is_null(st, 9))
		json_object_set_new(o, "file_size", json_integer(db_column_int(st, 9)));
	return o;
}

/* True if the actor may see evidence of outcome_id (already allowed to
 * read the enrolment's evidence in general), attested or not. */
static bool
may_see(struct ctx *ctx, const struct enrolment_ref *e, const char *outcome_id, bool attested)
{
	unsigned full = REL_LEARNER | REL_COACH | REL_BOARD | REL_STAFF | REL_SUPERVISOR |
		REL_ADMIN;

	if (e->rel & full)
		return true;
	if ((e->rel & REL_HR) && attested)
		return true;
	if (e->rel & REL_EXAMINER) {
		struct db_stmt *st;
		bool found;
		if (db_prepare(ctx->db, "SELECT 1 FROM agreement_outcomes ao JOIN agreements ag"
			       " ON ag.id = ao.agreement_id WHERE ag.enrolment_id = ?"
			       " AND ao.outcome_id = ? AND (ao.examiner_id = ?"
			       " OR ao.second_examiner_id = ?) UNION ALL SELECT 1"
			       " FROM prior_learning_claims c WHERE c.enrolment_id = ?"
			       " AND c.outcome_id = ? AND c.examiner_id = ?", &st, NULL))
			return false;
		db_bind_text(st, 1, e->id);
		db_bind_text(st, 2, outcome_id);
		db_bind_text(st, 3, ctx->actor->person_id);
		db_bind_text(st, 4, ctx->actor->person_id);
		/* the examiner named on a prior learning claim of the outcome */
		db_bind_text(st, 5, e->id);
		db_bind_text(st, 6, outcome_id);
		db_bind_text(st, 7, ctx->actor->person_id);
		found = db_step(st) == DB_ROW;
		db_reset(st);
		return found;
	}
	return false;
}

/* Loads evidence id with its enrolment and checks the actor may see it. */
static enum lp_status
load(struct ctx *ctx, const char *id, struct enrolment_ref *e, json_t **out)
{
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *o = NULL;

	*out = NULL;
	if (ctx->actor->kind == ACTOR_ANONYMOUS)
		return lp_fail(ctx->err, LP_EUNAUTH, NULL, "log in to see evidence");
	if (!id || !id_is_valid(id))
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such evidence");
	rc = db_prepare(ctx->db, "SELECT " EVIDENCE_COLUMNS " FROM evidence e JOIN outcomes o"
			" ON o.id = e.outcome_id WHERE e.id = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	step = db_step(st);
	if (step == DB_ROW)
		o = row_json(ctx, st);
	else if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc)
		return rc;
	if (!o)
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such evidence");
	json_object_set_new(o, "attestations", attestations_of(ctx, id));
	rc = authz_enrolment_load(ctx, json_string_value(json_object_get(o, "enrolment_id")), e);
	if (!rc)
		rc = authz_enrolment(ctx, e, LA_READ_EVIDENCE);
	if (!rc && !may_see(ctx, e, json_string_value(json_object_get(o, "outcome_id")),
			    json_array_size(json_object_get(o, "attestations")) > 0))
		rc = LP_ENOTFOUND;
	if (rc == LP_ENOTFOUND)
		lp_fail(ctx->err, LP_ENOTFOUND, "id", "no such evidence");
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return LP_OK;
}

enum lp_status
evidence_get(struct ctx *ctx, const char *id, json_t **out)
{
	struct enrolment_ref e;

	return load(ctx, id, &e, out);
}

enum lp_status
evidence_list(struct ctx *ctx, const char *enrolment_id, const char *outcome_id, json_t **out)
{
	struct enrolment_ref e;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step;
	json_t *items, *all;
	size_t i;
	json_t *o;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_READ_EVIDENCE);
	if (!rc && outcome_id && !id_is_valid(outcome_id))
		rc = lp_fail(ctx->err, LP_EINVAL, "outcome_id", "is not a valid id");
	if (!rc)
		rc = db_prepare(ctx->db, "SELECT " EVIDENCE_COLUMNS " FROM evidence e JOIN outcomes o"
				" ON o.id = e.outcome_id WHERE e.enrolment_id = ?"
				" AND (CAST(? AS TEXT) IS NULL OR e.outcome_id = ?) ORDER BY o.code, e.id", &st,
				ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, e.id);
	db_bind_text(st, 2, outcome_id);
	db_bind_text(st, 3, outcome_id);
	all = json_array();
	while ((step = db_step(st)) == DB_ROW)
		json_array_append_new(all, row_json(ctx, st));
	if (step == DB_ERROR)
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc) {
		json_decref(all);
		return rc;
	}
	items = json_array();
	json_array_foreach(all, i, o) {
		json_t *att = attestations_of(ctx, json_string_value(json_object_get(o, "id")));
		json_object_set_new(o, "attestations", att);
		if (may_see(ctx, &e, json_string_value(json_object_get(o, "outcome_id")),
			    json_array_size(att) > 0))
			json_array_append(items, o);
	}
	json_decref(all);
	*out = json_pack("{s:o}", "items", items);
	return LP_OK;
}

enum lp_status
evidence_add(struct ctx *ctx, const char *enrolment_id, const struct evidence_input *in,
	     json_t **out)
{
	struct enrolment_ref e;
	char id[ID_LEN], now[TIME_RFC3339_LEN], hash[CRYPTO_DIGEST_LEN] = "";
	const char *type = NULL, *title = NULL, *text = NULL, *url = NULL;
	json_t *holder;
	enum lp_status rc;
	bool found = false;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_ADD_EVIDENCE);
	if (rc)
		return rc;
	if (strcmp(e.status, "active") != 0)
		return lp_fail(ctx->err, LP_EINVAL, "enrolment_id",
			       "the enrolment is %s: no new evidence", e.status);
	if (!in->outcome_id || !id_is_valid(in->outcome_id) ||
	    !lu_exists(ctx, "SELECT 1 FROM outcomes WHERE id = ? AND programme_id = ?",
		       in->outcome_id, e.programme_id))
		return lp_fail(ctx->err, LP_EINVAL, "outcome_id",
			       "must be an outcome of the learner's programme");
	for (int i = 0; in->kind && kinds[i]; i++)
		found = found || strcmp(kinds[i], in->kind) == 0;
	if (!found)
		return lp_fail(ctx->err, LP_EINVAL, "kind", "must be file, link or text");
	holder = json_pack("{s:s?, s:s?, s:s?}", "title", in->title, "text", in->text,
			   "url", in->url);
	rc = lu_text(ctx, holder, "title", "title", 200, true, &title);
	if (!rc && strcmp(in->kind, "text") == 0)
		rc = lu_text(ctx, holder, "text", "text", 20000, true, &text);
	if (!rc && strcmp(in->kind, "link") == 0) {
		rc = lu_text(ctx, holder, "url", "url", 2000, true, &url);
		if (!rc && strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
			rc = lp_fail(ctx->err, LP_EINVAL, "url", "must be an http or https address");
		if (!rc && (strchr(url, ' ') || utf8_has_control(url, false)))
			rc = lp_fail(ctx->err, LP_EINVAL, "url", "must not hold spaces");
	}
	if (!rc && strcmp(in->kind, "file") == 0) {
		rc = check_file(ctx, in, &type);
		if (!rc)
			rc = store_file(ctx, in->data, in->size, hash);
	}
	if (!rc)
		rc = lu_begin(ctx);
	if (rc) {
		json_decref(holder);
		return rc;
	}
	id_new(id);
	time_now_rfc3339(now);
	if (type)
		rc = db_run(ctx->db, ctx->err, NULL,
			    "INSERT INTO evidence (id, enrolment_id, outcome_id, kind, title, file_name,"
			    " file_type, file_size, file_hash, created_by, created_at, updated_at)"
			    " VALUES (?, ?, ?, 'file', ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssissss", id,
			    e.id, in->outcome_id, title, in->file_name, type, (int64_t)in->size, hash,
			    ctx->actor->account_id, now, now);
	else
		rc = db_run(ctx->db, ctx->err, NULL,
			    "INSERT INTO evidence (id, enrolment_id, outcome_id, kind, title, text_body,"
			    " url, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
			    " ?, ?)", "ssssssssss", id, e.id, in->outcome_id, in->kind, title, text,
			    url, ctx->actor->account_id, now, now);
	if (!rc) {
		json_t *ch = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?}", "enrolment_id", e.id,
				       "outcome_id", in->outcome_id, "kind", in->kind,
				       "title", title, "url", url, "file_hash", type ? hash : NULL);
		rc = audit_write(ctx, "evidence", id, "create", ch);
		json_decref(ch);
	}
	json_decref(holder);
	rc = lu_end(ctx, rc);
	return rc ? rc : load(ctx, id, &e, out);
}

enum lp_status
evidence_file(struct ctx *ctx, const char *id, const char **path, const char **type,
	      const char **name)
{
	struct enrolment_ref e;
	json_t *o;
	const char *hash;
	enum lp_status rc = load(ctx, id, &e, &o);

	if (rc)
		return rc;
	if (strcmp(json_string_value(json_object_get(o, "kind")), "file") != 0) {
		json_decref(o);
		return lp_fail(ctx->err, LP_ENOTFOUND, "id", "this evidence is not a file");
	}
	hash = lu_text_of(ctx, "SELECT file_hash FROM evidence WHERE id = ?", id);
	*type = arena_strdup(ctx->arena, json_string_value(json_object_get(o, "file_type")));
	*name = arena_strdup(ctx->arena, json_string_value(json_object_get(o, "file_name")));
	*path = hash ? arena_printf(ctx->arena, "%s/%.2s/%s", store, hash, hash) : NULL;
	json_decref(o);
	if (!*path)
		return lp_fail(ctx->err, LP_EINTERNAL, "id", "the file has no hash");
	return LP_OK;
}

enum lp_status
evidence_attest(struct ctx *ctx, const char *id, const char *statement, json_t **out)
{
	struct enrolment_ref e;
	char aid[ID_LEN], now[TIME_RFC3339_LEN];
	json_t *o, *holder;
	const char *text = NULL;
	enum lp_status rc;

	*out = NULL;
	rc = load(ctx, id, &e, &o);
	if (rc)
		return rc;
	json_decref(o);
	rc = authz_enrolment(ctx, &e, LA_ATTEST);
	if (!rc && !ctx->actor->person_id[0])
		rc = lp_fail(ctx->err, LP_EFORBIDDEN, NULL, "only a person attests");
	holder = json_pack("{s:s?}", "statement", statement);
	if (!rc)
		rc = lu_text(ctx, holder, "statement", "statement", 2000, true, &text);
	if (!rc)
		rc = lu_begin(ctx);
	if (rc) {
		json_decref(holder);
		return rc;
	}
	id_new(aid);
	time_now_rfc3339(now);
	rc = db_run(ctx->db, ctx->err, NULL,
		    "INSERT INTO attestations (id, evidence_id, person_id, statement, attested_at)"
		    " VALUES (?, ?, ?, ?, ?)", "sssss", aid, id, ctx->actor->person_id, text, now);
	if (rc == LP_ECONFLICT)
		lp_fail(ctx->err, LP_ECONFLICT, NULL, "you have attested this evidence already");
	if (!rc) {
		json_t *ch = json_pack("{s:s, s:s}", "evidence_id", id, "statement", text);
		rc = audit_write(ctx, "attestations", aid, "create", ch);
		json_decref(ch);
	}
	json_decref(holder);
	rc = lu_end(ctx, rc);
	return rc ? rc : load(ctx, id, &e, out);
}

enum lp_status
evidence_list_page(struct ctx *ctx, const char *enrolment_id, const char *outcome_id,
		   const struct list_page *pg, json_t **out)
{
	unsigned full = REL_LEARNER | REL_COACH | REL_BOARD | REL_STAFF | REL_SUPERVISOR |
		REL_ADMIN;
	const char *me = ctx->actor->person_id[0] ? ctx->actor->person_id : "-";
	const char *cursor = pg ? pg->cursor : NULL;
	struct enrolment_ref e;
	struct db_stmt *st;
	enum lp_status rc;
	enum db_step_result step = DB_DONE;
	json_t *items, *o;
	size_t i;
	int limit, n = 0;

	*out = NULL;
	rc = authz_enrolment_load(ctx, enrolment_id, &e);
	if (!rc)
		rc = authz_enrolment(ctx, &e, LA_READ_EVIDENCE);
	if (!rc && outcome_id && !id_is_valid(outcome_id))
		rc = lp_fail(ctx->err, LP_EINVAL, "outcome_id", "is not a valid id");
	if (!rc)
		rc = list_page_check(ctx, pg, &limit);
	/* may_see as a condition, so that a page is full when it can be:
	 * everything (1), attested only (HR: 2), or the outcomes assigned to the
	 * examiner or of a claim naming them (4); bits that apply are ORed */
	if (!rc)
		rc = db_prepare(ctx->db, arena_printf(ctx->arena, "SELECT " EVIDENCE_COLUMNS
				" FROM evidence e JOIN outcomes o ON o.id = e.outcome_id"
				" WHERE e.enrolment_id = ? AND (CAST(? AS TEXT) IS NULL OR e.outcome_id = ?)"
				" AND (CAST(? AS TEXT) IS NULL OR e.id > ?)"
				" AND (? = 1 OR (? = 1 AND EXISTS (SELECT 1 FROM attestations t"
				" WHERE t.evidence_id = e.id)) OR (? = 1 AND (EXISTS (SELECT 1"
				" FROM agreement_outcomes ao JOIN agreements ag ON ag.id = ao.agreement_id"
				" WHERE ag.enrolment_id = e.enrolment_id AND ao.outcome_id = e.outcome_id"
				" AND (ao.examiner_id = ? OR ao.second_examiner_id = ?)) OR EXISTS (SELECT 1"
				" FROM prior_learning_claims c WHERE c.enrolment_id = e.enrolment_id"
				" AND c.outcome_id = e.outcome_id AND c.examiner_id = ?))))"
				" ORDER BY e.id LIMIT %d", limit + 1), &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, e.id);
	db_bind_text(st, 2, outcome_id);
	db_bind_text(st, 3, outcome_id);
	db_bind_text(st, 4, cursor);
	db_bind_text(st, 5, cursor);
	db_bind_int(st, 6, (e.rel & full) != 0);
	db_bind_int(st, 7, (e.rel & REL_HR) != 0);
	db_bind_int(st, 8, (e.rel & REL_EXAMINER) != 0);
	db_bind_text(st, 9, me);
	db_bind_text(st, 10, me);
	db_bind_text(st, 11, me);
	items = json_array();
	while (n++ <= limit && (step = db_step(st)) == DB_ROW)
		json_array_append_new(items, row_json(ctx, st));
	rc = list_page_finish(ctx, st, step, items, limit, out);
	if (rc)
		return rc;
	/* after the extra row is dropped: no query for an item not shown */
	json_array_foreach(json_object_get(*out, "items"), i, o)
		json_object_set_new(o, "attestations", attestations_of(ctx,
					json_string_value(json_object_get(o, "id"))));
	return LP_OK;
}
