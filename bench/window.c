/*
 * The list as a window on a large database, timed through the program's
 * own code (app/view.c and store/, as the interface drives them, without
 * the terminal): opening the view (the sources pane with its counts, the
 * list's row ids, the first screen's rows), moving a page and to the end,
 * a limit, one source's view and back, the unread counts of every source,
 * a search, and reading one body. bench/bench-library.sh builds and runs
 * it:
 *
 *   window DATABASE LIMIT-PATTERN SEARCH-PATTERN [FEEDS]
 *
 * With FEEDS (bench/bench-filter.sh's library of FEEDS feeds in 50 tags),
 * the session a configuration of those feeds sets up (tags, scope) and
 * the filter benchmark's expressions: each as a [query NAME] row (the
 * time until every row has its count) and as a limit (its first screen,
 * then the time until the list is read whole and counted, between keys as
 * the interface's loop does it), and a mark with every query row
 * following it; then, opened again, each query's count from what the
 * first opening kept (schema 11), and every row counted again.
 *
 * Prints one line per measure (milliseconds) and the peak resident memory.
 *
 *   window DATABASE first FEEDS [EXPRESSION]
 *
 * times instead each expression's first count (or only EXPRESSION's, one
 * of those above, for a profile) as a query row alone: a
 * view opened with that one [query NAME] row, and the view ticked (as
 * between keys) until the row shows its count, wall-clock and the
 * process's CPU time (every thread's). Run it after deleting what the
 * database keeps (query_counts, query_keys), or the counts are the kept
 * ones.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/view.h"
#include "config/settings.h"
#include "core/xmalloc.h"
#include "filter/filter.h"
#include "store/store.h"

/* The expressions of bench/bench-filter.sh. */
static const char *const exprs[] = {
	"unread",
	"starred",
	"unread and age < 7",
	"published >= \"2026-05-01\"",
	"source = \"Feed 7\"",
	"tags = \"tag-3\" and unread",
	"author = \"Author 42\"",
	"title =~ \"^linux\"",
	"title =~ \"kernel.*release\" and unread",
};
#define NEXPRS (sizeof exprs / sizeof exprs[0])

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* What drawing the list pane reads: its rows on screen. */
static void
screen(struct nr_view *v)
{
	size_t i;

	for (i = v->top; i < v->top + (size_t)v->list_rows && i < v->nshown; i++) {
		(void)nr_view_row(v, i);
	}
	nr_view_selected(v);
}

/* The session a configuration of nfeeds feeds in 50 tags sets up. */
static void
session(struct nr_store *store, long nfeeds)
{
	struct nr_err err;
	long f;

	for (f = 0; f < nfeeds; f++) {
		char loc[64], tag[32];
		const char *tags[1] = { tag };

		snprintf(loc, sizeof loc, "https://feed%ld.example/rss", f);
		snprintf(tag, sizeof tag, "tag-%ld", f % 50);
		nr_store_set_tags(store, loc, tags, 1, &err);
		nr_store_scope_add(store, loc, 0, &err);
	}
}

/* The second opening: each query's count as the sources pane takes it
 * first, from what the first opening kept (the feeds its mark changed
 * counted again), or counted whole when it is not kept; then the view's
 * rows all counted. */
static void
second_opening(const char *path, struct nr_config *cfg, long nfeeds)
{
	struct nr_store *store;
	struct nr_view *v;
	struct nr_err err;
	double t;
	size_t i;
	long k;

	store = nr_store_open(path, 0, &err);
	if (store == NULL) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		return;
	}
	session(store, nfeeds);
	for (i = 0; i < NEXPRS; i++) {
		long total = 0, unread = 0;
		int64_t upto;
		int r;

		t = now_ms();
		r = nr_store_filter_count_kept(store, cfg->queries[i].filter, (int64_t)time(NULL), 0, &total, &unread,
		    &upto, &err);
		if (r == 2) {
			nr_store_filter_count(store, cfg->queries[i].filter, (int64_t)time(NULL), &total, &unread, &err);
		}
		printf("second opening: query %-42s %7.1f ms  (%s; %ld articles, %ld unread)\n", exprs[i], now_ms() - t,
		    r == 1 ? "kept" : r == 2 ? "not kept, counted whole" : "failed", total, unread);
	}
	t = now_ms();
	v = nr_view_new(store, cfg, &err);
	if (v == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		nr_store_close(store);
		return;
	}
	nr_view_set_size(v, 38, 0, 120, 38, 38);
	screen(v);
	printf("second opening: open and first screen %8.1f ms\n", now_ms() - t);
	for (k = 0; k < 100000 && nr_view_deadline(v) == 0; k++) {
		nr_view_tick(v);
	}
	printf("second opening: every query row counted %6.1f ms  (%ld slices)\n", now_ms() - t, k);
	nr_view_free(v);
	nr_store_close(store);
}

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The query row's counts in v's sources pane (-1: not counted yet). */
static const struct nr_view_feed *
query_row(const struct nr_view *v)
{
	size_t f;

	for (f = 0; f < v->nfeeds; f++) {
		if (v->feeds[f].query == 1) {
			return &v->feeds[f];
		}
	}
	return NULL;
}

/* Each expression's first count as a query row alone (see above). */
static void
first_counts(const char *path, long nfeeds, const char *only)
{
	size_t i;

	for (i = 0; i < NEXPRS; i++) {
		if (only != NULL && strcmp(only, exprs[i]) != 0) {
			continue;
		}
		struct nr_config cfg;
		struct nr_store *store;
		struct nr_view *v;
		const struct nr_view_feed *qf;
		struct nr_err err;
		double w0, c0, screen_ms;
		long k;

		nr_config_defaults(&cfg);
		cfg.queries = xcalloc(1, sizeof *cfg.queries);
		cfg.queries[0].label = xstrdup(exprs[i]);
		cfg.queries[0].filter = nr_filter_parse(exprs[i], &err);
		cfg.nqueries = 1;
		store = nr_store_open(path, 0, &err);
		if (store == NULL) {
			fprintf(stderr, "%s: %s\n", path, err.msg);
			nr_config_free(&cfg);
			return;
		}
		session(store, nfeeds);
		w0 = now_ms();
		c0 = cpu_ms();
		v = nr_view_new(store, &cfg, &err);
		if (v == NULL) {
			fprintf(stderr, "%s\n", err.msg);
			nr_store_close(store);
			nr_config_free(&cfg);
			return;
		}
		nr_view_set_size(v, 38, 0, 120, 38, 38);
		screen(v);
		screen_ms = now_ms() - w0;
		for (k = 0; k < 100000 && (qf = query_row(v)) != NULL && qf->total < 0; k++) {
			nr_view_tick(v);
		}
		qf = query_row(v);
		printf("first count: query %-42s %7.1f ms wall, %7.1f ms CPU from opening (first screen %5.1f ms; %ld ticks;"
		    " %ld articles, %ld unread)\n", exprs[i], now_ms() - w0, cpu_ms() - c0, screen_ms, k,
		    qf != NULL ? qf->total : -1, qf != NULL ? qf->unread : -1);
		nr_view_free(v);
		nr_store_close(store);
		nr_config_free(&cfg);
	}
}

static int
count_feed(void *ud, const struct nr_store_feed_info *f)
{
	long *n = ud;

	n[0]++;
	n[1] += f->unread;
	return 0;
}

int
main(int argc, char **argv)
{
	struct nr_config cfg;
	struct nr_store *store;
	struct nr_view *v;
	struct nr_item body;
	struct nr_err err;
	struct rusage ru;
	double t;
	long counts[2] = { 0, 0 }, nfeeds, k;
	size_t i;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: window DATABASE LIMIT SEARCH [FEEDS]\n       window DATABASE first FEEDS [EXPRESSION]\n");
		return 2;
	}
	/* A UTF-8 locale, as the program runs in (and test_filter's
	 * benchmark: a regular expression's kept count is the locale's). */
	setlocale(LC_ALL, "C.UTF-8");
	if ((argc == 4 || argc == 5) && strcmp(argv[2], "first") == 0) {
		first_counts(argv[1], atol(argv[3]), argc == 5 ? argv[4] : NULL);
		return 0;
	}
	nr_config_defaults(&cfg);
	nfeeds = argc == 5 ? atol(argv[4]) : 0;
	if (nfeeds > 0) {
		cfg.queries = xcalloc(NEXPRS, sizeof *cfg.queries);
		for (i = 0; i < NEXPRS; i++) {
			cfg.queries[i].label = xstrdup(exprs[i]);
			cfg.queries[i].filter = nr_filter_parse(exprs[i], &err);
		}
		cfg.nqueries = NEXPRS;
	}
	t = now_ms();
	store = nr_store_open(argv[1], 0, &err);
	if (store == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	session(store, nfeeds);
	t = now_ms();
	v = nr_view_new(store, &cfg, &err);
	if (v == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	nr_view_set_size(v, 38, 0, 120, 38, 38);
	screen(v);
	printf("open and first screen       %8.1f ms  (%zu articles, %zu sources)\n", now_ms() - t, v->nshown,
	    v->nfeeds - 1);
	if (nfeeds > 0) {
		/* The query rows not counted at once are counted between keys. */
		for (k = 0; k < 100000 && nr_view_deadline(v) == 0; k++) {
			nr_view_tick(v);
		}
		printf("every query row counted     %8.1f ms  (%ld slices)\n", now_ms() - t, k);
		for (i = 0; i < NEXPRS; i++) {
			const struct nr_view_feed *qf = &v->feeds[v->nfeeds - NEXPRS + i];

			printf("  query %-42s %7ld articles, %6ld unread\n", exprs[i], qf->total, qf->unread);
		}
		for (i = 0; i < NEXPRS; i++) {
			t = now_ms();
			nr_view_limit(v, exprs[i]);
			screen(v);
			printf("limit %-40s first screen %7.1f ms  (%zu%s)\n", exprs[i], now_ms() - t, v->nshown,
			    nr_view_counting(v) ? "+" : "");
			t = now_ms();
			for (k = 0; k < 100000 && nr_view_counting(v); k++) {
				nr_view_tick(v);
			}
			printf("      %-40s whole, between keys %7.1f ms  (%zu articles, %ld unread; %ld slices)\n", exprs[i],
			    now_ms() - t, v->nshown, v->shown_unread, k);
		}
		nr_view_limit(v, NULL);
		screen(v);
		t = now_ms();
		nr_view_do(v, NR_ACT_TOGGLE_READ);
		printf("a mark, %zu query rows following it %5.1f ms\n", NEXPRS, now_ms() - t);
		nr_view_do(v, NR_ACT_TOGGLE_READ);
	}

	t = now_ms();
	nr_view_do(v, NR_ACT_PAGE_DOWN);
	screen(v);
	printf("page down                   %8.1f ms\n", now_ms() - t);
	t = now_ms();
	nr_view_do(v, NR_ACT_BOTTOM);
	screen(v);
	printf("to the last article         %8.1f ms\n", now_ms() - t);
	t = now_ms();
	nr_view_do(v, NR_ACT_TOP);
	screen(v);
	printf("to the first article        %8.1f ms\n", now_ms() - t);

	t = now_ms();
	nr_view_limit(v, argv[2]);
	screen(v);
	printf("limit '%s' first screen %8.1f ms  (%zu%s match)\n", argv[2], now_ms() - t, v->nshown,
	    nr_view_counting(v) ? "+" : "");
	t = now_ms();
	for (k = 0; k < 100000 && nr_view_counting(v); k++) {
		nr_view_tick(v);
	}
	printf("limit '%s' whole, between keys %8.1f ms  (%zu match; %ld slices)\n", argv[2], now_ms() - t,
	    v->nshown, k);
	t = now_ms();
	nr_view_limit(v, NULL);
	screen(v);
	printf("limit off                   %8.1f ms\n", now_ms() - t);

	t = now_ms();
	nr_view_click_feeds(v, (int)(v->nfeeds / 2), 1);
	screen(v);
	printf("one source's view           %8.1f ms  (%zu articles)\n", now_ms() - t, v->nshown);
	t = now_ms();
	/* Row 0 of the sources pane is "all" when it is scrolled to the top. */
	v->feed_top = 0;
	nr_view_click_feeds(v, 0, 1);
	screen(v);
	printf("back to all                 %8.1f ms  (%zu articles)\n", now_ms() - t, v->nshown);

	t = now_ms();
	nr_store_feeds(store, count_feed, counts, &err);
	printf("unread counts of %4ld sources %6.1f ms  (%ld unread)\n", counts[0], now_ms() - t, counts[1]);

	t = now_ms();
	nr_view_search(v, argv[3], 0);
	screen(v);
	printf("search '%s'              %8.1f ms  (row %zu)\n", argv[3], now_ms() - t, v->sel + 1);

	t = now_ms();
	nr_item_init(&body);
	if (nr_store_get_body(store, nr_view_selected(v)->rowid, &body, &err) == 0) {
		printf("one body                    %8.3f ms  (%zu bytes)\n", now_ms() - t,
		    body.content != NULL ? strlen(body.content) : 0);
	}
	nr_item_clear(&body);

	getrusage(RUSAGE_SELF, &ru);
	printf("peak resident memory        %8ld MB\n", ru.ru_maxrss / 1024);
	nr_view_free(v);
	nr_store_close(store);
	if (nfeeds > 0) {
		second_opening(argv[1], &cfg, nfeeds);
	}
	nr_config_free(&cfg);
	return 0;
}
