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
#include "util/utf8.h"

#define MB (1024 * 1024)

/* err: "path: cannot read: why", the path made printable (it can come
 * from a feed list or the command line). */
static void
fail(struct nr_err *err, enum nr_err_code code, const char *path, const char *why)
{
	char *name;

	if (err == NULL) {
		return;
	}
	name = nr_utf8_sanitize(path, strlen(path), 0);
	nr_err_set(err, code, _("%s: cannot read: %s"), name, why);
	free(name);
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

char *
nr_file_read(const char *path, size_t limit, size_t *len, struct nr_err *err)
{
	struct stat sb;
	char *data;
	size_t n = 0, cap;
	int fd;

	/* Room for limit + 1 bytes and the NUL must not wrap around. */
	if (limit > SIZE_MAX / 4) {
		limit = SIZE_MAX / 4;
	}
	/* O_NONBLOCK: opening a FIFO without a writer must not hang; it is
	 * refused once fstat tells what the path is. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fail(err, NR_ERR_IO, path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) < 0) {
		fail(err, NR_ERR_IO, path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		fail(err, NR_ERR_IO, path, _("not a regular file"));
		close(fd);
		return NULL;
	}
	if (sb.st_size < 0 || (unsigned long long)sb.st_size > limit) {
		too_large(err, path, limit);
		close(fd);
		return NULL;
	}
	/* The size fstat gave, plus one byte to see the end (or that the
	 * file grew meanwhile, which the limit still bounds). */
	cap = (size_t)sb.st_size + 2;
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
