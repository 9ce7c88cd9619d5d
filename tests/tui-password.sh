#!/bin/sh
# A feed's password_command never touches the terminal, and the interface
# never waits for it: one that reads stdin reads /dev/null (not the keys
# typed, which must not reach the server as a password), one that sleeps
# leaves the keys answered at once, and one that takes over 10 s is killed
# and its feed listed by E as failed, as a fetch that failed would be.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

. "$top_srcdir/tests/httpd.sh"
base=$HTTPD_BASE

mkdir -p "$XDG_CONFIG_HOME"
cat >"$TMP/config.ini" <<EOS
[sources]
local = $top_srcdir/tests/data/feeds/rss2.xml

[feed reads]
url = $base/auth?user=bob&pass=pw
username = bob
password_command = "read p; echo \$p"

[feed sleeps]
url = $base/auth?user=bob&pass=x&n=2
username = bob
password_command = sleep 12; echo x
EOS

t0=$(date +%s)
start 120 30 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "Golden RSS" "the stored articles are listed"
# Keys answer at once: help opens and closes, well before 12 s.
keys H
wait_for "Keys in the article list" "help opens while the commands run"
keys q
wait_gone "Keys in the article list" "help closes"
t1=$(date +%s)
checks=$((checks + 1))
[ $((t1 - t0)) -lt 8 ] || fail "keys waited for the password_command: $((t1 - t0)) s"
# The keys typed were not read as the password: the server heard
# nothing but the empty line from /dev/null.
keys j k
TIMEOUT=30
wait_for "E shows why" "the end of the update says feeds failed"
keys E
wait_for "did not finish within 10 s" "E shows the command's time-out"
wait_for "HTTP 401" "E shows the failure of the feed whose command read nothing"
keys q
checks=$((checks + 1))
! grep -q 'pass=x&n=2' "$TMP/httpd.log" || fail "the killed command's feed was fetched"
keys Q
wait_for "EXIT:0" "quits cleanly"
finish
