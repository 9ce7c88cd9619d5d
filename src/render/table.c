#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "render/table_int.h"
#include "util/breaks.h"
#include "util/utf8.h"

/*
 * Tables, gathered whole and then laid out. Column widths are the widest
 * line of each column's single cells, spanning cells widening their last
 * column by what they lack; with the separators, if that fits the room,
 * the rows are drawn as columns (a rule under the header rows), else each
 * row's cells become paragraphs, a body cell led by its column's header.
 * An empty cell keeps its place there as it does in the columns: its
 * header with no value, or a dash until the row's last cell with text, so
 * that the values after it are not read as its column's.
 */

/* Browsers clamp colspan to 1000 too; more columns than that never fit. */
#define MAX_COLS 1000
#define COL_SEP 2

#define RULE "\xe2\x94\x80"             /* ─ */
#define NO_VALUE "\xe2\x80\x94"         /* —: an empty cell's place, row by row */

static struct nr_table_row *
new_row(struct nr_table *t)
{
	struct nr_table_row *r;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 16;
		t->rows = xreallocarray(t->rows, t->caprows, sizeof *t->rows);
	}
	r = &t->rows[t->nrows++];
	r->first = t->ncells;
	r->n = 0;
	r->head = t->thead;
	return r;
}

static void
new_cell(struct nr_table *t, int span, int th)
{
	struct nr_table_row *row = t->nrows > 0 ? &t->rows[t->nrows - 1] : new_row(t);
	struct nr_table_cell *c;
	size_t i;
	int cols = 0;

	if (t->ncells == t->capcells) {
		t->capcells = t->capcells ? t->capcells * 2 : 32;
		t->cells = xreallocarray(t->cells, t->capcells, sizeof *t->cells);
	}
	for (i = row->first; i < row->first + row->n; i++) {
		cols += t->cells[i].span;
	}
	if (span > MAX_COLS - cols) {
		span = MAX_COLS - cols;
	}
	c = &t->cells[t->ncells++];
	memset(c, 0, sizeof *c);
	c->span = span < 1 ? 1 : span;
	c->th = th;
	row->n++;
	t->in_cell = 1;
}

struct nr_run *
nr_table_target(struct nr_table *t)
{
	if (t->in_caption) {
		return &t->caption;
	}
	if (!t->in_cell) {
		new_cell(t, 1, 0);
	}
	return &t->cells[t->ncells - 1].run;
}

/* The hard line k of a cell's run: [*a, *b); 0 if it has fewer lines. */
static int
cell_line(const struct nr_run *r, size_t k, size_t *a, size_t *b)
{
	size_t i = 0;

	for (;;) {
		const char *nl = i < r->len ? memchr(r->s + i, '\n', r->len - i) : NULL;
		size_t end = nl != NULL ? (size_t)(nl - r->s) : r->len;

		if (k == 0) {
			*a = i;
			*b = end;
			return 1;
		}
		if (nl == NULL) {
			return 0;
		}
		k--;
		i = end + 1;
	}
}

/* The columns of bytes a..b of a cell's run. An empty cell's run may not
 * be allocated, and NULL + 0 is undefined (clang's UBSan stops on it;
 * found by tests/fuzz/fuzz_render). */
static int
cell_cols(const struct nr_run *r, size_t a, size_t b)
{
	return b > a ? nr_run_cols(r->s + a, b - a) : 0;
}

static void
run_copy(struct nr_run *dst, const struct nr_run *src, size_t a, size_t b)
{
	size_t start = dst->len;

	if (b <= a) {
		/* An empty cell: its run may not even be allocated. */
		return;
	}
	nr_run_add(dst, src->s + a, b - a, 0);
	memcpy(dst->a + start, src->a + a, (b - a) * sizeof *src->a);
}

static void
spaces(struct nr_run *r, int n, unsigned attrs)
{
	for (; n > 0; n--) {
		nr_run_add(r, " ", 1, attrs);
	}
}

static int
span_width(const int *colw, size_t c, int span)
{
	int w = 0, k;

	for (k = 0; k < span; k++) {
		w += colw[c + (size_t)k] + (k > 0 ? COL_SEP : 0);
	}
	return w;
}

static void
table_columns(struct nr_table *t, const struct nr_table_out *out, const int *colw, size_t nhead, int total)
{
	struct nr_run *line = &t->line;
	size_t r, i, k, nlines, a, b;

	for (r = 0; r < t->nrows; r++) {
		const struct nr_table_row *row = &t->rows[r];

		nlines = 1;
		for (i = 0; i < row->n; i++) {
			const struct nr_run *cr = &t->cells[row->first + i].run;
			size_t n = 1;

			for (k = 0; k < cr->len; k++) {
				n += cr->s[k] == '\n';
			}
			if (n > nlines) {
				nlines = n;
			}
		}
		for (k = 0; k < nlines; k++) {
			size_t c = 0;

			nr_run_reset(line);
			for (i = 0; i < row->n; i++) {
				const struct nr_table_cell *cell = &t->cells[row->first + i];
				int w = span_width(colw, c, cell->span);

				if (i > 0) {
					spaces(line, COL_SEP, 0);
				}
				if (cell_line(&cell->run, k, &a, &b)) {
					run_copy(line, &cell->run, a, b);
					w -= cell_cols(&cell->run, a, b);
				}
				spaces(line, w, 0);
				c += (size_t)cell->span;
			}
			out->emit(out->ctx, line, NR_FLOW_PRE, NULL);
		}
		if (nhead > 0 && r + 1 == nhead && nhead < t->nrows) {
			nr_run_reset(line);
			for (i = 0; i < (size_t)total; i++) {
				nr_run_adds(line, RULE, NR_TA_DECOR);
			}
			out->emit(out->ctx, line, NR_FLOW_PRE, NULL);
		}
	}
}

/* The header cell above column c, or NULL. */
static const struct nr_table_cell *
header_of(const struct nr_table *t, size_t head_row, size_t c)
{
	const struct nr_table_row *row = &t->rows[head_row];
	size_t i, at = 0;

	for (i = 0; i < row->n; i++) {
		const struct nr_table_cell *cell = &t->cells[row->first + i];

		if (c >= at && c < at + (size_t)cell->span) {
			return cell->run.len > 0 ? cell : NULL;
		}
		at += (size_t)cell->span;
	}
	return NULL;
}

static void
table_rows(struct nr_table *t, const struct nr_table_out *out, size_t nhead)
{
	struct nr_run *line = &t->line;
	size_t r, i, k, first = nhead < t->nrows ? nhead : 0;

	for (r = first; r < t->nrows; r++) {
		const struct nr_table_row *row = &t->rows[r];
		size_t c = 0, last = 0;

		if (r > first) {
			out->blank(out->ctx);
		}
		for (i = 0; i < row->n; i++) {
			if (t->cells[row->first + i].run.len > 0) {
				last = i + 1;
			}
		}
		/* A row without text (a spacer) shows nothing. */
		for (i = 0; last > 0 && i < row->n; i++) {
			const struct nr_table_cell *cell = &t->cells[row->first + i];
			const struct nr_table_cell *h = first > 0 ? header_of(t, nhead - 1, c) : NULL;

			c += (size_t)cell->span;
			if (cell->run.len == 0 && (h == NULL || cell->th)) {
				if (i < last) {
					nr_run_reset(line);
					nr_run_adds(line, NO_VALUE, NR_TA_DECOR);
					out->emit(out->ctx, line, 0, NULL);
				}
				continue;
			}
			nr_run_reset(line);
			if (h != NULL && !cell->th) {
				/* "Header: value", the header on one line. */
				run_copy(line, &h->run, 0, h->run.len);
				for (k = 0; k < line->len; k++) {
					if (line->s[k] == '\n') {
						line->s[k] = ' ';
					}
				}
				nr_run_adds(line, ":", NR_TA_BOLD);
				if (cell->run.len > 0) {
					nr_run_adds(line, " ", 0);
				}
			}
			run_copy(line, &cell->run, 0, cell->run.len);
			out->emit(out->ctx, line, 0, h != NULL && !cell->th ? "  " : NULL);
		}
	}
}

/*
 * Columns with their text wrapped, for a table whose lines are too long
 * but whose words fit (as w3m and browsers lay tables out): each column
 * gets at least its narrowest width (its longest word: the widest stretch
 * between UAX #14 break opportunities), and the room left over is shared
 * in proportion to how much wider each column would like to be.
 */

/* The widest unbreakable stretch of the hard line r->s[a..b). */
static int
line_min_width(const struct nr_run *r, size_t a, size_t b)
{
	size_t n = b - a, i;
	char *tmp, *brk;
	int best = 0, seg = 0, seg_text = 0;

	if (n == 0) {
		return 0;
	}
	tmp = xmalloc(n + 1);
	brk = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		char c = r->s[a + i];

		/* A break mark allows a break as a space does, and is as
		 * good as one for measuring words. */
		tmp[i] = c == NR_RUN_BREAK || c == NR_RUN_NBSP ? ' ' : c;
	}
	nr_breaks_line(tmp, n, brk);
	for (i = 0; i < n;) {
		size_t len;
		int cw;

		if (brk[i] != NR_BREAK_NO) {
			best = seg_text > best ? seg_text : best;
			seg = 0;
			seg_text = 0;
		}
		len = nr_utf8_cluster(tmp + i, n - i, &cw);
		if (r->s[a + i] == NR_RUN_BREAK) {
			cw = 0;
		}
		seg += cw;
		if (tmp[i] != ' ') {
			seg_text = seg;
		}
		i += len;
	}
	best = seg_text > best ? seg_text : best;
	free(tmp);
	free(brk);
	return best;
}

/* A cell's narrowest width: its widest unbreakable stretch. */
static int
cell_min_width(const struct nr_run *r)
{
	size_t a, b, k;
	int best = 0;

	for (k = 0; cell_line(r, k, &a, &b); k++) {
		int w = line_min_width(r, a, b);

		best = w > best ? w : best;
	}
	return best;
}

/* The cell's run wrapped to width columns, in place: its screen lines
 * joined by '\n', each byte keeping its style. */
static void
wrap_cell(struct nr_table_cell *cell, int width)
{
	struct nr_wrap w = NR_WRAP_INIT;
	struct nr_run out = NR_RUN_INIT;
	size_t i, k;

	if (cell->run.len == 0 || cell->w <= width) {
		return;
	}
	nr_flow(&w, 0, width, &cell->run, 0, cell->run.len, NULL, NULL, 0);
	for (i = 0; i < w.n; i++) {
		const struct nr_wrap_line *l = &w.lines[i];
		size_t start = out.len;

		if (i > 0) {
			nr_run_add(&out, "\n", 1, 0);
			start = out.len;
		}
		nr_run_add(&out, l->text, strlen(l->text), 0);
		for (k = 0; k < l->nspans; k++) {
			size_t j;

			for (j = 0; j < l->spans[k].len; j++) {
				out.a[start + l->spans[k].off + j] = (unsigned short)l->spans[k].attrs;
			}
		}
	}
	nr_wrap_free(&w);
	nr_run_free(&cell->run);
	cell->run = out;
	cell->w = width;
}

/* Share avail columns (separators left out) between the columns, each at
 * least minw and at most maxw; 0 if even the narrowest do not fit. */
static int
share_columns(int *colw, const int *minw, const int *maxw, size_t ncols, int avail)
{
	long sum_min = 0, sum_extra = 0, room, given = 0;
	size_t c;

	for (c = 0; c < ncols; c++) {
		sum_min += minw[c];
		sum_extra += maxw[c] - minw[c];
	}
	room = avail - (long)COL_SEP * (long)(ncols - 1) - sum_min;
	if (room < 0) {
		return 0;
	}
	for (c = 0; c < ncols; c++) {
		long extra = sum_extra > 0 ? (long)(maxw[c] - minw[c]) * room / sum_extra : 0;

		colw[c] = minw[c] + (int)extra;
		given += extra;
	}
	/* What rounding left, to the columns that still want it. */
	for (c = 0; c < ncols && given < room; c++) {
		if (colw[c] < maxw[c]) {
			colw[c]++;
			given++;
		}
	}
	return 1;
}

/* Lay the columns out with their cells wrapped, if their words fit:
 * colw (their widest lines on entry) becomes the widths given, *total the
 * table's width. 0 if even wrapped they do not fit. */
static int
wrap_columns(struct nr_table *t, int *colw, size_t ncols, int avail, int *total)
{
	int *minw = xcalloc(ncols, sizeof *minw), *maxw = xcalloc(ncols, sizeof *maxw);
	size_t r, i, c;
	int ok;

	memcpy(maxw, colw, ncols * sizeof *maxw);
	for (r = 0; r < t->nrows; r++) {
		const struct nr_table_row *row = &t->rows[r];

		for (i = 0, c = 0; i < row->n; c += (size_t)t->cells[row->first + i].span, i++) {
			const struct nr_table_cell *cell = &t->cells[row->first + i];
			int m;

			if (cell->span != 1) {
				continue;
			}
			m = cell_min_width(&cell->run);
			if (m > minw[c]) {
				minw[c] = m;
			}
		}
	}
	ok = share_columns(colw, minw, maxw, ncols, avail);
	if (ok) {
		for (r = 0; r < t->nrows; r++) {
			const struct nr_table_row *row = &t->rows[r];

			for (i = 0, c = 0; i < row->n; c += (size_t)t->cells[row->first + i].span, i++) {
				wrap_cell(&t->cells[row->first + i], span_width(colw, c, t->cells[row->first + i].span));
			}
		}
		*total = 0;
		for (c = 0; c < ncols; c++) {
			*total += colw[c] + (c > 0 ? COL_SEP : 0);
		}
	} else {
		memcpy(colw, maxw, ncols * sizeof *colw);
	}
	free(minw);
	free(maxw);
	return ok;
}

void
nr_table_layout(struct nr_table *t, int avail, const struct nr_table_out *out)
{
	size_t r, i, c, ncols = 0, nhead = 0;
	int *colw, total;

	if (t->caption.len > 0) {
		nr_run_trim(&t->caption);
		out->emit(out->ctx, &t->caption, 0, NULL);
	}
	for (i = 0; i < t->ncells; i++) {
		struct nr_table_cell *cell = &t->cells[i];
		size_t a = 0, b;

		nr_run_trim(&cell->run);
		cell->w = 0;
		for (c = 0; cell_line(&cell->run, c, &a, &b); c++) {
			int w = cell_cols(&cell->run, a, b);

			if (w > cell->w) {
				cell->w = w;
			}
		}
	}
	for (r = 0; r < t->nrows; r++) {
		struct nr_table_row *row = &t->rows[r];
		size_t cols = 0;
		int all_th = row->n > 0;

		for (i = 0; i < row->n; i++) {
			cols += (size_t)t->cells[row->first + i].span;
			all_th = all_th && t->cells[row->first + i].th;
		}
		if (cols > ncols) {
			ncols = cols;
		}
		if ((row->head || all_th) && nhead == r) {
			nhead = r + 1;
		}
	}
	if (ncols == 0) {
		goto done;
	}
	colw = xcalloc(ncols, sizeof *colw);
	/* Single cells first, then spanning cells widen their last column
	 * by what they lack. */
	for (r = 0; r < t->nrows; r++) {
		const struct nr_table_row *row = &t->rows[r];

		for (i = 0, c = 0; i < row->n; c += (size_t)t->cells[row->first + i].span, i++) {
			const struct nr_table_cell *cell = &t->cells[row->first + i];

			if (cell->span == 1 && cell->w > colw[c]) {
				colw[c] = cell->w;
			}
		}
	}
	for (r = 0; r < t->nrows; r++) {
		const struct nr_table_row *row = &t->rows[r];

		for (i = 0, c = 0; i < row->n; c += (size_t)t->cells[row->first + i].span, i++) {
			const struct nr_table_cell *cell = &t->cells[row->first + i];
			int have;

			if (cell->span == 1) {
				continue;
			}
			have = span_width(colw, c, cell->span);
			if (cell->w > have) {
				colw[c + (size_t)cell->span - 1] += cell->w - have;
			}
		}
	}
	total = 0;
	for (c = 0; c < ncols; c++) {
		total += colw[c] + (c > 0 ? COL_SEP : 0);
	}
	if (total <= avail) {
		table_columns(t, out, colw, nhead, total);
	} else if (wrap_columns(t, colw, ncols, avail, &total)) {
		table_columns(t, out, colw, nhead, total);
	} else {
		table_rows(t, out, nhead);
	}
	free(colw);
done:
	for (i = 0; i < t->ncells; i++) {
		nr_run_free(&t->cells[i].run);
	}
	t->ncells = 0;
	t->nrows = 0;
	nr_run_reset(&t->caption);
	t->in_cell = 0;
	t->in_caption = 0;
	t->thead = 0;
}

void
nr_table_row(struct nr_table *t)
{
	t->in_cell = 0;
	new_row(t);
}

void
nr_table_cell(struct nr_table *t, int span, int th)
{
	new_cell(t, span, th);
}

void
nr_table_free(struct nr_table *t)
{
	size_t i;

	for (i = 0; i < t->ncells; i++) {
		nr_run_free(&t->cells[i].run);
	}
	free(t->cells);
	free(t->rows);
	nr_run_free(&t->caption);
	nr_run_free(&t->line);
	memset(t, 0, sizeof *t);
}
