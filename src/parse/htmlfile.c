/*
 * HTML article files.
 *
 * Character set: the <meta> prescan of
 *   https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding
 * with ISO-8859-1 and US-ASCII read as windows-1252:
 *   https://encoding.spec.whatwg.org/#names-and-labels
 * Open Graph (og:title, og:url, og:site_name, article:published_time):
 *   https://ogp.me/
 * <time datetime>:
 *   https://html.spec.whatwg.org/multipage/text-level-semantics.html#the-time-element
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/bound.h"
#include "markup/html.h"
#include "markup/libxml.h"
#include "nls.h"
#include "parse/htmlfile.h"
#include "util/date.h"
#include "util/utf8.h"

/* The meta tag naming the character set comes early in the head; HTML says
 * to look in the first 1024 bytes, pages with long heads need a little more. */
#define CHARSET_SNIFF_BYTES 8192

/* The parser's options are markup/libxml.h's: the character set is found
 * here, not by libxml2, which would switch to Latin-1 at the first bad
 * UTF-8 byte. */
#define HTML_OPTIONS nr_libxml_html_options()

/* Elements that hold no article text. */
static const char *const dropped[] = {
	"script", "style", "noscript", "template", "iframe",
};

/* Meta tags read, by the value of their name, property or itemprop. */
enum meta_slot {
	M_AUTHOR,
	M_ARTICLE_AUTHOR,
	M_OG_TITLE,
	M_OG_URL,
	M_SITE_NAME,
	M_DATE_ARTICLE,
	M_DATE_OG,
	M_DATE_NAME,
	M_DATE_ITEMPROP,
	M_COUNT
};

static const struct {
	const char *key;
	enum meta_slot slot;
} meta_keys[] = {
	{ "author", M_AUTHOR },
	{ "article:author", M_ARTICLE_AUTHOR },
	{ "og:title", M_OG_TITLE },
	{ "og:url", M_OG_URL },
	{ "og:site_name", M_SITE_NAME },
	{ "article:published_time", M_DATE_ARTICLE },
	{ "og:published_time", M_DATE_OG },
	{ "date", M_DATE_NAME },
	{ "datePublished", M_DATE_ITEMPROP },
};

/* Windows-1252 for bytes 0x80..0x9f, which pages labelled ISO-8859-1 use
 * for curly quotes and dashes (as browsers assume); 0 where it has none. */
static const uint16_t cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

static int
is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

/* The node after n in document order within root, skipping n's children.
 * Walking with parent and sibling links needs no stack, however deep the
 * page nests. */
static xmlNode *
next_skip(xmlNode *n, const xmlNode *root)
{
	while (n != root && n->next == NULL) {
		n = n->parent;
	}
	return n == root ? NULL : n->next;
}

static xmlNode *
next_node(xmlNode *n, const xmlNode *root)
{
	if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
		return n->children;
	}
	return next_skip(n, root);
}

static xmlNode *
find_element(xmlNode *root, const char *name)
{
	xmlNode *n;

	for (n = root; n != NULL; n = next_node(n, root)) {
		if (is_element(n, name)) {
			return n;
		}
	}
	return NULL;
}

/* An attribute's value as a new sanitised string, white space collapsed;
 * NULL if absent or empty. */
static char *
attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL) {
		return NULL;
	}
	s = nr_utf8_sanitize((const char *)v, strlen((const char *)v), NR_SAN_COLLAPSE);
	xmlFree(v);
	if (s[0] == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* Whether a space-separated attribute (rel) holds word. */
static int
attr_has_word(const xmlNode *n, const char *name, const char *word)
{
	char *v = attr(n, name), *tok, *save = NULL;
	int found = 0;

	if (v == NULL) {
		return 0;
	}
	for (tok = strtok_r(v, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		if (strcasecmp(tok, word) == 0) {
			found = 1;
			break;
		}
	}
	free(v);
	return found;
}

/* Elements inside a line of text: no word break at their edges. What an
 * element is comes from markup's one table, as the reader sees it. */
static int
is_inline(const xmlNode *n)
{
	const struct nr_html_element *el;

	if (n->type != XML_ELEMENT_NODE || n->name == NULL) {
		return 0;
	}
	el = nr_html_element((const char *)n->name);
	return el == NULL || el->role == NR_HTML_INLINE || el->role == NR_HTML_A || el->role == NR_HTML_Q
	    || el->role == NR_HTML_WBR;
}

/* The text of root and its descendants, sanitised, white space collapsed;
 * NULL if there is none. */
static char *
text_of(xmlNode *root)
{
	struct nr_buf b = NR_BUF_INIT;
	xmlNode *n;
	char *s;

	for (n = root; n != NULL; n = next_node(n, root)) {
		/* Blocks (and <br>) separate words: "<p>a</p><p>b</p>" is
		 * "a b". The walk has no "leave" step, so the end of a block
		 * shows as the block before the next node. */
		if ((n->type == XML_ELEMENT_NODE && !is_inline(n))
		    || (n != root && n->prev != NULL && n->prev->type == XML_ELEMENT_NODE
		    && !is_inline(n->prev))) {
			nr_buf_addc(&b, ' ');
		}
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content != NULL) {
			nr_buf_adds(&b, (const char *)n->content);
		}
	}
	s = nr_utf8_sanitize(nr_buf_str(&b), b.len, NR_SAN_COLLAPSE);
	nr_buf_free(&b);
	if (s[0] == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* Whether the subtree shows anything: text or an image. The walk stops at
 * the first, so that a large page is not turned into text just to see
 * that it has some. */
static int
has_content(xmlNode *root)
{
	xmlNode *n;
	char *t;
	int found;

	for (n = root; n != NULL; n = next_node(n, root)) {
		if (is_element(n, "img")) {
			return 1;
		}
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content != NULL) {
			t = nr_utf8_sanitize((const char *)n->content, strlen((const char *)n->content),
			    NR_SAN_COLLAPSE);
			found = t[0] != '\0';
			free(t);
			if (found) {
				return 1;
			}
		}
	}
	return 0;
}

static int
is_dropped(const xmlNode *n)
{
	size_t i;

	if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) {
		return 1;
	}
	for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++) {
		if (is_element(n, dropped[i])) {
			return 1;
		}
	}
	return 0;
}

/* A text node's content made safe where it lies, so that a stray escape
 * sequence cannot run on over the markup that follows it. */
static void
sanitize_text(xmlNode *t, int flags)
{
	const char *old = (const char *)t->content;
	char *s;

	if (old == NULL) {
		return;
	}
	s = nr_utf8_sanitize(old, strlen(old), flags);
	if (strcmp(s, old) != 0) {
		xmlNodeSetContent(t, (const xmlChar *)s);
	}
	free(s);
}

static void
sanitize_node(xmlNode *n)
{
	xmlAttr *a;

	if (n->type == XML_TEXT_NODE) {
		sanitize_text(n, NR_SAN_NEWLINES | NR_SAN_TABS);
	} else if (n->type == XML_ELEMENT_NODE) {
		/* The HTML parser gives each attribute one text node. */
		for (a = n->properties; a != NULL; a = a->next) {
			if (a->children != NULL && a->children->type == XML_TEXT_NODE) {
				sanitize_text(a->children, 0);
			}
		}
	}
}

/* Remove what is no part of the article (scripts, styles, comments) and
 * sanitise the rest. */
static void
clean_tree(xmlNode *root)
{
	xmlNode *n = root, *next;

	while (n != NULL) {
		if (n != root && is_dropped(n)) {
			next = next_skip(n, root);
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			n = next;
		} else {
			sanitize_node(n);
			n = next_node(n, root);
		}
	}
}

/* s[0..n) as valid UTF-8: bad bytes become U+FFFD, NULs go. */
static char *
valid_utf8(const char *s, size_t n, size_t *len)
{
	struct nr_buf b = NR_BUF_INIT;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = nr_utf8_decode(s + i, n - i, &cp);
		if (k == 1 && (unsigned char)s[i] >= 0x80) {
			nr_buf_add(&b, "\xef\xbf\xbd", 3);
		} else if (s[i] != '\0') {
			nr_buf_add(&b, s + i, k);
		}
		i += k;
	}
	*len = b.len;
	return nr_buf_steal(&b);
}

static int
is_charset_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	    || c == '-' || c == '_' || c == '.' || c == ':';
}

/* The charset a page declares in a meta tag (<meta charset=x> or
 * <meta http-equiv=Content-Type content="text/html; charset=x">), as a new
 * string, or NULL. */
static char *
sniff_charset(const char *data, size_t n)
{
	size_t i, j, end, k;

	if (n > CHARSET_SNIFF_BYTES) {
		n = CHARSET_SNIFF_BYTES;
	}
	for (i = 0; i + 5 < n; i++) {
		if (data[i] != '<' || strncasecmp(data + i + 1, "meta", 4) != 0) {
			continue;
		}
		for (end = i + 5; end < n && data[end] != '>'; end++) {
			continue;
		}
		for (j = i + 5; j + 7 <= end; j++) {
			if (strncasecmp(data + j, "charset", 7) != 0) {
				continue;
			}
			k = j + 7;
			while (k < end && data[k] != '\0' && strchr(" \t\n\r", data[k]) != NULL) {
				k++;
			}
			if (k >= end || data[k] != '=') {
				continue;
			}
			k++;
			while (k < end && (data[k] == ' ' || data[k] == '"' || data[k] == '\'')) {
				k++;
			}
			j = k;
			while (k < end && is_charset_char(data[k])) {
				k++;
			}
			if (k > j) {
				return xstrndup(data + j, k - j);
			}
		}
		i = end;
	}
	return NULL;
}

static int
is_latin1_name(const char *cs)
{
	static const char *const names[] = {
		"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "windows-1252", "cp1252",
		"us-ascii", "ascii", "x-cp1252",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(cs, names[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Latin-1 (read as Windows-1252, as browsers do) to UTF-8. */
static char *
latin1_to_utf8(const char *data, size_t n, size_t *len)
{
	struct nr_buf b = NR_BUF_INIT;
	char enc[4];
	size_t i;
	unsigned char c;
	uint32_t cp;

	for (i = 0; i < n; i++) {
		c = (unsigned char)data[i];
		if (c < 0x80) {
			nr_buf_addc(&b, (char)c);
			continue;
		}
		cp = c < 0xa0 && cp1252[c - 0x80] != 0 ? cp1252[c - 0x80] : c;
		nr_buf_add(&b, enc, nr_utf8_encode(cp, enc));
	}
	*len = b.len;
	return nr_buf_steal(&b);
}

/* libxml2 takes an int; a page beyond 2 GiB is read in part. */
static int
clamp_len(size_t n)
{
	return n > INT_MAX ? INT_MAX : (int)n;
}

/* data in the stateful set cs (ISO-2022-*) as UTF-8, a byte iconv cannot
 * read as U+FFFD. */
static char *
stateful_to_utf8(const char *data, size_t n, const char *cs, size_t *len)
{
	struct nr_buf b = NR_BUF_INIT;
	iconv_t cd = iconv_open("UTF-8", cs);
	char *in = (char *)data;
	size_t nin = n;

	if (cd == (iconv_t)-1) {
		return valid_utf8(data, n, len);
	}
	while (nin > 0) {
		char out[4096];
		char *o = out;
		size_t nout = sizeof out;
		size_t r = iconv(cd, &in, &nin, &o, &nout);

		nr_buf_add(&b, out, (size_t)(o - out));
		if (r == (size_t)-1 && errno != E2BIG) {
			/* A byte it cannot read, or a sequence cut off at the
			 * end: a replacement character, and on. */
			nr_buf_adds(&b, "\xef\xbf\xbd");
			in++;
			nin--;
		}
	}
	iconv_close(cd);
	*len = b.len;
	return nr_buf_steal(&b);
}

/* htmlReadMemory with the tags that have more attributes than libxml2
 * reads in linear time cut (markup/bound.h): nearly always nothing is, and
 * the page is read as it is. */
static htmlDocPtr
read_bounded(const char *data, size_t n, const char *encoding)
{
	size_t len;
	char *bounded = nr_bound_copy(data, n, NR_BOUND_HTML, &len, NULL);
	htmlDocPtr doc;

	if (bounded == NULL) {
		return htmlReadMemory(data, clamp_len(n), NULL, encoding, HTML_OPTIONS);
	}
	doc = htmlReadMemory(bounded, clamp_len(len), NULL, encoding, HTML_OPTIONS);
	free(bounded);
	return doc;
}

/* Parse the page in the character set it declares. UTF-8 (the default)
 * and Latin-1 are made valid UTF-8 here; other sets go through libxml2's
 * converters. */
static htmlDocPtr
read_page(const char *data, size_t n)
{
	xmlCharEncodingHandlerPtr h;
	htmlDocPtr doc;
	char *cs, *utf8;
	size_t len;

	if (n >= 2 && ((unsigned char)data[0] == 0xff && (unsigned char)data[1] == 0xfe)) {
		return read_bounded(data, n, "UTF-16LE");
	}
	if (n >= 2 && ((unsigned char)data[0] == 0xfe && (unsigned char)data[1] == 0xff)) {
		return read_bounded(data, n, "UTF-16BE");
	}
	if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		n -= 3;
	}
	cs = sniff_charset(data, n);
	if (cs != NULL && is_latin1_name(cs)) {
		utf8 = latin1_to_utf8(data, n, &len);
	} else if (cs != NULL && nr_bound_encoding_shifts(cs)) {
		/* ISO-2022-*: its letters are bytes that are markup in ASCII,
		 * so the page is read converted, as browsers read it. */
		utf8 = stateful_to_utf8(data, n, cs, &len);
	} else if (cs != NULL && strcasecmp(cs, "utf-8") != 0 && strcasecmp(cs, "utf8") != 0
	    && strncasecmp(cs, "utf-16", 6) != 0 && nr_bound_encoding_ok(cs)
	    && (h = xmlFindCharEncodingHandler(cs)) != NULL) {
		xmlCharEncCloseFunc(h);
		doc = read_bounded(data, n, cs);
		free(cs);
		return doc;
	} else {
		/* Declared as UTF-8 (a page declaring UTF-16 in ASCII bytes is
		 * not UTF-16), in a set nobody knows, or in one whose markup is
		 * not ASCII (UTF-7, EBCDIC: no browser reads a page so, and
		 * the markup filter could not follow it). */
		utf8 = valid_utf8(data, n, &len);
	}
	free(cs);
	doc = read_bounded(utf8, len, "UTF-8");
	free(utf8);
	return doc;
}

static void
read_metas(xmlNode *root, char **meta)
{
	static const char *const keyattrs[] = { "name", "property", "itemprop" };
	enum meta_slot slot;
	xmlNode *n;
	size_t a, k;
	char *key;

	for (n = root; n != NULL; n = next_node(n, root)) {
		if (n->type != XML_ELEMENT_NODE || xmlHasProp(n, (const xmlChar *)"content") == NULL) {
			continue;
		}
		for (a = 0; a < sizeof(keyattrs) / sizeof(keyattrs[0]); a++) {
			/* itemprop may sit on any element; name and property
			 * mean these keys only on <meta>. */
			if (!is_element(n, "meta") && strcmp(keyattrs[a], "itemprop") != 0) {
				continue;
			}
			key = attr(n, keyattrs[a]);
			if (key == NULL) {
				continue;
			}
			for (k = 0; k < sizeof(meta_keys) / sizeof(meta_keys[0]); k++) {
				slot = meta_keys[k].slot;
				if (strcasecmp(key, meta_keys[k].key) == 0 && meta[slot] == NULL) {
					meta[slot] = attr(n, "content");
				}
			}
			free(key);
		}
	}
}

/* What one walk of the page finds: the first <a rel=author>'s text, the
 * first <link rel=canonical>'s href, and the first <time datetime> that
 * can be read, inside the body and anywhere. One walk, not one each: a
 * large page's tree is slow to walk. */
struct finds {
	char *author;           /* only looked for when want_author */
	char *canonical;
	int64_t time_body;
	int64_t time_any;
};

static int
inside(const xmlNode *n, const xmlNode *ancestor)
{
	for (; n != NULL; n = n->parent) {
		if (n == ancestor) {
			return 1;
		}
	}
	return 0;
}

static void
find_all(xmlNode *root, const xmlNode *body, int want_author, struct finds *f)
{
	xmlNode *n;
	char *v;
	int64_t t;

	f->author = NULL;
	f->canonical = NULL;
	f->time_body = NR_TIME_UNKNOWN;
	f->time_any = NR_TIME_UNKNOWN;
	for (n = root; n != NULL; n = next_node(n, root)) {
		if (n->type != XML_ELEMENT_NODE) {
			continue;
		}
		if (want_author && f->author == NULL && is_element(n, "a") && attr_has_word(n, "rel", "author")) {
			f->author = text_of(n);
		} else if (f->canonical == NULL && is_element(n, "link") && attr_has_word(n, "rel", "canonical")) {
			f->canonical = attr(n, "href");
		} else if (f->time_body == NR_TIME_UNKNOWN && is_element(n, "time")
		    && (v = attr(n, "datetime")) != NULL) {
			t = nr_date_parse(v);
			free(v);
			if (t != NR_TIME_UNKNOWN) {
				if (f->time_any == NR_TIME_UNKNOWN) {
					f->time_any = t;
				}
				if (body != NULL && inside(n, body)) {
					f->time_body = t;
				}
			}
		}
		if ((!want_author || f->author != NULL) && f->canonical != NULL
		    && (f->time_body != NR_TIME_UNKNOWN || (body == NULL && f->time_any != NR_TIME_UNKNOWN))) {
			break;
		}
	}
}

/* The title: the page's <title> often carries the site's name after the
 * headline, which the first <h1> holds alone. */
static char *
pick_title(xmlNode *root, char **meta)
{
	xmlNode *t = find_element(root, "title"), *h = find_element(root, "h1");
	char *title = t ? text_of(t) : NULL, *h1 = h ? text_of(h) : NULL;

	if (title != NULL && h1 != NULL && strstr(title, h1) != NULL) {
		free(title);
		return h1;
	}
	if (title == NULL && h1 == NULL && meta[M_OG_TITLE] != NULL) {
		title = meta[M_OG_TITLE];
		meta[M_OG_TITLE] = NULL;
		return title;
	}
	if (title != NULL) {
		free(h1);
		return title;
	}
	return h1;
}

/* The article's element: <article>, else <main>, else <body>, passing over
 * one left empty (a placeholder filled by a script). */
static xmlNode *
pick_body(xmlNode *root)
{
	static const char *const names[] = { "article", "main", "body" };
	xmlNode *n;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = find_element(root, names[i]);
		if (n != NULL && has_content(n)) {
			return n;
		}
	}
	return NULL;
}

static char *
serialize_children(htmlDocPtr doc, xmlNode *el)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlNode *c;
	char *s;
	size_t n;
	const char *p;

	for (c = el->children; c != NULL; c = c->next) {
		htmlNodeDump(xb, doc, c);
	}
	p = (const char *)xmlBufferContent(xb);
	n = (size_t)xmlBufferLength(xb);
	while (n > 0 && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\t' || p[n - 1] == '\r')) {
		n--;
	}
	s = nr_utf8_sanitize(p, n, NR_SAN_NEWLINES | NR_SAN_TABS);
	xmlBufferFree(xb);
	return s;
}

int
nr_htmlfile_parse(const char *data, size_t n, int64_t mtime, struct nr_item *item,
    char **site_name, struct nr_err *err)
{
	static const enum meta_slot date_slots[] = {
		M_DATE_ARTICLE, M_DATE_OG, M_DATE_NAME, M_DATE_ITEMPROP,
	};
	char *meta[M_COUNT] = { NULL };
	struct finds finds;
	htmlDocPtr doc;
	xmlNode *root, *body;
	char *title;
	size_t i;
	int64_t t;

	*site_name = NULL;
	doc = read_page(data, n);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL) {
		xmlFreeDoc(doc);
		nr_err_set(err, NR_ERR_EMPTY, "%s", _("no text in HTML page"));
		return -1;
	}
	clean_tree(root);
	read_metas(root, meta);
	title = pick_title(root, meta);
	body = pick_body(root);
	if (body == NULL && title == NULL) {
		for (i = 0; i < M_COUNT; i++) {
			free(meta[i]);
		}
		xmlFreeDoc(doc);
		nr_err_set(err, NR_ERR_EMPTY, "%s", _("no text in HTML page"));
		return -1;
	}

	free(item->title);
	item->title = title;
	free(item->content);
	item->content = body ? serialize_children(doc, body) : NULL;
	item->content_type = body ? NR_BODY_HTML : NR_BODY_NONE;

	find_all(root, body, meta[M_AUTHOR] == NULL && (meta[M_ARTICLE_AUTHOR] == NULL
	    || strstr(meta[M_ARTICLE_AUTHOR], "://") != NULL), &finds);
	free(item->author);
	if (meta[M_AUTHOR] != NULL) {
		item->author = meta[M_AUTHOR];
		meta[M_AUTHOR] = NULL;
	} else if (meta[M_ARTICLE_AUTHOR] != NULL && strstr(meta[M_ARTICLE_AUTHOR], "://") == NULL) {
		/* article:author is often the URL of a profile page, not a name. */
		item->author = meta[M_ARTICLE_AUTHOR];
		meta[M_ARTICLE_AUTHOR] = NULL;
	} else {
		item->author = finds.author;
	}

	free(item->link);
	item->link = finds.canonical;
	if (item->link == NULL) {
		item->link = meta[M_OG_URL];
		meta[M_OG_URL] = NULL;
	}
	*site_name = meta[M_SITE_NAME];
	meta[M_SITE_NAME] = NULL;

	t = finds.time_body != NR_TIME_UNKNOWN ? finds.time_body : finds.time_any;
	for (i = 0; t == NR_TIME_UNKNOWN && i < sizeof(date_slots) / sizeof(date_slots[0]); i++) {
		if (meta[date_slots[i]] != NULL) {
			t = nr_date_parse(meta[date_slots[i]]);
		}
	}
	item->published = t != NR_TIME_UNKNOWN ? t : mtime;

	for (i = 0; i < M_COUNT; i++) {
		free(meta[i]);
	}
	xmlFreeDoc(doc);
	return 0;
}
