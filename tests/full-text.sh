#!/bin/sh
# Full text for feeds over the network, against tests/httpd.py started here
# on 127.0.0.1: a feed whose items carry only a summary and a link, with
# full_text = yes, gets reader mode's article of each linked page stored as
# the article's content in the same --update (the summary kept beside it);
# a page that cannot be fetched is a warning, and its article keeps its
# summary; a feed without full_text fetches no page.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

. "$top_srcdir/tests/httpd.sh"
base=$HTTPD_BASE

cp "$top_srcdir/tests/extract/news-teasers.html" "$TMP/www/storm.html"
cp "$top_srcdir/tests/extract/wordpress.html" "$TMP/www/seeds.html"
cat >"$TMP/www/feed.xml" <<FEED
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Summaries</title><link>$base/</link>
<item><guid>storm</guid><title>Storm keeps fleet in harbour</title><link>$base/files/storm.html</link>
<description>Boats stay in for a third day.</description></item>
<item><guid>seeds</guid><title>Saving tomato seeds</title><link>$base/files/seeds.html</link>
<description>A jar, a week and a strong stomach.</description></item>
<item><guid>gone</guid><title>A page that is gone</title><link>$base/files/no-such-page.html</link>
<description>Only this summary.</description></item>
</channel></rss>
FEED
cp "$TMP/www/feed.xml" "$TMP/www/plain.xml"

db=$TMP/news.db
conf=$TMP/config.ini
cat >"$conf" <<CONF
[general]
timeout = 5

[feed summaries]
url = $base/files/feed.xml
title = summaries
full_text = yes

[feed plain]
url = $base/files/plain.xml
title = plain
CONF

run -c "$conf" -d "$db" --update
expect_status 0 "--update with full_text (a page gone is a warning, not a failure)"
expect_in "$TMP/out" "Storm keeps fleet in harbour: full text read" "the summary line of a page"
expect_in "$TMP/err" "no-such-page.html: warning: full text: HTTP 404" "the page gone: a warning naming it"

run -d "$db" --dump --fields=source,title,content,summary
grep '^summaries	Storm' "$TMP/out" >"$TMP/storm"
expect_in "$TMP/storm" "Fishing boats stayed in harbour for a third day" "the story's text is the content"
expect_in "$TMP/storm" "Boats stay in for a third day." "the feed's summary is kept"
checks=$((checks + 1))
! grep -q "Most read\|Send us your story\|Council votes" "$TMP/storm" || fail "the page's chrome came with the full text"
grep '^summaries	Saving' "$TMP/out" >"$TMP/seeds"
expect_in "$TMP/seeds" "Every autumn I keep seeds" "the second page's text"
grep '^summaries	A page' "$TMP/out" >"$TMP/gone"
checks=$((checks + 1))
[ "$(cut -f3 "$TMP/gone")" = "" ] || fail "the gone page's article got a content: $(cat "$TMP/gone")"
grep '^plain	Storm' "$TMP/out" >"$TMP/plain"
checks=$((checks + 1))
[ "$(cut -f3 "$TMP/plain")" = "" ] || fail "a feed without full_text got a page's text"
checks=$((checks + 1))
[ "$(awk '$4 == "/files/storm.html"' "$TMP/httpd.log" | wc -l)" = 1 ] || fail "storm.html fetched other than once: $(cat "$TMP/httpd.log")"

# A second update that brings nothing new fetches no page again.
run -c "$conf" -d "$db" --update
expect_status 0 "the second --update"
checks=$((checks + 1))
[ "$(awk '$4 == "/files/storm.html"' "$TMP/httpd.log" | wc -l)" = 1 ] || fail "an unchanged feed's pages were fetched again"
run -d "$db" --dump --fields=source,title,content
grep '^summaries	Storm' "$TMP/out" >"$TMP/storm2"
expect_in "$TMP/storm2" "Fishing boats stayed in harbour for a third day" "the full text stays through an update"

# A bad value is an error naming the line.
printf '[feed x]\nurl = %s/files/feed.xml\nfull_text = sometimes\n' "$base" >"$TMP/bad.ini"
run -c "$TMP/bad.ini" -d "$db" --update
expect_status 2 "full_text = sometimes"
expect_in "$TMP/err" "bad value for full_text: 'sometimes' (expected yes or no)" "the message"
expect_in "$TMP/err" ":3:" "the line"
finish
