#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "render/wrap.h"
#include "util/bidi.h"
#include "util/breaks.h"
#include "util/utf8.h"

/*
 * Plain text wrapped by screen columns (headers, help, messages): no
 * styles, no prefixes; the renderer's styled runs go through flow.c.
 */

#define TAB_STOP 8

static void
add_line(struct nr_wrap *w, char *text, int tag)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->lines = xreallocarray(w->lines, w->cap, sizeof *w->lines);
	}
	w->lines[w->n].text = text;
	w->lines[w->n].tag = tag;
	w->lines[w->n].spans = NULL;
	w->lines[w->n].nspans = 0;
	w->lines[w->n].rtl = 0;
	w->n++;
}

void
nr_wrap_add_owned(struct nr_wrap *w, char *text, int tag, struct nr_span *spans, size_t nspans)
{
	add_line(w, text, tag);
	w->lines[w->n - 1].spans = spans;
	w->lines[w->n - 1].nspans = spans != NULL ? nspans : 0;
}

void
nr_wrap_add(struct nr_wrap *w, const char *text, int tag)
{
	add_line(w, xstrdup(text), tag);
}

/* The line s[0..n) with tabs expanded, as a new string. */
static char *
expand_tabs(const char *s, size_t n)
{
	struct nr_buf b = NR_BUF_INIT;
	size_t i = 0;
	int col = 0;

	while (i < n) {
		int cw;
		size_t len;

		if (s[i] == '\t') {
			do {
				nr_buf_addc(&b, ' ');
				col++;
			} while (col % TAB_STOP != 0);
			i++;
			continue;
		}
		len = nr_utf8_cluster(s + i, n - i, &cw);
		nr_buf_add(&b, s + i, len);
		col += cw;
		i += len;
	}
	return nr_buf_steal(&b);
}

/*
 * Greedy wrapping of one line (no newline in it) at the break
 * opportunities of UAX #14 (util/breaks.h). The line is walked cluster by
 * cluster; `brk` remembers the last opportunity on the current screen
 * line, so that when the next cluster does not fit, the line ends there
 * (the spaces before it are dropped). With no opportunity, the line ends
 * before the cluster that does not fit: a long word is cut between
 * grapheme clusters, never lost. A cluster wider than the whole width gets
 * a line to itself.
 */
static void wrap_paragraph(struct nr_wrap *w, const char *s, size_t n, int width, int tag);

/* The lines of one paragraph, marked with its direction (util/bidi.h). */
static void
wrap_line(struct nr_wrap *w, const char *s, size_t n, int width, int tag)
{
	size_t first = w->n, i;
	int rtl = nr_bidi_maybe_rtl(s, n) && nr_bidi_rtl(s, n);

	wrap_paragraph(w, s, n, width, tag);
	for (i = first; i < w->n; i++) {
		w->lines[i].rtl = rtl;
	}
}

static void
wrap_paragraph(struct nr_wrap *w, const char *s, size_t n, int width, int tag)
{
	size_t start = 0, i = 0, brk = 0, weak = 0;
	int col = 0, col_at_brk = 0, have_brk = 0, col_at_weak = 0, have_weak = 0;
	char *ok;

	if (n == 0) {
		add_line(w, xstrdup(""), tag);
		return;
	}
	/* No character takes more columns than it has bytes. */
	if (n <= (size_t)width) {
		add_line(w, xstrndup(s, n), tag);
		return;
	}
	ok = xmalloc(n);
	nr_breaks_line(s, n, ok);
	while (i < n) {
		int cw;
		size_t len = nr_utf8_cluster(s + i, n - i, &cw);

		if (i > start && ok[i] == NR_BREAK_YES) {
			brk = i;
			col_at_brk = col;
			have_brk = 1;
		} else if (i > start && ok[i] == NR_BREAK_WEAK) {
			weak = i;
			col_at_weak = col;
			have_weak = 1;
		}
		if (col + cw > width && s[i] != ' ' && i > start) {
			size_t end, next;

			if (have_brk && col_at_brk > 0) {
				end = brk;
				next = brk;
			} else if (have_weak && col_at_weak > 0) {
				end = weak;
				next = weak;
			} else {
				end = i;
				next = i;
			}
			/* Spaces at the end of a screen line and at the start of
			 * the next are the break itself. */
			while (end > start && s[end - 1] == ' ') {
				end--;
			}
			while (next < n && s[next] == ' ') {
				next++;
			}
			add_line(w, xstrndup(s + start, end - start), tag);
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
	free(ok);
	{
		size_t end = n;

		while (end > start && s[end - 1] == ' ') {
			end--;
		}
		if (end > start || start == 0) {
			add_line(w, xstrndup(s + start, end - start), tag);
		}
	}
}

void
nr_wrap_text(struct nr_wrap *w, const char *text, int width, int tag)
{
	const char *p = text != NULL ? text : "";

	if (width < 1) {
		width = 1;
	}
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (memchr(p, '\t', n) != NULL) {
			char *line = expand_tabs(p, n);

			wrap_line(w, line, strlen(line), width, tag);
			free(line);
		} else {
			wrap_line(w, p, n, width, tag);
		}
		if (nl == NULL) {
			break;
		}
		p = nl + 1;
	}
}

void
nr_wrap_free(struct nr_wrap *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->lines[i].text);
		free(w->lines[i].spans);
	}
	free(w->lines);
	w->lines = NULL;
	w->n = 0;
	w->cap = 0;
}
