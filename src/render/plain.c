#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "render/plain.h"
#include "util/utf8.h"

/* Bodies are UTF-8 already; a <meta charset> inside one must not make
 * libxml2 re-read it in another set. Never the network, never a word on
 * stderr. */
#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR \
	| HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC)

/* What an element does to the text around it. */
enum role {
	R_INLINE = 0,
	R_BLOCK,        /* a paragraph of its own */
	R_DROP,         /* no text for the reader: skipped with its children */
	R_BREAK,        /* <br>: a line break */
	R_PRE,          /* a block whose white space is kept */
	R_LIST,         /* <ul>, <ol>, ...: a block that numbers or bullets its items */
	R_ITEM,         /* <li> */
	R_CELL,         /* <td>, <th>: a space from the cell before */
	R_IMAGE
};

/* Sorted by name, for the binary search in role_of(). */
static const struct {
	const char *name;
	enum role role;
} roles[] = {
	{ "address", R_BLOCK }, { "article", R_BLOCK }, { "aside", R_BLOCK },
	{ "blockquote", R_BLOCK }, { "br", R_BREAK }, { "caption", R_BLOCK },
	{ "center", R_BLOCK }, { "dd", R_BLOCK }, { "details", R_BLOCK }, { "dir", R_LIST },
	{ "div", R_BLOCK }, { "dl", R_BLOCK }, { "dt", R_BLOCK }, { "embed", R_DROP },
	{ "fieldset", R_BLOCK }, { "figcaption", R_BLOCK }, { "figure", R_BLOCK },
	{ "footer", R_BLOCK }, { "form", R_BLOCK }, { "h1", R_BLOCK }, { "h2", R_BLOCK },
	{ "h3", R_BLOCK }, { "h4", R_BLOCK }, { "h5", R_BLOCK }, { "h6", R_BLOCK },
	{ "head", R_DROP }, { "header", R_BLOCK }, { "hgroup", R_BLOCK }, { "hr", R_BLOCK },
	{ "iframe", R_DROP }, { "img", R_IMAGE }, { "li", R_ITEM }, { "main", R_BLOCK },
	{ "menu", R_LIST }, { "nav", R_BLOCK }, { "noscript", R_DROP }, { "object", R_DROP },
	{ "ol", R_LIST }, { "p", R_BLOCK }, { "pre", R_PRE }, { "script", R_DROP },
	{ "section", R_BLOCK }, { "style", R_DROP }, { "summary", R_BLOCK }, { "svg", R_DROP },
	{ "table", R_BLOCK }, { "td", R_CELL }, { "template", R_DROP }, { "th", R_CELL },
	{ "title", R_DROP }, { "tr", R_BLOCK }, { "ul", R_LIST },
};

/* An open list: how its items are marked. */
struct list {
	int ordered;
	long next;      /* the number of the next item */
};

struct out {
	struct nr_buf b;
	int newlines;   /* line breaks owed before the next text (0..2) */
	int space;      /* a collapsed space owed before the next text */
	long pre;       /* depth of <pre> elements open */
	struct list *lists;
	size_t nlists, caplists;
};

static enum role
role_of(const xmlNode *n)
{
	size_t lo = 0, hi = sizeof(roles) / sizeof(roles[0]), mid;
	int c;

	/* The HTML parser lowercases element names. */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp((const char *)n->name, roles[mid].name);
		if (c == 0) {
			return roles[mid].role;
		}
		if (c < 0) {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	return R_INLINE;
}

static char
last_char(const struct out *o)
{
	return o->b.len > 0 ? o->b.data[o->b.len - 1] : '\n';
}

/* Pay what is owed before text: line breaks (none at the very start), or
 * one space. */
static void
settle(struct out *o)
{
	size_t have = 0;

	if (o->b.len == 0) {
		o->newlines = 0;
		o->space = 0;
		return;
	}
	if (o->newlines > 0) {
		/* Text of a <pre> may have ended with a line break already. */
		while (have < o->b.len && o->b.data[o->b.len - 1 - have] == '\n') {
			have++;
		}
		for (; (int)have < o->newlines; have++) {
			nr_buf_addc(&o->b, '\n');
		}
	} else if (o->space && last_char(o) != ' ' && last_char(o) != '\n') {
		nr_buf_addc(&o->b, ' ');
	}
	o->newlines = 0;
	o->space = 0;
}

static void
block_break(struct out *o)
{
	o->newlines = 2;
}

static void
add_text(struct out *o, const char *s, size_t n)
{
	size_t i = 0, j;

	if (o->pre > 0) {
		if (n > 0) {
			settle(o);
			nr_buf_add(&o->b, s, n);
		}
		return;
	}
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f') {
			if (last_char(o) != '\n' && last_char(o) != ' ') {
				o->space = 1;
			}
			i++;
			continue;
		}
		for (j = i; j < n && !(s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'
		    || s[j] == '\f'); j++) {
			continue;
		}
		settle(o);
		nr_buf_add(&o->b, s + i, j - i);
		i = j;
	}
}

static void
add_mark(struct out *o, const char *s)
{
	settle(o);
	nr_buf_adds(&o->b, s);
}

static long
attr_long(const xmlNode *n, const char *name, long dflt)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *end;
	long l;

	if (v == NULL) {
		return dflt;
	}
	l = strtol((const char *)v, &end, 10);
	if (end == (char *)v || l < -1000000 || l > 1000000) {
		l = dflt;
	}
	xmlFree(v);
	return l;
}

static void
enter_item(struct out *o, const xmlNode *n)
{
	char mark[32];
	struct list *l = o->nlists > 0 ? &o->lists[o->nlists - 1] : NULL;

	block_break(o);
	if (l != NULL && l->ordered) {
		l->next = attr_long(n, "value", l->next);
		snprintf(mark, sizeof(mark), "%ld. ", l->next);
		l->next++;
		add_mark(o, mark);
	} else {
		add_mark(o, "\xe2\x80\xa2 ");
	}
}

static void
enter_image(struct out *o, const xmlNode *n)
{
	xmlChar *alt = xmlGetNoNsProp(n, (const xmlChar *)"alt");
	char *s;

	if (alt == NULL) {
		return;
	}
	s = nr_utf8_sanitize((const char *)alt, strlen((const char *)alt), NR_SAN_COLLAPSE);
	xmlFree(alt);
	if (s[0] != '\0') {
		add_mark(o, "[image: ");
		nr_buf_adds(&o->b, s);
		nr_buf_addc(&o->b, ']');
	}
	free(s);
}

/* Returns whether to walk into n's children. */
static int
enter(struct out *o, const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL) {
			add_text(o, (const char *)n->content, strlen((const char *)n->content));
		}
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE) {
		return 0;
	}
	switch (role_of(n)) {
	case R_INLINE:
		break;
	case R_BLOCK:
		block_break(o);
		break;
	case R_DROP:
		return 0;
	case R_BREAK:
		if (o->b.len > 0 && o->newlines < 2) {
			o->newlines++;
		}
		break;
	case R_PRE:
		block_break(o);
		o->pre++;
		break;
	case R_LIST:
		block_break(o);
		if (o->nlists == o->caplists) {
			o->caplists = o->caplists ? o->caplists * 2 : 8;
			o->lists = xreallocarray(o->lists, o->caplists, sizeof(*o->lists));
		}
		o->lists[o->nlists].ordered = xmlStrcmp(n->name, (const xmlChar *)"ol") == 0;
		o->lists[o->nlists].next = attr_long(n, "start", 1);
		o->nlists++;
		break;
	case R_ITEM:
		enter_item(o, n);
		break;
	case R_CELL:
		if (last_char(o) != '\n') {
			o->space = 1;
		}
		break;
	case R_IMAGE:
		enter_image(o, n);
		break;
	}
	return 1;
}

static void
leave(struct out *o, const xmlNode *n)
{
	switch (role_of(n)) {
	case R_BLOCK:
	case R_ITEM:
		block_break(o);
		break;
	case R_PRE:
		o->pre--;
		block_break(o);
		break;
	case R_LIST:
		o->nlists--;
		block_break(o);
		break;
	case R_CELL:
		o->space = 1;
		break;
	default:
		break;
	}
}

/* Walk the tree under root in document order with parent and sibling
 * links: no recursion, so no nesting depth can exhaust the stack. */
static void
walk(struct out *o, const xmlNode *root)
{
	const xmlNode *n = root->children;

	while (n != NULL) {
		if (enter(o, n)) {
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
			leave(o, n);
		}
		while (n->next == NULL) {
			n = n->parent;
			if (n == root || n == NULL) {
				return;
			}
			leave(o, n);
		}
		n = n->next;
	}
}

/* The white space at the end of s[0..n): blanks and no-break spaces. */
static size_t
trailing_space(const char *s, size_t n)
{
	size_t k = 0;

	for (;;) {
		if (n - k >= 1 && (s[n - k - 1] == ' ' || s[n - k - 1] == '\t')) {
			k++;
		} else if (n - k >= 2 && (unsigned char)s[n - k - 2] == 0xc2
		    && (unsigned char)s[n - k - 1] == 0xa0) {
			k += 2;
		} else {
			return k;
		}
	}
}

/* The final shape: no white space at line ends, at most one blank line in
 * a row, none at either end, no white space before the first text. */
static char *
tidy(const char *s)
{
	struct nr_buf b = NR_BUF_INIT;
	const char *p = s, *nl;
	size_t len;
	int blank = 0;

	for (;;) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		len -= trailing_space(p, len);
		if (len == 0) {
			blank = b.len > 0;
		} else {
			if (b.len > 0) {
				nr_buf_adds(&b, blank ? "\n\n" : "\n");
			} else {
				while (len > 0 && (*p == ' ' || *p == '\t')) {
					p++;
					len--;
				}
			}
			nr_buf_add(&b, p, len);
			blank = 0;
		}
		if (nl == NULL) {
			break;
		}
		p = nl + 1;
	}
	return nr_buf_steal(&b);
}

static char *
render_html(const char *body)
{
	static const char head[] = "<html><body>";
	struct out o;
	struct nr_buf src = NR_BUF_INIT;
	htmlDocPtr doc;
	xmlNode *root, *n;
	char *clean, *res;

	memset(&o, 0, sizeof(o));
	nr_buf_adds(&src, head);
	nr_buf_adds(&src, body);
	doc = htmlReadMemory(nr_buf_str(&src), src.len > INT_MAX ? INT_MAX : (int)src.len, NULL,
	    "UTF-8", HTML_OPTIONS);
	nr_buf_free(&src);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL) {
		xmlFreeDoc(doc);
		return xstrdup("");
	}
	for (n = root->children; n != NULL && !(n->type == XML_ELEMENT_NODE
	    && xmlStrcmp(n->name, (const xmlChar *)"body") == 0); n = n->next) {
		continue;
	}
	walk(&o, n != NULL ? n : root);
	xmlFreeDoc(doc);
	free(o.lists);
	clean = nr_utf8_sanitize(nr_buf_str(&o.b), o.b.len, NR_SAN_NEWLINES | NR_SAN_TABS);
	nr_buf_free(&o.b);
	res = tidy(clean);
	free(clean);
	return res;
}

char *
nr_render_plain(const char *body, enum nr_body_type type)
{
	char *clean, *res;

	if (body == NULL) {
		return xstrdup("");
	}
	/* Bodies come from the model and are valid UTF-8; this keeps a
	 * caller's mistake off the terminal all the same. */
	clean = nr_utf8_sanitize(body, strlen(body), NR_SAN_NEWLINES | NR_SAN_TABS);
	if (type == NR_BODY_HTML) {
		res = render_html(clean);
	} else {
		res = tidy(clean);
	}
	free(clean);
	return res;
}
