#!/bin/sh
# Hostile feeds: no external entity is ever read, entity expansion and
# nesting are bounded, and none of it crashes or hangs the program. Each
# run has a time limit and, where the build allows (not under ASan, which
# needs a large address space), a memory limit.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
conf=$top_srcdir/tests/data/conformance

limits=
if ! with_asan; then
	limits="ulimit -v 262144;"  # 256 MB
fi

# bounded NAME ARGS...: run newsreader within the limits.
bounded() {
	name=$1
	shift
	sh -c "$limits exec timeout 20 \"\$0\" \"\$@\"" "$NEWSREADER" "$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
	checks=$((checks + 1))
	[ "$status" -lt 124 ] || fail "$name: killed or timed out (status $status)"
}

# XXE: the file's contents never appear, with or without bodies.
for f in xxe.xml xxe-parameter.xml; do
	bounded "$f" --dump --body "$conf/$f"
	expect_status 0 "$f"
	expect_not_in "$TMP/out" "root:" "$f: /etc/passwd leaked"
done

# Billion laughs: finishes, says what is wrong, stays small.
bounded "billion laughs" --dump --body "$conf/billion-laughs.xml"
expect_in "$TMP/err" "billion-laughs.xml:" "billion laughs: the file named"
expect_in "$TMP/err" "entity" "billion laughs: the problem named"
checks=$((checks + 1))
[ "$(wc -c <"$TMP/out")" -lt 1000000 ] || fail "billion laughs: $(wc -c <"$TMP/out") bytes of output"

# 100,000 nested elements inside an item, and 100,000 nested items.
python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
n = 100000
with open(d + "/deep.xml", "w") as f:
    f.write('<rss version="2.0"><channel><title>Deep</title><item><title>Kept</title><description>')
    f.write("<div>" * n + "x" + "</div>" * n)
    f.write("</description></item></channel></rss>\n")
with open(d + "/deep-items.xml", "w") as f:
    f.write('<rss version="2.0"><channel><title>Deep items</title>')
    f.write("<item><title>i</title>" * n + "</item>" * n)
    f.write("</channel></rss>\n")
with open(d + "/deep.html", "w") as f:
    f.write("<html><head><title>Deep page</title></head><body>" + "<div>" * n + "text" + "</div>" * n + "</body></html>\n")
PY
for f in deep.xml deep-items.xml deep.html; do
	bounded "$f" --dump --body "$TMP/$f"
	checks=$((checks + 1))
	[ "$status" -le 1 ] || fail "$f: status $status: $(head -c 300 "$TMP/err")"
done
bounded "deep.xml title" --dump "$TMP/deep.xml"
expect_in "$TMP/out" "Kept" "deep.xml: the item before the depth limit"

# Heads that end without the byte that would stop a scan.
python3 -c "print('<' + 'a' * 5000)" >"$TMP/long-name.xml"
printf '<?xml version="1.0" encoding="latin1?><rss><channel><item><title>x</title></item></channel></rss>' \
    >"$TMP/open-quote.xml"
for f in long-name.xml open-quote.xml; do
	bounded "$f" --dump "$TMP/$f"
	checks=$((checks + 1))
	[ "$status" -le 1 ] || fail "$f: status $status: $(head -c 300 "$TMP/err")"
done

# A file name with an escape sequence is named without it.
bad=$(printf '%s/name\033]0;owned\007\033[31mred' "$TMP")
: >"$bad"
bounded "escape in a file name" --dump "$bad"
checks=$((checks + 1))
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/err"; then
	fail "escape in a file name reached stderr: $(od -c "$TMP/err" | head -3)"
fi
expect_in "$TMP/err" "namered: empty file" "escape in a file name: the name without it"

# A FIFO is refused at once, not read forever.
mkfifo "$TMP/fifo"
bounded "fifo" --dump "$TMP/fifo"
expect_status 1 "fifo"
expect_in "$TMP/err" "not a regular file" "fifo message"

# An article that shows a feed's markup in its text is still an article.
{
	echo "How to write a feed"
	echo
	i=0
	while [ "$i" -lt 10 ]; do
		echo "A line of prose about feeds, long enough to be a real paragraph of an article $i."
		i=$((i + 1))
	done
	echo '<rss version="2.0"><channel><title>Example</title></channel></rss>'
} >"$TMP/howto.txt"
bounded "howto" --dump "$TMP/howto.txt"
expect_status 0 "article with markup"
expect_in "$TMP/out" "How to write a feed" "article with markup is an article"

# Escape sequences and control characters never reach the output.
printf '<rss><channel><title>T\033]0;owned\007</title><item><title>a\033[2Jb&#x9b;2Jc&#x1b;[31md</title><link>https://x.example/\033[1m</link></item></channel></rss>' >"$TMP/esc.xml"
bounded "escapes" --dump "$TMP/esc.xml"
expect_status 0 "escapes"
checks=$((checks + 1))
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMP/out"; then
	fail "escapes: a control character in the output: $(od -c "$TMP/out" | head -5)"
fi
checks=$((checks + 1))
if LC_ALL=C grep -q "$(printf '\302\233')" "$TMP/out"; then
	fail "escapes: a C1 control in the output"
fi
finish
