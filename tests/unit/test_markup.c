/* markup/: the one table of HTML elements (each element's role, margin and
 * style; unknown elements inline), the walk's events as a consumer gets
 * them (dropped elements and media content never reported, a <source>
 * inside media reported, every start matched by an end however broken the
 * document, styles nested), attribute helpers, and a title's one line of
 * text; the filter that bounds libxml2's work (markup/bound.h): what it
 * cuts, what it leaves alone, the same output however the input is cut
 * into chunks, and in UTF-16. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "markup/bound.h"
#include "markup/html.h"
#include "markup/libxml.h"
#include "t.h"

static void
test_roles(void)
{
	static const struct {
		const char *name;
		int role;               /* -1: not in the table (inline) */
		int margin;
		unsigned style;
	} cases[] = {
		{ "p", NR_HTML_BLOCK, 1, 0 },
		{ "div", NR_HTML_BLOCK, 0, 0 },
		{ "h1", NR_HTML_BLOCK, 1, NR_HTML_HEADING | NR_HTML_BOLD },
		{ "h6", NR_HTML_BLOCK, 1, NR_HTML_HEADING | NR_HTML_BOLD },
		{ "b", NR_HTML_INLINE, 0, NR_HTML_BOLD },
		{ "em", NR_HTML_INLINE, 0, NR_HTML_ITALIC },
		{ "ins", NR_HTML_INLINE, 0, NR_HTML_UNDERLINE },
		{ "del", NR_HTML_INLINE, 0, NR_HTML_STRIKE },
		{ "kbd", NR_HTML_INLINE, 0, NR_HTML_CODE },
		{ "pre", NR_HTML_PRE, 1, NR_HTML_CODE },
		{ "xmp", NR_HTML_PRE, 1, NR_HTML_CODE },
		{ "ul", NR_HTML_LIST, 0, 0 },
		{ "ol", NR_HTML_LIST, 0, 0 },
		{ "li", NR_HTML_ITEM, 0, 0 },
		{ "dd", NR_HTML_DD, 0, 0 },
		{ "dt", NR_HTML_BLOCK, 0, NR_HTML_BOLD },
		{ "blockquote", NR_HTML_QUOTE, 1, 0 },
		{ "hr", NR_HTML_HR, 0, 0 },
		{ "br", NR_HTML_BR, 0, 0 },
		{ "wbr", NR_HTML_WBR, 0, 0 },
		{ "img", NR_HTML_IMG, 0, 0 },
		{ "video", NR_HTML_MEDIA, 0, 0 },
		{ "iframe", NR_HTML_MEDIA, 0, 0 },
		{ "a", NR_HTML_A, 0, 0 },
		{ "q", NR_HTML_Q, 0, 0 },
		{ "table", NR_HTML_TABLE, 1, 0 },
		{ "tbody", NR_HTML_TSECT, 0, 0 },
		{ "tr", NR_HTML_TR, 0, 0 },
		{ "td", NR_HTML_CELL, 0, 0 },
		{ "th", NR_HTML_CELL, 0, NR_HTML_BOLD },
		{ "caption", NR_HTML_CAPTION, 0, NR_HTML_ITALIC },
		/* What no reader shows, with all it holds. */
		{ "script", NR_HTML_DROP, 0, 0 },
		{ "style", NR_HTML_DROP, 0, 0 },
		{ "select", NR_HTML_DROP, 0, 0 },
		{ "noframes", NR_HTML_DROP, 0, 0 },
		{ "input", NR_HTML_DROP, 0, 0 },
		{ "head", NR_HTML_DROP, 0, 0 },
		{ "svg", NR_HTML_DROP, 0, 0 },
		/* Not in the table: inline. */
		{ "span", -1, 0, 0 },
		{ "custom-tag", -1, 0, 0 },
		{ "", -1, 0, 0 },
		{ "P", -1, 0, 0 },      /* the parser gives names in lowercase */
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct nr_html_element *el = nr_html_element(cases[i].name);

		if (cases[i].role < 0) {
			CHECK(el == NULL);
			continue;
		}
		CHECK(el != NULL);
		if (el == NULL) {
			fprintf(stderr, "  element %s\n", cases[i].name);
			continue;
		}
		CHECK_STR(el->name, cases[i].name);
		CHECK_INT(el->role, cases[i].role);
		CHECK_INT(el->margin, cases[i].margin);
		CHECK_INT(el->style, cases[i].style);
	}
	CHECK(nr_html_element(NULL) == NULL);
	/* Void media libxml2 may not know as void. */
	CHECK(nr_html_element("embed")->empty);
	CHECK(nr_html_element("source")->empty);
	CHECK(!nr_html_element("video")->empty);
}

/* A consumer that writes the events down: <name> and </name>, text as it
 * comes with its style in braces when it has one, and {source=URL}. */
struct log {
	struct nr_buf b;
	long depth, max_depth;
};

static void
log_start(void *ctx, struct nr_html_open *open, const char *const *atts)
{
	struct log *l = ctx;

	(void)atts;
	CHECK(open->el != NULL && strcmp(open->el->name, open->name) == 0);
	nr_buf_printf(&l->b, "<%s>", open->name);
	open->flags = (unsigned)++l->depth;
	if (l->depth > l->max_depth) {
		l->max_depth = l->depth;
	}
}

static void
log_end(void *ctx, struct nr_html_open *open)
{
	struct log *l = ctx;

	/* The word start left is given back. */
	CHECK_INT(open->flags, l->depth);
	l->depth--;
	nr_buf_printf(&l->b, "</%s>", open->name);
}

static void
log_text(void *ctx, const char *s, size_t n, unsigned style)
{
	struct log *l = ctx;

	if (style != 0) {
		nr_buf_printf(&l->b, "{%u}", style);
	}
	nr_buf_add(&l->b, s, n);
}

static void
log_source(void *ctx, const char *const *atts)
{
	struct log *l = ctx;
	const char *src = nr_html_attr(atts, "src");

	nr_buf_printf(&l->b, "{source=%s}", src != NULL ? src : "");
}

static char *
walk_log(const char *html)
{
	static const struct nr_html_sink sink = { log_start, log_end, log_text, log_source };
	struct log l = { NR_BUF_INIT, 0, 0 };

	nr_html_walk(html, strlen(html), &sink, &l);
	CHECK_INT(l.depth, 0);
	return nr_buf_steal(&l.b);
}

static void
test_walk(void)
{
	static const struct {
		const char *html;
		const char *events;
	} cases[] = {
		{ "<p>a <span>b</span></p>", "<html><body><p>a b</p></body></html>" },
		/* Dropped elements: neither they nor their content. */
		{ "<div>x<select><option>opt</option></select><noframes>nf</noframes>"
		    "<input value=v><script>s()</script>y</div>",
		    "<html><body><div>xy</div></body></html>" },
		/* Media: reported, content skipped, its <source>s given. */
		{ "<p><video src=v.mp4><source src=a.webm><p>fallback</p></video>z</p>",
		    "<html><body><p><video>{source=a.webm}</video>z</p></body></html>" },
		/* Void media: a start and an end at once. */
		{ "<p><embed src=e>after</p>", "<html><body><p><embed></embed>after</p></body></html>" },
		/* Styles nest and end with their element. */
		{ "<p><b>B<i>BI</i></b>n</p>", "<html><body><p><b>{1}B<i>{3}BI</i></b>n</p></body></html>" },
		{ "<pre>c</pre>", "<html><body><pre>{8}c</pre></body></html>" },
		/* Broken markup: every start has its end. */
		{ "<ul><li>one<li>two", "<html><body><ul><li>one</li><li>two</li></ul></body></html>" },
		{ "<div><blockquote>q", "<html><body><div><blockquote>q</blockquote></div></body></html>" },
		/* Controls are gone before a consumer sees text. */
		{ "<p>a\x1b[31mb\x07" "c</p>", "<html><body><p>abc</p></body></html>" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = walk_log(cases[i].html);

		CHECK_STR(got, cases[i].events);
		free(got);
	}
}

/* 100,000 open elements cost heap, not C stack, and all get their end. */
static void
test_deep(void)
{
	static const struct nr_html_sink sink = { log_start, log_end, log_text, NULL };
	struct nr_buf html = NR_BUF_INIT;
	struct log l = { NR_BUF_INIT, 0, 0 };
	int i;

	for (i = 0; i < 100000; i++) {
		nr_buf_adds(&html, "<div>");
	}
	nr_buf_adds(&html, "deep");
	nr_html_walk(html.data, html.len, &sink, &l);
	CHECK_INT(l.depth, 0);
	CHECK(l.max_depth > 100);
	CHECK(strstr(nr_buf_str(&l.b), "deep") != NULL);
	nr_buf_free(&l.b);
	nr_buf_free(&html);
}

static void
test_attrs(void)
{
	const char *const atts[] = { "HREF", "/x", "start", "12", "bad", "x1", "empty", NULL, "alt",
		" two\n  words ", "blank", "  ", NULL };

	CHECK_STR(nr_html_attr(atts, "href"), "/x");
	CHECK_STR(nr_html_attr(atts, "empty"), "");
	CHECK(nr_html_attr(atts, "missing") == NULL);
	CHECK(nr_html_attr(NULL, "href") == NULL);
	CHECK_INT(nr_html_attr_long(atts, "start", 1, 0, 100), 12);
	CHECK_INT(nr_html_attr_long(atts, "start", 1, 0, 10), 10);
	CHECK_INT(nr_html_attr_long(atts, "bad", 7, 0, 100), 7);
	CHECK_INT(nr_html_attr_long(atts, "missing", 7, 0, 100), 7);
	{
		char *s = nr_html_attr_text(atts, "alt");

		CHECK_STR(s, "two words");
		free(s);
	}
	CHECK(nr_html_attr_text(atts, "blank") == NULL);
	CHECK(nr_html_attr_text(atts, "missing") == NULL);
}

static void
test_title_text(void)
{
	static const struct {
		const char *html;
		const char *text;
	} cases[] = {
		{ "Plain title", "Plain title" },
		{ "A <b>bold</b> <i>move</i>", "A bold move" },
		{ "Tom &amp; Jerry &lt;3 &eacute;", "Tom & Jerry <3 \xc3\xa9" },
		{ "one<br>two", "one two" },
		{ "<p>first</p><p>second</p>", "first second" },
		{ "<ul><li>a</li><li>b</li></ul>", "a b" },
		{ "<table><tr><td>c1</td><td>c2</td></tr></table>", "c1 c2" },
		{ "  lots \n\t of   space  ", "lots of space" },
		{ "x<script>bad()</script><style>p{}</style><select><option>o</select>y", "xy" },
		{ "see <img src=a.png alt=\" the  map \">", "see [image: the map]" },
		{ "no <img src=a.png> alt", "no alt" },
		{ "a <video src=v><p>fallback</p></video>b", "a b" },
		{ "He said <q>hi</q>", "He said \xe2\x80\x9chi\xe2\x80\x9d" },
		{ "<q>hi </q>", "\xe2\x80\x9chi\xe2\x80\x9d" },
		{ "&nbsp; no-break&nbsp;space &nbsp;", "no-break\xc2\xa0space" },
		{ "esc\x1b]0;evil\x07 ape", "esc ape" },
		{ "", "" },
		{ "<b></b>", "" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = nr_html_text(cases[i].html, strlen(cases[i].html));

		CHECK_STR(got, cases[i].text);
		free(got);
	}
	{
		/* Not NUL-terminated: only len bytes are read. */
		char *got = nr_html_text("ab<b>cd</b>XYZ", 7);

		CHECK_STR(got, "abcd");
		free(got);
	}
}

/* n attributes " aI=\"1\"" (HTML: " aI=1") from first. */
static void
add_attrs(struct nr_buf *b, int first, int n, int html)
{
	int i;

	for (i = first; i < first + n; i++) {
		nr_buf_printf(b, html ? " a%d=1" : " a%d=\"1\"", i);
	}
}

static void
collect(void *ctx, const char *p, size_t n)
{
	nr_buf_add(ctx, p, n);
}

/* data through the filter in chunks of step bytes. */
static char *
filter_chunks(const char *data, size_t n, enum nr_bound_mode mode, size_t step, size_t *len)
{
	struct nr_bound b;
	struct nr_buf out = NR_BUF_INIT;
	size_t i;
	int width, be;

	nr_bound_sniff(data, n, &width, &be);
	nr_bound_init(&b, mode, width, be);
	for (i = 0; i < n; i += step) {
		nr_bound_feed(&b, data + i, n - i < step ? n - i : step, collect, &out);
	}
	nr_bound_finish(&b, collect, &out);
	nr_bound_free(&b);
	*len = out.len;
	return nr_buf_steal(&out);
}

/* Why the whole document data[0..n) stops, if it does. */
static void
got_stop(const char *data, size_t n, enum nr_bound_stop *stop)
{
	size_t len;

	free(nr_bound_copy(data, n, NR_BOUND_XML, &len, stop));
}

static void
test_bound(void)
{
	static const struct {
		enum nr_bound_mode mode;
		const char *head, *tail;        /* around a tag with 300 attributes */
		int html;
		int cut;
	} cases[] = {
		{ NR_BOUND_XML, "<rss><item", "><t>x</t></item></rss>", 0, 1 },
		{ NR_BOUND_XML, "<rss><item", "/><t>x</t></rss>", 0, 1 },
		{ NR_BOUND_XML, "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY e \"'\">]><item", ">", 0, 1 },
		/* Not tags: a comment, a CDATA section, a PI, a quoted value. */
		{ NR_BOUND_XML, "<rss><!-- <item", " --></rss>", 0, 0 },
		{ NR_BOUND_XML, "<rss><![CDATA[ <item", " ]]></rss>", 0, 0 },
		{ NR_BOUND_XML, "<rss><?pi item", " ?></rss>", 0, 0 },
		{ NR_BOUND_XML, "<rss a='<item", ">", 0, 1 },
		{ NR_BOUND_XML, "<rss><item", "<t>x</t></rss>", 0, 1 },    /* and so the cut ends */           /* '<' ends an XML tag */
		{ NR_BOUND_HTML, "<p title='<x", "'>", 1, 0 },          /* not an HTML one */
		{ NR_BOUND_HTML, "<body><p", ">text</p>", 1, 1 },
		{ NR_BOUND_HTML, "<script>a<p", "></script>", 1, 0 },
		{ NR_BOUND_HTML, "<style>a<p", "></STYLE><p>", 1, 0 },
		{ NR_BOUND_HTML, "<!-- --!><p", ">", 1, 1 },
		{ NR_BOUND_HTML, "<!-- <p", "> -->", 1, 0 },
		/* Ends among characters that almost end. */
		{ NR_BOUND_XML, "<r><![CDATA[ ]] ] ]x]> ]]]><a", "/></r>", 0, 1 },
		{ NR_BOUND_XML, "<r><!-- - -x- ---><a", "/></r>", 0, 1 },
		{ NR_BOUND_HTML, "<!-- - -!> --!><p", ">", 1, 1 },
		/* "</" without a name is text in HTML: what follows is read. */
		{ NR_BOUND_HTML, "<body></ <p", ">", 1, 1 },
		{ NR_BOUND_HTML, "<body></1<p", ">", 1, 1 },
		{ NR_BOUND_HTML, "<body></<p", ">", 1, 1 },
		{ NR_BOUND_HTML, "<body></a <p", ">", 1, 0 },
		/* A tag in the doctype's subset, where libxml2 stops reading it. */
		{ NR_BOUND_XML, "<!DOCTYPE rss [ <p", ">]><rss/>", 0, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct nr_buf in = NR_BUF_INIT, want = NR_BUF_INIT;
		size_t len = 0, len1 = 0;
		char *got, *bytes;

		nr_buf_adds(&in, cases[i].head);
		nr_buf_adds(&want, cases[i].head);
		add_attrs(&in, 0, 300, cases[i].html);
		add_attrs(&want, 0, NR_BOUND_MAX_ATTRS, cases[i].html);
		/* The blank before the first attribute cut stays. */
		nr_buf_addc(&want, ' ');
		nr_buf_adds(&in, cases[i].tail);
		nr_buf_adds(&want, cases[i].tail);
		got = nr_bound_copy(in.data, in.len, cases[i].mode, &len, NULL);
		if (!cases[i].cut) {
			CHECK(got == NULL);
		} else {
			CHECK(got != NULL);
			if (got != NULL) {
				CHECK_STR(got, want.data);
				CHECK(len == want.len);
			}
			/* Byte by byte, the same. */
			bytes = filter_chunks(in.data, in.len, cases[i].mode, 1, &len1);
			CHECK_STR(bytes, want.data);
			free(bytes);
		}
		free(got);
		nr_buf_free(&in);
		nr_buf_free(&want);
	}
}

/* HTML's <html>, <head> and <body> share one count of attributes: libxml2
 * adds a repeated one's attributes to the first, each checked against all
 * before it, so 3,000 <body> tags of 250 attributes were quadratic. Other
 * elements count alone; XML has no such merging. */
static void
test_bound_merged(void)
{
	struct nr_buf in = NR_BUF_INIT, want = NR_BUF_INIT;
	size_t len = 0;
	char *got;

	nr_buf_adds(&in, "<html><body");
	nr_buf_adds(&want, "<html><body");
	add_attrs(&in, 0, 200, 1);
	add_attrs(&want, 0, 200, 1);
	nr_buf_adds(&in, "><p");
	nr_buf_adds(&want, "><p");
	add_attrs(&in, 0, 200, 1);
	add_attrs(&want, 0, 200, 1);
	nr_buf_adds(&in, "><body");
	nr_buf_adds(&want, "><body");
	add_attrs(&in, 200, 200, 1);
	add_attrs(&want, 200, NR_BOUND_MAX_ATTRS - 200, 1);
	nr_buf_adds(&in, ">x");
	nr_buf_adds(&want, " >x");
	got = nr_bound_copy(in.data, in.len, NR_BOUND_HTML, &len, NULL);
	CHECK(got != NULL);
	if (got != NULL) {
		CHECK_STR(got, want.data);
	}
	free(got);
	/* In XML, two <body> elements are two elements. */
	got = nr_bound_copy(in.data, in.len, NR_BOUND_XML, &len, NULL);
	CHECK(got == NULL);
	free(got);
	nr_buf_free(&in);
	nr_buf_free(&want);
}

/* A tag longer than NR_BOUND_MAX_TAG: the quote it was cut in closed, its
 * end kept, what follows untouched. */
static void
test_bound_long(void)
{
	struct nr_buf in = NR_BUF_INIT;
	char *got;
	size_t len = 0, n;

	nr_buf_adds(&in, "<rss><item a=\"");
	for (n = 0; n < NR_BOUND_MAX_TAG / 64 + 1; n++) {
		nr_buf_adds(&in, "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv");
	}
	nr_buf_adds(&in, "\" b=\"2\"/><t>x</t></rss>");
	got = nr_bound_copy(in.data, in.len, NR_BOUND_XML, &len, NULL);
	CHECK(got != NULL);
	if (got != NULL) {
		CHECK(len < NR_BOUND_MAX_TAG + 100);
		CHECK(strncmp(got, "<rss><item a=\"vvv", 17) == 0);
		CHECK(len > 20 && strcmp(got + len - 20, "vvv\"/><t>x</t></rss>") == 0);
	}
	free(got);
	nr_buf_free(&in);
}

/* Different names: each kind counts (element and end tag names, attribute
 * names, entity references in text and in values, namespace URIs), the
 * same name once; the document stops at the name past the limit, at the
 * same place however it is cut into chunks, and names that repeat after
 * the limit still pass. */
static void
test_bound_names(void)
{
	static const char *const shapes[][2] = {
		{ "<e", "/>" }, { "<a x", "='1'/>" }, { "<a>&r", ";</a>" }, { "<a v=\"&r", ";\"/>" },
		{ "<a xmlns:p=\"u", "\"/>" }, { "</e", ">" },
	};
	static const size_t steps[] = { 1, 3, 7, 4096, (size_t)-1 };
	size_t k, s, i, len;

	for (k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
		struct nr_buf in = NR_BUF_INIT, mark = NR_BUF_INIT;
		char *first = NULL;
		enum nr_bound_stop stop;

		nr_buf_adds(&in, "<r>");
		for (i = 0; i < NR_BOUND_MAX_NAMES + 100; i++) {
			char piece[64];

			snprintf(piece, sizeof piece, "%s%zu%s", shapes[k][0], i % 50, shapes[k][1]);
			nr_buf_adds(&in, piece);
		}
		/* Fifty names and a few of the markup: far under the limit. */
		CHECK(nr_bound_copy(in.data, in.len, NR_BOUND_XML, &len, &stop) == NULL);
		CHECK(stop == NR_BOUND_GOING);
		nr_buf_reset(&in);
		nr_buf_adds(&in, "<r>");
		for (i = 0; i < NR_BOUND_MAX_NAMES + 100; i++) {
			char piece[64];

			snprintf(piece, sizeof piece, "%s%zu%s", shapes[k][0], i, shapes[k][1]);
			nr_buf_adds(&in, piece);
		}
		nr_buf_adds(&in, "<end/>");
		for (s = 0; s < sizeof steps / sizeof steps[0]; s++) {
			char *got = filter_chunks(in.data, in.len, NR_BOUND_XML, steps[s] == (size_t)-1 ? in.len : steps[s], &len);

			CHECK(len < in.len);
			CHECK(strstr(got, "<end/>") == NULL);
			if (first == NULL) {
				first = got;
			} else {
				CHECK(strcmp(got, first) == 0);
				free(got);
			}
		}
		got_stop(in.data, in.len, &stop);
		CHECK(stop == NR_BOUND_TOO_MANY_NAMES);
		free(first);
		nr_buf_free(&in);
		nr_buf_free(&mark);
	}
}

/* A doctype's internal subset longer than NR_BOUND_MAX_SUBSET stops the
 * document, comments in it counted; a shorter one passes. */
static void
test_bound_subset(void)
{
	struct nr_buf in = NR_BUF_INIT;
	enum nr_bound_stop stop;
	size_t len, i;
	char *got;

	nr_buf_adds(&in, "<!DOCTYPE r [<!-- ");
	for (i = 0; i < NR_BOUND_MAX_SUBSET / 2; i++) {
		nr_buf_adds(&in, "c");
	}
	nr_buf_adds(&in, " --><!ENTITY e 'x'>]><r>&e;</r>");
	CHECK(nr_bound_copy(in.data, in.len, NR_BOUND_XML, &len, &stop) == NULL);
	CHECK(stop == NR_BOUND_GOING);
	nr_buf_reset(&in);
	nr_buf_adds(&in, "<!DOCTYPE r [<!-- ");
	for (i = 0; i < NR_BOUND_MAX_SUBSET; i++) {
		nr_buf_adds(&in, "c");
	}
	nr_buf_adds(&in, " --><!ENTITY e 'x'>]><r>&e;</r>");
	got = nr_bound_copy(in.data, in.len, NR_BOUND_XML, &len, &stop);
	CHECK(stop == NR_BOUND_SUBSET_TOO_LONG);
	CHECK(got != NULL && len <= NR_BOUND_MAX_SUBSET + 20 && strstr(got, "<r>") == NULL);
	free(got);
	/* A document without a subset is not counted. */
	nr_buf_reset(&in);
	nr_buf_adds(&in, "<!DOCTYPE r><r>");
	for (i = 0; i < NR_BOUND_MAX_SUBSET + 10; i++) {
		nr_buf_adds(&in, "c");
	}
	nr_buf_adds(&in, "</r>");
	CHECK(nr_bound_copy(in.data, in.len, NR_BOUND_XML, &len, &stop) == NULL);
	CHECK(stop == NR_BOUND_GOING);
	nr_buf_free(&in);
}

/* The sets whose text could hide markup from the filter: the stateful
 * ISO-2022 family, not the multi-byte sets with ASCII letters in their
 * second bytes. */
static void
test_bound_shifts(void)
{
	static const char *const shifting[] = { "ISO-2022-JP", "iso-2022-jp-2", "ISO-2022-KR", "ISO-2022-CN" };
	static const char *const plain[] = {
		"UTF-8", "Shift_JIS", "EUC-JP", "GBK", "GB18030", "BIG5", "EUC-KR", "windows-1252", "KOI8-R",
		"ISO-8859-7", "no-such-set",
	};
	size_t i;

	for (i = 0; i < sizeof shifting / sizeof shifting[0]; i++) {
		CHECK(nr_bound_encoding_shifts(shifting[i]));
		CHECK(!nr_bound_encoding_ok(shifting[i]));
	}
	for (i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		CHECK(!nr_bound_encoding_shifts(plain[i]));
		CHECK(nr_bound_encoding_ok(plain[i]));
	}
}

/* UTF-16, both byte orders: units of two bytes, the fix-ups in them. */
static void
test_bound_utf16(void)
{
	struct nr_buf ascii = NR_BUF_INIT, want = NR_BUF_INIT;
	int be;

	nr_buf_adds(&ascii, "<rss><item");
	nr_buf_adds(&want, "<rss><item");
	add_attrs(&ascii, 0, 300, 0);
	add_attrs(&want, 0, NR_BOUND_MAX_ATTRS, 0);
	nr_buf_addc(&want, ' ');
	nr_buf_adds(&ascii, "/></rss>");
	nr_buf_adds(&want, "/></rss>");
	for (be = 0; be <= 1; be++) {
		char *in = calloc(2, ascii.len + 1), *exp = calloc(2, want.len + 1), *got, *bytes;
		size_t i, len = 0;

		in[be ? 0 : 1] = (char)0xfe;    /* the byte order mark */
		in[be ? 1 : 0] = (char)0xff;
		exp[be ? 0 : 1] = (char)0xfe;
		exp[be ? 1 : 0] = (char)0xff;
		for (i = 0; i < ascii.len; i++) {
			in[2 + 2 * i + be] = ascii.data[i];
		}
		for (i = 0; i < want.len; i++) {
			exp[2 + 2 * i + be] = want.data[i];
		}
		got = nr_bound_copy(in, 2 + 2 * ascii.len, NR_BOUND_XML, &len, NULL);
		CHECK(got != NULL && len == 2 + 2 * want.len && memcmp(got, exp, len) == 0);
		free(got);
		/* Three bytes at a time: every unit cut by a chunk's end. */
		bytes = filter_chunks(in, 2 + 2 * ascii.len, NR_BOUND_XML, 3, &len);
		CHECK(len == 2 + 2 * want.len && memcmp(bytes, exp, len) == 0);
		free(bytes);
		free(in);
		free(exp);
	}
	nr_buf_free(&ascii);
	nr_buf_free(&want);
}

int
main(void)
{
	t_init();
	nr_libxml_init();
	test_roles();
	test_walk();
	test_deep();
	test_attrs();
	test_title_text();
	test_bound();
	test_bound_long();
	test_bound_merged();
	test_bound_utf16();
	test_bound_names();
	test_bound_subset();
	test_bound_shifts();
	nr_libxml_cleanup();
	return t_done();
}
