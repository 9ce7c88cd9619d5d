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
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/clock.h"
#include "app/load.h"
#include "app/sync.h"
#include "app/update.h"
#include "compat.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "net/fetch.h"
#include "nls.h"
#include "util/url.h"
#include "util/utf8.h"

/* How long a password_command may take before it is killed and its feed
 * fails (the manual says so). */
#define PASSWORD_TIMEOUT_MS 10000
/* What is kept of its output: a password is a line; the error a few. */
#define PASSWORD_MAX_OUT 65536
#define PASSWORD_MAX_ERR 1024

/* A feed's password_command while it runs: in a session of its own with
 * stdin from /dev/null (it never sees the terminal or its keys), its
 * stdout and stderr pipes read by the loop's wait. */
struct command {
	pid_t pid;              /* 0: none (or reaped) */
	int out, err;           /* the pipes' read ends; -1 once at their end */
	struct nr_buf outbuf, errbuf;
	int64_t deadline;       /* monotonic milliseconds */
	char *username;         /* the request's, kept for when the password comes */
	char *user_agent;
};

/* One feed being fetched, or fetched and not yet taken. */
struct job {
	struct nr_update_feed f;
	char *fetch_url;        /* what was asked for: the URL, or where it moved to */
	int64_t stored_id;      /* the feed's id when it was queued (0: not in the database) */
	struct command *cmd;    /* its password_command still runs, or NULL */
	struct nr_fetch_result *held;   /* its answer, held back while the caller had keys to answer */
	int sync;               /* the [sync] round (u->sync), not a feed */
	enum nr_sync_task task;
	char *arg;
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

	/* [sync]: the round's engine, and when the last round started. */
	struct nr_sync *sync;
	int64_t sync_last;

	/* During nr_updater_poll: what the caller waits for, so that storing
	 * a large answer gives way to a key or a signal (caller_waits). */
	const struct pollfd *wait_fds;
	unsigned nwait;
	int check_signals;
	int yielded;            /* the last load stopped for the caller */
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
	free(f->note);
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
	to->note = dup_or_null(from->note);
}

static void
wipe_buf(struct nr_buf *b)
{
	if (b->data != NULL) {
		explicit_bzero(b->data, b->len);
	}
	nr_buf_free(b);
}

/* End a password command: killed (with all it started) if still running,
 * reaped, its pipes closed and its output wiped. */
static void
command_free(struct command *c)
{
	if (c == NULL) {
		return;
	}
	if (c->pid > 0) {
		kill(-c->pid, SIGKILL);
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR) {
		}
	}
	if (c->out >= 0) {
		close(c->out);
	}
	if (c->err >= 0) {
		close(c->err);
	}
	wipe_buf(&c->outbuf);
	wipe_buf(&c->errbuf);
	free(c->username);
	free(c->user_agent);
	free(c);
}

static void
job_free(struct job *j)
{
	if (j == NULL) {
		return;
	}
	command_free(j->cmd);
	if (j->held != NULL) {
		nr_fetch_result_clear(j->held);
		free(j->held);
	}
	feed_clear(&j->f);
	free(j->fetch_url);
	free(j->arg);
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
	u->sync_last = NR_TIME_UNKNOWN;
	if (cfg->sync.service != NULL && store != NULL) {
		u->sync = nr_sync_new(store, &cfg->sync, err);
		if (u->sync == NULL) {
			nr_fetcher_free(u->fetcher);
			free(u);
			return NULL;
		}
	}
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
	nr_sync_free(u->sync);
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

/* Asked between slices of a load: is there a key for the caller, or a
 * signal that ends it (blocked outside its wait, so pending)? Then the
 * load gives way, and is done again from the start once the caller has
 * had its turn: a large feed never keeps the interface from answering, or
 * from quitting on Q or SIGTERM. */
static int
caller_waits(void *ud)
{
	static const int ending[] = { SIGINT, SIGTERM, SIGHUP };
	struct nr_updater *u = ud;
	struct pollfd p[8];
	sigset_t pending;
	unsigned i, n = u->nwait < 8 ? u->nwait : 8;

	if (u->check_signals && sigpending(&pending) == 0) {
		for (i = 0; i < sizeof ending / sizeof ending[0]; i++) {
			if (sigismember(&pending, ending[i]) == 1) {
				u->yielded = 1;
				return 1;
			}
		}
	}
	for (i = 0; i < n; i++) {
		p[i].fd = u->wait_fds[i].fd;
		p[i].events = u->wait_fds[i].events;
		p[i].revents = 0;
	}
	if (n > 0 && poll(p, n, 0) > 0) {
		u->yielded = 1;
		return 1;
	}
	return 0;
}

/* Store an answer; 1 if it was held back for the caller (see
 * caller_waits), else 0 and j is finished. */
static int
take_answer(struct nr_updater *u, struct job *j, struct nr_fetch_result *res)
{
	struct nr_loader ld;
	struct nr_load_fetch fetch;
	struct nr_load_stats stats;
	struct nr_err err, warning;
	char *base;
	int rc;

	j->f.http_code = res->http_code;
	j->f.seconds = res->seconds;
	switch (res->status) {
	case NR_FETCH_OK:
		memset(&ld, 0, sizeof ld);
		ld.list = u->list;
		ld.store = u->store;
		ld.opts.want_body = u->store != NULL || u->want_body;
		ld.now = now(u);
		ld.max_items = j->f.max_articles;
		/* Not with a list: what it was given before the load gave
		 * way would be given again. */
		if (u->list == NULL && (u->check_signals || u->nwait > 0)) {
			ld.yield = caller_waits;
			ld.yield_ud = u;
		}
		u->yielded = 0;
		memset(&fetch, 0, sizeof fetch);
		/* Relative links are relative to where the answer came
		 * from: its Content-Location, itself relative to the URL
		 * after redirects. */
		base = xstrdup(res->final_url != NULL ? res->final_url : j->fetch_url);
		if (res->content_location != NULL && res->content_location[0] != '\0') {
			char *cl = nr_url_resolve(base, res->content_location);

			if (cl != NULL && (strncasecmp(cl, "http://", 7) == 0 || strncasecmp(cl, "https://", 8) == 0)) {
				free(base);
				base = cl;
			} else {
				free(cl);
			}
		}
		fetch.base = base;
		fetch.etag = res->etag;
		fetch.last_modified = res->last_modified;
		fetch.url = res->permanent_url;
		fetch.when = now(u);
		rc = nr_load_mem(&ld, res->body != NULL ? res->body : "", res->body != NULL ? res->len : 0, j->f.url,
		    j->f.title, &fetch, &stats, &warning, &err);
		free(base);
		if (rc < 0) {
			if (u->yielded) {
				return 1;
			}
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
	return 0;
}

static void unrun(struct nr_updater *u, struct job *j);
static size_t sync_pump(struct nr_updater *u, struct job *j);

/* Store every answer that has come, in the order they came (first those
 * held back). Returns how many; stops at an answer held back again. */
static size_t
collect(struct nr_updater *u)
{
	struct nr_fetch_result res;
	size_t n = 0, i;

	for (i = 0; i < u->nrunning;) {
		struct job *j = u->running[i];

		if (j->held == NULL) {
			i++;
			continue;
		}
		if (take_answer(u, j, j->held)) {
			return n;
		}
		nr_fetch_result_clear(j->held);
		free(j->held);
		j->held = NULL;
		unrun(u, j);
		finish(u, j);
		n++;
	}
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
		if (j->sync) {
			nr_sync_answer(u->sync, &res);
			nr_fetch_result_clear(&res);
			n += sync_pump(u, j);
			continue;
		}
		if (take_answer(u, j, &res)) {
			j->held = xmalloc(sizeof *j->held);
			*j->held = res;
			return n;
		}
		unrun(u, j);
		nr_fetch_result_clear(&res);
		finish(u, j);
		n++;
	}
	return n;
}

static int
any_held(const struct nr_updater *u)
{
	size_t i;

	for (i = 0; i < u->nrunning; i++) {
		if (u->running[i]->held != NULL) {
			return 1;
		}
	}
	return 0;
}

/* ---- queueing ---- */

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Start cmd with /bin/sh -c, asynchronously: stdin /dev/null, a session of
 * its own (no controlling terminal: it cannot open /dev/tty and read the
 * keys meant for the interface), stdout and stderr into pipes. NULL with
 * err if it cannot be started. */
static struct command *
command_start(const char *label, const char *cmd, struct nr_err *err)
{
	struct command *c;
	int out[2], errp[2];
	pid_t pid;

	if (pipe2(out, O_CLOEXEC) < 0) {
		goto fail;
	}
	if (pipe2(errp, O_CLOEXEC) < 0) {
		close(out[0]);
		close(out[1]);
		goto fail;
	}
	pid = fork();
	if (pid < 0) {
		close(out[0]);
		close(out[1]);
		close(errp[0]);
		close(errp[1]);
		goto fail;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls between fork and exec. The
		 * interface blocks its signals outside its wait, and the
		 * command must not inherit that. */
		struct sigaction sa;
		sigset_t none;
		int null;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_DFL;
		sigaction(SIGPIPE, &sa, NULL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setsid();
		null = open("/dev/null", O_RDONLY);
		if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(errp[1], 2) < 0) {
			_exit(127);
		}
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	close(errp[1]);
	fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
	fcntl(errp[0], F_SETFL, fcntl(errp[0], F_GETFL) | O_NONBLOCK);
	c = xcalloc(1, sizeof *c);
	c->pid = pid;
	c->out = out[0];
	c->err = errp[0];
	c->deadline = mono_ms() + PASSWORD_TIMEOUT_MS;
	return c;
fail:
	nr_err_set(err, NR_ERR_CONFIG, _("feed %s: cannot run its password_command: %s"), label, strerror(errno));
	return NULL;
}

/* Read what is there on one of the command's pipes, keeping at most max
 * bytes; the pipe is closed at its end. */
static void
command_read(int *fd, struct nr_buf *b, size_t max)
{
	char chunk[512];
	ssize_t got;

	while (*fd >= 0) {
		got = read(*fd, chunk, sizeof chunk);
		if (got > 0) {
			if (b->len < max) {
				nr_buf_add(b, chunk, (size_t)got);
			}
			continue;
		}
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			break;
		}
		if (got < 0 && errno == EINTR) {
			continue;
		}
		close(*fd);
		*fd = -1;
	}
	explicit_bzero(chunk, sizeof chunk);
}

/* The first line of b, without its line end, in a new string. */
static char *
first_line(const struct nr_buf *b)
{
	size_t end = 0;
	char *line;

	while (end < b->len && b->data[end] != '\n') {
		end++;
	}
	if (end > 0 && b->data[end - 1] == '\r') {
		end--;
	}
	line = xmalloc(end + 1);
	if (end > 0) {
		memcpy(line, b->data, end);
	}
	line[end] = '\0';
	return line;
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

/* Ask the fetcher for job j's feed, with password (or NULL). */
static void
start_fetch(struct nr_updater *u, struct job *j, const char *username, const char *user_agent,
    const char *password)
{
	struct nr_store_fetch st;
	struct nr_fetch_req req;
	struct nr_err e;

	memset(&st, 0, sizeof st);
	if (u->store != NULL && nr_store_get_fetch(u->store, j->f.url, &st, &e) < 0) {
		/* Fetch without validators: the answer is whole, and the
		 * store's trouble shows when it is written. */
		memset(&st, 0, sizeof st);
	}
	j->stored_id = st.feed_id;
	j->fetch_url = xstrdup(st.url != NULL ? st.url : j->f.url);

	memset(&req, 0, sizeof req);
	req.url = j->fetch_url;
	/* Validators only for a feed that has its articles stored: a
	 * 304 must never stand for articles the database lacks. */
	if (st.feed_id > 0) {
		req.etag = st.etag;
		req.last_modified = st.last_modified;
	}
	req.user_agent = user_agent;
	req.username = username;
	req.password = password;
	req.ud = j;
	nr_fetch_add(u->fetcher, &req);
	nr_store_fetch_clear(&st);
}

static void
unrun(struct nr_updater *u, struct job *j)
{
	size_t i;

	for (i = 0; i < u->nrunning; i++) {
		if (u->running[i] == j) {
			memmove(&u->running[i], &u->running[i + 1], (u->nrunning - i - 1) * sizeof *u->running);
			u->nrunning--;
			return;
		}
	}
}

/* Job j's password command has ended (status as waitpid gives it) or, if
 * timed_out, was killed: its feed is fetched with the password, or fails
 * like a fetch that failed, in words. */
static void
command_done(struct nr_updater *u, struct job *j, int status, int timed_out)
{
	struct command *c = j->cmd;
	char *msg, *why = first_line(&c->errbuf), *pw;

	if (!timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		pw = first_line(&c->outbuf);
		if (j->sync) {
			nr_sync_start(u->sync, j->task, j->arg, pw, now(u));
		} else {
			start_fetch(u, j, c->username, c->user_agent, pw);
		}
		explicit_bzero(pw, strlen(pw));
		free(pw);
		free(why);
		j->cmd = NULL;
		command_free(c);
		if (j->sync) {
			sync_pump(u, j);
		}
		return;
	}
	if (timed_out) {
		msg = xasprintf(_("feed %s: its password_command did not finish within %d s"), j->f.label,
		    PASSWORD_TIMEOUT_MS / 1000);
	} else if (WIFSIGNALED(status)) {
		msg = xasprintf(_("feed %s: its password_command was killed by signal %d"), j->f.label,
		    WTERMSIG(status));
	} else {
		msg = xasprintf(_("feed %s: its password_command failed (exit status %d)"), j->f.label,
		    WEXITSTATUS(status));
	}
	if (why[0] != '\0') {
		/* What it said on stderr names the trouble ("gpg: decryption
		 * failed"); the password's stdout is never shown. */
		char *both = xasprintf("%s: %s", msg, why);

		free(msg);
		msg = both;
	}
	free(why);
	j->cmd = NULL;
	command_free(c);
	unrun(u, j);
	/* A URL, for the store's failure words, but no transfer. */
	j->fetch_url = xstrdup(j->f.url);
	fail(u, j, clean(msg));
	free(msg);
	finish(u, j);
}

/* Read the running commands' output; end those that are done or over
 * their time. */
static void
commands_step(struct nr_updater *u)
{
	struct job **jobs;
	size_t i, n = u->nrunning;
	int64_t t = mono_ms();

	if (n == 0) {
		return;
	}
	/* A job ending leaves u->running: walk a copy. */
	jobs = xreallocarray(NULL, n, sizeof *jobs);
	memcpy(jobs, u->running, n * sizeof *jobs);
	for (i = 0; i < n; i++) {
		struct command *c = jobs[i]->cmd;
		pid_t got;
		int status = 0;

		if (c == NULL) {
			continue;
		}
		command_read(&c->out, &c->outbuf, PASSWORD_MAX_OUT);
		command_read(&c->err, &c->errbuf, PASSWORD_MAX_ERR);
		got = waitpid(c->pid, &status, WNOHANG);
		if (got == c->pid) {
			/* Ended: what is in the pipes now is all that counts,
			 * even if something it started holds them open. */
			command_read(&c->out, &c->outbuf, PASSWORD_MAX_OUT);
			command_read(&c->err, &c->errbuf, PASSWORD_MAX_ERR);
			if (c->out >= 0 || c->err >= 0) {
				kill(-c->pid, SIGKILL);
			}
			c->pid = 0;
			command_done(u, jobs[i], status, 0);
		} else if (t >= c->deadline) {
			command_done(u, jobs[i], 0, 1);
		}
	}
	free(jobs);
}

/* The running commands: how many, and the nearest deadline. */
static size_t
commands_running(const struct nr_updater *u, int64_t *deadline)
{
	size_t i, n = 0;

	for (i = 0; i < u->nrunning; i++) {
		const struct command *c = u->running[i]->cmd;

		if (c != NULL) {
			if (n == 0 || c->deadline < *deadline) {
				*deadline = c->deadline;
			}
			n++;
		}
	}
	return n;
}

int
nr_updater_add(struct nr_updater *u, const struct nr_source *src, struct nr_err *err)
{
	struct nr_err e;
	struct job *j;

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
		/* The fetch starts when the password comes (nr_updater_poll):
		 * nothing here waits for the command. */
		j->cmd = command_start(j->f.label, src->password_command, &e);
		if (j->cmd == NULL) {
			if (err != NULL) {
				*err = e;
			}
			j->f.outcome = NR_UPD_FAILED;
			j->f.error = clean(e.msg);
			finish(u, j);
			return -1;
		}
		j->cmd->username = dup_or_null(src->username);
		j->cmd->user_agent = dup_or_null(src->user_agent);
		u->running = xreallocarray(u->running, u->nrunning + 1, sizeof *u->running);
		u->running[u->nrunning++] = j;
		return 0;
	}
	u->running = xreallocarray(u->running, u->nrunning + 1, sizeof *u->running);
	u->running[u->nrunning++] = j;
	start_fetch(u, j, src->username, src->user_agent, NULL);
	return 0;
}

/* ---- [sync] ---- */

/* A step of the sync round, in words, as a record of its own for
 * nr_updater_next (not counted as a feed). */
static void
emit_note(struct nr_updater *u, const char *text)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->f.url = xstrdup(u->cfg->sync.url);
	j->f.label = xstrdup("sync");
	j->f.outcome = NR_UPD_STORED;
	j->f.note = clean(text);
	if (u->done_head > 0 && u->done_head == u->ndone) {
		u->done_head = u->ndone = 0;
	}
	u->done = xreallocarray(u->done, u->ndone + 1, sizeof *u->done);
	u->done[u->ndone++] = j;
}

/* Send the round's next request, if it has one; when it has ended, its
 * job is finished. Returns 1 if the job finished. */
static size_t
sync_pump(struct nr_updater *u, struct job *j)
{
	struct nr_fetch_req req;
	const char *text;
	long sent;

	while (nr_sync_request(u->sync, &req)) {
		req.ud = j;
		nr_fetch_add(u->fetcher, &req);
	}
	while ((text = nr_sync_note(u->sync)) != NULL) {
		emit_note(u, text);
	}
	if (!nr_sync_ended(u->sync)) {
		return 0;
	}
	unrun(u, j);
	if (j->fetch_url == NULL) {
		j->fetch_url = xstrdup(j->f.url);
	}
	if (nr_sync_error(u->sync) != NULL) {
		fail(u, j, clean(nr_sync_error(u->sync)));
	} else {
		j->f.outcome = NR_UPD_STORED;
		nr_sync_counts(u->sync, &j->f.added, &j->f.changed, &sent);
		j->f.items = j->f.added;
	}
	finish(u, j);
	return 1;
}

static int
sync_running(const struct nr_updater *u)
{
	size_t i;

	for (i = 0; i < u->nrunning; i++) {
		if (u->running[i]->sync) {
			return 1;
		}
	}
	return 0;
}

int
nr_updater_add_sync(struct nr_updater *u, enum nr_sync_task task, const char *arg, struct nr_err *err)
{
	const struct nr_sync_config *sc = &u->cfg->sync;
	struct nr_err e;
	struct job *j;

	if (u->sync == NULL) {
		nr_err_set(err, NR_ERR_CONFIG, "%s", _("no [sync] in the configuration"));
		return -1;
	}
	if (sync_running(u)) {
		return 0;
	}
	if (u->nrunning == 0) {
		u->finished = u->total = 0;
	}
	u->total++;
	u->sync_last = now(u);
	j = xcalloc(1, sizeof *j);
	j->sync = 1;
	j->task = task;
	j->arg = dup_or_null(arg);
	j->f.url = xstrdup(sc->url);
	j->f.label = xstrdup("sync");
	j->f.max_articles = -1;
	j->f.outcome = NR_UPD_QUEUED;
	u->running = xreallocarray(u->running, u->nrunning + 1, sizeof *u->running);
	u->running[u->nrunning++] = j;
	if (sc->password_command != NULL) {
		/* The round starts when the password comes. */
		j->cmd = command_start("[sync]", sc->password_command, &e);
		if (j->cmd == NULL) {
			if (err != NULL) {
				*err = e;
			}
			unrun(u, j);
			j->fetch_url = xstrdup(j->f.url);
			fail(u, j, clean(e.msg));
			finish(u, j);
			return -1;
		}
		return 0;
	}
	nr_sync_start(u->sync, task, arg, NULL, now(u));
	sync_pump(u, j);
	return 0;
}

const char *
nr_updater_sync_progress(const struct nr_updater *u)
{
	return u->sync != NULL && sync_running(u) ? nr_sync_progress(u->sync) : NULL;
}

long
nr_updater_sync_queued(struct nr_updater *u)
{
	return u->sync != NULL ? nr_sync_queued(u->sync) : 0;
}

/* Seconds between automatic rounds: [sync] interval, else [general]
 * reload; 0: only on request. */
static long
sync_interval(const struct nr_updater *u)
{
	return u->cfg->sync.interval >= 0 ? u->cfg->sync.interval : u->cfg->reload;
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
	if (u->sync != NULL && !sync_running(u) && (force || u->sync_last == NR_TIME_UNKNOWN ||
	    (sync_interval(u) > 0 && t - u->sync_last >= sync_interval(u)))) {
		nr_updater_add_sync(u, NR_SYNC_ROUND, NULL, NULL);
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
	if (u->sync != NULL && !sync_running(u)) {
		long every = sync_interval(u), wait = -1;

		if (u->sync_last == NR_TIME_UNKNOWN) {
			wait = 0;
		} else if (every > 0) {
			wait = t - u->sync_last >= every ? 0 : (long)(u->sync_last + every - t);
		}
		if (wait >= 0 && (best < 0 || wait < best)) {
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
	struct pollfd *all;
	int64_t deadline = 0, left;
	size_t ncmd, i, k;
	unsigned n;
	int rc, ready = 0;

	u->wait_fds = extra;
	u->nwait = nextra;
	u->check_signals = sigmask != NULL;
	/* Answers ready before the wait (a URL refused at once) must not
	 * wait for network activity that will never come, nor one held back
	 * for the caller's keys. */
	if (collect(u) > 0 || any_held(u)) {
		timeout_ms = 0;
	}
	ncmd = commands_running(u, &deadline);
	if (ncmd == 0) {
		rc = nr_fetch_poll(u->fetcher, extra, nextra, timeout_ms, sigmask);
		/* A signal came during the wait: the caller sees to it
		 * before anything is stored (it may be the end). */
		if (rc >= 0) {
			collect(u);
		}
		u->wait_fds = NULL;
		u->nwait = 0;
		u->check_signals = 0;
		return rc;
	}
	/* The commands' pipes join the wait, and their time-out bounds it. */
	left = deadline - mono_ms();
	left = left < 0 ? 0 : left;
	if (timeout_ms < 0 || left < timeout_ms) {
		timeout_ms = (int)left;
	}
	all = xreallocarray(NULL, nextra + 2 * ncmd, sizeof *all);
	for (n = 0; n < nextra; n++) {
		all[n] = extra[n];
	}
	for (i = 0; i < u->nrunning; i++) {
		const struct command *c = u->running[i]->cmd;

		if (c == NULL) {
			continue;
		}
		for (k = 0; k < 2; k++) {
			all[n].fd = k == 0 ? c->out : c->err;
			all[n].events = POLLIN;
			all[n].revents = 0;
			n++;
		}
		if (c->out < 0 && c->err < 0) {
			/* Its output is all read, the command not yet gone:
			 * look again soon. */
			timeout_ms = timeout_ms < 0 || timeout_ms > 20 ? 20 : timeout_ms;
		}
	}
	rc = nr_fetch_poll(u->fetcher, all, n, timeout_ms, sigmask);
	for (k = 0; k < nextra; k++) {
		extra[k].revents = all[k].revents;
		ready += all[k].revents != 0;
	}
	free(all);
	commands_step(u);
	if (rc >= 0) {
		collect(u);
	}
	u->wait_fds = NULL;
	u->nwait = 0;
	u->check_signals = 0;
	return rc < 0 ? rc : ready;
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
