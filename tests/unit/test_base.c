/* test_base.c: unit tests of the base layer: buffers, arenas, the HTML
 * writer, UTF-8, ids, dates, crypto, i18n and the status enum */
#include "base/arena.h"
#include "base/buf.h"
#include "base/crypto.h"
#include "base/error.h"
#include "domain/state_word.h"
#include "base/html.h"
#include "base/i18n.h"
#include "base/id.h"
#include "base/timeutil.h"
#include "base/url.h"
#include "base/utf8.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- buf ---------------------------------------------------------------- */

/* The buffer keeps its invariants through add, reset and detach. */
static void
test_buf_basics(void **state)
{
	struct buf b = BUF_INIT;
	char *p;
	size_t len;

	(void)state;
	assert_string_equal(buf_str(&b), "");
	buf_puts(&b, "leer");
	buf_putc(&b, 'p');
	buf_add(&b, "adXX", 2);
	assert_string_equal(buf_str(&b), "leerpad");
	assert_int_equal(b.len, 7);
	assert_true(b.len < b.cap);
	assert_int_equal(b.p[b.len], '\0');
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_printf(&b, "%d-%s", 42, "x");
	assert_string_equal(buf_str(&b), "42-x");
	p = buf_detach(&b, &len);
	assert_string_equal(p, "42-x");
	assert_int_equal(len, 4);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	free(p);
	/* detaching an empty buffer still gives a string to free */
	p = buf_detach(&b, NULL);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);
	buf_release(&b);
}

/* The buffer grows for long printf output and binary data. */
static void
test_buf_growth(void **state)
{
	struct buf b;
	char big[5000];

	(void)state;
	buf_init(&b, 0);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* printf output longer than the first guess must be written whole */
	buf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, sizeof(big) + 1);
	assert_int_equal(b.p[0], '[');
	assert_int_equal(b.p[b.len - 1], ']');
	assert_int_equal(b.p[b.len], '\0');
	for (int i = 0; i < 1000; i++)
		buf_putc(&b, 'z');
	assert_int_equal(b.len, sizeof(big) + 1 + 1000);
	assert_true(b.len < b.cap);
	/* binary data with NUL bytes keeps its length */
	buf_reset(&b);
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.p, "a\0b", 4);
	buf_release(&b);
	assert_null(b.p);
	buf_puts(&b, "reusable");
	assert_string_equal(buf_str(&b), "reusable");
	buf_release(&b);
}

/* ---- arena -------------------------------------------------------------- */

/* Arena allocations are aligned, may be large, and the arena is reusable. */
static void
test_arena(void **state)
{
	struct arena a = ARENA_INIT;
	char *big;
	unsigned char *z;

	(void)state;
	for (int i = 1; i < 2000; i++) {
		void *p = arena_alloc(&a, (size_t)(i % 97) + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xab, (size_t)(i % 97) + 1);
	}
	big = arena_alloc(&a, 100000);   /* larger than a block */
	memset(big, 'x', 100000);
	z = arena_zalloc(&a, 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(z[i], 0);
	assert_string_equal(arena_strdup(&a, "hallo"), "hallo");
	assert_null(arena_strdup(&a, NULL));
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_printf(&a, "%s=%d", "ec", 30), "ec=30");
	assert_non_null(arena_alloc(&a, 0));
	arena_release(&a);
	assert_null(a.head);
	/* usable again after release */
	assert_string_equal(arena_strdup(&a, "weer"), "weer");
	arena_release(&a);
}

/* ---- html --------------------------------------------------------------- */

/* Escapes text with fn into a fresh buffer and compares. */
static void
check_escape(void (*fn)(struct buf *, const char *), const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	fn(&b, in);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

/* Hostile strings come out escaped for text, attributes and URLs. */
static void
test_html_escaping(void **state)
{
	(void)state;
	check_escape(html_txt, "<script>alert(\"x\")</script>",
		     "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
	check_escape(html_attr, "\" onmouseover='steal()' x=\"",
		     "&quot; onmouseover=&#39;steal()&#39; x=&quot;");
	check_escape(html_txt, "&amp;", "&amp;amp;");
	check_escape(html_txt, "Tom & Jerry's", "Tom &amp; Jerry&#39;s");
	check_escape(html_txt, "", "");
	check_escape(html_txt, NULL, "");
	check_escape(html_txt, "geen speciale tekens, wel é en €",
		     "geen speciale tekens, wel é en €");
	check_escape(html_attr, "javascript:alert(1)//<img src=x onerror=alert(1)>",
		     "javascript:alert(1)//&lt;img src=x onerror=alert(1)&gt;");
	check_escape(html_txt, "]]><!--", "]]&gt;&lt;!--");
	check_escape(html_url_arg, "a b&c=d/é?#%", "a%20b%26c%3Dd%2F%C3%A9%3F%23%25");
	check_escape(html_url_arg, "Az09-_.~", "Az09-_.~");
	check_escape(html_url_arg, NULL, "");
}

/* Every conversion of html_printf. */
static void
test_html_printf(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_printf(&b, "<p class=\"%s\">%s</p>", "a\"b", "<b>vet</b>");
	assert_string_equal(buf_str(&b), "<p class=\"a&quot;b\">&lt;b&gt;vet&lt;/b&gt;</p>");
	buf_reset(&b);
	html_printf(&b, "<a href=\"/catalog?q=%u\">%R</a>", "zorg & welzijn", "<em>ok</em>");
	assert_string_equal(buf_str(&b), "<a href=\"/catalog?q=zorg%20%26%20welzijn\"><em>ok</em></a>");
	buf_reset(&b);
	html_printf(&b, "%d|%ld|%lld|100%%|%s", -7, (long)-123456789L, (long long)INT64_MIN,
		    (const char *)NULL);
	assert_string_equal(buf_str(&b), "-7|-123456789|-9223372036854775808|100%|");
	buf_reset(&b);
	html_printf(&b, "no conversions at all");
	assert_string_equal(buf_str(&b), "no conversions at all");
	buf_reset(&b);
	html_printf(&b, "%s%s%s", "'", "&", ">");
	assert_string_equal(buf_str(&b), "&#39;&amp;&gt;");
	buf_release(&b);
}

/* Runs html_printf with a format it does not know in a child process. */
static void
test_html_printf_bad_conversion_aborts(void **state)
{
	pid_t pid;
	int status = 0;

	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct buf b = BUF_INIT;
		/* keep the expected abort message out of the test log */
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		html_printf(&b, "%x", 12);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* ---- utf8 --------------------------------------------------------------- */

/* utf8_is_valid of a NUL-terminated string. */
static bool
valid(const char *s)
{
	return utf8_is_valid(s, strlen(s));
}

/* UTF-8 validation: overlongs, surrogates, out of range, truncated, NUL. */
static void
test_utf8(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("plain ascii"));
	assert_true(valid("é € 𝄞 ĳ"));
	assert_true(valid("\xf4\x8f\xbf\xbf"));             /* U+10FFFF */
	assert_true(valid("\xed\x9f\xbf"));                 /* U+D7FF */
	assert_true(valid("\xee\x80\x80"));                 /* U+E000 */
	/* overlong forms */
	assert_false(valid("\xc0\xaf"));
	assert_false(valid("\xc1\xbf"));
	assert_false(valid("\xe0\x80\xaf"));
	assert_false(valid("\xe0\x9f\xbf"));
	assert_false(valid("\xf0\x80\x80\xaf"));
	assert_false(valid("\xf0\x8f\xbf\xbf"));
	/* surrogates */
	assert_false(valid("\xed\xa0\x80"));
	assert_false(valid("\xed\xbf\xbf"));
	assert_false(valid("\xed\xa0\xbd\xed\xb2\xa9"));   /* a CESU-8 pair */
	/* beyond U+10FFFF and bytes that never occur */
	assert_false(valid("\xf4\x90\x80\x80"));
	assert_false(valid("\xf5\x80\x80\x80"));
	assert_false(valid("\xf8\x88\x80\x80\x80"));
	assert_false(valid("\xfe"));
	assert_false(valid("\xff"));
	/* truncated and stray bytes */
	assert_false(valid("\xe2\x82"));
	assert_false(valid("abc\xc3"));
	assert_false(valid("\x80"));
	assert_false(valid("a\xbfz"));
	assert_false(valid("\xc3\x28"));
	assert_false(valid("\xe2\x28\xa1"));
	/* NUL inside the counted length */
	assert_false(utf8_is_valid("ab\0cd", 5));
	assert_true(utf8_is_valid("ab\0cd", 2));
	assert_false(utf8_is_valid("\0", 1));

	assert_int_equal(utf8_length(""), 0);
	assert_int_equal(utf8_length("abc"), 3);
	assert_int_equal(utf8_length("é€𝄞"), 3);

	assert_false(utf8_has_control("tab\there", false));
	assert_true(utf8_has_control("line\nbreak", false));
	assert_false(utf8_has_control("line\r\nbreak", true));
	assert_true(utf8_has_control("bell\a", true));
	assert_true(utf8_has_control("esc\x1b[0m", true));
	assert_true(utf8_has_control("del\x7f", true));
	assert_false(utf8_has_control("é€", false));
}

/* ---- ids ---------------------------------------------------------------- */

/* UUIDv7 ids are valid and strictly increasing; id_is_valid refuses look-alikes. */
static void
test_ids(void **state)
{
	char prev[ID_LEN], cur[ID_LEN];

	(void)state;
	id_new(prev);
	assert_true(id_is_valid(prev));
	assert_int_equal(prev[14], '7');                   /* version 7 */
	assert_non_null(strchr("89ab", prev[19]));         /* RFC 9562 variant */
	/* strictly increasing, also many within one millisecond */
	for (int i = 0; i < 20000; i++) {
		id_new(cur);
		assert_true(id_is_valid(cur));
		if (strcmp(prev, cur) >= 0)
			fail_msg("id %d not increasing: %s after %s", i, cur, prev);
		memcpy(prev, cur, ID_LEN);
	}

	assert_true(id_is_valid("0192f0c4-1b2c-7d3e-8f40-123456789abc"));
	assert_false(id_is_valid(NULL));
	assert_false(id_is_valid(""));
	assert_false(id_is_valid("0192F0C4-1B2C-7D3E-8F40-123456789ABC"));   /* upper case */
	assert_false(id_is_valid("0192f0c4-1b2c-7d3e-8f40-123456789ab"));    /* short */
	assert_false(id_is_valid("0192f0c4-1b2c-7d3e-8f40-123456789abcd"));  /* long */
	assert_false(id_is_valid("0192f0c41b2c-7d3e-8f40-123456789abcde"));  /* dash moved */
	assert_false(id_is_valid("0192f0c4-1b2c-7d3e-8f40-12345678'--;"));
	assert_false(id_is_valid("g192f0c4-1b2c-7d3e-8f40-123456789abc"));
	assert_false(id_is_valid("../../../../etc/passwd/xxxxxxxxxxxxxxx"));
}

/* ---- dates and times ---------------------------------------------------- */

/* Calendar dates with leap years, day numbers and RFC 3339 times. */
static void
test_dates(void **state)
{
	char text[TIME_RFC3339_LEN], today[11];

	(void)state;
	assert_true(time_is_date("2024-02-29"));
	assert_false(time_is_date("2023-02-29"));
	assert_true(time_is_date("2000-02-29"));           /* divisible by 400 */
	assert_false(time_is_date("1900-02-29"));          /* divisible by 100 */
	assert_false(time_is_date("2100-02-29"));
	assert_true(time_is_date("2023-02-28"));
	assert_true(time_is_date("2025-12-31"));
	assert_false(time_is_date("2025-12-32"));
	assert_false(time_is_date("2025-04-31"));
	assert_true(time_is_date("2025-04-30"));
	assert_false(time_is_date("2025-13-01"));
	assert_false(time_is_date("2025-00-10"));
	assert_false(time_is_date("2025-01-00"));
	assert_false(time_is_date("2025-1-01"));
	assert_false(time_is_date("2025-01-1"));
	assert_false(time_is_date("2025/01/01"));
	assert_false(time_is_date("2025-01-01T00:00:00Z"));
	assert_false(time_is_date("2025-01-0a"));
	assert_false(time_is_date("+025-01-01"));
	assert_false(time_is_date(""));
	assert_false(time_is_date(NULL));
	assert_false(time_is_date("1899-12-31"));

	assert_int_equal(time_date_days("1970-01-01"), 0);
	assert_int_equal(time_date_days("1970-01-02"), 1);
	assert_int_equal(time_date_days("2000-03-01"), 11017);
	assert_int_equal(time_date_days("2024-03-01") - time_date_days("2024-02-28"), 2);
	assert_int_equal(time_date_days("2023-03-01") - time_date_days("2023-02-28"), 1);
	assert_int_equal(time_date_days("2023-02-29"), -1);

	time_format_rfc3339(0, text);
	assert_string_equal(text, "1970-01-01T00:00:00.000Z");
	time_format_rfc3339(1709164800123LL, text);
	assert_string_equal(text, "2024-02-29T00:00:00.123Z");
	time_now_rfc3339(text);
	assert_int_equal(strlen(text), 24);
	time_today(today);
	assert_true(time_is_date(today));
	assert_memory_equal(today, text, 10);
	assert_true(time_now_ms() > 1700000000000LL);
}

/* Stored UTC times in Dutch civil time, on both sides of each change:
 * in 2026 summer time runs from 29 March 01:00 UTC to 25 October 01:00. */
static void
test_dutch_clock(void **state)
{
	char date[11], clock[6];

	(void)state;
	assert_true(time_dutch_clock("2026-11-29T08:28:22.176Z", date, clock));
	assert_string_equal(date, "2026-11-29");
	assert_string_equal(clock, "09:28");
	assert_true(time_dutch_clock("2026-07-01T12:00:00Z", date, clock));
	assert_string_equal(clock, "14:00");
	assert_true(time_dutch_clock("2026-03-29T00:59:59Z", date, clock));
	assert_string_equal(clock, "01:59");
	assert_true(time_dutch_clock("2026-03-29T01:00:00Z", date, clock));
	assert_string_equal(clock, "03:00");
	assert_true(time_dutch_clock("2026-10-25T00:59:00Z", date, clock));
	assert_string_equal(clock, "02:59");
	assert_true(time_dutch_clock("2026-10-25T01:00:00Z", date, clock));
	assert_string_equal(clock, "02:00");
	/* across midnight and the year */
	assert_true(time_dutch_clock("2026-12-31T23:30:00Z", date, clock));
	assert_string_equal(date, "2027-01-01");
	assert_string_equal(clock, "00:30");
	assert_false(time_dutch_clock("2026-11-29", date, clock));
	assert_false(time_dutch_clock("2026-11-29T24:00:00Z", date, clock));
	assert_false(time_dutch_clock("2026-02-30T10:00:00Z", date, clock));
	assert_false(time_dutch_clock(NULL, date, clock));
}

/* ---- crypto ------------------------------------------------------------- */

/* Password hashes, tokens, digests and constant-time comparison. */
static void
test_crypto(void **state)
{
	char hash[CRYPTO_PWHASH_LEN], hash2[CRYPTO_PWHASH_LEN];
	char t1[CRYPTO_TOKEN_LEN], t2[CRYPTO_TOKEN_LEN], digest[CRYPTO_DIGEST_LEN];

	(void)state;
	assert_true(crypto_init());
	assert_true(crypto_password_hash("correct horse battery", hash));
	assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
	assert_true(crypto_password_verify(hash, "correct horse battery"));
	assert_false(crypto_password_verify(hash, "correct horse batterY"));
	assert_false(crypto_password_verify(hash, ""));
	assert_false(crypto_password_verify(NULL, "correct horse battery"));
	assert_false(crypto_password_verify("", "correct horse battery"));
	assert_false(crypto_password_verify("not a hash", "correct horse battery"));
	/* salted: the same password hashes differently */
	assert_true(crypto_password_hash("correct horse battery", hash2));
	assert_string_not_equal(hash, hash2);

	crypto_token(t1);
	crypto_token(t2);
	assert_int_equal(strlen(t1), CRYPTO_TOKEN_LEN - 1);
	assert_string_not_equal(t1, t2);
	assert_int_equal(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				 "0123456789-_"), strlen(t1));

	crypto_digest_hex("abc", 3, digest);
	assert_string_equal(digest,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	crypto_digest_hex("", 0, digest);
	assert_string_equal(digest,
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	assert_true(crypto_equal("same", "same"));
	assert_false(crypto_equal("same", "Same"));
	assert_false(crypto_equal("same", "same!"));
	assert_true(crypto_equal("", ""));
}

/* ---- i18n --------------------------------------------------------------- */

/* English passes through; Dutch comes from the catalog; language parsing. */
static void
test_i18n(void **state)
{
	const char *id = "A message id that no catalog translates";

	(void)state;
	i18n_init(NULL);
	assert_ptr_equal(tr(LANG_EN, id), id);
	assert_string_equal(tr(LANG_EN, "Catalog"), "Catalog");
	assert_string_equal(tr(LANG_NL, id), id);
	assert_string_equal(tr(LANG_NL, ""), "");
	assert_null(tr(LANG_NL, NULL));
	/* the Dutch catalog is built into the build's locale directory */
	assert_string_equal(tr(LANG_NL, "Catalog"), "Catalogus");
	assert_int_equal(lang_parse("en"), LANG_EN);
	assert_int_equal(lang_parse("en-GB"), LANG_EN);
	assert_int_equal(lang_parse("en_US"), LANG_EN);
	assert_int_equal(lang_parse("nl"), LANG_NL);
	assert_int_equal(lang_parse("english"), LANG_NL);
	assert_int_equal(lang_parse("fr"), LANG_NL);
	assert_int_equal(lang_parse(""), LANG_NL);
	assert_int_equal(lang_parse(NULL), LANG_NL);
	assert_string_equal(lang_code(LANG_NL), "nl");
	assert_string_equal(lang_code(LANG_EN), "en");
	assert_string_equal(N_("same"), "same");
}

/* ---- error -------------------------------------------------------------- */

/* Form data decodes '+' and %XX; a broken escape stays as it was. */
static void
test_url_decode(void **state)
{
	struct arena a = ARENA_INIT;

	(void)state;
	assert_string_equal(url_decode(&a, "a+b%20c", 7), "a b c");
	assert_string_equal(url_decode(&a, "%C3%A9t%c3%a9", 13), "\xc3\xa9t\xc3\xa9");
	assert_string_equal(url_decode(&a, "100%", 4), "100%");
	assert_string_equal(url_decode(&a, "%4", 2), "%4");
	assert_string_equal(url_decode(&a, "%zz", 3), "%zz");
	assert_string_equal(url_decode(&a, "abcdef", 3), "abc");
	assert_string_equal(url_decode(&a, "", 0), "");
	assert_int_equal(url_decode(&a, "%00x", 4)[0], '\0');
	arena_release(&a);
}

/* lp_fail fills the detail; every status has a distinct name and a title. */
static void
test_error(void **state)
{
	struct lp_error err = LP_ERROR_INIT;
	char longfield[200];

	(void)state;
	assert_int_equal(lp_fail(NULL, LP_EINVAL, "x", "y"), LP_EINVAL);
	assert_int_equal(lp_fail(&err, LP_ECONFLICT, "version", "now %d", 3), LP_ECONFLICT);
	assert_int_equal(err.status, LP_ECONFLICT);
	assert_string_equal(err.field, "version");
	assert_string_equal(err.reason, "now 3");
	lp_fail(&err, LP_EINVAL, NULL, "no field");
	assert_string_equal(err.field, "");
	memset(longfield, 'f', sizeof(longfield) - 1);
	longfield[sizeof(longfield) - 1] = '\0';
	lp_fail(&err, LP_EINVAL, longfield, "long");
	assert_int_equal(strlen(err.field), sizeof(err.field) - 1);
	lp_error_clear(&err);
	assert_int_equal(err.status, LP_OK);
	assert_string_equal(err.field, "");
	assert_string_equal(err.reason, "");

	/* for a page, the reason comes from the format's translation, until
	 * the thread goes back to English */
	i18n_init(NULL);
	lp_reasons_in(LANG_NL);
	lp_fail(&err, LP_EINVAL, "name", "is longer than %lld characters", 200LL);
	assert_string_equal(err.reason, "is langer dan 200 tekens");
	lp_fail(&err, LP_ERATELIMIT, NULL, "too many failed logins; try again in %d minutes", 15);
	assert_string_equal(err.reason,
			    "te veel mislukte inlogpogingen; probeer het over 15 minuten opnieuw");
	lp_reasons_in(LANG_EN);
	lp_fail(&err, LP_EINVAL, "name", "is longer than %lld characters", 200LL);
	assert_string_equal(err.reason, "is longer than 200 characters");
	lp_reasons_in_english();
	lp_fail(&err, LP_EINVAL, "name", "is longer than %lld characters", 200LL);
	assert_string_equal(err.reason, "is longer than 200 characters");

	/* a stored state inside a reason follows the reason's language */
	lp_reasons_in(LANG_NL);
	lp_fail(&err, LP_ECONFLICT, "status", "the enrolment is %s", state_word("withdrawn"));
	assert_string_equal(err.reason, "de inschrijving is uitgeschreven");
	assert_string_equal(state_word("something_new"), "something_new");
	lp_reasons_in_english();
	lp_fail(&err, LP_ECONFLICT, "status", "the enrolment is %s", state_word("withdrawn"));
	assert_string_equal(err.reason, "the enrolment is withdrawn");

	/* every status has its own stable name and a title */
	for (int i = 0; i < LP_STATUS_COUNT; i++) {
		assert_string_not_equal(lp_status_name((enum lp_status)i), "unknown");
		assert_true(strlen(lp_status_title((enum lp_status)i)) > 0);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(lp_status_name((enum lp_status)i),
						lp_status_name((enum lp_status)k));
	}
	assert_string_equal(lp_status_name(LP_EINVAL), "invalid");
	assert_string_equal(lp_status_name(LP_ENOTFOUND), "not-found");
	assert_string_equal(lp_status_name(LP_STATUS_COUNT), "unknown");
	assert_string_equal(lp_status_name((enum lp_status)-1), "unknown");
}

/* A reason or field cut at its buffer's end must stay valid UTF-8: the
 * HTTP layer puts both into JSON, which holds only valid text. */
static void
test_error_truncation_keeps_utf8(void **state)
{
	struct lp_error err = LP_ERROR_INIT;
	char field[200], reason[600];
	size_t i;

	(void)state;
	/* "é" is two bytes: 63 bytes of them end in the middle of one */
	for (i = 0; i + 2 < sizeof(field); i += 2)
		memcpy(field + i, "\xc3\xa9", 2);
	field[i] = '\0';
	reason[0] = 'y';
	for (i = 1; i + 3 < sizeof(reason); i += 3)
		memcpy(reason + i, "\xe2\x82\xac", 3);   /* "€" */
	reason[i] = '\0';
	lp_fail(&err, LP_EINVAL, field, "%s", reason);
	assert_true(utf8_is_valid(err.field, strlen(err.field)));
	assert_true(utf8_is_valid(err.reason, strlen(err.reason)));
	assert_true(strlen(err.field) >= sizeof(err.field) - 4);
	assert_true(strlen(err.reason) >= sizeof(err.reason) - 4);
	/* a value cut by %.Ns in the middle of a character is repaired too */
	lp_fail(&err, LP_EINVAL, "level", "'%.2s' is not allowed", "a\xc3\xa9");
	assert_true(utf8_is_valid(err.reason, strlen(err.reason)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_basics),
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_html_printf),
		cmocka_unit_test(test_html_printf_bad_conversion_aborts),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_dutch_clock),
		cmocka_unit_test(test_crypto),
		cmocka_unit_test(test_i18n),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_url_decode),
		cmocka_unit_test(test_error_truncation_keeps_utf8),
	};

	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
