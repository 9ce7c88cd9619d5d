/* The articles in view: feeds and items collected from the parsers through a
 * sink, keeping only what the caller asked for, and sorted. */
#ifndef NR_APP_LIST_H
#define NR_APP_LIST_H

#include <stddef.h>

#include "config/settings.h"
#include "core/model.h"

struct nr_list_entry {
	struct nr_item item;    /* summary/content only if bodies are kept */
	size_t feed;            /* index into feeds */
	size_t seq;             /* arrival order, for stable sorting */
	int read;               /* the user's state, when read from the database */
	int starred;
	int changed;            /* its text changed after it was read */
};

struct nr_list {
	struct nr_feed *feeds;
	size_t nfeeds;
	struct nr_list_entry *items;
	size_t nitems;
	size_t cap;
	int keep_body;
	size_t loaded;          /* feeds that delivered at least one item */
};

void nr_list_init(struct nr_list *list, int keep_body);
void nr_list_free(struct nr_list *list);
/* A sink that appends to list (problems are not handled: set sink.problem). */
struct nr_sink nr_list_sink(struct nr_list *list);
/* Sort the items; unknown dates sort after known ones, ties keep arrival order. */
void nr_list_sort(struct nr_list *list, enum nr_sort order);

#endif
