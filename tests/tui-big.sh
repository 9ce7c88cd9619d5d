#!/bin/sh
# A big feed (half a million tiny items, made here) arriving while the
# interface runs: storing it gives way to the keys, so help opens at once,
# Q quits and SIGTERM ends the program within moments, not when the last
# item is stored; nothing of the interrupted feed is half written. Its
# max_articles is 0 (no limit) so that storing takes seconds.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

. "$top_srcdir/tests/httpd.sh"
base=$HTTPD_BASE

python3 - "$TMP/www/big.xml" <<'EOP'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>\n')
    for i in range(500000):
        f.write("<item><guid>%d</guid></item>" % i)
    f.write("</channel></rss>\n")
EOP

mkdir -p "$XDG_CONFIG_HOME"
cat >"$TMP/config.ini" <<EOS
[sources]
local = $top_srcdir/tests/data/feeds/rss2.xml

[feed big]
url = $base/files/big.xml
max_articles = 0
EOS

# now_ms: milliseconds since the epoch.
now_ms() {
	python3 -c 'import time; print(int(time.time() * 1000))'
}

# Wait for the big feed to be served, then a moment for it to arrive.
wait_served() {
	i=0
	while ! grep -q '/files/big.xml' "$TMP/httpd.log" 2>/dev/null && [ "$i" -lt $((TIMEOUT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.5
}

start 120 30 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "Golden RSS" "the stored articles are listed"
wait_served
t0=$(now_ms)
keys H
wait_for "Keys in the article list" "help opens while the big feed is stored"
t1=$(now_ms)
checks=$((checks + 1))
[ $((t1 - t0)) -lt 2500 ] || fail "a key waited $((t1 - t0)) ms for the big feed to be stored"
keys q Q
wait_for "EXIT:0" "Q quits while the big feed is stored"
t2=$(now_ms)
checks=$((checks + 1))
[ $((t2 - t1)) -lt 2500 ] || fail "Q waited $((t2 - t1)) ms for the big feed to be stored"

# Again, ended by SIGTERM this time.
: >"$TMP/httpd.log"
start 120 30 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "Golden RSS" "the stored articles are listed again"
wait_served
t0=$(now_ms)
kill -TERM "$(cat "$TMP/pid")"
wait_for "EXIT:143" "SIGTERM ends it while the big feed is stored"
t1=$(now_ms)
checks=$((checks + 1))
[ $((t1 - t0)) -lt 2500 ] || fail "SIGTERM waited $((t1 - t0)) ms for the big feed to be stored"
finish
