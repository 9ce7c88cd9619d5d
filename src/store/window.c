/*
 * A view read a part at a time (store/store.h, "views ... a part at a
 * time"): the ids of a list that a filter narrows come a screen first and
 * the rest in slices the interface reads between keys, each slice within
 * a time budget, so that no filter over a million articles holds the
 * keyboard; and counts that give up when they would take too long.
 *   https://www.sqlite.org/c3ref/progress_handler.html
 *   https://www.sqlite.org/rowvalue.html#scrolling_window_queries
 *
 * The list's own order (newest first, then by rowid, dates unknown last)
 * is read by keyset: each slice goes on after the last row seen, "(a.published,
 * a.id) < (P, I)", a range on the list's indexes (articles_list,
 * articles_unread, articles_starred, articles_feed all end with
 * published and the rowid), so a slice costs its own rows and not those
 * before it. EXPLAIN QUERY PLAN of a slice of the unread, 1,000,000
 * articles:
 *   SEARCH a USING COVERING INDEX articles_unread (purged=? AND read=? AND published<?)
 * A condition that no index serves (a regular expression, a text
 * compared) makes SQLite read the table's row of every article it
 * passes; a slice that found nothing within its budget goes on in "scan"
 * mode, the condition a column of the result instead of a term of the
 * WHERE, so that every slice moves the position on by what it read, even
 * when nothing matched. Other orders (title, author, source) go by
 * OFFSET: each slice skips what came before, so they cost more the
 * further they go. A limit of plain words (a view's match) is read whole
 * at once, as store.c's view_where has it (the unread count of all of it
 * comes with the first read).
 *
 * A view can also be asked whether it has a given article (by its row
 * id: one look-up), so that the list keeps the article being read
 * without reading its ids to find that it is not there.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "store/store.h"
#include "store/store_int.h"

/* ---- the time budget ---- */

/* SQLite calls the handler every this many steps of its machine: about
 * 20-100 µs, so a budget is overrun by little. */
#define BUDGET_STEPS 2000

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
on_progress(void *ud)
{
	struct nr_store *store = ud;

	if (store->budget_end != 0 && mono_ns() >= store->budget_end) {
		store->budget_spent = 1;
		return 1;
	}
	return 0;
}

void
store_budget_start(struct nr_store *store, long ms)
{
	store->budget_spent = 0;
	if (ms <= 0) {
		store->budget_end = 0;
		sqlite3_progress_handler(store->db, 0, NULL, NULL);
		return;
	}
	store->budget_end = mono_ns() + (int64_t)ms * 1000000;
	sqlite3_progress_handler(store->db, BUDGET_STEPS, on_progress, store);
}

void
store_budget_end(struct nr_store *store)
{
	store->budget_end = 0;
	sqlite3_progress_handler(store->db, 0, NULL, NULL);
}

int
store_budget_spent(const struct nr_store *store)
{
	return store->budget_spent || (store->budget_end != 0 && mono_ns() >= store->budget_end);
}

/* ---- the cursor ---- */

enum cursor_mode {
	CUR_KEYSET,     /* the list's order: after the last row seen */
	CUR_OFFSET,     /* any other: after the first offset rows */
	CUR_ALL         /* a limit of plain words: read whole at the first read, given from all */
};

struct nr_store_cursor {
	struct nr_store *store;
	struct nr_store_view q;         /* its strings and arrays the cursor's own */
	enum cursor_mode mode;
	int scan;               /* keyset: the condition as a column (see above) */
	int phase;              /* keyset: 0 the dated articles, 1 the undated */
	int started;            /* keyset: last_pub and last_id are a row of this phase */
	int64_t last_pub, last_id;
	size_t offset;          /* ids given so far (CUR_OFFSET) */
	long boost;             /* CUR_OFFSET: budget multiplier after slices that gave nothing */
	int64_t *all;           /* CUR_ALL, or a sorted read that fitted: every id, read at once */
	size_t nall;
	int tried_sorted;       /* CUR_KEYSET: the sorted read was tried */
	int want_unread;        /* this read counts the unread */
	int done;
	/* nr_store_cursor_until: the article the reads are to reach, and
	 * the ids up to it read at once (given before the keyset goes on). */
	int until;
	int until_dated;
	int64_t until_pub, until_id;
	int64_t *ahead;
	size_t nahead, ahead_at;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int64_t *
dup_ids(const int64_t *ids, size_t n)
{
	int64_t *out;

	if (n == 0) {
		return NULL;
	}
	out = xreallocarray(NULL, n, sizeof *out);
	memcpy(out, ids, n * sizeof *out);
	return out;
}

struct nr_store_cursor *
nr_store_cursor_new(struct nr_store *store, const struct nr_store_view *q)
{
	struct nr_store_cursor *c = xcalloc(1, sizeof *c);

	c->store = store;
	c->q = *q;
	c->q.where = dup_or_null(q->where);
	c->q.where_sorted = dup_or_null(q->where_sorted);
	c->q.order_by = dup_or_null(q->order_by);
	c->q.match = dup_or_null(q->match);
	c->q.match_feeds = dup_ids(q->match_feeds, q->nmatch_feeds);
	c->q.feed_rank = dup_ids(q->feed_rank, q->nfeed_rank);
	c->q.limit = 0;
	c->q.offset = 0;
	/* A limit of plain words (match) is read as the store plans it
	 * for each slice's LIMIT (store.c's match_way: through articles_fts
	 * or the list's index when that is cheaper than every row), so
	 * it pages like the rest; only a source's view, whose rows are few,
	 * is read whole. */
	c->mode = q->match != NULL && q->feed_id != 0 ? CUR_ALL
	    : q->order == NR_ORDER_NEWEST && q->order_by == NULL ? CUR_KEYSET : CUR_OFFSET;
	c->boost = 1;
	return c;
}

void
nr_store_cursor_free(struct nr_store_cursor *c)
{
	if (c == NULL) {
		return;
	}
	free((char *)c->q.where);
	free((char *)c->q.where_sorted);
	free((char *)c->q.order_by);
	free((char *)c->q.match);
	free((int64_t *)c->q.match_feeds);
	free((int64_t *)c->q.feed_rank);
	free(c->all);
	free(c->ahead);
	free(c);
}

int
nr_store_cursor_done(const struct nr_store_cursor *c)
{
	return c == NULL || c->done;
}

/* The rows after the keyset read's position, as it orders them (the
 * dated newest first, then the undated by id), into b: of its phase, or
 * with rest to the end of the list. */
static void
position_sql(const struct nr_store_cursor *c, struct nr_buf *b, int rest)
{
	if (c->phase == 0) {
		if (c->started) {
			nr_buf_printf(b, "%s(a.published, a.id) < (%" PRId64 ", %" PRId64 ")%s", rest ? "(" : "",
			    c->last_pub, c->last_id, rest ? " OR a.published IS NULL)" : "");
		} else {
			nr_buf_adds(b, rest ? "1" : "a.published IS NOT NULL");
		}
	} else {
		nr_buf_adds(b, "a.published IS NULL");
		if (c->started) {
			nr_buf_printf(b, " AND a.id < %" PRId64, c->last_id);
		}
	}
}

/* One keyset statement: up to max rows after the position. */
static sqlite3_stmt *
keyset_prepare(struct nr_store_cursor *c, size_t max, struct nr_err *err)
{
	struct nr_store_view q = c->q;
	struct nr_buf cond = NR_BUF_INIT, head = NR_BUF_INIT;
	sqlite3_stmt *st;

	position_sql(c, &cond, 0);
	/* The read mark only when asked: for the list's index alone, it
	 * would be a look-up in the table per article. */
	nr_buf_adds(&head, c->want_unread ? "SELECT a.id, a.read = 0, a.published" : "SELECT a.id, 0, a.published");
	if (c->scan && q.where != NULL) {
		nr_buf_printf(&head, ", coalesce((%s), 0)", q.where);
		q.where = NULL;
	} else {
		nr_buf_adds(&head, ", 1");
	}
	q.limit = max;
	st = store_view_prepare(c->store, nr_buf_str(&head), &q, c->scan, nr_buf_str(&cond), 1, NULL, err);
	nr_buf_free(&cond);
	nr_buf_free(&head);
	return st;
}

/* In scan mode a slice reads this many rows of the list at most (the
 * budget stops it sooner). */
#define SCAN_ROWS 65536

static long
keyset_read(struct nr_store_cursor *c, int64_t *out, size_t max, long *unread, struct nr_err *err)
{
	size_t n = 0;

	while (n < max && !c->done) {
		size_t want = c->scan ? SCAN_ROWS : max - n, rows = 0;
		sqlite3_stmt *st = keyset_prepare(c, want, err);
		int rc = SQLITE_DONE;

		if (st == NULL) {
			return -1;
		}
		while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			rows++;
			c->started = 1;
			c->last_id = sqlite3_column_int64(st, 0);
			c->last_pub = sqlite3_column_int64(st, 2);
			if (sqlite3_column_int(st, 3)) {
				out[n++] = c->last_id;
				if (unread != NULL) {
					*unread += sqlite3_column_int(st, 1);
				}
			}
		}
		sqlite3_finalize(st);
		if (n >= max && rc == SQLITE_ROW) {
			break;
		}
		if (rc == SQLITE_INTERRUPT) {
			/* Out of time. A slice that found nothing goes on
			 * scanning, so that the next one starts further. */
			if (rows == 0 && c->q.where != NULL) {
				c->scan = 1;
			}
			break;
		}
		if (rc != SQLITE_DONE) {
			store_fail(c->store, rc, err);
			return -1;
		}
		if (rows < want) {
			/* This phase is over. */
			c->phase++;
			c->started = 0;
			c->done = c->phase > 1;
		}
		if (store_budget_spent(c->store)) {
			break;
		}
	}
	return (long)n;
}

static long
offset_read(struct nr_store_cursor *c, int64_t *out, size_t max, long *unread, struct nr_err *err)
{
	struct nr_store_view q = c->q;
	sqlite3_stmt *st;
	size_t n = 0;
	int rc = SQLITE_DONE;

	q.limit = max;
	q.offset = c->offset;
	st = store_view_prepare(c->store, c->want_unread ? "SELECT a.id, a.read = 0" : "SELECT a.id, 0", &q, 0, NULL,
	    1, NULL, err);
	if (st == NULL) {
		return -1;
	}
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		out[n++] = sqlite3_column_int64(st, 0);
		if (unread != NULL) {
			*unread += sqlite3_column_int(st, 1);
		}
	}
	sqlite3_finalize(st);
	c->offset += n;
	if (rc == SQLITE_INTERRUPT) {
		/* The skipping alone took the budget: a longer one next time. */
		if (n == 0) {
			c->boost *= 2;
		}
		return (long)n;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_fail(c->store, rc, err);
		return -1;
	}
	if (rc == SQLITE_DONE) {
		c->done = 1;
	}
	return (long)n;
}

/* A limit of plain words: its ids read whole at the first read (the
 * articles' rows in the table's order, store.c), then given from there. */
static long
all_read(struct nr_store_cursor *c, int64_t *out, size_t max, long *unread, struct nr_err *err)
{
	size_t n;

	if (c->all == NULL) {
		long u = 0;

		c->all = nr_store_view_ids(c->store, &c->q, &c->nall, unread != NULL ? &u : NULL, err);
		if (c->all == NULL) {
			return -1;
		}
		if (unread != NULL) {
			*unread += u;
		}
	}
	n = c->nall - c->offset < max ? c->nall - c->offset : max;
	memcpy(out, c->all + c->offset, n * sizeof *out);
	c->offset += n;
	c->done = c->offset >= c->nall;
	return (long)n;
}

/* The longest a filtered list's sorted read may take, and the least the
 * keyset read after it is left. */
#define SORTED_MS 20
#define SORTED_SHOWN_MS 100
/* A limit's list (a where) over the scope's listed ids is given
 * SORTED_SHOWN_MS when they are at most this many (each a look-up and the
 * limit's test: 11,000 in 25 ms), else SORTED_MS. */
#define SORTED_SHOWN_WHERE 20000
#define shown_where(store) \
	((store)->scope.test_shown_where > 0 ? (store)->scope.test_shown_where : SORTED_SHOWN_WHERE)
#define KEYSET_MIN_MS 20
/* A list of more than this many is read a slice at a time, not whole. */
#define SORTED_MAX 50000

/* A filtered list in the list's order, read whole and sorted after if
 * that is quick: the sort's "+" lets SQLite choose the index by the WHERE
 * alone, where for the order it would take the list's index and read
 * every article's row to find a source's few (1,000,000 articles,
 * source = "Feed 7": 3.1 s -> 0.4 ms):
 *   SEARCH a USING COVERING INDEX articles_feed (feed=? AND purged=?)
 *   USE TEMP B-TREE FOR ORDER BY
 * 1 if it fitted (c->all holds every id), 0 if not, -1 with err. */
static int
sorted_read(struct nr_store_cursor *c, long budget_ms, long *unread, struct nr_err *err)
{
	struct nr_store_view q;
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	long u = 0;
	int rc;

	c->tried_sorted = 1;
	q = c->q;
	if (q.where_sorted != NULL) {
		q.where = q.where_sorted;
	}
	/* Over the scope's listed ids when they are few enough for a limit
	 * to test each of them in its time, else as the scope's two parts
	 * (1,000,000 articles, 90 of 1,000 sources in scope, 99,000
	 * listed: source = "Feed 7" 95 -> ms). */
	st = store_view_prepare(c->store, "SELECT a.id AS id, a.read = 0 AS unread, +a.published AS published", &q,
	    q.where != NULL && c->store->scope.nshown > shown_where(c->store) ? STORE_SCOPE_SPLIT | STORE_SCOPE_LISTED
	    : STORE_FROM_SHOWN | STORE_SCOPE_SPLIT, NULL, 0, " ORDER BY +a.published DESC, a.id DESC", err);
	if (st == NULL) {
		return -1;
	}
	store_budget_start(c->store, budget_ms);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		ids[n++] = sqlite3_column_int64(st, 0);
		u += sqlite3_column_int(st, 1);
	}
	store_budget_end(c->store);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return rc == SQLITE_INTERRUPT ? 0 : store_fail(c->store, rc, err);
	}
	c->all = ids;
	c->nall = n;
	c->mode = CUR_ALL;
	if (unread != NULL) {
		*unread += u;
	}
	return 1;
}

/* A read of the rest of the list this long at least, with no budget (the
 * view going to its end), is read from the feeds' index when the scope
 * would test each row or lists its articles by id (store_scope_by_feeds):
 * a row tested costs 3 us, the whole of 500,000 listed 0.16 s. */
#define FEEDS_MIN 20000
#define feeds_min(store) ((store)->scope.test_feeds_min > 0 ? (store)->scope.test_feeds_min : FEEDS_MIN)

/* Whether c lists every article of the scope, in the list's order (no
 * condition, filter, source or limit): a list the feeds' index gives. */
static int
scope_whole(const struct nr_store_cursor *c)
{
	return c->mode == CUR_KEYSET && c->q.scoped && c->q.where == NULL && c->q.filters == 0 && c->q.feed_id == 0 &&
	    c->q.match == NULL;
}

/* The ids of an unfiltered list from the feeds in scope and the starred
 * out of it, sorted, from where the keyset read is to the end, or with
 * bound (a condition over a.published and a.id) up to there: 1 if read
 * (*ids, *n; the unread among them added to *unread), 0 if the scope has
 * neither of those forms, -1 with err. */
static int
feeds_ids(struct nr_store_cursor *c, const char *bound, int64_t **ids_out, size_t *n_out, long *unread,
    struct nr_err *err)
{
	struct nr_buf cond = NR_BUF_INIT, sql = NR_BUF_INIT;
	char *from;
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;

	position_sql(c, &cond, 1);
	if (c->q.max_rowid > 0) {
		nr_buf_printf(&cond, " AND a.id <= %" PRId64, c->q.max_rowid);
	}
	if (bound != NULL) {
		nr_buf_printf(&cond, " AND %s", bound);
	}
	from = store_scope_by_feeds(c->store, c->q.scoped == NR_STORE_SCOPED_LATER, nr_buf_str(&cond));
	if (from == NULL) {
		nr_buf_free(&cond);
		return 0;
	}
	nr_buf_printf(&sql, "SELECT id FROM (%s) ORDER BY published DESC, id DESC", from);
	free(from);
	rc = sqlite3_prepare_v2(c->store->db, nr_buf_str(&sql), -1, &st, NULL);
	if (rc == SQLITE_OK) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 4096;
				ids = xreallocarray(ids, cap, sizeof *ids);
			}
			ids[n++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
	}
	if (rc == SQLITE_DONE && unread != NULL) {
		/* The read marks are in neither index: counted apart, from
		 * articles_unread. */
		const char *rows = store_scope_list(c->store, &(int){ 0 }, c->q.scoped == NR_STORE_SCOPED_LATER);

		nr_buf_reset(&sql);
		nr_buf_printf(&sql, "SELECT count(*) FROM articles a WHERE a.purged = 0 AND a.read = 0 AND %s AND %s",
		    rows != NULL ? rows : "1", nr_buf_str(&cond));
		rc = sqlite3_prepare_v2(c->store->db, nr_buf_str(&sql), -1, &st, NULL);
		if (rc == SQLITE_OK) {
			if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				*unread += sqlite3_column_int(st, 0);
				rc = SQLITE_DONE;
			}
			sqlite3_finalize(st);
		}
	}
	nr_buf_free(&cond);
	nr_buf_free(&sql);
	if (rc != SQLITE_DONE) {
		free(ids);
		return store_fail(c->store, rc, err);
	}
	/* NULL is taken for "not read" by the callers. */
	*ids_out = ids != NULL ? ids : xreallocarray(NULL, 1, sizeof *ids);
	*n_out = n;
	return 1;
}

/* The rest of the list from the feeds' index (c->all): 1 if read, 0 if
 * not (feeds_ids), -1 with err. */
static int
feeds_read(struct nr_store_cursor *c, long *unread, struct nr_err *err)
{
	int r = feeds_ids(c, NULL, &c->all, &c->nall, unread, err);

	if (r > 0) {
		c->offset = 0;
		c->mode = CUR_ALL;
	}
	return r;
}

/* The list up to article c->until_id (set by nr_store_cursor_until) from
 * the feeds' index (c->ahead), the keyset read then going on after it: 1
 * if read, 0 if not (feeds_ids), -1 with err. */
static int
until_read(struct nr_store_cursor *c, long *unread, struct nr_err *err)
{
	char bound[96];
	int r;

	if (c->until_dated) {
		snprintf(bound, sizeof bound, "(a.published, a.id) >= (%" PRId64 ", %" PRId64 ")", c->until_pub,
		    c->until_id);
	} else {
		snprintf(bound, sizeof bound, "(a.published IS NOT NULL OR a.id >= %" PRId64 ")", c->until_id);
	}
	r = feeds_ids(c, bound, &c->ahead, &c->nahead, unread, err);
	if (r > 0) {
		c->ahead_at = 0;
		c->phase = c->until_dated ? 0 : 1;
		c->started = 1;
		c->last_pub = c->until_pub;
		c->last_id = c->until_id;
	}
	return r;
}

/* Whether c's scope may leave few articles (it hides more than it lists):
 * as a where, a list better read whole and sorted (2: they are listed by
 * id, and known to be few). */
static int
scope_narrow(struct nr_store_cursor *c)
{
	int narrow = 0;
	const char *scope = c->q.scoped ? store_scope_list(c->store, &narrow, c->q.scoped == NR_STORE_SCOPED_LATER)
	    : NULL;

	return scope == NULL || !narrow ? 0 : strcmp(scope, STORE_SHOWN_SQL) == 0 ? 2 : 1;
}

long
nr_store_cursor_read(struct nr_store_cursor *c, int64_t *out, size_t max, long *unread, long budget_ms,
    struct nr_err *err)
{
	long n;
	int narrow = 0;

	if (c->done || max == 0) {
		return 0;
	}
	c->want_unread = unread != NULL;
	if (c->mode == CUR_KEYSET && !c->tried_sorted && ((narrow = scope_narrow(c)) != 0 || c->q.where != NULL)) {
		/* The articles a scope lists by id are known to be few (at
		 * most 100,000), each a look-up in the table: longer to read
		 * whole (11,000 of 1,000,000: 20-30 ms) than the list's
		 * index scanned for a screen, far shorter than for the last
		 * one (3.5 s). */
		long most = narrow > 1 && (c->q.where == NULL || c->store->scope.nshown <= shown_where(c->store))
		    ? SORTED_SHOWN_MS : SORTED_MS;
		long ms = budget_ms > 0 && budget_ms < most ? budget_ms : most;
		int r = sorted_read(c, ms, unread, err);

		if (r < 0) {
			return -1;
		}
		if (r > 0) {
			/* The unread of every id are counted already. */
			return all_read(c, out, max, NULL, err);
		}
		budget_ms = budget_ms > 0 ? (budget_ms - ms > KEYSET_MIN_MS ? budget_ms - ms : KEYSET_MIN_MS) : 0;
	}
	if (c->ahead != NULL) {
		/* The ids up to the article asked for, read at once. */
		n = c->nahead - c->ahead_at < max ? (long)(c->nahead - c->ahead_at) : (long)max;
		memcpy(out, c->ahead + c->ahead_at, (size_t)n * sizeof *out);
		c->ahead_at += (size_t)n;
		if (c->ahead_at >= c->nahead) {
			free(c->ahead);
			c->ahead = NULL;
		}
		if (n > 0) {
			return n;
		}
	}
	if (c->until && budget_ms == 0 && scope_whole(c)) {
		int r;

		c->until = 0;
		r = until_read(c, unread, err);
		if (r < 0) {
			return -1;
		}
		if (r > 0) {
			return nr_store_cursor_read(c, out, max, NULL, budget_ms, err);
		}
	}
	if (budget_ms == 0 && (long)max >= feeds_min(c->store) && scope_whole(c)) {
		int r = feeds_read(c, unread, err);

		if (r < 0) {
			return -1;
		}
		if (r > 0) {
			return all_read(c, out, max, NULL, err);
		}
	}
	if (c->mode == CUR_ALL) {
		return all_read(c, out, max, unread, err);
	}
	store_budget_start(c->store, budget_ms > 0 ? budget_ms * (c->mode == CUR_OFFSET ? c->boost : 1) : 0);
	n = c->mode == CUR_KEYSET ? keyset_read(c, out, max, unread, err) : offset_read(c, out, max, unread, err);
	store_budget_end(c->store);
	return n;
}

/* ---- counts ---- */

int
nr_store_view_count_budget(struct nr_store *store, const struct nr_store_view *q, long budget_ms, long *total,
    long *unread, struct nr_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = store_view_prepare(store, "SELECT count(*), coalesce(sum(a.read = 0), 0)", q, 0, NULL, 0, NULL, err);
	if (st == NULL) {
		return -1;
	}
	store_budget_start(store, budget_ms);
	rc = sqlite3_step(st);
	store_budget_end(store);
	if (rc == SQLITE_ROW) {
		*total = (long)sqlite3_column_int64(st, 0);
		*unread = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW) {
		return 1;
	}
	if (rc == SQLITE_INTERRUPT) {
		return 0;
	}
	return store_fail(store, rc, err);
}

int
nr_store_view_has(struct nr_store *store, const struct nr_store_view *q, int64_t rowid, struct nr_err *err)
{
	struct nr_store_view one = *q;
	char cond[48];
	sqlite3_stmt *st;
	int rc;

	one.limit = 0;
	one.offset = 0;
	snprintf(cond, sizeof cond, "a.id = %" PRId64, rowid);
	st = store_view_prepare(store, "SELECT 1", &one, 0, cond, 0, NULL, err);
	if (st == NULL) {
		return -1;
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		return rc == SQLITE_ROW;
	}
	return store_fail(store, rc, err);
}

/* ---- counts in chunks, on one connection or two ----
 *
 * A count between keys reads the rows of (*from, upto] in the table's
 * order a chunk of rowids at a time: chunks handed out in order to the
 * store's connection within the call's deadline and, when there is one
 * (pair.c), to the second connection on its thread, which goes on from
 * call to call (a struct count_job, kept by the store): it starts when
 * the count does (nr_store_tally_from and the others with a budget of
 * NR_STORE_COUNT_START: before the first screen is read), counts while
 * the interface waits for keys and draws, and stops when no chunk is
 * left. Each call adds the chunks counted whole from *from on, in order,
 * whoever counted them, and moves *from over them; the rest wait for the
 * next call. A chunk of this connection that the deadline cut short is
 * handed out again first, so chunks are short (0.5 to 2 ms, by the time
 * the last ones took) and the last one before the deadline is cut to the
 * time left. Each chunk is its own read, in the snapshot of its moment,
 * like a slice counted at another time.
 *
 * The job is the same count as long as the call's statement is the same
 * (its SQL with the values bound), upto and *from are where it left
 * them, its owner is the same (a tally's: the feeds' stamps it keeps its
 * counts with were read before any of its chunks was counted), and this
 * connection wrote nothing since it began (but the kept
 * counts, store->changes_kept) nor changed the TEMP tables: a mark the
 * interface makes is followed by the counts it knows of (*from and
 * before) and would not be by a chunk after *from counted before it.
 * Anything else ends it (and its statement is interrupted), and the
 * count goes on in a new one from *from. */

#define CHUNK_FIRST 4096
#define CHUNK_MIN 64
#define CHUNK_MAX 65536
#define CHUNK_LOW_NS 500000
#define CHUNK_HIGH_NS 2000000
/* Without a chunk counted within the budget (a slow condition, a busy
 * machine) and without the second connection: this many rowids without
 * one, so that every call moves on. */
#define FORCED_ROWS 256

struct chunk {
	int64_t lo, hi;
	long total, unread;
	size_t first, n;        /* its groups in its pile's */
};

struct group {
	int64_t feed;
	long total, unread;
};

/* Chunks counted whole, with their groups. */
struct pile {
	struct chunk *chunks;
	size_t nchunks, cap;
	struct group *groups;
	size_t ngroups, gcap;
};

/* A range handed out and not counted (cut by a deadline). */
struct hole {
	int64_t lo, hi;
};

/* A chunk's counts by feed, as its rows come (open addressing). */
struct feed_sums {
	struct group *slots;    /* total 0: empty */
	size_t cap, used;
	size_t *touched;        /* the slots used, in order */
};

static void
sums_add(struct feed_sums *fs, int64_t feed, long unread)
{
	size_t i;

	if (fs->used * 2 >= fs->cap) {
		struct feed_sums bigger = { NULL, fs->cap ? fs->cap * 2 : 512, 0, NULL };
		size_t k;

		bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
		bigger.touched = xreallocarray(NULL, bigger.cap / 2 + 1, sizeof *bigger.touched);
		for (k = 0; k < fs->used; k++) {
			const struct group *g = &fs->slots[fs->touched[k]];

			for (i = (size_t)g->feed * 0x9E3779B97F4A7C15u & (bigger.cap - 1); bigger.slots[i].total != 0;
			    i = (i + 1) & (bigger.cap - 1)) {
			}
			bigger.slots[i] = *g;
			bigger.touched[bigger.used++] = i;
		}
		free(fs->slots);
		free(fs->touched);
		*fs = bigger;
	}
	for (i = (size_t)feed * 0x9E3779B97F4A7C15u & (fs->cap - 1);
	    fs->slots[i].total != 0 && fs->slots[i].feed != feed; i = (i + 1) & (fs->cap - 1)) {
	}
	if (fs->slots[i].total == 0) {
		fs->slots[i].feed = feed;
		fs->touched[fs->used++] = i;
	}
	fs->slots[i].total++;
	fs->slots[i].unread += unread;
}

/* Append chunk c (lo, hi, total, unread) to p, with the sums of fs
 * (emptied) as its groups. */
static void
pile_add(struct pile *p, const struct chunk *c, struct feed_sums *fs)
{
	struct chunk *to;
	size_t k;

	if (p->nchunks == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->chunks = xreallocarray(p->chunks, p->cap, sizeof *p->chunks);
	}
	to = &p->chunks[p->nchunks++];
	*to = *c;
	to->first = p->ngroups;
	for (k = 0; fs != NULL && k < fs->used; k++) {
		struct group *g = &fs->slots[fs->touched[k]];

		if (p->ngroups == p->gcap) {
			p->gcap = p->gcap ? p->gcap * 2 : 256;
			p->groups = xreallocarray(p->groups, p->gcap, sizeof *p->groups);
		}
		p->groups[p->ngroups++] = *g;
		memset(g, 0, sizeof *g);
	}
	if (fs != NULL) {
		fs->used = 0;
	}
	to->n = p->ngroups - to->first;
}

/* Move every chunk of from (emptied) into to. */
static void
pile_take(struct pile *to, struct pile *from)
{
	size_t k;

	for (k = 0; k < from->nchunks; k++) {
		struct chunk c = from->chunks[k];
		size_t g;

		if (to->nchunks == to->cap) {
			to->cap = to->cap ? to->cap * 2 : 64;
			to->chunks = xreallocarray(to->chunks, to->cap, sizeof *to->chunks);
		}
		c.first = to->ngroups;
		to->chunks[to->nchunks++] = c;
		for (g = 0; g < from->chunks[k].n; g++) {
			if (to->ngroups == to->gcap) {
				to->gcap = to->gcap ? to->gcap * 2 : 256;
				to->groups = xreallocarray(to->groups, to->gcap, sizeof *to->groups);
			}
			to->groups[to->ngroups++] = from->groups[from->chunks[k].first + g];
		}
	}
	from->nchunks = 0;
	from->ngroups = 0;
}

static void
pile_free(struct pile *p)
{
	free(p->chunks);
	free(p->groups);
	memset(p, 0, sizeof *p);
}

static int
chunk_cmp(const void *a, const void *b)
{
	const struct chunk *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Add the chunks of p counted whole from *from on, in order, and take
 * them out of p; *from moves over them. */
static void
pile_merge(struct pile *p, int64_t *from, long *total, long *unread,
    void (*group)(void *ud, int64_t feed, long total, long unread), void *ud)
{
	size_t i, g, kept = 0;

	if (p->nchunks == 0) {
		return;
	}
	qsort(p->chunks, p->nchunks, sizeof *p->chunks, chunk_cmp);
	for (i = 0; i < p->nchunks && p->chunks[i].lo == *from; i++) {
		*total += p->chunks[i].total;
		*unread += p->chunks[i].unread;
		*from = p->chunks[i].hi;
		for (g = 0; group != NULL && g < p->chunks[i].n; g++) {
			const struct group *gr = &p->groups[p->chunks[i].first + g];

			group(ud, gr->feed, gr->total, gr->unread);
		}
	}
	/* The rest (after a chunk still being counted) wait. */
	for (; i < p->nchunks; i++) {
		p->chunks[kept++] = p->chunks[i];
	}
	p->nchunks = kept;
	if (kept == 0) {
		p->ngroups = 0;
	}
}

/* What the sides share, under lock. */
struct slicing {
	pthread_mutex_t lock;
	int64_t next, upto;     /* the chunks not handed out yet */
	struct hole *holes;     /* handed out again first */
	size_t nholes, hcap;
	int64_t size;           /* rowids a chunk */
	double ns_per_row;      /* as the last chunk took (0: none yet) */
	long left;              /* chunks still to hand out this call (tests; -1: any) */
	int fixed;              /* size as the test set it */
	atomic_int stop;        /* given up: no chunk more, statements interrupted */
	int grouped;
};

/* One connection's part of a count. */
struct side {
	struct slicing *sl;
	sqlite3_stmt *st;
	int lo_param, hi_param;
	int64_t deadline;       /* monotonic ns (0: none) */
	struct pile done;       /* the second's: under sl->lock */
	struct feed_sums sums;
	int rc;                 /* what stopped it: SQLITE_OK (no chunk left), else the step's code */
};

static int
chunks_left(const struct slicing *sl)
{
	return sl->nholes > 0 || sl->next < sl->upto;
}

/* The next chunk for sd to count into *lo and *hi, or 0 if none is left
 * or its time is out. */
static int
take_chunk(struct side *sd, int64_t *lo, int64_t *hi)
{
	struct slicing *sl = sd->sl;
	int64_t size, now = sd->deadline != 0 ? mono_ns() : 0;
	int ok;

	pthread_mutex_lock(&sl->lock);
	ok = !atomic_load(&sl->stop) && chunks_left(sl) && sl->left != 0 && (sd->deadline == 0 || now < sd->deadline);
	size = sl->size;
	/* Only what fits the time left: a chunk cut short is counted
	 * again. */
	if (ok && sd->deadline != 0 && !sl->fixed && sl->ns_per_row > 0 &&
	    (double)(sd->deadline - now) < sl->ns_per_row * (double)size) {
		size = (int64_t)((double)(sd->deadline - now) / sl->ns_per_row);
		size = size < CHUNK_MIN ? CHUNK_MIN : size;
	}
	/* The last ones smaller and smaller: the sides end together, not
	 * one waiting for the other's last chunk. */
	if (ok && !sl->fixed && size > (sl->upto - sl->next) / 2) {
		size = (sl->upto - sl->next) / 2 < CHUNK_MIN ? CHUNK_MIN : (sl->upto - sl->next) / 2;
	}
	if (ok && sl->nholes > 0) {
		struct hole *h = &sl->holes[sl->nholes - 1];

		*lo = h->lo;
		*hi = h->hi - h->lo > size ? h->lo + size : h->hi;
		h->lo = *hi;
		if (h->lo >= h->hi) {
			sl->nholes--;
		}
	} else if (ok) {
		*lo = sl->next;
		*hi = sl->upto - sl->next > size ? sl->next + size : sl->upto;
		sl->next = *hi;
	}
	if (ok && sl->left > 0) {
		sl->left--;
	}
	pthread_mutex_unlock(&sl->lock);
	return ok;
}

/* Hand (lo, hi] out again. Under sl->lock. */
static void
add_hole(struct slicing *sl, int64_t lo, int64_t hi)
{
	if (sl->nholes == sl->hcap) {
		sl->hcap = sl->hcap ? sl->hcap * 2 : 8;
		sl->holes = xreallocarray(sl->holes, sl->hcap, sizeof *sl->holes);
	}
	sl->holes[sl->nholes].lo = lo;
	sl->holes[sl->nholes].hi = hi;
	sl->nholes++;
}

/* The chunk size by the time one of rows rowids took. */
static void
chunk_took(struct slicing *sl, int64_t rows, int64_t ns)
{
	pthread_mutex_lock(&sl->lock);
	if (!sl->fixed && rows > 0) {
		sl->ns_per_row = (double)ns / (double)rows;
		if (ns < CHUNK_LOW_NS && rows >= sl->size && sl->size < CHUNK_MAX) {
			sl->size *= 2;
		} else if (ns > CHUNK_HIGH_NS && sl->size > CHUNK_MIN) {
			sl->size /= 2;
		}
	}
	pthread_mutex_unlock(&sl->lock);
}

/* Count chunks on one side until none is left, its time is out, the
 * count is given up or a step fails. */
static void
side_run(struct side *sd)
{
	struct slicing *sl = sd->sl;
	int64_t lo, hi;

	while (take_chunk(sd, &lo, &hi)) {
		int64_t t0 = mono_ns();
		struct chunk c = { lo, hi, 0, 0, 0, 0 };
		int rc;

		sqlite3_bind_int64(sd->st, sd->lo_param, lo);
		sqlite3_bind_int64(sd->st, sd->hi_param, hi);
		while ((rc = sqlite3_step(sd->st)) == SQLITE_ROW) {
			if (sl->grouped) {
				long u = sqlite3_column_int(sd->st, 1);

				c.total++;
				c.unread += u;
				sums_add(&sd->sums, sqlite3_column_int64(sd->st, 0), u);
			} else {
				c.total += (long)sqlite3_column_int64(sd->st, 0);
				c.unread += (long)sqlite3_column_int64(sd->st, 1);
			}
		}
		/* Reset at once: no read transaction kept between chunks. */
		sqlite3_reset(sd->st);
		if (rc != SQLITE_DONE) {
			sd->sums.used = 0;
			memset(sd->sums.slots, 0, sd->sums.cap * sizeof *sd->sums.slots);
			pthread_mutex_lock(&sl->lock);
			if (rc == SQLITE_INTERRUPT && !atomic_load(&sl->stop)) {
				/* Cut by the deadline: counted again. */
				add_hole(sl, lo, hi);
			} else if (rc != SQLITE_INTERRUPT) {
				atomic_store(&sl->stop, 1);
			}
			sd->rc = rc;
			pthread_mutex_unlock(&sl->lock);
			return;
		}
		/* Under the lock: the caller takes the second connection's
		 * chunks while it counts. */
		pthread_mutex_lock(&sl->lock);
		pile_add(&sd->done, &c, sl->grouped ? &sd->sums : NULL);
		pthread_mutex_unlock(&sl->lock);
		chunk_took(sl, hi - lo, mono_ns() - t0);
	}
}

static int
on_stop(void *ud)
{
	struct slicing *sl = ud;

	return atomic_load(&sl->stop);
}

static int
side_start(struct side *sd, struct slicing *sl, sqlite3 *db, sqlite3_stmt *(*prepare)(void *ud, sqlite3 *db,
    struct nr_err *err), void *ud, struct nr_err *err)
{
	memset(sd, 0, sizeof *sd);
	sd->sl = sl;
	sd->st = prepare(ud, db, err);
	if (sd->st == NULL) {
		return -1;
	}
	sd->lo_param = sqlite3_bind_parameter_index(sd->st, ":lo");
	sd->hi_param = sqlite3_bind_parameter_index(sd->st, ":hi");
	return 0;
}

static void
side_free(struct side *sd)
{
	sqlite3_finalize(sd->st);
	sd->st = NULL;
	pile_free(&sd->done);
	free(sd->sums.slots);
	free(sd->sums.touched);
}

static void
slicing_init(struct slicing *sl, const struct nr_store *store, int64_t from, int64_t upto, int grouped)
{
	memset(sl, 0, sizeof *sl);
	pthread_mutex_init(&sl->lock, NULL);
	atomic_init(&sl->stop, 0);
	sl->next = from;
	sl->upto = upto;
	sl->fixed = store->count_chunk > 0;
	sl->size = sl->fixed ? store->count_chunk : CHUNK_FIRST;
	sl->left = -1;
	sl->grouped = grouped;
}

static void
slicing_free(struct slicing *sl)
{
	pthread_mutex_destroy(&sl->lock);
	free(sl->holes);
}

void
store_count_test(struct nr_store *store, long chunk, long chunks, int nowait)
{
	store->count_chunk = chunk;
	store->count_chunks = chunks;
	store->count_nowait = nowait;
}

/* A count going on on the second connection (see above). Freed by the
 * last of the store and the thread's run to let go of it; the thread's
 * run holds it from store_pair_run until it returns. */
struct count_job {
	struct slicing sl;
	struct side second;     /* its statement on db; its chunks under sl.lock */
	sqlite3 *db;
	int refs;               /* under sl.lock */
	int running;            /* under sl.lock: a run of the thread's */
	/* The caller's thread's alone: */
	char *key;              /* the statement's SQL, values bound */
	uint64_t owner;
	int64_t upto, from;
	sqlite3_int64 changes;
	unsigned session;
	struct pile pending;    /* counted, not added yet */
};

/* The caller waits this long past the deadline for the second thread's
 * last chunk, then leaves it to the next call. */
#define SECOND_WAIT_NS 1000000
/* A job ended, what its thread is counting is interrupted: the new one
 * waits this long at most for the thread. */
#define STOP_WAIT_NS 2000000

/* Free job, by whoever holds the second connection: the thread in its
 * run, or the caller when no run is going on. */
static void
job_free(struct count_job *job)
{
	sqlite3_progress_handler(job->db, 0, NULL, NULL);
	side_free(&job->second);
	slicing_free(&job->sl);
	pile_free(&job->pending);
	sqlite3_free(job->key);
	free(job);
}

static void
job_release(struct count_job *job)
{
	int last;

	pthread_mutex_lock(&job->sl.lock);
	last = --job->refs == 0;
	pthread_mutex_unlock(&job->sl.lock);
	if (last) {
		job_free(job);
	}
}

/* The thread's run: chunks until none is left (or the count is given
 * up). */
static void
job_run(void *arg)
{
	struct count_job *job = arg;
	int last;

	side_run(&job->second);
	pthread_mutex_lock(&job->sl.lock);
	job->running = 0;
	last = --job->refs == 0;
	pthread_mutex_unlock(&job->sl.lock);
	if (last) {
		job_free(job);
	}
}

/* Start the thread's run when it is not going on and chunks are left. */
static void
job_kick(struct nr_store *store, struct count_job *job)
{
	int start;

	pthread_mutex_lock(&job->sl.lock);
	start = !job->running && chunks_left(&job->sl) && job->sl.left != 0 && !atomic_load(&job->sl.stop);
	pthread_mutex_unlock(&job->sl.lock);
	/* Its last run ended, the thread idle again. */
	if (!start || !store_pair_wait(store, 1)) {
		return;
	}
	pthread_mutex_lock(&job->sl.lock);
	job->running = 1;
	job->refs++;
	pthread_mutex_unlock(&job->sl.lock);
	store_pair_run(store, job_run, job);
}

void
store_count_stop(struct nr_store *store)
{
	struct count_job *job = store->count_job;

	if (job == NULL) {
		return;
	}
	store->count_job = NULL;
	pthread_mutex_lock(&job->sl.lock);
	atomic_store(&job->sl.stop, 1);
	pthread_mutex_unlock(&job->sl.lock);
	job_release(job);
}

int
store_count_busy(struct nr_store *store)
{
	struct count_job *job = store->count_job;
	int busy;

	if (job == NULL) {
		return 0;
	}
	pthread_mutex_lock(&job->sl.lock);
	busy = job->running;
	pthread_mutex_unlock(&job->sl.lock);
	return busy;
}

void
store_count_forget(struct nr_store *store, uint64_t owner)
{
	if (store->count_job != NULL && store->count_job->owner == owner) {
		store_count_stop(store);
	}
}

/* What this connection wrote that may change a count. */
static sqlite3_int64
count_changes(struct nr_store *store)
{
	return sqlite3_total_changes64(store->db) - store->changes_kept;
}

/* The job counting the statement key from *from to upto, or a new one
 * (NULL: none to be had). */
static struct count_job *
job_for(struct nr_store *store, const char *key, uint64_t owner, int64_t from, int64_t upto, int grouped,
    sqlite3_stmt *(*prepare)(void *ud, sqlite3 *db, struct nr_err *err), void *ud)
{
	struct count_job *job = store->count_job;
	struct nr_err e2;
	sqlite3 *second;

	if (job != NULL && (key == NULL || strcmp(job->key, key) != 0 || job->owner != owner || job->upto != upto ||
	    job->from != from ||
	    job->sl.grouped != grouped || job->changes != count_changes(store) || job->session != store->session_gen ||
	    !sqlite3_get_autocommit(store->db))) {
		store_count_stop(store);
		store_pair_wait(store, mono_ns() + STOP_WAIT_NS);
		job = NULL;
	}
	if (job != NULL || key == NULL || upto - from <= (store->count_chunk > 0 ? store->count_chunk : CHUNK_FIRST) ||
	    (second = store_pair_get(store)) == NULL) {
		return job;
	}
	job = xcalloc(1, sizeof *job);
	slicing_init(&job->sl, store, from, upto, grouped);
	if (side_start(&job->second, &job->sl, second, prepare, ud, &e2) < 0) {
		slicing_free(&job->sl);
		free(job);
		return NULL;
	}
	job->db = second;
	job->refs = 1;
	job->key = sqlite3_mprintf("%s", key);
	job->owner = owner;
	job->upto = upto;
	job->from = from;
	job->changes = count_changes(store);
	job->session = store->session_gen;
	sqlite3_progress_handler(second, BUDGET_STEPS, on_stop, &job->sl);
	store->count_job = job;
	return job;
}

int
store_count_slices(struct nr_store *store, int64_t *from, int64_t upto, long budget_ms, long *total, long *unread,
    sqlite3_stmt *(*prepare)(void *ud, sqlite3 *db, struct nr_err *err),
    void (*group)(void *ud, int64_t feed, long total, long unread), void *ud, uint64_t owner, struct nr_err *err)
{
	struct count_job *job;
	struct slicing one, *sl;
	struct side mine;
	struct pile local = { 0 }, *pile;
	int64_t start = *from, t0 = mono_ns();
	char *key;
	int ret = 0, second_rc = SQLITE_OK, alone;

	if (*from >= upto) {
		return 1;
	}
	if (side_start(&mine, NULL, store->db, prepare, ud, err) < 0) {
		return -1;
	}
	key = sqlite3_expanded_sql(mine.st);
	job = job_for(store, key, owner, *from, upto, group != NULL, prepare, ud);
	sqlite3_free(key);
	alone = job == NULL;
	if (!alone) {
		sl = &job->sl;
		pile = &job->pending;
		pthread_mutex_lock(&sl->lock);
		sl->left = store->count_chunks > 0 ? store->count_chunks : -1;
		pthread_mutex_unlock(&sl->lock);
		job_kick(store, job);
	} else {
		slicing_init(&one, store, *from, upto, group != NULL);
		one.left = store->count_chunks > 0 ? store->count_chunks : -1;
		sl = &one;
		pile = &local;
	}
	mine.sl = sl;
	if (budget_ms < 0) {
		/* Started (or not, on one connection): counted from the next
		 * call on. */
		side_free(&mine);
		if (alone) {
			slicing_free(&one);
		}
		return 0;
	}
	/* The budget counts from the call (the statements prepared, the
	 * second connection opened the first time), its handler only now:
	 * the statements before are not to be cut short. */
	store_budget_start(store, budget_ms);
	if (budget_ms > 0) {
		store->budget_end = t0 + (int64_t)budget_ms * 1000000;
	}
	mine.deadline = store->budget_end;
	side_run(&mine);
	store_budget_end(store);
	if (job != NULL) {
		int wait;

		/* Its last chunks, when there is no other left. */
		pthread_mutex_lock(&sl->lock);
		wait = !store->count_nowait && job->running && !chunks_left(sl);
		pthread_mutex_unlock(&sl->lock);
		if (wait) {
			store_pair_wait(store, mine.deadline != 0 ? mine.deadline + SECOND_WAIT_NS : 0);
		}
		pthread_mutex_lock(&sl->lock);
		pile_take(pile, &job->second.done);
		if (job->second.rc != SQLITE_OK && job->second.rc != SQLITE_INTERRUPT) {
			second_rc = job->second.rc;
		}
		pthread_mutex_unlock(&sl->lock);
	}
	pile_take(pile, &mine.done);
	pile_merge(pile, from, total, unread, group, ud);
	if (mine.rc != SQLITE_OK && mine.rc != SQLITE_INTERRUPT) {
		ret = store_fail(store, mine.rc, err);
	} else if (second_rc != SQLITE_OK) {
		/* On one connection from now on; what it did not count, the
		 * next call counts. */
		store_count_stop(store);
		store_pair_fail(store);
		job = NULL;
	} else if (alone && *from == start && *from < upto && budget_ms > 0 && !store->count_chunks) {
		/* Nothing counted within the budget: a few rows without one,
		 * on this connection. */
		struct slicing forced;

		slicing_init(&forced, store, *from, upto, group != NULL);
		forced.size = FORCED_ROWS;
		forced.fixed = 1;
		forced.left = 1;
		mine.sl = &forced;
		mine.deadline = 0;
		mine.rc = SQLITE_OK;
		side_run(&mine);
		pile_take(pile, &mine.done);
		pile_merge(pile, from, total, unread, group, ud);
		if (mine.rc != SQLITE_OK && mine.rc != SQLITE_INTERRUPT) {
			ret = store_fail(store, mine.rc, err);
		}
		slicing_free(&forced);
	}
	side_free(&mine);
	if (job != NULL && store->count_job == job) {
		job->from = *from;
		if (ret < 0 || *from >= upto) {
			store_count_stop(store);
		}
	}
	if (alone) {
		slicing_free(&one);
		pile_free(&local);
	}
	return ret < 0 ? -1 : *from >= upto;
}

struct view_slices {
	struct nr_store *store;
	const struct nr_store_view *q;
	char *scope;            /* store_scope_rows when q is scoped, asked once a call */
};

/* One chunk (:lo, :hi] of view q's count: the view's WHERE as store.c's
 * view_where writes it, over a range of rowids in the table's order: a
 * condition no index serves is read 5 to 30 times faster that way than
 * through the list's index (1,000,000 articles, title =~ "^linux": 3.5 s
 * -> 0.4 s in all). */
static sqlite3_stmt *
view_slice_prepare(void *ud, sqlite3 *db, struct nr_err *err)
{
	const struct view_slices *vs = ud;
	const struct nr_store_view *q = vs->q;
	struct nr_buf sql = NR_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, where_first = q->where != NULL && strstr(q->where, "nr_body_text") == NULL;

	/* The view's condition first (its values are written in), unless it
	 * unpacks bodies: SQLite reads a row's columns up to the last one
	 * asked for, and purged is the 20th, so a row turned away on its
	 * title or date is read no further (query.c's chunks). */
	nr_buf_adds(&sql, "SELECT count(*), coalesce(sum(a.read = 0), 0) FROM articles a NOT INDEXED"
	    " CROSS JOIN feeds f ON f.id = a.feed WHERE ");
	if (where_first) {
		nr_buf_printf(&sql, "(%s) AND ", q->where);
	}
	nr_buf_adds(&sql, "a.purged = 0");
	if (q->filters & NR_FILTER_UNREAD) {
		nr_buf_adds(&sql, " AND a.read = 0");
	}
	if (q->filters & NR_FILTER_STARRED) {
		nr_buf_adds(&sql, " AND a.starred <> 0");
	}
	if (q->feed_id != 0) {
		nr_buf_printf(&sql, " AND a.feed = %" PRId64, q->feed_id);
	}
	if (q->where != NULL && !where_first) {
		nr_buf_printf(&sql, " AND (%s)", q->where);
	}
	/* A limit of plain words by nr_match on each row: in the table's
	 * order this is cheaper than articles_fts asked again for every
	 * slice (nr_match is this thread's only: one connection). */
	store_match_sql(&sql, q);
	/* The scope over the row, read anyway: its feed and starred mark,
	 * the feeds written in (the second connection has no nr_hidden). */
	if (vs->scope != NULL) {
		nr_buf_printf(&sql, " AND %s", vs->scope);
	}
	/* Last: named after ?2, they take the indexes after it. */
	nr_buf_adds(&sql, " AND a.id > :lo AND a.id <= :hi");
	rc = sqlite3_prepare_v2(db, nr_buf_str(&sql), -1, &st, NULL);
	nr_buf_free(&sql);
	if (rc != SQLITE_OK) {
		if (db == vs->store->db) {
			store_fail(vs->store, rc, err);
		} else {
			nr_err_set(err, NR_ERR_IO, "%s", sqlite3_errmsg(db));
		}
		return NULL;
	}
	if (q->match != NULL) {
		sqlite3_bind_text(st, 2, q->match, -1, SQLITE_TRANSIENT);
	}
	return st;
}

int
nr_store_view_count_from(struct nr_store *store, const struct nr_store_view *q, int64_t *from, int64_t upto,
    long budget_ms, long *total, long *unread, struct nr_err *err)
{
	struct view_slices vs = { store, q, q->scoped ? store_scope_rows(store) : NULL };
	int r;

	r = store_count_slices(store, from, upto, budget_ms, total, unread, view_slice_prepare, NULL, &vs, 0, err);
	free(vs.scope);
	return r;
}

void
nr_store_cursor_expect(struct nr_store_cursor *c, long total)
{
	/* Sorted whole only when few, and known to be found quickly (they
	 * were counted). */
	if (total < 0 || total > SORTED_MAX) {
		c->tried_sorted = 1;
	}
}

void
nr_store_cursor_until(struct nr_store_cursor *c, int64_t id)
{
	sqlite3_stmt *st;

	c->until = 0;
	if (c->mode != CUR_KEYSET || c->done || c->ahead != NULL ||
	    sqlite3_prepare_v2(c->store->db, "SELECT published FROM articles WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		c->until = 1;
		c->until_dated = sqlite3_column_type(st, 0) != SQLITE_NULL;
		c->until_pub = sqlite3_column_int64(st, 0);
		c->until_id = id;
	}
	sqlite3_finalize(st);
}

int
nr_store_cursor_whole(const struct nr_store_cursor *c)
{
	return c == NULL || c->done || (c->mode == CUR_ALL && c->all != NULL);
}
