/* parse/source: a folder parsed on several threads gives its sink the same
 * calls, in the same order, on the calling thread, as one thread does:
 * every test file of the tree (feeds of each format, articles, broken and
 * binary files, a FIFO, links, folders nested too deep, a feed larger
 * than a worker may hold unplayed), with files the sink takes as
 * unchanged, a look-ahead that is right or wrong about them, a sink
 * that stops the parse, and a sink whose other work (help) the threads
 * do while they wait. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "helpers.h"
#include "markup/libxml.h"
#include "parse/source.h"
#include "t.h"

/* Every call a sink gets, written out in full. */
struct log {
	struct nr_buf text;
	pthread_t thread;       /* the thread every call must come on */
	int wrong_thread;
	long items;
	long stop_at;           /* item says stop at this one (1-based), if > 0 */
	const char *same;       /* file says unchanged for names containing this */
	const char *peek_same;  /* peek says so for these (may be wrong) */
	long peeks;
	/* Help: the first item leaves a piece of work, and the 100th waits
	 * until a thread has done it through log_help (the workers are woken
	 * for it as items are played; the calling thread is in the sink, so
	 * a worker that would wait must). */
	int help;
	pthread_mutex_t help_mu;
	pthread_cond_t help_done;
	long pieces, done;
	int help_timeout;
};

static int
log_help(void *ud)
{
	struct log *l = ud;
	int did = 0;

	pthread_mutex_lock(&l->help_mu);
	if (l->pieces > 0) {
		l->pieces--;
		l->done++;
		did = 1;
		pthread_cond_broadcast(&l->help_done);
	}
	pthread_mutex_unlock(&l->help_mu);
	return did;
}

static void
wait_help(struct log *l)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 30;
	pthread_mutex_lock(&l->help_mu);
	while (l->done == 0 && !l->help_timeout) {
		if (pthread_cond_timedwait(&l->help_done, &l->help_mu, &until) == ETIMEDOUT) {
			l->help_timeout = 1;
		}
	}
	pthread_mutex_unlock(&l->help_mu);
}

static void
put_s(struct nr_buf *b, const char *name, const char *s)
{
	nr_buf_printf(b, " %s=%s", name, s != NULL ? s : "(null)");
}

static void
put_feed(struct nr_buf *b, const struct nr_feed *f)
{
	put_s(b, "title", f->title);
	put_s(b, "link", f->link);
	put_s(b, "description", f->description);
	put_s(b, "author", f->author);
	put_s(b, "location", f->location);
	nr_buf_printf(b, " kind=%d tag=%ld", (int)f->kind, f->tag);
}

static void
on_thread(struct log *l)
{
	if (!pthread_equal(l->thread, pthread_self())) {
		l->wrong_thread = 1;
	}
}

static int
log_item(void *ud, struct nr_feed *feed, struct nr_item *it)
{
	struct log *l = ud;
	struct nr_buf *b = &l->text;
	size_t i;

	on_thread(l);
	l->items++;
	if (l->help && l->items == 1) {
		pthread_mutex_lock(&l->help_mu);
		l->pieces++;
		pthread_mutex_unlock(&l->help_mu);
	}
	if (l->help && l->items == 100) {
		wait_help(l);
	}
	nr_buf_add(b, "item", 4);
	put_feed(b, feed);
	put_s(b, "id", it->id);
	put_s(b, "title", it->title);
	put_s(b, "link", it->link);
	put_s(b, "author", it->author);
	put_s(b, "email", it->author_email);
	put_s(b, "uri", it->author_uri);
	put_s(b, "summary", it->summary);
	put_s(b, "content", it->content);
	nr_buf_printf(b, " types=%d,%d published=%" PRId64 " updated=%" PRId64, (int)it->summary_type,
	    (int)it->content_type, it->published, it->updated);
	for (i = 0; i < it->nauthors; i++) {
		put_s(b, "a.name", it->authors[i].name);
		put_s(b, "a.email", it->authors[i].email);
		put_s(b, "a.uri", it->authors[i].uri);
	}
	for (i = 0; i < it->ncategories; i++) {
		put_s(b, "category", it->categories[i]);
	}
	for (i = 0; i < it->nenclosures; i++) {
		put_s(b, "enclosure", it->enclosures[i].url);
		put_s(b, "type", it->enclosures[i].type);
		nr_buf_printf(b, " length=%" PRId64, it->enclosures[i].length);
	}
	put_s(b, "source_title", it->source_title);
	put_s(b, "source_link", it->source_link);
	put_s(b, "site", it->site);
	put_s(b, "image", it->image);
	put_s(b, "note", it->note);
	nr_buf_addc(b, '\n');
	/* The sink may take a field: the loader must not use it after. */
	free(it->title);
	it->title = NULL;
	return l->stop_at > 0 && l->items >= l->stop_at ? -1 : 0;
}

static void
log_done(void *ud, struct nr_feed *feed)
{
	struct log *l = ud;

	on_thread(l);
	nr_buf_add(&l->text, "done", 4);
	put_feed(&l->text, feed);
	nr_buf_addc(&l->text, '\n');
	/* As app/load.c does with a configured title. */
	free(feed->title);
	feed->title = xstrdup("renamed");
}

static void
log_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct log *l = ud;

	on_thread(l);
	nr_buf_printf(&l->text, "problem %s warning=%d code=%d line=%ld %s\n", location, warning, (int)err->code,
	    err->line, err->msg);
}

static int
log_file(void *ud, const char *location, const struct nr_file_stamp *stamp)
{
	struct log *l = ud;
	int same = l->same != NULL && strstr(location, l->same) != NULL;

	on_thread(l);
	nr_buf_printf(&l->text, "file %s size=%" PRId64 " same=%d\n", location, stamp->size, same);
	return same;
}

static int
log_peek(void *ud, const char *location, const struct nr_file_stamp *stamp)
{
	struct log *l = ud;

	(void)stamp;
	on_thread(l);
	l->peeks++;
	return l->peek_same != NULL && strstr(location, l->peek_same) != NULL;
}

/* How run_help starts its load: at once, or through a parse started
 * before its sink was ready (nr_source_ahead_start: for this load, for
 * another one (which is dropped), or one dropped unplayed first). */
enum ahead { AHEAD_NONE, AHEAD_RIGHT, AHEAD_OTHER, AHEAD_DROPPED };
static enum ahead ahead_mode;

/* The calls of one load of dir (threads 0: nr_source_load), and its
 * result and error after them. */
static char *
run_help(const char *dir, int threads, int with_file, const char *same, const char *peek_same, long stop_at,
    long *peeks, int help)
{
	struct log l;
	struct nr_sink sink;
	struct nr_parse_opts opts = { 1 };
	struct nr_err err;
	long n;

	memset(&l, 0, sizeof l);
	l.thread = pthread_self();
	l.stop_at = stop_at;
	l.same = same;
	l.peek_same = peek_same;
	l.help = help;
	pthread_mutex_init(&l.help_mu, NULL);
	pthread_cond_init(&l.help_done, NULL);
	memset(&sink, 0, sizeof sink);
	sink.ud = &l;
	sink.item = log_item;
	sink.feed_done = log_done;
	sink.problem = log_problem;
	sink.file = with_file ? log_file : NULL;
	if (threads == 0) {
		n = nr_source_load(dir, &opts, &sink, &err);
	} else if (ahead_mode != AHEAD_NONE) {
		struct nr_parse_opts other = { 0 };
		struct nr_source_ahead *a = nr_source_ahead_start(dir, ahead_mode == AHEAD_OTHER ? &other : &opts,
		    threads, with_file);
		struct timespec pause = { 0, 20 * 1000 * 1000 };

		/* Time for the workers to parse what they may before the
		 * sink is there. */
		nanosleep(&pause, NULL);
		if (ahead_mode == AHEAD_DROPPED) {
			nr_source_ahead_free(a);
			a = NULL;
		}
		n = nr_source_ahead_load(a, dir, &opts, &sink, log_peek, help ? log_help : NULL, threads, &err);
	} else {
		n = nr_source_load_threads(dir, &opts, &sink, log_peek, help ? log_help : NULL, threads, &err);
	}
	nr_buf_printf(&l.text, "result %ld code=%d %s\n", n, (int)err.code, n < 0 ? err.msg : "");
	CHECK(!l.wrong_thread);
	if (help) {
		/* The piece done once, by a thread that would have waited. */
		CHECK(!l.help_timeout);
		CHECK_INT(l.done, 1);
		CHECK_INT(l.pieces, 0);
	}
	pthread_cond_destroy(&l.help_done);
	pthread_mutex_destroy(&l.help_mu);
	if (peeks != NULL) {
		*peeks = l.peeks;
	}
	return nr_buf_steal(&l.text);
}

static char *
run(const char *dir, int threads, int with_file, const char *same, const char *peek_same, long stop_at,
    long *peeks)
{
	return run_help(dir, threads, with_file, same, peek_same, stop_at, peeks, 0);
}

static void
copy_tree(const char *from, const char *to)
{
	char *cmd = xasprintf("cp -R '%s/.' '%s'", from, to);

	if (mkdir(to, 0700) < 0 || system(cmd) != 0) {
		fprintf(stderr, "cannot copy %s\n", from);
		exit(99);
	}
	free(cmd);
}

/* A feed of n items of body bytes each. */
static void
big_feed(const char *path, int n, size_t body)
{
	struct nr_buf b = NR_BUF_INIT;
	int i;

	nr_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
	    "<title>Big</title><link>https://example.org/</link>\n");
	for (i = 0; i < n; i++) {
		size_t k;

		nr_buf_printf(&b, "<item><title>Item %d</title><guid>big-%d</guid><description>", i, i);
		for (k = 0; k < body; k += 40) {
			nr_buf_printf(&b, "Paragraph %d words %zu and more words.\n", i, k);
		}
		nr_buf_printf(&b, "</description></item>\n");
		if (i == 1000) {
			/* The feed changes between its items. */
			nr_buf_printf(&b, "<description>Said between</description>\n");
		}
	}
	/* A title after the items: the feed's end says it. */
	nr_buf_printf(&b, "<description>Said last</description></channel></rss>\n");
	t_spit(path, b.data, b.len);
	nr_buf_free(&b);
}

static void
make_tree(const char *root)
{
	static const char *const parts[] = { "bad", "feeds", "folder", "html", "json", "text", "conformance" };
	const char *top = getenv("top_srcdir");
	char *p, *deep;
	size_t i;
	int d;

	if (top == NULL) {
		top = ".";
	}
	if (mkdir(root, 0700) < 0) {
		exit(99);
	}
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		char *from = xasprintf("%s/tests/data/%s", top, parts[i]);
		char *to = xasprintf("%s/%s", root, parts[i]);

		copy_tree(from, to);
		free(from);
		free(to);
	}
	p = xasprintf("%s/big", root);
	CHECK(mkdir(p, 0700) == 0);
	free(p);
	p = xasprintf("%s/big/huge.xml", root);
	big_feed(p, 2500, 8000);
	free(p);
	/* Something that is not a file, and links. */
	p = xasprintf("%s/feeds/a-fifo", root);
	CHECK(mkfifo(p, 0600) == 0);
	free(p);
	p = xasprintf("%s/feeds/link-to-atom.xml", root);
	CHECK(symlink("atom.xml", p) == 0);
	free(p);
	p = xasprintf("%s/feeds/loop", root);
	CHECK(symlink("..", p) == 0);
	free(p);
	/* Folders nested deeper than are read, a feed at the bottom. */
	deep = xasprintf("%s/deep", root);
	for (d = 0; d < 35; d++) {
		char *next;

		mkdir(deep, 0700);
		next = xasprintf("%s/d%d", deep, d);
		free(deep);
		deep = next;
	}
	mkdir(deep, 0700);
	free(deep);
}

static void
same_calls(const char *what, const char *want, const char *got)
{
	CHECK(strcmp(want, got) == 0);
	if (strcmp(want, got) != 0) {
		size_t i = 0, line = 1;

		while (want[i] != '\0' && want[i] == got[i]) {
			line += want[i] == '\n';
			i++;
		}
		fprintf(stderr, "%s: the calls differ from line %zu:\n  one thread: %.300s\n  threads:    %.300s\n",
		    what, line, want + i, got + i);
	}
}

int
main(void)
{
	static const int threads[] = { 1, 2, 3, 8 };
	char *root = t_path("tree");
	char *want, *got, *one_file;
	long peeks;
	size_t i;

	setlocale(LC_ALL, "C.UTF-8");
	nr_libxml_init();
	make_tree(root);

	/* Into a list: no stamps asked. */
	want = run(root, 0, 0, NULL, NULL, 0, NULL);
	CHECK(strstr(want, "problem") != NULL);
	CHECK(strstr(want, "title=Item 2499") != NULL);
	for (i = 0; i < sizeof threads / sizeof threads[0]; i++) {
		got = run(root, threads[i], 0, NULL, NULL, 0, &peeks);
		same_calls("no stamps", want, got);
		CHECK_INT(peeks, 0);
		free(got);
	}
	free(want);

	/* Stamps: some files unchanged; the look-ahead right, wrong both
	 * ways, or silent. */
	want = run(root, 0, 1, "json/", NULL, 0, NULL);
	CHECK(strstr(want, "same=1") != NULL);
	for (i = 0; i < sizeof threads / sizeof threads[0]; i++) {
		got = run(root, threads[i], 1, "json/", "json/", 0, &peeks);
		same_calls("look-ahead right", want, got);
		CHECK(peeks > 0);
		free(got);
		got = run(root, threads[i], 1, "json/", "feeds/", 0, NULL);
		same_calls("look-ahead wrong", want, got);
		free(got);
		got = run(root, threads[i], 1, "json/", NULL, 0, NULL);
		same_calls("look-ahead silent", want, got);
		free(got);
	}
	free(want);

	/* A sink with work any thread may do: done by the workers while
	 * they wait, the calls the same. */
	want = run(root, 0, 1, "json/", NULL, 0, NULL);
	for (i = 0; i < sizeof threads / sizeof threads[0]; i++) {
		got = run_help(root, threads[i], 1, "json/", "json/", 0, NULL, 1);
		same_calls("helped", want, got);
		free(got);
	}
	free(want);

	/* A sink that stops at an item: later items are not given. */
	want = run(root, 0, 1, NULL, NULL, 3, NULL);
	for (i = 0; i < sizeof threads / sizeof threads[0]; i++) {
		got = run(root, threads[i], 1, NULL, NULL, 3, NULL);
		same_calls("stopped", want, got);
		free(got);
	}
	free(want);

	/* A parse started before its sink: the calls are the same, with
	 * files unchanged, help, a stop; started for other options it is
	 * dropped, and so is one never loaded. */
	for (ahead_mode = AHEAD_RIGHT; ahead_mode <= AHEAD_DROPPED; ahead_mode++) {
		want = run(root, 0, 1, "json/", NULL, 0, NULL);
		for (i = 0; i < sizeof threads / sizeof threads[0]; i++) {
			got = run(root, threads[i], 1, "json/", "json/", 0, NULL);
			same_calls("ahead", want, got);
			free(got);
			got = run_help(root, threads[i], 1, "json/", "json/", 0, NULL, 1);
			same_calls("ahead, helped", want, got);
			free(got);
		}
		free(want);
		want = run(root, 0, 1, NULL, NULL, 3, NULL);
		got = run(root, 2, 1, NULL, NULL, 3, NULL);
		same_calls("ahead, stopped", want, got);
		free(want);
		free(got);
		want = run(root, 0, 0, NULL, NULL, 0, NULL);
		got = run(root, 1, 0, NULL, NULL, 0, NULL);
		same_calls("ahead, no stamps", want, got);
		free(want);
		free(got);
	}
	ahead_mode = AHEAD_NONE;

	/* A file, a missing path, an empty folder: as nr_source_load. */
	one_file = xasprintf("%s/feeds/rss2.xml", root);
	{
		const char *paths[3];
		char *missing = xasprintf("%s/missing", root);
		char *empty = xasprintf("%s/empty", root);
		size_t k;

		mkdir(empty, 0700);
		paths[0] = one_file;
		paths[1] = missing;
		paths[2] = empty;
		for (k = 0; k < 3; k++) {
			want = run(paths[k], 0, 1, NULL, NULL, 0, NULL);
			got = run(paths[k], 2, 1, NULL, NULL, 0, NULL);
			same_calls(paths[k], want, got);
			free(want);
			free(got);
		}
		free(missing);
		free(empty);
	}
	free(one_file);
	free(root);
	nr_libxml_cleanup();
	return t_done();
}
