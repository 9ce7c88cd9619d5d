#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <thai/thbrk.h>
#include <thai/thwbrk.h>
#include <unictype.h>
#include <unilbrk.h>

#include "core/xmalloc.h"
#include "util/breaks.h"
#include "util/utf8.h"

/*
 * libunistring gives the opportunities of UAX #14; two things are added
 * here. Its version 1.0 breaks after a full stop or comma followed by a
 * letter ("example.|com", "e.|g."), which rule LB29 of UAX #14 forbids
 * (IS × AL); that rule is applied on top. And it resolves the class SA
 * (Thai, Lao, Khmer, Myanmar) to letters, so that a Thai sentence is one
 * word: libthai's dictionary finds the word boundaries inside it. The
 * break after a solidus inside a word is kept for lines that have no
 * other, so that a URL moves whole to the next line where it fits there
 * and breaks between its path's parts where it does not.
 *
 * Korean is written with spaces between words, and Korean typography (and
 * CSS word-break: keep-all, which Korean sites use) breaks only there, not
 * between any two syllables as UAX #14's classes H2, H3, JL, JV and JT
 * allow. UAX #14 itself names the tailoring (section 8.1, "Korean"): the
 * Hangul syllables and jamo resolved to AL. So the breaks libunistring
 * gives between Hangul and Hangul, or Hangul and a letter or digit of a
 * script written with spaces, are taken back, as are those between
 * Hangul and an opening bracket after it or a closing one before it
 * (LB30); a Korean word longer than the line is cut between grapheme
 * clusters by the caller, as any word is.
 */

static int
is_thai(uint32_t cp)
{
	return cp >= 0x0e01 && cp <= 0x0e5b;
}

/* libthai's breaker, made once; NULL when its dictionary is missing (the
 * Thai text then breaks only where UAX #14 alone says). */
static ThBrk *
thai_breaker(void)
{
	static ThBrk *brk;
	static int tried;

	if (!tried) {
		tried = 1;
		brk = th_brk_new(NULL);
	}
	return brk;
}

/* Word boundaries inside the Thai run s[a..b), marked in brk. */
static void
thai_breaks(const char *s, size_t a, size_t b, char *brk)
{
	ThBrk *tb = thai_breaker();
	wchar_t stackw[256];
	size_t stacko[256];
	int stackp[256];
	wchar_t *w = stackw;
	size_t *off = stacko;
	int *pos = stackp;
	size_t n = 0, i = a, cap = b - a;
	int k, npos;

	if (tb == NULL) {
		return;
	}
	if (cap > 256) {
		w = xreallocarray(NULL, cap + 1, sizeof *w);
		off = xreallocarray(NULL, cap + 1, sizeof *off);
		pos = xreallocarray(NULL, cap + 1, sizeof *pos);
	}
	while (i < b) {
		uint32_t cp;
		size_t len = nr_utf8_decode(s + i, b - i, &cp);

		off[n] = i;
		w[n++] = (wchar_t)cp;
		i += len;
	}
	w[n] = L'\0';
	npos = th_brk_wc_find_breaks(tb, w, pos, n);
	for (k = 0; k < npos; k++) {
		if (pos[k] > 0 && (size_t)pos[k] < n) {
			brk[off[pos[k]]] = NR_BREAK_YES;
		}
	}
	if (w != stackw) {
		free(w);
		free(off);
		free(pos);
	}
}

/* Whether c ends a number or an abbreviation and binds to a letter after
 * it (class IS of UAX #14, its ASCII members). */
static int
is_infix(char c)
{
	return c == '.' || c == ',' || c == ':' || c == ';';
}

/* Whether s[i..n) starts with a Thai character (U+0E00..U+0E7F, whose
 * UTF-8 forms begin E0 B8 or E0 B9). */
static int
at_thai(const char *s, size_t i, size_t n)
{
	return (unsigned char)s[i] == 0xe0 && i + 2 < n &&
	    ((unsigned char)s[i + 1] == 0xb8 || (unsigned char)s[i + 1] == 0xb9);
}

/* Hangul syllables and jamo (conjoining, compatibility, halfwidth). */
static int
is_hangul(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) || (cp >= 0xa960 && cp <= 0xa97f) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xd7b0 && cp <= 0xd7ff) || (cp >= 0xffa0 && cp <= 0xffdc);
}

/* Whether cp is a letter or digit of a script written with spaces between
 * words (class AL, HL or NU of UAX #14, and Hangul taken as AL): not an
 * ideograph, kana, or a letter of the scripts of class SA. */
static int
spaced_letter(uint32_t cp)
{
	if (is_hangul(cp)) {
		return 1;
	}
	if (cp < 0x80) {
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	}
	if (uc_is_property_ideographic(cp) || (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
	    (cp >= 0xff66 && cp <= 0xff9f) || (cp >= 0x0e00 && cp <= 0x0eff) || (cp >= 0x1000 && cp <= 0x109f) ||
	    (cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x19e0 && cp <= 0x19ff)) {
		return 0;
	}
	return uc_is_alpha(cp) || uc_is_property_decimal_digit(cp);
}

/* Whether s[0..n) may hold Hangul, by the first two bytes of U+1100..
 * U+11FF (E1 84..87), U+3130..U+318F (E3 84..86), U+A960..U+A97F (EA A5),
 * U+AC00..U+D7FF (EA B0 .. ED 9F) and U+FFA0..U+FFDC (EF BE, EF BF). */
static int
may_have_hangul(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i], d = (unsigned char)s[i + 1];

		if ((c == 0xe1 && d >= 0x84 && d <= 0x87) || (c == 0xe3 && d >= 0x84 && d <= 0x86) ||
		    (c == 0xea && (d == 0xa5 || d >= 0xb0)) || c == 0xeb || c == 0xec || (c == 0xed && d <= 0x9f) ||
		    (c == 0xef && d >= 0xbe)) {
			return 1;
		}
	}
	return 0;
}

/* Korean: Hangul taken as AL (see the top of the file). A combining mark
 * belongs to the character before it (LB9), so it does not become the
 * character before the next. */
static void
hangul_as_letters(const char *s, size_t n, char *brk)
{
	uint32_t prev = 0, cp;
	size_t i = 0;

	while (i < n) {
		size_t len = nr_utf8_decode(s + i, n - i, &cp);

		if (i > 0 && brk[i] == NR_BREAK_YES &&
		    ((is_hangul(prev) && (spaced_letter(cp) || cp == '(' || cp == '[' || cp == '{')) ||
		    (is_hangul(cp) && (spaced_letter(prev) || prev == ')' || prev == ']' || prev == '}')))) {
			brk[i] = NR_BREAK_NO;
		}
		if (i == 0 || cp < 0x300 || is_hangul(cp) || !uc_is_general_category(cp, UC_CATEGORY_M)) {
			prev = cp;
		}
		i += len > 0 ? len : 1;
	}
}

void
nr_breaks_line(const char *s, size_t n, char *brk)
{
	size_t i, thai_start = 0;
	int in_thai = 0, any_thai = 0;

	if (n == 0) {
		return;
	}
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", brk);
	brk[0] = NR_BREAK_NO;
	{
		const char *p = memchr(s, 0xe0, n);

		while (p != NULL && !any_thai) {
			any_thai = at_thai(s, (size_t)(p - s), n);
			p = memchr(p + 1, 0xe0, n - (size_t)(p + 1 - s));
		}
	}
	for (i = 1; i < n; i++) {
		char b = brk[i], prev = s[i - 1];
		unsigned char c = (unsigned char)s[i];

		if (b != UC_BREAK_POSSIBLE && b != UC_BREAK_HYPHENATION) {
			brk[i] = NR_BREAK_NO;
		} else if (prev == ' ') {
			brk[i] = NR_BREAK_YES;
		} else if (prev == '/' && c != ' ') {
			brk[i] = NR_BREAK_WEAK;
		} else if (is_infix(prev)) {
			/* LB29: none between it and a letter after it. */
			uint32_t cp = c;

			if (c >= 0x80) {
				nr_utf8_decode(s + i, n - i, &cp);
			}
			brk[i] = uc_is_alpha(cp) && !is_thai(cp) ? NR_BREAK_NO : NR_BREAK_YES;
		} else {
			brk[i] = NR_BREAK_YES;
		}
	}
	if (may_have_hangul(s, n)) {
		hangul_as_letters(s, n, brk);
	}
	/* Thai runs, found by their lead bytes without decoding the rest. */
	for (i = 0; any_thai && i < n;) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (in_thai) {
				thai_breaks(s, thai_start, i, brk);
				in_thai = 0;
			}
			i++;
			continue;
		}
		if (at_thai(s, i, n)) {
			if (!in_thai) {
				in_thai = 1;
				thai_start = i;
			}
		} else if (in_thai && (c & 0xc0) != 0x80) {
			thai_breaks(s, thai_start, i, brk);
			in_thai = 0;
		}
		i++;
	}
	if (in_thai) {
		thai_breaks(s, thai_start, n, brk);
	}
}
