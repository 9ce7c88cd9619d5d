/* Loading sources: each path (a file or a folder) parsed and delivered to
 * the article list, to the database, or to both. A source is one database
 * transaction: if it cannot be read at all, nothing of it is written. */
#ifndef NR_APP_LOAD_H
#define NR_APP_LOAD_H

#include <stdint.h>

#include "app/list.h"
#include "core/err.h"
#include "core/model.h"
#include "parse/xmlfeed.h"
#include "store/store.h"

struct nr_load_stats {
	long files;     /* files read */
	long items;     /* articles read */
	long added;     /* new in the database */
	long changed;   /* known, with new text */
};

struct nr_loader {
	struct nr_list *list;           /* may be NULL */
	struct nr_store *store;         /* may be NULL */
	struct nr_parse_opts opts;
	/* Files that could not be read, or only in part. */
	void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning);
	void *ud;
	int64_t now;                    /* the fetched time of new articles */
};

/* Load path into the loader's list and store. title, if not NULL, names
 * the feeds of this source instead of their own titles. Returns 0 if
 * something was read (stats say what), -1 with err if the source could not
 * be read or stored (problems with single files of a folder go to
 * ld->problem and do not fail the source). */
int nr_load_source(struct nr_loader *ld, const char *path, const char *title, struct nr_load_stats *stats,
    struct nr_err *err);

#endif
