/*
 * The database's side of sync (store/sync.h). Tables, made on first use:
 *
 *   sync_state   one row: the account synced with, the last article id
 *                pulled, whether a sync has completed, and "quiet", set
 *                only inside the transaction that writes the server's
 *                state (so no other connection ever sees it set)
 *   sync_feeds   feed -> the server's subscription (remote id, feed URL,
 *                category)
 *   sync_marks   the queue: one row per article and flag, the last value
 *                set here; seq orders it and tells a mark replaced while it
 *                was being sent (INSERT OR REPLACE gives the new row a new
 *                seq) from the one that was sent
 *
 * The triggers queue a change of read or starred on an article of a
 * synced feed, unless quiet. All of it is schema 5 (NR_STORE_SYNC_SCHEMA,
 * run by store.c's migration step).
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "nls.h"
#include "store/store_int.h"
#include "store/sync.h"

enum sync_stmt {
	SS_SINCE,
	SS_SET_SINCE,
	SS_FEED_MAP,
	SS_FEED_ID,
	SS_REMOTE_BY_URL,
	SS_UNREAD,
	SS_QUIET,
	SS_STATE,
	SS_MARKS,
	SS_MARK_SENT,
	SS_QUEUED,
	SS_RECONCILE_ADD,
	SS_COUNT
};

static const char *const sql[SS_COUNT] = {
	[SS_SINCE] = "SELECT since FROM sync_state",
	[SS_SET_SINCE] = "UPDATE sync_state SET since = ?1",
	[SS_FEED_MAP] = "INSERT OR REPLACE INTO sync_feeds (feed, remote, url, category) VALUES (?1, ?2, ?3, ?4)",
	[SS_FEED_ID] = "SELECT feed FROM sync_feeds WHERE remote = ?1",
	[SS_REMOTE_BY_URL] = "SELECT remote FROM sync_feeds WHERE url = ?1",
	/* feed_counts: kept by schema 4's triggers. */
	[SS_UNREAD] = "SELECT c.unread FROM feed_counts c JOIN sync_feeds s ON s.feed = c.feed WHERE s.remote = ?1",
	[SS_QUIET] = "UPDATE sync_state SET quiet = ?1",
	/* The server's state, unless a mark of the article is queued. */
	[SS_STATE] = "UPDATE articles SET read = ?2, starred = ?3,"
	    " changed = CASE WHEN ?2 THEN 0 ELSE changed END"
	    " WHERE id = ?1 AND (read <> ?2 OR starred <> ?3)"
	    " AND NOT EXISTS (SELECT 1 FROM sync_marks WHERE article = ?1)",
	[SS_MARKS] = "SELECT seq, guid FROM sync_marks WHERE flag = ?1 AND value = ?2 ORDER BY seq LIMIT ?3",
	[SS_MARK_SENT] = "DELETE FROM sync_marks WHERE seq = ?1",
	[SS_QUEUED] = "SELECT count(*) FROM sync_marks",
	[SS_RECONCILE_ADD] = "INSERT OR IGNORE INTO temp.sync_ids (guid) VALUES (?1)",
};

static sqlite3_stmt *
stmt(struct nr_store *store, enum sync_stmt id, struct nr_err *err)
{
	int rc;

	if (store->sync_stmts[id] == NULL) {
		rc = sqlite3_prepare_v3(store->db, sql[id], -1, SQLITE_PREPARE_PERSISTENT, &store->sync_stmts[id], NULL);
		if (rc != SQLITE_OK) {
			store_fail(store, rc, err);
			sqlite3_finalize(store->sync_stmts[id]);
			store->sync_stmts[id] = NULL;
			return NULL;
		}
	}
	return store->sync_stmts[id];
}

static int
exec(struct nr_store *store, const char *text, struct nr_err *err)
{
	int rc = sqlite3_exec(store->db, text, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : store_fail(store, rc, err);
}

/* One number from a statement with at most one parameter, or dflt. */
static int64_t
one_int(struct nr_store *store, enum sync_stmt id, int bind, int64_t arg, const char *text, int64_t dflt)
{
	sqlite3_stmt *st = stmt(store, id, NULL);
	int64_t v = dflt;

	if (st == NULL) {
		return dflt;
	}
	if (text != NULL) {
		bind_text(st, 1, text);
	} else if (bind) {
		sqlite3_bind_int64(st, 1, arg);
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return v;
}

int
nr_store_sync_open(struct nr_store *store, const char *account, int *first, struct nr_err *err)
{
	sqlite3_stmt *st = NULL;
	const char *had;
	int rc, same = 0, synced = 0;

	if (exec(store, "BEGIN IMMEDIATE", err) < 0) {
		return -1;
	}
	rc = sqlite3_prepare_v2(store->db, "SELECT account, synced FROM sync_state", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		store_fail(store, rc, err);
		goto fail;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		had = col_text(st, 0);
		same = had != NULL && strcmp(had, account) == 0;
		synced = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!same) {
		/* Another account (or none): what was queued for it is not
		 * this one's, and this one starts from its server's state. */
		rc = sqlite3_prepare_v2(store->db, "INSERT OR REPLACE INTO sync_state (id, account) VALUES (1, ?1)", -1,
		    &st, NULL);
		if (rc != SQLITE_OK) {
			store_fail(store, rc, err);
			goto fail;
		}
		bind_text(st, 1, account);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			store_fail(store, rc, err);
			goto fail;
		}
		if (exec(store, "DELETE FROM sync_marks; DELETE FROM sync_feeds", err) < 0) {
			goto fail;
		}
		synced = 0;
	}
	if (exec(store, "UPDATE sync_state SET quiet = 0; COMMIT", err) < 0) {
		goto fail;
	}
	*first = !synced;
	return 0;
fail:
	nr_store_rollback(store);
	return -1;
}

int64_t
nr_store_sync_since(struct nr_store *store)
{
	return one_int(store, SS_SINCE, 0, 0, NULL, 0);
}

int
nr_store_sync_set_since(struct nr_store *store, int64_t since, struct nr_err *err)
{
	sqlite3_stmt *st = stmt(store, SS_SET_SINCE, err);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, since);
	return store_step_done(store, st, err);
}

int
nr_store_sync_done(struct nr_store *store, struct nr_err *err)
{
	return exec(store, "UPDATE sync_state SET synced = 1", err);
}

int
nr_store_sync_feed(struct nr_store *store, int64_t remote, const char *location, const char *url,
    const char *title, const char *category, int64_t *feed_id, struct nr_err *err)
{
	struct nr_feed feed;
	sqlite3_stmt *st;
	int64_t id;

	nr_feed_init(&feed);
	feed.location = (char *)location;
	feed.title = (char *)title;
	id = nr_store_put_feed(store, &feed, err);
	if (id < 0) {
		return -1;
	}
	st = stmt(store, SS_FEED_MAP, err);
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, remote);
	bind_text(st, 3, url);
	bind_text(st, 4, category);
	if (store_step_done(store, st, err) < 0) {
		return -1;
	}
	*feed_id = id;
	return 0;
}

int64_t
nr_store_sync_feed_id(struct nr_store *store, int64_t remote)
{
	return one_int(store, SS_FEED_ID, 1, remote, NULL, 0);
}

int64_t
nr_store_sync_remote_by_url(struct nr_store *store, const char *url)
{
	return one_int(store, SS_REMOTE_BY_URL, 0, 0, url, 0);
}

int
nr_store_sync_keep_feeds(struct nr_store *store, const int64_t *keep, size_t n, struct nr_err *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (exec(store, "CREATE TEMP TABLE IF NOT EXISTS sync_keep (remote INTEGER PRIMARY KEY);"
	    " DELETE FROM temp.sync_keep", err) < 0) {
		return -1;
	}
	rc = sqlite3_prepare_v2(store->db, "INSERT OR IGNORE INTO temp.sync_keep VALUES (?1)", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, keep[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return store_fail(store, rc, err);
		}
	}
	sqlite3_finalize(st);
	return exec(store, "DELETE FROM sync_marks WHERE article IN (SELECT a.id FROM articles a JOIN sync_feeds s"
	    " ON s.feed = a.feed WHERE s.remote NOT IN (SELECT remote FROM temp.sync_keep));"
	    " DELETE FROM sync_feeds WHERE remote NOT IN (SELECT remote FROM temp.sync_keep)", err);
}

long
nr_store_sync_unread(struct nr_store *store, int64_t remote)
{
	return (long)one_int(store, SS_UNREAD, 1, remote, NULL, 0);
}

int
nr_store_sync_quiet(struct nr_store *store, int on, struct nr_err *err)
{
	sqlite3_stmt *st = stmt(store, SS_QUIET, err);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int(st, 1, on != 0);
	return store_step_done(store, st, err);
}

/* The article of feed_id whose guid is guid (0 if none). */
static int64_t
article_id(struct nr_store *store, int64_t feed_id, const char *guid)
{
	sqlite3_stmt *st = store_stmt(store, ST_ITEM_FIND, NULL);
	int64_t id = 0;

	if (st == NULL) {
		return 0;
	}
	sqlite3_bind_int64(st, 1, feed_id);
	bind_text(st, 2, guid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return id;
}

int
nr_store_sync_put(struct nr_store *store, int64_t feed_id, const struct nr_item *item, int unread, int starred,
    int64_t now, enum nr_put_result *result, struct nr_err *err)
{
	sqlite3_stmt *st;
	int64_t id;

	if (nr_store_put_item(store, feed_id, item, now, result, err) < 0) {
		return -1;
	}
	if (*result == NR_PUT_PURGED) {
		return 0;
	}
	id = article_id(store, feed_id, item->id);
	st = stmt(store, SS_STATE, err);
	if (id == 0 || st == NULL) {
		return id == 0 ? 0 : -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, !unread);
	sqlite3_bind_int(st, 3, starred != 0);
	return store_step_done(store, st, err);
}

long
nr_store_sync_reconcile(struct nr_store *store, enum nr_flag flag, int64_t feed_id, char *const *guids, size_t n,
    struct nr_err *err)
{
	sqlite3_stmt *st, *up = NULL;
	const char *text;
	size_t i;
	long changed;
	int rc;

	if (exec(store, "CREATE TEMP TABLE IF NOT EXISTS sync_ids (guid TEXT PRIMARY KEY);"
	    " DELETE FROM temp.sync_ids", err) < 0) {
		return -1;
	}
	st = stmt(store, SS_RECONCILE_ADD, err);
	if (st == NULL) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		bind_text(st, 1, guids[i]);
		if (store_step_done(store, st, err) < 0) {
			return -1;
		}
	}
	/* read: the listed are the unread; starred: the listed are starred. */
	text = flag == NR_FLAG_READ
	    ? "UPDATE articles SET read = (guid NOT IN (SELECT guid FROM temp.sync_ids)),"
	      " changed = CASE WHEN guid NOT IN (SELECT guid FROM temp.sync_ids) THEN 0 ELSE changed END"
	      " WHERE purged = 0 AND (?1 = 0 OR feed = ?1) AND feed IN (SELECT feed FROM sync_feeds)"
	      " AND read <> (guid NOT IN (SELECT guid FROM temp.sync_ids))"
	      " AND id NOT IN (SELECT article FROM sync_marks)"
	    : "UPDATE articles SET starred = (guid IN (SELECT guid FROM temp.sync_ids))"
	      " WHERE purged = 0 AND (?1 = 0 OR feed = ?1) AND feed IN (SELECT feed FROM sync_feeds)"
	      " AND starred <> (guid IN (SELECT guid FROM temp.sync_ids))"
	      " AND id NOT IN (SELECT article FROM sync_marks)";
	rc = sqlite3_prepare_v2(store->db, text, -1, &up, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	sqlite3_bind_int64(up, 1, feed_id);
	rc = sqlite3_step(up);
	changed = rc == SQLITE_DONE ? (long)sqlite3_changes(store->db) : -1;
	sqlite3_finalize(up);
	if (rc != SQLITE_DONE) {
		return store_fail(store, rc, err);
	}
	return changed;
}

int
nr_store_sync_marks(struct nr_store *store, enum nr_flag flag, int value, size_t max, struct nr_store_mark **out,
    size_t *n, struct nr_err *err)
{
	sqlite3_stmt *st = stmt(store, SS_MARKS, err);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int(st, 1, flag == NR_FLAG_READ ? 0 : 1);
	sqlite3_bind_int(st, 2, value != 0);
	sqlite3_bind_int64(st, 3, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[*n].seq = sqlite3_column_int64(st, 0);
		(*out)[*n].guid = xstrdup(col_text(st, 1) != NULL ? col_text(st, 1) : "");
		(*out)[*n].flag = flag;
		(*out)[*n].value = value != 0;
		(*n)++;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		nr_store_sync_marks_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(store, rc, err);
	}
	return 0;
}

void
nr_store_sync_marks_free(struct nr_store_mark *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].guid);
	}
	free(v);
}

int
nr_store_sync_marks_sent(struct nr_store *store, const struct nr_store_mark *v, size_t n, struct nr_err *err)
{
	sqlite3_stmt *st;
	size_t i;

	if (exec(store, "BEGIN IMMEDIATE", err) < 0) {
		return -1;
	}
	st = stmt(store, SS_MARK_SENT, err);
	if (st == NULL) {
		goto fail;
	}
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, v[i].seq);
		if (store_step_done(store, st, err) < 0) {
			goto fail;
		}
	}
	if (exec(store, "COMMIT", err) < 0) {
		goto fail;
	}
	return 0;
fail:
	nr_store_rollback(store);
	return -1;
}

long
nr_store_sync_queued(struct nr_store *store)
{
	return (long)one_int(store, SS_QUEUED, 0, 0, NULL, 0);
}
