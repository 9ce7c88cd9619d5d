/* newsreader --render FILE: a file read whole, its kind told by its content
 * (parse/source.h's sniffing). An HTML page or a plain-text article is
 * shown exactly as the reader pane shows it: parsed as the reader's files
 * are (reader mode's article, a text article's cleaning) and rendered by
 * the reader's own function, header and link list included. With whole
 * (--no-extract), and for other kinds of file, the text goes to the
 * renderer as it is. The lines go to a stream. */
#ifndef NR_APP_RENDER_FILE_H
#define NR_APP_RENDER_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

/* What the reader would say in its status line about the file: a
 * character set read otherwise than declared, no article found. */
struct nr_render_notes {
	struct nr_err v[2];
	size_t n;
};

/* The file at path rendered at width columns (below 1 counts as 1) and
 * written to fp, with SGR sequences if color; whole: no reader mode.
 * notes (may be NULL) gets the warnings. Returns 0, or -1 with err naming
 * the file (unreadable, not a regular file, not text, no text). */
int nr_render_file_print(const char *path, int width, int color, int whole, FILE *fp,
    struct nr_render_notes *notes, struct nr_err *err);

#endif
