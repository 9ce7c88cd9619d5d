/* The sources of a run outside the interface: the paths and URLs of the
 * command line, the configured sources, or the bundled samples; and the
 * subscribed feeds put in the database before the interface starts, so
 * that each has a row in the sources pane before its first fetch. */
#ifndef NR_APP_SOURCES_H
#define NR_APP_SOURCES_H

#include <stddef.h>

#include "config/settings.h"
#include "core/err.h"
#include "store/store.h"

struct nr_sources {
	const char **paths;             /* files and folders */
	const char **titles;            /* each path's configured title, or NULL */
	const struct nr_source **srcs;  /* each path's configured source, or NULL */
	size_t npaths;
	const struct nr_source **urls;  /* feeds on the web: the command line's first */
	size_t nurls;
	size_t nargs_urls;              /* urls[0..nargs_urls) are the command line's */
	struct nr_source *arg_srcs;     /* their sources (read once, not subscribed) */
};

/* The sources of args[0..nargs) (an http:// or https:// URL is a feed on
 * the web, anything else a file or folder), then those of cfg if
 * with_config or args named none. args and cfg must outlive s. */
void nr_sources_collect(struct nr_sources *s, char *const *args, size_t nargs, const struct nr_config *cfg,
    int with_config);
/* Add the bundled samples (NEWSREADER_SAMPLES's folder, else the
 * installed ones, else, run from its build tree, the samples/ folder beside
 * the program's src/ folder, so that it runs before it is installed). -1
 * if there are none. */
int nr_sources_add_samples(struct nr_sources *s);
void nr_sources_free(struct nr_sources *s);

/* Give every subscribed feed of cfg its row in store, with its configured
 * title; one transaction. */
int nr_sources_seed(struct nr_store *store, const struct nr_config *cfg, struct nr_err *err);

/* The session of the interface on store: the sources in scope (those of
 * cfg and the command line's args: articles of others are not shown, but
 * for starred ones) and each configured source's tags, for the filter
 * language. */
int nr_sources_session(struct nr_store *store, const struct nr_config *cfg, char *const *args, size_t nargs,
    struct nr_err *err);

#endif
