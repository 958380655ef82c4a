/* i18n.c: Dutch first, English on request */
#include "base/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

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
}

const char *
tr(enum lang lang, const char *msgid)
{
	if (lang == LANG_EN || !msgid || !*msgid)
		return msgid;
	return dgettext("leerpad", msgid);
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
