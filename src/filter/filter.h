/* The filter language: a small expression over an article's fields, as
 * the limit prompt, [query NAME] sections and ignore rules write it:
 *
 *   title =~ "linux|bsd" and not starred
 *   (source = "LWN.net" or tags = "kernel") and age <= 7
 *   author !~ "^press" and published >= "2026-01-01"
 *
 * Fields: title, author, source (the feed's title), link, content (the
 * article's text as stored: its content, else its summary), tags (the
 * source's tags; a comparison holds if it holds for one of them), unread,
 * starred (yes or no; alone, a field of these two is a test), age (whole
 * days since the article's date: published, else updated, else fetched)
 * and published (a date "YYYY-MM-DD", a day in UTC, or a date and time).
 * Operators: = != (text: without regard to ASCII case), =~ !~ (POSIX
 * extended regular expressions, without regard to case unless the pattern
 * starts with "(?c)"), < > <= >=, and, or, not, parentheses. Text is
 * quoted with " or '; inside, a backslash before the quote or another
 * backslash stands for it, any other backslash is kept (for the regular
 * expression). A negated comparison (!=, !~) holds exactly when the plain
 * one does not, also for a missing value or an article with no tags.
 *
 * This module parses an expression to a tree (errors name the column) and
 * evaluates it on an article held in memory; store/ translates the same
 * tree to SQL, so that a large library is filtered where it is kept. The
 * two agree: the unit tests run one against the other. */
#ifndef NR_FILTER_H
#define NR_FILTER_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum nr_filter_field {
	NR_FIELD_TITLE,
	NR_FIELD_AUTHOR,
	NR_FIELD_SOURCE,
	NR_FIELD_LINK,
	NR_FIELD_CONTENT,
	NR_FIELD_TAGS,
	NR_FIELD_UNREAD,
	NR_FIELD_STARRED,
	NR_FIELD_AGE,
	NR_FIELD_PUBLISHED
};

enum nr_filter_op {
	NR_OP_EQ,
	NR_OP_NE,
	NR_OP_MATCH,
	NR_OP_NOMATCH,
	NR_OP_LT,
	NR_OP_GT,
	NR_OP_LE,
	NR_OP_GE
};

enum nr_filter_kind {
	NR_NODE_AND,
	NR_NODE_OR,
	NR_NODE_NOT,
	NR_NODE_CMP
};

/* Seconds in a day of age and of a date's day. */
#define NR_FILTER_DAY 86400

struct nr_filter_node {
	enum nr_filter_kind kind;
	struct nr_filter_node *a, *b;   /* AND, OR: both; NOT: a */
	/* CMP: field op value. A negated operator (!=, !~) is kept as the
	 * plain one under negate, since that is what it means. */
	enum nr_filter_field field;
	enum nr_filter_op op;           /* never NE or NOMATCH */
	int negate;
	char *text;                     /* text fields: the value (for =~ the pattern) */
	regex_t *re;                    /* =~: the compiled pattern */
	int64_t num;                    /* age: days; unread, starred: 0 or 1 */
	int64_t t0, t1;                 /* published: the moments [t0, t1) the value names */
};

struct nr_filter {
	struct nr_filter_node *root;
	char *text;                     /* the expression as written */
};

/* Parse text. NULL with err (NR_ERR_PARSE) saying "column N: what is
 * wrong" (N counts characters from 1) if it is not an expression. */
struct nr_filter *nr_filter_parse(const char *text, struct nr_err *err);
void nr_filter_free(struct nr_filter *f);

/* Whether text looks meant as an expression rather than words to look
 * for: it has an operator, a quote or a parenthesis, or starts with a
 * field's name and an operator. The limit prompt takes words as words
 * and reports an expression's error. */
int nr_filter_looks_like(const char *text);

/* Compile a pattern of =~ as the language does (extended, case ignored
 * unless it starts with "(?c)"; "(?i)" is allowed too). 0, or -1 with err
 * saying what regcomp said. Used by the evaluation and by the store's
 * REGEXP, so that both read a pattern the same way. */
int nr_filter_regcomp(regex_t *re, const char *pattern, struct nr_err *err);

/* An article as the evaluation sees it. NULL strings are empty. */
struct nr_filter_subject {
	const char *title, *author, *source, *link;
	/* The content, asked for only when the expression needs it. */
	const char *(*content)(void *ud);
	void *ud;
	const char *const *tags;
	size_t ntags;
	int unread, starred;
	int64_t published;      /* NR_TIME_UNKNOWN if unknown */
	int64_t date;           /* for age: published, else updated, else fetched */
};

/* Whether s matches f at time now (Unix seconds). */
int nr_filter_match(const struct nr_filter *f, const struct nr_filter_subject *s, int64_t now);

/* Whether the expression reads the field (the caller may skip fetching
 * what it does not). */
int nr_filter_uses(const struct nr_filter *f, enum nr_filter_field field);

/* The name of a field as written. */
const char *nr_filter_field_name(enum nr_filter_field field);

#endif
