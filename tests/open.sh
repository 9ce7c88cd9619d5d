#!/bin/sh
# Links leave newsreader only as one argument of the browser, never through
# a shell: a fake browser records its argv (NUL-separated) and the test
# compares it byte for byte with what a feed put in its links, in the real
# interface in tmux. Also: the link number prompt and digits, refused
# schemes, the article's own link, pipe (rendered and raw) and save.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

mkdir -p "$TMP/cwd" "$XDG_CONFIG_HOME"
cd "$TMP/cwd" || exit 1

# The fake browser: each call writes its arguments to argv.N.
cat >"$TMP/fake-browser" <<EOS
#!/bin/sh
n=\$(ls "$TMP" | grep -c '^argv\.')
printf '%s\0' "\$@" >"$TMP/argv.tmp" && mv "$TMP/argv.tmp" "$TMP/argv.\$((n + 1))"
EOS
chmod +x "$TMP/fake-browser"

cat >"$TMP/config.ini" <<EOS
[general]
browser = $TMP/fake-browser --new-tab %u
EOS

# Hostile links: what a shell would run or split. (A space in a link is
# sent as %20, as browsers do, so that a link is always one word: L6.)
L1='http://example.com/$(touch${IFS}PWNED)'
L2='http://example.com/`touch${IFS}PWNED`'
L3='http://example.com/a;touch${IFS}PWNED'
L4='http://example.com/a|touch${IFS}PWNED&b=1'
L5="http://example.com/it's\"quoted\"\\"
L6='http://example.com/a%20b?q=x y'
L6sent='http://example.com/a%20b?q=x%20y'
cat >"$TMP/feed.rss" <<EOS
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hostile links</title><link>http://example.com/</link>
<item><title>Links that a shell would run</title>
<link>http://example.com/article?a=1&amp;b=\$(touch PWNED)</link>
<guid>hostile-1</guid>
<description><![CDATA[<p>One <a href="$L1">dollar</a>, two <a href="$L2">backticks</a>,
three <a href="$L3">semicolon</a>, four <a href="$(printf '%s' "$L4" | sed 's/&/\&amp;/g')">pipe</a>,
five <a href="$(printf '%s' "$L5" | sed "s/\"/\&quot;/g")">quotes</a>, six <a href="$L6">space</a>,
seven <a href="file:///etc/passwd">file</a>.</p>]]></description>
</item>
</channel></rss>
EOS

# expect_argv N URL WHAT: call N of the browser had exactly the words
# --new-tab and URL.
expect_argv() {
	checks=$((checks + 1))
	i=0
	while [ ! -f "$TMP/argv.$1" ] && [ "$i" -lt $((TIMEOUT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	printf '%s\0' --new-tab "$2" >"$TMP/expected"
	if ! cmp -s "$TMP/expected" "$TMP/argv.$1" 2>/dev/null; then
		fail "$3: the browser got $(tr '\0' '|' <"$TMP/argv.$1" 2>/dev/null || echo nothing), expected $(tr '\0' '|' <"$TMP/expected")"
	fi
}

start 100 30 -- -c "$TMP/config.ini" -d "$TMP/db" "$TMP/feed.rss"
wait_for "Links that a shell would run" "the article is listed"
keys Enter
wait_for "dollar" "the reader shows the body"
# Digits start the link number prompt.
keys 1
wait_for "Open link number: 1" "a digit starts the link prompt"
keys Enter
expect_argv 1 "$L1" "link 1 with \$(...)"
wait_for "Hostile links" "the interface is back after the browser"
for n in 2 3 4 5 6; do
	keys "$n" Enter
	eval "url=\$L$n"
	[ "$n" -eq 6 ] && url=$L6sent
	expect_argv "$n" "$url" "link $n"
done
# The open-link key asks for the number.
keys L
wait_for "Open link number:" "L asks for a link number"
keys 3 Enter
expect_argv 7 "$L3" "link 3 again through L"
# A scheme that is not for browsers is refused, and nothing runs.
keys 7 Enter
wait_for "Not opened" "a file: link is refused"
checks=$((checks + 1))
[ ! -f "$TMP/argv.8" ] || fail "the browser ran for a file: link"
# A number out of range.
keys 9 9 Enter
wait_for "No link 99" "a number out of range"
# The article's own link.
keys o
expect_argv 8 'http://example.com/article?a=1&b=$(touch PWNED)' "the article's link"
checks=$((checks + 1))
[ ! -e "$TMP/cwd/PWNED" ] && [ ! -e "$TMP/PWNED" ] && [ ! -e "$HOME/PWNED" ] ||
	fail "a shell ran a command from a link"

# Pipe: the rendered article reaches the command's stdin; raw: the HTML.
keys '|'
wait_for "Pipe the article to:" "| asks for a command"
# (Each command prints a marker of its own: the screen the interface gives
# back to is the terminal's normal one, which keeps an earlier pipe's text.
# The marker is typed split by quotes, so that the prompt's echo of the
# command line is not taken for the command's output.)
keys "cat > $TMP/piped.txt; echo PIPE-ONE-''DONE" Enter
wait_for "PIPE-ONE-DONE" "the command ran with the terminal"
wait_for "Press Enter to return" "the command's output is kept until Enter"
keys Enter
wait_for "Piped." "back after the pipe"
expect_in "$TMP/piped.txt" "Links that a shell would run" "the piped text has the title"
expect_in "$TMP/piped.txt" "dollar [1]" "the piped text is rendered with link numbers"
expect_in "$TMP/piped.txt" "$L4" "the piped text lists the links"
keys 'M-|'
wait_for "source to:" "M-| asks for a command for the source"
keys "cat > $TMP/raw.txt; echo PIPE-RAW-''DONE" Enter
wait_for "PIPE-RAW-DONE" "raw pipe ran"
wait_for "Press Enter to return" "the raw command's output is kept until Enter"
keys Enter
expect_in "$TMP/raw.txt" '<a href="file:///etc/passwd">file</a>' "the raw pipe gives the HTML"

# Save: the name offered comes from the title; an existing file is not
# replaced without a yes.
keys S
wait_for "Save to file: ~/links-that-a-shell-would-run.txt" "S offers a file name"
keys Enter
wait_for "Saved to" "saved"
expect_in "$HOME/links-that-a-shell-would-run.txt" "dollar [1]" "the saved file is the rendered article"
echo "keep me" >"$HOME/links-that-a-shell-would-run.txt"
keys S Enter
wait_for "Replace it?" "an existing file asks first"
keys n o Enter
wait_for "Not saved." "no keeps the file"
expect_in "$HOME/links-that-a-shell-would-run.txt" "keep me" "the file was not replaced"
keys S Enter
wait_for "Replace it?" "asked again"
keys y e s Enter
wait_for "Saved to" "yes replaces it"
expect_in "$HOME/links-that-a-shell-would-run.txt" "dollar [1]" "replaced after yes"
keys q q
wait_for "EXIT:0" "quits cleanly"
finish
