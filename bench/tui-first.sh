#!/bin/sh
# The real interface's first screen on a large database, in tmux: from
# starting tmux until the status line shows "1/TOTAL" (the list drawn and
# its length known), then the program's peak resident memory.
#
#   bench/tui-first.sh NEWSREADER DATABASE CONFIG TOTAL [RUNS]
#
# TOTAL: the articles the list shows with CONFIG (its sources; others'
# starred ones too). For bench/bench-filter.sh's million, a configuration
# of its 1,000 feeds:
#
#   python3 -c 'print("[general]\nreload = 0"); [print("[feed f%d]\nurl = https://feed%d.example/rss" % (i, i)) for i in range(1000)]' >/tmp/f1000.ini
#   bench/tui-first.sh src/newsreader bench/out/filter-1000000.db /tmp/f1000.ini 1000000 3
#
# tmux's own start (a session that only prints) is measured once to
# subtract.
set -eu
nr=$1
db=$2
cfg=$3
total=$4
runs=${5:-3}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
cp "$cfg" "$home/config.ini"
t0=$(date +%s%N)
tmux -L "nr-tf-$$-0" new-session -d -x 120 -y 40 "echo ' 1/1 '; sleep 600"
while ! tmux -L "nr-tf-$$-0" capture-pane -p 2>/dev/null | grep -qE ' 1/1 *$'; do :; done
echo "tmux's start: $((($(date +%s%N) - t0) / 1000000)) ms"
tmux -L "nr-tf-$$-0" kill-server
k=1
while [ "$k" -le "$runs" ]; do
	sock=nr-tf-$$-$k
	t0=$(date +%s%N)
	tmux -L "$sock" new-session -d -x 120 -y 40 \
	    "env HOME='$home' LC_ALL=C.UTF-8 TERM=xterm-256color '$nr' -c '$home/config.ini' -d '$db'; sleep 600"
	n=0
	while [ "$n" -lt 20000 ] && ! tmux -L "$sock" capture-pane -p 2>/dev/null | grep -qE " 1/$total *\$"; do
		n=$((n + 1))
	done
	t=$((($(date +%s%N) - t0) / 1000000))
	[ "$n" -lt 20000 ] || t="never (no 1/$total)"
	sleep 1
	pane=$(tmux -L "$sock" list-panes -F '#{pane_pid}')
	pid=$(pgrep -P "$pane" | head -n 1)
	hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")
	echo "start to the first screen with its count: $t ms; peak memory $hwm MB"
	tmux -L "$sock" kill-server
	k=$((k + 1))
done
