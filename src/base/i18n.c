/* i18n.c: Dutch first, English on request */
#include "base/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A memo of translations per thread: dgettext takes a lock and searches
 * the catalog on every call, and a page asks for the same few dozen texts
 * each time. An entry holds its own copy of the msgid (callers may pass
 * text in buffers that change; longer msgids are not kept) and the
 * catalog's translation, which stays where it is for as long as the
 * catalog is bound, or NULL for none (then the caller's msgid is the
 * answer, as from dgettext); i18n_init binds anew and so starts a new
 * generation, which empties every memo. */
#define TR_MEMO_SIZE 256
#define TR_MEMO_TEXT 112
struct tr_memo {
	unsigned generation;
	const char *text;
	char msgid[TR_MEMO_TEXT];
};
static _Thread_local struct tr_memo tr_memo[TR_MEMO_SIZE];
static atomic_uint tr_generation = 1;

#ifndef LEERPAD_LOCALEDIR
#define LEERPAD_LOCALEDIR "locale"
#endif

void
i18n_init(const char *localedir)
{
	const char *dir = localedir ? localedir : getenv("LEERPAD_LOCALEDIR");

	if (!dir || !*dir)
		dir = LEERPAD_LOCALEDIR;
	/* gettext ignores LANGUAGE in the plain "C" locale but honours it in
	 * C.UTF-8, which every Debian has; so no nl_NL locale is needed. */
	setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", "nl", 1);
	bindtextdomain("leerpad", dir);
	bind_textdomain_codeset("leerpad", "UTF-8");
	atomic_fetch_add(&tr_generation, 1);
}

const char *
tr(enum lang lang, const char *msgid)
{
	unsigned generation = atomic_load_explicit(&tr_generation, memory_order_relaxed);
	uint32_t h = 2166136261u;
	struct tr_memo *m;
	const char *text;
	size_t len;

	if (lang == LANG_EN || !msgid || !*msgid)
		return msgid;
	for (len = 0; msgid[len]; len++)
		h = (h ^ (unsigned char)msgid[len]) * 16777619u;
	if (len >= TR_MEMO_TEXT)
		return dgettext("leerpad", msgid);
	m = &tr_memo[h % TR_MEMO_SIZE];
	if (m->generation == generation && memcmp(m->msgid, msgid, len + 1) == 0)
		return m->text ? m->text : msgid;
	text = dgettext("leerpad", msgid);
	m->generation = generation;
	memcpy(m->msgid, msgid, len + 1);
	m->text = text == msgid ? NULL : text;
	return text;
}

enum lang
lang_parse(const char *s)
{
	if (s && s[0] == 'e' && s[1] == 'n' && (s[2] == '\0' || s[2] == '-' || s[2] == '_'))
		return LANG_EN;
	return LANG_NL;
}

const char *
lang_code(enum lang lang)
{
	return lang == LANG_EN ? "en" : "nl";
}
