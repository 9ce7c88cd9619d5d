/* The interface's controller without a terminal, on a real database in a
 * temporary folder: the list in view, moving and paging, opening and the
 * reader (wrapping, scrolling, Space at the end), previous/next article and
 * unread across sources, search in the list and the reader, limit, the
 * sources pane, marking (saved at once), layouts, help from the actions
 * table with the bindings in effect, resizing. */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "app/load.h"
#include "app/view.h"
#include "core/xmalloc.h"
#include "store/store.h"
#include "t.h"

static char tmpdir[] = "/tmp/nr-test-view-XXXXXX";

static int64_t
add_feed(struct nr_store *s, const char *title, const char *loc)
{
	struct nr_feed feed;
	struct nr_err err;
	int64_t id;

	nr_feed_init(&feed);
	feed.title = xstrdup(title);
	feed.location = xstrdup(loc);
	feed.kind = NR_KIND_RSS;
	id = nr_store_put_feed(s, &feed, &err);
	CHECK(id > 0);
	nr_feed_clear(&feed);
	return id;
}

static void
add_item(struct nr_store *s, int64_t feed, const char *id, const char *title, int64_t date, const char *body)
{
	struct nr_item item;
	struct nr_err err;
	enum nr_put_result res;

	nr_item_init(&item);
	item.id = xstrdup(id);
	item.title = xstrdup(title);
	item.link = xasprintf("https://example.org/%s", id);
	item.author = xstrdup("Ana");
	item.published = date;
	item.content = xstrdup(body);
	item.content_type = NR_BODY_TEXT;
	CHECK_INT(nr_store_put_item(s, feed, &item, date, &res, &err), 0);
	nr_item_clear(&item);
}

/* The selected article's title. */
static const char *
sel_title(const struct nr_view *v)
{
	const struct nr_view_article *a = nr_view_selected(v);

	return a != NULL ? a->title : "(none)";
}

static int
count_row(void *ud, const struct nr_store_row *row)
{
	long *n = ud;

	(void)row;
	(*n)++;
	return 0;
}

static long
store_count(struct nr_store *s, unsigned filters)
{
	struct nr_err err;
	long n = 0;

	CHECK_INT(nr_store_list(s, filters, 0, count_row, &n, &err), 0);
	return n;
}

/* The index of the first reader line containing s, or -1. */
static long
reader_line(const struct nr_view *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->lines.n; i++) {
		if (strstr(v->lines.lines[i].text, s) != NULL) {
			return (long)i;
		}
	}
	return -1;
}

static const char long_body[] =
    "First paragraph of the long article with quite a few words in it to wrap.\n\n"
    "Second paragraph: the needle is here, hidden among words.\n\n"
    "Third paragraph, more words, more words, more words, more words, more words.\n\n"
    "Fourth paragraph, more words, more words, more words, more words, more words.\n\n"
    "Fifth paragraph, the end of the long article and another needle.";

int
main(void)
{
	struct nr_config cfg;
	struct nr_store *s;
	struct nr_view *v;
	struct nr_err err;
	char *db;
	int64_t fa, fb;
	long line, n;
	size_t i;
	char pos[32];

	t_init();
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	db = xasprintf("%s/view.db", tmpdir);
	s = nr_store_open(db, NR_STORE_CREATE, &err);
	CHECK(s != NULL);
	if (s == NULL) {
		return t_done();
	}
	fa = add_feed(s, "Alpha news", "/a.rss");
	fb = add_feed(s, "Beta blog", "/b.rss");
	/* Newest first: a5 b3 a4 b2 a3 b1 a2 a1 (dates decreasing). */
	add_item(s, fa, "a1", "Alpha one", 1000, "one");
	add_item(s, fa, "a2", "Alpha two", 2000, "two");
	add_item(s, fb, "b1", "Beta one", 2500, "beta one");
	add_item(s, fa, "a3", "Alpha three: the long one", 3000, long_body);
	add_item(s, fb, "b2", "Beta two", 3500, "beta two");
	add_item(s, fa, "a4", "Alpha four", 4000, "four");
	add_item(s, fb, "b3", "Beta three", 4500, "beta three");
	add_item(s, fa, "a5", "Alpha five", 5000, "five \x1b]2;pwned\x07 ok");

	nr_config_defaults(&cfg);
	v = nr_view_new(s, &cfg, &err);
	CHECK(v != NULL);
	if (v == NULL) {
		return t_done();
	}
	nr_view_set_size(v, 3, 6, 30, 5, 10);
	CHECK_INT(v->nshown, 8);
	CHECK_INT(v->nfeeds, 3);
	CHECK_STR(v->feeds[1].title, "Alpha news");
	CHECK_INT(v->feeds[0].unread, 8);
	CHECK_INT(v->feeds[1].unread, 5);
	CHECK_INT(v->feeds[2].unread, 3);
	CHECK_STR(sel_title(v), "Alpha five");
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);

	/* Moving: j k, the selection stays visible, G and g. */
	CHECK_INT(nr_view_key(v, 'j'), NR_ACT_DOWN);
	CHECK_STR(sel_title(v), "Beta three");
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	CHECK_STR(sel_title(v), "Beta two");
	CHECK_INT(v->top, 1);
	nr_view_key(v, 'k');
	nr_view_key(v, 'k');
	nr_view_key(v, 'k');
	nr_view_key(v, 'k');
	CHECK_INT(v->sel, 0);
	CHECK_INT(v->top, 0);
	nr_view_key(v, 'G');
	CHECK_STR(sel_title(v), "Alpha one");
	CHECK_INT(v->top, 5);
	nr_view_key(v, 'g');
	CHECK_INT(v->sel, 0);
	nr_view_do(v, NR_ACT_PAGE_DOWN);
	CHECK_INT(v->sel, 3);
	CHECK_INT(v->top, 3);
	nr_view_do(v, NR_ACT_HALF_PAGE_DOWN);
	CHECK_INT(v->sel, 4);
	nr_view_do(v, NR_ACT_PAGE_UP);
	CHECK_INT(v->sel, 1);
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	CHECK_INT(v->sel, 7);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	CHECK_INT(v->sel, 0);

	/* An unbound key says so. */
	CHECK_INT(nr_view_key(v, 'Z'), NR_ACT_NONE);
	CHECK(strstr(v->msg, "not bound") != NULL);
	CHECK_INT(v->msg_error, 1);

	/* The reader follows the selection; nothing is read until opened. */
	nr_view_prepare(v);
	CHECK(reader_line(v, "Alpha five") == 0);
	CHECK(reader_line(v, "Source: Alpha news") > 0);
	CHECK(reader_line(v, "Link: https://example.org/a5") > 0);
	/* The escape sequence in the body never reaches the screen. */
	CHECK(reader_line(v, " ok") > 0);
	for (i = 0; i < v->lines.n; i++) {
		CHECK(strchr(v->lines.lines[i].text, 0x1b) == NULL);
		CHECK(strchr(v->lines.lines[i].text, 0x07) == NULL);
	}
	CHECK_INT(v->all[v->shown[0]].read, 0);
	CHECK_INT(store_count(s, NR_FILTER_UNREAD), 8);

	/* Open: the reader takes the focus, the article is read (in the
	 * database at once). */
	CHECK_INT(nr_view_key(v, NR_KEY_ENTER), NR_ACT_OPEN);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	CHECK_INT(v->all[v->shown[0]].read, 1);
	CHECK_INT(v->feeds[0].unread, 7);
	CHECK_INT(v->feeds[1].unread, 4);
	CHECK_INT(store_count(s, NR_FILTER_UNREAD), 7);
	/* Next and previous article from the reader: J K. */
	nr_view_key(v, 'J');
	CHECK_STR(sel_title(v), "Beta three");
	CHECK_INT(store_count(s, NR_FILTER_UNREAD), 6);
	nr_view_key(v, 'K');
	CHECK_STR(sel_title(v), "Alpha five");
	nr_view_key(v, 'K');
	CHECK(strstr(v->msg, "first article") != NULL);
	/* Back to the list: q in the reader closes it. */
	CHECK_INT(nr_view_key(v, 'q'), NR_ACT_CLOSE);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	CHECK_INT(v->quit, 0);

	/* The long article: wrapped to 30 columns, scrolled, Space at the
	 * end goes to the next article. */
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	for (i = 0; i < 4; i++) {
		nr_view_key(v, 'j');
	}
	CHECK_STR(sel_title(v), "Alpha three: the long one");
	nr_view_key(v, NR_KEY_ENTER);
	nr_view_prepare(v);
	CHECK(v->lines.n > 12);
	for (i = 0; i < v->lines.n; i++) {
		CHECK(strlen(v->lines.lines[i].text) <= 30);
	}
	nr_view_reader_position(v, pos, sizeof pos);
	CHECK_STR(pos, "Top");
	nr_view_key(v, 'j');
	CHECK_INT(v->reader_top, 1);
	nr_view_reader_position(v, pos, sizeof pos);
	CHECK(strchr(pos, '%') != NULL);
	nr_view_key(v, NR_KEY_SPACE);
	CHECK_INT(v->reader_top, 6);
	nr_view_key(v, 'G');
	nr_view_reader_position(v, pos, sizeof pos);
	CHECK_STR(pos, "Bot");
	CHECK_STR(sel_title(v), "Alpha three: the long one");
	nr_view_key(v, NR_KEY_SPACE);
	CHECK_STR(sel_title(v), "Beta one");
	CHECK_INT(v->reader_top, 0);
	nr_view_key(v, 'K');

	/* Search in the reader: the line with the match comes to the top;
	 * n goes on, wrapping around; N goes back. */
	nr_view_prepare(v);
	nr_view_key(v, '/');
	CHECK_INT(v->prompt, NR_PROMPT_SEARCH_FORWARD);
	nr_view_prompt_done(v, "NEEDLE");
	CHECK_INT(v->prompt, NR_PROMPT_NONE);
	line = reader_line(v, "needle");
	CHECK(line > 0);
	CHECK_INT(v->reader_top, line);
	{
		size_t off, len;

		CHECK(nr_view_match(v, v->lines.lines[line].text, 0, &off, &len));
		CHECK_INT(len, 6);
		CHECK(strncmp(v->lines.lines[line].text + off, "needle", 6) == 0);
	}
	nr_view_key(v, 'n');
	CHECK(v->reader_top > (size_t)line);
	nr_view_key(v, 'N');
	CHECK_INT(v->reader_top, line);
	nr_view_search(v, "no such words", 0);
	CHECK(strstr(v->msg, "Not found") != NULL);
	CHECK_INT(v->reader_top, line);

	/* n visits every match in turn, those on the last page too (where
	 * the top line can no longer move), then wraps to the first. */
	{
		size_t hits[512], nh = 0, j, t, off, len;

		nr_view_key(v, 'g');
		nr_view_search(v, "e", 0);
		for (j = 0; j < v->lines.n && nh < 512; j++) {
			if (nr_view_match(v, v->lines.lines[j].text, 0, &off, &len)) {
				hits[nh++] = j;
			}
		}
		CHECK(nh > (size_t)v->reader_rows);
		/* The search starts after the top line, as less does. */
		for (t = 0; t < nh && hits[t] != v->reader_match; t++) {
		}
		CHECK(t < nh);
		for (j = 1; j <= nh && t < nh; j++) {
			nr_view_key(v, 'n');
			CHECK_INT(v->reader_match, hits[(t + j) % nh]);
		}
	}

	/* Re-wrapping on resize keeps the reading position. */
	{
		const char *before = v->lines.lines[v->reader_top].text;
		char *word = xstrndup(before, strcspn(before, " "));

		nr_view_set_size(v, 3, 6, 50, 5, 10);
		CHECK(strstr(v->lines.lines[v->reader_top].text, word) != NULL ||
		    (v->reader_top + 1 < v->lines.n && strstr(v->lines.lines[v->reader_top + 1].text, word) != NULL));
		for (i = 0; i < v->lines.n; i++) {
			CHECK(strlen(v->lines.lines[i].text) <= 50);
		}
		free(word);
	}
	nr_view_key(v, 'q');

	/* Search in the list: titles and sources, forward and backward. */
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_search(v, "beta", 0);
	CHECK_STR(sel_title(v), "Beta three");
	nr_view_key(v, 'n');
	CHECK_STR(sel_title(v), "Beta two");
	nr_view_key(v, 'N');
	CHECK_STR(sel_title(v), "Beta three");
	nr_view_key(v, '?');
	CHECK_INT(v->prompt, NR_PROMPT_SEARCH_BACKWARD);
	nr_view_prompt_done(v, "alpha four");
	CHECK_STR(sel_title(v), "Alpha four");
	nr_view_search(v, "Alpha five", 1);
	CHECK_STR(sel_title(v), "Alpha five");
	/* Wrapping around the end. */
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	nr_view_search(v, "five", 0);
	CHECK_STR(sel_title(v), "Alpha five");
	CHECK(strstr(v->msg, "wrapped") != NULL);
	/* Esc at the prompt cancels. */
	nr_view_key(v, '/');
	nr_view_prompt_done(v, NULL);
	CHECK_INT(v->prompt, NR_PROMPT_NONE);
	CHECK_STR(sel_title(v), "Alpha five");

	/* Limit: only matching articles until cleared. */
	nr_view_key(v, 'l');
	CHECK_INT(v->prompt, NR_PROMPT_LIMIT);
	nr_view_prompt_done(v, "two");
	CHECK_INT(v->nshown, 2);
	CHECK_STR(sel_title(v), "Beta two");
	nr_view_limit(v, "nothing like this");
	CHECK_INT(v->nshown, 0);
	CHECK(nr_view_selected(v) == NULL);
	nr_view_key(v, 'j');
	nr_view_key(v, NR_KEY_ENTER);
	nr_view_prepare(v);
	nr_view_limit(v, "");
	CHECK_INT(v->nshown, 8);

	/* Toggles, saved at once. */
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_key(v, 'j');
	CHECK_STR(sel_title(v), "Beta three");
	CHECK_INT(v->all[v->shown[1]].read, 1);
	nr_view_key(v, 'm');
	CHECK_INT(v->all[v->shown[1]].read, 0);
	CHECK_INT(store_count(s, NR_FILTER_UNREAD), 5);
	nr_view_key(v, 's');
	CHECK_INT(v->all[v->shown[1]].starred, 1);
	CHECK_INT(store_count(s, NR_FILTER_STARRED), 1);
	nr_view_key(v, 's');
	CHECK_INT(store_count(s, NR_FILTER_STARRED), 0);

	/* Next unread: within the list, then across sources when one
	 * source is shown. Unread now: b3 b2 a4 a2 a1. */
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_key(v, ']');
	CHECK_STR(sel_title(v), "Beta three");
	nr_view_key(v, ']');
	CHECK_STR(sel_title(v), "Alpha four");
	nr_view_key(v, '[');
	CHECK_STR(sel_title(v), "Beta three");

	/* The sources pane: "all" first with unread counts; choosing one
	 * filters the list. */
	nr_view_key(v, 'f');
	CHECK_INT(v->show_feeds, 1);
	CHECK_INT(nr_view_context(v), NR_CTX_FEEDS);
	CHECK_STR(v->feeds[0].title, "All articles");
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	CHECK_INT(v->feed_sel, 2);
	nr_view_key(v, NR_KEY_ENTER);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	CHECK_INT(v->nshown, 3);
	CHECK_STR(sel_title(v), "Beta three");
	/* Next unread crosses into the next source with unread articles?
	 * Beta is the last; previous unread from Beta's first goes back to
	 * Alpha. */
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_key(v, ']');
	CHECK_STR(sel_title(v), "Beta two");
	nr_view_key(v, ']');
	CHECK(strstr(v->msg, "No more unread") != NULL);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_key(v, '[');
	CHECK_INT(v->active_feed, 1);
	CHECK_STR(sel_title(v), "Alpha one");
	CHECK(strstr(v->msg, "Alpha news") != NULL);

	/* Mark all in view read: only this source's, saved at once. */
	nr_view_key(v, 'A');
	CHECK_INT(v->feeds[1].unread, 0);
	CHECK_INT(v->feeds[2].unread, 2);
	CHECK_INT(v->feeds[0].unread, 2);
	CHECK_INT(store_count(s, NR_FILTER_UNREAD), 2);
	/* With a limit, only the matching ones. */
	nr_view_click_feeds(v, 0, 1);
	CHECK_INT(v->nshown, 8);
	nr_view_limit(v, "beta three");
	nr_view_key(v, 'A');
	CHECK_INT(store_count(s, NR_FILTER_UNREAD), 1);
	nr_view_limit(v, NULL);
	CHECK_INT(v->feeds[0].unread, 1);

	/* Layouts cycle; in full, the reader only shows when opened. */
	CHECK_INT(v->layout, NR_LAYOUT_SPLIT);
	CHECK(nr_view_reader_visible(v));
	nr_view_key(v, 'v');
	CHECK_INT(v->layout, NR_LAYOUT_VERTICAL);
	nr_view_key(v, 'v');
	CHECK_INT(v->layout, NR_LAYOUT_FULL);
	nr_view_key(v, 'f');
	CHECK_INT(v->show_feeds, 0);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	CHECK(!nr_view_reader_visible(v));
	nr_view_key(v, NR_KEY_ENTER);
	CHECK(nr_view_reader_visible(v));
	nr_view_key(v, NR_KEY_ESC);
	CHECK(!nr_view_reader_visible(v));
	nr_view_key(v, 'v');
	CHECK_INT(v->layout, NR_LAYOUT_SPLIT);
	/* Tab moves between the panes shown. */
	nr_view_key(v, NR_KEY_TAB);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	nr_view_key(v, NR_KEY_TAB);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);

	/* The mouse: a click selects, a double click opens, the wheel moves. */
	nr_view_click_list(v, 2, 0);
	CHECK_INT(v->sel, v->top + 2);
	nr_view_scroll(v, NR_CTX_LIST, 3);
	CHECK_INT(v->sel, v->top + 2 < 8 ? v->sel : v->sel);
	nr_view_click_list(v, 0, 1);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	nr_view_key(v, 'q');

	/* Help: from the actions table, with the keys in effect. */
	nr_view_key(v, 'H');
	CHECK(v->help_open);
	n = 0;
	for (i = 0; i < v->help.n; i++) {
		if (strstr(v->help.lines[i].text, "next-article") != NULL &&
		    strstr(v->help.lines[i].text, "J") != NULL) {
			n++;
		}
	}
	CHECK(n >= 2);
	nr_view_key(v, 'x');
	CHECK(!v->help_open);
	/* A rebound key shows in the help. */
	nr_keymap_bind(&cfg.keys[NR_CTX_LIST], 'X', NR_ACT_NEXT_ARTICLE);
	nr_view_do(v, NR_ACT_HELP);
	n = 0;
	for (i = 0; i < v->help.n; i++) {
		if (strstr(v->help.lines[i].text, "J X") != NULL &&
		    strstr(v->help.lines[i].text, "next-article") != NULL) {
			n++;
		}
	}
	CHECK_INT(n, 1);
	nr_view_key(v, 'q');
	CHECK(!v->help_open);
	CHECK_INT(v->quit, 0);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_key(v, 'X');
	CHECK_INT(v->sel, 1);

	/* Reloading with no sources configured says how to add them. */
	nr_view_do(v, NR_ACT_RELOAD_ALL);
	CHECK(strstr(v->msg, "No sources to read again") != NULL);

	/* A tiny screen: one row each, nothing breaks. */
	nr_view_set_size(v, 1, 0, 1, 0, 1);
	nr_view_key(v, 'j');
	nr_view_key(v, NR_KEY_SPACE);
	nr_view_key(v, NR_KEY_ENTER);
	nr_view_prepare(v);
	nr_view_key(v, 'G');
	CHECK(v->lines.n > 0);

	nr_view_key(v, 'Q');
	CHECK_INT(v->quit, 1);
	nr_view_free(v);

	/* mark_read_on_open = no; sort = oldest. */
	cfg.mark_read_on_open = 0;
	cfg.sort = NR_SORT_OLDEST;
	v = nr_view_new(s, &cfg, &err);
	CHECK(v != NULL);
	if (v != NULL) {
		CHECK_STR(sel_title(v), "Alpha one");
		n = store_count(s, NR_FILTER_UNREAD);
		nr_view_do(v, NR_ACT_LAST_ARTICLE);
		nr_view_key(v, 'm');
		CHECK_INT(store_count(s, NR_FILTER_UNREAD), n + 1);
		nr_view_key(v, NR_KEY_ENTER);
		CHECK_INT(store_count(s, NR_FILTER_UNREAD), n + 1);
		nr_view_free(v);
	}
	cfg.sort = NR_SORT_TITLE;
	v = nr_view_new(s, &cfg, &err);
	CHECK(v != NULL);
	if (v != NULL) {
		CHECK_STR(sel_title(v), "Alpha five");
		nr_view_do(v, NR_ACT_LAST_ARTICLE);
		CHECK_STR(sel_title(v), "Beta two");
		nr_view_free(v);
	}

	/* An update brings new articles: they merge in above, the selected
	 * article stays selected on the same screen row, the reader keeps
	 * its article. */
	cfg.sort = NR_SORT_NEWEST;
	v = nr_view_new(s, &cfg, &err);
	CHECK(v != NULL);
	if (v != NULL) {
		char *title;
		size_t row, total = v->nshown;
		int64_t reading;

		nr_view_set_size(v, 3, 6, 30, 5, 10);
		nr_view_key(v, 'j');
		nr_view_key(v, 'j');
		nr_view_key(v, 'j');
		title = xstrdup(sel_title(v));
		row = v->sel - v->top;
		nr_view_key(v, NR_KEY_ENTER);
		nr_view_prepare(v);
		reading = v->reader_rowid;
		CHECK(reading != 0);
		add_item(s, fb, "b9", "Beta nine", 9000, "new");
		add_item(s, fa, "a9", "Alpha nine", 8000, "new too");
		{
			/* An update's feed with news marks the view stale; it reads
			 * the store when the interface asks. */
			struct nr_update_feed f;

			memset(&f, 0, sizeof f);
			f.outcome = NR_UPD_STORED;
			f.added = 2;
			nr_view_update_done(v, &f);
			CHECK_INT(v->stale, 1);
			CHECK_INT(v->nshown, total);
			CHECK_INT(nr_view_refresh_stale(v), 1);
			CHECK_INT(v->stale, 0);
			CHECK_INT(nr_view_refresh_stale(v), 0);
		}
		CHECK_INT(nr_view_refresh(v, &err), 0);
		CHECK_INT(v->nshown, total + 2);
		CHECK_STR(sel_title(v), title);
		CHECK_INT(v->sel - v->top, row);
		CHECK_INT(v->reader_rowid, reading);
		CHECK_INT(v->focus, NR_CTX_READER);
		CHECK_INT(v->feeds[0].total, (long)total + 2);
		free(title);
		nr_view_free(v);
	}

	/* Links: numbered in the reader, opened by number with the browser
	 * (a fake one that records its arguments), never through a shell;
	 * piping and saving the rendered article. */
	{
		struct nr_item item;
		enum nr_put_result res;
		char *fake = xasprintf("%s/fake-browser", tmpdir);
		char *argv_file = xasprintf("%s/argv", tmpdir);
		char *piped = xasprintf("%s/piped.txt", tmpdir);
		char *saved = xasprintf("%s/saved.txt", tmpdir);
		char *cmd;
		FILE *fp;
		size_t len;

		fp = fopen(fake, "w");
		CHECK(fp != NULL);
		if (fp != NULL) {
			fprintf(fp, "#!/bin/sh\nprintf '%%s\\0' \"$@\" > '%s'\n", argv_file);
			fclose(fp);
		}
		chmod(fake, 0755);
		nr_item_init(&item);
		item.id = xstrdup("h1");
		item.title = xstrdup("HTML article");
		item.link = xstrdup("https://example.org/h1");
		item.published = 99999;
		item.content = xstrdup("<p>See <a href=\"/x?a=$(id)&amp;b=`id`\">this</a> and "
		    "<a href=\"https://example.net/y;id\">that</a>.</p>");
		item.content_type = NR_BODY_HTML;
		CHECK_INT(nr_store_put_item(s, fa, &item, 99999, &res, &err), 0);
		nr_item_clear(&item);
		free(cfg.browser);
		cfg.browser = xasprintf("%s --new %%u", fake);
		v = nr_view_new(s, &cfg, &err);
		CHECK(v != NULL);
		if (v != NULL) {
			nr_view_set_size(v, 3, 6, 60, 5, 10);
			CHECK_STR(sel_title(v), "HTML article");
			nr_view_key(v, NR_KEY_ENTER);
			nr_view_prepare(v);
			CHECK(reader_line(v, "this [1]") > 0);
			CHECK(reader_line(v, "that [2]") > 0);
			CHECK_INT(v->links.n, 2);
			CHECK_STR(v->links.v[0].url, "https://example.org/x?a=$(id)&b=`id`");
			/* A digit starts the prompt with itself. */
			CHECK_INT(nr_view_key(v, '1'), NR_ACT_OPEN_LINK);
			CHECK_INT(v->prompt, NR_PROMPT_OPEN_LINK);
			CHECK_STR(v->prompt_init, "1");
			nr_view_prompt_done(v, "1");
			fp = fopen(argv_file, "r");
			CHECK(fp != NULL);
			if (fp != NULL) {
				char buf[512];
				static const char want[] = "--new\0https://example.org/x?a=$(id)&b=`id`";

				len = fread(buf, 1, sizeof buf, fp);
				fclose(fp);
				CHECK_INT(len, sizeof want);
				CHECK(len == sizeof want && memcmp(buf, want, len) == 0);
			}
			nr_view_prompt_done(v, NULL);
			nr_view_key(v, '7');
			nr_view_prompt_done(v, "7");
			CHECK(strstr(v->msg, "No link 7") != NULL);
			nr_view_key(v, '2');
			nr_view_prompt_done(v, "2x");
			CHECK(strstr(v->msg, "Not a link number") != NULL);

			/* Pipe: the rendered text on the command's stdin. */
			nr_view_do(v, NR_ACT_PIPE);
			CHECK_INT(v->prompt, NR_PROMPT_PIPE);
			cmd = xasprintf("cat > '%s'", piped);
			nr_view_prompt_done(v, cmd);
			free(cmd);
			CHECK_STR(v->msg, "Piped.");
			fp = fopen(piped, "r");
			CHECK(fp != NULL);
			if (fp != NULL) {
				char buf[4096];

				len = fread(buf, 1, sizeof buf - 1, fp);
				buf[len] = '\0';
				fclose(fp);
				CHECK(strstr(buf, "HTML article\n") == buf);
				CHECK(strstr(buf, "this [1]") != NULL);
				CHECK(strstr(buf, "https://example.net/y;id") != NULL);
				CHECK(strstr(buf, "<a href") == NULL);
			}
			/* Save: then again, which asks before replacing. */
			nr_view_do(v, NR_ACT_SAVE);
			CHECK_INT(v->prompt, NR_PROMPT_SAVE);
			CHECK_STR(v->prompt_init, "~/html-article.txt");
			nr_view_prompt_done(v, saved);
			CHECK(strstr(v->msg, "Saved to") != NULL);
			nr_view_do(v, NR_ACT_SAVE);
			nr_view_prompt_done(v, saved);
			CHECK_INT(v->prompt, NR_PROMPT_OVERWRITE);
			nr_view_prompt_done(v, "no");
			CHECK_STR(v->msg, "Not saved.");
			nr_view_do(v, NR_ACT_SAVE);
			nr_view_prompt_done(v, saved);
			nr_view_prompt_done(v, "yes");
			CHECK(strstr(v->msg, "Saved to") != NULL);
			nr_view_free(v);
		}
		unlink(fake);
		unlink(argv_file);
		unlink(piped);
		unlink(saved);
		free(fake);
		free(argv_file);
		free(piped);
		free(saved);
	}

	/* r reads a local source of the configuration again, R all of them:
	 * what the file gained since appears. */
	{
		char *feedfile = xasprintf("%s/local.rss", tmpdir);
		struct nr_loader ld;
		struct nr_load_stats stats;
		size_t before;
		FILE *fp;

		fp = fopen(feedfile, "w");
		CHECK(fp != NULL);
		if (fp != NULL) {
			fputs("<rss version=\"2.0\"><channel><title>Local feed</title>"
			    "<item><guid>l1</guid><title>Local one</title><pubDate>Mon, 01 Jan 2001 00:00:00 GMT</pubDate></item>"
			    "</channel></rss>\n", fp);
			fclose(fp);
		}
		memset(&ld, 0, sizeof ld);
		ld.store = s;
		ld.opts.want_body = 1;
		CHECK_INT(nr_load_source(&ld, feedfile, NULL, &stats, &err), 0);
		cfg.sources = xcalloc(1, sizeof *cfg.sources);
		cfg.sources[0].label = xstrdup("local");
		cfg.sources[0].path = xstrdup(feedfile);
		cfg.sources[0].max_articles = -1;
		cfg.sources[0].reload = -1;
		cfg.nsources = 1;
		cfg.sort = NR_SORT_NEWEST;
		v = nr_view_new(s, &cfg, &err);
		CHECK(v != NULL);
		if (v != NULL) {
			nr_view_set_size(v, 3, 6, 60, 5, 10);
			before = v->nshown;
			CHECK_STR(sel_title(v), "Local one");
			fp = fopen(feedfile, "w");
			if (fp != NULL) {
				fputs("<rss version=\"2.0\"><channel><title>Local feed</title>"
				    "<item><guid>l2</guid><title>Local two</title><pubDate>Tue, 02 Jan 2001 00:00:00 GMT</pubDate></item>"
				    "<item><guid>l1</guid><title>Local one</title><pubDate>Mon, 01 Jan 2001 00:00:00 GMT</pubDate></item>"
				    "</channel></rss>\n", fp);
				fclose(fp);
			}
			nr_view_do(v, NR_ACT_RELOAD);
			CHECK(strstr(v->msg, "local read again: 1 new") != NULL);
			CHECK_INT(v->nshown, before + 1);
			CHECK_STR(sel_title(v), "Local one");
			unlink(feedfile);
			nr_view_do(v, NR_ACT_RELOAD_ALL);
			CHECK(v->msg_error);
			CHECK(strstr(v->msg, "local: ") == v->msg);
			CHECK_INT(v->nshown, before + 1);
			nr_view_free(v);
		}
		free(feedfile);
	}

	nr_config_free(&cfg);
	nr_store_close(s);
	unlink(db);
	{
		char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);

		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
	}
	rmdir(tmpdir);
	free(db);
	return t_done();
}
