#include "config.h"

/*
 * OPML subscription lists.
 *
 * OPML 1.0: http://opml.org/spec1.opml
 * OPML 2.0: http://opml.org/spec2.opml (subscription lists: outlines of
 *           type "rss" with xmlUrl, htmlUrl, text, title; category: comma-
 *           separated, slash-delimited category strings)
 *
 * Exports differ in what they put where: newsboat writes flat outlines with
 * a title only; Feedly, Inoreader and NetNewsWire nest feeds one level in
 * folders with text and title; some tools write type="atom" or no type.
 * So a feed is any outline with an xmlUrl (its name matched without regard
 * to case), at any depth; an outline without one is a folder whose name is
 * a tag of the feeds inside. A category "/Tech/News" is the category News
 * within Tech: its last segment is the tag. A category that does not start
 * with a slash is a tag as it is ("tech/linux" too: ours are written so).
 *
 * The file is untrusted: it is parsed with no network access, entities
 * are not substituted (an entity a DTD declares stays in an attribute as
 * written, "&name;"), and the external-entity loader refuses everything
 * (nr_libxml_init). Broken XML is an error with its line: an import is not
 * the place to guess.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "core/buf.h"
#include "core/strmap.h"
#include "core/xmalloc.h"
#include "markup/bound.h"
#include "markup/libxml.h"
#include "nls.h"
#include "parse/opml.h"
#include "util/file.h"
#include "util/utf8.h"

/* Far more than any subscription list; a bigger file is not one. */
#define MAX_OPML_SIZE ((size_t)64 * 1024 * 1024)

struct reader {
	struct nr_opml_feed *feeds;
	size_t n, cap;
	char **folders;         /* names of the enclosing folders, outermost first */
	size_t nfolders, folders_cap;
	struct nr_strmap urls;  /* URL -> index in feeds */
	struct nr_strmap tags;  /* "index\ntag" for each tag a feed has */
};

/* "FILE:LINE: message" (or "FILE: message") into err, the file's name
 * made safe for the terminal. */
static void fail(struct nr_err *err, enum nr_err_code code, const char *path, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
fail(struct nr_err *err, enum nr_err_code code, const char *path, long line, const char *fmt, ...)
{
	char text[sizeof err->msg];
	char *name;
	va_list ap;

	if (err == NULL) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	name = nr_utf8_sanitize(path, strlen(path), 0);
	if (line > 0) {
		nr_err_set(err, code, "%s:%ld: %s", name, line, text);
	} else {
		nr_err_set(err, code, "%s: %s", name, text);
	}
	err->line = line;
	free(name);
}

static int
name_is(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && xmlStrcasecmp(node->name, BAD_CAST name) == 0;
}

/* An attribute's value as written, without substituting entities: the
 * predefined ones and character references are already text; any other
 * (declared by a DTD) is kept as "&name;". NULL if there is no such
 * attribute (its name matched without regard to case). */
static char *
attr_raw(const xmlNode *node, const char *name)
{
	const xmlAttr *a;
	const xmlNode *c;
	struct nr_buf b = NR_BUF_INIT;

	for (a = node->properties; a != NULL; a = a->next) {
		if (xmlStrcasecmp(a->name, BAD_CAST name) == 0) {
			break;
		}
	}
	if (a == NULL) {
		return NULL;
	}
	for (c = a->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL) {
			nr_buf_adds(&b, (const char *)c->content);
		} else if (c->type == XML_ENTITY_REF_NODE) {
			nr_buf_printf(&b, "&%s;", (const char *)c->name);
		}
	}
	return nr_buf_steal(&b);
}

/* A name for people: one line, no control characters; NULL if empty. */
static char *
clean_text(char *raw)
{
	char *s;

	if (raw == NULL) {
		return NULL;
	}
	s = nr_utf8_sanitize(raw, strlen(raw), NR_SAN_COLLAPSE);
	free(raw);
	if (s[0] == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* A URL: without white space at either end; NULL if empty. */
static char *
clean_url(char *raw)
{
	size_t start = 0, end;
	char *s;

	if (raw == NULL) {
		return NULL;
	}
	end = strlen(raw);
	while (start < end && (raw[start] == ' ' || raw[start] == '\t' || raw[start] == '\n' || raw[start] == '\r')) {
		start++;
	}
	while (end > start && (raw[end - 1] == ' ' || raw[end - 1] == '\t' || raw[end - 1] == '\n' ||
	    raw[end - 1] == '\r')) {
		end--;
	}
	s = end > start ? xstrndup(raw + start, end - start) : NULL;
	free(raw);
	return s;
}

/* A tag for the feed at index i of r->feeds, unless it has it already
 * (looked up, not searched: one outline may have 200,000 categories). */
static void
add_tag(struct reader *r, size_t i, const char *tag)
{
	struct nr_opml_feed *f = &r->feeds[i];
	char *key = xasprintf("%zu\n%s", i, tag);

	if (!nr_strmap_get(&r->tags, key, NULL)) {
		nr_strmap_put(&r->tags, key, 0);
		/* The array doubles when its length reaches a power of two
		 * (its room then), so that 200,000 tags cost 18 copies. */
		if (f->ntags >= 4 && (f->ntags & (f->ntags - 1)) == 0) {
			f->tags = xreallocarray(f->tags, f->ntags * 2, sizeof *f->tags);
		} else if (f->ntags == 0) {
			f->tags = xreallocarray(NULL, 4, sizeof *f->tags);
		}
		f->tags[f->ntags++] = xstrdup(tag);
	}
	free(key);
}

/* The category attribute's tags: each comma-separated category, or if it
 * is a path (it starts with a slash), its last segment. */
static void
add_categories(struct reader *r, size_t i, const char *categories)
{
	const char *p = categories;

	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		char *cat = xstrndup(p, len);
		char *slash, *tag;

		tag = clean_text(xstrdup(cat));
		if (tag != NULL && tag[0] == '/') {
			/* "/Tech/News/" names News too. */
			size_t end = strlen(tag);

			while (end > 0 && tag[end - 1] == '/') {
				tag[--end] = '\0';
			}
			slash = strrchr(tag, '/');
			if (slash != NULL) {
				memmove(tag, slash + 1, strlen(slash + 1) + 1);
			}
			if (tag[0] == '\0') {
				free(tag);
				tag = NULL;
			}
		}
		if (tag != NULL) {
			add_tag(r, i, tag);
			free(tag);
		}
		free(cat);
		p += len;
		if (*p == ',') {
			p++;
		}
	}
}

static void
add_feed(struct reader *r, const xmlNode *node, char *url)
{
	struct nr_opml_feed *f = NULL;
	char *title, *category;
	size_t i, k;

	title = clean_text(attr_raw(node, "text"));
	if (title == NULL) {
		title = clean_text(attr_raw(node, "title"));
	}
	/* The same feed twice (in two folders, as Feedly exports a feed with
	 * two categories) is one feed with the tags of both. */
	if (nr_strmap_get(&r->urls, url, &i)) {
		f = &r->feeds[i];
		free(url);
		if (f->title == NULL) {
			f->title = title;
		} else {
			free(title);
		}
	} else {
		if (r->n == r->cap) {
			r->cap = r->cap == 0 ? 16 : r->cap * 2;
			r->feeds = xreallocarray(r->feeds, r->cap, sizeof *r->feeds);
		}
		f = &r->feeds[r->n++];
		memset(f, 0, sizeof *f);
		f->url = url;
		f->title = title;
		f->html_url = clean_url(attr_raw(node, "htmlUrl"));
		f->line = xmlGetLineNo(node);
		i = r->n - 1;
		nr_strmap_put(&r->urls, f->url, i);
	}
	for (k = 0; k < r->nfolders; k++) {
		add_tag(r, i, r->folders[k]);
	}
	category = attr_raw(node, "category");
	if (category != NULL) {
		add_categories(r, i, category);
		free(category);
	}
}

/* The outlines below node, at any depth (libxml2 limits the depth of a
 * document it parses, so this recursion is bounded). */
static void
walk(struct reader *r, const xmlNode *node)
{
	const xmlNode *c;

	for (c = node->children; c != NULL; c = c->next) {
		char *url, *name;

		if (!name_is(c, "outline")) {
			continue;
		}
		url = clean_url(attr_raw(c, "xmlUrl"));
		if (url != NULL) {
			add_feed(r, c, url);
			walk(r, c);
			continue;
		}
		name = clean_text(attr_raw(c, "text"));
		if (name == NULL) {
			name = clean_text(attr_raw(c, "title"));
		}
		if (name == NULL) {
			walk(r, c);
			continue;
		}
		if (r->nfolders == r->folders_cap) {
			r->folders_cap = r->folders_cap == 0 ? 8 : r->folders_cap * 2;
			r->folders = xreallocarray(r->folders, r->folders_cap, sizeof *r->folders);
		}
		r->folders[r->nfolders++] = name;
		walk(r, c);
		free(r->folders[--r->nfolders]);
	}
}

long
nr_opml_read(const char *path, struct nr_opml_feed **out, struct nr_err *err)
{
	struct reader r;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	const xmlNode *root, *c;
	char *data, *bounded, encoding[32];
	size_t n = 0, blen;
	enum nr_bound_stop stop;

	*out = NULL;
	nr_err_clear(err);
	data = nr_file_read(path, MAX_OPML_SIZE, &n, err);
	if (data == NULL) {
		return -1;
	}
	/* Idempotent; the refusing entity loader must be in place whoever
	 * calls this. */
	nr_libxml_init();
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL) {
		free(data);
		fail(err, NR_ERR_PARSE, path, 0, _("cannot create an XML parser"));
		return -1;
	}
	/* An encoding whose markup is not in ASCII bytes would pass the
	 * markup filter uncounted. */
	if (nr_bound_xml_refused(data, n, encoding, sizeof encoding)) {
		char *shown = nr_utf8_sanitize(encoding, strlen(encoding), 0);

		fail(err, NR_ERR_FORMAT, path, 0, _("encoding %s is not read: %s"),
		    shown, nr_bound_encoding_problem(encoding));
		free(shown);
		free(data);
		xmlFreeParserCtxt(ctxt);
		return -1;
	}
	/* Tags with more attributes than libxml2 reads in linear time cut;
	 * a file with more names or a longer doctype than it reads in linear
	 * time refused (markup/bound.h). */
	bounded = nr_bound_copy(data, n, NR_BOUND_XML, &blen, &stop);
	if (stop != NR_BOUND_GOING) {
		fail(err, NR_ERR_FORMAT, path, 0, _("not read: %s"), nr_bound_stop_reason(stop));
		free(bounded);
		free(data);
		xmlFreeParserCtxt(ctxt);
		return -1;
	}
	if (bounded != NULL) {
		free(data);
		data = bounded;
		n = blen;
	}
	/* Attribute defaults from the doctype are not added to every
	 * outline; nothing is built from attribute declarations. */
	ctxt->sax->externalSubset = nr_libxml_subset_done;
	ctxt->sax->attributeDecl = NULL;
	/* No XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_DTDATTR: no
	 * entity is substituted and no DTD read. */
	doc = xmlCtxtReadMemory(ctxt, data, (int)n, path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	free(data);
	if (doc == NULL) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		char msg[256];

		snprintf(msg, sizeof msg, "%s", e != NULL && e->message != NULL ? e->message : _("no element found"));
		/* libxml2's messages end with a newline. */
		msg[strcspn(msg, "\n")] = '\0';
		fail(err, NR_ERR_PARSE, path, e != NULL ? e->line : 0, _("not well-formed XML: %s"), msg);
		xmlFreeParserCtxt(ctxt);
		return -1;
	}
	xmlFreeParserCtxt(ctxt);
	root = xmlDocGetRootElement(doc);
	if (root == NULL || xmlStrcmp(root->name, BAD_CAST "opml") != 0) {
		char *name = root != NULL ? nr_utf8_sanitize((const char *)root->name,
		    strlen((const char *)root->name), 0) : xstrdup("");

		fail(err, NR_ERR_FORMAT, path, root != NULL ? xmlGetLineNo(root) : 0,
		    _("not an OPML file: the root element is '%s'"), name);
		free(name);
		xmlFreeDoc(doc);
		return -1;
	}
	memset(&r, 0, sizeof r);
	for (c = root->children; c != NULL; c = c->next) {
		if (name_is(c, "body")) {
			walk(&r, c);
		}
	}
	free(r.folders);
	nr_strmap_free(&r.urls);
	nr_strmap_free(&r.tags);
	xmlFreeDoc(doc);
	*out = r.feeds;
	return (long)r.n;
}

void
nr_opml_free(struct nr_opml_feed *feeds, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(feeds[i].url);
		free(feeds[i].title);
		free(feeds[i].html_url);
		for (j = 0; j < feeds[i].ntags; j++) {
			free(feeds[i].tags[j]);
		}
		free(feeds[i].tags);
	}
	free(feeds);
}
