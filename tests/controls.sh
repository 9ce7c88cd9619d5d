#!/bin/sh
# Untrusted text never reaches the terminal as controls: feeds (RSS with
# escaped HTML and CDATA, JSON), an HTML article and a text article whose
# titles, authors, links and bodies carry OSC title sets, CSI clears and
# colours, C1 CSI (UTF-8 and a raw byte), DCS and a bidi override are read
# in the real interface in tmux, and the pane title, the screen and its
# colours are checked; --dump and --render output is checked for the bytes.
#
# First, a control: the same sequences written straight to a tmux pane do
# set its title, clear it and colour it, so the checks below can fail.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

ESC=$(printf '\033')
BEL=$(printf '\007')
OSC0="$ESC]0;owned$BEL"
OSC2="$ESC]2;owned$ESC\\"
CLEAR="$ESC[2J"
RED="$ESC[31m"
C1CSI=$(printf '\302\2332J')   # U+009B, CSI as one C1 character in UTF-8
RAWCSI=$(printf '\2332J')      # 0x9B alone: CSI to an 8-bit terminal, invalid UTF-8
DCS="${ESC}P1;1|owned$ESC\\"
RLO=$(printf '\342\200\256')   # U+202E RIGHT-TO-LEFT OVERRIDE
ALL="$OSC0$OSC2$CLEAR$RED$C1CSI$RAWCSI$DCS$RLO"

# start_clean COLS ROWS -- ARGS...: as start (tests/tmux.sh), but the
# pane's title is set to "clean" before newsreader runs.
start_clean() {
	start "$@"
	T kill-server 2>/dev/null
	new_server
	rm -f "$TMP/go"
	sed -i "1a while [ ! -e '$TMP/go' ]; do sleep 0.05; done" "$TMP/run.sh"
	T new-session -d -x "$cols" -y "$rows" "sh '$TMP/run.sh'"
	T select-pane -T clean
	: >"$TMP/go"
}

# title_clean WHAT: the pane title is still "clean".
title_clean() {
	checks=$((checks + 1))
	title=$(T display -p '#{pane_title}')
	[ "$title" = clean ] || fail "$1: the pane title changed to '$title'"
}

# no_controls FILE WHAT: FILE holds no ESC, BEL, C1 CSI (raw or UTF-8),
# U+202E or DCS/OSC payload introducer.
no_controls() {
	checks=$((checks + 1))
	if LC_ALL=C grep -q "$(printf '[\033\007\233]')" "$1" ||
	    LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" ||
	    grep -qF "$RLO" "$1"; then
		fail "$2: control characters in the output: $(LC_ALL=C grep -n "$(printf '[\033\007\233\302\342]')" "$1" | od -c | head -8)"
	fi
}

# not_red WHAT: the pane, captured with attributes, shows no red
# foreground (SGR 31, or 38;5;1 / 38;5;9).
not_red() {
	checks=$((checks + 1))
	screen -e
	# The status line may show the interface's own messages in colour.
	sed '$d' "$TMP/screen" >"$TMP/screen.body"
	! grep -q "$(printf '\033')\[\([0-9]*;\)*\(31\|91\|38;5;1\|38;5;9\)\(;[0-9]*\)*m" "$TMP/screen.body" ||
	    fail "$1: red from an article reached the terminal: $(grep "$(printf '\033')\[[0-9;]*31m" "$TMP/screen" | od -c | head -4)"
}

# wait_alive TEXT WHAT: as wait_for, but give up at once if newsreader
# has ended (a crash in a sanitizer build), with what it printed.
wait_alive() {
	checks=$((checks + 1))
	i=0
	while [ "$i" -lt $((TIMEOUT * 10)) ]; do
		screen
		if grep -qF -- "$1" "$TMP/screen"; then
			return 0
		fi
		if grep -q "EXIT:[0-9]" "$TMP/screen"; then
			fail "$2: newsreader ended: $(tr -s ' ' <"$TMP/screen")"
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "$2: '$1' not on the screen after ${TIMEOUT}s:
$(cat "$TMP/screen")"
	return 1
}

# ---- the control: the raw sequences do act on a tmux pane ----
new_server
cat >"$TMP/control.sh" <<'EOS'
printf 'before-the-controls\n'
while [ ! -e "$1" ]; do sleep 0.05; done
printf '\033]2;owned\033\\'
printf '\033[2J'
printf '\033[31mred text\033[0m\n'
sleep 600
EOS
rm -f "$TMP/go"
T new-session -d -x 80 -y 24 "sh '$TMP/control.sh' '$TMP/go'"
T select-pane -T clean
wait_for "before-the-controls" "control: the pane runs"
: >"$TMP/go"
wait_for "red text" "control: the sequences were written"
wait_gone "before-the-controls" "control: ESC [2J clears a tmux pane"
checks=$((checks + 1))
[ "$(T display -p '#{pane_title}')" = owned ] || fail "control: OSC 2 does not set the pane title; the title checks prove nothing"
checks=$((checks + 1))
screen -e
grep -q "$(printf '\033')\[31m" "$TMP/screen" || fail "control: capture-pane -e shows no red for ESC [31m"
rm -f "$TMP/go"

# ---- the hostile sources ----
mkdir -p "$TMP/evil"
# RSS: raw ESC and BEL are not XML characters (the XML parser drops them
# with a warning, and a CDATA section holding one is lost), so titles,
# author and link carry them raw, and the bodies carry what XML allows
# (C1 characters, U+202E) raw and the rest as HTML character references,
# which the HTML parser decodes into the real controls: escaped (&amp;#27;)
# in a description of escaped HTML, plain (&#27;) in CDATA, and escaped in
# a title, where HTML entities are common. The invalid byte 0x9B comes in
# a feed of its own: libxml2 reads the rest of a document with one as
# ISO-8859-1 and would garble the others (and, as of this writing, loses
# the markup of its escaped HTML: hence the blanks around Byteend).
XALL="$OSC0$OSC2$CLEAR$RED$C1CSI$DCS$RLO"
XMLOK="$C1CSI$RLO"
REFS='&#27;]0;owned&#7;&#x1b;]2;owned&#27;\&#27;[2J&#27;[31m&#x9b;2J&#155;2J&#27;P1;1|owned&#27;\&#x202e;&#x85;'
EREFS=$(printf '%s' "$REFS" | sed 's/&/\&amp;/g')
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n'
	printf '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>\n'
	printf '<title>Chan%sCtl</title><link>http://example.org/</link>\n' "$XALL"
	printf '<item><title>Rsstitle before%safter</title>\n' "$XALL"
	printf '<link>http://example.org/a%s/b</link><guid>ctl-1</guid>\n' "$XALL"
	printf '<author>ann@example.org (Ann%sSmith)</author>\n' "$XALL"
	printf '<pubDate>Sat, 18 Apr 2026 12:00:00 GMT</pubDate>\n'
	printf '<description>&lt;p&gt;Escfirst before %s after %s end&lt;/p&gt;' "$XMLOK" "$EREFS"
	printf '&lt;p&gt;Escsecond &lt;b&gt;bold%sbold&lt;/b&gt; &lt;a href="http://example.org/%s"&gt;Esclink%stext&lt;/a&gt;&lt;/p&gt;' \
	    "$EREFS" "$EREFS" "$XMLOK"
	printf '&lt;pre&gt;Escpre %s verbatim&lt;/pre&gt;&lt;p&gt;Escend&lt;/p&gt;</description></item>\n' "$EREFS$XMLOK"
	printf '<item><title>Cdatatitle before%safter</title><guid>ctl-2</guid>\n' "$EREFS$XMLOK"
	printf '<dc:creator>Bob%sJones</dc:creator>\n' "$XMLOK$EREFS"
	printf '<pubDate>Sat, 18 Apr 2026 11:00:00 GMT</pubDate>\n'
	printf '<description><![CDATA[<p>Cdfirst before %s after %s end</p>\n' "$XMLOK" "$REFS"
	printf '<pre>Cdpre %s verbatim</pre><p><a href="http://example.org/%s">Cdlink%stext</a>' "$REFS$XMLOK" "$REFS" "$REFS"
	printf '<img alt="Cdimg%salt" src="http://example.org/i.png"></p><p>Cdend</p>]]></description></item>\n' "$REFS$XMLOK"
	printf '</channel></rss>\n'
} >"$TMP/evil/feed.rss"
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n'
	printf '<rss version="2.0"><channel><title>Bytes%sfeed</title>\n' "$ALL"
	printf '<item><title>Bytetitle before%safter</title><guid>ctl-3</guid>\n' "$ALL"
	printf '<pubDate>Sat, 18 Apr 2026 10:30:00 GMT</pubDate>\n'
	printf '<description>&lt;p&gt;Bytebody before %s after %s&lt;/p&gt;&lt;p&gt; Byteend &lt;/p&gt;</description></item>\n' \
	    "$ALL" "$EREFS"
	printf '</channel></rss>\n'
} >"$TMP/evil/bytes.rss"

# JSON: \u escapes may carry any control character.
J='\u001b]0;owned\u0007\u001b]2;owned\u001b\\\u001b[2J\u001b[31m\u009b2J\u001bP1;1|owned\u001b\\\u202e'
printf '{"version":"https://jsonfeed.org/version/1.1","title":"Json%sfeed","items":[{"id":"j1","title":"Jsontitle before%safter","date_published":"2026-04-18T10:00:00Z","url":"http://example.org/j%s","authors":[{"name":"Jay%sAuthor"}],"content_html":"<p>Jsonbody before%safter &#27;[2J &#x9b;2J</p><p>Jsonend</p>","content_text":"Jsontext before%safter Jsonend"}]}\n' \
    "$J" "$J" "$J" "$J" "$J" "$J" >"$TMP/evil/feed.json"

# An HTML article and a text article: raw bytes straight to the parsers.
{
	printf '<!DOCTYPE html><html><head><title>Htmltitle before%safter</title>\n' "$ALL"
	printf '<meta name="author" content="Hal%sWriter"></head><body>\n' "$ALL"
	printf '<p>Htmlbody before %s after &#27;]0;owned&#7; &#x9b;2J &#x202e; end</p>\n' "$ALL"
	printf '<pre>Htmlpre %s verbatim</pre><p><a href="http://example.org/%s">Htmllink%stext</a></p><p>Htmlend</p>\n' "$ALL" "$ALL" "$ALL"
	printf '</body></html>\n'
} >"$TMP/evil/article.html"
{
	printf 'Texttitle before%safter\n\n' "$ALL"
	printf 'Textbody before %s after.\n\n' "$ALL"
	printf '    Textpre %s indented\n\n' "$ALL"
	printf 'Textlink http://example.org/%s end\n' "$ALL"
	i=0
	while [ "$i" -lt 40 ]; do
		printf 'Line %d of a long article %s to scroll through.\n' "$i" "$ALL"
		i=$((i + 1))
	done
	printf 'Textend\n'
} >"$TMP/evil/article.txt"

# ---- --dump and --render print no controls ----
run --dump "$TMP/evil"
expect_status 0 "--dump of the hostile sources"
no_controls "$TMP/out" "--dump"
no_controls "$TMP/err" "--dump's messages"
expect_in "$TMP/out" "Rsstitle before" "--dump: the RSS title"
run --dump --fields=published,updated,source,title,link,author,author_email,author_uri,id,categories,enclosures,via,via_link,source_link,source_kind,summary,content,body "$TMP/evil"
expect_status 0 "--dump with every field"
no_controls "$TMP/out" "--dump with every field"
for f in article.html article.txt; do
	run --render "$TMP/evil/$f" --width 60
	expect_status 0 "--render $f"
	no_controls "$TMP/out" "--render $f"
	run --render "$TMP/evil/$f" --width 60 --color
	no_controls_but_sgr=$(LC_ALL=C sed "s/$(printf '\033')\[[0-9;]*m//g" "$TMP/out")
	printf '%s\n' "$no_controls_but_sgr" >"$TMP/out.nosgr"
	no_controls "$TMP/out.nosgr" "--render --color $f (apart from its own SGR)"
	checks=$((checks + 1))
	! LC_ALL=C grep -q "$(printf '\033')\[[0-9;]*31m" "$TMP/out" || fail "--render --color $f: the article's red came through"
done

# ---- the interface ----
# Dates fix the order of the list: the RSS items, JSON, HTML, text.
touch -d '2026-04-18 09:00:00' "$TMP/evil/article.html"
touch -d '2026-04-18 08:00:00' "$TMP/evil/article.txt"
start_clean 100 30 -- -d "$TMP/evil.db" "$TMP/evil"
wait_for "Rsstitle before" "the hostile sources are listed"
wait_for "1/6" "six articles"
title_clean "the list"
no_controls "$TMP/screen" "the list"
not_red "the list"
for w in "Cdatatitle before" "Bytetitle before" "Jsontitle before" "Htmltitle before" "Texttitle before"; do
	on_screen "$w" "listed: $w"
done
checks=$((checks + 1))
grep -q "Rsstitle before.*after" "$TMP/screen" || fail "a title's text after the sequences is not on its line: $(grep Rsstitle "$TMP/screen")"

# Each article in turn: opened, scrolled to its end and back, and the
# screen, its colours and the pane title checked at each step. The list
# stays on the screen above the reader: nothing cleared it.
k=0
for words in "Escfirst Escend" "Cdfirst Cdend" "Bytebody Byteend" "Jsonbody Jsonend" "Htmlbody Htmlend" "Textbody Textend"; do
	k=$((k + 1))
	first=${words% *}
	last=${words#* }
	keys g
	j=1
	while [ "$j" -lt "$k" ]; do
		keys j
		j=$((j + 1))
	done
	wait_alive "$k/6" "article $k selected" || break
	keys Enter
	wait_alive "$first" "article $k opened" || break
	for step in opened scrolled top; do
		case $step in
		scrolled)
			keys d d d G
			wait_alive "$last" "article $k scrolled to its end" || break 2
			;;
		top)
			keys g
			wait_alive "$first" "article $k back at its top" || break 2
			;;
		esac
		title_clean "article $k $step"
		no_controls "$TMP/screen" "article $k $step"
		not_red "article $k $step"
		on_screen "$k/6" "article $k $step: the status line is still there"
		on_screen "Jsontitle before" "article $k $step: the list is still there"
	done
	keys q
done
keys Q
wait_for "EXIT:0" "quit after the hostile articles"
title_clean "after quitting"

T kill-server 2>/dev/null
finish
