/* web.h: the HTML page handlers (one file per page or group of pages) */
#ifndef LEERPAD_WEB_H
#define LEERPAD_WEB_H

#include "surfaces/http/router.h"

#include <jansson.h>

/* static.c */
void web_static_style(struct request *req, struct response *res);

/* page_start.c: GET / — what leerpad is, and the programmes */
void web_start(struct request *req, struct response *res);

/* page_login.c: GET and POST /login, POST /logout */
void web_login_form(struct request *req, struct response *res);
void web_login(struct request *req, struct response *res);
void web_logout(struct request *req, struct response *res);

/* page_catalog.c: the public catalog */
void web_catalog(struct request *req, struct response *res);
void web_catalog_programme(struct request *req, struct response *res);
void web_catalog_offerings(struct request *req, struct response *res);

/* page_home.c: GET /home — what each of the reader's roles can do */
void web_home(struct request *req, struct response *res);

/* page_admin.c: the administration of catalog and people records;
 * req->params[0] is the URL segment of the entity, params[1] the id */
void web_admin(struct request *req, struct response *res);
void web_admin_list(struct request *req, struct response *res);
void web_admin_new(struct request *req, struct response *res);
void web_admin_create(struct request *req, struct response *res);
void web_admin_edit(struct request *req, struct response *res);
void web_admin_update(struct request *req, struct response *res);

/* page_learning.c: learning agreements, evidence, assessment, progress */
void web_learning(struct request *req, struct response *res);
void web_learning_enrolment(struct request *req, struct response *res);
void web_learning_agreement(struct request *req, struct response *res);
void web_learning_agreement_post(struct request *req, struct response *res);
void web_learning_agreement_new(struct request *req, struct response *res);
void web_learning_evidence(struct request *req, struct response *res);
void web_learning_attest(struct request *req, struct response *res);
void web_learning_assess(struct request *req, struct response *res);
void web_learning_confirm(struct request *req, struct response *res);
void web_learning_second(struct request *req, struct response *res);
void web_learning_graduate(struct request *req, struct response *res);
void web_learning_coaching(struct request *req, struct response *res);
/* The learner's own enrolments with agreement, progress per outcome and
 * the next step, for the home page. */
void web_learning_home(struct request *req, struct buf *b);
/* page_prior_learning.c: prior learning claims, their judgement and
 * confirmation */
void web_prior_learning(struct request *req, struct response *res);
void web_prior_learning_claim(struct request *req, struct response *res);
void web_prior_learning_judge(struct request *req, struct response *res);
void web_prior_learning_confirm(struct request *req, struct response *res);
/* page_agreement_history.c: every version of an agreement, page by page */
void web_agreement_history(struct request *req, struct response *res);
/* Links to the first and the next page of a list on a page: base is the
 * page's address with at least one query argument, param the name of the
 * list's cursor argument, anchor the id of the list's heading, next_msgid
 * the words of the next link (NULL: "Next page"). Nothing when there is
 * one page. */
void web_list_pager(struct request *req, struct buf *b, const char *base, const char *param,
		    const char *next_cursor, const char *anchor, const char *next_msgid);
/* The cursor argument name of a page's list, when it is a valid cursor
 * (NULL otherwise: the first page). */
const char *web_list_cursor(struct request *req, const char *name);
/* Money (page_money.c): the learner's vouchers, the provider's
 * reservations and statements, the employer's contributions, the voucher
 * authority's schemes and budget. */
void web_my_vouchers(struct request *req, struct response *res);
void web_my_confirm(struct request *req, struct response *res);
void web_my_release(struct request *req, struct response *res);
void web_provider_reservations(struct request *req, struct response *res);
void web_provider_redeem(struct request *req, struct response *res);
void web_employer_contributions(struct request *req, struct response *res);
void web_money_schemes(struct request *req, struct response *res);
/* page_schemes.c: the voucher authority creates and changes schemes,
 * issues and revokes vouchers (money writes idempotent by a form token) */
void web_scheme_new(struct request *req, struct response *res);
void web_scheme_create(struct request *req, struct response *res);
void web_scheme_show(struct request *req, struct response *res);
void web_scheme_edit(struct request *req, struct response *res);
void web_scheme_update(struct request *req, struct response *res);
void web_scheme_issue(struct request *req, struct response *res);
void web_voucher_revoke(struct request *req, struct response *res);
/* page_reserve.c: the learner reserves a voucher for an offering (a form
 * token as Idempotency-Key) */
void web_my_reserve_form(struct request *req, struct response *res);
void web_my_reserve(struct request *req, struct response *res);
/* page_funding.c: HR sets the employer's share or cap */
void web_employer_funding(struct request *req, struct response *res);
void web_employer_funding_post(struct request *req, struct response *res);
/* An employer's arrangement ({"share_bp", "cap_cents"}) in words, in the
 * reader's language: "50 % of what vouchers leave, at most € 500,00 per
 * period". Arena string. */
const char *funding_terms_text(struct request *req, const json_t *terms);

#endif
