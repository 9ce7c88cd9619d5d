#include "config.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "parse/libxml.h"

/* Feeds are untrusted: no external entity, DTD or XInclude is ever
 * fetched, from the network or from the file system (XXE). */
static xmlParserInputPtr
refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/* libxml2 prints to stderr by default; each parser collects its own errors
 * through its context instead. */
static void
silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void
nr_libxml_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_external);
	xmlSetGenericErrorFunc(NULL, silent);
}

void
nr_libxml_cleanup(void)
{
	xmlCleanupParser();
}
