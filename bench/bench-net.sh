#!/bin/sh
# Updating over the network: the library of bench-store.sh (FEEDS feeds x
# 100 items, realistic HTML bodies) served by tests/httpd.py with 20 ms of
# latency added to every answer, fetched by `newsreader --update` into an
# empty database and again with nothing changed (every feed a 304), side by
# side with `newsboat -x reload` on the same URLs (its own cache; its
# reload-threads at the default, 1, and at 8), from empty and again.
#
#   bench/bench-net.sh [FEEDS] [RUNS] [SERVERS]   (defaults: 1000 feeds, 3 runs, 8 servers)
#
# The feeds are spread over SERVERS servers on their own ports, one
# process each: to a fetcher a port is a host, as the feeds of a real
# library are on many hosts (newsreader opens at most 2 connections to one
# host, and 8 in all, by default). Both programs get the same URLs.
#
# Needs python3, newsboat (Debian's 2.21) and GNU time; run from a built
# tree (it uses ./src/newsreader, or $NEWSREADER).
set -eu
feeds=${1:-1000}
runs=${2:-3}
servers=${3:-8}
latency=${LATENCY:-20}
top=$(cd "$(dirname "$0")/.." && pwd)
nr=${NEWSREADER:-$top/src/newsreader}
out=${BENCH_OUT:-$top/bench/out}
lib=$out/library-${feeds}x100
net=$out/net
mkdir -p "$out"
rm -rf "$net"
mkdir -p "$net"

if [ ! -d "$lib" ]; then
	mkdir -p "$lib"
	i=0
	while [ "$i" -lt "$feeds" ]; do
		python3 "$top/bench/genfeed.py" 100 "$i" 3 >"$lib/feed-$i.xml"
		i=$((i + 1))
	done
fi
echo "library: $lib ($feeds feeds x 100 items, $(du -sm "$lib" | cut -f1) MB)," \
    "$servers servers, $latency ms latency"

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
no_proxy=127.0.0.1,localhost
export no_proxy

pids=
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM
s=0
while [ "$s" -lt "$servers" ]; do
	python3 "$top/tests/httpd.py" --root "$lib" --latency "$latency" --port-file "$net/port-$s" \
	    --log "$net/log-$s" 2>"$net/httpd-$s.err" &
	pids="$pids $!"
	s=$((s + 1))
done
s=0
while [ "$s" -lt "$servers" ]; do
	i=0
	while [ ! -s "$net/port-$s" ]; do
		sleep 0.1
		i=$((i + 1))
		if [ "$i" -gt 100 ]; then
			echo "server $s did not start: $(cat "$net/httpd-$s.err")" >&2
			exit 1
		fi
	done
	s=$((s + 1))
done

# The same URLs for both: feed i on server i mod SERVERS.
conf=$net/config.ini
echo "[sources]" >"$conf"
i=0
while [ "$i" -lt "$feeds" ]; do
	port=$(cat "$net/port-$((i % servers))")
	echo "http://127.0.0.1:$port/files/feed-$i.xml" >>"$net/urls"
	echo "feed$i = http://127.0.0.1:$port/files/feed-$i.xml" >>"$conf"
	i=$((i + 1))
done

# The server logs since the last call: how many answers, how many 304.
answers() {
	cat "$net"/log-* | awk '{ n++ } $5 == 304 { nm++ } END { printf "%d answers, %d of them 304", n, nm }'
	for f in "$net"/log-*; do
		: >"$f"
	done
}

# timed NAME COMMAND...: wall time and peak RSS of one run, and what the
# servers answered.
timed() {
	name=$1
	shift
	answers >/dev/null
	/usr/bin/time -f '%e %M' -o "$net/time" "$@" >"$net/stdout" 2>"$net/stderr" || {
		echo "$name failed:" >&2
		tail -n 5 "$net/stderr" >&2
	}
	tail -n 1 "$net/time" >"$net/time.last"
	read -r t m <"$net/time.last"
	printf '%-52s %8s s %6s MB   %s\n' "$name" "$t" "$((m / 1024))" "$(answers)"
}

i=0
while [ "$i" -lt "$runs" ]; do
	rm -f "$net/nr.db" "$net/nr.db-wal" "$net/nr.db-shm"
	timed "newsreader --update (empty database)" "$nr" -c "$conf" -d "$net/nr.db" --update
	i=$((i + 1))
done
grep -c "100 articles, 100 new" "$net/stdout" | sed 's/^/  feeds stored with 100 new articles: /'
i=0
while [ "$i" -lt "$runs" ]; do
	timed "newsreader --update (nothing changed)" "$nr" -c "$conf" -d "$net/nr.db" --update
	i=$((i + 1))
done
grep -c ": not modified" "$net/stdout" | sed 's/^/  feeds not modified: /'

for threads in default 8; do
	nbhome=$net/newsboat-$threads
	mkdir -p "$nbhome/.newsboat"
	if [ "$threads" = default ]; then
		: >"$nbhome/config"
	else
		echo "reload-threads $threads" >"$nbhome/config"
	fi
	timed "newsboat -x reload, threads $threads (empty cache)" env HOME="$nbhome" newsboat \
	    -u "$net/urls" -c "$nbhome/cache.db" -C "$nbhome/config" -x reload
	timed "newsboat -x reload, threads $threads (nothing changed)" env HOME="$nbhome" newsboat \
	    -u "$net/urls" -c "$nbhome/cache.db" -C "$nbhome/config" -x reload
done
