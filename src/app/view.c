/*
 * The interface's controller: the articles in view (all, one source's, or
 * those a limit matches), the selection and scroll of the list and the
 * sources pane, navigation, marking, search in the list, prompts, the
 * dispatch of actions through a table per pane, the sizes the interface
 * gives, the mouse, and reading the store. The reader, the help screens,
 * sending the article out and the update schedule are in the files
 * app/view_int.h names.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/list.h"
#include "app/sort.h"
#include "app/view_int.h"
#include "config/keys.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "filter/filter.h"
#include "nls.h"
#include "util/fold.h"
#include "util/utf8.h"

/* The articles' strings live in large chunks freed together: 100,000
 * articles are 300,000 strings, and one malloc each would dominate the
 * time to open the library. */
#define CHUNK_SIZE (256 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

static const char *
arena_strdup(struct nr_view *v, const char *s)
{
	struct chunk *c = v->arena;
	size_t n;
	char *p;

	if (s == NULL) {
		return NULL;
	}
	n = strlen(s) + 1;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		c = xmalloc(sizeof *c + size);
		c->next = v->arena;
		c->used = 0;
		c->size = size;
		v->arena = c;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	c->used += n;
	return p;
}

static void
arena_free(struct nr_view *v)
{
	struct chunk *c = v->arena;

	while (c != NULL) {
		struct chunk *next = c->next;

		free(c);
		c = next;
	}
	v->arena = NULL;
}

void
nr_view_message(struct nr_view *v, int error, const char *fmt, ...)
{
	va_list ap;

	char raw[sizeof v->msg], *clean;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* Messages quote file names, URLs and the store's words: no control
	 * character or escape sequence of theirs reaches the status line,
	 * and a cut inside a character is made whole. */
	clean = nr_utf8_sanitize(raw, strlen(raw), 0);
	n = strlen(clean);
	if (n >= sizeof v->msg) {
		n = sizeof v->msg - 1;
		while (n > 0 && ((unsigned char)clean[n] & 0xC0) == 0x80) {
			n--;
		}
	}
	memcpy(v->msg, clean, n);
	v->msg[n] = '\0';
	free(clean);
	v->msg_error = error;
	v->dirty |= NR_DIRTY_STATUS;
}

/* ---- loading ---- */

static int
add_feed(void *ud, const struct nr_store_feed_info *info)
{
	struct nr_view *v = ud;
	struct nr_view_feed *f;

	v->feeds = xreallocarray(v->feeds, v->nfeeds + 1, sizeof *v->feeds);
	f = &v->feeds[v->nfeeds];
	f->id = info->id;
	{
		/* A title from the config or a file's name is not sanitised
		 * anywhere else: no control character may reach the screen. */
		const char *t = info->title != NULL && info->title[0] != '\0' ? info->title
		    : info->location != NULL ? info->location : "";
		size_t i;

		/* A feed never fetched has no title of its own yet: the name
		 * of its [feed NAME] section tells it from the others. */
		for (i = 0; t == info->location && i < v->cfg->nsources; i++) {
			if (strcmp(v->cfg->sources[i].path, info->location) == 0) {
				t = v->cfg->sources[i].label;
			}
		}

		f->title = nr_utf8_sanitize(t, strlen(t), NR_SAN_COLLAPSE);
		f->location = xstrdup(info->location != NULL ? info->location : "");
	}
	f->total = info->articles;
	f->unread = info->unread;
	f->query = 0;
	/* Remembered from the last fetch, whenever and by whom it ran. */
	f->error = info->fetch_error != NULL ? nr_utf8_sanitize(info->fetch_error, strlen(info->fetch_error),
	    NR_SAN_COLLAPSE) : NULL;
	f->failed = f->error != NULL;
	v->feeds[0].total += info->articles;
	v->feeds[0].unread += info->unread;
	v->nfeeds++;
	return 0;
}

/* nr_list_entry_from_row's copies: in the view's chunks. */
static char *
arena_dup(void *ud, const char *s)
{
	/* The chunks are the view's to write; arena_strdup hands them out
	 * read-only because the articles' strings are never changed. */
	return (char *)arena_strdup(ud, s);
}

/* The row of the sources pane of feed id (0 if it has none). */
static size_t
feed_row(const struct nr_view *v, int64_t id, size_t hint)
{
	size_t i;

	if (hint < v->nfeeds && v->feeds[hint].id == id) {
		return hint;
	}
	for (i = 1; i < v->nfeeds; i++) {
		if (v->feeds[i].id == id) {
			return i;
		}
	}
	return 0;
}

/* ---- the window: the rows around the screen, read as shown ---- */

static void ids_rest(struct nr_view *v);
static void ids_more(struct nr_view *v, size_t need, long budget_ms);

/* The ids read first: a few screens, enough to draw the first one at
 * once whatever the size of the library; the rest is read when the list
 * goes past them (or a search, or the next unread, needs them). */
#define FIRST_IDS 4096
/* A filtered list's first read: the ids of a screen or two, so that a
 * filter no index serves shows its first matches as soon as a screen of
 * them is found, within FIRST_MS at most; and its count, if it takes at
 * most COUNT_MS. What is left is read between keys, SLICE_MS at a time
 * (view_background), or when the list goes past it. */
#define FIRST_SCREEN 64
#define FIRST_MS 60
#define COUNT_MS 20
#define SLICE_MS 15
#define SLICE_IDS 8192

/* Rows read beyond the screen on each side, so that moving a line at a
 * time reads the store once in a while, not at every key. */
#define ROWS_MARGIN 64

struct row_fill {
	struct nr_view *v;
	size_t hint;
};

static int
fill_row(void *ud, const struct nr_store_row *row)
{
	struct row_fill *rf = ud;
	struct nr_view *v = rf->v;
	struct nr_view_article *a = &v->rows[v->nrows++];
	struct nr_list_entry e;

	nr_list_entry_from_row(&e, row, arena_dup, v);
	a->rowid = row->rowid;
	a->published = e.item.published;
	a->title = e.item.title != NULL ? e.item.title : "";
	a->author = e.item.author;
	a->link = e.item.link;
	a->enclosures = NULL;
	a->note = row->item.note != NULL ? arena_strdup(v, row->item.note) : NULL;
	if (row->item.nenclosures > 0) {
		struct nr_buf b = NR_BUF_INIT;
		size_t i;

		for (i = 0; i < row->item.nenclosures; i++) {
			const struct nr_enclosure *en = &row->item.enclosures[i];
			char *type = en->type != NULL ? nr_utf8_sanitize(en->type, strlen(en->type), NR_SAN_COLLAPSE)
			    : xstrdup("");

			/* The type is the feed's: one line, no tab. */
			type[strcspn(type, "\t\n")] = '\0';
			nr_buf_printf(&b, "%s%s\t%s\t%lld", i > 0 ? "\n" : "", en->url, type, (long long)en->length);
			free(type);
		}
		a->enclosures = arena_strdup(v, nr_buf_str(&b));
		nr_buf_free(&b);
	}
	a->read = (unsigned char)e.read;
	a->starred = (unsigned char)e.starred;
	a->changed = (unsigned char)e.changed;
	a->feed = feed_row(v, row->feed_id, rf->hint);
	rf->hint = a->feed;
	return 0;
}

/* Forget the rows read: the list changed, or its marks did. */
static void
rows_drop(struct nr_view *v)
{
	arena_free(v);
	v->nrows = 0;
	v->rows_from = 0;
}

/* Read rows [from, to) of the list. */
static void
rows_read(struct nr_view *v, size_t from, size_t to)
{
	struct row_fill rf = { v, 0 };
	struct nr_err err;

	rows_drop(v);
	v->rows = xreallocarray(v->rows, to > from ? to - from : 1, sizeof *v->rows);
	v->rows_from = from;
	if (to > from && nr_store_rows(v->store, v->ids + from, to - from, fill_row, &rf, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	}
	/* Rows the store could not give stay readable, as empty ones. */
	while (v->nrows < to - from) {
		struct nr_view_article *a = &v->rows[v->nrows];

		memset(a, 0, sizeof *a);
		a->rowid = v->ids[from + v->nrows];
		a->title = "";
		a->read = 1;
		v->nrows++;
	}
}

/* Row i of the list, read with the screen and the selection around it if
 * it is not at hand. The pointer holds until another row is asked for
 * that is not at hand. */
static struct nr_view_article *
row_at(struct nr_view *v, size_t i)
{
	size_t rows = v->list_rows > 0 ? (size_t)v->list_rows : 1;
	size_t lo, hi;

	if (i >= v->nids) {
		ids_more(v, i + rows + ROWS_MARGIN, 0);
	}
	if (i >= v->nshown) {
		return NULL;
	}
	if (i >= v->rows_from && i < v->rows_from + v->nrows) {
		return &v->rows[i - v->rows_from];
	}
	lo = i < v->top ? i : v->top;
	hi = i > v->top + rows ? i + 1 : v->top + rows;
	if (v->sel < v->nshown) {
		lo = v->sel < lo ? v->sel : lo;
		hi = v->sel + 1 > hi ? v->sel + 1 : hi;
	}
	/* Far apart (a jump): around i alone. */
	if (hi - lo > 4 * (rows + ROWS_MARGIN)) {
		lo = i;
		hi = i + rows;
	}
	lo = lo > ROWS_MARGIN ? lo - ROWS_MARGIN : 0;
	hi = hi + ROWS_MARGIN < v->nshown ? hi + ROWS_MARGIN : v->nshown;
	/* The rows read are those whose ids are read (a list counted
	 * longer than its ids read so far). */
	if (hi > v->nids) {
		ids_more(v, hi, 0);
		hi = hi < v->nids ? hi : v->nids;
		if (i >= hi) {
			return NULL;
		}
	}
	rows_read(v, lo, hi);
	return &v->rows[i - v->rows_from];
}

const struct nr_view_article *
nr_view_row(struct nr_view *v, size_t i)
{
	return row_at(v, i);
}

/* A scan of the list from row start in direction dir (1 or -1), count
 * rows at most (wrapping around the end), a chunk at a time, for the
 * first row test accepts. Returns its index, or SIZE_MAX. */
struct scan {
	struct nr_view *v;
	int (*test)(struct nr_view *v, const struct nr_store_row *row, size_t feed);
	size_t seen;
	int found;
	size_t hint;
};

static int
scan_row(void *ud, const struct nr_store_row *row)
{
	struct scan *sc = ud;

	sc->hint = feed_row(sc->v, row->feed_id, sc->hint);
	if (sc->test(sc->v, row, sc->hint)) {
		sc->found = 1;
		return -1;
	}
	sc->seen++;
	return 0;
}

#define SCAN_CHUNK 256

static size_t
scan_list(struct nr_view *v, size_t start, int dir, size_t count,
    int (*test)(struct nr_view *v, const struct nr_store_row *row, size_t feed))
{
	int64_t chunk[SCAN_CHUNK];
	struct scan sc;
	struct nr_err err;
	size_t done = 0, n = v->nshown, k, m;

	if (n == 0) {
		return SIZE_MAX;
	}
	memset(&sc, 0, sizeof sc);
	sc.v = v;
	sc.test = test;
	while (done < count) {
		m = count - done < SCAN_CHUNK ? count - done : SCAN_CHUNK;
		for (k = 0; k < m; k++) {
			size_t off = (done + k) % n;
			size_t at = dir > 0 ? (start + off) % n : (start + n - off) % n;

			/* Past the ids read so far: the next of them. */
			if (at >= v->nids) {
				ids_more(v, at + SLICE_IDS, 0);
				if (v->nshown != n) {
					/* The list is shorter than its count said:
					 * scan it as it is. */
					return v->nshown == 0 ? SIZE_MAX : scan_list(v, start < v->nshown ? start : 0, dir,
					    count < v->nshown ? count : v->nshown, test);
				}
			}
			chunk[k] = v->ids[at];
		}
		sc.seen = 0;
		if (nr_store_rows(v->store, chunk, m, scan_row, &sc, &err) < 0) {
			nr_view_message(v, 1, "%s", err.msg);
			return SIZE_MAX;
		}
		if (sc.found) {
			size_t off = (done + sc.seen) % n;

			return dir > 0 ? (start + off) % n : (start + n - off) % n;
		}
		done += m;
	}
	return SIZE_MAX;
}

/* The first row from start on that test accepts, to the end of a list
 * whose count is not known yet (its ids read as the scan goes), or
 * SIZE_MAX. */
static size_t
scan_open(struct nr_view *v, size_t start,
    int (*test)(struct nr_view *v, const struct nr_store_row *row, size_t feed))
{
	struct scan sc;
	struct nr_err err;
	size_t i = start, m;

	memset(&sc, 0, sizeof sc);
	sc.v = v;
	sc.test = test;
	for (;;) {
		if (i >= v->nids) {
			ids_more(v, i + SCAN_CHUNK, 0);
			if (i >= v->nids) {
				return SIZE_MAX;
			}
		}
		m = v->nids - i < SCAN_CHUNK ? v->nids - i : SCAN_CHUNK;
		sc.seen = 0;
		if (nr_store_rows(v->store, v->ids + i, m, scan_row, &sc, &err) < 0) {
			nr_view_message(v, 1, "%s", err.msg);
			return SIZE_MAX;
		}
		if (sc.found) {
			return i + sc.seen;
		}
		i += m;
	}
}

/* ---- matching ---- */

/* The folding the configuration asks for. */
static int
fold_flags(const struct nr_view *v)
{
	return v->cfg != NULL && v->cfg->search_ignore_accents ? NR_FOLD_ACCENTS : 0;
}

int
view_find(struct nr_fold_pat *p, const char *s)
{
	return p != NULL && s != NULL && nr_fold_find(p, s, 0, NULL, NULL);
}

int
nr_view_match(const struct nr_view *v, const char *line, size_t from, size_t *off, size_t *len)
{
	if (v->search_pat == NULL || line == NULL) {
		return 0;
	}
	return nr_fold_find(v->search_pat, line, from, off, len);
}

/* A row matches a search of the list: its title or its source. */
static int
row_matches_search(struct nr_view *v, const struct nr_store_row *row, size_t feed)
{
	return view_find(v->search_pat, row->item.title) || view_find(v->search_pat, v->feeds[feed].title);
}

static int
row_unread(struct nr_view *v, const struct nr_store_row *row, size_t feed)
{
	(void)v;
	(void)feed;
	return !row->read;
}

/* ---- the list in view ---- */

void
view_keep_visible(size_t sel, size_t *top, int rows, size_t n)
{
	size_t r = rows > 0 ? (size_t)rows : 1;

	if (sel < *top) {
		*top = sel;
	} else if (sel >= *top + r) {
		*top = sel - r + 1;
	}
	if (n <= r) {
		*top = 0;
	} else if (*top > n - r) {
		*top = n - r;
	}
}

static void
list_changed(struct nr_view *v)
{
	view_keep_visible(v->sel, &v->top, v->list_rows, v->nshown);
	v->dirty |= NR_DIRTY_LIST | NR_DIRTY_READER | NR_DIRTY_STATUS;
}

/* v->q as the store's view asks it: the read and starred filters as its
 * filters (which its partial indexes serve), or, when keep (a row id:
 * the article being read) must pass them, as a where; the chosen tag's
 * feeds and the views' where as the where; and the order_by (author,
 * unread first, a reversed title; the views' order_by first). */
/* The where of query_sql into w, cond (the views' where, with a limit
 * that is an expression and the active [query NAME] row: filters_update)
 * first; the session's scope is the store's (view_query: scoped). */
static void
where_sql(struct nr_view *v, struct nr_buf *w, const char *cond, int64_t keep)
{
	size_t i;

	if (cond != NULL) {
		nr_buf_printf(w, "(%s)", cond);
	}
	if (v->q.tag > 0 && v->q.tag <= v->ntags) {
		const struct nr_view_tag *t = &v->tags[v->q.tag - 1];

		/* Its feeds' articles (a query under it has a negative id,
		 * no article's). */
		nr_buf_printf(w, "%sa.feed IN (0", w->len > 0 ? " AND " : "");
		for (i = 0; i < t->nfeeds; i++) {
			nr_buf_printf(w, ", %" PRId64, v->feeds[t->feeds[i]].id);
		}
		nr_buf_addc(w, ')');
	}
	if (v->q.unread_only && keep != 0) {
		nr_buf_printf(w, "%s(a.read = 0 OR a.id = %" PRId64 ")", w->len > 0 ? " AND " : "", keep);
	}
	if (v->q.starred_only && keep != 0) {
		nr_buf_printf(w, "%s(a.starred <> 0 OR a.id = %" PRId64 ")", w->len > 0 ? " AND " : "", keep);
	}
}

static void
query_sql(struct nr_view *v, int64_t keep)
{
	struct nr_buf w = NR_BUF_INIT, ws = NR_BUF_INIT, o = NR_BUF_INIT;

	free(v->q_where);
	free(v->q_where_sorted);
	free(v->q_order_by);
	v->q_where = v->q_where_sorted = v->q_order_by = NULL;
	v->q_filters = 0;
	where_sql(v, &w, v->filter_where != NULL ? v->filter_where : v->where, keep);
	/* The same for a read whole and sorted (nr_store_view.where_sorted). */
	where_sql(v, &ws, v->filter_where_sorted != NULL ? v->filter_where_sorted : v->where, keep);
	if (v->q.unread_only && keep == 0) {
		v->q_filters |= NR_FILTER_UNREAD;
	}
	if (v->q.starred_only && keep == 0) {
		v->q_filters |= NR_FILTER_STARRED;
	}
	if (v->order_by != NULL) {
		nr_buf_adds(&o, v->order_by);
	}
	switch (v->q.sort) {
	case NR_SORT_TITLE:
		if (v->q.reverse) {
			nr_buf_printf(&o, "%scoalesce(a.title, '') COLLATE nr_locale DESC", o.len > 0 ? ", " : "");
		}
		break;
	case NR_SORT_AUTHOR:
		nr_buf_printf(&o, "%scoalesce(a.author, '') COLLATE nr_locale%s", o.len > 0 ? ", " : "",
		    v->q.reverse ? " DESC" : "");
		break;
	case NR_SORT_UNREAD:
		nr_buf_printf(&o, "%sa.read%s", o.len > 0 ? ", " : "", v->q.reverse ? " DESC" : "");
		break;
	default:
		break;
	}
	v->q_where = w.len > 0 ? xstrdup(nr_buf_str(&w)) : NULL;
	v->q_where_sorted = ws.len > 0 && strcmp(nr_buf_str(&ws), nr_buf_str(&w)) != 0 ? xstrdup(nr_buf_str(&ws)) : NULL;
	v->q_order_by = o.len > 0 ? xstrdup(nr_buf_str(&o)) : NULL;
	nr_buf_free(&w);
	nr_buf_free(&ws);
	nr_buf_free(&o);
}

/* The view's articles as the store is asked for them: the active feed,
 * the limit, the order of the settings, and the where and order_by of
 * v (set by the views of the list, or NULL). feeds_out: a new array the
 * caller frees (the feeds the limit matches and the sources' ranks). */
static void
view_query(const struct nr_view *v, struct nr_store_view *q, int64_t **feeds_out)
{
	int64_t *feeds = xreallocarray(NULL, v->nfeeds * 2 + 1, sizeof *feeds);
	size_t i, n = 0;

	memset(q, 0, sizeof *q);
	/* A [query NAME] row (id < 0) is a condition (in q_where), not a
	 * feed. */
	q->feed_id = v->q.tag == 0 && v->feeds[v->active_feed].id > 0 ? v->feeds[v->active_feed].id : 0;
	q->filters = v->q_filters;
	q->where = v->q_where;
	q->where_sorted = v->q_where_sorted;
	/* The scope's hidden ids are listed between keys
	 * (view_background). */
	q->scoped = NR_STORE_SCOPED_LATER;
	q->order_by = v->q_order_by;
	switch (v->q.sort) {
	case NR_SORT_TITLE:
		q->order = NR_ORDER_TITLE;
		break;
	case NR_SORT_SOURCE:
		q->order = NR_ORDER_FEEDS;
		break;
	default:
		q->order = v->q.reverse ? NR_ORDER_OLDEST : NR_ORDER_NEWEST;
		break;
	}
	/* Plain words; an expression is in q_where (app/filters.c). */
	if (v->q.limit != NULL && v->limit_filter == NULL) {
		for (i = 1; i < v->nfeeds; i++) {
			if (v->feeds[i].query == 0 && view_find(v->limit_pat, v->feeds[i].title)) {
				feeds[n++] = v->feeds[i].id;
			}
		}
		q->match = v->q.limit;
		q->match_fold = fold_flags(v);
		q->match_feeds = feeds;
		q->nmatch_feeds = n;
	}
	if (q->order == NR_ORDER_FEEDS) {
		/* The sources pane is in this order already (by title as
		 * shown, nr_utf8_collate); sources of one title share a rank,
		 * so that their articles mix by date as app/sort.h says. */
		q->feed_rank = feeds + n;
		for (i = 1; i < v->nfeeds; i++) {
			feeds[n + q->nfeed_rank++] = v->feeds[v->q.reverse ? v->nfeeds - i : i].id;
		}
	}
	*feeds_out = feeds;
}

/* How long a count may take before it is left to the slices between
 * keys (nr_view_set_count_budget). */
static long count_budget = COUNT_MS;

void
nr_view_set_count_budget(long ms)
{
	count_budget = ms;
}

long
view_count_budget(void)
{
	return count_budget;
}

/* The list is complete or its count known: the ids read are all the
 * cursor will give, so the list is what the store has. */
static void
ids_settle(struct nr_view *v)
{
	if (v->cursor != NULL && nr_store_cursor_done(v->cursor)) {
		nr_store_cursor_free(v->cursor);
		v->cursor = NULL;
	}
	if (v->cursor == NULL) {
		/* The counts said how many; the list is what the store has. */
		if (!v->count_known) {
			v->shown_unread = v->ids_unread;
		}
		v->count_known = 1;
		v->nshown = v->nids;
	} else if (!v->count_known) {
		v->nshown = v->nids;
		v->shown_unread = v->ids_unread;
	}
	if (v->sel >= v->nshown) {
		v->sel = v->nshown > 0 ? v->nshown - 1 : 0;
	}
	if (v->rows_from + v->nrows > v->nshown) {
		rows_drop(v);
	}
}

/* Read the list's ids until there are need (or all of them): each read
 * within budget_ms (0: no limit), and only one with a budget. */
static void
ids_more(struct nr_view *v, size_t need, long budget_ms)
{
	struct nr_err err;

	while (v->cursor != NULL && !nr_store_cursor_done(v->cursor) && v->nids < need) {
		size_t max = need - v->nids;
		long n;

		/* Slices between keys are long; a read the list waits for
		 * is what it needs (a filter the list's index does not serve
		 * may have to pass many articles for each). */
		if (max < SLICE_IDS && budget_ms > 0) {
			max = SLICE_IDS;
		}
		if (need == SIZE_MAX || max > (SIZE_MAX / sizeof *v->ids) / 2) {
			/* The rest: as many as the count says in one read (one
			 * statement), else twice what was read. */
			max = v->count_known && v->nshown > v->nids ? v->nshown - v->nids + 1
			    : v->nids > SLICE_IDS ? v->nids : SLICE_IDS;
		}
		v->ids = xreallocarray(v->ids, v->nids + max + 1, sizeof *v->ids);
		n = nr_store_cursor_read(v->cursor, v->ids + v->nids, max, v->count_known ? NULL : &v->ids_unread,
		    budget_ms, &err);
		if (n < 0) {
			/* The list is what could be read. */
			nr_view_message(v, 1, "%s", err.msg);
			nr_store_cursor_free(v->cursor);
			v->cursor = NULL;
			break;
		}
		v->nids += (size_t)n;
		if (budget_ms > 0) {
			break;
		}
	}
	ids_settle(v);
}

/* Read the rest of the list's ids. */
static void
ids_rest(struct nr_view *v)
{
	ids_more(v, SIZE_MAX, 0);
	view_keep_visible(v->sel, &v->top, v->list_rows, v->nshown);
}

static int background_counts(struct nr_view *v);

int
view_background(struct nr_view *v)
{
	/* The counts first; then the ids of the articles the scope hides,
	 * if the list's first screen did without them. */
	return background_counts(v) || nr_store_scope_idle(v->store, 1);
}

static int
background_counts(struct nr_view *v)
{
	struct nr_store_view q;
	struct nr_err err;
	int64_t *feeds;
	int r;

	if (v->cursor == NULL || v->count_known) {
		/* The list is known: the query rows' counts. */
		return filters_background(v);
	}
	/* The list's count by rowid slices, its ids read as it goes on
	 * (the count first: reading the ids in the list's order through
	 * its index reads an article's row per article, 5 to 30 times
	 * slower than the table in its own order). */
	view_query(v, &q, &feeds);
	q.max_rowid = v->max_rowid;
	r = nr_store_view_count_from(v->store, &q, &v->count_from, v->max_rowid, SLICE_MS, &v->count_total,
	    &v->count_unread, &err);
	free(feeds);
	if (r < 0) {
		/* Counted by reading its ids instead. */
		nr_view_message(v, 1, "%s", err.msg);
		ids_rest(v);
	} else if (r > 0) {
		v->count_known = 1;
		v->shown_unread = v->count_unread;
		v->nshown = (size_t)v->count_total > v->nids ? (size_t)v->count_total : v->nids;
		ids_settle(v);
	}
	v->dirty |= NR_DIRTY_STATUS;
	return !v->count_known;
}

int
view_pending(const struct nr_view *v)
{
	size_t i;

	if (v->cursor != NULL && !v->count_known) {
		return 1;
	}
	if (nr_store_scope_idle(v->store, 0)) {
		return 1;
	}
	for (i = 0; i < v->nqcounts; i++) {
		if (v->qcounts[i].kept || v->qcounts[i].from < v->qcounts[i].target) {
			return 1;
		}
	}
	return 0;
}

/* Whether the list is the session's scope alone, all of it or its unread
 * articles: the sources of the configuration and the command line when
 * the database has others (their starred articles listed too), no source
 * or tag chosen, no limit, query row or views' SQL. */
static int
scope_alone(const struct nr_view *v)
{
	size_t q = v->active_feed < v->nfeeds ? v->feeds[v->active_feed].query : 0;

	return v->active_feed == 0 && q == 0 && v->q.tag == 0 && v->q.limit == NULL && v->limit_filter == NULL &&
	    v->where == NULL && !v->q.starred_only && v->q_filters == (v->q.unread_only ? NR_FILTER_UNREAD : 0);
}

int
nr_view_counting(const struct nr_view *v)
{
	return !v->count_known;
}

/* Read the list's row ids from the store for the active feed and the
 * limit, and select the article keep (a rowid) if it is there, else the
 * first. -1 (and the status line says why) if the store refused: the
 * list is as it was. */
static int
filter_shown(struct nr_view *v, int64_t keep, int sticky)
{
	const struct nr_view_article *cur = sticky && keep != 0 ? nr_view_selected(v) : NULL;
	struct nr_store_view q;
	struct nr_store_cursor *c;
	struct nr_err err;
	int64_t *feeds, *ids;
	size_t i, n, first;
	long unread = 0, total = 0, ln;
	int counted, known = 0;

	filters_update(v);
	/* Only an article the filters would hide needs to be let through
	 * by its id; the others leave the store its indexes. */
	if (cur != NULL && cur->rowid == keep && ((v->q.unread_only && cur->read) ||
	    (v->q.starred_only && !cur->starred))) {
		query_sql(v, keep);
	} else {
		query_sql(v, 0);
	}
	/* Without a limit, filters or other views' SQL (a tag is one), the
	 * sources' counts say how long the list is, and its first ids are
	 * enough to begin. */
	counted = v->q.limit == NULL && v->q_where == NULL && !v->scoped && v->q_filters == 0;
	view_query(v, &q, &feeds);
	q.max_rowid = v->max_rowid;
	c = nr_store_cursor_new(v->store, &q);
	if (counted) {
		total = v->feeds[v->active_feed].total;
		unread = v->feeds[v->active_feed].unread;
		known = 1;
	} else if (v->q.limit == NULL && v->q_where == NULL && !v->scoped && v->q_filters == NR_FILTER_UNREAD) {
		/* Unread only: the sources' counts say how many too. */
		total = unread = v->feeds[v->active_feed].unread;
		known = 1;
	} else if (scope_alone(v)) {
		/* Every listed article (or every unread one) of the sources in
		 * scope: from the sources' counts too, a row per source, where
		 * reading every article of a million took 0.3-0.4 s. */
		known = nr_store_listed_count(v->store, v->q.unread_only, &total, &unread, &err);
		if (known < 0) {
			nr_view_message(v, 1, "%s", err.msg);
		}
		known = known > 0;
	} else {
		/* A limit or a query alone may be counted from the sources'
		 * counts; anything else if the count is quick. */
		known = count_budget < 0 ? 0 : filters_count(v, &total, &unread);
		/* (A limit of plain words is read whole: its count comes with
		 * it.) */
		if (known == 0 && count_budget >= 0 && q.match == NULL) {
			known = nr_store_view_count_budget(v->store, &q, count_budget, &total, &unread, &err);
			if (known < 0) {
				nr_view_message(v, 1, "%s", err.msg);
			}
		}
		known = known > 0;
	}
	free(feeds);
	nr_store_cursor_expect(c, known ? total : -1);
	/* The first screens: a list that is counted reads more, since
	 * they come from an index at once. */
	first = counted ? FIRST_IDS : FIRST_SCREEN;
	if (v->list_rows > 0 && (size_t)v->list_rows * 2 > first) {
		first = (size_t)v->list_rows * 2;
	}
	ids = xreallocarray(NULL, first + 1, sizeof *ids);
	v->ids_unread = 0;
	ln = 0;
	n = 0;
	{
		long got = nr_store_cursor_read(c, ids, first, known ? NULL : &ln, counted ? 0 : FIRST_MS, &err);

		if (got < 0) {
			nr_view_message(v, 1, "%s", err.msg);
			nr_store_cursor_free(c);
			free(ids);
			return -1;
		}
		n = (size_t)got;
	}
	nr_store_cursor_free(v->cursor);
	v->cursor = c;
	free(v->ids);
	v->ids = ids;
	v->nids = n;
	v->ids_unread = ln;
	/* Counts that say no more than was read (changed behind the
	 * triggers' back) say nothing: the list is what the store has. */
	if (known && total <= (long)n && !nr_store_cursor_done(c)) {
		known = 0;
	}
	v->count_known = known;
	v->count_from = 0;
	v->count_total = v->count_unread = 0;
	v->nshown = known ? (size_t)total : n;
	v->shown_unread = known ? unread : ln;
	rows_drop(v);
	v->sel = 0;
	/* Read whole already (a limit of plain words): the rest at once. */
	if (nr_store_cursor_whole(c)) {
		ids_more(v, SIZE_MAX, 0);
	}
	ids_settle(v);
	/* The article to keep, looked for among the ids only when the list
	 * has it (else every id would be read to find it is not there). */
	for (i = 0; i < v->nids && keep != 0 && v->ids[i] != keep; i++) {
		;
	}
	if (keep != 0 && i == v->nids && v->cursor != NULL) {
		view_query(v, &q, &feeds);
		q.max_rowid = v->max_rowid;
		if (nr_store_view_has(v->store, &q, keep, &err) != 1) {
			keep = 0;
		} else {
			nr_store_cursor_until(v->cursor, keep);
		}
		free(feeds);
	}
	for (i = 0; keep != 0; i++) {
		if (i >= v->nids) {
			ids_more(v, i + SLICE_IDS, 0);
			if (i >= v->nids) {
				break;
			}
		}
		if (v->ids[i] == keep) {
			v->sel = i;
			break;
		}
	}
	return 0;
}

/* Rebuild shown from the active feed and the limit, keeping the selected
 * article selected if it is still there. */
static void
rebuild(struct nr_view *v)
{
	const struct nr_view_article *cur = nr_view_selected(v);

	/* The article being read stays, whatever the filters now say. */
	if (filter_shown(v, cur != NULL ? cur->rowid : 0, v->focus == NR_CTX_READER) == 0) {
		v->top = 0;
	}
	list_changed(v);
}

const struct nr_view_article *
nr_view_selected(const struct nr_view *v)
{
	if (v->nshown == 0) {
		return NULL;
	}
	/* Reading the rows is a cache of the store's, not a change of the
	 * view: the view the caller sees is the same. */
	return row_at((struct nr_view *)v, v->sel < v->nshown ? v->sel : v->nshown - 1);
}

struct nr_view_article *
view_selected(struct nr_view *v)
{
	return v->nshown == 0 ? NULL : row_at(v, v->sel);
}

void
view_select(struct nr_view *v, size_t i)
{
	/* Past what was read of a list not counted yet: read on. */
	if (i >= v->nshown && !v->count_known) {
		ids_more(v, i + 1 + (size_t)(v->list_rows > 0 ? v->list_rows : 1), 0);
	}
	if (v->nshown == 0) {
		return;
	}
	if (i >= v->nshown) {
		i = v->nshown - 1;
	}
	if (i != v->sel) {
		v->sel = i;
		v->reader_top = 0;
	}
	list_changed(v);
}

static void
move_by(struct nr_view *v, long delta)
{
	long i = (long)v->sel + delta;

	if (v->nshown == 0) {
		return;
	}
	if (i < 0) {
		i = 0;
	}
	view_select(v, (size_t)i);
}

/* ---- state ---- */

/* How long a mark waits for another writer of the database (an --update
 * run from cron) before it fails: a key should not freeze the screen for
 * the store's usual 5 s, and a mark that cannot be written is said to
 * have failed, never shown as done. */
#define MARK_WAIT_MS 1000
#define STORE_WAIT_MS 5000

int
view_set_read(struct nr_view *v, struct nr_view_article *a, int read)
{
	struct nr_err err;
	int rc;

	if (a->read == (read != 0)) {
		return 0;
	}
	filters_mark_before(v, a->rowid);
	nr_store_set_busy_timeout(v->store, MARK_WAIT_MS);
	rc = nr_store_set_flag(v->store, a->rowid, NR_FLAG_READ, read, &err);
	nr_store_set_busy_timeout(v->store, STORE_WAIT_MS);
	if (rc < 0) {
		nr_view_message(v, 1, read ? _("Not marked read: %s") : _("Not marked unread: %s"), err.msg);
		return -1;
	}
	a->read = read != 0;
	if (a->feed != 0) {
		v->feeds[a->feed].unread += read ? -1 : 1;
	}
	filters_mark_after(v, a->rowid, read != 0, !read);
	/* A list being counted: the unread among the ids read (the status
	 * line's until then) has the article, and so has its count if the
	 * count has passed it. */
	if (!v->count_known) {
		v->ids_unread += read ? -1 : 1;
		if (a->rowid <= v->count_from) {
			v->count_unread += read ? -1 : 1;
		}
	}
	v->feeds[0].unread += read ? -1 : 1;
	v->shown_unread += read ? -1 : 1;
	v->dirty |= NR_DIRTY_LIST | NR_DIRTY_FEEDS | NR_DIRTY_STATUS;
	return 0;
}

static void
toggle_star(struct nr_view *v)
{
	struct nr_view_article *a = view_selected(v);
	struct nr_err err;
	int rc;

	if (a == NULL) {
		return;
	}
	filters_mark_before(v, a->rowid);
	nr_store_set_busy_timeout(v->store, MARK_WAIT_MS);
	rc = nr_store_set_flag(v->store, a->rowid, NR_FLAG_STARRED, !a->starred, &err);
	nr_store_set_busy_timeout(v->store, STORE_WAIT_MS);
	if (rc < 0) {
		nr_view_message(v, 1, a->starred ? _("Not unstarred: %s") : _("Not starred: %s"), err.msg);
		return;
	}
	a->starred = !a->starred;
	filters_mark_after(v, a->rowid, !a->read, !a->read);
	v->dirty |= NR_DIRTY_FEEDS;
	nr_view_message(v, 0, "%s", a->starred ? _("Starred.") : _("Unstarred."));
	v->dirty |= NR_DIRTY_LIST;
}

static void
toggle_read(struct nr_view *v)
{
	struct nr_view_article *a = view_selected(v);

	if (a == NULL) {
		return;
	}
	/* On failure the status line already says why. */
	if (view_set_read(v, a, !a->read) == 0) {
		nr_view_message(v, 0, "%s", a->read ? _("Marked read.") : _("Marked unread."));
	}
}

/* The sources' counts after marks: those of the view's articles the store
 * marked, and no others (articles that came since are not counted until
 * the list is read again). */
struct marked {
	struct nr_view *v;
	size_t hint;
};

static void
marked_in_feed(void *ud, int64_t feed_id, long n)
{
	struct marked *m = ud;
	size_t f = feed_row(m->v, feed_id, m->hint);

	m->hint = f;
	if (f != 0) {
		m->v->feeds[f].unread -= n;
	}
	m->v->feeds[0].unread -= n;
}

/* Mark read exactly the articles the user was shown: the list's rows
 * (only_shown: the list, with its limit), or every article of feed row f
 * (0: all) -- never what came into the database after the list was read
 * (an --update run by cron), which the user has not seen. In one
 * transaction: all of them or, if the database refuses (locked, read
 * only, full), none, and the failure said. */
static void
mark_all_read(struct nr_view *v, const struct nr_pane_row *r, int only_shown)
{
	struct nr_store_view q;
	struct nr_err err;
	struct marked m = { v, 0 };
	struct nr_buf in = NR_BUF_INIT;
	int64_t *feeds;
	long n, total_scope, unread_scope;
	size_t i;

	view_query(v, &q, &feeds);
	if (!only_shown) {
		memset(&q, 0, sizeof q);
		if (r != NULL && r->kind == NR_PANE_FEED) {
			q.feed_id = v->feeds[r->index].id;
		} else if (r != NULL && r->kind == NR_PANE_TAG) {
			const struct nr_view_tag *t = &v->tags[r->index];

			nr_buf_adds(&in, "a.feed IN (0");
			for (i = 0; i < t->nfeeds; i++) {
				nr_buf_printf(&in, ", %" PRId64, v->feeds[t->feeds[i]].id);
			}
			nr_buf_addc(&in, ')');
			q.where = nr_buf_str(&in);
		}
	}
	q.max_rowid = v->max_rowid;
	nr_store_set_busy_timeout(v->store, MARK_WAIT_MS);
	n = v->max_rowid > 0 ? nr_store_view_mark_read(v->store, &q, marked_in_feed, &m, &err) : 0;
	nr_store_set_busy_timeout(v->store, STORE_WAIT_MS);
	free(feeds);
	nr_buf_free(&in);
	if (n < 0) {
		nr_view_message(v, 1, _("Nothing marked read: %s"), err.msg);
		return;
	}
	/* The rows as the store has them now. */
	rows_drop(v);
	if (only_shown && !v->count_known) {
		/* Every article of the list is read now; its count goes on
		 * from the start, with the marks as they are. */
		v->ids_unread = 0;
		v->shown_unread = 0;
		v->count_from = 0;
		v->count_total = v->count_unread = 0;
	} else if (only_shown) {
		v->shown_unread -= n;
	} else if (v->q.limit == NULL && v->q_where == NULL && !v->scoped && v->q_filters == 0) {
		v->shown_unread = v->feeds[v->active_feed].unread;
	} else if (scope_alone(v) && nr_store_listed_count(v->store, 1, &total_scope, &unread_scope, &err) == 1) {
		v->shown_unread = unread_scope;
	} else {
		struct nr_store_view u;
		long total = 0, unread = 0;
		int counted = 0;

		view_query(v, &u, &feeds);
		u.max_rowid = v->max_rowid;
		u.filters |= NR_FILTER_UNREAD;
		if (count_budget >= 0) {
			counted = nr_store_view_count_budget(v->store, &u, count_budget, &total, &unread, &err);
		}
		if (counted == 1) {
			v->shown_unread = total;
		} else if (v->cursor != NULL) {
			/* Counted again between keys, the list as read so far
			 * shown meanwhile. */
			v->count_known = 0;
			v->ids_unread = 0;
			v->count_from = 0;
			v->count_total = v->count_unread = 0;
			ids_settle(v);
		} else {
			v->shown_unread = nr_store_view_count(v->store, &u, &err);
		}
		free(feeds);
	}
	if (v->shown_unread < 0) {
		v->shown_unread = 0;
	}
	/* The articles marked were not looked at one by one: the query
	 * rows count again. */
	if (n > 0) {
		filters_recount(v);
	}
	nr_view_message(v, 0, ngettext("%ld article marked read.", "%ld articles marked read.", (unsigned long)n), n);
	v->dirty |= NR_DIRTY_LIST | NR_DIRTY_FEEDS | NR_DIRTY_STATUS;
}

/* Show the selected article in the reader: focus moves there, and it is
 * marked read if the settings say so. */
void
view_open_article(struct nr_view *v)
{
	struct nr_view_article *a = view_selected(v);

	if (a == NULL) {
		nr_view_message(v, 1, "%s", _("No articles."));
		return;
	}
	v->reader_open = 1;
	v->focus = NR_CTX_READER;
	if (v->cfg->mark_read_on_open) {
		view_set_read(v, a, 1);
	}
	/* Reader mode's note on the page, as it is opened. */
	if (a->note != NULL) {
		nr_view_message(v, 0, "%s", a->note);
	}
	v->dirty |= NR_DIRTY_ALL;
}

static void
close_reader(struct nr_view *v)
{
	v->reader_open = 0;
	v->focus = NR_CTX_LIST;
	v->dirty |= NR_DIRTY_ALL;
}

/* Next or previous article (dir 1 or -1); in the reader the new one is
 * opened. */
void
view_step_article(struct nr_view *v, int dir)
{
	if (v->nshown == 0) {
		return;
	}
	if ((dir > 0 && v->sel + 1 >= v->nshown) || (dir < 0 && v->sel == 0)) {
		nr_view_message(v, 0, "%s", dir > 0 ? _("This is the last article.") : _("This is the first article."));
		return;
	}
	view_select(v, v->sel + (size_t)(long)dir);
	if (v->focus == NR_CTX_READER) {
		view_open_article(v);
	}
}

static void
jump_article(struct nr_view *v, int last)
{
	/* The end of a list not counted yet is after its last id. */
	if (last && !v->count_known) {
		ids_rest(v);
	}
	if (v->nshown == 0) {
		return;
	}
	view_select(v, last ? v->nshown - 1 : 0);
	if (v->focus == NR_CTX_READER) {
		view_open_article(v);
	}
}

/* ---- the query, and going back ---- */

static void
query_copy(struct nr_view_query *dst, const struct nr_view_query *src)
{
	*dst = *src;
	dst->limit = src->limit != NULL ? xstrdup(src->limit) : NULL;
}

static void
query_free(struct nr_view_query *q)
{
	free(q->limit);
	q->limit = NULL;
}

/* Whether a and b show the same articles (in whatever order). */
static int
same_filter(const struct nr_view_query *a, const struct nr_view_query *b)
{
	return a->feed_id == b->feed_id && a->tag == b->tag && a->unread_only == b->unread_only &&
	    a->starred_only == b->starred_only && (a->limit == NULL) == (b->limit == NULL) &&
	    (a->limit == NULL || strcmp(a->limit, b->limit) == 0);
}

/* active_feed from q.feed_id (0 if that source is gone). */
static void
resolve_feed(struct nr_view *v)
{
	size_t i;

	v->active_feed = 0;
	for (i = 1; v->q.feed_id != 0 && i < v->nfeeds; i++) {
		if (v->feeds[i].id == v->q.feed_id) {
			v->active_feed = i;
			break;
		}
	}
}

/* Show what v->q asks for. */
static void
apply_query(struct nr_view *v)
{
	resolve_feed(v);
	/* The limit of this level may be an expression (back restores it). */
	if (filters_limit(v, v->q.limit) < 0) {
		nr_filter_free(v->limit_filter);
		v->limit_filter = NULL;
	}
	nr_fold_pat_free(v->limit_pat);
	v->limit_pat = nr_fold_pat_new(v->q.limit, fold_flags(v));
	rebuild(v);
	/* Its row is shown even if sources with nothing unread are not. */
	pane_build(v);
	v->reader_top = 0;
	v->dirty |= NR_DIRTY_ALL;
}

/* Back to the level below (there is one); the order stays. */
static void
pop_level(struct nr_view *v)
{
	struct nr_view_level *l = &v->levels[--v->nlevels];
	enum nr_sort sort = v->q.sort;
	int reverse = v->q.reverse;

	query_free(&v->q);
	v->q = l->q;
	v->q.sort = sort;
	v->q.reverse = reverse;
	v->by_source = l->by_source;
	apply_query(v);
}

/* Show what nq asks for (its strings are taken), as a level back leaves;
 * by_source: nq chooses a source or tag. Going to what the level below
 * shows is going back to it, and from a chosen source or tag to another
 * is a move sideways, not a level deeper. The order is not part of a
 * level: it stays until it is changed. */
static void
set_query(struct nr_view *v, struct nr_view_query *nq, int by_source)
{
	nq->sort = v->q.sort;
	nq->reverse = v->q.reverse;
	if (same_filter(nq, &v->q)) {
		query_free(nq);
		apply_query(v);
		return;
	}
	if (v->nlevels > 0 && same_filter(nq, &v->levels[v->nlevels - 1].q)) {
		query_free(nq);
		pop_level(v);
		return;
	}
	if (!(by_source && v->by_source && v->nlevels > 0)) {
		v->levels = xreallocarray(v->levels, v->nlevels + 1, sizeof *v->levels);
		v->levels[v->nlevels].q = v->q;
		v->levels[v->nlevels].by_source = v->by_source;
		v->nlevels++;
		v->q.limit = NULL;
		v->by_source = by_source;
	}
	query_free(&v->q);
	v->q = *nq;
	apply_query(v);
}

/* Show the articles of feed f (0: all) or tag t + 1 (0: none). */
static void
choose_source(struct nr_view *v, size_t f, size_t t)
{
	struct nr_view_query nq;

	query_copy(&nq, &v->q);
	nq.feed_id = f > 0 && f < v->nfeeds ? v->feeds[f].id : 0;
	nq.tag = t;
	set_query(v, &nq, f != 0 || t != 0);
}

static void
switch_feed(struct nr_view *v, size_t f)
{
	choose_source(v, f, 0);
}

/* Show what row r of the sources pane stands for. */
static void
choose_row(struct nr_view *v, size_t r)
{
	if (r >= v->npane) {
		return;
	}
	v->feed_sel = r;
	switch (v->pane[r].kind) {
	case NR_PANE_TAG:
		choose_source(v, 0, v->pane[r].index + 1);
		break;
	case NR_PANE_FEED:
		choose_source(v, v->pane[r].index, 0);
		break;
	default:
		choose_source(v, 0, 0);
		break;
	}
}

/* The read articles hidden or shown again. */
static void
act_toggle_show_read(struct nr_view *v, int unused)
{
	struct nr_view_query nq;

	(void)unused;
	query_copy(&nq, &v->q);
	nq.unread_only = !nq.unread_only;
	set_query(v, &nq, 0);
	nr_view_message(v, 0, "%s", v->q.unread_only ? _("Showing unread articles only.")
	    : _("Showing read articles too."));
}

static void
act_toggle_starred_only(struct nr_view *v, int unused)
{
	struct nr_view_query nq;

	(void)unused;
	query_copy(&nq, &v->q);
	nq.starred_only = !nq.starred_only;
	set_query(v, &nq, 0);
	nr_view_message(v, 0, "%s", v->q.starred_only ? _("Showing starred articles only.")
	    : _("Showing starred and unstarred articles."));
}

/* The orders the sort key cycles through, and their names. */
static const enum nr_sort sort_cycle[] = {
	NR_SORT_NEWEST, NR_SORT_TITLE, NR_SORT_SOURCE, NR_SORT_AUTHOR, NR_SORT_UNREAD
};

static const char *
sort_label(enum nr_sort sort)
{
	switch (sort) {
	case NR_SORT_TITLE:
		return _("title");
	case NR_SORT_SOURCE:
		return _("source");
	case NR_SORT_AUTHOR:
		return _("author");
	case NR_SORT_UNREAD:
		return _("unread first");
	default:
		return _("date");
	}
}

/* Sort the articles again by v->q, the selected one staying selected. */
static void
resort(struct nr_view *v)
{
	const struct nr_view_article *cur = nr_view_selected(v);
	int64_t keep = cur != NULL ? cur->rowid : 0;

	filter_shown(v, keep, 1);
	list_changed(v);
	v->dirty |= NR_DIRTY_ALL;
	nr_view_message(v, 0, v->q.reverse ? _("Sorted by %s, reversed.") : _("Sorted by %s."), sort_label(v->q.sort));
}

static void
act_cycle_sort(struct nr_view *v, int unused)
{
	size_t i, n = sizeof sort_cycle / sizeof sort_cycle[0];

	(void)unused;
	for (i = 0; i < n && sort_cycle[i] != v->q.sort; i++) {
	}
	v->q.sort = sort_cycle[(i + 1) % n];
	v->q.reverse = 0;
	resort(v);
}

static void
act_reverse_sort(struct nr_view *v, int unused)
{
	(void)unused;
	v->q.reverse = !v->q.reverse;
	resort(v);
}

/* q: the reader back to the list, else the level before (a limit, a
 * filter, a chosen source or tag), else quit. */
static void
act_back(struct nr_view *v, int unused)
{
	(void)unused;
	if (v->focus == NR_CTX_READER) {
		close_reader(v);
		return;
	}
	if (v->nlevels > 0) {
		char *d;

		pop_level(v);
		d = nr_view_describe(v);
		nr_view_message(v, 0, _("Back to %s."), d + (d[0] == ' '));
		free(d);
		return;
	}
	v->quit = 1;
}

char *
nr_view_describe(const struct nr_view *v)
{
	const char *title = v->q.tag > 0 && v->q.tag <= v->ntags ? v->tags[v->q.tag - 1].name
	    : v->feeds[v->active_feed].title;
	struct nr_buf b = NR_BUF_INIT;
	long unread;
	char *s;

	/* The unread articles the list shows, not the source's; while the
	 * list is still being read, those found so far and a "+". */
	unread = v->shown_unread;
	if (!v->count_known && v->q.limit != NULL) {
		s = xasprintf(_(" %s, limited to '%s': %ld+ unread"), title, v->q.limit, unread);
	} else if (!v->count_known) {
		s = xasprintf(_(" %s: %ld+ unread"), title, unread);
	} else if (v->q.limit != NULL) {
		s = xasprintf(_(" %s, limited to '%s': %ld unread"), title, v->q.limit, unread);
	} else {
		s = xasprintf(_(" %s: %ld unread"), title, unread);
	}
	nr_buf_adds(&b, s);
	free(s);
	if (v->q.unread_only) {
		nr_buf_printf(&b, " [%s]", _("unread only"));
	}
	if (v->q.starred_only) {
		nr_buf_printf(&b, " [%s]", _("starred only"));
	}
	if (v->q.sort != NR_SORT_NEWEST || v->q.reverse) {
		nr_buf_printf(&b, " [%s%s]", sort_label(v->q.sort), v->q.reverse ? " \xe2\x86\x91" : "");
	}
	s = xstrdup(nr_buf_str(&b));
	nr_buf_free(&b);
	return s;
}

/* The unread article ] or [ went to: opened in the reader if the reader
 * has the focus; from the list, shown in the reader pane and so marked
 * read as opening it would be (mark_read_on_open). */
static void
show_unread(struct nr_view *v)
{
	struct nr_view_article *a = view_selected(v);

	if (v->focus == NR_CTX_READER) {
		view_open_article(v);
	} else if (a != NULL && v->cfg->mark_read_on_open && nr_view_reader_visible(v)) {
		view_set_read(v, a, 1);
	}
}

/* The next unread article in direction dir; past the end of one source's
 * articles, the next source with unread ones. */
static void
step_unread(struct nr_view *v, int dir)
{
	size_t i, f, count;

	count = dir > 0 ? v->nshown - (v->nshown > 0 ? v->sel + 1 : 0) : v->sel;
	if (dir > 0 && !v->count_known) {
		/* To the end of the list, read as far as it takes. */
		i = scan_open(v, v->nshown > 0 ? v->sel + 1 : 0, row_unread);
	} else {
		i = v->nshown > 0 && count > 0 ? scan_list(v, dir > 0 ? v->sel + 1 : v->sel - 1, dir, count,
		    row_unread) : SIZE_MAX;
	}
	if (i != SIZE_MAX) {
		view_select(v, i);
		show_unread(v);
		return;
	}
	if (v->active_feed != 0) {
		for (f = v->active_feed + (size_t)(long)dir; f >= 1 && f < v->nfeeds; f += (size_t)(long)dir) {
			if (v->feeds[f].unread > 0) {
				switch_feed(v, f);
				if (v->nshown > 0) {
					i = scan_list(v, dir > 0 ? 0 : v->nshown - 1, dir, v->nshown, row_unread);
					if (i != SIZE_MAX) {
						view_select(v, i);
					}
				}
				show_unread(v);
				nr_view_message(v, 0, _("Now in %s."), v->feeds[f].title);
				return;
			}
		}
	}
	nr_view_message(v, 0, "%s", _("No more unread articles."));
}

/* next-feed and prev-feed (arg 1, -1), next-unread-feed and
 * prev-unread-feed (2, -2): the next source in the sources pane's rows
 * (those it shows) from the one the list shows, shown as choosing its row
 * would. The list selects its first article (its first unread one for the
 * unread steps, shown in the reader pane as ] would); the reader, when it
 * has the focus, opens that article. */
static void
step_feed(struct nr_view *v, int arg)
{
	int dir = arg > 0 ? 1 : -1, unread = arg == 2 || arg == -2, reading = v->focus == NR_CTX_READER;
	size_t r, start = SIZE_MAX, i, f;

	if (nr_view_pane_active(v, v->feed_sel)) {
		start = v->feed_sel;
	}
	for (r = 0; start == SIZE_MAX && r < v->npane; r++) {
		if (nr_view_pane_active(v, r)) {
			start = r;
		}
	}
	if (start == SIZE_MAX) {
		start = dir > 0 ? SIZE_MAX : v->npane;
	}
	/* size_t wraps: below row 0 is past the end. */
	for (r = start + (size_t)(long)dir; r < v->npane; r += (size_t)(long)dir) {
		const struct nr_pane_row *p = &v->pane[r];

		if (p->kind != NR_PANE_FEED || (v->q.tag == 0 && p->index == v->active_feed) ||
		    (unread && nr_view_pane_unread(v, r) <= 0)) {
			continue;
		}
		f = p->index;
		/* Not the reader's sticky article: the new source's own list. */
		v->focus = NR_CTX_LIST;
		choose_row(v, r);
		view_keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->npane);
		i = unread && v->nshown > 0 ? scan_list(v, 0, 1, v->nshown, row_unread) : 0;
		view_select(v, i != SIZE_MAX ? i : 0);
		if (reading && v->nshown > 0) {
			view_open_article(v);
		} else if (reading) {
			close_reader(v);
		} else if (unread) {
			show_unread(v);
		}
		nr_view_message(v, 0, _("Now in %s."), v->feeds[f].title);
		return;
	}
	if (unread) {
		nr_view_message(v, 0, "%s", dir > 0 ? _("No source after this one has unread articles.")
		    : _("No source before this one has unread articles."));
	} else {
		nr_view_message(v, 0, "%s", dir > 0 ? _("This is the last source.") : _("This is the first source."));
	}
}

/* ---- search ---- */

void
view_not_found(struct nr_view *v)
{
	nr_view_message(v, 1, _("Not found: %s"), v->search);
}

static void
search_list(struct nr_view *v, int dir, int include_current)
{
	size_t n = v->nshown, i, start;

	if (n == 0 && v->count_known) {
		view_not_found(v);
		return;
	}
	if (!v->count_known) {
		/* Forward: to the end of the list as far as it is read
		 * (reading on), then it is whole and the search wraps;
		 * backward wraps to its end at once. */
		i = dir > 0 ? scan_open(v, include_current ? v->sel : v->sel + 1, row_matches_search) : SIZE_MAX;
		if (i != SIZE_MAX) {
			view_select(v, i);
			return;
		}
		ids_rest(v);
		n = v->nshown;
		if (n == 0) {
			view_not_found(v);
			return;
		}
		if (dir > 0) {
			i = v->sel > 0 || include_current ? scan_list(v, 0, 1, include_current ? v->sel : v->sel + 1,
			    row_matches_search) : SIZE_MAX;
			if (i == SIZE_MAX) {
				view_not_found(v);
				return;
			}
			nr_view_message(v, 0, "%s", _("Search wrapped to the top."));
			view_select(v, i);
			return;
		}
	}
	start = include_current ? v->sel : dir > 0 ? (v->sel + 1) % n : (v->sel + n - 1) % n;
	i = scan_list(v, start, dir, include_current ? n : n, row_matches_search);
	if (i == SIZE_MAX) {
		view_not_found(v);
		return;
	}
	if (!(include_current && i == v->sel) && ((dir > 0 && i <= v->sel) || (dir < 0 && i >= v->sel))) {
		nr_view_message(v, 0, "%s", dir > 0 ? _("Search wrapped to the top.")
		    : _("Search wrapped to the bottom."));
	}
	view_select(v, i);
}

static void
search_feeds(struct nr_view *v, int dir, int include_current)
{
	size_t n = v->npane, k;

	for (k = include_current ? 0 : 1; k <= n; k++) {
		size_t i = dir > 0 ? (v->feed_sel + k) % n : (v->feed_sel + n * 2 - k) % n;

		if (i > 0 && view_find(v->search_pat, nr_view_pane_title(v, i))) {
			v->feed_sel = i;
			view_keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->npane);
			v->dirty |= NR_DIRTY_FEEDS;
			return;
		}
	}
	view_not_found(v);
}

static void
search_again(struct nr_view *v, int dir, int include_current)
{
	if (v->search == NULL) {
		nr_view_message(v, 1, "%s", _("No search pattern yet."));
		return;
	}
	v->dirty |= NR_DIRTY_ALL;
	switch (v->focus) {
	case NR_CTX_READER:
		reader_search(v, dir, include_current);
		break;
	case NR_CTX_FEEDS:
		search_feeds(v, dir, include_current);
		break;
	default:
		search_list(v, dir, include_current);
		break;
	}
}

void
nr_view_search(struct nr_view *v, const char *pattern, int backward)
{
	if (pattern != NULL && pattern[0] != '\0') {
		free(v->search);
		v->search = xstrdup(pattern);
		nr_fold_pat_free(v->search_pat);
		v->search_pat = nr_fold_pat_new(pattern, fold_flags(v));
	}
	v->search_backward = backward;
	/* In the list a new search starts after the selection, as in mutt;
	 * in the reader at the line below the top. */
	search_again(v, backward ? -1 : 1, 0);
}

void
nr_view_limit(struct nr_view *v, const char *pattern)
{
	struct nr_view_query nq;

	/* An expression that does not parse leaves the list as it was. */
	if (filters_limit(v, pattern) < 0) {
		return;
	}
	query_copy(&nq, &v->q);
	free(nq.limit);
	nq.limit = pattern != NULL && pattern[0] != '\0' ? xstrdup(pattern) : NULL;
	set_query(v, &nq, 0);
	if (v->q.limit == NULL) {
		nr_view_message(v, 0, "%s", _("Showing all articles."));
	} else if (v->nshown == 0 && v->count_known) {
		nr_view_message(v, 1, _("No article matches: %s"), v->q.limit);
	} else if (!v->count_known) {
		nr_view_message(v, 0, _("%zu+ articles match so far: %s"), v->nshown, v->q.limit);
	} else {
		nr_view_message(v, 0, ngettext("%zu article matches: %s", "%zu articles match: %s", v->nshown),
		    v->nshown, v->q.limit);
	}
	v->dirty |= NR_DIRTY_ALL;
}

/* The interface asks the user for p, its text starting as init. */
void
view_ask(struct nr_view *v, enum nr_prompt p, const char *init)
{
	free(v->prompt_init);
	v->prompt_init = init != NULL ? xstrdup(init) : NULL;
	v->prompt = p;
}

void
nr_view_prompt_done(struct nr_view *v, const char *text)
{
	enum nr_prompt p = v->prompt;

	v->prompt = NR_PROMPT_NONE;
	free(v->prompt_init);
	v->prompt_init = NULL;
	v->dirty |= NR_DIRTY_STATUS;
	if (text == NULL) {
		v->msg[0] = '\0';
		return;
	}
	switch (p) {
	case NR_PROMPT_SEARCH_FORWARD:
	case NR_PROMPT_SEARCH_BACKWARD:
		nr_view_search(v, text, p == NR_PROMPT_SEARCH_BACKWARD);
		break;
	case NR_PROMPT_LIMIT:
		nr_view_limit(v, text);
		break;
	case NR_PROMPT_OPEN_LINK:
		if (text[0] != '\0') {
			send_open_link(v, text);
		}
		break;
	case NR_PROMPT_PIPE:
	case NR_PROMPT_PIPE_RAW:
		send_pipe(v, text, p == NR_PROMPT_PIPE_RAW);
		break;
	case NR_PROMPT_SAVE:
		send_save(v, text, 0);
		break;
	case NR_PROMPT_DELETE:
	case NR_PROMPT_UNSUBSCRIBE:
		if (strcasecmp(text, "y") == 0 || strcasecmp(text, "yes") == 0 || strcasecmp(text, _("yes")) == 0) {
			(p == NR_PROMPT_DELETE ? filters_delete_article : filters_unsubscribe)(v);
		} else {
			nr_view_message(v, 0, "%s", p == NR_PROMPT_DELETE ? _("Not deleted.") : _("Not unsubscribed."));
		}
		break;
	case NR_PROMPT_OVERWRITE:
		if (strcasecmp(text, "y") == 0 || strcasecmp(text, "yes") == 0 || strcasecmp(text, _("yes")) == 0) {
			char *path = v->save_path;

			v->save_path = NULL;
			send_save(v, path, 1);
			free(path);
		} else {
			nr_view_message(v, 0, "%s", _("Not saved."));
		}
		break;
	default:
		break;
	}
}

/* ---- dispatch ---- */

enum nr_context
nr_view_context(const struct nr_view *v)
{
	return v->focus;
}

/* A movement in the list moves the selection. */
static void
list_move(struct nr_view *v, int move)
{
	long rows = v->list_rows > 0 ? v->list_rows : 1;

	switch ((enum view_move)move) {
	case VIEW_LINE_UP:
		move_by(v, -1);
		break;
	case VIEW_LINE_DOWN:
		move_by(v, 1);
		break;
	case VIEW_HALF_UP:
		move_by(v, -(rows / 2 > 0 ? rows / 2 : 1));
		break;
	case VIEW_HALF_DOWN:
		move_by(v, rows / 2 > 0 ? rows / 2 : 1);
		break;
	case VIEW_PAGE_UP:
		/* The page moves and the selection with it, as in mutt. */
		v->top = v->top > (size_t)rows ? v->top - (size_t)rows : 0;
		move_by(v, -rows);
		break;
	case VIEW_PAGE_DOWN:
		if (v->nshown > 0 && v->top + (size_t)rows < v->nshown) {
			v->top += (size_t)rows;
		}
		move_by(v, rows);
		break;
	case VIEW_TOP:
		jump_article(v, 0);
		break;
	case VIEW_BOTTOM:
		jump_article(v, 1);
		break;
	}
}

/* A movement in the sources pane moves its selection (opening a source
 * is the open action's). */
static void
feeds_move(struct nr_view *v, int move)
{
	long rows = v->feed_rows > 0 ? v->feed_rows : 1;
	long i = (long)v->feed_sel;

	switch ((enum view_move)move) {
	case VIEW_LINE_UP:
		i--;
		break;
	case VIEW_LINE_DOWN:
		i++;
		break;
	case VIEW_HALF_UP:
		i -= rows / 2 > 0 ? rows / 2 : 1;
		break;
	case VIEW_HALF_DOWN:
		i += rows / 2 > 0 ? rows / 2 : 1;
		break;
	case VIEW_PAGE_UP:
		i -= rows;
		break;
	case VIEW_PAGE_DOWN:
		i += rows;
		break;
	case VIEW_TOP:
		i = 0;
		break;
	case VIEW_BOTTOM:
		i = (long)v->npane - 1;
		break;
	}
	if (i >= (long)v->npane) {
		i = (long)v->npane - 1;
	}
	if (i < 0) {
		i = 0;
	}
	v->feed_sel = (size_t)i;
	view_keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->npane);
	v->dirty |= NR_DIRTY_FEEDS;
}

static void
cycle_focus(struct nr_view *v, int unused)
{
	enum nr_context order[3] = { NR_CTX_FEEDS, NR_CTX_LIST, NR_CTX_READER };
	int i, cur = 0;

	(void)unused;
	for (i = 0; i < 3; i++) {
		if (order[i] == v->focus) {
			cur = i;
		}
	}
	for (i = 1; i <= 3; i++) {
		enum nr_context c = order[(cur + i) % 3];

		if (c == NR_CTX_FEEDS && !v->show_feeds) {
			continue;
		}
		if (c == NR_CTX_READER && (v->layout == NR_LAYOUT_FULL || v->nshown == 0)) {
			continue;
		}
		v->focus = c;
		break;
	}
	v->dirty |= NR_DIRTY_ALL;
}

/* The handlers of the table below: each takes the view and the entry's
 * argument. */

static void
act_quit(struct nr_view *v, int unused)
{
	(void)unused;
	v->quit = 1;
}

static void
act_help(struct nr_view *v, int unused)
{
	(void)unused;
	help_build(v);
	v->help_open = 1;
	v->help_top = 0;
	v->dirty |= NR_DIRTY_ALL;
}

static void
act_redraw(struct nr_view *v, int unused)
{
	(void)unused;
	v->dirty |= NR_DIRTY_ALL;
}

static void
act_open_article(struct nr_view *v, int unused)
{
	(void)unused;
	view_open_article(v);
}

static void
act_open_feed(struct nr_view *v, int unused)
{
	(void)unused;
	choose_row(v, v->feed_sel);
	v->focus = NR_CTX_LIST;
}

static void
act_close(struct nr_view *v, int unused)
{
	(void)unused;
	close_reader(v);
}

/* The interface asks for p (enum nr_prompt). */
static void
act_prompt(struct nr_view *v, int p)
{
	v->prompt = (enum nr_prompt)p;
}

/* n (same, 1) and N (reverse, -1) relative to the search's direction. */
static void
act_search_again(struct nr_view *v, int same)
{
	int dir = v->search_backward ? -1 : 1;

	search_again(v, same > 0 ? dir : -dir, 0);
}

static void
act_toggle_read(struct nr_view *v, int unused)
{
	(void)unused;
	toggle_read(v);
}

static void
act_toggle_star(struct nr_view *v, int unused)
{
	(void)unused;
	toggle_star(v);
}

/* In the list: the articles in view (only those matching a limit). */
static void
act_mark_shown_read(struct nr_view *v, int unused)
{
	(void)unused;
	mark_all_read(v, NULL, 1);
}

/* In the sources pane: every article of the selected source. */
/* In the sources pane: every article of the selected source, or of the
 * feeds of the selected tag. */
static void
act_mark_feed_read(struct nr_view *v, int unused)
{
	(void)unused;
	const struct nr_pane_row *r = v->feed_sel < v->npane ? &v->pane[v->feed_sel] : NULL;

	if (r != NULL && r->kind == NR_PANE_FEED && v->feeds[r->index].query > 0) {
		/* A query's articles are those it shows. */
		if (!nr_view_pane_active(v, v->feed_sel)) {
			choose_row(v, v->feed_sel);
		}
		mark_all_read(v, NULL, 1);
		return;
	}
	mark_all_read(v, r, 0);
}

static void
act_cycle_layout(struct nr_view *v, int unused)
{
	static const char *const layout_msgs[NR_LAYOUT_COUNT] = {
		N_("Layout: split (list above the reader)."),
		N_("Layout: vertical (list left of the reader)."),
		N_("Layout: full screen."),
	};

	(void)unused;
	v->layout = (enum nr_layout)((v->layout + 1) % NR_LAYOUT_COUNT);
	if (v->layout == NR_LAYOUT_FULL && v->focus == NR_CTX_READER && !v->reader_open) {
		v->focus = NR_CTX_LIST;
	}
	nr_view_message(v, 0, "%s", _(layout_msgs[v->layout]));
	v->dirty |= NR_DIRTY_ALL;
}

static void
act_toggle_feeds(struct nr_view *v, int unused)
{
	(void)unused;
	v->show_feeds = !v->show_feeds;
	if (v->show_feeds) {
		v->focus = NR_CTX_FEEDS;
	} else if (v->focus == NR_CTX_FEEDS) {
		v->focus = NR_CTX_LIST;
	}
	v->dirty |= NR_DIRTY_ALL;
}

static void
act_show_errors(struct nr_view *v, int unused)
{
	(void)unused;
	help_show_errors(v);
}

/* One link opens at once; more ask for the number. */
static void
act_open_link(struct nr_view *v, int unused)
{
	(void)unused;
	if (reader_load_selected(v) == NULL) {
		return;
	}
	if (v->links.n == 0) {
		nr_view_message(v, 1, "%s", _("This article has no links."));
	} else if (v->links.n == 1) {
		send_open_url(v, v->links.v[0].url);
	} else {
		view_ask(v, NR_PROMPT_OPEN_LINK, NULL);
	}
}

static void
act_open_browser(struct nr_view *v, int unused)
{
	(void)unused;
	if (nr_view_selected(v) != NULL) {
		send_open_url(v, nr_view_selected(v)->link);
	}
}

/* Ask for the command to pipe to (p: NR_PROMPT_PIPE or _PIPE_RAW). */
static void
act_pipe(struct nr_view *v, int p)
{
	if (nr_view_selected(v) != NULL) {
		view_ask(v, (enum nr_prompt)p, NULL);
	}
}

static void
act_save(struct nr_view *v, int unused)
{
	(void)unused;
	if (nr_view_selected(v) != NULL) {
		char *name = send_save_name(nr_view_selected(v));

		view_ask(v, NR_PROMPT_SAVE, name);
		free(name);
	}
}

/* The dispatch table: which function runs an action in which panes
 * (NR_IN_* bits), with what argument. An action may have one entry for
 * all its panes or one per pane; the unit test checks that every action
 * has a handler in every pane actions.h lets it be bound in. The help
 * overlay, when open, takes the keys before this table (help.c). */
struct handler {
	enum nr_action act;
	unsigned contexts;
	void (*fn)(struct nr_view *v, int arg);
	int arg;
};

#define MOVES(ctx, fn) \
	{ NR_ACT_UP, ctx, fn, VIEW_LINE_UP }, \
	{ NR_ACT_DOWN, ctx, fn, VIEW_LINE_DOWN }, \
	{ NR_ACT_HALF_PAGE_UP, ctx, fn, VIEW_HALF_UP }, \
	{ NR_ACT_HALF_PAGE_DOWN, ctx, fn, VIEW_HALF_DOWN }, \
	{ NR_ACT_PAGE_UP, ctx, fn, VIEW_PAGE_UP }, \
	{ NR_ACT_PAGE_DOWN, ctx, fn, VIEW_PAGE_DOWN }, \
	{ NR_ACT_TOP, ctx, fn, VIEW_TOP }, \
	{ NR_ACT_BOTTOM, ctx, fn, VIEW_BOTTOM }

static const struct handler handlers[] = {
	{ NR_ACT_QUIT, NR_IN_ALL, act_quit, 0 },
	{ NR_ACT_HELP, NR_IN_ALL, act_help, 0 },
	{ NR_ACT_REDRAW, NR_IN_ALL, act_redraw, 0 },
	MOVES(NR_IN_LIST, list_move),
	MOVES(NR_IN_READER, reader_move),
	MOVES(NR_IN_FEEDS, feeds_move),
	{ NR_ACT_OPEN, NR_IN_LIST, act_open_article, 0 },
	{ NR_ACT_OPEN, NR_IN_FEEDS, act_open_feed, 0 },
	{ NR_ACT_CLOSE, NR_IN_READER, act_close, 0 },
	{ NR_ACT_NEXT_ARTICLE, NR_IN_LIST | NR_IN_READER, view_step_article, 1 },
	{ NR_ACT_PREV_ARTICLE, NR_IN_LIST | NR_IN_READER, view_step_article, -1 },
	{ NR_ACT_NEXT_UNREAD, NR_IN_LIST | NR_IN_READER, step_unread, 1 },
	{ NR_ACT_PREV_UNREAD, NR_IN_LIST | NR_IN_READER, step_unread, -1 },
	{ NR_ACT_FIRST_ARTICLE, NR_IN_LIST | NR_IN_READER, jump_article, 0 },
	{ NR_ACT_LAST_ARTICLE, NR_IN_LIST | NR_IN_READER, jump_article, 1 },
	{ NR_ACT_SEARCH_FORWARD, NR_IN_ALL, act_prompt, NR_PROMPT_SEARCH_FORWARD },
	{ NR_ACT_SEARCH_BACKWARD, NR_IN_ALL, act_prompt, NR_PROMPT_SEARCH_BACKWARD },
	{ NR_ACT_SEARCH_NEXT, NR_IN_ALL, act_search_again, 1 },
	{ NR_ACT_SEARCH_PREV, NR_IN_ALL, act_search_again, -1 },
	{ NR_ACT_LIMIT, NR_IN_LIST, act_prompt, NR_PROMPT_LIMIT },
	{ NR_ACT_TOGGLE_READ, NR_IN_LIST | NR_IN_READER, act_toggle_read, 0 },
	{ NR_ACT_TOGGLE_STAR, NR_IN_LIST | NR_IN_READER, act_toggle_star, 0 },
	{ NR_ACT_MARK_ALL_READ, NR_IN_LIST, act_mark_shown_read, 0 },
	{ NR_ACT_MARK_ALL_READ, NR_IN_FEEDS, act_mark_feed_read, 0 },
	{ NR_ACT_CYCLE_LAYOUT, NR_IN_ALL, act_cycle_layout, 0 },
	{ NR_ACT_TOGGLE_FEEDS, NR_IN_ALL, act_toggle_feeds, 0 },
	{ NR_ACT_FOCUS_NEXT, NR_IN_ALL, cycle_focus, 0 },
	{ NR_ACT_OPEN_LINK, NR_IN_READER, act_open_link, 0 },
	{ NR_ACT_OPEN_BROWSER, NR_IN_LIST | NR_IN_READER, act_open_browser, 0 },
	{ NR_ACT_PIPE, NR_IN_LIST | NR_IN_READER, act_pipe, NR_PROMPT_PIPE },
	{ NR_ACT_PIPE_RAW, NR_IN_LIST | NR_IN_READER, act_pipe, NR_PROMPT_PIPE_RAW },
	{ NR_ACT_SAVE, NR_IN_LIST | NR_IN_READER, act_save, 0 },
	{ NR_ACT_RELOAD, NR_IN_LIST | NR_IN_FEEDS, schedule_reload, 0 },
	{ NR_ACT_RELOAD_ALL, NR_IN_ALL, schedule_reload, 1 },
	{ NR_ACT_SHOW_ERRORS, NR_IN_ALL, act_show_errors, 0 },
	{ NR_ACT_FULL_TEXT, NR_IN_LIST | NR_IN_READER, schedule_full_text, 0 },
	{ NR_ACT_TOGGLE_SUMMARY, NR_IN_LIST | NR_IN_READER, reader_toggle_summary, 0 },
	{ NR_ACT_DELETE_ARTICLE, NR_IN_LIST | NR_IN_READER, filters_act_delete, 0 },
	{ NR_ACT_UNSUBSCRIBE, NR_IN_FEEDS, filters_act_unsubscribe, 0 },
	{ NR_ACT_BACK, NR_IN_ALL, act_back, 0 },
	{ NR_ACT_TOGGLE_SHOW_READ, NR_IN_ALL, act_toggle_show_read, 0 },
	{ NR_ACT_TOGGLE_STARRED_ONLY, NR_IN_ALL, act_toggle_starred_only, 0 },
	{ NR_ACT_TOGGLE_SHOW_READ_FEEDS, NR_IN_ALL, pane_toggle_read_feeds, 0 },
	{ NR_ACT_CYCLE_SORT, NR_IN_ALL, act_cycle_sort, 0 },
	{ NR_ACT_REVERSE_SORT, NR_IN_ALL, act_reverse_sort, 0 },
	{ NR_ACT_TOGGLE_TAG, NR_IN_FEEDS, pane_toggle_tag, 0 },
	{ NR_ACT_NEXT_FEED, NR_IN_LIST | NR_IN_READER, step_feed, 1 },
	{ NR_ACT_PREV_FEED, NR_IN_LIST | NR_IN_READER, step_feed, -1 },
	{ NR_ACT_NEXT_UNREAD_FEED, NR_IN_LIST | NR_IN_READER, step_feed, 2 },
	{ NR_ACT_PREV_UNREAD_FEED, NR_IN_LIST | NR_IN_READER, step_feed, -2 },
	{ NR_ACT_LINK_LIST, NR_IN_LIST | NR_IN_READER, help_show_links, 0 },
};

static const struct handler *
find_handler(enum nr_context ctx, enum nr_action act)
{
	size_t i;

	for (i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
		if (handlers[i].act == act && (handlers[i].contexts & (1u << ctx)) != 0) {
			return &handlers[i];
		}
	}
	return NULL;
}

int
nr_view_handles(enum nr_context ctx, enum nr_action act)
{
	return find_handler(ctx, act) != NULL;
}

void
nr_view_do(struct nr_view *v, enum nr_action act)
{
	const struct handler *h;

	if (act == NR_ACT_NONE) {
		return;
	}
	h = find_handler(v->focus, act);
	if (h == NULL) {
		/* Not bindable here (config/ refuses it), but the view's
		 * callers may still ask. */
		nr_view_message(v, 1, _("'%s' is not available in this version."), nr_action_name(act));
		return;
	}
	h->fn(v, h->arg);
}

enum nr_action
nr_view_key(struct nr_view *v, uint32_t key)
{
	enum nr_context ctx = v->focus;
	enum nr_action act;

	act = nr_keymap_lookup(&v->cfg->keys[ctx], key);
	if (v->links_open) {
		/* The link list is a list: Enter opens, as in the article list;
		 * a digit starts a link's number, as in the reader. */
		act = nr_keymap_lookup(&v->cfg->keys[NR_CTX_LIST], key);
		if (act == NR_ACT_NONE && key >= '1' && key <= '9') {
			char digit[2] = { (char)key, '\0' };

			view_ask(v, NR_PROMPT_OPEN_LINK, digit);
			return NR_ACT_OPEN_LINK;
		}
	}
	if (v->help_open) {
		help_key(v, act);
		return act;
	}
	if (v->msg[0] != '\0') {
		/* A message stays until the next key. */
		v->msg[0] = '\0';
		v->msg_error = 0;
		v->dirty |= NR_DIRTY_STATUS;
	}
	if (act == NR_ACT_NONE && ctx == NR_CTX_READER && key >= '1' && key <= '9') {
		/* A digit in the reader starts the link number. */
		char digit[2] = { (char)key, '\0' };

		if (reader_load_selected(v) != NULL && v->links.n > 0) {
			view_ask(v, NR_PROMPT_OPEN_LINK, digit);
		} else {
			nr_view_message(v, 1, "%s", _("This article has no links."));
		}
		return NR_ACT_OPEN_LINK;
	}
	if (act == NR_ACT_NONE) {
		char name[NR_KEY_NAME_MAX];

		nr_key_name(key, name, sizeof name);
		nr_view_message(v, 1, _("Key %s is not bound here (F1 or H shows the keys)."), name);
		return act;
	}
	nr_view_do(v, act);
	return act;
}

/* ---- sizes and the mouse ---- */

void
nr_view_set_size(struct nr_view *v, int list_rows, int reader_rows, int reader_cols, int feed_rows,
    int help_rows)
{
	v->list_rows = list_rows;
	v->reader_rows = reader_rows;
	v->feed_rows = feed_rows;
	v->help_rows = help_rows;
	view_keep_visible(v->sel, &v->top, list_rows, v->nshown);
	view_keep_visible(v->feed_sel, &v->feed_top, feed_rows, v->npane);
	reader_set_width(v, reader_cols);
	help_fit(v);
	v->dirty |= NR_DIRTY_ALL;
}

void
nr_view_click_list(struct nr_view *v, int row, int open)
{
	size_t i = v->top + (size_t)(row > 0 ? row : 0);

	if (i >= v->nshown) {
		return;
	}
	v->focus = NR_CTX_LIST;
	view_select(v, i);
	if (open) {
		view_open_article(v);
	}
	v->dirty |= NR_DIRTY_ALL;
}

void
nr_view_click_feeds(struct nr_view *v, int row, int open)
{
	size_t i = v->feed_top + (size_t)(row > 0 ? row : 0);

	if (i >= v->npane) {
		return;
	}
	v->focus = NR_CTX_FEEDS;
	v->feed_sel = i;
	if (open) {
		choose_row(v, i);
		v->focus = NR_CTX_LIST;
	}
	v->dirty |= NR_DIRTY_ALL;
}

void
nr_view_click_reader(struct nr_view *v)
{
	if (v->nshown > 0) {
		v->focus = NR_CTX_READER;
		v->dirty |= NR_DIRTY_ALL;
	}
}

void
nr_view_scroll(struct nr_view *v, enum nr_context pane, int lines)
{
	if (v->help_open) {
		help_key(v, lines < 0 ? NR_ACT_UP : NR_ACT_DOWN);
		return;
	}
	switch (pane) {
	case NR_CTX_READER:
		reader_scroll(v, lines);
		break;
	case NR_CTX_FEEDS: {
		long i = (long)v->feed_sel + lines;

		if (i >= (long)v->npane) {
			i = (long)v->npane - 1;
		}
		v->feed_sel = i < 0 ? 0 : (size_t)i;
		view_keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->npane);
		v->dirty |= NR_DIRTY_FEEDS;
		break;
	}
	default:
		move_by(v, lines);
		break;
	}
}

/* ---- life ---- */

/* Read the sources of the store into v (whose feeds are empty), with
 * "all" first. */
static int
load_feeds(struct nr_view *v, struct nr_err *err)
{
	v->feeds = xcalloc(1, sizeof *v->feeds);
	v->feeds[0].title = xstrdup(_("All articles"));
	v->feeds[0].location = xstrdup("");
	v->nfeeds = 1;
	if (nr_store_feeds(v->store, add_feed, v, err) < 0) {
		return -1;
	}
	/* What came after this is not shown until the list is read again
	 * (nor counted in the query rows). */
	v->max_rowid = nr_store_max_rowid(v->store, err);
	if (v->max_rowid < 0) {
		return -1;
	}
	filters_add_queries(v);
	pane_map_feeds(v);
	return 0;
}

static void
free_feeds(struct nr_view_feed *feeds, size_t nfeeds)
{
	size_t i;

	for (i = 0; i < nfeeds; i++) {
		free(feeds[i].title);
		free(feeds[i].location);
		free(feeds[i].error);
	}
	free(feeds);
}

int
nr_view_refresh(struct nr_view *v, struct nr_err *err)
{
	struct nr_view_feed *ofeeds = v->feeds;
	size_t onfeeds = v->nfeeds, i;
	int64_t omax = v->max_rowid;
	const struct nr_view_article *cur = nr_view_selected(v);
	int64_t keep = cur != NULL ? cur->rowid : 0;
	struct nr_pane_row rsel = v->feed_sel < v->npane ? v->pane[v->feed_sel] : v->pane[0];
	int64_t fsel = rsel.kind == NR_PANE_FEED ? v->feeds[rsel.index].id : 0;
	size_t oactive = v->active_feed, ofsel = v->feed_sel;
	size_t row = v->sel >= v->top ? v->sel - v->top : 0, frow = v->feed_sel >= v->feed_top ?
	    v->feed_sel - v->feed_top : 0;

	v->feeds = NULL;
	v->nfeeds = 0;
	if (load_feeds(v, err) < 0) {
		free_feeds(v->feeds, v->nfeeds);
		v->feeds = ofeeds;
		v->nfeeds = onfeeds;
		v->max_rowid = omax;
		return -1;
	}
	/* The same source and the same article stay selected, on the same
	 * row of the screen. */
	resolve_feed(v);
	if (filter_shown(v, keep, 1) < 0) {
		free_feeds(v->feeds, v->nfeeds);
		v->feeds = ofeeds;
		v->nfeeds = onfeeds;
		v->max_rowid = omax;
		v->active_feed = oactive;
		v->feed_sel = ofsel;
		pane_map_feeds(v);
		nr_err_set(err, NR_ERR_IO, "%s", v->msg);
		return -1;
	}
	free_feeds(ofeeds, onfeeds);
	schedule_mark_failures(v);
	v->stale = 0;
	v->feed_sel = SIZE_MAX;
	pane_build(v);
	for (i = 0; i < v->npane; i++) {
		const struct nr_pane_row *r = &v->pane[i];

		if (r->kind == rsel.kind && r->nested == rsel.nested &&
		    (r->kind == NR_PANE_FEED ? v->feeds[r->index].id == fsel : r->index == rsel.index)) {
			v->feed_sel = i;
			break;
		}
	}
	if (v->feed_sel == SIZE_MAX) {
		v->feed_sel = 0;
	}
	v->feed_top = v->feed_sel >= frow ? v->feed_sel - frow : 0;
	view_keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->npane);
	v->top = v->sel >= row ? v->sel - row : 0;
	view_keep_visible(v->sel, &v->top, v->list_rows, v->nshown);
	v->dirty |= NR_DIRTY_ALL;
	return 0;
}

struct nr_view *
nr_view_new(struct nr_store *store, const struct nr_config *cfg, struct nr_err *err)
{
	struct nr_view *v = xcalloc(1, sizeof *v);

	v->store = store;
	v->cfg = cfg;
	v->layout = cfg->layout;
	v->show_feeds = cfg->show_feeds;
	v->show_read_feeds = cfg->show_read_feeds;
	v->focus = NR_CTX_LIST;
	v->q.unread_only = !cfg->show_read;
	v->q.sort = cfg->sort == NR_SORT_OLDEST ? NR_SORT_NEWEST : cfg->sort;
	v->q.reverse = cfg->sort == NR_SORT_OLDEST;
	v->list_rows = 1;
	v->reader_rows = 1;
	v->feed_rows = 1;
	v->help_rows = 1;
	pane_init_tags(v);
	if (load_feeds(v, err) < 0 || filter_shown(v, 0, 0) < 0) {
		if (v->msg[0] != '\0') {
			nr_err_set(err, NR_ERR_IO, "%s", v->msg);
		}
		nr_view_free(v);
		return NULL;
	}
	pane_build(v);
	v->reader_cols = NR_RENDER_WIDTH;
	v->dirty = NR_DIRTY_ALL;
	return v;
}

void
nr_view_free(struct nr_view *v)
{
	if (v == NULL) {
		return;
	}
	schedule_stop(v);
	free_feeds(v->feeds, v->nfeeds);
	rows_drop(v);
	free(v->rows);
	free(v->ids);
	nr_store_cursor_free(v->cursor);
	free(v->where);
	free(v->order_by);
	filters_free(v);
	free(v->q_where);
	free(v->q_where_sorted);
	free(v->q_order_by);
	pane_free(v);
	query_free(&v->q);
	while (v->nlevels > 0) {
		query_free(&v->levels[--v->nlevels].q);
	}
	free(v->levels);
	free(v->search);
	nr_fold_pat_free(v->limit_pat);
	nr_fold_pat_free(v->search_pat);
	free(v->body);
	free(v->prompt_init);
	free(v->save_path);
	nr_links_free(&v->links);
	nr_wrap_free(&v->lines);
	nr_wrap_free(&v->help);
	free(v);
}
