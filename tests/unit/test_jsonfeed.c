/* JSON Feed: sniffing, and feeds parsed from memory (fixtures in
 * tests/data/json and inline strings) into items, each case a feed and
 * what its items must hold; broken and hostile JSON must give an error,
 * never a crash. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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
		struct nr_sink sink = { NULL, NULL, NULL, NULL };
		static const char json[] =
		    "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":\"1\"}]}";

		nr_feed_init(&feed);
		CHECK_INT(nr_jsonfeed_parse(json, strlen(json), NULL, &opts, &feed, &sink, &err), 0);
		nr_feed_clear(&feed);
	}
}

int
main(void)
{
	t_init();
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
	return t_done();
}
