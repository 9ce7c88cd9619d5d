#!/bin/sh
# The program holds no path of the machine it was built on (only the
# installation folders configure was given), yet finds the samples when it
# runs from its build tree, from its own location.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

prefix=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")

# Debug information names the build folder, as it must; strip it first.
if command -v strip >/dev/null 2>&1; then
	strip -o "$TMP/stripped" "$NEWSREADER"
	LC_ALL=C tr -c '[:print:]' '\n' <"$TMP/stripped" | grep -F -e "$top_srcdir" -e "$top_builddir" |
		grep -vF "$prefix" >"$TMP/paths"
	checks=$((checks + 1))
	[ -s "$TMP/paths" ] && fail "the program holds build paths: $(head -5 "$TMP/paths")"
else
	echo "strip not found: the build paths are not checked"
fi

# From the build tree, with no NEWSREADER_SAMPLES: the samples beside
# src/ (only a build in the source tree has them there).
if [ "$(cd "$top_srcdir" && pwd -P)" = "$(cd "$top_builddir" && pwd -P)" ]; then
	(unset NEWSREADER_SAMPLES; exec "$NEWSREADER") >"$TMP/out" 2>"$TMP/err"
	status=$?
	expect_status 0 "uninstalled, from the build tree"
	expect_in "$TMP/out" "Prishtina marks independence day" "uninstalled: the samples"
fi

# A copy of the program elsewhere does not look in the build tree.
if [ ! -d "$prefix/share/newsreader/samples" ]; then
	mkdir -p "$TMP/src"
	cp "$NEWSREADER" "$TMP/src/newsreader"
	(unset NEWSREADER_SAMPLES; exec "$TMP/src/newsreader") >"$TMP/out" 2>"$TMP/err"
	status=$?
	expect_status 1 "a copy of the program with no samples beside it"
	expect_in "$TMP/err" "no samples installed" "a copy: no samples"
fi

# NEWSREADER_SAMPLES names the folder.
mkdir -p "$TMP/mine"
cp "$top_srcdir/samples/world-news.rss" "$TMP/mine/"
NEWSREADER_SAMPLES=$TMP/mine "$NEWSREADER" >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 0 "NEWSREADER_SAMPLES"
expect_not_in "$TMP/out" "Prishtina marks independence day" "NEWSREADER_SAMPLES: only that folder"
expect_in "$TMP/out" "東京で桜の開花宣言" "NEWSREADER_SAMPLES: its feed"
finish
