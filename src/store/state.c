/*
 * The state file: the read and starred marks of a database written out
 * (--export-state) and read back into another (--import-state), so that
 * they survive a new database or move to another machine. Marks for
 * articles not yet in the database wait in the pending table until the
 * article arrives (store.c applies them then).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/xmalloc.h"
#include "nls.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/file.h"
#include "util/utf8.h"

/*
 * The state file, UTF-8 text:
 *
 *   newsreader-state 1
 *   FLAGS<TAB>ID<TAB>LINK<TAB>FEED
 *   ...
 *
 * The first line names the format and its version. Then one article a
 * line: FLAGS is "r" (read), "s" (starred), "rs", or "-" (neither); ID its
 * id, LINK its link and FEED the location of its feed, each possibly
 * empty but not both ID and LINK. In the fields a backslash escapes a tab
 * (\t), a newline (\n), a carriage return (\r) and itself (\\). Empty lines
 * are ignored.
 */
#define STATE_MAGIC "newsreader-state"
#define STATE_VERSION 1
/* A million articles take about 200 MB; a larger file is a mistake. */
#define STATE_MAX_SIZE ((size_t)1024 * 1024 * 1024)

static void
write_escaped(FILE *fp, const char *s)
{
	if (s == NULL) {
		return;
	}
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		default:
			putc(*s, fp);
			break;
		}
	}
}

long
nr_store_export_state(struct nr_store *store, const char *path, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_EXPORT, err);
	struct nr_file_out out;
	long n = 0;
	int rc;

	if (st == NULL) {
		return -1;
	}
	/* A regular file is written beside the target and renamed over it,
	 * so that a failure never leaves half a file where a good one was;
	 * a symlink is followed, a FIFO or /dev/stdout written into. */
	if (nr_file_create(&out, path, 0600, err) < 0) {
		return -1;
	}
	fprintf(out.fp, "%s %d\n", STATE_MAGIC, STATE_VERSION);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int read = sqlite3_column_int(st, 0) != 0, starred = sqlite3_column_int(st, 1) != 0;

		fputs(read && starred ? "rs" : read ? "r" : starred ? "s" : "-", out.fp);
		putc('\t', out.fp);
		write_escaped(out.fp, col_text(st, 2));
		putc('\t', out.fp);
		write_escaped(out.fp, col_text(st, 3));
		putc('\t', out.fp);
		write_escaped(out.fp, col_text(st, 4));
		putc('\n', out.fp);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_fail(store, rc, err);
		nr_file_discard(&out);
		return -1;
	}
	return nr_file_commit(&out, err) < 0 ? -1 : n;
}

/* One line of a state file, its fields unescaped in place. */
struct state_line {
	int read, starred;
	char *id, *link, *feed;
};

/* Undo write_escaped() on s in place; -1 on a stray backslash. */
static int
unescape(char *s)
{
	char *out = s;

	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			*out++ = *s;
			continue;
		}
		switch (*++s) {
		case 't':
			*out++ = '\t';
			break;
		case 'n':
			*out++ = '\n';
			break;
		case 'r':
			*out++ = '\r';
			break;
		case '\\':
			*out++ = '\\';
			break;
		default:
			return -1;
		}
	}
	*out = '\0';
	return 0;
}

/* Take line (modified) apart; NULL if it is well formed, else why not. */
static const char *
parse_state_line(char *line, struct state_line *sl)
{
	char *fields[4];
	char *p = line;
	size_t i;

	memset(sl, 0, sizeof *sl);
	for (i = 0; i < 4; i++) {
		fields[i] = p;
		p = strchr(p, '\t');
		if (p == NULL) {
			break;
		}
		*p++ = '\0';
	}
	if (i != 3) {
		return i < 3 ? _("too few fields (want flags, id, link, feed)")
		    : _("too many fields (want flags, id, link, feed)");
	}
	if (strcmp(fields[0], "-") != 0) {
		if (fields[0][0] == '\0') {
			return _("no flags (want r, s, rs or -)");
		}
		for (p = fields[0]; *p != '\0'; p++) {
			if (*p == 'r' && !sl->read) {
				sl->read = 1;
			} else if (*p == 's' && !sl->starred) {
				sl->starred = 1;
			} else {
				return _("bad flags (want r, s, rs or -)");
			}
		}
	}
	for (i = 1; i < 4; i++) {
		if (unescape(fields[i]) < 0) {
			return _("a backslash that escapes nothing (want \\t, \\n, \\r or \\\\)");
		}
	}
	if (fields[1][0] == '\0' && fields[2][0] == '\0') {
		return _("neither an id nor a link");
	}
	sl->id = fields[1];
	sl->link = fields[2];
	sl->feed = fields[3];
	return NULL;
}

/* How many articles have link as their link (-1 on error). */
static long
links_to(struct nr_store *store, const char *link, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_COUNT_BY_LINK, err);
	long n = -1;

	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, link);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = (long)sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return n;
}

/* Apply one line: to the articles with its id, else with its link (when
 * that is one article's), else keep it for when the article arrives. Returns 1 if it applied to an
 * article present, 0 if kept, -1 on error. */
static int
apply_state(struct nr_store *store, const struct state_line *sl, struct nr_err *err)
{
	static const enum stmt_id by[2] = { ST_STATE_BY_ID, ST_STATE_BY_LINK };
	const char *key[2] = { sl->id, sl->link };
	sqlite3_stmt *st;
	size_t i;
	long n;

	for (i = 0; i < 2; i++) {
		/* The link stands in for the id only where it names one
		 * article: many feeds link every item to one page, and one
		 * mark must not reach them all. */
		if (key[i][0] == '\0' || (i == 1 && sl->id[0] != '\0' && links_to(store, key[i], err) != 1)) {
			continue;
		}
		st = store_stmt(store, by[i], err);
		if (st == NULL) {
			return -1;
		}
		bind_text(st, 1, key[i]);
		sqlite3_bind_int(st, 2, sl->read);
		sqlite3_bind_int(st, 3, sl->starred);
		n = store_update_count(store, st, err);
		if (n != 0) {
			return n < 0 ? -1 : 1;
		}
	}
	st = store_stmt(store, ST_PENDING_PUT, err);
	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, sl->id);
	bind_text(st, 2, sl->link);
	bind_text(st, 3, sl->feed);
	sqlite3_bind_int(st, 4, sl->read);
	sqlite3_bind_int(st, 5, sl->starred);
	store->pending_any = 1;
	return store_step_done(store, st, err) < 0 ? -1 : 0;
}

/* Read the state file fp (named path) into the database; the caller
 * holds the transaction. */
static long
import_lines(struct nr_store *store, FILE *fp, const char *path, struct nr_err *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0, applied = 0;
	const char *why;
	struct state_line sl;
	int r;

	while ((len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n') {
			line[--len] = '\0';
		}
		if (len > 0 && line[len - 1] == '\r') {
			line[--len] = '\0';
		}
		if ((size_t)len != strlen(line)) {
			why = _("a NUL byte");
			goto bad;
		}
		if (lineno == 1) {
			long version;
			char *end;

			if (strncmp(line, STATE_MAGIC " ", sizeof STATE_MAGIC) != 0) {
				why = _("not a newsreader state file");
				goto bad;
			}
			errno = 0;
			version = strtol(line + sizeof STATE_MAGIC, &end, 10);
			if (errno != 0 || end == line + sizeof STATE_MAGIC || *end != '\0' || version < 1) {
				why = _("not a newsreader state file");
				goto bad;
			}
			if (version > STATE_VERSION) {
				nr_err_set(err, NR_ERR_FORMAT, _("%s:%ld: written by a newer newsreader "
				    "(state format %ld; this one reads up to %d)"), path, lineno, version,
				    STATE_VERSION);
				if (err != NULL) {
					err->line = lineno;
				}
				free(line);
				return -1;
			}
			continue;
		}
		if (len == 0) {
			continue;
		}
		why = parse_state_line(line, &sl);
		if (why != NULL) {
			goto bad;
		}
		r = apply_state(store, &sl, err);
		if (r < 0) {
			free(line);
			return -1;
		}
		applied += r;
	}
	free(line);
	if (ferror(fp)) {
		nr_err_set(err, NR_ERR_IO, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (lineno == 0) {
		nr_err_set(err, NR_ERR_FORMAT, _("%s: empty, not a newsreader state file"), path);
		return -1;
	}
	return applied;
bad:
	nr_err_set(err, NR_ERR_PARSE, _("%s:%ld: %s"), path, lineno, why);
	if (err != NULL) {
		err->line = lineno;
	}
	free(line);
	return -1;
}

long
nr_store_import_state_fp(struct nr_store *store, FILE *fp, const char *name, struct nr_err *err)
{
	char *shown = nr_utf8_sanitize(name, strlen(name), 0);
	enum tx tx;
	long n;

	if (store_tx_open(store, 1, &tx, err) < 0) {
		free(shown);
		return -1;
	}
	n = import_lines(store, fp, shown, err);
	free(shown);
	if (store_tx_close(store, tx, n >= 0, err) < 0) {
		return -1;
	}
	return n;
}

long
nr_store_import_state(struct nr_store *store, const char *path, struct nr_err *err)
{
	/* Only a regular file: /dev/zero would grow without end, a FIFO
	 * without a writer hang. */
	FILE *fp = nr_file_open(path, STATE_MAX_SIZE, err);
	long n;

	if (fp == NULL) {
		return -1;
	}
	n = nr_store_import_state_fp(store, fp, path, err);
	fclose(fp);
	return n;
}
