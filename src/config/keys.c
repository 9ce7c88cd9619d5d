#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config/keys.h"
#include "util/utf8.h"

#define CTRL(c) ((uint32_t)(c) & 0x1fu)
#define DEL 0x7fu

/* The action table, generated from the one list in actions.h. */
struct action_info {
	const char *name;
	unsigned contexts;
	const char *help;
};

static const struct action_info actions[NR_ACT_COUNT] = {
	[NR_ACT_NONE] = { "none", 0, "" },
#define NR_X_INFO(id, name, ctx, help) [NR_ACT_##id] = { name, ctx, help },
	NR_ACTIONS(NR_X_INFO)
#undef NR_X_INFO
};

static const char *const context_names[NR_CTX_COUNT] = {
	[NR_CTX_LIST] = "list",
	[NR_CTX_READER] = "reader",
	[NR_CTX_FEEDS] = "feeds",
};

/* Named keys. The first name of a code is its canonical spelling, the one
 * nr_key_name writes; the others are accepted aliases. */
static const struct {
	const char *name;
	uint32_t key;
} key_names[] = {
	{ "Enter", NR_KEY_ENTER },
	{ "Return", NR_KEY_ENTER },
	{ "Tab", NR_KEY_TAB },
	{ "Space", NR_KEY_SPACE },
	{ "Esc", NR_KEY_ESC },
	{ "Escape", NR_KEY_ESC },
	{ "Up", NR_KEY_UP },
	{ "Down", NR_KEY_DOWN },
	{ "Left", NR_KEY_LEFT },
	{ "Right", NR_KEY_RIGHT },
	{ "PageUp", NR_KEY_PAGEUP },
	{ "PgUp", NR_KEY_PAGEUP },
	{ "PageDown", NR_KEY_PAGEDOWN },
	{ "PgDn", NR_KEY_PAGEDOWN },
	{ "Home", NR_KEY_HOME },
	{ "End", NR_KEY_END },
	{ "Insert", NR_KEY_INSERT },
	{ "Delete", NR_KEY_DELETE },
	{ "Del", NR_KEY_DELETE },
	{ "Backspace", NR_KEY_BACKSPACE },
	{ "C-Up", NR_KEY_CTRL_UP },
	{ "C-Down", NR_KEY_CTRL_DOWN },
	{ "C-Left", NR_KEY_CTRL_LEFT },
	{ "C-Right", NR_KEY_CTRL_RIGHT },
	/* Shift-Tab: terminals send it as its own sequence, which curses
	 * reads as KEY_BTAB; the interface gives it the code of M-Tab. */
	{ "S-Tab", NR_KEY_META | NR_KEY_TAB },
	{ "BackTab", NR_KEY_META | NR_KEY_TAB },
};

#define L NR_IN_LIST
#define R NR_IN_READER
#define F NR_IN_FEEDS
#define A NR_IN_ALL

/* The default bindings, after less (j k d u b g G / ? n N, Space, C-f C-b),
 * mutt (q goes back a level and quits only at the top, Q quits from
 * anywhere, l limits, | pipes)
 * and newsboat (o opens the browser, r and R reload, A marks all read).
 * Where the habits collide, the search keys of less win: n and N are
 * search-next and search-prev, so unread articles are "]" and "[" and
 * toggle-read is m (mark); ? searches backward, so help is F1, H, and h
 * outside the reader (where h, like Left, goes back to the list); Tab moves
 * between panes as it does in tig. newsboat's C-n and C-p (next and
 * previous unread source) are less's line moves here, and its J and K
 * are next-article and prev-article: the sources are ( and ) and, with
 * unread articles, { and } (vi's sentence and paragraph moves, ] and [
 * made bigger); its URL view u is half a page up, so the link list is w. Each line binds one key in the contexts
 * given; the unit test checks that no key is bound twice in a context and
 * that every action is bound only where it applies. The man page's table
 * of default keys is this list. */
static const struct {
	enum nr_action act;
	unsigned contexts;
	uint32_t key;
} default_bindings[] = {
	{ NR_ACT_BACK, A, 'q' },
	{ NR_ACT_QUIT, A, 'Q' },
	{ NR_ACT_CLOSE, R, NR_KEY_ESC },
	{ NR_ACT_CLOSE, R, NR_KEY_LEFT },
	{ NR_ACT_CLOSE, R, 'h' },
	{ NR_ACT_HELP, A, NR_KEY_F1 },
	{ NR_ACT_HELP, A, 'H' },
	{ NR_ACT_HELP, L | F, 'h' },
	{ NR_ACT_REDRAW, A, CTRL('l') },

	{ NR_ACT_UP, A, 'k' },
	{ NR_ACT_UP, A, NR_KEY_UP },
	{ NR_ACT_UP, A, CTRL('p') },
	{ NR_ACT_DOWN, A, 'j' },
	{ NR_ACT_DOWN, A, NR_KEY_DOWN },
	{ NR_ACT_DOWN, A, CTRL('n') },
	{ NR_ACT_DOWN, R, NR_KEY_ENTER },
	{ NR_ACT_HALF_PAGE_UP, A, 'u' },
	{ NR_ACT_HALF_PAGE_UP, A, CTRL('u') },
	{ NR_ACT_HALF_PAGE_DOWN, A, 'd' },
	{ NR_ACT_HALF_PAGE_DOWN, A, CTRL('d') },
	{ NR_ACT_PAGE_UP, A, NR_KEY_PAGEUP },
	{ NR_ACT_PAGE_UP, A, 'b' },
	{ NR_ACT_PAGE_UP, A, CTRL('b') },
	{ NR_ACT_PAGE_UP, A, '-' },
	{ NR_ACT_PAGE_DOWN, A, NR_KEY_PAGEDOWN },
	{ NR_ACT_PAGE_DOWN, A, NR_KEY_SPACE },
	{ NR_ACT_PAGE_DOWN, A, CTRL('f') },
	{ NR_ACT_TOP, A, 'g' },
	{ NR_ACT_TOP, A, NR_KEY_HOME },
	{ NR_ACT_TOP, A, '<' },
	{ NR_ACT_BOTTOM, A, 'G' },
	{ NR_ACT_BOTTOM, A, NR_KEY_END },
	{ NR_ACT_BOTTOM, A, '>' },

	{ NR_ACT_OPEN, L | F, NR_KEY_ENTER },
	{ NR_ACT_OPEN, L | F, NR_KEY_RIGHT },
	{ NR_ACT_NEXT_ARTICLE, L | R, 'J' },
	{ NR_ACT_PREV_ARTICLE, L | R, 'K' },
	{ NR_ACT_NEXT_UNREAD, L | R, ']' },
	{ NR_ACT_PREV_UNREAD, L | R, '[' },

	{ NR_ACT_SEARCH_FORWARD, A, '/' },
	{ NR_ACT_SEARCH_BACKWARD, A, '?' },
	{ NR_ACT_SEARCH_NEXT, A, 'n' },
	{ NR_ACT_SEARCH_PREV, A, 'N' },
	{ NR_ACT_LIMIT, L, 'l' },

	{ NR_ACT_TOGGLE_READ, L | R, 'm' },
	{ NR_ACT_TOGGLE_STAR, L | R, 's' },
	{ NR_ACT_MARK_ALL_READ, L | F, 'A' },
	{ NR_ACT_CYCLE_LAYOUT, A, 'v' },
	{ NR_ACT_TOGGLE_FEEDS, A, 'f' },
	{ NR_ACT_FOCUS_NEXT, A, NR_KEY_TAB },
	{ NR_ACT_OPEN_LINK, R, 'L' },
	{ NR_ACT_OPEN_BROWSER, L | R, 'o' },
	{ NR_ACT_PIPE, L | R, '|' },
	{ NR_ACT_PIPE_RAW, L | R, NR_KEY_META | '|' },
	{ NR_ACT_SAVE, L | R, 'S' },
	{ NR_ACT_RELOAD, L | F, 'r' },
	{ NR_ACT_DELETE_ARTICLE, L | R, 'D' },
	{ NR_ACT_UNSUBSCRIBE, F, 'D' },
	{ NR_ACT_RELOAD_ALL, A, 'R' },
	{ NR_ACT_SHOW_ERRORS, A, 'E' },
	{ NR_ACT_FULL_TEXT, L | R, 'F' },
	{ NR_ACT_TOGGLE_SUMMARY, L | R, 'T' },
	{ NR_ACT_TOGGLE_SHOW_READ, A, 'U' },
	{ NR_ACT_TOGGLE_STARRED_ONLY, A, '*' },
	{ NR_ACT_TOGGLE_SHOW_READ_FEEDS, A, 'a' },
	{ NR_ACT_CYCLE_SORT, A, 'O' },
	{ NR_ACT_REVERSE_SORT, A, '~' },
	{ NR_ACT_TOGGLE_TAG, F, 'z' },
	{ NR_ACT_NEXT_FEED, L | R, ')' },
	{ NR_ACT_PREV_FEED, L | R, '(' },
	{ NR_ACT_NEXT_UNREAD_FEED, L | R, '}' },
	{ NR_ACT_PREV_UNREAD_FEED, L | R, '{' },
	{ NR_ACT_LINK_LIST, L | R, 'w' },
};

#undef L
#undef R
#undef F
#undef A

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Key and action names compare without regard to ASCII case, whatever the
 * locale (strcasecmp would follow LC_CTYPE). */
static int
same_name(const char *a, const char *b)
{
	while (*a != '\0' && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

static int
has_prefix(const char *s, const char *prefix)
{
	while (*prefix != '\0') {
		if (ascii_lower((unsigned char)*s) != ascii_lower((unsigned char)*prefix)) {
			return 0;
		}
		s++;
		prefix++;
	}
	return 1;
}

/* A character that can stand for itself as a key name: not a C0 or C1
 * control, not DEL, and a Unicode scalar value. */
static int
printable(uint32_t cp)
{
	if (cp < 0x20 || cp == DEL || (cp >= 0x80 && cp < 0xa0)) {
		return 0;
	}
	return cp < 0xd800 || (cp > 0xdfff && cp < NR_KEY_BASE);
}

/* A name that is exactly one printable UTF-8 character. */
static int
parse_char(const char *name, uint32_t *key)
{
	size_t len = strlen(name);
	size_t used;
	uint32_t cp;

	if (len == 0 || len > 4) {
		return -1;
	}
	used = nr_utf8_decode(name, len, &cp);
	if (used != len || !nr_utf8_valid(name, len) || !printable(cp)) {
		return -1;
	}
	*key = cp;
	return 0;
}

/* What follows "C-": a letter in either case, one of @ [ \ ] ^ _ ? (their
 * C0 codes, as the terminal sends them), or Space (the same as C-@). */
static int
parse_ctrl(const char *s, uint32_t *key)
{
	static const char others[] = "@[\\]^_";
	const char *p;

	if (same_name(s, "Space")) {
		*key = 0;
		return 0;
	}
	if (s[0] == '\0' || s[1] != '\0') {
		return -1;
	}
	if ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) {
		*key = CTRL(s[0]);
		return 0;
	}
	if (s[0] == '?') {
		*key = DEL;
		return 0;
	}
	p = strchr(others, s[0]);
	if (p == NULL) {
		return -1;
	}
	*key = CTRL(*p);
	return 0;
}

/* F1..F12, without leading zeros. */
static int
parse_fkey(const char *s, uint32_t *key)
{
	unsigned n;

	if (s[0] != 'F' && s[0] != 'f') {
		return -1;
	}
	if (s[1] < '1' || s[1] > '9') {
		return -1;
	}
	n = (unsigned)(s[1] - '0');
	if (s[2] != '\0') {
		if (s[2] < '0' || s[2] > '9' || s[3] != '\0') {
			return -1;
		}
		n = n * 10 + (unsigned)(s[2] - '0');
	}
	if (n < 1 || n > 12) {
		return -1;
	}
	*key = NR_KEY_F1 + n - 1;
	return 0;
}

/* A key name without the meta prefix. */
static int
parse_plain(const char *name, uint32_t *key)
{
	size_t i;

	if (parse_char(name, key) == 0) {
		return 0;
	}
	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (same_name(name, key_names[i].name)) {
			*key = key_names[i].key;
			return 0;
		}
	}
	if (has_prefix(name, "C-")) {
		return parse_ctrl(name + 2, key);
	}
	return parse_fkey(name, key);
}

int
nr_key_parse(const char *name, uint32_t *key)
{
	uint32_t k;

	if (name == NULL || name[0] == '\0') {
		return -1;
	}
	/* A single character first, so that "M" and "C" are letters; then
	 * M-<key>, and C-M-<c> as Emacs spells M-C-<c>. */
	if (parse_char(name, &k) == 0) {
		*key = k;
		return 0;
	}
	if (has_prefix(name, "M-") && name[2] != '\0') {
		if (has_prefix(name + 2, "M-") && name[4] != '\0') {
			return -1;
		}
		/* M-S-Tab would be M-M-Tab. */
		if (parse_plain(name + 2, &k) < 0 || (k & NR_KEY_META) != 0) {
			return -1;
		}
		*key = k | NR_KEY_META;
		return 0;
	}
	if (has_prefix(name, "C-M-")) {
		if (parse_ctrl(name + 4, &k) < 0) {
			return -1;
		}
		*key = k | NR_KEY_META;
		return 0;
	}
	if (parse_plain(name, &k) < 0) {
		return -1;
	}
	*key = k;
	return 0;
}

/* The canonical name of a key without its meta flag, into buf (at least
 * NR_KEY_NAME_MAX bytes). */
static void
plain_name(uint32_t key, char *buf)
{
	static const char ctrl_others[] = "\\]^_";
	size_t i, len;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (key_names[i].key == key) {
			strcpy(buf, key_names[i].name);
			return;
		}
	}
	if (key >= NR_KEY_F1 && key <= NR_KEY_F12) {
		snprintf(buf, NR_KEY_NAME_MAX, "F%u", (unsigned)(key - NR_KEY_F1 + 1));
	} else if (key == 0) {
		strcpy(buf, "C-@");
	} else if (key <= 26) {
		snprintf(buf, NR_KEY_NAME_MAX, "C-%c", (char)('a' + key - 1));
	} else if (key >= 28 && key <= 31) {
		snprintf(buf, NR_KEY_NAME_MAX, "C-%c", ctrl_others[key - 28]);
	} else if (key == DEL) {
		strcpy(buf, "C-?");
	} else if (printable(key)) {
		len = nr_utf8_encode(key, buf);
		buf[len] = '\0';
	} else {
		/* Not a key any name stands for (a C1 control, past the special
		 * keys): shown, but nr_key_parse rejects it. */
		snprintf(buf, NR_KEY_NAME_MAX, "<%#x>", (unsigned)key);
	}
}

void
nr_key_name(uint32_t key, char *buf, size_t size)
{
	char plain[NR_KEY_NAME_MAX];

	if (buf == NULL || size == 0) {
		return;
	}
	if (key == (NR_KEY_META | NR_KEY_TAB)) {
		/* Esc Tab too, but Shift-Tab is what people press. */
		snprintf(buf, size, "S-Tab");
		return;
	}
	plain_name(key & ~NR_KEY_META, plain);
	snprintf(buf, size, "%s%s", (key & NR_KEY_META) != 0 ? "M-" : "", plain);
}

const char *
nr_key_unusable(const char *name)
{
	static const struct {
		char c;
		const char *sent;
	} clash[] = {
		{ 'i', "Tab" }, { 'm', "Enter" }, { 'j', "Enter" }, { '[', "Esc" }, { 'h', "Backspace" },
		{ '?', "Backspace" },
	};
	const char *s = name;
	size_t i;

	if (s == NULL) {
		return NULL;
	}
	if (has_prefix(s, "M-") && s[2] != '\0') {
		s += 2;
	} else if (has_prefix(s, "C-M-") && s[4] != '\0') {
		/* C-M-x is M-C-x. */
		char c = (char)ascii_lower((unsigned char)s[4]);

		for (i = 0; s[5] == '\0' && i < sizeof clash / sizeof clash[0]; i++) {
			if (c == clash[i].c) {
				return clash[i].sent;
			}
		}
		return NULL;
	}
	if (!has_prefix(s, "C-") || s[2] == '\0' || s[3] != '\0') {
		return NULL;
	}
	for (i = 0; i < sizeof clash / sizeof clash[0]; i++) {
		if (ascii_lower((unsigned char)s[2]) == clash[i].c) {
			return clash[i].sent;
		}
	}
	return NULL;
}

enum nr_action
nr_action_from_name(const char *name)
{
	int i;

	if (name == NULL) {
		return NR_ACT_NONE;
	}
	for (i = NR_ACT_NONE + 1; i < NR_ACT_COUNT; i++) {
		if (same_name(name, actions[i].name)) {
			return (enum nr_action)i;
		}
	}
	return NR_ACT_NONE;
}

const char *
nr_action_name(enum nr_action act)
{
	if ((int)act < 0 || act >= NR_ACT_COUNT) {
		return actions[NR_ACT_NONE].name;
	}
	return actions[act].name;
}

const char *
nr_action_help(enum nr_action act)
{
	if ((int)act < 0 || act >= NR_ACT_COUNT) {
		return actions[NR_ACT_NONE].help;
	}
	return actions[act].help;
}

unsigned
nr_action_contexts(enum nr_action act)
{
	if ((int)act < 0 || act >= NR_ACT_COUNT) {
		return 0;
	}
	return actions[act].contexts;
}

const char *
nr_context_name(enum nr_context ctx)
{
	if ((int)ctx < 0 || ctx >= NR_CTX_COUNT) {
		return "";
	}
	return context_names[ctx];
}

enum nr_context
nr_context_from_name(const char *name)
{
	int i;

	for (i = 0; i < NR_CTX_COUNT; i++) {
		if (name != NULL && same_name(name, context_names[i])) {
			return (enum nr_context)i;
		}
	}
	return NR_CTX_COUNT;
}

void
nr_keymap_defaults(struct nr_keymap maps[NR_CTX_COUNT])
{
	size_t i;
	int ctx;

	/* Appended as listed, not through nr_keymap_bind, so that a clash in
	 * the table shows up as two bindings of one key (which the unit test
	 * looks for) instead of one silently replacing the other. */
	for (ctx = 0; ctx < NR_CTX_COUNT; ctx++) {
		maps[ctx].n = 0;
		for (i = 0; i < sizeof default_bindings / sizeof default_bindings[0]; i++) {
			if ((default_bindings[i].contexts & (1u << ctx)) == 0 || maps[ctx].n == NR_KEYMAP_MAX) {
				continue;
			}
			maps[ctx].b[maps[ctx].n].key = default_bindings[i].key;
			maps[ctx].b[maps[ctx].n].act = default_bindings[i].act;
			maps[ctx].n++;
		}
	}
}

static size_t
find_key(const struct nr_keymap *map, uint32_t key)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		if (map->b[i].key == key) {
			return i;
		}
	}
	return map->n;
}

/* Removing keeps the order of the rest, which is the order the help
 * screen lists them in. */
static void
remove_at(struct nr_keymap *map, size_t i)
{
	memmove(&map->b[i], &map->b[i + 1], (map->n - i - 1) * sizeof map->b[0]);
	map->n--;
}

void
nr_keymap_bind(struct nr_keymap *map, uint32_t key, enum nr_action act)
{
	size_t i = find_key(map, key);

	if (i < map->n) {
		if (act == NR_ACT_NONE) {
			remove_at(map, i);
		} else {
			map->b[i].act = act;
		}
		return;
	}
	if (act == NR_ACT_NONE || map->n == NR_KEYMAP_MAX) {
		return;
	}
	map->b[map->n].key = key;
	map->b[map->n].act = act;
	map->n++;
}

void
nr_keymap_clear_action(struct nr_keymap *map, enum nr_action act)
{
	size_t i = 0;

	while (i < map->n) {
		if (map->b[i].act == act) {
			remove_at(map, i);
		} else {
			i++;
		}
	}
}

enum nr_action
nr_keymap_lookup(const struct nr_keymap *map, uint32_t key)
{
	size_t i = find_key(map, key);

	return i < map->n ? map->b[i].act : NR_ACT_NONE;
}

size_t
nr_keymap_keys(const struct nr_keymap *map, enum nr_action act, uint32_t *keys, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < map->n; i++) {
		if (map->b[i].act == act) {
			if (n < max) {
				keys[n] = map->b[i].key;
			}
			n++;
		}
	}
	return n;
}
