#!/bin/sh
# Sync with a real Tiny Tiny RSS (tests/ttrss-server.sh): the server's
# subscriptions, categories, articles and marks, both ways.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/httpd.sh"
. "$top_srcdir/tests/ttrss-server.sh"

# api JSON: one request to tt-rss's API, the answer on stdout.
api() {
	python3 -c 'import sys, urllib.request
r = urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/api/", sys.argv[2].encode()), timeout=30)
sys.stdout.write(r.read().decode())' "$TTRSS_URL" "$1"
}

# The server itself: the schema's user logs in through the API.
api '{"op":"login","user":"admin","password":"password"}' >"$TMP/login"
expect_in "$TMP/login" '"status":0' "the server's own login"
expect_in "$TMP/login" '"api_level":15' "the server's API level"

finish
