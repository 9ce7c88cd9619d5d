/* The runs that read sources (app/run.h): collect them, read them into
 * the database and/or a list, and end with the interface, --dump's lines
 * or the printed list. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "app/batch.h"
#include "app/list.h"
#include "app/print.h"
#include "app/run.h"
#include "app/sources.h"
#include "markup/libxml.h"

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
		 * database may still hold articles to read. */
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

int
nr_run_sources(struct nr_run *r, struct nr_err *err)
{
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
	}
	memset(&b, 0, sizeof b);
	/* --dump PATH... only converts: it never writes the database. */
	if (r->mode != NR_RUN_DUMP && (b.store = nr_store_open(r->db, NR_STORE_CREATE, &e)) == NULL) {
		nr_err_set(err, e.code, "%s: %s", r->db, e.msg);
		nr_sources_free(&src);
		return -1;
	}
	nr_libxml_init();
	/* The interface reads the database; only the printed list and --dump
	 * need the articles in memory while loading. */
	nr_list_init(&list, r->body);
	b.list = r->mode == NR_RUN_UPDATE || r->interactive ? NULL : &list;
	b.cfg = r->cfg;
	b.want_body = r->mode != NR_RUN_DUMP || r->body;
	b.summary = r->mode == NR_RUN_UPDATE ? r->out : NULL;
	b.sync = r->mode == NR_RUN_UPDATE && r->cfg->sync.service != NULL;
	b.problem = r->problem;
	b.ud = r->ud;
	b.now = (int64_t)time(NULL);
	nr_batch_load(&b, src.paths, src.titles, src.npaths);
	/* The interface fetches the subscribed feeds itself, while it runs;
	 * URLs given here are read before it starts. */
	nr_batch_fetch(&b, src.urls, r->interactive ? src.nargs_urls : src.nurls);
	rc = finish(r, &b, &list, &e);
	nr_list_free(&list);
	nr_libxml_cleanup();
	nr_store_close(b.store);
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
