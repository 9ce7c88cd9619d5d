# Shared by the network tests (sourced after tests/lib.sh, and after
# tests/tmux.sh if the test drives the interface): tests/httpd.py started
# on 127.0.0.1 with a port of its own, serving $TMP/www under /files/,
# logging each request to $TMP/httpd.log; stopped on exit. Sets
# HTTPD_BASE (http://127.0.0.1:PORT). Nothing goes through a proxy.
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
trap 'kill "$httpd" 2>/dev/null; wait "$httpd" 2>/dev/null;
	[ -n "${SOCK:-}" ] && tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT

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
HTTPD_BASE=http://127.0.0.1:$(cat "$TMP/port")
