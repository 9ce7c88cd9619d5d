#!/bin/sh
# Search and limit across scripts in the interface: case folded by
# Unicode's rules (Latin with diacritics, Albanian, Russian, Greek, German
# ß, Turkish İ), canonical equivalence, accents ignored with
# search_ignore_accents = yes, and the highlight on the cells of the
# match, however folding changed its length.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

mkdir -p "$XDG_CONFIG_HOME"
# Titles in several scripts, one a day, the newest first in the list.
python3 - "$TMP/scripts.xml" <<'EOP'
import sys
titles = [
    "Plain English title about the weather",
    "Ünïcödé everywhere: a test of text",
    "Bashkia e Shkodrës hap urën e re",
    "Озеро Байкал замерзло рано",
    "Τα Ελληνικά στο σχολείο",
    "Die Straße nach Passau ist gesperrt",
    "東京で桜の開花宣言",
    "Cafe\u0301 au lait, written with a combining accent",
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Scripts</title>\n')
    for i, t in enumerate(titles):
        f.write("<item><guid>s%d</guid><title>%s</title><pubDate>%02d Jan 2026 12:00:00 +0000</pubDate>"
                "<description>Body %d.</description></item>\n" % (i, t, 20 - i, i))
    f.write("</channel></rss>\n")
EOP
printf '[general]\nsort = newest\n[sources]\nscripts = %s\n' "$TMP/scripts.xml" >"$TMP/config.ini"

# highlighted TEXT LINE WHAT: on the screen line holding LINE, TEXT comes
# right after an SGR sequence (the match's colour) and is followed by one
# (back to the row's colours): exactly TEXT is marked.
highlighted() {
	screen -e
	checks=$((checks + 1))
	esc=$(printf '\033')
	grep -F -- "$2" "$TMP/screen" | grep -q "$esc\[[0-9;]*m$1$esc\[" ||
		fail "$3: '$1' is not what is highlighted: $(grep -F -- "$2" "$TMP/screen" | sed -n l | head -3)"
}

start 100 20 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "Plain English title" "the list"
wait_for "1/8" "eight articles"

# ---- search: folding of every case ----
keys / "ünïcödé" Enter
wait_for "2/8" "/ünïcödé finds Ünïcödé"
highlighted "Ünïcödé" "everywhere" "the match in Latin with diacritics"
keys / "ελληνικά" Enter
wait_for "5/8" "/ελληνικά finds Ελληνικά"
highlighted "Ελληνικά" "σχολείο" "the match in Greek"
# ß and SS: the highlight covers the six characters of Straße that the
# seven of STRASSE fold to.
keys / "STRASSE" Enter
wait_for "6/8" "/STRASSE finds Straße"
highlighted "Straße" "Passau" "the match of a longer fold"
# A precomposed é finds e + U+0301.
keys / "café" Enter
wait_for "8/8" "/café finds Cafe + combining acute"
keys / "cafe" Space a u Enter
wait_for "Not found: cafe au" "without search_ignore_accents, e is not é"
keys / "東京" Enter
wait_for "7/8" "/東京 finds the Japanese title"

# ---- limit ----
keys l "SHKODRËS" Enter
wait_for "1/1" "l SHKODRËS limits to Shkodrës"
on_screen "Bashkia e Shkodrës" "the Albanian title shown"
not_on_screen "Байкал" "the others hidden"
keys l "байкал" Enter
wait_for "1/1" "l байкал limits to Байкал"
on_screen "Озеро Байкал" "the Russian title shown"
keys l "shkodres" Enter
wait_for "No article matches: shkodres" "accents count by default"
keys l Enter
wait_for "/8" "all again"
keys Q
wait_for "EXIT:0" "quits"

# ---- search_ignore_accents = yes ----
printf '[general]\nsort = newest\nsearch_ignore_accents = yes\n[sources]\nscripts = %s\n' "$TMP/scripts.xml" >"$TMP/config.ini"
start 100 20 -- -c "$TMP/config.ini" -d "$TMP/db"
wait_for "1/8" "the list again"
keys l "shkodres" Enter
wait_for "1/1" "with accents ignored, shkodres finds Shkodrës"
on_screen "Bashkia e Shkodrës" "the Albanian title shown"
keys l Enter
wait_for "3/8" "all again, the selection kept"
keys / "unicode" Enter
wait_for "2/8" "/unicode finds Ünïcödé"
highlighted "Ünïcödé" "everywhere" "the accented match highlighted whole"
keys / "cafe au" Enter
wait_for "8/8" "/cafe au finds Cafe + combining acute"
keys Q
wait_for "EXIT:0" "quits"
finish
