/* Configuration: the INI file (read with iniparser) turned into a
 * validated struct nr_config. A missing file gives the defaults; anything
 * wrong in a file (unknown section or key, bad value, unknown action or key
 * name, a line that is not INI) is an error naming the file, the line and
 * the word, and nothing of a half-read file is used. */
#ifndef NR_SETTINGS_H
#define NR_SETTINGS_H

#include <stddef.h>

#include "config/keys.h"
#include "core/err.h"

struct nr_filter;

enum nr_sort {
	NR_SORT_NEWEST = 0,
	NR_SORT_OLDEST,
	NR_SORT_TITLE,
	NR_SORT_SOURCE,
	NR_SORT_AUTHOR,
	NR_SORT_UNREAD          /* unread first */
};

/* How the panes share the screen: the list above the reader, the list
 * left of the reader, or one of them at a time. */
enum nr_layout {
	NR_LAYOUT_SPLIT = 0,
	NR_LAYOUT_VERTICAL,
	NR_LAYOUT_FULL,
	NR_LAYOUT_COUNT
};

/* The parts of the screen [colors] can colour: X(id, name). */
#define NR_COLOR_ELEMENTS(X) \
	X(LIST, "list") \
	X(SELECTED, "selected") \
	X(UNREAD, "unread") \
	X(STARRED, "starred") \
	X(HEADER, "header") \
	X(STATUS, "status") \
	X(ERROR, "error") \
	X(FEEDS, "feeds") \
	X(BORDER, "border") \
	X(SEARCH_MATCH, "search-match") \
	X(LINK, "link") \
	X(HELP, "help") \
	X(HEADING, "heading") \
	X(CODE, "code") \
	X(LINK_NUMBER, "link-number")

enum nr_color_element {
#define NR_X_COLOR(id, name) NR_COLOR_##id,
	NR_COLOR_ELEMENTS(NR_X_COLOR)
#undef NR_X_COLOR
	NR_COLOR_COUNT
};

/* A colour: 0..255, or the terminal's default. */
#define NR_COLOR_DEFAULT (-1)

enum nr_attr {
	NR_ATTR_BOLD = 1 << 0,
	NR_ATTR_UNDERLINE = 1 << 1,
	NR_ATTR_REVERSE = 1 << 2,
	NR_ATTR_DIM = 1 << 3,
	NR_ATTR_ITALIC = 1 << 4,
	NR_ATTR_BLINK = 1 << 5,
	NR_ATTR_STANDOUT = 1 << 6
};

/* The style of an element: set only when [colors] names it; the interface
 * has its own defaults (and, without colours, uses the attributes only). */
struct nr_style {
	int set;
	int fg, bg;             /* 0..255 or NR_COLOR_DEFAULT */
	unsigned attrs;         /* NR_ATTR_* */
};

/* A source: a local path (expanded: ~, relative to the config file), or a
 * URL (scheme://...) kept as written. */
struct nr_source {
	char *label;            /* the user's name for it, as written ([feed NAME]'s NAME, [sources]' key) */
	char *path;             /* the local path, or the URL */
	int is_url;             /* path is an http:// or https:// URL (fetched over the network) */
	char *title;            /* [feed NAME] title = ..., or NULL */
	char **tags;            /* [feed NAME] tags = a, b c (comma or blank separated), in order */
	size_t ntags;
	long max_articles;      /* -1: [general]'s */
	long reload;            /* seconds between automatic reloads; -1: [general]'s; 0: never */
	char *user_agent;       /* or NULL: [general]'s */
	char *username;         /* or NULL */
	char *password_command; /* run with /bin/sh -c; its first output line is the password; or NULL */
	int full_text;          /* fetch each new article's page and keep reader mode's article */
	long line;              /* the line of the file that made it, for messages; 0 if none */
	struct nr_filter *ignore;       /* [feed NAME] ignore = EXPR, or NULL */
};

/* A [query NAME] section: the articles of every source that match its
 * filter, as one more source in the sources pane. */
struct nr_query {
	char *label;            /* NAME as written */
	struct nr_filter *filter;
	char **tags;            /* its tags = ..., as [feed NAME]'s */
	size_t ntags;
	long line;
};

/* The widest text_width kept: wider than any screen. */
#define NR_MAX_TEXT_WIDTH 10000

/* Defaults of the network settings. */
#define NR_DEFAULT_RELOAD 3600L                 /* seconds */
#define NR_DEFAULT_MAX_CONNECTIONS 8
#define NR_DEFAULT_CONNECTIONS_PER_HOST 2
#define NR_DEFAULT_CONNECT_TIMEOUT 15L          /* seconds */
#define NR_DEFAULT_TIMEOUT 60L                  /* seconds */
#define NR_DEFAULT_MAX_SIZE (32L * 1024 * 1024) /* bytes */

/* [sync]: a server aggregator whose subscriptions, articles and read and
 * starred state are synchronised with the database (app/sync.c). */
struct nr_sync_config {
	char *service;          /* "ttrss", or NULL: no [sync] */
	char *url;              /* the server (tt-rss: its web root, the API is url/api/) */
	char *username;
	char *password_command; /* its first output line is the password; or NULL: no password */
	long interval;          /* seconds between automatic syncs; -1: [general]'s reload; 0: on request */
};

struct nr_config {
	char *path;             /* the file read, or NULL if none was */
	/* [general] */
	char *date_format;      /* strftime format for dates in the list */
	enum nr_sort sort;
	int keep_days;          /* purge articles older than this; 0: never */
	long max_articles;      /* per source; 0: no limit */
	enum nr_layout layout;
	int mark_read_on_open;  /* opening an article marks it read */
	int show_feeds;         /* the sources pane is shown at start */
	int mouse;              /* the interface takes mouse events */
	int show_read;          /* the list shows read articles (else unread ones only) */
	int show_read_feeds;    /* the sources pane shows sources with nothing unread */
	int text_width;         /* the reader's text is at most this wide; 0: the pane's width */
	int search_ignore_accents; /* search and limit find "e" in "é" */
	int bidi;               /* right-to-left text put in visual order (for terminals that do not) */
	char *browser;          /* browser command (%u: the URL), or NULL: $BROWSER, else xdg-open */
	int browser_background; /* the browser is graphical: do not give it the terminal or wait */
	/* [general], the network */
	long reload;            /* seconds between automatic reloads of URL feeds; 0: only on request */
	int max_connections;    /* transfers at once */
	int connections_per_host;
	long connect_timeout;   /* seconds */
	long timeout;           /* seconds for a whole transfer */
	long max_size;          /* bytes of one answer */
	char *user_agent;       /* or NULL: newsreader/VERSION */
	/* [colors] */
	struct nr_style colors[NR_COLOR_COUNT];
	/* [sources], then [feed NAME] sections, in the order of the file */
	struct nr_source *sources;
	size_t nsources;
	/* [query NAME] sections, in the order of the file */
	struct nr_query *queries;
	size_t nqueries;
	/* [general] ignore = EXPR (a [feed NAME]'s own adds to it), or NULL */
	struct nr_filter *ignore;
	/* [sync] */
	struct nr_sync_config sync;
	/* [keys], [keys.list], [keys.reader], [keys.feeds] over the defaults */
	struct nr_keymap keys[NR_CTX_COUNT];
};

/* Set cfg to the defaults. */
void nr_config_defaults(struct nr_config *cfg);
/* Read path into cfg (which starts from the defaults). If the file does not
 * exist and must_exist is 0, cfg keeps the defaults and 0 is returned.
 * On error, cfg is left with the defaults and -1 is returned with err
 * saying "FILE:LINE: what is wrong: 'word'". */
int nr_config_load(struct nr_config *cfg, const char *path, int must_exist, struct nr_err *err);
void nr_config_free(struct nr_config *cfg);

const char *nr_sort_name(enum nr_sort sort);
const char *nr_layout_name(enum nr_layout layout);
const char *nr_color_element_name(enum nr_color_element el);

#endif
