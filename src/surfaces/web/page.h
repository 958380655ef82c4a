/* page.h: the frame every HTML page shares, and its helpers
 *
 * Pages are server-rendered, work without JavaScript and write markup only
 * through base/html.h. A page handler calls page_begin, writes its main
 * content, and calls page_end, which also sets the response's type.
 */
#ifndef LEERPAD_PAGE_H
#define LEERPAD_PAGE_H

#include "base/html.h"
#include "surfaces/http/request.h"

#include <jansson.h>
#include <stdint.h>

/* Writes the document head, the skip link, the header with navigation and
 * the language switch, and opens <main> with the page's one <h1>. title is
 * translated text. */
void page_begin(struct request *req, struct response *res, const char *title);
/* Closes <main>, writes the footer and sets status 200 (unless a status
 * was set) and text/html. */
void page_end(struct request *req, struct response *res);
/* A whole error page for req->err (status from http_status_for). */
void page_error(struct request *req, struct response *res);
/* Writes a hidden input with the session's anti-forgery token. */
void page_csrf_field(struct request *req, struct buf *b);
/* The text of member key of a record, NULL when missing or not text. */
const char *page_str(const json_t *record, const char *key);
/* The whole number of member key of a record, 0 when missing. */
int64_t page_int(const json_t *record, const char *key);
/* Writes an amount of cents in the reader's language ("€ 1.250,00"). */
void page_money(struct request *req, struct buf *b, int64_t cents);
/* Shorthand: translated text for msgid, escaped, into the page. */
void page_t(struct request *req, struct buf *b, const char *msgid);
/* The translated reason of an error from the domain: the reason itself
 * when po/nl.po has no translation for it. */
const char *page_reason(struct request *req, const char *reason);
/* True if the actor holds a role with an administration section
 * (system, institution or programme administration, employer HR, network
 * coordination). What they may change there is decided by the domain. */
bool page_may_administer(const struct actor *actor);
/* Writes a status message (role="status") saying text, e.g. "Saved." */
void page_notice(struct buf *b, const char *text);

#endif
