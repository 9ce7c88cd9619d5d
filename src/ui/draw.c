#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "ui/draw.h"
#include "util/bidi.h"
#include "util/date.h"
#include "util/utf8.h"

/* The attributes of each element, worked out once at start. */
static attr_t styles[NR_COLOR_COUNT];
static const struct nr_config *config;

/* Defaults that read well with and without colours: without, only the
 * attributes are used, so a monochrome terminal still shows the selection,
 * the status line and search matches. */
static const struct nr_style default_styles[NR_COLOR_COUNT] = {
	[NR_COLOR_LIST] = { 1, NR_COLOR_DEFAULT, NR_COLOR_DEFAULT, 0 },
	[NR_COLOR_SELECTED] = { 1, NR_COLOR_DEFAULT, NR_COLOR_DEFAULT, NR_ATTR_REVERSE },
	[NR_COLOR_UNREAD] = { 1, NR_COLOR_DEFAULT, NR_COLOR_DEFAULT, NR_ATTR_BOLD },
	[NR_COLOR_STARRED] = { 1, 3, NR_COLOR_DEFAULT, 0 },
	[NR_COLOR_HEADER] = { 1, 6, NR_COLOR_DEFAULT, NR_ATTR_BOLD },
	[NR_COLOR_STATUS] = { 1, NR_COLOR_DEFAULT, NR_COLOR_DEFAULT, NR_ATTR_REVERSE },
	[NR_COLOR_ERROR] = { 1, 1, NR_COLOR_DEFAULT, NR_ATTR_BOLD },
	[NR_COLOR_FEEDS] = { 1, NR_COLOR_DEFAULT, NR_COLOR_DEFAULT, 0 },
	[NR_COLOR_BORDER] = { 1, NR_COLOR_DEFAULT, NR_COLOR_DEFAULT, 0 },
	[NR_COLOR_SEARCH_MATCH] = { 1, 0, 3, NR_ATTR_REVERSE | NR_ATTR_BOLD },
	[NR_COLOR_LINK] = { 1, 4, NR_COLOR_DEFAULT, NR_ATTR_UNDERLINE },
	[NR_COLOR_HELP] = { 1, NR_COLOR_DEFAULT, NR_COLOR_DEFAULT, 0 },
	[NR_COLOR_HEADING] = { 1, NR_COLOR_DEFAULT, NR_COLOR_DEFAULT, NR_ATTR_BOLD },
	[NR_COLOR_CODE] = { 1, 2, NR_COLOR_DEFAULT, 0 },
	[NR_COLOR_LINK_NUMBER] = { 1, 4, NR_COLOR_DEFAULT, NR_ATTR_DIM },
};

static attr_t
curses_attrs(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & NR_ATTR_BOLD) {
		r |= A_BOLD;
	}
	if (a & NR_ATTR_UNDERLINE) {
		r |= A_UNDERLINE;
	}
	if (a & NR_ATTR_REVERSE) {
		r |= A_REVERSE;
	}
	if (a & NR_ATTR_DIM) {
		r |= A_DIM;
	}
	if (a & NR_ATTR_ITALIC) {
		r |= A_ITALIC;
	}
	if (a & NR_ATTR_BLINK) {
		r |= A_BLINK;
	}
	if (a & NR_ATTR_STANDOUT) {
		r |= A_STANDOUT;
	}
	return r;
}

static int
usable_color(int c)
{
	return c >= 0 && c < COLORS ? c : -1;
}

void
nr_draw_init(const struct nr_config *cfg)
{
	const char *no_color = getenv("NO_COLOR");
	int colors = has_colors() && (no_color == NULL || no_color[0] == '\0');
	int i;

	config = cfg;
	if (colors && start_color() == ERR) {
		colors = 0;
	}
	if (colors) {
		use_default_colors();
	}
	for (i = 0; i < NR_COLOR_COUNT; i++) {
		const struct nr_style *s = cfg->colors[i].set ? &cfg->colors[i] : &default_styles[i];
		unsigned attrs = s->attrs;

		/* The search match's default is a colour; without colours
		 * its reverse video is what shows it. */
		if (colors && !cfg->colors[i].set && i == NR_COLOR_SEARCH_MATCH) {
			attrs &= ~(unsigned)NR_ATTR_REVERSE;
		}
		styles[i] = curses_attrs(attrs);
		if (colors && i + 1 < COLOR_PAIRS && (s->fg != NR_COLOR_DEFAULT || s->bg != NR_COLOR_DEFAULT)) {
			init_pair((short)(i + 1), (short)usable_color(s->fg), (short)usable_color(s->bg));
			styles[i] |= COLOR_PAIR(i + 1);
		}
	}
}

/* ---- layout ---- */

static void
rect(struct nr_rect *r, int y, int x, int h, int w)
{
	r->y = y;
	r->x = x;
	r->h = h > 0 && w > 0 ? h : 0;
	r->w = h > 0 && w > 0 ? w : 0;
}

void
nr_draw_layout(const struct nr_view *v, int rows, int cols, struct nr_geom *g)
{
	int h, x0 = 0, w = cols, reader = nr_view_reader_visible(v);

	memset(g, 0, sizeof *g);
	g->rows = rows;
	g->cols = cols;
	g->vsep_x = -1;
	g->fsep_x = -1;
	g->bar.h = 0;
	/* The status line, then the panes above it. */
	g->status_y = rows >= 2 ? rows - 1 : -1;
	h = rows >= 2 ? rows - 1 : rows;
	rect(&g->help, 0, 0, h, cols);
	if (v->show_feeds && cols < 40 && v->focus == NR_CTX_FEEDS) {
		/* Too narrow for two panes: the sources pane alone while it
		 * has the focus, never a focus on a pane that is not drawn. */
		rect(&g->feeds, 0, 0, h, cols);
		return;
	}
	if (v->show_feeds && cols >= 40) {
		int fw = cols / 4;

		fw = fw < 14 ? 14 : fw > 32 ? 32 : fw;
		rect(&g->feeds, 0, 0, h, fw);
		g->fsep_x = fw;
		x0 = fw + 1;
		w = cols - x0;
	}
	if (!reader) {
		rect(&g->list, 0, x0, h, w);
		return;
	}
	if (v->layout == NR_LAYOUT_FULL || (v->layout == NR_LAYOUT_SPLIT && h < 6) ||
	    (v->layout == NR_LAYOUT_VERTICAL && w < 40)) {
		/* One pane at a time: the reader when it has the focus. */
		if (v->focus == NR_CTX_READER) {
			rect(&g->reader, 0, x0, h, w);
		} else {
			rect(&g->list, 0, x0, h, w);
		}
		return;
	}
	if (v->layout == NR_LAYOUT_VERTICAL) {
		int lw = w * 2 / 5;

		rect(&g->list, 0, x0, h, lw);
		g->vsep_x = x0 + lw;
		rect(&g->reader, 0, x0 + lw + 1, h, w - lw - 1);
		return;
	}
	{
		int lh = h * 2 / 5;

		if (lh < 2) {
			lh = 2;
		}
		rect(&g->list, 0, x0, lh, w);
		rect(&g->bar, lh, x0, 1, w);
		rect(&g->reader, lh + 1, x0, h - lh - 1, w);
	}
}

/* ---- drawing text ---- */

static void fill(int y, int x, int w, attr_t a);

/* With bidi = yes, the text (*text, n bytes, one attribute a byte in *at)
 * put in visual order for a terminal that does not reorder it, in a
 * paragraph of direction rtl; the attributes (styles, search matches,
 * found on the logical text) follow their bytes. */
static void
visual_order(const struct nr_view *v, char **text, attr_t **at, size_t n, int rtl)
{
	char *out;
	size_t *perm, i;
	attr_t *na;

	if (v->cfg == NULL || !v->cfg->bidi || n == 0 || (!rtl && !nr_bidi_maybe_rtl(*text, n))) {
		return;
	}
	out = xmalloc(n + 1);
	perm = xreallocarray(NULL, n, sizeof *perm);
	na = xreallocarray(NULL, n + 1, sizeof *na);
	nr_bidi_visual(*text, n, rtl, out, perm);
	for (i = 0; i < n; i++) {
		na[i] = (*at)[perm[i]];
	}
	out[n] = '\0';
	free(*text);
	free(*at);
	free(perm);
	*text = out;
	*at = na;
}

/* Draw text[0..n) at the cursor, each byte with its attribute. */
static void
put_attrs(const char *text, const attr_t *at, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && at[j] == at[i]; j++) {
			continue;
		}
		attrset(at[i]);
		addnstr(text + i, (int)(j - i));
	}
	attrset(A_NORMAL);
}

/* Mark the matches of the search pattern in text[0..n) in at. */
static void
mark_matches(const struct nr_view *v, const char *text, attr_t *at, size_t n)
{
	size_t off = 0, moff, mlen, i;

	while (off < n && nr_view_match(v, text, off, &moff, &mlen) && mlen > 0) {
		for (i = moff; i < moff + mlen && i < n; i++) {
			at[i] |= styles[NR_COLOR_SEARCH_MATCH];
		}
		off = moff + mlen;
	}
}

/* Draw s at (y, x) in at most w columns, padded to w with spaces when
 * pad is set, with attribute a; matches of the search pattern in it
 * highlighted if hl. Returns the columns used. */
static int
put(const struct nr_view *v, int y, int x, int w, const char *s, attr_t a, int hl, int pad)
{
	char *fit;
	attr_t *at;
	size_t n, i;
	int used;

	if (w <= 0) {
		return 0;
	}
	fit = nr_utf8_fit(s, w, 0);
	n = strlen(fit);
	used = nr_utf8_width(fit);
	at = xreallocarray(NULL, n + 1, sizeof *at);
	for (i = 0; i < n; i++) {
		at[i] = a;
	}
	if (hl) {
		mark_matches(v, fit, at, n);
	}
	visual_order(v, &fit, &at, n, 0);
	move(y, x);
	put_attrs(fit, at, n);
	if (pad && used < w) {
		fill(y, x + used, w - used, a);
		used = w;
	}
	free(at);
	free(fit);
	return used;
}

static void
fill(int y, int x, int w, attr_t a)
{
	int i;

	if (w <= 0) {
		return;
	}
	attrset(a);
	move(y, x);
	for (i = 0; i < w; i++) {
		addch(' ');
	}
	attrset(A_NORMAL);
}

/* ---- panes ---- */

static int date_cols = -1;

static void
draw_list(struct nr_view *v, const struct nr_rect *r)
{
	int focused = v->focus == NR_CTX_LIST || v->layout == NR_LAYOUT_FULL;
	int src_w = r->w >= 100 ? 20 : r->w >= 60 ? 14 : r->w >= 40 ? 10 : 0;
	int show_date = r->w >= 50;
	int row;

	if (date_cols < 0) {
		char sample[128];

		nr_date_format(0, config->date_format, sample, sizeof sample);
		date_cols = nr_utf8_width(sample);
	}
	if (v->nshown == 0) {
		put(v, r->y, r->x, r->w, v->q.limit != NULL ? _("No article matches the limit.")
		    : v->q.starred_only ? _("No starred articles here.") : v->q.unread_only ? _("No unread articles here.")
		    : _("No articles."), styles[NR_COLOR_LIST], 0, 1);
		return;
	}
	/* Only the rows on screen. */
	for (row = 0; row < r->h && v->top + (size_t)row < v->nshown; row++) {
		size_t i = v->top + (size_t)row;
		const struct nr_view_article *a = nr_view_row(v, i);
		attr_t base = styles[NR_COLOR_LIST];
		int x = r->x, end = r->x + r->w;
		char marks[8], date[128];

		if (!a->read) {
			base |= styles[NR_COLOR_UNREAD];
		}
		if (i == v->sel) {
			base = styles[NR_COLOR_SELECTED] | (a->read ? 0 : A_BOLD);
			if (!focused) {
				base = (base & ~A_REVERSE) | A_UNDERLINE | A_BOLD;
			}
		}
		snprintf(marks, sizeof marks, "%c%c ", a->read ? ' ' : 'N', a->starred ? '*' : ' ');
		if (a->starred && i != v->sel) {
			/* The unread mark alone in its cell (cut to one column,
			 * "N* " would be an ellipsis), the star in its colour. */
			char unread[2] = { marks[0], '\0' };

			x += put(v, row + r->y, x, end - x, unread, base, 0, 0);
			x += put(v, row + r->y, x, end - x, marks + 1, base | styles[NR_COLOR_STARRED], 0, 0);
		} else {
			x += put(v, row + r->y, x, end - x, marks, base, 0, 0);
		}
		if (show_date) {
			char *clean;

			/* date_format may hold %n or %t: one line, no controls. */
			nr_date_format(a->published, config->date_format, date, sizeof date);
			clean = nr_utf8_sanitize(date, strlen(date), 0);
			snprintf(date, sizeof date, "%s", clean);
			free(clean);
			x += put(v, row + r->y, x, date_cols < end - x ? date_cols : end - x, date, base, 0, 1);
			x += put(v, row + r->y, x, end - x, " ", base, 0, 0);
		}
		if (src_w > 0 && end - x > src_w) {
			x += put(v, row + r->y, x, src_w, v->feeds[a->feed].title, base, 1, 1);
			x += put(v, row + r->y, x, end - x, " ", base, 0, 0);
		}
		put(v, row + r->y, x, end - x, a->title[0] != '\0' ? a->title : _("(no title)"), base, 1, 1);
	}
}

/* The curses attributes of a renderer span. */
static attr_t
span_attrs(unsigned ta)
{
	attr_t a = A_NORMAL;

	if (ta & NR_TA_BOLD) {
		a |= A_BOLD;
	}
	if (ta & NR_TA_ITALIC) {
		a |= A_ITALIC;
	}
	if (ta & NR_TA_UNDERLINE) {
		a |= A_UNDERLINE;
	}
	if (ta & (NR_TA_DECOR | NR_TA_STRIKE)) {
		/* curses has no strike-through: struck text is dimmed. */
		a |= A_DIM;
	}
	if (ta & NR_TA_HEADING) {
		a |= styles[NR_COLOR_HEADING];
	}
	if (ta & NR_TA_CODE) {
		a |= styles[NR_COLOR_CODE];
	}
	if (ta & NR_TA_LINK) {
		a |= A_UNDERLINE;
	}
	if (ta & NR_TA_LINKNUM) {
		a |= styles[NR_COLOR_LINK_NUMBER];
	}
	return a;
}

/* A reader line with its spans' styles and the search matches, cut at w
 * columns. The renderer made it fit, so cutting is only a safeguard. */
static void
put_styled(const struct nr_view *v, int y, int x, int w, const struct nr_wrap_line *l, attr_t base)
{
	char *fit;
	attr_t *at;
	size_t n, i;

	if (w <= 0) {
		return;
	}
	fit = nr_utf8_fit(l->text, w, 0);
	n = strlen(fit);
	at = xreallocarray(NULL, n + 1, sizeof *at);
	for (i = 0; i < n; i++) {
		at[i] = base;
	}
	for (i = 0; i < l->nspans; i++) {
		size_t b = l->spans[i].off, e = l->spans[i].off + l->spans[i].len, j;
		attr_t sa = span_attrs(l->spans[i].attrs);

		for (j = b; j < e && j < n; j++) {
			/* A colour pair of the span replaces the base's. */
			at[j] = (sa & A_COLOR) != 0 ? ((base & ~A_COLOR) | sa) : (base | sa);
		}
	}
	mark_matches(v, fit, at, n);
	visual_order(v, &fit, &at, n, l->rtl);
	if (l->rtl && v->cfg != NULL && v->cfg->bidi) {
		/* A right-to-left paragraph is aligned to the right. */
		int used = nr_utf8_width(fit);

		if (used < w) {
			x += w - used;
		}
	}
	move(y, x);
	put_attrs(fit, at, n);
	free(at);
	free(fit);
}

static void
draw_reader(struct nr_view *v, const struct nr_rect *r)
{
	int row;

	nr_view_prepare(v);
	for (row = 0; row < r->h && v->reader_top + (size_t)row < v->lines.n; row++) {
		const struct nr_wrap_line *l = &v->lines.lines[v->reader_top + (size_t)row];
		attr_t a = styles[NR_COLOR_LIST];

		switch (l->tag) {
		case NR_LINE_TITLE:
			a = styles[NR_COLOR_HEADER] | A_BOLD;
			break;
		case NR_LINE_HEADER:
			a = styles[NR_COLOR_HEADER];
			break;
		case NR_LINE_LINK:
			a = styles[NR_COLOR_LINK];
			break;
		default:
			break;
		}
		put_styled(v, r->y + row, r->x, r->w, l, a);
	}
}

static void
draw_feeds(struct nr_view *v, const struct nr_rect *r)
{
	int row;

	for (row = 0; row < r->h && v->feed_top + (size_t)row < v->npane; row++) {
		size_t i = v->feed_top + (size_t)row;
		const struct nr_pane_row *vr = &v->pane[i];
		long unread = nr_view_pane_unread(v, i);
		int failed = nr_view_pane_failed(v, i);
		attr_t a = styles[NR_COLOR_FEEDS];
		char count[32], *title;
		int cw;

		if (unread > 0) {
			a |= styles[NR_COLOR_UNREAD];
		}
		if (i == v->feed_sel) {
			a = styles[NR_COLOR_SELECTED];
			if (v->focus != NR_CTX_FEEDS) {
				a = (a & ~A_REVERSE) | A_UNDERLINE;
			}
		}
		if (nr_view_pane_active(v, i)) {
			a |= A_BOLD;
		}
		if (failed) {
			/* Its last fetch failed (a tag: one of its feeds'): E
			 * says why. */
			a = (a & ~A_COLOR) | styles[NR_COLOR_ERROR];
		}
		/* A query row still being counted: an ellipsis, no number. */
		if (unread < 0) {
			snprintf(count, sizeof count, "%s \xe2\x80\xa6", failed ? " !" : "");
		} else {
			snprintf(count, sizeof count, "%s %ld", failed ? " !" : "", unread);
		}
		cw = nr_utf8_width(count);
		if (cw >= r->w) {
			cw = 0;
		}
		/* A tag with a triangle that says whether its feeds are
		 * shown; a feed under a tag indented. */
		if (vr->kind == NR_PANE_TAG) {
			title = xasprintf("%s %s", v->tags[vr->index].collapsed ? "\xe2\x96\xb8" : "\xe2\x96\xbe",
			    nr_view_pane_title(v, i));
		} else {
			title = xasprintf("%s%s", vr->nested ? "  " : "", nr_view_pane_title(v, i));
		}
		put(v, r->y + row, r->x, r->w - cw, title, a, 1, 1);
		free(title);
		if (cw > 0) {
			put(v, r->y + row, r->x + r->w - cw, cw, count, a, 0, 1);
		}
	}
}

static void
draw_help(struct nr_view *v, const struct nr_rect *r)
{
	int row;

	for (row = 0; row < r->h && v->help_top + (size_t)row < v->help.n; row++) {
		const struct nr_wrap_line *l = &v->help.lines[v->help_top + (size_t)row];
		attr_t a = l->tag ? styles[NR_COLOR_HEADER] : styles[NR_COLOR_HELP];

		/* The link list's chosen link, drawn as the list's selection. */
		if (v->links_open && v->help_top + (size_t)row == v->links_sel + 1) {
			a = styles[NR_COLOR_SELECTED];
		}
		put(v, r->y + row, r->x, r->w, l->text, a, 0, v->links_open);
	}
}

static void
vline_at(int x, int h)
{
	int y;

	if (x < 0) {
		return;
	}
	/* The box-drawing character itself: the alternate character set
	 * is not reliable in UTF-8 terminals (and under screen or tmux). */
	attrset(styles[NR_COLOR_BORDER]);
	for (y = 0; y < h; y++) {
		mvaddstr(y, x, "\xe2\x94\x82");
	}
	attrset(A_NORMAL);
}

static void
draw_status(struct nr_view *v, const struct nr_geom *g, const char *prompt)
{
	struct nr_buf right = NR_BUF_INIT;
	char pos[32];
	int rw, y = g->status_y;
	attr_t a = styles[NR_COLOR_STATUS];

	if (y < 0) {
		return;
	}
	if (prompt != NULL) {
		/* The end of what is typed stays in view. */
		int w = nr_utf8_width(prompt);
		const char *p = prompt;

		while (w > g->cols - 1 && *p != '\0') {
			int cw;
			size_t len = nr_utf8_cluster(p, strlen(p), &cw);

			p += len;
			w -= cw;
		}
		fill(y, 0, g->cols, A_NORMAL);
		put(v, y, 0, g->cols, p, A_NORMAL, 0, 0);
		move(y, w < g->cols ? w : g->cols - 1);
		return;
	}
	if (v->help_open) {
		nr_buf_printf(&right, "%s ", _("Help"));
	} else {
		if (v->progress[0] != '\0') {
			nr_buf_printf(&right, "%s  ", v->progress);
		}
		/* A list still being read: what was found so far, and "+". */
		nr_buf_printf(&right, "%zu/%zu%s", v->nshown > 0 ? v->sel + 1 : 0, v->nshown,
		    nr_view_counting(v) ? "+" : "");
		if (g->reader.h > 0 && g->bar.h == 0) {
			nr_view_reader_position(v, pos, sizeof pos);
			nr_buf_printf(&right, "  %s", pos);
		}
		nr_buf_addc(&right, ' ');
	}
	rw = nr_utf8_width(nr_buf_str(&right));
	if (rw > g->cols) {
		rw = 0;
	}
	fill(y, 0, g->cols, a);
	if (v->msg[0] != '\0') {
		put(v, y, 0, g->cols - rw - 1, v->msg, v->msg_error ? (styles[NR_COLOR_ERROR] | A_BOLD) : a, 0, 0);
	} else {
		char *left = nr_view_describe(v);

		put(v, y, 0, g->cols - rw - 1, left, a, 0, 0);
		free(left);
	}
	if (rw > 0) {
		put(v, y, g->cols - rw, rw, nr_buf_str(&right), a, 0, 0);
	}
	nr_buf_free(&right);
}

static void
draw_bar(struct nr_view *v, const struct nr_rect *r)
{
	const struct nr_view_article *a = nr_view_selected(v);
	char pos[32];
	char *text;
	int pw;

	fill(r->y, r->x, r->w, styles[NR_COLOR_STATUS]);
	if (a == NULL) {
		return;
	}
	nr_view_reader_position(v, pos, sizeof pos);
	pw = nr_utf8_width(pos) + 1;
	text = xasprintf(" %s", v->feeds[a->feed].title);
	put(v, r->y, r->x, r->w - pw - 1, text, styles[NR_COLOR_STATUS], 0, 0);
	if (pw < r->w) {
		put(v, r->y, r->x + r->w - pw, pw, pos, styles[NR_COLOR_STATUS] | (v->focus == NR_CTX_READER ? A_BOLD : 0),
		    0, 0);
	}
	free(text);
}

void
nr_draw(struct nr_view *v, const struct nr_geom *g, const char *prompt)
{
	/* The reader's article first: the bar above it shows its position. */
	nr_view_prepare(v);
	erase();
	if (v->help_open) {
		draw_help(v, &g->help);
	} else {
		if (g->feeds.h > 0) {
			draw_feeds(v, &g->feeds);
			vline_at(g->fsep_x, g->feeds.h);
		}
		if (g->list.h > 0) {
			draw_list(v, &g->list);
		}
		if (g->bar.h > 0) {
			draw_bar(v, &g->bar);
		}
		if (g->vsep_x >= 0) {
			vline_at(g->vsep_x, g->reader.h);
		}
		if (g->reader.h > 0) {
			draw_reader(v, &g->reader);
		}
	}
	draw_status(v, g, prompt);
	if (prompt == NULL) {
		move(g->rows - 1, g->cols - 1);
	}
	v->dirty = 0;
}
