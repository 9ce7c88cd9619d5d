/* Matching without regard to case by Unicode's rules (util/fold.h): full
 * case folding across scripts, canonical equivalence, accents ignored on
 * request, Turkish dotless i, and matches mapped back to whole characters
 * of the text however folding changed the lengths; the loose fold an
 * index holds, in which every match is found whatever the mode and the
 * language. */
#include "config.h"

#include "t.h"
#include "util/fold.h"

static const struct {
	const char *pat;
	const char *text;
	int flags;
	const char *lang;
	int found;
	size_t off, len;        /* the bytes of text the match covers */
} cases[] = {
	/* The misses: Latin with diaeresis, Albanian, Russian,
	 * Greek. */
	{ "ünïcödé", "Ünïcödé text", 0, "", 1, 0, 11 },
	{ "SHKODËR", "Bashkia e Shkodrës, Shkodër", 0, "", 1, 21, 8 },
	{ "байкал", "Озеро Байкал", 0, "", 1, 11, 12 },
	{ "ελληνικά", "Τα Ελληνικά", 0, "", 1, 5, 16 },
	/* Full folding: ß = SS both ways, the capital sharp s, final sigma. */
	{ "straße", "STRASSE", 0, "", 1, 0, 7 },
	{ "STRASSE", "die Straße", 0, "", 1, 4, 7 },
	{ "ss", "Fuß", 0, "", 1, 2, 2 },
	{ "s", "Fuß", 0, "", 0, 0, 0 },
	{ "fuss", "FUẞBALL", 0, "", 1, 0, 5 },
	{ "ΟΔΟΣ", "οδος", 0, "", 1, 0, 8 },
	{ "οδός", "ΟΔΌΣ", 0, "", 1, 0, 8 },
	/* Canonical equivalence: precomposed and combining forms. */
	{ "café", "cafe\xcc\x81 au lait", 0, "", 1, 0, 6 },
	{ "cafe\xcc\x81", "CAFÉ", 0, "", 1, 0, 5 },
	{ "한국", "대한민국 한국어", 0, "", 1, 13, 6 },
	/* Whole characters only: e is not the e of é, unless accents go. */
	{ "cafe", "café", 0, "", 0, 0, 0 },
	{ "cafe", "café", NR_FOLD_ACCENTS, "", 1, 0, 5 },
	{ "cafe", "cafe\xcc\x81", NR_FOLD_ACCENTS, "", 1, 0, 6 },
	{ "shkoder", "Shkodër", NR_FOLD_ACCENTS, "", 1, 0, 8 },
	{ "Ακροπολη", "της Ακρόπολης", NR_FOLD_ACCENTS, "", 1, 7, 16 },
	{ "İstanbul", "istanbul", 0, "tr", 1, 0, 8 },
	{ "cafe", "CAFÉ", NR_FOLD_ACCENTS, "", 1, 0, 5 },
	/* Turkish: I folds to dotless ı, İ to i; elsewhere I is i. */
	{ "ılık", "ILIK su", 0, "tr", 1, 0, 4 },
	{ "istanbul", "İSTANBUL", 0, "tr", 1, 0, 9 },
	{ "istanbul", "ISTANBUL", 0, "tr", 0, 0, 0 },
	{ "istanbul", "ISTANBUL", 0, "", 1, 0, 8 },
	/* CJK and emoji have no case: found as they are. */
	{ "東京", "今日の東京は晴れ", 0, "", 1, 9, 6 },
	{ "👍🏽", "ok 👍🏽!", 0, "", 1, 3, 8 },
	{ "👍", "ok 👍🏽!", 0, "", 1, 3, 4 },
	/* ASCII as before. */
	{ "World", "hello world", 0, "", 1, 6, 5 },
	{ "xyz", "hello world", 0, "", 0, 0, 0 },
};

int
main(void)
{
	size_t i;

	t_init();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct nr_fold_pat *p = nr_fold_pat_new_lang(cases[i].pat, cases[i].flags, cases[i].lang);
		size_t off = 99, len = 99;
		int found = nr_fold_find(p, cases[i].text, 0, &off, &len);

		if (found != cases[i].found) {
			fprintf(stderr, "case %zu: %s in %s\n", i, cases[i].pat, cases[i].text);
		}
		CHECK_INT(found, cases[i].found);
		if (found && cases[i].found) {
			CHECK_INT(off, cases[i].off);
			CHECK_INT(len, cases[i].len);
		}
		nr_fold_pat_free(p);
	}
	/* From a byte onwards: every match of a line, as highlighting asks. */
	{
		struct nr_fold_pat *p = nr_fold_pat_new_lang("ë", 0, "");
		const char *text = "Shkodër, Kosovë, Ë";
		size_t off, len, from = 0, n = 0;

		while (nr_fold_find(p, text, from, &off, &len)) {
			CHECK_INT(len, 2);
			from = off + len;
			n++;
		}
		CHECK_INT(n, 3);
		CHECK(!nr_fold_find(p, text, 100, &off, &len));
		nr_fold_pat_free(p);
	}
	/* Strings equal without regard to case, as the filter's = wants. */
	{
		char *a = nr_fold_string_lang("Straße Ελληνικά", 0, ""), *b = nr_fold_string_lang("STRASSE ΕΛΛΗΝΙΚΆ", 0, "");

		CHECK_STR(a, b);
		free(a);
		free(b);
		CHECK(nr_fold_equal("Shkodër", "SHKODE\xcc\x88R", 0));
		CHECK(!nr_fold_equal("Shkodër", "Shkoder", 0));
		CHECK(nr_fold_equal("Shkodër", "Shkoder", NR_FOLD_ACCENTS));
		CHECK(nr_fold_equal(NULL, "", 0));
	}
	/* The loose fold: one string in every language, and every match's
	 * pattern is in its text, folded so, whatever the language. */
	{
		static const char *const langs[] = { "", "tr", "az", "lt", "de", "el" };
		static const char *const texts[] = { "Istanbul İzmir ılık IŞIK", "Straße ẞ ΟΔΌΣ οδος",
		    "Shkodër Ακρόπολης cafe\xcc\x81", "東京 👍🏽 한국", "ﬁ ligature Ǆ" };
		size_t l, k;

		for (k = 0; k < sizeof texts / sizeof texts[0]; k++) {
			char *first = nr_fold_loose_lang(texts[k], "");

			for (l = 1; l < sizeof langs / sizeof langs[0]; l++) {
				char *other = nr_fold_loose_lang(texts[k], langs[l]);

				CHECK_STR(other, first);
				free(other);
			}
			free(first);
		}
		for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			for (l = 0; l < sizeof langs / sizeof langs[0]; l++) {
				char *lp = nr_fold_loose_lang(cases[i].pat, langs[l]);
				char *lt = nr_fold_loose_lang(cases[i].text, langs[l]);

				if (cases[i].found && strstr(lt, lp) == NULL) {
					fprintf(stderr, "loose, case %zu (%s): %s not in %s\n", i, langs[l], lp, lt);
					CHECK(0);
				}
				free(lp);
				free(lt);
			}
		}
		{
			char *a = nr_fold_loose_lang("IŞIK İzmir Café", "tr");

			CHECK_STR(a, "isik izmir cafe");
			free(a);
		}
	}
	CHECK(nr_fold_pat_new("", 0) == NULL);
	CHECK(!nr_fold_find(NULL, "text", 0, NULL, NULL));
	return t_done();
}
