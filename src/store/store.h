/* The database: every article newsreader has seen and the user's state
 * (read, starred), in one SQLite file, written only in transactions. Only
 * this module talks to SQLite. A file that is not a newsreader database,
 * or is from a newer newsreader, or is corrupt, is refused and left as it
 * is. Bodies live apart from the list columns, so that listing never reads
 * them, and are compressed (zstd with a dictionary trained on the
 * library). */
#ifndef NR_STORE_H
#define NR_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/model.h"

struct nr_store;

/* The schema version this build writes (PRAGMA user_version).
 *
 * Changing the schema is adding a migration step: in store.c, append to
 * steps[] one entry { sql, fn, vacuum } that takes a database from the
 * last version to the next (sql: statements run first, or NULL; fn: C code
 * run after them in the same transaction, for what SQL cannot say alone,
 * or NULL; vacuum: 1 if the step rewrote a large table), and raise
 * NR_STORE_SCHEMA by one. Add the statements the new columns need to
 * stmt_sql[] as usual. Each step and the new user_version commit together,
 * one transaction per step: a migration killed half-way leaves the last
 * finished version, whole, and the next open goes on from there. Never
 * edit a released step (databases in the field were made by it); in
 * tests/unit/test_store.c freeze a copy of the schema as released and
 * check its conversion (test_migration_3_4 shows how).
 *
 * The versions: 1 the first schema; 2 retention (tombstones) and pending
 * state; 3 fetch state of feeds on the web; 4 bodies compressed with zstd
 * and a dictionary (body.c); 5 sync with a server aggregator (sync.c); 6
 * every author of an article (articles.authors) and a feed's own
 * (feeds.author); 7 feed files' stamps (a library read again skips the
 * unchanged); 8 an article's site, lead image and reader mode's note
 * (issue 15's full text); 9 articles by author (the filter language's
 * author =); 10 articles_fts, the trigrams of titles and authors a limit
 * is looked up in; 11 query feeds' counts kept by feed across runs
 * (query_counts, feed_counts.stamp); 12 the starred articles' feed and
 * read mark in articles_starred. */
#define NR_STORE_SCHEMA 12

enum nr_store_open {
	NR_STORE_CREATE = 1 << 0,       /* create the file (and its folder) if missing */
	NR_STORE_READONLY = 1 << 1      /* never write: a missing file is an error */
};

/* Open (and create, or migrate forward a step at a time) the database at
 * path. NULL with err if it cannot be used: err->msg says why in words
 * ("not a newsreader database", "written by a newer newsreader (schema 7;
 * this one reads up to 3)", "corrupt: ...", "busy: another newsreader is
 * writing it"); the file is not touched then. */
struct nr_store *nr_store_open(const char *path, int flags, struct nr_err *err);
void nr_store_close(struct nr_store *store);

/* How long (milliseconds) to wait for another writer before failing with
 * "busy"; 5000 unless set. */
void nr_store_set_busy_timeout(struct nr_store *store, int ms);

/* Transactions. Loading a source (a file, a folder or a fetched feed) is
 * one transaction: begin, put its feeds and items, commit; on failure
 * rollback, and nothing of it is kept. */
int nr_store_begin(struct nr_store *store, struct nr_err *err);
/* nr_store_begin for a load that may be large (a folder, a library): into
 * a database with no articles yet, the articles' indexes that a load does
 * not read are dropped and built once, sorted, at the commit, instead of
 * being kept up article by article. All in the one transaction: a load
 * rolled back or killed leaves them as they were. */
/* New articles' bodies are compressed on another thread while the load
 * goes on: the store's own, or, helped, the caller's threads, which call
 * nr_store_help when they have time (and this thread, when they fall
 * behind). */
int nr_store_begin_bulk(struct nr_store *store, int helped, struct nr_err *err);
/* Compress one body a load begun helped has queued, if there is one; 1 if
 * it did, else 0. Any thread may call it, at once with the one that uses
 * the store, between nr_store_begin_bulk and the load's commit or
 * rollback: it touches nothing but the queue. */
int nr_store_help(struct nr_store *store);
int nr_store_commit(struct nr_store *store, struct nr_err *err);
void nr_store_rollback(struct nr_store *store);

/* Insert or update the feed whose location is feed->location (title, link,
 * description, kind, author: NULL fields keep what is stored). Returns its id (> 0),
 * or -1 with err. */
int64_t nr_store_put_feed(struct nr_store *store, const struct nr_feed *feed, struct nr_err *err);

enum nr_put_result {
	NR_PUT_NEW,             /* a new article */
	NR_PUT_CHANGED,         /* known, and its title or text changed: marked as updated */
	NR_PUT_SAME,            /* known and unchanged (its fetched time is not even written) */
	NR_PUT_PURGED           /* known and purged by retention: not brought back */
};

/* Insert or update the article (feed_id, item->id): an article seen again
 * is updated in place and keeps its read and starred state. fetched is the
 * time it was read (now). Returns 0 and sets *result, or -1 with err.
 * Outside a transaction it is one by itself; inside one, a failure leaves
 * the transaction for the caller to roll back. */
int nr_store_put_item(struct nr_store *store, int64_t feed_id, const struct nr_item *item, int64_t fetched,
    enum nr_put_result *result, struct nr_err *err);

/* Remember the stamp of the file feed_id was read whole from (NULL:
 * forget it, so that the file is read again next time). */
int nr_store_set_stamp(struct nr_store *store, int64_t feed_id, const struct nr_file_stamp *stamp,
    struct nr_err *err);
/* 1 if the feed at location was last read whole from a file with this
 * stamp (and, if title is not NULL, is stored with that title), 0 if not,
 * -1 with err. */
int nr_store_stamp_same(struct nr_store *store, const char *location, const struct nr_file_stamp *stamp,
    const char *title, struct nr_err *err);

/* Set the HTTP validators of a feed (nr_store_get_fetch reads them).
 * Either may be NULL. */
int nr_store_set_validators(struct nr_store *store, int64_t feed_id, const char *etag,
    const char *last_modified, struct nr_err *err);

/* What the fetches of a feed over the network left (schema 3). */
struct nr_store_fetch {
	int64_t feed_id;        /* 0: the database has no feed with this location */
	char *etag;             /* the validators of the last answer stored, or NULL */
	char *last_modified;
	char *url;              /* where to fetch it from after a permanent redirect, or NULL */
	int64_t fetched;        /* the last successful fetch (stored or not modified), or NR_TIME_UNKNOWN */
	int64_t attempted;      /* the last fetch, failed or not, or NR_TIME_UNKNOWN */
	char *error;            /* the last fetch's failure in words, or NULL if it did not fail */
};

/* The fetch state of the feed whose location is location (new strings:
 * free them with nr_store_fetch_clear). A feed the database does not have
 * gives feed_id 0 and nothing else: that is not an error. */
int nr_store_get_fetch(struct nr_store *store, const char *location, struct nr_store_fetch *out,
    struct nr_err *err);
void nr_store_fetch_clear(struct nr_store_fetch *f);
/* A successful fetch of feed_id at when: the fetch and attempt times set,
 * the failure cleared, and url, if not NULL, remembered as where to fetch
 * it from from now on (a permanent redirect). The validators are set apart
 * (nr_store_set_validators), in the same transaction as the articles. */
int nr_store_set_fetched(struct nr_store *store, int64_t feed_id, int64_t when, const char *url,
    struct nr_err *err);
/* A failed fetch: the attempt time and error, and nothing else, written
 * to the feed whose location is location if the database has it (a feed
 * that never loaded is not created by its failure). */
int nr_store_set_fetch_failed(struct nr_store *store, const char *location, int64_t when, const char *error,
    struct nr_err *err);
/* Forget where the feed at location moved to (a permanent redirect's URL):
 * its next fetch goes to location again. */
int nr_store_forget_fetch_url(struct nr_store *store, const char *location, struct nr_err *err);

/* ---- reading ---- */

enum nr_store_filter {
	NR_FILTER_UNREAD = 1 << 0,
	NR_FILTER_STARRED = 1 << 1,
	NR_FILTER_IGNORED = 1 << 2      /* --dump --ignored: the ignored articles instead (nr_store_list_ignored) */
};

/* One article as listed: the list columns only, never the bodies. The
 * strings belong to the store and are valid during the callback only. */
struct nr_store_row {
	int64_t rowid;          /* the database's number for it */
	int64_t feed_id;
	const char *feed_title;
	const char *feed_location;
	const char *feed_link;
	enum nr_kind feed_kind;
	const char *feed_author;        /* the feed's own author (nr_feed's author), or NULL */
	/* No summary/content; categories, enclosures and authors (when
	 * there are two or more) filled. */
	struct nr_item item;
	int read;
	int starred;
	int changed;            /* updated since the user read it */
	int64_t fetched;
};

/* Call fn for every article (not purged) matching filters (NR_FILTER_*,
 * all of them must hold), newest first (unknown dates last, then by
 * rowid). feed_id 0 means every feed. fn returns 0 to go on, -1 to stop. */
int nr_store_list(struct nr_store *store, unsigned filters, int64_t feed_id,
    int (*fn)(void *ud, const struct nr_store_row *row), void *ud, struct nr_err *err);

/* The body of one article: item->summary, item->content and their types
 * are set (new strings). */
int nr_store_get_body(struct nr_store *store, int64_t rowid, struct nr_item *item, struct nr_err *err);

/* Reader mode's article for a feed's article rowid (its link's page,
 * extracted) stored as its content, with reader mode's note (or NULL);
 * the feed's own body stays, as the summary if the feed gave none. */
int nr_store_put_full_text(struct nr_store *store, int64_t rowid, const char *content, enum nr_body_type type,
    const char *note, struct nr_err *err);
/* The articles of feed_id stored or changed at since or later (the ones
 * a fetch at since brought), with a link, at most max, oldest first: fn is
 * called with each (returning -1 stops). */
int nr_store_fetched_since(struct nr_store *store, int64_t feed_id, int64_t since, size_t max,
    int (*fn)(void *ud, int64_t rowid, const char *link, const char *title), void *ud, struct nr_err *err);

/* ---- views: the list as a window on the database ----
 *
 * A view is the articles a list shows, in its order, chosen in SQL with
 * the indexes of schema 4 (one feed's, the unread, the starred, all,
 * newest first) so that the caller holds only their row ids (8 bytes an
 * article) and reads the columns of the rows it shows, a screen at a time
 * (nr_store_rows). The view's parameters are turned into SQL here:
 *
 *   SELECT a.id FROM articles a [JOIN feeds f ON f.id = a.feed: for where, order_by]
 *   WHERE a.purged = 0 [AND a.read = 0] [AND a.starred <> 0] [AND a.feed = ?]
 *     [AND (nr_match(match, a.title) OR nr_match(match, a.author) OR a.feed IN (...))]
 *     [AND (where)]
 *   ORDER BY (order_by, or order's terms), a.published DESC, a.id DESC
 *
 * A match over every feed first asks articles_fts (the trigrams of the
 * titles and authors) for its candidates: store.c says how.
 *
 * where and order_by are SQL text written by the program (never by the
 * user: a filter language compiles into it, with its values as literals
 * quoted by nr_store_quote), over a (articles: guid, title, link, author,
 * published, updated, fetched, categories, read, starred, changed, ...)
 * and f (feeds: location, title, link, kind). The last terms make the
 * order total, as app/sort.h wants. */

enum nr_store_order {
	NR_ORDER_NEWEST,        /* by date, newest first, unknown dates last */
	NR_ORDER_OLDEST,        /* by date, oldest first, unknown dates last */
	NR_ORDER_TITLE,         /* by title in the user's locale (nr_utf8_collate) */
	NR_ORDER_FEEDS          /* by feed, in the order of feed_rank */
};

struct nr_store_view {
	unsigned filters;               /* NR_FILTER_*: all of them must hold */
	int64_t feed_id;                /* one feed's articles; 0: every feed's */
	/* A limit: the title or the author contains match (without regard
	 * to case by Unicode's folding, util/fold.h, with the NR_FOLD_*
	 * flags match_fold, as nr_view's search) or the feed is one of
	 * match_feeds (the caller matched their titles as it shows them).
	 * NULL: no limit. */
	const char *match;
	int match_fold;
	const int64_t *match_feeds;
	size_t nmatch_feeds;
	enum nr_store_order order;
	const int64_t *feed_rank;       /* NR_ORDER_FEEDS: feed ids, first first */
	size_t nfeed_rank;
	const char *where;              /* more conditions (SQL), or NULL */
	/* The same conditions written for a read in no index's order, whole
	 * and sorted after (nr_store_filter_sql_as), which another index
	 * may serve better than the list's order's; NULL: where. */
	const char *where_sorted;
	/* Only the articles the session's scope lists (nonzero); with
	 * NR_STORE_SCOPED_LATER, for a caller that calls
	 * nr_store_scope_idle between reads: a read need not wait for the
	 * ids of the articles it hides to be listed. */
	int scoped;
	const char *order_by;           /* ORDER BY terms before the ties (SQL), or NULL: order's */
	int64_t max_rowid;              /* only articles up to this row id; 0: any */
	size_t offset;                  /* leave out the first offset articles */
	size_t limit;                   /* at most this many; 0: all */
};

/* The row ids of the articles of view q, in its order (a new array, *n
 * long), or NULL with err. unread, if not NULL, is set to how many of them
 * are unread (this reads the articles' rows: ask for it when q reads them
 * anyway, with a match or a where). */
int64_t *nr_store_view_ids(struct nr_store *store, const struct nr_store_view *q, size_t *n, long *unread,
    struct nr_err *err);
/* How many articles view q has, or -1 with err. */
long nr_store_view_count(struct nr_store *store, const struct nr_store_view *q, struct nr_err *err);
/* Mark read every article of view q, and clear their changed mark, in one
 * transaction. Returns how many were unread, or -1 with err; per_feed, if
 * not NULL, is told how many of each feed were (before they are marked). */
long nr_store_view_mark_read(struct nr_store *store, const struct nr_store_view *q,
    void (*per_feed)(void *ud, int64_t feed_id, long n), void *ud, struct nr_err *err);
/* Call fn for the rows ids[0..n), in that order (as nr_store_list; a row
 * purged since is given with its title NULL). */
int nr_store_rows(struct nr_store *store, const int64_t *ids, size_t n,
    int (*fn)(void *ud, const struct nr_store_row *row), void *ud, struct nr_err *err);
/* The highest row id of the articles (0 if none), or -1 with err: views
 * read later can leave out what came after (max_rowid). */
int64_t nr_store_max_rowid(struct nr_store *store, struct nr_err *err);
/* s as an SQL string literal, for where clauses (a new string). */
char *nr_store_quote(const char *s);

/* ---- views read a part at a time (store/window.c) ----
 *
 * A cursor reads view q's ids in its order a slice at a time, each slice
 * within a time budget, so that the interface shows the first screen of a
 * filtered list at once and reads the rest between keys (or when the
 * user goes past what was read). Rows that come into the database after
 * the cursor is made may or may not be given: set q's max_rowid. */
struct nr_store_cursor;

/* A cursor over q (copied: q's strings and arrays may go). */
struct nr_store_cursor *nr_store_cursor_new(struct nr_store *store, const struct nr_store_view *q);
/* The next ids, at most max, into out; unread (if not NULL) grows by how
 * many of them are unread. Stops when budget_ms milliseconds have passed
 * (0: no limit), having given fewer, perhaps none. Returns how many, or -1
 * with err. */
long nr_store_cursor_read(struct nr_store_cursor *c, int64_t *out, size_t max, long *unread, long budget_ms,
    struct nr_err *err);
/* What the caller knows of the view's length: total articles (counted
 * quickly), or -1 (not known: counting would take long). A filtered view
 * known to be short is read whole and sorted at the first read, through
 * the index its condition picks; others a slice at a time in the list's
 * order. */
void nr_store_cursor_expect(struct nr_store_cursor *c, long total);
/* Whether every id has been given. */
int nr_store_cursor_done(const struct nr_store_cursor *c);
/* Whether the cursor holds every id already (a view read whole at its
 * first read): the rest costs no reading of the database. */
int nr_store_cursor_whole(const struct nr_store_cursor *c);
/* The reads that follow are to reach article id (in the list, as
 * nr_store_view_has says), each with no budget: the ids up to it may be
 * read at once, through another index than the list's (the scope tested
 * by feed: 1,000,000 articles, half hidden, the 33,000th listed 230 ->
 * ms). */
void nr_store_cursor_until(struct nr_store_cursor *c, int64_t id);
void nr_store_cursor_free(struct nr_store_cursor *c);
/* How many articles view q has, and how many are unread, if counting
 * takes at most budget_ms milliseconds (0: no limit): 1 when counted, 0
 * when it would take longer, -1 with err. */
int nr_store_view_count_budget(struct nr_store *store, const struct nr_store_view *q, long budget_ms, long *total,
    long *unread, struct nr_err *err);
/* A budget for the counts "from" below: count nothing now, only start
 * the count on the second connection (where there is one), which goes on
 * while the caller does other things (reads and draws its first screen);
 * the next calls add what it counted. */
#define NR_STORE_COUNT_START (-1L)

/* Add to *total and *unread view q's articles among those with row ids in
 * (*from, upto], read in the table's order a slice at a time for at most
 * budget_ms milliseconds (0: no limit; NR_STORE_COUNT_START); *from moves
 * on past what was counted. 1 when *from reached upto, 0 when the time
 * ran out first, -1 with err. The count of a list whose condition no
 * index serves, taken between keys. */
int nr_store_view_count_from(struct nr_store *store, const struct nr_store_view *q, int64_t *from, int64_t upto,
    long budget_ms, long *total, long *unread, struct nr_err *err);
/* Whether view q has the article rowid: 1, 0, or -1 with err. */
int nr_store_view_has(struct nr_store *store, const struct nr_store_view *q, int64_t rowid, struct nr_err *err);

struct nr_store_feed_info {
	int64_t id;
	const char *location;
	const char *title;
	const char *link;
	enum nr_kind kind;
	long articles;
	long unread;
	const char *fetch_error;        /* its last fetch's failure, or NULL */
};

/* Call fn for every feed, by title. */
int nr_store_feeds(struct nr_store *store, int (*fn)(void *ud, const struct nr_store_feed_info *feed),
    void *ud, struct nr_err *err);

/* ---- state ---- */

enum nr_flag {
	NR_FLAG_READ,
	NR_FLAG_STARRED
};

/* Set (value 1) or clear (0) flag on the articles whose id (the feed's
 * guid, as --dump prints it) is id, in every feed. Returns the number of
 * articles changed or matched (0 if none has that id), or -1 with err. One
 * transaction. */
long nr_store_set_flag_by_id(struct nr_store *store, const char *id, enum nr_flag flag, int value,
    struct nr_err *err);
/* The same by rowid. */
int nr_store_set_flag(struct nr_store *store, int64_t rowid, enum nr_flag flag, int value, struct nr_err *err);
/* Mark every article read (of one feed, or all when feed_id is 0). Returns
 * how many were unread, or -1. */
long nr_store_mark_all_read(struct nr_store *store, int64_t feed_id, struct nr_err *err);

/* Write the state of every read or starred article to path as text (one
 * article a line: flags, id, link, feed location), as nr_file_create
 * writes: a regular file through a temporary file renamed over it, a
 * symlink followed, a FIFO or device written straight into. Returns the
 * number of articles written, or -1. */
long nr_store_export_state(struct nr_store *store, const char *path, struct nr_err *err);
/* Read such a file: each line's state is applied to the articles with the
 * same id or, failing that, the same link; state for articles not yet in
 * the database is kept and applied when they arrive. A malformed line is an
 * error naming its line, and nothing is imported. Returns the number of
 * lines applied to articles now present, or -1. Only a regular file of at
 * most 1 GB is read (a FIFO or a device is refused). */
long nr_store_import_state(struct nr_store *store, const char *path, struct nr_err *err);
/* The same from the open stream fp, named name in messages. */
long nr_store_import_state_fp(struct nr_store *store, FILE *fp, const char *name, struct nr_err *err);

/* ---- retention ---- */

/* Purge articles that are not starred: those older than keep_days (by
 * their date, else by when they were fetched; 0: keep all) and, in each
 * feed, all but the newest max_articles (0: no limit; max_for_feed, if not
 * NULL, may give a feed its own limit, returning -1 to use max_articles).
 * Purged articles leave a small tombstone so that a feed that still carries
 * them does not bring them back. Then VACUUM. Returns the number purged. */
long nr_store_cleanup(struct nr_store *store, int keep_days, long max_articles,
    long (*max_for_feed)(void *ud, const char *location), void *ud, int64_t now, struct nr_err *err);
/* What nr_store_cleanup_report did. */
struct nr_store_cleanup {
	long by_age;            /* articles purged as older than keep_days */
	long by_count;          /* articles purged beyond max_articles */
	int64_t bytes_before;   /* the database's size (its pages) before */
	int64_t bytes_after;    /* and after the purge and VACUUM */
};
/* nr_store_cleanup, telling what it did in *report. */
long nr_store_cleanup_report(struct nr_store *store, int keep_days, long max_articles,
    long (*max_for_feed)(void *ud, const char *location), void *ud, int64_t now, struct nr_store_cleanup *report,
    struct nr_err *err);
/* The same for one feed as it is stored (in the caller's transaction, if
 * one is open): all but its newest max_articles that are not starred
 * become tombstones (0: no limit), and of its tombstones only the newest
 * max_articles are kept. No VACUUM. Returns the number purged, or -1. */
long nr_store_prune_feed(struct nr_store *store, int64_t feed_id, long max_articles, struct nr_err *err);

/* ---- filters (store/query.c) ----
 *
 * The filter language (filter/filter.h) evaluated where the articles are:
 * an expression becomes a WHERE fragment over the list's tables (articles
 * a, feeds f) with its parameters, which a query binds after its own. The
 * connection has REGEXP (the language's =~) and two tables of its own,
 * kept for the session only: the tags of each source (set from the
 * configuration) and the sources in scope (those of the configuration
 * and the command line; articles of others are not listed unless
 * starred). */

struct nr_filter;

struct nr_store_param {
	int is_text;
	int64_t num;
	char *text;
};

struct nr_store_where {
	struct nr_buf sql;              /* a boolean SQL expression, "" if none */
	struct nr_store_param *params;  /* bound to its ?s in order */
	size_t nparams;
	int inline_values;              /* the values written in the SQL, no parameters */
	int sorted;                     /* for a read in no index's order (nr_store_view.where_sorted) */
};

/* Append f's condition at time now (age) to w, as "(...)"; "AND" it to
 * what w holds already. */
void nr_store_where_filter(struct nr_store_where *w, const struct nr_filter *f, int64_t now);
void nr_store_where_free(struct nr_store_where *w);
/* f's condition at time now as SQL with its values written in (for
 * nr_store_view's where): a new string. */
char *nr_store_filter_sql(const struct nr_filter *f, int64_t now);
/* The same, with sorted nonzero as nr_store_view's where_sorted. */
char *nr_store_filter_sql_as(const struct nr_filter *f, int64_t now, int sorted);
/* Whether the session's scope leaves a source of the database out (its
 * articles then listed only when starred): the lists and counts of
 * views with scoped set, and of filters, apply it. */
int nr_store_scope_active(struct nr_store *store);
/* Work for the scope's lists to do while nothing waits: list the ids of
 * the articles it hides, which a list read under a budget left for later
 * when they are many (with work nonzero; else only say whether there is
 * any). 1 if there was. */
int nr_store_scope_idle(struct nr_store *store, int work);
#define NR_STORE_SCOPED_LATER 2

/* The tags of the source at location (replacing those set before), for
 * the language's tags. */
int nr_store_set_tags(struct nr_store *store, const char *location, const char *const *tags, size_t ntags,
    struct nr_err *err);
/* The sources in scope: once one is added, only their articles (and
 * starred ones of any source) are listed and counted, and nr_store_feeds
 * gives only them (and sources with starred articles). location is a
 * feed's location; with subtree, also every location under it (a
 * folder's files). Until the first is added (and after a clear) every
 * source is in scope. */
int nr_store_scope_add(struct nr_store *store, const char *location, int subtree, struct nr_err *err);
int nr_store_scope_clear(struct nr_store *store, struct nr_err *err);
/* Take location out of the scope (unsubscribed). */
int nr_store_scope_remove(struct nr_store *store, const char *location, struct nr_err *err);

/* The rowids of the listed articles (not purged, in scope; of feed_id if
 * not 0) that match f at time now, in no particular order: a new array in
 * *out (free it). Returns how many, or -1 with err. */
long nr_store_filter_rowids(struct nr_store *store, const struct nr_filter *f, int64_t feed_id, int64_t now,
    int64_t **out, struct nr_err *err);
/* How many articles are listed (those of the sources in scope, and the
 * starred ones of the others), and how many of them are unread; with
 * unread_only, of the unread ones alone. From the sources' counts: a row
 * per source. 1 when counted, -1 with err. */
int nr_store_listed_count(struct nr_store *store, int unread_only, long *total, long *unread, struct nr_err *err);
/* How many listed articles match f, and how many of them are unread. An
 * expression of feed sets (source =, tags =) and unread tests only is
 * counted from the sources' counts. */
int nr_store_filter_count(struct nr_store *store, const struct nr_filter *f, int64_t now, long *total,
    long *unread, struct nr_err *err);
/* The same if it takes at most budget_ms milliseconds (0: no limit): 1
 * when counted, 0 when it would take longer, -1 with err. */
int nr_store_filter_count_budget(struct nr_store *store, const struct nr_filter *f, int64_t now, long budget_ms,
    long *total, long *unread, struct nr_err *err);
/* Add to *total and *unread the listed articles matching f among those
 * with row ids in (*from, upto], read in the table's order a slice at a
 * time for at most budget_ms milliseconds (0: no limit;
 * NR_STORE_COUNT_START); *from moves on past what was counted. 1 when *from reached upto, 0 when the time ran
 * out first, -1 with err. For a count that cannot be fast (a regular
 * expression over every title), taken a slice at a time, and for the
 * articles that came since a count. */
int nr_store_filter_count_from(struct nr_store *store, const struct nr_filter *f, int64_t now, int64_t *from,
    int64_t upto, long budget_ms, long *total, long *unread, struct nr_err *err);
/* f's count from the counts kept in the file by feed (query_counts,
 * schema 11), the feeds changed since they were kept counted again
 * through each one's index, for at most budget_ms milliseconds (0: no
 * limit); what was counted again is kept. 1 when counted (*upto: the last
 * article's rowid the count saw), 0 when the time ran out (call again: it
 * goes on), 2 when nothing is kept for f (never counted whole by a tally,
 * or f changes with the time: age), -1 with err. */
int nr_store_filter_count_kept(struct nr_store *store, const struct nr_filter *f, int64_t now, long budget_ms,
    long *total, long *unread, int64_t *upto, struct nr_err *err);
/* A first count of f to be kept: nr_store_filter_count_from's slices
 * grouped by feed, up to nr_store_tally_upto (the last rowid when it was
 * made), kept once whole. NULL if f is not kept (age) or the store could
 * not be read. f must outlive it. */
struct nr_store_tally;
struct nr_store_tally *nr_store_tally_new(struct nr_store *store, const struct nr_filter *f, int64_t now);
int64_t nr_store_tally_upto(const struct nr_store_tally *t);
/* As nr_store_filter_count_from up to nr_store_tally_upto(t); 1 when
 * done, and then the counts are kept. */
int nr_store_tally_from(struct nr_store *store, struct nr_store_tally *t, int64_t *from, long budget_ms,
    long *total, long *unread, struct nr_err *err);
void nr_store_tally_free(struct nr_store_tally *t);
/* Whether f's count at time now through the store's indexes is quick
 * (a few milliseconds): f is only feed sets and unread tests (counted
 * from the sources' counts), or an index narrows it to a few thousand
 * articles (unread, starred, a date, a source, a tag, an author: their
 * numbers read from the sources' counts and the indexes alone), or the
 * library is that small. If not (a regular expression, a text compared,
 * a negation, the 200,000 unread of a million), every article's row is
 * read to count f, which nr_store_tally and nr_store_filter_count_from
 * do quicker than nr_store_filter_count (in the table's order, on two
 * cores where there are). */
int nr_store_filter_quick(struct nr_store *store, const struct nr_filter *f, int64_t now);
/* Whether the listed article rowid matches f: 1, 0, or -1 with err. */
int nr_store_filter_has(struct nr_store *store, const struct nr_filter *f, int64_t now, int64_t rowid,
    struct nr_err *err);

/* Ignored articles (ignore rules): stored as known, so that the feed
 * sending them again does not bring them back, and never listed. Insert
 * or update the article as nr_store_put_item does, but ignored: a new one
 * is kept without its body, a known one that is not starred becomes
 * ignored (*result NR_PUT_NEW for both, NR_PUT_PURGED if it was purged or
 * ignored already, NR_PUT_SAME if it is starred: a starred article is
 * never ignored). */
int nr_store_put_ignored(struct nr_store *store, int64_t feed_id, const struct nr_item *item, int64_t fetched,
    enum nr_put_result *result, struct nr_err *err);
/* Call fn for every ignored article, newest first (as nr_store_list). */
int nr_store_list_ignored(struct nr_store *store, int (*fn)(void *ud, const struct nr_store_row *row), void *ud,
    struct nr_err *err);

/* Delete one article for good: it becomes a tombstone, so that its feed
 * sending it again does not bring it back, even if it was starred. */
int nr_store_delete_article(struct nr_store *store, int64_t rowid, struct nr_err *err);
/* Forget the source at location (unsubscribed): its articles leave the
 * database except the starred ones, which stay under its title; the feed
 * itself goes when none is left. Returns the number of articles removed,
 * or -1. One transaction. */
long nr_store_forget_feed(struct nr_store *store, const char *location, struct nr_err *err);

#endif
