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

if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 is not installed: skipped"
	exit 77
fi

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy ftp_proxy FTP_PROXY
no_proxy=127.0.0.1,localhost
NO_PROXY=$no_proxy
export no_proxy NO_PROXY

mkdir -p "$TMP/www"
python3 "$top_srcdir/tests/httpd.py" --port-file "$TMP/port" --log "$TMP/httpd.log" \
    --root "$TMP/www" 2>"$TMP/httpd.err" &
httpd=$!
trap 'kill "$httpd" 2>/dev/null; wait "$httpd" 2>/dev/null; rm -rf "$TMP"' EXIT

# Wait for it to listen (it writes the port file then), at most 10 s.
i=0
while [ ! -s "$TMP/port" ]; do
	if ! kill -0 "$httpd" 2>/dev/null || [ "$i" -ge 100 ]; then
		echo "the test HTTP server did not start: $(cat "$TMP/httpd.err")" >&2
		exit 99
	fi
	sleep 0.1
	i=$((i + 1))
done
NR_TEST_HTTP=http://127.0.0.1:$(cat "$TMP/port")
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
