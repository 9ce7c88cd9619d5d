/* Fuzz target: a state file, as --import-state reads it, applied to a
 * small database (one feed, articles with ids and links) so that every
 * path of the importer runs: marks by id, by link, and kept for articles
 * not there yet. Each input is imported inside a transaction that is
 * rolled back, so the database stays the same from one input to the next. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/model.h"
#include "core/xmalloc.h"
#include "store/store.h"
#include "fuzz.h"

static char db[4096];
static struct nr_store *store;

static void
remove_db(void)
{
	char *side;

	nr_store_close(store);
	store = NULL;
	unlink(db);
	side = xasprintf("%s-wal", db);
	unlink(side);
	free(side);
	side = xasprintf("%s-shm", db);
	unlink(side);
	free(side);
}

static void
put(int64_t feed, const char *id, const char *link)
{
	enum nr_put_result res;
	struct nr_item item;
	struct nr_err err;

	nr_item_init(&item);
	item.id = xstrdup(id);
	item.title = xstrdup(id);
	item.link = xstrdup(link);
	if (nr_store_put_item(store, feed, &item, 1704067200, &res, &err) < 0) {
		fprintf(stderr, "fuzz_state: %s\n", err.msg);
		abort();
	}
	nr_item_clear(&item);
}

static void
setup(void)
{
	const char *dir = getenv("TMPDIR");
	struct nr_feed feed;
	struct nr_err err;
	int64_t id;

	snprintf(db, sizeof db, "%s/nr-fuzz-state-%ld.db", dir != NULL && dir[0] != '\0' ? dir : "/tmp",
	    (long)getpid());
	unlink(db);
	store = nr_store_open(db, NR_STORE_CREATE, &err);
	if (store == NULL) {
		fprintf(stderr, "fuzz_state: %s: %s\n", db, err.msg);
		abort();
	}
	atexit(remove_db);
	nr_feed_init(&feed);
	feed.location = xstrdup("/feed.xml");
	feed.title = xstrdup("Feed");
	feed.kind = NR_KIND_RSS;
	id = nr_store_put_feed(store, &feed, &err);
	nr_feed_clear(&feed);
	if (id <= 0) {
		fprintf(stderr, "fuzz_state: %s\n", err.msg);
		abort();
	}
	put(id, "a", "http://example.org/1");
	put(id, "b", "http://example.org/2");
	/* Two articles with one link: a mark by link must reach neither. */
	put(id, "c", "http://example.org/same");
	put(id, "d", "http://example.org/same");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nr_err err;
	FILE *fp;

	if (store == NULL) {
		setup();
	}
	if (nr_store_begin(store, &err) < 0) {
		fprintf(stderr, "fuzz_state: %s\n", err.msg);
		abort();
	}
	/* From memory (the stream entry point), and an empty input through
	 * a file (fmemopen refuses size 0 on some systems), which also runs
	 * the checks on the path. */
	fp = size > 0 ? fmemopen((void *)data, size, "r") : NULL;
	if (fp != NULL) {
		nr_store_import_state_fp(store, fp, "fuzz", &err);
		fclose(fp);
	} else {
		nr_store_import_state(store, fuzz_tmpfile_write(data, size), &err);
	}
	nr_store_rollback(store);
	return 0;
}
