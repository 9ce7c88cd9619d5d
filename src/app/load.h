/* Loading sources: each path (a file or a folder), or a fetched answer
 * parsed from memory, delivered to the article list, to the database, or
 * to both. A source is one database
 * transaction: if it cannot be read at all, nothing of it is written. */
#ifndef NR_APP_LOAD_H
#define NR_APP_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "app/list.h"
#include "core/err.h"
#include "core/model.h"
#include "filter/filter.h"
#include "parse/xmlfeed.h"
#include "store/store.h"

struct nr_load_stats {
	long files;     /* files read */
	long items;     /* articles read */
	long added;     /* new in the database */
	long changed;   /* known, with new text */
	long unchanged; /* feed files not read again: unchanged since they were stored */
	long ignored;   /* new articles an ignore rule matched */
	int64_t feed_id;        /* nr_load_mem with a store: the feed's id in the database */
};

struct nr_source_ahead;

struct nr_loader {
	struct nr_list *list;           /* may be NULL */
	struct nr_store *store;         /* may be NULL */
	struct nr_parse_opts opts;
	/* Files that could not be read, or only in part. */
	void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning);
	void *ud;
	int64_t now;                    /* the fetched time of new articles */
	/* nr_load_mem with a store: store at most this many articles of the
	 * answer (its first ones; 0: all), and keep at most this many of the
	 * feed, its oldest purged, starred ones kept (max_articles). */
	long max_items;
	/* If not NULL, asked every NR_LOAD_SLICE articles whether the caller
	 * has something more pressing (a key, a signal): nonzero stops the
	 * load, which is rolled back and fails ("interrupted"), and the
	 * caller, knowing why, can try it again later. */
	int (*yield)(void *ud);
	void *yield_ud;
	/* Ignore rules: an article matching either is stored as ignored
	 * (never listed, not brought back) and not given to the list. The
	 * rules see the source's tags. */
	const struct nr_filter *ignore;         /* [general]'s, or NULL */
	const struct nr_filter *source_ignore;  /* the source's own, or NULL */
	const char *const *tags;
	size_t ntags;
	/* A folder's parse started before the database was ready
	 * (nr_load_ahead), or NULL: taken (and freed) by the load of a
	 * folder, played first if it is its path. */
	struct nr_source_ahead *ahead;
};

#define NR_LOAD_SLICE 1024

/* Start parsing the folder path (as nr_load_source would, into the
 * database alone, with or without ignore rules) before the database it is
 * loaded into is open, for nr_loader's ahead. NULL if there is nothing to
 * start (not a folder, no thread to be had). */
struct nr_source_ahead *nr_load_ahead(const char *path, const struct nr_parse_opts *opts, int ignore_rules);

/* Load path into the loader's list and store. title, if not NULL, names
 * the feeds of this source instead of their own titles. Returns 0 if
 * something was read (stats say what), -1 with err if the source could not
 * be read or stored (problems with single files of a folder go to
 * ld->problem and do not fail the source). */
int nr_load_source(struct nr_loader *ld, const char *path, const char *title, struct nr_load_stats *stats,
    struct nr_err *err);

/* What a fetch over the network leaves with the feed it fetched, written
 * in the same transaction as its articles. */
struct nr_load_fetch {
	const char *base;               /* the URL the answer came from (for relative links); NULL: location */
	const char *etag;               /* the answer's validators, or NULL */
	const char *last_modified;
	const char *url;                /* a permanent redirect's target, to fetch from from now on, or NULL */
	int64_t when;                   /* the time of the fetch */
};

/* Load a fetched answer, data[0..len), as the feed location (the URL as
 * configured, which keys it in the database): its format (RSS, RDF, Atom or
 * JSON Feed) found by its content, not by what the server called it. An
 * HTML page, text, binary data or an empty answer is not a feed: -1 with
 * err ("not a feed: the answer is an HTML page"). A feed the parser could
 * read only in part is loaded with *warning set ("LINE: message"), unless
 * not one article came of it: then it fails with that problem. title as
 * for nr_load_source. With a store, the feed, its items and fetch (if not
 * NULL) are one transaction, and nothing is written if any of it fails.
 * Returns 0 (stats say what was read, and stats->feed_id the feed) or -1. */
int nr_load_mem(struct nr_loader *ld, const char *data, size_t len, const char *location, const char *title,
    const struct nr_load_fetch *fetch, struct nr_load_stats *stats, struct nr_err *warning, struct nr_err *err);

#endif
