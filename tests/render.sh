#!/bin/sh
# The renderer through newsreader --render: golden outputs for every rule
# (tests/render/cases names each input, its widths and its --color widths;
# UPDATE_GOLDEN=1 rewrites the expected files, then read every one of them
# before committing), properties every output must have (no line wider than
# its width unless it is a single character cluster, no control character
# without --color), and deeply nested and huge HTML finishing in bounded
# time and memory.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

dir=$top_srcdir/tests/render
TIME_LIMIT=${RENDER_TIME_LIMIT:-60}

# check_output FILE WIDTH WHAT: no line wider than WIDTH columns unless it
# is one cluster; no C0/C1 control character or DEL.
check_output() {
	checks=$((checks + 1))
	python3 - "$1" "$2" <<'PY' || fail "$3"
import ctypes, ctypes.util, locale, sys, unicodedata
path, width = sys.argv[1], int(sys.argv[2])
bad = 0
# The C library's wcwidth: the table curses draws by (Thai and Devanagari
# vowel signs 0, wide characters 2).
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.setlocale(locale.LC_CTYPE, b"C.UTF-8")
def cols(s):
    # The columns of a string as a terminal draws it: wide characters 2,
    # combining marks and joiners 0.
    w = 0
    joined = False
    for ch in s:
        if joined or unicodedata.combining(ch) or ch in "\u200d\ufe0f\ufe0e" or 0x1f3fb <= ord(ch) <= 0x1f3ff:
            joined = ch == "\u200d"
            continue
        cw = libc.wcwidth(ord(ch))
        w += 1 if cw < 0 else cw
    return w
for n, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
    for ch in line:
        o = ord(ch)
        if o < 0x20 or 0x7f <= o < 0xa0 or 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069:
            print("line %d: control U+%04X" % (n, o), file=sys.stderr)
            bad += 1
    # Regional indicator pairs and ZWJ sequences: one cluster may overflow.
    if cols(line) > width and cols(line) > 2:
        print("line %d wider than %d: %r" % (n, width, line), file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
PY
}

while IFS='|' read -r input widths cwidths; do
	case $input in ''|'#'*) continue ;; esac
	name=${input%.*}
	for mode in plain color; do
		if [ $mode = plain ]; then ws=$widths; opt=; suffix=; else ws=$cwidths; opt=--color; suffix=.color; fi
		for w in $ws; do
			checks=$((checks + 1))
			want=$dir/$name$suffix.$w.out
			"$NEWSREADER" --render "$dir/$input" --width "$w" $opt >"$TMP/got" 2>"$TMP/err"
			status=$?
			if [ $status -ne 0 ] || [ -s "$TMP/err" ]; then
				fail "$input at $w $opt: status $status, stderr $(cat "$TMP/err")"
				continue
			fi
			if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
				cp "$TMP/got" "$want"
			elif ! diff -u "$want" "$TMP/got" >"$TMP/diff"; then
				fail "golden $name$suffix.$w:"
				cat "$TMP/diff" >&2
			fi
			if [ $mode = plain ]; then
				check_output "$TMP/got" "$w" "$input at width $w: line too wide or control character"
			fi
		done
	done
done <"$dir/cases"

# The --color output is the plain output plus SGR sequences.
for f in "$dir"/*.color.*.out; do
	checks=$((checks + 1))
	plain=$(echo "$f" | sed 's/\.color\././')
	sed 's/\x1b\[[0-9;]*m//g' "$f" | cmp -s - "$plain" || fail "$(basename "$f") without SGR differs from $(basename "$plain")"
done

# run_limited FILE WHAT: --render FILE within the time limit and, outside
# ASan (whose shadow memory needs terabytes of address space), under a
# memory limit of $mem_kb.
asan=0
if with_asan; then
	asan=1
fi
run_limited() {
	checks=$((checks + 1))
	start=$(date +%s)
	(
		[ $asan = 1 ] || ulimit -v "$mem_kb"
		exec timeout "$TIME_LIMIT" "$NEWSREADER" --render "$1" --width 80
	) >"$TMP/big.out" 2>"$TMP/big.err"
	status=$?
	end=$(date +%s)
	echo "$2: status $status in $((end - start)) s$( [ $asan = 1 ] && echo ' (ASan: no memory limit)')"
	[ $status -eq 0 ] || fail "$2: status $status (124: over $TIME_LIMIT s; else out of memory?): $(head -c 300 "$TMP/big.err")"
}

# Deep nesting: 100,000 levels of each kind. The walk keeps its state on
# the heap, so the C stack is not the limit.
mem_kb=262144
python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
n = 100000
open(d + "/div.html", "w").write("<div>" * n + "deep div text" + "</div>" * n)
open(d + "/b.html", "w").write("<b>" * n + "deep b text")
open(d + "/mixed.html", "w").write("<blockquote><ul><li><i>" * (n // 4) + "deep mixed text")
open(d + "/table.html", "w").write("<table><tr><td>" * (n // 3) + "deep table text")
open(d + "/list.html", "w").write("<ol><li>" * (n // 2) + "deep list text")
PY
for k in div b mixed table list; do
	run_limited "$TMP/$k.html" "100,000-deep $k"
	expect_in "$TMP/big.out" "deep $k text" "deep $k: the innermost text"
done
expect_in "$TMP/big.out" "1. " "deep list: markers"

# 50 MB of HTML: bounded by the output it makes (about ten times the
# input: the lines are all kept until written), here 1 GB.
mem_kb=1048576
python3 - "$TMP/big.html" <<'PY'
import sys
chunk = ('<h2>Section %d</h2><p>Some <b>bold</b> text with <a href="https://example.org/%d">a link</a> '
         'and more words to fill the line, caf\u00e9 \u6771\u4eac, <i>italic</i>, <code>code</code>.</p>'
         '<ul><li>item one<li>item two</ul><table><tr><th>A<th>B<tr><td>1<td>2</table><pre>x = 1;\n y = 2;</pre>\n')
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("<html><body>")
    n = i = 0
    while n < 50 * 1024 * 1024:
        s = chunk % (i, i % 5000)
        i += 1
        out.write(s)
        n += len(s.encode())
    out.write("<p>The very end.</p></body></html>")
PY
run_limited "$TMP/big.html" "50 MB of HTML"
expect_in "$TMP/big.out" "The very end." "50 MB: the last paragraph"
expect_in "$TMP/big.out" "[5000] https://example.org/4999" "50 MB: the link list"
finish
