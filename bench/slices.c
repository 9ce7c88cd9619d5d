/*
 * A first count taken between keys, timed call by call: the store's
 * nr_store_tally_from with the interface's budget (QUERY_SLICE_MS, 15 ms)
 * called until the count is whole, as app/filters.c does between keys,
 * on a library of bench/bench-filter.sh (its session: FEEDS feeds in 50
 * tags, all in scope). Prints each call's wall-clock and CPU time (every
 * thread's) and rows counted, then the whole; the longest call is what
 * the keyboard waits at most.
 *
 *   slices DATABASE EXPRESSION [BUDGET-MS [FEEDS]]
 *
 * Built as bench/bench-library.sh builds bench/window.c. The database is
 * opened read-only: nothing is kept.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "filter/filter.h"
#include "store/store.h"

static double
ms_of(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct nr_store *store;
	struct nr_store_tally *t;
	struct nr_filter *f;
	struct nr_err err;
	double w0, c0, longest = 0;
	long budget, nfeeds, i, total = 0, unread = 0, calls = 0;
	int64_t from = 0;
	int r = 0;

	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: slices DATABASE EXPRESSION [BUDGET-MS [FEEDS]]\n");
		return 2;
	}
	setlocale(LC_ALL, "C.UTF-8");
	budget = argc > 3 ? atol(argv[3]) : 15;
	nfeeds = argc > 4 ? atol(argv[4]) : 1000;
	f = nr_filter_parse(argv[2], &err);
	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", argv[2], err.msg);
		return 2;
	}
	store = nr_store_open(argv[1], NR_STORE_READONLY, &err);
	if (store == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	for (i = 0; i < nfeeds; i++) {
		char loc[64], tag[32];
		const char *tags[1] = { tag };

		snprintf(loc, sizeof loc, "https://feed%ld.example/rss", i);
		snprintf(tag, sizeof tag, "tag-%ld", i % 50);
		nr_store_set_tags(store, loc, tags, 1, &err);
		nr_store_scope_add(store, loc, 0, &err);
	}
	w0 = ms_of(CLOCK_MONOTONIC);
	c0 = ms_of(CLOCK_PROCESS_CPUTIME_ID);
	t = nr_store_tally_new(store, f, (int64_t)time(NULL));
	if (t == NULL) {
		fprintf(stderr, "%s: not counted by feed (age?)\n", argv[2]);
		return 1;
	}
	while (r == 0) {
		double w = ms_of(CLOCK_MONOTONIC), c = ms_of(CLOCK_PROCESS_CPUTIME_ID);
		int64_t before = from;

		r = nr_store_tally_from(store, t, &from, budget, &total, &unread, &err);
		w = ms_of(CLOCK_MONOTONIC) - w;
		printf("call %3ld: %6.1f ms wall, %6.1f ms CPU, %7lld rows\n", calls++, w,
		    ms_of(CLOCK_PROCESS_CPUTIME_ID) - c, (long long)(from - before));
		longest = w > longest ? w : longest;
	}
	if (r < 0) {
		fprintf(stderr, "%s\n", err.msg);
	}
	printf("whole: %.1f ms wall, %.1f ms CPU, %ld calls, the longest %.1f ms (%ld articles, %ld unread)\n",
	    ms_of(CLOCK_MONOTONIC) - w0, ms_of(CLOCK_PROCESS_CPUTIME_ID) - c0, calls, longest, total, unread);
	nr_store_tally_free(t);
	nr_store_close(store);
	nr_filter_free(f);
	return r < 0;
}
