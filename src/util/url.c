/*
 * URI references:
 *   RFC 3986, Uniform Resource Identifier (URI): Generic Syntax
 *   https://www.rfc-editor.org/rfc/rfc3986
 * Section 5.2 (relative resolution) is followed step by step; the parts of
 * a reference are found as Appendix B's regular expression finds them, so
 * no character is refused: feeds and pages hold references with spaces,
 * backquotes or `$(`, which browsers follow as they are.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "util/url.h"

/* One part of a reference: where it starts, how long it is, and whether
 * it is there at all ("http://a?" has an empty query, "http://a" none). */
struct part {
	const char *s;
	size_t n;
	bool defined;
};

struct ref {
	struct part scheme, authority, path, query, fragment;
};

int
nr_url_has_scheme(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
		return 0;
	}
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	    *p == '+' || *p == '-' || *p == '.') {
		p++;
	}
	return *p == ':';
}

static struct part
part(const char *s, size_t n)
{
	struct part p = { s, n, true };

	return p;
}

/* Appendix B: ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?
 * except that a scheme must be one by section 3.1's grammar; otherwise the
 * colon is part of the path. */
static void
split(const char *s, struct ref *r)
{
	size_t n;

	memset(r, 0, sizeof *r);
	if (nr_url_has_scheme(s)) {
		n = strcspn(s, ":");
		r->scheme = part(s, n);
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		s += 2;
		n = strcspn(s, "/?#");
		r->authority = part(s, n);
		s += n;
	}
	n = strcspn(s, "?#");
	r->path = part(s, n);
	s += n;
	if (*s == '?') {
		s++;
		n = strcspn(s, "#");
		r->query = part(s, n);
		s += n;
	}
	if (*s == '#') {
		s++;
		r->fragment = part(s, strlen(s));
	}
}

/* Section 5.2.4: the path in (n bytes) without its "." and ".."
 * segments, appended to out. */
static void
remove_dot_segments(struct nr_buf *out, const char *in, size_t n)
{
	const char *end = in + n;
	size_t start = out->len;

	while (in < end) {
		size_t left = (size_t)(end - in);

		/* A: a leading "../" or "./" goes. */
		if (left >= 3 && memcmp(in, "../", 3) == 0) {
			in += 3;
		} else if (left >= 2 && memcmp(in, "./", 2) == 0) {
			in += 2;
		/* B: "/./" or a final "/." becomes "/". */
		} else if (left >= 3 && memcmp(in, "/./", 3) == 0) {
			in += 2;
		} else if (left == 2 && memcmp(in, "/.", 2) == 0) {
			/* The "/" stays, as the path's last segment. */
			nr_buf_addc(out, '/');
			break;
		/* C: "/../" or a final "/.." becomes "/" and the output
		 * loses its last segment. */
		} else if ((left >= 4 && memcmp(in, "/../", 4) == 0) || (left == 3 && memcmp(in, "/..", 3) == 0)) {
			while (out->len > start && out->data[out->len - 1] != '/') {
				out->len--;
			}
			if (out->len > start) {
				out->len--;
			}
			if (left == 3) {
				nr_buf_addc(out, '/');
				break;
			}
			in += 3;
		/* D: a lone "." or "..". */
		} else if ((left == 1 && in[0] == '.') || (left == 2 && memcmp(in, "..", 2) == 0)) {
			break;
		/* E: the first segment, with its leading "/", moves over. */
		} else {
			const char *p = in + (in[0] == '/' ? 1 : 0);

			while (p < end && *p != '/') {
				p++;
			}
			nr_buf_add(out, in, (size_t)(p - in));
			in = p;
		}
	}
	if (out->data != NULL) {
		out->data[out->len] = '\0';
	}
}

/* Section 5.2.3: ref's relative path appended to the base's path up to
 * its last "/" ("/" alone when the base has an authority and no path). */
static void
merge(struct nr_buf *merged, const struct ref *base, const struct part *path)
{
	if (base->authority.defined && base->path.n == 0) {
		nr_buf_addc(merged, '/');
	} else {
		size_t dir = base->path.n;

		while (dir > 0 && base->path.s[dir - 1] != '/') {
			dir--;
		}
		nr_buf_add(merged, base->path.s, dir);
	}
	nr_buf_add(merged, path->s, path->n);
}

static void
add_part(struct nr_buf *b, const char *before, const struct part *p)
{
	if (p->defined) {
		nr_buf_adds(b, before);
		nr_buf_add(b, p->s, p->n);
	}
}

char *
nr_url_resolve(const char *base, const char *ref)
{
	struct nr_buf out = NR_BUF_INIT, merged = NR_BUF_INIT;
	struct ref b, r;
	const struct part *authority, *query;

	if (ref == NULL) {
		return NULL;
	}
	if (base == NULL || !nr_url_has_scheme(base) || nr_url_has_scheme(ref)) {
		return xstrdup(ref);
	}
	split(base, &b);
	split(ref, &r);

	/* Section 5.2.2, for a reference without a scheme; section 5.3
	 * puts the parts back together as they are found. */
	add_part(&out, "", &b.scheme);
	nr_buf_addc(&out, ':');
	authority = r.authority.defined ? &r.authority : &b.authority;
	add_part(&out, "//", authority);
	query = &r.query;
	if (r.authority.defined || (r.path.n > 0 && r.path.s[0] == '/')) {
		remove_dot_segments(&out, r.path.s, r.path.n);
	} else if (r.path.n == 0) {
		nr_buf_add(&out, b.path.s, b.path.n);
		if (!r.query.defined) {
			query = &b.query;
		}
	} else {
		merge(&merged, &b, &r.path);
		remove_dot_segments(&out, merged.data, merged.len);
		nr_buf_free(&merged);
	}
	add_part(&out, "?", query);
	add_part(&out, "#", &r.fragment);
	return nr_buf_steal(&out);
}

char *
nr_url_from_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct nr_buf b = NR_BUF_INIT;
	char *abs = realpath(path, NULL);
	const unsigned char *p;

	nr_buf_adds(&b, "file://");
	for (p = (const unsigned char *)(abs != NULL ? abs : path); *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7F || strchr("%#?\"<>\\^`{|}", *p) != NULL) {
			nr_buf_addc(&b, '%');
			nr_buf_addc(&b, hex[*p >> 4]);
			nr_buf_addc(&b, hex[*p & 15]);
		} else {
			nr_buf_addc(&b, (char)*p);
		}
	}
	free(abs);
	return nr_buf_steal(&b);
}
