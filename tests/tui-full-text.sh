#!/bin/sh
# Full text in the interface, against tests/httpd.py on 127.0.0.1: in the
# reader, F fetches the article's web page through the feeds' fetcher while
# keys still answer, and reader mode's article replaces the feed's summary;
# T shows the feed's own text and the full text again; the full text is
# stored, there the next time without the network.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

. "$top_srcdir/tests/httpd.sh"
base=$HTTPD_BASE

cp "$top_srcdir/tests/extract/news-teasers.html" "$TMP/www/storm.html"
cat >"$TMP/www/feed.xml" <<FEED
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Summaries</title><link>$base/</link>
<item><guid>storm</guid><title>Storm keeps fleet in harbour</title><link>$base/files/storm.html</link>
<description>Boats stay in for a third day.</description></item>
</channel></rss>
FEED
mkdir -p "$XDG_CONFIG_HOME"
cat >"$TMP/config.ini" <<CONF
[feed summaries]
url = $base/files/feed.xml
title = Summaries
CONF

start 100 30 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "Storm keeps fleet" "the feed's article is listed"
keys Enter
wait_for "Boats stay in for a third day" "the reader shows the summary"
keys F
wait_for "Fishing boats stayed in harbour" "F: the full text replaces the summary"
not_on_screen "Boats stay in for a third day" "the summary is gone from the reader"
not_on_screen "Most read" "no chrome of the page"
keys T
wait_for "Boats stay in for a third day" "T: the feed's own text"
keys T
wait_for "Fishing boats stayed in harbour" "T again: the full text"
checks=$((checks + 1))
[ "$(awk '$4 == "/files/storm.html"' "$TMP/httpd.log" | wc -l)" = 1 ] || fail "the page was fetched other than once"
keys Q
wait_for "EXIT:0" "quits cleanly"

# A local page in which no article stands out: the reader shows all of
# it, and the status line says so when it is opened.
printf '<html><body><div>one line</div><div>another line</div></body></html>' >"$TMP/bare.html"
start 100 30 -- -d "$TMP/db2" "$TMP/bare.html"
wait_for "one line" "the bare page is listed or shown"
keys Enter
wait_for "no article stands out" "the status line says reader mode found no article"
keys Q
wait_for "EXIT:0" "quits cleanly"

# Stored: the next time, with the server gone, the full text is there.
kill "$httpd" 2>/dev/null
wait "$httpd" 2>/dev/null
run -d "$TMP/db" --dump --fields=title,content
expect_in "$TMP/out" "Fishing boats stayed in harbour" "the full text is in the database"
finish
