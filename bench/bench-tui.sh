#!/bin/sh
# The interface with a large library: the real binary in tmux, on databases
# of 1,000 and 100,000 articles (made from bench-store.sh's library with
# --update).
#
#  - start: from starting newsreader to the first full screen (the status
#    line showing the position 1/N), best of RUNS; tmux's own start (the
#    same command running `echo`) is measured too, to subtract.
#  - keys: 10,000 key presses (moving, paging, opening, next/previous
#    article, closing, in a pattern that comes back to where it started)
#    sent with send-keys, timed until the help screen, asked for after the
#    last of them, is on the screen. The ratio of 100,000 to 1,000
#    articles should stay near 1.
#
#   bench/bench-tui.sh [RUNS]        (default 3)
#
# Needs tmux, python3; run from a built tree (./src/newsreader or $NEWSREADER).
set -eu
runs=${1:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
nr=${NEWSREADER:-$top/src/newsreader}
out=${BENCH_OUT:-$top/bench/out}
sock=nr-bench-$$-0
count=0
mkdir -p "$out/tui-home"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT

# The library of bench-store.sh: 1,000 feeds of 100 items.
if [ ! -d "$out/library-1000x100" ]; then
	mkdir -p "$out/library-1000x100"
	i=0
	while [ "$i" -lt 1000 ]; do
		python3 "$top/bench/genfeed.py" 100 "$i" 3 >"$out/library-1000x100/feed-$i.xml"
		i=$((i + 1))
	done
fi
for n in 10 1000; do
	sub=$out/open-$n
	if [ ! -d "$sub" ]; then
		mkdir -p "$sub"
		i=0
		while [ "$i" -lt "$n" ]; do
			ln -s "$out/library-1000x100/feed-$i.xml" "$sub/feed-$i.xml"
			i=$((i + 1))
		done
	fi
	if [ ! -f "$out/tui-$n.db" ]; then
		"$nr" -c /dev/null -d "$out/tui-$n.db" --update "$sub" >/dev/null
	fi
done
# A configuration whose only source is one small file, so that starting
# reads almost nothing before the interface.
printf 'Bench\n\nOne article.\n' >"$out/tui-home/one.txt"
printf '[sources]\none = %s\n' "$out/tui-home/one.txt" >"$out/tui-home/config.ini"

now() {
	date +%s%N
}

# wait_screen PATTERN: poll the pane until a line matches (grep -E).
wait_screen() {
	while ! tmux -L "$sock" capture-pane -p 2>/dev/null | grep -qE -- "$1"; do
		:
	done
}

# A new tmux server each time: starting one on the socket of a server that
# is still exiting fails.
session() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	count=$((count + 1))
	sock=nr-bench-$$-$count
	tmux -L "$sock" new-session -d -x 120 -y 40 \
	    "env HOME='$out/tui-home' LC_ALL=C.UTF-8 TERM=xterm-256color $*; sleep 600"
}

ms() {
	echo $((($2 - $1) / 1000000))
}

# Starting: best of $runs.
best_base=999999
i=0
while [ "$i" -lt "$runs" ]; do
	t0=$(now)
	session "echo ' 1/1 '"
	wait_screen ' 1/1 *$'
	t=$(ms "$t0" "$(now)")
	[ "$t" -lt "$best_base" ] && best_base=$t
	i=$((i + 1))
done
echo "tmux start and first capture (baseline): $best_base ms"
for n in 10 1000; do
	articles=$((n * 100))
	best=999999
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(now)
		session "'$nr' -c '$out/tui-home/config.ini' -d '$out/tui-$n.db'"
		wait_screen " 1/$((articles + 1)) *\$"
		t=$(ms "$t0" "$(now)")
		[ "$t" -lt "$best" ] && best=$t
		i=$((i + 1))
	done
	echo "start to first screen, $articles articles: $best ms ($((best - best_base)) ms without tmux's start)"
done

# 10,000 keys: 1,000 times a pattern of 10 that comes back to its start.
pattern="j j Enter J K q k k PageDown PageUp"
for n in 10 1000; do
	articles=$((n * 100))
	best=999999
	i=0
	while [ "$i" -lt "$runs" ]; do
		session "'$nr' -c '$out/tui-home/config.ini' -d '$out/tui-$n.db'"
		wait_screen " 1/$((articles + 1)) *\$"
		# Start in the middle, so that the pattern never hits an end.
		tmux -L "$sock" send-keys j j j j j j j j j j
		wait_screen " 11/$((articles + 1)) *\$"
		t0=$(now)
		b=0
		while [ "$b" -lt 20 ]; do
			# 50 patterns (500 keys) a call.
			keys=
			p=0
			while [ "$p" -lt 50 ]; do
				keys="$keys $pattern"
				p=$((p + 1))
			done
			# shellcheck disable=SC2086
			tmux -L "$sock" send-keys $keys
			b=$((b + 1))
		done
		tmux -L "$sock" send-keys H
		wait_screen 'any other key closes this help'
		t=$(ms "$t0" "$(now)")
		# Every key was handled: the pattern came back to article 11.
		tmux -L "$sock" send-keys q
		wait_screen " 11/$((articles + 1)) *\$"
		[ "$t" -lt "$best" ] && best=$t
		i=$((i + 1))
	done
	echo "10,000 keys, $articles articles: $best ms"
	eval "keys_$n=$best"
done
# shellcheck disable=SC2154
echo "ratio 100,000 / 1,000 articles: $(awk "BEGIN { printf \"%.2f\", $keys_1000 / $keys_10 }")"
