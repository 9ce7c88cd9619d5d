/* Rendered lines as the renderer and the interface share them (struct
 * nr_wrap: each line's text with its attribute spans), and plain text
 * wrapped into them by screen columns (the reader's headers, help,
 * messages): each line of the text (paragraphs are separated by blank
 * lines) is broken where Unicode's line breaking algorithm (UAX #14) allows
 * into lines of at most width columns; a word wider than the width is
 * broken between grapheme clusters (UAX #29): a character with its
 * combining marks, a wide character, an emoji sequence is never split, and
 * no character is lost. Tabs become spaces to the next multiple of 8. */
#ifndef NR_RENDER_WRAP_H
#define NR_RENDER_WRAP_H

#include <stddef.h>

/* Text attributes of a span of a line (the renderer's styles; the
 * interface maps them to what the terminal has). */
enum nr_text_attr {
	NR_TA_BOLD = 1 << 0,
	NR_TA_ITALIC = 1 << 1,
	NR_TA_UNDERLINE = 1 << 2,
	NR_TA_CODE = 1 << 3,            /* code, kbd, samp, pre */
	NR_TA_LINK = 1 << 4,            /* the text of a link */
	NR_TA_LINKNUM = 1 << 5,         /* a link's number: "[3]" */
	NR_TA_HEADING = 1 << 6,         /* h1..h6 (drawn bold) */
	NR_TA_DECOR = 1 << 7,           /* bullets, quote bars, rules, table rules: drawn dim */
	NR_TA_STRIKE = 1 << 8           /* del, s, strike: struck through where the terminal can */
};

/* A run of bytes of a line's text with attributes; a line's spans are in
 * order and do not overlap; bytes outside every span are plain. */
struct nr_span {
	size_t off;
	size_t len;
	unsigned attrs;                 /* NR_TA_* */
};

/* One screen line; tag is the caller's (e.g. header or body). */
struct nr_wrap_line {
	char *text;
	int tag;
	struct nr_span *spans;          /* NULL if the line is plain */
	size_t nspans;
	int rtl;                        /* its paragraph runs right to left (util/bidi.h) */
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
/* Append text (taken, not copied) as one line with spans (taken; may be
 * NULL with nspans 0). */
void nr_wrap_add_owned(struct nr_wrap *w, char *text, int tag, struct nr_span *spans, size_t nspans);
/* Free the lines and empty w for reuse. */
void nr_wrap_free(struct nr_wrap *w);

#endif
