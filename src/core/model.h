/* The model: a feed (any source of articles: a feed file or URL, a folder of
 * saved articles, one article file) and its items. Parsers fill these and
 * hand each item to a sink as soon as it is complete, so that a large feed
 * never has to be held in memory whole. All strings are valid UTF-8 with no
 * control characters other than newline (and tab in bodies). */
#ifndef NR_MODEL_H
#define NR_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* An unknown date. Times are 64-bit Unix seconds, so dates before 1970 and
 * after 2106 are representable. */
#define NR_TIME_UNKNOWN INT64_MIN

enum nr_kind {
	NR_KIND_UNKNOWN = 0,
	NR_KIND_TEXT,   /* a plain-text article as saved from a news site */
	NR_KIND_HTML,   /* an HTML article */
	NR_KIND_RSS,    /* RSS 0.9x / 2.0 */
	NR_KIND_RDF,    /* RSS 1.0 (RDF) */
	NR_KIND_ATOM,   /* Atom 1.0 (and 0.3) */
	NR_KIND_JSON,   /* JSON Feed 1.0 and 1.1 */
	NR_KIND_FOLDER  /* a folder of any of these */
};

enum nr_body_type {
	NR_BODY_NONE = 0,
	NR_BODY_TEXT,   /* plain text: paragraphs separated by blank lines */
	NR_BODY_HTML
};

/* A file attached to an item: a podcast's audio, an image. */
struct nr_enclosure {
	char *url;
	char *type;     /* MIME type, or NULL */
	int64_t length; /* bytes, or -1 when unknown */
};

/* One of an item's authors: any of the three may be NULL. */
struct nr_author {
	char *name;
	char *email;
	char *uri;
};

struct nr_item {
	char *id;       /* stable: the same article read twice has the same id */
	char *title;    /* plain text, one line */
	char *link;
	/* The authors' names joined with ", " (an author known only by an
	 * address: the address), and the first address and web page given;
	 * from authors when there are any (nr_item_sync_authors). */
	char *author;
	char *author_email;
	char *author_uri;
	struct nr_author *authors;      /* with two or more: each, in the feed's order; no two alike */
	size_t nauthors;
	char *summary;
	char *content;
	enum nr_body_type summary_type;
	enum nr_body_type content_type;
	int64_t published;      /* NR_TIME_UNKNOWN when unknown */
	int64_t updated;        /* NR_TIME_UNKNOWN when unknown */
	char **categories;      /* ncategories plain-text terms, no duplicates */
	size_t ncategories;
	struct nr_enclosure *enclosures;        /* no two with the same url */
	size_t nenclosures;
	char *source_title;     /* the feed an item was copied from (Atom source, RSS source) */
	char *source_link;
};

struct nr_feed {
	char *title;
	char *link;
	char *description;
	char *author;           /* the feed's own: its authors' names, or its editor's */
	char *location;         /* the path or URL it was read from */
	enum nr_kind kind;
	long tag;               /* for the sink's own use; parsers set it to -1 */
};

/* Where parsers deliver what they read. Each callback may be NULL.
 * item: a complete item; the sink may take ownership of any string field by
 *   setting it to NULL. Returning -1 stops the parse.
 * feed_done: the feed's fields are final (a feed's title may follow its
 *   items); called once per feed, after its items.
 * problem: a file that could not be read, or was read only in part
 *   (warning != 0). The other sources still load. */
struct nr_sink {
	void *ud;
	int (*item)(void *ud, struct nr_feed *feed, struct nr_item *item);
	void (*feed_done)(void *ud, struct nr_feed *feed);
	void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning);
};

const char *nr_kind_name(enum nr_kind kind);

void nr_item_init(struct nr_item *item);
/* Free the fields and reset them for reuse. */
void nr_item_clear(struct nr_item *item);
void nr_feed_init(struct nr_feed *feed);
void nr_feed_clear(struct nr_feed *feed);

/* At most this many categories and enclosures are kept per item. */
#define NR_ITEM_MAX_LIST 1000

/* Add a category (a copy of s), unless empty or already there. */
void nr_item_add_category(struct nr_item *item, const char *s);
/* Add an enclosure (copies of url and type), unless url is empty or already there. */
void nr_item_add_enclosure(struct nr_item *item, const char *url, const char *type, int64_t length);

/* At most this many authors are kept per item: each is compared with
 * those before it, and no article has more. */
#define NR_ITEM_MAX_AUTHORS 256

/* Add an author (copies of the strings), unless all three are empty or
 * one with the same name and address is there. */
void nr_item_add_author(struct nr_item *item, const char *name, const char *email, const char *uri);
/* Free the authors (author, author_email and author_uri stay). */
void nr_item_clear_authors(struct nr_item *item);
/* Set author, author_email and author_uri from authors, if it has any;
 * a single author is then kept in those alone (authors is emptied). */
void nr_item_sync_authors(struct nr_item *item);

/* Give item an id if it has none: its link, else a hash of title and
 * date, so that the same item read twice gets the same id. */
void nr_item_ensure_id(struct nr_item *item);

#endif
