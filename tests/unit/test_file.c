/* util/file: whole regular files read, everything else refused with a
 * message naming the file, and never a hang on a FIFO. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/xmalloc.h"
#include "helpers.h"
#include "t.h"
#include "util/file.h"

/* name in the scratch folder, holding n bytes of data; its path. */
static char *
put(const char *name, const char *data, size_t n)
{
	char *path = t_path(name);

	t_spit(path, data, n);
	return path;
}

static void
test_regular(void)
{
	static const char bytes[] = "one\0two\nthree";
	struct nr_err err;
	char *path = put("a.txt", bytes, sizeof bytes - 1);
	char *data;
	size_t len = 99;

	data = nr_file_read(path, 1024, &len, &err);
	CHECK(data != NULL);
	CHECK_INT(len, sizeof bytes - 1);
	CHECK(data != NULL && memcmp(data, bytes, sizeof bytes) == 0);
	free(data);
	/* len may be left out. */
	data = nr_file_read(path, 1024, NULL, &err);
	CHECK(data != NULL);
	free(data);
	free(path);
}

static void
test_empty(void)
{
	struct nr_err err;
	char *path = put("empty", "", 0);
	char *data;
	size_t len = 99;

	data = nr_file_read(path, 0, &len, &err);
	CHECK_STR(data, "");
	CHECK_INT(len, 0);
	free(data);
	free(path);
}

static void
test_limit(void)
{
	char big[5000];
	struct nr_err err;
	char *path, *data, *want;
	size_t len = 0;

	memset(big, 'x', sizeof big);
	path = put("big", big, sizeof big);
	/* Exactly the limit is read; one byte over is refused. */
	data = nr_file_read(path, sizeof big, &len, &err);
	CHECK(data != NULL);
	CHECK_INT(len, sizeof big);
	free(data);
	data = nr_file_read(path, sizeof big - 1, &len, &err);
	CHECK(data == NULL);
	CHECK_INT(err.code, NR_ERR_FORMAT);
	want = xasprintf("%s: cannot read: too large (over 4999 bytes)", path);
	CHECK_STR(err.msg, want);
	free(want);
	free(path);
}

static void
test_refused(void)
{
	struct nr_err err;
	const char *dir = t_tmpdir();
	char *fifo = t_path("fifo"), *want;

	/* A directory. */
	CHECK(nr_file_read(dir, 1024, NULL, &err) == NULL);
	CHECK_INT(err.code, NR_ERR_IO);
	want = xasprintf("%s: cannot read: not a regular file", dir);
	CHECK_STR(err.msg, want);
	free(want);

	/* A FIFO with no writer: refused at once. The alarm turns a hang
	 * into a failure. */
	CHECK_INT(mkfifo(fifo, 0600), 0);
	alarm(10);
	CHECK(nr_file_read(fifo, 1024, NULL, &err) == NULL);
	alarm(0);
	want = xasprintf("%s: cannot read: not a regular file", fifo);
	CHECK_STR(err.msg, want);
	free(want);
	unlink(fifo);
	free(fifo);

	/* A device. */
	CHECK(nr_file_read("/dev/null", 1024, NULL, &err) == NULL);
	CHECK_STR(err.msg, "/dev/null: cannot read: not a regular file");

	/* A file that is not there, and a name that would mess up the
	 * terminal. */
	fifo = t_path("none");
	want = xasprintf("%s: cannot read: %s", fifo, strerror(ENOENT));
	CHECK(nr_file_read(fifo, 1024, NULL, &err) == NULL);
	CHECK_STR(err.msg, want);
	free(want);
	free(fifo);
	fifo = t_path("\033[2Jx");
	CHECK(nr_file_read(fifo, 1024, NULL, &err) == NULL);
	CHECK(strchr(err.msg, '\033') == NULL);
	free(fifo);
	/* err may be NULL. */
	CHECK(nr_file_read(dir, 1024, NULL, NULL) == NULL);
}

/* A limit in whole megabytes says so. */
static void
test_megabytes(void)
{
	struct nr_err err;
	char *path, *want, *big = xmalloc(1024 * 1024 + 1);

	memset(big, 'y', 1024 * 1024 + 1);
	path = put("onemb", big, 1024 * 1024 + 1);
	CHECK(nr_file_read(path, 1024 * 1024, NULL, &err) == NULL);
	want = xasprintf("%s: cannot read: too large (over 1 MB)", path);
	CHECK_STR(err.msg, want);
	free(want);
	unlink(path);
	free(path);
	free(big);
}

int
main(void)
{
	t_init();
	test_regular();
	test_empty();
	test_limit();
	test_refused();
	test_megabytes();
	return t_done();
}
