#!/bin/sh
# Reading the configuration file: 1,000, 20,000 and 100,000 [feed NAME]
# sections (each with a url, a title and two tags; a [general] section
# first), read by --dump on an empty database, which then has nothing to
# print: the processor time (user + system, from GNU time) of the whole
# run, best of RUNS. A line with an empty configuration gives what the
# start costs without it.
#
#   bench/bench-config.sh [RUNS]              (default 3)
#
# NEWSREADER is the binary (default ./src/newsreader); with NEWSREADER_OLD
# set too, each measure runs both in turn, so a busy machine slows both
# alike, and the ratio is printed.
#
# Needs python3 and GNU time (/usr/bin/time).
set -eu
runs=${1:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
new=${NEWSREADER:-$top/src/newsreader}
old=${NEWSREADER_OLD:-}
out=${BENCH_OUT:-$top/bench/out}/config
mkdir -p "$out"

for n in 0 1000 20000 100000; do
	[ -s "$out/feeds-$n.ini" ] || python3 - "$n" >"$out/feeds-$n.ini" <<'EOF'
import sys
n = int(sys.argv[1])
print("[general]\nsort = newest\nreload = 30m\n")
for i in range(n):
    print(f"[feed Feed {i}]\nurl = https://site{i % 97}.example/feed/{i}.xml\n"
          f"title = Feed number {i}\ntags = tag{i % 50} news\n")
EOF
done

# The best user + system seconds of RUNS runs of $1 on $2.
cpu() {
	best=
	r=0
	while [ "$r" -lt "$runs" ]; do
		rm -f "$out/empty.db" "$out/empty.db-wal" "$out/empty.db-shm"
		/usr/bin/time -f '%U %S' -o "$out/time" "$1" -c "$2" -d "$out/empty.db" --dump >/dev/null
		t=$(awk '{ printf "%.2f", $1 + $2 }' "$out/time")
		if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then
			best=$t
		fi
		r=$((r + 1))
	done
	echo "$best"
}

printf '%-8s %10s' feeds 'cpu (s)'
[ -z "$old" ] || printf ' %10s %8s' 'old (s)' 'old/new'
printf '\n'
for n in 0 1000 20000 100000; do
	t=$(cpu "$new" "$out/feeds-$n.ini")
	printf '%-8s %10s' "$n" "$t"
	if [ -n "$old" ]; then
		o=$(cpu "$old" "$out/feeds-$n.ini")
		printf ' %10s %8s' "$o" "$(awk "BEGIN { if ($t > 0) printf \"%.1f\", $o / $t; else print \"-\" }")"
	fi
	printf '\n'
done
