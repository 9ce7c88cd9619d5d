/* Right-to-left text for terminals that do not reorder it themselves: the
 * Unicode bidirectional algorithm (UAX #9, from fribidi) puts a line of
 * Arabic or Hebrew, with whatever English names or numbers are inside it,
 * in the order it is seen, and tells a paragraph's direction from its
 * first strong character. Text stays in logical order everywhere else
 * (the model, search, wrapping); only drawing reorders it. The controls
 * that embed or override directions never reach here: the sanitiser
 * strips them (util/utf8.h). No Arabic shaping is done: letters keep their
 * nominal forms, as the terminal's font draws them. */
#ifndef NR_UTIL_BIDI_H
#define NR_UTIL_BIDI_H

#include <stddef.h>

/* Whether s[0..n) may hold right-to-left text (a quick look at the bytes:
 * nonzero for every line with a Hebrew, Arabic, Syriac, Thaana, N'Ko or
 * other right-to-left letter, and for a few lines without). */
int nr_bidi_maybe_rtl(const char *s, size_t n);

/* Whether the paragraph s[0..n) runs right to left: its first strong
 * character (rules P2 and P3) is of a right-to-left script. */
int nr_bidi_rtl(const char *s, size_t n);

/* The line s[0..n) (one screen line of a paragraph of direction rtl) in
 * visual order into out (n bytes, not terminated); perm[i] (n entries) is
 * the byte of s that out[i] came from, so that per-byte attributes can
 * follow it. Brackets inside right-to-left runs are mirrored; combining
 * marks stay after their base character. */
void nr_bidi_visual(const char *s, size_t n, int rtl, char *out, size_t *perm);

#endif
