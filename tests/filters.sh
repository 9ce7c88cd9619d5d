#!/bin/sh
# The filter language outside the interface: ignore rules ([general] and
# [feed NAME]) applied by --update as articles are stored, checked in the
# SQLite file and with --dump --ignored, not brought back by the next
# update, never taking a starred article; expressions that are wrong are
# errors naming the file, the line and the column; [query NAME] needs a
# filter; --remove cuts a subscription out of the file as text and its
# articles but the starred out of the database.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/rss.sh"

# sql DB QUERY: rows as text, columns separated by |.
sql() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
}

db=$TMP/news.db
conf=$TMP/config.ini
rss "$TMP/tech.xml" "Tech" "t1|Kernel news|ana" "t2|Sponsored: buy now|ads" "t3|Rust release|bob"
rss "$TMP/world.xml" "World" "w1|Elections|cara" "w2|Weather bot report|weatherbot" "w3|SPONSORED trip|ads"
cat >"$conf" <<EOF
[general]
ignore = title =~ "^sponsored"

[feed tech]
path = $TMP/tech.xml
tags = computing

[feed world]
path = $TMP/world.xml
ignore = author = "weatherbot"

[query Computing]
filter = tags = "computing" and unread
EOF

# ---- ignore rules as articles are stored ----
run -c "$conf" -d "$db" --update
expect_status 0 "update with ignore rules"
expect_in "$TMP/out" "tech.xml: 3 articles, 2 new" "tech: the sponsored one is not new"
expect_in "$TMP/out" "world.xml: 3 articles, 1 new" "world: [general]'s rule and its own"
run -c "$conf" -d "$db" --dump --fields=id
expect_status 0 "dump"
expect_lines "$TMP/out" 3 "three articles listed"
for id in t1 t3 w1; do
	expect_in "$TMP/out" "$id" "$id is listed"
done
run -c "$conf" -d "$db" --dump --ignored --fields=id,title,author
expect_status 0 "dump --ignored"
expect_lines "$TMP/out" 3 "three ignored"
expect_in "$TMP/out" "t2	Sponsored: buy now	ads" "the ignored keep their title and author"
expect_in "$TMP/out" "w2	Weather bot report	weatherbot" "the feed's own rule"
expect_in "$TMP/out" "w3	SPONSORED trip	ads" "case ignored by =~"
# Their bodies are not kept; --body gives them empty.
run -c "$conf" -d "$db" --dump --ignored --fields=id,body
expect_status 0 "dump --ignored with bodies"
expect_in "$TMP/out" "t2	" "an ignored article's empty body"
checks=$((checks + 1))
[ "$(sql "$db" "SELECT count(*) FROM articles a JOIN bodies b ON b.article = a.id WHERE a.purged = 2")" = 0 ] ||
	fail "ignored articles keep no body"
checks=$((checks + 1))
[ "$(sql "$db" "SELECT group_concat(guid) FROM (SELECT guid FROM articles WHERE purged = 2 ORDER BY guid)")" = "t2,w2,w3" ] ||
	fail "the ignored rows in the database: $(sql "$db" "SELECT guid, purged FROM articles")"

# Sent again, they stay ignored, and are not counted as new.
run -c "$conf" -d "$db" --update
expect_in "$TMP/out" "tech.xml: 3 articles, 0 new" "tech again: nothing new"
expect_in "$TMP/out" "world.xml: 3 articles, 0 new" "world again: nothing new"
run -c "$conf" -d "$db" --dump --fields=id
expect_lines "$TMP/out" 3 "still three listed"

# A rule added later ignores a known article as it comes again, but never
# a starred one.
run -c "$conf" -d "$db" --star t3
expect_status 0 "star t3"
sed -i 's/^ignore = title =~ "^sponsored"$/ignore = title =~ "^sponsored" or author = "bob" or author = "ana"/' "$conf"
run -c "$conf" -d "$db" --update
expect_status 0 "update with the wider rule"
run -c "$conf" -d "$db" --dump --fields=id,starred
expect_in "$TMP/out" "t3	1" "the starred article is kept"
expect_not_in "$TMP/out" "t1" "the known article the new rule matches is ignored"
run -c "$conf" -d "$db" --dump --ignored --fields=id
expect_in "$TMP/out" "t1" "and listed as ignored"
expect_not_in "$TMP/out" "t3" "the starred is not"

# --ignored goes with --dump alone.
run -c "$conf" -d "$db" --ignored
expect_status 2 "--ignored without --dump"
run -c "$conf" -d "$db" --dump --ignored --unread
expect_status 2 "--ignored with --unread"

# ---- errors name the file, the line and the column ----
printf '[general]\nsort = newest\nignore = title =~ "x" and\n' >"$TMP/bad1.ini"
run -c "$TMP/bad1.ini" --dump
expect_status 2 "a bad ignore rule"
expect_in "$TMP/err" "bad1.ini:3: bad value for ignore: column 17: expected a field, 'not' or '(', found the end" \
    "the file, line and column of a bad rule"
printf '[query x]\nfilter = titel = "a"\n' >"$TMP/bad2.ini"
run -c "$TMP/bad2.ini" --dump
expect_status 2 "a bad query filter"
expect_in "$TMP/err" "bad2.ini:2: bad value for filter: column 1: unknown field 'titel'" "a bad query filter named"
printf '[query x]\ntags = a\n' >"$TMP/bad3.ini"
run -c "$TMP/bad3.ini" --dump
expect_status 2 "a query without a filter"
expect_in "$TMP/err" "bad3.ini:1: [query x] has no filter: 'x'" "a query without a filter"
printf '[query x]\nfilter = unread\ncolour = red\n' >"$TMP/bad4.ini"
run -c "$TMP/bad4.ini" --dump
expect_status 2 "an unknown key of a query"
expect_in "$TMP/err" "bad4.ini:3: unknown key in [query x]: 'colour'" "an unknown key of a query"
printf '[feed a]\npath = /tmp\nignore = age > "old"\n' >"$TMP/bad5.ini"
run -c "$TMP/bad5.ini" --dump
expect_status 2 "a bad feed rule"
expect_in "$TMP/err" "bad5.ini:3: bad value for ignore: column 7: 'age' is a number of days, not '\"old\"'" \
    "a bad feed rule"

# ---- --remove ----
cat >"$TMP/sub.ini" <<EOF
; my subscriptions
[general]
sort = newest

[sources]
loose = $TMP/world.xml

[feed tech]
path = $TMP/tech.xml
; kept with the section
tags = computing

# about the next one
[feed Other]
url = https://Example.org/feed
EOF
cp "$TMP/sub.ini" "$TMP/sub.orig"
run -c "$TMP/sub.ini" -d "$db" --remove tech
expect_status 0 "--remove tech"
# Of tech, t1 and t2 are ignored and t3 starred: none listed goes.
expect_in "$TMP/out" "tech: unsubscribed; 0 articles removed from the database (starred ones kept)" \
    "--remove says what it removed"
checks=$((checks + 1))
cmp -s "$TMP/sub.ini.bak" "$TMP/sub.orig" || fail "--remove keeps FILE.bak"
checks=$((checks + 1))
printf '; my subscriptions\n[general]\nsort = newest\n\n[sources]\nloose = %s\n\n# about the next one\n[feed Other]\nurl = https://Example.org/feed\n' \
    "$TMP/world.xml" >"$TMP/want.ini"
cmp -s "$TMP/want.ini" "$TMP/sub.ini" || fail "--remove cut more or less than the section: $(diff "$TMP/want.ini" "$TMP/sub.ini")"
run -c "$conf" -d "$db" --dump --fields=id,source
expect_in "$TMP/out" "t3	Tech" "the starred article stays, under its source's title"
checks=$((checks + 1))
[ "$(sql "$db" "SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed WHERE f.title = 'Tech'")" = 1 ] ||
	fail "only the starred article of the removed feed is in the database (the ignored ones go too)"
# By URL (scheme and host in any case), and a [sources] line by its name.
run -c "$TMP/sub.ini" -d "$db" --remove HTTPS://EXAMPLE.org/feed
expect_status 0 "--remove by URL"
expect_not_in "$TMP/sub.ini" "Example.org" "the section is gone"
expect_in "$TMP/sub.ini" "# about the next one" "the comment above it is kept"
run -c "$TMP/sub.ini" -d "$db" --remove LOOSE
expect_status 0 "--remove a [sources] line"
expect_in "$TMP/out" "loose: unsubscribed; 1 article removed from the database (starred ones kept)" \
    "--remove of world: its one listed article"
checks=$((checks + 1))
[ "$(sql "$db" "SELECT count(*) FROM feeds WHERE location LIKE '%world.xml'")" = 0 ] ||
	fail "a removed feed with nothing starred leaves no row"
checks=$((checks + 1))
printf '; my subscriptions\n[general]\nsort = newest\n\n[sources]\n\n# about the next one\n' >"$TMP/want.ini"
cmp -s "$TMP/want.ini" "$TMP/sub.ini" || fail "--remove of a [sources] line: $(diff "$TMP/want.ini" "$TMP/sub.ini")"
run -c "$TMP/sub.ini" -d "$db" --remove nothing-like-it
expect_status 1 "--remove of what is not subscribed"
expect_in "$TMP/err" "no subscription named or at 'nothing-like-it'" "--remove of what is not subscribed"
run -c "$TMP/sub.ini" -d "$db" --remove x --dump
expect_status 2 "--remove goes alone"
# A folder: each of its files is a feed of its own, and all of them go,
# also when the folder is named by a path through a symbolic link.
mkdir -p "$TMP/dir"
ln -s "$TMP/dir" "$TMP/link"
rss "$TMP/dir/a.xml" "Alpha" "a1|Alpha one|ana"
rss "$TMP/dir/b.xml" "Beta" "b1|Beta one|bob" "b2|Beta two|bob"
printf '[feed folder]\npath = %s\n' "$TMP/link" >"$TMP/dir.ini"
run -c "$TMP/dir.ini" -d "$TMP/dir.db" --update
expect_status 0 "--update of a folder"
run -c "$TMP/dir.ini" -d "$TMP/dir.db" --remove folder
expect_status 0 "--remove of a folder"
expect_in "$TMP/out" "folder: unsubscribed; 3 articles removed from the database (starred ones kept)" \
    "--remove of a folder: every file's articles"
checks=$((checks + 1))
[ "$(sql "$TMP/dir.db" "SELECT count(*) FROM articles")|$(sql "$TMP/dir.db" "SELECT count(*) FROM feeds")" = "0|0" ] ||
	fail "the folder's feeds are left in the database: $(sql "$TMP/dir.db" "SELECT location FROM feeds")"
finish
