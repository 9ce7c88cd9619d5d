/* Updating feeds over the network: URL sources fetched in parallel with
 * conditional GET (net/fetch.h), each answer parsed from memory (RSS, RDF,
 * Atom or JSON Feed, found by content) and stored as one transaction per
 * feed, with the feed's validators (ETag, Last-Modified), the time of the
 * fetch and a permanent redirect's new URL. A feed that fails (network
 * error, HTTP error, HTML or garbage instead of a feed, a cut-off body)
 * keeps everything stored for it untouched, and the failure is kept in
 * words for the interface and for --update's summary.
 *
 * The same updater serves the batch modes (queue everything, poll until
 * nothing is busy) and the interface, whose controller owns one
 * (app/schedule.c): it queues feeds on a key or when a feed's reload
 * interval has passed, the interface's wait goes through nr_updater_poll
 * and finished feeds come out of nr_updater_next, so the screen never
 * waits on the network. */
#ifndef NR_APP_UPDATE_H
#define NR_APP_UPDATE_H

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "app/sync.h"
#include "config/settings.h"
#include "core/err.h"
#include "store/store.h"

enum nr_update_outcome {
	NR_UPD_QUEUED = 0,      /* waiting or being fetched */
	NR_UPD_STORED,          /* fetched, parsed and stored (added/changed say what was new) */
	NR_UPD_NOT_MODIFIED,    /* 304: nothing parsed, nothing written but the fetch time */
	NR_UPD_FAILED           /* error says why; the stored articles are untouched */
};

/* One feed of an update and how it went. */
struct nr_update_feed {
	char *url;              /* the URL as configured (or given) */
	char *label;            /* the [feed NAME] NAME, or the URL */
	const char *title;      /* the configured title, or NULL (the source's, not owned) */
	long max_articles;
	enum nr_update_outcome outcome;
	long items;             /* articles in the answer */
	long added;             /* new in the database */
	long changed;           /* known, with new text */
	long http_code;         /* 0 if no HTTP answer */
	char *error;            /* FAILED: e.g. "HTTP 404 Not Found", "timed out after 60 s", "not a feed: HTML page" */
	char *warning;          /* STORED but read only in part (the parser's first problem), or NULL */
	char *note;             /* a step of the [sync] round in words (label "sync"), not a feed; or NULL */
	int64_t feed_id;        /* in the database, once stored; 0 before */
	double seconds;
};

struct nr_updater;

/* An updater writing to store, with cfg's network settings (both must
 * outlive it). NULL with err if libcurl cannot be set up. store may be
 * NULL: nothing is written, no validators are sent (--dump URL). */
struct nr_updater *nr_updater_new(struct nr_store *store, const struct nr_config *cfg, struct nr_err *err);
void nr_updater_free(struct nr_updater *u);

struct nr_list;
/* Also deliver the articles of every answer to list (which must outlive
 * the updater's use of it), with their bodies if want_body is set
 * (`newsreader URL`, `--dump URL`). */
void nr_updater_set_list(struct nr_updater *u, struct nr_list *list, int want_body);
struct nr_clock;
/* Read the time from c (which must outlive the updater; NULL: the
 * system's clock): the times of fetches and of reload intervals. */
void nr_updater_set_clock(struct nr_updater *u, const struct nr_clock *c);

/* Queue the URL source src (a [feed NAME] url, or a URL of [sources]);
 * nothing if it is already queued or being fetched. Returns 0, or -1 with
 * err if its password_command cannot be started. A feed that fails here
 * comes out of nr_updater_next as failed too. src's title must outlive the
 * feed's result.
 *
 * A password_command runs asynchronously with /bin/sh -c, stdin from
 * /dev/null and in a session of its own (never the terminal's), its output
 * read by nr_updater_poll; its first line is the password, and the fetch
 * starts when it has ended. If it fails, is killed, or takes more than
 * 10 s (then it is killed), its feed fails like a fetch: "feed NAME: its
 * password_command failed (exit status 3): what it said on stderr". */
int nr_updater_add(struct nr_updater *u, const struct nr_source *src, struct nr_err *err);
/* Queue a [sync] round (task, arg: app/sync.h), unless one runs: its
 * password_command first, as a feed's, then its requests one after the
 * other. Its steps come out of nr_updater_next as records with a note,
 * then the round itself as a feed labelled "sync" (added: new articles,
 * changed: articles whose text or state changed), failed in words if it
 * failed. -1 with err if there is no [sync] or its password_command
 * cannot be started. */
int nr_updater_add_sync(struct nr_updater *u, enum nr_sync_task task, const char *arg, struct nr_err *err);
/* What the running round does ("sync: articles 400"), or NULL. */
const char *nr_updater_sync_progress(const struct nr_updater *u);
/* Marks waiting in the database to be sent (0 without [sync]). */
long nr_updater_sync_queued(struct nr_updater *u);

/* Queue every URL source of the configuration whose reload interval has
 * passed since its last fetch (all of them if force is set), and the
 * [sync] round when its interval has passed (and first of all). Returns the
 * number queued. The interval is the source's reload, else [general]'s;
 * 0 never. A feed never fetched is due; a failed fetch counts as a fetch,
 * so that a broken feed is tried again after its interval, not in a loop. */
size_t nr_updater_add_due(struct nr_updater *u, int force);
/* Seconds until the next URL source is due for its automatic reload, or -1
 * if none has an interval. */
long nr_updater_next_due(struct nr_updater *u);

/* Progress of the current round: feeds finished and feeds queued since the
 * updater was last idle ("fetching 12/40"). */
size_t nr_updater_finished(const struct nr_updater *u);
size_t nr_updater_total(const struct nr_updater *u);
int nr_updater_busy(const struct nr_updater *u);

/* The loop's wait: as nr_fetch_poll (extra descriptors, timeout, signal
 * mask; the running password commands' pipes and time-outs join it), then
 * every finished answer is parsed and stored. */
int nr_updater_poll(struct nr_updater *u, struct pollfd *extra, unsigned nextra, int timeout_ms,
    const sigset_t *sigmask);
/* Take the next feed finished since the last call (valid until the next
 * call or nr_updater_free), or NULL. */
const struct nr_update_feed *nr_updater_next(struct nr_updater *u);

/* The last failure of each URL (since the updater was made), for the
 * interface's failures list and its mark in the sources pane; NULL if the
 * last fetch of url did not fail. */
const struct nr_update_feed *nr_updater_failure(const struct nr_updater *u, const char *url);
/* Every feed whose last fetch failed, in the order they failed: the count,
 * and in *out (unless out is NULL) an array valid until the next call into
 * the updater. */
size_t nr_updater_failures(const struct nr_updater *u, const struct nr_update_feed ***out);

#endif
