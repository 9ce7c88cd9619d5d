#!/bin/sh
# The translations: every catalog of po/LINGUAS passes msgfmt --check and is
# complete (nothing fuzzy or untranslated), and the program speaks German and
# Albanian from catalogs compiled here (NEWSREADER_LOCALEDIR), with the
# option lines of --help aligned as in English.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
po=$top_srcdir/po

if ! command -v msgfmt >/dev/null 2>&1; then
	echo "SKIP: msgfmt not found"
	exit 77
fi

langs=$(sed -e 's/#.*//' "$po/LINGUAS")
for lang in $langs; do
	checks=$((checks + 1))
	if [ ! -f "$po/$lang.po" ]; then
		fail "$lang is in LINGUAS but po/$lang.po is missing"
		continue
	fi
	msgfmt --check -o /dev/null "$po/$lang.po" >"$TMP/msgfmt" 2>&1 || fail "msgfmt --check $lang.po: $(cat "$TMP/msgfmt")"
	checks=$((checks + 1))
	msgfmt --statistics -o /dev/null "$po/$lang.po" >"$TMP/stats" 2>&1
	grep -Eq 'fuzzy|untranslated' "$TMP/stats" && fail "$lang.po is incomplete: $(cat "$TMP/stats")"
done

# Running in a language needs a build with NLS.
if ! grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" 2>/dev/null; then
	echo "NLS is disabled: the catalogs are checked but not run"
	finish
fi

# The option names of --help's option lines, with the column their text starts at.
option_columns() {
	awk '/^  -[A-Za-z], --|^      --/ {
		match($0, /^ +-[^ ]*( --[^ ]*)? +/)
		opt = substr($0, 1, RLENGTH)
		sub(/ +$/, "", opt)
		print opt " " RLENGTH
	}' "$1"
}

# run_in LANG ARGS...: run newsreader in LANG with the catalogs compiled here.
run_in() {
	lang=$1
	shift
	LANGUAGE=$lang NEWSREADER_LOCALEDIR=$TMP/locale "$NEWSREADER" "$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
}

run --help
cp "$TMP/out" "$TMP/help.en"
option_columns "$TMP/help.en" >"$TMP/columns.en"

# check_language LANG USAGE CANNOT_OPEN: --help begins with USAGE, and a
# missing file is reported with CANNOT_OPEN.
check_language() {
	mkdir -p "$TMP/locale/$1/LC_MESSAGES"
	checks=$((checks + 1))
	msgfmt -o "$TMP/locale/$1/LC_MESSAGES/newsreader.mo" "$po/$1.po" || {
		fail "msgfmt cannot compile $1.po"
		return
	}
	run_in "$1" --help
	expect_status 0 "$1: --help"
	expect_in "$TMP/out" "$2 newsreader [OPTION]... [PATH]..." "$1: --help usage line"
	expect_not_in "$TMP/out" "Read news in the terminal" "$1: --help description"
	option_columns "$TMP/out" >"$TMP/columns.$1"
	checks=$((checks + 1))
	cmp -s "$TMP/columns.en" "$TMP/columns.$1" ||
	    fail "$1: --help option lines not aligned as in English: $(diff "$TMP/columns.en" "$TMP/columns.$1")"
	checks=$((checks + 1))
	# Continuation lines of the option descriptions start at column 26.
	awk '/^  -|^      --/ { opts = 1 } opts && /^$/ { opts = 0 }
	    opts && /^ / && !/^  -|^      --/ && !/^                         [^ ]/ { print; bad = 1 }
	    END { exit bad }' "$TMP/out" >"$TMP/misaligned" ||
	    fail "$1: --help continuation lines misaligned: $(cat "$TMP/misaligned")"

	run_in "$1" --dump "$TMP/missing.rss"
	expect_status 1 "$1: missing file"
	expect_in "$TMP/err" "newsreader: $TMP/missing.rss: $3: " "$1: missing file message"

	run_in "$1" --no-such-option
	expect_status 2 "$1: unknown option"
	expect_in "$TMP/err" "newsreader --help" "$1: unknown option hint"
	expect_not_in "$TMP/err" "Try 'newsreader --help'" "$1: unknown option hint translated"
}

check_language de "Aufruf:" "kann nicht geöffnet werden"
check_language sq "Përdorimi:" "nuk mund të hapet"

# An empty NEWSREADER_LOCALEDIR is ignored: the installed catalogs, if any,
# are used, and nothing fails.
LANGUAGE=de NEWSREADER_LOCALEDIR= "$NEWSREADER" --version >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 0 "empty NEWSREADER_LOCALEDIR"
finish
