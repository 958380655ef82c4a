/* i18n.h: Dutch first, English on request, through gettext
 *
 * Message ids in the code are English. The Dutch catalog (po/nl.po, built
 * into locale/nl/LC_MESSAGES/leerpad.mo) translates them; English requests
 * get the id itself. The language is chosen per request, so the process
 * never changes its locale after start.
 */
#ifndef LEERPAD_I18N_H
#define LEERPAD_I18N_H

enum lang { LANG_NL = 0, LANG_EN = 1 };

/* Binds the text domain to localedir (NULL: the build's default, or the
 * LEERPAD_LOCALEDIR environment variable). Call once before threads. */
void i18n_init(const char *localedir);
/* Returns msgid translated into lang; static storage, never NULL. */
const char *tr(enum lang lang, const char *msgid);
/* Parses "nl", "en", "en-GB", ...; anything else is Dutch. */
enum lang lang_parse(const char *s);
/* "nl" or "en", for the html lang attribute. */
const char *lang_code(enum lang lang);

/* Marks a string for extraction without translating it here. */
#define N_(s) (s)

#endif
