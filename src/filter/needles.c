/*
 * What every match of a regular expression must contain (filter/needles.h).
 * A recursive descent over POSIX extended syntax, as regcomp(3) with
 * REG_EXTENDED reads it in glibc:
 *   https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/V1_chap09.html#tag_09_04
 *
 * Each part of the pattern gives what it needs of a match (conditions,
 * all of which hold) and, when it matches exactly one text, that text, so
 * that consecutive plain characters and groups make one literal: "linux
 * kernel" needs "linux kernel", not only "kernel". Whatever this reading
 * is unsure of needs nothing: an atom that may be absent, an atom other
 * than a plain ASCII character, and any pattern whose syntax it does not
 * follow (the whole pattern then needs nothing).
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "filter/needles.h"

/* Groups nested deeper than this: nothing is told. */
#define MAX_NEST 32

/* At most this many conditions are kept (the longest), and this many
 * literals in one alternation's condition. */
#define MAX_NEEDS 6
#define MAX_ALTS 16

/* Characters that a backslash makes plain. */
#define SPECIALS ".[]()*+?{}|^$\\"

struct info {
	int exact;                      /* matches exactly ex */
	struct nr_buf ex;
	struct nr_buf prefix;           /* a leading ^'s literal */
	struct nr_filter_need *needs;
	size_t nneeds;
};

struct reader {
	const char *p;
	int icase;
	int bad;                        /* the syntax was not followed */
	int depth;
};

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static void
need_free(struct nr_filter_need *n)
{
	size_t i;

	for (i = 0; i < n->nlits; i++) {
		free(n->lits[i]);
	}
	free(n->lits);
	free(n->lens);
	n->lits = NULL;
	n->lens = NULL;
	n->nlits = 0;
}

/* A condition's worth: its shortest literal's length. */
static size_t
need_len(const struct nr_filter_need *n)
{
	size_t i, min = (size_t)-1;

	for (i = 0; i < n->nlits; i++) {
		size_t len = strlen(n->lits[i]);

		min = len < min ? len : min;
	}
	return n->nlits > 0 ? min : 0;
}

/* Add need to info (taken), keeping the MAX_NEEDS longest. */
static void
info_need(struct info *in, struct nr_filter_need need)
{
	size_t i, weakest = 0;

	if (need.nlits == 0 || need_len(&need) == 0) {
		need_free(&need);
		return;
	}
	/* The same literal twice says nothing more (a group's, and the
	 * group's once it is repeated). */
	for (i = 0; need.nlits == 1 && i < in->nneeds; i++) {
		if (in->needs[i].nlits == 1 && strcmp(in->needs[i].lits[0], need.lits[0]) == 0) {
			need_free(&need);
			return;
		}
	}
	if (in->nneeds < MAX_NEEDS) {
		in->needs = xreallocarray(in->needs, in->nneeds + 1, sizeof *in->needs);
		in->needs[in->nneeds++] = need;
		return;
	}
	for (i = 1; i < in->nneeds; i++) {
		if (need_len(&in->needs[i]) < need_len(&in->needs[weakest])) {
			weakest = i;
		}
	}
	if (need_len(&need) > need_len(&in->needs[weakest])) {
		need_free(&in->needs[weakest]);
		in->needs[weakest] = need;
	} else {
		need_free(&need);
	}
}

/* Add the literal s (n bytes) as a condition of its own. */
static void
info_need_lit(struct info *in, const char *s, size_t n)
{
	struct nr_filter_need need;

	if (n == 0) {
		return;
	}
	need.lens = NULL;
	need.lits = xmalloc(sizeof *need.lits);
	need.lits[0] = xmalloc(n + 1);
	memcpy(need.lits[0], s, n);
	need.lits[0][n] = '\0';
	need.nlits = 1;
	info_need(in, need);
}

static void
info_free(struct info *in)
{
	size_t i;

	for (i = 0; i < in->nneeds; i++) {
		need_free(&in->needs[i]);
	}
	free(in->needs);
	nr_buf_free(&in->ex);
	nr_buf_free(&in->prefix);
	memset(in, 0, sizeof *in);
}

/* Move src's conditions into dst. */
static void
info_take_needs(struct info *dst, struct info *src)
{
	size_t i;

	for (i = 0; i < src->nneeds; i++) {
		info_need(dst, src->needs[i]);
	}
	free(src->needs);
	src->needs = NULL;
	src->nneeds = 0;
}

/* Past a character of the pattern that is not ASCII: all its bytes, so
 * that a repetition after it is read as applying to it, as in a UTF-8
 * locale. (In another, it applies to the last byte: either way, the
 * character needs nothing.) */
static void
skip_char(struct reader *r)
{
	r->p++;
	while (((unsigned char)*r->p & 0xc0) == 0x80) {
		r->p++;
	}
}

/* Past a bracket expression, r->p at its "[". */
static void
skip_bracket(struct reader *r)
{
	const char *p = r->p + 1;

	if (*p == '^') {
		p++;
	}
	/* A "]" first is one of the set. */
	if (*p == ']') {
		p++;
	}
	for (;;) {
		if (*p == '\0') {
			r->bad = 1;
			return;
		}
		if (*p == ']') {
			r->p = p + 1;
			return;
		}
		if (*p == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			char close = p[1];

			p += 2;
			while (*p != '\0' && !(*p == close && p[1] == ']')) {
				p++;
			}
			if (*p == '\0') {
				r->bad = 1;
				return;
			}
			p += 2;
			continue;
		}
		p++;
	}
}

/* A number of an interval: -1 if there is none. */
static long
read_count(struct reader *r)
{
	long n = -1;

	while (*r->p >= '0' && *r->p <= '9') {
		n = (n < 0 ? 0 : n) * 10 + (*r->p - '0');
		if (n > 100000) {
			n = 100000;
		}
		r->p++;
	}
	return n;
}

/* The repetitions after an atom: *min1 whether it must be there at least
 * once, *once whether exactly once. */
static void
read_repeats(struct reader *r, int *min1, int *once)
{
	*min1 = 1;
	*once = 1;
	for (;;) {
		long m, n;

		switch (*r->p) {
		case '*':
		case '?':
			*min1 = 0;
			*once = 0;
			r->p++;
			continue;
		case '+':
			*once = 0;
			r->p++;
			continue;
		case '{':
			r->p++;
			m = read_count(r);
			n = m;
			if (*r->p == ',') {
				r->p++;
				n = read_count(r);
				if (m < 0) {
					/* "{,n}": glibc reads it as {0,n}. */
					m = 0;
				}
			} else if (m < 0) {
				r->bad = 1;
				return;
			}
			if (*r->p != '}') {
				r->bad = 1;
				return;
			}
			r->p++;
			if (m == 0) {
				*min1 = 0;
			}
			if (m != 1 || n != 1) {
				*once = 0;
			}
			continue;
		default:
			return;
		}
	}
}

static void read_alt(struct reader *r, struct info *out);

/* One branch: a concatenation, up to "|", ")" or the end. */
static void
read_branch(struct reader *r, struct info *out)
{
	struct nr_buf run = NR_BUF_INIT;
	/* 0: nothing yet; 1: after a leading ^, its literal being read;
	 * 2: past it. */
	int prefix_state = 0, first = 1;

	memset(out, 0, sizeof *out);
	out->exact = 1;
	while (!r->bad && *r->p != '\0' && *r->p != '|' && *r->p != ')') {
		struct info it;
		int anchor = 0, min1, once;
		char c = *r->p;

		memset(&it, 0, sizeof it);
		switch (c) {
		case '^':
		case '$':
			anchor = 1;
			r->p++;
			break;
		case '(':
			r->p++;
			if (++r->depth > MAX_NEST) {
				r->bad = 1;
				break;
			}
			read_alt(r, &it);
			r->depth--;
			if (*r->p != ')') {
				r->bad = 1;
				break;
			}
			r->p++;
			/* What the group's own leading ^ said is not the
			 * pattern's prefix. */
			nr_buf_reset(&it.prefix);
			break;
		case '.':
			r->p++;
			break;
		case '[':
			skip_bracket(r);
			break;
		case '\\':
			r->p++;
			if (*r->p == '\0') {
				r->bad = 1;
			} else if (strchr(SPECIALS, *r->p) != NULL) {
				it.exact = 1;
				nr_buf_addc(&it.ex, *r->p);
				r->p++;
			} else if ((unsigned char)*r->p >= 0x80) {
				skip_char(r);
			} else {
				/* \w, \b, \<, a backreference...: an atom that
				 * is not a plain character. */
				r->p++;
			}
			break;
		case '*':
		case '+':
		case '?':
		case '{':
			/* A repetition of nothing: not followed. */
			r->bad = 1;
			break;
		default:
			if ((unsigned char)c >= 0x80) {
				skip_char(r);
			} else {
				it.exact = 1;
				nr_buf_addc(&it.ex, r->icase ? lower(c) : c);
				r->p++;
			}
			break;
		}
		if (r->bad) {
			info_free(&it);
			break;
		}
		if (anchor) {
			if (*r->p == '*' || *r->p == '+' || *r->p == '?' || *r->p == '{') {
				r->bad = 1;
				break;
			}
			min1 = 1;
			once = 1;
		} else {
			read_repeats(r, &min1, &once);
			if (r->bad) {
				info_free(&it);
				break;
			}
		}
		if (!min1) {
			/* May be absent: needs nothing. */
			info_free(&it);
		} else if (!once) {
			/* Once or more: what it needs, but no exact text. */
			if (it.exact) {
				info_need_lit(&it, it.ex.len > 0 ? nr_buf_str(&it.ex) : "", it.ex.len);
			}
			it.exact = 0;
		}
		if (it.exact) {
			nr_buf_add(&run, nr_buf_str(&it.ex), it.ex.len);
			if (prefix_state == 1) {
				nr_buf_add(&out->prefix, nr_buf_str(&it.ex), it.ex.len);
			}
		} else {
			/* The literal so far ends here. */
			info_need_lit(out, nr_buf_str(&run), run.len);
			nr_buf_reset(&run);
			info_take_needs(out, &it);
			out->exact = 0;
			prefix_state = anchor && c == '^' && first ? 1 : 2;
		}
		info_free(&it);
		first = 0;
	}
	if (out->exact) {
		nr_buf_add(&out->ex, run.len > 0 ? nr_buf_str(&run) : "", run.len);
	}
	info_need_lit(out, nr_buf_str(&run), run.len);
	nr_buf_free(&run);
}

/* Branches separated by "|", up to ")" or the end. */
static void
read_alt(struct reader *r, struct info *out)
{
	struct nr_filter_need any = { NULL, NULL, 0 };
	int all = 1;
	size_t i;

	read_branch(r, out);
	if (r->bad || *r->p != '|') {
		return;
	}
	/* An alternation: a match holds one of the branches' literals, a
	 * condition of each branch (its longest) put together; a branch
	 * that needs nothing makes the whole need nothing. */
	for (;;) {
		size_t best = 0;

		if (out->nneeds == 0) {
			all = 0;
		}
		for (i = 1; i < out->nneeds; i++) {
			if (need_len(&out->needs[i]) > need_len(&out->needs[best])) {
				best = i;
			}
		}
		if (all) {
			struct nr_filter_need *b = &out->needs[best];

			if (any.nlits + b->nlits > MAX_ALTS) {
				all = 0;
			} else {
				any.lits = xreallocarray(any.lits, any.nlits + b->nlits, sizeof *any.lits);
				memcpy(any.lits + any.nlits, b->lits, b->nlits * sizeof *b->lits);
				any.nlits += b->nlits;
				free(b->lits);
				b->lits = NULL;
				b->nlits = 0;
			}
		}
		info_free(out);
		if (r->bad || *r->p != '|') {
			break;
		}
		r->p++;
		read_branch(r, out);
	}
	memset(out, 0, sizeof *out);
	if (all && !r->bad) {
		info_need(out, any);
	} else {
		need_free(&any);
	}
}

/* Whether the C library maps ASCII's case as ASCII does in this locale,
 * as regexec with REG_ICASE folds it (toupper in a locale of one byte a
 * character, towupper in a multibyte one) and every ASCII byte is that
 * character: not so in a Turkish locale, where "i" is upper-cased to
 * U+0130 (and "I" lower-cased to U+0131). */
static int
ascii_folds_plainly(void)
{
	int c;

	for (c = 1; c < 0x80; c++) {
		int up = c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c, low = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;

		if (btowc(c) != (wint_t)c || toupper(c) != up || tolower(c) != low || towupper((wint_t)c) != (wint_t)up ||
		    towlower((wint_t)c) != (wint_t)low) {
			return 0;
		}
	}
	return 1;
}

/* The pattern p (its "(?c)" read) as a literal alone, "^" and "$" around
 * it or not, into out; nothing if it is not one. Plain printable ASCII
 * and the specials a backslash makes plain only: whatever else glibc
 * reads as a literal too ("]", "}" alone) is left to regexec. */
static void
read_literal(const char *p, int icase, struct nr_filter_needles *out)
{
	struct nr_buf lit = NR_BUF_INIT;
	int at_start = 0, at_end = 0;

	if (*p == '^') {
		at_start = 1;
		p++;
	}
	while (*p != '\0') {
		char c = *p;

		if (c == '\\' && p[1] != '\0' && strchr(SPECIALS, p[1]) != NULL) {
			c = p[1];
			p += 2;
		} else if (c == '$' && p[1] == '\0') {
			at_end = 1;
			p++;
			break;
		} else if (c >= 0x20 && c < 0x7f && strchr(SPECIALS, c) == NULL && c != '}') {
			p++;
		} else {
			nr_buf_free(&lit);
			return;
		}
		nr_buf_addc(&lit, icase ? lower(c) : c);
	}
	if (lit.len == 0 || (icase && !ascii_folds_plainly())) {
		nr_buf_free(&lit);
		return;
	}
	out->literal_len = lit.len;
	out->literal = nr_buf_steal(&lit);
	out->at_start = at_start;
	out->at_end = at_end;
}

void
nr_filter_needles(const char *pattern, struct nr_filter_needles *out)
{
	struct reader r;
	struct info top;
	size_t i;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.icase = 1;
	r.p = pattern;
	/* As nr_filter_regcomp reads them. */
	if (strncmp(pattern, "(?c)", 4) == 0) {
		r.icase = 0;
		r.p += 4;
	} else if (strncmp(pattern, "(?i)", 4) == 0) {
		r.p += 4;
	}
	out->icase = r.icase;
	read_literal(r.p, r.icase, out);
	read_alt(&r, &top);
	if (r.bad || *r.p != '\0') {
		info_free(&top);
		return;
	}
	if (top.prefix.len > 0) {
		out->prefix = nr_buf_steal(&top.prefix);
	}
	out->needs = top.needs;
	out->nneeds = top.nneeds;
	top.needs = NULL;
	top.nneeds = 0;
	info_free(&top);
	/* The prefix's own condition says nothing more. */
	for (i = 0; out->prefix != NULL && i < out->nneeds; i++) {
		if (out->needs[i].nlits == 1 && strstr(out->prefix, out->needs[i].lits[0]) != NULL) {
			need_free(&out->needs[i]);
			out->needs[i] = out->needs[--out->nneeds];
			i--;
		}
	}
	out->prefix_len = out->prefix != NULL ? strlen(out->prefix) : 0;
	for (i = 0; i < out->nneeds; i++) {
		size_t j;

		out->needs[i].lens = xreallocarray(NULL, out->needs[i].nlits, sizeof *out->needs[i].lens);
		for (j = 0; j < out->needs[i].nlits; j++) {
			out->needs[i].lens[j] = strlen(out->needs[i].lits[j]);
		}
	}
}

void
nr_filter_needles_free(struct nr_filter_needles *nd)
{
	size_t i;

	for (i = 0; i < nd->nneeds; i++) {
		need_free(&nd->needs[i]);
	}
	free(nd->needs);
	free(nd->prefix);
	free(nd->literal);
	memset(nd, 0, sizeof *nd);
}

int
nr_filter_needles_empty(const struct nr_filter_needles *nd)
{
	return nd->prefix == NULL && nd->nneeds == 0;
}

/* Whether s starts with lit (n bytes), lower case when icase. */
static int
starts(const char *s, const char *lit, size_t n, int icase)
{
	size_t i;

	if (!icase) {
		return memcmp(s, lit, n) == 0;
	}
	for (i = 0; i < n; i++) {
		if (lower(s[i]) != lit[i]) {
			return 0;
		}
	}
	return 1;
}

static int
holds(const char *s, size_t len, const char *lit, size_t n, int icase)
{
	size_t i;
	char c0, c1;

	if (n > len) {
		return 0;
	}
	c0 = lit[0];
	c1 = icase && c0 >= 'a' && c0 <= 'z' ? (char)(c0 - ('a' - 'A')) : c0;
	for (i = 0; i + n <= len; i++) {
		if ((s[i] == c0 || s[i] == c1) && starts(s + i + 1, lit + 1, n - 1, icase)) {
			return 1;
		}
	}
	return 0;
}

#define HIGH_BITS UINT64_C(0x8080808080808080)
#define LOW_BITS UINT64_C(0x0101010101010101)

/* Whether s (len bytes) is ASCII up to its first NUL, where regexec
 * stops reading, and if it is, the length up to there: 8 bytes at a time
 * (every title of the library, 43 bytes on average). */
static size_t
ascii_span(const char *s, size_t len, int *ascii)
{
	size_t i = 0;

	*ascii = 1;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		/* A byte of 0 or with its high bit set: looked at one by
		 * one below. */
		if (((w - LOW_BITS) | w) & HIGH_BITS) {
			break;
		}
	}
	for (; i < len && s[i] != '\0'; i++) {
		if ((unsigned char)s[i] >= 0x80) {
			*ascii = 0;
			break;
		}
	}
	return i;
}

/* Whether s (len bytes) holds what nd needs, as ASCII compares. */
static int
needles_hold(const struct nr_filter_needles *nd, const char *s, size_t len)
{
	int ok = 1;
	size_t i, j;

	if (nd->prefix != NULL) {
		ok = nd->prefix_len <= len && starts(s, nd->prefix, nd->prefix_len, nd->icase);
	}
	for (i = 0; ok && i < nd->nneeds; i++) {
		const struct nr_filter_need *need = &nd->needs[i];

		for (j = 0; j < need->nlits && !holds(s, len, need->lits[j], need->lens[j], nd->icase); j++) {
		}
		ok = j < need->nlits;
	}
	return ok;
}

int
nr_filter_needles_pass(const struct nr_filter_needles *nd, const char *s, size_t len)
{
	return nr_filter_needles_test(nd, s, len) != 0;
}

int
nr_filter_needles_test(const struct nr_filter_needles *nd, const char *s, size_t len)
{
	size_t n;
	int ascii;

	if (nd->literal != NULL && nd->at_start && !nd->at_end) {
		size_t k;

		/* "^literal": only the subject's first characters tell, and
		 * when its first bytes are ASCII they are those characters
		 * (a NUL among them, or fewer of them: shorter than the
		 * literal, as regexec reads it). */
		for (k = 0; k < nd->literal_len && k < len && s[k] != '\0' && (unsigned char)s[k] < 0x80; k++) {
		}
		if (k == nd->literal_len) {
			return starts(s, nd->literal, nd->literal_len, nd->icase);
		}
		if (k == len || s[k] == '\0') {
			return 0;
		}
	} else if (nd->literal != NULL) {
		/* regexec reads up to the first NUL. */
		n = ascii_span(s, len, &ascii);
		if (ascii) {
			const char *lit = nd->literal;
			size_t ln = nd->literal_len;

			if (ln > n) {
				return 0;
			}
			if (nd->at_start) {
				return starts(s, lit, ln, nd->icase) && (!nd->at_end || ln == n);
			}
			if (nd->at_end) {
				return starts(s + n - ln, lit, ln, nd->icase);
			}
			return holds(s, n, lit, ln, nd->icase);
		}
		/* Outside ASCII: what the needles turn away, else regexec. */
	}
	if (needles_hold(nd, s, len)) {
		return -1;
	}
	/* Outside ASCII the C library folds more widely than ASCII case:
	 * there, only regexec can tell. */
	if (nd->icase) {
		ascii_span(s, len, &ascii);
		return ascii ? 0 : -1;
	}
	return 0;
}
