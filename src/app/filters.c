/*
 * The filter language in the interface (app/view_int.h, "filters.c"):
 * the limit prompt's expressions and the [query NAME] rows of the sources
 * pane, both evaluated by the store (a WHERE clause over the whole
 * library, so a large one stays fast) and kept as sorted rowids the list
 * checks each article against; deleting an article for good; and
 * unsubscribing from the selected source.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/clock.h"
#include "app/subscriptions.h"
#include "app/view_int.h"
#include "config/subscribe.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "filter/filter.h"
#include "nls.h"
#include "util/utf8.h"

/* ---- the [query NAME] rows' counts ----
 *
 * Kept across reads of the store (v->qcounts, one per query): counted
 * once, then only the articles that came since (row ids above the last
 * counted) as feeds arrive, and each mark the user makes looked up in
 * every query (the article matched before the mark and after it), so that
 * the counts follow marks in every row, not only the chosen one. A count
 * that cannot be quick (a regular expression over every title) is taken
 * in rowid slices between keys (view_background), the row showing "..."
 * until it is done. Bulk changes (mark all read, delete, unsubscribe)
 * count again, and so does a reading of the store with no update running
 * (the end of one), the last counts shown until the new ones are in.
 * Across runs the store keeps them (nr_store_filter_count_kept): a count
 * again, the first of a run included, adds what is kept for the sources
 * unchanged since and counts the others; a first count in slices is kept
 * once whole (nr_store_tally). */

/* What a query's count waits for at most before it goes on in slices. */
#define QUERY_COUNT_MS 10
#define QUERY_SLICE_MS 15

/* A library of at most this many rowids is read whole in a few
 * milliseconds (100,000 articles: 11 ms of CPU on two connections). */
#define SMALL_ROWS 100000

/* What all the rows' counts at once may take together (the first screen
 * waits for them): the rest are counted in slices. */
#define QUERY_COUNTS_MS 60

/* Query i's count from the counts kept in the database (only the feeds
 * changed since counted again), for at most budget_ms: as
 * nr_store_filter_count_kept. Articles the view has and the count did
 * not see (the last one deleted in between) are counted after it. */
static int
qcount_kept(struct nr_view *v, size_t i, int64_t now, long budget_ms)
{
	struct nr_view_qcount *qc = &v->qcounts[i];
	struct nr_err err;
	long total, unread;
	int64_t upto;
	int r;

	r = nr_store_filter_count_kept(v->store, v->cfg->queries[i].filter, now, budget_ms, &total, &unread, &upto,
	    &err);
	qc->kept = r == 0;
	if (r < 0) {
		nr_view_message(v, 1, "%s: %s", v->cfg->queries[i].label, err.msg);
		qc->from = qc->target;
		qc->fresh = 1;
	} else if (r == 1) {
		/* As of the last article it saw: those after it are counted
		 * as they come. */
		qc->total = total;
		qc->unread = unread;
		qc->from = upto;
		qc->target = upto > qc->target ? upto : qc->target;
		qc->fresh = qc->from >= qc->target;
	}
	return r;
}

static void qcount_step(struct nr_view *v, size_t i, int64_t now, long budget_ms);

/* Whether a row before row i is still to be counted (between keys). */
static int
qcount_waiting(const struct nr_view *v, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++) {
		if (v->qcounts[j].kept || v->qcounts[j].from < v->qcounts[j].target) {
			return 1;
		}
	}
	return 0;
}

/* Count query i from scratch, its count not kept: at once if it is quick
 * (and quick is nonzero), else in slices, kept when whole. */
static void
qcount_scratch(struct nr_view *v, size_t i, int64_t now, int quick)
{
	struct nr_view_qcount *qc = &v->qcounts[i];
	struct nr_err err;
	int r;

	int scan = !nr_store_filter_quick(v->store, v->cfg->queries[i].filter, now);

	qc->target = v->max_rowid;
	r = view_count_budget() < 0 || !quick || scan ? 0 : nr_store_filter_count_budget(v->store,
	    v->cfg->queries[i].filter, now, QUERY_COUNT_MS, &qc->total, &qc->unread, &err);
	if (r < 0) {
		nr_view_message(v, 1, "%s: %s", v->cfg->queries[i].label, err.msg);
	}
	if (r != 0) {
		/* Counted (or failed: nothing to wait for). */
		qc->from = qc->target;
		qc->fresh = 1;
		return;
	}
	qc->total = qc->unread = 0;
	qc->tally = nr_store_tally_new(v->store, v->cfg->queries[i].filter, now);
	if (qc->tally != NULL) {
		qc->target = nr_store_tally_upto(qc->tally);
	}
	/* What no index narrows reads every article's row: in a small
	 * library counted at once (its number on the first screen); in a
	 * large one started on the second connection, which counts while
	 * the first screen is read and drawn, and counted between keys from
	 * then on (the first screen waits for none of it). Only the first
	 * row waiting to be counted: the rows are counted one after the
	 * other, and the second connection counts one at a time. */
	if (scan && view_count_budget() >= 0 && !qcount_waiting(v, i)) {
		qcount_step(v, i, now, quick && v->max_rowid <= SMALL_ROWS ? QUERY_COUNT_MS : NR_STORE_COUNT_START);
	}
}

/* Count query i again: from the counts kept if there are (at once if
 * quick is nonzero, else between keys), else from scratch; the row
 * showing meanwhile its last count if keep is nonzero (a count again
 * after an update, which changed few), else "...". */
static void
qcount_start(struct nr_view *v, size_t i, int64_t now, int quick, int keep)
{
	struct nr_view_qcount *qc = &v->qcounts[i];
	long shown_total = qc->fresh ? qc->total : qc->shown_total, shown_unread = qc->fresh ? qc->unread
	    : qc->shown_unread;
	int shown = keep && (qc->fresh || qc->shown);

	nr_store_tally_free(qc->tally);
	memset(qc, 0, sizeof *qc);
	qc->shown = shown;
	qc->shown_total = shown_total;
	qc->shown_unread = shown_unread;
	qc->target = v->max_rowid;
	if (!quick || view_count_budget() < 0) {
		qc->kept = 1;
		return;
	}
	if (qcount_kept(v, i, now, QUERY_COUNT_MS) == 2) {
		qcount_scratch(v, i, now, quick);
	}
}

/* A slice of query i's count (budget_ms, 0: to the end). */
static void
qcount_step(struct nr_view *v, size_t i, int64_t now, long budget_ms)
{
	struct nr_view_qcount *qc = &v->qcounts[i];
	struct nr_err err;
	int r = 0;

	if (qc->kept) {
		if (qcount_kept(v, i, now, budget_ms) == 2) {
			qcount_scratch(v, i, now, 0);
		}
		return;
	}
	if (qc->tally != NULL && qc->from < nr_store_tally_upto(qc->tally)) {
		r = nr_store_tally_from(v->store, qc->tally, &qc->from, budget_ms, &qc->total, &qc->unread, &err);
		if (r == 0) {
			return;
		}
	}
	nr_store_tally_free(qc->tally);
	qc->tally = NULL;
	if (r >= 0 && qc->from < qc->target) {
		r = nr_store_filter_count_from(v->store, v->cfg->queries[i].filter, now, &qc->from, qc->target,
		    budget_ms, &qc->total, &qc->unread, &err);
	}
	if (r < 0) {
		nr_view_message(v, 1, "%s: %s", v->cfg->queries[i].label, err.msg);
		qc->from = qc->target;
	}
	if (qc->from >= qc->target) {
		qc->fresh = 1;
	}
}

/* The query rows' counts as the sources pane shows them: -1 ("...") for
 * one not counted yet. */
static void
qcount_show(struct nr_view *v)
{
	size_t f;

	for (f = 1; f < v->nfeeds; f++) {
		size_t q = v->feeds[f].query;

		if (q > 0 && q <= v->nqcounts) {
			const struct nr_view_qcount *qc = &v->qcounts[q - 1];

			v->feeds[f].total = qc->fresh ? qc->total : qc->shown ? qc->shown_total : -1;
			v->feeds[f].unread = qc->fresh ? qc->unread : qc->shown ? qc->shown_unread : -1;
		}
	}
}

void
filters_add_queries(struct nr_view *v)
{
	int64_t now = nr_clock_wall(v->clock);
	size_t i;

	if (v->qcounts == NULL && v->cfg->nqueries > 0) {
		int64_t t0 = nr_clock_mono_ms(v->clock);

		v->qcounts = xcalloc(v->cfg->nqueries, sizeof *v->qcounts);
		v->nqcounts = v->cfg->nqueries;
		for (i = 0; i < v->nqcounts; i++) {
			qcount_start(v, i, now, nr_clock_mono_ms(v->clock) - t0 < QUERY_COUNTS_MS, 0);
		}
	} else if (v->qcounts != NULL && (v->updater == NULL || !nr_updater_busy(v->updater))) {
		/* The store read again with no update running (an update's
		 * end, a source read again): counted again, for what new
		 * articles alone do not say (articles pruned by max_articles,
		 * marks a sync brought, an age that grew), the last counts
		 * shown until then. */
		int64_t t0 = nr_clock_mono_ms(v->clock);

		for (i = 0; i < v->nqcounts; i++) {
			qcount_start(v, i, now, nr_clock_mono_ms(v->clock) - t0 < QUERY_COUNTS_MS, 1);
		}
	}
	for (i = 0; i < v->cfg->nqueries; i++) {
		const struct nr_query *q = &v->cfg->queries[i];
		struct nr_view_qcount *qc = &v->qcounts[i];
		struct nr_view_feed *f;

		/* The articles that came since it was counted: a rowid
		 * range, quick for the few an update brings. */
		if (v->max_rowid > qc->target) {
			qc->target = v->max_rowid;
			qcount_step(v, i, now, QUERY_COUNT_MS);
		}
		v->feeds = xreallocarray(v->feeds, v->nfeeds + 1, sizeof *v->feeds);
		f = &v->feeds[v->nfeeds++];
		memset(f, 0, sizeof *f);
		/* Its own ids, below every feed's, so that a refresh finds it
		 * again. */
		f->id = -(int64_t)i - 1;
		f->title = nr_utf8_sanitize(q->label, strlen(q->label), NR_SAN_COLLAPSE);
		f->location = xstrdup("");
		f->query = i + 1;
	}
	qcount_show(v);
}

void
filters_recount(struct nr_view *v)
{
	int64_t now = nr_clock_wall(v->clock), t0 = nr_clock_mono_ms(v->clock);
	size_t i;

	for (i = 0; i < v->nqcounts; i++) {
		qcount_start(v, i, now, nr_clock_mono_ms(v->clock) - t0 < QUERY_COUNTS_MS, 0);
	}
	qcount_show(v);
	v->dirty |= NR_DIRTY_FEEDS;
}

int
filters_background(struct nr_view *v)
{
	int64_t now = nr_clock_wall(v->clock);
	size_t i;

	for (i = 0; i < v->nqcounts; i++) {
		if (v->qcounts[i].kept || v->qcounts[i].from < v->qcounts[i].target) {
			qcount_step(v, i, now, QUERY_SLICE_MS);
			if (v->qcounts[i].fresh) {
				qcount_show(v);
				v->dirty |= NR_DIRTY_FEEDS | NR_DIRTY_STATUS;
			}
			return 1;
		}
	}
	return 0;
}

void
filters_mark_before(struct nr_view *v, int64_t rowid)
{
	int64_t now = nr_clock_wall(v->clock);
	size_t i;

	for (i = 0; i < v->nqcounts; i++) {
		v->qcounts[i].matched = rowid <= v->qcounts[i].from &&
		    nr_store_filter_has(v->store, v->cfg->queries[i].filter, now, rowid, NULL) == 1;
	}
}

void
filters_mark_after(struct nr_view *v, int64_t rowid, int was_unread, int unread)
{
	int64_t now = nr_clock_wall(v->clock);
	size_t i;

	for (i = 0; i < v->nqcounts; i++) {
		struct nr_view_qcount *qc = &v->qcounts[i];
		int now_matches;

		/* Not counted yet: its count will see the mark. */
		if (rowid > qc->from) {
			continue;
		}
		now_matches = nr_store_filter_has(v->store, v->cfg->queries[i].filter, now, rowid, NULL) == 1;
		qc->total += now_matches - qc->matched;
		qc->unread += (now_matches && unread) - (qc->matched && was_unread);
		/* The count shown while it is counted again follows too. */
		if (!qc->fresh && qc->shown) {
			qc->shown_total += now_matches - qc->matched;
			qc->shown_unread += (now_matches && unread) - (qc->matched && was_unread);
		}
	}
	qcount_show(v);
}

int
filters_count(struct nr_view *v, long *total, long *unread)
{
	size_t q = v->active_feed < v->nfeeds ? v->feeds[v->active_feed].query : 0;
	struct nr_err err;
	int r;

	/* Only a list that is the query or the limit alone (the scope
	 * aside): no source, tag, views' SQL or read/starred filter. */
	if (v->q.tag != 0 || v->where != NULL || v->q_filters != 0 || v->q.unread_only || v->q.starred_only) {
		return 0;
	}
	if (q > 0 && v->q.limit == NULL && q <= v->nqcounts) {
		const struct nr_view_qcount *qc = &v->qcounts[q - 1];

		/* Counted up to the list's last article, no further. */
		if (!qc->fresh || qc->from != v->max_rowid) {
			return 0;
		}
		*total = qc->total;
		*unread = qc->unread;
		return 1;
	}
	if (q == 0 && v->active_feed == 0 && v->limit_filter != NULL) {
		/* From the sources' counts when it is feed sets and unread
		 * tests, else if it is quick. */
		r = nr_store_filter_count_budget(v->store, v->limit_filter, nr_clock_wall(v->clock), QUERY_COUNT_MS,
		    total, unread, &err);
		if (r < 0) {
			nr_view_message(v, 1, "%s", err.msg);
		}
		return r == 1 ? 1 : -1;
	}
	return 0;
}

/* Append cond to b, joined by AND. */
static void
add_cond(struct nr_buf *b, const char *cond)
{
	if (cond == NULL) {
		return;
	}
	nr_buf_printf(b, "%s(%s)", b->len > 0 ? " AND " : "", cond);
}

void
filters_update(struct nr_view *v)
{
	size_t q = v->active_feed < v->nfeeds ? v->feeds[v->active_feed].query : 0;
	int64_t now = nr_clock_wall(v->clock);
	struct nr_buf b = NR_BUF_INIT, bs = NR_BUF_INIT;
	int sorted;
	char *sql;

	free(v->filter_where);
	free(v->filter_where_sorted);
	v->filter_where = v->filter_where_sorted = NULL;
	v->scoped = nr_store_scope_active(v->store);
	if (v->limit_filter == NULL && q == 0) {
		return;
	}
	for (sorted = 0; sorted < 2; sorted++) {
		struct nr_buf *to = sorted ? &bs : &b;

		add_cond(to, v->where);
		if (v->limit_filter != NULL) {
			sql = nr_store_filter_sql_as(v->limit_filter, now, sorted);
			add_cond(to, sql);
			free(sql);
		}
		if (q > 0 && q <= v->cfg->nqueries) {
			sql = nr_store_filter_sql_as(v->cfg->queries[q - 1].filter, now, sorted);
			add_cond(to, sql);
			free(sql);
		}
	}
	v->filter_where = nr_buf_steal(&b);
	v->filter_where_sorted = nr_buf_steal(&bs);
}

int
filters_limit(struct nr_view *v, const char *text)
{
	struct nr_filter *f = NULL;
	struct nr_err err;

	if (text != NULL && text[0] != '\0') {
		f = nr_filter_parse(text, &err);
		if (f == NULL && nr_filter_looks_like(text)) {
			nr_view_message(v, 1, _("Not a filter: %s"), err.msg);
			return -1;
		}
	}
	nr_filter_free(v->limit_filter);
	v->limit_filter = f;
	return f != NULL;
}

void
filters_free(struct nr_view *v)
{
	size_t i;

	nr_filter_free(v->limit_filter);
	v->limit_filter = NULL;
	free(v->filter_where);
	free(v->filter_where_sorted);
	v->filter_where = v->filter_where_sorted = NULL;
	for (i = 0; i < v->nqcounts; i++) {
		nr_store_tally_free(v->qcounts[i].tally);
	}
	free(v->qcounts);
	v->qcounts = NULL;
	v->nqcounts = 0;
	free(v->dropped);
	v->dropped = NULL;
}

int
filters_dropped(const struct nr_view *v, const struct nr_source *src)
{
	return v->dropped != NULL && v->dropped[src - v->cfg->sources];
}

/* ---- deleting an article ---- */

void
filters_act_delete(struct nr_view *v, int arg)
{
	(void)arg;
	if (nr_view_selected(v) == NULL) {
		return;
	}
	view_ask(v, NR_PROMPT_DELETE, NULL);
}

void
filters_delete_article(struct nr_view *v)
{
	const struct nr_view_article *a = nr_view_selected(v);
	struct nr_err err;
	size_t at = v->sel;

	if (a == NULL) {
		return;
	}
	if (nr_store_delete_article(v->store, a->rowid, &err) < 0) {
		nr_view_message(v, 1, _("Not deleted: %s"), err.msg);
		return;
	}
	/* The next article takes its place, in the list and the reader. */
	v->reader_rowid = 0;
	if (nr_view_refresh(v, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
		return;
	}
	filters_recount(v);
	if (v->nshown > 0) {
		view_select(v, at < v->nshown ? at : v->nshown - 1);
	}
	if (v->focus == NR_CTX_READER && v->nshown > 0) {
		view_open_article(v);
	} else if (v->focus == NR_CTX_READER) {
		v->focus = NR_CTX_LIST;
	}
	nr_view_message(v, 0, "%s", _("Article deleted; it will not come back."));
}

/* ---- unsubscribing ---- */

/* The configured source of sources-pane row f, or NULL. */
static const struct nr_source *
config_source(const struct nr_view *v, size_t f)
{
	const char *loc;
	size_t i;

	if (f == 0 || f >= v->nfeeds || v->feeds[f].query > 0) {
		return NULL;
	}
	loc = v->feeds[f].location;
	for (i = 0; i < v->cfg->nsources; i++) {
		const struct nr_source *src = &v->cfg->sources[i];
		char *real;
		size_t n;
		int same;

		if (filters_dropped(v, src)) {
			continue;
		}
		if (strcmp(src->path, loc) == 0) {
			return src;
		}
		if (src->is_url) {
			continue;
		}
		/* Local sources are stored under their real path, a folder's
		 * files under it. */
		real = realpath(src->path, NULL);
		n = real != NULL ? strlen(real) : 0;
		same = real != NULL && strncmp(real, loc, n) == 0 && (loc[n] == '\0' || loc[n] == '/');
		free(real);
		if (same) {
			return src;
		}
	}
	return NULL;
}

/* The feed of the selected row of the sources pane (0: not a feed's). */
static size_t
selected_feed(const struct nr_view *v)
{
	if (v->feed_sel >= v->npane || v->pane[v->feed_sel].kind != NR_PANE_FEED) {
		return 0;
	}
	return v->pane[v->feed_sel].index;
}

void
filters_act_unsubscribe(struct nr_view *v, int arg)
{
	size_t f = selected_feed(v);

	(void)arg;
	if (f == 0 || f >= v->nfeeds || v->feeds[f].query > 0) {
		nr_view_message(v, 1, "%s", _("Select a source to unsubscribe from."));
		return;
	}
	if (v->cfg->path == NULL) {
		nr_view_message(v, 1, "%s", _("There is no configuration file to unsubscribe from."));
		return;
	}
	if (config_source(v, f) == NULL) {
		nr_view_message(v, 1, _("%s is not in the configuration file (given on the command line?)."),
		    v->feeds[f].title);
		return;
	}
	nr_view_message(v, 0, _("Unsubscribe from %s?"), v->feeds[f].title);
	view_ask(v, NR_PROMPT_UNSUBSCRIBE, NULL);
}

/* Whether a source still subscribed to or a [query NAME] has the tag
 * name. */
static int
tag_in_use(const struct nr_view *v, const char *name)
{
	size_t i, j;

	for (i = 0; i < v->cfg->nsources; i++) {
		for (j = 0; !filters_dropped(v, &v->cfg->sources[i]) && j < v->cfg->sources[i].ntags; j++) {
			if (strcmp(v->cfg->sources[i].tags[j], name) == 0) {
				return 1;
			}
		}
	}
	for (i = 0; i < v->cfg->nqueries; i++) {
		for (j = 0; j < v->cfg->queries[i].ntags; j++) {
			if (strcmp(v->cfg->queries[i].tags[j], name) == 0) {
				return 1;
			}
		}
	}
	return 0;
}

void
filters_unsubscribe(struct nr_view *v)
{
	size_t f = selected_feed(v);
	const struct nr_source *src = config_source(v, f);
	char *label = NULL, *location = NULL, *title, *real;
	struct nr_err err;
	long n;

	if (src == NULL) {
		return;
	}
	if (nr_unsubscribe(v->cfg->path, src->label, &label, &location, &err) < 0) {
		nr_view_message(v, 1, _("Not unsubscribed: %s"), err.msg);
		return;
	}
	/* For the rest of the run it is not in the configuration: the
	 * updater fetches a feed on the web no more, and R, which reads
	 * the local sources of the configuration, passes it by. */
	if (v->dropped == NULL) {
		v->dropped = xcalloc(v->cfg->nsources, 1);
	}
	v->dropped[src - v->cfg->sources] = 1;
	if (v->updater != NULL) {
		nr_updater_drop(v->updater, src->path);
	}
	title = xstrdup(v->feeds[f].title);
	/* Its articles first, while all its feeds are in the session's
	 * scope (a folder's files each have one). */
	n = nr_subscriptions_forget(v->store, src->path, &err);
	if (n >= 0 && strcmp(location, src->path) != 0) {
		long m = nr_subscriptions_forget(v->store, location, &err);

		n = m < 0 ? -1 : n + m;
	}
	if (n < 0) {
		nr_view_message(v, 1, _("Unsubscribed from %s, but its articles are still in the database: %s"), title,
		    err.msg);
	} else {
		nr_view_message(v, 0, ngettext("Unsubscribed from %s; %ld article removed (starred ones kept).",
		    "Unsubscribed from %s; %ld articles removed (starred ones kept).", n), title, n);
	}
	/* Out of the scope: the row's location, and the source as the
	 * scope holds it (a local one by its real path, a folder with what
	 * is under it). */
	real = src->is_url ? NULL : realpath(src->path, NULL);
	nr_store_scope_remove(v->store, v->feeds[f].location, NULL);
	nr_store_scope_remove(v->store, src->path, NULL);
	if (real != NULL) {
		nr_store_scope_remove(v->store, real, NULL);
	}
	free(real);
	/* Its articles are gone: the list shows every source's instead. */
	if (v->q.feed_id == v->feeds[f].id) {
		v->q.feed_id = 0;
	}
	/* So are those of a tag that only it had: its row goes (pane.c shows
	 * no tag without feeds), and the list with it. */
	if (v->q.tag != 0 && v->q.tag <= v->ntags && !tag_in_use(v, v->tags[v->q.tag - 1].name)) {
		v->q.tag = 0;
	}
	if (nr_view_refresh(v, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	}
	filters_recount(v);
	free(title);
	free(label);
	free(location);
}
