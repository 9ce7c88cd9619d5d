#!/bin/sh
# Subscribing through the program: --add, --import-opml and --export-opml
# change or print the configuration file only. What was in the file stays
# byte for byte, a backup is kept, the result loads, and export -> import
# -> export gives the same feeds, titles and tags.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
data=$top_srcdir/tests/data/opml
default=$XDG_CONFIG_HOME/newsreader/config.ini

# same FILE1 FILE2 WHAT: the files are identical.
same() {
	checks=$((checks + 1))
	cmp -s "$1" "$2" || fail "$3: $(diff "$1" "$2" | head -n 20)"
}

# loads FILE WHAT: the program reads FILE as its configuration.
loads() {
	checks=$((checks + 1))
	"$NEWSREADER" -c "$1" --print-keys >/dev/null 2>"$TMP/load-err" ||
		fail "$2: the file does not load: $(cat "$TMP/load-err")"
}

# without_date FILE: the OPML without its dateCreated line.
without_date() {
	grep -v '<dateCreated>' "$1"
}

# --add: the default file and its folder are created.
run --add https://kosovo.example/feed.xml --title 'Lajme; #1 "nga" Kosova' --tags 'news, Balkans'
expect_status 0 "--add to a new file"
expect_in "$TMP/out" "https://kosovo.example/feed.xml: subscribed" "--add says so"
checks=$((checks + 1))
[ -f "$default" ] || fail "--add did not create $default"
checks=$((checks + 1))
[ "$(stat -c %a "$default")" = 600 ] || fail "new config mode $(stat -c %a "$default")"
loads "$default" "after --add"
run --export-opml
expect_status 0 "--export-opml"
expect_in "$TMP/out" 'text="Lajme; #1 &quot;nga&quot; Kosova"' "title through the file and XML-escaped"
expect_in "$TMP/out" 'category="news,Balkans"' "tags as category"
expect_in "$TMP/out" 'xmlUrl="https://kosovo.example/feed.xml"' "url"
cp "$default" "$TMP/before"
run --add https://kosovo.example/feed.xml --title Other
expect_status 0 "--add of a feed already subscribed"
expect_in "$TMP/out" "already subscribed" "--add again says so"
same "$default" "$TMP/before" "--add again changes nothing"

# Refused: nothing written, status 2.
for bad in ftp://kosovo.example/feed kosovo.example/feed 'https://' 'http://a b/'; do
	run --add "$bad"
	expect_status 2 "--add $bad"
	expect_in "$TMP/err" "not an http:// or https:// URL" "--add $bad message"
done
same "$default" "$TMP/before" "refused --add changes nothing"
run --title x
expect_status 2 "--title without --add"
run --add https://a.example/ --export-opml
expect_status 2 "--add with --export-opml"
run --add https://a.example/ --update
expect_status 2 "--add with --update"
run --import-opml "$data/feedly.opml" "$data/newsboat.opml"
expect_status 2 "--import-opml with an operand"
same "$default" "$TMP/before" "usage errors change nothing"

# -c names a file that does not exist yet: --add creates it.
run -c "$TMP/made/by/add.ini" --add http://plain.example/rss
expect_status 0 "--add with -c of a new file"
loads "$TMP/made/by/add.ini" "-c new file"
expect_in "$TMP/made/by/add.ini" "url = http://plain.example/rss" "-c new file content"

# An existing file: every byte kept (no newline at its end either), a
# backup, its mode.
cfg=$TMP/mine.ini
printf '; my settings\n[general]\nsort = oldest   ; comment kept\n\n[sources]\nweb = https://prishtinainsight.example/feed/\n[feed kept]\npath = ~/x.rss\n# last line, no newline' >"$cfg"
chmod 640 "$cfg"
cp "$cfg" "$TMP/orig"
run -c "$cfg" --import-opml "$data/feedly.opml"
expect_status 0 "--import-opml into an existing file"
expect_in "$TMP/out" "added 2 feeds, skipped 1 already subscribed" "import summary"
checks=$((checks + 1))
head -c "$(wc -c <"$TMP/orig")" "$cfg" | cmp -s - "$TMP/orig" || fail "the old bytes are not kept"
same "$cfg.bak" "$TMP/orig" "backup"
checks=$((checks + 1))
[ "$(stat -c %a "$cfg")" = 640 ] || fail "mode not kept: $(stat -c %a "$cfg")"
loads "$cfg" "after import"
expect_in "$cfg" "[feed the-register]" "section name from the title"
expect_in "$cfg" "tags = Tech, Balkans" "a feed in two folders has both tags"
checks=$((checks + 1))
[ "$(ls -A "$TMP" | grep -c '^\.mine')" -eq 0 ] || fail "temporary file left: $(ls -A "$TMP")"
cp "$cfg" "$TMP/after1"
run -c "$cfg" --import-opml "$data/feedly.opml"
expect_status 0 "--import-opml again"
expect_in "$TMP/out" "added 0 feeds, skipped 3 already subscribed" "import again summary"
same "$cfg" "$TMP/after1" "import again changes nothing"

# Bad OPML: status 2, the file and line named, nothing written.
run -c "$cfg" --import-opml "$data/broken.opml"
expect_status 2 "broken OPML"
expect_in "$TMP/err" "$data/broken.opml:7: not well-formed XML" "broken OPML message"
run -c "$cfg" --import-opml "$data/not-opml.xml"
expect_status 2 "not OPML"
expect_in "$TMP/err" "$data/not-opml.xml:2: not an OPML file: the root element is 'rss'" "not OPML message"
run -c "$cfg" --import-opml "$TMP/no-such.opml"
expect_status 2 "missing OPML"
expect_in "$TMP/err" "no-such.opml: cannot read" "missing OPML message"
same "$cfg" "$TMP/after1" "bad OPML changes nothing"

# A bad configuration file: status 2, its line named, nothing written.
printf '[general]\nsort = sideways\n' >"$TMP/bad.ini"
cp "$TMP/bad.ini" "$TMP/bad.orig"
run -c "$TMP/bad.ini" --import-opml "$data/feedly.opml"
expect_status 2 "import into a bad config"
expect_in "$TMP/err" "$TMP/bad.ini:2:" "bad config named"
same "$TMP/bad.ini" "$TMP/bad.orig" "bad config untouched"
checks=$((checks + 1))
[ ! -e "$TMP/bad.ini.bak" ] || fail "backup of a bad config made"

# Feeds that are not on the web are reported with their line and left out.
printf '<?xml version="1.0"?>\n<opml version="2.0"><body>\n<outline text="ftp" xmlUrl="ftp://old.example/feed"/>\n<outline text="Good" xmlUrl="https://good.example/feed"/>\n</body></opml>\n' >"$TMP/mixed.opml"
run -c "$TMP/mixed.ini" --import-opml "$TMP/mixed.opml"
expect_status 0 "import with a feed not on the web"
expect_in "$TMP/err" "mixed.opml:3: warning: not an http:// or https:// URL, left out: 'ftp://old.example/feed'" \
	"left-out feed reported"
expect_in "$TMP/out" "added 1 feeds, skipped 0 already subscribed" "the good one added"
expect_not_in "$TMP/mixed.ini" "ftp://" "the ftp feed not written"

# External entities are never read into the file.
run -c "$TMP/xxe.ini" --import-opml "$data/doctype.opml"
expect_status 0 "OPML with a DOCTYPE"
expect_not_in "$TMP/xxe.ini" "SECRET-MARKER" "external entity not loaded"
run -c "$TMP/xxe2.ini" --import-opml "$data/xxe-attr.opml"
expect_status 2 "external entity in an attribute"
checks=$((checks + 1))
[ ! -e "$TMP/xxe2.ini" ] || fail "file written for a refused OPML"

# Every export style imports; the result loads.
for f in newsboat feedly inoreader netnewswire opml1 nested duplicates; do
	run -c "$TMP/style-$f.ini" --import-opml "$data/$f.opml"
	expect_status 0 "import $f"
	loads "$TMP/style-$f.ini" "import $f"
done
expect_in "$TMP/style-opml1.ini" "title = Caf$(printf '\303\251') news" "ISO-8859-1 title"
expect_in "$TMP/style-netnewswire.ini" "title = '<b>Bold</b> \"quoted\" title; #1'" "title with quotes and ;"
expect_in "$TMP/style-nested.ini" "tags = News, World, Europe, Science, tech/linux" "nested folders and categories"

# Round trip: export -> import into an empty file -> export.
run -c "$cfg" --export-opml
expect_status 0 "export"
mv "$TMP/out" "$TMP/one.opml"
expect_in "$TMP/one.opml" "<dateCreated>" "dateCreated"
checks=$((checks + 1))
grep -qE '<dateCreated>(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT</dateCreated>' "$TMP/one.opml" ||
	fail "dateCreated is not RFC 822: $(grep dateCreated "$TMP/one.opml")"
run -c "$TMP/rt.ini" --import-opml "$TMP/one.opml"
expect_status 0 "import of the export"
expect_in "$TMP/out" "added 3 feeds, skipped 0 already subscribed" "round trip count"
run -c "$TMP/rt.ini" --export-opml
expect_status 0 "export of the import"
without_date "$TMP/one.opml" >"$TMP/one.cmp"
without_date "$TMP/out" >"$TMP/two.cmp"
same "$TMP/one.cmp" "$TMP/two.cmp" "export -> import -> export"
# The same through the nested style, titles with markup and quotes.
run -c "$TMP/style-netnewswire.ini" --export-opml
without_date "$TMP/out" >"$TMP/nnw1.cmp"
cp "$TMP/out" "$TMP/nnw.opml"
run -c "$TMP/nnw-rt.ini" --import-opml "$TMP/nnw.opml"
run -c "$TMP/nnw-rt.ini" --export-opml
without_date "$TMP/out" >"$TMP/nnw2.cmp"
same "$TMP/nnw1.cmp" "$TMP/nnw2.cmp" "round trip of quoted titles"

# No configuration at all: an empty list.
rm -f "$default"
run --export-opml
expect_status 0 "export with no config"
expect_in "$TMP/out" "<body>" "empty export"
expect_not_in "$TMP/out" "<outline" "no outlines"

# Imports in linear time: 4,000 outlines with one title (each name was
# checked against every other, for each -2, -3, ...: 37 s), one outline
# with 200,000 categories (each tag against every other: minutes). The
# limit is generous for a sanitizer build.
python3 - "$TMP" <<'PY2'
import sys
d = sys.argv[1] + "/"
def opml(name, outlines):
    with open(d + name, "w") as f:
        f.write('<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
                + outlines + '</body></opml>\n')
opml("same-title.opml", "".join('<outline type="rss" text="Same" xmlUrl="https://e%d.example/feed"/>' % i
                                for i in range(4000)))
# 200,000 different categories of three characters: the attribute stays
# under the 1 MiB a tag may have.
digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
opml("categories.opml", '<outline type="rss" text="Cats" xmlUrl="https://cats.example/feed" category="'
     + ",".join(digits[i // 3844] + digits[i // 62 % 62] + digits[i % 62] for i in range(200000)) + '"/>')
PY2
for f in same-title categories; do
	checks=$((checks + 1))
	timeout 20 "$NEWSREADER" -c "$TMP/$f.ini" --import-opml "$TMP/$f.opml" >"$TMP/out" 2>"$TMP/err"
	status=$?
	[ "$status" -lt 124 ] || fail "--import-opml $f: timed out"
	expect_status 0 "--import-opml $f"
done
expect_in "$TMP/same-title.ini" "[feed same-4000]" "4,000 names made unique"
expect_in "$TMP/categories.ini" "tags = 000, 001, 002" "the first categories as tags"

# A URL that cannot be written (over 1,000 bytes; both quotes and ';') is
# left out with a warning, as other bad outlines are; the rest is imported.
long=$(printf 'https://long.example/%01200d' 0)
cat >"$TMP/unwritable.opml" <<EOF
<?xml version="1.0"?>
<opml version="2.0"><head><title>x</title></head><body>
<outline type="rss" text="Long" xmlUrl="$long"/>
<outline type="rss" text="Quotes" xmlUrl="https://q.example/a&quot;b'c;d"/>
<outline type="rss" text="Fine" xmlUrl="https://fine.example/feed"/>
</body></opml>
EOF
run -c "$TMP/unwritable.ini" --import-opml "$TMP/unwritable.opml"
expect_status 0 "--import-opml with an unwritable URL"
expect_in "$TMP/err" "unwritable.opml:3: warning: this URL cannot be written in the configuration file, left out" "long URL warned"
expect_in "$TMP/err" "unwritable.opml:4: warning: this URL cannot be written" "quoted URL warned"
expect_in "$TMP/out" "added 1 feeds" "the rest imported"
expect_in "$TMP/unwritable.ini" "url = https://fine.example/feed" "the writable one written"

# A symlinked configuration: the file it points to changes, the link stays.
mkdir -p "$TMP/dotfiles"
printf '[general]\nsort = title\n' >"$TMP/dotfiles/nr.ini"
ln -sf "$TMP/dotfiles/nr.ini" "$default"
run --add https://linked.example/feed
expect_status 0 "--add through a symlink"
checks=$((checks + 1))
[ -L "$default" ] || fail "the symlink was replaced"
expect_in "$TMP/dotfiles/nr.ini" "url = https://linked.example/feed" "the target written"
checks=$((checks + 1))
[ "$(cat "$TMP/dotfiles/nr.ini.bak")" = "$(printf '[general]\nsort = title')" ] || fail "backup of the target"

finish
