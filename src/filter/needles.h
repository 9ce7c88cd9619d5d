/* What every match of a pattern of =~ must contain, read from the pattern
 * alone (its "needles"), so that a subject without them is turned away
 * before regexec(3) runs: over a million titles, most of them. Derived
 * conservatively from the POSIX extended syntax as glibc reads it: an
 * alternation needs one of its branches' literals, an atom that may be
 * absent (?, *, {0,n}) or is not a plain character (., a bracket, a
 * backreference, \w, a character outside ASCII) needs nothing, and a
 * pattern this reading does not follow to the end needs nothing at all.
 * A leading ^ makes the literal after it a prefix.
 *
 * Literals are ASCII. Without regard to case (the language's default),
 * a literal is looked for under ASCII case folding, and only in an ASCII
 * subject: in one, a match of an ASCII character can only be that
 * character or its other case, while outside ASCII the C library folds
 * more widely (U+017F LATIN SMALL LETTER LONG S matches "s", U+212A KELVIN
 * SIGN "k"), so a subject with any other byte always goes to regexec. With
 * "(?c)" the bytes must be there as written, whatever the subject.
 *
 * A pattern that is a literal alone, with ^ or $ around it or not
 * ("linux", "^linux", "release$", "\.net"), is decided by the literal
 * for an ASCII subject, without regexec: matched where it is found (at
 * the start, at the end), under ASCII case folding when the locale's
 * case mapping of ASCII is ASCII's (checked when the pattern is read: in
 * a Turkish locale "i" is upper-cased to U+0130 and matches no "I", and
 * there regexec still decides). */
#ifndef NR_FILTER_NEEDLES_H
#define NR_FILTER_NEEDLES_H

#include <stddef.h>

/* One condition: the subject holds one of these literals. */
struct nr_filter_need {
	char **lits;            /* lower case when icase */
	size_t *lens;           /* their lengths */
	size_t nlits;
};

struct nr_filter_needles {
	int icase;              /* compared without regard to ASCII case */
	char *prefix;           /* the subject starts with it; NULL: no such */
	size_t prefix_len;
	struct nr_filter_need *needs;   /* all of them hold of every match */
	size_t nneeds;
	char *literal;          /* the whole pattern (lower case when icase); NULL: not a literal alone */
	size_t literal_len;
	int at_start, at_end;   /* the literal's ^ and $ */
};

/* Read pattern (as nr_filter_regcomp reads it: "(?c)" and "(?i)" at its
 * start) into out, which needs nothing when nothing can be told. */
void nr_filter_needles(const char *pattern, struct nr_filter_needles *out);
void nr_filter_needles_free(struct nr_filter_needles *nd);

/* Whether nd needs nothing (every subject goes to regexec). */
int nr_filter_needles_empty(const struct nr_filter_needles *nd);

/* 0 if the subject s (len bytes) cannot match the pattern nd was read
 * from, 1 if it may. */
int nr_filter_needles_pass(const struct nr_filter_needles *nd, const char *s, size_t len);

/* 0 if the subject s (len bytes; regexec reads it up to its first NUL)
 * cannot match, 1 if it matches (a literal alone, an ASCII subject),
 * -1 if regexec must tell. */
int nr_filter_needles_test(const struct nr_filter_needles *nd, const char *s, size_t len);

#endif
