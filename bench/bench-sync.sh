#!/bin/sh
# Sync with a real Tiny Tiny RSS (tests/ttrss-server.sh: Debian 12's
# tt-rss under php -S, PostgreSQL): FEEDS subscriptions of 100 articles
# each (bench/genfeed.py's realistic HTML bodies), fetched by tt-rss's own
# updater, then `newsreader --update` with [sync]:
#
#   first      into an empty database: every article, with its content
#   nothing    again, with nothing new on the server
#   marks      MARKS articles marked read here (--mark-read), then sent
#
# each RUNS times (the first sync into a fresh database each time), with
# the wall time, the requests the server received and the seconds it
# spent on them (its workers' time, from its log of API requests: one line
# per request, its "op" and seconds).
#
#   bench/bench-sync.sh [FEEDS] [RUNS] [MARKS]   (defaults: 100 feeds, 3 runs, 1000 marks)
#
# Needs what tests/ttrss.sh needs (./bootstrap installs it) and GNU time;
# run from a built tree (it uses ./src/newsreader, or $NEWSREADER).
feeds=${1:-100}
runs=${2:-3}
marks=${3:-1000}
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
NEWSREADER=${NEWSREADER:-$top_srcdir/src/newsreader}
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd.sh"
. "$top_srcdir/tests/ttrss-server.sh"

i=0
while [ "$i" -lt "$feeds" ]; do
	python3 "$top_srcdir/bench/genfeed.py" 100 "$i" 3 >"$TMP/www/feed-$i.xml"
	ttrss_subscribe "$TTRSS_FEEDS/feed-$i.xml" "Category $((i % 10))" >/dev/null
	i=$((i + 1))
done
t0=$(date +%s)
ttrss_update
echo "server: $feeds feeds x 100 articles ($(du -sm "$TMP/www" | cut -f1) MB of feeds)," \
    "$(ttrss_sql "SELECT count(*) FROM ttrss_entries") articles stored by tt-rss in $(($(date +%s) - t0)) s"

mkdir -p "$XDG_CONFIG_HOME/newsreader"
cat >"$XDG_CONFIG_HOME/newsreader/config.ini" <<EOF
[sync]
service = ttrss
url = $TTRSS_URL
username = admin
password_command = printf 'password\n'
EOF

# timed NAME: run --update, print the time and the server's requests.
timed() {
	: >"$TTRSS_LOG"
	s=$(date +%s.%N)
	/usr/bin/time -f '%U %S' -o "$TMP/cpu" "$NEWSREADER" --update >"$TMP/out" 2>"$TMP/err" ||
		{ cat "$TMP/err" >&2; exit 1; }
	e=$(date +%s.%N)
	printf '%-8s %6.2f s (newsreader: %5.2f s CPU)  %3d requests, %6.2f s of server time (%s)\n' "$1" \
	    "$(echo "$e - $s" | bc)" "$(awk '{ print $1 + $2 }' "$TMP/cpu")" \
	    "$(wc -l <"$TTRSS_LOG")" "$(awk '{ t += $2 } END { print t + 0 }' "$TTRSS_LOG")" \
	    "$(awk '{ n[$1]++ } END { for (op in n) printf "%s%d %s", (sep++ ? ", " : ""), n[op], op }' "$TTRSS_LOG")"
}

r=0
while [ "$r" -lt "$runs" ]; do
	rm -rf "$XDG_DATA_HOME"
	# The server's state back to unread, for the same work each run.
	ttrss_sql "UPDATE ttrss_user_entries SET unread = true" >/dev/null
	timed first
	grep 'new articles' "$TMP/out"
	timed nothing
	"$NEWSREADER" --dump --fields=id | head -n "$marks" | xargs "$NEWSREADER" --mark-read >/dev/null
	timed marks
	grep 'marks sent' "$TMP/out"
	echo "server: $(ttrss_sql "SELECT count(*) FROM ttrss_user_entries WHERE NOT unread") articles read"
	r=$((r + 1))
done
