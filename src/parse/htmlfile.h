/* HTML article files: title from <title> (or the first <h1>), body from
 * <article>, <main> or <body>, date from <time datetime> or the
 * article:published_time meta, author and site name from meta tags. */
#ifndef NR_PARSE_HTMLFILE_H
#define NR_PARSE_HTMLFILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"

/* Parse data[0..n) into item (title, author, link if the page names its
 * canonical URL, content as NR_BODY_HTML, published: the page's date, else
 * mtime) and *site_name (a new string, or NULL if the page names none).
 * Returns -1 with err if the page holds no text. */
int nr_htmlfile_parse(const char *data, size_t n, int64_t mtime, struct nr_item *item,
    char **site_name, struct nr_err *err);

#endif
