#!/bin/sh
# Marks in the interface are what they say. A (mark-all-read) marks the
# articles listed, not those an --update run from elsewhere (cron) adds to
# the database while the interface is open; and a mark the database
# refuses (another process holding its write lock) is said to have failed,
# within moments, and nothing is marked.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

# feed FILE N: an RSS file of N items, item i dated i days after 2026-01-01.
feed() {
	{
		echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Cron feed</title>'
		i=1
		while [ "$i" -le "$2" ]; do
			printf '<item><guid>g%d</guid><title>Item %d</title><pubDate>%s</pubDate></item>\n' \
			    "$i" "$i" "$(date -u -d "2026-01-01 +$i days" '+%a, %d %b %Y 00:00:00 +0000')"
			i=$((i + 1))
		done
		echo '</channel></rss>'
	} >"$1"
}

mkdir -p "$XDG_CONFIG_HOME"
feed "$TMP/cron.xml" 3
printf '[sources]\ncron = %s\n' "$TMP/cron.xml" >"$TMP/config.ini"

start 100 20 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "Item 3" "the three articles are listed"
wait_for "3 unread" "three unread"
# cron: two more articles come into the database.
feed "$TMP/cron.xml" 5
run -c "$TMP/config.ini" -d "$TMP/db" --update
expect_status 0 "--update while the interface is open"
keys A
wait_for "3 articles marked read" "A marks the three listed"
keys Q
wait_for "EXIT:0" "quits"
run -c "$TMP/config.ini" -d "$TMP/db" --dump --unread --fields=title
expect_status 0 "--dump --unread"
expect_lines "$TMP/out" 2 "the two never listed stay unread"
expect_in "$TMP/out" "Item 5" "the two never listed stay unread"
expect_in "$TMP/out" "Item 4" "the two never listed stay unread"

# Another process holds the write lock: m fails, says so, marks nothing.
start 100 20 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "Item 5" "the list again"
python3 - "$TMP/db" "$TMP/locked" "$TMP/unlock" <<'EOP' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.05)
db.execute("ROLLBACK")
EOP
locker=$!
i=0
while [ ! -e "$TMP/locked" ] && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
t0=$(python3 -c 'import time; print(int(time.time() * 1000))')
keys g m
wait_for "Not marked read" "a refused mark is reported"
t1=$(python3 -c 'import time; print(int(time.time() * 1000))')
checks=$((checks + 1))
# The mark waits a second for the other writer, not the store's 5.
[ $((t1 - t0)) -lt 4000 ] || fail "the refused mark took $((t1 - t0)) ms"
not_on_screen "Marked read." "no success claimed"
: >"$TMP/unlock"
wait "$locker"
keys Q
wait_for "EXIT:0" "quits"
run -c "$TMP/config.ini" -d "$TMP/db" --dump --unread --fields=title
expect_lines "$TMP/out" 2 "the refused mark was not written"

# Saving an article onto a FIFO nobody reads says so at once: the
# interface never waits in open() for a reader.
mkfifo "$TMP/save.fifo"
start 100 20 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "Item 5" "the list once more"
keys S C-u
T send-keys -l "$TMP/save.fifo"
keys Enter
wait_for "Replace it?" "the FIFO exists"
keys y Enter
wait_for "no process is reading this FIFO" "a FIFO without a reader is refused"
keys Q
wait_for "EXIT:0" "quits after the refused save"
finish
