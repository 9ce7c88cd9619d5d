#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/list.h"
#include "app/sort.h"
#include "core/xmalloc.h"
#include "util/path.h"
#include "util/utf8.h"

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
	free(list->feed_ids);
	memset(list, 0, sizeof *list);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* A feed's name until it says its title: its file's name, which is not
 * ours, so without control characters. */
static char *
name_of(const char *location)
{
	char *base, *name;

	if (location == NULL) {
		return xstrdup("");
	}
	base = nr_path_basename(location);
	name = nr_utf8_sanitize(base, strlen(base), NR_SAN_COLLAPSE);
	free(base);
	return name;
}

/* A new feed at the end of the list's feeds, with its database id. */
static struct nr_feed *
new_feed(struct nr_list *list, int64_t id)
{
	struct nr_feed *f;

	list->feeds = xreallocarray(list->feeds, list->nfeeds + 1, sizeof *list->feeds);
	list->feed_ids = xreallocarray(list->feed_ids, list->nfeeds + 1, sizeof *list->feed_ids);
	list->feed_ids[list->nfeeds] = id;
	f = &list->feeds[list->nfeeds];
	nr_feed_init(f);
	return f;
}

/* The list's copy of feed, made when its first item arrives. */
static size_t
feed_index(struct nr_list *list, struct nr_feed *feed)
{
	struct nr_feed *f;

	if (feed->tag >= 0) {
		return (size_t)feed->tag;
	}
	f = new_feed(list, 0);
	f->location = dup_or_null(feed->location);
	f->kind = feed->kind;
	/* Until the feed says its title (it may never, if it breaks off). */
	f->title = name_of(f->location);
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
	e->rowid = 0;
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
		return;
	}
	f = &list->feeds[feed->tag];
	free(f->title);
	free(f->link);
	free(f->description);
	free(f->author);
	f->title = dup_or_null(feed->title);
	f->link = dup_or_null(feed->link);
	f->description = dup_or_null(feed->description);
	f->author = dup_or_null(feed->author);
	if (f->title == NULL || f->title[0] == '\0') {
		free(f->title);
		f->title = name_of(f->location);
	}
}

struct nr_sink
nr_list_sink(struct nr_list *list)
{
	struct nr_sink sink = { list, on_item, on_feed_done, NULL, NULL };

	return sink;
}

static char *
copy(nr_list_dup_fn dup, void *ud, const char *s)
{
	if (s == NULL) {
		return NULL;
	}
	return dup != NULL ? dup(ud, s) : xstrdup(s);
}

void
nr_list_entry_from_row(struct nr_list_entry *e, const struct nr_store_row *row, nr_list_dup_fn dup, void *ud)
{
	size_t i;

	nr_item_init(&e->item);
	e->seq = 0;
	e->rowid = row->rowid;
	e->read = row->read != 0;
	e->starred = row->starred != 0;
	e->changed = row->changed != 0;
	e->item.published = row->item.published;
	e->item.updated = row->item.updated;
	e->item.title = copy(dup, ud, row->item.title);
	e->item.author = copy(dup, ud, row->item.author);
	e->item.link = copy(dup, ud, row->item.link);
	if (dup != NULL) {
		return;
	}
	e->item.id = xstrdup(row->item.id != NULL ? row->item.id : "");
	e->item.author_email = dup_or_null(row->item.author_email);
	e->item.author_uri = dup_or_null(row->item.author_uri);
	e->item.source_title = dup_or_null(row->item.source_title);
	e->item.source_link = dup_or_null(row->item.source_link);
	e->item.site = dup_or_null(row->item.site);
	e->item.image = dup_or_null(row->item.image);
	e->item.note = dup_or_null(row->item.note);
	for (i = 0; i < row->item.ncategories; i++) {
		nr_item_add_category(&e->item, row->item.categories[i]);
	}
	for (i = 0; i < row->item.nenclosures; i++) {
		const struct nr_enclosure *en = &row->item.enclosures[i];

		nr_item_add_enclosure(&e->item, en->url, en->type, en->length);
	}
	for (i = 0; i < row->item.nauthors; i++) {
		const struct nr_author *a = &row->item.authors[i];

		nr_item_add_author(&e->item, a->name, a->email, a->uri);
	}
}

/* The index of the feed with database id id, added from row if new. */
static size_t
row_feed(struct nr_list *list, const struct nr_store_row *row)
{
	struct nr_feed *f;
	size_t i;

	/* From the last feed added: a feed's rows often come together (all
	 * of them, when the store lists one feed). */
	for (i = list->nfeeds; i > 0; i--) {
		if (list->feed_ids[i - 1] == row->feed_id) {
			return i - 1;
		}
	}
	f = new_feed(list, row->feed_id);
	f->title = xstrdup(row->feed_title != NULL ? row->feed_title : "");
	f->location = xstrdup(row->feed_location != NULL ? row->feed_location : "");
	f->link = dup_or_null(row->feed_link);
	f->author = dup_or_null(row->feed_author);
	f->kind = row->feed_kind;
	return list->nfeeds++;
}

int
nr_list_add_row(struct nr_list *list, const struct nr_store_row *row, struct nr_store *store, struct nr_err *err)
{
	struct nr_list_entry *e;

	if (list->nitems == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 256;
		list->items = xreallocarray(list->items, list->cap, sizeof *list->items);
	}
	e = &list->items[list->nitems];
	nr_list_entry_from_row(e, row, NULL, NULL);
	if (list->keep_body && nr_store_get_body(store, row->rowid, &e->item, err) < 0) {
		nr_item_clear(&e->item);
		return -1;
	}
	e->seq = list->nitems;
	e->feed = row_feed(list, row);
	list->nitems++;
	return 0;
}

/* qsort has no user data: the list being sorted, for its feeds' titles. */
static const struct nr_list *sort_list;
static enum nr_sort sort_order;

static void
sort_key(const struct nr_list_entry *e, struct nr_sort_key *k)
{
	k->title = e->item.title;
	k->source = sort_list->feeds[e->feed].title;
	k->published = e->item.published;
	k->seq = e->seq;
	k->author = e->item.author;
	k->unread = !e->read;
}

static int
cmp_entries(const void *pa, const void *pb)
{
	struct nr_sort_key a, b;

	sort_key(pa, &a);
	sort_key(pb, &b);
	return nr_sort_compare(sort_order, 0, &a, &b);
}

void
nr_list_sort(struct nr_list *list, enum nr_sort order)
{
	sort_list = list;
	sort_order = order;
	if (list->nitems > 1) {
		qsort(list->items, list->nitems, sizeof *list->items, cmp_entries);
	}
	sort_list = NULL;
}
