#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/render_file.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/source.h"
#include "render/render.h"
#include "util/utf8.h"

/*
 * --render FILE: read, sniff, and hand the text to the renderer.
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
nr_render_file_print(const char *path, int width, int color, FILE *fp, struct nr_err *err)
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
	kind = nr_source_sniff(data, n < NR_SOURCE_SNIFF_BYTES ? n : NR_SOURCE_SNIFF_BYTES, path);
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
