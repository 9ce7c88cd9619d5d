/* The configuration file read into a validated struct nr_config
 * (config/settings.h): general settings, sources and feeds, key bindings
 * and colours, every error naming its line; and the names of the
 * settings' values. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <sys/types.h>
#include <unistd.h>

#ifdef HAVE_INIPARSER_INIPARSER_H
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "config/settings.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "filter/filter.h"
#include "nls.h"
#include "util/file.h"
#include "util/path.h"
#include "util/utf8.h"

/*
 * The file is read twice. iniparser keeps no line numbers, and an error must
 * name its line, so a scanner here reads the file first, line by line: it
 * records the line of each section and key, and rejects what is not INI
 * before iniparser sees it. Then iniparser reads the lines the scanner kept
 * (read_values), and its values are the ones used. For the two to agree,
 * the scanner classifies every line as iniparser 4.1 does:
 *
 *  - White space at both ends of a line is ignored. A line is blank, a
 *    comment (first character ; or #), a section ([ first and ] last), or
 *    name = value, where the name ends at the first =. Anything else (no =,
 *    or = first) makes iniparser fail, so it is reported here with its line.
 *  - Comments only have lines of their own, except after an unquoted value:
 *    such a value ends at the first ; or #. A value holding either is quoted,
 *    as "..." or '...', and then ends at the next quote of the same kind
 *    (there are no escapes, and iniparser ignores the rest of the line, so
 *    anything there but a comment is reported here). iniparser reads a
 *    quote that is never closed ("abc) as if it were: we refuse it. A binding to # is
 *    written search-forward = "#", or, quoting the whole list,
 *    search-forward = "/ #"; a binding to " is written '"'.
 *  - iniparser joins a line whose last character is a backslash to the next
 *    one, even a comment. We refuse such a line instead: the joined line
 *    would hide the next one's line number, and "pipe = \" (a binding to
 *    backslash) would silently eat the next line. Quoted ("\") it is fine.
 *  - iniparser gives up on a line longer than MAX_LINE bytes; we report it.
 *  - Section and key names are compared lowercased, as iniparser stores
 *    them ("[Keys]" is "[keys]", "Down" is "down").
 *
 * A key given twice in one section is an error, although iniparser would
 * just keep the later value: the earlier line would otherwise be dropped
 * without a word, a source or a binding the user believes is in effect. A
 * section may appear more than once; its keys add up.
 */

/* iniparser 4.1 reads lines with fgets into 1024 bytes and fails on a line
 * that does not fit with its newline. */
#define MAX_LINE 1022
/* A configuration file is small; a larger one is a mistake. */
#define MAX_FILE_SIZE ((size_t)16 * 1024 * 1024)

enum section {
	SEC_NONE = -2,  /* before the first section */
	SEC_BAD = -1,   /* inside an unknown section (already reported) */
	SEC_GENERAL = 0,
	SEC_SOURCES,
	SEC_COLORS,
	SEC_KEYS,
	SEC_KEYS_LIST,
	SEC_KEYS_READER,
	SEC_KEYS_FEEDS,
	SEC_SYNC,
	SEC_COUNT,
	SEC_FEED,       /* [feed NAME]: one source with its own settings */
	SEC_QUERY       /* [query NAME]: a query feed (a filter over every source) */
};

static const char *const section_names[SEC_COUNT] = {
	[SEC_GENERAL] = "general",
	[SEC_SOURCES] = "sources",
	[SEC_COLORS] = "colors",
	[SEC_KEYS] = "keys",
	[SEC_KEYS_LIST] = "keys.list",
	[SEC_KEYS_READER] = "keys.reader",
	[SEC_KEYS_FEEDS] = "keys.feeds",
	[SEC_SYNC] = "sync",
};

static const char *const sort_names[] = {
	[NR_SORT_NEWEST] = "newest",
	[NR_SORT_OLDEST] = "oldest",
	[NR_SORT_TITLE] = "title",
	[NR_SORT_SOURCE] = "source",
	[NR_SORT_AUTHOR] = "author",
	[NR_SORT_UNREAD] = "unread",
};

static const char *const layout_names[NR_LAYOUT_COUNT] = {
	[NR_LAYOUT_SPLIT] = "split",
	[NR_LAYOUT_VERTICAL] = "vertical",
	[NR_LAYOUT_FULL] = "full",
};

static const char *const color_element_names[NR_COLOR_COUNT] = {
#define NR_X_COLOR(id, name) [NR_COLOR_##id] = name,
	NR_COLOR_ELEMENTS(NR_X_COLOR)
#undef NR_X_COLOR
};

/* The eight colours of every terminal by name, "bright" ones as 8..15. */
static const char *const color_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static const struct {
	const char *name;
	unsigned attr;
} attr_names[] = {
	{ "bold", NR_ATTR_BOLD },
	{ "underline", NR_ATTR_UNDERLINE },
	{ "reverse", NR_ATTR_REVERSE },
	{ "dim", NR_ATTR_DIM },
	{ "italic", NR_ATTR_ITALIC },
	{ "blink", NR_ATTR_BLINK },
	{ "standout", NR_ATTR_STANDOUT },
	{ "normal", 0 },
};

/* A [feed NAME] section, where it first appears. */
struct feed_section {
	char *secname;  /* lowercased, as iniparser names it */
	char *label;    /* NAME as written */
	long line;
};

/* The [feed NAME] or the [query NAME] sections in the order of the file,
 * with open addressing over them by name (0 is empty, else index + 1): a
 * section may come back later in the file, and comparing each new one
 * with all before would make 20,000 feeds cost 200 million comparisons. */
struct named_sections {
	struct feed_section *v;
	size_t n;
	size_t cur;     /* the one being read */
	size_t *slots;
	size_t nslots;
};

/* One name = value line, as the scanner saw it. */
struct entry {
	enum section sec;
	char *secname;  /* the section as iniparser names it (lowercased) */
	char *label;    /* [feed NAME]: NAME as written; else NULL */
	char *key;      /* as written, trimmed */
	char *lkey;     /* lowercased: iniparser's name for it */
	char *raw;      /* the text after =, trimmed */
	long line;
	size_t feed;    /* [feed NAME]: its index in scan.feeds */
	char *value;    /* iniparser's value, once it has read the file */
};

struct scan {
	char *secname;  /* of the section being read */
	char *label;
	const char *file;
	struct entry *v;
	size_t n;
	size_t cap;
	struct named_sections feeds;
	struct named_sections queries;
	/* Open addressing over v by section and key, to find a repeated key
	 * without comparing it with every line before: files of thousands of
	 * feeds are read at every start. 0 is empty, else index + 1. */
	size_t *slots;
	size_t nslots;
	long err_line;          /* the first error's line, 0 if none */
	struct nr_err err;      /* and its message */
};

static void vfail(struct nr_err *err, const char *file, long line, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void fail(struct nr_err *err, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void scan_fail(struct scan *sc, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "FILE:LINE: message" (or "FILE: message" for line 0) into err. The
 * message quotes the user's text, so it is sanitised as a whole: it is
 * printed to the terminal. */
static void
vfail(struct nr_err *err, const char *file, long line, const char *fmt, va_list ap)
{
	struct nr_buf b = NR_BUF_INIT;
	char text[sizeof err->msg];
	char *clean;

	if (err == NULL) {
		return;
	}
	vsnprintf(text, sizeof text, fmt, ap);
	if (line > 0) {
		nr_buf_printf(&b, "%s:%ld: %s", file, line, text);
	} else {
		nr_buf_printf(&b, "%s: %s", file, text);
	}
	clean = nr_utf8_sanitize(nr_buf_str(&b), b.len, 0);
	nr_err_set(err, NR_ERR_CONFIG, "%s", clean);
	err->line = line;
	free(clean);
	nr_buf_free(&b);
}

static void
fail(struct nr_err *err, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, file, line, fmt, ap);
	va_end(ap);
}

/* Only the first error of the scan is kept: the one the user meets first
 * reading the file. */
static void
scan_fail(struct scan *sc, long line, const char *fmt, ...)
{
	va_list ap;

	if (sc->err_line != 0) {
		return;
	}
	sc->err_line = line;
	va_start(ap, fmt);
	vfail(&sc->err, sc->file, line, fmt, ap);
	va_end(ap);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* A new string: s[0..n) without white space at either end. */
static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && is_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1])) {
		n--;
	}
	return xstrndup(s, n);
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII only, as iniparser's tolower in the C and UTF-8 locales. */
static char *
lowered(const char *s)
{
	char *l = xstrdup(s);
	char *p;

	for (p = l; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			*p = (char)(*p - 'A' + 'a');
		}
	}
	return l;
}

static int
same_name(const char *a, const char *b)
{
	char *la = lowered(a);
	char *lb = lowered(b);
	int same = strcmp(la, lb) == 0;

	free(la);
	free(lb);
	return same;
}

static enum nr_context
section_context(enum section sec)
{
	switch (sec) {
	case SEC_KEYS_LIST:
		return NR_CTX_LIST;
	case SEC_KEYS_READER:
		return NR_CTX_READER;
	case SEC_KEYS_FEEDS:
		return NR_CTX_FEEDS;
	default:
		return NR_CTX_COUNT;
	}
}

static size_t
key_hash(const char *secname, const char *lkey)
{
	size_t h = 2166136261u;
	const char *p;

	for (p = secname; *p != '\0'; p++) {
		h = (h ^ (unsigned char)*p) * 16777619u;
	}
	h = (h ^ ':') * 16777619u;
	for (p = lkey; *p != '\0'; p++) {
		h = (h ^ (unsigned char)*p) * 16777619u;
	}
	return h;
}

/* The slot of name in list: the one holding it, or the empty one where it
 * goes. */
static size_t *
find_section(const struct named_sections *list, const char *name)
{
	size_t i = key_hash(name, "") & (list->nslots - 1);

	while (list->slots[i] != 0 && strcmp(list->v[list->slots[i] - 1].secname, name) != 0) {
		i = (i + 1) & (list->nslots - 1);
	}
	return &list->slots[i];
}

/* Remember a [feed NAME] or [query NAME] section the first time it
 * appears: a source is made of it even if it has no keys (and then it is
 * an error that it has neither a url nor a path), and messages about it
 * name this line. */
static void
add_named_section(struct scan *sc, struct named_sections *list, long line)
{
	struct feed_section *fs;
	size_t *slot, i;

	if (list->nslots > 0 && *(slot = find_section(list, sc->secname)) != 0) {
		list->cur = *slot - 1;
		return;
	}
	list->v = xreallocarray(list->v, list->n + 1, sizeof *list->v);
	fs = &list->v[list->n++];
	fs->secname = xstrdup(sc->secname);
	fs->label = xstrdup(sc->label);
	fs->line = line;
	list->cur = list->n - 1;
	/* The table stays at most half full. */
	if (2 * list->n > list->nslots) {
		free(list->slots);
		list->nslots = list->nslots == 0 ? 64 : list->nslots * 2;
		list->slots = xcalloc(list->nslots, sizeof *list->slots);
		for (i = 0; i + 1 < list->n; i++) {
			*find_section(list, list->v[i].secname) = i + 1;
		}
	}
	*find_section(list, fs->secname) = list->n;
}

/* [feed NAME] or [query NAME] (sec), its NAME after skip bytes of name;
 * lname is name lowercased. Both are taken. */
static enum section
named_section(struct scan *sc, char *name, char *lname, size_t skip, enum section sec, long line)
{
	char *label = trimmed(name + skip, strlen(name + skip));

	if (label[0] == '\0' || (sec == SEC_FEED && strchr(label, ':') != NULL)) {
		if (sec == SEC_FEED) {
			scan_fail(sc, line, _("bad feed name (use [feed NAME], NAME without ':'): '%s'"), name);
		} else {
			scan_fail(sc, line, _("bad query name (use [query NAME]): '%s'"), name);
		}
		free(label);
		free(name);
		free(lname);
		return SEC_BAD;
	}
	sc->secname = lname;
	sc->label = label;
	free(name);
	add_named_section(sc, sec == SEC_FEED ? &sc->feeds : &sc->queries, line);
	return sec;
}

static enum section
scan_section(struct scan *sc, const char *s, size_t n, long line)
{
	const char *close = strchr(s, ']');
	char *name, *lname;
	int i;

	/* iniparser would take "[a]b]" as [a] and keep the previous section
	 * for "[]"; neither is what anyone means. */
	if ((size_t)(close - s) != n - 1) {
		scan_fail(sc, line, _("not a section or key = value line: '%s'"), s);
		return SEC_BAD;
	}
	name = trimmed(s + 1, n - 2);
	if (name[0] == '\0') {
		scan_fail(sc, line, _("not a section or key = value line: '%s'"), s);
		free(name);
		return SEC_BAD;
	}
	lname = lowered(name);
	free(sc->secname);
	free(sc->label);
	sc->secname = NULL;
	sc->label = NULL;
	if (strncmp(lname, "feed ", 5) == 0 || strncmp(lname, "feed\t", 5) == 0) {
		return named_section(sc, name, lname, 5, SEC_FEED, line);
	}
	if (strncmp(lname, "query ", 6) == 0 || strncmp(lname, "query\t", 6) == 0) {
		return named_section(sc, name, lname, 6, SEC_QUERY, line);
	}
	for (i = 0; i < SEC_COUNT; i++) {
		if (strcmp(lname, section_names[i]) == 0) {
			break;
		}
	}
	if (i == SEC_COUNT) {
		scan_fail(sc, line, _("unknown section: '%s'"), name);
	}
	free(name);
	if (i == SEC_COUNT) {
		free(lname);
		return SEC_BAD;
	}
	sc->secname = lname;
	return (enum section)i;
}

/* iniparser ends a quoted value at the next quote of its kind and drops
 * the rest of the line. Text there, other than a comment, would be lost
 * without a word (close = "#" Left binds # only), so it is found here: the
 * text after the quote, or NULL. A value is quoted, for iniparser, when it
 * starts with a quote and the next character is neither the end nor the
 * same quote. */
static const char *
after_quote(const char *raw)
{
	char q = raw[0];
	const char *end;

	if ((q != '"' && q != '\'') || raw[1] == '\0' || raw[1] == q) {
		return NULL;
	}
	end = strchr(raw + 1, q);
	if (end == NULL) {
		return NULL;
	}
	end++;
	while (is_space(*end)) {
		end++;
	}
	return *end == '\0' || *end == ';' || *end == '#' ? NULL : end;
}

static const char *const general_keys[] = {
	"date_format", "sort", "keep_days", "max_articles", "layout", "mark_read_on_open", "show_feeds", "mouse",
	"browser", "browser_background", "reload", "max_connections", "connections_per_host", "connect_timeout",
	"timeout", "max_size", "user_agent", "show_read", "show_read_feeds", "text_width", "search_ignore_accents",
	"bidi", "ignore", NULL
};
static const char *const sync_keys[] = {
	"service", "url", "username", "password_command", "interval", NULL
};
/* The services [sync] can name (app/sync.c has one of each). */
static const char *const sync_services[] = {
	"ttrss", NULL
};
static const char *const feed_keys[] = {
	"path", "url", "title", "tags", "reload", "max_articles", "user_agent", "username", "password_command",
	"ignore", "full_text", NULL
};
static const char *const query_keys[] = {
	"filter", "tags", NULL
};

static int
in_table(const char *s, const char *const *table, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (table[i] != NULL && strcmp(s, table[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

static int
in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (strcmp(s, *list) == 0) {
			return 1;
		}
	}
	return 0;
}

/* The slot of secname:lkey: the one holding it, or the empty one where it
 * goes. */
static size_t *
find_slot(const struct scan *sc, const char *secname, const char *lkey)
{
	size_t i = key_hash(secname, lkey) & (sc->nslots - 1);

	while (sc->slots[i] != 0) {
		const struct entry *e = &sc->v[sc->slots[i] - 1];

		if (strcmp(e->lkey, lkey) == 0 && strcmp(e->secname, secname) == 0) {
			break;
		}
		i = (i + 1) & (sc->nslots - 1);
	}
	return &sc->slots[i];
}

/* Index sc->v[sc->n - 1]; the table stays at most half full. */
static void
index_last(struct scan *sc)
{
	size_t i;

	if (2 * sc->n > sc->nslots) {
		free(sc->slots);
		sc->nslots = sc->nslots == 0 ? 64 : sc->nslots * 2;
		sc->slots = xcalloc(sc->nslots, sizeof *sc->slots);
		for (i = 0; i + 1 < sc->n; i++) {
			*find_slot(sc, sc->v[i].secname, sc->v[i].lkey) = i + 1;
		}
	}
	*find_slot(sc, sc->v[sc->n - 1].secname, sc->v[sc->n - 1].lkey) = sc->n;
}

/* Record a name = value line of section sec, checking what can be checked
 * without the value: the section, the name, that it is not a repeat. */
static void
scan_key(struct scan *sc, enum section sec, const char *s, const char *eq, long line)
{
	struct entry e;
	enum nr_action act;

	if (sec == SEC_BAD) {
		return;
	}
	e.sec = sec;
	e.secname = sc->secname != NULL ? xstrdup(sc->secname) : NULL;
	e.label = sc->label != NULL ? xstrdup(sc->label) : NULL;
	e.key = trimmed(s, (size_t)(eq - s));
	e.lkey = lowered(e.key);
	e.raw = trimmed(eq + 1, strlen(eq + 1));
	e.line = line;
	if (sec == SEC_NONE) {
		scan_fail(sc, line, _("key outside of any section: '%s'"), e.key);
		goto drop;
	}
	e.feed = sec == SEC_FEED ? sc->feeds.cur : sec == SEC_QUERY ? sc->queries.cur : 0;
	e.value = NULL;
	if (sc->nslots > 0 && *find_slot(sc, e.secname, e.lkey) != 0) {
		scan_fail(sc, line, _("duplicate key in [%s]: '%s'"), e.secname, e.key);
		goto drop;
	}
	switch (sec) {
	case SEC_GENERAL:
		if (!in_list(e.lkey, general_keys)) {
			scan_fail(sc, line, _("unknown key in [general]: '%s'"), e.key);
			goto drop;
		}
		break;
	case SEC_FEED:
		if (!in_list(e.lkey, feed_keys)) {
			scan_fail(sc, line, _("unknown key in [%s]: '%s'"), e.secname, e.key);
			goto drop;
		}
		break;
	case SEC_QUERY:
		if (!in_list(e.lkey, query_keys)) {
			scan_fail(sc, line, _("unknown key in [%s]: '%s'"), e.secname, e.key);
			goto drop;
		}
		break;
	case SEC_SOURCES:
		break;
	case SEC_SYNC:
		if (!in_list(e.lkey, sync_keys)) {
			scan_fail(sc, line, _("unknown key in [sync]: '%s'"), e.key);
			goto drop;
		}
		break;
	case SEC_COLORS:
		if (!in_table(e.lkey, color_element_names, NR_COLOR_COUNT)) {
			scan_fail(sc, line, _("unknown element in [colors]: '%s'"), e.key);
			goto drop;
		}
		break;
	default:
		act = nr_action_from_name(e.lkey);
		if (act == NR_ACT_NONE) {
			scan_fail(sc, line, _("unknown action: '%s'"), e.key);
			goto drop;
		}
		if (section_context(sec) != NR_CTX_COUNT
		    && (nr_action_contexts(act) & (1u << section_context(sec))) == 0) {
			scan_fail(sc, line, _("action not usable in [%s]: '%s'"), section_names[sec], e.key);
			goto drop;
		}
		break;
	}
	if ((e.raw[0] == '"' || e.raw[0] == '\'') && e.raw[1] != '\0' && e.raw[1] != e.raw[0] &&
	    strchr(e.raw + 1, e.raw[0]) == NULL) {
		/* iniparser would take "abc as abc without a word. */
		if (sec >= SEC_KEYS && sec <= SEC_KEYS_FEEDS) {
			scan_fail(sc, line, _("the quote is not closed (a binding to a quote is written '\"'): '%s'"),
			    e.raw);
		} else {
			scan_fail(sc, line, _("the quote is not closed: '%s'"), e.raw);
		}
		goto drop;
	}
	if (after_quote(e.raw) != NULL) {
		scan_fail(sc, line, _("text after the closing quote (quote the whole value): '%s'"), after_quote(e.raw));
		goto drop;
	}
	if (sc->n == sc->cap) {
		sc->cap = sc->cap == 0 ? 16 : sc->cap * 2;
		sc->v = xreallocarray(sc->v, sc->cap, sizeof *sc->v);
	}
	sc->v[sc->n++] = e;
	index_last(sc);
	return;
drop:
	free(e.key);
	free(e.lkey);
	free(e.raw);
	free(e.secname);
	free(e.label);
}

/* Scan the open file; returns -1 (with errno) if it cannot be read. A
 * problem in the file is left in sc->err_line and sc->err. */
static int
scan_file(FILE *fp, struct scan *sc)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t got;
	long line = 0;
	enum section sec = SEC_NONE;

	while ((got = getline(&buf, &cap, fp)) >= 0) {
		size_t len = (size_t)got;
		char *s;
		const char *eq;
		size_t n;

		line++;
		if (len > 0 && buf[len - 1] == '\n') {
			len--;
		}
		buf[len] = '\0';
		if (line == 1 && len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
			/* Notepad and other editors start a UTF-8 file with
			 * a byte order mark: not part of the first line. */
			memmove(buf, buf + 3, len - 2);
			len -= 3;
		}
		if (len > MAX_LINE) {
			scan_fail(sc, line, _("line too long (more than %d bytes)"), MAX_LINE);
			continue;
		}
		s = buf;
		n = len;
		while (n > 0 && is_space(*s)) {
			s++;
			n--;
		}
		while (n > 0 && is_space(s[n - 1])) {
			n--;
		}
		if (memchr(s, '\0', n) != NULL) {
			scan_fail(sc, line, _("not a section or key = value line: '%s'"), s);
			continue;
		}
		s[n] = '\0';
		if (n == 0) {
			continue;
		}
		if (s[n - 1] == '\\') {
			scan_fail(sc, line,
			    _("line ends with a backslash, which joins it to the next line (quote the value): '%s'"), s);
			continue;
		}
		if (s[0] == ';' || s[0] == '#') {
			continue;
		}
		if (s[0] == '[' && s[n - 1] == ']') {
			sec = scan_section(sc, s, n, line);
			continue;
		}
		eq = strchr(s, '=');
		if (eq == NULL || eq == s) {
			scan_fail(sc, line, _("not a section or key = value line: '%s'"), s);
			continue;
		}
		scan_key(sc, sec, s, eq, line);
	}
	if (ferror(fp)) {
		int saved = errno;

		free(buf);
		errno = saved;
		return -1;
	}
	free(buf);
	return 0;
}

static void
named_sections_free(struct named_sections *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		free(list->v[i].secname);
		free(list->v[i].label);
	}
	free(list->v);
	free(list->slots);
}

static void
scan_free(struct scan *sc)
{
	size_t i;

	for (i = 0; i < sc->n; i++) {
		free(sc->v[i].key);
		free(sc->v[i].lkey);
		free(sc->v[i].raw);
		free(sc->v[i].secname);
		free(sc->v[i].label);
		free(sc->v[i].value);
	}
	free(sc->v);
	named_sections_free(&sc->feeds);
	named_sections_free(&sc->queries);
	free(sc->slots);
	free(sc->secname);
	free(sc->label);
}

/* A count of days or articles: a whole number from 0 to 10^9, or -1. */
static long
parse_count(const char *s)
{
	char *end;
	long v;

	if (s[0] < '0' || s[0] > '9') {
		return -1;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > 1000000000L) {
		return -1;
	}
	return v;
}

/* A whole number from lo to hi, or -1. */
static long
parse_range(const char *s, long lo, long hi)
{
	long v = parse_count(s);

	return v >= lo && v <= hi ? v : -1;
}

/*
 * A duration: a whole number, then (blanks allowed between) a unit: s, m,
 * h or d (seconds, minutes, hours, days). Without a unit the number counts
 * bare_unit seconds: minutes for reload, as in other feed readers; seconds
 * for the time-outs, as in curl. At most max seconds. Returns 0 or -1.
 */
static int
parse_duration(const char *s, long bare_unit, long max, long *out)
{
	const char *p = s;
	long v = 0, mult = bare_unit;

	if (*p < '0' || *p > '9') {
		return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > 100000000L) {
			return -1;
		}
		v = v * 10 + (*p - '0');
	}
	while (*p == ' ' || *p == '\t') {
		p++;
	}
	if (*p != '\0') {
		switch (*p) {
		case 's':
		case 'S':
			mult = 1;
			break;
		case 'm':
		case 'M':
			mult = 60;
			break;
		case 'h':
		case 'H':
			mult = 3600;
			break;
		case 'd':
		case 'D':
			mult = 86400;
			break;
		default:
			return -1;
		}
		if (p[1] != '\0') {
			return -1;
		}
	}
	if (v > max / mult) {
		return -1;
	}
	*out = v * mult;
	return 0;
}

#define MAX_RELOAD (365L * 86400)
#define MAX_TIMEOUT 86400L
#define MIN_SIZE 1024L
#define MAX_SIZE (1024L * 1024 * 1024)

/* A size in bytes: a whole number, then (blanks allowed between) K, M or G
 * for 1024, 1024^2 or 1024^3, optionally followed by B or iB; B alone for
 * bytes. From MIN_SIZE to MAX_SIZE. Returns 0 or -1. */
static int
parse_size(const char *s, long *out)
{
	static const struct {
		const char *unit;
		long mult;
	} units[] = {
		{ "", 1 }, { "b", 1 },
		{ "k", 1024L }, { "kb", 1024L }, { "kib", 1024L },
		{ "m", 1024L * 1024 }, { "mb", 1024L * 1024 }, { "mib", 1024L * 1024 },
		{ "g", 1024L * 1024 * 1024 }, { "gb", 1024L * 1024 * 1024 }, { "gib", 1024L * 1024 * 1024 },
	};
	const char *p = s;
	long v = 0;
	size_t i;

	if (*p < '0' || *p > '9') {
		return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > MAX_SIZE) {
			return -1;
		}
		v = v * 10 + (*p - '0');
	}
	while (*p == ' ' || *p == '\t') {
		p++;
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (same_name(p, units[i].unit)) {
			if (v > MAX_SIZE / units[i].mult || v * units[i].mult < MIN_SIZE) {
				return -1;
			}
			*out = v * units[i].mult;
			return 0;
		}
	}
	return -1;
}

enum url_kind {
	URL_NONE = 0,   /* not scheme://...: a path */
	URL_HTTP,       /* http:// or https:// with a host, no blank or control character */
	URL_BAD,        /* http(s) without a host, or with a blank or control character */
	URL_OTHER       /* another scheme: not fetched */
};

/* What kind of source a value is. Only scheme:// makes a URL: a file name
 * may well hold a colon. */
static enum url_kind
url_kind(const char *s)
{
	const char *p = s;
	size_t scheme;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
		return URL_NONE;
	}
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
	    || *p == '+' || *p == '-' || *p == '.') {
		p++;
	}
	if (strncmp(p, "://", 3) != 0) {
		return URL_NONE;
	}
	scheme = (size_t)(p - s);
	if (!((scheme == 4 && strncasecmp(s, "http", 4) == 0) || (scheme == 5 && strncasecmp(s, "https", 5) == 0))) {
		return URL_OTHER;
	}
	p += 3;
	if (*p == '\0' || *p == '/' || *p == '?' || *p == '#') {
		return URL_BAD;
	}
	for (; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			return URL_BAD;
		}
	}
	return URL_HTTP;
}

/* The words of a tags value (separated by commas and blanks), without
 * duplicates, into a new array; -1 if there are none. */
static long
split_tags(const char *value, char ***tags)
{
	const char *p = value;
	char **v = NULL;
	size_t n = 0, i;

	while (*p != '\0') {
		size_t len = strcspn(p, ", \t");
		char *w;

		if (len == 0) {
			p++;
			continue;
		}
		w = xstrndup(p, len);
		p += len;
		for (i = 0; i < n; i++) {
			if (strcmp(v[i], w) == 0) {
				break;
			}
		}
		if (i < n) {
			free(w);
			continue;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = w;
	}
	if (n == 0) {
		return -1;
	}
	*tags = v;
	return (long)n;
}

static void
free_tags(char **tags, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(tags[i]);
	}
	free(tags);
}

/* The next space-separated word of *s, into a new string; NULL at the end. */
static char *
next_word(const char **s)
{
	const char *p = *s;
	const char *start;

	while (*p == ' ' || *p == '\t') {
		p++;
	}
	if (*p == '\0') {
		*s = p;
		return NULL;
	}
	start = p;
	while (*p != '\0' && *p != ' ' && *p != '\t') {
		p++;
	}
	*s = p;
	return xstrndup(start, (size_t)(p - start));
}

/* "none" alone, meaning: unbind the action. */
static int
is_none(const char *value)
{
	const char *p = value;
	char *w = next_word(&p);
	char *w2 = next_word(&p);
	int none = w != NULL && w2 == NULL && same_name(w, "none");

	free(w);
	free(w2);
	return none;
}

static int
parse_sort(const char *s, enum nr_sort *sort)
{
	size_t i;

	for (i = 0; i < sizeof sort_names / sizeof sort_names[0]; i++) {
		if (same_name(s, sort_names[i])) {
			*sort = (enum nr_sort)i;
			return 0;
		}
	}
	return -1;
}

static int
parse_layout(const char *s, enum nr_layout *layout)
{
	int i;

	for (i = 0; i < NR_LAYOUT_COUNT; i++) {
		if (same_name(s, layout_names[i])) {
			*layout = (enum nr_layout)i;
			return 0;
		}
	}
	return -1;
}

/* yes/no and the usual synonyms: 1 or 0, or -1. */
static int
parse_bool(const char *s)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (same_name(s, yes[i])) {
			return 1;
		}
		if (same_name(s, no[i])) {
			return 0;
		}
	}
	return -1;
}

/* A colour: a name of the eight, "bright" + one of them, "default", or a
 * number 0..255; -2 if it is none of these. */
static int
parse_color(const char *s)
{
	const char *name = s;
	int bright = 0, i;
	long v;
	char *end;

	if (same_name(s, "default")) {
		return NR_COLOR_DEFAULT;
	}
	if (s[0] >= '0' && s[0] <= '9') {
		v = strtol(s, &end, 10);
		return *end == '\0' && v >= 0 && v <= 255 ? (int)v : -2;
	}
	if (strncasecmp(s, "bright", 6) == 0) {
		bright = 8;
		name = s + 6;
		if (*name == '-') {
			name++;
		}
	}
	for (i = 0; i < 8; i++) {
		if (same_name(name, color_names[i])) {
			return i + bright;
		}
	}
	return -2;
}

/* "fg [bg] [attr...]": up to two colours, then attributes. Returns 0, or
 * -1 with *bad set to the word that is wrong (a new string). */
static int
parse_style(const char *value, struct nr_style *style, char **bad)
{
	const char *p = value;
	int ncolors = 0;
	char *w;

	style->set = 1;
	style->fg = NR_COLOR_DEFAULT;
	style->bg = NR_COLOR_DEFAULT;
	style->attrs = 0;
	while ((w = next_word(&p)) != NULL) {
		int color = parse_color(w);
		size_t i;

		if (color != -2 && ncolors < 2 && style->attrs == 0) {
			if (ncolors++ == 0) {
				style->fg = color;
			} else {
				style->bg = color;
			}
			free(w);
			continue;
		}
		for (i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
			if (same_name(w, attr_names[i].name)) {
				break;
			}
		}
		if (i == sizeof attr_names / sizeof attr_names[0]) {
			*bad = w;
			return -1;
		}
		style->attrs |= attr_names[i].attr;
		free(w);
	}
	return 0;
}

/* A [sources] value or a [feed NAME] path: a path, or an http(s) URL. */
static int
check_location(const struct entry *e, const char *value, const char *file, struct nr_err *err)
{
	switch (url_kind(value)) {
	case URL_OTHER:
		fail(err, file, e->line,
		    _("unsupported URL scheme (only http:// and https:// are fetched; give a local file as its path): '%s'"),
		    value);
		return -1;
	case URL_BAD:
		fail(err, file, e->line, _("bad URL (no host, or a blank or control character in it): '%s'"), value);
		return -1;
	default:
		return 0;
	}
}

/* A value of [sync]. */
static int
check_sync(const struct entry *e, const char *value, const char *file, struct nr_err *err)
{
	long v;

	if (strcmp(e->lkey, "service") == 0 && !in_list(value, sync_services)) {
		fail(err, file, e->line, _("unknown sync service: '%s' (expected ttrss)"), value);
		return -1;
	}
	if (strcmp(e->lkey, "url") == 0 && url_kind(value) != URL_HTTP) {
		fail(err, file, e->line, _("bad value for url: '%s' (expected an http:// or https:// URL)"), value);
		return -1;
	}
	if (strcmp(e->lkey, "interval") == 0 && parse_duration(value, 60, MAX_RELOAD, &v) < 0) {
		fail(err, file, e->line, _("bad value for interval: '%s' (expected minutes, or a number with s, m, h "
		    "or d, up to 365d; 0 for only on request)"), value);
		return -1;
	}
	return 0;
}

/* The network settings of [general] and [feed NAME], and a feed's url,
 * path and tags. */
static int
check_network(const struct entry *e, const char *value, const char *file, struct nr_err *err)
{
	const char *k = e->lkey;
	char **tags;
	long v, n;

	if (strcmp(k, "reload") == 0 && parse_duration(value, 60, MAX_RELOAD, &v) < 0) {
		fail(err, file, e->line, _("bad value for reload: '%s' (expected minutes, or a number with s, m, h or d, "
		    "up to 365d; 0 for only on request)"), value);
		return -1;
	}
	if ((strcmp(k, "connect_timeout") == 0 || strcmp(k, "timeout") == 0) &&
	    (parse_duration(value, 1, MAX_TIMEOUT, &v) < 0 || v < 1)) {
		fail(err, file, e->line, _("bad value for %s: '%s' (expected seconds, or a number with s, m, h or d, "
		    "from 1s to 1d)"), k, value);
		return -1;
	}
	if (strcmp(k, "max_connections") == 0 && parse_range(value, 1, 64) < 0) {
		fail(err, file, e->line, _("bad value for %s: '%s' (expected a whole number from %d to %d)"), k, value,
		    1, 64);
		return -1;
	}
	if (strcmp(k, "connections_per_host") == 0 && parse_range(value, 1, 16) < 0) {
		fail(err, file, e->line, _("bad value for %s: '%s' (expected a whole number from %d to %d)"), k, value,
		    1, 16);
		return -1;
	}
	if (strcmp(k, "max_size") == 0 && parse_size(value, &v) < 0) {
		fail(err, file, e->line, _("bad value for max_size: '%s' (expected bytes, or a number with K, M or G, "
		    "from 1K to 1G)"), value);
		return -1;
	}
	if (strcmp(k, "url") == 0 && url_kind(value) != URL_HTTP) {
		fail(err, file, e->line, _("bad value for url: '%s' (expected an http:// or https:// URL)"), value);
		return -1;
	}
	if (strcmp(k, "path") == 0) {
		return check_location(e, value, file, err);
	}
	if (strcmp(k, "tags") == 0) {
		n = split_tags(value, &tags);
		if (n < 0) {
			fail(err, file, e->line, _("bad value for tags: '%s' (expected words separated by commas or "
			    "blanks)"), value);
			return -1;
		}
		free_tags(tags, (size_t)n);
	}
	return 0;
}

/* Check the value of e; -1 with err set if it is wrong. */
static int
check_entry(const struct entry *e, const char *file, struct nr_err *err)
{
	const char *value = e->value;
	const char *p;
	enum nr_sort sort;
	enum nr_layout layout;
	struct nr_style style;
	char *bad = NULL;
	uint32_t key;
	char *w;

	if (value[0] == '\0') {
		if (e->raw[0] == ';' || e->raw[0] == '#') {
			fail(err, file, e->line, _("value starts with a comment character (quote it, as in \"#\"): '%s'"),
			    e->key);
		} else {
			fail(err, file, e->line, _("no value given: '%s'"), e->key);
		}
		return -1;
	}
	if (strcmp(e->lkey, "ignore") == 0 || (e->sec == SEC_QUERY && strcmp(e->lkey, "filter") == 0)) {
		struct nr_err ferr;
		struct nr_filter *f = nr_filter_parse(value, &ferr);

		if (f == NULL) {
			fail(err, file, e->line, _("bad value for %s: %s"), e->lkey, ferr.msg);
			return -1;
		}
		nr_filter_free(f);
		return 0;
	}
	switch (e->sec) {
	case SEC_QUERY:
		return check_network(e, value, file, err);
	case SEC_GENERAL:
	case SEC_FEED:
		if (strcmp(e->lkey, "sort") == 0 && parse_sort(value, &sort) < 0) {
			fail(err, file, e->line,
			    _("bad value for sort: '%s' (expected newest, oldest, title, source, author or unread)"), value);
			return -1;
		}
		if ((strcmp(e->lkey, "keep_days") == 0 || strcmp(e->lkey, "max_articles") == 0 ||
		    strcmp(e->lkey, "text_width") == 0) &&
		    parse_count(value) < 0) {
			fail(err, file, e->line, _("bad value for %s: '%s' (expected a whole number, 0 for no limit)"),
			    e->lkey, value);
			return -1;
		}
		if (strcmp(e->lkey, "layout") == 0 && parse_layout(value, &layout) < 0) {
			fail(err, file, e->line, _("bad value for layout: '%s' (expected split, vertical or full)"),
			    value);
			return -1;
		}
		if ((strcmp(e->lkey, "mark_read_on_open") == 0 || strcmp(e->lkey, "show_feeds") == 0 ||
		    strcmp(e->lkey, "mouse") == 0 || strcmp(e->lkey, "browser_background") == 0 ||
		    strcmp(e->lkey, "show_read") == 0 || strcmp(e->lkey, "show_read_feeds") == 0 ||
		    strcmp(e->lkey, "search_ignore_accents") == 0 || strcmp(e->lkey, "bidi") == 0 ||
		    (e->sec == SEC_FEED && strcmp(e->lkey, "full_text") == 0)) &&
		    parse_bool(value) < 0) {
			fail(err, file, e->line, _("bad value for %s: '%s' (expected yes or no)"), e->lkey, value);
			return -1;
		}
		return check_network(e, value, file, err);
	case SEC_SOURCES:
		return check_location(e, value, file, err);
	case SEC_SYNC:
		return check_sync(e, value, file, err);
	case SEC_COLORS:
		if (parse_style(value, &style, &bad) < 0) {
			fail(err, file, e->line, _("not a colour or attribute: '%s'"), bad);
			free(bad);
			return -1;
		}
		return 0;
	default:
		break;
	}
	if (is_none(value)) {
		return 0;
	}
	p = value;
	w = next_word(&p);
	if (w == NULL) {
		/* quote = " " would bind nothing, as none does, without a word. */
		fail(err, file, e->line, _("no key name in the value (the space bar is written Space): '%s'"), e->raw);
		return -1;
	}
	do {
		const char *sent = nr_key_unusable(w);

		if (nr_key_parse(w, &key) < 0) {
			fail(err, file, e->line, _("unknown key name: '%s'"), w);
			free(w);
			return -1;
		}
		if (sent != NULL) {
			fail(err, file, e->line, _("the terminal sends this key as %s, so it cannot be bound apart from %s: '%s'"),
			    sent, sent, w);
			free(w);
			return -1;
		}
		free(w);
	} while ((w = next_word(&p)) != NULL);
	return 0;
}

/* The contexts a binding line of section sec applies to. */
static unsigned
entry_contexts(const struct entry *e)
{
	unsigned mask = nr_action_contexts(nr_action_from_name(e->lkey));
	enum nr_context only = section_context(e->sec);

	return only != NR_CTX_COUNT ? mask & (1u << only) : mask;
}

/* Whether the binding line e binds key. */
static int
entry_binds(const struct entry *e, uint32_t key)
{
	const char *p = e->value;
	uint32_t k;
	char *w;
	int found = 0;

	if (is_none(p)) {
		return 0;
	}
	while (!found && (w = next_word(&p)) != NULL) {
		found = nr_key_parse(w, &k) == 0 && k == key;
		free(w);
	}
	return found;
}

/* Two lines of one key section that bind the same key where both apply:
 * the later would silently take the key from the earlier's action (quit
 * = z, then help = z, leaves no quit key). An error naming both lines;
 * another section ([keys.list] over [keys]) may rebind it. */
static int
check_key_clashes(const struct scan *sc, const char *file, struct nr_err *err)
{
	size_t i, j;

	for (i = 0; i < sc->n; i++) {
		const struct entry *e = &sc->v[i];
		const char *p = e->value;
		uint32_t key;
		char *w;

		if (e->sec < SEC_KEYS || e->sec > SEC_KEYS_FEEDS || is_none(p)) {
			continue;
		}
		while ((w = next_word(&p)) != NULL) {
			if (nr_key_parse(w, &key) < 0) {
				free(w);
				continue;
			}
			for (j = 0; j < i; j++) {
				const struct entry *f = &sc->v[j];

				if (f->sec == e->sec && (entry_contexts(f) & entry_contexts(e)) != 0 && entry_binds(f, key)) {
					fail(err, file, e->line, _("%s is bound to %s on line %ld of this section already: '%s'"),
					    w, f->key, f->line, e->key);
					free(w);
					return -1;
				}
			}
			free(w);
		}
	}
	return 0;
}

/* A source from a [sources] line or a [feed NAME] section: an http(s) URL
 * is kept as written, for the network code; anything else is a path,
 * expanded. check_location has refused other schemes. */
static struct nr_source *
add_source(struct nr_config *cfg, const char *label, const char *value, const char *dir, long line)
{
	struct nr_source *src;

	cfg->sources = xreallocarray(cfg->sources, cfg->nsources + 1, sizeof *cfg->sources);
	src = &cfg->sources[cfg->nsources++];
	memset(src, 0, sizeof *src);
	src->is_url = url_kind(value) == URL_HTTP;
	src->path = src->is_url ? xstrdup(value) : nr_path_expand(value, dir);
	src->label = xstrdup(label);
	src->max_articles = -1;
	src->reload = -1;
	src->line = line;
	return src;
}

static void
set_string(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

static const struct nr_source *dup_sources;

/* The length of the scheme and host of an http(s) URL (up to the path,
 * query or fragment), which name the same feed whatever their case, as
 * --add compares them (config/subscribe.c). */
static size_t
url_prefix(const char *url)
{
	const char *p = strstr(url, "://");

	return p == NULL ? 0 : (size_t)(p + 3 - url) + strcspn(p + 3, "/?#");
}

/* Two URLs in the order of the same feed: scheme and host without
 * regard to ASCII case, the rest byte for byte. */
static int
cmp_urls(const char *a, const char *b)
{
	size_t na = url_prefix(a), nb = url_prefix(b), i;

	for (i = 0; i < na && i < nb; i++) {
		int x = ascii_lower((unsigned char)a[i]), y = ascii_lower((unsigned char)b[i]);

		if (x != y) {
			return x < y ? -1 : 1;
		}
	}
	if (na != nb) {
		return na < nb ? -1 : 1;
	}
	return strcmp(a + na, b + nb);
}

static int
cmp_source_index(const void *a, const void *b)
{
	const struct nr_source *x = &dup_sources[*(const size_t *)a], *y = &dup_sources[*(const size_t *)b];
	int c = cmp_urls(x->path, y->path);

	return c != 0 ? c : x->line < y->line ? -1 : x->line > y->line;
}

/* Two sources with the same URL would be one feed in the database, and
 * the second's title, tags and credentials would be silently lost: an
 * error naming the later one's line and the first. Sorted, so that a
 * thousand feeds are not compared pairwise. */
static int
check_duplicates(const struct nr_config *cfg, const char *file, struct nr_err *err)
{
	size_t *idx, i, n = 0;
	int rc = 0;

	idx = xcalloc(cfg->nsources + 1, sizeof *idx);
	for (i = 0; i < cfg->nsources; i++) {
		if (cfg->sources[i].is_url) {
			idx[n++] = i;
		}
	}
	dup_sources = cfg->sources;
	qsort(idx, n, sizeof *idx, cmp_source_index);
	for (i = 1; i < n; i++) {
		const struct nr_source *a = &cfg->sources[idx[i - 1]], *b = &cfg->sources[idx[i]];

		if (cmp_urls(a->path, b->path) == 0) {
			fail(err, file, b->line, _("'%s' has the same url as '%s' (line %ld): '%s'"), b->label, a->label,
			    a->line, b->path);
			rc = -1;
			break;
		}
	}
	dup_sources = NULL;
	free(idx);
	return rc;
}

/* The sources of [feed NAME] sections, in the order of the file. A
 * section needs a url or a path, not both. Each entry knows its section,
 * so two passes over the entries do. */
static int
apply_feeds(struct nr_config *cfg, const struct scan *sc, const char *dir, const char *file, struct nr_err *err)
{
	const char **paths, **urls;
	size_t i, first = cfg->nsources;
	long v;

	if (sc->feeds.n == 0) {
		return 0;
	}
	paths = xcalloc(sc->feeds.n, sizeof *paths);
	urls = xcalloc(sc->feeds.n, sizeof *urls);
	for (i = 0; i < sc->n; i++) {
		const struct entry *e = &sc->v[i];

		if (e->sec == SEC_FEED && strcmp(e->lkey, "path") == 0) {
			paths[e->feed] = e->value;
		} else if (e->sec == SEC_FEED && strcmp(e->lkey, "url") == 0) {
			urls[e->feed] = e->value;
		}
	}
	for (i = 0; i < sc->feeds.n; i++) {
		const struct feed_section *fs = &sc->feeds.v[i];

		if (paths[i] != NULL && urls[i] != NULL) {
			fail(err, file, fs->line, _("[%s] has both a url and a path (give one): '%s'"), fs->secname,
			    fs->label);
			break;
		}
		if (paths[i] == NULL && urls[i] == NULL) {
			fail(err, file, fs->line, _("[%s] has no url or path: '%s'"), fs->secname, fs->label);
			break;
		}
		add_source(cfg, fs->label, urls[i] != NULL ? urls[i] : paths[i], dir, fs->line);
	}
	free(paths);
	free(urls);
	if (i < sc->feeds.n) {
		return -1;
	}
	for (i = 0; i < sc->n; i++) {
		const struct entry *f = &sc->v[i];
		struct nr_source *src;

		if (f->sec != SEC_FEED) {
			continue;
		}
		src = &cfg->sources[first + f->feed];
		if (strcmp(f->lkey, "title") == 0) {
			set_string(&src->title, f->value);
		} else if (strcmp(f->lkey, "max_articles") == 0) {
			src->max_articles = parse_count(f->value);
		} else if (strcmp(f->lkey, "reload") == 0 && parse_duration(f->value, 60, MAX_RELOAD, &v) == 0) {
			src->reload = v;
		} else if (strcmp(f->lkey, "user_agent") == 0) {
			set_string(&src->user_agent, f->value);
		} else if (strcmp(f->lkey, "username") == 0) {
			set_string(&src->username, f->value);
		} else if (strcmp(f->lkey, "password_command") == 0) {
			set_string(&src->password_command, f->value);
		} else if (strcmp(f->lkey, "full_text") == 0) {
			src->full_text = parse_bool(f->value) == 1;
		} else if (strcmp(f->lkey, "tags") == 0) {
			long n = split_tags(f->value, &src->tags);

			src->ntags = n > 0 ? (size_t)n : 0;
		} else if (strcmp(f->lkey, "ignore") == 0) {
			nr_filter_free(src->ignore);
			src->ignore = nr_filter_parse(f->value, NULL);
		}
	}
	return 0;
}

/* The [query NAME] sections, in the order of the file: each needs a
 * filter (checked already). */
static int
apply_queries(struct nr_config *cfg, const struct scan *sc, const char *file, struct nr_err *err)
{
	size_t i;

	if (sc->queries.n == 0) {
		return 0;
	}
	cfg->queries = xcalloc(sc->queries.n, sizeof *cfg->queries);
	cfg->nqueries = sc->queries.n;
	for (i = 0; i < sc->queries.n; i++) {
		cfg->queries[i].label = xstrdup(sc->queries.v[i].label);
		cfg->queries[i].line = sc->queries.v[i].line;
	}
	for (i = 0; i < sc->n; i++) {
		const struct entry *e = &sc->v[i];
		struct nr_query *q = &cfg->queries[e->feed];

		if (e->sec != SEC_QUERY) {
			continue;
		}
		if (strcmp(e->lkey, "filter") == 0) {
			nr_filter_free(q->filter);
			q->filter = nr_filter_parse(e->value, NULL);
		} else if (strcmp(e->lkey, "tags") == 0) {
			long n = split_tags(e->value, &q->tags);

			q->ntags = n > 0 ? (size_t)n : 0;
		}
	}
	for (i = 0; i < cfg->nqueries; i++) {
		if (cfg->queries[i].filter == NULL) {
			fail(err, file, cfg->queries[i].line, _("[%s] has no filter: '%s'"), sc->queries.v[i].secname,
			    cfg->queries[i].label);
			return -1;
		}
	}
	return 0;
}

/* [general]'s network and browser settings, already checked. */
static void
apply_general(struct nr_config *cfg, const struct entry *e, const char *value)
{
	const char *k = e->lkey;
	long v;

	if (strcmp(k, "browser") == 0) {
		set_string(&cfg->browser, value);
	} else if (strcmp(k, "browser_background") == 0) {
		cfg->browser_background = parse_bool(value);
	} else if (strcmp(k, "reload") == 0 && parse_duration(value, 60, MAX_RELOAD, &v) == 0) {
		cfg->reload = v;
	} else if (strcmp(k, "max_connections") == 0) {
		cfg->max_connections = (int)parse_count(value);
	} else if (strcmp(k, "connections_per_host") == 0) {
		cfg->connections_per_host = (int)parse_count(value);
	} else if (strcmp(k, "connect_timeout") == 0 && parse_duration(value, 1, MAX_TIMEOUT, &v) == 0) {
		cfg->connect_timeout = v;
	} else if (strcmp(k, "timeout") == 0 && parse_duration(value, 1, MAX_TIMEOUT, &v) == 0) {
		cfg->timeout = v;
	} else if (strcmp(k, "max_size") == 0 && parse_size(value, &v) == 0) {
		cfg->max_size = v;
	} else if (strcmp(k, "user_agent") == 0) {
		set_string(&cfg->user_agent, value);
	} else if (strcmp(k, "show_read") == 0) {
		cfg->show_read = parse_bool(value);
	} else if (strcmp(k, "show_read_feeds") == 0) {
		cfg->show_read_feeds = parse_bool(value);
	} else if (strcmp(k, "text_width") == 0) {
		v = parse_count(value);
		cfg->text_width = v > NR_MAX_TEXT_WIDTH ? NR_MAX_TEXT_WIDTH : (int)v;
	}
}

/* Apply the bindings of e, already checked, to the contexts it is for:
 * every context of the action for [keys], the one named for [keys.<ctx>].
 * The keys replace the action's bindings there; each key leaves whatever
 * it did before. */
static int
apply_keys(struct nr_config *cfg, const struct entry *e, const char *file, struct nr_err *err)
{
	enum nr_action act = nr_action_from_name(e->lkey);
	const char *value = e->value;
	unsigned mask = nr_action_contexts(act);
	enum nr_context only = section_context(e->sec);
	int none = is_none(value);
	const char *p;
	uint32_t key;
	char *w;
	int ctx;

	if (only != NR_CTX_COUNT) {
		mask &= 1u << only;
	}
	for (ctx = 0; ctx < NR_CTX_COUNT; ctx++) {
		struct nr_keymap *map = &cfg->keys[ctx];

		if ((mask & (1u << ctx)) == 0) {
			continue;
		}
		nr_keymap_clear_action(map, act);
		if (none) {
			continue;
		}
		p = value;
		while ((w = next_word(&p)) != NULL) {
			if (nr_key_parse(w, &key) < 0) {
				/* check_entry has ruled this out. */
				free(w);
				continue;
			}
			if (nr_keymap_lookup(map, key) == NR_ACT_NONE && map->n == NR_KEYMAP_MAX) {
				fail(err, file, e->line, _("too many key bindings in the %s context: '%s'"),
				    nr_context_name((enum nr_context)ctx), w);
				free(w);
				return -1;
			}
			nr_keymap_bind(map, key, act);
			free(w);
		}
	}
	return 0;
}

/* One value of [sync] (checked by check_sync). */
static void
apply_sync(struct nr_sync_config *sync, const struct entry *e, const char *value)
{
	char **slot = NULL;
	long v;

	if (strcmp(e->lkey, "service") == 0) {
		slot = &sync->service;
	} else if (strcmp(e->lkey, "url") == 0) {
		slot = &sync->url;
	} else if (strcmp(e->lkey, "username") == 0) {
		slot = &sync->username;
	} else if (strcmp(e->lkey, "password_command") == 0) {
		slot = &sync->password_command;
	} else if (strcmp(e->lkey, "interval") == 0 && parse_duration(value, 60, MAX_RELOAD, &v) == 0) {
		sync->interval = v;
	}
	if (slot != NULL) {
		free(*slot);
		*slot = xstrdup(value);
	}
}

/* A [sync] section names its service, server and user, or is not there. */
static int
check_sync_section(const struct nr_config *cfg, const struct scan *sc, const char *file, struct nr_err *err)
{
	const struct nr_sync_config *sync = &cfg->sync;
	long line = 0;
	size_t i;

	for (i = 0; i < sc->n; i++) {
		if (sc->v[i].sec == SEC_SYNC) {
			line = sc->v[i].line;
			break;
		}
	}
	if (line == 0) {
		return 0;
	}
	if (sync->service == NULL || sync->url == NULL || sync->username == NULL) {
		fail(err, file, line, _("[sync] needs service, url and username: '%s'"),
		    sync->service == NULL ? "service" : sync->url == NULL ? "url" : "username");
		return -1;
	}
	return 0;
}

/* Build cfg (set to the defaults) from the scanned entries and iniparser's
 * values. */
static int
apply(struct nr_config *cfg, const struct scan *sc, const char *path, struct nr_err *err)
{
	char *dir = nr_path_dirname(path);
	enum nr_sort sort;
	char *bad = NULL;
	size_t i;
	int round, c;

	for (i = 0; i < sc->n; i++) {
		const struct entry *e = &sc->v[i];
		const char *value = e->value;

		if (e->sec == SEC_GENERAL && strcmp(e->lkey, "date_format") == 0) {
			free(cfg->date_format);
			cfg->date_format = xstrdup(value);
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "sort") == 0 && parse_sort(value, &sort) == 0) {
			cfg->sort = sort;
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "keep_days") == 0) {
			cfg->keep_days = (int)parse_count(value);
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "max_articles") == 0) {
			cfg->max_articles = parse_count(value);
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "layout") == 0) {
			parse_layout(value, &cfg->layout);
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "mark_read_on_open") == 0) {
			cfg->mark_read_on_open = parse_bool(value);
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "show_feeds") == 0) {
			cfg->show_feeds = parse_bool(value);
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "mouse") == 0) {
			cfg->mouse = parse_bool(value);
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "search_ignore_accents") == 0) {
			cfg->search_ignore_accents = parse_bool(value);
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "bidi") == 0) {
			cfg->bidi = parse_bool(value);
		} else if (e->sec == SEC_GENERAL && strcmp(e->lkey, "ignore") == 0) {
			nr_filter_free(cfg->ignore);
			cfg->ignore = nr_filter_parse(value, NULL);
		} else if (e->sec == SEC_GENERAL) {
			apply_general(cfg, e, value);
		} else if (e->sec == SEC_SOURCES) {
			add_source(cfg, e->key, value, dir, e->line);
		} else if (e->sec == SEC_SYNC) {
			apply_sync(&cfg->sync, e, value);
		} else if (e->sec == SEC_COLORS) {
			for (c = 0; c < NR_COLOR_COUNT; c++) {
				if (strcmp(e->lkey, color_element_names[c]) == 0 &&
				    parse_style(value, &cfg->colors[c], &bad) < 0) {
					free(bad);
					bad = NULL;
				}
			}
		}
	}
	if (apply_feeds(cfg, sc, dir, path, err) < 0 || check_duplicates(cfg, path, err) < 0 ||
	    check_sync_section(cfg, sc, path, err) < 0 || apply_queries(cfg, sc, path, err) < 0) {
		free(dir);
		return -1;
	}
	free(dir);
	if (check_key_clashes(sc, path, err) < 0) {
		return -1;
	}
	/* [keys] first, wherever it is in the file, so that [keys.<ctx>]
	 * overrides it for its context. */
	for (round = 0; round < 2; round++) {
		for (i = 0; i < sc->n; i++) {
			const struct entry *e = &sc->v[i];

			if (e->sec < SEC_KEYS || e->sec > SEC_KEYS_FEEDS || (round == 0) != (e->sec == SEC_KEYS)) {
				continue;
			}
			if (apply_keys(cfg, e, path, err) < 0) {
				return -1;
			}
		}
	}
	return 0;
}

/* iniparser reports syntax errors on stderr by itself; the scanner has
 * already found them, with better words, and library code never prints. */
static int
ini_quiet(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* Whether the dictionary's key is secname:lkey. */
static int
is_entry_key(const char *key, const struct entry *e)
{
	size_t n = strlen(e->secname);

	return strncmp(key, e->secname, n) == 0 && key[n] == ':' && strcmp(key + n + 1, e->lkey) == 0;
}

/* iniparser's values of v[0..n), which the file name holds, in order
 * under their sections' headers. They are walked in the dictionary's
 * order, which is the order of the file (it only appends, as nothing is
 * removed), skipping the sections' own entries (which have no value); a
 * look-up by name serves where the two part (a name that came out of
 * iniparser otherwise, or a line the scanner did not keep). */
static int
read_chunk(const char *name, struct entry *v, size_t n)
{
	dictionary *d = iniparser_load(name);
	size_t i;
	int j = 0;

	if (d == NULL) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *value;

		while (j < d->n && d->key[j] != NULL && d->val[j] == NULL) {
			j++;
		}
		if (j < d->n && d->key[j] != NULL && is_entry_key(d->key[j], &v[i])) {
			value = d->val[j++];
		} else {
			char *full = xasprintf("%s:%s", v[i].secname, v[i].lkey);

			value = iniparser_getstring(d, full, NULL);
			free(full);
		}
		free(v[i].value);
		v[i].value = xstrdup(value != NULL ? value : "");
	}
	iniparser_freedict(d);
	return 0;
}

/* Entries handed to iniparser at a time. Its dictionary finds a key by
 * comparing it with every one before (as it adds each line too), so a
 * whole file of 20,000 feeds took it 2.4 s; in pieces of this size the
 * time grows with the size of the file, 20,000 feeds in about 0.1 s. */
#define CHUNK_ENTRIES 256

/* Fill in the value of every entry the scanner kept, as iniparser reads
 * it. iniparser is given the lines the scanner accepted, rewritten as
 * name=value under their section ("[feed x]"): the same line for it, as
 * it trims both sides of the = and of the line (the scanner has checked
 * that no line joins the next and that every quote is closed), at most as
 * long, and without a byte order mark (which it would read as part of
 * the first line); the pieces go through one unlinked temporary file, by
 * its /dev/fd name, as iniparser reads only a named file. Where that
 * cannot be had (no /tmp to write, no /dev/fd), iniparser reads the file
 * at path whole, in time that grows with the square of its size. -1 if
 * that fails too. */
static int
read_values(struct scan *sc, const char *path)
{
	FILE *tmp = sc->n > 0 ? tmpfile() : NULL;
	char name[64];
	size_t first, i, last;
	int rc = 0;

	if (tmp == NULL) {
		return sc->n == 0 ? 0 : read_chunk(path, sc->v, sc->n);
	}
	snprintf(name, sizeof name, "/dev/fd/%d", fileno(tmp));
	iniparser_set_error_callback(ini_quiet);
	for (first = 0; first < sc->n && rc == 0; first = last) {
		const char *sec = NULL;

		last = first + CHUNK_ENTRIES < sc->n ? first + CHUNK_ENTRIES : sc->n;
		rewind(tmp);
		if (ftruncate(fileno(tmp), 0) < 0) {
			rc = -1;
			break;
		}
		for (i = first; i < last; i++) {
			const struct entry *e = &sc->v[i];

			if (sec == NULL || strcmp(sec, e->secname) != 0) {
				fprintf(tmp, "[%s]\n", e->secname);
				sec = e->secname;
			}
			fprintf(tmp, "%s=%s\n", e->key, e->raw);
		}
		if (fflush(tmp) != 0 || ferror(tmp)) {
			rc = -1;
			break;
		}
		rewind(tmp);
		rc = read_chunk(name, &sc->v[first], last - first);
	}
	fclose(tmp);
	return rc == 0 ? 0 : read_chunk(path, sc->v, sc->n);
}

/* max_articles unless set: the articles kept of each feed. Far above what
 * a feed carries (tens to hundreds of articles; 10,000 is over half a year
 * of a feed of 50 a day), and a bound on what one broken or hostile feed
 * costs: a million-item answer stores 10,000 rows, not a million, and a
 * feed whose ids change with every fetch stays at that many. */
#define DEFAULT_MAX_ARTICLES 10000

void
nr_config_defaults(struct nr_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->date_format = xstrdup("%Y-%m-%d %H:%M");
	cfg->sort = NR_SORT_NEWEST;
	cfg->layout = NR_LAYOUT_SPLIT;
	cfg->mark_read_on_open = 1;
	cfg->show_feeds = 0;
	cfg->mouse = 1;
	cfg->show_read = 1;
	cfg->show_read_feeds = 1;
	cfg->reload = NR_DEFAULT_RELOAD;
	cfg->max_connections = NR_DEFAULT_MAX_CONNECTIONS;
	cfg->connections_per_host = NR_DEFAULT_CONNECTIONS_PER_HOST;
	cfg->connect_timeout = NR_DEFAULT_CONNECT_TIMEOUT;
	cfg->timeout = NR_DEFAULT_TIMEOUT;
	cfg->max_size = NR_DEFAULT_MAX_SIZE;
	cfg->sync.interval = -1;
	cfg->max_articles = DEFAULT_MAX_ARTICLES;
	nr_keymap_defaults(cfg->keys);
}

int
nr_config_load(struct nr_config *cfg, const char *path, int must_exist, struct nr_err *err)
{
	struct scan sc;
	struct nr_config next;
	struct nr_err open_err;
	FILE *fp;
	size_t i;
	int rc = -1;

	if (path == NULL || path[0] == '\0') {
		if (must_exist) {
			fail(err, path != NULL ? path : "", 0, _("cannot read: %s"), strerror(ENOENT));
			goto reset;
		}
		return 0;
	}
	/* A regular file only, checked before iniparser opens it too: a
	 * FIFO would hang and /dev/zero grow without end. */
	fp = nr_file_open(path, MAX_FILE_SIZE, &open_err);
	if (fp == NULL) {
		struct stat sb;
		int e = errno;

		if (e == ENOENT && !must_exist) {
			return 0;
		}
		if (e == EINVAL && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			fail(err, path, 0, _("cannot read: %s"), strerror(EISDIR));
		} else if (err != NULL) {
			*err = open_err;
			err->code = NR_ERR_CONFIG;
			err->line = 0;
		}
		goto reset;
	}
	memset(&sc, 0, sizeof sc);
	sc.file = path;
	if (scan_file(fp, &sc) < 0) {
		fail(err, path, 0, _("cannot read: %s"), strerror(errno));
		fclose(fp);
		scan_free(&sc);
		goto reset;
	}
	fclose(fp);

	if (read_values(&sc, path) < 0) {
		/* iniparser could not read the file: the scanner rejects
		 * every line it fails on, so this is the scanner's error, or
		 * a file changed in between. */
		if (sc.err_line != 0 && err != NULL) {
			*err = sc.err;
		} else if (sc.err_line == 0) {
			fail(err, path, 0, _("cannot read: %s"), _("not an INI file"));
		}
		scan_free(&sc);
		goto reset;
	}
	/* Values are checked in file order up to the scanner's first error,
	 * so the error reported is the first in the file. */
	for (i = 0; i < sc.n; i++) {
		if (sc.err_line != 0 && sc.v[i].line > sc.err_line) {
			break;
		}
		if (check_entry(&sc.v[i], path, err) < 0) {
			goto out;
		}
	}
	if (sc.err_line != 0) {
		if (err != NULL) {
			*err = sc.err;
		}
		goto out;
	}
	nr_config_defaults(&next);
	if (apply(&next, &sc, path, err) < 0) {
		nr_config_free(&next);
		goto out;
	}
	next.path = xstrdup(path);
	nr_config_free(cfg);
	*cfg = next;
	rc = 0;
out:
	scan_free(&sc);
	if (rc == 0) {
		return 0;
	}
reset:
	/* Nothing of a file with an error is used. */
	nr_config_free(cfg);
	nr_config_defaults(cfg);
	return -1;
}

void
nr_config_free(struct nr_config *cfg)
{
	size_t i;

	if (cfg == NULL) {
		return;
	}
	for (i = 0; i < cfg->nsources; i++) {
		struct nr_source *src = &cfg->sources[i];

		free(src->path);
		free(src->label);
		free(src->title);
		free_tags(src->tags, src->ntags);
		free(src->user_agent);
		free(src->username);
		free(src->password_command);
		nr_filter_free(src->ignore);
	}
	free(cfg->sources);
	for (i = 0; i < cfg->nqueries; i++) {
		free(cfg->queries[i].label);
		nr_filter_free(cfg->queries[i].filter);
		free_tags(cfg->queries[i].tags, cfg->queries[i].ntags);
	}
	free(cfg->queries);
	cfg->queries = NULL;
	cfg->nqueries = 0;
	nr_filter_free(cfg->ignore);
	cfg->ignore = NULL;
	free(cfg->sync.service);
	free(cfg->sync.url);
	free(cfg->sync.username);
	free(cfg->sync.password_command);
	memset(&cfg->sync, 0, sizeof cfg->sync);
	cfg->sync.interval = -1;
	free(cfg->path);
	free(cfg->date_format);
	free(cfg->browser);
	free(cfg->user_agent);
	cfg->sources = NULL;
	cfg->nsources = 0;
	cfg->path = NULL;
	cfg->date_format = NULL;
	cfg->browser = NULL;
	cfg->user_agent = NULL;
}

const char *
nr_sort_name(enum nr_sort sort)
{
	if ((int)sort < 0 || (size_t)sort >= sizeof sort_names / sizeof sort_names[0]) {
		return sort_names[NR_SORT_NEWEST];
	}
	return sort_names[sort];
}

const char *
nr_layout_name(enum nr_layout layout)
{
	if ((int)layout < 0 || layout >= NR_LAYOUT_COUNT) {
		return layout_names[NR_LAYOUT_SPLIT];
	}
	return layout_names[layout];
}

const char *
nr_color_element_name(enum nr_color_element el)
{
	if ((int)el < 0 || el >= NR_COLOR_COUNT) {
		return "";
	}
	return color_element_names[el];
}
