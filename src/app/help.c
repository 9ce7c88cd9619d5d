/*
 * The help and error screens of the interface's controller: the keys in
 * effect for each pane, built from the one actions table and the bindings
 * of the configuration, and the failures of the last update; both shown
 * in the help overlay, which scrolls with the movement keys and closes on
 * any other.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/view_int.h"
#include "config/keys.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "util/utf8.h"

static const char *const help_titles[NR_CTX_COUNT] = {
	[NR_CTX_LIST] = N_("Keys in the article list"),
	[NR_CTX_READER] = N_("Keys in the reader"),
	[NR_CTX_FEEDS] = N_("Keys in the sources pane"),
};

/* The help screen: for each pane, every action that applies there with
 * the keys bound to it now, from the one actions table. The pane in focus
 * comes first. */
void
help_build(struct nr_view *v)
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

/* link-list: the links of the selected article (loaded as open-link
 * loads them), one a row under a heading, in the help overlay; the first
 * is chosen. Rows are not wrapped: a long URL is cut at the overlay's
 * edge, so that a row is a link. */
void
help_show_links(struct nr_view *v, int unused)
{
	size_t i;

	(void)unused;
	if (reader_load_selected(v) == NULL) {
		nr_view_message(v, 1, "%s", _("No articles."));
		return;
	}
	if (v->links.n == 0) {
		nr_view_message(v, 1, "%s", _("This article has no links."));
		return;
	}
	nr_wrap_free(&v->help);
	nr_wrap_add(&v->help, _("Links of the article (Enter opens one in the browser, q closes the list)"), 1);
	for (i = 0; i < v->links.n; i++) {
		const struct nr_link *l = &v->links.v[i];
		const char *kind = nr_render_link_kind(l->kind);
		char *line;

		if (kind != NULL && l->note != NULL) {
			line = xasprintf("%4zu  %s (%s, %s)", i + 1, l->url, kind, l->note);
		} else if (kind != NULL) {
			line = xasprintf("%4zu  %s (%s)", i + 1, l->url, kind);
		} else {
			line = xasprintf("%4zu  %s", i + 1, l->url);
		}
		nr_wrap_add(&v->help, line, 0);
		free(line);
	}
	v->help_open = 1;
	v->links_open = 1;
	v->links_sel = 0;
	v->help_top = 0;
	v->dirty |= NR_DIRTY_ALL;
}

/* An action in the link list (the article list's keys): the movement
 * keys choose, open opens the chosen link in the browser through
 * open-link's own code and leaves the list open for another, quit quits,
 * any other key (q, Esc) closes it. */
static void
links_key(struct nr_view *v, enum nr_action act)
{
	size_t rows = v->help_rows > 1 ? (size_t)v->help_rows - 1 : 1;
	long sel = (long)v->links_sel, n = (long)v->links.n;

	switch (act) {
	case NR_ACT_UP:
		sel--;
		break;
	case NR_ACT_DOWN:
		sel++;
		break;
	case NR_ACT_HALF_PAGE_UP:
		sel -= (long)(rows / 2 > 0 ? rows / 2 : 1);
		break;
	case NR_ACT_HALF_PAGE_DOWN:
		sel += (long)(rows / 2 > 0 ? rows / 2 : 1);
		break;
	case NR_ACT_PAGE_UP:
		sel -= (long)rows;
		break;
	case NR_ACT_PAGE_DOWN:
		sel += (long)rows;
		break;
	case NR_ACT_TOP:
		sel = 0;
		break;
	case NR_ACT_BOTTOM:
		sel = n - 1;
		break;
	case NR_ACT_OPEN:
		if (v->links_sel < v->links.n) {
			send_open_url(v, v->links.v[v->links_sel].url);
		}
		v->dirty |= NR_DIRTY_ALL;
		return;
	case NR_ACT_REDRAW:
		v->dirty |= NR_DIRTY_ALL;
		return;
	case NR_ACT_QUIT:
		v->quit = 1;
		return;
	default:
		v->help_open = 0;
		v->links_open = 0;
		v->dirty |= NR_DIRTY_ALL;
		return;
	}
	if (sel >= n) {
		sel = n - 1;
	}
	if (sel < 0) {
		sel = 0;
	}
	v->links_sel = (size_t)sel;
	/* Its row (after the heading) on screen. */
	view_keep_visible(v->links_sel + 1, &v->help_top, v->help_rows, v->help.n);
	if (v->links_sel == 0) {
		v->help_top = 0;
	}
	v->dirty |= NR_DIRTY_ALL;
}

void
help_key(struct nr_view *v, enum nr_action act)
{
	size_t rows = v->help_rows > 0 ? (size_t)v->help_rows : 1;
	size_t max = v->help.n > rows ? v->help.n - rows : 0;
	long top = (long)v->help_top;

	if (v->links_open) {
		links_key(v, act);
		return;
	}

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
		return;
	default:
		/* q and Esc included: they close the help, as in less. */
		v->help_open = 0;
		v->dirty |= NR_DIRTY_ALL;
		return;
	}
	if (top < 0) {
		top = 0;
	}
	if ((size_t)top > max) {
		top = (long)max;
	}
	v->help_top = (size_t)top;
	v->dirty |= NR_DIRTY_ALL;
}

/* Whether the updater's failure f is of no row of the sources pane (the
 * [sync] round, a URL given on the command line). */
static int
rowless(const struct nr_view *v, const struct nr_update_feed *f)
{
	size_t i;

	for (i = 1; i < v->nfeeds; i++) {
		if (f->url != NULL && strcmp(v->feeds[i].location, f->url) == 0) {
			return 0;
		}
	}
	return 1;
}

/* What a failed feed is called when it has no row, or its row no title
 * yet: its configured title, else its [feed NAME], else its URL. */
static const char *
failure_title(const struct nr_update_feed *u, const char *location)
{
	if (u != NULL && u->title != NULL && u->title[0] != '\0') {
		return u->title;
	}
	if (u != NULL && u->label != NULL && u->label[0] != '\0') {
		return u->label;
	}
	return location != NULL ? location : "";
}

/* One failure in the overlay: where, then "name: why". */
static void
add_failure(struct nr_view *v, const char *where, const char *name, const char *why, int cols)
{
	char *line = xasprintf("%s: %s", name, why != NULL ? why : "");
	char *clean = nr_utf8_sanitize(line, strlen(line), NR_SAN_COLLAPSE);

	nr_wrap_add(&v->help, "", 0);
	nr_wrap_text(&v->help, where != NULL ? where : "", cols, 1);
	nr_wrap_text(&v->help, clean, cols, 0);
	free(clean);
	free(line);
}

/* The feeds whose last fetch failed (in this run, an earlier one or a
 * cron --update: the store remembers), each by its title, its URL and
 * why; then the updater's failures that are of no feed row (the [sync]
 * round). In the help overlay. */
void
help_show_errors(struct nr_view *v)
{
	const struct nr_update_feed **fails = NULL;
	size_t nfails = v->updater != NULL ? nr_updater_failures(v->updater, &fails) : 0, n = 0, i;
	int cols = v->reader_cols > 20 ? v->reader_cols : NR_RENDER_WIDTH;

	for (i = 1; i < v->nfeeds; i++) {
		n += v->feeds[i].failed;
	}
	for (i = 0; i < nfails; i++) {
		n += rowless(v, fails[i]);
	}
	if (n == 0) {
		nr_view_message(v, 0, "%s", _("No feed failed."));
		return;
	}
	nr_wrap_free(&v->help);
	nr_wrap_add(&v->help, _("Feeds whose last fetch failed"), 1);
	for (i = 1; i < v->nfeeds; i++) {
		const struct nr_view_feed *f = &v->feeds[i];
		const struct nr_update_feed *u = v->updater != NULL ? nr_updater_failure(v->updater, f->location) : NULL;

		if (f->failed) {
			add_failure(v, f->location, f->title[0] != '\0' ? f->title : failure_title(u, f->location), f->error != NULL ? f->error : u != NULL ? u->error : NULL,
			    cols);
		}
	}
	for (i = 0; i < nfails; i++) {
		if (rowless(v, fails[i])) {
			add_failure(v, fails[i]->url, failure_title(fails[i], fails[i]->url), fails[i]->error, cols);
		}
	}
	nr_wrap_add(&v->help, "", 0);
	nr_wrap_add(&v->help, _("Any key closes this list."), 1);
	v->help_open = 1;
	v->help_top = 0;
	v->dirty |= NR_DIRTY_ALL;
}

void
help_fit(struct nr_view *v)
{
	size_t rows = v->help_rows > 0 ? (size_t)v->help_rows : 1;

	if (v->help_open && v->help_top + rows > v->help.n) {
		v->help_top = v->help.n > rows ? v->help.n - rows : 0;
	}
	if (v->links_open) {
		/* The chosen link stays on screen. */
		view_keep_visible(v->links_sel + 1, &v->help_top, v->help_rows, v->help.n);
	}
}
