/* JSON Feed: sniffing, and feeds parsed from memory and from files
 * (fixtures in tests/data/json, inline strings, and big feeds made here)
 * into items, each case a feed and what its items must hold; broken and
 * hostile JSON must give an error, never a crash, and big feeds must be
 * read in little memory. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "parse/jsonfeed.h"
#include "helpers.h"
#include "t.h"

static int
parse_n(const char *data, size_t n, const char *location, int want_body, struct nr_feed *feed,
    struct t_sink *c, struct nr_err *err)
{
	struct nr_parse_opts opts = { want_body };
	struct nr_sink sink;

	t_sink_init(c, &sink);
	nr_feed_init(feed);
	return nr_jsonfeed_parse(data, n, location, &opts, feed, &sink, err);
}

static int
parse(const char *json, const char *location, struct nr_feed *feed, struct t_sink *c,
    struct nr_err *err)
{
	return parse_n(json, strlen(json), location, 1, feed, c, err);
}

/* Parse fixture tests/data/json/name with location. */
static int
parse_fixture(const char *name, const char *location, struct nr_feed *feed, struct t_sink *c,
    struct nr_err *err)
{
	size_t n = 0;
	char *data = t_read_fixture("json", name, &n);
	int rc;

	if (data == NULL) {
		memset(c, 0, sizeof *c);
		nr_feed_init(feed);
		return -2;
	}
	rc = parse_n(data, n, location, 1, feed, c, err);
	free(data);
	return rc;
}

static void
test_sniff(void)
{
	static const struct {
		const char *head;
		int want;
	} cases[] = {
		{ "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"x\"}", 1 },
		{ "{\"version\":\"https://jsonfeed.org/version/1\"", 1 },
		{ "\xEF\xBB\xBF  \n\t{ \"version\" : \"http://jsonfeed.org/version/1\" }", 1 },
		/* "version" after other keys. */
		{ "{\n  \"title\": \"My feed\",\n  \"home_page_url\": \"https://x.example/\",\n"
		  "  \"version\": \"https://jsonfeed.org/version/1.1\"\n}", 1 },
		/* Slashes escaped, as PHP writes them; the scheme in capitals. */
		{ "{\"version\":\"https:\\/\\/JSONFeed.org\\/version\\/1\"}", 1 },
		/* The head ends inside the value, after the mark. */
		{ "{\"version\": \"https://jsonfeed.org/version/1.1", 1 },
		/* No version in the head, but an items list. */
		{ "{\"title\": \"x\", \"items\": [", 1 },
		/* A version that is not JSON Feed's, and no items. */
		{ "{\"version\": \"2.0\", \"name\": \"package\"}", 0 },
		/* "version" as a value, not a key. */
		{ "{\"name\": \"version\", \"x\": \"jsonfeed.org/version/1\"}", 0 },
		{ "[{\"version\": \"https://jsonfeed.org/version/1\"}]", 0 },
		{ "<?xml version=\"1.0\"?><rss version=\"2.0\">", 0 },
		{ "jsonfeed.org/version/1", 0 },
		{ "", 0 },
		{ "   ", 0 },
		{ "{", 0 },
		{ "{\"version\"", 0 },
		{ "{\"version\": ", 0 },
		{ "{\"version\": 1}", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = nr_jsonfeed_sniff(cases[i].head, strlen(cases[i].head));

		if (got != cases[i].want) {
			fprintf(stderr, "sniff case %zu: %s\n", i, cases[i].head);
		}
		CHECK_INT(got, cases[i].want);
	}
	/* Only the bytes given are looked at. */
	CHECK_INT(nr_jsonfeed_sniff("{\"version\": \"https://jsonfeed.org/version/1\"}", 12), 0);
}

static void
test_full(void)
{
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;
	struct nr_item *it;

	CHECK_INT(parse_fixture("full-1.1.json", "https://lajme.example/feed.json", &feed, &c, &err), 0);
	CHECK_INT(err.code, NR_ERR_NONE);
	CHECK_INT(feed.kind, NR_KIND_JSON);
	CHECK_STR(feed.title, "Lajme nga Tirana");
	CHECK_STR(feed.link, "https://lajme.example/");
	CHECK_STR(feed.description, "Lajmet e ditës");
	/* The caller, not the parser, says when the feed is done. */
	CHECK_INT(c.feed_done, 0);
	CHECK_INT(c.n, 2);

	it = &c.items[0];
	CHECK_STR(it->id, "https://lajme.example/2022/02/20/pavaresia");
	/* url wins over external_url. */
	CHECK_STR(it->link, "https://lajme.example/2022/02/20/pavaresia.html");
	CHECK_STR(it->title, "Dita e Pavarësisë");
	CHECK_STR(it->content, "<p>Festimet <b>vazhdojnë</b>.</p>");
	CHECK_INT(it->content_type, NR_BODY_HTML);
	/* With a summary, content_text is dropped. */
	CHECK_STR(it->summary, "Një përmbledhje.");
	CHECK_INT(it->summary_type, NR_BODY_TEXT);
	CHECK_INT(it->published, 1645347600);
	CHECK_INT(it->updated, 1645432200);
	/* The item's authors replace the feed's; one without a name adds
	 * nothing. */
	CHECK_STR(it->author, "Arta Krasniqi, Besnik Hoxha");
	CHECK_STR(it->author_uri, "https://lajme.example/arta");
	CHECK(it->author_email == NULL);
	CHECK_INT(it->ncategories, 2);
	if (it->ncategories == 2) {
		CHECK_STR(it->categories[0], "politikë");
		CHECK_STR(it->categories[1], "Kosovë");
	}
	/* Attachments, with and without a size; images are not enclosures. */
	CHECK_INT(it->nenclosures, 2);
	if (it->nenclosures == 2) {
		CHECK_STR(it->enclosures[0].url, "https://lajme.example/audio/pavaresia.mp3");
		CHECK_STR(it->enclosures[0].type, "audio/mpeg");
		CHECK_INT(it->enclosures[0].length, 12345678);
		CHECK_STR(it->enclosures[1].url, "https://lajme.example/doc/fjalimi.pdf");
		CHECK_STR(it->enclosures[1].type, "application/pdf");
		CHECK_INT(it->enclosures[1].length, -1);
	}

	it = &c.items[1];
	CHECK_STR(it->id, "2");
	/* Both bodies and no summary: the text is the summary. */
	CHECK_STR(it->content, "<p>HTML</p>");
	CHECK_INT(it->content_type, NR_BODY_HTML);
	CHECK_STR(it->summary, "Tekst i thjeshtë.");
	CHECK_INT(it->summary_type, NR_BODY_TEXT);
	/* No date_published: published is the last change. */
	CHECK_INT(it->updated, 1645272000);
	CHECK_INT(it->published, 1645272000);
	/* No authors of its own: the feed's. */
	CHECK_STR(it->author, "Redaksia");
	CHECK_STR(it->author_uri, "https://lajme.example/redaksia");
	CHECK_INT(it->ncategories, 0);
	CHECK_INT(it->nenclosures, 0);
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

static void
test_v1(void)
{
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;

	CHECK_INT(parse_fixture("v1-author.json", "feeds/v1.json", &feed, &c, &err), 0);
	CHECK_INT(feed.kind, NR_KIND_JSON);
	CHECK_STR(feed.title, "Shënime");
	CHECK(feed.description == NULL);
	CHECK_INT(c.n, 2);
	/* A numeric id, as JSON wrote it. */
	CHECK_STR(c.items[0].id, "42");
	CHECK(c.items[0].link == NULL);
	CHECK_STR(c.items[0].title, "Numeric id");
	/* content_text only: the content, paragraphs kept. */
	CHECK_STR(c.items[0].content, "Line one.\n\nLine two.");
	CHECK_INT(c.items[0].content_type, NR_BODY_TEXT);
	CHECK(c.items[0].summary == NULL);
	CHECK_INT(c.items[0].summary_type, NR_BODY_NONE);
	CHECK_INT(c.items[0].published, 1640995199);
	CHECK_INT(c.items[0].updated, NR_TIME_UNKNOWN);
	/* 1.0's single author, the item's beating the feed's. */
	CHECK_STR(c.items[0].author, "Item Author");
	CHECK_STR(c.items[0].author_uri, "https://shenime.example/about");
	CHECK(c.items[0].author_email == NULL);
	/* A number that is not whole keeps its digits as written. */
	CHECK_STR(c.items[1].id, "7.50");
	CHECK_INT(c.items[1].published, NR_TIME_UNKNOWN);
	/* The feed's author, whose URL is an e-mail address. */
	CHECK_STR(c.items[1].author, "Feed Author");
	CHECK(c.items[1].author_uri == NULL);
	CHECK_STR(c.items[1].author_email, "feed@shenime.example");
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

static void
test_missing_id(void)
{
	static const char json[] =
	    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":["
	    "{\"title\":\"No id\",\"date_published\":\"2022-02-20T00:00:00Z\",\"content_text\":\"a\"},"
	    "{\"content_text\":\"Only text, nothing else.\"},"
	    "{\"content_text\":\"Other text.\"},"
	    "{\"url\":\"https://x.example/p\",\"title\":\"Link\"},"
	    "{\"id\":\"  \",\"title\":\"Blank id\"}"
	    "]}";
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;
	char *first[3];
	int i;

	CHECK_INT(parse(json, NULL, &feed, &c, &err), 0);
	CHECK_INT(c.n, 5);
	for (i = 0; i < 3; i++) {
		CHECK(c.items[i].id != NULL && strncmp(c.items[i].id, "nr:", 3) == 0);
		first[i] = xstrdup(c.items[i].id ? c.items[i].id : "");
	}
	/* Items told apart by their text alone get different ids. */
	CHECK(strcmp(first[1], first[2]) != 0);
	/* No id: the link is the id. */
	CHECK_STR(c.items[3].id, "https://x.example/p");
	CHECK(c.items[4].id != NULL && strncmp(c.items[4].id, "nr:", 3) == 0);
	t_sink_free(&c);
	nr_feed_clear(&feed);

	/* The same items read again get the same ids, with or without the
	 * bodies: an item with nothing but text keeps it for its id. */
	CHECK_INT(parse(json, NULL, &feed, &c, &err), 0);
	for (i = 0; i < 3; i++) {
		CHECK_STR(c.items[i].id, first[i]);
	}
	t_sink_free(&c);
	nr_feed_clear(&feed);
	CHECK_INT(parse_n(json, strlen(json), NULL, 0, &feed, &c, &err), 0);
	CHECK_INT(c.n, 5);
	for (i = 0; i < 3; i++) {
		CHECK_STR(c.items[i].id, first[i]);
	}
	CHECK(c.items[0].content == NULL);
	CHECK_STR(c.items[1].content, "Only text, nothing else.");
	CHECK(c.items[3].content == NULL);
	for (i = 0; i < 3; i++) {
		free(first[i]);
	}
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

static void
test_relative(void)
{
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;

	CHECK_INT(parse_fixture("relative.json", "https://site.example/blog/feed.json", &feed, &c, &err), 0);
	CHECK_STR(feed.link, "https://site.example/");
	CHECK_INT(c.n, 2);
	CHECK_STR(c.items[0].link, "https://site.example/blog/posts/one.html");
	CHECK_STR(c.items[0].author_uri, "https://site.example/people/ana");
	CHECK_INT(c.items[0].nenclosures, 2);
	if (c.items[0].nenclosures == 2) {
		CHECK_STR(c.items[0].enclosures[0].url, "https://site.example/media/one.ogg");
		CHECK_INT(c.items[0].enclosures[0].length, 0);
		CHECK_STR(c.items[0].enclosures[1].url, "https://cdn.example/two.ogg");
	}
	/* external_url when there is no url, scheme-relative. */
	CHECK_STR(c.items[1].link, "https://elsewhere.example/x?y=1");
	t_sink_free(&c);
	nr_feed_clear(&feed);

	/* Read from a local path: relative URLs stay as they are. */
	CHECK_INT(parse_fixture("relative.json", "tests/data/json/relative.json", &feed, &c, &err), 0);
	CHECK_STR(feed.link, "/");
	CHECK_STR(c.items[0].link, "posts/one.html");
	CHECK_STR(c.items[1].link, "//elsewhere.example/x?y=1");
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

static void
test_wrong_types(void)
{
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;
	struct nr_item *it;

	/* "version" is a number, but "items" is a list: a feed. */
	CHECK_INT(parse_fixture("wrong-types.json", "https://x.example/feed.json", &feed, &c, &err), 0);
	CHECK_INT(feed.kind, NR_KIND_JSON);
	CHECK(feed.title == NULL);
	CHECK(feed.link == NULL);
	CHECK(feed.description == NULL);
	/* Items that are not objects are skipped. */
	CHECK_INT(c.n, 2);

	it = &c.items[0];
	/* Nothing usable to name it: a derived id. */
	CHECK(it->id != NULL && strncmp(it->id, "nr:", 3) == 0);
	CHECK(it->link == NULL);
	CHECK(it->title == NULL);
	CHECK(it->content == NULL);
	CHECK(it->summary == NULL);
	CHECK_INT(it->published, NR_TIME_UNKNOWN);
	CHECK_INT(it->updated, NR_TIME_UNKNOWN);
	CHECK(it->author == NULL);
	CHECK_INT(it->ncategories, 2);
	if (it->ncategories == 2) {
		CHECK_STR(it->categories[0], "ok");
		CHECK_STR(it->categories[1], "fine");
	}
	CHECK_INT(it->nenclosures, 4);
	if (it->nenclosures == 4) {
		CHECK_STR(it->enclosures[0].url, "https://x.example/b.mp3");
		CHECK(it->enclosures[0].type == NULL);
		CHECK_INT(it->enclosures[0].length, -1);
		CHECK_STR(it->enclosures[1].url, "https://x.example/c.mp3");
		CHECK_INT(it->enclosures[1].length, -1);
		CHECK_STR(it->enclosures[2].url, "https://x.example/d.mp3");
		CHECK_INT(it->enclosures[2].length, 2048);
		CHECK_STR(it->enclosures[3].url, "https://x.example/e.mp3");
		CHECK_INT(it->enclosures[3].length, 4096);
	}

	it = &c.items[1];
	/* An empty id is no id. */
	CHECK(it->id != NULL && strncmp(it->id, "nr:", 3) == 0);
	CHECK_STR(it->title, "Second");
	CHECK_INT(it->ncategories, 0);
	CHECK_INT(it->nenclosures, 0);
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

#define NUL_CASE "{\"version\": \"https://jsonfeed.org/version/1\",\n\"title\": \"a\0b\"}"

static void
test_errors(void)
{
	static const struct {
		const char *json;
		size_t n;               /* 0: strlen */
		enum nr_err_code code;
		long line;
		const char *msg;        /* a part of the message */
	} cases[] = {
		{ "{\n\"version\": \"https://jsonfeed.org/version/1\",\n\"items\": [1,,2]}", 0,
		  NR_ERR_PARSE, 3, "not valid JSON" },
		{ "{\"version\": \"https://jsonfeed.org/version/1\",\n\"items\": [\n{\"id\": \"1\"},\n", 0,
		  NR_ERR_PARSE, 4, "unexpected end of data" },
		{ NUL_CASE, sizeof NUL_CASE - 1,
		  NR_ERR_PARSE, 2, "NUL" },
		{ "{\"title\": 'unterminated\n\n", 0, NR_ERR_PARSE, 3, "not valid JSON" },
		{ "", 0, NR_ERR_PARSE, 1, "unexpected end of data" },
		{ "  \n\n  ", 0, NR_ERR_PARSE, 3, "unexpected end of data" },
		{ "{\"name\": \"package\", \"version\": \"2.0\"}", 0, NR_ERR_FORMAT, 0, "not a JSON Feed" },
		{ "{\"version\": \"https://jsonfeed.org/version/1\"", 0, NR_ERR_PARSE, 1, "unexpected end" },
		{ "{\"items\": {\"a\": 1}}", 0, NR_ERR_FORMAT, 0, "not a JSON Feed" },
		{ "[{\"version\": \"https://jsonfeed.org/version/1\"}]", 0,
		  NR_ERR_FORMAT, 0, "not a JSON Feed" },
		{ "42", 0, NR_ERR_FORMAT, 0, "not a JSON Feed" },
		{ "\"https://jsonfeed.org/version/1\"", 0, NR_ERR_FORMAT, 0, "not a JSON Feed" },
		{ "null", 0, NR_ERR_FORMAT, 0, "not a JSON Feed" },
	};
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = cases[i].n ? cases[i].n : strlen(cases[i].json);

		CHECK_INT(parse_n(cases[i].json, n, "x.json", 1, &feed, &c, &err), -1);
		if (err.code != cases[i].code || err.line != cases[i].line ||
		    strstr(err.msg, cases[i].msg) == NULL) {
			fprintf(stderr, "error case %zu: line %ld: %s\n", i, err.line, err.msg);
		}
		CHECK_INT(err.code, cases[i].code);
		CHECK_INT(err.line, cases[i].line);
		CHECK(strstr(err.msg, cases[i].msg) != NULL);
		CHECK_INT(c.n, 0);
		t_sink_free(&c);
		nr_feed_clear(&feed);
	}

	/* A fixture broken on its sixth line, after a good item: nothing
	 * is delivered, and the message names what json-c found. */
	CHECK_INT(parse_fixture("broken.json", "broken.json", &feed, &c, &err), -1);
	CHECK_INT(err.code, NR_ERR_PARSE);
	CHECK_INT(err.line, 6);
	CHECK(strstr(err.msg, "not valid JSON: ") != NULL && strlen(err.msg) > strlen("not valid JSON: "));
	CHECK_INT(c.n, 0);
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

/* Nesting deeper than any feed: an error, not a stack overflow. */
static void
test_depth_bomb(void)
{
	static const char prefix[] = "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"x\":";
	size_t depth = 100000, n, i;
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;
	char *s;

	s = xmalloc(depth + 1);
	memset(s, '[', depth);
	s[depth] = '\0';
	CHECK_INT(parse_n(s, depth, "bomb.json", 1, &feed, &c, &err), -1);
	CHECK_INT(err.code, NR_ERR_PARSE);
	CHECK_INT(err.line, 1);
	CHECK(strstr(err.msg, "not valid JSON") != NULL);
	nr_feed_clear(&feed);
	free(s);

	/* The same inside an item, objects and arrays mixed, and closed. */
	n = strlen(prefix);
	s = xmalloc(n + 6 * depth + 3 + 1);
	memcpy(s, prefix, n);
	for (i = 0; i < depth; i++) {
		if (i % 2) {
			memcpy(s + n, "{\"a\":", 5);
			n += 5;
		} else {
			s[n++] = '[';
		}
	}
	for (i = depth; i-- > 0;) {
		s[n++] = i % 2 ? '}' : ']';
	}
	memcpy(s + n, "}]}", 4);
	n += 3;
	CHECK_INT(parse_n(s, n, "bomb.json", 1, &feed, &c, &err), -1);
	CHECK_INT(err.code, NR_ERR_PARSE);
	CHECK_INT(c.n, 0);
	nr_feed_clear(&feed);
	free(s);
}

/* Text from JSON is untrusted: escapes decode to control characters,
 * lone surrogates and NULs, which must not reach the model. */
static void
test_sanitise(void)
{
	static const char json[] =
	    "{\"version\":\"https://jsonfeed.org/version/1.1\","
	    "\"title\":\"Feed\\u001b]0;pwned\\u0007 title\","
	    "\"items\":[{"
	    "\"id\":\"id\\u0000x\","
	    "\"url\":\"https://x.example/\\u001b[2J\","
	    "\"title\":\"A\\ud800B \\u001b[2J\\u001b[31mred\\u009b\\u202e\\n  line\","
	    "\"content_text\":\"para one\\r\\n\\r\\npara\\ttwo\\u0008\\udc00\","
	    "\"summary\":\"\\ud83d\\ude00 ok \\ud83d\","
	    "\"tags\":[\"t\\u0000ag\", \"\\u001b[2J\"],"
	    "\"authors\":[{\"name\":\"\\u0007Ana\\u0000\"}]"
	    "}]}";
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;

	CHECK_INT(parse(json, NULL, &feed, &c, &err), 0);
	CHECK_STR(feed.title, "Feed title");
	CHECK_INT(c.n, 1);
	CHECK_STR(c.items[0].id, "idx");
	CHECK_STR(c.items[0].link, "https://x.example/");
	CHECK_STR(c.items[0].title, "A\xEF\xBF\xBD" "B red line");
	CHECK_STR(c.items[0].content, "para one\n\npara\ttwo\xEF\xBF\xBD");
	CHECK_STR(c.items[0].summary, "\xF0\x9F\x98\x80 ok \xEF\xBF\xBD");
	CHECK_STR(c.items[0].author, "Ana");
	CHECK_INT(c.items[0].ncategories, 1);
	if (c.items[0].ncategories == 1) {
		CHECK_STR(c.items[0].categories[0], "tag");
	}
	t_sink_free(&c);
	nr_feed_clear(&feed);

	/* Raw bytes that are not UTF-8, and a byte order mark. */
	{
		static const char raw[] =
		    "\xEF\xBB\xBF{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"items\":[{\"id\":\"1\",\"title\":\"caf\xE9 \xC3\xA9\"}]}";

		CHECK_INT(parse(raw, NULL, &feed, &c, &err), 0);
		CHECK_INT(c.n, 1);
		CHECK_STR(c.items[0].title, "caf\xEF\xBF\xBD \xC3\xA9");
		t_sink_free(&c);
		nr_feed_clear(&feed);
	}
}

static void
test_stop(void)
{
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;

	c.stop_after = 1;
	CHECK_INT(parse_fixture("full-1.1.json", NULL, &feed, &c, &err), 0);
	CHECK_INT(err.code, NR_ERR_NONE);
	CHECK_INT(c.n, 1);
	CHECK_STR(c.items[0].title, "Dita e Pavarësisë");
	CHECK_INT(c.feed_done, 0);
	t_sink_free(&c);
	nr_feed_clear(&feed);

	/* A sink without an item callback. */
	{
		struct nr_parse_opts opts = { 1 };
		struct nr_sink sink = { NULL, NULL, NULL, NULL, NULL };
		static const char json[] =
		    "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":\"1\"}]}";

		nr_feed_init(&feed);
		CHECK_INT(nr_jsonfeed_parse(json, strlen(json), NULL, &opts, &feed, &sink, &err), 0);
		nr_feed_clear(&feed);
	}
}

/* The feed's fields may follow its items, keys may be written with
 * escapes, and of two equal keys the last counts, as when json-c read the
 * whole tree. */
static void
test_order(void)
{
	static const char json[] =
	    "{\"items\":[{\"id\":\"1\",\"title\":\"first\",\"title\":\"second\"},"
	    "{\"id\":\"2\",\"authors\":[{\"name\":\"Own\"}],\"authors\":{\"name\":\"not a list\"}}],"
	    "\"title\":\"Old\",\"t\\u0069tle\":\"Feed\",\"author\":{\"name\":\"Redaksia\"},"
	    "\"home_page_url\":\"https://x.example/\",\"version\":\"https://jsonfeed.org/version/1\","
	    "\"items\":[{\"id\":\"3\"}, 7, {\"id\":\"4\",\"_ext\":{\"deep\":[[[{}]]]}}]}";
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;

	CHECK_INT(parse(json, NULL, &feed, &c, &err), 0);
	CHECK_STR(feed.title, "Feed");
	CHECK_STR(feed.link, "https://x.example/");
	/* The last "items" list is the feed's. */
	CHECK_INT(c.n, 2);
	CHECK_STR(c.items[0].id, "3");
	/* The feed's author, read after the items, reaches them. */
	CHECK_STR(c.items[0].author, "Redaksia");
	CHECK_STR(c.items[1].id, "4");
	t_sink_free(&c);
	nr_feed_clear(&feed);

	CHECK_INT(parse("{\"items\":[{\"id\":\"1\",\"title\":\"first\",\"title\":\"second\"},"
	    "{\"id\":\"2\",\"authors\":[{\"name\":\"Own\"}],\"authors\":{\"name\":\"not a list\"}}],"
	    "\"author\":{\"name\":\"Redaksia\"}}", NULL, &feed, &c, &err), 0);
	CHECK_INT(c.n, 2);
	CHECK_STR(c.items[0].title, "second");
	/* The last "authors" is no list: the item has none of its own. */
	CHECK_STR(c.items[1].author, "Redaksia");
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

/* At most NR_ITEM_MAX_LIST tags, authors and attachments of an item are
 * read; the rest are skipped, and the item after it is whole. */
static void
test_list_caps(void)
{
	struct nr_buf b = NR_BUF_INIT;
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;
	int i;

	nr_buf_adds(&b, "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"tags\":[");
	for (i = 0; i < 1500; i++) {
		nr_buf_printf(&b, "%s\"t%d\"", i ? "," : "", i);
	}
	nr_buf_adds(&b, "],\"authors\":[");
	for (i = 0; i < 1500; i++) {
		nr_buf_printf(&b, "%s{\"name\":\"a%d\"}", i ? "," : "", i);
	}
	nr_buf_adds(&b, "],\"attachments\":[");
	for (i = 0; i < 1500; i++) {
		nr_buf_printf(&b, "%s{\"url\":\"https://x.example/%d.mp3\"}", i ? "," : "", i);
	}
	nr_buf_adds(&b, "]},{\"id\":\"2\",\"tags\":[\"x\"]}]}");
	CHECK_INT(parse_n(b.data, b.len, NULL, 1, &feed, &c, &err), 0);
	CHECK_INT(c.n, 2);
	CHECK_INT(c.items[0].ncategories, NR_ITEM_MAX_LIST);
	CHECK_STR(c.items[0].categories[NR_ITEM_MAX_LIST - 1], "t999");
	CHECK_INT(c.items[0].nenclosures, NR_ITEM_MAX_LIST);
	CHECK(c.items[0].author != NULL && strstr(c.items[0].author, ", a999") != NULL &&
	    strstr(c.items[0].author, "a1000") == NULL);
	CHECK_STR(c.items[1].id, "2");
	CHECK_INT(c.items[1].ncategories, 1);
	t_sink_free(&c);
	nr_feed_clear(&feed);
	nr_buf_free(&b);
}

/* A file is read in windows: values that cross from one to the next,
 * escapes and line counts included, read as from memory. */
static void
test_file(void)
{
	struct nr_buf b = NR_BUF_INIT;
	struct nr_parse_opts opts = { 1 };
	struct nr_sink sink;
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err err;
	char *path = t_path("windows.json");
	int i, fd;

	nr_buf_adds(&b, "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[\n");
	for (i = 0; i < 400; i++) {
		int j;

		nr_buf_printf(&b, "%s{\"id\":\"%d\",\"title\":\"", i ? ",\n" : "", i);
		/* Titles of 1 to 1,000 bytes, escapes among them. */
		for (j = 0; j < (i * 37) % 1000 + 1; j++) {
			nr_buf_adds(&b, j % 50 == 7 ? "\\u00e9" : j % 50 == 9 ? "\\\"" : "x");
		}
		nr_buf_adds(&b, "\",\"date_published\":\"2024-01-02T03:04:05Z\"}");
	}
	nr_buf_adds(&b, "\n],\n\"title\":\"Windows\"}");
	CHECK(b.len > 3 * 65536);
	t_spit(path, b.data, b.len);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	t_sink_init(&c, &sink);
	nr_feed_init(&feed);
	CHECK_INT(nr_jsonfeed_parse_fd(fd, path, &opts, &feed, &sink, &err), 0);
	CHECK_INT(c.n, 400);
	CHECK_STR(feed.title, "Windows");
	CHECK_STR(c.items[7].id, "7");
	CHECK_INT(c.items[7].published, 1704164645);
	CHECK(c.items[7].title != NULL && strlen(c.items[7].title) > 200 &&
	    strstr(c.items[7].title, "x\xC3\xA9x\"x") != NULL);
	t_sink_free(&c);
	nr_feed_clear(&feed);

	/* Broken in the last window: the line is counted across them all,
	 * and no item is delivered. */
	nr_buf_adds(&b, "\n,]");
	t_spit(path, b.data, b.len - strlen("}\n,]"));
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	t_sink_init(&c, &sink);
	nr_feed_init(&feed);
	CHECK_INT(nr_jsonfeed_parse_fd(fd, path, &opts, &feed, &sink, &err), -1);
	CHECK_INT(err.code, NR_ERR_PARSE);
	CHECK_INT(err.line, 403);
	CHECK(strstr(err.msg, "unexpected end of data") != NULL);
	CHECK_INT(c.n, 0);
	t_sink_free(&c);
	nr_feed_clear(&feed);
	close(fd);
	free(path);
	nr_buf_free(&b);
}

/* ---- big feeds: memory follows the largest item, not the feed ---- */

/* ASan and UBSan keep freed memory in quarantine and add shadow memory:
 * peak memory says nothing there, so only the time is checked. */
#if defined(__SANITIZE_ADDRESS__)
#define T_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_SANITIZED 1
#endif
#endif
#ifndef T_SANITIZED
#define T_SANITIZED 0
#endif

/* How much more memory a parse may take at its peak than before it: the
 * feeds below took 1 GB and 685 MB when the whole tree was built. */
#define BIG_RSS_KB (64L * 1024)
/* Seconds, generous for the sanitizer build (about a second plainly). */
#define BIG_SECONDS 60

/* A field of /proc/self/status in KB, or -1. */
static long
status_kb(const char *field)
{
	char line[256];
	long kb = -1;
	size_t n = strlen(field);
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL) {
		return -1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, field, n) == 0 && line[n] == ':') {
			kb = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return kb;
}

/* Start measuring the peak memory from now: Linux resets the process's
 * peak to its present size when told "5" in clear_refs. Returns the
 * present size in KB, or -1 if the peak cannot be measured here. */
static long
peak_reset(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");

	if (f == NULL) {
		return -1;
	}
	if (fputs("5", f) == EOF || fclose(f) == EOF) {
		return -1;
	}
	return status_kb("VmRSS");
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A feed of a million tiny items (18 MB), or of one item with a tags
 * list of 7.5 million tags (30 MB), in memory. */
static char *
make_million(size_t *n)
{
	static const char head[] = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[";
	size_t cap = 20u << 20, len, i;
	char *s = xmalloc(cap);

	len = strlen(head);
	memcpy(s, head, len);
	for (i = 0; i < 1000000; i++) {
		len += (size_t)snprintf(s + len, cap - len, "%s{\"id\": \"%07zu\"}", i ? "," : "", i);
	}
	/* The feed's title after its items, as writers that sort keys put it. */
	len += (size_t)snprintf(s + len, cap - len, "],\"title\":\"Million\"}");
	*n = len;
	return s;
}

static char *
make_tags(size_t *n)
{
	static const char head[] = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":"
	    "[{\"id\":\"1\",\"tags\":[";
	static const char tail[] = "]},{\"id\":\"2\",\"tags\":[\"last\"]}]}";
	size_t tags = 7500000, len = strlen(head), i;
	char *s = xmalloc(len + tags * 4 + sizeof tail);

	memcpy(s, head, len);
	for (i = 0; i < tags; i++) {
		/* Tags t0..t9 over and over: the first ten are kept. */
		s[len++] = i ? ',' : ' ';
		s[len++] = '"';
		s[len++] = (char)('0' + i % 10);
		s[len++] = '"';
	}
	memcpy(s + len, tail, sizeof tail);
	*n = len + sizeof tail - 1;
	return s;
}

/* Parse data[0..n) from memory, or from a file holding it, and check the
 * time and peak memory the parse took. */
static void
parse_big(const char *what, const char *data, size_t n, int from_file, struct nr_feed *feed,
    struct t_sink *c)
{
	struct nr_parse_opts opts = { 1 };
	struct nr_sink sink;
	struct nr_err err;
	long before, peak;
	double t0, secs;
	int fd = -1, rc;

	t_sink_init(c, &sink);
	nr_feed_init(feed);
	if (from_file) {
		char *path = t_path("big.json");

		t_spit(path, data, n);
		fd = open(path, O_RDONLY);
		free(path);
		CHECK(fd >= 0);
	}
	before = peak_reset();
	t0 = now();
	if (from_file) {
		rc = nr_jsonfeed_parse_fd(fd, "big.json", &opts, feed, &sink, &err);
		close(fd);
	} else {
		rc = nr_jsonfeed_parse(data, n, "big.json", &opts, feed, &sink, &err);
	}
	secs = now() - t0;
	peak = status_kb("VmHWM");
	CHECK_INT(rc, 0);
	fprintf(stderr, "%s (%s, %zu bytes): %.2f s, peak memory %ld KB more\n", what,
	    from_file ? "file" : "memory", n, secs, peak - before);
	CHECK(secs < BIG_SECONDS);
	if (before < 0 || peak < 0) {
		fprintf(stderr, "peak memory not measured: no /proc/self/clear_refs\n");
	} else if (!T_SANITIZED) {
		CHECK(peak - before < BIG_RSS_KB);
	}
}

static void
big_million(int from_file)
{
	struct nr_feed feed;
	struct t_sink c = { 0 };
	size_t n;
	char *data = make_million(&n);

	CHECK(n >= 16000000);
	parse_big("a million items", data, n, from_file, &feed, &c);
	CHECK_INT(c.n, 1000000);
	CHECK_STR(c.items[0].id, "0000000");
	CHECK_STR(c.items[7].id, "0000007");
	/* The title that came after the items. */
	CHECK_STR(feed.title, "Million");
	t_sink_free(&c);
	nr_feed_clear(&feed);
	free(data);
}

static void
big_tags(int from_file)
{
	struct nr_feed feed;
	struct t_sink c = { 0 };
	size_t n, i;
	char *data = make_tags(&n);

	CHECK(n >= 30000000);
	parse_big("30 MB of tags", data, n, from_file, &feed, &c);
	CHECK_INT(c.n, 2);
	/* Ten different tags among the first thousand read. */
	CHECK_INT(c.items[0].ncategories, 10);
	for (i = 0; i < 10 && i < c.items[0].ncategories; i++) {
		char want[2] = { (char)('0' + i), '\0' };

		CHECK_STR(c.items[0].categories[i], want);
	}
	/* The item after it is read whole. */
	CHECK_STR(c.items[1].id, "2");
	CHECK_INT(c.items[1].ncategories, 1);
	t_sink_free(&c);
	nr_feed_clear(&feed);
	free(data);
}

/* Each big feed in a process of its own, so that memory one parse freed
 * (and the allocator kept) does not hide what the next one takes. */
static void
test_big(void)
{
	static void (*const cases[])(int) = { big_million, big_tags };
	size_t i;
	int from_file, status;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (from_file = 0; from_file < 2; from_file++) {
			pid_t pid;

			fflush(stdout);
			fflush(stderr);
			pid = fork();
			CHECK(pid >= 0);
			if (pid == 0) {
				cases[i](from_file);
				fflush(stdout);
				fflush(stderr);
				_exit(t_failures > 0);
			}
			CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
			CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		}
	}
}

int
main(void)
{
	t_init();
	test_big();
	test_sniff();
	test_full();
	test_v1();
	test_missing_id();
	test_relative();
	test_wrong_types();
	test_errors();
	test_depth_bomb();
	test_sanitise();
	test_stop();
	test_order();
	test_list_caps();
	test_file();
	return t_done();
}
