#include "config.h"

#include <stdlib.h>

#include "core/buf.h"
#include "core/model.h"
#include "parse/htmlfile.h"
#include "markup/libxml.h"
#include "render/render.h"
#include "t.h"
#include "util/date.h"

#define MTIME 1000000000
#define LEN(lit) (sizeof(lit) - 1)
#define BYTES(lit) lit, LEN(lit)

/* A date (UTC) a case expects; year 0 means "the file's mtime". */
struct when {
	int y, mo, d, h, mi, s;
};

static int64_t
expected_time(const struct when *w)
{
	return w->y == 0 ? MTIME : nr_date_from_civil(w->y, w->mo, w->d, w->h, w->mi, w->s);
}

static char *
read_fixture(const char *name, size_t *n)
{
	return t_read_fixture("html", name, n);
}

/* Nothing that was to be removed from a body is left in it. */
static void
check_clean_body(const char *html)
{
	static const char *const gone[] = {
		"<script", "<style", "<noscript", "<template", "<iframe", "<!--",
	};
	size_t i;

	if (html == NULL) {
		return;
	}
	for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		CHECK(strstr(html, gone[i]) == NULL);
	}
	CHECK(html[0] != '\0' && html[0] != '\n' && html[0] != ' ');
	CHECK(html[strlen(html) - 1] != '\n');
}

struct html_case {
	const char *name;       /* a fixture file, or NULL for data */
	const char *data;
	size_t n;
	int rc;
	const char *title;
	const char *author;
	const char *link;
	const char *site;
	const char *plain;      /* the body as nr_render_plain() shows it; NULL: no body */
	struct when when;
};

static void
run_html_case(const struct html_case *c)
{
	struct nr_item item;
	struct nr_err err;
	char *site = (char *)"unset", *data = NULL, *plain;
	const char *bytes = c->data;
	size_t n = c->n;
	int rc;

	if (c->name != NULL) {
		data = read_fixture(c->name, &n);
		if (data == NULL) {
			return;
		}
		bytes = data;
	}
	nr_item_init(&item);
	nr_err_clear(&err);
	rc = nr_htmlfile_parse(bytes, n, MTIME, &item, &site, &err);
	if (rc != c->rc || (rc == 0 && (item.title == NULL) != (c->title == NULL))) {
		fprintf(stderr, "case %s:\n", c->name ? c->name : c->data);
	}
	CHECK_INT(rc, c->rc);
	if (rc == 0) {
		CHECK_STR(item.title, c->title);
		CHECK_STR(item.author, c->author);
		CHECK_STR(item.link, c->link);
		CHECK_STR(site, c->site);
		CHECK_INT(item.published, expected_time(&c->when));
		CHECK_INT(item.content_type, c->plain ? NR_BODY_HTML : NR_BODY_NONE);
		check_clean_body(item.content);
		plain = item.content ? nr_render_plain(item.content, item.content_type) : NULL;
		CHECK_STR(plain, c->plain);
		free(plain);
		CHECK(item.id == NULL);
	} else {
		CHECK_INT(err.code, NR_ERR_EMPTY);
		CHECK_STR(err.msg, "no text in HTML page");
		CHECK(site == NULL);
	}
	free(site);
	nr_item_clear(&item);
	free(data);
}

static void
test_files(void)
{
	static const struct html_case cases[] = {
		/* Site chrome around an <article>: only the article is the
		 * body, without its headline and byline (the reader's header
		 * shows them); the <h1> is the title without the site's name;
		 * the date is article:published_time's, the article's own
		 * metadata, before a <time> on the page. */
		{ "article-chrome.html", NULL, 0, 0, "Ohrid lake water level rises after winter snow",
		    "Marta Petrova", "https://lakeside.example/ohrid-water-level", "Lakeside Daily",
		    "The level of Lake Ohrid has risen by forty centimetres since January, the "
		    "hydrological institute said on Saturday.\n\n"
		    "[image: The shore at Struga]\n"
		    "The shore at Struga in March.\n\n"
		    "Fishermen welcome the change & say the trout are back.",
		    { 2025, 1, 1, 0, 0, 0 } },
		/* Only a <body>; a <title> that does not hold the <h1>; og:url,
		 * a rel=author link, the date from <meta name=date>. */
		{ "body-only.html", NULL, 0, 0, "Notes from the Shar mountains", "Ilir Berisha",
		    "https://hiking.example/shar", NULL,
		    "Day three\n\nWe left the hut at dawn and reached the ridge by nine.\n\n"
		    "Written by Ilir Berisha.",
		    { 2024, 7, 21, 0, 0, 0 } },
		/* Latin-1 bytes (Windows-1252 quotes and dash included). */
		{ "latin1.html", NULL, 0, 0, "Caf\xc3\xa9 culture in Pristina", NULL, NULL, NULL,
		    "\xe2\x80\x9cKafja \xc3\xa7\xc3\xabsht\xc3\xab e mir\xc3\xab,\xe2\x80\x9d the owner "
		    "said \xe2\x80\x93 at the caf\xc3\xa9 near the library.",
		    { 0 } },
		/* Unclosed and stray tags, unquoted attributes, no <title>;
		 * the list after the story's block, with no links, is part of
		 * it. */
		{ "broken.html", NULL, 0, 0, "Storm closes the Llogara pass", NULL, NULL, "Broken Times",
		    "Snow and wind closed the road over the pass on Tuesday night.\n\n"
		    "Police asked drivers to take the coast road\n\n"
		    "\xe2\x80\xa2 Vlore to Himare: closed\n"
		    "\xe2\x80\xa2 Fier to Vlore: open",
		    { 0 } },
		/* <main>; a title with " - Site"; article:author that is a URL
		 * is no name; og:published_time. */
		{ "main-suffix.html", NULL, 0, 0, "Shkoder hosts a jazz festival", NULL, NULL, NULL,
		    "Musicians from six countries play on the castle hill this weekend.",
		    { 2023, 9, 15, 18, 0, 0 } },
		{ "empty.html", NULL, 0, -1, NULL, NULL, NULL, NULL, NULL, { 0 } },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_html_case(&cases[i]);
	}
}

static void
test_strings(void)
{
	static const struct html_case cases[] = {
		/* Titles. */
		{ NULL, BYTES("<h1>Head</h1><p>x</p>"), 0, "Head", NULL, NULL, NULL, "Head\n\nx", { 0 } },
		{ NULL, BYTES("<title>Site home</title><h1>Other</h1>"), 0, "Site home", NULL, NULL, NULL,
		    "Other", { 0 } },
		{ NULL, BYTES("<title>Site | A <i>b</i></title><h1>A <i>b</i></h1>"), 0, "A b", NULL, NULL,
		    NULL, "A b", { 0 } },
		/* Inline elements join words, blocks and <br> separate them, an
		 * unknown element is inline: as the reader sees them. */
		{ NULL, BYTES("<h1>Dis<em>cover</em>y<br>of the <x-day>d</x-day>ay<div>now</div></h1>"), 0,
		    "Discovery of the day now", NULL, NULL, NULL, "Discovery\nof the day\nnow", { 0 } },
		{ NULL, BYTES("<meta property=\"og:title\" content=\" OG  title \"><p>text</p>"), 0,
		    "OG title", NULL, NULL, NULL, "text", { 0 } },
		{ NULL, BYTES("<p>No title anywhere</p>"), 0, NULL, NULL, NULL, NULL, "No title anywhere",
		    { 0 } },
		{ NULL, BYTES("<title>Only a title</title>"), 0, "Only a title", NULL, NULL, NULL, NULL,
		    { 0 } },
		{ NULL, BYTES("<title>  A\n  B\x07\x7f  </title><p>c</p>"), 0, "A B", NULL, NULL, NULL, "c",
		    { 0 } },
		/* No text at all. */
		{ NULL, BYTES(""), -1, NULL, NULL, NULL, NULL, NULL, { 0 } },
		{ NULL, BYTES("   \n"), -1, NULL, NULL, NULL, NULL, NULL, { 0 } },
		{ NULL, BYTES("<html></html>"), -1, NULL, NULL, NULL, NULL, NULL, { 0 } },
		{ NULL, BYTES("<!-- only a comment -->"), -1, NULL, NULL, NULL, NULL, NULL, { 0 } },
		{ NULL, BYTES("<title> </title><body><style>p{}</style></body>"), -1, NULL, NULL, NULL,
		    NULL, NULL, { 0 } },
		/* An image alone is something to show. */
		{ NULL, BYTES("<body><img src=a.png alt=Map></body>"), 0, NULL, NULL, NULL, NULL,
		    "[image: Map]", { 0 } },
		/* The body when no paragraph scores: the one semantic
		 * container with text (an empty <article>, filled by a script,
		 * is passed over), else the whole body. */
		{ NULL, BYTES("<article> </article><main><p>m</p></main><p>b</p>"), 0, NULL, NULL, NULL,
		    NULL, "m", { 0 } },
		{ NULL, BYTES("<p>before</p><article><p>a</p></article><article><p>b</p></article>"), 0,
		    NULL, NULL, NULL, NULL, "before\n\na\n\nb", { 0 } },
		/* Dates: <time> in the body first, then anywhere, then metas in
		 * their order; an unreadable one is passed over. */
		{ NULL, BYTES("<meta itemprop=\"datePublished\" content=\"2020-05-06\"><p>x</p>"), 0, NULL,
		    NULL, NULL, NULL, "x", { 2020, 5, 6, 0, 0, 0 } },
		{ NULL, BYTES("<header><time datetime=\"2019-01-02\">x</time></header>"
		    "<article><p>a</p></article>"), 0, NULL, NULL, NULL, NULL, "a", { 2019, 1, 2, 0, 0, 0 } },
		{ NULL, BYTES("<meta name=\"date\" content=\"2017-01-01\">"
		    "<meta property=\"article:published_time\" content=\"2018-03-04T05:06:07Z\">"
		    "<article><time datetime=\"soon\">soon</time><p>a</p></article>"), 0, NULL, NULL, NULL,
		    NULL, "soon\n\na", { 2018, 3, 4, 5, 6, 7 } },
		{ NULL, BYTES("<meta name=\"date\" content=\"not a date\"><p>a</p>"), 0, NULL, NULL, NULL,
		    NULL, "a", { 0 } },
		/* Author, link and site name. */
		{ NULL, BYTES("<meta property=\"article:author\" content=\"Besa Gashi\">"
		    "<link rel=\"alternate canonical\" href=\"https://x.example/a\">"
		    "<meta property=\"og:url\" content=\"https://x.example/og\">"
		    "<meta name=\"og:site_name\" content=\"X\"><p>a</p>"), 0, NULL, "Besa Gashi",
		    "https://x.example/a", "X", "a", { 0 } },
		{ NULL, BYTES("<link rel=\"canonical\">"
		    "<meta property=\"og:url\" content=\"https://x.example/og\">"
		    "<p>by <a rel=\"author\" href=\"/b\"> </a>"
		    "<a rel=\"author me\" href=\"/c\">C  D</a></p>"), 0,
		    NULL, "C D", "https://x.example/og", NULL, "by C D", { 0 } },
		/* Character sets: UTF-8 with bad bytes, none declared, one
		 * libxml2 converts, a UTF-16 byte-order mark. */
		{ NULL, BYTES("<meta charset=\"utf-8\"><title>Caf\xe9</title>"), 0, "Caf\xef\xbf\xbd", NULL,
		    NULL, NULL, NULL, { 0 } },
		{ NULL, BYTES("<title>Caf\xc3\xa9 \xff</title>"), 0, "Caf\xc3\xa9 \xef\xbf\xbd", NULL, NULL,
		    NULL, NULL, { 0 } },
		{ NULL, BYTES("<meta http-equiv=content-type content='text/html;charset=ISO-8859-2'>"
		    "<title>\xa3\xf3" "d\xbc</title>"), 0, "\xc5\x81\xc3\xb3" "d\xc5\xba", NULL, NULL, NULL,
		    NULL, { 0 } },
		{ NULL, BYTES("<meta charset=\"no-such-charset\"><title>Caf\xc3\xa9</title>"), 0,
		    "Caf\xc3\xa9", NULL, NULL, NULL, NULL, { 0 } },
		{ NULL, BYTES("\xff\xfe<\0p\0>\0h\0\xe9\0<\0/\0p\0>\0"), 0, NULL, NULL, NULL, NULL,
		    "h\xc3\xa9", { 0 } },
		{ NULL, BYTES("\xef\xbb\xbf<p>bom</p>"), 0, NULL, NULL, NULL, NULL, "bom", { 0 } },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_html_case(&cases[i]);
	}
}

static void
test_render(void)
{
	static const struct {
		const char *body;
		enum nr_body_type type;
		const char *want;
	} cases[] = {
		/* Text bodies pass through, trimmed. */
		{ "  \n\nPara one  \n\n\n\nPara two\n\n", NR_BODY_TEXT, "Para one\n\nPara two" },
		{ "<p>not html</p>", NR_BODY_TEXT, "<p>not html</p>" },
		{ "", NR_BODY_TEXT, "" },
		{ "", NR_BODY_HTML, "" },
		{ " \n ", NR_BODY_HTML, "" },
		/* White space collapsed as a browser does. */
		{ "Hello <b>world</b>   and\n\tmore", NR_BODY_HTML, "Hello world and more" },
		{ "a  <span> b </span>  c", NR_BODY_HTML, "a b c" },
		{ "<p>foo<b>bar</b></p>", NR_BODY_HTML, "foobar" },
		{ "<p>  lead and trail  </p>", NR_BODY_HTML, "lead and trail" },
		/* The reader's text without its styles: paragraphs apart by a
		 * blank line, blocks without a margin (div, li, dd, tr) by a line
		 * break, <br> a line break. */
		{ "text <div>block</div> more", NR_BODY_HTML, "text\n\nblock\nmore" },
		{ "<p>a</p>   <p>b</p>", NR_BODY_HTML, "a\n\nb" },
		{ "<h1>Title</h1><p>x</p><h6>y</h6>", NR_BODY_HTML, "Title\n\nx\n\ny" },
		{ "one<br>two<br/>three", NR_BODY_HTML, "one\ntwo\nthree" },
		{ "<p>b<br><br><br><br>c</p>", NR_BODY_HTML, "b\nc" },
		{ "<br><br><p>x</p><br>", NR_BODY_HTML, "x" },
		/* A rule is as wide as the reader's default width. */
		{ "a<hr>b", NR_BODY_HTML, "a\n\n"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\nb" },
		{ "<blockquote><p>quoted</p></blockquote>after", NR_BODY_HTML,
		    "\xe2\x94\x82 quoted\n\nafter" },
		{ "<section><header>h</header><article>a</article><footer>f</footer></section>",
		    NR_BODY_HTML, "h\na\nf" },
		{ "<dl><dt>term</dt><dd>meaning</dd></dl>", NR_BODY_HTML, "term\n    meaning" },
		{ "<figure><img src=x alt=\" A  cat \"><figcaption>Cap</figcaption></figure>", NR_BODY_HTML,
		    "[image: A cat]\nCap" },
		{ "<p>see <img src=x> and <img src=y alt=\"\"> <img src=z alt=pic></p>", NR_BODY_HTML,
		    "see [image] and [image] [image: pic]" },
		/* Lists. */
		{ "<ul><li>one</li><li>two</li></ul>", NR_BODY_HTML,
		    "\xe2\x80\xa2 one\n\xe2\x80\xa2 two" },
		{ "<ol><li>one<li>two</ol>", NR_BODY_HTML, "1. one\n2. two" },
		{ "<ol start=\"3\"><li>three<li value=\"7\">seven<li>eight<ol><li>inner</ol></ol>"
		    "<ul><li>x</li></ul>", NR_BODY_HTML,
		    "3. three\n7. seven\n8. eight\n   1. inner\n\n\xe2\x80\xa2 x" },
		{ "<li>stray item</li>", NR_BODY_HTML, "\xe2\x80\xa2 stray item" },
		/* <pre> keeps its white space. */
		{ "<p>before</p><pre>  code   here\n    indented\n\n  end</pre><p>after   pre</p>",
		    NR_BODY_HTML,
		    "before\n\n  code   here\n    indented\n\n  end\n\nafter pre" },
		{ "<pre>a\tb</pre>", NR_BODY_HTML, "a       b" },
		/* Tables: in columns, as they always fit. */
		{ "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>", NR_BODY_HTML,
		    "a  b\nc  d" },
		/* Entities decoded; a paragraph of no-break spaces is empty. */
		{ "<p>&nbsp;</p><p>x &amp; y &lt;z&gt; &eacute; &#8212; &#x41;</p><p>&nbsp;&nbsp;</p>",
		    NR_BODY_HTML, "x & y <z> \xc3\xa9 \xe2\x80\x94 A" },
		/* What the reader never sees. */
		{ "<script>bad()</script><style>p{}</style><noscript>ns</noscript><template>tp</template>"
		    "visible<!-- comment --><iframe src=x>frame</iframe><svg><title>t</title></svg>"
		    "<select><option>opt</select><noframes>nf</noframes><input value=in>",
		    NR_BODY_HTML, "visible[embedded]" },
		{ "<p>a<script>x()</script>b</p>", NR_BODY_HTML, "ab" },
		{ "<html><head><title>T</title><meta charset=\"iso-8859-1\"></head>"
		    "<body><p>full doc \xc3\xa9</p></body></html>", NR_BODY_HTML, "full doc \xc3\xa9" },
		{ "<custom-tag>text</custom-tag> <unknown>more</unknown>", NR_BODY_HTML, "text more" },
		/* Controls never reach the terminal. */
		{ "<p>a\x1b[31mb\x07" "c</p>", NR_BODY_HTML, "abc" },
		{ "<p>a&#27;[31mb &#x9b;c</p>", NR_BODY_HTML, "a[31mb c" },
		/* Broken markup. */
		{ "<p>unclosed <b>bold <i>both</p><p>next", NR_BODY_HTML, "unclosed bold both\n\nnext" },
		{ "</div></p>stray ends<p>", NR_BODY_HTML, "stray ends" },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = nr_render_plain(cases[i].body, cases[i].type);
		if (strcmp(got, cases[i].want) != 0) {
			fprintf(stderr, "case %zu:\n", i);
		}
		CHECK_STR(got, cases[i].want);
		free(got);
	}
	got = nr_render_plain(NULL, NR_BODY_HTML);
	CHECK_STR(got, "");
	free(got);
	got = nr_render_plain("plain", NR_BODY_NONE);
	CHECK_STR(got, "plain");
	free(got);
}

/* Escape sequences never reach a field, and one left open does not swallow
 * the page after it. */
static void
test_escapes(void)
{
	static const char page[] = "<title>A\x1b]0;evil title\x07 B</title>"
	    "<p>x\x1b[2Jy \x1b]8;;http://evil.example/</p><p>still here</p>"
	    "<img alt=\"\x1b[31mred\">";
	struct nr_item item;
	struct nr_err err;
	char *site = NULL, *plain;

	nr_item_init(&item);
	CHECK_INT(nr_htmlfile_parse(page, LEN(page), MTIME, &item, &site, &err), 0);
	CHECK(item.title != NULL && strchr(item.title, 0x1b) == NULL);
	CHECK(item.content != NULL && strchr(item.content, 0x1b) == NULL);
	CHECK(item.content != NULL && strstr(item.content, "still here") != NULL);
	plain = nr_render_plain(item.content, item.content_type);
	CHECK(strchr(plain, 0x1b) == NULL);
	CHECK(strstr(plain, "still here") != NULL);
	free(plain);
	free(site);
	nr_item_clear(&item);
}

/* Deep nesting must not exhaust the stack, in the parser or in the walks;
 * what the parser keeps of it is up to libxml2's own depth limit. */
static void
test_deep(void)
{
	static const char *const opens[] = { "<div>", "<b>", "<ul><li>", "<blockquote>" };
	struct nr_buf b = NR_BUF_INIT;
	struct nr_item item;
	struct nr_err err;
	char *site = NULL, *got;
	size_t i, k;

	for (k = 0; k < sizeof(opens) / sizeof(opens[0]); k++) {
		nr_buf_reset(&b);
		nr_buf_adds(&b, "<title>Deep</title><p>first</p>");
		for (i = 0; i < 100000; i++) {
			nr_buf_adds(&b, opens[k]);
		}
		nr_buf_adds(&b, "deep text");
		got = nr_render_plain(b.data, NR_BODY_HTML);
		CHECK(strncmp(got, "first", 5) == 0);
		free(got);

		nr_item_init(&item);
		CHECK_INT(nr_htmlfile_parse(b.data, b.len, MTIME, &item, &site, &err), 0);
		CHECK_STR(item.title, "Deep");
		if (item.content != NULL) {
			got = nr_render_plain(item.content, item.content_type);
			CHECK(strncmp(got, "first", 5) == 0);
			free(got);
		}
		free(site);
		site = NULL;
		nr_item_clear(&item);
	}
	nr_buf_free(&b);
}

/* Reader mode, rule by rule: a case is a page, what its body must hold and
 * must not hold (plain text), and the title, author, site and image. */
#define PARA(x) "<p>" x " and more words, enough of them, with commas, to be a paragraph.</p>"
#define STORY PARA("First") PARA("Second") PARA("Third") PARA("Fourth")

struct reader_case {
	const char *what;
	const char *page;
	const char *has;        /* in the body, or NULL */
	const char *lacks;      /* not in the body, or NULL */
	const char *title;      /* NULL: not checked */
	const char *author;     /* NULL: not checked; "": none */
	const char *site;
	const char *image;
	int whole;
	int warned;
};

static void
test_reader_mode(void)
{
	static const struct reader_case cases[] = {
		{ "the story is the article with most text, not the first",
		    "<article><h3>Teaser one</h3><p>Short teaser text here.</p></article>"
		    "<article><h3>Teaser two</h3><p>Another short teaser.</p></article>"
		    "<article class=story>" STORY "</article>",
		    "Fourth and more", "Teaser", NULL, NULL, NULL, NULL, 0, 0 },
		{ "no semantic container: the block of paragraphs, not the rankings",
		    "<div id=nav><a href=/a>Home</a> <a href=/b>World</a></div>"
		    "<div class=story-body>" STORY "</div>"
		    "<div class=most-read><ol><li><a href=/1>One ranking headline</a><li><a href=/2>Two</a></ol></div>"
		    "<div class=footer>Copyright notice of the site, all rights reserved.</div>",
		    "Second and more", "ranking", NULL, NULL, NULL, NULL, 0, 0 },
		{ "itemprop=articleBody wins over its article's header and share bar",
		    "<article><div class=share-bar><a href=#>Share on Facebook</a></div>"
		    "<div itemprop=articleBody>" STORY "</div></article>",
		    "First and more", "Facebook", NULL, NULL, NULL, NULL, 0, 0 },
		{ "hidden nodes go",
		    "<article>" STORY "<p hidden>Secret one.</p><div style='display: none'>Secret two.</div>"
		    "<p aria-hidden=true>Secret three.</p><span class=sr-only>Secret four.</span></article>",
		    "Third and more", "Secret", NULL, NULL, NULL, NULL, 0, 0 },
		{ "inside the story: related links, forms, galleries' counters, labels",
		    "<article>" PARA("One") "<div class=related><a href=/x>Related story</a></div>"
		    "<form><input name=q><button>Subscribe now</button></form>"
		    "<div class=gallery><span>3/50</span><img src=a.jpg><img src=b.jpg><img src=c.jpg></div>"
		    "<div>Advertisement</div>" PARA("Two") PARA("Three") "</article>",
		    "Three and more", "Related story", NULL, NULL, NULL, NULL, 0, 0 },
		{ "the headline and byline copies leave the body",
		    "<title>Big news | The Paper</title><meta property=og:site_name content='The Paper'>"
		    "<article><h1>Big news</h1><p class=byline>By Ana Lee</p>" STORY "</article>",
		    "First and more", "Ana Lee", "Big news", "Ana Lee", "The Paper", NULL, 0, 0 },
		{ "title: the site's name off either end; not the logo's heading",
		    "<title>The Paper - Big news</title><meta property=og:site_name content='The Paper'>"
		    "<h1 class=logo>The Paper</h1><article>" STORY "</article>",
		    NULL, NULL, "Big news", NULL, NULL, NULL, 0, 0 },
		{ "title: a heading og:title names",
		    "<meta property=og:title content='Storm hits the coast'>"
		    "<h1>Weather</h1><h1>Storm hits the coast</h1><article>" STORY "</article>",
		    NULL, NULL, "Storm hits the coast", NULL, NULL, NULL, 0, 0 },
		{ "author from JSON-LD, by reference to a Person of the graph",
		    "<script type=application/ld+json>{\"@graph\":[{\"@type\":\"NewsArticle\",\"headline\":\"H\","
		    "\"author\":{\"@id\":\"#p1\"},\"image\":{\"url\":\"https://x.example/i.jpg\"},"
		    "\"publisher\":{\"name\":\"X Times\"}},{\"@type\":\"Person\",\"@id\":\"#p1\",\"name\":\"Ola Nordmann\"}]}"
		    "</script><article>" STORY "</article>",
		    NULL, NULL, "H", "Ola Nordmann", "X Times", "https://x.example/i.jpg", 0, 0 },
		{ "author: the site's name in meta author is none; Dublin Core is",
		    "<meta property=og:site_name content='X Times'><meta name=author content='X Times'>"
		    "<meta name=DC.creator content='Besa Gashi'><article>" STORY "</article>",
		    NULL, NULL, NULL, "Besa Gashi", NULL, NULL, 0, 0 },
		{ "author: itemprop=author's name, \"Von\" dropped",
		    "<article><div class=autor>Von <span itemprop=author><span itemprop=name>Jonas Albrecht</span>"
		    "</span></div>" STORY "</article>",
		    NULL, NULL, NULL, "Jonas Albrecht", NULL, NULL, 0, 0 },
		{ "a byline's date and the site's name after it go",
		    "<meta property=og:site_name content=CNN><article><div class=byline>By Jane Doe, CNN "
		    "Published 5:30 AM EDT, Mon May 5, 2025</div>" STORY "</article>",
		    NULL, NULL, NULL, "Jane Doe", NULL, NULL, 0, 0 },
		{ "teasers inside the chosen <main> go",
		    "<main><div class=story-body>" STORY "</div><section><h2>More</h2>"
		    "<article><a href=/1><h3>Another headline of the day</h3></a><p>Teaser line.</p></article>"
		    "<article><a href=/2><h3>And yet another headline</h3></a><p>Teaser line.</p></article>"
		    "</section></main>",
		    "Fourth and more", "Teaser line", NULL, NULL, NULL, NULL, 0, 0 },
		{ "nothing scores: the whole body, and a note",
		    "<div>one</div><div>two</div><div>three</div>",
		    "three", NULL, NULL, NULL, NULL, NULL, 1, 0 },
		{ "UTF-8 under a gb2312 label: read as UTF-8, with a warning",
		    "<meta charset=gb2312><article><p>\xe6\xb1\x9f\xe5\x8d\x97\xe6\x96\xb0\xe8\x8c\xb6\xe6\x8f\x90"
		    "\xe5\x89\x8d\xe4\xb8\x8a\xe5\xb8\x82\xef\xbc\x8c\xe4\xbb\x8a\xe5\xb9\xb4\xe6\x98\xa5\xe5\xa4\xa9"
		    "\xe6\xb1\x9f\xe5\x8d\x97\xe5\x9c\xb0\xe5\x8c\xba\xe7\x9a\x84\xe8\x8c\xb6\xe5\x86\x9c\xe6\xaf\x94"
		    "\xe5\xbe\x80\xe5\xb9\xb4\xe6\x8f\x90\xe5\x89\x8d\xe3\x80\x82</p></article>",
		    "\xe6\xb1\x9f\xe5\x8d\x97\xe6\x96\xb0\xe8\x8c\xb6", NULL, NULL, NULL, NULL, NULL, 0, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct reader_case *c = &cases[i];
		struct nr_htmlfile_info info;
		struct nr_item item;
		struct nr_err err;
		char *plain;
		int failed = t_failures;

		nr_item_init(&item);
		CHECK_INT(nr_htmlfile_parse_ex(c->page, strlen(c->page), MTIME, 0, &item, &info, &err), 0);
		plain = nr_render_plain(item.content, item.content_type);
		if (c->has != NULL) {
			CHECK(strstr(plain, c->has) != NULL);
		}
		if (c->lacks != NULL) {
			CHECK(strstr(plain, c->lacks) == NULL);
		}
		if (c->title != NULL) {
			CHECK_STR(item.title, c->title);
		}
		if (c->author != NULL) {
			CHECK_STR(item.author != NULL ? item.author : "", c->author);
		}
		if (c->site != NULL) {
			CHECK_STR(info.site, c->site);
			CHECK_STR(item.site, c->site);
		}
		if (c->image != NULL) {
			CHECK_STR(item.image, c->image);
			CHECK(item.nenclosures == 1 && strcmp(item.enclosures[0].url, c->image) == 0);
		}
		CHECK_INT(info.whole, c->whole);
		CHECK_INT(info.warning.code != NR_ERR_NONE, c->warned);
		if (t_failures != failed) {
			fprintf(stderr, "reader mode case: %s\n  body: %s\n", c->what, plain);
		}
		free(plain);
		nr_htmlfile_info_free(&info);
		nr_item_clear(&item);
	}
}

int
main(void)
{
	t_init();
	nr_libxml_init();
	test_files();
	test_strings();
	test_reader_mode();
	test_render();
	test_escapes();
	test_deep();
	nr_libxml_cleanup();
	return t_done();
}
