/*
 * The database, on SQLite:
 *   https://www.sqlite.org/fileformat2.html (header fields read before SQLite
 *     is let near a file: magic, page size, page count, application_id)
 *   https://www.sqlite.org/pragma.html#pragma_user_version (schema version)
 *   https://www.sqlite.org/wal.html
 *
 * Opening reads before it writes: the file's header, then application_id,
 * user_version and the schema, and only when all of them say this is a
 * newsreader database that this build can use does anything write (WAL
 * mode, migrations). A refused file is left byte for byte as it was.
 *
 * This file holds the schema and the rows (feeds, articles, their flags,
 * retention); state.c the state file format, through store_int.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "store/store.h"
#include "store/store_int.h"
#include "store/sync.h"
#include "util/fold.h"
#include "util/utf8.h"

/* PRAGMA application_id of every newsreader database: "NRDB". */
#define APP_ID 0x4e524442

/* How long a writer waits for another one before saying "busy". */
#define BUSY_TIMEOUT_MS 5000

/* ---- schema ---- */

/* The steps from each schema version to the next: steps[v] takes a
 * database from user_version v to v + 1, in a transaction of its own
 * (store.h says how to add one). Released steps are never edited, only
 * appended to, since databases in the field were made by them. */
struct step {
	const char *sql;        /* run first; may be NULL */
	/* then this, in the same transaction, for what SQL cannot say
	 * alone; may be NULL */
	int (*fn)(struct nr_store *store, struct nr_err *err);
	/* VACUUM once the step is committed: it rewrote a large table, and
	 * the pages the old one held should go back to the file system. */
	int vacuum;
};

static const struct step steps[NR_STORE_SCHEMA] = {
	/* 0 -> 1: the first schema. Bodies have their own table so that
	 * listing (which reads articles only) never pages them in. */
	{ "CREATE TABLE feeds ("
	"  id INTEGER PRIMARY KEY,"
	"  location TEXT NOT NULL UNIQUE,"
	"  title TEXT,"
	"  link TEXT,"
	"  description TEXT,"
	"  kind INTEGER NOT NULL DEFAULT 0,"
	"  etag TEXT,"
	"  last_modified TEXT"
	");"
	"CREATE TABLE articles ("
	"  id INTEGER PRIMARY KEY,"
	"  feed INTEGER NOT NULL REFERENCES feeds(id),"
	"  guid TEXT NOT NULL,"
	"  title TEXT,"
	"  link TEXT,"
	"  author TEXT,"
	"  author_email TEXT,"
	"  author_uri TEXT,"
	"  published INTEGER,"
	"  updated INTEGER,"
	"  fetched INTEGER NOT NULL,"
	"  categories TEXT,"
	"  enclosures TEXT,"
	"  source_title TEXT,"
	"  source_link TEXT,"
	"  hash INTEGER NOT NULL,"
	"  read INTEGER NOT NULL DEFAULT 0,"
	"  starred INTEGER NOT NULL DEFAULT 0,"
	"  changed INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (feed, guid)"
	");"
	"CREATE INDEX articles_published ON articles(published);"
	"CREATE INDEX articles_guid ON articles(guid);"
	"CREATE INDEX articles_link ON articles(link);"
	"CREATE TABLE bodies ("
	"  article INTEGER PRIMARY KEY REFERENCES articles(id),"
	"  summary TEXT,"
	"  summary_type INTEGER NOT NULL DEFAULT 0,"
	"  content TEXT,"
	"  content_type INTEGER NOT NULL DEFAULT 0"
	");", NULL, 0 },

	/* 1 -> 2: retention and state import. Purged articles stay as
	 * tombstones so that a feed still carrying them does not bring them
	 * back; the list index leaves tombstones out. State imported for
	 * articles not yet seen waits in pending until they arrive. */
	{ "ALTER TABLE articles ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;"
	"DROP INDEX articles_published;"
	"CREATE INDEX articles_list ON articles(published) WHERE purged = 0;"
	"CREATE TABLE pending ("
	"  id INTEGER PRIMARY KEY,"
	"  guid TEXT NOT NULL,"
	"  link TEXT NOT NULL,"
	"  feed_location TEXT NOT NULL,"
	"  read INTEGER NOT NULL,"
	"  starred INTEGER NOT NULL,"
	"  UNIQUE (guid, link)"
	");"
	"CREATE INDEX pending_link ON pending(link);", NULL, 0 },

	/* 2 -> 3: feeds over the network. Where to fetch a feed from after
	 * a permanent redirect (its location stays the URL the user
	 * configured, which keys it), when it was last fetched (for reload
	 * intervals), and the last attempt and its failure, kept apart from
	 * the articles so that a failure never touches them. */
	{ "ALTER TABLE feeds ADD COLUMN fetch_url TEXT;"
	"ALTER TABLE feeds ADD COLUMN fetched INTEGER;"
	"ALTER TABLE feeds ADD COLUMN attempted INTEGER;"
	"ALTER TABLE feeds ADD COLUMN fetch_error TEXT;", NULL, 0 },

	/* 3 -> 4: the list as a window on the database, and bodies
	 * compressed. Indexes for the views the list reads a screen at a
	 * time (one feed's articles, the unread, the starred, each newest
	 * first), and each feed's counts kept by triggers, so that the
	 * sources pane costs a row per feed and not a scan of the articles.
	 * Bodies (body.c): summary and content packed into one zstd frame,
	 * with a dictionary trained on the library's own bodies (dicts,
	 * keyed by zstd's dictionary id, which each frame names); the old
	 * table's rows are packed into a new one. */
	{ "DROP INDEX articles_list;"
	/* Each holds the columns its WHERE names, so that a list's ids are
	 * read from the index alone (SQLite 3.40 does not see that a
	 * partial index's own condition needs no look-up in the table),
	 * first, so that they are equalities before the date and the index
	 * gives the list's order (date, then rowid) with no sort. */
	"CREATE INDEX articles_list ON articles(purged, published) WHERE purged = 0;"
	"CREATE INDEX articles_feed ON articles(feed, purged, published) WHERE purged = 0;"
	"CREATE INDEX articles_unread ON articles(purged, read, published) WHERE purged = 0 AND read = 0;"
	"CREATE INDEX articles_starred ON articles(purged, starred, published) WHERE purged = 0 AND starred <> 0;"
	"CREATE TABLE feed_counts ("
	"  feed INTEGER PRIMARY KEY REFERENCES feeds(id),"
	"  total INTEGER NOT NULL DEFAULT 0,"
	"  unread INTEGER NOT NULL DEFAULT 0"
	");"
	"INSERT INTO feed_counts (feed, total, unread)"
	"  SELECT feed, count(*), sum(read = 0) FROM articles WHERE purged = 0 GROUP BY feed;"
	"CREATE TRIGGER articles_counts_insert AFTER INSERT ON articles WHEN NEW.purged = 0 BEGIN"
	"  INSERT INTO feed_counts (feed, total, unread) VALUES (NEW.feed, 1, NEW.read = 0)"
	"  ON CONFLICT (feed) DO UPDATE SET total = total + 1, unread = unread + (NEW.read = 0);"
	"END;"
	"CREATE TRIGGER articles_counts_delete AFTER DELETE ON articles WHEN OLD.purged = 0 BEGIN"
	"  UPDATE feed_counts SET total = total - 1, unread = unread - (OLD.read = 0) WHERE feed = OLD.feed;"
	"END;"
	"CREATE TRIGGER articles_counts_update AFTER UPDATE OF read, purged ON articles"
	"  WHEN (OLD.purged = 0) <> (NEW.purged = 0) OR (OLD.read = 0) <> (NEW.read = 0) BEGIN"
	"  UPDATE feed_counts SET total = total + (NEW.purged = 0) - (OLD.purged = 0),"
	"  unread = unread + (NEW.purged = 0 AND NEW.read = 0) - (OLD.purged = 0 AND OLD.read = 0)"
	"  WHERE feed = NEW.feed;"
	"END;"
	"CREATE TABLE dicts ("
	"  id INTEGER PRIMARY KEY,"
	"  data BLOB NOT NULL"
	");"
	"CREATE TABLE bodies_packed ("
	"  article INTEGER PRIMARY KEY REFERENCES articles(id),"
	"  summary_type INTEGER NOT NULL DEFAULT 0,"
	"  content_type INTEGER NOT NULL DEFAULT 0,"
	"  packed BLOB"
	");", store_body_migrate, 1 },

	/* 4 -> 5: sync with a server aggregator (store/sync.c says how the
	 * tables and triggers are used). */
	{ NR_STORE_SYNC_SCHEMA, NULL, 0 },

	/* 5 -> 6: every author of an article, not only their names joined
	 * (authors: one a line, "name<TAB>email<TAB>uri", a missing part
	 * empty; NULL when author, author_email and author_uri say it all,
	 * as for every article stored before), and a feed's own author. */
	{ "ALTER TABLE articles ADD COLUMN authors TEXT;"
	"ALTER TABLE feeds ADD COLUMN author TEXT;", NULL, 0 },

	/* 6 -> 7: a feed file's stamp (size, modification time in
	 * nanoseconds, inode) when it was last read whole, so that reading a
	 * library again skips the files that have not changed since. */
	{ "ALTER TABLE feeds ADD COLUMN file_size INTEGER;"
	"ALTER TABLE feeds ADD COLUMN file_mtime INTEGER;"
	"ALTER TABLE feeds ADD COLUMN file_inode INTEGER;", NULL, 0 },

	/* 7 -> 8: reader mode (issue 15). The name of the site a web page
	 * came from, its lead image, which no feed format carries, and what
	 * reader mode had to say of it (shown when the article is read). */
	{ "ALTER TABLE articles ADD COLUMN site TEXT;"
	"ALTER TABLE articles ADD COLUMN image TEXT;"
	"ALTER TABLE articles ADD COLUMN note TEXT;", NULL, 0 },

	/* 8 -> 9: the filter language's author = "..." (store/query.c)
	 * looked up instead of read from every article (issue 14: a limit
	 * and a query feed's count under 100 ms with 1,000,000 articles),
	 * in the list's order within an author. */
	{ "CREATE INDEX articles_author ON articles(author COLLATE NOCASE, purged, published) WHERE purged = 0;", NULL, 0 },

	/* 9 -> 10: a limit found through an index instead of every article's
	 * row. Each article's title and author, loosely folded
	 * (nr_fold_loose: the fold every search's matches are found in),
	 * cut into trigrams; only which articles hold each trigram is kept
	 * (contentless, detail=none, no column sizes), so that it weighs a
	 * few bytes an article. A limit asks it for the articles holding
	 * every trigram of the pattern and confirms each with nr_match. Kept
	 * by the triggers here on insert and on a change of title or author;
	 * deleting needs the folded text the article was indexed with, which
	 * only a connection with nr_fold_loose can give, so that trigger is
	 * each newsreader's own (TEMP, FTS_DELETE_TRIGGER): another program
	 * deleting articles leaves their trigrams behind, which only make a
	 * few more candidates that nr_match turns away. */
	{ "CREATE VIRTUAL TABLE articles_fts USING fts5(t, content = '', columnsize = 0, detail = none,"
	"  tokenize = 'trigram case_sensitive 1');"
	/* A load's trigrams gathered in up to 16 MB before they are
	 * written (1 MB by default): fewer segments to merge (filling it
	 * from 100,000 articles: 0.29 -> 0.23 s). */
	"INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 16777216);"
	"INSERT INTO articles_fts (rowid, t) SELECT id, nr_fold_loose(title, author) FROM articles"
	"  WHERE title IS NOT NULL OR author IS NOT NULL;"
	"CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles"
	"  WHEN NEW.title IS NOT NULL OR NEW.author IS NOT NULL BEGIN"
	"  INSERT INTO articles_fts (rowid, t) VALUES (NEW.id, nr_fold_loose(NEW.title, NEW.author));"
	"END;"
	"CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, author ON articles"
	"  WHEN OLD.title IS NOT NEW.title OR OLD.author IS NOT NEW.author BEGIN"
	"  INSERT INTO articles_fts (articles_fts, rowid, t)"
	"  SELECT 'delete', OLD.id, nr_fold_loose(OLD.title, OLD.author)"
	"  WHERE OLD.title IS NOT NULL OR OLD.author IS NOT NULL;"
	"  INSERT INTO articles_fts (rowid, t) SELECT NEW.id, nr_fold_loose(NEW.title, NEW.author)"
	"  WHERE NEW.title IS NOT NULL OR NEW.author IS NOT NULL;"
	"END;", NULL, 0 },

	/* 10 -> 11: query feeds' counts kept across runs (query.c,
	 * "kept counts"): a query's count per feed, with the feed's stamp
	 * when it was counted, so that a run counts again only the feeds
	 * changed since (1,000,000 articles, a regular expression over every
	 * title: 120-140 ms -> about a millisecond). The stamp is a new
	 * random number at each change of the feed's articles (any update of
	 * a row: read, starred, title, purged, ...; an insert, a delete) or
	 * its title, by the triggers that keep its counts, which fire for
	 * every program writing the file; random, not counted up, so that a
	 * feed_counts row made again (a bulk load's, a feed removed and its
	 * id given again) never repeats the stamp an old count was kept
	 * with. */
	{ "ALTER TABLE feed_counts ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0;"
	"UPDATE feed_counts SET stamp = random();"
	"DROP TRIGGER IF EXISTS articles_counts_insert;"
	"CREATE TRIGGER articles_counts_insert AFTER INSERT ON articles WHEN NEW.purged = 0 BEGIN"
	"  INSERT INTO feed_counts (feed, total, unread, stamp) VALUES (NEW.feed, 1, NEW.read = 0, random())"
	"  ON CONFLICT (feed) DO UPDATE SET total = total + 1, unread = unread + (NEW.read = 0), stamp = random();"
	"END;"
	"DROP TRIGGER IF EXISTS articles_counts_delete;"
	"CREATE TRIGGER articles_counts_delete AFTER DELETE ON articles BEGIN"
	"  UPDATE feed_counts SET total = total - (OLD.purged = 0), unread = unread - (OLD.purged = 0 AND OLD.read = 0),"
	"  stamp = random() WHERE feed = OLD.feed;"
	"END;"
	/* Every update, not only of read and purged: starred, title,
	 * author, link, dates and a reader mode's note (which comes with
	 * its body) change what a query matches. One row written, as the
	 * counts were before for a mark. */
	"DROP TRIGGER IF EXISTS articles_counts_update;"
	"CREATE TRIGGER articles_counts_update AFTER UPDATE ON articles BEGIN"
	"  UPDATE feed_counts SET total = total + (NEW.purged = 0) - (OLD.purged = 0),"
	"  unread = unread + (NEW.purged = 0 AND NEW.read = 0) - (OLD.purged = 0 AND OLD.read = 0),"
	"  stamp = random() WHERE feed = NEW.feed;"
	"  UPDATE feed_counts SET stamp = random() WHERE feed = OLD.feed AND OLD.feed <> NEW.feed;"
	"END;"
	"CREATE TRIGGER feeds_counts_stamp AFTER UPDATE OF title, location ON feeds"
	"  WHEN OLD.title IS NOT NEW.title OR OLD.location IS NOT NEW.location BEGIN"
	"  UPDATE feed_counts SET stamp = random() WHERE feed = NEW.id;"
	"END;"
	/* The text that says what was counted (query.c's kept_key: the
	 * condition with its values, and the session's tags or scope when
	 * it depends on them), and its counts by feed. */
	"CREATE TABLE query_keys ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE"
	");"
	"CREATE TABLE query_counts ("
	"  query INTEGER NOT NULL REFERENCES query_keys(id) ON DELETE CASCADE,"
	"  feed INTEGER NOT NULL,"
	"  stamp INTEGER NOT NULL,"
	"  total INTEGER NOT NULL,"
	"  unread INTEGER NOT NULL,"
	"  PRIMARY KEY (query, feed)"
	") WITHOUT ROWID;", NULL, 0 },

	/* 11 -> 12: the starred articles' feed and read mark in their
	 * index, after the date and the id, which keep the list's order:
	 * the starred of sources out of the session's scope (listed under
	 * their source's title) found and counted from the index alone,
	 * not each article's row read (1,000,000 articles, 9,971 starred,
	 * one source of 1,000 in scope: a query row's first count 106-201 ->
	 * 40-88 ms from opening). Only starred articles are in it. */
	{ "DROP INDEX articles_starred;"
	"CREATE INDEX articles_starred ON articles(purged, starred, published, id, feed, read)"
	"  WHERE purged = 0 AND starred <> 0;", NULL, 0 },
};

/* The trigger that takes a deleted article out of articles_fts (step 9 ->
 * 10 says why it is not in the file): made by each connection that
 * writes. */
#define FTS_DELETE_TRIGGER \
	"CREATE TEMP TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON main.articles" \
	" WHEN OLD.title IS NOT NULL OR OLD.author IS NOT NULL BEGIN" \
	" INSERT INTO articles_fts (articles_fts, rowid, t)" \
	" VALUES ('delete', OLD.id, nr_fold_loose(OLD.title, OLD.author));" \
	" END"

/* What a purged article keeps: its feed and guid (so that it is known
 * when it comes again) and the mark. */
#define TOMBSTONE \
	"purged = 1, title = NULL, link = NULL, author = NULL, author_email = NULL, author_uri = NULL," \
	" authors = NULL," \
	" published = NULL, updated = NULL, categories = NULL, enclosures = NULL, source_title = NULL," \
	" source_link = NULL, site = NULL, image = NULL, note = NULL, hash = 0, read = 0, starred = 0, changed = 0"

/* ---- statements, prepared once and reused ---- */

/* The list columns, in the order row_from() reads them. */
#define LIST_COLUMNS \
	"a.id, a.feed, f.title, f.location, f.link, f.kind, a.guid, a.title, a.link, a.author," \
	" a.author_email, a.author_uri, a.published, a.updated, a.categories, a.enclosures," \
	" a.source_title, a.source_link, a.read, a.starred, a.changed, a.fetched, f.author, a.authors," \
	" a.site, a.image, a.note"

/* Newest first, unknown dates last: SQLite sorts NULL below every number,
 * so "published DESC" already puts them last, and articles_list (on
 * published, rowid implied) serves this order scanned backwards, with no
 * sort and no memory growing with the number of rows. */
#define LIST_ORDER " ORDER BY a.published DESC, a.id DESC"

/* The session's scope (query.c), its flag the parameter p: the articles
 * of sources in scope, and starred ones of any. */
#define SCOPE(p) " AND (" p " = 0 OR a.starred <> 0 OR a.feed IN " STORE_SCOPE_FEEDS ")"

/* Whether feed f is in the session's scope (?1: whether one is set). */
#define FEED_LISTED "(?1 = 0 OR f.id IN " STORE_SCOPE_FEEDS ")"

/* The article's list columns as parameters ?2 .. ?12 and ?18 .. ?21
 * (bind_item()). */
#define ITEM_SET \
	"title = ?2, link = ?3, author = ?4, author_email = ?5, author_uri = ?6, published = ?7," \
	" updated = ?8, categories = ?9, enclosures = ?10, source_title = ?11, source_link = ?12," \
	" authors = ?18, site = ?19, image = ?20, note = ?21"

static const char *const stmt_sql[ST_COUNT] = {
	/* IMMEDIATE: take the write lock at the start, where waiting for it
	 * is safe, rather than at the first write, where SQLite cannot wait
	 * without risking a deadlock and fails at once. */
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_SAVEPOINT] = "SAVEPOINT nr_store",
	[ST_RELEASE] = "RELEASE nr_store",
	[ST_ROLLBACK_TO] = "ROLLBACK TO nr_store",
	[ST_FEED_FIND] = "SELECT id, title, link, description, kind, author FROM feeds WHERE location = ?1",
	[ST_FEED_INSERT] = "INSERT INTO feeds (location, title, link, description, kind, author)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_FEED_UPDATE] = "UPDATE feeds SET title = ?2, link = ?3, description = ?4, kind = ?5, author = ?6"
	    " WHERE id = ?1",
	[ST_ITEM_FIND] = "SELECT id, purged, hash, link, author, author_email, author_uri, published, updated,"
	    " categories, enclosures, source_title, source_link, authors FROM articles WHERE feed = ?1 AND guid = ?2",
	[ST_ITEM_INSERT] = "INSERT INTO articles (feed, title, link, author, author_email, author_uri,"
	    " published, updated, categories, enclosures, source_title, source_link, fetched, hash, guid,"
	    " read, starred, authors, site, image, note)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
	    " ?19, ?20, ?21)",
	/* A changed article the user has read is marked, so that it can be
	 * shown as updated; one still unread is simply unread. */
	[ST_ITEM_UPDATE] = "UPDATE articles SET " ITEM_SET ", fetched = ?13, hash = ?14,"
	    " changed = (changed OR read) WHERE id = ?1",
	[ST_ITEM_UPDATE_META] = "UPDATE articles SET " ITEM_SET " WHERE id = ?1",
	[ST_BODY_INSERT] = "INSERT INTO bodies (article, packed, summary_type, content_type)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[ST_BODY_PUT] = "INSERT OR REPLACE INTO bodies (article, packed, summary_type, content_type)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[ST_PENDING_ANY] = "SELECT EXISTS (SELECT 1 FROM pending)",
	[ST_PENDING_BY_ID] = "SELECT id, read, starred FROM pending WHERE guid = ?1 AND guid <> '' LIMIT 1",
	[ST_PENDING_BY_LINK] = "SELECT id, read, starred FROM pending WHERE link = ?1 AND link <> '' LIMIT 1",
	[ST_PENDING_DELETE] = "DELETE FROM pending WHERE id = ?1",
	[ST_PENDING_PUT] = "INSERT INTO pending (guid, link, feed_location, read, starred)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (guid, link) DO UPDATE SET"
	    " feed_location = excluded.feed_location, read = excluded.read, starred = excluded.starred",
	[ST_BODY_GET] = "SELECT packed, summary_type, content_type FROM bodies WHERE article = ?1",
	/* A source out of scope is listed while it has starred articles
	 * (they stay under its title), with their counts (the listed
	 * articles'): every feed's counted at once from articles_starred
	 * (schema 12: the feed and the read mark in it), only when a scope
	 * is set, not each out-of-scope feed's articles read for their mark
	 * (1,000,000 articles in 1,000 feeds, one in scope: 187 -> ms).
	 * The range "> 0" makes SQLite, which has no statistics, see that
	 * that index is the narrow one. */
	[ST_FEEDS] = "SELECT f.id, f.location, f.title, f.link, f.kind,"
	    " CASE WHEN " FEED_LISTED " THEN coalesce(c.total, 0) ELSE coalesce(s.total, 0) END,"
	    " CASE WHEN " FEED_LISTED " THEN coalesce(c.unread, 0) ELSE coalesce(s.unread, 0) END,"
	    " f.fetch_error FROM feeds f LEFT JOIN feed_counts c ON c.feed = f.id"
	    " LEFT JOIN (SELECT a.feed AS feed, count(*) AS total, sum(a.read = 0) AS unread FROM articles a"
	    " WHERE ?1 <> 0 AND a.purged = 0 AND a.starred <> 0 AND a.starred > 0 GROUP BY a.feed) s ON s.feed = f.id"
	    " WHERE " FEED_LISTED " OR s.total > 0"
	    " ORDER BY f.title IS NULL, f.title COLLATE nr_locale, f.location",
	[ST_VALIDATORS_SET] = "UPDATE feeds SET etag = ?2, last_modified = ?3 WHERE id = ?1",
	/* Reading an article is reading its latest version too. */
	[ST_READ_BY_ID] = "UPDATE articles SET read = ?2, changed = CASE WHEN ?2 THEN 0 ELSE changed END"
	    " WHERE guid = ?1 AND purged = 0",
	[ST_STARRED_BY_ID] = "UPDATE articles SET starred = ?2 WHERE guid = ?1 AND purged = 0",
	[ST_STATE_BY_ID] = "UPDATE articles SET read = ?2, starred = ?3,"
	    " changed = CASE WHEN ?2 THEN 0 ELSE changed END WHERE guid = ?1 AND purged = 0",
	[ST_COUNT_BY_LINK] = "SELECT count(*) FROM articles WHERE link = ?1 AND purged = 0",
	[ST_STATE_BY_LINK] = "UPDATE articles SET read = ?2, starred = ?3,"
	    " changed = CASE WHEN ?2 THEN 0 ELSE changed END WHERE link = ?1 AND purged = 0",
	[ST_READ_BY_ROWID] = "UPDATE articles SET read = ?2, changed = CASE WHEN ?2 THEN 0 ELSE changed END"
	    " WHERE id = ?1 AND purged = 0",
	[ST_STARRED_BY_ROWID] = "UPDATE articles SET starred = ?2 WHERE id = ?1 AND purged = 0",
	[ST_ALL_READ] = "UPDATE articles SET read = 1, changed = 0 WHERE read = 0 AND purged = 0"
	    " AND (?1 = 0 OR feed = ?1)",
	[ST_ALL_UNCHANGED] = "UPDATE articles SET changed = 0 WHERE changed <> 0 AND (?1 = 0 OR feed = ?1)",
	/* State not yet applied is state too: it goes out with the rest. */
	[ST_EXPORT] = "SELECT read, starred, guid, link, location FROM ("
	    " SELECT 0 AS part, a.id AS n, a.read, a.starred, a.guid, a.link, f.location FROM articles a"
	    " JOIN feeds f ON f.id = a.feed WHERE a.purged = 0 AND (a.read <> 0 OR a.starred <> 0)"
	    " UNION ALL SELECT 1, id, read, starred, guid, link, feed_location FROM pending)"
	    " ORDER BY part, n",
	[ST_PURGE_OLD] = "UPDATE articles SET " TOMBSTONE " WHERE purged = 0 AND starred = 0"
	    " AND coalesce(published, updated, fetched) < ?1",
	[ST_PURGE_BEYOND] = "UPDATE articles SET " TOMBSTONE " WHERE starred = 0 AND id IN"
	    " (SELECT a.id FROM articles a WHERE a.feed = ?1 AND a.purged = 0" LIST_ORDER " LIMIT -1 OFFSET ?2)",
	[ST_PURGE_BODIES] = "DELETE FROM bodies WHERE article IN (SELECT id FROM articles WHERE purged <> 0)",
	[ST_FEED_LOCATIONS] = "SELECT id, location FROM feeds ORDER BY id",
	[ST_FETCH_GET] = "SELECT id, etag, last_modified, fetch_url, fetched, attempted, fetch_error FROM feeds"
	    " WHERE location = ?1",
	/* A new permanent URL replaces the old; none keeps it (a fetch from
	 * the remembered URL is not redirected again). */
	[ST_FETCH_OK] = "UPDATE feeds SET fetched = ?2, attempted = ?2, fetch_error = NULL,"
	    " fetch_url = coalesce(?3, fetch_url) WHERE id = ?1",
	[ST_FETCH_FAILED] = "UPDATE feeds SET attempted = ?2, fetch_error = ?3 WHERE location = ?1",
	[ST_FETCH_FORGET] = "UPDATE feeds SET fetch_url = NULL WHERE location = ?1",
	[ST_STAMP_SET] = "UPDATE feeds SET file_size = ?2, file_mtime = ?3, file_inode = ?4 WHERE id = ?1",
	/* A title the configuration gives must be the stored one too:
	 * otherwise the file is read again to store it. */
	[ST_STAMP_SAME] = "SELECT 1 FROM feeds WHERE location = ?1 AND file_size = ?2 AND file_mtime = ?3"
	    " AND file_inode = ?4 AND (?5 IS NULL OR title IS ?5)",
	/* Ignored articles (purged = 2) keep their list columns, for
	 * --dump --ignored. */
	[ST_LIST_IGNORED] = "SELECT " LIST_COLUMNS " FROM articles a CROSS JOIN feeds f ON f.id = a.feed"
	    " WHERE a.purged = 2" LIST_ORDER,
	[ST_ROW] = "SELECT " LIST_COLUMNS " FROM articles a CROSS JOIN feeds f ON f.id = a.feed WHERE a.id = ?1",
	[ST_DICT_GET] = "SELECT data FROM dicts WHERE id = ?1",
	[ST_DICT_NEWEST] = "SELECT data FROM dicts ORDER BY rowid DESC LIMIT 1",
	[ST_DICT_PUT] = "INSERT OR REPLACE INTO dicts (id, data) VALUES (?1, ?2)",
	[ST_DICT_SAMPLES] = "SELECT packed FROM bodies WHERE packed IS NOT NULL ORDER BY article DESC LIMIT ?1",
	[ST_NOTE_SET] = "UPDATE articles SET note = ?2 WHERE id = ?1",
	/* articles_fts_insert's work, in a bulk load that dropped it. */
	[ST_FTS_INSERT] = "INSERT INTO articles_fts (rowid, t) VALUES (?1, nr_fold_loose(?2, ?3))",
	/* Other connections' commits (query.c's scope, asked at every
	 * list read and between keys). */
	[ST_DATA_VERSION] = "PRAGMA data_version",
};

/* ---- errors ---- */

/* Fill err from SQLite's last error (rc, as a statement returned it) in
 * words a user can act on. Returns -1. */
int
store_fail(struct nr_store *store, int rc, struct nr_err *err)
{
	const char *detail = store != NULL && store->db != NULL ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		nr_err_set(err, NR_ERR_IO, "%s", _("busy: another newsreader is writing it"));
		break;
	case SQLITE_NOTADB:
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("not a newsreader database"));
		break;
	case SQLITE_CORRUPT:
		nr_err_set(err, NR_ERR_PARSE, _("corrupt: %s"), detail);
		break;
	case SQLITE_READONLY:
		nr_err_set(err, NR_ERR_IO, _("cannot write: %s"), detail);
		break;
	case SQLITE_FULL:
		nr_err_set(err, NR_ERR_IO, "%s", _("the disk is full"));
		break;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
		nr_err_set(err, NR_ERR_IO, _("cannot read or write it: %s"), detail);
		break;
	default:
		nr_err_set(err, NR_ERR_IO, _("database error: %s"), detail);
		break;
	}
	return -1;
}

/* ---- statement helpers ---- */

/* The cached statement id, prepared on first use, or NULL with err. */
sqlite3_stmt *
store_stmt(struct nr_store *store, enum stmt_id id, struct nr_err *err)
{
	int rc;

	/* A load's bodies queued for the second thread are stored before
	 * any statement but the load's own (which touch no body nor
	 * dictionary), so that each sees them; a rollback drops them. */
	if (store->pipe != NULL) {
		switch (id) {
		case ST_FEED_FIND:
		case ST_FEED_INSERT:
		case ST_FEED_UPDATE:
		case ST_ITEM_FIND:
		case ST_ITEM_INSERT:
		case ST_ITEM_UPDATE:
		case ST_ITEM_UPDATE_META:
		case ST_BODY_INSERT:
		case ST_PENDING_ANY:
		case ST_PENDING_BY_ID:
		case ST_PENDING_BY_LINK:
		case ST_PENDING_DELETE:
		case ST_STAMP_SET:
		case ST_STAMP_SAME:
		case ST_FTS_INSERT:
		case ST_DATA_VERSION:
		case ST_RELEASE:
			break;
		case ST_ROLLBACK:
		case ST_ROLLBACK_TO:
			/* A savepoint stored the queue when it began. */
			store_body_discard(store);
			break;
		default:
			if (store_body_flush(store, err) < 0) {
				return NULL;
			}
			break;
		}
	}

	if (store->stmts[id] == NULL) {
		rc = sqlite3_prepare_v3(store->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &store->stmts[id],
		    NULL);
		if (rc != SQLITE_OK) {
			store_fail(store, rc, err);
			sqlite3_finalize(store->stmts[id]);
			store->stmts[id] = NULL;
			return NULL;
		}
	}
	return store->stmts[id];
}

static void
bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	if (t == NR_TIME_UNKNOWN) {
		sqlite3_bind_null(st, i);
	} else {
		sqlite3_bind_int64(st, i, t);
	}
}

static int64_t
col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NR_TIME_UNKNOWN : sqlite3_column_int64(st, i);
}

static enum nr_body_type
col_body_type(sqlite3_stmt *st, int i)
{
	int t = sqlite3_column_int(st, i);

	return t == NR_BODY_TEXT || t == NR_BODY_HTML ? (enum nr_body_type)t : NR_BODY_NONE;
}

static enum nr_kind
col_kind(sqlite3_stmt *st, int i)
{
	int k = sqlite3_column_int(st, i);

	return k >= NR_KIND_UNKNOWN && k <= NR_KIND_FOLDER ? (enum nr_kind)k : NR_KIND_UNKNOWN;
}

/* Run st (bound already) to its end and reset it. */
int
store_step_done(struct nr_store *store, sqlite3_stmt *st, struct nr_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		return store_fail(store, rc, err);
	}
	return 0;
}

/* Run a statement that takes no parameters. */
static int
run(struct nr_store *store, enum stmt_id id, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, id, err);

	return st == NULL ? -1 : store_step_done(store, st, err);
}

/* Run SQL text once (pragmas, migrations); the text is trusted. */
static int
exec(struct nr_store *store, const char *sql, struct nr_err *err)
{
	int rc;

	if (store_body_flush(store, err) < 0) {
		return -1;
	}
	rc = sqlite3_exec(store->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : store_fail(store, rc, err);
}

/* The integer a one-row query (a pragma) returns, in *out. */
static int
query_int(struct nr_store *store, const char *sql, int64_t *out, struct nr_err *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(store->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return store_fail(store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, err);
	}
	*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* ---- transactions ---- */

int
store_tx_open(struct nr_store *store, int savepoint, enum tx *tx, struct nr_err *err)
{
	if (sqlite3_get_autocommit(store->db)) {
		*tx = TX_OWN;
		return run(store, ST_BEGIN, err);
	}
	if (!savepoint) {
		*tx = TX_NONE;
		return 0;
	}
	*tx = TX_SAVEPOINT;
	return run(store, ST_SAVEPOINT, err);
}

/* Commit (ok) or undo what was done since tx_open. Returns 0 if it
 * committed, else -1 (err is filled when the commit itself failed). */
int
store_tx_close(struct nr_store *store, enum tx tx, int ok, struct nr_err *err)
{
	switch (tx) {
	case TX_OWN:
		if (ok && run(store, ST_COMMIT, err) == 0) {
			return 0;
		}
		nr_store_rollback(store);
		return -1;
	case TX_SAVEPOINT:
		if (ok && run(store, ST_RELEASE, err) == 0) {
			return 0;
		}
		if (!sqlite3_get_autocommit(store->db)) {
			run(store, ST_ROLLBACK_TO, NULL);
			run(store, ST_RELEASE, NULL);
		}
		store_body_forget(store);
		return -1;
	case TX_NONE:
		break;
	}
	return ok ? 0 : -1;
}

int
nr_store_begin(struct nr_store *store, struct nr_err *err)
{
	store->pending_known = 0;
	return run(store, ST_BEGIN, err);
}

static void
bulk_forget(struct nr_store *store)
{
	size_t i;

	store->bulk_fts = 0;
	for (i = 0; i < store->nbulk_sql; i++) {
		free(store->bulk_sql[i]);
	}
	free(store->bulk_sql);
	store->bulk_sql = NULL;
	store->nbulk_sql = 0;
}

static void
bulk_add(struct nr_store *store, const char *sql)
{
	store->bulk_sql = xreallocarray(store->bulk_sql, store->nbulk_sql + 1,
	    sizeof *store->bulk_sql);
	store->bulk_sql[store->nbulk_sql++] = xstrdup(sql);
}

/* The triggers a load into an empty database goes without, and the
 * statement that does their work for all its rows at the commit. An
 * INSERT that fires a trigger is a statement that writes more than one
 * row, for which SQLite keeps a statement journal: the first change of
 * each page a statement touches copies the page there (16 KB), and every
 * article touches three (its table's last leaf, its unique index's, its
 * feed's counts): 60,000 pages, 1 GB of writes to a temporary file for
 * 20,000 articles (0.12 -> 0.05 s of system time, a tenth of the CPU). */
#define BULK_TRIGGER_NAMES "'articles_counts_insert', 'articles_fts_insert'"
static const struct {
	const char *name;
	const char *rebuild;    /* at the commit */
	const char *begin;      /* at once, and the work is done row by row (bulk_fts) */
} bulk_triggers[] = {
	/* Rows left by articles deleted before stay, at zero, as the
	 * triggers leave them. NOT INDEXED: built just before, articles_list
	 * (purged, published) is what SQLite picks for purged = 0, and then
	 * looks every row up in the table; the rows of a load are all
	 * unpurged, and one pass over the table takes half the time (20,000
	 * articles: 3.5-3.8 ms against 7.7-9.2 ms, on the commit's serial
	 * end). */
	{ "articles_counts_insert",
	  "INSERT OR REPLACE INTO feed_counts (feed, total, unread, stamp)"
	  " SELECT feed, count(*), sum(read = 0), random() FROM articles NOT INDEXED WHERE purged = 0"
	  " GROUP BY feed", NULL },
	/* The trigrams of articles another program deleted (step 9 -> 10)
	 * go (the table is empty); then each new article's are given as it
	 * is stored (insert_item), as statements of their own: at the
	 * commit they were the longest part of the work left to one thread
	 * while the other core had nothing to do (folding and cutting the
	 * titles of 20,000 articles into trigrams: 40 ms, of prose 88 ms),
	 * where during the load the threads that compress bodies take a
	 * share of the storing thread's work. */
	{ "articles_fts_insert", NULL, "INSERT INTO articles_fts (articles_fts) VALUES ('delete-all');" },
};

/* A load into an empty database writes each page once, to the file,
 * with the rollback journal, instead of to the write-ahead log and then
 * again to the file at the checkpoint (the journal holds only the few
 * pages the load changes rather than adds: 20,000 articles, 30 MB,
 * BENCHMARKS.md "One write of an empty database's load"). SQLite leaves
 * WAL mode only when no other connection has the file open; otherwise,
 * or if the database has articles, the load stays in WAL. A load killed
 * half-way leaves the file and its -journal, which the next opening
 * rolls back (check_header lets it). Durability is as in WAL: the
 * commit syncs the journal and the file. */
static int use_wal(struct nr_store *store, struct nr_err *err);

/* The pages a load with the rollback journal keeps. SQLite writes the
 * oldest changed pages to the file when it needs room (the journal, which
 * holds only the pages that were there before, synced first); most of a
 * load's pages are bodies' and articles' pages it has filled and will not
 * touch again. With 64 MB, a library of 20,000 articles (27 MB) stayed in
 * memory until the commit, which then wrote it all and waited for the
 * disk: 25-28 ms of the commit, with the other core idle (BENCHMARKS.md,
 * "The commit's writes during the load"). The commit itself sorts the
 * indexes it builds with 64 MB again. */
#define BULK_JOURNAL_CACHE "PRAGMA cache_size = -8192"
#define BULK_CACHE "PRAGMA cache_size = -65536"
/* How many articles apart the writing-out of what SQLite has written is
 * started (sync_file_range: it starts the disk's writes and does not wait
 * for them; what is durable is still only what SQLite's commit syncs). */
#define WRITEBACK_EVERY 256

/* The descriptors writeback_start opened, one a database file, kept
 * until the process ends: closing any descriptor of a file drops every
 * POSIX lock the process holds on it, SQLite's too (SQLite's "How To
 * Corrupt An SQLite Database File", 2.2), and SQLite may hold them for
 * this connection or another whenever the load ends. A process loads into
 * one database or a few; past WRITEBACK_FILES, loads go without. */
#define WRITEBACK_FILES 16
#ifdef HAVE_SYNC_FILE_RANGE
static struct {
	dev_t dev;
	ino_t ino;
	int fd;
} writeback_files[WRITEBACK_FILES];
static size_t nwriteback_files;
static pthread_mutex_t writeback_lock = PTHREAD_MUTEX_INITIALIZER;
#endif

static void
writeback_start(struct nr_store *store)
{
#ifdef HAVE_SYNC_FILE_RANGE
	const char *path = sqlite3_db_filename(store->db, "main");
	struct stat sb;
	size_t i;
	int fd;

	store->writeback_fd = -1;
	store->writeback_puts = 0;
	if (!store->file_known || path == NULL || path[0] == '\0') {
		return;
	}
	pthread_mutex_lock(&writeback_lock);
	for (i = 0; i < nwriteback_files; i++) {
		if (writeback_files[i].dev == store->file_dev && writeback_files[i].ino == store->file_ino) {
			store->writeback_fd = writeback_files[i].fd;
			break;
		}
	}
	/* The file the store opened, not one put in its place since. */
	if (store->writeback_fd < 0 && nwriteback_files < WRITEBACK_FILES &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		if (fstat(fd, &sb) == 0 && sb.st_dev == store->file_dev && sb.st_ino == store->file_ino) {
			writeback_files[nwriteback_files].dev = sb.st_dev;
			writeback_files[nwriteback_files].ino = sb.st_ino;
			writeback_files[nwriteback_files].fd = fd;
			nwriteback_files++;
			store->writeback_fd = fd;
		} else {
			/* Not the database's file (replaced meanwhile):
			 * SQLite has no lock on this one to lose. */
			close(fd);
		}
	}
	pthread_mutex_unlock(&writeback_lock);
#else
	(void)store;
#endif
}

static void
writeback_now(struct nr_store *store)
{
#ifdef HAVE_SYNC_FILE_RANGE
	if (store->writeback_fd >= 0) {
		/* Only a start: a failure changes nothing that matters. */
		(void)sync_file_range(store->writeback_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	}
#else
	(void)store;
#endif
}

static void
writeback_kick(struct nr_store *store)
{
	if (store->writeback_fd >= 0 && ++store->writeback_puts % WRITEBACK_EVERY == 0) {
		writeback_now(store);
	}
}

static void
writeback_end(struct nr_store *store)
{
	store->writeback_fd = -1;
}

static void
bulk_journal_begin(struct nr_store *store)
{
	sqlite3_stmt *st;
	int64_t any;
	int rc;

	store->bulk_journal = 0;
	if (query_int(store, "SELECT EXISTS (SELECT 1 FROM articles)", &any, NULL) < 0 || any != 0) {
		return;
	}
	/* Another program with the file open: stay in WAL at once rather
	 * than wait for it. */
	sqlite3_busy_timeout(store->db, 0);
	rc = sqlite3_prepare_v2(store->db, "PRAGMA journal_mode = DELETE", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW && col_text(st, 0) != NULL &&
	    strcmp(col_text(st, 0), "delete") == 0) {
		store->bulk_journal = 1;
		writeback_start(store);
	}
	sqlite3_finalize(st);
	sqlite3_busy_timeout(store->db, store->busy_ms);
}

/* Back to WAL after a load with the rollback journal. If another
 * program holds the file past the busy timeout, the database stays in
 * rollback mode until the next opening, which switches it (use_wal). */
static void
bulk_journal_end(struct nr_store *store)
{
	writeback_end(store);
	if (store->bulk_journal) {
		store->bulk_journal = 0;
		use_wal(store, NULL);
	}
}

/* The articles' indexes a load keeps as it goes rather than builds at
 * its commit, where one thread works alone: articles_starred, whose WHERE
 * no new article meets (a load gets no starred ones but from imported
 * state): building it read every row to find none (1.6 ms of 20,000). */
#define BULK_KEPT_INDEXES "'articles_starred'"

int
nr_store_begin_bulk(struct nr_store *store, int helped, struct nr_err *err)
{
	/* The indexes the load itself does not use: ITEM_FIND goes by the
	 * UNIQUE (feed, guid) constraint's index, which stays (it has no
	 * SQL), and pending state by the pending table's. And the triggers
	 * whose work one statement at the commit does for every row
	 * (bulk_triggers[]). */
	static const char list_sql[] = "SELECT type, name, sql FROM sqlite_master WHERE"
	    " ((type = 'index' AND tbl_name = 'articles' AND sql IS NOT NULL AND name NOT IN (" BULK_KEPT_INDEXES "))"
	    " OR (type = 'trigger' AND name IN (" BULK_TRIGGER_NAMES "))) AND NOT EXISTS (SELECT 1 FROM articles)";
	sqlite3_stmt *st;
	struct nr_buf drop = NR_BUF_INIT, begin = NR_BUF_INIT;
	int rc;

	bulk_journal_begin(store);
	if (nr_store_begin(store, err) < 0) {
		bulk_journal_end(store);
		return -1;
	}
	bulk_forget(store);
	/* A load in WAL mode keeps up to 64 MB of pages (16 otherwise, so
	 * that the interface stays small): its pages then stay in memory
	 * instead of being written to the log and read back while the
	 * transaction goes on (200 feeds, 20,000 articles: 4.1-4.6 s -> 3.5 s
	 * on a loaded machine). With the rollback journal, fewer
	 * (BULK_JOURNAL_CACHE). */
	exec(store, store->bulk_journal ? BULK_JOURNAL_CACHE : BULK_CACHE, NULL);
	rc = sqlite3_prepare_v2(store->db, list_sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		store_fail(store, rc, err);
		nr_store_rollback(store);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int trigger = strcmp(col_text(st, 0), "trigger") == 0;
		char *q = sqlite3_mprintf("DROP %s \"%w\";", trigger ? "TRIGGER" : "INDEX", col_text(st, 1));

		nr_buf_adds(&drop, q);
		sqlite3_free(q);
		bulk_add(store, col_text(st, 2));
		if (trigger) {
			for (size_t i = 0; i < sizeof bulk_triggers / sizeof bulk_triggers[0]; i++) {
				if (strcmp(bulk_triggers[i].name, col_text(st, 1)) != 0) {
					continue;
				}
				if (bulk_triggers[i].rebuild != NULL) {
					bulk_add(store, bulk_triggers[i].rebuild);
				}
				if (bulk_triggers[i].begin != NULL) {
					nr_buf_adds(&begin, bulk_triggers[i].begin);
					store->bulk_fts = 1;
				}
			}
		}
	}
	sqlite3_finalize(st);
	nr_buf_adds(&drop, nr_buf_str(&begin));
	if (rc != SQLITE_DONE || (drop.len > 0 && exec(store, nr_buf_str(&drop), err) < 0)) {
		if (rc != SQLITE_DONE) {
			store_fail(store, rc, err);
		}
		nr_buf_free(&drop);
		nr_buf_free(&begin);
		nr_store_rollback(store);
		return -1;
	}
	nr_buf_free(&drop);
	nr_buf_free(&begin);
	store_body_pipeline(store, helped);
	return 0;
}

int
nr_store_commit(struct nr_store *store, struct nr_err *err)
{
	size_t i;

	/* The bodies still being packed are part of the transaction. */
	if (store_body_flush(store, err) < 0) {
		return -1;
	}
	store_body_stop(store);
	/* What the load wrote last goes to the disk while the indexes are
	 * built. */
	writeback_now(store);
	if (store->bulk_journal && store->nbulk_sql > 0) {
		exec(store, BULK_CACHE, NULL);
	}
	/* A bulk load's indexes, built from the rows in one sort each, and
	 * its triggers, their work done for all the rows at once. */
	for (i = 0; i < store->nbulk_sql; i++) {
		if (exec(store, store->bulk_sql[i], err) < 0) {
			return -1;
		}
	}
	bulk_forget(store);
	if (run(store, ST_COMMIT, err) < 0) {
		return -1;
	}
	bulk_journal_end(store);
	exec(store, "PRAGMA cache_size = -16000", NULL);
	return 0;
}

void
nr_store_rollback(struct nr_store *store)
{
	if (store == NULL) {
		return;
	}
	store_body_stop(store);
	/* Some errors (a full disk, an I/O error) end the transaction
	 * already; ROLLBACK then has nothing to do. */
	if (!sqlite3_get_autocommit(store->db)) {
		run(store, ST_ROLLBACK, NULL);
	}
	/* A dictionary trained in the transaction is gone with it, and the
	 * indexes a bulk load dropped are back. */
	store_body_forget(store);
	bulk_forget(store);
	bulk_journal_end(store);
	exec(store, "PRAGMA cache_size = -16000", NULL);
}

/* ---- opening ---- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* What the first bytes of an existing file say, read without SQLite, so
 * that a file which is not SQLite at all is refused before SQLite opens it,
 * and a truncated one (shorter than its header says) before SQLite reads
 * past its end. Returns 1 if the file is empty (a new database), 0 if it
 * may be a database, -1 with err if it is not one or is cut short. */
static int
check_header(const char *path, off_t size, struct nr_err *err)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char h[100];
	uint32_t page_size, pages;
	struct stat wal;
	char *wal_path;
	FILE *fp;
	int has_wal;

	if (size == 0) {
		return 1;
	}
	fp = fopen(path, "rb");
	if (fp == NULL) {
		nr_err_set(err, NR_ERR_IO, "%s", strerror(errno));
		return -1;
	}
	if (fread(h, 1, sizeof h, fp) != sizeof h || memcmp(h, magic, sizeof magic) != 0) {
		fclose(fp);
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("not a newsreader database"));
		return -1;
	}
	fclose(fp);
	page_size = (uint32_t)h[16] << 8 | h[17];
	if (page_size == 1) {
		page_size = 65536;
	}
	pages = be32(h + 28);
	/* The page count is trustworthy only when the change counter
	 * matches the version-valid-for number; a WAL file with frames may
	 * hold pages the main file does not have yet, and a rollback
	 * journal left by a load killed half-way (nr_store_begin_bulk) the
	 * pages and length that put the file back as it was: SQLite rolls
	 * it back at the first read. */
	wal_path = xasprintf("%s-wal", path);
	has_wal = stat(wal_path, &wal) == 0 && wal.st_size > 0;
	free(wal_path);
	wal_path = xasprintf("%s-journal", path);
	has_wal = has_wal || (stat(wal_path, &wal) == 0 && wal.st_size > 0);
	free(wal_path);
	if (!has_wal && pages > 0 && be32(h + 24) == be32(h + 92) && page_size >= 512 &&
	    (page_size & (page_size - 1)) == 0 &&
	    (uint64_t)size < (uint64_t)pages * page_size) {
		nr_err_set(err, NR_ERR_PARSE, _("corrupt: the file is shorter than its header says "
		    "(%" PRIu64 " of %" PRIu64 " bytes)"), (uint64_t)size, (uint64_t)pages * page_size);
		return -1;
	}
	return 0;
}

/* mkdir -p of the folder path is in. */
static int
make_parent_dirs(const char *path, struct nr_err *err)
{
	char *dir = xstrdup(path);
	char *p;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
				nr_err_set(err, NR_ERR_IO, _("cannot create %s: %s"), dir, strerror(errno));
				free(dir);
				return -1;
			}
			*p = c;
			if (c == '\0') {
				break;
			}
		}
	}
	free(dir);
	return 0;
}

/* What the database says it is: application_id, user_version and how
 * many schema objects it has. These are the first reads; a file that is
 * not SQLite fails here with SQLITE_NOTADB. */
struct identity {
	int64_t app_id;
	int64_t version;
	int64_t objects;
};

static int
read_identity(struct nr_store *store, struct identity *id, struct nr_err *err)
{
	if (query_int(store, "PRAGMA application_id", &id->app_id, err) < 0 ||
	    query_int(store, "PRAGMA user_version", &id->version, err) < 0 ||
	    query_int(store, "SELECT count(*) FROM sqlite_master", &id->objects, err) < 0) {
		return -1;
	}
	return 0;
}

/* Whether a database that says this can be used; err says why not. A
 * brand-new (empty) database is usable: it will be created. */
static int
check_identity(const struct identity *id, struct nr_err *err)
{
	if (id->app_id == 0 && id->version == 0 && id->objects == 0) {
		return 0;
	}
	if (id->app_id != APP_ID) {
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("not a newsreader database"));
		return -1;
	}
	if (id->version > NR_STORE_SCHEMA) {
		nr_err_set(err, NR_ERR_FORMAT, _("written by a newer newsreader (schema %" PRId64 "; "
		    "this one reads up to %d)"), id->version, NR_STORE_SCHEMA);
		return -1;
	}
	if (id->version < 1) {
		nr_err_set(err, NR_ERR_PARSE, "%s", _("corrupt: it has no schema version"));
		return -1;
	}
	return 0;
}

/* Create the schema, or bring it forward, a step at a time: each step
 * and the new user_version are one transaction, so that a migration
 * killed half-way leaves the database at the last step that finished,
 * whole, and the next open goes on from there. The identity is read again
 * under the write lock before each step: another newsreader may have
 * created or migrated the file meanwhile. */
static int
migrate(struct nr_store *store, struct nr_err *err)
{
	struct identity id;
	char sql[64];
	int64_t first = -1;
	int vacuum = 0;

	for (;;) {
		const struct step *step;

		if (run(store, ST_BEGIN, err) < 0) {
			return -1;
		}
		if (read_identity(store, &id, err) < 0 || check_identity(&id, err) < 0) {
			goto fail;
		}
		if (id.version >= NR_STORE_SCHEMA) {
			nr_store_rollback(store);
			break;
		}
		if (first < 0) {
			first = id.version;
		}
		if (id.app_id == 0) {
			snprintf(sql, sizeof sql, "PRAGMA application_id = %ld", (long)APP_ID);
			if (exec(store, sql, err) < 0) {
				goto fail;
			}
		}
		step = &steps[id.version];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %" PRId64, id.version + 1);
		if ((step->sql != NULL && exec(store, step->sql, err) < 0) ||
		    (step->fn != NULL && step->fn(store, err) < 0) || exec(store, sql, err) < 0 ||
		    run(store, ST_COMMIT, err) < 0) {
			goto fail;
		}
		/* A new database (made at version 0 by this loop) has
		 * nothing to give back. */
		vacuum |= step->vacuum && first > 0;
	}
	/* Only an economy: a reader keeping VACUUM from finishing is no
	 * error, and a VACUUM killed half-way leaves the file as it was. */
	if (vacuum) {
		sqlite3_exec(store->db, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	}
	return 0;
fail:
	nr_store_rollback(store);
	return -1;
}

/* PRAGMA quick_check: a read of every page. Too slow for every start
 * (tens of milliseconds per 100,000 articles), so it runs only before a
 * migration rewrites the file; otherwise damage is reported as "corrupt"
 * by the first statement that meets it, and that statement's transaction
 * is rolled back. */
static int
check_pages(struct nr_store *store, struct nr_err *err)
{
	sqlite3_stmt *st;
	int rc, ok;

	rc = sqlite3_prepare_v2(store->db, "PRAGMA quick_check(1)", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return store_fail(store, rc, err);
	}
	ok = col_text(st, 0) != NULL && strcmp(col_text(st, 0), "ok") == 0;
	if (!ok) {
		nr_err_set(err, NR_ERR_PARSE, _("corrupt: %s"), col_text(st, 0) != NULL ? col_text(st, 0) : "?");
	}
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* Setting journal_mode writes the header, so it comes only after the
 * checks; it is a no-op on a database in WAL mode already. */
static int
use_wal(struct nr_store *store, struct nr_err *err)
{
	sqlite3_stmt *st;
	const char *mode;
	int rc, ok;

	rc = sqlite3_prepare_v2(store->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	/* A database in rollback mode being written (a load into an empty
	 * one: nr_store_begin_bulk) cannot be switched until its writer is
	 * done, and SQLite does not wait for it here: this waits as the busy
	 * timeout would, then says it is busy. */
	for (int waited = 0; (rc = sqlite3_step(st)) == SQLITE_BUSY && waited < store->busy_ms; waited += 10) {
		sqlite3_reset(st);
		sqlite3_sleep(10);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return store_fail(store, rc, err);
	}
	mode = col_text(st, 0);
	ok = mode != NULL && strcmp(mode, "wal") == 0;
	sqlite3_finalize(st);
	if (!ok) {
		nr_err_set(err, NR_ERR_IO, "%s", _("cannot switch the database to WAL mode"));
		return -1;
	}
	return 0;
}

/* SQLite's side of nr_utf8_collate, so that the sources pane and the
 * article list sort names by one rule. SQLite's strings are not
 * terminated: short ones are copied on the stack. */
static int
collate_locale(void *ud, int na, const void *a, int nb, const void *b)
{
	char sa[256], sb[256];
	char *pa = (size_t)na < sizeof sa ? sa : xmalloc((size_t)na + 1);
	char *pb = (size_t)nb < sizeof sb ? sb : xmalloc((size_t)nb + 1);
	int c;

	(void)ud;
	if (na > 0) {
		memcpy(pa, a, (size_t)na);
	}
	pa[na] = '\0';
	if (nb > 0) {
		memcpy(pb, b, (size_t)nb);
	}
	pb[nb] = '\0';
	c = nr_utf8_collate(pa, pb);
	if (pa != sa) {
		free(pa);
	}
	if (pb != sb) {
		free(pb);
	}
	return c;
}

/* nr_match(pattern, text, flags): whether text contains pattern without
 * regard to case by Unicode's folding (util/fold.h, flags NR_FOLD_*), as
 * the interface's search does; the pattern, a bound parameter, is folded
 * once per statement (SQLite's auxiliary data). NULL text matches
 * nothing. */
static void
sql_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct nr_fold_pat *p = sqlite3_get_auxdata(ctx, 0);
	const char *text = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	if (p == NULL) {
		const char *pat = (const char *)sqlite3_value_text(argv[0]);

		p = nr_fold_pat_new(pat, sqlite3_value_int(argv[2]));
		if (p == NULL) {
			sqlite3_result_int(ctx, 0);
			return;
		}
		sqlite3_set_auxdata(ctx, 0, p, (void (*)(void *))nr_fold_pat_free);
		/* SQLite may have freed it at once (no memory to keep it). */
		p = sqlite3_get_auxdata(ctx, 0);
		if (p == NULL) {
			p = nr_fold_pat_new(pat, sqlite3_value_int(argv[2]));
			sqlite3_result_int(ctx, text != NULL && nr_fold_find(p, text, 0, NULL, NULL));
			nr_fold_pat_free(p);
			return;
		}
	}
	sqlite3_result_int(ctx, text != NULL && nr_fold_find(p, text, 0, NULL, NULL));
}

/* nr_fold_loose(title, author): what articles_fts holds of an article,
 * the two loosely folded (util/fold.h) and joined by a line break (the
 * trigrams across it are asked for only by a pattern with one). */
static void
sql_fold_loose(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char *title = nr_fold_loose((const char *)sqlite3_value_text(argv[0]));
	char *author = nr_fold_loose((const char *)sqlite3_value_text(argv[1]));
	size_t nt = strlen(title), na = strlen(author);
	char *t = xmalloc(nt + na + 2);

	(void)argc;
	memcpy(t, title, nt);
	t[nt] = '\n';
	memcpy(t + nt + 1, author, na + 1);
	free(title);
	free(author);
	sqlite3_result_text(ctx, t, (int)(nt + na + 1), free);
}

/* A load killed while its commit wrote the file (nr_store_begin_bulk's
 * rollback journal) leaves a hot journal, which only a connection that
 * may write can roll back: SQLite refuses a read-only one
 * (SQLITE_READONLY_ROLLBACK). So a read-only opening that finds a
 * -journal beside the file first opens it for writing, for one read,
 * which rolls the journal back if it is hot (a load still running holds
 * its lock, and the read just waits or reads the last commit). If the
 * file cannot be written, the read-only opening reports it. */
static void
roll_back_journal(const char *path)
{
	char *journal = xasprintf("%s-journal", path);
	struct stat sb;
	sqlite3 *db = NULL;

	if (stat(journal, &sb) == 0 && sb.st_size > 0) {
		/* Opened or not, the handle is closed. */
		if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
			sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
			sqlite3_exec(db, "PRAGMA user_version", NULL, NULL, NULL);
		}
		sqlite3_close(db);
	}
	free(journal);
}

struct nr_store *
nr_store_open(const char *path, int flags, struct nr_err *err)
{
	struct nr_store *store;
	struct identity id;
	struct stat sb;
	int readonly = (flags & NR_STORE_READONLY) != 0;
	int open_flags, fresh = 0, rc;

	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			nr_err_set(err, NR_ERR_IO, "%s", strerror(EISDIR));
			return NULL;
		}
		/* -d /dev/null would have SQLite make /dev/null-journal beside
		 * the device; a FIFO would hang. */
		if (!S_ISREG(sb.st_mode)) {
			nr_err_set(err, NR_ERR_IO, "%s", _("not a regular file"));
			return NULL;
		}
		switch (check_header(path, sb.st_size, err)) {
		case -1:
			return NULL;
		case 1:
			/* An empty file made a database: private too. */
			if (!readonly && chmod(path, 0600) < 0) {
				nr_err_set(err, NR_ERR_IO, "%s", strerror(errno));
				return NULL;
			}
			fresh = 1;
			break;
		default:
			break;
		}
	} else if (errno != ENOENT || readonly || !(flags & NR_STORE_CREATE)) {
		nr_err_set(err, NR_ERR_IO, "%s", strerror(errno));
		return NULL;
	} else if (make_parent_dirs(path, err) < 0) {
		return NULL;
	} else {
		/* Private: the database holds feed URLs with user:pass@. The
		 * file is made 0600 before SQLite opens it, whatever the umask;
		 * SQLite gives its -wal and -shm the database's permissions. */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

		if (fd < 0 && errno != EEXIST) {
			nr_err_set(err, NR_ERR_IO, "%s", strerror(errno));
			return NULL;
		}
		if (fd >= 0) {
			fchmod(fd, 0600);
			close(fd);
		}
		fresh = 1;
	}
	if (fresh && readonly) {
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("not a newsreader database"));
		return NULL;
	}

	if (readonly) {
		roll_back_journal(path);
	}
	store = xcalloc(1, sizeof *store);
	store->writeback_fd = -1;
	open_flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (fresh ? SQLITE_OPEN_CREATE : 0);
	rc = sqlite3_open_v2(path, &store->db, open_flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		store_fail(store, rc, err);
		goto fail;
	}
	/* The file, for pair.c's second connection to check it opens the
	 * same one. */
	if (stat(path, &sb) == 0) {
		store->file_known = 1;
		store->file_dev = sb.st_dev;
		store->file_ino = sb.st_ino;
	}
	sqlite3_busy_timeout(store->db, BUSY_TIMEOUT_MS);
	store->busy_ms = BUSY_TIMEOUT_MS;
	sqlite3_create_collation(store->db, "nr_locale", SQLITE_UTF8, NULL, collate_locale);
	sqlite3_create_function(store->db, "nr_match", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_match,
	    NULL, NULL);
	/* Innocuous: the schema's triggers call it. */
	sqlite3_create_function(store->db, "nr_fold_loose", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
	    NULL, sql_fold_loose, NULL, NULL);
	store_body_register(store);

	/* Reads only, until the file has shown it is ours. */
	if (read_identity(store, &id, err) < 0 || check_identity(&id, err) < 0) {
		goto fail;
	}
	if (id.version == 0 && readonly) {
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("not a newsreader database"));
		goto fail;
	}
	if (id.version < NR_STORE_SCHEMA && readonly) {
		nr_err_set(err, NR_ERR_FORMAT, _("written by an older newsreader (schema %" PRId64 "); "
		    "open it once for writing to upgrade it"), id.version);
		goto fail;
	}

	/* Connection settings, not file contents. In WAL mode NORMAL loses
	 * at most the last transactions on a power cut, never consistency.
	 * No memory mapping: it makes the process's resident memory the size
	 * of the file a count reads (BENCHMARKS.md, "regular expressions'
	 * counts": tried and left). */
	if (exec(store, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	    " PRAGMA cache_size = -16000", err) < 0) {
		goto fail;
	}

	if (!readonly) {
		/* Fixed when the file is first written. A body of a few KB
		 * (the common size) is a row of its own on 4 KB pages, wasting
		 * half of each; 16 KB pages hold several. */
		if (fresh && exec(store, "PRAGMA page_size = 16384", err) < 0) {
			goto fail;
		}
		if (!fresh && id.version < NR_STORE_SCHEMA && check_pages(store, err) < 0) {
			goto fail;
		}
		if (use_wal(store, err) < 0) {
			goto fail;
		}
		if (id.version < NR_STORE_SCHEMA && migrate(store, err) < 0) {
			goto fail;
		}
		if (exec(store, FTS_DELETE_TRIGGER, err) < 0) {
			goto fail;
		}
	}
	if (store_query_init(store, err) < 0) {
		goto fail;
	}
	return store;
fail:
	nr_store_close(store);
	return NULL;
}

void
nr_store_close(struct nr_store *store)
{
	size_t i;

	if (store == NULL) {
		return;
	}
	store_body_stop(store);
	store_count_stop(store);
	writeback_end(store);
	store_pair_close(store);
	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(store->stmts[i]);
	}
	nr_store_where_free(&store->where);
	store_scope_free(store);
	for (i = 0; i < sizeof store->sync_stmts / sizeof store->sync_stmts[0]; i++) {
		sqlite3_finalize(store->sync_stmts[i]);
	}
	/* Rolls back a transaction left open. */
	sqlite3_close(store->db);
	store_body_free(store);
	bulk_forget(store);
	nr_buf_free(&store->categories);
	nr_buf_free(&store->enclosures);
	nr_buf_free(&store->authors);
	free(store);
}

void
nr_store_set_busy_timeout(struct nr_store *store, int ms)
{
	store->busy_ms = ms < 0 ? 0 : ms;
	sqlite3_busy_timeout(store->db, store->busy_ms);
}

/* ---- feeds ---- */

static int
same_text(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

int64_t
nr_store_put_feed(struct nr_store *store, const struct nr_feed *feed, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_FEED_FIND, err);
	sqlite3_stmt *up;
	const char *title, *link, *description, *author;
	enum nr_kind kind;
	int64_t id;
	int rc;

	if (st == NULL) {
		return -1;
	}
	if (feed->location == NULL) {
		nr_err_set(err, NR_ERR_USAGE, "%s", _("a source without a location"));
		return -1;
	}
	bind_text(st, 1, feed->location);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		st = store_stmt(store, ST_FEED_INSERT, err);
		if (st == NULL) {
			return -1;
		}
		bind_text(st, 1, feed->location);
		bind_text(st, 2, feed->title);
		bind_text(st, 3, feed->link);
		bind_text(st, 4, feed->description);
		sqlite3_bind_int(st, 5, (int)feed->kind);
		bind_text(st, 6, feed->author);
		if (store_step_done(store, st, err) < 0) {
			return -1;
		}
		return sqlite3_last_insert_rowid(store->db);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(store, rc, err);
	}
	/* Known: write only what differs, so that loading an unchanged
	 * library writes nothing. */
	id = sqlite3_column_int64(st, 0);
	title = feed->title != NULL ? feed->title : col_text(st, 1);
	link = feed->link != NULL ? feed->link : col_text(st, 2);
	description = feed->description != NULL ? feed->description : col_text(st, 3);
	kind = feed->kind != NR_KIND_UNKNOWN ? feed->kind : col_kind(st, 4);
	author = feed->author != NULL ? feed->author : col_text(st, 5);
	if (same_text(title, col_text(st, 1)) && same_text(link, col_text(st, 2)) &&
	    same_text(description, col_text(st, 3)) && kind == col_kind(st, 4) &&
	    same_text(author, col_text(st, 5))) {
		sqlite3_reset(st);
		return id;
	}
	up = store_stmt(store, ST_FEED_UPDATE, err);
	if (up == NULL) {
		sqlite3_reset(st);
		return -1;
	}
	/* Copies (TRANSIENT): the stored values die when st is reset. */
	sqlite3_bind_int64(up, 1, id);
	sqlite3_bind_text(up, 2, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(up, 3, link, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(up, 4, description, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(up, 5, (int)kind);
	sqlite3_bind_text(up, 6, author, -1, SQLITE_TRANSIENT);
	sqlite3_reset(st);
	return store_step_done(store, up, err) < 0 ? -1 : id;
}

int
nr_store_set_validators(struct nr_store *store, int64_t feed_id, const char *etag, const char *last_modified,
    struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_VALIDATORS_SET, err);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, feed_id);
	bind_text(st, 2, etag);
	bind_text(st, 3, last_modified);
	if (store_step_done(store, st, err) < 0) {
		return -1;
	}
	if (sqlite3_changes(store->db) == 0) {
		nr_err_set(err, NR_ERR_USAGE, _("no feed number %" PRId64), feed_id);
		return -1;
	}
	return 0;
}

int
nr_store_set_stamp(struct nr_store *store, int64_t feed_id, const struct nr_file_stamp *stamp, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_STAMP_SET, err);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, feed_id);
	/* NULL binds no stamp (the statement keeps its last bindings). */
	if (stamp != NULL) {
		sqlite3_bind_int64(st, 2, stamp->size);
		sqlite3_bind_int64(st, 3, stamp->mtime_ns);
		sqlite3_bind_int64(st, 4, stamp->inode);
	} else {
		sqlite3_bind_null(st, 2);
		sqlite3_bind_null(st, 3);
		sqlite3_bind_null(st, 4);
	}
	return store_step_done(store, st, err);
}

int
nr_store_stamp_same(struct nr_store *store, const char *location, const struct nr_file_stamp *stamp,
    const char *title, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_STAMP_SAME, err);
	int rc;

	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, location);
	sqlite3_bind_int64(st, 2, stamp->size);
	sqlite3_bind_int64(st, 3, stamp->mtime_ns);
	sqlite3_bind_int64(st, 4, stamp->inode);
	bind_text(st, 5, title);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(store, rc, err);
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
nr_store_get_fetch(struct nr_store *store, const char *location, struct nr_store_fetch *out, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_FETCH_GET, err);
	int rc;

	memset(out, 0, sizeof *out);
	out->fetched = NR_TIME_UNKNOWN;
	out->attempted = NR_TIME_UNKNOWN;
	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, location);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->feed_id = sqlite3_column_int64(st, 0);
		out->etag = col_text(st, 1) != NULL ? xstrdup(col_text(st, 1)) : NULL;
		out->last_modified = col_text(st, 2) != NULL ? xstrdup(col_text(st, 2)) : NULL;
		out->url = col_text(st, 3) != NULL ? xstrdup(col_text(st, 3)) : NULL;
		out->fetched = col_time(st, 4);
		out->attempted = col_time(st, 5);
		out->error = col_text(st, 6) != NULL ? xstrdup(col_text(st, 6)) : NULL;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(store, rc, err);
}

void
nr_store_fetch_clear(struct nr_store_fetch *f)
{
	free(f->etag);
	free(f->last_modified);
	free(f->url);
	free(f->error);
	memset(f, 0, sizeof *f);
	f->fetched = NR_TIME_UNKNOWN;
	f->attempted = NR_TIME_UNKNOWN;
}

int
nr_store_set_fetched(struct nr_store *store, int64_t feed_id, int64_t when, const char *url, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_FETCH_OK, err);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, feed_id);
	sqlite3_bind_int64(st, 2, when);
	bind_text(st, 3, url);
	if (store_step_done(store, st, err) < 0) {
		return -1;
	}
	if (sqlite3_changes(store->db) == 0) {
		nr_err_set(err, NR_ERR_USAGE, _("no feed number %" PRId64), feed_id);
		return -1;
	}
	return 0;
}

int
nr_store_set_fetch_failed(struct nr_store *store, const char *location, int64_t when, const char *error,
    struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_FETCH_FAILED, err);

	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, location);
	sqlite3_bind_int64(st, 2, when);
	bind_text(st, 3, error);
	return store_step_done(store, st, err);
}

int
nr_store_forget_fetch_url(struct nr_store *store, const char *location, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_FETCH_FORGET, err);

	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, location);
	return store_step_done(store, st, err);
}

/* ---- articles ---- */

/* The hash that decides whether an article changed: of its title and
 * bodies (with their types), a word at a time. Words are read little-endian
 * on every machine, so that a database moved to another compares the
 * same. */
static uint64_t
mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= UINT64_C(0x9e3779b97f4a7c15);
	return h ^ (h >> 31);
}

static uint64_t
hash_text(uint64_t h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i, j;
	uint64_t w;

	if (s == NULL) {
		/* Not the same as "". */
		return mix(h, UINT64_C(0xa5a5a5a5a5a5a5a5));
	}
	n = strlen(s);
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		h = mix(h, w);
	}
	w = 0;
	for (j = 0; i + j < n; j++) {
		w |= (uint64_t)p[i + j] << (8 * j);
	}
	h = mix(h, w);
	return mix(h, (uint64_t)n);
}

static int64_t
item_hash(const struct nr_item *item)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	h = hash_text(h, item->title);
	h = mix(h, (uint64_t)item->summary_type);
	h = hash_text(h, item->summary);
	h = mix(h, (uint64_t)item->content_type);
	h = hash_text(h, item->content);
	return (int64_t)h;
}

/* s with tabs and newlines as spaces: they separate the stored lists. */
static void
add_field(struct nr_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		nr_buf_addc(b, *s == '\n' || *s == '\t' || *s == '\r' ? ' ' : *s);
	}
}

/* The categories as stored: joined by newlines; NULL when none. */
static const char *
join_categories(struct nr_buf *b, const struct nr_item *item)
{
	size_t i;

	nr_buf_reset(b);
	for (i = 0; i < item->ncategories; i++) {
		if (i > 0) {
			nr_buf_addc(b, '\n');
		}
		add_field(b, item->categories[i]);
	}
	return item->ncategories > 0 ? nr_buf_str(b) : NULL;
}

/* The enclosures as stored: one a line, "url\ttype\tlength", with an empty
 * type or length when unknown; NULL when none. */
static const char *
join_enclosures(struct nr_buf *b, const struct nr_item *item)
{
	size_t i;

	nr_buf_reset(b);
	for (i = 0; i < item->nenclosures; i++) {
		const struct nr_enclosure *e = &item->enclosures[i];

		if (i > 0) {
			nr_buf_addc(b, '\n');
		}
		add_field(b, e->url);
		nr_buf_addc(b, '\t');
		if (e->type != NULL) {
			add_field(b, e->type);
		}
		nr_buf_addc(b, '\t');
		if (e->length >= 0) {
			nr_buf_printf(b, "%" PRId64, e->length);
		}
	}
	return item->nenclosures > 0 ? nr_buf_str(b) : NULL;
}

/* The authors as stored (schema 6): one a line, "name\temail\turi", a
 * missing part empty (the model keeps no empty one, so that an empty part
 * is a missing one); NULL when the item has no list (none, or one: then
 * author, author_email and author_uri are all of it). */
static const char *
join_authors(struct nr_buf *b, const struct nr_item *item)
{
	size_t i;

	nr_buf_reset(b);
	for (i = 0; i < item->nauthors; i++) {
		const struct nr_author *a = &item->authors[i];

		if (i > 0) {
			nr_buf_addc(b, '\n');
		}
		if (a->name != NULL) {
			add_field(b, a->name);
		}
		nr_buf_addc(b, '\t');
		if (a->email != NULL) {
			add_field(b, a->email);
		}
		nr_buf_addc(b, '\t');
		if (a->uri != NULL) {
			add_field(b, a->uri);
		}
	}
	return item->nauthors > 0 ? nr_buf_str(b) : NULL;
}

/* An item's lists as stored (join_*()). */
struct item_lists {
	const char *categories;
	const char *enclosures;
	const char *authors;
};

static void
join_lists(struct nr_store *store, const struct nr_item *item, struct item_lists *l)
{
	l->categories = join_categories(&store->categories, item);
	l->enclosures = join_enclosures(&store->enclosures, item);
	l->authors = join_authors(&store->authors, item);
}

/* The list columns as ?2 .. ?12 and ?18 .. ?21 (ITEM_SET). */
static void
bind_item(sqlite3_stmt *st, const struct nr_item *item, const struct item_lists *l)
{
	bind_text(st, 2, item->title);
	bind_text(st, 3, item->link);
	bind_text(st, 4, item->author);
	bind_text(st, 5, item->author_email);
	bind_text(st, 6, item->author_uri);
	bind_time(st, 7, item->published);
	bind_time(st, 8, item->updated);
	bind_text(st, 9, l->categories);
	bind_text(st, 10, l->enclosures);
	bind_text(st, 11, item->source_title);
	bind_text(st, 12, item->source_link);
	bind_text(st, 18, l->authors);
	bind_text(st, 19, item->site);
	bind_text(st, 20, item->image);
	bind_text(st, 21, item->note);
}

/* Write the body row (a new one: by; ST_BODY_INSERT, else ST_BODY_PUT). */
static int
put_body(struct nr_store *store, enum stmt_id by, int64_t rowid, const struct nr_item *item,
    struct nr_err *err)
{
	sqlite3_stmt *st;
	const void *packed;
	size_t n;
	int rc;

	/* A load's new article: packed by the second thread, stored later. */
	if (by == ST_BODY_INSERT && (rc = store_body_queue(store, rowid, item, err)) != 0) {
		return rc < 0 ? -1 : 0;
	}
	st = store_stmt(store, by, err);
	if (st == NULL || store_body_pack(store, item->summary, item->summary != NULL ? strlen(item->summary) : 0,
	    item->content, item->content != NULL ? strlen(item->content) : 0, &packed, &n, err) < 0) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, rowid);
	if (packed == NULL) {
		sqlite3_bind_null(st, 2);
	} else {
		sqlite3_bind_blob(st, 2, packed, (int)n, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 3, item->summary != NULL ? (int)item->summary_type : NR_BODY_NONE);
	sqlite3_bind_int(st, 4, item->content != NULL ? (int)item->content_type : NR_BODY_NONE);
	return store_step_done(store, st, err);
}

/* The pending row matching key through the look-up by (0 if none): its
 * id, and its state in *read and *starred. */
static int64_t
find_pending(struct nr_store *store, enum stmt_id by, const char *key, int *read, int *starred,
    struct nr_err *err)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	if (key == NULL || key[0] == '\0') {
		return 0;
	}
	st = store_stmt(store, by, err);
	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*read = sqlite3_column_int(st, 1) != 0;
		*starred = sqlite3_column_int(st, 2) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		return store_fail(store, rc, err);
	}
	return id;
}

/* State imported before the article arrived: *read and *starred from the
 * pending row matching its id (or else its link), which is used up. */
static int
take_pending(struct nr_store *store, const struct nr_item *item, int *read, int *starred, struct nr_err *err)
{
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	*read = 0;
	*starred = 0;
	if (!store->pending_known) {
		st = store_stmt(store, ST_PENDING_ANY, err);
		if (st == NULL) {
			return -1;
		}
		rc = sqlite3_step(st);
		store->pending_any = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW) {
			return store_fail(store, rc, err);
		}
		store->pending_known = 1;
	}
	if (!store->pending_any) {
		return 0;
	}
	id = find_pending(store, ST_PENDING_BY_ID, item->id, read, starred, err);
	if (id == 0) {
		id = find_pending(store, ST_PENDING_BY_LINK, item->link, read, starred, err);
	}
	if (id <= 0) {
		return (int)id;
	}
	st = store_stmt(store, ST_PENDING_DELETE, err);
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	return store_step_done(store, st, err);
}

/* Insert a new article; its row id in *rowid. */
static int
insert_item(struct nr_store *store, int64_t feed_id, const struct nr_item *item, int64_t fetched,
    int64_t hash, const struct item_lists *l, int64_t *rowid, struct nr_err *err)
{
	sqlite3_stmt *st;
	int read, starred;

	if (take_pending(store, item, &read, &starred, err) < 0) {
		return -1;
	}
	st = store_stmt(store, ST_ITEM_INSERT, err);
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, feed_id);
	bind_item(st, item, l);
	sqlite3_bind_int64(st, 13, fetched);
	sqlite3_bind_int64(st, 14, hash);
	bind_text(st, 15, item->id);
	sqlite3_bind_int(st, 16, read);
	sqlite3_bind_int(st, 17, starred);
	if (store_step_done(store, st, err) < 0) {
		return -1;
	}
	/* Read now: storing queued bodies inserts other rows. */
	*rowid = sqlite3_last_insert_rowid(store->db);
	/* What articles_fts_insert would do, in a bulk load without it. */
	if (store->bulk_fts && (item->title != NULL || item->author != NULL)) {
		st = store_stmt(store, ST_FTS_INSERT, err);
		if (st == NULL) {
			return -1;
		}
		sqlite3_bind_int64(st, 1, *rowid);
		bind_text(st, 2, item->title);
		bind_text(st, 3, item->author);
		if (store_step_done(store, st, err) < 0) {
			return -1;
		}
	}
	return put_body(store, ST_BODY_INSERT, *rowid, item, err);
}

/* Whether the stored list columns (other than the title, which the hash
 * covers) are what item says; st is ST_ITEM_FIND on its row. */
static int
same_meta(sqlite3_stmt *st, const struct nr_item *item, const struct item_lists *l)
{
	return same_text(col_text(st, 3), item->link) && same_text(col_text(st, 4), item->author) &&
	    same_text(col_text(st, 5), item->author_email) && same_text(col_text(st, 6), item->author_uri) &&
	    col_time(st, 7) == item->published && col_time(st, 8) == item->updated &&
	    same_text(col_text(st, 9), l->categories) && same_text(col_text(st, 10), l->enclosures) &&
	    same_text(col_text(st, 11), item->source_title) && same_text(col_text(st, 12), item->source_link) &&
	    same_text(col_text(st, 13), l->authors);
}

static int
put_item(struct nr_store *store, int64_t feed_id, const struct nr_item *item, int64_t fetched,
    enum nr_put_result *result, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_ITEM_FIND, err);
	struct item_lists l;
	int64_t hash = item_hash(item), rowid;
	int rc, purged, text_same, meta_same;

	if (st == NULL) {
		return -1;
	}
	join_lists(store, item, &l);
	sqlite3_bind_int64(st, 1, feed_id);
	bind_text(st, 2, item->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		*result = NR_PUT_NEW;
		return insert_item(store, feed_id, item, fetched, hash, &l, &rowid, err);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(store, rc, err);
	}
	rowid = sqlite3_column_int64(st, 0);
	purged = sqlite3_column_int(st, 1) != 0;
	text_same = sqlite3_column_int64(st, 2) == hash;
	meta_same = purged || same_meta(st, item, &l);
	sqlite3_reset(st);
	if (purged) {
		*result = NR_PUT_PURGED;
		return 0;
	}
	if (text_same) {
		/* A new date or author is taken quietly: the article reads
		 * the same, so it is not marked as changed. */
		*result = NR_PUT_SAME;
		if (meta_same) {
			return 0;
		}
		st = store_stmt(store, ST_ITEM_UPDATE_META, err);
		if (st == NULL) {
			return -1;
		}
		sqlite3_bind_int64(st, 1, rowid);
		bind_item(st, item, &l);
		return store_step_done(store, st, err);
	}
	*result = NR_PUT_CHANGED;
	st = store_stmt(store, ST_ITEM_UPDATE, err);
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, rowid);
	bind_item(st, item, &l);
	sqlite3_bind_int64(st, 13, fetched);
	sqlite3_bind_int64(st, 14, hash);
	if (store_step_done(store, st, err) < 0) {
		return -1;
	}
	return put_body(store, ST_BODY_PUT, rowid, item, err);
}

int
nr_store_put_item(struct nr_store *store, int64_t feed_id, const struct nr_item *item, int64_t fetched,
    enum nr_put_result *result, struct nr_err *err)
{
	enum tx tx;
	int ok;

	if (item->id == NULL) {
		nr_err_set(err, NR_ERR_USAGE, "%s", _("an article without an id"));
		return -1;
	}
	if (sqlite3_get_autocommit(store->db)) {
		store->pending_known = 0;
	}
	/* Inside the caller's transaction (the usual case: a source being
	 * loaded) a failure leaves it to the caller to roll back. */
	if (store_tx_open(store, 0, &tx, err) < 0) {
		return -1;
	}
	ok = put_item(store, feed_id, item, fetched, result, err) == 0;
	writeback_kick(store);
	return store_tx_close(store, tx, ok, err);
}

/* ---- reading ---- */

/* A list row's stored lists taken apart in place, in buffers reused from
 * row to row. */
struct row_lists {
	struct nr_buf categories, enclosures, authors;
	char **cats;
	size_t ncats_cap;
	char **lines;
	size_t nlines_cap;
	struct nr_enclosure *encs;
	size_t nencs_cap;
	char **alines;
	size_t nalines_cap;
	struct nr_author *auths;
	size_t nauths_cap;
};

static void
row_lists_free(struct row_lists *rl)
{
	nr_buf_free(&rl->categories);
	nr_buf_free(&rl->enclosures);
	nr_buf_free(&rl->authors);
	free(rl->cats);
	free(rl->lines);
	free(rl->encs);
	free(rl->alines);
	free(rl->auths);
}

/* Split s (a copy, in b) at sep, calling the pieces out in *pieces;
 * returns their number. */
static size_t
split(struct nr_buf *b, const char *s, char sep, char ***pieces, size_t *cap)
{
	size_t n = 0;
	char *p;

	nr_buf_reset(b);
	nr_buf_adds(b, s);
	p = b->data;
	for (;;) {
		char *end = strchr(p, sep);

		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			*pieces = xreallocarray(*pieces, *cap, sizeof **pieces);
		}
		(*pieces)[n++] = p;
		if (end == NULL) {
			break;
		}
		*end = '\0';
		p = end + 1;
	}
	return n;
}

static void
fill_lists(struct row_lists *rl, struct nr_item *item, const char *categories, const char *enclosures)
{
	size_t i, n;

	item->categories = NULL;
	item->ncategories = 0;
	item->enclosures = NULL;
	item->nenclosures = 0;
	if (categories != NULL && categories[0] != '\0') {
		item->ncategories = split(&rl->categories, categories, '\n', &rl->cats, &rl->ncats_cap);
		item->categories = rl->cats;
	}
	if (enclosures != NULL && enclosures[0] != '\0') {
		char **lines;

		n = split(&rl->enclosures, enclosures, '\n', &rl->lines, &rl->nlines_cap);
		lines = rl->lines;
		if (n > rl->nencs_cap) {
			rl->nencs_cap = n;
			rl->encs = xreallocarray(rl->encs, n, sizeof *rl->encs);
		}
		for (i = 0; i < n; i++) {
			struct nr_enclosure *e = &rl->encs[i];
			char *type = strchr(lines[i], '\t');
			char *length = type != NULL ? strchr(type + 1, '\t') : NULL;

			e->url = lines[i];
			e->type = NULL;
			e->length = -1;
			if (type != NULL) {
				*type++ = '\0';
				if (length != NULL) {
					*length++ = '\0';
					if (*length != '\0') {
						e->length = strtoll(length, NULL, 10);
					}
				}
				if (*type != '\0') {
					e->type = type;
				}
			}
		}
		item->enclosures = rl->encs;
		item->nenclosures = n;
	}
}

/* The authors column (join_authors()) taken apart, in rl's buffers. */
static void
fill_authors(struct row_lists *rl, struct nr_item *item, const char *authors)
{
	size_t i, n;

	item->authors = NULL;
	item->nauthors = 0;
	if (authors == NULL || authors[0] == '\0') {
		return;
	}
	n = split(&rl->authors, authors, '\n', &rl->alines, &rl->nalines_cap);
	if (n > rl->nauths_cap) {
		rl->nauths_cap = n;
		rl->auths = xreallocarray(rl->auths, n, sizeof *rl->auths);
	}
	for (i = 0; i < n; i++) {
		struct nr_author *a = &rl->auths[i];
		char *email = strchr(rl->alines[i], '\t');
		char *uri = email != NULL ? strchr(email + 1, '\t') : NULL;

		if (email != NULL) {
			*email++ = '\0';
		}
		if (uri != NULL) {
			*uri++ = '\0';
		}
		a->name = rl->alines[i][0] != '\0' ? rl->alines[i] : NULL;
		a->email = email != NULL && *email != '\0' ? email : NULL;
		a->uri = uri != NULL && *uri != '\0' ? uri : NULL;
	}
	item->authors = rl->auths;
	item->nauthors = n;
}

static void
row_from(sqlite3_stmt *st, struct row_lists *rl, struct nr_store_row *row)
{
	memset(row, 0, sizeof *row);
	row->rowid = sqlite3_column_int64(st, 0);
	row->feed_id = sqlite3_column_int64(st, 1);
	row->feed_title = col_text(st, 2);
	row->feed_location = col_text(st, 3);
	row->feed_link = col_text(st, 4);
	row->feed_kind = col_kind(st, 5);
	nr_item_init(&row->item);
	/* The item's fields are not const, but these stay the store's. */
	row->item.id = (char *)col_text(st, 6);
	row->item.title = (char *)col_text(st, 7);
	row->item.link = (char *)col_text(st, 8);
	row->item.author = (char *)col_text(st, 9);
	row->item.author_email = (char *)col_text(st, 10);
	row->item.author_uri = (char *)col_text(st, 11);
	row->item.published = col_time(st, 12);
	row->item.updated = col_time(st, 13);
	fill_lists(rl, &row->item, col_text(st, 14), col_text(st, 15));
	row->item.source_title = (char *)col_text(st, 16);
	row->item.source_link = (char *)col_text(st, 17);
	row->read = sqlite3_column_int(st, 18) != 0;
	row->starred = sqlite3_column_int(st, 19) != 0;
	row->changed = sqlite3_column_int(st, 20) != 0;
	row->fetched = sqlite3_column_int64(st, 21);
	row->feed_author = col_text(st, 22);
	fill_authors(rl, &row->item, col_text(st, 23));
	row->item.site = (char *)col_text(st, 24);
	row->item.image = (char *)col_text(st, 25);
	row->item.note = (char *)col_text(st, 26);
}

/* The cached statement id, or, when it is already stepping (a listing
 * started inside another's callback), a statement of its own in *own,
 * which the caller finalizes. NULL with err on failure. */
static sqlite3_stmt *
stmt_reentrant(struct nr_store *store, enum stmt_id id, sqlite3_stmt **own, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, id, err);
	int rc;

	*own = NULL;
	if (st == NULL || !sqlite3_stmt_busy(st)) {
		return st;
	}
	rc = sqlite3_prepare_v2(store->db, stmt_sql[id], -1, own, NULL);
	if (rc != SQLITE_OK) {
		store_fail(store, rc, err);
		return NULL;
	}
	return *own;
}

static sqlite3_stmt *view_prepare_join(struct nr_store *store, const char *head, const struct nr_store_view *q,
    int ordered, int join, const char *and_where, const char *tail, struct nr_err *err);

int
nr_store_list(struct nr_store *store, unsigned filters, int64_t feed_id,
    int (*fn)(void *ud, const struct nr_store_row *row), void *ud, struct nr_err *err)
{
	struct nr_store_view q;
	sqlite3_stmt *st;
	struct row_lists rl;
	struct nr_store_row row;
	int rc;

	/* A statement of its own each time: the filters are written into
	 * the SQL as the partial indexes say them (a.read = 0), so that the
	 * unread are read from their index and the first come at once. */
	memset(&q, 0, sizeof q);
	q.filters = filters;
	q.feed_id = feed_id;
	st = view_prepare_join(store, "SELECT " LIST_COLUMNS, &q, 1, 1, NULL, NULL, err);
	if (st == NULL) {
		return -1;
	}
	memset(&rl, 0, sizeof rl);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_from(st, &rl, &row);
		if (fn(ud, &row) < 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_fail(store, rc, err);
	}
	sqlite3_finalize(st);
	row_lists_free(&rl);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Whether rowid is an ignored article (purged = 2: known, listed by
 * nr_store_list_ignored, its body not kept). */
static int
is_ignored(struct nr_store *store, int64_t rowid)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT 1 FROM articles WHERE id = ?1 AND purged = 2", -1, &st, NULL) != SQLITE_OK) {
		return 0;
	}
	sqlite3_bind_int64(st, 1, rowid);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* ---- views ---- */

int64_t
nr_store_max_rowid(struct nr_store *store, struct nr_err *err)
{
	int64_t n;

	return query_int(store, "SELECT coalesce(max(id), 0) FROM articles", &n, err) < 0 ? -1 : n;
}

char *
nr_store_quote(const char *s)
{
	char *q = sqlite3_mprintf("%Q", s);
	char *out = xstrdup(q != NULL ? q : "NULL");

	sqlite3_free(q);
	return out;
}

/*
 * A limit over every feed (plain words, nr_store_view.match) is looked up
 * in articles_fts (step 9 -> 10): the articles holding every trigram of the
 * pattern's loose fold are the candidates, a few more than match (the
 * trigrams may be apart), and nr_match confirms each on its row. A
 * source's view reads its own index's rows (MATCH_ROWS), which are few. A
 * pattern of fewer than 3 characters, once folded, has no trigram: every
 * row is read in the table's order and the matches sorted after
 * (MATCH_ROWS: N × COST_ROW_SCANNED), or, when the matches among the
 * newest articles say the LIMIT's are near the list's top, MATCH_LIST
 * below. Otherwise, of the ways to read the matches, the cheapest for the
 * view's LIMIT L (the first screens; all: no LIMIT), N articles and C
 * candidates:
 *
 * - MATCH_INDEX: the candidates' rows, in the order of their ids (the
 *   table's), then sorted into the list's: C × COST_ROW. The way when
 *   every match is wanted (all the ids, a count), unless the candidates
 *   are so many that reading every row costs less (MATCH_ROWS).
 * - MATCH_FILTER: the list's index in its order, each id looked up among
 *   the candidates (a set SQLite makes of them once) before its row is
 *   read, until L match: C × COST_SET + L × N / C × COST_INDEX_ID + L ×
 *   COST_ROW_LISTED.
 * - MATCH_LIST: the list's index in its order, every row read and
 *   matched, until L match: L × N / C × COST_ROW_LISTED; best when the
 *   pattern is in so many articles that the list's first hold L.
 *
 * C is estimated from the candidates among the newest articles. The costs
 * (CPU, in µs) were measured on a million articles (genlib.py fastfeeds,
 * 1,000 × 1,000): 'chack' (395,000 candidates), L = 4,096: list 16 ms,
 * filter 84, index 355; 'prior' (83,000): 135, 71, 133; 'pryt' (2,600):
 * 1,629, 224, 13.
 */
enum match_way {
	MATCH_ROWS,
	MATCH_LIST,
	MATCH_INDEX,
	MATCH_FILTER
};

#define COST_ROW_LISTED 2.0     /* a row read in the list's order, and matched */
#define COST_ROW 1.2            /* the same in the order of ids */
#define COST_SET 0.25           /* a candidate read from articles_fts into a set */
#define COST_INDEX_ID 0.13      /* an id of the list's index looked up in it */
#define COST_FTS 3000.0         /* asking articles_fts at all */
#define COST_ROW_SCANNED 0.4    /* a row read in the table's order, and matched */

/* How many of the newest articles tell the density of a pattern's
 * matches, read row by row (MATCH_ROWS or MATCH_LIST). */
#define SCAN_SAMPLE 4096

/* How many of the newest articles tell the density of the candidates. */
#define FTS_SAMPLE 65536

/* At most this many trigrams of a long pattern are asked for (spread over
 * it): more would read more of the index for candidates as few. */
#define FTS_TRIGRAMS_MAX 12

/* The articles_fts query of pattern: its loose fold's trigrams, each a
 * string ("abc" "bcd": FTS5 ANDs them; with detail=none a phrase cannot
 * be asked for), or NULL if it has fewer than three characters. */
static char *
fts_query(const char *pattern)
{
	char *loose = nr_fold_loose(pattern);
	size_t *at, n = 0, len = strlen(loose), i, k, step, ntri;
	struct nr_buf b = NR_BUF_INIT;

	/* The start of each character, and the end. */
	at = xreallocarray(NULL, len + 1, sizeof *at);
	for (i = 0; i < len;) {
		uint32_t cp;

		at[n++] = i;
		i += nr_utf8_decode(loose + i, len - i, &cp);
	}
	at[n] = len;
	if (n < 3) {
		free(at);
		free(loose);
		return NULL;
	}
	ntri = n - 2;
	step = (ntri + FTS_TRIGRAMS_MAX - 1) / FTS_TRIGRAMS_MAX;
	for (k = 0; k < ntri; k += step) {
		/* The last one always, so that the whole pattern is covered. */
		size_t t = k + step >= ntri ? ntri - 1 : k;

		nr_buf_adds(&b, b.len > 0 ? " \"" : "\"");
		for (i = at[t]; i < at[t + 3]; i++) {
			if (loose[i] == '"') {
				nr_buf_addc(&b, '"');
			}
			nr_buf_addc(&b, loose[i]);
		}
		nr_buf_addc(&b, '"');
		if (t == ntri - 1) {
			break;
		}
	}
	free(at);
	free(loose);
	return nr_buf_steal(&b);
}

/* The density of fts's candidates among the newest articles (the last
 * FTS_SAMPLE ids before max, which is the highest), or -1 if articles_fts
 * cannot say. */
static double
fts_density(struct nr_store *store, const char *fts, int64_t max)
{
	sqlite3_stmt *st;
	int64_t from = max > FTS_SAMPLE ? max - FTS_SAMPLE : 0;
	double d = -1;

	if (sqlite3_prepare_v2(store->db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1"
	    " AND rowid > ?2", -1, &st, NULL) != SQLITE_OK) {
		return -1;
	}
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, from);
	if (sqlite3_step(st) == SQLITE_ROW && max > from) {
		d = (double)sqlite3_column_int64(st, 0) / (double)(max - from);
	}
	sqlite3_finalize(st);
	return d;
}

/* head and the feeds matched by view q's limit, comma-separated, and a
 * closing parenthesis; nothing if none is. */
static void
match_feeds_sql(struct nr_buf *b, const struct nr_store_view *q, const char *head)
{
	size_t i;

	if (q->nmatch_feeds == 0) {
		return;
	}
	nr_buf_adds(b, head);
	for (i = 0; i < q->nmatch_feeds; i++) {
		nr_buf_printf(b, "%s%" PRId64, i > 0 ? ", " : "", q->match_feeds[i]);
	}
	nr_buf_addc(b, ')');
}

/* How many articles the feeds matched by view q's limit have. */
static int64_t
feeds_total(struct nr_store *store, const struct nr_store_view *q)
{
	struct nr_buf b = NR_BUF_INIT;
	int64_t n = 0;

	if (q->nmatch_feeds > 0) {
		nr_buf_adds(&b, "SELECT coalesce(sum(total), 0) FROM feed_counts WHERE feed IN (");
		match_feeds_sql(&b, q, "");
		if (query_int(store, nr_buf_str(&b), &n, NULL) < 0) {
			n = 0;
		}
	}
	nr_buf_free(&b);
	return n;
}

/* The density of the matches of q's pattern among the newest articles
 * (the last SCAN_SAMPLE ids before max), read row by row: for a pattern
 * articles_fts cannot look up. -1 if it cannot be told. */
static double
scan_density(struct nr_store *store, const struct nr_store_view *q, int64_t max)
{
	struct nr_buf b = NR_BUF_INIT;
	sqlite3_stmt *st;
	int64_t from = max > SCAN_SAMPLE ? max - SCAN_SAMPLE : 0;
	double d = -1;

	nr_buf_printf(&b, "SELECT count(*) FROM articles a WHERE a.id > ?1 AND (nr_match(?2, a.title, %d)"
	    " OR nr_match(?2, a.author, %d))", q->match_fold, q->match_fold);
	if (sqlite3_prepare_v2(store->db, nr_buf_str(&b), -1, &st, NULL) != SQLITE_OK) {
		nr_buf_free(&b);
		return -1;
	}
	nr_buf_free(&b);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_text(st, 2, q->match, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && max > from) {
		d = (double)sqlite3_column_int64(st, 0) / (double)(max - from);
	}
	sqlite3_finalize(st);
	return d;
}

/* The way view q's match is read (its fts query fts, NULL if it has
 * none), as ordered (with its ORDER BY and LIMIT) or not. */
static enum match_way
match_way(struct nr_store *store, const struct nr_store_view *q, int ordered, const char *fts)
{
	static const char *const names[] = { "rows", "list", "index", "filter" };
	/* For the tests and benchmarks that compare the ways. */
	const char *force = getenv("NEWSREADER_MATCH_WAY");
	/* A LIMIT in an order the list's indexes give. */
	int listed = ordered && q->limit > 0 && q->order_by == NULL && q->order != NR_ORDER_TITLE &&
	    q->order != NR_ORDER_FEEDS;
	double d, n, c, l, list, filter, index;
	int64_t max;
	size_t i;

	if (q->match == NULL || q->feed_id != 0) {
		return MATCH_ROWS;
	}
	for (i = 0; force != NULL && i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(force, names[i]) == 0 && (i == MATCH_ROWS || (i == MATCH_LIST && listed) ||
		    (fts != NULL && (i == MATCH_INDEX || listed)))) {
			return (enum match_way)i;
		}
	}
	/* Every match, or in an order of no index, with no trigram: every
	 * row. */
	if (!listed && fts == NULL) {
		return MATCH_ROWS;
	}
	if (query_int(store, "SELECT coalesce(max(id), 0) FROM articles", &max, NULL) < 0 ||
	    (d = fts != NULL ? fts_density(store, fts, max) : scan_density(store, q, max)) < 0) {
		return fts != NULL ? MATCH_INDEX : MATCH_ROWS;
	}
	/* The costs above, in µs, the articles of the feeds matched among
	 * the candidates. With none among the newest, the list would be read
	 * far for its first: as if one. */
	n = (double)max;
	c = d * n + (double)feeds_total(store, q);
	c = c > 1 ? c : 1;
	index = COST_FTS + COST_ROW * c;
	/* Every match: by the candidates, or, when they are most of the
	 * articles, every row in the table's order. */
	if (!listed) {
		return COST_ROW_SCANNED * n < index ? MATCH_ROWS : MATCH_INDEX;
	}
	l = (double)q->limit + (double)q->offset;
	list = COST_ROW_LISTED * l * n / c;
	if (fts == NULL) {
		return list < COST_ROW_SCANNED * n ? MATCH_LIST : MATCH_ROWS;
	}
	filter = COST_FTS + COST_SET * c + COST_INDEX_ID * l * n / c + COST_ROW_LISTED * l;
	if (list <= filter && list <= index) {
		return MATCH_LIST;
	}
	return filter < index ? MATCH_FILTER : MATCH_INDEX;
}

/* How view q's match is read: the way, and its articles_fts query (a
 * new string; NULL if none). */
struct view_plan {
	enum match_way way;
	char *fts;
};

/* The plan of view q, read as ordered (with its ORDER BY and LIMIT) or
 * not. */
static void
view_plan(struct nr_store *store, const struct nr_store_view *q, int ordered, struct view_plan *p)
{
	p->fts = q->match != NULL && q->feed_id == 0 ? fts_query(q->match) : NULL;
	p->way = match_way(store, q, ordered, p->fts);
}

/* Bind the parameters of view q's SQL (view_where) to st; p's query goes
 * with it. */
static void
view_bind(sqlite3_stmt *st, const struct nr_store_view *q, struct view_plan *p)
{
	if (q->feed_id != 0) {
		sqlite3_bind_int64(st, 1, q->feed_id);
	}
	if (q->match != NULL) {
		sqlite3_bind_text(st, 2, q->match, -1, SQLITE_TRANSIENT);
	}
	if (p->way == MATCH_INDEX || p->way == MATCH_FILTER) {
		sqlite3_bind_text(st, 3, p->fts, -1, free);
	} else {
		free(p->fts);
	}
	p->fts = NULL;
}

/* The FROM and WHERE of view q into b, its match read as plan p says; its
 * parameters are ?1 (the feed), ?2 (the match, folded by nr_match) and ?3
 * (the match's articles_fts query), bound by view_bind. */
static void
view_where(struct nr_store *store, struct nr_buf *b, const struct nr_store_view *q, int join,
    const struct view_plan *p, const char *part)
{
	enum match_way way = p->way;
	const char *scope = part != NULL ? NULL
	    : q->scoped ? store_scope_list(store, &(int){ 0 }, q->scoped == NR_STORE_SCOPED_LATER) : NULL;
	/* The articles the scope lists, when they are listed by id, as the
	 * outer loop: SQLite, without statistics, would rather read the
	 * list's index whole and look each id up among them. */
	int from_shown = (join & STORE_FROM_SHOWN) && way != MATCH_INDEX && scope != NULL &&
	    strcmp(scope, STORE_SHOWN_SQL) == 0;

	join &= ~STORE_FROM_SHOWN;
	if (from_shown) {
		nr_buf_adds(b, " FROM temp.nr_shown m CROSS JOIN articles a ON a.id = m.id");
		scope = NULL;
	} else if (way == MATCH_INDEX) {
		/* The candidates first, in the order of their ids, which is
		 * the table's: SQLite would rather go through the list's index
		 * (for its order) and look each id up among them. UNION: an
		 * article may be both. */
		nr_buf_adds(b, " FROM (SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ?3");
		match_feeds_sql(b, q, " UNION SELECT id FROM articles WHERE purged = 0 AND feed IN (");
		nr_buf_adds(b, ") m CROSS JOIN articles a ON a.id = m.id");
	} else {
		nr_buf_adds(b, " FROM articles a");
	}
	/* A limit over every feed read row by row: in the table's order,
	 * and the matches sorted after, rather than in the list's order
	 * through its index, a look-up in the table per article (1,000,000
	 * articles: 14 s). */
	if (way == MATCH_ROWS && q->match != NULL && q->feed_id == 0 && q->where == NULL) {
		nr_buf_adds(b, " NOT INDEXED");
	}
	/* The feeds only for SQL that may name them: without, the list's
	 * ids come from its index alone, never from the articles' rows.
	 * CROSS JOIN: articles the outer loop, so that their indexes give
	 * the order. */
	if (join || q->where != NULL || q->order_by != NULL) {
		nr_buf_adds(b, " CROSS JOIN feeds f ON f.id = a.feed");
	}
	nr_buf_adds(b, " WHERE a.purged = 0");
	if (part != NULL) {
		/* A part of the scope first: decided on the entry of the
		 * index that gives the row, before the row is read for the
		 * rest. */
		nr_buf_printf(b, " AND %s", part);
	}
	/* Written as the partial indexes say it, so that SQLite uses them. */
	if (q->filters & NR_FILTER_UNREAD) {
		/* In a part of the scope (read whole and sorted), not for the
		 * unread index, which would be read whole for the part's few. */
		nr_buf_adds(b, part != NULL ? " AND +a.read = 0" : " AND a.read = 0");
	}
	if (q->filters & NR_FILTER_STARRED) {
		nr_buf_adds(b, " AND a.starred <> 0");
	}
	if (q->feed_id != 0) {
		nr_buf_adds(b, " AND a.feed = ?1");
	}
	if (q->max_rowid > 0) {
		nr_buf_printf(b, " AND a.id <= %" PRId64, q->max_rowid);
	}
	if (way == MATCH_FILTER) {
		/* The candidates, and the articles of the feeds matched, a
		 * set SQLite makes once; each id of the list's index is looked
		 * up in it before its row is read. */
		nr_buf_adds(b, " AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?3");
		match_feeds_sql(b, q, " UNION ALL SELECT id FROM articles WHERE purged = 0 AND feed IN (");
		nr_buf_addc(b, ')');
	}
	store_match_sql(b, q);
	if (q->where != NULL) {
		nr_buf_printf(b, " AND (%s)", q->where);
	}
	/* Over the ids alone when it can be (store_scope_list): the list's
	 * index then gives them without a look-up in the table. */
	if (scope != NULL) {
		nr_buf_printf(b, " AND %s", scope);
	}
}

void
store_match_sql(struct nr_buf *b, const struct nr_store_view *q)
{
	if (q->match != NULL) {
		/* The feeds first: their articles need no matching. */
		nr_buf_adds(b, " AND (");
		match_feeds_sql(b, q, "a.feed IN (");
		nr_buf_printf(b, "%snr_match(?2, a.title, %d) OR nr_match(?2, a.author, %d))",
		    q->nmatch_feeds > 0 ? " OR " : "", q->match_fold, q->match_fold);
	}
}

static void
view_order(struct nr_buf *b, const struct nr_store_view *q)
{
	size_t i;

	nr_buf_adds(b, " ORDER BY ");
	if (q->order_by != NULL) {
		nr_buf_printf(b, "%s, ", q->order_by);
	} else {
		switch (q->order) {
		case NR_ORDER_NEWEST:
			break;
		case NR_ORDER_OLDEST:
			/* Unknown dates last this way too; ties by arrival,
			 * which is newest first. */
			nr_buf_adds(b, "a.published IS NULL, a.published, ");
			break;
		case NR_ORDER_TITLE:
			nr_buf_adds(b, "coalesce(a.title, '') COLLATE nr_locale, ");
			break;
		case NR_ORDER_FEEDS:
			if (q->nfeed_rank > 0) {
				nr_buf_adds(b, "CASE a.feed");
				for (i = 0; i < q->nfeed_rank; i++) {
					nr_buf_printf(b, " WHEN %" PRId64 " THEN %zu", q->feed_rank[i], i);
				}
				nr_buf_printf(b, " ELSE %zu END, ", q->nfeed_rank);
			}
			break;
		}
	}
	/* NULL is below every number, so DESC puts unknown dates last. */
	nr_buf_adds(b, "a.published DESC, a.id DESC");
	if (q->limit > 0 || q->offset > 0) {
		nr_buf_printf(b, " LIMIT %lld OFFSET %zu", q->limit > 0 ? (long long)q->limit : -1LL, q->offset);
	}
}

/* Prepare the statement head + view q (+ and_where, if not NULL, + its
 * order if ordered + tail) and bind its parameters (join: with the feeds
 * as f, for head). NULL with err. */
static sqlite3_stmt *
view_prepare_join(struct nr_store *store, const char *head, const struct nr_store_view *q, int ordered, int join,
    const char *and_where, const char *tail, struct nr_err *err)
{
	struct nr_buf b = NR_BUF_INIT;
	struct view_plan plan;
	sqlite3_stmt *st = NULL;
	int rc;

	char *in = NULL, *out = NULL;
	int later = q->scoped == NR_STORE_SCOPED_LATER;

	if ((join & STORE_SCOPE_SPLIT) && q->scoped && q->order == NR_ORDER_NEWEST && q->order_by == NULL &&
	    q->limit == 0 && q->offset == 0) {
		/* in and out stay NULL when the scope has another form. */
		store_scope_parts(store, later, (join & STORE_SCOPE_LISTED) != 0, 1, &in, &out);
	}
	join &= ~(STORE_SCOPE_SPLIT | STORE_SCOPE_LISTED);
	view_plan(store, q, ordered, &plan);
	if (in != NULL) {
		/* Each part's scope decided on the index entries the rest of
		 * the WHERE reads (the feeds in scope: the feed each entry of
		 * articles_feed holds; the starred out of it), not each row
		 * read for its feed and starred mark (1,000,000 articles, 100
		 * of 1,000 feeds in scope, tags = "tag-3" and unread: 204 ->
		 * ms). */
		nr_buf_printf(&b, "SELECT * FROM (%s", head);
		view_where(store, &b, q, join, &plan, in);
		if (and_where != NULL) {
			nr_buf_printf(&b, " AND (%s)", and_where);
		}
		nr_buf_printf(&b, " UNION ALL %s", head);
		view_where(store, &b, q, join, &plan, out);
		if (and_where != NULL) {
			nr_buf_printf(&b, " AND (%s)", and_where);
		}
		nr_buf_adds(&b, ") ORDER BY published DESC, id DESC");
		free(in);
		free(out);
	} else {
		nr_buf_adds(&b, head);
		view_where(store, &b, q, join, &plan, NULL);
		if (and_where != NULL) {
			nr_buf_printf(&b, " AND (%s)", and_where);
		}
		if (ordered) {
			view_order(&b, q);
		}
		if (tail != NULL) {
			nr_buf_adds(&b, tail);
		}
	}
	rc = sqlite3_prepare_v2(store->db, nr_buf_str(&b), -1, &st, NULL);
	nr_buf_free(&b);
	if (rc != SQLITE_OK) {
		free(plan.fts);
		store_fail(store, rc, err);
		return NULL;
	}
	view_bind(st, q, &plan);
	return st;
}

static sqlite3_stmt *
view_prepare(struct nr_store *store, const char *head, const struct nr_store_view *q, int ordered,
    const char *tail, struct nr_err *err)
{
	return view_prepare_join(store, head, q, ordered, 0, NULL, tail, err);
}

sqlite3_stmt *
store_view_prepare(struct nr_store *store, const char *head, const struct nr_store_view *q, int join,
    const char *and_where, int ordered, const char *tail, struct nr_err *err)
{
	return view_prepare_join(store, head, q, ordered, join, and_where, tail, err);
}

int64_t *
nr_store_view_ids(struct nr_store *store, const struct nr_store_view *q, size_t *n, long *unread,
    struct nr_err *err)
{
	sqlite3_stmt *st = view_prepare(store, unread != NULL ? "SELECT a.id, a.read = 0" : "SELECT a.id", q, 1, NULL,
	    err);
	int64_t *ids;
	size_t cap = q->limit > 0 && q->limit < 1024 ? q->limit : 1024;
	int rc;

	*n = 0;
	if (unread != NULL) {
		*unread = 0;
	}
	if (st == NULL) {
		return NULL;
	}
	ids = xreallocarray(NULL, cap, sizeof *ids);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		ids[(*n)++] = sqlite3_column_int64(st, 0);
		if (unread != NULL) {
			*unread += sqlite3_column_int(st, 1);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		*n = 0;
		store_fail(store, rc, err);
		return NULL;
	}
	return ids;
}

long
nr_store_view_count(struct nr_store *store, const struct nr_store_view *q, struct nr_err *err)
{
	sqlite3_stmt *st = view_prepare(store, "SELECT count(*)", q, 0, NULL, err);
	long n;
	int rc;

	if (st == NULL) {
		return -1;
	}
	rc = sqlite3_step(st);
	n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		store_fail(store, rc, err);
	}
	return n;
}

long
nr_store_view_mark_read(struct nr_store *store, const struct nr_store_view *q,
    void (*per_feed)(void *ud, int64_t feed_id, long n), void *ud, struct nr_err *err)
{
	struct nr_store_view unread = *q;
	sqlite3_stmt *st;
	enum tx tx;
	long n = 0;
	int rc;

	if (store_tx_open(store, 1, &tx, err) < 0) {
		return -1;
	}
	unread.filters |= NR_FILTER_UNREAD;
	st = view_prepare(store, "SELECT a.feed, count(*)", &unread, 0, " GROUP BY a.feed", err);
	if (st == NULL) {
		n = -1;
	} else {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			long k = (long)sqlite3_column_int64(st, 1);

			n += k;
			if (per_feed != NULL) {
				per_feed(ud, sqlite3_column_int64(st, 0), k);
			}
		}
		if (rc != SQLITE_DONE) {
			n = store_fail(store, rc, err);
		}
		sqlite3_finalize(st);
	}
	if (n >= 0) {
		/* A read article with new text is marked again, which clears
		 * its changed mark. */
		st = view_prepare(store, "UPDATE articles SET read = 1, changed = 0 WHERE (read = 0 OR changed <> 0)"
		    " AND id IN (SELECT a.id", q, 0, ")", err);
		if (st == NULL || store_step_done(store, st, err) < 0) {
			n = -1;
		}
		sqlite3_finalize(st);
	}
	if (store_tx_close(store, tx, n >= 0, err) < 0) {
		return -1;
	}
	return n;
}

static int
rows_step(struct nr_store *store, sqlite3_stmt *st, int64_t id, struct row_lists *rl,
    int (*fn)(void *ud, const struct nr_store_row *row), void *ud, struct nr_err *err)
{
	struct nr_store_row row;
	int rc, ret = 0;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_from(st, rl, &row);
		ret = fn(ud, &row) < 0 ? 1 : 0;
	} else if (rc == SQLITE_DONE) {
		/* Gone (pruned) since the view was made: an empty row. */
		memset(&row, 0, sizeof row);
		row.rowid = id;
		nr_item_init(&row.item);
		row.read = 1;
		ret = fn(ud, &row) < 0 ? 1 : 0;
	} else {
		ret = store_fail(store, rc, err);
	}
	sqlite3_reset(st);
	return ret;
}

int
nr_store_rows(struct nr_store *store, const int64_t *ids, size_t n,
    int (*fn)(void *ud, const struct nr_store_row *row), void *ud, struct nr_err *err)
{
	sqlite3_stmt *own = NULL;
	sqlite3_stmt *st = stmt_reentrant(store, ST_ROW, &own, err);
	struct row_lists rl;
	size_t i;
	int rc = 0;

	if (st == NULL) {
		return -1;
	}
	memset(&rl, 0, sizeof rl);
	for (i = 0; i < n && rc == 0; i++) {
		rc = rows_step(store, st, ids[i], &rl, fn, ud, err);
	}
	if (own != NULL) {
		sqlite3_finalize(own);
	}
	row_lists_free(&rl);
	return rc < 0 ? -1 : 0;
}

int
nr_store_get_body(struct nr_store *store, int64_t rowid, struct nr_item *item, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_BODY_GET, err);
	int rc;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		item->summary_type = col_body_type(st, 1);
		item->content_type = col_body_type(st, 2);
		if (store_body_unpack(store, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), item,
		    err) < 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE && is_ignored(store, rowid)) {
		/* Ignored: listed for --dump --ignored, its body not kept. */
		free(item->summary);
		free(item->content);
		item->summary = item->content = NULL;
		item->summary_type = item->content_type = NR_BODY_NONE;
		return 0;
	}
	if (rc == SQLITE_DONE) {
		nr_err_set(err, NR_ERR_USAGE, _("no article number %" PRId64), rowid);
		return -1;
	}
	return rc == SQLITE_ROW ? 0 : store_fail(store, rc, err);
}

int
nr_store_feeds(struct nr_store *store, int (*fn)(void *ud, const struct nr_store_feed_info *feed), void *ud,
    struct nr_err *err)
{
	sqlite3_stmt *own = NULL;
	sqlite3_stmt *st = stmt_reentrant(store, ST_FEEDS, &own, err);
	struct nr_store_feed_info info;
	int rc;

	if (st == NULL) {
		return -1;
	}
	/* No scope test at all when it leaves no source out (the starred
	 * grouped by feed for nothing: 1.0 -> 5 ms on 1,000,000 articles). */
	sqlite3_bind_int(st, 1, nr_store_scope_active(store));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		info.id = sqlite3_column_int64(st, 0);
		info.location = col_text(st, 1);
		info.title = col_text(st, 2);
		info.link = col_text(st, 3);
		info.kind = col_kind(st, 4);
		info.articles = (long)sqlite3_column_int64(st, 5);
		info.unread = (long)sqlite3_column_int64(st, 6);
		info.fetch_error = col_text(st, 7);
		if (fn(ud, &info) < 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_fail(store, rc, err);
	}
	if (own != NULL) {
		sqlite3_finalize(own);
	} else {
		sqlite3_reset(st);
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- state ---- */

/* Run an UPDATE bound already; the number of rows it matched, or -1. */
long
store_update_count(struct nr_store *store, sqlite3_stmt *st, struct nr_err *err)
{
	if (store_step_done(store, st, err) < 0) {
		return -1;
	}
	return (long)sqlite3_changes(store->db);
}

long
nr_store_set_flag_by_id(struct nr_store *store, const char *id, enum nr_flag flag, int value,
    struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, flag == NR_FLAG_READ ? ST_READ_BY_ID : ST_STARRED_BY_ID, err);
	enum tx tx;
	long n;

	if (st == NULL || store_tx_open(store, 0, &tx, err) < 0) {
		return -1;
	}
	bind_text(st, 1, id);
	sqlite3_bind_int(st, 2, value != 0);
	n = store_update_count(store, st, err);
	if (store_tx_close(store, tx, n >= 0, err) < 0) {
		return -1;
	}
	return n;
}

int
nr_store_set_flag(struct nr_store *store, int64_t rowid, enum nr_flag flag, int value, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, flag == NR_FLAG_READ ? ST_READ_BY_ROWID : ST_STARRED_BY_ROWID, err);
	long n;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, rowid);
	sqlite3_bind_int(st, 2, value != 0);
	/* One statement: a transaction by itself. */
	n = store_update_count(store, st, err);
	if (n < 0) {
		return -1;
	}
	if (n == 0) {
		nr_err_set(err, NR_ERR_USAGE, _("no article number %" PRId64), rowid);
		return -1;
	}
	return 0;
}

long
nr_store_mark_all_read(struct nr_store *store, int64_t feed_id, struct nr_err *err)
{
	sqlite3_stmt *st;
	enum tx tx;
	long n = -1;

	if (store_tx_open(store, 1, &tx, err) < 0) {
		return -1;
	}
	st = store_stmt(store, ST_ALL_READ, err);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, feed_id);
		n = store_update_count(store, st, err);
	}
	if (n >= 0) {
		st = store_stmt(store, ST_ALL_UNCHANGED, err);
		if (st == NULL) {
			n = -1;
		} else {
			sqlite3_bind_int64(st, 1, feed_id);
			if (store_step_done(store, st, err) < 0) {
				n = -1;
			}
		}
	}
	if (store_tx_close(store, tx, n >= 0, err) < 0) {
		return -1;
	}
	return n;
}

/* ---- retention ---- */

struct feed_ref {
	int64_t id;
	char *location;
};

/* Every feed's id and location, so that the per-feed purge need not run
 * while a statement reads the feeds table. */
static struct feed_ref *
feed_refs(struct nr_store *store, size_t *n, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_FEED_LOCATIONS, err);
	struct feed_ref *refs = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (st == NULL) {
		return NULL;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			refs = xreallocarray(refs, cap, sizeof *refs);
		}
		refs[*n].id = sqlite3_column_int64(st, 0);
		refs[*n].location = xstrdup(col_text(st, 1) != NULL ? col_text(st, 1) : "");
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		while (*n > 0) {
			free(refs[--*n].location);
		}
		free(refs);
		store_fail(store, rc, err);
		return NULL;
	}
	if (refs == NULL) {
		/* No feeds is not an error. */
		refs = xmalloc(sizeof *refs);
	}
	return refs;
}

static long
purge(struct nr_store *store, int keep_days, long max_articles, long (*max_for_feed)(void *, const char *),
    void *ud, int64_t now, struct nr_store_cleanup *report, struct nr_err *err)
{
	struct feed_ref *refs;
	sqlite3_stmt *st;
	size_t i, nrefs;
	long n, total = 0;

	if (keep_days > 0) {
		st = store_stmt(store, ST_PURGE_OLD, err);
		if (st == NULL) {
			return -1;
		}
		sqlite3_bind_int64(st, 1, now - (int64_t)keep_days * 86400);
		n = store_update_count(store, st, err);
		if (n < 0) {
			return -1;
		}
		total += n;
	}
	report->by_age = total;
	refs = feed_refs(store, &nrefs, err);
	if (refs == NULL) {
		return -1;
	}
	for (i = 0; i < nrefs && total >= 0; i++) {
		long limit = max_for_feed != NULL ? max_for_feed(ud, refs[i].location) : -1;

		if (limit < 0) {
			limit = max_articles;
		}
		if (limit <= 0) {
			continue;
		}
		st = store_stmt(store, ST_PURGE_BEYOND, err);
		if (st == NULL) {
			total = -1;
			break;
		}
		sqlite3_bind_int64(st, 1, refs[i].id);
		sqlite3_bind_int64(st, 2, limit);
		n = store_update_count(store, st, err);
		total = n < 0 ? -1 : total + n;
	}
	for (i = 0; i < nrefs; i++) {
		free(refs[i].location);
	}
	free(refs);
	if (total > 0 && run(store, ST_PURGE_BODIES, err) < 0) {
		return -1;
	}
	report->by_count = total - report->by_age;
	return total;
}

/* The database's size: its pages, whether in the file or still in the
 * write-ahead log. */
static int64_t
db_bytes(struct nr_store *store)
{
	int64_t pages = 0, size = 0;

	if (query_int(store, "PRAGMA page_count", &pages, NULL) < 0 ||
	    query_int(store, "PRAGMA page_size", &size, NULL) < 0) {
		return 0;
	}
	return pages * size;
}

/* The tombstones of one feed beyond the newest limit (by when they were
 * first stored): a feed whose guids change with every fetch would
 * otherwise leave a tombstone per article per fetch, for ever. */
static const char prune_tombstones_sql[] =
    "DELETE FROM articles WHERE feed = ?1 AND purged <> 0 AND id NOT IN"
    " (SELECT id FROM articles WHERE feed = ?1 AND purged <> 0 ORDER BY id DESC LIMIT ?2)";
static const char prune_bodies_sql[] =
    "DELETE FROM bodies WHERE article IN (SELECT id FROM articles WHERE feed = ?1 AND purged <> 0)";

/* Run one of the statements above on feed with limit (unused by some). */
static long
prune_step(struct nr_store *store, const char *sql, int64_t feed, long limit, struct nr_err *err)
{
	sqlite3_stmt *st;
	long n;
	int rc = sqlite3_prepare_v2(store->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	sqlite3_bind_int64(st, 1, feed);
	if (sqlite3_bind_parameter_count(st) >= 2) {
		sqlite3_bind_int64(st, 2, limit);
	}
	n = store_update_count(store, st, err);
	sqlite3_finalize(st);
	return n;
}

long
nr_store_prune_feed(struct nr_store *store, int64_t feed_id, long max_articles, struct nr_err *err)
{
	sqlite3_stmt *st;
	enum tx tx;
	long n = -1;

	if (max_articles <= 0) {
		return 0;
	}
	if (store_tx_open(store, 1, &tx, err) < 0) {
		return -1;
	}
	st = store_stmt(store, ST_PURGE_BEYOND, err);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, feed_id);
		sqlite3_bind_int64(st, 2, max_articles);
		n = store_update_count(store, st, err);
	}
	if (n > 0 && prune_step(store, prune_bodies_sql, feed_id, 0, err) < 0) {
		n = -1;
	}
	if (n >= 0 && prune_step(store, prune_tombstones_sql, feed_id, max_articles, err) < 0) {
		n = -1;
	}
	if (store_tx_close(store, tx, n >= 0, err) < 0) {
		return -1;
	}
	return n;
}

long
nr_store_cleanup(struct nr_store *store, int keep_days, long max_articles,
    long (*max_for_feed)(void *ud, const char *location), void *ud, int64_t now, struct nr_err *err)
{
	struct nr_store_cleanup report;

	return nr_store_cleanup_report(store, keep_days, max_articles, max_for_feed, ud, now, &report, err);
}

long
nr_store_cleanup_report(struct nr_store *store, int keep_days, long max_articles,
    long (*max_for_feed)(void *ud, const char *location), void *ud, int64_t now, struct nr_store_cleanup *report,
    struct nr_err *err)
{
	enum tx tx;
	long n;
	int rc;

	memset(report, 0, sizeof *report);
	report->bytes_before = db_bytes(store);
	if (store_tx_open(store, 1, &tx, err) < 0) {
		return -1;
	}
	n = purge(store, keep_days, max_articles, max_for_feed, ud, now, report, err);
	if (store_tx_close(store, tx, n >= 0, err) < 0) {
		return -1;
	}
	/* VACUUM cannot run inside a transaction: inside the caller's, the
	 * space is left for SQLite to reuse. It is only an economy, so a
	 * reader keeping it from finishing is no error either. */
	if (n > 0 && tx == TX_OWN) {
		rc = sqlite3_exec(store->db, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
		if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) {
			return store_fail(store, rc, err);
		}
	}
	report->bytes_after = db_bytes(store);
	return n;
}

/* ---- ignored and deleted articles, forgotten sources (store.h) ----
 * Next to put_item, whose helpers they share; the filters themselves are
 * in query.c. */

/* Run sql with rowid as ?1 (not cached: these are rare). */
static int
run_rowid(struct nr_store *store, const char *sql, int64_t rowid, struct nr_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (store_body_flush(store, err) < 0) {
		return -1;
	}
	rc = sqlite3_prepare_v2(store->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_fail(store, rc, err);
}

/* Make the listed article rowid ignored (purged = 2), its body gone. */
static int
make_ignored(struct nr_store *store, int64_t rowid, struct nr_err *err)
{
	if (run_rowid(store, "UPDATE articles SET purged = 2, changed = 0 WHERE id = ?1 AND purged = 0", rowid,
	    err) < 0) {
		return -1;
	}
	return run_rowid(store, "DELETE FROM bodies WHERE article = ?1", rowid, err);
}

static int
put_ignored(struct nr_store *store, int64_t feed_id, const struct nr_item *item, int64_t fetched,
    enum nr_put_result *result, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_ITEM_FIND, err);
	struct item_lists l;
	int64_t rowid;
	int rc, purged;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, feed_id);
	bind_text(st, 2, item->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		*result = NR_PUT_NEW;
		join_lists(store, item, &l);
		if (insert_item(store, feed_id, item, fetched, item_hash(item), &l, &rowid, err) < 0) {
			return -1;
		}
		/* State imported for it does not make it wanted. */
		return run_rowid(store, "UPDATE articles SET starred = 0 WHERE id = ?1", rowid, err) < 0 ? -1
		    : make_ignored(store, rowid, err);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(store, rc, err);
	}
	rowid = sqlite3_column_int64(st, 0);
	purged = sqlite3_column_int(st, 1) != 0;
	sqlite3_reset(st);
	if (purged) {
		*result = NR_PUT_PURGED;
		return 0;
	}
	*result = NR_PUT_NEW;
	{
		sqlite3_stmt *q;
		int starred = 0;

		rc = sqlite3_prepare_v2(store->db, "SELECT starred FROM articles WHERE id = ?1", -1, &q, NULL);
		if (rc != SQLITE_OK) {
			return store_fail(store, rc, err);
		}
		sqlite3_bind_int64(q, 1, rowid);
		if (sqlite3_step(q) == SQLITE_ROW) {
			starred = sqlite3_column_int(q, 0) != 0;
		}
		sqlite3_finalize(q);
		if (starred) {
			/* The user wanted it: a rule does not take it away. */
			return put_item(store, feed_id, item, fetched, result, err);
		}
	}
	return make_ignored(store, rowid, err);
}

int
nr_store_put_ignored(struct nr_store *store, int64_t feed_id, const struct nr_item *item, int64_t fetched,
    enum nr_put_result *result, struct nr_err *err)
{
	enum tx tx;
	int ok;

	if (store_tx_open(store, 1, &tx, err) < 0) {
		return -1;
	}
	ok = put_ignored(store, feed_id, item, fetched, result, err) == 0;
	return store_tx_close(store, tx, ok, err);
}

int
nr_store_list_ignored(struct nr_store *store, int (*fn)(void *ud, const struct nr_store_row *row), void *ud,
    struct nr_err *err)
{
	sqlite3_stmt *own = NULL;
	sqlite3_stmt *st = stmt_reentrant(store, ST_LIST_IGNORED, &own, err);
	struct row_lists rl;
	struct nr_store_row row;
	int rc;

	if (st == NULL) {
		return -1;
	}
	memset(&rl, 0, sizeof rl);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_from(st, &rl, &row);
		if (fn(ud, &row) < 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_fail(store, rc, err);
	}
	if (own != NULL) {
		sqlite3_finalize(own);
	} else {
		sqlite3_reset(st);
	}
	row_lists_free(&rl);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
nr_store_delete_article(struct nr_store *store, int64_t rowid, struct nr_err *err)
{
	enum tx tx;
	int ok;

	if (store_tx_open(store, 1, &tx, err) < 0) {
		return -1;
	}
	ok = run_rowid(store, "UPDATE articles SET " TOMBSTONE " WHERE id = ?1", rowid, err) == 0 &&
	    run_rowid(store, "DELETE FROM bodies WHERE article = ?1", rowid, err) == 0;
	return store_tx_close(store, tx, ok, err);
}

long
nr_store_forget_feed(struct nr_store *store, const char *location, struct nr_err *err)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	long n = 0;
	enum tx tx;
	int ok, rc;

	rc = sqlite3_prepare_v2(store->db, "SELECT id FROM feeds WHERE location = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	bind_text(st, 1, location);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		return store_fail(store, rc, err);
	}
	if (id == 0) {
		return 0;
	}
	if (store_tx_open(store, 1, &tx, err) < 0) {
		return -1;
	}
	ok = run_rowid(store, "DELETE FROM bodies WHERE article IN (SELECT id FROM articles WHERE feed = ?1"
	    " AND starred = 0)", id, err) == 0;
	if (ok) {
		ok = run_rowid(store, "DELETE FROM articles WHERE feed = ?1 AND starred = 0 AND purged = 0", id, err) == 0;
		n = (long)sqlite3_changes(store->db);
	}
	ok = ok && run_rowid(store, "DELETE FROM articles WHERE feed = ?1 AND starred = 0", id, err) == 0;
	ok = ok && run_rowid(store, "DELETE FROM feed_counts WHERE feed = ?1 AND NOT EXISTS (SELECT 1 FROM articles"
	    " WHERE feed = ?1)", id, err) == 0;
	ok = ok && run_rowid(store, "DELETE FROM feeds WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM articles"
	    " WHERE feed = ?1)", id, err) == 0;
	if (store_tx_close(store, tx, ok, err) < 0) {
		return -1;
	}
	return n;
}

/* ---- reader mode's full text of feed articles ---- */

/* Put reader mode's article in rowid's body and its note in the row; in
 * the caller's transaction (a savepoint) or one of its own. */
static int
put_full_text(struct nr_store *store, int64_t rowid, const char *content, enum nr_body_type type,
    const char *note, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, ST_BODY_GET, err);
	struct nr_item old;
	const char *summary;
	enum nr_body_type summary_type;
	const void *packed;
	size_t n;
	int rc;

	if (st == NULL) {
		return -1;
	}
	nr_item_init(&old);
	sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		old.summary_type = col_body_type(st, 1);
		old.content_type = col_body_type(st, 2);
		if (store_body_unpack(store, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), &old,
		    err) < 0) {
			sqlite3_reset(st);
			nr_item_clear(&old);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		nr_item_clear(&old);
		return store_fail(store, rc, err);
	}
	/* The feed's own body stays: as the summary when the feed gave no
	 * summary of its own, so that it is one key away. */
	if (old.summary != NULL && old.summary[0] != '\0') {
		summary = old.summary;
		summary_type = old.summary_type;
	} else {
		summary = old.content;
		summary_type = old.content_type;
	}
	/* Packed as every body is (body.c), in the one frame with the
	 * summary it keeps. */
	st = store_stmt(store, ST_BODY_PUT, err);
	if (st == NULL || store_body_pack(store, summary, summary != NULL ? strlen(summary) : 0, content,
	    content != NULL ? strlen(content) : 0, &packed, &n, err) < 0) {
		nr_item_clear(&old);
		return -1;
	}
	sqlite3_bind_int64(st, 1, rowid);
	if (packed == NULL) {
		sqlite3_bind_null(st, 2);
	} else {
		sqlite3_bind_blob(st, 2, packed, (int)n, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 3, summary != NULL ? (int)summary_type : NR_BODY_NONE);
	sqlite3_bind_int(st, 4, content != NULL ? (int)type : NR_BODY_NONE);
	rc = store_step_done(store, st, err);
	nr_item_clear(&old);
	if (rc < 0) {
		return -1;
	}
	st = store_stmt(store, ST_NOTE_SET, err);
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, rowid);
	bind_text(st, 2, note);
	return store_step_done(store, st, err);
}

int
nr_store_put_full_text(struct nr_store *store, int64_t rowid, const char *content, enum nr_body_type type,
    const char *note, struct nr_err *err)
{
	enum tx tx;
	int ok;

	if (store_tx_open(store, 1, &tx, err) < 0) {
		return -1;
	}
	ok = put_full_text(store, rowid, content, type, note, err) == 0;
	return store_tx_close(store, tx, ok, err);
}

int
nr_store_fetched_since(struct nr_store *store, int64_t feed_id, int64_t since, size_t max,
    int (*fn)(void *ud, int64_t rowid, const char *link, const char *title), void *ud, struct nr_err *err)
{
	static const char sql[] =
	    "SELECT id, link, title FROM articles WHERE feed = ?1 AND purged = 0 AND fetched >= ?2"
	    " AND link IS NOT NULL AND link <> '' ORDER BY id LIMIT ?3";
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(store->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	sqlite3_bind_int64(st, 1, feed_id);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(ud, sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2)) < 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(store, rc, err);
}
