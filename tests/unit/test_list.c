/* The article list's database side and its order, on a real database in
 * a temporary folder: a row becomes the same list item whether the list
 * keeps it (its own copies, the feed found by its id) or the interface does
 * (copies in the caller's blocks); the sort rule's table of cases; and the
 * printed list and the interface putting a mixed-case, accented set of
 * titles and sources in the same order for every sort setting. */
#include "config.h"

#include <locale.h>
#include <unistd.h>

#include "app/list.h"
#include "app/sort.h"
#include "app/view.h"
#include "core/xmalloc.h"
#include "store/store.h"
#include "helpers.h"
#include "t.h"

static int64_t
put_feed(struct nr_store *s, const char *title, const char *loc)
{
	struct nr_feed feed;
	struct nr_err err;
	int64_t id;

	nr_feed_init(&feed);
	feed.title = xstrdup(title);
	feed.location = xstrdup(loc);
	feed.link = xasprintf("https://%s.example/", title);
	feed.kind = NR_KIND_ATOM;
	id = nr_store_put_feed(s, &feed, &err);
	CHECK(id > 0);
	nr_feed_clear(&feed);
	return id;
}

static void
put_item(struct nr_store *s, int64_t feed, const char *id, const char *title, int64_t date)
{
	struct nr_item item;
	struct nr_err err;
	enum nr_put_result res;

	nr_item_init(&item);
	item.id = xstrdup(id);
	item.title = title != NULL ? xstrdup(title) : NULL;
	item.link = xasprintf("https://example.org/%s", id);
	item.author = xstrdup("Drita");
	item.author_email = xstrdup("drita@example.org");
	item.source_title = xstrdup("Wire");
	item.published = date;
	item.updated = date + 60;
	item.content = xasprintf("<p>The body of %s.</p>", id);
	item.content_type = NR_BODY_HTML;
	nr_item_add_category(&item, "Politics");
	nr_item_add_category(&item, "Kosovo");
	nr_item_add_enclosure(&item, "https://example.org/a.mp3", "audio/mpeg", 1234);
	CHECK_INT(nr_store_put_item(s, feed, &item, date, &res, &err), 0);
	nr_item_clear(&item);
}

/* ---- a row as a list item ---- */

/* A copier into one block, as the interface's: it counts its copies. */
struct block {
	char data[4096];
	size_t used;
	int copies;
};

static char *
block_dup(void *ud, const char *s)
{
	struct block *b = ud;
	size_t n = strlen(s) + 1;
	char *p = b->data + b->used;

	if (b->used + n > sizeof b->data) {
		abort();
	}
	memcpy(p, s, n);
	b->used += n;
	b->copies++;
	return p;
}

struct rows {
	struct nr_list *list;
	struct nr_store *store;
	struct block *block;
	int failed;
	struct nr_err err;
};

static int
each_row(void *ud, const struct nr_store_row *row)
{
	struct rows *r = ud;
	struct nr_list_entry e;

	/* The same row through the caller's copier: the same columns. */
	nr_list_entry_from_row(&e, row, block_dup, r->block);
	CHECK_INT(e.rowid, row->rowid);
	CHECK_STR(e.item.title, row->item.title);
	CHECK_STR(e.item.author, "Drita");
	CHECK_STR(e.item.link, row->item.link);
	CHECK_INT(e.item.published, row->item.published);
	CHECK(e.item.id == NULL && e.item.author_email == NULL && e.item.source_title == NULL);
	CHECK(e.item.title == NULL || (e.item.title >= r->block->data &&
	    e.item.title < r->block->data + sizeof r->block->data));
	CHECK_INT(e.item.ncategories, 0);
	CHECK_INT(e.item.nenclosures, 0);
	CHECK_INT(e.read, row->read != 0);
	if (nr_list_add_row(r->list, row, r->store, &r->err) < 0) {
		r->failed = 1;
		return -1;
	}
	return 0;
}

static void
test_rows(struct nr_store *s, int64_t fa, int64_t fb)
{
	struct nr_list list;
	struct block block;
	struct rows r;
	struct nr_err err;
	const struct nr_list_entry *e;

	put_item(s, fa, "r1", "Rows one", 1000);
	put_item(s, fb, "r2", NULL, 2000);
	put_item(s, fa, "r3", "Rows three", 3000);
	CHECK(nr_store_set_flag_by_id(s, "r3", NR_FLAG_STARRED, 1, &err) == 1);
	CHECK(nr_store_set_flag_by_id(s, "r1", NR_FLAG_READ, 1, &err) == 1);

	memset(&block, 0, sizeof block);
	memset(&r, 0, sizeof r);
	nr_list_init(&list, 1);
	r.list = &list;
	r.store = s;
	r.block = &block;
	CHECK_INT(nr_store_list(s, 0, 0, each_row, &r, &err), 0);
	CHECK_INT(r.failed, 0);
	/* Newest first, as the store gives them; two feeds, each once. */
	CHECK_INT(list.nitems, 3);
	CHECK_INT(list.nfeeds, 2);
	CHECK(block.copies > 0);
	if (list.nitems == 3 && list.nfeeds == 2) {
		e = &list.items[0];
		CHECK_STR(e->item.id, "r3");
		CHECK_STR(e->item.title, "Rows three");
		CHECK_STR(e->item.link, "https://example.org/r3");
		CHECK_STR(e->item.author_email, "drita@example.org");
		CHECK_STR(e->item.source_title, "Wire");
		CHECK_INT(e->item.published, 3000);
		CHECK_INT(e->item.updated, 3060);
		CHECK_INT(e->item.ncategories, 2);
		CHECK_INT(e->item.nenclosures, 1);
		if (e->item.nenclosures == 1) {
			CHECK_STR(e->item.enclosures[0].url, "https://example.org/a.mp3");
			CHECK_STR(e->item.enclosures[0].type, "audio/mpeg");
			CHECK_INT(e->item.enclosures[0].length, 1234);
		}
		/* The list keeps bodies: read from the store. */
		CHECK(e->item.content != NULL && strstr(e->item.content, "The body of r3") != NULL);
		CHECK_INT(e->starred, 1);
		CHECK_INT(e->read, 0);
		CHECK_INT(e->seq, 0);
		CHECK(e->rowid > 0);
		CHECK_INT(list.items[2].read, 1);
		CHECK_INT(list.items[2].seq, 2);
		/* r3 and r1 share their feed, added once with its columns. */
		CHECK_INT(list.items[0].feed, list.items[2].feed);
		CHECK(list.items[1].feed != list.items[0].feed);
		CHECK_STR(list.feeds[list.items[0].feed].title, "Alpha");
		CHECK_STR(list.feeds[list.items[0].feed].location, "/alpha.atom");
		CHECK_STR(list.feeds[list.items[0].feed].link, "https://Alpha.example/");
		CHECK_INT(list.feeds[list.items[0].feed].kind, NR_KIND_ATOM);
		CHECK_INT(list.feed_ids[list.items[0].feed], fa);
		CHECK_INT(list.feed_ids[list.items[1].feed], fb);
		/* An article with no title has none in the list either. */
		CHECK(list.items[1].item.title == NULL);
	}
	nr_list_free(&list);
}

/* ---- the sort rule ---- */

static void
test_rule(void)
{
	static const struct {
		enum nr_sort order;
		int reverse;
		struct nr_sort_key a, b;
		int want;       /* the sign of the comparison */
	} cases[] = {
		{ NR_SORT_NEWEST, 0, { "x", "s", 200, 5, NULL, 0 }, { "x", "s", 100, 1, NULL, 0 }, -1 },
		{ NR_SORT_NEWEST, 0, { "x", "s", 100, 1, NULL, 0 }, { "x", "s", 100, 2, NULL, 0 }, -1 },
		{ NR_SORT_NEWEST, 0, { "x", "s", NR_TIME_UNKNOWN, 0, NULL, 0 }, { "x", "s", 1, 9, NULL, 0 }, 1 },
		{ NR_SORT_OLDEST, 0, { "x", "s", 100, 5, NULL, 0 }, { "x", "s", 200, 1, NULL, 0 }, -1 },
		{ NR_SORT_OLDEST, 0, { "x", "s", NR_TIME_UNKNOWN, 0, NULL, 0 }, { "x", "s", 1, 9, NULL, 0 }, 1 },
		{ NR_SORT_OLDEST, 0, { "x", "s", 100, 1, NULL, 0 }, { "x", "s", 100, 2, NULL, 0 }, -1 },
		{ NR_SORT_TITLE, 0, { "a", "s", 1, 9, NULL, 0 }, { "b", "s", 2, 0, NULL, 0 }, -1 },
		{ NR_SORT_TITLE, 0, { "a", "s", 1, 0, NULL, 0 }, { "a", "s", 2, 9, NULL, 0 }, 1 },
		{ NR_SORT_TITLE, 0, { NULL, "s", 1, 0, NULL, 0 }, { "", "s", 1, 1, NULL, 0 }, -1 },
		{ NR_SORT_TITLE, 0, { "a", "s", 1, 3, NULL, 0 }, { "a", "s", 1, 3, NULL, 0 }, 0 },
		{ NR_SORT_SOURCE, 0, { "z", "a", 1, 9, NULL, 0 }, { "a", "b", 2, 0, NULL, 0 }, -1 },
		{ NR_SORT_SOURCE, 0, { "z", "a", 1, 0, NULL, 0 }, { "a", "a", 2, 9, NULL, 0 }, 1 },
		{ NR_SORT_SOURCE, 0, { "z", NULL, 1, 0, NULL, 0 }, { "a", "a", 2, 9, NULL, 0 }, -1 },
		/* By author, then newest first; unread first; reversed, the
		 * first key only runs the other way. */
		{ NR_SORT_AUTHOR, 0, { "x", "s", 1, 0, "Ann", 0 }, { "x", "s", 2, 1, "Bob", 0 }, -1 },
		{ NR_SORT_AUTHOR, 0, { "x", "s", 1, 0, NULL, 0 }, { "x", "s", 2, 1, "Ann", 0 }, -1 },
		{ NR_SORT_AUTHOR, 0, { "x", "s", 1, 0, "Ann", 0 }, { "x", "s", 2, 1, "Ann", 0 }, 1 },
		{ NR_SORT_AUTHOR, 1, { "x", "s", 1, 0, "Ann", 0 }, { "x", "s", 2, 1, "Bob", 0 }, 1 },
		{ NR_SORT_UNREAD, 0, { "x", "s", 1, 0, NULL, 1 }, { "x", "s", 2, 1, NULL, 0 }, -1 },
		{ NR_SORT_UNREAD, 0, { "x", "s", 1, 0, NULL, 1 }, { "x", "s", 2, 1, NULL, 1 }, 1 },
		{ NR_SORT_UNREAD, 1, { "x", "s", 1, 0, NULL, 1 }, { "x", "s", 2, 1, NULL, 0 }, 1 },
		{ NR_SORT_UNREAD, 1, { "x", "s", 1, 0, NULL, 0 }, { "x", "s", 2, 1, NULL, 0 }, 1 },
		{ NR_SORT_TITLE, 1, { "a", "s", 1, 9, NULL, 0 }, { "b", "s", 2, 0, NULL, 0 }, 1 },
		{ NR_SORT_NEWEST, 1, { "x", "s", 100, 5, NULL, 0 }, { "x", "s", 200, 1, NULL, 0 }, -1 },
		{ NR_SORT_NEWEST, 1, { "x", "s", NR_TIME_UNKNOWN, 0, NULL, 0 }, { "x", "s", 1, 9, NULL, 0 }, 1 },
		{ NR_SORT_OLDEST, 1, { "x", "s", 200, 5, NULL, 0 }, { "x", "s", 100, 1, NULL, 0 }, -1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int c = nr_sort_compare(cases[i].order, cases[i].reverse, &cases[i].a, &cases[i].b);
		int back = nr_sort_compare(cases[i].order, cases[i].reverse, &cases[i].b, &cases[i].a);

		CHECK_INT((c > 0) - (c < 0), cases[i].want);
		CHECK_INT((back > 0) - (back < 0), -cases[i].want);
	}
}

/* ---- the printed list and the interface agree ---- */

static int
add_to_list(void *ud, const struct nr_store_row *row)
{
	struct nr_err err;

	return nr_list_add_row(ud, row, NULL, &err);
}

static void
test_same_order(const char *db)
{
	static const char *const titles[] = {
		"école du soir", "Ecole normale", "zebra crossing", "Zürich notes", "apple harvest",
		"Ábaco", "Été", "ezel", "Çaj", "cerise", "Öl", "orange", "Ångström", "ångström",
		"Apple Press", "ÇAJ", "éclair", NULL
	};
	static const char *const sources[] = { "Über uns", "ueber", "Ämter", "amtsblatt", "Zeitung" };
	static const enum nr_sort orders[] = { NR_SORT_NEWEST, NR_SORT_OLDEST, NR_SORT_TITLE, NR_SORT_SOURCE };
	struct nr_config cfg;
	struct nr_store *s;
	struct nr_err err;
	int64_t feeds[5];
	size_t i, k;

	s = nr_store_open(db, NR_STORE_CREATE, &err);
	CHECK(s != NULL);
	if (s == NULL) {
		return;
	}
	for (i = 0; i < 5; i++) {
		char *loc = xasprintf("/feeds/%zu.rss", i);

		feeds[i] = put_feed(s, sources[i], loc);
		free(loc);
	}
	/* Dates repeat, so that ties go to the rule's tie-breaks. */
	for (i = 0; titles[i] != NULL; i++) {
		char *id = xasprintf("t%zu", i);

		put_item(s, feeds[i % 5], id, titles[i], i % 3 == 0 ? NR_TIME_UNKNOWN : (int64_t)(1000 * (i % 4)));
		free(id);
	}
	nr_config_defaults(&cfg);
	for (k = 0; k < sizeof orders / sizeof orders[0]; k++) {
		struct nr_list list;
		struct nr_view *v;

		cfg.sort = orders[k];
		nr_list_init(&list, 0);
		CHECK_INT(nr_store_list(s, 0, 0, add_to_list, &list, &err), 0);
		nr_list_sort(&list, cfg.sort);
		v = nr_view_new(s, &cfg, &err);
		CHECK(v != NULL);
		if (v == NULL) {
			nr_list_free(&list);
			continue;
		}
		CHECK_INT(v->nshown, list.nitems);
		for (i = 0; i < v->nshown && i < list.nitems; i++) {
			const struct nr_list_entry *e = &list.items[i];

			CHECK_STR(nr_view_row(v, i)->title, e->item.title);
			CHECK_STR(v->feeds[nr_view_row(v, i)->feed].title, list.feeds[e->feed].title);
			CHECK_INT(nr_view_row(v, i)->published, e->item.published);
		}
		nr_view_free(v);
		nr_list_free(&list);
	}
	/* In the C.UTF-8 locale (the tests' own) the collation is code point
	 * order, so nr_utf8_collate compares ASCII letters without regard to
	 * case first (plain strcoll would put every capital before "apple");
	 * accented letters still come after z. */
	if (strcmp(setlocale(LC_COLLATE, NULL), "C.UTF-8") == 0) {
		struct nr_view *v;

		cfg.sort = NR_SORT_TITLE;
		v = nr_view_new(s, &cfg, &err);
		CHECK(v != NULL);
		if (v != NULL && v->nshown == 17) {
			CHECK_STR(nr_view_row(v, 0)->title, "apple harvest");
			CHECK_STR(nr_view_row(v, 1)->title, "Apple Press");
			CHECK_STR(nr_view_row(v, 2)->title, "cerise");
			CHECK_STR(nr_view_row(v, 3)->title, "Ecole normale");
			CHECK_STR(nr_view_row(v, 6)->title, "zebra crossing");
			CHECK_STR(nr_view_row(v, 7)->title, "Zürich notes");
			CHECK_STR(nr_view_row(v, 10)->title, "ÇAJ");
			CHECK_STR(nr_view_row(v, 11)->title, "Çaj");
			CHECK_STR(nr_view_row(v, 16)->title, "école du soir");
		}
		nr_view_free(v);
	}
	nr_config_free(&cfg);
	nr_store_close(s);
}

static void
remove_db(const char *db)
{
	char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);

	unlink(db);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
}

int
main(void)
{
	static const char *const locales[] = { "en_US.UTF-8", "de_DE.UTF-8", "sq_AL.UTF-8" };
	struct nr_store *s;
	struct nr_err err;
	char *db, *db2;
	size_t i;

	t_init();
	db = t_path("list.db");
	db2 = t_path("order.db");
	s = nr_store_open(db, NR_STORE_CREATE, &err);
	CHECK(s != NULL);
	if (s != NULL) {
		test_rows(s, put_feed(s, "Alpha", "/alpha.atom"), put_feed(s, "Beta", "/beta.atom"));
		nr_store_close(s);
	}
	test_rule();
	test_same_order(db2);
	remove_db(db2);
	/* And in a language whose collation is not code point order, where
	 * the machine has one: accents and case are then second-level
	 * differences, so "éclair" goes with the e's. */
	for (i = 0; i < sizeof locales / sizeof locales[0]; i++) {
		if (setlocale(LC_COLLATE, locales[i]) != NULL) {
			test_same_order(db2);
			remove_db(db2);
			break;
		}
	}
	free(db);
	free(db2);
	return t_done();
}
