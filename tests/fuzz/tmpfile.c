/* The scratch file of fuzz.h: one per process, rewritten for each input
 * (opening a new file per run would make the file system, not the parser,
 * the bottleneck). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char path[4096];
static int fd = -1;

static void
remove_tmpfile(void)
{
	if (fd >= 0) {
		unlink(path);
		close(fd);
		fd = -1;
	}
}

const char *
fuzz_tmpfile_write(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (fd < 0) {
		const char *dir = getenv("TMPDIR");

		if (dir == NULL || dir[0] == '\0') {
			dir = "/tmp";
		}
		snprintf(path, sizeof path, "%s/nr-fuzz.XXXXXX", dir);
		fd = mkstemp(path);
		if (fd < 0) {
			perror(path);
			abort();
		}
		atexit(remove_tmpfile);
	}
	if (ftruncate(fd, 0) < 0) {
		perror(path);
		abort();
	}
	while (done < size) {
		ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);

		if (w <= 0) {
			perror(path);
			abort();
		}
		done += (size_t)w;
	}
	return path;
}
