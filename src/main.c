/* newsreader: options, locale and translations, the configuration, then
 * loading the sources and the batch modes. The interactive interface lives
 * in ui/; everything else in the core library. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/dump.h"
#include "app/list.h"
#include "app/load.h"
#include "app/render_file.h"
#include "app/update.h"
#include "app/view.h"
#include "config/settings.h"
#include "config/subscribe.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/libxml.h"
#include "nls.h"
#include "parse/opml.h"
#include "parse/source.h"
#include "render/render.h"
#include "store/store.h"
#include "ui/ui.h"
#include "util/date.h"
#include "util/path.h"
#include "util/utf8.h"

/* Exit statuses: 1 when nothing could be loaded, 2 for a usage or
 * configuration error (nothing else is done then). */
#define EXIT_NOTHING 1
#define EXIT_USAGE 2

enum {
	OPT_DUMP = 256,
	OPT_BODY,
	OPT_FIELDS,
	OPT_UNREAD,
	OPT_STARRED,
	OPT_UPDATE,
	OPT_MARK_READ,
	OPT_MARK_UNREAD,
	OPT_STAR,
	OPT_UNSTAR,
	OPT_MARK_ALL_READ,
	OPT_EXPORT_STATE,
	OPT_IMPORT_STATE,
	OPT_CLEANUP,
	OPT_PRINT_KEYS,
	OPT_ADD,
	OPT_TITLE,
	OPT_TAGS,
	OPT_IMPORT_OPML,
	OPT_EXPORT_OPML,
	OPT_RENDER,
	OPT_WIDTH,
	OPT_COLOR
};

/* What this run does: one mode; paths or ids are its operands. */
enum mode {
	MODE_LIST,
	MODE_DUMP,
	MODE_UPDATE,
	MODE_MARK_READ,
	MODE_MARK_UNREAD,
	MODE_STAR,
	MODE_UNSTAR,
	MODE_MARK_ALL_READ,
	MODE_EXPORT_STATE,
	MODE_IMPORT_STATE,
	MODE_CLEANUP
};

static const struct option long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "database", required_argument, NULL, 'd' },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "body", no_argument, NULL, OPT_BODY },
	{ "fields", required_argument, NULL, OPT_FIELDS },
	{ "unread", no_argument, NULL, OPT_UNREAD },
	{ "starred", no_argument, NULL, OPT_STARRED },
	{ "update", no_argument, NULL, OPT_UPDATE },
	{ "mark-read", no_argument, NULL, OPT_MARK_READ },
	{ "mark-unread", no_argument, NULL, OPT_MARK_UNREAD },
	{ "star", no_argument, NULL, OPT_STAR },
	{ "unstar", no_argument, NULL, OPT_UNSTAR },
	{ "mark-all-read", no_argument, NULL, OPT_MARK_ALL_READ },
	{ "export-state", required_argument, NULL, OPT_EXPORT_STATE },
	{ "import-state", required_argument, NULL, OPT_IMPORT_STATE },
	{ "cleanup", no_argument, NULL, OPT_CLEANUP },
	{ "print-keys", no_argument, NULL, OPT_PRINT_KEYS },
	{ "add", required_argument, NULL, OPT_ADD },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "tags", required_argument, NULL, OPT_TAGS },
	{ "import-opml", required_argument, NULL, OPT_IMPORT_OPML },
	{ "export-opml", no_argument, NULL, OPT_EXPORT_OPML },
	{ "render", required_argument, NULL, OPT_RENDER },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "color", no_argument, NULL, OPT_COLOR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(_("Usage: %s [OPTION]... [PATH]...\n"
	    "  or:  %s --dump [--unread] [--starred] [--body | --fields=LIST] [PATH]...\n"
	    "  or:  %s --update [PATH]...\n"
	    "  or:  %s --mark-read | --mark-unread | --star | --unstar ID...\n"
	    "  or:  %s --add URL [--title TITLE] [--tags TAGS] | --import-opml FILE | --export-opml\n"
	    "  or:  %s --render FILE [--width N] [--color]\n"), PACKAGE, PACKAGE, PACKAGE,
	    PACKAGE, PACKAGE, PACKAGE);
	fputs(_("Read news in the terminal: RSS, RDF, Atom and JSON feeds on the web or in\n"
	    "files, articles saved as text or HTML, and folders of them.\n"
	    "\n"
	    "With no PATH, read the sources of the configuration file ([sources] and\n"
	    "[feed NAME] sections), or the bundled samples if it has none. What is read\n"
	    "is kept in the database with your read and starred marks.\n"
	    "\n"), stdout);
	fputs(_("A PATH may be an http:// or https:// URL: it is fetched once, like a file,\n"
	    "and not subscribed. --update fetches the feeds of the configuration in\n"
	    "parallel and prints a line for each: what is new, or 'not modified'; a\n"
	    "feed that failed is reported on standard error, and the exit status is 1.\n"
	    "\n"), stdout);
	fputs(_("  -c, --config=FILE    read settings from FILE instead of\n"
	    "                         $XDG_CONFIG_HOME/newsreader/config.ini\n"
	    "  -d, --database=FILE  keep articles and state in FILE instead of\n"
	    "                         $XDG_DATA_HOME/newsreader/newsreader.db\n"
	    "      --dump           print articles as tab-separated values, newest first:\n"
	    "                         published (Unix seconds), source, title, link,\n"
	    "                         author, id; with PATHs, those files (the database\n"
	    "                         is not written), else the database\n"
	    "      --body           with --dump, add the article's text as a 7th field\n"
	    "      --fields=LIST    with --dump, print these fields (comma-separated):\n"
	    "                         published, updated, source, title, link, author,\n"
	    "                         author_email, author_uri, id, categories,\n"
	    "                         enclosures, via, via_link, source_link,\n"
	    "                         source_kind, summary, content, body, read, starred,\n"
	    "                         changed\n"
	    "      --unread         with --dump, only unread articles\n"
	    "      --starred        with --dump, only starred articles\n"), stdout);
	fputs(_("      --update         read the configured sources and PATHs into the\n"
	    "                         database, and print what is new\n"
	    "      --mark-read      mark the articles with these IDs read\n"
	    "      --mark-unread    mark them unread\n"
	    "      --star           star them\n"
	    "      --unstar         unstar them\n"
	    "      --mark-all-read  mark every article in the database read\n"
	    "      --export-state=FILE  write the read and starred marks to FILE\n"
	    "      --import-state=FILE  apply the marks of FILE (from --export-state)\n"
	    "      --cleanup        purge old articles (keep_days, max_articles; starred\n"
	    "                         ones are kept) and compact the database\n"
	    "      --render=FILE    print the HTML or text file FILE as the reader shows\n"
	    "                         it (wrapped, links numbered and listed), and exit\n"
	    "      --width=N        with --render, wrap to N columns (default: the\n"
	    "                         terminal's width, else 80)\n"
	    "      --color          with --render, keep bold, italic, underline and dim\n"
	    "                         as terminal escape sequences (SGR)\n"
	    "      --print-keys     print the key bindings in effect (defaults and\n"
	    "                         configuration file) as INI sections, and exit\n"), stdout);
	fputs(_("      --add=URL        subscribe to the feed at URL: add a [feed NAME]\n"
	    "                         section to the configuration file, and exit\n"
	    "      --title=TITLE    with --add, the feed's title\n"
	    "      --tags=TAGS      with --add, its tags (separated by commas or blanks)\n"
	    "      --import-opml=FILE  subscribe to every feed of the OPML file FILE\n"
	    "                         not subscribed yet, and exit\n"
	    "      --export-opml    print the subscribed feeds as OPML 2.0, and exit\n"
	    "  -h, --help           display this help and exit\n"
	    "  -V, --version        output version information and exit\n"), stdout);
	fputs(_("\n"
	    "Exit status: 0 on success; 1 if nothing could be read (with --update: if\n"
	    "any source could not be read), an id matched no article, or the database\n"
	    "could not be used; 2 for a bad option or configuration file.\n"), stdout);
	printf(_("\nFull documentation: man %s\n"), PACKAGE);
	printf(_("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
}

static void
version(void)
{
	printf("%s %s\n", PACKAGE, PACKAGE_VERSION);
	fputs(_("Copyright (C) 2026 the newsreader authors.\n"
	    "License MIT: <https://opensource.org/licenses/MIT>.\n"
	    "This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n"), stdout);
}

static void
print_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	/* A file's name is not ours: it must not reach the terminal as
	 * control characters any more than a feed's title may. */
	char *name = nr_utf8_sanitize(location, strlen(location), 0);

	(void)ud;
	if (err->line > 0) {
		fprintf(stderr, warning ? _("%s: %s:%ld: warning: %s\n") : "%s: %s:%ld: %s\n",
		    PACKAGE, name, err->line, err->msg);
	} else {
		fprintf(stderr, warning ? _("%s: %s: warning: %s\n") : "%s: %s: %s\n",
		    PACKAGE, name, err->msg);
	}
	free(name);
}

/* The bundled samples: installed ones, else those of the source tree the
 * program was built from (so that ./src/newsreader works before install). */
static const char *
samples_dir(void)
{
	struct stat sb;

	if (stat(NR_SAMPLES_DIR, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		return NR_SAMPLES_DIR;
	}
	if (stat(NR_SRC_SAMPLES_DIR, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		return NR_SRC_SAMPLES_DIR;
	}
	return NULL;
}

static int
terminal_columns(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		return ws.ws_col;
	}
	if (env != NULL && atoi(env) > 0) {
		return atoi(env);
	}
	return NR_RENDER_WIDTH;
}

/* The widest --width: more columns than any terminal has. */
#define NR_MAX_WIDTH 10000

static int
parse_width(const char *s, int *width)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < 1 || n > NR_MAX_WIDTH) {
		return -1;
	}
	*width = (int)n;
	return 0;
}

/* --render FILE [--width N] [--color]: the file as the reader pane shows
 * it, at N columns (default: the terminal's, else 80). */
static int
render_mode(const char *file, int width, int color, enum mode mode, int nargs)
{
	struct nr_err err;

	if (file == NULL) {
		fprintf(stderr, _("%s: --width and --color need --render FILE\n"), PACKAGE);
		fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
		return EXIT_USAGE;
	}
	if (mode != MODE_LIST || nargs > 0) {
		fprintf(stderr, _("%s: --render takes one FILE and no other mode or PATH\n"), PACKAGE);
		fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
		return EXIT_USAGE;
	}
	nr_libxml_init();
	if (nr_render_file_print(file, width > 0 ? width : terminal_columns(), color, stdout, &err) < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
		nr_libxml_cleanup();
		return EXIT_NOTHING;
	}
	nr_libxml_cleanup();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("%s: cannot write the output: %s\n"), PACKAGE, strerror(errno));
		return EXIT_NOTHING;
	}
	return EXIT_SUCCESS;
}

/* Until the interactive interface lands: the article list, one line each,
 * fitted to the terminal by columns. */
static void
print_list(const struct nr_list *list, const struct nr_config *cfg)
{
	int cols = terminal_columns();
	int source_cols = cols >= 60 ? 18 : 8;
	int date_width;
	char sample[64];
	size_t i;

	/* Articles with no date keep the columns aligned. */
	nr_date_format(0, cfg->date_format, sample, sizeof sample);
	date_width = nr_utf8_width(sample);

	for (i = 0; i < list->nitems; i++) {
		const struct nr_list_entry *e = &list->items[i];
		char date[64];
		char *source, *title;
		int date_cols, rest;

		nr_date_format(e->item.published, cfg->date_format, date, sizeof date);
		date_cols = nr_utf8_width(date);
		if (date_cols < date_width) {
			size_t len = strlen(date), pad = (size_t)(date_width - date_cols);

			if (len + pad < sizeof date) {
				memset(date + len, ' ', pad);
				date[len + pad] = '\0';
				date_cols = date_width;
			}
		}
		source = nr_utf8_fit(list->feeds[e->feed].title, source_cols, 1);
		rest = cols - date_cols - source_cols - 2;
		title = nr_utf8_fit(e->item.title && e->item.title[0] ? e->item.title : _("(no title)"),
		    rest > 0 ? rest : 0, 0);
		printf("%s %s %s\n", date, source, title);
		free(source);
		free(title);
	}
	fprintf(stderr, _("%s: %zu articles. Not a terminal, so the list is printed; "
	    "run newsreader in a terminal for the interface.\n"), PACKAGE, list->nitems);
}

/* A binding list as an INI value: quoted when a key name holds a comment
 * character or would otherwise be misread (see config.c). */
static void
print_value(const char *value)
{
	size_t n = strlen(value);

	if (strpbrk(value, ";#") != NULL || (n > 0 && value[n - 1] == '\\') || value[0] == '"' ||
	    value[0] == '\'') {
		printf(strchr(value, '"') != NULL ? "'%s'\n" : "\"%s\"\n", value);
	} else {
		printf("%s\n", value);
	}
}

/* --print-keys: every action of each pane with the keys bound to it now. */
static void
print_keys(const struct nr_config *cfg)
{
	int ctx, a;

	printf(_("; Key bindings in effect (%s).\n"), cfg->path != NULL ? cfg->path : _("the defaults"));
	for (ctx = 0; ctx < NR_CTX_COUNT; ctx++) {
		printf("\n[keys.%s]\n", nr_context_name((enum nr_context)ctx));
		for (a = 1; a < NR_ACT_COUNT; a++) {
			struct nr_buf b = NR_BUF_INIT;
			uint32_t keys[NR_KEYMAP_MAX];
			size_t n, k;

			if ((nr_action_contexts((enum nr_action)a) & (1u << ctx)) == 0) {
				continue;
			}
			n = nr_keymap_keys(&cfg->keys[ctx], (enum nr_action)a, keys, NR_KEYMAP_MAX);
			for (k = 0; k < n && k < NR_KEYMAP_MAX; k++) {
				char name[NR_KEY_NAME_MAX];

				nr_key_name(keys[k], name, sizeof name);
				if (k > 0) {
					nr_buf_addc(&b, ' ');
				}
				nr_buf_adds(&b, name);
			}
			printf("%s = ", nr_action_name((enum nr_action)a));
			print_value(n > 0 ? nr_buf_str(&b) : "none");
			nr_buf_free(&b);
		}
	}
}

/* --add URL [--title T] [--tags T], --import-opml FILE, --export-opml. */
struct sub_opts {
	const char *add_url;
	const char *title;
	const char *tags;
	const char *opml;
	int export_opml;
};

/* These change or print the configuration file only: one of them, alone.
 * other: another mode, option or operand was given. */
static int
check_sub_opts(const struct sub_opts *so, int other)
{
	int n = (so->add_url != NULL) + (so->opml != NULL) + so->export_opml;

	if ((so->title != NULL || so->tags != NULL) && so->add_url == NULL) {
		fprintf(stderr, _("%s: --title and --tags go with --add\n"), PACKAGE);
	} else if (n > 1 || (n == 1 && other)) {
		fprintf(stderr, _("%s: --add, --import-opml and --export-opml go alone (with -c)\n"), PACKAGE);
	} else {
		return 0;
	}
	fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
	return -1;
}

/* The words of --tags (separated by commas or blanks, as in the file). */
static char **
split_words(const char *s, size_t *n)
{
	char **v = NULL;

	*n = 0;
	while (*s != '\0') {
		size_t len = strcspn(s, ", \t");

		if (len > 0) {
			v = xreallocarray(v, *n + 1, sizeof *v);
			v[(*n)++] = xstrndup(s, len);
			s += len;
		} else {
			s++;
		}
	}
	return v;
}

/* The feeds of an OPML file appended to the configuration file; those
 * that are not on the web (no http or https URL) reported and left out. */
static int
import_opml(const char *opml, const char *config_path, const struct nr_config *cfg)
{
	struct nr_opml_feed *feeds;
	struct nr_subscription *subs;
	struct nr_err err;
	size_t nsubs = 0, skipped = 0, i;
	long n, added;

	n = nr_opml_read(opml, &feeds, &err);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
		return EXIT_USAGE;
	}
	subs = xcalloc((size_t)n + 1, sizeof *subs);
	for (i = 0; i < (size_t)n; i++) {
		if (!nr_subscribe_url_ok(feeds[i].url)) {
			char *url = nr_utf8_sanitize(feeds[i].url, strlen(feeds[i].url), 0);

			nr_err_set(&err, NR_ERR_FORMAT, _("not an http:// or https:// URL, left out: '%s'"), url);
			err.line = feeds[i].line;
			print_problem(NULL, opml, &err, 1);
			free(url);
			continue;
		}
		subs[nsubs].url = feeds[i].url;
		subs[nsubs].title = feeds[i].title;
		subs[nsubs].tags = feeds[i].tags;
		subs[nsubs].ntags = feeds[i].ntags;
		nsubs++;
	}
	added = nr_subscribe(config_path, cfg, subs, nsubs, &skipped, &err);
	free(subs);
	nr_opml_free(feeds, (size_t)n);
	if (added < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
		return EXIT_NOTHING;
	}
	printf(_("added %ld feeds, skipped %zu already subscribed\n"), added, skipped);
	return EXIT_SUCCESS;
}

/* --add, --import-opml, --export-opml. Returns the exit status. */
static int
subscribe_mode(const struct sub_opts *so, const char *config_path, const struct nr_config *cfg)
{
	struct nr_subscription sub;
	struct nr_err err;
	size_t skipped = 0, ntags = 0, i;
	char **tags;
	char *url;
	long added;

	if (so->export_opml) {
		if (nr_export_opml(stdout, cfg, &err) < 0) {
			fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
			return EXIT_NOTHING;
		}
		return EXIT_SUCCESS;
	}
	if (config_path == NULL) {
		fprintf(stderr, _("%s: no configuration file to write (set HOME or XDG_CONFIG_HOME, or use -c)\n"),
		    PACKAGE);
		return EXIT_USAGE;
	}
	if (so->opml != NULL) {
		return import_opml(so->opml, config_path, cfg);
	}
	if (!nr_subscribe_url_ok(so->add_url)) {
		url = nr_utf8_sanitize(so->add_url, strlen(so->add_url), 0);
		fprintf(stderr, _("%s: --add: not an http:// or https:// URL: '%s'\n"), PACKAGE, url);
		free(url);
		return EXIT_USAGE;
	}
	tags = so->tags != NULL ? split_words(so->tags, &ntags) : NULL;
	sub.url = so->add_url;
	sub.title = so->title;
	sub.tags = tags;
	sub.ntags = ntags;
	added = nr_subscribe(config_path, cfg, &sub, 1, &skipped, &err);
	for (i = 0; i < ntags; i++) {
		free(tags[i]);
	}
	free(tags);
	url = nr_utf8_sanitize(so->add_url, strlen(so->add_url), 0);
	if (added < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
	} else if (added == 0) {
		printf(_("%s: already subscribed\n"), url);
	} else {
		printf(_("%s: subscribed\n"), url);
	}
	free(url);
	return added < 0 ? EXIT_NOTHING : EXIT_SUCCESS;
}

/* The interface on the database's articles. Returns the exit status. */
static int
run_interface(struct nr_store *store, const struct nr_config *cfg)
{
	struct nr_view *view;
	struct nr_err err;
	char msg[256] = "";
	size_t i;
	int rc;

	/* Every subscribed feed has a row in the sources pane, also before
	 * its first fetch (or when that fails): a feed that was never
	 * fetched is listed with no articles. */
	if (nr_store_begin(store, &err) == 0) {
		for (i = 0; i < cfg->nsources; i++) {
			struct nr_feed feed;

			if (!cfg->sources[i].is_url) {
				continue;
			}
			nr_feed_init(&feed);
			feed.location = cfg->sources[i].path;
			feed.title = cfg->sources[i].title;
			if (nr_store_put_feed(store, &feed, &err) < 0) {
				break;
			}
		}
		if (i < cfg->nsources) {
			nr_store_rollback(store);
		} else {
			nr_store_commit(store, &err);
		}
	}
	view = nr_view_new(store, cfg, &err);
	if (view == NULL) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
		return EXIT_NOTHING;
	}
	/* Subscribed feeds are fetched while the interface runs. */
	if (nr_view_start_updates(view, &err) < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
	}
	rc = nr_ui_run(view, cfg, msg, sizeof msg);
	nr_view_free(view);
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, msg);
		return EXIT_NOTHING;
	}
	if (rc > 0) {
		/* Ended by a signal: the terminal is restored; end the way
		 * the signal would have. If the signal was blocked when we
		 * started, raise() returns and main closes the store. */
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, rc);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		signal(rc, SIG_DFL);
		raise(rc);
		return 128 + rc;
	}
	return EXIT_SUCCESS;
}

/* Set the mode once: two modes in one run is a usage error. */
static int
set_mode(enum mode *mode, enum mode m)
{
	if (*mode != MODE_LIST && *mode != m) {
		fprintf(stderr, _("%s: choose one of --dump, --update, --mark-read, --mark-unread, --star, "
		    "--unstar, --mark-all-read, --export-state, --import-state and --cleanup\n"), PACKAGE);
		return -1;
	}
	*mode = m;
	return 0;
}

static struct nr_store *
open_store(const char *path, int flags)
{
	struct nr_err err;
	struct nr_store *store = nr_store_open(path, flags, &err);

	if (store == NULL) {
		fprintf(stderr, "%s: %s: %s\n", PACKAGE, path, err.msg);
	}
	return store;
}

/* The state of the database's articles, to filter a --dump of files by:
 * the (feed location, id) pairs of the read ones and of the starred ones,
 * sorted. */
struct key_set {
	char **keys;
	size_t n, cap;
};

struct state_sets {
	struct key_set read, starred;
};

static void
add_key(struct key_set *set, const struct nr_store_row *row)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 256;
		set->keys = xreallocarray(set->keys, set->cap, sizeof *set->keys);
	}
	set->keys[set->n++] = xasprintf("%s\t%s", row->feed_location, row->item.id);
}

static int
collect_state(void *ud, const struct nr_store_row *row)
{
	struct state_sets *sets = ud;

	if (row->read) {
		add_key(&sets->read, row);
	}
	if (row->starred) {
		add_key(&sets->starred, row);
	}
	return 0;
}

static int
cmp_keys(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
in_set(const struct key_set *set, const char *key)
{
	return set->n > 0 && bsearch(&key, set->keys, set->n, sizeof *set->keys, cmp_keys) != NULL;
}

static void
free_set(struct key_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->keys[i]);
	}
	free(set->keys);
}

/* Keep only the list's articles whose database state passes filters;
 * articles the database has never seen are unread and not starred. */
static int
filter_by_state(struct nr_list *list, const char *db, unsigned filters)
{
	struct state_sets sets;
	struct nr_store *store;
	struct nr_err err;
	struct stat sb;
	size_t i, kept = 0;

	memset(&sets, 0, sizeof sets);
	if (stat(db, &sb) == 0) {
		store = open_store(db, NR_STORE_READONLY);
		if (store == NULL) {
			return -1;
		}
		if (nr_store_list(store, 0, 0, collect_state, &sets, &err) < 0) {
			fprintf(stderr, "%s: %s: %s\n", PACKAGE, db, err.msg);
			nr_store_close(store);
			free_set(&sets.read);
			free_set(&sets.starred);
			return -1;
		}
		nr_store_close(store);
		if (sets.read.n > 1) {
			qsort(sets.read.keys, sets.read.n, sizeof *sets.read.keys, cmp_keys);
		}
		if (sets.starred.n > 1) {
			qsort(sets.starred.keys, sets.starred.n, sizeof *sets.starred.keys, cmp_keys);
		}
	}
	for (i = 0; i < list->nitems; i++) {
		struct nr_list_entry *e = &list->items[i];
		char *key = xasprintf("%s\t%s", list->feeds[e->feed].location, e->item.id);

		e->read = in_set(&sets.read, key);
		e->starred = in_set(&sets.starred, key);
		free(key);
		if ((!(filters & NR_FILTER_UNREAD) || !e->read) && (!(filters & NR_FILTER_STARRED) || e->starred)) {
			list->items[kept++] = *e;
		} else {
			nr_item_clear(&e->item);
		}
	}
	list->nitems = kept;
	free_set(&sets.read);
	free_set(&sets.starred);
	return 0;
}

/* The database's articles into list (list columns, and bodies if the
 * list keeps them). */
struct db_fill {
	struct nr_list *list;
	struct nr_store *store;
	int64_t *feed_ids;
	int failed;
	struct nr_err err;
};

static int
fill_row(void *ud, const struct nr_store_row *row)
{
	struct db_fill *f = ud;
	struct nr_list *list = f->list;
	struct nr_list_entry *e;
	size_t i;

	for (i = 0; i < list->nfeeds; i++) {
		if (f->feed_ids[i] == row->feed_id) {
			break;
		}
	}
	if (i == list->nfeeds) {
		struct nr_feed *feed;

		list->feeds = xreallocarray(list->feeds, list->nfeeds + 1, sizeof *list->feeds);
		f->feed_ids = xreallocarray(f->feed_ids, list->nfeeds + 1, sizeof *f->feed_ids);
		feed = &list->feeds[list->nfeeds];
		nr_feed_init(feed);
		feed->title = xstrdup(row->feed_title ? row->feed_title : "");
		feed->location = xstrdup(row->feed_location ? row->feed_location : "");
		feed->link = row->feed_link ? xstrdup(row->feed_link) : NULL;
		feed->kind = row->feed_kind;
		f->feed_ids[list->nfeeds++] = row->feed_id;
	}
	if (list->nitems == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 256;
		list->items = xreallocarray(list->items, list->cap, sizeof *list->items);
	}
	e = &list->items[list->nitems];
	nr_item_init(&e->item);
	e->feed = i;
	e->seq = list->nitems;
	e->read = row->read;
	e->starred = row->starred;
	e->changed = row->changed;
	e->item.id = xstrdup(row->item.id ? row->item.id : "");
	e->item.title = row->item.title ? xstrdup(row->item.title) : NULL;
	e->item.link = row->item.link ? xstrdup(row->item.link) : NULL;
	e->item.author = row->item.author ? xstrdup(row->item.author) : NULL;
	e->item.author_email = row->item.author_email ? xstrdup(row->item.author_email) : NULL;
	e->item.author_uri = row->item.author_uri ? xstrdup(row->item.author_uri) : NULL;
	e->item.source_title = row->item.source_title ? xstrdup(row->item.source_title) : NULL;
	e->item.source_link = row->item.source_link ? xstrdup(row->item.source_link) : NULL;
	e->item.published = row->item.published;
	e->item.updated = row->item.updated;
	for (i = 0; i < row->item.ncategories; i++) {
		nr_item_add_category(&e->item, row->item.categories[i]);
	}
	for (i = 0; i < row->item.nenclosures; i++) {
		const struct nr_enclosure *en = &row->item.enclosures[i];

		nr_item_add_enclosure(&e->item, en->url, en->type, en->length);
	}
	if (list->keep_body && nr_store_get_body(f->store, row->rowid, &e->item, &f->err) < 0) {
		f->failed = 1;
		nr_item_clear(&e->item);
		return -1;
	}
	list->nitems++;
	return 0;
}

static int
dump_database(const char *db, unsigned filters, const struct nr_dump_fields *fields, int body)
{
	struct nr_list list;
	struct db_fill fill;
	struct nr_store *store;
	struct stat sb;
	int rc = 0;

	if (stat(db, &sb) < 0) {
		/* No database yet: nothing has been read. */
		return 0;
	}
	store = open_store(db, NR_STORE_READONLY);
	if (store == NULL) {
		return -1;
	}
	nr_list_init(&list, body);
	memset(&fill, 0, sizeof fill);
	fill.list = &list;
	fill.store = store;
	if (nr_store_list(store, filters, 0, fill_row, &fill, &fill.err) < 0 || fill.failed) {
		fprintf(stderr, "%s: %s: %s\n", PACKAGE, db, fill.err.msg);
		rc = -1;
	} else if (nr_dump_write(stdout, &list, fields) < 0) {
		perror(PACKAGE);
		rc = -1;
	}
	free(fill.feed_ids);
	nr_list_free(&list);
	nr_store_close(store);
	return rc;
}

/* Give a per-source limit to retention: the source whose path is the
 * longest that contains the feed's location (the path itself, or a folder
 * above it). */
static long
max_for_feed(void *ud, const char *location)
{
	const struct nr_config *cfg = ud;
	size_t i, best_len = 0;
	long best = -1;

	if (location == NULL) {
		return -1;
	}
	for (i = 0; i < cfg->nsources; i++) {
		const struct nr_source *src = &cfg->sources[i];
		char *real = realpath(src->path, NULL);
		const char *path = real != NULL ? real : src->path;
		size_t len = strlen(path);

		while (len > 1 && path[len - 1] == '/') {
			len--;
		}
		if (src->max_articles >= 0 && len > best_len && strncmp(location, path, len) == 0 &&
		    (location[len] == '\0' || location[len] == '/')) {
			best = src->max_articles;
			best_len = len;
		}
		free(real);
	}
	return best;
}

/* An http:// or https:// URL given on the command line: fetched once, not
 * subscribed. */
static int
is_web_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

/* One line about a fetched feed: what was new on stdout (with --update),
 * a failure or a warning on stderr, as for files. */
static void
report_feed(const struct nr_update_feed *f, int summary)
{
	char *label = nr_utf8_sanitize(f->label, strlen(f->label), 0);
	struct nr_err e;

	if (f->outcome == NR_UPD_FAILED) {
		nr_err_set(&e, NR_ERR_IO, "%s", f->error != NULL ? f->error : "");
		print_problem(NULL, label, &e, 0);
		free(label);
		return;
	}
	if (f->warning != NULL) {
		nr_err_set(&e, NR_ERR_PARSE, "%s", f->warning);
		print_problem(NULL, label, &e, 1);
	}
	if (summary && f->outcome == NR_UPD_NOT_MODIFIED) {
		printf(_("%s: not modified\n"), label);
	} else if (summary) {
		printf(_("%s: %ld articles, %ld new, %ld updated\n"), label, f->items, f->added, f->changed);
	}
	if (summary && isatty(STDOUT_FILENO)) {
		fflush(stdout);
	}
	free(label);
}

/* The stored articles of a feed, into a list through its sink. */
struct stored_feed {
	struct nr_sink sink;
	struct nr_feed feed;
	int started;
};

static int
add_stored(void *ud, const struct nr_store_row *row)
{
	struct stored_feed *sf = ud;
	struct nr_item item;

	if (!sf->started) {
		sf->feed.title = xstrdup(row->feed_title != NULL ? row->feed_title : "");
		sf->feed.location = xstrdup(row->feed_location != NULL ? row->feed_location : "");
		sf->feed.kind = row->feed_kind;
		sf->started = 1;
	}
	nr_item_init(&item);
	item.id = row->item.id != NULL ? xstrdup(row->item.id) : NULL;
	item.title = row->item.title != NULL ? xstrdup(row->item.title) : NULL;
	item.link = row->item.link != NULL ? xstrdup(row->item.link) : NULL;
	item.author = row->item.author != NULL ? xstrdup(row->item.author) : NULL;
	item.published = row->item.published;
	item.updated = row->item.updated;
	sf->sink.item(sf->sink.ud, &sf->feed, &item);
	nr_item_clear(&item);
	return 0;
}

/* A feed that answered "not modified" brought nothing to list: its
 * articles are those the database has. */
static void
list_stored(struct nr_store *store, int64_t feed_id, struct nr_list *list)
{
	struct stored_feed sf;
	struct nr_err err;

	memset(&sf, 0, sizeof sf);
	sf.sink = nr_list_sink(list);
	nr_feed_init(&sf.feed);
	if (nr_store_list(store, 0, feed_id, add_stored, &sf, &err) < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
	}
	if (sf.started && sf.sink.feed_done != NULL) {
		sf.sink.feed_done(sf.sink.ud, &sf.feed);
	}
	nr_feed_clear(&sf.feed);
}

/* Fetch the URL sources srcs[0..n) in parallel, into store (if not NULL)
 * and list (if not NULL), with a line per feed as it finishes. Returns the
 * number that failed; *loaded counts those read. */
static size_t
fetch_urls(struct nr_store *store, const struct nr_config *cfg, const struct nr_source **srcs, size_t n,
    struct nr_list *list, int want_body, int summary, long *loaded)
{
	const struct nr_update_feed *f;
	struct nr_updater *u;
	struct nr_err err;
	size_t i, failed = 0;

	u = nr_updater_new(store, cfg, &err);
	if (u == NULL) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
		return n;
	}
	if (list != NULL) {
		nr_updater_set_list(u, list, want_body);
	}
	for (i = 0; i < n; i++) {
		/* A failure here comes out of nr_updater_next too. */
		nr_updater_add(u, srcs[i], NULL);
	}
	for (;;) {
		while ((f = nr_updater_next(u)) != NULL) {
			report_feed(f, summary);
			if (f->outcome == NR_UPD_FAILED) {
				failed++;
			} else {
				(*loaded)++;
			}
			if (f->outcome == NR_UPD_NOT_MODIFIED && list != NULL && store != NULL && f->feed_id > 0) {
				list_stored(store, f->feed_id, list);
			}
		}
		if (!nr_updater_busy(u)) {
			break;
		}
		nr_updater_poll(u, NULL, 0, 1000, NULL);
	}
	nr_updater_free(u);
	return failed;
}

static int
state_mode(enum mode mode, struct nr_store *store, char **ids, int nids, const char *file,
    const struct nr_config *cfg)
{
	struct nr_err err;
	int i, status = EXIT_SUCCESS;
	long n;

	switch (mode) {
	case MODE_MARK_READ:
	case MODE_MARK_UNREAD:
	case MODE_STAR:
	case MODE_UNSTAR:
		if (nids == 0) {
			fprintf(stderr, _("%s: no article ids given\n"), PACKAGE);
			return EXIT_USAGE;
		}
		for (i = 0; i < nids; i++) {
			n = nr_store_set_flag_by_id(store, ids[i],
			    mode == MODE_STAR || mode == MODE_UNSTAR ? NR_FLAG_STARRED : NR_FLAG_READ,
			    mode == MODE_MARK_READ || mode == MODE_STAR, &err);
			if (n < 0) {
				fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
				return EXIT_NOTHING;
			}
			if (n == 0) {
				fprintf(stderr, _("%s: %s: no article with this id\n"), PACKAGE, ids[i]);
				status = EXIT_NOTHING;
			}
		}
		return status;
	case MODE_MARK_ALL_READ:
		n = nr_store_mark_all_read(store, 0, &err);
		if (n < 0) {
			fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
			return EXIT_NOTHING;
		}
		printf(_("%ld articles marked read\n"), n);
		return EXIT_SUCCESS;
	case MODE_EXPORT_STATE:
		n = nr_store_export_state(store, file, &err);
		if (n < 0) {
			fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
			return EXIT_NOTHING;
		}
		printf(_("%s: the state of %ld articles written\n"), file, n);
		return EXIT_SUCCESS;
	case MODE_IMPORT_STATE:
		n = nr_store_import_state(store, file, &err);
		if (n < 0) {
			fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
			return EXIT_NOTHING;
		}
		printf(_("%s: the state of %ld articles applied\n"), file, n);
		return EXIT_SUCCESS;
	case MODE_CLEANUP:
		n = nr_store_cleanup(store, cfg->keep_days, cfg->max_articles, max_for_feed, (void *)cfg,
		    (int64_t)time(NULL), &err);
		if (n < 0) {
			fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
			return EXIT_NOTHING;
		}
		printf(_("%ld articles purged\n"), n);
		return EXIT_SUCCESS;
	default:
		return EXIT_USAGE;
	}
}

int
main(int argc, char **argv)
{
	struct nr_config cfg;
	struct nr_err err;
	struct nr_list list;
	struct nr_loader ld;
	struct nr_dump_fields fields;
	struct nr_store *store = NULL;
	const char *config_file = NULL, *fields_arg = NULL, *state_file = NULL;
	char *default_config = NULL, *db = NULL;
	const char **paths, **titles;
	const struct nr_source **urls = NULL;
	struct nr_source *cli_urls = NULL;
	size_t npaths = 0, nurls = 0, ncli = 0, i;
	unsigned filters = 0;
	long loaded = 0;
	int body = 0, c, status = EXIT_SUCCESS, failed = 0, want_keys = 0, interactive;
	const char *render_file = NULL;
	int render_width = 0, render_color = 0;
	enum mode mode = MODE_LIST;
	struct sub_opts so = { NULL, NULL, NULL, NULL, 0 };

	setlocale(LC_ALL, "");
	/* NEWSREADER_LOCALEDIR lets tests and uninstalled builds use their own catalogs. */
	const char *localedir = getenv("NEWSREADER_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
	textdomain(PACKAGE);

	while ((c = getopt_long(argc, argv, "c:d:hV", long_options, NULL)) != -1) {
		int bad = 0;

		switch (c) {
		case 'c':
			config_file = optarg;
			break;
		case 'd':
			free(db);
			db = xstrdup(optarg);
			break;
		case OPT_DUMP:
			bad = set_mode(&mode, MODE_DUMP);
			break;
		case OPT_BODY:
			body = 1;
			break;
		case OPT_FIELDS:
			fields_arg = optarg;
			break;
		case OPT_UNREAD:
			filters |= NR_FILTER_UNREAD;
			break;
		case OPT_STARRED:
			filters |= NR_FILTER_STARRED;
			break;
		case OPT_UPDATE:
			bad = set_mode(&mode, MODE_UPDATE);
			break;
		case OPT_MARK_READ:
			bad = set_mode(&mode, MODE_MARK_READ);
			break;
		case OPT_MARK_UNREAD:
			bad = set_mode(&mode, MODE_MARK_UNREAD);
			break;
		case OPT_STAR:
			bad = set_mode(&mode, MODE_STAR);
			break;
		case OPT_UNSTAR:
			bad = set_mode(&mode, MODE_UNSTAR);
			break;
		case OPT_MARK_ALL_READ:
			bad = set_mode(&mode, MODE_MARK_ALL_READ);
			break;
		case OPT_EXPORT_STATE:
			bad = set_mode(&mode, MODE_EXPORT_STATE);
			state_file = optarg;
			break;
		case OPT_IMPORT_STATE:
			bad = set_mode(&mode, MODE_IMPORT_STATE);
			state_file = optarg;
			break;
		case OPT_CLEANUP:
			bad = set_mode(&mode, MODE_CLEANUP);
			break;
		case OPT_PRINT_KEYS:
			want_keys = 1;
			break;
		case OPT_ADD:
			so.add_url = optarg;
			break;
		case OPT_TITLE:
			so.title = optarg;
			break;
		case OPT_TAGS:
			so.tags = optarg;
			break;
		case OPT_IMPORT_OPML:
			so.opml = optarg;
			break;
		case OPT_EXPORT_OPML:
			so.export_opml = 1;
			break;
		case OPT_RENDER:
			render_file = optarg;
			break;
		case OPT_WIDTH:
			if (parse_width(optarg, &render_width) < 0) {
				fprintf(stderr, _("%s: --width: not a number of columns from 1 to %d: '%s'\n"),
				    PACKAGE, NR_MAX_WIDTH, optarg);
				bad = 1;
			}
			break;
		case OPT_COLOR:
			render_color = 1;
			break;
		case 'h':
			usage();
			free(db);
			return EXIT_SUCCESS;
		case 'V':
			version();
			free(db);
			return EXIT_SUCCESS;
		default:
			bad = 1;
			break;
		}
		if (bad) {
			fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
			free(db);
			return EXIT_USAGE;
		}
	}
	if (render_file != NULL || render_width > 0 || render_color) {
		int others = so.add_url != NULL || so.opml != NULL || so.export_opml || body || fields_arg != NULL ||
		    filters != 0 || want_keys;

		return render_mode(render_file, render_width, render_color, others ? MODE_DUMP : mode,
		    argc - optind);
	}
	if ((body || fields_arg != NULL || filters != 0) && mode != MODE_DUMP) {
		fprintf(stderr, _("%s: --body, --fields, --unread and --starred need --dump\n"), PACKAGE);
		fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
		free(db);
		return EXIT_USAGE;
	}
	if (body && fields_arg != NULL) {
		fprintf(stderr, _("%s: --body is the field 'body' of --fields; give one or the other\n"), PACKAGE);
		free(db);
		return EXIT_USAGE;
	}
	if (fields_arg != NULL) {
		if (nr_dump_parse_fields(fields_arg, &fields, &err) < 0) {
			fprintf(stderr, "%s: --fields: %s\n", PACKAGE, err.msg);
			free(db);
			return EXIT_USAGE;
		}
		body = nr_dump_needs_body(&fields);
	} else {
		nr_dump_default_fields(&fields, body);
	}

	if (check_sub_opts(&so, mode != MODE_LIST || want_keys || optind < argc || render_file != NULL ||
	    fields_arg != NULL || body || filters != 0) < 0) {
		free(db);
		return EXIT_USAGE;
	}

	nr_config_defaults(&cfg);
	if (config_file == NULL) {
		default_config = nr_path_config_file();
	}
	/* --add and --import-opml create the file -c names. */
	if (nr_config_load(&cfg, config_file ? config_file : default_config,
	    config_file != NULL && so.add_url == NULL && so.opml == NULL, &err) < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
		nr_config_free(&cfg);
		free(default_config);
		free(db);
		return EXIT_USAGE;
	}
	if (so.add_url != NULL || so.opml != NULL || so.export_opml) {
		status = subscribe_mode(&so, config_file ? config_file : default_config, &cfg);
		nr_config_free(&cfg);
		free(default_config);
		free(db);
		return status;
	}
	free(default_config);
	if (want_keys) {
		print_keys(&cfg);
		nr_config_free(&cfg);
		free(db);
		return EXIT_SUCCESS;
	}
	if (db == NULL) {
		db = nr_path_data_file();
	}

	if (mode != MODE_LIST && mode != MODE_DUMP && mode != MODE_UPDATE) {
		if (mode != MODE_EXPORT_STATE && mode != MODE_IMPORT_STATE && mode != MODE_MARK_ALL_READ &&
		    mode != MODE_CLEANUP && optind >= argc) {
			status = state_mode(mode, NULL, NULL, 0, NULL, &cfg);
		} else if ((mode == MODE_EXPORT_STATE || mode == MODE_IMPORT_STATE || mode == MODE_MARK_ALL_READ ||
		    mode == MODE_CLEANUP) && optind < argc) {
			fprintf(stderr, _("%s: unexpected argument '%s'\n"), PACKAGE, argv[optind]);
			status = EXIT_USAGE;
		} else if ((store = open_store(db, mode == MODE_EXPORT_STATE ? NR_STORE_READONLY : NR_STORE_CREATE)) ==
		    NULL) {
			status = EXIT_NOTHING;
		} else {
			status = state_mode(mode, store, argv + optind, argc - optind, state_file, &cfg);
			nr_store_close(store);
		}
		nr_config_free(&cfg);
		free(db);
		return status;
	}
	if (mode == MODE_DUMP && optind == argc) {
		status = dump_database(db, filters, &fields, body) < 0 ? EXIT_NOTHING : EXIT_SUCCESS;
		nr_config_free(&cfg);
		free(db);
		return status;
	}

	paths = xcalloc((size_t)argc + cfg.nsources + 1, sizeof *paths);
	titles = xcalloc((size_t)argc + cfg.nsources + 1, sizeof *titles);
	/* Feeds on the web go to the updater: URLs given here first (read
	 * once, not subscribed), then the configured ones. */
	urls = xcalloc((size_t)argc + cfg.nsources + 1, sizeof *urls);
	cli_urls = xcalloc((size_t)argc + 1, sizeof *cli_urls);
	for (; optind < argc; optind++) {
		if (is_web_url(argv[optind])) {
			struct nr_source *src = &cli_urls[ncli++];

			src->label = argv[optind];
			src->path = argv[optind];
			src->is_url = 1;
			src->max_articles = -1;
			src->reload = -1;
			urls[nurls++] = src;
			continue;
		}
		paths[npaths++] = argv[optind];
	}
	/* --update reads the configured sources and the given paths; the
	 * other modes the given paths, else the configured sources. */
	if ((npaths == 0 && nurls == 0) || mode == MODE_UPDATE) {
		for (i = 0; i < cfg.nsources; i++) {
			if (cfg.sources[i].is_url) {
				urls[nurls++] = &cfg.sources[i];
				continue;
			}
			titles[npaths] = cfg.sources[i].title;
			paths[npaths++] = cfg.sources[i].path;
		}
	}
	if (npaths == 0 && nurls == 0 && mode == MODE_UPDATE) {
		fprintf(stderr, _("%s: nothing to update: no sources configured and no PATH given\n"), PACKAGE);
		status = EXIT_SUCCESS;
		goto out;
	}
	if (npaths == 0 && nurls == 0) {
		const char *dir = samples_dir();

		if (dir == NULL) {
			fprintf(stderr, _("%s: no sources given or configured, and no samples installed\n"), PACKAGE);
			status = EXIT_NOTHING;
			goto out;
		}
		paths[npaths++] = dir;
	}

	/* --dump PATH... only converts: it never writes the database. */
	if (mode != MODE_DUMP) {
		store = open_store(db, NR_STORE_CREATE);
		if (store == NULL) {
			status = EXIT_NOTHING;
			goto out;
		}
	}
	nr_libxml_init();
	memset(&ld, 0, sizeof ld);
	ld.opts.want_body = mode != MODE_DUMP || body;
	/* The interface reads the database; only the printed list needs
	 * the articles in memory while loading. */
	interactive = mode == MODE_LIST && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	ld.list = mode == MODE_UPDATE || interactive ? NULL : &list;
	ld.store = store;
	ld.problem = print_problem;
	ld.now = (int64_t)time(NULL);
	nr_list_init(&list, body);
	for (i = 0; i < npaths; i++) {
		struct nr_load_stats stats;

		if (nr_load_source(&ld, paths[i], titles[i], &stats, &err) < 0) {
			if (err.msg[0] != '\0') {
				struct nr_err e = err;

				e.line = 0;
				print_problem(NULL, paths[i], &e, 0);
			}
			failed = 1;
			continue;
		}
		loaded++;
		if (mode == MODE_UPDATE) {
			printf(_("%s: %ld articles, %ld new, %ld updated\n"), paths[i], stats.items, stats.added,
			    stats.changed);
		}
	}
	/* The interface fetches the subscribed feeds itself, while it runs;
	 * URLs given here are read before it starts. */
	if ((interactive ? ncli : nurls) > 0 &&
	    fetch_urls(store, &cfg, urls, interactive ? ncli : nurls, ld.list, ld.opts.want_body, mode == MODE_UPDATE,
	    &loaded) > 0) {
		failed = 1;
	}

	if (mode == MODE_UPDATE) {
		status = failed ? EXIT_NOTHING : EXIT_SUCCESS;
	} else if (interactive) {
		/* Sources that could not be read are reported above; the
		 * database may still hold articles to read. */
		status = run_interface(store, &cfg);
	} else if (loaded == 0) {
		status = EXIT_NOTHING;
	} else if (mode == MODE_DUMP) {
		nr_list_sort(&list, NR_SORT_NEWEST);
		if ((filters != 0 || nr_dump_needs_state(&fields)) && filter_by_state(&list, db, filters) < 0) {
			status = EXIT_NOTHING;
		} else if (nr_dump_write(stdout, &list, &fields) < 0) {
			perror(PACKAGE);
			status = EXIT_NOTHING;
		}
	} else {
		nr_list_sort(&list, cfg.sort);
		print_list(&list, &cfg);
	}
	nr_list_free(&list);
	nr_libxml_cleanup();
out:
	nr_store_close(store);
	free(paths);
	free(titles);
	free(urls);
	free(cli_urls);
	nr_config_free(&cfg);
	free(db);
	return status;
}
