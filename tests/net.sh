#!/bin/sh
# The network tests: starts the test HTTP server (tests/httpd.py) on
# 127.0.0.1, runs the unit-test programs that need it with its address in
# NR_TEST_HTTP, its request log in NR_TEST_HTTPD_LOG and the folder it
# serves under /files/ in NR_TEST_HTTPD_ROOT, then stops it. Nothing goes
# beyond loopback: no proxy is used.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# The programs to run against the server, one a line.
programs="
$top_builddir/tests/unit/test_fetch
$top_builddir/tests/unit/test_update
"

. "$top_srcdir/tests/httpd.sh"
NR_TEST_HTTP=$HTTPD_BASE
NR_TEST_HTTPD_LOG=$TMP/httpd.log
NR_TEST_HTTPD_ROOT=$TMP/www
export NR_TEST_HTTP NR_TEST_HTTPD_LOG NR_TEST_HTTPD_ROOT

ran=0
for prog in $programs; do
	name=$(basename "$prog")
	if [ ! -x "$prog" ]; then
		fail "$name: not built ($prog)"
		continue
	fi
	echo "== $name"
	"$prog"
	rc=$?
	case $rc in
	0)
		ran=$((ran + 1))
		checks=$((checks + 1))
		;;
	77)
		echo "$name: skipped"
		;;
	*)
		ran=$((ran + 1))
		checks=$((checks + 1))
		fail "$name: exit status $rc"
		;;
	esac
done
if [ "$ran" -eq 0 ]; then
	echo "nothing ran: skipped"
	exit 77
fi
if ! kill -0 "$httpd" 2>/dev/null; then
	fail "the test HTTP server died: $(cat "$TMP/httpd.err")"
fi
finish
