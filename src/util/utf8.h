/* UTF-8 text for the terminal: validation, decoding, sanitising untrusted
 * text (invalid bytes become U+FFFD; control characters, escape sequences
 * and bidi overrides are removed), and measuring, fitting and cutting by
 * screen columns (wcwidth), never by bytes. Width functions need an LC_CTYPE
 * locale with UTF-8, as set by main(). */
#ifndef NR_UTF8_H
#define NR_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define NR_UTF8_REPLACEMENT 0xFFFDu

/* Decode one code point from s (n > 0 bytes available). Returns the number
 * of bytes used (1..4); an invalid or truncated sequence, an overlong form or
 * a surrogate yields U+FFFD and uses 1 byte. */
size_t nr_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t nr_utf8_encode(uint32_t cp, char *out);
/* Nonzero when s[0..n) is entirely valid UTF-8. */
int nr_utf8_valid(const char *s, size_t n);
/* The length of the run of ASCII bytes (below 0x80) s[0..n) starts with:
 * most of any feed, checked sixteen bytes at a time where the machine
 * can. */
size_t nr_utf8_ascii_run(const char *s, size_t n);

enum nr_sanitize_flags {
	NR_SAN_NEWLINES = 1 << 0,  /* keep \n (and turn \r\n, \r into \n) */
	NR_SAN_TABS = 1 << 1,      /* keep \t */
	NR_SAN_COLLAPSE = 1 << 2   /* collapse runs of white space to one space, trim both ends */
};

/* A new string: s[0..n) made safe for the model and the terminal. Invalid
 * bytes become U+FFFD; ESC sequences (CSI, OSC, DCS, ...) are removed whole;
 * other C0 and C1 controls, DEL and bidi overrides/isolates are removed,
 * except \n and \t where flags keep them (otherwise they become spaces). */
char *nr_utf8_sanitize(const char *s, size_t n, int flags);

/* Screen columns of s (a string already sanitised). */
int nr_utf8_width(const char *s);
/* Columns of one code point: 0 for combining marks and zero-width
 * characters, 2 for wide ones. */
int nr_utf8_cpwidth(uint32_t cp);

/* The length in bytes of the grapheme cluster (UAX #29, from utf8proc) at
 * the start of s[0..n): a character with its combining marks, a Hangul
 * syllable, an emoji ZWJ sequence or one with a skin tone, a flag's pair of
 * regional indicators; *width gets its columns (the sum of its characters'
 * wcwidth, as curses counts them). Text is only ever cut between
 * clusters. */
size_t nr_utf8_cluster(const char *s, size_t n, int *width);

/* A new string holding s cut to at most cols columns: if s is wider, it ends
 * with "…" and the cut never splits a character or separates a base
 * character from its combining marks. With pad, the result is padded with
 * spaces to exactly cols columns. */
char *nr_utf8_fit(const char *s, int cols, int pad);

/* The one order of text shown to the user (titles, sources): negative,
 * zero or positive as a sorts before, with or after b. In a locale with a
 * collation of its own, strcoll (accented letters beside their base
 * letters, case a tie-break); in the C and POSIX locales, whose collation
 * is the code point, ASCII letters compare without regard to case first,
 * so that "samples" does not sort after "World". NULL sorts as "". The
 * article list and the sources pane both sort by it. */
int nr_utf8_collate(const char *a, const char *b);

#endif
