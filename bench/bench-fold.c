/* Search over 100,000 titles with Unicode folding (util/fold.h), as the
 * interface's search and limit do it: one pattern folded once, then every
 * title folded and searched. Titles are made from words of several
 * scripts (Latin with diacritics, Albanian, German, Russian, Greek,
 * Turkish, Japanese, Arabic), about 60 bytes each; each pattern is timed
 * over all titles, best of RUNS passes, beside strcasestr (ASCII case only)
 * over the same titles for scale. Times are the CPU time of the process
 * (CLOCK_PROCESS_CPUTIME_ID), so that other work on the machine does not
 * count.
 *
 *   make bench/bench-fold && bench/bench-fold [TITLES] [RUNS]
 */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/fold.h"

static const char *const words[] = {
	"the", "city", "council", "budget", "river", "bridge", "report", "minister", "festival",
	"Prishtina", "Tirana", "Shkodër", "Kosovë", "qytetit", "këshilli", "Straße", "Bürgermeister",
	"Gemeinderat", "Байкал", "город", "Новосибирск", "погода", "Ελληνικά", "Ακρόπολη", "μουσείο",
	"İstanbul", "Boğaziçi", "vapur", "東京", "開花宣言", "القاهرة", "متحف", "naïve", "café",
};

static uint32_t
next_rand(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	static const char *const pats[] = { "council", "SHKODËR", "байкал", "ελληνικά", "strasse", "no-such-thing" };
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000, i, bytes = 0;
	int runs = argc > 2 ? atoi(argv[2]) : 5, r;
	size_t p;
	uint32_t seed = 16;
	char **titles;

	setlocale(LC_ALL, "C.UTF-8");
	titles = calloc(n, sizeof *titles);
	for (i = 0; i < n; i++) {
		char buf[512];
		size_t len = 0;
		int k, nw = 6 + (int)(next_rand(&seed) % 6);

		for (k = 0; k < nw; k++) {
			const char *w = words[next_rand(&seed) % (sizeof words / sizeof words[0])];

			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", k ? " " : "", w);
		}
		titles[i] = strdup(buf);
		bytes += len;
	}
	printf("%zu titles, %.1f MB, best of %d passes\n", n, bytes / 1e6, runs);
	printf("%-16s %10s %10s %12s\n", "pattern", "matches", "fold ms", "strcasestr ms");
	for (p = 0; p < sizeof pats / sizeof pats[0]; p++) {
		struct nr_fold_pat *pat = nr_fold_pat_new(pats[p], 0);
		double best = 1e9, best_c = 1e9;
		size_t found = 0;

		for (r = 0; r < runs; r++) {
			double t0 = now_ms(), t1;
			size_t c = 0;

			found = 0;
			for (i = 0; i < n; i++) {
				found += nr_fold_find(pat, titles[i], 0, NULL, NULL);
			}
			t1 = now_ms();
			best = t1 - t0 < best ? t1 - t0 : best;
			t0 = now_ms();
			for (i = 0; i < n; i++) {
				c += strcasestr(titles[i], pats[p]) != NULL;
			}
			t1 = now_ms();
			best_c = t1 - t0 < best_c ? t1 - t0 : best_c;
			if (c > n) {
				return 1;
			}
		}
		printf("%-16s %10zu %10.1f %12.1f\n", pats[p], found, best, best_c);
		nr_fold_pat_free(pat);
	}
	for (i = 0; i < n; i++) {
		free(titles[i]);
	}
	free(titles);
	return 0;
}
