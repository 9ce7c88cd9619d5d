/* Reading a local path (parse/source.h): a file's format told by its
 * content, a folder walked, each file handed to its parser; and the
 * sniffing of a format from the first bytes. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/htmlfile.h"
#include "parse/jsonfeed.h"
#include "parse/source.h"
#include "parse/text.h"
#include "util/path.h"
#include "util/url.h"
#include "util/utf8.h"

/* Article files are read whole; larger ones are not articles. */
#define MAX_ARTICLE_BYTES (64L * 1024 * 1024)
/* Folders nested deeper than this are not followed (and loops end). */
#define MAX_FOLDER_DEPTH 32

static int
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), m = strlen(suffix);

	return n >= m && strcasecmp(name + n - m, suffix) == 0;
}

/* Compare the element name at p with name, case-insensitively, and make
 * sure the name ends there. */
static int
element_is(const char *p, const char *end, const char *name)
{
	size_t m = strlen(name);

	if ((size_t)(end - p) < m || strncasecmp(p, name, m) != 0) {
		return 0;
	}
	return p + m == end || strchr(" \t\r\n/>", p[m]) != NULL;
}

/* Skip the XML declaration, processing instructions, comments and
 * DOCTYPE; return the start of the first element's name, or NULL. *cut
 * says whether the head ended inside one of them: the element may follow
 * a long comment or a doctype's subset beyond what was read. */
static const char *
first_element(const char *p, const char *end, int *doctype_html, int *cut)
{
	*doctype_html = 0;
	*cut = 0;
	while (p < end) {
		while (p < end && strchr(" \t\r\n", *p) != NULL) {
			p++;
		}
		if (p >= end || *p != '<') {
			return NULL;
		}
		if (end - p >= 4 && strncmp(p, "<!--", 4) == 0) {
			const char *q = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);

			if (q == NULL) {
				*cut = 1;
				return NULL;
			}
			p = q + 3;
		} else if (end - p >= 2 && (p[1] == '?' || p[1] == '!')) {
			const char *gt = memchr(p, '>', (size_t)(end - p));
			const char *bracket = memchr(p, '[', (size_t)(end - p));

			if (end - p >= 14 && strncasecmp(p, "<!DOCTYPE html", 14) == 0) {
				*doctype_html = 1;
			}
			/* A DOCTYPE's internal subset holds '>' of its own. */
			if (p[1] == '!' && bracket != NULL && (gt == NULL || bracket < gt)) {
				const char *close = memmem(bracket, (size_t)(end - bracket), "]>", 2);

				if (close == NULL) {
					close = memmem(bracket, (size_t)(end - bracket), "]", 1);
				}
				gt = close != NULL ? memchr(close, '>', (size_t)(end - close)) : NULL;
			}
			p = gt;
			if (p == NULL) {
				*cut = 1;
				return NULL;
			}
			p++;
		} else if (end - p >= 2 && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			return p + 1;
		} else {
			/* "<3" or "< b": not markup. */
			return NULL;
		}
	}
	return NULL;
}

/* Where a feed's markup starts in text that does not start with it (a
 * server's warning printed before the feed), or NULL. */
static const char *
find_feed_start(const char *p, const char *end)
{
	static const char *const starts[] = { "<?xml", "<rss", "<feed", "<rdf:RDF" };
	const char *best = NULL;
	size_t i;

	for (i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		const char *q = memmem(p, (size_t)(end - p), starts[i], strlen(starts[i]));

		if (q != NULL && (best == NULL || q < best)) {
			best = q;
		}
	}
	return best;
}

static enum nr_kind sniff(const char *head, size_t n, const char *name, size_t *offset);

static size_t
count_lines(const char *p, const char *end)
{
	size_t n = 0;

	for (; p < end; p++) {
		n += *p == '\n';
	}
	return n;
}

enum nr_kind
nr_source_sniff(const char *head, size_t n, const char *name)
{
	size_t offset;

	return sniff(head, n, name, &offset);
}

enum nr_kind
nr_source_sniff_at(const char *head, size_t n, const char *name, size_t *offset)
{
	return sniff(head, n, name, offset);
}

/* The format, and in *offset where its parser is to start reading. */
static enum nr_kind
sniff(const char *head, size_t n, const char *name, size_t *offset)
{
	const char *p = head, *end = head + n, *el;
	size_t i, controls = 0;
	int doctype_html, xml_decl, cut;

	*offset = 0;
	if (n >= 2 && (((unsigned char)head[0] == 0xFF && (unsigned char)head[1] == 0xFE) ||
	    ((unsigned char)head[0] == 0xFE && (unsigned char)head[1] == 0xFF))) {
		/* UTF-16 with a byte order mark: only XML is read that way. */
		return NR_KIND_RSS;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)head[i];

		if (c == 0) {
			return NR_KIND_UNKNOWN;
		}
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) {
			controls++;
		}
	}
	if (controls * 20 > n) {
		return NR_KIND_UNKNOWN;
	}
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
	}
	while (p < end && strchr(" \t\r\n", *p) != NULL) {
		p++;
	}
	if (p < end && *p == '{' && nr_jsonfeed_sniff(head, n)) {
		return NR_KIND_JSON;
	}
	if (p < end && *p != '<') {
		/* Text, or text before a feed. */
		const char *start = find_feed_start(p, end);
		enum nr_kind kind;

		/* A server's message before a feed is a line or two; an
		 * article that shows a feed's markup further down is text. */
		if (start == NULL || start - p > 512 || count_lines(p, start) > 3) {
			return NR_KIND_TEXT;
		}
		kind = sniff(start, (size_t)(end - start), name, offset);
		if (kind == NR_KIND_RSS || kind == NR_KIND_RDF || kind == NR_KIND_ATOM) {
			*offset = (size_t)(start - head);
			return kind;
		}
		return NR_KIND_TEXT;
	}
	if (p >= end) {
		return NR_KIND_TEXT;
	}
	/* The XML declaration must come first: white space before it is
	 * skipped (a UTF-8 byte order mark needs no declaration). */
	*offset = (size_t)(p - head);
	xml_decl = end - p >= 5 && strncmp(p, "<?xml", 5) == 0;
	el = first_element(p, end, &doctype_html, &cut);
	if (el != NULL) {
		const char *colon;
		size_t len = 0;

		/* head is not NUL-terminated: stay inside it. */
		while (el + len < end && strchr(" \t\r\n/>", el[len]) == NULL) {
			len++;
		}
		colon = memchr(el, ':', len);
		if (colon != NULL) {
			/* rdf:RDF, atom:feed: the prefix does not matter here. */
			el = colon + 1;
		}
		if (element_is(el, end, "rss")) {
			return NR_KIND_RSS;
		}
		if (element_is(el, end, "RDF")) {
			return NR_KIND_RDF;
		}
		if (element_is(el, end, "feed")) {
			return NR_KIND_ATOM;
		}
		/* Microsoft's Channel Definition Format (CDF), read as RSS. */
		if (element_is(el, end, "channel")) {
			return NR_KIND_RSS;
		}
		/* Another XML document: the feed parser says what it is. */
		if (xml_decl && !element_is(el, end, "html")) {
			return NR_KIND_RSS;
		}
		return NR_KIND_HTML;
	}
	if (doctype_html || has_suffix(name, ".html") || has_suffix(name, ".htm") ||
	    has_suffix(name, ".xhtml")) {
		return NR_KIND_HTML;
	}
	if (cut && xml_decl) {
		/* An XML document whose first element lies beyond the head
		 * (a licence in a comment, a long doctype): the feed parser
		 * says what it is. */
		return NR_KIND_RSS;
	}
	/* Text that happens to start with '<'. */
	return NR_KIND_TEXT;
}

int
nr_source_blank(const char *s, size_t n)
{
	size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	for (; i < n; i++) {
		if (strchr(" \t\r\n", s[i]) == NULL) {
			return 0;
		}
	}
	return 1;
}

static void
problem(const struct nr_sink *sink, const char *location, const struct nr_err *err, int warning)
{
	if (sink->problem != NULL) {
		sink->problem(sink->ud, location, err, warning);
	}
}

/* Read the rest of fd after the head, up to MAX_ARTICLE_BYTES. */
static char *
slurp(int fd, const char *head, size_t nhead, size_t limit, size_t *len, struct nr_err *err)
{
	struct nr_buf b = NR_BUF_INIT;
	char chunk[65536];
	ssize_t got;

	nr_buf_add(&b, head, nhead);
	for (;;) {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			nr_err_set(err, NR_ERR_IO, _("read error: %s"), strerror(errno));
			nr_buf_free(&b);
			return NULL;
		}
		if (got == 0) {
			break;
		}
		if (b.len + (size_t)got > limit) {
			nr_err_set(err, NR_ERR_FORMAT, _("too large (over %zu MB)"), limit / (1024 * 1024));
			nr_buf_free(&b);
			return NULL;
		}
		nr_buf_add(&b, chunk, (size_t)got);
	}
	*len = b.len;
	return nr_buf_steal(&b);
}

/* An article file (text or HTML) becomes an item of the feed of its folder. */
static int
load_article(int fd, const char *path, const struct stat *sb, const char *head, size_t nhead,
    enum nr_kind kind, struct nr_feed *folder, const struct nr_sink *sink, struct nr_err *err)
{
	struct nr_item item;
	char *data, *site = NULL;
	size_t len = 0;
	int rc;

	data = slurp(fd, head, nhead, (size_t)MAX_ARTICLE_BYTES, &len, err);
	if (data == NULL) {
		return -1;
	}
	nr_item_init(&item);
	if (kind == NR_KIND_HTML) {
		rc = nr_htmlfile_parse(data, len, (int64_t)sb->st_mtime, &item, &site, err);
	} else {
		rc = nr_text_parse(data, len, (int64_t)sb->st_mtime, &item, err);
	}
	free(data);
	if (rc < 0) {
		nr_item_clear(&item);
		free(site);
		return -1;
	}
	free(site);
	if (item.link == NULL) {
		item.link = nr_url_from_path(path);
	}
	if (item.id == NULL) {
		/* The file is the article, wherever its page says it came from. */
		item.id = nr_url_from_path(path);
	}
	if (sink->item != NULL) {
		sink->item(sink->ud, folder, &item);
	}
	nr_item_clear(&item);
	return 0;
}

/* The location of a file or folder as the database knows it: its real
 * path, so that "news", "./news/" and "/home/u/news" are one source. */
static char *
canonical(const char *path)
{
	char *real = realpath(path, NULL);

	return real != NULL ? real : xstrdup(path);
}

static void
folder_feed(struct nr_feed *folder, const char *dir)
{
	char *base;

	nr_feed_init(folder);
	folder->kind = NR_KIND_FOLDER;
	folder->location = canonical(dir);
	/* A folder's name is the user's, but it still must not reach the
	 * terminal as control characters. */
	base = nr_path_basename(folder->location);
	folder->title = nr_utf8_sanitize(base, strlen(base), NR_SAN_COLLAPSE);
	free(base);
}

/* Load one file. Returns 1 if a feed file loaded, 2 if an article file
 * loaded into folder, 0 if it was skipped quietly (a non-text file met
 * while walking a folder), -1 on error (reported). */
static int
load_file(const char *path, int in_folder, struct nr_feed *folder, const struct nr_parse_opts *opts,
    const struct nr_sink *sink)
{
	char head[NR_SOURCE_SNIFF_BYTES];
	struct nr_err err, warning;
	struct stat sb;
	enum nr_kind kind;
	size_t offset = 0;
	ssize_t nhead = 0, got;
	int fd, rc;

	nr_err_clear(&err);
	/* A FIFO or a device would block or never end: only files are read. */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (in_folder) {
			return 0;
		}
		nr_err_set(&err, NR_ERR_IO, _("not a regular file"));
		problem(sink, path, &err, 0);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &sb) < 0) {
		nr_err_set(&err, NR_ERR_IO, _("cannot open: %s"), strerror(errno));
		problem(sink, path, &err, 0);
		if (fd >= 0) {
			close(fd);
		}
		return -1;
	}
	while ((size_t)nhead < sizeof head) {
		got = read(fd, head + nhead, sizeof head - (size_t)nhead);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			nr_err_set(&err, NR_ERR_IO, _("read error: %s"), strerror(errno));
			problem(sink, path, &err, 0);
			close(fd);
			return -1;
		}
		if (got == 0) {
			break;
		}
		nhead += got;
	}
	if (nhead == 0) {
		close(fd);
		if (in_folder) {
			return 0;
		}
		nr_err_set(&err, NR_ERR_EMPTY, _("empty file"));
		problem(sink, path, &err, 0);
		return -1;
	}
	kind = sniff(head, (size_t)nhead, path, &offset);
	if (kind == NR_KIND_UNKNOWN) {
		close(fd);
		if (in_folder) {
			return 0;
		}
		nr_err_set(&err, NR_ERR_BINARY, _("not a text file, an HTML page or a feed"));
		problem(sink, path, &err, 0);
		return -1;
	}
	if (kind == NR_KIND_TEXT || kind == NR_KIND_HTML) {
		char *dir = NULL;
		struct nr_feed own;

		if (folder == NULL) {
			dir = nr_path_dirname(path);
			folder_feed(&own, dir);
			free(dir);
		}
		rc = load_article(fd, path, &sb, head, (size_t)nhead, kind, folder ? folder : &own, sink, &err);
		close(fd);
		if (rc < 0) {
			problem(sink, path, &err, 0);
		}
		if (folder == NULL) {
			if (rc == 0 && sink->feed_done != NULL) {
				sink->feed_done(sink->ud, &own);
			}
			nr_feed_clear(&own);
		}
		return rc < 0 ? -1 : folder != NULL ? 2 : 1;
	}

	{
		struct nr_feed feed;

		nr_feed_init(&feed);
		feed.location = canonical(path);
		feed.kind = kind;
		if (!nr_source_blank(head, offset)) {
			struct nr_err skipped;

			nr_err_set(&skipped, NR_ERR_PARSE, _("skipped %zu bytes of text before the feed"), offset);
			problem(sink, path, &skipped, 1);
		}
		nr_err_clear(&warning);
		if (kind == NR_KIND_JSON) {
			/* Read in pieces from the start, as a stream. */
			rc = nr_jsonfeed_parse_fd(fd, path, opts, &feed, sink, &err);
		} else {
			rc = nr_xmlfeed_parse_fd(fd, head + offset, (size_t)nhead - offset, path, opts, &feed, sink,
			    &warning, &err);
		}
		close(fd);
		if (rc < 0) {
			problem(sink, path, &err, 0);
		} else {
			if (warning.code != NR_ERR_NONE) {
				problem(sink, path, &warning, 1);
			}
			if (feed.title == NULL) {
				/* The file's name is not ours: no control
				 * character of it reaches the terminal. */
				char *base = nr_path_basename(path);

				feed.title = nr_utf8_sanitize(base, strlen(base), NR_SAN_COLLAPSE);
				free(base);
			}
			if (sink->feed_done != NULL) {
				sink->feed_done(sink->ud, &feed);
			}
		}
		nr_feed_clear(&feed);
		return rc < 0 ? -1 : 1;
	}
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every file of dir, then every folder below it, in name order. Article
 * files of one folder make one feed, named after the folder. */
static long
load_folder(const char *dir, int depth, const struct nr_parse_opts *opts, const struct nr_sink *sink)
{
	struct dirent **names;
	struct nr_feed folder;
	struct nr_err err;
	long loaded = 0, articles = 0;
	int n, i, pass, rc;

	n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		nr_err_set(&err, NR_ERR_IO, _("cannot read folder: %s"), strerror(errno));
		problem(sink, dir, &err, 0);
		return 0;
	}
	folder_feed(&folder, dir);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const char *name = names[i]->d_name;
			struct stat sb;
			char *path;

			/* Hidden files and folders are not the user's articles. */
			if (name[0] == '.') {
				continue;
			}
			path = xasprintf("%s%s%s", dir, has_suffix(dir, "/") ? "" : "/", name);
			if (stat(path, &sb) == 0) {
				if (pass == 0 && S_ISREG(sb.st_mode)) {
					rc = load_file(path, 1, &folder, opts, sink);
					loaded += rc > 0;
					articles += rc == 2;
				} else if (pass == 1 && S_ISDIR(sb.st_mode) && depth >= MAX_FOLDER_DEPTH) {
					nr_err_set(&err, NR_ERR_IO, _("folders nested deeper than %d are not read"),
					    MAX_FOLDER_DEPTH);
					problem(sink, path, &err, 1);
				} else if (pass == 1 && S_ISDIR(sb.st_mode)) {
					struct stat lsb;

					/* Links to folders are not followed: they can loop. */
					if (lstat(path, &lsb) == 0 && !S_ISLNK(lsb.st_mode)) {
						loaded += load_folder(path, depth + 1, opts, sink);
					}
				}
			}
			free(path);
		}
		if (pass == 0 && articles > 0 && sink->feed_done != NULL) {
			sink->feed_done(sink->ud, &folder);
		}
	}
	for (i = 0; i < n; i++) {
		free(names[i]);
	}
	free(names);
	nr_feed_clear(&folder);
	return loaded;
}

long
nr_source_load(const char *path, const struct nr_parse_opts *opts, const struct nr_sink *sink,
    struct nr_err *err)
{
	struct stat sb;

	nr_err_clear(err);
	if (stat(path, &sb) < 0) {
		nr_err_set(err, NR_ERR_IO, _("cannot open: %s"), strerror(errno));
		return -1;
	}
	if (S_ISDIR(sb.st_mode)) {
		long n;

		if (access(path, R_OK | X_OK) != 0) {
			nr_err_set(err, NR_ERR_IO, _("cannot read folder: %s"), strerror(errno));
			return -1;
		}
		n = load_folder(path, 0, opts, sink);
		if (n == 0) {
			nr_err_set(err, NR_ERR_EMPTY, _("no articles or feeds found in this folder"));
			return -1;
		}
		return n;
	}
	return load_file(path, 0, NULL, opts, sink) > 0 ? 1 : 0;
}
