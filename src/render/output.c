#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "render/render.h"

/*
 * Rendered lines out of the renderer: to a stream, with the spans as SGR
 * sequences or without them (--render), and a body as plain text in one
 * string (--dump --body).
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

/* The length of line[0..n) without the blanks at its end: spaces, tabs
 * and no-break spaces (a paragraph of &nbsp; shows as a blank line). */
static size_t
trim_end(const char *line, size_t n)
{
	for (;;) {
		if (n >= 1 && (line[n - 1] == ' ' || line[n - 1] == '\t')) {
			n--;
		} else if (n >= 2 && (unsigned char)line[n - 2] == 0xc2 && (unsigned char)line[n - 1] == 0xa0) {
			n -= 2;
		} else {
			return n;
		}
	}
}

char *
nr_render_plain(const char *body, enum nr_body_type type)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_render_opts opts;
	struct nr_buf b = NR_BUF_INIT;
	size_t i, n;
	int blank = 0;

	memset(&opts, 0, sizeof opts);
	opts.width = NR_RENDER_UNBOUNDED;
	if (body == NULL) {
		body = "";
	}
	if (type == NR_BODY_HTML) {
		nr_render_html(&w, NULL, body, strlen(body), &opts);
	} else {
		nr_render_text(&w, NULL, body, strlen(body), &opts);
	}
	/* The lines as the reader shows them, with no blank line at either
	 * end and never two in a row. */
	for (i = 0; i < w.n; i++) {
		n = trim_end(w.lines[i].text, strlen(w.lines[i].text));
		if (n == 0) {
			blank = b.len > 0;
			continue;
		}
		if (b.len > 0) {
			nr_buf_adds(&b, blank ? "\n\n" : "\n");
		}
		nr_buf_add(&b, w.lines[i].text, n);
		blank = 0;
	}
	nr_wrap_free(&w);
	return nr_buf_steal(&b);
}
