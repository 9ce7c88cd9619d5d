/* HTML as a reader sees it: the one table of what each element is (a block
 * with or without a margin, a list, an item, a quote, preformatted text, a
 * table and its parts, an image, media, a link, something dropped with all
 * its content) and what style its text takes, and the one walk of a
 * document: libxml2's HTML parser (which recovers any broken markup) read
 * as SAX events, no tree built, the open elements on a heap stack so that
 * nesting depth costs memory, not C stack. The walk reports the elements of
 * the table and the text to a consumer (struct nr_html_sink); it skips
 * dropped elements and the content of media, and gives text as valid UTF-8
 * with no control character but line breaks and tabs. Consumers: the
 * reader's renderer (render/html.c) and a title's one line of text
 * (nr_html_text, for the feed parser). */
#ifndef NR_MARKUP_HTML_H
#define NR_MARKUP_HTML_H

#include <stddef.h>

/* What an element is to a reader. */
enum nr_html_role {
	NR_HTML_INLINE = 0,     /* text-level: its text flows with the text around it */
	NR_HTML_BLOCK,          /* a block of its own; with margin, a blank line around it */
	NR_HTML_PRE,            /* a block whose white space is kept */
	NR_HTML_LIST,           /* ul, ol, menu, dir */
	NR_HTML_ITEM,           /* li */
	NR_HTML_DD,             /* a definition: an indented block */
	NR_HTML_QUOTE,          /* blockquote */
	NR_HTML_HR,
	NR_HTML_BR,
	NR_HTML_WBR,            /* a place a line may break */
	NR_HTML_IMG,
	NR_HTML_MEDIA,          /* iframe, video, audio, embed, object, source, frame: content skipped */
	NR_HTML_A,
	NR_HTML_Q,              /* an inline quotation: quotation marks around it */
	NR_HTML_DROP,           /* nothing for a reader: skipped with its content, never reported */
	NR_HTML_TABLE,
	NR_HTML_TSECT,          /* thead, tbody, tfoot */
	NR_HTML_TR,
	NR_HTML_CELL,           /* td, th */
	NR_HTML_CAPTION
};

/* The style of text inside an element. The values are render/wrap.h's
 * NR_TA_* of the same name (render/html.c checks it), so that a style word
 * passes to the renderer as it is. */
enum nr_html_style {
	NR_HTML_BOLD = 1 << 0,
	NR_HTML_ITALIC = 1 << 1,
	NR_HTML_UNDERLINE = 1 << 2,
	NR_HTML_CODE = 1 << 3,
	NR_HTML_HEADING = 1 << 6,
	NR_HTML_STRIKE = 1 << 8
};

struct nr_html_element {
	const char *name;               /* lowercase */
	unsigned char role;             /* enum nr_html_role */
	unsigned char margin;           /* a blank line before and after the block */
	unsigned char empty;            /* void: no content or end of its own (embed, source, frame) */
	unsigned short style;           /* enum nr_html_style */
};

/* The element named name (lowercase, as the HTML parser gives names), or
 * NULL if it is not in the table: an unknown element is inline. */
const struct nr_html_element *nr_html_element(const char *name);

/* An open element as the consumer sees it, from its start to its end. */
struct nr_html_open {
	const struct nr_html_element *el;
	const char *name;
	unsigned style;                 /* of the text inside: the style around it and el's;
	                                 * start may add bits (the consumer's own above
	                                 * NR_HTML_STRIKE) */
	unsigned flags;                 /* the consumer's, kept for the end */
	char *data;                     /* the consumer's, kept for the end */
};

struct nr_html_sink {
	/* An element of the table (not dropped) opens; atts are attribute
	 * name/value pairs ending with NULL (atts itself may be NULL). */
	void (*start)(void *ctx, struct nr_html_open *open, const char *const *atts);
	/* It closes. Every start gets its end, however broken the document. */
	void (*end)(void *ctx, struct nr_html_open *open);
	/* Text inside the elements open, in style (NR_HTML_* and the
	 * consumer's bits): valid UTF-8, no control but '\n' and '\t'. */
	void (*text)(void *ctx, const char *s, size_t n, unsigned style);
	/* A <source> directly inside a media element (whose content is
	 * otherwise skipped); may be NULL. */
	void (*source)(void *ctx, const char *const *atts);
};

/* Walk the HTML html[0..len) (any bytes: it is made valid UTF-8 first),
 * reporting to sink with ctx. Returns what the markup filter cut of it
 * (nr_bound_warning: a new string), or NULL if nothing. */
char *nr_html_walk(const char *html, size_t len, const struct nr_html_sink *sink, void *ctx);

/* The value of attribute name in atts (case-insensitive; "" for one
 * without a value), or NULL. */
const char *nr_html_attr(const char *const *atts, const char *name);
/* Attribute name as a decimal number clamped to lo..hi, or dflt if it is
 * absent or no number. */
long nr_html_attr_long(const char *const *atts, const char *name, long dflt, long lo, long hi);
/* A new string: attribute name as one line of text (sanitised, white space
 * collapsed), or NULL if it is absent or empty. */
char *nr_html_attr_text(const char *const *atts, const char *name);

/* A new string: the HTML fragment html[0..len) as one line of plain text,
 * as a title is shown: tags gone, entities decoded, blocks and line breaks
 * made spaces, white space collapsed, dropped elements and media left out,
 * an image shown by its alternative text as "[image: alt]". */
char *nr_html_text(const char *html, size_t len);

#endif
