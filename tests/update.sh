#!/bin/sh
# newsreader --update over the network, against tests/httpd.py started here
# on 127.0.0.1: a line per feed, 304s that change nothing, new articles
# counted, failures that keep every stored article, its state and the
# feed's validators (checked in the SQLite file), feeds fetched in
# parallel, a password_command, a permanent redirect remembered, and URLs
# on the command line read once (--dump URL writes no database).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

. "$top_srcdir/tests/httpd.sh"
base=$HTTPD_BASE

# An RSS feed of items FROM..TO (newest first) into the server's folder.
rss() {
	{
		echo '<?xml version="1.0"?>'
		echo '<rss version="2.0"><channel><title>Kosovo feed</title><link>http://example.org/</link>'
		n=$3
		while [ "$n" -ge "$2" ]; do
			echo "<item><guid>k-$n</guid><title>Story $n</title><description>text $n</description></item>"
			n=$((n - 1))
		done
		echo '</channel></rss>'
	} >"$TMP/www/$1.tmp"
	mv "$TMP/www/$1.tmp" "$TMP/www/$1"
}

# sql DB QUERY: rows as text, columns separated by |.
sql() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
c.commit()
PY
}

# Requests the server has logged for exactly TARGET, and with STATUS.
requests() {
	sleep 0.2
	awk -v t="$1" '$4 == t' "$TMP/httpd.log" | wc -l
}
requests_status() {
	sleep 0.2
	awk -v t="$1" -v s="$2" '$4 == t && $5 == s' "$TMP/httpd.log" | wc -l
}

db=$TMP/news.db
conf=$TMP/config.ini
rss kosovo.xml 1 3
cat >"$conf" <<EOF
[general]
timeout = 3
max_size = 1M

[feed kosovo]
url = $base/files/kosovo.xml
title = Kosovo News

[feed bbc]
url = $base/feed?items=5&seed=2&etag=1
EOF

# ---- the first update: every feed stored ----
run -c "$conf" -d "$db" --update
expect_status 0 "first update"
expect_in "$TMP/out" "kosovo: 3 articles, 3 new, 0 updated" "first update: kosovo"
expect_in "$TMP/out" "bbc: 5 articles, 5 new, 0 updated" "first update: bbc"
expect_lines "$TMP/out" 2 "first update: a line per feed"
checks=$((checks + 1))
[ ! -s "$TMP/err" ] || fail "first update: no progress or messages on stderr when not a terminal: $(cat "$TMP/err")"
run -c "$conf" -d "$db" --dump --fields=source,id
expect_status 0 "dump after update"
expect_lines "$TMP/out" 8 "dump after update: 8 articles"
expect_in "$TMP/out" "Kosovo News	k-3" "the configured title names the feed"
checks=$((checks + 1))
[ "$(sql "$db" "SELECT count(*) FROM feeds WHERE etag IS NOT NULL")" = 2 ] ||
    fail "validators of both feeds stored"

# The state the user gives, which nothing below may change.
run -c "$conf" -d "$db" --mark-read k-2
expect_status 0 "mark read"
run -c "$conf" -d "$db" --star k-1
expect_status 0 "star"

snapshot() {
	sql "$db" "SELECT f.location, f.title, f.etag, f.last_modified, a.guid, a.title, a.read, a.starred,
	    a.changed, a.fetched, a.purged, hex(b.packed) FROM articles a JOIN feeds f ON f.id = a.feed
	    LEFT JOIN bodies b ON b.article = a.id ORDER BY a.id"
}
snapshot >"$TMP/before"

# ---- nothing changed: 304s, nothing written but the fetch times ----
run -c "$conf" -d "$db" --update
expect_status 0 "second update"
expect_in "$TMP/out" "kosovo: not modified" "second update: kosovo"
expect_in "$TMP/out" "bbc: not modified" "second update: bbc"
checks=$((checks + 1))
[ "$(requests_status '/feed?items=5&seed=2&etag=1' 304)" -eq 1 ] || fail "bbc: the server answered 304"
checks=$((checks + 1))
[ "$(requests_status /files/kosovo.xml 304)" -eq 1 ] || fail "kosovo: the server answered 304"
snapshot >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || fail "a 304 changed the database: $(diff "$TMP/before" "$TMP/after")"

# The printed list (not a terminal) fetches too: feeds that answer 304 are
# listed from the database, not left out.
run -c "$conf" -d "$db"
expect_status 0 "the printed list after 304s"
expect_in "$TMP/out" "Kosovo News" "the printed list has the not-modified feed's articles"
checks=$((checks + 1))
[ "$(requests_status /files/kosovo.xml 304)" -eq 2 ] || fail "the printed list asked kosovo again with its validators"

# ---- a changed feed: what is new is counted ----
sleep 1
rss kosovo.xml 1 5
run -c "$conf" -d "$db" --update
expect_status 0 "changed feed"
expect_in "$TMP/out" "kosovo: 5 articles, 2 new, 0 updated" "changed feed: two new"
run -c "$conf" -d "$db" --dump --fields=id,read,starred
expect_in "$TMP/out" "k-2	1	0" "changed feed: the read mark stayed"
expect_in "$TMP/out" "k-1	0	1" "changed feed: the star stayed"
snapshot >"$TMP/before"
cp "$TMP/www/kosovo.xml" "$TMP/kosovo.good"

# ---- failures: the feed keeps everything ----
# Each case makes kosovo's URL answer badly, runs --update, and checks the
# exit status, the message, that bbc still updates, and the database.
failure() {
	what=$1
	want=$2
	run -c "$conf" -d "$db" --update
	expect_status 1 "$what: exit status"
	expect_in "$TMP/err" "newsreader: kosovo: $want" "$what: the error in words"
	expect_in "$TMP/out" "bbc: not modified" "$what: the other feed"
	expect_not_in "$TMP/out" "kosovo:" "$what: no summary line for the failed feed"
	snapshot >"$TMP/after"
	checks=$((checks + 1))
	cmp -s "$TMP/before" "$TMP/after" || fail "$what changed the database: $(diff "$TMP/before" "$TMP/after")"
	checks=$((checks + 1))
	[ -n "$(sql "$db" "SELECT fetch_error FROM feeds WHERE location = '$base/files/kosovo.xml'")" ] ||
	    fail "$what: the failure is kept with the feed"
	cp "$TMP/kosovo.good" "$TMP/www/kosovo.xml"
}

rm "$TMP/www/kosovo.xml"
failure "404" "HTTP 404"
printf '<!DOCTYPE html>\n<html><head><title>Oops</title></head><body>Moved</body></html>\n' >"$TMP/www/kosovo.xml"
failure "an HTML page" "not a feed: the answer is an HTML page"
head -c 3000 /dev/urandom >"$TMP/www/kosovo.xml"
failure "garbage" "not a feed"
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Cut</title>\n<item><gu' >"$TMP/www/kosovo.xml"
failure "XML cut off before its first item" "line"
: >"$TMP/www/kosovo.xml"
failure "an empty answer" "not a feed: the answer is empty"

# Answers only a route of the server gives: the feed is sent there as if it
# had moved for good (what a 301 leaves in the database), and back after.
moved() {
	sql "$db" "UPDATE feeds SET fetch_url = '$base$1' WHERE location = '$base/files/kosovo.xml'" >/dev/null
	failure "$1" "$2"
	sql "$db" "UPDATE feeds SET fetch_url = NULL WHERE location = '$base/files/kosovo.xml'" >/dev/null
	snapshot >"$TMP/before"
}
moved /status/500 "HTTP 500"
moved /stall ""
moved /truncated ""
moved "/big?mb=3" "response larger"
moved /loop ""
moved /garbage "not a feed"
# A server that is not there.
sql "$db" "UPDATE feeds SET fetch_url = 'http://127.0.0.1:1/x' WHERE location = '$base/files/kosovo.xml'" >/dev/null
failure "connection refused" ""
sql "$db" "UPDATE feeds SET fetch_url = NULL WHERE location = '$base/files/kosovo.xml'" >/dev/null

# Back to normal: the failure is cleared.
run -c "$conf" -d "$db" --update
expect_status 0 "after the failures"
checks=$((checks + 1))
[ -z "$(sql "$db" "SELECT fetch_error FROM feeds WHERE location = '$base/files/kosovo.xml'")" ] ||
    fail "a successful fetch clears the failure"

# ---- many feeds in parallel ----
pconf=$TMP/parallel.ini
{
	echo "[general]"
	echo "max_connections = 8"
	echo "connections_per_host = 8"
	n=1
	while [ "$n" -le 8 ]; do
		echo "[feed slow$n]"
		echo "url = $base/slow?delay=1&n=$n"
		n=$((n + 1))
	done
} >"$pconf"
start=$(date +%s.%N)
run -c "$pconf" -d "$TMP/parallel.db" --update
end=$(date +%s.%N)
expect_status 0 "parallel update"
expect_lines "$TMP/out" 8 "parallel update: a line per feed"
checks=$((checks + 1))
awk -v s="$start" -v e="$end" 'BEGIN { exit !(e - s < 4) }' ||
    fail "8 feeds of 1 s each took $(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }') s"
# The largest number of requests the server was answering at once.
sleep 0.2
most=$(awk '$4 ~ /^\/slow\?delay=1&n=/ { s[NR] = $1; e[NR] = $2 }
    END { m = 0; for (i in s) { c = 0; for (j in s) if (s[j] <= s[i] && s[i] < e[j]) c++; if (c > m) m = c }
    print m }' "$TMP/httpd.log")
checks=$((checks + 1))
[ "$most" -ge 4 ] || fail "parallel update: at most $most requests at once in the server's log"

# ---- credentials from a password_command ----
aconf=$TMP/auth.ini
cat >"$aconf" <<EOF
[feed locked]
url = $base/auth?user=ana&pass=s%33cret
username = ana
password_command = printf 's3cret\nsecond line\n'
EOF
run -c "$aconf" -d "$TMP/auth.db" --update
expect_status 0 "password_command"
expect_in "$TMP/out" "locked: 2 articles, 2 new" "password_command: stored"
checks=$((checks + 1))
! cat "$TMP/auth.db"* | grep -q s3cret || fail "the password was written to the database"
cat >"$aconf" <<EOF
[feed locked]
url = $base/auth?user=ana&pass=s3cret
username = ana
password_command = "echo vault is locked >&2; exit 3"
EOF
run -c "$aconf" -d "$TMP/auth.db" --update
expect_status 1 "failing password_command"
expect_in "$TMP/err" "locked" "failing password_command: names the feed"
expect_in "$TMP/err" "exit status 3" "failing password_command: its exit status"
expect_in "$TMP/err" "exit status 3): vault is locked" "failing password_command: what it said on stderr"
cat >"$aconf" <<EOF
[feed locked]
url = $base/auth?user=ana&pass=s3cret
username = ana
password_command = echo wrong
EOF
run -c "$aconf" -d "$TMP/auth.db" --update
expect_status 1 "wrong password"
expect_in "$TMP/err" "HTTP 401" "wrong password: 401"

# ---- a permanent redirect is remembered ----
rconf=$TMP/redirect.ini
target='/redirect?n=2&code=301&to=%2Ffeed%3Fitems%3D4%26seed%3D5%26etag%3D1'
cat >"$rconf" <<EOF
[feed moved]
url = $base$target
EOF
run -c "$rconf" -d "$TMP/redirect.db" --update
expect_status 0 "permanent redirect"
expect_in "$TMP/out" "moved: 4 articles, 4 new" "permanent redirect: stored"
run -c "$rconf" -d "$TMP/redirect.db" --update
expect_status 0 "permanent redirect, again"
expect_in "$TMP/out" "moved: not modified" "permanent redirect, again: 304"
checks=$((checks + 1))
[ "$(requests "$target")" -eq 1 ] || fail "the second fetch went through the redirect again"
checks=$((checks + 1))
[ "$(requests_status '/feed?items=4&seed=5&etag=1' 304)" -eq 1 ] || fail "the second fetch went straight to the new URL"

# ---- relative links: against the URL after redirects, and the answer's
# Content-Location, not the channel's <link> ----
mkdir -p "$TMP/www/sub"
cat >"$TMP/www/sub/rel.xml" <<'XML'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Relative</title><link>http://example.org/</link>
<item><guid isPermaLink="false">r-1</guid><title>One</title><link>story/1.html</link></item>
</channel></rss>
XML
run -c "$conf" -d "$TMP/rel.db" --dump --fields=link "$base/files/sub/rel.xml"
expect_status 0 "relative links"
expect_in "$TMP/out" "$base/files/sub/story/1.html" "relative links: against the feed's URL"
run -c "$conf" -d "$TMP/rel.db" --dump --fields=link "$base/redirect?n=2&code=302&to=%2Ffiles%2Fsub%2Frel.xml"
expect_status 0 "relative links after redirects"
expect_in "$TMP/out" "$base/files/sub/story/1.html" "relative links: against the URL after redirects"
run -c "$conf" -d "$TMP/rel.db" --dump --fields=link "$base/files/sub/rel.xml?content_location=..%2Fother%2Ffeed.xml"
expect_status 0 "relative links with Content-Location"
expect_in "$TMP/out" "$base/files/other/story/1.html" "relative links: against Content-Location"

# ---- URLs on the command line: read once, not subscribed ----
run -c "$conf" -d "$TMP/cli.db" --update "$base/feed?items=2&seed=11"
expect_status 0 "--update URL"
expect_in "$TMP/out" "$base/feed?items=2&seed=11: 2 articles, 2 new, 0 updated" "--update URL: its line"
expect_in "$TMP/out" "kosovo: 5 articles" "--update URL: the configured feeds too"
run -c "$conf" -d "$TMP/cli.db" --update "$base/status/404"
expect_status 1 "--update URL that fails"
expect_in "$TMP/err" "$base/status/404: HTTP 404" "--update URL that fails: the error"
run -c "$conf" -d "$TMP/dump.db" --dump --fields=id,title "$base/feed?items=3&seed=12"
expect_status 0 "--dump URL"
expect_lines "$TMP/out" 3 "--dump URL: its articles"
expect_in "$TMP/out" "feed-12-item-3" "--dump URL: an id"
checks=$((checks + 1))
[ ! -e "$TMP/dump.db" ] || fail "--dump URL wrote the database"
run -c "$conf" -d "$TMP/dump.db" --dump "$base/html"
expect_status 1 "--dump URL of an HTML page"
expect_in "$TMP/err" "not a feed" "--dump URL of an HTML page: why"
run -c "$conf" -d "$TMP/list.db" "$base/feed?items=2&seed=13"
expect_status 0 "newsreader URL (not a terminal: the list)"
expect_lines "$TMP/out" 2 "newsreader URL: two articles listed"
checks=$((checks + 1))
[ "$(sql "$TMP/list.db" "SELECT count(*) FROM articles")" = 2 ] || fail "newsreader URL: stored as a file is"

if ! kill -0 "$httpd" 2>/dev/null; then
	fail "the test HTTP server died: $(cat "$TMP/httpd.err")"
fi
finish
