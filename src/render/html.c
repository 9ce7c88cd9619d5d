#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "core/xmalloc.h"
#include "nls.h"
#include "parse/libxml.h"
#include "render/layout.h"
#include "render/render.h"
#include "util/utf8.h"

/*
 * HTML bodies into styled lines. libxml2's HTML parser (which recovers
 * any broken markup: unclosed p/li/td, misnested and stray tags) reports
 * elements and text as SAX events; no tree is built. Elements open and
 * close blocks as the events come: inline text gathers in a run (bytes with
 * their attributes), and a block's edge lays the run out at the width with
 * the prefixes of the blocks around it (list markers, quote bars, indents).
 * The state per open element is an explicit stack on the heap, so that
 * nesting depth costs memory, not C stack. A table is gathered whole, then
 * laid out as columns if they fit, or row by row.
 */

/* Bodies are UTF-8 already; a <meta charset> inside one must not make
 * libxml2 re-read it in another set. Never the network, never a word on
 * stderr. */
#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR \
	| HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC)

/* Blocks deeper than this add no more prefix (half the width is kept for
 * text anyway). */
#define MAX_PREFIX_DEPTH 64
/* Browsers clamp colspan to 1000 too; more columns than that never fit. */
#define MAX_SPAN 1000
#define MAX_COLS 1000
#define COL_SEP 2

#define BULLET "\xe2\x80\xa2"           /* • */
#define QUOTE_BAR "\xe2\x94\x82"        /* │ */
#define RULE "\xe2\x94\x80"             /* ─ */

enum kind {
	K_INLINE = 0,
	K_BLOCK,        /* a block of its own; with margin, a blank line around */
	K_PRE,
	K_LIST,         /* ul, ol, menu, dir */
	K_LI,
	K_DD,
	K_QUOTE,
	K_HR,
	K_BR,
	K_WBR,
	K_IMG,
	K_MEDIA,        /* iframe, video, audio, embed, object, source, frame */
	K_A,
	K_Q,
	K_DROP,         /* nothing for the reader: skipped with its content */
	K_TABLE,
	K_TSECT,        /* thead, tbody, tfoot */
	K_TR,
	K_CELL,         /* td, th */
	K_CAPTION
};

#define NO_EL 0xffff

/* Sorted by name, for the binary search in lookup(). */
static const struct element {
	const char *name;
	unsigned char kind;
	unsigned char margin;
	unsigned short attrs;
} elements[] = {
	{ "a", K_A, 0, 0 },
	{ "address", K_BLOCK, 1, NR_TA_ITALIC },
	{ "applet", K_DROP, 0, 0 },
	{ "area", K_DROP, 0, 0 },
	{ "article", K_BLOCK, 0, 0 },
	{ "aside", K_BLOCK, 0, 0 },
	{ "audio", K_MEDIA, 0, 0 },
	{ "b", K_INLINE, 0, NR_TA_BOLD },
	{ "base", K_DROP, 0, 0 },
	{ "blockquote", K_QUOTE, 1, 0 },
	{ "body", K_BLOCK, 0, 0 },
	{ "br", K_BR, 0, 0 },
	{ "canvas", K_DROP, 0, 0 },
	{ "caption", K_CAPTION, 0, NR_TA_ITALIC },
	{ "center", K_BLOCK, 0, 0 },
	{ "cite", K_INLINE, 0, NR_TA_ITALIC },
	{ "code", K_INLINE, 0, NR_TA_CODE },
	{ "col", K_DROP, 0, 0 },
	{ "colgroup", K_DROP, 0, 0 },
	{ "dd", K_DD, 0, 0 },
	{ "del", K_INLINE, 0, NR_TA_STRIKE },
	{ "details", K_BLOCK, 0, 0 },
	{ "dfn", K_INLINE, 0, NR_TA_ITALIC },
	{ "dialog", K_BLOCK, 0, 0 },
	{ "dir", K_LIST, 0, 0 },
	{ "div", K_BLOCK, 0, 0 },
	{ "dl", K_BLOCK, 1, 0 },
	{ "dt", K_BLOCK, 0, NR_TA_BOLD },
	{ "em", K_INLINE, 0, NR_TA_ITALIC },
	{ "embed", K_MEDIA, 0, 0 },
	{ "fieldset", K_BLOCK, 0, 0 },
	{ "figcaption", K_BLOCK, 0, NR_TA_ITALIC },
	{ "figure", K_BLOCK, 1, 0 },
	{ "footer", K_BLOCK, 0, 0 },
	{ "form", K_BLOCK, 0, 0 },
	{ "frame", K_MEDIA, 0, 0 },
	{ "frameset", K_BLOCK, 0, 0 },
	{ "h1", K_BLOCK, 1, NR_TA_HEADING | NR_TA_BOLD },
	{ "h2", K_BLOCK, 1, NR_TA_HEADING | NR_TA_BOLD },
	{ "h3", K_BLOCK, 1, NR_TA_HEADING | NR_TA_BOLD },
	{ "h4", K_BLOCK, 1, NR_TA_HEADING | NR_TA_BOLD },
	{ "h5", K_BLOCK, 1, NR_TA_HEADING | NR_TA_BOLD },
	{ "h6", K_BLOCK, 1, NR_TA_HEADING | NR_TA_BOLD },
	{ "head", K_DROP, 0, 0 },
	{ "header", K_BLOCK, 0, 0 },
	{ "hgroup", K_BLOCK, 0, 0 },
	{ "hr", K_HR, 0, 0 },
	{ "html", K_BLOCK, 0, 0 },
	{ "i", K_INLINE, 0, NR_TA_ITALIC },
	{ "iframe", K_MEDIA, 0, 0 },
	{ "img", K_IMG, 0, 0 },
	{ "input", K_DROP, 0, 0 },
	{ "ins", K_INLINE, 0, NR_TA_UNDERLINE },
	{ "kbd", K_INLINE, 0, NR_TA_CODE },
	{ "legend", K_BLOCK, 0, NR_TA_BOLD },
	{ "li", K_LI, 0, 0 },
	{ "link", K_DROP, 0, 0 },
	{ "listing", K_PRE, 1, 0 },
	{ "main", K_BLOCK, 0, 0 },
	{ "map", K_DROP, 0, 0 },
	{ "menu", K_LIST, 0, 0 },
	{ "meta", K_DROP, 0, 0 },
	{ "nav", K_BLOCK, 0, 0 },
	{ "noembed", K_DROP, 0, 0 },
	{ "noframes", K_DROP, 0, 0 },
	{ "noscript", K_DROP, 0, 0 },
	{ "object", K_MEDIA, 0, 0 },
	{ "ol", K_LIST, 0, 0 },
	{ "p", K_BLOCK, 1, 0 },
	{ "param", K_DROP, 0, 0 },
	{ "plaintext", K_PRE, 1, 0 },
	{ "pre", K_PRE, 1, 0 },
	{ "q", K_Q, 0, 0 },
	{ "s", K_INLINE, 0, NR_TA_STRIKE },
	{ "samp", K_INLINE, 0, NR_TA_CODE },
	{ "script", K_DROP, 0, 0 },
	{ "section", K_BLOCK, 0, 0 },
	{ "select", K_DROP, 0, 0 },
	{ "source", K_MEDIA, 0, 0 },
	{ "strike", K_INLINE, 0, NR_TA_STRIKE },
	{ "strong", K_INLINE, 0, NR_TA_BOLD },
	{ "style", K_DROP, 0, 0 },
	{ "summary", K_BLOCK, 0, NR_TA_BOLD },
	{ "svg", K_DROP, 0, 0 },
	{ "table", K_TABLE, 1, 0 },
	{ "tbody", K_TSECT, 0, 0 },
	{ "td", K_CELL, 0, 0 },
	{ "template", K_DROP, 0, 0 },
	{ "tfoot", K_TSECT, 0, 0 },
	{ "th", K_CELL, 0, NR_TA_BOLD },
	{ "thead", K_TSECT, 0, 0 },
	{ "title", K_DROP, 0, 0 },
	{ "tr", K_TR, 0, 0 },
	{ "track", K_DROP, 0, 0 },
	{ "tt", K_INLINE, 0, NR_TA_CODE },
	{ "u", K_INLINE, 0, NR_TA_UNDERLINE },
	{ "ul", K_LIST, 0, 0 },
	{ "var", K_INLINE, 0, NR_TA_ITALIC },
	{ "video", K_MEDIA, 0, 0 },
	{ "wbr", K_WBR, 0, 0 },
	{ "xmp", K_PRE, 1, 0 },
};

/* What an open element did, to be undone when it closes. */
enum {
	F_BLK = 1 << 0,         /* pushed a prefix entry */
	F_LIST = 1 << 1,        /* pushed a list */
	F_TABLE = 1 << 2,       /* opened the outermost table */
	F_CELL = 1 << 3,        /* opened a cell of it */
	F_CAPTION = 1 << 4,     /* opened its caption */
	F_THEAD = 1 << 5,
	F_DROP = 1 << 6,        /* started dropping content */
	F_MEDIA = 1 << 7,
	F_PRE = 1 << 8
};

struct frame {
	unsigned short el;      /* index in elements[], or NO_EL */
	unsigned short attrs;   /* the inline attributes outside the element */
	unsigned short flags;   /* F_* */
	char *url;              /* <a>: where it goes, numbered at its end */
};

/* A block that prefixes its lines: list item, quote, dd. */
struct blk {
	struct nr_run first, rest;
	int first_pending;
};

struct list {
	int ordered;
	long next;
	long step;
	char type;              /* '1', 'a', 'A', 'i', 'I' */
};

struct cell {
	struct nr_run run;
	int span;
	int th;
	int w;                  /* columns of its widest line */
};

struct row {
	size_t first, n;        /* its cells in st->cells */
	int head;
};

/* libxml2 interns element names in the parse's dictionary: the same name
 * comes back as the same pointer, so most look-ups are one comparison in
 * this cache (one per parse: a pointer means nothing after it). */
struct name_cache {
	const char *name;
	unsigned short index;
};

#define NAME_CACHE 64

struct st {
	struct nr_wrap *out;
	struct nr_links *links;
	const char *base;
	int width, tag;

	struct frame *fr;
	size_t nfr, capfr;
	unsigned attrs;

	struct blk *blk;
	size_t nblk, capblk;
	size_t deep;            /* prefix blocks past MAX_PREFIX_DEPTH, not pushed */
	struct list *lists;
	size_t nlists, caplists;

	struct nr_run para;
	struct nr_run pfx_first, pfx_rest, line;
	int started;            /* a line has been added */
	int blank;              /* a blank line is owed before the next */
	size_t blank_depth;     /* ... drawn with the prefixes of the blocks below this */
	long pre;
	int pre_start;          /* no text yet in the <pre>: a first line break is dropped */
	long drop;              /* depth inside a dropped element */

	/* The media element whose content is being skipped. */
	const char *media_label;
	char *media_title;
	size_t media_link;

	/* The outermost table, gathered; inner tables are its cells' text. */
	long tdepth;
	struct cell *cells;
	size_t ncells, capcells;
	struct row *rows;
	size_t nrows, caprows;
	struct nr_run caption;
	int in_cell, in_caption, thead;

	struct name_cache names[NAME_CACHE];
};

static const struct element *
lookup(struct name_cache *cache, const char *name, unsigned short *index)
{
	size_t lo = 0, hi = sizeof elements / sizeof elements[0], mid;
	size_t slot = ((size_t)name >> 4) % NAME_CACHE;
	int c;

	if (cache[slot].name == name) {
		*index = cache[slot].index;
		return *index == NO_EL ? NULL : &elements[*index];
	}
	*index = NO_EL;

	/* The HTML parser lowercases element names. */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(name, elements[mid].name);
		if (c == 0) {
			*index = (unsigned short)mid;
			break;
		}
		if (c < 0) {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	cache[slot].name = name;
	cache[slot].index = *index;
	return *index == NO_EL ? NULL : &elements[*index];
}

static const char *
attr(const xmlChar **atts, const char *name)
{
	size_t i;

	if (atts == NULL) {
		return NULL;
	}
	for (i = 0; atts[i] != NULL; i += 2) {
		if (strcasecmp((const char *)atts[i], name) == 0) {
			return atts[i + 1] != NULL ? (const char *)atts[i + 1] : "";
		}
	}
	return NULL;
}

static long
attr_long(const xmlChar **atts, const char *name, long dflt, long lo, long hi)
{
	const char *v = attr(atts, name);
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

/*
 * Lines and blocks.
 */

/* The prefixes of the blocks below depth: the first line's (each block's
 * first-line prefix if it has not drawn a line yet) and the others'. */
static void
compose(struct st *st, size_t depth)
{
	size_t i;

	nr_run_reset(&st->pfx_first);
	nr_run_reset(&st->pfx_rest);
	for (i = 0; i < depth && i < st->nblk; i++) {
		const struct blk *b = &st->blk[i];
		const struct nr_run *f = b->first_pending ? &b->first : &b->rest;

		nr_run_add(&st->pfx_first, f->s, f->len, 0);
		memcpy(st->pfx_first.a + st->pfx_first.len - f->len, f->a, f->len * sizeof *f->a);
		nr_run_add(&st->pfx_rest, b->rest.s, b->rest.len, 0);
		memcpy(st->pfx_rest.a + st->pfx_rest.len - b->rest.len, b->rest.a, b->rest.len * sizeof *b->rest.a);
	}
}

static void
pay_blank(struct st *st)
{
	if (st->blank && st->started) {
		compose(st, st->blank_depth);
		nr_flow(st->out, st->tag, st->width, &st->pfx_rest, 0, 0, &st->pfx_rest, &st->pfx_rest, 0);
	}
	st->blank = 0;
}

static void
want_blank(struct st *st)
{
	if (!st->blank || st->nblk < st->blank_depth) {
		st->blank_depth = st->nblk;
	}
	st->blank = 1;
}

/* Lay r[0..len) out under the open blocks, with extra indent on the lines
 * after the first. */
static void
emit(struct st *st, const struct nr_run *r, int flags, const char *hang)
{
	size_t i;

	pay_blank(st);
	compose(st, st->nblk);
	if (hang != NULL) {
		nr_run_adds(&st->pfx_rest, hang, 0);
	}
	if (nr_flow(st->out, st->tag, st->width, r, 0, r->len, &st->pfx_first, &st->pfx_rest, flags) > 0) {
		st->started = 1;
		for (i = 0; i < st->nblk; i++) {
			st->blk[i].first_pending = 0;
		}
	}
}

/* The run text goes to: the paragraph, or the table's cell or caption
 * (text between cells opens a cell, as browsers show it somewhere). */
static struct nr_run *target(struct st *st);

static void
hard_break(struct nr_run *r)
{
	if (r->len > 0 && r->s[r->len - 1] != '\n') {
		nr_run_trim(r);
		nr_run_add(r, "\n", 1, 0);
	}
	r->space = 0;
}

static void
flush(struct st *st)
{
	struct nr_run *r = &st->para;

	if (st->pre > 0) {
		while (r->len > 0 && r->s[r->len - 1] == '\n') {
			r->len--;
		}
		r->space = 0;
	} else {
		nr_run_trim(r);
	}
	if (r->len > 0) {
		emit(st, r, st->pre > 0 ? NR_FLOW_PRE : 0, NULL);
	}
	nr_run_reset(r);
}

/* A block begins or ends here. */
static void
block_edge(struct st *st, int margin)
{
	if (st->tdepth > 0) {
		if (st->in_cell || st->in_caption) {
			hard_break(target(st));
		}
		return;
	}
	flush(st);
	if (margin) {
		want_blank(st);
	}
}

static void
push_blk(struct st *st, const char *first, unsigned first_attrs, const char *rest)
{
	struct blk *b;

	if (st->nblk >= MAX_PREFIX_DEPTH) {
		st->deep++;
		return;
	}
	if (st->nblk == st->capblk) {
		st->capblk = st->capblk ? st->capblk * 2 : 8;
		st->blk = xreallocarray(st->blk, st->capblk, sizeof *st->blk);
	}
	b = &st->blk[st->nblk++];
	memset(b, 0, sizeof *b);
	nr_run_adds(&b->first, first, first_attrs);
	nr_run_adds(&b->rest, rest, 0);
	b->first_pending = 1;
}

static void
pop_blk(struct st *st)
{
	if (st->deep > 0) {
		st->deep--;
		return;
	}
	if (st->nblk == 0) {
		return;
	}
	st->nblk--;
	nr_run_free(&st->blk[st->nblk].first);
	nr_run_free(&st->blk[st->nblk].rest);
	if (st->blank_depth > st->nblk) {
		st->blank_depth = st->nblk;
	}
}

/*
 * Inline content.
 */

/* Text inside <pre>: kept as it is, tabs expanded to the next multiple of
 * 8 of the line's column. */
static void
add_pre(struct st *st, struct nr_run *r, const char *s, size_t n)
{
	size_t i = 0, j, nl;

	if (st->pre_start && n > 0) {
		if (s[0] == '\n') {
			i = 1;
		}
		st->pre_start = 0;
	}
	if (r->space) {
		nr_run_add_word(r, "", 0, st->attrs);
	}
	while (i < n) {
		if (s[i] == '\t') {
			int col;

			for (nl = r->len; nl > 0 && r->s[nl - 1] != '\n'; nl--) {
				continue;
			}
			/* A tab first in an empty run: r->s may be NULL, and
			 * NULL + 0 is undefined (found by fuzz_render). */
			col = r->len > nl ? nr_run_cols(r->s + nl, r->len - nl) : 0;
			do {
				nr_run_add(r, " ", 1, st->attrs);
				col++;
			} while (col % 8 != 0);
			i++;
			continue;
		}
		for (j = i; j < n && s[j] != '\t'; j++) {
			continue;
		}
		nr_run_add(r, s + i, j - i, st->attrs);
		i = j;
	}
}

static void
add_label(struct st *st, const char *label, const char *text, size_t link)
{
	struct nr_run *r = target(st);
	char *s;

	if (text != NULL && text[0] != '\0') {
		s = xasprintf("[%s: %s]", label, text);
	} else {
		s = xasprintf("[%s]", label);
	}
	if (r->len > 0 && r->s[r->len - 1] == ']') {
		/* Placeholders side by side (<img><img>) stay apart. */
		nr_run_add_collapsed(r, " ", 1, st->attrs);
	}
	if (st->pre > 0) {
		nr_run_adds(r, s, st->attrs);
	} else {
		nr_run_add_collapsed(r, s, strlen(s), st->attrs);
	}
	free(s);
	if (link > 0) {
		nr_run_add_linknum(r, link);
	}
}

/* A new string: an attribute value as text (sanitised, white space
 * collapsed), or NULL if absent or empty. */
static char *
attr_text(const xmlChar **atts, const char *name)
{
	const char *v = attr(atts, name);
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

static size_t
add_link(struct st *st, const char *href, enum nr_link_kind kind)
{
	char *url = nr_render_clean_url(href, st->base);
	size_t n;

	if (url == NULL) {
		return 0;
	}
	n = nr_links_add(st->links, url, kind);
	free(url);
	return n;
}

static void
image(struct st *st, const xmlChar **atts)
{
	char *alt;
	size_t link;

	/* Tracking pixels say nothing to a reader. */
	if (attr_long(atts, "width", 100, 0, 100000) <= 1 && attr_long(atts, "height", 100, 0, 100000) <= 1) {
		return;
	}
	alt = attr_text(atts, "alt");
	link = add_link(st, attr(atts, "src"), NR_LINK_IMAGE);
	add_label(st, _("image"), alt, link);
	free(alt);
}

static void
media_start(struct st *st, const char *name, const xmlChar **atts)
{
	const char *src = attr(atts, strcmp(name, "object") == 0 ? "data" : "src");

	if (strcmp(name, "video") == 0) {
		st->media_label = _("video");
	} else if (strcmp(name, "audio") == 0) {
		st->media_label = _("audio");
	} else if (strcmp(name, "source") == 0) {
		st->media_label = _("media");
	} else {
		st->media_label = _("embedded");
	}
	free(st->media_title);
	st->media_title = attr_text(atts, "title");
	if (st->media_title == NULL) {
		st->media_title = attr_text(atts, "aria-label");
	}
	st->media_link = add_link(st, src, NR_LINK_MEDIA);
}

static void
media_end(struct st *st)
{
	add_label(st, st->media_label, st->media_title, st->media_link);
	free(st->media_title);
	st->media_title = NULL;
	st->media_link = 0;
}

/*
 * Lists.
 */

static void
roman(char *out, size_t size, long n, int upper)
{
	static const struct {
		int v;
		const char *s;
	} r[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
		{ 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
	};
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < sizeof r / sizeof r[0] && n > 0; i++) {
		while (n >= r[i].v && len + 3 < size) {
			const char *p;

			for (p = r[i].s; *p != '\0'; p++) {
				out[len++] = upper ? (char)(*p - 'a' + 'A') : *p;
			}
			n -= r[i].v;
		}
	}
	out[len] = '\0';
}

/* The marker of an item numbered n in style type. */
static void
marker(char *out, size_t size, long n, char type)
{
	char num[64];

	if ((type == 'a' || type == 'A') && n >= 1) {
		size_t len = 0;
		char tmp[16];
		long k = n;

		/* a..z, aa..zz, ...: bijective base 26. */
		while (k > 0 && len < sizeof tmp) {
			k--;
			tmp[len++] = (char)((type == 'a' ? 'a' : 'A') + k % 26);
			k /= 26;
		}
		for (k = 0; k < (long)len; k++) {
			num[k] = tmp[len - 1 - (size_t)k];
		}
		num[len] = '\0';
	} else if ((type == 'i' || type == 'I') && n >= 1 && n < 4000) {
		roman(num, sizeof num, n, type == 'I');
	} else {
		snprintf(num, sizeof num, "%ld", n);
	}
	snprintf(out, size, "%s. ", num);
}

static char
list_type(const char *v, char dflt)
{
	if (v != NULL && (v[0] == '1' || v[0] == 'a' || v[0] == 'A' || v[0] == 'i' || v[0] == 'I')
	    && v[1] == '\0') {
		return v[0];
	}
	return dflt;
}

static void
list_start(struct st *st, const char *name, const xmlChar **atts)
{
	struct list *l;

	if (st->nlists == st->caplists) {
		st->caplists = st->caplists ? st->caplists * 2 : 8;
		st->lists = xreallocarray(st->lists, st->caplists, sizeof *st->lists);
	}
	l = &st->lists[st->nlists++];
	l->ordered = strcmp(name, "ol") == 0;
	l->next = attr_long(atts, "start", 1, -1000000000L, 1000000000L);
	/* Counting down needs the number of items, known only with a start. */
	l->step = attr(atts, "reversed") != NULL && attr(atts, "start") != NULL ? -1 : 1;
	l->type = list_type(attr(atts, "type"), '1');
}

static void
item_start(struct st *st, const xmlChar **atts)
{
	struct list *l = st->nlists > 0 ? &st->lists[st->nlists - 1] : NULL;
	char mark[80], pad[80];
	size_t w, i;

	if (l != NULL && l->ordered) {
		long n = attr_long(atts, "value", l->next, -1000000000L, 1000000000L);

		marker(mark, sizeof mark, n, list_type(attr(atts, "type"), l->type));
		l->next = n + l->step;
	} else {
		snprintf(mark, sizeof mark, "%s ", BULLET);
	}
	if (st->tdepth > 0) {
		struct nr_run *r = target(st);

		hard_break(r);
		nr_run_adds(r, mark, NR_TA_DECOR);
		return;
	}
	w = (size_t)nr_run_cols(mark, strlen(mark));
	for (i = 0; i < w && i + 1 < sizeof pad; i++) {
		pad[i] = ' ';
	}
	pad[i] = '\0';
	push_blk(st, mark, l != NULL && l->ordered ? 0 : NR_TA_DECOR, pad);
	if (st->deep == 0) {
		struct blk *b = &st->blk[st->nblk - 1];

		b->first.a[b->first.len - 1] = 0;
	}
}

/* An item or block that drew nothing still shows its marker. */
static void
item_end(struct st *st)
{
	flush(st);
	if (st->deep == 0 && st->nblk > 0 && st->blk[st->nblk - 1].first_pending) {
		emit(st, &st->para, 0, NULL);
	}
	pop_blk(st);
}

/*
 * Tables.
 */

static struct row *
new_row(struct st *st)
{
	struct row *r;

	if (st->nrows == st->caprows) {
		st->caprows = st->caprows ? st->caprows * 2 : 16;
		st->rows = xreallocarray(st->rows, st->caprows, sizeof *st->rows);
	}
	r = &st->rows[st->nrows++];
	r->first = st->ncells;
	r->n = 0;
	r->head = st->thead;
	return r;
}

static void
new_cell(struct st *st, int span, int th)
{
	struct row *row = st->nrows > 0 ? &st->rows[st->nrows - 1] : new_row(st);
	struct cell *c;
	size_t i;
	int cols = 0;

	if (st->ncells == st->capcells) {
		st->capcells = st->capcells ? st->capcells * 2 : 32;
		st->cells = xreallocarray(st->cells, st->capcells, sizeof *st->cells);
	}
	for (i = row->first; i < row->first + row->n; i++) {
		cols += st->cells[i].span;
	}
	if (span > MAX_COLS - cols) {
		span = MAX_COLS - cols;
	}
	c = &st->cells[st->ncells++];
	memset(c, 0, sizeof *c);
	c->span = span < 1 ? 1 : span;
	c->th = th;
	row->n++;
	st->in_cell = 1;
}

static struct nr_run *
target(struct st *st)
{
	if (st->tdepth == 0) {
		return &st->para;
	}
	if (st->in_caption) {
		return &st->caption;
	}
	if (!st->in_cell) {
		new_cell(st, 1, 0);
	}
	return &st->cells[st->ncells - 1].run;
}

/* The hard line k of a cell's run: [*a, *b); 0 if it has fewer lines. */
static int
cell_line(const struct nr_run *r, size_t k, size_t *a, size_t *b)
{
	size_t i = 0;

	for (;;) {
		const char *nl = i < r->len ? memchr(r->s + i, '\n', r->len - i) : NULL;
		size_t end = nl != NULL ? (size_t)(nl - r->s) : r->len;

		if (k == 0) {
			*a = i;
			*b = end;
			return 1;
		}
		if (nl == NULL) {
			return 0;
		}
		k--;
		i = end + 1;
	}
}

/* The columns of bytes a..b of a cell's run. An empty cell's run may not
 * be allocated, and NULL + 0 is undefined (clang's UBSan stops on it;
 * found by tests/fuzz/fuzz_render). */
static int
cell_cols(const struct nr_run *r, size_t a, size_t b)
{
	return b > a ? nr_run_cols(r->s + a, b - a) : 0;
}

static void
run_copy(struct nr_run *dst, const struct nr_run *src, size_t a, size_t b)
{
	size_t start = dst->len;

	if (b <= a) {
		/* An empty cell: its run may not even be allocated. */
		return;
	}
	nr_run_add(dst, src->s + a, b - a, 0);
	memcpy(dst->a + start, src->a + a, (b - a) * sizeof *src->a);
}

static void
spaces(struct nr_run *r, int n, unsigned attrs)
{
	for (; n > 0; n--) {
		nr_run_add(r, " ", 1, attrs);
	}
}

static int
span_width(const int *colw, size_t c, int span)
{
	int w = 0, k;

	for (k = 0; k < span; k++) {
		w += colw[c + (size_t)k] + (k > 0 ? COL_SEP : 0);
	}
	return w;
}

static void
table_columns(struct st *st, const int *colw, size_t nhead, int total)
{
	struct nr_run *line = &st->line;
	size_t r, i, k, nlines, a, b;

	for (r = 0; r < st->nrows; r++) {
		const struct row *row = &st->rows[r];

		nlines = 1;
		for (i = 0; i < row->n; i++) {
			const struct nr_run *cr = &st->cells[row->first + i].run;
			size_t n = 1;

			for (k = 0; k < cr->len; k++) {
				n += cr->s[k] == '\n';
			}
			if (n > nlines) {
				nlines = n;
			}
		}
		for (k = 0; k < nlines; k++) {
			size_t c = 0;

			nr_run_reset(line);
			for (i = 0; i < row->n; i++) {
				const struct cell *cell = &st->cells[row->first + i];
				int w = span_width(colw, c, cell->span);

				if (i > 0) {
					spaces(line, COL_SEP, 0);
				}
				if (cell_line(&cell->run, k, &a, &b)) {
					run_copy(line, &cell->run, a, b);
					w -= cell_cols(&cell->run, a, b);
				}
				spaces(line, w, 0);
				c += (size_t)cell->span;
			}
			emit(st, line, NR_FLOW_PRE, NULL);
		}
		if (nhead > 0 && r + 1 == nhead && nhead < st->nrows) {
			nr_run_reset(line);
			for (i = 0; i < (size_t)total; i++) {
				nr_run_adds(line, RULE, NR_TA_DECOR);
			}
			emit(st, line, NR_FLOW_PRE, NULL);
		}
	}
}

/* The header cell above column c, or NULL. */
static const struct cell *
header_of(const struct st *st, size_t head_row, size_t c)
{
	const struct row *row = &st->rows[head_row];
	size_t i, at = 0;

	for (i = 0; i < row->n; i++) {
		const struct cell *cell = &st->cells[row->first + i];

		if (c >= at && c < at + (size_t)cell->span) {
			return cell->run.len > 0 ? cell : NULL;
		}
		at += (size_t)cell->span;
	}
	return NULL;
}

static void
table_rows(struct st *st, size_t nhead)
{
	struct nr_run *line = &st->line;
	size_t r, i, k, first = nhead < st->nrows ? nhead : 0;

	for (r = first; r < st->nrows; r++) {
		const struct row *row = &st->rows[r];
		size_t c = 0;

		if (r > first) {
			want_blank(st);
		}
		for (i = 0; i < row->n; i++) {
			const struct cell *cell = &st->cells[row->first + i];
			const struct cell *h = first > 0 ? header_of(st, nhead - 1, c) : NULL;

			c += (size_t)cell->span;
			if (cell->run.len == 0) {
				continue;
			}
			nr_run_reset(line);
			if (h != NULL && !cell->th) {
				/* "Header: value", the header on one line. */
				run_copy(line, &h->run, 0, h->run.len);
				for (k = 0; k < line->len; k++) {
					if (line->s[k] == '\n') {
						line->s[k] = ' ';
					}
				}
				nr_run_adds(line, ":", NR_TA_BOLD);
				nr_run_adds(line, " ", 0);
			}
			run_copy(line, &cell->run, 0, cell->run.len);
			emit(st, line, 0, h != NULL && !cell->th ? "  " : NULL);
		}
	}
}

static void
table_end(struct st *st)
{
	size_t r, i, c, ncols = 0, nhead = 0;
	int *colw, total, avail, maxp;

	if (st->caption.len > 0) {
		nr_run_trim(&st->caption);
		emit(st, &st->caption, 0, NULL);
	}
	for (i = 0; i < st->ncells; i++) {
		struct cell *cell = &st->cells[i];
		size_t a = 0, b;

		nr_run_trim(&cell->run);
		cell->w = 0;
		for (c = 0; cell_line(&cell->run, c, &a, &b); c++) {
			int w = cell_cols(&cell->run, a, b);

			if (w > cell->w) {
				cell->w = w;
			}
		}
	}
	for (r = 0; r < st->nrows; r++) {
		struct row *row = &st->rows[r];
		size_t cols = 0;
		int all_th = row->n > 0;

		for (i = 0; i < row->n; i++) {
			cols += (size_t)st->cells[row->first + i].span;
			all_th = all_th && st->cells[row->first + i].th;
		}
		if (cols > ncols) {
			ncols = cols;
		}
		if ((row->head || all_th) && nhead == r) {
			nhead = r + 1;
		}
	}
	if (ncols == 0) {
		goto done;
	}
	colw = xcalloc(ncols, sizeof *colw);
	/* Single cells first, then spanning cells widen their last column
	 * by what they lack. */
	for (r = 0; r < st->nrows; r++) {
		const struct row *row = &st->rows[r];

		for (i = 0, c = 0; i < row->n; c += (size_t)st->cells[row->first + i].span, i++) {
			const struct cell *cell = &st->cells[row->first + i];

			if (cell->span == 1 && cell->w > colw[c]) {
				colw[c] = cell->w;
			}
		}
	}
	for (r = 0; r < st->nrows; r++) {
		const struct row *row = &st->rows[r];

		for (i = 0, c = 0; i < row->n; c += (size_t)st->cells[row->first + i].span, i++) {
			const struct cell *cell = &st->cells[row->first + i];
			int have;

			if (cell->span == 1) {
				continue;
			}
			have = span_width(colw, c, cell->span);
			if (cell->w > have) {
				colw[c + (size_t)cell->span - 1] += cell->w - have;
			}
		}
	}
	total = 0;
	for (c = 0; c < ncols; c++) {
		total += colw[c] + (c > 0 ? COL_SEP : 0);
	}
	compose(st, st->nblk);
	maxp = nr_render_max_prefix(st->width);
	avail = nr_run_cols(st->pfx_rest.s, st->pfx_rest.len);
	avail = st->width - (avail < maxp ? avail : maxp);
	if (total <= avail) {
		table_columns(st, colw, nhead, total);
	} else {
		table_rows(st, nhead);
	}
	free(colw);
done:
	for (i = 0; i < st->ncells; i++) {
		nr_run_free(&st->cells[i].run);
	}
	st->ncells = 0;
	st->nrows = 0;
	nr_run_reset(&st->caption);
	st->in_cell = 0;
	st->in_caption = 0;
	st->thead = 0;
}

/*
 * The parser's events.
 */

static struct frame *
push_frame(struct st *st, unsigned short el)
{
	struct frame *f;

	if (st->nfr == st->capfr) {
		st->capfr = st->capfr ? st->capfr * 2 : 64;
		st->fr = xreallocarray(st->fr, st->capfr, sizeof *st->fr);
	}
	f = &st->fr[st->nfr++];
	f->el = el;
	f->attrs = (unsigned short)st->attrs;
	f->flags = 0;
	f->url = NULL;
	return f;
}

static void
on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	struct st *st = ctx;
	const char *name = (const char *)xname;
	const struct element *el;
	struct frame *f;
	unsigned short index;

	if (st->drop > 0) {
		/* Inside video or audio, the first <source> is the link. */
		if (st->drop == 1 && st->media_label != NULL && st->media_link == 0
		    && strcmp(name, "source") == 0) {
			st->media_link = add_link(st, attr(atts, "src"), NR_LINK_MEDIA);
		}
		st->drop++;
		return;
	}
	el = lookup(st->names, name, &index);
	f = push_frame(st, index);
	if (el == NULL) {
		return;
	}
	switch (el->kind) {
	case K_INLINE:
		break;
	case K_BLOCK:
		block_edge(st, el->margin);
		break;
	case K_PRE:
		block_edge(st, 1);
		st->pre++;
		st->pre_start = 1;
		f->flags |= F_PRE;
		st->attrs |= NR_TA_CODE;
		break;
	case K_LIST:
		block_edge(st, st->nlists == 0);
		list_start(st, name, atts);
		f->flags |= F_LIST;
		break;
	case K_LI:
		block_edge(st, 0);
		item_start(st, atts);
		if (st->tdepth == 0) {
			f->flags |= F_BLK;
		}
		break;
	case K_DD:
		block_edge(st, 0);
		if (st->tdepth == 0) {
			push_blk(st, "    ", 0, "    ");
			f->flags |= F_BLK;
		}
		break;
	case K_QUOTE:
		block_edge(st, 1);
		if (st->tdepth == 0) {
			push_blk(st, QUOTE_BAR " ", NR_TA_DECOR, QUOTE_BAR " ");
			if (st->deep == 0) {
				struct blk *b = &st->blk[st->nblk - 1];

				/* The bar is decoration, the space after it is not. */
				memset(b->rest.a, 0, b->rest.len * sizeof *b->rest.a);
				b->rest.a[0] = b->rest.a[1] = b->rest.a[2] = NR_TA_DECOR;
				b->first.a[b->first.len - 1] = 0;
			}
			f->flags |= F_BLK;
		}
		break;
	case K_HR:
		block_edge(st, 0);
		if (st->tdepth == 0) {
			int maxp = nr_render_max_prefix(st->width), pw, i;

			compose(st, st->nblk);
			pw = nr_run_cols(st->pfx_first.s, st->pfx_first.len);
			pw = pw < maxp ? pw : maxp;
			nr_run_reset(&st->line);
			for (i = 0; i < st->width - pw || i == 0; i++) {
				nr_run_adds(&st->line, RULE, NR_TA_DECOR);
			}
			emit(st, &st->line, NR_FLOW_PRE, NULL);
		}
		break;
	case K_BR:
		if (st->tdepth == 0 || st->in_cell || st->in_caption) {
			struct nr_run *r = target(st);

			if (st->pre == 0) {
				nr_run_trim(r);
				if (r->len > 0 || r == &st->para) {
					nr_run_add(r, "\n", 1, 0);
				}
			} else {
				nr_run_add(r, "\n", 1, 0);
			}
		}
		break;
	case K_WBR:
		if (st->pre == 0 && (st->tdepth == 0 || st->in_cell || st->in_caption)) {
			struct nr_run *r = target(st);

			if (!r->space && r->len > 0) {
				nr_run_add(r, "\001", 1, 0);
			}
		}
		break;
	case K_IMG:
		image(st, atts);
		break;
	case K_MEDIA:
		media_start(st, name, atts);
		if (strcmp(name, "embed") == 0 || strcmp(name, "source") == 0 || strcmp(name, "frame") == 0) {
			/* Void elements libxml2 may not know as such: what
			 * follows them is not theirs to hide. */
			media_end(st);
			st->media_label = NULL;
		} else {
			st->drop = 1;
			f->flags |= F_DROP | F_MEDIA;
		}
		break;
	case K_A: {
		const char *href = attr(atts, "href");

		/* Numbered at its end, so that an image inside it is
		 * numbered first, in reading order. */
		f->url = nr_render_clean_url(href, st->base);
		if (f->url != NULL) {
			st->attrs |= NR_TA_LINK;
		}
		break;
	}
	case K_Q:
		nr_run_add_word(target(st), "\xe2\x80\x9c", 3, st->attrs);
		break;
	case K_DROP:
		st->drop = 1;
		f->flags |= F_DROP;
		break;
	case K_TABLE:
		if (st->tdepth == 0) {
			block_edge(st, 1);
			f->flags |= F_TABLE;
		} else if (st->in_cell || st->in_caption) {
			hard_break(target(st));
		}
		st->tdepth++;
		break;
	case K_TSECT:
		if (st->tdepth == 1 && strcmp(name, "thead") == 0) {
			st->thead = 1;
			f->flags |= F_THEAD;
		}
		break;
	case K_TR:
		if (st->tdepth == 1) {
			st->in_cell = 0;
			new_row(st);
		} else if (st->tdepth > 1 && st->in_cell) {
			hard_break(target(st));
		} else if (st->tdepth == 0) {
			block_edge(st, 0);
		}
		break;
	case K_CELL:
		if (st->tdepth == 1 && !st->in_caption) {
			new_cell(st, (int)attr_long(atts, "colspan", 1, 1, MAX_SPAN), name[1] == 'h');
			f->flags |= F_CELL;
		} else if (st->tdepth > 1 && st->in_cell) {
			struct nr_run *r = target(st);

			if (r->len > 0 && r->s[r->len - 1] != '\n') {
				r->space = 1;
			}
		} else if (st->tdepth == 0) {
			block_edge(st, 0);
		}
		break;
	case K_CAPTION:
		if (st->tdepth == 1 && !st->in_cell) {
			st->in_caption = 1;
			f->flags |= F_CAPTION;
		} else if (st->in_cell) {
			hard_break(target(st));
		}
		break;
	}
	st->attrs |= el->attrs;
}

static void
on_end(void *ctx, const xmlChar *xname)
{
	struct st *st = ctx;
	const struct element *el;
	struct frame f;

	(void)xname;
	if (st->drop > 1) {
		st->drop--;
		return;
	}
	if (st->nfr == 0) {
		return;
	}
	f = st->fr[--st->nfr];
	st->attrs = f.attrs;
	if (f.flags & F_DROP) {
		st->drop = 0;
		if (f.flags & F_MEDIA) {
			media_end(st);
			st->media_label = NULL;
		}
		return;
	}
	if (f.el == NO_EL) {
		return;
	}
	el = &elements[f.el];
	switch (el->kind) {
	case K_BLOCK:
		block_edge(st, el->margin);
		break;
	case K_PRE:
		block_edge(st, 1);
		st->pre--;
		st->pre_start = 0;
		break;
	case K_LIST:
		if (st->nlists > 0) {
			st->nlists--;
		}
		block_edge(st, st->nlists == 0);
		break;
	case K_LI:
	case K_DD:
		if (f.flags & F_BLK) {
			item_end(st);
		} else {
			block_edge(st, 0);
		}
		break;
	case K_QUOTE:
		if (f.flags & F_BLK) {
			flush(st);
			pop_blk(st);
		}
		block_edge(st, 1);
		break;
	case K_A:
		if (f.url != NULL) {
			size_t n = nr_links_add(st->links, f.url, NR_LINK_LINK);

			if (st->tdepth == 0 || st->in_cell || st->in_caption) {
				nr_run_add_linknum(target(st), n);
			}
			free(f.url);
		}
		break;
	case K_Q:
		nr_run_adds(target(st), "\xe2\x80\x9d", st->attrs);
		break;
	case K_TABLE:
		st->tdepth--;
		if (f.flags & F_TABLE) {
			table_end(st);
			want_blank(st);
		} else if (st->in_cell || st->in_caption) {
			hard_break(target(st));
		}
		break;
	case K_TSECT:
		if (f.flags & F_THEAD) {
			st->thead = 0;
		}
		break;
	case K_TR:
		if (st->tdepth == 1) {
			st->in_cell = 0;
		} else if (st->tdepth == 0) {
			block_edge(st, 0);
		}
		break;
	case K_CELL:
		if (f.flags & F_CELL) {
			st->in_cell = 0;
		} else if (st->tdepth == 0) {
			block_edge(st, 0);
		}
		break;
	case K_CAPTION:
		if (f.flags & F_CAPTION) {
			st->in_caption = 0;
		} else if (st->in_cell) {
			hard_break(target(st));
		}
		break;
	default:
		break;
	}
}

static int
all_space(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f')) {
			return 0;
		}
	}
	return 1;
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct st *st = ctx;
	struct nr_run *r;
	char *s;
	size_t n;

	if (st->drop > 0 || len <= 0) {
		return;
	}
	/* White space between a table's cells is not a cell. */
	if (st->tdepth > 0 && !st->in_cell && !st->in_caption && all_space((const char *)ch, (size_t)len)) {
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
		s = NULL;
	} else {
		s = nr_utf8_sanitize((const char *)ch, (size_t)len, NR_SAN_NEWLINES | NR_SAN_TABS);
		n = strlen(s);
	}
	r = target(st);
	if (st->pre > 0) {
		add_pre(st, r, s != NULL ? s : (const char *)ch, n);
	} else {
		nr_run_add_collapsed(r, s != NULL ? s : (const char *)ch, n, st->attrs);
	}
	free(s);
}

void
nr_render_html(struct nr_wrap *out, struct nr_links *links, const char *html, size_t len,
    const struct nr_render_opts *opts)
{
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	struct st st;
	size_t i;
	char *clean;

	nr_libxml_init();
	memset(&st, 0, sizeof st);
	st.out = out;
	st.links = links;
	st.base = opts->base;
	st.width = opts->width < 1 ? 1 : opts->width;
	st.tag = opts->tag;

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
		ctxt->userData = &st;
		xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
		htmlCtxtUseOptions(ctxt, HTML_OPTIONS);
		htmlParseDocument(ctxt);
		if (ctxt->myDoc != NULL) {
			xmlFreeDoc(ctxt->myDoc);
		}
		htmlFreeParserCtxt(ctxt);
	}
	free(clean);
	/* The parser closes what the document left open; this is for
	 * anything it did not. */
	while (st.nfr > 0) {
		on_end(&st, NULL);
	}
	st.drop = 0;
	if (st.tdepth > 0) {
		st.tdepth = 0;
		table_end(&st);
	}
	flush(&st);
	while (st.nblk > 0) {
		pop_blk(&st);
	}
	for (i = 0; i < st.ncells; i++) {
		nr_run_free(&st.cells[i].run);
	}
	free(st.cells);
	free(st.rows);
	free(st.fr);
	free(st.blk);
	free(st.lists);
	free(st.media_title);
	nr_run_free(&st.para);
	nr_run_free(&st.pfx_first);
	nr_run_free(&st.pfx_rest);
	nr_run_free(&st.line);
	nr_run_free(&st.caption);
}
