/*
 * Handing the article out of the interface: its link (or a numbered link
 * of the text) to the browser, the article as rendered (or its source) to
 * a pipe command, the rendered text to a file. Programs run without a
 * shell unless the user typed a command line (app/open.h); the terminal
 * is handed over while they run.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/open.h"
#include "app/view_int.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "util/file.h"
#include "util/path.h"
#include "util/utf8.h"

/* The terminal to the program run (give 1) and back (give 0); wait: the
 * user reads its output first. Nothing in tests (no terminal set). */
static void
give_terminal(struct nr_view *v, int give, int wait)
{
	if (v->terminal != NULL) {
		v->terminal(v->terminal_ud, give, wait);
	}
	v->dirty |= NR_DIRTY_ALL;
}

/* Open url with the browser: never through a shell (see app/open.h). */
void
send_open_url(struct nr_view *v, const char *url)
{
	struct nr_err err;
	char **argv;
	int background = v->cfg->browser_background, r;

	if (url == NULL || url[0] == '\0') {
		nr_view_message(v, 1, "%s", _("This article has no link."));
		return;
	}
	if (!nr_open_allowed(url)) {
		char *shown = nr_utf8_sanitize(url, strlen(url), 0);

		nr_view_message(v, 1, _("Not opened (only http, https, ftp, gopher and mailto links open): %s"), shown);
		free(shown);
		return;
	}
	argv = nr_open_argv(nr_open_browser(v->cfg->browser), url, &err);
	if (argv == NULL) {
		nr_view_message(v, 1, _("browser: %s"), err.msg);
		return;
	}
	if (!background) {
		give_terminal(v, 1, 0);
	}
	r = nr_open_run(argv, background, &err);
	if (!background) {
		give_terminal(v, 0, 0);
	}
	if (r < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	} else if (r != 0) {
		nr_view_message(v, 1, _("%s exited with status %d."), argv[0], r);
	} else {
		char *shown = nr_utf8_sanitize(url, strlen(url), 0);

		nr_view_message(v, 0, _("Opened %s"), shown);
		free(shown);
	}
	nr_argv_free(argv);
}

void
send_open_link(struct nr_view *v, const char *text)
{
	char *end;
	unsigned long n;

	reader_load_selected(v);
	while (*text == ' ') {
		text++;
	}
	errno = 0;
	n = strtoul(text, &end, 10);
	while (*end == ' ') {
		end++;
	}
	if (end == text || *end != '\0' || text[0] == '-' || text[0] == '+') {
		nr_view_message(v, 1, _("Not a link number: %s"), text);
		return;
	}
	if (errno == ERANGE || n < 1 || n > v->links.n) {
		if (v->links.n == 0) {
			nr_view_message(v, 1, "%s", _("This article has no links."));
		} else {
			nr_view_message(v, 1, _("No link %s: the links are numbered 1 to %zu."), text, v->links.n);
		}
		return;
	}
	send_open_url(v, v->links.v[n - 1].url);
}

/* The article as text: as the reader renders it (at NR_RENDER_WIDTH
 * columns, or the reader's width if it is narrower), or the body as
 * stored. A new string; *len its length. NULL if there is no article. */
static char *
article_text(struct nr_view *v, int raw, size_t *len)
{
	const struct nr_view_article *a = nr_view_selected(v);
	struct nr_buf b = NR_BUF_INIT;
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_links links = NR_LINKS_INIT;
	char *body;
	int type, cols = v->reader_cols > 0 && v->reader_cols < NR_RENDER_WIDTH ? v->reader_cols
	    : NR_RENDER_WIDTH;
	size_t i;

	if (a == NULL) {
		return NULL;
	}
	body = reader_fetch_body(v, a, &type);
	if (raw) {
		nr_buf_adds(&b, body != NULL ? body : "");
	} else {
		reader_render(v, a, body, type, cols, &w, &links);
		for (i = 0; i < w.n; i++) {
			nr_buf_adds(&b, w.lines[i].text);
			nr_buf_addc(&b, '\n');
		}
		nr_wrap_free(&w);
		nr_links_free(&links);
	}
	free(body);
	*len = b.len;
	return nr_buf_steal(&b);
}

void
send_pipe(struct nr_view *v, const char *command, int raw)
{
	struct nr_err err;
	size_t len;
	char *text;
	int r;

	if (command[strspn(command, " \t")] == '\0') {
		return;
	}
	text = article_text(v, raw, &len);
	if (text == NULL) {
		nr_view_message(v, 1, "%s", _("No article to pipe."));
		return;
	}
	give_terminal(v, 1, 0);
	r = nr_pipe_run(command, text, len, &err);
	give_terminal(v, 0, 1);
	free(text);
	if (r < 0) {
		nr_view_message(v, 1, "%s", err.msg);
	} else if (r != 0) {
		nr_view_message(v, 1, _("The command exited with status %d."), r);
	} else {
		nr_view_message(v, 0, "%s", _("Piped."));
	}
}

/* A file name from the title: letters and digits, the rest as '-'. */
char *
send_save_name(const struct nr_view_article *a)
{
	struct nr_buf b = NR_BUF_INIT;
	const char *p;
	int dash = 0;

	nr_buf_adds(&b, "~/");
	for (p = a->title; *p != '\0' && b.len < 62; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			nr_buf_addc(&b, (char)c);
			dash = 0;
		} else if (c >= 'A' && c <= 'Z') {
			nr_buf_addc(&b, (char)(c - 'A' + 'a'));
			dash = 0;
		} else if (!dash && b.len > 2) {
			nr_buf_addc(&b, '-');
			dash = 1;
		}
	}
	while (b.len > 2 && b.data[b.len - 1] == '-') {
		b.data[--b.len] = '\0';
	}
	if (b.len == 2) {
		nr_buf_adds(&b, "article");
	}
	nr_buf_adds(&b, ".txt");
	return nr_buf_steal(&b);
}

static int
is_directory(const char *path)
{
	char *full = nr_path_expand(path, NULL);
	struct stat sb;
	int r = full[0] == '\0' || (full[strlen(full) - 1] == '/') || (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode));

	free(full);
	return r;
}

static int
access_exists(const char *path)
{
	char *full = nr_path_expand(path, NULL);
	struct stat sb;
	int r = lstat(full, &sb) == 0;

	free(full);
	return r;
}

/* A file to replace that nr_save_file's rename would not write where the
 * name says: a symbolic link (the link would become a file), a FIFO or a
 * device (replaced by a file). Returns 1 if saved through nr_file_create
 * (0 or -1 with err), else 0 without trying. */
static int
save_through(const char *path, const char *text, size_t len, struct nr_err *err, int *rc)
{
	char *full = nr_path_expand(path, NULL);
	struct nr_file_out out;
	struct stat sb;

	if (lstat(full, &sb) < 0 || S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)) {
		free(full);
		return 0;
	}
	*rc = -1;
	if (nr_file_create_nowait(&out, full, 0644, err) == 0) {
		fwrite(text, 1, len, out.fp);
		*rc = nr_file_commit(&out, err);
	}
	free(full);
	return 1;
}

void
send_save(struct nr_view *v, const char *path, int overwrite)
{
	struct nr_err err;
	size_t len;
	char *text;
	int rc;

	if (path[strspn(path, " \t")] == '\0') {
		return;
	}
	if (is_directory(path)) {
		nr_view_message(v, 1, _("%s is a folder: give a file name."), path);
		return;
	}
	text = article_text(v, 0, &len);
	if (text == NULL) {
		nr_view_message(v, 1, "%s", _("No article to save."));
		return;
	}
	/* Asked to overwrite what is there: through a link, into a FIFO. */
	if (overwrite && save_through(path, text, len, &err, &rc)) {
		if (rc == 0) {
			nr_view_message(v, 0, _("Saved to %s"), path);
		} else {
			nr_view_message(v, 1, "%s", err.msg);
		}
	} else if (nr_save_file(path, text, len, overwrite, &err) == 0) {
		nr_view_message(v, 0, _("Saved to %s"), path);
	} else if (!overwrite && access_exists(path)) {
		free(v->save_path);
		v->save_path = xstrdup(path);
		view_ask(v, NR_PROMPT_OVERWRITE, NULL);
	} else {
		nr_view_message(v, 1, "%s", err.msg);
	}
	free(text);
}

