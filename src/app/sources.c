#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/sources.h"
#include "core/xmalloc.h"
#include "util/path.h"

static int
is_web_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

void
nr_sources_collect(struct nr_sources *s, char *const *args, size_t nargs, const struct nr_config *cfg,
    int with_config)
{
	size_t i, max = nargs + cfg->nsources + 1;

	memset(s, 0, sizeof *s);
	s->paths = xcalloc(max, sizeof *s->paths);
	s->titles = xcalloc(max, sizeof *s->titles);
	s->srcs = xcalloc(max, sizeof *s->srcs);
	s->urls = xcalloc(max, sizeof *s->urls);
	s->arg_srcs = xcalloc(nargs + 1, sizeof *s->arg_srcs);
	for (i = 0; i < nargs; i++) {
		if (is_web_url(args[i])) {
			struct nr_source *src = &s->arg_srcs[s->nargs_urls++];

			src->label = args[i];
			src->path = args[i];
			src->is_url = 1;
			src->max_articles = -1;
			src->reload = -1;
			s->urls[s->nurls++] = src;
			continue;
		}
		s->paths[s->npaths++] = args[i];
	}
	if (!with_config && (s->npaths > 0 || s->nurls > 0)) {
		return;
	}
	for (i = 0; i < cfg->nsources; i++) {
		if (cfg->sources[i].is_url) {
			s->urls[s->nurls++] = &cfg->sources[i];
			continue;
		}
		s->titles[s->npaths] = cfg->sources[i].title;
		s->srcs[s->npaths] = &cfg->sources[i];
		s->paths[s->npaths++] = cfg->sources[i].path;
	}
}

static int
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The bundled samples: those NEWSREADER_SAMPLES names (tests, builds
 * outside the source tree), else the installed ones, else, for a program
 * run from its build tree (./src/newsreader), the samples folder beside
 * its src/ folder, found from the program's own location: no path of the
 * build machine is compiled in. NULL if none. */
static const char *
samples_dir(void)
{
	static char here[4096];
	const char *env = getenv("NEWSREADER_SAMPLES");
	ssize_t n;
	char *slash;

	if (env != NULL && env[0] != '\0') {
		return env;
	}
	if (is_dir(NR_SAMPLES_DIR)) {
		return NR_SAMPLES_DIR;
	}
	/* /proc/self/exe is Linux's; elsewhere an uninstalled program needs
	 * NEWSREADER_SAMPLES. */
	n = readlink("/proc/self/exe", here, sizeof here - sizeof "samples");
	if (n <= 0 || (size_t)n >= sizeof here - sizeof "samples") {
		return NULL;
	}
	here[n] = '\0';
	slash = strrchr(here, '/');
	if (slash == NULL || slash - here < 4 || strncmp(slash - 4, "/src", 4) != 0) {
		return NULL;
	}
	strcpy(slash - 3, "samples");
	return is_dir(here) ? here : NULL;
}

int
nr_sources_add_samples(struct nr_sources *s)
{
	const char *dir = samples_dir();

	if (dir == NULL) {
		return -1;
	}
	/* collect leaves room for one more path. */
	s->titles[s->npaths] = NULL;
	s->paths[s->npaths++] = dir;
	return 0;
}

void
nr_sources_free(struct nr_sources *s)
{
	free(s->paths);
	free(s->titles);
	free(s->srcs);
	free(s->urls);
	free(s->arg_srcs);
	memset(s, 0, sizeof *s);
}

int
nr_sources_seed(struct nr_store *store, const struct nr_config *cfg, struct nr_err *err)
{
	size_t i;

	if (nr_store_begin(store, err) < 0) {
		return -1;
	}
	for (i = 0; i < cfg->nsources; i++) {
		struct nr_feed feed;

		if (!cfg->sources[i].is_url) {
			continue;
		}
		nr_feed_init(&feed);
		feed.location = cfg->sources[i].path;
		feed.title = cfg->sources[i].title;
		if (nr_store_put_feed(store, &feed, err) < 0) {
			nr_store_rollback(store);
			return -1;
		}
	}
	return nr_store_commit(store, err);
}

/* Put the source at path (a URL, or a local file or folder) in scope, as
 * the loader names its feeds: a URL as written; a folder by its real path
 * and everything under it; a file by its real path (a feed file) and its
 * folder's (the folder feed an article file belongs to). */
static int
scope_source(struct nr_store *store, const char *path, int is_url, struct nr_err *err)
{
	char *real, *dir;
	int rc;

	if (is_url) {
		return nr_store_scope_add(store, path, 0, err);
	}
	real = realpath(path, NULL);
	if (real == NULL) {
		/* Not there now: it may be stored from before. */
		return nr_store_scope_add(store, path, 1, err);
	}
	rc = nr_store_scope_add(store, real, 1, err);
	if (rc == 0 && !is_dir(real)) {
		dir = nr_path_dirname(real);
		rc = nr_store_scope_add(store, dir, 0, err);
		free(dir);
	}
	free(real);
	return rc;
}

int
nr_sources_session(struct nr_store *store, const struct nr_config *cfg, char *const *args, size_t nargs,
    struct nr_err *err)
{
	size_t i;

	if (nr_store_scope_clear(store, err) < 0) {
		return -1;
	}
	for (i = 0; i < nargs; i++) {
		if (scope_source(store, args[i], is_web_url(args[i]), err) < 0) {
			return -1;
		}
	}
	for (i = 0; i < cfg->nsources; i++) {
		const struct nr_source *src = &cfg->sources[i];
		char *real = src->is_url ? NULL : realpath(src->path, NULL);

		if (scope_source(store, src->path, src->is_url, err) < 0 ||
		    (src->ntags > 0 && nr_store_set_tags(store, real != NULL ? real : src->path,
		    (const char *const *)src->tags, src->ntags, err) < 0)) {
			free(real);
			return -1;
		}
		free(real);
	}
	return 0;
}
