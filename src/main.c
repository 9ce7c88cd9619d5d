/* newsreader: reads the options, sets up the locale, the translations and
 * the configuration, and runs the one mode asked for: the interface (ui/,
 * after app/run.c has read the sources), a batch mode of app/ (the printed
 * list, --dump, --update, the state modes, subscribing, --print-keys) or
 * --render (app/render_file.c). The modes themselves live in those modules;
 * here are their options, usage errors, messages and exit statuses. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <signal.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "app/dump.h"
#include "app/print.h"
#include "app/run.h"
#include "app/render_file.h"
#include "app/sources.h"
#include "app/state.h"
#include "app/subscriptions.h"
#include "app/view.h"
#include "config/settings.h"
#include "config/subscribe.h"
#include "core/xmalloc.h"
#include "markup/libxml.h"
#include "nls.h"
#include "render/render.h"
#include "store/store.h"
#include "ui/ui.h"
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
	OPT_IGNORED,
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
	OPT_REMOVE,
	OPT_TITLE,
	OPT_TAGS,
	OPT_IMPORT_OPML,
	OPT_EXPORT_OPML,
	OPT_RENDER,
	OPT_WIDTH,
	OPT_COLOR,
	OPT_NO_EXTRACT
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
	{ "ignored", no_argument, NULL, OPT_IGNORED },
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
	{ "remove", required_argument, NULL, OPT_REMOVE },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "tags", required_argument, NULL, OPT_TAGS },
	{ "import-opml", required_argument, NULL, OPT_IMPORT_OPML },
	{ "export-opml", no_argument, NULL, OPT_EXPORT_OPML },
	{ "render", required_argument, NULL, OPT_RENDER },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "color", no_argument, NULL, OPT_COLOR },
	{ "no-extract", no_argument, NULL, OPT_NO_EXTRACT },
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
	    "  or:  %s --remove NAME|URL\n"
	    "  or:  %s --render FILE [--width N] [--color]\n"), PACKAGE, PACKAGE, PACKAGE,
	    PACKAGE, PACKAGE, PACKAGE, PACKAGE);
	fputs(_("Read news in the terminal: RSS, RDF, Atom and JSON feeds on the web or in\n"
	    "files, articles saved as text or HTML, and folders of them.\n"
	    "\n"
	    "With no PATH, read the sources of the configuration file ([sources] and\n"
	    "[feed NAME] sections), or the bundled samples if it has none. What is read\n"
	    "is kept in the database with your read and starred marks; the samples,\n"
	    "and files listed through a pipe (newsreader FILE | cat), are not.\n"
	    "\n"), stdout);
	fputs(_("A PATH may be an http:// or https:// URL: it is fetched once, like a file,\n"
	    "and not subscribed. --update fetches the feeds of the configuration in\n"
	    "parallel and prints a line for each: what is new, or 'not modified'; a\n"
	    "feed that failed is reported on standard error, and the exit status is 1.\n"
	    "\n"), stdout);
	fputs(_("In the interface F1 or H lists the keys: q goes back a level (from the\n"
	    "reader, a limit or filter, a chosen source or tag) and quits at the top,\n"
	    "Q quits from anywhere; U shows unread articles only, O and ~ sort. The\n"
	    "[keys] sections of the configuration file rebind them (see the manual).\n"
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
	    "                         changed, authors, source_author, site, image\n"
	    "      --unread         with --dump, only unread articles\n"
	    "      --starred        with --dump, only starred articles\n"), stdout);
	fputs(_("      --ignored        with --dump and no PATH, the articles ignore rules\n"
	    "                         kept out instead (to check a rule)\n"), stdout);
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
	fputs(_("      --no-extract     with --render, show the whole page, not the article\n"
	    "                         that reader mode finds in it\n"), stdout);
	fputs(_("      --remove=URL     unsubscribe from the feed at URL on the server of\n"
	    "                         [sync] (where --add subscribes then), and exit\n"), stdout);
	fputs(_("      --add=URL        subscribe to the feed at URL: add a [feed NAME]\n"
	    "                         section to the configuration file, and exit\n"
	    "      --title=TITLE    with --add, the feed's title\n"
	    "      --tags=TAGS      with --add, its tags (separated by commas or blanks)\n"
	    "      --import-opml=FILE  subscribe to every feed of the OPML file FILE\n"
	    "                         not subscribed yet, and exit\n"
	    "      --export-opml    print the subscribed feeds as OPML 2.0, and exit\n"
	    "  -h, --help           display this help and exit\n"
	    "  -V, --version        output version information and exit\n"), stdout);
	fputs(_("      --remove=NAME|URL  unsubscribe: cut the feed's section out of the\n"
	    "                         configuration file (FILE.bak kept) and its articles\n"
	    "                         but the starred out of the database, and exit\n"), stdout);
	fputs(_("\n"
	    "Filters (limit, [query NAME], ignore = EXPR): fields title, author, source,\n"
	    "link, content, tags, unread, starred, age, published; = != =~ !~ < > <= >=,\n"
	    "and, or, not, parentheses; text quoted. See FILTERS in the manual.\n"), stdout);
	fputs(_("\n"
	    "Exit status: 0 on success; 1 if nothing could be read (with --update: if\n"
	    "any source could not be read), an id matched no article, or the database\n"
	    "could not be used; 2 for a bad option or configuration file.\n"), stdout);
	printf(_("\nFull documentation: man %s\n"), PACKAGE);
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

/* "newsreader: MESSAGE" on stderr, MESSAGE made printable as feed text
 * is: it quotes file names, ids, URLs and values that are not ours, and
 * no escape sequence in them may reach the terminal. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
say(const char *fmt, ...)
{
	char buf[2048];
	char *shown;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	shown = nr_utf8_sanitize(buf, strlen(buf), 0);
	fprintf(stderr, "%s: %s\n", PACKAGE, shown);
	free(shown);
}

/* A problem of a source (location NULL: of none in particular). */
static void
print_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	char *name, *msg;

	(void)ud;
	if (location == NULL) {
		say("%s", err->msg);
		return;
	}
	/* A file's name is not ours: it must not reach the terminal as
	 * control characters any more than a feed's title may; nor may
	 * the message, which can quote it again. */
	name = nr_utf8_sanitize(location, strlen(location), 0);
	msg = nr_utf8_sanitize(err->msg, strlen(err->msg), 0);
	if (err->line > 0) {
		fprintf(stderr, warning ? _("%s: %s:%ld: warning: %s\n") : "%s: %s:%ld: %s\n",
		    PACKAGE, name, err->line, msg);
	} else {
		fprintf(stderr, warning ? _("%s: %s: warning: %s\n") : "%s: %s: %s\n",
		    PACKAGE, name, msg);
	}
	free(msg);
	free(name);
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
render_mode(const char *file, int width, int color, int whole, enum mode mode, size_t nargs)
{
	struct nr_render_notes notes;
	struct nr_err err;
	size_t i;

	if (file == NULL && whole && width <= 0 && !color) {
		fprintf(stderr, _("%s: --no-extract needs --render FILE\n"), PACKAGE);
		fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
		return EXIT_USAGE;
	}
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
	if (nr_render_file_print(file, width > 0 ? width : terminal_columns(), color, whole, stdout, &notes,
	    &err) < 0) {
		say("%s", err.msg);
		nr_libxml_cleanup();
		return EXIT_NOTHING;
	}
	nr_libxml_cleanup();
	for (i = 0; i < notes.n; i++) {
		print_problem(NULL, file, &notes.v[i], 1);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("%s: cannot write the output: %s\n"), PACKAGE, strerror(errno));
		return EXIT_NOTHING;
	}
	return EXIT_SUCCESS;
}

/* --add URL [--title T] [--tags T], --import-opml FILE, --export-opml. */
struct sub_opts {
	const char *add_url;
	const char *remove_url;         /* --remove NAME|URL: on the server of [sync], else in the file */
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
	int n = (so->add_url != NULL) + (so->remove_url != NULL) + (so->opml != NULL) + so->export_opml;

	if ((so->title != NULL || so->tags != NULL) && so->add_url == NULL) {
		fprintf(stderr, _("%s: --title and --tags go with --add\n"), PACKAGE);
	} else if (n > 1 || (n == 1 && other)) {
		fprintf(stderr, _("%s: --add, --remove, --import-opml and --export-opml go alone (with -c and -d)\n"),
		    PACKAGE);
	} else {
		return 0;
	}
	fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
	return -1;
}

/* Everything the options say. */
struct opts {
	const char *config_file;        /* -c, or NULL for the default */
	char *default_config;           /* the default, when there is no -c */
	char *db;                       /* -d, else the default */
	enum mode mode;
	unsigned filters;               /* --unread, --starred */
	int body;
	const char *fields_arg;
	struct nr_dump_fields fields;
	const char *state_file;         /* --export-state, --import-state */
	int want_keys;
	struct sub_opts so;
	const char *render_file;
	int render_width, render_color, render_whole;
	char **args;                    /* the operands: paths, URLs or ids */
	size_t nargs;
};

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

/* The modes an option chooses, and the state mode each runs (-1: none). */
static const struct {
	int opt;
	enum mode mode;
	int state;
} modes[] = {
	{ OPT_DUMP, MODE_DUMP, -1 },
	{ OPT_UPDATE, MODE_UPDATE, -1 },
	{ OPT_MARK_READ, MODE_MARK_READ, NR_STATE_MARK_READ },
	{ OPT_MARK_UNREAD, MODE_MARK_UNREAD, NR_STATE_MARK_UNREAD },
	{ OPT_STAR, MODE_STAR, NR_STATE_STAR },
	{ OPT_UNSTAR, MODE_UNSTAR, NR_STATE_UNSTAR },
	{ OPT_MARK_ALL_READ, MODE_MARK_ALL_READ, NR_STATE_MARK_ALL_READ },
	{ OPT_EXPORT_STATE, MODE_EXPORT_STATE, NR_STATE_EXPORT },
	{ OPT_IMPORT_STATE, MODE_IMPORT_STATE, NR_STATE_IMPORT },
	{ OPT_CLEANUP, MODE_CLEANUP, NR_STATE_CLEANUP }
};

#define NMODES (sizeof modes / sizeof modes[0])

/* The option of getopt's answer c into o: 0, or -1 if it is bad. */
static int
take_option(struct opts *o, int c)
{
	size_t i;

	for (i = 0; i < NMODES; i++) {
		if (modes[i].opt == c) {
			if (c == OPT_EXPORT_STATE || c == OPT_IMPORT_STATE) {
				o->state_file = optarg;
			}
			return set_mode(&o->mode, modes[i].mode);
		}
	}
	switch (c) {
	case 'c':
		o->config_file = optarg;
		return 0;
	case 'd':
		free(o->db);
		o->db = xstrdup(optarg);
		return 0;
	case OPT_BODY:
		o->body = 1;
		return 0;
	case OPT_FIELDS:
		o->fields_arg = optarg;
		return 0;
	case OPT_UNREAD:
		o->filters |= NR_FILTER_UNREAD;
		return 0;
	case OPT_STARRED:
		o->filters |= NR_FILTER_STARRED;
		return 0;
	case OPT_IGNORED:
		o->filters |= NR_FILTER_IGNORED;
		return 0;
	case OPT_PRINT_KEYS:
		o->want_keys = 1;
		return 0;
	case OPT_ADD:
		o->so.add_url = optarg;
		return 0;
	case OPT_REMOVE:
		o->so.remove_url = optarg;
		return 0;
	case OPT_TITLE:
		o->so.title = optarg;
		return 0;
	case OPT_TAGS:
		o->so.tags = optarg;
		return 0;
	case OPT_IMPORT_OPML:
		o->so.opml = optarg;
		return 0;
	case OPT_EXPORT_OPML:
		o->so.export_opml = 1;
		return 0;
	case OPT_RENDER:
		o->render_file = optarg;
		return 0;
	case OPT_WIDTH:
		if (parse_width(optarg, &o->render_width) < 0) {
			char *shown = nr_utf8_sanitize(optarg, strlen(optarg), 0);

			fprintf(stderr, _("%s: --width: not a number of columns from 1 to %d: '%s'\n"), PACKAGE,
			    NR_MAX_WIDTH, shown);
			free(shown);
			return -1;
		}
		return 0;
	case OPT_COLOR:
		o->render_color = 1;
		return 0;
	case OPT_NO_EXTRACT:
		o->render_whole = 1;
		return 0;
	default:
		return -1;
	}
}

/* Whether name (up to an '=') is the prefix of two long options or more
 * and the name of none. */
static int
ambiguous(const char *name)
{
	size_t i, n = strcspn(name, "="), matches = 0;

	for (i = 0; long_options[i].name != NULL; i++) {
		if (strncmp(long_options[i].name, name, n) == 0) {
			if (long_options[i].name[n] == '\0') {
				return 0;
			}
			matches++;
		}
	}
	return n > 0 && matches > 1;
}

/* getopt_long's complaint about arg (c '?': unknown, or an argument
 * where none goes; ':': an argument missing), in getopt's words but made
 * printable. */
static void
bad_option(int c, const char *arg)
{
	int is_long = arg[0] == '-' && arg[1] == '-';
	char *shown;

	if (!is_long && optopt != 0) {
		char opt[2] = { (char)optopt, '\0' };

		shown = nr_utf8_sanitize(opt, 1, 0);
		if (c == ':') {
			fprintf(stderr, _("%s: option requires an argument -- '%s'\n"), PACKAGE, shown);
		} else {
			fprintf(stderr, _("%s: invalid option -- '%s'\n"), PACKAGE, shown);
		}
		free(shown);
		return;
	}
	shown = nr_utf8_sanitize(arg, strcspn(arg, "="), 0);
	if (c == ':') {
		fprintf(stderr, _("%s: option '%s' requires an argument\n"), PACKAGE, shown);
	} else if (optopt != 0) {
		fprintf(stderr, _("%s: option '%s' doesn't allow an argument\n"), PACKAGE, shown);
	} else if (is_long && ambiguous(arg + 2)) {
		/* getopt_long accepts any unique prefix: say which ones match. */
		size_t i, n = strcspn(arg + 2, "=");

		fprintf(stderr, _("%s: option '%s' is ambiguous; possibilities:"), PACKAGE, shown);
		for (i = 0; long_options[i].name != NULL; i++) {
			if (strncmp(long_options[i].name, arg + 2, n) == 0) {
				fprintf(stderr, " '--%s'", long_options[i].name);
			}
		}
		fputc('\n', stderr);
	} else {
		fprintf(stderr, _("%s: unrecognized option '%s'\n"), PACKAGE, shown);
	}
	free(shown);
}

/* Read the options into o. Returns -1 to go on, or the exit status. */
static int
parse_options(int argc, char **argv, struct opts *o)
{
	int c;

	memset(o, 0, sizeof *o);
	o->mode = MODE_LIST;
	/* getopt's own messages would quote the option as given, escape
	 * sequences and all: they are said here instead. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:d:hV", long_options, NULL)) != -1) {
		if (c == '?' || c == ':') {
			bad_option(c, argv[optind - 1]);
			fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
			return EXIT_USAGE;
		}
		if (c == 'h') {
			usage();
			return EXIT_SUCCESS;
		}
		if (c == 'V') {
			version();
			return EXIT_SUCCESS;
		}
		if (take_option(o, c) < 0) {
			fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
			return EXIT_USAGE;
		}
	}
	o->args = argv + optind;
	o->nargs = (size_t)(argc - optind);
	return -1;
}

/* The options that go together, and --fields read. 0, or -1 for a usage
 * error (reported). */
static int
check_options(struct opts *o)
{
	struct nr_err err;

	if ((o->filters & NR_FILTER_IGNORED) && (o->mode != MODE_DUMP || o->nargs > 0 ||
	    (o->filters & ~NR_FILTER_IGNORED) != 0)) {
		fprintf(stderr, _("%s: --ignored goes with --dump alone: it lists the database's ignored articles\n"),
		    PACKAGE);
		fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
		return -1;
	}
	if ((o->body || o->fields_arg != NULL || o->filters != 0) && o->mode != MODE_DUMP) {
		fprintf(stderr, _("%s: --body, --fields, --unread and --starred need --dump\n"), PACKAGE);
		fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
		return -1;
	}
	if (o->body && o->fields_arg != NULL) {
		fprintf(stderr, _("%s: --body is the field 'body' of --fields; give one or the other\n"), PACKAGE);
		return -1;
	}
	if (o->fields_arg != NULL) {
		if (nr_dump_parse_fields(o->fields_arg, &o->fields, &err) < 0) {
			say("--fields: %s", err.msg);
			return -1;
		}
		o->body = nr_dump_needs_body(&o->fields);
	} else {
		nr_dump_default_fields(&o->fields, o->body);
	}
	return check_sub_opts(&o->so, o->mode != MODE_LIST || o->want_keys || o->nargs > 0 ||
	    o->render_file != NULL || o->fields_arg != NULL || o->body || o->filters != 0);
}

/* --add, --import-opml, --export-opml. Returns the exit status. */
static int
subscribe_mode(struct opts *o, const struct nr_config *cfg)
{
	const struct sub_opts *so = &o->so;
	const char *config_path = o->config_file != NULL ? o->config_file : o->default_config;
	struct nr_err err;

	if (cfg->sync.service != NULL && (so->add_url != NULL || so->remove_url != NULL)) {
		/* The server's subscriptions: --add and --remove ask it. */
		if (o->db == NULL) {
			o->db = nr_path_data_file();
		}
		return nr_run_sync(so->add_url != NULL ? NR_SYNC_SUBSCRIBE : NR_SYNC_UNSUBSCRIBE,
		    so->add_url != NULL ? so->add_url : so->remove_url, o->db, cfg, stdout, print_problem, NULL)
		    == 0 ? EXIT_SUCCESS : EXIT_NOTHING;
	}
	if (so->export_opml) {
		if (nr_export_opml(stdout, cfg, &err) < 0) {
			say("%s", err.msg);
			return EXIT_NOTHING;
		}
		return EXIT_SUCCESS;
	}
	if (config_path == NULL) {
		fprintf(stderr, _("%s: no configuration file to write (set HOME or XDG_CONFIG_HOME, or use -c)\n"),
		    PACKAGE);
		return EXIT_USAGE;
	}
	if (so->remove_url != NULL) {
		/* No [sync]: the subscription in the configuration file. */
		char *db = o->db != NULL ? xstrdup(o->db) : nr_path_data_file();
		int rc = nr_subscriptions_remove(stdout, config_path, db, so->remove_url, &err);

		free(db);
		if (rc < 0) {
			say("%s", err.msg);
			return EXIT_NOTHING;
		}
		return EXIT_SUCCESS;
	}
	if (so->opml != NULL) {
		if (nr_subscriptions_import(stdout, so->opml, config_path, cfg, print_problem, NULL, &err) < 0) {
			say("%s", err.msg);
			return err.code == NR_ERR_USAGE ? EXIT_USAGE : EXIT_NOTHING;
		}
		return EXIT_SUCCESS;
	}
	if (!nr_subscribe_url_ok(so->add_url)) {
		char *url = nr_utf8_sanitize(so->add_url, strlen(so->add_url), 0);

		fprintf(stderr, _("%s: --add: not an http:// or https:// URL: '%s'\n"), PACKAGE, url);
		free(url);
		return EXIT_USAGE;
	}
	if (nr_subscriptions_add(stdout, config_path, cfg, so->add_url, so->title, so->tags, &err) < 0) {
		say("%s", err.msg);
		return EXIT_NOTHING;
	}
	return EXIT_SUCCESS;
}

/* The interface on the database's articles. Returns the exit status. */
static int
run_interface(struct nr_store *store, const struct nr_config *cfg)
{
	struct nr_view *view;
	struct nr_err err;
	char msg[256] = "";
	int rc;

	/* Every subscribed feed has a row in the sources pane, also before
	 * its first fetch (or when that fails): a feed that was never
	 * fetched is listed with no articles. */
	nr_sources_seed(store, cfg, &err);
	view = nr_view_new(store, cfg, &err);
	if (view == NULL) {
		say("%s", err.msg);
		return EXIT_NOTHING;
	}
	/* Subscribed feeds are fetched while the interface runs. */
	if (nr_view_start_updates(view, &err) < 0) {
		say("%s", err.msg);
	}
	rc = nr_ui_run(view, cfg, msg, sizeof msg);
	nr_view_free(view);
	if (rc < 0) {
		say("%s", msg);
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

static struct nr_store *
open_store(const char *path, int flags)
{
	struct nr_err err;
	struct nr_store *store = nr_store_open(path, flags, &err);

	if (store == NULL) {
		say("%s: %s", path, err.msg);
	}
	return store;
}

static void
print_missing(void *ud, const char *id)
{
	char *shown = nr_utf8_sanitize(id, strlen(id), 0);

	(void)ud;
	fprintf(stderr, _("%s: %s: no article with this id\n"), PACKAGE, shown);
	free(shown);
}

/* The state modes: marks by id, all read, export, import, cleanup. */
static int
state_mode(const struct opts *o, const struct nr_config *cfg)
{
	enum nr_state_mode m = NR_STATE_CLEANUP;
	struct nr_store *store;
	struct nr_err err;
	size_t i;
	int rc;

	for (i = 0; i < NMODES; i++) {
		if (modes[i].mode == o->mode && modes[i].state >= 0) {
			m = (enum nr_state_mode)modes[i].state;
		}
	}
	if (nr_state_takes_ids(m) && o->nargs == 0) {
		fprintf(stderr, _("%s: no article ids given\n"), PACKAGE);
		return EXIT_USAGE;
	}
	if (!nr_state_takes_ids(m) && o->nargs > 0) {
		char *shown = nr_utf8_sanitize(o->args[0], strlen(o->args[0]), 0);

		fprintf(stderr, _("%s: unexpected argument '%s'\n"), PACKAGE, shown);
		free(shown);
		return EXIT_USAGE;
	}
	store = open_store(o->db, m == NR_STATE_EXPORT ? NR_STORE_READONLY : NR_STORE_CREATE);
	if (store == NULL) {
		return EXIT_NOTHING;
	}
	rc = nr_state_run(m, store, o->args, o->nargs, o->state_file, cfg, (int64_t)time(NULL), stdout,
	    print_missing, NULL, &err);
	if (rc < 0) {
		say("%s", err.msg);
	}
	nr_store_close(store);
	return rc == 0 ? EXIT_SUCCESS : EXIT_NOTHING;
}

/* --dump with no PATH: the database's articles. */
static int
dump_mode(const struct opts *o)
{
	struct nr_err err;

	if (nr_dump_database(stdout, o->db, o->filters, &o->fields, &err) < 0) {
		say("%s", err.msg);
		return EXIT_NOTHING;
	}
	return EXIT_SUCCESS;
}

/* The interface, as app/run.c's runs end in a terminal. */
static int
interface(void *ud, struct nr_store *store, const struct nr_config *cfg)
{
	(void)ud;
	return run_interface(store, cfg);
}

/* The modes that read sources: the interface or the printed list, --dump
 * PATH, --update. */
static int
sources_mode(const struct opts *o, const struct nr_config *cfg)
{
	struct nr_run r;
	struct nr_err err;
	int rc;

	memset(&r, 0, sizeof r);
	r.mode = o->mode == MODE_UPDATE ? NR_RUN_UPDATE : o->mode == MODE_DUMP ? NR_RUN_DUMP : NR_RUN_LIST;
	r.args = o->args;
	r.nargs = o->nargs;
	r.db = o->db;
	r.cfg = cfg;
	r.filters = o->filters;
	r.body = o->body;
	r.fields = &o->fields;
	r.interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	r.cols = terminal_columns();
	r.out = stdout;
	r.problem = print_problem;
	r.interface = interface;
	switch ((rc = nr_run_sources(&r, &err))) {
	case NR_RUN_OK:
		if (r.mode == NR_RUN_LIST && !r.interactive) {
			fprintf(stderr, _("%s: %zu articles. Not a terminal, so the list is printed; "
			    "run newsreader in a terminal for the interface.\n"), PACKAGE, r.printed);
		}
		return r.interactive ? r.status : EXIT_SUCCESS;
	case NR_RUN_NO_SOURCES:
		fprintf(stderr, _("%s: nothing to update: no sources configured and no PATH given\n"), PACKAGE);
		return EXIT_SUCCESS;
	case NR_RUN_NO_SAMPLES:
		fprintf(stderr, _("%s: no sources given or configured, and no samples installed\n"), PACKAGE);
		return EXIT_NOTHING;
	default:
		if (rc < 0) {
			say("%s", err.msg);
		}
		return EXIT_NOTHING;
	}
}

/* The mode of o, with the configuration read. */
static int
run_mode(struct opts *o, const struct nr_config *cfg)
{
	if (o->so.add_url != NULL || o->so.remove_url != NULL || o->so.opml != NULL || o->so.export_opml) {
		return subscribe_mode(o, cfg);
	}
	if (o->want_keys) {
		nr_print_keys(stdout, cfg);
		return EXIT_SUCCESS;
	}
	if (o->db == NULL) {
		o->db = nr_path_data_file();
	}
	switch (o->mode) {
	case MODE_LIST:
	case MODE_UPDATE:
		return sources_mode(o, cfg);
	case MODE_DUMP:
		return o->nargs == 0 ? dump_mode(o) : sources_mode(o, cfg);
	default:
		return state_mode(o, cfg);
	}
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct nr_config cfg;
	struct nr_err err;
	int status;

	setlocale(LC_ALL, "");
	/* NEWSREADER_LOCALEDIR lets tests and uninstalled builds use their own catalogs. */
	const char *localedir = getenv("NEWSREADER_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
	textdomain(PACKAGE);

	status = parse_options(argc, argv, &o);
	if (status < 0 && (o.render_file != NULL || o.render_width > 0 || o.render_color || o.render_whole)) {
		int others = o.so.add_url != NULL || o.so.opml != NULL || o.so.export_opml || o.body ||
		    o.fields_arg != NULL || o.filters != 0 || o.want_keys;

		status = render_mode(o.render_file, o.render_width, o.render_color, o.render_whole,
		    others ? MODE_DUMP : o.mode,
		    o.nargs);
	} else if (status < 0 && check_options(&o) < 0) {
		status = EXIT_USAGE;
	}
	if (status >= 0) {
		free(o.db);
		return status;
	}

	nr_config_defaults(&cfg);
	if (o.config_file == NULL) {
		o.default_config = nr_path_config_file();
	}
	/* --add and --import-opml create the file -c names. */
	if (nr_config_load(&cfg, o.config_file ? o.config_file : o.default_config,
	    o.config_file != NULL && o.so.add_url == NULL && o.so.opml == NULL, &err) < 0) {
		say("%s", err.msg);
		status = EXIT_USAGE;
	} else {
		status = run_mode(&o, &cfg);
	}
	nr_config_free(&cfg);
	free(o.default_config);
	free(o.db);
	return status;
}
