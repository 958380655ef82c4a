/* demo_money.h: the money part of the demo (issue 5 item 8) */
#ifndef LEERPAD_DEMO_MONEY_H
#define LEERPAD_DEMO_MONEY_H

#include "domain/context.h"

/* Adds, inside demo_load's transaction and through the domain (so checked,
 * audited and in the ledger): the scheme 'Experiment vraagfinanciering'
 * (EUR 1,250 per 30 EC) over the programmes in that experiment, vouchers
 * for several demo learners, reservations and redemptions at a funded
 * (Fontys) and a private provider (NCOI), and one employer contribution
 * (VDL ETG, for Niels at NCOI). Redemptions need a started offering and reservations one not
 * yet ended, so on other dates some steps are left out. */
enum lp_status demo_money_load(struct ctx *ctx);

#endif
