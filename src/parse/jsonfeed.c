/*
 * JSON Feed through json-c.
 *
 * Specifications:
 *   JSON Feed 1.1   https://www.jsonfeed.org/version/1.1/
 *   JSON Feed 1.0   https://www.jsonfeed.org/version/1/
 *   JSON            https://www.rfc-editor.org/rfc/rfc8259
 *
 * The document is walked by a scanner of its own (below), which hands
 * json-c one item at a time, so memory stays small however large the
 * feed; each item is built and handed to the sink in turn. Which keys fill
 * an item, and with which JSON types, is decided by the table below; a key
 * holding a value of another type is ignored, as if it were absent, so
 * that a feed written carelessly still yields what it can.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/jsonfeed.h"
#include "util/date.h"
#include "util/url.h"
#include "util/utf8.h"

/* Deep enough for any feed (the items' attachments sit at depth 5, their
 * extensions a little deeper), shallow enough that the scanner's and
 * json-c's recursion stays small. */
#define MAX_DEPTH 64

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
	struct nr_item people;  /* its authors: each (name, address, page) */
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
	nr_item_clear_authors(&a->people);
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
		nr_item_add_author(&a->people, name, NULL, url);
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
	int own;

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
	own = read_authors(st, obj, &a);
	if (own) {
		item->author = a.names;
		item->author_uri = a.uri;
		item->author_email = a.email;
	} else {
		item->author = xstrdup_or_null(st->feed_authors.names);
		item->author_uri = xstrdup_or_null(st->feed_authors.uri);
		item->author_email = xstrdup_or_null(st->feed_authors.email);
	}
	/* Several authors: each for --fields=authors (author has them
	 * joined already). */
	{
		const struct nr_item *from = own ? &a.people : &st->feed_authors.people;

		if (from->nauthors > 1) {
			for (i = 0; i < from->nauthors; i++) {
				nr_item_add_author(item, from->authors[i].name, from->authors[i].email,
				    from->authors[i].uri);
			}
		}
		nr_item_clear_authors(&a.people);
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

/* ---- the scanner ----
 *
 * json-c builds a tree of everything it parses, and a tree of a big feed
 * is many times its size (a million tiny items took a gigabyte). So the
 * document is walked by the scanner below, which checks the JSON but
 * keeps nothing, and only the values that matter are handed to json-c,
 * one at a time: the feed's own fields, and for each item its known keys,
 * with at most MAX_LIST elements of its lists. An item is built from them
 * and delivered before the next is read, so memory follows the largest
 * item, not the feed.
 *
 * The feed's fields may come after "items" (writers that sort keys put
 * "title" and "version" there), and an item may need them (the feed's
 * authors). So the document is read twice: once whole, to check it and
 * read the feed's fields, then again from "items". A broken document is
 * found in the first pass, before any item is delivered, as before.
 *
 * The scanner accepts what json-c accepts without its strict flag, since
 * that is what was read before: strings in single quotes, comments,
 * trailing commas, true/false/null in any case, NaN and Infinity, and
 * leading zeros. */

/* A file is read in windows of this size. */
#define WINDOW ((size_t)1 << 16)
/* At most this many elements of an item's tags, authors and attachments
 * (and of the feed's authors) are read; the rest are skipped. As many as
 * the model keeps of categories and enclosures. */
#define MAX_LIST NR_ITEM_MAX_LIST
/* The bytes of one item's known keys (and of the feed's fields) read at
 * most; a value that would pass it is left out, as if absent. */
#define MAX_ITEM_BYTES ((size_t)32 << 20)
/* Keys longer than any known one are compared no further. */
#define KEY_MAX 24

struct scan {
	const char *mem;        /* memory input, or NULL */
	int fd;                 /* else a file, read with pread */
	char *window;
	const char *buf;        /* bytes [base, base + len) of the input */
	size_t base, len, pos;  /* pos: the next byte, in buf */
	long line;
	int depth;
	/* The value being kept, if any: its bytes from buf[cap_from] on,
	 * copied to cap only when the window moves on. */
	struct nr_buf *cap;
	size_t cap_from, cap_limit;
	int cap_moved, cap_over;
	/* The first error. */
	int failed;
	enum json_tokener_error jerr;
	int nul, io_errno;
	long err_line;
};

static int
scan_fill(struct scan *s)
{
	ssize_t got;

	if (s->mem != NULL || s->failed) {
		return 0;
	}
	if (s->cap != NULL && !s->cap_over) {
		size_t k = s->len - s->cap_from;

		if (s->cap->len + k > s->cap_limit) {
			s->cap_over = 1;
		} else {
			nr_buf_add(s->cap, s->buf + s->cap_from, k);
		}
		s->cap_moved = 1;
	}
	s->base += s->len;
	s->len = s->pos = s->cap_from = 0;
	do {
		got = pread(s->fd, s->window, WINDOW, (off_t)s->base);
	} while (got < 0 && errno == EINTR);
	if (got < 0) {
		s->failed = 1;
		s->io_errno = errno;
		s->err_line = s->line;
		return 0;
	}
	s->len = (size_t)got;
	return got > 0;
}

/* The next byte, not consumed, or -1 at the end (and after an error, so
 * that the scan unwinds at once). */
static int
peek(struct scan *s)
{
	if (s->failed) {
		return -1;
	}
	if (s->pos < s->len || scan_fill(s)) {
		return (unsigned char)s->buf[s->pos];
	}
	return -1;
}

static void
advance(struct scan *s)
{
	if (s->buf[s->pos++] == '\n') {
		s->line++;
	}
}

/* Record an error (at the end of the input if c is -1) and return -1. */
static int
fail(struct scan *s, int c, enum json_tokener_error jerr)
{
	if (!s->failed) {
		s->failed = 1;
		s->jerr = c < 0 ? json_tokener_error_parse_eof : jerr;
		s->nul = c == 0;
		s->err_line = s->line;
	}
	return -1;
}

/* Skip white space and comments; return the next byte, or -1. */
static int
skip_ws(struct scan *s)
{
	int c;

	for (;;) {
		c = peek(s);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
			advance(s);
			continue;
		}
		if (c != '/') {
			return c;
		}
		advance(s);
		c = peek(s);
		if (c == '/') {
			while ((c = peek(s)) >= 0 && c != '\n') {
				advance(s);
			}
		} else if (c == '*') {
			int star = 0;

			advance(s);
			for (;;) {
				if ((c = peek(s)) < 0) {
					return fail(s, c, json_tokener_error_parse_comment);
				}
				advance(s);
				if (star && c == '/') {
					break;
				}
				/* As json-c reads them, "**" + "/" does not
				 * close a comment: after a star's star the
				 * next byte starts over. */
				star = !star && c == '*';
			}
		} else {
			return fail(s, c, json_tokener_error_parse_comment);
		}
	}
}

static int
hexdigit(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A string at the next byte (a quote). With key, its text goes there as
 * far as it is ASCII and KEY_MAX long; anything else makes it "" (no known
 * key). */
static int
scan_string(struct scan *s, char *key)
{
	int q = peek(s), c, k = 0, i;
	size_t n = 0;
	unsigned cp;

	advance(s);
	for (;;) {
		if (key == NULL) {
			/* The plain run of a value at once. */
			while (s->pos < s->len && (c = (unsigned char)s->buf[s->pos]) != q &&
			    c != '\\' && c != '\0' && c != '\n') {
				s->pos++;
			}
		}
		c = peek(s);
		if (c <= 0) {
			return fail(s, c, json_tokener_error_parse_string);
		}
		advance(s);
		if (c == q) {
			break;
		}
		cp = (unsigned)c;
		if (c == '\\') {
			c = peek(s);
			if (c < 0) {
				return fail(s, c, json_tokener_error_parse_string);
			}
			switch (c) {
			case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
				advance(s);
				cp = c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'n' ? '\n' : c == 'r' ? '\r' :
				    c == 't' ? '\t' : (unsigned)c;
				break;
			case 'u':
				advance(s);
				cp = 0;
				for (i = 0; i < 4; i++) {
					c = peek(s);
					if (hexdigit(c) < 0) {
						return fail(s, c, json_tokener_error_parse_string);
					}
					cp = cp * 16 + (unsigned)hexdigit(c);
					advance(s);
				}
				break;
			default:
				return fail(s, c, json_tokener_error_parse_string);
			}
		}
		if (key != NULL) {
			if (cp == 0 || cp >= 0x80 || n >= KEY_MAX) {
				k = 1;
			} else {
				key[n++] = (char)cp;
			}
		}
	}
	if (key != NULL) {
		key[k ? 0 : n] = '\0';
	}
	return 0;
}

/* Whether c may follow a number or a word. After the document's own value
 * anything may: the rest is ignored. */
static int
is_delim(const struct scan *s, int c)
{
	return s->depth == 0 || c < 0 || c == ',' || c == ']' || c == '}' || c == '/' || c == ' ' || c == '\t' ||
	    c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* true, false, null, NaN, Infinity, in any case. */
static int
scan_word(struct scan *s)
{
	static const char *const words[] = { "true", "false", "null", "nan", "infinity" };
	char w[10];
	size_t n = 0, i;
	int c, first = lower(peek(s));

	while ((c = peek(s)) >= 0 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
		if (n == sizeof w - 1) {
			break;
		}
		w[n++] = (char)lower(c);
		advance(s);
	}
	w[n] = '\0';
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcmp(w, words[i]) == 0 && is_delim(s, peek(s))) {
			return 0;
		}
	}
	return fail(s, peek(s), first == 't' || first == 'f' ? json_tokener_error_parse_boolean :
	    first == 'n' ? json_tokener_error_parse_null : json_tokener_error_parse_unexpected);
}

/* -?digits(.digits*)?([eE][+-]?digits*)?, or -Infinity; and as json-c
 * reads them, -.digits and digits.[+-]([eE][+-]?)? (json-c keeps "1."). */
static int
scan_number(struct scan *s)
{
	int c = peek(s), minus = c == '-';
	size_t whole = 0, frac = 0;

	if (minus) {
		advance(s);
		c = peek(s);
		if (c == 'I' || c == 'i') {
			return scan_word(s);
		}
	}
	if ((c < '0' || c > '9') && !(minus && c == '.')) {
		return fail(s, c, json_tokener_error_parse_number);
	}
	while ((c = peek(s)) >= '0' && c <= '9') {
		advance(s);
		whole++;
	}
	if (c == '.') {
		advance(s);
		while ((c = peek(s)) >= '0' && c <= '9') {
			advance(s);
			frac++;
		}
		if (whole == 0 && frac == 0) {
			return fail(s, c, json_tokener_error_parse_number);
		}
		if (frac == 0 && (c == '+' || c == '-')) {
			advance(s);
			c = peek(s);
			if (c == 'e' || c == 'E') {
				advance(s);
				c = peek(s);
				if (c == '+' || c == '-') {
					advance(s);
					c = peek(s);
				}
			}
			return is_delim(s, c) ? 0 : fail(s, c, json_tokener_error_parse_number);
		}
	}
	if (c == 'e' || c == 'E') {
		advance(s);
		c = peek(s);
		if (c == '+' || c == '-') {
			advance(s);
		}
		while ((c = peek(s)) >= '0' && c <= '9') {
			advance(s);
		}
	}
	return is_delim(s, c) ? 0 : fail(s, c, json_tokener_error_parse_number);
}

static int scan_value(struct scan *s);

static int
enter(struct scan *s)
{
	advance(s);
	/* As deep as json-c goes with MAX_DEPTH. */
	if (++s->depth > MAX_DEPTH) {
		return fail(s, peek(s), json_tokener_error_depth);
	}
	return 0;
}

/* An object at the next byte. fn, if not NULL, consumes each member's
 * value (at the next byte, white space skipped); else it is checked and
 * skipped. */
static int
scan_object(struct scan *s, int (*fn)(struct scan *s, const char *key, void *ud), void *ud)
{
	char key[KEY_MAX + 1];
	int c;

	if (enter(s) < 0) {
		return -1;
	}
	c = skip_ws(s);
	while (c != '}') {
		if (c != '"' && c != '\'') {
			return fail(s, c, json_tokener_error_parse_object_key_name);
		}
		if (scan_string(s, key) < 0) {
			return -1;
		}
		if ((c = skip_ws(s)) != ':') {
			return fail(s, c, json_tokener_error_parse_object_key_sep);
		}
		advance(s);
		(void)skip_ws(s);
		if ((fn != NULL ? fn(s, key, ud) : scan_value(s)) < 0) {
			return -1;
		}
		c = skip_ws(s);
		if (c == ',') {
			advance(s);
			/* A comma before the brace is forgiven. */
			c = skip_ws(s);
		} else if (c != '}') {
			return fail(s, c, json_tokener_error_parse_object_value_sep);
		}
	}
	advance(s);
	s->depth--;
	return 0;
}

/* An array at the next byte, fn (if not NULL) consuming each element. */
static int
scan_array(struct scan *s, int (*fn)(struct scan *s, size_t i, void *ud), void *ud)
{
	size_t i;
	int c;

	if (enter(s) < 0) {
		return -1;
	}
	c = skip_ws(s);
	for (i = 0; c != ']'; i++) {
		if ((fn != NULL ? fn(s, i, ud) : scan_value(s)) < 0) {
			return -1;
		}
		c = skip_ws(s);
		if (c == ',') {
			advance(s);
			c = skip_ws(s);
		} else if (c != ']') {
			return fail(s, c, json_tokener_error_parse_array);
		}
	}
	advance(s);
	s->depth--;
	return 0;
}

/* Check and skip the value at the next byte. */
static int
scan_value(struct scan *s)
{
	int c = peek(s);

	switch (c) {
	case '{':
		return scan_object(s, NULL, NULL);
	case '[':
		return scan_array(s, NULL, NULL);
	case '"':
	case '\'':
		return scan_string(s, NULL);
	case '-':
		return scan_number(s);
	default:
		if (c >= '0' && c <= '9') {
			return scan_number(s);
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			return scan_word(s);
		}
		return fail(s, c, json_tokener_error_parse_unexpected);
	}
}

/* ---- values handed to json-c ---- */

struct reader {
	struct scan s;
	struct json_tokener *tok;
	struct nr_buf cap;
	size_t budget;          /* bytes the current item may still take */
	/* The object being filled (the feed's fields or an item), and for
	 * a list the array. */
	struct json_object *obj, *list;
};

/* The value at the next byte as a json-c object, or NULL if it is null,
 * over the budget, or not what json-c reads. */
static struct json_object *
take_value(struct reader *r)
{
	struct scan *s = &r->s;
	struct json_object *v;
	const char *p;
	size_t n;

	nr_buf_reset(&r->cap);
	s->cap = &r->cap;
	s->cap_from = s->pos;
	s->cap_limit = r->budget;
	s->cap_moved = s->cap_over = 0;
	if (scan_value(s) < 0) {
		s->cap = NULL;
		return NULL;
	}
	s->cap = NULL;
	n = s->pos - s->cap_from;
	if (s->cap_over || r->cap.len + n > r->budget) {
		return NULL;
	}
	if (s->cap_moved) {
		nr_buf_add(&r->cap, s->buf + s->cap_from, n);
		p = r->cap.data;
		n = r->cap.len;
	} else {
		p = s->buf + s->cap_from;
	}
	r->budget -= n;
	json_tokener_reset(r->tok);
	v = json_tokener_parse_ex(r->tok, p, (int)n);
	if (json_tokener_get_error(r->tok) == json_tokener_continue) {
		/* The end of the input ends a number. */
		v = json_tokener_parse_ex(r->tok, "", 1);
	}
	if (json_tokener_get_error(r->tok) != json_tokener_success) {
		json_object_put(v);
		return NULL;
	}
	return v;
}

static int
list_element(struct scan *s, size_t i, void *ud)
{
	struct reader *r = ud;
	struct json_object *v;

	if (i >= MAX_LIST) {
		return scan_value(s);
	}
	v = take_value(r);
	if (s->failed) {
		return -1;
	}
	json_object_array_add(r->list, v);
	return 0;
}

/* Set key of r->obj to the value at the next byte: a list with at most
 * MAX_LIST elements, or a value. A value left out is set to null, so that
 * a later duplicate key still replaces an earlier one, as in json-c. */
static int
take_member(struct reader *r, const char *key, int is_list)
{
	struct scan *s = &r->s;
	struct json_object *v = NULL;

	if (is_list && peek(s) == '[') {
		r->list = v = json_object_new_array();
		if (scan_array(s, list_element, r) < 0) {
			json_object_put(v);
			return -1;
		}
	} else if (is_list) {
		/* Not a list: it counts as absent. */
		if (scan_value(s) < 0) {
			return -1;
		}
	} else {
		v = take_value(r);
		if (s->failed) {
			return -1;
		}
	}
	json_object_object_add(r->obj, key, v);
	return 0;
}

static int
is_list_key(enum key k)
{
	return k == K_AUTHORS || k == K_TAGS || k == K_ATTACHMENTS;
}

static int
item_member(struct scan *s, const char *key, void *ud)
{
	struct reader *r = ud;
	size_t i;

	for (i = 0; i < sizeof item_keys / sizeof item_keys[0]; i++) {
		if (strcmp(key, item_keys[i].name) == 0) {
			return take_member(r, key, is_list_key(item_keys[i].key));
		}
	}
	return scan_value(s);
}

/* The first pass over the document's object. */
struct top {
	struct reader *r;
	int has_items;          /* "items" is a list */
	size_t items_at;        /* where its '[' is */
	long items_line;
};

static int
feed_member(struct scan *s, const char *key, void *ud)
{
	static const char *const keys[] = { "version", "title", "home_page_url", "description",
	    "author" };
	struct top *t = ud;
	size_t i;

	if (strcmp(key, "items") == 0) {
		/* As in json-c, the last "items" is the one. */
		t->has_items = peek(s) == '[';
		t->items_at = s->base + s->pos;
		t->items_line = s->line;
		return scan_value(s);
	}
	if (strcmp(key, "authors") == 0) {
		return take_member(t->r, key, 1);
	}
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(key, keys[i]) == 0) {
			return take_member(t->r, key, 0);
		}
	}
	return scan_value(s);
}

/* ---- the document ---- */

/* What a scan's error says, into err. */
static void
scan_error(const struct scan *s, struct nr_err *err)
{
	const char *what;

	if (s->io_errno != 0) {
		nr_err_set(err, NR_ERR_IO, _("read error: %s"), strerror(s->io_errno));
		return;
	}
	if (s->nul) {
		what = _("a NUL byte");
	} else if (s->jerr == json_tokener_error_parse_eof) {
		what = _("unexpected end of data");
	} else {
		what = json_tokener_error_desc(s->jerr);
	}
	nr_err_set(err, NR_ERR_PARSE, _("not valid JSON: %s"), what);
	if (err != NULL) {
		err->line = s->err_line;
	}
}

static int
is_jsonfeed(struct json_object *root, const struct top *t)
{
	struct json_object *version = get(root, "version", T_STRING);

	if (version != NULL && contains_ci(json_object_get_string(version),
	    (size_t)json_object_get_string_len(version), VERSION_MARK)) {
		return 1;
	}
	return t->has_items;
}

/* The items of the list at the next byte, each to the sink in turn. */
struct items {
	struct reader *r;
	struct state *st;
	int stop;
};

static int
item_element(struct scan *s, size_t i, void *ud)
{
	struct items *it = ud;
	struct reader *r = it->r;
	const struct nr_sink *sink = it->st->sink;
	struct nr_item item;
	int rc;

	(void)i;
	if (peek(s) != '{') {
		/* Items that are not objects are skipped. */
		return scan_value(s);
	}
	r->obj = json_object_new_object();
	r->budget = MAX_ITEM_BYTES;
	if (scan_object(s, item_member, r) < 0) {
		json_object_put(r->obj);
		r->obj = NULL;
		return -1;
	}
	nr_item_init(&item);
	build_item(it->st, r->obj, &item);
	json_object_put(r->obj);
	r->obj = NULL;
	nr_item_ensure_id(&item);
	rc = 0;
	if (sink != NULL && sink->item != NULL && sink->item(sink->ud, it->st->feed, &item) < 0) {
		/* The sink has had enough: end the scan, with no error. */
		it->stop = 1;
		rc = -1;
	}
	nr_item_clear(&item);
	return rc;
}

static void
reader_init(struct reader *r, const char *data, size_t n, int fd)
{
	memset(r, 0, sizeof *r);
	r->s.fd = fd;
	r->s.line = 1;
	if (fd < 0) {
		r->s.mem = data;
		r->s.buf = data;
		r->s.len = n;
	} else {
		r->s.window = xmalloc(WINDOW);
		r->s.buf = r->s.window;
	}
	r->tok = json_tokener_new_ex(MAX_DEPTH);
	if (r->tok == NULL) {
		/* Only out of memory, which aborts as in xmalloc. */
		abort();
	}
}

static void
reader_free(struct reader *r)
{
	free(r->s.window);
	json_tokener_free(r->tok);
	json_object_put(r->obj);
	nr_buf_free(&r->cap);
}

/* Go back to the byte at off (of line line), for the second pass. */
static void
scan_seek(struct scan *s, size_t off, long line)
{
	if (s->mem != NULL) {
		s->pos = off;
	} else {
		s->base = off;
		s->len = s->pos = 0;
	}
	s->line = line;
	s->depth = 1;
}

static int
parse(const char *data, size_t n, int fd, const char *location, const struct nr_parse_opts *opts,
    struct nr_feed *feed, const struct nr_sink *sink, struct nr_err *err)
{
	struct reader r;
	struct top t;
	struct items it;
	struct state st;
	int c, rc = -1;

	nr_err_clear(err);
	reader_init(&r, data, n, fd);
	memset(&t, 0, sizeof t);
	t.r = &r;

	/* A byte order mark is no part of JSON, but editors write one. */
	if (peek(&r.s) == 0xEF && r.s.pos + 3 <= r.s.len &&
	    memcmp(r.s.buf + r.s.pos, "\xEF\xBB\xBF", 3) == 0) {
		r.s.pos += 3;
	}
	c = skip_ws(&r.s);
	if (c == '{') {
		r.obj = json_object_new_object();
		r.budget = MAX_ITEM_BYTES;
		(void)scan_object(&r.s, feed_member, &t);
	} else {
		(void)scan_value(&r.s);
	}
	/* Whatever follows the value is ignored: the feed is complete. */
	if (r.s.failed) {
		scan_error(&r.s, err);
		goto out;
	}
	if (c != '{') {
		nr_err_set(err, NR_ERR_FORMAT, _("not a JSON Feed: the JSON is not an object"));
		goto out;
	}
	if (!is_jsonfeed(r.obj, &t)) {
		nr_err_set(err, NR_ERR_FORMAT,
		    _("not a JSON Feed: no \"version\" from jsonfeed.org and no \"items\" list"));
		goto out;
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
	feed->title = line_value(get(r.obj, "title", T_STRING));
	free(feed->link);
	feed->link = url_value(&st, get(r.obj, "home_page_url", T_STRING));
	free(feed->description);
	feed->description = line_value(get(r.obj, "description", T_STRING));
	read_authors(&st, r.obj, &st.feed_authors);
	free(feed->author);
	feed->author = xstrdup_or_null(st.feed_authors.names);
	json_object_put(r.obj);
	r.obj = NULL;

	rc = 0;
	if (t.has_items) {
		memset(&it, 0, sizeof it);
		it.r = &r;
		it.st = &st;
		scan_seek(&r.s, t.items_at, t.items_line);
		if (peek(&r.s) != '[') {
			(void)fail(&r.s, peek(&r.s), json_tokener_error_parse_unexpected);
		}
		if ((r.s.failed || scan_array(&r.s, item_element, &it) < 0) && !it.stop) {
			/* The file changed between the passes. */
			scan_error(&r.s, err);
			rc = -1;
		}
	}
	authors_clear(&st.feed_authors);
out:
	reader_free(&r);
	return rc;
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
	return parse(data, n, -1, location, opts, feed, sink, err);
}

int
nr_jsonfeed_parse_fd(int fd, const char *location, const struct nr_parse_opts *opts,
    struct nr_feed *feed, const struct nr_sink *sink, struct nr_err *err)
{
	return parse(NULL, 0, fd, location, opts, feed, sink, err);
}
