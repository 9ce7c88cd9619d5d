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

static char *
dup_nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? xstrdup(s) : NULL;
}

static int
same_or_null(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

void
nr_item_add_author(struct nr_item *item, const char *name, const char *email, const char *uri)
{
	struct nr_author *a;
	size_t i;

	name = name != NULL && name[0] != '\0' ? name : NULL;
	email = email != NULL && email[0] != '\0' ? email : NULL;
	uri = uri != NULL && uri[0] != '\0' ? uri : NULL;
	if ((name == NULL && email == NULL && uri == NULL) || item->nauthors >= NR_ITEM_MAX_AUTHORS) {
		return;
	}
	for (i = 0; i < item->nauthors; i++) {
		a = &item->authors[i];
		if (same_or_null(a->name, name) && same_or_null(a->email, email)) {
			if (a->uri == NULL) {
				a->uri = dup_nonempty(uri);
			}
			return;
		}
	}
	item->authors = xreallocarray(item->authors, item->nauthors + 1, sizeof *item->authors);
	a = &item->authors[item->nauthors++];
	a->name = dup_nonempty(name);
	a->email = dup_nonempty(email);
	a->uri = dup_nonempty(uri);
}

void
nr_item_clear_authors(struct nr_item *item)
{
	size_t i;

	for (i = 0; i < item->nauthors; i++) {
		free(item->authors[i].name);
		free(item->authors[i].email);
		free(item->authors[i].uri);
	}
	free(item->authors);
	item->authors = NULL;
	item->nauthors = 0;
}

void
nr_item_sync_authors(struct nr_item *item)
{
	size_t i, len = 0;
	char *joined, *p;

	if (item->nauthors == 0) {
		return;
	}
	for (i = 0; i < item->nauthors; i++) {
		const struct nr_author *a = &item->authors[i];
		const char *shown = a->name != NULL ? a->name : a->email;

		if (shown != NULL) {
			len += strlen(shown) + (len > 0 ? 2 : 0);
		}
	}
	/* Exactly its size: a large feed's articles are held in a list. */
	joined = xmalloc(len + 1);
	p = joined;
	for (i = 0; i < item->nauthors; i++) {
		const struct nr_author *a = &item->authors[i];
		const char *shown = a->name != NULL ? a->name : a->email;
		size_t n;

		if (shown == NULL) {
			continue;
		}
		if (p != joined) {
			*p++ = ',';
			*p++ = ' ';
		}
		n = strlen(shown);
		memcpy(p, shown, n);
		p += n;
	}
	*p = '\0';
	free(item->author);
	item->author = p != joined ? joined : NULL;
	if (p == joined) {
		free(joined);
	}
	for (i = 0; i < item->nauthors; i++) {
		if (item->authors[i].email != NULL) {
			free(item->author_email);
			item->author_email = xstrdup(item->authors[i].email);
			break;
		}
	}
	for (i = 0; i < item->nauthors; i++) {
		if (item->authors[i].uri != NULL) {
			free(item->author_uri);
			item->author_uri = xstrdup(item->authors[i].uri);
			break;
		}
	}
	/* One author is all in author*: a list of one would only cost the
	 * memory of every article of a large feed held in a list. */
	if (item->nauthors == 1) {
		nr_item_clear_authors(item);
	}
}

void
nr_item_clear(struct nr_item *item)
{
	size_t i;

	nr_item_clear_authors(item);
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
	free(feed->author);
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
