/*
 * The filter language (filter/filter.h): a recursive-descent parser over
 * a small tokenizer, and the evaluation on an article in memory.
 *
 *   expr    := and { "or" and }
 *   and     := unary { "and" unary }
 *   unary   := "not" unary | primary
 *   primary := "(" expr ")" | FIELD [ OP VALUE ]
 *
 * POSIX regular expressions: regcomp(3) with REG_EXTENDED.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "filter/filter.h"
#include "nls.h"
#include "util/date.h"

/* Deeper nesting than this is refused: the parser recurses. */
#define MAX_DEPTH 100

static const struct {
	const char *name;
	enum nr_filter_field field;
} fields[] = {
	{ "title", NR_FIELD_TITLE },
	{ "author", NR_FIELD_AUTHOR },
	{ "source", NR_FIELD_SOURCE },
	{ "link", NR_FIELD_LINK },
	{ "content", NR_FIELD_CONTENT },
	{ "tags", NR_FIELD_TAGS },
	{ "unread", NR_FIELD_UNREAD },
	{ "starred", NR_FIELD_STARRED },
	{ "age", NR_FIELD_AGE },
	{ "published", NR_FIELD_PUBLISHED }
};

#define NFIELDS (sizeof fields / sizeof fields[0])

const char *
nr_filter_field_name(enum nr_filter_field field)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++) {
		if (fields[i].field == field) {
			return fields[i].name;
		}
	}
	return "?";
}

static int
is_text_field(enum nr_filter_field f)
{
	return f <= NR_FIELD_TAGS;
}

static int
is_bool_field(enum nr_filter_field f)
{
	return f == NR_FIELD_UNREAD || f == NR_FIELD_STARRED;
}

/* ---- tokens ---- */

enum tok {
	T_END,
	T_WORD,
	T_NUMBER,
	T_STRING,
	T_OP,           /* a comparison; op says which */
	T_LPAREN,
	T_RPAREN,
	T_BAD
};

struct parser {
	const char *text;
	const char *p;          /* the next token's start */
	/* The current token. */
	enum tok tok;
	const char *start;      /* where it starts in text */
	size_t len;             /* its length in text */
	enum nr_filter_op op;   /* T_OP */
	char *value;            /* T_STRING: the text with escapes read */
	int depth;
	struct nr_err *err;
	int failed;
};

/* The column (characters from 1) of byte offset off of text. */
static long
column_of(const char *text, size_t off)
{
	long col = 1;
	size_t i;

	for (i = 0; i < off && text[i] != '\0'; i++) {
		if (((unsigned char)text[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	return col;
}

static void fail(struct parser *ps, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	if (ps->failed) {
		return;
	}
	ps->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	nr_err_set(ps->err, NR_ERR_PARSE, _("column %ld: %s"), column_of(ps->text, (size_t)(at - ps->text)), msg);
}

/* The current token as written, for messages (at most 40 bytes, cut
 * between characters). */
static void
shown_token(const struct parser *ps, char *buf, size_t size)
{
	size_t n = ps->len;

	if (ps->tok == T_END) {
		snprintf(buf, size, "%s", _("the end"));
		return;
	}
	if (n > 40) {
		n = 40;
		while (n > 0 && ((unsigned char)ps->start[n] & 0xc0) == 0x80) {
			n--;
		}
	}
	snprintf(buf, size, "'%.*s%s'", (int)n, ps->start, n < ps->len ? "..." : "");
}

static int
is_word_start(int c)
{
	return isalpha(c) || c == '_';
}

static int
is_word_char(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* Read a quoted string starting at ps->p (a quote). */
static void
read_string(struct parser *ps)
{
	char q = *ps->p;
	const char *s = ps->p + 1;
	struct nr_buf b;

	memset(&b, 0, sizeof b);
	for (;;) {
		if (*s == '\0') {
			nr_buf_free(&b);
			ps->tok = T_BAD;
			ps->len = (size_t)(s - ps->start);
			fail(ps, ps->start, "%s", _("the quoted text is not closed"));
			return;
		}
		if (*s == q) {
			s++;
			break;
		}
		if (*s == '\\' && (s[1] == q || s[1] == '\\')) {
			s++;
		}
		nr_buf_addc(&b, *s);
		s++;
	}
	ps->tok = T_STRING;
	ps->value = nr_buf_steal(&b);
	ps->p = s;
	ps->len = (size_t)(s - ps->start);
}

/* Move to the next token. */
static void
next(struct parser *ps)
{
	const char *s = ps->p;

	free(ps->value);
	ps->value = NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
		s++;
	}
	ps->start = ps->p = s;
	ps->len = 1;
	switch (*s) {
	case '\0':
		ps->tok = T_END;
		ps->len = 0;
		return;
	case '(':
		ps->tok = T_LPAREN;
		ps->p = s + 1;
		return;
	case ')':
		ps->tok = T_RPAREN;
		ps->p = s + 1;
		return;
	case '"':
	case '\'':
		read_string(ps);
		return;
	case '=':
		ps->tok = T_OP;
		ps->op = s[1] == '~' ? NR_OP_MATCH : NR_OP_EQ;
		/* "==" is read as "=", as a programmer may write it. */
		ps->len = s[1] == '~' || s[1] == '=' ? 2 : 1;
		ps->p = s + ps->len;
		return;
	case '!':
		if (s[1] == '=' || s[1] == '~') {
			ps->tok = T_OP;
			ps->op = s[1] == '=' ? NR_OP_NE : NR_OP_NOMATCH;
			ps->len = 2;
			ps->p = s + 2;
			return;
		}
		break;
	case '<':
	case '>':
		ps->tok = T_OP;
		if (s[1] == '=') {
			ps->op = *s == '<' ? NR_OP_LE : NR_OP_GE;
			ps->len = 2;
		} else {
			ps->op = *s == '<' ? NR_OP_LT : NR_OP_GT;
		}
		ps->p = s + ps->len;
		return;
	default:
		break;
	}
	if (is_word_start((unsigned char)*s)) {
		while (is_word_char((unsigned char)*s)) {
			s++;
		}
		ps->tok = T_WORD;
	} else if (isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))) {
		s++;
		while (isdigit((unsigned char)*s)) {
			s++;
		}
		ps->tok = T_NUMBER;
	} else {
		/* One character (all of its bytes), for the message. */
		s++;
		while (((unsigned char)*s & 0xc0) == 0x80) {
			s++;
		}
		ps->tok = T_BAD;
	}
	ps->p = s;
	ps->len = (size_t)(s - ps->start);
}

static int
word_is(const struct parser *ps, const char *w)
{
	return ps->tok == T_WORD && ps->len == strlen(w) && strncasecmp(ps->start, w, ps->len) == 0;
}

/* ---- the tree ---- */

static struct nr_filter_node *
new_node(enum nr_filter_kind kind, struct nr_filter_node *a, struct nr_filter_node *b)
{
	struct nr_filter_node *n = xcalloc(1, sizeof *n);

	n->kind = kind;
	n->a = a;
	n->b = b;
	return n;
}

static void
free_node(struct nr_filter_node *n)
{
	if (n == NULL) {
		return;
	}
	free_node(n->a);
	free_node(n->b);
	free(n->text);
	if (n->re != NULL) {
		regfree(n->re);
		free(n->re);
	}
	free(n);
}

void
nr_filter_free(struct nr_filter *f)
{
	if (f == NULL) {
		return;
	}
	free_node(f->root);
	free(f->text);
	free(f);
}

int
nr_filter_regcomp(regex_t *re, const char *pattern, struct nr_err *err)
{
	int flags = REG_EXTENDED | REG_NOSUB | REG_ICASE;
	char msg[256];
	int rc;

	if (strncmp(pattern, "(?c)", 4) == 0) {
		flags &= ~REG_ICASE;
		pattern += 4;
	} else if (strncmp(pattern, "(?i)", 4) == 0) {
		pattern += 4;
	}
	rc = regcomp(re, pattern, flags);
	if (rc != 0) {
		regerror(rc, re, msg, sizeof msg);
		nr_err_set(err, NR_ERR_PARSE, "%s", msg);
		return -1;
	}
	return 0;
}

/* The moments a date names: a day (YYYY-MM-DD, UTC) or an instant. */
static int
read_date(const char *s, int64_t *t0, int64_t *t1)
{
	int y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0' && m >= 1 && m <= 12 && d >= 1 &&
	    d <= 31 && strlen(s) == 10) {
		*t0 = nr_date_from_civil(y, m, d, 0, 0, 0);
		*t1 = *t0 + NR_FILTER_DAY;
		return 0;
	}
	*t0 = nr_date_parse(s);
	if (*t0 == NR_TIME_UNKNOWN) {
		return -1;
	}
	*t1 = *t0 + 1;
	return 0;
}

/* yes/no, true/false, 1/0 (as a word, a number or quoted) into *v. */
static int
read_bool(const struct parser *ps, int64_t *v)
{
	const char *s = ps->tok == T_STRING ? ps->value : ps->start;
	size_t n = ps->tok == T_STRING ? strlen(ps->value) : ps->len;
	static const char *const yes[] = { "yes", "true", "1" }, *const no[] = { "no", "false", "0" };
	size_t i;

	if (ps->tok != T_STRING && ps->tok != T_WORD && ps->tok != T_NUMBER) {
		return -1;
	}
	for (i = 0; i < 3; i++) {
		if (n == strlen(yes[i]) && strncasecmp(s, yes[i], n) == 0) {
			*v = 1;
			return 0;
		}
		if (n == strlen(no[i]) && strncasecmp(s, no[i], n) == 0) {
			*v = 0;
			return 0;
		}
	}
	return -1;
}

/* The value after "FIELD OP", into n (the current token). */
static void
read_value(struct parser *ps, struct nr_filter_node *n)
{
	char tok[64];
	const char *at = ps->start;
	struct nr_err e;
	char *end;

	shown_token(ps, tok, sizeof tok);
	if (ps->tok == T_END || ps->tok == T_LPAREN || ps->tok == T_RPAREN || ps->tok == T_OP) {
		fail(ps, at, _("a value is missing after '%s', found %s"), nr_filter_field_name(n->field), tok);
		return;
	}
	if (ps->tok == T_BAD) {
		fail(ps, at, _("unexpected %s"), tok);
		return;
	}
	if (is_bool_field(n->field)) {
		if (read_bool(ps, &n->num) < 0) {
			fail(ps, at, _("'%s' is yes or no, not %s"), nr_filter_field_name(n->field), tok);
		}
		return;
	}
	if (n->field == NR_FIELD_AGE) {
		const char *s = ps->tok == T_STRING ? ps->value : NULL;
		long long v = 0;

		if (ps->tok == T_NUMBER) {
			v = strtoll(ps->start, &end, 10);
		} else if (s != NULL && s[0] != '\0') {
			v = strtoll(s, &end, 10);
			if (*end != '\0') {
				s = NULL;
			}
		}
		if ((ps->tok != T_NUMBER && s == NULL) || v < -100000000 || v > 100000000) {
			fail(ps, at, _("'age' is a number of days, not %s"), tok);
			return;
		}
		n->num = v;
		return;
	}
	if (ps->tok == T_WORD) {
		fail(ps, at, _("quote the text: \"%.*s\""), (int)ps->len, ps->start);
		return;
	}
	n->text = ps->tok == T_STRING ? xstrdup(ps->value) : xstrndup(ps->start, ps->len);
	if (n->field == NR_FIELD_PUBLISHED) {
		if (read_date(n->text, &n->t0, &n->t1) < 0) {
			fail(ps, at, _("not a date (YYYY-MM-DD, or a date and time): %s"), tok);
		}
		return;
	}
	if (n->op == NR_OP_MATCH) {
		n->re = xmalloc(sizeof *n->re);
		if (nr_filter_regcomp(n->re, n->text, &e) < 0) {
			free(n->re);
			n->re = NULL;
			fail(ps, at, _("not a regular expression: %s"), e.msg);
		}
	}
}

static struct nr_filter_node *parse_or(struct parser *ps);

/* FIELD [OP VALUE] */
static struct nr_filter_node *
parse_cmp(struct parser *ps)
{
	struct nr_filter_node *n;
	char tok[64];
	size_t i;

	shown_token(ps, tok, sizeof tok);
	if (ps->tok != T_WORD) {
		fail(ps, ps->start, _("expected a field, 'not' or '(', found %s"), tok);
		return NULL;
	}
	for (i = 0; i < NFIELDS && !word_is(ps, fields[i].name); i++) {
	}
	if (i == NFIELDS) {
		fail(ps, ps->start, _("unknown field %s (fields: title, author, source, link, content, tags, "
		    "unread, starred, age, published)"), tok);
		return NULL;
	}
	n = new_node(NR_NODE_CMP, NULL, NULL);
	n->field = fields[i].field;
	next(ps);
	if (ps->tok != T_OP) {
		if (is_bool_field(n->field)) {
			/* "unread" alone is "unread = yes". */
			n->op = NR_OP_EQ;
			n->num = 1;
			return n;
		}
		shown_token(ps, tok, sizeof tok);
		fail(ps, ps->start, _("expected an operator (= != =~ !~ < > <= >=) after '%s', found %s"),
		    nr_filter_field_name(n->field), tok);
		return n;
	}
	n->op = ps->op;
	if (n->op == NR_OP_NE || n->op == NR_OP_NOMATCH) {
		n->negate = 1;
		n->op = n->op == NR_OP_NE ? NR_OP_EQ : NR_OP_MATCH;
	}
	if (n->op == NR_OP_MATCH && !is_text_field(n->field)) {
		fail(ps, ps->start, _("'%.*s' compares text, and '%s' is not text"), (int)ps->len, ps->start,
		    nr_filter_field_name(n->field));
		return n;
	}
	if (n->op != NR_OP_EQ && is_bool_field(n->field)) {
		fail(ps, ps->start, _("'%s' is yes or no: compare it with = or !="), nr_filter_field_name(n->field));
		return n;
	}
	next(ps);
	read_value(ps, n);
	next(ps);
	return n;
}

static struct nr_filter_node *
parse_unary(struct parser *ps)
{
	struct nr_filter_node *n;
	const char *open;
	char tok[64];

	if (++ps->depth > MAX_DEPTH) {
		fail(ps, ps->start, "%s", _("nested too deeply"));
		return NULL;
	}
	if (word_is(ps, "not")) {
		next(ps);
		n = new_node(NR_NODE_NOT, parse_unary(ps), NULL);
	} else if (ps->tok == T_LPAREN) {
		open = ps->start;
		next(ps);
		n = parse_or(ps);
		if (!ps->failed && ps->tok != T_RPAREN) {
			shown_token(ps, tok, sizeof tok);
			if (ps->tok == T_END) {
				fail(ps, open, "%s", _("this parenthesis is not closed"));
			} else {
				fail(ps, ps->start, _("expected 'and', 'or' or ')', found %s"), tok);
			}
		}
		next(ps);
	} else {
		n = parse_cmp(ps);
	}
	ps->depth--;
	return n;
}

static struct nr_filter_node *
parse_and(struct parser *ps)
{
	struct nr_filter_node *n = parse_unary(ps);

	while (!ps->failed && word_is(ps, "and")) {
		next(ps);
		n = new_node(NR_NODE_AND, n, parse_unary(ps));
	}
	return n;
}

static struct nr_filter_node *
parse_or(struct parser *ps)
{
	struct nr_filter_node *n = parse_and(ps);

	while (!ps->failed && word_is(ps, "or")) {
		next(ps);
		n = new_node(NR_NODE_OR, n, parse_and(ps));
	}
	return n;
}

struct nr_filter *
nr_filter_parse(const char *text, struct nr_err *err)
{
	struct parser ps;
	struct nr_filter_node *root;
	struct nr_filter *f;
	char tok[64];

	memset(&ps, 0, sizeof ps);
	ps.text = ps.p = text;
	ps.err = err;
	next(&ps);
	if (ps.tok == T_END) {
		fail(&ps, ps.start, "%s", _("the expression is empty"));
		return NULL;
	}
	root = parse_or(&ps);
	if (!ps.failed && ps.tok != T_END) {
		shown_token(&ps, tok, sizeof tok);
		if (ps.tok == T_RPAREN) {
			fail(&ps, ps.start, "%s", _("this parenthesis closes nothing"));
		} else {
			fail(&ps, ps.start, _("expected 'and', 'or' or the end, found %s"), tok);
		}
	}
	free(ps.value);
	if (ps.failed) {
		free_node(root);
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	f->root = root;
	f->text = xstrdup(text);
	return f;
}

int
nr_filter_looks_like(const char *text)
{
	struct parser ps;
	size_t i;
	int field = 0, looks = 0;

	if (strpbrk(text, "=~<>\"'()") != NULL) {
		return 1;
	}
	memset(&ps, 0, sizeof ps);
	ps.text = ps.p = text;
	/* Words: a field of yes or no (unread, starred) alone, or with
	 * "not", "and", "or". */
	for (next(&ps); ps.tok != T_END && ps.tok != T_BAD; next(&ps)) {
		for (i = 0; i < NFIELDS; i++) {
			if (word_is(&ps, fields[i].name)) {
				field |= is_bool_field(fields[i].field);
			}
		}
		if (word_is(&ps, "not") || word_is(&ps, "and") || word_is(&ps, "or")) {
			looks = 1;
		}
	}
	free(ps.value);
	return field && (looks || strchr(text, ' ') == NULL);
}

/* ---- evaluation ---- */

/* a OP b for text, without regard to ASCII case, as SQLite's NOCASE. */
static int
cmp_text(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);

		if (ca != cb || ca == '\0') {
			return ca - cb;
		}
	}
}

static int
holds(enum nr_filter_op op, int c)
{
	switch (op) {
	case NR_OP_EQ:
		return c == 0;
	case NR_OP_LT:
		return c < 0;
	case NR_OP_GT:
		return c > 0;
	case NR_OP_LE:
		return c <= 0;
	case NR_OP_GE:
		return c >= 0;
	default:
		return 0;
	}
}

static int
text_holds(const struct nr_filter_node *n, const char *s)
{
	if (s == NULL) {
		s = "";
	}
	if (n->op == NR_OP_MATCH) {
		return regexec(n->re, s, 0, NULL, 0) == 0;
	}
	return holds(n->op, cmp_text(s, n->text));
}

/* floor(a / b) for b > 0. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && a < 0) ? q - 1 : q;
}

static int
cmp_holds(const struct nr_filter_node *n, const struct nr_filter_subject *s, int64_t now)
{
	size_t i;
	int64_t p;

	switch (n->field) {
	case NR_FIELD_TITLE:
		return text_holds(n, s->title);
	case NR_FIELD_AUTHOR:
		return text_holds(n, s->author);
	case NR_FIELD_SOURCE:
		return text_holds(n, s->source);
	case NR_FIELD_LINK:
		return text_holds(n, s->link);
	case NR_FIELD_CONTENT:
		return text_holds(n, s->content != NULL ? s->content(s->ud) : NULL);
	case NR_FIELD_TAGS:
		for (i = 0; i < s->ntags; i++) {
			if (text_holds(n, s->tags[i])) {
				return 1;
			}
		}
		return 0;
	case NR_FIELD_UNREAD:
		return (s->unread != 0) == (n->num != 0);
	case NR_FIELD_STARRED:
		return (s->starred != 0) == (n->num != 0);
	case NR_FIELD_AGE:
		if (s->date == NR_TIME_UNKNOWN) {
			return 0;
		}
		p = floor_div(now - s->date, NR_FILTER_DAY);
		return holds(n->op, p < n->num ? -1 : p > n->num);
	case NR_FIELD_PUBLISHED:
		p = s->published;
		if (p == NR_TIME_UNKNOWN) {
			return 0;
		}
		switch (n->op) {
		case NR_OP_EQ:
			return p >= n->t0 && p < n->t1;
		case NR_OP_LT:
			return p < n->t0;
		case NR_OP_LE:
			return p < n->t1;
		case NR_OP_GT:
			return p >= n->t1;
		case NR_OP_GE:
			return p >= n->t0;
		default:
			return 0;
		}
	}
	return 0;
}

static int
eval(const struct nr_filter_node *n, const struct nr_filter_subject *s, int64_t now)
{
	switch (n->kind) {
	case NR_NODE_AND:
		return eval(n->a, s, now) && eval(n->b, s, now);
	case NR_NODE_OR:
		return eval(n->a, s, now) || eval(n->b, s, now);
	case NR_NODE_NOT:
		return !eval(n->a, s, now);
	case NR_NODE_CMP:
		return cmp_holds(n, s, now) != n->negate;
	}
	return 0;
}

int
nr_filter_match(const struct nr_filter *f, const struct nr_filter_subject *s, int64_t now)
{
	return eval(f->root, s, now);
}

static int
uses(const struct nr_filter_node *n, enum nr_filter_field field)
{
	if (n == NULL) {
		return 0;
	}
	if (n->kind == NR_NODE_CMP) {
		return n->field == field;
	}
	return uses(n->a, field) || uses(n->b, field);
}

int
nr_filter_uses(const struct nr_filter *f, enum nr_filter_field field)
{
	return uses(f->root, field);
}
