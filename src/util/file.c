#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "util/file.h"
#include "util/path.h"
#include "util/utf8.h"

#define MB (1024 * 1024)

/* err: "path: FMT: why" (FMT "cannot read" or "cannot write"), the path
 * made printable (it can come from a feed list or the command line). */
static void
fail_as(struct nr_err *err, enum nr_err_code code, int writing, const char *path, const char *why)
{
	char *name;

	if (err == NULL) {
		return;
	}
	name = nr_utf8_sanitize(path, strlen(path), 0);
	if (writing) {
		nr_err_set(err, code, _("%s: cannot write: %s"), name, why);
	} else {
		nr_err_set(err, code, _("%s: cannot read: %s"), name, why);
	}
	free(name);
}

static void
fail(struct nr_err *err, enum nr_err_code code, const char *path, const char *why)
{
	fail_as(err, code, 0, path, why);
}

static void
too_large(struct nr_err *err, const char *path, size_t limit)
{
	char why[128];

	if (limit >= MB && limit % MB == 0) {
		snprintf(why, sizeof why, _("too large (over %zu MB)"), limit / MB);
	} else {
		snprintf(why, sizeof why, _("too large (over %zu bytes)"), limit);
	}
	fail(err, NR_ERR_FORMAT, path, why);
}

/* A descriptor on the regular file at path of at most limit bytes (its
 * size in *size); -1 with err and errno otherwise. */
static int
open_regular(const char *path, size_t limit, off_t *size, struct nr_err *err)
{
	struct stat sb;
	int fd, e;

	/* O_NONBLOCK: opening a FIFO without a writer must not hang; it is
	 * refused once fstat tells what the path is. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		fail(err, NR_ERR_IO, path, strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(fd, &sb) < 0) {
		e = errno;
		fail(err, NR_ERR_IO, path, strerror(e));
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		fail(err, NR_ERR_IO, path, _("not a regular file"));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (sb.st_size < 0 || (unsigned long long)sb.st_size > limit) {
		too_large(err, path, limit);
		close(fd);
		errno = EFBIG;
		return -1;
	}
	*size = sb.st_size;
	return fd;
}

FILE *
nr_file_open(const char *path, size_t limit, struct nr_err *err)
{
	off_t size;
	FILE *fp;
	int fd = open_regular(path, limit, &size, err), e;

	if (fd < 0) {
		return NULL;
	}
	fp = fdopen(fd, "r");
	if (fp == NULL) {
		e = errno;
		fail(err, NR_ERR_IO, path, strerror(e));
		close(fd);
		errno = e;
	}
	return fp;
}

char *
nr_file_read(const char *path, size_t limit, size_t *len, struct nr_err *err)
{
	off_t size;
	char *data;
	size_t n = 0, cap;
	int fd;

	/* Room for limit + 1 bytes and the NUL must not wrap around. */
	if (limit > SIZE_MAX / 4) {
		limit = SIZE_MAX / 4;
	}
	fd = open_regular(path, limit, &size, err);
	if (fd < 0) {
		return NULL;
	}
	/* The size fstat gave, plus one byte to see the end (or that the
	 * file grew meanwhile, which the limit still bounds). */
	cap = (size_t)size + 2;
	data = xmalloc(cap);
	for (;;) {
		ssize_t got;

		if (n + 1 == cap) {
			cap = cap > (limit + 2) / 2 ? limit + 2 : 2 * cap;
			data = xrealloc(data, cap);
		}
		got = read(fd, data + n, cap - 1 - n);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			fail(err, NR_ERR_IO, path, strerror(errno));
			free(data);
			close(fd);
			return NULL;
		}
		if (got == 0) {
			break;
		}
		n += (size_t)got;
		if (n > limit) {
			too_large(err, path, limit);
			free(data);
			close(fd);
			return NULL;
		}
	}
	close(fd);
	data[n] = '\0';
	if (len != NULL) {
		*len = n;
	}
	return data;
}

/* The mode a new file gets: mode less the umask, which can only be read
 * by setting it (so it is set back at once). */
static mode_t
less_umask(mode_t mode)
{
	mode_t mask = umask(077);

	umask(mask);
	return mode & ~mask;
}

static void
out_free(struct nr_file_out *out)
{
	free(out->path);
	free(out->tmp);
	out->path = out->tmp = NULL;
	out->fp = NULL;
}

/* Write straight into path (a FIFO, a terminal, a device, or the file a
 * broken symbolic link names): no temporary file can stand in for it. */
static int
open_straight(struct nr_file_out *out, const char *path, int flags, mode_t mode, int nowait, struct nr_err *err)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | flags | (nowait ? O_NONBLOCK : 0), mode);

	if (fd < 0 && nowait && errno == ENXIO) {
		/* A FIFO nobody reads: opening it would wait for a reader. */
		fail_as(err, NR_ERR_IO, 1, path, _("no process is reading this FIFO"));
		return -1;
	}
	if (fd >= 0 && nowait) {
		/* Written as any file once open. */
		int fl = fcntl(fd, F_GETFL);

		if (fl >= 0) {
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
		}
	}
	if (fd < 0 || (out->fp = fdopen(fd, "w")) == NULL) {
		fail_as(err, NR_ERR_IO, 1, path, strerror(errno));
		if (fd >= 0) {
			close(fd);
		}
		return -1;
	}
	out->path = xstrdup(path);
	return 0;
}

/* Whether sb is the file open as descriptor fd. */
static int
is_std_stream(const struct stat *sb, int fd)
{
	struct stat fsb;

	return fstat(fd, &fsb) == 0 && fsb.st_dev == sb->st_dev && fsb.st_ino == sb->st_ino;
}

static int create(struct nr_file_out *out, const char *path, mode_t mode, int nowait, struct nr_err *err);

int
nr_file_create(struct nr_file_out *out, const char *path, mode_t mode, struct nr_err *err)
{
	return create(out, path, mode, 0, err);
}

int
nr_file_create_nowait(struct nr_file_out *out, const char *path, mode_t mode, struct nr_err *err)
{
	return create(out, path, mode, 1, err);
}

static int
create(struct nr_file_out *out, const char *path, mode_t mode, int nowait, struct nr_err *err)
{
	struct stat sb;
	char *dir;
	int fd, exists = 0;
	mode_t keep = 0;

	memset(out, 0, sizeof *out);
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			fail_as(err, NR_ERR_IO, 1, path, strerror(EISDIR));
			return -1;
		}
		if (!S_ISREG(sb.st_mode)) {
			return open_straight(out, path, 0, mode, nowait, err);
		}
		/* /dev/stdout when stdout is a file (> or >>): written
		 * through the descriptor the shell opened, at its offset,
		 * not by replacing the file behind the shell's back. */
		if (is_std_stream(&sb, STDOUT_FILENO) || is_std_stream(&sb, STDERR_FILENO)) {
			int std = dup(is_std_stream(&sb, STDOUT_FILENO) ? STDOUT_FILENO : STDERR_FILENO);

			if (std < 0 || (out->fp = fdopen(std, "w")) == NULL) {
				fail_as(err, NR_ERR_IO, 1, path, strerror(errno));
				if (std >= 0) {
					close(std);
				}
				return -1;
			}
			out->path = xstrdup(path);
			return 0;
		}
		/* Through symbolic links: the file is replaced, the links
		 * to it kept. */
		out->path = realpath(path, NULL);
		if (out->path == NULL) {
			fail_as(err, NR_ERR_IO, 1, path, strerror(errno));
			return -1;
		}
		exists = 1;
		keep = sb.st_mode & 07777;
	} else if (errno != ENOENT) {
		fail_as(err, NR_ERR_IO, 1, path, strerror(errno));
		return -1;
	} else if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		/* A link to a file not there yet: create that file. */
		return open_straight(out, path, O_CREAT | O_TRUNC, mode, nowait, err);
	} else {
		out->path = xstrdup(path);
	}
	/* Beside the file, so that the rename stays on one file system; a
	 * short name of its own, so that a long file name cannot make it
	 * too long. */
	dir = nr_path_dirname(out->path);
	out->tmp = xasprintf("%s/.newsreader-XXXXXX", dir);
	free(dir);
	fd = mkstemp(out->tmp);
	if (fd < 0 || fchmod(fd, exists ? keep : less_umask(mode)) < 0 || (out->fp = fdopen(fd, "w")) == NULL) {
		fail_as(err, NR_ERR_IO, 1, path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(out->tmp);
		}
		out_free(out);
		return -1;
	}
	return 0;
}

int
nr_file_commit(struct nr_file_out *out, struct nr_err *err)
{
	int e = 0, fd;

	if (out->fp == NULL) {
		fail_as(err, NR_ERR_IO, 1, out->path != NULL ? out->path : "", strerror(EBADF));
		out_free(out);
		return -1;
	}
	/* Each step's error kept: fclose must not hide what fflush said. */
	errno = 0;
	if (ferror(out->fp) || fflush(out->fp) != 0) {
		e = errno != 0 ? errno : EIO;
	} else if (out->tmp != NULL && fsync(fileno(out->fp)) != 0) {
		e = errno;
	}
	if (fclose(out->fp) != 0 && e == 0) {
		e = errno != 0 ? errno : EIO;
	}
	out->fp = NULL;
	if (e == 0 && out->tmp != NULL && rename(out->tmp, out->path) < 0) {
		e = errno;
	}
	if (e != 0) {
		fail_as(err, NR_ERR_IO, 1, out->path, strerror(e));
		if (out->tmp != NULL) {
			unlink(out->tmp);
		}
		out_free(out);
		return -1;
	}
	if (out->tmp != NULL) {
		/* The rename itself is on disk once the folder is. */
		char *dir = nr_path_dirname(out->path);

		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
		free(dir);
	}
	out_free(out);
	return 0;
}

void
nr_file_discard(struct nr_file_out *out)
{
	if (out->fp != NULL) {
		fclose(out->fp);
	}
	if (out->tmp != NULL) {
		unlink(out->tmp);
	}
	out_free(out);
}
