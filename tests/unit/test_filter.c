/* The filter language (filter/filter.h): the parser (what it takes, and
 * errors naming the column), the evaluation on every field, and the
 * store's translation to SQL (store/query.c) run on a real database
 * against the evaluation, article by article: the two must agree on
 * every expression of the table. With NR_FILTER_BENCH=DATABASE in the
 * environment it times expressions on that database instead
 * (bench/bench-filter.sh makes it). */
#include "config.h"

#include <locale.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "filter/filter.h"
#include "filter/needles.h"
#include "store/store.h"
#include "t.h"
#include "helpers.h"
#include "util/date.h"

/* ---- parsing ---- */

/* Expressions that parse. */
static const char *const good[] = {
	"title = \"x\"",
	"title == 'x'",
	"TITLE =~ \"^a.*b$\"",
	"author !~ \"press\"",
	"source != \"LWN\"",
	"link =~ \"https?://\"",
	"content =~ \"kernel\"",
	"tags = \"news\"",
	"unread",
	"not starred",
	"unread = yes",
	"starred = \"no\"",
	"unread != 1",
	"age < 7",
	"age >= \"30\"",
	"published > \"2026-01-01\"",
	"published <= \"2026-01-01T12:00:00Z\"",
	"(title = \"a\" or title = \"b\") and not (author = \"c\")",
	"title < \"m\" AND title >= \"b\" OR unread",
	"not not unread",
	"title =~ \"(?c)Linux\"",
	"title = \"say \\\"hi\\\"\"",
	"  unread  ",
};

/* Expressions that do not, and the message (its column first). */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ "", "column 1: the expression is empty" },
	{ "   ", "column 4: the expression is empty" },
	{ "titel = \"x\"", "column 1: unknown field 'titel' (fields: title, author, source, link, content, tags, "
	    "unread, starred, age, published)" },
	{ "title \"x\"", "column 7: expected an operator (= != =~ !~ < > <= >=) after 'title', found '\"x\"'" },
	{ "title =", "column 8: a value is missing after 'title', found the end" },
	{ "title = x", "column 9: quote the text: \"x\"" },
	{ "title = \"x", "column 9: the quoted text is not closed" },
	{ "title =~ \"(\"", "column 10: not a regular expression: " },
	{ "age =~ \"1\"", "column 5: '=~' compares text, and 'age' is not text" },
	{ "age < \"old\"", "column 7: 'age' is a number of days, not '\"old\"'" },
	{ "age < x", "column 7: 'age' is a number of days, not 'x'" },
	{ "unread = maybe", "column 10: 'unread' is yes or no, not 'maybe'" },
	{ "starred < 1", "column 9: 'starred' is yes or no: compare it with = or !=" },
	{ "published > \"soon\"", "column 13: not a date (YYYY-MM-DD, or a date and time): '\"soon\"'" },
	{ "(unread", "column 1: this parenthesis is not closed" },
	{ "unread)", "column 7: this parenthesis closes nothing" },
	{ "unread starred", "column 8: expected 'and', 'or' or the end, found 'starred'" },
	{ "unread and", "column 11: expected a field, 'not' or '(', found the end" },
	{ "(unread starred)", "column 9: expected 'and', 'or' or ')', found 'starred'" },
	{ "title = \"x\" & unread", "column 13: expected 'and', 'or' or the end, found '&'" },
	{ "= \"x\"", "column 1: expected a field, 'not' or '(', found '='" },
	/* Columns count characters, not bytes. */
	{ "title = \"é\" oder", "column 13: expected 'and', 'or' or the end, found 'oder'" },
};

static void
test_parse(void)
{
	struct nr_filter *f;
	struct nr_err err;
	size_t i;
	char deep[1000];

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		f = nr_filter_parse(good[i], &err);
		if (f == NULL) {
			fprintf(stderr, "'%s': %s\n", good[i], err.msg);
		}
		CHECK(f != NULL);
		nr_filter_free(f);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		f = nr_filter_parse(bad[i].text, &err);
		CHECK(f == NULL);
		nr_filter_free(f);
		if (strcmp(bad[i].msg + strlen(bad[i].msg) - 2, ": ") == 0) {
			/* regerror's words are the C library's. */
			CHECK(strncmp(err.msg, bad[i].msg, strlen(bad[i].msg)) == 0);
			CHECK(strlen(err.msg) > strlen(bad[i].msg));
		} else {
			CHECK_STR(err.msg, bad[i].msg);
		}
		CHECK_INT(err.code, NR_ERR_PARSE);
	}
	/* Nesting is bounded, not a stack overflow. */
	memset(deep, '(', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	f = nr_filter_parse(deep, &err);
	CHECK(f == NULL);
	CHECK(strstr(err.msg, "nested too deeply") != NULL);
	/* The text is kept. */
	f = nr_filter_parse("unread", &err);
	CHECK(f != NULL && strcmp(f->text, "unread") == 0);
	CHECK(nr_filter_uses(f, NR_FIELD_UNREAD));
	CHECK(!nr_filter_uses(f, NR_FIELD_CONTENT));
	nr_filter_free(f);
	f = nr_filter_parse("unread and (title = \"a\" or not content =~ \"b\")", &err);
	CHECK(f != NULL && nr_filter_uses(f, NR_FIELD_CONTENT));
	nr_filter_free(f);
}

static void
test_looks_like(void)
{
	CHECK(nr_filter_looks_like("title =~ \"x\""));
	CHECK(nr_filter_looks_like("(a"));
	CHECK(nr_filter_looks_like("unread"));
	CHECK(nr_filter_looks_like("not starred"));
	CHECK(nr_filter_looks_like("unread and starred"));
	CHECK(nr_filter_looks_like("a<b"));
	/* Words are words. */
	CHECK(!nr_filter_looks_like("linux kernel"));
	CHECK(!nr_filter_looks_like("title"));
	CHECK(!nr_filter_looks_like("unread books"));
	CHECK(!nr_filter_looks_like("rust"));
}

/* ---- evaluation ---- */

#define NOW ((int64_t)1780000000)     /* 2026-05-28 */
#define DAY NR_FILTER_DAY

struct art {
	const char *title, *author, *source, *link, *content;
	const char *tags[3];
	size_t ntags;
	int unread, starred;
	int64_t published;
};

static const char *
content_of(void *ud)
{
	return ((const struct art *)ud)->content;
}

static void
subject_of(const struct art *a, struct nr_filter_subject *s)
{
	memset(s, 0, sizeof *s);
	s->title = a->title;
	s->author = a->author;
	s->source = a->source;
	s->link = a->link;
	s->content = content_of;
	s->ud = (void *)a;
	s->tags = a->tags;
	s->ntags = a->ntags;
	s->unread = a->unread;
	s->starred = a->starred;
	s->published = a->published;
	s->date = a->published;
}

/* The articles of the evaluation and SQL tests. */
static const struct art arts[] = {
	{ "Linux 7.0 released", "Linus", "LWN.net", "https://lwn.net/1", "<p>The kernel is out</p>",
	    { "kernel", "news" }, 2, 1, 0, NOW - 2 * DAY - 100 },
	{ "BSD notes", "Press Office", "BSD Now", "https://bsd.example/2", "FreeBSD and OpenBSD",
	    { "bsd" }, 1, 0, 1, NOW - 10 * DAY },
	{ "linux on the desktop", NULL, "LWN.net", "http://lwn.net/3", NULL,
	    { "kernel", "news" }, 2, 1, 1, NR_TIME_UNKNOWN },
	{ "Zebra", "zed", "Untagged", "https://z.example/4", "stripes",
	    { NULL }, 0, 0, 0, NOW + DAY },
	{ "", "Ann", "Untagged", "", "", { NULL }, 0, 1, 0, NOW - 30 * DAY },
};

#define NARTS (sizeof arts / sizeof arts[0])

/* Each expression and the articles (bits by index) it matches. */
static const struct {
	const char *text;
	unsigned want;
} cases[] = {
	/* title */
	{ "title = \"bsd notes\"", 1u << 1 },
	{ "title != \"BSD notes\"", 0x1du },
	{ "title =~ \"linux\"", 1u << 0 | 1u << 2 },
	{ "title =~ \"(?c)linux\"", 1u << 2 },
	{ "title =~ \"^L\"", 1u << 0 | 1u << 2 },
	{ "title !~ \"linux\"", 1u << 1 | 1u << 3 | 1u << 4 },
	{ "title < \"c\"", 1u << 1 | 1u << 4 },
	{ "title >= \"l\"", 1u << 0 | 1u << 2 | 1u << 3 },
	{ "title = \"\"", 1u << 4 },
	{ "title =~ \"[0-9]+\\.[0-9]\"", 1u << 0 },
	/* author: missing is "" */
	{ "author = \"\"", 1u << 2 },
	{ "author =~ \"^press\"", 1u << 1 },
	{ "author !~ \"^press\"", 0x1du },
	{ "author > \"m\"", 1u << 1 | 1u << 3 },
	/* = by the authors' index (schema 9), without regard to case */
	{ "author = \"LINUS\"", 1u << 0 },
	{ "author != \"linus\"", 0x1eu },
	/* source */
	{ "source = \"lwn.net\"", 1u << 0 | 1u << 2 },
	{ "source != \"LWN.net\"", 1u << 1 | 1u << 3 | 1u << 4 },
	/* link */
	{ "link =~ \"^https://\"", 1u << 0 | 1u << 1 | 1u << 3 },
	{ "link =~ \"lwn\\.net\"", 1u << 0 | 1u << 2 },
	/* content: missing is "" */
	{ "content =~ \"KERNEL\"", 1u << 0 },
	{ "content =~ \"bsd\"", 1u << 1 },
	{ "content = \"\"", 1u << 2 | 1u << 4 },
	{ "content !~ \"e\"", 1u << 2 | 1u << 4 },
	/* tags: one of them */
	{ "tags = \"news\"", 1u << 0 | 1u << 2 },
	{ "tags = \"NEWS\"", 1u << 0 | 1u << 2 },
	{ "tags != \"news\"", 1u << 1 | 1u << 3 | 1u << 4 },
	{ "tags =~ \"^k\"", 1u << 0 | 1u << 2 },
	{ "tags =~ \".\"", 0x07u },
	{ "not tags =~ \".\"", 0x18u },
	{ "tags = \"bsd\" or tags = \"kernel\"", 0x07u },
	/* unread, starred */
	{ "unread", 1u << 0 | 1u << 2 | 1u << 4 },
	{ "unread = no", 1u << 1 | 1u << 3 },
	/* counted from the sources' counts (feed sets and unread only) */
	{ "tags = \"news\" and unread", 1u << 0 | 1u << 2 },
	{ "not unread and source = \"BSD Now\"", 1u << 1 },
	{ "unread and not unread", 0 },
	{ "source = \"Untagged\" and tags = \"news\"", 0 },
	{ "tags = \"bsd\" and tags = \"BSD\" and unread = no", 1u << 1 },
	{ "unread != yes", 1u << 1 | 1u << 3 },
	{ "starred", 1u << 1 | 1u << 2 },
	{ "not starred", 0x19u },
	{ "unread and starred", 1u << 2 },
	{ "unread or starred", 0x17u },
	/* age: whole days; a future date is a negative age; no date, none */
	{ "age = 2", 1u << 0 },
	{ "age < 3", 1u << 0 | 1u << 3 },
	{ "age <= 2", 1u << 0 | 1u << 3 },
	{ "age > 2", 1u << 1 | 1u << 4 },
	{ "age >= 10", 1u << 1 | 1u << 4 },
	{ "age < 0", 1u << 3 },
	{ "age = -1", 1u << 3 },
	{ "age != 2", 0x1eu },
	{ "age > 100", 0 },
	/* published: a day in UTC, or an instant; none for no date */
	{ "published >= \"2000-01-01\"", 0x1bu },
	{ "published < \"2000-01-01\"", 0 },
	{ "not published < \"2000-01-01\"", 0x1fu },
	{ "published != \"2000-01-01\"", 0x1fu },
	{ "published > \"2100-01-01\"", 0 },
	/* Grouping. */
	{ "(source = \"LWN.net\" or tags = \"bsd\") and not unread", 1u << 1 },
	{ "source = \"LWN.net\" or tags = \"bsd\" and not unread", 0x07u },
	{ "not (unread or starred)", 1u << 3 },
};

#define NCASES (sizeof cases / sizeof cases[0])

static unsigned
eval_all(const struct nr_filter *f)
{
	struct nr_filter_subject s;
	unsigned got = 0;
	size_t i;

	for (i = 0; i < NARTS; i++) {
		subject_of(&arts[i], &s);
		if (nr_filter_match(f, &s, NOW)) {
			got |= 1u << i;
		}
	}
	return got;
}

static void
test_eval(void)
{
	struct nr_filter *f;
	struct nr_err err;
	size_t i;

	for (i = 0; i < NCASES; i++) {
		unsigned got;

		f = nr_filter_parse(cases[i].text, &err);
		CHECK(f != NULL);
		if (f == NULL) {
			fprintf(stderr, "'%s': %s\n", cases[i].text, err.msg);
			continue;
		}
		got = eval_all(f);
		if (got != cases[i].want) {
			fprintf(stderr, "'%s': got %#x, want %#x\n", cases[i].text, got, cases[i].want);
		}
		CHECK_INT(got, cases[i].want);
		nr_filter_free(f);
	}
}

/* The published date's day: the first and last second of 2026-05-26
 * (UTC) are in it, the seconds around it are not. */
static void
test_dates(void)
{
	int64_t day = nr_date_from_civil(2026, 5, 26, 0, 0, 0);
	struct art a = { "t", NULL, "s", "l", NULL, { NULL }, 0, 1, 0, 0 };
	struct nr_filter_subject s;
	struct nr_filter *eq = nr_filter_parse("published = \"2026-05-26\"", NULL);
	struct nr_filter *le = nr_filter_parse("published <= \"2026-05-26\"", NULL);
	struct nr_filter *gt = nr_filter_parse("published > \"2026-05-26\"", NULL);
	struct nr_filter *at = nr_filter_parse("published = \"2026-05-26T10:00:00Z\"", NULL);
	static const struct {
		int64_t off;
		int eq, le, gt, at;
	} t[] = {
		{ -1, 0, 1, 0, 0 },
		{ 0, 1, 1, 0, 0 },
		{ 36000, 1, 1, 0, 1 },
		{ DAY - 1, 1, 1, 0, 0 },
		{ DAY, 0, 0, 1, 0 },
	};
	size_t i;

	CHECK(eq != NULL && le != NULL && gt != NULL && at != NULL);
	for (i = 0; eq != NULL && le != NULL && gt != NULL && at != NULL && i < sizeof t / sizeof t[0]; i++) {
		a.published = day + t[i].off;
		subject_of(&a, &s);
		CHECK_INT(nr_filter_match(eq, &s, NOW), t[i].eq);
		CHECK_INT(nr_filter_match(le, &s, NOW), t[i].le);
		CHECK_INT(nr_filter_match(gt, &s, NOW), t[i].gt);
		CHECK_INT(nr_filter_match(at, &s, NOW), t[i].at);
	}
	nr_filter_free(eq);
	nr_filter_free(le);
	nr_filter_free(gt);
	nr_filter_free(at);
}

/* Content is read only when the expression needs it. */
static int content_calls;

static const char *
counting_content(void *ud)
{
	(void)ud;
	content_calls++;
	return "x";
}

static void
test_lazy_content(void)
{
	struct nr_filter *f = nr_filter_parse("unread or content =~ \"x\"", NULL);
	struct nr_filter_subject s;

	memset(&s, 0, sizeof s);
	s.content = counting_content;
	s.unread = 1;
	CHECK(f != NULL && nr_filter_match(f, &s, NOW));
	CHECK_INT(content_calls, 0);
	s.unread = 0;
	CHECK(f != NULL && nr_filter_match(f, &s, NOW));
	CHECK_INT(content_calls, 1);
	nr_filter_free(f);
}

/* ---- what a regular expression needs (filter/needles.h) ---- */

/* nd written as "^PREFIX [a|b] [c]": the prefix, then each condition's
 * literals. */
static char *
needles_text(const struct nr_filter_needles *nd)
{
	struct nr_buf b = NR_BUF_INIT;
	size_t i, j;

	if (nd->prefix != NULL) {
		nr_buf_printf(&b, "^%s", nd->prefix);
	}
	for (i = 0; i < nd->nneeds; i++) {
		nr_buf_adds(&b, b.len > 0 ? " [" : "[");
		for (j = 0; j < nd->needs[i].nlits; j++) {
			nr_buf_printf(&b, "%s%s", j > 0 ? "|" : "", nd->needs[i].lits[j]);
		}
		nr_buf_addc(&b, ']');
	}
	return nr_buf_steal(&b);
}

/* Patterns and what they need. Where a naive reading would be wrong:
 * an optional or repeated atom, an alternation (also with an empty
 * branch), brackets (a "]" or "^" in them), backreferences and \w, a
 * character outside ASCII (the C library's case folding reaches across:
 * U+017F matches "s"), and syntax this reading does not follow. */
static const struct {
	const char *pattern;
	const char *needs;
} needle_cases[] = {
	{ "linux", "[linux]" },
	{ "^linux", "^linux" },
	{ "^Linux Kernel", "^linux kernel" },
	{ "kernel.*release", "[kernel] [release]" },
	{ "(?c)Linux", "[Linux]" },
	{ "(?i)Linux", "[linux]" },
	{ "linux|bsd", "[linux|bsd]" },
	{ "^linux|^bsd", "[linux|bsd]" },
	{ "(linux|bsd) news", "[linux|bsd] [ news]" },
	{ "(lin(ux)|bsd)", "[linux|bsd]" },
	{ "a|", "" },
	{ "a||b", "" },
	{ "(a|)bc", "[bc]" },
	{ "colou?r", "[colo] [r]" },
	{ "ab*c", "[a] [c]" },
	{ "xy{0,}z", "[x] [z]" },
	{ "xy{,3}z", "[x] [z]" },
	{ "xy{0}z", "[x] [z]" },
	{ "xy{1}z", "[xyz]" },
	{ "xy{1,1}z", "[xyz]" },
	{ "xy{1,2}z", "[x] [y] [z]" },
	{ "(ab){2}c", "[ab] [c]" },
	{ "(ab)+", "[ab]" },
	{ "(ab)*cd", "[cd]" },
	{ "a**b", "[b]" },
	{ "a+?b", "[b]" },
	{ "[^]a]bc", "[bc]" },
	{ "[]x]yz", "[yz]" },
	{ "[[:alpha:]]xy[[.-.]]z", "[xy] [z]" },
	{ "x[^y]z", "[x] [z]" },
	{ "(a)\\1b", "[a] [b]" },
	{ "\\.net", "[.net]" },
	{ "\\w+foo\\b", "[foo]" },
	{ "a\\{b", "[a{b]" },
	{ "^(linux)", "^linux" },
	{ "^ab*", "^a" },
	{ "a^b$c", "[a] [b] [c]" },
	{ "^$", "" },
	{ "caf\xc3\xa9s", "[caf] [s]" },
	{ "\xc5\xbf" "ecurity", "[ecurity]" },
	{ "\xe2\x84\xaa" "ernel", "[ernel]" },
	{ "(?c)caf\xc3\xa9", "[caf]" },
	{ "()x", "[x]" },
	/* Literals alone (decided without regexec for ASCII subjects). */
	{ "release$", "[release]" },
	{ "^linux$", "^linux" },
	{ "(?c)^Linux", "^Linux" },
	{ "^\\$5", "^$5" },
	/* Not followed: nothing needed. */
	{ "*a", "" },
	{ "a{", "" },
	{ "a{x}", "" },
	{ "(ab", "" },
	{ "ab)", "" },
	{ "[ab", "" },
	{ "^*a", "" },
	{ "", "" },
	{ ".", "" },
};

/* Subjects for every pattern above: any that regexec matches must pass. */
static const char *const needle_subjects[] = {
	"linux", "Linux kernel release", "LINUX KERNEL", "the linux kernel", "bsd news", "BSD News",
	"colour", "color", "colr", "abc", "ac", "xz", "xyz", "xyyz", "ababc", "abab", "cd", "b", "bc", "]bc",
	"abc", "xyz", "aab", ".net", "anet", "foo", "a{b", "kernel release", "", "x", "y",
	/* Outside ASCII: only regexec can tell. */
	"l\xc4\xb1nux",                 /* dotless i: glibc matches it against "I" */
	"\xc5\xbf" "ecurity",           /* U+017F, matched by "s" */
	"\xe2\x84\xaa" "ernel",         /* U+212A KELVIN SIGN */
	"\xc4\xb0stanbul",              /* U+0130 */
	"caf\xc3\xa9s", "CAF\xc3\x89S", "security", "Kernel",
};

static void
test_needles(void)
{
	size_t i, j;
	int rejected = 0;

	for (i = 0; i < sizeof needle_cases / sizeof needle_cases[0]; i++) {
		struct nr_filter_needles nd;
		char *got;

		nr_filter_needles(needle_cases[i].pattern, &nd);
		got = needles_text(&nd);
		if (strcmp(got, needle_cases[i].needs) != 0) {
			fprintf(stderr, "needles of '%s'\n", needle_cases[i].pattern);
		}
		CHECK_STR(got, needle_cases[i].needs);
		free(got);
		CHECK_INT(nd.icase, strncmp(needle_cases[i].pattern, "(?c)", 4) != 0);
		/* Sound: whatever regexec matches passes. */
		for (j = 0; j < sizeof needle_subjects / sizeof needle_subjects[0]; j++) {
			const char *s = needle_subjects[j];
			regex_t re;
			int pass = nr_filter_needles_pass(&nd, s, strlen(s));

			if (nr_filter_regcomp(&re, needle_cases[i].pattern, NULL) < 0) {
				continue;
			}
			if (regexec(&re, s, 0, NULL, 0) == 0 && !pass) {
				fprintf(stderr, "'%s' matches '%s' but the needles turn it away\n", needle_cases[i].pattern, s);
				CHECK(pass);
			}
			rejected += !pass;
			regfree(&re);
		}
		nr_filter_needles_free(&nd);
	}
	/* And they turn subjects away. */
	CHECK(rejected > 100);
	{
		struct nr_filter_needles nd;

		nr_filter_needles("^linux", &nd);
		CHECK(nr_filter_needles_pass(&nd, "LiNuX rocks", 11));
		CHECK(!nr_filter_needles_pass(&nd, "the linux", 9));
		CHECK(!nr_filter_needles_pass(&nd, "lin", 3));
		/* Not ASCII where the prefix is: regexec decides (U+0131
		 * matches "i"). */
		CHECK(nr_filter_needles_pass(&nd, "l\xc4\xb1nux", 6));
		nr_filter_needles_free(&nd);
		nr_filter_needles("(?c)Linux", &nd);
		CHECK(!nr_filter_needles_pass(&nd, "linux", 5));
		/* Case kept: the bytes are there or not, whatever else is. */
		CHECK(!nr_filter_needles_pass(&nd, "linux \xc3\xa9", 8));
		CHECK(nr_filter_needles_pass(&nd, "a Linux", 7));
		nr_filter_needles_free(&nd);
		nr_filter_needles("s", &nd);
		CHECK(nr_filter_needles_pass(&nd, "\xc5\xbf", 2));
		CHECK(!nr_filter_needles_pass(&nd, "xyz", 3));
		nr_filter_needles_free(&nd);
	}
}

/* ---- a literal alone, decided without regexec ---- */

static const char *const literal_patterns[] = {
	"linux", "^linux", "linux$", "^linux$", "(?c)Linux", "(?c)^Linux", "(?c)ux$", "(?i)KERNEL", "\\.net",
	"^\\$5", "a b", "s", "k", "i", "I", "^x", "x$", "release$", "^ss$", "\\(a\\)", "\\^i\\$",
	/* Not literals alone: the needles and regexec. */
	"^(linux)", "lin.x", "li?nux", "linux|bsd", "x]", "a}", "^", "$", "",
};

/* Pieces of subjects: ASCII in both cases, a newline, characters that
 * glibc's REG_ICASE folds onto ASCII (dotless i, long s, Kelvin sign,
 * U+0130), other UTF-8, bytes that are not UTF-8, and a NUL (regexec
 * reads up to it). */
static const char *const subject_pieces[] = {
	"linux", "LINUX", "Lin", "ux", "\n", " ", "l\xc4\xb1nux", "\xc4\xb1", "\xc5\xbf", "\xe2\x84\xaa",
	"\xc4\xb0", "\xc3\x9f", "\xff", "\xc3", "\x80", "e", "E", "s", "S", "k", "K", "i", "I", ".net", "$5", "$",
	"^", "release", "RELEASE", "kernel", "x", "X", "a b", "(a)", "^i$", "", "\0",
};

/* Each pattern's test against regexec over many subjects: whatever it
 * decides (0 or 1) is regexec's answer, in the locale set now; ASCII
 * subjects of a literal alone are decided when the locale folds ASCII
 * as ASCII (plain). */
static void
check_decided(int plain)
{
	size_t npieces = sizeof subject_pieces / sizeof subject_pieces[0], i, k;
	uint32_t seed = 24;
	long decided = 0;

	for (i = 0; i < sizeof literal_patterns / sizeof literal_patterns[0]; i++) {
		struct nr_filter_needles nd;
		regex_t re;

		if (nr_filter_regcomp(&re, literal_patterns[i], NULL) < 0) {
			continue;
		}
		nr_filter_needles(literal_patterns[i], &nd);
		for (k = 0; k < 3000; k++) {
			char s[64];
			size_t len = 0, np, j;
			int want, got, ascii = 1;

			seed = seed * 1103515245u + 12345u;
			np = (seed >> 16) % 5;
			for (j = 0; j < np; j++) {
				const char *piece;
				size_t pl;

				seed = seed * 1103515245u + 12345u;
				piece = subject_pieces[(seed >> 16) % npieces];
				/* The NUL piece is one byte, not "". */
				pl = piece[0] == '\0' && piece == subject_pieces[npieces - 1] ? 1 : strlen(piece);
				memcpy(s + len, piece, pl);
				len += pl;
			}
			s[len] = '\0';
			want = regexec(&re, s, 0, NULL, 0) == 0;
			got = nr_filter_needles_test(&nd, s, len);
			if (got >= 0 && got != want) {
				fprintf(stderr, "'%s' on '%.*s' (%zu bytes): regexec %d, the needles %d\n", literal_patterns[i],
				    (int)len, s, len, want, got);
				CHECK_INT(got, want);
			}
			for (j = 0; j < len && s[j] != '\0'; j++) {
				ascii &= (unsigned char)s[j] < 0x80;
			}
			/* An ASCII subject of a literal alone: decided. */
			if (nd.literal != NULL && ascii && plain) {
				CHECK(got >= 0);
			}
			decided += nd.literal != NULL && got >= 0;
		}
		/* Which patterns are literals alone. */
		CHECK_INT(nd.literal != NULL, plain && i < 21);
		nr_filter_needles_free(&nd);
		regfree(&re);
	}
	if (plain) {
		CHECK(decided > 30000);
	}
}

static void
test_needles_decide(void)
{
	struct nr_filter_needles nd;

	check_decided(1);
	/* One byte a character, toupper's folding. */
	if (setlocale(LC_ALL, "C") != NULL) {
		check_decided(1);
	}
	/* Where "i" is upper-cased to U+0130, regexec decides (when the
	 * system has such a locale). */
	if (setlocale(LC_ALL, "tr_TR.UTF-8") != NULL) {
		check_decided(0);
	}
	setlocale(LC_ALL, "C.UTF-8");
	nr_filter_needles("^Linux", &nd);
	CHECK_INT(nr_filter_needles_test(&nd, "LINUX rocks", 11), 1);
	CHECK_INT(nr_filter_needles_test(&nd, "the linux", 9), 0);
	CHECK_INT(nr_filter_needles_test(&nd, "lin\0ux", 6), 0);
	CHECK_INT(nr_filter_needles_test(&nd, "l\xc4\xb1nux", 6), -1);
	/* Only the first characters tell "^Linux": those are ASCII. */
	CHECK_INT(nr_filter_needles_test(&nd, "linux \xc3\xa9", 8), 1);
	CHECK_INT(nr_filter_needles_test(&nd, "the linux \xc3\xa9", 12), 0);
	CHECK_INT(nr_filter_needles_test(&nd, "linu\xff", 5), -1);
	nr_filter_needles_free(&nd);
	nr_filter_needles("release$", &nd);
	CHECK_INT(nr_filter_needles_test(&nd, "Kernel RELEASE", 14), 1);
	/* $ is the end of the subject, not of a line. */
	CHECK_INT(nr_filter_needles_test(&nd, "release\nnotes", 14), 0);
	CHECK_INT(nr_filter_needles_test(&nd, "release\n", 8), 0);
	CHECK_INT(nr_filter_needles_test(&nd, "release\0x", 9), 1);
	nr_filter_needles_free(&nd);
}

/* ---- the same in SQL ---- */

static struct nr_store *
fill_store(int64_t *rowids)
{
	char *path = t_path("filter.db");
	struct nr_err err;
	struct nr_store *store = nr_store_open(path, NR_STORE_CREATE, &err);
	size_t i;

	free(path);
	CHECK(store != NULL);
	if (store == NULL) {
		return NULL;
	}
	for (i = 0; i < NARTS; i++) {
		const struct art *a = &arts[i];
		struct nr_feed feed;
		struct nr_item item;
		enum nr_put_result res;
		char loc[64], id[16];
		int64_t fid;

		nr_feed_init(&feed);
		snprintf(loc, sizeof loc, "https://%s/feed", a->source);
		feed.location = xstrdup(loc);
		feed.title = xstrdup(a->source);
		fid = nr_store_put_feed(store, &feed, &err);
		CHECK(fid > 0);
		CHECK(nr_store_set_tags(store, loc, a->tags, a->ntags, &err) == 0);
		nr_feed_clear(&feed);
		nr_item_init(&item);
		snprintf(id, sizeof id, "a%zu", i);
		item.id = xstrdup(id);
		item.title = xstrdup(a->title);
		item.author = a->author != NULL ? xstrdup(a->author) : NULL;
		item.link = xstrdup(a->link);
		if (a->content != NULL) {
			item.content = xstrdup(a->content);
			item.content_type = NR_BODY_HTML;
		}
		item.published = a->published;
		/* age reads the fetched time when there is no date: the
		 * evaluation is given the same (subject_of's date). */
		CHECK(nr_store_put_item(store, fid, &item, a->published != NR_TIME_UNKNOWN ? NOW : NOW, &res,
		    &err) == 0);
		nr_item_clear(&item);
	}
	for (i = 0; i < NARTS; i++) {
		char id[16];

		snprintf(id, sizeof id, "a%zu", i);
		if (!arts[i].unread) {
			CHECK(nr_store_set_flag_by_id(store, id, NR_FLAG_READ, 1, &err) == 1);
		}
		if (arts[i].starred) {
			CHECK(nr_store_set_flag_by_id(store, id, NR_FLAG_STARRED, 1, &err) == 1);
		}
	}
	(void)rowids;
	return store;
}

/* The article index of a rowid: the store numbers them in insertion
 * order from 1. */
static unsigned
bits_of(const int64_t *ids, long n)
{
	unsigned got = 0;
	long i;

	for (i = 0; i < n; i++) {
		got |= 1u << (ids[i] - 1);
	}
	return got;
}

static void
test_sql(void)
{
	struct nr_store *store = fill_store(NULL);
	struct nr_err err;
	size_t i;

	if (store == NULL) {
		return;
	}
	for (i = 0; i < NCASES; i++) {
		struct nr_filter *f = nr_filter_parse(cases[i].text, &err);
		int64_t *ids = NULL;
		long n, total = -1, unread = -1;
		unsigned want = cases[i].want, got;
		size_t k;

		if (f == NULL) {
			continue;
		}
		/* The article without a date has the fetched time (NOW) for
		 * age, as retention reads it: age = 0 for it in SQL. The
		 * evaluation gets the same when it is given that date. */
		if (strncmp(cases[i].text, "age", 3) == 0 || strstr(cases[i].text, " age") != NULL) {
			struct art a2 = arts[2];
			struct nr_filter_subject s;

			subject_of(&a2, &s);
			s.date = NOW;
			want = (want & ~(1u << 2)) | (nr_filter_match(f, &s, NOW) ? 1u << 2 : 0);
		}
		n = nr_store_filter_rowids(store, f, 0, NOW, &ids, &err);
		CHECK(n >= 0);
		if (n < 0) {
			fprintf(stderr, "'%s': %s\n", cases[i].text, err.msg);
		}
		got = n >= 0 ? bits_of(ids, n) : 0;
		if (got != want) {
			fprintf(stderr, "SQL '%s': got %#x, want %#x\n", cases[i].text, got, want);
		}
		CHECK_INT(got, want);
		free(ids);
		CHECK(nr_store_filter_count(store, f, NOW, &total, &unread, &err) == 0);
		CHECK_INT(total, __builtin_popcount(want));
		for (k = 0, n = 0; k < NARTS; k++) {
			n += (want >> k & 1u) && arts[k].unread;
		}
		CHECK_INT(unread, n);
		nr_filter_free(f);
	}
	/* One feed's articles only. */
	{
		struct nr_filter *f = nr_filter_parse("unread", &err);
		int64_t *ids = NULL;
		long n = nr_store_filter_rowids(store, f, 1, NOW, &ids, &err);

		/* Articles 0 and 2 are LWN.net's, the first feed. */
		CHECK_INT(n, 2);
		CHECK_INT(n == 2 ? bits_of(ids, n) : 0, 1u << 0 | 1u << 2);
		free(ids);
		nr_filter_free(f);
	}
	/* A scope leaves out the articles of other sources, except starred
	 * ones. */
	{
		struct nr_filter *f = nr_filter_parse("title =~ \".\" or title = \"\"", &err);
		int64_t *ids = NULL;
		long n;

		CHECK(nr_store_scope_add(store, "https://LWN.net/feed", 0, &err) == 0);
		n = nr_store_filter_rowids(store, f, 0, NOW, &ids, &err);
		CHECK_INT(n >= 0 ? bits_of(ids, n) : 0, 1u << 0 | 1u << 1 | 1u << 2);
		free(ids);
		/* Counts from the sources' counts and from the articles
		 * agree: LWN.net's two (unread) and BSD Now's starred one. */
		{
			static const struct {
				const char *text;
				long total, unread;
			} counts[] = {
				{ "unread", 2, 2 },
				{ "not unread", 1, 0 },
				{ "source = \"BSD Now\"", 1, 0 },
				{ "source = \"Untagged\"", 0, 0 },
				{ "title =~ \".\" or title = \"\"", 3, 2 },
				{ "starred", 2, 1 },
			};
			size_t k;

			for (k = 0; k < sizeof counts / sizeof counts[0]; k++) {
				struct nr_filter *g = nr_filter_parse(counts[k].text, &err);
				long total = -1, unread = -1;
				int64_t from = 0;

				CHECK(g != NULL && nr_store_filter_count(store, g, NOW, &total, &unread, &err) == 0);
				CHECK_INT(total, counts[k].total);
				CHECK_INT(unread, counts[k].unread);
				/* By rowid slices, as a count that cannot be fast is
				 * taken. */
				total = unread = 0;
				CHECK(g != NULL && nr_store_filter_count_from(store, g, NOW, &from, 5, 0, &total, &unread,
				    &err) == 1);
				CHECK_INT(from, 5);
				CHECK_INT(total, counts[k].total);
				CHECK_INT(unread, counts[k].unread);
				nr_filter_free(g);
			}
		}
		CHECK(nr_store_scope_clear(store, &err) == 0);
		n = nr_store_filter_rowids(store, f, 0, NOW, &ids, &err);
		CHECK_INT(n, 5);
		free(ids);
		nr_filter_free(f);
	}
	nr_store_close(store);
}

/* ---- a view read a slice at a time (store/window.c) ---- */

/* The ids of view q through a cursor, max at a time, each read within
 * budget_ms (with 1 ms many reads give nothing: the cursor must still
 * go on and give each id once, in order). */
static int64_t *
cursor_ids(struct nr_store *store, const struct nr_store_view *q, long expect, size_t max, long budget_ms,
    size_t *n, long *unread)
{
	struct nr_store_cursor *c = nr_store_cursor_new(store, q);
	struct nr_err err;
	int64_t *ids = NULL;
	size_t cap = 0;
	long k, got;

	*n = 0;
	*unread = 0;
	nr_store_cursor_expect(c, expect);
	for (k = 0; k < 100000 && !nr_store_cursor_done(c); k++) {
		if (*n + max > cap) {
			cap = (*n + max) * 2;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		got = nr_store_cursor_read(c, ids + *n, max, unread, budget_ms, &err);
		CHECK(got >= 0);
		if (got < 0) {
			break;
		}
		*n += (size_t)got;
	}
	CHECK(nr_store_cursor_done(c));
	nr_store_cursor_free(c);
	return ids;
}

static void
test_cursor(void)
{
	static const struct {
		const char *where;
		unsigned filters;
		enum nr_store_order order;
		long expect;            /* nr_store_cursor_expect's, -1: unknown */
		const char *match;      /* a limit of plain words, or NULL */
	} views[] = {
		{ NULL, 0, NR_ORDER_NEWEST, -1, NULL },
		{ "a.title LIKE '%3%'", 0, NR_ORDER_NEWEST, -1, NULL },
		{ "a.title LIKE '%3%'", 0, NR_ORDER_NEWEST, 10, NULL },
		{ "a.feed = 2", NR_FILTER_UNREAD, NR_ORDER_NEWEST, -1, NULL },
		{ "a.title LIKE '%1%'", 0, NR_ORDER_TITLE, -1, NULL },
		{ "a.title LIKE '%1%'", 0, NR_ORDER_OLDEST, -1, NULL },
		{ "a.title LIKE '%nothing%'", 0, NR_ORDER_NEWEST, -1, NULL },
		/* Limits of plain words (match), which page and are counted
		 * by rowid slices like the rest. */
		{ NULL, 0, NR_ORDER_NEWEST, -1, "article 3" },
		{ NULL, NR_FILTER_UNREAD, NR_ORDER_NEWEST, -1, "ARTICLE 1" },
		{ NULL, 0, NR_ORDER_OLDEST, -1, "cle 2" },
		{ NULL, 0, NR_ORDER_NEWEST, -1, "7" },
		{ NULL, 0, NR_ORDER_NEWEST, -1, "nothing" },
	};
	char *path = t_path("cursor.db");
	struct nr_err err;
	struct nr_store *store = nr_store_open(path, NR_STORE_CREATE, &err);
	size_t i, k, j;

	free(path);
	CHECK(store != NULL);
	if (store == NULL) {
		return;
	}
	for (i = 0; i < 2; i++) {
		struct nr_feed feed;

		nr_feed_init(&feed);
		feed.location = xasprintf("/f%zu.xml", i);
		feed.title = xasprintf("Feed %zu", i);
		CHECK(nr_store_put_feed(store, &feed, &err) > 0);
		nr_feed_clear(&feed);
	}
	/* Dates shared by three articles each, every 13th without a date. */
	for (i = 0; i < 400; i++) {
		struct nr_item item;
		enum nr_put_result res;

		nr_item_init(&item);
		item.id = xasprintf("i%zu", i);
		item.title = xasprintf("Article %zu", (i * 7) % 400);
		item.published = i % 13 == 5 ? NR_TIME_UNKNOWN : 100000 + (int64_t)(i / 3) * 60;
		CHECK_INT(nr_store_put_item(store, 1 + (int64_t)(i % 2), &item, 200000, &res, &err), 0);
		nr_item_clear(&item);
		if (i % 4 == 0) {
			char id[16];

			snprintf(id, sizeof id, "i%zu", i);
			CHECK_INT(nr_store_set_flag_by_id(store, id, NR_FLAG_READ, 1, &err), 1);
		}
	}
	for (i = 0; i < sizeof views / sizeof views[0]; i++) {
		struct nr_store_view q;
		int64_t *all, *ids;
		size_t n = 0, m;
		long unread_all = 0, unread;

		memset(&q, 0, sizeof q);
		q.where = views[i].where;
		q.filters = views[i].filters;
		q.order = views[i].order;
		q.match = views[i].match;
		all = nr_store_view_ids(store, &q, &n, &unread_all, &err);
		CHECK(all != NULL || n == 0);
		for (k = 0; k < 3; k++) {
			static const size_t maxes[] = { 7, 64, 1000 };
			static const long budgets[] = { 0, 1, 0 };

			ids = cursor_ids(store, &q, views[i].expect, maxes[k], budgets[k], &m, &unread);
			CHECK_INT(m, n);
			CHECK_INT(unread, unread_all);
			for (j = 0; j < n && j < m; j++) {
				if (ids[j] != all[j]) {
					fprintf(stderr, "view %zu, read %zu: row %zu is %lld, want %lld\n", i, k, j,
					    (long long)ids[j], (long long)all[j]);
					CHECK(0);
					break;
				}
			}
			free(ids);
		}
		/* Counted whole, by rowid slices, and one article asked. */
		{
			long total = -1, u = -1;
			int64_t from = 0;

			CHECK_INT(nr_store_view_count_budget(store, &q, 0, &total, &u, &err), 1);
			CHECK_INT(total, (long)n);
			CHECK_INT(u, unread_all);
			total = u = 0;
			CHECK_INT(nr_store_view_count_from(store, &q, &from, 400, 0, &total, &u, &err), 1);
			CHECK_INT(total, (long)n);
			CHECK_INT(u, unread_all);
			if (n > 0) {
				CHECK_INT(nr_store_view_has(store, &q, all[n / 2], &err), 1);
			}
		}
		free(all);
	}
	nr_store_close(store);
}

/* The store's REGEXP with and without the needles, on a library of
 * titles, authors and links made of words where a naive reading of case
 * would go wrong (dotless i, long s, the Kelvin sign, É): the same
 * articles, listed and counted. */
static int
cmp_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void
test_needles_sql(void)
{
	static const char *const words[] = {
		"Linux", "linux", "LINUX", "l\xc4\xb1nux", "L\xc4\xb0NUX", "\xc5\xbf" "ecurity", "security", "Kernel",
		"\xe2\x84\xaa" "ernel", "release", "colour", "color", "BSD", "news", "caf\xc3\xa9s", "CAF\xc3\x89S",
		".net", "a{b", "abab", "xyyz", "\xc4\xb0stanbul", "x", "cd",
	};
	static const char *const fields[] = { "title", "author", "link" };
	char *path = t_path("needles.db");
	struct nr_err err;
	struct nr_store *store = nr_store_open(path, NR_STORE_CREATE, &err);
	struct nr_feed feed;
	uint32_t seed = 14;
	int64_t fid, last;
	size_t i, k, nw = sizeof words / sizeof words[0];

	free(path);
	CHECK(store != NULL);
	if (store == NULL) {
		return;
	}
	nr_feed_init(&feed);
	feed.location = xstrdup("https://needles.example/feed");
	feed.title = xstrdup("Needles");
	fid = nr_store_put_feed(store, &feed, &err);
	CHECK(fid > 0);
	nr_feed_clear(&feed);
	for (i = 0; i < 600; i++) {
		struct nr_buf title = NR_BUF_INIT, author = NR_BUF_INIT, link = NR_BUF_INIT;
		size_t n, w;
		struct nr_item item;
		enum nr_put_result res;
		char id[16];

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % 4 + 1;
		for (w = 0; w < n; w++) {
			seed = seed * 1103515245u + 12345u;
			nr_buf_printf(&title, "%s%s", w > 0 ? (seed & 1 ? " " : "") : "", words[(seed >> 16) % nw]);
		}
		seed = seed * 1103515245u + 12345u;
		nr_buf_printf(&author, "%s %s", words[(seed >> 16) % nw], words[(seed >> 8) % nw]);
		nr_buf_printf(&link, "https://%s.example/%zu", words[(seed >> 4) % nw], i);
		nr_item_init(&item);
		snprintf(id, sizeof id, "n%zu", i);
		item.id = xstrdup(id);
		item.title = nr_buf_steal(&title);
		item.author = nr_buf_steal(&author);
		item.link = nr_buf_steal(&link);
		item.published = NOW - (int64_t)i * 3600;
		CHECK(nr_store_put_item(store, fid, &item, NOW, &res, &err) == 0);
		nr_item_clear(&item);
		if (i % 3 == 0) {
			CHECK(nr_store_set_flag_by_id(store, id, NR_FLAG_READ, 1, &err) == 1);
		}
	}
	last = nr_store_max_rowid(store, &err);
	for (i = 0; i < sizeof needle_cases / sizeof needle_cases[0]; i++) {
		for (k = 0; k < sizeof fields / sizeof fields[0]; k++) {
			struct nr_buf text = NR_BUF_INIT;
			const char *p;
			struct nr_filter *f;
			int64_t *ids[2] = { NULL, NULL }, from;
			long n[2], total[2], unread[2];
			int way;

			nr_buf_printf(&text, "%s =~ \"", fields[k]);
			for (p = needle_cases[i].pattern; *p != '\0'; p++) {
				if (*p == '"' || *p == '\\') {
					nr_buf_addc(&text, '\\');
				}
				nr_buf_addc(&text, *p);
			}
			nr_buf_adds(&text, k == 0 ? "\" and unread" : "\"");
			f = nr_filter_parse(nr_buf_str(&text), &err);
			nr_buf_free(&text);
			if (f == NULL) {
				continue;
			}
			for (way = 0; way < 2; way++) {
				if (way == 0) {
					setenv("NEWSREADER_REGEXP_NEEDLES", "0", 1);
				} else {
					unsetenv("NEWSREADER_REGEXP_NEEDLES");
				}
				n[way] = nr_store_filter_rowids(store, f, 0, NOW, &ids[way], &err);
				CHECK(n[way] >= 0);
				if (n[way] > 0) {
					qsort(ids[way], (size_t)n[way], sizeof *ids[way], cmp_ids);
				}
				total[way] = unread[way] = 0;
				from = 0;
				CHECK(nr_store_filter_count_from(store, f, NOW, &from, last, 0, &total[way], &unread[way],
				    &err) == 1);
			}
			if (n[0] != n[1] || (n[0] > 0 && memcmp(ids[0], ids[1], (size_t)n[0] * sizeof *ids[0]) != 0)) {
				fprintf(stderr, "'%s': %ld articles without the needles, %ld with\n", f->text, n[0], n[1]);
				CHECK(0);
			}
			CHECK_INT(total[1], total[0]);
			CHECK_INT(unread[1], unread[0]);
			CHECK_INT(total[0], n[0]);
			free(ids[0]);
			free(ids[1]);
			nr_filter_free(f);
		}
	}
	nr_store_close(store);
}

/* ---- NR_FILTER_BENCH ---- */

/* Milliseconds of this process's CPU since t0: on a machine shared with
 * other builds, the wall clock measures them too. */
static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Milliseconds of wall-clock time since t0 (CLOCK_MONOTONIC): what the
 * user waits, when the count runs on two cores. */
static double
wall_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void
bench(const char *path)
{
	static const char *const exprs[] = {
		"unread",
		"starred",
		"unread and age < 7",
		"published >= \"2026-05-01\"",
		"source = \"Feed 7\"",
		"tags = \"tag-3\" and unread",
		"author = \"Author 42\"",
		"title =~ \"^linux\"",
		"title =~ \"kernel.*release\" and unread",
	};
	const char *nf = getenv("NR_FILTER_BENCH_FEEDS"), *nr = getenv("NR_FILTER_BENCH_RUNS");
	long feeds = nf != NULL ? atol(nf) : 1000, runs = nr != NULL ? atol(nr) : 3, f, r;
	struct nr_err err;
	struct nr_store *store = nr_store_open(path, NR_STORE_READONLY, &err);
	int64_t last;
	size_t i;

	if (store == NULL) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		exit(99);
	}
	/* The session a configuration of FEEDS feeds in 50 tags sets up. */
	for (f = 0; f < feeds; f++) {
		char loc[64], tag[32];
		const char *tags[1] = { tag };

		snprintf(loc, sizeof loc, "https://feed%ld.example/rss", f);
		snprintf(tag, sizeof tag, "tag-%ld", f % 50);
		nr_store_set_tags(store, loc, tags, 1, &err);
		nr_store_scope_add(store, loc, 0, &err);
	}
	last = nr_store_max_rowid(store, &err);
	for (i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
		struct nr_filter *flt = nr_filter_parse(exprs[i], &err);
		double best_list = 1e9, best_count = 1e9, best_screen = 1e9, best_slices = 1e9, best_tally = 1e9;
		double best_kept = 1e9, wall_slices = 1e9, wall_tally = 1e9;
		long n = 0, total = 0, unread = 0, screen = 0;
		int quick = 0, kept = 0;

		for (r = 0; flt != NULL && r < runs; r++) {
			struct timespec t0;
			struct nr_store_view q;
			struct nr_store_cursor *c;
			int64_t *ids = NULL, from = 0, screen_ids[76], upto;
			struct nr_store_tally *tally;
			long kt, ku;
			char *where = nr_store_filter_sql(flt, NOW);
			double ms;

			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
			n = nr_store_filter_rowids(store, flt, 0, NOW, &ids, &err);
			ms = ms_since(&t0);
			free(ids);
			best_list = ms < best_list ? ms : best_list;
			/* The interface's count: quick (the sources' counts, or
			 * within 20 ms), else by rowid slices between keys (their
			 * sum). */
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
			quick = nr_store_filter_count_budget(store, flt, NOW, 20, &total, &unread, &err) == 1;
			ms = ms_since(&t0);
			best_count = ms < best_count ? ms : best_count;
			if (!quick) {
				struct timespec w0;

				total = unread = 0;
				clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
				clock_gettime(CLOCK_MONOTONIC, &w0);
				nr_store_filter_count_from(store, flt, NOW, &from, last, 0, &total, &unread, &err);
				ms = ms_since(&t0);
				best_slices = ms < best_slices ? ms : best_slices;
				ms = wall_since(&w0);
				wall_slices = ms < wall_slices ? ms : wall_slices;
				/* The same grouped by feed, as a first count to be
				 * kept is taken (not kept here: read-only). */
				clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
				clock_gettime(CLOCK_MONOTONIC, &w0);
				tally = nr_store_tally_new(store, flt, NOW);
				if (tally != NULL) {
					long tt = 0, tu = 0;

					from = 0;
					nr_store_tally_from(store, tally, &from, 0, &tt, &tu, &err);
					nr_store_tally_free(tally);
					ms = ms_since(&t0);
					best_tally = ms < best_tally ? ms : best_tally;
					ms = wall_since(&w0);
					wall_tally = ms < wall_tally ? ms : wall_tally;
				}
			}
			/* From the counts kept in the database (by bench/window.c,
			 * which writes). */
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
			kept = nr_store_filter_count_kept(store, flt, NOW, 0, &kt, &ku, &upto, &err) == 1;
			ms = ms_since(&t0);
			best_kept = kept && ms < best_kept ? ms : best_kept;
			/* The interface's first screen of the limit: the ids of
			 * two screens of 38 rows in the list's order, within 60
			 * ms. */
			memset(&q, 0, sizeof q);
			q.where = where;
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
			c = nr_store_cursor_new(store, &q);
			nr_store_cursor_expect(c, quick ? total : -1);
			screen = nr_store_cursor_read(c, screen_ids, 76, NULL, 60, &err);
			ms = ms_since(&t0);
			nr_store_cursor_free(c);
			best_screen = ms < best_screen ? ms : best_screen;
			free(where);
		}
		printf("bench %-44s %8ld matches  limit %7.1f ms  first screen %6.1f ms (%3ld)  count %7.1f ms%s",
		    exprs[i], n, best_list, best_screen, screen, best_count, quick ? "" : " (too long)");
		if (!quick) {
			printf(", by slices %7.1f ms (wall %6.1f), by feed %7.1f ms (wall %6.1f)", best_slices, wall_slices,
			    best_tally, wall_tally);
		}
		if (kept) {
			printf(", kept %5.1f ms", best_kept);
		}
		printf(" CPU (%ld, %ld unread)\n", total, unread);
		nr_filter_free(flt);
	}
	nr_store_close(store);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (getenv("NR_FILTER_BENCH") != NULL) {
		bench(getenv("NR_FILTER_BENCH"));
		return 0;
	}
	test_parse();
	test_looks_like();
	test_eval();
	test_dates();
	test_lazy_content();
	test_needles();
	test_needles_decide();
	test_sql();
	test_needles_sql();
	test_cursor();
	return t_done();
}
