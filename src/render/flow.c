#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "render/flow_int.h"
#include "render/render.h"
#include "util/bidi.h"
#include "util/breaks.h"
#include "util/utf8.h"

/*
 * Styled runs into screen lines: a run is text with one attribute word per
 * byte; nr_flow breaks it at a width in columns (never inside a character
 * cluster, losing nothing), puts each line's prefix before it (list
 * markers, quote bars, indents) and turns the attributes into spans.
 */

/*
 * Runs: text with one attribute word per byte.
 */

static void
run_grow(struct nr_run *r, size_t extra)
{
	size_t need = r->len + extra + 1;

	if (need <= r->cap) {
		return;
	}
	if (r->cap == 0) {
		r->cap = 256;
	}
	while (r->cap < need) {
		r->cap *= 2;
	}
	r->s = xrealloc(r->s, r->cap);
	r->a = xreallocarray(r->a, r->cap, sizeof *r->a);
}

void
nr_run_add(struct nr_run *r, const char *s, size_t n, unsigned attrs)
{
	size_t i;

	if (n == 0) {
		return;
	}
	run_grow(r, n);
	memcpy(r->s + r->len, s, n);
	if (attrs == 0) {
		memset(r->a + r->len, 0, n * sizeof *r->a);
	} else {
		for (i = 0; i < n; i++) {
			r->a[r->len + i] = (unsigned short)attrs;
		}
	}
	r->len += n;
	r->s[r->len] = '\0';
}

void
nr_run_adds(struct nr_run *r, const char *s, unsigned attrs)
{
	nr_run_add(r, s, strlen(s), attrs);
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

void
nr_run_add_word(struct nr_run *r, const char *s, size_t n, unsigned attrs)
{
	if (r->space && r->len > 0 && r->s[r->len - 1] != '\n' && r->s[r->len - 1] != ' ') {
		/* The space is styled as much as both of its neighbours are:
		 * underlined inside a link, plain after it. */
		nr_run_add(r, " ", 1, r->a[r->len - 1] & attrs);
	}
	r->space = 0;
	nr_run_add(r, s, n, attrs);
}

void
nr_run_add_collapsed(struct nr_run *r, const char *s, size_t n, unsigned attrs)
{
	size_t i = 0, j;

	while (i < n) {
		if (is_ws(s[i])) {
			if (r->len > 0 && r->s[r->len - 1] != '\n') {
				r->space = 1;
			}
			i++;
			continue;
		}
		for (j = i + 1; j < n && !is_ws(s[j]); j++) {
			continue;
		}
		nr_run_add_word(r, s + i, j - i, attrs);
		i = j;
	}
}

void
nr_run_add_linknum(struct nr_run *r, size_t n)
{
	char num[32];

	if (r->len > 0 && r->s[r->len - 1] != '\n') {
		nr_run_add(r, "\002", 1, 0);
	}
	snprintf(num, sizeof num, "[%zu]", n);
	nr_run_add(r, num, strlen(num), NR_TA_LINKNUM);
}

void
nr_run_trim(struct nr_run *r)
{
	while (r->len > 0 && (r->s[r->len - 1] == ' ' || r->s[r->len - 1] == '\n'
	    || r->s[r->len - 1] == NR_RUN_BREAK)) {
		r->len--;
	}
	if (r->s != NULL) {
		r->s[r->len] = '\0';
	}
	r->space = 0;
}

void
nr_run_reset(struct nr_run *r)
{
	r->len = 0;
	r->space = 0;
	if (r->s != NULL) {
		r->s[0] = '\0';
	}
}

void
nr_run_free(struct nr_run *r)
{
	free(r->s);
	free(r->a);
	memset(r, 0, sizeof *r);
}

/* The soft hyphen (U+00AD): invisible, except at the end of a line that
 * breaks after it, where it is drawn as a hyphen. */
#define SHY_0 '\xc2'
#define SHY_1 '\xad'

static int
is_shy(const char *s, size_t i, size_t n)
{
	return i + 1 < n && s[i] == SHY_0 && s[i + 1] == SHY_1;
}

/* The cluster at s[0..n) and its columns, with a fast path for ASCII not
 * followed by a combining mark. */
static size_t
clus(const char *s, size_t n, int *cw)
{
	unsigned char c = (unsigned char)s[0];

	if (c >= 0x20 && c < 0x7f && (n == 1 || (unsigned char)s[1] < 0x80)) {
		*cw = 1;
		return 1;
	}
	if (c == (unsigned char)NR_RUN_BREAK) {
		*cw = 0;
		return 1;
	}
	if (c == (unsigned char)NR_RUN_NBSP) {
		*cw = 1;
		return 1;
	}
	if (is_shy(s, 0, n)) {
		/* Drawn only where a line breaks after it (flow_line). */
		*cw = 0;
		return 2;
	}
	return nr_utf8_cluster(s, n, cw);
}

int
nr_run_cols(const char *s, size_t n)
{
	size_t i = 0;
	int w = 0, cw;

	while (i < n) {
		i += clus(s + i, n - i, &cw);
		w += cw;
	}
	return w;
}

/*
 * Lines.
 */

struct flow {
	struct nr_wrap *out;
	int tag;
	int width;
	int maxp;               /* the columns a prefix may take */
	int pw_first, pw_rest;  /* the columns the prefixes do take */
	const struct nr_run *first, *rest;
	size_t lines;
	/* The break opportunities of the hard line being laid out, and the
	 * scratch space to find them (grown, kept across its lines). */
	char *brk, *tmp, *tbrk;
	size_t *map;
	size_t brk_cap;
	int rtl;                /* the hard line being laid out runs right to left */
};

/* Emit r->s[a..b) as a line with the prefix its place calls for: the
 * text and its spans built at once, trailing spaces and break marks left
 * out. */
static void
flow_line(struct flow *f, const struct nr_run *r, size_t a, size_t b)
{
	const struct nr_run *p = f->lines == 0 ? f->first : f->rest;
	struct nr_span *spans = NULL;
	size_t nspans = 0, cap = 0, plen = 0, len = 0, i;
	int w = 0, cw;
	char *text;

	/* The prefix, cut to the columns it may take. */
	while (p != NULL && plen < p->len) {
		size_t l = clus(p->s + plen, p->len - plen, &cw);

		if (w + cw > f->maxp) {
			break;
		}
		w += cw;
		plen += l;
	}
	while (b > a && (r->s[b - 1] == ' ' || r->s[b - 1] == NR_RUN_BREAK)) {
		b--;
	}
	text = xmalloc(plen + (b - a) + 1);
	for (i = 0; i < plen + (b - a); i++) {
		char c = i < plen ? p->s[i] : r->s[a + i - plen];
		unsigned at = i < plen ? p->a[i] : r->a[a + i - plen];

		if (c == NR_RUN_BREAK) {
			continue;
		}
		if (c == NR_RUN_NBSP) {
			c = ' ';
		}
		if (c == SHY_0 && i >= plen && is_shy(r->s, a + i - plen, b)) {
			/* A soft hyphen shows only where the line breaks
			 * after it. */
			i++;
			if (a + i - plen + 1 < b) {
				continue;
			}
			c = '-';
		}
		if (at != 0 && nspans > 0 && spans[nspans - 1].attrs == at
		    && spans[nspans - 1].off + spans[nspans - 1].len == len) {
			spans[nspans - 1].len++;
		} else if (at != 0) {
			if (nspans == cap) {
				cap = cap ? cap * 2 : 4;
				spans = xreallocarray(spans, cap, sizeof *spans);
			}
			spans[nspans].off = len;
			spans[nspans].len = 1;
			spans[nspans].attrs = at;
			nspans++;
		}
		text[len++] = c;
	}
	/* A prefix alone (a blank line in a quote) ends with its bar. */
	while (len > 0 && text[len - 1] == ' ') {
		len--;
		if (nspans > 0 && spans[nspans - 1].off + spans[nspans - 1].len > len) {
			if (--spans[nspans - 1].len == 0) {
				nspans--;
			}
		}
	}
	text[len] = '\0';
	if (nspans == 0) {
		free(spans);
		spans = NULL;
	}
	nr_wrap_add_owned(f->out, text, f->tag, spans, nspans);
	f->out->lines[f->out->n - 1].rtl = f->rtl;
	f->lines++;
}

static int
prefix_cols(const struct nr_run *p)
{
	return p != NULL ? nr_run_cols(p->s, p->len) : 0;
}

/*
 * The break opportunities of the hard line r->s[a..b) into f->brk (indexed
 * from a): UAX #14 over the text as it will be drawn, with a break mark
 * (<wbr>) left out and allowing a break after it, and the space before a
 * link number read as the space it is drawn as, so that a line may break
 * before "[12]" rather than inside a word.
 */
static void
flow_breaks(struct flow *f, const struct nr_run *r, size_t a, size_t b)
{
	size_t n = b - a, m = 0, i;

	if (f->brk_cap < n + 1) {
		f->brk_cap = n + 1;
		f->brk = xrealloc(f->brk, f->brk_cap);
		f->tmp = xrealloc(f->tmp, f->brk_cap);
		f->tbrk = xrealloc(f->tbrk, f->brk_cap);
		f->map = xreallocarray(f->map, f->brk_cap, sizeof *f->map);
	}
	if (memchr(r->s + a, NR_RUN_BREAK, n) == NULL) {
		/* No break mark (the common case): the text itself. The
		 * space before a link number, a control character, is of
		 * class CM there and joins the word before it; the weak
		 * break after it is set below. */
		nr_breaks_line(r->s + a, n, f->brk);
	} else {
		for (i = 0; i < n; i++) {
			char c = r->s[a + i];

			if (c == NR_RUN_BREAK) {
				continue;
			}
			f->tmp[m] = c == NR_RUN_NBSP ? ' ' : c;
			f->map[m++] = i;
		}
		memset(f->brk, 0, n + 1);
		nr_breaks_line(f->tmp, m, f->tbrk);
		for (i = 0; i < m; i++) {
			f->brk[f->map[i]] = f->tbrk[i];
		}
	}
	for (i = 0; i + 1 < n; i++) {
		if (r->s[a + i] == NR_RUN_BREAK) {
			f->brk[i + 1] = NR_BREAK_YES;
		} else if (r->s[a + i] == NR_RUN_NBSP) {
			/* Before a link number only when nothing else on
			 * the line allows a break, keeping "[3]" with its
			 * link where it can. */
			f->brk[i + 1] = NR_BREAK_WEAK;
		}
	}
}

/*
 * Greedy wrapping of the hard line s[a..b), as in wrap.c but over styled
 * bytes: `brk` is the last break opportunity (UAX #14) on the screen line;
 * when a cluster does not fit, the line ends there (dropping the spaces
 * before it), or before that cluster if the line has no break opportunity
 * (a long word is cut between grapheme clusters, never lost). A cluster
 * wider than the room gets a line to itself. In NR_FLOW_PRE text, lines
 * break only where they are full.
 */
static void
flow_hard_line(struct flow *f, const struct nr_run *r, size_t a, size_t b, int pre)
{
	const char *s = r->s;
	size_t start = a, i = a, brk = 0, weak = 0, end;
	int col = 0, col_at_brk = 0, have_brk = 0, col_at_weak = 0, have_weak = 0, cw, avail;

	/* Its direction, for drawing with bidi = yes: a paragraph of Arabic
	 * goes right to left on each of its lines, even one that starts
	 * with an English name. */
	f->rtl = nr_bidi_maybe_rtl(s + a, b - a) && nr_bidi_rtl(s + a, b - a);
	avail = f->width - (f->lines == 0 ? f->pw_first : f->pw_rest);
	/* No character takes more columns than it has bytes (a wide one has
	 * three or four, a break mark none): a line with no more bytes than
	 * the room fits, and needs no measuring (most lines of --dump --body,
	 * rendered at an unbounded width). */
	if (b - a <= (size_t)(avail < 1 ? 1 : avail)) {
		flow_line(f, r, a, b);
		return;
	}
	if (!pre) {
		flow_breaks(f, r, a, b);
	}
	while (i < b) {
		size_t len;

		/* The room depends on which prefix the line gets. */
		avail = f->width - (f->lines == 0 ? f->pw_first : f->pw_rest);
		if (avail < 1) {
			avail = 1;
		}
		if (!pre && s[i] == NR_RUN_BREAK) {
			i++;
			continue;
		}
		if (!pre && i > start && f->brk[i - a] != NR_BREAK_NO) {
			/* After a soft hyphen the break needs a column for
			 * the hyphen it shows. */
			int shy = i >= a + 2 && is_shy(s, i - 2, b);

			if (shy && col + 1 > avail) {
				/* No room for the hyphen. */
			} else if (f->brk[i - a] == NR_BREAK_YES) {
				brk = i;
				col_at_brk = col;
				have_brk = 1;
			} else {
				weak = i;
				col_at_weak = col;
				have_weak = 1;
			}
		}
		len = clus(s + i, b - i, &cw);
		if (col + cw > avail && i > start && (pre || s[i] != ' ')) {
			size_t next;

			if (!pre && have_brk && col_at_brk > 0) {
				end = brk;
				next = brk;
			} else if (!pre && have_weak && col_at_weak > 0) {
				end = weak;
				next = weak;
			} else {
				end = i;
				next = i;
			}
			if (!pre) {
				/* Spaces at the end of a line and at the start
				 * of the next are the break itself. */
				while (end > start && (s[end - 1] == ' ' || s[end - 1] == NR_RUN_NBSP)) {
					end--;
				}
				while (next < b && (s[next] == ' ' || s[next] == NR_RUN_NBSP)) {
					next++;
				}
			}
			flow_line(f, r, start, end);
			start = next;
			i = next;
			col = 0;
			have_brk = 0;
			have_weak = 0;
			continue;
		}
		col += cw;
		i += len;
	}
	end = b;
	if (!pre) {
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == NR_RUN_BREAK ||
		    (end >= start + 2 && is_shy(s, end - 2, b)))) {
			end -= s[end - 1] == SHY_1 ? 2 : 1;
		}
	}
	if (end > start || start == a) {
		flow_line(f, r, start, end);
	}
}

int
nr_render_max_prefix(int width)
{
	int keep = (width + 1) / 2;

	if (keep < 2) {
		keep = 2;
	}
	return width > keep ? width - keep : 0;
}

size_t
nr_flow(struct nr_wrap *out, int tag, int width, const struct nr_run *r, size_t from, size_t to,
    const struct nr_run *first, const struct nr_run *rest, int flags)
{
	struct flow f;
	size_t a = from, b;
	int pre = (flags & NR_FLOW_PRE) != 0;

	memset(&f, 0, sizeof f);
	f.out = out;
	f.tag = tag;
	f.width = width < 1 ? 1 : width;
	/* However deep the nesting, half the width stays for the text, and
	 * at least two columns, so that a wide character fits. */
	f.maxp = nr_render_max_prefix(f.width);
	f.first = first;
	f.rest = rest;
	f.pw_first = prefix_cols(first);
	f.pw_rest = prefix_cols(rest);
	if (f.pw_first > f.maxp) {
		f.pw_first = f.maxp;
	}
	if (f.pw_rest > f.maxp) {
		f.pw_rest = f.maxp;
	}
	while (a <= to) {
		const char *nl = a < to ? memchr(r->s + a, '\n', to - a) : NULL;

		b = nl != NULL ? (size_t)(nl - r->s) : to;
		flow_hard_line(&f, r, a, b, pre);
		if (nl == NULL) {
			break;
		}
		a = b + 1;
	}
	free(f.brk);
	free(f.tmp);
	free(f.tbrk);
	free(f.map);
	return f.lines;
}
