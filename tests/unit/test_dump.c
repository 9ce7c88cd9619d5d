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
	CHECK_INT(nr_dump_write(fp, &list, 0), 0);
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

int
main(void)
{
	t_init();
	test_escape();
	test_order_and_write();
	return t_done();
}
