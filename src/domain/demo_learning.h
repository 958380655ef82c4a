/* demo_learning.h: the learning agreements of the demo (issue 4, item 10)
 *
 * Sanne de Vries (learner@demo.leerpad.nl), a mechatronicus at VDL ETG in
 * Fontys' Associate degree Engineering, with an agreement signed by her,
 * her coach (coach@) and her supervisor (supervisor@), evidence her
 * supervisor attested, and one outcome the examiner (examiner@) judged
 * achieved and the exam board (examboard@) confirmed; and Lisa Postma, a
 * team leader at Albert Heijn in NHL Stenden's company group, with a draft
 * agreement. The demo coach also coaches at NHL Stenden, so coach@ sees
 * both. Periods, cohorts, enrolments and the agreements are opened by the
 * system; every other step is taken by the demo person whose step it is,
 * through the same domain functions as the API.
 */
#ifndef LEERPAD_DEMO_LEARNING_H
#define LEERPAD_DEMO_LEARNING_H

#include "domain/context.h"

/* Loads it inside the caller's transaction (demo_load). Needs the rest of
 * the demo loaded first. */
enum lp_status demo_learning_load(struct ctx *ctx);

#endif
