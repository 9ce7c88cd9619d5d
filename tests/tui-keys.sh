#!/bin/sh
# Going source by source and link by link, as newsboat users do:
# next-feed and prev-feed ( ) in the sources pane's order, next-unread-feed
# and prev-unread-feed { } past sources with nothing unread, from the list
# and from the reader; the link list (w): the article's numbered links,
# chosen with the movement keys, opened in the browser with Enter, scrolled
# when they are many, UTF-8 and a narrow terminal; and a tag that only an
# unsubscribed source had leaving the sources pane at once.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/rss.sh"
. "$top_srcdir/tests/tmux.sh"

# The fake browser: each call appends its last argument to opened.
cat >"$TMP/fake-browser" <<EOS
#!/bin/sh
printf '%s\n' "\$1" >>"$TMP/opened"
EOS
chmod +x "$TMP/fake-browser"

rss "$TMP/alpha.xml" "Alpha feed" "a1|Alpha one" "a2|Alpha two"
rss "$TMP/beta.xml" "Beta feed" "b1|Beta one"
rss "$TMP/solo.xml" "Solo feed" "s1|Solo one"
# Gamma's article: 30 links, one of them with Korean and an umlaut in it.
{
	echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
	echo '<title>Gamma feed</title><link>http://example.org/</link>'
	printf '<item><guid>g1</guid><title>Gamma links</title><description>'
	i=1
	while [ "$i" -le 30 ]; do
		if [ "$i" -eq 2 ]; then
			printf '&lt;a href="https://example.org/ü/한국어/%d"&gt;two&lt;/a&gt; ' "$i"
		else
			printf '&lt;a href="https://example.org/page/%d"&gt;link %d&lt;/a&gt; ' "$i" "$i"
		fi
		i=$((i + 1))
	done
	echo '</description><pubDate>Mon, 01 Jun 2026 09:00:00 +0000</pubDate></item></channel></rss>'
} >"$TMP/gamma.xml"

conf=$TMP/config.ini
cat >"$conf" <<EOS
[general]
show_feeds = yes
browser = $TMP/fake-browser %u
browser_background = no
[feed alpha]
path = $TMP/alpha.xml
tags = news
[feed beta]
path = $TMP/beta.xml
tags = news
[feed solo]
path = $TMP/solo.xml
tags = lonely
[feed gamma]
path = $TMP/gamma.xml
EOS
db=$TMP/db

# The defaults, and rebinding like every action.
run -c "$conf" --print-keys
expect_in "$TMP/out" "next-feed = )" "next-feed is )"
expect_in "$TMP/out" "prev-unread-feed = {" "prev-unread-feed is {"
expect_in "$TMP/out" "link-list = w" "link-list is w"
printf '[keys.list]\nnext-unread-feed = M-n\nlink-list = U\n' >"$TMP/rebind.ini"
run -c "$TMP/rebind.ini" --print-keys
expect_status 0 "rebound"
expect_in "$TMP/out" "next-unread-feed = M-n" "next-unread-feed rebound"
expect_in "$TMP/out" "link-list = U" "link-list rebound"

# ---- next-feed, prev-feed: the sources pane's order ----
# Rows: All articles, news (Alpha, Beta), lonely (Solo), Gamma.
start 120 30 -- -c "$conf" -d "$db"
wait_for "Gamma links" "the list"
keys ')'
wait_for "Now in Alpha feed." ") from all articles: the first source"
keys C-l
wait_for "Alpha feed: 2 unread" "its articles listed"
not_on_screen "Beta one" "only Alpha's"
keys ')'
wait_for "Now in Beta feed." ") Beta"
keys ')' ')'
wait_for "Now in Gamma feed." ") ) Solo, then Gamma (untagged, last)"
keys ')'
wait_for "This is the last source." ") at the last source"
keys '('
wait_for "Now in Solo feed." "( back to Solo"
keys C-l
wait_for "Solo feed: 1 unread" "Solo's articles"
not_on_screen "Gamma links" "only Solo's"

# ---- next-unread-feed, prev-unread-feed: sources with nothing unread passed ----
keys '(' 
wait_for "Now in Beta feed." "( Beta"
keys A
wait_for "1 article marked read." "Beta read through"
keys '(' 
wait_for "Now in Alpha feed." "( Alpha"
keys '}'
wait_for "Now in Solo feed." "} passes Beta, which has nothing unread"
keys '{'
wait_for "Now in Alpha feed." "{ passes Beta back"
keys '{'
wait_for "No source before this one has unread articles." "{ at the first with unread"
# From the reader: the next source's first article opens.
keys Enter
wait_for "Source: Alpha feed" "the reader"
keys ')'
wait_for "Now in Beta feed." ") from the reader"
wait_for "body of Beta one" "the reader shows Beta's article"
# Solo was marked read when } showed it in the reader pane (as ] does).
keys '}'
wait_for "Now in Gamma feed." "} from the reader passes Solo, read"
wait_for "link 30 [30]" "the reader shows Gamma's unread article"

# ---- the link list ----
wait_for "Source: Gamma feed" "Gamma's article in the reader"
keys w
wait_for "Links of the article" "w: the link list"
on_screen "   1  https://example.org/page/1" "numbered"
on_screen "   2  https://example.org/ü/한국어/2" "UTF-8 in a link"
not_on_screen "page/30" "a long list is cut at the screen's end"
keys j Enter
i=0
while [ ! -s "$TMP/opened" ] && [ "$i" -lt $((TIMEOUT * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
checks=$((checks + 1))
# The link as the feed wrote it (open-link's code passes it unchanged).
[ "$(cat "$TMP/opened" 2>/dev/null)" = "https://example.org/ü/한국어/2" ] ||
	fail "Enter opened the second link: $(cat "$TMP/opened" 2>/dev/null)"
on_screen "Links of the article" "the list stays open for another"
keys G
wait_for "  30  https://example.org/page/30" "G: the last link, scrolled to"
not_on_screen "   1  https://example.org/page/1" "the first scrolled away"
keys k
wait_for "  29  https://example.org/page/29" "still open after k"
# The chosen link is drawn in reverse video, as the list's selection.
checks=$((checks + 1))
i=0
while [ "$i" -lt $((TIMEOUT * 10)) ]; do
	screen -e
	grep 'page/29' "$TMP/screen" | grep -q "$(printf '\033')\[7m" && break
	sleep 0.1
	i=$((i + 1))
done
grep 'page/29' "$TMP/screen" | grep -q "$(printf '\033')\[7m" || fail "link 29 shown chosen: $(grep page/2 "$TMP/screen")"
grep 'page/28' "$TMP/screen" | grep -q "$(printf '\033')\[7m" && fail "link 28 not chosen"
keys Enter
i=0
while [ "$(wc -l <"$TMP/opened")" -lt 2 ] && [ "$i" -lt $((TIMEOUT * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
checks=$((checks + 1))
[ "$(sed -n 2p "$TMP/opened")" = "https://example.org/page/29" ] || fail "k Enter opened link 29: $(cat "$TMP/opened")"
# A digit starts a link's number, as in the reader.
keys 2 5 Enter
i=0
while [ "$(wc -l <"$TMP/opened")" -lt 3 ] && [ "$i" -lt $((TIMEOUT * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
checks=$((checks + 1))
[ "$(sed -n 3p "$TMP/opened")" = "https://example.org/page/25" ] || fail "2 5 Enter opened link 25: $(cat "$TMP/opened")"
on_screen "  29  https://example.org/page/29" "the list still open"
keys q
wait_gone "Links of the article" "q closes the list"
on_screen "Source: Gamma feed" "back in the reader"
# From the list, at 40 columns.
keys q
T resize-window -x 40 -y 20
keys C-l
keys w
wait_for "Links of the article" "w from the list"
fits 40 "the link list in 40 columns"
keys Escape
wait_gone "Links of the article" "Esc closes it"
T resize-window -x 120 -y 30
keys Q
wait_for "EXIT:0" "Q quits"

# ---- unsubscribing: a tag only the source had goes at once ----
start 120 30 -- -c "$conf" -d "$db"
wait_for "Gamma links" "the list again"
on_screen "lonely" "the tag lonely"
# The tag chosen: its articles listed.
keys Tab Tab
keys / 'lonely' Enter Enter
wait_for "lonely: 0 unread" "the tag lonely chosen"
not_on_screen "Gamma links" "only the tag's articles"
keys Tab Tab
keys / 'Solo' Enter
keys D
wait_for "Unsubscribe and forget" "D asks"
keys yes Enter
wait_for "Unsubscribed from Solo feed" "unsubscribed"
wait_for "Gamma links" "the list shows every source's articles, the tag gone"
not_on_screen "lonely" "its tag is gone at once"
on_screen "news" "another tag stays"
keys Q
wait_for "EXIT:0" "Q quits"
finish
