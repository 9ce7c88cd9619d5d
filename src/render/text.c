#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"
#include "render/flow_int.h"
#include "render/render.h"
#include "util/utf8.h"

/*
 * Plain-text bodies. The text is cut into paragraphs at blank lines, and
 * each paragraph's lines are read one by one:
 *
 * - A line that looks preformatted is kept as it is (cut only where it is
 *   wider than the screen, tabs expanded): it starts with a tab or four
 *   spaces (code), starts with '|', "+-" or "+=" (an ASCII table row) or
 *   '>' (a quotation in mail), holds a box-drawing character, holds three
 *   spaces in a row between words (aligned columns), or is a rule or an
 *   underline (three or more of one of - = _ * # ~ and nothing else).
 * - A line that starts a list item ("- ", "* ", "+ ", "• ", "1. ", "1) ",
 *   indented by at most three spaces) begins an item: the lines after it in
 *   the paragraph are its text, laid out with a hanging indent under it.
 * - In a paragraph of two or more lines that are all short (under 48
 *   columns: a poem, an address, a signature, "Name: value" lines), each
 *   line stays a line of its own; only a line wider than the screen wraps.
 * - Any other line is prose: the paragraph's prose lines are joined with a
 *   space and re-flowed to the width.
 *
 * Bare URLs (http://, https://, ftp://, mailto:, www.) are numbered as
 * links are in HTML; punctuation that ends a sentence after one, and a
 * closing bracket that it did not open, are not part of it.
 */

#define VERSE_COLS 48

struct tx {
	struct nr_wrap *out;
	struct nr_links *links;
	const struct nr_render_opts *opts;
	int width;
	struct nr_run run;      /* the prose or item being gathered */
	struct nr_run first, rest;
	int item;               /* run is a list item: first/rest are its prefixes */
	int started, blank;
};

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] != ' ' && s[i] != '\t') {
			return 0;
		}
	}
	return 1;
}

static void
emit(struct tx *t, const struct nr_run *r, int flags, const struct nr_run *first, const struct nr_run *rest)
{
	if (t->blank && t->started) {
		nr_wrap_add(t->out, "", t->opts->tag);
	}
	t->blank = 0;
	if (nr_flow(t->out, t->opts->tag, t->width, r, 0, r->len, first, rest, flags) > 0) {
		t->started = 1;
	}
}

static void
flush(struct tx *t)
{
	nr_run_trim(&t->run);
	if (t->run.len > 0) {
		emit(t, &t->run, 0, t->item ? &t->first : NULL, t->item ? &t->rest : NULL);
	}
	nr_run_reset(&t->run);
	t->item = 0;
}

/*
 * Bare URLs.
 */

static const char *const url_starts[] = { "http://", "https://", "ftp://", "mailto:", "www." };

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The length of the URL starting at w[0..n), or 0 if none starts there. */
static size_t
url_at(const char *w, size_t n)
{
	size_t i, k, e, plen = 0;
	long open;

	for (i = 0; i < sizeof url_starts / sizeof url_starts[0]; i++) {
		size_t l = strlen(url_starts[i]);

		if (n > l && strncasecmp(w, url_starts[i], l) == 0) {
			plen = l;
			break;
		}
	}
	if (plen == 0) {
		return 0;
	}
	for (e = plen; e < n && w[e] != '<' && w[e] != '>' && w[e] != '"' && w[e] != '`'; e++) {
		continue;
	}
	/* Sentence punctuation after a URL is the sentence's; a closing
	 * bracket is the URL's only if it closes one opened inside it. */
	while (e > plen) {
		char c = w[e - 1];

		if (c == ')' || c == ']') {
			char o = c == ')' ? '(' : '[';

			open = 0;
			for (k = 0; k < e - 1; k++) {
				open += w[k] == o;
				open -= w[k] == c;
			}
			if (open > 0) {
				break;
			}
			e--;
		} else if (strchr(".,;:!?'*", c) != NULL) {
			e--;
		} else {
			break;
		}
	}
	if (e <= plen || (w[0] == 'w' && memchr(w + plen, '.', e - plen) == NULL)) {
		return 0;
	}
	return e;
}

static void
put(struct nr_run *r, const char *s, size_t n, unsigned attrs, int *first)
{
	if (*first) {
		nr_run_add_word(r, s, n, attrs);
		*first = 0;
	} else {
		nr_run_add(r, s, n, attrs);
	}
}

/* Add the word w[0..n) (no white space in it), its URLs as links. With
 * first, an owed space is paid before it. */
static void
add_word(struct tx *t, struct nr_run *r, const char *w, size_t n, int first)
{
	size_t i = 0, k, len;

	for (k = 0; k < n; k++) {
		char *href, *url;

		if ((k > 0 && is_alnum(w[k - 1])) || (len = url_at(w + k, n - k)) == 0) {
			continue;
		}
		if (k > i) {
			put(r, w + i, k - i, 0, &first);
		}
		href = strncasecmp(w + k, "www.", 4) == 0 ? xasprintf("http://%.*s", (int)len, w + k)
		    : xstrndup(w + k, len);
		url = nr_render_clean_url(href, NULL);
		put(r, w + k, len, url != NULL ? NR_TA_LINK : 0, &first);
		if (url != NULL && t->links != NULL) {
			nr_run_add_linknum(r, nr_links_add(t->links, url, NR_LINK_LINK));
		}
		free(href);
		free(url);
		k += len - 1;
		i = k + 1;
	}
	if (i < n) {
		put(r, w + i, n - i, 0, &first);
	}
}

/* Add s[0..n) to r: with keep, as it is (tabs expanded); else white space
 * collapsed. */
static void
add_text(struct tx *t, struct nr_run *r, const char *s, size_t n, int keep)
{
	size_t i = 0, j;
	int col = 0;

	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t') {
			if (!keep) {
				if (r->len > 0 && r->s[r->len - 1] != '\n') {
					r->space = 1;
				}
			} else if (s[i] == ' ') {
				nr_run_add(r, " ", 1, 0);
				col++;
			} else {
				do {
					nr_run_add(r, " ", 1, 0);
					col++;
				} while (col % 8 != 0);
			}
			i++;
			continue;
		}
		for (j = i; j < n && s[j] != ' ' && s[j] != '\t'; j++) {
			continue;
		}
		add_word(t, r, s + i, j - i, !keep);
		if (keep) {
			col += nr_run_cols(s + i, j - i);
		}
		i = j;
	}
}

/*
 * Line classes.
 */

/* The length of a list marker and its space at the start of s[0..n), or 0. */
static size_t
list_marker(const char *s, size_t n)
{
	size_t i = 0, d;

	while (i < n && i < 4 && s[i] == ' ') {
		i++;
	}
	if (i > 3 || i >= n) {
		return 0;
	}
	if (strchr("-*+", s[i]) != NULL) {
		i++;
	} else if (n - i >= 3 && memcmp(s + i, "\xe2\x80\xa2", 3) == 0) {
		i += 3;
	} else {
		for (d = 0; i < n && d < 4 && s[i] >= '0' && s[i] <= '9'; i++, d++) {
			continue;
		}
		if (d == 0 || d > 3 || i >= n || (s[i] != '.' && s[i] != ')')) {
			return 0;
		}
		i++;
	}
	if (i + 1 >= n || s[i] != ' ' || s[i + 1] == ' ') {
		return 0;
	}
	return i + 1;
}

static int
preformatted(const char *s, size_t n)
{
	size_t i = 0, j;

	if (n == 0) {
		return 0;
	}
	if (s[0] == '\t' || (n >= 4 && memcmp(s, "    ", 4) == 0) || s[0] == '>') {
		return 1;
	}
	while (i < n && s[i] == ' ') {
		i++;
	}
	if (i < n && (s[i] == '|' || (s[i] == '+' && i + 1 < n && (s[i + 1] == '-' || s[i + 1] == '=')))) {
		return 1;
	}
	/* A rule or an underline. */
	if (n - i >= 3 && strchr("-=_*#~", s[i]) != NULL) {
		for (j = i; j < n && s[j] == s[i]; j++) {
			continue;
		}
		if (j == n) {
			return 1;
		}
	}
	for (j = i; j < n; j++) {
		unsigned char c = (unsigned char)s[j];

		/* U+2500..U+259F: box drawing and blocks (E2 94 80 - E2 96 9F). */
		if (c == 0xe2 && j + 1 < n && (unsigned char)s[j + 1] >= 0x94 && (unsigned char)s[j + 1] <= 0x96) {
			return 1;
		}
		if (j + 3 < n && s[j] == ' ' && s[j + 1] == ' ' && s[j + 2] == ' ' && j > i
		    && s[j - 1] != ' ') {
			return 1;
		}
	}
	return 0;
}

struct line {
	const char *s;
	size_t n;
};

static void
paragraph(struct tx *t, const struct line *l, size_t nl)
{
	struct nr_run one = NR_RUN_INIT;
	size_t i, m;
	int verse = nl >= 2;

	for (i = 0; i < nl && verse; i++) {
		if (list_marker(l[i].s, l[i].n) > 0 || nr_run_cols(l[i].s, l[i].n) >= VERSE_COLS) {
			verse = 0;
		}
	}
	for (i = 0; i < nl; i++) {
		const char *s = l[i].s;
		size_t n = l[i].n;

		if (preformatted(s, n)) {
			flush(t);
			nr_run_reset(&one);
			add_text(t, &one, s, n, 1);
			emit(t, &one, NR_FLOW_PRE, NULL, NULL);
		} else if (verse) {
			flush(t);
			nr_run_reset(&one);
			add_text(t, &one, s, n, 0);
			nr_run_trim(&one);
			emit(t, &one, 0, NULL, NULL);
		} else if ((m = list_marker(s, n)) > 0) {
			size_t k;

			flush(t);
			t->item = 1;
			nr_run_reset(&t->first);
			nr_run_reset(&t->rest);
			for (k = 0; k < m && s[k] == ' '; k++) {
				nr_run_add(&t->first, " ", 1, 0);
			}
			nr_run_add(&t->first, s + k, m - k, NR_TA_DECOR);
			for (k = (size_t)nr_run_cols(s, m); k > 0; k--) {
				nr_run_add(&t->rest, " ", 1, 0);
			}
			add_text(t, &t->run, s + m, n - m, 0);
		} else {
			add_text(t, &t->run, s, n, 0);
			t->run.space = t->run.len > 0;
		}
	}
	flush(t);
	nr_run_free(&one);
}

void
nr_render_text(struct nr_wrap *out, struct nr_links *links, const char *text, size_t len,
    const struct nr_render_opts *opts)
{
	struct tx t;
	struct line *lines = NULL;
	size_t nlines = 0, cap = 0, i, p;
	char *clean = nr_utf8_sanitize(text != NULL ? text : "", text != NULL ? len : 0,
	    NR_SAN_NEWLINES | NR_SAN_TABS);
	const char *s = clean;

	memset(&t, 0, sizeof t);
	t.out = out;
	t.links = links;
	t.opts = opts;
	t.width = opts->width < 1 ? 1 : opts->width;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);

		if (nlines == cap) {
			cap = cap ? cap * 2 : 64;
			lines = xreallocarray(lines, cap, sizeof *lines);
		}
		/* Spaces at the end of a line are not seen. */
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
			n--;
		}
		lines[nlines].s = s;
		lines[nlines].n = n;
		nlines++;
		if (nl == NULL) {
			break;
		}
		s = nl + 1;
	}
	for (i = 0; i < nlines;) {
		if (is_blank(lines[i].s, lines[i].n)) {
			i++;
			continue;
		}
		for (p = i; i < nlines && !is_blank(lines[i].s, lines[i].n); i++) {
			continue;
		}
		paragraph(&t, lines + p, i - p);
		t.blank = 1;
	}
	free(lines);
	free(clean);
	nr_run_free(&t.run);
	nr_run_free(&t.first);
	nr_run_free(&t.rest);
}
