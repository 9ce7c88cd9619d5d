/*
 * RSS, RDF and Atom through libxml2's SAX2 push parser.
 *
 * Specifications:
 *   RSS 2.0       https://www.rssboard.org/rss-specification
 *   RSS 0.91/0.92 https://www.rssboard.org/rss-0-9-1, https://www.rssboard.org/rss-0-9-2
 *   RSS 1.0 (RDF) https://web.resource.org/rss/1.0/spec
 *   Atom 1.0      https://www.rfc-editor.org/rfc/rfc4287
 *   Dublin Core   https://www.dublincore.org/specifications/dublin-core/dcmi-terms/
 *   content:encoded https://web.resource.org/rss/1.0/modules/content/
 *
 * No tree is built: an element's text is collected only when the element is
 * one we keep (the table below), and each item goes to the sink when its end
 * tag is read. Which element fills a field is decided by the table; when
 * several could (pubDate, dc:date, atom:published, atom:updated), the rank
 * decides, whatever their order in the file.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/xmlfeed.h"
#include "render/plain.h"
#include "util/date.h"
#include "util/utf8.h"

#define URI_ATOM "http://www.w3.org/2005/Atom"
#define URI_ATOM03 "http://purl.org/atom/ns#"
#define URI_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define URI_RSS10 "http://purl.org/rss/1.0/"
#define URI_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define URI_DC "http://purl.org/dc/elements/1.1/"
#define URI_CONTENT "http://purl.org/rss/1.0/modules/content/"

/* Namespace classes an element can be in. */
enum ns {
	NS_NONE_OR_RSS, /* no namespace, or the RSS 1.0 / 0.90 one */
	NS_IS_ATOM,     /* Atom 1.0 or 0.3 */
	NS_IS_DC,
	NS_IS_CONTENT,
	NS_OTHER
};

enum field {
	F_NONE = 0,
	F_TITLE,
	F_LINK,
	F_ID,
	F_AUTHOR,
	F_DATE,
	F_SUMMARY,
	F_CONTENT,
	F_DESCRIPTION,  /* feed level */
	F_AUTHOR_BOX    /* atom:author: its <name> child is the author */
};

enum scope {
	S_FEED,         /* a child of <channel> or of Atom's <feed> */
	S_ITEM          /* a child of <item> or <entry> */
};

struct element {
	enum ns ns;
	const char *name;
	enum scope scope;
	enum field field;
	int rank;       /* higher wins when several elements fill field */
	enum nr_body_type type; /* body fields: what the text is */
};

/* Dates: a publication date beats a modification date. Authors: a name
 * (dc:creator, atom:name) beats RSS <author>, which is an e-mail address.
 * Bodies: content:encoded and atom:content are content; description and
 * summary are summaries. */
static const struct element elements[] = {
	{ NS_NONE_OR_RSS, "title", S_FEED, F_TITLE, 1, NR_BODY_NONE },
	{ NS_NONE_OR_RSS, "link", S_FEED, F_LINK, 2, NR_BODY_NONE },
	{ NS_NONE_OR_RSS, "description", S_FEED, F_DESCRIPTION, 1, NR_BODY_NONE },
	{ NS_IS_ATOM, "title", S_FEED, F_TITLE, 2, NR_BODY_NONE },
	{ NS_IS_ATOM, "subtitle", S_FEED, F_DESCRIPTION, 2, NR_BODY_NONE },
	{ NS_IS_ATOM, "tagline", S_FEED, F_DESCRIPTION, 1, NR_BODY_NONE },
	{ NS_IS_ATOM, "link", S_FEED, F_LINK, 1, NR_BODY_NONE },

	{ NS_NONE_OR_RSS, "title", S_ITEM, F_TITLE, 1, NR_BODY_NONE },
	{ NS_NONE_OR_RSS, "link", S_ITEM, F_LINK, 2, NR_BODY_NONE },
	{ NS_NONE_OR_RSS, "guid", S_ITEM, F_ID, 2, NR_BODY_NONE },
	{ NS_NONE_OR_RSS, "author", S_ITEM, F_AUTHOR, 1, NR_BODY_NONE },
	{ NS_NONE_OR_RSS, "pubDate", S_ITEM, F_DATE, 3, NR_BODY_NONE },
	{ NS_NONE_OR_RSS, "description", S_ITEM, F_SUMMARY, 1, NR_BODY_HTML },
	{ NS_IS_DC, "creator", S_ITEM, F_AUTHOR, 2, NR_BODY_NONE },
	{ NS_IS_DC, "date", S_ITEM, F_DATE, 2, NR_BODY_NONE },
	{ NS_IS_CONTENT, "encoded", S_ITEM, F_CONTENT, 2, NR_BODY_HTML },
	{ NS_IS_ATOM, "title", S_ITEM, F_TITLE, 2, NR_BODY_NONE },
	{ NS_IS_ATOM, "link", S_ITEM, F_LINK, 1, NR_BODY_NONE },
	{ NS_IS_ATOM, "id", S_ITEM, F_ID, 1, NR_BODY_NONE },
	{ NS_IS_ATOM, "author", S_ITEM, F_AUTHOR_BOX, 3, NR_BODY_NONE },
	{ NS_IS_ATOM, "published", S_ITEM, F_DATE, 4, NR_BODY_NONE },
	{ NS_IS_ATOM, "issued", S_ITEM, F_DATE, 4, NR_BODY_NONE },
	{ NS_IS_ATOM, "updated", S_ITEM, F_DATE, 1, NR_BODY_NONE },
	{ NS_IS_ATOM, "modified", S_ITEM, F_DATE, 1, NR_BODY_NONE },
	{ NS_IS_ATOM, "summary", S_ITEM, F_SUMMARY, 2, NR_BODY_TEXT },
	{ NS_IS_ATOM, "content", S_ITEM, F_CONTENT, 3, NR_BODY_TEXT },
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
	int skip_depth;         /* inside an element whose children we ignore */
	int root_seen;

	/* The element whose text is being collected. */
	const struct element *cur;
	int cur_depth;
	int cur_markup;         /* re-serialise child elements (Atom xhtml) */
	enum nr_body_type cur_type;
	int author_depth;       /* inside atom:author, its depth */
	struct nr_buf text;

	struct nr_item item;
	int item_ranks[F_AUTHOR_BOX + 1];
	int feed_ranks[F_AUTHOR_BOX + 1];
	long items;
	int stopped;            /* the sink asked to stop */
	int not_feed;           /* the root element is not a feed's */
	char root_name[64];
};

static enum ns
ns_class(const xmlChar *uri)
{
	const char *u = (const char *)uri;

	if (u == NULL || strcmp(u, URI_RSS10) == 0 || strcmp(u, URI_RSS090) == 0) {
		return NS_NONE_OR_RSS;
	}
	if (strcmp(u, URI_ATOM) == 0 || strcmp(u, URI_ATOM03) == 0) {
		return NS_IS_ATOM;
	}
	if (strcmp(u, URI_DC) == 0) {
		return NS_IS_DC;
	}
	if (strcmp(u, URI_CONTENT) == 0) {
		return NS_IS_CONTENT;
	}
	return NS_OTHER;
}

static const struct element *
lookup(enum ns ns, const char *name, enum scope scope)
{
	size_t i;

	for (i = 0; i < sizeof elements / sizeof elements[0]; i++) {
		if (elements[i].ns == ns && elements[i].scope == scope &&
		    strcmp(elements[i].name, name) == 0) {
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

		if (a[1] == NULL && strcmp((const char *)a[0], name) == 0) {
			return xstrndup((const char *)a[3], (size_t)(a[4] - a[3]));
		}
	}
	return NULL;
}

/* Atom's type attribute: text (default), html, xhtml, or a MIME type. */
static enum nr_body_type
atom_type(int nb, const xmlChar **attrs, int *xhtml)
{
	char *t = attr(nb, attrs, "type");
	enum nr_body_type type = NR_BODY_TEXT;

	*xhtml = 0;
	if (t != NULL) {
		if (strcmp(t, "html") == 0 || strcmp(t, "text/html") == 0 ||
		    strcmp(t, "escaped") == 0) {
			type = NR_BODY_HTML;
		} else if (strcmp(t, "xhtml") == 0 || strcmp(t, "application/xhtml+xml") == 0) {
			type = NR_BODY_HTML;
			*xhtml = 1;
		}
		free(t);
	}
	return type;
}

static void
set_string(char **dst, int *rank, int new_rank, char *value)
{
	if (*dst != NULL && *rank >= new_rank) {
		free(value);
		return;
	}
	free(*dst);
	*dst = value;
	*rank = new_rank;
}

/* An Atom <link>: rel="alternate" (or no rel) is the article's page and
 * beats any other rel; enclosures, self and the like are not the link. */
static void
atom_link(struct state *st, int nb, const xmlChar **attrs, char **dst, int *rank)
{
	char *href = attr(nb, attrs, "href");
	char *rel = attr(nb, attrs, "rel");
	int r;

	if (href == NULL) {
		free(rel);
		return;
	}
	if (rel == NULL || strcmp(rel, "alternate") == 0) {
		r = 3;
	} else if (strcmp(rel, "self") == 0 || strcmp(rel, "enclosure") == 0 ||
	    strcmp(rel, "edit") == 0 || strcmp(rel, "replies") == 0 || strcmp(rel, "hub") == 0) {
		r = 0;
	} else {
		r = 1;
	}
	free(rel);
	if (r == 0) {
		free(href);
		return;
	}
	set_string(dst, rank, r, nr_utf8_sanitize(href, strlen(href), NR_SAN_COLLAPSE));
	free(href);
	(void)st;
}

static void
begin_capture(struct state *st, const struct element *el, enum nr_body_type type, int markup)
{
	st->cur = el;
	st->cur_depth = st->depth;
	st->cur_type = type;
	st->cur_markup = markup;
	nr_buf_reset(&st->text);
}

static void
start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
    int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
    const xmlChar **attributes)
{
	struct state *st = ((xmlParserCtxtPtr)ctx)->_private;
	const char *name = (const char *)localname;
	enum ns ns = ns_class(uri);
	const struct element *el;
	int parent, xhtml = 0;

	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	st->depth++;
	if (st->stopped || st->not_feed) {
		return;
	}
	if (!st->root_seen) {
		st->root_seen = 1;
		if (strcmp(name, "rss") == 0 && uri == NULL) {
			st->feed->kind = NR_KIND_RSS;
		} else if (strcmp(name, "RDF") == 0 && uri != NULL && strcmp((const char *)uri, URI_RDF) == 0) {
			st->feed->kind = NR_KIND_RDF;
		} else if (strcmp(name, "feed") == 0 && (ns == NS_IS_ATOM || uri == NULL)) {
			st->feed->kind = NR_KIND_ATOM;
			st->feed_depth = st->depth;
		} else {
			st->not_feed = 1;
			snprintf(st->root_name, sizeof st->root_name, "%s%s%s",
			    prefix ? (const char *)prefix : "", prefix ? ":" : "", name);
			xmlStopParser(st->ctxt);
		}
		return;
	}
	if (st->cur != NULL) {
		/* Markup inside a field: Atom xhtml content is kept as markup;
		 * elsewhere (HTML tags left unescaped in an RSS description) the
		 * text is kept and the tags are written back for the renderer. */
		if (st->cur_type == NR_BODY_HTML) {
			int i;

			nr_buf_addc(&st->text, '<');
			nr_buf_adds(&st->text, name);
			for (i = 0; i < nb_attributes; i++) {
				const xmlChar **a = attributes + i * 5;
				const char *v = (const char *)a[3];
				size_t n = (size_t)(a[4] - a[3]), j;

				nr_buf_printf(&st->text, " %s=\"", (const char *)a[0]);
				for (j = 0; j < n; j++) {
					if (v[j] == '"') {
						nr_buf_adds(&st->text, "&quot;");
					} else if (v[j] == '&') {
						nr_buf_adds(&st->text, "&amp;");
					} else if (v[j] == '<') {
						nr_buf_adds(&st->text, "&lt;");
					} else {
						nr_buf_addc(&st->text, v[j]);
					}
				}
				nr_buf_addc(&st->text, '"');
			}
			nr_buf_addc(&st->text, '>');
		}
		return;
	}
	if (st->skip_depth != 0) {
		return;
	}
	if (st->item_depth == 0) {
		if ((strcmp(name, "item") == 0 && ns == NS_NONE_OR_RSS) ||
		    (strcmp(name, "entry") == 0 && ns == NS_IS_ATOM)) {
			st->item_depth = st->depth;
			nr_item_init(&st->item);
			memset(st->item_ranks, 0, sizeof st->item_ranks);
			return;
		}
		if (st->feed_depth == 0 && strcmp(name, "channel") == 0 && ns == NS_NONE_OR_RSS) {
			st->feed_depth = st->depth;
			return;
		}
		if (st->feed_depth == 0 || st->depth != st->feed_depth + 1) {
			return;
		}
		el = lookup(ns, name, S_FEED);
		if (el == NULL) {
			return;
		}
		if (ns == NS_IS_ATOM && el->field == F_LINK) {
			atom_link(st, nb_attributes, attributes, &st->feed->link, &st->feed_ranks[F_LINK]);
			return;
		}
		if (ns == NS_IS_ATOM && el->field == F_TITLE) {
			begin_capture(st, el, atom_type(nb_attributes, attributes, &xhtml), xhtml);
			return;
		}
		begin_capture(st, el, NR_BODY_TEXT, 0);
		return;
	}

	/* Inside an item. */
	parent = st->author_depth != 0 ? st->author_depth : st->item_depth;
	if (st->depth != parent + 1) {
		return;
	}
	if (st->author_depth != 0) {
		if (ns == NS_IS_ATOM && strcmp(name, "name") == 0) {
			static const struct element author_name = {
				NS_IS_ATOM, "name", S_ITEM, F_AUTHOR, 3, NR_BODY_NONE
			};

			begin_capture(st, &author_name, NR_BODY_TEXT, 0);
		}
		return;
	}
	if (ns == NS_IS_ATOM && strcmp(name, "source") == 0) {
		/* The feed an entry was copied from: its title and links are
		 * not the entry's. */
		st->skip_depth = st->depth;
		return;
	}
	el = lookup(ns, name, S_ITEM);
	if (el == NULL) {
		return;
	}
	switch (el->field) {
	case F_LINK:
		if (ns == NS_IS_ATOM) {
			atom_link(st, nb_attributes, attributes, &st->item.link, &st->item_ranks[F_LINK]);
			return;
		}
		break;
	case F_AUTHOR_BOX:
		st->author_depth = st->depth;
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
		if (ns == NS_IS_ATOM) {
			enum nr_body_type type = atom_type(nb_attributes, attributes, &xhtml);

			begin_capture(st, el, type, xhtml);
			return;
		}
		begin_capture(st, el, el->type, 0);
		return;
	case F_TITLE:
		if (ns == NS_IS_ATOM) {
			/* An html or xhtml title is reduced to its text when it ends. */
			begin_capture(st, el, atom_type(nb_attributes, attributes, &xhtml), xhtml);
			return;
		}
		break;
	default:
		break;
	}
	begin_capture(st, el, NR_BODY_TEXT, 0);
}

/* Titles are one line of plain text: markup in an html title is reduced
 * to its text, with its entities decoded. */
static char *
title_text(const char *s, size_t n, enum nr_body_type type)
{
	char *html, *text, *out;

	if (type != NR_BODY_HTML) {
		return nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE);
	}
	html = xstrndup(s, n);
	text = nr_render_plain(html, NR_BODY_HTML);
	out = nr_utf8_sanitize(text, strlen(text), NR_SAN_COLLAPSE);
	free(html);
	free(text);
	return out;
}

static void
end_capture(struct state *st)
{
	const struct element *el = st->cur;
	const char *s = nr_buf_str(&st->text);
	size_t n = st->text.len;
	int *ranks = st->item_depth != 0 ? st->item_ranks : st->feed_ranks;
	char *v;

	st->cur = NULL;
	if (st->item_depth == 0) {
		switch (el->field) {
		case F_TITLE:
			set_string(&st->feed->title, &ranks[F_TITLE], el->rank, title_text(s, n, st->cur_type));
			break;
		case F_LINK:
			set_string(&st->feed->link, &ranks[F_LINK], el->rank, nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE));
			break;
		case F_DESCRIPTION:
			set_string(&st->feed->description, &ranks[F_DESCRIPTION], el->rank,
			    nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE));
			break;
		default:
			break;
		}
		return;
	}
	switch (el->field) {
	case F_TITLE:
		set_string(&st->item.title, &ranks[F_TITLE], el->rank, title_text(s, n, st->cur_type));
		break;
	case F_LINK:
		set_string(&st->item.link, &ranks[F_LINK], el->rank, nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE));
		break;
	case F_ID:
		set_string(&st->item.id, &ranks[F_ID], el->rank, nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE));
		break;
	case F_AUTHOR:
		set_string(&st->item.author, &ranks[F_AUTHOR], el->rank, nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE));
		break;
	case F_DATE:
		if (ranks[F_DATE] < el->rank) {
			int64_t t = nr_date_parse(s);

			if (t != NR_TIME_UNKNOWN) {
				st->item.published = t;
				ranks[F_DATE] = el->rank;
			}
		}
		break;
	case F_SUMMARY:
		v = nr_utf8_sanitize(s, n, NR_SAN_NEWLINES | NR_SAN_TABS);
		set_string(&st->item.summary, &ranks[F_SUMMARY], el->rank, v);
		if (st->item.summary == v) {
			st->item.summary_type = st->cur_type;
		}
		break;
	case F_CONTENT:
		v = nr_utf8_sanitize(s, n, NR_SAN_NEWLINES | NR_SAN_TABS);
		set_string(&st->item.content, &ranks[F_CONTENT], el->rank, v);
		if (st->item.content == v) {
			st->item.content_type = st->cur_type;
		}
		break;
	default:
		break;
	}
}

static void
end_item(struct state *st)
{
	st->item_depth = 0;
	st->items++;
	/* A guid that is the article's permalink serves as its link. */
	if (st->item.link == NULL && st->item.id != NULL &&
	    (strncmp(st->item.id, "http://", 7) == 0 || strncmp(st->item.id, "https://", 8) == 0)) {
		st->item.link = xstrdup(st->item.id);
	}
	nr_item_ensure_id(&st->item);
	if (st->sink->item != NULL && st->sink->item(st->sink->ud, st->feed, &st->item) < 0) {
		st->stopped = 1;
		xmlStopParser(st->ctxt);
	}
	nr_item_clear(&st->item);
}

static void
end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct state *st = ((xmlParserCtxtPtr)ctx)->_private;

	(void)prefix;
	(void)uri;
	if (st->cur != NULL) {
		if (st->depth == st->cur_depth) {
			end_capture(st);
		} else if (st->cur_type == NR_BODY_HTML) {
			nr_buf_printf(&st->text, "</%s>", (const char *)localname);
		}
	} else if (st->skip_depth == st->depth) {
		st->skip_depth = 0;
	} else if (st->author_depth == st->depth) {
		st->author_depth = 0;
	} else if (st->item_depth == st->depth) {
		end_item(st);
	}
	st->depth--;
}

static void
characters(void *ctx, const xmlChar *ch, int len)
{
	struct state *st = ((xmlParserCtxtPtr)ctx)->_private;

	if (st->cur == NULL) {
		return;
	}
	if (st->cur_markup) {
		/* xhtml content: the text is markup text and must stay escaped. */
		int i;

		for (i = 0; i < len; i++) {
			switch (ch[i]) {
			case '<':
				nr_buf_adds(&st->text, "&lt;");
				break;
			case '>':
				nr_buf_adds(&st->text, "&gt;");
				break;
			case '&':
				nr_buf_adds(&st->text, "&amp;");
				break;
			default:
				nr_buf_addc(&st->text, (char)ch[i]);
			}
		}
		return;
	}
	nr_buf_add(&st->text, (const char *)ch, (size_t)len);
}

static void
on_error(void *ctx, xmlErrorPtr e)
{
	struct state *st = ((xmlParserCtxtPtr)ctx)->_private;

	if (e == NULL || e->level < XML_ERR_ERROR || st->warning->code != NR_ERR_NONE) {
		return;
	}
	nr_err_set(st->warning, NR_ERR_PARSE, "%s", e->message ? e->message : "XML error");
	/* libxml2's messages end with a newline. */
	st->warning->msg[strcspn(st->warning->msg, "\n")] = '\0';
	st->warning->line = e->line;
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
	h->serror = on_error;
	h->warning = NULL;
	h->error = NULL;
	h->fatalError = NULL;
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
	static char chunk[256 * 1024];
	xmlSAXHandler handler;
	struct state st;
	int rc = 0, first;
	size_t off = 0;

	init_handler(&handler);
	memset(&st, 0, sizeof st);
	st.opts = opts;
	st.feed = feed;
	st.sink = sink;
	st.warning = warning;
	nr_err_clear(warning);
	nr_err_clear(err);

	/* The first bytes go to the context's creation so that it can
	 * detect the encoding. */
	first = nprefix > 4 ? 4 : (int)nprefix;
	/* No user data: the callbacks get the parser context, which SAX2's
	 * default handlers (entities, the document) need; our state hangs
	 * off its _private field. */
	st.ctxt = xmlCreatePushParserCtxt(&handler, NULL, prefix, first, location);
	if (st.ctxt == NULL) {
		nr_err_set(err, NR_ERR_PARSE, _("cannot create an XML parser"));
		return -1;
	}
	st.ctxt->_private = &st;
	xmlCtxtUseOptions(st.ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOENT |
	    XML_PARSE_NOWARNING | XML_PARSE_NOERROR | XML_PARSE_NOCDATA);
	if (nprefix > (size_t)first) {
		xmlParseChunk(st.ctxt, prefix + first, (int)(nprefix - (size_t)first), 0);
	}
	while (!st.stopped && !st.not_feed && st.ctxt->disableSAX < 2) {
		const char *p;
		ssize_t got;

		if (src->data != NULL) {
			got = (ssize_t)(src->n - off > sizeof chunk ? sizeof chunk : src->n - off);
			p = src->data + off;
			off += (size_t)got;
		} else {
			got = read(src->fd, chunk, sizeof chunk);
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
		xmlParseChunk(st.ctxt, p, (int)got, 0);
	}
	if (rc == 0 && !st.stopped && !st.not_feed) {
		xmlParseChunk(st.ctxt, NULL, 0, 1);
	}
	if (st.item_depth != 0 && rc == 0 && !st.not_feed) {
		/* A truncated file: keep the item that was being read. */
		if (st.cur != NULL) {
			end_capture(&st);
		}
		end_item(&st);
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
	nr_buf_free(&st.text);
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
