/* JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/): the feed's
 * title, home page and description, and for each item its id, title, link,
 * authors, dates, summary, content (HTML or text), tags and attachments.
 * The document is scanned as a stream and each item goes to the sink as soon
 * as it is read (json-c builds one item at a time), so memory follows the
 * largest item, not the feed. */
#ifndef NR_PARSE_JSONFEED_H
#define NR_PARSE_JSONFEED_H

#include <stddef.h>

#include "core/err.h"
#include "core/model.h"
#include "parse/xmlfeed.h"

/* Nonzero when data[0..n) (the start of a file) looks like a JSON Feed:
 * a JSON object whose "version" names jsonfeed.org. */
int nr_jsonfeed_sniff(const char *data, size_t n);

/* Parse data[0..n) into feed and sink, as nr_xmlfeed_parse_mem does.
 * location is the base for relative URLs. Returns 0, or -1 with err (the
 * JSON's line where json-c can tell it) if it is not a JSON Feed. */
int nr_jsonfeed_parse(const char *data, size_t n, const char *location,
    const struct nr_parse_opts *opts, struct nr_feed *feed, const struct nr_sink *sink,
    struct nr_err *err);

/* The same over the regular file fd, read in pieces from its start (twice:
 * the feed's own fields may follow its items). */
int nr_jsonfeed_parse_fd(int fd, const char *location, const struct nr_parse_opts *opts,
    struct nr_feed *feed, const struct nr_sink *sink, struct nr_err *err);

#endif
