/* OPML subscription lists (1.0 and 2.0), read with libxml2 (no network, no
 * external entities). Every outline with an xmlUrl is a feed, wherever it
 * is nested; the text (else title) of the outlines around it, and its own
 * category attribute's words, become its tags (a category written as a
 * path, "/Tech/News", gives its last part). A URL listed twice is one feed:
 * the first title, the tags of both. */
#ifndef NR_PARSE_OPML_H
#define NR_PARSE_OPML_H

#include <stddef.h>

#include "core/err.h"

struct nr_opml_feed {
	char *url;              /* xmlUrl, as written (trimmed) */
	char *title;            /* text, else title; or NULL */
	char *html_url;         /* htmlUrl, or NULL */
	char **tags;            /* enclosing outlines' names, then category words; no duplicates */
	size_t ntags;
	long line;              /* the outline's line in the file */
};

/* Read the OPML file at path into *out (n feeds, in document order).
 * Returns n >= 0, or -1 with err naming the file and line ("FILE:LINE:
 * not an OPML file: the root element is 'rss'", "FILE:LINE: ..." for
 * broken XML). An OPML file with no feeds gives 0. */
long nr_opml_read(const char *path, struct nr_opml_feed **out, struct nr_err *err);
void nr_opml_free(struct nr_opml_feed *feeds, size_t n);

#endif
