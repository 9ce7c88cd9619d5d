/* The read and starred marks outside the interface, on a real database in
 * a temporary folder: a list read from files filtered by the marks the
 * database holds for its articles (--dump --unread --starred PATH), the
 * state modes with what they report, and the per-source article limit of
 * --cleanup. */
#include "config.h"

#include <unistd.h>

#include "app/list.h"
#include "app/state.h"
#include "core/xmalloc.h"
#include "store/store.h"
#include "helpers.h"
#include "t.h"

static void
put_item(struct nr_store *s, int64_t feed, const char *id, int64_t date)
{
	struct nr_item item;
	struct nr_err err;
	enum nr_put_result res;

	nr_item_init(&item);
	item.id = xstrdup(id);
	item.title = xasprintf("Title %s", id);
	item.published = date;
	CHECK_INT(nr_store_put_item(s, feed, &item, date, &res, &err), 0);
	nr_item_clear(&item);
}

/* A list as the loader makes it from a feed file at location: items
 * with these ids, through the list's sink. */
static void
file_list(struct nr_list *list, const char *location, const char *const *ids)
{
	struct nr_sink sink = nr_list_sink(list);
	struct nr_feed feed;
	size_t i;

	nr_list_init(list, 0);
	nr_feed_init(&feed);
	feed.location = xstrdup(location);
	feed.title = xstrdup("Feed");
	for (i = 0; ids[i] != NULL; i++) {
		struct nr_item item;

		nr_item_init(&item);
		item.id = xstrdup(ids[i]);
		item.title = xstrdup(ids[i]);
		item.published = 100 * (int64_t)i;
		sink.item(sink.ud, &feed, &item);
		nr_item_clear(&item);
	}
	sink.feed_done(sink.ud, &feed);
	nr_feed_clear(&feed);
}

/* The ids of list, with their marks: "i1 r-, i2 -s". */
static char *
marks(const struct nr_list *list)
{
	char buf[512] = "";
	size_t i;

	for (i = 0; i < list->nitems; i++) {
		const struct nr_list_entry *e = &list->items[i];

		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s %c%c", i > 0 ? ", " : "",
		    e->item.id, e->read ? 'r' : '-', e->starred ? 's' : '-');
	}
	return xstrdup(buf);
}

static void
test_filter(const char *db, const char *loc)
{
	static const char *const ids[] = { "i1", "i2", "i3", "new", NULL };
	static const struct {
		unsigned filters;
		const char *want;
	} cases[] = {
		{ 0, "i1 r-, i2 -s, i3 --, new --" },
		{ NR_FILTER_UNREAD, "i2 -s, i3 --, new --" },
		{ NR_FILTER_STARRED, "i2 -s" },
		{ NR_FILTER_UNREAD | NR_FILTER_STARRED, "i2 -s" },
	};
	struct nr_list list;
	struct nr_err err;
	char *got, *missing, *junk;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		file_list(&list, loc, ids);
		CHECK_INT(nr_state_filter(&list, db, cases[i].filters, &err), 0);
		got = marks(&list);
		CHECK_STR(got, cases[i].want);
		free(got);
		nr_list_free(&list);
	}
	/* The same ids in another feed are other articles. */
	file_list(&list, "/elsewhere.rss", ids);
	CHECK_INT(nr_state_filter(&list, db, NR_FILTER_STARRED, &err), 0);
	CHECK_INT(list.nitems, 0);
	nr_list_free(&list);

	/* No database yet: nothing was ever read or starred. */
	missing = t_path("none.db");
	file_list(&list, loc, ids);
	CHECK_INT(nr_state_filter(&list, missing, NR_FILTER_UNREAD, &err), 0);
	got = marks(&list);
	CHECK_STR(got, "i1 --, i2 --, i3 --, new --");
	free(got);
	nr_list_free(&list);
	free(missing);

	/* A file that is no database: an error naming it, the list as it was. */
	junk = t_put("junk.db", "this is not an SQLite database, not even close to one\n");
	file_list(&list, loc, ids);
	CHECK_INT(nr_state_filter(&list, junk, NR_FILTER_UNREAD, &err), -1);
	CHECK(strncmp(err.msg, junk, strlen(junk)) == 0);
	CHECK_INT(list.nitems, 4);
	nr_list_free(&list);
	unlink(junk);
	free(junk);
}

struct missing {
	char ids[256];
};

static void
on_missing(void *ud, const char *id)
{
	struct missing *m = ud;

	snprintf(m->ids + strlen(m->ids), sizeof m->ids - strlen(m->ids), "[%s]", id);
}

/* Run mode and return what it wrote to out. */
static char *
run(enum nr_state_mode mode, struct nr_store *s, char *const *ids, size_t nids, const char *file,
    const struct nr_config *cfg, struct missing *m, int want_rc)
{
	struct nr_err err;
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	CHECK_INT(nr_state_run(mode, s, ids, nids, file, cfg, 1000000, fp, on_missing, m, &err), want_rc);
	fclose(fp);
	return out;
}

static int
count_row(void *ud, const struct nr_store_row *row)
{
	(void)row;
	++*(long *)ud;
	return 0;
}

/* The articles of s that pass filters. */
static long
count(struct nr_store *s, unsigned filters)
{
	struct nr_err err;
	long n = 0;

	if (nr_store_list(s, filters, 0, count_row, &n, &err) < 0) {
		return -1;
	}
	return n;
}

static void
test_modes(struct nr_store *s, const struct nr_config *cfg)
{
	char *ids[] = { xstrdup("i3"), xstrdup("nope"), xstrdup("i2") };
	struct missing m;
	char *out, *file, *want;

	memset(&m, 0, sizeof m);
	out = run(NR_STATE_MARK_READ, s, ids, 3, NULL, cfg, &m, 1);
	CHECK_STR(out, "");
	CHECK_STR(m.ids, "[nope]");
	CHECK_INT(count(s, NR_FILTER_UNREAD), 0);
	free(out);

	memset(&m, 0, sizeof m);
	out = run(NR_STATE_UNSTAR, s, ids + 2, 1, NULL, cfg, &m, 0);
	CHECK_STR(m.ids, "");
	CHECK_INT(count(s, NR_FILTER_STARRED), 0);
	free(out);
	out = run(NR_STATE_STAR, s, ids, 1, NULL, cfg, &m, 0);
	CHECK_INT(count(s, NR_FILTER_STARRED), 1);
	free(out);
	out = run(NR_STATE_MARK_UNREAD, s, ids, 1, NULL, cfg, &m, 0);
	CHECK_INT(count(s, NR_FILTER_UNREAD), 1);
	free(out);

	file = t_path("state.tsv");
	out = run(NR_STATE_EXPORT, s, NULL, 0, file, cfg, &m, 0);
	want = xasprintf("%s: the state of 3 articles written\n", file);
	CHECK_STR(out, want);
	free(want);
	free(out);
	out = run(NR_STATE_MARK_ALL_READ, s, NULL, 0, NULL, cfg, &m, 0);
	CHECK_STR(out, "1 articles marked read\n");
	free(out);
	out = run(NR_STATE_IMPORT, s, NULL, 0, file, cfg, &m, 0);
	want = xasprintf("%s: the state of 3 articles applied\n", file);
	CHECK_STR(out, want);
	free(want);
	free(out);
	unlink(file);
	/* A file that cannot be read: an error, nothing reported. */
	out = run(NR_STATE_IMPORT, s, NULL, 0, file, cfg, &m, -1);
	CHECK_STR(out, "");
	free(out);
	free(file);
	CHECK_INT(count(s, NR_FILTER_STARRED), 1);
	out = run(NR_STATE_CLEANUP, s, NULL, 0, NULL, cfg, &m, 0);
	{
		static const char want_start[] = "0 articles purged: 0 older than keep_days, 0 beyond max_articles\n"
		    "The database: ";

		CHECK(strncmp(out, want_start, sizeof want_start - 1) == 0);
	}
	CHECK(strstr(out, " MB after, 0.0 MB regained\n") != NULL);
	free(out);
	CHECK(nr_state_takes_ids(NR_STATE_STAR));
	CHECK(!nr_state_takes_ids(NR_STATE_EXPORT));
	free(ids[0]);
	free(ids[1]);
	free(ids[2]);
}

static void
test_max_for_feed(void)
{
	struct nr_source src[3];
	struct nr_config cfg;
	char *dir = t_path("news/"), *sub = t_path("news/world");
	char *in_sub = t_path("news/world/a.rss"), *in_dir = t_path("news/b.rss");
	char *beside = t_path("newsletter.rss");

	memset(src, 0, sizeof src);
	memset(&cfg, 0, sizeof cfg);
	src[0].path = dir;
	src[0].max_articles = 10;
	src[1].path = sub;
	src[1].max_articles = 3;
	src[2].path = xstrdup("https://e.example/feed");
	src[2].is_url = 1;
	src[2].max_articles = -1;
	cfg.sources = src;
	cfg.nsources = 3;
	/* The longest path that holds the feed; a name that only begins
	 * like a folder is not in it. */
	CHECK_INT(nr_state_max_for_feed(&cfg, in_sub), 3);
	CHECK_INT(nr_state_max_for_feed(&cfg, in_dir), 10);
	CHECK_INT(nr_state_max_for_feed(&cfg, beside), -1);
	CHECK_INT(nr_state_max_for_feed(&cfg, "https://e.example/feed"), -1);
	CHECK_INT(nr_state_max_for_feed(&cfg, NULL), -1);
	free(dir);
	free(sub);
	free(in_sub);
	free(in_dir);
	free(beside);
	free(src[2].path);
}

int
main(void)
{
	struct nr_config cfg;
	struct nr_store *s;
	struct nr_feed feed;
	struct nr_err err;
	char *db, *loc;
	int64_t fid;

	t_init();
	db = t_path("state.db");
	loc = t_path("feed.rss");
	s = nr_store_open(db, NR_STORE_CREATE, &err);
	CHECK(s != NULL);
	if (s == NULL) {
		return t_done();
	}
	nr_feed_init(&feed);
	feed.location = xstrdup(loc);
	feed.title = xstrdup("Feed");
	fid = nr_store_put_feed(s, &feed, &err);
	nr_feed_clear(&feed);
	CHECK(fid > 0);
	put_item(s, fid, "i1", 100);
	put_item(s, fid, "i2", 200);
	put_item(s, fid, "i3", 300);
	CHECK_INT(nr_store_set_flag_by_id(s, "i1", NR_FLAG_READ, 1, &err), 1);
	CHECK_INT(nr_store_set_flag_by_id(s, "i2", NR_FLAG_STARRED, 1, &err), 1);
	nr_store_close(s);

	test_filter(db, loc);

	nr_config_defaults(&cfg);
	s = nr_store_open(db, NR_STORE_CREATE, &err);
	CHECK(s != NULL);
	if (s != NULL) {
		test_modes(s, &cfg);
		nr_store_close(s);
	}
	nr_config_free(&cfg);
	test_max_for_feed();
	free(db);
	free(loc);
	return t_done();
}
