/* Right-to-left text put in visual order (util/bidi.h): a paragraph's
 * direction from its first strong character, lines of Hebrew and Arabic
 * reversed with the English names and numbers inside them kept left to
 * right, brackets mirrored, combining marks after their letters, and the
 * byte map that lets styles follow their bytes. */
#include "config.h"

#include "t.h"
#include "util/bidi.h"

static const struct {
	const char *in;
	int rtl;
	const char *want;
} cases[] = {
	{ "plain English", 0, "plain English" },
	{ "שלום עולם", 1, "םלוע םולש" },
	/* An English name inside Arabic keeps its order. */
	{ "قال إن Microsoft ستفتح", 1, "حتفتس Microsoft نإ لاق" },
	/* A number too: European digits run left to right. */
	{ "عام 2026 جديد", 1, "ديدج 2026 ماع" },
	/* Hebrew inside English: only the Hebrew run turns. */
	{ "The word שלום means peace", 0, "The word םולש means peace" },
	/* Brackets face the other way in a right-to-left run. */
	{ "متحف (جديد)", 1, "(ديدج) فحتم" },
	/* A combining mark (shadda) stays after its letter. */
	{ "شدّة", 1, "ةدّش" },
};

int
main(void)
{
	size_t i;

	t_init();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *s = cases[i].in;
		size_t n = strlen(s), k;
		char *out = calloc(1, n + 1);
		size_t *perm = calloc(n + 1, sizeof *perm);
		int mirrored = strchr(s, '(') != NULL;

		CHECK_INT(nr_bidi_rtl(s, n), cases[i].rtl);
		CHECK_INT(nr_bidi_maybe_rtl(s, n), cases[i].rtl || strcmp(s, "The word שלום means peace") == 0);
		nr_bidi_visual(s, n, cases[i].rtl, out, perm);
		CHECK_STR(out, cases[i].want);
		/* perm is a permutation of the bytes, each byte where it came
		 * from (brackets aside, which were mirrored). */
		for (k = 0; k < n; k++) {
			CHECK(perm[k] < n);
			if (!mirrored) {
				CHECK(out[k] == s[perm[k]]);
			}
		}
		free(out);
		free(perm);
	}
	CHECK_INT(nr_bidi_rtl("123 שלום", strlen("123 שלום")), 1);
	CHECK_INT(nr_bidi_rtl("", 0), 0);
	CHECK_INT(nr_bidi_maybe_rtl("Ελληνικά русский 東京", strlen("Ελληνικά русский 東京")), 0);
	return t_done();
}
