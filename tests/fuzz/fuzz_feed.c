/* Fuzz target: a feed file's bytes through the format sniffer, the XML feed
 * parser (RSS, RDF, Atom; bodies kept) and the JSON Feed parser, as a
 * downloaded feed or a file in a folder reaches them. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/model.h"
#include "parse/jsonfeed.h"
#include "markup/libxml.h"
#include "parse/source.h"
#include "parse/xmlfeed.h"
#include "fuzz.h"

/* A URL, so that relative links are resolved against it without the file
 * system being asked (a path would be looked up with realpath). */
#define LOCATION "https://example.org/news/feed.xml"

/* Take each item as the store would, and free it. */
static int
take_item(void *ud, struct nr_feed *feed, struct nr_item *item)
{
	struct nr_item mine = *item;

	(void)ud;
	(void)feed;
	nr_item_init(item);
	nr_item_ensure_id(&mine);
	nr_item_clear(&mine);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialized;
	const char *bytes = (const char *)data;
	struct nr_parse_opts opts = { 1 };
	struct nr_sink sink = { NULL, take_item, NULL, NULL, NULL };
	struct nr_feed feed;
	struct nr_err warning, err;

	if (!initialized) {
		nr_libxml_init();
		initialized = 1;
	}

	(void)nr_source_sniff(bytes, size, "feed.html");
	(void)nr_source_sniff(bytes, size, "feed.txt");

	nr_feed_init(&feed);
	nr_err_clear(&warning);
	nr_err_clear(&err);
	(void)nr_xmlfeed_parse_mem(bytes, size, LOCATION, &opts, &feed, &sink, &warning, &err);
	nr_feed_clear(&feed);

	(void)nr_jsonfeed_sniff(bytes, size);
	nr_feed_init(&feed);
	nr_err_clear(&err);
	(void)nr_jsonfeed_parse(bytes, size, LOCATION, &opts, &feed, &sink, &err);
	nr_feed_clear(&feed);
	return 0;
}
