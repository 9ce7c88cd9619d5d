/* The runs that read sources, as the command line asks for them: the
 * interface or the printed list (no mode), --dump PATH... and --update.
 * Which sources (the given paths and URLs, else the configuration's, else
 * the samples), whether the database is written, what is kept in memory,
 * and what the run ends with: the interface (through the caller, who owns
 * the terminal), --dump's lines, or the printed list. Problems reach the
 * caller's callback; nothing here writes to the terminal but the output
 * asked for. */
#ifndef NR_APP_RUN_H
#define NR_APP_RUN_H

#include <stddef.h>
#include <stdio.h>

#include "app/dump.h"
#include "app/sync.h"
#include "config/settings.h"
#include "core/err.h"
#include "store/store.h"

enum nr_run_mode {
	NR_RUN_LIST,            /* the interface in a terminal, else the printed list */
	NR_RUN_DUMP,            /* --dump PATH...: converts, never writes the database */
	NR_RUN_UPDATE           /* --update: the configured sources and the given paths */
};

/* How a run ended. */
enum nr_run_status {
	NR_RUN_OK = 0,
	NR_RUN_NOTHING,         /* nothing could be read, or a source failed (--update) */
	NR_RUN_NO_SOURCES,      /* --update with no source: nothing to do (not a failure) */
	NR_RUN_NO_SAMPLES       /* no source given or configured, and no samples to show */
};

struct nr_run {
	enum nr_run_mode mode;
	char *const *args;              /* paths and URLs given */
	size_t nargs;
	const char *db;                 /* the database */
	const struct nr_config *cfg;
	unsigned filters;               /* --dump's NR_FILTER_* */
	int body;                       /* --dump keeps the bodies */
	const struct nr_dump_fields *fields;
	int interactive;                /* stdin and stdout are a terminal */
	int cols;                       /* the printed list's width */
	FILE *out;                      /* --dump's lines, the printed list, --update's summary */
	/* A source that could not be read (location NULL: none in
	 * particular), or was read only in part (warning). */
	void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning);
	/* The interface on the database, once the sources are read; returns
	 * the exit status to end with. */
	int (*interface)(void *ud, struct nr_store *store, const struct nr_config *cfg);
	void *ud;
	size_t printed;                 /* set: the articles of the printed list */
	int status;                     /* set: the interface's exit status, if it ran */
};

/* Run r. Returns how it ended (enum nr_run_status), or -1 with err when
 * the database cannot be opened. */
int nr_run_sources(struct nr_run *r, struct nr_err *err);

/* With [sync]: subscribe to (NR_SYNC_SUBSCRIBE) or unsubscribe from
 * (NR_SYNC_UNSUBSCRIBE) url on the server, then a sync round, into the
 * database db, with --update's lines on out and problems to problem.
 * Returns 0, or -1 if it failed (reported). */
int nr_run_sync(enum nr_sync_task task, const char *url, const char *db, const struct nr_config *cfg, FILE *out,
    void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning), void *ud);

#endif
