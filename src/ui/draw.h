/* Drawing the view on the curses screen: where each pane goes for the
 * layout and the terminal's size, and the panes themselves. Only the rows
 * on screen are ever formatted, so drawing costs the same with 100 or
 * 100,000 articles. */
#ifndef NR_UI_DRAW_H
#define NR_UI_DRAW_H

#include "app/view.h"
#include "config/settings.h"

/* A rectangle of the screen; h == 0 when the pane is not shown. */
struct nr_rect {
	int y, x, h, w;
};

struct nr_geom {
	int rows, cols;
	struct nr_rect feeds, list, reader, help;
	struct nr_rect bar;     /* the reader's title bar (split layout) */
	int vsep_x;             /* column of the line left of the reader, or -1 */
	int fsep_x;             /* column of the line right of the sources, or -1 */
	int status_y;           /* the status line, or -1 */
};

/* Set up colours and attributes from cfg's [colors] (none if NO_COLOR is
 * set or the terminal has no colours). Call after initscr. */
void nr_draw_init(const struct nr_config *cfg);
/* Where the panes go for v's layout on a rows x cols screen. */
void nr_draw_layout(const struct nr_view *v, int rows, int cols, struct nr_geom *g);
/* Draw everything; prompt, if not NULL, replaces the status line. */
void nr_draw(struct nr_view *v, const struct nr_geom *g, const char *prompt);

#endif
