#!/usr/bin/env python3
"""A library of feeds for the storage benchmarks, with bodies closer to the
web's than genfeed.py's (whose 50 words compress far better than prose).

  genlib.py feeds DIR FEEDS ITEMS [SEED]   write DIR/feed-N.xml: FEEDS RSS 2.0
                                           feeds of ITEMS items each
  genlib.py fastfeeds DIR FEEDS ITEMS [SEED]  the same, sentences drawn from
                                           a pool of 200,000 (ten times
                                           faster: for the million-article
                                           library, timed, not weighed)
  genlib.py bodies DIR N [SEED]            write N bodies as DIR/0.html ...

Each item has a title, link, guid, date, author, a one-sentence description
and a content:encoded body of 2-5 KB of HTML: a heading, paragraphs of
sentences of 6-25 words, some with a link, an emphasis or an image. The
words are drawn from a vocabulary of 30,000 made-up words with the Zipf
distribution of natural language (the 100 commonest make about half of
the text), so that the bodies compress about as well as English prose
(zstd -3: 46% of their size without a dictionary, where genfeed.py's
compress to 33%). Deterministic for a given SEED.
"""
import bisect
import itertools
import os
import random
import sys

ONSETS = ("b c d f g h k l m n p r s t v w st tr pr ch sh th br gr pl".split() + [""])
NUCLEI = "a e i o u ea ou io ai y".split()
CODAS = [""] + "n r s t l m nd st ng rt ck x ld".split()


def vocabulary(n=30000):
    rng = random.Random(1)
    seen, words = set(), []
    while len(words) < n:
        k = 1 + min(int(rng.expovariate(0.7)), 4)
        w = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS) for _ in range(k))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


VOCAB = vocabulary()
CUMULATIVE = list(itertools.accumulate(1.0 / (i + 1) ** 1.07 for i in range(len(VOCAB))))


def words(rng, n):
    top = CUMULATIVE[-1]
    return [VOCAB[bisect.bisect(CUMULATIVE, rng.random() * top)] for _ in range(n)]


def sentence(rng, n):
    if POOL:
        return rng.choice(POOL)
    return " ".join(words(rng, n)).capitalize() + rng.choice(".....?!")


POOL = []


def body(rng, size):
    out = ["<h2>%s</h2>\n" % sentence(rng, 7)]
    total = len(out[0])
    while total < size:
        p = " ".join(sentence(rng, rng.randint(6, 25)) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.5:
            ws = p.split(" ")
            i = rng.randrange(len(ws))
            ws[i] = '<a href="https://%s.example/%s/%d">%s</a>' % (
                VOCAB[rng.randrange(2000)], VOCAB[rng.randrange(5000)], rng.randrange(10**6), ws[i])
            p = " ".join(ws)
        if rng.random() < 0.2:
            p = p.replace(" ", " <em>", 1) + "</em>"
        para = "<p>%s</p>\n" % p
        if rng.random() < 0.1:
            para += '<img src="https://cdn.%s.example/%x.jpg" alt="%s">\n' % (
                VOCAB[rng.randrange(2000)], rng.getrandbits(64), sentence(rng, 4))
        out.append(para)
        total += len(para)
    return "".join(out)


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def feed(out, rng, seed, items):
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
              'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
              '<channel>\n<title>%s %d</title>\n<link>https://lib%d.example/</link>\n'
              '<description>%s</description>\n' % (escape(sentence(rng, 3)[:-1]), seed, seed,
                                                   escape(sentence(rng, 8))))
    # Ten years of news, newest first, a few hours apart.
    t = 1764000000 - seed * 37
    for i in range(items):
        t -= rng.randint(600, 3600 * 8)
        y, mo, d, h, mi, s, wd = timeparts(t)
        out.write("<item>\n<title>%s</title>\n<link>https://lib%d.example/%d/%s</link>\n"
                  "<guid isPermaLink=\"false\">lib-%d-%d</guid>\n"
                  "<pubDate>%s, %02d %s %d %02d:%02d:%02d +0000</pubDate>\n"
                  "<dc:creator>%s</dc:creator>\n<description>%s</description>\n"
                  "<content:encoded><![CDATA[%s]]></content:encoded>\n</item>\n"
                  % (escape(sentence(rng, rng.randint(4, 12))[:-1]), seed, i, VOCAB[rng.randrange(3000)],
                     seed, i, DAYS[wd], d, MONTHS[mo - 1], y, h, mi, s,
                     escape(" ".join(words(rng, 2)).title()), escape(sentence(rng, 25)),
                     body(rng, rng.randint(2000, 5000))))
    out.write("</channel>\n</rss>\n")


def timeparts(t):
    import time
    g = time.gmtime(t)
    return g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, g.tm_wday


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "fastfeeds":
        rng = random.Random(3)
        POOL.extend(" ".join(words(rng, rng.randint(6, 25))).capitalize() + rng.choice(".....?!")
                    for _ in range(200000))
        sys.argv[1] = "feeds"
    if len(sys.argv) >= 5 and sys.argv[1] == "feeds":
        d, nfeeds, items = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        seed0 = int(sys.argv[5]) if len(sys.argv) > 5 else 0
        os.makedirs(d, exist_ok=True)
        for f in range(nfeeds):
            rng = random.Random(seed0 * 1000003 + f)
            with open(os.path.join(d, "feed-%d.xml" % f), "w", encoding="utf-8") as out:
                feed(out, rng, f, items)
    elif len(sys.argv) >= 4 and sys.argv[1] == "bodies":
        d, n = sys.argv[2], int(sys.argv[3])
        rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 5)
        os.makedirs(d, exist_ok=True)
        for i in range(n):
            with open(os.path.join(d, "%d.html" % i), "w", encoding="utf-8") as out:
                out.write(body(rng, rng.randint(2000, 5000)))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
