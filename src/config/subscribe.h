/* Subscribing and exporting: [feed NAME] sections appended to the
 * configuration file as text (--add, --import-opml) and the URL feeds of a
 * configuration written as OPML 2.0 (--export-opml). The file is never
 * rewritten from what was parsed: every byte already in it is kept, the new
 * sections are appended, the result is written to a temporary file in the
 * same folder and renamed over the file (the file a symlink points to, if
 * it is one), and the previous file is kept as FILE.bak. */
#ifndef NR_CONFIG_SUBSCRIBE_H
#define NR_CONFIG_SUBSCRIBE_H

#include <stddef.h>
#include <stdio.h>

#include "config/settings.h"
#include "core/err.h"

struct nr_subscription {
	const char *url;        /* http:// or https:// */
	const char *title;      /* or NULL */
	char *const *tags;      /* or NULL */
	size_t ntags;
};

/* Append a [feed NAME] section (url, title, tags) for each of subs[0..n) to
 * the configuration file at path (created, with its folder, if missing).
 * cfg is that file as loaded (its sources are checked): a URL already
 * subscribed, or twice in subs, is skipped and counted in *skipped. NAME
 * is made from the title (else the URL's host): lower case, words joined
 * with '-', unique among the file's sections. A URL that is not http(s) is
 * an error naming it, and nothing is written. Returns the number added, or
 * -1 with err (the file is then unchanged). */
long nr_subscribe(const char *path, const struct nr_config *cfg, const struct nr_subscription *subs, size_t n,
    size_t *skipped, struct nr_err *err);

/* Remove the subscription what names from the configuration file at path:
 * its NAME ([feed NAME] or its key in [sources], without regard to case),
 * its URL, or its path. Its text is cut out (every [feed NAME] section of
 * that name, or its [sources] line) and every other byte kept; the file is
 * written as nr_subscribe writes it (checked, FILE.bak kept, under the
 * same lock). *label and *location get its NAME and its URL or path (new
 * strings). -1 with err if no subscription matches or the file cannot be
 * written (it is then unchanged). */
int nr_unsubscribe(const char *path, const char *what, char **label, char **location, struct nr_err *err);

/* Whether url can be subscribed: http:// or https:// (any case), a host,
 * no blank or control character (what nr_subscribe and the url key of a
 * [feed NAME] section accept). */
int nr_subscribe_url_ok(const char *url);

/* Whether url is one nr_subscribe can write: nr_subscribe_url_ok, at most
 * 1,000 bytes as a value, and not holding both kinds of quote with a ';'
 * or '#' (there is no way to quote it then). */
int nr_subscribe_url_writable(const char *url);

/* Write cfg's URL feeds to fp as OPML 2.0: a head with a title and
 * dateCreated, one outline per feed (type="rss", text and title: the
 * configured title, else NAME; xmlUrl; category: the tags, comma
 * separated), in the order of the file. Returns the number written, or -1
 * with err if fp could not be written. */
long nr_export_opml(FILE *fp, const struct nr_config *cfg, struct nr_err *err);

#endif
