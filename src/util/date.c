/*
 * Dates to 64-bit Unix seconds.
 *
 * RFC 822 §5 and RFC 5322 §3.3 (with the obsolete forms of §4.3):
 *   https://www.rfc-editor.org/rfc/rfc822#section-5
 *   https://www.rfc-editor.org/rfc/rfc5322#section-3.3
 * RFC 3339 and the ISO 8601 forms W3C-DTF allows (dc:date):
 *   https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 *   https://www.w3.org/TR/NOTE-datetime
 * Calendar arithmetic: the days-from-civil algorithm of Howard Hinnant,
 *   https://howardhinnant.github.io/date_algorithms.html
 * done in 64 bits, so no year is out of range and no time_t is involved.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/model.h"
#include "util/date.h"

/* Far enough for any real date, near enough that seconds fit in 64 bits. */
#define YEAR_LIMIT 100000000

/* The largest UTC offset in use is +14:00 (Kiribati). */
#define OFFSET_LIMIT (14 * 60)

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0))) {
		q--;
	}
	return q;
}

int64_t
nr_date_from_civil(int64_t year, int month, int day, int hour, int min, int sec)
{
	int64_t y, m, era, yoe, doy, doe, days;

	/* A month outside 1..12 moves the year, so that the arithmetic below
	 * only ever sees a real month; days, hours and so on simply add. */
	y = year + floor_div((int64_t)month - 1, 12);
	m = (int64_t)month - 1 - floor_div((int64_t)month - 1, 12) * 12 + 1;
	if (y > YEAR_LIMIT || y < -YEAR_LIMIT) {
		return NR_TIME_UNKNOWN;
	}
	/* Years start in March here, so the leap day is the last of one. */
	if (m <= 2) {
		y--;
	}
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return days * 86400 + (int64_t)hour * 3600 + (int64_t)min * 60 + sec;
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && is_leap(y)) {
		return 29;
	}
	return days[m - 1];
}

/* The time a parser found, checked. 24:00:00 is the end of the day (ISO
 * 8601); a leap second is taken as the second before it, which keeps the
 * date right. off is minutes east of UTC. */
static int64_t
make_time(int64_t y, int mo, int d, int h, int mi, int s, int off)
{
	if (y < 0 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) {
		return NR_TIME_UNKNOWN;
	}
	if (h < 0 || h > 24 || (h == 24 && (mi != 0 || s != 0)) || mi < 0 || mi > 59 ||
	    s < 0 || s > 60 || off < -OFFSET_LIMIT || off > OFFSET_LIMIT) {
		return NR_TIME_UNKNOWN;
	}
	if (s == 60) {
		s = 59;
	}
	return nr_date_from_civil(y, mo, d, h, mi, s) - (int64_t)off * 60;
}

/*
 * Scanning.
 */

struct scan {
	const char *p;
	const char *end;
};

static void
scan_init(struct scan *sc, const char *s)
{
	sc->p = s;
	sc->end = s + strlen(s);
}

static int
peek(const struct scan *sc)
{
	return sc->p < sc->end ? (unsigned char)*sc->p : -1;
}

static int
peek_at(const struct scan *sc, size_t k)
{
	return (size_t)(sc->end - sc->p) > k ? (unsigned char)sc->p[k] : -1;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void
skip_ws(struct scan *sc)
{
	while (is_space(peek(sc))) {
		sc->p++;
	}
}

static int
accept(struct scan *sc, int c)
{
	if (peek(sc) == c) {
		sc->p++;
		return 1;
	}
	return 0;
}

/* White space, then nothing else. */
static int
at_end(struct scan *sc)
{
	skip_ws(sc);
	return sc->p == sc->end;
}

/* All the digits at the cursor; returns how many. The value saturates
 * rather than overflows, and callers check the count anyway. */
static int
read_num(struct scan *sc, int *val)
{
	int n = 0, v = 0;

	while (is_digit(peek(sc))) {
		if (v < 100000000) {
			v = v * 10 + (*sc->p - '0');
		}
		sc->p++;
		n++;
	}
	*val = v;
	return n;
}

/* Exactly n digits (no more follow). */
static int
read_fixed(struct scan *sc, int n, int *val)
{
	struct scan save = *sc;

	if (read_num(sc, val) != n) {
		*sc = save;
		return 0;
	}
	return 1;
}

/* A word of ASCII letters, lowercased into buf (cut to fit). Returns its
 * full length. */
static size_t
read_word(struct scan *sc, char *buf, size_t size)
{
	size_t n = 0;

	while (is_alpha(peek(sc))) {
		if (n + 1 < size) {
			buf[n] = (char)to_lower(*sc->p);
		}
		sc->p++;
		n++;
	}
	buf[n + 1 < size ? n : size - 1] = '\0';
	return n;
}

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"
};

static const char *const weekday_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

/* A name or its three-letter abbreviation (and "sept"). */
static int
name_matches(const char *word, size_t len, const char *name)
{
	if (len == 3 || (len == 4 && strcmp(name, "september") == 0)) {
		return strncmp(word, name, len) == 0;
	}
	return strcmp(word, name) == 0;
}

static int
lookup_month(const char *word, size_t len)
{
	int i;

	for (i = 0; i < 12; i++) {
		if (name_matches(word, len, month_names[i])) {
			return i + 1;
		}
	}
	return 0;
}

static int
lookup_weekday(const char *word, size_t len)
{
	int i;

	for (i = 0; i < 7; i++) {
		if (name_matches(word, len, weekday_names[i])) {
			return i + 1;
		}
	}
	/* Feeds also write "Tues" and "Thur(s)". */
	return strcmp(word, "tues") == 0 || strcmp(word, "thur") == 0 ||
	    strcmp(word, "thurs") == 0;
}

/*
 * Month and day names in other languages, as feeds in them write their
 * dates (RSS asks for English names; many feeds localise them). The
 * names are folded as read_uword() folds a word: lower case, Latin and
 * Greek accents removed, so "März", "MÄRZ" and "marz" are one. A word is
 * a month when it is one of these names, or the start (three letters or
 * more) of names that all mean the same month: "févr." and "Okt" are,
 * "jui" (juin or juillet) is not.
 */
static const struct {
	const char *name;
	unsigned char month;
} month_words[] = {
	/* German (with Austrian Jänner) */
	{ "januar", 1 }, { "janner", 1 }, { "februar", 2 }, { "marz", 3 }, { "mrz", 3 }, { "april", 4 },
	{ "mai", 5 }, { "juni", 6 }, { "juli", 7 }, { "august", 8 }, { "september", 9 }, { "oktober", 10 },
	{ "november", 11 }, { "dezember", 12 },
	/* Albanian */
	{ "janar", 1 }, { "shkurt", 2 }, { "mars", 3 }, { "prill", 4 }, { "maj", 5 }, { "qershor", 6 },
	{ "korrik", 7 }, { "gusht", 8 }, { "shtator", 9 }, { "tetor", 10 }, { "nentor", 11 }, { "dhjetor", 12 },
	/* French */
	{ "janvier", 1 }, { "fevrier", 2 }, { "avril", 4 }, { "juin", 6 }, { "juillet", 7 }, { "aout", 8 },
	{ "septembre", 9 }, { "octobre", 10 }, { "novembre", 11 }, { "decembre", 12 },
	/* Spanish */
	{ "enero", 1 }, { "febrero", 2 }, { "marzo", 3 }, { "abril", 4 }, { "mayo", 5 }, { "junio", 6 },
	{ "julio", 7 }, { "agosto", 8 }, { "septiembre", 9 }, { "setiembre", 9 }, { "octubre", 10 },
	{ "noviembre", 11 }, { "diciembre", 12 },
	/* Italian */
	{ "gennaio", 1 }, { "febbraio", 2 }, { "aprile", 4 }, { "maggio", 5 }, { "giugno", 6 }, { "luglio", 7 },
	{ "settembre", 9 }, { "ottobre", 10 }, { "dicembre", 12 },
	/* Portuguese */
	{ "janeiro", 1 }, { "fevereiro", 2 }, { "marco", 3 }, { "maio", 5 }, { "junho", 6 }, { "julho", 7 },
	{ "setembro", 9 }, { "outubro", 10 }, { "novembro", 11 }, { "dezembro", 12 },
	/* Dutch */
	{ "januari", 1 }, { "februari", 2 }, { "maart", 3 }, { "mei", 5 }, { "augustus", 8 },
	/* Hungarian */
	{ "marcius", 3 }, { "aprilis", 4 }, { "majus", 5 }, { "junius", 6 }, { "julius", 7 },
	{ "augusztus", 8 }, { "szeptember", 9 },
	/* Greek, nominative and genitive, and two abbreviations that are
	 * not the start of a name */
	{ "\xce\xb9\xce\xb1\xce\xbd\xce\xbf\xcf\x85\xce\xb1\xcf\x81\xce\xb9\xce\xbf\xcf\x83", 1 },
	{ "\xce\xb9\xce\xb1\xce\xbd\xce\xbf\xcf\x85\xce\xb1\xcf\x81\xce\xb9\xce\xbf\xcf\x85", 1 },
	{ "\xcf\x86\xce\xb5\xce\xb2\xcf\x81\xce\xbf\xcf\x85\xce\xb1\xcf\x81\xce\xb9\xce\xbf\xcf\x83", 2 },
	{ "\xcf\x86\xce\xb5\xce\xb2\xcf\x81\xce\xbf\xcf\x85\xce\xb1\xcf\x81\xce\xb9\xce\xbf\xcf\x85", 2 },
	{ "\xce\xbc\xce\xb1\xcf\x81\xcf\x84\xce\xb9\xce\xbf\xcf\x83", 3 },
	{ "\xce\xbc\xce\xb1\xcf\x81\xcf\x84\xce\xb9\xce\xbf\xcf\x85", 3 },
	{ "\xce\xb1\xcf\x80\xcf\x81\xce\xb9\xce\xbb\xce\xb9\xce\xbf\xcf\x83", 4 },
	{ "\xce\xb1\xcf\x80\xcf\x81\xce\xb9\xce\xbb\xce\xb9\xce\xbf\xcf\x85", 4 },
	{ "\xce\xbc\xce\xb1\xce\xb9\xce\xbf\xcf\x83", 5 },
	{ "\xce\xbc\xce\xb1\xce\xb9\xce\xbf\xcf\x85", 5 },
	{ "\xce\xb9\xce\xbf\xcf\x85\xce\xbd\xce\xb9\xce\xbf\xcf\x83", 6 },
	{ "\xce\xb9\xce\xbf\xcf\x85\xce\xbd\xce\xb9\xce\xbf\xcf\x85", 6 },
	{ "\xce\xb9\xce\xbf\xce\xbd", 6 },
	{ "\xce\xb9\xce\xbf\xcf\x85\xce\xbb\xce\xb9\xce\xbf\xcf\x83", 7 },
	{ "\xce\xb9\xce\xbf\xcf\x85\xce\xbb\xce\xb9\xce\xbf\xcf\x85", 7 },
	{ "\xce\xb9\xce\xbf\xce\xbb", 7 },
	{ "\xce\xb1\xcf\x85\xce\xb3\xce\xbf\xcf\x85\xcf\x83\xcf\x84\xce\xbf\xcf\x83", 8 },
	{ "\xce\xb1\xcf\x85\xce\xb3\xce\xbf\xcf\x85\xcf\x83\xcf\x84\xce\xbf\xcf\x85", 8 },
	{ "\xcf\x83\xce\xb5\xcf\x80\xcf\x84\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xb9\xce\xbf\xcf\x83", 9 },
	{ "\xcf\x83\xce\xb5\xcf\x80\xcf\x84\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xb9\xce\xbf\xcf\x85", 9 },
	{ "\xce\xbf\xce\xba\xcf\x84\xcf\x89\xce\xb2\xcf\x81\xce\xb9\xce\xbf\xcf\x83", 10 },
	{ "\xce\xbf\xce\xba\xcf\x84\xcf\x89\xce\xb2\xcf\x81\xce\xb9\xce\xbf\xcf\x85", 10 },
	{ "\xce\xbd\xce\xbf\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xb9\xce\xbf\xcf\x83", 11 },
	{ "\xce\xbd\xce\xbf\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xb9\xce\xbf\xcf\x85", 11 },
	{ "\xce\xb4\xce\xb5\xce\xba\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xb9\xce\xbf\xcf\x83", 12 },
	{ "\xce\xb4\xce\xb5\xce\xba\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xb9\xce\xbf\xcf\x85", 12 },
	/* Russian, nominative and genitive */
	{ "\xd1\x8f\xd0\xbd\xd0\xb2\xd0\xb0\xd1\x80\xd1\x8c", 1 }, { "\xd1\x8f\xd0\xbd\xd0\xb2\xd0\xb0\xd1\x80\xd1\x8f", 1 },
	{ "\xd1\x84\xd0\xb5\xd0\xb2\xd1\x80\xd0\xb0\xd0\xbb\xd1\x8c", 2 }, { "\xd1\x84\xd0\xb5\xd0\xb2\xd1\x80\xd0\xb0\xd0\xbb\xd1\x8f", 2 },
	{ "\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82", 3 }, { "\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0", 3 },
	{ "\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8c", 4 }, { "\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8f", 4 },
	{ "\xd0\xbc\xd0\xb0\xd0\xb9", 5 }, { "\xd0\xbc\xd0\xb0\xd1\x8f", 5 },
	{ "\xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8c", 6 }, { "\xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8f", 6 },
	{ "\xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8c", 7 }, { "\xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8f", 7 },
	{ "\xd0\xb0\xd0\xb2\xd0\xb3\xd1\x83\xd1\x81\xd1\x82", 8 }, { "\xd0\xb0\xd0\xb2\xd0\xb3\xd1\x83\xd1\x81\xd1\x82\xd0\xb0", 8 },
	{ "\xd1\x81\xd0\xb5\xd0\xbd\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c", 9 }, { "\xd1\x81\xd0\xb5\xd0\xbd\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 9 },
	{ "\xd0\xbe\xd0\xba\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c", 10 }, { "\xd0\xbe\xd0\xba\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 10 },
	{ "\xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c", 11 }, { "\xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 11 },
	{ "\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb0\xd0\xb1\xd1\x80\xd1\x8c", 12 }, { "\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb0\xd0\xb1\xd1\x80\xd1\x8f", 12 },
};

/* Day names in the same languages (folded), only ever skipped: a word
 * that is the start (two letters or more) of one of them, or one of the
 * abbreviations that are not. */
static const char *const weekday_words[] = {
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
	"hene", "marte", "merkure", "enjte", "premte", "shtune", "diel",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
	"lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica",
	"segunda", "terca", "quarta", "quinta", "sexta",
	"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
	"hetf\xc5\x91", "kedd", "szerda", "csutortok", "pentek", "szombat", "vasarnap",
	/* Greek */
	"\xce\xba\xcf\x85\xcf\x81\xce\xb9\xce\xb1\xce\xba\xce\xb7", "\xce\xb4\xce\xb5\xcf\x85\xcf\x84\xce\xb5\xcf\x81\xce\xb1",
	"\xcf\x84\xcf\x81\xce\xb9\xcf\x84\xce\xb7", "\xcf\x84\xce\xb5\xcf\x84\xce\xb1\xcf\x81\xcf\x84\xce\xb7",
	"\xcf\x80\xce\xb5\xce\xbc\xcf\x80\xcf\x84\xce\xb7", "\xcf\x80\xce\xb1\xcf\x81\xce\xb1\xcf\x83\xce\xba\xce\xb5\xcf\x85\xce\xb7",
	"\xcf\x83\xce\xb1\xce\xb2\xce\xb2\xce\xb1\xcf\x84\xce\xbf",
	/* Russian, and its two-letter abbreviations */
	"\xd0\xbf\xd0\xbe\xd0\xbd\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xbb\xd1\x8c\xd0\xbd\xd0\xb8\xd0\xba",
	"\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80\xd0\xbd\xd0\xb8\xd0\xba", "\xd1\x81\xd1\x80\xd0\xb5\xd0\xb4\xd0\xb0",
	"\xd1\x87\xd0\xb5\xd1\x82\xd0\xb2\xd0\xb5\xd1\x80\xd0\xb3", "\xd0\xbf\xd1\x8f\xd1\x82\xd0\xbd\xd0\xb8\xd1\x86\xd0\xb0",
	"\xd1\x81\xd1\x83\xd0\xb1\xd0\xb1\xd0\xbe\xd1\x82\xd0\xb0",
	"\xd0\xb2\xd0\xbe\xd1\x81\xd0\xba\xd1\x80\xd0\xb5\xd1\x81\xd0\xb5\xd0\xbd\xd1\x8c\xd0\xb5",
	"\xd0\xbf\xd0\xbd", "\xd1\x87\xd1\x82", "\xd0\xbf\xd1\x82", "\xd1\x81\xd0\xb1", "\xd0\xb2\xd1\x81",
};

/* The code point of a letter of two bytes (Latin-1, Latin Extended,
 * Greek, Cyrillic), folded: lower case, and for Latin-1 and Greek the
 * base letter without its accent. Returns the folded letter, or cp. */
static uint32_t
fold_letter(uint32_t cp)
{
	static const char latin1[] = "aaaaaa\0ceeeeiiii\0nooooo\0ouuuuy\0\0aaaaaa\0ceeeeiiii\0nooooo\0ouuuuy\0y";

	if (cp >= 0xc0 && cp <= 0xff && latin1[cp - 0xc0] != '\0') {
		return (unsigned char)latin1[cp - 0xc0];
	}
	/* Greek: capitals, then the accented small letters. */
	if (cp >= 0x391 && cp <= 0x3a9) {
		cp += 0x20;
	}
	switch (cp) {
	case 0x386: case 0x3ac:
		return 0x3b1;
	case 0x388: case 0x3ad:
		return 0x3b5;
	case 0x389: case 0x3ae:
		return 0x3b7;
	case 0x38a: case 0x3af: case 0x390: case 0x3ca:
		return 0x3b9;
	case 0x38c: case 0x3cc:
		return 0x3bf;
	case 0x38e: case 0x3cd: case 0x3b0: case 0x3cb:
		return 0x3c5;
	case 0x38f: case 0x3ce:
		return 0x3c9;
	case 0x3c2:
		return 0x3c3;
	case 0x401: case 0x451:
		return 0x435;
	default:
		break;
	}
	/* Cyrillic capitals. */
	if (cp >= 0x410 && cp <= 0x42f) {
		return cp + 0x20;
	}
	if (cp >= 0x400 && cp <= 0x40f) {
		return cp + 0x50;
	}
	return cp;
}

/* A word of letters (ASCII, or two-byte UTF-8: Latin, Greek, Cyrillic),
 * folded into buf as above (cut to fit). Returns its length in letters;
 * *ascii is set when every letter was ASCII. */
static size_t
read_uword(struct scan *sc, char *buf, size_t size, int *ascii)
{
	size_t n = 0, o = 0;

	*ascii = 1;
	for (;;) {
		int c = peek(sc), c2 = peek_at(sc, 1);
		uint32_t cp;

		if (is_alpha(c)) {
			if (o + 1 < size) {
				buf[o++] = (char)to_lower(c);
			}
			sc->p++;
		} else if (c >= 0xc3 && c <= 0xd4 && c2 >= 0x80 && c2 <= 0xbf) {
			cp = fold_letter(((uint32_t)(c & 0x1f) << 6) | (uint32_t)(c2 & 0x3f));
			*ascii = 0;
			if (cp < 0x80) {
				if (o + 1 < size) {
					buf[o++] = (char)cp;
				}
			} else if (o + 2 < size) {
				buf[o++] = (char)(0xc0 | (cp >> 6));
				buf[o++] = (char)(0x80 | (cp & 0x3f));
			}
			sc->p += 2;
		} else {
			break;
		}
		n++;
	}
	buf[o] = '\0';
	return n;
}

/* Whether the first letters of folded word w (len letters) start name. */
static int
starts_name(const char *w, const char *name)
{
	return strncmp(name, w, strlen(w)) == 0;
}

/* A month in any of the languages above, or 0. */
static int
lookup_month_any(const char *w, size_t len)
{
	size_t i;
	int found = 0;

	for (i = 0; i < sizeof month_words / sizeof month_words[0]; i++) {
		if (strcmp(w, month_words[i].name) == 0) {
			return month_words[i].month;
		}
	}
	for (i = 0; i < 12; i++) {
		if (strcmp(w, month_names[i]) == 0) {
			return (int)i + 1;
		}
	}
	if (len < 3) {
		return 0;
	}
	for (i = 0; i < sizeof month_words / sizeof month_words[0] + 12; i++) {
		const char *name = i < 12 ? month_names[i] : month_words[i - 12].name;
		int m = i < 12 ? (int)i + 1 : month_words[i - 12].month;

		if (starts_name(w, name)) {
			if (found != 0 && found != m) {
				return 0;
			}
			found = m;
		}
	}
	return found;
}

static int
lookup_weekday_any(const char *w, size_t len)
{
	size_t i;

	if (len < 2) {
		return 0;
	}
	for (i = 0; i < 7; i++) {
		if (starts_name(w, weekday_names[i])) {
			return 1;
		}
	}
	for (i = 0; i < sizeof weekday_words / sizeof weekday_words[0]; i++) {
		if (starts_name(w, weekday_words[i])) {
			return 1;
		}
	}
	return 0;
}

/* A month name at the cursor, optionally abbreviated with a dot; in any
 * of the languages above when any_language, else in English. */
static int
read_month_in(struct scan *sc, int any_language)
{
	struct scan save = *sc;
	char word[48];
	int ascii, m;
	size_t len = read_uword(sc, word, sizeof word, &ascii);

	m = len > 0 && ascii ? lookup_month(word, len) : 0;
	if (m == 0 && len > 0 && any_language) {
		m = lookup_month_any(word, len);
	}
	if (m == 0) {
		*sc = save;
		return 0;
	}
	if (len < 5) {
		accept(sc, '.');
	}
	return m;
}

static int
read_month(struct scan *sc)
{
	return read_month_in(sc, 1);
}

/* Zone names, in minutes east of UTC. The ones RFC 822 defines come first;
 * the rest are unambiguous abbreviations common in feeds (IST, which has
 * three meanings, is left out on purpose). */
static const struct {
	const char *name;
	int offset;
} zones[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 },
	{ "est", -5 * 60 }, { "edt", -4 * 60 },
	{ "cst", -6 * 60 }, { "cdt", -5 * 60 },
	{ "mst", -7 * 60 }, { "mdt", -6 * 60 },
	{ "pst", -8 * 60 }, { "pdt", -7 * 60 },
	/* The other zones of the United States and Canada, and the names
	 * without S or D that stand for whichever is in effect (taken as
	 * standard time). */
	{ "ast", -4 * 60 }, { "adt", -3 * 60 }, { "nst", -3 * 60 - 30 }, { "ndt", -2 * 60 - 30 },
	{ "hdt", -9 * 60 }, { "sst", -11 * 60 }, { "chst", 10 * 60 },
	{ "at", -4 * 60 }, { "et", -5 * 60 }, { "ct", -6 * 60 }, { "mt", -7 * 60 }, { "pt", -8 * 60 },
	{ "uct", 0 }, { "zulu", 0 },
	{ "wet", 0 }, { "west", 60 }, { "bst", 60 },
	{ "cet", 60 }, { "cest", 120 }, { "met", 60 }, { "mest", 120 },
	{ "eet", 120 }, { "eest", 180 }, { "msk", 180 },
	{ "hst", -10 * 60 }, { "akst", -9 * 60 }, { "akdt", -8 * 60 },
	{ "jst", 9 * 60 }, { "kst", 9 * 60 }, { "hkt", 8 * 60 }, { "sgt", 8 * 60 },
	{ "awst", 8 * 60 }, { "acst", 9 * 60 + 30 }, { "acdt", 10 * 60 + 30 },
	{ "aest", 10 * 60 }, { "aedt", 11 * 60 },
	{ "nzst", 12 * 60 }, { "nzdt", 13 * 60 },
};

enum zone_mode {
	ZONE_RFC822,    /* names, military letters, unknown names as UTC */
	ZONE_NAMES,     /* known names of two letters or more only */
	ZONE_NUMERIC    /* Z and numeric offsets only (ISO 8601) */
};

/* A numeric offset after its sign: hh, hhmm or hh:mm; a single-digit hour
 * only where a name precedes it ("GMT+1"). */
static int
read_offset(struct scan *sc, int sign, int short_hour, int *off)
{
	int h, m = 0, n;
	struct scan save = *sc;

	n = read_num(sc, &h);
	if (n == 4) {
		m = h % 100;
		h /= 100;
	} else if (n == 2 || (n == 1 && short_hour)) {
		if (peek(sc) == ':' && is_digit(peek_at(sc, 1))) {
			sc->p++;
			if (!read_fixed(sc, 2, &m)) {
				*sc = save;
				return -1;
			}
		}
	} else {
		*sc = save;
		return -1;
	}
	if (m > 59 || h * 60 + m > OFFSET_LIMIT) {
		return -1;
	}
	*off = sign * (h * 60 + m);
	return 1;
}

/* The tz database's fixed zones, after "Etc": Etc/GMT, Etc/UTC, and
 * Etc/GMT+5, which is five hours west of Greenwich (POSIX signs, the
 * reverse of ISO 8601's). */
static int
read_etc_zone(struct scan *sc, struct scan save, int *off)
{
	char word[12];
	size_t len;
	int c, h;

	sc->p++;
	len = read_word(sc, word, sizeof word);
	if (len == 0 || len >= sizeof word || (strcmp(word, "gmt") != 0 && strcmp(word, "utc") != 0 &&
	    strcmp(word, "uct") != 0 && strcmp(word, "ut") != 0 && strcmp(word, "zulu") != 0 &&
	    strcmp(word, "universal") != 0 && strcmp(word, "greenwich") != 0)) {
		*sc = save;
		return -1;
	}
	*off = 0;
	c = peek(sc);
	if ((c == '+' || c == '-') && strcmp(word, "gmt") == 0) {
		sc->p++;
		if (read_num(sc, &h) < 1 || h > 14) {
			*sc = save;
			return -1;
		}
		*off = (c == '+' ? -h : h) * 60;
	} else if (c == '0' && strcmp(word, "gmt") == 0) {
		sc->p++;
	}
	return 1;
}

/* A zone at the cursor. Returns 1 and sets *off when there is one, 0 when
 * there is none (the cursor is left alone), -1 when it is malformed. */
static int
read_zone(struct scan *sc, enum zone_mode mode, int *off)
{
	struct scan save = *sc;
	char word[8];
	size_t len, i;
	int c = peek(sc), extra;

	if (c == '+' || c == '-') {
		sc->p++;
		return read_offset(sc, c == '+' ? 1 : -1, 0, off);
	}
	if (!is_alpha(c)) {
		return 0;
	}
	len = read_word(sc, word, sizeof word);
	if (len == 1 && word[0] == 'z') {
		*off = 0;
		return 1;
	}
	if (mode == ZONE_NUMERIC || (len == 1 && mode != ZONE_RFC822)) {
		*sc = save;
		return 0;
	}
	if (len == 1) {
		/* RFC 822 military zones: A-I are -1..-9 hours, K-M -10..-12,
		 * N-Y +1..+12; there is no J. */
		c = word[0];
		if (c == 'j') {
			*sc = save;
			return -1;
		}
		if (c <= 'i') {
			*off = -(c - 'a' + 1) * 60;
		} else if (c <= 'm') {
			*off = -(c - 'a') * 60;
		} else {
			*off = (c - 'n' + 1) * 60;
		}
		return 1;
	}
	if (len == 3 && strcmp(word, "etc") == 0 && peek(sc) == '/') {
		return read_etc_zone(sc, save, off);
	}
	for (i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		if (len < sizeof word && strcmp(word, zones[i].name) == 0) {
			*off = zones[i].offset;
			/* "GMT+1", "UTC+05:30": an offset from UTC written
			 * after its name, meant as hours east, as people
			 * write it (not the POSIX TZ reading). */
			c = peek(sc);
			if (*off == 0 && (c == '+' || c == '-')) {
				sc->p++;
				if (read_offset(sc, c == '+' ? 1 : -1, 1, &extra) < 0) {
					return -1;
				}
				*off = extra;
			}
			return 1;
		}
	}
	if (mode == ZONE_RFC822 && len >= 3 && len <= 5) {
		/* RFC 5322 §4.3: an unknown zone name is taken as -0000. */
		*off = 0;
		return 1;
	}
	*sc = save;
	return 0;
}

/* A comment in parentheses, as RFC 822 allows after the zone: "(CET)". */
static int
skip_comment(struct scan *sc)
{
	int depth = 0;

	if (peek(sc) != '(') {
		return 1;
	}
	while (sc->p < sc->end) {
		if (*sc->p == '(') {
			depth++;
		} else if (*sc->p == ')' && --depth == 0) {
			sc->p++;
			return 1;
		}
		sc->p++;
	}
	return 0;
}

/* An optional fraction of a second, which is dropped. Returns 1 if it is
 * not zero, which matters only for 24:00:00. */
static int
skip_fraction(struct scan *sc)
{
	int nonzero = 0;

	if ((peek(sc) == '.' || peek(sc) == ',') && is_digit(peek_at(sc, 1))) {
		sc->p++;
		while (is_digit(peek(sc))) {
			nonzero |= *sc->p++ != '0';
		}
	}
	return nonzero;
}

/* hh:mm[:ss[.fraction]]; the hour may have one digit unless two_digit. */
static int
read_clock(struct scan *sc, int two_digit, int *h, int *mi, int *s, int *frac)
{
	struct scan save = *sc;
	int n;

	n = read_num(sc, h);
	if (n < (two_digit ? 2 : 1) || n > 2 || !accept(sc, ':') || !read_fixed(sc, 2, mi)) {
		*sc = save;
		return 0;
	}
	*s = 0;
	*frac = 0;
	if (peek(sc) == ':' && is_digit(peek_at(sc, 1))) {
		sc->p++;
		if (!read_fixed(sc, 2, s)) {
			*sc = save;
			return 0;
		}
		*frac = skip_fraction(sc);
	}
	return 1;
}

/* The basic-format time: hhmm or hhmmss[.fraction]. */
static int
read_basic_clock(struct scan *sc, int *h, int *mi, int *s, int *frac)
{
	int n, v;

	n = read_num(sc, &v);
	*s = 0;
	*frac = 0;
	if (n == 6) {
		*s = v % 100;
		v /= 100;
		*frac = skip_fraction(sc);
	} else if (n != 4) {
		return 0;
	}
	*h = v / 100;
	*mi = v % 100;
	return 1;
}

/* Two-digit years: RFC 5322 §4.3 (< 50 is 20xx); three digits add 1900. */
static int
read_year(struct scan *sc, int *y)
{
	int n = read_num(sc, y);

	if (n == 2) {
		*y += *y < 50 ? 2000 : 1900;
	} else if (n == 3) {
		*y += 1900;
	} else if (n != 4) {
		return 0;
	}
	return 1;
}

/* An optional leading weekday and its comma; anything else is left for
 * the caller. */
static void
skip_weekday(struct scan *sc)
{
	struct scan save, after;
	char word[48];
	size_t len;
	int ascii;

	skip_ws(sc);
	save = *sc;
	len = read_uword(sc, word, sizeof word, &ascii);
	if (len == 0 || !((ascii && lookup_weekday(word, len)) || lookup_weekday_any(word, len))) {
		*sc = save;
		return;
	}
	/* "Mar" is Tuesday in Spanish and March in English: a word that is
	 * also a month is a day only with a comma after it. */
	after = *sc;
	accept(&after, '.');
	skip_ws(&after);
	if (peek(&after) != ',' && (!ascii || !lookup_weekday(word, len)) && lookup_month_any(word, len) != 0) {
		*sc = save;
		return;
	}
	accept(sc, '.');
	skip_ws(sc);
	accept(sc, ',');
	skip_ws(sc);
}

/* Between day, month and year: white space, or a hyphen (RFC 850 dates,
 * "20-Feb-22"), slash (web server logs, "20/Feb/2022"), comma ("13 Feb,
 * 2012") or dot (German "20. März 2012") with or without white space
 * around it. */
static int
skip_date_sep(struct scan *sc)
{
	const char *start = sc->p;

	skip_ws(sc);
	if (accept(sc, '-') || accept(sc, '/') || accept(sc, ',') || accept(sc, '.')) {
		skip_ws(sc);
	}
	return sc->p != start;
}

/* s with each RFC 822 comment (in parentheses, nested, with \-quoted
 * characters; RFC 5322 §3.2.2 allows one between any two tokens) made a
 * space, into buf. Returns 0 if a comment is not closed or s is longer
 * than buf can hold. */
static int
strip_comments(const char *s, char *buf, size_t size)
{
	size_t o = 0;
	int depth = 0;

	for (; *s != '\0'; s++) {
		if (o + 2 >= size) {
			return 0;
		}
		if (depth > 0 && *s == '\\' && s[1] != '\0') {
			s++;
		} else if (*s == '(') {
			if (depth++ == 0) {
				buf[o++] = ' ';
			}
		} else if (*s == ')' && depth > 0) {
			depth--;
		} else if (depth == 0) {
			buf[o++] = *s;
		}
	}
	buf[o] = '\0';
	return depth == 0;
}

/*
 * RFC 822 and its relatives.
 */

static int64_t
parse_rfc822(struct scan *sc)
{
	int d, mo, y, h = 0, mi = 0, s = 0, off = 0, frac, n;

	skip_weekday(sc);
	n = read_num(sc, &d);
	if (n < 1 || n > 2 || !skip_date_sep(sc) || (mo = read_month(sc)) == 0 ||
	    !skip_date_sep(sc) || !read_year(sc, &y)) {
		return NR_TIME_UNKNOWN;
	}
	skip_ws(sc);
	if (is_digit(peek(sc))) {
		if (!read_clock(sc, 0, &h, &mi, &s, &frac)) {
			return NR_TIME_UNKNOWN;
		}
		skip_ws(sc);
		if (read_zone(sc, ZONE_RFC822, &off) < 0) {
			return NR_TIME_UNKNOWN;
		}
	}
	if (!at_end(sc)) {
		return NR_TIME_UNKNOWN;
	}
	return make_time(y, mo, d, h, mi, s, off);
}

/* RFC 822 after its comments are taken out. */
static int64_t
parse_rfc822_cfws(struct scan *sc)
{
	char buf[256];
	struct scan clean;

	if (memchr(sc->p, '(', (size_t)(sc->end - sc->p)) == NULL) {
		return parse_rfc822(sc);
	}
	if (!strip_comments(sc->p, buf, sizeof buf)) {
		return NR_TIME_UNKNOWN;
	}
	scan_init(&clean, buf);
	return parse_rfc822(&clean);
}

int64_t
nr_date_rfc822(const char *s)
{
	struct scan sc;

	if (s == NULL) {
		return NR_TIME_UNKNOWN;
	}
	scan_init(&sc, s);
	return parse_rfc822_cfws(&sc);
}

/*
 * ISO 8601.
 */

/* A month or day of an extended-format date: two digits, or one when
 * lenient. */
static int
read_part(struct scan *sc, int lenient, int *v)
{
	int n = read_num(sc, v);

	return n == 2 || (lenient && n == 1);
}

/* Strict is RFC 3339 and W3C-DTF plus the basic format; lenient also takes
 * what feeds write instead: one-digit months, days and hours, slashes,
 * white space before the zone, zone names. */
/* What follows a complete ISO 8601 date: the end, or a time after T or
 * white space, and its zone. */
static int64_t
iso_tail(struct scan *sc, int lenient, int basic, int64_t y, int mo, int d)
{
	int h = 0, mi = 0, s = 0, off = 0, frac = 0;

	if (!accept(sc, 'T') && !accept(sc, 't')) {
		if (at_end(sc)) {
			return make_time(y, mo, d, 0, 0, 0, 0);
		}
		if (!is_space((unsigned char)sc->p[-1])) {
			return NR_TIME_UNKNOWN;
		}
	}
	if (basic && lenient) {
		if (!read_clock(sc, 0, &h, &mi, &s, &frac) &&
		    !read_basic_clock(sc, &h, &mi, &s, &frac)) {
			return NR_TIME_UNKNOWN;
		}
	} else if (basic) {
		if (!read_basic_clock(sc, &h, &mi, &s, &frac)) {
			return NR_TIME_UNKNOWN;
		}
	} else if (!read_clock(sc, !lenient, &h, &mi, &s, &frac)) {
		return NR_TIME_UNKNOWN;
	}
	if (h == 24 && frac) {
		return NR_TIME_UNKNOWN;
	}
	if (lenient) {
		skip_ws(sc);
	}
	if (read_zone(sc, lenient ? ZONE_NAMES : ZONE_NUMERIC, &off) < 0 || !at_end(sc)) {
		return NR_TIME_UNKNOWN;
	}
	return make_time(y, mo, d, h, mi, s, off);
}

/* Strict is RFC 3339 and W3C-DTF plus the basic format; lenient also takes
 * what feeds write instead: one-digit months, days and hours, slashes,
 * white space before the zone, zone names. */
static int64_t
parse_iso(struct scan *sc, int lenient)
{
	int y, mo = 1, d = 1, n, sep, basic;

	skip_ws(sc);
	n = read_num(sc, &y);
	if (n == 8) {
		basic = 1;
		d = y % 100;
		mo = y / 100 % 100;
		y /= 10000;
	} else if (n == 4) {
		basic = 0;
		sep = peek(sc);
		if (sep != '-' && !(lenient && sep == '/')) {
			/* A year alone. */
			return at_end(sc) ? make_time(y, 1, 1, 0, 0, 0, 0) : NR_TIME_UNKNOWN;
		}
		sc->p++;
		if (!read_part(sc, lenient, &mo)) {
			return NR_TIME_UNKNOWN;
		}
		if (!accept(sc, sep)) {
			/* A year and a month. */
			return at_end(sc) ? make_time(y, mo, 1, 0, 0, 0, 0) : NR_TIME_UNKNOWN;
		}
		if (!read_part(sc, lenient, &d)) {
			return NR_TIME_UNKNOWN;
		}
	} else {
		return NR_TIME_UNKNOWN;
	}
	return iso_tail(sc, lenient, basic, y, mo, d);
}

/* The civil date of a day counted from 1970-01-01 (Hinnant's
 * civil_from_days). */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Day doy (1-based, may run past either end) of year y as a civil date. */
static void
civil_from_ordinal(int64_t y, int64_t doy, int64_t *cy, int *m, int *d)
{
	civil_from_days(nr_date_from_civil(y, 1, 1, 0, 0, 0) / 86400 + doy - 1, cy, m, d);
}

/* Two-digit years as RFC 5322 §4.3 reads them. */
static int
full_year(int yy)
{
	return yy + (yy < 50 ? 2000 : 1900);
}

/* An ISO 8601 week date: week w (1-53) of year y, day wd (1 = Monday).
 * Week 1 is the one with the year's first Thursday. */
static int
week_date(int64_t y, int w, int wd, int64_t *cy, int *m, int *d)
{
	int64_t jan4 = nr_date_from_civil(y, 1, 4, 0, 0, 0) / 86400;
	int64_t monday = jan4 - ((jan4 + 3) % 7 + 7) % 7;
	int64_t next = nr_date_from_civil(y + 1, 1, 4, 0, 0, 0) / 86400;
	int64_t next_monday = next - ((next + 3) % 7 + 7) % 7;
	int64_t day;

	if (w < 1 || wd < 1 || wd > 7) {
		return 0;
	}
	day = monday + (int64_t)(w - 1) * 7 + wd - 1;
	if (day >= next_monday) {
		return 0;
	}
	civil_from_days(day, cy, m, d);
	return 1;
}

static int
is_leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * The other forms of ISO 8601 (and of its 1988 and 2000 editions, which
 * allowed two-digit and truncated years), as feeds use them:
 *   ordinal       2003-335, 2003335, 03-335, 03335
 *   week          2004-W53-6, 2004W536, 2004-W53 (its Monday)
 *   two-digit     03-12-31, 031231
 *   truncated     -03-12, -0312 (a year and a month)
 *   a zero too many in the month, as one large site wrote: 2003-012-31
 *   a month by name, as Hungarian feeds write: 2004-július-13T9:15-05:00
 * each with a time after it as in the lenient reading.
 */
static int64_t
parse_iso_other(struct scan *sc)
{
	int64_t y, cy;
	int v, n, mo, d, wk, wd = 1, basic = 0;

	skip_ws(sc);
	if (accept(sc, '-')) {
		/* -YY-MM or -YYMM: a century's year and a month. */
		n = read_num(sc, &v);
		if (n == 2 && accept(sc, '-')) {
			y = full_year(v);
			if (read_num(sc, &mo) != 2) {
				return NR_TIME_UNKNOWN;
			}
		} else if (n == 4) {
			y = full_year(v / 100);
			mo = v % 100;
		} else {
			return NR_TIME_UNKNOWN;
		}
		return at_end(sc) ? make_time(y, mo, 1, 0, 0, 0, 0) : NR_TIME_UNKNOWN;
	}
	n = read_num(sc, &v);
	if (n == 4 && (peek(sc) == 'W' || (peek(sc) == '-' && peek_at(sc, 1) == 'W'))) {
		/* A week date. */
		y = v;
		basic = !accept(sc, '-');
		sc->p++;
		n = read_num(sc, &wk);
		if (basic && n == 3) {
			wd = wk % 10;
			wk /= 10;
		} else if (n != 2) {
			return NR_TIME_UNKNOWN;
		} else if (!basic && accept(sc, '-') && read_num(sc, &wd) != 1) {
			return NR_TIME_UNKNOWN;
		}
		if (!week_date(y, wk, wd, &cy, &mo, &d)) {
			return NR_TIME_UNKNOWN;
		}
		return iso_tail(sc, 1, basic, cy, mo, d);
	}
	if ((n == 4 || n == 2) && accept(sc, '-')) {
		int two = n == 2;

		y = two ? full_year(v) : v;
		if (is_alpha(peek(sc)) || peek(sc) >= 0xc3) {
			/* A month by name, then the day. */
			if ((mo = read_month(sc)) == 0 || !accept(sc, '-') || read_num(sc, &d) < 1 || d > 31) {
				return NR_TIME_UNKNOWN;
			}
			return iso_tail(sc, 1, 0, y, mo, d);
		}
		n = read_num(sc, &v);
		if (n == 3 && peek(sc) != '-') {
			/* Ordinal. */
			if (v < 1 || v > 365 + is_leap_year(y)) {
				return NR_TIME_UNKNOWN;
			}
			civil_from_ordinal(y, v, &cy, &mo, &d);
			return iso_tail(sc, 1, 0, cy, mo, d);
		}
		/* 2003-012-31, or 03-12-31 */
		if (!((n == 3 && !two && v < 100) || (n == 2 && two)) || !accept(sc, '-') ||
		    read_num(sc, &d) != 2) {
			return NR_TIME_UNKNOWN;
		}
		return iso_tail(sc, 1, 0, y, v, d);
	}
	if (n == 7 || n == 5) {
		/* YYYYDDD, YYDDD */
		y = n == 7 ? v / 1000 : full_year(v / 1000);
		if (v % 1000 < 1 || v % 1000 > 365 + is_leap_year(y)) {
			return NR_TIME_UNKNOWN;
		}
		civil_from_ordinal(y, v % 1000, &cy, &mo, &d);
		return iso_tail(sc, 1, 1, cy, mo, d);
	}
	if (n == 6) {
		/* YYMMDD */
		return iso_tail(sc, 1, 1, full_year(v / 10000), v / 100 % 100, v % 100);
	}
	return NR_TIME_UNKNOWN;
}

int64_t
nr_date_iso8601(const char *s)
{
	struct scan sc;

	if (s == NULL) {
		return NR_TIME_UNKNOWN;
	}
	scan_init(&sc, s);
	return parse_iso(&sc, 0);
}

/*
 * Dates in prose, and the broken forms feeds use.
 */

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

/* A day of the month, with an English ordinal suffix if any ("20th"). */
static int
read_day(struct scan *sc, int *d)
{
	struct scan save = *sc;
	char word[4];
	size_t len;
	int n = read_num(sc, d);

	if (n < 1 || n > 2) {
		*sc = save;
		return 0;
	}
	if (is_alpha(peek(sc))) {
		len = read_word(sc, word, sizeof word);
		if (len != 2 || (strcmp(word, "st") != 0 && strcmp(word, "nd") != 0 &&
		    strcmp(word, "rd") != 0 && strcmp(word, "th") != 0)) {
			*sc = save;
			return 0;
		}
	}
	return 1;
}

/* At least one white-space character. */
static int
need_ws(struct scan *sc)
{
	const char *start = sc->p;

	skip_ws(sc);
	return sc->p != start;
}

/* A year written out in prose: four digits and no more. */
static int
read_text_year(struct scan *sc, int *y)
{
	return read_num(sc, y) == 4;
}

/* "February 20, 2022", "Feb. 20th 2022", "20 February 2022", "20th of
 * February, 2022", "20-Feb-2022". In prose the month is capitalised, so
 * that "may" the verb is not taken for a month, and English: a word of
 * another language could be a name ("Mars 3, 2020"). */
static int
read_text_date(struct scan *sc, int in_prose, int *y, int *mo, int *d)
{
	struct scan save = *sc, w;
	char word[4];
	int c = peek(sc);

	if (is_alpha(c)) {
		if ((in_prose && !is_upper(c)) || (*mo = read_month_in(sc, !in_prose)) == 0 ||
		    !need_ws(sc) || !read_day(sc, d)) {
			goto fail;
		}
		accept(sc, ',');
		if (!need_ws(sc) && sc->p[-1] != ',') {
			goto fail;
		}
		if (!read_text_year(sc, y)) {
			goto fail;
		}
		return 1;
	}
	if (!read_day(sc, d)) {
		goto fail;
	}
	if (accept(sc, '-')) {
		if ((*mo = read_month_in(sc, !in_prose)) == 0 || !accept(sc, '-') || !read_text_year(sc, y)) {
			goto fail;
		}
		return 1;
	}
	if (!need_ws(sc)) {
		goto fail;
	}
	w = *sc;
	if (read_word(&w, word, sizeof word) == 2 && strcmp(word, "of") == 0 && need_ws(&w)) {
		*sc = w;
	}
	c = peek(sc);
	if ((in_prose && !is_upper(c)) || (*mo = read_month_in(sc, !in_prose)) == 0) {
		goto fail;
	}
	accept(sc, ',');
	if ((!need_ws(sc) && sc->p[-1] != ',') || !read_text_year(sc, y)) {
		goto fail;
	}
	return 1;
fail:
	*sc = save;
	return 0;
}

/* "am", "pm", "a.m.", "p.m." in any case: 1 for am, 2 for pm, 0 if none. */
static int
read_meridiem(struct scan *sc)
{
	struct scan save = *sc;
	int c = to_lower(peek(sc)), r;

	if (c != 'a' && c != 'p') {
		return 0;
	}
	r = c == 'a' ? 1 : 2;
	sc->p++;
	if (accept(sc, '.')) {
		if (to_lower(peek(sc)) != 'm' || peek_at(sc, 1) != '.') {
			*sc = save;
			return 0;
		}
		sc->p += 2;
	} else if (to_lower(peek(sc)) == 'm') {
		sc->p++;
	} else {
		*sc = save;
		return 0;
	}
	if (is_alpha(peek(sc))) {
		*sc = save;
		return 0;
	}
	return r;
}

/* A time after a date in prose: ", 10:30", " at 10:30 am", " - 9 p.m. UTC".
 * Without a zone it is UTC; a zone name must be in capitals here, so that
 * an ordinary word after the time is not read as one. */
static int
read_text_time(struct scan *sc, int *h, int *mi, int *s, int *off)
{
	struct scan save = *sc, w;
	char word[4];
	int n, ampm, minutes = 0, frac;

	skip_ws(sc);
	if (accept(sc, ',') || accept(sc, '@') || accept(sc, '-') || accept(sc, '|')) {
		skip_ws(sc);
	} else if (peek(sc) == 0xe2 && peek_at(sc, 1) == 0x80 &&
	    (peek_at(sc, 2) == 0x93 || peek_at(sc, 2) == 0x94)) {
		/* an en or em dash */
		sc->p += 3;
		skip_ws(sc);
	}
	w = *sc;
	if (read_word(&w, word, sizeof word) == 2 && strcmp(word, "at") == 0 && need_ws(&w)) {
		*sc = w;
	}
	if (read_clock(sc, 0, h, mi, s, &frac)) {
		minutes = 1;
	} else {
		n = read_num(sc, h);
		if (n < 1 || n > 2) {
			goto fail;
		}
		*mi = 0;
		*s = 0;
	}
	w = *sc;
	skip_ws(&w);
	ampm = read_meridiem(&w);
	if (ampm != 0) {
		if (*h < 1 || *h > 12) {
			goto fail;
		}
		*h = *h % 12 + (ampm == 2 ? 12 : 0);
		*sc = w;
	} else if (!minutes || *h > 23) {
		goto fail;
	}
	*off = 0;
	w = *sc;
	skip_ws(&w);
	n = peek(&w);
	if (n == '+' || n == '-' || n == 'Z' || (is_upper(n) && is_upper(peek_at(&w, 1)))) {
		const char *q = w.p;
		int bad = 0;

		while (q < w.end && is_alpha((unsigned char)*q)) {
			bad |= !is_upper((unsigned char)*q);
			q++;
		}
		/* Two capitals in prose are more often a word ("AT&T") than
		 * a zone. */
		bad |= q - w.p == 2;
		if (!bad && read_zone(&w, ZONE_NAMES, off) > 0) {
			*sc = w;
		} else {
			*off = 0;
		}
	}
	return 1;
fail:
	*sc = save;
	return 0;
}

/* A whole date as prose writes it, with an optional weekday before and
 * time after: "Sunday, February 20, 2022 10:00 AM". */
static int64_t
parse_text_whole(struct scan *sc)
{
	int y, mo, d, h = 0, mi = 0, s = 0, off = 0;

	skip_weekday(sc);
	if (!read_text_date(sc, 0, &y, &mo, &d)) {
		return NR_TIME_UNKNOWN;
	}
	read_text_time(sc, &h, &mi, &s, &off);
	if (!at_end(sc)) {
		return NR_TIME_UNKNOWN;
	}
	return make_time(y, mo, d, h, mi, s, off);
}

/* The C library's asctime() and date(1): "Sun Feb 20 10:00:00 2022",
 * "Sun Feb 20 10:00:00 UTC 2022". */
static int64_t
parse_asctime(struct scan *sc)
{
	int y, mo, d, h, mi, s, off = 0, frac;

	skip_weekday(sc);
	if ((mo = read_month(sc)) == 0 || !need_ws(sc) ||
	    !read_day(sc, &d) || !need_ws(sc) || !read_clock(sc, 0, &h, &mi, &s, &frac)) {
		return NR_TIME_UNKNOWN;
	}
	skip_ws(sc);
	if (read_zone(sc, ZONE_NAMES, &off) < 0) {
		return NR_TIME_UNKNOWN;
	}
	skip_ws(sc);
	if (!read_text_year(sc, &y) || !at_end(sc)) {
		return NR_TIME_UNKNOWN;
	}
	return make_time(y, mo, d, h, mi, s, off);
}

/* JavaScript's Date.toString(), which some feeds print as it is:
 * "Thu Aug 30 2012 17:26:16 GMT+0200 (CEST)". */
static int64_t
parse_js(struct scan *sc)
{
	int y, mo, d, h, mi, s, off = 0, frac;

	skip_weekday(sc);
	if ((mo = read_month(sc)) == 0 || !need_ws(sc) || !read_day(sc, &d) || !need_ws(sc) ||
	    !read_text_year(sc, &y) || !need_ws(sc) || !read_clock(sc, 0, &h, &mi, &s, &frac)) {
		return NR_TIME_UNKNOWN;
	}
	skip_ws(sc);
	if (read_zone(sc, ZONE_NAMES, &off) < 0) {
		return NR_TIME_UNKNOWN;
	}
	skip_ws(sc);
	if (!skip_comment(sc) || !at_end(sc)) {
		return NR_TIME_UNKNOWN;
	}
	return make_time(y, mo, d, h, mi, s, off);
}

/* A weekday before an ISO-like date, as Perforce writes it:
 * "Fri, 2006/09/15 08:19:53 EDT". */
static int64_t
parse_weekday_iso(struct scan *sc)
{
	const char *start;

	skip_ws(sc);
	start = sc->p;
	skip_weekday(sc);
	if (sc->p == start) {
		return NR_TIME_UNKNOWN;
	}
	return parse_iso(sc, 1);
}

/* Korean: the time is Korea's (UTC+9) unless a zone is written.
 *   2004년 05월 28일 01:31:15      (year, month, day marked by 년 월 일)
 *   2004-05-25 오후 11:23:17       (오전 is a.m., 오후 p.m.)   */
#define KO_YEAR "\xeb\x85\x84"
#define KO_MONTH "\xec\x9b\x94"
#define KO_DAY "\xec\x9d\xbc"
#define KO_AM "\xec\x98\xa4\xec\xa0\x84"
#define KO_PM "\xec\x98\xa4\xed\x9b\x84"

static int
accept_str(struct scan *sc, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(sc->end - sc->p) >= n && memcmp(sc->p, s, n) == 0) {
		sc->p += n;
		return 1;
	}
	return 0;
}

static int64_t
parse_korean(struct scan *sc)
{
	int y, mo, d, h = 0, mi = 0, s = 0, off = 9 * 60, frac, ampm = 0, marked;

	skip_ws(sc);
	if (read_num(sc, &y) != 4) {
		return NR_TIME_UNKNOWN;
	}
	marked = accept_str(sc, KO_YEAR);
	if (marked) {
		skip_ws(sc);
		if (read_num(sc, &mo) < 1 || !accept_str(sc, KO_MONTH)) {
			return NR_TIME_UNKNOWN;
		}
		skip_ws(sc);
		if (read_num(sc, &d) < 1 || !accept_str(sc, KO_DAY)) {
			return NR_TIME_UNKNOWN;
		}
	} else if (!accept(sc, '-') || read_num(sc, &mo) < 1 || !accept(sc, '-') || read_num(sc, &d) < 1) {
		return NR_TIME_UNKNOWN;
	}
	skip_ws(sc);
	if (accept_str(sc, KO_AM)) {
		ampm = 1;
	} else if (accept_str(sc, KO_PM)) {
		ampm = 2;
	} else if (!marked) {
		return NR_TIME_UNKNOWN;
	}
	skip_ws(sc);
	if (is_digit(peek(sc))) {
		if (!read_clock(sc, 0, &h, &mi, &s, &frac)) {
			return NR_TIME_UNKNOWN;
		}
		if (ampm != 0) {
			if (h < 1 || h > 12) {
				return NR_TIME_UNKNOWN;
			}
			h = h % 12 + (ampm == 2 ? 12 : 0);
		}
		skip_ws(sc);
		if (read_zone(sc, ZONE_NAMES, &off) < 0) {
			return NR_TIME_UNKNOWN;
		}
	} else if (ampm != 0) {
		return NR_TIME_UNKNOWN;
	}
	if (!at_end(sc)) {
		return NR_TIME_UNKNOWN;
	}
	return make_time(y, mo, d, h, mi, s, off);
}

int64_t
nr_date_parse(const char *s)
{
	static int64_t (*const parsers[])(struct scan *) = {
		parse_rfc822_cfws, parse_asctime, parse_text_whole, parse_iso_other, parse_weekday_iso,
		parse_js, parse_korean,
	};
	struct scan sc;
	int64_t t;
	size_t i;

	if (s == NULL) {
		return NR_TIME_UNKNOWN;
	}
	/* Strict ISO 8601 first, then its lenient reading, which is a superset
	 * except in what it takes for the same thing. */
	scan_init(&sc, s);
	t = parse_iso(&sc, 0);
	if (t != NR_TIME_UNKNOWN) {
		return t;
	}
	scan_init(&sc, s);
	t = parse_iso(&sc, 1);
	if (t != NR_TIME_UNKNOWN) {
		return t;
	}
	for (i = 0; i < sizeof parsers / sizeof parsers[0]; i++) {
		scan_init(&sc, s);
		t = parsers[i](&sc);
		if (t != NR_TIME_UNKNOWN) {
			return t;
		}
	}
	return NR_TIME_UNKNOWN;
}

/* An ISO 8601 date in prose: YYYY-MM-DD or YYYY/MM/DD with two-digit parts,
 * and a time after T or as prose writes it. */
static int64_t
text_iso_at(struct scan *sc)
{
	int y, mo, d, h = 0, mi = 0, s = 0, off = 0, frac, sep;
	struct scan w;

	if (read_num(sc, &y) != 4) {
		return NR_TIME_UNKNOWN;
	}
	sep = peek(sc);
	if (sep != '-' && sep != '/') {
		return NR_TIME_UNKNOWN;
	}
	sc->p++;
	if (read_num(sc, &mo) != 2 || !accept(sc, sep) || read_num(sc, &d) != 2) {
		return NR_TIME_UNKNOWN;
	}
	/* "2022-02-20-5" is more likely a part number than a date. */
	if (peek(sc) == sep && is_digit(peek_at(sc, 1))) {
		return NR_TIME_UNKNOWN;
	}
	w = *sc;
	if ((accept(&w, 'T') || accept(&w, ' ')) && read_clock(&w, 1, &h, &mi, &s, &frac)) {
		if (read_zone(&w, ZONE_NUMERIC, &off) < 0) {
			off = 0;
		}
	} else {
		read_text_time(sc, &h, &mi, &s, &off);
	}
	return make_time(y, mo, d, h, mi, s, off);
}

static int64_t
text_date_at(struct scan *sc)
{
	int y, mo, d, h = 0, mi = 0, s = 0, off = 0;
	struct scan w = *sc;
	int64_t t;

	if (is_digit(peek(sc))) {
		t = text_iso_at(&w);
		if (t != NR_TIME_UNKNOWN) {
			return t;
		}
	}
	if (!read_text_date(sc, 1, &y, &mo, &d)) {
		return NR_TIME_UNKNOWN;
	}
	/* "20 February 20221" is no date. */
	if (is_digit(peek(sc))) {
		return NR_TIME_UNKNOWN;
	}
	read_text_time(sc, &h, &mi, &s, &off);
	return make_time(y, mo, d, h, mi, s, off);
}

int64_t
nr_date_find_in_text(const char *text, size_t limit)
{
	const char *p, *end;
	struct scan sc;
	int64_t t;
	int c, prev;

	if (text == NULL) {
		return NR_TIME_UNKNOWN;
	}
	end = text + strnlen(text, limit);
	for (p = text; p < end; p++) {
		c = (unsigned char)*p;
		if (!is_digit(c) && !is_upper(c)) {
			continue;
		}
		/* Only at the start of a word or number: not "A320 March" or
		 * the "2022" inside "120220". */
		prev = p > text ? (unsigned char)p[-1] : ' ';
		if (is_digit(prev) || is_alpha(prev) || (is_digit(c) && (prev == '.' || prev == ','))) {
			continue;
		}
		sc.p = p;
		sc.end = end;
		t = text_date_at(&sc);
		if (t != NR_TIME_UNKNOWN) {
			return t;
		}
	}
	return NR_TIME_UNKNOWN;
}

void
nr_date_format(int64_t t, const char *fmt, char *buf, size_t size)
{
	struct tm tm;
	time_t tt;

	if (size == 0) {
		return;
	}
	buf[0] = '\0';
	if (t == NR_TIME_UNKNOWN || (int64_t)(time_t)t != t) {
		return;
	}
	tt = (time_t)t;
	if (localtime_r(&tt, &tm) == NULL) {
		return;
	}
	/* The format comes from the user's configuration, by design. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(buf, size, fmt, &tm) == 0) {
		buf[0] = '\0';
	}
#pragma GCC diagnostic pop
}
