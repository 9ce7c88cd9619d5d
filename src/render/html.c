#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "markup/html.h"
#include "nls.h"
#include "render/flow_int.h"
#include "render/render.h"
#include "render/table_int.h"

/*
 * HTML bodies into styled lines: the consumer of markup/html.h's walk.
 * Elements open and close blocks as the walk reports them: inline text
 * gathers in a run (bytes with their attributes), and a block's edge lays
 * the run out at the width with the prefixes of the blocks around it (list
 * markers, quote bars, indents). A table is gathered whole by
 * render/table.c, then laid out as columns if they fit, or row by row.
 */

/* The walk's styles are the renderer's attributes of the same name. */
_Static_assert((unsigned)NR_HTML_BOLD == (unsigned)NR_TA_BOLD, "style bits");
_Static_assert((unsigned)NR_HTML_ITALIC == (unsigned)NR_TA_ITALIC, "style bits");
_Static_assert((unsigned)NR_HTML_UNDERLINE == (unsigned)NR_TA_UNDERLINE, "style bits");
_Static_assert((unsigned)NR_HTML_CODE == (unsigned)NR_TA_CODE, "style bits");
_Static_assert((unsigned)NR_HTML_HEADING == (unsigned)NR_TA_HEADING, "style bits");
_Static_assert((unsigned)NR_HTML_STRIKE == (unsigned)NR_TA_STRIKE, "style bits");

/* Blocks deeper than this add no more prefix (half the width is kept for
 * text anyway). */
#define MAX_PREFIX_DEPTH 64
/* Browsers clamp colspan to 1000 too. */
#define MAX_SPAN 1000

#define BULLET "\xe2\x80\xa2"           /* • */
#define QUOTE_BAR "\xe2\x94\x82"        /* │ */
#define RULE "\xe2\x94\x80"             /* ─ */

/* What an open element did, to be undone when it closes (its
 * nr_html_open's flags). */
enum {
	F_BLK = 1 << 0,         /* pushed a prefix entry */
	F_TABLE = 1 << 1,       /* opened the outermost table */
	F_CELL = 1 << 2,        /* opened a cell of it */
	F_CAPTION = 1 << 3,     /* opened its caption */
	F_THEAD = 1 << 4
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

struct st {
	struct nr_wrap *out;
	struct nr_links *links;
	const char *base;
	int width, tag;
	unsigned attrs;         /* the style of what the current event adds */

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

	/* The media element whose content the walk skips. */
	const char *media_label;
	char *media_title;
	size_t media_link;

	/* The outermost table, gathered; inner tables are its cells' text. */
	long tdepth;
	struct nr_table tab;
};

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
		if (st->tab.in_cell || st->tab.in_caption) {
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

static size_t
add_link(struct st *st, const char *href, enum nr_link_kind kind)
{
	char *url = nr_render_clean_url(href, st->base);
	size_t n;

	/* Without a list of links, nothing is numbered. */
	if (url == NULL || st->links == NULL) {
		free(url);
		return 0;
	}
	n = nr_links_add(st->links, url, kind);
	free(url);
	return n;
}

static void
image(struct st *st, const char *const *atts)
{
	char *alt;
	size_t link;

	/* Tracking pixels say nothing to a reader. */
	if (nr_html_attr_long(atts, "width", 100, 0, 100000) <= 1 && nr_html_attr_long(atts, "height", 100, 0, 100000) <= 1) {
		return;
	}
	alt = nr_html_attr_text(atts, "alt");
	link = add_link(st, nr_html_attr(atts, "src"), NR_LINK_IMAGE);
	add_label(st, _("image"), alt, link);
	free(alt);
}

static void
media_start(struct st *st, const char *name, const char *const *atts)
{
	const char *src = nr_html_attr(atts, strcmp(name, "object") == 0 ? "data" : "src");

	if (strcmp(name, "source") == 0) {
		/* Outside video and audio (whose sources on_source reads), a
		 * <source> is one of a <picture>'s alternatives to its <img>,
		 * which is the one marker the picture gets, as a browser shows
		 * one image: nothing of its own. */
		st->media_label = NULL;
		return;
	}
	if (strcmp(name, "video") == 0) {
		st->media_label = _("video");
	} else if (strcmp(name, "audio") == 0) {
		st->media_label = _("audio");
	} else {
		st->media_label = _("embedded");
	}
	free(st->media_title);
	st->media_title = nr_html_attr_text(atts, "title");
	if (st->media_title == NULL) {
		st->media_title = nr_html_attr_text(atts, "aria-label");
	}
	st->media_link = add_link(st, src, NR_LINK_MEDIA);
}

static void
media_end(struct st *st)
{
	if (st->media_label == NULL) {
		return;
	}
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
list_start(struct st *st, const char *name, const char *const *atts)
{
	struct list *l;

	if (st->nlists == st->caplists) {
		st->caplists = st->caplists ? st->caplists * 2 : 8;
		st->lists = xreallocarray(st->lists, st->caplists, sizeof *st->lists);
	}
	l = &st->lists[st->nlists++];
	l->ordered = strcmp(name, "ol") == 0;
	l->next = nr_html_attr_long(atts, "start", 1, -1000000000L, 1000000000L);
	/* Counting down needs the number of items, known only with a start. */
	l->step = nr_html_attr(atts, "reversed") != NULL && nr_html_attr(atts, "start") != NULL ? -1 : 1;
	l->type = list_type(nr_html_attr(atts, "type"), '1');
}

static void
item_start(struct st *st, const char *const *atts)
{
	struct list *l = st->nlists > 0 ? &st->lists[st->nlists - 1] : NULL;
	char mark[80], pad[80];
	size_t w, i;

	if (l != NULL && l->ordered) {
		long n = nr_html_attr_long(atts, "value", l->next, -1000000000L, 1000000000L);

		marker(mark, sizeof mark, n, list_type(nr_html_attr(atts, "type"), l->type));
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


static struct nr_run *
target(struct st *st)
{
	return st->tdepth == 0 ? &st->para : nr_table_target(&st->tab);
}

static void
table_emit(void *ctx, const struct nr_run *r, int flags, const char *hang)
{
	emit(ctx, r, flags, hang);
}

static void
table_blank(void *ctx)
{
	want_blank(ctx);
}

static void
table_end(struct st *st)
{
	struct nr_table_out out = { table_emit, table_blank, st };
	int avail, maxp;

	/* The room beside the prefixes of the blocks around the table. */
	compose(st, st->nblk);
	maxp = nr_render_max_prefix(st->width);
	avail = nr_run_cols(st->pfx_rest.s, st->pfx_rest.len);
	avail = st->width - (avail < maxp ? avail : maxp);
	nr_table_layout(&st->tab, avail, &out);
}

/* A rule across the room the prefixes leave; with no width to fill (text
 * for --dump --body), as wide as the reader's default. */
static void
rule(struct st *st)
{
	int maxp = nr_render_max_prefix(st->width), pw, i, w;

	compose(st, st->nblk);
	pw = nr_run_cols(st->pfx_first.s, st->pfx_first.len);
	pw = pw < maxp ? pw : maxp;
	w = st->width >= NR_RENDER_UNBOUNDED ? NR_RENDER_WIDTH : st->width;
	nr_run_reset(&st->line);
	for (i = 0; i < w - pw || i == 0; i++) {
		nr_run_adds(&st->line, RULE, NR_TA_DECOR);
	}
	emit(st, &st->line, NR_FLOW_PRE, NULL);
}

/*
 * The walk's events.
 */

static void
on_start(void *ctx, struct nr_html_open *f, const char *const *atts)
{
	struct st *st = ctx;
	const char *name = f->name;

	st->attrs = f->style;
	switch ((enum nr_html_role)f->el->role) {
	case NR_HTML_INLINE:
	case NR_HTML_DROP:
		break;
	case NR_HTML_BLOCK:
		block_edge(st, f->el->margin);
		break;
	case NR_HTML_PRE:
		block_edge(st, 1);
		st->pre++;
		st->pre_start = 1;
		break;
	case NR_HTML_LIST:
		block_edge(st, st->nlists == 0);
		list_start(st, name, atts);
		break;
	case NR_HTML_ITEM:
		block_edge(st, 0);
		item_start(st, atts);
		if (st->tdepth == 0) {
			f->flags |= F_BLK;
		}
		break;
	case NR_HTML_DD:
		block_edge(st, 0);
		if (st->tdepth == 0) {
			push_blk(st, "    ", 0, "    ");
			f->flags |= F_BLK;
		}
		break;
	case NR_HTML_QUOTE:
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
	case NR_HTML_HR:
		block_edge(st, 0);
		if (st->tdepth == 0) {
			rule(st);
		}
		break;
	case NR_HTML_BR:
		if (st->tdepth == 0 || st->tab.in_cell || st->tab.in_caption) {
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
	case NR_HTML_WBR:
		if (st->pre == 0 && (st->tdepth == 0 || st->tab.in_cell || st->tab.in_caption)) {
			struct nr_run *r = target(st);

			if (!r->space && r->len > 0) {
				nr_run_add(r, "\001", 1, 0);
			}
		}
		break;
	case NR_HTML_IMG:
		image(st, atts);
		break;
	case NR_HTML_MEDIA:
		media_start(st, name, atts);
		break;
	case NR_HTML_A:
		/* Numbered at its end, so that an image inside it is numbered
		 * first, in reading order. */
		f->data = nr_render_clean_url(nr_html_attr(atts, "href"), st->base);
		if (f->data != NULL) {
			f->style |= NR_TA_LINK;
		}
		break;
	case NR_HTML_Q:
		nr_run_add_word(target(st), "\xe2\x80\x9c", 3, st->attrs);
		break;
	case NR_HTML_TABLE:
		if (st->tdepth == 0) {
			block_edge(st, 1);
			f->flags |= F_TABLE;
		} else if (st->tab.in_cell || st->tab.in_caption) {
			hard_break(target(st));
		}
		st->tdepth++;
		break;
	case NR_HTML_TSECT:
		if (st->tdepth == 1 && strcmp(name, "thead") == 0) {
			st->tab.thead = 1;
			f->flags |= F_THEAD;
		}
		break;
	case NR_HTML_TR:
		if (st->tdepth == 1) {
			nr_table_row(&st->tab);
		} else if (st->tdepth > 1 && st->tab.in_cell) {
			hard_break(target(st));
		} else if (st->tdepth == 0) {
			block_edge(st, 0);
		}
		break;
	case NR_HTML_CELL:
		if (st->tdepth == 1 && !st->tab.in_caption) {
			nr_table_cell(&st->tab, (int)nr_html_attr_long(atts, "colspan", 1, 1, MAX_SPAN),
			    name[1] == 'h');
			f->flags |= F_CELL;
		} else if (st->tdepth > 1 && st->tab.in_cell) {
			struct nr_run *r = target(st);

			if (r->len > 0 && r->s[r->len - 1] != '\n') {
				r->space = 1;
			}
		} else if (st->tdepth == 0) {
			block_edge(st, 0);
		}
		break;
	case NR_HTML_CAPTION:
		if (st->tdepth == 1 && !st->tab.in_cell) {
			st->tab.in_caption = 1;
			f->flags |= F_CAPTION;
		} else if (st->tab.in_cell) {
			hard_break(target(st));
		}
		break;
	}
}

static void
on_end(void *ctx, struct nr_html_open *f)
{
	struct st *st = ctx;

	/* What an element adds at its end is in the style around it: the
	 * elements that add something (q, media) have no style of their own,
	 * so theirs is the style around them. */
	st->attrs = f->style;
	switch ((enum nr_html_role)f->el->role) {
	case NR_HTML_BLOCK:
		block_edge(st, f->el->margin);
		break;
	case NR_HTML_PRE:
		block_edge(st, 1);
		st->pre--;
		st->pre_start = 0;
		break;
	case NR_HTML_LIST:
		if (st->nlists > 0) {
			st->nlists--;
		}
		block_edge(st, st->nlists == 0);
		break;
	case NR_HTML_ITEM:
	case NR_HTML_DD:
		if (f->flags & F_BLK) {
			item_end(st);
		} else {
			block_edge(st, 0);
		}
		break;
	case NR_HTML_QUOTE:
		if (f->flags & F_BLK) {
			flush(st);
			pop_blk(st);
		}
		block_edge(st, 1);
		break;
	case NR_HTML_MEDIA:
		media_end(st);
		st->media_label = NULL;
		break;
	case NR_HTML_A:
		if (f->data != NULL && st->links != NULL) {
			size_t n = nr_links_add(st->links, f->data, NR_LINK_LINK);

			if (st->tdepth == 0 || st->tab.in_cell || st->tab.in_caption) {
				nr_run_add_linknum(target(st), n);
			}
		}
		if (f->data != NULL) {
			free(f->data);
			f->data = NULL;
		}
		break;
	case NR_HTML_Q:
		nr_run_adds(target(st), "\xe2\x80\x9d", st->attrs);
		break;
	case NR_HTML_TABLE:
		st->tdepth--;
		if (f->flags & F_TABLE) {
			table_end(st);
			want_blank(st);
		} else if (st->tab.in_cell || st->tab.in_caption) {
			hard_break(target(st));
		}
		break;
	case NR_HTML_TSECT:
		if (f->flags & F_THEAD) {
			st->tab.thead = 0;
		}
		break;
	case NR_HTML_TR:
		if (st->tdepth == 1) {
			st->tab.in_cell = 0;
		} else if (st->tdepth == 0) {
			block_edge(st, 0);
		}
		break;
	case NR_HTML_CELL:
		if (f->flags & F_CELL) {
			st->tab.in_cell = 0;
		} else if (st->tdepth == 0) {
			block_edge(st, 0);
		}
		break;
	case NR_HTML_CAPTION:
		if (f->flags & F_CAPTION) {
			st->tab.in_caption = 0;
		} else if (st->tab.in_cell) {
			hard_break(target(st));
		}
		break;
	default:
		break;
	}
}

/* Inside video or audio, the first <source> is the link. */
static void
on_source(void *ctx, const char *const *atts)
{
	struct st *st = ctx;

	if (st->media_label != NULL && st->media_link == 0) {
		st->media_link = add_link(st, nr_html_attr(atts, "src"), NR_LINK_MEDIA);
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
on_text(void *ctx, const char *s, size_t n, unsigned style)
{
	struct st *st = ctx;
	struct nr_run *r;

	/* White space between a table's cells is not a cell. */
	if (st->tdepth > 0 && !st->tab.in_cell && !st->tab.in_caption && all_space(s, n)) {
		return;
	}
	st->attrs = style;
	r = target(st);
	if (st->pre > 0) {
		add_pre(st, r, s, n);
	} else {
		nr_run_add_collapsed(r, s, n, st->attrs);
	}
}

void
nr_render_html(struct nr_wrap *out, struct nr_links *links, const char *html, size_t len,
    const struct nr_render_opts *opts)
{
	static const struct nr_html_sink sink = { on_start, on_end, on_text, on_source };
	struct st st;
	char *cut;

	memset(&st, 0, sizeof st);
	st.out = out;
	st.links = links;
	st.base = opts->base;
	st.width = opts->width < 1 ? 1 : opts->width;
	st.tag = opts->tag;

	cut = nr_html_walk(html, len, &sink, &st);
	if (opts->cut != NULL) {
		*opts->cut = cut;
	} else {
		free(cut);
	}

	if (st.tdepth > 0) {
		st.tdepth = 0;
		table_end(&st);
	}
	flush(&st);
	while (st.nblk > 0) {
		pop_blk(&st);
	}
	nr_table_free(&st.tab);
	free(st.blk);
	free(st.lists);
	free(st.media_title);
	nr_run_free(&st.para);
	nr_run_free(&st.pfx_first);
	nr_run_free(&st.pfx_rest);
	nr_run_free(&st.line);
}
