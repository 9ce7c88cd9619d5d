#!/bin/sh
# Sync with a real Tiny Tiny RSS (tests/ttrss-server.sh): the server's
# subscriptions, categories, articles and marks, both ways; marks queued
# while the server is down; a wrong password, the API turned off, a server
# that stalls.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/httpd.sh"
. "$top_srcdir/tests/ttrss-server.sh"

# api JSON: one request to tt-rss's API, the answer on stdout.
api() {
	python3 -c 'import sys, urllib.request
r = urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/api/", sys.argv[2].encode()), timeout=30)
sys.stdout.write(r.read().decode())' "$TTRSS_URL" "$1"
}

# feed N ITEMS: the feed file fN.xml with ITEMS items (a larger number adds
# items on top), as tests/httpd.py makes them.
feed() {
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import httpd
open(sys.argv[2], "wb").write(httpd.feed_body(int(sys.argv[4]), int(sys.argv[3])))' \
		"$top_srcdir/tests" "$TMP/www/f$1.xml" "$1" "$2"
}

# The server's state of the article whose link ends in /item/I of feed N:
# "unread marked", as t/f.
server_state() {
	ttrss_sql "SELECT ue.unread, ue.marked FROM ttrss_user_entries ue JOIN ttrss_entries e
		ON e.id = ue.ref_id WHERE e.link = 'http://feed$1.example.invalid/item/$2'" | tr '|' ' '
}
server_set() {
	ttrss_sql "UPDATE ttrss_user_entries SET $3 WHERE ref_id =
		(SELECT id FROM ttrss_entries WHERE link = 'http://feed$1.example.invalid/item/$2')"
}
# Our id of that article.
our_id() {
	"$NEWSREADER" --dump --fields=link,id | awk -F '\t' -v l="http://feed$1.example.invalid/item/$2" \
		'$1 == l { print $2 }'
}
# Our state of it: "read starred", 0/1.
our_state() {
	"$NEWSREADER" --dump --fields=link,read,starred | awk -F '\t' \
		-v l="http://feed$1.example.invalid/item/$2" '$1 == l { print $2, $3 }'
}
expect_eq() {
	checks=$((checks + 1))
	[ "$1" = "$2" ] || fail "$3: '$1', expected '$2'"
}

# The server itself: the schema's user logs in through the API.
api '{"op":"login","user":"admin","password":"password"}' >"$TMP/login"
expect_in "$TMP/login" '"status":0' "the server's own login"
expect_in "$TMP/login" '"api_level":15' "the server's API level"

# Three subscriptions, two in a category, five articles each; on the
# server, before the first sync, one article read and one starred.
for n in 1 2 3; do
	feed $n 5
done
ttrss_subscribe "$TTRSS_FEEDS/f1.xml" News
ttrss_subscribe "$TTRSS_FEEDS/f2.xml" News
ttrss_subscribe "$TTRSS_FEEDS/f3.xml"
ttrss_update
server_set 1 5 "unread = false"
server_set 2 4 "marked = true"

mkdir -p "$XDG_CONFIG_HOME/newsreader"
config() {
	cat >"$XDG_CONFIG_HOME/newsreader/config.ini" <<EOF
[general]
timeout = 3s
connect_timeout = 3s
[sync]
service = ttrss
url = $TTRSS_URL
username = admin
password_command = ${1:-printf 'password\n'}
EOF
}
config

# First sync: every article, the server's state, categories as tags.
: >"$TTRSS_LOG"
run --update
expect_status 0 "first sync"
expect_in "$TMP/out" "sync: logged in to $TTRSS_URL as admin" "first sync: the login's line"
expect_in "$TMP/out" "sync: 3 subscriptions" "first sync: the subscriptions' line"
expect_in "$TMP/out" "sync: 15 new articles" "first sync: the articles' line"
"$NEWSREADER" --dump --fields=source,id >"$TMP/dump"
expect_lines "$TMP/dump" 15 "first sync: the articles stored"
expect_in "$TMP/dump" "Test feed 2	ttrss:" "first sync: the subscription's title and the server's ids"
expect_eq "$(our_state 1 5)" "1 0" "first sync: read on the server"
expect_eq "$(our_state 2 4)" "0 1" "first sync: starred on the server"
expect_eq "$(our_state 3 3)" "0 0" "first sync: unread on the server"
"$NEWSREADER" --dump --fields=link,categories | grep 'feed1.example' >"$TMP/cats"
expect_in "$TMP/cats" "News" "first sync: the category as a tag"
expect_not_in "$TMP/out" "password" "first sync: no password in the output"

# Incremental: three new articles on the server; only they come, by id.
feed 1 8
ttrss_update_expect "$TMP/www/f1.xml" 8
: >"$TTRSS_LOG"
run --update
expect_status 0 "incremental sync"
expect_in "$TMP/out" "sync: 3 new articles" "incremental sync: the new ones only"
expect_lines "$TTRSS_LOG" 5 "incremental sync: requests (login, categories, feeds, new, starred)"
"$NEWSREADER" --dump --fields=id >"$TMP/dump"
expect_lines "$TMP/dump" 18 "incremental sync: the articles stored"

# Nothing new: the same requests, nothing stored.
: >"$TTRSS_LOG"
run --update
expect_status 0 "sync with nothing new"
expect_in "$TMP/out" "sync: 0 new articles" "sync with nothing new"
expect_lines "$TTRSS_LOG" 5 "sync with nothing new: requests"

# Marks here go to the server: written at once, sent by the next sync in
# one request per kind.
"$NEWSREADER" --mark-read "$(our_id 3 1)" "$(our_id 3 2)" "$(our_id 3 3)" >/dev/null 2>&1
"$NEWSREADER" --star "$(our_id 3 4)" >/dev/null 2>&1
# The later change wins: read, then unread again, sends unread.
"$NEWSREADER" --mark-read "$(our_id 1 8)" >/dev/null 2>&1
"$NEWSREADER" --mark-unread "$(our_id 1 8)" >/dev/null 2>&1
expect_eq "$(our_state 3 1)" "1 0" "a mark is written at once"
: >"$TTRSS_LOG"
run --update
expect_status 0 "sync with marks"
expect_in "$TMP/out" "sync: 5 marks sent" "sync with marks: the marks' line"
expect_eq "$(grep -c '^updateArticle ' "$TTRSS_LOG")" 3 "sync with marks: one request per kind"
expect_eq "$(server_state 3 1)" "f f" "a read mark on the server"
expect_eq "$(server_state 3 3)" "f f" "another read mark on the server"
expect_eq "$(server_state 3 4)" "t t" "a star on the server"
expect_eq "$(server_state 1 8)" "t f" "the later of two marks on the server"
: >"$TTRSS_LOG"
run --update
expect_not_in "$TMP/out" "marks sent" "marks are sent once"
expect_eq "$(grep -c '^updateArticle ' "$TTRSS_LOG")" 0 "marks are sent once: no request"

# Marks made elsewhere (the phone) come back.
server_set 2 1 "unread = false"
server_set 2 2 "marked = true"
server_set 2 4 "marked = false"
run --update
expect_status 0 "sync of marks made elsewhere"
expect_eq "$(our_state 2 1)" "1 0" "read elsewhere"
expect_eq "$(our_state 2 2)" "0 1" "starred elsewhere"
expect_eq "$(our_state 2 4)" "0 0" "unstarred elsewhere"

# The server down: marks stay queued, the sync fails in words, and the
# marks go when it is back; a mark queued then wins over the server's
# older state.
ttrss_stop
"$NEWSREADER" --mark-unread "$(our_id 3 1)" >/dev/null 2>&1
"$NEWSREADER" --unstar "$(our_id 3 4)" >/dev/null 2>&1
run --update
expect_status 1 "sync with the server down"
expect_in "$TMP/err" "sync" "the server down: named"
expect_in "$TMP/err" "the server did not answer" "the server down: in words"
expect_eq "$(our_state 3 1)" "0 0" "the server down: the mark is kept here"
ttrss_start
run --update
expect_status 0 "sync once the server is back"
expect_in "$TMP/out" "sync: 2 marks sent" "the queued marks are sent when the server is back"
expect_eq "$(server_state 3 1)" "t f" "a queued unread mark on the server"
expect_eq "$(server_state 3 4)" "t f" "a queued unstar on the server"
expect_eq "$(our_state 3 1)" "0 0" "the queued mark stays"

# A wrong password: refused in words, the password nowhere.
config "printf 'Wr0ngPassw0rd\n'"
run --update
expect_status 1 "a wrong password"
expect_in "$TMP/err" "login refused: wrong user name or password" "a wrong password: in words"
expect_not_in "$TMP/err" "Wr0ngPassw0rd" "a wrong password: not in the error"
expect_not_in "$TMP/out" "Wr0ngPassw0rd" "a wrong password: not in the output"
checks=$((checks + 1))
! grep -rqa "Wr0ngPassw0rd" "$XDG_DATA_HOME" || fail "a wrong password: written to the database"

# A password_command that fails.
config "echo 'gpg: decryption failed' >&2 && exit 2"
run --update
expect_status 1 "a failing password_command"
expect_in "$TMP/err" "password_command failed (exit status 2): gpg: decryption failed" \
	"a failing password_command: in words"

# The API turned off for the user.
config
ttrss_api_enable false
run --update
expect_status 1 "the API turned off"
expect_in "$TMP/err" "API access turned off" "the API turned off: in words"
ttrss_api_enable true

# A server that stalls: the time-out, in words, and the marks kept.
"$NEWSREADER" --star "$(our_id 1 1)" >/dev/null 2>&1
ttrss_pause
start=$(date +%s)
run --update
end=$(date +%s)
ttrss_resume
expect_status 1 "a stalling server"
expect_in "$TMP/err" "timed out" "a stalling server: in words"
checks=$((checks + 1))
[ $((end - start)) -lt 60 ] || fail "a stalling server: --update took $((end - start)) s"
run --update
expect_status 0 "sync after the stall"
expect_in "$TMP/out" "sync: 1 mark sent" "the mark queued during the stall is sent"
expect_eq "$(server_state 1 1)" "t t" "the mark queued during the stall on the server"

# --add and --remove subscribe and unsubscribe on the server; the
# configuration file is not touched.
feed 4 2
cp "$XDG_CONFIG_HOME/newsreader/config.ini" "$TMP/config.before"
run --add "$TTRSS_FEEDS/f4.xml"
expect_status 0 "--add with [sync]"
expect_in "$TMP/out" "sync: subscribed to $TTRSS_FEEDS/f4.xml" "--add with [sync]: the line"
expect_in "$TMP/out" "sync: 4 subscriptions" "--add with [sync]: then a round"
checks=$((checks + 1))
cmp -s "$TMP/config.before" "$XDG_CONFIG_HOME/newsreader/config.ini" ||
	fail "--add with [sync]: the configuration file changed"
expect_eq "$(ttrss_sql "SELECT count(*) FROM ttrss_feeds WHERE feed_url = '$TTRSS_FEEDS/f4.xml'")" 1 \
	"--add with [sync]: subscribed on the server"
ttrss_update_expect "$TMP/www/f4.xml" 2
run --update
expect_in "$TMP/out" "sync: 2 new articles" "the new subscription's articles"
run --remove "$TTRSS_FEEDS/f4.xml"
expect_status 0 "--remove with [sync]"
expect_in "$TMP/out" "sync: unsubscribed from $TTRSS_FEEDS/f4.xml" "--remove with [sync]: the line"
expect_in "$TMP/out" "sync: 3 subscriptions" "--remove with [sync]: then a round"
expect_eq "$(ttrss_sql "SELECT count(*) FROM ttrss_feeds WHERE feed_url = '$TTRSS_FEEDS/f4.xml'")" 0 \
	"--remove with [sync]: unsubscribed on the server"
run --remove "$TTRSS_FEEDS/f9.xml"
expect_status 1 "--remove of a URL not subscribed"
expect_in "$TMP/err" "the server has no subscription to $TTRSS_FEEDS/f9.xml" "--remove of a URL not subscribed: in words"
printf "[general]\n" >"$TMP/nosync.ini"
# Without [sync], --remove unsubscribes in the configuration file
# (issue 14): a URL it does not have is an error naming it.
run -c "$TMP/nosync.ini" --remove "$TTRSS_FEEDS/f4.xml"
expect_status 1 "--remove without [sync]"
expect_in "$TMP/err" "no subscription named or at" "--remove without [sync]: the file has no such subscription"

# Unknown service, and a [sync] without its url.
cat >"$TMP/bad.ini" <<EOF
[sync]
service = newsblur
url = $TTRSS_URL
username = admin
EOF
run -c "$TMP/bad.ini" --update
expect_status 2 "an unknown service"
expect_in "$TMP/err" "unknown sync service: 'newsblur'" "an unknown service: in words"
printf '[sync]\nservice = ttrss\nusername = admin\n' >"$TMP/bad.ini"
run -c "$TMP/bad.ini" --update
expect_status 2 "[sync] without url"
expect_in "$TMP/err" "[sync] needs service, url and username: 'url'" "[sync] without url: in words"

finish
