#include "config.h"

#include <stdint.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>

#include <utf8proc.h>

/* SSE2 is part of every x86-64 processor: sixteen bytes compared at once
 * where a word of eight is the portable way. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define NR_SSE2 1
#endif

#include "core/xmalloc.h"
#include "util/utf8.h"

/* The bytes of U+FFFD and of the ellipsis that marks a cut. */
#define REPLACEMENT_UTF8 "\xef\xbf\xbd"
#define ELLIPSIS_UTF8 "\xe2\x80\xa6"
#define ELLIPSIS_CP 0x2026u

#define ESC 0x1b
#define BEL 0x07
#define CAN 0x18
#define SUB 0x1a

static int
is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* A printable ASCII byte other than space: the common case, copied in runs. */
static int
is_plain(unsigned char c)
{
	return (unsigned char)(c - 0x21) < 0x5e;
}

size_t
nr_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t c;
	size_t len, i;

	if (n == 0) {
		*cp = NR_UTF8_REPLACEMENT;
		return 0;
	}
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	/* The ranges of the second byte follow the table of well-formed
	 * sequences in Unicode §3.9: the narrowed ones after E0, ED, F0 and F4
	 * are what rule out overlongs, surrogates and code points past
	 * U+10FFFF without decoding first. */
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
		if (p[0] == 0xe0) {
			lo = 0xa0;
		} else if (p[0] == 0xed) {
			hi = 0x9f;
		}
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
		if (p[0] == 0xf0) {
			lo = 0x90;
		} else if (p[0] == 0xf4) {
			hi = 0x8f;
		}
	} else {
		*cp = NR_UTF8_REPLACEMENT;
		return 1;
	}
	if (n < len || p[1] < lo || p[1] > hi) {
		*cp = NR_UTF8_REPLACEMENT;
		return 1;
	}
	c = (c << 6) | (p[1] & 0x3f);
	for (i = 2; i < len; i++) {
		if (!is_cont(p[i])) {
			*cp = NR_UTF8_REPLACEMENT;
			return 1;
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	*cp = c;
	return len;
}

size_t
nr_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *p = (unsigned char *)out;

	/* A value no UTF-8 can hold is written as U+FFFD rather than as bytes
	 * the decoder would reject. */
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		cp = NR_UTF8_REPLACEMENT;
	}
	if (cp < 0x80) {
		p[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (unsigned char)(0xc0 | (cp >> 6));
		p[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (unsigned char)(0xe0 | (cp >> 12));
		p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		p[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	p[0] = (unsigned char)(0xf0 | (cp >> 18));
	p[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	p[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	p[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

int
nr_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = nr_utf8_decode(s + i, n - i, &cp);
		/* U+FFFD from a single byte is an error; the real U+FFFD is 3. */
		if (len == 1) {
			return 0;
		}
		i += len;
	}
	return 1;
}

/*
 * Sanitising.
 *
 * Escape sequences follow ECMA-48 closely enough that nothing a terminal
 * would act on survives, while ordinary text around a malformed sequence
 * does: where a sequence breaks off early, only what was read of it is
 * dropped and the rest is handled as text.
 */

/* CSI parameters and intermediates up to the final byte; i is just past the
 * introducer. Returns the index after the sequence. */
static size_t
skip_csi(const unsigned char *s, size_t n, size_t i)
{
	while (i < n) {
		unsigned char c = s[i];

		if (c >= 0x20 && c <= 0x3f) {
			i++;
		} else if (c >= 0x40 && c <= 0x7e) {
			return i + 1;
		} else if (c == CAN || c == SUB) {
			/* Terminals abandon the sequence at these. */
			return i + 1;
		} else {
			/* Not part of a CSI: the sequence is broken, and what
			 * follows is text again. */
			return i;
		}
	}
	return n;
}

/* A control string (OSC, DCS, SOS, PM, APC) up to its terminator: ST as
 * ESC \ or as the UTF-8 form of U+009C, or BEL for OSC. An ESC that does not
 * start ST ends the string too, and is then read as a new sequence. An
 * unterminated string runs to the end, as it would on a terminal. */
static size_t
skip_string(const unsigned char *s, size_t n, size_t i, int bel_ends)
{
	while (i < n) {
		unsigned char c = s[i];

		if (c == ESC) {
			if (i + 1 < n && s[i + 1] == '\\') {
				return i + 2;
			}
			return i;
		}
		if ((c == BEL && bel_ends) || c == CAN || c == SUB) {
			return i + 1;
		}
		if (c == 0xc2 && i + 1 < n && s[i + 1] == 0x9c) {
			return i + 2;
		}
		i++;
	}
	return n;
}

/* An escape sequence starting at s[i] == ESC. Returns the index after it. */
static size_t
skip_esc(const unsigned char *s, size_t n, size_t i)
{
	size_t j = i + 1;

	if (j >= n) {
		return n;
	}
	switch (s[j]) {
	case '[':
		return skip_csi(s, n, j + 1);
	case ']':
		return skip_string(s, n, j + 1, 1);
	case 'P':
	case 'X':
	case '^':
	case '_':
		return skip_string(s, n, j + 1, 0);
	default:
		break;
	}
	/* nF sequences (ESC ( B and the like): intermediates, then a final. */
	while (j < n && s[j] >= 0x20 && s[j] <= 0x2f) {
		j++;
	}
	if (j < n && s[j] >= 0x30 && s[j] <= 0x7e) {
		return j + 1;
	}
	if (j > i + 1) {
		return j;
	}
	/* ESC followed by a control or a non-ASCII byte: only the ESC goes. */
	return i + 1;
}

struct out {
	char *p;
	size_t len;
	size_t cap;
	int flags;
	int pending;    /* white space seen but not yet written (collapse) */
};

static void
out_reserve(struct out *o, size_t extra)
{
	if (o->len + extra + 1 <= o->cap) {
		return;
	}
	while (o->len + extra + 1 > o->cap) {
		o->cap *= 2;
	}
	o->p = xrealloc(o->p, o->cap);
}

/* Before visible text: the one space a collapsed run of white space left. */
static void
out_flush_space(struct out *o)
{
	if (o->pending) {
		o->pending = 0;
		if (o->len > 0) {
			o->p[o->len++] = ' ';
		}
	}
}

static void
out_text(struct out *o, const char *s, size_t n)
{
	out_reserve(o, n + 1);
	out_flush_space(o);
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

/* White space: c is ' ', '\t' or '\n'. */
static void
out_space(struct out *o, char c)
{
	if (o->flags & NR_SAN_COLLAPSE) {
		o->pending = 1;
		return;
	}
	if ((c == '\n' && !(o->flags & NR_SAN_NEWLINES)) ||
	    (c == '\t' && !(o->flags & NR_SAN_TABS))) {
		c = ' ';
	}
	out_reserve(o, 1);
	o->p[o->len++] = c;
}

static int
is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* A C1 control (decoded from its UTF-8 form) at s[i], len bytes long.
 * Returns the index after it and whatever it introduces. */
static size_t
skip_c1(const unsigned char *s, size_t n, size_t i, size_t len, uint32_t cp)
{
	switch (cp) {
	case 0x9b:      /* CSI */
		return skip_csi(s, n, i + len);
	case 0x9d:      /* OSC */
		return skip_string(s, n, i + len, 1);
	case 0x90:      /* DCS */
	case 0x98:      /* SOS */
	case 0x9e:      /* PM */
	case 0x9f:      /* APC */
		return skip_string(s, n, i + len, 0);
	default:
		return i + len;
	}
}

/* The end of the run from s[i] of bytes nr_utf8_sanitize keeps as they
 * are (without NR_SAN_COLLAPSE): printable ASCII, \n and \t where flags
 * keep them, and the well-formed sequences of two and three bytes that
 * are none of what it changes (C1 controls, U+2028 and U+2029, the bidi
 * controls U+202A-U+202E and U+2066-U+2069). Everything else (E0 and ED,
 * whose second byte rules out overlongs and surrogates, four-byte
 * sequences, malformed ones) is left to the slow path, which decodes. */
#define ONES UINT64_C(0x0101010101010101)

size_t
nr_utf8_ascii_run(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

#ifdef NR_SSE2
	while (i + 16 <= n) {
		int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));

		if (m != 0) {
			return i + (size_t)__builtin_ctz((unsigned)m);
		}
		i += 16;
	}
#endif
	while (i + 8 <= n) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		if ((w & (ONES * 0x80)) != 0) {
			break;
		}
		i += 8;
	}
	while (i < n && s[i] < 0x80) {
		i++;
	}
	return i;
}

static size_t
keep_run(const unsigned char *s, size_t n, size_t i, int flags)
{
	unsigned char nl = (flags & NR_SAN_NEWLINES) ? '\n' : ' ';
	unsigned char tab = (flags & NR_SAN_TABS) ? '\t' : ' ';

#ifdef NR_SSE2
	const __m128i below = _mm_set1_epi8(0x1f), above = _mm_set1_epi8(0x7f);
	const __m128i vnl = _mm_set1_epi8((char)nl), vtab = _mm_set1_epi8((char)tab);
#endif

	while (i < n) {
		unsigned char c;

#ifdef NR_SSE2
		/* The same sixteen at a time, with the white space the flags
		 * keep (bytes from 0x80 are negative: not above 0x1f). */
		while (i + 16 <= n) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i ok = _mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmplt_epi8(v, above));
			unsigned m;

			ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(v, vnl), _mm_cmpeq_epi8(v, vtab)));
			m = (unsigned)_mm_movemask_epi8(ok);
			if (m != 0xffff) {
				i += (size_t)__builtin_ctz(~m);
				break;
			}
			i += 16;
		}
#endif
		/* Printable ASCII, most of any text, eight bytes at a time:
		 * no byte below 0x20, none above 0x7e. */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((((w - ONES * 0x20) & ~w) | ((w + ONES) | w)) & (ONES * 0x80)) {
				break;
			}
			i += 8;
		}
		if (i >= n) {
			break;
		}
		c = s[i];
		if ((unsigned char)(c - 0x20) < 0x5f || c == nl || c == tab) {
			i++;
		} else if (c >= 0xc2 && c <= 0xdf) {
			/* C2 80-9F: C1 controls. */
			if (i + 1 >= n || !is_cont(s[i + 1]) || (c == 0xc2 && s[i + 1] < 0xa0)) {
				break;
			}
			i += 2;
		} else if (c >= 0xe1 && c <= 0xef && c != 0xed) {
			if (i + 2 >= n || !is_cont(s[i + 1]) || !is_cont(s[i + 2])) {
				break;
			}
			/* E2 80 A8-AE: U+2028-U+202E; E2 81 A6-A9: U+2066-U+2069. */
			if (c == 0xe2 && ((s[i + 1] == 0x80 && s[i + 2] >= 0xa8 && s[i + 2] <= 0xae) ||
			    (s[i + 1] == 0x81 && s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9))) {
				break;
			}
			i += 3;
		} else {
			break;
		}
	}
	return i;
}

char *
nr_utf8_sanitize(const char *str, size_t n, int flags)
{
	const unsigned char *s = (const unsigned char *)str;
	struct out o;
	size_t i = 0;
	int collapse = (flags & NR_SAN_COLLAPSE) != 0;

	/* Valid input never grows (only U+FFFD for a single bad byte does,
	 * and out_reserve handles that), so one allocation is the rule. */
	o.cap = n + 1;
	o.p = xmalloc(o.cap);
	o.len = 0;
	o.flags = flags;
	o.pending = 0;

	while (i < n) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t j, len;

		/* Fast path: a run of what is kept as it is (printable ASCII,
		 * the white space the flags keep, the common well-formed
		 * UTF-8 sequences: keep_run), copied whole. */
		if (!collapse) {
			j = keep_run(s, n, i, flags);
			if (j > i) {
				out_text(&o, (const char *)s + i, j - i);
				i = j;
				continue;
			}
		}
		/* The same when collapsing, where a space may join the run
		 * only between two printable characters, so that runs of white
		 * space still go the slow way. */
		if (collapse && is_plain(c)) {
			j = i + 1;
			for (;;) {
				if (j < n && is_plain(s[j])) {
					j++;
				} else if (j + 1 < n && s[j] == ' ' && is_plain(s[j + 1])) {
					j += 2;
				} else {
					break;
				}
			}
			out_text(&o, (const char *)s + i, j - i);
			i = j;
			continue;
		}
		if (c < 0x80) {
			switch (c) {
			case ' ':
			case '\t':
				out_space(&o, (char)c);
				break;
			case '\r':
				if (i + 1 < n && s[i + 1] == '\n') {
					i++;
				}
				out_space(&o, '\n');
				break;
			case '\n':
			case '\v':
			case '\f':
				/* Form feeds separate pages in old plain-text
				 * documents: a line break, not nothing. */
				out_space(&o, '\n');
				break;
			case ESC:
				i = skip_esc(s, n, i);
				continue;
			default:
				/* Other C0 controls and DEL. */
				break;
			}
			i++;
			continue;
		}
		len = nr_utf8_decode((const char *)s + i, n - i, &cp);
		if (len == 1) {
			out_text(&o, REPLACEMENT_UTF8, 3);
		} else if (cp >= 0x80 && cp <= 0x9f) {
			i = skip_c1(s, n, i, len, cp);
			continue;
		} else if (is_bidi_control(cp)) {
			/* Dropped: they can reorder what follows on screen. */
		} else if (cp == 0x2028 || cp == 0x2029) {
			/* Line and paragraph separators: wcwidth() calls them
			 * unprintable, but they mean a line break. */
			out_space(&o, '\n');
		} else {
			out_text(&o, (const char *)s + i, len);
		}
		i += len;
	}
	o.p[o.len] = '\0';
	/* Give back what dropped sequences left unused, when it is worth it. */
	if (o.cap - o.len > 64 && o.cap / 2 > o.len) {
		o.p = xrealloc(o.p, o.len + 1);
	}
	return o.p;
}

/*
 * Widths.
 */

int
nr_utf8_cpwidth(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
		return 0;
	}
	if (cp < 0x7f || cp == NR_UTF8_REPLACEMENT) {
		return 1;
	}
	w = wcwidth((wchar_t)cp);
	/* -1 here means unassigned (or a separator sanitising already turned
	 * into a line break): terminals draw such a character as one cell. */
	return w < 0 ? 1 : w;
}

int
nr_utf8_width(const char *s)
{
	size_t n = strlen(s), i = 0;
	int w = 0;
	uint32_t cp;

	while (i < n) {
		if (is_plain((unsigned char)s[i]) || s[i] == ' ') {
			w++;
			i++;
			continue;
		}
		i += nr_utf8_decode(s + i, n - i, &cp);
		w += nr_utf8_cpwidth(cp);
	}
	return w;
}

/* The grapheme cluster (UAX #29, from utf8proc, whose rules are those of
 * a recent Unicode: libunistring 1.0 still splits emoji ZWJ sequences and
 * flags) starting at s[i]: a base character with its combining marks, a
 * Hangul syllable of jamo, an emoji sequence joined by ZWJ or with its
 * modifiers, both halves of a flag. A cut falls only between clusters. Its
 * width is the sum of its characters' wcwidth, as curses advances the
 * cursor over them. Returns the length in bytes. */
static size_t
cluster(const char *s, size_t n, size_t i, int *width)
{
	size_t start = i, len;
	uint32_t cp, next;
	utf8proc_int32_t state = 0;
	int w;

	len = nr_utf8_decode(s + i, n - i, &cp);
	w = nr_utf8_cpwidth(cp);
	i += len;
	while (i < n) {
		len = nr_utf8_decode(s + i, n - i, &next);
		if (utf8proc_grapheme_break_stateful((utf8proc_int32_t)cp, (utf8proc_int32_t)next, &state)) {
			break;
		}
		w += nr_utf8_cpwidth(next);
		cp = next;
		i += len;
	}
	*width = w;
	return i - start;
}

size_t
nr_utf8_cluster(const char *s, size_t n, int *width)
{
	if (n == 0) {
		*width = 0;
		return 0;
	}
	return cluster(s, n, 0, width);
}

char *
nr_utf8_fit(const char *s, int cols, int pad)
{
	char *r;
	size_t n, i = 0, cut = 0, len, rlen, elen = 0;
	int w = 0, cut_w = 0, ew, cw, over = 0;

	if (cols <= 0) {
		return xstrdup("");
	}
	n = strlen(s);
	ew = nr_utf8_cpwidth(ELLIPSIS_CP);
	while (i < n) {
		/* ASCII followed by more ASCII is a cluster of its own; anything
		 * else may be a combining mark for it. */
		if ((is_plain((unsigned char)s[i]) || s[i] == ' ') &&
		    (i + 1 >= n || (unsigned char)s[i + 1] < 0x80)) {
			len = 1;
			cw = 1;
		} else {
			len = cluster(s, n, i, &cw);
		}
		if (w + cw > cols) {
			over = 1;
			break;
		}
		w += cw;
		i += len;
		/* The longest prefix that still leaves room for the ellipsis. */
		if (w + ew <= cols) {
			cut = i;
			cut_w = w;
		}
	}
	if (!over) {
		cut = n;
		cut_w = w;
	} else if (ew <= cols) {
		elen = sizeof ELLIPSIS_UTF8 - 1;
		cut_w += ew;
	}
	rlen = cut + elen;
	if (pad && cut_w < cols) {
		rlen += (size_t)(cols - cut_w);
	}
	r = xmalloc(rlen + 1);
	memcpy(r, s, cut);
	memcpy(r + cut, ELLIPSIS_UTF8, elen);
	for (len = cut + elen; len < rlen; len++) {
		r[len] = ' ';
	}
	r[rlen] = '\0';
	return r;
}

/* Whether the collation in force is the C locale's (code point order). */
static int
collate_is_c(void)
{
	const char *name = setlocale(LC_COLLATE, NULL);

	return name == NULL || strcmp(name, "POSIX") == 0 || (name[0] == 'C' && (name[1] == '\0' || name[1] == '.'));
}

int
nr_utf8_collate(const char *a, const char *b)
{
	const unsigned char *x, *y;
	int cx, cy;

	a = a != NULL ? a : "";
	b = b != NULL ? b : "";
	if (!collate_is_c()) {
		return strcoll(a, b);
	}
	for (x = (const unsigned char *)a, y = (const unsigned char *)b;; x++, y++) {
		cx = *x >= 'A' && *x <= 'Z' ? *x + ('a' - 'A') : *x;
		cy = *y >= 'A' && *y <= 'Z' ? *y + ('a' - 'A') : *y;
		if (cx != cy || cx == 0) {
			break;
		}
	}
	return cx != cy ? cx - cy : strcmp(a, b);
}
