/* util/url: RFC 3986's own examples of resolution, and the references
 * feeds and pages hold that a strict URI parser refuses. */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "helpers.h"
#include "t.h"
#include "util/url.h"

struct rcase {
	const char *base, *ref, *want;
};

/* RFC 3986 section 5.4.1 (normal) and 5.4.2 (abnormal). */
#define RFC_BASE "http://a/b/c/d;p?q"
static const struct rcase rfc[] = {
	{ RFC_BASE, "g:h", "g:h" },
	{ RFC_BASE, "g", "http://a/b/c/g" },
	{ RFC_BASE, "./g", "http://a/b/c/g" },
	{ RFC_BASE, "g/", "http://a/b/c/g/" },
	{ RFC_BASE, "/g", "http://a/g" },
	{ RFC_BASE, "//g", "http://g" },
	{ RFC_BASE, "?y", "http://a/b/c/d;p?y" },
	{ RFC_BASE, "g?y", "http://a/b/c/g?y" },
	{ RFC_BASE, "#s", "http://a/b/c/d;p?q#s" },
	{ RFC_BASE, "g#s", "http://a/b/c/g#s" },
	{ RFC_BASE, "g?y#s", "http://a/b/c/g?y#s" },
	{ RFC_BASE, ";x", "http://a/b/c/;x" },
	{ RFC_BASE, "g;x", "http://a/b/c/g;x" },
	{ RFC_BASE, "g;x?y#s", "http://a/b/c/g;x?y#s" },
	{ RFC_BASE, "", "http://a/b/c/d;p?q" },
	{ RFC_BASE, ".", "http://a/b/c/" },
	{ RFC_BASE, "./", "http://a/b/c/" },
	{ RFC_BASE, "..", "http://a/b/" },
	{ RFC_BASE, "../", "http://a/b/" },
	{ RFC_BASE, "../g", "http://a/b/g" },
	{ RFC_BASE, "../..", "http://a/" },
	{ RFC_BASE, "../../", "http://a/" },
	{ RFC_BASE, "../../g", "http://a/g" },

	{ RFC_BASE, "../../../g", "http://a/g" },
	{ RFC_BASE, "../../../../g", "http://a/g" },
	{ RFC_BASE, "/./g", "http://a/g" },
	{ RFC_BASE, "/../g", "http://a/g" },
	{ RFC_BASE, "g.", "http://a/b/c/g." },
	{ RFC_BASE, ".g", "http://a/b/c/.g" },
	{ RFC_BASE, "g..", "http://a/b/c/g.." },
	{ RFC_BASE, "..g", "http://a/b/c/..g" },
	{ RFC_BASE, "./../g", "http://a/b/g" },
	{ RFC_BASE, "./g/.", "http://a/b/c/g/" },
	{ RFC_BASE, "g/./h", "http://a/b/c/g/h" },
	{ RFC_BASE, "g/../h", "http://a/b/c/h" },
	{ RFC_BASE, "g;x=1/./y", "http://a/b/c/g;x=1/y" },
	{ RFC_BASE, "g;x=1/../y", "http://a/b/c/y" },
	{ RFC_BASE, "g?y/./x", "http://a/b/c/g?y/./x" },
	{ RFC_BASE, "g?y/../x", "http://a/b/c/g?y/../x" },
	{ RFC_BASE, "g#s/./x", "http://a/b/c/g#s/./x" },
	{ RFC_BASE, "g#s/../x", "http://a/b/c/g#s/../x" },
	/* A strict parser's answer; a reference with a scheme is absolute. */
	{ RFC_BASE, "http:g", "http:g" },
};

/* What feeds and pages hold. */
#define FEED "https://example.org/news/feed.xml"
static const struct rcase feeds[] = {
	/* Characters RFC 3986 does not allow, which libxml2's xmlBuildURI
	 * refused and browsers follow as they are. */
	{ FEED, "a b.html", "https://example.org/news/a b.html" },
	{ FEED, "`id`.html", "https://example.org/news/`id`.html" },
	{ FEED, "$(touch x)", "https://example.org/news/$(touch x)" },
	{ FEED, "/top/a b?q=1 2#f g", "https://example.org/top/a b?q=1 2#f g" },
	{ FEED, "../{x}|<y>", "https://example.org/{x}|<y>" },
	/* Scheme-relative, query-only and fragment-only references. */
	{ FEED, "//cdn.example.net/i.png", "https://cdn.example.net/i.png" },
	{ FEED, "//cdn.example.net", "https://cdn.example.net" },
	{ FEED, "?page=2", "https://example.org/news/feed.xml?page=2" },
	{ FEED, "#top", "https://example.org/news/feed.xml#top" },
	{ "https://example.org/x/y?q#f", "", "https://example.org/x/y?q" },
	{ "https://example.org/x/y?q#f", "#g", "https://example.org/x/y?q#g" },
	{ "https://example.org/x/y?q#f", "?", "https://example.org/x/y?" },
	/* A base without a path, with a port and user, with a trailing
	 * slash. */
	{ "https://example.org", "a", "https://example.org/a" },
	{ "https://example.org", "?a", "https://example.org?a" },
	{ "http://u@h.example:8080/a/b", "/c", "http://u@h.example:8080/c" },
	{ "http://u@h.example:8080/a/b", "c/../../../d", "http://u@h.example:8080/d" },
	{ "https://example.org/dir/", "p.html", "https://example.org/dir/p.html" },
	/* A colon after the first slash is part of the path. */
	{ FEED, "a/b:c", "https://example.org/news/a/b:c" },
	{ FEED, "./c:d", "https://example.org/news/c:d" },
	/* A local feed's base is a file: URL. */
	{ "file:///home/u/feeds/a.xml", "../img/b.png", "file:///home/u/img/b.png" },
	{ "file:///home/u/feeds/a.xml", "/etc/x", "file:///etc/x" },
	/* A base without an authority. */
	{ "urn:example:a/b", "c", "urn:example:a/c" },
	/* Absolute references are kept as they are, dot segments too. */
	{ FEED, "mailto:someone@example.org", "mailto:someone@example.org" },
	{ FEED, "HTTPS://Other.example/./x", "HTTPS://Other.example/./x" },
	/* No base, or one that is not a URL: the reference as it is. */
	{ NULL, "a/../b", "a/../b" },
	{ "", "a", "a" },
	{ "feeds/a.xml", "b.html", "b.html" },
	{ "/home/u/a.xml", "b.html", "b.html" },
	{ "1http://x/", "b", "b" },
};

static void
run(const struct rcase *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *got = nr_url_resolve(c[i].base, c[i].ref);

		if (got == NULL || strcmp(got, c[i].want) != 0) {
			fprintf(stderr, "base \"%s\" ref \"%s\"\n", c[i].base ? c[i].base : "(null)", c[i].ref);
		}
		CHECK_STR(got, c[i].want);
		free(got);
	}
}

static void
test_has_scheme(void)
{
	static const struct {
		const char *s;
		int want;
	} c[] = {
		{ "http://x", 1 }, { "mailto:a", 1 }, { "a+b-c.d:", 1 }, { "X1:", 1 },
		{ "", 0 }, { ":x", 0 }, { "1a:", 0 }, { "a b:c", 0 }, { "/a:b", 0 },
		{ "./a:b", 0 }, { "ab", 0 }, { "a_b:c", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		CHECK_INT(nr_url_has_scheme(c[i].s) != 0, c[i].want);
	}
}

static void
test_from_path(void)
{
	static const struct {
		const char *path, *want;
	} cases[] = {
		/* Not there: taken as it is. */
		{ "/no/such dir/a#b?c.txt", "file:///no/such%20dir/a%23b%3Fc.txt" },
		{ "/no/such/\xc3\xa9t\xc3\xa9 100%.html", "file:///no/such/%C3%A9t%C3%A9%20100%25.html" },
		{ "/no/such/a;b=c&d@e:f~g", "file:///no/such/a;b=c&d@e:f~g" },
		{ "/no/such/<\"`{|}\\^>", "file:///no/such/%3C%22%60%7B%7C%7D%5C%5E%3E" },
	};
	size_t i;
	char *got, *dir, *link, *want, *real;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = nr_url_from_path(cases[i].path);
		CHECK_STR(got, cases[i].want);
		free(got);
	}
	/* There: made absolute, through a symbolic link. */
	dir = t_path("real");
	link = t_path("link");
	CHECK_INT(mkdir(dir, 0700), 0);
	CHECK_INT(symlink(dir, link), 0);
	got = nr_url_from_path(link);
	real = realpath(dir, NULL);
	want = xasprintf("file://%s", real != NULL ? real : dir);
	CHECK_STR(got, want);
	free(got);
	free(want);
	free(real);
	free(dir);
	free(link);
}

int
main(void)
{
	t_init();
	run(rfc, sizeof rfc / sizeof rfc[0]);
	run(feeds, sizeof feeds / sizeof feeds[0]);
	CHECK(nr_url_resolve(FEED, NULL) == NULL);
	test_has_scheme();
	test_from_path();
	return t_done();
}
