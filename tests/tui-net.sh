#!/bin/sh
# Feeds fetched while the interface runs, against tests/httpd.py on
# 127.0.0.1: the screen answers keys during a slow fetch, progress shows in
# the status line, new articles merge in without taking the reader away,
# a failed feed is marked in the sources pane and E says why, and r / R
# fetch again.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

. "$top_srcdir/tests/httpd.sh"
base=$HTTPD_BASE

mkdir -p "$XDG_CONFIG_HOME"
cat >"$TMP/config.ini" <<EOS
[sources]
local = $top_srcdir/tests/data/feeds/rss2.xml

[feed slow]
url = $base/slow?delay=6
title = Slow feed

[feed quick]
url = $base/feed?items=3&seed=7&title=Quick&delay=1
title = Quick feed
reload = 3s

[feed broken]
url = $base/status/404
title = Broken feed

[feed nameless]
url = $base/status/500
EOS

start 120 30 -- -c "$TMP/config.ini" -d "$TMP/db"
# The stored articles are there at once, while the feeds are fetched.
wait_for "fetching" "progress in the status line"
# Open a local article in the reader before the quick feed arrives.
keys Enter
wait_for "Source: Golden RSS" "the reader opens during the fetch"
# The reader's title is the line above "Source:", right of the sources pane.
screen
title=$(grep -B1 'Source: Golden RSS' "$TMP/screen" | head -1 | sed 's/.*│//; s/ *$//')
checks=$((checks + 1))
[ -n "$title" ] || fail "no title above Source: in the reader"
# The quick feed arrives; the reader keeps its article.
wait_for "Quick feed" "the quick feed's articles arrive"
checks=$((checks + 1))
screen
grep -B1 'Source: Golden RSS' "$TMP/screen" | head -1 | grep -qF -- "$title" ||
	fail "the reader changed article when new ones arrived: $(cat "$TMP/screen")"
# The slow feed is still being fetched, and keys answer: help opens and closes.
keys q H
wait_for "Keys in the article list" "help opens during a slow fetch"
checks=$((checks + 1))
if grep -q ' /slow' "$TMP/httpd.log"; then
	fail "the slow answer was already complete: the test proved nothing"
fi
keys q
wait_gone "Keys in the article list" "help closes"
wait_for "E shows why" "the end of the update says a feed failed"
wait_gone "fetching" "progress gone when done"
# The quick feed's articles are listed.
keys f
wait_for "Quick feed" "the new feed is in the sources pane"
wait_for "! 0" "a failed feed is marked"
checks=$((checks + 1))
grep -q 'Broken feed  *! 0' "$TMP/screen" || fail "the mark is not on the broken feed: $(cat "$TMP/screen")"
# A feed never fetched, with no title configured, is listed by its name.
wait_for "nameless" "a feed without a title is listed by its section's name"
keys E
wait_for "HTTP 404" "E shows the failure in words"
wait_for "HTTP 500" "E shows every failure"
wait_for "Broken feed: HTTP 404" "E names a feed by its title"
wait_for "nameless: HTTP 500" "and one without a title by its section's name"
keys q
# R fetches again: the broken feed is asked for once more.
n1=$(grep -c '/status/404' "$TMP/httpd.log")
keys R
wait_for "fetching" "R starts an update"
wait_gone "fetching" "and it ends"
n2=$(grep -c '/status/404' "$TMP/httpd.log")
checks=$((checks + 1))
[ "$n2" -gt "$n1" ] || fail "R did not fetch the broken feed again ($n1, $n2)"
# The quick feed's reload interval (3 s) fetches it again by itself,
# with no key pressed.
q1=$(grep -c ' /feed?items=3' "$TMP/httpd.log")
i=0
while [ "$(grep -c ' /feed?items=3' "$TMP/httpd.log")" -le "$q1" ] && [ "$i" -lt $((TIMEOUT * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
checks=$((checks + 1))
[ "$(grep -c ' /feed?items=3' "$TMP/httpd.log")" -gt "$q1" ] || fail "the reload interval did not fetch the feed again"
keys Q
wait_for "EXIT:0" "quits cleanly"
finish
