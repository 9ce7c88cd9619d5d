#!/bin/sh
# The session's scope on the million: the list through the interface's code
# (bench/window.c) on a copy of bench/bench-filter.sh's library as it is
# (every stored source in the session's scope) and on a copy with one
# source more that the scope leaves out, as a database holds after a
# subscription was cut from the configuration by hand or a file was opened
# once: a 1,001st feed of a few articles, one of them starred, loaded with
# `newsreader -c EMPTY.ini -d COPY --update FILE.xml` from a small RSS file
# written here. Its starred article stays listed; the rest of it is hidden,
# and every list, count and query row of the session must leave it out.
#
# Each round runs, on the pristine copy and then on the scoped one, the
# kept counts (query_counts, query_keys) deleted before each run, as
# bench/window.c's header says:
#
#   window COPY first FEEDS            each query row's first count alone
#   window COPY linux kernel FEEDS     open, query rows, limits, moving, a
#                                      source, search, the second opening
#
# and prints the two outputs line by line, one above the other, with the
# ratio of their first figures in ms (scoped / pristine). Which source the
# window's session leaves out is only the 1,001st: window.c puts
# https://feedN.example/rss for N < FEEDS in scope.
#
# With REVERSE=1, each round also runs the reverse case on the pristine
# copy: `window COPY linux kernel FEEDS/2`, a session whose scope is half
# the library's sources, the other half's articles hidden but their
# starred ones (on the million, 495,000 hidden: more than the store keeps
# a list of), beside the same run with every source in scope.
#
#   bench/bench-scope.sh [DATABASE] [ROUNDS]
#
# DATABASE: bench/bench-filter.sh's library (default
# bench/out/filter-1000000.db; make it with bench/bench-filter.sh). It is
# only read: the copies (two of its size, 317 MB each for the million) go
# to a folder of their own under $TMPDIR (default /tmp), removed at the
# end. ROUNDS: how many times (default 1). WINDOW: a bench/window.c binary
# to use (default: built here from this tree, as bench/bench-library.sh
# builds it). Run from a built tree (src/newsreader, src/libnewsreader.a).
# The machine is shared: a round on the million takes a minute or more,
# most of it in the scoped copy.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
nr=${NEWSREADER:-$top/src/newsreader}
src=${1:-$top/bench/out/filter-1000000.db}
rounds=${2:-1}
if [ ! -s "$src" ]; then
	echo "bench-scope: no library at $src (make it with bench/bench-filter.sh)" >&2
	exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/nr-bench-scope.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if [ -n "${WINDOW:-}" ]; then
	window=$WINDOW
else
	window=$work/window
	cc -O2 -std=gnu17 -DHAVE_CONFIG_H -I"$top" -I"$top/src" -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 \
	    "$top/bench/window.c" "$top/src/libnewsreader.a" \
	    $(pkg-config --libs libxml-2.0 libcurl sqlite3 json-c libzstd libutf8proc fribidi libthai) -liniparser \
	    -lunistring -pthread -o "$window"
fi

# The copies: the file as it is, and its write-ahead log if it has one (a
# run of window.c on it writes the kept counts). Never opened in place.
pristine=$work/pristine.db
scoped=$work/scoped.db
cp "$src" "$pristine"
if [ -s "$src-wal" ]; then
	cp "$src-wal" "$pristine-wal"
fi
# Opened for writing once (a mark of no article), so that a library of an
# older schema is converted here, not in the first timed run.
: >"$work/empty.ini"
"$nr" -c "$work/empty.ini" -d "$pristine" --mark-read nr-bench-scope-no-such-article >/dev/null 2>&1 || :
feeds=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM feeds").fetchone()[0])
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
c.close()' "$pristine")
cp "$pristine" "$scoped"

# The source out of scope: five articles, the newest starred.
cat >"$work/outside.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Outside the scope</title><link>https://outside.example/</link><description>opened once</description>
<item><guid>outside-1</guid><title>Linux kernel outside one</title><pubDate>Mon, 01 Jun 2026 10:00:00 GMT</pubDate><description>one</description></item>
<item><guid>outside-2</guid><title>Outside two</title><pubDate>Tue, 02 Jun 2026 10:00:00 GMT</pubDate><description>two</description></item>
<item><guid>outside-3</guid><title>Outside three</title><pubDate>Wed, 03 Jun 2026 10:00:00 GMT</pubDate><description>three</description></item>
<item><guid>outside-4</guid><title>Outside four</title><pubDate>Thu, 04 Jun 2026 10:00:00 GMT</pubDate><description>four</description></item>
<item><guid>outside-5</guid><title>Linux kernel outside five</title><pubDate>Fri, 05 Jun 2026 10:00:00 GMT</pubDate><description>five</description></item>
</channel></rss>
EOF
"$nr" -c "$work/empty.ini" -d "$scoped" --update "$work/outside.xml" >/dev/null
"$nr" -c "$work/empty.ini" -d "$scoped" --star outside-5 >/dev/null
echo "library: $src ($feeds feeds; the scoped copy: $(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print("%d feeds, %d articles of the source out of scope, %d starred" % (
    c.execute("SELECT count(*) FROM feeds").fetchone()[0],
    c.execute("SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed WHERE f.title = ?",
              ("Outside the scope",)).fetchone()[0],
    c.execute("SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed WHERE f.title = ? AND a.starred",
              ("Outside the scope",)).fetchone()[0]))' "$scoped"))"

# forget DB: delete the counts kept in DB.
forget() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("DELETE FROM query_counts")
c.execute("DELETE FROM query_keys")
c.commit()
c.close()' "$1"
}

# side A B: the lines of A and B one above the other, with the ratio of
# each pair's first figure in ms.
side() {
	awk 'function ms(s) { if (match(s, /[0-9]+\.[0-9]+ ms/)) return substr(s, RSTART, RLENGTH - 3) + 0; return -1 }
	NR == FNR { a[FNR] = $0; na = FNR; next }
	{ b[FNR] = $0; nb = FNR }
	END {
		n = na > nb ? na : nb
		for (i = 1; i <= n; i++) {
			x = ms(a[i]); y = ms(b[i])
			printf "  pristine  %s\n  scoped    %s", a[i], b[i]
			if (x > 0 && y >= 0) printf "   [x%.1f]", y / x
			printf "\n"
		}
	}' "$1" "$2"
}

r=1
while [ "$r" -le "$rounds" ]; do
	echo
	echo "== round $r: window COPY first $feeds"
	for which in pristine scoped; do
		eval "db=\$$which"
		forget "$db"
		"$window" "$db" first "$feeds" >"$work/first-$which"
	done
	side "$work/first-pristine" "$work/first-scoped"
	echo
	echo "== round $r: window COPY linux kernel $feeds"
	for which in pristine scoped; do
		eval "db=\$$which"
		forget "$db"
		"$window" "$db" linux kernel "$feeds" >"$work/window-$which"
	done
	side "$work/window-pristine" "$work/window-scoped"
	if [ "${REVERSE:-}" = 1 ]; then
		echo
		echo "== round $r: window COPY linux kernel $feeds, then $((feeds / 2)) (the reverse case), the pristine copy"
		forget "$pristine"
		"$window" "$pristine" linux kernel "$feeds" >"$work/reverse-all"
		forget "$pristine"
		"$window" "$pristine" linux kernel $((feeds / 2)) >"$work/reverse-half"
		side "$work/reverse-all" "$work/reverse-half" | sed 's/^  scoped   /  half     /; s/^  pristine /  all      /'
	fi
	r=$((r + 1))
done
