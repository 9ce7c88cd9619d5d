/* Fuzz target: a saved article's bytes through the plain-text and the HTML
 * article parsers (both read from memory), as newsreader reads an article
 * file or a folder of them. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/model.h"
#include "parse/htmlfile.h"
#include "markup/libxml.h"
#include "parse/text.h"
#include "fuzz.h"

/* 2024-02-17 00:00 UTC: the date an article without one gets. */
#define MTIME INT64_C(1708128000)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialized;
	const char *bytes = (const char *)data;
	struct nr_item item;
	struct nr_err err;
	char *site = NULL;

	if (!initialized) {
		nr_libxml_init();
		initialized = 1;
	}

	nr_item_init(&item);
	(void)nr_text_parse(bytes, size, MTIME, &item, &err);
	nr_item_clear(&item);

	nr_item_init(&item);
	(void)nr_htmlfile_parse(bytes, size, MTIME, &item, &site, &err);
	free(site);
	nr_item_clear(&item);
	return 0;
}
