/* The user's read and starred marks outside the interface: a list of
 * articles read from files filtered by the marks the database holds for
 * them (--dump --unread PATH), and the state modes that change or move the
 * marks (--mark-read, --mark-unread, --star, --unstar, --mark-all-read,
 * --export-state, --import-state) or purge old articles (--cleanup). What a
 * mode reports goes to a stream the caller gives; errors come back as
 * values. */
#ifndef NR_APP_STATE_H
#define NR_APP_STATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/list.h"
#include "config/settings.h"
#include "core/err.h"
#include "store/store.h"

/* Set each of list's items' read and starred marks from the database file
 * db (an article it has never seen, or no such file: unread, not starred)
 * and keep only those that pass filters (NR_FILTER_*, all of them). -1 with
 * err ("DB: message") if the database cannot be read. */
int nr_state_filter(struct nr_list *list, const char *db, unsigned filters, struct nr_err *err);

enum nr_state_mode {
	NR_STATE_MARK_READ,     /* ids */
	NR_STATE_MARK_UNREAD,   /* ids */
	NR_STATE_STAR,          /* ids */
	NR_STATE_UNSTAR,        /* ids */
	NR_STATE_MARK_ALL_READ,
	NR_STATE_EXPORT,        /* file */
	NR_STATE_IMPORT,        /* file */
	NR_STATE_CLEANUP        /* with cfg's retention settings, as of now */
};

/* Nonzero when mode takes article ids (and no file). */
int nr_state_takes_ids(enum nr_state_mode mode);

/* Where nr_state_run reports an id that matched no article. */
typedef void (*nr_state_missing_fn)(void *ud, const char *id);

/* Run mode on store: the ids' marks set, or every article marked read, or
 * the marks written to or applied from file, or old articles purged. A
 * line saying what was done goes to out (nothing for the ids' modes); an
 * id that matches no article goes to missing and the others are still
 * done. Returns 0, 1 if an id matched nothing, or -1 with err if the store
 * failed (the ids before it are done). */
int nr_state_run(enum nr_state_mode mode, struct nr_store *store, char *const *ids, size_t nids,
    const char *file, const struct nr_config *cfg, int64_t now, FILE *out, nr_state_missing_fn missing,
    void *ud, struct nr_err *err);

/* The most articles cfg keeps of the feed at location: the limit of the
 * source whose path is the longest one that holds it (the path itself, or
 * a folder above it), or -1 for none. cfg is a const struct nr_config *
 * (the callback type of nr_store_cleanup). */
long nr_state_max_for_feed(void *cfg, const char *location);

#endif
