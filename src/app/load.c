/* Sources into the article list and/or the database (app/load.h), one
 * transaction each: paths through parse/source.c, fetched answers from
 * memory through the parser their first bytes name. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/load.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/jsonfeed.h"
#include "parse/source.h"

/* The database ids of the feeds of the source being loaded, by location
 * (a feed that breaks off never says it is done, and its struct's address
 * may be the next feed's). */
struct known_feed {
	char *location;
	int64_t id;
};

struct run {
	struct nr_loader *ld;
	const char *title;
	struct nr_load_stats *stats;
	struct nr_sink list_sink;
	struct known_feed *known;
	size_t nknown;
	int failed;                     /* a store error: the source is rolled back */
	struct nr_err err;
	/* The file being read (sink->file): where, its stamp, and whether
	 * it had a problem, which keeps it from being taken as read whole. */
	char *file;
	struct nr_file_stamp stamp;
	int file_problem;
};

/* Parsing threads of a folder's load: NEWSREADER_LOAD_THREADS (1 to 8) for
 * benchmarks that compare them, else 0, the parse's own choice. */
static int
load_threads(void)
{
	const char *v = getenv("NEWSREADER_LOAD_THREADS");
	char *end;
	long n;

	if (v == NULL || *v == '\0') {
		return 0;
	}
	n = strtol(v, &end, 10);
	return *end == '\0' && n >= 1 && n <= 8 ? (int)n : 0;
}

static int64_t
store_feed(struct run *r, struct nr_feed *feed)
{
	size_t i;
	int64_t id;

	for (i = 0; i < r->nknown; i++) {
		if (strcmp(r->known[i].location, feed->location ? feed->location : "") == 0) {
			return r->known[i].id;
		}
	}
	id = nr_store_put_feed(r->ld->store, feed, &r->err);
	if (id < 0) {
		return -1;
	}
	r->known = xreallocarray(r->known, r->nknown + 1, sizeof *r->known);
	r->known[r->nknown].location = xstrdup(feed->location ? feed->location : "");
	r->known[r->nknown].id = id;
	r->nknown++;
	return id;
}


static const char *
item_content(void *ud)
{
	const struct nr_item *item = ud;

	return item->content != NULL ? item->content : item->summary;
}

/* Whether an ignore rule matches item, a new article of feed. */
static int
ignored(const struct run *r, const struct nr_feed *feed, const struct nr_item *item)
{
	const struct nr_loader *ld = r->ld;
	struct nr_filter_subject s;

	if (ld->ignore == NULL && ld->source_ignore == NULL) {
		return 0;
	}
	memset(&s, 0, sizeof s);
	s.title = item->title;
	s.author = item->author;
	/* The feed's title may come after its items: the configured one,
	 * else what the feed said so far. */
	s.source = r->title != NULL ? r->title : feed->title;
	s.link = item->link;
	s.content = item_content;
	s.ud = (void *)item;
	s.tags = ld->tags;
	s.ntags = ld->ntags;
	s.unread = 1;
	s.published = item->published;
	s.date = item->published != NR_TIME_UNKNOWN ? item->published
	    : item->updated != NR_TIME_UNKNOWN ? item->updated : ld->now;
	return (ld->ignore != NULL && nr_filter_match(ld->ignore, &s, ld->now)) ||
	    (ld->source_ignore != NULL && nr_filter_match(ld->source_ignore, &s, ld->now));
}

static int
on_item(void *ud, struct nr_feed *feed, struct nr_item *item)
{
	struct run *r = ud;
	int ignore;

	if (r->failed) {
		return -1;
	}
	r->stats->items++;
	if (r->ld->yield != NULL && r->stats->items % NR_LOAD_SLICE == 0 && r->ld->yield(r->ld->yield_ud)) {
		r->failed = 1;
		nr_err_set(&r->err, NR_ERR_IO, "%s", _("interrupted"));
		return -1;
	}
	/* A feed of a million items is not a million rows: past the limit
	 * the parser goes on (the feed's title may come after its items),
	 * the store does not. */
	ignore = ignored(r, feed, item);
	if (r->ld->store != NULL && (r->ld->max_items <= 0 || r->stats->items <= r->ld->max_items)) {
		enum nr_put_result res;
		int64_t id = store_feed(r, feed);

		if (id < 0 || (ignore ? nr_store_put_ignored : nr_store_put_item)(r->ld->store, id, item, r->ld->now,
		    &res, &r->err) < 0) {
			r->failed = 1;
			return -1;
		}
		r->stats->added += res == NR_PUT_NEW && !ignore;
		r->stats->ignored += res == NR_PUT_NEW && ignore;
		r->stats->changed += res == NR_PUT_CHANGED;
	} else if (ignore) {
		r->stats->ignored++;
	}
	if (r->ld->list != NULL && !ignore) {
		return r->list_sink.item(r->list_sink.ud, feed, item);
	}
	return 0;
}

static void
on_feed_done(void *ud, struct nr_feed *feed)
{
	struct run *r = ud;

	r->stats->files++;
	if (r->title != NULL) {
		free(feed->title);
		feed->title = xstrdup(r->title);
	}
	if (r->ld->store != NULL && !r->failed) {
		int64_t id;

		/* Its final title and link (a feed may name them after its
		 * items), and the stamp of the file it was read whole from;
		 * read with a problem, the file is read again next time. */
		if ((id = store_feed(r, feed)) < 0 || nr_store_put_feed(r->ld->store, feed, &r->err) < 0 ||
		    (r->file != NULL && feed->location != NULL && strcmp(feed->location, r->file) == 0 &&
		    nr_store_set_stamp(r->ld->store, id, r->file_problem ? NULL : &r->stamp, &r->err) < 0)) {
			r->failed = 1;
		}
	}
	if (r->ld->list != NULL) {
		r->list_sink.feed_done(r->list_sink.ud, feed);
	}
}

static void
on_problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct run *r = ud;

	r->file_problem = 1;
	if (r->ld->problem != NULL) {
		r->ld->problem(r->ld->ud, location, err, warning);
	}
}

/* A file of a source: one unchanged since it was read whole into the
 * database (its stamp stored with its feed) is not read again. */
static int
on_file(void *ud, const char *location, const struct nr_file_stamp *stamp)
{
	struct run *r = ud;
	int same;

	free(r->file);
	r->file = NULL;
	if (r->failed) {
		return 0;
	}
	same = nr_store_stamp_same(r->ld->store, location, stamp, r->title, &r->err);
	if (same < 0) {
		r->failed = 1;
		return 0;
	}
	if (same) {
		r->stats->files++;
		r->stats->unchanged++;
		return 1;
	}
	r->file = xstrdup(location);
	r->stamp = *stamp;
	r->file_problem = 0;
	return 0;
}

/* Whether a file is unchanged since it was stored, as on_file would say,
 * without counting it: asked ahead, so that it is not parsed in vain. */
static int
peek_file(void *ud, const char *location, const struct nr_file_stamp *stamp)
{
	struct run *r = ud;
	struct nr_err e;

	return !r->failed && nr_store_stamp_same(r->ld->store, location, stamp, r->title, &e) > 0;
}

/* The parsing threads' help, on any of them: a body of the load
 * compressed (store/body.c). */
static int
help_store(void *ud)
{
	struct run *r = ud;

	return nr_store_help(r->ld->store);
}

/* A run of the loader over one source, and the sink the parsers deliver
 * to. */
static void
start_run(struct run *r, struct nr_sink *sink, struct nr_loader *ld, const char *title,
    struct nr_load_stats *stats)
{
	memset(r, 0, sizeof *r);
	r->ld = ld;
	r->title = title;
	r->stats = stats;
	if (ld->list != NULL) {
		r->list_sink = nr_list_sink(ld->list);
	}
	sink->ud = r;
	sink->item = on_item;
	sink->feed_done = on_feed_done;
	sink->problem = on_problem;
	sink->file = NULL;
}

struct nr_source_ahead *
nr_load_ahead(const char *path, const struct nr_parse_opts *opts, int ignore_rules)
{
	int threads = nr_source_parse_threads(path, load_threads(), 1);

	/* As nr_load_source: into the database alone, a file's look is
	 * asked for unless ignore rules apply. */
	return threads > 0 ? nr_source_ahead_start(path, opts, threads, !ignore_rules) : NULL;
}

int
nr_load_source(struct nr_loader *ld, const char *path, const char *title, struct nr_load_stats *stats,
    struct nr_err *err)
{
	struct run r;
	struct nr_sink sink;
	long n;
	int threads = 0;

	memset(stats, 0, sizeof *stats);
	start_run(&r, &sink, ld, title, stats);

	/* Into the database alone, a file unchanged since it was stored
	 * is not read again (a list must have its articles). Not with
	 * ignore rules: a rule added since applies to known articles as
	 * they come again, so they must come. */
	if (ld->store != NULL && ld->list == NULL && ld->ignore == NULL && ld->source_ignore == NULL) {
		sink.file = on_file;
	}
	/* Into the database alone, a folder's files are parsed on other
	 * threads while this one stores them, in the same order; the bodies
	 * are compressed by whichever of them has time. */
	if (ld->store != NULL && ld->list == NULL) {
		threads = nr_source_parse_threads(path, load_threads(), 1);
	}
	/* A folder may be a whole library: into an empty database, its
	 * indexes are built once at the end. */
	if (ld->store != NULL && nr_store_begin_bulk(ld->store, threads > 0, err) < 0) {
		return -1;
	}
	if (threads > 0) {
		n = nr_source_ahead_load(ld->ahead, path, &ld->opts, &sink, peek_file, help_store, threads, err);
		ld->ahead = NULL;
	} else {
		n = nr_source_load(path, &ld->opts, &sink, err);
	}
	for (size_t i = 0; i < r.nknown; i++) {
		free(r.known[i].location);
	}
	free(r.known);
	free(r.file);
	if (r.failed) {
		*err = r.err;
		nr_store_rollback(ld->store);
		return -1;
	}
	if (n <= 0) {
		if (ld->store != NULL) {
			nr_store_rollback(ld->store);
		}
		if (n == 0) {
			/* The file's own problem went to ld->problem already. */
			nr_err_set(err, NR_ERR_PARSE, "%s", "");
		}
		return -1;
	}
	if (ld->store != NULL && nr_store_commit(ld->store, err) < 0) {
		nr_store_rollback(ld->store);
		return -1;
	}
	return 0;
}

int
nr_load_mem(struct nr_loader *ld, const char *data, size_t len, const char *location, const char *title,
    const struct nr_load_fetch *fetch, struct nr_load_stats *stats, struct nr_err *warning, struct nr_err *err)
{
	struct run r;
	struct nr_sink sink;
	struct nr_feed feed;
	enum nr_kind kind;
	const char *base = fetch != NULL && fetch->base != NULL ? fetch->base : location;
	size_t offset;
	int rc;

	memset(stats, 0, sizeof *stats);
	nr_err_clear(warning);
	if (len == 0 || nr_source_blank(data, len)) {
		nr_err_set(err, NR_ERR_EMPTY, "%s", _("not a feed: the answer is empty"));
		return -1;
	}
	kind = nr_source_sniff_at(data, len < NR_SOURCE_SNIFF_BYTES ? len : NR_SOURCE_SNIFF_BYTES, location, &offset);
	switch (kind) {
	case NR_KIND_RSS:
	case NR_KIND_RDF:
	case NR_KIND_ATOM:
	case NR_KIND_JSON:
		break;
	case NR_KIND_HTML:
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("not a feed: the answer is an HTML page"));
		return -1;
	case NR_KIND_TEXT:
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("not a feed: the answer is plain text"));
		return -1;
	default:
		nr_err_set(err, NR_ERR_BINARY, "%s", _("not a feed: the answer is not text"));
		return -1;
	}

	start_run(&r, &sink, ld, title, stats);
	nr_feed_init(&feed);
	feed.location = xstrdup(location);
	feed.kind = kind;

	if (ld->store != NULL && nr_store_begin(ld->store, err) < 0) {
		nr_feed_clear(&feed);
		return -1;
	}
	if (kind == NR_KIND_JSON) {
		rc = nr_jsonfeed_parse(data, len, base, &ld->opts, &feed, &sink, err);
	} else {
		rc = nr_xmlfeed_parse_mem(data + offset, len - offset, base, &ld->opts, &feed, &sink, warning, err);
		if (rc == 0 && warning->code == NR_ERR_NONE && !nr_source_blank(data, offset)) {
			nr_err_set(warning, NR_ERR_PARSE, _("skipped %zu bytes of text before the feed"), offset);
		}
	}
	if (rc == 0 && !r.failed && stats->items == 0 && warning->code != NR_ERR_NONE) {
		/* Broken before its first article: whatever came of it
		 * (a title) is not worth new validators that would make the
		 * next fetch a 304 and keep the feed empty. */
		*err = *warning;
		rc = -1;
	}
	if (rc == 0 && !r.failed) {
		if (feed.title == NULL) {
			feed.title = xstrdup(location);
		}
		on_feed_done(&r, &feed);
	}
	if (rc == 0 && !r.failed && ld->store != NULL) {
		stats->feed_id = store_feed(&r, &feed);
		if (stats->feed_id < 0) {
			r.failed = 1;
		} else if (fetch != NULL &&
		    (nr_store_set_validators(ld->store, stats->feed_id, fetch->etag, fetch->last_modified, &r.err) < 0 ||
		    nr_store_set_fetched(ld->store, stats->feed_id, fetch->when, fetch->url, &r.err) < 0)) {
			r.failed = 1;
		} else if (ld->max_items > 0 && nr_store_prune_feed(ld->store, stats->feed_id, ld->max_items, &r.err) < 0) {
			r.failed = 1;
		}
	}
	for (size_t i = 0; i < r.nknown; i++) {
		free(r.known[i].location);
	}
	free(r.known);
	nr_feed_clear(&feed);
	if (r.failed) {
		*err = r.err;
		rc = -1;
	}
	if (rc < 0) {
		nr_store_rollback(ld->store);
		stats->feed_id = 0;
		return -1;
	}
	if (ld->store != NULL && nr_store_commit(ld->store, err) < 0) {
		nr_store_rollback(ld->store);
		stats->feed_id = 0;
		return -1;
	}
	return 0;
}
