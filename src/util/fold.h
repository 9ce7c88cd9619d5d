/* Matching text without regard to case, by Unicode's rules: canonical
 * decomposition (NFD, so that a precomposed é and e + U+0301 are the same),
 * full case folding (ß matches SS, final sigma matches sigma; the dotless
 * and dotted i as the locale's language wants, for Turkish and Azeri), and
 * optionally accents ignored (the combining marks NFD splits off dropped,
 * so that "Shkoder" finds "Shkodër"). From libunistring. Search, limit and
 * the filter language all compare through this module, so that they agree.
 * Matches fall between whole characters (a base character with its marks):
 * "e" does not find the e of "é" unless accents are ignored, and "s" does
 * not find half of "ß". */
#ifndef NR_UTIL_FOLD_H
#define NR_UTIL_FOLD_H

#include <stddef.h>

enum nr_fold_flags {
	NR_FOLD_ACCENTS = 1 << 0        /* ignore accents (combining marks) */
};

/* A new string: s folded (NFD, full case folding in the locale's
 * language, marks dropped with NR_FOLD_ACCENTS). Two strings are equal
 * without regard to case exactly when their folds are equal (bytewise);
 * a NULL s folds as "". */
char *nr_fold_string(const char *s, int flags);
/* The same in the language lang (see nr_fold_pat_new_lang). */
char *nr_fold_string_lang(const char *s, int flags, const char *lang);
/* A new string: s folded as loosely as any search folds it, the same in
 * every language: accents dropped, and the dotless ı as i (Turkish and
 * Azeri fold I to ı, the other languages to i; İ is i in all once its dot,
 * an accent, is dropped). Folding is done one character at a time, so that
 * whenever nr_fold_find finds a pattern in a text, with any flags and in
 * any language, the loose fold of the pattern is in the loose fold of the
 * text: an index of the text's loose folds finds every match (and some
 * more, which nr_fold_find then turns away). */
char *nr_fold_loose(const char *s);
/* The same folded in the language lang: the same string. */
char *nr_fold_loose_lang(const char *s, const char *lang);
/* Whether a and b are equal without regard to case (and accents). */
int nr_fold_equal(const char *a, const char *b, int flags);

/* A pattern folded once, to be found in many strings. */
struct nr_fold_pat;

/* A new pattern (NULL for an empty one, which matches nowhere). */
struct nr_fold_pat *nr_fold_pat_new(const char *pattern, int flags);
/* The same in the language lang (ISO 639: "tr" folds I to ı), for text
 * whose language is known apart from the locale's; NULL or "" for none. */
struct nr_fold_pat *nr_fold_pat_new_lang(const char *pattern, int flags, const char *lang);
void nr_fold_pat_free(struct nr_fold_pat *p);
/* Find p in s at or after byte from (a character boundary of s): 1 with
 * *off and *len the bytes of s the match covers (whole characters, so
 * that highlighting marks the right cells however folding changed the
 * lengths: "STRASSE" found by "straße"), 0 if it is not there. off and len
 * may be NULL. */
int nr_fold_find(struct nr_fold_pat *p, const char *s, size_t from, size_t *off, size_t *len);

#endif
