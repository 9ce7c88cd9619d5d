/* Reading a run's sources outside the interface: files and folders through
 * the loader, feeds on the web in parallel through the updater, into the
 * database, an article list, or both, with what each source brought
 * reported as it finishes (--update prints a line per source; the printed
 * list and --dump only the problems). */
#ifndef NR_APP_BATCH_H
#define NR_APP_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/list.h"
#include "app/sync.h"
#include "config/settings.h"
#include "core/err.h"
#include "store/store.h"

struct nr_batch {
	struct nr_store *store;         /* NULL: the database is not written */
	struct nr_list *list;           /* NULL: no list kept */
	const struct nr_config *cfg;
	int want_body;                  /* keep (and store) the articles' bodies */
	FILE *summary;                  /* a line per source read (--update), or NULL */
	int sync;                       /* nr_batch_fetch runs a [sync] task too (--update: a round) */
	enum nr_sync_task sync_task;
	const char *sync_arg;
	/* A source that could not be read (location NULL: none in
	 * particular), or was read only in part (warning); required. */
	void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning);
	void *ud;
	int64_t now;                    /* the fetched time of new articles */
	/* The configured source of each path of nr_batch_load (NULL, or NULL
	 * entries: none), for its ignore rule and tags. */
	const struct nr_source *const *srcs;
	long loaded;                    /* sources read so far */
	long failed;                    /* sources that could not be read */
	/* nr_batch_ahead's parse, taken by nr_batch_load. */
	struct nr_source_ahead *ahead;
};

/* Before the database is open: start parsing paths[0] of a coming
 * nr_batch_load into the database alone (--update), if it is a folder,
 * so that its first files are parsed while the database is opened or
 * made. src: its configured source, or NULL. Whatever nr_batch_load does
 * not take, nr_batch_ahead_free drops. */
void nr_batch_ahead(struct nr_batch *b, const char *path, const struct nr_source *src);
void nr_batch_ahead_free(struct nr_batch *b);

/* Load the files and folders paths[0..n), each named titles[i] (NULL: by
 * its own title). */
void nr_batch_load(struct nr_batch *b, const char *const *paths, const char *const *titles, size_t n);

/* Fetch the feeds srcs[0..n) in parallel, and a [sync] round if b->sync
 * (neither: nothing is set up). One
 * that answers "not modified" brings its stored articles to the list
 * (with a store). */
void nr_batch_fetch(struct nr_batch *b, const struct nr_source *const *srcs, size_t n);

#endif
