#!/bin/sh
# The database: loading a library of 1,000 feeds x 100 items (realistic HTML
# bodies, about 2 KB each) into an empty database, side by side with
# newsboat reloading the same files as file:// URLs into its cache; then
# opening the library (--dump --unread with no path) at 1k, 10k and 100k
# articles, side by side with newsboat -x print-unread.
#
#   bench/bench-store.sh [FEEDS] [RUNS]     (defaults: 1000 feeds, 3 runs)
#
# Needs python3, newsboat (Debian's 2.21) and GNU time; run from a built
# tree (it uses ./src/newsreader, or $NEWSREADER).
set -eu
feeds=${1:-1000}
runs=${2:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
nr=${NEWSREADER:-$top/src/newsreader}
out=${BENCH_OUT:-$top/bench/out}
lib=$out/library-${feeds}x100
mkdir -p "$out"

if [ ! -d "$lib" ]; then
	mkdir -p "$lib"
	i=0
	while [ "$i" -lt "$feeds" ]; do
		python3 "$top/bench/genfeed.py" 100 "$i" 3 >"$lib/feed-$i.xml"
		i=$((i + 1))
	done
fi
echo "library: $lib ($feeds feeds x 100 items, $(du -sm "$lib" | cut -f1) MB)"

# timed NAME COMMAND...: wall time and peak RSS of one run.
timed() {
	name=$1
	shift
	/usr/bin/time -f '%e %M' -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || {
		echo "$name failed:" >&2
		cat "$out/stderr" >&2
	}
	tail -n 1 "$out/time" >"$out/time.last"
	read -r t m <"$out/time.last"
	printf '%-46s %8s s %8s MB\n' "$name" "$t" "$((m / 1024))"
}

# Loading into an empty database, best of $runs for newsreader.
i=0
while [ "$i" -lt "$runs" ]; do
	rm -f "$out/nr.db" "$out/nr.db-wal" "$out/nr.db-shm"
	timed "newsreader --update (empty database)" "$nr" -c /dev/null -d "$out/nr.db" --update "$lib"
	i=$((i + 1))
done
timed "newsreader --update (nothing changed)" "$nr" -c /dev/null -d "$out/nr.db" --update "$lib"

# newsboat: the same files as file:// URLs, into an empty cache.
nbhome=$out/newsboat-home
rm -rf "$nbhome"
mkdir -p "$nbhome/.newsboat"
for f in "$lib"/*.xml; do
	echo "file://$f"
done >"$nbhome/urls"
: >"$nbhome/config"
timed "newsboat -x reload (empty cache)" env HOME="$nbhome" newsboat -u "$nbhome/urls" \
    -c "$nbhome/cache.db" -C "$nbhome/config" -x reload

# Opening the library: --dump --unread at 1k, 10k and 100k articles.
for n in 10 100 "$feeds"; do
	sub=$out/open-$n
	if [ ! -d "$sub" ]; then
		mkdir -p "$sub"
		i=0
		while [ "$i" -lt "$n" ]; do
			ln -s "$lib/feed-$i.xml" "$sub/feed-$i.xml"
			i=$((i + 1))
		done
	fi
	rm -f "$out/open.db" "$out/open.db-wal" "$out/open.db-shm"
	"$nr" -c /dev/null -d "$out/open.db" --update "$sub" >/dev/null
	i=0
	while [ "$i" -lt "$runs" ]; do
		timed "newsreader --dump --unread ($((n * 100)) articles)" "$nr" -c /dev/null -d "$out/open.db" \
		    --dump --unread
		i=$((i + 1))
	done
done
timed "newsboat -x print-unread ($((feeds * 100)) articles)" env HOME="$nbhome" newsboat \
    -u "$nbhome/urls" -c "$nbhome/cache.db" -C "$nbhome/config" -x print-unread
