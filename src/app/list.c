#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/list.h"
#include "core/xmalloc.h"
#include "util/path.h"

void
nr_list_init(struct nr_list *list, int keep_body)
{
	memset(list, 0, sizeof *list);
	list->keep_body = keep_body;
}

void
nr_list_free(struct nr_list *list)
{
	size_t i;

	for (i = 0; i < list->nitems; i++) {
		nr_item_clear(&list->items[i].item);
	}
	for (i = 0; i < list->nfeeds; i++) {
		nr_feed_clear(&list->feeds[i]);
	}
	free(list->items);
	free(list->feeds);
	memset(list, 0, sizeof *list);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The list's copy of feed, made when its first item arrives. */
static size_t
feed_index(struct nr_list *list, struct nr_feed *feed)
{
	struct nr_feed *f;

	if (feed->tag >= 0) {
		return (size_t)feed->tag;
	}
	list->feeds = xreallocarray(list->feeds, list->nfeeds + 1, sizeof *list->feeds);
	f = &list->feeds[list->nfeeds];
	nr_feed_init(f);
	f->location = dup_or_null(feed->location);
	f->kind = feed->kind;
	/* Until the feed says its title (it may never, if it breaks off). */
	f->title = f->location != NULL ? nr_path_basename(f->location) : xstrdup("");
	feed->tag = (long)list->nfeeds;
	return list->nfeeds++;
}

static int
on_item(void *ud, struct nr_feed *feed, struct nr_item *item)
{
	struct nr_list *list = ud;
	struct nr_list_entry *e;

	if (list->nitems == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 256;
		list->items = xreallocarray(list->items, list->cap, sizeof *list->items);
	}
	e = &list->items[list->nitems];
	e->seq = list->nitems;
	e->read = e->starred = e->changed = 0;
	/* Take the item's strings instead of copying them; bodies only when
	 * asked for, since they are most of a feed's size. */
	e->item = *item;
	nr_item_init(item);
	if (!list->keep_body) {
		free(e->item.summary);
		free(e->item.content);
		e->item.summary = e->item.content = NULL;
	}
	e->feed = feed_index(list, feed);
	list->nitems++;
	return 0;
}

static void
on_feed_done(void *ud, struct nr_feed *feed)
{
	struct nr_list *list = ud;
	struct nr_feed *f;

	if (feed->tag < 0) {
		/* A feed with no items has nothing to show in a list of articles. */
		list->loaded++;
		return;
	}
	list->loaded++;
	f = &list->feeds[feed->tag];
	free(f->title);
	free(f->link);
	free(f->description);
	f->title = dup_or_null(feed->title);
	f->link = dup_or_null(feed->link);
	f->description = dup_or_null(feed->description);
	if (f->title == NULL || f->title[0] == '\0') {
		free(f->title);
		f->title = f->location ? nr_path_basename(f->location) : xstrdup("");
	}
}

struct nr_sink
nr_list_sink(struct nr_list *list)
{
	struct nr_sink sink = { list, on_item, on_feed_done, NULL };

	return sink;
}

/* qsort is not stable; the arrival number breaks ties so that it is. */
static const struct nr_list *sort_list;

static int
cmp_seq(const struct nr_list_entry *a, const struct nr_list_entry *b)
{
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
cmp_dates(const struct nr_list_entry *a, const struct nr_list_entry *b, int newest)
{
	int64_t x = a->item.published, y = b->item.published;

	if (x == y) {
		return 0;
	}
	/* Unknown dates go last either way. */
	if (x == NR_TIME_UNKNOWN) {
		return 1;
	}
	if (y == NR_TIME_UNKNOWN) {
		return -1;
	}
	return newest ? (x > y ? -1 : 1) : (x < y ? -1 : 1);
}

static int
cmp_newest(const void *pa, const void *pb)
{
	const struct nr_list_entry *a = pa, *b = pb;
	int c = cmp_dates(a, b, 1);

	return c != 0 ? c : cmp_seq(a, b);
}

static int
cmp_oldest(const void *pa, const void *pb)
{
	const struct nr_list_entry *a = pa, *b = pb;
	int c = cmp_dates(a, b, 0);

	return c != 0 ? c : cmp_seq(a, b);
}

static int
cmp_text(const char *x, const char *y)
{
	return strcoll(x ? x : "", y ? y : "");
}

static int
cmp_title(const void *pa, const void *pb)
{
	const struct nr_list_entry *a = pa, *b = pb;
	int c = cmp_text(a->item.title, b->item.title);

	return c != 0 ? c : cmp_newest(pa, pb);
}

static int
cmp_source(const void *pa, const void *pb)
{
	const struct nr_list_entry *a = pa, *b = pb;
	int c = cmp_text(sort_list->feeds[a->feed].title, sort_list->feeds[b->feed].title);

	return c != 0 ? c : cmp_newest(pa, pb);
}

void
nr_list_sort(struct nr_list *list, enum nr_sort order)
{
	int (*cmp)(const void *, const void *) = cmp_newest;

	switch (order) {
	case NR_SORT_NEWEST:
		cmp = cmp_newest;
		break;
	case NR_SORT_OLDEST:
		cmp = cmp_oldest;
		break;
	case NR_SORT_TITLE:
		cmp = cmp_title;
		break;
	case NR_SORT_SOURCE:
		cmp = cmp_source;
		break;
	}
	sort_list = list;
	if (list->nitems > 1) {
		qsort(list->items, list->nitems, sizeof *list->items, cmp);
	}
	sort_list = NULL;
}
