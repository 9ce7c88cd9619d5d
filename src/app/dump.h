/* --dump: the list as tab-separated values, one line per article. The
 * default fields are published (Unix seconds, empty if unknown), source
 * title, title, link, author (the authors' names joined with ", ") and id,
 * and with --body the body as plain text; --fields chooses others. A backslash, tab, newline or carriage
 * return inside a field is written \\, \t, \n, \r; a field with several
 * values (categories, enclosures) has one per line, so they are separated
 * by \n. The articles come from the database (--dump) or from files
 * (--dump PATH), those filtered by the marks the database holds for them. */
#ifndef NR_APP_DUMP_H
#define NR_APP_DUMP_H

#include <stdio.h>

#include "app/list.h"
#include "core/buf.h"
#include "core/err.h"

enum nr_dump_field {
	NR_DUMP_PUBLISHED,
	NR_DUMP_UPDATED,
	NR_DUMP_SOURCE,
	NR_DUMP_TITLE,
	NR_DUMP_LINK,
	NR_DUMP_AUTHOR,
	NR_DUMP_AUTHOR_EMAIL,
	NR_DUMP_AUTHOR_URI,
	NR_DUMP_ID,
	NR_DUMP_CATEGORIES,
	NR_DUMP_ENCLOSURES,     /* "url type length" each; "-" for unknown */
	NR_DUMP_VIA,            /* the feed an item was copied from */
	NR_DUMP_VIA_LINK,
	NR_DUMP_SOURCE_LINK,
	NR_DUMP_SOURCE_KIND,
	NR_DUMP_SUMMARY,        /* as in the feed (HTML or text) */
	NR_DUMP_CONTENT,
	NR_DUMP_BODY,           /* content, else summary, as plain text */
	NR_DUMP_READ,           /* 1 or 0 */
	NR_DUMP_STARRED,
	NR_DUMP_CHANGED,        /* 1 if its text changed after it was read */
	NR_DUMP_AUTHORS,        /* each author's name (or address), one per value */
	NR_DUMP_SOURCE_AUTHOR,  /* the feed's own author or editor */
	NR_DUMP_NFIELDS
};

#define NR_DUMP_MAX_FIELDS 64

struct nr_dump_fields {
	enum nr_dump_field f[NR_DUMP_MAX_FIELDS];
	size_t n;
};

/* The default fields, with the body last if with_body. */
void nr_dump_default_fields(struct nr_dump_fields *out, int with_body);
/* Parse a comma-separated list of field names; -1 with err for an unknown
 * name or an empty list. */
int nr_dump_parse_fields(const char *list, struct nr_dump_fields *out, struct nr_err *err);
/* Nonzero when fields need the items' bodies. */
int nr_dump_needs_body(const struct nr_dump_fields *fields);

/* Append s escaped for a TSV field. */
void nr_tsv_escape(struct nr_buf *out, const char *s);
/* Write every item of list; returns -1 if writing failed. */
int nr_dump_write(FILE *fp, const struct nr_list *list, const struct nr_dump_fields *fields);

/* --dump: the articles of the database file db that pass filters
 * (NR_FILTER_*), newest first, to fp; no such file: nothing to write. -1
 * with err ("DB: message", or why writing failed). */
int nr_dump_database(FILE *fp, const char *db, unsigned filters, const struct nr_dump_fields *fields,
    struct nr_err *err);
/* --dump PATH: list (read from files; sorted here, newest first) to fp,
 * with the marks of the database file db when filters (NR_FILTER_*) or
 * fields ask for them. -1 with err as for nr_dump_database. */
int nr_dump_files(FILE *fp, struct nr_list *list, const char *db, unsigned filters,
    const struct nr_dump_fields *fields, struct nr_err *err);

#endif
