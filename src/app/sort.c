#include "config.h"

#include <string.h>

#include "app/sort.h"
#include "core/model.h"
#include "util/utf8.h"

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

int
nr_sort_compare(enum nr_sort order, int reverse, const struct nr_sort_key *a, const struct nr_sort_key *b)
{
	int c = 0;

	if (order == NR_SORT_OLDEST) {
		order = NR_SORT_NEWEST;
		reverse = !reverse;
	}
	switch (order) {
	case NR_SORT_NEWEST:
	case NR_SORT_OLDEST:
		c = cmp_dates(a->published, b->published, !reverse);
		reverse = 0;
		break;
	case NR_SORT_TITLE:
		c = nr_utf8_collate(a->title, b->title);
		break;
	case NR_SORT_SOURCE:
		c = nr_utf8_collate(a->source, b->source);
		break;
	case NR_SORT_AUTHOR:
		c = nr_utf8_collate(a->author, b->author);
		break;
	case NR_SORT_UNREAD:
		c = (a->unread != 0) == (b->unread != 0) ? 0 : a->unread ? -1 : 1;
		break;
	}
	if (reverse) {
		c = -c;
	}
	if (c == 0) {
		c = cmp_dates(a->published, b->published, 1);
	}
	if (c == 0) {
		c = a->seq < b->seq ? -1 : a->seq > b->seq;
	}
	return c;
}
