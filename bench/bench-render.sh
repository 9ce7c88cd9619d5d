#!/bin/sh
# Rendering speed: a generated article of about 1 MB of realistic HTML
# (paragraphs with inline markup and links, headings, lists, a quote, code,
# a table, images) rendered by newsreader --render at 80 columns, by
# w3m -dump and by lynx -dump, in one hyperfine run with newsreader
# --version as the cost of starting the program; then the peak memory of
# each (GNU time). Usage: bench/bench-render.sh [NEWSREADER] [SIZE_KB]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
nr=${1:-$here/../src/newsreader}
size_kb=${2:-1024}
out=${BENCH_OUT:-$here/out}
mkdir -p "$out"
article=$out/article.html
LC_ALL=C.UTF-8
export LC_ALL

python3 - "$article" "$size_kb" <<'PY'
import random, sys
path, size = sys.argv[1], int(sys.argv[2]) * 1024
rnd = random.Random(6)
words = ("the of and to in a is that for on with as was by at from it his an were are "
         "which this be or has had not but have its their been one new also after who "
         "government city council Tirana Prishtina cyclists river bridge budget years "
         "report minister plan people street market school village season festival "
         "independence anniversary museum orchestra university hospital railway").split()
intl = ["Kosovë", "Shqipëri", "naïve", "café", "東京", "Zürich", "São Paulo", "Ελλάδα"]

def sentence():
    n = rnd.randint(8, 22)
    ws = [rnd.choice(words) if rnd.random() > 0.05 else rnd.choice(intl) for _ in range(n)]
    ws[0] = ws[0].capitalize()
    out = []
    for w in ws:
        r = rnd.random()
        if r < 0.04:
            out.append('<a href="https://news.example.org/%s/%d">%s</a>' % (w, rnd.randint(1, 400), w))
        elif r < 0.06:
            out.append("<b>%s</b>" % w)
        elif r < 0.08:
            out.append("<em>%s</em>" % w)
        elif r < 0.09:
            out.append("<code>%s()</code>" % w)
        else:
            out.append(w)
    return " ".join(out) + rnd.choice([".", ".", ".", "?", "!"])

def para():
    return "<p>" + " ".join(sentence() for _ in range(rnd.randint(2, 6))) + "</p>\n"

parts = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Article</title>'
         "<style>p { margin: 1em }</style></head><body>\n"]
total = len(parts[0])
sec = 0
while total < size:
    sec += 1
    chunk = ["<h2>Section %d: %s</h2>\n" % (sec, sentence()[:-1])]
    for _ in range(rnd.randint(3, 8)):
        chunk.append(para())
    r = rnd.random()
    if r < 0.3:
        chunk.append("<ul>" + "".join("<li>%s</li>" % sentence() for _ in range(rnd.randint(3, 7))) + "</ul>\n")
    elif r < 0.45:
        chunk.append('<ol start="%d">' % rnd.randint(1, 5)
                     + "".join("<li>%s<ul><li>%s</li></ul></li>" % (sentence(), sentence()) for _ in range(3))
                     + "</ol>\n")
    elif r < 0.6:
        chunk.append("<blockquote>" + para() + para() + "</blockquote>\n")
    elif r < 0.7:
        chunk.append("<pre>" + "\n".join("    value_%d = compute(%d, &quot;%s&quot;);" % (i, i, rnd.choice(words))
                                         for i in range(8)) + "</pre>\n")
    elif r < 0.85:
        rows = "".join("<tr><td>%s</td><td>%d</td><td>%d.%d%%</td></tr>" % (rnd.choice(words), rnd.randint(1, 9999),
                       rnd.randint(0, 99), rnd.randint(0, 9)) for _ in range(rnd.randint(4, 12)))
        chunk.append("<table><thead><tr><th>Name</th><th>Count</th><th>Share</th></tr></thead><tbody>"
                     + rows + "</tbody></table>\n")
    else:
        chunk.append('<figure><img src="/img/%d.jpg" alt="%s"><figcaption>%s</figcaption></figure>\n'
                     % (sec, sentence()[:-1], sentence()))
    s = "".join(chunk)
    parts.append(s)
    total += len(s.encode())
parts.append("</body></html>\n")
open(path, "w", encoding="utf-8").write("".join(parts))
PY

echo "article: $article ($(wc -c <"$article") bytes)"
echo "machine: $(uname -srm); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $(nproc) CPUs"
"$nr" --version | head -1
w3m -version 2>/dev/null | head -1 || true
lynx -version 2>/dev/null | head -1 || true

set -- "$nr --render $article --width 80"
command -v w3m >/dev/null && set -- "$@" "w3m -dump -cols 80 -T text/html $article"
command -v lynx >/dev/null && set -- "$@" "lynx -dump -width=80 -force_html -nolist $article"
# newsreader --version: what starting the program costs (its libraries:
# curl, SQLite, libxml2, ncurses, ...), the floor under every --render.
hyperfine --warmup 3 --runs "${RUNS:-20}" -N --export-markdown "$out/render.md" "$@" "$nr --version"

echo "peak RSS (KB):"
for cmd in "$@"; do
	# shellcheck disable=SC2086 # the commands are words by design
	rss=$(/usr/bin/time -f %M $cmd 2>&1 >/dev/null | tail -1)
	echo "  $rss  $cmd"
done
"$nr" --render "$article" --width 80 | wc -l | sed 's/^/newsreader lines: /'
