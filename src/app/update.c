/*
 * Updating feeds over the network: the fetcher (net/fetch.h) does the
 * transfers; this module decides what to fetch and with which validators,
 * and stores each answer as it comes (app/load.h, one transaction per
 * feed). Conditional GET: RFC 9110 section 13.1 (If-None-Match,
 * If-Modified-Since) and RFC 9111; permanent redirects: RFC 9110 15.4.2
 * (301) and 15.4.9 (308).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "app/clock.h"
#include "app/load.h"
#include "app/update.h"
#include "compat.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "net/fetch.h"
#include "nls.h"
#include "util/utf8.h"

/* One feed being fetched, or fetched and not yet taken. */
struct job {
	struct nr_update_feed f;
	char *fetch_url;        /* what was asked for: the URL, or where it moved to */
	int64_t stored_id;      /* the feed's id when it was queued (0: not in the database) */
};

struct nr_updater {
	struct nr_store *store;
	const struct nr_config *cfg;
	struct nr_fetcher *fetcher;
	struct nr_list *list;
	int want_body;
	const struct nr_clock *clock;   /* NULL: the system's */

	struct job **running;           /* queued or being fetched */
	size_t nrunning;
	struct job **done;              /* finished, not taken yet, in order */
	size_t ndone, done_head;
	struct job *taken;              /* the last one nr_updater_next gave */

	struct nr_update_feed **failures;       /* copies, in the order they failed */
	size_t nfailures;
	/* When each source of the configuration was last fetched, failed
	 * or not: read from the database once, then kept here (the loop of
	 * the interface asks every time it waits). */
	int64_t *last;
	unsigned char *last_known;
	size_t nlast;

	size_t finished, total;
};

static int64_t
now(const struct nr_updater *u)
{
	return nr_clock_wall(u->clock);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Text from the network or from a command, fit for a terminal line. */
static char *
clean(const char *s)
{
	return nr_utf8_sanitize(s, strlen(s), 0);
}

static void
feed_clear(struct nr_update_feed *f)
{
	free(f->url);
	free(f->label);
	free(f->error);
	free(f->warning);
	memset(f, 0, sizeof *f);
}

static void
feed_copy(struct nr_update_feed *to, const struct nr_update_feed *from)
{
	*to = *from;
	to->url = dup_or_null(from->url);
	to->label = dup_or_null(from->label);
	to->error = dup_or_null(from->error);
	to->warning = dup_or_null(from->warning);
}

static void
job_free(struct job *j)
{
	if (j == NULL) {
		return;
	}
	feed_clear(&j->f);
	free(j->fetch_url);
	free(j);
}

struct nr_updater *
nr_updater_new(struct nr_store *store, const struct nr_config *cfg, struct nr_err *err)
{
	struct nr_updater *u;
	struct nr_fetch_opts opts;

	memset(&opts, 0, sizeof opts);
	opts.max_connections = cfg->max_connections;
	opts.max_per_host = cfg->connections_per_host;
	opts.connect_timeout = cfg->connect_timeout;
	opts.timeout = cfg->timeout;
	opts.max_size = cfg->max_size;
	opts.user_agent = cfg->user_agent;
	u = xcalloc(1, sizeof *u);
	u->fetcher = nr_fetcher_new(&opts, err);
	if (u->fetcher == NULL) {
		free(u);
		return NULL;
	}
	u->store = store;
	u->cfg = cfg;
	return u;
}

void
nr_updater_free(struct nr_updater *u)
{
	size_t i;

	if (u == NULL) {
		return;
	}
	/* First the transfers, whose requests point at the jobs. */
	nr_fetcher_free(u->fetcher);
	for (i = 0; i < u->nrunning; i++) {
		job_free(u->running[i]);
	}
	free(u->running);
	for (i = u->done_head; i < u->ndone; i++) {
		job_free(u->done[i]);
	}
	free(u->done);
	job_free(u->taken);
	for (i = 0; i < u->nfailures; i++) {
		feed_clear(u->failures[i]);
		free(u->failures[i]);
	}
	free(u->failures);
	free(u->last);
	free(u->last_known);
	free(u);
}

void
nr_updater_set_list(struct nr_updater *u, struct nr_list *list, int want_body)
{
	u->list = list;
	u->want_body = want_body;
}

void
nr_updater_set_clock(struct nr_updater *u, const struct nr_clock *c)
{
	u->clock = c;
}

/* ---- the end of a fetch ---- */

/* The cache of last fetches, sized to the configuration's sources. */
static void
last_cache(struct nr_updater *u)
{
	if (u->nlast != u->cfg->nsources) {
		free(u->last);
		free(u->last_known);
		u->nlast = u->cfg->nsources;
		u->last = xcalloc(u->nlast + 1, sizeof *u->last);
		u->last_known = xcalloc(u->nlast + 1, 1);
	}
}

static void
note_attempt(struct nr_updater *u, const char *url, int64_t when)
{
	size_t i;

	last_cache(u);
	for (i = 0; i < u->nlast; i++) {
		if (strcmp(u->cfg->sources[i].path, url) == 0) {
			u->last[i] = when;
			u->last_known[i] = 1;
		}
	}
}

/* Keep the failures list to the last fetch of each URL. */
static void
note_outcome(struct nr_updater *u, const struct nr_update_feed *f)
{
	size_t i;

	for (i = 0; i < u->nfailures; i++) {
		if (strcmp(u->failures[i]->url, f->url) == 0) {
			feed_clear(u->failures[i]);
			free(u->failures[i]);
			memmove(&u->failures[i], &u->failures[i + 1], (u->nfailures - i - 1) * sizeof *u->failures);
			u->nfailures--;
			break;
		}
	}
	if (f->outcome == NR_UPD_FAILED) {
		u->failures = xreallocarray(u->failures, u->nfailures + 1, sizeof *u->failures);
		u->failures[u->nfailures] = xmalloc(sizeof **u->failures);
		feed_copy(u->failures[u->nfailures], f);
		u->nfailures++;
	}
}

/* A job is finished: into the done queue, and its failure kept. */
static void
finish(struct nr_updater *u, struct job *j)
{
	note_attempt(u, j->f.url, now(u));
	note_outcome(u, &j->f);
	if (u->done_head > 0 && u->done_head == u->ndone) {
		u->done_head = u->ndone = 0;
	}
	u->done = xreallocarray(u->done, u->ndone + 1, sizeof *u->done);
	u->done[u->ndone++] = j;
	u->finished++;
}

/* A parser's or the store's problem in words: "line 12: message". */
static char *
err_text(const struct nr_err *e)
{
	char *raw = e->line > 0 ? xasprintf(_("line %ld: %s"), e->line, e->msg) : xstrdup(e->msg);
	char *s = clean(raw);

	free(raw);
	return s;
}

static void
fail(struct nr_updater *u, struct job *j, char *error)
{
	j->f.outcome = NR_UPD_FAILED;
	free(j->f.error);
	j->f.error = error;
	/* Only the time and words of the failure, on a feed already
	 * stored: its articles, state and validators are not touched. An
	 * error here (the database busy) changes nothing worth saying. */
	if (u->store != NULL) {
		nr_store_set_fetch_failed(u->store, j->f.url, now(u), j->f.error, NULL);
		/* The place a feed moved to is gone (404, 410): the next fetch
		 * asks the configured URL again, which may have moved on. */
		if ((j->f.http_code == 404 || j->f.http_code == 410) && strcmp(j->fetch_url, j->f.url) != 0) {
			nr_store_forget_fetch_url(u->store, j->f.url, NULL);
		}
	}
}

/* The fetcher's warning (a validator too long to keep) joins the feed's. */
static void
fetch_warning(struct job *j, const struct nr_fetch_result *res)
{
	char *w;

	if (res->warning == NULL) {
		return;
	}
	w = j->f.warning != NULL ? xasprintf("%s; %s", j->f.warning, res->warning) : xstrdup(res->warning);
	free(j->f.warning);
	j->f.warning = w;
}

static void
take_answer(struct nr_updater *u, struct job *j, struct nr_fetch_result *res)
{
	struct nr_loader ld;
	struct nr_load_fetch fetch;
	struct nr_load_stats stats;
	struct nr_err err, warning;

	j->f.http_code = res->http_code;
	j->f.seconds = res->seconds;
	switch (res->status) {
	case NR_FETCH_OK:
		memset(&ld, 0, sizeof ld);
		ld.list = u->list;
		ld.store = u->store;
		ld.opts.want_body = u->store != NULL || u->want_body;
		ld.now = now(u);
		memset(&fetch, 0, sizeof fetch);
		fetch.base = res->permanent_url != NULL ? res->permanent_url : j->fetch_url;
		fetch.etag = res->etag;
		fetch.last_modified = res->last_modified;
		fetch.url = res->permanent_url;
		fetch.when = now(u);
		if (nr_load_mem(&ld, res->body != NULL ? res->body : "", res->body != NULL ? res->len : 0, j->f.url,
		    j->f.title, &fetch, &stats, &warning, &err) < 0) {
			fail(u, j, err_text(&err));
			break;
		}
		j->f.outcome = NR_UPD_STORED;
		j->f.items = stats.items;
		j->f.added = stats.added;
		j->f.changed = stats.changed;
		j->f.feed_id = stats.feed_id;
		if (warning.code != NR_ERR_NONE) {
			j->f.warning = err_text(&warning);
		}
		fetch_warning(j, res);
		break;
	case NR_FETCH_NOT_MODIFIED:
		fetch_warning(j, res);
		j->f.outcome = NR_UPD_NOT_MODIFIED;
		j->f.feed_id = j->stored_id;
		if (u->store != NULL && j->stored_id > 0 &&
		    nr_store_set_fetched(u->store, j->stored_id, now(u), res->permanent_url, &err) < 0) {
			fail(u, j, err_text(&err));
		}
		break;
	default:
		fail(u, j, clean(res->error != NULL && res->error[0] != '\0' ? res->error : _("the fetch failed")));
		break;
	}
}

/* Store every answer that has come, in the order they came. Returns how
 * many. */
static size_t
collect(struct nr_updater *u)
{
	struct nr_fetch_result res;
	size_t n = 0, i;

	while (nr_fetch_next(u->fetcher, &res)) {
		struct job *j = res.ud;

		for (i = 0; i < u->nrunning; i++) {
			if (u->running[i] == j) {
				break;
			}
		}
		if (i == u->nrunning) {
			/* Not ours: cannot happen, but never touch it. */
			nr_fetch_result_clear(&res);
			continue;
		}
		memmove(&u->running[i], &u->running[i + 1], (u->nrunning - i - 1) * sizeof *u->running);
		u->nrunning--;
		take_answer(u, j, &res);
		nr_fetch_result_clear(&res);
		finish(u, j);
		n++;
	}
	return n;
}

/* ---- queueing ---- */

/* Run cmd with /bin/sh -c; the first line of what it prints, without its
 * newline, in a new string, or NULL with err naming the feed and how the
 * command ended. The output is wiped from memory once read. */
static char *
run_password_command(const char *label, const char *cmd, struct nr_err *err)
{
	struct nr_buf b = NR_BUF_INIT;
	char chunk[512];
	char *pw;
	size_t got, line_end;
	FILE *fp;
	int status;

	fflush(NULL);
	fp = popen(cmd, "r");
	if (fp == NULL) {
		nr_err_set(err, NR_ERR_CONFIG, _("feed %s: cannot run its password_command: %s"), label,
		    strerror(errno));
		return NULL;
	}
	/* Read to the end (a command killed by SIGPIPE would fail), keep
	 * at most a line's worth. */
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (b.len < 65536) {
			nr_buf_add(&b, chunk, got);
		}
	}
	explicit_bzero(chunk, sizeof chunk);
	status = pclose(fp);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (b.data != NULL) {
			explicit_bzero(b.data, b.len);
		}
		nr_buf_free(&b);
		if (status != -1 && WIFSIGNALED(status)) {
			nr_err_set(err, NR_ERR_CONFIG, _("feed %s: its password_command was killed by signal %d"), label,
			    WTERMSIG(status));
		} else {
			nr_err_set(err, NR_ERR_CONFIG, _("feed %s: its password_command failed (exit status %d)"), label,
			    status == -1 ? -1 : WEXITSTATUS(status));
		}
		return NULL;
	}
	line_end = 0;
	while (line_end < b.len && b.data[line_end] != '\n') {
		line_end++;
	}
	pw = xmalloc(line_end + 1);
	if (line_end > 0) {
		memcpy(pw, b.data, line_end);
	}
	pw[line_end] = '\0';
	if (line_end > 0 && pw[line_end - 1] == '\r') {
		pw[line_end - 1] = '\0';
	}
	if (b.data != NULL) {
		explicit_bzero(b.data, b.len);
	}
	nr_buf_free(&b);
	return pw;
}

static int
is_running(const struct nr_updater *u, const char *url)
{
	size_t i;

	for (i = 0; i < u->nrunning; i++) {
		if (strcmp(u->running[i]->f.url, url) == 0) {
			return 1;
		}
	}
	return 0;
}

static long
max_articles(const struct nr_updater *u, const struct nr_source *src)
{
	return src->max_articles >= 0 ? src->max_articles : u->cfg->max_articles;
}

int
nr_updater_add(struct nr_updater *u, const struct nr_source *src, struct nr_err *err)
{
	struct nr_store_fetch st;
	struct nr_fetch_req req;
	struct nr_err e;
	struct job *j;
	char *password = NULL;

	if (is_running(u, src->path)) {
		return 0;
	}
	if (u->nrunning == 0) {
		/* A new round of progress. */
		u->finished = u->total = 0;
	}
	u->total++;
	j = xcalloc(1, sizeof *j);
	j->f.url = xstrdup(src->path);
	j->f.label = xstrdup(src->label != NULL && src->label[0] != '\0' ? src->label : src->path);
	j->f.title = src->title;
	j->f.max_articles = max_articles(u, src);
	j->f.outcome = NR_UPD_QUEUED;

	if (src->password_command != NULL) {
		password = run_password_command(j->f.label, src->password_command, &e);
		if (password == NULL) {
			if (err != NULL) {
				*err = e;
			}
			j->f.outcome = NR_UPD_FAILED;
			j->f.error = clean(e.msg);
			finish(u, j);
			return -1;
		}
	}

	memset(&st, 0, sizeof st);
	if (u->store != NULL && nr_store_get_fetch(u->store, src->path, &st, &e) < 0) {
		/* Fetch without validators: the answer is whole, and the
		 * store's trouble shows when it is written. */
		memset(&st, 0, sizeof st);
	}
	j->stored_id = st.feed_id;
	j->fetch_url = xstrdup(st.url != NULL ? st.url : src->path);

	memset(&req, 0, sizeof req);
	req.url = j->fetch_url;
	/* Validators only for a feed that has its articles stored: a
	 * 304 must never stand for articles the database lacks. */
	if (st.feed_id > 0) {
		req.etag = st.etag;
		req.last_modified = st.last_modified;
	}
	req.user_agent = src->user_agent;
	req.username = src->username;
	req.password = password;
	req.ud = j;
	u->running = xreallocarray(u->running, u->nrunning + 1, sizeof *u->running);
	u->running[u->nrunning++] = j;
	nr_fetch_add(u->fetcher, &req);
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	nr_store_fetch_clear(&st);
	return 0;
}

static long
interval(const struct nr_updater *u, const struct nr_source *src)
{
	return src->reload >= 0 ? src->reload : u->cfg->reload;
}

/* When source i was last fetched (successfully or not), or
 * NR_TIME_UNKNOWN. A failed fetch counts: a broken feed is tried again
 * after its interval, not in a loop. */
static int64_t
last_fetch(struct nr_updater *u, size_t i)
{
	struct nr_store_fetch st;
	int64_t last = NR_TIME_UNKNOWN;

	last_cache(u);
	if (u->last_known[i]) {
		return u->last[i];
	}
	if (u->store != NULL && nr_store_get_fetch(u->store, u->cfg->sources[i].path, &st, NULL) == 0) {
		last = st.fetched;
		if (st.attempted != NR_TIME_UNKNOWN && (last == NR_TIME_UNKNOWN || st.attempted > last)) {
			last = st.attempted;
		}
		nr_store_fetch_clear(&st);
	}
	u->last[i] = last;
	u->last_known[i] = 1;
	return last;
}

size_t
nr_updater_add_due(struct nr_updater *u, int force)
{
	const struct nr_config *cfg = u->cfg;
	int64_t t = now(u);
	size_t i, n = 0;

	for (i = 0; i < cfg->nsources; i++) {
		const struct nr_source *src = &cfg->sources[i];
		long every = interval(u, src);
		int64_t last;

		if (!src->is_url || is_running(u, src->path)) {
			continue;
		}
		if (!force) {
			if (every <= 0) {
				continue;
			}
			last = last_fetch(u, i);
			if (last != NR_TIME_UNKNOWN && t - last < every) {
				continue;
			}
		}
		/* A failing password_command is a failed feed: it comes out
		 * of nr_updater_next like the others. */
		nr_updater_add(u, src, NULL);
		n++;
	}
	return n;
}

long
nr_updater_next_due(struct nr_updater *u)
{
	const struct nr_config *cfg = u->cfg;
	int64_t t = now(u);
	long best = -1;
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		const struct nr_source *src = &cfg->sources[i];
		long every = interval(u, src), wait;
		int64_t last;

		if (!src->is_url || every <= 0 || is_running(u, src->path)) {
			continue;
		}
		last = last_fetch(u, i);
		if (last == NR_TIME_UNKNOWN || t - last >= every) {
			wait = 0;
		} else {
			wait = (long)(last + every - t);
		}
		if (best < 0 || wait < best) {
			best = wait;
		}
	}
	return best;
}

/* ---- running ---- */

size_t
nr_updater_finished(const struct nr_updater *u)
{
	return u->finished;
}

size_t
nr_updater_total(const struct nr_updater *u)
{
	return u->total;
}

int
nr_updater_busy(const struct nr_updater *u)
{
	return u->nrunning > 0;
}

int
nr_updater_poll(struct nr_updater *u, struct pollfd *extra, unsigned nextra, int timeout_ms,
    const sigset_t *sigmask)
{
	int rc;

	/* Answers ready before the wait (a URL refused at once) must not
	 * wait for network activity that will never come. */
	if (collect(u) > 0) {
		timeout_ms = 0;
	}
	rc = nr_fetch_poll(u->fetcher, extra, nextra, timeout_ms, sigmask);
	collect(u);
	return rc;
}

const struct nr_update_feed *
nr_updater_next(struct nr_updater *u)
{
	job_free(u->taken);
	u->taken = NULL;
	if (u->done_head == u->ndone) {
		return NULL;
	}
	u->taken = u->done[u->done_head++];
	return &u->taken->f;
}



const struct nr_update_feed *
nr_updater_failure(const struct nr_updater *u, const char *url)
{
	size_t i;

	for (i = 0; i < u->nfailures; i++) {
		if (strcmp(u->failures[i]->url, url) == 0) {
			return u->failures[i];
		}
	}
	return NULL;
}

size_t
nr_updater_failures(const struct nr_updater *u, const struct nr_update_feed ***out)
{
	if (out != NULL) {
		*out = (const struct nr_update_feed **)u->failures;
	}
	return u->nfailures;
}
