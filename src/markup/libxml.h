/* libxml2 set up once for the whole program, below parse/ and render/,
 * which both read markup with it: no network, no external entities or DTDs
 * loaded, errors routed to each parser's context instead of stderr; and
 * the options every HTML parse of the program uses, written here once. */
#ifndef NR_MARKUP_LIBXML_H
#define NR_MARKUP_LIBXML_H

void nr_libxml_init(void);
void nr_libxml_cleanup(void);

/* The HTML parser's options (HTML_PARSE_*): never the network, broken
 * markup recovered, no word on stderr, and no <meta charset> obeyed: the
 * callers hand libxml2 UTF-8 (bodies are UTF-8 already; an HTML file's set
 * is found by parse/htmlfile.c, since libxml2 would switch to Latin-1 at
 * the first bad UTF-8 byte). */
int nr_libxml_html_options(void);

/* A SAX externalSubset handler for XML parsers (feeds, OPML): the
 * doctype's internal subset has been read, and the default values it gave
 * attributes (<!ATTLIST>) are dropped before the first element. libxml2
 * adds them to every element of that name, each checked against the
 * element's attributes, so 200,000 of them took close to a minute, and
 * no feed or outline relies on them. ctx is the parser's context. */
void nr_libxml_subset_done(void *ctx, const unsigned char *name, const unsigned char *external_id,
    const unsigned char *system_id);

#endif
