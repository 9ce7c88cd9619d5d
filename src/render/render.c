#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/uri.h>

#include "core/buf.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/libxml.h"
#include "parse/source.h"
#include "render/layout.h"
#include "render/render.h"
#include "util/url.h"
#include "util/utf8.h"

/*
 * Links.
 */

static size_t
url_hash(const char *s)
{
	size_t h = 1469598103934665603ULL & (size_t)-1;

	/* FNV-1a. */
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= (size_t)1099511628211ULL;
	}
	return h;
}

static void
index_put(struct nr_links *links, size_t pos)
{
	size_t mask = links->index_cap - 1, h = url_hash(links->v[pos].url) & mask;

	while (links->index[h] != 0) {
		h = (h + 1) & mask;
	}
	links->index[h] = pos + 1;
}

size_t
nr_links_add(struct nr_links *links, const char *url, enum nr_link_kind kind)
{
	size_t h, i;

	/* An article may hold thousands of links: found by hash, not by a
	 * scan of all of them. */
	if (links->index_cap > 0) {
		h = url_hash(url) & (links->index_cap - 1);
		while (links->index[h] != 0) {
			if (strcmp(links->v[links->index[h] - 1].url, url) == 0) {
				return links->index[h];
			}
			h = (h + 1) & (links->index_cap - 1);
		}
	}
	if (links->n == links->cap) {
		links->cap = links->cap ? links->cap * 2 : 16;
		links->v = xreallocarray(links->v, links->cap, sizeof *links->v);
	}
	links->v[links->n].url = xstrdup(url);
	links->v[links->n].kind = kind;
	links->n++;
	if (links->n * 2 > links->index_cap) {
		links->index_cap = links->index_cap ? links->index_cap * 2 : 64;
		free(links->index);
		links->index = xcalloc(links->index_cap, sizeof *links->index);
		for (i = 0; i < links->n; i++) {
			index_put(links, i);
		}
	} else {
		index_put(links, links->n - 1);
	}
	return links->n;
}

void
nr_links_free(struct nr_links *links)
{
	size_t i;

	for (i = 0; i < links->n; i++) {
		free(links->v[i].url);
	}
	free(links->v);
	free(links->index);
	links->v = NULL;
	links->n = 0;
	links->cap = 0;
	links->index = NULL;
	links->index_cap = 0;
}

static int
scheme_is(const char *s, const char *scheme)
{
	size_t n = strlen(scheme);

	return strncasecmp(s, scheme, n) == 0 && s[n] == ':';
}

/* A new string: s sanitised (controls, escape sequences, bidi overrides
 * removed; line breaks and tabs made spaces), trimmed, and its inner
 * spaces escaped, so that a URL is always one word. */
static char *
url_word(const char *s)
{
	struct nr_buf b = NR_BUF_INIT;
	char *clean = nr_utf8_sanitize(s, strlen(s), 0);
	size_t start = 0, end = strlen(clean), i;

	while (start < end && clean[start] == ' ') {
		start++;
	}
	while (end > start && clean[end - 1] == ' ') {
		end--;
	}
	for (i = start; i < end; i++) {
		if (clean[i] == ' ') {
			nr_buf_adds(&b, "%20");
		} else {
			nr_buf_addc(&b, clean[i]);
		}
	}
	free(clean);
	return nr_buf_steal(&b);
}

/* ref resolved against base where libxml2 refuses to (characters RFC 3986
 * does not allow, such as ` or a space, which browsers take as they
 * are): a network-path, absolute-path or relative-path reference joined
 * to the base's scheme, authority or directory, without removing dot
 * segments. NULL if the base has no scheme and authority. */
static char *
join_url(const char *ref, const char *base)
{
	const char *colon = strchr(base, ':'), *auth, *path, *end;

	if (colon == NULL || !nr_url_has_scheme(base) || strncmp(colon, "://", 3) != 0) {
		return NULL;
	}
	auth = colon + 3;
	path = auth + strcspn(auth, "/?#");
	if (ref[0] == '/' && ref[1] == '/') {
		return xasprintf("%.*s%s", (int)(colon + 1 - base), base, ref);
	}
	if (ref[0] == '/') {
		return xasprintf("%.*s%s", (int)(path - base), base, ref);
	}
	if (ref[0] == '?') {
		return xasprintf("%.*s%s", (int)(path + strcspn(path, "?#") - base), base, ref);
	}
	/* The base's directory: up to its path's last slash. */
	end = path + strcspn(path, "?#");
	while (end > path && end[-1] != '/') {
		end--;
	}
	if (end == path) {
		return xasprintf("%.*s/%s", (int)(path - base), base, ref);
	}
	return xasprintf("%.*s%s", (int)(end - base), base, ref);
}

char *
nr_render_clean_url(const char *href, const char *base)
{
	char *res;

	if (href == NULL) {
		return NULL;
	}
	res = url_word(href);
	/* Script and inline data are not places to go; a bare fragment is a
	 * place in this very text. */
	if (res[0] == '\0' || res[0] == '#' || scheme_is(res, "javascript") || scheme_is(res, "data")
	    || scheme_is(res, "vbscript")) {
		free(res);
		return NULL;
	}
	if (base != NULL && base[0] != '\0' && !nr_url_has_scheme(res)) {
		xmlChar *abs = xmlBuildURI((const xmlChar *)res, (const xmlChar *)base);
		char *joined;

		if (abs != NULL) {
			joined = xstrdup((const char *)abs);
			xmlFree(abs);
		} else {
			joined = join_url(res, base);
		}
		if (joined != NULL) {
			/* The base is the caller's, but it came from a feed too. */
			free(res);
			res = url_word(joined);
			free(joined);
		}
	}
	return res;
}

/*
 * Runs: text with one attribute word per byte.
 */

static void
run_grow(struct nr_run *r, size_t extra)
{
	size_t need = r->len + extra + 1;

	if (need <= r->cap) {
		return;
	}
	if (r->cap == 0) {
		r->cap = 256;
	}
	while (r->cap < need) {
		r->cap *= 2;
	}
	r->s = xrealloc(r->s, r->cap);
	r->a = xreallocarray(r->a, r->cap, sizeof *r->a);
}

void
nr_run_add(struct nr_run *r, const char *s, size_t n, unsigned attrs)
{
	size_t i;

	if (n == 0) {
		return;
	}
	run_grow(r, n);
	memcpy(r->s + r->len, s, n);
	if (attrs == 0) {
		memset(r->a + r->len, 0, n * sizeof *r->a);
	} else {
		for (i = 0; i < n; i++) {
			r->a[r->len + i] = (unsigned short)attrs;
		}
	}
	r->len += n;
	r->s[r->len] = '\0';
}

void
nr_run_adds(struct nr_run *r, const char *s, unsigned attrs)
{
	nr_run_add(r, s, strlen(s), attrs);
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

void
nr_run_add_word(struct nr_run *r, const char *s, size_t n, unsigned attrs)
{
	if (r->space && r->len > 0 && r->s[r->len - 1] != '\n' && r->s[r->len - 1] != ' ') {
		/* The space is styled as much as both of its neighbours are:
		 * underlined inside a link, plain after it. */
		nr_run_add(r, " ", 1, r->a[r->len - 1] & attrs);
	}
	r->space = 0;
	nr_run_add(r, s, n, attrs);
}

void
nr_run_add_collapsed(struct nr_run *r, const char *s, size_t n, unsigned attrs)
{
	size_t i = 0, j;

	while (i < n) {
		if (is_ws(s[i])) {
			if (r->len > 0 && r->s[r->len - 1] != '\n') {
				r->space = 1;
			}
			i++;
			continue;
		}
		for (j = i + 1; j < n && !is_ws(s[j]); j++) {
			continue;
		}
		nr_run_add_word(r, s + i, j - i, attrs);
		i = j;
	}
}

void
nr_run_add_linknum(struct nr_run *r, size_t n)
{
	char num[32];

	if (r->len > 0 && r->s[r->len - 1] != '\n') {
		nr_run_add(r, "\002", 1, 0);
	}
	snprintf(num, sizeof num, "[%zu]", n);
	nr_run_add(r, num, strlen(num), NR_TA_LINKNUM);
}

void
nr_run_trim(struct nr_run *r)
{
	while (r->len > 0 && (r->s[r->len - 1] == ' ' || r->s[r->len - 1] == '\n'
	    || r->s[r->len - 1] == NR_RUN_BREAK)) {
		r->len--;
	}
	if (r->s != NULL) {
		r->s[r->len] = '\0';
	}
	r->space = 0;
}

void
nr_run_reset(struct nr_run *r)
{
	r->len = 0;
	r->space = 0;
	if (r->s != NULL) {
		r->s[0] = '\0';
	}
}

void
nr_run_free(struct nr_run *r)
{
	free(r->s);
	free(r->a);
	memset(r, 0, sizeof *r);
}

/* The cluster at s[0..n) and its columns, with a fast path for ASCII not
 * followed by a combining mark. */
static size_t
clus(const char *s, size_t n, int *cw)
{
	unsigned char c = (unsigned char)s[0];

	if (c >= 0x20 && c < 0x7f && (n == 1 || (unsigned char)s[1] < 0x80)) {
		*cw = 1;
		return 1;
	}
	if (c == (unsigned char)NR_RUN_BREAK) {
		*cw = 0;
		return 1;
	}
	if (c == (unsigned char)NR_RUN_NBSP) {
		*cw = 1;
		return 1;
	}
	return nr_utf8_cluster(s, n, cw);
}

int
nr_run_cols(const char *s, size_t n)
{
	size_t i = 0;
	int w = 0, cw;

	while (i < n) {
		i += clus(s + i, n - i, &cw);
		w += cw;
	}
	return w;
}

/*
 * Lines.
 */

struct flow {
	struct nr_wrap *out;
	int tag;
	int width;
	int maxp;               /* the columns a prefix may take */
	int pw_first, pw_rest;  /* the columns the prefixes do take */
	const struct nr_run *first, *rest;
	size_t lines;
};

static void flow_line(struct flow *f, const struct nr_run *r, size_t a, size_t b);

void
nr_flow_emit(struct nr_wrap *out, int tag, const struct nr_run *r)
{
	struct flow f;

	memset(&f, 0, sizeof f);
	f.out = out;
	f.tag = tag;
	flow_line(&f, r, 0, r->len);
}


/* Emit r->s[a..b) as a line with the prefix its place calls for: the
 * text and its spans built at once, trailing spaces and break marks left
 * out. */
static void
flow_line(struct flow *f, const struct nr_run *r, size_t a, size_t b)
{
	const struct nr_run *p = f->lines == 0 ? f->first : f->rest;
	struct nr_span *spans = NULL;
	size_t nspans = 0, cap = 0, plen = 0, len = 0, i;
	int w = 0, cw;
	char *text;

	/* The prefix, cut to the columns it may take. */
	while (p != NULL && plen < p->len) {
		size_t l = clus(p->s + plen, p->len - plen, &cw);

		if (w + cw > f->maxp) {
			break;
		}
		w += cw;
		plen += l;
	}
	while (b > a && (r->s[b - 1] == ' ' || r->s[b - 1] == NR_RUN_BREAK)) {
		b--;
	}
	text = xmalloc(plen + (b - a) + 1);
	for (i = 0; i < plen + (b - a); i++) {
		char c = i < plen ? p->s[i] : r->s[a + i - plen];
		unsigned at = i < plen ? p->a[i] : r->a[a + i - plen];

		if (c == NR_RUN_BREAK) {
			continue;
		}
		if (c == NR_RUN_NBSP) {
			c = ' ';
		}
		if (at != 0 && nspans > 0 && spans[nspans - 1].attrs == at
		    && spans[nspans - 1].off + spans[nspans - 1].len == len) {
			spans[nspans - 1].len++;
		} else if (at != 0) {
			if (nspans == cap) {
				cap = cap ? cap * 2 : 4;
				spans = xreallocarray(spans, cap, sizeof *spans);
			}
			spans[nspans].off = len;
			spans[nspans].len = 1;
			spans[nspans].attrs = at;
			nspans++;
		}
		text[len++] = c;
	}
	/* A prefix alone (a blank line in a quote) ends with its bar. */
	while (len > 0 && text[len - 1] == ' ') {
		len--;
		if (nspans > 0 && spans[nspans - 1].off + spans[nspans - 1].len > len) {
			if (--spans[nspans - 1].len == 0) {
				nspans--;
			}
		}
	}
	text[len] = '\0';
	if (nspans == 0) {
		free(spans);
		spans = NULL;
	}
	nr_wrap_add_owned(f->out, text, f->tag, spans, nspans);
	f->lines++;
}

static int
prefix_cols(const struct nr_run *p)
{
	return p != NULL ? nr_run_cols(p->s, p->len) : 0;
}

/*
 * Greedy wrapping of the hard line s[a..b), as in wrap.c but over styled
 * bytes: `brk` is the last break opportunity on the screen line (a space,
 * which the break swallows, or a break mark); when a cluster does not fit,
 * the line ends there, or before that cluster if the line has no break
 * opportunity (a long word is cut, never lost). A cluster wider than the
 * room gets a line to itself.
 */
static void
flow_hard_line(struct flow *f, const struct nr_run *r, size_t a, size_t b, int pre)
{
	const char *s = r->s;
	size_t start = a, i = a, brk_end = 0, brk_next = 0, end;
	int col = 0, col_at_brk = 0, have_brk = 0, cw, avail;

	if (a == b) {
		flow_line(f, r, a, a);
		return;
	}
	while (i < b) {
		size_t len;

		/* The room depends on which prefix the line gets. */
		avail = f->width - (f->lines == 0 ? f->pw_first : f->pw_rest);
		if (avail < 1) {
			avail = 1;
		}
		if (!pre && s[i] == NR_RUN_BREAK) {
			brk_end = i;
			brk_next = i + 1;
			col_at_brk = col;
			have_brk = 1;
			i++;
			continue;
		}
		len = clus(s + i, b - i, &cw);
		if (!pre && s[i] == ' ') {
			brk_end = i;
			brk_next = i;
			col_at_brk = col;
			have_brk = 1;
		}
		if (col + cw > avail && i > start && (pre || s[i] != ' ')) {
			size_t next;

			if (!pre && have_brk && col_at_brk > 0) {
				end = brk_end;
				next = brk_next;
			} else {
				end = i;
				next = i;
			}
			if (!pre) {
				/* Spaces at the end of a line and at the start
				 * of the next are the break itself. */
				while (end > start && s[end - 1] == ' ') {
					end--;
				}
				while (next < b && s[next] == ' ') {
					next++;
				}
			}
			flow_line(f, r, start, end);
			start = next;
			i = next;
			col = 0;
			have_brk = 0;
			continue;
		}
		col += cw;
		i += len;
	}
	end = b;
	if (!pre) {
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == NR_RUN_BREAK)) {
			end--;
		}
	}
	if (end > start || start == a) {
		flow_line(f, r, start, end);
	}
}

int
nr_render_max_prefix(int width)
{
	int keep = (width + 1) / 2;

	if (keep < 2) {
		keep = 2;
	}
	return width > keep ? width - keep : 0;
}

size_t
nr_flow(struct nr_wrap *out, int tag, int width, const struct nr_run *r, size_t from, size_t to,
    const struct nr_run *first, const struct nr_run *rest, int flags)
{
	struct flow f;
	size_t a = from, b;
	int pre = (flags & NR_FLOW_PRE) != 0;

	memset(&f, 0, sizeof f);
	f.out = out;
	f.tag = tag;
	f.width = width < 1 ? 1 : width;
	/* However deep the nesting, half the width stays for the text, and
	 * at least two columns, so that a wide character fits. */
	f.maxp = nr_render_max_prefix(f.width);
	f.first = first;
	f.rest = rest;
	f.pw_first = prefix_cols(first);
	f.pw_rest = prefix_cols(rest);
	if (f.pw_first > f.maxp) {
		f.pw_first = f.maxp;
	}
	if (f.pw_rest > f.maxp) {
		f.pw_rest = f.maxp;
	}
	while (a <= to) {
		const char *nl = a < to ? memchr(r->s + a, '\n', to - a) : NULL;

		b = nl != NULL ? (size_t)(nl - r->s) : to;
		flow_hard_line(&f, r, a, b, pre);
		if (nl == NULL) {
			break;
		}
		a = b + 1;
	}
	return f.lines;
}

/*
 * The link list.
 */

static const char *
kind_note(enum nr_link_kind kind)
{
	switch (kind) {
	case NR_LINK_IMAGE:
		return _("image");
	case NR_LINK_MEDIA:
		return _("media");
	case NR_LINK_ENCLOSURE:
		return _("enclosure");
	default:
		return NULL;
	}
}

void
nr_render_link_list(struct nr_wrap *out, const struct nr_links *links, const struct nr_render_opts *opts)
{
	struct nr_run text = NR_RUN_INIT, first = NR_RUN_INIT, rest = NR_RUN_INIT;
	char num[32];
	size_t i;
	int w, numw;

	if (links == NULL || links->n == 0) {
		return;
	}
	nr_wrap_add(out, "", opts->tag);
	nr_run_adds(&text, _("Links:"), NR_TA_HEADING | NR_TA_BOLD);
	nr_flow(out, opts->tag, opts->width, &text, 0, text.len, NULL, NULL, 0);
	/* Numbers right-aligned, URLs in one column under each other. */
	numw = snprintf(num, sizeof num, "[%zu] ", links->n);
	for (i = 0; i < links->n; i++) {
		const char *note = kind_note(links->v[i].kind);

		nr_run_reset(&text);
		nr_run_reset(&first);
		nr_run_reset(&rest);
		w = snprintf(num, sizeof num, "[%zu]", i + 1);
		for (; w < numw - 1; w++) {
			nr_run_adds(&first, " ", 0);
		}
		nr_run_adds(&first, num, NR_TA_LINKNUM);
		nr_run_adds(&first, " ", 0);
		for (w = 0; w < numw; w++) {
			nr_run_adds(&rest, " ", 0);
		}
		nr_run_adds(&text, links->v[i].url, NR_TA_LINK);
		if (note != NULL) {
			nr_run_adds(&text, " (", 0);
			nr_run_adds(&text, note, 0);
			nr_run_adds(&text, ")", 0);
		}
		nr_flow(out, opts->tag, opts->width, &text, 0, text.len, &first, &rest, 0);
	}
	nr_run_free(&text);
	nr_run_free(&first);
	nr_run_free(&rest);
}

/*
 * Output.
 */

/* SGR parameters for a span's attributes. */
static void
sgr(FILE *fp, unsigned a)
{
	static const struct {
		unsigned attr;
		const char *code;
	} codes[] = {
		{ NR_TA_BOLD | NR_TA_HEADING, "1" },
		{ NR_TA_DECOR, "2" },
		{ NR_TA_ITALIC, "3" },
		{ NR_TA_UNDERLINE | NR_TA_LINK, "4" },
		{ NR_TA_STRIKE, "9" },
		{ NR_TA_CODE, "36" },
		{ NR_TA_LINK, "34" },
		{ NR_TA_LINKNUM, "2;35" },
	};
	size_t i;
	const char *sep = "";

	fputs("\033[", fp);
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		if ((a & codes[i].attr) != 0) {
			fprintf(fp, "%s%s", sep, codes[i].code);
			sep = ";";
		}
	}
	fputc('m', fp);
}

void
nr_render_write(FILE *fp, const struct nr_wrap *w, int color)
{
	size_t i, k, at;

	for (i = 0; i < w->n; i++) {
		const struct nr_wrap_line *l = &w->lines[i];

		if (!color || l->nspans == 0) {
			fputs(l->text, fp);
			fputc('\n', fp);
			continue;
		}
		at = 0;
		for (k = 0; k < l->nspans; k++) {
			const struct nr_span *sp = &l->spans[k];

			fwrite(l->text + at, 1, sp->off - at, fp);
			sgr(fp, sp->attrs);
			fwrite(l->text + sp->off, 1, sp->len, fp);
			fputs("\033[0m", fp);
			at = sp->off + sp->len;
		}
		fputs(l->text + at, fp);
		fputc('\n', fp);
	}
}

/*
 * newsreader --render.
 */

/* The whole file at path, or NULL with err. */
static char *
read_file(const char *path, size_t *n, struct nr_err *err)
{
	struct nr_buf b = NR_BUF_INIT;
	char chunk[65536], *shown;
	struct stat st;
	FILE *fp;
	size_t got;

	fp = fopen(path, "rb");
	shown = nr_utf8_sanitize(path, strlen(path), 0);
	if (fp == NULL) {
		nr_err_set(err, NR_ERR_IO, _("%s: cannot open: %s"), shown, strerror(errno));
		free(shown);
		return NULL;
	}
	if (fstat(fileno(fp), &st) != 0 || S_ISDIR(st.st_mode)) {
		nr_err_set(err, NR_ERR_IO, _("%s: not a regular file"), shown);
		free(shown);
		fclose(fp);
		return NULL;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		b.data = xmalloc((size_t)st.st_size + 1);
		b.cap = (size_t)st.st_size + 1;
	}
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		nr_buf_add(&b, chunk, got);
	}
	if (ferror(fp)) {
		nr_err_set(err, NR_ERR_IO, _("%s: read error: %s"), shown, strerror(errno));
		free(shown);
		fclose(fp);
		nr_buf_free(&b);
		return NULL;
	}
	fclose(fp);
	free(shown);
	*n = b.len;
	if (b.data == NULL) {
		return xstrdup("");
	}
	return nr_buf_steal(&b);
}

int
nr_render_file(const char *path, int width, int color, FILE *fp, struct nr_err *err)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	struct nr_render_opts opts;
	enum nr_kind kind;
	size_t n = 0, skip = 0;
	char *data;

	data = read_file(path, &n, err);
	if (data == NULL) {
		return -1;
	}
	kind = nr_source_sniff(data, n < 4096 ? n : 4096, path);
	if (kind == NR_KIND_UNKNOWN && n > 0) {
		char *shown = nr_utf8_sanitize(path, strlen(path), 0);

		nr_err_set(err, NR_ERR_BINARY, _("%s: not a text file"), shown);
		free(shown);
		free(data);
		return -1;
	}
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		skip = 3;
	}
	memset(&opts, 0, sizeof opts);
	opts.width = width < 1 ? 1 : width;
	if (kind == NR_KIND_HTML) {
		nr_render_html(&w, &links, data + skip, n - skip, &opts);
	} else {
		nr_render_text(&w, &links, data + skip, n - skip, &opts);
	}
	free(data);
	nr_render_link_list(&w, &links, &opts);
	nr_render_write(fp, &w, color);
	nr_wrap_free(&w);
	nr_links_free(&links);
	return 0;
}
