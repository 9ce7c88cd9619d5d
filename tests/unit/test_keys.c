#include "config.h"

#include <stdint.h>
#include <string.h>

#include "config/keys.h"
#include "t.h"

#define META NR_KEY_META

/* Names that parse, and the code they give. */
static const struct {
	const char *name;
	uint32_t key;
} good[] = {
	{ "j", 'j' },
	{ "J", 'J' },
	{ "M", 'M' },
	{ "C", 'C' },
	{ "F", 'F' },
	{ "-", '-' },
	{ ";", ';' },
	{ "#", '#' },
	{ "\\", '\\' },
	{ "\"", '"' },
	{ "~", '~' },
	{ " ", 0x20 },
	{ "\xc3\xab", 0xeb },                   /* ë */
	{ "\xc3\x8b", 0xcb },                   /* Ë: case is kept */
	{ "\xe2\x82\xac", 0x20ac },             /* € */
	{ "\xe6\x97\xa5", 0x65e5 },             /* 日 */
	{ "\xf0\x9f\x98\x80", 0x1f600 },        /* 😀 */
	{ "\xc2\xa0", 0xa0 },                   /* no-break space: past C1 */
	{ "C-a", 1 },
	{ "C-A", 1 },
	{ "c-f", 6 },
	{ "C-z", 26 },
	{ "C-Z", 26 },
	{ "C-@", 0 },
	{ "C-Space", 0 },
	{ "c-space", 0 },
	{ "C-[", 27 },
	{ "C-\\", 28 },
	{ "C-]", 29 },
	{ "C-^", 30 },
	{ "C-_", 31 },
	{ "C-?", 127 },
	{ "C-i", 9 },
	{ "C-m", 13 },
	{ "Enter", 13 },
	{ "enter", 13 },
	{ "ENTER", 13 },
	{ "Return", 13 },
	{ "Tab", 9 },
	{ "TAB", 9 },
	{ "Space", 32 },
	{ "space", 32 },
	{ "Esc", 27 },
	{ "Escape", 27 },
	{ "Up", NR_KEY_UP },
	{ "up", NR_KEY_UP },
	{ "Down", NR_KEY_DOWN },
	{ "Left", NR_KEY_LEFT },
	{ "Right", NR_KEY_RIGHT },
	{ "PageUp", NR_KEY_PAGEUP },
	{ "pageup", NR_KEY_PAGEUP },
	{ "PgUp", NR_KEY_PAGEUP },
	{ "PageDown", NR_KEY_PAGEDOWN },
	{ "PgDn", NR_KEY_PAGEDOWN },
	{ "Home", NR_KEY_HOME },
	{ "End", NR_KEY_END },
	{ "Insert", NR_KEY_INSERT },
	{ "Delete", NR_KEY_DELETE },
	{ "Del", NR_KEY_DELETE },
	{ "Backspace", NR_KEY_BACKSPACE },
	{ "F1", NR_KEY_F1 },
	{ "f1", NR_KEY_F1 },
	{ "F9", NR_KEY_F1 + 8 },
	{ "F10", NR_KEY_F1 + 9 },
	{ "F12", NR_KEY_F12 },
	{ "M-j", META | 'j' },
	{ "M-J", META | 'J' },
	{ "m-j", META | 'j' },
	{ "M-M", META | 'M' },
	{ "M--", META | '-' },
	{ "M-\xc3\xab", META | 0xeb },
	{ "M-Enter", META | 13 },
	{ "M-enter", META | 13 },
	{ "M-Tab", META | 9 },
	{ "M-Space", META | 32 },
	{ "M-Up", META | NR_KEY_UP },
	{ "M-F5", META | (NR_KEY_F1 + 4) },
	{ "M-C-x", META | 24 },
	{ "C-M-x", META | 24 },
	{ "c-m-X", META | 24 },
	{ "S-Tab", META | 9 },
	{ "s-tab", META | 9 },
	{ "BackTab", META | 9 },
	{ "C-Up", NR_KEY_CTRL_UP },
	{ "c-up", NR_KEY_CTRL_UP },
	{ "C-Down", NR_KEY_CTRL_DOWN },
	{ "C-Left", NR_KEY_CTRL_LEFT },
	{ "C-Right", NR_KEY_CTRL_RIGHT },
	{ "M-C-Right", META | NR_KEY_CTRL_RIGHT },
};

/* Names that do not. */
static const char *const bad[] = {
	"",
	"jj",
	"ab",
	"C-",
	"C-1",
	"C-ab",
	"C-\xc3\xa9",
	"C-Enter",
	"M-",
	"M-M-x",
	"M-jj",
	"C-M-",
	"C-M-Up",
	"M-S-Tab",
	"S-x",
	"C-Home",
	"Ctrl-x",
	"^x",
	"F0",
	"F13",
	"F01",
	"F1x",
	"F100",
	"Foo",
	"PageUpp",
	"Page Up",
	"none",
	"\x01",
	"\t",
	"\x7f",
	"\xc2\x85",             /* C1 NEL */
	"\xc2\x9b",             /* C1 CSI */
	"\xff",
	"\xc3",                 /* truncated */
	"\xed\xa0\x80",         /* a surrogate */
	"\xc0\xaf",             /* overlong / */
	"j ",
};

/* Canonical names. */
static const struct {
	uint32_t key;
	const char *name;
} names[] = {
	{ 'j', "j" },
	{ 'J', "J" },
	{ 0xeb, "\xc3\xab" },
	{ 0, "C-@" },
	{ 1, "C-a" },
	{ 8, "C-h" },
	{ 9, "Tab" },
	{ 10, "C-j" },
	{ 13, "Enter" },
	{ 27, "Esc" },
	{ 28, "C-\\" },
	{ 31, "C-_" },
	{ 32, "Space" },
	{ 127, "C-?" },
	{ NR_KEY_UP, "Up" },
	{ NR_KEY_PAGEUP, "PageUp" },
	{ NR_KEY_PAGEDOWN, "PageDown" },
	{ NR_KEY_DELETE, "Delete" },
	{ NR_KEY_BACKSPACE, "Backspace" },
	{ NR_KEY_F1, "F1" },
	{ NR_KEY_F12, "F12" },
	{ META | 'j', "M-j" },
	{ META | 13, "M-Enter" },
	{ META | 24, "M-C-x" },
	{ META | NR_KEY_BACKSPACE, "M-Backspace" },
	{ 0x85, "<0x85>" },                     /* no name parses to these */
	{ META | 9, "S-Tab" },
	{ NR_KEY_CTRL_UP, "C-Up" },
	{ NR_KEY_CTRL_RIGHT, "C-Right" },
	{ META | NR_KEY_CTRL_LEFT, "M-C-Left" },
	{ NR_KEY_SPECIAL_END, "<0x11001b>" },
};

static void
test_parse(void)
{
	size_t i;
	uint32_t key;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		key = 0xdeadu;
		CHECK_INT(nr_key_parse(good[i].name, &key), 0);
		if (key != good[i].key) {
			fprintf(stderr, "  parsing \"%s\"\n", good[i].name);
		}
		CHECK_INT(key, good[i].key);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		key = 0xdeadu;
		if (nr_key_parse(bad[i], &key) == 0) {
			fprintf(stderr, "  \"%s\" parsed as %#x\n", bad[i], (unsigned)key);
		}
		CHECK_INT(nr_key_parse(bad[i], &key), -1);
		CHECK_INT(key, 0xdeadu);
	}
	CHECK_INT(nr_key_parse(NULL, &key), -1);
}

static void
test_name(void)
{
	char buf[NR_KEY_NAME_MAX];
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		nr_key_name(names[i].key, buf, sizeof buf);
		CHECK_STR(buf, names[i].name);
	}
	/* A short buffer truncates; no buffer is left alone. */
	nr_key_name(NR_KEY_PAGEDOWN, buf, 3);
	CHECK_STR(buf, "Pa");
	strcpy(buf, "x");
	nr_key_name(NR_KEY_PAGEDOWN, buf, 0);
	CHECK_STR(buf, "x");
}

/* Every key some name stands for: its canonical name parses back to it. */
static int
round_trips(uint32_t key)
{
	char buf[NR_KEY_NAME_MAX];
	uint32_t back = 0xdeadu;

	nr_key_name(key, buf, sizeof buf);
	if (nr_key_parse(buf, &back) < 0 || back != key) {
		fprintf(stderr, "  %#x named \"%s\" parses to %#x\n", (unsigned)key, buf, (unsigned)back);
		return 0;
	}
	return 1;
}

static void
test_round_trip(void)
{
	uint32_t cp, meta;
	size_t i;
	int ok = 1, bad_names = 1;
	char buf[NR_KEY_NAME_MAX];

	for (meta = 0; meta <= META; meta += META) {
		for (cp = 0; cp < NR_KEY_SPECIAL_END; cp++) {
			int named = cp < 0x80 || cp >= 0xa0;

			if (cp >= 0xd800 && cp <= 0xdfff) {
				named = 0;
			}
			if (cp >= 0x110000u) {
				named = 1;
			}
			if (named) {
				ok &= round_trips(cp | meta);
			} else {
				uint32_t back;

				nr_key_name(cp | meta, buf, sizeof buf);
				bad_names &= nr_key_parse(buf, &back) < 0;
			}
		}
	}
	CHECK(ok);
	CHECK(bad_names);
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		CHECK(round_trips(good[i].key));
	}
}

static void
test_actions(void)
{
	int i, j;
	const char *name, *p;

	CHECK_STR(nr_action_name(NR_ACT_NONE), "none");
	CHECK_INT(nr_action_contexts(NR_ACT_NONE), 0);
	CHECK_INT(nr_action_from_name("none"), NR_ACT_NONE);
	CHECK_INT(nr_action_from_name("bogus"), NR_ACT_NONE);
	CHECK_INT(nr_action_from_name(""), NR_ACT_NONE);
	CHECK_INT(nr_action_from_name(NULL), NR_ACT_NONE);
	CHECK_INT(nr_action_from_name("quit"), NR_ACT_QUIT);
	CHECK_INT(nr_action_from_name("Quit"), NR_ACT_QUIT);
	CHECK_INT(nr_action_from_name("open-in-browser"), NR_ACT_OPEN_BROWSER);
	CHECK_INT(nr_action_from_name("search-forward"), NR_ACT_SEARCH_FORWARD);
	CHECK_STR(nr_action_name(NR_ACT_PAGE_DOWN), "page-down");
	CHECK_STR(nr_action_help(NR_ACT_QUIT), "quit newsreader");
	CHECK_INT(nr_action_contexts(NR_ACT_CLOSE), NR_IN_READER);
	CHECK_INT(nr_action_contexts(NR_ACT_OPEN), NR_IN_LIST | NR_IN_FEEDS);

	for (i = NR_ACT_NONE + 1; i < NR_ACT_COUNT; i++) {
		name = nr_action_name((enum nr_action)i);
		CHECK_INT(nr_action_from_name(name), i);
		CHECK(strlen(nr_action_help((enum nr_action)i)) > 0);
		CHECK(nr_action_contexts((enum nr_action)i) != 0);
		CHECK((nr_action_contexts((enum nr_action)i) & ~(unsigned)NR_IN_ALL) == 0);
		/* iniparser lowercases the names it reads, and a name is one
		 * word: lowercase letters and dashes only. */
		for (p = name; *p != '\0'; p++) {
			CHECK((*p >= 'a' && *p <= 'z') || *p == '-');
		}
		for (j = i + 1; j < NR_ACT_COUNT; j++) {
			CHECK(strcmp(name, nr_action_name((enum nr_action)j)) != 0);
		}
	}

	CHECK_STR(nr_context_name(NR_CTX_LIST), "list");
	CHECK_STR(nr_context_name(NR_CTX_READER), "reader");
	CHECK_STR(nr_context_name(NR_CTX_FEEDS), "feeds");
	CHECK_INT(nr_context_from_name("reader"), NR_CTX_READER);
	CHECK_INT(nr_context_from_name("Feeds"), NR_CTX_FEEDS);
	CHECK_INT(nr_context_from_name("global"), NR_CTX_COUNT);
}

#define L NR_IN_LIST
#define R NR_IN_READER
#define F NR_IN_FEEDS
#define A NR_IN_ALL

/* The default bindings as the man page documents them: every one of them
 * is checked, and nothing else may be bound. */
static const struct {
	unsigned contexts;
	const char *key;
	enum nr_action act;
} defaults[] = {
	{ A, "q", NR_ACT_BACK },
	{ A, "Q", NR_ACT_QUIT },
	{ R, "Esc", NR_ACT_CLOSE },
	{ R, "Left", NR_ACT_CLOSE },
	{ R, "h", NR_ACT_CLOSE },
	{ A, "F1", NR_ACT_HELP },
	{ A, "H", NR_ACT_HELP },
	{ L | F, "h", NR_ACT_HELP },
	{ A, "C-l", NR_ACT_REDRAW },
	{ A, "k", NR_ACT_UP },
	{ A, "Up", NR_ACT_UP },
	{ A, "C-p", NR_ACT_UP },
	{ A, "j", NR_ACT_DOWN },
	{ A, "Down", NR_ACT_DOWN },
	{ A, "C-n", NR_ACT_DOWN },
	{ R, "Enter", NR_ACT_DOWN },
	{ A, "u", NR_ACT_HALF_PAGE_UP },
	{ A, "C-u", NR_ACT_HALF_PAGE_UP },
	{ A, "d", NR_ACT_HALF_PAGE_DOWN },
	{ A, "C-d", NR_ACT_HALF_PAGE_DOWN },
	{ A, "PageUp", NR_ACT_PAGE_UP },
	{ A, "b", NR_ACT_PAGE_UP },
	{ A, "C-b", NR_ACT_PAGE_UP },
	{ A, "-", NR_ACT_PAGE_UP },
	{ A, "PageDown", NR_ACT_PAGE_DOWN },
	{ A, "Space", NR_ACT_PAGE_DOWN },
	{ A, "C-f", NR_ACT_PAGE_DOWN },
	{ A, "g", NR_ACT_TOP },
	{ A, "Home", NR_ACT_TOP },
	{ A, "<", NR_ACT_TOP },
	{ A, "G", NR_ACT_BOTTOM },
	{ A, "End", NR_ACT_BOTTOM },
	{ A, ">", NR_ACT_BOTTOM },
	{ L | F, "Enter", NR_ACT_OPEN },
	{ L | F, "Right", NR_ACT_OPEN },
	{ L | R, "J", NR_ACT_NEXT_ARTICLE },
	{ L | R, "K", NR_ACT_PREV_ARTICLE },
	{ L | R, "]", NR_ACT_NEXT_UNREAD },
	{ L | R, "[", NR_ACT_PREV_UNREAD },
	{ A, "/", NR_ACT_SEARCH_FORWARD },
	{ A, "?", NR_ACT_SEARCH_BACKWARD },
	{ A, "n", NR_ACT_SEARCH_NEXT },
	{ A, "N", NR_ACT_SEARCH_PREV },
	{ L, "l", NR_ACT_LIMIT },
	{ L | R, "m", NR_ACT_TOGGLE_READ },
	{ L | R, "s", NR_ACT_TOGGLE_STAR },
	{ L | F, "A", NR_ACT_MARK_ALL_READ },
	{ A, "v", NR_ACT_CYCLE_LAYOUT },
	{ A, "f", NR_ACT_TOGGLE_FEEDS },
	{ A, "Tab", NR_ACT_FOCUS_NEXT },
	{ R, "L", NR_ACT_OPEN_LINK },
	{ L | R, "o", NR_ACT_OPEN_BROWSER },
	{ L | R, "|", NR_ACT_PIPE },
	{ L | R, "M-|", NR_ACT_PIPE_RAW },
	{ L | R, "S", NR_ACT_SAVE },
	{ L | F, "r", NR_ACT_RELOAD },
	{ L | R, "D", NR_ACT_DELETE_ARTICLE },
	{ F, "D", NR_ACT_UNSUBSCRIBE },
	{ A, "R", NR_ACT_RELOAD_ALL },
	{ A, "E", NR_ACT_SHOW_ERRORS },
	{ L | R, "F", NR_ACT_FULL_TEXT },
	{ L | R, "T", NR_ACT_TOGGLE_SUMMARY },
	{ A, "U", NR_ACT_TOGGLE_SHOW_READ },
	{ A, "*", NR_ACT_TOGGLE_STARRED_ONLY },
	{ A, "a", NR_ACT_TOGGLE_SHOW_READ_FEEDS },
	{ A, "O", NR_ACT_CYCLE_SORT },
	{ A, "~", NR_ACT_REVERSE_SORT },
	{ F, "z", NR_ACT_TOGGLE_TAG },
	{ L | R, ")", NR_ACT_NEXT_FEED },
	{ L | R, "(", NR_ACT_PREV_FEED },
	{ L | R, "}", NR_ACT_NEXT_UNREAD_FEED },
	{ L | R, "{", NR_ACT_PREV_UNREAD_FEED },
	{ L | R, "w", NR_ACT_LINK_LIST },
};

/* Names that parse to a key no terminal sends as itself. */
static void
test_unusable(void)
{
	static const struct {
		const char *name;
		const char *sent;       /* NULL: usable */
	} cases[] = {
		{ "C-i", "Tab" }, { "C-I", "Tab" }, { "C-m", "Enter" }, { "C-j", "Enter" }, { "C-[", "Esc" },
		{ "C-h", "Backspace" }, { "C-?", "Backspace" }, { "M-C-i", "Tab" }, { "C-M-j", "Enter" },
		{ "c-M-m", "Enter" }, { "C-k", NULL }, { "C-Up", NULL }, { "Tab", NULL }, { "i", NULL },
		{ "M-i", NULL }, { "C-]", NULL }, { "M-C-x", NULL }, { "C-", NULL }, { "S-Tab", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = nr_key_unusable(cases[i].name);

		if (cases[i].sent == NULL) {
			CHECK(got == NULL);
		} else {
			CHECK_STR(got != NULL ? got : "(null)", cases[i].sent);
		}
	}
}

static void
test_defaults(void)
{
	struct nr_keymap maps[NR_CTX_COUNT];
	size_t i, j, want;
	uint32_t key;
	int ctx;

	nr_keymap_defaults(maps);
	for (ctx = 0; ctx < NR_CTX_COUNT; ctx++) {
		const struct nr_keymap *m = &maps[ctx];

		/* No key does two things in one context, and every action is
		 * bound only where it applies. */
		for (i = 0; i < m->n; i++) {
			for (j = i + 1; j < m->n; j++) {
				if (m->b[i].key == m->b[j].key) {
					char name[NR_KEY_NAME_MAX];

					nr_key_name(m->b[i].key, name, sizeof name);
					fprintf(stderr, "  %s: %s is %s and %s\n", nr_context_name((enum nr_context)ctx),
					    name, nr_action_name(m->b[i].act), nr_action_name(m->b[j].act));
				}
				CHECK(m->b[i].key != m->b[j].key);
			}
			CHECK((nr_action_contexts(m->b[i].act) & (1u << ctx)) != 0);
			CHECK(m->b[i].act != NR_ACT_NONE);
		}
		want = 0;
		for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
			if ((defaults[i].contexts & (1u << ctx)) == 0) {
				continue;
			}
			want++;
			CHECK_INT(nr_key_parse(defaults[i].key, &key), 0);
			if (nr_keymap_lookup(m, key) != defaults[i].act) {
				fprintf(stderr, "  %s: %s\n", nr_context_name((enum nr_context)ctx), defaults[i].key);
			}
			CHECK_INT(nr_keymap_lookup(m, key), defaults[i].act);
		}
		CHECK_INT(m->n, want);
	}
	/* The habits the defaults promise. */
	CHECK_INT(nr_keymap_lookup(&maps[NR_CTX_LIST], 'q'), NR_ACT_BACK);
	CHECK_INT(nr_keymap_lookup(&maps[NR_CTX_READER], 'q'), NR_ACT_BACK);
	CHECK_INT(nr_keymap_lookup(&maps[NR_CTX_FEEDS], 'Q'), NR_ACT_QUIT);
	CHECK_INT(nr_keymap_lookup(&maps[NR_CTX_READER], ' '), NR_ACT_PAGE_DOWN);
	CHECK_INT(nr_keymap_lookup(&maps[NR_CTX_LIST], 'n'), NR_ACT_SEARCH_NEXT);
	CHECK_INT(nr_keymap_lookup(&maps[NR_CTX_READER], '?'), NR_ACT_SEARCH_BACKWARD);
	CHECK_INT(nr_keymap_lookup(&maps[NR_CTX_FEEDS], 'J'), NR_ACT_NONE);
}

static void
test_keymap(void)
{
	struct nr_keymap m;
	uint32_t keys[4];
	uint32_t k;

	m.n = 0;
	CHECK_INT(nr_keymap_lookup(&m, 'j'), NR_ACT_NONE);
	nr_keymap_bind(&m, 'j', NR_ACT_DOWN);
	nr_keymap_bind(&m, 'k', NR_ACT_UP);
	nr_keymap_bind(&m, NR_KEY_DOWN, NR_ACT_DOWN);
	CHECK_INT(m.n, 3);
	CHECK_INT(nr_keymap_lookup(&m, 'j'), NR_ACT_DOWN);
	CHECK_INT(nr_keymap_keys(&m, NR_ACT_DOWN, keys, 4), 2);
	CHECK_INT(keys[0], 'j');
	CHECK_INT(keys[1], NR_KEY_DOWN);
	CHECK_INT(nr_keymap_keys(&m, NR_ACT_DOWN, keys, 1), 2);
	CHECK_INT(nr_keymap_keys(&m, NR_ACT_QUIT, keys, 4), 0);

	/* Binding a bound key replaces what it did. */
	nr_keymap_bind(&m, 'j', NR_ACT_UP);
	CHECK_INT(m.n, 3);
	CHECK_INT(nr_keymap_lookup(&m, 'j'), NR_ACT_UP);
	/* NR_ACT_NONE unbinds, keeping the order of the rest. */
	nr_keymap_bind(&m, 'j', NR_ACT_NONE);
	CHECK_INT(m.n, 2);
	CHECK_INT(nr_keymap_lookup(&m, 'j'), NR_ACT_NONE);
	CHECK_INT(m.b[0].key, 'k');
	CHECK_INT(m.b[1].key, NR_KEY_DOWN);
	nr_keymap_bind(&m, 'x', NR_ACT_NONE);
	CHECK_INT(m.n, 2);

	nr_keymap_bind(&m, 'K', NR_ACT_UP);
	nr_keymap_clear_action(&m, NR_ACT_UP);
	CHECK_INT(m.n, 1);
	CHECK_INT(m.b[0].key, NR_KEY_DOWN);

	/* A full map takes no new key but still rebinds a bound one. */
	m.n = 0;
	for (k = 0; k < NR_KEYMAP_MAX; k++) {
		nr_keymap_bind(&m, 0x1000 + k, NR_ACT_DOWN);
	}
	CHECK_INT(m.n, NR_KEYMAP_MAX);
	nr_keymap_bind(&m, 'j', NR_ACT_DOWN);
	CHECK_INT(m.n, NR_KEYMAP_MAX);
	CHECK_INT(nr_keymap_lookup(&m, 'j'), NR_ACT_NONE);
	nr_keymap_bind(&m, 0x1000 + NR_KEYMAP_MAX - 1, NR_ACT_UP);
	CHECK_INT(nr_keymap_lookup(&m, 0x1000 + NR_KEYMAP_MAX - 1), NR_ACT_UP);
	nr_keymap_bind(&m, 0x1000 + NR_KEYMAP_MAX - 1, NR_ACT_NONE);
	CHECK_INT(m.n, NR_KEYMAP_MAX - 1);
}

int
main(void)
{
	t_init();
	test_parse();
	test_name();
	test_round_trip();
	test_actions();
	test_defaults();
	test_unusable();
	test_keymap();
	return t_done();
}
