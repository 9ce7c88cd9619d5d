#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/subscriptions.h"
#include "config/subscribe.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/opml.h"
#include "util/utf8.h"

/* The words of a tags option (separated by commas or blanks, as in the
 * configuration file). */
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

int
nr_subscriptions_add(FILE *out, const char *config_path, const struct nr_config *cfg, const char *url,
    const char *title, const char *tags, struct nr_err *err)
{
	struct nr_subscription sub;
	size_t skipped = 0, ntags = 0, i;
	char **words = tags != NULL ? split_words(tags, &ntags) : NULL;
	char *clean;
	long added;

	sub.url = url;
	sub.title = title;
	sub.tags = words;
	sub.ntags = ntags;
	added = nr_subscribe(config_path, cfg, &sub, 1, &skipped, err);
	for (i = 0; i < ntags; i++) {
		free(words[i]);
	}
	free(words);
	if (added < 0) {
		return -1;
	}
	clean = nr_utf8_sanitize(url, strlen(url), 0);
	fprintf(out, added == 0 ? _("%s: already subscribed\n") : _("%s: subscribed\n"), clean);
	free(clean);
	return 0;
}

int
nr_subscriptions_import(FILE *out, const char *opml, const char *config_path, const struct nr_config *cfg,
    void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning), void *ud,
    struct nr_err *err)
{
	struct nr_opml_feed *feeds;
	struct nr_subscription *subs;
	size_t nsubs = 0, skipped = 0, i;
	long n, added;

	n = nr_opml_read(opml, &feeds, err);
	if (n < 0) {
		if (err != NULL) {
			err->code = NR_ERR_USAGE;
		}
		return -1;
	}
	subs = xcalloc((size_t)n + 1, sizeof *subs);
	for (i = 0; i < (size_t)n; i++) {
		if (!nr_subscribe_url_ok(feeds[i].url)) {
			char *url = nr_utf8_sanitize(feeds[i].url, strlen(feeds[i].url), 0);
			struct nr_err e;

			nr_err_set(&e, NR_ERR_FORMAT, _("not an http:// or https:// URL, left out: '%s'"), url);
			e.line = feeds[i].line;
			problem(ud, opml, &e, 1);
			free(url);
			continue;
		}
		if (!nr_subscribe_url_writable(feeds[i].url)) {
			char *url = nr_utf8_sanitize(feeds[i].url, strlen(feeds[i].url), 0);
			struct nr_err e;

			nr_err_set(&e, NR_ERR_FORMAT, _("this URL cannot be written in the configuration file, left out: '%s'"),
			    url);
			e.line = feeds[i].line;
			problem(ud, opml, &e, 1);
			free(url);
			continue;
		}
		subs[nsubs].url = feeds[i].url;
		subs[nsubs].title = feeds[i].title;
		subs[nsubs].tags = feeds[i].tags;
		subs[nsubs].ntags = feeds[i].ntags;
		nsubs++;
	}
	added = nr_subscribe(config_path, cfg, subs, nsubs, &skipped, err);
	free(subs);
	nr_opml_free(feeds, (size_t)n);
	if (added < 0) {
		return -1;
	}
	fprintf(out, _("added %ld feeds, skipped %zu already subscribed\n"), added, skipped);
	return 0;
}

/* The stored feeds under a folder: its files, each a feed of its own. */
struct under {
	const char *dir;
	size_t len;
	char **locations;
	size_t n;
};

static int
collect_under(void *ud, const struct nr_store_feed_info *feed)
{
	struct under *u = ud;

	if (strncmp(feed->location, u->dir, u->len) == 0 && feed->location[u->len] == '/') {
		u->locations = xreallocarray(u->locations, u->n + 1, sizeof *u->locations);
		u->locations[u->n++] = xstrdup(feed->location);
	}
	return 0;
}

long
nr_subscriptions_forget(struct nr_store *store, const char *location, struct nr_err *err)
{
	char *real = realpath(location, NULL);
	struct under u;
	struct stat sb;
	long n = nr_store_forget_feed(store, location, err), m = 0;
	size_t i;

	if (n >= 0 && real != NULL && strcmp(real, location) != 0) {
		m = nr_store_forget_feed(store, real, err);
		n = m < 0 ? -1 : n + m;
	}
	/* A folder's files are stored under its real path, or, if it is
	 * gone, under the absolute path it had (a URL never starts with /). */
	memset(&u, 0, sizeof u);
	if (real != NULL && stat(real, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		u.dir = real;
	} else if (real == NULL && location[0] == '/') {
		u.dir = location;
	}
	if (n >= 0 && u.dir != NULL) {
		u.len = strlen(u.dir);
		if (nr_store_feeds(store, collect_under, &u, err) < 0) {
			n = -1;
		}
		for (i = 0; n >= 0 && i < u.n; i++) {
			m = nr_store_forget_feed(store, u.locations[i], err);
			n = m < 0 ? -1 : n + m;
		}
		for (i = 0; i < u.n; i++) {
			free(u.locations[i]);
		}
		free(u.locations);
	}
	free(real);
	return n;
}

int
nr_subscriptions_remove(FILE *out, const char *config_path, const char *db, const char *what,
    struct nr_err *err)
{
	char *label = NULL, *location = NULL, *clean;
	struct nr_store *store;
	struct nr_err e;
	struct stat sb;
	long n = 0;

	if (nr_unsubscribe(config_path, what, &label, &location, err) < 0) {
		return -1;
	}
	clean = nr_utf8_sanitize(label, strlen(label), 0);
	/* No database yet: nothing of it was ever kept. */
	if (db != NULL && stat(db, &sb) == 0) {
		store = nr_store_open(db, 0, &e);
		if (store == NULL || (n = nr_subscriptions_forget(store, location, &e)) < 0) {
			/* The subscription is gone from the file: say so, and
			 * why its articles are still there. */
			fprintf(out, _("%s: unsubscribed\n"), clean);
			nr_err_set(err, e.code, "%s: %s", db, e.msg);
			nr_store_close(store);
			free(clean);
			free(label);
			free(location);
			return -1;
		}
		nr_store_close(store);
	}
	fprintf(out, ngettext("%s: unsubscribed; %ld article removed from the database (starred ones kept)\n",
	    "%s: unsubscribed; %ld articles removed from the database (starred ones kept)\n", n), clean, n);
	free(clean);
	free(label);
	free(location);
	return 0;
}
