/* Reading a local path (parse/source.h): a file's format told by its
 * content, a folder walked, each file handed to its parser; and the
 * sniffing of a format from the first bytes. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/libxml.h"
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
	struct nr_htmlfile_info info;
	struct nr_item item;
	struct nr_err note;
	char *data;
	size_t len = 0;
	int rc;

	data = slurp(fd, head, nhead, (size_t)MAX_ARTICLE_BYTES, &len, err);
	if (data == NULL) {
		return -1;
	}
	nr_item_init(&item);
	memset(&info, 0, sizeof info);
	if (kind == NR_KIND_HTML) {
		rc = nr_htmlfile_parse_ex(data, len, (int64_t)sb->st_mtime, 0, &item, &info, err);
	} else {
		rc = nr_text_parse(data, len, (int64_t)sb->st_mtime, &item, err);
	}
	free(data);
	nr_htmlfile_info_free(&info);
	if (rc < 0) {
		nr_item_clear(&item);
		return -1;
	}
	/* What reader mode read otherwise than the page said, or could not
	 * find, is said, never left to an empty or a long article. */
	if (info.warning.code != NR_ERR_NONE) {
		problem(sink, path, &info.warning, 1);
	}
	if (info.whole) {
		nr_err_set(&note, NR_ERR_FORMAT, "%s", _("no article stands out in the page: all of it is shown"));
		problem(sink, path, &note, 1);
	}
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

/* Load one file. Returns 1 if a feed file loaded (or was unchanged, as
 * sink->file said), 2 if an article file loaded into folder, 0 if it was
 * skipped quietly (a non-text file met while walking a folder), -1 on
 * error (reported). */
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
	if (sink->file != NULL) {
		/* Unchanged since it was stored: not read again. */
		struct nr_file_stamp stamp;
		char *location = canonical(path);
		int same;

		stamp.size = (int64_t)sb.st_size;
		stamp.mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
		stamp.inode = (int64_t)sb.st_ino;
		same = sink->file(sink->ud, location, &stamp);
		free(location);
		if (same) {
			close(fd);
			return 1;
		}
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

/* What walk_dir() meets, in its order: for each folder, enter (its
 * context), its files, files_done (the context's end), then the folders
 * below it, each walked alike; problems as they come. */
struct walk_visit {
	void *(*enter)(void *ud, const char *dir);
	void (*file)(void *ud, void *folder, char *path);       /* path: the callee's */
	void (*files_done)(void *ud, void *folder);
	void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning);
	void *ud;
};

/* Every file of dir, then every folder below it, in name order: hidden
 * ones left out, links to folders not followed (they can loop), folders
 * nested deeper than MAX_FOLDER_DEPTH a warning. The one walk of both
 * loads, one thread's and the workers'. */
static void
walk_dir(const char *dir, int depth, const struct walk_visit *v)
{
	struct dirent **names;
	struct nr_err err;
	void *folder;
	int n, i, pass;

	n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		nr_err_set(&err, NR_ERR_IO, _("cannot read folder: %s"), strerror(errno));
		v->problem(v->ud, dir, &err, 0);
		return;
	}
	folder = v->enter(v->ud, dir);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const char *name = names[i]->d_name;
			struct stat sb, lsb;
			char *path;

			/* Hidden files and folders are not the user's articles. */
			if (name[0] == '.') {
				continue;
			}
			path = xasprintf("%s%s%s", dir, has_suffix(dir, "/") ? "" : "/", name);
			if (stat(path, &sb) == 0) {
				if (pass == 0 && S_ISREG(sb.st_mode)) {
					v->file(v->ud, folder, path);
					path = NULL;
				} else if (pass == 1 && S_ISDIR(sb.st_mode) && depth >= MAX_FOLDER_DEPTH) {
					nr_err_set(&err, NR_ERR_IO, _("folders nested deeper than %d are not read"),
					    MAX_FOLDER_DEPTH);
					v->problem(v->ud, path, &err, 1);
				} else if (pass == 1 && S_ISDIR(sb.st_mode) && lstat(path, &lsb) == 0 &&
				    !S_ISLNK(lsb.st_mode)) {
					walk_dir(path, depth + 1, v);
				}
			}
			free(path);
		}
		if (pass == 0) {
			v->files_done(v->ud, folder);
		}
	}
	for (i = 0; i < n; i++) {
		free(names[i]);
	}
	free(names);
}

/* One thread's load of a folder: each file parsed as it is met. Article
 * files of one folder make one feed, named after the folder. */
struct load_walk {
	const struct nr_parse_opts *opts;
	const struct nr_sink *sink;
	long loaded;
};

struct load_folder {
	struct nr_feed feed;
	long articles;
};

static void *
load_enter(void *ud, const char *dir)
{
	struct load_folder *f = xcalloc(1, sizeof *f);

	(void)ud;
	folder_feed(&f->feed, dir);
	return f;
}

static void
load_walk_file(void *ud, void *folder, char *path)
{
	struct load_walk *w = ud;
	struct load_folder *f = folder;
	int rc = load_file(path, 1, &f->feed, w->opts, w->sink);

	w->loaded += rc > 0;
	f->articles += rc == 2;
	free(path);
}

static void
load_files_done(void *ud, void *folder)
{
	struct load_walk *w = ud;
	struct load_folder *f = folder;

	if (f->articles > 0 && w->sink->feed_done != NULL) {
		w->sink->feed_done(w->sink->ud, &f->feed);
	}
	nr_feed_clear(&f->feed);
	free(f);
}

static void
load_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct load_walk *w = ud;

	problem(w->sink, location, err, warning);
}

static long
load_folder(const char *dir, const struct nr_parse_opts *opts, const struct nr_sink *sink)
{
	struct load_walk w = { opts, sink, 0 };
	const struct walk_visit v = { load_enter, load_walk_file, load_files_done, load_problem, &w };

	walk_dir(dir, 0, &v);
	return w.loaded;
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
		n = load_folder(path, opts, sink);
		if (n == 0) {
			nr_err_set(err, NR_ERR_EMPTY, _("no articles or feeds found in this folder"));
			return -1;
		}
		return n;
	}
	return load_file(path, 0, NULL, opts, sink) > 0 ? 1 : 0;
}

/* ---- A folder parsed on several threads ----
 *
 * The folder is walked first (names and kinds only), into a list of
 * tasks in the order load_folder() meets them: files, the problems of the
 * walk, the end of each folder's articles. Worker threads take the files
 * in that order and parse each through load_file() into a recording sink:
 * the events it would have delivered (items, the feed's end, problems, the
 * file's stamp) in a chain. The calling thread plays each task's chain
 * into the caller's sink in the list's order, so that the sink sees what
 * one thread would have shown it, in the same order, on its own thread.
 * Workers start a file only a few files ahead of the one being played,
 * and a file's chain is held to TASK_MAX_BYTES until played: memory stays
 * bounded whatever the folder. */

/* A worker hands its events over every PUBLISH_BYTES, and waits while
 * more than TASK_MAX_BYTES of its file are waiting to be played. */
#define PUBLISH_BYTES (256 * 1024)
#define TASK_MAX_BYTES (4 * 1024 * 1024)
#define MAX_THREADS 8
/* Files a pool started before its sink is ready (nr_source_ahead_start)
 * lets its workers parse: making the database and beginning the load
 * took 10-20 ms here, the time of parsing 6-11 files of 400 KB (with 8, the
 * parsing thread waited 1-11 ms for it). At most TASK_MAX_BYTES each are
 * held until played. */
#define AHEAD_EARLY 12
/* The player wakes a waiting worker to take the sink's other work (help)
 * every this many items stored. */
#define HELP_WAKE 16

enum ev_kind { EV_FILE, EV_ITEM, EV_FEED_DONE, EV_PROBLEM };

struct event {
	struct event *next;
	enum ev_kind kind;
	int warning;                    /* EV_PROBLEM */
	struct nr_feed *feed;           /* EV_ITEM: the feed as it was then (the task's); EV_FEED_DONE: owned */
	struct nr_item item;            /* EV_ITEM */
	char *location;                 /* EV_FILE, EV_PROBLEM */
	struct nr_file_stamp stamp;     /* EV_FILE */
	struct nr_err *err;             /* EV_PROBLEM */
};

enum task_kind { TASK_FILE, TASK_PROBLEM, TASK_FOLDER_DONE };
enum task_state { TS_WAIT, TS_SKIP, TS_READY, TS_RUNNING, TS_DONE };

struct task {
	enum task_kind kind;
	char *path;                     /* FILE: the file; PROBLEM: the location */
	size_t folder;                  /* FILE, FOLDER_DONE: the folder's feed */
	struct nr_err *err;             /* PROBLEM */
	int warning;
	/* FILE, under the pool's lock: */
	enum task_state state;
	int rc;                         /* load_file()'s, once TS_DONE */
	struct event *head, **tail;     /* handed over, not yet taken to be played */
	size_t queued;                  /* their bytes */
	atomic_int cancel;              /* the rest is not wanted: stop parsing */
	/* The feed as items saw it, each change a copy (the worker's until
	 * TS_DONE, then freed by the player). */
	struct nr_feed **snaps;
	size_t nsnaps;
	/* FILE, the calling thread's: what the file looked like to the
	 * look-ahead (TS_SKIP: unchanged, not parsed). */
	char *location;
	struct nr_file_stamp stamp;
	int unchanged;                  /* TS_SKIP, as the calling thread knows it */
};

struct pool {
	struct nr_parse_opts opts;      /* the parse's own copy: started before its caller's are */
	int files;                      /* record each file's look (the sink has a file callback) */
	const struct nr_sink *sink;     /* NULL until the pool is played (under mu once workers run) */
	int (*peek)(void *ud, const char *location, const struct nr_file_stamp *stamp);
	int (*help)(void *ud);          /* the sink's work a waiting thread may do */
	struct task *tasks;
	size_t ntasks;
	struct nr_feed *folders;
	size_t nfolders;
	long *folder_articles;          /* article files loaded into each folder's feed */
	pthread_mutex_t mu;
	pthread_cond_t work;            /* workers: a task released, or stop */
	pthread_cond_t ready;           /* the player: events handed over, or a task done */
	pthread_cond_t room;            /* workers: a task's events taken */
	size_t released;                /* tasks before this may be parsed */
	size_t take;                    /* the next task a worker looks at */
	long played;                    /* items played (the calling thread's) */
	int stop;
};

/* What a worker's sink records into. */
struct rec {
	struct pool *pool;
	struct task *task;
	struct event *head, **tail;
	size_t bytes;
};

static void
event_free(struct event *e)
{
	switch (e->kind) {
	case EV_ITEM:
		nr_item_clear(&e->item);
		break;
	case EV_FEED_DONE:
		nr_feed_clear(e->feed);
		free(e->feed);
		break;
	default:
		break;
	}
	free(e->location);
	free(e->err);
	free(e);
}

static void
chain_free(struct event *e)
{
	while (e != NULL) {
		struct event *next = e->next;

		event_free(e);
		e = next;
	}
}

/* A parsed file's events and feeds, once played or dropped. */
static void
task_drop(struct task *t)
{
	chain_free(t->head);
	t->head = NULL;
	t->tail = &t->head;
	while (t->nsnaps > 0) {
		nr_feed_clear(t->snaps[--t->nsnaps]);
		free(t->snaps[t->nsnaps]);
	}
	free(t->snaps);
	t->snaps = NULL;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static struct nr_feed *
feed_copy(const struct nr_feed *f)
{
	struct nr_feed *c = xmalloc(sizeof *c);

	*c = *f;
	c->title = dup_or_null(f->title);
	c->link = dup_or_null(f->link);
	c->description = dup_or_null(f->description);
	c->author = dup_or_null(f->author);
	c->location = dup_or_null(f->location);
	return c;
}

static int
same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
feed_same(const struct nr_feed *a, const struct nr_feed *b)
{
	return a->kind == b->kind && a->tag == b->tag && same_str(a->title, b->title) && same_str(a->link, b->link) &&
	    same_str(a->description, b->description) && same_str(a->author, b->author) &&
	    same_str(a->location, b->location);
}

static size_t
str_bytes(const char *s)
{
	return s != NULL ? strlen(s) + 1 : 0;
}

/* A thread that would wait (with p->mu) does a piece of the sink's other
 * work instead, if it has some (help): 1 if it did one, which may have
 * changed what it waits for. */
static int
lend(struct pool *p)
{
	int (*help)(void *ud) = p->help;
	void *ud;
	int did;

	if (help == NULL) {
		return 0;
	}
	ud = p->sink->ud;
	pthread_mutex_unlock(&p->mu);
	did = help(ud);
	pthread_mutex_lock(&p->mu);
	return did;
}

/* Hand the recorded events over to the player; wait while too many of
 * the file's are waiting to be played. */
static void
publish(struct rec *rc, int last)
{
	struct pool *p = rc->pool;
	struct task *t = rc->task;

	pthread_mutex_lock(&p->mu);
	if (rc->head != NULL) {
		*t->tail = rc->head;
		t->tail = rc->tail;
		t->queued += rc->bytes;
		rc->head = NULL;
		rc->tail = &rc->head;
		rc->bytes = 0;
		pthread_cond_signal(&p->ready);
	}
	while (!last && t->queued > TASK_MAX_BYTES && !atomic_load(&t->cancel) && !p->stop) {
		if (lend(p) || !(t->queued > TASK_MAX_BYTES && !atomic_load(&t->cancel) && !p->stop)) {
			continue;
		}
		pthread_cond_wait(&p->room, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
}

static struct event *
record(struct rec *rc, enum ev_kind kind, size_t bytes)
{
	struct event *e = xcalloc(1, sizeof *e);

	e->kind = kind;
	*rc->tail = e;
	rc->tail = &e->next;
	rc->bytes += bytes + sizeof *e;
	return e;
}

static int
rec_item(void *ud, struct nr_feed *feed, struct nr_item *item)
{
	struct rec *rc = ud;
	struct task *t = rc->task;
	struct event *e;

	if (atomic_load_explicit(&t->cancel, memory_order_relaxed)) {
		return -1;
	}
	if (t->nsnaps == 0 || !feed_same(t->snaps[t->nsnaps - 1], feed)) {
		t->snaps = xreallocarray(t->snaps, t->nsnaps + 1, sizeof *t->snaps);
		t->snaps[t->nsnaps++] = feed_copy(feed);
	}
	e = record(rc, EV_ITEM, str_bytes(item->summary) + str_bytes(item->content) + str_bytes(item->title) +
	    str_bytes(item->link) + str_bytes(item->id));
	e->feed = t->snaps[t->nsnaps - 1];
	/* The parser clears its item after this: the recording takes it
	 * whole and leaves an empty one. */
	e->item = *item;
	nr_item_init(item);
	if (rc->bytes >= PUBLISH_BYTES) {
		publish(rc, 0);
	}
	return 0;
}

static void
rec_feed_done(void *ud, struct nr_feed *feed)
{
	struct event *e = record(ud, EV_FEED_DONE, 0);

	e->feed = feed_copy(feed);
}

static void
rec_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct event *e = record(ud, EV_PROBLEM, 0);

	e->location = dup_or_null(location);
	e->err = xmalloc(sizeof *e->err);
	*e->err = *err;
	e->warning = warning;
}

static int
rec_file(void *ud, const char *location, const struct nr_file_stamp *stamp)
{
	struct event *e = record(ud, EV_FILE, 0);

	e->location = xstrdup(location);
	e->stamp = *stamp;
	/* Whether it is unchanged is the player's to ask. */
	return 0;
}

static void *
worker(void *arg)
{
	struct pool *p = arg;

	nr_libxml_init();
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct task *t;
		struct rec rc;
		struct nr_sink sink;
		int r;

		/* Waiting for the player to come nearer, or with every file
		 * taken: its other work meanwhile, until it stops the pool.
		 * (lend lets go of the lock: what it waits for is looked at
		 * again before waiting.) */
		while (!p->stop && p->take >= p->released && (p->take < p->ntasks || p->help != NULL)) {
			if (lend(p) ||
			    !(!p->stop && p->take >= p->released && (p->take < p->ntasks || p->help != NULL))) {
				continue;
			}
			pthread_cond_wait(&p->work, &p->mu);
		}
		if (p->stop || p->take >= p->ntasks) {
			break;
		}
		t = &p->tasks[p->take++];
		if (t->kind != TASK_FILE || t->state != TS_READY) {
			continue;
		}
		t->state = TS_RUNNING;
		pthread_mutex_unlock(&p->mu);

		memset(&rc, 0, sizeof rc);
		rc.pool = p;
		rc.task = t;
		rc.tail = &rc.head;
		memset(&sink, 0, sizeof sink);
		sink.ud = &rc;
		sink.item = rec_item;
		sink.feed_done = rec_feed_done;
		sink.problem = rec_problem;
		sink.file = p->files ? rec_file : NULL;
		r = load_file(t->path, 1, &p->folders[t->folder], &p->opts, &sink);
		publish(&rc, 1);

		pthread_mutex_lock(&p->mu);
		t->rc = r;
		t->state = TS_DONE;
		pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static struct task *
add_task(struct pool *p, enum task_kind kind, char *path, size_t folder)
{
	struct task *t;

	p->tasks = xreallocarray(p->tasks, p->ntasks + 1, sizeof *p->tasks);
	t = &p->tasks[p->ntasks++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->path = path;
	t->folder = folder;
	t->state = TS_WAIT;
	atomic_init(&t->cancel, 0);
	return t;
}

static void
add_problem(struct pool *p, const char *location, const struct nr_err *err, int warning)
{
	struct task *t = add_task(p, TASK_PROBLEM, xstrdup(location), 0);

	t->err = xmalloc(sizeof *t->err);
	*t->err = *err;
	t->warning = warning;
}

/* walk_dir()'s meetings, as tasks; a folder's context is its index in
 * p->folders. */
static void *
pool_enter(void *ud, const char *dir)
{
	struct pool *p = ud;

	p->folders = xreallocarray(p->folders, p->nfolders + 1, sizeof *p->folders);
	folder_feed(&p->folders[p->nfolders], dir);
	return (void *)(uintptr_t)p->nfolders++;
}

static void
pool_file(void *ud, void *folder, char *path)
{
	add_task(ud, TASK_FILE, path, (size_t)(uintptr_t)folder);
}

static void
pool_files_done(void *ud, void *folder)
{
	add_task(ud, TASK_FOLDER_DONE, NULL, (size_t)(uintptr_t)folder);
}

static void
pool_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	add_problem(ud, location, err, warning);
}

static void
walk_folder(struct pool *p, const char *dir)
{
	const struct walk_visit v = { pool_enter, pool_file, pool_files_done, pool_problem, p };

	walk_dir(dir, 0, &v);
}

/* Let workers parse the tasks up to end: a file unchanged since it was
 * stored, as peek says, is left unparsed. On the calling thread. */
static void
release(struct pool *p, size_t end)
{
	size_t i;

	if (end > p->ntasks) {
		end = p->ntasks;
	}
	for (i = p->released; i < end; i++) {
		struct task *t = &p->tasks[i];
		struct stat sb;
		enum task_state state = TS_READY;

		if (t->kind != TASK_FILE) {
			continue;
		}
		if (p->peek != NULL && stat(t->path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			t->location = canonical(t->path);
			t->stamp.size = (int64_t)sb.st_size;
			t->stamp.mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
			t->stamp.inode = (int64_t)sb.st_ino;
			if (p->peek(p->sink->ud, t->location, &t->stamp)) {
				state = TS_SKIP;
				t->unchanged = 1;
			}
		}
		pthread_mutex_lock(&p->mu);
		t->state = state;
		pthread_mutex_unlock(&p->mu);
	}
	pthread_mutex_lock(&p->mu);
	if (end > p->released) {
		p->released = end;
		pthread_cond_broadcast(&p->work);
	}
	pthread_mutex_unlock(&p->mu);
}

/* Play a parsed file's events into the sink; its load_file() result. If
 * the sink stopped the parse at an item, *stopped_at is its number in the
 * file (from 1) and the rest of the file's events are dropped: the parser
 * would not have gone on. */
static int
play_file(struct pool *p, struct task *t, long *stopped_at)
{
	const struct nr_sink *sink = p->sink;
	int skip = 0, rc;
	long items = 0;

	*stopped_at = 0;
	for (;;) {
		struct event *chain, *e;
		int done;

		pthread_mutex_lock(&p->mu);
		while (t->head == NULL && t->state != TS_DONE) {
			if (lend(p) || !(t->head == NULL && t->state != TS_DONE)) {
				continue;
			}
			pthread_cond_wait(&p->ready, &p->mu);
		}
		chain = t->head;
		t->head = NULL;
		t->tail = &t->head;
		t->queued = 0;
		done = t->state == TS_DONE && chain == NULL;
		pthread_cond_broadcast(&p->room);
		pthread_mutex_unlock(&p->mu);
		if (done) {
			break;
		}
		for (e = chain; e != NULL && !skip; e = e->next) {
			switch (e->kind) {
			case EV_FILE:
				if (sink->file(sink->ud, e->location, &e->stamp)) {
					/* Unchanged after all: as load_file(),
					 * not read. */
					skip = 1;
				}
				break;
			case EV_ITEM:
				items++;
				if (sink->item != NULL && sink->item(sink->ud, e->feed, &e->item) < 0) {
					*stopped_at = items;
					skip = 1;
				}
				/* The items stored leave the sink work that a
				 * worker waiting for its turn or for room may
				 * take (not under the lock: a wake-up missed is
				 * only taken at the next one). */
				if (p->help != NULL && ++p->played % HELP_WAKE == 0) {
					pthread_cond_signal(&p->work);
					pthread_cond_broadcast(&p->room);
				}
				break;
			case EV_FEED_DONE:
				if (sink->feed_done != NULL) {
					sink->feed_done(sink->ud, e->feed);
				}
				break;
			case EV_PROBLEM:
				problem(sink, e->location, e->err, e->warning);
				break;
			}
		}
		if (skip) {
			atomic_store(&t->cancel, 1);
		}
		chain_free(chain);
	}
	rc = skip ? 1 : t->rc;
	task_drop(t);
	return rc;
}

/* A file parsed again after the sink stopped its parse at an item: what
 * came before (the file's look, its problems, its first items, the one
 * that stopped) was said already; what a parse stopped there says after
 * is passed on. */
struct resume {
	const struct nr_sink *sink;
	long stop_at;
	long items;
};

static int
resume_item(void *ud, struct nr_feed *feed, struct nr_item *item)
{
	struct resume *r = ud;

	if (++r->items < r->stop_at) {
		return 0;
	}
	if (r->items == r->stop_at) {
		return -1;
	}
	return r->sink->item != NULL ? r->sink->item(r->sink->ud, feed, item) : 0;
}

static void
resume_feed_done(void *ud, struct nr_feed *feed)
{
	struct resume *r = ud;

	if (r->sink->feed_done != NULL) {
		r->sink->feed_done(r->sink->ud, feed);
	}
}

static void
resume_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct resume *r = ud;

	if (r->items >= r->stop_at) {
		problem(r->sink, location, err, warning);
	}
}

static int
resume_file(void *ud, const char *location, const struct nr_file_stamp *stamp)
{
	(void)ud;
	(void)location;
	(void)stamp;
	return 0;
}

/* load_file() of t into the sink, its look (sink->file) said already,
 * and its first stop_at items and the problems before them, if stop_at. */
static int
resume(struct pool *p, struct task *t, long stop_at)
{
	struct resume r = { p->sink, stop_at, 0 };
	struct nr_sink again;

	memset(&again, 0, sizeof again);
	again.ud = &r;
	again.item = resume_item;
	again.feed_done = resume_feed_done;
	again.problem = resume_problem;
	again.file = p->sink->file != NULL ? resume_file : NULL;
	return load_file(t->path, 1, &p->folders[t->folder], &p->opts, &again);
}

/* Workers told to stop, their files dropped. */
static void
stop_workers(struct pool *p)
{
	size_t i;

	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	for (i = 0; i < p->ntasks; i++) {
		atomic_store(&p->tasks[i].cancel, 1);
	}
	pthread_cond_broadcast(&p->work);
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->mu);
}

static long
play(struct pool *p, size_t ahead, int alone)
{
	long loaded = 0;
	size_t i;

	if (!alone) {
		release(p, ahead);
	}
	for (i = 0; i < p->ntasks; i++) {
		struct task *t = &p->tasks[i];
		long stopped_at;
		int rc;

		switch (t->kind) {
		case TASK_PROBLEM:
			problem(p->sink, t->path, t->err, t->warning);
			break;
		case TASK_FOLDER_DONE:
			if (p->folder_articles[t->folder] > 0 && p->sink->feed_done != NULL) {
				p->sink->feed_done(p->sink->ud, &p->folders[t->folder]);
			}
			break;
		case TASK_FILE:
			if (alone) {
				rc = load_file(t->path, 1, &p->folders[t->folder], &p->opts, p->sink);
			} else if (t->unchanged) {
				/* Unchanged, the look-ahead said; if the sink
				 * says otherwise, read here, the look said. */
				rc = p->sink->file(p->sink->ud, t->location, &t->stamp) ? 1 : resume(p, t, 0);
			} else {
				rc = play_file(p, t, &stopped_at);
				if (stopped_at > 0) {
					/* The sink stopped a parse (a store
					 * error, a key pressed): what one
					 * thread would have done from here on,
					 * done by one thread. */
					stop_workers(p);
					alone = 1;
					rc = resume(p, t, stopped_at);
				}
			}
			loaded += rc > 0;
			p->folder_articles[t->folder] += rc == 2;
			break;
		}
		if (!alone) {
			release(p, i + 1 + ahead);
		}
	}
	return loaded;
}

/* Parsing threads beside the calling thread, which stores: every other
 * core when the sink's other work (the store's packing of bodies) is done
 * by whichever thread has time (help), else the cores left over after
 * the storing thread and the store's packing thread. On two cores a
 * parsing thread beside those two made three busy threads take turns:
 * the prose library (bench/bench-library.sh) loaded 11-16% slower than in
 * one thread; helped, the two threads share the packing. */
static int
spare_cpus(int helped)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN) - (helped ? 1 : 2);

	return n < 0 ? 0 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

int
nr_source_parse_threads(const char *path, int threads, int helped)
{
	struct stat sb;

	if (stat(path, &sb) < 0 || !S_ISDIR(sb.st_mode) || access(path, R_OK | X_OK) != 0) {
		return 0;
	}
	if (threads <= 0) {
		threads = spare_cpus(helped);
	}
	return threads > MAX_THREADS ? MAX_THREADS : threads;
}

/* A folder's pool: walked, its workers started, the first release tasks
 * let go (without a look-ahead: the sink is not known yet). NULL if no
 * thread could be started (or threads is 0), with nothing left running. */
struct nr_source_ahead {
	struct pool p;
	pthread_t tids[MAX_THREADS];
	int started;
	int threads;
	char *path;
};

static struct nr_source_ahead *
pool_start(const char *path, const struct nr_parse_opts *opts, int threads, int files, size_t release_n)
{
	struct nr_source_ahead *a;
	struct pool *p;
	sigset_t all, old;
	int i;

	if (threads <= 0) {
		return NULL;
	}
	if (threads > MAX_THREADS) {
		threads = MAX_THREADS;
	}
	a = xcalloc(1, sizeof *a);
	a->threads = threads;
	a->path = xstrdup(path);
	p = &a->p;
	p->opts = *opts;
	p->files = files;
	walk_folder(p, path);
	/* The list is whole: its tasks stay where they are from now on. */
	for (size_t k = 0; k < p->ntasks; k++) {
		p->tasks[k].tail = &p->tasks[k].head;
	}
	p->folder_articles = xcalloc(p->nfolders + 1, sizeof *p->folder_articles);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->ready, NULL);
	pthread_cond_init(&p->room, NULL);
	release(p, release_n);
	/* Signals are the calling thread's to take (the interface's
	 * handlers set flags its loop reads): workers block them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; (size_t)i < p->ntasks && i < threads; i++) {
		if (pthread_create(&a->tids[a->started], NULL, worker, p) == 0) {
			a->started++;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return a;
}

/* Workers stopped and joined, everything freed. */
static void
pool_free(struct nr_source_ahead *a)
{
	struct pool *p = &a->p;
	int i;

	stop_workers(p);
	for (i = 0; i < a->started; i++) {
		pthread_join(a->tids[i], NULL);
	}
	pthread_cond_destroy(&p->room);
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->mu);
	for (size_t k = 0; k < p->ntasks; k++) {
		struct task *t = &p->tasks[k];

		/* What workers parsed of files dropped when the sink stopped. */
		task_drop(t);
		free(t->path);
		free(p->tasks[k].err);
		free(p->tasks[k].location);
	}
	free(p->tasks);
	for (size_t k = 0; k < p->nfolders; k++) {
		nr_feed_clear(&p->folders[k]);
	}
	free(p->folders);
	free(p->folder_articles);
	free(a->path);
	free(a);
}

/* The pool's tasks played into sink, then the pool freed. */
static long
pool_play(struct nr_source_ahead *a, const struct nr_sink *sink,
    int (*peek)(void *ud, const char *location, const struct nr_file_stamp *stamp), int (*help)(void *ud),
    struct nr_err *err)
{
	struct pool *p = &a->p;
	long loaded;

	pthread_mutex_lock(&p->mu);
	p->sink = sink;
	p->peek = sink->file != NULL ? peek : NULL;
	p->help = help;
	/* Workers waiting for a release may take the sink's work now. */
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	/* No thread to be had (or no file): the calling thread parses each
	 * file as it plays it. */
	loaded = play(p, 2 * (size_t)a->threads, a->started == 0);
	pool_free(a);
	if (loaded == 0) {
		nr_err_set(err, NR_ERR_EMPTY, _("no articles or feeds found in this folder"));
		return -1;
	}
	return loaded;
}

/* Whether path is a folder this process may read. */
static int
readable_folder(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode) && access(path, R_OK | X_OK) == 0;
}

long
nr_source_load_threads(const char *path, const struct nr_parse_opts *opts, const struct nr_sink *sink,
    int (*peek)(void *ud, const char *location, const struct nr_file_stamp *stamp), int (*help)(void *ud),
    int threads, struct nr_err *err)
{
	struct nr_source_ahead *a;

	nr_err_clear(err);
	if (!readable_folder(path)) {
		/* A file, or a failure said as nr_source_load says it. */
		return nr_source_load(path, opts, sink, err);
	}
	if (threads <= 0) {
		threads = spare_cpus(help != NULL);
	}
	a = pool_start(path, opts, threads, sink->file != NULL, 0);
	if (a == NULL) {
		return nr_source_load(path, opts, sink, err);
	}
	return pool_play(a, sink, peek, help, err);
}

struct nr_source_ahead *
nr_source_ahead_start(const char *path, const struct nr_parse_opts *opts, int threads, int files)
{
	if (!readable_folder(path)) {
		return NULL;
	}
	if (threads <= 0) {
		threads = spare_cpus(1);
	}
	return pool_start(path, opts, threads, files, AHEAD_EARLY);
}

long
nr_source_ahead_load(struct nr_source_ahead *a, const char *path, const struct nr_parse_opts *opts,
    const struct nr_sink *sink, int (*peek)(void *ud, const char *location, const struct nr_file_stamp *stamp),
    int (*help)(void *ud), int threads, struct nr_err *err)
{
	/* Started for another load than this one: dropped, and this one
	 * started now. */
	if (a != NULL && (strcmp(a->path, path) != 0 || a->p.opts.want_body != opts->want_body ||
	    a->p.files != (sink->file != NULL))) {
		pool_free(a);
		a = NULL;
	}
	if (a == NULL) {
		return nr_source_load_threads(path, opts, sink, peek, help, threads, err);
	}
	nr_err_clear(err);
	return pool_play(a, sink, peek, help, err);
}

void
nr_source_ahead_free(struct nr_source_ahead *a)
{
	if (a != NULL) {
		pool_free(a);
	}
}
