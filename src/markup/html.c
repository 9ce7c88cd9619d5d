#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/bound.h"
#include "markup/html.h"
#include "markup/libxml.h"
#include "nls.h"
#include "util/utf8.h"

/*
 * The element table, the SAX walk that reports it to a consumer, and the
 * smallest consumer: a title's one line of text.
 */

#define B NR_HTML_BOLD
#define I NR_HTML_ITALIC
#define U NR_HTML_UNDERLINE
#define C NR_HTML_CODE
#define H (NR_HTML_HEADING | NR_HTML_BOLD)
#define S NR_HTML_STRIKE

/* Sorted by name, for the binary search in nr_html_element(). Elements not
 * here are inline (span, abbr, small, ...). */
static const struct nr_html_element elements[] = {
	{ "a", NR_HTML_A, 0, 0, 0 },
	{ "address", NR_HTML_BLOCK, 1, 0, I },
	{ "applet", NR_HTML_DROP, 0, 0, 0 },
	{ "area", NR_HTML_DROP, 0, 0, 0 },
	{ "article", NR_HTML_BLOCK, 0, 0, 0 },
	{ "aside", NR_HTML_BLOCK, 0, 0, 0 },
	{ "audio", NR_HTML_MEDIA, 0, 0, 0 },
	{ "b", NR_HTML_INLINE, 0, 0, B },
	{ "base", NR_HTML_DROP, 0, 0, 0 },
	{ "blockquote", NR_HTML_QUOTE, 1, 0, 0 },
	{ "body", NR_HTML_BLOCK, 0, 0, 0 },
	{ "br", NR_HTML_BR, 0, 0, 0 },
	{ "canvas", NR_HTML_DROP, 0, 0, 0 },
	{ "caption", NR_HTML_CAPTION, 0, 0, I },
	{ "center", NR_HTML_BLOCK, 0, 0, 0 },
	{ "cite", NR_HTML_INLINE, 0, 0, I },
	{ "code", NR_HTML_INLINE, 0, 0, C },
	{ "col", NR_HTML_DROP, 0, 0, 0 },
	{ "colgroup", NR_HTML_DROP, 0, 0, 0 },
	{ "dd", NR_HTML_DD, 0, 0, 0 },
	{ "del", NR_HTML_INLINE, 0, 0, S },
	{ "details", NR_HTML_BLOCK, 0, 0, 0 },
	{ "dfn", NR_HTML_INLINE, 0, 0, I },
	{ "dialog", NR_HTML_BLOCK, 0, 0, 0 },
	{ "dir", NR_HTML_LIST, 0, 0, 0 },
	{ "div", NR_HTML_BLOCK, 0, 0, 0 },
	{ "dl", NR_HTML_BLOCK, 1, 0, 0 },
	{ "dt", NR_HTML_BLOCK, 0, 0, B },
	{ "em", NR_HTML_INLINE, 0, 0, I },
	{ "embed", NR_HTML_MEDIA, 0, 1, 0 },
	{ "fieldset", NR_HTML_BLOCK, 0, 0, 0 },
	{ "figcaption", NR_HTML_BLOCK, 0, 0, I },
	{ "figure", NR_HTML_BLOCK, 1, 0, 0 },
	{ "footer", NR_HTML_BLOCK, 0, 0, 0 },
	{ "form", NR_HTML_BLOCK, 0, 0, 0 },
	{ "frame", NR_HTML_MEDIA, 0, 1, 0 },
	{ "frameset", NR_HTML_BLOCK, 0, 0, 0 },
	{ "h1", NR_HTML_BLOCK, 1, 0, H },
	{ "h2", NR_HTML_BLOCK, 1, 0, H },
	{ "h3", NR_HTML_BLOCK, 1, 0, H },
	{ "h4", NR_HTML_BLOCK, 1, 0, H },
	{ "h5", NR_HTML_BLOCK, 1, 0, H },
	{ "h6", NR_HTML_BLOCK, 1, 0, H },
	{ "head", NR_HTML_DROP, 0, 0, 0 },
	{ "header", NR_HTML_BLOCK, 0, 0, 0 },
	{ "hgroup", NR_HTML_BLOCK, 0, 0, 0 },
	{ "hr", NR_HTML_HR, 0, 0, 0 },
	{ "html", NR_HTML_BLOCK, 0, 0, 0 },
	{ "i", NR_HTML_INLINE, 0, 0, I },
	{ "iframe", NR_HTML_MEDIA, 0, 0, 0 },
	{ "img", NR_HTML_IMG, 0, 0, 0 },
	{ "input", NR_HTML_DROP, 0, 0, 0 },
	{ "ins", NR_HTML_INLINE, 0, 0, U },
	{ "kbd", NR_HTML_INLINE, 0, 0, C },
	{ "legend", NR_HTML_BLOCK, 0, 0, B },
	{ "li", NR_HTML_ITEM, 0, 0, 0 },
	{ "link", NR_HTML_DROP, 0, 0, 0 },
	{ "listing", NR_HTML_PRE, 1, 0, C },
	{ "main", NR_HTML_BLOCK, 0, 0, 0 },
	{ "map", NR_HTML_DROP, 0, 0, 0 },
	{ "menu", NR_HTML_LIST, 0, 0, 0 },
	{ "meta", NR_HTML_DROP, 0, 0, 0 },
	{ "nav", NR_HTML_BLOCK, 0, 0, 0 },
	{ "noembed", NR_HTML_DROP, 0, 0, 0 },
	{ "noframes", NR_HTML_DROP, 0, 0, 0 },
	{ "noscript", NR_HTML_DROP, 0, 0, 0 },
	{ "object", NR_HTML_MEDIA, 0, 0, 0 },
	{ "ol", NR_HTML_LIST, 0, 0, 0 },
	{ "p", NR_HTML_BLOCK, 1, 0, 0 },
	{ "param", NR_HTML_DROP, 0, 0, 0 },
	{ "plaintext", NR_HTML_PRE, 1, 0, C },
	{ "pre", NR_HTML_PRE, 1, 0, C },
	{ "q", NR_HTML_Q, 0, 0, 0 },
	{ "s", NR_HTML_INLINE, 0, 0, S },
	{ "samp", NR_HTML_INLINE, 0, 0, C },
	{ "script", NR_HTML_DROP, 0, 0, 0 },
	{ "section", NR_HTML_BLOCK, 0, 0, 0 },
	{ "select", NR_HTML_DROP, 0, 0, 0 },
	{ "source", NR_HTML_MEDIA, 0, 1, 0 },
	{ "strike", NR_HTML_INLINE, 0, 0, S },
	{ "strong", NR_HTML_INLINE, 0, 0, B },
	{ "style", NR_HTML_DROP, 0, 0, 0 },
	{ "summary", NR_HTML_BLOCK, 0, 0, B },
	{ "svg", NR_HTML_DROP, 0, 0, 0 },
	{ "table", NR_HTML_TABLE, 1, 0, 0 },
	{ "tbody", NR_HTML_TSECT, 0, 0, 0 },
	{ "td", NR_HTML_CELL, 0, 0, 0 },
	{ "template", NR_HTML_DROP, 0, 0, 0 },
	{ "tfoot", NR_HTML_TSECT, 0, 0, 0 },
	{ "th", NR_HTML_CELL, 0, 0, B },
	{ "thead", NR_HTML_TSECT, 0, 0, 0 },
	{ "title", NR_HTML_DROP, 0, 0, 0 },
	{ "tr", NR_HTML_TR, 0, 0, 0 },
	{ "track", NR_HTML_DROP, 0, 0, 0 },
	{ "tt", NR_HTML_INLINE, 0, 0, C },
	{ "u", NR_HTML_INLINE, 0, 0, U },
	{ "ul", NR_HTML_LIST, 0, 0, 0 },
	{ "var", NR_HTML_INLINE, 0, 0, I },
	{ "video", NR_HTML_MEDIA, 0, 0, 0 },
	{ "wbr", NR_HTML_WBR, 0, 0, 0 },
	{ "xmp", NR_HTML_PRE, 1, 0, C },
};

#undef B
#undef I
#undef U
#undef C
#undef H
#undef S

#define NO_EL 0xffff

static unsigned short
element_index(const char *name)
{
	size_t lo = 0, hi = sizeof elements / sizeof elements[0], mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(name, elements[mid].name);
		if (c == 0) {
			return (unsigned short)mid;
		}
		if (c < 0) {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	return NO_EL;
}

const struct nr_html_element *
nr_html_element(const char *name)
{
	unsigned short i = name != NULL ? element_index(name) : NO_EL;

	return i == NO_EL ? NULL : &elements[i];
}

const char *
nr_html_attr(const char *const *atts, const char *name)
{
	size_t i;

	if (atts == NULL) {
		return NULL;
	}
	for (i = 0; atts[i] != NULL; i += 2) {
		if (strcasecmp(atts[i], name) == 0) {
			return atts[i + 1] != NULL ? atts[i + 1] : "";
		}
	}
	return NULL;
}

long
nr_html_attr_long(const char *const *atts, const char *name, long dflt, long lo, long hi)
{
	const char *v = nr_html_attr(atts, name);
	char *end;
	long l;

	if (v == NULL) {
		return dflt;
	}
	l = strtol(v, &end, 10);
	if (end == v) {
		return dflt;
	}
	return l < lo ? lo : l > hi ? hi : l;
}

char *
nr_html_attr_text(const char *const *atts, const char *name)
{
	const char *v = nr_html_attr(atts, name);
	char *s;

	if (v == NULL) {
		return NULL;
	}
	s = nr_utf8_sanitize(v, strlen(v), NR_SAN_COLLAPSE);
	if (s[0] == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/*
 * The walk.
 */

/* An open element: what to undo when it closes. */
struct frame {
	unsigned short el;      /* index in elements[], or NO_EL: not reported */
	unsigned short drop;    /* it started the skipping of content */
	unsigned style;         /* the style outside it */
	struct nr_html_open open;
};

/* libxml2 interns element names in the parse's dictionary: the same name
 * comes back as the same pointer, so most look-ups are one comparison in
 * this cache (one per parse: a pointer means nothing after it). */
struct name_cache {
	const char *name;
	unsigned short index;
};

#define NAME_CACHE 64

struct walk {
	const struct nr_html_sink *sink;
	void *ctx;
	struct frame *fr;
	size_t nfr, capfr;
	unsigned style;
	long drop;              /* depth inside a skipped element */
	int media;              /* the skipped element is media: report its <source>s */
	struct name_cache names[NAME_CACHE];
};

static unsigned short
lookup(struct walk *w, const char *name)
{
	size_t slot = ((size_t)name >> 4) % NAME_CACHE;

	if (w->names[slot].name != name) {
		w->names[slot].name = name;
		w->names[slot].index = element_index(name);
	}
	return w->names[slot].index;
}

static struct frame *
push_frame(struct walk *w, unsigned short el, const char *name)
{
	struct frame *f;

	if (w->nfr == w->capfr) {
		w->capfr = w->capfr ? w->capfr * 2 : 64;
		w->fr = xreallocarray(w->fr, w->capfr, sizeof *w->fr);
	}
	f = &w->fr[w->nfr++];
	memset(f, 0, sizeof *f);
	f->el = el;
	f->style = w->style;
	f->open.el = el != NO_EL ? &elements[el] : NULL;
	f->open.name = name;
	f->open.style = w->style | (el != NO_EL ? elements[el].style : 0);
	return f;
}

static void
on_start(void *ctx, const xmlChar *xname, const xmlChar **xatts)
{
	struct walk *w = ctx;
	const char *name = (const char *)xname;
	const char *const *atts = (const char *const *)xatts;
	unsigned short el;
	struct frame *f;

	if (w->drop > 0) {
		if (w->drop == 1 && w->media && w->sink->source != NULL && strcmp(name, "source") == 0) {
			w->sink->source(w->ctx, atts);
		}
		w->drop++;
		return;
	}
	el = lookup(w, name);
	f = push_frame(w, el, name);
	if (el == NO_EL) {
		return;
	}
	if (elements[el].role == NR_HTML_DROP) {
		f->drop = 1;
		w->drop = 1;
		w->media = 0;
		f->el = NO_EL;
		return;
	}
	w->sink->start(w->ctx, &f->open, atts);
	if (elements[el].empty) {
		/* Void elements libxml2 may not know as such: what follows
		 * them is not theirs. */
		w->sink->end(w->ctx, &f->open);
		f->el = NO_EL;
		return;
	}
	w->style = f->open.style;
	if (elements[el].role == NR_HTML_MEDIA) {
		/* The content of media is what a browser shows without it:
		 * the reader shows the media's own label instead. */
		f->drop = 1;
		w->drop = 1;
		w->media = 1;
	}
}

static void
close_frame(struct walk *w)
{
	struct frame f = w->fr[--w->nfr];

	w->style = f.style;
	if (f.drop) {
		w->drop = 0;
		w->media = 0;
	}
	if (f.el != NO_EL) {
		w->sink->end(w->ctx, &f.open);
	}
}

static void
on_end(void *ctx, const xmlChar *xname)
{
	struct walk *w = ctx;

	(void)xname;
	if (w->drop > 1) {
		w->drop--;
		return;
	}
	if (w->nfr > 0) {
		close_frame(w);
	}
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct walk *w = ctx;
	char *s;
	size_t n;

	if (w->drop > 0 || len <= 0) {
		return;
	}
	/* Printable ASCII and white space need no cleaning: most text of
	 * most articles, and no allocation for it. */
	for (n = 0; n < (size_t)len; n++) {
		unsigned char c = ch[n];

		if (!((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t')) {
			break;
		}
	}
	if (n == (size_t)len) {
		w->sink->text(w->ctx, (const char *)ch, n, w->style);
		return;
	}
	s = nr_utf8_sanitize((const char *)ch, (size_t)len, NR_SAN_NEWLINES | NR_SAN_TABS);
	w->sink->text(w->ctx, s, strlen(s), w->style);
	free(s);
}

char *
nr_html_walk(const char *html, size_t len, const struct nr_html_sink *sink, void *ctx)
{
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	struct walk w;
	char *clean, *bounded, *cut;
	enum nr_bound_stop stop;
	size_t blen;

	nr_libxml_init();
	memset(&w, 0, sizeof w);
	w.sink = sink;
	w.ctx = ctx;

	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	/* The HTML parser calls some white space "ignorable"; between two
	 * inline elements it is a space all the same. */
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_text;

	/* Valid UTF-8 for the parser, which would otherwise take the whole
	 * document for Latin-1 at the first bad byte; and no control or
	 * escape sequence in it from the start. */
	clean = nr_utf8_sanitize(html != NULL ? html : "", html != NULL ? len : 0,
	    NR_SAN_NEWLINES | NR_SAN_TABS);
	len = strlen(clean);
	/* Tags with more attributes than libxml2 reads in linear time cut
	 * (markup/bound.h); nearly always nothing is, and nothing copied. */
	bounded = nr_bound_copy(clean, len, NR_BOUND_HTML, &blen, &stop);
	cut = nr_bound_warning(bounded != NULL, stop);
	if (bounded != NULL) {
		free(clean);
		clean = bounded;
		len = blen;
	}
	if (len > INT_MAX) {
		len = INT_MAX;
	}
	ctxt = htmlCreateMemoryParserCtxt(len > 0 ? clean : " ", len > 0 ? (int)len : 1);
	if (ctxt != NULL) {
		/* The context frees its handler: give it one of its own. */
		if (ctxt->sax != NULL) {
			xmlFree(ctxt->sax);
		}
		ctxt->sax = xmlMalloc(sizeof sax);
		if (ctxt->sax == NULL) {
			abort();
		}
		memcpy(ctxt->sax, &sax, sizeof sax);
		ctxt->userData = &w;
		xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
		htmlCtxtUseOptions(ctxt, nr_libxml_html_options());
		htmlParseDocument(ctxt);
		if (ctxt->myDoc != NULL) {
			xmlFreeDoc(ctxt->myDoc);
		}
		htmlFreeParserCtxt(ctxt);
	}
	free(clean);
	/* The parser closes what the document left open; this is for
	 * anything it did not. */
	w.drop = 0;
	while (w.nfr > 0) {
		close_frame(&w);
	}
	free(w.fr);
	return cut;
}

/*
 * A title's text: the walk's smallest consumer.
 */

struct line {
	struct nr_buf b;
	int space;              /* a space owed before the next word */
};

/* Pay the owed space (never at the start) before a word. */
static void
line_word(struct line *l, const char *s, size_t n)
{
	if (l->space && l->b.len > 0) {
		nr_buf_addc(&l->b, ' ');
	}
	l->space = 0;
	nr_buf_add(&l->b, s, n);
}

static void
line_start(void *ctx, struct nr_html_open *open, const char *const *atts)
{
	struct line *l = ctx;
	char *alt, *label;

	switch (open->el->role) {
	case NR_HTML_INLINE:
	case NR_HTML_A:
	case NR_HTML_WBR:
	case NR_HTML_MEDIA:
		break;
	case NR_HTML_Q:
		line_word(l, "\xe2\x80\x9c", 3);
		break;
	case NR_HTML_IMG:
		alt = nr_html_attr_text(atts, "alt");
		if (alt != NULL) {
			label = xasprintf("[%s: %s]", _("image"), alt);
			line_word(l, label, strlen(label));
			free(label);
			free(alt);
		}
		break;
	default:
		/* Blocks, breaks, cells: words apart. */
		l->space = 1;
		break;
	}
}

static void
line_end(void *ctx, struct nr_html_open *open)
{
	struct line *l = ctx;

	if (open->el->role == NR_HTML_Q) {
		/* The closing mark follows the last word, as the reader
		 * shows it. */
		nr_buf_adds(&l->b, "\xe2\x80\x9d");
	} else if (open->el->role != NR_HTML_INLINE && open->el->role != NR_HTML_A
	    && open->el->role != NR_HTML_MEDIA) {
		l->space = 1;
	}
}

/* Text as a browser lays it out: each run of white space one space. */
static void
line_text(void *ctx, const char *s, size_t n, unsigned style)
{
	struct line *l = ctx;
	size_t i = 0, j;

	(void)style;
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f') {
			l->space = 1;
			i++;
			continue;
		}
		for (j = i; j < n && !(s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'
		    || s[j] == '\f'); j++) {
			continue;
		}
		line_word(l, s + i, j - i);
		i = j;
	}
}

/* Whether s[i..) starts with white space or a no-break space, and its
 * length. */
static size_t
blank_at(const char *s, size_t i, size_t n)
{
	if (i < n && s[i] == ' ') {
		return 1;
	}
	if (i + 1 < n && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa0) {
		return 2;
	}
	return 0;
}

char *
nr_html_text(const char *html, size_t len)
{
	static const struct nr_html_sink sink = { line_start, line_end, line_text, NULL };
	struct line l = { NR_BUF_INIT, 0 };
	size_t a = 0, b, k;
	char *s;

	free(nr_html_walk(html, len, &sink, &l));
	/* No-break spaces at either end are no part of a title. */
	b = l.b.len;
	while ((k = blank_at(l.b.data, a, b)) > 0) {
		a += k;
	}
	while (b > a && ((l.b.data[b - 1] == ' ') || (b - a >= 2 && (unsigned char)l.b.data[b - 2] == 0xc2
	    && (unsigned char)l.b.data[b - 1] == 0xa0))) {
		b -= l.b.data[b - 1] == ' ' ? 1 : 2;
	}
	s = xstrndup(l.b.len > 0 ? l.b.data + a : "", b - a);
	nr_buf_free(&l.b);
	return s;
}
