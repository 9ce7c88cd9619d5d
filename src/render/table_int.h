/* Private to src/render: an HTML table gathered whole (its rows, its cells
 * as styled runs, its caption), then laid out at a width: as columns if
 * they fit, with the text wrapped inside the cells if only their words
 * fit, else row by row, each cell a paragraph after its column's
 * header ("Header: value"). The HTML renderer feeds it and gives it the
 * way to emit a paragraph under the blocks open around the table. */
#ifndef NR_RENDER_TABLE_INT_H
#define NR_RENDER_TABLE_INT_H

#include <stddef.h>

#include "render/flow_int.h"

struct nr_table_cell {
	struct nr_run run;
	int span;
	int th;
	int w;                  /* columns of its widest line */
};

struct nr_table_row {
	size_t first, n;        /* its cells in cells[] */
	int head;
};

struct nr_table {
	struct nr_table_cell *cells;
	size_t ncells, capcells;
	struct nr_table_row *rows;
	size_t nrows, caprows;
	struct nr_run caption;
	struct nr_run line;     /* scratch: a line being built */
	int in_cell, in_caption, thead;
};

/* How the layout emits: a paragraph r with NR_FLOW_* flags and an extra
 * indent hang on its lines after the first (or NULL); a blank line owed
 * before the next paragraph. */
struct nr_table_out {
	void (*emit)(void *ctx, const struct nr_run *r, int flags, const char *hang);
	void (*blank)(void *ctx);
	void *ctx;
};

/* Start a row (in a <thead>: a header row). */
void nr_table_row(struct nr_table *t);
/* Start a cell spanning span columns (th: a header cell). */
void nr_table_cell(struct nr_table *t, int span, int th);
/* Where text goes: the caption, or the open cell (text between cells opens
 * one, as browsers show it somewhere). */
struct nr_run *nr_table_target(struct nr_table *t);
/* Lay the table out in avail columns through out, then empty it for the
 * next table. */
void nr_table_layout(struct nr_table *t, int avail, const struct nr_table_out *out);
void nr_table_free(struct nr_table *t);

#endif
