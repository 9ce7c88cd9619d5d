/*
 * How well zstd packs article bodies, by level and dictionary size: the
 * measurement behind store/body.c's choice. Reads N bodies DIR/0.html ..
 * (genlib.py bodies DIR N, or genfeed.py's, or real ones), trains
 * dictionaries of 16, 64 and 110 KB on the first half and compresses the
 * second half one body at a time, as the store does; prints the size
 * against the bodies' and the time to compress and to decompress one.
 *
 *   cc -O2 bench/bodies.c -lzstd -o bodies && ./bodies DIR N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zdict.h>
#include <zstd.h>

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const int dict_sizes[] = { 0, 16384, 65536, 112640 };
	static const int levels[] = { 1, 3, 6, 9, 19 };
	char **body, *samples, *out, *back;
	size_t *len, total = 0, test = 0, off = 0, cap;
	int n, half, i, d, l;

	if (argc != 3 || (n = atoi(argv[2])) < 2) {
		fprintf(stderr, "usage: bodies DIR N\n");
		return 2;
	}
	body = calloc((size_t)n, sizeof *body);
	len = calloc((size_t)n, sizeof *len);
	for (i = 0; i < n; i++) {
		char path[4096];
		FILE *fp;

		snprintf(path, sizeof path, "%s/%d.html", argv[1], i);
		fp = fopen(path, "rb");
		if (fp == NULL) {
			perror(path);
			return 1;
		}
		fseek(fp, 0, SEEK_END);
		len[i] = (size_t)ftell(fp);
		rewind(fp);
		body[i] = malloc(len[i] + 1);
		len[i] = fread(body[i], 1, len[i], fp);
		fclose(fp);
		total += len[i];
	}
	half = n / 2;
	samples = malloc(total);
	for (i = 0; i < half; i++) {
		memcpy(samples + off, body[i], len[i]);
		off += len[i];
	}
	for (i = half; i < n; i++) {
		test += len[i];
	}
	cap = ZSTD_compressBound(total);
	out = malloc(cap);
	back = malloc(total);
	printf("%d bodies, %.0f bytes on average\n", n, (double)total / n);
	for (d = 0; d < 4; d++) {
		void *dict = NULL;
		size_t dict_len = 0;

		if (dict_sizes[d] > 0) {
			dict = malloc((size_t)dict_sizes[d]);
			dict_len = ZDICT_trainFromBuffer(dict, (size_t)dict_sizes[d], samples, len, (unsigned)half);
			if (ZDICT_isError(dict_len)) {
				printf("dictionary %d: %s\n", dict_sizes[d], ZDICT_getErrorName(dict_len));
				free(dict);
				continue;
			}
		}
		for (l = 0; l < (int)(sizeof levels / sizeof levels[0]); l++) {
			ZSTD_CCtx *cc = ZSTD_createCCtx();
			ZSTD_DCtx *dc = ZSTD_createDCtx();
			ZSTD_CDict *cd = dict_len ? ZSTD_createCDict(dict, dict_len, levels[l]) : NULL;
			ZSTD_DDict *dd = dict_len ? ZSTD_createDDict(dict, dict_len) : NULL;
			size_t packed = 0, pos = 0, *sizes = calloc((size_t)n, sizeof *sizes);
			double t0, t1, t2;

			t0 = now();
			for (i = half; i < n; i++) {
				sizes[i] = cd != NULL ? ZSTD_compress_usingCDict(cc, out + pos, cap - pos, body[i], len[i], cd)
				    : ZSTD_compressCCtx(cc, out + pos, cap - pos, body[i], len[i], levels[l]);
				pos += sizes[i];
			}
			t1 = now();
			pos = 0;
			for (i = half; i < n; i++) {
				size_t r = dd != NULL ? ZSTD_decompress_usingDDict(dc, back, total, out + pos, sizes[i], dd)
				    : ZSTD_decompressDCtx(dc, back, total, out + pos, sizes[i]);

				if (r != len[i] || memcmp(back, body[i], r) != 0) {
					fprintf(stderr, "body %d does not come back\n", i);
					return 1;
				}
				pos += sizes[i];
				packed += sizes[i];
			}
			t2 = now();
			printf("dictionary %6d B, level %2d: %5.1f%% of the bodies, %6.1f us to compress one, "
			    "%5.1f us to decompress one\n", dict_sizes[d], levels[l], 100.0 * packed / test,
			    (t1 - t0) / (n - half) * 1e6, (t2 - t1) / (n - half) * 1e6);
			free(sizes);
			ZSTD_freeCCtx(cc);
			ZSTD_freeDCtx(dc);
			ZSTD_freeCDict(cd);
			ZSTD_freeDDict(dd);
		}
		free(dict);
	}
	return 0;
}
