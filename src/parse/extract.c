/*
 * Reader mode: the article out of a web page.
 *
 * How pages are built: a story sits in one block that holds most of the
 * page's paragraph text (article bodies are long runs of <p> with commas
 * and few links), while navigation, rankings, teasers and footers are
 * lists of links and short lines. So, in one walk up the tree (linear in
 * the page), each paragraph of 25 characters or more gives its parent a
 * score (1, a point a comma, a point a hundred characters up to 3), half of
 * it to the grandparent, and less further up; a block's score is then
 * weighed by its tag and by what its class and id names say (article,
 * story, entry, content versus comment, related, share, nav, sidebar,
 * promo, footer), and cut by the share of its text that is links. This is
 * the scoring that Arc90's Readability made known (Mozilla's Reader View
 * uses it); the code here is written for this program.
 *
 * The winner is then widened to the semantic container around it when
 * that container holds little else (itemprop=articleBody first, then an
 * <article>, a schema.org Article, NewsArticle or BlogPosting, <main> or
 * role=main): https://html.spec.whatwg.org/multipage/sections.html#the-article-element
 * https://schema.org/articleBody. Otherwise its siblings that score well
 * too (a story cut in two by an advertisement) join it. Inside, the parts
 * that are not the story are pruned.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/html.h"
#include "parse/extract_int.h"
#include "util/utf8.h"

/* A paragraph shorter than this (in characters) says nothing about where
 * the story is: captions, datelines, buttons. */
#define PARA_MIN 25
/* How many ancestors a paragraph's score reaches. */
#define SCORE_LEVELS 5

/* What the walk learns of one element. */
struct st {
	xmlNode *node;
	size_t text;            /* characters of text, white space not counted */
	size_t link;            /* of which inside links */
	size_t commas;
	size_t ptext;           /* characters in paragraphs that are not link lists */
	unsigned p, img, li, input, embed;
	double score;           /* from the paragraphs below */
	unsigned cand : 1;      /* a paragraph scored it */
	unsigned block_child : 1;
	unsigned unlikely : 1;  /* its names say navigation, comments, sidebar ... */
};

struct walk {
	struct st *v;
	size_t n, cap;
};

static int
is_el(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL
	    && strcasecmp((const char *)n->name, name) == 0;
}

static int
is_any(const xmlNode *n, const char *const *names)
{
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		if (is_el(n, names[i])) {
			return 1;
		}
	}
	return 0;
}

static struct st *
st_of(const struct walk *w, const xmlNode *n)
{
	uintptr_t i = (uintptr_t)n->_private;

	return i > 0 && i <= w->n && w->v[i - 1].node == n ? &w->v[i - 1] : NULL;
}

/* An attribute's value, lower-cased, as a new string; NULL if absent. */
static char *
lower_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s, *p;

	if (v == NULL) {
		return NULL;
	}
	s = xstrdup((const char *)v);
	xmlFree(v);
	for (p = s; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			*p = (char)(*p - 'A' + 'a');
		}
	}
	return s;
}

static int
has_any(const char *s, const char *const *words)
{
	size_t i;

	for (i = 0; s != NULL && words[i] != NULL; i++) {
		if (strstr(s, words[i]) != NULL) {
			return 1;
		}
	}
	return 0;
}

/* Whether the space-separated list s holds word exactly. */
static int
has_token(const char *s, const char *word)
{
	size_t n = strlen(word);
	const char *p = s;

	while (s != NULL && (p = strstr(p, word)) != NULL) {
		if ((p == s || p[-1] == ' ' || p[-1] == '\t') && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t')) {
			return 1;
		}
		p += n;
	}
	return 0;
}

/* Names that sites give the blocks of a story ... */
static const char *const positive[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
	"blog", "story", "prose", "paywall", NULL,
};
/* ... and the blocks around it. */
static const char *const negative[] = {
	"-ad-", "ad-slot", "adslot", "advert", "banner", "combx", "comment", "com-", "contact", "foot",
	"gdpr", "masthead", "media", "meta", "outbrain", "taboola", "promo", "related", "scroll",
	"share", "sharing", "social", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping",
	"tags", "tool", "widget", "newsletter", "subscribe", "signup", "recirc", "trending",
	"popular", "most-read", "mostread", "breadcrumb", "pagination", "pager", "byline", "author",
	"topics", "keywords", "recommend", "teaser", "nav", "menu", "modal", "cookie", "consent",
	"caption-credit", "player", "vjs-", "control", "print", "rating", "reaction", "like-",
	"follow", NULL,
};
/* Names that make a block unlikely to be the story at all ... */
static const char *const unlikely[] = {
	"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
	"disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
	"replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
	"ad-break", "agegate", "pagination", "pager", "popup", "share", "newsletter", "promo",
	"recirc", "most-read", "mostread", "trending", "cookie", "consent", "nav", "teaser",
	"outbrain", "taboola", NULL,
};
/* ... unless they also say this. */
static const char *const maybe[] = {
	"and", "article", "body", "column", "content", "main", "shadow", "story", "entry", "post", NULL,
};
/* Names of blocks pruned inside the story whatever else they say. */
static const char *const strong_negative[] = {
	"share", "sharing", "social", "related", "newsletter", "subscribe", "comment", "promo",
	"sponsor", "advert", "ad-slot", "adslot", "outbrain", "taboola", "recirc", "most-read",
	"mostread", "trending", "breadcrumb", "signup", "cookie", "consent", "vjs-", "player-control",
	"video-control", "media-control", "toolbar", "social-", "follow-us", "read-more", "readmore",
	"more-stories", "topics", "tag-list", "taglist", "post-tags", "entry-tags", "post-nav",
	"post-navigation", "nav-links", "jp-relatedposts", "sharedaddy", "author-bio", "about-author",
	"gallery-count", "slide-count", "counter", NULL,
};

/* Roles that are never the story's text:
 * https://www.w3.org/TR/wai-aria-1.2/#role_definitions */
static const char *const junk_roles[] = {
	"navigation", "menu", "menubar", "complementary", "contentinfo", "banner", "search",
	"dialog", "alertdialog", "toolbar", "button", "slider", "progressbar", "tablist",
	"timer", "marquee", NULL,
};

/* Elements that hold no story text. */
static const char *const junk_tags[] = {
	"nav", "aside", "footer", "button", "input", "select", "textarea", "svg", "canvas",
	"dialog", "menu", "object", "embed", "fieldset", "label", "option", "datalist", "output",
	"progress", "meter", NULL,
};

/* Short texts that label something else: the advertisement's slot, the
 * sharing bar's caption. Compared whole, case ignored. */
static const char *const labels[] = {
	"advertisement", "advertising", "ad", "sponsored", "sponsored content", "anzeige", "werbung",
	"reklamë", "reklama", "publicité", "publicidad", "pubblicità", "share", "share this",
	"share this article", "share this story", "share on facebook", "share on twitter",
	"teilen", "shpërndaje", "skip advertisement", "continue reading below",
	"story continues below advertisement", "article continues below advertisement",
	"read more", "mehr lesen", "lexo më shumë", "follow us", "like", "tweet", "email", "print",
	"copy link", "link copied", "comments", "leave a comment", "image", "video",
	"play video", "play", "pause", "mute", "unmute", "fullscreen", "close", "previous", "next",
	NULL,
};

static int
class_weight(const xmlNode *n)
{
	static const char *const names[] = { "class", "id" };
	size_t i;
	int w = 0;
	char *v;

	for (i = 0; i < 2; i++) {
		v = lower_attr(n, names[i]);
		if (v == NULL) {
			continue;
		}
		if (has_any(v, negative)) {
			w -= 25;
		}
		if (has_any(v, positive)) {
			w += 25;
		}
		free(v);
	}
	return w;
}

/* The class and id together, lower-cased: a new string or NULL. */
static char *
names_of(const xmlNode *n)
{
	char *c = lower_attr(n, "class"), *id = lower_attr(n, "id"), *s;

	if (c == NULL) {
		return id;
	}
	if (id == NULL) {
		return c;
	}
	s = xasprintf("%s %s", c, id);
	free(c);
	free(id);
	return s;
}

static int
role_is_junk(const xmlNode *n)
{
	char *r = lower_attr(n, "role");
	size_t i;
	int junk = 0;

	for (i = 0; r != NULL && junk_roles[i] != NULL; i++) {
		junk = has_token(r, junk_roles[i]);
		if (junk) {
			break;
		}
	}
	free(r);
	return junk;
}

static int
is_unlikely(const xmlNode *n)
{
	static const char *const tags[] = { "nav", "aside", "footer", "form", "header", NULL };
	char *s;
	int u;

	if (is_any(n, tags) || role_is_junk(n)) {
		return 1;
	}
	s = names_of(n);
	u = s != NULL && has_any(s, unlikely) && !has_any(s, maybe);
	free(s);
	return u;
}

int
nr_extract_byline_name(const xmlNode *n)
{
	static const char *const words[] = { "byline", "author", "writtenby", "p-author", "dateline-author", NULL };
	char *s = names_of(n), *rel = lower_attr(n, "rel"), *ip = lower_attr(n, "itemprop");
	int b = (s != NULL && has_any(s, words)) || has_token(rel, "author") || has_token(ip, "author");

	free(s);
	free(rel);
	free(ip);
	return b;
}

int
nr_extract_hidden(const xmlNode *n)
{
	static const char *const sr_only[] = {
		"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screenreader-only",
		"screen-reader-only", "hidden", "hide", "offscreen", "u-hidden", "is-hidden", "invisible", NULL,
	};
	char *v, *p, *q;
	size_t i;
	int hidden = 0;

	if (n->type != XML_ELEMENT_NODE) {
		return 0;
	}
	if (xmlHasProp(n, (const xmlChar *)"hidden") != NULL) {
		return 1;
	}
	v = lower_attr(n, "aria-hidden");
	hidden = v != NULL && strcmp(v, "true") == 0;
	free(v);
	/* An image hidden from screen readers is decoration, still seen. */
	if (hidden) {
		return !is_el(n, "img") && !is_el(n, "picture") && !is_el(n, "figure");
	}
	v = lower_attr(n, "style");
	if (v != NULL) {
		for (p = q = v; *p != '\0'; p++) {
			if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
				*q++ = *p;
			}
		}
		*q = '\0';
		hidden = strstr(v, "display:none") != NULL || strstr(v, "visibility:hidden") != NULL;
		free(v);
		if (hidden) {
			return 1;
		}
	}
	v = lower_attr(n, "class");
	for (i = 0; v != NULL && sr_only[i] != NULL && !hidden; i++) {
		hidden = has_token(v, sr_only[i]);
	}
	free(v);
	return hidden;
}

/* What a semantic container says of itself: 3 the article's body, 2 an
 * article, 1 the page's main part, 0 nothing. */
static int
semantic(const xmlNode *n)
{
	static const char *const types[] = {
		"article", "blogposting", "posting", "report", "newsarticle", NULL,
	};
	char *v;
	int s = 0;

	if (n->type != XML_ELEMENT_NODE) {
		return 0;
	}
	v = lower_attr(n, "itemprop");
	if (v != NULL && (has_token(v, "articlebody") || has_token(v, "articletext"))) {
		s = 3;
	}
	free(v);
	if (s > 0) {
		return s;
	}
	v = lower_attr(n, "itemtype");
	if (v != NULL && strstr(v, "schema.org") != NULL && has_any(v, types)) {
		s = 2;
	}
	free(v);
	if (s > 0 || is_el(n, "article")) {
		return 2;
	}
	v = lower_attr(n, "role");
	if (is_el(n, "main") || has_token(v, "main")) {
		s = 1;
	}
	free(v);
	return s;
}

static int
is_block(const xmlNode *n)
{
	const struct nr_html_element *el;

	if (n->type != XML_ELEMENT_NODE || n->name == NULL) {
		return 0;
	}
	el = nr_html_element((const char *)n->name);
	return el != NULL && el->role != NR_HTML_INLINE && el->role != NR_HTML_A && el->role != NR_HTML_Q
	    && el->role != NR_HTML_WBR && el->role != NR_HTML_BR && el->role != NR_HTML_IMG;
}

static int
tag_weight(const xmlNode *n)
{
	static const char *const plus5[] = { "div", "article", NULL };
	static const char *const plus3[] = { "pre", "td", "blockquote", "section", NULL };
	static const char *const minus3[] = {
		"address", "ol", "ul", "dl", "dd", "dt", "li", "form", NULL,
	};
	static const char *const minus5[] = { "h1", "h2", "h3", "h4", "h5", "h6", "th", NULL };

	if (is_any(n, plus5)) {
		return 5;
	}
	if (is_any(n, plus3)) {
		return 3;
	}
	if (is_any(n, minus3)) {
		return -3;
	}
	return is_any(n, minus5) ? -5 : 0;
}

/* Characters (code points, white space not counted) and commas of s. */
static void
count_text(const char *s, size_t *chars, size_t *commas)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if ((*p & 0xc0) == 0x80 || *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			continue;
		}
		(*chars)++;
		/* , and the commas of CJK (， 、) and Arabic script (،) */
		if (*p == ',' || (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8c)
		    || (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x81) || (p[0] == 0xd8 && p[1] == 0x8c)) {
			(*commas)++;
		}
	}
}

static double
link_density(const struct st *s)
{
	return s->text > 0 ? (double)s->link / (double)s->text : 0.0;
}

static double
final_score(const struct st *s)
{
	return ((double)(tag_weight(s->node) + class_weight(s->node)) + s->score) * (1.0 - link_density(s));
}

static void
sat_add(unsigned *a, unsigned b)
{
	*a = *a > UINT32_MAX - b ? UINT32_MAX : *a + b;
}

/* Leaving n: its paragraph (if it is one) scores its ancestors, and its
 * counts are added to its parent's. unlikely: n is inside a block whose
 * names say it is no story. */
static void
leave(struct walk *w, xmlNode *n, int in_unlikely)
{
	static const char *const para_tags[] = { "p", "pre", "td", "div", "section", "blockquote", NULL };
	struct st *s = st_of(w, n), *ps = n->parent != NULL ? st_of(w, n->parent) : NULL, *a;
	xmlNode *up;
	double score;
	size_t commas = 0, level;

	if (s == NULL) {
		if (ps != NULL && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		    && n->content != NULL) {
			count_text((const char *)n->content, &ps->text, &commas);
			ps->commas += commas;
		}
		return;
	}
	if (is_el(n, "a")) {
		s->link = s->text;
	}
	if ((is_el(n, "p") || (is_any(n, para_tags) && !s->block_child)) && s->text >= PARA_MIN
	    && !in_unlikely) {
		if (link_density(s) < 0.5) {
			s->ptext = s->text;
		}
		score = 1.0 + (double)s->commas + (double)(s->text / 100 < 3 ? s->text / 100 : 3);
		for (up = n->parent, level = 0; up != NULL && level < SCORE_LEVELS; up = up->parent, level++) {
			a = st_of(w, up);
			if (a == NULL) {
				break;
			}
			a->cand = 1;
			a->score += level == 0 ? score : level == 1 ? score / 2 : score / (double)(level * 3);
		}
	}
	if (is_el(n, "p")) {
		sat_add(&s->p, 1);
	} else if (is_el(n, "img")) {
		sat_add(&s->img, 1);
	} else if (is_el(n, "li")) {
		sat_add(&s->li, 1);
	} else if (is_el(n, "input")) {
		sat_add(&s->input, 1);
	} else if (is_el(n, "iframe") || is_el(n, "video") || is_el(n, "embed") || is_el(n, "object")) {
		sat_add(&s->embed, 1);
	}
	if (ps != NULL) {
		ps->text += s->text;
		ps->link += s->link;
		ps->commas += s->commas;
		ps->ptext += s->ptext;
		sat_add(&ps->p, s->p);
		sat_add(&ps->img, s->img);
		sat_add(&ps->li, s->li);
		sat_add(&ps->input, s->input);
		sat_add(&ps->embed, s->embed);
		if (is_block(n)) {
			ps->block_child = 1;
		}
	}
}

/* One walk over body: every element gets its counts and score. The walk
 * uses parent and sibling links, so depth costs no stack. */
static void
measure(struct walk *w, xmlNode *body)
{
	xmlNode *n = body;
	size_t depth_unlikely = 0;
	struct st *s;

	for (;;) {
		if (n->type == XML_ELEMENT_NODE) {
			if (w->n == w->cap) {
				w->cap = w->cap ? w->cap * 2 : 256;
				w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
			}
			s = &w->v[w->n++];
			memset(s, 0, sizeof *s);
			s->node = n;
			n->_private = (void *)(uintptr_t)w->n;
			if (n != body && is_unlikely(n)) {
				s->unlikely = 1;
				depth_unlikely++;
			}
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
		}
		for (;;) {
			s = st_of(w, n);
			if (s != NULL && s->unlikely) {
				depth_unlikely--;
			}
			leave(w, n, depth_unlikely > 0);
			if (n == body) {
				return;
			}
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}

static char *
text_of(xmlNode *root)
{
	xmlChar *c = xmlNodeGetContent(root);
	char *s;

	if (c == NULL) {
		return xstrdup("");
	}
	s = nr_utf8_sanitize((const char *)c, strlen((const char *)c), NR_SAN_COLLAPSE);
	xmlFree(c);
	return s;
}

/* Two texts equal when case, white space and quotation marks are set
 * aside: a headline as the page shows it and as its metadata give it. */
char *
nr_extract_key(const char *s)
{
	static const struct {
		const char *from, *to;
	} marks[] = {
		{ "\xe2\x80\x98", "'" }, { "\xe2\x80\x99", "'" }, { "\xe2\x80\x9c", "\"" },
		{ "\xe2\x80\x9d", "\"" }, { "\xe2\x80\x93", "-" }, { "\xe2\x80\x94", "-" },
		{ "\xc2\xa0", " " },
	};
	struct nr_buf b = NR_BUF_INIT;
	size_t i, k;
	int space = 0;

	while (*s != '\0') {
		for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
			k = strlen(marks[i].from);
			if (strncmp(s, marks[i].from, k) == 0) {
				break;
			}
		}
		if (i < sizeof marks / sizeof marks[0]) {
			s += k;
			if (marks[i].to[0] == ' ') {
				space = 1;
				continue;
			}
			if (space && b.len > 0) {
				nr_buf_addc(&b, ' ');
			}
			space = 0;
			nr_buf_adds(&b, marks[i].to);
			continue;
		}
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = 1;
			s++;
			continue;
		}
		if (space && b.len > 0) {
			nr_buf_addc(&b, ' ');
		}
		space = 0;
		nr_buf_addc(&b, *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s);
		s++;
	}
	while (b.len > 0 && strchr(".:;,!?", b.data[b.len - 1]) != NULL) {
		b.data[--b.len] = '\0';
	}
	return nr_buf_steal(&b);
}

static int
same_words(const char *a, const char *b)
{
	char *ka = nr_extract_key(a), *kb = nr_extract_key(b);
	int same = strcmp(ka, kb) == 0 && ka[0] != '\0';

	free(ka);
	free(kb);
	return same;
}

static int
is_label(const char *t)
{
	size_t i;

	for (i = 0; labels[i] != NULL; i++) {
		if (strcasecmp(t, labels[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

/* "3/50", "3 / 50", "3 of 50": a gallery's counter. */
static int
is_counter(const char *t)
{
	const char *p = t;

	if (*p < '0' || *p > '9') {
		return 0;
	}
	while (*p >= '0' && *p <= '9') {
		p++;
	}
	while (*p == ' ') {
		p++;
	}
	if (*p == '/') {
		p++;
	} else if (strncasecmp(p, "of ", 3) == 0 || strncasecmp(p, "von ", 4) == 0 || strncasecmp(p, "nga ", 4) == 0) {
		p += p[0] == 'o' || p[0] == 'O' ? 3 : 4;
	} else {
		return 0;
	}
	while (*p == ' ') {
		p++;
	}
	if (*p < '0' || *p > '9') {
		return 0;
	}
	while (*p >= '0' && *p <= '9') {
		p++;
	}
	return *p == '\0';
}

/* A byline as pages print it: "By Jane Doe", "Jane Doe, Reporter",
 * "By Jane Doe and John Roe | 5 May 2025". */
static int
is_byline_text(const char *t, const char *byline)
{
	return byline != NULL && byline[0] != '\0' && strlen(t) < strlen(byline) + 120
	    && strcasestr(t, byline) != NULL;
}

struct prune {
	struct walk *w;
	xmlNode *root;
	size_t root_ptext;
	const char *title;
	const char *byline;
	int title_done;
	int byline_done;
};

/* Whether el (inside the story, not its root) is to go. */
static int
prunable(struct prune *pr, xmlNode *el)
{
	static const char *const lists[] = { "ul", "ol", "dl", NULL };
	static const char *const boxes[] = {
		"div", "section", "ul", "ol", "dl", "table", "header", "figure", "span", "p", "form", "article", NULL,
	};
	static const char *const heads[] = { "h1", "h2", "h3", NULL };
	struct st *s = st_of(pr->w, el);
	char *names, *t;
	int go = 0, weight;
	double ld;
	/* A block that holds a fair share of the story's paragraphs stays,
	 * whatever its names say. */
	int big = s != NULL && s->ptext * 4 > pr->root_ptext && s->ptext > 200;

	if (is_any(el, junk_tags) && !big) {
		return 1;
	}
	if (is_el(el, "form") && !big) {
		return 1;
	}
	if (role_is_junk(el) && !big) {
		return 1;
	}
	if (s == NULL) {
		return 0;
	}
	names = names_of(el);
	if (names != NULL && has_any(names, strong_negative) && !big) {
		free(names);
		return 1;
	}
	free(names);
	/* Short texts: labels, counters, the headline's and the byline's copies. */
	if (s->text > 0 && s->text <= 300 && (is_any(el, boxes) || is_any(el, heads) || is_el(el, "a")
	    || is_el(el, "address") || is_el(el, "time") || is_el(el, "strong") || is_el(el, "em"))) {
		t = text_of(el);
		if (is_label(t) || is_counter(t)) {
			go = 1;
		} else if (!pr->title_done && is_any(el, heads) && pr->title != NULL && same_words(t, pr->title)) {
			pr->title_done = 1;
			go = 1;
		} else if (!pr->byline_done && (nr_extract_byline_name(el) || s->text < 80)
		    && is_byline_text(t, pr->byline) && s->ptext * 2 < pr->root_ptext) {
			pr->byline_done = 1;
			go = 1;
		}
		free(t);
		if (go) {
			return 1;
		}
	}
	if (big || !is_any(el, boxes) || is_el(el, "p") || is_el(el, "span")) {
		return 0;
	}
	weight = class_weight(el);
	ld = link_density(s);
	if (weight < 0 && s->ptext * 2 < s->text) {
		return 1;
	}
	if (s->commas >= 10 && ld < 0.5) {
		return 0;
	}
	if (is_any(el, lists)) {
		return ld > 0.5;
	}
	if ((weight < 25 && ld > 0.33) || ld > 0.5) {
		return 1;
	}
	if (s->input > 0 && s->input * 3 > s->p) {
		return 1;
	}
	/* A gallery: pictures and little text. */
	if (s->img > 2 && s->p * 2 < s->img && s->ptext < 100 * s->img) {
		return 1;
	}
	return 0;
}

/* The node after n in document order within root, skipping n's children. */
static xmlNode *
next_skip(xmlNode *n, const xmlNode *root)
{
	while (n != root && n->next == NULL) {
		n = n->parent;
	}
	return n == root ? NULL : n->next;
}

static void
prune(struct prune *pr)
{
	xmlNode *n = pr->root->children, *next;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE && prunable(pr, n)) {
			next = next_skip(n, pr->root);
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			n = next;
		} else if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
		} else {
			n = next_skip(n, pr->root);
		}
	}
}

static struct st *
best(struct walk *w, double *score)
{
	struct st *top = NULL;
	double sc, top_sc = 0;
	size_t i;

	for (i = 0; i < w->n; i++) {
		if (!w->v[i].cand) {
			continue;
		}
		sc = final_score(&w->v[i]);
		if (top == NULL || sc > top_sc) {
			top = &w->v[i];
			top_sc = sc;
		}
	}
	*score = top_sc;
	return top;
}

static const char *const sibling_blocks[] = {
	"ul", "ol", "dl", "table", "blockquote", "pre", "figure", "h2", "h3", "h4", NULL,
};

/* Whether a sibling of the winner is part of the story too. */
static int
sibling_belongs(struct walk *w, xmlNode *sib, xmlNode *top, double threshold)
{
	struct st *s = st_of(w, sib);
	double bonus = 0;
	char *a, *b;
	size_t len;
	char *t;
	int yes;

	if (s == NULL || s->unlikely) {
		return 0;
	}
	a = lower_attr(sib, "class");
	b = lower_attr(top, "class");
	if (a != NULL && b != NULL && strcmp(a, b) == 0) {
		bonus = threshold;
	}
	free(a);
	free(b);
	if (s->cand && final_score(s) + bonus >= threshold) {
		return 1;
	}
	/* A list, a table or a quotation next to the story, with few links,
	 * belongs to it. */
	if (is_any(sib, sibling_blocks) && s->text > 0 && link_density(s) < 0.2) {
		return 1;
	}
	if (!is_el(sib, "p")) {
		return 0;
	}
	if (s->text > 80 && link_density(s) < 0.25) {
		return 1;
	}
	if (s->text == 0 || s->link > 0) {
		return 0;
	}
	t = text_of(sib);
	len = strlen(t);
	yes = len > 0 && (t[len - 1] == '.' || strstr(t, ". ") != NULL || strstr(t, "\xe3\x80\x82") != NULL);
	free(t);
	return yes;
}

/* The winner and the siblings that belong with it, in a new <div> put
 * where the winner was; the winner alone if no sibling does. */
static xmlNode *
with_siblings(struct walk *w, xmlNode *top, double top_score)
{
	double threshold = top_score * 0.2 > 10 ? top_score * 0.2 : 10;
	xmlNode *p = top->parent, *c, *next, *div;
	int others = 0;

	if (p == NULL || is_el(top, "body")) {
		return top;
	}
	for (c = p->children; c != NULL; c = c->next) {
		if (c != top && c->type == XML_ELEMENT_NODE && sibling_belongs(w, c, top, threshold)) {
			others = 1;
			break;
		}
	}
	if (!others) {
		return top;
	}
	div = xmlNewDocNode(top->doc, NULL, (const xmlChar *)"div", NULL);
	xmlAddPrevSibling(top, div);
	for (c = p->children; c != NULL; c = next) {
		next = c->next;
		if (c == div) {
			continue;
		}
		if (c == top || (c->type == XML_ELEMENT_NODE && sibling_belongs(w, c, top, threshold))) {
			xmlUnlinkNode(c);
			xmlAddChild(div, c);
		}
	}
	return div;
}

/* The one outermost semantic container with text in body, or NULL if
 * there is none or more than one. */
static xmlNode *
only_container(struct walk *w, xmlNode *body)
{
	xmlNode *n = body, *found = NULL;
	struct st *s;

	while (n != NULL) {
		s = n->type == XML_ELEMENT_NODE ? st_of(w, n) : NULL;
		if (n != body && s != NULL && s->text > 0 && semantic(n) > 0) {
			if (found != NULL) {
				return NULL;
			}
			found = n;
			n = next_skip(n, body);
		} else if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
		} else {
			n = next_skip(n, body);
		}
	}
	return found;
}

xmlNode *
nr_extract_article(xmlNode *body, const char *title, const char *byline, enum nr_extract_how *how)
{
	struct walk w = { NULL, 0, 0 };
	struct st *top, *a, *bs;
	struct prune pr;
	xmlNode *chosen = NULL, *up;
	double top_score;
	int sem;

	*how = NR_EXTRACT_WHOLE;
	if (body == NULL) {
		return NULL;
	}
	measure(&w, body);
	bs = st_of(&w, body);
	top = best(&w, &top_score);
	if (top != NULL && top->ptext >= PARA_MIN * 2) {
		/* The semantic container around the winner, when the winner
		 * holds most of its paragraph text: the article's body first,
		 * then the innermost article or main part. */
		for (up = top->node; up != NULL && up != body->parent; up = up->parent) {
			if (semantic(up) == 3) {
				chosen = up;
				break;
			}
		}
		for (up = top->node; chosen == NULL && up != NULL && up != body; up = up->parent) {
			sem = semantic(up);
			a = st_of(&w, up);
			if (sem > 0 && a != NULL && top->ptext * 10 >= a->ptext * 6) {
				chosen = up;
			}
			if (sem > 0) {
				break;
			}
		}
		if (chosen == NULL) {
			chosen = with_siblings(&w, top->node, top_score);
		}
		*how = NR_EXTRACT_SCORED;
	} else if ((chosen = only_container(&w, body)) != NULL) {
		/* Nothing scored, but the page marks its one article: a short
		 * post, a picture with a caption. */
		*how = NR_EXTRACT_SCORED;
	} else {
		chosen = body;
	}
	memset(&pr, 0, sizeof pr);
	pr.w = &w;
	pr.root = chosen;
	a = st_of(&w, chosen);
	pr.root_ptext = a != NULL ? a->ptext : bs != NULL ? bs->ptext : 0;
	if (a == NULL && chosen->children != NULL) {
		/* The new <div>: its paragraphs are its children's. */
		for (up = chosen->children; up != NULL; up = up->next) {
			a = st_of(&w, up);
			pr.root_ptext += a != NULL ? a->ptext : 0;
		}
	}
	pr.title = title;
	pr.byline = byline;
	if (*how == NR_EXTRACT_SCORED) {
		prune(&pr);
	}
	free(w.v);
	return chosen;
}
