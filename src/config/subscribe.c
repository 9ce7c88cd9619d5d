#include "config.h"

/*
 * Subscribing appends text to the user's file; it never writes the file
 * back from what was parsed, so comments, order, blank lines and the
 * spelling of every value stay as the user left them.
 *
 * Values go through iniparser 4.1 on the way back in (see config.c for
 * its rules), so each is written in a form it reads back unchanged:
 * unquoted when it holds no ; or # (which would start a comment), does
 * not start with a quote (iniparser would take it as quoted) and does not
 * end with a backslash (which joins lines); else in double quotes, or in
 * single quotes if it holds a double quote (there are no escapes). A title
 * or tag that needs quotes and holds both kinds has its double quotes
 * turned into typographic ones; a URL like that is refused. Titles are
 * made one line first (a newline in a value cannot be written at all),
 * and lines are kept under iniparser's limit.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/settings.h"
#include "config/subscribe.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "util/file.h"
#include "util/path.h"
#include "util/utf8.h"

/* iniparser's line limit (config.c's MAX_LINE), less room for the key. */
#define MAX_VALUE 1000
/* Titles are cut well before that: a name for a list, not an article. */
#define MAX_TITLE 300
#define MAX_NAME 40
/* A config file is read whole before it is rewritten; no real one comes
 * near this. */
#define MAX_CONFIG_SIZE ((size_t)16 * 1024 * 1024)

static void fail(struct nr_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Messages quote file names and URLs from the user or an OPML file: made
 * safe for the terminal as a whole. */
static void
fail(struct nr_err *err, const char *fmt, ...)
{
	char text[sizeof err->msg];
	char *clean;
	va_list ap;

	if (err == NULL) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	clean = nr_utf8_sanitize(text, strlen(text), 0);
	nr_err_set(err, NR_ERR_CONFIG, "%s", clean);
	free(clean);
}

/* The length of the scheme and host part of an http(s) URL ("https://Host:8080"),
 * or 0 if url is not one: http:// or https:// (any case), a host, and no
 * blank or control character anywhere. config.c reads url values by the
 * same rule. */
static char *ini_value(const char *v);

static size_t
http_prefix(const char *url)
{
	const char *p;
	size_t skip;

	if (strncasecmp(url, "http://", 7) == 0) {
		skip = 7;
	} else if (strncasecmp(url, "https://", 8) == 0) {
		skip = 8;
	} else {
		return 0;
	}
	p = url + skip;
	if (*p == '\0' || *p == '/' || *p == '?' || *p == '#') {
		return 0;
	}
	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			return 0;
		}
	}
	return skip + strcspn(url + skip, "/?#");
}

int
nr_subscribe_url_ok(const char *url)
{
	return url != NULL && http_prefix(url) > 0;
}

int
nr_subscribe_url_writable(const char *url)
{
	char *v;
	int ok;

	if (!nr_subscribe_url_ok(url)) {
		return 0;
	}
	v = ini_value(url);
	ok = v != NULL && strlen(v) <= MAX_VALUE;
	free(v);
	return ok;
}

/* A key for the map of URLs: two URLs name the same feed when their
 * scheme and host are the same without regard to case and the rest byte
 * for byte, and then they have the same key. */
static char *
url_key(const char *url)
{
	size_t n = http_prefix(url), i;
	char *k = xstrdup(url);

	for (i = 0; i < n; i++) {
		if (k[i] >= 'A' && k[i] <= 'Z') {
			k[i] = (char)(k[i] - 'A' + 'a');
		}
	}
	return k;
}

/* A key for the map of section names, which are compared without regard
 * to case. */
static char *
name_key(const char *name)
{
	char *k = xstrdup(name), *p;

	for (p = k; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			*p = (char)(*p - 'A' + 'a');
		}
	}
	return k;
}

static int
needs_quotes(const char *v)
{
	size_t n = strlen(v);

	return strpbrk(v, ";#") != NULL || v[0] == '"' || v[0] == '\'' || (n > 0 && v[n - 1] == '\\');
}

/* v as an INI value iniparser reads back as v, or NULL if there is none. */
static char *
ini_value(const char *v)
{
	if (!needs_quotes(v)) {
		return xstrdup(v);
	}
	if (strchr(v, '"') == NULL) {
		return xasprintf("\"%s\"", v);
	}
	if (strchr(v, '\'') == NULL) {
		return xasprintf("'%s'", v);
	}
	return NULL;
}

/* s with its double quotes made typographic: opening, closing, in turn. */
static char *
typographic(const char *s)
{
	struct nr_buf b = NR_BUF_INIT;
	int open = 1;

	for (; *s != '\0'; s++) {
		if (*s == '"') {
			nr_buf_adds(&b, open ? "\xe2\x80\x9c" : "\xe2\x80\x9d");
			open = !open;
		} else {
			nr_buf_addc(&b, *s);
		}
	}
	return nr_buf_steal(&b);
}

/* s, or if it could not be written otherwise, s with typographic quotes. */
static char *
writable_text(const char *s)
{
	char *v = ini_value(s);

	if (v != NULL) {
		free(v);
		return xstrdup(s);
	}
	return typographic(s);
}

/* s cut to at most max bytes, between characters. */
static void
cut_utf8(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		return;
	}
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) {
		n--;
	}
	while (n > 0 && s[n - 1] == ' ') {
		n--;
	}
	s[n] = '\0';
}

/* A title as it will be written: one line, no control characters, not
 * too long, writable; NULL if nothing is left. */
static char *
clean_title(const char *title)
{
	char *s, *w;

	if (title == NULL) {
		return NULL;
	}
	s = nr_utf8_sanitize(title, strlen(title), NR_SAN_COLLAPSE);
	cut_utf8(s, MAX_TITLE);
	w = writable_text(s);
	free(s);
	if (w[0] == '\0') {
		free(w);
		return NULL;
	}
	return w;
}

/* The tags as one tags value: each tag one word (blanks and commas, which
 * separate tags in the file, become '-'; double quotes typographic ones,
 * so that the value can always be quoted), no duplicates, ", " between
 * them, short enough; NULL if there are none. */
static char *
tags_value(char *const *tags, size_t ntags)
{
	struct nr_buf b = NR_BUF_INIT;
	char **words = NULL;
	size_t nwords = 0, i, j;

	for (i = 0; i < ntags; i++) {
		char *t, *s, *p;

		if (b.len + 3 > MAX_VALUE - 8) {
			/* Full: no tag fits any more (an outline may have
			 * 200,000). */
			break;
		}
		t = nr_utf8_sanitize(tags[i], strlen(tags[i]), NR_SAN_COLLAPSE);

		for (p = t; *p != '\0'; p++) {
			if (*p == ' ' || *p == ',') {
				*p = '-';
			}
		}
		s = strchr(t, '"') != NULL ? typographic(t) : xstrdup(t);
		free(t);
		for (j = 0; j < nwords && strcmp(words[j], s) != 0; j++) {
		}
		if (s[0] == '\0' || j < nwords || b.len + strlen(s) + 2 > MAX_VALUE - 8) {
			free(s);
			continue;
		}
		words = xreallocarray(words, nwords + 1, sizeof *words);
		words[nwords++] = s;
		if (b.len > 0) {
			nr_buf_adds(&b, ", ");
		}
		nr_buf_adds(&b, s);
	}
	for (i = 0; i < nwords; i++) {
		free(words[i]);
	}
	free(words);
	if (b.len == 0) {
		nr_buf_free(&b);
		return NULL;
	}
	return nr_buf_steal(&b);
}

/* Lower-case ASCII letters for Latin letters with diacritics, U+00C0 to
 * U+017F ('-' for the two signs among them), so that a title in Albanian,
 * German or Polish still gives a readable name. */
static const char latin[] =
    "aaaaaaaceeeeiiii" "dnooooo-ouuuuyts" "aaaaaaaceeeeiiii" "dnooooo-ouuuuyty"
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "iiiijjkkklllllll"
    "lllnnnnnnnnnoooo" "oooorrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

/* s as a section name: lower-case ASCII letters and digits, words joined
 * with '-', at most MAX_NAME bytes; "" if nothing is left. */
static char *
slug(const char *s)
{
	struct nr_buf b = NR_BUF_INIT;
	size_t n = strlen(s), i = 0;
	int dash = 0;

	while (i < n && b.len < MAX_NAME) {
		uint32_t cp;
		char c = 0;

		i += nr_utf8_decode(s + i, n - i, &cp);
		if (cp >= 'A' && cp <= 'Z') {
			c = (char)(cp - 'A' + 'a');
		} else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
			c = (char)cp;
		} else if (cp >= 0xc0 && cp <= 0x17f && latin[cp - 0xc0] != '-') {
			c = latin[cp - 0xc0];
		} else if (cp == '\'' || cp == 0x2019) {
			/* "Reader's Digest": one word. */
			continue;
		}
		if (c == 0) {
			dash = b.len > 0;
			continue;
		}
		if (dash) {
			nr_buf_addc(&b, '-');
			dash = 0;
		}
		nr_buf_addc(&b, c);
	}
	while (b.len > 0 && b.data[b.len - 1] == '-') {
		b.data[--b.len] = '\0';
	}
	return nr_buf_steal(&b);
}

/* The host of an http(s) URL, without user, port and a leading "www.". */
static char *
url_host(const char *url)
{
	const char *p = strstr(url, "://") + 3;
	size_t n = http_prefix(url) - (size_t)(p - url);
	const char *at = memchr(p, '@', n);
	char *host;

	if (at != NULL) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	host = xstrndup(p, n);
	/* The port goes; an IPv6 address keeps its colons. */
	host[host[0] == '[' ? strcspn(host, "]") : strcspn(host, ":")] = '\0';
	if (strncasecmp(host, "www.", 4) == 0 && host[4] != '\0') {
		memmove(host, host + 4, strlen(host + 4) + 1);
	}
	return host;
}

struct pending {
	const struct nr_subscription *sub;
	char *name;
	char *url;      /* as an INI value */
	char *title;    /* as it will read back, or NULL */
	char *tags;     /* as it will read back, or NULL */
};

/* The section names taken (as name_key), and for each base name the
 * number to try next: 4,000 feeds with one title cost 4,000 look-ups, not
 * 4,000 squared. */
struct names {
	struct nr_strmap taken;
	struct nr_strmap next;
};

static int
name_taken(struct names *nm, const char *name)
{
	char *k = name_key(name);
	int taken = nr_strmap_get(&nm->taken, k, NULL);

	free(k);
	return taken;
}

static void
take_name(struct names *nm, const char *name)
{
	char *k = name_key(name);

	nr_strmap_put(&nm->taken, k, 0);
	free(k);
}

/* A name for the section: the title's, else the host's, made unique with
 * -2, -3, ... */
static char *
section_name(const char *title, const char *url, struct names *nm)
{
	char *base = title != NULL ? slug(title) : xstrdup("");
	char *name;
	size_t k = 2;

	if (base[0] == '\0') {
		char *host = url_host(url);

		free(base);
		base = slug(host);
		free(host);
	}
	if (base[0] == '\0') {
		free(base);
		base = xstrdup("feed");
	}
	name = xstrdup(base);
	if (name_taken(nm, name)) {
		nr_strmap_get(&nm->next, base, &k);
		do {
			free(name);
			name = xasprintf("%s-%zu", base, k++);
		} while (name_taken(nm, name));
		nr_strmap_put(&nm->next, base, k);
	}
	take_name(nm, name);
	free(base);
	return name;
}

static void
free_pending(struct pending *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].url);
		free(p[i].title);
		free(p[i].tags);
	}
	free(p);
}

/* The whole file into b, its permissions into *mode; *exists 0 if there
 * is none. */
static int
read_all(const char *path, struct nr_buf *b, int *exists, mode_t *mode, struct nr_err *err)
{
	struct stat sb;
	size_t len = 0;
	char *data;

	*exists = 0;
	if (stat(path, &sb) < 0) {
		if (errno == ENOENT) {
			return 0;
		}
		fail(err, _("%s: cannot read: %s"), path, strerror(errno));
		return -1;
	}
	data = nr_file_read(path, MAX_CONFIG_SIZE, &len, err);
	if (data == NULL) {
		return -1;
	}
	*exists = 1;
	*mode = sb.st_mode & 07777;
	nr_buf_add(b, data, len);
	free(data);
	return 0;
}

static int
write_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t put = write(fd, data, n);

		if (put < 0 && errno == EINTR) {
			continue;
		}
		if (put < 0) {
			return -1;
		}
		data += put;
		n -= (size_t)put;
	}
	return 0;
}

/* The folder and the ones above it, private, as the XDG spec asks. */
static int
make_dirs(const char *dir, struct nr_err *err)
{
	char *p = xstrdup(dir);
	char *s;
	struct stat sb;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				fail(err, _("%s: cannot create the folder: %s"), p, strerror(errno));
				free(p);
				return -1;
			}
			*s = c;
			if (c == '\0') {
				break;
			}
		}
	}
	if (stat(p, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		fail(err, _("%s: cannot create the folder: %s"), p, strerror(errno != 0 ? errno : ENOTDIR));
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

/* The file to write: the one path names, through symlinks (the link is
 * kept, the file it points to replaced). */
static char *
target_of(const char *path, struct nr_err *err)
{
	struct stat sb;
	char *real;

	if (lstat(path, &sb) < 0 || !S_ISLNK(sb.st_mode)) {
		return xstrdup(path);
	}
	real = realpath(path, NULL);
	if (real == NULL && errno == ENOENT) {
		/* A link to a file not there yet: that file is written, as
		 * exports write through such links. */
		real = nr_path_follow(path);
	}
	if (real == NULL) {
		fail(err, _("%s: cannot follow the symbolic link: %s"), path, strerror(errno));
		return NULL;
	}
	return real;
}

/* Keep the current file as FILE.bak: a hard link, else a copy. */
static int
keep_backup(const char *real, const struct nr_buf *old, mode_t mode, struct nr_err *err)
{
	char *bak = xasprintf("%s.bak", real);
	int fd;

	if (unlink(bak) < 0 && errno != ENOENT) {
		fail(err, _("%s: cannot replace the backup: %s"), bak, strerror(errno));
		free(bak);
		return -1;
	}
	if (link(real, bak) == 0) {
		free(bak);
		return 0;
	}
	fd = open(bak, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0 || write_all(fd, nr_buf_str(old), old->len) < 0 || fsync(fd) < 0) {
		fail(err, _("%s: cannot write the backup: %s"), bak, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(bak);
		}
		free(bak);
		return -1;
	}
	close(fd);
	free(bak);
	return 0;
}

/* The new sections as text. */
static void
append_sections(struct nr_buf *b, const struct nr_buf *old, const struct pending *p, size_t n)
{
	const char *text = nr_buf_str(old);
	const char *nl = memchr(text, '\n', old->len);
	/* A file written with CRLF line ends goes on with them. */
	const char *eol = nl != NULL && nl > text && nl[-1] == '\r' ? "\r\n" : "\n";
	size_t i;

	if (old->len > 0) {
		if (text[old->len - 1] != '\n') {
			nr_buf_adds(b, eol);
		}
		nr_buf_adds(b, eol);
	}
	for (i = 0; i < n; i++) {
		char *v;

		if (i > 0) {
			nr_buf_adds(b, eol);
		}
		nr_buf_printf(b, "[feed %s]%s", p[i].name, eol);
		nr_buf_printf(b, "url = %s%s", p[i].url, eol);
		if (p[i].title != NULL) {
			v = ini_value(p[i].title);
			nr_buf_printf(b, "title = %s%s", v, eol);
			free(v);
		}
		if (p[i].tags != NULL) {
			v = ini_value(p[i].tags);
			nr_buf_printf(b, "tags = %s%s", v, eol);
			free(v);
		}
	}
}

/* The written file, loaded as the program will load it, must hold each
 * new feed as meant. */
static int
verify(const char *tmp, const char *real, const struct pending *p, size_t n, struct nr_err *err)
{
	struct nr_config check;
	struct nr_strmap labels = NR_STRMAP_INIT;
	struct nr_err e;
	size_t i, j;
	int rc = 0;

	nr_config_defaults(&check);
	if (nr_config_load(&check, tmp, 1, &e) < 0) {
		fail(err, _("%s: the new sections would not load (%s); nothing written"), real, e.msg);
		nr_config_free(&check);
		return -1;
	}
	/* The last section of a name is the one that counts. */
	for (j = 0; j < check.nsources; j++) {
		nr_strmap_put(&labels, check.sources[j].label, j);
	}
	for (i = 0; i < n && rc == 0; i++) {
		const struct nr_source *src = NULL;

		if (nr_strmap_get(&labels, p[i].name, &j)) {
			src = &check.sources[j];
		}
		if (src == NULL || !src->is_url || strcmp(src->path, p[i].sub->url) != 0 ||
		    (src->title == NULL) != (p[i].title == NULL) ||
		    (src->title != NULL && strcmp(src->title, p[i].title) != 0) ||
		    (src->ntags > 0) != (p[i].tags != NULL)) {
			fail(err, _("%s: the new section [feed %s] would not read back as written; nothing written"),
			    real, p[i].name);
			rc = -1;
		}
	}
	nr_config_free(&check);
	nr_strmap_free(&labels);
	return rc;
}

/* How a new text is checked before it replaces the file: tmp holds it. */
typedef int (*check_fn)(const char *tmp, const char *real, const void *ud, struct nr_err *err);

/* Write text next to real, check it, keep old as the backup and rename
 * the new file over real. */
static int
install(const char *real, const struct nr_buf *old, int exists, mode_t mode, const struct nr_buf *text,
    check_fn check, const void *ud, struct nr_err *err)
{
	char *dir = nr_path_dirname(real);
	char *base = nr_path_basename(real);
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	int fd, rc = -1;

	fd = mkstemp(tmp);
	if (fd < 0) {
		fail(err, _("%s: cannot write: %s"), real, strerror(errno));
		goto out;
	}
	if (write_all(fd, nr_buf_str(text), text->len) < 0 || fchmod(fd, exists ? mode : 0600) < 0 ||
	    fsync(fd) < 0) {
		fail(err, _("%s: cannot write: %s"), tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) < 0) {
		fail(err, _("%s: cannot write: %s"), tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (check(tmp, real, ud, err) < 0 || (exists && keep_backup(real, old, mode, err) < 0)) {
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, real) < 0) {
		fail(err, _("%s: cannot replace: %s"), real, strerror(errno));
		unlink(tmp);
		goto out;
	}
	/* The rename itself is on disk once the folder is. */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	rc = 0;
out:
	free(tmp);
	free(base);
	free(dir);
	return rc;
}

struct appended {
	const struct pending *p;
	size_t n;
};

static int
verify_appended(const char *tmp, const char *real, const void *ud, struct nr_err *err)
{
	const struct appended *a = ud;

	return verify(tmp, real, a->p, a->n, err);
}

/* Write old + the new sections next to real, check it, keep the backup
 * and rename it over real. */
static int
replace_file(const char *real, const struct nr_buf *old, int exists, mode_t mode, const struct pending *p,
    size_t n, struct nr_err *err)
{
	struct nr_buf text = NR_BUF_INIT;
	struct appended a = { p, n };
	int rc;

	nr_buf_add(&text, nr_buf_str(old), old->len);
	append_sections(&text, old, p, n);
	rc = install(real, old, exists, mode, &text, verify_appended, &a, err);
	nr_buf_free(&text);
	return rc;
}

/* Hold the configuration file's folder locked while the file is read,
 * appended to and renamed, so that two processes subscribing at once
 * (ten --add in parallel) each add to what the other wrote instead of
 * both starting from the same file and the last rename winning. The lock
 * is on the folder, not the file: the rename replaces the file, and a
 * lock on the old one would not stop the next writer. *real gets the file
 * to write (symlinks followed), *fd the lock (closing it unlocks). */
static int
lock_config(const char *path, char **real, int *fd, struct nr_err *err)
{
	char *dir;

	*real = target_of(path, err);
	if (*real == NULL) {
		return -1;
	}
	dir = nr_path_dirname(*real);
	if (make_dirs(dir, err) < 0) {
		free(dir);
		return -1;
	}
	*fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0) {
		fail(err, _("%s: cannot lock: %s"), dir, strerror(errno));
		free(dir);
		return -1;
	}
	while (flock(*fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			fail(err, _("%s: cannot lock: %s"), dir, strerror(errno));
			close(*fd);
			*fd = -1;
			free(dir);
			return -1;
		}
	}
	free(dir);
	return 0;
}

/* The file as it is now that it is locked: another process may have
 * added to it since the caller loaded it. */
static int
reload(const char *real, struct nr_config *fresh, struct nr_err *err)
{
	struct nr_err e;

	nr_config_defaults(fresh);
	if (nr_config_load(fresh, real, 0, &e) < 0) {
		/* As before the lock, when the check of the written file
		 * found it: the message stays the same. */
		fail(err, _("%s: the new sections would not load (%s); nothing written"), real, e.msg);
		nr_config_free(fresh);
		return -1;
	}
	return 0;
}

/* The configuration file locked (lock_config) and read as it is now
 * (reload), for a change to it: set up by locked_init, taken by
 * locked_open, let go of, all of it, by locked_close. */
struct locked {
	char *real;
	int fd;
	int loaded;
	struct nr_config fresh;
};

static void
locked_init(struct locked *lk)
{
	lk->real = NULL;
	lk->fd = -1;
	lk->loaded = 0;
}

static int
locked_open(struct locked *lk, const char *path, struct nr_err *err)
{
	if (lock_config(path, &lk->real, &lk->fd, err) < 0 || reload(lk->real, &lk->fresh, err) < 0) {
		return -1;
	}
	lk->loaded = 1;
	return 0;
}

static void
locked_close(struct locked *lk)
{
	free(lk->real);
	if (lk->loaded) {
		nr_config_free(&lk->fresh);
	}
	if (lk->fd >= 0) {
		close(lk->fd);
	}
	locked_init(lk);
}

long
nr_subscribe(const char *path, const struct nr_config *cfg, const struct nr_subscription *subs, size_t n,
    size_t *skipped, struct nr_err *err)
{
	struct pending *p = NULL;
	struct nr_buf old = NR_BUF_INIT;
	struct nr_strmap urls = NR_STRMAP_INIT;
	struct names nm = { NR_STRMAP_INIT, NR_STRMAP_INIT };
	size_t np = 0, cap = 0, i, j, skip = 0;
	char *key;
	struct locked lk;
	mode_t mode = 0600;
	int exists = 0, dup;
	long rc = -1;

	locked_init(&lk);
	nr_err_clear(err);
	if (skipped != NULL) {
		*skipped = 0;
	}
	/* A URL that cannot be subscribed creates no folder. */
	for (i = 0; i < n; i++) {
		if (!nr_subscribe_url_ok(subs[i].url)) {
			break;
		}
	}
	if (i == n) {
		if (locked_open(&lk, path, err) < 0) {
			goto out;
		}
		cfg = &lk.fresh;
	}
	/* What the file has already, looked up rather than searched. */
	for (j = 0; j < cfg->nsources; j++) {
		if (cfg->sources[j].is_url) {
			key = url_key(cfg->sources[j].path);
			nr_strmap_put(&urls, key, 0);
			free(key);
		}
		take_name(&nm, cfg->sources[j].label);
	}
	for (i = 0; i < n; i++) {
		const char *url = subs[i].url;
		char *v;

		if (!nr_subscribe_url_ok(url)) {
			fail(err, _("not an http:// or https:// URL: '%s'"), url != NULL ? url : "");
			goto out;
		}
		v = ini_value(url);
		if (v == NULL || strlen(v) > MAX_VALUE) {
			fail(err, _("this URL cannot be written in the configuration file: '%s'"), url);
			free(v);
			goto out;
		}
		key = url_key(url);
		dup = nr_strmap_get(&urls, key, NULL);
		nr_strmap_put(&urls, key, 0);
		free(key);
		if (dup) {
			skip++;
			free(v);
			continue;
		}
		if (np == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			p = xreallocarray(p, cap, sizeof *p);
		}
		p[np].sub = &subs[i];
		p[np].url = v;
		p[np].title = clean_title(subs[i].title);
		p[np].tags = tags_value(subs[i].tags, subs[i].tags != NULL ? subs[i].ntags : 0);
		p[np].name = section_name(p[np].title, url, &nm);
		np++;
	}
	if (skipped != NULL) {
		*skipped = skip;
	}
	if (np == 0) {
		rc = 0;
		goto out;
	}
	if (read_all(lk.real, &old, &exists, &mode, err) < 0) {
		goto out;
	}
	if (replace_file(lk.real, &old, exists, mode, p, np, err) < 0) {
		goto out;
	}
	rc = (long)np;
out:
	free_pending(p, np);
	nr_strmap_free(&urls);
	nr_strmap_free(&nm.taken);
	nr_strmap_free(&nm.next);
	nr_buf_free(&old);
	locked_close(&lk);
	return rc;
}

/* ---- unsubscribing ---- */

/* Whether the source src of cfg is the one what names: its NAME (the
 * [feed NAME] or the [sources] key, without regard to case, as section
 * names are read), its URL (scheme and host without regard to case), or
 * its path as written or as expanded. */
static int
names_source(const struct nr_source *src, const char *what)
{
	char *a, *b;
	int same;

	if (strcasecmp(src->label, what) == 0) {
		return 1;
	}
	if (src->is_url) {
		if (http_prefix(what) == 0) {
			return 0;
		}
		a = url_key(src->path);
		b = url_key(what);
		same = strcmp(a, b) == 0;
		free(a);
		free(b);
		return same;
	}
	if (strcmp(src->path, what) == 0) {
		return 1;
	}
	a = realpath(src->path, NULL);
	b = realpath(what, NULL);
	same = a != NULL && b != NULL && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* One line of text: [start, end) without its line end, next the start
 * of the following line. */
struct line {
	size_t start, end, next;
};

static int
next_line(const char *text, size_t len, size_t at, struct line *l)
{
	const char *nl;

	if (at >= len) {
		return 0;
	}
	nl = memchr(text + at, '\n', len - at);
	l->start = at;
	l->next = nl != NULL ? (size_t)(nl - text) + 1 : len;
	l->end = nl != NULL ? (size_t)(nl - text) : len;
	if (l->end > l->start && text[l->end - 1] == '\r') {
		l->end--;
	}
	return 1;
}

/* The line trimmed: *s and its length. A byte-order mark at the start of
 * the file is not part of the first line. */
static size_t
trim_line(const char *text, const struct line *l, const char **s)
{
	size_t a = l->start, b = l->end;

	if (a == 0 && b >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		a = 3;
	}
	while (a < b && (text[a] == ' ' || text[a] == '\t')) {
		a++;
	}
	while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t')) {
		b--;
	}
	*s = text + a;
	return b - a;
}

/* If the trimmed line s[0..n) is a section header, the lowercased name
 * between the brackets, trimmed (a new string); else NULL. */
static char *
section_of(const char *s, size_t n)
{
	char *raw, *name;
	size_t a = 1, b;

	if (n < 2 || s[0] != '[' || s[n - 1] != ']') {
		return NULL;
	}
	b = n - 1;
	while (a < b && (s[a] == ' ' || s[a] == '\t')) {
		a++;
	}
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) {
		b--;
	}
	raw = xstrndup(s + a, b - a);
	name = name_key(raw);
	free(raw);
	return name;
}

/* Whether section name (lowercased) is [feed LABEL]. */
static int
is_feed_section(const char *name, const char *label)
{
	const char *rest;
	char *want;
	size_t n;
	int same;

	if (strncmp(name, "feed", 4) != 0 || (name[4] != ' ' && name[4] != '\t')) {
		return 0;
	}
	rest = name + 5;
	while (*rest == ' ' || *rest == '\t') {
		rest++;
	}
	n = strlen(rest);
	while (n > 0 && (rest[n - 1] == ' ' || rest[n - 1] == '\t')) {
		n--;
	}
	want = name_key(label);
	same = strlen(want) == n && strncmp(rest, want, n) == 0;
	free(want);
	return same;
}

/* old without the text of src: every [feed NAME] section of its name
 * (the header and its lines up to the last that is not blank or a
 * comment, and the blank lines after it: a comment there may be the next
 * section's), or its line of [sources] (src->line, the line that made
 * it, tells which). Everything else is kept byte for byte. */
static void
cut_source(struct nr_buf *out, const struct nr_buf *old, const struct nr_source *src)
{
	const char *text = nr_buf_str(old);
	struct line l;
	size_t at = 0, kept = 0;
	long lineno = 0;
	int feed = 0;

	/* Is its line a section's header? */
	while (next_line(text, old->len, at, &l)) {
		at = l.next;
		if (++lineno == src->line) {
			const char *s;
			size_t n = trim_line(text, &l, &s);
			char *sec = section_of(s, n);

			feed = sec != NULL;
			free(sec);
			if (!feed) {
				nr_buf_add(out, text, l.start);
				nr_buf_add(out, text + l.next, old->len - l.next);
				return;
			}
			break;
		}
	}
	at = 0;
	while (feed && next_line(text, old->len, at, &l)) {
		const char *s;
		size_t n = trim_line(text, &l, &s);
		char *sec = section_of(s, n);

		at = l.next;
		if (sec != NULL && is_feed_section(sec, src->label)) {
			size_t last = l.next, after;
			struct line m;

			/* Its lines, to the last one with a key. */
			while (next_line(text, old->len, at, &m)) {
				const char *t;
				size_t tn = trim_line(text, &m, &t);
				char *other = section_of(t, tn);

				free(other);
				if (other != NULL) {
					break;
				}
				if (tn > 0 && t[0] != ';' && t[0] != '#') {
					last = m.next;
				}
				at = m.next;
			}
			/* And the blank lines after it. */
			after = last;
			while (next_line(text, old->len, after, &m)) {
				const char *t;

				if (trim_line(text, &m, &t) > 0) {
					break;
				}
				after = m.next;
			}
			nr_buf_add(out, text + kept, l.start - kept);
			kept = after;
			at = after > at ? after : at;
		}
		free(sec);
	}
	nr_buf_add(out, text + kept, old->len - kept);
}

struct removed {
	const struct nr_source *src;
	size_t before;          /* the sources the file had */
};

/* The new file loads, and has one source fewer, none of them src. */
static int
verify_removed(const char *tmp, const char *real, const void *ud, struct nr_err *err)
{
	const struct removed *r = ud;
	struct nr_config check;
	struct nr_err e;
	size_t i;
	int rc = 0;

	nr_config_defaults(&check);
	if (nr_config_load(&check, tmp, 1, &e) < 0) {
		fail(err, _("%s: the file would not load without the subscription (%s); nothing written"), real, e.msg);
		nr_config_free(&check);
		return -1;
	}
	for (i = 0; i < check.nsources; i++) {
		if (strcmp(check.sources[i].path, r->src->path) == 0) {
			rc = -1;
		}
	}
	if (rc < 0 || check.nsources + 1 != r->before) {
		fail(err, _("%s: the subscription '%s' could not be cut out cleanly; nothing written"), real,
		    r->src->label);
		rc = -1;
	}
	nr_config_free(&check);
	return rc;
}

int
nr_unsubscribe(const char *path, const char *what, char **label, char **location, struct nr_err *err)
{
	struct nr_buf old = NR_BUF_INIT, text = NR_BUF_INIT;
	struct locked lk;
	const struct nr_source *src = NULL;
	struct removed r;
	mode_t mode = 0600;
	int exists = 0, rc = -1;
	size_t i;

	locked_init(&lk);
	nr_err_clear(err);
	*label = *location = NULL;
	if (locked_open(&lk, path, err) < 0) {
		goto out;
	}
	/* A NAME as written first, then without regard to case, a URL or
	 * a path. */
	for (i = 0; i < lk.fresh.nsources && src == NULL; i++) {
		if (strcmp(lk.fresh.sources[i].label, what) == 0) {
			src = &lk.fresh.sources[i];
		}
	}
	for (i = 0; i < lk.fresh.nsources && src == NULL; i++) {
		if (names_source(&lk.fresh.sources[i], what)) {
			src = &lk.fresh.sources[i];
		}
	}
	if (src == NULL) {
		fail(err, _("%s: no subscription named or at '%s'"), lk.real, what);
		goto out;
	}
	if (read_all(lk.real, &old, &exists, &mode, err) < 0) {
		goto out;
	}
	cut_source(&text, &old, src);
	r.src = src;
	r.before = lk.fresh.nsources;
	if (install(lk.real, &old, exists, mode, &text, verify_removed, &r, err) < 0) {
		goto out;
	}
	*label = xstrdup(src->label);
	*location = xstrdup(src->path);
	rc = 0;
out:
	nr_buf_free(&old);
	nr_buf_free(&text);
	locked_close(&lk);
	return rc;
}

/* s with & < > " escaped for an attribute, and made valid UTF-8 without
 * control characters. */
static void
put_attr(struct nr_buf *b, const char *name, const char *s)
{
	char *clean = nr_utf8_sanitize(s, strlen(s), 0);

	nr_buf_printf(b, " %s=\"", name);
	nr_buf_add_xml(b, clean, strlen(clean));
	nr_buf_addc(b, '"');
	free(clean);
}

long
nr_export_opml(FILE *fp, const struct nr_config *cfg, struct nr_err *err)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct nr_buf b = NR_BUF_INIT;
	time_t now = time(NULL);
	struct tm tm;
	size_t i, j;
	long n = 0;

	nr_err_clear(err);
	gmtime_r(&now, &tm);
	nr_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n"
	    "    <title>newsreader subscriptions</title>\n");
	/* RFC 822, in English whatever the locale. */
	nr_buf_printf(&b, "    <dateCreated>%s, %02d %s %04d %02d:%02d:%02d GMT</dateCreated>\n", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	nr_buf_adds(&b, "  </head>\n  <body>\n");
	for (i = 0; i < cfg->nsources; i++) {
		const struct nr_source *src = &cfg->sources[i];
		const char *name = src->title != NULL ? src->title : src->label;

		if (!src->is_url) {
			continue;
		}
		nr_buf_adds(&b, "    <outline type=\"rss\"");
		put_attr(&b, "text", name);
		put_attr(&b, "title", name);
		put_attr(&b, "xmlUrl", src->path);
		if (src->ntags > 0) {
			struct nr_buf cat = NR_BUF_INIT;

			for (j = 0; j < src->ntags; j++) {
				if (j > 0) {
					nr_buf_addc(&cat, ',');
				}
				nr_buf_adds(&cat, src->tags[j]);
			}
			put_attr(&b, "category", nr_buf_str(&cat));
			nr_buf_free(&cat);
		}
		nr_buf_adds(&b, "/>\n");
		n++;
	}
	nr_buf_adds(&b, "  </body>\n</opml>\n");
	if (fwrite(nr_buf_str(&b), 1, b.len, fp) != b.len || fflush(fp) != 0) {
		nr_err_set(err, NR_ERR_IO, _("cannot write the OPML: %s"), strerror(errno));
		n = -1;
	}
	nr_buf_free(&b);
	return n;
}
