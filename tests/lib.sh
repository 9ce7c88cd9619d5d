# Shared by the shell tests: a scratch folder removed on exit, and checks
# that report what differed and carry on, so one run shows every failure.
# Run by make check, which sets top_srcdir, top_builddir and NEWSREADER.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${NEWSREADER:=$top_builddir/src/newsreader}"
LC_ALL=C.UTF-8
export LC_ALL
# Never read the user's own configuration or data.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nr-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
XDG_CONFIG_HOME=$TMP/config
XDG_DATA_HOME=$TMP/data
HOME=$TMP/home
export XDG_CONFIG_HOME XDG_DATA_HOME HOME
mkdir -p "$HOME"
failures=0
checks=0

fail() {
	failures=$((failures + 1))
	echo "FAIL: $*" >&2
}

# run ARGS...: run newsreader, keeping stdout, stderr and the exit status.
run() {
	"$NEWSREADER" "$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
}

expect_status() {
	checks=$((checks + 1))
	[ "$status" -eq "$1" ] || fail "$2: exit status $status, expected $1; stderr: $(cat "$TMP/err")"
}

# expect_in FILE TEXT WHAT: FILE contains TEXT (fixed string).
expect_in() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$1" || fail "$3: '$2' not in $(basename "$1"): $(head -c 600 "$1")"
}

expect_not_in() {
	checks=$((checks + 1))
	! grep -qF -- "$2" "$1" || fail "$3: '$2' unexpectedly in $(basename "$1")"
}

expect_lines() {
	checks=$((checks + 1))
	n=$(wc -l <"$1")
	[ "$n" -eq "$2" ] || fail "$3: $n lines in $(basename "$1"), expected $2"
}

# with_asan: the program is built with AddressSanitizer (gcc links libasan
# dynamically, clang statically: both leave __asan_init in the binary). Such
# a program cannot run under ulimit -v (its shadow memory is huge).
with_asan() {
	grep -qa __asan_init "$NEWSREADER"
}

finish() {
	echo "$checks checks, $failures failed"
	[ "$failures" -eq 0 ]
	exit $?
}
