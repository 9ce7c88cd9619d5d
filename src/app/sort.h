/* The order of the article list, one rule for the printed list, --dump and
 * the interface: by date (newest or oldest first, unknown dates last either
 * way), by title, source or author compared with strcoll in the user's
 * locale, or unread first (ties newest first); every remaining tie keeps
 * arrival order, so the same articles always come out in the same order.
 * Reversed, the first key runs the other way (oldest first for dates) and
 * the ties stay as they are. Callers describe an article by a key and
 * compare keys. */
#ifndef NR_APP_SORT_H
#define NR_APP_SORT_H

#include <stddef.h>
#include <stdint.h>

#include "config/settings.h"

struct nr_sort_key {
	const char *title;      /* NULL sorts as "" */
	const char *source;     /* the source's title; NULL sorts as "" */
	int64_t published;      /* NR_TIME_UNKNOWN sorts last */
	size_t seq;             /* arrival order */
	const char *author;     /* NULL sorts as "" */
	int unread;
};

/* Negative, zero or positive as a sorts before, with or after b in order
 * (reversed if reverse is set). */
int nr_sort_compare(enum nr_sort order, int reverse, const struct nr_sort_key *a, const struct nr_sort_key *b);

#endif
