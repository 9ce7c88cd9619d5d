/* Reader mode inside parse/: the article out of a parsed web page. The
 * article's container is chosen by score, not by order (the blocks that
 * hold the page's paragraph text, weighed by commas, length, link density
 * and what their class and id names say, and the semantic containers
 * around the winner), then what is no part of the story is pruned inside
 * it (navigation, link lists, share and like widgets, related blocks,
 * galleries' counters, forms, a copy of the headline and the byline).
 * Private to parse/: the types are libxml2's. */
#ifndef NR_PARSE_EXTRACT_INT_H
#define NR_PARSE_EXTRACT_INT_H

#include <libxml/tree.h>

/* How the article was found. */
enum nr_extract_how {
	NR_EXTRACT_SCORED = 0,  /* a container won on score */
	NR_EXTRACT_WHOLE        /* nothing scored well: the whole body */
};

/* The element whose children are the article: an element of the page
 * under body, or a new <div> put in the winner's place, holding the winner
 * and the siblings that belong to it. title and byline (NULL if unknown) are the
 * page's, so that their copies in the text are dropped (the reader shows
 * them in its header). NULL if body is NULL. */
xmlNode *nr_extract_article(xmlNode *body, const char *title, const char *byline, enum nr_extract_how *how);

/* Whether n is hidden from every reader of the page: the hidden attribute,
 * aria-hidden="true", an inline display:none or visibility:hidden, or a
 * class that sites use for text only screen readers hear. */
int nr_extract_hidden(const xmlNode *n);

/* Whether a class or id name says "the byline" (byline, author). */
int nr_extract_byline_name(const xmlNode *n);

/* A text as a key for comparing headlines: ASCII case folded, white
 * space collapsed, curly quotes and dashes made plain, the final stop
 * dropped. A new string. */
char *nr_extract_key(const char *s);

#endif
