/* The interface's controller, without curses: the articles in view (all of
 * them, one source's, or those a limit pattern matches), the selection and
 * scroll of each pane, the sources pane, focus and layout, the reader's
 * wrapped text, search, marking, help and status messages, and the updates
 * while the interface runs (the view owns the updater and decides when
 * feeds are fetched and the list read again). Every action of the actions
 * table runs through the view's dispatch table, so all behaviour except
 * drawing is tested without a terminal. The interface tells the view the
 * size of its panes, draws what the view holds and waits as long as the
 * view allows; state changes are saved to the store at once. */
#ifndef NR_APP_VIEW_H
#define NR_APP_VIEW_H

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "app/clock.h"
#include "app/update.h"
#include "config/settings.h"
#include "core/err.h"
#include "render/render.h"
#include "render/wrap.h"
#include "store/store.h"
#include "util/fold.h"

/* One article as the list shows it (strings belong to the view). */
struct nr_view_article {
	int64_t rowid;
	int64_t published;
	const char *title;
	const char *author;
	const char *link;
	const char *enclosures; /* the enclosures, one a line: URL, tab, type, tab, length (-1: unknown); or NULL */
	const char *note;       /* reader mode's note for the status line, or NULL */
	size_t feed;            /* index into feeds (0 is "all", never used here) */
	unsigned char read, starred, changed;
};

/* A row of the sources pane; row 0 is "all". */
struct nr_view_feed {
	int64_t id;             /* 0 for "all" */
	char *title;
	char *location;         /* the path or URL it was read from ("" for "all") */
	long total, unread;
	int failed;             /* its last fetch failed (set by the interface) */
	char *error;            /* the failure of its last fetch as stored (also from an earlier run or a
				   cron --update), or NULL */
	size_t query;           /* a [query NAME] row: 1 + its index in cfg->queries; 0 for a source */
	const struct nr_source *source; /* its section of the configuration, or NULL */
};

/* A [query NAME] row's count: of the articles with row ids up to from,
 * on the way to target (the last when the store was read); fresh once it
 * has reached it (before that the row shows no number). */
struct nr_view_qcount {
	long total, unread;
	int64_t from, target;
	int fresh;
	/* Counting from the counts kept in the database (the feeds changed
	 * since counted again), between keys until done. */
	int kept;
	/* A first count in slices, kept once whole (NULL: not kept). */
	struct nr_store_tally *tally;
	int matched;            /* the article being marked matched it before the mark */
	/* Counted again: the last count, shown until the new one is in. */
	int shown;
	long shown_total, shown_unread;
};

/* A tag of the configuration ([feed NAME]'s tags, OPML folders): the
 * sources pane shows it with its feeds under it. */
struct nr_view_tag {
	char *name;
	size_t *feeds;          /* indices into feeds, in their order */
	size_t nfeeds;
	int collapsed;          /* its feeds are not shown under it */
};

/* A row of the sources pane: "all", a tag, or a feed (at the top level,
 * or under a tag). A [query NAME] row is a feed row
 * whose feed has a query (listed right under "all"). */
enum nr_pane_kind {
	NR_PANE_ALL,
	NR_PANE_TAG,
	NR_PANE_FEED
};

struct nr_pane_row {
	enum nr_pane_kind kind;
	size_t index;           /* into tags or feeds */
	int nested;             /* a feed under its tag */
};

/* What the list shows: the source or tag chosen, the limit, the read and
 * starred filters and the order. One struct, the parameters of the list's
 * query: the back action returns to the one before (a stack of them). */
struct nr_view_query {
	int64_t feed_id;        /* the chosen source's id; 0: every source */
	size_t tag;             /* the chosen tag: 1 + its index in tags; 0: none */
	char *limit;            /* the limit pattern, or NULL */
	int unread_only;        /* read articles are not shown */
	int starred_only;       /* only starred articles are shown */
	enum nr_sort sort;      /* never NR_SORT_OLDEST: that is NEWEST reversed */
	int reverse;
};

/* A level the back action returns to. */
struct nr_view_level {
	struct nr_view_query q;
	int by_source;          /* it was entered by choosing a source or tag */
};

/* Tags of the reader's lines. */
enum nr_view_line {
	NR_LINE_TITLE,
	NR_LINE_HEADER,
	NR_LINE_LINK,
	NR_LINE_BODY
};

/* What the interface must ask the user for. */
enum nr_prompt {
	NR_PROMPT_NONE = 0,
	NR_PROMPT_SEARCH_FORWARD,
	NR_PROMPT_SEARCH_BACKWARD,
	NR_PROMPT_LIMIT,
	NR_PROMPT_OPEN_LINK,    /* a link number */
	NR_PROMPT_PIPE,         /* a command for the rendered article */
	NR_PROMPT_PIPE_RAW,     /* a command for the article's HTML (or text) as stored */
	NR_PROMPT_SAVE,         /* a file name */
	NR_PROMPT_OVERWRITE,    /* "yes" to replace the file named in save_path */
	NR_PROMPT_DELETE,       /* "yes" to delete the selected article for good */
	NR_PROMPT_UNSUBSCRIBE   /* "yes" to unsubscribe from the selected source */
};

/* How the interface gives the terminal to another program and takes it
 * back: give 1 before, give 0 after; wait 1 asks the user for a key before
 * the screen comes back (a pipe command's output stays readable). */
typedef void (*nr_view_terminal_fn)(void *ud, int give, int wait);

/* What changed since the interface last drew (it may draw more). */
enum nr_dirty {
	NR_DIRTY_LIST = 1 << 0,
	NR_DIRTY_READER = 1 << 1,
	NR_DIRTY_FEEDS = 1 << 2,
	NR_DIRTY_STATUS = 1 << 3,
	NR_DIRTY_LAYOUT = 1 << 4,
	NR_DIRTY_ALL = 0x1f
};

#define NR_VIEW_MSG_MAX 512

struct nr_view {
	struct nr_store *store;
	const struct nr_config *cfg;

	struct nr_view_feed *feeds;     /* feeds[0] is "all" */
	size_t nfeeds;

	/* The list in view, a window on the store: the row ids of its
	 * articles in order (8 bytes an article), and the columns of the
	 * rows around the screen and the selection (nr_view_row), read as
	 * they are shown, their strings in arena. */
	int64_t *ids;
	size_t nshown;
	size_t nids;            /* ids read so far: the first screens first, the rest when needed */
	struct nr_view_article *rows;   /* rows rows_from .. rows_from + nrows - 1 */
	size_t rows_from, nrows;
	void *arena;
	long shown_unread;      /* the unread articles of the list */
	/* A list that a filter narrows is read a screen first: the rest of
	 * its ids come from cursor (NULL: all read), a slice at a time
	 * between keys (nr_view_tick) or as the list goes past them. Until
	 * its count is known (count_known 0) nshown is the ids read so far
	 * and shown_unread the unread among them (ids_unread). */
	struct nr_store_cursor *cursor;
	int count_known;
	long ids_unread;
	/* Its count, taken by rowid slices up to max_rowid: of the
	 * articles up to count_from so far. */
	int64_t count_from;
	long count_total, count_unread;
	int64_t max_rowid;      /* the newest article when the store was read */
	/* The views of the list (set before nr_view_refresh; new strings,
	 * freed with the view): an SQL condition the articles shown must
	 * meet and ORDER BY terms before the configured order, over a
	 * (articles) and f (feeds), as nr_store_view says. NULL: none. */
	char *where;
	char *order_by;
	/* v->q as SQL (app/view.c's query_sql): the where and order_by the
	 * store is asked with. */
	char *q_where;
	char *q_where_sorted;   /* q_where for a read whole and sorted, if it differs */
	char *q_order_by;
	unsigned q_filters;     /* NR_FILTER_* */

	size_t sel;             /* index into shown */
	size_t top;             /* first row on screen */
	int list_rows;          /* rows of the list pane (set by the interface) */
	struct nr_view_query q; /* what it shows */
	struct nr_fold_pat *limit_pat;  /* q.limit, folded for matching */
	size_t active_feed;     /* q.feed_id's index into feeds; 0: all */
	struct nr_view_level *levels;   /* the levels back returns to, last on top */
	size_t nlevels;
	int by_source;          /* this level was entered by choosing a source or tag */
	/* Filters evaluated in the store (app/filters.c): q.limit when it is
	 * an expression; and the list's condition made of where, that limit
	 * and the active [query NAME] row (SQL, or NULL when where alone is
	 * the condition); whether the session's scope leaves a source out,
	 * which the store applies to every view (nr_store_view.scoped). */
	struct nr_filter *limit_filter;
	char *filter_where;
	char *filter_where_sorted;      /* the same for a read whole and sorted (nr_store_view.where_sorted) */
	int scoped;
	/* The [query NAME] rows' counts, one per query, kept across reads
	 * of the store (app/filters.c). */
	struct nr_view_qcount *qcounts;
	size_t nqcounts;
	/* By source of cfg: unsubscribed from in this run (app/filters.c),
	 * so not read again nor shown as configured; NULL if none was. */
	unsigned char *dropped;

	/* The sources pane: rows over feeds and tags. */
	struct nr_view_tag *tags;
	size_t ntags;
	struct nr_pane_row *pane;       /* the rows of the sources pane */
	size_t npane;
	size_t feed_sel, feed_top;      /* indices into pane */
	int feed_rows;
	int show_read_feeds;    /* rows with nothing unread are shown */

	enum nr_context focus;
	enum nr_layout layout;
	int show_feeds;

	/* The reader: the article shown, wrapped to reader_cols. */
	int reader_open;        /* the user opened an article (focus may be elsewhere) */
	int64_t reader_rowid;   /* the article wrapped in lines, 0 for none */
	int reader_cols;
	int reader_rows;
	size_t reader_top;
	size_t reader_match;    /* the line of the last match in the reader, or SIZE_MAX */
	struct nr_wrap lines;
	char *body;             /* the article's body as stored, kept for re-rendering */
	int body_type;          /* enum nr_body_type */
	struct nr_links links;  /* its numbered links */

	/* Search. */
	char *search;           /* the last pattern, or NULL */
	struct nr_fold_pat *search_pat; /* search, folded for matching */
	int search_backward;    /* its direction as given */
	enum nr_prompt prompt;  /* the interface should ask for this */
	char *prompt_init;      /* the text the prompt starts with, or NULL */
	char *save_path;        /* the file an overwrite question is about */

	/* Handing the terminal to the browser or a pipe command (set by the
	 * interface; NULL in tests: nothing to suspend). */
	nr_view_terminal_fn terminal;
	void *terminal_ud;

	/* Fetching feeds: the view's own updater (nr_view_start_updates;
	 * NULL: no network) and its schedule (app/schedule.c). */
	struct nr_updater *updater;
	const struct nr_clock *clock;   /* NULL: the system's */
	char progress[64];      /* "fetching 12/40", or "" */
	int stale;              /* the store has new articles the view has not read yet */
	int refreshed;          /* the store was read for an update at last_refresh */
	int64_t last_refresh;   /* monotonic ms */
	int64_t refresh_cost;   /* ms that reading took */
	/* [sync]: marks queued since (monotonic ms; 0: none seen), and no
	 * round to send them before push_after (after a failed round). */
	int64_t marks_seen;
	int64_t push_after;

	/* Help. */
	int help_open;
	int64_t summary_rowid;  /* the article shown with the feed's own text (toggle-summary), or 0 */
	int64_t full_text_rowid;        /* the article whose page full-text is fetching, or 0 */
	size_t help_top;
	int help_rows;
	struct nr_wrap help;
	/* The link list (link-list): the overlay shows the article's links,
	 * one a row after a heading row, links_sel chosen. */
	int links_open;
	size_t links_sel;

	char msg[NR_VIEW_MSG_MAX];
	int msg_error;
	int quit;
	unsigned dirty;
};

/* A new view of every article of store, with cfg's settings (both stay
 * the caller's and must outlive the view). NULL with err if the store
 * cannot be read. */
struct nr_view *nr_view_new(struct nr_store *store, const struct nr_config *cfg, struct nr_err *err);
void nr_view_free(struct nr_view *v);

/* Read the articles again from the store (after an update): the selected
 * source and article stay selected on the same screen row, the reader
 * keeps its article and position. -1 with err (the view unchanged) if the
 * store cannot be read. */
int nr_view_refresh(struct nr_view *v, struct nr_err *err);

/* Fetch the configuration's feeds on the web while the interface runs:
 * the view makes its updater (freed with the view) and its schedule
 * queues each feed when its reload interval has passed, those never
 * fetched at once. Nothing (0) when no source is a URL. -1 with err if
 * the network cannot be set up: the view works on without it. */
int nr_view_start_updates(struct nr_view *v, struct nr_err *err);
/* Read the time from c (which must outlive the view) instead of the
 * system's clocks: tests run the schedule on a clock of their own. Call it
 * before nr_view_start_updates. */
void nr_view_set_clock(struct nr_view *v, const struct nr_clock *c);

/* The interface's loop, with updates: wait (nr_view_wait) at most
 * nr_view_deadline's milliseconds, then nr_view_tick, then the keys.
 *
 * nr_view_deadline: milliseconds until the view has work of its own (a
 * feed due for its reload, the list to read again), -1 if none: the
 * longest the interface may wait for a key.
 * nr_view_wait: wait as ppoll does on the interface's descriptors extra
 * and the network's, at most timeout_ms (-1: no limit), with sigmask
 * while waiting; every answer that came is stored. Returns as ppoll.
 * nr_view_tick: take the feeds that finished, queue those due, read the
 * store again when the articles changed (at most once a second while
 * feeds are coming, less often when reading takes long; at once when the
 * update ends) and set progress. */
int nr_view_deadline(struct nr_view *v);
int nr_view_wait(struct nr_view *v, struct pollfd *extra, unsigned nextra, int timeout_ms, const sigset_t *sigmask);
void nr_view_tick(struct nr_view *v);

/* Whether the list's length is not known yet: it is being read (the
 * status line shows what was found so far, with a "+"). */
int nr_view_counting(const struct nr_view *v);
/* How long (ms) a filtered list's or a query row's count may take before
 * it is taken a slice at a time between keys (default 20); -1: never at
 * once, as with a library where every count would be slow (tests). */
void nr_view_set_count_budget(long ms);

/* A feed of an update has finished (nr_view_tick calls it): mark failures
 * in the sources pane, and note (stale) that the store has new articles
 * if it brought any. */
void nr_view_update_done(struct nr_view *v, const struct nr_update_feed *f);
/* Read the store again if it is stale. Returns 1 if it did. */
int nr_view_refresh_stale(struct nr_view *v);

/* The sizes of the panes, from the interface's layout: rows of the list,
 * of the reader and of the sources pane, the reader's width in columns,
 * and the rows of the help screen. Re-wraps the reader when its width
 * changes, keeping the reading position. */
void nr_view_set_size(struct nr_view *v, int list_rows, int reader_rows, int reader_cols, int feed_rows,
    int help_rows);

/* The context whose bindings apply now (the focused pane). */
enum nr_context nr_view_context(const struct nr_view *v);
/* Handle a key: look it up in the focused pane's bindings (help, if open,
 * takes scroll keys and closes on any other) and run the action. Returns
 * the action run, NR_ACT_NONE if the key is not bound. */
enum nr_action nr_view_key(struct nr_view *v, uint32_t key);
/* Run an action in the focused pane, through the dispatch table. */
void nr_view_do(struct nr_view *v, enum nr_action act);
/* Whether the dispatch table has a handler for act in pane ctx (the unit
 * test checks every action in every pane it can be bound in). */
int nr_view_handles(enum nr_context ctx, enum nr_action act);

/* The answer to v->prompt (NULL: cancelled). */
void nr_view_prompt_done(struct nr_view *v, const char *text);
/* Search for pattern (case-insensitive): over titles and sources in the
 * list, over the text in the reader. Empty repeats the last pattern. */
void nr_view_search(struct nr_view *v, const char *pattern, int backward);
/* Show only the articles whose title, source or author contains pattern;
 * NULL or "" shows all again. */
void nr_view_limit(struct nr_view *v, const char *pattern);

/* The sources pane's row r: its title (a feed's, a tag's name), its
 * unread articles (a tag's: those of its feeds), whether its last fetch
 * failed (a tag: one of its feeds). */
const char *nr_view_pane_title(const struct nr_view *v, size_t r);
long nr_view_pane_unread(const struct nr_view *v, size_t r);
int nr_view_pane_failed(const struct nr_view *v, size_t r);
/* Whether row r is what the list shows (the chosen source or tag). */
int nr_view_pane_active(const struct nr_view *v, size_t r);
/* The status line's description of the list (a new string): the source
 * or tag, the limit, the unread articles, the filters and the order. */
char *nr_view_describe(const struct nr_view *v);

/* Mouse: select the list row (0 = first on screen), open it if open is
 * set; select a sources row the same way; scroll the pane by lines. */
void nr_view_click_list(struct nr_view *v, int row, int open);
void nr_view_click_feeds(struct nr_view *v, int row, int open);
void nr_view_click_reader(struct nr_view *v);
void nr_view_scroll(struct nr_view *v, enum nr_context pane, int lines);

/* The selected article, or NULL if the view is empty. */
const struct nr_view_article *nr_view_selected(const struct nr_view *v);
/* Row i of the list (0 .. nshown - 1), read from the store with those
 * around it when it is not at hand; NULL past the end. The pointer holds
 * until a row that is not at hand is asked for. */
const struct nr_view_article *nr_view_row(struct nr_view *v, size_t i);
/* Make sure the reader holds the article to show (the selected one), at
 * the current width. Called before drawing: moving through the list loads
 * nothing until the screen shows it. */
void nr_view_prepare(struct nr_view *v);
/* Whether the reader pane is on screen in the current layout. */
int nr_view_reader_visible(const struct nr_view *v);
/* The reader's position: "All", "Top", "Bot" or "NN%" (translated). */
void nr_view_reader_position(const struct nr_view *v, char *buf, size_t size);
/* Whether line contains the search pattern: the interface highlights the
 * matches; sets *off and *len to the first at or after byte from. */
int nr_view_match(const struct nr_view *v, const char *line, size_t from, size_t *off, size_t *len);
/* Set the status message (printf-style). */
void nr_view_message(struct nr_view *v, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The reader's rendering of one article, at cols columns into out: the
 * header (title, source, author, date, link), the body (of type
 * enum nr_body_type) with its links numbered into links, the enclosures
 * and the list of links. The reader pane and --render share it, so that
 * both show the same. */
void nr_reader_render_article(const char *source, const struct nr_view_article *a, const char *body, int type,
    int cols, struct nr_wrap *out, struct nr_links *links);

#endif
