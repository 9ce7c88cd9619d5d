#!/bin/sh
# Hostile feeds: no external entity is ever read, entity expansion and
# nesting are bounded, and none of it crashes or hangs the program. Each
# run has a time limit and, where the build allows (not under ASan, which
# needs a large address space), a memory limit.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
conf=$top_srcdir/tests/data/conformance

limits=
if ! with_asan; then
	limits="ulimit -v 262144;"  # 256 MB
fi

# bounded NAME ARGS...: run newsreader within the limits.
bounded() {
	name=$1
	shift
	sh -c "$limits exec timeout 20 \"\$0\" \"\$@\"" "$NEWSREADER" "$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
	checks=$((checks + 1))
	[ "$status" -lt 124 ] || fail "$name: killed or timed out (status $status)"
}

# XXE: the file's contents never appear, with or without bodies.
for f in xxe.xml xxe-parameter.xml; do
	bounded "$f" --dump --body "$conf/$f"
	expect_status 0 "$f"
	expect_not_in "$TMP/out" "root:" "$f: /etc/passwd leaked"
done

# Billion laughs: finishes, says what is wrong, stays small.
bounded "billion laughs" --dump --body "$conf/billion-laughs.xml"
expect_in "$TMP/err" "billion-laughs.xml:" "billion laughs: the file named"
expect_in "$TMP/err" "entity" "billion laughs: the problem named"
checks=$((checks + 1))
[ "$(wc -c <"$TMP/out")" -lt 1000000 ] || fail "billion laughs: $(wc -c <"$TMP/out") bytes of output"

# 100,000 nested elements inside an item, and 100,000 nested items.
python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
n = 100000
with open(d + "/deep.xml", "w") as f:
    f.write('<rss version="2.0"><channel><title>Deep</title><item><title>Kept</title><description>')
    f.write("<div>" * n + "x" + "</div>" * n)
    f.write("</description></item></channel></rss>\n")
with open(d + "/deep-items.xml", "w") as f:
    f.write('<rss version="2.0"><channel><title>Deep items</title>')
    f.write("<item><title>i</title>" * n + "</item>" * n)
    f.write("</channel></rss>\n")
with open(d + "/deep.html", "w") as f:
    f.write("<html><head><title>Deep page</title></head><body>" + "<div>" * n + "text" + "</div>" * n + "</body></html>\n")
PY
for f in deep.xml deep-items.xml deep.html; do
	bounded "$f" --dump --body "$TMP/$f"
	checks=$((checks + 1))
	[ "$status" -le 1 ] || fail "$f: status $status: $(head -c 300 "$TMP/err")"
done
bounded "deep.xml title" --dump "$TMP/deep.xml"
expect_in "$TMP/out" "Kept" "deep.xml: the item before the depth limit"

# Heads that end without the byte that would stop a scan.
python3 -c "print('<' + 'a' * 5000)" >"$TMP/long-name.xml"
printf '<?xml version="1.0" encoding="latin1?><rss><channel><item><title>x</title></item></channel></rss>' \
    >"$TMP/open-quote.xml"
for f in long-name.xml open-quote.xml; do
	bounded "$f" --dump "$TMP/$f"
	checks=$((checks + 1))
	[ "$status" -le 1 ] || fail "$f: status $status: $(head -c 300 "$TMP/err")"
done

# Hostile markup: libxml2 checks each attribute of a tag against the ones
# before it, so one element with n attributes cost n^2 (500,000 took
# minutes). Tags are cut after 256 attributes (markup/bound.c): each of
# these, a few MB, parses in well under the limit, and what comes before
# and after the tag is still read.
python3 - "$TMP" <<'PY2'
import sys
d = sys.argv[1] + "/"
n = 500000
atts = "".join(' a%d="1"' % i for i in range(n))
html_atts = "".join(" a%d=1" % i for i in range(n // 5))
def feed(name, root_extra, item_extra, body=""):
    with open(d + name, "w") as f:
        f.write('<rss version="2.0"' + root_extra + '><channel><title>Hostile</title>')
        f.write('<item' + item_extra + '><title>Kept</title><link>https://x.example/a</link>'
                + body + '</item><item><title>After</title></item></channel></rss>\n')
feed("attrs.xml", "", atts)
feed("xmlns.xml", "".join(' xmlns:p%d="https://ns.example/%d"' % (i, i) for i in range(n)), "")
feed("long-tag.xml", "", " " * 20000000 + ' a="1"')
feed("long-value.xml", "", ' a="' + "v" * 20000000 + '"')
body = "<p" + html_atts + ">Body text</p>"
feed("body.xml", "", "", "<description>" + body.replace("&", "&amp;").replace("<", "&lt;") + "</description>")
with open(d + "attrs.html", "w") as f:
    f.write("<html><head><title>Hostile page</title></head><body><p>Before</p>" + body + "<p>After</p></body></html>\n")
with open(d + "long-value.html", "w") as f:
    f.write('<html><head><title>Hostile page</title></head><body><p>Before</p><img alt="x" src="' + "v" * 20000000
            + '"><p>After</p></body></html>\n')
with open(d + "attrs.opml", "w") as f:
    f.write('<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
            + '<outline type="rss" text="Kept" xmlUrl="https://kept.example/feed"' + atts + '/>'
            + '<outline type="rss" text="After" xmlUrl="https://after.example/feed"/></body></opml>\n')
# 32 MB (the default max_size) of one element's attributes.
with open(d + "32mb.xml", "w") as f:
    f.write('<rss version="2.0"><channel><title>Hostile</title><item')
    i = 0
    while f.tell() < 32 * 1024 * 1024:
        f.write("".join(' b%d="1"' % j for j in range(i, i + 10000)))
        i += 10000
    f.write('><title>Kept</title></item></channel></rss>\n')
PY2
for f in attrs.xml xmlns.xml long-tag.xml long-value.xml 32mb.xml; do
	bounded "$f" --dump "$TMP/$f"
	expect_in "$TMP/out" "Kept" "$f: the item of the long tag"
	case $f in
	32mb.xml) ;;
	*) expect_in "$TMP/out" "After" "$f: the item after it" ;;
	esac
done
bounded "body.xml" --dump --body "$TMP/body.xml"
expect_in "$TMP/out" "Body text" "body.xml: the text of the long tag"
for f in attrs.html long-value.html; do
	bounded "$f" --dump --body "$TMP/$f"
	expect_in "$TMP/out" "Before" "$f: the text before"
	expect_in "$TMP/out" "After" "$f: the text after"
done
bounded "attrs.html render" --render "$TMP/attrs.html"
expect_in "$TMP/out" "Body text" "attrs.html --render: the text of the long tag"
# The cut is said, as a feed's would be, with the file's name.
expect_in "$TMP/err" "attrs.html: warning: an HTML tag with more than 256 attributes or longer than 1 MiB was cut short" \
    "attrs.html --render: the cut tag is said"
bounded "attrs.html whole" --render "$TMP/attrs.html" --no-extract
expect_in "$TMP/err" "attrs.html: warning: an HTML tag with more than 256 attributes or longer than 1 MiB was cut short" \
    "attrs.html --render --no-extract: the cut tag is said"
bounded "long-value.html dump" --dump "$TMP/long-value.html"
expect_in "$TMP/err" "long-value.html: warning: an HTML tag with more than 256 attributes or longer than 1 MiB was cut short" \
    "long-value.html --dump: the cut tag is said"
mkdir -p "$TMP/opml-config"
bounded "attrs.opml" -c "$TMP/opml-config/config.ini" --import-opml "$TMP/attrs.opml"
expect_in "$TMP/out" "added 2 feeds" "attrs.opml: both feeds"

# A file name with an escape sequence is named without it.
bad=$(printf '%s/name\033]0;owned\007\033[31mred' "$TMP")
: >"$bad"
bounded "escape in a file name" --dump "$bad"
checks=$((checks + 1))
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/err"; then
	fail "escape in a file name reached stderr: $(od -c "$TMP/err" | head -3)"
fi
expect_in "$TMP/err" "namered: empty file" "escape in a file name: the name without it"

# A FIFO is refused at once, not read forever.
mkfifo "$TMP/fifo"
bounded "fifo" --dump "$TMP/fifo"
expect_status 1 "fifo"
expect_in "$TMP/err" "not a regular file" "fifo message"

# An article that shows a feed's markup in its text is still an article.
{
	echo "How to write a feed"
	echo
	i=0
	while [ "$i" -lt 10 ]; do
		echo "A line of prose about feeds, long enough to be a real paragraph of an article $i."
		i=$((i + 1))
	done
	echo '<rss version="2.0"><channel><title>Example</title></channel></rss>'
} >"$TMP/howto.txt"
bounded "howto" --dump "$TMP/howto.txt"
expect_status 0 "article with markup"
expect_in "$TMP/out" "How to write a feed" "article with markup is an article"

# Escape sequences and control characters never reach the output.
printf '<rss><channel><title>T\033]0;owned\007</title><item><title>a\033[2Jb&#x9b;2Jc&#x1b;[31md</title><link>https://x.example/\033[1m</link></item></channel></rss>' >"$TMP/esc.xml"
bounded "escapes" --dump "$TMP/esc.xml"
expect_status 0 "escapes"
checks=$((checks + 1))
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMP/out"; then
	fail "escapes: a control character in the output: $(od -c "$TMP/out" | head -5)"
fi
checks=$((checks + 1))
if LC_ALL=C grep -q "$(printf '\302\233')" "$TMP/out"; then
	fail "escapes: a C1 control in the output"
fi
# Markup the filter cannot count must not reach libxml2 uncounted: a tag of
# 200,000 attributes in a feed declared UTF-7 (refused: its markup is not
# ASCII), in an HTML page whose meta names UTF-7 or EBCDIC (read as UTF-8,
# as browsers do), and after an HTML "</" with no name. Each took from 20 s
# to over a minute before.
python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
attrs = " ".join('a%d="x"' % i for i in range(200000))
def utf7(s):
    return s.replace("<", "+ADw-").replace(">", "+AD4-")
open(d + "/utf7.xml", "w").write('<?xml version="1.0" encoding="UTF-7"?><rss version="2.0"><channel><title>T</title>'
    + utf7("<item %s><title>t</title></item></channel></rss>" % attrs))
open(d + "/utf7.html", "w").write('<html><head><meta charset="utf-7"></head><body>'
    + utf7("<p %s>x</p>" % attrs) + "</body></html>")
open(d + "/ebcdic.html", "wb").write(b'<html><head><meta charset="ibm037"></head><body>'
    + ("<p %s>x</p>" % attrs).encode("cp037") + b"</body></html>")
open(d + "/endtag.html", "w").write("<html><body></ <p %s>x</p></body></html>" % attrs)
open(d + "/entity.xml", "w").write('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "]><rss>"><!ENTITY e "<p '
    + " ".join("a%d='x'" % i for i in range(90000)) + '/>">]><rss version="2.0"><channel><title>T</title>'
    '<item><title>t &e; u</title></item></channel></rss>')
decl = " ".join('a%d CDATA "x"' % i for i in range(30000))
open(d + "/attlist.xml", "w").write('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "]><rss>"><!ATTLIST item '
    + decl + '>]><rss version="2.0"><channel><title>T</title>'
    + "".join("<item><title>t%d</title></item>" % i for i in range(50)) + "</channel></rss>")
PY
# Default attributes from the doctype are not added to every element.
bounded "attribute defaults" --dump "$TMP/attlist.xml"
expect_status 0 "attribute defaults"
expect_in "$TMP/out" "t49" "a feed with 30,000 attribute defaults is read"
bounded "utf-7 feed" --dump "$TMP/utf7.xml"
expect_status 1 "utf-7 feed"
expect_in "$TMP/err" "encoding UTF-7 is not read" "a UTF-7 feed is refused by name"
# An entity whose value holds markup is not declared: its use stays text.
bounded "entity with markup" --dump "$TMP/entity.xml"
expect_status 0 "entity with markup"
expect_in "$TMP/out" "t &e; u" "an entity holding markup is kept as text"
for f in utf7.html ebcdic.html endtag.html; do
	bounded "$f" --dump --body "$TMP/$f"
	expect_status 0 "$f"
done
# Authors: an Atom entry without one takes the feed's, so a feed of 2,000
# long authors and 50,000 empty entries must not give each entry all of
# them (INHERIT_BYTES in xmlfeed.c), and 100,000 authors of one entry are
# compared one with another only up to NR_ITEM_MAX_AUTHORS.
python3 - "$TMP" <<'PY3'
import sys
d = sys.argv[1] + "/"
with open(d + "authors.xml", "w") as f:
    f.write('<feed xmlns="http://www.w3.org/2005/Atom"><title>Authors</title>')
    for i in range(2000):
        f.write("<author><name>Author %d %s</name></author>" % (i, "x" * 200))
    f.write("<entry><id>e</id></entry>" * 50000)
    f.write("<entry><id>many</id>" + "".join("<author><name>A%d</name></author>" % i for i in range(100000)))
    f.write("</entry></feed>")
PY3
bounded "authors.xml" --dump --fields=id,author "$TMP/authors.xml"
expect_status 0 "authors.xml"
expect_lines "$TMP/out" 50001 "authors.xml: every entry"
checks=$((checks + 1))
[ "$(wc -c <"$TMP/out")" -lt 64000000 ] || fail "authors.xml: $(wc -c <"$TMP/out") bytes of output"
checks=$((checks + 1))
[ "$(grep -c '^many' "$TMP/out")" -eq 1 ] || fail "authors.xml: the entry of many authors"

# libxml2 keeps every name it reads in a dictionary whose table stops
# growing, so each new name costs more than the last: a million different
# element names, entity references, attribute names or namespace URIs
# took minutes. The filter stops a document at its 20,000th name, and at a
# doctype over 1 MiB; attribute defaults are not applied to OPML outlines
# either (30,000 of them: over 100 s before), and OPML in UTF-7 is refused
# like a feed. A feed whose root lies beyond a long comment is a feed.
python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
head = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>first</title><guid>g1</guid></item>'
open(d + "/names.xml", "w").write(head + "<item><title>t</title>"
    + "".join("<e%d/>" % i for i in range(1500000)) + "</item></channel></rss>")
open(d + "/refs.xml", "w").write(head + "<item><title>t</title><description>"
    + "".join("&x%d;" % i for i in range(1500000)) + "</description></item></channel></rss>")
open(d + "/uris.xml", "w").write(head + "<item><title>t</title>"
    + "".join('<e xmlns:p="urn:%d"/>' % i for i in range(1000000)) + "</item></channel></rss>")
open(d + "/refs.html", "w").write("<html><body><p>Intro</p><p>"
    + "".join("&x%d; " % i for i in range(1500000)) + "</p></body></html>")
open(d + "/names.html", "w").write("<html><body><p>Intro</p>"
    + "".join("<e%d a%d=x>" % (i, i) for i in range(1000000)) + "</body></html>")
open(d + "/names.opml", "w").write('<?xml version="1.0"?><opml version="2.0"><body>'
    + "".join('<outline text="f" xmlUrl="http://example.org/%d" a%d="x"/>' % (i, i) for i in range(1000000))
    + "</body></opml>")
open(d + "/subset.xml", "w").write('<?xml version="1.0"?><!DOCTYPE rss ['
    + "".join('<!ENTITY e%d "x">' % i for i in range(100000)) + ']>' + head + "</channel></rss>")
open(d + "/defaults.opml", "w").write('<?xml version="1.0"?><!DOCTYPE opml ['
    + "".join('<!ATTLIST outline a%d CDATA "v">' % i for i in range(30000)) + ']><opml version="2.0"><body>'
    + "".join('<outline text="f%d" xmlUrl="http://example.org/%d"/>' % (i, i) for i in range(2000))
    + "</body></opml>")
open(d + "/utf7.opml", "w").write('<?xml version="1.0" encoding="UTF-7"?><opml version="2.0"><body>'
    + '+ADw-outline text="f" xmlUrl="http://example.org/" ' + " ".join('a%d="x"' % i for i in range(200000))
    + '/+AD4-</body></opml>')
open(d + "/prolog.xml", "w").write('<?xml version="1.0"?>\n<!-- ' + "licence text " * 1000 + '-->\n'
    + head + "</channel></rss>")
PY
for f in names.xml refs.xml uris.xml; do
	bounded "$f" --dump "$TMP/$f"
	expect_status 0 "$f"
	expect_in "$TMP/out" "first" "$f: the items before the names are kept"
	expect_in "$TMP/err" "different names" "$f: the reason the rest is not read"
done
for f in refs.html names.html; do
	bounded "$f" --render "$TMP/$f"
	expect_status 0 "$f"
	expect_in "$TMP/out" "Intro" "$f: what came before is shown"
	expect_in "$TMP/err" "$f: warning: more than 20,000 different names of elements, attributes and entities: the rest is not read" \
	    "$f --render: why the page ends there"
	bounded "$f" --dump "$TMP/$f"
	expect_status 0 "$f --dump"
	expect_in "$TMP/err" "$f: warning: more than 20,000 different names" "$f --dump: why the page ends there"
	bounded "$f" --render "$TMP/$f" --no-extract
	expect_in "$TMP/out" "Intro" "$f --no-extract: what came before is shown"
	expect_in "$TMP/err" "$f: warning: more than 20,000 different names" "$f --no-extract: why the page ends there"
done
bounded "subset.xml" --dump "$TMP/subset.xml"
expect_status 1 "subset.xml"
expect_in "$TMP/err" "doctype declaration longer than 1 MiB" "a doctype over 1 MiB is named"
mkdir -p "$TMP/opml2"
bounded "names.opml" -c "$TMP/opml2/config.ini" --import-opml "$TMP/names.opml"
expect_status 2 "names.opml"
expect_in "$TMP/err" "different names" "an OPML file of a million names is refused"
bounded "utf7.opml" -c "$TMP/opml2/config.ini" --import-opml "$TMP/utf7.opml"
expect_status 2 "utf7.opml"
expect_in "$TMP/err" "encoding UTF-7 is not read" "a UTF-7 OPML file is refused by name"
bounded "defaults.opml" -c "$TMP/opml2/config.ini" --import-opml "$TMP/defaults.opml"
expect_status 0 "defaults.opml"
checks=$((checks + 1))
[ "$(grep -c '^\[feed' "$TMP/opml2/config.ini")" = 2000 ] || fail "defaults.opml: not every outline imported"
# ISO-2022-JP writes its letters with bytes that are '<' and quotes in
# ASCII: a feed in it is refused by name; a page is read converted.
python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
feed = ('<?xml version="1.0" encoding="%s"?><rss version="2.0"><channel><title>\u65e5\u672c</title>'
    '<item><title>\u6771\u4eac</title></item></channel></rss>')
open(d + "/jp.xml", "wb").write((feed % "ISO-2022-JP").encode("iso2022_jp"))
open(d + "/sjis.xml", "wb").write((feed % "Shift_JIS").encode("shift_jis"))
open(d + "/jp.html", "wb").write(('<html><head><meta charset="iso-2022-jp"><title>\u65e5\u672c</title></head>'
    '<body><p>\u6771\u4eac\u306e\u5929\u6c17</p></body></html>').encode("iso2022_jp"))
PY
bounded "jp.xml" --dump "$TMP/jp.xml"
expect_status 1 "jp.xml"
expect_in "$TMP/err" "encoding ISO-2022-JP is not read" "an ISO-2022-JP feed is refused by name"
bounded "sjis.xml" --dump "$TMP/sjis.xml"
expect_status 0 "sjis.xml"
expect_in "$TMP/out" "$(printf '\346\235\261\344\272\254')" "a Shift_JIS feed is read"
bounded "jp.html" --dump --body "$TMP/jp.html"
expect_status 0 "jp.html"
expect_in "$TMP/out" "$(printf '\346\235\261\344\272\254\343\201\256\345\244\251\346\260\227')" "an ISO-2022-JP page is read converted"
bounded "prolog.xml" --dump "$TMP/prolog.xml"
expect_status 0 "prolog.xml"
expect_in "$TMP/out" "first" "a feed whose root follows a 13 KB comment is read as a feed"
finish
