/*
 * Keeping the interface's view up to date. The view owns the updater and
 * its schedule: feeds are queued when their reload interval has passed
 * (or on the reload keys), finished feeds mark the view stale and the
 * sources that failed, and the store is read again at most once a second
 * while feeds are coming (less often when reading it takes long: a large
 * library costs a noticeable moment each time), so that a thousand feeds
 * arriving keep the screen live. The interface only waits, as long as
 * nr_view_deadline allows, and calls nr_view_tick. The reload actions
 * read local sources again at once. All times come from the view's clock,
 * which tests replace.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/clock.h"
#include "app/load.h"
#include "app/view_int.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "util/utf8.h"

/* [sync]: how long marks wait to be sent with those that follow, and how
 * long after a failed round they wait for the next. */
#define SYNC_PUSH_DELAY_MS 2000
#define SYNC_RETRY_MS 60000

void
schedule_mark_failures(struct nr_view *v)
{
	size_t i;

	for (i = 1; i < v->nfeeds; i++) {
		v->feeds[i].failed = v->feeds[i].error != NULL || (v->updater != NULL &&
		    nr_updater_failure(v->updater, v->feeds[i].location) != NULL);
	}
}

/* Progress from the updater ("" when it is idle). */
static void
update_progress(struct nr_view *v)
{
	char buf[sizeof v->progress];

	buf[0] = '\0';
	if (v->updater != NULL && nr_updater_busy(v->updater)) {
		const char *sync = nr_updater_sync_progress(v->updater);

		if (sync != NULL && nr_updater_total(v->updater) - nr_updater_finished(v->updater) <= 1) {
			snprintf(buf, sizeof buf, "%s", sync);
		} else {
			snprintf(buf, sizeof buf, _("fetching %zu/%zu"), nr_updater_finished(v->updater),
			    nr_updater_total(v->updater));
		}
	}
	if (strcmp(buf, v->progress) != 0) {
		memcpy(v->progress, buf, sizeof buf);
		v->dirty |= NR_DIRTY_STATUS;
	}
}

int
nr_view_refresh_stale(struct nr_view *v)
{
	struct nr_err err;

	if (!v->stale) {
		return 0;
	}
	v->stale = 0;
	if (nr_view_refresh(v, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	}
	return 1;
}

/* The failure of the row of f's feed as it is now in the store: set by a
 * failure, cleared by a fetch that worked. */
static void
note_failure(struct nr_view *v, const struct nr_update_feed *f)
{
	size_t i;

	for (i = 1; i < v->nfeeds; i++) {
		if (f->url != NULL && v->feeds[i].query == 0 && strcmp(v->feeds[i].location, f->url) == 0) {
			free(v->feeds[i].error);
			v->feeds[i].error = f->outcome == NR_UPD_FAILED ? nr_utf8_sanitize(f->error != NULL ? f->error
			    : "", f->error != NULL ? strlen(f->error) : 0, NR_SAN_COLLAPSE) : NULL;
		}
	}
}

static void full_text_done(struct nr_view *v, const struct nr_update_feed *f);

void
nr_view_update_done(struct nr_view *v, const struct nr_update_feed *f)
{
	if (f->article != 0) {
		full_text_done(v, f);
		return;
	}
	note_failure(v, f);

	if (f->outcome == NR_UPD_STORED && (f->added > 0 || f->changed > 0)) {
		v->stale = 1;
	}
	if (f->note != NULL) {
		/* A step of the [sync] round: its progress says enough. */
		return;
	}
	if (f->outcome == NR_UPD_FAILED && f->label != NULL && strcmp(f->label, "sync") == 0) {
		/* The marks wait for the server: not every second. */
		v->push_after = nr_clock_mono_ms(v->clock) + SYNC_RETRY_MS;
	}
	schedule_mark_failures(v);
	v->dirty |= NR_DIRTY_FEEDS | NR_DIRTY_STATUS;
	if (v->updater != NULL && !nr_updater_busy(v->updater)) {
		size_t nfail = nr_updater_failures(v->updater, NULL);

		if (nfail > 0) {
			nr_view_message(v, 1, ngettext("Updated; %zu feed failed (E shows why).",
			    "Updated; %zu feeds failed (E shows why).", nfail), nfail);
		}
	}
}

void
schedule_full_text(struct nr_view *v, int unused)
{
	const struct nr_view_article *a = nr_view_selected(v);
	struct nr_err err;

	(void)unused;
	if (a == NULL) {
		return;
	}
	if (a->link == NULL || (strncmp(a->link, "http://", 7) != 0 && strncmp(a->link, "https://", 8) != 0)) {
		nr_view_message(v, 1, "%s", _("This article has no web page to fetch."));
		return;
	}
	/* Pages are fetched by the feeds' updater, with their limits; one
	 * is made for a configuration with no feeds on the web. */
	if (v->updater == NULL) {
		v->updater = nr_updater_new(v->store, v->cfg, &err);
		if (v->updater == NULL) {
			nr_view_message(v, 1, "%s", err.msg);
			return;
		}
		nr_updater_set_clock(v->updater, v->clock);
	}
	v->full_text_rowid = a->rowid;
	nr_updater_add_page(v->updater, a->rowid, a->link, a->title);
	nr_view_message(v, 0, "%s", _("Fetching the article's web page..."));
	update_progress(v);
}

/* A page fetched for an article: shown at once if it is the article in
 * the reader; said in the status line if it was asked for by a key (the
 * pages of full_text = yes feeds come quietly). */
static void
full_text_done(struct nr_view *v, const struct nr_update_feed *f)
{
	int asked = f->article == v->full_text_rowid;

	if (asked) {
		v->full_text_rowid = 0;
	}
	if (f->outcome == NR_UPD_STORED && f->article == v->reader_rowid) {
		v->summary_rowid = 0;
		v->reader_rowid = 0;
		nr_view_prepare(v);
		v->dirty |= NR_DIRTY_READER;
	}
	if (!asked) {
		return;
	}
	if (f->outcome == NR_UPD_FAILED) {
		nr_view_message(v, 1, _("The full text could not be read: %s"), f->error != NULL ? f->error : "");
	} else if (f->warning != NULL) {
		nr_view_message(v, 1, _("The full text, but: %s"), f->warning);
	} else {
		nr_view_message(v, 0, "%s", _("The full text (T: the feed's own text)."));
	}
	v->dirty |= NR_DIRTY_STATUS;
}

/* The configured source a feed row was read from, or NULL. */
static const struct nr_source *
source_of(const struct nr_view *v, size_t f)
{
	size_t i;

	for (i = 0; f > 0 && f < v->nfeeds && i < v->cfg->nsources; i++) {
		const struct nr_source *src = &v->cfg->sources[i];
		char *real;
		int same;

		if (filters_dropped(v, src)) {
			continue;
		}
		if (strcmp(src->path, v->feeds[f].location) == 0) {
			return src;
		}
		if (src->is_url) {
			continue;
		}
		/* Local sources are stored under their real path. */
		real = realpath(src->path, NULL);
		same = real != NULL && strcmp(real, v->feeds[f].location) == 0;
		free(real);
		if (same) {
			return src;
		}
	}
	return NULL;
}

/* A local problem while reloading: the first is kept for the status line. */
static void
reload_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct nr_err *first = ud;

	(void)location;
	if (!warning && first->code == NR_ERR_NONE) {
		*first = *err;
	}
}

/* Read a local source (a file or a folder) again into the store, as at
 * start: one transaction. Adds what is new or changed to *news; -1 with
 * err if it could not be read. */
static int
reload_local(struct nr_view *v, const struct nr_source *src, long *news, struct nr_err *err)
{
	struct nr_loader ld;
	struct nr_load_stats stats;
	struct nr_err first;

	memset(&ld, 0, sizeof ld);
	memset(&stats, 0, sizeof stats);
	nr_err_clear(&first);
	ld.store = v->store;
	ld.opts.want_body = 1;
	ld.problem = reload_problem;
	ld.ud = &first;
	ld.now = nr_clock_wall(v->clock);
	ld.ignore = v->cfg->ignore;
	ld.source_ignore = src->ignore;
	ld.tags = (const char *const *)src->tags;
	ld.ntags = src->ntags;
	if (nr_load_source(&ld, src->path, src->title, &stats, err) < 0) {
		return -1;
	}
	*news += stats.added + stats.changed;
	if (first.code != NR_ERR_NONE) {
		*err = first;
		return -1;
	}
	return 0;
}

void
schedule_reload(struct nr_view *v, int all)
{
	struct nr_err err;
	size_t f = 0, i, nlocal = 0, nfail = 0;
	const struct nr_source *src;
	long news = 0;

	if (v->focus == NR_CTX_FEEDS && v->feed_sel < v->npane && v->pane[v->feed_sel].kind == NR_PANE_FEED) {
		f = v->pane[v->feed_sel].index;
	}
	if (all) {
		for (i = 0; i < v->cfg->nsources; i++) {
			if (!v->cfg->sources[i].is_url && !filters_dropped(v, &v->cfg->sources[i])) {
				nlocal++;
				if (reload_local(v, &v->cfg->sources[i], &news, &err) < 0) {
					nfail++;
					nr_view_message(v, 1, "%s: %s", v->cfg->sources[i].label, err.msg);
				}
			}
		}
		if (news > 0 && nr_view_refresh(v, &err) < 0) {
			nr_view_message(v, 1, "%s", err.msg);
		} else if (nlocal > 0 && nfail == 0) {
			nr_view_message(v, 0, ngettext("Local sources read again: %ld new or changed article.",
			    "Local sources read again: %ld new or changed articles.", (unsigned long)news), news);
		}
		if (v->updater != NULL) {
			nr_updater_add_due(v->updater, 1);
			update_progress(v);
		} else if (nlocal == 0) {
			nr_view_message(v, 1, "%s", _("No sources to read again: add them to the configuration file."));
		}
		return;
	}
	if (f == 0 && v->focus != NR_CTX_FEEDS) {
		const struct nr_view_article *a = nr_view_selected(v);

		f = a != NULL ? a->feed : 0;
	}
	src = source_of(v, f);
	if (src == NULL && v->updater != NULL && v->cfg->sync.service != NULL && f != 0) {
		/* The server's subscription: a sync round brings its news. */
		if (nr_updater_add_sync(v->updater, NR_SYNC_ROUND, NULL, &err) < 0) {
			nr_view_message(v, 1, "%s", err.msg);
			return;
		}
		update_progress(v);
		return;
	}
	if (src == NULL) {
		nr_view_message(v, 1, "%s", f == 0 ? _("Select a source to reload (R reloads all).")
		    : _("This source is not in the configuration file; R reloads all."));
		return;
	}
	if (!src->is_url) {
		if (reload_local(v, src, &news, &err) < 0) {
			nr_view_message(v, 1, "%s: %s", src->label, err.msg);
			return;
		}
		if (news > 0 && nr_view_refresh(v, &err) < 0) {
			nr_view_message(v, 1, "%s", err.msg);
			return;
		}
		nr_view_message(v, 0, ngettext("%s read again: %ld new or changed article.",
		    "%s read again: %ld new or changed articles.", (unsigned long)news), src->label, news);
		return;
	}
	if (v->updater == NULL) {
		nr_view_message(v, 1, "%s", _("Feeds on the web cannot be fetched now."));
		return;
	}
	if (nr_updater_add(v->updater, src, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
		return;
	}
	update_progress(v);
}

/* ---- the schedule ---- */

int
nr_view_start_updates(struct nr_view *v, struct nr_err *err)
{
	size_t i;

	if (v->updater != NULL) {
		return 0;
	}
	for (i = 0; i < v->cfg->nsources && !v->cfg->sources[i].is_url; i++) {
	}
	if (i == v->cfg->nsources && v->cfg->sync.service == NULL) {
		return 0;
	}
	v->updater = nr_updater_new(v->store, v->cfg, err);
	if (v->updater == NULL) {
		return -1;
	}
	nr_updater_set_clock(v->updater, v->clock);
	return 0;
}

void
schedule_stop(struct nr_view *v)
{
	nr_updater_free(v->updater);
	v->updater = NULL;
}

void
nr_view_set_clock(struct nr_view *v, const struct nr_clock *c)
{
	v->clock = c;
	if (v->updater != NULL) {
		nr_updater_set_clock(v->updater, c);
	}
}

/* Marks made here go to the server a moment after the first of them (so
 * that marking a run of articles is one round, not one per key), and
 * after a failed round not before SYNC_RETRY_MS. */
static void
push_marks(struct nr_view *v)
{
	int64_t now;

	if (v->cfg->sync.service == NULL || nr_updater_sync_progress(v->updater) != NULL ||
	    nr_updater_sync_queued(v->updater) == 0) {
		v->marks_seen = 0;
		return;
	}
	now = nr_clock_mono_ms(v->clock);
	if (v->marks_seen == 0) {
		v->marks_seen = now;
	}
	if (now - v->marks_seen >= SYNC_PUSH_DELAY_MS && now >= v->push_after) {
		nr_updater_add_sync(v->updater, NR_SYNC_PUSH, NULL, NULL);
		v->marks_seen = 0;
	}
}

/* The time push_marks waits for, or -1. A mark made by the last key is
 * seen here first: the wait that follows must end for it. */
static int64_t
push_wait(struct nr_view *v)
{
	int64_t now, at;

	if (v->cfg->sync.service == NULL) {
		return -1;
	}
	now = nr_clock_mono_ms(v->clock);
	if (v->marks_seen == 0 &&
	    nr_updater_sync_progress(v->updater) == NULL && nr_updater_sync_queued(v->updater) > 0) {
		v->marks_seen = now;
	}
	if (v->marks_seen == 0) {
		return -1;
	}
	at = v->marks_seen + SYNC_PUSH_DELAY_MS;
	at = at > v->push_after ? at : v->push_after;
	return at > now ? at - now : 0;
}

/* How long to wait after a refresh before the next while feeds are still
 * coming: a second, or four times what the last one took. */
static int64_t
refresh_gap(const struct nr_view *v)
{
	return v->refresh_cost * 4 > 1000 ? v->refresh_cost * 4 : 1000;
}

int
nr_view_deadline(struct nr_view *v)
{
	long due;
	int64_t left, ms = -1;

	if (v->updater == NULL) {
		return v->stale ? 0 : -1;
	}
	due = nr_updater_next_due(v->updater);
	if (due >= 0) {
		ms = due > INT_MAX / 1000 ? INT_MAX : (int64_t)due * 1000;
	}
	left = push_wait(v);
	if (left >= 0 && (ms < 0 || left < ms)) {
		ms = left;
	}
	if (v->stale) {
		if (!v->refreshed || !nr_updater_busy(v->updater)) {
			left = 0;
		} else {
			left = v->last_refresh + refresh_gap(v) - nr_clock_mono_ms(v->clock);
			left = left < 0 ? 0 : left;
		}
		if (ms < 0 || left < ms) {
			ms = left;
		}
	}
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

int
nr_view_wait(struct nr_view *v, struct pollfd *extra, unsigned nextra, int timeout_ms, const sigset_t *sigmask)
{
	struct timespec ts, *tsp = NULL;

	if (v->updater != NULL) {
		return nr_updater_poll(v->updater, extra, nextra, timeout_ms, sigmask);
	}
	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tsp = &ts;
	}
	return ppoll(extra, nextra, tsp, sigmask);
}

void
nr_view_tick(struct nr_view *v)
{
	const struct nr_update_feed *f;
	int64_t now;

	while (v->updater != NULL && (f = nr_updater_next(v->updater)) != NULL) {
		nr_view_update_done(v, f);
	}
	if (v->stale) {
		now = nr_clock_mono_ms(v->clock);
		if (!v->refreshed || v->updater == NULL || !nr_updater_busy(v->updater) ||
		    now - v->last_refresh >= refresh_gap(v)) {
			nr_view_refresh_stale(v);
			v->refreshed = 1;
			v->last_refresh = nr_clock_mono_ms(v->clock);
			v->refresh_cost = v->last_refresh - now;
		}
	}
	if (v->updater != NULL) {
		/* Feeds not fetched within their reload interval are fetched
		 * now, while the articles already stored can be read. */
		nr_updater_add_due(v->updater, 0);
		push_marks(v);
		update_progress(v);
	}
}
