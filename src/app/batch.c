#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/batch.h"
#include "app/load.h"
#include "app/update.h"
#include "nls.h"
#include "parse/source.h"
#include "util/utf8.h"

void
nr_batch_ahead(struct nr_batch *b, const char *path, const struct nr_source *src)
{
	struct nr_parse_opts opts;

	nr_batch_ahead_free(b);
	memset(&opts, 0, sizeof opts);
	opts.want_body = b->want_body;
	b->ahead = nr_load_ahead(path, &opts, (b->cfg != NULL && b->cfg->ignore != NULL) ||
	    (src != NULL && src->ignore != NULL));
}

void
nr_batch_ahead_free(struct nr_batch *b)
{
	nr_source_ahead_free(b->ahead);
	b->ahead = NULL;
}

void
nr_batch_load(struct nr_batch *b, const char *const *paths, const char *const *titles, size_t n)
{
	struct nr_loader ld;
	size_t i;

	memset(&ld, 0, sizeof ld);
	ld.opts.want_body = b->want_body;
	ld.list = b->list;
	ld.store = b->store;
	ld.problem = b->problem;
	ld.ud = b->ud;
	ld.now = b->now;
	ld.ignore = b->cfg != NULL ? b->cfg->ignore : NULL;
	ld.ahead = b->ahead;
	b->ahead = NULL;
	for (i = 0; i < n; i++) {
		const struct nr_source *src = b->srcs != NULL ? b->srcs[i] : NULL;
		struct nr_load_stats stats;
		struct nr_err err;

		ld.source_ignore = src != NULL ? src->ignore : NULL;
		ld.tags = src != NULL ? (const char *const *)src->tags : NULL;
		ld.ntags = src != NULL ? src->ntags : 0;

		if (nr_load_source(&ld, paths[i], titles[i], &stats, &err) < 0) {
			if (err.msg[0] != '\0') {
				err.line = 0;
				b->problem(b->ud, paths[i], &err, 0);
			}
			b->failed++;
			continue;
		}
		b->loaded++;
		if (b->summary != NULL) {
			/* A file's name is not ours: no escape sequence from it
			 * reaches the terminal. */
			char *shown = nr_utf8_sanitize(paths[i], strlen(paths[i]), 0);

			if (stats.unchanged > 0) {
				fprintf(b->summary, _("%s: %ld articles, %ld new, %ld updated; not read again,"
				    " unchanged: %ld\n"), shown, stats.items, stats.added, stats.changed, stats.unchanged);
			} else {
				fprintf(b->summary, _("%s: %ld articles, %ld new, %ld updated\n"), shown, stats.items,
				    stats.added, stats.changed);
			}
			free(shown);
		}
	}
	/* Started for a path no load took (it failed before its parse). */
	nr_source_ahead_free(ld.ahead);
}

/* What a fetched feed brought: the summary line, or the failure or warning
 * as a problem. */
static void
report_feed(struct nr_batch *b, const struct nr_update_feed *f)
{
	char *label = nr_utf8_sanitize(f->label, strlen(f->label), 0);
	struct nr_err e;

	if (f->outcome == NR_UPD_FAILED) {
		nr_err_set(&e, NR_ERR_IO, "%s", f->error != NULL ? f->error : "");
		b->problem(b->ud, label, &e, 0);
		free(label);
		return;
	}
	if (f->warning != NULL) {
		nr_err_set(&e, NR_ERR_PARSE, "%s", f->warning);
		b->problem(b->ud, label, &e, 1);
	}
	if (b->summary != NULL) {
		if (f->outcome == NR_UPD_NOT_MODIFIED) {
			fprintf(b->summary, _("%s: not modified\n"), label);
		} else {
			fprintf(b->summary, _("%s: %ld articles, %ld new, %ld updated\n"), label, f->items, f->added,
			    f->changed);
		}
		/* Someone watching sees each feed as it finishes. */
		if (isatty(fileno(b->summary))) {
			fflush(b->summary);
		}
	}
	free(label);
}

/* A page fetched for full_text = yes: its failure is a warning (the
 * article and its feed's text are stored all the same), its success a
 * line of the summary. */
static void
report_page(struct nr_batch *b, const struct nr_update_feed *f)
{
	struct nr_err e;

	if (f->outcome == NR_UPD_FAILED || f->warning != NULL) {
		nr_err_set(&e, NR_ERR_IO, _("full text: %s"), f->outcome == NR_UPD_FAILED && f->error != NULL
		    ? f->error : f->warning != NULL ? f->warning : "");
		b->problem(b->ud, f->url, &e, 1);
	}
	if (b->summary != NULL && f->outcome == NR_UPD_STORED) {
		fprintf(b->summary, _("%s: full text read\n"), f->label);
		if (isatty(fileno(b->summary))) {
			fflush(b->summary);
		}
	}
}

/* A step of the [sync] round: a line of --update's summary. */
static void
report_note(struct nr_batch *b, const struct nr_update_feed *f)
{
	if (b->summary != NULL) {
		fprintf(b->summary, "%s: %s\n", f->label, f->note);
		if (isatty(fileno(b->summary))) {
			fflush(b->summary);
		}
	}
}

/* nr_store_list's callback for list_stored. */
struct stored {
	struct nr_batch *b;
	int failed;
	struct nr_err err;
};

static int
add_stored(void *ud, const struct nr_store_row *row)
{
	struct stored *st = ud;

	if (nr_list_add_row(st->b->list, row, st->b->store, &st->err) < 0) {
		st->failed = 1;
		return -1;
	}
	return 0;
}

/* A feed that answered "not modified" brought nothing to list: its
 * articles are those the database has. */
static void
list_stored(struct nr_batch *b, int64_t feed_id)
{
	struct stored st;

	memset(&st, 0, sizeof st);
	st.b = b;
	if (nr_store_list(b->store, 0, feed_id, add_stored, &st, &st.err) < 0 || st.failed) {
		b->problem(b->ud, NULL, &st.err, 0);
	}
}

void
nr_batch_fetch(struct nr_batch *b, const struct nr_source *const *srcs, size_t n)
{
	const struct nr_update_feed *f;
	struct nr_updater *u;
	struct nr_err err;
	size_t i;

	if (n == 0 && !b->sync) {
		return;
	}
	u = nr_updater_new(b->store, b->cfg, &err);
	if (u == NULL) {
		b->problem(b->ud, NULL, &err, 0);
		b->failed += (long)n;
		return;
	}
	if (b->list != NULL) {
		nr_updater_set_list(u, b->list, b->want_body);
	}
	for (i = 0; i < n; i++) {
		/* A failure here comes out of nr_updater_next too. */
		nr_updater_add(u, srcs[i], NULL);
	}
	if (b->sync) {
		/* A failure here comes out of nr_updater_next too. */
		nr_updater_add_sync(u, b->sync_task, b->sync_arg, NULL);
	}
	for (;;) {
		while ((f = nr_updater_next(u)) != NULL) {
			if (f->article != 0) {
				report_page(b, f);
				continue;
			}
			if (f->note != NULL) {
				report_note(b, f);
				continue;
			}
			report_feed(b, f);
			if (f->outcome == NR_UPD_FAILED) {
				b->failed++;
			} else {
				b->loaded++;
			}
			if (f->outcome == NR_UPD_NOT_MODIFIED && b->list != NULL && b->store != NULL && f->feed_id > 0) {
				list_stored(b, f->feed_id);
			}
		}
		if (!nr_updater_busy(u)) {
			break;
		}
		nr_updater_poll(u, NULL, 0, 1000, NULL);
	}
	nr_updater_free(u);
}
