#!/usr/bin/env python3
"""Reader mode, measured: for every page of a corpus (PAGE.html beside
PAGE.expect: "title: ...", "byline: ...", a line "---", then the article's
text as a careful reader takes it), the words of the article that
`newsreader --dump` gives, beside `w3m -dump` and `lynx -dump` on the same
page in the same run: precision, recall and F1 of the words (a multiset;
CJK characters count one each), and whether the title and the byline are
exactly right. Then the time reader mode adds to a page (bench/extract-time.c:
the parse with extraction against the parse alone, best of RUNS) on a
typical 200 KB page and on 5 and 50 MB ones, to see that it stays linear.

usage: bench/bench-extract.py [--runs N] [--no-time] [CORPUS_DIR ...]
(default tests/extract; run from a built tree; needs w3m and lynx)
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEWSREADER = os.environ.get("NEWSREADER", os.path.join(TOP, "src", "newsreader"))


def is_cjk(ch):
    o = ord(ch)
    return (0x3040 <= o <= 0x30ff or 0x3400 <= o <= 0x4dbf or 0x4e00 <= o <= 0x9fff
            or 0xac00 <= o <= 0xd7af or 0xf900 <= o <= 0xfaff)


def words(text):
    """The words of text, case folded, NFC; each CJK character a word."""
    text = unicodedata.normalize("NFC", text).casefold()
    out = []
    for w in re.findall(r"\w+", text):
        run = ""
        for ch in w:
            if is_cjk(ch):
                if run:
                    out.append(run)
                    run = ""
                out.append(ch)
            else:
                run += ch
        if run:
            out.append(run)
    return out


def prf(got, want):
    g, w = collections.Counter(words(got)), collections.Counter(words(want))
    common = sum((g & w).values())
    p = common / sum(g.values()) if g else 0.0
    r = common / sum(w.values()) if w else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def read_expect(path):
    head, _, body = open(path, encoding="utf-8").read().partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        k, _, v = line.partition(":")
        meta[k.strip()] = v.strip()
    return meta.get("title", ""), meta.get("byline", ""), body


def unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), s)


def norm(s):
    return " ".join(s.split())


def run(cmd, env=None):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, env=env)
    return p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), time.perf_counter() - t


def newsreader(page):
    out, err, t = run([NEWSREADER, "--dump", "--fields=title,author,body", page])
    parts = out.rstrip("\n").split("\t")
    parts += [""] * (3 - len(parts))
    return unescape(parts[0]), unescape(parts[1]), unescape(parts[2]), err, t


def corpus(dirs):
    for d in dirs:
        for name in sorted(os.listdir(d)):
            if name.endswith(".html"):
                exp = os.path.join(d, name[:-5] + ".expect")
                if os.path.exists(exp):
                    yield os.path.join(d, name), exp


def score(dirs):
    tools = [("newsreader", None), ("w3m -dump", ["w3m", "-dump", "-T", "text/html", "-O", "UTF-8", "-cols", "80"]),
             ("lynx -dump", ["lynx", "-dump", "-nolist", "-display_charset=UTF-8", "-width=80"])]
    have = {name: cmd is None or shutil.which(cmd[0]) for name, cmd in tools}
    rows, totals = [], collections.defaultdict(list)
    titles = bylines = n = empty_silent = 0
    for page, exp in corpus(dirs):
        n += 1
        want_title, want_byline, want_body = read_expect(exp)
        title, byline, body, err, t = newsreader(page)
        row = {"page": os.path.basename(page)[:-5]}
        p, r, f = prf(body, want_body)
        row["newsreader"] = (p, r, f)
        totals["newsreader"].append((p, r, f))
        ok_t = norm(title) == norm(want_title)
        ok_b = norm(byline) == norm(want_byline)
        titles += ok_t
        bylines += ok_b
        if not body.strip() and not err.strip():
            empty_silent += 1
        row["title"], row["byline"] = ok_t, ok_b
        for name, cmd in tools[1:]:
            if not have[name]:
                continue
            out, _, _ = run(cmd + [page])
            p, r, f = prf(out, want_body)
            row[name] = (p, r, f)
            totals[name].append((p, r, f))
        rows.append(row)
    print("| page | newsreader P / R / F1 | title | byline | w3m -dump F1 | lynx -dump F1 |")
    print("|---|---|:-:|:-:|--:|--:|")
    for row in rows:
        p, r, f = row["newsreader"]
        print("| %s | %.2f / %.2f / **%.2f** | %s | %s | %s | %s |" % (
            row["page"], p, r, f, "yes" if row["title"] else "no", "yes" if row["byline"] else "no",
            "%.2f" % row["w3m -dump"][2] if "w3m -dump" in row else "-",
            "%.2f" % row["lynx -dump"][2] if "lynx -dump" in row else "-"))
    print()
    print("| tool | mean precision | mean recall | mean F1 | median F1 | title exact | byline exact |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name, _ in tools:
        v = totals.get(name)
        if not v:
            continue
        fs = sorted(x[2] for x in v)
        med = fs[len(fs) // 2] if len(fs) % 2 else (fs[len(fs) // 2 - 1] + fs[len(fs) // 2]) / 2
        extra = ("%d/%d" % (titles, n), "%d/%d" % (bylines, n)) if name == "newsreader" else ("-", "-")
        print("| %s | %.3f | %.3f | %.3f | %.3f | %s | %s |" % (
            name, sum(x[0] for x in v) / len(v), sum(x[1] for x in v) / len(v), sum(fs) / len(fs), med, *extra))
    print()
    print("pages: %d; empty without a warning: %d" % (n, empty_silent))


PARA = ("<p>The committee met again on Tuesday, and after a long debate about the budget, the roads and the "
        "new school, it agreed to publish its report in the spring, a month later than planned.</p>\n")
TEASER = ('<article class="promo"><a href="/news/%d"><img src="/i/%d.jpg" alt=""><h3>Teaser headline number %d '
          'about something else</h3></a><p>A short summary of another story, one line long.</p></article>\n')
SCRIPT = "<script>window.__STATE__ = {%s};</script>\n"


def make_page(path, size):
    """A page in the shape of a news site's: a third of it scripts in the
    head, navigation, a story of paragraphs (a quarter), rails of teasers
    (the rest); size bytes or so."""
    with open(path, "w", encoding="utf-8") as f:
        head = "<!doctype html><html><head><meta charset=utf-8><title>Story - Site</title>\n"
        f.write(head)
        written = len(head)
        k = 0
        while written < size // 3:
            state = ",".join('"k%d": %d' % (i, i) for i in range(k, k + 5000))
            k += 5000
            f.write(SCRIPT % state)
            written += len(state)
        nav = '</head><body><nav><ul>' + "".join('<li><a href="/s%d">Section %d</a></li>' % (i, i) for i in range(30)) + "</ul></nav>\n"
        f.write(nav + '<main><article class="story"><h1>Story</h1><div class="story-body">\n')
        written += len(nav)
        story = 0
        while story < size // 4:
            f.write(PARA)
            story += len(PARA)
        f.write("</div></article></main><aside>\n")
        written += story
        i = 0
        while written < size:
            s = TEASER % (i, i, i)
            f.write(s)
            written += len(s)
            i += 1
        f.write("</aside><footer>Site</footer></body></html>\n")


def timing(runs):
    helper = os.path.join(tempfile.mkdtemp(), "extract-time")
    cflags = subprocess.run(["pkg-config", "--cflags", "--libs", "libxml-2.0", "json-c"], capture_output=True,
                            text=True).stdout.split()
    cmd = ["cc", "-O2", "-I" + TOP, "-I" + os.path.join(TOP, "src"), os.path.join(TOP, "bench", "extract-time.c"),
           os.path.join(TOP, "src", "libnewsreader.a")] + cflags + ["-o", helper]
    if subprocess.run(cmd).returncode != 0:
        print("could not build bench/extract-time.c", file=sys.stderr)
        return
    tmp = tempfile.mkdtemp()
    print("| page | size | whole page (best of %d) | reader mode | difference | reader mode per MB |" % runs)
    print("|---|--:|--:|--:|--:|--:|")
    for label, size, r in (("typical", 200 * 1024, runs), ("large", 5 * 1024 * 1024, max(1, runs // 2)),
                           ("huge", 50 * 1024 * 1024, 1)):
        page = os.path.join(tmp, "%s.html" % label)
        make_page(page, size)
        real = os.path.getsize(page)
        out = subprocess.run([helper, page, str(r)], capture_output=True, text=True).stdout.split()
        ext, whole = float(out[0]), float(out[1])
        print("| %s | %.1f MB | %.1f ms | %.1f ms | %.1f ms | %.1f ms |" % (
            label, real / 1048576, whole, ext, ext - whole, ext / (real / 1048576)))
        os.unlink(page)
    shutil.rmtree(tmp)
    shutil.rmtree(os.path.dirname(helper))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-time", action="store_true")
    ap.add_argument("dirs", nargs="*")
    a = ap.parse_args()
    score(a.dirs or [os.path.join(TOP, "tests", "extract")])
    if not a.no_time:
        print()
        timing(a.runs)


if __name__ == "__main__":
    main()
