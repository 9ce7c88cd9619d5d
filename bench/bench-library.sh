#!/bin/sh
# Storage at scale (issue 13), in one run:
#
# - three libraries of feed files: 200 feeds x 100 items of genfeed.py
#   (4.5 KB bodies), 1,000 x 100 of genfeed.py (2 KB bodies), and 200 x 100
#   of genlib.py (2-5 KB bodies of prose-like text, which compress about as
#   well as the web's): for each, --update into an empty database (best of
#   RUNS) and again with nothing changed, the database's size against the
#   feed files', and newsboat -x reload of the same files (Debian's 2.21,
#   once: it takes minutes); with NEWSREADER_OLD, the build before beside it;
# - a library of 1,000,000 articles (genlib.py fastfeeds: 1,000 feeds x
#   1,000 items, 2-5 KB bodies): --update into an empty database, then
#   --dump --unread | head, and bench/window.c (the interface's list through
#   app/view.c: opening and the first screen, moving, a limit, a source's
#   view, the unread counts of every source, a search, one body, peak
#   memory), and bench/bench-limit.c (a limit's first ids and count, each
#   way the store can read them).
#
#   NEWSREADER_OLD=/path/to/old/newsreader bench/bench-library.sh [RUNS]
#
# Loading into an empty database, the builds and newsboat take turns (new,
# old, newsboat; newsboat in the first NEWSBOAT_RUNS rounds, default 1), so
# that a shared machine's load falls on each alike; each keeps its best wall
# time and its best CPU time (user + system, which a busy machine inflates
# less), and the ratios to newsboat are given in both. The load average is
# printed with each library. BENCH_MILLION=0 leaves out the million.
#
# Needs python3, GNU time, newsboat (apt-get install newsboat time) and a
# built tree (src/libnewsreader.a for window.c). About 15 GB of disk in
# bench/out (or $BENCH_OUT) and an hour, most of it generating the million
# articles once and newsboat.
set -eu
runs=${1:-3}
nb_runs=${NEWSBOAT_RUNS:-1}
million=${BENCH_MILLION:-1}
top=$(cd "$(dirname "$0")/.." && pwd)
nr=${NEWSREADER:-$top/src/newsreader}
old=${NEWSREADER_OLD:-}
out=${BENCH_OUT:-$top/bench/out}/library
mkdir -p "$out"
: >"$out/empty.ini"

gen_genfeed() { # DIR FEEDS PARAGRAPHS
	if [ ! -f "$1.done" ]; then
		rm -rf "$1"
		mkdir -p "$1"
		i=0
		while [ "$i" -lt "$2" ]; do
			python3 "$top/bench/genfeed.py" 100 "$i" "$3" >"$1/feed-$i.xml"
			i=$((i + 1))
		done
		: >"$1.done"
	fi
}

gen_genlib() { # DIR MODE FEEDS ITEMS
	if [ ! -f "$1.done" ]; then
		rm -rf "$1"
		python3 "$top/bench/genlib.py" "$2" "$1" "$3" "$4"
		: >"$1.done"
	fi
}

# timed NAME COMMAND...: wall time, CPU time (user + system) and peak RSS
# of one run, into $t, $c and $m.
timed() {
	name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || {
		echo "$name failed:" >&2
		cat "$out/stderr" >&2
	}
	read -r t cu cs m <"$out/time"
	c=$(awk -v u="$cu" -v s="$cs" 'BEGIN { printf "%.2f", u + s }')
	m=$((m / 1024))
}

min() {
	if [ -z "$1" ] || awk -v a="$2" -v b="$1" 'BEGIN { exit !(a < b) }'; then
		echo "$2"
	else
		echo "$1"
	fi
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'
}

# best NAME RUNS COMMAND...: the best wall time of RUNS runs; $prep is run
# before each.
best() {
	name=$1
	n=$2
	shift 2
	b=
	bm=0
	k=0
	while [ "$k" -lt "$n" ]; do
		eval "$prep"
		timed "$name" "$@"
		if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then
			b=$t
		fi
		[ "$m" -gt "$bm" ] && bm=$m
		k=$((k + 1))
	done
	printf '%-58s %8s s %6s MB\n' "$name" "$b" "$bm"
}

mb() {
	echo "$1" | awk '{ printf "%.1f", $1 / 1e6 }'
}

db_size() { # the database and its WAL, checkpointed
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.close()' "$1" 2>/dev/null || true
	stat -c %s "$1"
}

library() { # NAME DIR
	name=$1
	lib=$2
	feeds_bytes=$(du -sb "$lib" | cut -f1)
	echo
	echo "== $name: $(ls "$lib" | wc -l) feeds, $(mb "$feeds_bytes") MB of feed files"
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
	db=$out/nr.db
	odb=$out/old.db
	nbhome=$out/newsboat-home
	have_nb=
	if command -v newsboat >/dev/null 2>&1; then
		have_nb=yes
		mkdir -p "$nbhome"
		for f in "$lib"/*.xml; do
			echo "file://$f"
		done >"$nbhome/urls"
		: >"$nbhome/config"
	fi
	# Loading into an empty database: new, old and newsboat in turn.
	nw= nc= nm=0 ow= oc= om=0 bw= bc= bm=0
	k=0
	while [ "$k" -lt "$runs" ]; do
		rm -f "$db" "$db-wal" "$db-shm"
		timed "newsreader --update" "$nr" -c "$out/empty.ini" -d "$db" --update "$lib"
		nw=$(min "$nw" "$t") nc=$(min "$nc" "$c")
		[ "$m" -gt "$nm" ] && nm=$m
		if [ -n "$old" ]; then
			rm -f "$odb" "$odb-wal" "$odb-shm"
			timed "build before: --update" "$old" -c "$out/empty.ini" -d "$odb" --update "$lib"
			ow=$(min "$ow" "$t") oc=$(min "$oc" "$c")
			[ "$m" -gt "$om" ] && om=$m
		fi
		if [ -n "$have_nb" ] && [ "$k" -lt "$nb_runs" ]; then
			rm -rf "$nbhome/.newsboat" "$nbhome/cache.db"
			mkdir -p "$nbhome/.newsboat"
			timed "newsboat -x reload" env HOME="$nbhome" newsboat -u "$nbhome/urls" \
			    -c "$nbhome/cache.db" -C "$nbhome/config" -x reload
			bw=$(min "$bw" "$t") bc=$(min "$bc" "$c")
			[ "$m" -gt "$bm" ] && bm=$m
		fi
		k=$((k + 1))
	done
	printf '%-58s %8s s %6s s CPU %6s MB\n' "newsreader --update (empty database)" "$nw" "$nc" "$nm"
	[ -n "$old" ] && printf '%-58s %8s s %6s s CPU %6s MB\n' "build before: --update (empty database)" "$ow" "$oc" "$om"
	[ -n "$have_nb" ] && printf '%-58s %8s s %6s s CPU %6s MB\n' "newsboat -x reload (empty cache)" "$bw" "$bc" "$bm"
	size=$(db_size "$db")
	echo "database: $(mb "$size") MB = $(awk -v a="$size" -v b="$feeds_bytes" 'BEGIN { printf "%.1f", 100 * a / b }')% of the feed files"
	prep=:
	best "newsreader --update (nothing changed)" "$runs" "$nr" -c "$out/empty.ini" -d "$db" --update "$lib"
	new_same=$b
	if [ -n "$old" ]; then
		osize=$(db_size "$odb")
		best "build before: --update (nothing changed)" "$runs" "$old" -c "$out/empty.ini" -d "$odb" --update "$lib"
		old_same=$b
		echo "build before's database: $(mb "$osize") MB = $(awk -v a="$osize" -v b="$feeds_bytes" 'BEGIN { printf "%.1f", 100 * a / b }')% of the feed files"
		echo "loading: $(ratio "$oc" "$nc")x less CPU time than the build before, $(ratio "$ow" "$nw")x less wall time;" \
		    "nothing changed: $(awk -v a="$old_same" -v b="$new_same" 'BEGIN { printf "%.2f", a / b }')x"
	fi
	if [ -n "$have_nb" ]; then
		echo "newsreader is $(ratio "$bc" "$nc")x faster than newsboat in CPU time, $(ratio "$bw" "$nw")x in wall time"
		[ -n "$old" ] && echo "(the build before: $(ratio "$bc" "$oc")x in CPU time, $(ratio "$bw" "$ow")x in wall time)"
		rm -rf "$nbhome"
	fi
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

gen_genfeed "$out/genfeed-200x100" 200 8
gen_genfeed "$out/genfeed-1000x100" 1000 3
gen_genlib "$out/prose-200x100" feeds 200 100
library "genfeed.py, 200 x 100, 4.5 KB bodies" "$out/genfeed-200x100"
library "genfeed.py, 1,000 x 100, 2 KB bodies" "$out/genfeed-1000x100"
library "genlib.py, 200 x 100, 2-5 KB prose bodies" "$out/prose-200x100"

[ "$million" = 0 ] && exit 0

# ---- a million articles ----
big=$out/fast-1000x1000
gen_genlib "$big" fastfeeds 1000 1000
bdb=$out/million.db
echo
echo "== 1,000,000 articles: $(mb "$(du -sb "$big" | cut -f1)") MB of feed files"
if [ ! -f "$bdb.done" ]; then
	rm -f "$bdb" "$bdb-wal" "$bdb-shm"
	prep=:
	best "newsreader --update (empty database)" 1 "$nr" -c "$out/empty.ini" -d "$bdb" --update "$big"
	: >"$bdb.done"
fi
echo "database: $(mb "$(db_size "$bdb")") MB"
prep=:
best "newsreader --dump --unread | head" "$runs" sh -c "'$nr' -c '$out/empty.ini' -d '$bdb' --dump --unread | head -n 20"
best "newsreader --dump | head" "$runs" sh -c "'$nr' -c '$out/empty.ini' -d '$bdb' --dump | head -n 20"
cc -O2 -std=gnu17 -DHAVE_CONFIG_H -I"$top" -I"$top/src" -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 \
    "$top/bench/window.c" "$top/src/libnewsreader.a" \
    $(pkg-config --libs libxml-2.0 libcurl sqlite3 json-c libzstd libutf8proc fribidi libthai) -liniparser -lunistring -pthread \
    -o "$out/window"
echo "the list (bench/window.c), run $runs times:"
k=0
while [ "$k" -lt "$runs" ]; do
	"$out/window" "$bdb" prior chack
	echo
	k=$((k + 1))
done

# The real interface in tmux on the million: start to the first full
# screen (the status line showing 1/N), best of RUNS, with tmux's own
# start measured to subtract, and the program's peak resident memory then.
if command -v tmux >/dev/null 2>&1; then
	sock=nr-bench-lib-$$-0
	count=0
	home=$out/tui-home
	mkdir -p "$home"
	# The million's folder as the configuration's one source, as its
	# reader would have it (a source in neither the configuration nor
	# the command line is not listed, but for its starred articles).
	printf '[sources]\nmillion = %s\n' "$big" >"$home/config.ini"
	trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
	wait_screen() {
		while ! tmux -L "$sock" capture-pane -p 2>/dev/null | grep -qE -- "$1"; do
			:
		done
	}
	session() {
		tmux -L "$sock" kill-server 2>/dev/null || true
		count=$((count + 1))
		sock=nr-bench-lib-$$-$count
		tmux -L "$sock" new-session -d -x 120 -y 40 \
		    "env HOME='$home' LC_ALL=C.UTF-8 TERM=xterm-256color $*; sleep 600"
	}
	nowns() {
		date +%s%N
	}
	base=999999
	k=0
	while [ "$k" -lt "$runs" ]; do
		t0=$(nowns)
		session "echo ' 1/1 '"
		wait_screen ' 1/1 *$'
		t=$((($(nowns) - t0) / 1000000))
		[ "$t" -lt "$base" ] && base=$t
		k=$((k + 1))
	done
	total=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM articles WHERE purged = 0").fetchone()[0])' "$bdb")
	bestt=999999
	k=0
	while [ "$k" -lt "$runs" ]; do
		t0=$(nowns)
		session "'$nr' -c '$home/config.ini' -d '$bdb'"
		wait_screen " 1/$total *\$"
		t=$((($(nowns) - t0) / 1000000))
		[ "$t" -lt "$bestt" ] && bestt=$t
		pane=$(tmux -L "$sock" list-panes -F '#{pane_pid}')
		pid=$(pgrep -P "$pane" | head -n 1)
		hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")
		k=$((k + 1))
	done
	echo "interface, start to the first screen ($total articles): $bestt ms ($((bestt - base)) ms without tmux's start); peak memory $hwm MB"
	tmux -L "$sock" kill-server 2>/dev/null || true
fi

# A limit over every feed, the store's part, each way it can be read.
make -C "$top" bench/bench-limit >/dev/null
echo "a limit over the million (bench/bench-limit):"
"$top/bench/bench-limit" "$bdb" prior chack thotplert pryt et zz
