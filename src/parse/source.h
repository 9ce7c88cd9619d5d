/* Local sources: a path that is a file (its format found by content, not by
 * its name) or a folder (every readable article or feed below it). Each
 * file becomes a feed delivered to a sink; a file that cannot be read is
 * reported to the sink and the others still load. Also the one sniffing
 * of a format from the first bytes (nr_source_sniff), for a file's head
 * and a fetched answer alike. */
#ifndef NR_PARSE_SOURCE_H
#define NR_PARSE_SOURCE_H

#include <stddef.h>

#include "core/err.h"
#include "core/model.h"
#include "parse/xmlfeed.h"

/* How many first bytes of a file or an answer its format is told from. */
#define NR_SOURCE_SNIFF_BYTES 4096

/* The format of a file from its first bytes (and its name, only to tell
 * HTML from text when the content leaves it open). NR_KIND_UNKNOWN if the
 * bytes are not text. */
enum nr_kind nr_source_sniff(const char *head, size_t n, const char *name);
/* The same, and in *offset where the format's parser is to start reading:
 * past a byte order mark and white space, or past a line or two of a
 * server's text printed before a feed. */
enum nr_kind nr_source_sniff_at(const char *head, size_t n, const char *name, size_t *offset);
/* Whether s[0..n) is nothing but white space and a UTF-8 byte order mark. */
int nr_source_blank(const char *s, size_t n);

/* Load path (a file or a folder) into sink. Returns the number of files
 * that loaded, or -1 with err if path itself cannot be read (missing,
 * unreadable). Problems with single files go to sink->problem. */
long nr_source_load(const char *path, const struct nr_parse_opts *opts, const struct nr_sink *sink,
    struct nr_err *err);

/* nr_source_load, a folder's files parsed on threads threads at once (0:
 * the machine's cores but the calling thread's, with help, or beyond two
 * without; none: nr_source_load itself), with the same calls of
 * sink's callbacks in the same order, all made on the calling thread.
 * peek, if not NULL (and sink->file is not), is asked on the calling
 * thread, ahead of the sink's calls for the file, whether the file at
 * location with stamp is unchanged (as sink->file would say, without its
 * effects), so that such files are not parsed in vain; sink->file still
 * decides when the file's turn comes. A few files are parsed ahead of the
 * sink at most. help, if not NULL, is called with sink->ud by any of the
 * threads, the calling one too, when it would otherwise wait: a piece of
 * the sink's own work that may be done on any thread (the store's
 * packing of bodies); it returns 1 if it did one, 0 if there was none. */
long nr_source_load_threads(const char *path, const struct nr_parse_opts *opts, const struct nr_sink *sink,
    int (*peek)(void *ud, const char *location, const struct nr_file_stamp *stamp), int (*help)(void *ud),
    int threads, struct nr_err *err);
/* A folder's parse started before the sink it is for is ready (a load
 * into a database still being made): threads threads (0: as
 * nr_source_load_threads would start, helped) parse its first files ahead;
 * files says whether the sink will have a file callback. NULL if path is
 * not a folder that can be read, or no thread is to be had. */
struct nr_source_ahead;
struct nr_source_ahead *nr_source_ahead_start(const char *path, const struct nr_parse_opts *opts, int threads,
    int files);
/* nr_source_load_threads with a (which is freed), what it parsed played
 * first; if a is NULL or was started for another path or other options,
 * it is dropped and the load is nr_source_load_threads itself. */
long nr_source_ahead_load(struct nr_source_ahead *a, const char *path, const struct nr_parse_opts *opts,
    const struct nr_sink *sink, int (*peek)(void *ud, const char *location, const struct nr_file_stamp *stamp),
    int (*help)(void *ud), int threads, struct nr_err *err);
/* A parse started and not loaded, stopped and dropped; NULL is a no-op. */
void nr_source_ahead_free(struct nr_source_ahead *a);
/* How many parsing threads nr_source_load_threads will start for path
 * with threads (and help, if helped): 0 when the calling thread reads it
 * alone (a file, or one core). */
int nr_source_parse_threads(const char *path, int threads, int helped);

#endif
