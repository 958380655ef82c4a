/* demo_funding.c: the demo's employer arrangement (see demo_funding.h) */
#include "domain/demo_funding.h"
#include "domain/employer_funding.h"
#include "domain/learning_util.h"

enum lp_status
demo_funding_load(struct ctx *ctx)
{
	const char *ah = lu_text_of(ctx, "SELECT id FROM organisations WHERE name = ?",
				    "Albert Heijn");
	json_t *in, *out = NULL;
	enum lp_status rc;

	if (!ah)
		return LP_OK;   /* a demo without Albert Heijn: nothing to add */
	in = json_pack("{s:i, s:i}", "share_bp", 5000, "cap_cents", 100000);
	rc = employer_funding_set(ctx, ah, NULL, in, &out);
	json_decref(in);
	json_decref(out);
	return rc;
}
