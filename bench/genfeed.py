#!/usr/bin/env python3
"""Write an RSS 2.0 feed for benchmarks (genfeed.py [ITEMS [SEED [PARAGRAPHS]]]): ITEMS items, each with a title,
link, guid, date, author, a description and a content:encoded body of
realistic HTML (PARAGRAPHS paragraphs, default 8: about 4.5 KB), with some non-ASCII text. Deterministic."""
import random
import sys

WORDS = ("the city council said on monday that new rules would take effect "
         "after a long debate over housing transport and schools while critics "
         "argued the plan lacked money and detail residents of tiranë prishtinë "
         "and shkodër welcomed parts of it москва 東京 report analysis market "
         "energy prices rose again as winter approached").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 42
    paragraphs = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    out = sys.stdout
    rng = random.Random(seed)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
              'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
              '<channel>\n<title>Benchmark feed %d</title>\n'
              '<link>https://bench%d.example/</link>\n' % (seed, seed) +
              '<description>Generated for newsreader benchmarks</description>\n')
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
              "Oct", "Nov", "Dec")
    for i in range(items):
        paras = "".join("<p>%s <a href=\"https://bench.example/ref/%d\">%s</a> %s</p>\n"
                        % (sentence(rng, 30), rng.randrange(10**6), sentence(rng, 3),
                           sentence(rng, 25)) for _ in range(paragraphs))
        body = ("<h2>%s</h2>\n%s<ul><li>%s</li><li>%s</li></ul>\n"
                "<blockquote>%s</blockquote>\n"
                % (sentence(rng, 6), paras, sentence(rng, 8), sentence(rng, 8),
                   sentence(rng, 20)))
        out.write("<item>\n<title>%s &amp; %d</title>\n"
                  "<link>https://bench%d.example/%d</link>\n"
                  "<guid isPermaLink=\"false\">bench-%d-%d</guid>\n"
                  "<pubDate>%s, %02d %s %d %02d:%02d:%02d +0000</pubDate>\n"
                  "<dc:creator>Author %d</dc:creator>\n"
                  "<description>%s</description>\n"
                  "<content:encoded><![CDATA[%s]]></content:encoded>\n</item>\n"
                  % (sentence(rng, 8), i, seed, i, seed, i, days[i % 7], 1 + i % 28,
                     months[i % 12], 2000 + i % 25, i % 24, i % 60, (i * 7) % 60,
                     i % 500, sentence(rng, 25).replace("&", "&amp;"), body))
    out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
