/* Sync with a server aggregator ([sync]): one round logs in, sends the
 * marks queued in the database in batches, takes the server's
 * subscriptions (as feeds, their categories as tags) and the articles new
 * since the last round (paged, by id), then the server's read and starred
 * state of what the database has. A round is a sequence of requests with
 * no waiting of its own: the updater (app/update.c) sends each request
 * through its fetcher and hands the answer back, so that the interface's
 * loop and --update's drive it alike and nothing blocks. The service's
 * requests and answers are parse/syncapi.h's.
 *
 * A round that fails (the server down, a refused login, a time-out) leaves
 * the queued marks queued and what it stored stored; the next round
 * carries on from there. */
#ifndef NR_APP_SYNC_H
#define NR_APP_SYNC_H

#include <stdint.h>

#include "config/settings.h"
#include "core/err.h"
#include "net/fetch.h"
#include "store/store.h"

enum nr_sync_task {
	NR_SYNC_ROUND,          /* the whole round */
	NR_SYNC_PUSH,           /* only the queued marks */
	NR_SYNC_SUBSCRIBE,      /* subscribe to a URL on the server, then a round */
	NR_SYNC_UNSUBSCRIBE     /* unsubscribe from a URL on the server */
};

struct nr_sync;

/* A sync of store with the server of cfg (both outlive it). NULL with err
 * if the service is unknown. */
struct nr_sync *nr_sync_new(struct nr_store *store, const struct nr_sync_config *cfg, struct nr_err *err);
void nr_sync_free(struct nr_sync *s);

/* Start task (arg: its URL) with the password (NULL: none; copied, and
 * wiped when the round ends). The time is now. */
void nr_sync_start(struct nr_sync *s, enum nr_sync_task task, const char *arg, const char *password, int64_t now);
/* The next request to send: 1 and *req set (valid until the next call),
 * or 0 if the round waits for an answer or has ended. */
int nr_sync_request(struct nr_sync *s, struct nr_fetch_req *req);
/* The answer to the request sent. */
void nr_sync_answer(struct nr_sync *s, const struct nr_fetch_result *res);
/* Whether the round has ended, and how: NULL if it went well, else the
 * failure in words. */
int nr_sync_ended(const struct nr_sync *s);
const char *nr_sync_error(const struct nr_sync *s);
/* Steps done, in words, one at a time (for --update's lines), or NULL. */
const char *nr_sync_note(struct nr_sync *s);
/* What the round is doing, in a few words ("sync: articles 400"). */
const char *nr_sync_progress(const struct nr_sync *s);
/* What the round brought: new articles, articles changed (text or
 * state), marks sent. */
void nr_sync_counts(const struct nr_sync *s, long *added, long *changed, long *sent);

/* Marks queued in the database and not yet sent. */
long nr_sync_queued(struct nr_sync *s);

#endif
