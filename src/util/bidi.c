#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>

#include "core/xmalloc.h"
#include "util/bidi.h"
#include "util/utf8.h"

int
nr_bidi_maybe_rtl(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i;

	/* The lead bytes of U+0590..U+08FF (Hebrew to Arabic Extended),
	 * U+FB1D..U+FEFF (presentation forms), U+200F (RLM) and the
	 * right-to-left scripts of the supplementary planes. */
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		/* Eight bytes of ASCII at a time: most text is. */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ull) != 0) {
				break;
			}
			i += 8;
		}
		if (i >= n) {
			break;
		}
		c = s[i];
		if (c < 0xd6) {
			continue;
		}
		if (c <= 0xdf) {
			return 1;
		}
		if (i + 1 < n) {
			unsigned char d = s[i + 1];

			if ((c == 0xe0 && d >= 0xa0 && d <= 0xa3) || (c == 0xef && d >= 0xac && d <= 0xbb) ||
			    (c == 0xe2 && d == 0x80 && i + 2 < n && s[i + 2] == 0x8f) ||
			    (c == 0xf0 && (d == 0x90 || d == 0x9e))) {
				return 1;
			}
		}
	}
	return 0;
}

int
nr_bidi_rtl(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		FriBidiCharType t;
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
				return 0;
			}
			i++;
			continue;
		}
		i += nr_utf8_decode(s + i, n - i, &cp);
		t = fribidi_get_bidi_type((FriBidiChar)cp);
		if (t == FRIBIDI_TYPE_LTR) {
			return 0;
		}
		if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) {
			return 1;
		}
	}
	return 0;
}

void
nr_bidi_visual(const char *s, size_t n, int rtl, char *out, size_t *perm)
{
	FriBidiChar *u;
	FriBidiCharType *types;
	FriBidiBracketType *brackets;
	FriBidiLevel *levels;
	FriBidiStrIndex *map;
	FriBidiParType dir = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	size_t *off, m = 0, i, o = 0, k;

	u = xreallocarray(NULL, n + 1, sizeof *u);
	off = xreallocarray(NULL, n + 2, sizeof *off);
	for (i = 0; i < n;) {
		uint32_t cp;

		off[m] = i;
		i += nr_utf8_decode(s + i, n - i, &cp);
		u[m++] = (FriBidiChar)cp;
	}
	off[m] = n;
	types = xreallocarray(NULL, m + 1, sizeof *types);
	brackets = xreallocarray(NULL, m + 1, sizeof *brackets);
	levels = xreallocarray(NULL, m + 1, sizeof *levels);
	map = xreallocarray(NULL, m + 1, sizeof *map);
	for (k = 0; k < m; k++) {
		map[k] = (FriBidiStrIndex)k;
	}
	fribidi_get_bidi_types(u, (FriBidiStrIndex)m, types);
	fribidi_get_bracket_types(u, (FriBidiStrIndex)m, types, brackets);
	if (m == 0 || fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)m, &dir, levels) == 0 ||
	    fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, types, (FriBidiStrIndex)m, 0, dir, levels, NULL, map) == 0) {
		/* Nothing to reorder, or fribidi could not: as it is. */
		for (k = 0; k < m; k++) {
			map[k] = (FriBidiStrIndex)k;
			levels[k] = 0;
		}
	}
	for (k = 0; k < m; k++) {
		size_t j = (size_t)map[k], len = off[j + 1] - off[j], b;
		FriBidiChar mirror;
		char enc[4];

		/* A bracket in a right-to-left run is drawn facing the other
		 * way; only where its mirror takes as many bytes, so that
		 * every byte keeps its place in perm. */
		if ((levels[j] & 1) && fribidi_get_mirror_char(u[j], &mirror) &&
		    nr_utf8_encode((uint32_t)mirror, enc) == len) {
			memcpy(out + o, enc, len);
		} else {
			memcpy(out + o, s + off[j], len);
		}
		for (b = 0; b < len; b++) {
			perm[o + b] = off[j] + b;
		}
		o += len;
	}
	free(u);
	free(off);
	free(types);
	free(brackets);
	free(levels);
	free(map);
}
