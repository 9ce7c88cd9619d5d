/* A minimal unit-test harness: CHECK records a failure with its line and
 * goes on, so that one run shows every broken case of a table; main returns
 * t_done(), which prints the totals and exits 1 if anything failed. */
#ifndef NR_T_H
#define NR_T_H

#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
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
