/* The one renderer of article bodies, for the reader pane, --render and
 * --dump --body: a body (HTML, or plain text) turned into styled screen
 * lines at a width in columns, and the article's links numbered. HTML comes
 * through markup/html.h's walk (libxml2's HTML parser, never loading
 * anything, and the one table of elements) as blocks (paragraphs,
 * headings, lists, quotes, preformatted text, tables, rules, figures) whose
 * inline text carries attributes (bold, italic, underline, code, link); the
 * blocks are wrapped by screen columns with render/wrap.h's rules (a
 * character cluster is never split, no character is lost). A link's text
 * is followed by its number "[N]"; images, iframes, video and audio become
 * "[image: alt] [N]" and the like. Nothing of the input reaches the
 * terminal as a control: C0/C1 characters, escape sequences and bidi
 * overrides are removed. The files: html.c (the walk's consumer), table.c,
 * text.c (plain-text bodies), flow.c (runs into lines), links.c, output.c
 * (SGR, plain text), wrap.c (unstyled text). */
#ifndef NR_RENDER_RENDER_H
#define NR_RENDER_RENDER_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "core/model.h"
#include "render/wrap.h"

/* The width a body is rendered at when nothing gives one (no terminal to
 * ask): the reader's copy for a pipe, --render to a file. */
#define NR_RENDER_WIDTH 80
/* A width no line reaches: each paragraph is one line. */
#define NR_RENDER_UNBOUNDED (INT_MAX / 4)

enum nr_link_kind {
	NR_LINK_LINK = 0,       /* <a href>, a bare URL in text */
	NR_LINK_IMAGE,          /* <img src> */
	NR_LINK_MEDIA,          /* <iframe>, <video>, <audio>, <source>, <embed>, <object> */
	NR_LINK_ENCLOSURE       /* the article's enclosures (added by the caller) */
};

struct nr_link {
	char *url;              /* absolute when a base was known; sanitized */
	enum nr_link_kind kind;
	char *note;             /* said after the kind in the list (an enclosure's type and size), or NULL */
};

/* The numbered links of an article: v[0] is link [1]. Links are added
 * only with nr_links_add (it keeps an index of them by URL). */
struct nr_links {
	struct nr_link *v;
	size_t n;
	size_t cap;
	size_t *index;          /* open addressing: 1 + a position in v, 0 free */
	size_t index_cap;       /* a power of two, or 0 */
};

#define NR_LINKS_INIT { NULL, 0, 0, NULL, 0 }

/* The number (1-based) of url in links, adding it if it is not there yet
 * (the same URL twice keeps its first number). */
size_t nr_links_add(struct nr_links *links, const char *url, enum nr_link_kind kind);
void nr_links_free(struct nr_links *links);
/* Set the note of link number (1-based) to a copy of note. */
void nr_links_set_note(struct nr_links *links, size_t number, const char *note);

struct nr_render_opts {
	int width;              /* columns; below 1 counts as 1 */
	const char *base;       /* relative URLs are resolved against this, or NULL */
	int tag;                /* the tag of every line appended */
	/* If not NULL: nr_render_html sets *cut to what the markup filter
	 * cut of the document (a new string; markup/bound.h), or NULL. */
	char **cut;
};

/* Append the HTML body html[0..len) rendered at opts->width to out; its
 * links, images and media are added to links (numbers go on from
 * links->n) and their numbers follow them in the text; with links NULL,
 * nothing is numbered. Broken HTML is recovered; any input gives some
 * output. */
void nr_render_html(struct nr_wrap *out, struct nr_links *links, const char *html, size_t len,
    const struct nr_render_opts *opts);
/* Append the plain-text body text[0..len): paragraphs (separated by blank
 * lines) re-flowed to the width, lines that look preformatted (indented
 * code, ASCII tables, lists) kept as they are, bare URLs numbered as links
 * (unless links is NULL). */
void nr_render_text(struct nr_wrap *out, struct nr_links *links, const char *text, size_t len,
    const struct nr_render_opts *opts);
/* Append the list of links after a body: a blank line, a heading, then one
 * "[N] URL" line per link (kind noted for images, media and enclosures),
 * wrapped to the width. Nothing if there are no links. */
void nr_render_link_list(struct nr_wrap *out, const struct nr_links *links, const struct nr_render_opts *opts);
/* What a link of kind is, as the list of links says it ("image",
 * "media", "enclosure", translated), or NULL for a link in the text. */
const char *nr_render_link_kind(enum nr_link_kind kind);

/* Write lines to fp, one per line; with color, spans as SGR sequences
 * (bold, italic, underline, dim, ...) reset at the end of each line. */
void nr_render_write(FILE *fp, const struct nr_wrap *w, int color);

/* A new string: body as plain text for --dump --body: the reader's text
 * without styles or link numbers, each paragraph (and each list item, table
 * row, preformatted line) one line, blocks apart by a blank line as the
 * reader shows them, no white space at either end. */
char *nr_render_plain(const char *body, enum nr_body_type type);

#endif
