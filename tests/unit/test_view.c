/* The interface's controller without a terminal, on a real database in a
 * temporary folder: one case per behaviour, each on a view of its own over
 * a fresh database (two sources, eight articles), so that one failure does
 * not hide the rest. The list in view, moving and paging, opening and the
 * reader (wrapping, scrolling, Space at the end), previous/next article and
 * unread across sources, search in the list and the reader, limit, the
 * sources pane, marking (saved at once), layouts, the mouse, help from the
 * actions table with the bindings in effect, resizing, updates merging in,
 * links, pipe and save, reloading local sources, and the dispatch table's
 * coverage of every action. */
#include "config.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/load.h"
#include "app/view.h"
#include "config/keys.h"
#include "core/xmalloc.h"
#include "filter/filter.h"
#include "helpers.h"
#include "store/store.h"
#include "store/store_int.h"
#include "t.h"
#include "util/utf8.h"

struct fixture {
	char *dir;             /* the case's own folder in the scratch folder */
	struct nr_config cfg;
	struct nr_store *s;
	struct nr_view *v;
	int64_t fa, fb;         /* the sources Alpha news and Beta blog */
};

static int64_t
add_feed(struct nr_store *s, const char *title, const char *loc)
{
	struct nr_err err;
	int64_t id = t_put_feed(s, loc, title, NR_KIND_RSS, &err);

	CHECK(id > 0);
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

/* Select row i of the list from the top. */
static void
go_row(struct nr_view *v, size_t i)
{
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	while (i-- > 0) {
		nr_view_key(v, 'j');
	}
}

/* Press key on row i of the list. */
static void
key_at(struct nr_view *v, size_t i, uint32_t key)
{
	go_row(v, i);
	nr_view_key(v, key);
}

/* The contents of a file, or "" if it cannot be read (the caller frees
 * it): the cases search in it with strstr. */
static char *
slurp(const char *path)
{
	char *text = t_slurp(path, NULL);

	return text != NULL ? text : xstrdup("");
}

static const char long_body[] =
    "First paragraph of the long article with quite a few words in it to wrap.\n\n"
    "Second paragraph: the needle is here, hidden among words.\n\n"
    "Third paragraph, more words, more words, more words, more words, more words.\n\n"
    "Fourth paragraph, more words, more words, more words, more words, more words.\n\n"
    "Fifth paragraph, the end of the long article and another needle.";

/* The rows of the list, newest first. */
enum { ROW_A5, ROW_B3, ROW_A4, ROW_B2, ROW_A3, ROW_B1, ROW_A2, ROW_A1 };

/* A fresh database in a folder of its own: Alpha news (a1..a5) and Beta
 * blog (b1..b3), newest first a5 b3 a4 b2 a3 b1 a2 a1; the configuration's
 * defaults. The view is made by new_view, so that a case may change the
 * configuration or the store first. */
static int
setup(struct fixture *fx)
{
	struct nr_err err;
	char *db;

	static unsigned ncase;
	char name[32];

	memset(fx, 0, sizeof *fx);
	snprintf(name, sizeof name, "case-%u", ++ncase);
	fx->dir = t_path(name);
	if (mkdir(fx->dir, 0700) < 0) {
		perror(fx->dir);
		free(fx->dir);
		fx->dir = NULL;
		return -1;
	}
	db = xasprintf("%s/view.db", fx->dir);
	fx->s = nr_store_open(db, NR_STORE_CREATE, &err);
	free(db);
	CHECK(fx->s != NULL);
	if (fx->s == NULL) {
		return -1;
	}
	fx->fa = add_feed(fx->s, "Alpha news", "/a.rss");
	fx->fb = add_feed(fx->s, "Beta blog", "/b.rss");
	add_item(fx->s, fx->fa, "a1", "Alpha one", 1000, "one");
	add_item(fx->s, fx->fa, "a2", "Alpha two", 2000, "two");
	add_item(fx->s, fx->fb, "b1", "Beta one", 2500, "beta one");
	add_item(fx->s, fx->fa, "a3", "Alpha three: the long one", 3000, long_body);
	add_item(fx->s, fx->fb, "b2", "Beta two", 3500, "beta two");
	add_item(fx->s, fx->fa, "a4", "Alpha four", 4000, "four");
	add_item(fx->s, fx->fb, "b3", "Beta three", 4500, "beta three");
	add_item(fx->s, fx->fa, "a5", "Alpha five", 5000, "five \x1b]2;pwned\x07 ok");
	nr_config_defaults(&fx->cfg);
	return 0;
}

/* The view on the fixture's store: 3 list rows, a reader of 6 rows and 30
 * columns, 5 rows of sources, 10 of help. NULL after a failed check. */
static struct nr_view *
new_view(struct fixture *fx)
{
	struct nr_err err;

	nr_view_free(fx->v);
	fx->v = nr_view_new(fx->s, &fx->cfg, &err);
	CHECK(fx->v != NULL);
	if (fx->v != NULL) {
		nr_view_set_size(fx->v, 3, 6, 30, 5, 10);
	}
	return fx->v;
}

static void
teardown(struct fixture *fx)
{
	nr_view_free(fx->v);
	nr_config_free(&fx->cfg);
	nr_store_close(fx->s);
	if (fx->dir != NULL) {
		t_remove_tree(fx->dir);
		free(fx->dir);
	}
}

/* ---- the cases ---- */

static void
test_loads(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	CHECK_INT(v->nshown, 8);
	CHECK_INT(v->nfeeds, 3);
	CHECK_STR(v->feeds[0].title, "All articles");
	CHECK_STR(v->feeds[1].title, "Alpha news");
	CHECK_INT(v->feeds[0].unread, 8);
	CHECK_INT(v->feeds[1].unread, 5);
	CHECK_INT(v->feeds[2].unread, 3);
	CHECK_STR(sel_title(v), "Alpha five");
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
}

static void
test_move(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* j k, the selection stays visible, G and g. */
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
}

static void
test_page(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* The page moves and the selection with it. */
	nr_view_do(v, NR_ACT_PAGE_DOWN);
	CHECK_INT(v->sel, 3);
	CHECK_INT(v->top, 3);
	nr_view_do(v, NR_ACT_HALF_PAGE_DOWN);
	CHECK_INT(v->sel, 4);
	nr_view_do(v, NR_ACT_PAGE_UP);
	CHECK_INT(v->sel, 1);
	nr_view_do(v, NR_ACT_HALF_PAGE_UP);
	CHECK_INT(v->sel, 0);
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	CHECK_INT(v->sel, 7);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	CHECK_INT(v->sel, 0);
}

/* A message quoting a file name or URL keeps no control character of
 * it, and one cut at the buffer's end is not cut inside a character. */
static void
test_message_sanitised(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	char long_name[1200];
	size_t i;

	if (v == NULL) {
		return;
	}
	nr_view_message(v, 1, "Saved to %s.", "/tmp/\x1b]0;PWNED\x07\x1b[2Jx.txt");
	CHECK(strchr(v->msg, '\x1b') == NULL);
	CHECK(strchr(v->msg, '\x07') == NULL);
	CHECK(strstr(v->msg, "Saved to /tmp/") == v->msg);
	for (i = 0; i + 2 < sizeof long_name; i += 2) {
		long_name[i] = '\xc3';
		long_name[i + 1] = '\xa9';
	}
	long_name[i] = '\0';
	nr_view_message(v, 0, "x%s", long_name);
	CHECK(nr_utf8_valid(v->msg, strlen(v->msg)));
	CHECK(strstr(v->msg, "\xef\xbf\xbd") == NULL);
}

static void
test_unbound_key(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	CHECK_INT(nr_view_key(v, 'Z'), NR_ACT_NONE);
	CHECK(strstr(v->msg, "not bound") != NULL);
	CHECK_INT(v->msg_error, 1);
	/* The message stays until the next key. */
	nr_view_key(v, 'j');
	CHECK_STR(v->msg, "");
}

static void
test_reader_follows(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	size_t i;

	if (v == NULL) {
		return;
	}
	/* The reader shows the selection; nothing is read until opened. */
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
	CHECK_INT(nr_view_row(v, 0)->read, 0);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 8);
	nr_view_key(v, 'j');
	nr_view_prepare(v);
	CHECK(reader_line(v, "Beta three") == 0);
}

static void
test_open_marks_read(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* The reader takes the focus, the article is read (in the database
	 * at once). */
	CHECK_INT(nr_view_key(v, NR_KEY_ENTER), NR_ACT_OPEN);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	CHECK_INT(nr_view_row(v, 0)->read, 1);
	CHECK_INT(v->feeds[0].unread, 7);
	CHECK_INT(v->feeds[1].unread, 4);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 7);
}

static void
test_reader_next_prev(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	nr_view_key(v, NR_KEY_ENTER);
	/* J and K open the next and previous article, read too. */
	nr_view_key(v, 'J');
	CHECK_STR(sel_title(v), "Beta three");
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 6);
	nr_view_key(v, 'K');
	CHECK_STR(sel_title(v), "Alpha five");
	nr_view_key(v, 'K');
	CHECK(strstr(v->msg, "first article") != NULL);
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	CHECK_STR(sel_title(v), "Alpha one");
	nr_view_key(v, 'J');
	CHECK(strstr(v->msg, "last article") != NULL);
}

static void
test_reader_close(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	nr_view_key(v, NR_KEY_ENTER);
	/* q in the reader closes it; it does not quit. */
	CHECK_INT(nr_view_key(v, 'q'), NR_ACT_BACK);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	CHECK_INT(v->quit, 0);
	CHECK_INT(v->reader_open, 0);
}

/* Open the long article (a3) in the reader. */
static void
open_long(struct nr_view *v)
{
	go_row(v, ROW_A3);
	CHECK_STR(sel_title(v), "Alpha three: the long one");
	nr_view_key(v, NR_KEY_ENTER);
	nr_view_prepare(v);
}

static void
test_reader_scroll(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	char pos[32];
	size_t i;

	if (v == NULL) {
		return;
	}
	/* Wrapped to 30 columns, scrolled; Space at the end goes on to the
	 * next article. */
	open_long(v);
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
	nr_view_key(v, 'b');
	CHECK_INT(v->reader_top, 1);
	nr_view_key(v, 'G');
	nr_view_reader_position(v, pos, sizeof pos);
	CHECK_STR(pos, "Bot");
	CHECK_STR(sel_title(v), "Alpha three: the long one");
	nr_view_key(v, 'g');
	CHECK_INT(v->reader_top, 0);
	nr_view_key(v, 'G');
	nr_view_key(v, NR_KEY_SPACE);
	CHECK_STR(sel_title(v), "Beta one");
	CHECK_INT(v->reader_top, 0);
}

static void
test_reader_search(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	size_t off, len;
	long line;

	if (v == NULL) {
		return;
	}
	/* The line with the match comes to the top; n goes on, wrapping
	 * around; N goes back. */
	open_long(v);
	nr_view_key(v, '/');
	CHECK_INT(v->prompt, NR_PROMPT_SEARCH_FORWARD);
	nr_view_prompt_done(v, "NEEDLE");
	CHECK_INT(v->prompt, NR_PROMPT_NONE);
	line = reader_line(v, "needle");
	CHECK(line > 0);
	CHECK_INT(v->reader_top, line);
	if (line > 0) {
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
}

static void
test_reader_search_every_match(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	size_t hits[512], nh = 0, j, t, off, len;

	if (v == NULL) {
		return;
	}
	/* n visits every match in turn, those on the last page too (where
	 * the top line can no longer move), then wraps to the first. */
	open_long(v);
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

static void
test_reader_resize(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	const char *before;
	char *word;
	size_t i;

	if (v == NULL) {
		return;
	}
	/* Re-wrapping at another width keeps the reading position. */
	open_long(v);
	nr_view_search(v, "needle", 0);
	CHECK(v->reader_top > 0);
	before = v->lines.lines[v->reader_top].text;
	word = xstrndup(before, strcspn(before, " "));
	nr_view_set_size(v, 3, 6, 50, 5, 10);
	CHECK(strstr(v->lines.lines[v->reader_top].text, word) != NULL ||
	    (v->reader_top + 1 < v->lines.n && strstr(v->lines.lines[v->reader_top + 1].text, word) != NULL));
	for (i = 0; i < v->lines.n; i++) {
		CHECK(strlen(v->lines.lines[i].text) <= 50);
	}
	free(word);
}

static void
test_list_search(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* Titles and sources, forward and backward. */
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
	/* The source's name matches too. */
	nr_view_search(v, "blog", 0);
	CHECK_STR(sel_title(v), "Beta three");
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
}

static void
test_search_without_pattern(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	nr_view_key(v, 'n');
	CHECK(strstr(v->msg, "No search pattern") != NULL);
	CHECK_INT(v->sel, 0);
}

static void
test_limit(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* Only matching articles until cleared. */
	nr_view_key(v, 'l');
	CHECK_INT(v->prompt, NR_PROMPT_LIMIT);
	nr_view_prompt_done(v, "two");
	CHECK_INT(v->nshown, 2);
	CHECK_STR(sel_title(v), "Beta two");
	nr_view_limit(v, "nothing like this");
	CHECK_INT(v->nshown, 0);
	CHECK(nr_view_selected(v) == NULL);
	CHECK(strstr(v->msg, "No article matches") != NULL);
	/* An empty view takes keys without harm. */
	nr_view_key(v, 'j');
	nr_view_key(v, NR_KEY_ENTER);
	CHECK(strstr(v->msg, "No articles") != NULL);
	nr_view_prepare(v);
	nr_view_limit(v, "");
	CHECK_INT(v->nshown, 8);
}

static void
test_toggles(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* Saved at once. */
	go_row(v, ROW_B3);
	CHECK_STR(sel_title(v), "Beta three");
	nr_view_key(v, 'm');
	CHECK_INT(nr_view_row(v, ROW_B3)->read, 1);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 7);
	CHECK_INT(v->feeds[2].unread, 2);
	nr_view_key(v, 'm');
	CHECK_INT(nr_view_row(v, ROW_B3)->read, 0);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 8);
	nr_view_key(v, 's');
	CHECK_INT(nr_view_row(v, ROW_B3)->starred, 1);
	CHECK_INT(store_count(fx->s, NR_FILTER_STARRED), 1);
	nr_view_key(v, 's');
	CHECK_INT(store_count(fx->s, NR_FILTER_STARRED), 0);
}

/* Read: a5, a3 and b1; unread b3 b2 a4 a2 a1. */
static void
read_some(struct nr_view *v)
{
	key_at(v, ROW_A5, 'm');
	key_at(v, ROW_A3, 'm');
	key_at(v, ROW_B1, 'm');
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
}

static void
test_next_unread(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	read_some(v);
	/* From the list, ] shows the next unread in the reader pane and so
	 * marks it read, as opening it would. */
	nr_view_key(v, ']');
	CHECK_STR(sel_title(v), "Beta three");
	CHECK_INT(nr_view_selected(v)->read, 1);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	nr_view_key(v, ']');
	CHECK_STR(sel_title(v), "Alpha four");
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 3);
	/* Beta three is read now: [ finds none before. */
	nr_view_key(v, '[');
	CHECK_STR(sel_title(v), "Alpha four");
	CHECK(strstr(v->msg, "No more unread") != NULL);
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	nr_view_key(v, '[');
	CHECK_STR(sel_title(v), "Alpha two");
	CHECK_INT(nr_view_selected(v)->read, 1);
	nr_view_key(v, ']');
	CHECK_STR(sel_title(v), "Alpha one");
	nr_view_key(v, ']');
	CHECK(strstr(v->msg, "No more unread") != NULL);
}

/* Where ] shows nothing in a reader (the full layout), or the settings
 * say opening does not mark, it marks nothing. */
static void
test_next_unread_no_mark(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	read_some(v);
	nr_view_key(v, 'v');
	nr_view_key(v, 'v');
	CHECK_INT(v->layout, NR_LAYOUT_FULL);
	nr_view_key(v, ']');
	CHECK_STR(sel_title(v), "Beta three");
	CHECK_INT(nr_view_selected(v)->read, 0);
	fx->cfg.mark_read_on_open = 0;
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	nr_view_key(v, ']');
	CHECK_STR(sel_title(v), "Beta three");
	CHECK_INT(nr_view_selected(v)->read, 0);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 5);
}

/* U and * show unread or starred articles only; q undoes each in turn,
 * and quits only at the top. */
static void
test_read_filters(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	char *d;

	if (v == NULL) {
		return;
	}
	read_some(v);
	key_at(v, ROW_B2, 's');
	key_at(v, ROW_A5, 's');
	go_row(v, ROW_A4);
	CHECK_INT(nr_view_key(v, 'U'), NR_ACT_TOGGLE_SHOW_READ);
	CHECK_INT(v->nshown, 5);
	CHECK_STR(sel_title(v), "Alpha four");
	d = nr_view_describe(v);
	CHECK(strstr(d, "[unread only]") != NULL);
	free(d);
	/* Read articles stay hidden as they are read, until asked. */
	nr_view_key(v, 'm');
	CHECK_INT(v->nshown, 5);
	CHECK_INT(nr_view_key(v, '*'), NR_ACT_TOGGLE_STARRED_ONLY);
	CHECK_INT(v->nshown, 1);
	CHECK_STR(sel_title(v), "Beta two");
	CHECK_INT(v->nlevels, 2);
	/* q: starred and unread, then unread (Alpha four, read now, gone),
	 * then all; then quit. */
	CHECK_INT(nr_view_key(v, 'q'), NR_ACT_BACK);
	CHECK_INT(v->nshown, 4);
	CHECK(strstr(v->msg, "Back to") != NULL);
	nr_view_key(v, 'q');
	CHECK_INT(v->nshown, 8);
	CHECK_INT(v->quit, 0);
	nr_view_key(v, '*');
	CHECK_INT(v->nshown, 2);
	/* Toggled off again is back at the level below, not one more. */
	nr_view_key(v, '*');
	CHECK_INT(v->nshown, 8);
	CHECK_INT(v->nlevels, 0);
	nr_view_key(v, 'q');
	CHECK_INT(v->quit, 1);
}

/* U in the reader: the article being read stays in the list; back in
 * the list, it goes at the next change. */
static void
test_read_filter_in_reader(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	go_row(v, ROW_B3);
	nr_view_key(v, NR_KEY_ENTER);
	CHECK_INT(nr_view_key(v, 'U'), NR_ACT_TOGGLE_SHOW_READ);
	CHECK_STR(sel_title(v), "Beta three");
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	CHECK_INT(v->nshown, 8);
	nr_view_key(v, 'q');
	nr_view_key(v, '*');
	nr_view_key(v, '*');
	CHECK_INT(v->nshown, 7);
	CHECK(strcmp(sel_title(v), "Beta three") != 0);
}

/* show_read = no: unread only from the start, and that is the top. */
static void
test_show_read_setting(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	read_some(v);
	fx->cfg.show_read = 0;
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	CHECK_INT(v->nshown, 5);
	CHECK_STR(sel_title(v), "Beta three");
	nr_view_key(v, 'U');
	CHECK_INT(v->nshown, 8);
	nr_view_key(v, 'q');
	CHECK_INT(v->nshown, 5);
	nr_view_key(v, 'q');
	CHECK_INT(v->quit, 1);
}

/* q: reader to list, a limit to the list before it, a chosen source to
 * all of them; moving between sources is not a level; Q quits. */
static void
test_back_levels(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	nr_view_limit(v, "o");
	CHECK_INT(v->nshown, 7);
	nr_view_limit(v, "Beta");
	CHECK_INT(v->nshown, 3);
	nr_view_key(v, NR_KEY_ENTER);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	nr_view_key(v, 'q');
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	CHECK_INT(v->nshown, 3);
	nr_view_key(v, 'q');
	CHECK_INT(v->nshown, 7);
	CHECK_STR(v->q.limit, "o");
	nr_view_key(v, 'q');
	CHECK_INT(v->nshown, 8);
	CHECK(v->q.limit == NULL);
	/* Alpha, then Beta: one level; q is all again. */
	nr_view_click_feeds(v, 1, 1);
	CHECK_INT(v->nshown, 5);
	nr_view_click_feeds(v, 2, 1);
	CHECK_INT(v->nshown, 3);
	nr_view_limit(v, "two");
	CHECK_INT(v->nshown, 1);
	nr_view_key(v, 'q');
	CHECK_INT(v->nshown, 3);
	nr_view_key(v, 'q');
	CHECK_INT(v->nshown, 8);
	CHECK_INT(v->active_feed, 0);
	/* From the sources pane too. */
	nr_view_click_feeds(v, 1, 1);
	nr_view_key(v, 'f');
	CHECK_INT(nr_view_context(v), NR_CTX_FEEDS);
	nr_view_key(v, 'q');
	CHECK_INT(v->nshown, 8);
	CHECK_INT(v->quit, 0);
	nr_view_key(v, 'q');
	CHECK_INT(v->quit, 1);
	/* Q from a deeper level. */
	v = new_view(fx);
	if (v != NULL) {
		nr_view_limit(v, "Beta");
		nr_view_key(v, NR_KEY_ENTER);
		nr_view_key(v, 'Q');
		CHECK_INT(v->quit, 1);
	}
}

/* O cycles the order, ~ reverses it; kept when the list is read again. */
static void
test_sort_keys(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	struct nr_err err;
	char *d;

	if (v == NULL) {
		return;
	}
	go_row(v, ROW_B2);
	CHECK_INT(nr_view_key(v, 'O'), NR_ACT_CYCLE_SORT);
	CHECK(strstr(v->msg, "Sorted by title") != NULL);
	CHECK_STR(nr_view_row(v, 0)->title, "Alpha five");
	CHECK_STR(nr_view_row(v, 7)->title, "Beta two");
	CHECK_STR(sel_title(v), "Beta two");
	nr_view_key(v, '~');
	CHECK(strstr(v->msg, "reversed") != NULL);
	CHECK_STR(nr_view_row(v, 0)->title, "Beta two");
	d = nr_view_describe(v);
	CHECK(strstr(d, "[title") != NULL);
	free(d);
	nr_view_key(v, 'O');
	CHECK(strstr(v->msg, "Sorted by source") != NULL);
	CHECK_STR(nr_view_row(v, 0)->title, "Alpha five");
	CHECK_STR(nr_view_row(v, 5)->title, "Beta three");
	nr_view_key(v, 'O');
	CHECK(strstr(v->msg, "Sorted by author") != NULL);
	CHECK_STR(nr_view_row(v, 0)->title, "Alpha five");
	key_at(v, 6, 'm');
	nr_view_key(v, 'O');
	CHECK(strstr(v->msg, "Sorted by unread") != NULL);
	CHECK_STR(nr_view_row(v, 7)->title, "Alpha two");
	CHECK_STR(nr_view_row(v, 0)->title, "Alpha five");
	nr_view_key(v, '~');
	CHECK_STR(nr_view_row(v, 0)->title, "Alpha two");
	/* Back to the date, newest first. */
	nr_view_key(v, 'O');
	CHECK(strstr(v->msg, "Sorted by date") != NULL);
	CHECK_STR(nr_view_row(v, 0)->title, "Alpha five");
	CHECK_STR(nr_view_row(v, 7)->title, "Alpha one");
	nr_view_key(v, '~');
	CHECK_STR(nr_view_row(v, 0)->title, "Alpha one");
	/* Kept over a new read of the store. */
	CHECK_INT(nr_view_refresh(v, &err), 0);
	CHECK_STR(nr_view_row(v, 0)->title, "Alpha one");
	/* A limit and back keep the order. */
	nr_view_limit(v, "Beta");
	CHECK_STR(sel_title(v), "Beta one");
	nr_view_key(v, 'q');
	CHECK_STR(nr_view_row(v, 0)->title, "Alpha one");
}

/* Feeds with tags: the sources pane groups them, a feed with two under
 * both, counts per tag; choosing a tag lists its feeds' articles; z
 * collapses; a hides what has nothing unread. */
static void
test_tags(struct fixture *fx)
{
	static const char *const alpha_tags[] = { "news", "both" };
	static const char *const beta_tags[] = { "blog", "both" };
	struct nr_view *v;
	size_t i;

	fx->cfg.sources = xcalloc(3, sizeof *fx->cfg.sources);
	fx->cfg.nsources = 3;
	for (i = 0; i < 3; i++) {
		const char *const *tags = i == 0 ? alpha_tags : beta_tags;

		fx->cfg.sources[i].label = xstrdup(i == 0 ? "alpha" : i == 1 ? "beta" : "gamma");
		fx->cfg.sources[i].path = xstrdup(i == 0 ? "/a.rss" : i == 1 ? "/b.rss" : "/never-read.rss");
		fx->cfg.sources[i].max_articles = -1;
		fx->cfg.sources[i].reload = -1;
		fx->cfg.sources[i].ntags = i < 2 ? 2 : 1;
		fx->cfg.sources[i].tags = xcalloc(2, sizeof (char *));
		fx->cfg.sources[i].tags[0] = xstrdup(i < 2 ? tags[0] : "empty");
		if (i < 2) {
			fx->cfg.sources[i].tags[1] = xstrdup(tags[1]);
		}
	}
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	nr_view_set_size(v, 3, 6, 30, 20, 10);
	/* All, news: Alpha, both: Alpha Beta, blog: Beta; a tag without a
	 * feed in the database has no row. */
	CHECK_INT(v->ntags, 4);
	CHECK_INT(v->npane, 8);
	CHECK_STR(nr_view_pane_title(v, 1), "news");
	CHECK_STR(nr_view_pane_title(v, 2), "Alpha news");
	CHECK_STR(nr_view_pane_title(v, 3), "both");
	CHECK_STR(nr_view_pane_title(v, 5), "Beta blog");
	CHECK_STR(nr_view_pane_title(v, 6), "blog");
	CHECK_INT(v->pane[2].nested, 1);
	CHECK_INT(nr_view_pane_unread(v, 1), 5);
	CHECK_INT(nr_view_pane_unread(v, 3), 8);
	CHECK_INT(nr_view_pane_unread(v, 6), 3);
	/* Choosing a tag. */
	nr_view_key(v, 'f');
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	nr_view_key(v, NR_KEY_ENTER);
	CHECK_INT(v->q.tag, 4 - 1);
	CHECK_INT(v->nshown, 3);
	CHECK(nr_view_pane_active(v, 6));
	CHECK(!nr_view_pane_active(v, 0));
	/* A mark counts in the tag. */
	nr_view_key(v, 'm');
	CHECK_INT(nr_view_pane_unread(v, 6), 2);
	CHECK_INT(nr_view_pane_unread(v, 3), 7);
	/* z on a feed under its tag collapses the tag. */
	nr_view_key(v, 'f');
	nr_view_key(v, 'f');
	CHECK_INT(nr_view_context(v), NR_CTX_FEEDS);
	nr_view_key(v, 'g');
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	CHECK_INT(nr_view_key(v, 'z'), NR_ACT_TOGGLE_TAG);
	CHECK_INT(v->npane, 7);
	CHECK_INT(v->feed_sel, 1);
	CHECK(v->tags[0].collapsed);
	nr_view_key(v, 'z');
	CHECK_INT(v->npane, 8);
	nr_view_key(v, 'g');
	nr_view_key(v, 'z');
	CHECK(strstr(v->msg, "Not on a tag") != NULL);
	/* The tag's articles all read: hidden with its feed, but the chosen
	 * tag stays. */
	nr_view_key(v, 'a');
	CHECK_INT(v->npane, 8);
	nr_view_key(v, 'q');
	CHECK_INT(v->q.tag, 0);
	nr_view_click_feeds(v, 5, 1);
	CHECK_STR(sel_title(v), "Beta three");
	nr_view_key(v, 'A');
	nr_view_key(v, 'q');
	CHECK_INT(v->active_feed, 0);
	CHECK_INT(v->npane, 5);
	for (i = 0; i < v->npane; i++) {
		CHECK(strcmp(nr_view_pane_title(v, i), "blog") != 0);
		CHECK(strcmp(nr_view_pane_title(v, i), "Beta blog") != 0);
	}
	nr_view_key(v, 'a');
	CHECK_INT(v->npane, 8);
	/* A tag's articles marked read from the sources pane. */
	nr_view_key(v, 'f');
	nr_view_key(v, 'g');
	nr_view_key(v, 'j');
	nr_view_key(v, 'A');
	CHECK_INT(nr_view_pane_unread(v, 1), 0);
	CHECK_INT(v->feeds[0].unread, 0);
}

/* A folder's files are its feeds: the folder's tags are theirs. */
static void
test_folder_tags(struct fixture *fx)
{
	struct nr_view *v;
	char *loc = xasprintf("%s/inside.rss", fx->dir);
	int64_t fc = add_feed(fx->s, "Inside the folder", loc);

	add_item(fx->s, fc, "c1", "Folder one", 6000, "one");
	fx->cfg.sources = xcalloc(1, sizeof *fx->cfg.sources);
	fx->cfg.nsources = 1;
	fx->cfg.sources[0].label = xstrdup("folder");
	fx->cfg.sources[0].path = xstrdup(fx->dir);
	fx->cfg.sources[0].max_articles = -1;
	fx->cfg.sources[0].reload = -1;
	fx->cfg.sources[0].ntags = 1;
	fx->cfg.sources[0].tags = xcalloc(1, sizeof (char *));
	fx->cfg.sources[0].tags[0] = xstrdup("saved");
	v = new_view(fx);
	free(loc);
	if (v == NULL) {
		return;
	}
	/* All, saved: Inside, then Alpha and Beta untagged. */
	CHECK_INT(v->npane, 5);
	CHECK_STR(nr_view_pane_title(v, 1), "saved");
	CHECK_STR(nr_view_pane_title(v, 2), "Inside the folder");
	CHECK_INT(v->pane[2].nested, 1);
	CHECK_STR(nr_view_pane_title(v, 3), "Alpha news");
	CHECK_INT(v->pane[3].nested, 0);
	nr_view_click_feeds(v, 1, 1);
	CHECK_INT(v->nshown, 1);
	CHECK_STR(sel_title(v), "Folder one");
}

/* An enclosure shows its type and size; text_width caps the reader. */
static void
test_enclosure_and_width(struct fixture *fx)
{
	struct nr_item item;
	struct nr_err err;
	enum nr_put_result res;
	struct nr_view *v;
	size_t i;
	int widest = 0;

	nr_item_init(&item);
	item.id = xstrdup("pod");
	item.title = xstrdup("Podcast episode");
	item.published = 9000;
	item.content = xstrdup(long_body);
	item.content_type = NR_BODY_TEXT;
	nr_item_add_enclosure(&item, "https://example.org/ep.mp3", "audio/mpeg", 24600000);
	nr_item_add_enclosure(&item, "https://example.org/ep.ogg", NULL, 512);
	nr_item_add_enclosure(&item, "https://example.org/ep.txt", "text/plain", -1);
	CHECK_INT(nr_store_put_item(fx->s, fx->fa, &item, 9000, &res, &err), 0);
	nr_item_clear(&item);
	fx->cfg.text_width = 24;
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	nr_view_set_size(v, 3, 60, 70, 5, 10);
	nr_view_prepare(v);
	CHECK_STR(sel_title(v), "Podcast episode");
	CHECK(reader_line(v, "ep.mp3") >= 0);
	CHECK(reader_line(v, "audio/mpeg, 24.6 MB)") >= 0 || reader_line(v, "audio/mpeg, 24,6 MB)") >= 0);
	/* Wrapped at 24 columns: "(enclosure," ends the URL's line. */
	CHECK(reader_line(v, "ep.ogg (enclosure,") >= 0);
	CHECK(reader_line(v, "    512 bytes)") >= 0);
	CHECK(reader_line(v, "    text/plain)") >= 0);
	for (i = 0; i < v->lines.n; i++) {
		int w = nr_utf8_width(v->lines.lines[i].text);

		widest = w > widest ? w : widest;
	}
	CHECK(widest <= 24);
	CHECK(widest > 10);
}

static void
test_sources_pane(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* "all" first with unread counts; choosing one filters the list. */
	nr_view_key(v, 'f');
	CHECK_INT(v->show_feeds, 1);
	CHECK_INT(nr_view_context(v), NR_CTX_FEEDS);
	CHECK_STR(v->feeds[0].title, "All articles");
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	CHECK_INT(v->feed_sel, 2);
	nr_view_key(v, 'G');
	CHECK_INT(v->feed_sel, 2);
	nr_view_key(v, 'g');
	CHECK_INT(v->feed_sel, 0);
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	nr_view_key(v, NR_KEY_ENTER);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	CHECK_INT(v->active_feed, 2);
	CHECK_INT(v->nshown, 3);
	CHECK_STR(sel_title(v), "Beta three");
	/* Back to all of them with the mouse. */
	nr_view_click_feeds(v, 0, 1);
	CHECK_INT(v->nshown, 8);
}

static void
test_unread_across_sources(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	read_some(v);
	nr_view_click_feeds(v, 2, 1);
	CHECK_INT(v->active_feed, 2);
	/* Beta is the last source: past its unread, nothing more. */
	nr_view_key(v, ']');
	CHECK_STR(sel_title(v), "Beta two");
	nr_view_key(v, ']');
	CHECK(strstr(v->msg, "No more unread") != NULL);
	/* Previous unread from Beta's first goes back to Alpha's last. */
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_key(v, '[');
	CHECK_INT(v->active_feed, 1);
	CHECK_STR(sel_title(v), "Alpha one");
	CHECK(strstr(v->msg, "Alpha news") != NULL);
}

static void
test_mark_all_read(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	read_some(v);
	/* In one source's list: only that source's, saved at once. */
	nr_view_click_feeds(v, 1, 1);
	nr_view_key(v, 'A');
	CHECK_INT(v->feeds[1].unread, 0);
	CHECK_INT(v->feeds[2].unread, 2);
	CHECK_INT(v->feeds[0].unread, 2);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 2);
	/* With a limit, only the matching ones. */
	nr_view_click_feeds(v, 0, 1);
	CHECK_INT(v->nshown, 8);
	nr_view_limit(v, "beta three");
	nr_view_key(v, 'A');
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 1);
	nr_view_limit(v, NULL);
	CHECK_INT(v->feeds[0].unread, 1);
}

/* Articles that came into the database after the view was read (an
 * --update run by cron) were never shown: A leaves them unread, in the
 * list and in the sources pane. */
static void
test_mark_all_read_only_seen(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	add_item(fx->s, fx->fa, "a6", "Alpha six, never listed", 6000, "six");
	add_item(fx->s, fx->fb, "b4", "Beta four, never listed", 6500, "b four");
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 10);
	nr_view_key(v, 'A');
	CHECK(strstr(v->msg, "8 articles marked read") != NULL);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 2);
	CHECK_INT(v->feeds[0].unread, 0);
	/* The sources pane: the selected source's articles in the view. */
	add_item(fx->s, fx->fb, "b5", "Beta five, never listed", 7000, "b five");
	nr_view_key(v, 'f');
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	nr_view_key(v, 'A');
	CHECK(strstr(v->msg, "0 articles marked read") != NULL);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 3);
}

/* The list is a window: with 3,000 articles, moving to the end, searching
 * and limiting read the rows shown and a margin around them, never every
 * article; other views' SQL (where, order_by) chooses and orders the
 * articles when the list is read again. */
static void
test_window(struct fixture *fx)
{
	struct nr_view *v;
	struct nr_err err;
	char id[32], title[64];
	size_t kept;
	int i;

	CHECK(nr_store_begin(fx->s, &err) == 0);
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "w%d", i);
		snprintf(title, sizeof title, i == 4500 ? "Needle %d" : "Hay %d", i);
		add_item(fx->s, i % 2 ? fx->fa : fx->fb, id, title, 100000 - i, "w");
	}
	CHECK(nr_store_commit(fx->s, &err) == 0);
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	nr_view_set_size(v, 20, 6, 30, 5, 10);
	/* The counts give the length; the first ids only are read. */
	CHECK_INT(v->nshown, 5008);
	CHECK(v->nids < v->nshown);
	CHECK(v->nrows <= 20 + 2 * 64 + 1);
	CHECK_STR(nr_view_row(v, 0)->title, "Hay 0");
	nr_view_do(v, NR_ACT_BOTTOM);
	CHECK_INT(v->sel, 5007);
	CHECK(nr_view_selected(v) != NULL && nr_view_selected(v)->published == 1000);
	CHECK(v->nrows <= 20 + 2 * 64 + 1);
	CHECK(v->rows_from > 4000);
	CHECK_INT(v->nids, v->nshown);
	nr_view_do(v, NR_ACT_TOP);
	/* A list read again: its first ids only, and a search goes past. */
	CHECK(nr_view_refresh(v, &err) == 0);
	CHECK(v->nids < v->nshown);
	nr_view_search(v, "needle", 0);
	CHECK_STR(sel_title(v), "Needle 4500");
	CHECK(v->nrows <= 20 + 2 * 64 + 1);
	nr_view_limit(v, "needle");
	CHECK_INT(v->nshown, 1);
	CHECK_INT(v->shown_unread, 1);
	nr_view_limit(v, NULL);
	CHECK_STR(sel_title(v), "Needle 4500");
	/* The next unread from far away, a chunk at a time. */
	CHECK(nr_store_view_mark_read(fx->s, &(struct nr_store_view){ .max_rowid = 0 }, NULL, NULL, &err) >= 0);
	add_item(fx->s, fx->fa, "late", "Late unread", 1, "late");
	CHECK(nr_view_refresh(v, &err) == 0);
	nr_view_do(v, NR_ACT_TOP);
	nr_view_do(v, NR_ACT_NEXT_UNREAD);
	CHECK_STR(sel_title(v), "Late unread");
	/* Another view's SQL. */
	kept = v->nshown;
	v->where = xstrdup("a.title LIKE 'Needle%' OR f.title = 'Beta blog'");
	v->order_by = xstrdup("a.title = 'Needle 4500' DESC");
	CHECK(nr_view_refresh(v, &err) == 0);
	CHECK(v->nshown > 1 && v->nshown < kept);
	CHECK_STR(nr_view_row(v, 0)->title, "Needle 4500");
	free(v->where);
	v->where = xstrdup("no such column");
	CHECK(nr_view_refresh(v, &err) < 0);
	CHECK(v->nshown > 1 && v->nshown < kept);
	free(v->where);
	free(v->order_by);
	v->where = v->order_by = NULL;
	/* Counts changed behind the triggers' back say too few: the list is
	 * what the store has all the same. */
	{
		char *db = xasprintf("%s/view.db", fx->dir);
		sqlite3 *raw;

		CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
		CHECK(sqlite3_exec(raw, "UPDATE feed_counts SET total = 1", NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_close(raw);
		free(db);
	}
	CHECK(nr_view_refresh(v, &err) == 0);
	CHECK_INT(v->nshown, kept);
	CHECK_INT(v->nids, kept);
}

/* Another process writing the database: m, s and A fail within a second
 * or so, say so, and change nothing, in the view or the store. */
static void
test_mark_fails_when_locked(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	struct nr_store *other;
	struct nr_err err;
	char *db;

	if (v == NULL) {
		return;
	}
	db = xasprintf("%s/view.db", fx->dir);
	other = nr_store_open(db, 0, &err);
	free(db);
	CHECK(other != NULL);
	if (other == NULL) {
		return;
	}
	CHECK_INT(nr_store_begin(other, &err), 0);
	go_row(v, ROW_B3);
	nr_view_key(v, 'm');
	CHECK_INT(nr_view_row(v, ROW_B3)->read, 0);
	CHECK_INT(v->feeds[0].unread, 8);
	CHECK(strstr(v->msg, "Marked") == NULL);
	CHECK(strstr(v->msg, "Not marked read") != NULL);
	nr_view_key(v, 's');
	CHECK_INT(nr_view_row(v, ROW_B3)->starred, 0);
	CHECK(strstr(v->msg, "Not starred") != NULL);
	nr_view_key(v, 'A');
	CHECK(strstr(v->msg, "Nothing marked read") != NULL);
	CHECK_INT(v->feeds[0].unread, 8);
	nr_store_rollback(other);
	nr_store_close(other);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 8);
	/* Once the other writer is gone, m works again. */
	nr_view_key(v, 'm');
	CHECK_INT(nr_view_row(v, ROW_B3)->read, 1);
	CHECK(strstr(v->msg, "Marked read") != NULL);
}

static void
test_mark_source_read(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* In the sources pane: every article of the selected source. */
	nr_view_key(v, 'f');
	nr_view_key(v, 'j');
	nr_view_key(v, 'j');
	CHECK_INT(nr_view_context(v), NR_CTX_FEEDS);
	nr_view_key(v, 'A');
	CHECK_INT(v->feeds[2].unread, 0);
	CHECK_INT(v->feeds[1].unread, 5);
	CHECK_INT(v->feeds[0].unread, 5);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), 5);
	CHECK(strstr(v->msg, "3 articles marked read") != NULL);
}

static void
test_layouts(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* Layouts cycle; in full, the reader only shows when opened. */
	CHECK_INT(v->layout, NR_LAYOUT_SPLIT);
	CHECK(nr_view_reader_visible(v));
	nr_view_key(v, 'v');
	CHECK_INT(v->layout, NR_LAYOUT_VERTICAL);
	nr_view_key(v, 'v');
	CHECK_INT(v->layout, NR_LAYOUT_FULL);
	CHECK(!nr_view_reader_visible(v));
	nr_view_key(v, NR_KEY_ENTER);
	CHECK(nr_view_reader_visible(v));
	nr_view_key(v, NR_KEY_ESC);
	CHECK(!nr_view_reader_visible(v));
	nr_view_key(v, 'v');
	CHECK_INT(v->layout, NR_LAYOUT_SPLIT);
}

static void
test_focus(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* f shows the sources pane and moves there, again hides it. */
	nr_view_key(v, 'f');
	CHECK_INT(nr_view_context(v), NR_CTX_FEEDS);
	nr_view_key(v, 'f');
	CHECK_INT(v->show_feeds, 0);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	/* Tab moves between the panes shown. */
	nr_view_key(v, NR_KEY_TAB);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	nr_view_key(v, NR_KEY_TAB);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	nr_view_key(v, 'f');
	nr_view_key(v, NR_KEY_TAB);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	nr_view_key(v, NR_KEY_TAB);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	nr_view_key(v, NR_KEY_TAB);
	CHECK_INT(nr_view_context(v), NR_CTX_FEEDS);
	/* In the full layout the reader is not a pane to move to. */
	nr_view_key(v, 'f');
	nr_view_key(v, 'v');
	nr_view_key(v, 'v');
	nr_view_key(v, NR_KEY_TAB);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
}

static void
test_mouse(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* A click selects, the wheel moves, a double click opens. */
	nr_view_click_list(v, 2, 0);
	CHECK_INT(v->sel, 2);
	CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	nr_view_scroll(v, NR_CTX_LIST, 3);
	CHECK_INT(v->sel, 5);
	nr_view_scroll(v, NR_CTX_LIST, -3);
	CHECK_INT(v->sel, 2);
	/* Below the last row: nothing. */
	nr_view_click_list(v, 99, 0);
	CHECK_INT(v->sel, 2);
	nr_view_click_list(v, 0, 1);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	CHECK_INT(nr_view_row(v, v->sel)->read, 1);
	nr_view_click_reader(v);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
}

/* The lines of the help holding both a and b. */
static long
help_lines(const struct nr_view *v, const char *a, const char *b)
{
	long n = 0;
	size_t i;

	for (i = 0; i < v->help.n; i++) {
		n += strstr(v->help.lines[i].text, a) != NULL && strstr(v->help.lines[i].text, b) != NULL;
	}
	return n;
}

static void
test_help(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* From the actions table, with the keys in effect, in each pane. */
	nr_view_key(v, 'H');
	CHECK(v->help_open);
	CHECK(help_lines(v, "next-article", "J") >= 2);
	/* Movement keys scroll it; any other closes it. */
	nr_view_key(v, 'j');
	CHECK(v->help_open);
	CHECK_INT(v->help_top, 1);
	nr_view_key(v, 'x');
	CHECK(!v->help_open);
	/* q closes it without quitting. */
	nr_view_do(v, NR_ACT_HELP);
	nr_view_key(v, 'q');
	CHECK(!v->help_open);
	CHECK_INT(v->quit, 0);
}

static void
test_help_rebound(struct fixture *fx)
{
	struct nr_view *v;

	/* A rebound key shows in the help and works. */
	nr_keymap_bind(&fx->cfg.keys[NR_CTX_LIST], 'X', NR_ACT_NEXT_ARTICLE);
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	nr_view_do(v, NR_ACT_HELP);
	CHECK_INT(help_lines(v, "J X", "next-article"), 1);
	nr_view_key(v, 'q');
	nr_view_key(v, 'X');
	CHECK_INT(v->sel, 1);
}

static void
test_reload_without_sources(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* Reloading with no sources configured says how to add them. */
	nr_view_do(v, NR_ACT_RELOAD_ALL);
	CHECK(strstr(v->msg, "No sources to read again") != NULL);
	nr_view_do(v, NR_ACT_RELOAD);
	CHECK(strstr(v->msg, "not in the configuration file") != NULL);
	/* No update ran, no failure to show. */
	nr_view_key(v, 'E');
	CHECK(strstr(v->msg, "No feed failed") != NULL);
	CHECK(!v->help_open);
}

static void
test_tiny_screen(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	/* One row each, nothing breaks. */
	nr_view_set_size(v, 1, 0, 1, 0, 1);
	nr_view_key(v, 'j');
	nr_view_key(v, NR_KEY_SPACE);
	nr_view_key(v, NR_KEY_ENTER);
	nr_view_prepare(v);
	nr_view_key(v, 'G');
	CHECK(v->lines.n > 0);
	nr_view_key(v, 'H');
	nr_view_key(v, 'G');
	nr_view_key(v, 'x');
	CHECK(!v->help_open);
}

static void
test_quit(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);

	if (v == NULL) {
		return;
	}
	nr_view_key(v, NR_KEY_ENTER);
	/* Q quits from the reader too. */
	CHECK_INT(nr_view_key(v, 'Q'), NR_ACT_QUIT);
	CHECK_INT(v->quit, 1);
}

static void
test_no_mark_on_open(struct fixture *fx)
{
	struct nr_view *v;
	long n;

	fx->cfg.mark_read_on_open = 0;
	fx->cfg.sort = NR_SORT_OLDEST;
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	CHECK_STR(sel_title(v), "Alpha one");
	n = store_count(fx->s, NR_FILTER_UNREAD);
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	CHECK_STR(sel_title(v), "Alpha five");
	nr_view_key(v, 'm');
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), n - 1);
	nr_view_key(v, 'm');
	nr_view_key(v, NR_KEY_ENTER);
	CHECK_INT(nr_view_context(v), NR_CTX_READER);
	CHECK_INT(store_count(fx->s, NR_FILTER_UNREAD), n);
}

static void
test_sort_title(struct fixture *fx)
{
	struct nr_view *v;

	fx->cfg.sort = NR_SORT_TITLE;
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	CHECK_STR(sel_title(v), "Alpha five");
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	CHECK_STR(sel_title(v), "Beta two");
}

static void
test_update_merges(struct fixture *fx)
{
	struct nr_view *v = new_view(fx);
	struct nr_update_feed f;
	struct nr_err err;
	size_t row, total;
	int64_t reading;
	char *title;

	if (v == NULL) {
		return;
	}
	/* New articles merge in above; the selected article stays selected
	 * on the same screen row; the reader keeps its article. */
	total = v->nshown;
	go_row(v, 3);
	title = xstrdup(sel_title(v));
	row = v->sel - v->top;
	nr_view_key(v, NR_KEY_ENTER);
	nr_view_prepare(v);
	reading = v->reader_rowid;
	CHECK(reading != 0);
	add_item(fx->s, fx->fb, "b9", "Beta nine", 9000, "new");
	add_item(fx->s, fx->fa, "a9", "Alpha nine", 8000, "new too");
	/* An update's feed with news marks the view stale; it reads the
	 * store when asked. */
	memset(&f, 0, sizeof f);
	f.outcome = NR_UPD_STORED;
	f.added = 2;
	nr_view_update_done(v, &f);
	CHECK_INT(v->stale, 1);
	CHECK_INT(v->nshown, total);
	CHECK_INT(nr_view_refresh_stale(v), 1);
	CHECK_INT(v->stale, 0);
	CHECK_INT(nr_view_refresh_stale(v), 0);
	CHECK_INT(v->nshown, total + 2);
	CHECK_STR(sel_title(v), title);
	CHECK_INT(v->sel - v->top, row);
	CHECK_INT(v->reader_rowid, reading);
	CHECK_INT(v->focus, NR_CTX_READER);
	CHECK_INT(v->feeds[0].total, (long)total + 2);
	/* A feed with nothing new leaves the view as it is. */
	f.added = 0;
	nr_view_update_done(v, &f);
	CHECK_INT(v->stale, 0);
	CHECK_INT(nr_view_refresh(v, &err), 0);
	CHECK_STR(sel_title(v), title);
	free(title);
}

/* An HTML article with two links, newest of all, and a fake browser that
 * records its arguments in <dir>/argv. */
static char *
add_links_article(struct fixture *fx)
{
	struct nr_item item;
	enum nr_put_result res;
	struct nr_err err;
	char *fake = xasprintf("%s/fake-browser", fx->dir);
	char *script = xasprintf("#!/bin/sh\nprintf '%%s\\0' \"$@\" > '%s/argv'\n", fx->dir);

	t_spits(fake, script);
	chmod(fake, 0755);
	nr_item_init(&item);
	item.id = xstrdup("h1");
	item.title = xstrdup("HTML article");
	item.link = xstrdup("https://example.org/h1");
	item.published = 99999;
	item.content = xstrdup("<p>See <a href=\"/x?a=$(id)&amp;b=`id`\">this</a> and "
	    "<a href=\"https://example.net/y;id\">that</a>.</p>");
	item.content_type = NR_BODY_HTML;
	CHECK_INT(nr_store_put_item(fx->s, fx->fa, &item, 99999, &res, &err), 0);
	nr_item_clear(&item);
	free(fx->cfg.browser);
	fx->cfg.browser = xasprintf("%s --new %%u", fake);
	free(script);
	return fake;
}

static void
test_links(struct fixture *fx)
{
	static const char want[] = "--new\0https://example.org/x?a=$(id)&b=`id`";
	char *fake = add_links_article(fx), *argv_file = xasprintf("%s/argv", fx->dir), buf[512];
	struct nr_view *v = new_view(fx);
	size_t len;
	FILE *fp;

	if (v != NULL) {
		/* Numbered in the reader, opened by number with the browser,
		 * never through a shell. */
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
		/* L with two links asks which. */
		nr_view_key(v, 'L');
		CHECK_INT(v->prompt, NR_PROMPT_OPEN_LINK);
		CHECK(v->prompt_init == NULL);
		nr_view_prompt_done(v, NULL);
	}
	free(fake);
	free(argv_file);
}

static void
test_pipe(struct fixture *fx)
{
	char *fake = add_links_article(fx), *piped = xasprintf("%s/piped.txt", fx->dir), *cmd, *text;
	struct nr_view *v = new_view(fx);

	if (v != NULL) {
		/* The rendered text on the command's stdin. */
		nr_view_set_size(v, 3, 6, 60, 5, 10);
		nr_view_key(v, NR_KEY_ENTER);
		nr_view_do(v, NR_ACT_PIPE);
		CHECK_INT(v->prompt, NR_PROMPT_PIPE);
		cmd = xasprintf("cat > '%s'", piped);
		nr_view_prompt_done(v, cmd);
		free(cmd);
		CHECK_STR(v->msg, "Piped.");
		text = slurp(piped);
		CHECK(strstr(text, "HTML article\n") == text);
		CHECK(strstr(text, "this [1]") != NULL);
		CHECK(strstr(text, "https://example.net/y;id") != NULL);
		CHECK(strstr(text, "<a href") == NULL);
		free(text);
		/* pipe-raw: the source as stored. */
		nr_view_do(v, NR_ACT_PIPE_RAW);
		CHECK_INT(v->prompt, NR_PROMPT_PIPE_RAW);
		cmd = xasprintf("cat > '%s'", piped);
		nr_view_prompt_done(v, cmd);
		free(cmd);
		text = slurp(piped);
		CHECK(strstr(text, "<a href") != NULL);
		free(text);
		/* A failing command says so. */
		nr_view_do(v, NR_ACT_PIPE);
		nr_view_prompt_done(v, "exit 3");
		CHECK(strstr(v->msg, "status 3") != NULL);
	}
	free(fake);
	free(piped);
}

static void
test_save(struct fixture *fx)
{
	char *fake = add_links_article(fx), *saved = xasprintf("%s/saved.txt", fx->dir), *text;
	char *link = xasprintf("%s/saved-link.txt", fx->dir);
	struct nr_view *v = new_view(fx);
	struct stat sb;

	if (v != NULL) {
		/* The name from the title; then again, which asks before
		 * replacing. */
		nr_view_key(v, NR_KEY_ENTER);
		nr_view_do(v, NR_ACT_SAVE);
		CHECK_INT(v->prompt, NR_PROMPT_SAVE);
		CHECK_STR(v->prompt_init, "~/html-article.txt");
		nr_view_prompt_done(v, saved);
		CHECK(strstr(v->msg, "Saved to") != NULL);
		text = slurp(saved);
		CHECK(strstr(text, "HTML article\n") == text);
		free(text);
		nr_view_do(v, NR_ACT_SAVE);
		nr_view_prompt_done(v, saved);
		CHECK_INT(v->prompt, NR_PROMPT_OVERWRITE);
		nr_view_prompt_done(v, "no");
		CHECK_STR(v->msg, "Not saved.");
		nr_view_do(v, NR_ACT_SAVE);
		nr_view_prompt_done(v, saved);
		nr_view_prompt_done(v, "yes");
		CHECK(strstr(v->msg, "Saved to") != NULL);
		/* Replacing what a symbolic link names: the link stays, the
		 * file it points to is written. */
		t_spits(saved, "old\n");
		CHECK_INT(symlink("saved.txt", link), 0);
		nr_view_do(v, NR_ACT_SAVE);
		nr_view_prompt_done(v, link);
		CHECK_INT(v->prompt, NR_PROMPT_OVERWRITE);
		nr_view_prompt_done(v, "yes");
		CHECK(strstr(v->msg, "Saved to") != NULL);
		CHECK(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode));
		text = slurp(saved);
		CHECK(strstr(text, "HTML article\n") == text);
		free(text);
		/* A folder is not a file name. */
		nr_view_do(v, NR_ACT_SAVE);
		nr_view_prompt_done(v, fx->dir);
		CHECK(strstr(v->msg, "is a folder") != NULL);
	}
	free(fake);
	free(saved);
	free(link);
}

static void
test_reload_local(struct fixture *fx)
{
	char *feedfile = xasprintf("%s/local.rss", fx->dir);
	struct nr_loader ld;
	struct nr_load_stats stats;
	struct nr_err err;
	struct nr_view *v;
	size_t before;

	/* r reads a local source of the configuration again, R all of
	 * them: what the file gained since appears. */
	t_spits(feedfile, "<rss version=\"2.0\"><channel><title>Local feed</title>"
	    "<item><guid>l1</guid><title>Local one</title><pubDate>Mon, 01 Jan 2001 00:00:00 GMT</pubDate></item>"
	    "</channel></rss>\n");
	memset(&ld, 0, sizeof ld);
	ld.store = fx->s;
	ld.opts.want_body = 1;
	CHECK_INT(nr_load_source(&ld, feedfile, NULL, &stats, &err), 0);
	fx->cfg.sources = xcalloc(1, sizeof *fx->cfg.sources);
	fx->cfg.sources[0].label = xstrdup("local");
	fx->cfg.sources[0].path = xstrdup(feedfile);
	fx->cfg.sources[0].max_articles = -1;
	fx->cfg.sources[0].reload = -1;
	fx->cfg.nsources = 1;
	v = new_view(fx);
	if (v != NULL) {
		/* No feed on the web: no updater. */
		CHECK_INT(nr_view_start_updates(v, &err), 0);
		CHECK(v->updater == NULL);
		before = v->nshown;
		CHECK_STR(sel_title(v), "Local one");
		t_spits(feedfile, "<rss version=\"2.0\"><channel><title>Local feed</title>"
		    "<item><guid>l2</guid><title>Local two</title><pubDate>Tue, 02 Jan 2001 00:00:00 GMT</pubDate></item>"
		    "<item><guid>l1</guid><title>Local one</title><pubDate>Mon, 01 Jan 2001 00:00:00 GMT</pubDate></item>"
		    "</channel></rss>\n");
		nr_view_do(v, NR_ACT_RELOAD);
		CHECK(strstr(v->msg, "local read again: 1 new") != NULL);
		CHECK_INT(v->nshown, before + 1);
		CHECK_STR(sel_title(v), "Local one");
		unlink(feedfile);
		nr_view_do(v, NR_ACT_RELOAD_ALL);
		CHECK(v->msg_error);
		CHECK(strstr(v->msg, "local: ") == v->msg);
		CHECK_INT(v->nshown, before + 1);
	}
	free(feedfile);
}

/* The names of the actions, from the one list. */
static const char *const action_names[] = {
#define NR_X_NAME(id, name, ctx, help) [NR_ACT_##id] = name,
	NR_ACTIONS(NR_X_NAME)
#undef NR_X_NAME
};

static void
test_dispatch_table(struct fixture *fx)
{
	struct nr_keymap maps[NR_CTX_COUNT];
	struct nr_view *v;
	int a, ctx;
	size_t i;

	/* Every action of the list has a handler in every pane where it
	 * may be bound, and in every pane the default keys bind it. */
	for (a = 1; a < NR_ACT_COUNT; a++) {
		unsigned mask = nr_action_contexts((enum nr_action)a);

		CHECK(mask != 0);
		for (ctx = 0; ctx < NR_CTX_COUNT; ctx++) {
			if ((mask & (1u << ctx)) != 0 && !nr_view_handles((enum nr_context)ctx, (enum nr_action)a)) {
				fprintf(stderr, "no handler for %s in context %d\n", action_names[a], ctx);
				CHECK(nr_view_handles((enum nr_context)ctx, (enum nr_action)a));
			}
		}
	}
	nr_keymap_defaults(maps);
	for (ctx = 0; ctx < NR_CTX_COUNT; ctx++) {
		for (i = 0; i < maps[ctx].n; i++) {
			CHECK(nr_view_handles((enum nr_context)ctx, maps[ctx].b[i].act));
		}
	}
	/* The table is per pane: close is the reader's only. */
	CHECK(!nr_view_handles(NR_CTX_LIST, NR_ACT_CLOSE));
	CHECK(!nr_view_handles(NR_CTX_LIST, NR_ACT_NONE));
	/* An action run where it has no handler says so and does nothing. */
	v = new_view(fx);
	if (v != NULL) {
		nr_view_do(v, NR_ACT_CLOSE);
		CHECK_INT(v->msg_error, 1);
		CHECK(strstr(v->msg, "close") != NULL);
		CHECK_INT(nr_view_context(v), NR_CTX_LIST);
	}
}

/* ---- a filtered list read a screen first (issue 14 at 1,000,000) ---- */

/* The query rows of cfg: each expression a [query NAME] of that name. */
static void
set_queries(struct nr_config *cfg, const char *const *exprs, size_t n)
{
	size_t i;

	cfg->queries = xcalloc(n, sizeof *cfg->queries);
	for (i = 0; i < n; i++) {
		cfg->queries[i].label = xstrdup(exprs[i]);
		cfg->queries[i].filter = nr_filter_parse(exprs[i], NULL);
		CHECK(cfg->queries[i].filter != NULL);
	}
	cfg->nqueries = n;
}

/* The sources-pane row of query i (0-based). */
static const struct nr_view_feed *
query_row(const struct nr_view *v, size_t i)
{
	size_t f;

	for (f = 1; f < v->nfeeds; f++) {
		if (v->feeds[f].query == i + 1) {
			return &v->feeds[f];
		}
	}
	CHECK(0);
	return &v->feeds[0];
}

/* Tick the view (its work between keys) until it has none left. */
static long
run_background(struct nr_view *v)
{
	long k;

	for (k = 0; k < 100000 && nr_view_deadline(v) == 0; k++) {
		nr_view_tick(v);
	}
	return k;
}

/* 300 "Gamma" articles more in Alpha news: some with a date shared by
 * several, some with none (listed last, newest arrival first). */
static void
add_gammas(struct fixture *fx)
{
	size_t i;

	for (i = 0; i < 300; i++) {
		struct nr_item item;
		struct nr_err err;
		enum nr_put_result res;

		nr_item_init(&item);
		item.id = xasprintf("g%zu", i);
		item.title = xasprintf("Gamma %zu", i);
		item.published = i % 50 == 7 ? NR_TIME_UNKNOWN : 10000 + (int64_t)(i / 3);
		CHECK_INT(nr_store_put_item(fx->s, fx->fa, &item, 20000, &res, &err), 0);
		nr_item_clear(&item);
	}
}

/* A limit whose count is not quick shows a screen's worth at once,
 * says its count is not known ("+"), and is read whole between keys, in
 * the same order as the store gives the whole list at once. */
static void
test_partial_list(struct fixture *fx)
{
	struct nr_view *v;
	struct nr_store_view q;
	struct nr_err err;
	int64_t *all;
	size_t n = 0, i;
	char *d;

	add_gammas(fx);
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	nr_view_set_count_budget(-1);
	nr_view_limit(v, "title =~ \"^gamma\" and not starred");
	CHECK(nr_view_counting(v));
	CHECK(v->nshown >= 3 && v->nshown < 300);
	d = nr_view_describe(v);
	CHECK(strstr(d, "+ unread") != NULL);
	free(d);
	CHECK(strstr(v->msg, "+ articles match so far") != NULL);
	CHECK(run_background(v) > 0);
	CHECK(!nr_view_counting(v));
	CHECK_INT(v->nshown, 300);
	CHECK_INT(v->shown_unread, 300);
	d = nr_view_describe(v);
	CHECK(strstr(d, ": 300 unread") != NULL);
	free(d);
	/* Every id, in the order of the list read at once. */
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	CHECK_INT(v->sel, 299);
	CHECK_STR(sel_title(v), "Gamma 7");
	memset(&q, 0, sizeof q);
	q.where = v->q_where;
	q.scoped = 1;
	all = nr_store_view_ids(fx->s, &q, &n, NULL, &err);
	CHECK_INT(n, 300);
	CHECK_INT(v->nids, 300);
	for (i = 0; all != NULL && i < n && i < v->nids; i++) {
		if (all[i] != v->ids[i]) {
			fprintf(stderr, "row %zu: %lld, want %lld\n", i, (long long)v->ids[i], (long long)all[i]);
			CHECK(0);
			break;
		}
	}
	free(all);
	/* A mark while the list is counted is in its count. (The article
	 * selected is kept when the list has it, which would read the list
	 * as far as it: the first, which it has not.) */
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_limit(v, "title =~ \"^gamma\"");
	CHECK(nr_view_counting(v));
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_do(v, NR_ACT_TOGGLE_READ);
	run_background(v);
	CHECK_INT(v->nshown, 300);
	CHECK_INT(v->shown_unread, 299);
	/* Going past what was read reads on. */
	nr_view_limit(v, NULL);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_limit(v, "title =~ \"gamma\"");
	CHECK(nr_view_counting(v));
	n = v->nshown;
	go_row(v, n + 5);
	CHECK_INT(v->sel, n + 5);
	/* ] finds the next unread beyond what was read. */
	nr_view_limit(v, NULL);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_limit(v, "title =~ \"^gamma\"");
	CHECK(nr_view_counting(v));
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_do(v, NR_ACT_TOGGLE_READ);
	nr_view_do(v, NR_ACT_NEXT_UNREAD);
	CHECK_INT(v->sel, 1);
	/* ... also far beyond: g299 .. g100 read, the newest 196 dated
	 * ones first, then g99. */
	for (i = 100; i < 300; i++) {
		char id[16];

		snprintf(id, sizeof id, "g%zu", i);
		CHECK_INT(nr_store_set_flag_by_id(fx->s, id, NR_FLAG_READ, 1, &err), 1);
	}
	nr_view_limit(v, NULL);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_limit(v, "title =~ \"^gamma\"");
	CHECK(nr_view_counting(v));
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_do(v, NR_ACT_NEXT_UNREAD);
	CHECK_INT(v->sel, 196);
	CHECK_STR(sel_title(v), "Gamma 99");
	/* Mark all read while the list is being counted: 0 unread once
	 * counted, every article still listed. */
	nr_view_limit(v, NULL);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_limit(v, "title =~ \"^gamma [0-9]$\" or title =~ \"^gamma [12][0-9]+$\"");
	CHECK(nr_view_counting(v));
	run_background(v);
	CHECK_INT(v->nshown, 230);
	n = (size_t)v->shown_unread;
	CHECK(n > 0);
	nr_view_limit(v, NULL);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_limit(v, "title =~ \"^gamma [0-9]$\" or title =~ \"^gamma [12][0-9]+$\"");
	CHECK(nr_view_counting(v));
	nr_view_do(v, NR_ACT_MARK_ALL_READ);
	run_background(v);
	CHECK(!nr_view_counting(v));
	CHECK_INT(v->nshown, 230);
	CHECK_INT(v->shown_unread, 0);
	/* Plain words page like an expression (the store reads them
	 * through articles_fts or the list's index a slice at a time): a
	 * screen first, then the whole count between keys. */
	nr_view_limit(v, NULL);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_limit(v, "gamma");
	CHECK(v->nids >= 1 && v->nids <= 300);
	run_background(v);
	CHECK(!nr_view_counting(v));
	CHECK_INT(v->nshown, 300);
	/* g0 .. g99 unread but g0 .. g29, marked above, and one toggled. */
	CHECK_INT(v->shown_unread, 69);
	nr_view_set_count_budget(20);
}

/* Every [query NAME] row's count follows marks, not only the chosen
 * row's; one that cannot be counted at once shows no number until the
 * slices between keys have counted it. */
static void
test_query_counts_follow_marks(struct fixture *fx)
{
	static const char *const exprs[] = {
		"title =~ \"^alpha\"",
		"unread and source = \"Beta blog\"",
		"starred",
	};
	struct nr_view *v;

	set_queries(&fx->cfg, exprs, 3);
	nr_view_set_count_budget(-1);
	v = new_view(fx);
	nr_view_set_count_budget(20);
	if (v == NULL) {
		return;
	}
	CHECK_INT(query_row(v, 0)->unread, -1);
	CHECK_INT(nr_view_pane_unread(v, 1), -1);
	CHECK(run_background(v) > 0);
	CHECK_INT(query_row(v, 0)->unread, 5);
	CHECK_INT(query_row(v, 0)->total, 5);
	CHECK_INT(query_row(v, 1)->unread, 3);
	CHECK_INT(query_row(v, 2)->total, 0);
	/* All articles chosen: a5 (row 0) and b3 (row 1) read, b3 starred. */
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	nr_view_do(v, NR_ACT_TOGGLE_READ);
	CHECK_INT(query_row(v, 0)->unread, 4);
	CHECK_INT(query_row(v, 0)->total, 5);
	CHECK_INT(query_row(v, 1)->unread, 3);
	key_at(v, 1, 's');
	CHECK_INT(query_row(v, 2)->total, 1);
	CHECK_INT(query_row(v, 2)->unread, 1);
	nr_view_do(v, NR_ACT_TOGGLE_READ);
	CHECK_INT(query_row(v, 1)->unread, 2);
	CHECK_INT(query_row(v, 1)->total, 2);
	CHECK_INT(query_row(v, 2)->unread, 0);
	CHECK_INT(query_row(v, 0)->unread, 4);
	/* Unread again. */
	nr_view_do(v, NR_ACT_TOGGLE_READ);
	CHECK_INT(query_row(v, 1)->unread, 3);
	/* New articles are counted as they come (only those). */
	add_item(fx->s, fx->fa, "a6", "Alpha six", 6000, "six");
	CHECK_INT(nr_view_refresh(v, NULL), 0);
	CHECK_INT(query_row(v, 0)->unread, 5);
	CHECK_INT(query_row(v, 0)->total, 6);
	/* Read again with no update running, every row is counted again;
	 * one not counted at once shows its last count until then. */
	add_item(fx->s, fx->fa, "a7", "Alpha seven", 7000, "seven");
	nr_view_set_count_budget(-1);
	CHECK_INT(nr_view_refresh(v, NULL), 0);
	nr_view_set_count_budget(20);
	CHECK_INT(query_row(v, 0)->unread, 5);
	CHECK(nr_view_deadline(v) == 0);
	run_background(v);
	CHECK_INT(query_row(v, 0)->unread, 6);
	CHECK_INT(query_row(v, 0)->total, 7);
	/* Mark all read: every row counted again. */
	nr_view_do(v, NR_ACT_MARK_ALL_READ);
	run_background(v);
	CHECK_INT(query_row(v, 0)->unread, 0);
	CHECK_INT(query_row(v, 1)->unread, 0);
	CHECK_INT(query_row(v, 2)->total, 1);
}

/* In a small library a query row that reads every article is counted
 * when the view opens, its number on the first screen (a large one is
 * started on the second connection and counted between keys); 4,000
 * articles, too many to be counted through an index at once. */
static void
test_query_count_small(struct fixture *fx)
{
	static const char *const exprs[] = { "title =~ \"^alpha\"" };
	struct nr_view *v;
	struct nr_err err;
	size_t i;

	CHECK_INT(nr_store_begin(fx->s, &err), 0);
	for (i = 0; i < 4000; i++) {
		char id[16];

		snprintf(id, sizeof id, "s%zu", i);
		add_item(fx->s, fx->fa, id, i % 1000 == 0 ? "Alpha more" : "Delta", 30000 + (int64_t)i, "");
	}
	CHECK_INT(nr_store_commit(fx->s, &err), 0);
	set_queries(&fx->cfg, exprs, 1);
	nr_view_set_count_budget(20);
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	CHECK_INT(query_row(v, 0)->total, 9);
	CHECK_INT(query_row(v, 0)->unread, 9);
}

/* A list that is the session's scope alone (the configuration's sources,
 * the database holding others) is counted from the sources' counts when
 * the view opens, even where every other count would be slow (budget -1):
 * with a million articles, reading them took 0.3-0.4 s before the status
 * line had its number. Alpha (with 300 more articles, more than a first
 * screen reads) is in scope; Beta is not, and only its starred b2 is
 * listed. Each count is the rows' own. */
static void
test_scope_counted(struct fixture *fx)
{
	struct nr_store_view q;
	struct nr_view *v;
	struct nr_err err;
	int64_t *all;
	size_t n = 0;

	CHECK_INT(nr_store_set_flag_by_id(fx->s, "b2", NR_FLAG_STARRED, 1, &err), 1);
	CHECK_INT(nr_store_set_flag_by_id(fx->s, "a1", NR_FLAG_READ, 1, &err), 1);
	add_gammas(fx);
	CHECK_INT(nr_store_scope_add(fx->s, "/a.rss", 0, &err), 0);
	nr_view_set_count_budget(-1);
	v = new_view(fx);
	if (v == NULL) {
		nr_view_set_count_budget(20);
		return;
	}
	CHECK(!nr_view_counting(v));
	CHECK_INT(v->nshown, 306);
	CHECK_INT(v->shown_unread, 305);
	memset(&q, 0, sizeof q);
	q.where = v->q_where;
	q.scoped = 1;
	all = nr_store_view_ids(fx->s, &q, &n, NULL, &err);
	CHECK_INT(n, 306);
	free(all);
	/* Unread only: a1 goes. */
	nr_view_do(v, NR_ACT_TOGGLE_SHOW_READ);
	CHECK(!nr_view_counting(v));
	CHECK_INT(v->nshown, 305);
	CHECK_INT(v->shown_unread, 305);
	nr_view_do(v, NR_ACT_TOGGLE_SHOW_READ);
	CHECK_INT(v->nshown, 306);
	/* Every listed article marked read: none unread, counted at once. */
	nr_view_do(v, NR_ACT_MARK_ALL_READ);
	CHECK(!nr_view_counting(v));
	CHECK_INT(v->shown_unread, 0);
	CHECK_INT(v->nshown, 306);
	nr_view_set_count_budget(20);
}

/* The first screen does not wait for the ids of the articles the scope
 * hides when they may be many (the threshold lowered here to Beta's
 * few): the view lists them between keys, after its counts, and its list
 * is the same before and after. */
static void
test_scope_later(struct fixture *fx)
{
	struct nr_view *v;
	struct nr_err err;
	long total, unread;

	add_gammas(fx);
	CHECK_INT(nr_store_scope_add(fx->s, "/a.rss", 0, &err), 0);
	store_scope_test(fx->s, 0, 0, 1);
	v = new_view(fx);
	if (v == NULL) {
		return;
	}
	CHECK(nr_store_listed_count(fx->s, 0, &total, &unread, &err) == 1);
	CHECK_INT(v->nshown, total);
	CHECK_INT(nr_store_scope_idle(fx->s, 0), 1);
	CHECK(run_background(v) > 0);
	CHECK_INT(nr_store_scope_idle(fx->s, 0), 0);
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	CHECK_INT(v->nshown, total);
	CHECK_INT(v->sel, total - 1);
	store_scope_test(fx->s, 0, 0, 0);
}

/* The query rows' counts are kept in the database across runs: the next
 * run's view takes them from there (an altered kept count shows), with
 * the sources another connection changed meanwhile counted again. */
static void
test_query_counts_kept(struct fixture *fx)
{
	static const char *const exprs[] = {
		"title =~ \"^alpha\"",
		"unread and title =~ \"e\"",
	};
	char *db = xasprintf("%s/view.db", fx->dir);
	struct nr_store *other;
	struct nr_view *v;
	struct nr_err err;
	sqlite3 *raw;

	set_queries(&fx->cfg, exprs, 2);
	nr_view_set_count_budget(-1);
	v = new_view(fx);
	nr_view_set_count_budget(20);
	if (v == NULL) {
		free(db);
		return;
	}
	CHECK_INT(query_row(v, 0)->unread, -1);
	CHECK(run_background(v) > 0);
	CHECK_INT(query_row(v, 0)->total, 5);
	CHECK_INT(query_row(v, 1)->total, 6);
	nr_view_free(fx->v);
	fx->v = NULL;
	nr_store_close(fx->s);
	/* Another connection while the program is not running: an article
	 * more in Alpha news, one read. */
	other = nr_store_open(db, 0, &err);
	CHECK(other != NULL);
	if (other != NULL) {
		add_item(other, fx->fa, "a8", "Alpha eight", 8000, "eight");
		CHECK_INT(nr_store_set_flag_by_id(other, "a1", NR_FLAG_READ, 1, &err), 1);
		nr_store_close(other);
	}
	/* Beta blog's kept count of the first query altered (it has no
	 * match): what is kept is what is shown. */
	CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "UPDATE query_counts SET total = 100, unread = 100 WHERE feed = 2 AND query ="
	    " (SELECT min(id) FROM query_keys)", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(raw);
	fx->s = nr_store_open(db, 0, &err);
	CHECK(fx->s != NULL);
	if (fx->s == NULL) {
		free(db);
		return;
	}
	v = new_view(fx);
	if (v != NULL) {
		CHECK_INT(query_row(v, 0)->total, 106);
		CHECK_INT(query_row(v, 0)->unread, 105);
		CHECK_INT(query_row(v, 1)->total, 6);
		CHECK_INT(run_background(v), 0);
	}
	/* Beta blog changed (a mark by sqlite3 on the file): counted
	 * again. */
	CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "UPDATE articles SET read = 1 WHERE guid = 'b1'", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(raw);
	v = new_view(fx);
	if (v != NULL) {
		CHECK_INT(query_row(v, 0)->total, 6);
		CHECK_INT(query_row(v, 0)->unread, 5);
		CHECK_INT(query_row(v, 1)->total, 5);
	}
	free(db);
}

static const struct {
	const char *name;
	void (*fn)(struct fixture *fx);
} cases[] = {
	{ "the articles and sources are loaded", test_loads },
	{ "j k G g move in the list", test_move },
	{ "the page keys move the page and the selection", test_page },
	{ "an unbound key says so", test_unbound_key },
	{ "messages carry no control characters", test_message_sanitised },
	{ "the reader follows the selection, without escapes", test_reader_follows },
	{ "opening marks read at once", test_open_marks_read },
	{ "J and K open the next and previous article", test_reader_next_prev },
	{ "q in the reader closes it", test_reader_close },
	{ "the reader wraps, scrolls, and Space at the end goes on", test_reader_scroll },
	{ "search in the reader: n and N", test_reader_search },
	{ "search in the reader visits every match", test_reader_search_every_match },
	{ "re-wrapping keeps the reading position", test_reader_resize },
	{ "search in the list: titles and sources, both ways", test_list_search },
	{ "n without a pattern says so", test_search_without_pattern },
	{ "limit shows only matching articles", test_limit },
	{ "m and s are saved at once", test_toggles },
	{ "] and [ go to the next and previous unread", test_next_unread },
	{ "] marks nothing where nothing is shown or marking is off", test_next_unread_no_mark },
	{ "U and * show unread or starred only, q undoes them", test_read_filters },
	{ "show_read = no", test_show_read_setting },
	{ "U in the reader keeps the article read", test_read_filter_in_reader },
	{ "q goes back a level, Q quits", test_back_levels },
	{ "O and ~ sort, kept until exit", test_sort_keys },
	{ "tags group the sources pane", test_tags },
	{ "a folder's tags are its files'", test_folder_tags },
	{ "enclosures with type and size, text_width", test_enclosure_and_width },
	{ "the sources pane filters the list", test_sources_pane },
	{ "unread across sources", test_unread_across_sources },
	{ "mark all read: the source's, or the matching ones", test_mark_all_read },
	{ "mark all read in the sources pane: the selected source", test_mark_source_read },
	{ "A marks only the articles in view, not those come since", test_mark_all_read_only_seen },
	{ "the list is a window: rows read as shown; other views' SQL", test_window },
	{ "a mark the database refuses is reported, nothing changes", test_mark_fails_when_locked },
	{ "layouts cycle; full shows the reader when opened", test_layouts },
	{ "f and Tab move between the panes shown", test_focus },
	{ "the mouse selects, opens and scrolls", test_mouse },
	{ "help from the actions table, scrolled and closed", test_help },
	{ "a rebound key shows in the help", test_help_rebound },
	{ "reload without sources says how to add them", test_reload_without_sources },
	{ "a tiny screen breaks nothing", test_tiny_screen },
	{ "Q quits", test_quit },
	{ "mark_read_on_open = no, sort = oldest", test_no_mark_on_open },
	{ "sort = title", test_sort_title },
	{ "an update's articles merge in, the selection stays", test_update_merges },
	{ "links open by number with the browser, not a shell", test_links },
	{ "pipe the article as shown or as stored", test_pipe },
	{ "save asks before replacing a file", test_save },
	{ "r and R read local sources again", test_reload_local },
	{ "a filtered list: a screen first, counted between keys", test_partial_list },
	{ "every query row's count follows marks and new articles", test_query_counts_follow_marks },
	{ "a query row of a small library is counted at opening", test_query_count_small },
	{ "a list that is the scope alone is counted from the sources' counts", test_scope_counted },
	{ "the ids the scope hides are listed between keys, not for the first screen", test_scope_later },
	{ "query rows' counts are kept across runs", test_query_counts_kept },
	{ "every action has a handler where it can be bound", test_dispatch_table },
};

int
main(void)
{
	size_t i;

	t_init();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fixture fx;
		int before = t_failures;

		if (setup(&fx) == 0) {
			cases[i].fn(&fx);
		}
		teardown(&fx);
		printf("%s: %s\n", t_failures == before ? "ok" : "FAILED", cases[i].name);
	}
	return t_done();
}
