/* The articles in view: feeds and items collected from the parsers through a
 * sink, or read from the database row by row, keeping only what the caller
 * asked for, and sorted. A database row becomes a list item here only, for
 * the printed list, --dump and the interface alike. */
#ifndef NR_APP_LIST_H
#define NR_APP_LIST_H

#include <stddef.h>

#include "config/settings.h"
#include "core/model.h"
#include "store/store.h"

struct nr_list_entry {
	struct nr_item item;    /* summary/content only if bodies are kept */
	size_t feed;            /* index into feeds */
	size_t seq;             /* arrival order, for stable sorting */
	int read;               /* the user's state, when read from the database */
	int starred;
	int changed;            /* its text changed after it was read */
	int64_t rowid;          /* its row in the database; 0 when read from a file */
};

struct nr_list {
	struct nr_feed *feeds;
	int64_t *feed_ids;      /* each feed's id in the database; 0 when read from a file */
	size_t nfeeds;
	struct nr_list_entry *items;
	size_t nitems;
	size_t cap;
	int keep_body;
};

void nr_list_init(struct nr_list *list, int keep_body);
void nr_list_free(struct nr_list *list);
/* A sink that appends to list (problems are not handled: set sink.problem). */
struct nr_sink nr_list_sink(struct nr_list *list);
/* Sort the items by the rule of app/sort.h. */
void nr_list_sort(struct nr_list *list, enum nr_sort order);

/* How nr_list_entry_from_row copies a row's strings: dup(ud, s) returns a
 * copy of s (s is never NULL) that outlives the row. */
typedef char *(*nr_list_dup_fn)(void *ud, const char *s);

/* A database row as a list item: the article's columns (no body: the
 * store gives bodies one at a time), its row id and the user's state; the
 * caller sets e->feed. With dup NULL the item is complete and its own
 * (freed by nr_item_clear). With dup the item has only what an article
 * list shows, copied by dup: title, author, link, dates (the interface
 * keeps 100,000 articles' strings in a few large blocks this way, and
 * reads anything else from the row or the store when it needs it). */
void nr_list_entry_from_row(struct nr_list_entry *e, const struct nr_store_row *row, nr_list_dup_fn dup,
    void *ud);
/* Append a database row to list (its body too if the list keeps bodies,
 * read from store); its feed is found by the row's feed id, or added from
 * the row's feed columns. -1 with err if the body cannot be read (nothing
 * is appended). */
int nr_list_add_row(struct nr_list *list, const struct nr_store_row *row, struct nr_store *store,
    struct nr_err *err);

#endif
