#!/bin/sh
# An HTML page the markup filter stopped (markup/bound.h: more than 20,000
# different names) says so in the interface as a feed would: the status
# line names the reason when the article is opened, and the message on
# standard error before the interface names the file.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

python3 - "$TMP/names.html" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("<html><head><title>Many names</title></head><body><p>Intro</p>"
            + "".join("<e%d a%d=x>" % (i, i) for i in range(30000)) + "<p>Outro</p></body></html>")
PY
start 120 24 -- -d "$TMP/db" "$TMP/names.html"
wait_for "Many names" "the page is listed"
keys Enter
wait_for "more than 20,000 different names of elements, attributes and entities: the rest is not read" \
    "the status line says why the page ends"
on_screen "Intro" "what came before is shown"
not_on_screen "Outro" "what came after is not"
keys Q
wait_for "EXIT:0" "quits"
on_screen "names.html: warning: more than 20,000 different names" "the file is named before the interface"
finish
