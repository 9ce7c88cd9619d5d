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
