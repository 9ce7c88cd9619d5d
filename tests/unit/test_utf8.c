#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "t.h"
#include "util/utf8.h"

/* Byte strings here may hold NULs, so each case carries its length; LEN()
 * takes it from a string literal. */
#define LEN(lit) (sizeof(lit) - 1)
#define BYTES(lit) lit, LEN(lit)

static void
test_decode(void)
{
	static const struct {
		const char *s;
		size_t n;
		uint32_t cp;
		size_t len;
	} cases[] = {
		{ BYTES("A"), 0x41, 1 },
		{ BYTES("\x7f"), 0x7f, 1 },
		{ "\0", 1, 0, 1 },
		{ BYTES("\xc2\x80"), 0x80, 2 },
		{ BYTES("\xc3\xa9"), 0xe9, 2 },
		{ BYTES("\xdf\xbf"), 0x7ff, 2 },
		{ BYTES("\xe0\xa0\x80"), 0x800, 3 },
		{ BYTES("\xe2\x80\xa6"), 0x2026, 3 },
		{ BYTES("\xed\x9f\xbf"), 0xd7ff, 3 },
		{ BYTES("\xee\x80\x80"), 0xe000, 3 },
		{ BYTES("\xef\xbf\xbd"), 0xfffd, 3 },
		{ BYTES("\xef\xbf\xbf"), 0xffff, 3 },
		{ BYTES("\xf0\x90\x80\x80"), 0x10000, 4 },
		{ BYTES("\xf0\x9f\x98\x80"), 0x1f600, 4 },
		{ BYTES("\xf4\x8f\xbf\xbf"), 0x10ffff, 4 },
		/* Only the first character is decoded. */
		{ BYTES("\xc3\xa9xyz"), 0xe9, 2 },
		/* Stray continuation bytes and bytes that never occur. */
		{ BYTES("\x80"), 0xfffd, 1 },
		{ BYTES("\xbf"), 0xfffd, 1 },
		{ BYTES("\xc0\x80"), 0xfffd, 1 },
		{ BYTES("\xc1\xbf"), 0xfffd, 1 },
		{ BYTES("\xf5\x80\x80\x80"), 0xfffd, 1 },
		{ BYTES("\xf8\x88\x80\x80\x80"), 0xfffd, 1 },
		{ BYTES("\xfe"), 0xfffd, 1 },
		{ BYTES("\xff"), 0xfffd, 1 },
		/* Overlong forms. */
		{ BYTES("\xe0\x80\xaf"), 0xfffd, 1 },
		{ BYTES("\xe0\x9f\xbf"), 0xfffd, 1 },
		{ BYTES("\xf0\x80\x80\xaf"), 0xfffd, 1 },
		{ BYTES("\xf0\x8f\xbf\xbf"), 0xfffd, 1 },
		/* Surrogates, high and low. */
		{ BYTES("\xed\xa0\x80"), 0xfffd, 1 },
		{ BYTES("\xed\xbf\xbf"), 0xfffd, 1 },
		/* Beyond U+10FFFF. */
		{ BYTES("\xf4\x90\x80\x80"), 0xfffd, 1 },
		/* Truncated, by the end of input or by another character. */
		{ BYTES("\xc3"), 0xfffd, 1 },
		{ BYTES("\xe2\x80"), 0xfffd, 1 },
		{ BYTES("\xf0\x9f\x98"), 0xfffd, 1 },
		{ BYTES("\xc3" "A"), 0xfffd, 1 },
		{ BYTES("\xe2\x80" "A"), 0xfffd, 1 },
		{ BYTES("\xf0\x9f\x98" "A"), 0xfffd, 1 },
		{ BYTES("\xe2\xc3\xa9"), 0xfffd, 1 },
		/* A valid sequence cut short by n, not by the bytes. */
		{ "\xe2\x80\xa6", 2, 0xfffd, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t cp = 0;
		size_t len = nr_utf8_decode(cases[i].s, cases[i].n, &cp);

		CHECK_INT(len, cases[i].len);
		CHECK_INT(cp, cases[i].cp);
	}
}

static void
test_encode(void)
{
	static const struct {
		uint32_t cp;
		const char *want;
	} cases[] = {
		{ 0x41, "A" },
		{ 0x7f, "\x7f" },
		{ 0x80, "\xc2\x80" },
		{ 0xe9, "\xc3\xa9" },
		{ 0x7ff, "\xdf\xbf" },
		{ 0x800, "\xe0\xa0\x80" },
		{ 0x2026, "\xe2\x80\xa6" },
		{ 0xffff, "\xef\xbf\xbf" },
		{ 0x10000, "\xf0\x90\x80\x80" },
		{ 0x1f600, "\xf0\x9f\x98\x80" },
		{ 0x10ffff, "\xf4\x8f\xbf\xbf" },
		/* What UTF-8 cannot hold comes out as U+FFFD. */
		{ 0xd800, "\xef\xbf\xbd" },
		{ 0xdfff, "\xef\xbf\xbd" },
		{ 0x110000, "\xef\xbf\xbd" },
		{ 0xffffffff, "\xef\xbf\xbd" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[5] = { 0 };
		size_t len = nr_utf8_encode(cases[i].cp, out);
		uint32_t back;

		CHECK_INT(len, strlen(cases[i].want));
		CHECK_STR(out, cases[i].want);
		/* Round trip through the decoder. */
		CHECK_INT(nr_utf8_decode(out, len, &back), len);
	}
	/* Every scalar value survives encode + decode. */
	{
		uint32_t cp, back;
		int bad = 0;

		for (cp = 0; cp <= 0x10ffff; cp++) {
			char out[4];
			size_t len;

			if (cp >= 0xd800 && cp <= 0xdfff) {
				continue;
			}
			len = nr_utf8_encode(cp, out);
			if (nr_utf8_decode(out, len, &back) != len || back != cp ||
			    !nr_utf8_valid(out, len)) {
				bad++;
			}
		}
		CHECK_INT(bad, 0);
	}
}

static void
test_valid(void)
{
	static const struct {
		const char *s;
		size_t n;
		int valid;
	} cases[] = {
		{ BYTES(""), 1 },
		{ BYTES("plain ASCII"), 1 },
		{ "a\0b", 3, 1 },
		{ BYTES("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80"), 1 },
		{ BYTES("\xef\xbf\xbd"), 1 },
		{ BYTES("caf\xc3"), 0 },
		{ BYTES("caf\xe9"), 0 },
		{ BYTES("\xc0\xaf"), 0 },
		{ BYTES("\xed\xa0\x80"), 0 },
		{ BYTES("\xf4\x90\x80\x80"), 0 },
		{ BYTES("ok \x80 ok"), 0 },
		{ BYTES("\x9b"), 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(nr_utf8_valid(cases[i].s, cases[i].n), cases[i].valid);
	}
}

static void
test_sanitize(void)
{
	enum {
		NL = NR_SAN_NEWLINES,
		TAB = NR_SAN_TABS,
		COL = NR_SAN_COLLAPSE
	};
	static const struct {
		const char *s;
		size_t n;
		int flags;
		const char *want;
	} cases[] = {
		{ BYTES(""), 0, "" },
		{ BYTES("Hello, world!"), 0, "Hello, world!" },
		{ BYTES("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87"), 0, "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87" },
		/* Invalid bytes, one U+FFFD each. */
		{ BYTES("caf\xe9"), 0, "caf\xef\xbf\xbd" },
		{ BYTES("\xff\xfe"), 0, "\xef\xbf\xbd\xef\xbf\xbd" },
		{ BYTES("\xc0\xaf/"), 0, "\xef\xbf\xbd\xef\xbf\xbd/" },
		{ BYTES("\xed\xa0\x80"), 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ BYTES("a\xe2\x80"), 0, "a\xef\xbf\xbd\xef\xbf\xbd" },
		/* Raw 0x9b is not UTF-8, so it is U+FFFD and not a CSI. */
		{ BYTES("\x9b" "2J"), 0, "\xef\xbf\xbd" "2J" },
		/* CSI. */
		{ BYTES("\x1b[2J"), 0, "" },
		{ BYTES("a\x1b[2Jb"), 0, "ab" },
		{ BYTES("\x1b[1;31mred\x1b[0m"), 0, "red" },
		{ BYTES("\x1b[?1049h"), 0, "" },
		{ BYTES("\x1b[38;5;196mX"), 0, "X" },
		{ BYTES("\x1b[ q!"), 0, "!" },
		{ BYTES("x\x1b["), 0, "x" },
		{ BYTES("x\x1b[12"), 0, "x" },
		/* A CSI broken off by a control: only what was read goes. */
		{ BYTES("\x1b[12\nab"), NL, "\nab" },
		{ BYTES("\x1b[12\x18" "ab"), 0, "ab" },
		{ BYTES("\x1b[12\xc3\xa9"), 0, "\xc3\xa9" },
		/* OSC, ended by BEL or ST. */
		{ BYTES("\x1b]0;owned\a"), 0, "" },
		{ BYTES("a\x1b]0;owned\ab"), 0, "ab" },
		{ BYTES("a\x1b]0;owned\x1b\\b"), 0, "ab" },
		{ BYTES("a\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\b"), 0, "alinkb" },
		{ BYTES("a\x1b]52;c;ZWNobyBvd25lZA==\ab"), 0, "ab" },
		{ BYTES("a\x1b]0;t\xc2\x9c" "b"), 0, "ab" },
		/* Unterminated: to the end, as a terminal would. */
		{ BYTES("a\x1b]0;owned"), 0, "a" },
		/* An ESC inside a string ends it and starts anew. */
		{ BYTES("a\x1b]0;x\x1b[2Jb"), 0, "ab" },
		/* DCS, SOS, PM, APC. */
		{ BYTES("a\x1bPq#0;2;0;0;0\x1b\\b"), 0, "ab" },
		{ BYTES("a\x1bXsos\x1b\\b"), 0, "ab" },
		{ BYTES("a\x1b^pm\x1b\\b"), 0, "ab" },
		{ BYTES("a\x1b_Gf=24;AAAA\x1b\\b"), 0, "ab" },
		/* BEL does not end a DCS; it is swallowed with it. */
		{ BYTES("a\x1bPx\ay\x1b\\b"), 0, "ab" },
		/* Two-byte and nF sequences. */
		{ BYTES("a\x1b" "cb"), 0, "ab" },
		{ BYTES("a\x1b" "7b\x1b" "8"), 0, "ab" },
		{ BYTES("a\x1b(Bb"), 0, "ab" },
		{ BYTES("a\x1b#8b"), 0, "ab" },
		{ BYTES("a\x1b\\b"), 0, "ab" },
		{ BYTES("a\x1b"), 0, "a" },
		{ BYTES("a\x1b\x1b[2Jb"), 0, "ab" },
		{ BYTES("a\x1b\xc3\xa9"), 0, "a\xc3\xa9" },
		/* C1 controls in UTF-8: removed, CSI and OSC with their
		 * sequences. */
		{ BYTES("\xc2\x9b" "2J"), 0, "" },
		{ BYTES("a\xc2\x9b" "1;31mb"), 0, "ab" },
		{ BYTES("a\xc2\x9d" "0;owned\ab"), 0, "ab" },
		{ BYTES("a\xc2\x9d" "0;owned\xc2\x9c" "b"), 0, "ab" },
		{ BYTES("a\xc2\x90q\x1b\\b"), 0, "ab" },
		{ BYTES("a\xc2\x80\xc2\x85\xc2\x8d\xc2\x9c" "b"), 0, "ab" },
		{ BYTES("a\xc2\x9f" "apc\xc2\x9c" "b"), 0, "ab" },
		/* NBSP and soft hyphen are not controls. */
		{ BYTES("a\xc2\xa0\xc2\xad" "b"), 0, "a\xc2\xa0\xc2\xad" "b" },
		/* Other C0 controls and DEL. */
		{ BYTES("a\x01\x02\x07\x08\x7f" "b"), 0, "ab" },
		{ "a\0b", 3, 0, "ab" },
		/* Newlines and tabs, kept or made spaces. */
		{ BYTES("a\nb"), 0, "a b" },
		{ BYTES("a\nb"), NL, "a\nb" },
		{ BYTES("a\r\nb"), NL, "a\nb" },
		{ BYTES("a\rb"), NL, "a\nb" },
		{ BYTES("a\r\rb"), NL, "a\n\nb" },
		{ BYTES("a\r\n\r\nb"), NL, "a\n\nb" },
		{ BYTES("a\n\rb"), NL, "a\n\nb" },
		{ BYTES("a\r\nb"), 0, "a b" },
		{ BYTES("a\tb"), 0, "a b" },
		{ BYTES("a\tb"), TAB, "a\tb" },
		{ BYTES("a\tb\nc"), NL | TAB, "a\tb\nc" },
		{ BYTES("a\fb"), NL, "a\nb" },
		{ BYTES("a\xe2\x80\xa8" "b"), NL, "a\nb" },
		{ BYTES("a\xe2\x80\xa9" "b"), 0, "a b" },
		/* Collapse: runs of ASCII white space, trimmed; NBSP stays. */
		{ BYTES("  a  b  "), COL, "a b" },
		{ BYTES("\n\t a \r\n\t b\n"), COL, "a b" },
		{ BYTES("a \x1b[1m b"), COL, "a b" },
		{ BYTES("a\x1b[1mb"), COL, "ab" },
		{ BYTES("a\x01 \x02 b"), COL, "a b" },
		{ BYTES("one two three"), COL, "one two three" },
		{ BYTES("a \xc2\xa0 b"), COL, "a \xc2\xa0 b" },
		{ BYTES("a\nb"), COL | NL, "a b" },
		{ BYTES("   "), COL, "" },
		{ BYTES(" \xc3\xa9 "), COL, "\xc3\xa9" },
		{ BYTES("x y"), COL, "x y" },
		{ BYTES("x "), COL, "x" },
		{ BYTES(" x"), COL, "x" },
		/* Without collapse, spaces stay as they are. */
		{ BYTES("  a  b  "), 0, "  a  b  " },
		/* Bidi embeddings, overrides and isolates. */
		{ BYTES("a\xe2\x80\xaa" "b\xe2\x80\xab" "c\xe2\x80\xac" "d"), 0, "abcd" },
		{ BYTES("evil\xe2\x80\xae" "txt.exe"), 0, "eviltxt.exe" },
		{ BYTES("a\xe2\x81\xa6" "b\xe2\x81\xa7" "c\xe2\x81\xa8" "d\xe2\x81\xa9"), 0, "abcd" },
		/* Marks that are not overrides stay. */
		{ BYTES("a\xe2\x80\x8f" "b"), 0, "a\xe2\x80\x8f" "b" },
		/* Combining marks and emoji pass through. */
		{ BYTES("e\xcc\x81"), 0, "e\xcc\x81" },
		{ BYTES("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"), 0, "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = nr_utf8_sanitize(cases[i].s, cases[i].n, cases[i].flags);

		CHECK_STR(got, cases[i].want);
		if (strcmp(got, cases[i].want) != 0) {
			fprintf(stderr, "  case %zu\n", i);
		}
		/* Whatever goes in, what comes out is safe. */
		CHECK(nr_utf8_valid(got, strlen(got)));
		CHECK(strchr(got, '\x1b') == NULL);
		free(got);
	}
}

/* Every byte string of up to three bytes from a set of awkward bytes comes
 * out valid, free of controls and no longer than three times the input. */
static void
test_sanitize_exhaustive(void)
{
	static const unsigned char set[] = {
		0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, ' ', '[', ']', '\\', 'P', 'a',
		0x7f, 0x80, 0x9b, 0x9c, 0xc2, 0xe2, 0xed, 0xf0, 0xf4, 0xff
	};
	size_t ns = sizeof set, a, b, c;
	int bad = 0, flags;

	for (flags = 0; flags < 8; flags++) {
		for (a = 0; a < ns; a++) {
			for (b = 0; b < ns; b++) {
				for (c = 0; c < ns; c++) {
					char in[3] = { (char)set[a], (char)set[b], (char)set[c] };
					char *got = nr_utf8_sanitize(in, 3, flags);
					size_t len = strlen(got), k;

					if (!nr_utf8_valid(got, len) || len > 9) {
						bad++;
					}
					for (k = 0; k < len; k++) {
						unsigned char u = (unsigned char)got[k];

						if ((u < 0x20 && u != '\n' && u != '\t') || u == 0x7f ||
						    (u == 0xc2 && k + 1 < len &&
						    (unsigned char)got[k + 1] < 0xa0)) {
							bad++;
						}
						if ((u == '\n' && !(flags & NR_SAN_NEWLINES)) ||
						    (u == '\t' && !(flags & NR_SAN_TABS))) {
							bad++;
						}
					}
					free(got);
				}
			}
		}
	}
	CHECK_INT(bad, 0);
}

/* A small deterministic generator, so that failures repeat. */
static uint32_t
next_rand(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 16;
}

/* Random strings of awkward pieces: the output is always valid UTF-8, has
 * no control characters but the kept ones and never grows past 3n. */
static void
test_sanitize_random(void)
{
	static const char *const pieces[] = {
		"a", " ", "  ", "\t", "\n", "\r", "\r\n", "\x1b", "[", "]", "\\", "P",
		"0;", "m", "\a", "\x9b", "\xc2\x9b", "\xc2\x9d", "\xc2\x9c", "\xc2\x85",
		"\xc3\xa9", "\xe4\xb8\xad", "\xe2\x80\xae", "\xe2\x81\xa6", "\xf0\x9f\x98\x80",
		"\xe2\x80", "\xff", "\x7f", "\x01", "\xc2\xa0", "\xe2\x80\xa8",
	};
	uint32_t seed = 1;
	int round, bad = 0;

	for (round = 0; round < 20000; round++) {
		char in[256];
		size_t n = 0, len, k;
		int parts = (int)(next_rand(&seed) % 24), flags = (int)(next_rand(&seed) % 8), p;
		char *got;

		for (p = 0; p < parts; p++) {
			const char *piece = pieces[next_rand(&seed) % (sizeof pieces / sizeof pieces[0])];

			memcpy(in + n, piece, strlen(piece));
			n += strlen(piece);
		}
		got = nr_utf8_sanitize(in, n, flags);
		len = strlen(got);
		if (!nr_utf8_valid(got, len) || len > 3 * n) {
			bad++;
		}
		for (k = 0; k < len; k++) {
			unsigned char u = (unsigned char)got[k];

			if ((u < 0x20 && !(u == '\n' && (flags & NR_SAN_NEWLINES)) &&
			    !(u == '\t' && (flags & NR_SAN_TABS))) || u == 0x7f ||
			    (u == 0xc2 && (unsigned char)got[k + 1] < 0xa0)) {
				bad++;
			}
		}
		if ((flags & NR_SAN_COLLAPSE) && len > 0 &&
		    (got[0] == ' ' || got[len - 1] == ' ' || strstr(got, "  ") != NULL)) {
			bad++;
		}
		/* Sanitising twice changes nothing. */
		{
			char *again = nr_utf8_sanitize(got, len, flags);

			bad += strcmp(again, got) != 0;
			free(again);
		}
		free(got);
	}
	CHECK_INT(bad, 0);
}

/* nr_utf8_sanitize without NR_SAN_COLLAPSE, one code point at a time as
 * its rules say, for input without escape sequences or the C1 controls
 * that open one: what its fast path (runs copied whole) must agree with. */
static char *
sanitize_slowly(const char *s, size_t n, int flags)
{
	struct nr_buf b = NR_BUF_INIT;
	char nl = (flags & NR_SAN_NEWLINES) ? '\n' : ' ';
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f) {
			nr_buf_addc(&b, (char)c);
		} else if (c == '\t') {
			nr_buf_addc(&b, (flags & NR_SAN_TABS) ? '\t' : ' ');
		} else if (c == '\n' || c == '\v' || c == '\f' || c == '\r') {
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
				i++;
			}
			nr_buf_addc(&b, nl);
		} else if (c < 0x80) {
			/* Other controls and DEL go. */
		} else {
			len = nr_utf8_decode(s + i, n - i, &cp);
			if (len == 1) {
				nr_buf_adds(&b, "\xef\xbf\xbd");
			} else if (cp == 0x2028 || cp == 0x2029) {
				nr_buf_addc(&b, nl);
			} else if (!(cp >= 0x80 && cp <= 0x9f) && !(cp >= 0x202a && cp <= 0x202e) &&
			    !(cp >= 0x2066 && cp <= 0x2069)) {
				nr_buf_add(&b, s + i, len);
			}
			i += len;
			continue;
		}
		i++;
	}
	nr_buf_addc(&b, '\0');
	return nr_buf_steal(&b);
}

/* The fast path's edges: sequences just inside and outside what it copies
 * whole (C1 controls after C2, the separators and bidi controls after E2,
 * overlongs after E0, surrogates after ED, four bytes, cut ones), between
 * ASCII and white space, give what the rules one by one give. */
static void
test_sanitize_runs(void)
{
	static const char *const pieces[] = {
		"a", "word ", " ", "\t", "\n", "\r", "\r\n", "\v", "\x01", "\x7f",
		"\xc2\x84", "\xc2\x85", "\xc2\x9a", "\xc2\xa0", "\xc3\xa9", "\xdf\xbf", "\xc1\xbf",
		"\xe0\x9f\x80", "\xe0\xa0\x80", "\xe1\x80\x80", "\xec\xbf\xbf", "\xed\x9f\xbf",
		"\xed\xa0\x80", "\xee\x80\x80", "\xef\xbf\xbf", "\xe4\xb8\xad",
		"\xe2\x80\x9c", "\xe2\x80\xa7", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaa",
		"\xe2\x80\xae", "\xe2\x80\xaf", "\xe2\x81\xa5", "\xe2\x81\xa6", "\xe2\x81\xa9",
		"\xe2\x81\xaa", "\xf0\x9f\x98\x80", "\xf4\x90\x80\x80",
		"\xe2\x80", "\xe2", "\xc3", "\x80", "\xbf", "\xff",
		/* Runs longer than the sixteen bytes taken at once, so that
		 * every other piece falls at every place in a block. */
		"a run of plain text", "0123456789abcdef", "seventeen bytes!!", "text\twith a tab and more",
		"a line of words\n", "~}|{zyx", " !\"#$%&'()*+,-./",
	};
	uint32_t seed = 7;
	int round, bad = 0;

	for (round = 0; round < 40000; round++) {
		char in[512];
		size_t n = 0;
		int parts = (int)(next_rand(&seed) % 20), flags = (int)(next_rand(&seed) % 4), p;
		char *got, *want;

		for (p = 0; p < parts; p++) {
			const char *piece = pieces[next_rand(&seed) % (sizeof pieces / sizeof pieces[0])];

			memcpy(in + n, piece, strlen(piece));
			n += strlen(piece);
		}
		got = nr_utf8_sanitize(in, n, flags);
		want = sanitize_slowly(in, n, flags);
		if (strcmp(got, want) != 0) {
			if (bad == 0) {
				CHECK_STR(got, want);
			}
			bad++;
		}
		free(got);
		free(want);
	}
	CHECK_INT(bad, 0);
}

/* nr_utf8_ascii_run: a run of every length up to 80, ended by a byte
 * from 0x80 at every place or not at all, from every alignment. */
static void
test_ascii_run(void)
{
	char buf[96];
	size_t len, at, off;
	int bad = 0;

	for (off = 0; off < 16; off++) {
		for (len = 0; len <= 80; len++) {
			memset(buf, 'a', sizeof buf);
			bad += nr_utf8_ascii_run(buf + off, len) != len;
			for (at = 0; at < len; at++) {
				memset(buf, at % 2 ? '\x7f' : 'z', sizeof buf);
				buf[off + at] = (char)(at % 3 == 0 ? 0x80 : at % 3 == 1 ? 0xc3 : 0xff);
				bad += nr_utf8_ascii_run(buf + off, len) != at;
			}
		}
	}
	CHECK_INT(bad, 0);
}

/* Whether s is an optional ellipsis followed by spaces only; *cut says
 * whether the ellipsis is there. */
static int
fit_tail(const char *s, int *cut)
{
	*cut = strncmp(s, "\xe2\x80\xa6", 3) == 0;
	s += *cut ? 3 : 0;
	while (*s == ' ') {
		s++;
	}
	return *s == '\0';
}

/* Random strings of clusters (with no "…" of their own, so that a cut is
 * plain to see), fitted to every width: never wider than asked (exactly as
 * wide with pad), the kept text a prefix of the input, and the cut never
 * between a character and the zero-width ones after it. */
static void
test_fit_random(void)
{
	static const char *const pieces[] = {
		"a", "b", " ", "\xc3\xa9", "e\xcc\x81", "\xcc\x81", "\xe4\xb8\xad",
		"\xf0\x9f\x98\x80", "\xe2\x9d\xa4\xef\xb8\x8f", "\xe2\x80\x8d",
		"\xf0\x9f\x87\xa6", "\xef\xbc\x81",
	};
	uint32_t seed = 7;
	int round, cols, pad, bad = 0;

	for (round = 0; round < 2000; round++) {
		char in[256];
		size_t n = 0;
		int parts = (int)(next_rand(&seed) % 16), p;

		for (p = 0; p < parts; p++) {
			const char *piece = pieces[next_rand(&seed) % (sizeof pieces / sizeof pieces[0])];

			memcpy(in + n, piece, strlen(piece));
			n += strlen(piece);
		}
		in[n] = '\0';
		for (cols = 0; cols <= 14; cols++) {
			for (pad = 0; pad <= 1; pad++) {
				char *got = nr_utf8_fit(in, cols, pad);
				size_t len = strlen(got), keep;
				int w = nr_utf8_width(got), cut;
				uint32_t cp;

				if (w > cols || (pad && w != cols) || !nr_utf8_valid(got, len)) {
					bad++;
				}
				/* got is in[0..keep), then "…" if cut, then
				 * spaces: find the longest keep that fits. */
				for (keep = len < n ? len : n;; keep--) {
					if (memcmp(in, got, keep) == 0 && fit_tail(got + keep, &cut)) {
						break;
					}
					if (keep == 0) {
						keep = (size_t)-1;
						break;
					}
				}
				if (keep == (size_t)-1 || (!cut && keep != n && cols > 0)) {
					bad++;
				} else if (cut && keep > 0) {
					nr_utf8_decode(in + keep, n - keep, &cp);
					/* Not before a zero-width character, not
					 * inside an emoji ZWJ sequence (UAX #29 GB11:
					 * an emoji, ZWJ, an emoji; after a ZWJ that
					 * follows anything else, a cluster ends). */
					if (nr_utf8_cpwidth(cp) == 0 ||
					    (keep >= 3 && memcmp(in + keep - 3, "\xe2\x80\x8d", 3) == 0 &&
					    (cp == 0x1f600 || cp == 0x2764) && keep >= 7 &&
					    (memcmp(in + keep - 7, "\xf0\x9f\x98\x80", 4) == 0 ||
					    memcmp(in + keep - 6, "\xef\xb8\x8f", 3) == 0))) {
						bad++;
					}
				}
				free(got);
			}
		}
	}
	CHECK_INT(bad, 0);
}

static void
test_width(void)
{
	static const struct {
		uint32_t cp;
		int width;
	} cps[] = {
		{ 'a', 1 },
		{ ' ', 1 },
		{ 0x00, 0 },
		{ 0x1b, 0 },
		{ 0x7f, 0 },
		{ 0x9b, 0 },
		{ 0xa0, 1 },
		{ 0xe9, 1 },
		{ 0x0301, 0 },          /* combining acute */
		{ 0x200b, 0 },          /* zero width space */
		{ 0x200d, 0 },          /* ZWJ */
		{ 0xfe0f, 0 },          /* variation selector 16 */
		{ 0x2026, 1 },
		{ 0x4e2d, 2 },          /* CJK */
		{ 0x3000, 2 },          /* ideographic space */
		{ 0xac00, 2 },          /* Hangul */
		{ 0xff01, 2 },          /* fullwidth ! */
		{ 0x1f600, 2 },         /* emoji */
		{ 0xfffd, 1 },
		{ 0x0378, 1 },          /* unassigned: one cell */
	};
	static const struct {
		const char *s;
		int width;
	} strs[] = {
		{ "", 0 },
		{ "hello", 5 },
		{ "caf\xc3\xa9", 4 },
		{ "cafe\xcc\x81", 4 },
		{ "\xe4\xb8\xad\xe6\x96\x87", 4 },
		{ "a\xe4\xb8\xad" "b", 4 },
		{ "\xf0\x9f\x98\x80!", 3 },
		{ "\xef\xbf\xbd", 1 },
		{ "\xff", 1 },
		{ "\xe2\x80\xa6", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		CHECK_INT(nr_utf8_cpwidth(cps[i].cp), cps[i].width);
	}
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		CHECK_INT(nr_utf8_width(strs[i].s), strs[i].width);
	}
}

static void
test_fit(void)
{
	static const struct {
		const char *s;
		int cols;
		int pad;
		const char *want;
	} cases[] = {
		{ "hello", 0, 0, "" },
		{ "hello", -3, 1, "" },
		{ "", 0, 1, "" },
		{ "", 3, 0, "" },
		{ "", 3, 1, "   " },
		{ "hello", 10, 0, "hello" },
		{ "hello", 7, 1, "hello  " },
		{ "hello", 5, 0, "hello" },
		{ "hello", 5, 1, "hello" },
		{ "hello", 4, 0, "hel\xe2\x80\xa6" },
		{ "hello", 3, 0, "he\xe2\x80\xa6" },
		{ "hello", 2, 0, "h\xe2\x80\xa6" },
		{ "hello", 1, 0, "\xe2\x80\xa6" },
		{ "hello", 1, 1, "\xe2\x80\xa6" },
		{ "hello world", 8, 1, "hello w\xe2\x80\xa6" },
		/* Wide characters are never split; the column left over is
		 * padding. */
		{ "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 6, 0, "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97" },
		{ "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 5, 0, "\xe4\xb8\xad\xe6\x96\x87\xe2\x80\xa6" },
		{ "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 4, 0, "\xe4\xb8\xad\xe2\x80\xa6" },
		{ "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 4, 1, "\xe4\xb8\xad\xe2\x80\xa6" " " },
		{ "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 2, 0, "\xe2\x80\xa6" },
		{ "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 2, 1, "\xe2\x80\xa6 " },
		{ "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 1, 0, "\xe2\x80\xa6" },
		{ "a\xe4\xb8\xad", 2, 0, "a\xe2\x80\xa6" },
		{ "a\xe4\xb8\xad", 3, 0, "a\xe4\xb8\xad" },
		/* Combining marks stay with their base. */
		{ "cafe\xcc\x81", 4, 0, "cafe\xcc\x81" },
		{ "cafe\xcc\x81s", 4, 0, "caf\xe2\x80\xa6" },
		{ "cafe\xcc\x81s", 5, 0, "cafe\xcc\x81s" },
		{ "e\xcc\x81\xcc\xa3xyz", 2, 0, "e\xcc\x81\xcc\xa3\xe2\x80\xa6" },
		/* Emoji, with modifiers, variation selectors and ZWJ. */
		{ "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 3, 0, "\xf0\x9f\x98\x80\xe2\x80\xa6" },
		{ "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 3, 1, "\xf0\x9f\x98\x80\xe2\x80\xa6" },
		{ "\xe2\x9d\xa4\xef\xb8\x8fxyz", 2, 0, "\xe2\x9d\xa4\xef\xb8\x8f\xe2\x80\xa6" },
		/* man ZWJ woman: 4 columns by wcwidth, kept or cut whole. */
		{ "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9" "ab", 6, 0,
		  "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9" "ab" },
		{ "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9" "ab", 5, 0,
		  "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\xa6" },
		{ "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9" "ab", 4, 0, "\xe2\x80\xa6" },
		/* A flag is two regional indicators; never half a flag. */
		{ "\xf0\x9f\x87\xa6\xf0\x9f\x87\xb1" "x", 2, 0, "\xe2\x80\xa6" },
		{ "\xf0\x9f\x87\xa6\xf0\x9f\x87\xb1" "xy", 3, 0, "\xf0\x9f\x87\xa6\xf0\x9f\x87\xb1\xe2\x80\xa6" },
		/* An invalid byte counts as the U+FFFD it stands for. */
		{ "\xff" "abc", 3, 0, "\xff" "a\xe2\x80\xa6" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = nr_utf8_fit(cases[i].s, cases[i].cols, cases[i].pad);

		CHECK_STR(got, cases[i].want);
		if (strcmp(got, cases[i].want) != 0) {
			fprintf(stderr, "  case %zu\n", i);
		}
		if (cases[i].cols > 0) {
			CHECK(nr_utf8_width(got) <= cases[i].cols);
		}
		free(got);
	}
}

static void
test_collate(void)
{
	/* The tests run in C.UTF-8: ASCII case is ignored first, then breaks
	 * the tie; other characters by code point. */
	CHECK(nr_utf8_collate("apple", "Banana") < 0);
	CHECK(nr_utf8_collate("Banana", "apple") > 0);
	CHECK(nr_utf8_collate("Apple", "apple") < 0);
	CHECK(nr_utf8_collate("apple", "apple") == 0);
	CHECK(nr_utf8_collate("samples", "World") < 0);
	CHECK(nr_utf8_collate("zebra", "\xc3\x89t\xc3\xa9") < 0);
	CHECK(nr_utf8_collate(NULL, "") == 0);
	CHECK(nr_utf8_collate(NULL, "a") < 0);
	CHECK(nr_utf8_collate("ab", "a") > 0);
}

int
main(void)
{
	t_init();
	test_collate();
	test_decode();
	test_encode();
	test_valid();
	test_sanitize();
	test_sanitize_exhaustive();
	test_sanitize_random();
	test_sanitize_runs();
	test_ascii_run();
	test_width();
	test_fit();
	test_fit_random();
	return t_done();
}
