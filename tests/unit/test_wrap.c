/* Wrapping by screen columns: breaks where UAX #14 allows (spaces, CJK,
 * hyphens, Thai words), long words cut without losing a character, wide characters and combining sequences never split,
 * tabs expanded, blank lines kept. */
#include "config.h"

#include "render/wrap.h"
#include "t.h"
#include "util/utf8.h"

/* The wrapped lines joined with '|'. */
static char *
wrapped(const char *text, int width)
{
	struct nr_wrap w = NR_WRAP_INIT;
	size_t i, len = 1;
	char *out;

	nr_wrap_text(&w, text, width, 0);
	for (i = 0; i < w.n; i++) {
		len += strlen(w.lines[i].text) + 1;
	}
	out = calloc(1, len);
	for (i = 0; i < w.n; i++) {
		if (i > 0) {
			strcat(out, "|");
		}
		strcat(out, w.lines[i].text);
	}
	nr_wrap_free(&w);
	return out;
}

static const struct {
	const char *text;
	int width;
	const char *want;
} cases[] = {
	{ "", 10, "" },
	{ "one two three", 20, "one two three" },
	{ "one two three", 7, "one two|three" },
	{ "one two three", 3, "one|two|thr|ee" },
	{ "one  two", 4, "one|two" },
	{ "abcdefghij", 4, "abcd|efgh|ij" },
	{ "a abcdefghij", 4, "a|abcd|efgh|ij" },
	{ "para one\n\npara two", 20, "para one||para two" },
	{ "  indented line", 40, "  indented line" },
	{ "x\ty", 20, "x       y" },
	/* Wide characters: two columns each, never split. */
	{ "東京で桜の開花宣言", 6, "東京で|桜の開|花宣言" },
	{ "東京で桜の開花宣言", 5, "東京|で桜|の開|花宣|言" },
	{ "東", 1, "東" },
	/* A combining sequence stays whole: e + U+0301. */
	{ "cafe\xcc\x81 cafe\xcc\x81", 4, "cafe\xcc\x81|cafe\xcc\x81" },
	{ "abce\xcc\x81", 4, "abce\xcc\x81" },
	{ "abcde\xcc\x81", 4, "abcd|e\xcc\x81" },
	/* Emoji: a ZWJ family is one cluster. */
	{ "ab \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 cd", 4, "ab|\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7|cd" },
	{ "width zero", 0, "w|i|d|t|h|z|e|r|o" },
	/* UAX #14: no break before a closing bracket or full stop, none
	 * after an opening one; CJK breaks between ideographs and kana; a
	 * Latin word inside CJK is not split. */
	{ "東京都は「新しい計画」を発表した。", 10, "東京都は|「新しい計|画」を発表|した。" },
	{ "北京（首都）是中国的城市。", 8, "北京（首|都）是中|国的城|市。" },
	{ "使用Virtual Private Network的人", 12, "使用Virtual|Private|Network的人" },
	{ "早く。", 4, "早|く。" },
	/* After a hyphen, not before; a number range stays whole. */
	{ "a well-known fact 1-2", 8, "a well-|known|fact 1-2" },
	/* No break after the full stop inside a word (LB29). */
	{ "see example.com now", 12, "see|example.com|now" },
	/* A URL moves whole to the next line where it fits, and breaks after
	 * a solidus only where it does not. */
	{ "go to https://example.org/a/b", 24, "go to|https://example.org/a/b" },
	{ "https://example.org/path/to/page", 16, "https://|example.org/|path/to/page" },
	/* Thai, written without spaces, breaks between words (libthai). */
	{ "ภาษาไทยเขียนติดกัน", 10, "ภาษาไทย|เขียนติดกัน" },
	/* Korean breaks at spaces first. */
	{ "서울시는 내년부터", 10, "서울시는|내년부터" },
	/* Korean breaks only at spaces (Hangul as AL, UAX #14's tailoring
	 * for Korean; CSS word-break: keep-all), never between syllables of
	 * a word, also next to Latin letters and digits; a word longer than
	 * the line is cut between syllables. */
	{ "정부는 오늘 새로운 경제 정책을 발표했다.", 20, "정부는 오늘 새로운|경제 정책을|발표했다." },
	{ "대한민국의 수도는 서울이다.", 12, "대한민국의|수도는|서울이다." },
	{ "오늘 API를 호출했습니다", 10, "오늘 API를|호출했습니|다" },
	{ "새 API를 쓴다", 6, "새|API를|쓴다" },
	{ "값은 3000원이다", 9, "값은|3000원이|다" },
	/* Compatibility jamo, as in chat: letters too. */
	{ "정말 ㅋㅋㅋㅋㅋ 웃겼다", 10, "정말|ㅋㅋㅋㅋㅋ|웃겼다" },
	/* The same in conjoining jamo (decomposed, NFD). */
	{ "\xe1\x84\x83\xe1\x85\xa2\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x86\xe1\x85\xb5\xe1\x86\xab\xe1\x84\x80\xe1\x85\xae\xe1\x86\xa8\xe1\x84\x8b\xe1\x85\xb4 \xe1\x84\x89\xe1\x85\xae\xe1\x84\x83\xe1\x85\xa9\xe1\x84\x82\xe1\x85\xb3\xe1\x86\xab \xe1\x84\x89\xe1\x85\xa5\xe1\x84\x8b\xe1\x85\xae\xe1\x86\xaf\xe1\x84\x8b\xe1\x85\xb5\xe1\x84\x83\xe1\x85\xa1.", 12,
	  "\xe1\x84\x83\xe1\x85\xa2\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x86\xe1\x85\xb5\xe1\x86\xab\xe1\x84\x80\xe1\x85\xae\xe1\x86\xa8\xe1\x84\x8b\xe1\x85\xb4|\xe1\x84\x89\xe1\x85\xae\xe1\x84\x83\xe1\x85\xa9\xe1\x84\x82\xe1\x85\xb3\xe1\x86\xab|\xe1\x84\x89\xe1\x85\xa5\xe1\x84\x8b\xe1\x85\xae\xe1\x86\xaf\xe1\x84\x8b\xe1\x85\xb5\xe1\x84\x83\xe1\x85\xa1." },
	/* A flag and an emoji with a skin tone are one cluster each. */
	{ "\xf0\x9f\x87\xa6\xf0\x9f\x87\xb1\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 2,
	  "\xf0\x9f\x87\xa6\xf0\x9f\x87\xb1|\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd" },
};

/* No line is wider than the width (unless one cluster is), and every
 * non-space byte of the text is still there, in order. */
static void
check_invariants(const char *text, int width)
{
	struct nr_wrap w = NR_WRAP_INIT;
	const char *p = text;
	size_t i;

	nr_wrap_text(&w, text, width, 7);
	for (i = 0; i < w.n; i++) {
		const char *q;
		int cw;

		CHECK(w.lines[i].tag == 7);
		CHECK(nr_utf8_width(w.lines[i].text) <= width ||
		    nr_utf8_cluster(w.lines[i].text, strlen(w.lines[i].text), &cw) == strlen(w.lines[i].text));
		for (q = w.lines[i].text; *q != '\0'; q++) {
			if (*q == ' ') {
				continue;
			}
			while (*p == ' ' || *p == '\n') {
				p++;
			}
			CHECK(*p == *q);
			if (*p != *q) {
				break;
			}
			p++;
		}
	}
	while (*p == ' ' || *p == '\n') {
		p++;
	}
	CHECK(*p == '\0');
	nr_wrap_free(&w);
}

int
main(void)
{
	size_t i;
	int width;

	t_init();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = wrapped(cases[i].text, cases[i].width);

		CHECK_STR(got, cases[i].want);
		free(got);
	}
	for (width = 1; width < 30; width++) {
		check_invariants("Prishtina marks independence day — 東京で桜の開花宣言 with cafe\xcc\x81 and "
		    "averyveryverylongwordthatneverbreaksanywhere 🎉 done", width);
	}
	{
		struct nr_wrap w = NR_WRAP_INIT;

		nr_wrap_add(&w, "as is, however long it may be", 3);
		nr_wrap_text(&w, "a b", 1, 4);
		CHECK_INT(w.n, 3);
		CHECK_STR(w.lines[0].text, "as is, however long it may be");
		CHECK_INT(w.lines[0].tag, 3);
		CHECK_INT(w.lines[2].tag, 4);
		nr_wrap_free(&w);
		CHECK_INT(w.n, 0);
	}
	return t_done();
}
