/* --dump's TSV: escaping of every special character, and the order of the
 * list (newest first, unknown dates last, ties in arrival order); --dump of
 * a real database in a temporary folder (filters, bodies, no database yet,
 * a file that is no database) and of files with the database's marks. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/dump.h"
#include "app/list.h"
#include "core/xmalloc.h"
#include "helpers.h"
#include "store/store.h"
#include "t.h"

static void
test_escape(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ "a\tb", "a\\tb" },
		{ "a\nb", "a\\nb" },
		{ "a\rb", "a\\rb" },
		{ "back\\slash", "back\\\\slash" },
		{ "\\t is not a tab", "\\\\t is not a tab" },
		{ "\t\n\\", "\\t\\n\\\\" },
		{ "ëç Кириллица 日本 🌸", "ëç Кириллица 日本 🌸" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct nr_buf b = NR_BUF_INIT;

		nr_tsv_escape(&b, cases[i].in);
		CHECK_STR(nr_buf_str(&b), cases[i].want);
		nr_buf_free(&b);
	}
}

static void
add(struct nr_list *list, struct nr_sink *sink, struct nr_feed *feed, const char *title, int64_t t)
{
	struct nr_item item;

	nr_item_init(&item);
	item.title = xstrdup(title);
	item.published = t;
	nr_item_ensure_id(&item);
	sink->item(sink->ud, feed, &item);
	nr_item_clear(&item);
	(void)list;
}

static void
test_order_and_write(void)
{
	struct nr_list list;
	struct nr_sink sink;
	struct nr_feed feed;
	static const char *want_newest[] = { "c", "a", "b", "d", "e" };
	static const char *want_oldest[] = { "a", "b", "c", "d", "e" };
	static const char *want_title[] = { "a", "b", "c", "d", "e" };
	struct nr_dump_fields fields;
	char *out = NULL;
	size_t outlen = 0, i;
	FILE *fp;

	nr_list_init(&list, 0);
	sink = nr_list_sink(&list);
	nr_feed_init(&feed);
	feed.location = xstrdup("/tmp/some/feed.xml");
	add(&list, &sink, &feed, "d", NR_TIME_UNKNOWN);
	add(&list, &sink, &feed, "a", 100);
	add(&list, &sink, &feed, "b", 100);
	add(&list, &sink, &feed, "c", 300);
	add(&list, &sink, &feed, "e", NR_TIME_UNKNOWN);
	feed.title = xstrdup("Feed\twith tab");
	sink.feed_done(sink.ud, &feed);

	nr_list_sort(&list, NR_SORT_NEWEST);
	for (i = 0; i < 5; i++) {
		CHECK_STR(list.items[i].item.title, want_newest[i]);
	}
	nr_list_sort(&list, NR_SORT_OLDEST);
	for (i = 0; i < 5; i++) {
		CHECK_STR(list.items[i].item.title, want_oldest[i]);
	}
	nr_list_sort(&list, NR_SORT_TITLE);
	for (i = 0; i < 5; i++) {
		CHECK_STR(list.items[i].item.title, want_title[i]);
	}

	nr_list_sort(&list, NR_SORT_NEWEST);
	fp = open_memstream(&out, &outlen);
	nr_dump_default_fields(&fields, 0);
	CHECK_INT(nr_dump_write(fp, &list, &fields), 0);
	fclose(fp);
	/* Six fields; the feed's title escaped; unknown dates empty. */
	CHECK(strncmp(out, "300\tFeed\\twith tab\tc\t\t\tnr:", 26) == 0);
	CHECK(strstr(out, "\n\tFeed\\twith tab\td\t\t\tnr:") != NULL);
	{
		size_t lines = 0;
		const char *p;

		for (p = out; *p; p++) {
			lines += *p == '\n';
		}
		CHECK_INT(lines, 5);
	}
	free(out);
	nr_feed_clear(&feed);
	nr_list_free(&list);
}

static void
test_fields(void)
{
	static const struct {
		const char *list;
		int rc;
		size_t n;
	} cases[] = {
		{ "title", 0, 1 },
		{ "published,title,categories,enclosures", 0, 4 },
		{ "title,,link", 0, 2 },
		{ "", -1, 0 },
		{ "titel", -1, 0 },
		{ "title,bogus", -1, 0 },
	};
	struct nr_dump_fields f;
	struct nr_err err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(nr_dump_parse_fields(cases[i].list, &f, &err), cases[i].rc);
		if (cases[i].rc == 0) {
			CHECK_INT(f.n, cases[i].n);
		} else {
			CHECK(strstr(err.msg, "published") != NULL);
		}
	}
	nr_dump_parse_fields("title,summary", &f, &err);
	CHECK_INT(nr_dump_needs_body(&f), 1);
	nr_dump_parse_fields("title,categories", &f, &err);
	CHECK_INT(nr_dump_needs_body(&f), 0);
	nr_dump_default_fields(&f, 1);
	CHECK_INT(f.n, 7);
	CHECK_INT(f.f[6], NR_DUMP_BODY);
}

/* Several values in one field: one per line, so \n between them. */
static void
test_multi(void)
{
	struct nr_list list;
	struct nr_sink sink;
	struct nr_feed feed;
	struct nr_item item;
	struct nr_dump_fields f;
	struct nr_err err;
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp;

	nr_list_init(&list, 0);
	sink = nr_list_sink(&list);
	nr_feed_init(&feed);
	nr_item_init(&item);
	item.id = xstrdup("x");
	nr_item_add_category(&item, "Politics");
	nr_item_add_category(&item, "Tab\there");
	nr_item_add_category(&item, "Politics");
	nr_item_add_enclosure(&item, "https://e.example/a.mp3", "audio/mpeg", 1234);
	nr_item_add_enclosure(&item, "https://e.example/b.jpg", NULL, -1);
	nr_item_add_enclosure(&item, "https://e.example/b.jpg", "image/jpeg", 99);
	sink.item(sink.ud, &feed, &item);
	nr_item_clear(&item);
	nr_dump_parse_fields("categories,enclosures", &f, &err);
	fp = open_memstream(&out, &outlen);
	CHECK_INT(nr_dump_write(fp, &list, &f), 0);
	fclose(fp);
	CHECK_STR(out, "Politics\\nTab\\there\thttps://e.example/a.mp3 audio/mpeg 1234\\n"
	    "https://e.example/b.jpg image/jpeg 99\n");
	free(out);
	nr_feed_clear(&feed);
	nr_list_free(&list);
}

/* A database of two feeds: "Alpha" with a1 (read) and a2 (starred,
 * with a body), "Beta" with b1 (no date). */
static void
make_db(const char *db)
{
	static const struct {
		int feed;
		const char *id, *title;
		int64_t date;
	} items[] = {
		{ 0, "a1", "Alpha one", 1000 },
		{ 0, "a2", "Alpha two", 2000 },
		{ 1, "b1", "Beta one", NR_TIME_UNKNOWN },
	};
	struct nr_store *s = nr_store_open(db, NR_STORE_CREATE, &(struct nr_err){ 0 });
	struct nr_err err;
	int64_t feeds[2];
	size_t i;

	CHECK(s != NULL);
	if (s == NULL) {
		return;
	}
	for (i = 0; i < 2; i++) {
		struct nr_feed feed;

		nr_feed_init(&feed);
		feed.title = xstrdup(i == 0 ? "Alpha" : "Beta");
		feed.location = xasprintf("/feeds/%zu.rss", i);
		feeds[i] = nr_store_put_feed(s, &feed, &err);
		CHECK(feeds[i] > 0);
		nr_feed_clear(&feed);
	}
	for (i = 0; i < sizeof items / sizeof items[0]; i++) {
		struct nr_item item;
		enum nr_put_result res;

		nr_item_init(&item);
		item.id = xstrdup(items[i].id);
		item.title = xstrdup(items[i].title);
		item.published = items[i].date;
		item.content = xasprintf("<p>Body of\t%s</p>", items[i].id);
		item.content_type = NR_BODY_HTML;
		CHECK_INT(nr_store_put_item(s, feeds[items[i].feed], &item, 5000, &res, &err), 0);
		nr_item_clear(&item);
	}
	CHECK_INT(nr_store_set_flag_by_id(s, "a1", NR_FLAG_READ, 1, &err), 1);
	CHECK_INT(nr_store_set_flag_by_id(s, "a2", NR_FLAG_STARRED, 1, &err), 1);
	nr_store_close(s);
}

/* nr_dump_database's output and return value. */
static char *
dump_db(const char *db, unsigned filters, const char *fields, int want_rc, struct nr_err *err)
{
	struct nr_dump_fields f;
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	CHECK_INT(nr_dump_parse_fields(fields, &f, err), 0);
	CHECK_INT(nr_dump_database(fp, db, filters, &f, err), want_rc);
	fclose(fp);
	return out;
}

static void
test_database(void)
{
	char *db = t_path("dump.db"), *none = t_path("none.db");
	char *junk = t_path("junk.db"), *out, *f;
	struct nr_err err;
	FILE *fp;

	make_db(db);
	out = dump_db(db, 0, "id,source,read,starred,published", 0, &err);
	CHECK_STR(out, "a2\tAlpha\t0\t1\t2000\na1\tAlpha\t1\t0\t1000\nb1\tBeta\t0\t0\t\n");
	free(out);
	out = dump_db(db, NR_FILTER_UNREAD, "id", 0, &err);
	CHECK_STR(out, "a2\nb1\n");
	free(out);
	out = dump_db(db, NR_FILTER_UNREAD | NR_FILTER_STARRED, "id,body", 0, &err);
	CHECK_STR(out, "a2\tBody of a2\n");
	free(out);
	out = dump_db(db, NR_FILTER_STARRED, "id,content", 0, &err);
	CHECK_STR(out, "a2\t<p>Body of\\ta2</p>\n");
	free(out);
	/* No database yet: nothing has been read, nothing to say. */
	out = dump_db(none, 0, "id", 0, &err);
	CHECK_STR(out, "");
	free(out);
	t_spits(junk, "no database here, only some text that SQLite will not take\n");
	out = dump_db(junk, 0, "id", -1, &err);
	CHECK_STR(out, "");
	CHECK(strncmp(err.msg, junk, strlen(junk)) == 0);
	free(out);

	/* Files: the list sorted newest first, with the database's marks
	 * for the same feed and id. */
	{
		struct nr_dump_fields fields;
		struct nr_list list;
		struct nr_sink sink;
		struct nr_feed feed;
		size_t len = 0;

		nr_list_init(&list, 0);
		sink = nr_list_sink(&list);
		nr_feed_init(&feed);
		feed.location = xstrdup("/feeds/0.rss");
		add(&list, &sink, &feed, "a1", 1000);
		add(&list, &sink, &feed, "a2", 3000);
		add(&list, &sink, &feed, "a3", 2000);
		/* nr_item_ensure_id made the ids from title and date: give
		 * them the database's. */
		free(list.items[0].item.id);
		list.items[0].item.id = xstrdup("a1");
		free(list.items[1].item.id);
		list.items[1].item.id = xstrdup("a2");
		sink.feed_done(sink.ud, &feed);
		nr_feed_clear(&feed);
		CHECK_INT(nr_dump_parse_fields("title,read,starred", &fields, &err), 0);
		out = NULL;
		fp = open_memstream(&out, &len);
		CHECK_INT(nr_dump_files(fp, &list, db, NR_FILTER_UNREAD, &fields, &err), 0);
		fclose(fp);
		CHECK_STR(out, "a2\t0\t1\na3\t0\t0\n");
		free(out);
		CHECK_INT(nr_dump_files(stdout, &list, junk, NR_FILTER_UNREAD, &fields, &err), -1);
		nr_list_free(&list);
	}
	unlink(junk);
	unlink(db);
	f = xasprintf("%s-wal", db);
	unlink(f);
	free(f);
	f = xasprintf("%s-shm", db);
	unlink(f);
	free(f);
	free(db);
	free(none);
	free(junk);
}

int
main(void)
{
	t_init();
	test_escape();
	test_fields();
	test_multi();
	test_order_and_write();
	test_database();
	return t_done();
}
