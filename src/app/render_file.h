/* newsreader --render FILE: a file read whole, its kind told by its content
 * (parse/source.h's sniffing), and handed to the renderer as HTML or plain
 * text; the lines as the reader pane shows them, with the link list, to a
 * stream. The renderer itself only ever sees strings. */
#ifndef NR_APP_RENDER_FILE_H
#define NR_APP_RENDER_FILE_H

#include <stdio.h>

#include "core/err.h"

/* The file at path rendered at width columns (below 1 counts as 1) and
 * written to fp, with SGR sequences if color. Returns 0, or -1 with err
 * naming the file (unreadable, not a regular file, not text). */
int nr_render_file_print(const char *path, int width, int color, FILE *fp, struct nr_err *err);

#endif
