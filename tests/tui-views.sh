#!/bin/sh
# A newsboat user's day in the interface, point by point (issue 14):
# 1. unread-only and starred-only views, sources with nothing unread
#    hidden, the sort cycled and reversed from the keyboard;
# 2. tags grouping the sources pane, with counts, chosen and collapsed;
# 4. q going back one level and quitting only at the top, Q from anywhere;
# 7. ] from the list marking what it shows, starred rows keeping N;
# 8. keys no terminal sends refused at load, a key taken twice in a
#    section refused, S-Tab and C-Right bound;
# 9. a configuration with a byte order mark, enclosures with type and
#    size, text_width.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

# feed FILE TITLE PREFIX N DAY AUTHOR: an RSS file of N items "PREFIX i",
# item i dated 10 * i + DAY days after 2026-01-01; the first has an
# enclosure.
feed() {
	{
		printf '<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>\n' "$2"
		i=1
		while [ "$i" -le "$4" ]; do
			printf '<item><guid>%s%d</guid><title>%s %d</title><author>%s</author><pubDate>%s</pubDate>' \
			    "$3" "$i" "$3" "$i" "$6" \
			    "$(date -u -d "2026-01-01 +$((10 * i + $5)) days" '+%a, %d %b %Y 00:00:00 +0000')"
			printf '<description>A paragraph long enough to be wrapped at the text width that the '
			printf 'configuration asks for, whatever the width of the pane.</description>'
			[ "$i" -eq 1 ] && printf '<enclosure url="https://example.org/%s.mp3" type="audio/mpeg" length="1500000"/>' "$3"
			printf '</item>\n'
			i=$((i + 1))
		done
		echo '</channel></rss>'
	} >"$1"
}

# Newest first: Alpha 3, Beta 2, Alpha 2, Beta 1, Alpha 1, Gamma 1.
feed "$TMP/alpha.xml" "Alpha feed" Alpha 3 0 "ann@example.org (Ann)"
feed "$TMP/beta.xml" "Beta feed" Beta 2 5 "zoe@example.org (Zoe)"
feed "$TMP/gamma.xml" "Gamma feed" Gamma 1 -9 "nobody@example.org (Nobody)"

# Written by an editor that starts UTF-8 with a byte order mark.
printf '\357\273\277; newsreader\n[general]\nshow_feeds = yes\ntext_width = 40\nlayout = vertical\n' >"$TMP/config.ini"
cat >>"$TMP/config.ini" <<EOS
[feed alpha]
path = $TMP/alpha.xml
tags = news, both
[feed beta]
path = $TMP/beta.xml
tags = blog both
[feed gamma]
path = $TMP/gamma.xml
[keys]
toggle-feeds = f S-Tab
cycle-sort = O C-Right
toggle-starred-only = * C-Space
EOS

# ---- 8: keys that cannot work are refused, naming the line ----
for k in C-j C-i C-m 'C-['; do
	printf '[keys]\ndown = j %s\n' "$k" >"$TMP/bad.ini"
	run -c "$TMP/bad.ini" --print-keys
	expect_status 2 "$k refused"
	expect_in "$TMP/err" "bad.ini:2: the terminal sends this key as" "$k: the line and why"
done
printf '[keys]\nquit = z\nhelp = z\n' >"$TMP/bad.ini"
run -c "$TMP/bad.ini" --print-keys
expect_status 2 "a key taken from another action of the section"
expect_in "$TMP/err" "bad.ini:3: z is bound to quit on line 2 of this section already: 'help'" \
    "the later line names the earlier"
printf '[keys]\nquit = " "\n' >"$TMP/bad.ini"
run -c "$TMP/bad.ini" --print-keys
expect_status 2 "quit = \" \" is not none"
expect_in "$TMP/err" "written Space" "quit = \" \": what to write"
run -c "$TMP/config.ini" --print-keys
expect_status 0 "--print-keys with the byte order mark"
expect_in "$TMP/out" "focus-next = Tab" "--print-keys"
expect_in "$TMP/out" "toggle-feeds = f S-Tab" "S-Tab printed by its name"
expect_in "$TMP/out" "cycle-sort = O C-Right" "C-Right printed by its name"
expect_in "$TMP/out" "toggle-starred-only = * C-@" "C-Space printed as C-@"
expect_in "$TMP/out" "back = q" "back is q"

start 120 24 -- -c "$TMP/config.ini" -d "$TMP/db"
# ---- 2: tags in the sources pane, a feed with two under both ----
wait_for "Alpha 3" "the list"
wait_for "▾ news" "the tag news"
on_screen "▾ both" "the tag both"
on_screen "▾ blog" "the tag blog"
screen
checks=$((checks + 1))
[ "$(grep -c '  Alpha feed' "$TMP/screen")" -eq 2 ] || fail "Alpha is under news and both: $(cat "$TMP/screen")"
checks=$((checks + 1))
grep -q 'both  *5' "$TMP/screen" || fail "both counts 5 unread: $(cat "$TMP/screen")"
checks=$((checks + 1))
grep -q '^Gamma feed  *1' "$TMP/screen" || fail "Gamma, untagged, at the top level: $(cat "$TMP/screen")"
# blog: its feed's articles only (Tab: list, reader, sources pane).
keys Tab Tab
keys j j j j j j
keys Enter
wait_for "blog: 2 unread" "choosing a tag lists its feeds' articles"
not_on_screen "Alpha 3" "Alpha is not in blog"
# z on a feed under news collapses news.
keys BTab
wait_gone "▾ news" "S-Tab hides the sources pane"
keys BTab
wait_for "▾ news" "and shows it again"
keys g j j z
wait_for "▸ news" "z collapses the tag"
keys z
wait_for "▾ news" "z expands it again"

# ---- 4: q goes back a level, Q from anywhere ----
keys q
wait_for "All articles: 6 unread" "q: from the tag back to all articles"
keys Tab
keys l
keys Alpha Enter
wait_for "3 articles match" "a limit"
keys C-l
wait_for "limited to 'Alpha'" "the limit in the status line"
keys Enter
wait_for "Source: Alpha feed" "the reader"
keys q
wait_for "limited to 'Alpha'" "q: reader to the limited list"
keys q
wait_for "All articles: 5 unread" "q: the limit undone"
on_screen "Beta 2" "all articles again"
checks=$((checks + 1))
grep -q 'EXIT:' "$TMP/screen" && fail "quit before the top"

# ---- 9: enclosure with type and size; text_width ----
keys G
keys Enter
wait_for "Source: Gamma feed" "the last article opened"
wait_for "audio/mpeg" "the enclosure's type"
wait_for "1.5 MB" "the enclosure's size"
screen
# The reader is right of the list's separator; its text is at most 40
# columns wide there, although the pane is wider.
checks=$((checks + 1))
awk -F'│' 'NF > 2 && length($3) > 40 { bad = 1 } END { exit bad }' "$TMP/screen" ||
	fail "text_width: a reader line wider than 40: $(cat "$TMP/screen")"
checks=$((checks + 1))
grep -q 'A paragraph long enough' "$TMP/screen" || fail "the body is shown: $(cat "$TMP/screen")"
keys q

# ---- 7: ] from the list marks what it shows; starred rows keep N ----
keys g
wait_for "All articles: 4 unread" "the first article"
keys ']'
wait_for "All articles: 3 unread" "] marks the next unread read, shown in the reader"
keys j s j s
wait_for "Starred." "two starred"
keys g
screen
checks=$((checks + 1))
grep -q 'N\* .*Alpha 2' "$TMP/screen" || fail "a starred unread row not selected keeps N: $(cat "$TMP/screen")"

# ---- 1: unread only, starred only, sort, sources read through ----
keys U
wait_for "Showing unread articles only" "U: unread only"
keys C-l
wait_for "[unread only]" "the filter in the status line"
not_on_screen "Alpha 3" "a read article hidden"
keys '*'
wait_for "Showing starred articles only" "*: starred only"
keys C-l
wait_for "[starred only]" "both filters in the status line"
not_on_screen "Alpha 3" "still hidden"
on_screen "Alpha 2" "the starred unread one"
keys q
wait_gone "[starred only]" "q: starred only undone"
keys q
wait_gone "[unread only]" "q: unread only undone"
on_screen "Alpha 3" "all again"
# C-Space, which terminals send as NUL, is a key like any other.
keys C-Space
wait_for "Showing starred articles only" "C-Space bound"
keys C-Space
wait_for "Showing starred and unstarred articles" "C-Space again"
keys O
wait_for "Sorted by title." "O: by title"
keys C-l
wait_for "[title]" "the order in the status line"
keys '~'
wait_for "Sorted by title, reversed." "~ reverses"
keys C-Right
wait_for "Sorted by source." "C-Right bound to cycle-sort"
keys O
wait_for "Sorted by author." "by author"
screen
checks=$((checks + 1))
# Ann's articles before Zoe's, and Nobody's between.
awk '/Alpha [0-9]/ { if (!a) a = NR } /Gamma 1/ { g = NR } /Beta [0-9]/ { if (!b) b = NR }
    END { exit !(a < g && g < b) }' "$TMP/screen" || fail "by author: $(cat "$TMP/screen")"
# Gamma read through (opened above): a hides it from the sources pane.
keys Tab Tab
keys a
wait_for "Hiding sources with nothing unread" "a hides read sources"
screen
checks=$((checks + 1))
grep -q '^Gamma feed' "$TMP/screen" && fail "Gamma is still in the sources pane: $(cat "$TMP/screen")"
keys a
wait_for "Showing every source" "a shows them again"
screen
checks=$((checks + 1))
grep -q '^Gamma feed' "$TMP/screen" || fail "Gamma is not back: $(cat "$TMP/screen")"
# The sort stays until exit: reading the sources again does not change it.
keys R
wait_for "Local sources read again" "R"
keys C-l
wait_for "[author]" "the order kept"
keys Q
wait_for "EXIT:0" "Q quits from the sources pane"

# show_read = no and show_read_feeds = no from the configuration.
sed -i 's/^text_width = 40$/show_read = no\nshow_read_feeds = no/' "$TMP/config.ini"
start 120 24 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "[unread only]" "show_read = no"
not_on_screen "Alpha 3" "read articles hidden at start"
screen
checks=$((checks + 1))
grep -q '^Gamma feed' "$TMP/screen" && fail "show_read_feeds = no: Gamma listed: $(cat "$TMP/screen")"
keys q
wait_for "EXIT:0" "q at the top quits"
finish
