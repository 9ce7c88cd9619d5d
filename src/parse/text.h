/* Plain-text articles as saved from news sites: the first non-empty line is
 * the title, the rest the body in paragraphs. Lines or paragraphs that a
 * scraper doubled are kept once, and trailing navigation ("Previous Post
 * Next Post") is dropped. */
#ifndef NR_PARSE_TEXT_H
#define NR_PARSE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"

/* Parse data[0..n) (any bytes; invalid UTF-8 becomes U+FFFD) into item:
 * title, content (NR_BODY_TEXT: paragraphs separated by one blank line) and
 * published (a date found in the text, else mtime). The caller sets link
 * and id. Returns -1 with err if there is no text at all. */
int nr_text_parse(const char *data, size_t n, int64_t mtime, struct nr_item *item, struct nr_err *err);

#endif
