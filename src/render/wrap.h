/* Wrapping plain text to a width in screen columns, for the reader pane:
 * each line of the text (paragraphs are separated by blank lines) is broken
 * at spaces into lines of at most width columns; a word wider than the
 * width is broken between characters. A character cluster (a character with
 * its combining marks, a wide character, an emoji sequence) is never split,
 * and no character is lost. Tabs become spaces to the next multiple of 8. */
#ifndef NR_RENDER_WRAP_H
#define NR_RENDER_WRAP_H

#include <stddef.h>

/* One screen line; tag is the caller's (e.g. header or body). */
struct nr_wrap_line {
	char *text;
	int tag;
};

struct nr_wrap {
	struct nr_wrap_line *lines;
	size_t n;
	size_t cap;
};

#define NR_WRAP_INIT { NULL, 0, 0 }

/* Append the lines of text wrapped to width columns (at least 1), each
 * tagged tag. An empty text adds one empty line. */
void nr_wrap_text(struct nr_wrap *w, const char *text, int width, int tag);
/* Append text as one line, uncut. */
void nr_wrap_add(struct nr_wrap *w, const char *text, int tag);
/* Free the lines and empty w for reuse. */
void nr_wrap_free(struct nr_wrap *w);

#endif
