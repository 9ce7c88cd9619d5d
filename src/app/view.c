#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "app/list.h"
#include "app/load.h"
#include "app/open.h"
#include "app/sort.h"
#include "app/view.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "util/date.h"
#include "util/path.h"
#include "util/utf8.h"

/* The articles' strings live in large chunks freed together: 100,000
 * articles are 300,000 strings, and one malloc each would dominate the
 * time to open the library. */
#define CHUNK_SIZE (256 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

static const char *
arena_strdup(struct nr_view *v, const char *s)
{
	struct chunk *c = v->arena;
	size_t n;
	char *p;

	if (s == NULL) {
		return NULL;
	}
	n = strlen(s) + 1;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		c = xmalloc(sizeof *c + size);
		c->next = v->arena;
		c->used = 0;
		c->size = size;
		v->arena = c;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	c->used += n;
	return p;
}

static void
arena_free(struct nr_view *v)
{
	struct chunk *c = v->arena;

	while (c != NULL) {
		struct chunk *next = c->next;

		free(c);
		c = next;
	}
	v->arena = NULL;
}

void
nr_view_message(struct nr_view *v, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof v->msg, fmt, ap);
	va_end(ap);
	v->msg_error = error;
	v->dirty |= NR_DIRTY_STATUS;
}

/* ---- loading ---- */

struct feed_index {
	int64_t id;
	size_t index;
};

struct loader {
	struct nr_view *v;
	struct feed_index *ids;
	size_t nids;
	size_t cap;
};

static int
cmp_feed_index(const void *a, const void *b)
{
	const struct feed_index *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
add_feed(void *ud, const struct nr_store_feed_info *info)
{
	struct loader *ld = ud;
	struct nr_view *v = ld->v;
	struct nr_view_feed *f;

	v->feeds = xreallocarray(v->feeds, v->nfeeds + 1, sizeof *v->feeds);
	f = &v->feeds[v->nfeeds];
	f->id = info->id;
	{
		/* A title from the config or a file's name is not sanitised
		 * anywhere else: no control character may reach the screen. */
		const char *t = info->title != NULL && info->title[0] != '\0' ? info->title
		    : info->location != NULL ? info->location : "";
		size_t i;

		/* A feed never fetched has no title of its own yet: the name
		 * of its [feed NAME] section tells it from the others. */
		for (i = 0; t == info->location && i < v->cfg->nsources; i++) {
			if (strcmp(v->cfg->sources[i].path, info->location) == 0) {
				t = v->cfg->sources[i].label;
			}
		}

		f->title = nr_utf8_sanitize(t, strlen(t), NR_SAN_COLLAPSE);
		f->location = xstrdup(info->location != NULL ? info->location : "");
	}
	f->total = 0;
	f->unread = 0;
	f->failed = 0;
	ld->ids = xreallocarray(ld->ids, ld->nids + 1, sizeof *ld->ids);
	ld->ids[ld->nids].id = info->id;
	ld->ids[ld->nids].index = v->nfeeds;
	ld->nids++;
	v->nfeeds++;
	return 0;
}

/* nr_list_entry_from_row's copies: in the view's chunks. */
static char *
arena_dup(void *ud, const char *s)
{
	/* The chunks are the view's to write; arena_strdup hands them out
	 * read-only because the articles' strings are never changed. */
	return (char *)arena_strdup(ud, s);
}

static int
add_row(void *ud, const struct nr_store_row *row)
{
	struct loader *ld = ud;
	struct nr_view *v = ld->v;
	struct nr_view_article *a;
	struct nr_list_entry e;
	struct feed_index key, *found;

	if (v->nall == ld->cap) {
		ld->cap = ld->cap ? ld->cap * 2 : 1024;
		v->all = xreallocarray(v->all, ld->cap, sizeof *v->all);
	}
	nr_list_entry_from_row(&e, row, arena_dup, v);
	a = &v->all[v->nall++];
	a->rowid = e.rowid;
	a->published = e.item.published;
	a->title = e.item.title != NULL ? e.item.title : "";
	a->author = e.item.author;
	a->link = e.item.link;
	a->enclosures = NULL;
	if (row->item.nenclosures > 0) {
		struct nr_buf b = NR_BUF_INIT;
		size_t i;

		for (i = 0; i < row->item.nenclosures; i++) {
			nr_buf_printf(&b, "%s%s", i > 0 ? "\n" : "", row->item.enclosures[i].url);
		}
		a->enclosures = arena_strdup(v, nr_buf_str(&b));
		nr_buf_free(&b);
	}
	a->read = (unsigned char)e.read;
	a->starred = (unsigned char)e.starred;
	a->changed = (unsigned char)e.changed;
	key.id = row->feed_id;
	found = bsearch(&key, ld->ids, ld->nids, sizeof *ld->ids, cmp_feed_index);
	a->feed = found != NULL ? found->index : 0;
	return 0;
}

/* Sorting by the rule of app/sort.h, an article's index in all (the
 * store's order, newest first) as its arrival order. qsort has no user
 * data, hence the view being sorted. */
static const struct nr_view *sort_view;

static int
cmp_articles(const void *pa, const void *pb)
{
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const struct nr_view_article *a = &sort_view->all[ia], *b = &sort_view->all[ib];
	struct nr_sort_key ka = { a->title, sort_view->feeds[a->feed].title, a->published, ia };
	struct nr_sort_key kb = { b->title, sort_view->feeds[b->feed].title, b->published, ib };

	return nr_sort_compare(sort_view->cfg->sort, &ka, &kb);
}

static void
sort_articles(struct nr_view *v)
{
	struct nr_view_article *sorted;
	size_t *order, i;

	/* The store gives them newest first already. */
	if (v->cfg->sort == NR_SORT_NEWEST) {
		return;
	}
	order = xreallocarray(NULL, v->nall ? v->nall : 1, sizeof *order);
	for (i = 0; i < v->nall; i++) {
		order[i] = i;
	}
	sort_view = v;
	qsort(order, v->nall, sizeof *order, cmp_articles);
	sort_view = NULL;
	sorted = xreallocarray(NULL, v->nall ? v->nall : 1, sizeof *sorted);
	for (i = 0; i < v->nall; i++) {
		sorted[i] = v->all[order[i]];
	}
	free(v->all);
	v->all = sorted;
	free(order);
}

/* ---- matching ---- */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Case-insensitive (ASCII letters) search of pat in s from byte from. */
static const char *
find(const char *s, const char *pat)
{
	size_t m = strlen(pat);

	if (m == 0) {
		return NULL;
	}
	for (; *s != '\0'; s++) {
		size_t k;

		for (k = 0; k < m && s[k] != '\0' && lower((unsigned char)s[k]) == lower((unsigned char)pat[k]); k++) {
		}
		if (k == m) {
			return s;
		}
	}
	return NULL;
}

int
nr_view_match(const struct nr_view *v, const char *line, size_t from, size_t *off, size_t *len)
{
	const char *p;

	if (v->search == NULL || line == NULL || from > strlen(line)) {
		return 0;
	}
	p = find(line + from, v->search);
	if (p == NULL) {
		return 0;
	}
	*off = (size_t)(p - line);
	*len = strlen(v->search);
	return 1;
}

static int
article_matches(const struct nr_view *v, const struct nr_view_article *a, const char *pat, int author)
{
	return find(a->title, pat) != NULL || find(v->feeds[a->feed].title, pat) != NULL ||
	    (author && a->author != NULL && find(a->author, pat) != NULL);
}

/* ---- the list in view ---- */

static void
keep_visible(size_t sel, size_t *top, int rows, size_t n)
{
	size_t r = rows > 0 ? (size_t)rows : 1;

	if (sel < *top) {
		*top = sel;
	} else if (sel >= *top + r) {
		*top = sel - r + 1;
	}
	if (n <= r) {
		*top = 0;
	} else if (*top > n - r) {
		*top = n - r;
	}
}

static void
list_changed(struct nr_view *v)
{
	keep_visible(v->sel, &v->top, v->list_rows, v->nshown);
	v->dirty |= NR_DIRTY_LIST | NR_DIRTY_READER | NR_DIRTY_STATUS;
}

/* Fill shown from the active feed and the limit, and select the article
 * keep (a rowid) if it is there, else the first. */
static void
filter_shown(struct nr_view *v, int64_t keep)
{
	int64_t feed_id = v->feeds[v->active_feed].id;
	size_t i, n = 0;

	for (i = 0; i < v->nall; i++) {
		const struct nr_view_article *a = &v->all[i];

		if (feed_id != 0 && v->feeds[a->feed].id != feed_id) {
			continue;
		}
		if (v->limit != NULL && !article_matches(v, a, v->limit, 1)) {
			continue;
		}
		v->shown[n++] = i;
	}
	v->nshown = n;
	v->sel = 0;
	for (i = 0; i < n; i++) {
		if (v->all[v->shown[i]].rowid == keep) {
			v->sel = i;
			break;
		}
	}
}

/* Rebuild shown from the active feed and the limit, keeping the selected
 * article selected if it is still there. */
static void
rebuild(struct nr_view *v)
{
	const struct nr_view_article *cur = nr_view_selected(v);

	filter_shown(v, cur != NULL ? cur->rowid : 0);
	v->top = 0;
	list_changed(v);
}

const struct nr_view_article *
nr_view_selected(const struct nr_view *v)
{
	if (v->nshown == 0) {
		return NULL;
	}
	return &v->all[v->shown[v->sel < v->nshown ? v->sel : v->nshown - 1]];
}

static struct nr_view_article *
selected(struct nr_view *v)
{
	return v->nshown == 0 ? NULL : &v->all[v->shown[v->sel]];
}

static void
select_article(struct nr_view *v, size_t i)
{
	if (v->nshown == 0) {
		return;
	}
	if (i >= v->nshown) {
		i = v->nshown - 1;
	}
	if (i != v->sel) {
		v->sel = i;
		v->reader_top = 0;
	}
	list_changed(v);
}

static void
move_by(struct nr_view *v, long delta)
{
	long i = (long)v->sel + delta;

	if (v->nshown == 0) {
		return;
	}
	if (i < 0) {
		i = 0;
	}
	select_article(v, (size_t)i);
}

/* ---- state ---- */

static void
set_read(struct nr_view *v, struct nr_view_article *a, int read)
{
	struct nr_err err;

	if (a->read == (read != 0)) {
		return;
	}
	if (nr_store_set_flag(v->store, a->rowid, NR_FLAG_READ, read, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
		return;
	}
	a->read = read != 0;
	if (a->feed != 0) {
		v->feeds[a->feed].unread += read ? -1 : 1;
	}
	v->feeds[0].unread += read ? -1 : 1;
	v->dirty |= NR_DIRTY_LIST | NR_DIRTY_FEEDS | NR_DIRTY_STATUS;
}

static void
toggle_star(struct nr_view *v)
{
	struct nr_view_article *a = selected(v);
	struct nr_err err;

	if (a == NULL) {
		return;
	}
	if (nr_store_set_flag(v->store, a->rowid, NR_FLAG_STARRED, !a->starred, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
		return;
	}
	a->starred = !a->starred;
	nr_view_message(v, 0, "%s", a->starred ? _("Starred.") : _("Unstarred."));
	v->dirty |= NR_DIRTY_LIST;
}

static void
toggle_read(struct nr_view *v)
{
	struct nr_view_article *a = selected(v);

	if (a == NULL) {
		return;
	}
	set_read(v, a, !a->read);
	nr_view_message(v, 0, "%s", a->read ? _("Marked read.") : _("Marked unread."));
}

/* Mark the articles of feed row f (0: all) read, or only those in view
 * when a limit is set. */
static void
mark_all_read(struct nr_view *v, size_t f, int only_shown)
{
	struct nr_err err;
	long n = 0;
	size_t i;

	if (only_shown) {
		if (nr_store_begin(v->store, &err) < 0) {
			nr_view_message(v, 1, "%s", err.msg);
			return;
		}
		for (i = 0; i < v->nshown; i++) {
			struct nr_view_article *a = &v->all[v->shown[i]];

			if (!a->read) {
				if (nr_store_set_flag(v->store, a->rowid, NR_FLAG_READ, 1, &err) < 0) {
					nr_store_rollback(v->store);
					nr_view_message(v, 1, "%s", err.msg);
					return;
				}
				n++;
			}
		}
		if (nr_store_commit(v->store, &err) < 0) {
			nr_store_rollback(v->store);
			nr_view_message(v, 1, "%s", err.msg);
			return;
		}
		for (i = 0; i < v->nshown; i++) {
			struct nr_view_article *a = &v->all[v->shown[i]];

			if (!a->read) {
				a->read = 1;
				a->changed = 0;
				if (a->feed != 0) {
					v->feeds[a->feed].unread--;
				}
				v->feeds[0].unread--;
			}
		}
	} else {
		n = nr_store_mark_all_read(v->store, v->feeds[f].id, &err);
		if (n < 0) {
			nr_view_message(v, 1, "%s", err.msg);
			return;
		}
		for (i = 0; i < v->nall; i++) {
			struct nr_view_article *a = &v->all[i];

			if ((f == 0 || a->feed == f) && !a->read) {
				a->read = 1;
				a->changed = 0;
				if (a->feed != 0) {
					v->feeds[a->feed].unread--;
				}
				v->feeds[0].unread--;
			}
		}
	}
	nr_view_message(v, 0, ngettext("%ld article marked read.", "%ld articles marked read.", (unsigned long)n), n);
	v->dirty |= NR_DIRTY_LIST | NR_DIRTY_FEEDS | NR_DIRTY_STATUS;
}

/* ---- the reader ---- */

int
nr_view_reader_visible(const struct nr_view *v)
{
	if (v->help_open) {
		return 0;
	}
	if (v->layout == NR_LAYOUT_FULL) {
		return v->focus == NR_CTX_READER;
	}
	return 1;
}

static size_t
reader_max_top(const struct nr_view *v)
{
	size_t rows = v->reader_rows > 0 ? (size_t)v->reader_rows : 1;

	return v->lines.n > rows ? v->lines.n - rows : 0;
}

/* The count of non-space bytes before line i: wrapping drops or adds only
 * spaces, so this finds the same place in the text at another width. */
static size_t
text_offset(const struct nr_wrap *w, size_t line)
{
	size_t i, n = 0;

	for (i = 0; i < line && i < w->n; i++) {
		const char *p;

		for (p = w->lines[i].text; *p != '\0'; p++) {
			n += *p != ' ';
		}
	}
	return n;
}

static size_t
line_at_offset(const struct nr_wrap *w, size_t off)
{
	size_t i, n = 0;

	for (i = 0; i < w->n; i++) {
		const char *p;
		size_t len = 0;

		for (p = w->lines[i].text; *p != '\0'; p++) {
			len += *p != ' ';
		}
		if (n + len > off || (n == off && len > 0)) {
			return i;
		}
		n += len;
	}
	return w->n > 0 ? w->n - 1 : 0;
}

static void
add_header(struct nr_wrap *w, const char *label, const char *value, int cols, int tag)
{
	char *line;

	if (value == NULL || value[0] == '\0') {
		return;
	}
	line = xasprintf("%s %s", label, value);
	nr_wrap_text(w, line, cols, tag);
	free(line);
}

/* The article a with body (of type) rendered at cols columns into out:
 * the header, the body with its links numbered into links, the
 * enclosures, and the list of links. */
static void
render_article(const struct nr_view *v, const struct nr_view_article *a, const char *body, int type, int cols,
    struct nr_wrap *out, struct nr_links *links)
{
	struct nr_render_opts ro;
	char date[128];

	nr_wrap_text(out, a->title[0] != '\0' ? a->title : _("(no title)"), cols, NR_LINE_TITLE);
	add_header(out, _("Source:"), v->feeds[a->feed].title, cols, NR_LINE_HEADER);
	add_header(out, _("Author:"), a->author, cols, NR_LINE_HEADER);
	nr_date_format(a->published, "%a, %d %b %Y %H:%M", date, sizeof date);
	add_header(out, _("Date:"), date, cols, NR_LINE_HEADER);
	add_header(out, _("Link:"), a->link, cols, NR_LINE_LINK);
	nr_wrap_add(out, "", NR_LINE_BODY);
	ro.width = cols;
	ro.base = a->link;
	ro.tag = NR_LINE_BODY;
	if (body != NULL && body[0] != '\0') {
		if (type == NR_BODY_HTML) {
			nr_render_html(out, links, body, strlen(body), &ro);
		} else {
			nr_render_text(out, links, body, strlen(body), &ro);
		}
	} else {
		nr_wrap_add(out, _("(This article has no text.)"), NR_LINE_BODY);
	}
	if (a->enclosures != NULL) {
		const char *p = a->enclosures;

		while (*p != '\0') {
			size_t n = strcspn(p, "\n");
			char *url = xstrndup(p, n);

			nr_links_add(links, url, NR_LINK_ENCLOSURE);
			free(url);
			p += n;
			p += *p == '\n';
		}
	}
	nr_render_link_list(out, links, &ro);
}

/* Render the selected article to reader_cols. */
static void
wrap_reader(struct nr_view *v)
{
	const struct nr_view_article *a = nr_view_selected(v);

	nr_wrap_free(&v->lines);
	nr_links_free(&v->links);
	if (a == NULL) {
		return;
	}
	render_article(v, a, v->body, v->body_type, v->reader_cols > 0 ? v->reader_cols : 1, &v->lines, &v->links);
}

/* The body of a as stored (content, else summary): a new string or NULL,
 * its type in *type. */
static char *
fetch_body(struct nr_view *v, const struct nr_view_article *a, int *type)
{
	struct nr_item item;
	struct nr_err err;
	char *body = NULL;

	*type = NR_BODY_NONE;
	nr_item_init(&item);
	if (nr_store_get_body(v->store, a->rowid, &item, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	} else if (item.content != NULL && item.content[0] != '\0') {
		body = item.content;
		item.content = NULL;
		*type = (int)item.content_type;
	} else if (item.summary != NULL) {
		body = item.summary;
		item.summary = NULL;
		*type = (int)item.summary_type;
	}
	nr_item_clear(&item);
	return body;
}

static void
load_body(struct nr_view *v, const struct nr_view_article *a)
{
	free(v->body);
	v->body = fetch_body(v, a, &v->body_type);
}

void
nr_view_prepare(struct nr_view *v)
{
	const struct nr_view_article *a = nr_view_selected(v);

	if (a == NULL) {
		if (v->reader_rowid != 0) {
			nr_wrap_free(&v->lines);
			nr_links_free(&v->links);
			free(v->body);
			v->body = NULL;
			v->reader_rowid = 0;
			v->reader_top = 0;
		}
		return;
	}
	if (!nr_view_reader_visible(v) && v->focus != NR_CTX_READER) {
		return;
	}
	if (a->rowid != v->reader_rowid) {
		load_body(v, a);
		v->reader_rowid = a->rowid;
		wrap_reader(v);
		if (v->reader_top > reader_max_top(v)) {
			v->reader_top = reader_max_top(v);
		}
	}
}

void
nr_view_reader_position(const struct nr_view *v, char *buf, size_t size)
{
	size_t rows = v->reader_rows > 0 ? (size_t)v->reader_rows : 1;

	if (v->lines.n <= rows) {
		snprintf(buf, size, "%s", _("All"));
	} else if (v->reader_top == 0) {
		snprintf(buf, size, "%s", _("Top"));
	} else if (v->reader_top >= reader_max_top(v)) {
		snprintf(buf, size, "%s", _("Bot"));
	} else {
		snprintf(buf, size, "%zu%%", (v->reader_top + rows) * 100 / v->lines.n);
	}
}

static void
reader_scroll(struct nr_view *v, long delta)
{
	long top = (long)v->reader_top + delta;
	long max;

	nr_view_prepare(v);
	max = (long)reader_max_top(v);
	if (top > max) {
		top = max;
	}
	if (top < 0) {
		top = 0;
	}
	v->reader_top = (size_t)top;
	v->dirty |= NR_DIRTY_READER | NR_DIRTY_STATUS;
}

/* Show the selected article in the reader: focus moves there, and it is
 * marked read if the settings say so. */
static void
open_article(struct nr_view *v)
{
	struct nr_view_article *a = selected(v);

	if (a == NULL) {
		nr_view_message(v, 1, "%s", _("No articles."));
		return;
	}
	v->reader_open = 1;
	v->focus = NR_CTX_READER;
	if (v->cfg->mark_read_on_open) {
		set_read(v, a, 1);
	}
	v->dirty |= NR_DIRTY_ALL;
}

static void
close_reader(struct nr_view *v)
{
	v->reader_open = 0;
	v->focus = NR_CTX_LIST;
	v->dirty |= NR_DIRTY_ALL;
}

/* Next or previous article (dir 1 or -1); in the reader the new one is
 * opened. */
static void
step_article(struct nr_view *v, int dir)
{
	if (v->nshown == 0) {
		return;
	}
	if ((dir > 0 && v->sel + 1 >= v->nshown) || (dir < 0 && v->sel == 0)) {
		nr_view_message(v, 0, "%s", dir > 0 ? _("This is the last article.") : _("This is the first article."));
		return;
	}
	select_article(v, v->sel + (size_t)(long)dir);
	if (v->focus == NR_CTX_READER) {
		open_article(v);
	}
}

static void
jump_article(struct nr_view *v, int last)
{
	if (v->nshown == 0) {
		return;
	}
	select_article(v, last ? v->nshown - 1 : 0);
	if (v->focus == NR_CTX_READER) {
		open_article(v);
	}
}

static void
switch_feed(struct nr_view *v, size_t f)
{
	v->active_feed = f;
	v->feed_sel = f;
	keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->nfeeds);
	rebuild(v);
	v->reader_top = 0;
	v->dirty |= NR_DIRTY_ALL;
}

/* The next unread article in direction dir; past the end of one source's
 * articles, the next source with unread ones. */
static void
step_unread(struct nr_view *v, int dir)
{
	long i;
	size_t f;

	for (i = (long)v->sel + dir; v->nshown > 0 && i >= 0 && i < (long)v->nshown; i += dir) {
		if (!v->all[v->shown[i]].read) {
			select_article(v, (size_t)i);
			if (v->focus == NR_CTX_READER) {
				open_article(v);
			}
			return;
		}
	}
	if (v->active_feed != 0) {
		for (f = v->active_feed + (size_t)(long)dir; f >= 1 && f < v->nfeeds; f += (size_t)(long)dir) {
			if (v->feeds[f].unread > 0) {
				size_t j;

				switch_feed(v, f);
				for (j = 0; j < v->nshown; j++) {
					size_t k = dir > 0 ? j : v->nshown - 1 - j;

					if (!v->all[v->shown[k]].read) {
						select_article(v, k);
						break;
					}
				}
				if (v->focus == NR_CTX_READER) {
					open_article(v);
				}
				nr_view_message(v, 0, _("Now in %s."), v->feeds[f].title);
				return;
			}
		}
	}
	nr_view_message(v, 0, "%s", _("No more unread articles."));
}

/* ---- search ---- */

static void
not_found(struct nr_view *v)
{
	nr_view_message(v, 1, _("Not found: %s"), v->search);
}

static void
search_list(struct nr_view *v, int dir, int include_current)
{
	size_t n = v->nshown, k;

	for (k = include_current ? 0 : 1; k <= n && n > 0; k++) {
		size_t i = dir > 0 ? (v->sel + k) % n : (v->sel + n * 2 - k) % n;

		if (article_matches(v, &v->all[v->shown[i]], v->search, 0)) {
			if (k > 0 && ((dir > 0 && i <= v->sel) || (dir < 0 && i >= v->sel))) {
				nr_view_message(v, 0, "%s", dir > 0 ? _("Search wrapped to the top.")
				    : _("Search wrapped to the bottom."));
			}
			select_article(v, i);
			return;
		}
	}
	not_found(v);
}

static void
search_reader(struct nr_view *v, int dir, int include_current)
{
	size_t n, k, from;

	nr_view_prepare(v);
	n = v->lines.n;
	/* From the last match while it is on screen (the top line cannot
	 * move past the last page, so it cannot say where the search was),
	 * else from the top line. */
	from = v->reader_match < n && v->reader_match >= v->reader_top &&
	    v->reader_match < v->reader_top + (size_t)(v->reader_rows > 0 ? v->reader_rows : 1) ?
	    v->reader_match : v->reader_top;
	for (k = include_current ? 0 : 1; k <= n && n > 0; k++) {
		size_t i = dir > 0 ? (from + k) % n : (from + n * 2 - k) % n;

		if (find(v->lines.lines[i].text, v->search) != NULL) {
			if (k > 0 && ((dir > 0 && i <= from) || (dir < 0 && i >= from))) {
				nr_view_message(v, 0, "%s", dir > 0 ? _("Search wrapped to the top.")
				    : _("Search wrapped to the bottom."));
			}
			/* The match on the top line: the place the eye starts. */
			v->reader_match = i;
			v->reader_top = i;
			if (v->reader_top > reader_max_top(v)) {
				v->reader_top = reader_max_top(v);
			}
			v->dirty |= NR_DIRTY_READER | NR_DIRTY_STATUS;
			return;
		}
	}
	not_found(v);
}

static void
search_feeds(struct nr_view *v, int dir, int include_current)
{
	size_t n = v->nfeeds, k;

	for (k = include_current ? 0 : 1; k <= n; k++) {
		size_t i = dir > 0 ? (v->feed_sel + k) % n : (v->feed_sel + n * 2 - k) % n;

		if (i > 0 && find(v->feeds[i].title, v->search) != NULL) {
			v->feed_sel = i;
			keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->nfeeds);
			v->dirty |= NR_DIRTY_FEEDS;
			return;
		}
	}
	not_found(v);
}

static void
search_again(struct nr_view *v, int dir, int include_current)
{
	if (v->search == NULL) {
		nr_view_message(v, 1, "%s", _("No search pattern yet."));
		return;
	}
	v->dirty |= NR_DIRTY_ALL;
	switch (v->focus) {
	case NR_CTX_READER:
		search_reader(v, dir, include_current);
		break;
	case NR_CTX_FEEDS:
		search_feeds(v, dir, include_current);
		break;
	default:
		search_list(v, dir, include_current);
		break;
	}
}

void
nr_view_search(struct nr_view *v, const char *pattern, int backward)
{
	if (pattern != NULL && pattern[0] != '\0') {
		free(v->search);
		v->search = xstrdup(pattern);
	}
	v->search_backward = backward;
	/* In the list a new search starts after the selection, as in mutt;
	 * in the reader at the line below the top. */
	search_again(v, backward ? -1 : 1, 0);
}

void
nr_view_limit(struct nr_view *v, const char *pattern)
{
	free(v->limit);
	v->limit = pattern != NULL && pattern[0] != '\0' ? xstrdup(pattern) : NULL;
	rebuild(v);
	if (v->limit == NULL) {
		nr_view_message(v, 0, "%s", _("Showing all articles."));
	} else if (v->nshown == 0) {
		nr_view_message(v, 1, _("No article matches: %s"), v->limit);
	} else {
		nr_view_message(v, 0, ngettext("%zu article matches: %s", "%zu articles match: %s", v->nshown),
		    v->nshown, v->limit);
	}
	v->dirty |= NR_DIRTY_ALL;
}

static void open_link_number(struct nr_view *v, const char *text);
static void pipe_article(struct nr_view *v, const char *command, int raw);
static void save_article(struct nr_view *v, const char *path, int overwrite);

void
nr_view_prompt_done(struct nr_view *v, const char *text)
{
	enum nr_prompt p = v->prompt;

	v->prompt = NR_PROMPT_NONE;
	free(v->prompt_init);
	v->prompt_init = NULL;
	v->dirty |= NR_DIRTY_STATUS;
	if (text == NULL) {
		v->msg[0] = '\0';
		return;
	}
	switch (p) {
	case NR_PROMPT_SEARCH_FORWARD:
	case NR_PROMPT_SEARCH_BACKWARD:
		nr_view_search(v, text, p == NR_PROMPT_SEARCH_BACKWARD);
		break;
	case NR_PROMPT_LIMIT:
		nr_view_limit(v, text);
		break;
	case NR_PROMPT_OPEN_LINK:
		if (text[0] != '\0') {
			open_link_number(v, text);
		}
		break;
	case NR_PROMPT_PIPE:
	case NR_PROMPT_PIPE_RAW:
		pipe_article(v, text, p == NR_PROMPT_PIPE_RAW);
		break;
	case NR_PROMPT_SAVE:
		save_article(v, text, 0);
		break;
	case NR_PROMPT_OVERWRITE:
		if (strcasecmp(text, "y") == 0 || strcasecmp(text, "yes") == 0 || strcasecmp(text, _("yes")) == 0) {
			char *path = v->save_path;

			v->save_path = NULL;
			save_article(v, path, 1);
			free(path);
		} else {
			nr_view_message(v, 0, "%s", _("Not saved."));
		}
		break;
	default:
		break;
	}
}

/* ---- updates ---- */

static void
mark_failures(struct nr_view *v)
{
	size_t i;

	for (i = 1; i < v->nfeeds; i++) {
		v->feeds[i].failed = v->updater != NULL &&
		    nr_updater_failure(v->updater, v->feeds[i].location) != NULL;
	}
}

void
nr_view_update_progress(struct nr_view *v)
{
	char buf[sizeof v->progress];

	buf[0] = '\0';
	if (v->updater != NULL && nr_updater_busy(v->updater)) {
		snprintf(buf, sizeof buf, _("fetching %zu/%zu"), nr_updater_finished(v->updater),
		    nr_updater_total(v->updater));
	}
	if (strcmp(buf, v->progress) != 0) {
		memcpy(v->progress, buf, sizeof buf);
		v->dirty |= NR_DIRTY_STATUS;
	}
}

int
nr_view_refresh_stale(struct nr_view *v)
{
	struct nr_err err;

	if (!v->stale) {
		return 0;
	}
	v->stale = 0;
	if (nr_view_refresh(v, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	}
	return 1;
}

void
nr_view_update_done(struct nr_view *v, const struct nr_update_feed *f)
{

	if (f->outcome == NR_UPD_STORED && (f->added > 0 || f->changed > 0)) {
		v->stale = 1;
	}
	mark_failures(v);
	v->dirty |= NR_DIRTY_FEEDS | NR_DIRTY_STATUS;
	if (v->updater != NULL && !nr_updater_busy(v->updater)) {
		size_t nfail = nr_updater_failures(v->updater, NULL);

		if (nfail > 0) {
			nr_view_message(v, 1, ngettext("Updated; %zu feed failed (E shows why).",
			    "Updated; %zu feeds failed (E shows why).", nfail), nfail);
		}
	}
}

/* The configured source a feed row was read from, or NULL. */
static const struct nr_source *
source_of(const struct nr_view *v, size_t f)
{
	size_t i;

	for (i = 0; f > 0 && f < v->nfeeds && i < v->cfg->nsources; i++) {
		const struct nr_source *src = &v->cfg->sources[i];
		char *real;
		int same;

		if (strcmp(src->path, v->feeds[f].location) == 0) {
			return src;
		}
		if (src->is_url) {
			continue;
		}
		/* Local sources are stored under their real path. */
		real = realpath(src->path, NULL);
		same = real != NULL && strcmp(real, v->feeds[f].location) == 0;
		free(real);
		if (same) {
			return src;
		}
	}
	return NULL;
}

/* A local problem while reloading: the first is kept for the status line. */
static void
reload_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct nr_err *first = ud;

	(void)location;
	if (!warning && first->code == NR_ERR_NONE) {
		*first = *err;
	}
}

/* Read a local source (a file or a folder) again into the store, as at
 * start: one transaction. Adds what is new or changed to *news; -1 with
 * err if it could not be read. */
static int
reload_local(struct nr_view *v, const struct nr_source *src, long *news, struct nr_err *err)
{
	struct nr_loader ld;
	struct nr_load_stats stats;
	struct nr_err first;

	memset(&ld, 0, sizeof ld);
	memset(&stats, 0, sizeof stats);
	nr_err_clear(&first);
	ld.store = v->store;
	ld.opts.want_body = 1;
	ld.problem = reload_problem;
	ld.ud = &first;
	ld.now = (int64_t)time(NULL);
	if (nr_load_source(&ld, src->path, src->title, &stats, err) < 0) {
		return -1;
	}
	*news += stats.added + stats.changed;
	if (first.code != NR_ERR_NONE) {
		*err = first;
		return -1;
	}
	return 0;
}

static void
reload(struct nr_view *v, int all)
{
	struct nr_err err;
	size_t f = v->focus == NR_CTX_FEEDS ? v->feed_sel : 0, i, nlocal = 0, nfail = 0;
	const struct nr_source *src;
	long news = 0;

	if (all) {
		for (i = 0; i < v->cfg->nsources; i++) {
			if (!v->cfg->sources[i].is_url) {
				nlocal++;
				if (reload_local(v, &v->cfg->sources[i], &news, &err) < 0) {
					nfail++;
					nr_view_message(v, 1, "%s: %s", v->cfg->sources[i].label, err.msg);
				}
			}
		}
		if (news > 0 && nr_view_refresh(v, &err) < 0) {
			nr_view_message(v, 1, "%s", err.msg);
		} else if (nlocal > 0 && nfail == 0) {
			nr_view_message(v, 0, ngettext("Local sources read again: %ld new or changed article.",
			    "Local sources read again: %ld new or changed articles.", (unsigned long)news), news);
		}
		if (v->updater != NULL) {
			nr_updater_add_due(v->updater, 1);
			nr_view_update_progress(v);
		} else if (nlocal == 0) {
			nr_view_message(v, 1, "%s", _("No sources to read again: add them to the configuration file."));
		}
		return;
	}
	if (f == 0 && v->focus != NR_CTX_FEEDS) {
		const struct nr_view_article *a = nr_view_selected(v);

		f = a != NULL ? a->feed : 0;
	}
	src = source_of(v, f);
	if (src == NULL) {
		nr_view_message(v, 1, "%s", f == 0 ? _("Select a source to reload (R reloads all).")
		    : _("This source is not in the configuration file; R reloads all."));
		return;
	}
	if (!src->is_url) {
		if (reload_local(v, src, &news, &err) < 0) {
			nr_view_message(v, 1, "%s: %s", src->label, err.msg);
			return;
		}
		if (news > 0 && nr_view_refresh(v, &err) < 0) {
			nr_view_message(v, 1, "%s", err.msg);
			return;
		}
		nr_view_message(v, 0, ngettext("%s read again: %ld new or changed article.",
		    "%s read again: %ld new or changed articles.", (unsigned long)news), src->label, news);
		return;
	}
	if (v->updater == NULL) {
		nr_view_message(v, 1, "%s", _("Feeds on the web cannot be fetched now."));
		return;
	}
	if (nr_updater_add(v->updater, src, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
		return;
	}
	nr_view_update_progress(v);
}

/* The failures of the last update, in the help overlay. */
static void
show_errors(struct nr_view *v)
{
	const struct nr_update_feed **fails = NULL;
	size_t n = v->updater != NULL ? nr_updater_failures(v->updater, &fails) : 0, i;
	int cols = v->reader_cols > 20 ? v->reader_cols : 80;

	if (n == 0) {
		nr_view_message(v, 0, "%s", _("No feed failed."));
		return;
	}
	nr_wrap_free(&v->help);
	nr_wrap_add(&v->help, _("Feeds whose last fetch failed"), 1);
	for (i = 0; i < n; i++) {
		char *line = xasprintf("%s: %s", fails[i]->label, fails[i]->error != NULL ? fails[i]->error : "");
		char *clean = nr_utf8_sanitize(line, strlen(line), NR_SAN_COLLAPSE);

		nr_wrap_add(&v->help, "", 0);
		nr_wrap_text(&v->help, fails[i]->url, cols, 1);
		nr_wrap_text(&v->help, clean, cols, 0);
		free(clean);
		free(line);
	}
	nr_wrap_add(&v->help, "", 0);
	nr_wrap_add(&v->help, _("Any key closes this list."), 1);
	v->help_open = 1;
	v->help_top = 0;
	v->dirty |= NR_DIRTY_ALL;
}

/* ---- handing the article to other programs ---- */

static void
give_terminal(struct nr_view *v, int give, int wait)
{
	if (v->terminal != NULL) {
		v->terminal(v->terminal_ud, give, wait);
	}
	v->dirty |= NR_DIRTY_ALL;
}

/* Open url with the browser: never through a shell (see app/open.h). */
static void
open_url(struct nr_view *v, const char *url)
{
	struct nr_err err;
	char **argv;
	int background = v->cfg->browser_background, r;

	if (url == NULL || url[0] == '\0') {
		nr_view_message(v, 1, "%s", _("This article has no link."));
		return;
	}
	if (!nr_open_allowed(url)) {
		char *shown = nr_utf8_sanitize(url, strlen(url), 0);

		nr_view_message(v, 1, _("Not opened (only http, https, ftp, gopher and mailto links open): %s"), shown);
		free(shown);
		return;
	}
	argv = nr_open_argv(nr_open_browser(v->cfg->browser), url, &err);
	if (argv == NULL) {
		nr_view_message(v, 1, _("browser: %s"), err.msg);
		return;
	}
	if (!background) {
		give_terminal(v, 1, 0);
	}
	r = nr_open_run(argv, background, &err);
	if (!background) {
		give_terminal(v, 0, 0);
	}
	if (r < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	} else if (r != 0) {
		nr_view_message(v, 1, _("%s exited with status %d."), argv[0], r);
	} else {
		char *shown = nr_utf8_sanitize(url, strlen(url), 0);

		nr_view_message(v, 0, _("Opened %s"), shown);
		free(shown);
	}
	nr_argv_free(argv);
}

/* Make sure the reader holds the selected article (also when the layout
 * hides the reader), so that its links are known. */
static const struct nr_view_article *
load_selected(struct nr_view *v)
{
	const struct nr_view_article *a = nr_view_selected(v);

	if (a != NULL && a->rowid != v->reader_rowid) {
		load_body(v, a);
		v->reader_rowid = a->rowid;
		wrap_reader(v);
		v->reader_top = 0;
	}
	return a;
}

static void
open_link_number(struct nr_view *v, const char *text)
{
	char *end;
	unsigned long n;

	load_selected(v);
	while (*text == ' ') {
		text++;
	}
	errno = 0;
	n = strtoul(text, &end, 10);
	while (*end == ' ') {
		end++;
	}
	if (end == text || *end != '\0' || text[0] == '-' || text[0] == '+') {
		nr_view_message(v, 1, _("Not a link number: %s"), text);
		return;
	}
	if (errno == ERANGE || n < 1 || n > v->links.n) {
		if (v->links.n == 0) {
			nr_view_message(v, 1, "%s", _("This article has no links."));
		} else {
			nr_view_message(v, 1, _("No link %s: the links are numbered 1 to %zu."), text, v->links.n);
		}
		return;
	}
	open_url(v, v->links.v[n - 1].url);
}

static void
ask(struct nr_view *v, enum nr_prompt p, const char *init)
{
	free(v->prompt_init);
	v->prompt_init = init != NULL ? xstrdup(init) : NULL;
	v->prompt = p;
}

/* The article as text: as the reader renders it (at 80 columns, or the
 * reader's width if it is narrower), or the body as stored. A new string;
 * *len its length. NULL if there is no article. */
static char *
article_text(struct nr_view *v, int raw, size_t *len)
{
	const struct nr_view_article *a = nr_view_selected(v);
	struct nr_buf b = NR_BUF_INIT;
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	char *body;
	int type, cols = v->reader_cols > 0 && v->reader_cols < 80 ? v->reader_cols : 80;
	size_t i;

	if (a == NULL) {
		return NULL;
	}
	body = fetch_body(v, a, &type);
	if (raw) {
		nr_buf_adds(&b, body != NULL ? body : "");
	} else {
		render_article(v, a, body, type, cols, &w, &links);
		for (i = 0; i < w.n; i++) {
			nr_buf_adds(&b, w.lines[i].text);
			nr_buf_addc(&b, '\n');
		}
		nr_wrap_free(&w);
		nr_links_free(&links);
	}
	free(body);
	*len = b.len;
	return nr_buf_steal(&b);
}

static void
pipe_article(struct nr_view *v, const char *command, int raw)
{
	struct nr_err err;
	size_t len;
	char *text;
	int r;

	if (command[strspn(command, " \t")] == '\0') {
		return;
	}
	text = article_text(v, raw, &len);
	if (text == NULL) {
		nr_view_message(v, 1, "%s", _("No article to pipe."));
		return;
	}
	give_terminal(v, 1, 0);
	r = nr_pipe_run(command, text, len, &err);
	give_terminal(v, 0, 1);
	free(text);
	if (r < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	} else if (r != 0) {
		nr_view_message(v, 1, _("The command exited with status %d."), r);
	} else {
		nr_view_message(v, 0, "%s", _("Piped."));
	}
}

/* A file name from the title: letters and digits, the rest as '-'. */
static char *
save_name(const struct nr_view_article *a)
{
	struct nr_buf b = NR_BUF_INIT;
	const char *p;
	int dash = 0;

	nr_buf_adds(&b, "~/");
	for (p = a->title; *p != '\0' && b.len < 62; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			nr_buf_addc(&b, (char)c);
			dash = 0;
		} else if (c >= 'A' && c <= 'Z') {
			nr_buf_addc(&b, (char)(c - 'A' + 'a'));
			dash = 0;
		} else if (!dash && b.len > 2) {
			nr_buf_addc(&b, '-');
			dash = 1;
		}
	}
	while (b.len > 2 && b.data[b.len - 1] == '-') {
		b.data[--b.len] = '\0';
	}
	if (b.len == 2) {
		nr_buf_adds(&b, "article");
	}
	nr_buf_adds(&b, ".txt");
	return nr_buf_steal(&b);
}

static int
is_directory(const char *path)
{
	char *full = nr_path_expand(path, NULL);
	struct stat sb;
	int r = full[0] == '\0' || (full[strlen(full) - 1] == '/') || (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode));

	free(full);
	return r;
}

static int
access_exists(const char *path)
{
	char *full = nr_path_expand(path, NULL);
	struct stat sb;
	int r = lstat(full, &sb) == 0;

	free(full);
	return r;
}

static void
save_article(struct nr_view *v, const char *path, int overwrite)
{
	struct nr_err err;
	size_t len;
	char *text;

	if (path[strspn(path, " \t")] == '\0') {
		return;
	}
	if (is_directory(path)) {
		nr_view_message(v, 1, _("%s is a folder: give a file name."), path);
		return;
	}
	text = article_text(v, 0, &len);
	if (text == NULL) {
		nr_view_message(v, 1, "%s", _("No article to save."));
		return;
	}
	if (nr_save_file(path, text, len, overwrite, &err) == 0) {
		nr_view_message(v, 0, _("Saved to %s"), path);
	} else if (!overwrite && access_exists(path)) {
		free(v->save_path);
		v->save_path = xstrdup(path);
		ask(v, NR_PROMPT_OVERWRITE, NULL);
	} else {
		nr_view_message(v, 1, "%s", err.msg);
	}
	free(text);
}

/* ---- help ---- */

static const char *const help_titles[NR_CTX_COUNT] = {
	[NR_CTX_LIST] = N_("Keys in the article list"),
	[NR_CTX_READER] = N_("Keys in the reader"),
	[NR_CTX_FEEDS] = N_("Keys in the sources pane"),
};

/* The help screen: for each pane, every action that applies there with
 * the keys bound to it now, from the one actions table. The pane in focus
 * comes first. */
static void
build_help(struct nr_view *v)
{
	int order[NR_CTX_COUNT], i, a, keyw = 0;

	order[0] = (int)v->focus;
	for (i = 0, a = 1; i < NR_CTX_COUNT; i++) {
		if (i != (int)v->focus) {
			order[a++] = i;
		}
	}
	nr_wrap_free(&v->help);
	/* The width of the key column: the widest list of keys, within reason. */
	for (i = 0; i < NR_CTX_COUNT; i++) {
		for (a = 1; a < NR_ACT_COUNT; a++) {
			uint32_t keys[8];
			size_t n = nr_keymap_keys(&v->cfg->keys[i], (enum nr_action)a, keys, 8), k;
			int w = 0;

			for (k = 0; k < n && k < 8; k++) {
				char name[NR_KEY_NAME_MAX];

				nr_key_name(keys[k], name, sizeof name);
				w += nr_utf8_width(name) + (k > 0);
			}
			if (w > keyw) {
				keyw = w;
			}
		}
	}
	if (keyw > 22) {
		keyw = 22;
	}
	nr_wrap_add(&v->help, _("Scroll with the movement keys; any other key closes this help."), 1);
	for (i = 0; i < NR_CTX_COUNT; i++) {
		enum nr_context ctx = (enum nr_context)order[i];

		nr_wrap_add(&v->help, "", 0);
		nr_wrap_add(&v->help, _(help_titles[ctx]), 1);
		for (a = 1; a < NR_ACT_COUNT; a++) {
			struct nr_buf b = NR_BUF_INIT;
			uint32_t keys[8];
			size_t n, k;
			char *col;

			if ((nr_action_contexts((enum nr_action)a) & (1u << ctx)) == 0) {
				continue;
			}
			n = nr_keymap_keys(&v->cfg->keys[ctx], (enum nr_action)a, keys, 8);
			for (k = 0; k < n && k < 8; k++) {
				char name[NR_KEY_NAME_MAX];

				nr_key_name(keys[k], name, sizeof name);
				if (k > 0) {
					nr_buf_addc(&b, ' ');
				}
				nr_buf_adds(&b, name);
			}
			if (n == 0) {
				nr_buf_adds(&b, _("(no key)"));
			}
			col = nr_utf8_fit(nr_buf_str(&b), keyw, 1);
			nr_buf_reset(&b);
			nr_buf_printf(&b, "  %s  %-16s %s", col, nr_action_name((enum nr_action)a),
			    _(nr_action_help((enum nr_action)a)));
			nr_wrap_add(&v->help, nr_buf_str(&b), 0);
			free(col);
			nr_buf_free(&b);
		}
	}
}

static int
help_key(struct nr_view *v, enum nr_action act)
{
	size_t rows = v->help_rows > 0 ? (size_t)v->help_rows : 1;
	size_t max = v->help.n > rows ? v->help.n - rows : 0;
	long top = (long)v->help_top;

	switch (act) {
	case NR_ACT_UP:
		top--;
		break;
	case NR_ACT_DOWN:
		top++;
		break;
	case NR_ACT_HALF_PAGE_UP:
		top -= (long)rows / 2;
		break;
	case NR_ACT_HALF_PAGE_DOWN:
		top += (long)rows / 2;
		break;
	case NR_ACT_PAGE_UP:
		top -= (long)rows;
		break;
	case NR_ACT_PAGE_DOWN:
		top += (long)rows;
		break;
	case NR_ACT_TOP:
		top = 0;
		break;
	case NR_ACT_BOTTOM:
		top = (long)max;
		break;
	case NR_ACT_REDRAW:
		v->dirty |= NR_DIRTY_ALL;
		return 1;
	default:
		/* q and Esc included: they close the help, as in less. */
		v->help_open = 0;
		v->dirty |= NR_DIRTY_ALL;
		return 1;
	}
	if (top < 0) {
		top = 0;
	}
	if ((size_t)top > max) {
		top = (long)max;
	}
	v->help_top = (size_t)top;
	v->dirty |= NR_DIRTY_ALL;
	return 1;
}

/* ---- dispatch ---- */

enum nr_context
nr_view_context(const struct nr_view *v)
{
	return v->focus;
}

static void
list_action(struct nr_view *v, enum nr_action act)
{
	long rows = v->list_rows > 0 ? v->list_rows : 1;

	switch (act) {
	case NR_ACT_UP:
		move_by(v, -1);
		break;
	case NR_ACT_DOWN:
		move_by(v, 1);
		break;
	case NR_ACT_HALF_PAGE_UP:
		move_by(v, -(rows / 2 > 0 ? rows / 2 : 1));
		break;
	case NR_ACT_HALF_PAGE_DOWN:
		move_by(v, rows / 2 > 0 ? rows / 2 : 1);
		break;
	case NR_ACT_PAGE_UP:
		/* The page moves and the selection with it, as in mutt. */
		v->top = v->top > (size_t)rows ? v->top - (size_t)rows : 0;
		move_by(v, -rows);
		break;
	case NR_ACT_PAGE_DOWN:
		if (v->nshown > 0 && v->top + (size_t)rows < v->nshown) {
			v->top += (size_t)rows;
		}
		move_by(v, rows);
		break;
	case NR_ACT_TOP:
		jump_article(v, 0);
		break;
	case NR_ACT_BOTTOM:
		jump_article(v, 1);
		break;
	default:
		break;
	}
}

static void
reader_action(struct nr_view *v, enum nr_action act)
{
	long rows = v->reader_rows > 0 ? v->reader_rows : 1;

	switch (act) {
	case NR_ACT_UP:
		reader_scroll(v, -1);
		break;
	case NR_ACT_DOWN:
		reader_scroll(v, 1);
		break;
	case NR_ACT_HALF_PAGE_UP:
		reader_scroll(v, -(rows / 2 > 0 ? rows / 2 : 1));
		break;
	case NR_ACT_HALF_PAGE_DOWN:
		reader_scroll(v, rows / 2 > 0 ? rows / 2 : 1);
		break;
	case NR_ACT_PAGE_UP:
		reader_scroll(v, -(rows > 1 ? rows - 1 : 1));
		break;
	case NR_ACT_PAGE_DOWN:
		nr_view_prepare(v);
		/* At the end of an article the page key goes on to the
		 * next one, as in mutt's pager. */
		if (v->reader_top >= reader_max_top(v)) {
			step_article(v, 1);
		} else {
			reader_scroll(v, rows > 1 ? rows - 1 : 1);
		}
		break;
	case NR_ACT_TOP:
		reader_scroll(v, -(long)v->lines.n);
		break;
	case NR_ACT_BOTTOM:
		nr_view_prepare(v);
		reader_scroll(v, (long)v->lines.n);
		break;
	default:
		break;
	}
}

static void
feeds_action(struct nr_view *v, enum nr_action act)
{
	long rows = v->feed_rows > 0 ? v->feed_rows : 1;
	long i = (long)v->feed_sel;

	switch (act) {
	case NR_ACT_UP:
		i--;
		break;
	case NR_ACT_DOWN:
		i++;
		break;
	case NR_ACT_HALF_PAGE_UP:
		i -= rows / 2 > 0 ? rows / 2 : 1;
		break;
	case NR_ACT_HALF_PAGE_DOWN:
		i += rows / 2 > 0 ? rows / 2 : 1;
		break;
	case NR_ACT_PAGE_UP:
		i -= rows;
		break;
	case NR_ACT_PAGE_DOWN:
		i += rows;
		break;
	case NR_ACT_TOP:
		i = 0;
		break;
	case NR_ACT_BOTTOM:
		i = (long)v->nfeeds - 1;
		break;
	default:
		return;
	}
	if (i >= (long)v->nfeeds) {
		i = (long)v->nfeeds - 1;
	}
	if (i < 0) {
		i = 0;
	}
	v->feed_sel = (size_t)i;
	keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->nfeeds);
	v->dirty |= NR_DIRTY_FEEDS;
}

static void
cycle_focus(struct nr_view *v)
{
	enum nr_context order[3] = { NR_CTX_FEEDS, NR_CTX_LIST, NR_CTX_READER };
	int i, cur = 0;

	for (i = 0; i < 3; i++) {
		if (order[i] == v->focus) {
			cur = i;
		}
	}
	for (i = 1; i <= 3; i++) {
		enum nr_context c = order[(cur + i) % 3];

		if (c == NR_CTX_FEEDS && !v->show_feeds) {
			continue;
		}
		if (c == NR_CTX_READER && (v->layout == NR_LAYOUT_FULL || v->nshown == 0)) {
			continue;
		}
		v->focus = c;
		break;
	}
	v->dirty |= NR_DIRTY_ALL;
}

void
nr_view_do(struct nr_view *v, enum nr_action act)
{
	static const char *const layout_msgs[NR_LAYOUT_COUNT] = {
		N_("Layout: split (list above the reader)."),
		N_("Layout: vertical (list left of the reader)."),
		N_("Layout: full screen."),
	};

	switch (act) {
	case NR_ACT_NONE:
		return;
	case NR_ACT_QUIT:
		v->quit = 1;
		return;
	case NR_ACT_HELP:
		build_help(v);
		v->help_open = 1;
		v->help_top = 0;
		v->dirty |= NR_DIRTY_ALL;
		return;
	case NR_ACT_REDRAW:
		v->dirty |= NR_DIRTY_ALL;
		return;
	case NR_ACT_UP:
	case NR_ACT_DOWN:
	case NR_ACT_HALF_PAGE_UP:
	case NR_ACT_HALF_PAGE_DOWN:
	case NR_ACT_PAGE_UP:
	case NR_ACT_PAGE_DOWN:
	case NR_ACT_TOP:
	case NR_ACT_BOTTOM:
		if (v->focus == NR_CTX_READER) {
			reader_action(v, act);
		} else if (v->focus == NR_CTX_FEEDS) {
			feeds_action(v, act);
		} else {
			list_action(v, act);
		}
		return;
	case NR_ACT_OPEN:
		if (v->focus == NR_CTX_FEEDS) {
			switch_feed(v, v->feed_sel);
			v->focus = NR_CTX_LIST;
		} else {
			open_article(v);
		}
		return;
	case NR_ACT_CLOSE:
		close_reader(v);
		return;
	case NR_ACT_NEXT_ARTICLE:
		step_article(v, 1);
		return;
	case NR_ACT_PREV_ARTICLE:
		step_article(v, -1);
		return;
	case NR_ACT_NEXT_UNREAD:
		step_unread(v, 1);
		return;
	case NR_ACT_PREV_UNREAD:
		step_unread(v, -1);
		return;
	case NR_ACT_FIRST_ARTICLE:
		jump_article(v, 0);
		return;
	case NR_ACT_LAST_ARTICLE:
		jump_article(v, 1);
		return;
	case NR_ACT_SEARCH_FORWARD:
		v->prompt = NR_PROMPT_SEARCH_FORWARD;
		return;
	case NR_ACT_SEARCH_BACKWARD:
		v->prompt = NR_PROMPT_SEARCH_BACKWARD;
		return;
	case NR_ACT_SEARCH_NEXT:
		search_again(v, v->search_backward ? -1 : 1, 0);
		return;
	case NR_ACT_SEARCH_PREV:
		search_again(v, v->search_backward ? 1 : -1, 0);
		return;
	case NR_ACT_LIMIT:
		v->prompt = NR_PROMPT_LIMIT;
		return;
	case NR_ACT_TOGGLE_READ:
		toggle_read(v);
		return;
	case NR_ACT_TOGGLE_STAR:
		toggle_star(v);
		return;
	case NR_ACT_MARK_ALL_READ:
		if (v->focus == NR_CTX_FEEDS) {
			mark_all_read(v, v->feed_sel, 0);
		} else {
			mark_all_read(v, v->active_feed, v->limit != NULL);
		}
		return;
	case NR_ACT_CYCLE_LAYOUT:
		v->layout = (enum nr_layout)((v->layout + 1) % NR_LAYOUT_COUNT);
		if (v->layout == NR_LAYOUT_FULL && v->focus == NR_CTX_READER && !v->reader_open) {
			v->focus = NR_CTX_LIST;
		}
		nr_view_message(v, 0, "%s", _(layout_msgs[v->layout]));
		v->dirty |= NR_DIRTY_ALL;
		return;
	case NR_ACT_TOGGLE_FEEDS:
		v->show_feeds = !v->show_feeds;
		if (v->show_feeds) {
			v->focus = NR_CTX_FEEDS;
		} else if (v->focus == NR_CTX_FEEDS) {
			v->focus = NR_CTX_LIST;
		}
		v->dirty |= NR_DIRTY_ALL;
		return;
	case NR_ACT_FOCUS_NEXT:
		cycle_focus(v);
		return;
	case NR_ACT_RELOAD:
	case NR_ACT_RELOAD_ALL:
		reload(v, act == NR_ACT_RELOAD_ALL);
		return;
	case NR_ACT_SHOW_ERRORS:
		show_errors(v);
		return;
	case NR_ACT_OPEN_LINK:
		if (load_selected(v) == NULL) {
			return;
		}
		if (v->links.n == 0) {
			nr_view_message(v, 1, "%s", _("This article has no links."));
		} else if (v->links.n == 1) {
			open_url(v, v->links.v[0].url);
		} else {
			ask(v, NR_PROMPT_OPEN_LINK, NULL);
		}
		return;
	case NR_ACT_OPEN_BROWSER:
		if (nr_view_selected(v) != NULL) {
			open_url(v, nr_view_selected(v)->link);
		}
		return;
	case NR_ACT_PIPE:
	case NR_ACT_PIPE_RAW:
		if (nr_view_selected(v) != NULL) {
			ask(v, act == NR_ACT_PIPE ? NR_PROMPT_PIPE : NR_PROMPT_PIPE_RAW, NULL);
		}
		return;
	case NR_ACT_SAVE:
		if (nr_view_selected(v) != NULL) {
			char *name = save_name(nr_view_selected(v));

			ask(v, NR_PROMPT_SAVE, name);
			free(name);
		}
		return;
	default:
		nr_view_message(v, 1, _("'%s' is not available in this version."), nr_action_name(act));
		return;
	}
}

enum nr_action
nr_view_key(struct nr_view *v, uint32_t key)
{
	enum nr_context ctx = v->focus;
	enum nr_action act;

	act = nr_keymap_lookup(&v->cfg->keys[ctx], key);
	if (v->help_open) {
		help_key(v, act);
		return act;
	}
	if (v->msg[0] != '\0') {
		/* A message stays until the next key. */
		v->msg[0] = '\0';
		v->msg_error = 0;
		v->dirty |= NR_DIRTY_STATUS;
	}
	if (act == NR_ACT_NONE && ctx == NR_CTX_READER && key >= '1' && key <= '9') {
		/* A digit in the reader starts the link number. */
		char digit[2] = { (char)key, '\0' };

		if (load_selected(v) != NULL && v->links.n > 0) {
			ask(v, NR_PROMPT_OPEN_LINK, digit);
		} else {
			nr_view_message(v, 1, "%s", _("This article has no links."));
		}
		return NR_ACT_OPEN_LINK;
	}
	if (act == NR_ACT_NONE) {
		char name[NR_KEY_NAME_MAX];

		nr_key_name(key, name, sizeof name);
		nr_view_message(v, 1, _("Key %s is not bound here (F1 or H shows the keys)."), name);
		return act;
	}
	nr_view_do(v, act);
	return act;
}

/* ---- sizes and the mouse ---- */

void
nr_view_set_size(struct nr_view *v, int list_rows, int reader_rows, int reader_cols, int feed_rows,
    int help_rows)
{
	v->list_rows = list_rows;
	v->reader_rows = reader_rows;
	v->feed_rows = feed_rows;
	v->help_rows = help_rows;
	keep_visible(v->sel, &v->top, list_rows, v->nshown);
	keep_visible(v->feed_sel, &v->feed_top, feed_rows, v->nfeeds);
	if (reader_cols != v->reader_cols) {
		size_t off = text_offset(&v->lines, v->reader_top);

		v->reader_cols = reader_cols;
		if (v->reader_rowid != 0) {
			wrap_reader(v);
			v->reader_top = off > 0 ? line_at_offset(&v->lines, off) : 0;
		}
	}
	if (v->reader_top > reader_max_top(v) && v->reader_rowid != 0) {
		v->reader_top = reader_max_top(v);
	}
	if (v->help_open) {
		size_t rows = help_rows > 0 ? (size_t)help_rows : 1;

		if (v->help_top + rows > v->help.n) {
			v->help_top = v->help.n > rows ? v->help.n - rows : 0;
		}
	}
	v->dirty |= NR_DIRTY_ALL;
}

void
nr_view_click_list(struct nr_view *v, int row, int open)
{
	size_t i = v->top + (size_t)(row > 0 ? row : 0);

	if (i >= v->nshown) {
		return;
	}
	v->focus = NR_CTX_LIST;
	select_article(v, i);
	if (open) {
		open_article(v);
	}
	v->dirty |= NR_DIRTY_ALL;
}

void
nr_view_click_feeds(struct nr_view *v, int row, int open)
{
	size_t i = v->feed_top + (size_t)(row > 0 ? row : 0);

	if (i >= v->nfeeds) {
		return;
	}
	v->focus = NR_CTX_FEEDS;
	v->feed_sel = i;
	if (open) {
		switch_feed(v, i);
		v->focus = NR_CTX_LIST;
	}
	v->dirty |= NR_DIRTY_ALL;
}

void
nr_view_click_reader(struct nr_view *v)
{
	if (v->nshown > 0) {
		v->focus = NR_CTX_READER;
		v->dirty |= NR_DIRTY_ALL;
	}
}

void
nr_view_scroll(struct nr_view *v, enum nr_context pane, int lines)
{
	if (v->help_open) {
		help_key(v, lines < 0 ? NR_ACT_UP : NR_ACT_DOWN);
		return;
	}
	switch (pane) {
	case NR_CTX_READER:
		reader_scroll(v, lines);
		break;
	case NR_CTX_FEEDS: {
		long i = (long)v->feed_sel + lines;

		if (i >= (long)v->nfeeds) {
			i = (long)v->nfeeds - 1;
		}
		v->feed_sel = i < 0 ? 0 : (size_t)i;
		keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->nfeeds);
		v->dirty |= NR_DIRTY_FEEDS;
		break;
	}
	default:
		move_by(v, lines);
		break;
	}
}

/* ---- life ---- */

/* Read the feeds and articles of the store into v (whose feeds, all,
 * arena and shown are empty), all of them shown. */
static int
load_all(struct nr_view *v, struct nr_err *err)
{
	struct loader ld;
	size_t i;

	v->feeds = xcalloc(1, sizeof *v->feeds);
	v->feeds[0].title = xstrdup(_("All articles"));
	v->feeds[0].location = xstrdup("");
	v->nfeeds = 1;
	memset(&ld, 0, sizeof ld);
	ld.v = v;
	if (nr_store_feeds(v->store, add_feed, &ld, err) < 0) {
		free(ld.ids);
		return -1;
	}
	if (ld.nids > 1) {
		qsort(ld.ids, ld.nids, sizeof *ld.ids, cmp_feed_index);
	}
	if (nr_store_list(v->store, 0, 0, add_row, &ld, err) < 0) {
		free(ld.ids);
		return -1;
	}
	free(ld.ids);
	sort_articles(v);
	for (i = 0; i < v->nall; i++) {
		struct nr_view_feed *f = &v->feeds[v->all[i].feed];

		f->total++;
		v->feeds[0].total += f != v->feeds;
		if (!v->all[i].read) {
			f->unread++;
			v->feeds[0].unread += f != v->feeds;
		}
	}
	v->shown = xreallocarray(NULL, v->nall ? v->nall : 1, sizeof *v->shown);
	for (i = 0; i < v->nall; i++) {
		v->shown[i] = i;
	}
	v->nshown = v->nall;
	return 0;
}

static void
free_loaded(struct nr_view_feed *feeds, size_t nfeeds, struct nr_view_article *all, size_t *shown, void *arena)
{
	struct nr_view tmp;
	size_t i;

	for (i = 0; i < nfeeds; i++) {
		free(feeds[i].title);
		free(feeds[i].location);
	}
	free(feeds);
	free(all);
	free(shown);
	tmp.arena = arena;
	arena_free(&tmp);
}

static void mark_failures(struct nr_view *v);

int
nr_view_refresh(struct nr_view *v, struct nr_err *err)
{
	struct nr_view_feed *ofeeds = v->feeds;
	struct nr_view_article *oall = v->all;
	size_t *oshown = v->shown, onfeeds = v->nfeeds, onall = v->nall, onshown = v->nshown, i;
	void *oarena = v->arena;
	const struct nr_view_article *cur = nr_view_selected(v);
	int64_t keep = cur != NULL ? cur->rowid : 0;
	int64_t active = v->feeds[v->active_feed].id, fsel = v->feeds[v->feed_sel].id;
	size_t row = v->sel >= v->top ? v->sel - v->top : 0, frow = v->feed_sel >= v->feed_top ?
	    v->feed_sel - v->feed_top : 0;

	v->feeds = NULL;
	v->all = NULL;
	v->shown = NULL;
	v->arena = NULL;
	v->nfeeds = v->nall = v->nshown = 0;
	if (load_all(v, err) < 0) {
		free_loaded(v->feeds, v->nfeeds, v->all, v->shown, v->arena);
		v->feeds = ofeeds;
		v->all = oall;
		v->shown = oshown;
		v->arena = oarena;
		v->nfeeds = onfeeds;
		v->nall = onall;
		v->nshown = onshown;
		return -1;
	}
	free_loaded(ofeeds, onfeeds, oall, oshown, oarena);
	/* The same source and the same article stay selected, on the same
	 * row of the screen. */
	v->active_feed = 0;
	v->feed_sel = 0;
	for (i = 0; i < v->nfeeds; i++) {
		if (v->feeds[i].id == active) {
			v->active_feed = i;
		}
		if (v->feeds[i].id == fsel) {
			v->feed_sel = i;
		}
	}
	mark_failures(v);
	v->stale = 0;
	v->feed_top = v->feed_sel >= frow ? v->feed_sel - frow : 0;
	keep_visible(v->feed_sel, &v->feed_top, v->feed_rows, v->nfeeds);
	filter_shown(v, keep);
	v->top = v->sel >= row ? v->sel - row : 0;
	keep_visible(v->sel, &v->top, v->list_rows, v->nshown);
	v->dirty |= NR_DIRTY_ALL;
	return 0;
}

struct nr_view *
nr_view_new(struct nr_store *store, const struct nr_config *cfg, struct nr_err *err)
{
	struct nr_view *v = xcalloc(1, sizeof *v);

	v->store = store;
	v->cfg = cfg;
	v->layout = cfg->layout;
	v->show_feeds = cfg->show_feeds;
	v->focus = NR_CTX_LIST;
	if (load_all(v, err) < 0) {
		nr_view_free(v);
		return NULL;
	}
	v->list_rows = 1;
	v->reader_rows = 1;
	v->feed_rows = 1;
	v->help_rows = 1;
	v->reader_cols = 80;
	v->dirty = NR_DIRTY_ALL;
	return v;
}

void
nr_view_free(struct nr_view *v)
{
	if (v == NULL) {
		return;
	}
	free_loaded(v->feeds, v->nfeeds, v->all, v->shown, v->arena);
	v->arena = NULL;
	free(v->limit);
	free(v->search);
	free(v->body);
	free(v->prompt_init);
	free(v->save_path);
	nr_links_free(&v->links);
	nr_wrap_free(&v->lines);
	nr_wrap_free(&v->help);
	free(v);
}
