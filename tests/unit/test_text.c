#include "config.h"

#include <stdlib.h>

#include "core/buf.h"
#include "core/model.h"
#include "parse/text.h"
#include "t.h"
#include "util/date.h"

#define MTIME 1000000000
#define LEN(lit) (sizeof(lit) - 1)
#define BYTES(lit) lit, LEN(lit)

/* A date (UTC) a case expects; year 0 means "the file's mtime". */
struct when {
	int y, mo, d, h, mi;
};

static int64_t
expected_time(const struct when *w)
{
	return w->y == 0 ? MTIME : nr_date_from_civil(w->y, w->mo, w->d, w->h, w->mi, 0);
}

static char *
read_fixture(const char *name, size_t *n)
{
	return t_read_fixture("text", name, n);
}

static int
count(const char *hay, const char *needle)
{
	int c = 0;
	const char *p = hay;

	while (hay != NULL && (p = strstr(p, needle)) != NULL) {
		c++;
		p += strlen(needle);
	}
	return c;
}

/* Every paragraph of a body is trimmed, separated by exactly one blank
 * line, and the body has no blank line at either end. */
static void
check_shape(const char *body)
{
	const char *p;

	if (body == NULL) {
		return;
	}
	CHECK(body[0] != '\0');
	CHECK(body[0] != '\n' && body[0] != ' ');
	CHECK(body[strlen(body) - 1] != '\n' && body[strlen(body) - 1] != ' ');
	CHECK(strstr(body, "\n\n\n") == NULL);
	CHECK(strstr(body, " \n") == NULL);
	CHECK(strstr(body, "\n ") == NULL);
	CHECK(strchr(body, '\r') == NULL);
	CHECK(strchr(body, '\t') == NULL);
	for (p = body; (p = strchr(p, '\n')) != NULL; p += 2) {
		/* Lines come in paragraphs: a newline is always doubled. */
		CHECK(p[1] == '\n');
	}
}

static void
test_strings(void)
{
	static const struct {
		const char *data;
		size_t n;
		int rc;
		const char *title;
		const char *body;
		struct when when;
	} cases[] = {
		{ BYTES("Title\n\nBody."), 0, "Title", "Body.", { 0 } },
		/* No body at all. */
		{ BYTES("Just a title"), 0, "Just a title", NULL, { 0 } },
		{ BYTES(""), -1, NULL, NULL, { 0 } },
		{ BYTES("\n \n\t\n"), -1, NULL, NULL, { 0 } },
		{ BYTES("\xef\xbb\xbf \n"), -1, NULL, NULL, { 0 } },
		{ BYTES("\0\0\0"), -1, NULL, NULL, { 0 } },
		/* The title: first non-empty line, white space collapsed. */
		{ BYTES("\n\n  A \t  spaced   title  \nBody"), 0, "A spaced title", "Body", { 0 } },
		{ BYTES("\xef\xbb\xbfTitle after a BOM\nBody"), 0, "Title after a BOM", "Body", { 0 } },
		{ BYTES("Title\x1b[1m bold\x1b[0m\n"), 0, "Title bold", NULL, { 0 } },
		/* Paragraphs trimmed, one blank line between them. */
		{ BYTES("T\n\n\n\n  one  \n\n\n\ntwo\n\n\n"), 0, "T", "one\n\ntwo", { 0 } },
		{ BYTES("T\r\n\r\nOne\r\nTwo\r\n"), 0, "T", "One\n\nTwo", { 0 } },
		{ BYTES("T\rOne\rTwo"), 0, "T", "One\n\nTwo", { 0 } },
		{ BYTES("T\n\xc2\xa0 Indented with a no-break space.\n"), 0, "T",
		    "Indented with a no-break space.", { 0 } },
		/* Short lines saved from a page: each its own paragraph, except
		 * a line that carries on the sentence of the one before. */
		{ BYTES("T\nOne.\nTwo\nThree"), 0, "T", "One.\n\nTwo\n\nThree", { 0 } },
		{ BYTES("T\nA sentence broken\nin two.\nNext."), 0, "T", "A sentence broken in two.\n\nNext.",
		    { 0 } },
		/* Doubled lines and paragraphs, also when the copies differ in
		 * trailing punctuation or white space: the first copy stays. */
		{ BYTES("T\nSame line.\nSame line.\nOther."), 0, "T", "Same line.\n\nOther.", { 0 } },
		{ BYTES("T\n\nSame  para..\n\nSame para\n\nOther."), 0, "T", "Same para\n\nOther.", { 0 } },
		{ BYTES("T\n\n\xe2\x80\x9cQuoted\xe2\x80\x9d\n\n\xe2\x80\x9cQuoted\xe2\x80\xa6\n"), 0, "T",
		    "\xe2\x80\x9cQuoted\xe2\x80\x9d", { 0 } },
		{ BYTES("T\n\nA.\n\nB.\n\nA."), 0, "T", "A.\n\nB.\n\nA.", { 0 } },
		{ BYTES("T\n\nCase differs\n\ncase differs"), 0, "T", "Case differs\n\ncase differs", { 0 } },
		/* A body that repeats the title starts after the copy. */
		{ BYTES("The headline\nThe headline.\nText."), 0, "The headline", "Text.", { 0 } },
		/* Trailing navigation goes, all of it; navigation words in
		 * prose or higher up stay. */
		{ BYTES("T\n\nText.\n\nPrevious Post Next Post"), 0, "T", "Text.", { 0 } },
		{ BYTES("T\n\nText.\n\n\xc2\xab Previous\n\nNext \xc2\xbb\n\n"), 0, "T", "Text.", { 0 } },
		{ BYTES("T\n\nText.\nOlder posts\nNewer Post\n"), 0, "T", "Text.", { 0 } },
		{ BYTES("T\n\nText.\n\nPrevious article | Next article"), 0, "T", "Text.", { 0 } },
		{ BYTES("T\n\nText.\n\n\xe2\x86\x90 PREV STORY / NEXT STORY \xe2\x86\x92"), 0, "T", "Text.",
		    { 0 } },
		{ BYTES("T\n\nText.\n\nNext page: the results"), 0, "T", "Text.\n\nNext page: the results",
		    { 0 } },
		{ BYTES("T\n\nText.\n\nThe next story"), 0, "T", "Text.\n\nThe next story", { 0 } },
		/* Navigation at the start goes as well (the point 6:
		 * at the ends). */
		{ BYTES("T\n\nNext Post\n\nText."), 0, "T", "Text.", { 0 } },
		{ BYTES("T\n\nShare this:\n\nText.\n\nRead more\n\nTeilen\n"), 0, "T", "Text.", { 0 } },
		{ BYTES("T\n\nText.\n\nShp\xc3\xabrndaje: Facebook | X\n\nLexo m\xc3\xab shum\xc3\xab"), 0, "T",
		    "Text.", { 0 } },
		{ BYTES("T\n\nText.\n\nRead more about the plan."), 0, "T", "Text.\n\nRead more about the plan.",
		    { 0 } },
		{ BYTES("T\n\nShare the road with cyclists.\n\nText."), 0, "T",
		    "Share the road with cyclists.\n\nText.", { 0 } },
		/* The byline under the title: the author, out of the body. */
		{ BYTES("T\n\nBy Jane Doe\n\nText."), 0, "T", "Text.", { 0 } },
		{ BYTES("T\n\nby the river\n\nText."), 0, "T", "by the river\n\nText.", { 0 } },
		/* A caption: a short line twice in a row, no sentence. */
		{ BYTES("T\n\nThe old bridge at dusk\nThe old bridge at dusk\nText."), 0, "T", "Text.", { 0 } },
		{ BYTES("T\n\n- | -"), 0, "T", "- | -", { 0 } },
		{ BYTES("T\n\nNext Post"), 0, "T", NULL, { 0 } },
		/* A dateline under the title is the date, out of the body;
		 * dates in the prose. */
		{ BYTES("T\n\nFebruary 20, 2022\n\nText."), 0, "T", "Text.",
		    { 2022, 2, 20, 0, 0 } },
		{ BYTES("T\n\nPosted 2021-06-01 by the editor."), 0, "T", "Posted 2021-06-01 by the editor.",
		    { 2021, 6, 1, 0, 0 } },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nr_item item;
		struct nr_err err;
		int rc;

		nr_item_init(&item);
		nr_err_clear(&err);
		rc = nr_text_parse(cases[i].data, cases[i].n, MTIME, &item, &err);
		if (rc != cases[i].rc) {
			fprintf(stderr, "case %zu:\n", i);
		}
		CHECK_INT(rc, cases[i].rc);
		if (rc == 0) {
			CHECK_STR(item.title, cases[i].title);
			CHECK_STR(item.content, cases[i].body);
			CHECK_INT(item.content_type, cases[i].body ? NR_BODY_TEXT : NR_BODY_NONE);
			CHECK_INT(item.published, expected_time(&cases[i].when));
			CHECK(item.link == NULL && item.id == NULL);
			check_shape(item.content);
		} else {
			CHECK_INT(err.code, NR_ERR_EMPTY);
			CHECK(err.msg[0] != '\0');
		}
		nr_item_clear(&item);
	}
}

static void
test_files(void)
{
	static const struct {
		const char *file;
		int rc;
		const char *title;
		const char *body;
		struct when when;
	} cases[] = {
		{ "email-wrapped.txt", 0, "Re: Minutes of the March meeting of the Prizren cycling club",
		    "Hello all,\n\n"
		    "Thanks to everyone who came to the meeting on Thursday. Here is a short summary of "
		    "what we agreed, so that those who could not make it know what is planned for the "
		    "spring season.\n\n"
		    "The club will ride every Saturday morning from the old stone bridge, leaving at eight "
		    "o'clock sharp. Riders who want a shorter route can turn back at the monastery; the "
		    "long group goes on up to the lake and back.\n\n"
		    "We also agreed on the following:\n\n"
		    "- new jerseys, ordered before the end of the month\n\n"
		    "- a first-aid course with the Red Cross in April\n\n"
		    "- a clean-up ride along the Bistrica in May\n\n"
		    "Best regards,\n\n"
		    "Arben",
		    { 0 } },
		{ "crlf.txt", 0, "Market day in Gjakova",
		    "The old bazaar was full of traders on Saturday morning.\n\nPrices were stable.", { 0 } },
		{ "invalid-utf8.txt", 0, "Caf\xef\xbf\xbd opens in Tirana",
		    "The menu lists cr\xef\xbf\xbdme br\xef\xbf\xbdl\xef\xbf\xbd" "e "
		    "\xef\xbf\xbd\xef\xbf\xbd and "
		    "\xc3\xa9" "clairs.\n\nNo colours here.",
		    { 0 } },
		{ "title-only.txt", 0, "Only a title here", NULL, { 0 } },
		{ "whitespace-only.txt", -1, NULL, NULL, { 0 } },
		/* The dateline is the date and leaves the body. */
		{ "date-in-prose.txt", 0, "Tirana council approves new bus routes",
		    "The city council approved three new bus routes on Monday, linking the outer districts "
		    "of Kashar and Farke with the centre. The first buses will run from the start of next "
		    "month, the mayor said.",
		    { 2025, 3, 3, 0, 0 } },
		{ "web-lines.txt", 0, "Durres beach season opens early after a warm spring",
		    "Local businesses welcomed the first tourists of the year on Saturday, weeks earlier "
		    "than usual, as temperatures along the coast climbed above twenty-five degrees.\n\n"
		    "The municipality has cleaned the promenade and installed new showers and changing "
		    "cabins along the main public beach, a spokesman said on Sunday.\n\n"
		    "Hotel owners expect a record season if the weather holds and flights from Italy and "
		    "Germany continue to increase as announced in the winter.",
		    { 0 } },
	};
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nr_item item;
		struct nr_err err;
		char *data = read_fixture(cases[i].file, &n);
		int rc;

		if (data == NULL) {
			continue;
		}
		nr_item_init(&item);
		nr_err_clear(&err);
		rc = nr_text_parse(data, n, MTIME, &item, &err);
		if (rc != cases[i].rc) {
			fprintf(stderr, "%s:\n", cases[i].file);
		}
		CHECK_INT(rc, cases[i].rc);
		if (rc == 0) {
			CHECK_STR(item.title, cases[i].title);
			CHECK_STR(item.content, cases[i].body);
			CHECK_INT(item.published, expected_time(&cases[i].when));
			check_shape(item.content);
		} else {
			CHECK_INT(err.code, NR_ERR_EMPTY);
		}
		nr_item_clear(&item);
		free(data);
	}
}

/* A real article saved from a news site: a doubled caption (it goes, both
 * copies), a paragraph doubled with one full stop less, navigation at the
 * end. */
static void
test_article_plain(void)
{
	static const char *const once[] = {
		"Russia, a longtime ally of Serbia",
		"Kosovo's Ministry of Foreign Affairs on Sunday rejected",
		"The official communiqu\xc3\xa9 of Kosovo writes among other things.",
	};
	static const char start[] = "Kosovo's Ministry";
	struct nr_item item;
	struct nr_err err;
	size_t n, i;
	char *data = read_fixture("article-plain.txt", &n);

	if (data == NULL) {
		return;
	}
	nr_item_init(&item);
	CHECK_INT(nr_text_parse(data, n, MTIME, &item, &err), 0);
	CHECK_STR(item.title,
	    "Kosovo denies Russian allegations of \"mercenary recruitment\" for war in Ukraine");
	for (i = 0; i < sizeof(once) / sizeof(once[0]); i++) {
		CHECK_INT(count(item.content, once[i]), 1);
	}
	/* Of the doubled paragraph, the copy without the doubled full stop. */
	CHECK_INT(count(item.content, "European Union countries.\n"), 1);
	CHECK_INT(count(item.content, "countries.."), 0);
	CHECK_INT(count(item.content, "Headquarters of Kosovo's Foreign Ministry"), 0);
	CHECK_INT(count(item.content, "Previous Post"), 0);
	CHECK_INT(count(item.content, "Next Post"), 0);
	/* Thirteen paragraphs. */
	CHECK_INT(count(item.content, "\n\n"), 12);
	CHECK(item.content != NULL && strncmp(item.content, start, strlen(start)) == 0);
	/* The no-break space that indented a paragraph is gone. */
	CHECK_INT(count(item.content, "\xc2\xa0"), 0);
	CHECK_INT(item.content_type, NR_BODY_TEXT);
	CHECK_INT(item.published, MTIME);
	check_shape(item.content);
	nr_item_clear(&item);
	free(data);
}

/* Long input in one line or in many: no quadratic blow-up, no crash. */
static void
test_large(void)
{
	struct nr_buf b = NR_BUF_INIT;
	struct nr_item item;
	struct nr_err err;
	size_t i;

	nr_buf_adds(&b, "Big\n\n");
	for (i = 0; i < 20000; i++) {
		nr_buf_printf(&b, "Paragraph %zu of a long file, long enough to be a paragraph of its own "
		    "and not a wrapped line of an email.\n", i / 2);
	}
	nr_item_init(&item);
	CHECK_INT(nr_text_parse(b.data, b.len, MTIME, &item, &err), 0);
	CHECK_INT(count(item.content, "\n\n"), 9999);
	nr_item_clear(&item);
	nr_buf_free(&b);
}

int
main(void)
{
	t_init();
	test_strings();
	test_files();
	test_article_plain();
	test_large();
	return t_done();
}
