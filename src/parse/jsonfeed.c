/*
 * JSON Feed through json-c.
 *
 * Specifications:
 *   JSON Feed 1.1   https://www.jsonfeed.org/version/1.1/
 *   JSON Feed 1.0   https://www.jsonfeed.org/version/1/
 *   JSON            https://www.rfc-editor.org/rfc/rfc8259
 *
 * The whole document is parsed into json-c's tree (a JSON object's keys may
 * come in any order, so nothing can be delivered before the end anyway),
 * then each item is built and handed to the sink in turn. Which keys fill
 * an item, and with which JSON types, is decided by the table below; a key
 * holding a value of another type is ignored, as if it were absent, so
 * that a feed written carelessly still yields what it can.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/jsonfeed.h"
#include "util/date.h"
#include "util/url.h"
#include "util/utf8.h"

/* Deep enough for any feed (the items' attachments sit at depth 5, their
 * extensions a little deeper), shallow enough that json-c's recursion in
 * building and freeing the tree stays small. */
#define MAX_DEPTH 64
/* json-c takes an int length: larger inputs go in pieces. */
#define CHUNK ((size_t)1 << 30)

#define VERSION_MARK "jsonfeed.org/version/"

/* What a key of an item holds. */
enum key {
	K_ID,
	K_URL,
	K_EXTERNAL_URL,
	K_TITLE,
	K_CONTENT_HTML,
	K_CONTENT_TEXT,
	K_SUMMARY,
	K_PUBLISHED,
	K_MODIFIED,
	K_AUTHORS,
	K_AUTHOR,
	K_TAGS,
	K_ATTACHMENTS,
	K_NKEYS
};

/* Accepted JSON types, as bits. */
#define T_STRING (1u << json_type_string)
#define T_NUMBER ((1u << json_type_int) | (1u << json_type_double))
#define T_OBJECT (1u << json_type_object)
#define T_ARRAY (1u << json_type_array)

/* The spec says an id is a string; numbers are common in the wild and
 * are read as their digits. "author" is 1.0's single author, "authors"
 * 1.1's list. */
static const struct {
	const char *name;
	enum key key;
	unsigned types;
} item_keys[] = {
	{ "id", K_ID, T_STRING | T_NUMBER },
	{ "url", K_URL, T_STRING },
	{ "external_url", K_EXTERNAL_URL, T_STRING },
	{ "title", K_TITLE, T_STRING },
	{ "content_html", K_CONTENT_HTML, T_STRING },
	{ "content_text", K_CONTENT_TEXT, T_STRING },
	{ "summary", K_SUMMARY, T_STRING },
	{ "date_published", K_PUBLISHED, T_STRING },
	{ "date_modified", K_MODIFIED, T_STRING },
	{ "authors", K_AUTHORS, T_ARRAY },
	{ "author", K_AUTHOR, T_OBJECT },
	{ "tags", K_TAGS, T_ARRAY },
	{ "attachments", K_ATTACHMENTS, T_ARRAY },
};

/* Who wrote something: the names joined with ", ", and the web page or
 * e-mail address of the first author. */
struct authors {
	char *names;
	char *uri;
	char *email;
};

struct state {
	const struct nr_parse_opts *opts;
	struct nr_feed *feed;
	const struct nr_sink *sink;
	const char *base;       /* for relative URLs, or NULL */
	struct authors feed_authors;
};

/* ---- small helpers ---- */

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether s[0..n) contains needle (lower case), ignoring case: a feed
 * written "https://JSONFeed.org/version/1" is still one. */
static int
contains_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i, j;

	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m && lower((unsigned char)s[i + j]) == needle[j]; j++) {
		}
		if (j == m) {
			return 1;
		}
	}
	return 0;
}

static int
starts_with_ci(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++) {
		if (lower((unsigned char)*s) != *prefix) {
			return 0;
		}
	}
	return 1;
}

/* The value of key in obj if it has one of the types, else NULL. */
static struct json_object *
get(struct json_object *obj, const char *key, unsigned types)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || v == NULL) {
		return NULL;
	}
	return (types & (1u << json_object_get_type(v))) != 0 ? v : NULL;
}

/* The text of a string or number value, and its length: numbers as JSON
 * writes them (json-c keeps a double's text as it was read). */
static const char *
raw_text(struct json_object *v, size_t *n)
{
	const char *s;

	switch (json_object_get_type(v)) {
	case json_type_string:
		*n = (size_t)json_object_get_string_len(v);
		return json_object_get_string(v);
	case json_type_int:
	case json_type_double:
		s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
		*n = strlen(s);
		return s;
	default:
		return NULL;
	}
}

/* A new string: the value as one line of plain text, or NULL if it is
 * missing or blank. json-c has decoded the escapes, so the text may hold
 * NULs, control characters and U+FFFD for lone surrogates: it goes
 * through the sanitiser like any other. */
static char *
line_value(struct json_object *v)
{
	const char *s;
	size_t n;
	char *out;

	if (v == NULL || (s = raw_text(v, &n)) == NULL) {
		return NULL;
	}
	out = nr_utf8_sanitize(s, n, NR_SAN_COLLAPSE);
	if (out[0] == '\0') {
		free(out);
		return NULL;
	}
	return out;
}

/* A new string: a body (paragraphs, tabs kept), or NULL if blank. */
static char *
body_value(struct json_object *v)
{
	const char *s;
	size_t n, i;
	char *out;

	if (v == NULL || (s = raw_text(v, &n)) == NULL) {
		return NULL;
	}
	out = nr_utf8_sanitize(s, n, NR_SAN_NEWLINES | NR_SAN_TABS);
	for (i = 0; out[i] != '\0' && is_ws(out[i]); i++) {
	}
	if (out[i] == '\0') {
		free(out);
		return NULL;
	}
	return out;
}

/* A new string: a URL, resolved against the feed's location when that is
 * a URL, or NULL if blank. */
static char *
url_value(const struct state *st, struct json_object *v)
{
	char *ref = line_value(v), *out;

	if (ref == NULL) {
		return NULL;
	}
	out = nr_url_resolve(st->base, ref);
	free(ref);
	return out;
}

static int64_t
date_value(struct json_object *v)
{
	char *s = line_value(v);
	int64_t t;

	if (s == NULL) {
		return NR_TIME_UNKNOWN;
	}
	/* RFC 3339 is what the spec asks for; nr_date_parse also reads the
	 * RFC 822 dates that feeds converted from RSS carry over. */
	t = nr_date_parse(s);
	free(s);
	return t;
}

/* A size in bytes: a non-negative whole number, or the same written as a
 * string; -1 for anything else. */
static int64_t
size_value(struct json_object *v)
{
	double d;
	int64_t n;
	const char *s;
	char *end;
	long long ll;

	switch (json_object_get_type(v)) {
	case json_type_int:
		n = json_object_get_int64(v);
		return n >= 0 ? n : -1;
	case json_type_double:
		d = json_object_get_double(v);
		/* 2^63 is the first double out of int64_t's range. */
		if (!isfinite(d) || d < 0 || d >= 9223372036854775808.0) {
			return -1;
		}
		return (int64_t)d;
	case json_type_string:
		s = json_object_get_string(v);
		if (s[0] < '0' || s[0] > '9') {
			return -1;
		}
		errno = 0;
		ll = strtoll(s, &end, 10);
		return errno == 0 && *end == '\0' ? (int64_t)ll : -1;
	default:
		return -1;
	}
}

/* ---- authors ---- */

static void
authors_clear(struct authors *a)
{
	free(a->names);
	free(a->uri);
	free(a->email);
	memset(a, 0, sizeof *a);
}

/* One author object: its name joins the list; the first author that says
 * anything gives the web page, or the address of a mailto: URL. */
static void
add_author(const struct state *st, struct authors *a, struct nr_buf *names, int *first,
    struct json_object *obj)
{
	char *name, *url;

	if (!json_object_is_type(obj, json_type_object)) {
		return;
	}
	name = line_value(get(obj, "name", T_STRING));
	url = url_value(st, get(obj, "url", T_STRING));
	if (name == NULL && url == NULL) {
		return;
	}
	if (name != NULL) {
		if (names->len > 0) {
			nr_buf_adds(names, ", ");
		}
		nr_buf_adds(names, name);
	}
	if (*first && url != NULL) {
		if (starts_with_ci(url, "mailto:")) {
			char *addr = url + strlen("mailto:");

			/* "mailto:a@example.org?subject=..." */
			addr[strcspn(addr, "?")] = '\0';
			if (addr[0] != '\0') {
				a->email = xstrdup(addr);
			}
		} else {
			a->uri = url;
			url = NULL;
		}
	}
	*first = 0;
	free(name);
	free(url);
}

/* The authors of obj (a feed or an item): 1.1's "authors" list, else
 * 1.0's "author". Returns nonzero if it found any. */
static int
read_authors(const struct state *st, struct json_object *obj, struct authors *a)
{
	struct json_object *list = get(obj, "authors", T_ARRAY);
	struct nr_buf names = NR_BUF_INIT;
	int first = 1;

	memset(a, 0, sizeof *a);
	if (list != NULL) {
		size_t i, n = json_object_array_length(list);

		for (i = 0; i < n; i++) {
			add_author(st, a, &names, &first, json_object_array_get_idx(list, i));
		}
	}
	if (first) {
		/* No usable "authors": 1.1 keeps "author" for older readers,
		 * and 1.0 has only that. */
		add_author(st, a, &names, &first, get(obj, "author", T_OBJECT));
	}
	if (names.len > 0) {
		a->names = nr_buf_steal(&names);
	}
	nr_buf_free(&names);
	return !first;
}

static char *
xstrdup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* ---- items ---- */

static void
read_tags(struct nr_item *item, struct json_object *tags)
{
	size_t i, n;

	if (tags == NULL) {
		return;
	}
	n = json_object_array_length(tags);
	for (i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tags, i);
		char *s;

		if (!json_object_is_type(t, json_type_string)) {
			continue;
		}
		s = line_value(t);
		nr_item_add_category(item, s);
		free(s);
	}
}

/* Attachments are the item's enclosures; "image" and "banner_image" are
 * pictures for the item's page, not files it carries. */
static void
read_attachments(const struct state *st, struct nr_item *item, struct json_object *list)
{
	size_t i, n;

	if (list == NULL) {
		return;
	}
	n = json_object_array_length(list);
	for (i = 0; i < n; i++) {
		struct json_object *a = json_object_array_get_idx(list, i), *size;
		char *url, *type;

		if (!json_object_is_type(a, json_type_object)) {
			continue;
		}
		url = url_value(st, get(a, "url", T_STRING));
		if (url == NULL) {
			continue;
		}
		type = line_value(get(a, "mime_type", T_STRING));
		size = get(a, "size_in_bytes", T_NUMBER | T_STRING);
		nr_item_add_enclosure(item, url, type, size != NULL ? size_value(size) : -1);
		free(url);
		free(type);
	}
}

/* The bodies: content_html is the content, content_text the content when
 * there is no HTML, else the summary when there is none. */
static void
read_bodies(struct nr_item *item, struct json_object *const *v)
{
	char *html = body_value(v[K_CONTENT_HTML]);
	char *text = body_value(v[K_CONTENT_TEXT]);

	item->summary = body_value(v[K_SUMMARY]);
	if (item->summary != NULL) {
		item->summary_type = NR_BODY_TEXT;
	}
	if (html != NULL) {
		item->content = html;
		item->content_type = NR_BODY_HTML;
		if (item->summary == NULL && text != NULL) {
			item->summary = text;
			item->summary_type = NR_BODY_TEXT;
			text = NULL;
		}
	} else if (text != NULL) {
		item->content = text;
		item->content_type = NR_BODY_TEXT;
		text = NULL;
	}
	free(text);
}

static void
build_item(const struct state *st, struct json_object *obj, struct nr_item *item)
{
	struct json_object *v[K_NKEYS];
	struct authors a;
	size_t i;

	for (i = 0; i < K_NKEYS; i++) {
		v[i] = NULL;
	}
	for (i = 0; i < sizeof item_keys / sizeof item_keys[0]; i++) {
		v[item_keys[i].key] = get(obj, item_keys[i].name, item_keys[i].types);
	}

	item->id = line_value(v[K_ID]);
	item->link = url_value(st, v[K_URL]);
	if (item->link == NULL) {
		/* An item about another page (a link blog) may have only that. */
		item->link = url_value(st, v[K_EXTERNAL_URL]);
	}
	item->title = line_value(v[K_TITLE]);
	item->published = date_value(v[K_PUBLISHED]);
	item->updated = date_value(v[K_MODIFIED]);
	/* As with Atom: the publication date, else the last change. */
	if (item->published == NR_TIME_UNKNOWN) {
		item->published = item->updated;
	}

	/* An item's own authors replace the feed's. */
	if (read_authors(st, obj, &a)) {
		item->author = a.names;
		item->author_uri = a.uri;
		item->author_email = a.email;
	} else {
		item->author = xstrdup_or_null(st->feed_authors.names);
		item->author_uri = xstrdup_or_null(st->feed_authors.uri);
		item->author_email = xstrdup_or_null(st->feed_authors.email);
	}
	if (item->author == NULL && item->author_email != NULL) {
		/* Only an address: it is the best name there is. */
		item->author = xstrdup(item->author_email);
	}

	read_tags(item, v[K_TAGS]);
	read_attachments(st, item, v[K_ATTACHMENTS]);

	/* Bodies not asked for are skipped, except where the id has to be
	 * made from the text (nr_item_ensure_id): an item with no id, link,
	 * title or date. */
	if (st->opts == NULL || st->opts->want_body || (item->id == NULL && item->link == NULL &&
	    item->title == NULL && item->published == NR_TIME_UNKNOWN)) {
		read_bodies(item, v);
	}
}

/* ---- the document ---- */

static long
line_at(const char *data, size_t off)
{
	const char *p = data, *end = data + off;
	long line = 1;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/* The tree of data[0..n) into *out (NULL for JSON's null). Returns 0, or
 * -1 with err. */
static int
parse_json(const char *data, size_t n, struct json_object **out, struct nr_err *err)
{
	struct json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
	struct json_object *root = NULL;
	enum json_tokener_error jerr = json_tokener_continue;
	size_t off = 0, end = 0;
	const char *what;

	*out = NULL;
	if (tok == NULL) {
		nr_err_set(err, NR_ERR_PARSE, _("cannot create a JSON parser"));
		return -1;
	}
	/* A byte order mark is no part of JSON, but editors write one. */
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		off = end = 3;
	}
	while (off < n) {
		size_t len = n - off > CHUNK ? CHUNK : n - off;

		root = json_tokener_parse_ex(tok, data + off, (int)len);
		jerr = json_tokener_get_error(tok);
		end = off + json_tokener_get_parse_end(tok);
		if (jerr != json_tokener_continue) {
			break;
		}
		off += len;
	}
	if (jerr == json_tokener_continue) {
		/* The end of the input ends a number written last (a document
		 * that is only "42"); anything else is cut short. */
		root = json_tokener_parse_ex(tok, "", 1);
		jerr = json_tokener_get_error(tok);
		end = n;
	}
	json_tokener_free(tok);
	/* Whatever follows the value is ignored: the feed is complete. */
	if (jerr == json_tokener_success) {
		*out = root;
		return 0;
	}
	json_object_put(root);
	if (end > 0 && end <= n && data[end - 1] == '\0') {
		/* json-c takes a NUL for the end of the data (and stops just
		 * after it). */
		end--;
		what = _("a NUL byte");
	} else if (jerr == json_tokener_continue || jerr == json_tokener_error_parse_eof) {
		what = _("unexpected end of data");
	} else {
		what = json_tokener_error_desc(jerr);
	}
	nr_err_set(err, NR_ERR_PARSE, _("not valid JSON: %s"), what);
	if (err != NULL) {
		err->line = line_at(data, end < n ? end : n);
	}
	return -1;
}

static int
is_jsonfeed(struct json_object *root)
{
	struct json_object *version = get(root, "version", T_STRING);

	if (version != NULL && contains_ci(json_object_get_string(version),
	    (size_t)json_object_get_string_len(version), VERSION_MARK)) {
		return 1;
	}
	return get(root, "items", T_ARRAY) != NULL;
}

int
nr_jsonfeed_sniff(const char *data, size_t n)
{
	const char *p = data, *end = data + n, *q;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
	}
	while (p < end && is_ws(*p)) {
		p++;
	}
	if (p >= end || *p != '{') {
		return 0;
	}
	p++;
	/* "version" may follow other keys, or appear inside them: any
	 * "version" whose string value names jsonfeed.org will do. */
	for (q = p; (q = memmem(q, (size_t)(end - q), "\"version\"", 9)) != NULL;) {
		char value[256];
		size_t len = 0;

		q += 9;
		while (q < end && is_ws(*q)) {
			q++;
		}
		if (q >= end || *q != ':') {
			continue;
		}
		q++;
		while (q < end && is_ws(*q)) {
			q++;
		}
		if (q >= end || *q != '"') {
			continue;
		}
		/* Copy the value with its escapes undone well enough for "\/",
		 * which some JSON writers put for every slash. */
		for (q++; q < end && *q != '"' && len < sizeof value; q++) {
			if (*q == '\\' && q + 1 < end) {
				q++;
			}
			value[len++] = *q;
		}
		if (contains_ci(value, len, VERSION_MARK)) {
			return 1;
		}
	}
	/* The version may lie beyond the head, after a long first key. */
	return memmem(p, (size_t)(end - p), "\"items\"", 7) != NULL;
}

int
nr_jsonfeed_parse(const char *data, size_t n, const char *location,
    const struct nr_parse_opts *opts, struct nr_feed *feed, const struct nr_sink *sink,
    struct nr_err *err)
{
	struct json_object *root, *items;
	struct nr_item item;
	struct state st;
	size_t i, count;

	nr_err_clear(err);
	if (parse_json(data, n, &root, err) < 0) {
		return -1;
	}
	if (!json_object_is_type(root, json_type_object)) {
		nr_err_set(err, NR_ERR_FORMAT, _("not a JSON Feed: the JSON is not an object"));
		json_object_put(root);
		return -1;
	}
	if (!is_jsonfeed(root)) {
		nr_err_set(err, NR_ERR_FORMAT,
		    _("not a JSON Feed: no \"version\" from jsonfeed.org and no \"items\" list"));
		json_object_put(root);
		return -1;
	}

	memset(&st, 0, sizeof st);
	st.opts = opts;
	st.feed = feed;
	st.sink = sink;
	/* Relative URLs are resolved only against a URL; a feed read from a
	 * local path keeps them as they are. */
	if (location != NULL && (starts_with_ci(location, "http://") ||
	    starts_with_ci(location, "https://") || starts_with_ci(location, "file://"))) {
		st.base = location;
	}

	feed->kind = NR_KIND_JSON;
	free(feed->title);
	feed->title = line_value(get(root, "title", T_STRING));
	free(feed->link);
	feed->link = url_value(&st, get(root, "home_page_url", T_STRING));
	free(feed->description);
	feed->description = line_value(get(root, "description", T_STRING));
	read_authors(&st, root, &st.feed_authors);

	items = get(root, "items", T_ARRAY);
	count = items != NULL ? json_object_array_length(items) : 0;
	nr_item_init(&item);
	for (i = 0; i < count; i++) {
		struct json_object *obj = json_object_array_get_idx(items, i);
		int stop = 0;

		if (!json_object_is_type(obj, json_type_object)) {
			continue;
		}
		build_item(&st, obj, &item);
		nr_item_ensure_id(&item);
		if (sink != NULL && sink->item != NULL && sink->item(sink->ud, feed, &item) < 0) {
			stop = 1;
		}
		nr_item_clear(&item);
		if (stop) {
			break;
		}
	}
	authors_clear(&st.feed_authors);
	json_object_put(root);
	return 0;
}
