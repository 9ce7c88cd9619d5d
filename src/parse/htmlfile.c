/*
 * HTML article files and pages, in reader mode: the page parsed into a
 * tree, its metadata read (title, byline, date, site, lead image), then the
 * article found and pruned by parse/extract.c.
 *
 * Character set: the <meta> prescan of
 *   https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding
 * with ISO-8859-1 and US-ASCII read as windows-1252:
 *   https://encoding.spec.whatwg.org/#names-and-labels
 * Open Graph (og:title, og:url, og:site_name, article:published_time):
 *   https://ogp.me/
 * <time datetime>:
 *   https://html.spec.whatwg.org/multipage/text-level-semantics.html#the-time-element
 * The bytes over the label: a byte order mark, or valid UTF-8 under a
 * legacy label, as the encoding standard's BOM sniffing and browsers' own
 * detection read them: https://encoding.spec.whatwg.org/#decode
 * JSON-LD (https://www.w3.org/TR/json-ld11/) with schema.org's Article:
 *   https://schema.org/Article
 * Dublin Core in HTML meta tags (DC.creator, DC.date.issued):
 *   https://www.dublincore.org/specifications/dublin-core/dc-html/
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

#include <json.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/bound.h"
#include "markup/html.h"
#include "markup/libxml.h"
#include "nls.h"
#include "parse/extract_int.h"
#include "parse/htmlfile.h"
#include "util/date.h"
#include "util/url.h"
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

/* Meta tags read, by the value of their name, property or itemprop. Open
 * Graph (https://ogp.me/), Twitter cards, Dublin Core
 * (https://www.dublincore.org/specifications/dublin-core/dcmi-terms/) and
 * the names that publishing systems write (Parse.ly, Sailthru, the New
 * York Times' byl). Where several name one slot, the first met wins. */
enum meta_slot {
	M_AUTHOR,
	M_ARTICLE_AUTHOR,
	M_DC_CREATOR,
	M_OTHER_AUTHOR,
	M_OG_TITLE,
	M_TW_TITLE,
	M_OG_URL,
	M_SITE_NAME,
	M_APP_NAME,
	M_IMAGE,
	M_TW_IMAGE,
	M_DATE_ARTICLE,
	M_DATE_OG,
	M_DATE_ITEMPROP,
	M_DATE_DC,
	M_DATE_NAME,
	M_COUNT
};

static const struct {
	const char *key;
	enum meta_slot slot;
} meta_keys[] = {
	{ "author", M_AUTHOR },
	{ "article:author", M_ARTICLE_AUTHOR },
	{ "dc.creator", M_DC_CREATOR },
	{ "dcterms.creator", M_DC_CREATOR },
	{ "dc:creator", M_DC_CREATOR },
	{ "parsely-author", M_OTHER_AUTHOR },
	{ "sailthru.author", M_OTHER_AUTHOR },
	{ "byl", M_OTHER_AUTHOR },
	{ "og:title", M_OG_TITLE },
	{ "twitter:title", M_TW_TITLE },
	{ "og:url", M_OG_URL },
	{ "og:site_name", M_SITE_NAME },
	{ "application-name", M_APP_NAME },
	{ "og:image", M_IMAGE },
	{ "og:image:url", M_IMAGE },
	{ "og:image:secure_url", M_IMAGE },
	{ "twitter:image", M_TW_IMAGE },
	{ "twitter:image:src", M_TW_IMAGE },
	{ "article:published_time", M_DATE_ARTICLE },
	{ "og:published_time", M_DATE_OG },
	{ "datePublished", M_DATE_ITEMPROP },
	{ "dc.date", M_DATE_DC },
	{ "dc.date.issued", M_DATE_DC },
	{ "dcterms.created", M_DATE_DC },
	{ "dcterms.issued", M_DATE_DC },
	{ "dcterms.date", M_DATE_DC },
	{ "date", M_DATE_NAME },
	{ "publish-date", M_DATE_NAME },
	{ "pubdate", M_DATE_NAME },
	{ "parsely-pub-date", M_DATE_NAME },
	{ "sailthru.date", M_DATE_NAME },
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
	/* What no reader of the page sees is no part of its article. */
	return !is_element(n, "body") && nr_extract_hidden(n);
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

/* Add text to the warning (after the one it holds, if any). */
static void
add_warning(struct nr_err *warning, const char *text)
{
	char *both;

	if (warning->code == NR_ERR_NONE) {
		nr_err_set(warning, NR_ERR_FORMAT, "%s", text);
		return;
	}
	both = xasprintf("%s; %s", warning->msg, text);
	nr_err_set(warning, warning->code, "%s", both);
	free(both);
}

/* htmlReadMemory with the tags that have more attributes than libxml2
 * reads in linear time cut (markup/bound.h): nearly always nothing is, and
 * the page is read as it is. What the filter cut, or where it stopped the
 * page, goes to the warning, as a feed's would: the reader shows the page
 * up to there, and the user is told why it ends. */
static htmlDocPtr
read_bounded(const char *data, size_t n, const char *encoding, struct nr_err *warning)
{
	size_t len;
	enum nr_bound_stop stop;
	char *bounded = nr_bound_copy(data, n, NR_BOUND_HTML, &len, &stop), *text;
	htmlDocPtr doc;

	if (bounded == NULL) {
		return htmlReadMemory(data, clamp_len(n), NULL, encoding, HTML_OPTIONS);
	}
	text = nr_bound_warning(1, stop);
	add_warning(warning, text);
	free(text);
	doc = htmlReadMemory(bounded, clamp_len(len), NULL, encoding, HTML_OPTIONS);
	free(bounded);
	return doc;
}

static int
has_high_byte(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] >= 0x80) {
			return 1;
		}
	}
	return 0;
}

/* Whether text with no declared character set is in a legacy one: it has
 * bytes above ASCII and not one of them begins a valid UTF-8 sequence
 * (UTF-8 with a stray bad byte is still UTF-8). */
static int
looks_legacy(const char *s, size_t n)
{
	size_t i = 0, k, bad = 0;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = nr_utf8_decode(s + i, n - i, &cp);
		if (k > 1) {
			return 0;
		}
		bad++;
		i += k > 0 ? k : 1;
	}
	return bad > 0;
}

/* Parse the page in the character set it declares, unless its bytes say
 * otherwise: a byte order mark, or text that is valid UTF-8 (and not
 * ASCII) under a legacy label, is UTF-8; such text is next to never
 * anything else, and read as the label says it turns to mojibake or,
 * for a multi-byte set such as gb2312, to nothing. An undeclared page
 * that is not UTF-8 is read as windows-1252, as browsers in the West do.
 * UTF-8 (the default) and Latin-1 are made valid UTF-8 here; other sets
 * go through libxml2's converters. A warning says when the label was
 * overridden. */
static htmlDocPtr
read_page(const char *data, size_t n, struct nr_err *warning)
{
	xmlCharEncodingHandlerPtr h;
	htmlDocPtr doc;
	char *cs, *utf8, *shown;
	size_t len;
	int bom = 0;

	if (n >= 2 && ((unsigned char)data[0] == 0xff && (unsigned char)data[1] == 0xfe)) {
		return read_bounded(data, n, "UTF-16LE", warning);
	}
	if (n >= 2 && ((unsigned char)data[0] == 0xfe && (unsigned char)data[1] == 0xff)) {
		return read_bounded(data, n, "UTF-16BE", warning);
	}
	if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		n -= 3;
		bom = 1;
	}
	cs = sniff_charset(data, n);
	if (cs != NULL && strcasecmp(cs, "utf-8") != 0 && strcasecmp(cs, "utf8") != 0
	    && strncasecmp(cs, "utf-16", 6) != 0 && strcasecmp(cs, "unicode-1-1-utf-8") != 0
	    && nr_bound_encoding_ok(cs) && (bom || (has_high_byte(data, n) && nr_utf8_valid(data, n)))) {
		shown = nr_utf8_sanitize(cs, strlen(cs), NR_SAN_COLLAPSE);
		nr_err_set(warning, NR_ERR_FORMAT, bom
		    ? _("the page declares the character set %s but begins with a UTF-8 byte order mark: read as UTF-8")
		    : _("the page declares the character set %s but its text is UTF-8: read as UTF-8"), shown);
		free(shown);
		free(cs);
		cs = NULL;
		utf8 = valid_utf8(data, n, &len);
	} else if (cs == NULL && !bom && looks_legacy(data, n)) {
		nr_err_set(warning, NR_ERR_FORMAT, "%s",
		    _("the page declares no character set and its text is not UTF-8: read as windows-1252"));
		utf8 = latin1_to_utf8(data, n, &len);
	} else if (cs != NULL && is_latin1_name(cs)) {
		utf8 = latin1_to_utf8(data, n, &len);
	} else if (cs != NULL && nr_bound_encoding_shifts(cs)) {
		/* ISO-2022-*: its letters are bytes that are markup in ASCII,
		 * so the page is read converted, as browsers read it. */
		utf8 = stateful_to_utf8(data, n, cs, &len);
	} else if (cs != NULL && strcasecmp(cs, "utf-8") != 0 && strcasecmp(cs, "utf8") != 0
	    && strncasecmp(cs, "utf-16", 6) != 0 && nr_bound_encoding_ok(cs)
	    && (h = xmlFindCharEncodingHandler(cs)) != NULL) {
		xmlCharEncCloseFunc(h);
		doc = read_bounded(data, n, cs, warning);
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
	doc = read_bounded(utf8, len, "UTF-8", warning);
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

/* ---- JSON-LD: https://json-ld.org/ with schema.org's Article
 * (https://schema.org/Article): headline, author, datePublished, image,
 * publisher. Publishing systems write it for search engines, so it is
 * often the one place a byline is given by name. ---- */

#define LD_MAX_DEPTH 12
#define LD_MAX_PERSONS 32

struct ld {
	int have_article;
	char *headline;
	char *author;
	char *author_ids;       /* "@id"s of authors given by reference, one a line */
	char *date;
	char *image;
	char *publisher;
	char *site;
	char *person_id[LD_MAX_PERSONS];
	char *person_name[LD_MAX_PERSONS];
	size_t npersons;
};

static void
ld_free(struct ld *ld)
{
	size_t i;

	free(ld->headline);
	free(ld->author);
	free(ld->author_ids);
	free(ld->date);
	free(ld->image);
	free(ld->publisher);
	free(ld->site);
	for (i = 0; i < ld->npersons; i++) {
		free(ld->person_id[i]);
		free(ld->person_name[i]);
	}
}

/* A string member (or the first string of an array member) of o, as a new
 * sanitised one-line string; NULL if none or empty. */
static char *
ld_str(json_object *o, const char *key)
{
	json_object *v;
	const char *s;
	char *r;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v)) {
		return NULL;
	}
	if (json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0) {
		v = json_object_array_get_idx(v, 0);
	}
	if (!json_object_is_type(v, json_type_string)) {
		return NULL;
	}
	s = json_object_get_string(v);
	r = nr_utf8_sanitize(s, strlen(s), NR_SAN_COLLAPSE);
	if (r[0] == '\0') {
		free(r);
		return NULL;
	}
	return r;
}

static int
ld_type_is(json_object *o, int (*match)(const char *))
{
	json_object *t;
	size_t i, n;

	if (!json_object_object_get_ex(o, "@type", &t)) {
		return 0;
	}
	if (json_object_is_type(t, json_type_string)) {
		return match(json_object_get_string(t));
	}
	if (!json_object_is_type(t, json_type_array)) {
		return 0;
	}
	n = json_object_array_length(t);
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(t, i);

		if (json_object_is_type(e, json_type_string) && match(json_object_get_string(e))) {
			return 1;
		}
	}
	return 0;
}

/* Article, NewsArticle, BlogPosting, LiveBlogPosting, Report and the
 * other subtypes of Article (https://schema.org/Article#subtypes). */
static int
is_article_type(const char *t)
{
	size_t n = strlen(t);

	return (n >= 7 && strcasecmp(t + n - 7, "article") == 0) || strcasestr(t, "posting") != NULL
	    || strcasecmp(t, "report") == 0;
}

static int
is_site_type(const char *t)
{
	return strcasecmp(t, "website") == 0 || strcasecmp(t, "organization") == 0
	    || strcasecmp(t, "newsmediaorganization") == 0;
}

static int
is_person_type(const char *t)
{
	return strcasecmp(t, "person") == 0;
}

static void
add_name(struct nr_buf *b, const char *name)
{
	if (name == NULL || name[0] == '\0' || strstr(name, "://") != NULL) {
		return;
	}
	if (b->len > 0) {
		nr_buf_adds(b, ", ");
	}
	nr_buf_adds(b, name);
}

/* One author: a name, or an object with a name or only an "@id". */
static void
ld_author_one(json_object *a, struct nr_buf *names, struct nr_buf *ids)
{
	char *s;

	if (json_object_is_type(a, json_type_string)) {
		s = nr_utf8_sanitize(json_object_get_string(a), strlen(json_object_get_string(a)), NR_SAN_COLLAPSE);
		add_name(names, s);
		free(s);
		return;
	}
	if ((s = ld_str(a, "name")) != NULL) {
		add_name(names, s);
		free(s);
	} else if ((s = ld_str(a, "@id")) != NULL) {
		nr_buf_adds(ids, s);
		nr_buf_addc(ids, '\n');
		free(s);
	}
}

static void
ld_authors(json_object *o, struct ld *ld)
{
	struct nr_buf names = NR_BUF_INIT, ids = NR_BUF_INIT;
	json_object *a;
	size_t i, n;

	if (!json_object_object_get_ex(o, "author", &a) && !json_object_object_get_ex(o, "creator", &a)) {
		return;
	}
	if (json_object_is_type(a, json_type_array)) {
		n = json_object_array_length(a);
		for (i = 0; i < n && i < 16; i++) {
			ld_author_one(json_object_array_get_idx(a, i), &names, &ids);
		}
	} else {
		ld_author_one(a, &names, &ids);
	}
	ld->author = names.len > 0 ? nr_buf_steal(&names) : NULL;
	ld->author_ids = ids.len > 0 ? nr_buf_steal(&ids) : NULL;
	nr_buf_free(&names);
	nr_buf_free(&ids);
}

/* An image: a URL, an ImageObject with a url, or a list of either. */
static char *
ld_image(json_object *o)
{
	json_object *v;

	if (!json_object_object_get_ex(o, "image", &v)) {
		return ld_str(o, "thumbnailUrl");
	}
	if (json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0) {
		v = json_object_array_get_idx(v, 0);
	}
	if (json_object_is_type(v, json_type_string)) {
		return ld_str(o, "image");
	}
	return ld_str(v, "url");
}

static void
ld_visit(json_object *o, int depth, struct ld *ld)
{
	json_object *v;
	size_t i, n;

	if (depth > LD_MAX_DEPTH || o == NULL) {
		return;
	}
	if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++) {
			ld_visit(json_object_array_get_idx(o, i), depth + 1, ld);
		}
		return;
	}
	if (!json_object_is_type(o, json_type_object)) {
		return;
	}
	if (!ld->have_article && ld_type_is(o, is_article_type)) {
		ld->have_article = 1;
		ld->headline = ld_str(o, "headline");
		if (ld->headline == NULL) {
			ld->headline = ld_str(o, "name");
		}
		ld_authors(o, ld);
		ld->date = ld_str(o, "datePublished");
		if (ld->date == NULL) {
			ld->date = ld_str(o, "dateCreated");
		}
		ld->image = ld_image(o);
		if (json_object_object_get_ex(o, "publisher", &v)) {
			ld->publisher = ld_str(v, "name");
		}
	} else if (ld->site == NULL && ld_type_is(o, is_site_type)) {
		ld->site = ld_str(o, "name");
	}
	if (ld->npersons < LD_MAX_PERSONS && ld_type_is(o, is_person_type)) {
		char *id = ld_str(o, "@id"), *name = ld_str(o, "name");

		if (id != NULL && name != NULL) {
			ld->person_id[ld->npersons] = id;
			ld->person_name[ld->npersons++] = name;
		} else {
			free(id);
			free(name);
		}
	}
	json_object_object_foreach(o, key, val) {
		(void)key;
		if (json_object_is_type(val, json_type_object) || json_object_is_type(val, json_type_array)) {
			ld_visit(val, depth + 1, ld);
		}
	}
}

static void
ld_read(const char *text, struct ld *ld)
{
	struct json_tokener *tok = json_tokener_new_ex(LD_MAX_DEPTH + 4);
	json_object *o;
	size_t n = strlen(text);

	if (tok == NULL) {
		return;
	}
	o = json_tokener_parse_ex(tok, text, n > INT_MAX ? INT_MAX : (int)n);
	json_tokener_free(tok);
	if (o != NULL) {
		ld_visit(o, 0, ld);
		json_object_put(o);
	}
}

/* Authors given by "@id" only (as Yoast SEO writes them) named from the
 * Person objects of the same graph. */
static void
ld_resolve_authors(struct ld *ld)
{
	struct nr_buf names = NR_BUF_INIT;
	const char *p = ld->author_ids;
	size_t i, len;

	if (ld->author != NULL || p == NULL) {
		return;
	}
	while (*p != '\0') {
		len = strcspn(p, "\n");
		for (i = 0; i < ld->npersons; i++) {
			if (strlen(ld->person_id[i]) == len && strncmp(ld->person_id[i], p, len) == 0) {
				add_name(&names, ld->person_name[i]);
				break;
			}
		}
		p += len + (p[len] == '\n');
	}
	ld->author = names.len > 0 ? nr_buf_steal(&names) : NULL;
	nr_buf_free(&names);
}

static void
read_json_ld(xmlNode *root, struct ld *ld)
{
	xmlNode *n;
	xmlChar *c;
	char *type;
	int done = 0;

	for (n = root; n != NULL && !done; n = next_node(n, root)) {
		if (!is_element(n, "script") || (type = attr(n, "type")) == NULL) {
			continue;
		}
		if (strcasecmp(type, "application/ld+json") == 0 && (c = xmlNodeGetContent(n)) != NULL) {
			ld_read((const char *)c, ld);
			xmlFree(c);
		}
		free(type);
	}
	ld_resolve_authors(ld);
}

/* ---- the title, without the site's name ---- */

static int
count_words(const char *s)
{
	int n = 0, in = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ') {
			in = 0;
		} else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

static int
count_words_n(const char *s, size_t n)
{
	char *c = xstrndup(s, n);
	int w = count_words(c);

	free(c);
	return w;
}

/* Whether part of a title is the site's name: the name itself, one that
 * holds the other ("BBC News" and "BBC"), or the host name. */
static int
is_site(const char *part, const char *const *sites, size_t nsites)
{
	char *kp = nr_extract_key(part), *ks;
	size_t i;
	int yes = 0;

	for (i = 0; i < nsites && !yes && kp[0] != '\0'; i++) {
		if (sites[i] == NULL) {
			continue;
		}
		ks = nr_extract_key(sites[i]);
		yes = ks[0] != '\0' && (strcmp(kp, ks) == 0
		    || (count_words(kp) <= 5 && (strstr(kp, ks) != NULL || strstr(ks, kp) != NULL)));
		free(ks);
	}
	free(kp);
	return yes;
}

/* The separators between a headline and a site's name in <title>. */
static const char *const title_seps[] = {
	" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " \xc2\xb7 ", " :: ", " \xc2\xbb ", " // ",
	" \xe2\x80\xa2 ", " ~ ", " \xef\xbd\x9c", "\xef\xbd\x9c", "_",
};

/* The separator in s nearest its end (last) or its start, or NULL. */
static const char *
find_sep(const char *s, int last, size_t *seplen)
{
	const char *best = NULL, *p, *q;
	size_t i;

	for (i = 0; i < sizeof title_seps / sizeof title_seps[0]; i++) {
		for (p = strstr(s, title_seps[i]); p != NULL; p = strstr(p + 1, title_seps[i])) {
			q = p;
			if (best == NULL || (last ? q > best : q < best)) {
				best = q;
				*seplen = strlen(title_seps[i]);
			}
			if (!last) {
				break;
			}
		}
	}
	return best;
}

/* title with the site's name taken off either end, as many times as it
 * is there ("Story | Section | Site": only the site goes). A new string. */
static char *
strip_site(const char *title, const char *const *sites, size_t nsites)
{
	char *t = xstrdup(title), *part;
	const char *sep;
	size_t seplen = 0;

	for (;;) {
		if ((sep = find_sep(t, 1, &seplen)) != NULL && sep > t && is_site(sep + seplen, sites, nsites)) {
			t[sep - t] = '\0';
			continue;
		}
		if ((sep = find_sep(t, 0, &seplen)) != NULL && sep[seplen] != '\0') {
			part = xstrndup(t, (size_t)(sep - t));
			if (is_site(part, sites, nsites)) {
				memmove(t, sep + seplen, strlen(sep + seplen) + 1);
				free(part);
				continue;
			}
			free(part);
		}
		break;
	}
	return t;
}

#define MAX_HEADS 16

/* The headline: a heading of the page that its metadata name (the page
 * shows it, the metadata vouch for it), else the metadata's title
 * without the site's name, else <title> so, else the first <h1> that is
 * not the site's logo. A new string or NULL. */
static char *
pick_title(xmlNode *root, xmlNode *body, char **meta, const struct ld *ld, const char *const *sites,
    size_t nsites)
{
	static const char *const levels[] = { "h1", "h2" };
	xmlNode *t = find_element(root, "title"), *n;
	char *tt = t != NULL ? text_of(t) : NULL;
	char *cands[6], *heads[MAX_HEADS], *k1, *k2, *title = NULL;
	size_t nc = 0, nh = 0, i, j, l;

	cands[nc++] = meta[M_OG_TITLE] != NULL ? strip_site(meta[M_OG_TITLE], sites, nsites) : NULL;
	cands[nc++] = meta[M_TW_TITLE] != NULL ? strip_site(meta[M_TW_TITLE], sites, nsites) : NULL;
	cands[nc++] = ld->headline != NULL ? xstrdup(ld->headline) : NULL;
	cands[nc++] = tt != NULL ? strip_site(tt, sites, nsites) : NULL;
	cands[nc++] = meta[M_OG_TITLE] != NULL ? xstrdup(meta[M_OG_TITLE]) : NULL;
	cands[nc++] = tt;
	for (l = 0; l < 2 && body != NULL; l++) {
		for (n = body; n != NULL && nh < MAX_HEADS; n = next_node(n, body)) {
			if (is_element(n, levels[l]) && (heads[nh] = text_of(n)) != NULL) {
				if (is_site(heads[nh], sites, nsites) && nsites > 0) {
					free(heads[nh]);
				} else {
					nh++;
				}
			}
		}
	}
	/* A heading the metadata name. */
	for (i = 0; i < nh && title == NULL; i++) {
		k1 = nr_extract_key(heads[i]);
		for (j = 0; j < nc && title == NULL; j++) {
			if (cands[j] == NULL) {
				continue;
			}
			k2 = nr_extract_key(cands[j]);
			if (strcmp(k1, k2) == 0 && k1[0] != '\0') {
				title = xstrdup(heads[i]);
			}
			free(k2);
		}
		free(k1);
	}
	/* A heading <title> holds whole ("Headline - Site" with an unknown
	 * site's name); of several (the logo's and the headline's), the one
	 * of the most words. */
	for (i = 0, j = nh; i < nh && title == NULL && tt != NULL; i++) {
		if (strcasestr(tt, heads[i]) != NULL && (j == nh || count_words(heads[i]) > count_words(heads[j]))) {
			j = i;
		}
	}
	if (title == NULL && j < nh) {
		title = xstrdup(heads[j]);
	}
	for (j = 0; j < 4 && title == NULL; j++) {
		if (cands[j] != NULL) {
			title = xstrdup(cands[j]);
		}
	}
	if (title == NULL && nh > 0) {
		title = xstrdup(heads[0]);
	}
	for (i = 0; i < nh; i++) {
		free(heads[i]);
	}
	for (j = 0; j < nc; j++) {
		free(cands[j]);
	}
	return title;
}

/* ---- the byline ---- */

/* "By " before a name, in the languages the catalogs cover and a few. */
static const char *const by_words[] = {
	"by", "von", "nga", "par", "por", "door", "przez", "written by",
	"posted by", "words by", "text:", "von:", "by:",
};

/* s as a byline: the leading "By " dropped, cut at the separator before a
 * date or a role ("By Jane Doe | 5 May"), white space collapsed. NULL
 * (and s freed) if nothing like a name is left: a URL, too long, or the
 * site's own name. */
static char *
clean_byline(char *s, const char *const *sites, size_t nsites)
{
	static const char *const cuts[] = {
		" | ", " \xe2\x80\xa2 ", " \xc2\xb7 ", " \xe2\x80\x94 ", " \xe2\x80\x93 ", "\n", " - ",
		", updated", ", published",
	};
	/* Case matters: "Published" after a name starts a date. */
	static const char *const dates[] = {
		" Published", " Updated", " Posted", " Last updated", " Ver\xc3\xb6" "ffentlicht", " Aktualisiert",
		" Publikuar", " P\xc3\xabrdit\xc3\xabsuar",
	};
	size_t i, k, n;
	char *p, *r;

	if (s == NULL) {
		return NULL;
	}
	p = s;
	for (i = 0; i < sizeof by_words / sizeof by_words[0]; i++) {
		k = strlen(by_words[i]);
		if (strncasecmp(p, by_words[i], k) == 0 && (p[k] == ' ' || p[k - 1] == ':')) {
			p += k;
			while (*p == ' ' || *p == ':') {
				p++;
			}
			break;
		}
	}
	/* A label before a colon: "Author: Name", "書いた人: Name". */
	if ((r = strstr(p, ": ")) != NULL && r > p && r - p <= 24 && count_words_n(p, (size_t)(r - p)) <= 3
	    && r[2] != '\0') {
		p = r + 2;
	}
	for (i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		if ((r = strcasestr(p, cuts[i])) != NULL && r > p) {
			*r = '\0';
		}
	}
	/* The date printed after the name ("Jane Doe Published May 5"),
	 * and the site's name after a comma ("Jane Doe, The Paper"). */
	for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		if ((r = strstr(p, dates[i])) != NULL && r > p) {
			*r = '\0';
		}
	}
	if ((r = strrchr(p, ',')) != NULL && r > p && is_site(r + 1 + (r[1] == ' '), sites, nsites)) {
		*r = '\0';
	}
	n = strlen(p);
	while (n > 0 && strchr(" ,;:|", p[n - 1]) != NULL) {
		p[--n] = '\0';
	}
	if (n == 0 || n > 100 || strstr(p, "://") != NULL || is_site(p, sites, nsites)) {
		free(s);
		return NULL;
	}
	r = xstrdup(p);
	free(s);
	return r;
}

static char *byline_from(xmlNode *body, xmlNode *after);

/* The heading that shows title, or NULL: a byline follows its headline,
 * while teasers and rankings before it have bylines of their own. */
static xmlNode *
headline_element(xmlNode *body, const char *title)
{
	static const char *const heads[] = { "h1", "h2", "h3" };
	xmlNode *n;
	char *t, *k1, *k2 = title != NULL ? nr_extract_key(title) : NULL;
	size_t i;
	int same;

	for (n = body; n != NULL && k2 != NULL; n = next_node(n, body)) {
		for (i = 0; i < sizeof heads / sizeof heads[0] && !is_element(n, heads[i]); i++) {
			continue;
		}
		if (i == sizeof heads / sizeof heads[0] || (t = text_of(n)) == NULL) {
			continue;
		}
		k1 = nr_extract_key(t);
		same = strcmp(k1, k2) == 0;
		free(k1);
		free(t);
		if (same) {
			free(k2);
			return n;
		}
	}
	free(k2);
	return NULL;
}

/* The byline element's text: an itemprop=name inside it if it has one
 * (schema.org's Person), else its own. The first after the headline, else
 * the first of the page. */
static char *
byline_element(xmlNode *body, const char *title)
{
	xmlNode *head = headline_element(body, title);
	char *t;

	if (head != NULL && (t = byline_from(body, head)) != NULL) {
		return t;
	}
	return byline_from(body, NULL);
}

/* The first byline in body after the element after (NULL: anywhere). */
static char *
byline_from(xmlNode *body, xmlNode *after)
{
	xmlNode *n, *c;
	char *t, *ip;
	int seen = after == NULL;

	for (n = body; n != NULL; n = next_node(n, body)) {
		if (n == after) {
			seen = 1;
			continue;
		}
		if (!seen || n->type != XML_ELEMENT_NODE || is_element(n, "body") || !nr_extract_byline_name(n)
		    || is_element(n, "meta") || is_element(n, "link")) {
			continue;
		}
		/* The name inside a labelled byline ("Written by: <span
		 * class=author>Name</span>"): schema.org's itemprop=name, an
		 * element named as the author, or microformats' fn. */
		for (c = n; c != NULL; c = next_node(c, n)) {
			if (c != n && c->type == XML_ELEMENT_NODE && (ip = attr(c, "itemprop")) != NULL) {
				int named = strcasecmp(ip, "name") == 0;

				free(ip);
				if (named) {
					return text_of(c);
				}
			}
		}
		for (c = n->children != NULL ? n->children : NULL; c != NULL; c = next_node(c, n)) {
			if (c->type == XML_ELEMENT_NODE && (nr_extract_byline_name(c) || attr_has_word(c, "class", "fn"))
			    && (t = text_of(c)) != NULL) {
				return t;
			}
		}
		t = text_of(n);
		if (t != NULL && strlen(t) <= 120 && count_words(t) <= 12) {
			return t;
		}
		free(t);
	}
	return NULL;
}

static char *
pick_byline(xmlNode *body, const char *title, char **meta, struct ld *ld, const char *const *sites, size_t nsites)
{
	static const enum meta_slot slots[] = { M_AUTHOR, M_ARTICLE_AUTHOR, M_DC_CREATOR, M_OTHER_AUTHOR };
	char *b;
	size_t i;

	if ((b = clean_byline(ld->author, sites, nsites)) != NULL) {
		ld->author = NULL;
		return b;
	}
	ld->author = NULL;
	for (i = 0; i < sizeof slots / sizeof slots[0]; i++) {
		if ((b = clean_byline(meta[slots[i]], sites, nsites)) != NULL) {
			meta[slots[i]] = NULL;
			return b;
		}
		meta[slots[i]] = NULL;
	}
	return body != NULL ? clean_byline(byline_element(body, title), sites, nsites) : NULL;
}

/* The host of a URL without "www.", as a new string, or NULL. */
static char *
host_of(const char *url)
{
	const char *p, *end;

	if (url == NULL || (p = strstr(url, "://")) == NULL) {
		return NULL;
	}
	p += 3;
	if (strncasecmp(p, "www.", 4) == 0) {
		p += 4;
	}
	end = p + strcspn(p, "/:?#");
	return end > p ? xstrndup(p, (size_t)(end - p)) : NULL;
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

/* Where a story's dateline may be: its first characters. */
#define DATELINE_BYTES 160

/* The first text of root, up to about max bytes, words apart: a new
 * string or NULL. The walk stops there, however large the page. */
static char *
first_text(xmlNode *root, size_t max)
{
	struct nr_buf b = NR_BUF_INIT;
	xmlNode *n;
	char *s;

	for (n = root; n != NULL && b.len < max; n = next_node(n, root)) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content != NULL) {
			nr_buf_adds(&b, (const char *)n->content);
			nr_buf_addc(&b, ' ');
		}
	}
	if (b.len == 0) {
		return NULL;
	}
	s = nr_utf8_sanitize(nr_buf_str(&b), b.len < max ? b.len : max, NR_SAN_COLLAPSE);
	nr_buf_free(&b);
	return s;
}

/* The type of an image from its name, or NULL. */
static const char *
image_type(const char *url)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".jpg", "image/jpeg" }, { ".jpeg", "image/jpeg" }, { ".png", "image/png" },
		{ ".gif", "image/gif" }, { ".webp", "image/webp" }, { ".avif", "image/avif" },
		{ ".svg", "image/svg+xml" },
	};
	size_t i, n = strcspn(url, "?#"), k;

	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		k = strlen(types[i].ext);
		if (n >= k && strncasecmp(url + n - k, types[i].ext, k) == 0) {
			return types[i].type;
		}
	}
	return NULL;
}

/* A <body> for a page that has none because libxml2's parser kept what
 * it did not know in the head: everything but the head's own elements
 * moves into it. */
static xmlNode *
make_body(xmlNode *root)
{
	static const char *const head_only[] = { "title", "meta", "link", "base", "style", "script" };
	xmlNode *body = xmlNewDocNode(root->doc, NULL, (const xmlChar *)"body", NULL), *c, *next, *h;
	size_t i;
	int keep;

	h = find_element(root, "head");
	for (c = h != NULL ? h->children : NULL; c != NULL; c = next) {
		next = c->next;
		for (i = 0, keep = 0; i < sizeof head_only / sizeof head_only[0] && !keep; i++) {
			keep = is_element(c, head_only[i]);
		}
		if (!keep) {
			xmlUnlinkNode(c);
			xmlAddChild(body, c);
		}
	}
	for (c = root->children; c != NULL; c = next) {
		next = c->next;
		if (c != h) {
			xmlUnlinkNode(c);
			xmlAddChild(body, c);
		}
	}
	xmlAddChild(root, body);
	return body;
}

static void
free_metas(char **meta)
{
	size_t i;

	for (i = 0; i < M_COUNT; i++) {
		free(meta[i]);
		meta[i] = NULL;
	}
}

static char *
take(char **p)
{
	char *s = *p;

	*p = NULL;
	return s;
}

int
nr_htmlfile_parse_ex(const char *data, size_t n, int64_t mtime, unsigned flags, struct nr_item *item,
    struct nr_htmlfile_info *info, struct nr_err *err)
{
	static const enum meta_slot date_slots[] = {
		M_DATE_ARTICLE, M_DATE_OG, M_DATE_ITEMPROP, M_DATE_DC, M_DATE_NAME,
	};
	char *meta[M_COUNT] = { NULL };
	const char *sites[4];
	struct finds finds;
	struct ld ld;
	enum nr_extract_how how = NR_EXTRACT_WHOLE;
	htmlDocPtr doc;
	xmlNode *root, *body, *art;
	char *title, *byline, *host, *image, *base;
	size_t i, nsites = 0;
	int64_t t;

	memset(info, 0, sizeof *info);
	memset(&ld, 0, sizeof ld);
	doc = read_page(data, n, &info->warning);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL) {
		xmlFreeDoc(doc);
		nr_err_set(err, NR_ERR_EMPTY, "%s", _("no text in HTML page"));
		return -1;
	}
	/* JSON-LD is in scripts, which the cleaning drops. */
	read_json_ld(root, &ld);
	clean_tree(root);
	read_metas(root, meta);
	/* libxml2's parser, an HTML 4 one, may leave an element it does not
	 * know (<article> first of all) in the head, with no body made. */
	body = find_element(root, "body");
	if (body == NULL) {
		body = make_body(root);
	}

	info->site = take(&meta[M_SITE_NAME]);
	if (info->site == NULL) {
		info->site = ld.publisher != NULL ? take(&ld.publisher) : ld.site != NULL ? take(&ld.site)
		    : take(&meta[M_APP_NAME]);
	}
	find_all(root, NULL, 0, &finds);
	host = host_of(finds.canonical != NULL ? finds.canonical : meta[M_OG_URL]);
	sites[nsites++] = info->site;
	sites[nsites++] = ld.publisher;
	sites[nsites++] = ld.site;
	sites[nsites++] = host;
	title = pick_title(root, body, meta, &ld, sites, nsites);
	byline = pick_byline(body, title, meta, &ld, sites, nsites);

	art = body;
	if (body != NULL && !(flags & NR_HTMLFILE_WHOLE)) {
		art = nr_extract_article(body, title, byline, &how);
		if (art == NULL || !has_content(art)) {
			art = body;
			how = NR_EXTRACT_WHOLE;
		}
		info->whole = how == NR_EXTRACT_WHOLE;
	}
	if (art != NULL && !has_content(art)) {
		art = NULL;
	}
	if (art == NULL && title == NULL) {
		free(host);
		free(byline);
		free_metas(meta);
		ld_free(&ld);
		nr_htmlfile_info_free(info);
		free(finds.canonical);
		xmlFreeDoc(doc);
		nr_err_set(err, NR_ERR_EMPTY, "%s", _("no text in HTML page"));
		return -1;
	}

	free(item->title);
	item->title = title;
	free(item->content);
	item->content = art ? serialize_children(doc, art) : NULL;
	item->content_type = art ? NR_BODY_HTML : NR_BODY_NONE;
	free(item->author);
	item->author = byline;

	free(item->link);
	item->link = finds.canonical;
	if (item->link == NULL) {
		item->link = take(&meta[M_OG_URL]);
	}

	/* The date: the article's metadata, then a <time> inside the
	 * article, then any other. */
	t = ld.date != NULL ? nr_date_parse(ld.date) : NR_TIME_UNKNOWN;
	for (i = 0; t == NR_TIME_UNKNOWN && i < 2; i++) {
		if (meta[date_slots[i]] != NULL) {
			t = nr_date_parse(meta[date_slots[i]]);
		}
	}
	if (t == NR_TIME_UNKNOWN) {
		struct finds f2;

		find_all(root, art, 0, &f2);
		free(f2.canonical);
		t = f2.time_body != NR_TIME_UNKNOWN ? f2.time_body : f2.time_any;
	}
	for (i = 2; t == NR_TIME_UNKNOWN && i < sizeof(date_slots) / sizeof(date_slots[0]); i++) {
		if (meta[date_slots[i]] != NULL) {
			t = nr_date_parse(meta[date_slots[i]]);
		}
	}
	if (t == NR_TIME_UNKNOWN && art != NULL && how == NR_EXTRACT_SCORED) {
		/* A dateline at the top of the story ("Koblenz, 12.03.2025"). */
		char *lead = first_text(art, DATELINE_BYTES);

		t = lead != NULL ? nr_date_find_in_text(lead, strlen(lead)) : NR_TIME_UNKNOWN;
		free(lead);
	}
	item->published = t != NR_TIME_UNKNOWN ? t : mtime;

	/* The lead image, listed with the links unless the article shows it. */
	image = meta[M_IMAGE] != NULL ? take(&meta[M_IMAGE]) : ld.image != NULL ? take(&ld.image)
	    : take(&meta[M_TW_IMAGE]);
	if (image != NULL) {
		base = item->link;
		info->image = base != NULL && !nr_url_has_scheme(image) ? nr_url_resolve(base, image) : NULL;
		if (info->image == NULL) {
			info->image = image;
		} else {
			free(image);
		}
		if (nr_url_has_scheme(info->image) && (item->content == NULL || strstr(item->content, info->image) == NULL)) {
			nr_item_add_enclosure(item, info->image, image_type(info->image), -1);
		}
	}

	/* What the reader's status line says when the article is read. */
	free(item->note);
	item->note = NULL;
	if (info->warning.code != NR_ERR_NONE && info->whole) {
		item->note = xasprintf("%s; %s", info->warning.msg,
		    _("no article stands out in the page: all of it is shown"));
	} else if (info->warning.code != NR_ERR_NONE) {
		item->note = xstrdup(info->warning.msg);
	} else if (info->whole) {
		item->note = xstrdup(_("no article stands out in the page: all of it is shown"));
	}
	free(item->site);
	item->site = info->site != NULL ? xstrdup(info->site) : NULL;
	free(item->image);
	item->image = info->image != NULL ? xstrdup(info->image) : NULL;

	free(host);
	free_metas(meta);
	ld_free(&ld);
	xmlFreeDoc(doc);
	return 0;
}

int
nr_htmlfile_parse(const char *data, size_t n, int64_t mtime, struct nr_item *item, char **site_name,
    struct nr_err *err)
{
	struct nr_htmlfile_info info;
	int rc = nr_htmlfile_parse_ex(data, n, mtime, 0, item, &info, err);

	*site_name = rc == 0 ? info.site : NULL;
	if (rc == 0) {
		info.site = NULL;
	}
	nr_htmlfile_info_free(&info);
	return rc;
}

void
nr_htmlfile_info_free(struct nr_htmlfile_info *info)
{
	free(info->site);
	free(info->image);
	info->site = NULL;
	info->image = NULL;
}
