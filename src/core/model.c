#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/xmalloc.h"

const char *
nr_kind_name(enum nr_kind kind)
{
	switch (kind) {
	case NR_KIND_TEXT:
		return "text";
	case NR_KIND_HTML:
		return "html";
	case NR_KIND_RSS:
		return "rss";
	case NR_KIND_RDF:
		return "rdf";
	case NR_KIND_ATOM:
		return "atom";
	case NR_KIND_FOLDER:
		return "folder";
	case NR_KIND_UNKNOWN:
		break;
	}
	return "unknown";
}

void
nr_item_init(struct nr_item *item)
{
	memset(item, 0, sizeof *item);
	item->published = NR_TIME_UNKNOWN;
}

void
nr_item_clear(struct nr_item *item)
{
	free(item->id);
	free(item->title);
	free(item->link);
	free(item->author);
	free(item->summary);
	free(item->content);
	nr_item_init(item);
}

void
nr_feed_init(struct nr_feed *feed)
{
	memset(feed, 0, sizeof *feed);
	feed->tag = -1;
}

void
nr_feed_clear(struct nr_feed *feed)
{
	free(feed->title);
	free(feed->link);
	free(feed->description);
	free(feed->location);
	nr_feed_init(feed);
}

/* FNV-1a, 64 bits: stable across runs and machines, which is all an id
 * derived from content needs. */
static uint64_t
fnv1a(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

void
nr_item_ensure_id(struct nr_item *item)
{
	uint64_t h;
	char date[32];

	if (item->id != NULL && item->id[0] != '\0') {
		return;
	}
	free(item->id);
	if (item->link != NULL && item->link[0] != '\0') {
		item->id = xstrdup(item->link);
		return;
	}
	h = fnv1a(UINT64_C(0xcbf29ce484222325), item->title ? item->title : "");
	snprintf(date, sizeof date, "\n%" PRId64, item->published);
	h = fnv1a(h, date);
	/* With neither title nor date, the text is all that tells items apart. */
	if ((item->title == NULL || item->title[0] == '\0') && item->published == NR_TIME_UNKNOWN) {
		h = fnv1a(h, item->summary ? item->summary : (item->content ? item->content : ""));
	}
	item->id = xasprintf("nr:%016" PRIx64, h);
}
