/* Inside store/ only: the database handle, the statements it prepares once
 * and keeps, and the helpers store.c (schema, feeds, articles, flags,
 * retention) and state.c (the state file) share. Nothing outside store/
 * includes this: there a store is an opaque pointer. */
#ifndef NR_STORE_INT_H
#define NR_STORE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sqlite3.h>
#include <zstd.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"
#include "core/model.h"

/* The statements; their SQL is stmt_sql[] in store.c. */
enum stmt_id {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_FEED_FIND,
	ST_FEED_INSERT,
	ST_FEED_UPDATE,
	ST_ITEM_FIND,
	ST_ITEM_INSERT,
	ST_ITEM_UPDATE,
	ST_ITEM_UPDATE_META,
	ST_BODY_INSERT,
	ST_BODY_PUT,
	ST_PENDING_ANY,
	ST_PENDING_BY_ID,
	ST_PENDING_BY_LINK,
	ST_PENDING_DELETE,
	ST_PENDING_PUT,
	ST_BODY_GET,
	ST_FEEDS,
	ST_VALIDATORS_SET,
	ST_READ_BY_ID,
	ST_STARRED_BY_ID,
	ST_STATE_BY_ID,
	ST_COUNT_BY_LINK,
	ST_STATE_BY_LINK,
	ST_READ_BY_ROWID,
	ST_STARRED_BY_ROWID,
	ST_ALL_READ,
	ST_ALL_UNCHANGED,
	ST_EXPORT,
	ST_PURGE_OLD,
	ST_PURGE_BEYOND,
	ST_PURGE_BODIES,
	ST_FEED_LOCATIONS,
	ST_FETCH_GET,
	ST_FETCH_OK,
	ST_FETCH_FAILED,
	ST_FETCH_FORGET,
	ST_STAMP_SET,
	ST_STAMP_SAME,
	ST_LIST_IGNORED,
	ST_DICT_GET,
	ST_DICT_NEWEST,
	ST_DICT_PUT,
	ST_DICT_SAMPLES,
	ST_ROW,
	ST_NOTE_SET,
	ST_FTS_INSERT,
	ST_DATA_VERSION,
	ST_COUNT
};

/* The session's scope (query.c) as the statements apply it: which feeds
 * it leaves out, written in as numbers, not matched by location against
 * temp.nr_scope for every article; and, for the list, the articles it
 * hides as ids in temp.nr_hidden, which any list index holds. */
struct store_scope {
	int made;               /* the rest is for these three */
	unsigned gen;           /* the session_gen */
	sqlite3_int64 changes;  /* sqlite3_total_changes64 */
	int64_t version;        /* PRAGMA data_version: other connections' commits */
	/* A condition over an article's row (its feed, its starred mark):
	 * "(a.feed NOT IN (...) OR a.starred <> 0)"; NULL when the scope
	 * leaves no feed out. */
	char *rows_sql;
	/* The feeds left out, ascending, with their feed_counts stamps,
	 * which change with every change of their articles. */
	int64_t *out, *stamps;
	size_t nout;
	int64_t out_total;      /* their articles (feed_counts) */
	int64_t *in;            /* the feeds in scope, ascending */
	size_t nin;
	int64_t in_total;
	unsigned serial;        /* counts the makings */
	/* temp.nr_hidden: 1 if it holds the hidden articles (not starred,
	 * of the feeds out) of hidden_out/hidden_stamps; -1 if they were
	 * too many; 0 if not made. */
	int hidden;
	int64_t *hidden_out, *hidden_stamps;
	size_t nhidden_out;
	/* temp.nr_shown: 1 if it holds the articles listed as the making
	 * shown_serial found them, -1 if they were too many. */
	int shown;
	long nshown;            /* the ids it holds */
	unsigned shown_serial;
#define SHOWN_KEY 6
	int64_t shown_key[SHOWN_KEY];   /* what they were made from (query.c's shown_key) */
	/* Tests: the most hidden or shown ids listed, the articles out of
	 * scope above which their starred are found through their index,
	 * and above which a read for the interface does not wait for the
	 * hidden ids (0: 100,000, 20,000 and 10,000; store_scope_test). */
	long test_max, test_wide, test_defer;
	/* Tests: the least ids a read with no budget asks for to be read
	 * from the feeds' index (0: window.c's FEEDS_MIN). */
	long test_feeds_min;
	/* Tests: the most listed ids a limit's sorted read goes over (0:
	 * window.c's SORTED_SHOWN_WHERE). */
	long test_shown_where;
};

struct nr_store {
	sqlite3 *db;
	sqlite3_stmt *stmts[ST_COUNT];
	struct nr_buf categories;       /* put_item's serialized lists, reused */
	struct nr_buf enclosures;
	struct nr_buf authors;
	/* Whether the pending table may have rows, known (pending_known)
	 * for the rest of the caller's transaction: under its write lock no
	 * one else can add any. Saves a look-up per article in a load. */
	int pending_known;
	int pending_any;
	/* query.c: whether a scope is set, and the parameters of the
	 * filtered statement being run. */
	int scoped;
	struct nr_store_where where;
	/* query.c: the scope as lists and counts apply it (scope_refresh),
	 * made again when the session's tables or the file changed. */
	struct store_scope scope;
	/* Bodies (body.c): the compressor and decompressor, kept; the
	 * dictionary new bodies are packed with, and those read so far. */
	ZSTD_CCtx *cctx;
	ZSTD_DCtx *dctx;
	ZSTD_CDict *cdict;
	struct {
		unsigned id;
		ZSTD_DDict *dd;
	} *ddicts;
	size_t nddicts;
	int dict_state;
	long packed_since;      /* bodies packed since the dictionary was looked for */
	/* The newest bodies queued since then, as packed text, for the
	 * training (body.c: train_samples); stale once a body was packed
	 * otherwise. */
	struct store_sample *samples;
	size_t nsamples;
	int samples_stale;
	/* Tests: trainings on the samples kept, and none (read them). */
	long samples_used;
	int samples_off;
	int migrating;          /* packing a migration's rows: train no dictionary */
	struct nr_buf packed, unpacked;
	/* A load's bodies being packed by a second thread (NULL: packed in
	 * line); for tests, store_body_test's settings for the next one. */
	struct store_pipe *pipe;
	long pipe_fail_at;
	int pipe_hold;
	size_t pipe_peak;       /* the most text queued at once since store_body_test */
	/* What a bulk load dropped: the CREATE statements of its indexes and
	 * triggers, and what does the triggers' work, run at the commit
	 * (NULL: none). */
	char **bulk_sql;
	size_t nbulk_sql;
	/* A bulk load without articles_fts's insert trigger: insert_item
	 * gives the index each new article's trigrams (ST_FTS_INSERT). */
	int bulk_fts;
	/* A load into an empty database written with the rollback journal
	 * (nr_store_begin_bulk): WAL again after its commit or rollback. */
	int bulk_journal;
	/* Such a load's pages are written to the file as it goes (its cache
	 * is small) and their writing-out to the disk is started every
	 * WRITEBACK_EVERY articles through this descriptor of the file (-1:
	 * none; store.c keeps it open until the process ends), so that the
	 * commit's sync has little left to wait for. */
	int writeback_fd;
	long writeback_puts;
	/* window.c: the deadline of the running statement (monotonic ns;
	 * 0: none) and whether it was reached. */
	int64_t budget_end;
	int budget_spent;
	/* The busy timeout set (nr_store_set_busy_timeout), for query.c's
	 * kept counts, written without waiting. */
	int busy_ms;
	/* store/sync.c's statements, prepared on first use. */
	sqlite3_stmt *sync_stmts[16];
	/* pair.c: the second connection (NULL: none yet), or none to be
	 * had (pair_off); the file it must open (stat at nr_store_open);
	 * session_gen changes with every change of the TEMP tables, which
	 * the second connection mirrors. */
	struct store_pair *pair;
	int pair_off;
	int file_known;
	dev_t file_dev;
	ino_t file_ino;
	unsigned session_gen;
	/* window.c: for tests, counts in chunks of count_chunk rowids (0: as
	 * timed), at most count_chunks of them a call (0: no limit), without
	 * waiting for the second thread (count_nowait). */
	long count_chunk, count_chunks;
	int count_nowait;
	/* window.c: the count going on on the second connection (NULL:
	 * none); the changes this connection made to the kept counts
	 * (query.c), which change no article's count. */
	struct count_job *count_job;
	sqlite3_int64 changes_kept;
	/* query.c: the last tally's serial (its count's owner). */
	uint64_t count_owners;
};

/* How a function that changes several rows made itself one transaction:
 * its own, a savepoint inside the caller's, or (put_item and put_feed,
 * called thousands of times inside a caller's transaction) nothing. */
enum tx {
	TX_NONE,
	TX_OWN,
	TX_SAVEPOINT
};

/* Fill err from SQLite's last error (rc, as a statement returned it) in
 * words a user can act on. Returns -1. */
int store_fail(struct nr_store *store, int rc, struct nr_err *err);
/* The cached statement id, prepared on first use, or NULL with err. */
sqlite3_stmt *store_stmt(struct nr_store *store, enum stmt_id id, struct nr_err *err);
/* Run st (bound already) to its end and reset it; 0 or -1 with err. */
int store_step_done(struct nr_store *store, sqlite3_stmt *st, struct nr_err *err);
/* Run an UPDATE bound already; the number of rows it matched, or -1. */
long store_update_count(struct nr_store *store, sqlite3_stmt *st, struct nr_err *err);
/* Make what follows one transaction: the store's own when the caller has
 * none, else a savepoint (savepoint nonzero) or nothing. */
int store_tx_open(struct nr_store *store, int savepoint, enum tx *tx, struct nr_err *err);
/* Commit (ok) or undo what was done since store_tx_open. Returns 0 if it
 * committed, else -1 (err is filled when the commit itself failed). */
int store_tx_close(struct nr_store *store, enum tx tx, int ok, struct nr_err *err);

/* The session's scope as a condition over an article "a" (its feed and
 * starred mark), with the numbers of the feeds it leaves out written in
 * (a new string; NULL when it leaves none out); and as the list reads it:
 * over the article's id alone, which every list index holds
 * (temp.nr_hidden), when the articles it hides are few enough to be
 * listed there (not in a transaction: the table is written then), else
 * the articles it lists by id when those may be the fewer (temp.nr_shown),
 * else the row's condition (a string of the store's, valid until the
 * next call; NULL: none left out). narrow: set when it may leave few, so
 * that the list is better read whole and sorted. */
char *store_scope_rows(struct nr_store *store);
void store_scope_free(struct nr_store *store);
#define STORE_SHOWN_SQL "a.id IN temp.nr_shown"
/* Whether the feeds the scope leaves out hold many articles (more than
 * 20,000): their starred found through articles_starred, not by feed. */
int store_scope_wide(struct nr_store *store);
void store_scope_test(struct nr_store *store, long max, long wide, long defer);
const char *store_scope_list(struct nr_store *store, int *narrow, int later);
/* The scope's list from the feeds' index when it would test each row
 * (query.c), or NULL. */
char *store_scope_by_feeds(struct nr_store *store, int later, const char *cond);
/* The scope tested by row (or listed by id, with listed) as two parts the
 * feeds' indexes decide: of the feeds in it, and the starred out of it
 * (query.c). */
int store_scope_parts(struct nr_store *store, int later, int listed, int unindexed, char **in, char **out);

/* The ids of the feeds in scope (query.c's nr_scope): a subquery that
 * does not depend on the row, so SQLite runs it once per statement. */
#define STORE_SCOPE_FEEDS \
	"(SELECT f2.id FROM feeds f2 WHERE f2.location IN (SELECT location FROM temp.nr_scope)" \
	" OR EXISTS (SELECT 1 FROM temp.nr_scope s WHERE s.subtree <> 0" \
	" AND substr(f2.location, 1, length(s.location) + 1) = s.location || '/'))"

/* window.c: add to *total and *unread the count of the rows with ids in
 * (*from, upto], a chunk at a time, within budget_ms milliseconds (0:
 * none; NR_STORE_COUNT_START: nothing on this connection, the count only
 * started on the second); *from moves on over the chunks counted whole,
 * in order, on this connection or (from call to call) on the second
 * connection. 1 when *from reached upto, 0 when the time ran out, -1
 * with err. The counts of views and of filters between keys. A call
 * goes on with what the second connection counted since the last one
 * only when it is the same count (the statement prepare gives, upto,
 * *from, owner: a tally's, whose stamps were read before its count
 * began; 0 for the others). prepare gives, on the connection
 * db, the statement of a chunk: its parameters :lo and :hi (the rows
 * lo < id <= hi) left unbound, every other one bound to a copy (it may
 * run on pair.c's thread). Its rows are (total, unread), added up; or,
 * with group (by feed), one an article counted, (feed, unread 0 or 1),
 * and group sees each feed's count in each chunk counted, once it is. */
int store_count_slices(struct nr_store *store, int64_t *from, int64_t upto, long budget_ms, long *total,
    long *unread, sqlite3_stmt *(*prepare)(void *ud, sqlite3 *db, struct nr_err *err),
    void (*group)(void *ud, int64_t feed, long total, long unread), void *ud, uint64_t owner, struct nr_err *err);
/* window.c: end the count going on on the second connection (its
 * statement interrupted; freed when its thread lets go of it), or only
 * if it is owner's. */
void store_count_stop(struct nr_store *store);
void store_count_forget(struct nr_store *store, uint64_t owner);
/* pair.c: the second connection, read-only, on a thread of its own, for
 * counts (NULL: none to be had: one core, NEWSREADER_COUNT_CONNECTIONS=1,
 * no file, the caller's connection inside a transaction, an earlier
 * error, its thread still running). Its TEMP tables mirror the store's.
 * store_pair_run has its thread call fn(arg); from then until fn returns
 * only the thread uses the connection. store_pair_wait waits until fn
 * returned (1) or the moment until_ns of CLOCK_MONOTONIC passed (0; 0
 * ns: no limit). store_pair_fail gives it up for the store's life;
 * store_pair_close ends it (after fn). */
sqlite3 *store_pair_get(struct nr_store *store);
void store_pair_run(struct nr_store *store, void (*fn)(void *arg), void *arg);
int store_pair_wait(struct nr_store *store, int64_t until_ns);
void store_pair_fail(struct nr_store *store);
void store_pair_close(struct nr_store *store);
/* Tests: chunks of chunk rowids, at most chunks of them a call (0: as
 * timed; no limit); nowait: the caller takes what the second thread
 * counted by the time it is done itself, as when the thread is not run
 * in time. */
void store_count_test(struct nr_store *store, long chunk, long chunks, int nowait);
/* Tests: whether the second connection is counting (a count going on
 * with chunks being counted on its thread). */
int store_count_busy(struct nr_store *store);
/* store.c: " AND (...)" for view q's match (its feeds, or nr_match of
 * the parameter ?2, to be bound to q->match, on the title or the author),
 * or nothing without one. */
void store_match_sql(struct nr_buf *b, const struct nr_store_view *q);
/* store.c: prepare head + the FROM and WHERE of view q (join: nonzero
 * with the feeds as f; with STORE_FROM_SHOWN, the articles the scope
 * lists by id, if it does, as the outer loop: for a read in no index's
 * order), AND and_where if not NULL, then q's ORDER BY, LIMIT and
 * OFFSET if ordered, then tail if not NULL; q's parameters bound (?1 the
 * feed, ?2 the match). For window.c, which reads a view a part at a
 * time. */
#define STORE_FROM_SHOWN 2
/* With STORE_SCOPE_SPLIT (head naming its columns id and published),
 * when the scope would test each row and the view is in the list's order
 * (newest first) without limit: the view as the UNION ALL of its articles
 * of the feeds in scope and its starred out of it (store_scope_parts),
 * each part's scope decided on the entries of the index the rest of its
 * WHERE reads, in the list's order, ordered and tail left out; else as
 * without. */
#define STORE_SCOPE_SPLIT 4
/* With STORE_SCOPE_SPLIT, also when the scope lists its articles by id
 * (temp.nr_shown). */
#define STORE_SCOPE_LISTED 8
sqlite3_stmt *store_view_prepare(struct nr_store *store, const char *head, const struct nr_store_view *q, int join,
    const char *and_where, int ordered, const char *tail, struct nr_err *err);
/* Stop what db runs once ms milliseconds have passed (budget, in
 * window.c): SQLITE_INTERRUPT; 0 ms: no limit. store_budget_end clears it. */
void store_budget_start(struct nr_store *store, long ms);
void store_budget_end(struct nr_store *store);
int store_budget_spent(const struct nr_store *store);

/* query.c: REGEXP and the session's tables on a new connection. */
int store_query_init(struct nr_store *store, struct nr_err *err);
/* query.c: on a second connection: REGEXP (SQLITE_OK or SQLite's code),
 * and the session's TEMP tables, empty. */
int store_query_functions(sqlite3 *db);
int store_query_tables(sqlite3 *db);
/* body.c: bodies packed into zstd frames. */

/* Pack summary[0..nsummary) and content[0..ncontent) (either may be NULL)
 * into *out[0..*nout), a buffer of the store's valid until the next pack;
 * *out is NULL when both are NULL. 0 or -1 with err. */
int store_body_pack(struct nr_store *store, const char *summary, size_t nsummary, const char *content,
    size_t ncontent, const void **out, size_t *nout, struct nr_err *err);
/* Set item->summary and item->content (new strings, or NULL) from a packed
 * body; a damaged one is an error ("corrupt: ..."). */
int store_body_unpack(struct nr_store *store, const void *blob, size_t n, struct nr_item *item,
    struct nr_err *err);
/* From now on (until store_body_stop) new articles' bodies are packed by
 * a second thread, or (helped) by the threads that call nr_store_help and
 * by this one when they fall behind; nothing changes if no thread can be
 * started. */
void store_body_pipeline(struct nr_store *store, int helped);
/* Queue the body of the new article rowid (ST_BODY_INSERT) for the
 * second thread: 1 if queued, 0 if the caller is to store it in line
 * (no thread, or no body), -1 with err (an earlier body could not be
 * packed or stored). The queue is stored in order, as it is packed. */
int store_body_queue(struct nr_store *store, int64_t rowid, const struct nr_item *item, struct nr_err *err);
/* Store every queued body; 0 or -1 with err (the rest are dropped: the
 * transaction is to be rolled back). Everything that reads or writes
 * bodies, or a dictionary, must come after it: store_stmt calls it for
 * every statement but a load's own, run_rowid and exec for theirs. */
int store_body_flush(struct nr_store *store, struct nr_err *err);
/* Drop the queued bodies (a rollback). */
void store_body_discard(struct nr_store *store);
/* Drop the queue and end the thread. */
void store_body_stop(struct nr_store *store);
/* Tests, for the next load only: the fail_at-th body queued fails to
 * pack (0: none); hold: the thread packs only when the queue is full or
 * the main thread waits for it, so that bodies stay queued. Also sets
 * pipe_peak, the most bytes of text queued at once, to 0. */
void store_body_test(struct nr_store *store, long fail_at, int hold);
/* Register nr_pack(summary, content) for migrations' SQL. SQLite's code. */
int store_body_register(struct nr_store *store);
/* The migration step that packs schema 3's bodies (store.c's steps[]). */
int store_body_migrate(struct nr_store *store, struct nr_err *err);
/* Forget the dictionaries read (a rollback may have undone the one just
 * trained); they are read again when needed. */
void store_body_forget(struct nr_store *store);
void store_body_free(struct nr_store *store);

/* A text parameter; NULL binds SQL NULL. The text must outlive the step. */
static inline void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL) {
		sqlite3_bind_null(st, i);
	} else {
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	}
}

static inline const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

#endif
