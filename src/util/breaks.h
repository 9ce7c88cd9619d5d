/* Where a line of text may break, by the Unicode line breaking algorithm
 * (UAX #14, from libunistring): between CJK ideographs and kana, after
 * spaces and hyphens, never before closing punctuation or after opening
 * punctuation, never inside a word. Korean, written with spaces between
 * words, breaks at them only (Hangul taken as letters, the tailoring UAX
 * #14 describes), not between any two syllables. Thai, written without spaces between
 * words, breaks between the words libthai's dictionary finds; other
 * scripts of that kind (Lao, Khmer, Myanmar) have no maintained library
 * for it and stay whole, to be cut between grapheme clusters by the
 * caller when a word does not fit. */
#ifndef NR_UTIL_BREAKS_H
#define NR_UTIL_BREAKS_H

#include <stddef.h>

/* What brk[i] says of the place before s[i]. */
enum nr_break {
	NR_BREAK_NO = 0,
	NR_BREAK_YES = 1,       /* a line may end here */
	NR_BREAK_WEAK = 2       /* only if nothing else on the line allows it:
				 * after a solidus inside a word, as in a URL
				 * or a path (a tailoring UAX #14 permits) */
};

/* The break opportunities of the line s[0..n) (UTF-8, no line feed in
 * it): brk[i] (enum nr_break) says whether a line may end before s[i];
 * brk[0] and the bytes inside a character are always NR_BREAK_NO. A space
 * run breaks after its last space, so a caller ending a line at i drops
 * the spaces before it. */
void nr_breaks_line(const char *s, size_t n, char *brk);

#endif
