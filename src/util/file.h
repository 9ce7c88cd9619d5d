/* Files the user names, read and written safely. Reading (an OPML list,
 * the config file, a page to render, a state file): a FIFO, a device or a
 * folder is refused without blocking, and a size limit keeps a huge file
 * from filling memory; whole files come into memory in one piece, line
 * readers get a stream. Feeds, which can be hundreds of megabytes, are
 * streamed by parse/ instead. Writing (exports, saved articles): the
 * output goes where the name says: a regular file (or a new one) is
 * written to a temporary file beside it and renamed over it, so a failure
 * never leaves half a file; a symbolic link is followed and the file it
 * points to replaced, the link kept; a FIFO, a terminal or a device such
 * as /dev/stdout is written straight into, never replaced by a file. */
#ifndef NR_FILE_H
#define NR_FILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct nr_err;

/* A new NUL-terminated buffer holding the regular file at path, its
 * length in *len (len may be NULL); "" for an empty file. NULL with err
 * naming the file when it cannot be opened or read, is not a regular file,
 * or holds more than limit bytes. */
char *nr_file_read(const char *path, size_t limit, size_t *len, struct nr_err *err);

/* The regular file at path opened for reading, as nr_file_read would
 * accept it (not a FIFO, a device or a folder; at most limit bytes when
 * opened). NULL with err naming the file otherwise, errno then telling
 * why (ENOENT for a missing file, EINVAL for one that is not regular,
 * EFBIG for one too large). */
FILE *nr_file_open(const char *path, size_t limit, struct nr_err *err);

/* A file being written; see nr_file_create. */
struct nr_file_out {
	FILE *fp;       /* write the contents here */
	char *path;     /* the file written: path with symbolic links followed */
	char *tmp;      /* the temporary file renamed over path, or NULL when
			 * path is written straight (not a regular file) */
};

/* Start writing the file at path: out->fp receives the contents, which
 * reach path only with nr_file_commit. A new file gets mode (less the
 * umask); a regular file replaced keeps its permissions. -1 with err
 * naming the file when it cannot be written (a folder, a missing folder,
 * a broken symbolic link into nowhere). */
int nr_file_create(struct nr_file_out *out, const char *path, mode_t mode, struct nr_err *err);

/* nr_file_create for the interface, which must not wait: a FIFO that no
 * process reads is an error instead of a wait for a reader. */
int nr_file_create_nowait(struct nr_file_out *out, const char *path, mode_t mode, struct nr_err *err);
/* Finish: flush, sync, close and (for a regular file) rename into place.
 * -1 with err when any of it failed (a full disk, /dev/full); a regular
 * file is then left as it was. out is released either way. */
int nr_file_commit(struct nr_file_out *out, struct nr_err *err);
/* Give up: close, remove the temporary file, release out. */
void nr_file_discard(struct nr_file_out *out);

#endif
