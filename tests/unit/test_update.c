/* The updater against the real test server (tests/httpd.py, started here
 * on 127.0.0.1) and a real database in a scratch folder: a first fetch
 * stores the feed, the second is a 304 that writes nothing but the time,
 * a changed feed adds what is new, every kind of failure leaves the
 * articles, their state and the validators as they were, feeds are fetched
 * in parallel, credentials from a password_command, a permanent redirect
 * remembered, reload intervals on a clock of our own. Skipped (77) without
 * python3. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/clock.h"
#include "app/list.h"
#include "app/update.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/libxml.h"
#include "store/store.h"
#include "helpers.h"
#include "t.h"

static pid_t server_pid;
static int port;
static char *root, *logpath;

#define T0 INT64_C(1800000000)

/* ---- files ---- */

/* Written beside and renamed: the server never serves half a file. */
static void
write_file(const char *path, const char *data, size_t n)
{
	char *tmp = xasprintf("%s.tmp", path);

	t_spit(tmp, data, n);
	CHECK(rename(tmp, path) == 0);
	free(tmp);
}

/* A file under the server's root, with an mtime of its own (the server's
 * ETag is made of mtime and size: two versions written in the same second
 * with the same size must still differ). */
static void
serve_file(const char *name, const char *text, time_t mtime)
{
	char *path = xasprintf("%s/%s", root, name);
	struct timespec ts[2];

	write_file(path, text, strlen(text));
	ts[0].tv_sec = ts[1].tv_sec = mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	CHECK(utimensat(AT_FDCWD, path, ts, 0) == 0);
	free(path);
}

/* The file, or "" if it is not there (yet). */
static char *
slurp(const char *path)
{
	char *s = t_slurp(path, NULL);

	return s != NULL ? s : xstrdup("");
}

/* ---- the server ---- */

static int
start_server(void)
{
	const char *top = getenv("top_srcdir");
	char *script = xasprintf("%s/tests/httpd.py", top != NULL ? top : ".");
	char *portfile = t_path("port");
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int i;

	if (access(script, R_OK) != 0 || system("python3 -c '' 2>/dev/null") != 0) {
		free(script);
		free(portfile);
		return -1;
	}
	server_pid = fork();
	if (server_pid == 0) {
		char *errlog = t_path("httpd.err");
		int fd = open(errlog, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		/* The server's tracebacks of connections we cut are noise. */
		if (fd >= 0) {
			dup2(fd, 2);
		}
		execlp("python3", "python3", script, "--port-file", portfile, "--root", root, "--log", logpath,
		    (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 500 && port == 0; i++) {
		char *s = slurp(portfile);

		port = atoi(s);
		free(s);
		if (port == 0) {
			nanosleep(&pause, NULL);
		}
	}
	free(script);
	free(portfile);
	return port > 0 ? 0 : -1;
}

static void
stop_server(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
		server_pid = 0;
	}
}

static char *
url(const char *path)
{
	return xasprintf("http://127.0.0.1:%d%s", port, path);
}

/* The log's lines ("START END METHOD PATH STATUS") for requests of
 * exactly target (path and query): how many, and the first max of them in
 * the order they started. */
struct req_line {
	double start, end;
	int status;
};

static size_t
requests(const char *target, struct req_line *out, size_t max)
{
	struct timespec settle = { 0, 150 * 1000 * 1000 };
	char *log, *line, *save = NULL;
	size_t n = 0;

	/* The server logs a request after answering it. */
	nanosleep(&settle, NULL);
	log = slurp(logpath);

	for (line = strtok_r(log, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char method[16], path[2048];
		struct req_line r;

		if (sscanf(line, "%lf %lf %15s %2047s %d", &r.start, &r.end, method, path, &r.status) == 5 &&
		    strcmp(path, target) == 0) {
			/* In the order they started: a server thread may log
			 * its answer after a later one's. */
			size_t k = n < max ? n : max;

			while (k > 0 && out[k - 1].start > r.start) {
				if (k < max) {
					out[k] = out[k - 1];
				}
				k--;
			}
			if (k < max) {
				out[k] = r;
			}
			n++;
		}
	}
	free(log);
	return n;
}

/* ---- the configuration and the database ---- */

static struct nr_config cfg;
static struct nr_source srcs[16];

static void
config_init(void)
{
	nr_config_defaults(&cfg);
	cfg.timeout = 3;
	cfg.connect_timeout = 3;
	cfg.max_size = 1024 * 1024;
	cfg.sources = srcs;
	cfg.nsources = 0;
}

static struct nr_source *
add_source(const char *label, const char *path)
{
	struct nr_source *s = &srcs[cfg.nsources++];

	memset(s, 0, sizeof *s);
	s->label = xstrdup(label);
	s->path = url(path);
	s->is_url = 1;
	s->max_articles = -1;
	s->reload = -1;
	return s;
}

static void
sources_free(void)
{
	size_t i;

	for (i = 0; i < cfg.nsources; i++) {
		free(srcs[i].label);
		free(srcs[i].path);
		free(srcs[i].title);
		free(srcs[i].username);
		free(srcs[i].password_command);
	}
	cfg.nsources = 0;
	cfg.sources = NULL;
	nr_config_free(&cfg);
}

/* Everything stored about a feed that a failure must not touch: the
 * articles with their state and bodies, the feed's title and validators. */
struct snap {
	struct nr_buf b;
	struct nr_store *store;
};

static int
snap_row(void *ud, const struct nr_store_row *row)
{
	struct snap *s = ud;
	struct nr_item body;
	struct nr_err err;
	char *line;

	nr_item_init(&body);
	CHECK(nr_store_get_body(s->store, row->rowid, &body, &err) == 0);
	line = xasprintf("%s|%s|%s|%d%d%d|%lld|%s|%s\n", row->feed_title ? row->feed_title : "", row->item.id,
	    row->item.title ? row->item.title : "", row->read, row->starred, row->changed, (long long)row->fetched,
	    body.summary ? body.summary : "", body.content ? body.content : "");
	nr_buf_adds(&s->b, line);
	free(line);
	nr_item_clear(&body);
	return 0;
}

static char *
snapshot(struct nr_store *store, const char *location)
{
	struct snap s = { NR_BUF_INIT, store };
	struct nr_store_fetch f;
	struct nr_err err;
	char *v;

	CHECK(nr_store_get_fetch(store, location, &f, &err) == 0);
	CHECK(f.feed_id > 0);
	CHECK(nr_store_list(store, 0, f.feed_id, snap_row, &s, &err) == 0);
	v = xasprintf("etag=%s lm=%s\n", f.etag ? f.etag : "-", f.last_modified ? f.last_modified : "-");
	nr_buf_adds(&s.b, v);
	free(v);
	nr_store_fetch_clear(&f);
	return nr_buf_steal(&s.b);
}

static long
count_feed(struct nr_store *store, const char *location)
{
	struct nr_store_fetch f;
	struct nr_err err;
	long n = 0;
	char *s;

	CHECK(nr_store_get_fetch(store, location, &f, &err) == 0);
	if (f.feed_id > 0) {
		s = snapshot(store, location);
		for (char *p = s; *p != '\0'; p++) {
			n += *p == '\n';
		}
		n--;    /* the validators' line */
		free(s);
	}
	nr_store_fetch_clear(&f);
	return n;
}

/* Run the updater to the end; the results, copied, in the order they
 * came (at most max). */
struct result {
	char url[512];
	char label[128];
	enum nr_update_outcome outcome;
	long items, added, changed, http_code;
	char error[512];
	char warning[512];
	int64_t feed_id;
};

/* The updater's clock, ours: Unix time fixed_now (0: the system's). */
static int64_t fixed_now;

static int64_t
fixed_wall(void *ud)
{
	(void)ud;
	return fixed_now != 0 ? fixed_now : (int64_t)time(NULL);
}

static int64_t
fixed_mono(void *ud)
{
	(void)ud;
	return 0;
}

static const struct nr_clock test_clock = { fixed_wall, fixed_mono, NULL };

static void
set_now(struct nr_updater *u, int64_t t)
{
	fixed_now = t;
	nr_updater_set_clock(u, &test_clock);
}

static size_t
run_all(struct nr_updater *u, struct result *out, size_t max)
{
	const struct nr_update_feed *f;
	size_t n = 0;

	for (;;) {
		while ((f = nr_updater_next(u)) != NULL) {
			if (n < max) {
				struct result *r = &out[n];

				memset(r, 0, sizeof *r);
				snprintf(r->url, sizeof r->url, "%s", f->url);
				snprintf(r->label, sizeof r->label, "%s", f->label);
				r->outcome = f->outcome;
				r->items = f->items;
				r->added = f->added;
				r->changed = f->changed;
				r->http_code = f->http_code;
				snprintf(r->error, sizeof r->error, "%s", f->error ? f->error : "");
				snprintf(r->warning, sizeof r->warning, "%s", f->warning ? f->warning : "");
				r->feed_id = f->feed_id;
			}
			n++;
		}
		if (!nr_updater_busy(u)) {
			break;
		}
		nr_updater_poll(u, NULL, 0, 1000, NULL);
	}
	return n;
}

/* Update one source and return its result. */
static struct result
update_one(struct nr_store *store, const struct nr_source *src, int64_t t)
{
	struct nr_updater *u;
	struct result r;
	struct nr_err err;

	memset(&r, 0, sizeof r);
	r.outcome = NR_UPD_QUEUED;
	u = nr_updater_new(store, &cfg, &err);
	CHECK(u != NULL);
	if (u == NULL) {
		return r;
	}
	set_now(u, t);
	nr_updater_add(u, src, &err);
	CHECK_INT(run_all(u, &r, 1), 1);
	nr_updater_free(u);
	return r;
}

static struct nr_store *
open_db(const char *name)
{
	char *path = t_path(name);
	struct nr_err err;
	struct nr_store *store = nr_store_open(path, NR_STORE_CREATE, &err);

	if (store == NULL) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
	}
	CHECK(store != NULL);
	free(path);
	return store;
}

static char *
rss(int from, int to, const char *title_suffix)
{
	struct nr_buf b = NR_BUF_INIT;
	int i;

	nr_buf_adds(&b, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Served</title>"
	    "<link>http://example.org/</link>\n");
	for (i = to; i >= from; i--) {
		char *item = xasprintf("<item><guid>served-%d</guid><title>Item %d%s</title>"
		    "<description>text %d</description></item>\n", i, i, title_suffix, i);

		nr_buf_adds(&b, item);
		free(item);
	}
	nr_buf_adds(&b, "</channel></rss>\n");
	return nr_buf_steal(&b);
}

/* ---- the tests ---- */

/* Mark the first two articles listed: the first read, the second
 * starred. */
struct marker {
	struct nr_store *store;
	int n;
};

static int
mark_row(void *ud, const struct nr_store_row *row)
{
	struct marker *m = ud;
	struct nr_err err;

	CHECK(nr_store_set_flag(m->store, row->rowid, m->n == 0 ? NR_FLAG_READ : NR_FLAG_STARRED, 1, &err) == 0);
	m->n++;
	return m->n >= 2 ? -1 : 0;
}

static void
mark_two(struct nr_store *store, int64_t feed_id)
{
	struct marker m = { store, 0 };
	struct nr_err err;

	CHECK(nr_store_list(store, 0, feed_id, mark_row, &m, &err) == 0);
	CHECK_INT(m.n, 2);
}


static void
test_first_and_304(void)
{
	struct nr_store *store = open_db("first.db");
	struct nr_source *src;
	struct nr_store_fetch f;
	struct req_line reqs[8];
	struct result r;
	struct nr_err err;
	char *before, *after;

	config_init();
	src = add_source("first", "/feed?items=7&seed=3&etag=1");
	r = update_one(store, src, T0);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	CHECK_INT(r.items, 7);
	CHECK_INT(r.added, 7);
	CHECK_INT(r.changed, 0);
	CHECK_INT(r.http_code, 200);
	CHECK_STR(r.label, "first");
	CHECK_INT(count_feed(store, src->path), 7);
	CHECK(nr_store_get_fetch(store, src->path, &f, &err) == 0);
	CHECK(f.etag != NULL);
	CHECK_INT(f.fetched, T0);
	CHECK(f.url == NULL);
	nr_store_fetch_clear(&f);

	/* State the user set, which the 304 must leave alone. */
	mark_two(store, r.feed_id);
	before = snapshot(store, src->path);
	r = update_one(store, src, T0 + 100);
	CHECK_INT(r.outcome, NR_UPD_NOT_MODIFIED);
	CHECK_INT(r.http_code, 304);
	CHECK_INT(r.added, 0);
	after = snapshot(store, src->path);
	CHECK_STR(after, before);
	CHECK_INT(requests("/feed?items=7&seed=3&etag=1", reqs, 8), 2);
	CHECK_INT(reqs[0].status, 200);
	CHECK_INT(reqs[1].status, 304);
	CHECK(nr_store_get_fetch(store, src->path, &f, &err) == 0);
	CHECK_INT(f.fetched, T0 + 100);
	nr_store_fetch_clear(&f);
	free(before);
	free(after);

	nr_store_close(store);
	sources_free();
}

static void
test_changed(void)
{
	struct nr_store *store = open_db("changed.db");
	struct nr_source *src;
	struct result r;
	char *text;

	config_init();
	text = rss(1, 3, "");
	serve_file("changing.xml", text, 1700000000);
	free(text);
	src = add_source("changing", "/files/changing.xml");
	r = update_one(store, src, T0);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	CHECK_INT(r.added, 3);
	mark_two(store, r.feed_id);

	/* Two new items on top, one edited. */
	text = rss(1, 5, "");
	{
		char *edit = strstr(text, "Item 2");

		CHECK(edit != NULL);
		if (edit != NULL) {
			memcpy(edit, "Item Z", 6);
		}
	}
	serve_file("changing.xml", text, 1700000100);
	free(text);
	r = update_one(store, src, T0 + 10);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	CHECK_INT(r.items, 5);
	CHECK_INT(r.added, 2);
	CHECK_INT(r.changed, 1);
	CHECK_INT(count_feed(store, src->path), 5);
	/* The marks stayed. */
	{
		char *s = snapshot(store, src->path);

		CHECK(strstr(s, "|served-5|Item 5|000|") != NULL);
		CHECK(strstr(s, "|100|") != NULL);
		CHECK(strstr(s, "|010|") != NULL);
		free(s);
	}
	nr_store_close(store);
	sources_free();
}

/* Every failure leaves the stored feed as it was. The feed is stored from
 * a file, then the server is made to answer badly for the same feed:
 * through the file (gone, replaced) or, for the answers only a route
 * gives, through the feed's remembered URL. */
static void
test_failures(void)
{
	static const struct {
		const char *route;      /* what the feed's URL now answers; NULL: the file */
		const char *file;       /* the file's new text, if route is NULL; NULL: removed */
		const char *want;       /* in the error */
	} cases[] = {
		{ NULL, NULL, "HTTP 404" },
		{ "/status/500", NULL, "HTTP 500" },
		{ "/status/403", NULL, "HTTP 403" },
		{ "/stall", NULL, "" },
		{ "/truncated", NULL, "" },
		{ "/big?mb=3", NULL, "larger" },
		{ "/html", NULL, "not a feed: the answer is an HTML page" },
		{ "/garbage", NULL, "not a feed" },
		{ "/loop", NULL, "" },
		{ NULL, "<!DOCTYPE html><html><head><title>Moved</title></head><body>gone</body></html>",
		    "not a feed: the answer is an HTML page" },
		{ NULL, "", "not a feed: the answer is empty" },
		{ NULL, "just some words\nof text\n", "not a feed" },
		{ NULL, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Cut</title><item><gu",
		    "line" },
		{ NULL, "<?xml version=\"1.0\"?><opml version=\"2.0\"><body/></opml>", "not an RSS" },
		{ NULL, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [", "" },
	};
	struct nr_store *store = open_db("failures.db");
	struct nr_source *src;
	struct nr_store_fetch f;
	struct result r;
	struct nr_err err;
	char *text, *before, *after, *dead;
	size_t i;

	config_init();
	cfg.timeout = 2;
	text = rss(1, 4, "");
	serve_file("kept.xml", text, 1700000000);
	free(text);
	src = add_source("kept", "/files/kept.xml");
	r = update_one(store, src, T0);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	mark_two(store, r.feed_id);
	before = snapshot(store, src->path);
	CHECK(strstr(before, "etag=-") == NULL);

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *path = xasprintf("%s/kept.xml", root);
		char *to = NULL;
		struct timespec t0, t1;

		if (cases[i].route != NULL) {
			to = url(cases[i].route);
			CHECK(nr_store_set_fetched(store, r.feed_id, T0, to, &err) == 0);
		} else if (cases[i].file == NULL) {
			CHECK(unlink(path) == 0);
		} else {
			serve_file("kept.xml", cases[i].file, 1700000000 + (time_t)i * 10);
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		{
			struct result bad = update_one(store, src, T0 + 1 + (int64_t)i);

			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (bad.outcome != NR_UPD_FAILED || strstr(bad.error, cases[i].want) == NULL) {
				fprintf(stderr, "case %zu (%s): outcome %d, error \"%s\"\n", i,
				    cases[i].route ? cases[i].route : "file", bad.outcome, bad.error);
			}
			CHECK_INT(bad.outcome, NR_UPD_FAILED);
			CHECK(bad.error[0] != '\0');
			CHECK(strstr(bad.error, cases[i].want) != NULL);
			/* The total time-out holds. */
			CHECK(t1.tv_sec - t0.tv_sec < 10);
		}
		after = snapshot(store, src->path);
		CHECK_STR(after, before);
		free(after);
		CHECK(nr_store_get_fetch(store, src->path, &f, &err) == 0);
		CHECK_INT(f.fetched, T0);
		CHECK_INT(f.attempted, T0 + 1 + (int64_t)i);
		CHECK(f.error != NULL);
		nr_store_fetch_clear(&f);
		if (to != NULL) {
			/* Back to the file for the next case. */
			CHECK(nr_store_begin(store, &err) == 0);
			free(to);
			to = url("/files/kept.xml");
			CHECK(nr_store_set_fetched(store, r.feed_id, T0, to, &err) == 0);
			CHECK(nr_store_commit(store, &err) == 0);
		}
		/* The feed as it was, for the next case. */
		text = rss(1, 4, "");
		serve_file("kept.xml", text, 1700000000);
		free(text);
		free(to);
		free(path);
	}
	/* And a server that is not there. */
	dead = xstrdup("http://127.0.0.1:1/feed");
	CHECK(nr_store_set_fetched(store, r.feed_id, T0, dead, &err) == 0);
	r = update_one(store, src, T0 + 500);
	CHECK_INT(r.outcome, NR_UPD_FAILED);
	CHECK_INT(r.http_code, 0);
	after = snapshot(store, src->path);
	CHECK_STR(after, before);
	free(after);
	free(dead);

	free(before);
	nr_store_close(store);
	sources_free();
}

/* A feed cut short after some items: stored, with the parser's warning. */
static void
test_partial(void)
{
	struct nr_store *store = open_db("partial.db");
	struct nr_source *src;
	struct result r;
	char *text = rss(1, 5, ""), *cut;

	config_init();
	cut = strstr(text, "<item><guid>served-2");
	CHECK(cut != NULL);
	if (cut != NULL) {
		cut[20] = '\0';
	}
	serve_file("partial.xml", text, 1700000000);
	free(text);
	src = add_source("partial", "/files/partial.xml");
	r = update_one(store, src, T0);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	CHECK_INT(r.added, 3);
	CHECK(r.warning[0] != '\0');
	CHECK(strstr(r.warning, "line") != NULL);
	CHECK_INT(count_feed(store, src->path), 3);
	nr_store_close(store);
	sources_free();
}

/* Many feeds through one updater: they overlap in time on the server,
 * two at once to one host. */
static void
test_parallel(void)
{
	struct nr_store *store = open_db("parallel.db");
	struct nr_updater *u;
	struct result res[8];
	struct req_line reqs[8][2];
	struct nr_err err;
	struct timespec t0, t1;
	double secs;
	size_t i, j, n;
	int most = 0;

	config_init();
	for (i = 0; i < 6; i++) {
		char label[16], path[64];

		snprintf(label, sizeof label, "slow%zu", i);
		snprintf(path, sizeof path, "/slow?delay=1&n=%zu", i);
		add_source(label, path);
	}
	u = nr_updater_new(store, &cfg, &err);
	CHECK(u != NULL);
	if (u == NULL) {
		nr_store_close(store);
		sources_free();
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(nr_updater_add_due(u, 1), 6);
	CHECK(nr_updater_busy(u));
	CHECK_INT(nr_updater_total(u), 6);
	/* Queued twice is queued once. */
	CHECK(nr_updater_add(u, &srcs[0], &err) == 0);
	CHECK_INT(nr_updater_total(u), 6);
	n = run_all(u, res, 8);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK_INT(n, 6);
	CHECK_INT(nr_updater_finished(u), 6);
	CHECK(!nr_updater_busy(u));
	for (i = 0; i < n && i < 8; i++) {
		if (res[i].outcome != NR_UPD_STORED) {
			fprintf(stderr, "%s: %s\n", res[i].label, res[i].error);
		}
		CHECK_INT(res[i].outcome, NR_UPD_STORED);
	}
	/* One at a time would take 6 s. */
	CHECK(secs < 5.0);
	for (i = 0; i < 6; i++) {
		char path[64];

		snprintf(path, sizeof path, "/slow?delay=1&n=%zu", i);
		CHECK_INT(requests(path, reqs[i], 2), 1);
	}
	for (i = 0; i < 6; i++) {
		int at_once = 0;

		for (j = 0; j < 6; j++) {
			at_once += reqs[j][0].start <= reqs[i][0].start && reqs[i][0].start < reqs[j][0].end;
		}
		if (at_once > most) {
			most = at_once;
		}
	}
	/* Two at once to one host: overlapping in the log, and 3 s for
	 * 6 s of answers (three at once would take 2 s). The log alone
	 * cannot show "at most two": a server thread notes its end after the
	 * client may have started the next request. */
	CHECK(most >= 2);
	CHECK(secs >= 2.9);
	nr_updater_free(u);
	nr_store_close(store);
	sources_free();
}

static void
test_password(void)
{
	struct nr_store *store = open_db("auth.db");
	struct nr_source *good, *wrong, *broken;
	struct nr_updater *u;
	struct result r, res[4];
	struct nr_err err;
	const struct nr_update_feed **fails;
	char *secret_file = t_path("secret");

	config_init();
	write_file(secret_file, "s3cr\xc3\xabt pass\nnot this line\n", strlen("s3cr\xc3\xabt pass\nnot this line\n"));
	good = add_source("good", "/auth?user=ana&pass=s3cr%C3%ABt%20pass");
	good->username = xstrdup("ana");
	good->password_command = xasprintf("cat '%s'", secret_file);
	r = update_one(store, good, T0);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	CHECK(r.items > 0);

	wrong = add_source("wrong", "/auth?user=ana&pass=other");
	wrong->username = xstrdup("ana");
	wrong->password_command = xstrdup("printf 'nope'");
	r = update_one(store, wrong, T0);
	CHECK_INT(r.outcome, NR_UPD_FAILED);
	CHECK(strstr(r.error, "401") != NULL);

	broken = add_source("broken", "/auth?user=ana&pass=x");
	broken->username = xstrdup("ana");
	broken->password_command = xstrdup("echo no-such-vault; echo 'vault: locked' >&2; exit 3");
	u = nr_updater_new(store, &cfg, &err);
	CHECK(u != NULL);
	if (u != NULL) {
		/* The command runs in the background: adding never waits
		 * for it, and its failure comes out as a failed feed like
		 * any other, naming the feed, the exit status and what the
		 * command said on stderr. */
		CHECK_INT(nr_updater_add(u, broken, &err), 0);
		CHECK(nr_updater_busy(u));
		CHECK_INT(run_all(u, res, 4), 1);
		CHECK_INT(res[0].outcome, NR_UPD_FAILED);
		CHECK(strstr(res[0].error, "broken") != NULL);
		CHECK(strstr(res[0].error, "exit status 3") != NULL);
		CHECK(strstr(res[0].error, "no-such-vault") == NULL);
		CHECK(strstr(res[0].error, "vault: locked") != NULL);
		CHECK(nr_updater_failure(u, broken->path) != NULL);
		CHECK_INT(nr_updater_failures(u, &fails), 1);
		nr_updater_free(u);
	}
	/* The command never ran its fetch: the server saw no request. */
	CHECK_INT(requests("/auth?user=ana&pass=x", NULL, 0), 0);
	/* Not a byte of the password in the database. */
	{
		char *db = t_path("auth.db");
		char *bytes;

		nr_store_close(store);
		store = NULL;
		bytes = slurp(db);
		CHECK(strstr(bytes, "s3cr") == NULL);
		free(bytes);
		free(db);
	}
	free(secret_file);
	sources_free();
}

/* A password_command that never ends: adding its feed returns at once,
 * the wait is never longer than asked, and after 10 s the command is
 * killed and its feed fails, saying so. One that reads the terminal reads
 * /dev/null instead. */
static void
test_password_slow(void)
{
	struct nr_store *store = open_db("slow.db");
	struct nr_source *slow, *reader;
	struct nr_updater *u;
	struct result res[4];
	struct nr_err err;
	struct timespec t0, t1, t2;
	double secs;
	size_t i;

	config_init();
	slow = add_source("slow", "/auth?user=ana&pass=x");
	slow->username = xstrdup("ana");
	slow->password_command = xstrdup("sleep 30; echo x");
	reader = add_source("reader", "/auth?user=ana&pass=x&n=2");
	reader->username = xstrdup("ana");
	reader->password_command = xstrdup("read p; echo \"$p\"");
	u = nr_updater_new(store, &cfg, &err);
	CHECK(u != NULL);
	if (u == NULL) {
		nr_store_close(store);
		sources_free();
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(nr_updater_add(u, slow, &err), 0);
	CHECK_INT(nr_updater_add(u, reader, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9 < 1.0);
	/* A wait of 200 ms is 200 ms, whatever the commands do. */
	nr_updater_poll(u, NULL, 0, 200, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	CHECK((t2.tv_sec - t1.tv_sec) + (t2.tv_nsec - t1.tv_nsec) / 1e9 < 2.0);
	CHECK_INT(run_all(u, res, 4), 2);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	secs = (t2.tv_sec - t0.tv_sec) + (t2.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK(secs >= 9.5 && secs < 25);
	for (i = 0; i < 2; i++) {
		CHECK_INT(res[i].outcome, NR_UPD_FAILED);
		if (strcmp(res[i].label, "slow") == 0) {
			CHECK(strstr(res[i].error, "did not finish within 10 s") != NULL);
		} else {
			/* An empty password from /dev/null: the server says no. */
			CHECK(strstr(res[i].error, "401") != NULL);
		}
	}
	nr_updater_free(u);
	nr_store_close(store);
	sources_free();
}

/* max_articles bounds what one answer stores and what the feed keeps:
 * by default 10,000, per source when it says so. */
static void
test_max_articles(void)
{
	struct nr_store *store = open_db("max.db");
	struct nr_source *capped, *plain;
	struct result r;

	config_init();
	CHECK_INT(cfg.max_articles, 10000);
	capped = add_source("capped", "/feed?items=40&seed=3");
	capped->max_articles = 5;
	plain = add_source("plain", "/feed?items=30&seed=4");
	r = update_one(store, capped, T0);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	CHECK_INT(r.items, 40);
	CHECK_INT(r.added, 5);
	CHECK_INT(count_feed(store, capped->path), 5);
	r = update_one(store, plain, T0);
	CHECK_INT(r.added, 30);
	CHECK_INT(count_feed(store, plain->path), 30);
	/* The source's limit lowered: the feed is cut at its next fetch,
	 * the newest kept. */
	plain->max_articles = 10;
	r = update_one(store, plain, T0 + 10);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	CHECK_INT(count_feed(store, plain->path), 10);
	nr_store_close(store);
	sources_free();
}

static void
test_redirect(void)
{
	struct nr_store *store = open_db("redirect.db");
	struct nr_source *moved, *temp;
	struct nr_store_fetch f;
	struct req_line reqs[4];
	struct result r;
	struct nr_err err;
	char *final;

	config_init();
	moved = add_source("moved", "/redirect?n=2&code=301&to=/feed%3Fitems%3D4%26seed%3D9%26etag%3D1");
	r = update_one(store, moved, T0);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	CHECK_INT(r.added, 4);
	final = url("/feed?items=4&seed=9&etag=1");
	CHECK(nr_store_get_fetch(store, moved->path, &f, &err) == 0);
	CHECK_STR(f.url, final);
	nr_store_fetch_clear(&f);
	r = update_one(store, moved, T0 + 10);
	CHECK_INT(r.outcome, NR_UPD_NOT_MODIFIED);
	/* Straight to the new URL the second time. */
	CHECK_INT(requests("/redirect?n=2&code=301&to=/feed%3Fitems%3D4%26seed%3D9%26etag%3D1", reqs, 4), 1);
	CHECK_INT(requests("/feed?items=4&seed=9&etag=1", reqs, 4), 2);
	CHECK_INT(reqs[1].status, 304);
	free(final);

	/* The place it moved to is gone: that fetch fails, and the next
	 * one asks the configured URL again. */
	{
		struct nr_source *gone;
		char *path = xasprintf("%s/moved-away.xml", root), *text = rss(1, 2, "");

		serve_file("moved-away.xml", text, 1700000000);
		gone = add_source("gone", "/redirect?n=1&code=301&to=/files/moved-away.xml");
		r = update_one(store, gone, T0);
		CHECK_INT(r.outcome, NR_UPD_STORED);
		CHECK(nr_store_get_fetch(store, gone->path, &f, &err) == 0);
		CHECK(f.url != NULL && strstr(f.url, "/files/moved-away.xml") != NULL);
		nr_store_fetch_clear(&f);
		unlink(path);
		r = update_one(store, gone, T0 + 10);
		CHECK_INT(r.outcome, NR_UPD_FAILED);
		CHECK(nr_store_get_fetch(store, gone->path, &f, &err) == 0);
		CHECK(f.url == NULL);
		nr_store_fetch_clear(&f);
		CHECK_INT(requests("/redirect?n=1&code=301&to=/files/moved-away.xml", reqs, 4), 1);
		r = update_one(store, gone, T0 + 20);
		CHECK_INT(r.outcome, NR_UPD_FAILED);
		CHECK_INT(requests("/redirect?n=1&code=301&to=/files/moved-away.xml", reqs, 4), 2);
		free(path);
		free(text);
	}

	/* A temporary redirect is followed and not remembered. */
	temp = add_source("temp", "/redirect?n=1&code=302&to=/feed%3Fitems%3D2%26seed%3D8");
	r = update_one(store, temp, T0);
	CHECK_INT(r.outcome, NR_UPD_STORED);
	CHECK(nr_store_get_fetch(store, temp->path, &f, &err) == 0);
	CHECK(f.url == NULL);
	nr_store_fetch_clear(&f);
	nr_store_close(store);
	sources_free();
}

static void
test_intervals(void)
{
	struct nr_store *store = open_db("intervals.db");
	struct nr_updater *u;
	struct nr_source *hourly, *minute, *never, *broken;
	struct result res[8];
	struct nr_err err;

	config_init();
	cfg.reload = 3600;
	hourly = add_source("hourly", "/feed?items=1&seed=21");
	minute = add_source("minute", "/feed?items=1&seed=22");
	minute->reload = 60;
	never = add_source("never", "/feed?items=1&seed=23");
	never->reload = 0;
	broken = add_source("broken", "/status/404?i");
	broken->reload = 600;
	(void)hourly;
	u = nr_updater_new(store, &cfg, &err);
	CHECK(u != NULL);
	if (u == NULL) {
		nr_store_close(store);
		sources_free();
		return;
	}
	set_now(u, T0);
	/* Never fetched: due now, except the one that never reloads. */
	CHECK_INT(nr_updater_next_due(u), 0);
	CHECK_INT(nr_updater_add_due(u, 0), 3);
	CHECK_INT(run_all(u, res, 8), 3);
	CHECK_INT(nr_updater_next_due(u), 60);
	set_now(u, T0 + 30);
	CHECK_INT(nr_updater_next_due(u), 30);
	CHECK_INT(nr_updater_add_due(u, 0), 0);
	set_now(u, T0 + 60);
	CHECK_INT(nr_updater_add_due(u, 0), 1);
	CHECK_INT(run_all(u, res, 8), 1);
	CHECK_STR(res[0].label, "minute");
	/* The broken one waits for its interval like the others. */
	set_now(u, T0 + 600);
	CHECK_INT(nr_updater_add_due(u, 0), 2);
	CHECK_INT(run_all(u, res, 8), 2);
	set_now(u, T0 + 3600);
	CHECK_INT(nr_updater_add_due(u, 0), 3);
	CHECK_INT(run_all(u, res, 8), 3);
	/* force: every URL source, "never" too. */
	CHECK_INT(nr_updater_add_due(u, 1), 4);
	CHECK_INT(run_all(u, res, 8), 4);
	CHECK_INT(requests("/feed?items=1&seed=23", NULL, 0), 1);
	nr_updater_free(u);

	/* A new updater reads the last fetches from the database; the
	 * broken feed, never stored, is unknown to it and due. */
	u = nr_updater_new(store, &cfg, &err);
	CHECK(u != NULL);
	if (u != NULL) {
		set_now(u, T0 + 3600 + 10);
		CHECK_INT(nr_updater_add_due(u, 0), 1);
		CHECK_INT(run_all(u, res, 8), 1);
		CHECK_STR(res[0].label, "broken");
		CHECK_INT(nr_updater_add_due(u, 0), 0);
		CHECK_INT(nr_updater_next_due(u), 50);
		nr_updater_free(u);
	}
	/* Nothing with an interval: -1. */
	cfg.reload = 0;
	minute->reload = -1;
	broken->reload = -1;
	u = nr_updater_new(store, &cfg, &err);
	if (u != NULL) {
		CHECK_INT(nr_updater_next_due(u), -1);
		nr_updater_free(u);
	}
	nr_store_close(store);
	sources_free();
}

/* Without a database (--dump URL): the list gets the articles, nothing is
 * written, and failures are kept per URL until the URL succeeds. */
static void
test_list_only(void)
{
	struct nr_updater *u;
	struct nr_list list;
	struct nr_source *ok;
	struct result res[4];
	struct nr_err err;
	char *text;

	config_init();
	ok = add_source("listed", "/files/listed.xml");
	text = rss(1, 2, "");
	serve_file("listed.xml", text, 1700000000);
	free(text);
	nr_list_init(&list, 1);
	u = nr_updater_new(NULL, &cfg, &err);
	CHECK(u != NULL);
	if (u != NULL) {
		nr_updater_set_list(u, &list, 1);
		CHECK(nr_updater_add(u, ok, &err) == 0);
		CHECK_INT(run_all(u, res, 4), 1);
		CHECK_INT(res[0].outcome, NR_UPD_STORED);
		CHECK_INT(list.nitems, 2);
		CHECK_INT(list.nfeeds, 1);
		if (list.nitems == 2) {
			CHECK_STR(list.items[0].item.summary, "text 2");
		}
		if (list.nfeeds == 1) {
			CHECK_STR(list.feeds[0].location, ok->path);
		}
		nr_updater_free(u);
	}
	nr_list_free(&list);
	{
		char *p = xasprintf("%s/listed.xml", root);

		CHECK(unlink(p) == 0);
		free(p);
	}
	u = nr_updater_new(NULL, &cfg, &err);
	if (u != NULL) {
		CHECK(nr_updater_add(u, ok, &err) == 0);
		CHECK_INT(run_all(u, res, 4), 1);
		CHECK_INT(res[0].outcome, NR_UPD_FAILED);
		CHECK(nr_updater_failure(u, ok->path) != NULL);
		CHECK_INT(nr_updater_failures(u, NULL), 1);
		text = rss(1, 2, "");
		serve_file("listed.xml", text, 1700000000);
		free(text);
		CHECK(nr_updater_add(u, ok, &err) == 0);
		CHECK_INT(run_all(u, res, 4), 1);
		CHECK_INT(res[0].outcome, NR_UPD_STORED);
		CHECK(nr_updater_failure(u, ok->path) == NULL);
		CHECK_INT(nr_updater_failures(u, NULL), 0);
		nr_updater_free(u);
	}
	sources_free();
}

int
main(void)
{
	t_init();
	/* Nothing beyond loopback, and no proxy in between. */
	unsetenv("http_proxy");
	unsetenv("https_proxy");
	unsetenv("HTTP_PROXY");
	unsetenv("HTTPS_PROXY");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");
	setenv("no_proxy", "127.0.0.1,localhost", 1);
	root = t_path("www");
	logpath = t_path("log");
	mkdir(root, 0700);
	if (start_server() < 0) {
		printf("SKIP: the test server (python3 tests/httpd.py) does not run\n");
		stop_server();
		free(root);
		free(logpath);
		return 77;
	}
	nr_libxml_init();
	test_first_and_304();
	test_changed();
	test_failures();
	test_partial();
	test_parallel();
	test_password();
	test_password_slow();
	test_max_articles();
	test_redirect();
	test_intervals();
	test_list_only();
	nr_libxml_cleanup();
	stop_server();
	free(root);
	free(logpath);
	return t_done();
}
