#!/bin/sh
# Golden tests: each line of tests/golden/cases names a case and the
# newsreader arguments (paths relative to a copy of tests/data whose files
# all have the same mtime); the output must equal tests/golden/NAME.out,
# with the copy's folder written as @DATA@. UPDATE_GOLDEN=1 rewrites the
# expected files (then read the diff before committing it).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

cp -R "$top_srcdir/tests/data" "$TMP/data"
chmod -R u+w "$TMP/data"
find "$TMP/data" -exec touch -h -d @1700000000 {} +
data=$(cd "$TMP/data" && pwd -P)

while IFS='|' read -r name args; do
	case $name in ''|'#'*) continue ;; esac
	checks=$((checks + 1))
	# shellcheck disable=SC2086 # args are words by design
	(cd "$data" && "$NEWSREADER" $args) >"$TMP/got" 2>"$TMP/got.err"
	echo "status $?" >>"$TMP/got"
	sed "s|$data|@DATA@|g" "$TMP/got.err" >>"$TMP/got"
	sed -i "s|$data|@DATA@|g" "$TMP/got"
	want=$top_srcdir/tests/golden/$name.out
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$TMP/got" "$want"
	elif ! diff -u "$want" "$TMP/got" >"$TMP/diff"; then
		fail "golden $name ($args):"
		cat "$TMP/diff" >&2
	fi
done <"$top_srcdir/tests/golden/cases"
finish
