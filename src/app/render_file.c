/*
 * --render FILE: the file as the reader pane shows it. An HTML page or a
 * plain-text article is read by the same parsers as a file opened in the
 * reader (reader mode: the article out of the page; a text article's
 * title, repeats and navigation taken out) and rendered by the reader's
 * own function, header and link list included; a feed file's articles
 * likewise, one after another, newest first. With --no-extract the file's
 * text goes to the renderer whole.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/render_file.h"
#include "app/view.h"
#include "core/buf.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/htmlfile.h"
#include "parse/source.h"
#include "parse/text.h"
#include "render/render.h"
#include "util/file.h"
#include "util/path.h"
#include "util/url.h"
#include "util/utf8.h"

static void
add_note(struct nr_render_notes *notes, const struct nr_err *e)
{
	if (notes != NULL && e->code != NR_ERR_NONE && notes->n < sizeof notes->v / sizeof notes->v[0]) {
		notes->v[notes->n++] = *e;
	}
}

/* The source's name as the reader gives a file's: its folder's name. */
static char *
folder_name(const char *path)
{
	char *real = realpath(path, NULL), *dir, *base, *name;

	dir = nr_path_dirname(real != NULL ? real : path);
	base = nr_path_basename(dir);
	name = nr_utf8_sanitize(base, strlen(base), NR_SAN_COLLAPSE);
	free(base);
	free(dir);
	free(real);
	return name;
}

/* The article of an HTML or text file, as the reader shows it. */
static int
render_article(const char *path, const char *data, size_t n, enum nr_kind kind, int width,
    struct nr_wrap *w, struct nr_links *links, struct nr_render_notes *notes, struct nr_err *err)
{
	struct nr_htmlfile_info info;
	struct nr_view_article a;
	struct nr_buf enc = NR_BUF_INIT;
	struct nr_item item;
	struct nr_err note;
	struct stat sb;
	char *source;
	int64_t mtime = stat(path, &sb) == 0 ? (int64_t)sb.st_mtime : 0;
	size_t i;
	int rc;

	nr_item_init(&item);
	memset(&info, 0, sizeof info);
	if (kind == NR_KIND_HTML) {
		rc = nr_htmlfile_parse_ex(data, n, mtime, 0, &item, &info, err);
		if (rc == 0) {
			add_note(notes, &info.warning);
			if (info.whole) {
				nr_err_set(&note, NR_ERR_FORMAT, "%s",
				    _("no article stands out in the page: all of it is shown"));
				add_note(notes, &note);
			}
		}
		nr_htmlfile_info_free(&info);
	} else {
		rc = nr_text_parse(data, n, mtime, &item, err);
	}
	if (rc < 0) {
		nr_item_clear(&item);
		return -1;
	}
	if (item.link == NULL) {
		item.link = nr_url_from_path(path);
	}
	for (i = 0; i < item.nenclosures; i++) {
		nr_buf_adds(&enc, item.enclosures[i].url);
		nr_buf_addc(&enc, '\n');
	}
	memset(&a, 0, sizeof a);
	a.title = item.title != NULL ? item.title : "";
	a.author = item.author;
	a.link = item.link;
	a.published = item.published;
	a.enclosures = enc.len > 0 ? nr_buf_str(&enc) : NULL;
	source = folder_name(path);
	nr_reader_render_article(source, &a, item.content, (int)item.content_type, width, w, links);
	free(source);
	nr_buf_free(&enc);
	nr_item_clear(&item);
	return 0;
}

/* The articles of a feed file, as the reader shows each of them. */
struct feed_render {
	struct nr_item *items;
	size_t n, cap;
	char *title;
	struct nr_render_notes *notes;
};

static int
feed_item(void *ud, struct nr_feed *feed, struct nr_item *item)
{
	struct feed_render *fr = ud;

	(void)feed;
	if (fr->n == fr->cap) {
		fr->cap = fr->cap ? fr->cap * 2 : 16;
		fr->items = xreallocarray(fr->items, fr->cap, sizeof *fr->items);
	}
	/* The item is taken whole; the parser's is left empty. */
	fr->items[fr->n++] = *item;
	nr_item_init(item);
	return 0;
}

static void
feed_done(void *ud, struct nr_feed *feed)
{
	struct feed_render *fr = ud;

	if (fr->title == NULL && feed->title != NULL) {
		fr->title = xstrdup(feed->title);
	}
}

static void
feed_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct feed_render *fr = ud;

	(void)location;
	(void)warning;
	add_note(fr->notes, err);
}

/* Newest first, as the reader lists them. */
static int
newest_first(const void *a, const void *b)
{
	const struct nr_item *x = a, *y = b;

	return x->published < y->published ? 1 : x->published > y->published ? -1 : 0;
}

static int
render_feed(const char *path, int width, FILE *fp, int color, struct nr_render_notes *notes, struct nr_err *err)
{
	struct nr_parse_opts opts = { 1 };
	struct feed_render fr;
	struct nr_sink sink;
	size_t i, k;
	long loaded;

	memset(&fr, 0, sizeof fr);
	fr.notes = notes;
	memset(&sink, 0, sizeof sink);
	sink.ud = &fr;
	sink.item = feed_item;
	sink.feed_done = feed_done;
	sink.problem = feed_problem;
	loaded = nr_source_load(path, &opts, &sink, err);
	if (loaded <= 0 && fr.n == 0) {
		if (loaded == 0 && notes != NULL && notes->n > 0) {
			*err = notes->v[0];
			notes->n = 0;
		}
		free(fr.title);
		free(fr.items);
		return -1;
	}
	qsort(fr.items, fr.n, sizeof *fr.items, newest_first);
	for (i = 0; i < fr.n; i++) {
		struct nr_wrap w = NR_WRAP_INIT;
		struct nr_links links = NR_LINKS_INIT;
		struct nr_buf enc = NR_BUF_INIT;
		struct nr_view_article a;
		const struct nr_item *it = &fr.items[i];
		const char *body = it->content != NULL && it->content[0] != '\0' ? it->content : it->summary;
		int type = it->content != NULL && it->content[0] != '\0' ? (int)it->content_type : (int)it->summary_type;

		for (k = 0; k < it->nenclosures; k++) {
			nr_buf_adds(&enc, it->enclosures[k].url);
			nr_buf_addc(&enc, '\n');
		}
		memset(&a, 0, sizeof a);
		a.title = it->title != NULL ? it->title : "";
		a.author = it->author;
		a.link = it->link;
		a.published = it->published;
		a.enclosures = enc.len > 0 ? nr_buf_str(&enc) : NULL;
		if (i > 0) {
			/* One article after another, apart as pages are. */
			nr_wrap_add(&w, "", 0);
			nr_wrap_add(&w, "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80", 0);
			nr_wrap_add(&w, "", 0);
		}
		nr_reader_render_article(fr.title, &a, body, type, width, &w, &links);
		nr_render_write(fp, &w, color);
		nr_wrap_free(&w);
		nr_links_free(&links);
		nr_buf_free(&enc);
	}
	for (i = 0; i < fr.n; i++) {
		nr_item_clear(&fr.items[i]);
	}
	free(fr.items);
	free(fr.title);
	return 0;
}

int
nr_render_file_print(const char *path, int width, int color, int whole, FILE *fp, struct nr_render_notes *notes,
    struct nr_err *err)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	struct nr_render_opts opts;
	enum nr_kind kind;
	size_t n = 0, skip = 0;
	char *data;

	if (notes != NULL) {
		notes->n = 0;
	}
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
	width = width < 1 ? 1 : width;
	if (!whole && (kind == NR_KIND_RSS || kind == NR_KIND_RDF || kind == NR_KIND_ATOM || kind == NR_KIND_JSON)) {
		free(data);
		return render_feed(path, width, fp, color, notes, err);
	}
	if (!whole && (kind == NR_KIND_HTML || kind == NR_KIND_TEXT) && n > 0) {
		if (render_article(path, data, n, kind, width, &w, &links, notes, err) == 0) {
			free(data);
			nr_render_write(fp, &w, color);
			nr_wrap_free(&w);
			nr_links_free(&links);
			return 0;
		}
		nr_wrap_free(&w);
		nr_links_free(&links);
		if (kind != NR_KIND_HTML) {
			char *shown = nr_utf8_sanitize(path, strlen(path), 0);
			struct nr_err e = *err;

			nr_err_set(err, e.code, "%s: %s", shown, e.msg);
			free(shown);
			free(data);
			return -1;
		} else {
			/* The page's tree held no text (nested past what the
			 * tree parser follows): the whole page, streamed, as
			 * --no-extract shows it, and a note. */
			struct nr_err note;

			nr_err_set(&note, NR_ERR_FORMAT, "%s",
			    _("reader mode found no article in the page: all of it is shown"));
			add_note(notes, &note);
		}
	}
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		skip = 3;
	}
	memset(&opts, 0, sizeof opts);
	opts.width = width;
	if (kind == NR_KIND_HTML) {
		char *cut = NULL;

		/* What the markup filter cut of the page is said, as reader
		 * mode's reading of it says it. */
		opts.cut = &cut;
		nr_render_html(&w, &links, data + skip, n - skip, &opts);
		if (cut != NULL) {
			struct nr_err note;

			nr_err_set(&note, NR_ERR_FORMAT, "%s", cut);
			add_note(notes, &note);
			free(cut);
		}
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
