/* The runs that read sources (app/run.h): collect them, read them into
 * the database and/or a list, and end with the interface, --dump's lines
 * or the printed list. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/batch.h"
#include "app/list.h"
#include "app/print.h"
#include "app/run.h"
#include "app/sources.h"
#include "core/xmalloc.h"
#include "markup/libxml.h"
#include "nls.h"

/* The end of a run whose sources are read: the interface, --dump's lines
 * or the printed list. */
static int
finish(struct nr_run *r, struct nr_batch *b, struct nr_list *list, struct nr_err *err)
{
	if (r->mode == NR_RUN_UPDATE) {
		return b->failed > 0 ? NR_RUN_NOTHING : NR_RUN_OK;
	}
	if (r->interactive) {
		/* Sources that could not be read are reported already; the
		 * database may still hold articles to read. Sources neither
		 * configured nor given are left out of it. */
		if (nr_sources_session(b->store, r->cfg, r->args, r->nargs, err) < 0) {
			r->problem(r->ud, NULL, err, 0);
		}
		r->status = r->interface(r->ud, b->store, r->cfg);
		return NR_RUN_OK;
	}
	if (b->loaded == 0) {
		return NR_RUN_NOTHING;
	}
	if (r->mode == NR_RUN_DUMP) {
		if (nr_dump_files(r->out, list, r->db, r->filters, r->fields, err) < 0) {
			r->problem(r->ud, NULL, err, 0);
			return NR_RUN_NOTHING;
		}
		return NR_RUN_OK;
	}
	nr_list_sort(list, r->cfg->sort);
	nr_print_list(r->out, list, r->cfg, r->cols);
	r->printed = list->nitems;
	return NR_RUN_OK;
}

/* A database of the session only, for the bundled samples: they are a
 * look at the program, not the user's articles. A new folder under
 * $TMPDIR (else /tmp); NULL if it cannot be made. */
static char *
scratch_db(char **dir)
{
	const char *tmp = getenv("TMPDIR");

	*dir = xasprintf("%s/newsreader-samples.XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(*dir) == NULL) {
		free(*dir);
		*dir = NULL;
		return NULL;
	}
	return xasprintf("%s/samples.db", *dir);
}

static void
remove_scratch(char *dir, char *db)
{
	static const char *const ends[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	if (dir == NULL) {
		return;
	}
	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		char *f = xasprintf("%s%s", db, ends[i]);

		unlink(f);
		free(f);
	}
	rmdir(dir);
	free(db);
	free(dir);
}

/* Whether db is a database still to be made: no file, or an empty one. */
static int
new_database(const char *db)
{
	struct stat sb;

	return stat(db, &sb) < 0 ? errno == ENOENT : S_ISREG(sb.st_mode) && sb.st_size == 0;
}

int
nr_run_sources(struct nr_run *r, struct nr_err *err)
{
	char *scratch = NULL, *scratch_dir = NULL;
	const char *db = r->db;
	int samples = 0, use_store;
	struct nr_sources src;
	struct nr_batch b;
	struct nr_list list;
	struct nr_err e;
	int rc;

	r->printed = 0;
	r->status = 0;
	r->interactive = r->interactive && r->mode == NR_RUN_LIST;
	/* --update reads the configured sources and the given paths; the
	 * other modes the given paths, else the configured sources. */
	nr_sources_collect(&src, r->args, r->nargs, r->cfg, r->mode == NR_RUN_UPDATE);
	/* With [sync] the server's subscriptions are the sources: no
	 * samples in their place. */
	if (src.npaths == 0 && src.nurls == 0 && !(r->mode != NR_RUN_DUMP && r->cfg->sync.service != NULL)) {
		if (r->mode == NR_RUN_UPDATE) {
			nr_sources_free(&src);
			return NR_RUN_NO_SOURCES;
		}
		if (nr_sources_add_samples(&src) < 0) {
			nr_sources_free(&src);
			return NR_RUN_NO_SAMPLES;
		}
		samples = 1;
	}
	memset(&b, 0, sizeof b);
	/* --dump PATH... only converts: it never writes the database; nor
	 * does the printed list of files given (newsreader FILE | cat), nor
	 * the samples: the interface shows them from a database of its own. */
	use_store = r->mode != NR_RUN_DUMP && !(r->mode == NR_RUN_LIST && !r->interactive && (r->nargs > 0 || samples));
	if (use_store && samples && r->interactive) {
		scratch = scratch_db(&scratch_dir);
		if (scratch == NULL) {
			nr_err_set(err, NR_ERR_IO, "%s", _("cannot make a folder for the samples' database"));
			nr_sources_free(&src);
			return -1;
		}
		db = scratch;
	}
	nr_libxml_init();
	/* --update into a database that does not exist yet: its first
	 * folder's first files are parsed on other threads while the
	 * database is made (BENCHMARKS.md, "The parse before the database"). */
	b.cfg = r->cfg;
	b.want_body = r->mode != NR_RUN_DUMP || r->body;
	if (r->mode == NR_RUN_UPDATE && use_store && src.npaths > 0 && new_database(db)) {
		nr_batch_ahead(&b, src.paths[0], src.srcs != NULL ? src.srcs[0] : NULL);
	}
	if (use_store && (b.store = nr_store_open(db, NR_STORE_CREATE, &e)) == NULL) {
		nr_err_set(err, e.code, "%s: %s", db, e.msg);
		nr_batch_ahead_free(&b);
		nr_libxml_cleanup();
		remove_scratch(scratch_dir, scratch);
		nr_sources_free(&src);
		return -1;
	}
	/* The interface reads the database; only the printed list and --dump
	 * need the articles in memory while loading. */
	nr_list_init(&list, r->body);
	b.list = r->mode == NR_RUN_UPDATE || r->interactive ? NULL : &list;
	b.summary = r->mode == NR_RUN_UPDATE ? r->out : NULL;
	b.sync = r->mode == NR_RUN_UPDATE && r->cfg->sync.service != NULL;
	b.problem = r->problem;
	b.ud = r->ud;
	b.now = (int64_t)time(NULL);
	b.srcs = src.srcs;
	/* A subscribed feed that has never loaded has its row before it is
	 * fetched, so that a failure of a cron --update is remembered for
	 * the interface, as the interface's own are. */
	if (r->mode == NR_RUN_UPDATE && b.store != NULL && nr_sources_seed(b.store, r->cfg, &e) < 0) {
		r->problem(r->ud, NULL, &e, 0);
	}
	nr_batch_load(&b, src.paths, src.titles, src.npaths);
	/* The interface fetches the subscribed feeds itself, while it runs;
	 * URLs given here are read before it starts. */
	nr_batch_fetch(&b, src.urls, r->interactive ? src.nargs_urls : src.nurls);
	nr_batch_ahead_free(&b);
	rc = finish(r, &b, &list, &e);
	nr_list_free(&list);
	nr_libxml_cleanup();
	nr_store_close(b.store);
	remove_scratch(scratch_dir, scratch);
	nr_sources_free(&src);
	return rc;
}

int
nr_run_sync(enum nr_sync_task task, const char *url, const char *db, const struct nr_config *cfg, FILE *out,
    void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning), void *ud)
{
	struct nr_batch b;
	struct nr_err e;

	memset(&b, 0, sizeof b);
	if ((b.store = nr_store_open(db, NR_STORE_CREATE, &e)) == NULL) {
		struct nr_err named;

		nr_err_set(&named, e.code, "%s: %s", db, e.msg);
		problem(ud, NULL, &named, 0);
		return -1;
	}
	nr_libxml_init();
	b.cfg = cfg;
	b.want_body = 1;
	b.summary = out;
	b.problem = problem;
	b.ud = ud;
	b.now = (int64_t)time(NULL);
	b.sync = 1;
	b.sync_task = task;
	b.sync_arg = url;
	nr_batch_fetch(&b, NULL, 0);
	nr_libxml_cleanup();
	nr_store_close(b.store);
	return b.failed > 0 ? -1 : 0;
}
