/* state_word.c: stored states as words in reasons (see state_word.h) */
#include "domain/state_word.h"
#include "base/error.h"
#include "base/i18n.h"

#include <string.h>

/* Every state a reason may name; N_ marks them for po/nl.po. */
static const char *const words[] = {
	/* enrolments */
	N_("active"), N_("paused"), N_("graduated"), N_("withdrawn"),
	/* agreements and their versions */
	N_("draft"), N_("proposed"), N_("signed"), N_("closed"), N_("superseded"),
	/* vouchers and reservations */
	N_("issued"), N_("reserved"), N_("redeemed"), N_("released"), N_("expired"),
	N_("revoked"),
};

const char *
state_word(const char *code)
{
	enum lang lang;

	if (!code)
		return "";
	if (!lp_reasons_translated(&lang))
		return code;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i], code) == 0)
			return tr(lang, words[i]);
	return code;
}
