#!/bin/sh
# The manual: mandoc -Tlint finds nothing, and every option --help lists
# is documented in it.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
page=$top_srcdir/man/newsreader.1

if [ -n "${MANDOC:-}" ]; then
	checks=$((checks + 1))
	"$MANDOC" -Tlint -W warning "$page" >"$TMP/lint" 2>&1 || fail "mandoc -Tlint: $(cat "$TMP/lint")"
	checks=$((checks + 1))
	"$MANDOC" -Tutf8 "$page" >/dev/null 2>&1 || fail "mandoc cannot render the page"
fi

run --help
for opt in $(grep -oE -- '--[a-z][a-z-]+' "$TMP/out" | sort -u); do
	checks=$((checks + 1))
	name=${opt#--}
	grep -qE -- "Fl -$name([^a-z-]|\$)" "$page" || fail "option $opt is not in the man page"
done
# Every action of the one actions table, with its default keys.
for act in $(sed -n 's/^.*X([A-Z_]*, "\([a-z-]*\)".*$/\1/p' "$top_srcdir/src/config/actions.h"); do
	checks=$((checks + 1))
	grep -q "^\.It Cm $act$" "$page" || fail "action $act is not in the man page's key table"
done
finish
