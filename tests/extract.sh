#!/bin/sh
# Reader mode on the corpus of tests/extract: pages written in the shapes of
# publishing systems (PAGE.html), each with the article a careful reader
# takes from it (PAGE.expect: title, byline, text). For every page:
# - --render at 72 columns equals the golden PAGE.out (with the warnings
#   --render prints; UPDATE_GOLDEN=1 rewrites them: read every diff);
# - --dump's title and author are the expected ones, exactly, and the body
#   has the expected words: precision and recall of at least 0.9;
# - no page comes out empty without a warning.
# Then plain-text articles, --no-extract, and a page nested past what the
# tree parser follows.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TZ=UTC
export TZ
cp -R "$top_srcdir/tests/extract" "$TMP/extract"
chmod -R u+w "$TMP/extract"
find "$TMP/extract" -exec touch -h -d @1700000000 {} +
data=$(cd "$TMP/extract" && pwd -P)

for page in "$data"/*.html; do
	name=$(basename "$page" .html)
	checks=$((checks + 1))
	"$NEWSREADER" --render "$page" --width 72 >"$TMP/got" 2>"$TMP/got.err"
	echo "status $?" >>"$TMP/got"
	cat "$TMP/got.err" >>"$TMP/got"
	sed -i "s|$data|@DATA@|g" "$TMP/got"
	want=$top_srcdir/tests/extract/$name.out
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$TMP/got" "$want"
	elif ! diff -u "$want" "$TMP/got" >"$TMP/diff"; then
		fail "golden $name:"
		cat "$TMP/diff" >&2
	fi
	checks=$((checks + 1))
	"$NEWSREADER" --dump --fields=title,author,body "$page" >"$TMP/dump" 2>"$TMP/dump.err"
	python3 - "$TMP/dump" "$TMP/dump.err" "$data/$name.expect" <<'PY' || fail "$name: title, byline or words"
import collections, re, sys, unicodedata
dump, err, expect = (open(p, encoding="utf-8").read() for p in sys.argv[1:4])
def unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)
f = [unescape(x) for x in dump.rstrip("\n").split("\t")] + ["", "", ""]
head, _, body = expect.partition("\n---\n")
meta = dict((k.strip(), v.strip()) for k, _, v in (l.partition(":") for l in head.splitlines()))
def words(t):
    out = []
    for w in re.findall(r"\w+", unicodedata.normalize("NFC", t).casefold()):
        out.extend(w if any(0x3040 <= ord(c) <= 0x9fff for c in w) else [w])
    return collections.Counter(out)
g, w = words(f[2]), words(body)
common = sum((g & w).values())
p, r = common / max(1, sum(g.values())), common / max(1, sum(w.values()))
bad = []
if " ".join(f[0].split()) != meta["title"]:
    bad.append("title %r, want %r" % (f[0], meta["title"]))
if " ".join(f[1].split()) != meta["byline"]:
    bad.append("byline %r, want %r" % (f[1], meta["byline"]))
if p < 0.9 or r < 0.9:
    bad.append("words: precision %.2f, recall %.2f" % (p, r))
if not f[2].strip() and not err.strip():
    bad.append("empty without a warning")
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
done

# A saved plain-text article: the doubled caption and paragraph, and the
# navigation at the end, are gone in --render as in the reader.
checks=$((checks + 1))
mkdir "$TMP/text"
cp "$top_srcdir/tests/data/text/article-plain.txt" "$TMP/text/article-plain.txt"
touch -d @1700000000 "$TMP/text/article-plain.txt"
"$NEWSREADER" --render "$TMP/text/article-plain.txt" --width 72 >"$TMP/got" 2>&1
echo "status $?" >>"$TMP/got"
sed -i "s|$(cd "$TMP/text" && pwd -P)|@DATA@|g" "$TMP/got"
want=$top_srcdir/tests/extract/text-article-plain.out
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$TMP/got" "$want"
elif ! diff -u "$want" "$TMP/got" >"$TMP/diff"; then
	fail "golden text-article-plain:"
	cat "$TMP/diff" >&2
fi
for once in "Russia, a longtime ally of Serbia"; do
	checks=$((checks + 1))
	[ "$(grep -c "^$once" "$TMP/got")" = 1 ] || fail "--render of a text article: '$once' not once"
done
! grep -q "Previous Post" "$TMP/got" || fail "--render of a text article: the navigation stayed"
checks=$((checks + 1))
! grep -q "Headquarters of Kosovo" "$TMP/got" || fail "--render of a text article: the caption stayed"

# A feed file: its articles as the reader shows each, newest first, not
# the XML.
run --render "$top_srcdir/tests/data/feeds/rss2.xml" --width 60
expect_status 0 "--render of a feed"
expect_in "$TMP/out" "Source: Golden RSS" "a feed's article has the reader's header"
expect_in "$TMP/out" "Link: https://rss.example/escapes" "each article's link"
checks=$((checks + 1))
! grep -q "<channel>" "$TMP/out" || fail "--render of a feed printed its XML"
checks=$((checks + 1))
[ "$(grep -n 'Source: Golden RSS' "$TMP/out" | wc -l)" -gt 1 ] || fail "--render of a feed: one article only"
run --render "$top_srcdir/tests/data/feeds/rss2.xml" --no-extract --width 60
expect_in "$TMP/out" "<channel>" "--no-extract of a feed: the file as it is"

# --no-extract: the whole page, navigation, comments and all.
checks=$((checks + 1))
"$NEWSREADER" --render "$data/wordpress.html" --no-extract --width 72 >"$TMP/whole" 2>"$TMP/whole.err"
st=$?
[ $st = 0 ] || fail "--no-extract: status $st"
expect_in "$TMP/whole" "Leave a Reply" "--no-extract keeps the comments"
expect_in "$TMP/whole" "Recent Posts" "--no-extract keeps the sidebar"
"$NEWSREADER" --render "$data/wordpress.html" --width 72 >"$TMP/article" 2>&1
checks=$((checks + 1))
! grep -q "Leave a Reply\|Recent Posts\|Share this" "$TMP/article" || fail "reader mode kept the comments, sidebar or sharing"
run --no-extract
expect_status 2 "--no-extract without --render"
expect_in "$TMP/err" "--no-extract needs --render FILE" "--no-extract alone: the message"

# Nested past the tree parser's depth: the whole page, streamed, and a
# note; never an empty article without a word.
python3 -c 'import sys; open(sys.argv[1], "w").write("<div>" * 5000 + "deep text")' "$TMP/deep.html"
run --render "$TMP/deep.html" --width 40
expect_status 0 "--render of a page nested 5,000 deep"
expect_in "$TMP/out" "deep text" "deep page: the text"
expect_in "$TMP/err" "all of it is shown" "deep page: the note"

# --dump's site and image, from the file and from the database (schema 8).
run --dump --fields=site,image "$data/news-teasers.html"
expect_in "$TMP/out" "$(printf 'The Western Herald\thttps://westernherald.example/img/pier-social.jpg')" "--dump site and image"
run -d "$TMP/db" --update "$data/news-teasers.html"
expect_status 0 "--update of a page"
run -d "$TMP/db" --dump --fields=title,site,image
expect_in "$TMP/out" "$(printf 'Storm keeps fishing fleet in harbour for third day\tThe Western Herald\thttps://westernherald.example/img/pier-social.jpg')" "site and image kept in the database"

# A page with nothing that scores: all of it, and the note.
printf '<html><body><div>one</div><div>two</div></body></html>' >"$TMP/bare.html"
run --dump --fields=body "$TMP/bare.html"
expect_in "$TMP/out" "one" "bare page: all of it"
expect_in "$TMP/err" "no article stands out" "bare page: the note"
finish
