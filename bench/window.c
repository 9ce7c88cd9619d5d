/*
 * The list as a window on a large database, timed through the program's
 * own code (app/view.c and store/, as the interface drives them, without
 * the terminal): opening the view (the sources pane with its counts, the
 * list's row ids, the first screen's rows), moving a page and to the end,
 * a limit, one source's view and back, the unread counts of every source,
 * a search, and reading one body. bench/bench-library.sh builds and runs
 * it:
 *
 *   window DATABASE LIMIT-PATTERN SEARCH-PATTERN
 *
 * Prints one line per measure (milliseconds) and the peak resident memory.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/view.h"
#include "config/settings.h"
#include "store/store.h"

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
	long counts[2] = { 0, 0 };

	if (argc != 4) {
		fprintf(stderr, "usage: window DATABASE LIMIT SEARCH\n");
		return 2;
	}
	nr_config_defaults(&cfg);
	t = now_ms();
	store = nr_store_open(argv[1], 0, &err);
	if (store == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	v = nr_view_new(store, &cfg, &err);
	if (v == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	nr_view_set_size(v, 38, 0, 120, 38, 38);
	screen(v);
	printf("open and first screen       %8.1f ms  (%zu articles, %zu sources)\n", now_ms() - t, v->nshown,
	    v->nfeeds - 1);

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
	printf("limit '%s'              %8.1f ms  (%zu match)\n", argv[2], now_ms() - t, v->nshown);
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
	nr_config_free(&cfg);
	return 0;
}
