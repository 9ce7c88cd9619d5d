/* The batch runs without a process, in a temporary folder with a real
 * database: the sources of a run (command line, configuration, samples),
 * the subscribed feeds put in the database before the interface starts,
 * files read into the database and a list with --update's lines written to
 * a stream, the printed list fitted to a width, --print-keys, and --add and
 * --import-opml writing the configuration file. */
#include "config.h"

#include <unistd.h>

#include "app/batch.h"
#include "app/list.h"
#include "app/print.h"
#include "app/sources.h"
#include "app/subscriptions.h"
#include "core/xmalloc.h"
#include "store/store.h"
#include "helpers.h"
#include "t.h"

/* The file's text, or NULL after a failed check. */
static char *
read_text(const char *path)
{
	char *text = t_slurp(path, NULL);

	CHECK(text != NULL);
	return text;
}

/* A configuration with two files and two feeds on the web. */
static void
config(struct nr_config *cfg, const char *dir)
{
	char *path = xasprintf("%s/config.ini", dir);
	char *text = xasprintf("[sources]\nlocal = %s/one.rss\n"
	    "[feed web]\nurl = https://web.example/feed\ntitle = The Web\n"
	    "[feed two]\npath = %s/two.rss\ntitle = Two\n"
	    "[feed other]\nurl = http://other.example/rss\n", dir, dir);
	struct nr_err err;

	t_spits(path, text);
	nr_config_defaults(cfg);
	CHECK_INT(nr_config_load(cfg, path, 1, &err), 0);
	free(text);
	free(path);
}

static void
test_sources(const struct nr_config *cfg)
{
	char *args[] = { xstrdup("a.rss"), xstrdup("HTTPS://cli.example/x"), xstrdup("dir") };
	struct nr_sources s;
	size_t i;

	/* The command line's only, URLs apart. */
	nr_sources_collect(&s, args, 3, cfg, 0);
	CHECK_INT(s.npaths, 2);
	CHECK_INT(s.nurls, 1);
	CHECK_INT(s.nargs_urls, 1);
	CHECK_STR(s.paths[0], "a.rss");
	CHECK_STR(s.paths[1], "dir");
	CHECK(s.titles[0] == NULL);
	CHECK_STR(s.urls[0]->path, "HTTPS://cli.example/x");
	CHECK_INT(s.urls[0]->is_url, 1);
	CHECK_INT(s.urls[0]->max_articles, -1);
	nr_sources_free(&s);

	/* --update: the configured ones too, after the command line's. */
	nr_sources_collect(&s, args, 3, cfg, 1);
	CHECK_INT(s.npaths, 4);
	CHECK_INT(s.nurls, 3);
	CHECK_INT(s.nargs_urls, 1);
	if (s.npaths == 4 && s.nurls == 3) {
		CHECK(s.titles[2] == NULL);
		CHECK_STR(s.titles[3], "Two");
		CHECK_STR(s.urls[1]->path, "https://web.example/feed");
		CHECK_STR(s.urls[2]->path, "http://other.example/rss");
	}
	nr_sources_free(&s);

	/* Nothing given: the configured ones; none configured: the samples. */
	nr_sources_collect(&s, NULL, 0, cfg, 0);
	CHECK_INT(s.npaths, 2);
	CHECK_INT(s.nurls, 2);
	nr_sources_free(&s);
	{
		struct nr_config none;

		nr_config_defaults(&none);
		nr_sources_collect(&s, NULL, 0, &none, 0);
		CHECK_INT(s.npaths + s.nurls, 0);
		/* The source tree's samples are there when the tests run. */
		CHECK_INT(nr_sources_add_samples(&s), 0);
		CHECK_INT(s.npaths, 1);
		CHECK(s.npaths == 1 && strstr(s.paths[0], "samples") != NULL);
		nr_sources_free(&s);
		nr_config_free(&none);
	}
	for (i = 0; i < 3; i++) {
		free(args[i]);
	}
}

static int
feed_title(void *ud, const struct nr_store_feed_info *info)
{
	char *titles = ud;

	snprintf(titles + strlen(titles), 256 - strlen(titles), "[%s]", info->title != NULL ? info->title : "-");
	return 0;
}

static void
test_seed(struct nr_store *s, const struct nr_config *cfg)
{
	char titles[256] = "";
	struct nr_err err;

	/* The feeds on the web have their rows, files do not. */
	CHECK_INT(nr_sources_seed(s, cfg, &err), 0);
	CHECK_INT(nr_store_feeds(s, feed_title, titles, &err), 0);
	CHECK_STR(titles, "[The Web][-]");
}

static const char rss[] =
    "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>One Feed</title>\n"
    "<item><title>Second &#233;dition</title><guid>o2</guid><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>\n"
    "<item><title>First</title><guid>o1</guid><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>\n"
    "<item><guid>o0</guid></item>\n"
    "</channel></rss>\n";

struct problems {
	char text[512];
};

static void
on_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct problems *p = ud;

	snprintf(p->text + strlen(p->text), sizeof p->text - strlen(p->text), "%s%s: %s\n",
	    warning ? "warning " : "", location != NULL ? location : "(none)", err->msg);
}

static void
test_load_and_print(struct nr_store *s, const struct nr_config *cfg, const char *dir)
{
	char *one = xasprintf("%s/one.rss", dir), *gone = xasprintf("%s/gone.rss", dir), *want;
	const char *paths[2] = { one, gone }, *titles[2] = { NULL, NULL };
	struct problems p;
	struct nr_batch b;
	struct nr_list list;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	t_spits(one, rss);
	memset(&p, 0, sizeof p);
	memset(&b, 0, sizeof b);
	nr_list_init(&list, 0);
	fp = open_memstream(&out, &len);
	b.store = s;
	b.list = &list;
	b.cfg = cfg;
	b.want_body = 1;
	b.summary = fp;
	b.problem = on_problem;
	b.ud = &p;
	b.now = 1700000000;
	nr_batch_load(&b, paths, titles, 2);
	/* No feed to fetch: nothing set up, nothing reported. */
	nr_batch_fetch(&b, NULL, 0);
	fclose(fp);
	want = xasprintf("%s: 3 articles, 3 new, 0 updated\n", one);
	CHECK_STR(out, want);
	free(want);
	free(out);
	CHECK_INT(b.loaded, 1);
	CHECK_INT(b.failed, 1);
	CHECK(strncmp(p.text, gone, strlen(gone)) == 0);
	CHECK_INT(list.nitems, 3);

	/* The printed list, newest first, at 40 and 36 columns. */
	nr_list_sort(&list, NR_SORT_NEWEST);
	out = NULL;
	fp = open_memstream(&out, &len);
	nr_print_list(fp, &list, cfg, 40);
	fclose(fp);
	CHECK_STR(out,
	    "2024-01-02 10:00 One Feed Second édition\n"
	    "2024-01-01 10:00 One Feed First\n"
	    "                 One Feed (no title)\n");
	free(out);
	out = NULL;
	fp = open_memstream(&out, &len);
	nr_print_list(fp, &list, cfg, 36);
	fclose(fp);
	CHECK_STR(out,
	    "2024-01-02 10:00 One Feed Second éd…\n"
	    "2024-01-01 10:00 One Feed First\n"
	    "                 One Feed (no title)\n");
	free(out);
	nr_list_free(&list);
	free(one);
	free(gone);
}

static void
test_print_keys(const struct nr_config *cfg)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	nr_print_keys(fp, cfg);
	fclose(fp);
	CHECK(strncmp(out, "; Key bindings in effect (", 26) == 0);
	CHECK(strstr(out, "\n[keys.list]\n") != NULL);
	CHECK(strstr(out, "\nquit = ") != NULL);
	free(out);
}

static void
test_subscribe(const char *dir)
{
	char *path = xasprintf("%s/subs.ini", dir), *opml = xasprintf("%s/feeds.opml", dir), *text, *want;
	struct nr_config cfg;
	struct problems p;
	struct nr_err err;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	nr_config_defaults(&cfg);
	fp = open_memstream(&out, &len);
	CHECK_INT(nr_subscriptions_add(fp, path, &cfg, "https://n.example/rss", "News", "world, local", &err), 0);
	fclose(fp);
	CHECK_STR(out, "https://n.example/rss: subscribed\n");
	free(out);
	text = read_text(path);
	CHECK(text != NULL && strstr(text, "url = https://n.example/rss") != NULL);
	CHECK(text != NULL && strstr(text, "title = News") != NULL);
	CHECK(text != NULL && strstr(text, "tags = world, local") != NULL);
	free(text);
	nr_config_free(&cfg);

	nr_config_defaults(&cfg);
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
	t_spits(opml, "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><body>\n"
	    "<outline text=\"News\" xmlUrl=\"https://n.example/rss\"/>\n"
	    "<outline text=\"Gopher\" xmlUrl=\"gopher://g.example/\"/>\n"
	    "<outline text=\"Sport\" xmlUrl=\"https://s.example/atom\"/>\n"
	    "</body></opml>\n");
	memset(&p, 0, sizeof p);
	out = NULL;
	fp = open_memstream(&out, &len);
	CHECK_INT(nr_subscriptions_import(fp, opml, path, &cfg, on_problem, &p, &err), 0);
	fclose(fp);
	CHECK_STR(out, "added 1 feeds, skipped 1 already subscribed\n");
	free(out);
	want = xasprintf("warning %s: not an http:// or https:// URL, left out: 'gopher://g.example/'\n", opml);
	CHECK_STR(p.text, want);
	free(want);
	/* An OPML file that cannot be read is a bad argument. */
	unlink(opml);
	out = NULL;
	fp = open_memstream(&out, &len);
	CHECK_INT(nr_subscriptions_import(fp, opml, path, &cfg, on_problem, &p, &err), -1);
	fclose(fp);
	CHECK_INT(err.code, NR_ERR_USAGE);
	CHECK_STR(out, "");
	free(out);
	nr_config_free(&cfg);
	unlink(path);
	text = xasprintf("%s.bak", path);
	unlink(text);
	free(text);
	free(path);
	free(opml);
}

int
main(void)
{
	struct nr_config cfg;
	struct nr_store *s;
	struct nr_err err;
	char *db;

	t_init();
	config(&cfg, t_tmpdir());
	test_sources(&cfg);
	db = xasprintf("%s/batch.db", t_tmpdir());
	s = nr_store_open(db, NR_STORE_CREATE, &err);
	CHECK(s != NULL);
	if (s != NULL) {
		test_seed(s, &cfg);
		test_load_and_print(s, &cfg, t_tmpdir());
		nr_store_close(s);
	}
	test_print_keys(&cfg);
	nr_config_free(&cfg);
	test_subscribe(t_tmpdir());
	free(db);
	return t_done();
}
