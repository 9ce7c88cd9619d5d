/* The one list of actions. Each entry is X(id, name, contexts, help):
 * id makes NR_ACT_<id>, name is the word used in the INI file's [keys]
 * sections, contexts says in which panes the action applies, and help is
 * the line the help screen shows. The enum, the name table, the help screen
 * and the default bindings are all generated from this list. */
#ifndef NR_ACTIONS_H
#define NR_ACTIONS_H

#include "nls.h"

/* Binding contexts: [keys] binds in all of them, [keys.<context>] in one. */
enum nr_context {
	NR_CTX_LIST = 0,
	NR_CTX_READER,
	NR_CTX_FEEDS,
	NR_CTX_COUNT
};

#define NR_IN_LIST (1 << NR_CTX_LIST)
#define NR_IN_READER (1 << NR_CTX_READER)
#define NR_IN_FEEDS (1 << NR_CTX_FEEDS)
#define NR_IN_ALL (NR_IN_LIST | NR_IN_READER | NR_IN_FEEDS)

#define NR_ACTIONS(X) \
	X(QUIT, "quit", NR_IN_ALL, N_("quit newsreader")) \
	X(HELP, "help", NR_IN_ALL, N_("show the keys in effect")) \
	X(REDRAW, "redraw", NR_IN_ALL, N_("redraw the screen")) \
	X(UP, "up", NR_IN_ALL, N_("move or scroll up one line")) \
	X(DOWN, "down", NR_IN_ALL, N_("move or scroll down one line")) \
	X(HALF_PAGE_UP, "half-page-up", NR_IN_ALL, N_("up half a page")) \
	X(HALF_PAGE_DOWN, "half-page-down", NR_IN_ALL, N_("down half a page")) \
	X(PAGE_UP, "page-up", NR_IN_ALL, N_("up one page")) \
	X(PAGE_DOWN, "page-down", NR_IN_ALL, N_("down one page")) \
	X(TOP, "top", NR_IN_ALL, N_("go to the top")) \
	X(BOTTOM, "bottom", NR_IN_ALL, N_("go to the bottom")) \
	X(OPEN, "open", NR_IN_LIST | NR_IN_FEEDS, N_("open the selected article or source")) \
	X(CLOSE, "close", NR_IN_READER, N_("close the reader, back to the list")) \
	X(NEXT_ARTICLE, "next-article", NR_IN_LIST | NR_IN_READER, N_("next article")) \
	X(PREV_ARTICLE, "prev-article", NR_IN_LIST | NR_IN_READER, N_("previous article")) \
	X(NEXT_UNREAD, "next-unread", NR_IN_LIST | NR_IN_READER, N_("next unread article")) \
	X(PREV_UNREAD, "prev-unread", NR_IN_LIST | NR_IN_READER, N_("previous unread article")) \
	X(FIRST_ARTICLE, "first-article", NR_IN_LIST | NR_IN_READER, N_("first article")) \
	X(LAST_ARTICLE, "last-article", NR_IN_LIST | NR_IN_READER, N_("last article")) \
	X(SEARCH_FORWARD, "search-forward", NR_IN_ALL, N_("search forward")) \
	X(SEARCH_BACKWARD, "search-backward", NR_IN_ALL, N_("search backward")) \
	X(SEARCH_NEXT, "search-next", NR_IN_ALL, N_("next match")) \
	X(SEARCH_PREV, "search-prev", NR_IN_ALL, N_("previous match")) \
	X(LIMIT, "limit", NR_IN_LIST, N_("show only matching articles (empty: all)")) \
	X(TOGGLE_READ, "toggle-read", NR_IN_LIST | NR_IN_READER, N_("mark read or unread")) \
	X(TOGGLE_STAR, "toggle-star", NR_IN_LIST | NR_IN_READER, N_("star or unstar")) \
	X(MARK_ALL_READ, "mark-all-read", NR_IN_LIST | NR_IN_FEEDS, N_("mark all articles in view read")) \
	X(CYCLE_LAYOUT, "cycle-layout", NR_IN_ALL, N_("switch layout: split, vertical, full")) \
	X(TOGGLE_FEEDS, "toggle-feeds", NR_IN_ALL, N_("show or hide the sources pane")) \
	X(FOCUS_NEXT, "focus-next", NR_IN_ALL, N_("move to the next pane")) \
	X(OPEN_LINK, "open-link", NR_IN_READER, N_("open a link of the article by its number")) \
	X(OPEN_BROWSER, "open-in-browser", NR_IN_LIST | NR_IN_READER, N_("open the article's link in the browser")) \
	X(PIPE, "pipe", NR_IN_LIST | NR_IN_READER, N_("pipe the article as shown to a command")) \
	X(PIPE_RAW, "pipe-raw", NR_IN_LIST | NR_IN_READER, N_("pipe the article's HTML source to a command")) \
	X(SAVE, "save", NR_IN_LIST | NR_IN_READER, N_("save the article as a text file")) \
	X(RELOAD, "reload", NR_IN_LIST | NR_IN_FEEDS, N_("reload the selected source")) \
	X(RELOAD_ALL, "reload-all", NR_IN_ALL, N_("reload all sources")) \
	X(SHOW_ERRORS, "show-errors", NR_IN_ALL, N_("show the errors of the last update")) \
	X(FULL_TEXT, "full-text", NR_IN_LIST | NR_IN_READER, \
	    N_("fetch the article's web page and show the article in it")) \
	X(TOGGLE_SUMMARY, "toggle-summary", NR_IN_LIST | NR_IN_READER, \
	    N_("show the feed's own text, or the full text again")) \
	X(DELETE_ARTICLE, "delete-article", NR_IN_LIST | NR_IN_READER, N_("delete the article for good")) \
	X(UNSUBSCRIBE, "unsubscribe", NR_IN_FEEDS, N_("unsubscribe from the source")) \
	X(BACK, "back", NR_IN_ALL, N_("go back a level; quit at the top")) \
	X(TOGGLE_SHOW_READ, "toggle-show-read", NR_IN_ALL, N_("show or hide read articles")) \
	X(TOGGLE_STARRED_ONLY, "toggle-starred-only", NR_IN_ALL, N_("show only starred articles, or all")) \
	X(TOGGLE_SHOW_READ_FEEDS, "toggle-show-read-feeds", NR_IN_ALL, N_("show or hide sources with nothing unread")) \
	X(CYCLE_SORT, "cycle-sort", NR_IN_ALL, N_("sort by date, title, source, author, unread")) \
	X(REVERSE_SORT, "reverse-sort", NR_IN_ALL, N_("reverse the order of the list")) \
	X(TOGGLE_TAG, "toggle-tag", NR_IN_FEEDS, N_("expand or collapse the tag")) \
	X(NEXT_FEED, "next-feed", NR_IN_LIST | NR_IN_READER, N_("show the next source's articles")) \
	X(PREV_FEED, "prev-feed", NR_IN_LIST | NR_IN_READER, N_("show the previous source's articles")) \
	X(NEXT_UNREAD_FEED, "next-unread-feed", NR_IN_LIST | NR_IN_READER, \
	    N_("show the next source with unread articles")) \
	X(PREV_UNREAD_FEED, "prev-unread-feed", NR_IN_LIST | NR_IN_READER, \
	    N_("show the previous source with unread articles")) \
	X(LINK_LIST, "link-list", NR_IN_LIST | NR_IN_READER, N_("list the article's links to choose one"))

enum nr_action {
	NR_ACT_NONE = 0,
#define NR_X_ENUM(id, name, ctx, help) NR_ACT_##id,
	NR_ACTIONS(NR_X_ENUM)
#undef NR_X_ENUM
	NR_ACT_COUNT
};

#endif
