/* --dump: the list as tab-separated values, one line per article:
 * published (Unix seconds, empty if unknown), source title, title, link,
 * author, id, and with bodies the body as plain text. A backslash, tab,
 * newline or carriage return inside a field is written \\, \t, \n, \r. */
#ifndef NR_APP_DUMP_H
#define NR_APP_DUMP_H

#include <stdio.h>

#include "app/list.h"
#include "core/buf.h"

/* Append s escaped for a TSV field. */
void nr_tsv_escape(struct nr_buf *out, const char *s);
/* Write every item of list; returns -1 if writing failed. */
int nr_dump_write(FILE *fp, const struct nr_list *list, int with_body);

#endif
