/* RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds, parsed as a stream with
 * libxml2's SAX2 push parser: each item goes to the sink as soon as its end
 * tag is read, so memory stays flat however large the feed. */
#ifndef NR_PARSE_XMLFEED_H
#define NR_PARSE_XMLFEED_H

#include <stddef.h>

#include "core/err.h"
#include "core/model.h"

struct nr_parse_opts {
	int want_body;  /* keep summary and content (else they are skipped) */
};

/* Parse the feed read from fd (with prefix[0..nprefix) already read from
 * it) into feed and sink. location names the file in messages and is the
 * base for relative links. Returns 0 if the feed was read, even if only in
 * part (then *warning holds the first problem, "LINE: message"), or -1 with
 * err if nothing could be read. */
int nr_xmlfeed_parse_fd(int fd, const char *prefix, size_t nprefix, const char *location,
    const struct nr_parse_opts *opts, struct nr_feed *feed, const struct nr_sink *sink,
    struct nr_err *warning, struct nr_err *err);

/* The same over a buffer in memory (for tests). */
int nr_xmlfeed_parse_mem(const char *data, size_t n, const char *location,
    const struct nr_parse_opts *opts, struct nr_feed *feed, const struct nr_sink *sink,
    struct nr_err *warning, struct nr_err *err);

#endif
