#include "config.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "markup/bound.h"
#include "nls.h"

/*
 * The filter: a tokenizer as small as the question it answers (where does
 * each start tag begin and end, and where does each of its attributes
 * begin), following libxml2's XML and HTML parsers. Where the two readings
 * could part, it takes the one that counts more attributes: a wrong guess
 * then cuts a tag of a broken document, never lets a long one through.
 */

enum state {
	S_TEXT,
	S_LT,           /* after '<' */
	S_BANG,         /* after "<!": kw holds what follows */
	S_COMMENT,
	S_CDATA,
	S_PI,
	S_DECL,         /* XML's doctype */
	S_DLT,          /* '<' in the internal subset */
	S_DBANG,        /* "<!" in the internal subset */
	S_BOGUS,        /* up to the next '>' */
	S_ENDLT,        /* after "</" */
	S_ENDTAG,
	S_TAG,
	S_RAW           /* HTML's script and style: text up to their end tag */
};

enum sub {
	T_NAME,
	T_SPACE,
	T_ANAME,
	T_AFTER,        /* blanks after an attribute's name */
	T_EQ,           /* after '=' */
	T_QVALUE,
	T_UVALUE,
	T_BOGUS         /* what is no attribute, up to a blank */
};

/* What becomes of a unit. */
enum act {
	KEEP,
	CUT,            /* the tag is cut before it: the fix-up, then nothing */
	DROP,
	RESUME,         /* the end of a cut tag: the fix-up instead of it */
	RESUME_KEEP,    /* the end of a cut tag, kept (XML's '<') */
	STOP            /* nothing more passes, this unit neither */
};

/* What the name being read is. */
enum naming {
	N_NONE,
	N_NAME,         /* an element's, attribute's or target's name */
	N_REF0,         /* after '&': a name, or '#' and a number */
	N_REF,          /* the name of an entity referred to */
	N_URI           /* a namespace's URI, up to its quote */
};

/* The slots of the set of names' hashes: a power of two, the set never
 * more than two thirds full. */
#define NAME_SLOTS 32768

/* Any character outside ASCII. */
#define OTHER 0x80

static int
is_blank(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
is_alpha(unsigned c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int
name_start(const struct nr_bound *b, unsigned c)
{
	if (is_alpha(c) || c == '_' || c == ':') {
		return 1;
	}
	return b->mode == NR_BOUND_XML ? c == OTHER : c == '.';
}

static int
name_char(const struct nr_bound *b, unsigned c)
{
	return name_start(b, c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static int
is_xml(const struct nr_bound *b)
{
	return b->mode == NR_BOUND_XML;
}

void
nr_bound_sniff(const char *data, size_t n, int *width, int *big_endian)
{
	const unsigned char *u = (const unsigned char *)data;

	*width = 1;
	*big_endian = 0;
	if (n >= 4 && ((u[0] == 0xff && u[1] == 0xfe && u[2] == 0 && u[3] == 0)
	    || (u[0] == '<' && u[1] == 0 && u[2] == 0 && u[3] == 0))) {
		*width = 4;
	} else if (n >= 4 && ((u[0] == 0 && u[1] == 0 && u[2] == 0xfe && u[3] == 0xff)
	    || (u[0] == 0 && u[1] == 0 && u[2] == 0 && u[3] == '<'))) {
		*width = 4;
		*big_endian = 1;
	} else if (n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == '<' && u[1] == 0))) {
		*width = 2;
	} else if (n >= 2 && ((u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0 && u[1] == '<'))) {
		*width = 2;
		*big_endian = 1;
	}
}

void
nr_bound_init(struct nr_bound *b, enum nr_bound_mode mode, int width, int big_endian)
{
	memset(b, 0, sizeof *b);
	b->mode = (unsigned char)mode;
	b->width = (unsigned char)(width == 2 || width == 4 ? width : 1);
	b->big_endian = big_endian != 0;
	b->state = S_TEXT;
}

/* The character of the unit at p: ASCII as it is, anything else OTHER. */
static inline unsigned
unit(const struct nr_bound *b, const unsigned char *p)
{
	unsigned long v = 0;
	int i;

	if (b->width == 1) {
		return p[0] < 0x80 ? p[0] : OTHER;
	}
	for (i = 0; i < b->width; i++) {
		v = (v << 8) | p[b->big_endian ? i : b->width - 1 - i];
	}
	return v < 0x80 ? (unsigned)v : OTHER;
}

/* The value of the unit at p, whatever it is: what names are told apart by. */
static inline uint32_t
raw_unit(const struct nr_bound *b, const unsigned char *p)
{
	uint32_t v = 0;
	int i;

	if (b->width == 1) {
		return p[0];
	}
	for (i = 0; i < b->width; i++) {
		v = (v << 8) | p[b->big_endian ? i : b->width - 1 - i];
	}
	return v;
}

/* FNV-1a over a name's units. */
static inline void
hash_unit(struct nr_bound *b, uint32_t v)
{
	do {
		b->hash = (b->hash ^ (v & 0xff)) * 16777619u;
		v >>= 8;
	} while (v != 0);
}

static void
hash_bytes(struct nr_bound *b, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		b->hash = (b->hash ^ p[i]) * 16777619u;
	}
}

static void
name_begin(struct nr_bound *b, enum naming kind)
{
	b->naming = (unsigned char)kind;
	b->hash = 2166136261u;
}

/* The end of a name: one more in the set if it is new, and the end of
 * the document if the set is full. */
static void
name_end(struct nr_bound *b)
{
	uint32_t h = b->hash != 0 ? b->hash : 1;
	size_t i;

	b->naming = N_NONE;
	if (b->names == NULL) {
		b->names = xcalloc(NAME_SLOTS, sizeof *b->names);
	}
	for (i = h & (NAME_SLOTS - 1); b->names[i] != 0; i = (i + 1) & (NAME_SLOTS - 1)) {
		if (b->names[i] == h) {
			return;
		}
	}
	if (b->nnames >= NR_BOUND_MAX_NAMES) {
		b->stop = NR_BOUND_TOO_MANY_NAMES;
		return;
	}
	b->names[i] = h;
	b->nnames++;
}

/* An entity's name read whole by a fast path (p[0..n), between '&' and
 * what ends it): counted as a unit at a time would count it. Returns
 * whether the document stops there. */
static int
whole_ref(struct nr_bound *b, const unsigned char *p, size_t n)
{
	name_begin(b, N_REF);
	hash_bytes(b, p, n);
	name_end(b);
	return b->stop != NR_BOUND_GOING;
}

static void
start_tag(struct nr_bound *b, unsigned c)
{
	b->state = S_TAG;
	b->sub = T_NAME;
	b->attrs = 0;
	b->taglen = 2;
	b->name[0] = (char)(c | 0x20);
	b->namelen = 1;
	b->merging = 0;
	name_begin(b, N_NAME);
	hash_unit(b, b->rawv);
}

/* A '<' seen in text. */
static void
open_lt(struct nr_bound *b)
{
	b->state = S_LT;
}

/* After '<'. */
static void
after_lt(struct nr_bound *b, unsigned c)
{
	if (c == '!') {
		b->state = S_BANG;
		b->kwlen = 0;
	} else if (c == '?') {
		b->state = is_xml(b) ? S_PI : S_BOGUS;
		b->ret = S_TEXT;
		b->prev[0] = b->prev[1] = 0;
		/* The target's name follows. */
		name_begin(b, N_NAME);
	} else if (c == '/') {
		b->state = S_ENDLT;
	} else if (c == '<') {
		b->state = S_LT;
	} else if (is_xml(b) ? name_start(b, c) : is_alpha(c)) {
		start_tag(b, c);
	} else {
		b->state = S_TEXT;
	}
}

/* After "<!": a comment, a CDATA section, XML's doctype, or a bogus
 * declaration. Returns whether c is still to be read in the new state. */
static int
after_bang(struct nr_bound *b, unsigned c)
{
	static const char *const kws[] = { "--", "[CDATA[", "DOCTYPE" };
	size_t i, k, prefix = 0;

	if (b->kwlen < sizeof b->kw) {
		b->kw[b->kwlen++] = (char)c;
	}
	for (i = 0; i < 3; i++) {
		size_t len = strlen(kws[i]);

		if (i > 0 && !is_xml(b)) {
			break;
		}
		for (k = 0; k < b->kwlen && k < len; k++) {
			if ((i == 2 ? (b->kw[k] & ~0x20) : b->kw[k]) != kws[i][k]) {
				break;
			}
		}
		if (k < b->kwlen) {
			continue;
		}
		if (b->kwlen == len) {
			b->state = i == 0 ? S_COMMENT : i == 1 ? S_CDATA : S_DECL;
			b->ret = S_TEXT;
			b->quote = 0;
			b->subset = 0;
			b->prev[0] = b->prev[1] = b->prev[2] = 0;
			return 0;
		}
		prefix = 1;
	}
	if (prefix) {
		return 0;
	}
	b->state = S_BOGUS;
	return 1;
}

/* The end of a start tag (at '>'). */
static void
end_tag(struct nr_bound *b)
{
	b->state = S_TEXT;
	if (!is_xml(b) && b->slash == 0 && ((b->namelen == 6 && memcmp(b->name, "script", 6) == 0)
	    || (b->namelen == 5 && memcmp(b->name, "style", 5) == 0))) {
		/* libxml2 reads their content as text up to "</name". */
		b->state = S_RAW;
		b->raw = b->namelen;
		b->rawmatch = 0;
	}
}

/* What closes a tag cut at its current point. */
static const char *
cut_fixup(struct nr_bound *b)
{
	switch (b->sub) {
	case T_QVALUE:
		return b->quote == '"' ? "\"" : "'";
	case T_EQ:
		return is_xml(b) ? "\"\"" : "";
	case T_ANAME:
	case T_AFTER:
		return is_xml(b) ? "=\"\"" : "";
	default:
		return "";
	}
}

/* One character of a start tag. */
static enum act
in_tag(struct nr_bound *b, unsigned c, const char **fix)
{
	int dropping = b->dropping;

	if (c == '<' && is_xml(b)) {
		/* No '<' is part of an XML tag, not even of a quoted value:
		 * libxml2 ends the tag there and reads on from it. */
		b->state = S_LT;
		if (dropping) {
			b->dropping = 0;
			return RESUME_KEEP;
		}
		return KEEP;
	}
	if (!dropping && ++b->taglen > NR_BOUND_MAX_TAG) {
		*fix = cut_fixup(b);
		b->dropping = 1;
		b->cuts++;
		dropping = -1;
	}
again:
	switch (b->sub) {
	case T_NAME:
		if (name_char(b, c)) {
			if (b->namelen < sizeof b->name) {
				b->name[b->namelen++] = (char)(c | 0x20);
			} else {
				b->namelen = sizeof b->name;
			}
			break;
		}
		b->sub = T_SPACE;
		if (!is_xml(b) && b->namelen == 4 && (memcmp(b->name, "html", 4) == 0
		    || memcmp(b->name, "head", 4) == 0 || memcmp(b->name, "body", 4) == 0)) {
			b->merging = 1;
			b->attrs = b->merged;
		}
		goto again;
	case T_SPACE:
		if (is_blank(c) || c == '/' || c == '>') {
			break;
		}
		if (!dropping && b->merging && b->merged <= NR_BOUND_MAX_ATTRS) {
			b->merged++;
		}
		if (!dropping && ++b->attrs > NR_BOUND_MAX_ATTRS) {
			*fix = "";
			b->dropping = 1;
			b->cuts++;
			dropping = -1;
		}
		b->sub = name_start(b, c) ? T_ANAME : T_BOGUS;
		b->uri = 0;
		if (b->sub == T_ANAME && !dropping) {
			/* What is dropped reaches no dictionary. */
			name_begin(b, N_NAME);
			hash_unit(b, b->rawv);
			b->aname[0] = (unsigned char)c;
			b->anamelen = 1;
		}
		break;
	case T_ANAME:
		if (name_char(b, c)) {
			if (b->anamelen < sizeof b->aname) {
				b->aname[b->anamelen++] = (unsigned char)c;
			}
			break;
		}
		/* "xmlns" and "xmlns:p" declare a namespace, whose URI
		 * libxml2 keeps with the names. */
		b->uri = is_xml(b) && !dropping && ((b->anamelen == 5 && memcmp(b->aname, "xmlns", 5) == 0)
		    || (b->anamelen == 6 && memcmp(b->aname, "xmlns:", 6) == 0));
		if (c == '=') {
			b->sub = T_EQ;
			break;
		}
		b->sub = is_blank(c) ? T_AFTER : T_SPACE;
		goto again;
	case T_AFTER:
		if (is_blank(c)) {
			break;
		}
		if (c == '=') {
			b->sub = T_EQ;
			break;
		}
		b->sub = T_SPACE;
		goto again;
	case T_EQ:
		if (is_blank(c)) {
			break;
		}
		if (c == '"' || c == '\'') {
			b->sub = T_QVALUE;
			b->quote = (unsigned char)c;
			if (b->uri) {
				name_begin(b, N_URI);
			}
			break;
		}
		if (c == '>') {
			b->sub = T_SPACE;
			goto again;
		}
		b->sub = T_UVALUE;
		if (c == '&' && !dropping) {
			name_begin(b, N_REF0);
		}
		break;
	case T_QVALUE:
		if (c == b->quote) {
			b->sub = T_SPACE;
		} else if (c == '&' && !dropping && b->naming == N_NONE) {
			name_begin(b, N_REF0);
		}
		/* The quote's character is no '/' of "/>". */
		b->slash = 0;
		return dropping > 0 ? DROP : dropping < 0 ? CUT : KEEP;
	case T_UVALUE:
	case T_BOGUS:
		if (c == '&' && b->sub == T_UVALUE && !dropping) {
			name_begin(b, N_REF0);
		}
		if (is_blank(c)) {
			b->sub = T_SPACE;
		} else if (c == '>') {
			b->sub = T_SPACE;
			goto again;
		}
		break;
	}
	if (c == '>' && (b->sub == T_SPACE)) {
		end_tag(b);
		if (dropping > 0) {
			b->dropping = 0;
			*fix = b->slash ? "/>" : ">";
			return RESUME;
		}
		return dropping < 0 ? CUT : KEEP;
	}
	b->slash = c == '/' && b->sub == T_SPACE;
	return dropping > 0 ? DROP : dropping < 0 ? CUT : KEEP;
}

/* Whether the last characters read, newest first, are s. */
static int
ends_with(const struct nr_bound *b, unsigned c, const char *s)
{
	size_t i, n = strlen(s);

	if (c != (unsigned char)s[0]) {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if (b->prev[i - 1] != (unsigned char)s[i]) {
			return 0;
		}
	}
	return 1;
}

static void
remember(struct nr_bound *b, unsigned c)
{
	b->prev[2] = b->prev[1];
	b->prev[1] = b->prev[0];
	b->prev[0] = (unsigned char)c;
}

/* One character; *fix is what is emitted for a CUT or RESUME. */
static enum act
step_state(struct nr_bound *b, unsigned c, const char **fix)
{
	switch (b->state) {
	case S_TEXT:
		if (c == '<') {
			open_lt(b);
		} else if (c == '&') {
			name_begin(b, N_REF0);
		}
		return KEEP;
	case S_LT:
		after_lt(b, c);
		return KEEP;
	case S_BANG:
		if (after_bang(b, c)) {
			return step_state(b, c, fix);
		}
		return KEEP;
	case S_COMMENT:
		/* libxml2's HTML parser also ends one at "--!>" (not at
		 * "<!-->" as a browser would). */
		if (ends_with(b, c, ">--") || (!is_xml(b) && ends_with(b, c, ">!--"))) {
			b->state = b->ret;
		}
		remember(b, c);
		return KEEP;
	case S_CDATA:
		if (ends_with(b, c, ">]]")) {
			b->state = S_TEXT;
		}
		remember(b, c);
		return KEEP;
	case S_PI:
		if (ends_with(b, c, ">?")) {
			b->state = b->ret;
		} else if (c == '<' && b->ret == S_TEXT) {
			/* A PI libxml2 could not read (no target) is
			 * text to it, and this may be a tag. */
			b->state = S_LT;
		}
		remember(b, c);
		return KEEP;
	case S_DECL:
		if (b->quote != 0) {
			if (c == b->quote) {
				b->quote = 0;
			}
		} else if (c == '"' || c == '\'') {
			b->quote = (unsigned char)c;
		} else if (c == '[') {
			b->subset = 1;
		} else if (c == ']') {
			b->subset = 0;
		} else if (c == '<' && b->subset) {
			b->state = S_DLT;
		} else if (c == '>' && !b->subset) {
			b->state = S_TEXT;
		}
		return KEEP;
	case S_DLT:
		if (c == '!') {
			b->state = S_DBANG;
			b->kwlen = 0;
		} else if (c == '?') {
			b->state = S_PI;
			b->ret = S_DECL;
			b->prev[0] = b->prev[1] = 0;
		} else if (name_start(b, c)) {
			/* Markup that is no declaration: libxml2 stops reading
			 * the doctype there and takes this for the root
			 * element, so it is counted as a tag. */
			b->subset = 0;
			start_tag(b, c);
		} else {
			b->state = S_DECL;
			return step_state(b, c, fix);
		}
		return KEEP;
	case S_DBANG:
		if (c == '-' && b->kwlen == 0) {
			b->kwlen = 1;
		} else if (c == '-') {
			b->state = S_COMMENT;
			b->ret = S_DECL;
			b->prev[0] = b->prev[1] = b->prev[2] = 0;
		} else {
			b->state = S_DECL;
			return step_state(b, c, fix);
		}
		return KEEP;
	case S_ENDLT:
		/* "</" and a name is an end tag; in HTML anything else leaves
		 * "</" as text and libxml2 reads what follows as content (a
		 * tag, perhaps), so it is read again as text. */
		b->state = is_xml(b) || is_alpha(c) || c == '_' || c == ':' || c == '.' ? S_ENDTAG : S_TEXT;
		if (b->state == S_ENDTAG && name_start(b, c)) {
			name_begin(b, N_NAME);
			hash_unit(b, b->rawv);
		}
		return step_state(b, c, fix);
	case S_BOGUS:
	case S_ENDTAG:
		if (c == '>') {
			b->state = S_TEXT;
		} else if (c == '<' && (is_xml(b) || b->state == S_BOGUS)) {
			/* XML ends there (or stops); HTML's bogus markup
			 * behaves so too, but an HTML end tag runs to its
			 * '>' whatever it holds. */
			b->state = S_LT;
		}
		return KEEP;
	case S_RAW:
		/* "</script" or "</style", in any case. */
		if (c == '<') {
			b->rawmatch = 1;
		} else if (b->rawmatch == 1 && c == '/') {
			b->rawmatch = 2;
		} else if (b->rawmatch >= 2 && (unsigned char)b->name[b->rawmatch - 2] == (c | 0x20)) {
			if (++b->rawmatch == b->raw + 2) {
				b->state = S_ENDTAG;
			}
		} else {
			b->rawmatch = 0;
		}
		return KEEP;
	case S_TAG:
		return in_tag(b, c, fix);
	}
	return KEEP;
}

/* The name being read, before c goes to its state: one more unit of it,
 * or its end. */
static void
watch_name(struct nr_bound *b, unsigned c)
{
	switch (b->naming) {
	case N_NAME:
	case N_REF:
		if (name_char(b, c)) {
			hash_unit(b, b->rawv);
		} else {
			name_end(b);
		}
		break;
	case N_REF0:
		/* "&#" begins a number, which is no name. */
		if (c == '#') {
			b->naming = N_NONE;
		} else if (name_char(b, c)) {
			b->naming = N_REF;
			hash_unit(b, b->rawv);
		} else {
			name_end(b);
		}
		break;
	case N_URI:
		if (c == b->quote || c == '<') {
			name_end(b);
		} else {
			hash_unit(b, b->rawv);
		}
		break;
	default:
		break;
	}
}

static enum act
step(struct nr_bound *b, unsigned c, const char **fix)
{
	enum act act;

	if (b->naming != N_NONE) {
		watch_name(b, c);
	}
	if (b->subset && ++b->subset_len > NR_BOUND_MAX_SUBSET) {
		b->stop = NR_BOUND_SUBSET_TOO_LONG;
	}
	if (b->stop != NR_BOUND_GOING) {
		return STOP;
	}
	act = step_state(b, c, fix);
	return b->stop != NR_BOUND_GOING ? STOP : act;
}

/* emit the ASCII string s in the document's units. */
static void
emit_ascii(const struct nr_bound *b, const char *s, void (*emit)(void *, const char *, size_t), void *ctx)
{
	char out[16];
	size_t i, n = strlen(s), k = 0;
	int j;

	if (n == 0) {
		return;
	}
	for (i = 0; i < n && k + b->width <= sizeof out; i++) {
		for (j = 0; j < b->width; j++) {
			int last = b->big_endian ? j == b->width - 1 : j == 0;

			out[k++] = last ? s[i] : '\0';
		}
	}
	emit(ctx, out, k);
}

/* The unit at p (of the document, or held from the last chunk) through
 * the filter. Returns whether its bytes go on to the output. */
static int
filter_unit(struct nr_bound *b, const unsigned char *p, void (*emit)(void *, const char *, size_t), void *ctx,
    const char *start, const char *here)
{
	const char *fix = "";

	b->rawv = raw_unit(b, p);
	switch (step(b, unit(b, p), &fix)) {
	case KEEP:
		return 1;
	case STOP:
		if (here > start) {
			emit(ctx, start, (size_t)(here - start));
		}
		return 0;
	case CUT:
		if (here > start) {
			emit(ctx, start, (size_t)(here - start));
		}
		emit_ascii(b, fix, emit, ctx);
		return 0;
	case RESUME:
		emit_ascii(b, fix, emit, ctx);
		return 0;
	case RESUME_KEEP:
		return 1;
	case DROP:
		break;
	}
	return 0;
}

void
nr_bound_feed(struct nr_bound *b, const char *data, size_t n,
    void (*emit)(void *ctx, const char *p, size_t n), void *ctx)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *start, *fix = "", *next_lt = NULL;
	size_t i = 0, w = b->width, end;
	enum act act;

	if (b->stop != NR_BOUND_GOING) {
		return;
	}
	if (b->npart > 0) {
		/* A unit the last chunk cut: complete it. */
		while (b->npart < w && i < n) {
			b->part[b->npart++] = u[i++];
		}
		if (b->npart < w) {
			return;
		}
		b->npart = 0;
		b->rawv = raw_unit(b, b->part);
		act = step(b, unit(b, b->part), &fix);
		if (act == STOP) {
			return;
		}
		if (act == KEEP || act == RESUME_KEEP) {
			emit(ctx, (const char *)b->part, w);
		} else if (act == CUT || act == RESUME) {
			emit_ascii(b, fix, emit, ctx);
		}
	}
	end = i + (n - i) / w * w;
	start = b->dropping ? NULL : data + i;
	while (i < end) {
		int was = b->dropping, keep;

		if (w == 1 && !was && b->state == S_TEXT && b->naming == N_NONE) {
			/* Text, most of any document: straight to the next tag
			 * or entity reference. */
			const char *lt, *amp;

			if (next_lt == NULL || next_lt < data + i) {
				/* Once for a run of text, not at every '&'. */
				next_lt = memchr(data + i, '<', end - i);
				if (next_lt == NULL) {
					next_lt = data + end;
				}
			}
			lt = next_lt < data + end ? next_lt : NULL;
			amp = memchr(data + i, '&', (size_t)(next_lt - data) - i);

			if (amp != NULL) {
				/* Escaped markup is full of them: the name at
				 * once when the chunk holds all of it. */
				size_t k = (size_t)(amp - data) + 1, j = k;

				if (k < end && u[k] == '#') {
					i = k + 1;
					continue;
				}
				while (j < end && name_char(b, unit(b, u + j))) {
					j++;
				}
				if (j < end) {
					if (whole_ref(b, u + k, j - k)) {
						/* As a unit at a time would: up to
						 * the name's end. */
						if (start != NULL && data + j > start) {
							emit(ctx, start, (size_t)(data + j - start));
						}
						return;
					}
					i = j;
					continue;
				}
				lt = amp;
			}
			if (lt == NULL) {
				i = end;
				break;
			}
			i = (size_t)(lt - data);
		} else if (w == 1 && (b->state == S_COMMENT || b->state == S_CDATA) && b->prev[0] != '-'
		    && b->prev[0] != ']' && b->prev[0] != '!') {
			/* Unless an end has begun, straight to the next ']'
			 * or '-' that could begin one ("]]>", "-->", "--!>"):
			 * the HTML in a CDATA section has many a '>', hardly
			 * ever a ']'. */
			const char *e = memchr(data + i, b->state == S_CDATA ? ']' : '-', end - i);

			size_t to = e != NULL ? (size_t)(e - data) : end - i > 3 ? end - 3 : i;

			if (b->subset && to > i) {
				/* A comment in the doctype is part of it. */
				b->subset_len += to - i;
				if (b->subset_len > NR_BOUND_MAX_SUBSET) {
					b->stop = NR_BOUND_SUBSET_TOO_LONG;
					if (start != NULL && data + i > start) {
						emit(ctx, start, (size_t)(data + i - start));
					}
					return;
				}
			}
			if (e == NULL) {
				/* Only the last characters can start an end
				 * in the next chunk. */
				i = to;
				for (; i < end; i++) {
					remember(b, unit(b, u + i));
				}
				break;
			}
			if ((size_t)(e - data) > i) {
				/* What is skipped ends none of the ends. */
				b->prev[0] = b->prev[1] = b->prev[2] = 'x';
				i = (size_t)(e - data);
			}
		} else if (w == 1 && (b->state == S_ENDTAG || b->state == S_BOGUS) && b->naming == N_NONE) {
			/* Up to the '>' that ends them (or a '<'). */
			while (i < end && u[i] != '>' && u[i] != '<') {
				i++;
			}
			if (i == end) {
				break;
			}
		} else if (w == 1 && b->state == S_TAG && ((b->sub == T_QVALUE && b->naming != N_REF0
		    && b->naming != N_REF) || (!was && (b->sub == T_ANAME
		    || (b->sub == T_NAME && (is_xml(b) || b->namelen == sizeof b->name)))))) {
			/* A quoted value (a URL, most often) straight to its
			 * quote (in XML, or to a '<'), the rest of a name (an
			 * element's once its start is known) at once; no
			 * further than the tag's limit, where the cut is. */
			size_t room = was ? end - i : b->taglen < NR_BOUND_MAX_TAG ? NR_BOUND_MAX_TAG - 1 - b->taglen : 0;
			size_t limit = end - i > room ? i + room : end, j = i;

			if (b->sub == T_QVALUE) {
				/* To the quote, or in XML a '<', or an entity's
				 * '&' (a unit at a time from there), scanning each
				 * byte once however many of them the value holds. */
				int amp = b->naming == N_NONE && !was, lt = is_xml(b);
				unsigned char q = b->quote;

				for (;;) {
					size_t k, m;

					while (j < limit && u[j] != q && !(lt && u[j] == '<') && !(amp && u[j] == '&')) {
						j++;
					}
					if (!amp || j == limit || u[j] != '&') {
						break;
					}
					/* An entity's name at once when the chunk
					 * holds all of it. */
					k = j + 1;
					if (k < limit && u[k] == '#') {
						j = k + 1;
						continue;
					}
					for (m = k; m < limit && name_char(b, unit(b, u + m)); m++) {
					}
					if (m == limit) {
						break;
					}
					if (whole_ref(b, u + k, m - k)) {
						if (start != NULL && data + m > start) {
							emit(ctx, start, (size_t)(data + m - start));
						}
						return;
					}
					j = m;
				}
			} else {
				while (j < limit && name_char(b, unit(b, u + j))) {
					j++;
				}
				if (b->sub == T_ANAME) {
					size_t k;

					for (k = i; k < j && b->anamelen < sizeof b->aname; k++) {
						b->aname[b->anamelen++] = u[k];
					}
				}
			}
			if (b->naming == N_NAME || b->naming == N_URI) {
				hash_bytes(b, u + i, j - i);
			}
			if (!was) {
				b->taglen += j - i;
			}
			if (j > i) {
				b->slash = 0;
			}
			i = j;
			if (i == end) {
				break;
			}
		}
		keep = filter_unit(b, u + i, emit, ctx, start != NULL ? start : data + i, data + i);
		if (b->stop != NR_BOUND_GOING) {
			/* What came before is out; nothing more is. */
			return;
		}
		if (!was && !keep) {
			/* Cut here: what came before is out already. */
			start = NULL;
		} else if (was && !b->dropping) {
			start = keep ? data + i : data + i + w;
		}
		i += w;
	}
	if (!b->dropping && start != NULL && data + end > start) {
		emit(ctx, start, (size_t)(data + end - start));
	}
	/* Hold a unit the chunk cut. */
	while (end < n) {
		b->part[b->npart++] = u[end++];
	}
}

void
nr_bound_finish(struct nr_bound *b, void (*emit)(void *ctx, const char *p, size_t n), void *ctx)
{
	if (b->npart > 0 && !b->dropping && b->stop == NR_BOUND_GOING) {
		emit(ctx, (const char *)b->part, b->npart);
	}
	b->npart = 0;
}

void
nr_bound_free(struct nr_bound *b)
{
	free(b->names);
	b->names = NULL;
	b->nnames = 0;
}

const char *
nr_bound_stop_reason(enum nr_bound_stop stop)
{
	switch (stop) {
	case NR_BOUND_TOO_MANY_NAMES:
		return _("more than 20,000 different names of elements, attributes and entities");
	case NR_BOUND_SUBSET_TOO_LONG:
		return _("a doctype declaration longer than 1 MiB");
	default:
		return NULL;
	}
}

char *
nr_bound_warning(int copied, enum nr_bound_stop stop)
{
	if (stop != NR_BOUND_GOING) {
		return xasprintf(_("%s: the rest is not read"), nr_bound_stop_reason(stop));
	}
	/* A copy of the whole document: only tags were cut. */
	return copied ? xasprintf(_("an HTML tag with more than %d attributes or longer than 1 MiB was cut short"),
	    NR_BOUND_MAX_ATTRS) : NULL;
}

static void
discard(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
}

static void
collect(void *ctx, const char *p, size_t n)
{
	nr_buf_add(ctx, p, n);
}

char *
nr_bound_copy(const char *data, size_t n, enum nr_bound_mode mode, size_t *len,
    enum nr_bound_stop *stop)
{
	struct nr_bound b;
	struct nr_buf out = NR_BUF_INIT;
	int width, be;

	nr_bound_sniff(data, n, &width, &be);
	nr_bound_init(&b, mode, width, be);
	nr_bound_feed(&b, data, n, discard, NULL);
	nr_bound_free(&b);
	if (stop != NULL) {
		*stop = (enum nr_bound_stop)b.stop;
	}
	if (b.cuts == 0 && b.stop == NR_BOUND_GOING) {
		return NULL;
	}
	nr_bound_init(&b, mode, width, be);
	nr_bound_feed(&b, data, n, collect, &out);
	nr_bound_finish(&b, collect, &out);
	nr_bound_free(&b);
	*len = out.len;
	return nr_buf_steal(&out);
}

int
nr_bound_declared_encoding(const char *data, size_t n, char *value, size_t size)
{
	const char *end, *p;
	size_t len;

	value[0] = '\0';
	if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		n -= 3;
	}
	if (n < 6 || strncmp(data, "<?xml", 5) != 0) {
		return 0;
	}
	end = memmem(data, n, "?>", 2);
	if (end == NULL) {
		return -1;
	}
	p = memmem(data, (size_t)(end - data), "encoding", 8);
	if (p == NULL) {
		return 0;
	}
	p += 8;
	while (p < end && (*p == ' ' || *p == '=' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
	}
	if (p >= end || (*p != '"' && *p != '\'')) {
		return -1;
	}
	p++;
	len = 0;
	while (p + len < end && p[len] != '"' && p[len] != '\'') {
		len++;
	}
	if (len >= size || p + len >= end) {
		return -1;
	}
	memcpy(value, p, len);
	value[len] = '\0';
	return 0;
}

int
nr_bound_xml_refused(const char *data, size_t n, char *value, size_t size)
{
	/* UTF-16 named in ASCII bytes is not UTF-16, and libxml2 does not
	 * switch to it. */
	return nr_bound_declared_encoding(data, n, value, size) == 0 && value[0] != '\0'
	    && strncasecmp(value, "utf-16", 6) != 0 && strncasecmp(value, "utf16", 5) != 0
	    && !nr_bound_encoding_ok(value);
}

int
nr_bound_encoding_ok(const char *name)
{
	/* Every character the filter reads markup by, and letters. */
	static const char probe[] = "<?xml a='b' c=\"d\"?><!-- x --><![CDATA[ ]]></e f=g/>\t\r\n"
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.-";
	char out[sizeof probe * 4];
	char *in = (char *)probe, *o = out;
	size_t nin = sizeof probe - 1, nout = sizeof out;
	iconv_t cd;
	int ok;

	if (name == NULL || name[0] == '\0') {
		return 1;
	}
	cd = iconv_open(name, "UTF-8");
	if (cd == (iconv_t)-1) {
		/* Not one iconv knows: libxml2 will not switch to it either. */
		return 1;
	}
	ok = iconv(cd, &in, &nin, &o, &nout) != (size_t)-1 && nin == 0;
	if (ok) {
		/* The shift back to the initial state, if any. */
		ok = iconv(cd, NULL, NULL, &o, &nout) != (size_t)-1;
	}
	iconv_close(cd);
	return ok && (size_t)(o - out) == sizeof probe - 1 && memcmp(out, probe, sizeof probe - 1) == 0
	    && !nr_bound_encoding_shifts(name);
}

int
nr_bound_encoding_shifts(const char *name)
{
	/* Letters of many scripts, one at a time (each set has only some):
	 * a set that writes any of them with an escape, a shift or a byte
	 * that is markup in ASCII (ISO-2022-JP's ESC $ B, ISO-2022-KR's SO
	 * and SI) could hide a '<' or a quote inside its text. Shift_JIS,
	 * Big5 and GBK put ASCII letters in second bytes, never these. */
	static const char *const sample[] = {
		"\u00e9", "\u00df", "\u20ac", "\u0436", "\u03b1", "\u05d0", "\u0639", "\u0e01",
		"\u65e5", "\u672c", "\u8a9e", "\u4e2d", "\u6587", "\u3042", "\u30a2", "\ud55c", "\uad6d",
	};
	static const char markup[] = "\x0e\x0f\x1b<>\"'=/&!? \t\r\n";
	iconv_t cd;
	size_t i, k;
	int shifts = 0;

	if (name == NULL || name[0] == '\0') {
		return 0;
	}
	cd = iconv_open(name, "UTF-8");
	if (cd == (iconv_t)-1) {
		return 0;
	}
	for (i = 0; i < sizeof sample / sizeof sample[0] && !shifts; i++) {
		char out[32];
		char *in = (char *)sample[i], *o = out;
		size_t nin = strlen(sample[i]), nout = sizeof out;

		/* Back to the initial state, then the letter, then back again
		 * (what a stateful set writes to end it). */
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &in, &nin, &o, &nout) == (size_t)-1) {
			/* Not in this set. */
			continue;
		}
		iconv(cd, NULL, NULL, &o, &nout);
		for (k = 0; k < (size_t)(o - out); k++) {
			if (out[k] != '\0' && strchr(markup, out[k]) != NULL) {
				shifts = 1;
			}
		}
	}
	iconv_close(cd);
	return shifts;
}

const char *
nr_bound_encoding_problem(const char *name)
{
	if (nr_bound_encoding_shifts(name)) {
		return _("it shifts between character sets with escapes, which could hide markup");
	}
	return _("its markup is not in ASCII bytes");
}
