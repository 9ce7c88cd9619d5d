/* What the unit tests share besides t.h: a scratch folder removed when
 * the test ends, whole files read and written, and a sink that keeps the
 * items a parser gives and counts its calls. These check nothing
 * themselves (t.h's counters are each test's own): a read returns NULL for
 * the caller to check, and a setup step that fails (a folder or a file that
 * cannot be made) ends the test with status 99, a hard error for make
 * check. */
#ifndef NR_T_HELPERS_H
#define NR_T_HELPERS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/err.h"
#include "core/model.h"

/* The scratch folder: made on first use under $TMPDIR (else /tmp), and
 * removed with everything in it when the test exits, unless
 * t_tmpdir_keep() was called. */
const char *t_tmpdir(void);
void t_tmpdir_keep(void);
/* A new string: name inside the scratch folder. */
char *t_path(const char *name);
/* Remove path and, if it is a folder, everything in it; symbolic links
 * are removed, not followed. */
void t_remove_tree(const char *path);

/* The bytes of path, NUL-terminated, in a new buffer, *n their number (n
 * may be NULL); NULL if it cannot be read. */
char *t_slurp(const char *path, size_t *n);
/* path created or replaced with n bytes of data; the test ends if it
 * cannot be written. t_spit and t_spits create a file as fopen does (0666
 * less the umask) and keep an existing file's mode; t_spit_mode sets
 * mode. */
void t_spit(const char *path, const char *data, size_t n);
void t_spits(const char *path, const char *s);
void t_spit_mode(const char *path, const char *s, mode_t mode);
/* t_spits into the scratch folder; the new file's path, a new string. */
char *t_put(const char *name, const char *s);

/* nr_store_put_feed of a feed with only location, title (or NULL) and
 * kind: its id, or -1 with err. */
struct nr_store;
int64_t t_put_feed(struct nr_store *s, const char *location, const char *title, enum nr_kind kind,
    struct nr_err *err);

/* A sink that keeps the first T_SINK_ITEMS items and counts the rest. */
#define T_SINK_ITEMS 8
struct t_sink {
	struct nr_item items[T_SINK_ITEMS];
	int n;                  /* items given, kept or not */
	int stop_after;         /* the item call says stop after this many, if > 0 */
	int feed_done;          /* feed_done calls */
	int errors;             /* problem calls, errors */
	int warnings;           /* and warnings */
	char problem[1024];     /* the last problem: "location: message" */
};

/* Empty c (its stop_after kept) and point sink at it. */
void t_sink_init(struct t_sink *c, struct nr_sink *sink);
/* Free the items c kept; c can be used again after t_sink_init. */
void t_sink_free(struct t_sink *c);

#endif
