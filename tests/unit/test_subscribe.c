#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/settings.h"
#include "config/subscribe.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/libxml.h"
#include "parse/opml.h"
#include "helpers.h"
#include "t.h"

/* Load path; the test fails if it does not load. */
static void
load(struct nr_config *cfg, const char *path)
{
	struct nr_err err;

	nr_config_defaults(cfg);
	if (nr_config_load(cfg, path, 1, &err) < 0) {
		fprintf(stderr, "  load: %s\n", err.msg);
		CHECK(0);
	}
}

static const struct nr_source *
by_label(const struct nr_config *cfg, const char *label)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		if (strcmp(cfg->sources[i].label, label) == 0) {
			return &cfg->sources[i];
		}
	}
	fprintf(stderr, "  no source labelled %s\n", label);
	return NULL;
}

/* A new file, and the folders to it. */
static void
test_new_file(void)
{
	/* The header takes char *const *, as an OPML reader's tags are. */
	static char news[] = "news", balkans[] = "Balkans";
	static char *const tags[] = { news, balkans, news };
	static const struct nr_subscription subs[] = {
		{ "https://kosovo.example/feed.xml", "Lajme nga Kosova", tags, 3 },
		{ "http://plain.example/rss", NULL, NULL, 0 },
	};
	static const char want[] =
	    "[feed lajme-nga-kosova]\n"
	    "url = https://kosovo.example/feed.xml\n"
	    "title = Lajme nga Kosova\n"
	    "tags = news, Balkans\n"
	    "\n"
	    "[feed plain-example]\n"
	    "url = http://plain.example/rss\n";
	struct nr_config cfg, back;
	struct nr_err err;
	struct stat sb;
	size_t skipped = 99;
	char *path = t_path("new/sub/config.ini");
	char *dir = t_path("new/sub");
	char *bak = t_path("new/sub/config.ini.bak");
	char *text;
	const struct nr_source *s;

	nr_config_defaults(&cfg);
	CHECK_INT(nr_subscribe(path, &cfg, subs, 2, &skipped, &err), 2);
	CHECK_STR(err.msg, "");
	CHECK_INT(skipped, 0);
	text = t_slurp(path, NULL);
	CHECK_STR(text, want);
	free(text);
	CHECK_INT(stat(path, &sb), 0);
	CHECK_INT(sb.st_mode & 0777, 0600);
	CHECK_INT(stat(dir, &sb), 0);
	CHECK_INT(sb.st_mode & 0777, 0700);
	/* Nothing to back up. */
	CHECK(access(bak, F_OK) < 0);

	load(&back, path);
	CHECK_INT(back.nsources, 2);
	s = by_label(&back, "lajme-nga-kosova");
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK_INT(s->is_url, 1);
		CHECK_STR(s->path, "https://kosovo.example/feed.xml");
		CHECK_STR(s->title, "Lajme nga Kosova");
		CHECK_INT(s->ntags, 2);
	}
	s = by_label(&back, "plain-example");
	CHECK(s != NULL && s->title == NULL && s->ntags == 0);
	nr_config_free(&back);
	nr_config_free(&cfg);
	unlink(path);
	rmdir(dir);
	free(dir);
	dir = t_path("new");
	rmdir(dir);
	free(dir);
	free(bak);
	free(path);
}

/* Every byte of an existing file is kept; a backup of it too; its mode. */
static void
test_append(void)
{
	static const char old[] =
	    "; my feeds\n"
	    "[general]\n"
	    "sort = oldest   ; oldest first\n"
	    "\n"
	    "[sources]\n"
	    "web = https://WWW.Example.org/feed\n"
	    "[feed example]\n"
	    "path = ~/x.rss\n"
	    "# no newline at the end";
	static const struct nr_subscription subs[] = {
		/* The same URL as [sources]' (the host in another case). */
		{ "https://www.example.org/feed", "Again", NULL, 0 },
		{ "https://example.org/other", NULL, NULL, 0 },
		{ "https://example.org/third", "", NULL, 0 },
		{ "https://example.org/other", "Twice", NULL, 0 },
	};
	static const char added[] =
	    "\n"
	    "\n"
	    "[feed example-org]\n"
	    "url = https://example.org/other\n"
	    "\n"
	    "[feed example-org-2]\n"
	    "url = https://example.org/third\n";
	struct nr_config cfg;
	struct nr_err err;
	struct stat sb;
	size_t skipped = 0;
	char *path = t_path("append.ini");
	char *bak = t_path("append.ini.bak");
	char *text, *want;

	t_spits(path, old);
	chmod(path, 0640);
	load(&cfg, path);
	CHECK_INT(nr_subscribe(path, &cfg, subs, 4, &skipped, &err), 2);
	CHECK_STR(err.msg, "");
	CHECK_INT(skipped, 2);
	text = t_slurp(path, NULL);
	want = xasprintf("%s%s", old, added);
	CHECK_STR(text, want);
	free(text);
	free(want);
	text = t_slurp(bak, NULL);
	CHECK_STR(text, old);
	free(text);
	CHECK_INT(stat(path, &sb), 0);
	CHECK_INT(sb.st_mode & 0777, 0640);
	nr_config_free(&cfg);

	/* Again: the backup is the file as it was just before. */
	{
		static const struct nr_subscription more[] = { { "https://more.example/", "More", NULL, 0 } };
		char *before = t_slurp(path, NULL);

		load(&cfg, path);
		CHECK_INT(cfg.nsources, 4);
		CHECK_INT(nr_subscribe(path, &cfg, more, 1, &skipped, &err), 1);
		text = t_slurp(bak, NULL);
		CHECK_STR(text, before);
		free(text);
		free(before);
		nr_config_free(&cfg);
		load(&cfg, path);
		CHECK_INT(cfg.nsources, 5);
		nr_config_free(&cfg);
	}

	/* All there already: nothing written, not even a backup. */
	unlink(bak);
	load(&cfg, path);
	CHECK_INT(nr_subscribe(path, &cfg, subs, 4, &skipped, &err), 0);
	CHECK_INT(skipped, 4);
	CHECK(access(bak, F_OK) < 0);
	nr_config_free(&cfg);
	unlink(path);
	free(path);
	free(bak);
}

/* Values iniparser would misread are written so that they read back. */
static void
test_values(void)
{
	static char t0[] = "two words", t1[] = "a,b", t2[] = "semi;colon", t3[] = "#hash", t4[] = " ", t5[] = "\"q\"";
	static char *const odd_tags[] = { t0, t1, t2, t3, t4, t5 };
	static const struct {
		const char *title;      /* given */
		const char *back;       /* as it must load; NULL: no title */
		const char *name;
	} cases[] = {
		{ "Plain title", "Plain title", "plain-title" },
		{ "Semi; colon", "Semi; colon", "semi-colon" },
		{ "Hash #1", "Hash #1", "hash-1" },
		{ "\"Quoted\" start", "\"Quoted\" start", "quoted-start" },
		{ "'single' start", "'single' start", "single-start" },
		{ "both \" and ' and ;", "both \xe2\x80\x9c and ' and ;", "both-and-and" },
		{ "both \" and ' no comment", "both \" and ' no comment", "both-and-no-comment" },
		{ "ends with \\", "ends with \\", "ends-with" },
		{ "a = b", "a = b", "a-b" },
		{ "line\none\ttab \x1b[31mred\x1b[0m  ", "line one tab red", "line-one-tab-red" },
		{ "   ", NULL, "case-example" },
		{ "Lajme Shqip\xc3\xabris\xc3\xab \xe2\x80\x94 Top!", "Lajme Shqip\xc3\xabris\xc3\xab \xe2\x80\x94 Top!",
		  "lajme-shqiperise-top" },
		{ "\xe6\x96\xb0\xe9\x97\xbb", "\xe6\x96\xb0\xe9\x97\xbb", "case-example-2" },
		{ "Reader's Digest", "Reader's Digest", "readers-digest" },
		{ "\"\"", "\"\"", "case-example-3" },
	};
	struct nr_subscription subs[sizeof cases / sizeof cases[0] + 2];
	char *urls[sizeof cases / sizeof cases[0]];
	struct nr_config cfg, back;
	struct nr_err err;
	size_t i, n = sizeof cases / sizeof cases[0];
	char *path = t_path("values.ini");
	const struct nr_source *s;

	for (i = 0; i < n; i++) {
		urls[i] = xasprintf("https://www.Case.example:8443/feed/%zu?a=1;b=2#x", i);
		subs[i].url = urls[i];
		subs[i].title = cases[i].title;
		subs[i].tags = i == 0 ? odd_tags : NULL;
		subs[i].ntags = i == 0 ? sizeof odd_tags / sizeof odd_tags[0] : 0;
	}
	/* URLs with ' or " and ; */
	subs[n].url = "https://q.example/it's;here";
	subs[n].title = "Quote in URL";
	subs[n].tags = NULL;
	subs[n].ntags = 0;
	subs[n + 1].url = "https://q.example/\"dq\";here";
	subs[n + 1].title = "Double quote in URL";
	subs[n + 1].tags = NULL;
	subs[n + 1].ntags = 0;
	nr_config_defaults(&cfg);
	CHECK_INT(nr_subscribe(path, &cfg, subs, n + 2, NULL, &err), (long)n + 2);
	CHECK_STR(err.msg, "");
	load(&back, path);
	CHECK_INT(back.nsources, n + 2);
	for (i = 0; i < n; i++) {
		s = by_label(&back, cases[i].name);
		CHECK(s != NULL);
		if (s == NULL) {
			continue;
		}
		CHECK_STR(s->path, urls[i]);
		CHECK_STR(s->title, cases[i].back);
	}
	s = by_label(&back, "plain-title");
	if (s != NULL) {
		CHECK_INT(s->ntags, 5);
		if (s->ntags == 5) {
			CHECK_STR(s->tags[0], "two-words");
			CHECK_STR(s->tags[1], "a-b");
			CHECK_STR(s->tags[2], "semi;colon");
			CHECK_STR(s->tags[3], "#hash");
			CHECK_STR(s->tags[4], "\xe2\x80\x9cq\xe2\x80\x9d");
		}
	}
	s = by_label(&back, "quote-in-url");
	CHECK(s != NULL && strcmp(s->path, "https://q.example/it's;here") == 0);
	s = by_label(&back, "double-quote-in-url");
	CHECK(s != NULL && strcmp(s->path, "https://q.example/\"dq\";here") == 0);
	nr_config_free(&back);
	nr_config_free(&cfg);
	for (i = 0; i < n; i++) {
		free(urls[i]);
	}
	unlink(path);
	free(path);
}

/* Refused: nothing is written. */
static void
test_refused(void)
{
	static const char old[] = "[general]\nsort = title\n";
	struct nr_subscription sub = { NULL, NULL, NULL, 0 };
	struct nr_config cfg;
	struct nr_err err;
	struct nr_buf long_url = NR_BUF_INIT;
	static const char *const bad[] = {
		"ftp://example.org/feed", "example.org/feed", "https://", "https:///path", "http://a b/",
		"http://tab\t/", "file:///etc/passwd", "",
	};
	char *path = t_path("refused.ini");
	char *bak = t_path("refused.ini.bak");
	char *text;
	size_t i;

	t_spits(path, old);
	load(&cfg, path);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *want = xasprintf("not an http:// or https:// URL: '%s'", bad[i]);

		sub.url = bad[i];
		CHECK_INT(nr_subscribe(path, &cfg, &sub, 1, NULL, &err), -1);
		CHECK_INT(nr_subscribe_url_ok(bad[i]), 0);
		if (strchr(bad[i], '\t') == NULL) {
			CHECK_STR(err.msg, want);
		}
		free(want);
	}
	/* A URL with both quotes and a comment character cannot be written. */
	sub.url = "https://x.example/'\";";
	CHECK_INT(nr_subscribe(path, &cfg, &sub, 1, NULL, &err), -1);
	CHECK_STR(err.msg, "this URL cannot be written in the configuration file: 'https://x.example/'\";'");
	/* Nor one longer than a line may be. */
	nr_buf_adds(&long_url, "https://long.example/");
	while (long_url.len < 1100) {
		nr_buf_adds(&long_url, "abcdefghij");
	}
	sub.url = nr_buf_str(&long_url);
	CHECK_INT(nr_subscribe(path, &cfg, &sub, 1, NULL, &err), -1);
	/* What an import asks first, to leave them out with a warning. */
	CHECK_INT(nr_subscribe_url_writable(nr_buf_str(&long_url)), 0);
	CHECK_INT(nr_subscribe_url_writable("https://x.example/'\";"), 0);
	CHECK_INT(nr_subscribe_url_writable("ftp://x.example/"), 0);
	CHECK_INT(nr_subscribe_url_writable("https://x.example/a;b"), 1);
	CHECK_INT(nr_subscribe_url_writable("https://x.example/a\"b"), 1);
	text = t_slurp(path, NULL);
	CHECK_STR(text, old);
	free(text);
	CHECK(access(bak, F_OK) < 0);
	nr_config_free(&cfg);

	/* A file that does not load (the caller should not have got this
	 * far) is not made worse. */
	t_spits(path, "[general]\nsort = sideways\n");
	nr_config_defaults(&cfg);
	sub.url = "https://fine.example/";
	CHECK_INT(nr_subscribe(path, &cfg, &sub, 1, NULL, &err), -1);
	CHECK(strstr(err.msg, "would not load") != NULL);
	text = t_slurp(path, NULL);
	CHECK_STR(text, "[general]\nsort = sideways\n");
	free(text);
	CHECK(access(bak, F_OK) < 0);
	nr_config_free(&cfg);

	nr_buf_free(&long_url);
	unlink(path);
	free(path);
	free(bak);
}

/* A symlinked config: the file it points to is written, the link stays. */
static void
test_symlink(void)
{
	static const struct nr_subscription sub = { "https://linked.example/", "Linked", NULL, 0 };
	struct nr_config cfg;
	struct nr_err err;
	struct stat sb;
	char *real_dir = t_path("dotfiles");
	char *real = t_path("dotfiles/newsreader.ini");
	char *real_bak = t_path("dotfiles/newsreader.ini.bak");
	char *link_path = t_path("link.ini");
	char *text;

	mkdir(real_dir, 0700);
	t_spits(real, "[general]\nsort = title\n");
	CHECK_INT(symlink(real, link_path), 0);
	load(&cfg, link_path);
	CHECK_INT(nr_subscribe(link_path, &cfg, &sub, 1, NULL, &err), 1);
	CHECK_STR(err.msg, "");
	CHECK_INT(lstat(link_path, &sb), 0);
	CHECK(S_ISLNK(sb.st_mode));
	text = t_slurp(real, NULL);
	CHECK_STR(text, "[general]\nsort = title\n\n[feed linked]\nurl = https://linked.example/\ntitle = Linked\n");
	free(text);
	text = t_slurp(real_bak, NULL);
	CHECK_STR(text, "[general]\nsort = title\n");
	free(text);
	nr_config_free(&cfg);
	unlink(link_path);
	unlink(real);
	unlink(real_bak);
	rmdir(real_dir);
	free(real_dir);
	free(real);
	free(real_bak);
	free(link_path);
}

/* A file with CRLF line ends goes on with them. */
static void
test_crlf(void)
{
	static const struct nr_subscription sub = { "https://crlf.example/", "CRLF", NULL, 0 };
	struct nr_config cfg;
	struct nr_err err;
	char *path = t_path("crlf.ini");
	char *text;

	t_spits(path, "[general]\r\nsort = title\r\n");
	load(&cfg, path);
	CHECK_INT(nr_subscribe(path, &cfg, &sub, 1, NULL, &err), 1);
	text = t_slurp(path, NULL);
	CHECK_STR(text, "[general]\r\nsort = title\r\n\r\n[feed crlf]\r\nurl = https://crlf.example/\r\ntitle = CRLF\r\n");
	free(text);
	nr_config_free(&cfg);
	load(&cfg, path);
	CHECK_INT(cfg.nsources, 1);
	nr_config_free(&cfg);
	unlink(path);
	free(path);
	path = t_path("crlf.ini.bak");
	unlink(path);
	free(path);
}

/* The OPML of a configuration, without its dateCreated line (checked for
 * its form and removed). */
static char *
export_text(const struct nr_config *cfg, long *n)
{
	char *path = t_path("export.opml");
	FILE *fp = fopen(path, "w");
	struct nr_err err;
	char *text, *date, *end;
	char day[4], mon[4], tz[4];
	int d, y, hh, mm, ss;

	if (fp == NULL) {
		perror(path);
		exit(99);
	}
	*n = nr_export_opml(fp, cfg, &err);
	fclose(fp);
	text = t_slurp(path, NULL);
	unlink(path);
	free(path);
	date = strstr(text, "    <dateCreated>");
	CHECK(date != NULL);
	if (date != NULL) {
		CHECK_INT(sscanf(date, "    <dateCreated>%3s, %2d %3s %4d %2d:%2d:%2d %3s</dateCreated>", day, &d, mon, &y,
		    &hh, &mm, &ss, tz), 8);
		CHECK_STR(tz, "GMT");
		end = strchr(date, '\n');
		memmove(date, end + 1, strlen(end + 1) + 1);
	}
	return text;
}

static void
test_export(void)
{
	static const char ini[] =
	    "[sources]\n"
	    "local = /srv/x.rss\n"
	    "web = https://web.example/rss\n"
	    "[feed amp]\n"
	    "url = https://amp.example/feed?a=1&b=<2>\n"
	    "title = \"Tom & Jerry's <b>\"\n"
	    "tags = cartoons, <old>, tech/linux\n"
	    "[feed file]\n"
	    "path = /srv/y.rss\n"
	    "title = Not exported\n";
	static const char want[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n"
	    "  <head>\n"
	    "    <title>newsreader subscriptions</title>\n"
	    "  </head>\n"
	    "  <body>\n"
	    "    <outline type=\"rss\" text=\"web\" title=\"web\" xmlUrl=\"https://web.example/rss\"/>\n"
	    "    <outline type=\"rss\" text=\"Tom &amp; Jerry's &lt;b&gt;\" title=\"Tom &amp; Jerry's &lt;b&gt;\" "
	    "xmlUrl=\"https://amp.example/feed?a=1&amp;b=&lt;2&gt;\" category=\"cartoons,&lt;old&gt;,tech/linux\"/>\n"
	    "  </body>\n"
	    "</opml>\n";
	struct nr_config cfg;
	char *path = t_path("export.ini");
	char *text;
	long n;

	t_spits(path, ini);
	load(&cfg, path);
	text = export_text(&cfg, &n);
	CHECK_INT(n, 2);
	CHECK_STR(text, want);
	free(text);
	nr_config_free(&cfg);
	unlink(path);
	free(path);

	/* No feeds: an empty body. */
	nr_config_defaults(&cfg);
	text = export_text(&cfg, &n);
	CHECK_INT(n, 0);
	CHECK(strstr(text, "  <body>\n  </body>\n") != NULL);
	free(text);
	nr_config_free(&cfg);
}

/* export -> import into an empty configuration -> export: the same
 * feeds, titles and tags. */
static void
test_round_trip(void)
{
	static const char ini[] =
	    "[feed one]\n"
	    "url = https://one.example/feed\n"
	    "title = 'One; & <two> \"quoted\"'\n"
	    "tags = \"a, b-c, d;e\"\n"
	    "[feed two]\n"
	    "url = \"http://two.example/x;y?a=1&b=2\"\n"
	    "[sources]\n"
	    "three = https://three.example/\n";
	struct nr_config cfg, cfg2;
	struct nr_opml_feed *feeds;
	struct nr_subscription *subs;
	struct nr_err err;
	char *path = t_path("rt.ini");
	char *path2 = t_path("rt2.ini");
	char *opml = t_path("rt.opml");
	char *first, *second;
	long n, n2, nf, i;
	FILE *fp;

	t_spits(path, ini);
	load(&cfg, path);
	first = export_text(&cfg, &n);
	CHECK_INT(n, 3);
	fp = fopen(opml, "w");
	CHECK(fp != NULL);
	if (fp == NULL) {
		exit(99);
	}
	CHECK_INT(nr_export_opml(fp, &cfg, &err), 3);
	fclose(fp);
	nf = nr_opml_read(opml, &feeds, &err);
	CHECK_INT(nf, 3);
	CHECK_STR(err.msg, "");
	subs = xcalloc(nf > 0 ? (size_t)nf : 1, sizeof *subs);
	for (i = 0; i < nf; i++) {
		subs[i].url = feeds[i].url;
		subs[i].title = feeds[i].title;
		subs[i].tags = feeds[i].tags;
		subs[i].ntags = feeds[i].ntags;
	}
	nr_config_defaults(&cfg2);
	CHECK_INT(nr_subscribe(path2, &cfg2, subs, nf > 0 ? (size_t)nf : 0, NULL, &err), 3);
	CHECK_STR(err.msg, "");
	nr_config_free(&cfg2);
	load(&cfg2, path2);
	second = export_text(&cfg2, &n2);
	CHECK_INT(n2, 3);
	CHECK_STR(second, first);
	/* And importing the same list again adds nothing. */
	CHECK_INT(nr_subscribe(path2, &cfg2, subs, (size_t)nf, NULL, &err), 0);

	free(first);
	free(second);
	free(subs);
	nr_opml_free(feeds, nf > 0 ? (size_t)nf : 0);
	nr_config_free(&cfg);
	nr_config_free(&cfg2);
	unlink(path);
	unlink(path2);
	unlink(opml);
	free(path);
	free(path2);
	free(opml);
}

/* 4,000 feeds with one title (each name was checked against all the
 * others, for each number tried: 37 s), some of them twice with the host in
 * another case, into a file that has one of the names: one look-up each.
 * The limit is generous for a sanitizer build. */
static void
test_many(void)
{
	struct nr_subscription *subs = xcalloc(4100, sizeof *subs);
	char **urls = xcalloc(4100, sizeof *urls);
	struct nr_config cfg;
	struct nr_err err;
	char *path = t_path("many.ini");
	size_t i, skipped = 0;
	clock_t t0 = clock();

	t_spits(path, "[feed same-2]\nurl = https://old.example/\n");
	load(&cfg, path);
	for (i = 0; i < 4100; i++) {
		urls[i] = i < 4000 ? xasprintf("https://e%zu.example/feed", i)
		    : xasprintf("https://E%zu.EXAMPLE/feed", i - 4000);
		subs[i].url = urls[i];
		subs[i].title = "Same";
	}
	CHECK_INT(nr_subscribe(path, &cfg, subs, 4100, &skipped, &err), 4000);
	CHECK_INT(skipped, 100);
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 20);
	nr_config_free(&cfg);
	load(&cfg, path);
	CHECK_INT(cfg.nsources, 4001);
	if (cfg.nsources == 4001) {
		CHECK_STR(cfg.sources[1].label, "same");
		CHECK_STR(cfg.sources[2].label, "same-3");
		CHECK_STR(cfg.sources[4000].label, "same-4001");
	}
	nr_config_free(&cfg);
	for (i = 0; i < 4100; i++) {
		free(urls[i]);
	}
	free(urls);
	free(subs);
	unlink(path);
	free(path);
}

int
main(void)
{
	t_init();
	nr_libxml_init();
	test_new_file();
	test_append();
	test_values();
	test_refused();
	test_symlink();
	test_crlf();
	test_export();
	test_round_trip();
	test_many();
	nr_libxml_cleanup();
	return t_done();
}
