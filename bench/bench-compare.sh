#!/bin/sh
# Two builds of newsreader side by side, for a change that must not cost
# speed: each measure runs the old and the new binary in turn, RUNS times,
# and keeps the best wall time and the largest peak memory of each, so that
# a shared, noisy machine slows both alike; compare the ratio.
#
#   bench/bench-compare.sh OLD NEW [RUNS]     (default: 5 runs)
#
# Measures: --dump of a 50,000-item feed (parsing), --dump --body of a
# 5,000-item feed (every body rendered), --render of a 400 KB HTML article,
# --update of 200 feeds x 100 items into an empty database (ingest),
# --dump of that database (opening the library), and the interface's first
# screen on it (start to the status line in tmux).
#
# Needs python3, GNU time (/usr/bin/time) and tmux.
set -eu
old=$1
new=$2
runs=${3:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
out=${BENCH_OUT:-$top/bench/out}/compare
mkdir -p "$out"

[ -s "$out/feed-50000.xml" ] || python3 "$top/bench/genfeed.py" 50000 >"$out/feed-50000.xml"
[ -s "$out/feed-5000.xml" ] || python3 "$top/bench/genfeed.py" 5000 >"$out/feed-5000.xml"
if [ ! -d "$out/library" ]; then
	mkdir -p "$out/library"
	i=0
	while [ "$i" -lt 200 ]; do
		python3 "$top/bench/genfeed.py" 100 "$i" 3 >"$out/library/feed-$i.xml"
		i=$((i + 1))
	done
fi
if [ ! -s "$out/article.html" ]; then
	python3 - "$out/article.html" <<'PY'
import sys
parts = ["<html><head><title>Long read</title></head><body><article><h1>Long read</h1>"]
for i in range(900):
    parts.append("<p>Paragraph %d of a long article, with <a href=\"/l/%d\">a link</a>, <em>emphasis</em>, "
                 "some <code>code</code> and words in other scripts: Shkodër, Байкал, 東京.</p>" % (i, i))
    if i % 100 == 0:
        parts.append("<table><tr><th>Year</th><th>Value</th></tr>" +
                     "".join("<tr><td>%d</td><td>%d</td></tr>" % (2000 + j, j * 7) for j in range(20)) + "</table>")
        parts.append("<ul>" + "".join("<li>item %d</li>" % j for j in range(10)) + "</ul>")
parts.append("</article></body></html>")
open(sys.argv[1], "w").write("\n".join(parts))
PY
fi

# run WHICH BINARY NAME COMMAND...: one timed run; keeps the best time and
# the largest memory in $out/WHICH.NAME.
run() {
	which=$1
	name=$2
	shift 2
	/usr/bin/time -f '%e %M' -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || {
		echo "$which: $name failed:" >&2
		cat "$out/stderr" >&2
	}
	tail -n 1 "$out/time" >"$out/time.last"
	read -r t m <"$out/time.last"
	f=$out/$which.$name
	if [ -s "$f" ]; then
		read -r bt bm <"$f"
		t=$(awk -v a="$t" -v b="$bt" 'BEGIN { print (a < b ? a : b) }')
		[ "$bm" -gt "$m" ] && m=$bm
	fi
	echo "$t $m" >"$f"
}

# first_screen BINARY DB: seconds from starting the interface to its
# status line, in a tmux pane of 120x40.
first_screen() {
	sock=nr-compare-$$
	printf '' >"$out/empty.ini"
	start=$(date +%s%N)
	tmux -L "$sock" new-session -d -x 120 -y 40 \
	    "NEWSREADER_SAMPLES=/nonexistent $1 -c $out/empty.ini -d $2 $out/one.txt; sleep 5"
	while ! tmux -L "$sock" capture-pane -p 2>/dev/null | grep -q ' 1/[0-9]'; do
		sleep 0.005
	done
	end=$(date +%s%N)
	tmux -L "$sock" kill-server 2>/dev/null || true
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

rm -f "$out"/old.* "$out"/new.*
printf 'Bench\n\nOne article.\n' >"$out/one.txt"
for which in old new; do
	eval bin=\$$which
	rm -f "$out/$which.db"*
	"$bin" -c /dev/null -d "$out/$which.db" --update "$out/library" >/dev/null
done
i=0
while [ "$i" -lt "$runs" ]; do
	for which in old new; do
		eval bin=\$$which
		run "$which" parse "$bin" --dump "$out/feed-50000.xml"
		run "$which" body "$bin" --dump --body "$out/feed-5000.xml"
		run "$which" render "$bin" --render "$out/article.html" --width 80
		rm -f "$out/ingest.db"*
		run "$which" ingest "$bin" -c /dev/null -d "$out/ingest.db" --update "$out/library"
		run "$which" open "$bin" -c /dev/null -d "$out/$which.db" --dump --unread
		t=$(first_screen "$bin" "$out/$which.db")
		f=$out/$which.screen
		if [ ! -s "$f" ] || awk -v a="$t" -v b="$(cat "$f")" 'BEGIN { exit !(a < b) }'; then
			echo "$t" >"$f"
		fi
	done
	i=$((i + 1))
done

printf '%-44s %10s %10s %8s %10s %10s\n' "best of $runs (old: $old)" "old s" "new s" "new/old" "old MB" "new MB"
for name in parse body render ingest open; do
	read -r ot om <"$out/old.$name"
	read -r nt nm <"$out/new.$name"
	printf '%-44s %10s %10s %8s %10s %10s\n' "$name" "$ot" "$nt" \
	    "$(awk -v a="$ot" -v b="$nt" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')" \
	    "$((om / 1024))" "$((nm / 1024))"
done
ot=$(cat "$out/old.screen")
nt=$(cat "$out/new.screen")
printf '%-44s %10s %10s %8s\n' "first screen (tmux, 20,000 articles)" "$ot" "$nt" \
    "$(awk -v a="$ot" -v b="$nt" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')"
