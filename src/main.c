/* newsreader: options, locale and translations, the configuration, then
 * loading the sources and the batch modes. The interactive interface lives
 * in ui/; everything else in the core library. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/dump.h"
#include "app/list.h"
#include "config/settings.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/libxml.h"
#include "parse/source.h"
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
	OPT_FIELDS
};

static const struct option long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "body", no_argument, NULL, OPT_BODY },
	{ "fields", required_argument, NULL, OPT_FIELDS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(_("Usage: %s [OPTION]... [PATH]...\n"), PACKAGE);
	fputs(_("Read news in the terminal: articles saved as text or HTML files, RSS, RDF\n"
	    "and Atom feed files, and folders of them.\n"
	    "\n"
	    "With no PATH, read the sources of the configuration's [sources] section,\n"
	    "or the bundled samples if it has none.\n"
	    "\n"), stdout);
	fputs(_("  -c, --config=FILE  read settings from FILE instead of\n"
	    "                       $XDG_CONFIG_HOME/newsreader/config.ini\n"
	    "      --dump         print the articles as tab-separated values, newest\n"
	    "                       first: published (Unix seconds), source, title,\n"
	    "                       link, author, id\n"
	    "      --body         with --dump, add the article's text as a 7th field\n"
	    "      --fields=LIST  with --dump, print these fields (comma-separated):\n"
	    "                       published, updated, source, title, link, author,\n"
	    "                       author_email, author_uri, id, categories,\n"
	    "                       enclosures, via, via_link, source_link,\n"
	    "                       source_kind, summary, content, body\n"
	    "  -h, --help         display this help and exit\n"
	    "  -V, --version      output version information and exit\n"), stdout);
	fputs(_("\n"
	    "Exit status: 0 if anything was read, 1 if no source could be read,\n"
	    "2 for a bad option or configuration file.\n"), stdout);
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
	(void)ud;
	if (err->line > 0) {
		fprintf(stderr, warning ? _("%s: %s:%ld: warning: %s\n") : "%s: %s:%ld: %s\n",
		    PACKAGE, location, err->line, err->msg);
	} else {
		fprintf(stderr, warning ? _("%s: %s: warning: %s\n") : "%s: %s: %s\n",
		    PACKAGE, location, err->msg);
	}
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
	return 80;
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
	fprintf(stderr, _("%s: %zu articles. The interactive interface is not built yet; "
	    "see --dump and man %s.\n"), PACKAGE, list->nitems, PACKAGE);
}

int
main(int argc, char **argv)
{
	struct nr_config cfg;
	struct nr_err err;
	struct nr_list list;
	struct nr_sink sink;
	struct nr_parse_opts popts;
	const char *config_file = NULL, *fields_arg = NULL;
	struct nr_dump_fields fields;
	const char **paths;
	char *default_config = NULL;
	size_t npaths = 0, i;
	long loaded = 0;
	int dump = 0, body = 0, c, status = EXIT_SUCCESS;

	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);

	while ((c = getopt_long(argc, argv, "c:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'c':
			config_file = optarg;
			break;
		case OPT_DUMP:
			dump = 1;
			break;
		case OPT_BODY:
			body = 1;
			break;
		case OPT_FIELDS:
			fields_arg = optarg;
			break;
		case 'h':
			usage();
			return EXIT_SUCCESS;
		case 'V':
			version();
			return EXIT_SUCCESS;
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
			return EXIT_USAGE;
		}
	}
	if ((body || fields_arg != NULL) && !dump) {
		fprintf(stderr, _("%s: --body and --fields need --dump\n"), PACKAGE);
		fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
		return EXIT_USAGE;
	}
	if (body && fields_arg != NULL) {
		fprintf(stderr, _("%s: --body is the field 'body' of --fields; give one or the other\n"), PACKAGE);
		return EXIT_USAGE;
	}
	if (fields_arg != NULL) {
		if (nr_dump_parse_fields(fields_arg, &fields, &err) < 0) {
			fprintf(stderr, "%s: --fields: %s\n", PACKAGE, err.msg);
			return EXIT_USAGE;
		}
		body = nr_dump_needs_body(&fields);
	} else {
		nr_dump_default_fields(&fields, body);
	}

	nr_config_defaults(&cfg);
	if (config_file == NULL) {
		default_config = nr_path_config_file();
	}
	if (nr_config_load(&cfg, config_file ? config_file : default_config, config_file != NULL, &err) < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, err.msg);
		nr_config_free(&cfg);
		free(default_config);
		return EXIT_USAGE;
	}
	free(default_config);

	paths = xcalloc((size_t)argc + cfg.nsources + 1, sizeof *paths);
	for (; optind < argc; optind++) {
		paths[npaths++] = argv[optind];
	}
	if (npaths == 0) {
		for (i = 0; i < cfg.nsources; i++) {
			paths[npaths++] = cfg.sources[i].path;
		}
	}
	if (npaths == 0) {
		const char *dir = samples_dir();

		if (dir == NULL) {
			fprintf(stderr, _("%s: no sources given or configured, and no samples installed\n"), PACKAGE);
			free(paths);
			nr_config_free(&cfg);
			return EXIT_NOTHING;
		}
		paths[npaths++] = dir;
	}

	nr_libxml_init();
	popts.want_body = body;
	nr_list_init(&list, body);
	sink = nr_list_sink(&list);
	sink.problem = print_problem;
	for (i = 0; i < npaths; i++) {
		long n = nr_source_load(paths[i], &popts, &sink, &err);

		if (n < 0) {
			fprintf(stderr, "%s: %s: %s\n", PACKAGE, paths[i], err.msg);
		} else {
			loaded += n;
		}
	}

	if (loaded == 0) {
		status = EXIT_NOTHING;
	} else if (dump) {
		nr_list_sort(&list, NR_SORT_NEWEST);
		if (nr_dump_write(stdout, &list, &fields) < 0) {
			perror(PACKAGE);
			status = EXIT_NOTHING;
		}
	} else {
		nr_list_sort(&list, cfg.sort);
		print_list(&list, &cfg);
	}

	nr_list_free(&list);
	free(paths);
	nr_config_free(&cfg);
	nr_libxml_cleanup();
	return status;
}
