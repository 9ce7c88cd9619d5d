#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/text.h"
#include "util/date.h"
#include "util/utf8.h"

/* A date written near the top of an article is its date; one deep in the
 * prose is more likely a date the article talks about. */
#define DATE_SEARCH_BYTES 4096

/* Lines longer than this were not wrapped by a mail program or an editor. */
#define WRAP_MAX_COLS 80
/* Narrower "wrapping" is more likely verse or a list than prose. */
#define WRAP_MIN_COLS 45

/* One line of the sanitised text, trimmed; len 0 for a blank line. */
struct line {
	const char *s;
	size_t len;
	size_t cols;
};

struct lines {
	struct line *v;
	size_t n;
	size_t cap;
};

/* The paragraphs of the body, in order. */
struct paras {
	char **v;
	size_t n;
	size_t cap;
};

/* The byte length of the white-space character at s[0..n), or 0. Beyond
 * ASCII this covers the no-break and typographic spaces that pages use for
 * indentation, and a stray byte-order mark. */
static size_t
space_at(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	if (n >= 1 && (s[0] == ' ' || s[0] == '\t')) {
		return 1;
	}
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0) {
		return 2;
	}
	if (n < 3) {
		return 0;
	}
	if ((s[0] == 0xe2 && s[1] == 0x80 && (s[2] <= 0x8b || s[2] == 0xaf))
	    || (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
	    || (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
	    || (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
	    || (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)) {
		return 3;
	}
	return 0;
}

/* The byte length of the white-space character that ends s[0..n), or 0. */
static size_t
space_before(const char *s, size_t n)
{
	size_t k;

	for (k = 1; k <= 3 && k <= n; k++) {
		if (space_at(s + n - k, k) == k) {
			return k;
		}
	}
	return 0;
}

/* Punctuation that a scraper may add to or drop from the end of a copy. */
static size_t
trailing_punct_before(const char *str, size_t n)
{
	static const char *const marks[] = {
		"\xe2\x80\xa6",  /* … */
		"\xe2\x80\x9d",  /* ” */
		"\xe2\x80\x99",  /* ’ */
		"\xc2\xbb",      /* » */
	};
	size_t i, k;

	if (n >= 1 && str[n - 1] != '\0' && strchr(".,;:!?\"'", str[n - 1]) != NULL) {
		return 1;
	}
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		k = strlen(marks[i]);
		if (n >= k && memcmp(str + n - k, marks[i], k) == 0) {
			return k;
		}
	}
	return 0;
}

static size_t
count_cols(const char *s, size_t n)
{
	size_t i, cols = 0;

	/* Code points, not screen columns: the heuristics below must not
	 * depend on the locale. */
	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			cols++;
		}
	}
	return cols;
}

/* Trim s[0..*n) of white space at both ends; returns the new start. */
static const char *
trim(const char *s, size_t *n)
{
	size_t k;

	while (*n > 0 && (k = space_at(s, *n)) > 0) {
		s += k;
		*n -= k;
	}
	while (*n > 0 && (k = space_before(s, *n)) > 0) {
		*n -= k;
	}
	return s;
}

/* Append s[0..n) to b with runs of white space made one space. Runs of
 * ASCII blanks only: a lone no-break space inside a line means something. */
static void
add_collapsed(struct nr_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t') {
			while (i < n && (s[i] == ' ' || s[i] == '\t')) {
				i++;
			}
			nr_buf_addc(b, ' ');
		} else {
			nr_buf_addc(b, s[i]);
			i++;
		}
	}
}

/* What two copies of a paragraph have in common even when one has lost its
 * final full stop or gained a space: white space collapsed and trailing
 * punctuation removed. */
static char *
dedupe_key(const char *s, size_t n)
{
	struct nr_buf b = NR_BUF_INIT;
	size_t i = 0, k;
	int space = 0;

	while (i < n) {
		k = space_at(s + i, n - i);
		if (k > 0) {
			space = 1;
			i += k;
			continue;
		}
		if (space && b.len > 0) {
			nr_buf_addc(&b, ' ');
		}
		space = 0;
		nr_buf_addc(&b, s[i]);
		i++;
	}
	n = b.len;
	for (;;) {
		if ((k = trailing_punct_before(nr_buf_str(&b), n)) > 0
		    || (k = space_before(nr_buf_str(&b), n)) > 0) {
			n -= k;
		} else {
			break;
		}
	}
	if (b.data != NULL) {
		b.data[n] = '\0';
	}
	return nr_buf_steal(&b);
}

static int
is_nav_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"previous", "prev", "next", "older", "newer", "post", "posts",
		"article", "articles", "story", "stories", "entry", "entries",
		"page",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strlen(words[i]) == n && strncasecmp(words[i], w, n) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Words of sharing bars and "read more" links, in the languages the
 * catalogs cover (English, German, Albanian): a line of nothing else at
 * either end of an article is the page's, not the story's. Compared in
 * lower case (ASCII letters folded). */
static const char *const share_words[] = {
	"share", "this", "on", "tweet", "email", "e-mail", "print", "read", "more", "related", "comments",
	"comment", "facebook", "twitter", "x", "whatsapp", "linkedin", "pinterest", "telegram", "reddit",
	"copy", "link", "save", "follow", "us", "subscribe", "and", "or", "continue", "reading",
	"teilen", "drucken", "weiterlesen", "mehr", "lesen", "zur\xc3\xbc" "ck", "weiter", "vorheriger",
	"n\xc3\xa4" "chster", "beitrag", "artikel", "kommentare", "auf", "diesen",
	"shp\xc3\xabrndaje", "shp\xc3\xabrndaj", "lexo", "m\xc3\xab", "shum\xc3\xab", "lajmi", "i",
	"m\xc3\xabparsh\xc3\xabm", "radh\xc3\xabs", "tjet\xc3\xabr", "postimi", "artikulli", "komente",
	NULL,
};

static int
is_share_word(const char *w, size_t n)
{
	size_t i;

	for (i = 0; share_words[i] != NULL; i++) {
		if (strlen(share_words[i]) == n && strncasecmp(share_words[i], w, n) == 0) {
			return 1;
		}
	}
	return is_nav_word(w, n);
}

/* The byte length of a separator of a sharing bar at s[0..n): white
 * space, ASCII : | / -, or · • « » ← →; 0 if none. */
static size_t
sep_at(const char *s, size_t n)
{
	static const char *const seps[] = {
		"\xc2\xb7", "\xe2\x80\xa2", "\xc2\xab", "\xc2\xbb", "\xe2\x86\x90", "\xe2\x86\x92",
	};
	size_t i, k;

	if (n > 0 && strchr(" \t:|/-", s[0]) != NULL && s[0] != '\0') {
		return 1;
	}
	if ((k = space_at(s, n)) > 0) {
		return k;
	}
	for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		k = strlen(seps[i]);
		if (n >= k && memcmp(s, seps[i], k) == 0) {
			return k;
		}
	}
	return 0;
}

static int
is_joining(const char *w, size_t n)
{
	static const char *const joins[] = { "and", "or", "on", "i", "us", "this", "auf", "m\xc3\xab", NULL };
	size_t i;

	for (i = 0; joins[i] != NULL; i++) {
		if (strlen(joins[i]) == n && strncasecmp(joins[i], w, n) == 0) {
			return 1;
		}
	}
	return 0;
}

/* A line of only share and navigation words ("Share this:", "Read more",
 * "Teilen", "Lexo më shumë"), with the punctuation between them;
 * at most eight words, and at least one that is no joining word. */
static int
is_share_line(const struct line *l)
{
	const char *s = l->s;
	size_t n = l->len, i = 0, j, k, words = 0, strong = 0;

	while (i < n) {
		if ((k = sep_at(s + i, n - i)) > 0) {
			i += k;
			continue;
		}
		j = i;
		while (j < n && sep_at(s + j, n - j) == 0) {
			j++;
		}
		/* "Share!" and "Teilen," but not "Next.", which ends a
		 * sentence. */
		k = j;
		while (k > i && strchr(",!", s[k - 1]) != NULL) {
			k--;
		}
		if (k == i || !is_share_word(s + i, k - i)) {
			return 0;
		}
		words++;
		strong += !is_joining(s + i, k - i);
		i = j;
	}
	return words > 0 && words <= 8 && strong > 0;
}

/* A line such as "Previous Post Next Post" or "« Older posts": only the
 * words and arrows of a blog's navigation, at least one word. */
static int
is_nav_line(const struct line *l)
{
	static const char *const marks[] = {
		"\xc2\xab",      /* « */
		"\xc2\xbb",      /* » */
		"\xe2\x80\xb9",  /* ‹ */
		"\xe2\x80\xba",  /* › */
		"\xe2\x86\x90",  /* ← */
		"\xe2\x86\x92",  /* → */
		"|", "-", "/",
	};
	const char *s = l->s;
	size_t n = l->len, i = 0, j, k, m;
	int words = 0;

	while (i < n) {
		if ((k = space_at(s + i, n - i)) > 0) {
			i += k;
			continue;
		}
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) {
			j = i;
			while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) {
				j++;
			}
			if (!is_nav_word(s + i, j - i)) {
				return 0;
			}
			words++;
			i = j;
			continue;
		}
		for (m = 0; m < sizeof(marks) / sizeof(marks[0]); m++) {
			k = strlen(marks[m]);
			if (n - i >= k && memcmp(s + i, marks[m], k) == 0) {
				break;
			}
		}
		if (m == sizeof(marks) / sizeof(marks[0])) {
			return 0;
		}
		i += k;
	}
	return words > 0;
}

static void
split_lines(const char *text, struct lines *out)
{
	const char *p = text, *nl;
	struct line l;

	for (;;) {
		nl = strchr(p, '\n');
		l.len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		l.s = trim(p, &l.len);
		l.cols = count_cols(l.s, l.len);
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 64;
			out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
		}
		out->v[out->n++] = l;
		if (nl == NULL) {
			break;
		}
		p = nl + 1;
	}
}

/* Hard-wrapped text (mail, text typed in an editor) has blocks of several
 * lines that all end near the same column, and almost no line past 80
 * columns. Text saved from a web page has one paragraph per line, most of
 * them long; a block of several lines there is a caption or a list. */
static int
is_hard_wrapped(const struct line *v, size_t n, size_t *width)
{
	size_t i, lines = 0, longs = 0, inner = 0, similar = 0, w = 0;

	for (i = 0; i < n; i++) {
		if (v[i].len == 0) {
			continue;
		}
		lines++;
		if (v[i].cols > WRAP_MAX_COLS) {
			longs++;
		}
		/* Inner lines: those followed by another line of their block;
		 * a block's last line is as short as its paragraph ends. */
		if (i + 1 < n && v[i + 1].len > 0) {
			inner++;
			if (v[i].cols <= WRAP_MAX_COLS && v[i].cols > w) {
				w = v[i].cols;
			}
		}
	}
	if (inner == 0 || longs * 4 > lines || w < WRAP_MIN_COLS) {
		return 0;
	}
	for (i = 0; i + 1 < n; i++) {
		if (v[i].len > 0 && v[i + 1].len > 0 && v[i].cols <= WRAP_MAX_COLS
		    && v[i].cols * 10 >= w * 6) {
			similar++;
		}
	}
	*width = w;
	return similar * 3 >= inner * 2;
}

static int
starts_list_item(const struct line *l)
{
	const char *s = l->s;
	size_t i = 0;

	if (l->len >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') {
		return 1;
	}
	if (l->len >= 4 && memcmp(s, "\xe2\x80\xa2 ", 4) == 0) {  /* • */
		return 1;
	}
	while (i < l->len && i < 3 && s[i] >= '0' && s[i] <= '9') {
		i++;
	}
	return i > 0 && i + 1 < l->len && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

static size_t
first_word_cols(const struct line *l)
{
	size_t i = 0;

	while (i < l->len && l->s[i] != ' ') {
		i++;
	}
	return count_cols(l->s, i);
}

/* Whether the line after l carries on l's sentence: l does not end one and
 * the next line starts in lower case. Text saved from a page has one
 * paragraph per line, but a line broken by hand still reads as one. */
static int
continues(const struct line *l, const struct line *next)
{
	static const char *const ends[] = {
		".", "!", "?", ":", ";", "\"", "'", ")", "]",
		"\xe2\x80\xa6", "\xe2\x80\x9d", "\xe2\x80\x99", "\xc2\xbb",
	};
	size_t i, k;

	if (next->len == 0 || next->s[0] < 'a' || next->s[0] > 'z') {
		return 0;
	}
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		k = strlen(ends[i]);
		if (l->len >= k && memcmp(l->s + l->len - k, ends[i], k) == 0) {
			return 0;
		}
	}
	return 1;
}

/* In wrapped text a line ends its paragraph early only on purpose (a
 * signature, an address): when it is short and the next word would have
 * fitted after it. */
static int
ends_on_purpose(const struct line *l, const struct line *next, size_t width)
{
	return l->cols * 2 < width && l->cols + 1 + first_word_cols(next) <= width
	    && !continues(l, next);
}

static void
paras_add(struct paras *p, char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	p->v[p->n++] = s;
}

static int
same_text(const struct line *a, const struct line *b)
{
	char *ka, *kb;
	int same;

	if (a->len == b->len && memcmp(a->s, b->s, a->len) == 0) {
		return 1;
	}
	ka = dedupe_key(a->s, a->len);
	kb = dedupe_key(b->s, b->len);
	same = strcmp(ka, kb) == 0;
	free(ka);
	free(kb);
	return same;
}

/* Join the blocks of wrapped text into paragraphs. */
static void
join_blocks(const struct line *v, size_t n, size_t width, struct paras *out)
{
	struct nr_buf b = NR_BUF_INIT;
	size_t i = 0, start;
	int list;

	while (i < n) {
		if (v[i].len == 0) {
			i++;
			continue;
		}
		start = i;
		list = starts_list_item(&v[i]);
		for (; i < n && v[i].len > 0; i++) {
			if (i > start && same_text(&v[i - 1], &v[i])) {
				continue;
			}
			if (i > start && ((list && starts_list_item(&v[i]))
			    || ends_on_purpose(&v[i - 1], &v[i], width))) {
				paras_add(out, nr_buf_steal(&b));
			}
			if (b.len > 0) {
				nr_buf_addc(&b, ' ');
			}
			add_collapsed(&b, v[i].s, v[i].len);
		}
		paras_add(out, nr_buf_steal(&b));
	}
	nr_buf_free(&b);
}

static void
each_line(const struct line *v, size_t n, struct paras *out)
{
	struct nr_buf b = NR_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].len == 0) {
			continue;
		}
		if (b.len > 0) {
			nr_buf_addc(&b, ' ');
		}
		add_collapsed(&b, v[i].s, v[i].len);
		if (i + 1 < n && continues(&v[i], &v[i + 1])) {
			continue;
		}
		paras_add(out, nr_buf_steal(&b));
	}
	nr_buf_free(&b);
}

/* How badly a copy ends: one stop is best, none is next, and a doubled
 * one ("countries..", a scraper's typo) is worst. */
static size_t
ending_flaw(const char *s)
{
	size_t n = strlen(s), run = 0;

	while (n > 0 && strchr(".,;:!?", s[n - 1]) != NULL) {
		n--;
		run++;
	}
	return run == 1 ? 0 : run == 0 ? 1 : run;
}

/* Join the paragraphs with blank lines, each kept once when a copy follows
 * it (the title counts as the paragraph before the first); of two copies
 * the one that ends better is kept. */
static char *
join_paras(const char *title, struct paras *p)
{
	struct nr_buf b = NR_BUF_INIT;
	char *prev = dedupe_key(title, strlen(title)), *key;
	size_t *keep = xcalloc(p->n + 1, sizeof *keep);
	size_t i, nkeep = 0;
	int prev_is_title = 1;

	for (i = 0; i < p->n; i++) {
		key = dedupe_key(p->v[i], strlen(p->v[i]));
		if (strcmp(key, prev) == 0) {
			if (!prev_is_title && ending_flaw(p->v[i]) < ending_flaw(p->v[keep[nkeep - 1]])) {
				keep[nkeep - 1] = i;
			}
			free(key);
			continue;
		}
		free(prev);
		prev = key;
		prev_is_title = 0;
		keep[nkeep++] = i;
	}
	for (i = 0; i < nkeep; i++) {
		if (b.len > 0) {
			nr_buf_adds(&b, "\n\n");
		}
		nr_buf_adds(&b, p->v[keep[i]]);
	}
	free(prev);
	free(keep);
	return b.len > 0 ? nr_buf_steal(&b) : NULL;
}

static int
ends_sentence(const struct line *l)
{
	static const char *const ends[] = {
		".", "!", "?", "\"", "\xe2\x80\xa6", "\xe2\x80\x9d", "\xe3\x80\x82", "\xef\xbc\x81",
		"\xef\xbc\x9f",
	};
	size_t i, k;

	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		k = strlen(ends[i]);
		if (l->len >= k && memcmp(l->s + l->len - k, ends[i], k) == 0) {
			return 1;
		}
	}
	return 0;
}

static size_t
line_words(const struct line *l)
{
	size_t i, w = 0;
	int in = 0;

	for (i = 0; i < l->len; i++) {
		if (l->s[i] == ' ') {
			in = 0;
		} else if (!in) {
			in = 1;
			w++;
		}
	}
	return w;
}

/* A line that is only a date ("February 20, 2022", "20.02.2022 10:15"):
 * its time, or NR_TIME_UNKNOWN. */
static int64_t
dateline(const struct line *l)
{
	char *s;
	int64_t t;

	if (l->cols > 40 || line_words(l) > 6 || ends_sentence(l)) {
		return NR_TIME_UNKNOWN;
	}
	s = xstrndup(l->s, l->len);
	t = nr_date_find_in_text(s, l->len);
	free(s);
	return t;
}

/* "By Name", "Von Name", "Nga Name": the name, a new string, or NULL. */
static char *
byline(const struct line *l)
{
	static const char *const by[] = { "by ", "von ", "nga ", "par ", "por ", "door ", "written by " };
	size_t i, k, n;
	const char *p, *cut;

	if (l->cols > 80 || line_words(l) > 9 || ends_sentence(l)) {
		return NULL;
	}
	for (i = 0; i < sizeof by / sizeof by[0]; i++) {
		k = strlen(by[i]);
		if (l->len > k && strncasecmp(l->s, by[i], k) == 0 && l->s[k] != ' ') {
			break;
		}
	}
	if (i == sizeof by / sizeof by[0]) {
		return NULL;
	}
	/* A name starts with a capital letter (or a letter of a script
	 * without case): "by the river" is no byline. */
	p = l->s + k;
	if (*p >= 'a' && *p <= 'z') {
		return NULL;
	}
	n = l->len - k;
	if ((cut = memchr(p, '|', n)) != NULL) {
		n = (size_t)(cut - p);
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == ',')) {
		n--;
	}
	return n > 0 ? xstrndup(p, n) : NULL;
}

/* An image's caption as a page saved to text gives it: a short line that
 * is no sentence, twice in a row (the image's text and its caption).
 * Both copies go. */
static void
drop_captions(struct line *v, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (v[i].len > 0 && line_words(&v[i]) <= 15 && !ends_sentence(&v[i]) && same_text(&v[i], &v[i + 1])) {
			v[i].len = 0;
			v[i + 1].len = 0;
		}
	}
}

int
nr_text_parse(const char *data, size_t n, int64_t mtime, struct nr_item *item, struct nr_err *err)
{
	struct lines ls = { NULL, 0, 0 };
	struct paras ps = { NULL, 0, 0 };
	struct nr_buf title = NR_BUF_INIT;
	struct line *body;
	size_t i, nbody, width = 0, seen;
	char *text, *author = NULL;
	int64_t published, t;

	if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		n -= 3;
	}
	text = nr_utf8_sanitize(data, n, NR_SAN_NEWLINES);
	split_lines(text, &ls);
	for (i = 0; i < ls.n && ls.v[i].len == 0; i++) {
		continue;
	}
	if (i == ls.n) {
		free(ls.v);
		free(text);
		nr_err_set(err, NR_ERR_EMPTY, "%s", _("the file holds no text"));
		return -1;
	}
	add_collapsed(&title, ls.v[i].s, ls.v[i].len);
	body = ls.v + i + 1;
	nbody = ls.n - i - 1;

	/* Drop the navigation and sharing lines at both ends, and the blank
	 * lines between. */
	while (nbody > 0 && (body[nbody - 1].len == 0 || is_nav_line(&body[nbody - 1])
	    || is_share_line(&body[nbody - 1]))) {
		nbody--;
	}
	while (nbody > 0 && (body[0].len == 0 || is_nav_line(&body[0]) || is_share_line(&body[0]))) {
		body++;
		nbody--;
	}
	/* Under the title: the dateline and the byline, which the reader
	 * shows in its header. */
	published = NR_TIME_UNKNOWN;
	for (i = 0, seen = 0; i < nbody && seen < 4; i++) {
		if (body[i].len == 0) {
			continue;
		}
		seen++;
		if (published == NR_TIME_UNKNOWN && (t = dateline(&body[i])) != NR_TIME_UNKNOWN) {
			published = t;
			body[i].len = 0;
		} else if (author == NULL && (author = byline(&body[i])) != NULL) {
			body[i].len = 0;
		}
	}
	drop_captions(body, nbody);

	if (is_hard_wrapped(body, nbody, &width)) {
		join_blocks(body, nbody, width, &ps);
	} else {
		each_line(body, nbody, &ps);
	}

	free(item->title);
	item->title = nr_buf_steal(&title);
	free(item->content);
	item->content = join_paras(item->title, &ps);
	item->content_type = item->content != NULL ? NR_BODY_TEXT : NR_BODY_NONE;
	item->published = published != NR_TIME_UNKNOWN ? published : nr_date_find_in_text(text, DATE_SEARCH_BYTES);
	if (item->published == NR_TIME_UNKNOWN) {
		item->published = mtime;
	}
	if (author != NULL) {
		free(item->author);
		item->author = author;
	}

	for (i = 0; i < ps.n; i++) {
		free(ps.v[i]);
	}
	free(ps.v);
	free(ls.v);
	free(text);
	nr_buf_free(&title);
	return 0;
}
