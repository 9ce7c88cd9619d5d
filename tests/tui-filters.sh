#!/bin/sh
# Issue 14's filters and forgetting, through the real interface in tmux:
# the limit takes an expression (and says where a wrong one is wrong), a
# [query NAME] is a row of the sources pane with its unread count and
# lists what its filter matches, ignored articles never show, D deletes an
# article for good (it does not come back with the next update) and in the
# sources pane unsubscribes (the section cut from the file, FILE.bak kept,
# the articles gone but the starred), a source in neither the
# configuration nor the command line is not shown, and a feed whose last
# fetch failed (in a cron --update) keeps its ! and its reason in E across
# restarts until a fetch works.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/rss.sh"
. "$top_srcdir/tests/tmux.sh"
. "$top_srcdir/tests/httpd.sh"
base=$HTTPD_BASE

rss "$TMP/tech.xml" "Tech" "t1|Kernel news|ana" "t2|Sponsored: buy now|ads" "t3|Rust release|bob"
rss "$TMP/world.xml" "World" "w1|Elections today|cara" "w2|Weather bot report|weatherbot"
rss "$TMP/old.xml" "Old source" "o1|Forgotten story|dan"
conf=$TMP/config.ini
cat >"$conf" <<EOF
[general]
ignore = title =~ "^sponsored"
show_feeds = yes

[feed tech]
path = $TMP/tech.xml
tags = computing

[feed world]
path = $TMP/world.xml
ignore = author = "weatherbot"

[feed broken]
url = $base/files/later.xml
title = Broken feed
reload = 0

[query Computing]
filter = tags = "computing" and unread

[query By Bob]
filter = author = "bob"

[query Fresh]
filter = unread
tags = computing
EOF
db=$TMP/db

# A source of an earlier run, in neither the file nor the command line.
run -d "$db" --update "$TMP/old.xml"
expect_status 0 "an earlier run's source"
# cron: the web feed fails (404), remembered in the database.
run -c "$conf" -d "$db" --update
expect_status 1 "cron --update with a failing feed"
expect_in "$TMP/err" "HTTP 404" "the failure"

start 120 24 -- -c "$conf" -d "$db"
wait_for "Kernel news" "the list"
wait_for "Computing" "the query row in the sources pane"
on_screen "By Bob" "the second query row"
not_on_screen "Sponsored" "an ignored article never shows"
not_on_screen "Weather bot" "the feed's own rule"
not_on_screen "Old source" "a source in neither the file nor the command line"
not_on_screen "Forgotten story" "its articles neither"
# ---- point 6: the cron failure, remembered ----
wait_for "Broken feed" "the failed feed's row"
screen
checks=$((checks + 1))
grep -q "Broken feed.* ! 0" "$TMP/screen" || fail "the failed feed keeps its ! after a restart: $(cat "$TMP/screen")"
keys E
wait_for "Feeds whose last fetch failed" "E lists the failures"
on_screen "HTTP 404" "with the reason stored by the cron run"
on_screen "Broken feed" "by the feed's title"
keys q
wait_gone "Feeds whose last fetch failed" "E closes"

# ---- point 3: the limit takes an expression ----
keys l
wait_for "Limit to:" "the limit prompt"
keys 'author = "bob" or author =~ "^c"' Enter
wait_for "2 articles match" "the expression limits"
on_screen "Rust release" "bob's article"
on_screen "Elections today" "cara's article"
not_on_screen "Kernel news" "ana's is left out"
keys l C-u 'title = ' Enter
wait_for "Not a filter: column 9: a value is missing after 'title'" "a wrong expression says where"
on_screen "Rust release" "and the limit stays"
keys l C-u 'kernel' Enter
wait_for "1 article matches: kernel" "words still limit as words"
on_screen "Kernel news" "the word's article"
# Back (q) returns to the expression's level: its filter again, not
# its text taken as words.
keys q
wait_for "Elections today" "q goes back to the expression's limit"
on_screen "Rust release" "bob's article again"
not_on_screen "Kernel news" "ana's is left out again"
keys l C-u Enter
wait_for "Showing all articles." "the limit cleared"

# ---- the query rows ----
screen
checks=$((checks + 1))
grep -q "Computing  *2│" "$TMP/screen" || fail "the Computing row counts its two unread: $(cat "$TMP/screen")"
# The query rows come right under All articles, before the tags and
# their feeds (the computing tag holds tech).
all_at=$(grep -n "All articles" "$TMP/screen" | head -n 1 | cut -d: -f1)
q1_at=$(grep -n "Computing  " "$TMP/screen" | head -n 1 | cut -d: -f1)
q2_at=$(grep -n "By Bob  " "$TMP/screen" | head -n 1 | cut -d: -f1)
tag_at=$(grep -n "computing  " "$TMP/screen" | head -n 1 | cut -d: -f1)
checks=$((checks + 1))
[ -n "$all_at" ] && [ -n "$q1_at" ] && [ -n "$q2_at" ] && [ -n "$tag_at" ] &&
    [ "$q1_at" -eq $((all_at + 1)) ] && [ "$q2_at" -eq $((all_at + 2)) ] && [ "$tag_at" -gt "$q2_at" ] ||
    fail "the query rows right under All articles, the tag after them: $(cat "$TMP/screen")"
# A query with tags is listed under them, as a feed; the tag counts its
# feeds' unread (tech's two), not the query's again.
fresh_at=$(grep -n "Fresh  " "$TMP/screen" | head -n 1 | cut -d: -f1)
checks=$((checks + 1))
[ -n "$fresh_at" ] && [ "$fresh_at" -gt "$tag_at" ] ||
    fail "the tagged query under its tag: $(cat "$TMP/screen")"
checks=$((checks + 1))
grep -q "computing  *2│" "$TMP/screen" || fail "the tag counts its feeds' unread only: $(cat "$TMP/screen")"
# Focus goes list, reader, sources pane.
keys Tab Tab
keys / 'Computing' Enter
keys Enter
wait_for "Computing: 2 unread" "the query row chosen"
on_screen "Rust release" "the query lists its articles"
on_screen "Kernel news" "both of tech's unread"
not_on_screen "Elections today" "not world's"
# Reading one takes it out of the query's unread count (and the list:
# the query asks for unread ones, at the next reading of the store).
keys m
wait_for "Computing                    1│" "the row's count follows a mark"
keys m
wait_for "Computing                    2│" "and back"

# ---- point 5: D deletes an article for good ----
keys Tab Tab g Enter
wait_for "Elections today" "all articles again"
keys / Elections Enter
keys D
wait_for "Delete this article for good? (yes/no)" "D asks first"
keys n Enter
wait_for "Not deleted." "no keeps it"
on_screen "Elections today" "still there"
keys D
wait_for "Delete this article for good?" "D asks again"
keys yes Enter
wait_for "Article deleted" "yes deletes"
wait_gone "Elections today" "the article is gone"

# ---- point 5: D in the sources pane unsubscribes ----
keys Tab Tab
keys / 'World' Enter
keys D
wait_for "Unsubscribe and forget its articles but the starred? (yes/no)" "D in the sources pane asks"
keys yes Enter
wait_for "Unsubscribed from World" "unsubscribed"
wait_gone "World  " "its row is gone"
keys Q
wait_for "EXIT:0" "quits"

expect_not_in "$conf" "[feed world]" "the section is cut from the file"
expect_in "$conf" "[feed tech]" "the others stay"
expect_in "$conf.bak" "[feed world]" "FILE.bak is the file before"
checks=$((checks + 1))
diff "$conf.bak" "$conf" | grep '^[<>]' | grep -v '^< ' >/dev/null && fail "unsubscribing added text: $(diff "$conf.bak" "$conf")"
run -c "$conf" -d "$db" --dump --fields=id
expect_not_in "$TMP/out" "w1" "the world articles left the database"
# The deleted article stays deleted when the feed sends it again: as it
# was a world one, delete one of tech's now through the same key.
start 120 24 -- -c "$conf" -d "$db"
wait_for "Kernel news" "the list again"
keys / 'Kernel' Enter
keys D
wait_for "Delete this article for good?" "D asks"
keys yes Enter
wait_gone "Kernel news" "deleted"
keys Q
wait_for "EXIT:0" "quits"
run -c "$conf" -d "$db" --update
run -c "$conf" -d "$db" --dump --fields=id
expect_not_in "$TMP/out" "t1" "a deleted article does not come back with the next update"
expect_in "$TMP/out" "t3" "the others are there"

# ---- point 6: a fetch that works clears the failure ----
rss "$TMP/www/later.xml" "Later" "l1|Now it works|eve"
start 120 24 -- -c "$conf" -d "$db"
wait_for "Broken feed" "the failed feed"
keys R
wait_for "Now it works" "R fetches it"
screen
checks=$((checks + 1))
! grep -q "Broken feed.* ! " "$TMP/screen" || fail "the ! is gone after a fetch that works: $(cat "$TMP/screen")"
keys Q
wait_for "EXIT:0" "quits"
start 120 24 -- -c "$conf" -d "$db"
wait_for "Now it works" "after a restart"
keys E
wait_for "No feed failed." "nothing failed any more"
keys Q
wait_for "EXIT:0" "quits"

# ---- point 5: the quick start's samples are not kept ----
rm -rf "$XDG_DATA_HOME"
mkdir -p "$TMP/scratch"
start 120 24 "TMPDIR=$TMP/scratch" --
wait_for "Prishtina marks independence day" "the samples in the interface"
keys Q
wait_for "EXIT:0" "quits"
checks=$((checks + 1))
[ ! -e "$XDG_DATA_HOME/newsreader/newsreader.db" ] || fail "the samples made the user's database"
checks=$((checks + 1))
ls -A "$TMP/scratch" >"$TMP/left"
[ ! -s "$TMP/left" ] || fail "the samples' own database was left behind: $(cat "$TMP/left")"
finish
