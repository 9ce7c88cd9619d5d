/* util/file: whole regular files read, everything else refused with a
 * message naming the file, and never a hang on a FIFO. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* nr_file_open: the same checks as nr_file_read, a stream to read. */
static void
test_open(void)
{
	struct nr_err err;
	char *path = put("lines", "one\ntwo\n", 8), *fifo = t_path("open-fifo");
	char line[16];
	FILE *fp;

	fp = nr_file_open(path, 8, &err);
	CHECK(fp != NULL);
	CHECK(fp != NULL && fgets(line, sizeof line, fp) != NULL && strcmp(line, "one\n") == 0);
	if (fp != NULL) {
		fclose(fp);
	}
	CHECK(nr_file_open(path, 7, &err) == NULL);
	CHECK_INT(errno, EFBIG);
	CHECK(strstr(err.msg, "too large") != NULL);
	CHECK(nr_file_open("/dev/zero", 1024, &err) == NULL);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err.msg, "/dev/zero: cannot read: not a regular file");
	CHECK_INT(mkfifo(fifo, 0600), 0);
	alarm(10);
	CHECK(nr_file_open(fifo, 1024, &err) == NULL);
	alarm(0);
	unlink(fifo);
	unlink(path);
	CHECK(nr_file_open(path, 1024, &err) == NULL);
	CHECK_INT(errno, ENOENT);
	free(fifo);
	free(path);
}

/* Write "new\n" to path through nr_file_create; its commit's result. */
static int
write_new(const char *path, mode_t mode, struct nr_err *err)
{
	struct nr_file_out out;

	if (nr_file_create(&out, path, mode, err) < 0) {
		return -2;
	}
	fputs("new\n", out.fp);
	return nr_file_commit(&out, err);
}

/* nr_file_create and nr_file_commit write where the name says. */
static void
test_create(void)
{
	struct nr_err err;
	struct nr_file_out out;
	struct stat sb;
	char *path = t_path("out.txt"), *target = t_path("target.txt"), *link = t_path("link.txt");
	char *fifo = t_path("out-fifo"), *text, *made, *dir = t_path("nowhere/x.txt"), *dangling = t_path("dangling");
	mode_t mask = umask(022);
	char longname[256];
	pid_t pid;
	int status;

	/* A new file gets the mode asked for; a file replaced keeps its. */
	unlink(path);
	CHECK_INT(write_new(path, 0600, &err), 0);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 07777) == 0600);
	CHECK(chmod(path, 0640) == 0);
	CHECK_INT(write_new(path, 0600, &err), 0);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 07777) == 0640);
	text = t_slurp(path, NULL);
	CHECK_STR(text, "new\n");
	free(text);

	/* A discarded file leaves the old one and no temporary file. */
	t_spits(path, "old\n");
	CHECK_INT(nr_file_create(&out, path, 0600, &err), 0);
	fputs("half", out.fp);
	nr_file_discard(&out);
	text = t_slurp(path, NULL);
	CHECK_STR(text, "old\n");
	free(text);

	/* Through a symbolic link: the target is replaced, the link kept;
	 * through a dangling one, the target is made. */
	t_spits(target, "old\n");
	CHECK_INT(symlink("target.txt", link), 0);
	CHECK_INT(write_new(link, 0600, &err), 0);
	CHECK(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode));
	text = t_slurp(target, NULL);
	CHECK_STR(text, "new\n");
	free(text);
	CHECK_INT(symlink("made.txt", dangling), 0);
	CHECK_INT(write_new(dangling, 0600, &err), 0);
	CHECK(lstat(dangling, &sb) == 0 && S_ISLNK(sb.st_mode));
	made = t_path("made.txt");
	text = t_slurp(made, NULL);
	CHECK_STR(text, "new\n");
	free(text);
	free(made);

	/* Into a FIFO: written, not replaced. */
	CHECK_INT(mkfifo(fifo, 0600), 0);
	pid = fork();
	if (pid == 0) {
		char buf[16];
		FILE *fp = fopen(fifo, "r");

		_exit(fp != NULL && fgets(buf, sizeof buf, fp) != NULL && strcmp(buf, "new\n") == 0 ? 0 : 1);
	}
	alarm(10);
	CHECK_INT(write_new(fifo, 0600, &err), 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	alarm(0);
	CHECK(lstat(fifo, &sb) == 0 && S_ISFIFO(sb.st_mode));

	/* /dev/full: the error, and the device stays. */
	if (stat("/dev/full", &sb) == 0 && S_ISCHR(sb.st_mode)) {
		CHECK_INT(write_new("/dev/full", 0600, &err), -1);
		CHECK(strstr(err.msg, "/dev/full: cannot write: ") == err.msg);
		CHECK(stat("/dev/full", &sb) == 0 && S_ISCHR(sb.st_mode));
	}

	/* A name as long as a name can be: the temporary file's is short. */
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	made = t_path(longname);
	CHECK_INT(write_new(made, 0600, &err), 0);
	text = t_slurp(made, NULL);
	CHECK_STR(text, "new\n");
	free(text);
	free(made);

	/* A folder, a missing folder. */
	CHECK_INT(write_new(t_tmpdir(), 0600, &err), -2);
	CHECK(strstr(err.msg, "cannot write") != NULL);
	CHECK_INT(write_new(dir, 0600, &err), -2);
	CHECK(strstr(err.msg, "cannot write") != NULL);
	umask(mask);
	unlink(fifo);
	free(path);
	free(target);
	free(link);
	free(fifo);
	free(dir);
	free(dangling);
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
	test_open();
	test_create();
	return t_done();
}
