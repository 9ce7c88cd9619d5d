/* What the files of the interface's controller share and nothing else
 * sees: app/view.h is the interface's side, this is the inside. view.c
 * keeps the list, the selection, navigation and the dispatch of actions;
 * reader.c the reader pipeline (render, wrap, scroll, search in the text);
 * help.c the help and error screens; send.c hands the article to the
 * browser, a pipe command or a file; schedule.c keeps the view up to date
 * (the updater, its schedule, reloading). Each function here is named after
 * the file that defines it. */
#ifndef NR_APP_VIEW_INT_H
#define NR_APP_VIEW_INT_H

#include <stddef.h>

#include "app/view.h"
#include "config/actions.h"
#include "render/render.h"
#include "render/wrap.h"

/* view.c */

/* The movement actions, as the handlers of the dispatch table take them:
 * each pane moves its own way (the list's selection, the reader's text,
 * the sources pane's selection). */
enum view_move {
	VIEW_LINE_UP,
	VIEW_LINE_DOWN,
	VIEW_HALF_UP,
	VIEW_HALF_DOWN,
	VIEW_PAGE_UP,
	VIEW_PAGE_DOWN,
	VIEW_TOP,
	VIEW_BOTTOM
};

/* Whether pattern p (NULL: none) is in s, without regard to case by
 * Unicode's folding (util/fold.h). */
int view_find(struct nr_fold_pat *p, const char *s);
/* Move *top so that row sel of n shows in rows rows. */
void view_keep_visible(size_t sel, size_t *top, int rows, size_t n);
/* The selected article (writable), or NULL if the view is empty. */
struct nr_view_article *view_selected(struct nr_view *v);
/* Select row i of the list (clamped), keeping it on screen. */
void view_select(struct nr_view *v, size_t i);
/* Mark a read or unread, in the store at once and in the counts. Returns 0,
 * or -1 when the store refused (locked, read only, full): nothing changed,
 * and the status line says why. */
int view_set_read(struct nr_view *v, struct nr_view_article *a, int read);
/* Work the view does between keys: a slice of the list's ids while its
 * count is not known. Returns whether work is left (the interface then
 * waits for keys no longer than it takes to look). */
int view_background(struct nr_view *v);
/* How long a count may take at once (nr_view_set_count_budget). */
long view_count_budget(void);
/* Whether view_background has work to do. */
int view_pending(const struct nr_view *v);
/* Show the selected article in the reader and give it the focus. */
void view_open_article(struct nr_view *v);
/* Next or previous article (dir 1 or -1); in the reader it opens. */
void view_step_article(struct nr_view *v, int dir);
/* The status line says the search pattern was not found. */
void view_not_found(struct nr_view *v);
/* Ask the interface to prompt for p, its text starting as init. */
void view_ask(struct nr_view *v, enum nr_prompt p, const char *init);

/* reader.c */

/* The last top line that still fills the reader. */
size_t reader_max_top(const struct nr_view *v);
/* Article a with body (of type) rendered at cols columns into out: the
 * header, the body with its links numbered into links, the enclosures and
 * the list of links. */
void reader_render(const struct nr_view *v, const struct nr_view_article *a, const char *body, int type, int cols,
    struct nr_wrap *out, struct nr_links *links);
/* The body of a as stored (content, else summary): a new string or NULL,
 * its type in *type. */
char *reader_fetch_body(struct nr_view *v, const struct nr_view_article *a, int *type);
/* Make sure the reader holds the selected article, also when the layout
 * hides the reader (so that its links are known). */
const struct nr_view_article *reader_load_selected(struct nr_view *v);
/* Scroll the reader by delta lines, within the text. */
void reader_scroll(struct nr_view *v, long delta);
/* Search the reader's text for v->search in direction dir. */
void reader_search(struct nr_view *v, int dir, int include_current);
/* A movement (enum view_move) in the reader: scroll; a page down at the
 * end goes on to the next article. */
void reader_move(struct nr_view *v, int move);
/* Wrap the reader again at cols columns, at the same place in the text. */
void reader_set_width(struct nr_view *v, int cols);
/* The columns the reader's text is wrapped to: the pane's, at most the
 * configuration's text_width. */
int reader_text_width(const struct nr_view *v);

/* help.c */

/* The help screen from the actions table with the keys in effect. */
void help_build(struct nr_view *v);
/* An action while the help (or the errors list) is open: scroll keys
 * scroll, any other closes it. */
void help_key(struct nr_view *v, enum nr_action act);
/* Keep the help's scroll within its text after a resize. */
void help_fit(struct nr_view *v);
/* The failures of the last update, in the help overlay. */
void help_show_errors(struct nr_view *v);
/* link-list: the selected article's links in the overlay, to choose one
 * with the movement keys and open it (help_key takes the keys). */
void help_show_links(struct nr_view *v, int unused);

/* send.c */

/* Open url with the configured browser (never through a shell). */
void send_open_url(struct nr_view *v, const char *url);
/* Open the selected article's link numbered text (the prompt's answer). */
void send_open_link(struct nr_view *v, const char *text);
/* Pipe the article (as rendered, or its source with raw) to command. */
void send_pipe(struct nr_view *v, const char *command, int raw);
/* Save the rendered article to path; asks before replacing a file
 * unless overwrite is set. */
void send_save(struct nr_view *v, const char *path, int overwrite);
/* The file name the save prompt proposes for a: a new string. */
char *send_save_name(const struct nr_view_article *a);

/* pane.c */

/* The tags of the configuration, in the order they first appear (once,
 * when the view is made). */
void pane_init_tags(struct nr_view *v);
/* After the feeds are read: each feed's configured source, and the feeds
 * of each tag. */
void pane_map_feeds(struct nr_view *v);
/* Build the rows again (after a load, a toggle, a collapse), the same row
 * staying selected if it is still there. */
void pane_build(struct nr_view *v);
/* The sources pane's own actions: expand or collapse the selected tag,
 * show or hide the rows with nothing unread. */
void pane_toggle_tag(struct nr_view *v, int unused);
void pane_toggle_read_feeds(struct nr_view *v, int unused);
void pane_free(struct nr_view *v);

/* schedule.c */

/* End the updates: the updater (and any fetch still running) is freed. */
void schedule_stop(struct nr_view *v);
/* Flag the sources pane's rows whose last fetch failed. */
void schedule_mark_failures(struct nr_view *v);
/* Read the selected source again (all of them with all): local sources at
 * once, feeds on the web through the updater. */
void schedule_reload(struct nr_view *v, int all);
/* full-text: the selected article's web page fetched by the updater;
 * reader mode's article replaces its summary when it comes. */
void schedule_full_text(struct nr_view *v, int unused);
/* toggle-summary: the feed's own text of the selected article, or the
 * full text again. */
void reader_toggle_summary(struct nr_view *v, int unused);

/* filters.c */

/* Add a row to the sources pane for each [query NAME] of the
 * configuration, with its counts from the store. */
void filters_add_queries(struct nr_view *v);
/* Make filter_where again from where, the limit expression and the
 * active query row, and ask the store whether the scope leaves a source
 * out (filter_shown does, before it reads the list). */
void filters_update(struct nr_view *v);
/* A mark of article rowid is about to change (before) and has changed
 * (after; was_unread and unread: whether it was unread and is now): each
 * query row's count follows it. */
void filters_mark_before(struct nr_view *v, int64_t rowid);
void filters_mark_after(struct nr_view *v, int64_t rowid, int was_unread, int unread);
/* Count every query row again (after marks in bulk, a deletion). */
void filters_recount(struct nr_view *v);
/* A slice of a query row's count not done yet; whether one was left. */
int filters_background(struct nr_view *v);
/* The list's count when the list is a query row alone (its count) or a
 * limit expression alone (from the sources' counts, or if quick): 1 with
 * *total and *unread, 0 if the list is not of that kind, -1 if it is and
 * counting would take too long. */
int filters_count(struct nr_view *v, long *total, long *unread);
/* The limit prompt's answer as a filter expression: 1 if it is one (set),
 * 0 if it is words, -1 if it meant to be one and is wrong (said in the
 * status line, the limit unchanged). */
int filters_limit(struct nr_view *v, const char *text);
/* Free what filters.c keeps in v. */
void filters_free(struct nr_view *v);
/* Whether src (one of v->cfg's sources) was unsubscribed from in this run:
 * for the rest of it, as if it were not in the configuration. */
int filters_dropped(const struct nr_view *v, const struct nr_source *src);
/* Delete the selected article for good, or unsubscribe from the selected
 * source (after the user said yes to the prompt). */
void filters_delete_article(struct nr_view *v);
void filters_unsubscribe(struct nr_view *v);
/* The actions: ask first. */
void filters_act_delete(struct nr_view *v, int arg);
void filters_act_unsubscribe(struct nr_view *v, int arg);

#endif
