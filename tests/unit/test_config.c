#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/settings.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "helpers.h"
#include "t.h"

/* Checks that cfg holds the defaults, keys included. */
static int
is_default(const struct nr_config *cfg)
{
	struct nr_keymap maps[NR_CTX_COUNT];
	int ctx;

	nr_keymap_defaults(maps);
	for (ctx = 0; ctx < NR_CTX_COUNT; ctx++) {
		if (cfg->keys[ctx].n != maps[ctx].n
		    || memcmp(cfg->keys[ctx].b, maps[ctx].b, maps[ctx].n * sizeof maps[ctx].b[0]) != 0) {
			return 0;
		}
	}
	return cfg->path == NULL && cfg->date_format != NULL && strcmp(cfg->date_format, "%Y-%m-%d %H:%M") == 0
	    && cfg->sort == NR_SORT_NEWEST && cfg->nsources == 0 && cfg->sources == NULL
	    && cfg->layout == NR_LAYOUT_SPLIT && cfg->mark_read_on_open == 1 && cfg->show_feeds == 0 && cfg->mouse == 1
	    && !cfg->colors[NR_COLOR_LIST].set && !cfg->colors[NR_COLOR_SELECTED].set
	    && cfg->browser == NULL && cfg->browser_background == 0 && cfg->reload == 3600
	    && cfg->max_connections == 8 && cfg->connections_per_host == 2 && cfg->connect_timeout == 15
	    && cfg->timeout == 60 && cfg->max_size == 32L * 1024 * 1024 && cfg->user_agent == NULL;
}

static enum nr_action
lookup(const struct nr_config *cfg, enum nr_context ctx, const char *name)
{
	uint32_t key;

	if (nr_key_parse(name, &key) < 0) {
		fprintf(stderr, "  bad key name in test: %s\n", name);
		return NR_ACT_COUNT;
	}
	return nr_keymap_lookup(&cfg->keys[ctx], key);
}

static void
test_defaults(void)
{
	struct nr_config cfg;

	nr_config_defaults(&cfg);
	CHECK(is_default(&cfg));
	CHECK_STR(nr_sort_name(cfg.sort), "newest");
	CHECK_STR(nr_sort_name(NR_SORT_SOURCE), "source");
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "j"), NR_ACT_DOWN);
	nr_config_free(&cfg);
	/* Freeing twice is harmless: free leaves nothing behind. */
	nr_config_free(&cfg);
	nr_config_free(NULL);
}

static void
test_missing(void)
{
	struct nr_config cfg;
	struct nr_err err;
	char *path = xasprintf("%s/no-such.ini", t_tmpdir());
	char *want = xasprintf("%s: cannot read: No such file or directory", path);

	nr_config_defaults(&cfg);
	nr_err_clear(&err);
	CHECK_INT(nr_config_load(&cfg, path, 0, &err), 0);
	CHECK(is_default(&cfg));
	CHECK_INT(err.code, NR_ERR_NONE);
	CHECK_INT(nr_config_load(&cfg, NULL, 0, &err), 0);
	CHECK(is_default(&cfg));

	CHECK_INT(nr_config_load(&cfg, path, 1, &err), -1);
	CHECK_STR(err.msg, want);
	CHECK_INT(err.code, NR_ERR_CONFIG);
	CHECK_INT(err.line, 0);
	CHECK(is_default(&cfg));

	/* A directory exists but cannot be read as a file. */
	free(want);
	want = xasprintf("%s: cannot read: Is a directory", t_tmpdir());
	CHECK_INT(nr_config_load(&cfg, t_tmpdir(), 0, &err), -1);
	CHECK_STR(err.msg, want);
	CHECK(is_default(&cfg));

	/* An empty file is a file with nothing changed. */
	free(path);
	path = t_put("empty.ini", "");
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
	CHECK_STR(cfg.path, path);
	free(cfg.path);
	cfg.path = NULL;
	CHECK(is_default(&cfg));

	nr_config_free(&cfg);
	free(path);
	free(want);
}

static void
test_full(void)
{
	static const char text[] =
	    "; newsreader settings\n"
	    "# both comment characters\n"
	    "\n"
	    "[general]\n"
	    "date_format = %d.%m.%Y %H:%M   ; the time too\n"
	    "sort = oldest\n"
	    "\n"
	    "[sources]\n"
	    "News = news.rss\n"
	    "Home = ~/feeds/x.atom\n"
	    "abs = /srv/a.txt\n"
	    "web = https://example.org/feed.xml\n"
	    "Sub Dir = sub/dir\n"
	    "\n"
	    "[keys]\n"
	    "down = x Down\n"
	    "quit = none\n"
	    "back = none\n"
	    "search-forward = \"/ #\"\n"
	    "search-backward = ';'\n"
	    "pipe = \"\\\"\n"
	    "toggle-star = '\"' ; a double quote\n"
	    "\n"
	    "[keys.reader]\n"
	    "down = y\n"
	    "close = \"# Left\"\n"
	    "\n"
	    "[Feed Lajme Shqip]\n"
	    "path = lajme/\n"
	    "max_articles = 50\n"
	    "title = Lajme\n"
	    "[feed second]\n"
	    "path = /srv/second.rss\n";
	struct nr_config cfg;
	struct nr_err err;
	char *path = t_put("full.ini", text);
	char *want;

	nr_config_defaults(&cfg);
	nr_err_clear(&err);
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_STR(cfg.path, path);
	CHECK_STR(cfg.date_format, "%d.%m.%Y %H:%M");
	CHECK_INT(cfg.sort, NR_SORT_OLDEST);

	/* Sources in file order, relative paths taken from the config file's
	 * directory, ~ from $HOME, URLs as written. */
	CHECK_INT(cfg.nsources, 7);
	if (cfg.nsources == 7) {
		want = xasprintf("%s/news.rss", t_tmpdir());
		CHECK_STR(cfg.sources[0].path, want);
		free(want);
		want = xasprintf("%s/home/feeds/x.atom", t_tmpdir());
		CHECK_STR(cfg.sources[1].path, want);
		free(want);
		CHECK_STR(cfg.sources[2].path, "/srv/a.txt");
		CHECK_STR(cfg.sources[3].path, "https://example.org/feed.xml");
		want = xasprintf("%s/sub/dir", t_tmpdir());
		CHECK_STR(cfg.sources[4].path, want);
		free(want);
		CHECK_STR(cfg.sources[0].label, "News");
		CHECK_STR(cfg.sources[1].label, "Home");
		CHECK_STR(cfg.sources[4].label, "Sub Dir");
		CHECK_INT(cfg.sources[4].max_articles, -1);
		/* [feed NAME] sections after [sources], with their settings. */
		want = xasprintf("%s/lajme/", t_tmpdir());
		CHECK_STR(cfg.sources[5].path, want);
		free(want);
		CHECK_STR(cfg.sources[5].label, "Lajme Shqip");
		CHECK_STR(cfg.sources[5].title, "Lajme");
		CHECK_INT(cfg.sources[5].max_articles, 50);
		CHECK_STR(cfg.sources[6].path, "/srv/second.rss");
		CHECK(cfg.sources[6].title == NULL);
	}

	/* [keys] replaces an action's keys in every context it has... */
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "x"), NR_ACT_DOWN);
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "Down"), NR_ACT_DOWN);
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "j"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "C-n"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_FEEDS, "x"), NR_ACT_DOWN);
	CHECK_INT(lookup(&cfg, NR_CTX_FEEDS, "j"), NR_ACT_NONE);
	/* ...and [keys.reader] overrides it there. */
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "y"), NR_ACT_DOWN);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "x"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "Down"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "Enter"), NR_ACT_NONE);

	/* none unbinds. */
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "q"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "Q"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "Q"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "q"), NR_ACT_NONE);

	/* Quoted values hold ; # \ and ". */
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "/"), NR_ACT_SEARCH_FORWARD);
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "#"), NR_ACT_SEARCH_FORWARD);
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, ";"), NR_ACT_SEARCH_BACKWARD);
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "?"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "\\"), NR_ACT_PIPE);
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "|"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "\""), NR_ACT_TOGGLE_STAR);

	/* A key bound in a context leaves what it did there before: # was
	 * search-forward in the reader, now it closes it. */
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "#"), NR_ACT_CLOSE);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "Left"), NR_ACT_CLOSE);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "Esc"), NR_ACT_NONE);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "/"), NR_ACT_SEARCH_FORWARD);
	/* Untouched actions keep their defaults. */
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "k"), NR_ACT_UP);
	CHECK_INT(lookup(&cfg, NR_CTX_READER, "Space"), NR_ACT_PAGE_DOWN);

	/* Loading again replaces everything (and leaks nothing). */
	free(path);
	path = t_put("small.ini", "[general]\nsort = title\n");
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
	CHECK_INT(cfg.sort, NR_SORT_TITLE);
	CHECK_INT(cfg.nsources, 0);
	CHECK_STR(cfg.date_format, "%Y-%m-%d %H:%M");
	CHECK_INT(lookup(&cfg, NR_CTX_LIST, "j"), NR_ACT_DOWN);

	nr_config_free(&cfg);
	free(path);
}

/* Files that load, and one binding or setting each must show. */
static const struct {
	const char *text;
	enum nr_context ctx;
	const char *key;
	enum nr_action act;
} good[] = {
	/* [keys.<ctx>] wins over [keys] wherever it is in the file. */
	{ "[keys.list]\ndown = y\n[keys]\ndown = x\n", NR_CTX_LIST, "y", NR_ACT_DOWN },
	{ "[keys.list]\ndown = y\n[keys]\ndown = x\n", NR_CTX_LIST, "x", NR_ACT_NONE },
	{ "[keys.list]\ndown = y\n[keys]\ndown = x\n", NR_CTX_FEEDS, "x", NR_ACT_DOWN },
	{ "[keys.list]\ndown = none\n[keys]\ndown = x\n", NR_CTX_LIST, "x", NR_ACT_NONE },
	{ "[keys.list]\ndown = none\n", NR_CTX_LIST, "j", NR_ACT_NONE },
	{ "[keys.list]\ndown = none\n", NR_CTX_READER, "j", NR_ACT_DOWN },
	{ "[keys]\ndown = NONE\n", NR_CTX_READER, "j", NR_ACT_NONE },
	/* Binding a key takes it from the action that had it. */
	{ "[keys]\ntop = j\n", NR_CTX_LIST, "j", NR_ACT_TOP },
	{ "[keys]\ntop = j\n", NR_CTX_LIST, "Down", NR_ACT_DOWN },
	{ "[keys]\ntop = j\n", NR_CTX_LIST, "g", NR_ACT_NONE },
	/* Two sections: [keys.list] takes a key from [keys]'s action. */
	{ "[keys]\ntop = z\n[keys.list]\nbottom = z\n", NR_CTX_LIST, "z", NR_ACT_BOTTOM },
	{ "[keys]\ntop = z\n[keys.list]\nbottom = z\n", NR_CTX_READER, "z", NR_ACT_TOP },
	/* One key for two actions of one section where they apply apart. */
	{ "[keys]\nopen = l\nopen-link = l\n", NR_CTX_READER, "l", NR_ACT_OPEN_LINK },
	{ "[keys]\nopen = l\nopen-link = l\n", NR_CTX_LIST, "l", NR_ACT_OPEN },
	/* Shift-Tab, Control with the arrows, Space. */
	{ "[keys]\nfocus-next = S-Tab\n", NR_CTX_LIST, "M-Tab", NR_ACT_FOCUS_NEXT },
	{ "[keys]\nup = C-Up\ndown = c-down\n", NR_CTX_LIST, "C-Down", NR_ACT_DOWN },
	{ "[keys]\nback = C-Left\n", NR_CTX_READER, "C-Left", NR_ACT_BACK },
	{ "[keys]\nquit = Space\n", NR_CTX_LIST, " ", NR_ACT_QUIT },
	/* A UTF-8 byte order mark before the first line. */
	{ "\xef\xbb\xbf[keys]\nquit = z\n", NR_CTX_LIST, "z", NR_ACT_QUIT },
	{ "\xef\xbb\xbf; a comment\n[keys]\nquit = z\n", NR_CTX_LIST, "z", NR_ACT_QUIT },
	/* Names are case-insensitive, key names except single characters. */
	{ "[KEYS]\nDown = C-X PGDN\n", NR_CTX_LIST, "C-x", NR_ACT_DOWN },
	{ "[KEYS]\nDown = C-X PGDN\n", NR_CTX_LIST, "PageDown", NR_ACT_DOWN },
	{ "[ Keys.Reader ]\nUp = K\n", NR_CTX_READER, "K", NR_ACT_UP },
	{ "[ Keys.Reader ]\nUp = K\n", NR_CTX_READER, "k", NR_ACT_NONE },
	{ "[keys]\nup = M-k F5 \xc3\xab\n", NR_CTX_LIST, "\xc3\xab", NR_ACT_UP },
	{ "[keys]\nup = M-k F5 \xc3\xab\n", NR_CTX_FEEDS, "M-k", NR_ACT_UP },
	/* An action of some contexts only binds there from [keys]. */
	{ "[keys]\nclose = x\n", NR_CTX_READER, "x", NR_ACT_CLOSE },
	{ "[keys]\nclose = x\n", NR_CTX_LIST, "x", NR_ACT_NONE },
	/* Inline comments after unquoted values; tabs and CRLF. */
	{ "[keys]\ndown = x ; and not y\n", NR_CTX_LIST, "y", NR_ACT_NONE },
	{ "[keys]\ndown = x # and not y\n", NR_CTX_LIST, "x", NR_ACT_DOWN },
	{ "[keys]\ndown = \"x\" # and not y\n", NR_CTX_LIST, "x", NR_ACT_DOWN },
	{ "[keys]\ndown = 'x y';z\n", NR_CTX_LIST, "y", NR_ACT_DOWN },
	{ "[keys]\r\n\tdown\t=\tx\ty\t\r\n", NR_CTX_LIST, "y", NR_ACT_DOWN },
	{ "  [keys]  \n  down = x", NR_CTX_LIST, "x", NR_ACT_DOWN },
	/* A section may come back. */
	{ "[keys]\ndown = x\n[general]\n[keys]\nup = y\n", NR_CTX_LIST, "x", NR_ACT_DOWN },
	{ "[keys]\ndown = x\n[general]\n[keys]\nup = y\n", NR_CTX_LIST, "y", NR_ACT_UP },
};

static void
test_good(void)
{
	struct nr_config cfg;
	struct nr_err err;
	size_t i;
	char *path;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		path = t_put("good.ini", good[i].text);
		nr_config_defaults(&cfg);
		nr_err_clear(&err);
		CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
		if (err.msg[0] != '\0' || lookup(&cfg, good[i].ctx, good[i].key) != good[i].act) {
			fprintf(stderr, "  case %zu: %s\n", i, err.msg);
		}
		CHECK_INT(lookup(&cfg, good[i].ctx, good[i].key), good[i].act);
		nr_config_free(&cfg);
		free(path);
	}
}

static const struct {
	const char *text;
	const char *msg;        /* after "FILE:" */
	long line;
} bad[] = {
	{ "[general]\nfoo = 1\n", "2: unknown key in [general]: 'foo'", 2 },
	{ "[general]\nkeep_days = -1\n", "2: bad value for keep_days: '-1' (expected a whole number, 0 for no limit)", 2 },
	{ "[general]\nmax_articles = lots\n", "2: bad value for max_articles: 'lots' (expected a whole number, 0 for no limit)", 2 },
	{ "[feed x]\ntitle = y\n", "1: [feed x] has no url or path: 'x'", 1 },
	{ "[feed x]\npath = a\nurl = b\n", "3: bad value for url: 'b' (expected an http:// or https:// URL)", 3 },
	{ "[feed x]\npath = a\n[feed x]\npath = b\n", "4: duplicate key in [feed x]: 'path'", 4 },
	{ "[feed]\npath = a\n", "1: unknown section: 'feed'", 1 },
	{ "[feed a:b]\npath = a\n", "1: bad feed name (use [feed NAME], NAME without ':'): 'feed a:b'", 1 },
	{ "[general]\nSort = random\n",
	  "2: bad value for sort: 'random' (expected newest, oldest, title, source, author or unread)", 2 },
	{ "[general]\n\n\ndate_format =\n", "4: no value given: 'date_format'", 4 },
	{ "[general]\ndate_format = \"\"\n", "2: no value given: 'date_format'", 2 },
	{ "\n[colours]\nfg = red\n", "2: unknown section: 'colours'", 2 },
	{ "[ Colours ]\n", "1: unknown section: 'Colours'", 1 },
	/* The interface's settings and [colors]. */
	{ "[general]\nlayout = sideways\n", "2: bad value for layout: 'sideways' (expected split, vertical or full)", 2 },
	{ "[general]\nmark_read_on_open = maybe\n", "2: bad value for mark_read_on_open: 'maybe' (expected yes or no)",
	  2 },
	{ "[general]\nshow_feeds = 2\n", "2: bad value for show_feeds: '2' (expected yes or no)", 2 },
	{ "[general]\nshow_read = some\n", "2: bad value for show_read: 'some' (expected yes or no)", 2 },
	{ "[general]\nshow_read_feeds = 1x\n", "2: bad value for show_read_feeds: '1x' (expected yes or no)", 2 },
	{ "[general]\ntext_width = wide\n", "2: bad value for text_width: 'wide' (expected a whole number, 0 for no "
	  "limit)", 2 },
	{ "[general]\nmouse = \n", "2: no value given: 'mouse'", 2 },
	{ "[colors]\nfg = red\n", "2: unknown element in [colors]: 'fg'", 2 },
	{ "[colors]\nlist = red\nselected = black yelow bold\n", "3: not a colour or attribute: 'yelow'", 3 },
	{ "[colors]\nstatus = 256\n", "2: not a colour or attribute: '256'", 2 },
	{ "[colors]\nstatus = red blue green\n", "2: not a colour or attribute: 'green'", 2 },
	{ "[colors]\nstatus = bold red\n", "2: not a colour or attribute: 'red'", 2 },
	{ "[colors]\nlink = blue\nlink = red\n", "3: duplicate key in [colors]: 'link'", 3 },
	{ "[keys]\nfly = x\n", "2: unknown action: 'fly'", 2 },
	{ "[keys]\nnone = x\n", "2: unknown action: 'none'", 2 },
	{ "[keys]\ndown = j Foo\n", "2: unknown key name: 'Foo'", 2 },
	{ "[keys]\ndown = none x\n", "2: unknown key name: 'none'", 2 },
	{ "[keys]\ndown = C-1\n", "2: unknown key name: 'C-1'", 2 },
	{ "[keys.feeds]\nclose = x\n", "2: action not usable in [keys.feeds]: 'close'", 2 },
	{ "[keys.list]\nopen-link = x\n", "2: action not usable in [keys.list]: 'open-link'", 2 },
	{ "[keys.reader]\nlimit = x\n", "2: action not usable in [keys.reader]: 'limit'", 2 },
	{ "[keys]\nsearch-forward = #\n",
	  "2: value starts with a comment character (quote it, as in \"#\"): 'search-forward'", 2 },
	{ "[keys]\nsearch-forward = ;\n",
	  "2: value starts with a comment character (quote it, as in \"#\"): 'search-forward'", 2 },
	{ "[sources]\nnews =\n", "2: no value given: 'news'", 2 },
	{ "[general]\njust some words\n", "2: not a section or key = value line: 'just some words'", 2 },
	{ "[general]\n  = x\n", "2: not a section or key = value line: '= x'", 2 },
	{ "[a]b]\n", "1: not a section or key = value line: '[a]b]'", 1 },
	{ "[]\n", "1: not a section or key = value line: '[]'", 1 },
	{ "[general] ; comment\n", "1: not a section or key = value line: '[general] ; comment'", 1 },
	{ "sort = newest\n", "1: key outside of any section: 'sort'", 1 },
	{ "[keys.reader]\nclose = \"#\" Left\n",
	  "2: text after the closing quote (quote the whole value): 'Left'", 2 },
	{ "[keys.reader]\nclose = '#' \"Left\" ; comment\n",
	  "2: text after the closing quote (quote the whole value): '\"Left\" ; comment'", 2 },
	{ "[keys]\ndown = \"x\n", "2: the quote is not closed (a binding to a quote is written '\"'): '\"x'", 2 },
	{ "[general]\ndate_format = 'X%Y\n", "2: the quote is not closed: ''X%Y'", 2 },
	{ "[feed x]\nurl = http://e.org/\ntitle = \"News\n", "3: the quote is not closed: '\"News'", 3 },
	/* Keys no terminal sends as themselves, and a key taken from
	 * another action of the same section. */
	{ "[keys]\ndown = x C-j\n", "2: the terminal sends this key as Enter, so it cannot be bound apart from Enter: "
	  "'C-j'", 2 },
	{ "[keys]\nfocus-next = C-i\n", "2: the terminal sends this key as Tab, so it cannot be bound apart from Tab: "
	  "'C-i'", 2 },
	{ "[keys.reader]\ndown = C-M\n", "2: the terminal sends this key as Enter, so it cannot be bound apart from "
	  "Enter: 'C-M'", 2 },
	{ "[keys]\nback = C-[\n", "2: the terminal sends this key as Esc, so it cannot be bound apart from Esc: "
	  "'C-['", 2 },
	{ "[keys]\nback = M-C-i\n", "2: the terminal sends this key as Tab, so it cannot be bound apart from Tab: "
	  "'M-C-i'", 2 },
	{ "[keys]\nquit = \" \"\n", "2: no key name in the value (the space bar is written Space): '\" \"'", 2 },
	{ "[keys]\nquit = z\nhelp = z\n", "3: z is bound to quit on line 2 of this section already: 'help'", 3 },
	{ "[keys]\ntop = z\n[general]\n[keys]\nbottom = y z\n",
	  "5: z is bound to top on line 2 of this section already: 'bottom'", 5 },
	{ "[keys.list]\ntop = Home\nbottom = home\n", "3: home is bound to top on line 2 of this section already: "
	  "'bottom'", 3 },
	{ "[feed a]\nurl = https://E.org/f\n[feed b]\nurl = HTTPS://e.ORG/f\n",
	  "3: 'b' has the same url as 'a' (line 1): 'HTTPS://e.ORG/f'", 3 },
	{ "[keys]\ndown = x\nDown = y\n", "3: duplicate key in [keys]: 'Down'", 3 },
	{ "[sources]\na = x\n[general]\n[sources]\nA = y\n", "5: duplicate key in [sources]: 'A'", 5 },
	{ "[keys]\npipe = \\\nup = k\n",
	  "2: line ends with a backslash, which joins it to the next line (quote the value): 'pipe = \\'", 2 },
	{ "; C:\\ \n[general]\n",
	  "1: line ends with a backslash, which joins it to the next line (quote the value): '; C:\\'", 1 },
	/* The first error in the file is the one reported, whether the
	 * scanner or the values find it. */
	{ "[general]\nsort = bad\n[bogus]\n",
	  "2: bad value for sort: 'bad' (expected newest, oldest, title, source, author or unread)", 2 },
	{ "[bogus]\n[general]\nsort = bad\n", "1: unknown section: 'bogus'", 1 },
	/* ...also when a later line is one iniparser rejects (iniparser
	 * is only given the lines the scanner kept). */
	{ "[keys]\ndown = Foo\nno equals sign\n", "2: unknown key name: 'Foo'", 2 },
	{ "[keys]\nno equals sign\ndown = Foo\n", "2: not a section or key = value line: 'no equals sign'", 2 },
	/* Keys in an unknown section are not reported again. */
	{ "[bogus]\nfly = 1\n[keys]\nfly = 1\n", "1: unknown section: 'bogus'", 1 },
	/* The network settings. */
	{ "[general]\nsort = title\n\n[feed a]\n\n[general]\n", "4: [feed a] has no url or path: 'a'", 4 },
	{ "[sources]\nx = y\n[feed A B]\npath = a\nurl = https://e.org/\n",
	  "3: [feed a b] has both a url and a path (give one): 'A B'", 3 },
	{ "[feed x]\nurl = ftp://e.org/f\n", "2: bad value for url: 'ftp://e.org/f' (expected an http:// or https:// URL)",
	  2 },
	{ "[feed x]\nurl = https://\n", "2: bad value for url: 'https://' (expected an http:// or https:// URL)", 2 },
	{ "[feed x]\nurl = http://a b/\n", "2: bad value for url: 'http://a b/' (expected an http:// or https:// URL)",
	  2 },
	{ "[feed x]\nurl = e.org/feed\n", "2: bad value for url: 'e.org/feed' (expected an http:// or https:// URL)",
	  2 },
	{ "[feed x]\npath = gopher://e.org/\n", "2: unsupported URL scheme (only http:// and https:// are fetched; "
	  "give a local file as its path): 'gopher://e.org/'", 2 },
	{ "[sources]\nok = a.rss\nlocal = file:///srv/a.rss\n", "3: unsupported URL scheme (only http:// and "
	  "https:// are fetched; give a local file as its path): 'file:///srv/a.rss'", 3 },
	{ "[sources]\nweb = http:///feed\n", "2: bad URL (no host, or a blank or control character in it): "
	  "'http:///feed'", 2 },
	{ "[feed x]\nurl = http://e.org/\ntags = , ,\n",
	  "3: bad value for tags: ', ,' (expected words separated by commas or blanks)", 3 },
	{ "[feed x]\nurl = http://e.org/\ncolour = red\n", "3: unknown key in [feed x]: 'colour'", 3 },
	{ "[feed x]\nurl = http://e.org/\nreload = often\n", "3: bad value for reload: 'often' (expected minutes, "
	  "or a number with s, m, h or d, up to 365d; 0 for only on request)", 3 },
	{ "[general]\nreload = 5w\n", "2: bad value for reload: '5w' (expected minutes, or a number with s, m, h or "
	  "d, up to 365d; 0 for only on request)", 2 },
	{ "[general]\nreload = 366d\n", "2: bad value for reload: '366d' (expected minutes, or a number with s, m, "
	  "h or d, up to 365d; 0 for only on request)", 2 },
	{ "[general]\nreload = -5\n", "2: bad value for reload: '-5' (expected minutes, or a number with s, m, h or "
	  "d, up to 365d; 0 for only on request)", 2 },
	{ "[general]\nreload = 5 mm\n", "2: bad value for reload: '5 mm' (expected minutes, or a number with s, m, "
	  "h or d, up to 365d; 0 for only on request)", 2 },
	{ "[general]\nreload = 99999999999999999999\n", "2: bad value for reload: '99999999999999999999' (expected "
	  "minutes, or a number with s, m, h or d, up to 365d; 0 for only on request)", 2 },
	{ "[general]\ntimeout = 0\n", "2: bad value for timeout: '0' (expected seconds, or a number with s, m, h or "
	  "d, from 1s to 1d)", 2 },
	{ "[general]\nconnect_timeout = 2d\n", "2: bad value for connect_timeout: '2d' (expected seconds, or a "
	  "number with s, m, h or d, from 1s to 1d)", 2 },
	{ "[general]\nmax_connections = 0\n", "2: bad value for max_connections: '0' (expected a whole number from "
	  "1 to 64)", 2 },
	{ "[general]\nmax_connections = 65\n", "2: bad value for max_connections: '65' (expected a whole number "
	  "from 1 to 64)", 2 },
	{ "[general]\nconnections_per_host = 17\n", "2: bad value for connections_per_host: '17' (expected a whole "
	  "number from 1 to 16)", 2 },
	{ "[general]\nconnections_per_host = two\n", "2: bad value for connections_per_host: 'two' (expected a "
	  "whole number from 1 to 16)", 2 },
	{ "[general]\nmax_size = 1023\n", "2: bad value for max_size: '1023' (expected bytes, or a number with K, "
	  "M or G, from 1K to 1G)", 2 },
	{ "[general]\nmax_size = 2G\n", "2: bad value for max_size: '2G' (expected bytes, or a number with K, M or "
	  "G, from 1K to 1G)", 2 },
	{ "[general]\nmax_size = 10T\n", "2: bad value for max_size: '10T' (expected bytes, or a number with K, M "
	  "or G, from 1K to 1G)", 2 },
	{ "[general]\nmax_size = 1.5M\n", "2: bad value for max_size: '1.5M' (expected bytes, or a number with K, "
	  "M or G, from 1K to 1G)", 2 },
	{ "[general]\nbrowser_background = sometimes\n",
	  "2: bad value for browser_background: 'sometimes' (expected yes or no)", 2 },
	{ "[general]\nbrowser =\n", "2: no value given: 'browser'", 2 },
	{ "[general]\nusername = me\n", "2: unknown key in [general]: 'username'", 2 },
	{ "[feed x]\nurl = http://e.org/\nmax_connections = 3\n", "3: unknown key in [feed x]: 'max_connections'",
	  3 },
	/* What goes to the terminal is sanitised. */
	{ "[general]\nfoo\x1b[31mbar = 1\n", "2: unknown key in [general]: 'foobar'", 2 },
};

/* [general]'s interface settings and [colors]. */
static void
test_interface(void)
{
	static const char text[] =
	    "[general]\n"
	    "layout = Vertical\n"
	    "mark_read_on_open = no\n"
	    "show_feeds = yes\n"
	    "mouse = off\n"
	    "show_read = no\n"
	    "show_read_feeds = No\n"
	    "text_width = 72\n"
	    "sort = author\n"
	    "[colors]\n"
	    "selected = black yellow bold\n"
	    "unread = brightwhite\n"
	    "search-match = 0 226 underline reverse\n"
	    "status = reverse\n"
	    "link = default blue\n"
	    "code = Bright-Green\n";
	struct nr_config cfg;
	struct nr_err err;
	char *path = t_put("ui.ini", text);

	nr_config_defaults(&cfg);
	CHECK_INT(cfg.layout, NR_LAYOUT_SPLIT);
	CHECK_INT(cfg.mark_read_on_open, 1);
	CHECK_INT(cfg.show_feeds, 0);
	CHECK_INT(cfg.mouse, 1);
	CHECK_INT(cfg.show_read, 1);
	CHECK_INT(cfg.show_read_feeds, 1);
	CHECK_INT(cfg.text_width, 0);
	CHECK_INT(cfg.colors[NR_COLOR_SELECTED].set, 0);
	nr_err_clear(&err);
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_INT(cfg.layout, NR_LAYOUT_VERTICAL);
	CHECK_INT(cfg.mark_read_on_open, 0);
	CHECK_INT(cfg.show_feeds, 1);
	CHECK_INT(cfg.mouse, 0);
	CHECK_INT(cfg.show_read, 0);
	CHECK_INT(cfg.show_read_feeds, 0);
	CHECK_INT(cfg.text_width, 72);
	CHECK_INT(cfg.sort, NR_SORT_AUTHOR);
	CHECK_INT(cfg.colors[NR_COLOR_SELECTED].set, 1);
	CHECK_INT(cfg.colors[NR_COLOR_SELECTED].fg, 0);
	CHECK_INT(cfg.colors[NR_COLOR_SELECTED].bg, 3);
	CHECK_INT(cfg.colors[NR_COLOR_SELECTED].attrs, NR_ATTR_BOLD);
	CHECK_INT(cfg.colors[NR_COLOR_UNREAD].fg, 15);
	CHECK_INT(cfg.colors[NR_COLOR_CODE].fg, 10);
	CHECK_INT(cfg.colors[NR_COLOR_UNREAD].bg, NR_COLOR_DEFAULT);
	CHECK_INT(cfg.colors[NR_COLOR_SEARCH_MATCH].fg, 0);
	CHECK_INT(cfg.colors[NR_COLOR_SEARCH_MATCH].bg, 226);
	CHECK_INT(cfg.colors[NR_COLOR_SEARCH_MATCH].attrs, NR_ATTR_UNDERLINE | NR_ATTR_REVERSE);
	CHECK_INT(cfg.colors[NR_COLOR_STATUS].fg, NR_COLOR_DEFAULT);
	CHECK_INT(cfg.colors[NR_COLOR_STATUS].attrs, NR_ATTR_REVERSE);
	CHECK_INT(cfg.colors[NR_COLOR_LINK].fg, NR_COLOR_DEFAULT);
	CHECK_INT(cfg.colors[NR_COLOR_LINK].bg, 4);
	CHECK_INT(cfg.colors[NR_COLOR_HEADER].set, 0);
	CHECK_STR(nr_layout_name(cfg.layout), "vertical");
	CHECK_STR(nr_color_element_name(NR_COLOR_SEARCH_MATCH), "search-match");
	nr_config_free(&cfg);
	free(path);
}

/* The network and browser settings, and feeds by URL. */
static void
test_network(void)
{
	static const char text[] =
	    "[general]\n"
	    "browser = firefox --new-tab %u\n"
	    "browser_background = yes\n"
	    "reload = 90\n"
	    "max_connections = 64\n"
	    "connections_per_host = 1\n"
	    "connect_timeout = 2m\n"
	    "timeout = 90\n"
	    "max_size = 512K\n"
	    "user_agent = \"Mozilla/5.0 (X11; Linux; rv:1) ; not really\"\n"
	    "[sources]\n"
	    "web = \"HTTPS://Example.org/a;b.xml\"\n"
	    "local = feeds/x.rss\n"
	    "\n"
	    "[feed kosovo]\n"
	    "url = https://kosovo.example/feed?x=1&y=2\n"
	    "title = \"Kosova; lajme #1\"\n"
	    "tags = news, Balkans   lajme,news\n"
	    "reload = 2h\n"
	    "max_articles = 20\n"
	    "user_agent = curl/8\n"
	    "username = me\n"
	    "password_command = pass show feeds/kosovo\n"
	    "[feed plain]\n"
	    "url = http://plain.example/rss\n"
	    "[feed file]\n"
	    "path = local.atom\n"
	    "tags = one\n"
	    "[feed by-path]\n"
	    "path = https://path.example/rss\n";
	static const struct {
		const char *value;
		long seconds;
	} reloads[] = {
		{ "0", 0 }, { "1", 60 }, { "90", 5400 }, { "30s", 30 }, { "30 s", 30 }, { "5M", 300 }, { "1h", 3600 },
		{ "2d", 172800 }, { "365d", 365L * 86400 }, { "0h", 0 },
	};
	static const struct {
		const char *value;
		long bytes;
	} sizes[] = {
		{ "1024", 1024 }, { "1K", 1024 }, { "1k", 1024 }, { "64 KiB", 65536 }, { "32M", 32L << 20 },
		{ "32mb", 32L << 20 }, { "1G", 1L << 30 }, { "2048B", 2048 },
	};
	struct nr_config cfg;
	struct nr_err err;
	char *path = t_put("net.ini", text);
	char *want, *ini;
	size_t i;

	nr_config_defaults(&cfg);
	nr_err_clear(&err);
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_STR(cfg.browser, "firefox --new-tab %u");
	CHECK_INT(cfg.browser_background, 1);
	CHECK_INT(cfg.reload, 90 * 60);
	CHECK_INT(cfg.max_connections, 64);
	CHECK_INT(cfg.connections_per_host, 1);
	CHECK_INT(cfg.connect_timeout, 120);
	CHECK_INT(cfg.timeout, 90);
	CHECK_INT(cfg.max_size, 512 * 1024);
	CHECK_STR(cfg.user_agent, "Mozilla/5.0 (X11; Linux; rv:1) ; not really");
	CHECK_INT(cfg.nsources, 6);
	if (cfg.nsources == 6) {
		const struct nr_source *s = cfg.sources;

		/* [sources]: a URL is kept as written and fetched. */
		CHECK_STR(s[0].path, "HTTPS://Example.org/a;b.xml");
		CHECK_INT(s[0].is_url, 1);
		CHECK_INT(s[0].line, 12);
		CHECK_INT(s[0].reload, -1);
		CHECK(s[0].tags == NULL && s[0].ntags == 0);
		want = xasprintf("%s/feeds/x.rss", t_tmpdir());
		CHECK_STR(s[1].path, want);
		free(want);
		CHECK_INT(s[1].is_url, 0);
		CHECK_INT(s[1].line, 13);
		/* [feed NAME] with every key. */
		CHECK_STR(s[2].label, "kosovo");
		CHECK_STR(s[2].path, "https://kosovo.example/feed?x=1&y=2");
		CHECK_INT(s[2].is_url, 1);
		CHECK_INT(s[2].line, 15);
		CHECK_STR(s[2].title, "Kosova; lajme #1");
		CHECK_INT(s[2].ntags, 3);
		if (s[2].ntags == 3) {
			CHECK_STR(s[2].tags[0], "news");
			CHECK_STR(s[2].tags[1], "Balkans");
			CHECK_STR(s[2].tags[2], "lajme");
		}
		CHECK_INT(s[2].reload, 7200);
		CHECK_INT(s[2].max_articles, 20);
		CHECK_STR(s[2].user_agent, "curl/8");
		CHECK_STR(s[2].username, "me");
		CHECK_STR(s[2].password_command, "pass show feeds/kosovo");
		/* Unset: [general]'s. */
		CHECK_STR(s[3].label, "plain");
		CHECK_INT(s[3].is_url, 1);
		CHECK_INT(s[3].line, 24);
		CHECK_INT(s[3].reload, -1);
		CHECK_INT(s[3].max_articles, -1);
		CHECK(s[3].title == NULL && s[3].user_agent == NULL && s[3].username == NULL);
		CHECK(s[3].password_command == NULL && s[3].ntags == 0);
		/* A file, with tags. */
		want = xasprintf("%s/local.atom", t_tmpdir());
		CHECK_STR(s[4].path, want);
		free(want);
		CHECK_INT(s[4].is_url, 0);
		CHECK_INT(s[4].ntags, 1);
		CHECK_INT(s[4].line, 26);
		/* A URL as a path is a URL. */
		CHECK_STR(s[5].path, "https://path.example/rss");
		CHECK_INT(s[5].is_url, 1);
	}
	nr_config_free(&cfg);
	free(path);

	for (i = 0; i < sizeof reloads / sizeof reloads[0]; i++) {
		ini = xasprintf("[general]\nreload = %s\n[feed f]\nurl = http://e.org/\nreload = %s\n", reloads[i].value,
		    reloads[i].value);
		path = t_put("reload.ini", ini);
		nr_config_defaults(&cfg);
		CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
		CHECK_INT(cfg.reload, reloads[i].seconds);
		CHECK_INT(cfg.nsources, 1);
		if (cfg.nsources == 1) {
			CHECK_INT(cfg.sources[0].reload, reloads[i].seconds);
		}
		nr_config_free(&cfg);
		free(path);
		free(ini);
	}
	/* Time-outs count seconds without a unit. */
	path = t_put("timeout.ini", "[general]\nconnect_timeout = 1\ntimeout = 1d\n");
	nr_config_defaults(&cfg);
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
	CHECK_INT(cfg.connect_timeout, 1);
	CHECK_INT(cfg.timeout, 86400);
	nr_config_free(&cfg);
	free(path);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		ini = xasprintf("[general]\nmax_size = %s\n", sizes[i].value);
		path = t_put("size.ini", ini);
		nr_config_defaults(&cfg);
		CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
		CHECK_INT(cfg.max_size, sizes[i].bytes);
		nr_config_free(&cfg);
		free(path);
		free(ini);
	}
}

/* The file name holding text does not load: the error is "FILE:msg" (msg
 * starting with the line), of that line, and nothing of it is used. 0 if
 * the message was as expected. */
static int
check_fails(const char *name, const char *text, const char *msg, long line)
{
	struct nr_config cfg;
	struct nr_err err;
	char *path = t_put(name, text), *want = xasprintf("%s:%s", path, msg);
	int same;

	nr_config_defaults(&cfg);
	nr_err_clear(&err);
	CHECK_INT(nr_config_load(&cfg, path, 0, &err), -1);
	same = strcmp(err.msg, want) == 0;
	CHECK_STR(err.msg, want);
	CHECK_INT(err.line, line);
	CHECK_INT(err.code, NR_ERR_CONFIG);
	CHECK(is_default(&cfg));
	nr_config_free(&cfg);
	free(want);
	free(path);
	return same ? 0 : -1;
}

static void
test_bad(void)
{
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (check_fails("bad.ini", bad[i].text, bad[i].msg, bad[i].line) < 0) {
			fprintf(stderr, "  case %zu\n", i);
		}
	}
}

/* Nothing of a file with an error is used, even what came before the
 * error, and a config loaded before is dropped. */
static void
test_reset(void)
{
	struct nr_config cfg;
	struct nr_err err;
	char *good_path = t_put("before.ini", "[general]\nsort = title\n[sources]\na = b\n");
	char *bad_path = t_put("after.ini",
	    "[general]\nsort = source\n[sources]\nx = y\n[keys]\ndown = x\nup = bogus\n");

	nr_config_defaults(&cfg);
	CHECK_INT(nr_config_load(&cfg, good_path, 1, &err), 0);
	CHECK_INT(cfg.sort, NR_SORT_TITLE);
	CHECK_INT(cfg.nsources, 1);
	CHECK_INT(nr_config_load(&cfg, bad_path, 1, &err), -1);
	CHECK(is_default(&cfg));
	/* err may be NULL. */
	CHECK_INT(nr_config_load(&cfg, bad_path, 1, NULL), -1);
	CHECK(is_default(&cfg));
	nr_config_free(&cfg);
	free(good_path);
	free(bad_path);
}

/* Lines iniparser cannot hold are reported, not cut. */
static void
test_long_line(void)
{
	struct nr_config cfg;
	struct nr_err err;
	struct nr_buf b = NR_BUF_INIT;
	char *path;
	int i;

	nr_buf_adds(&b, "[general]\ndate_format = ");
	for (i = 0; i < 1022 - 14; i++) {
		nr_buf_addc(&b, 'x');
	}
	nr_buf_adds(&b, "\n");
	/* 1022 bytes fit... */
	path = t_put("long.ini", nr_buf_str(&b));
	nr_config_defaults(&cfg);
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
	CHECK_INT(strlen(cfg.date_format), 1022 - 14);
	nr_config_free(&cfg);
	free(path);

	/* ...1023 do not. */
	b.len--;
	nr_buf_adds(&b, "x\n");
	check_fails("long.ini", nr_buf_str(&b), "2: line too long (more than 1022 bytes)", 2);
	nr_buf_free(&b);
}

/* Many feeds: each key goes to its own section's source, also when a
 * section comes back later, and a repeated key is found among thousands.
 * (iniparser is given the file in pieces: a value's quotes and comments
 * are read the same in each.) */
static void
test_many_feeds(void)
{
	struct nr_config cfg;
	struct nr_err err;
	struct nr_buf b = NR_BUF_INIT;
	char *path;
	size_t i, ok = 0;

	for (i = 0; i < 1000; i++) {
		nr_buf_printf(&b, i % 3 == 0 ? "[feed f%zu]\nurl = https://f%zu.example/\ntitle = T%zu\n"
		    : i % 3 == 1 ? "[feed f%zu]\nurl = https://f%zu.example/\ntitle = \"T%zu\" ; a comment\n"
		    : "[Feed F%zu]\nURL=https://f%zu.example/ # a comment\n  Title\t=  T%zu\n", i, i, i);
	}
	nr_buf_adds(&b, "[general]\nsort = title\n[FEED F7]\ntags = seven\n");
	path = t_put("many-feeds.ini", nr_buf_str(&b));
	nr_config_defaults(&cfg);
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), 0);
	CHECK_INT(cfg.nsources, 1000);
	for (i = 0; i < cfg.nsources && i < 1000; i++) {
		char *u = xasprintf("https://f%zu.example/", i);
		char *t = xasprintf("T%zu", i);

		ok += strcmp(cfg.sources[i].path, u) == 0 && cfg.sources[i].title != NULL &&
		    strcmp(cfg.sources[i].title, t) == 0 && cfg.sources[i].line == (long)(3 * i + 1) &&
		    cfg.sources[i].ntags == (i == 7 ? 1u : 0u);
		free(u);
		free(t);
	}
	CHECK_INT(ok, 1000);
	if (cfg.nsources > 7 && cfg.sources[7].ntags == 1) {
		CHECK_STR(cfg.sources[7].tags[0], "seven");
	}
	nr_config_free(&cfg);
	free(path);

	nr_buf_adds(&b, "[Feed f999]\nTitle = again\n");
	check_fails("many-feeds.ini", nr_buf_str(&b), "3006: duplicate key in [feed f999]: 'Title'", 3006);
	nr_buf_free(&b);
}

/* More keys than a keymap holds. */
static void
test_too_many(void)
{
	struct nr_config cfg;
	struct nr_err err;
	struct nr_buf b = NR_BUF_INIT;
	char *path, *prefix;
	uint32_t cp;
	int line;
	char utf8[5];
	size_t n;

	nr_buf_adds(&b, "[keys.list]\n");
	cp = 0x4e00;
	for (line = 0; line < 3; line++) {
		nr_buf_printf(&b, "%s =", line == 0 ? "down" : line == 1 ? "up" : "top");
		/* 80 a line: the defaults and two lines fit, the third
		 * line overflows (with up to 100 default list keys). */
		for (n = 0; n < 80; n++) {
			/* CJK ideographs: three bytes each, all distinct. */
			utf8[0] = (char)(0xe0 | (cp >> 12));
			utf8[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
			utf8[2] = (char)(0x80 | (cp & 0x3f));
			utf8[3] = '\0';
			nr_buf_printf(&b, " %s", utf8);
			cp++;
		}
		nr_buf_adds(&b, "\n");
	}
	path = t_put("many.ini", nr_buf_str(&b));
	prefix = xasprintf("%s:4: too many key bindings in the list context: '", path);
	nr_config_defaults(&cfg);
	CHECK_INT(nr_config_load(&cfg, path, 1, &err), -1);
	CHECK(strncmp(err.msg, prefix, strlen(prefix)) == 0);
	CHECK_INT(err.line, 4);
	CHECK(is_default(&cfg));
	nr_config_free(&cfg);
	free(prefix);
	free(path);
	nr_buf_free(&b);
}

int
main(void)
{
	char *home;

	t_init();
	home = t_path("home");
	setenv("HOME", home, 1);
	free(home);

	test_defaults();
	test_missing();
	test_full();
	test_good();
	test_interface();
	test_network();
	test_bad();
	test_reset();
	test_long_line();
	test_too_many();
	test_many_feeds();
	return t_done();
}
