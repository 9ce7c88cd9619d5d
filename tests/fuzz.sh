#!/bin/sh
# The fuzz targets (tests/fuzz/fuzz_*) run once over their corpora: the
# test data of the module each one reads, and tests/fuzz/corpus/TARGET/,
# which keeps every input a fuzzer found a crash with. In a normal build the
# targets are the replay driver (tests/fuzz/replay.c); with --enable-fuzzing
# they are libFuzzer programs, which run files given by name once each.
# Either way a crash, a sanitizer report or a leak fails the target.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

fuzz=$top_builddir/tests/fuzz
corpus=$top_srcdir/tests/fuzz/corpus
data=$top_srcdir/tests/data
# The targets' scratch files go where lib.sh removes them, even after a crash.
TMPDIR=$TMP
export TMPDIR

# replay TARGET PATH...: TARGET runs on every file under the PATHs (files or
# folders; those missing are skipped).
replay() {
	target=$1
	shift
	checks=$((checks + 1))
	if [ ! -x "$fuzz/$target" ]; then
		fail "$target: not built"
		return
	fi
	n=$#
	for p in "$@" "$corpus/$target"; do
		[ -e "$p" ] && set -- "$@" "$p"
	done
	shift "$n"
	if [ $# -eq 0 ]; then
		fail "$target: no corpus"
		return
	fi
	# Every file once, each named in the log before it runs (so a crash
	# names its input).
	if ! find "$@" -type f -exec "$fuzz/$target" {} + >"$TMP/$target.log" 2>&1; then
		fail "$target: $(grep -E '^(replay|Running):|ERROR|runtime error|SUMMARY' "$TMP/$target.log" | tail -n 12)"
		return
	fi
	echo "$target: $(grep -cE '^(replay: |Executed )' "$TMP/$target.log") inputs"
}

replay fuzz_feed "$data" "$top_srcdir/samples"
replay fuzz_render "$top_srcdir"/tests/render/*.html "$top_srcdir"/tests/render/*.txt \
	"$data/html" "$data/text" "$top_srcdir/samples"
replay fuzz_text "$data/text" "$data/html" "$data/folder" "$top_srcdir/samples"
replay fuzz_opml "$data/opml"
replay fuzz_config
replay fuzz_date "$data/text"
replay fuzz_state
finish
