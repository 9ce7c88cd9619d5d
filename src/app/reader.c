/*
 * The reader pipeline of the interface's controller: an article from the
 * store rendered to wrapped lines (header, body, numbered links), the
 * reader's scroll and position, re-wrapping at a new width at the same
 * place in the text, and search in the text. The article is read from the
 * store only when the screen shows it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/view_int.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "util/date.h"

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

size_t
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

/* An enclosure's type and size as the link list shows them ("audio/mpeg,
 * 24.6 MB"), each left out when the feed does not say it. Sizes in
 * decimal units, as podcast players show them. */
static void
enclosure_note(const char *type, long long length, char *buf, size_t size)
{
	static const char *const units[] = { "kB", "MB", "GB", "TB" };
	char len[32] = "";
	double n = (double)length;
	size_t u = 0;

	if (length >= 1000) {
		n /= 1000;
		while (n >= 1000 && u + 1 < sizeof units / sizeof units[0]) {
			n /= 1000;
			u++;
		}
		snprintf(len, sizeof len, "%.1f %s", n, units[u]);
	} else if (length >= 0) {
		snprintf(len, sizeof len, ngettext("%lld byte", "%lld bytes", (unsigned long)length), length);
	}
	snprintf(buf, size, "%s%s%s", type != NULL ? type : "", type != NULL && type[0] != '\0' && len[0] != '\0'
	    ? ", " : "", len);
}

/* The article a with body (of type) rendered at cols columns into out:
 * the header, the body with its links numbered into links, the
 * enclosures, and the list of links. */
void
reader_render(const struct nr_view *v, const struct nr_view_article *a, const char *body, int type, int cols,
    struct nr_wrap *out, struct nr_links *links)
{
	nr_reader_render_article(v->feeds[a->feed].title, a, body, type, cols, out, links);
}

void
nr_reader_render_article(const char *source, const struct nr_view_article *a, const char *body, int type,
    int cols, struct nr_wrap *out, struct nr_links *links)
{
	struct nr_render_opts ro;
	char date[128];

	nr_wrap_text(out, a->title[0] != '\0' ? a->title : _("(no title)"), cols, NR_LINE_TITLE);
	add_header(out, _("Source:"), source, cols, NR_LINE_HEADER);
	add_header(out, _("Author:"), a->author, cols, NR_LINE_HEADER);
	nr_date_format(a->published, "%a, %d %b %Y %H:%M", date, sizeof date);
	add_header(out, _("Date:"), date, cols, NR_LINE_HEADER);
	add_header(out, _("Link:"), a->link, cols, NR_LINE_LINK);
	nr_wrap_add(out, "", NR_LINE_BODY);
	ro.width = cols;
	ro.base = a->link;
	ro.tag = NR_LINE_BODY;
	ro.cut = NULL;
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

		/* Lines of URL, tab, type, tab, length. */
		while (*p != '\0') {
			size_t n = strcspn(p, "\n"), u = strcspn(p, "\t\n");
			char *url = xstrndup(p, u), *mime = NULL, note[160];
			long long length = -1;

			if (u < n) {
				size_t t = strcspn(p + u + 1, "\t\n");

				mime = xstrndup(p + u + 1, t);
				if (u + 1 + t < n) {
					length = strtoll(p + u + 2 + t, NULL, 10);
				}
			}
			enclosure_note(mime, length, note, sizeof note);
			nr_links_set_note(links, nr_links_add(links, url, NR_LINK_ENCLOSURE), note[0] != '\0' ? note : NULL);
			free(url);
			free(mime);
			p += n;
			p += *p == '\n';
		}
	}
	nr_render_link_list(out, links, &ro);
}

/* The columns the reader's text is wrapped to: the pane's, at most
 * text_width (lines of 60 to 80 characters read best on a wide screen). */
int
reader_text_width(const struct nr_view *v)
{
	int cols = v->reader_cols > 0 ? v->reader_cols : 1;

	return v->cfg->text_width > 0 && cols > v->cfg->text_width ? v->cfg->text_width : cols;
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
	reader_render(v, a, v->body, v->body_type, reader_text_width(v), &v->lines, &v->links);
}

/* The body of a as stored (content, else summary): a new string or NULL,
 * its type in *type. */
char *
reader_fetch_body(struct nr_view *v, const struct nr_view_article *a, int *type)
{
	struct nr_item item;
	struct nr_err err;
	char *body = NULL;

	*type = NR_BODY_NONE;
	nr_item_init(&item);
	if (nr_store_get_body(v->store, a->rowid, &item, &err) < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	} else if (v->summary_rowid == a->rowid && item.summary != NULL && item.summary[0] != '\0') {
		/* toggle-summary: the feed's own text. */
		body = item.summary;
		item.summary = NULL;
		*type = (int)item.summary_type;
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
	v->body = reader_fetch_body(v, a, &v->body_type);
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
		/* What reader mode had to say of this page (no article found,
		 * a charset read otherwise than declared), when it is read. */
		if (a->note != NULL && v->focus == NR_CTX_READER) {
			nr_view_message(v, 0, "%s", a->note);
		}
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

void
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

void
reader_search(struct nr_view *v, int dir, int include_current)
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

		if (view_find(v->search_pat, v->lines.lines[i].text)) {
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
	view_not_found(v);
}

/* Make sure the reader holds the selected article (also when the layout
 * hides the reader), so that its links are known. */
const struct nr_view_article *
reader_load_selected(struct nr_view *v)
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

/* A movement key in the reader scrolls the text. */
void
reader_move(struct nr_view *v, int move)
{
	long rows = v->reader_rows > 0 ? v->reader_rows : 1;

	switch ((enum view_move)move) {
	case VIEW_LINE_UP:
		reader_scroll(v, -1);
		break;
	case VIEW_LINE_DOWN:
		reader_scroll(v, 1);
		break;
	case VIEW_HALF_UP:
		reader_scroll(v, -(rows / 2 > 0 ? rows / 2 : 1));
		break;
	case VIEW_HALF_DOWN:
		reader_scroll(v, rows / 2 > 0 ? rows / 2 : 1);
		break;
	case VIEW_PAGE_UP:
		reader_scroll(v, -(rows > 1 ? rows - 1 : 1));
		break;
	case VIEW_PAGE_DOWN:
		nr_view_prepare(v);
		/* At the end of an article the page key goes on to the
		 * next one, as in mutt's pager. */
		if (v->reader_top >= reader_max_top(v)) {
			view_step_article(v, 1);
		} else {
			reader_scroll(v, rows > 1 ? rows - 1 : 1);
		}
		break;
	case VIEW_TOP:
		reader_scroll(v, -(long)v->lines.n);
		break;
	case VIEW_BOTTOM:
		nr_view_prepare(v);
		reader_scroll(v, (long)v->lines.n);
		break;
	}
}

void
reader_set_width(struct nr_view *v, int cols)
{
	if (cols != v->reader_cols) {
		size_t off = text_offset(&v->lines, v->reader_top);

		v->reader_cols = cols;
		if (v->reader_rowid != 0) {
			wrap_reader(v);
			v->reader_top = off > 0 ? line_at_offset(&v->lines, off) : 0;
		}
	}
	if (v->reader_top > reader_max_top(v) && v->reader_rowid != 0) {
		v->reader_top = reader_max_top(v);
	}
}

void
reader_toggle_summary(struct nr_view *v, int unused)
{
	const struct nr_view_article *a = nr_view_selected(v);
	struct nr_item item;
	struct nr_err err;
	int both;

	(void)unused;
	if (a == NULL) {
		return;
	}
	nr_item_init(&item);
	both = nr_store_get_body(v->store, a->rowid, &item, &err) == 0 && item.summary != NULL
	    && item.summary[0] != '\0' && item.content != NULL && item.content[0] != '\0';
	nr_item_clear(&item);
	if (!both) {
		nr_view_message(v, 0, "%s", _("This article has one text only (F fetches the full text)."));
		return;
	}
	v->summary_rowid = v->summary_rowid == a->rowid ? 0 : a->rowid;
	/* Wrapped again from the other text, from its top. */
	v->reader_rowid = 0;
	v->reader_top = 0;
	nr_view_prepare(v);
	v->dirty |= NR_DIRTY_READER | NR_DIRTY_STATUS;
	nr_view_message(v, 0, "%s", v->summary_rowid != 0 ? _("The feed's own text (T: the full text).")
	    : _("The full text (T: the feed's own text)."));
}
