/* --dump's TSV: escaping of every special character, and the order of the
 * list (newest first, unknown dates last, ties in arrival order). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/dump.h"
#include "app/list.h"
#include "core/xmalloc.h"
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

int
main(void)
{
	t_init();
	test_escape();
	test_fields();
	test_multi();
	test_order_and_write();
	return t_done();
}
