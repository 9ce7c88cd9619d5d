/* Fuzz target: an article body through the one renderer, as HTML and as
 * plain text, at a width taken from the first byte (1..200, so that narrow
 * widths, where wrapping is hardest, are reached), then the list of the
 * links both found; the same body as --dump --body's text (unbounded width,
 * no link numbers) and as a title's one line (markup/html.h). The whole
 * input is the body: a seed file keeps its meaning. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "markup/html.h"
#include "markup/libxml.h"
#include "render/render.h"
#include "render/wrap.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialized;
	const char *bytes = (const char *)data;
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	struct nr_render_opts opts = { 80, "https://example.org/dir/page.html", 0, NULL };
	char *s, *text;

	if (!initialized) {
		nr_libxml_init();
		initialized = 1;
	}
	if (size > 0) {
		opts.width = 1 + data[0] % 200;
	}
	nr_render_html(&w, &links, bytes, size, &opts);
	nr_render_text(&w, &links, bytes, size, &opts);
	nr_render_link_list(&w, &links, &opts);
	nr_wrap_free(&w);
	nr_links_free(&links);

	s = xstrndup(bytes, size);
	text = nr_render_plain(s, NR_BODY_HTML);
	free(text);
	text = nr_render_plain(s, NR_BODY_TEXT);
	free(text);
	text = nr_html_text(bytes, size);
	free(text);
	free(s);
	return 0;
}
