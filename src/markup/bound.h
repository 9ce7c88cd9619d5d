/* Bounded markup: a streaming filter that sees the bytes of an XML or HTML
 * document before libxml2 does and keeps the parser's work linear in the
 * input. libxml2 checks each attribute of a start tag against all the ones
 * before it (and each xmlns: declaration against the ones in scope), so one
 * element with n attributes costs n^2: 200,000 of them take seconds to
 * minutes. The filter follows the tokens as libxml2 does (tags, quoted
 * values, comments, CDATA sections, processing instructions, the doctype
 * and its internal subset, HTML's script and style text) and cuts a start
 * tag after NR_BOUND_MAX_ATTRS attributes (the first ones stay: they carry
 * href, src and type) or NR_BOUND_MAX_TAG characters, closing what it cut
 * (a quote, a value) and keeping the tag's own end. It works across chunk
 * boundaries for the push parsers, in one pass, and passes the input
 * through without a copy when nothing needs cutting, which is nearly
 * always. Text in UTF-16 or UTF-32 is read in units of its width.
 *
 * libxml2 (2.9) also keeps every name it reads (of elements, attributes,
 * entities referred to, processing instructions, and the namespaces'
 * URIs) in a dictionary whose table stops growing at a few thousand
 * slots, so each new name costs more than the last: 300,000 different
 * names take seconds, 2,000,000 minutes. The filter counts the different
 * names it passes and stops the document (nothing more goes through) at
 * the NR_BOUND_MAX_NAMES-th, and likewise when the doctype's internal
 * subset grows past NR_BOUND_MAX_SUBSET bytes: no real feed or page comes
 * near either, and the caller says why the rest was not read. */
#ifndef NR_MARKUP_BOUND_H
#define NR_MARKUP_BOUND_H

#include <stddef.h>
#include <stdint.h>

#define NR_BOUND_MAX_ATTRS 256
#define NR_BOUND_MAX_TAG (1024 * 1024)
#define NR_BOUND_MAX_NAMES 20000
#define NR_BOUND_MAX_SUBSET (1024 * 1024)

/* Why the filter stopped passing the document, if it did. */
enum nr_bound_stop {
	NR_BOUND_GOING,
	NR_BOUND_TOO_MANY_NAMES,
	NR_BOUND_SUBSET_TOO_LONG
};

enum nr_bound_mode {
	NR_BOUND_XML,
	NR_BOUND_HTML
};

/* The filter's state between chunks; set up by nr_bound_init. */
struct nr_bound {
	unsigned char mode, width, big_endian;
	unsigned char state, sub, quote, ret, subset;
	unsigned char raw, rawmatch, namelen, kwlen, dropping, slash;
	unsigned char prev[3];          /* the last characters, newest first */
	char name[8];                   /* the start of the tag's name, lowercase */
	char kw[8];                     /* what follows "<!" so far */
	unsigned char part[4];          /* a unit cut by the end of a chunk */
	size_t npart;
	size_t attrs, taglen;
	/* HTML: the attributes of every <html>, <head> and <body> count
	 * together, since libxml2 adds each one a page repeats to the first,
	 * checking it against all the ones before. */
	size_t merged;
	unsigned char merging;
	long cuts;                      /* tags cut */
	/* The different names passed (a set of their hashes, allocated at
	 * the first), the name being read, and the subset's length. */
	uint32_t *names;
	size_t nnames;
	uint32_t hash, rawv;            /* rawv: the unit being read */
	unsigned char naming;           /* a name is being read */
	unsigned char stop;             /* enum nr_bound_stop */
	unsigned char aname[6], anamelen; /* the start of an attribute's name */
	unsigned char uri;              /* the value is a namespace's URI */
	size_t subset_len;
};

/* The width of the document's units (1, 2 or 4 bytes) and their byte
 * order, from its first bytes (a byte order mark, or the zero bytes around
 * "<"): anything else is read a byte at a time, which serves UTF-8 and
 * every character set with ASCII in its lower half. */
void nr_bound_sniff(const char *data, size_t n, int *width, int *big_endian);

void nr_bound_init(struct nr_bound *b, enum nr_bound_mode mode, int width, int big_endian);

/* Pass data[0..n) through the filter to emit, which gets the output as
 * pieces of the input in order and the small strings that close what was
 * cut (one piece, data itself, when nothing is). A unit cut by the end of
 * the chunk waits for the next one. */
void nr_bound_feed(struct nr_bound *b, const char *data, size_t n,
    void (*emit)(void *ctx, const char *p, size_t n), void *ctx);

/* The end of the document: what is still held back. */
void nr_bound_finish(struct nr_bound *b, void (*emit)(void *ctx, const char *p, size_t n), void *ctx);

/* Free what the filter holds; b can be set up again with nr_bound_init. */
void nr_bound_free(struct nr_bound *b);

/* Why the filter stopped (NR_BOUND_GOING if it did not), in words for a
 * message ("more than 20,000 different names"), or NULL. */
const char *nr_bound_stop_reason(enum nr_bound_stop stop);

/* The whole document data[0..n) filtered into a new string (of *len bytes,
 * with a NUL after them), or NULL if nothing in it needs cutting: the
 * caller parses data as it is. The width of units comes from
 * nr_bound_sniff. *stop (if stop is not NULL) says whether and why the
 * copy ends early. */
char *nr_bound_copy(const char *data, size_t n, enum nr_bound_mode mode, size_t *len,
    enum nr_bound_stop *stop);

/* What nr_bound_copy did to a document, in words for a warning: copied
 * says it returned a copy, stop why the copy ends early. A new string
 * ("...: the rest is not read", or that a tag was cut short), or NULL when
 * the document was read as it is. */
char *nr_bound_warning(int copied, enum nr_bound_stop stop);

/* Whether a document in the encoding named name (a label from an XML
 * declaration or a meta charset) writes its markup in ASCII bytes, as the
 * filter reads it: UTF-8, Latin-1, windows-125x, Shift_JIS, EUC-* and the
 * like are; UTF-7 and EBCDIC are not, and a document in them would pass
 * the filter uncounted. A name iconv does not know is taken as ASCII
 * (libxml2 cannot switch to it either). */
int nr_bound_encoding_ok(const char *name);

/* Whether the encoding named is a stateful one whose text could hide
 * markup characters from the filter: ISO-2022-JP, -KR, -CN shift into
 * two-byte sets with escape sequences or SO/SI, and write their letters
 * with bytes that are '<' or '"' in ASCII. nr_bound_encoding_ok says no to
 * them; read such a document converted to UTF-8 first. */
int nr_bound_encoding_shifts(const char *name);

/* Why a document in the encoding named cannot be filtered as it is, in
 * words for a message. */
const char *nr_bound_encoding_problem(const char *name);

/* The encoding the XML declaration at the start of data names, into
 * value (empty if the declaration names none or there is no declaration).
 * Returns 0, or -1 if the start cannot be read as a declaration at all. */
int nr_bound_declared_encoding(const char *data, size_t n, char *value, size_t size);

/* Whether the XML document starting with data[0..n) declares an encoding
 * the filter cannot follow (nr_bound_encoding_ok), named in value. */
int nr_bound_xml_refused(const char *data, size_t n, char *value, size_t size);

#endif
