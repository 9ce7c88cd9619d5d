#!/bin/sh
# Unsubscribing from a local source in the sources pane (a [feed NAME] of a
# file, then one of a folder) takes effect at once, as for a feed on the
# web: R (reload all) does not read it again, its rows do not come back,
# and a folder's files all go with it, their articles out of the database
# but the starred.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/rss.sh"
. "$top_srcdir/tests/tmux.sh"

mkdir -p "$TMP/folder"
rss "$TMP/tech.xml" "Tech" "t1|Kernel news"
rss "$TMP/world.xml" "World" "w1|Elections today"
rss "$TMP/folder/a.xml" "Alpha" "a1|Alpha one" "a2|Alpha starred"
rss "$TMP/folder/b.xml" "Beta" "b1|Beta one"
conf=$TMP/config.ini
cat >"$conf" <<EOF
[general]
show_feeds = yes

[feed tech]
path = $TMP/tech.xml

[feed world]
path = $TMP/world.xml

[feed folder]
path = $TMP/folder
EOF
db=$TMP/db

start 120 24 -- -c "$conf" -d "$db"
wait_for "Elections today" "the list"
wait_for "Beta one" "the folder's files"
# Star one of the folder's articles: it stays when the folder goes.
keys / 'Alpha starred' Enter
keys s
keys Tab Tab
keys / 'World' Enter
keys D
wait_for "Unsubscribe and forget its articles but the starred? (yes/no)" "D asks"
keys yes Enter
wait_for "Unsubscribed from World" "unsubscribed from the file"
wait_gone "Elections today" "its articles are gone"
# The file changes; reloading every source does not read it again.
rss "$TMP/world.xml" "World" "w1|Elections today" "w2|Peace talks"
keys R
wait_for "Local sources read again: 0 new or changed articles." "R reads the other local sources, not this one"
not_on_screen "Peace talks" "R does not read the unsubscribed file"
not_on_screen "Elections today" "nor bring back its articles"
not_on_screen "World" "nor its row"

# A folder: unsubscribing from one of its files' rows takes all of them.
keys / 'Beta' Enter
keys D
wait_for "Unsubscribe and forget" "D asks for the folder"
keys yes Enter
wait_for "Unsubscribed from" "unsubscribed from the folder"
wait_gone "Beta one" "the folder's articles are gone"
not_on_screen "Alpha one" "every file's"
on_screen "Alpha starred" "the starred one stays"
rss "$TMP/folder/b.xml" "Beta" "b1|Beta one" "b2|Beta two"
keys R
wait_for "Local sources read again: 0 new or changed articles." "R passes the folder by"
not_on_screen "Beta" "R does not read the folder"
on_screen "Kernel news" "the other source stays"
keys Q
wait_for "EXIT:0" "quits"

expect_not_in "$conf" "[feed world]" "the file's section is cut"
expect_not_in "$conf" "[feed folder]" "the folder's section is cut"
run -c "$conf" -d "$db" --dump --fields=id,title
expect_status 0 "--dump"
expect_in "$TMP/out" "t1" "the other source's articles"
expect_in "$TMP/out" "a2" "the starred article of the folder"
for id in w1 w2 a1 b1 b2; do
	expect_not_in "$TMP/out" "$id	" "$id left the database"
done
finish
