/* What the program prints instead of running the interface: the article
 * list, one line per article fitted to a width in columns (when standard
 * output is not a terminal), and the key bindings in effect as INI
 * sections (--print-keys). */
#ifndef NR_APP_PRINT_H
#define NR_APP_PRINT_H

#include <stdio.h>

#include "app/list.h"
#include "config/settings.h"

/* Each article of list as "date source title", the date in cfg's format
 * (padded so that undated articles keep the columns), the source and the
 * title cut to fit cols columns. */
void nr_print_list(FILE *fp, const struct nr_list *list, const struct nr_config *cfg, int cols);
/* Every action of each pane with the keys bound to it in cfg. */
void nr_print_keys(FILE *fp, const struct nr_config *cfg);

#endif
