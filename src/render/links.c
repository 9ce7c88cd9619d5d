#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "render/flow_int.h"
#include "render/render.h"
#include "util/url.h"
#include "util/utf8.h"

/*
 * An article's links: numbered in the order the text shows them (the same
 * URL keeps its first number), cleaned before they are kept (white space
 * and controls out, resolved against the article's base, script and data
 * refused), and listed after the body.
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
	links->v[links->n].note = NULL;
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
nr_links_set_note(struct nr_links *links, size_t number, const char *note)
{
	if (number == 0 || number > links->n) {
		return;
	}
	free(links->v[number - 1].note);
	links->v[number - 1].note = note != NULL ? xstrdup(note) : NULL;
}

void
nr_links_free(struct nr_links *links)
{
	size_t i;

	for (i = 0; i < links->n; i++) {
		free(links->v[i].url);
		free(links->v[i].note);
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
		char *joined = nr_url_resolve(base, res);

		/* The base is the caller's, but it came from a feed too. */
		free(res);
		res = url_word(joined);
		free(joined);
	}
	return res;
}

/*
 * The link list.
 */

const char *
nr_render_link_kind(enum nr_link_kind kind)
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
		const char *note = nr_render_link_kind(links->v[i].kind);

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
			if (links->v[i].note != NULL) {
				nr_run_adds(&text, ", ", 0);
				nr_run_adds(&text, links->v[i].note, 0);
			}
			nr_run_adds(&text, ")", 0);
		}
		nr_flow(out, opts->tag, opts->width, &text, 0, text.len, &first, &rest, 0);
	}
	nr_run_free(&text);
	nr_run_free(&first);
	nr_run_free(&rest);
}
