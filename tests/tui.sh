#!/bin/sh
# The interface, driven in tmux: the real binary on a pseudo-terminal of a
# given size, keys sent with send-keys, and the screen read back with
# capture-pane and asserted (-e to see attributes). Each step waits by
# polling the screen for the text it expects, never by fixed sleeps.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

# ---- open the samples, move, open, next/previous post ----
start 100 30 -- 
wait_for "Prishtina marks independence day" "samples listed"
wait_for "1/9" "position indicator"
on_screen "Новосибирск: первый снег выпал на месяц раньше" "Cyrillic title"
on_screen "Source: World Desk" "the reader follows the selection"
keys j j
wait_for "3/9" "moved down twice"
keys Enter
wait_for "Author: Dmitri Volkov" "opened: the reader's header"
on_screen "Bubbles trapped in Baikal ice" "opened: the body"
keys J
wait_for "Author: Yuki Tanaka" "next article from the reader"
wait_for "4/9" "next article moves the selection"
keys K
wait_for "Author: Dmitri Volkov" "previous article"
keys q
wait_for "   2026-04-18 12:00 Science Notes" "opened articles are marked read"

# ---- search with highlight (forward and backward), n ----
keys / B e e s Enter
wait_for "7/9" "search forward selects the match"
screen -e
checks=$((checks + 1))
grep 'count to four' "$TMP/screen" | grep -q "$(printf '\033')\[[0-9;]*mBees" ||
    fail "search: the match is not highlighted: $(grep 'count to four' "$TMP/screen" | od -c | head -5)"
keys '?' T o k y o Enter
wait_for "4/9" "search backward"
keys n
wait_for "Search wrapped to the bottom" "n repeats the backward search, wrapping"
keys / n o - s u c h - t h i n g Enter
wait_for "Not found: no-such-thing" "a failed search says so"

# ---- limit ----
keys l S c i e n c e Enter
wait_for "1/3" "limit shows the matching articles"
not_on_screen "Prishtina" "limit hides the others"
# The unread count is of the three shown, not of all nine.
keys k
wait_for "limited to 'Science'" "the status line names the limit"
checks=$((checks + 1))
grep -qE "limited to 'Science': [0-3] unread" "$TMP/screen" ||
	fail "the limit's unread count: $(grep 'limited to' "$TMP/screen")"
keys l Enter
wait_for "/9" "an empty limit shows all again"
on_screen "Prishtina" "all again"

# ---- resize keeps the selection and the reading position ----
keys g j j j j Enter
wait_for "Tirana opens its first protected" "fifth article opened"
T resize-window -x 60 -y 20
wait_for "5/9" "after a resize the selection is kept"
on_screen "Tirana opens" "after a resize the article is still shown"
fits 60 "60 columns after a resize"
T resize-window -x 120 -y 40
wait_for "Tirana opens" "bigger again"
wait_for "5/9" "bigger again: the selection"

# ---- a tiny terminal shows what fits ----
T resize-window -x 20 -y 6
wait_for "5/9" "20x6: the status line"
fits 20 "20x6"
keys q j j k G g H q v v v f f Tab
T resize-window -x 24 -y 7
wait_for "/9" "20x6: still running after keys"
fits 24 "24x7"
T resize-window -x 100 -y 30
wait_for "/9" "back to 100x30"

# ---- help, layouts, sources pane ----
keys H
wait_for "any other key closes this help" "help screen"
on_screen "next-article" "help lists the actions"
keys q
wait_gone "any other key closes this help" "q closes the help"
keys v
wait_for "Layout: vertical" "cycle layout"
keys v
wait_for "Layout: full screen" "cycle layout: full"
keys v
keys f
wait_for "All articles" "the sources pane"
on_screen "Science Notes" "sources listed"
keys j j Enter
wait_for "/3" "choosing a source filters the list"
keys f

# ---- quit: the terminal is given back ----
keys Q
wait_for "EXIT:0" "quit with status 0"
wait_for "BEFORE-THE-INTERFACE" "after quitting the earlier output is back"
not_on_screen "All articles" "nothing of the interface is left"

# ---- wide titles fitted, ellipsis by columns ----
start 50 12 --
wait_for "1/9" "50 columns"
fits 50 "CJK and emoji titles fitted to 50 columns"
on_screen "…" "a long title is cut with an ellipsis"
keys Q
wait_for "EXIT:0" "quit at 50 columns"

# ---- a rebound key, used and shown in the help ----
mkdir -p "$TMP/cfg"
printf '[keys]\nnext-article = J x\n[keys.list]\nhelp = F2\n' >"$TMP/cfg/keys.ini"
start 100 30 -- -c "$TMP/cfg/keys.ini"
wait_for "1/9" "with a config"
keys x
wait_for "2/9" "the rebound key works"
keys F2
wait_for "J x" "the help shows the rebound key"
keys q Q
wait_for "EXIT:0" "quit with a config"

# ---- a bad config: the message before curses, status 2 ----
printf '[general]\nsort = newest\n[keys]\nnext-article = Foo\n' >"$TMP/cfg/bad.ini"
start 100 30 -- -c "$TMP/cfg/bad.ini"
wait_for "bad.ini:4: unknown key name: 'Foo'" "a bad config's message"
wait_for "EXIT:2" "a bad config exits with 2"

# ---- SIGTERM restores the terminal ----
start 80 24 --
wait_for "1/9" "before SIGTERM"
kill -TERM "$(cat "$TMP/pid")"
wait_for "EXIT:143" "SIGTERM ends it"
wait_for "BEFORE-THE-INTERFACE" "SIGTERM gives the terminal back"

# ---- Ctrl-Z suspends, fg resumes ----
start_shell 80 24 --
wait_for "1/9" "before Ctrl-Z"
keys C-z
wait_for "BEFORE-THE-INTERFACE" "Ctrl-Z gives the terminal back"
keys fg Enter
wait_for "1/9" "resumed with fg"
keys j
wait_for "2/9" "keys work after resuming"
keys Q
wait_for "EXIT:0" "quit after resuming"

# ---- escape sequences in an article change nothing ----
mkdir -p "$TMP/evil"
printf 'Evil \033]2;PWNED\007title \033[2J\033[H here\n\nBody \033[31mred\033[0m \033]0;PWNED-TOO\007 text \233H\n' >"$TMP/evil/evil.txt"
start 80 24 -- -d "$TMP/evil.db" "$TMP/evil"
wait_for "here" "the evil article is listed"
keys Enter
wait_for "Body" "the evil article opened"
on_screen "Source: evil" "the screen is intact"
on_screen "Evil title here" "the title without its escape sequences"
checks=$((checks + 1))
title=$(T display -p '#{pane_title}')
case $title in
*PWNED*) fail "an article changed the window title: $title" ;;
esac
screen -e
checks=$((checks + 1))
! grep -q "$(printf '\033')\[31m" "$TMP/screen" || fail "an article's colour code reached the terminal"
keys Q
wait_for "EXIT:0" "quit after the evil article"

# ---- colours: [colors], NO_COLOR, mouse ----
printf '[colors]\nselected = black yellow bold\n' >"$TMP/cfg/colors.ini"
start 80 24 -- -c "$TMP/cfg/colors.ini"
wait_for "1/9" "with [colors]"
screen -e
checks=$((checks + 1))
head -n 1 "$TMP/screen" | grep -q "$(printf '\033')\[[0-9;]*43m" ||
    fail "[colors] selected = black yellow: no yellow background: $(head -n 1 "$TMP/screen" | od -c | head -3)"
# Mouse: SGR mouse reports, as xterm sends them.
keys -l "$(printf '\033[<0;10;3M\033[<0;10;3m')"
wait_for "3/9" "a click selects the row"
keys -l "$(printf '\033[<65;10;3M')"
wait_for "6/9" "the wheel moves the selection"
keys Q
wait_for "EXIT:0" "quit with colours"

start 80 24 NO_COLOR=1 --
wait_for "1/9" "NO_COLOR"
keys / B e e s Enter
wait_for "7/9" "NO_COLOR: search"
screen -e
checks=$((checks + 1))
! grep -q "$(printf '\033')\[[0-9;]*4[0-7]m" "$TMP/screen" || fail "NO_COLOR: a background colour was used"
checks=$((checks + 1))
grep 'count to four' "$TMP/screen" | grep -q "$(printf '\033')\[[0-9;]*7m" || fail "NO_COLOR: the selection is not in reverse video"
keys Q
wait_for "EXIT:0" "quit with NO_COLOR"

printf '[general]\nmouse = no\nlayout = full\n' >"$TMP/cfg/nomouse.ini"
start 80 24 -- -c "$TMP/cfg/nomouse.ini"
wait_for "1/9" "mouse = no, layout = full"
not_on_screen "Source: World Desk" "layout = full: no reader until opened"
keys Enter
wait_for "Source: World Desk" "layout = full: Enter opens the reader"
keys q Q
wait_for "EXIT:0" "quit with mouse = no"

# ---- the interface in German (and Albanian), column widths by screen ----
# (a build without NLS speaks English only)
if grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" 2>/dev/null; then
for lang in de sq; do
	mkdir -p "$TMP/locale/$lang/LC_MESSAGES"
	msgfmt -o "$TMP/locale/$lang/LC_MESSAGES/newsreader.mo" "$top_srcdir/po/$lang.po"
done
start 100 30 LANGUAGE=de "NEWSREADER_LOCALEDIR=$TMP/locale" --
wait_for "Quelle: World Desk" "German: the reader's header"
keys f
wait_for "Alle Artikel" "German: the sources pane"
keys F1
# The help line of an action, as the German catalog has it.
wait_for "$(LC_ALL=C.UTF-8 LANGUAGE=de TEXTDOMAINDIR="$TMP/locale" gettext -d newsreader "show the keys in effect")" \
    "German: the help screen"
screen
awk -v w=100 '{ if (length($0) > w) exit 1 }' "$TMP/screen" || fail "German: a line wider than the screen"
keys q Q
wait_for "EXIT:0" "German: quit"
start 100 30 LANGUAGE=sq "NEWSREADER_LOCALEDIR=$TMP/locale" --
wait_for "Burimi: World Desk" "Albanian: the reader's header"
keys Q
wait_for "EXIT:0" "Albanian: quit"
fi

T kill-server 2>/dev/null
finish
