#!/bin/sh
# Every header under src/ compiles on its own, after config.h only, and
# twice in a row (its include guard works), without a warning: a header
# includes what it uses. make check passes the compiler and the flags the
# build uses (NR_CC, NR_CPPFLAGS, NR_CFLAGS).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

if [ -z "${NR_CC:-}" ]; then
	echo "SKIP: run by make check, which names the compiler"
	exit 77
fi

for h in $(cd "$top_srcdir/src" && find . -name '*.h' | sed 's|^\./||' | LC_ALL=C sort); do
	checks=$((checks + 1))
	printf '#include "config.h"\n#include "%s"\n#include "%s"\n' "$h" "$h" >"$TMP/one.c"
	# eval: the flags are written as make passes them to the shell
	# (-DLOCALEDIR=\"...\").
	if ! eval "$NR_CC $NR_CPPFLAGS $NR_CFLAGS -fsyntax-only \"\$TMP/one.c\"" >"$TMP/cc" 2>&1; then
		fail "src/$h does not compile on its own:
$(head -20 "$TMP/cc")"
	elif [ -s "$TMP/cc" ]; then
		fail "src/$h on its own gives warnings:
$(head -20 "$TMP/cc")"
	fi
done
finish
