#!/bin/sh
# One short scripted interface session under valgrind (memcheck): the list,
# the reader, help, marks, a feed fetched with a password_command, quit.
# No error, and no leak that valgrind calls definite. Skipped when valgrind
# is not installed or the build has the sanitizers (they do not mix).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind is not installed: skipped"
	exit 77
fi
if with_asan; then
	echo "a sanitizer build: valgrind skipped"
	exit 77
fi
. "$top_srcdir/tests/tmux.sh"
. "$top_srcdir/tests/httpd.sh"
base=$HTTPD_BASE
# valgrind is slow: be patient.
TIMEOUT=$((TIMEOUT * 3))

mkdir -p "$XDG_CONFIG_HOME"
cat >"$TMP/config.ini" <<EOS
[sources]
local = $top_srcdir/tests/data/feeds/rss2.xml

[feed private]
url = $base/auth?user=bob&pass=pw
title = Private feed
username = bob
password_command = echo pw
EOS

# The program as the tests start it, under valgrind.
cat >"$TMP/vg" <<EOS
#!/bin/sh
exec valgrind -q --error-exitcode=42 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --log-file="$TMP/valgrind.log" "$NEWSREADER" "\$@"
EOS
chmod +x "$TMP/vg"
NEWSREADER=$TMP/vg

start 100 30 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "Golden RSS" "the list under valgrind"
wait_for "Private feed" "the feed fetched with its password arrives"
keys j Enter
wait_for "Source:" "the reader opens"
keys q H
wait_for "Keys in the article list" "help opens"
keys q m s A
wait_for "marked read" "A marks the articles in view"
keys Q
wait_for "EXIT:" "quits"
checks=$((checks + 1))
on_screen "EXIT:0" "valgrind found nothing (exit 42 if it did)"
checks=$((checks + 1))
[ -e "$TMP/valgrind.log" ] || fail "valgrind did not run"
checks=$((checks + 1))
[ ! -s "$TMP/valgrind.log" ] || fail "valgrind says: $(cat "$TMP/valgrind.log")"
finish
