#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>

#include "core/xmalloc.h"
#include "util/fold.h"
#include "util/utf8.h"

/*
 * Text is folded one unit at a time: a character whose canonical combining
 * class is 0 (a starter) with the marks of nonzero class after it. Folding
 * and NFD never reach across such units (canonical reordering moves marks
 * only among marks), so folding unit by unit gives the fold of the whole,
 * and each folded byte can remember the unit of the source it came from:
 * that is what lets a match be mapped back to the characters to highlight,
 * and keeps matches from starting or ending inside a unit.
 *
 * ASCII letters fold by themselves (except I in Turkish and Azeri); any
 * other character alone is folded once by libunistring and remembered, as
 * most text of every script is starters without marks; a unit with marks
 * is folded each time.
 */

/* Growable folded text with, for each byte, the offset in the source of
 * the unit it came from. */
struct fbuf {
	char *s;
	size_t *src;
	size_t len;
	size_t cap;
};

struct nr_fold_pat {
	char *s;
	size_t len;
	int flags;
	char *lang;
	struct fbuf t;          /* the text being searched, folded */
};

static void fbuf_grow(struct fbuf *f, size_t extra);

static inline void
fbuf_reserve(struct fbuf *f, size_t extra)
{
	if (f->len + extra + 1 > f->cap) {
		fbuf_grow(f, extra);
	}
}

static void
fbuf_grow(struct fbuf *f, size_t extra)
{
	if (f->cap == 0) {
		f->cap = 128;
	}
	while (f->len + extra + 1 > f->cap) {
		f->cap *= 2;
	}
	f->s = xrealloc(f->s, f->cap);
	f->src = xreallocarray(f->src, f->cap, sizeof *f->src);
}

static void
fbuf_free(struct fbuf *f)
{
	free(f->s);
	free(f->src);
	memset(f, 0, sizeof *f);
}

/* Whether a mark of combining class ccc goes when accents are ignored:
 * every nonzero class but the virama's (9), which joins Indic consonants
 * into another letter rather than marking one. */
static int
is_accent(int ccc)
{
	return ccc != 0 && ccc != 9;
}

/* The folded (NFD) form r[0..rn) into out[0..*outn) without the accents
 * where flags ask; out has room for rn bytes. */
static void
strip_accents(const uint8_t *r, size_t rn, int flags, char *out, size_t *outn)
{
	size_t i = 0, o = 0;

	while (i < rn) {
		uint32_t cp;
		size_t l = nr_utf8_decode((const char *)r + i, rn - i, &cp);

		if (!(flags & NR_FOLD_ACCENTS) || !is_accent(uc_combining_class(cp))) {
			memcpy(out + o, r + i, l);
			o += l;
		}
		i += l;
	}
	*outn = o;
}

/* The fold of one unit s[0..n), appended to f with source offset src. */
static void
fold_unit_slow(struct fbuf *f, const char *s, size_t n, size_t src, int flags, const char *lang)
{
	uint8_t stackbuf[64];
	size_t rn = sizeof stackbuf, o, k;
	uint8_t *r;

	r = u8_casefold((const uint8_t *)s, n, lang, UNINORM_NFD, stackbuf, &rn);
	if (r == NULL) {
		/* Out of memory inside libunistring: the unit as it is. */
		r = (uint8_t *)s;
		rn = n;
	}
	fbuf_reserve(f, rn);
	strip_accents(r, rn, flags, f->s + f->len, &o);
	for (k = 0; k < o; k++) {
		f->src[f->len + k] = src;
	}
	f->len += o;
	if (r != stackbuf && r != (const uint8_t *)s) {
		free(r);
	}
}

/*
 * The fold of each character alone, remembered: pages of 256 code points,
 * made when first needed, one set for each flag; forgotten when the
 * locale's language changes.
 */

#define ENTRY_MAX 21

struct entry {
	unsigned char state;    /* 0: not yet; 1: s[0..len); 2: too long, fold each time */
	unsigned char len;
	unsigned char ccc;      /* the character's canonical combining class */
	char s[ENTRY_MAX];
};

#define NPAGES (0x110000 >> 8)

static struct entry *cache[2][NPAGES];
static char cache_lang[16];

static void
cache_check_lang(const char *lang)
{
	size_t f, p;

	if (strncmp(cache_lang, lang, sizeof cache_lang - 1) == 0) {
		return;
	}
	for (f = 0; f < 2; f++) {
		for (p = 0; p < NPAGES; p++) {
			free(cache[f][p]);
			cache[f][p] = NULL;
		}
	}
	snprintf(cache_lang, sizeof cache_lang, "%s", lang);
}

/* Whether the language folds I to dotless ı (Turkish, Azeri). */
static int
dotless_i(const char *lang)
{
	return strcmp(lang, "tr") == 0 || strcmp(lang, "az") == 0;
}

/* Fill the entry of cp, whose UTF-8 form is s[0..n). */
static void
entry_fill(struct entry *e, uint32_t cp, const char *s, size_t n, int flags, const char *lang)
{
	struct fbuf tmp = { NULL, NULL, 0, 0 };

	e->ccc = (unsigned char)uc_combining_class(cp);
	if (cp == 0x130 && dotless_i(lang)) {
		/* İ folds to i in Turkish and Azeri (CaseFolding.txt, status
		 * T); libunistring 1.0 gives ı + U+0307, which matches neither
		 * "i" nor "İ" typed as a pattern. */
		fbuf_reserve(&tmp, 1);
		tmp.s[tmp.len++] = 'i';
	} else {
		fold_unit_slow(&tmp, s, n, 0, flags, lang);
	}
	if (tmp.len <= ENTRY_MAX) {
		e->state = 1;
		e->len = (unsigned char)tmp.len;
		memcpy(e->s, tmp.s, tmp.len);
	} else {
		e->state = 2;
	}
	fbuf_free(&tmp);
}

/* The remembered fold of cp, whose UTF-8 form is s[0..n); filled on
 * first use. */
static inline const struct entry *
entry_for(uint32_t cp, const char *s, size_t n, int flags, const char *lang)
{
	struct entry **page = &cache[(flags & NR_FOLD_ACCENTS) != 0][cp >> 8], *e;

	if (*page == NULL) {
		*page = xcalloc(256, sizeof **page);
	}
	e = &(*page)[cp & 0xff];
	if (e->state == 0) {
		entry_fill(e, cp, s, n, flags, lang);
	}
	return e;
}

/* Decode the character at s[0..n) (not ASCII): the common two- and
 * three-byte forms inline, the rest by nr_utf8_decode. */
static inline size_t
decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] >= 0xc2 && p[0] <= 0xdf && n >= 2 && (p[1] & 0xc0) == 0x80) {
		*cp = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		return 2;
	}
	if (p[0] >= 0xe1 && p[0] <= 0xec && n >= 3 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
		*cp = ((uint32_t)(p[0] & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		return 3;
	}
	return nr_utf8_decode(s, n, cp);
}

/* Append bytes r[0..rn), all from source offset src. */
static inline void
put(struct fbuf *f, const char *r, size_t rn, size_t src, int map)
{
	size_t k;

	fbuf_reserve(f, rn);
	memcpy(f->s + f->len, r, rn);
	if (map) {
		for (k = 0; k < rn; k++) {
			f->src[f->len + k] = src;
		}
	}
	f->len += rn;
}

/* The unit being read: it starts at s[start]; one character (whose entry
 * is e) or several (a starter and its marks). */
struct unit {
	size_t start;
	const struct entry *e;
	int several;
	int open;
};

static inline void
unit_flush(struct fbuf *f, struct unit *u, const char *s, size_t end, size_t base, int flags,
    const char *lang, int map)
{
	if (!u->open) {
		return;
	}
	if (!u->several && u->e->state == 1) {
		put(f, u->e->s, u->e->len, base + u->start, map);
	} else {
		fold_unit_slow(f, s + u->start, end - u->start, base + u->start, flags, lang);
	}
	u->open = 0;
}

/*
 * Append the fold of s[0..n) to f; with map, source offsets (from base)
 * too. Runs of ASCII are lowered as they are (I in Turkish aside); should
 * a combining mark follow one, its lowered letter is taken back and
 * folded with the mark.
 */
static void
fold_into(struct fbuf *f, const char *s, size_t n, size_t base, int flags, const char *lang, int map)
{
	struct unit u = { 0, NULL, 0, 0 };
	size_t i = 0;
	int turkic = dotless_i(lang), ascii_last = 0;

	cache_check_lang(lang);
	fbuf_reserve(f, n);
	while (i < n) {
		const struct entry *e;
		uint32_t cp;
		size_t len;

		if ((unsigned char)s[i] < 0x80 && !(turkic && s[i] == 'I')) {
			size_t j = i, k;
			char *o;

			unit_flush(f, &u, s, i, base, flags, lang, map);
			/* The fold took no more room than the text so far, and
			 * room for all of the text was reserved. */
			fbuf_reserve(f, n - i);
			o = f->s + f->len;
			while (j < n) {
				unsigned char c = (unsigned char)s[j];

				if (c >= 0x80 || (turkic && c == 'I')) {
					break;
				}
				*o++ = (char)((unsigned)(c - 'A') < 26u ? c + ('a' - 'A') : c);
				j++;
			}
			if (map) {
				for (k = i; k < j; k++) {
					f->src[f->len + k - i] = base + k;
				}
			}
			f->len += j - i;
			i = j;
			ascii_last = 1;
			continue;
		}
		len = (unsigned char)s[i] < 0x80 ? (cp = (unsigned char)s[i], 1) : decode(s + i, n - i, &cp);
		e = entry_for(cp, s + i, len, flags, lang);
		if (e->ccc != 0 && ascii_last) {
			/* A mark on the ASCII letter before it. */
			f->len--;
			u.start = i - 1;
			u.several = 1;
			u.open = 1;
		} else if (e->ccc != 0 && u.open) {
			u.several = 1;
		} else {
			unit_flush(f, &u, s, i, base, flags, lang, map);
			u.start = i;
			u.e = e;
			u.several = 0;
			u.open = 1;
		}
		ascii_last = 0;
		i += len;
	}
	unit_flush(f, &u, s, n, base, flags, lang, map);
	f->s[f->len] = '\0';
}

/* libunistring's language: "" for none. */
static const char *
lang_name(const char *lang)
{
	return lang != NULL ? lang : "";
}

char *
nr_fold_string_lang(const char *s, int flags, const char *lang)
{
	struct fbuf f = { NULL, NULL, 0, 0 };
	char *r;

	s = s != NULL ? s : "";
	fold_into(&f, s, strlen(s), 0, flags, lang_name(lang), 0);
	fbuf_reserve(&f, 0);
	f.s[f.len] = '\0';
	r = f.s;
	free(f.src);
	return r;
}

char *
nr_fold_string(const char *s, int flags)
{
	return nr_fold_string_lang(s, flags, uc_locale_language());
}

char *
nr_fold_loose_lang(const char *s, const char *lang)
{
	char *r = nr_fold_string_lang(s, NR_FOLD_ACCENTS, lang), *o = r;
	const char *i = r;

	/* ı (U+0131: C4 B1) becomes i in place, one byte shorter. */
	while (*i != '\0') {
		if ((unsigned char)i[0] == 0xc4 && (unsigned char)i[1] == 0xb1) {
			*o++ = 'i';
			i += 2;
		} else {
			*o++ = *i++;
		}
	}
	*o = '\0';
	return r;
}

char *
nr_fold_loose(const char *s)
{
	/* The locale's language: the characters the fold remembers are
	 * those of the searches (another language would have it forget
	 * them each time), and the loose fold is the same in all. */
	return nr_fold_loose_lang(s, uc_locale_language());
}

int
nr_fold_equal(const char *a, const char *b, int flags)
{
	char *fa = nr_fold_string(a, flags), *fb = nr_fold_string(b, flags);
	int eq = strcmp(fa, fb) == 0;

	free(fa);
	free(fb);
	return eq;
}

struct nr_fold_pat *
nr_fold_pat_new_lang(const char *pattern, int flags, const char *lang)
{
	struct nr_fold_pat *p;

	if (pattern == NULL || pattern[0] == '\0') {
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	p->flags = flags;
	p->lang = xstrdup(lang_name(lang));
	p->s = nr_fold_string_lang(pattern, flags, p->lang);
	p->len = strlen(p->s);
	return p;
}

struct nr_fold_pat *
nr_fold_pat_new(const char *pattern, int flags)
{
	return nr_fold_pat_new_lang(pattern, flags, uc_locale_language());
}

void
nr_fold_pat_free(struct nr_fold_pat *p)
{
	if (p == NULL) {
		return;
	}
	free(p->s);
	free(p->lang);
	fbuf_free(&p->t);
	free(p);
}

/* Whether folded byte j starts a unit of the source. */
static int
unit_start(const struct fbuf *t, size_t j)
{
	return j == 0 || j == t->len || t->src[j] != t->src[j - 1];
}

int
nr_fold_find(struct nr_fold_pat *p, const char *s, size_t from, size_t *off, size_t *len)
{
	struct fbuf *t;
	size_t n, pos = 0;

	if (p == NULL || s == NULL) {
		return 0;
	}
	n = strlen(s);
	if (from > n) {
		return 0;
	}
	if (p->len == 0) {
		/* A pattern of accents only, with accents ignored. */
		return 0;
	}
	t = &p->t;
	/* Most texts do not hold the pattern: fold without the map first,
	 * and again with it only where the pattern is there. */
	t->len = 0;
	fold_into(t, s + from, n - from, from, p->flags, p->lang, 0);
	if (memmem(t->s, t->len, p->s, p->len) == NULL) {
		return 0;
	}
	t->len = 0;
	fold_into(t, s + from, n - from, from, p->flags, p->lang, 1);
	while (pos + p->len <= t->len) {
		const char *k = memmem(t->s + pos, t->len - pos, p->s, p->len);
		size_t j, e;

		if (k == NULL) {
			break;
		}
		j = (size_t)(k - t->s);
		e = j + p->len;
		if (unit_start(t, j) && unit_start(t, e)) {
			size_t a = t->src[j], b = e == t->len ? n : t->src[e];

			if (off != NULL) {
				*off = a;
			}
			if (len != NULL) {
				*len = b - a;
			}
			return 1;
		}
		pos = j + 1;
	}
	return 0;
}
