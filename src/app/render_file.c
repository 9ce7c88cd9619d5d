#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/render_file.h"
#include "nls.h"
#include "parse/source.h"
#include "render/render.h"
#include "util/file.h"
#include "util/utf8.h"

/*
 * --render FILE: read, sniff, and hand the text to the renderer.
 */

int
nr_render_file_print(const char *path, int width, int color, FILE *fp, struct nr_err *err)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	struct nr_render_opts opts;
	enum nr_kind kind;
	size_t n = 0, skip = 0;
	char *data;

	/* No limit of its own: the user named this file (a FIFO or a
	 * device is refused all the same). */
	data = nr_file_read(path, SIZE_MAX, &n, err);
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
