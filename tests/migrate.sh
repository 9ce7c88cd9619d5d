#!/bin/sh
# Databases of older newsreaders: one made by the build before bodies were
# compressed (schema 3, tests/data/store/schema3.sql) opens, is converted
# and reads as that build read it (its own --dump and --export-state of the
# file are the expectation). Then a larger schema 3 database is converted
# by a newsreader killed with SIGKILL at random moments, again and again:
# after each kill it passes PRAGMA integrity_check, is at schema 3 or at
# one of the versions after it, each step whole, never in between, and
# keeps every mark; the last
# open finishes the conversion with every body intact.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
data=$top_srcdir/tests/data/store
rounds=${KILL_ROUNDS:-10}
fields=published,updated,source,title,link,author,author_email,author_uri,id,categories,enclosures,via,via_link
fields=$fields,source_link,source_kind,summary,content,read,starred,changed

sql() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join(str(x) for x in row))' "$@"
}

load_sql() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript(open(sys.argv[2], encoding="utf-8").read())
c.close()' "$1" "$2"
}

: >"$TMP/empty.ini"
# A command that writes (--dump only reads, and refuses an old database)
# and changes nothing: importing no marks.
printf 'newsreader-state 1\n' >"$TMP/none.txt"

# ---- the database of the build before ----
old=$TMP/old.db
load_sql "$old" "$data/schema3.sql"
checks=$((checks + 1))
[ "$(sql "$old" 'PRAGMA user_version')" = 3 ] || fail "fixture: not at schema 3"
run -c "$TMP/empty.ini" -d "$old" --dump --fields=id
expect_status 1 "--dump of a schema 3 database"
expect_in "$TMP/err" "open it once for writing to upgrade it" "--dump of a schema 3 database"
run -c "$TMP/empty.ini" -d "$old" --import-state "$TMP/none.txt"
expect_status 0 "a schema 3 database opens for writing (converting it)"
run -c "$TMP/empty.ini" -d "$old" --dump --fields="$fields"
expect_status 0 "--dump of the converted database"
checks=$((checks + 1))
cmp -s "$TMP/out" "$data/schema3-dump.tsv" ||
    fail "converted database dumps otherwise: $(diff "$data/schema3-dump.tsv" "$TMP/out" | head -20)"
run -c "$TMP/empty.ini" -d "$old" --export-state "$TMP/state.txt"
expect_status 0 "--export-state of the converted database"
checks=$((checks + 1))
cmp -s "$TMP/state.txt" "$data/schema3-state.txt" ||
    fail "converted database exports other state: $(diff "$data/schema3-state.txt" "$TMP/state.txt")"
checks=$((checks + 1))
[ "$(sql "$old" 'PRAGMA user_version')" -ge 4 ] || fail "converted database: schema $(sql "$old" 'PRAGMA user_version')"
checks=$((checks + 1))
[ "$(sql "$old" 'PRAGMA integrity_check')" = ok ] || fail "converted database: integrity_check"
checks=$((checks + 1))
[ "$(sql "$old" "SELECT count(*) FROM pragma_table_info('bodies') WHERE name = 'packed'")" = 1 ] ||
    fail "converted database: bodies not packed"
# The pending mark still waits for its article, and is applied when it comes.
cat >"$TMP/later.xml" <<'EOF'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Later</title><link>https://later.example/</link>
<item><title>Arrived</title><link>https://later.example/1</link><guid>not-yet-arrived</guid></item>
</channel></rss>
EOF
run -c "$TMP/empty.ini" -d "$old" --update "$TMP/later.xml"
expect_status 0 "update of the converted database"
run -c "$TMP/empty.ini" -d "$old" --dump --fields=id,read,starred
expect_in "$TMP/out" "$(printf 'not-yet-arrived\t1\t1')" "a pending mark from schema 3 is applied on arrival"

# ---- killed while converting ----
# 4,000 articles with 3-4 KB bodies, a quarter read, every 50th starred,
# made with schema 3's tables as that build made them.
big=$TMP/big.db
python3 - "$data/schema3.sql" "$big" "$TMP/bodies.txt" <<'EOF'
import random, sqlite3, sys
schema = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith(("PRAGMA page_size", "PRAGMA application_id",
          "PRAGMA user_version", "CREATE "))]
c = sqlite3.connect(sys.argv[2])
c.executescript("".join(schema))
rng = random.Random(7)
words = ("news from the valley the river rose again after the storm and the town council met on tuesday to "
         "discuss the damage roads bridges schools farms prices energy market tiranë prishtinë москва").split()
out = open(sys.argv[3], "w", encoding="utf-8")
c.execute("INSERT INTO feeds (id, location, title, kind) VALUES (1, '/big.xml', 'Big', 3)")
for i in range(1, 4001):
    body = "".join("<p>%s %d</p>\n" % (" ".join(rng.choice(words) for _ in range(60)), rng.randrange(10**6))
                   for _ in range(rng.randint(7, 9)))
    c.execute("INSERT INTO articles (id, feed, guid, title, published, fetched, hash, read, starred)"
              " VALUES (?, 1, ?, ?, ?, 1600000000, 0, ?, ?)", (i, "big-%d" % i, "Big %d" % i, 1500000000 + i,
                                                               int(i % 4 == 0), int(i % 50 == 0)))
    c.execute("INSERT INTO bodies VALUES (?, ?, 1, ?, 2)", (i, "Summary %d" % i if i % 3 == 0 else None, body))
    # As --dump prints it: a newline as \n.
    out.write("big-%d\t%s\n" % (i, body.replace("\n", "\\n")))
c.commit()
c.close()
EOF
checks=$((checks + 1))
[ "$(sql "$big" 'PRAGMA user_version')" = 3 ] || fail "big fixture: not at schema 3"
cp "$big" "$TMP/pristine.db"
# How long a conversion takes here, to kill within it: the shorter of two
# (the first may pay for a cold cache).
span=
for try in 1 2; do
	start=$(date +%s%N)
	run -c "$TMP/empty.ini" -d "$big" --import-state "$TMP/none.txt"
	t=$((($(date +%s%N) - start) / 1000000))
	expect_status 0 "converting the big database"
	[ -z "$span" ] || [ "$t" -lt "$span" ] && span=$t
	cp "$TMP/pristine.db" "$big"
	rm -f "$big-wal" "$big-shm"
done
[ "$span" -ge 20 ] || span=20

kills=0
# This build's schema, the last step a conversion reaches.
schema=$(sed -n 's/^#define NR_STORE_SCHEMA \([0-9][0-9]*\).*/\1/p' "$top_srcdir/src/store/store.h")
[ -n "$schema" ] || fail "no NR_STORE_SCHEMA in src/store/store.h"
round=0
converted=0
while [ "$round" -lt "$rounds" ]; do
	"$NEWSREADER" -c "$TMP/empty.ini" -d "$big" --import-state "$TMP/none.txt" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v r="$round" -v span="$span" 'BEGIN { srand(r * 104729 + 3); printf "%.3f", (1 + rand() * span * 0.7) / 1000 }')"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ $? -eq 137 ] && kills=$((kills + 1))
	checks=$((checks + 1))
	ic=$(sql "$big" 'PRAGMA integrity_check' 2>&1)
	[ "$ic" = ok ] || fail "round $round: integrity_check: $ic"
	v=$(sql "$big" 'PRAGMA user_version' 2>&1)
	checks=$((checks + 1))
	case $v in
	3)
		[ "$(sql "$big" "SELECT count(*) FROM bodies WHERE content IS NOT NULL")" = 4000 ] ||
		    fail "round $round: schema 3 with bodies missing"
		;;
	[4-9] | [1-9][0-9])
		# Schema 4 (compressed bodies) or a later step: each step is
		# its own transaction, so a kill may leave any finished one,
		# up to this build's.
		[ "$v" -le "$schema" ] || fail "round $round: schema $v, past this build's $schema"
		converted=$((converted + 1))
		[ "$(sql "$big" "SELECT count(*) FROM bodies WHERE packed IS NOT NULL")" = 4000 ] ||
		    fail "round $round: schema $v with bodies missing"
		# Reader mode's columns come with step 6 -> 7, whole.
		cols=$(sql "$big" "SELECT count(*) FROM pragma_table_info('articles')
		    WHERE name IN ('site', 'image', 'note')")
		[ "$cols" = $((v >= 8 ? 3 : 0)) ] || fail "round $round: schema $v with $cols of reader mode's columns"
		;;
	*) fail "round $round: schema '$v'" ;;
	esac
	checks=$((checks + 1))
	[ "$(sql "$big" 'SELECT sum(read), sum(starred) FROM articles')" = "1000|80" ] ||
	    fail "round $round: marks: $(sql "$big" 'SELECT sum(read), sum(starred) FROM articles')"
	# Start again from schema 3 once in a while, so that most kills
	# land inside a conversion.
	if [ "$v" != 3 ]; then
		cp "$TMP/pristine.db" "$big"
		rm -f "$big-wal" "$big-shm"
	fi
	round=$((round + 1))
done
# The last open converts it (from wherever the last kill left it).
run -c "$TMP/empty.ini" -d "$big" --import-state "$TMP/none.txt"
expect_status 0 "the conversion ends after the kills"
run -c "$TMP/empty.ini" -d "$big" --dump --fields=id,content
expect_status 0 "the database opens after the kills"
sort "$TMP/out" >"$TMP/got"
sort "$TMP/bodies.txt" >"$TMP/want"
checks=$((checks + 1))
cmp -s "$TMP/got" "$TMP/want" || fail "bodies after conversion differ: $(diff "$TMP/want" "$TMP/got" | head -5 | cut -c 1-200)"
run -c "$TMP/empty.ini" -d "$big" --dump --fields=id,read,starred
checks=$((checks + 1))
[ "$(grep -c "$(printf '\t1\t')" "$TMP/out")" = 1000 ] || fail "read marks after conversion"
checks=$((checks + 1))
[ "$(grep -c "$(printf '\t1$')" "$TMP/out")" = 80 ] || fail "starred marks after conversion"
checks=$((checks + 1))
[ "$kills" -ge $((rounds / 2)) ] || fail "only $kills of $rounds conversions were killed before they ended ($span ms)"
echo "$kills of $rounds conversions killed ($converted had finished); a conversion takes $span ms"
finish
