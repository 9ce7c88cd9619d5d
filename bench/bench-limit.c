/*
 * The store's part of a limit over every feed on a large database (issue
 * 13: under 100 ms with 1,000,000 articles), as the interface asks for
 * it: the sources whose titles hold the pattern found first (app/view.c
 * matches them itself), then the first 4,096 and the first 256 ids of the
 * list (a list that reads its first screens at once) and the count of
 * every match. For each pattern, each way store.c can read the matches
 * (NEWSREADER_MATCH_WAY) and the one it chooses; CPU and wall time, best
 * of three (a count has no LIMIT: list and filter count as the chosen way
 * does). A build before articles_fts ignores NEWSREADER_MATCH_WAY: every
 * way is then its scan. bench/bench-library.sh runs it on the
 * million:
 *
 *   make bench/bench-limit
 *   bench/bench-limit DATABASE PATTERN...
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/fold.h"

struct clocks {
	double cpu, wall;
};

static void
clocks_now(struct clocks *c)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	c->cpu = ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	c->wall = ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The sources whose titles hold the pattern, as app/view.c finds them. */
struct sources {
	struct nr_fold_pat *pat;
	int64_t *ids;
	size_t n, cap;
};

static int
take_source(void *ud, const struct nr_store_feed_info *f)
{
	struct sources *s = ud;

	if (f->title != NULL && nr_fold_find(s->pat, f->title, 0, NULL, NULL)) {
		if (s->n == s->cap) {
			s->cap = s->cap > 0 ? s->cap * 2 : 64;
			s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
			if (s->ids == NULL) {
				abort();
			}
		}
		s->ids[s->n++] = f->id;
	}
	return 0;
}

/* Best of three of the first limit ids of q (0: the count), in *best;
 * how many it gave. */
static long
measure(struct nr_store *store, struct nr_store_view *q, size_t limit, struct clocks *best)
{
	struct clocks a, b;
	struct nr_err err;
	long got = -1;
	int r;

	best->cpu = best->wall = 1e12;
	for (r = 0; r < 3; r++) {
		clocks_now(&a);
		if (limit > 0) {
			size_t n = 0;
			int64_t *ids;

			q->limit = limit;
			ids = nr_store_view_ids(store, q, &n, NULL, &err);
			got = ids != NULL ? (long)n : -1;
			free(ids);
			q->limit = 0;
		} else {
			got = nr_store_view_count(store, q, &err);
		}
		clocks_now(&b);
		if (got < 0) {
			fprintf(stderr, "%s: %s\n", q->match, err.msg);
			return -1;
		}
		if (b.cpu - a.cpu < best->cpu) {
			best->cpu = b.cpu - a.cpu;
		}
		if (b.wall - a.wall < best->wall) {
			best->wall = b.wall - a.wall;
		}
	}
	return got;
}

int
main(int argc, char **argv)
{
	static const char *const ways[] = { "rows", "list", "filter", "index", NULL };
	struct nr_store *store;
	struct nr_err err;
	int i;
	size_t w;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-limit DATABASE PATTERN...\n");
		return 2;
	}
	store = nr_store_open(argv[1], NR_STORE_READONLY, &err);
	if (store == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	printf("%-12s %-7s %8s %18s %18s %18s\n", "pattern", "way", "matches", "first 4,096 ids",
	    "first 256 ids", "every match");
	printf("%-12s %-7s %8s %18s %18s %18s\n", "", "", "", "cpu / wall ms", "cpu / wall ms", "cpu / wall ms");
	for (i = 2; i < argc; i++) {
		struct sources s = { nr_fold_pat_new(argv[i], 0), NULL, 0, 0 };
		struct nr_store_view q;

		if (nr_store_feeds(store, take_source, &s, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		memset(&q, 0, sizeof q);
		q.match = argv[i];
		q.match_feeds = s.ids;
		q.nmatch_feeds = s.n;
		for (w = 0; w < sizeof ways / sizeof ways[0]; w++) {
			struct clocks first, screen, all;
			long n;

			if (ways[w] != NULL) {
				setenv("NEWSREADER_MATCH_WAY", ways[w], 1);
			} else {
				unsetenv("NEWSREADER_MATCH_WAY");
			}
			if (measure(store, &q, 4096, &first) < 0 || measure(store, &q, 256, &screen) < 0 ||
			    (n = measure(store, &q, 0, &all)) < 0) {
				return 1;
			}
			printf("%-12s %-7s %8ld %8.1f / %7.1f %8.1f / %7.1f %8.1f / %7.1f\n", argv[i],
			    ways[w] != NULL ? ways[w] : "chosen", n, first.cpu, first.wall, screen.cpu, screen.wall,
			    all.cpu, all.wall);
		}
		nr_fold_pat_free(s.pat);
		free(s.ids);
	}
	nr_store_close(store);
	return 0;
}
