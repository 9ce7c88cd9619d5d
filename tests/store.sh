#!/bin/sh
# The database through the real program: --update, --dump from it, state
# options, export and import, retention, and files that must be refused
# and left untouched. Real SQLite files in a scratch folder.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
data=$top_srcdir/tests/data
db=$XDG_DATA_HOME/newsreader/newsreader.db

sql() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join(str(x) for x in row))
c.commit()' "$@"
}

mkdir -p "$TMP/lib"
cp "$data/feeds/rss2.xml" "$data/feeds/atom.xml" "$TMP/lib/"

# The database is private wherever it is: 0600 whatever the umask, and
# its -wal and -shm the same (SQLite gives them the database's mode).
priv=$TMP/private/n.db
(umask 022 && "$NEWSREADER" -d "$priv" --update "$TMP/lib" >"$TMP/out" 2>"$TMP/err")
checks=$((checks + 1))
[ "$(stat -c %a "$priv" 2>/dev/null)" = 600 ] || fail "new database: mode $(stat -c %a "$priv" 2>&1), expected 600"
modes=$(umask 022 && python3 -c 'import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM sqlite_master").fetchall()
print(" ".join("%o" % (os.stat(sys.argv[1] + s).st_mode & 0o777) for s in ("-wal", "-shm")))
c.close()' "$priv" 2>&1)
checks=$((checks + 1))
[ "$modes" = "600 600" ] || fail "database -wal and -shm: modes '$modes', expected '600 600'"
# An empty file given as the database becomes one, private as well.
: >"$TMP/private/empty.db"
chmod 644 "$TMP/private/empty.db"
(umask 022 && "$NEWSREADER" -d "$TMP/private/empty.db" --update "$TMP/lib" >"$TMP/out" 2>"$TMP/err")
checks=$((checks + 1))
[ "$(stat -c %a "$TMP/private/empty.db" 2>/dev/null)" = 600 ] ||
	fail "an empty file made a database: mode $(stat -c %a "$TMP/private/empty.db" 2>&1), expected 600"

# A database path that is not a regular file (or absent) is refused: no
# /dev/null-journal beside the device, no hang on a FIFO.
# /dev/null through a link in the scratch folder: a regression then makes
# the journal there, not in /dev (the tests may run as root).
ln -s /dev/null "$TMP/null.db"
null_journal_new=
[ -e /dev/null-journal ] || null_journal_new=1
run -d "$TMP/null.db" --update "$TMP/lib"
expect_status 1 "-d /dev/null"
expect_in "$TMP/err" "null.db: not a regular file" "-d /dev/null is refused"
checks=$((checks + 1))
[ ! -e "$TMP/null.db-journal" ] && [ ! -e "$TMP/null.db-wal" ] || fail "-d /dev/null made a journal beside it"
checks=$((checks + 1))
[ -L "$TMP/null.db" ] && [ -c /dev/null ] || fail "-d /dev/null replaced the device (or the link to it)"
# SQLite follows the link: a regression makes /dev/null-journal (as root).
if [ -n "$null_journal_new" ] && [ -e /dev/null-journal ]; then
	fail "-d /dev/null made /dev/null-journal"
	rm -f /dev/null-journal
fi
mkfifo "$TMP/db.fifo"
timeout 20 "$NEWSREADER" -d "$TMP/db.fifo" --dump >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 1 "-d FIFO"
expect_in "$TMP/err" "db.fifo: not a regular file" "-d FIFO is refused without a hang"

# --update creates the database where XDG says, and says what it read.
run --update "$TMP/lib"
expect_status 0 "update"
expect_in "$TMP/out" "$TMP/lib: 6 articles, 6 new, 0 updated" "update summary"
checks=$((checks + 1))
[ -f "$db" ] || fail "no database at $db"
checks=$((checks + 1))
[ "$(sql "$db" 'PRAGMA journal_mode')" = wal ] || fail "database not in WAL mode"

# --dump with no path lists the database, newest first.
run --dump
expect_status 0 "dump database"
expect_lines "$TMP/out" 6 "dump database: every article"
head -n 1 "$TMP/out" | grep -q "Updated only" || fail "dump database: newest first: $(head -n 1 "$TMP/out")"

# The same again: nothing new. A changed title: updated in place.
run --update "$TMP/lib"
expect_in "$TMP/out" "6 articles, 0 new, 0 updated" "second update"
sed -i 's/<title>Updated only<\/title>/<title>Updated, renamed<\/title>/' "$TMP/lib/atom.xml"
run --update "$TMP/lib"
expect_in "$TMP/out" "6 articles, 0 new, 1 updated" "update of a changed article"

# State: read and starred by id, survive restarts, filter --dump.
run --mark-read urn:atom:1 escapes-1
expect_status 0 "mark-read"
run --star https://rss.example/oldest
expect_status 0 "star"
run --dump --unread
expect_lines "$TMP/out" 4 "--unread"
expect_not_in "$TMP/out" "urn:atom:1" "--unread: a read article"
run --dump --starred
expect_lines "$TMP/out" 1 "--starred"
expect_in "$TMP/out" "https://rss.example/oldest" "--starred: the starred one"
run --dump --fields=id,read,starred
expect_in "$TMP/out" "$(printf 'escapes-1\t1\t0')" "read field"
expect_in "$TMP/out" "$(printf 'https://rss.example/oldest\t0\t1')" "starred field"
run --mark-unread urn:atom:1
run --dump --unread
expect_lines "$TMP/out" 5 "--mark-unread"
run --mark-read no-such-id
expect_status 1 "mark-read of an unknown id"
expect_in "$TMP/err" "no-such-id: no article with this id" "unknown id named"
run --mark-read
expect_status 2 "mark-read without ids"

# Updating keeps the state of known articles, and a read article whose
# text changed is shown as changed.
sed -i 's/>&lt;b&gt;Bold/>\&lt;b\&gt;Bolder/' "$TMP/lib/atom.xml"
run --mark-read urn:atom:1
run --update "$TMP/lib"
run --dump --fields=id,read,changed
expect_in "$TMP/out" "$(printf 'urn:atom:1\t1\t1')" "changed after read"
expect_in "$TMP/out" "$(printf 'escapes-1\t1\t0')" "unchanged"
run --mark-unread urn:atom:1
run --dump --starred
expect_lines "$TMP/out" 1 "state kept across an update"

# One source, however its path is written.
(cd "$TMP" && run --update lib ./lib/ "$TMP/lib")
run --dump
expect_lines "$TMP/out" 6 "relative and absolute paths are one source"

# --dump PATH is a conversion: it never writes the database...
sum_before=$(cksum <"$db")
run --dump "$data/feeds/rdf.rdf"
expect_status 0 "dump path"
checks=$((checks + 1))
[ "$(cksum <"$db")" = "$sum_before" ] || fail "--dump PATH wrote the database"
run -d "$TMP/never.db" --dump "$data/feeds/rdf.rdf"
checks=$((checks + 1))
[ ! -e "$TMP/never.db" ] || fail "--dump PATH created a database"
# ...but reads it for --unread and --starred.
run --dump --starred "$TMP/lib/rss2.xml"
expect_lines "$TMP/out" 1 "dump path --starred"
run --dump --unread "$TMP/lib/rss2.xml" "$data/feeds/rdf.rdf"
expect_lines "$TMP/out" 5 "dump path --unread: rss2 has 1 read, rdf is new"

# Export and import: the marks move to another database, even before the
# articles arrive there.
run --export-state "$TMP/state.txt"
expect_status 0 "export"
run -d "$TMP/other.db" --import-state "$TMP/state.txt"
expect_status 0 "import into an empty database"
run -d "$TMP/other.db" --update "$TMP/lib"
run -d "$TMP/other.db" --dump --starred
expect_lines "$TMP/out" 1 "imported star applied on arrival"
run -d "$TMP/other.db" --dump --fields=id,read
expect_in "$TMP/out" "$(printf 'escapes-1\t1')" "imported read mark applied on arrival"
# A mark whose id is not there does not spread to every article that
# shares its link (feeds that link each item to their home page).
printf '<rss><channel><title>Same link</title><item><guid>s1</guid><link>https://same.example/</link></item><item><guid>s2</guid><link>https://same.example/</link></item></channel></rss>' >"$TMP/same.xml"
run -d "$TMP/same.db" --update "$TMP/same.xml"
printf 'newsreader-state 1\nr\tgone-id\thttps://same.example/\t/x\n' >"$TMP/same-state.txt"
run -d "$TMP/same.db" --import-state "$TMP/same-state.txt"
expect_status 0 "import with a shared link"
run -d "$TMP/same.db" --dump --unread
expect_lines "$TMP/out" 2 "a shared link marks nothing"
printf 'garbage line\n' >"$TMP/bad-state.txt"
run --import-state "$TMP/bad-state.txt"
expect_status 1 "import of a bad file"
expect_in "$TMP/err" "bad-state.txt" "bad import file named"

# --mark-all-read.
run --mark-all-read
expect_status 0 "mark-all-read"
run --dump --unread
expect_lines "$TMP/out" 0 "nothing unread after --mark-all-read"

# Opening files (the plain start) stores them too.
run "$data/feeds/rdf.rdf"
expect_status 0 "open a file"
run --dump
expect_in "$TMP/out" "Golden RDF" "opened file stored"

# Retention: keep_days purges old articles but never starred ones, and
# purged articles do not come back.
printf '[general]\nkeep_days = 30\n' >"$TMP/keep.ini"
run --dump
before=$(wc -l <"$TMP/out")
run -c "$TMP/keep.ini" --cleanup
expect_status 0 "cleanup"
# It says what it removed, why, and the space it gave back.
expect_in "$TMP/out" "$((before - 2)) articles purged: $((before - 2)) older than keep_days, 0 beyond max_articles" \
    "cleanup reports what it purged"
expect_in "$TMP/out" "MB regained" "cleanup reports the space regained"
run --dump
expect_lines "$TMP/out" 2 "cleanup: the starred (1969) article and the undated one (fetched now) are left"
expect_in "$TMP/out" "https://rss.example/oldest" "cleanup keeps starred"
run --update "$TMP/lib"
run --dump
expect_lines "$TMP/out" 2 "purged articles stay purged"
checks=$((checks + 1))
[ "$(sql "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity after cleanup"

# Files that are not ours are refused and left as they are.
head -c 8192 /dev/urandom >"$TMP/random.db"
cp "$TMP/random.db" "$TMP/random.orig"
run -d "$TMP/random.db" --update "$TMP/lib"
expect_status 1 "random bytes"
expect_in "$TMP/err" "not a newsreader database" "random bytes message"
cmp -s "$TMP/random.db" "$TMP/random.orig" || fail "random bytes: file changed"

sql "$TMP/other-app.db" 'CREATE TABLE notes(x TEXT)' >/dev/null
sql "$TMP/other-app.db" "INSERT INTO notes VALUES ('mine')" >/dev/null
cp "$TMP/other-app.db" "$TMP/other-app.orig"
run -d "$TMP/other-app.db" --dump
expect_status 1 "another program's database"
expect_in "$TMP/err" "not a newsreader database" "another program's database message"
cmp -s "$TMP/other-app.db" "$TMP/other-app.orig" || fail "another program's database changed"

cp "$db" "$TMP/newer.db"
sql "$TMP/newer.db" 'PRAGMA user_version = 999' >/dev/null
cp "$TMP/newer.db" "$TMP/newer.orig"
run -d "$TMP/newer.db" --update "$TMP/lib"
expect_status 1 "newer database"
expect_in "$TMP/err" "newer" "newer database message"
cmp -s "$TMP/newer.db" "$TMP/newer.orig" || fail "newer database changed"

# A second writer waits, then says the database is busy; nothing breaks.
python3 - "$db" "$TMP/locked" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(12)
c.execute("ROLLBACK")
PY
holder=$!
# Until the lock is taken (python may start slowly on a loaded machine).
n=0
while [ ! -e "$TMP/locked" ] && [ "$n" -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
run --mark-read urn:atom:2
expect_status 1 "busy database"
expect_in "$TMP/err" "busy" "busy database message"
wait "$holder"
checks=$((checks + 1))
[ "$(sql "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity after busy"

finish
