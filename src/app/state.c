/* The user's marks outside the interface (app/state.h): the read/starred
 * filter that --dump applies to articles read from files, and the state
 * modes (--mark-read and the like, --mark-all-read, --export-state,
 * --import-state, --cleanup). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/state.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "util/utf8.h"

/* The read and the starred articles of the database, each a sorted set of
 * "feed location<TAB>id" keys. */
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
sort_set(struct key_set *set)
{
	if (set->n > 1) {
		qsort(set->keys, set->n, sizeof *set->keys, cmp_keys);
	}
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

/* The marks of the database file db into sets; none if there is no file. */
static int
read_sets(const char *db, struct state_sets *sets, struct nr_err *err)
{
	struct nr_store *store;
	struct nr_err e;
	struct stat sb;

	if (stat(db, &sb) < 0) {
		return 0;
	}
	store = nr_store_open(db, NR_STORE_READONLY, &e);
	if (store == NULL || nr_store_list(store, 0, 0, collect_state, sets, &e) < 0) {
		nr_err_set(err, e.code, "%s: %s", db, e.msg);
		nr_store_close(store);
		return -1;
	}
	nr_store_close(store);
	sort_set(&sets->read);
	sort_set(&sets->starred);
	return 0;
}

int
nr_state_filter(struct nr_list *list, const char *db, unsigned filters, struct nr_err *err)
{
	struct state_sets sets;
	size_t i, kept = 0;
	int rc;

	memset(&sets, 0, sizeof sets);
	rc = read_sets(db, &sets, err);
	for (i = 0; rc == 0 && i < list->nitems; i++) {
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
	if (rc == 0) {
		list->nitems = kept;
	}
	free_set(&sets.read);
	free_set(&sets.starred);
	return rc;
}

int
nr_state_takes_ids(enum nr_state_mode mode)
{
	return mode == NR_STATE_MARK_READ || mode == NR_STATE_MARK_UNREAD || mode == NR_STATE_STAR ||
	    mode == NR_STATE_UNSTAR;
}

static int
set_flags(enum nr_state_mode mode, struct nr_store *store, char *const *ids, size_t nids,
    nr_state_missing_fn missing, void *ud, struct nr_err *err)
{
	enum nr_flag flag = mode == NR_STATE_STAR || mode == NR_STATE_UNSTAR ? NR_FLAG_STARRED : NR_FLAG_READ;
	int value = mode == NR_STATE_MARK_READ || mode == NR_STATE_STAR;
	int rc = 0;
	size_t i;

	for (i = 0; i < nids; i++) {
		long n = nr_store_set_flag_by_id(store, ids[i], flag, value, err);

		if (n < 0) {
			return -1;
		}
		if (n == 0) {
			missing(ud, ids[i]);
			rc = 1;
		}
	}
	return rc;
}

/* Whether path names the file fp writes to. */
static int
same_file(const char *path, FILE *fp)
{
	struct stat a, b;

	return path != NULL && stat(path, &a) == 0 && fstat(fileno(fp), &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino;
}

int
nr_state_run(enum nr_state_mode mode, struct nr_store *store, char *const *ids, size_t nids,
    const char *file, const struct nr_config *cfg, int64_t now, FILE *out, nr_state_missing_fn missing,
    void *ud, struct nr_err *err)
{
	long n = -1;
	char *shown = file != NULL ? nr_utf8_sanitize(file, strlen(file), 0) : NULL;
	FILE *say = out;

	/* --export-state=/dev/stdout: the count must not land in the
	 * exported text. */
	if (mode == NR_STATE_EXPORT && same_file(file, out)) {
		say = stderr;
	}
	switch (mode) {
	case NR_STATE_MARK_READ:
	case NR_STATE_MARK_UNREAD:
	case NR_STATE_STAR:
	case NR_STATE_UNSTAR:
		free(shown);
		return set_flags(mode, store, ids, nids, missing, ud, err);
	case NR_STATE_MARK_ALL_READ:
		n = nr_store_mark_all_read(store, 0, err);
		if (n >= 0) {
			fprintf(out, _("%ld articles marked read\n"), n);
		}
		break;
	case NR_STATE_EXPORT:
		n = nr_store_export_state(store, file, err);
		if (n >= 0) {
			fprintf(say, _("%s: the state of %ld articles written\n"), shown, n);
		}
		break;
	case NR_STATE_IMPORT:
		n = nr_store_import_state(store, file, err);
		if (n >= 0) {
			fprintf(out, _("%s: the state of %ld articles applied\n"), shown, n);
		}
		break;
	case NR_STATE_CLEANUP: {
		struct nr_store_cleanup r;

		n = nr_store_cleanup_report(store, cfg->keep_days, cfg->max_articles, nr_state_max_for_feed,
		    (void *)cfg, now, &r, err);
		if (n >= 0) {
			fprintf(out, _("%ld articles purged: %ld older than keep_days, %ld beyond max_articles\n"), n,
			    r.by_age, r.by_count);
			fprintf(out, _("The database: %.1f MB before, %.1f MB after, %.1f MB regained\n"),
			    r.bytes_before / 1e6, r.bytes_after / 1e6,
			    (r.bytes_before > r.bytes_after ? r.bytes_before - r.bytes_after : 0) / 1e6);
		}
		break;
	}
	}
	free(shown);
	return n < 0 ? -1 : 0;
}

long
nr_state_max_for_feed(void *ud, const char *location)
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
