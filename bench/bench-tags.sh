#!/bin/sh
# The sources pane with 1,000 feeds in 50 tags: the real binary in tmux
# (120x40, the sources pane shown) on a database of 100,000 articles from
# 1,000 feeds on the web (bench-store.sh's library served by a local HTTP
# server and stored with --update), each feed with one or two of 50 tags;
# and, in the same run, the same database and feeds without tags.
#
#  - start: from starting newsreader to the first full screen (the status
#    line showing the position 1/N), best of RUNS; and the processor time
#    (user + system) the program used by then, quitting at once (a
#    figure that a busy machine does not inflate as it does the wall
#    clock's);
#  - scroll: 2,000 keys in the sources pane (200 times j j j j PageDown k k
#    k k PageUp, which comes back to its start), timed until the help
#    screen, asked for after the last of them, is on the screen.
#
#   bench/bench-tags.sh [RUNS]        (default 3)
#
# Needs tmux, python3, /usr/bin/time; run from a built tree (./src/newsreader or $NEWSREADER).
set -eu
runs=${1:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
nr=${NEWSREADER:-$top/src/newsreader}
out=${BENCH_OUT:-$top/bench/out}
sock=nr-bench-$$-0
count=0
home=$out/tags-home
mkdir -p "$home"
server=
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; [ -z "$server" ] || kill "$server" 2>/dev/null || true' EXIT

# The library of bench-store.sh: 1,000 feeds of 100 items.
if [ ! -d "$out/library-1000x100" ]; then
	mkdir -p "$out/library-1000x100"
	i=0
	while [ "$i" -lt 1000 ]; do
		python3 "$top/bench/genfeed.py" 100 "$i" 3 >"$out/library-1000x100/feed-$i.xml"
		i=$((i + 1))
	done
fi

# The feeds' URLs are the database's locations: a fixed port, so that the
# database made once serves every run.
port=${BENCH_TAGS_PORT:-48217}
# config FILE WITH_TAGS: 1,000 [feed] sections; with tags, feed i is in
# tag i mod 50, and every other feed also in tag (7i + 3) mod 50.
config() {
	{
		printf '[general]\nshow_feeds = yes\nreload = 0\n'
		i=0
		while [ "$i" -lt 1000 ]; do
			printf '[feed f%d]\nurl = http://127.0.0.1:%d/feed-%d.xml\n' "$i" "$port" "$i"
			if [ "$2" = yes ]; then
				if [ $((i % 2)) -eq 0 ]; then
					printf 'tags = tag%02d tag%02d\n' $((i % 50)) $(((7 * i + 3) % 50))
				else
					printf 'tags = tag%02d\n' $((i % 50))
				fi
			fi
			i=$((i + 1))
		done
	} >"$1"
}
config "$home/tags.ini" yes
config "$home/plain.ini" no
if [ ! -f "$out/tags.db" ]; then
	python3 -m http.server --bind 127.0.0.1 --directory "$out/library-1000x100" "$port" >/dev/null 2>&1 &
	server=$!
	sleep 1
	"$nr" -c "$home/plain.ini" -d "$out/tags.db" --update >/dev/null
	kill "$server"
	server=
fi
# A database of an earlier build is upgraded by a run that writes.
"$nr" -c "$home/plain.ini" -d "$out/tags.db" --cleanup >/dev/null
articles=$("$nr" -c "$home/plain.ini" -d "$out/tags.db" --dump --fields=id | wc -l)
if [ "$articles" -eq 0 ]; then
	echo "bench-tags: no articles in $out/tags.db" >&2
	exit 1
fi

now() {
	date +%s%N
}

wait_screen() {
	while ! tmux -L "$sock" capture-pane -p 2>/dev/null | grep -qE -- "$1"; do
		:
	done
}

session() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	count=$((count + 1))
	sock=nr-bench-$$-$count
	tmux -L "$sock" new-session -d -x 120 -y 40 \
	    "env HOME='$home' LC_ALL=C.UTF-8 TERM=xterm-256color $*; sleep 600"
}

ms() {
	echo $((($2 - $1) / 1000000))
}

for kind in plain tags; do
	best=999999
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(now)
		session "'$nr' -c '$home/$kind.ini' -d '$out/tags.db'"
		wait_screen " 1/$articles *\$"
		t=$(ms "$t0" "$(now)")
		[ "$t" -lt "$best" ] && best=$t
		i=$((i + 1))
	done
	echo "start to first screen, $kind, $articles articles: $best ms"
	best=999999
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -f "$home/time"
		session "/usr/bin/time -o '$home/time' -f '%U %S' '$nr' -c '$home/$kind.ini' -d '$out/tags.db'"
		wait_screen " 1/$articles *\$"
		tmux -L "$sock" send-keys Q
		while [ ! -s "$home/time" ]; do
			sleep 0.05
		done
		t=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$home/time")
		[ "$t" -lt "$best" ] && best=$t
		i=$((i + 1))
	done
	echo "processor time to the first screen, $kind: $best ms"
	pattern="j j j j PageDown k k k k PageUp"
	best=999999
	i=0
	while [ "$i" -lt "$runs" ]; do
		session "'$nr' -c '$home/$kind.ini' -d '$out/tags.db'"
		wait_screen " 1/$articles *\$"
		# The sources pane: Tab to the reader, Tab again to the pane.
		tmux -L "$sock" send-keys Tab Tab j j j j j
		t0=$(now)
		b=0
		while [ "$b" -lt 4 ]; do
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
		[ "$t" -lt "$best" ] && best=$t
		i=$((i + 1))
	done
	echo "2,000 keys in the sources pane, $kind: $best ms"
done
