/*
 * RSS, RDF and Atom through libxml2's SAX2 push parser.
 *
 * Specifications:
 *   RSS 2.0         https://www.rssboard.org/rss-specification
 *   RSS 0.91/0.92   https://www.rssboard.org/rss-0-9-1, https://www.rssboard.org/rss-0-9-2
 *   RSS 0.90        https://www.rssboard.org/rss-0-9-0
 *   RSS 1.0 (RDF)   https://web.resource.org/rss/1.0/spec
 *   Atom 1.0        https://www.rfc-editor.org/rfc/rfc4287
 *   Atom 0.3        https://web.archive.org/web/2004/http://www.mnot.net/drafts/draft-nottingham-atom-format-02.html
 *   Dublin Core     https://www.dublincore.org/specifications/dublin-core/dcmi-terms/
 *   content:encoded https://web.resource.org/rss/1.0/modules/content/
 *   Media RSS       https://www.rssboard.org/media-rss
 *   iTunes          https://help.apple.com/itc/podcasts_connect/#/itcb54353390
 *   Slash           https://web.resource.org/rss/1.0/modules/slash/
 *   xml:base        https://www.w3.org/TR/xmlbase/
 *   CDF             https://www.w3.org/TR/NOTE-CDFsubmit.html
 *   XHTML body      https://www.w3.org/1999/xhtml (an RSS item's xhtml:body)
 *   Link relations  https://www.iana.org/assignments/link-relations/
 *
 * No tree is built: an element's text is collected only when the element is
 * one we keep (the table below), and each item goes to the sink when its end
 * tag is read. Which element fills a field is decided by the table; when
 * several could (pubDate, dc:date, atom:published), the rank decides,
 * whatever their order in the file.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/bound.h"
#include "markup/html.h"
#include "markup/libxml.h"
#include "nls.h"
#include "parse/xmlfeed.h"
#include "util/date.h"
#include "util/url.h"
#include "util/utf8.h"

/* Namespace classes an element can be in. */
enum ns {
	NS_RSS,         /* no namespace, or one of the RSS namespaces */
	NS_ATOM,        /* Atom 1.0 or 0.3 */
	NS_DC,
	NS_DCTERMS,
	NS_CONTENT,
	NS_MEDIA,
	NS_ITUNES,
	NS_SLASH,
	NS_RDF,
	NS_XHTML,
	NS_OTHER
};

static const struct {
	const char *uri;
	enum ns ns;
} namespaces[] = {
	{ "http://purl.org/rss/1.0/", NS_RSS },
	{ "http://my.netscape.com/rdf/simple/0.9/", NS_RSS },
	{ "http://backend.userland.com/rss2", NS_RSS },
	{ "http://backend.userland.com/rss", NS_RSS },
	{ "http://blogs.law.harvard.edu/tech/rss", NS_RSS },
	/* Names Atom had as a draft, still found in old feeds. */
	{ "http://example.com/newformat#", NS_ATOM },
	{ "http://example.com/necho", NS_ATOM },
	{ "http://purl.org/echo/", NS_ATOM },
	{ "uri/of/echo/namespace#", NS_ATOM },
	{ "http://purl.org/pie/", NS_ATOM },
	{ "http://www.w3.org/2005/Atom", NS_ATOM },
	{ "http://purl.org/atom/ns#", NS_ATOM },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://purl.org/dc/elements/1.0/", NS_DC },
	{ "http://purl.org/dc/terms/", NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	{ "http://purl.org/rss/1.0/modules/slash/", NS_SLASH },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
};

#define XML_NS_URI "http://www.w3.org/XML/1998/namespace"

/* What an element does. Text fields collect the element's text; the others
 * act on its attributes or open a box whose children are read. */
enum field {
	F_NONE = 0,
	F_TITLE,
	F_LINK,
	F_ID,
	F_AUTHOR,
	F_AUTHOR_EMAIL,
	F_AUTHOR_URI,
	F_PUBLISHED,
	F_UPDATED,
	F_SUMMARY,
	F_CONTENT,
	F_CATEGORY,
	F_DESCRIPTION,          /* the feed's */
	F_SOURCE_TITLE,
	F_RSS_SOURCE,           /* text: the title; url attribute: the link */
	F_GUID,                 /* text: the id; isPermaLink: also the link */
	F_NFIELDS,
	/* Attributes only. */
	A_ATOM_LINK,
	A_ENCLOSURE,
	A_MEDIA_CONTENT,
	A_MEDIA_THUMBNAIL,
	A_MEDIA_PLAYER,
	A_ATOM_CATEGORY,
	A_ITUNES_CATEGORY,
	/* Boxes. */
	B_AUTHOR,               /* atom:author: name, email, uri */
	B_SOURCE,               /* atom:source: the feed an entry came from */
	B_GROUP                 /* media:group, media:content: their children count as the item's */
};

enum scope {
	S_FEED,         /* a child of <channel> or of Atom's <feed> */
	S_ITEM,         /* a child of <item> or <entry> (or of media:group) */
	S_AUTHOR,       /* a child of atom:author */
	S_SOURCE        /* a child of atom:source */
};

/* How an element's text is to be read. */
enum text_kind {
	T_PLAIN,        /* text */
	T_HTML,         /* escaped HTML (RSS description, content:encoded) */
	T_RSS_TITLE,    /* text, unless it looks like HTML (as RSS titles often do) */
	T_ATOM,         /* an Atom text construct: the type attribute says */
	T_XHTML         /* XHTML markup: its child elements are the content */
};

struct element {
	enum ns ns;
	const char *name;
	enum scope scope;
	enum field field;
	int rank;       /* higher wins when several elements fill field */
	enum text_kind kind;
};

/* The ranks of the links an item can have (RFC 4287 §4.2.7.2: a link
 * without rel is an alternate). An alternate beats one without rel, which
 * beats other relations; among those a web page (http, https) beats one
 * for another kind of client (gemini:, ftp:), and an HTML page (or one of
 * no stated type) another type. RSS's <link> comes below an Atom
 * alternate; Media RSS's player and a guid that is a permalink only fill
 * in for an item without a link. */
enum {
	LINK_GUID = 5,
	LINK_PLAYER = 10,
	LINK_WEB_OTHER = 20,
	LINK_RSS = 27,
	LINK_OTHER_ALTERNATE = 22,     /* +2 with rel="alternate", +1 for HTML */
	LINK_WEB_ALTERNATE = 28,
};

/* Dates: a publication date beats a creation date. Authors: a name beats
 * an e-mail address. Bodies: content:encoded and atom:content are the
 * content; description, summary, itunes:summary and media:description
 * are summaries, in that order. */
static const struct element elements[] = {
	{ NS_RSS, "title", S_FEED, F_TITLE, 2, T_RSS_TITLE },
	{ NS_RSS, "link", S_FEED, F_LINK, LINK_RSS, T_PLAIN },
	{ NS_RSS, "description", S_FEED, F_DESCRIPTION, 2, T_RSS_TITLE },
	{ NS_ATOM, "title", S_FEED, F_TITLE, 3, T_ATOM },
	{ NS_ATOM, "subtitle", S_FEED, F_DESCRIPTION, 3, T_ATOM },
	{ NS_ATOM, "tagline", S_FEED, F_DESCRIPTION, 3, T_ATOM },
	{ NS_ATOM, "link", S_FEED, A_ATOM_LINK, 0, T_PLAIN },
	{ NS_DC, "title", S_FEED, F_TITLE, 1, T_PLAIN },
	{ NS_RSS, "abstract", S_FEED, F_DESCRIPTION, 1, T_PLAIN },
	{ NS_DC, "description", S_FEED, F_DESCRIPTION, 1, T_PLAIN },
	{ NS_ITUNES, "summary", S_FEED, F_DESCRIPTION, 1, T_PLAIN },
	{ NS_ITUNES, "subtitle", S_FEED, F_DESCRIPTION, 0, T_PLAIN },
	/* The feed's author: its atom:author (which its entries that name
	 * none have too, RFC 4287 §4.2.1), dc:creator, managingEditor (an
	 * editor, not the author of each item: RSS 2.0) or itunes:author
	 * (which its episodes that name none have too, as Apple's podcast
	 * specification has it). */
	{ NS_ATOM, "author", S_FEED, B_AUTHOR, 0, T_PLAIN },
	{ NS_DC, "creator", S_FEED, F_AUTHOR, 3, T_PLAIN },
	{ NS_DC, "author", S_FEED, F_AUTHOR, 3, T_PLAIN },
	{ NS_ITUNES, "author", S_FEED, F_AUTHOR, 2, T_PLAIN },
	{ NS_RSS, "managingEditor", S_FEED, F_AUTHOR, 1, T_PLAIN },

	{ NS_RSS, "title", S_ITEM, F_TITLE, 2, T_RSS_TITLE },
	{ NS_RSS, "link", S_ITEM, F_LINK, LINK_RSS, T_PLAIN },
	{ NS_RSS, "guid", S_ITEM, F_GUID, 2, T_PLAIN },
	{ NS_RSS, "author", S_ITEM, F_AUTHOR, 2, T_PLAIN },
	{ NS_RSS, "pubDate", S_ITEM, F_PUBLISHED, 3, T_PLAIN },
	{ NS_RSS, "description", S_ITEM, F_SUMMARY, 3, T_HTML },
	{ NS_RSS, "category", S_ITEM, F_CATEGORY, 1, T_PLAIN },
	{ NS_RSS, "enclosure", S_ITEM, A_ENCLOSURE, 0, T_PLAIN },
	{ NS_RSS, "source", S_ITEM, F_RSS_SOURCE, 1, T_PLAIN },
	{ NS_DC, "title", S_ITEM, F_TITLE, 1, T_PLAIN },
	{ NS_DC, "creator", S_ITEM, F_AUTHOR, 3, T_PLAIN },
	{ NS_DC, "author", S_ITEM, F_AUTHOR, 3, T_PLAIN },
	{ NS_DC, "contributor", S_ITEM, F_AUTHOR, 1, T_PLAIN },
	{ NS_DC, "date", S_ITEM, F_UPDATED, 2, T_PLAIN },
	{ NS_DC, "subject", S_ITEM, F_CATEGORY, 1, T_PLAIN },
	{ NS_DC, "description", S_ITEM, F_SUMMARY, 1, T_PLAIN },
	{ NS_DC, "identifier", S_ITEM, F_ID, 1, T_PLAIN },
	{ NS_DCTERMS, "issued", S_ITEM, F_PUBLISHED, 3, T_PLAIN },
	{ NS_DCTERMS, "created", S_ITEM, F_PUBLISHED, 1, T_PLAIN },
	{ NS_DCTERMS, "modified", S_ITEM, F_UPDATED, 2, T_PLAIN },
	{ NS_CONTENT, "encoded", S_ITEM, F_CONTENT, 2, T_HTML },
	{ NS_XHTML, "body", S_ITEM, F_CONTENT, 1, T_XHTML },
	/* CDF: ABSTRACT is the description. */
	{ NS_RSS, "abstract", S_ITEM, F_SUMMARY, 1, T_PLAIN },
	{ NS_ATOM, "title", S_ITEM, F_TITLE, 3, T_ATOM },
	{ NS_ATOM, "link", S_ITEM, A_ATOM_LINK, 0, T_PLAIN },
	{ NS_ATOM, "id", S_ITEM, F_ID, 3, T_PLAIN },
	{ NS_ATOM, "author", S_ITEM, B_AUTHOR, 0, T_PLAIN },
	{ NS_ATOM, "published", S_ITEM, F_PUBLISHED, 4, T_PLAIN },
	{ NS_ATOM, "issued", S_ITEM, F_PUBLISHED, 4, T_PLAIN },
	{ NS_ATOM, "created", S_ITEM, F_PUBLISHED, 1, T_PLAIN },
	{ NS_ATOM, "updated", S_ITEM, F_UPDATED, 3, T_PLAIN },
	{ NS_ATOM, "modified", S_ITEM, F_UPDATED, 3, T_PLAIN },
	{ NS_ATOM, "summary", S_ITEM, F_SUMMARY, 4, T_ATOM },
	{ NS_ATOM, "content", S_ITEM, F_CONTENT, 3, T_ATOM },
	{ NS_ATOM, "category", S_ITEM, A_ATOM_CATEGORY, 0, T_PLAIN },
	{ NS_ATOM, "source", S_ITEM, B_SOURCE, 0, T_PLAIN },
	{ NS_MEDIA, "group", S_ITEM, B_GROUP, 0, T_PLAIN },
	{ NS_MEDIA, "content", S_ITEM, A_MEDIA_CONTENT, 0, T_PLAIN },
	{ NS_MEDIA, "thumbnail", S_ITEM, A_MEDIA_THUMBNAIL, 0, T_PLAIN },
	{ NS_MEDIA, "player", S_ITEM, A_MEDIA_PLAYER, 0, T_PLAIN },
	/* type="plain" or "html", as an Atom text's type attribute. */
	{ NS_MEDIA, "title", S_ITEM, F_TITLE, 0, T_ATOM },
	{ NS_MEDIA, "description", S_ITEM, F_SUMMARY, 1, T_PLAIN },
	{ NS_MEDIA, "keywords", S_ITEM, F_CATEGORY, 0, T_PLAIN },
	{ NS_ITUNES, "author", S_ITEM, F_AUTHOR, 1, T_PLAIN },
	{ NS_ITUNES, "title", S_ITEM, F_TITLE, 0, T_PLAIN },
	{ NS_ITUNES, "summary", S_ITEM, F_SUMMARY, 2, T_PLAIN },
	{ NS_ITUNES, "subtitle", S_ITEM, F_SUMMARY, 0, T_PLAIN },
	{ NS_ITUNES, "category", S_ITEM, A_ITUNES_CATEGORY, 0, T_PLAIN },
	{ NS_ITUNES, "keywords", S_ITEM, F_CATEGORY, 0, T_PLAIN },
	{ NS_SLASH, "section", S_ITEM, F_CATEGORY, 1, T_PLAIN },

	{ NS_ATOM, "name", S_AUTHOR, F_AUTHOR, 4, T_PLAIN },
	{ NS_ATOM, "email", S_AUTHOR, F_AUTHOR_EMAIL, 1, T_PLAIN },
	{ NS_ATOM, "uri", S_AUTHOR, F_AUTHOR_URI, 1, T_PLAIN },
	{ NS_ATOM, "url", S_AUTHOR, F_AUTHOR_URI, 1, T_PLAIN },

	{ NS_ATOM, "title", S_SOURCE, F_SOURCE_TITLE, 1, T_ATOM },
	{ NS_ATOM, "link", S_SOURCE, A_ATOM_LINK, 0, T_PLAIN },
	{ NS_ATOM, "author", S_SOURCE, B_AUTHOR, 0, T_PLAIN },
};

#define NS_CACHE 8

/* A box (atom:author, atom:source, media:group) being read. */
struct box {
	int depth;
	enum field field;
	enum scope where;       /* of the box itself */
};

/* An xml:base in effect from depth on. */
struct base {
	int depth;
	char *uri;
};

struct state {
	xmlParserCtxtPtr ctxt;
	const struct nr_parse_opts *opts;
	struct nr_feed *feed;
	const struct nr_sink *sink;
	struct nr_err *warning;

	int depth;              /* of the element being read; the root is 1 */
	int feed_depth;         /* of <channel> / <feed>, 0 until seen */
	int item_depth;         /* of the current <item> / <entry>, 0 outside */
	int root_seen;
	int cdf;                /* the root is CDF's <CHANNEL> */
	struct box box;         /* the innermost box, depth 0 if none */
	struct box outer_box;   /* a group's box around an author, say */

	/* The element whose text is being collected. */
	const struct element *cur;
	int cur_depth;
	int cur_markup;         /* re-serialise child elements (Atom xhtml) */
	int cur_base64;         /* Atom 0.3 mode="base64" */
	enum nr_body_type cur_type;
	char *cur_attr;         /* an attribute the element's end needs */
	struct nr_buf text;

	struct base *bases;
	size_t nbases, capbases;

	/* The names of the open elements, names[depth - 1] (interned by the
	 * parser's dictionary), and the name of the end tag that did not
	 * match the open element, if the last error was that. */
	const xmlChar **names;
	size_t capnames;
	char mismatch[128];
	char *doc_base;         /* the location as a URI */
	int doc_base_web;       /* it is an http(s) URL */

	struct nr_item item;
	int item_ranks[F_NFIELDS];
	int feed_ranks[F_NFIELDS];
	/* Authors: the atom:author being read; the feed's own (feed_people,
	 * ranked by feed_people_rank, for feed->author) and those its items
	 * inherit (feed_authors, ranked by feed_ranks[F_AUTHOR]); the entry's
	 * source's, which an entry without authors takes (RFC 4287 §4.2.1);
	 * the first address given for the item, for an author named
	 * without. */
	struct nr_author cur_author;
	struct nr_buf author_text;      /* its own text: "<author>Jo</author>" */
	struct nr_item feed_authors;
	struct nr_item feed_people;
	int feed_people_rank;
	struct nr_item source_authors;
	char *any_email;
	/* libxml2 just dropped the "&#" of "&#X41;" (REF_HEX), or of a
	 * reference that is none ("&#XZZ;", REF_BAD). */
	enum { REF_NONE, REF_HEX, REF_BAD } dropped_ref;
	long items;
	int stopped;            /* the sink asked to stop */
	int not_feed;           /* the root element is not a feed's */
	char root_name[64];

	const xmlChar *ns_seen[NS_CACHE];
	enum ns ns_cls[NS_CACHE];
	unsigned ns_next;
};

static enum ns
ns_class_of(const xmlChar *uri)
{
	size_t i;

	if (uri == NULL) {
		return NS_RSS;
	}
	for (i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++) {
		if (strcasecmp((const char *)uri, namespaces[i].uri) == 0) {
			return namespaces[i].ns;
		}
	}
	/* Every version of UserLand's RSS namespace (rss, rss2, ...). */
	if (strstr((const char *)uri, "backend.userland.com/rss") != NULL) {
		return NS_RSS;
	}
	return NS_OTHER;
}

/* The parser interns namespace names in its dictionary, so a few
 * pointers remember the classes of a document's namespaces (for this
 * parse only: the dictionary goes with it): comparing every element's
 * namespace with every known one costs more than the parse. */
static enum ns
ns_class(struct state *st, const xmlChar *uri)
{
	unsigned i;

	if (uri == NULL) {
		return NS_RSS;
	}
	for (i = 0; i < NS_CACHE; i++) {
		if (st->ns_seen[i] == uri) {
			return st->ns_cls[i];
		}
	}
	i = st->ns_next++ % NS_CACHE;
	st->ns_seen[i] = uri;
	st->ns_cls[i] = ns_class_of(uri);
	return st->ns_cls[i];
}

static const struct element *
lookup(enum ns ns, const char *name, enum scope scope)
{
	size_t i;

	for (i = 0; i < sizeof elements / sizeof elements[0]; i++) {
		if (elements[i].scope == scope && elements[i].ns == ns &&
		    (elements[i].name[0] | 0x20) == (name[0] | 0x20) && strcasecmp(elements[i].name, name) == 0) {
			return &elements[i];
		}
	}
	return NULL;
}

/* The value of attribute name (no namespace) in SAX2's attribute array,
 * as a new string, or NULL. */
static char *
attr(int nb, const xmlChar **attrs, const char *name)
{
	int i;

	for (i = 0; i < nb; i++) {
		const xmlChar **a = attrs + i * 5;

		if (a[2] == NULL && strcmp((const char *)a[0], name) == 0) {
			return xstrndup((const char *)a[3], (size_t)(a[4] - a[3]));
		}
	}
	return NULL;
}

/* attr_clean() for a name in any case (CDF writes HREF). */
static char *
attr_ci(int nb, const xmlChar **attrs, const char *name)
{
	int i;

	for (i = 0; i < nb; i++) {
		const xmlChar **a = attrs + i * 5;

		if (a[2] == NULL && strcasecmp((const char *)a[0], name) == 0) {
			return nr_utf8_sanitize((const char *)a[3], (size_t)(a[4] - a[3]), NR_SAN_COLLAPSE);
		}
	}
	return NULL;
}

static char *
attr_clean(int nb, const xmlChar **attrs, const char *name)
{
	char *v = attr(nb, attrs, name), *s;

	if (v == NULL) {
		return NULL;
	}
	s = nr_utf8_sanitize(v, strlen(v), NR_SAN_COLLAPSE);
	free(v);
	return s;
}

#define RDF_NS_URI "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* The value of attribute name in namespace uri, sanitized, or NULL. */
static char *
attr_ns(int nb, const xmlChar **attrs, const char *uri, const char *name)
{
	int i;

	for (i = 0; i < nb; i++) {
		const xmlChar **a = attrs + i * 5;

		if (a[2] != NULL && strcmp((const char *)a[0], name) == 0 && strcmp((const char *)a[2], uri) == 0) {
			return nr_utf8_sanitize((const char *)a[3], (size_t)(a[4] - a[3]), NR_SAN_COLLAPSE);
		}
	}
	return NULL;
}

static int64_t
attr_number(int nb, const xmlChar **attrs, const char *name)
{
	char *v = attr(nb, attrs, name), *end;
	long long n;

	if (v == NULL) {
		return -1;
	}
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v || n < 0) {
		n = -1;
	}
	free(v);
	return n;
}

/* ---- xml:base and relative references ---- */

static int
is_web_url(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}


static const char *
current_base(const struct state *st)
{
	if (st->nbases > 0) {
		return st->bases[st->nbases - 1].uri;
	}
	/* A feed read over HTTP: the URL it came from (after redirects, or
	 * its Content-Location: app/update.c), as for any document on the
	 * web (RFC 3986 §5.1.3). */
	if (st->doc_base_web) {
		return st->doc_base;
	}
	/* A local feed's links are relative to its site, not to the file. */
	if (st->feed->link != NULL && strstr(st->feed->link, "://") != NULL) {
		return st->feed->link;
	}
	return st->doc_base;
}

/* ref resolved against base (util/url.c), taking ownership of ref. */
static char *
resolve(const char *base, char *ref)
{
	char *out = nr_url_resolve(base, ref);

	free(ref);
	return out;
}

static void
push_base(struct state *st, int nb, const xmlChar **attrs)
{
	int i;

	for (i = 0; i < nb; i++) {
		const xmlChar **a = attrs + i * 5;

		if (a[2] != NULL && strcmp((const char *)a[2], XML_NS_URI) == 0 &&
		    strcmp((const char *)a[0], "base") == 0) {
			char *v = xstrndup((const char *)a[3], (size_t)(a[4] - a[3]));
			char *uri = resolve(current_base(st), nr_utf8_sanitize(v, strlen(v), NR_SAN_COLLAPSE));

			free(v);
			/* A script is no base for links. */
			if (strncasecmp(uri, "javascript:", 11) == 0 || strncasecmp(uri, "data:", 5) == 0 ||
			    strncasecmp(uri, "vbscript:", 9) == 0) {
				free(uri);
				uri = xstrdup(current_base(st) ? current_base(st) : "");
			}
			if (st->nbases == st->capbases) {
				st->capbases = st->capbases ? st->capbases * 2 : 8;
				st->bases = xreallocarray(st->bases, st->capbases, sizeof *st->bases);
			}
			st->bases[st->nbases].depth = st->depth;
			st->bases[st->nbases].uri = uri;
			st->nbases++;
			return;
		}
	}
}

static void
pop_base(struct state *st)
{
	if (st->nbases > 0 && st->bases[st->nbases - 1].depth == st->depth) {
		free(st->bases[--st->nbases].uri);
	}
}

/* ---- fields ---- */

static void
set_string(char **dst, int *rank, int new_rank, char *value)
{
	if (value == NULL || (*dst != NULL && *rank >= new_rank)) {
		free(value);
		return;
	}
	if (value[0] == '\0' && *dst != NULL) {
		free(value);
		return;
	}
	free(*dst);
	*dst = value;
	*rank = new_rank;
}

/* Whether a MIME type (with or without parameters) is HTML's. */
static void
set_date(int64_t *dst, int *rank, int new_rank, const char *s)
{
	int64_t t;

	/* Of two dates of one rank, the later element wins. */
	if (*rank > new_rank) {
		return;
	}
	t = nr_date_parse(s);
	if (t != NR_TIME_UNKNOWN) {
		*dst = t;
		*rank = new_rank;
	}
}

static int
is_html_type(const char *type)
{
	size_t n = strcspn(type, "; \t");

	return (n == 9 && strncasecmp(type, "text/html", 9) == 0) ||
	    (n == 21 && strncasecmp(type, "application/xhtml+xml", 21) == 0);
}

/* An Atom <link>: its rank as the item's (or feed's) link (see LINK_*),
 * or 0 for relations that are never the article's page; an enclosure is
 * an enclosure. */
static void
atom_link(struct state *st, int nb, const xmlChar **attrs, enum scope scope)
{
	static const char *const not_pages[] = {
		"self", "edit", "edit-media", "replies", "hub", "license", "enclosure", "next", "previous",
		"prev", "first", "last", "payment", "search", "icon", "service.edit", "service.post",
		"service.feed", "start",
	};
	static const char iana[] = "http://www.iana.org/assignments/relation/";
	char *href = attr_clean(nb, attrs, "href");
	char *rel = attr_clean(nb, attrs, "rel");
	char *type = attr(nb, attrs, "type");
	const char *r = rel;
	int rank;
	size_t i;

	if (href == NULL) {
		free(rel);
		free(type);
		return;
	}
	href = resolve(current_base(st), href);
	if (r != NULL && strncasecmp(r, iana, sizeof iana - 1) == 0) {
		r += sizeof iana - 1;
	}
	if (r == NULL || r[0] == '\0' || strcasecmp(r, "alternate") == 0) {
		rank = is_web_url(href) ? LINK_WEB_ALTERNATE : LINK_OTHER_ALTERNATE;
		rank += (r != NULL && r[0] != '\0') * 2;
	} else {
		rank = is_web_url(href) ? LINK_WEB_OTHER : LINK_WEB_OTHER - 2;
		for (i = 0; i < sizeof not_pages / sizeof not_pages[0]; i++) {
			if (strcasecmp(r, not_pages[i]) == 0) {
				rank = 0;
				break;
			}
		}
	}
	if (rank > 0 && (type == NULL || is_html_type(type))) {
		rank++;
	}
	if (r != NULL && strcasecmp(r, "enclosure") == 0 && scope == S_ITEM) {
		char *t = attr_clean(nb, attrs, "type");

		nr_item_add_enclosure(&st->item, href, t, attr_number(nb, attrs, "length"));
		free(t);
	}
	free(rel);
	free(type);
	if (rank == 0) {
		free(href);
		return;
	}
	switch (scope) {
	case S_FEED:
		set_string(&st->feed->link, &st->feed_ranks[F_LINK], rank, href);
		break;
	case S_ITEM:
		set_string(&st->item.link, &st->item_ranks[F_LINK], rank, href);
		break;
	case S_SOURCE:
		set_string(&st->item.source_link, &st->item_ranks[F_RSS_SOURCE], rank, href);
		break;
	default:
		free(href);
	}
}

static void
media_content(struct state *st, int nb, const xmlChar **attrs, int thumbnail)
{
	char *url = attr_clean(nb, attrs, "url");
	char *type = attr_clean(nb, attrs, "type");

	if (url != NULL) {
		url = resolve(current_base(st), url);
		if (type == NULL) {
			/* medium="image" and thumbnails say what they are without a type. */
			char *medium = attr(nb, attrs, "medium");

			if (thumbnail || (medium != NULL && strcmp(medium, "image") == 0)) {
				type = xstrdup("image");
			} else if (medium != NULL && (strcmp(medium, "audio") == 0 || strcmp(medium, "video") == 0)) {
				type = xstrdup(medium);
			}
			free(medium);
		}
		nr_item_add_enclosure(&st->item, url, type, thumbnail ? -1 : attr_number(nb, attrs, "fileSize"));
	}
	free(url);
	free(type);
}

/* Atom's type attribute (and Atom 0.3's mode): text (default), html,
 * xhtml, or a MIME type (text/html, application/xhtml+xml, text/plain;
 * any other is read as text), in any case, with or without parameters. */
static enum nr_body_type
atom_type(int nb, const xmlChar **attrs, int *xhtml, int *base64)
{
	char *t = attr(nb, attrs, "type");
	char *mode = attr(nb, attrs, "mode");
	enum nr_body_type type = NR_BODY_TEXT;
	int plain = t == NULL;

	*xhtml = 0;
	*base64 = 0;
	if (t != NULL) {
		char *end = t + strlen(t);

		while (end > t && strchr(" \t\r\n", end[-1]) != NULL) {
			*--end = '\0';
		}
		if (strcasecmp(t, "html") == 0 || is_html_type(t)) {
			type = NR_BODY_HTML;
			*xhtml = strcasecmp(t, "html") != 0 && strncasecmp(t, "text/html", 9) != 0;
		} else if (strcasecmp(t, "xhtml") == 0) {
			type = NR_BODY_HTML;
			*xhtml = 1;
		} else if (strcasecmp(t, "text") == 0 || strncasecmp(t, "text/plain", 10) == 0) {
			plain = 1;
		}
	}
	if (mode != NULL) {
		if (strcasecmp(mode, "escaped") == 0) {
			/* Escaped text that is not said to be plain is HTML, as
			 * Atom 0.3 feeds meant it. */
			type = t != NULL && plain ? NR_BODY_TEXT : NR_BODY_HTML;
			*xhtml = 0;
		} else if (strcasecmp(mode, "base64") == 0) {
			*base64 = 1;
			*xhtml = 0;
		} else if (strcasecmp(mode, "xml") == 0 && type == NR_BODY_HTML) {
			*xhtml = 1;
		}
	}
	free(t);
	free(mode);
	return type;
}

static void
begin_capture(struct state *st, const struct element *el, int nb, const xmlChar **attrs)
{
	int xhtml = 0, base64 = 0;

	st->cur = el;
	st->cur_depth = st->depth;
	st->cur_markup = 0;
	st->cur_base64 = 0;
	switch (el->kind) {
	case T_ATOM:
		st->cur_type = atom_type(nb, attrs, &xhtml, &base64);
		st->cur_markup = xhtml;
		st->cur_base64 = base64;
		break;
	case T_HTML:
		st->cur_type = NR_BODY_HTML;
		break;
	case T_XHTML:
		st->cur_type = NR_BODY_HTML;
		st->cur_markup = 1;
		break;
	case T_RSS_TITLE:
	case T_PLAIN:
		st->cur_type = NR_BODY_TEXT;
		break;
	}
	free(st->cur_attr);
	st->cur_attr = NULL;
	if (el->field == F_GUID) {
		st->cur_attr = attr(nb, attrs, "isPermaLink");
	} else if (el->field == F_RSS_SOURCE) {
		st->cur_attr = attr_clean(nb, attrs, "url");
	}
	nr_buf_reset(&st->text);
}

/* Whether the scope of the element at the current depth is known, and
 * which it is. */
static int
scope_of(const struct state *st, enum scope *scope)
{
	int parent = st->depth - 1;

	if (st->box.depth != 0) {
		if (parent != st->box.depth) {
			return 0;
		}
		switch (st->box.field) {
		case B_AUTHOR:
			*scope = S_AUTHOR;
			return 1;
		case B_SOURCE:
			*scope = S_SOURCE;
			return 1;
		default:
			*scope = S_ITEM;
			return 1;
		}
	}
	if (st->item_depth != 0) {
		*scope = S_ITEM;
		return parent == st->item_depth;
	}
	*scope = S_FEED;
	return st->feed_depth != 0 && parent == st->feed_depth;
}

static void
open_box(struct state *st, enum field field, enum scope where)
{
	st->outer_box = st->box;
	st->box.depth = st->depth;
	st->box.field = field;
	st->box.where = where;
}

static void
write_start_tag(struct nr_buf *b, const char *name, int nb, const xmlChar **attrs)
{
	int i;

	nr_buf_addc(b, '<');
	nr_buf_adds(b, name);
	for (i = 0; i < nb; i++) {
		const xmlChar **a = attrs + i * 5;

		nr_buf_printf(b, " %s=\"", (const char *)a[0]);
		nr_buf_add_xml(b, (const char *)a[3], (size_t)(a[4] - a[3]));
		nr_buf_addc(b, '"');
	}
	nr_buf_addc(b, '>');
}

static void
start_root(struct state *st, const char *name, const xmlChar *prefix, const xmlChar *uri, int nb,
    const xmlChar **attrs)
{
	enum ns ns = ns_class(st, uri);

	st->root_seen = 1;
	if (strcasecmp(name, "rss") == 0 && ns == NS_RSS) {
		st->feed->kind = NR_KIND_RSS;
	} else if (strcmp(name, "RDF") == 0 && ns == NS_RDF) {
		st->feed->kind = NR_KIND_RDF;
	} else if (strcasecmp(name, "feed") == 0 && (ns == NS_ATOM || uri == NULL)) {
		st->feed->kind = NR_KIND_ATOM;
		st->feed_depth = st->depth;
	} else if (strcasecmp(name, "channel") == 0 && uri == NULL) {
		/* CDF: the root is the channel, its HREF the site. */
		char *href = attr_ci(nb, attrs, "href");

		st->feed->kind = NR_KIND_RSS;
		st->feed_depth = st->depth;
		st->cdf = 1;
		if (href != NULL) {
			set_string(&st->feed->link, &st->feed_ranks[F_LINK], LINK_RSS, resolve(current_base(st), href));
		}
	} else {
		st->not_feed = 1;
		snprintf(st->root_name, sizeof st->root_name, "%s%s%s",
		    prefix ? (const char *)prefix : "", prefix ? ":" : "", name);
		xmlStopParser(st->ctxt);
	}
}

static void
start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
    int nb_namespaces, const xmlChar **namespaces_, int nb_attributes, int nb_defaulted,
    const xmlChar **attributes)
{
	struct state *st = ((xmlParserCtxtPtr)ctx)->_private;
	const char *name = (const char *)localname;
	const struct element *el;
	enum scope scope;
	enum ns ns;

	(void)nb_namespaces;
	(void)namespaces_;
	(void)nb_defaulted;
	st->depth++;
	st->dropped_ref = REF_NONE;
	if ((size_t)st->depth > st->capnames) {
		st->capnames = st->capnames ? st->capnames * 2 : 64;
		st->names = xreallocarray(st->names, st->capnames, sizeof *st->names);
	}
	st->names[st->depth - 1] = localname;
	if (st->stopped || st->not_feed) {
		return;
	}
	if (st->cur != NULL) {
		/* Markup inside a field: Atom xhtml content is kept as markup;
		 * elsewhere (HTML tags left unescaped in an RSS description) the
		 * tags are written back for the renderer. */
		if (st->cur_type == NR_BODY_HTML) {
			write_start_tag(&st->text, name, nb_attributes, attributes);
		}
		return;
	}
	if (nb_attributes > 0) {
		push_base(st, nb_attributes, attributes);
	}
	if (!st->root_seen) {
		start_root(st, name, prefix, uri, nb_attributes, attributes);
		return;
	}
	ns = ns_class(st, uri);
	if (st->item_depth == 0) {
		if ((strcasecmp(name, "item") == 0 && ns == NS_RSS) || (strcasecmp(name, "entry") == 0 && ns == NS_ATOM)) {
			st->item_depth = st->depth;
			nr_item_init(&st->item);
			memset(st->item_ranks, 0, sizeof st->item_ranks);
			if (nb_attributes > 0 && st->cdf) {
				/* CDF: the item's page and its last change are
				 * attributes. */
				char *href = attr_ci(nb_attributes, attributes, "href");
				char *lastmod = attr_ci(nb_attributes, attributes, "lastmod");

				if (href != NULL) {
					set_string(&st->item.link, &st->item_ranks[F_LINK], LINK_RSS,
					    resolve(current_base(st), href));
				}
				if (lastmod != NULL) {
					set_date(&st->item.updated, &st->item_ranks[F_UPDATED], 2, lastmod);
					free(lastmod);
				}
			}
			if (nb_attributes > 0) {
				/* RSS 1.0: the item's URI is its id, unless it gives
				 * another (rank 0: anything beats it). */
				char *about = attr_ns(nb_attributes, attributes, RDF_NS_URI, "about");

				if (about != NULL) {
					set_string(&st->item.id, &st->item_ranks[F_ID], 0, about);
				}
			}
			return;
		}
		if (st->feed_depth == 0 && strcasecmp(name, "channel") == 0 && ns == NS_RSS) {
			st->feed_depth = st->depth;
			return;
		}
	}
	if (!scope_of(st, &scope)) {
		return;
	}
	el = lookup(ns, name, scope);
	if (el == NULL) {
		return;
	}
	switch (el->field) {
	case A_ATOM_LINK:
		atom_link(st, nb_attributes, attributes, scope);
		return;
	case A_ENCLOSURE: {
		char *url = attr_clean(nb_attributes, attributes, "url");
		char *type = attr_clean(nb_attributes, attributes, "type");

		if (url != NULL) {
			url = resolve(current_base(st), url);
			nr_item_add_enclosure(&st->item, url, type, attr_number(nb_attributes, attributes, "length"));
		}
		free(url);
		free(type);
		return;
	}
	case A_MEDIA_CONTENT:
		media_content(st, nb_attributes, attributes, 0);
		/* Its media:title and media:player are the item's. */
		open_box(st, B_GROUP, scope);
		return;
	case A_MEDIA_THUMBNAIL:
		media_content(st, nb_attributes, attributes, 1);
		return;
	case A_MEDIA_PLAYER: {
		char *url = attr_clean(nb_attributes, attributes, "url");

		if (url != NULL) {
			url = resolve(current_base(st), url);
			if (is_web_url(url)) {
				set_string(&st->item.link, &st->item_ranks[F_LINK], LINK_PLAYER, url);
			} else {
				free(url);
			}
		}
		return;
	}
	case A_ATOM_CATEGORY:
	case A_ITUNES_CATEGORY: {
		/* Atom's term is the category; its label only a display form. */
		char *term = attr_clean(nb_attributes, attributes,
		    el->field == A_ATOM_CATEGORY ? "term" : "text");

		nr_item_add_category(&st->item, term);
		free(term);
		return;
	}
	case B_AUTHOR:
		nr_buf_reset(&st->author_text);
		open_box(st, el->field, scope);
		return;
	case B_SOURCE:
	case B_GROUP:
		open_box(st, el->field, scope);
		return;
	case F_SUMMARY:
	case F_CONTENT:
		/* Bodies not asked for are skipped, except where the id may
		 * have to be made from the text: an item that so far has no
		 * id, link, title or date (nr_item_ensure_id). */
		if (!st->opts->want_body && (st->item.id != NULL || st->item.link != NULL ||
		    st->item.title != NULL || st->item.published != NR_TIME_UNKNOWN)) {
			return;
		}
		break;
	default:
		break;
	}
	begin_capture(st, el, nb_attributes, attributes);
}

/* ---- the end of an element ---- */

/* Whether text written as plain text holds HTML: an end tag, a line
 * break or image tag, or an entity. RSS titles often do, and then are HTML
 * (as the most careful parsers read them); "a < b" or "Name <e-mail>"
 * stay text. */
static int
looks_like_html(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i++) {
		if (s[i] == '<') {
			const char *t = s + i + 1;
			size_t left = n - i - 1;

			if ((t[0] == '/' && ((t[1] >= 'a' && t[1] <= 'z') || (t[1] >= 'A' && t[1] <= 'Z'))) ||
			    (left >= 3 && strncasecmp(t, "br", 2) == 0 && strchr(" />", t[2]) != NULL) ||
			    (left >= 4 && strncasecmp(t, "img ", 4) == 0)) {
				if (memchr(t, '>', left) != NULL) {
					return 1;
				}
			}
		} else if (s[i] == '&') {
			size_t j = i + 1;

			if (s[j] == '#') {
				j++;
			}
			while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
			    (s[j] >= '0' && s[j] <= '9'))) {
				j++;
			}
			if (j > i + 1 && j < n && s[j] == ';') {
				return 1;
			}
		}
	}
	return 0;
}

/* One line of plain text: markup in an html title is reduced to its text,
 * with its entities decoded. */
static char *
line_text(const char *s, size_t n, enum nr_body_type type)
{
	if (type != NR_BODY_HTML) {
		return nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE);
	}
	return nr_html_text(s, n);
}

static int
b64(int c)
{
	if (c >= 'A' && c <= 'Z') {
		return c - 'A';
	}
	if (c >= 'a' && c <= 'z') {
		return c - 'a' + 26;
	}
	if (c >= '0' && c <= '9') {
		return c - '0' + 52;
	}
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Atom 0.3 base64 content, decoded in place. */
static void
decode_base64(struct nr_buf *b)
{
	size_t i, o = 0;
	unsigned acc = 0;
	int bits = 0;

	for (i = 0; i < b->len; i++) {
		int v = b64((unsigned char)b->data[i]);

		if (v < 0) {
			continue;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			b->data[o++] = (char)((acc >> bits) & 0xFF);
		}
	}
	b->len = o;
	if (b->data != NULL) {
		b->data[o] = '\0';
	}
}

/* Whether c ends a token that may hold an address. */
static int
person_delim(char c)
{
	return c == '\0' || c == ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == ',' || c == ';' ||
	    c == '"' || c == '[' || c == ']';
}

/* A person as RSS, Dublin Core and iTunes write one, in every form feeds
 * use: "jo@example.com (Jo Smith)" (RSS 2.0's), "Jo Smith
 * <jo@example.com>" (RFC 5322's), "Jo Smith (jo@example.com)",
 * "mailto:jo@example.com", "jo@example.com", "Jo Smith". The address is
 * the word with an @ between a local part and a domain; the name is what
 * is left, without the brackets and quotes around it. v is one sanitized
 * line, changed in place; *name and *email are new strings or NULL. */
static void
parse_person(char *v, char **name, char **email)
{
	char *p, *start = NULL, *end = NULL, *at, *n, *e;
	size_t len;

	*name = *email = NULL;
	for (p = v; *p != '\0'; p = end) {
		while (*p != '\0' && person_delim(*p)) {
			p++;
		}
		for (end = p; !person_delim(*end); end++) {
		}
		at = memchr(p, '@', (size_t)(end - p));
		if (at != NULL && at > p && at + 1 < end && memchr(at + 1, '@', (size_t)(end - at - 1)) == NULL) {
			start = p;
			break;
		}
		if (*end == '\0') {
			end = NULL;
			break;
		}
	}
	if (start != NULL) {
		e = start;
		if (strncasecmp(e, "mailto:", 7) == 0) {
			e += 7;
		}
		*email = xstrndup(e, (size_t)(end - e));
		/* Take the address out with the brackets right around it. */
		if (start > v && (start[-1] == '<' || start[-1] == '(' || start[-1] == '[') &&
		    (*end == '>' || *end == ')' || *end == ']')) {
			start--;
			end++;
		}
		memmove(start, end, strlen(end) + 1);
	}
	/* What is left is the name, with the brackets, quotes and dashes
	 * around it taken off. */
	n = v;
	for (;;) {
		len = strlen(n);
		while (len > 0 && strchr(" ,;:-", n[len - 1]) != NULL) {
			n[--len] = '\0';
		}
		while (*n != '\0' && strchr(" ,;:-", *n) != NULL) {
			n++;
			len--;
		}
		if (len >= 2 && ((n[0] == '(' && n[len - 1] == ')') || (n[0] == '"' && n[len - 1] == '"') ||
		    (n[0] == '<' && n[len - 1] == '>' && start != NULL))) {
			n[len - 1] = '\0';
			n++;
			continue;
		}
		break;
	}
	if (*n != '\0') {
		*name = nr_utf8_sanitize(n, strlen(n), NR_SAN_COLLAPSE);
		if ((*name)[0] == '\0') {
			free(*name);
			*name = NULL;
		}
	}
}

/* An author of the item (or, outside items, of the feed) at rank: the
 * authors of the highest rank are kept (several dc:creator are several
 * authors); an address of a lower one serves a single author without. */
static void
add_ranked(struct nr_item *to, int *to_rank, int rank, const char *name, const char *email, const char *uri)
{
	/* An empty element of a higher rank holds no place. */
	if (to->nauthors == 0 || rank > *to_rank) {
		nr_item_clear_authors(to);
		*to_rank = rank;
	}
	if (rank == *to_rank) {
		nr_item_add_author(to, name, email, uri);
	}
}

/* inherit: the feed's items that name no author have this one. */
static void
add_author(struct state *st, int rank, int inherit, const char *name, const char *email, const char *uri)
{
	if (st->item_depth != 0) {
		if (email != NULL && st->any_email == NULL) {
			st->any_email = xstrdup(email);
		}
		add_ranked(&st->item, &st->item_ranks[F_AUTHOR], rank, name, email, uri);
		return;
	}
	add_ranked(&st->feed_people, &st->feed_people_rank, rank, name, email, uri);
	if (inherit) {
		add_ranked(&st->feed_authors, &st->feed_ranks[F_AUTHOR], rank, name, email, uri);
	}
}

/* An atom:author ends: it is the entry's, its source's or the feed's. */
static void
end_author(struct state *st)
{
	struct nr_author *a = &st->cur_author;

	/* An atom:author written as RSS's author, with no name, email or
	 * uri inside: its text is the person, in any of RSS's forms. */
	if (a->name == NULL && a->email == NULL && a->uri == NULL && st->author_text.len > 0) {
		char *v = nr_utf8_sanitize(st->author_text.data, st->author_text.len, NR_SAN_COLLAPSE);

		parse_person(v, &a->name, &a->email);
		free(v);
	}
	nr_buf_reset(&st->author_text);

	if (st->box.where == S_SOURCE) {
		nr_item_add_author(&st->source_authors, a->name, a->email, a->uri);
	} else {
		add_author(st, 4, 1, a->name, a->email, a->uri);
	}
	free(a->name);
	free(a->email);
	free(a->uri);
	memset(a, 0, sizeof *a);
}

/* Atom's xhtml content is one <div> that is the container, not content
 * (RFC 4287, 3.1.1.3): keep what is inside it. */
static void
unwrap_div(const char **s, size_t *n)
{
	const char *p = *s, *end = *s + *n, *gt;

	while (p < end && strchr(" \t\r\n", *p) != NULL) {
		p++;
	}
	while (end > p && strchr(" \t\r\n", end[-1]) != NULL) {
		end--;
	}
	if (end - p < 11 || strncmp(p, "<div", 4) != 0 || strchr(" >", p[4]) == NULL ||
	    strncmp(end - 6, "</div>", 6) != 0) {
		return;
	}
	gt = memchr(p, '>', (size_t)(end - p));
	if (gt == NULL || gt + 1 > end - 6) {
		return;
	}
	/* Only when that </div> closes this <div>: no other div inside. */
	if (memmem(gt, (size_t)(end - 6 - gt), "<div", 4) != NULL) {
		return;
	}
	*s = gt + 1;
	*n = (size_t)(end - 6 - (gt + 1));
}

static void
end_capture(struct state *st)
{
	const struct element *el = st->cur;
	enum nr_body_type type = st->cur_type;
	const char *s;
	size_t n;
	int *ranks = st->item_depth != 0 ? st->item_ranks : st->feed_ranks;
	char *v;

	st->cur = NULL;
	if (st->cur_base64) {
		decode_base64(&st->text);
	}
	s = nr_buf_str(&st->text);
	n = st->text.len;
	if (el->kind == T_RSS_TITLE && looks_like_html(s, n)) {
		type = NR_BODY_HTML;
	}
	if (el->scope == S_AUTHOR) {
		/* A child of atom:author: the first of each kind counts. */
		char **dst = el->field == F_AUTHOR ? &st->cur_author.name :
		    el->field == F_AUTHOR_EMAIL ? &st->cur_author.email : &st->cur_author.uri;

		if (*dst == NULL) {
			v = nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE);
			if (el->field == F_AUTHOR_URI) {
				v = resolve(current_base(st), v);
			} else if (el->field == F_AUTHOR_EMAIL && strncasecmp(v, "mailto:", 7) == 0) {
				memmove(v, v + 7, strlen(v + 7) + 1);
			}
			if (v != NULL && v[0] != '\0') {
				*dst = v;
			} else {
				free(v);
			}
		}
		return;
	}
	if (el->field == F_AUTHOR) {
		char *name, *email;

		v = nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE);
		parse_person(v, &name, &email);
		add_author(st, el->rank, el->ns == NS_ITUNES, name, email, NULL);
		free(name);
		free(email);
		free(v);
		return;
	}
	if (st->item_depth == 0) {
		switch (el->field) {
		case F_TITLE:
			set_string(&st->feed->title, &ranks[F_TITLE], el->rank, line_text(s, n, type));
			break;
		case F_LINK:
			v = resolve(current_base(st), nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE));
			set_string(&st->feed->link, &ranks[F_LINK], el->rank, v);
			break;
		case F_DESCRIPTION:
			set_string(&st->feed->description, &ranks[F_DESCRIPTION], el->rank, line_text(s, n, type));
			break;
		default:
			break;
		}
		return;
	}
	switch (el->field) {
	case F_TITLE:
		set_string(&st->item.title, &ranks[F_TITLE], el->rank, line_text(s, n, type));
		break;
	case F_LINK:
		v = resolve(current_base(st), nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE));
		set_string(&st->item.link, &ranks[F_LINK], el->rank, v);
		break;
	case F_GUID:
		v = nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE);
		/* A guid is the item's permalink unless it says it is not. */
		if (v[0] != '\0' && (st->cur_attr == NULL || strcmp(st->cur_attr, "false") != 0) &&
		    (strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0)) {
			set_string(&st->item.link, &ranks[F_LINK], LINK_GUID, xstrdup(v));
		}
		set_string(&st->item.id, &ranks[F_ID], el->rank, v);
		break;
	case F_ID:
		set_string(&st->item.id, &ranks[F_ID], el->rank, nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE));
		break;
	case F_PUBLISHED:
		set_date(&st->item.published, &ranks[F_PUBLISHED], el->rank, s);
		break;
	case F_UPDATED:
		set_date(&st->item.updated, &ranks[F_UPDATED], el->rank, s);
		break;
	case F_CATEGORY:
		if (el->rank == 0) {
			/* Keywords: a comma-separated list. */
			char *list = nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE), *tok, *save = NULL;

			for (tok = strtok_r(list, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
				char *t = nr_utf8_sanitize(tok, strlen(tok), NR_SAN_COLLAPSE);

				nr_item_add_category(&st->item, t);
				free(t);
			}
			free(list);
		} else {
			v = nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE);
			nr_item_add_category(&st->item, v);
			free(v);
		}
		break;
	case F_SOURCE_TITLE:
		set_string(&st->item.source_title, &ranks[F_SOURCE_TITLE], el->rank, line_text(s, n, type));
		break;
	case F_RSS_SOURCE:
		set_string(&st->item.source_title, &ranks[F_SOURCE_TITLE], el->rank, line_text(s, n, type));
		if (st->cur_attr != NULL) {
			set_string(&st->item.source_link, &ranks[F_RSS_SOURCE], 1,
			    resolve(current_base(st), st->cur_attr));
			st->cur_attr = NULL;
		}
		break;
	case F_SUMMARY:
		if (st->cur_markup) {
			unwrap_div(&s, &n);
		}
		v = nr_utf8_sanitize(s, n, NR_SAN_NEWLINES | NR_SAN_TABS);
		set_string(&st->item.summary, &ranks[F_SUMMARY], el->rank, v);
		if (st->item.summary == v) {
			st->item.summary_type = type;
		}
		break;
	case F_CONTENT:
		if (st->cur_markup) {
			unwrap_div(&s, &n);
		}
		v = nr_utf8_sanitize(s, n, NR_SAN_NEWLINES | NR_SAN_TABS);
		set_string(&st->item.content, &ranks[F_CONTENT], el->rank, v);
		if (st->item.content == v) {
			st->item.content_type = type;
		}
		break;
	default:
		break;
	}
}

/* What an item takes of the feed's (or source's) authors: every item
 * gets a copy, so a hostile feed of a thousand long authors and a million
 * empty items must not make each item that large: INHERIT_BYTES of
 * names, addresses and pages in all. */
#define INHERIT_BYTES 1024

static void
inherit_authors(struct nr_item *item, const struct nr_item *from)
{
	size_t i, total = 0;

	for (i = 0; i < from->nauthors; i++) {
		const struct nr_author *a = &from->authors[i];

		total += (a->name ? strlen(a->name) : 0) + (a->email ? strlen(a->email) : 0) +
		    (a->uri ? strlen(a->uri) : 0);
		if (total > INHERIT_BYTES) {
			break;
		}
		nr_item_add_author(item, a->name, a->email, a->uri);
	}
}

static void
end_item(struct state *st)
{
	st->item_depth = 0;
	st->box.depth = st->outer_box.depth = 0;
	st->items++;
	/* An atom:author the item left open is no one's. */
	free(st->cur_author.name);
	free(st->cur_author.email);
	free(st->cur_author.uri);
	memset(&st->cur_author, 0, sizeof st->cur_author);
	/* Atom: published, else updated. */
	if (st->item.published == NR_TIME_UNKNOWN) {
		st->item.published = st->item.updated;
	}
	/* An entry without authors has its source's, else the feed's (RFC
	 * 4287 §4.2.1); an episode the podcast's itunes:author. */
	if (st->item.nauthors == 0) {
		inherit_authors(&st->item, st->source_authors.nauthors > 0 ? &st->source_authors : &st->feed_authors);
	}
	nr_item_sync_authors(&st->item);
	if (st->item.author_email == NULL && st->any_email != NULL) {
		st->item.author_email = st->any_email;
		st->any_email = NULL;
	}
	free(st->any_email);
	st->any_email = NULL;
	nr_item_clear_authors(&st->source_authors);
	if (st->item.author == NULL && st->item.author_email != NULL) {
		st->item.author = xstrdup(st->item.author_email);
	}
	nr_item_ensure_id(&st->item);
	if (st->sink->item != NULL && st->sink->item(st->sink->ud, st->feed, &st->item) < 0) {
		st->stopped = 1;
		xmlStopParser(st->ctxt);
	}
	nr_item_clear(&st->item);
}

/* The element at the current depth ends. */
static void
close_one(struct state *st)
{
	if (st->depth <= 0) {
		return;
	}
	if (st->cur != NULL) {
		if (st->depth == st->cur_depth) {
			end_capture(st);
			pop_base(st);
		} else if (st->cur_type == NR_BODY_HTML) {
			nr_buf_printf(&st->text, "</%s>", (const char *)st->names[st->depth - 1]);
		}
		st->depth--;
		return;
	}
	if (st->box.depth == st->depth) {
		if (st->box.field == B_AUTHOR) {
			end_author(st);
		}
		st->box = st->outer_box;
		st->outer_box.depth = 0;
	} else if (st->item_depth == st->depth) {
		end_item(st);
	}
	pop_base(st);
	st->depth--;
}

/* libxml2 recovers from an end tag that does not match by closing the
 * innermost element instead, and from then on its idea of what is open is
 * one element off from the file's. Its error names the end tag that was
 * actually written; closing everything up to that element keeps the rest
 * of the feed readable (an unclosed <b> in a title must not swallow the
 * items after it). */
static void
end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct state *st = ((xmlParserCtxtPtr)ctx)->_private;
	int i;

	(void)localname;
	(void)prefix;
	(void)uri;
	st->dropped_ref = REF_NONE;
	if (st->mismatch[0] != '\0') {
		for (i = st->depth; i > 0; i--) {
			if (strcmp((const char *)st->names[i - 1], st->mismatch) == 0) {
				break;
			}
		}
		st->mismatch[0] = '\0';
		if (i > 0) {
			while (st->depth >= i) {
				close_one(st);
			}
			return;
		}
	}
	close_one(st);
}

/* The length of "X41;" (hex digits, then ';') at s[0..n), or 0. */
static int
hex_reference_len(const char *s, size_t n)
{
	size_t i = 1;

	if (n < 3 || s[0] != 'X') {
		return 0;
	}
	while (i < n && i < 9 && ((s[i] >= '0' && s[i] <= '9') || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f'))) {
		i++;
	}
	return i > 1 && i < n && s[i] == ';' ? (int)i + 1 : 0;
}

/* "&#X41;": XML writes the x of a hexadecimal reference in lower case
 * only, and libxml2 drops the "&#" of this one and keeps "X41;" as text.
 * Browsers read it as the character, and so does this: the text that
 * follows such an error starts with the rest of the reference. Returns
 * the bytes used. */
static int
hex_reference(struct state *st, const char *ch, int len)
{
	int n = hex_reference_len(ch, (size_t)len);
	unsigned long cp;
	char out[8];
	size_t k;

	if (n == 0) {
		return 0;
	}
	cp = strtoul(ch + 1, NULL, 16);
	/* What XML does not allow as a character is U+FFFD, as browsers
	 * make it. */
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp < 0x20 && cp != 9 && cp != 10 && cp != 13) ||
	    cp == 0xfffe || cp == 0xffff) {
		cp = 0xfffd;
	}
	k = nr_utf8_encode((uint32_t)cp, out);
	if (st->cur_markup) {
		nr_buf_add_xml(&st->text, out, k);
	} else {
		nr_buf_add(&st->text, out, k);
	}
	return n;
}

static void
characters(void *ctx, const xmlChar *ch, int len)
{
	struct state *st = ((xmlParserCtxtPtr)ctx)->_private;

	if (st->dropped_ref == REF_HEX) {
		st->dropped_ref = REF_NONE;
		if (st->cur != NULL) {
			int used = hex_reference(st, (const char *)ch, len);

			ch += used;
			len -= used;
		}
	} else if (st->dropped_ref == REF_BAD) {
		st->dropped_ref = REF_NONE;
		if (st->cur != NULL) {
			/* Escaped where the text is (or may be) HTML. */
			nr_buf_adds(&st->text, st->cur_markup || st->cur_type == NR_BODY_HTML ||
			    st->cur->kind == T_RSS_TITLE ? "&amp;#" : "&#");
		}
	}
	if (st->cur == NULL) {
		if (st->box.depth == st->depth && st->box.depth != 0 && st->box.field == B_AUTHOR &&
		    st->author_text.len < 1024) {
			nr_buf_add(&st->author_text, (const char *)ch, (size_t)len);
		}
		return;
	}
	if (st->cur_markup) {
		/* xhtml content: the text is markup text and must stay escaped. */
		nr_buf_add_xml(&st->text, (const char *)ch, (size_t)len);
		return;
	}
	nr_buf_add(&st->text, (const char *)ch, (size_t)len);
}

static void
on_error(void *ctx, xmlErrorPtr e)
{
	struct state *st = ((xmlParserCtxtPtr)ctx)->_private;

	/* xmlCreatePushParserCtxt reads the first bytes, and may find them
	 * broken (an encoding it cannot switch to), before our state is
	 * attached to the context: nothing to record then; the parse that
	 * follows reports what is wrong (found by tests/fuzz/fuzz_feed). */
	if (st == NULL || e == NULL || e->level < XML_ERR_ERROR) {
		return;
	}
	if (e->code == XML_ERR_TAG_NAME_MISMATCH && e->str2 != NULL) {
		snprintf(st->mismatch, sizeof st->mismatch, "%s", e->str2);
	}
	if (st->dropped_ref == REF_HEX && e->code == XML_ERR_INVALID_CHAR) {
		/* The same reference's value 0, which libxml2 reports next. */
		return;
	}
	if (e->code == XML_ERR_INVALID_DEC_CHARREF && st->ctxt != NULL && st->ctxt->input != NULL &&
	    st->ctxt->input->cur != NULL && st->ctxt->input->end != NULL &&
	    hex_reference_len((const char *)st->ctxt->input->cur,
	    (size_t)(st->ctxt->input->end - st->ctxt->input->cur)) > 0) {
		/* "&#X41;": read as the character (characters()); no problem
		 * worth a warning. */
		st->dropped_ref = REF_HEX;
		return;
	}
	if ((e->code == XML_ERR_INVALID_DEC_CHARREF || e->code == XML_ERR_INVALID_HEX_CHARREF) &&
	    st->ctxt != NULL && st->ctxt->input != NULL && st->ctxt->input->cur != NULL &&
	    st->ctxt->input->cur - st->ctxt->input->base >= 2 && st->ctxt->input->cur[-1] == '#' &&
	    st->ctxt->input->cur[-2] == '&') {
		/* Not a reference, found wrong at its first character: its
		 * "&#" is text, as browsers show it (after digits libxml2 has
		 * dropped those too, and nothing is put back). */
		st->dropped_ref = REF_BAD;
	}
	if (st->warning->code != NR_ERR_NONE) {
		return;
	}
	nr_err_set(st->warning, NR_ERR_PARSE, "%s", e->message ? e->message : "XML error");
	/* libxml2's messages end with a newline. */
	st->warning->msg[strcspn(st->warning->msg, "\n")] = '\0';
	st->warning->line = e->line;
}

/* Entities: those the document declares, else HTML's (&nbsp;, &eacute;),
 * which feeds use without declaring them. Declared here as internal
 * entities of the document, so that libxml2 expands them as any other. */
static xmlEntityPtr
get_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlEntityPtr ent = xmlSAX2GetEntity(ctx, name);
	const htmlEntityDesc *html;
	char value[8];
	size_t n;

	if (ent != NULL || ctxt->myDoc == NULL || ctxt->inSubset != 0) {
		return ent;
	}
	if (ctxt->myDoc->intSubset == NULL) {
		xmlCreateIntSubset(ctxt->myDoc, BAD_CAST "feed", NULL, NULL);
	}
	html = htmlEntityLookup(name);
	if (html == NULL) {
		/* An entity no one defines is text that happens to start with
		 * '&': keep it as written rather than lose it. */
		char *literal = xasprintf("&#38;%s;", (const char *)name);
		xmlEntityPtr lit = xmlAddDocEntity(ctxt->myDoc, name, XML_INTERNAL_GENERAL_ENTITY, NULL, NULL,
		    BAD_CAST literal);

		free(literal);
		return lit;
	}
	n = nr_utf8_encode(html->value, value);
	value[n] = '\0';
	return xmlAddDocEntity(ctxt->myDoc, name, XML_INTERNAL_GENERAL_ENTITY, NULL, NULL, BAD_CAST value);
}

/* An internal entity whose value holds markup would be parsed where it is
 * used, out of the markup filter's sight (a tag of 200,000 attributes in
 * one: 22 s): it is not declared, and its uses are kept as text. */
static void
entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id, const xmlChar *system_id,
    xmlChar *content)
{
	if (content != NULL && xmlStrchr(content, '<') != NULL) {
		return;
	}
	xmlSAX2EntityDecl(ctx, name, type, public_id, system_id, content);
}

static void
init_handler(xmlSAXHandler *h)
{
	/* Start from SAX2's defaults, which keep entity declarations so
	 * that internal entities expand, then take over everything that
	 * would build a tree. */
	memset(h, 0, sizeof *h);
	xmlSAXVersion(h, 2);
	h->startElementNs = start_element;
	h->endElementNs = end_element;
	h->characters = characters;
	h->cdataBlock = characters;
	h->ignorableWhitespace = characters;
	h->comment = NULL;
	h->processingInstruction = NULL;
	h->reference = NULL;
	h->getEntity = get_entity;
	h->entityDecl = entity_decl;
	/* No validation: declarations of attributes build nothing. */
	h->attributeDecl = NULL;
	h->externalSubset = nr_libxml_subset_done;
	h->serror = on_error;
	h->warning = NULL;
	h->error = NULL;
	h->fatalError = NULL;
}

/* The base URI of a document read from location: a URL as it is, a path
 * as a file: URL. */
static char *
location_uri(const char *location)
{
	if (location == NULL) {
		return NULL;
	}
	if (nr_url_has_scheme(location) && strstr(location, "://") != NULL) {
		return xstrdup(location);
	}
	return nr_url_from_path(location);
}

/* Whether the XML declaration at the start of data names ISO-8859-1 or
 * US-ASCII. */
static int
declares_latin1(const char *data, size_t n)
{
	static const char *const names[] = {
		"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso_8859-1",
	};
	char value[32];
	size_t i;

	if (nr_bound_declared_encoding(data, n, value, sizeof value) < 0) {
		return 0;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(value, names[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Whether the document is UTF-8: no UTF-16/32 byte order mark or zero
 * bytes at its start, and a declaration that names UTF-8 or no encoding. */
static int
is_utf8_document(const char *data, size_t n)
{
	char value[32];

	if (n >= 2 && (data[0] == '\0' || data[1] == '\0' || (unsigned char)data[0] == 0xfe ||
	    (unsigned char)data[0] == 0xff)) {
		return 0;
	}
	if (nr_bound_declared_encoding(data, n, value, sizeof value) < 0) {
		return 0;
	}
	return value[0] == '\0' || strcasecmp(value, "utf-8") == 0 || strcasecmp(value, "utf8") == 0;
}

/* The length of the valid UTF-8 sequence (RFC 3629) at s[0..n): 1 to 4;
 * 0 if it is cut off by the end of s but valid so far; if invalid, minus
 * the length of its longest valid start (at least 1), which becomes one
 * U+FFFD as browsers do (the WHATWG "maximal subpart" rule). */
static int
utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int len, i;

	if (s[0] < 0x80) {
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		lo = s[0] == 0xe0 ? 0xa0 : 0x80;
		hi = s[0] == 0xed ? 0x9f : 0xbf;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		lo = s[0] == 0xf0 ? 0x90 : 0x80;
		hi = s[0] == 0xf4 ? 0x8f : 0xbf;
	} else {
		return -1;
	}
	for (i = 1; i < len; i++) {
		if ((size_t)i >= n) {
			return 0;
		}
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xbf)) {
			return -i;
		}
	}
	return len;
}

/* The length of the longest start of s[0..n) that is whole, valid UTF-8
 * sequences: n for valid text; less at an invalid byte or a sequence cut
 * off by the end. ASCII, most of any feed, is skipped a word at a time. */
static size_t
valid_utf8_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		int len;

		i += nr_utf8_ascii_run(s + i, n - i);
		if (i >= n) {
			break;
		}
		if (u[i] >= 0xc2 && u[i] <= 0xdf && i + 1 < n && (u[i + 1] & 0xc0) == 0x80) {
			/* Two bytes: Latin, Greek, Cyrillic, Arabic, Hebrew. */
			i += 2;
			continue;
		}
		len = utf8_sequence(u + i, n - i);
		if (len <= 0) {
			break;
		}
		i += (size_t)len;
	}
	return i;
}

/* Append data[0..n) to out with every byte that is not part of a valid
 * UTF-8 sequence replaced by U+FFFD. A sequence cut off at the end is left
 * for the next call (unless final): returns the bytes consumed. libxml2,
 * left to itself, switches the whole rest of a document to Latin-1 at the
 * first bad byte, which garbles every later character (and loses the
 * markup of escaped HTML); one bad byte should cost one character. */
struct repair {
	long bad;               /* bytes replaced */
	long line;              /* the line of the first (1-based) */
	long lines;             /* newlines before it, while there is none */
};

/* Count the newlines of data[0..n) (before the first bad byte is found,
 * for its line number). */
static void
count_lines(const char *data, size_t n, struct repair *r)
{
	const char *q = data, *e = data + n;

	while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
		r->lines++;
		q++;
	}
}

static size_t
repair_utf8(const char *data, size_t n, struct nr_buf *out, int final, struct repair *r)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0, run = 0;

	while (i < n) {
		int len = utf8_sequence(s + i, n - i);

		if (len > 0) {
			i += (size_t)len;
			continue;
		}
		if (len == 0 && !final) {
			break;
		}
		/* At the end of the data a cut sequence is one bad run. */
		len = len == 0 ? -(int)(n - i) : len;
		nr_buf_add(out, data + run, i - run);
		nr_buf_add(out, "\xef\xbf\xbd", 3);
		if (r->bad == 0) {
			count_lines(data, i, r);
			r->line = r->lines + 1;
		}
		r->bad += -len;
		i += (size_t)-len;
		run = i;
	}
	nr_buf_add(out, data + run, i - run);
	if (r->bad == 0) {
		count_lines(data, i, r);
	}
	return i;
}

/* The filter's output goes to the push parser. */
static void
to_parser(void *ctx, const char *p, size_t n)
{
	xmlParseChunk(ctx, p, (int)n, 0);
}

static void
to_nothing(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
}

struct source {
	int fd;
	const char *data;
	size_t n;
};

static int
parse(struct source *src, const char *prefix, size_t nprefix, const char *location,
    const struct nr_parse_opts *opts, struct nr_feed *feed, const struct nr_sink *sink,
    struct nr_err *warning, struct nr_err *err)
{
	/* Each parse its own buffer: folders are parsed on several threads
	 * at once (parse/source.c). */
	enum { CHUNK = 256 * 1024 };
	char *chunk = NULL;
	xmlSAXHandler handler;
	struct state st;
	struct nr_buf fixed = NR_BUF_INIT, joined = NR_BUF_INIT;
	char pend[4];
	size_t off = 0, npend = 0;
	struct repair rep = { 0, 0, 0 };
	struct nr_bound bound;
	int rc = 0, first, utf8, width, big_endian;

	init_handler(&handler);
	memset(&st, 0, sizeof st);
	st.opts = opts;
	st.doc_base = location_uri(location);
	st.doc_base_web = st.doc_base != NULL && is_web_url(st.doc_base);
	st.feed = feed;
	st.sink = sink;
	st.warning = warning;
	nr_err_clear(warning);
	nr_err_clear(err);

	/* An encoding whose markup is not in ASCII bytes (UTF-7, EBCDIC,
	 * UTF-32 declared without a byte order mark) would pass the markup
	 * filter uncounted. */
	{
		char value[32];

		if (nr_bound_xml_refused(prefix, nprefix, value, sizeof value)) {
			char *shown = nr_utf8_sanitize(value, strlen(value), 0);

			nr_err_set(err, NR_ERR_FORMAT, _("encoding %s is not read: %s"),
			    shown, nr_bound_encoding_problem(value));
			free(shown);
			free(st.doc_base);
			return -1;
		}
	}
	utf8 = !declares_latin1(prefix, nprefix) && is_utf8_document(prefix, nprefix);
	if (utf8) {
		size_t used = repair_utf8(prefix, nprefix, &fixed, 0, &rep);

		npend = nprefix - used;
		memcpy(pend, prefix + used, npend);
		prefix = nr_buf_str(&fixed);
		nprefix = fixed.len;
	}
	/* The first bytes go to the context's creation so that it can
	 * detect the encoding. */
	first = nprefix > 4 ? 4 : (int)nprefix;
	/* No user data: the callbacks get the parser context, which SAX2's
	 * default handlers (entities, the document) need; our state hangs
	 * off its _private field. */
	st.ctxt = xmlCreatePushParserCtxt(&handler, NULL, prefix, first, location);
	if (st.ctxt == NULL) {
		nr_err_set(err, NR_ERR_PARSE, _("cannot create an XML parser"));
		nr_buf_free(&fixed);
		return -1;
	}
	st.ctxt->_private = &st;
	xmlCtxtUseOptions(st.ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOENT |
	    XML_PARSE_NOWARNING | XML_PARSE_NOERROR | XML_PARSE_NOCDATA |
	    (declares_latin1(prefix, nprefix) ? XML_PARSE_IGNORE_ENC : 0));
	if (declares_latin1(prefix, nprefix)) {
		/* Feeds that say ISO-8859-1 or ASCII are windows-1252 in
		 * practice (curly quotes, dashes and the euro sign in
		 * 0x80-0x9F), as browsers read them; as Latin-1 those bytes
		 * would be control characters and lost. */
		xmlCharEncodingHandlerPtr cp1252 = xmlFindCharEncodingHandler("windows-1252");

		if (cp1252 != NULL) {
			xmlSwitchToEncoding(st.ctxt, cp1252);
		}
	}
	/* Every byte after the first goes through the filter that keeps
	 * libxml2's work linear (markup/bound.h); the first, which set up
	 * the context, cannot hold a tag to cut. */
	nr_bound_sniff(prefix, nprefix, &width, &big_endian);
	nr_bound_init(&bound, NR_BOUND_XML, width, big_endian);
	nr_bound_feed(&bound, prefix, (size_t)first, to_nothing, NULL);
	if (nprefix > (size_t)first) {
		nr_bound_feed(&bound, prefix + first, nprefix - (size_t)first, to_parser, st.ctxt);
	}
	while (!st.stopped && !st.not_feed && st.ctxt->disableSAX < 2) {
		const char *p;
		ssize_t got;

		if (src->data != NULL) {
			got = (ssize_t)(src->n - off > CHUNK ? CHUNK : src->n - off);
			p = src->data + off;
			off += (size_t)got;
		} else {
			if (chunk == NULL) {
				chunk = xmalloc(CHUNK);
			}
			got = read(src->fd, chunk, CHUNK);
			if (got < 0 && errno == EINTR) {
				continue;
			}
			if (got < 0) {
				nr_err_set(err, NR_ERR_IO, _("read error: %s"), strerror(errno));
				rc = -1;
				break;
			}
			p = chunk;
		}
		if (got == 0) {
			break;
		}
		if (utf8) {
			/* Valid text (nearly always) goes to the parser as it
			 * is, a sequence cut off by the chunk's end waiting for
			 * the next one; anything else is repaired in a copy. */
			size_t v = npend == 0 ? valid_utf8_prefix(p, (size_t)got) : 0, rest = (size_t)got - v;

			if (npend == 0 && (rest == 0 || (rest < sizeof pend &&
			    utf8_sequence((const unsigned char *)p + v, rest) == 0))) {
				memcpy(pend, p + v, rest);
				npend = rest;
				got = (ssize_t)v;
				if (rep.bad == 0) {
					count_lines(p, v, &rep);
				}
			} else {
				size_t used;

				nr_buf_reset(&joined);
				nr_buf_add(&joined, pend, npend);
				nr_buf_add(&joined, p, (size_t)got);
				nr_buf_reset(&fixed);
				used = repair_utf8(joined.data, joined.len, &fixed, 0, &rep);
				npend = joined.len - used;
				memcpy(pend, joined.data + used, npend);
				p = nr_buf_str(&fixed);
				got = (ssize_t)fixed.len;
			}
		}
		nr_bound_feed(&bound, p, (size_t)got, to_parser, st.ctxt);
		if (bound.stop != NR_BOUND_GOING) {
			break;
		}
	}
	if (bound.stop != NR_BOUND_GOING && warning->code == NR_ERR_NONE) {
		/* Items read before it are kept; the rest is not read. */
		nr_err_set(warning, NR_ERR_PARSE, _("%s: the rest is not read"),
		    nr_bound_stop_reason((enum nr_bound_stop)bound.stop));
	}
	nr_bound_free(&bound);
	if (rc == 0 && !st.stopped && !st.not_feed) {
		if (npend > 0 && st.ctxt->disableSAX < 2) {
			/* A sequence cut off by the end of the file. */
			nr_buf_reset(&fixed);
			repair_utf8(pend, npend, &fixed, 1, &rep);
			nr_bound_feed(&bound, fixed.data, fixed.len, to_parser, st.ctxt);
		}
		nr_bound_finish(&bound, to_parser, st.ctxt);
		xmlParseChunk(st.ctxt, NULL, 0, 1);
	}
	nr_buf_free(&fixed);
	nr_buf_free(&joined);
	free(chunk);
	if (rep.bad > 0 && warning->code == NR_ERR_NONE) {
		nr_err_set(warning, NR_ERR_PARSE, ngettext("%ld byte that is not UTF-8 replaced by U+FFFD",
		    "%ld bytes that are not UTF-8 replaced by U+FFFD", (unsigned long)rep.bad), rep.bad);
		warning->line = rep.line;
	}
	if (st.item_depth != 0 && rc == 0 && !st.not_feed && !st.stopped) {
		/* A truncated file: keep the item that was being read if the
		 * feed gave its id already; an id made up from a half-read item
		 * would make it a second article once the whole is read. */
		if (st.item.id != NULL) {
			while (st.item_depth != 0 && st.depth > 0) {
				close_one(&st);
			}
		}
	}

	if (st.feed_people.nauthors > 0) {
		/* Set once the whole feed is read: its author may follow its
		 * items. */
		nr_item_sync_authors(&st.feed_people);
		free(feed->author);
		feed->author = st.feed_people.author;
		st.feed_people.author = NULL;
	}
	if (rc == 0) {
		if (st.not_feed) {
			nr_err_set(err, NR_ERR_FORMAT, _("not an RSS, RDF or Atom feed (the root element is <%s>)"),
			    st.root_name);
			rc = -1;
		} else if (!st.root_seen) {
			nr_err_set(err, NR_ERR_PARSE, _("not XML: %s"),
			    warning->code != NR_ERR_NONE ? warning->msg : _("no element found"));
			err->line = warning->line;
			rc = -1;
		} else if (st.items == 0 && feed->title == NULL && warning->code != NR_ERR_NONE) {
			nr_err_set(err, NR_ERR_PARSE, "%s", warning->msg);
			err->line = warning->line;
			rc = -1;
		}
	}
	if (st.ctxt->myDoc != NULL) {
		xmlFreeDoc(st.ctxt->myDoc);
		st.ctxt->myDoc = NULL;
	}
	xmlFreeParserCtxt(st.ctxt);
	nr_item_clear(&st.item);
	nr_item_clear(&st.feed_authors);
	nr_item_clear(&st.feed_people);
	nr_buf_free(&st.author_text);
	nr_item_clear(&st.source_authors);
	free(st.cur_author.name);
	free(st.cur_author.email);
	free(st.cur_author.uri);
	free(st.any_email);
	nr_buf_free(&st.text);
	while (st.nbases > 0) {
		free(st.bases[--st.nbases].uri);
	}
	free(st.bases);
	free(st.doc_base);
	free(st.cur_attr);
	free(st.names);
	return rc;
}

int
nr_xmlfeed_parse_fd(int fd, const char *prefix, size_t nprefix, const char *location,
    const struct nr_parse_opts *opts, struct nr_feed *feed, const struct nr_sink *sink,
    struct nr_err *warning, struct nr_err *err)
{
	struct source src = { fd, NULL, 0 };

	return parse(&src, prefix, nprefix, location, opts, feed, sink, warning, err);
}

int
nr_xmlfeed_parse_mem(const char *data, size_t n, const char *location,
    const struct nr_parse_opts *opts, struct nr_feed *feed, const struct nr_sink *sink,
    struct nr_err *warning, struct nr_err *err)
{
	size_t first = n > 4 ? 4 : n;
	struct source src = { -1, data + first, n - first };

	if (src.n == 0) {
		/* Nothing after the prefix: an empty read ends the loop. */
		src.data = data + n;
	}
	return parse(&src, data, first, location, opts, feed, sink, warning, err);
}
