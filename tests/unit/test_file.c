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
#include "t.h"
#include "util/file.h"

static char dir[] = "/tmp/nr-test-file-XXXXXX";

static char *
put(const char *name, const char *data, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");

	CHECK(fp != NULL);
	if (fp != NULL) {
		CHECK_INT(fwrite(data, 1, n, fp), n);
		fclose(fp);
	}
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
	char *fifo = xasprintf("%s/fifo", dir), *want;

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
	want = xasprintf("%s/none: cannot read: %s", dir, strerror(ENOENT));
	fifo = xasprintf("%s/none", dir);
	CHECK(nr_file_read(fifo, 1024, NULL, &err) == NULL);
	CHECK_STR(err.msg, want);
	free(want);
	free(fifo);
	fifo = xasprintf("%s/\033[2Jx", dir);
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
	char *p;

	t_init();
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_regular();
	test_empty();
	test_limit();
	test_refused();
	test_megabytes();
	/* Clean up what the cases left. */
	p = xasprintf("rm -rf '%s'", dir);
	CHECK_INT(system(p), 0);
	free(p);
	return t_done();
}
