#!/bin/sh
# Big and hostile JSON feeds read by the program: a feed file of any size
# is read in little memory and time linear in its size (the items one at a
# time, at most 1000 tags, authors and attachments an item). Each run has
# a time limit and, where the build allows (not under ASan, which needs a
# large address space), a memory limit; the feeds are made here.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# bounded NAME KB ARGS...: run newsreader within KB of address space (when
# not under ASan) and 60 seconds.
bounded() {
	name=$1
	limits=
	if ! with_asan; then
		limits="ulimit -v $2;"
	fi
	shift 2
	sh -c "$limits exec timeout 60 \"\$0\" \"\$@\"" "$NEWSREADER" "$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
	checks=$((checks + 1))
	[ "$status" -lt 124 ] || fail "$name: killed or timed out (status $status)"
}

python3 - "$TMP" <<'PY'
import sys
tmp = sys.argv[1]
head = '{"version":"https://jsonfeed.org/version/1.1",'
# A million tiny items, 18 MB; the feed's title after them.
with open(tmp + '/million.json', 'w') as f:
    f.write(head + '"items":[')
    f.write(','.join('{"id":"%07d"}' % i for i in range(1000000)))
    f.write('],"title":"Million"}')
# One item with 7.5 million tags (30 MB), then one more item.
with open(tmp + '/tags.json', 'w') as f:
    f.write(head + '"title":"Tags","items":[{"id":"many","title":"Many tags","tags":[')
    f.write(','.join(['"t"'] * 7500000))
    f.write(']},{"id":"after","title":"After"}]}')
# 8 million items that are not objects (16 MB), skipped, around one that is.
with open(tmp + '/numbers.json', 'w') as f:
    f.write(head + '"title":"Numbers","items":[')
    f.write('0,' * 4000000)
    f.write('{"id":"one","title":"The only item"},')
    f.write(','.join(['0'] * 4000000))
    f.write(']}')
PY

# Before: 1.1 GB and out of memory under 512 MB ("not an object").
bounded "million" 524288 --dump "$TMP/million.json"
expect_status 0 "million"
expect_lines "$TMP/out" 1000000 "million: every item"
expect_in "$TMP/out" "Million" "million: the feed's title, written after the items"

# Before: 685 MB.
bounded "tags" 262144 --dump "$TMP/tags.json"
expect_status 0 "tags"
expect_in "$TMP/out" "Many tags" "tags: the item"
expect_in "$TMP/out" "After" "tags: the item after it"

bounded "numbers" 262144 --dump "$TMP/numbers.json"
expect_status 0 "numbers"
expect_lines "$TMP/out" 1 "numbers: the one item"
expect_in "$TMP/out" "The only item" "numbers: the item"
finish
