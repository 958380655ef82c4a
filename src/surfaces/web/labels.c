/* labels.c: human words for code values, numbers and dates on pages */
#include "surfaces/web/labels.h"
#include "base/timeutil.h"

#include <stdio.h>
#include <string.h>

/* Every code value a page shows, with its Dutch and English words. The
 * values are unique across the fields that use them, and where one value
 * serves two fields (an "institution" is a kind of organisation and a role
 * in a network) the word is the same. */
static const struct {
	const char *value;
	const char *nl;
	const char *en;
} words[] = {
	/* kinds of organisation */
	{ "institution", "Onderwijsinstelling", "Institution" },
	{ "employer", "Werkgever", "Employer" },
	{ "network", "Netwerk", "Network" },
	{ "government", "Overheid", "Government" },
	{ "centre_of_expertise", "Centre of Expertise", "Centre of Expertise" },
	/* roles in a network */
	{ "lead", "Penvoerder", "Lead" },
	{ "company", "Bedrijf", "Company" },
	{ "network_organisation", "Netwerkorganisatie", "Network organisation" },
	{ "partner", "Partner", "Partner" },
	/* levels of a programme */
	{ "associate_degree", "Associate degree", "Associate degree" },
	{ "bachelor", "Bachelor", "Bachelor" },
	{ "master", "Master", "Master" },
	{ "post_hbo", "Post-hbo", "Post-hbo" },
	/* modes of a programme */
	{ "full_time", "voltijd", "full-time" },
	{ "part_time", "deeltijd", "part-time" },
	{ "dual", "duaal", "dual" },
	/* experiments of the letter */
	{ "leeruitkomsten", "Experiment leeruitkomsten", "Learning outcomes experiment" },
	{ "vraagfinanciering", "Experiment vraagfinanciering (vouchers)",
	  "Demand financing experiment (vouchers)" },
	/* modes of an offering */
	{ "on_campus", "op de campus", "on campus" },
	{ "online", "online", "online" },
	{ "blended", "gemengd (campus en online)", "blended (campus and online)" },
	{ "at_work", "op de werkplek", "at the workplace" },
	/* an enrolment: its track, its status, the kind of its group */
	{ "regular", "regulier", "regular" },
	{ "accelerated", "versneld", "accelerated" },
	{ "active", "actief", "active" },
	{ "paused", "gepauzeerd", "paused" },
	{ "graduated", "afgestudeerd", "graduated" },
	{ "withdrawn", "uitgeschreven", "withdrawn" },
	{ "mixed", "gemengde groep (meerdere werkgevers)", "mixed group (several employers)" },
	/* languages */
	{ "nl", "Nederlands", "Dutch" },
	{ "en", "Engels", "English" },
};

const char *
label_value(enum lang lang, const char *value)
{
	enum role role;

	if (!value)
		return "";
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].value, value) == 0)
			return lang == LANG_EN ? words[i].en : words[i].nl;
	if (role_parse(value, &role))
		return label_role(lang, role);
	return value;
}

const char *
label_role(enum lang lang, enum role role)
{
	return tr(lang, role_label(role));
}

/* Writes v in decimal at o (at most 20 bytes, no NUL); gives the end. */
static char *
put_decimal(char *o, int64_t v)
{
	char digits[20];
	int n = 0;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*o++ = '-';
	while (n)
		*o++ = digits[--n];
	return o;
}

/* As snprintf's "%lld" and "%lld,%lld" would write it (a table of
 * outcomes writes one per row; snprintf took most of a row's time). */
const char *
label_ec(enum lang lang, int64_t tenths, char out[LABEL_EC_LEN])
{
	int64_t whole = tenths / 10, part = tenths % 10;
	char *o = out;

	if (part < 0)
		part = -part;
	if (part != 0 && tenths < 0 && whole == 0)
		*o++ = '-';
	o = put_decimal(o, whole);
	if (part != 0) {
		*o++ = lang == LANG_EN ? '.' : ',';
		*o++ = (char)('0' + part);
	}
	*o = '\0';
	return out;
}

static const char *const months_nl[12] = {
	"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"
};
static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"
};

const char *
label_month(enum lang lang, const char *month, char out[LABEL_DATE_LEN])
{
	int m;

	if (!month || strlen(month) != 7 || month[4] != '-' ||
	    strspn(month, "0123456789") != 4 || strspn(month + 5, "0123456789") != 2 ||
	    (m = (month[5] - '0') * 10 + (month[6] - '0')) < 1 || m > 12) {
		snprintf(out, LABEL_DATE_LEN, "%s", month ? month : "");
		return out;
	}
	snprintf(out, LABEL_DATE_LEN, "%s %.4s", (lang == LANG_EN ? months_en : months_nl)[m - 1],
		 month);
	return out;
}

const char *
label_date(enum lang lang, const char *date, char out[LABEL_DATE_LEN])
{
	int month, day;
	const char *name;
	char *o = out;
	size_t n;

	if (!date || !time_is_date(date)) {
		snprintf(out, LABEL_DATE_LEN, "%s", date ? date : "");
		return out;
	}
	/* time_is_date guarantees "YYYY-MM-DD" with a real month and day */
	month = (date[5] - '0') * 10 + (date[6] - '0');
	day = (date[8] - '0') * 10 + (date[9] - '0');
	/* "%d %s %.4s" written directly: it is on every planned date shown
	 * (the longest, "30 september 2026", fits LABEL_DATE_LEN) */
	name = (lang == LANG_EN ? months_en : months_nl)[month - 1];
	n = strlen(name);
	if (day >= 10)
		*o++ = (char)('0' + day / 10);
	*o++ = (char)('0' + day % 10);
	*o++ = ' ';
	memcpy(o, name, n);
	o += n;
	*o++ = ' ';
	memcpy(o, date, 4);
	o[4] = '\0';
	return out;
}

const char *
label_moment(enum lang lang, const char *utc, char out[LABEL_MOMENT_LEN])
{
	char date[11], clock[6], day[LABEL_DATE_LEN];
	size_t n;

	if (!time_dutch_clock(utc, date, clock)) {
		snprintf(out, LABEL_MOMENT_LEN, "%s", utc ? utc : "");
		return out;
	}
	/* "%s, %s" written directly (both parts are short and of known length) */
	label_date(lang, date, day);
	n = strlen(day);
	memcpy(out, day, n);
	memcpy(out + n, ", ", 2);
	memcpy(out + n + 2, clock, 6);
	return out;
}
