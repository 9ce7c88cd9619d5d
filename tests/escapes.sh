#!/bin/sh
# No escape sequence from a file name, an id, a URL or a value reaches the
# terminal: every message that quotes one is sanitised like feed text. A
# file named with an OSC title sequence and a clear-screen sequence goes
# through --update, --dump, --mark-read, --export-state, --import-state,
# --render, -c and -d; neither stdout nor stderr may hold ESC or BEL.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
data=$top_srcdir/tests/data
evil=$(printf 'x\033]0;PWNED\007\033[2Jy')
db=$TMP/n.db

# no_escapes WHAT: neither $TMP/out nor $TMP/err holds ESC or BEL.
no_escapes() {
	for f in "$TMP/out" "$TMP/err"; do
		checks=$((checks + 1))
		if LC_ALL=C grep -q "$(printf '[\033\007]')" "$f"; then
			fail "$1: an escape sequence in $(basename "$f"): $(od -c "$f" | head -n 4)"
		fi
	done
}

mkdir -p "$TMP/lib"
cp "$data/feeds/rss2.xml" "$TMP/lib/$evil.xml"
run -d "$db" --update "$TMP/lib/$evil.xml"
expect_status 0 "--update of the file"
expect_in "$TMP/out" "articles" "--update says what it read"
no_escapes "--update summary"

# A feed without a title is named after its file, in --dump's source
# field and in the database.
printf '<rss version="2.0"><channel><item><guid>g1</guid><title>T</title></item></channel></rss>\n' \
	>"$TMP/lib/$evil-untitled.xml"
run --dump "$TMP/lib/$evil-untitled.xml"
expect_status 0 "--dump of a feed without a title"
expect_in "$TMP/out" "untitled.xml" "--dump names the feed after its file"
no_escapes "--dump of a feed without a title"
run -d "$db" --update "$TMP/lib/$evil-untitled.xml"
run -d "$db" --dump --fields=source,title
no_escapes "--dump from the database of a feed without a title"

run -d "$db" --dump "$TMP/lib/$evil-missing.xml"
expect_status 1 "--dump of a missing file"
no_escapes "--dump of a missing file"

printf 'not a feed at all\001\002' >"$TMP/lib/$evil.bin"
run --dump "$TMP/lib/$evil.bin"
no_escapes "--dump of a binary file"

run -d "$db" --mark-read "$evil"
expect_status 1 "--mark-read of an unknown id"
expect_in "$TMP/err" "no article with this id" "--mark-read names the id"
no_escapes "--mark-read message"

run -d "$db" --star "$evil" "$evil"
no_escapes "--star message"

run -d "$db" --export-state="$TMP/$evil.state"
expect_status 0 "--export-state"
expect_in "$TMP/out" "articles written" "--export-state says so"
no_escapes "--export-state message"

run -d "$db" --import-state="$TMP/$evil.state"
expect_status 0 "--import-state"
expect_in "$TMP/out" "articles applied" "--import-state says so"
no_escapes "--import-state message"

run -d "$db" --import-state="$TMP/$evil.missing"
expect_status 1 "--import-state of a missing file"
no_escapes "--import-state of a missing file"

printf 'newsreader-state 1\nq\tx\t\t\n' >"$TMP/$evil.bad"
run -d "$db" --import-state="$TMP/$evil.bad"
expect_status 1 "--import-state of a bad file"
no_escapes "--import-state of a bad file"

run -d "$db" --export-state="$TMP/$evil-no-folder/state"
no_escapes "--export-state into a missing folder"

run --render "$TMP/$evil.missing"
no_escapes "--render of a missing file"

run -c "$TMP/$evil.ini" --dump "$data/feeds/rss2.xml"
no_escapes "-c of a missing file"

printf '[general]\nsort = newest\n' >"$TMP/$evil.ini"
run -c "$TMP/$evil.ini" --print-keys
expect_status 0 "--print-keys"
expect_in "$TMP/out" "Key bindings in effect" "--print-keys names the file"
no_escapes "--print-keys of a file with such a name"

printf '[general]\nsort = %s\n' "$evil" >"$TMP/$evil.ini"
run -c "$TMP/$evil.ini" --dump "$data/feeds/rss2.xml"
expect_status 2 "a bad value"
no_escapes "-c with a bad value"

run -d "$TMP/$evil-dir/" --dump
no_escapes "-d in a missing folder"

head -c 4096 /dev/urandom >"$TMP/$evil.db"
run -d "$TMP/$evil.db" --dump
expect_status 1 "-d of random bytes"
no_escapes "-d of random bytes"

run --width "$evil" --render "$data/feeds/rss2.xml"
no_escapes "--width with a bad value"

run -d "$db" --export-state="$TMP/s" "$evil"
no_escapes "an unexpected argument"

run --add "https://example.org/$evil" -c "$TMP/add.ini"
no_escapes "--add of a URL with an escape sequence"

run "--$evil"
expect_status 2 "an unknown option"
no_escapes "an unknown option"

finish
