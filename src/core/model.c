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
	case NR_KIND_JSON:
		return "json";
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
	item->updated = NR_TIME_UNKNOWN;
}

void
nr_item_add_category(struct nr_item *item, const char *s)
{
	size_t i;

	/* Duplicates are looked for one by one: a hostile feed with a
	 * million categories must not take hours. No reader shows more. */
	if (s == NULL || s[0] == '\0' || item->ncategories >= NR_ITEM_MAX_LIST) {
		return;
	}
	for (i = 0; i < item->ncategories; i++) {
		if (strcmp(item->categories[i], s) == 0) {
			return;
		}
	}
	item->categories = xreallocarray(item->categories, item->ncategories + 1, sizeof *item->categories);
	item->categories[item->ncategories++] = xstrdup(s);
}

void
nr_item_add_enclosure(struct nr_item *item, const char *url, const char *type, int64_t length)
{
	struct nr_enclosure *e;
	size_t i;

	if (url == NULL || url[0] == '\0' || item->nenclosures >= NR_ITEM_MAX_LIST) {
		return;
	}
	for (i = 0; i < item->nenclosures; i++) {
		if (strcmp(item->enclosures[i].url, url) == 0) {
			/* A second mention may say what the first did not. */
			e = &item->enclosures[i];
			if (e->type == NULL && type != NULL && type[0] != '\0') {
				e->type = xstrdup(type);
			}
			if (e->length < 0) {
				e->length = length;
			}
			return;
		}
	}
	item->enclosures = xreallocarray(item->enclosures, item->nenclosures + 1, sizeof *item->enclosures);
	e = &item->enclosures[item->nenclosures++];
	e->url = xstrdup(url);
	e->type = type != NULL && type[0] != '\0' ? xstrdup(type) : NULL;
	e->length = length;
}

void
nr_item_clear(struct nr_item *item)
{
	size_t i;

	for (i = 0; i < item->ncategories; i++) {
		free(item->categories[i]);
	}
	free(item->categories);
	for (i = 0; i < item->nenclosures; i++) {
		free(item->enclosures[i].url);
		free(item->enclosures[i].type);
	}
	free(item->enclosures);
	free(item->author_email);
	free(item->author_uri);
	free(item->source_title);
	free(item->source_link);
	free(item->site);
	free(item->image);
	free(item->note);
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
