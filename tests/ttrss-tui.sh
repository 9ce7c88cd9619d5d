#!/bin/sh
# Sync in the interface against the real tt-rss (tests/ttrss-server.sh):
# the server's articles come at start while the screen answers, with the
# round's progress; a mark made with a key reaches the server on its own;
# a failed sync says why in E; R syncs again and brings a read made
# elsewhere.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
. "$top_srcdir/tests/httpd.sh"
. "$top_srcdir/tests/ttrss-server.sh"

feed() {
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import httpd
open(sys.argv[2], "wb").write(httpd.feed_body(int(sys.argv[4]), int(sys.argv[3])))' \
		"$top_srcdir/tests" "$TMP/www/f$1.xml" "$1" "$2"
}
server_state() {
	ttrss_sql "SELECT ue.unread, ue.marked FROM ttrss_user_entries ue JOIN ttrss_entries e
		ON e.id = ue.ref_id WHERE e.link = 'http://feed$1.example.invalid/item/$2'" | tr '|' ' '
}
our_state() {
	"$NEWSREADER" -d "$TMP/db" --dump --fields=link,read,starred | awk -F '\t' \
		-v l="http://feed$1.example.invalid/item/$2" '$1 == l { print $2, $3 }'
}
# wait_server N I STATE WHAT: poll the server until the article has STATE.
wait_server() {
	checks=$((checks + 1))
	i=0
	while [ "$i" -lt $((TIMEOUT * 10)) ]; do
		[ "$(server_state "$1" "$2")" = "$3" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "$4: the server has '$(server_state "$1" "$2")', expected '$3'"
}

feed 1 3
feed 2 3
ttrss_subscribe "$TTRSS_FEEDS/f1.xml" News
ttrss_subscribe "$TTRSS_FEEDS/f2.xml"
ttrss_update

cat >"$TMP/config.ini" <<EOF
[general]
timeout = 3s
sort = title
[sync]
service = ttrss
url = $TTRSS_URL
username = admin
password_command = printf 'password\n'
interval = 0
EOF

start 120 30 -- -c "$TMP/config.ini" -d "$TMP/db"
# The database is empty: the sync at start brings the articles.
wait_for "Item 1 of feed 1" "the server's articles arrive at start"
wait_for "Item 3 of feed 2" "all of them"
# The first article (sorted by title: item 1 of feed 1), marked read and
# starred with keys, reaches the server by itself.
keys m s
wait_server 1 1 "f t" "marks made with keys go to the server"
# Read elsewhere, then R: it is read here too.
ttrss_sql "UPDATE ttrss_user_entries SET unread = false WHERE ref_id =
	(SELECT id FROM ttrss_entries WHERE link = 'http://feed2.example.invalid/item/2')" >/dev/null
keys R
checks=$((checks + 1))
i=0
while [ "$i" -lt $((TIMEOUT * 10)) ] && [ "$(our_state 2 2)" != "1 0" ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(our_state 2 2)" = "1 0" ] || fail "R brings a read made elsewhere: '$(our_state 2 2)'"
# The server down: R fails, and E says why in words.
ttrss_stop
keys R
wait_for "E shows why" "a failed sync is announced"
keys E
wait_for "the server did not answer" "E shows the sync's failure in words"
keys q
ttrss_start
keys Q
wait_for "EXIT:0" "quit"

finish
