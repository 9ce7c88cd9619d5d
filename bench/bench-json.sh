#!/bin/sh
# Time and peak memory of `newsreader --dump` on big generated JSON feeds:
# a million tiny items (18 MB) and one item with 7.5 million tags (30 MB).
# With OLD=path/to/another/newsreader the same runs are made with that
# binary too, in the same loop (machines here are shared and noisy: compare
# the ratios).
#
#   bench/bench-json.sh [RUNS]      (default: 3 runs, the best time kept)
#
# Needs python3 and GNU time (/usr/bin/time); run from a built tree.
set -eu
runs=${1:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
nr=${NEWSREADER:-$top/src/newsreader}
out=${BENCH_OUT:-$top/bench/out}
mkdir -p "$out"

python3 - "$out" <<'PY'
import os, sys
out = sys.argv[1]
head = '{"version":"https://jsonfeed.org/version/1.1",'
path = out + '/json-million.json'
if not os.path.exists(path):
    with open(path, 'w') as f:
        f.write(head + '"title":"Million","items":[')
        f.write(','.join('{"id": "%07d"}' % i for i in range(1000000)))
        f.write(']}')
path = out + '/json-tags.json'
if not os.path.exists(path):
    with open(path, 'w') as f:
        f.write(head + '"title":"Tags","items":[{"id":"1","tags":[')
        f.write(','.join(['"t"'] * 7500000))
        f.write(']}]}')
PY

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
		read -r t m <"$out/time"
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
		[ "$m" -gt "$rss" ] && rss=$m
		i=$((i + 1))
	done
	printf '%-40s %6s s %8d KB\n' "$name" "$best" "$rss"
}

for feed in json-million json-tags; do
	echo "$feed.json: $(wc -c <"$out/$feed.json") bytes, best of $runs runs"
	best_of "newsreader --dump" "$nr" --dump "$out/$feed.json"
	if [ -n "${OLD:-}" ]; then
		best_of "OLD --dump" "$OLD" --dump "$out/$feed.json"
	fi
done
