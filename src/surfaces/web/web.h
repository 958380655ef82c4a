/* web.h: the HTML page handlers (one file per page or group of pages) */
#ifndef LEERPAD_WEB_H
#define LEERPAD_WEB_H

#include "surfaces/http/router.h"

/* static.c */
void web_static_style(struct request *req, struct response *res);

#endif
