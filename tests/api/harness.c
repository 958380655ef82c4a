/* harness.c: the API test harness (see harness.h) */
#include "harness.h"
#include "base/arena.h"
#include "base/buf.h"
#include "domain/auth.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#ifndef LEERPAD_BIN
#error "LEERPAD_BIN must name the leerpad binary (tests/CMakeLists.txt sets it)"
#endif

struct harness H;

static CURL *curl;
static struct arena strings;
static bool started;

/* ---- small helpers ------------------------------------------------------ */

const char *
hfmt(const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;
	const char *out;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	out = arena_strdup(&strings, buf_str(&b));
	buf_release(&b);
	return out;
}

const char *
henc(const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	const char *out;

	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.' || *s == '~') {
			buf_putc(&b, (char)*s);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*s >> 4]);
			buf_putc(&b, hex[*s & 15]);
		}
	}
	out = arena_strdup(&strings, buf_str(&b));
	buf_release(&b);
	return out;
}

const char *
hjson(json_t *v)
{
	char *text;
	const char *out;

	if (!v)
		fail_msg("hjson got no value (a bad json_pack?)");
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(v);
	out = arena_strdup(&strings, text);
	free(text);
	return out;
}

/* The fixture id called name, or NULL. */
static const char *
fixture_id(const char *name, size_t len)
{
	const struct fixture *f = &H.fx;
	static const char unknown[] = "0190a000-0000-7000-8000-00000000dead";
	const struct {
		const char *name;
		const char *id;
	} ids[] = {
		{ "inst_a", f->inst_a }, { "inst_b", f->inst_b }, { "emp_a", f->emp_a },
		{ "emp_b", f->emp_b }, { "network", f->network }, { "membership", f->membership },
		{ "prog_a", f->prog_a }, { "prog_b", f->prog_b }, { "outcome_a1", f->outcome_a1 },
		{ "outcome_a2", f->outcome_a2 }, { "outcome_b1", f->outcome_b1 },
		{ "offering_a", f->offering_a }, { "offering_b", f->offering_b },
		{ "p_learner", f->p_learner }, { "p_supervisor", f->p_supervisor },
		{ "p_hr", f->p_hr }, { "p_other", f->p_other }, { "p_loose", f->p_loose },
		{ "employment_learner", f->employment_learner },
		{ "employment_other", f->employment_other },
		{ "acc_admin", f->acc_admin }, { "acc_inst_admin", f->acc_inst_admin },
		{ "acc_pm", f->acc_pm }, { "acc_hr", f->acc_hr }, { "acc_hr_b", f->acc_hr_b },
		{ "acc_supervisor", f->acc_supervisor }, { "acc_learner", f->acc_learner },
		{ "acc_coord", f->acc_coord }, { "acc_monitor", f->acc_monitor },
		{ "acc_locked", f->acc_locked }, { "grant_learner", f->grant_learner },
		{ "unknown", unknown },
	};

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (strlen(ids[i].name) == len && strncmp(ids[i].name, name, len) == 0)
			return ids[i].id;
	return NULL;
}

const char *
hexpand(const char *tmpl)
{
	struct buf b = BUF_INIT;
	const char *out;

	for (const char *p = tmpl; *p; p++) {
		size_t len;
		const char *id;
		if (*p != '$') {
			buf_putc(&b, *p);
			continue;
		}
		len = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");
		id = fixture_id(p + 1, len);
		if (!id) {
			buf_release(&b);
			fail_msg("no fixture id '%.*s' in %s", (int)len, p + 1, tmpl);
		}
		buf_puts(&b, id);
		p += len;
	}
	out = arena_strdup(&strings, buf_str(&b));
	buf_release(&b);
	return out;
}

const char *
hq(const char *tmpl)
{
	char *copy = arena_strdup(&strings, tmpl);

	for (char *p = copy; *p; p++)
		if (*p == '\'')
			*p = '"';
	return hexpand(copy);
}

/* ---- HTTP --------------------------------------------------------------- */

struct collect {
	struct buf body;
	struct hresp *r;
};

/* libcurl callback: appends a piece of the body. */
static size_t
on_body(char *data, size_t size, size_t n, void *userdata)
{
	struct collect *c = userdata;

	buf_add(&c->body, data, size * n);
	return size * n;
}

/* Frees the headers collected so far. */
static void
clear_headers(struct hresp *r)
{
	for (int i = 0; i < r->header_count; i++) {
		free(r->names[i]);
		free(r->values[i]);
	}
	r->header_count = 0;
}

/* libcurl callback: keeps one "Name: value" header line. */
static size_t
on_header(char *data, size_t size, size_t n, void *userdata)
{
	struct collect *c = userdata;
	struct hresp *r = c->r;
	size_t len = size * n, vstart;
	char *colon;

	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* a new status line (after 100 Continue): start over */
		clear_headers(r);
		return len;
	}
	colon = memchr(data, ':', len);
	if (!colon || r->header_count >= HRESP_MAX_HEADERS)
		return len;
	vstart = (size_t)(colon - data) + 1;
	while (vstart < len && (data[vstart] == ' ' || data[vstart] == '\t'))
		vstart++;
	while (len > vstart && (data[len - 1] == '\r' || data[len - 1] == '\n'))
		len--;
	r->names[r->header_count] = strndup(data, (size_t)(colon - data));
	r->values[r->header_count] = strndup(data + vstart, len - vstart);
	r->header_count++;
	return size * n;
}

/* True if headers (NULL-terminated) set the header called name. */
static bool
has_header(const char *const *headers, const char *name)
{
	size_t n = strlen(name);

	for (; headers && *headers; headers++)
		if (strncasecmp(*headers, name, n) == 0 && (*headers)[n] == ':')
			return true;
	return false;
}

/* Sets up e for one request; the header list (freed by the caller after
 * the transfer) goes into *list and the answer into col. */
static void
setup_easy(CURL *e, const struct client *c, const char *method, const char *path,
	   const char *body, size_t len, const char *const *headers, struct collect *col,
	   struct curl_slist **list)
{
	struct hresp *r = col->r;
	char line[256];

	memset(r, 0, sizeof(*r));
	snprintf(r->what, sizeof(r->what), "%s %s as %s", method, path,
		 c && c->name[0] ? c->name : "anonymous");
	buf_init(&col->body, 1024);
	*list = NULL;

	curl_easy_reset(e);
	curl_easy_setopt(e, CURLOPT_URL, hfmt("%s%s", H.base, path));
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, col);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, col);
	if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else if (strcmp(method, "HEAD") == 0) {
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
		if (body || strcmp(method, "POST") == 0) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
					 (curl_off_t)(body ? len : 0));
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, body ? body : "");
		}
	}
	/* no 100-continue round trip for larger bodies */
	*list = curl_slist_append(*list, "Expect:");
	if (body && !has_header(headers, "Content-Type"))
		*list = curl_slist_append(*list, "Content-Type: application/json");
	if (!body && !has_header(headers, "Content-Type"))
		*list = curl_slist_append(*list, "Content-Type:");
	if (c && c->bearer[0]) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", c->bearer);
		*list = curl_slist_append(*list, line);
	}
	if (c && c->session[0]) {
		snprintf(line, sizeof(line), "Cookie: leerpad_session=%s", c->session);
		*list = curl_slist_append(*list, line);
	}
	if (c && c->csrf[0]) {
		snprintf(line, sizeof(line), "X-CSRF-Token: %s", c->csrf);
		*list = curl_slist_append(*list, line);
	}
	for (; headers && *headers; headers++)
		*list = curl_slist_append(*list, *headers);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, *list);
}

/* Fills the rest of the answer once the transfer of e ended with cc. */
static void
finish_easy(CURL *e, CURLcode cc, struct collect *col)
{
	struct hresp *r = col->r;

	if (cc != CURLE_OK) {
		fprintf(stderr, "harness: %s: %s\n", r->what, curl_easy_strerror(cc));
		r->status = 0;
	} else {
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
	}
	r->len = col->body.len;
	r->body = buf_detach(&col->body, NULL);
	if (r->len > 0)
		r->json = json_loadb(r->body, r->len, 0, NULL);
}

long
http_raw(const struct client *c, const char *method, const char *path, const char *body,
	 size_t len, const char *const *headers, struct hresp *r)
{
	struct curl_slist *list;
	struct collect col;
	CURLcode cc;

	col.r = r;
	setup_easy(curl, c, method, path, body, len, headers, &col, &list);
	cc = curl_easy_perform(curl);
	curl_slist_free_all(list);
	finish_easy(curl, cc, &col);
	return r->status;
}

void
http_many(int n, const struct client *c, const char *method, const char *const *paths,
	  const char *const *bodies, struct hresp *out)
{
	http_many_headers(n, c, method, paths, bodies, NULL, out);
}

void
http_many_headers(int n, const struct client *c, const char *method, const char *const *paths,
		  const char *const *bodies, const char *const *const *headers,
		  struct hresp *out)
{
	CURLM *multi = curl_multi_init();
	CURL **easy = calloc((size_t)n, sizeof(*easy));
	struct collect *cols = calloc((size_t)n, sizeof(*cols));
	struct curl_slist **lists = calloc((size_t)n, sizeof(*lists));
	int running = 0;
	CURLMsg *msg;
	int left;

	for (int i = 0; i < n; i++) {
		easy[i] = curl_easy_init();
		cols[i].r = &out[i];
		setup_easy(easy[i], c, method, paths[i], bodies ? bodies[i] : NULL,
			   bodies && bodies[i] ? strlen(bodies[i]) : 0, headers ? headers[i] : NULL,
			   &cols[i], &lists[i]);
		curl_easy_setopt(easy[i], CURLOPT_PRIVATE, (void *)&cols[i]);
		curl_multi_add_handle(multi, easy[i]);
	}
	do {
		curl_multi_perform(multi, &running);
		if (running)
			curl_multi_poll(multi, NULL, 0, 1000, NULL);
	} while (running);
	while ((msg = curl_multi_info_read(multi, &left))) {
		struct collect *col = NULL;
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&col);
		finish_easy(msg->easy_handle, msg->data.result, col);
	}
	for (int i = 0; i < n; i++) {
		curl_multi_remove_handle(multi, easy[i]);
		curl_easy_cleanup(easy[i]);
		curl_slist_free_all(lists[i]);
	}
	curl_multi_cleanup(multi);
	free(easy);
	free(cols);
	free(lists);
}

long
http(const struct client *c, const char *method, const char *path, const char *body,
     const char *const *headers, struct hresp *r)
{
	return http_raw(c, method, path, body, body ? strlen(body) : 0, headers, r);
}

void
hresp_release(struct hresp *r)
{
	clear_headers(r);
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

const char *
hresp_header(const struct hresp *r, const char *name)
{
	for (int i = 0; i < r->header_count; i++)
		if (strcasecmp(r->names[i], name) == 0)
			return r->values[i];
	return NULL;
}

const char *
hresp_str(const struct hresp *r, const char *key)
{
	return json_string_value(json_object_get(r->json, key));
}

long
api_login(const char *email, const char *password, struct client *out)
{
	struct hresp r;
	const char *cookie, *csrf;
	long status;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "session %.20s", email);
	status = http(NULL, "POST", "/api/v1/session",
		      hjson(json_pack("{s:s, s:s}", "email", email, "password", password)), NULL,
		      &r);
	cookie = hresp_header(&r, "Set-Cookie");
	csrf = hresp_str(&r, "csrf_token");
	if (status == 201 && cookie && strncmp(cookie, "leerpad_session=", 16) == 0) {
		size_t n = strcspn(cookie + 16, ";");
		if (n < sizeof(out->session))
			memcpy(out->session, cookie + 16, n);
		if (csrf)
			snprintf(out->csrf, sizeof(out->csrf), "%s", csrf);
	}
	hresp_release(&r);
	return status;
}

/* ---- assertions --------------------------------------------------------- */

/* Prints the response that made an assertion fail. */
static void
show(const struct hresp *r)
{
	print_error("  request: %s\n  status: %ld\n  body: %.600s\n", r->what, r->status,
		    r->body ? r->body : "(none)");
}

void
harness_expect_status(const struct hresp *r, long want, const char *file, int line)
{
	if (r->status == want)
		return;
	print_error("want status %ld\n", want);
	show(r);
	_fail(file, line);
}

void
harness_expect_problem(const struct hresp *r, long want, const char *field, const char *file,
		       int line)
{
	const char *ctype = hresp_header(r, "Content-Type");
	const char *got_field = hresp_str(r, "field");
	const char *type = hresp_str(r, "type");
	const char *why = NULL;

	if (r->status != want)
		why = "wrong status";
	else if (!ctype || strcmp(ctype, "application/problem+json") != 0)
		why = "not application/problem+json";
	else if (!json_is_object(r->json))
		why = "body is not a JSON object";
	else if (!type || strncmp(type, "https://leerpad.nl/problems/", 28) != 0)
		why = "no problem type";
	else if (!hresp_str(r, "title") || !*hresp_str(r, "title"))
		why = "no title";
	else if (json_integer_value(json_object_get(r->json, "status")) != want)
		why = "the status member differs from the HTTP status";
	else if (!hresp_str(r, "detail") || !*hresp_str(r, "detail"))
		why = "no detail";
	else if (field && (!got_field || strcmp(field, got_field) != 0))
		why = "wrong or missing field";
	else if (!field && got_field)
		why = "a field where none was expected";
	if (!why)
		return;
	print_error("want problem %ld field '%s': %s\n", want, field ? field : "(none)", why);
	show(r);
	_fail(file, line);
}

/* ---- database snapshots ------------------------------------------------- */

/* Hashes one value, so NULL, '' and "1" all differ. */
static void
hash_value(crypto_hash_sha256_state *h, struct db_stmt *st, int col)
{
	const char *text = db_column_text(st, col);
	unsigned char is_null = text == NULL;
	uint64_t n = text ? strlen(text) : 0;

	crypto_hash_sha256_update(h, &is_null, 1);
	crypto_hash_sha256_update(h, (const unsigned char *)&n, sizeof(n));
	if (n)
		crypto_hash_sha256_update(h, (const unsigned char *)text, n);
}

/* The tables of the database, by name, on either backend. */
static const char *
tables_sql(struct db *db)
{
	if (strcmp(db_backend_name(db), "postgres") == 0)
		return "SELECT table_name FROM information_schema.tables"
		       " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
		       " ORDER BY table_name";
	return "SELECT name FROM sqlite_master WHERE type = 'table'"
	       " AND name NOT LIKE 'sqlite%' ORDER BY name";
}

void
db_snapshot(struct db_snapshot *s)
{
	struct db *db = NULL;
	struct db_stmt *tables = NULL;
	struct lp_error err;
	char names[SNAPSHOT_MAX_TABLES][64];
	int n = 0;

	memset(s, 0, sizeof(*s));
	lp_error_clear(&err);
	if (db_open(H.fx.db_path, &db, &err) || db_prepare(db, tables_sql(db), &tables, &err))
		fail_msg("snapshot: cannot read %s: %s", H.fx.db_path, err.reason);
	while (db_step(tables) == DB_ROW && n < SNAPSHOT_MAX_TABLES) {
		const char *name = db_column_text(tables, 0);
		/* table names come from the schema; still, only plain names */
		if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name) ||
		    strlen(name) >= sizeof(names[0]))
			fail_msg("snapshot: odd table name %s", name);
		snprintf(names[n++], sizeof(names[0]), "%s", name);
	}
	db_reset(tables);
	for (int t = 0; t < n; t++) {
		crypto_hash_sha256_state h;
		struct db_stmt *rows = NULL;
		struct buf sql = BUF_INIT;
		int cols;

		snprintf(s->tables[s->count].name, sizeof(s->tables[0].name), "%s", names[t]);
		/* every column in the order: the same order on every snapshot */
		buf_printf(&sql, "SELECT * FROM %s LIMIT 1", names[t]);
		if (db_prepare(db, buf_str(&sql), &rows, &err))
			fail_msg("snapshot: %s: %s", buf_str(&sql), err.reason);
		db_step(rows);
		cols = db_column_count(rows);
		db_reset(rows);
		buf_reset(&sql);
		buf_printf(&sql, "SELECT * FROM %s ORDER BY 1", names[t]);
		for (int c = 2; c <= cols; c++)
			buf_printf(&sql, ", %d", c);
		if (db_prepare(db, buf_str(&sql), &rows, &err))
			fail_msg("snapshot: %s: %s", buf_str(&sql), err.reason);
		crypto_hash_sha256_init(&h);
		while (db_step(rows) == DB_ROW) {
			for (int c = 0; c < cols; c++)
				hash_value(&h, rows, c);
			s->tables[s->count].rows++;
		}
		db_reset(rows);
		buf_release(&sql);
		crypto_hash_sha256_final(&h, s->tables[s->count].hash);
		s->count++;
	}
	db_close(db);
	if (s->count == 0)
		fail_msg("snapshot: no tables in %s", H.fx.db_path);
}

int64_t
snapshot_rows(const struct db_snapshot *s, const char *table)
{
	for (int i = 0; i < s->count; i++)
		if (strcmp(s->tables[i].name, table) == 0)
			return s->tables[i].rows;
	return -1;
}

/* True if table i of a and b differ (both snapshots list the same tables
 * in the same order; a new table counts as a difference). */
static bool
table_differs(const struct db_snapshot *a, const struct db_snapshot *b, int i)
{
	return i >= a->count || i >= b->count ||
	       strcmp(a->tables[i].name, b->tables[i].name) != 0 ||
	       a->tables[i].rows != b->tables[i].rows ||
	       memcmp(a->tables[i].hash, b->tables[i].hash, 32) != 0;
}

void
harness_expect_db_unchanged(const struct db_snapshot *before, const char *file, int line)
{
	struct db_snapshot after;
	bool same = true;

	db_snapshot(&after);
	for (int i = 0; i < before->count || i < after.count; i++) {
		if (!table_differs(before, &after, i))
			continue;
		same = false;
		if (i < before->count && i < after.count)
			print_error("table %s changed: %lld rows before, %lld after\n",
				    before->tables[i].name, (long long)before->tables[i].rows,
				    (long long)after.tables[i].rows);
		else
			print_error("the list of tables changed\n");
	}
	if (!same) {
		print_error("the database changed, and should not have\n");
		_fail(file, line);
	}
}

void
harness_expect_db_changed_only(const struct db_snapshot *before, const char *file, int line,
			       ...)
{
	struct db_snapshot after;
	const char *names[SNAPSHOT_MAX_TABLES];
	int n = 0;
	bool ok = true;
	va_list ap;

	va_start(ap, line);
	for (const char *t = va_arg(ap, const char *); t && n < SNAPSHOT_MAX_TABLES;
	     t = va_arg(ap, const char *))
		names[n++] = t;
	va_end(ap);
	db_snapshot(&after);
	if (after.count != before->count) {
		print_error("the list of tables changed\n");
		_fail(file, line);
	}
	for (int i = 0; i < after.count; i++) {
		bool listed = false, differs = table_differs(before, &after, i);
		for (int k = 0; k < n; k++)
			if (strcmp(names[k], after.tables[i].name) == 0)
				listed = true;
		if (differs != listed) {
			print_error("table %s %s\n", after.tables[i].name,
				    listed ? "did not change, and should have"
					   : "changed, and should not have");
			ok = false;
		}
	}
	if (!ok)
		_fail(file, line);
}

/* ---- the server --------------------------------------------------------- */

/* Runs the leerpad binary with args and waits; returns its exit status. */
static int
run_leerpad(const char *const *args)
{
	pid_t pid;
	int status = 0;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			close(fd);
		}
		execv(LEERPAD_BIN, (char *const *)args);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Prints the end of a server's log (its stderr). */
static void
show_log(const char *log_path)
{
	FILE *f = fopen(log_path, "r");
	char line[512];
	long size;

	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, size > 6000 ? size - 6000 : 0, SEEK_SET);
	fprintf(stderr, "---- end of the server log (%s) ----\n", log_path);
	while (fgets(line, sizeof(line), f))
		fputs(line, stderr);
	fprintf(stderr, "---- end ----\n");
	fclose(f);
}

/* Stops the server *pid: SIGTERM, then SIGKILL after 10 seconds. Notes a
 * crash or an unclean exit in *failed. */
static void
stop_proc(pid_t *pid, bool *failed, const char *log_path)
{
	int status = 0;
	pid_t got = 0;

	if (*pid <= 0)
		return;
	got = waitpid(*pid, &status, WNOHANG);
	if (got == 0) {
		kill(*pid, SIGTERM);
		for (int i = 0; i < 200; i++) {
			struct timespec nap = { 0, 50 * 1000 * 1000 };
			got = waitpid(*pid, &status, WNOHANG);
			if (got != 0)
				break;
			nanosleep(&nap, NULL);
		}
		if (got == 0) {
			fprintf(stderr, "harness: the server did not stop; killing it\n");
			kill(*pid, SIGKILL);
			got = waitpid(*pid, &status, 0);
			*failed = true;
		}
	} else if (got == *pid) {
		fprintf(stderr, "harness: the server had stopped before the end\n");
		*failed = true;
	}
	if (got == *pid && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		if (WIFSIGNALED(status))
			fprintf(stderr, "harness: the server died of signal %d\n", WTERMSIG(status));
		else
			fprintf(stderr, "harness: the server exited with %d\n", WEXITSTATUS(status));
		*failed = true;
	}
	if (*failed)
		show_log(log_path);
	*pid = 0;
}

static void
stop_server(void)
{
	stop_proc(&H.server, &H.server_failed, H.log_path);
}

/* Extra servers (harness_start_extra) still running, for the atexit hook. */
#define MAX_EXTRA 4
static struct extra_server *extras[MAX_EXTRA];

/* The atexit hook: no server and no directory outlive the test program. */
static void
cleanup_at_exit(void)
{
	if (!started)
		return;
	for (int i = 0; i < MAX_EXTRA; i++)
		if (extras[i])
			harness_stop_extra(extras[i]);
	stop_server();
	fixture_remove_tree(H.fx.dir);
	if (H.pg_name[0] && !getenv("LEERPAD_TEST_KEEP"))
		fixture_pg_drop(H.pg_name);
	H.pg_name[0] = '\0';
	started = false;
}

/* Gives a fixture account a client with its own API token; false (with
 * a message) if the token cannot be made. */
static bool
make_client(struct client *c, const char *name, const char *email)
{
	struct ctx *ctx = &H.fx.ctx;

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	lp_error_clear(&H.fx.err);
	if (auth_token_create(ctx, email, "api tests", c->bearer)) {
		fprintf(stderr, "harness: token for %s: %s\n", email, H.fx.err.reason);
		return false;
	}
	return true;
}

/* Starts `leerpad serve` on the test database, its log and port file named
 * after name in the test directory, and waits for the port file. Fills
 * *pid, *port and base; false (with the server's log) if it will not
 * start. */
static bool
start_proc(const char *name, pid_t *pidp, int *portp, char base[64], char log_path[PATH_MAX])
{
	char port_file[PATH_MAX + 16];
	const char *base_dir = H.fx.dir;
	bool failed = false;
	pid_t pid;

	*portp = 0;
	snprintf(port_file, sizeof(port_file), "%s/%s.port", base_dir, name);
	snprintf(log_path, PATH_MAX, "%s/%s.log", base_dir, name);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("harness: fork");
		return false;
	}
	if (pid == 0) {
		int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
#ifdef __linux__
		/* the server goes when the test program goes, however it ends */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execl(LEERPAD_BIN, "leerpad", "serve", "--db", H.fx.db_path, "--address",
		      "127.0.0.1", "--port", "0", "--port-file", port_file, "--max-seconds", "300",
		      "--threads", "4", (char *)NULL);
		_exit(127);
	}
	*pidp = pid;
	/* wait for the port file: the socket is bound when it appears */
	for (int i = 0; i < 600 && !*portp; i++) {
		struct timespec nap = { 0, 50 * 1000 * 1000 };
		FILE *f = fopen(port_file, "r");
		int status;
		if (f) {
			int port = 0;
			if (fscanf(f, "%d", &port) == 1 && port > 0)
				*portp = port;
			fclose(f);
		}
		if (*portp)
			break;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			*pidp = 0;
			fprintf(stderr, "harness: the server stopped at start\n");
			show_log(log_path);
			return false;
		}
		nanosleep(&nap, NULL);
	}
	if (!*portp) {
		fprintf(stderr, "harness: the server wrote no port in 30 seconds\n");
		stop_proc(pidp, &failed, log_path);
		return false;
	}
	snprintf(base, 64, "http://127.0.0.1:%d", *portp);
	return true;
}

static bool
start_server(void)
{
	return start_proc("server", &H.server, &H.port, H.base, H.log_path);
}

bool
harness_start_extra(struct extra_server *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	if (!start_proc(name, &s->pid, &s->port, s->base, s->log_path))
		return false;
	for (int i = 0; i < MAX_EXTRA; i++) {
		if (!extras[i]) {
			extras[i] = s;
			break;
		}
	}
	return true;
}

bool
harness_stop_extra(struct extra_server *s)
{
	for (int i = 0; i < MAX_EXTRA; i++)
		if (extras[i] == s)
			extras[i] = NULL;
	stop_proc(&s->pid, &s->failed, s->log_path);
	return !s->failed;
}

int
harness_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char dir[sizeof(H.fx.dir)], db_path[PATH_MAX];

	(void)state;
	memset(&H, 0, sizeof(H));
	snprintf(dir, sizeof(dir), "%s/leerpad-api-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("harness: mkdtemp");
		return -1;
	}
	snprintf(H.fx.dir, sizeof(H.fx.dir), "%s", dir);
	started = true;
	atexit(cleanup_at_exit);
	if (fixture_pg_url()) {
		fixture_pg_create(db_path, sizeof(db_path), H.pg_name);
		fprintf(stderr, "harness: on PostgreSQL, database %s\n", H.pg_name);
	} else
		snprintf(db_path, sizeof(db_path), "%s/leerpad.db", dir);
	{
		const char *args[] = { "leerpad", "init", "--db", db_path, NULL };
		int rc = run_leerpad(args);
		if (rc != 0) {
			fprintf(stderr, "harness: leerpad init exited with %d\n", rc);
			return -1;
		}
	}
	fixture_create_at(&H.fx, dir, H.pg_name[0] ? db_path : NULL);
	if (!make_client(&H.admin, "admin", FIXTURE_EMAIL("admin")) ||
	    !make_client(&H.inst_admin, "inst_admin", FIXTURE_EMAIL("inst_admin")) ||
	    !make_client(&H.pm, "pm", FIXTURE_EMAIL("pm")) ||
	    !make_client(&H.hr, "hr", FIXTURE_EMAIL("hr")) ||
	    !make_client(&H.hr_b, "hr_b", FIXTURE_EMAIL("hr_b")) ||
	    !make_client(&H.supervisor, "supervisor", FIXTURE_EMAIL("supervisor")) ||
	    !make_client(&H.learner, "learner", FIXTURE_EMAIL("learner")) ||
	    !make_client(&H.coord, "coord", FIXTURE_EMAIL("coord")) ||
	    !make_client(&H.monitor, "monitor", FIXTURE_EMAIL("monitor")))
		return -1;
	fixture_close_db(&H.fx);

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(curl = curl_easy_init())) {
		fprintf(stderr, "harness: libcurl cannot start\n");
		return -1;
	}
	/* the atexit hook stops what started and removes the directory */
	return start_server() ? 0 : -1;
}

int
harness_teardown(void **state)
{
	(void)state;
	stop_server();
	if (curl) {
		curl_easy_cleanup(curl);
		curl_global_cleanup();
		curl = NULL;
	}
	if (getenv("LEERPAD_TEST_KEEP")) {
		/* for debugging: keep the database and the server log */
		fprintf(stderr, "harness: kept %s\n", H.fx.dir);
		H.fx.dir[0] = '\0';
	}
	fixture_release(&H.fx);
	if (H.pg_name[0]) {
		if (getenv("LEERPAD_TEST_KEEP"))
			fprintf(stderr, "harness: kept the PostgreSQL database %s\n", H.pg_name);
		else
			fixture_pg_drop(H.pg_name);
		H.pg_name[0] = '\0';
	}
	arena_release(&strings);
	started = false;
	return H.server_failed ? -1 : 0;
}

int
harness_exit(int failed)
{
	if (H.server_failed) {
		fprintf(stderr, "harness: the server did not end cleanly (see its log above)\n");
		return 1;
	}
	return failed ? 1 : 0;
}
