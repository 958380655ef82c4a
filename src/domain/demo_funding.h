/* demo_funding.h: the employer funding part of the demo (issue 5 item 4) */
#ifndef LEERPAD_DEMO_FUNDING_H
#define LEERPAD_DEMO_FUNDING_H

#include "domain/context.h"

/* Adds, inside demo_load's transaction and through the domain (checked
 * and audited): Albert Heijn pays 50 % of what its employees' periods
 * cost after vouchers, at most EUR 1,000 a period. VDL ETG keeps no
 * arrangement, so its HR contact can set one on /employer/funding (its
 * demo agreement states its amount, which goes first). */
enum lp_status demo_funding_load(struct ctx *ctx);

#endif
