#!/bin/sh
# Never lose data: newsreader --update of a large library is killed with
# SIGKILL at random moments, again and again. After each kill the database
# passes PRAGMA integrity_check, still opens, and every state change
# committed before the kill is still there.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
db=$TMP/kill.db
rounds=${KILL_ROUNDS:-10}

sql() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join(str(x) for x in row))' "$@"
}

# Two versions of one library, 80 feeds x 40 items: the same articles
# with other titles, so that every update rewrites all of them.
mkdir -p "$TMP/a" "$TMP/b"
i=0
while [ "$i" -lt 80 ]; do
	python3 "$top_srcdir/bench/genfeed.py" 40 "$i" 3 >"$TMP/a/feed-$i.xml"
	sed 's/<title>\([^<]*\) &amp; \([0-9]*\)<\/title>/<title>\2 \&amp; \1<\/title>/' \
	    "$TMP/a/feed-$i.xml" >"$TMP/b/feed-$i.xml"
	i=$((i + 1))
done

mkdir -p "$TMP/lib"
cp "$TMP"/a/*.xml "$TMP/lib/"
# Each feed file is its own source, so its own transaction: a kill lands
# between commits as well as inside one.
run -d "$db" --update "$TMP"/lib/*.xml
expect_status 0 "first update"
# How long an update that rewrites everything takes here, to kill within it.
cp "$TMP"/b/*.xml "$TMP/lib/"
start=$(date +%s%N)
run -d "$db" --update "$TMP"/lib/*.xml
span=$((($(date +%s%N) - start) / 1000000))
[ "$span" -ge 20 ] || span=20
total=$(sql "$db" 'SELECT count(*) FROM articles')
checks=$((checks + 1))
[ "$total" -eq 3200 ] || fail "first update: $total articles, expected 3200"

# Each round: one more state change, committed; then an update killed.
marked=
kills=0
round=0
while [ "$round" -lt "$rounds" ]; do
	id="bench-$round-$round"
	run -d "$db" --mark-read "$id"
	expect_status 0 "round $round: mark-read $id"
	run -d "$db" --star "bench-$round-1"
	marked="$marked $id"
	version=a
	[ $((round % 2)) -eq 0 ] && version=b
	cp "$TMP/$version"/*.xml "$TMP/lib/"
	"$NEWSREADER" -d "$db" --update "$TMP"/lib/*.xml >/dev/null 2>&1 &
	pid=$!
	# Anywhere from the start to near the end of the update.
	sleep "$(awk -v r="$round" -v span="$span" 'BEGIN { srand(r * 7919 + 17); printf "%.3f", (2 + rand() * span * 0.9) / 1000 }')"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ $? -eq 137 ] && kills=$((kills + 1))

	checks=$((checks + 1))
	ic=$(sql "$db" 'PRAGMA integrity_check' 2>&1)
	[ "$ic" = ok ] || fail "round $round: integrity_check: $ic"
	# The counts the sources pane shows agree with the articles.
	checks=$((checks + 1))
	off=$(sql "$db" 'SELECT count(*) FROM (SELECT feed, count(*) AS t, sum(read = 0) AS u FROM articles
	    WHERE purged = 0 GROUP BY feed) x LEFT JOIN feed_counts c ON c.feed = x.feed
	    WHERE c.total IS NOT x.t OR c.unread IS NOT x.u' 2>&1)
	[ "$off" = 0 ] || fail "round $round: $off feeds' counts disagree with their articles"
	run -d "$db" --dump --fields=id,read,starred
	expect_status 0 "round $round: the database still opens"
	for m in $marked; do
		expect_in "$TMP/out" "$(printf '%s\t1\t' "$m")" "round $round: $m still read"
	done
	r=0
	while [ "$r" -le "$round" ]; do
		expect_in "$TMP/out" "$(printf 'bench-%s-1\t' "$r")" "round $round: bench-$r-1 present"
		checks=$((checks + 1))
		grep -q "$(printf 'bench-%s-1\t[01]\t1' "$r")" "$TMP/out" || fail "round $round: bench-$r-1 still starred"
		r=$((r + 1))
	done
	checks=$((checks + 1))
	n=$(wc -l <"$TMP/out")
	[ "$n" -eq 3200 ] || fail "round $round: $n articles, expected 3200"
	round=$((round + 1))
done
# Most rounds must have been real kills, not updates that had finished.
checks=$((checks + 1))
[ "$kills" -ge $((rounds / 2)) ] || fail "only $kills of $rounds updates were killed before they ended (update: $span ms)"
echo "$kills of $rounds updates killed; an update takes $span ms"

# The folder as one source into an empty database: one transaction in
# which the articles' indexes and count trigger are dropped (rebuilt at
# the commit) and bodies are packed by a second thread. Killed anywhere,
# the database has all of the folder or none of it, its schema whole.
schema='SELECT group_concat(name, " ") FROM (SELECT name FROM sqlite_master ORDER BY name)'
empty=$TMP/empty-folder
mkdir -p "$empty"
ref=$TMP/ref.db
run -d "$ref" --update "$empty"
want_schema=$(sql "$ref" "$schema")
case "$want_schema" in
*articles_counts_insert*articles_unread*) ;;
*) fail "the schema lacks the trigger or an index: $want_schema" ;;
esac
start=$(date +%s%N)
run -d "$ref" --update "$TMP/lib"
fspan=$((($(date +%s%N) - start) / 1000000))
[ "$fspan" -ge 20 ] || fspan=20
fkills=0
hot=0
round=0
while [ "$round" -lt "$rounds" ]; do
	fdb=$TMP/folder-$round.db
	run -d "$fdb" --update "$empty"
	"$NEWSREADER" -d "$fdb" --update "$TMP/lib" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v r="$round" -v span="$fspan" 'BEGIN { srand(r * 104729 + 3); printf "%.3f", (2 + rand() * span) / 1000 }')"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ $? -eq 137 ] && fkills=$((fkills + 1))
	# The load into an empty database writes with the rollback journal;
	# killed while its commit wrote the file, it leaves a hot journal
	# (synced: its header's magic number written), which newsreader's own
	# opening, a read-only one first, must roll back (before SQLite in
	# this script could).
	if [ -s "$fdb-journal" ] && [ "$(od -An -tx1 -N4 "$fdb-journal" | tr -d ' ')" = d9d505f9 ]; then
		hot=$((hot + 1))
	fi
	run -d "$fdb" --dump --fields=id
	expect_status 0 "folder round $round: the killed load's database opens read-only"
	checks=$((checks + 1))
	n=$(wc -l <"$TMP/out")
	[ "$n" -eq 0 ] || [ "$n" -eq 3200 ] || fail "folder round $round: --dump shows $n articles, expected none or all"
	checks=$((checks + 1))
	ic=$(sql "$fdb" 'PRAGMA integrity_check' 2>&1)
	[ "$ic" = ok ] || fail "folder round $round: integrity_check: $ic"
	checks=$((checks + 1))
	got=$(sql "$fdb" "$schema")
	[ "$got" = "$want_schema" ] || fail "folder round $round: schema $got, expected $want_schema"
	checks=$((checks + 1))
	n=$(sql "$fdb" 'SELECT count(*) || " " || (SELECT count(*) FROM bodies) FROM articles')
	[ "$n" = "0 0" ] || [ "$n" = "3200 3200" ] || fail "folder round $round: articles and bodies $n, expected none or all"
	# Loaded again, whole: counts agree, every body reads back.
	run -d "$fdb" --update "$TMP/lib"
	expect_status 0 "folder round $round: loading again"
	checks=$((checks + 1))
	off=$(sql "$fdb" 'SELECT count(*) FROM (SELECT feed, count(*) AS t, sum(read = 0) AS u FROM articles
	    WHERE purged = 0 GROUP BY feed) x LEFT JOIN feed_counts c ON c.feed = x.feed
	    WHERE c.total IS NOT x.t OR c.unread IS NOT x.u' 2>&1)
	[ "$off" = 0 ] || fail "folder round $round: $off feeds' counts disagree with their articles"
	checks=$((checks + 1))
	mode=$(sql "$fdb" 'PRAGMA journal_mode')
	[ "$mode" = wal ] || fail "folder round $round: journal_mode $mode after loading again, expected wal"
	run -d "$fdb" --dump --body
	expect_status 0 "folder round $round: every body reads back"
	checks=$((checks + 1))
	n=$(awk -F '\t' 'NF >= 7 && $7 != ""' "$TMP/out" | wc -l)
	[ "$n" -eq 3200 ] || fail "folder round $round: $n of 3200 articles have their text in --dump --body"
	rm -f "$fdb" "$fdb-wal" "$fdb-shm"
	round=$((round + 1))
done
checks=$((checks + 1))
[ "$fkills" -ge $((rounds / 2)) ] || fail "only $fkills of $rounds folder loads were killed before they ended (load: $fspan ms)"
echo "$fkills of $rounds folder loads killed ($hot left a hot journal); a load takes $fspan ms"

# A hot journal made for certain: SQLite itself (Python's module) changes
# every article of a loaded database (read and starred) in rollback-journal mode with a
# small cache, so that pages are written to the file before the commit
# (the journal synced first), and the process dies there. The file then
# holds half a transaction; the header may give a length the file does
# not have. newsreader's opening, read-only and then for writing, rolls
# it back: every article as committed, integrity ok, WAL again.
hdb=$TMP/hot.db
run -d "$hdb" --update "$TMP/lib"
expect_status 0 "hot journal: loading"
want=$(sql "$hdb" 'SELECT count(*), sum(read), sum(starred) FROM articles')
python3 -c 'import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode = DELETE")
c.execute("PRAGMA cache_size = 8")
c.execute("BEGIN")
c.execute("UPDATE articles SET read = 1, starred = 1")
os._exit(9)' "$hdb"
checks=$((checks + 1))
[ "$(od -An -tx1 -N4 "$hdb-journal" | tr -d ' ')" = d9d505f9 ] || fail "hot journal: none was left (no spill?)"
run -d "$hdb" --dump --fields=id,read,starred
expect_status 0 "hot journal: read-only opening"
checks=$((checks + 1))
n=$(grep -c "$(printf '\t0\t0$')" "$TMP/out")
[ "$n" -eq 3200 ] || fail "hot journal: --dump shows $n of 3200 articles unread and unstarred, as committed"
checks=$((checks + 1))
got=$(sql "$hdb" 'SELECT count(*), sum(read), sum(starred) FROM articles')
[ "$got" = "$want" ] || fail "hot journal: articles $got, expected $want"
checks=$((checks + 1))
ic=$(sql "$hdb" 'PRAGMA integrity_check' 2>&1)
[ "$ic" = ok ] || fail "hot journal: integrity_check: $ic"
run -d "$hdb" --mark-read bench-0-0
expect_status 0 "hot journal: writing opening"
checks=$((checks + 1))
mode=$(sql "$hdb" 'PRAGMA journal_mode')
[ "$mode" = wal ] || fail "hot journal: journal_mode $mode after a writing opening, expected wal"

# While a writer holds a database in rollback mode (as a load into an
# empty one does), another newsreader opening it for writing waits for
# it, as for any writer, instead of failing at once on the switch back to
# WAL. Here the writer is Python's SQLite, holding its lock for a second.
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode = DELETE")
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(1)
c.execute("COMMIT")' "$hdb" "$TMP/locked" &
pid=$!
while [ ! -e "$TMP/locked" ]; do
	sleep 0.01
done
run -d "$hdb" --mark-read bench-1-1
expect_status 0 "rollback-mode writer: a writing opening waits for it"
wait "$pid"
checks=$((checks + 1))
got=$(sql "$hdb" "SELECT read FROM articles WHERE guid = 'bench-1-1'")
[ "$got" = 1 ] || fail "rollback-mode writer: bench-1-1 read $got, expected 1"
checks=$((checks + 1))
mode=$(sql "$hdb" 'PRAGMA journal_mode')
[ "$mode" = wal ] || fail "rollback-mode writer: journal_mode $mode after the wait, expected wal"
finish
