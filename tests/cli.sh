#!/bin/sh
# The command line: --help and --version, usage errors, exit statuses and
# messages for sources that cannot be read, and the samples.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
data=$top_srcdir/tests/data

run --help
expect_status 0 "--help"
expect_in "$TMP/out" "Usage: newsreader [OPTION]... [PATH]..." "--help usage line"
expect_in "$TMP/out" "--dump" "--help lists --dump"
# The project has no address for bug reports, so --help gives none.
expect_not_in "$TMP/out" "Report bugs" "--help: no bug address"
expect_not_in "$TMP/out" "example.invalid" "--help: no made-up address"

run --version
expect_status 0 "--version"
head -n 1 "$TMP/out" | grep -Eq '^newsreader [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version first line: $(head -n 1 "$TMP/out")"

run --no-such-option
expect_status 2 "unknown option"
expect_in "$TMP/err" "Try 'newsreader --help'" "unknown option hint"
expect_in "$TMP/err" "newsreader: unrecognized option '--no-such-option'" "unknown option: as every message"
run -Z
expect_status 2 "unknown short option"
expect_in "$TMP/err" "newsreader: invalid option -- 'Z'" "unknown short option: as every message"
# A prefix of two options: which ones.
run --mark
expect_status 2 "ambiguous option"
expect_in "$TMP/err" "newsreader: option '--mark' is ambiguous; possibilities: '--mark-read' '--mark-unread' '--mark-all-read'" \
    "ambiguous option: the possibilities"

run --body "$data/feeds/rss2.xml"
expect_status 2 "--body without --dump"

# A missing file: named, with the reason; nothing loaded, so status 1.
run --dump "$TMP/missing.rss"
expect_status 1 "missing file"
expect_in "$TMP/err" "newsreader: $TMP/missing.rss: cannot open: No such file or directory" "missing file message"

run --dump "$data/bad/empty.txt"
expect_status 1 "empty file"
expect_in "$TMP/err" "bad/empty.txt: empty file" "empty file message"

run --dump "$data/bad/image.png"
expect_status 1 "binary file"
expect_in "$TMP/err" "bad/image.png: not a text file, an HTML page or a feed" "binary file message"

run --dump "$data/bad/blank.txt"
expect_status 1 "blank file"
expect_in "$TMP/err" "bad/blank.txt:" "blank file named"

run --dump "$data/bad/not-a-feed.xml"
expect_status 1 "XML that is not a feed"
expect_in "$TMP/err" "not-a-feed.xml: not an RSS, RDF or Atom feed (the root element is <note>)" "not a feed message"

# Malformed XML that still holds an item: loaded, with a warning naming the line.
run --dump "$data/bad/garbage.rss"
expect_status 0 "garbage after an item"
expect_lines "$TMP/out" 1 "garbage: the item before it"
expect_in "$TMP/err" "garbage.rss:3: warning:" "garbage warning with line"

# One good source among bad ones: status 0, the bad ones still reported.
run --dump "$data/feeds/atom.xml" "$data/bad/empty.txt" "$TMP/missing"
expect_status 0 "good and bad sources"
expect_lines "$TMP/out" 2 "good and bad sources: the good one's items"
expect_in "$TMP/err" "empty.txt: empty file" "good and bad: the empty one reported"
expect_in "$TMP/err" "missing: cannot open" "good and bad: the missing one reported"

# An empty folder loads nothing.
mkdir "$TMP/empty-folder"
run --dump "$TMP/empty-folder"
expect_status 1 "empty folder"
expect_in "$TMP/err" "empty-folder: no articles or feeds found" "empty folder message"

# Every item gets a line, each with exactly six fields (seven with --body).
run --dump "$data/feeds/rss2.xml"
expect_status 0 "rss2"
expect_lines "$TMP/out" 4 "rss2: one line per item"
awk -F '\t' 'NF != 6 { exit 1 }' "$TMP/out" || fail "rss2: a line without 6 fields"
run --dump --body "$data/feeds/rss2.xml"
awk -F '\t' 'NF != 7 { exit 1 }' "$TMP/out" || fail "rss2 --body: a line without 7 fields"

# With no sources and no configuration: the samples, listed, and not kept
# in the user's database (a first run with real feeds shows only those).
COLUMNS=200 run
expect_status 0 "samples"
checks=$((checks + 1))
[ "$(wc -l <"$TMP/out")" -ge 8 ] || fail "samples: fewer than 8 articles: $(cat "$TMP/out")"
expect_in "$TMP/out" "Prishtina marks independence day" "samples: the text article"
expect_in "$TMP/out" "Tirana opens its first protected cycle lane along the Lana" "samples: the HTML article"
expect_in "$TMP/out" "東京で桜の開花宣言" "samples: the RSS feed"
expect_in "$TMP/out" "Ice cores from Lake Baikal — Байкал" "samples: the Atom feed"
run --dump
expect_not_in "$TMP/out" "Prishtina marks independence day" "samples: not stored in the database"
checks=$((checks + 1))
[ ! -e "$XDG_DATA_HOME/newsreader/newsreader.db" ] || fail "samples: the printed list made a database"

# Without --dump: the list, one line per article, fitted to COLUMNS.
COLUMNS=50 run
expect_status 0 "list"
while IFS= read -r line; do
	w=$(printf '%s' "$line" | wc -m)
	checks=$((checks + 1))
	[ "$w" -le 50 ] || fail "list line wider than the terminal: $line"
done <"$TMP/out"
expect_in "$TMP/err" "Not a terminal, so the list is printed" "list: says why there is no interface"


# --render: its options alone, and what it refuses.
run --render "$top_srcdir/samples/tirana-cycling.html" --width 40
expect_status 0 "--render a sample"
expect_in "$TMP/out" "Links:" "--render lists the links"
run --render "$TMP/no-such-file.html"
expect_status 1 "--render a missing file"
expect_in "$TMP/err" "no-such-file.html" "--render names the missing file"
run --width 40
expect_status 2 "--width without --render"
run --render "$top_srcdir/samples/tirana-cycling.html" --width 0
expect_status 2 "--width 0"
run --render "$top_srcdir/samples/tirana-cycling.html" --width 12abc
expect_status 2 "--width not a number"
run --render "$top_srcdir/samples/tirana-cycling.html" --add https://example.org/feed
expect_status 2 "--render with --add"
run --render "$top_srcdir/samples/tirana-cycling.html" --dump
expect_status 2 "--render with --dump"
run --render "$top_srcdir/samples/tirana-cycling.html" "$top_srcdir/samples/world-news.rss"
expect_status 2 "--render with a PATH"

# Exports write where they are told: through a symbolic link (the link
# stays, its target is written), straight into a FIFO or /dev/stdout, and
# /dev/full is an error, never replaced by a file.
db=$TMP/state.db
run -d "$db" --update "$data/feeds/rss2.xml"
run -d "$db" --mark-all-read
mkdir -p "$TMP/exports"
ln -s target.txt "$TMP/exports/link.txt"
run -d "$db" --export-state="$TMP/exports/link.txt"
expect_status 0 "--export-state through a dangling symlink"
checks=$((checks + 1))
[ -L "$TMP/exports/link.txt" ] || fail "--export-state replaced a dangling symlink with a file"
expect_in "$TMP/exports/target.txt" "newsreader-state 1" "--export-state wrote the link's target"
echo old >"$TMP/exports/target.txt"
run -d "$db" --export-state="$TMP/exports/link.txt"
expect_status 0 "--export-state through a symlink"
checks=$((checks + 1))
[ -L "$TMP/exports/link.txt" ] || fail "--export-state replaced the symlink with a file"
expect_in "$TMP/exports/target.txt" "newsreader-state 1" "--export-state replaced the link's target"
checks=$((checks + 1))
[ "$(ls -A "$TMP/exports" | wc -l)" -eq 2 ] || fail "--export-state left files behind: $(ls -A "$TMP/exports")"

mkfifo "$TMP/exports/fifo"
timeout 30 cat "$TMP/exports/fifo" >"$TMP/fifo.out" &
reader=$!
timeout 20 "$NEWSREADER" -d "$db" --export-state="$TMP/exports/fifo" >"$TMP/out" 2>"$TMP/err"
status=$?
wait "$reader"
expect_status 0 "--export-state into a FIFO"
checks=$((checks + 1))
[ -p "$TMP/exports/fifo" ] || fail "--export-state replaced the FIFO with a file"
expect_in "$TMP/fifo.out" "newsreader-state 1" "--export-state wrote into the FIFO"

# /dev/stdout through a link in the scratch folder (a regression then
# replaces the link, never /dev/stdout: the tests may run as root), into a
# pipe, and into a file the shell opened for appending.
ln -s /dev/stdout "$TMP/exports/stdout"
"$NEWSREADER" -d "$db" --export-state="$TMP/exports/stdout" 2>"$TMP/err" | cat >"$TMP/out"
expect_in "$TMP/out" "newsreader-state 1" "--export-state to stdout, a pipe"
expect_not_in "$TMP/out" "articles written" "--export-state to stdout: the count is not in the export"
expect_in "$TMP/err" "articles written" "--export-state to stdout: the count on stderr"
echo "kept line" >"$TMP/out"
"$NEWSREADER" -d "$db" --export-state="$TMP/exports/stdout" >>"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 0 "--export-state to stdout, a file"
checks=$((checks + 1))
[ "$(head -n 2 "$TMP/out" | tr '\n' '|')" = "kept line|newsreader-state 1|" ] ||
	fail "--export-state to stdout appended to: $(head -c 200 "$TMP/out")"
checks=$((checks + 1))
[ -L "$TMP/exports/stdout" ] || fail "--export-state replaced the link to /dev/stdout"

# /dev/full through a link in the scratch folder: a regression then
# replaces the link, never the device (the tests may run as root).
if [ -c /dev/full ]; then
	ln -s /dev/full "$TMP/exports/full"
	run -d "$db" --export-state="$TMP/exports/full"
	expect_status 1 "--export-state to /dev/full"
	expect_in "$TMP/err" "full: cannot write: No space left on device" "--export-state to /dev/full says why"
	checks=$((checks + 1))
	[ -L "$TMP/exports/full" ] && [ -c /dev/full ] || fail "--export-state replaced /dev/full (or the link to it)"
fi

# Non-regular inputs are refused at once, never read without end or
# waited on.
timeout 20 "$NEWSREADER" -d "$db" --import-state=/dev/zero >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 1 "--import-state=/dev/zero"
expect_in "$TMP/err" "/dev/zero: cannot read: not a regular file" "--import-state=/dev/zero refused"
timeout 20 "$NEWSREADER" -d "$db" --import-state="$TMP/exports/fifo" >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 1 "--import-state of a FIFO"
expect_in "$TMP/err" "fifo: cannot read: not a regular file" "--import-state of a FIFO refused"
timeout 20 "$NEWSREADER" --render /dev/zero >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 1 "--render /dev/zero"
expect_in "$TMP/err" "/dev/zero: cannot read: not a regular file" "--render /dev/zero refused"

finish
