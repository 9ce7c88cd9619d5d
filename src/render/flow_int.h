/* Private to src/render: styled text as the renderers build it (bytes with
 * one attribute word per byte, so that a cut anywhere keeps every byte's
 * style) and the layout of such text into screen lines with prefixes
 * (bullets, quote bars, hanging indents), shared by the HTML renderer, the
 * plain-text renderer, tables and the link list (render/flow.c); and the
 * cleaning of a link's URL (render/links.c). */
#ifndef NR_RENDER_FLOW_INT_H
#define NR_RENDER_FLOW_INT_H

#include <stddef.h>

#include "render/render.h"

/* A zero-width break opportunity (<wbr>) inside a run. Sanitised text
 * never holds this byte, and it never reaches an output line. */
#define NR_RUN_BREAK '\001'
/* The space before a link number: drawn as a space; a line breaks there
 * only if nothing else on it allows a break (NR_BREAK_WEAK). */
#define NR_RUN_NBSP '\002'

struct nr_run {
	char *s;                /* NUL-terminated */
	unsigned short *a;      /* a[i]: the NR_TA_* attributes of s[i] */
	size_t len;
	size_t cap;
	int space;              /* a collapsed space owed before the next word */
};

#define NR_RUN_INIT { NULL, NULL, 0, 0, 0 }

void nr_run_add(struct nr_run *r, const char *s, size_t n, unsigned attrs);
void nr_run_adds(struct nr_run *r, const char *s, unsigned attrs);
/* Append s[0..n) (sanitised, without NR_RUN_BREAK) as a browser lays out
 * text outside <pre>: each run of ASCII white space becomes one space owed
 * before the next word, never at the start of the run or of a line. */
void nr_run_add_collapsed(struct nr_run *r, const char *s, size_t n, unsigned attrs);
/* Append one word (no white space in it), paying an owed space first. */
void nr_run_add_word(struct nr_run *r, const char *s, size_t n, unsigned attrs);
/* Append a link's number "[n]", after a space (NR_RUN_NBSP) unless r is
 * empty or at a line's start. */
void nr_run_add_linknum(struct nr_run *r, size_t n);
/* Drop trailing spaces, line breaks and break marks, and any owed space. */
void nr_run_trim(struct nr_run *r);
void nr_run_reset(struct nr_run *r);
void nr_run_free(struct nr_run *r);
/* Screen columns of s[0..n). */
int nr_run_cols(const char *s, size_t n);

enum nr_flow_flags {
	NR_FLOW_PRE = 1 << 0    /* keep spaces; break only where a line is full */
};

/* Lay r->s[from..to) out at width columns into out: the first line starts
 * with *first, the others with *rest (either may be NULL). '\n' is a hard
 * break (an empty line between two is a line of its own). Outside
 * NR_FLOW_PRE, lines break where UAX #14 allows (util/breaks.h) and at
 * break marks, and a word wider than the room is cut between grapheme
 * clusters; with it, only where a line is full.
 * Prefixes are cut to nr_render_max_prefix(width) columns. Returns the
 * number of lines added. */
size_t nr_flow(struct nr_wrap *out, int tag, int width, const struct nr_run *r, size_t from, size_t to,
    const struct nr_run *first, const struct nr_run *rest, int flags);
/* The columns a line's prefix may take at width: half of it at most, and
 * never so much that a wide character no longer fits after it. */
int nr_render_max_prefix(int width);

/* The URL a document's reference href stands for (new string): white space
 * and controls removed or escaped, resolved against base (may be NULL);
 * NULL if it is not a link to follow (javascript:, data:, vbscript:, an
 * in-page #fragment, empty). */
char *nr_render_clean_url(const char *href, const char *base);

#endif
