#!/bin/sh
# Parse speed and peak memory of `newsreader --dump` on a large generated
# feed, measured in the same run as `xmllint --stream --noout` and sfeed on
# the same file (machines here are shared and noisy: compare the ratios).
#
#   bench/bench-parse.sh [ITEMS] [RUNS]     (defaults: 50000 items, 5 runs)
#
# then the same on a folder of 200 generated feeds of 100 items each.
#
# Needs python3, xmllint (libxml2-utils), sfeed and GNU time (/usr/bin/time);
# run from a built tree (it uses ./src/newsreader).
set -eu
items=${1:-50000}
runs=${2:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
nr=${NEWSREADER:-$top/src/newsreader}
out=${BENCH_OUT:-$top/bench/out}
mkdir -p "$out"
feed=$out/feed-$items.xml

if [ ! -s "$feed" ]; then
	python3 "$top/bench/genfeed.py" "$items" >"$feed"
fi
size=$(du -m "$feed" | cut -f1)
echo "feed: $feed ($size MB, $items items), best of $runs runs"

# best_of NAME COMMAND...: the fastest wall time of $runs runs and the
# largest peak RSS, from GNU time.
best_of() {
	name=$1
	shift
	best=
	rss=0
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%e %M' -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || true
		tail -n 1 "$out/time" >"$out/time.last"
		read -r t m <"$out/time.last"
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
		[ "$m" -gt "$rss" ] && rss=$m
		i=$((i + 1))
	done
	printf '%-34s %8s s %8s MB\n' "$name" "$best" "$((rss / 1024))"
}

best_of "newsreader --dump" "$nr" --dump "$feed"
best_of "xmllint --stream --noout" xmllint --stream --noout "$feed"
if command -v sfeed >/dev/null 2>&1; then
	best_of "sfeed <file" sh -c 'sfeed <"$1"' sh "$feed"
fi
best_of "newsreader --dump --body" "$nr" --dump --body "$feed"

# A library of many small feeds: 200 feeds of 100 items each, one folder.
lib=$out/library-200x100
if [ ! -d "$lib" ]; then
	mkdir -p "$lib"
	i=0
	while [ "$i" -lt 200 ]; do
		python3 "$top/bench/genfeed.py" 100 "$i" >"$lib/feed-$i.xml"
		i=$((i + 1))
	done
fi
echo "library: $lib (200 feeds x 100 items, $(du -sm "$lib" | cut -f1) MB)"
best_of "newsreader --dump FOLDER" "$nr" --dump "$lib"
best_of "xmllint --stream --noout FILES" sh -c 'xmllint --stream --noout "$1"/*.xml' sh "$lib"
if command -v sfeed >/dev/null 2>&1; then
	best_of "sfeed <FILE, for each file" sh -c 'for f in "$1"/*.xml; do sfeed <"$f"; done' sh "$lib"
fi
