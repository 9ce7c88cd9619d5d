#!/bin/sh
# Sync with a real Tiny Tiny RSS (tests/ttrss-server.sh: Debian 12's
# tt-rss under php -S with five workers as php-fpm's default pool, PostgreSQL): FEEDS subscriptions of
# 100 articles each (bench/genfeed.py's realistic HTML bodies), fetched by
# tt-rss's own updater, then `newsreader --update` with [sync]:
#
#   first      into an empty database: every article, with its content,
#              none of them listed by any client before (tt-rss fills its
#              per-article label cache on the first listing: its state
#              after its updater, put back before each first sync)
#   again      into an empty database once more: the server's caches
#              filled (as for a second device)
#   nothing    again, with nothing new on the server
#   marks      MARKS articles marked read here (--mark-read), then sent
#
# each RUNS times (into fresh databases each time), with the wall time,
# newsreader's CPU time, the requests the server received and the seconds
# it spent on them (its workers' time, from its log of API requests: one
# line per request, its "op" and seconds).
#
#   bench/bench-sync.sh [FEEDS] [RUNS] [MARKS]   (defaults: 100 feeds, 3 runs, 1000 marks)
#
# NEWSREADER_OLD=PATH also runs an older build, in turn with this one on
# the same server, for before/after figures from one run.
# BENCH_LOG_TO="syslog sql" runs each build once with each place where
# tt-rss writes PHP's warnings (default: syslog, as Debian's config.php).
#
# BENCH_SETTLE="yes no" runs each with and without a server at rest
# before each first and again sync (default: yes): VACUUM ANALYZE and a
# CHECKPOINT after the script's own UPDATE of the label caches, as a server
# whose autovacuum has run since its updater stored the articles, instead
# of autovacuum or a checkpoint starting during the timed sync.
# BENCH_WORKERS="2 5" runs each with each number of PHP workers (the
# server restarted between them; default: the tests' TTRSS_WORKERS, 5);
# "5/4" also sets [general] connections_per_host to 4 (default: 2, the
# program's; the pages of a sync go to its server 4 at once whatever it
# says, as tt-rss's service asks).
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

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
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
[general]
connections_per_host = 2

[sync]
service = ttrss
url = $TTRSS_URL
username = admin
password_command = printf 'password\n'
EOF

# timed NAME: run $nr --update, print the time and the server's requests.
timed() {
	: >"$TTRSS_LOG"
	s=$(date +%s.%N)
	/usr/bin/time -f '%U %S' -o "$TMP/cpu" "$nr" --update >"$TMP/out" 2>"$TMP/err" ||
		{ cat "$TMP/err" >&2; exit 1; }
	e=$(date +%s.%N)
	printf '%-4s %-6s w%-4s %-3s %-8s %6.2f s (newsreader: %5.2f s CPU)  %3d requests, %6.2f s of server time (%s)\n' \
	    "$build" "$log_to" "$workers/$conns" "$settle" "$1" "$(echo "$e - $s" | bc)" "$(awk '{ print $1 + $2 }' "$TMP/cpu")" \
	    "$(wc -l <"$TTRSS_LOG")" "$(awk '{ t += $2 } END { print t + 0 }' "$TTRSS_LOG")" \
	    "$(awk '{ n[$1]++ } END { for (op in n) printf "%s%d %s", (sep++ ? ", " : ""), n[op], op }' "$TTRSS_LOG")"
}

# rest: with $settle = yes, the server at rest: the dead rows of the last
# UPDATEs vacuumed, the tables analysed, the dirty pages written out.
rest() {
	if [ "$settle" = yes ]; then
		ttrss_sql "VACUUM ANALYZE" && ttrss_sql "CHECKPOINT"
	fi
}

# first: into an empty database, the server as its updater left it.
first() {
	rm -rf "$XDG_DATA_HOME"
	ttrss_sql "UPDATE ttrss_user_entries SET unread = true, label_cache = ''" >/dev/null
	rest
	timed first
	grep 'new articles' "$TMP/out"
	rm -rf "$XDG_DATA_HOME"
	rest
	timed again
}

r=0
while [ "$r" -lt "$runs" ]; do
	for log_to in ${BENCH_LOG_TO:-syslog}; do
		ttrss_log_to "$log_to"
		for wc in ${BENCH_WORKERS:-$TTRSS_WORKERS}; do
			workers=${wc%/*}
			conns=${wc#*/}
			[ "$conns" = "$wc" ] && conns=2
			sed -i "s/^connections_per_host = .*/connections_per_host = $conns/" \
			    "$XDG_CONFIG_HOME/newsreader/config.ini"
			if [ "$workers" != "$TTRSS_WORKERS" ]; then
				ttrss_stop
				TTRSS_WORKERS=$workers
				ttrss_start
			fi
			for settle in ${BENCH_SETTLE:-yes}; do
				for build in ${NEWSREADER_OLD:+old} new; do
					nr=$NEWSREADER
					[ "$build" = old ] && nr=$NEWSREADER_OLD
					first
					timed nothing
					"$nr" --dump --fields=id | head -n "$marks" | xargs "$nr" --mark-read >/dev/null
					timed marks
					grep 'marks sent' "$TMP/out"
					echo "server: $(ttrss_sql "SELECT count(*) FROM ttrss_user_entries WHERE NOT unread")" \
					    "articles read"
				done
			done
		done
	done
	r=$((r + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
