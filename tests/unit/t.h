/* A minimal unit-test harness: CHECK records a failure with its line and
 * goes on, so that one run shows every broken case of a table; main returns
 * t_done(), which prints the totals and exits 1 if anything failed. */
#ifndef NR_T_H
#define NR_T_H

#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_checks, t_failures;

#define CHECK(cond) \
	do { \
		t_checks++; \
		if (!(cond)) { \
			t_failures++; \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
		} \
	} while (0)

#define CHECK_STR(got, want) \
	do { \
		const char *t_g = (got), *t_w = (want); \
		t_checks++; \
		if ((t_g == NULL) != (t_w == NULL) || (t_g != NULL && strcmp(t_g, t_w) != 0)) { \
			t_failures++; \
			fprintf(stderr, "%s:%d: FAILED: %s\n  got:  \"%s\"\n  want: \"%s\"\n", \
			    __FILE__, __LINE__, #got, t_g ? t_g : "(null)", t_w ? t_w : "(null)"); \
		} \
	} while (0)

#define CHECK_INT(got, want) \
	do { \
		long long t_g = (long long)(got), t_w = (long long)(want); \
		t_checks++; \
		if (t_g != t_w) { \
			t_failures++; \
			fprintf(stderr, "%s:%d: FAILED: %s\n  got:  %lld\n  want: %lld\n", \
			    __FILE__, __LINE__, #got, t_g, t_w); \
		} \
	} while (0)

/* The next number of a xorshift64 sequence kept in *x (nonzero): the
 * same pseudo-random text and bytes on every run. */
static inline uint64_t
t_xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* The bytes of tests/data/<dir>/<name> (found through $top_srcdir, set by
 * make check), or NULL after a failed check if it cannot be read. The
 * caller frees it. */
static inline char *
t_read_fixture(const char *dir, const char *name, size_t *n)
{
	const char *top = getenv("top_srcdir");
	char path[4096], chunk[4096];
	char *data = NULL;
	size_t got, len = 0;
	FILE *fp;

	snprintf(path, sizeof path, "%s/tests/data/%s/%s", top ? top : ".", dir, name);
	fp = fopen(path, "rb");
	CHECK(fp != NULL);
	if (fp == NULL) {
		return NULL;
	}
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		char *p = realloc(data, len + got + 1);

		if (p == NULL) {
			abort();
		}
		data = p;
		memcpy(data + len, chunk, got);
		len += got;
	}
	fclose(fp);
	if (data == NULL) {
		data = calloc(1, 1);
	} else {
		data[len] = '\0';
	}
	*n = len;
	return data;
}

/* Widths depend on LC_CTYPE; tests run in C.UTF-8. */
static inline void
t_init(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		setlocale(LC_ALL, "");
	}
}

static inline int
t_done(void)
{
	printf("%d checks, %d failed\n", t_checks, t_failures);
	return t_failures == 0 ? 0 : 1;
}

#endif
