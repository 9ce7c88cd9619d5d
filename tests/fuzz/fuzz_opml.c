/* Fuzz target: an OPML subscription list, as --import-opml reads it. The
 * reader takes a path, so the input goes through a scratch file. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "markup/libxml.h"
#include "parse/opml.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialized;
	struct nr_opml_feed *feeds = NULL;
	struct nr_err err;
	long n;

	if (!initialized) {
		nr_libxml_init();
		initialized = 1;
	}
	n = nr_opml_read(fuzz_tmpfile_write(data, size), &feeds, &err);
	if (n >= 0) {
		nr_opml_free(feeds, (size_t)n);
	}
	return 0;
}
