/* Times reader mode on one HTML file: nr_htmlfile_parse_ex with extraction
 * and with NR_HTMLFILE_WHOLE (the page parsed and cleaned, no article
 * found), best of RUNS runs each, so that the difference is what the
 * extraction adds. Built and run by bench/bench-extract.py:
 *   extract-time FILE [RUNS]
 * prints "extract_ms whole_ms". */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/model.h"
#include "parse/htmlfile.h"
#include "util/file.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static double
best_of(const char *data, size_t n, unsigned flags, int runs)
{
	struct nr_htmlfile_info info;
	struct nr_item item;
	struct nr_err err;
	double best = -1, t;
	int i;

	for (i = 0; i < runs; i++) {
		nr_item_init(&item);
		t = now_ms();
		if (nr_htmlfile_parse_ex(data, n, 0, flags, &item, &info, &err) < 0) {
			fprintf(stderr, "extract-time: %s\n", err.msg);
			exit(1);
		}
		t = now_ms() - t;
		nr_htmlfile_info_free(&info);
		nr_item_clear(&item);
		if (best < 0 || t < best) {
			best = t;
		}
	}
	return best;
}

int
main(int argc, char **argv)
{
	struct nr_err err;
	size_t n = 0;
	char *data;
	int runs = argc > 2 ? atoi(argv[2]) : 5;

	if (argc < 2) {
		fprintf(stderr, "usage: extract-time FILE [RUNS]\n");
		return 2;
	}
	data = nr_file_read(argv[1], SIZE_MAX, &n, &err);
	if (data == NULL) {
		fprintf(stderr, "extract-time: %s\n", err.msg);
		return 1;
	}
	printf("%.3f %.3f\n", best_of(data, n, 0, runs < 1 ? 1 : runs),
	    best_of(data, n, NR_HTMLFILE_WHOLE, runs < 1 ? 1 : runs));
	free(data);
	return 0;
}
