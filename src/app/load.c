#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/load.h"
#include "core/xmalloc.h"
#include "parse/source.h"

/* The database ids of the feeds of the source being loaded, by location
 * (a feed that breaks off never says it is done, and its struct's address
 * may be the next feed's). */
struct known_feed {
	char *location;
	int64_t id;
};

struct run {
	struct nr_loader *ld;
	const char *title;
	struct nr_load_stats *stats;
	struct nr_sink list_sink;
	struct known_feed *known;
	size_t nknown;
	int failed;                     /* a store error: the source is rolled back */
	struct nr_err err;
};

static int64_t
store_feed(struct run *r, struct nr_feed *feed)
{
	size_t i;
	int64_t id;

	for (i = 0; i < r->nknown; i++) {
		if (strcmp(r->known[i].location, feed->location ? feed->location : "") == 0) {
			return r->known[i].id;
		}
	}
	id = nr_store_put_feed(r->ld->store, feed, &r->err);
	if (id < 0) {
		return -1;
	}
	r->known = xreallocarray(r->known, r->nknown + 1, sizeof *r->known);
	r->known[r->nknown].location = xstrdup(feed->location ? feed->location : "");
	r->known[r->nknown].id = id;
	r->nknown++;
	return id;
}


static int
on_item(void *ud, struct nr_feed *feed, struct nr_item *item)
{
	struct run *r = ud;

	if (r->failed) {
		return -1;
	}
	r->stats->items++;
	if (r->ld->store != NULL) {
		enum nr_put_result res;
		int64_t id = store_feed(r, feed);

		if (id < 0 || nr_store_put_item(r->ld->store, id, item, r->ld->now, &res, &r->err) < 0) {
			r->failed = 1;
			return -1;
		}
		r->stats->added += res == NR_PUT_NEW;
		r->stats->changed += res == NR_PUT_CHANGED;
	}
	if (r->ld->list != NULL) {
		return r->list_sink.item(r->list_sink.ud, feed, item);
	}
	return 0;
}

static void
on_feed_done(void *ud, struct nr_feed *feed)
{
	struct run *r = ud;

	r->stats->files++;
	if (r->title != NULL) {
		free(feed->title);
		feed->title = xstrdup(r->title);
	}
	if (r->ld->store != NULL && !r->failed) {
		/* Its final title and link (a feed may name them after its items). */
		if (store_feed(r, feed) < 0 || nr_store_put_feed(r->ld->store, feed, &r->err) < 0) {
			r->failed = 1;
		}
	}
	if (r->ld->list != NULL) {
		r->list_sink.feed_done(r->list_sink.ud, feed);
	}
}

static void
on_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct run *r = ud;

	if (r->ld->problem != NULL) {
		r->ld->problem(r->ld->ud, location, err, warning);
	}
}

int
nr_load_source(struct nr_loader *ld, const char *path, const char *title, struct nr_load_stats *stats,
    struct nr_err *err)
{
	struct run r;
	struct nr_sink sink;
	long n;

	memset(&r, 0, sizeof r);
	memset(stats, 0, sizeof *stats);
	r.ld = ld;
	r.title = title;
	r.stats = stats;
	if (ld->list != NULL) {
		r.list_sink = nr_list_sink(ld->list);
	}
	sink.ud = &r;
	sink.item = on_item;
	sink.feed_done = on_feed_done;
	sink.problem = on_problem;

	if (ld->store != NULL && nr_store_begin(ld->store, err) < 0) {
		return -1;
	}
	n = nr_source_load(path, &ld->opts, &sink, err);
	for (size_t i = 0; i < r.nknown; i++) {
		free(r.known[i].location);
	}
	free(r.known);
	if (r.failed) {
		*err = r.err;
		nr_store_rollback(ld->store);
		return -1;
	}
	if (n <= 0) {
		if (ld->store != NULL) {
			nr_store_rollback(ld->store);
		}
		if (n == 0) {
			/* The file's own problem went to ld->problem already. */
			nr_err_set(err, NR_ERR_PARSE, "%s", "");
		}
		return -1;
	}
	if (ld->store != NULL && nr_store_commit(ld->store, err) < 0) {
		nr_store_rollback(ld->store);
		return -1;
	}
	return 0;
}
