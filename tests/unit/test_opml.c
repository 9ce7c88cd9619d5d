#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/libxml.h"
#include "parse/opml.h"
#include "helpers.h"
#include "t.h"

/* What one feed of a fixture must read as: tags joined with '|'. */
struct want {
	const char *url;
	const char *title;      /* NULL: none */
	const char *html_url;   /* NULL: none */
	const char *tags;
	long line;
};

static char *
fixture(const char *name)
{
	const char *top = getenv("top_srcdir");

	return xasprintf("%s/tests/data/opml/%s", top != NULL ? top : ".", name);
}

static char *
joined(const struct nr_opml_feed *f)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < f->ntags; i++) {
		len += strlen(f->tags[i]) + 1;
	}
	s = xcalloc(1, len);
	for (i = 0; i < f->ntags; i++) {
		if (i > 0) {
			strcat(s, "|");
		}
		strcat(s, f->tags[i]);
	}
	return s;
}

/* Read fixture name and compare it with want[0..n). */
static void
check_file(const char *name, const struct want *want, size_t n)
{
	struct nr_opml_feed *feeds = NULL;
	struct nr_err err;
	char *path = fixture(name);
	long got;
	size_t i;

	got = nr_opml_read(path, &feeds, &err);
	if (got != (long)n) {
		fprintf(stderr, "  %s: %ld feeds (%s)\n", name, got, err.msg);
	}
	CHECK_INT(got, n);
	CHECK_STR(err.msg, "");
	for (i = 0; got >= 0 && i < n && i < (size_t)got; i++) {
		char *tags = joined(&feeds[i]);

		CHECK_STR(feeds[i].url, want[i].url);
		CHECK_STR(feeds[i].title, want[i].title);
		CHECK_STR(feeds[i].html_url, want[i].html_url);
		CHECK_STR(tags, want[i].tags);
		CHECK_INT(feeds[i].line, want[i].line);
		free(tags);
	}
	nr_opml_free(feeds, got > 0 ? (size_t)got : 0);
	free(path);
}

/* Exports of the readers people move from. */
static void
test_exports(void)
{
	static const struct want newsboat[] = {
		{ "https://lwn.net/headlines/rss", "LWN.net", "https://lwn.net", "", 7 },
		{ "https://www.kosovapress.example/feed/", "Kosova Press & Lajme", "https://www.kosovapress.example/", "",
		  8 },
		{ "http://planet.debian.example/rss20.xml", NULL, NULL, "", 9 },
	};
	/* The Register is in two folders: one feed with both tags. */
	static const struct want feedly[] = {
		{ "https://feeds.arstechnica.example/arstechnica/index", "Ars Technica", "https://arstechnica.example",
		  "Tech", 9 },
		{ "https://www.theregister.example/headlines.atom", "The Register", "https://www.theregister.example/",
		  "Tech|Balkans", 10 },
		{ "https://prishtinainsight.example/feed/", "Prishtina Insight", "https://prishtinainsight.example",
		  "Balkans", 13 },
	};
	static const struct want inoreader[] = {
		{ "https://api.quantamagazine.example/feed/", "Quanta Magazine", "https://www.quantamagazine.example",
		  "Science", 8 },
		/* text before title; character references decoded. */
		{ "https://nautil.example/feed/", "Nautilus \xe2\x80\x94 Science Connected", "https://nautil.example",
		  "Science", 9 },
		{ "https://zeri.example/rss?lang=sq&cat=lajme", "Z\xc3\xabri i Kosov\xc3\xabs", "https://zeri.example", "",
		  11 },
	};
	static const struct want netnewswire[] = {
		{ "https://daringfireball.example/feeds/main", "Daring Fireball", "https://daringfireball.example/", "", 8 },
		{ "https://jvns.example/atom.xml", "Julia Evans", "https://jvns.example/", "Blogs", 10 },
		{ "https://bold.example/feed.json", "<b>Bold</b> \"quoted\" title; #1", NULL, "Blogs", 11 },
	};
	/* OPML 1.0 in ISO-8859-1; an outline with no type is a feed too. */
	static const struct want opml1[] = {
		{ "http://cafe.example/rss.xml", "Caf\xc3\xa9 news", NULL, "", 5 },
		{ "http://scripting.example/rss.xml", "Scripting News", NULL, "", 6 },
	};

	check_file("newsboat.opml", newsboat, sizeof newsboat / sizeof newsboat[0]);
	check_file("feedly.opml", feedly, sizeof feedly / sizeof feedly[0]);
	check_file("inoreader.opml", inoreader, sizeof inoreader / sizeof inoreader[0]);
	check_file("netnewswire.opml", netnewswire, sizeof netnewswire / sizeof netnewswire[0]);
	check_file("opml1.opml", opml1, sizeof opml1 / sizeof opml1[0]);
	check_file("empty.opml", NULL, 0);
}

static void
test_structure(void)
{
	/* Folders at any depth give tags, outermost first; a category's last
	 * segment is a tag; no tag twice; a folder without a name gives
	 * none; an outline whose xmlUrl is blank is a folder. */
	static const struct want nested[] = {
		{ "https://deep.example/atom.xml", "Deep feed", NULL, "News|World|Europe|Science|tech/linux", 10 },
		{ "https://blank.example/rss", "Under a blank folder", NULL, "News|World", 13 },
		{ "https://child.example/feed", "Child of the empty one", NULL, "Empty xmlUrl", 20 },
		{ "https://case.example/feed", "Top level", NULL, "solo", 22 },
	};
	/* One feed per URL (trimmed): the first title, every tag. */
	static const struct want duplicates[] = {
		{ "https://dup.example/feed", "No text, a title", NULL, "Folder A|Folder B|extra", 5 },
		{ "https://other.example/feed", "Other", NULL, "Folder B", 10 },
		{ "https://dup.example/feed/", "Not the same", NULL, "", 13 },
	};

	check_file("nested.opml", nested, sizeof nested / sizeof nested[0]);
	check_file("duplicates.opml", duplicates, sizeof duplicates / sizeof duplicates[0]);
}

/* Declared entities are not substituted, external ones never loaded. */
static void
test_entities(void)
{
	static const struct want doctype[] = {
		{ "https://safe.example/feed", "Safe &name;", NULL, "&name;", 11 },
		{ "https://after.example/feed", "After", NULL, "", 13 },
	};
	struct nr_opml_feed *feeds = NULL;
	struct nr_err err;
	char *path;
	long got;
	size_t i, j;

	check_file("doctype.opml", doctype, sizeof doctype / sizeof doctype[0]);

	/* An external entity in an attribute is not well-formed XML. */
	path = fixture("xxe-attr.opml");
	got = nr_opml_read(path, &feeds, &err);
	CHECK_INT(got, -1);
	CHECK(feeds == NULL);
	CHECK(strstr(err.msg, "xxe-attr.opml:8: not well-formed XML: ") != NULL);
	CHECK(strstr(err.msg, "SECRET-MARKER") == NULL);
	CHECK_INT(err.line, 8);
	free(path);

	/* Nested entities: refused, or kept as written; never expanded. */
	path = fixture("laughs.opml");
	got = nr_opml_read(path, &feeds, &err);
	if (got == 1) {
		CHECK_STR(feeds[0].title, "&i;");
	} else {
		CHECK_INT(got, -1);
		CHECK(strstr(err.msg, "laughs.opml:") != NULL);
	}
	for (i = 0; got > 0 && i < (size_t)got; i++) {
		CHECK(feeds[i].title == NULL || strlen(feeds[i].title) < 100);
		for (j = 0; j < feeds[i].ntags; j++) {
			CHECK(strlen(feeds[i].tags[j]) < 100);
		}
	}
	nr_opml_free(feeds, got > 0 ? (size_t)got : 0);
	free(path);
}

static void
test_errors(void)
{
	static const struct {
		const char *name;
		const char *msg;        /* after the path */
		long line;
	} bad[] = {
		{ "not-opml.xml", ":2: not an OPML file: the root element is 'rss'", 2 },
		{ "broken.opml", ":7: not well-formed XML: Opening and ending tag mismatch: outline line 5 and outlin", 7 },
		{ "secret.txt", ":1: not well-formed XML: Start tag expected, '<' not found", 1 },
		{ "no-such.opml", ": cannot read: No such file or directory", 0 },
		{ "", ": cannot read: not a regular file", 0 },
	};
	struct nr_opml_feed *feeds;
	struct nr_err err;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *path = fixture(bad[i].name);
		char *want = xasprintf("%s%s", path, bad[i].msg);

		feeds = (struct nr_opml_feed *)&err;
		CHECK_INT(nr_opml_read(path, &feeds, &err), -1);
		CHECK(feeds == NULL);
		CHECK_STR(err.msg, want);
		CHECK_INT(err.line, bad[i].line);
		free(want);
		free(path);
	}
}

/* A file of no bytes, and a FIFO (refused, not waited on). */
static void
test_odd_files(void)
{
	struct nr_opml_feed *feeds;
	struct nr_err err;
	char *path, *want;

	path = t_put("empty.opml", "");
	CHECK_INT(nr_opml_read(path, &feeds, &err), -1);
	want = xasprintf("%s:1: not well-formed XML: Document is empty", path);
	CHECK_STR(err.msg, want);
	unlink(path);
	free(path);
	free(want);

	path = t_path("fifo");
	CHECK_INT(mkfifo(path, 0600), 0);
	CHECK_INT(nr_opml_read(path, &feeds, &err), -1);
	want = xasprintf("%s: cannot read: not a regular file", path);
	CHECK_STR(err.msg, want);
	unlink(path);
	free(path);
	free(want);
}

/* Big imports in linear time: 20,000 outlines each in two folders (each
 * URL was compared with every one before it), one outline with 200,000
 * categories (each tag with every other), and one with 300,000 attributes
 * (libxml2 compared each attribute with every other; cut after 256). The
 * limit is generous for a sanitizer build; before, these took minutes. */
static void
test_big(void)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	struct nr_opml_feed *feeds = NULL;
	struct nr_buf b = NR_BUF_INIT;
	struct nr_err err;
	char *path;
	clock_t t0 = clock();
	long n;
	int i, folder;

	nr_buf_adds(&b, "<opml version=\"2.0\"><body>");
	for (folder = 0; folder < 2; folder++) {
		nr_buf_printf(&b, "<outline text=\"F%d\">", folder);
		for (i = 0; i < 20000; i++) {
			nr_buf_printf(&b, "<outline text=\"Feed %d\" xmlUrl=\"https://e%d.example/\"/>", i, i);
		}
		nr_buf_adds(&b, "</outline>");
	}
	/* 200,000 different categories of three characters: the attribute
	 * stays under the 1 MiB a tag may have. */
	nr_buf_adds(&b, "<outline text=\"Cats\" xmlUrl=\"https://cats.example/\" category=\"");
	for (i = 0; i < 200000; i++) {
		nr_buf_printf(&b, "%s%c%c%c", i > 0 ? "," : "", digits[i / 3844], digits[i / 62 % 62], digits[i % 62]);
	}
	nr_buf_adds(&b, "\"/><outline text=\"Attrs\" xmlUrl=\"https://attrs.example/\"");
	for (i = 0; i < 300000; i++) {
		nr_buf_printf(&b, " a%d=\"1\"", i);
	}
	nr_buf_adds(&b, "/></body></opml>");
	path = t_put("big.opml", nr_buf_str(&b));
	n = nr_opml_read(path, &feeds, &err);
	CHECK_INT(n, 20002);
	if (n == 20002) {
		CHECK_STR(feeds[19999].url, "https://e19999.example/");
		CHECK_INT(feeds[19999].ntags, 2);
		CHECK_STR(feeds[19999].tags[1], "F1");
		CHECK_INT(feeds[20000].ntags, 200000);
		CHECK_STR(feeds[20001].title, "Attrs");
	}
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 20);
	nr_opml_free(feeds, n > 0 ? (size_t)n : 0);
	unlink(path);
	free(path);
	nr_buf_free(&b);
}

int
main(void)
{
	t_init();
	nr_libxml_init();
	test_exports();
	test_structure();
	test_entities();
	test_errors();
	test_odd_files();
	test_big();
	nr_libxml_cleanup();
	return t_done();
}
