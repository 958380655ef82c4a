/* page_form.h: pieces of the hand-made forms of the money pages
 *
 * The forms that move money (page_schemes.c, page_reserve.c) share these:
 * a form token made when the form is drawn and used as the write's
 * Idempotency-Key (page_form_once: the key, the write and the redirect it
 * answered stored in one transaction, so a form sent twice moves nothing
 * twice and lands where the first did), text inputs with label, hint and
 * error, the summary of a form's errors, and amounts as a form shows them
 * ("1.250,00"). Everything returned lives in the request's arena.
 */
#ifndef LEERPAD_PAGE_FORM_H
#define LEERPAD_PAGE_FORM_H

#include "surfaces/http/request.h"
#include "surfaces/web/form.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* One write of a page: does it and sets *location to where the reader
 * goes next (arena). Runs inside the idempotency transaction. */
typedef enum lp_status (*page_form_op)(struct request *req, const json_t *input,
				       const char **location);

/* Runs op once per form token key (the "idem" field) and input: a repeat
 * answers the first redirect and moves nothing. LP_OK with *location set,
 * or the domain's failure in req->err with nothing written. */
enum lp_status page_form_once(struct request *req, const char *key, const json_t *input,
			      page_form_op op, const char **location);

/* A hidden input "idem" with the token given (a form drawn again after a
 * refusal keeps its token), or a new one. */
void page_form_token(struct buf *b, const char *given);

/* Reads the posted form into f; false after an error page. */
bool page_form_posted(struct request *req, struct response *res, struct form *f);

/* The message of input name's error (id e-NAME), when it has one. */
void page_form_field_error(struct request *req, struct buf *b, const char *name,
			   const struct form_errors *errs);

/* Attributes of input name: described by its hint (h-NAME) and error
 * (e-NAME), invalid, required. Markup: name must be a literal input name
 * of the calling page, never typed text. Arena. */
const char *page_form_input_attrs(struct request *req, const char *name, bool hint,
				  const struct form_errors *errs, bool required);

/* One text-like input (id f-NAME) with label, hint and error. type:
 * "text", "date", "number"; extra: literal attributes (markup). */
void page_form_text(struct request *req, struct buf *b, const char *name, const char *label,
		    const char *hint, const char *type, const char *value, bool required,
		    const struct form_errors *errs, const char *extra);

/* The summary of every problem at the top of a form, each linked to its
 * input (f-NAME; "" for the whole form: not linked). */
void page_form_error_summary(struct request *req, struct buf *b,
			     const struct form_errors *errs);

/* An amount as a form shows it and money_parse reads it: "1.250,00" (no
 * euro sign). Arena. */
const char *page_form_amount(struct request *req, int64_t cents);

#endif
