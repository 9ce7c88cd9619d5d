#!/bin/sh
# The configuration file through the real program: a bad file stops it
# with status 2 and a message naming file, line and word, before anything
# is read; a good one's [sources] are loaded.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
data=$top_srcdir/tests/data
cfg=$TMP/config.ini

# bad_config NAME EXPECTED-MESSAGE: the file in $cfg must be refused.
bad_config() {
	run -c "$cfg" --dump "$data/feeds/rss2.xml"
	expect_status 2 "$1"
	expect_in "$TMP/err" "$2" "$1 message"
	checks=$((checks + 1))
	[ ! -s "$TMP/out" ] || fail "$1: output although the config is bad"
}

printf '[general]\nsort = newest\n[colours]\nx = 1\n' >"$cfg"
bad_config "unknown section" "$cfg:3:"
expect_in "$TMP/err" "colours" "unknown section word"

printf '[general]\n\nsrot = newest\n' >"$cfg"
bad_config "unknown key" "$cfg:3:"
expect_in "$TMP/err" "srot" "unknown key word"

printf '[general]\nsort = sideways\n' >"$cfg"
bad_config "bad value" "$cfg:2:"
expect_in "$TMP/err" "sideways" "bad value word"

printf '[keys]\nnext-article = J\nfly-away = x\n' >"$cfg"
bad_config "unknown action" "$cfg:3:"
expect_in "$TMP/err" "fly-away" "unknown action word"

printf '[keys.list]\nnext-article = J Ctrl-Q\n' >"$cfg"
bad_config "unknown key name" "$cfg:2:"
expect_in "$TMP/err" "Ctrl-Q" "unknown key name word"

printf '[general]\nthis line is not ini\n' >"$cfg"
bad_config "not an INI line" "$cfg:2:"

# The network settings and feeds by URL.
printf '[general]\nreload = 90\ntimeout = soon\n' >"$cfg"
bad_config "bad duration" "$cfg:3:"
expect_in "$TMP/err" "soon" "bad duration word"

printf '[general]\nmax_size = 10T\n' >"$cfg"
bad_config "bad size" "$cfg:2:"
expect_in "$TMP/err" "10T" "bad size word"

printf '[sources]\nok = x.rss\n\n[feed both]\nurl = https://e.example/feed\npath = x.rss\n' >"$cfg"
bad_config "url and path" "$cfg:4:"
expect_in "$TMP/err" "both a url and a path" "url and path message"

printf '[feed none]\ntitle = T\n' >"$cfg"
bad_config "neither url nor path" "$cfg:1:"

printf '[sources]\nlocal = file:///srv/feed.xml\n' >"$cfg"
bad_config "file:// URL" "$cfg:2:"
expect_in "$TMP/err" "file:///srv/feed.xml" "file:// URL word"

printf '[feed x]\nurl = gopher://e.example/\n' >"$cfg"
bad_config "gopher url" "$cfg:2:"

printf '[feed x]\nurl = https://e.example/\ntags = ,\n' >"$cfg"
bad_config "empty tags" "$cfg:3:"

# Every new key in a file that loads.
printf '[general]\nbrowser = lynx %%u\nbrowser_background = no\nreload = 2h\nmax_connections = 4\nconnections_per_host = 1\nconnect_timeout = 10\ntimeout = 2m\nmax_size = 8M\nuser_agent = test/1\n[feed k]\nurl = https://e.example/feed\ntitle = "K; #1"\ntags = a b, c\nreload = 0\nmax_articles = 5\nuser_agent = x/2\nusername = me\npassword_command = echo secret\n' >"$cfg"
run -c "$cfg" --print-keys
expect_status 0 "every network key loads"

# The default place: $XDG_CONFIG_HOME/newsreader/config.ini.
mkdir -p "$XDG_CONFIG_HOME/newsreader"
printf '[general]\nsort = wrong\n' >"$XDG_CONFIG_HOME/newsreader/config.ini"
run --dump "$data/feeds/rss2.xml"
expect_status 2 "bad default config"
expect_in "$TMP/err" "$XDG_CONFIG_HOME/newsreader/config.ini:2:" "bad default config named"
rm "$XDG_CONFIG_HOME/newsreader/config.ini"

# -c with a file that does not exist is an error; a missing default is not.
run -c "$TMP/nope.ini" --dump "$data/feeds/rss2.xml"
expect_status 2 "missing -c file"
expect_in "$TMP/err" "nope.ini" "missing -c file named"
run --dump "$data/feeds/rss2.xml"
expect_status 0 "no config at all"

# [sources]: paths relative to the config file's folder, and ~.
mkdir -p "$TMP/conf" "$HOME/news"
cp "$data/feeds/atom.xml" "$TMP/conf/local.atom"
cp "$data/feeds/rdf.rdf" "$HOME/news/"
printf '[general]\ndate_format = %%d.%%m.%%Y\nsort = oldest\n[sources]\nlocal = local.atom\nhome = ~/news\n' >"$TMP/conf/config.ini"
run -c "$TMP/conf/config.ini" --update
expect_status 0 "sources from config"
run -c "$TMP/conf/config.ini" --dump
expect_lines "$TMP/out" 4 "sources from config: 2 atom + 2 rdf items"
expect_in "$TMP/out" "Golden Atom" "sources: the relative path"
expect_in "$TMP/out" "Golden RDF" "sources: the ~ path"

# date_format and sort apply to the list.
run -c "$TMP/conf/config.ini"
expect_status 0 "list with config"
head -n 1 "$TMP/out" | grep -q '^05\.01\.2022 ' || fail "list: date_format and sort=oldest: $(head -n 1 "$TMP/out")"

# Paths on the command line win over [sources].
run -c "$TMP/conf/config.ini" --dump "$data/feeds/rss2.xml"
expect_lines "$TMP/out" 4 "command line over [sources]"
expect_not_in "$TMP/out" "Golden Atom" "command line over [sources]"


# The README's example configuration is one the program reads, with every
# setting where the example puts it.
awk '/^    \[general\]/ { f = 1 } f && /^An unknown section/ { f = 0 } f' "$top_srcdir/README" |
	sed 's/^    //' >"$TMP/readme.ini"
checks=$((checks + 1))
[ -s "$TMP/readme.ini" ] || fail "README: no example configuration found"
run -c "$TMP/readme.ini" --print-keys
expect_status 0 "README's example configuration"
expect_in "$TMP/out" "next-article = ] J" "README's [keys] example applies"
run -c "$TMP/readme.ini" --export-opml
expect_in "$TMP/out" 'xmlUrl="https://example.org/kosovo/rss.xml"' "README's [feed kosovo] is a subscription"
expect_not_in "$TMP/out" 'firefox' "README: browser is a setting, not a source"


# Two sources with the same URL would be one feed: the second is an error
# naming its line and the first.
printf '[feed a]\nurl = http://example.org/f\n\n[feed b]\nurl = http://example.org/g\n\n[sources]\nc = http://example.org/f\n' >"$TMP/dup.ini"
run -c "$TMP/dup.ini" --print-keys
expect_status 2 "a URL subscribed twice"
expect_in "$TMP/err" "dup.ini:8: 'c' has the same url as 'a' (line 1): 'http://example.org/f'" "the duplicate's line and the first"


# A quote that is not closed: iniparser would drop it without a word.
printf '[general]\nbrowser = "firefox %%u\n' >"$TMP/quote.ini"
run -c "$TMP/quote.ini" --print-keys
expect_status 2 "an unclosed quote"
expect_in "$TMP/err" "quote.ini:2: the quote is not closed" "an unclosed quote names its line"

# Ten --add at once: each adds to what the others wrote (the file is
# locked around read, append and rename), so ten sections remain, none
# lost to another's rename, and the names stay unique.
par=$TMP/parallel.ini
printf '[general]\nsort = newest\n' >"$par"
i=0
while [ $i -lt 10 ]; do
	"$NEWSREADER" -c "$par" --add "https://example.org/feed$i.xml" >"$TMP/par$i.out" 2>&1 &
	i=$((i + 1))
done
wait
i=0
while [ $i -lt 10 ]; do
	expect_in "$TMP/par$i.out" "subscribed" "parallel --add $i says subscribed"
	expect_in "$par" "url = https://example.org/feed$i.xml" "parallel --add $i kept"
	i=$((i + 1))
done
checks=$((checks + 1))
n=$(grep -c '^\[feed ' "$par")
[ "$n" -eq 10 ] || fail "ten parallel --add: $n sections remain, expected 10"
checks=$((checks + 1))
n=$(grep '^\[feed ' "$par" | sort -u | wc -l)
[ "$n" -eq 10 ] || fail "ten parallel --add: $n distinct section names, expected 10"
run -c "$par" --export-opml
expect_status 0 "the file ten --add wrote loads"

# Through a symbolic link the file it names is written, the link kept.
mkdir -p "$TMP/real"
printf '[general]\nsort = newest\n' >"$TMP/real/target.ini"
ln -s real/target.ini "$TMP/link.ini"
run -c "$TMP/link.ini" --add https://example.org/linked.xml
expect_status 0 "--add through a symlink"
checks=$((checks + 1))
[ -L "$TMP/link.ini" ] || fail "--add replaced the symbolic link with a file"
expect_in "$TMP/real/target.ini" "url = https://example.org/linked.xml" "--add wrote the link's target"
# A link to a file not there yet: that file is created (in a folder made
# for it), the link kept, as exports write through such links.
ln -s later/new.ini "$TMP/dangling.ini"
run -c "$TMP/dangling.ini" --add https://example.org/dangling.xml
expect_status 0 "--add through a link into nowhere"
checks=$((checks + 1))
[ -L "$TMP/dangling.ini" ] || fail "--add replaced the dangling link with a file"
expect_in "$TMP/later/new.ini" "url = https://example.org/dangling.xml" "--add created the link's target"
ln -s loop2.ini "$TMP/loop1.ini"
ln -s loop1.ini "$TMP/loop2.ini"
run -c "$TMP/loop1.ini" --add https://example.org/loop.xml
expect_status 2 "--add through a loop of links"
expect_in "$TMP/err" "loop1.ini: cannot read" "a loop of links is named"

# Not a regular file: refused at once, never read without end or waited on.
timeout 20 "$NEWSREADER" -c /dev/zero --print-keys >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 2 "-c /dev/zero"
expect_in "$TMP/err" "/dev/zero: cannot read: not a regular file" "-c /dev/zero is refused"
mkfifo "$TMP/fifo.ini"
timeout 20 "$NEWSREADER" -c "$TMP/fifo.ini" --print-keys >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 2 "-c FIFO"
expect_in "$TMP/err" "fifo.ini: cannot read: not a regular file" "-c FIFO is refused without a hang"

finish
