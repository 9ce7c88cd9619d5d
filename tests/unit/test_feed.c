/* Feed files: format sniffing, and RSS 2.0, RSS 1.0 (RDF) and Atom parsed
 * from memory into items, each case a feed and what its items must hold. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "markup/libxml.h"
#include "parse/source.h"
#include "parse/xmlfeed.h"
#include "util/utf8.h"
#include "core/buf.h"
#include "helpers.h"
#include "t.h"

static int
parse(const char *xml, struct nr_feed *feed, struct t_sink *c, struct nr_err *warning,
    struct nr_err *err)
{
	struct nr_parse_opts opts = { 1 };
	struct nr_sink sink;

	t_sink_init(c, &sink);
	nr_feed_init(feed);
	return nr_xmlfeed_parse_mem(xml, strlen(xml), "test.xml", &opts, feed, &sink, warning, err);
}

static void
test_sniff(void)
{
	static const struct {
		const char *head;
		const char *name;
		enum nr_kind want;
	} cases[] = {
		{ "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", "a.xml", NR_KIND_RSS },
		{ "<rss>", "feed", NR_KIND_RSS },
		{ "\xEF\xBB\xBF<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", "x", NR_KIND_ATOM },
		{ "<?xml version=\"1.0\"?><!-- a comment --><rdf:RDF xmlns:rdf=\"x\">", "x.txt", NR_KIND_RDF },
		{ "<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"a.xsl\"?>\n<feed>", "x", NR_KIND_ATOM },
		{ "<!DOCTYPE html><html><head>", "page", NR_KIND_HTML },
		{ "<html><body>", "x.rss", NR_KIND_HTML },
		{ "  \n<div>hello</div>", "x", NR_KIND_HTML },
		{ "Plain title\n\nBody text.", "x.html", NR_KIND_TEXT },
		{ "Ëndrra e Tiranës\n", "x", NR_KIND_TEXT },
		{ "<3 you, a text that starts with a heart", "x.txt", NR_KIND_TEXT },
		{ "\x7f" "ELF\x02\x01\x01", "a.out", NR_KIND_UNKNOWN },
		{ "PK\x03\x04\x14\x00", "a.zip", NR_KIND_UNKNOWN },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = strlen(cases[i].head);

		/* The binary cases carry a NUL right after their text. */
		if (cases[i].want == NR_KIND_UNKNOWN) {
			n++;
		}
		CHECK_INT(nr_source_sniff(cases[i].head, n, cases[i].name), cases[i].want);
	}
}

static void
test_rss2(void)
{
	static const char xml[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
	    "<channel><title>Lajme &amp; më shumë</title><link>https://l.example/</link>\n"
	    "<description>Desc</description>\n"
	    "<image><title>not the feed title</title><link>https://img.example/</link></image>\n"
	    "<item><title>  First\n   item </title><link>https://l.example/1</link>\n"
	    "<guid isPermaLink=\"false\">id-1</guid><pubDate>Sun, 20 Feb 2022 10:00:00 +0100</pubDate>\n"
	    "<author>a@l.example (Arta)</author><dc:creator>Arta Krasniqi</dc:creator>\n"
	    "<description>&lt;p&gt;Summary&lt;/p&gt;</description>\n"
	    "<content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded></item>\n"
	    "<item><guid>https://l.example/2</guid><dc:date>2022-02-19T08:30:00Z</dc:date></item>\n"
	    "<item><description>only a description</description></item>\n"
	    "</channel></rss>\n";
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err warning, err;

	CHECK_INT(parse(xml, &feed, &c, &warning, &err), 0);
	CHECK_INT(warning.code, NR_ERR_NONE);
	CHECK_INT(feed.kind, NR_KIND_RSS);
	CHECK_STR(feed.title, "Lajme & më shumë");
	CHECK_STR(feed.link, "https://l.example/");
	CHECK_STR(feed.description, "Desc");
	CHECK_INT(c.n, 3);
	CHECK_STR(c.items[0].title, "First item");
	CHECK_STR(c.items[0].link, "https://l.example/1");
	CHECK_STR(c.items[0].id, "id-1");
	CHECK_INT(c.items[0].published, 1645347600);
	CHECK_STR(c.items[0].author, "Arta Krasniqi");
	CHECK_STR(c.items[0].summary, "<p>Summary</p>");
	CHECK_INT(c.items[0].summary_type, NR_BODY_HTML);
	CHECK_STR(c.items[0].content, "<p>Full <b>text</b></p>");
	/* A permalink guid is the link too. */
	CHECK_STR(c.items[1].link, "https://l.example/2");
	CHECK_STR(c.items[1].id, "https://l.example/2");
	CHECK_INT(c.items[1].published, 1645259400);
	CHECK(c.items[1].title == NULL);
	/* No id, no link: a stable id from the content. */
	CHECK(c.items[2].id != NULL && strncmp(c.items[2].id, "nr:", 3) == 0);
	CHECK_INT(c.items[2].published, NR_TIME_UNKNOWN);
	t_sink_free(&c);
	nr_feed_clear(&feed);

	/* The same item read twice gets the same derived id. */
	{
		char *first;

		parse(xml, &feed, &c, &warning, &err);
		first = xstrdup(c.items[2].id);
		t_sink_free(&c);
		nr_feed_clear(&feed);
		parse(xml, &feed, &c, &warning, &err);
		CHECK_STR(c.items[2].id, first);
		free(first);
		t_sink_free(&c);
		nr_feed_clear(&feed);
	}
}

static void
test_rdf(void)
{
	static const char xml[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
	    " xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "<channel rdf:about=\"https://r.example/\"><title>RDF feed</title>\n"
	    "<link>https://r.example/</link><description>d</description>\n"
	    "<items><rdf:Seq><rdf:li resource=\"https://r.example/a\"/></rdf:Seq></items></channel>\n"
	    "<item rdf:about=\"https://r.example/a\"><title>Item A</title><link>https://r.example/a</link>\n"
	    "<dc:date>2021-12-31T23:59:59+01:00</dc:date><dc:creator>Zana</dc:creator>\n"
	    "<description>Text A</description></item>\n"
	    "<item rdf:about=\"https://r.example/b\"><title>Item B</title><link>https://r.example/b</link></item>\n"
	    "</rdf:RDF>\n";
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err warning, err;

	CHECK_INT(parse(xml, &feed, &c, &warning, &err), 0);
	CHECK_INT(feed.kind, NR_KIND_RDF);
	CHECK_STR(feed.title, "RDF feed");
	CHECK_INT(c.n, 2);
	CHECK_STR(c.items[0].title, "Item A");
	CHECK_STR(c.items[0].link, "https://r.example/a");
	CHECK_STR(c.items[0].id, "https://r.example/a");
	CHECK_STR(c.items[0].author, "Zana");
	CHECK_INT(c.items[0].published, 1640991599);
	CHECK_STR(c.items[0].summary, "Text A");
	CHECK_STR(c.items[1].title, "Item B");
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

static void
test_atom(void)
{
	static const char xml[] =
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
	    "<title type=\"html\">Atom &amp;lt;b&amp;gt;feed&amp;lt;/b&amp;gt;</title>\n"
	    "<link rel=\"self\" href=\"https://a.example/atom\"/>\n"
	    "<link href=\"https://a.example/\"/>\n"
	    "<entry><title>E1</title>\n"
	    "<link rel=\"enclosure\" href=\"https://a.example/e1.mp3\"/>\n"
	    "<link rel=\"alternate\" href=\"https://a.example/e1\"/>\n"
	    "<id>urn:e1</id><updated>2020-01-02T00:00:00Z</updated><published>2020-01-01T00:00:00Z</published>\n"
	    "<author><name>Besa</name><email>b@a.example</email></author>\n"
	    "<source><title>Other feed</title><id>urn:other</id><link href=\"https://other.example/\"/></source>\n"
	    "<summary>Short</summary><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
	    "<p>A &amp; <b>B</b></p></div></content></entry>\n"
	    "<entry><title type=\"html\">&lt;i&gt;Tags&lt;/i&gt; &amp;amp; text</title><id>urn:e2</id>"
	    "<updated>2020-03-01T10:00:00.5+02:00</updated>"
	    "<content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content></entry>\n"
	    "</feed>\n";
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err warning, err;

	CHECK_INT(parse(xml, &feed, &c, &warning, &err), 0);
	CHECK_INT(feed.kind, NR_KIND_ATOM);
	/* Escaped twice: the html title's text is "<b>feed</b>". */
	CHECK_STR(feed.title, "Atom <b>feed</b>");
	CHECK_STR(feed.link, "https://a.example/");
	CHECK_INT(c.n, 2);
	CHECK_STR(c.items[0].title, "E1");
	CHECK_STR(c.items[0].link, "https://a.example/e1");
	CHECK_STR(c.items[0].id, "urn:e1");
	CHECK_INT(c.items[0].published, 1577836800);
	CHECK_STR(c.items[0].author, "Besa");
	CHECK_STR(c.items[0].summary, "Short");
	CHECK_INT(c.items[0].summary_type, NR_BODY_TEXT);
	/* The xhtml div is the container, not content. */
	CHECK_STR(c.items[0].content, "<p>A &amp; <b>B</b></p>");
	CHECK_INT(c.items[0].content_type, NR_BODY_HTML);
	CHECK_STR(c.items[1].title, "Tags & text");
	CHECK_INT(c.items[1].published, 1583049600);
	CHECK_STR(c.items[1].content, "<p>x</p>");
	CHECK_INT(c.items[1].content_type, NR_BODY_HTML);
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

static void
test_broken(void)
{
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err warning, err;

	/* Truncated in the middle of the second item: the first is kept, and
	 * the second as far as it goes when the feed gave its id already,
	 * with a warning and its line. */
	CHECK_INT(parse("<rss><channel><title>T</title>\n<item><title>one</title></item>\n"
	    "<item><guid>g2</guid><title>two</title><link>https://x.example/2", &feed, &c, &warning, &err), 0);
	CHECK_INT(c.n, 2);
	CHECK_STR(c.items[0].title, "one");
	CHECK_STR(c.items[1].title, "two");
	CHECK_STR(c.items[1].id, "g2");
	CHECK(warning.code != NR_ERR_NONE);
	CHECK(warning.line >= 2);
	t_sink_free(&c);
	nr_feed_clear(&feed);

	/* Without its id yet, a cut item is dropped: an id made up from half
	 * of it would make it a second article once the whole is read. */
	CHECK_INT(parse("<rss><channel><title>T</title>\n<item><title>one</title></item>\n"
	    "<item><title>two</title><link>https://x.example/2", &feed, &c, &warning, &err), 0);
	CHECK_INT(c.n, 1);
	t_sink_free(&c);
	nr_feed_clear(&feed);

	/* Not a feed at all. */
	CHECK_INT(parse("<html><body>hi</body></html>", &feed, &c, &warning, &err), -1);
	CHECK_INT(err.code, NR_ERR_FORMAT);
	CHECK(strstr(err.msg, "<html>") != NULL);
	nr_feed_clear(&feed);

	/* Garbage that only starts like XML. */
	CHECK_INT(parse("<<<<>>>>", &feed, &c, &warning, &err), -1);
	CHECK(err.msg[0] != '\0');
	CHECK_INT(c.n, 0);
	nr_feed_clear(&feed);

	/* Invalid UTF-8 declared as UTF-8 never reaches the model. */
	parse("<rss><channel><item><title>a\xff" "b</title></item></channel></rss>", &feed, &c, &warning, &err);
	if (c.n == 1 && c.items[0].title != NULL) {
		CHECK_INT(nr_utf8_valid(c.items[0].title, strlen(c.items[0].title)), 1);
	}
	t_sink_free(&c);
	nr_feed_clear(&feed);

	/* Control characters and escape sequences are removed from titles. */
	CHECK_INT(parse("<rss><channel><item><title>x&#x1b;[2Jy&#x9b;2Jz</title></item></channel></rss>",
	    &feed, &c, &warning, &err), 0);
	CHECK_INT(c.n, 1);
	if (c.n == 1) {
		CHECK(strchr(c.items[0].title, 0x1b) == NULL);
		CHECK(strstr(c.items[0].title, "\xc2\x9b") == NULL);
	}
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

/* An external entity is never loaded (the file's contents never appear). */
static void
test_xxe(void)
{
	static const char xml[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	    "<rss><channel><title>t</title><item><title>a&x;b</title></item></channel></rss>\n";
	struct nr_feed feed;
	struct t_sink c = { 0 };
	struct nr_err warning, err;

	parse(xml, &feed, &c, &warning, &err);
	if (c.n >= 1 && c.items[0].title != NULL) {
		CHECK(strstr(c.items[0].title, "root:") == NULL);
	}
	t_sink_free(&c);
	nr_feed_clear(&feed);
}

/* Stopping: a sink that returns -1 ends the parse. */
static int
stop_at_first(void *ud, struct nr_feed *feed, struct nr_item *item)
{
	(void)feed;
	(void)item;
	(*(int *)ud)++;
	return -1;
}

static void
test_stop(void)
{
	int n = 0;
	struct nr_parse_opts opts = { 0 };
	struct nr_sink sink = { &n, stop_at_first, NULL, NULL, NULL };
	struct nr_feed feed;
	struct nr_err warning, err;
	static const char xml[] = "<rss><channel><item/><item/><item/></channel></rss>";

	nr_feed_init(&feed);
	CHECK_INT(nr_xmlfeed_parse_mem(xml, strlen(xml), "x", &opts, &feed, &sink, &warning, &err), 0);
	CHECK_INT(n, 1);
	nr_feed_clear(&feed);
}

/* Bytes that are not UTF-8, and whole sequences split by the parser's
 * 256 KB reads: every whole character arrives, each bad run becomes one
 * U+FFFD, and the markup after it is still markup. Every offset of a
 * 3-byte and a 4-byte character across a read boundary is tried by
 * padding the start. */
static void
test_utf8_repair(void)
{
	static const char *const chars[] = { "\xe2\x82\xac", "\xf0\x9f\x90\x9d", "\xc3\xab" };
	size_t pad, k;

	for (k = 0; k < sizeof chars / sizeof chars[0]; k++) {
		for (pad = 0; pad < 4; pad++) {
			struct nr_buf b = NR_BUF_INIT;
			struct nr_feed feed;
			struct t_sink c = { 0 };
			struct nr_err warning, err;
			size_t i, clen = strlen(chars[k]), count = 0;
			const char *q;

			nr_buf_adds(&b, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>T</title>"
			    "<item><guid>a</guid><title>");
			for (i = 0; i < pad; i++) {
				nr_buf_addc(&b, 'x');
			}
			nr_buf_adds(&b, "</title><description>");
			for (i = 0; i < 300000; i++) {
				nr_buf_adds(&b, chars[k]);
			}
			nr_buf_adds(&b, "</description></item><item><guid>b</guid><title>bad \x9b\xe2\x82 end</title>"
			    "<description>&lt;p&gt;still &lt;b&gt;markup&lt;/b&gt;&lt;/p&gt;</description></item>"
			    "</channel></rss>\n");
			CHECK_INT(parse(nr_buf_str(&b), &feed, &c, &warning, &err), 0);
			CHECK_INT(c.n, 2);
			if (c.n == 2) {
				CHECK(c.items[0].summary != NULL);
				for (q = c.items[0].summary; q != NULL && *q != '\0'; q += clen) {
					if (strncmp(q, chars[k], clen) != 0) {
						break;
					}
					count++;
				}
				CHECK_INT(count, 300000);
				CHECK_STR(c.items[1].title, "bad \xef\xbf\xbd\xef\xbf\xbd end");
				CHECK_STR(c.items[1].summary, "<p>still <b>markup</b></p>");
			}
			CHECK(strstr(warning.msg, "3 bytes that are not UTF-8") != NULL);
			CHECK_INT(warning.line, 2);
			t_sink_free(&c);
			nr_feed_clear(&feed);
			nr_buf_free(&b);
		}
	}
}

int
main(void)
{
	t_init();
	nr_libxml_init();
	test_sniff();
	test_rss2();
	test_rdf();
	test_atom();
	test_broken();
	test_xxe();
	test_stop();
	test_utf8_repair();
	nr_libxml_cleanup();
	return t_done();
}
