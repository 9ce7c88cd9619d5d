/* The renderer's contract, below what --render prints: the spans and
 * attributes of lines, link numbering (shared numbers, numbers going on
 * from the caller's links, relative URLs resolved against the base, links
 * that are not links), styles kept across a break, the link list, SGR
 * output, and the property that wrapping loses no character: for long runs
 * of random words and clusters, at every width from 1 to 40, the output's
 * non-space characters are the input's, in order. And --dump --body's text
 * (nr_render_plain) is the reader's text without styles or link numbers. */
#include "config.h"

#include "core/buf.h"
#include "core/xmalloc.h"
#include "render/render.h"
#include "t.h"
#include "util/utf8.h"

static const struct nr_render_opts *
opts_at(int width, const char *base)
{
	static struct nr_render_opts o;

	o.width = width;
	o.base = base;
	o.tag = 5;
	return &o;
}

/* The attributes of byte off of line l (0 if no span covers it). */
static unsigned
attrs_at(const struct nr_wrap_line *l, size_t off)
{
	size_t i;

	for (i = 0; i < l->nspans; i++) {
		if (off >= l->spans[i].off && off < l->spans[i].off + l->spans[i].len) {
			return l->spans[i].attrs;
		}
	}
	return 0;
}

/* Spans are in order, do not overlap, and stay inside the text. */
static void
check_spans(const struct nr_wrap *w)
{
	size_t i, k;

	for (i = 0; i < w->n; i++) {
		const struct nr_wrap_line *l = &w->lines[i];
		size_t end = 0, len = strlen(l->text);

		for (k = 0; k < l->nspans; k++) {
			CHECK(l->spans[k].off >= end);
			CHECK(l->spans[k].len > 0);
			CHECK(l->spans[k].attrs != 0);
			end = l->spans[k].off + l->spans[k].len;
			CHECK(end <= len);
		}
	}
}

static void
test_spans_and_links(void)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	const char *html = "<p>a <b>bold</b> <a href='/x'>link</a> <a href=\"javascript:x()\">js</a> "
	    "<a href='https://example.org/x'>again</a> <a href='first.html'>pre</a></p>";
	const struct nr_wrap_line *l;

	/* Numbers go on from the caller's links; the same URL keeps its. */
	CHECK_INT(nr_links_add(&links, "https://example.org/dir/first.html", NR_LINK_ENCLOSURE), 1);
	nr_render_html(&w, &links, html, strlen(html), opts_at(80, "https://example.org/dir/page.html"));
	CHECK_INT(w.n, 1);
	if (w.n < 1) {
		return;
	}
	l = &w.lines[0];
	CHECK_STR(l->text, "a bold link [2] js again [2] pre [1]");
	CHECK_INT(l->tag, 5);
	CHECK_INT(attrs_at(l, 0), 0);
	CHECK_INT(attrs_at(l, 2), NR_TA_BOLD);
	CHECK_INT(attrs_at(l, 5), NR_TA_BOLD);
	CHECK_INT(attrs_at(l, 6), 0);
	CHECK_INT(attrs_at(l, 7), NR_TA_LINK);
	CHECK_INT(attrs_at(l, 11), 0);
	CHECK_INT(attrs_at(l, 12), NR_TA_LINKNUM);
	CHECK_INT(attrs_at(l, 14), NR_TA_LINKNUM);
	CHECK_INT(attrs_at(l, 16), 0);  /* "js": not a link */
	check_spans(&w);
	CHECK_INT(links.n, 2);
	CHECK_STR(links.v[1].url, "https://example.org/x");
	CHECK_INT(links.v[1].kind, NR_LINK_LINK);
	nr_wrap_free(&w);
	nr_links_free(&links);
}

static void
test_style_across_breaks(void)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	const char *html = "<p>x <b>abcdefghij</b> <i>one two</i></p>";
	size_t i, k;

	nr_render_html(&w, &links, html, strlen(html), opts_at(4, NULL));
	/* x | abcd | efgh | ij | one | two */
	CHECK_INT(w.n, 6);
	for (i = 1; i < 4 && i < w.n; i++) {
		for (k = 0; k < strlen(w.lines[i].text); k++) {
			CHECK_INT(attrs_at(&w.lines[i], k), NR_TA_BOLD);
		}
	}
	if (w.n == 6) {
		CHECK_STR(w.lines[3].text, "ij");
		CHECK_STR(w.lines[4].text, "one");
		CHECK_INT(attrs_at(&w.lines[4], 0), NR_TA_ITALIC);
		CHECK_INT(attrs_at(&w.lines[5], 2), NR_TA_ITALIC);
	}
	check_spans(&w);
	nr_wrap_free(&w);
	nr_links_free(&links);
}

static void
test_blocks(void)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	const char *html = "<h2>Head</h2><blockquote>quoted</blockquote><ul><li>item</ul><pre>a\tb</pre>";

	nr_render_html(&w, &links, html, strlen(html), opts_at(20, NULL));
	CHECK_INT(w.n, 7);
	if (w.n == 7) {
		CHECK_STR(w.lines[0].text, "Head");
		CHECK_INT(attrs_at(&w.lines[0], 0), NR_TA_HEADING | NR_TA_BOLD);
		CHECK_STR(w.lines[1].text, "");
		CHECK_STR(w.lines[2].text, "\xe2\x94\x82 quoted");
		CHECK_INT(attrs_at(&w.lines[2], 0), NR_TA_DECOR);
		CHECK_INT(attrs_at(&w.lines[2], 3), 0);
		CHECK_STR(w.lines[4].text, "\xe2\x80\xa2 item");
		CHECK_INT(attrs_at(&w.lines[4], 0), NR_TA_DECOR);
		CHECK_STR(w.lines[6].text, "a       b");
		CHECK_INT(attrs_at(&w.lines[6], 0), NR_TA_CODE);
	}
	check_spans(&w);
	nr_wrap_free(&w);
	nr_links_free(&links);
}

static void
test_clean_urls(void)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	const char *html = "<a href=' https://example.org/a b\x1b[2J\t'>1</a>"
	    "<a href='//cdn.example.org/x'>2</a><a href='data:text/html,x'>3</a>"
	    "<a href='https://example.org/\xe2\x80\xae" "evil'>4</a><img src='../i.png' alt=''>"
	    "<a href='/x?a=$(id)&amp;b=`id`'>5</a><a href='y`z'>6</a>";

	nr_render_html(&w, &links, html, strlen(html), opts_at(80, "https://example.org/dir/page"));
	CHECK_INT(links.n, 6);
	if (links.n == 6) {
		CHECK_STR(links.v[0].url, "https://example.org/a%20b");
		CHECK_STR(links.v[1].url, "https://cdn.example.org/x");
		CHECK_STR(links.v[2].url, "https://example.org/evil");
		CHECK_STR(links.v[3].url, "https://example.org/i.png");
		CHECK_INT(links.v[3].kind, NR_LINK_IMAGE);
		/* Characters libxml2's resolver refuses, joined all the same
		 * and kept as they are. */
		CHECK_STR(links.v[4].url, "https://example.org/x?a=$(id)&b=`id`");
		CHECK_STR(links.v[5].url, "https://example.org/dir/y`z");
	}
	nr_wrap_free(&w);
	nr_links_free(&links);
}

static void
test_text(void)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	const char *text = "one two three four five six seven eight nine ten eleven\n"
	    "twelve (see https://example.org/x).\n\n- item\n  more\n\nshort\nlines";

	nr_render_text(&w, &links, text, strlen(text), opts_at(120, NULL));
	CHECK_INT(w.n, 6);
	if (w.n == 6) {
		const char *l0 = w.lines[0].text, *url = strstr(l0, "https:"), *num = strstr(l0, "[1]");

		CHECK_STR(l0, "one two three four five six seven eight nine ten eleven twelve (see "
		    "https://example.org/x [1]).");
		CHECK(url != NULL && num != NULL);
		if (url != NULL && num != NULL) {
			CHECK_INT(attrs_at(&w.lines[0], (size_t)(url - l0)), NR_TA_LINK);
			CHECK_INT(attrs_at(&w.lines[0], (size_t)(num - l0) - 2), NR_TA_LINK);
			CHECK_INT(attrs_at(&w.lines[0], (size_t)(num - l0) - 1), 0);
			CHECK_INT(attrs_at(&w.lines[0], (size_t)(num - l0)), NR_TA_LINKNUM);
			CHECK_INT(attrs_at(&w.lines[0], (size_t)(num - l0) + 3), 0);
		}
		CHECK_STR(w.lines[2].text, "- item more");
		CHECK_INT(attrs_at(&w.lines[2], 0), NR_TA_DECOR);
		/* Short lines stay lines. */
		CHECK_STR(w.lines[4].text, "short");
		CHECK_STR(w.lines[5].text, "lines");
	}
	CHECK_INT(links.n, 1);
	if (links.n == 1) {
		CHECK_STR(links.v[0].url, "https://example.org/x");
	}
	nr_wrap_free(&w);
	nr_links_free(&links);
}

static void
test_link_list_and_write(void)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	char buf[1024];
	FILE *fp;
	size_t n;

	nr_links_add(&links, "https://example.org/a", NR_LINK_LINK);
	nr_links_add(&links, "https://example.org/i.png", NR_LINK_IMAGE);
	nr_render_link_list(&w, &links, opts_at(80, NULL));
	CHECK_INT(w.n, 4);
	if (w.n == 4) {
		CHECK_STR(w.lines[0].text, "");
		CHECK_STR(w.lines[1].text, "Links:");
		CHECK_STR(w.lines[2].text, "[1] https://example.org/a");
		CHECK_STR(w.lines[3].text, "[2] https://example.org/i.png (image)");
		CHECK_INT(attrs_at(&w.lines[2], 0), NR_TA_LINKNUM);
		CHECK_INT(attrs_at(&w.lines[2], 4), NR_TA_LINK);
	}
	fp = tmpfile();
	CHECK(fp != NULL);
	if (fp != NULL) {
		nr_render_write(fp, &w, 0);
		nr_render_write(fp, &w, 1);
		rewind(fp);
		n = fread(buf, 1, sizeof buf - 1, fp);
		buf[n] = '\0';
		fclose(fp);
		CHECK_STR(buf, "\nLinks:\n[1] https://example.org/a\n[2] https://example.org/i.png (image)\n"
		    "\n\033[1mLinks:\033[0m\n"
		    "\033[2;35m[1]\033[0m \033[4;34mhttps://example.org/a\033[0m\n"
		    "\033[2;35m[2]\033[0m \033[4;34mhttps://example.org/i.png\033[0m (image)\n");
	}
	nr_wrap_free(&w);
	/* Nothing at all without links. */
	nr_links_free(&links);
	nr_render_link_list(&w, &links, opts_at(80, NULL));
	CHECK_INT(w.n, 0);
}

/* Random text from words and clusters of every kind; no markup, no URL. */
static char *
random_text(unsigned seed, size_t words)
{
	static const char *const pool[] = {
		"Prishtina", "a", "independence", "day", "\xe6\x9d\xb1\xe4\xba\xac",       /* 東京 */
		"\xe6\xa1\x9c\xe3\x81\xae\xe9\x96\x8b\xe8\x8a\xb1",                       /* 桜の開花 */
		"cafe\xcc\x81", "a\xcc\x80\xcc\x81\xcc\x82", "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
		"\xf0\x9f\x87\xa6\xf0\x9f\x87\xb1", "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
		"averyveryverylongwordthatneverbreaksanywhereatallreally", "Kosov\xc3\xab", "\xce\x95\xce\xbb\xce\xbb",
		"x", "--", "(1)", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	};
	char *s = calloc(words * 64 + 1, 1);
	size_t i, len = 0;

	for (i = 0; i < words; i++) {
		const char *w;

		seed = seed * 1103515245u + 12345u;
		w = pool[(seed >> 16) % (sizeof pool / sizeof pool[0])];
		memcpy(s + len, w, strlen(w));
		len += strlen(w);
		s[len++] = ((seed >> 8) & 15) == 0 ? '\n' : ' ';
	}
	s[len] = '\0';
	return s;
}

/* The non-space bytes of s, or of all lines of w. */
static char *
squeeze(const char *s)
{
	char *r = calloc(strlen(s) + 1, 1);
	size_t k = 0;

	for (; *s != '\0'; s++) {
		if (*s != ' ' && *s != '\n') {
			r[k++] = *s;
		}
	}
	return r;
}

static char *
squeeze_lines(const struct nr_wrap *w, int width, int *too_wide)
{
	size_t i, total = 1;
	char *all, *r;

	for (i = 0; i < w->n; i++) {
		total += strlen(w->lines[i].text) + 1;
	}
	all = calloc(total, 1);
	for (i = 0; i < w->n; i++) {
		int cw;
		size_t len = strlen(w->lines[i].text);

		strcat(all, w->lines[i].text);
		strcat(all, "\n");
		if (nr_utf8_width(w->lines[i].text) > width
		    && nr_utf8_cluster(w->lines[i].text, len, &cw) != len) {
			(*too_wide)++;
		}
	}
	r = squeeze(all);
	free(all);
	return r;
}

static void
test_nothing_lost(void)
{
	int width, too_wide = 0;

	for (width = 1; width <= 40; width++) {
		char *text = random_text((unsigned)width, 400);
		char *want = squeeze(text), *got;
		struct nr_wrap w = NR_WRAP_INIT;
		struct nr_links links = NR_LINKS_INIT;
		struct nr_buf_html {
			char *s;
		} html;

		nr_render_text(&w, &links, text, strlen(text), opts_at(width, NULL));
		got = squeeze_lines(&w, width, &too_wide);
		CHECK_STR(got, want);
		CHECK_INT(links.n, 0);
		free(got);
		nr_wrap_free(&w);

		/* The same words as HTML: a paragraph, and a bold one. */
		html.s = calloc(strlen(text) + 32, 1);
		strcpy(html.s, "<p>");
		strcat(html.s, text);
		strcat(html.s, "<p><b>x</b>");
		nr_render_html(&w, &links, html.s, strlen(html.s), opts_at(width, NULL));
		got = squeeze_lines(&w, width, &too_wide);
		strcat(want, "x");
		CHECK_STR(got, want);
		check_spans(&w);
		free(got);
		free(html.s);
		nr_wrap_free(&w);
		nr_links_free(&links);
		free(want);
		free(text);
	}
	CHECK_INT(too_wide, 0);
}

/* Nesting deeper than the width: prefixes are cut, text keeps room. */
static void
test_deep_prefixes(void)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	char *html = calloc(200 * 24 + 64, 1);
	size_t i;
	int width;

	for (i = 0; i < 200; i++) {
		strcat(html, i % 2 ? "<blockquote>" : "<ul><li>");
	}
	strcat(html, "\xe6\x9d\xb1\xe4\xba\xac deep words here");
	for (width = 1; width <= 12; width++) {
		int too_wide = 0;
		char *got;

		nr_render_html(&w, &links, html, strlen(html), opts_at(width, NULL));
		got = squeeze_lines(&w, width, &too_wide);
		CHECK_INT(too_wide, 0);
		/* The text, once the bullets and bars between its pieces are
		 * taken out. */
		{
			char *p, *q;

			for (p = q = got; *p != '\0';) {
				if (strncmp(p, "\xe2\x80\xa2", 3) == 0 || strncmp(p, "\xe2\x94\x82", 3) == 0) {
					p += 3;
				} else {
					*q++ = *p++;
				}
			}
			*q = '\0';
		}
		CHECK_STR(got, "\xe6\x9d\xb1\xe4\xba\xac" "deepwordshere");
		free(got);
		nr_wrap_free(&w);
	}
	free(html);
	nr_links_free(&links);
}

/* " [N]" (a link's number) taken out of s, in place. */
static void
drop_numbers(char *s)
{
	char *p = s, *q = s;

	while (*p != '\0') {
		if (p[0] == ' ' && p[1] == '[' && p[2] >= '0' && p[2] <= '9') {
			char *e = p + 2;

			while (*e >= '0' && *e <= '9') {
				e++;
			}
			if (*e == ']') {
				p = e + 1;
				continue;
			}
		}
		*q++ = *p++;
	}
	*q = '\0';
}

/* --dump --body's text (nr_render_plain) is the reader's text without its
 * styles and link numbers: the same elements kept and dropped, the same
 * lines, for a page whose lines all fit the reader's width. */
static void
test_plain_is_reader_text(void)
{
	static const char page[] = "<h1>Title</h1>"
	    "<p>Intro with a <a href=\"https://example.org/x\">link</a> and <b>bold</b>.</p>"
	    "<form><select><option>Choose me</option></select><input value=\"typed\">"
	    "<noframes>No frames here</noframes><label>Label</label></form>"
	    "<ul><li>one</li><li>two<ol><li>inner</li></ol></li></ul>"
	    "<table><tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>"
	    "<dl><dt>term</dt><dd>meaning</dd></dl>"
	    "<blockquote><p>quoted</p></blockquote>"
	    "<pre>code  kept</pre>"
	    "<p><img src=\"p.png\" alt=\"pic\"> end <video src=\"v.mp4\">fallback</video></p>"
	    "<p>&nbsp;</p><p>last</p>";
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	struct nr_buf reader = NR_BUF_INIT;
	char *plain;
	size_t i;
	int blank = 0;

	nr_render_html(&w, &links, page, strlen(page), opts_at(NR_RENDER_WIDTH, NULL));
	CHECK(links.n == 3);
	for (i = 0; i < w.n; i++) {
		char *line = xstrdup(w.lines[i].text);
		size_t n;

		drop_numbers(line);
		n = strlen(line);
		/* A paragraph of no-break spaces is a blank line. */
		while (n >= 2 && (unsigned char)line[n - 2] == 0xc2 && (unsigned char)line[n - 1] == 0xa0) {
			n -= 2;
		}
		if (n == 0) {
			blank = 1;
		} else {
			if (reader.len > 0) {
				nr_buf_adds(&reader, blank ? "\n\n" : "\n");
			}
			nr_buf_add(&reader, line, n);
			blank = 0;
		}
		free(line);
	}
	plain = nr_render_plain(page, NR_BODY_HTML);
	CHECK_STR(plain, nr_buf_str(&reader));
	CHECK_STR(plain, "Title\n\nIntro with a link and bold.\n\nLabel\n\n"
	    "\xe2\x80\xa2 one\n\xe2\x80\xa2 two\n  1. inner\n\n"
	    "Name  Value\n"
	    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
	    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\n"
	    "a     1\n\nterm\n    meaning\n\n\xe2\x94\x82 quoted\n\ncode  kept\n\n"
	    "[image: pic] end [video]\n\nlast");
	CHECK(strstr(plain, "Choose") == NULL && strstr(plain, "typed") == NULL
	    && strstr(plain, "frames") == NULL && strstr(plain, "fallback") == NULL);
	free(plain);
	nr_buf_free(&reader);
	nr_wrap_free(&w);
	nr_links_free(&links);

	/* Text bodies: the reader's paragraphs, each one line. */
	plain = nr_render_plain("A paragraph whose first line is long enough to be prose,\n"
	    "which the reader re-flows.\n\n- item one\n- item two\n\n"
	    "    code line\nsee https://example.org/page.", NR_BODY_TEXT);
	CHECK_STR(plain, "A paragraph whose first line is long enough to be prose, which the reader "
	    "re-flows.\n\n- item one\n- item two\n\n"
	    "    code line\nsee https://example.org/page.");
	free(plain);
	plain = nr_render_plain(NULL, NR_BODY_HTML);
	CHECK_STR(plain, "");
	free(plain);
}

int
main(void)
{
	t_init();
	test_spans_and_links();
	test_style_across_breaks();
	test_blocks();
	test_clean_urls();
	test_text();
	test_link_list_and_write();
	test_nothing_lost();
	test_deep_prefixes();
	test_plain_is_reader_text();
	return t_done();
}
