#!/bin/sh
# Right-to-left text with bidi = yes: Hebrew and Arabic titles in the list
# and paragraphs in the reader put in visual order (the terminal in tmux
# does not reorder, so the screen shows what a terminal without bidi
# would), an English name inside Arabic kept left to right, right-to-left
# paragraphs aligned to the right, search still finding the logical text;
# and bidi = no leaving the text in logical order for the terminal.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

mkdir -p "$XDG_CONFIG_HOME"
cat >"$TMP/rtl.xml" <<'EOX'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>RTL</title>
<item><guid>he</guid><title>שלום עולם</title><pubDate>Fri, 02 Jan 2026 12:00:00 +0000</pubDate>
<description>&lt;p&gt;הספרייה פתוחה גם בשבת&lt;/p&gt;</description></item>
<item><guid>ar</guid><title>متحف القاهرة (جديد)</title><pubDate>Thu, 01 Jan 2026 12:00:00 +0000</pubDate>
<description>&lt;p&gt;قال الوزير إن Microsoft ستفتح مكتبا&lt;/p&gt;&lt;p&gt;An English paragraph stays on the left.&lt;/p&gt;</description></item>
</channel></rss>
EOX
printf '[general]\nbidi = yes\n[sources]\nrtl = %s\n' "$TMP/rtl.xml" >"$TMP/config.ini"

start 80 24 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "1/2" "the list"
# Titles in visual order: the letters of each word right to left, the
# words too; a bracket in Arabic faces the other way.
on_screen "םלוע םולש" "the Hebrew title in visual order"
on_screen "(ديدج) ةرهاقلا فحتم" "the Arabic title in visual order, brackets mirrored"
not_on_screen "שלום עולם" "no Hebrew title in logical order"
keys j Enter
wait_for "2/2" "the Arabic article opened"
# The English name keeps its order inside the Arabic sentence, and the
# right-to-left paragraph ends at the right edge of the pane.
wait_for "ابتكم حتفتس Microsoft نإ ريزولا لاق" "the mixed line in visual order"
screen
checks=$((checks + 1))
grep -q "ابتكم حتفتس Microsoft نإ ريزولا لاق$" "$TMP/screen" &&
	[ "$(grep "Microsoft" "$TMP/screen" | python3 -c 'import sys; print(len(sys.stdin.read().rstrip("\n")))')" -eq 80 ] ||
	fail "the Arabic paragraph is not aligned to the right: $(grep Microsoft "$TMP/screen" | sed -n l)"
# The reader's title line, right to left too, ends at the right edge.
checks=$((checks + 1))
python3 - "$TMP/screen" <<'EOP' || fail "the Arabic title in the reader is not aligned to the right: $(grep "فحتم" "$TMP/screen" | sed -n l)"
import sys
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
sys.exit(0 if any(l.endswith("(ديدج) ةرهاقلا فحتم") and len(l) == 80 for l in lines) else 1)
EOP
on_screen "An English paragraph stays on the left." "the English paragraph as it is"
checks=$((checks + 1))
grep -q "^An English paragraph" "$TMP/screen" || fail "the English paragraph is not on the left"
# Search works on the logical text: the word typed as it is written.
keys / "مكتبا" Enter
wait_for "2/2" "the search finds the Arabic word"
not_on_screen "Not found" "the search finds the Arabic word"
keys Q
wait_for "EXIT:0" "quits"

# bidi = no: logical order, for terminals that reorder themselves.
printf '[general]\nbidi = no\n[sources]\nrtl = %s\n' "$TMP/rtl.xml" >"$TMP/config.ini"
start 80 24 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "1/2" "the list"
on_screen "שלום עולם" "the Hebrew title in logical order"
keys Q
wait_for "EXIT:0" "quits"
finish
