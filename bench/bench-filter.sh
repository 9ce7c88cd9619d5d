#!/bin/sh
# The filter language on a large library: a database of ARTICLES articles
# (default 1,000,000) in FEEDS feeds (default 1,000) in 50 tags, written
# straight into SQLite through the schema newsreader makes, then each
# expression of the table below run by the store as a limit (the rowids it
# matches, in no order; and the interface's first screen of it: 76 ids,
# two screens of 38 rows, in the list's order, within 60 ms) and as a query feed's count (total and
# unread: at once when it takes at most 20 ms, else by rowid slices, as
# the interface takes it between keys, and the same slices grouped by
# source as a first count to be kept is taken; and from the counts kept
# in the database, when bench/window.c has kept them), best of RUNS
# (default 3), by tests/unit/test_filter with NR_FILTER_BENCH set. Then,
# with WINDOW set to a bench/window.c binary, the same expressions through
# the interface's code (app/view.c): each as a [query NAME] row and as a
# limit (first screen, then the list read whole between keys), and each
# query's count at a second opening, from what the first kept. The rows are
# written without bodies (the store packs bodies with zstd; python
# cannot), so content is not measured here.
#
#   bench/bench-filter.sh [ARTICLES] [FEEDS] [RUNS]
#
# Needs python3; run from a built tree (make tests/unit/test_filter). A
# database of an older schema (made by an older build) is converted by
# the first build that opens it for writing (bench/window.c does).
set -eu
n=${1:-1000000}
feeds=${2:-1000}
runs=${3:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
nr=${NEWSREADER:-$top/src/newsreader}
out=${BENCH_OUT:-$top/bench/out}
db=$out/filter-$n.db
mkdir -p "$out"

if [ ! -s "$db" ]; then
	# Made under another name, so that a run that fails leaves none.
	final=$db
	db=$db.new
	rm -f "$db" "$db-wal" "$db-shm"
	printf '<rss version="2.0"><channel><title>seed</title><item><guid>s</guid><title>s</title></item></channel></rss>\n' \
	    >"$out/seed.xml"
	: >"$out/empty.ini"
	"$nr" -c "$out/empty.ini" -d "$db" --update "$out/seed.xml" >/dev/null
	python3 - "$db" "$n" "$feeds" <<'PY'
import random, sqlite3, sys
db, n, feeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(14)
words = ("linux kernel release security update rust python election weather market climate football "
         "science space music film review interview report analysis budget court health travel").split()
c = sqlite3.connect(db)
c.execute("PRAGMA synchronous = OFF")
# articles_fts (schema 10) is kept by triggers that call newsreader's own
# fold, which python does not have: taken out here, and made again from
# the rows by newsreader's step 9 -> 10 when it next opens the file. What
# step 10 -> 11 adds (the kept counts) goes too, so that it is made again
# after it; the counts' triggers as schema 4 made them.
c.executescript("DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_update; DROP TABLE articles_fts;"
                " DROP TABLE query_counts; DROP TABLE query_keys; DROP TRIGGER feeds_counts_stamp;"
                " DROP TRIGGER articles_counts_insert; DROP TRIGGER articles_counts_delete;"
                " DROP TRIGGER articles_counts_update; ALTER TABLE feed_counts DROP COLUMN stamp;"
                " CREATE TRIGGER articles_counts_insert AFTER INSERT ON articles WHEN NEW.purged = 0 BEGIN"
                " INSERT INTO feed_counts (feed, total, unread) VALUES (NEW.feed, 1, NEW.read = 0)"
                " ON CONFLICT (feed) DO UPDATE SET total = total + 1, unread = unread + (NEW.read = 0); END;"
                " PRAGMA user_version = 9;")
c.execute("DELETE FROM bodies"); c.execute("DELETE FROM articles"); c.execute("DELETE FROM feed_counts")
c.execute("DELETE FROM feeds")
for f in range(feeds):
    c.execute("INSERT INTO feeds (id, location, title, kind) VALUES (?, ?, ?, 3)",
              (f + 1, "https://feed%d.example/rss" % f, "Feed %d" % f))
now = 1780000000
rows = []
for i in range(n):
    t = " ".join(random.choice(words) for _ in range(6)).capitalize()
    rows.append((i + 1, 1 + i % feeds, "g%d" % i, t, "https://feed%d.example/%d" % (i % feeds, i),
                 "Author %d" % (i % 5000), now - random.randrange(0, 730 * 86400), now,
                 random.random() < 0.8, random.random() < 0.01))
    if len(rows) == 50000:
        c.executemany("INSERT INTO articles (id, feed, guid, title, link, author, published, fetched, hash, read,"
                      " starred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", rows)
        rows = []
c.executemany("INSERT INTO articles (id, feed, guid, title, link, author, published, fetched, hash, read,"
              " starred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", rows)
c.commit()
c.execute("VACUUM")
PY
	# Open it for writing (a mark of no article): the migration to this
	# build's schema makes articles_fts again.
	"$nr" -c "$out/empty.ini" -d "$db" --mark-read $((n + 1)) 2>/dev/null || :
	rm -f "$db-wal" "$db-shm"
	mv "$db" "$final"
	db=$final
fi
echo "library: $db ($n articles, $feeds feeds, $(du -m "$db" | cut -f1) MB)"
if [ -n "${WINDOW:-}" ]; then
	"$WINDOW" "$db" linux kernel "$feeds"
fi
NR_FILTER_BENCH=$db NR_FILTER_BENCH_FEEDS=$feeds NR_FILTER_BENCH_RUNS=$runs "$top/tests/unit/test_filter" | grep '^bench'
