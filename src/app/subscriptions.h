/* Subscribing outside the interface: one feed added to the configuration
 * file (--add), every feed of an OPML file not subscribed yet
 * (--import-opml), the subscribed feeds written as OPML (--export-opml).
 * What was done goes to a stream the caller gives; errors come back as
 * values. */
#ifndef NR_APP_SUBSCRIPTIONS_H
#define NR_APP_SUBSCRIPTIONS_H

#include <stdio.h>

#include "config/settings.h"
#include "core/err.h"
#include "store/store.h"

/* Subscribe to url (which nr_subscribe_url_ok accepts) with title and tags
 * (separated by commas or blanks; either may be NULL) in the configuration
 * file config_path, read as cfg: "URL: subscribed" or "URL: already
 * subscribed" to out. -1 with err if the file cannot be written. */
int nr_subscriptions_add(FILE *out, const char *config_path, const struct nr_config *cfg, const char *url,
    const char *title, const char *tags, struct nr_err *err);
/* Subscribe to every feed of the OPML file opml not subscribed yet; one
 * not on the web (no http or https URL) goes to problem as a warning and
 * is left out. The count added and skipped goes to out. -1 with err if the
 * OPML file cannot be read (err's code then NR_ERR_USAGE: a bad argument)
 * or the configuration file cannot be written (another code). */
int nr_subscriptions_import(FILE *out, const char *opml, const char *config_path, const struct nr_config *cfg,
    void (*problem)(void *ud, const char *location, const struct nr_err *err, int warning), void *ud,
    struct nr_err *err);

/* Unsubscribe from what (a NAME, URL or path: nr_unsubscribe) in the
 * configuration file config_path, then forget its articles in the
 * database db (if there is one): all but the starred ones leave it.
 * "NAME: unsubscribed; N articles removed (starred ones kept)" to out. -1
 * with err if nothing matches or a file cannot be written. */
int nr_subscriptions_remove(FILE *out, const char *config_path, const char *db, const char *what,
    struct nr_err *err);
/* Forget the source at location in store (a local path also by its real
 * path, as files are stored; a folder with every feed under it, its
 * files). Returns the number of articles removed, or -1 with err. */
long nr_subscriptions_forget(struct nr_store *store, const char *location, struct nr_err *err);

#endif
