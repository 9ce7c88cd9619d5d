#include "config.h"

#include <string.h>

#include "app/sort.h"
#include "core/model.h"

/* Unknown dates go last whichever way the dates run. */
static int
cmp_dates(int64_t x, int64_t y, int newest)
{
	if (x == y) {
		return 0;
	}
	if (x == NR_TIME_UNKNOWN) {
		return 1;
	}
	if (y == NR_TIME_UNKNOWN) {
		return -1;
	}
	return newest ? (x > y ? -1 : 1) : (x < y ? -1 : 1);
}

/* strcoll, so that titles sort as the user's language sorts them
 * (accented letters beside their base letters, case a tie-break) rather
 * than by code point. */
static int
cmp_text(const char *x, const char *y)
{
	return strcoll(x != NULL ? x : "", y != NULL ? y : "");
}

int
nr_sort_compare(enum nr_sort order, const struct nr_sort_key *a, const struct nr_sort_key *b)
{
	int c = 0;

	switch (order) {
	case NR_SORT_NEWEST:
		break;
	case NR_SORT_OLDEST:
		c = cmp_dates(a->published, b->published, 0);
		break;
	case NR_SORT_TITLE:
		c = cmp_text(a->title, b->title);
		break;
	case NR_SORT_SOURCE:
		c = cmp_text(a->source, b->source);
		break;
	}
	if (c == 0 && order != NR_SORT_OLDEST) {
		c = cmp_dates(a->published, b->published, 1);
	}
	if (c == 0) {
		c = a->seq < b->seq ? -1 : a->seq > b->seq;
	}
	return c;
}
