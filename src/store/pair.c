/*
 * A second, read-only connection to the store's file on a thread of its
 * own (store_int.h, "pair.c"), so that a count no index serves reads the
 * rows on two cores: window.c's store_count_slices hands out the chunks
 * of each rowid slice to both connections. Opened on first use, closed
 * with the store; given up for the store's life at its first error, the
 * counts then taken on the one connection.
 *   https://www.sqlite.org/threadsafe.html
 *   https://www.sqlite.org/isolation.html
 *
 * Each connection is used by one thread at a time (SQLITE_OPEN_NOMUTEX):
 * the caller's thread prepares and binds the second connection's
 * statements while the helper thread waits for work, and the helper
 * steps them from store_pair_run until the function it was given returns
 * (window.c's count, which goes on while the caller answers keys, and
 * finalizes its statement there when it is the last to let go of it);
 * the mutex orders the two. The second connection never keeps a read
 * transaction between chunks (its statements are reset after each), so
 * every read of it begins after whatever the caller had committed when
 * it began: each chunk is a snapshot of its own moment.
 *
 * Only functions that hold no state between calls are registered on it
 * (REGEXP): util/fold.c's cache (nr_match, nr_fold_loose) and body.c's
 * decompressor (nr_body_text) are one thread's, so SQL that calls them
 * does not prepare here and is counted on the one connection.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include <sqlite3.h>

#include "core/xmalloc.h"
#include "store/store_int.h"

/* The second thread's nice value, on Linux (see pair_main). */
#define PAIR_NICE 5

struct store_pair {
	sqlite3 *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	void (*fn)(void *arg);  /* the run being made (NULL: none) */
	void *arg;
	int quit;
	unsigned session;       /* the store's session_gen its TEMP tables mirror */
};

/* NEWSREADER_COUNT_CONNECTIONS: 1, one connection always; 2, two even on
 * one core (tests); else two when this process may run on two cores. */
static int
wanted(void)
{
	const char *e = getenv("NEWSREADER_COUNT_CONNECTIONS");
	cpu_set_t set;

	if (e != NULL && strcmp(e, "1") == 0) {
		return 0;
	}
	if (e != NULL && strcmp(e, "2") == 0) {
		return 1;
	}
	if (sched_getaffinity(0, sizeof set, &set) == 0) {
		return CPU_COUNT(&set) >= 2;
	}
	return sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

static void *
pair_main(void *arg)
{
	struct store_pair *p = arg;

#ifdef __linux__
	/* Below the interface's thread when they take turns on a busy
	 * machine: a count goes on while the interface answers keys and
	 * draws (window.c), and must not make it wait. On Linux the nice
	 * value is a thread's own (setpriority(2), NOTES); a failure leaves
	 * it as it is. */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), PAIR_NICE);
#endif
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->fn == NULL && !p->quit) {
			pthread_cond_wait(&p->work, &p->lock);
		}
		if (p->fn == NULL) {
			break;
		}
		pthread_mutex_unlock(&p->lock);
		p->fn(p->arg);
		pthread_mutex_lock(&p->lock);
		p->fn = NULL;
		pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* The same file as the store's: the path SQLite resolved, and the file
 * there still the one the store has open (not replaced since). */
static int
same_file(struct nr_store *store, const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && sb.st_dev == store->file_dev && sb.st_ino == store->file_ino;
}

static struct store_pair *
pair_open(struct nr_store *store)
{
	const char *path = sqlite3_db_filename(store->db, "main");
	struct store_pair *p;
	pthread_condattr_t attr;
	sigset_t all, old;
	int rc;

	if (path == NULL || path[0] == '\0' || !store->file_known || !same_file(store, path) ||
	    sqlite3_threadsafe() == 0) {
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	rc = sqlite3_open_v2(path, &p->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	/* Its reads never wait long for a writer: the count goes on on one
	 * connection instead. A small cache: a count reads each page once. */
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(p->db, 100);
		rc = sqlite3_exec(p->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK) {
		rc = store_query_functions(p->db);
	}
	if (rc == SQLITE_OK) {
		rc = store_query_tables(p->db);
	}
	if (rc != SQLITE_OK || !same_file(store, path)) {
		sqlite3_close(p->db);
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	/* Waited for until a moment of CLOCK_MONOTONIC, the budget's. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->done, &attr);
	pthread_condattr_destroy(&attr);
	/* Signals go to the interface's thread, whose poll they wake. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&p->thread, NULL, pair_main, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&p->done);
		pthread_cond_destroy(&p->work);
		pthread_mutex_destroy(&p->lock);
		sqlite3_close(p->db);
		free(p);
		return NULL;
	}
	return p;
}

/* Copy the store's TEMP tables (scope, tags) to the second connection's,
 * when they changed since: the filters' SQL reads them. */
static int
mirror_session(struct nr_store *store, struct store_pair *p)
{
	static const char *const tables[][2] = {
		{ "SELECT location, subtree FROM temp.nr_scope",
		  "INSERT INTO temp.nr_scope (location, subtree) VALUES (?1, ?2)" },
		{ "SELECT location, tag FROM temp.nr_tags",
		  "INSERT INTO temp.nr_tags (location, tag) VALUES (?1, ?2)" },
	};
	size_t i;
	int rc;

	if (p->session == store->session_gen) {
		return 0;
	}
	rc = sqlite3_exec(p->db, "BEGIN; DELETE FROM temp.nr_scope; DELETE FROM temp.nr_tags", NULL, NULL, NULL);
	for (i = 0; rc == SQLITE_OK && i < sizeof tables / sizeof tables[0]; i++) {
		sqlite3_stmt *from = NULL, *to = NULL;

		rc = sqlite3_prepare_v2(store->db, tables[i][0], -1, &from, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_prepare_v2(p->db, tables[i][1], -1, &to, NULL);
		}
		while (rc == SQLITE_OK && (rc = sqlite3_step(from)) == SQLITE_ROW) {
			sqlite3_bind_value(to, 1, sqlite3_column_value(from, 0));
			sqlite3_bind_value(to, 2, sqlite3_column_value(from, 1));
			rc = sqlite3_step(to);
			sqlite3_reset(to);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		}
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_finalize(from);
		sqlite3_finalize(to);
	}
	if (rc != SQLITE_OK) {
		sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_exec(p->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		return -1;
	}
	p->session = store->session_gen;
	return 0;
}

sqlite3 *
store_pair_get(struct nr_store *store)
{
	/* Not while the caller's connection is inside a transaction: what
	 * it reads there (its own writes not committed, or an older
	 * snapshot) the second connection would not. */
	if (store->pair_off || !sqlite3_get_autocommit(store->db)) {
		return NULL;
	}
	/* Still ending a chunk the caller stopped waiting for. */
	if (store->pair != NULL) {
		int busy;

		pthread_mutex_lock(&store->pair->lock);
		busy = store->pair->fn != NULL;
		pthread_mutex_unlock(&store->pair->lock);
		if (busy) {
			return NULL;
		}
	}
	if (store->pair == NULL) {
		if (!wanted() || (store->pair = pair_open(store)) == NULL) {
			store->pair_off = 1;
			return NULL;
		}
		/* Its TEMP tables are empty: mirrored below. */
		store->pair->session = store->session_gen - 1;
	}
	if (mirror_session(store, store->pair) < 0) {
		store_pair_close(store);
		store->pair_off = 1;
		return NULL;
	}
	return store->pair->db;
}

void
store_pair_run(struct nr_store *store, void (*fn)(void *arg), void *arg)
{
	struct store_pair *p = store->pair;

	pthread_mutex_lock(&p->lock);
	p->fn = fn;
	p->arg = arg;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

int
store_pair_wait(struct nr_store *store, int64_t until_ns)
{
	struct store_pair *p = store->pair;
	struct timespec ts;
	int done;

	ts.tv_sec = (time_t)(until_ns / 1000000000);
	ts.tv_nsec = (long)(until_ns % 1000000000);
	pthread_mutex_lock(&p->lock);
	while (p->fn != NULL) {
		if (until_ns == 0) {
			pthread_cond_wait(&p->done, &p->lock);
		} else if (pthread_cond_timedwait(&p->done, &p->lock, &ts) == ETIMEDOUT) {
			break;
		}
	}
	done = p->fn == NULL;
	pthread_mutex_unlock(&p->lock);
	return done;
}

void
store_pair_fail(struct nr_store *store)
{
	store_pair_close(store);
	store->pair_off = 1;
}

void
store_pair_close(struct nr_store *store)
{
	struct store_pair *p = store->pair;

	if (p == NULL) {
		return;
	}
	pthread_mutex_lock(&p->lock);
	p->quit = 1;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	sqlite3_close(p->db);
	free(p);
	store->pair = NULL;
}
