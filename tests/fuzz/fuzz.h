/* What the fuzz targets share: libFuzzer's entry point (defined once in
 * each tests/fuzz/fuzz_*.c; called by libFuzzer with --enable-fuzzing, else
 * by replay.c over the test corpora), and a scratch file for the parsers
 * that only read from a path. */
#ifndef NR_FUZZ_H
#define NR_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data[0..size) to this process's scratch file (made on the first
 * call in $TMPDIR, removed at exit) and return its path. Aborts if the file
 * cannot be written: a fuzz run without its input means nothing. */
const char *fuzz_tmpfile_write(const uint8_t *data, size_t size);

#endif
