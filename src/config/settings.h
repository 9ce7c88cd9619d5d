/* Configuration: the INI file (read with iniparser) turned into a
 * validated struct nr_config. A missing file gives the defaults; anything
 * wrong in a file (unknown section or key, bad value, unknown action or key
 * name, a line that is not INI) is an error naming the file, the line and
 * the word, and nothing of a half-read file is used. */
#ifndef NR_SETTINGS_H
#define NR_SETTINGS_H

#include <stddef.h>

#include "config/keys.h"
#include "core/err.h"

enum nr_sort {
	NR_SORT_NEWEST = 0,
	NR_SORT_OLDEST,
	NR_SORT_TITLE,
	NR_SORT_SOURCE
};

/* A source: a local path (expanded: ~, relative to the config file), or a
 * URL (scheme://...) kept as written. */
struct nr_source {
	char *label;            /* the user's name for it, as written */
	char *path;
	char *title;            /* [feed NAME] title = ..., or NULL */
	long max_articles;      /* -1: [general]'s */
};

struct nr_config {
	char *path;             /* the file read, or NULL if none was */
	/* [general] */
	char *date_format;      /* strftime format for dates in the list */
	enum nr_sort sort;
	int keep_days;          /* purge articles older than this; 0: never */
	long max_articles;      /* per source; 0: no limit */
	/* [sources], then [feed NAME] sections, in the order of the file */
	struct nr_source *sources;
	size_t nsources;
	/* [keys], [keys.list], [keys.reader], [keys.feeds] over the defaults */
	struct nr_keymap keys[NR_CTX_COUNT];
};

/* Set cfg to the defaults. */
void nr_config_defaults(struct nr_config *cfg);
/* Read path into cfg (which starts from the defaults). If the file does not
 * exist and must_exist is 0, cfg keeps the defaults and 0 is returned.
 * On error, cfg is left with the defaults and -1 is returned with err
 * saying "FILE:LINE: what is wrong: 'word'". */
int nr_config_load(struct nr_config *cfg, const char *path, int must_exist, struct nr_err *err);
void nr_config_free(struct nr_config *cfg);

const char *nr_sort_name(enum nr_sort sort);

#endif
