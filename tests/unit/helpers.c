#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "helpers.h"
#include "store/store.h"

static char *tmpdir;
static pid_t tmpdir_owner;
static int tmpdir_kept;

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "test setup: %s %s: %s\n", what, path, strerror(errno));
	exit(99);
}

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
t_remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* At exit, in the process that made the folder only: a forked child that
 * exits must not take the folder from under its parent. */
static void
remove_tmpdir(void)
{
	if (tmpdir != NULL && getpid() == tmpdir_owner && !tmpdir_kept) {
		t_remove_tree(tmpdir);
	}
	free(tmpdir);
	tmpdir = NULL;
}

const char *
t_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir != NULL) {
		return tmpdir;
	}
	tmpdir = xasprintf("%s/nr-unit.XXXXXX", base != NULL && base[0] != '\0' ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		die("cannot make", tmpdir);
	}
	tmpdir_owner = getpid();
	atexit(remove_tmpdir);
	return tmpdir;
}

void
t_tmpdir_keep(void)
{
	tmpdir_kept = 1;
}

char *
t_path(const char *name)
{
	return xasprintf("%s/%s", t_tmpdir(), name);
}

char *
t_slurp(const char *path, size_t *n)
{
	struct nr_buf b = NR_BUF_INIT;
	char chunk[65536];
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (n != NULL) {
		*n = 0;
	}
	if (fd < 0) {
		return NULL;
	}
	while ((got = read(fd, chunk, sizeof chunk)) != 0) {
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			close(fd);
			nr_buf_free(&b);
			return NULL;
		}
		nr_buf_add(&b, chunk, (size_t)got);
	}
	close(fd);
	if (n != NULL) {
		*n = b.len;
	}
	return nr_buf_steal(&b);
}

static void
spit(const char *path, const char *data, size_t n, mode_t mode, int force_mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	if (fd < 0) {
		die("cannot write", path);
	}
	while (n > 0) {
		ssize_t put = write(fd, data, n);

		if (put < 0 && errno == EINTR) {
			continue;
		}
		if (put < 0) {
			die("cannot write", path);
		}
		data += put;
		n -= (size_t)put;
	}
	/* The mode as asked, whatever the umask or an older file said. */
	if ((force_mode && fchmod(fd, mode) < 0) || close(fd) < 0) {
		die("cannot write", path);
	}
}

void
t_spit(const char *path, const char *data, size_t n)
{
	spit(path, data, n, 0666, 0);
}

void
t_spits(const char *path, const char *s)
{
	spit(path, s, strlen(s), 0666, 0);
}

void
t_spit_mode(const char *path, const char *s, mode_t mode)
{
	spit(path, s, strlen(s), mode, 1);
}

char *
t_put(const char *name, const char *s)
{
	char *path = t_path(name);

	t_spits(path, s);
	return path;
}

int64_t
t_put_feed(struct nr_store *s, const char *location, const char *title, enum nr_kind kind, struct nr_err *err)
{
	struct nr_feed feed;
	int64_t id;

	nr_feed_init(&feed);
	feed.location = xstrdup(location);
	feed.title = title != NULL ? xstrdup(title) : NULL;
	feed.kind = kind;
	id = nr_store_put_feed(s, &feed, err);
	nr_feed_clear(&feed);
	return id;
}

static int
sink_item(void *ud, struct nr_feed *feed, struct nr_item *item)
{
	struct t_sink *c = ud;

	(void)feed;
	if (c->n < T_SINK_ITEMS) {
		c->items[c->n] = *item;
		nr_item_init(item);
	}
	c->n++;
	return c->stop_after > 0 && c->n >= c->stop_after ? -1 : 0;
}

static void
sink_feed_done(void *ud, struct nr_feed *feed)
{
	struct t_sink *c = ud;

	(void)feed;
	c->feed_done++;
}

static void
sink_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct t_sink *c = ud;

	if (warning) {
		c->warnings++;
	} else {
		c->errors++;
	}
	snprintf(c->problem, sizeof c->problem, "%s: %s", location != NULL ? location : "", err->msg);
}

void
t_sink_init(struct t_sink *c, struct nr_sink *sink)
{
	int stop_after = c->stop_after;

	memset(c, 0, sizeof *c);
	c->stop_after = stop_after;
	sink->ud = c;
	sink->item = sink_item;
	sink->feed_done = sink_feed_done;
	sink->problem = sink_problem;
}

void
t_sink_free(struct t_sink *c)
{
	int i;

	for (i = 0; i < c->n && i < T_SINK_ITEMS; i++) {
		nr_item_clear(&c->items[i]);
	}
	c->n = 0;
}
