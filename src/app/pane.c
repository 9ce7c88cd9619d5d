/*
 * The sources pane: its rows over the feeds and the configuration's tags.
 * "All articles" first; then the [query NAME] rows without a tag; then each tag (in the order the configuration
 * first names it) with its feeds under it unless it is collapsed, a feed
 * with two tags under both; then the feeds without a tag. Rows with
 * nothing unread can be hidden (the row of what the list shows stays).
 * The rows are built again when the feeds are read, a tag is collapsed or
 * the hiding is switched, not when an article is marked: a row does not
 * vanish under the cursor.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/view_int.h"
#include "core/strmap.h"
#include "core/xmalloc.h"
#include "nls.h"

void
pane_init_tags(struct nr_view *v)
{
	struct nr_strmap seen = NR_STRMAP_INIT;
	size_t i, j;

	for (i = 0; i < v->cfg->nsources; i++) {
		const struct nr_source *src = &v->cfg->sources[i];

		for (j = 0; j < src->ntags; j++) {
			struct nr_view_tag *t;

			if (nr_strmap_get(&seen, src->tags[j], NULL)) {
				continue;
			}
			nr_strmap_put(&seen, src->tags[j], v->ntags);
			v->tags = xreallocarray(v->tags, v->ntags + 1, sizeof *v->tags);
			t = &v->tags[v->ntags++];
			memset(t, 0, sizeof *t);
			t->name = xstrdup(src->tags[j]);
		}
	}
	/* A tag only a [query NAME] names holds that query alone. */
	for (i = 0; i < v->cfg->nqueries; i++) {
		const struct nr_query *q = &v->cfg->queries[i];

		for (j = 0; j < q->ntags; j++) {
			struct nr_view_tag *t;

			if (nr_strmap_get(&seen, q->tags[j], NULL)) {
				continue;
			}
			nr_strmap_put(&seen, q->tags[j], v->ntags);
			v->tags = xreallocarray(v->tags, v->ntags + 1, sizeof *v->tags);
			t = &v->tags[v->ntags++];
			memset(t, 0, sizeof *t);
			t->name = xstrdup(q->tags[j]);
		}
	}
	nr_strmap_free(&seen);
}

/* Add feed f to tag t's feeds. */
static void
tag_add(struct nr_view_tag *t, size_t f)
{
	if (t->nfeeds > 0 && t->feeds[t->nfeeds - 1] == f) {
		return;
	}
	t->feeds = xreallocarray(t->feeds, t->nfeeds + 1, sizeof *t->feeds);
	t->feeds[t->nfeeds++] = f;
}

/* The configured folder (dirs[i]: source i's real path if it is a
 * folder) that holds the file at location, or NULL: a folder's files are
 * its feeds, with its tags. */
static const struct nr_source *
folder_of(const struct nr_view *v, char *const *dirs, const char *location)
{
	size_t i;

	for (i = 0; i < v->cfg->nsources; i++) {
		size_t n = dirs[i] != NULL ? strlen(dirs[i]) : 0;

		if (n > 0 && strncmp(dirs[i], location, n) == 0 && location[n] == '/') {
			return &v->cfg->sources[i];
		}
	}
	return NULL;
}

void
pane_map_feeds(struct nr_view *v)
{
	struct nr_strmap paths = NR_STRMAP_INIT, tags = NR_STRMAP_INIT;
	char **dirs = xcalloc(v->cfg->nsources + 1, sizeof *dirs);
	size_t i, j, k;

	/* Feeds on the web are stored under their URL as configured, local
	 * sources under their real path. */
	for (i = 0; i < v->cfg->nsources; i++) {
		const struct nr_source *src = &v->cfg->sources[i];

		if (filters_dropped(v, src)) {
			/* Unsubscribed: its starred articles' row is no
			 * longer under its tags. */
			continue;
		}
		if (!nr_strmap_get(&paths, src->path, NULL)) {
			nr_strmap_put(&paths, src->path, i);
		}
		if (!src->is_url) {
			char *real = realpath(src->path, NULL);
			struct stat sb;

			if (real != NULL && !nr_strmap_get(&paths, real, NULL)) {
				nr_strmap_put(&paths, real, i);
			}
			if (real != NULL && stat(real, &sb) == 0 && S_ISDIR(sb.st_mode)) {
				dirs[i] = real;
			} else {
				free(real);
			}
		}
	}
	for (i = 0; i < v->ntags; i++) {
		v->tags[i].nfeeds = 0;
		nr_strmap_put(&tags, v->tags[i].name, i);
	}
	for (i = 1; i < v->nfeeds; i++) {
		const struct nr_source *src = NULL;

		if (v->feeds[i].query > 0) {
			/* A [query NAME] row: no source; under its tags. */
			const struct nr_query *q = &v->cfg->queries[v->feeds[i].query - 1];

			v->feeds[i].source = NULL;
			for (j = 0; j < q->ntags; j++) {
				if (nr_strmap_get(&tags, q->tags[j], &k)) {
					tag_add(&v->tags[k], i);
				}
			}
			continue;
		}
		if (nr_strmap_get(&paths, v->feeds[i].location, &j)) {
			src = &v->cfg->sources[j];
		} else {
			src = folder_of(v, dirs, v->feeds[i].location);
		}
		v->feeds[i].source = src;
		for (j = 0; src != NULL && j < src->ntags; j++) {
			if (nr_strmap_get(&tags, src->tags[j], &k)) {
				tag_add(&v->tags[k], i);
			}
		}
	}
	nr_strmap_free(&paths);
	nr_strmap_free(&tags);
	for (i = 0; i < v->cfg->nsources; i++) {
		free(dirs[i]);
	}
	free(dirs);
}

/* The unread articles of row r (a tag: of its feeds). */
static long
row_unread(const struct nr_view *v, const struct nr_pane_row *r)
{
	long n = 0;
	size_t j;

	switch (r->kind) {
	case NR_PANE_TAG:
		/* Its feeds' articles; a query under it shows some of
		 * those, or others: not counted. */
		for (j = 0; j < v->tags[r->index].nfeeds; j++) {
			const struct nr_view_feed *f = &v->feeds[v->tags[r->index].feeds[j]];

			n += f->query == 0 ? f->unread : 0;
		}
		return n;
	case NR_PANE_FEED:
		return v->feeds[r->index].unread;
	default:
		return v->feeds[0].unread;
	}
}

/* Whether the row is shown while rows with nothing unread are hidden. */
static int
row_kept(const struct nr_view *v, enum nr_pane_kind kind, size_t index)
{
	struct nr_pane_row r = { kind, index, 0 };

	if (v->show_read_feeds || kind == NR_PANE_ALL) {
		return 1;
	}
	if (kind == NR_PANE_TAG ? v->q.tag == index + 1 : v->active_feed == index) {
		return 1;
	}
	return row_unread(v, &r) > 0;
}

static void
add_row(struct nr_view *v, size_t *cap, enum nr_pane_kind kind, size_t index, int nested)
{
	if (v->npane == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		v->pane = xreallocarray(v->pane, *cap, sizeof *v->pane);
	}
	v->pane[v->npane].kind = kind;
	v->pane[v->npane].index = index;
	v->pane[v->npane].nested = nested;
	v->npane++;
}

void
pane_build(struct nr_view *v)
{
	struct nr_pane_row sel = { NR_PANE_ALL, 0, 0 };
	unsigned char *tagged;
	size_t cap = 0, i, j;
	int have = 0;

	if (v->feed_sel < v->npane) {
		sel = v->pane[v->feed_sel];
		have = 1;
	}
	free(v->pane);
	v->pane = NULL;
	v->npane = 0;
	tagged = xcalloc(v->nfeeds > 0 ? v->nfeeds : 1, 1);
	add_row(v, &cap, NR_PANE_ALL, 0, 0);
	/* Query feeds (saved filters, app/filters.c) without a tag under
	 * "All articles"; those with tags under them, as feeds. */
	for (i = 0; i < v->ntags; i++) {
		for (j = 0; j < v->tags[i].nfeeds; j++) {
			tagged[v->tags[i].feeds[j]] = 1;
		}
	}
	for (i = 1; i < v->nfeeds; i++) {
		if (v->feeds[i].query > 0 && !tagged[i] && row_kept(v, NR_PANE_FEED, i)) {
			add_row(v, &cap, NR_PANE_FEED, i, 0);
		}
	}
	for (i = 0; i < v->ntags; i++) {
		const struct nr_view_tag *t = &v->tags[i];

		for (j = 0; j < t->nfeeds; j++) {
			tagged[t->feeds[j]] = 1;
		}
		if (t->nfeeds == 0 || !row_kept(v, NR_PANE_TAG, i)) {
			continue;
		}
		add_row(v, &cap, NR_PANE_TAG, i, 0);
		for (j = 0; !t->collapsed && j < t->nfeeds; j++) {
			if (row_kept(v, NR_PANE_FEED, t->feeds[j])) {
				add_row(v, &cap, NR_PANE_FEED, t->feeds[j], 1);
			}
		}
	}
	for (i = 1; i < v->nfeeds; i++) {
		if (!tagged[i] && v->feeds[i].query == 0 && row_kept(v, NR_PANE_FEED, i)) {
			add_row(v, &cap, NR_PANE_FEED, i, 0);
		}
	}
	free(tagged);
	/* The same row stays selected: the same feed under the same tag if
	 * it is there, else the same feed anywhere, else its tag. */
	v->feed_sel = 0;
	for (i = 0; have && i < v->npane; i++) {
		if (v->pane[i].kind == sel.kind && v->pane[i].index == sel.index) {
			v->feed_sel = i;
			if (v->pane[i].nested == sel.nested) {
				break;
			}
		}
	}
	view_keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->npane);
	v->dirty |= NR_DIRTY_FEEDS;
}

void
pane_toggle_tag(struct nr_view *v, int unused)
{
	size_t r = v->feed_sel, i;
	struct nr_view_tag *t;

	(void)unused;
	/* On a feed under a tag: that tag, and the cursor goes up to it. */
	while (r > 0 && r < v->npane && v->pane[r].kind == NR_PANE_FEED && v->pane[r].nested) {
		r--;
	}
	if (r >= v->npane || v->pane[r].kind != NR_PANE_TAG) {
		nr_view_message(v, 1, "%s", _("Not on a tag."));
		return;
	}
	t = &v->tags[v->pane[r].index];
	t->collapsed = !t->collapsed;
	v->feed_sel = r;
	pane_build(v);
	for (i = 0; i < v->npane; i++) {
		if (v->pane[i].kind == NR_PANE_TAG && &v->tags[v->pane[i].index] == t) {
			v->feed_sel = i;
		}
	}
	view_keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->npane);
}

void
pane_toggle_read_feeds(struct nr_view *v, int unused)
{
	(void)unused;
	v->show_read_feeds = !v->show_read_feeds;
	pane_build(v);
	nr_view_message(v, 0, "%s", v->show_read_feeds ? _("Showing every source.")
	    : _("Hiding sources with nothing unread."));
	v->dirty |= NR_DIRTY_ALL;
}

void
pane_free(struct nr_view *v)
{
	size_t i;

	for (i = 0; i < v->ntags; i++) {
		free(v->tags[i].name);
		free(v->tags[i].feeds);
	}
	free(v->tags);
	free(v->pane);
	v->tags = NULL;
	v->pane = NULL;
	v->ntags = v->npane = 0;
}

/* ---- the rows as the interface shows them ---- */

long
nr_view_pane_unread(const struct nr_view *v, size_t r)
{
	return r < v->npane ? row_unread(v, &v->pane[r]) : 0;
}

const char *
nr_view_pane_title(const struct nr_view *v, size_t r)
{
	if (r >= v->npane) {
		return "";
	}
	switch (v->pane[r].kind) {
	case NR_PANE_TAG:
		return v->tags[v->pane[r].index].name;
	case NR_PANE_FEED:
		return v->feeds[v->pane[r].index].title;
	default:
		return v->feeds[0].title;
	}
}

int
nr_view_pane_failed(const struct nr_view *v, size_t r)
{
	size_t j;

	if (r >= v->npane) {
		return 0;
	}
	switch (v->pane[r].kind) {
	case NR_PANE_TAG:
		for (j = 0; j < v->tags[v->pane[r].index].nfeeds; j++) {
			if (v->feeds[v->tags[v->pane[r].index].feeds[j]].failed) {
				return 1;
			}
		}
		return 0;
	case NR_PANE_FEED:
		return v->feeds[v->pane[r].index].failed;
	default:
		return 0;
	}
}

int
nr_view_pane_active(const struct nr_view *v, size_t r)
{
	if (r >= v->npane) {
		return 0;
	}
	switch (v->pane[r].kind) {
	case NR_PANE_TAG:
		return v->q.tag == v->pane[r].index + 1;
	case NR_PANE_FEED:
		return v->q.tag == 0 && v->active_feed == v->pane[r].index;
	default:
		return v->q.tag == 0 && v->active_feed == 0;
	}
}
