/* state_word.h: a stored state as a word inside a reason
 *
 * Reasons such as "the enrolment is %s" name a state that the database
 * holds as an English code ("withdrawn"). On pages reasons are Dutch
 * (lp_reasons_in), and the code inside them must be too.
 */
#ifndef LEERPAD_STATE_WORD_H
#define LEERPAD_STATE_WORD_H

/* The word for a state code of an enrolment, agreement, voucher or
 * reservation in the language reasons are written in now: the code itself
 * in English, its translation where reasons are translated. An unknown
 * code is returned as it is, so no state is ever hidden. Static storage,
 * or code itself. */
const char *state_word(const char *code);

#endif
