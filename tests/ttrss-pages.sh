#!/bin/sh
# Sync with a real Tiny Tiny RSS (tests/ttrss-server.sh) when much is new:
# the articles come a subscription at a time when that costs the server
# less (a first sync of many articles), or in pages of all subscriptions
# (fewer), and either way the database holds exactly the server's
# articles, with their subscriptions, tags, ids and read and starred state.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/httpd.sh"
. "$top_srcdir/tests/ttrss-server.sh"

# feed N ITEMS: the feed file fN.xml with ITEMS items (a larger number adds
# items on top), as tests/httpd.py makes them.
feed() {
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import httpd
open(sys.argv[2], "wb").write(httpd.feed_body(int(sys.argv[4]), int(sys.argv[3])))' \
		"$top_srcdir/tests" "$TMP/www/f$1.xml" "$1" "$2"
}
expect_eq() {
	checks=$((checks + 1))
	[ "$1" = "$2" ] || fail "$3: '$1', expected '$2'"
}
# The server's articles and ours, one line each by id: "id, subscription,
# link, read, starred, tag".
server_articles() {
	ttrss_sql "SELECT 'ttrss:' || e.id, f.title, e.link, CASE WHEN ue.unread THEN 0 ELSE 1 END,
		CASE WHEN ue.marked THEN 1 ELSE 0 END, coalesce(c.title, '')
		FROM ttrss_user_entries ue JOIN ttrss_entries e ON e.id = ue.ref_id
		JOIN ttrss_feeds f ON f.id = ue.feed_id LEFT JOIN ttrss_feed_categories c ON c.id = f.cat_id
		WHERE ue.owner_uid = 1" | tr '|' '\t' | sort
}
our_articles() {
	"$NEWSREADER" --dump --fields=id,source,link,read,starred,categories | sort
}
# same WHAT: the database holds exactly the server's articles.
same() {
	server_articles >"$TMP/server"
	our_articles >"$TMP/ours"
	checks=$((checks + 1))
	cmp -s "$TMP/server" "$TMP/ours" ||
		fail "$1: the database differs from the server: $(diff "$TMP/server" "$TMP/ours" | head -5)"
}
# pages FEED: the getHeadlines requests for FEED (-4: all subscriptions).
pages() {
	grep -c "^getHeadlines [0-9.]* $1\$" "$TTRSS_LOG"
}

# Three subscriptions of 450, 450 and 400 articles, two in a category;
# on the server, before the first sync, some read and some starred.
feed 1 450
feed 2 450
feed 3 400
ttrss_subscribe "$TTRSS_FEEDS/f1.xml" News
ttrss_subscribe "$TTRSS_FEEDS/f2.xml" News
ttrss_subscribe "$TTRSS_FEEDS/f3.xml"
ttrss_update
ttrss_sql "UPDATE ttrss_user_entries SET unread = false WHERE ref_id % 7 = 0;
	UPDATE ttrss_user_entries SET marked = true WHERE ref_id % 11 = 0" >/dev/null
expect_eq "$(ttrss_sql "SELECT count(*) FROM ttrss_user_entries")" 1300 "the server's articles"

mkdir -p "$XDG_CONFIG_HOME/newsreader"
cat >"$XDG_CONFIG_HOME/newsreader/config.ini" <<EOF
[sync]
service = ttrss
url = $TTRSS_URL
username = admin
password_command = printf 'password\n'
EOF

# First sync: 1,300 articles in three subscriptions cost tt-rss less asked
# a subscription at a time: after a first page of all of them and pages
# above the highest id had until one is short, each subscription's pages
# (200 a page: 3, 3 and 3, the last of f3 empty).
: >"$TTRSS_LOG"
run --update
expect_status 0 "first sync"
expect_in "$TMP/out" "sync: 1300 new articles" "first sync: the articles' line"
same "first sync"
expect_eq "$(pages 1)" 3 "first sync: the pages of the first subscription"
expect_eq "$(pages 3)" 3 "first sync: the pages of the third subscription"
checks=$((checks + 1))
[ "$(pages -4)" -ge 2 ] || fail "first sync: $(pages -4) pages of all subscriptions, expected the first and a probe"

# Nothing new: the highest id on the server was taken as the last id, so
# nothing comes again (login, categories, subscriptions, one page, starred).
: >"$TTRSS_LOG"
run --update
expect_status 0 "sync with nothing new"
expect_in "$TMP/out" "sync: 0 new articles" "sync with nothing new"
expect_lines "$TTRSS_LOG" 5 "sync with nothing new: requests"

# 250 new in one subscription: too few for a subscription at a time, so
# pages of all subscriptions (the first, a probe above the highest id
# had, the rest after the first page).
feed 1 700
ttrss_update_expect "$TMP/www/f1.xml" 700
ttrss_sql "UPDATE ttrss_user_entries SET marked = true WHERE ref_id = (SELECT max(ref_id) FROM ttrss_user_entries)" \
	>/dev/null
: >"$TTRSS_LOG"
run --update
expect_status 0 "sync of 250 new articles"
expect_in "$TMP/out" "sync: 250 new articles" "sync of 250 new articles: the articles' line"
same "sync of 250 new articles"
expect_eq "$(pages 1)" 0 "sync of 250 new articles: no subscription's own pages"
expect_eq "$(pages -4)" 3 "sync of 250 new articles: pages of all subscriptions"

: >"$TTRSS_LOG"
run --update
expect_in "$TMP/out" "sync: 0 new articles" "then nothing new"
expect_lines "$TTRSS_LOG" 5 "then nothing new: requests"

# A second device: into an empty database, the same articles again.
run -d "$TMP/second.db" --update
expect_status 0 "a second database"
"$NEWSREADER" -d "$TMP/second.db" --dump --fields=id,source,link,read,starred,categories | sort >"$TMP/second"
checks=$((checks + 1))
cmp -s "$TMP/ours" "$TMP/second" ||
	fail "a second database: differs from the first: $(diff "$TMP/ours" "$TMP/second" | head -5)"

finish
