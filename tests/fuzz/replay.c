/* The fuzz targets without libFuzzer: run LLVMFuzzerTestOneInput once on
 * every file named, and on every file under every folder named (in name
 * order, so runs are repeatable). Arguments starting with '-' are libFuzzer
 * options and are ignored, so tests/fuzz.sh runs both builds the same way.
 * Each input is named on stderr before it runs, so a crash names it. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int verbose = 1;
static long ran;

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *data;
	size_t n = 0, cap = 4096, got;

	if (fp == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	data = malloc(cap);
	if (data == NULL) {
		abort();
	}
	while ((got = fread(data + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			data = realloc(data, cap);
			if (data == NULL) {
				abort();
			}
		}
	}
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		fclose(fp);
		free(data);
		return -1;
	}
	fclose(fp);
	if (verbose) {
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
	}
	/* Exactly n bytes, as libFuzzer gives them: a reader past the end is
	 * caught by ASan when this is built with --enable-sanitizers. */
	data = realloc(data, n > 0 ? n : 1);
	if (data == NULL) {
		abort();
	}
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	ran++;
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
run_path(const char *path)
{
	struct stat sb;
	struct dirent **names;
	int i, n, rc = 0;

	if (stat(path, &sb) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		return run_file(path);
	}
	n = scandir(path, &names, NULL, by_name);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
			size_t len = strlen(path) + strlen(name) + 2;
			char *child = malloc(len);

			if (child == NULL) {
				abort();
			}
			snprintf(child, len, "%s/%s", path, name);
			if (run_path(child) < 0) {
				rc = -1;
			}
			free(child);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0) {
			verbose = 0;
		} else if (argv[i][0] == '-') {
			continue;
		} else if (run_path(argv[i]) < 0) {
			rc = 1;
		}
	}
	printf("%s: %ld inputs\n", argv[0], ran);
	return rc;
}
