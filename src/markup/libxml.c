#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "markup/libxml.h"

/*
 * libxml2's process-wide settings, made once before any parse, and the
 * HTML parser's options.
 */

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

/* The generic error handler is each thread's own in libxml2 (the rest is
 * the process's, and setting it again is harmless): every thread that
 * parses calls this first (parse/source.c's workers do). */
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

int
nr_libxml_html_options(void)
{
	return HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
	    | HTML_PARSE_IGNORE_ENC;
}

void
nr_libxml_subset_done(void *ctx, const unsigned char *name, const unsigned char *external_id,
    const unsigned char *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;

	xmlSAX2ExternalSubset(ctx, name, external_id, system_id);
	if (ctxt->attsDefault != NULL) {
		xmlHashFree(ctxt->attsDefault, xmlHashDefaultDeallocator);
		ctxt->attsDefault = NULL;
	}
}
