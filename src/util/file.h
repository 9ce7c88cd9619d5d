/* Whole files: reading a file the user named (an OPML list, the config
 * file, a page to render) into memory in one piece, safely: a FIFO, a
 * device or a folder is refused without blocking, and a size limit keeps
 * a huge file from filling memory. Feeds, which can be hundreds of
 * megabytes, are streamed by parse/ instead. */
#ifndef NR_FILE_H
#define NR_FILE_H

#include <stddef.h>

struct nr_err;

/* A new NUL-terminated buffer holding the regular file at path, its
 * length in *len (len may be NULL); "" for an empty file. NULL with err
 * naming the file when it cannot be opened or read, is not a regular file,
 * or holds more than limit bytes. */
char *nr_file_read(const char *path, size_t limit, size_t *len, struct nr_err *err);

#endif
