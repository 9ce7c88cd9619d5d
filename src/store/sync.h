/* The database's side of sync with a server aggregator (app/sync.c): which
 * feeds are the server's subscriptions, the last article id pulled, and
 * the queue of marks (read, unread, starred, unstarred) made here and not
 * yet sent. A mark joins the queue in the same statement that sets it,
 * whatever set it (the interface, --mark-*, mark all read, a state import),
 * through a trigger on the articles of the server's feeds; a later mark of
 * the same article and flag replaces an earlier one, so the queue holds the
 * last change only. State that comes from the server is written "quietly"
 * (not queued) and never over a mark still queued.
 *
 * The tables and triggers are schema 5 (store.c's step 4 -> 5 runs
 * NR_STORE_SYNC_SCHEMA). */
#ifndef NR_STORE_SYNC_H
#define NR_STORE_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"
#include "store/store.h"

/* The tables and triggers, as the migration step to schema 5 makes them.
 * Released: never edit (add a step). */
#define NR_STORE_SYNC_SCHEMA \
    "CREATE TABLE sync_state (" \
    "  id INTEGER PRIMARY KEY CHECK (id = 1)," \
    "  account TEXT NOT NULL," \
    "  since INTEGER NOT NULL DEFAULT 0," \
    "  synced INTEGER NOT NULL DEFAULT 0," \
    "  quiet INTEGER NOT NULL DEFAULT 0" \
    ");" \
    "CREATE TABLE sync_feeds (" \
    "  feed INTEGER PRIMARY KEY REFERENCES feeds(id)," \
    "  remote INTEGER NOT NULL UNIQUE," \
    "  url TEXT NOT NULL," \
    "  category TEXT" \
    ");" \
    "CREATE TABLE sync_marks (" \
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT," \
    "  article INTEGER NOT NULL," \
    "  guid TEXT NOT NULL," \
    "  flag INTEGER NOT NULL," \
    "  value INTEGER NOT NULL," \
    "  UNIQUE (article, flag)" \
    ");" \
    "CREATE TRIGGER sync_queue_read AFTER UPDATE OF read ON articles" \
    "  WHEN NEW.read <> OLD.read AND NEW.purged = 0" \
    "  AND (SELECT quiet FROM sync_state) = 0" \
    "  AND EXISTS (SELECT 1 FROM sync_feeds WHERE feed = NEW.feed)" \
    "  BEGIN INSERT OR REPLACE INTO sync_marks (article, guid, flag, value)" \
    "  VALUES (NEW.id, NEW.guid, 0, NEW.read); END;" \
    "CREATE TRIGGER sync_queue_starred AFTER UPDATE OF starred ON articles" \
    "  WHEN NEW.starred <> OLD.starred AND NEW.purged = 0" \
    "  AND (SELECT quiet FROM sync_state) = 0" \
    "  AND EXISTS (SELECT 1 FROM sync_feeds WHERE feed = NEW.feed)" \
    "  BEGIN INSERT OR REPLACE INTO sync_marks (article, guid, flag, value)" \
    "  VALUES (NEW.id, NEW.guid, 1, NEW.starred); END;"

/* Tie the database to account (the
 * service, server URL and user, as one string): a database synced before
 * with another account forgets that one's last id and queued marks (the
 * first sync with a new account takes the server's state). *first is set
 * when no sync has completed with this account. */
int nr_store_sync_open(struct nr_store *store, const char *account, int *first, struct nr_err *err);

/* The last article id pulled (0: none), and setting it. */
int64_t nr_store_sync_since(struct nr_store *store);
int nr_store_sync_set_since(struct nr_store *store, int64_t since, struct nr_err *err);
/* A sync completed: the account's first is over. */
int nr_store_sync_done(struct nr_store *store, struct nr_err *err);

/* The server's subscription remote (its feed URL url, title, category
 * title or NULL) as the feed at location: made or updated, and its id in
 * *feed_id. */
int nr_store_sync_feed(struct nr_store *store, int64_t remote, const char *location, const char *url,
    const char *title, const char *category, int64_t *feed_id, struct nr_err *err);
/* The feed of the server's subscription remote (0 if none). */
int64_t nr_store_sync_feed_id(struct nr_store *store, int64_t remote);
/* The server's subscription whose feed URL is url (0 if none). */
int64_t nr_store_sync_remote_by_url(struct nr_store *store, const char *url);
/* Forget the subscriptions whose remote ids are not in keep[0..n): their
 * articles stay, as those of a feed no longer configured do. */
int nr_store_sync_keep_feeds(struct nr_store *store, const int64_t *keep, size_t n, struct nr_err *err);
/* The unread articles the database has of the subscription remote. */
long nr_store_sync_unread(struct nr_store *store, int64_t remote);

/* From here to nr_store_sync_quiet(store, 0), in the caller's transaction,
 * state set on the server's articles is the server's and is not queued. */
int nr_store_sync_quiet(struct nr_store *store, int on, struct nr_err *err);
/* Store a pulled article of feed_id (item->id set), then its server state,
 * unless a mark of it is queued (the queued one is newer). */
int nr_store_sync_put(struct nr_store *store, int64_t feed_id, const struct nr_item *item, int unread,
    int starred, int64_t now, enum nr_put_result *result, struct nr_err *err);
/* The server's whole state of one flag: the articles whose ids are in
 * guids[0..n) have it (starred) or lack it (read: guids are the unread),
 * the others of the same scope the opposite. Scope: the articles of
 * feed_id, or of every synced feed when 0. Queued marks win. Returns the
 * number of articles changed, or -1. */
long nr_store_sync_reconcile(struct nr_store *store, enum nr_flag flag, int64_t feed_id, char *const *guids,
    size_t n, struct nr_err *err);

/* A queued mark. */
struct nr_store_mark {
	int64_t seq;            /* its place in the queue */
	char *guid;             /* the article's id (the service's, with its prefix) */
	enum nr_flag flag;
	int value;
};
/* Up to max queued marks of flag with value, oldest first (new strings:
 * nr_store_sync_marks_free). */
int nr_store_sync_marks(struct nr_store *store, enum nr_flag flag, int value, size_t max, struct nr_store_mark **out,
    size_t *n, struct nr_err *err);
void nr_store_sync_marks_free(struct nr_store_mark *v, size_t n);
/* The server has the marks v[0..n): out of the queue, unless a newer mark
 * of the same article and flag replaced them meanwhile. */
int nr_store_sync_marks_sent(struct nr_store *store, const struct nr_store_mark *v, size_t n, struct nr_err *err);
/* How many marks are queued. */
long nr_store_sync_queued(struct nr_store *store);

#endif
