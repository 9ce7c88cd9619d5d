/*
 * Filters where the articles are (store/store.h, "filters"): the filter
 * language's tree translated to SQL over the list's tables, REGEXP for
 * its =~ (POSIX, through filter/filter.c's reading of a pattern), the
 * session's tables of tags and scope, ignored and deleted articles, and
 * forgetting an unsubscribed source.
 *   https://www.sqlite.org/lang_expr.html#regexp
 *   https://www.sqlite.org/c3ref/get_auxdata.html
 *
 * The translation keeps the evaluation's meaning (filter/filter.c):
 * missing text is "", so text comparisons never meet NULL; a comparison
 * on a missing date is false, and a negation (not, !=, !~) of it true,
 * which SQL's NULL would make unknown: negations go through coalesce.
 */
#include "config.h"

#include <inttypes.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/xmalloc.h"
#include "filter/filter.h"
#include "filter/needles.h"
#include "nls.h"
#include "store/store.h"
#include "store/store_int.h"

/* ---- REGEXP ---- */

/* A pattern as REGEXP keeps it with its statement: compiled, and what
 * every match must contain (filter/needles.h), which turns most subjects
 * away before regexec (1,000,000 titles, "^linux": 41,678 reach it). */
struct regexp {
	regex_t re;
	struct nr_filter_needles nd;
	int use_nd;
};

static void
free_regexp(void *p)
{
	struct regexp *rx = p;

	regfree(&rx->re);
	nr_filter_needles_free(&rx->nd);
	free(rx);
}

/* NEWSREADER_REGEXP_NEEDLES=0: every subject goes to regexec (neither
 * turned away nor decided by the needles), for the tests that compare
 * the two and the benchmarks. */
static int
needles_off(void)
{
	const char *e = getenv("NEWSREADER_REGEXP_NEEDLES");

	return e != NULL && strcmp(e, "0") == 0;
}

static struct regexp *
new_regexp(const char *pattern, struct nr_err *err)
{
	struct regexp *rx = xcalloc(1, sizeof *rx);

	if (nr_filter_regcomp(&rx->re, pattern, err) < 0) {
		free(rx);
		return NULL;
	}
	nr_filter_needles(pattern, &rx->nd);
	rx->use_nd = !nr_filter_needles_empty(&rx->nd) && !needles_off();
	return rx;
}

static int
regexp_match(const struct regexp *rx, const char *subject, size_t len)
{
	int r = rx->use_nd ? nr_filter_needles_test(&rx->nd, subject, len) : -1;

	/* Decided by the needles (a literal alone: 41,678 of the titles
	 * above), else by regexec. */
	return r >= 0 ? r : regexec(&rx->re, subject, 0, NULL, 0) == 0;
}

/* regexp(pattern, subject): X REGEXP Y calls it with Y first. The
 * compiled pattern is kept with the statement while the pattern stays the
 * same, so a query over a million rows compiles it once. */
static void
regexp_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *pattern, *subject;
	struct nr_err err;
	struct regexp *rx;
	size_t len;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	subject = (const char *)sqlite3_value_text(argv[1]);
	len = (size_t)sqlite3_value_bytes(argv[1]);
	if (subject == NULL) {
		subject = "";
		len = 0;
	}
	rx = sqlite3_get_auxdata(ctx, 0);
	if (rx == NULL) {
		pattern = (const char *)sqlite3_value_text(argv[0]);
		rx = new_regexp(pattern != NULL ? pattern : "", &err);
		if (rx == NULL) {
			sqlite3_result_error(ctx, err.msg, -1);
			return;
		}
		sqlite3_set_auxdata(ctx, 0, rx, free_regexp);
		/* SQLite may have freed it at once; ask again. */
		if (sqlite3_get_auxdata(ctx, 0) == NULL) {
			rx = new_regexp(pattern != NULL ? pattern : "", NULL);
			sqlite3_result_int(ctx, rx != NULL && regexp_match(rx, subject, len));
			if (rx != NULL) {
				free_regexp(rx);
			}
			return;
		}
	}
	sqlite3_result_int(ctx, regexp_match(rx, subject, len));
}

/* nr_body_text(packed): an article's text as stored (its content, else
 * its summary), unpacked (body.c), for the language's content. */
static void
body_text_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct nr_store *store = sqlite3_user_data(ctx);
	struct nr_item item;
	const char *text;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	nr_item_init(&item);
	if (store_body_unpack(store, sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]), &item,
	    NULL) < 0) {
		sqlite3_result_null(ctx);
		nr_item_clear(&item);
		return;
	}
	text = item.content != NULL ? item.content : item.summary;
	if (text == NULL) {
		sqlite3_result_null(ctx);
	} else {
		sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT);
	}
	nr_item_clear(&item);
}

int
store_query_functions(sqlite3 *db)
{
	return sqlite3_create_function(db, "regexp", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, regexp_fn, NULL,
	    NULL);
}

int
store_query_tables(sqlite3 *db)
{
	/* In the connection's temporary database: the session's, never
	 * written to the file, and writable on a read-only connection. */
	return sqlite3_exec(db,
	    "CREATE TEMP TABLE IF NOT EXISTS nr_tags (location TEXT NOT NULL, tag TEXT NOT NULL);"
	    "CREATE INDEX IF NOT EXISTS temp.nr_tags_location ON nr_tags(location);"
	    "CREATE TEMP TABLE IF NOT EXISTS nr_scope (location TEXT PRIMARY KEY, subtree INTEGER NOT NULL);"
	    /* The folders alone, for STORE_SCOPE_FEEDS's test of each
	     * feed against them: without it, a scan of every location
	     * named for each feed not named (500 of 1,000: 6.5 ms a
	     * statement, four at the interface's opening; 0.3 ms). */
	    "CREATE INDEX IF NOT EXISTS temp.nr_scope_subtree ON nr_scope(subtree, location) WHERE subtree <> 0;"
	    "CREATE TEMP TABLE IF NOT EXISTS nr_hidden (id INTEGER PRIMARY KEY);"
	    "CREATE TEMP TABLE IF NOT EXISTS nr_shown (id INTEGER PRIMARY KEY);",
	    NULL, NULL, NULL);
}

/* The connection's function and session tables (store_int.h). */
int
store_query_init(struct nr_store *store, struct nr_err *err)
{
	int rc;

	rc = store_query_functions(store->db);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	rc = sqlite3_create_function(store->db, "nr_body_text", 1, SQLITE_UTF8, store, body_text_fn, NULL, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	rc = store_query_tables(store->db);
	return rc == SQLITE_OK ? 0 : store_fail(store, rc, err);
}

/* ---- the translation ---- */

static void
add_param(struct nr_store_where *w, const char *text, int64_t num)
{
	struct nr_store_param *p;

	w->params = xreallocarray(w->params, w->nparams + 1, sizeof *w->params);
	p = &w->params[w->nparams++];
	p->is_text = text != NULL;
	p->text = text != NULL ? xstrdup(text) : NULL;
	p->num = num;
}

/* sql ends with the parameter's "?": with inline set, the value is
 * written in its place instead. */
static void
add_text(struct nr_store_where *w, const char *sql, const char *text)
{
	if (w->inline_values) {
		char *q = sqlite3_mprintf("%Q", text);

		nr_buf_add(&w->sql, sql, strlen(sql) - 1);
		nr_buf_adds(&w->sql, q);
		sqlite3_free(q);
		return;
	}
	nr_buf_adds(&w->sql, sql);
	add_param(w, text, 0);
}

static void
add_num(struct nr_store_where *w, const char *sql, int64_t num)
{
	if (w->inline_values) {
		nr_buf_add(&w->sql, sql, strlen(sql) - 1);
		nr_buf_printf(&w->sql, "%" PRId64, num);
		return;
	}
	nr_buf_adds(&w->sql, sql);
	add_param(w, NULL, num);
}

static const char *const op_sql[] = {
	[NR_OP_EQ] = " = ?",
	[NR_OP_MATCH] = " REGEXP ?",
	[NR_OP_LT] = " < ?",
	[NR_OP_GT] = " > ?",
	[NR_OP_LE] = " <= ?",
	[NR_OP_GE] = " >= ?",
};

/* column OP value, for text: without regard to ASCII case, as the
 * evaluation compares. */
static void
text_cmp(struct nr_store_where *w, const char *column, const struct nr_filter_node *n)
{
	nr_buf_adds(&w->sql, column);
	add_text(w, op_sql[n->op], n->text);
	if (n->op != NR_OP_MATCH) {
		nr_buf_adds(&w->sql, " COLLATE NOCASE");
	}
}

/* The article's date for age: as retention reads it. */
#define DATE_SQL "coalesce(a.published, a.updated, a.fetched)"

/* age OP n as a range of dates, so that the date's index can serve it:
 * age is floor((now - date) / day), so age < n is date > now - n days. */
static void
age_cmp(struct nr_store_where *w, const struct nr_filter_node *n, int64_t now)
{
	int64_t lo = now - n->num * NR_FILTER_DAY, hi = now - (n->num + 1) * NR_FILTER_DAY;

	switch (n->op) {
	case NR_OP_EQ:
		add_num(w, DATE_SQL " > ?", hi);
		add_num(w, " AND " DATE_SQL " <= ?", lo);
		break;
	case NR_OP_LT:
		add_num(w, DATE_SQL " > ?", lo);
		break;
	case NR_OP_LE:
		add_num(w, DATE_SQL " > ?", hi);
		break;
	case NR_OP_GT:
		add_num(w, DATE_SQL " <= ?", hi);
		break;
	default:
		add_num(w, DATE_SQL " <= ?", lo);
		break;
	}
}

/* published OP date, the date the moments [t0, t1). */
static void
published_cmp(struct nr_store_where *w, const struct nr_filter_node *n)
{
	switch (n->op) {
	case NR_OP_EQ:
		add_num(w, "a.published >= ?", n->t0);
		add_num(w, " AND a.published < ?", n->t1);
		break;
	case NR_OP_LT:
		add_num(w, "a.published < ?", n->t0);
		break;
	case NR_OP_LE:
		add_num(w, "a.published < ?", n->t1);
		break;
	case NR_OP_GT:
		add_num(w, "a.published >= ?", n->t1);
		break;
	default:
		add_num(w, "a.published >= ?", n->t0);
		break;
	}
}

static void
cmp_sql(struct nr_store_where *w, const struct nr_filter_node *n, int64_t now)
{
	switch (n->field) {
	case NR_FIELD_TITLE:
		text_cmp(w, "coalesce(a.title, '')", n);
		break;
	case NR_FIELD_AUTHOR:
		/* = as articles_author holds it (author COLLATE NOCASE,
		 * published), so that SQLite looks the author up:
		 *   SEARCH a USING INDEX articles_author (author=?)
		 * (1,000,000 articles: 3.0 s -> well under a millisecond for
		 * 200 matches). A missing author is "", which only "" equals. */
		if (n->op == NR_OP_EQ && n->text[0] != '\0') {
			add_text(w, "a.author = ?", n->text);
			nr_buf_adds(&w->sql, " COLLATE NOCASE");
		} else {
			text_cmp(w, "coalesce(a.author, '')", n);
		}
		break;
	case NR_FIELD_SOURCE:
		/* By the feeds that match, found once: a thousand feeds
		 * looked at, not a million articles' joins. */
		nr_buf_adds(&w->sql, "a.feed IN (SELECT fs.id FROM feeds fs WHERE ");
		text_cmp(w, "coalesce(fs.title, '')", n);
		nr_buf_adds(&w->sql, ")");
		break;
	case NR_FIELD_LINK:
		text_cmp(w, "coalesce(a.link, '')", n);
		break;
	case NR_FIELD_CONTENT:
		text_cmp(w, "coalesce((SELECT nr_body_text(b.packed) FROM bodies b WHERE b.article = a.id), '')", n);
		break;
	case NR_FIELD_TAGS:
		nr_buf_adds(&w->sql, "a.feed IN (SELECT ft.id FROM feeds ft WHERE EXISTS (SELECT 1 FROM temp.nr_tags t"
		    " WHERE t.location = ft.location AND ");
		text_cmp(w, "t.tag", n);
		nr_buf_adds(&w->sql, "))");
		break;
	case NR_FIELD_UNREAD:
		/* As the unread index says it. Beside a feed set ("tags = ...
		 * and unread") its count comes from the sources' counts
		 * (count_by_feeds) and a list's first screen from this index
		 * in the list's order (a tag's 2% of the unread: 128 of them
		 * after 6,400 index entries). "+a.read" would steer SQLite to
		 * the feeds' index, quicker for the whole list (62 ms instead
		 * of 650) but, in the list's order, to the list's index and a
		 * row read per article for the first screen (over 100 ms):
		 * tried and left out; written so (w->sorted) for a read in no
		 * index's order, where the feeds' index then serves "tags =
		 * ... and unread". */
		nr_buf_adds(&w->sql, n->num ? (w->sorted ? "+a.read = 0" : "a.read = 0") : "a.read <> 0");
		break;
	case NR_FIELD_STARRED:
		/* "<> 0" as the partial index says it, "= 1" (every writer
		 * stores 0 or 1) so that SQLite reads that index by equality,
		 * in the list's order, instead of scanning the list's (3.2 s
		 * -> 36 ms on a million articles; the first screen 1.4 ms):
		 *   SEARCH a USING COVERING INDEX articles_starred (purged=? AND starred=? AND published<?) */
		nr_buf_adds(&w->sql, n->num ? "a.starred <> 0 AND a.starred = 1" : "a.starred = 0");
		break;
	case NR_FIELD_AGE:
		age_cmp(w, n, now);
		break;
	case NR_FIELD_PUBLISHED:
		published_cmp(w, n);
		break;
	}
}

/* What testing n costs an article, roughly: a column compared 1, text
 * compared 2, a regular expression 10, an article's text unpacked 100. */
static int
node_cost(const struct nr_filter_node *n)
{
	switch (n->kind) {
	case NR_NODE_AND:
	case NR_NODE_OR:
		return node_cost(n->a) + node_cost(n->b);
	case NR_NODE_NOT:
		return node_cost(n->a);
	case NR_NODE_CMP:
		break;
	}
	switch (n->field) {
	case NR_FIELD_CONTENT:
		return 100;
	case NR_FIELD_TITLE:
	case NR_FIELD_AUTHOR:
	case NR_FIELD_LINK:
		return n->op == NR_OP_MATCH ? 10 : 2;
	default:
		/* unread, starred, dates; source and tags: a set of feeds
		 * SQLite makes once. */
		return 1;
	}
}

static int split_conj(const struct nr_filter_node *n, struct nr_store_where *sets, int *unread, int64_t now);

/* A count through the indexes is tried at once (nr_store_filter_quick)
 * when they narrow it to at most this many articles: each is a look-up
 * of its row, 2-4 µs (1,000,000 articles: the 9,971 starred, 20-38 ms),
 * so these fit the 10 ms a row's count is given at once. */
#define QUICK_ROWS 3000

/* The first number the statement sql gives, or fallback if it fails. */
static int64_t
first_int(struct nr_store *store, const char *sql, int64_t fallback)
{
	sqlite3_stmt *st;
	int64_t out = fallback;

	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK) {
		return fallback;
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		out = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return out;
}

/* How many articles comparison n (a feed set, or a test an index holds)
 * stands for, its SQL over "a" written by cmp_sql with its values in:
 * with idx, the listed articles that index has where it holds, counted
 * in the index alone up to QUICK_ROWS + 1 (a covering index: no row
 * read); without, the articles of the feeds a feed set names, from the
 * sources' counts. all if it cannot be told. */
static int64_t
cmp_rows(struct nr_store *store, const char *idx, const struct nr_filter_node *n, int64_t now, int64_t all)
{
	struct nr_store_where w;
	char *sql;
	int64_t out;

	memset(&w, 0, sizeof w);
	w.inline_values = 1;
	cmp_sql(&w, n, now);
	if (idx != NULL) {
		sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT 1 FROM articles a INDEXED BY %s"
		    " WHERE a.purged = 0 AND %s LIMIT %d)", idx, nr_buf_str(&w.sql), QUICK_ROWS + 1);
	} else {
		sql = sqlite3_mprintf("SELECT sum(a.total) FROM (SELECT c.feed AS feed, c.total AS total"
		    " FROM feed_counts c) a WHERE %s", nr_buf_str(&w.sql));
	}
	out = sql != NULL ? first_int(store, sql, all) : all;
	sqlite3_free(sql);
	nr_store_where_free(&w);
	return out;
}

/* How many articles SQLite reads at most to find those n matches
 * through an index (all: every article, none serves it). Of a
 * conjunction, its best side (SQLite takes one index); of a
 * disjunction, both sides'. */
static int64_t
node_rows(struct nr_store *store, const struct nr_filter_node *n, int64_t now, int64_t all)
{
	int64_t a, b;

	switch (n->kind) {
	case NR_NODE_AND:
		a = node_rows(store, n->a, now, all);
		b = node_rows(store, n->b, now, all);
		return a < b ? a : b;
	case NR_NODE_OR:
		a = node_rows(store, n->a, now, all);
		b = a < all ? node_rows(store, n->b, now, all) : all;
		return a + b < all ? a + b : all;
	case NR_NODE_NOT:
		return all;
	case NR_NODE_CMP:
		break;
	}
	if (n->negate) {
		return all;
	}
	switch (n->field) {
	case NR_FIELD_UNREAD:
		/* articles_unread: the unread, as the sources' counts say. */
		return n->num != 0 ? first_int(store, "SELECT sum(unread) FROM feed_counts", all) : all;
	case NR_FIELD_STARRED:
		return n->num != 0 ? cmp_rows(store, "articles_starred", n, now, all) : all;
	case NR_FIELD_PUBLISHED:
		return cmp_rows(store, "articles_list", n, now, all);
	case NR_FIELD_SOURCE:
	case NR_FIELD_TAGS:
		/* articles_feed, feed by feed. */
		return n->op == NR_OP_EQ ? cmp_rows(store, NULL, n, now, all) : all;
	case NR_FIELD_AUTHOR:
		return n->op == NR_OP_EQ && n->text[0] != '\0' ? cmp_rows(store, "articles_author", n, now, all) : all;
	default:
		/* age: a date of three columns (DATE_SQL), which no index
		 * holds; text compared, regular expressions. */
		return all;
	}
}

int
nr_store_filter_quick(struct nr_store *store, const struct nr_filter *f, int64_t now)
{
	struct nr_store_where w;
	int64_t all;
	int want = -1, by_feeds;

	/* Feed sets and unread tests: from the sources' counts. */
	memset(&w, 0, sizeof w);
	by_feeds = split_conj(f->root, &w, &want, now);
	nr_store_where_free(&w);
	if (by_feeds) {
		return 1;
	}
	all = first_int(store, "SELECT sum(total) FROM feed_counts", 0);
	return all <= QUICK_ROWS || node_rows(store, f->root, now, all + 1) <= QUICK_ROWS;
}

static void
node_sql(struct nr_store_where *w, const struct nr_filter_node *n, int64_t now)
{
	const struct nr_filter_node *first, *second;

	switch (n->kind) {
	case NR_NODE_AND:
	case NR_NODE_OR:
		/* The cheaper side first: SQLite tests the terms in the order
		 * written and stops at the first that decides (1,000,000
		 * articles, 'title =~ "kernel.*release" and unread': the
		 * regular expression asked of the 200,410 unread only). */
		first = node_cost(n->b) < node_cost(n->a) ? n->b : n->a;
		second = first == n->a ? n->b : n->a;
		nr_buf_adds(&w->sql, "(");
		node_sql(w, first, now);
		nr_buf_adds(&w->sql, n->kind == NR_NODE_AND ? ") AND (" : ") OR (");
		node_sql(w, second, now);
		nr_buf_adds(&w->sql, ")");
		break;
	case NR_NODE_NOT:
		nr_buf_adds(&w->sql, "NOT coalesce((");
		node_sql(w, n->a, now);
		nr_buf_adds(&w->sql, "), 0)");
		break;
	case NR_NODE_CMP:
		nr_buf_adds(&w->sql, n->negate ? "NOT coalesce((" : "(");
		cmp_sql(w, n, now);
		nr_buf_adds(&w->sql, n->negate ? "), 0)" : ")");
		break;
	}
}

void
nr_store_where_filter(struct nr_store_where *w, const struct nr_filter *f, int64_t now)
{
	if (w->sql.len > 0) {
		nr_buf_adds(&w->sql, " AND ");
	}
	nr_buf_adds(&w->sql, "(");
	node_sql(w, f->root, now);
	nr_buf_adds(&w->sql, ")");
}

char *
nr_store_filter_sql_as(const struct nr_filter *f, int64_t now, int sorted)
{
	struct nr_store_where w;

	memset(&w, 0, sizeof w);
	w.inline_values = 1;
	w.sorted = sorted;
	node_sql(&w, f->root, now);
	return nr_buf_steal(&w.sql);
}

char *
nr_store_filter_sql(const struct nr_filter *f, int64_t now)
{
	return nr_store_filter_sql_as(f, now, 0);
}

/* The most articles the scope hides that temp.nr_hidden lists (8 bytes
 * and a few of the table's each); beyond, the list tests each row's feed
 * and starred mark. */
#define HIDDEN_MAX 100000
#define hidden_max(store) ((store)->scope.test_max > 0 ? (store)->scope.test_max : HIDDEN_MAX)
/* Above this many articles out of scope, a list read for a caller that
 * calls nr_store_scope_idle between reads (the interface: NR_STORE_SCOPED_
 * LATER) does not wait for their ids to be listed (100,000: 80 ms). */
#define HIDDEN_DEFER 10000
/* The same for the ids of the articles it lists, when the hidden are too
 * many, above this many articles in the feeds in scope (90 of 1,000
 * feeds, 99,000 listed: 50 ms; a screen of theirs by each row's test,
 * 10% of the articles, within 1,000 rows). */
#define SHOWN_DEFER 20000

static void
scope_unmake(struct store_scope *s)
{
	free(s->rows_sql);
	free(s->out);
	free(s->stamps);
	free(s->in);
	s->rows_sql = NULL;
	s->out = s->stamps = s->in = NULL;
	s->nout = s->nin = 0;
	s->out_total = s->in_total = 0;
	s->made = 0;
}

void
store_scope_free(struct nr_store *store)
{
	scope_unmake(&store->scope);
	free(store->scope.hidden_out);
	free(store->scope.hidden_stamps);
	store->scope.hidden_out = store->scope.hidden_stamps = NULL;
}

/* Write "(a.feed NOT IN (ids) OR a.starred <> 0)" into b, or, when the
 * feeds in scope are the fewer (the database far larger than the scope),
 * "(a.feed IN (theirs) OR ...)": a list SQLite makes into a set once per
 * statement, or a comparison or two when it is that short. */
static void
add_ids(struct nr_buf *b, const int64_t *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		nr_buf_printf(b, "%s%" PRId64, i > 0 ? ", " : "", ids[i]);
	}
}

static void
scope_rows_sql(struct nr_buf *b, const int64_t *ids, size_t n, int in)
{
	if (in && n == 0) {
		nr_buf_adds(b, "a.starred <> 0");
		return;
	}
	nr_buf_printf(b, "(a.feed %sIN (", in ? "" : "NOT ");
	add_ids(b, ids, n);
	nr_buf_adds(b, ") OR a.starred <> 0)");
}

/* Make store->scope again if the session's tables, this connection's
 * rows or the file (another connection's commit) changed since it was
 * made: the feeds the scope leaves out, by matching every feed's
 * location against temp.nr_scope once (1,000 feeds: well under a
 * millisecond) instead of once a statement, in every statement that read
 * it for every article (1,000,000 articles, to the last one of the list:
 * 3.9 s, against 0.15 s with no feed left out). */
static void scope_make(struct nr_store *store);

/* Make the scope again if it changed (scope_make), outside any budget of
 * the caller's statement (window.c's store_budget_start): what it writes
 * is written whole, or a later call would take it for made. */
static void
scope_refresh(struct nr_store *store)
{
	int64_t budget = store->budget_end;

	store->budget_end = 0;
	scope_make(store);
	store->budget_end = budget;
}

static void
scope_make(struct nr_store *store)
{
	struct store_scope *s = &store->scope;
	sqlite3_int64 changes = sqlite3_total_changes64(store->db);
	sqlite3_stmt *dv = store_stmt(store, ST_DATA_VERSION, NULL);
	int64_t version = -1;
	size_t cap = 0, ocap = 0;
	struct nr_buf b = NR_BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if (dv != NULL && sqlite3_step(dv) == SQLITE_ROW) {
		version = sqlite3_column_int64(dv, 0);
	}
	if (dv != NULL) {
		sqlite3_reset(dv);
	}
	if (s->made && s->gen == store->session_gen && s->changes == changes && s->version == version &&
	    version >= 0) {
		return;
	}
	scope_unmake(s);
	s->gen = store->session_gen;
	s->changes = changes;
	s->version = version;
	if (!store->scoped) {
		s->made = 1;
		return;
	}
	rc = sqlite3_prepare_v2(store->db, "SELECT f.id, coalesce(c.stamp, 0), f.id IN " STORE_SCOPE_FEEDS
	    ", coalesce(c.total, 0) FROM feeds f LEFT JOIN feed_counts c ON c.feed = f.id ORDER BY f.id", -1, &st,
	    NULL);
	if (rc != SQLITE_OK) {
		/* Asked again at the next statement; this one tests each
		 * article against the scope's locations. */
		s->rows_sql = xstrdup("(a.starred <> 0 OR a.feed IN " STORE_SCOPE_FEEDS ")");
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (sqlite3_column_int(st, 2)) {
			if (s->nin == cap) {
				cap = cap ? cap * 2 : 64;
				s->in = xreallocarray(s->in, cap, sizeof *s->in);
			}
			s->in[s->nin++] = id;
			s->in_total += sqlite3_column_int64(st, 3);
		} else {
			if (s->nout == ocap) {
				ocap = ocap ? ocap * 2 : 16;
				s->out = xreallocarray(s->out, ocap, sizeof *s->out);
				s->stamps = xreallocarray(s->stamps, ocap, sizeof *s->stamps);
			}
			s->out[s->nout] = id;
			s->stamps[s->nout++] = sqlite3_column_int64(st, 1);
			s->out_total += sqlite3_column_int64(st, 3);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		scope_unmake(s);
		s->rows_sql = xstrdup("(a.starred <> 0 OR a.feed IN " STORE_SCOPE_FEEDS ")");
	} else {
		if (s->nout > 0) {
			if (s->nout <= s->nin) {
				scope_rows_sql(&b, s->out, s->nout, 0);
			} else {
				scope_rows_sql(&b, s->in, s->nin, 1);
			}
			s->rows_sql = nr_buf_steal(&b);
		}
		s->made = 1;
		s->serial++;
	}
}

/* Whether the scope leaves a feed of the database out. When it leaves
 * none (the usual case: every stored source is configured), the
 * articles need no test of theirs, which would read each article's row
 * for its starred mark and feed where an index alone would do (1,000,000
 * articles, the rowids of source = "Feed 7": 4.4 -> 0.8 ms). */
static int
scope_needed(struct nr_store *store)
{
	scope_refresh(store);
	return store->scope.rows_sql != NULL;
}

int
nr_store_scope_active(struct nr_store *store)
{
	return scope_needed(store);
}

char *
store_scope_rows(struct nr_store *store)
{
	scope_refresh(store);
	return store->scope.rows_sql != NULL ? xstrdup(store->scope.rows_sql) : NULL;
}

static int
same_ids(const int64_t *a, const int64_t *b, size_t n)
{
	return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

/* Empty the session's table of ids `table`, then, unless too_many, fill
 * it with "INSERT ... head (ids) tail" (ids: feeds): the rows it then
 * holds if at most max, else -1 and it is emptied. Its writes change no
 * count (changes_kept), nor the scope made. */
static long
ids_fill(struct nr_store *store, const char *table, int too_many, const char *head, const int64_t *ids, size_t n,
    const char *tail, long max)
{
	sqlite3_int64 before = sqlite3_total_changes64(store->db);
	struct nr_buf b = NR_BUF_INIT;
	char *empty = sqlite3_mprintf("DELETE FROM temp.%s", table);
	long rows = -1;

	if (sqlite3_exec(store->db, empty, NULL, NULL, NULL) == SQLITE_OK && !too_many) {
		nr_buf_printf(&b, "INSERT OR IGNORE INTO temp.%s (id) %s (", table, head);
		add_ids(&b, ids, n);
		nr_buf_printf(&b, ") %s LIMIT %ld", tail, 2 * max);
		/* The table was empty: the rows it holds are those inserted. */
		if (sqlite3_exec(store->db, nr_buf_str(&b), NULL, NULL, NULL) == SQLITE_OK &&
		    sqlite3_changes(store->db) <= max) {
			rows = sqlite3_changes(store->db);
		}
		nr_buf_free(&b);
		if (rows < 0) {
			sqlite3_exec(store->db, empty, NULL, NULL, NULL);
		}
	}
	sqlite3_free(empty);
	store->changes_kept += sqlite3_total_changes64(store->db) - before;
	store->scope.changes = sqlite3_total_changes64(store->db);
	return rows;
}

/* Fill temp.nr_hidden with the articles the scope hides (s->out's not
 * starred), or leave it empty and say they are too many. */
static void
hidden_make(struct nr_store *store)
{
	struct store_scope *s = &store->scope;
	/* Too many for certain when the feeds out hold more than that many
	 * besides every starred article (a count of articles_starred alone):
	 * not read to find out (the scope a few of 1,000,000 articles'
	 * sources: 0.2 s). */
	int64_t starred = first_int(store, "SELECT count(*) FROM articles a WHERE a.purged = 0 AND a.starred <> 0"
	    " AND a.starred > 0", -1);

	/* From the indexes alone: the feeds' ids (articles_feed) but the
	 * starred (articles_starred), not each article's row read for its
	 * mark (1,000,000 articles, 99,000 hidden: 80 ms). */
	s->hidden = ids_fill(store, "nr_hidden", starred < 0 || s->out_total - starred > hidden_max(store),
	    "SELECT a.id FROM articles a WHERE a.feed IN", s->out, s->nout, "AND a.purged = 0 AND a.id NOT IN"
	    " (SELECT s.id FROM articles s WHERE s.purged = 0 AND s.starred <> 0 AND s.starred > 0)",
	    hidden_max(store)) >= 0 ? 1 : -1;
	free(s->hidden_out);
	free(s->hidden_stamps);
	s->hidden_out = s->nout > 0 ? xreallocarray(NULL, s->nout, sizeof *s->hidden_out) : NULL;
	s->hidden_stamps = s->nout > 0 ? xreallocarray(NULL, s->nout, sizeof *s->hidden_stamps) : NULL;
	if (s->nout > 0) {
		memcpy(s->hidden_out, s->out, s->nout * sizeof *s->out);
		memcpy(s->hidden_stamps, s->stamps, s->nout * sizeof *s->stamps);
	}
	s->nhidden_out = s->nout;
}

/* What the listed ids depend on: the feeds in scope (how many, their
 * ids' sum, their articles), the newest article (one added), and the
 * starred (how many, their ids' sum). key[0] -1 when it cannot be told. */
static void
shown_key(struct nr_store *store, int64_t key[SHOWN_KEY])
{
	const struct store_scope *s = &store->scope;
	sqlite3_stmt *st;
	size_t i;

	memset(key, 0, SHOWN_KEY * sizeof *key);
	key[0] = (int64_t)s->nin;
	for (i = 0; i < s->nin; i++) {
		key[1] += s->in[i];
	}
	key[2] = s->in_total;
	if (sqlite3_prepare_v2(store->db, "SELECT (SELECT coalesce(max(id), 0) FROM articles), count(*),"
	    " coalesce(sum(a.id), 0) FROM articles a WHERE a.purged = 0 AND a.starred <> 0 AND a.starred > 0", -1, &st,
	    NULL) != SQLITE_OK) {
		key[0] = -1;
		return;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < 3; i++) {
			key[3 + i] = sqlite3_column_int64(st, (int)i);
		}
	} else {
		key[0] = -1;
	}
	sqlite3_finalize(st);
}

/* The starred articles of the feeds out of scope, as a condition over
 * "a" that articles_starred decides (it holds the feed), into b. */
static void
starred_out_sql(struct nr_buf *b, const struct store_scope *s)
{
	nr_buf_adds(b, "a.starred <> 0 AND a.starred > 0");
	if (s->nin > 0) {
		nr_buf_adds(b, " AND a.feed NOT IN (");
		add_ids(b, s->in, s->nin);
		nr_buf_adds(b, ")");
	}
}

/* Fill temp.nr_shown with the articles the scope lists (of the feeds in
 * it, and the starred), or leave it empty and say they are too many. */
static void
shown_make(struct nr_store *store)
{
	struct store_scope *s = &store->scope;
	struct nr_buf b = NR_BUF_INIT;
	int64_t starred;

	/* Too many for certain when the feeds in scope and the starred out
	 * of it hold more (articles_starred holds the feed: no row read),
	 * rather than found by listing them (100 of 1,000 feeds in scope,
	 * 109,000 listed: 60 ms at every opening). */
	nr_buf_adds(&b, "SELECT count(*) FROM articles a WHERE a.purged = 0 AND ");
	starred_out_sql(&b, s);
	starred = first_int(store, nr_buf_str(&b), 0);
	nr_buf_free(&b);
	s->nshown = ids_fill(store, "nr_shown", s->in_total + starred > hidden_max(store),
	    "SELECT a.id FROM articles a WHERE a.feed IN", s->in, s->nin, "AND a.purged = 0 UNION ALL"
	    " SELECT a.id FROM articles a WHERE a.purged = 0 AND a.starred <> 0 AND a.starred > 0",
	    hidden_max(store));
	s->shown = s->nshown >= 0 ? 1 : -1;
	s->shown_serial = s->serial;
}

static const char *scope_list(struct nr_store *store, int *narrow, int later);

const char *
store_scope_list(struct nr_store *store, int *narrow, int later)
{
	int64_t budget = store->budget_end;
	const char *out;

	/* Its tables are written whole, outside the caller's budget. */
	store->budget_end = 0;
	out = scope_list(store, narrow, later);
	store->budget_end = budget;
	return out;
}

/* Whether temp.nr_hidden is to be made again: the hidden articles are
 * those of the feeds out, not starred, the same while those feeds and
 * their stamps are; not in a transaction, where it is not written. */
static int
hidden_due(struct nr_store *store)
{
	struct store_scope *s = &store->scope;

	return s->rows_sql != NULL && s->out != NULL && (s->hidden == 0 || s->nhidden_out != s->nout ||
	    !same_ids(s->hidden_out, s->out, s->nout) || !same_ids(s->hidden_stamps, s->stamps, s->nout)) &&
	    sqlite3_get_autocommit(store->db);
}

/* Whether temp.nr_shown may be out of date: the hidden too many to list,
 * and the scope made again since it was (not in a transaction, where it
 * is not written). */
static int
shown_due(struct nr_store *store)
{
	struct store_scope *s = &store->scope;

	return s->rows_sql != NULL && s->hidden < 0 && s->shown_serial != s->serial &&
	    sqlite3_get_autocommit(store->db);
}

/* Make temp.nr_shown again if shown_due and what it lists changed; with
 * later, not when the feeds in scope hold more than SHOWN_DEFER articles:
 * 1 then (to be made by nr_store_scope_idle), else 0. */
static int
shown_refresh(struct nr_store *store, int later)
{
	struct store_scope *s = &store->scope;
	int64_t key[SHOWN_KEY];

	if (!shown_due(store)) {
		return 0;
	}
	/* A read mark changes none of them: kept (14 ms a mark for 60,000
	 * listed). */
	shown_key(store, key);
	if (s->shown != 0 && key[0] >= 0 && memcmp(key, s->shown_key, sizeof key) == 0) {
		s->shown_serial = s->serial;
		return 0;
	}
	if (later && s->in_total > (s->test_defer > 0 ? s->test_defer : SHOWN_DEFER)) {
		return 1;
	}
	shown_make(store);
	memcpy(s->shown_key, key, sizeof key);
	return 0;
}

int
nr_store_scope_idle(struct nr_store *store, int work)
{
	int64_t budget = store->budget_end;
	int due;

	store->budget_end = 0;
	scope_refresh(store);
	due = hidden_due(store);
	if (due && work) {
		hidden_make(store);
	} else if (!due && shown_due(store)) {
		/* The listed ids, when the hidden are too many (asked by the
		 * list: shown_refresh). */
		due = 1;
		if (work) {
			shown_refresh(store, 0);
		}
	}
	store->budget_end = budget;
	return due;
}

/* The scope, when the list would test each article's row against it
 * (neither its hidden nor its listed ids made; or, with listed, when it
 * lists them by id), as two conditions that the feeds' indexes decide
 * (new strings into *in and *out; 1, or 0 when the scope has another
 * form): in, the articles of the feeds in scope, "+a.feed IN (...)" with
 * unindexed, for SQLite to test it on the entry of the index the rest of
 * the WHERE chooses rather than read by it; out, the starred of the
 * others. */
int
store_scope_parts(struct nr_store *store, int later, int listed, int unindexed, char **in, char **out)
{
	struct store_scope *s = &store->scope;
	struct nr_buf b = NR_BUF_INIT;
	int narrow;
	const char *form = store_scope_list(store, &narrow, later);

	if (form == NULL || !s->made || (form != s->rows_sql && !(listed && strcmp(form, STORE_SHOWN_SQL) == 0))) {
		return 0;
	}
	if (s->nin == 0) {
		nr_buf_adds(&b, "0");
	} else {
		nr_buf_adds(&b, unindexed ? "+a.feed IN (" : "a.feed IN (");
		add_ids(&b, s->in, s->nin);
		nr_buf_adds(&b, ")");
	}
	*in = nr_buf_steal(&b);
	starred_out_sql(&b, s);
	*out = nr_buf_steal(&b);
	return 1;
}

/* The list of the scope from the feeds' own index when the list would
 * test each article's row: "SELECT a.id, a.published ..." of the feeds
 * in scope and of the starred out of it, each row also under cond (over
 * a.id and a.published), read from articles_feed and articles_starred
 * alone (a new string), or NULL when the scope is listed otherwise (by
 * id, or every feed in it). Half of 1,000,000 articles hidden, every
 * article listed in the list's order: 3.0 s through the list's index and
 * each row, 0.16 s from these two with the sort. Also when the listed
 * are listed by id (temp.nr_shown), which the list's index would look
 * each of its entries up in (90 of 1,000 feeds in scope: 250 ms). */
char *
store_scope_by_feeds(struct nr_store *store, int later, const char *cond)
{
	struct nr_buf b = NR_BUF_INIT;
	char *in, *out;

	if (!store_scope_parts(store, later, 1, 0, &in, &out)) {
		return NULL;
	}
	nr_buf_printf(&b, "SELECT a.id, a.published FROM articles a WHERE %s AND a.purged = 0 AND %s UNION ALL"
	    " SELECT a.id, a.published FROM articles a WHERE a.purged = 0 AND %s AND %s", in, cond, out, cond);
	free(in);
	free(out);
	return nr_buf_steal(&b);
}

static const char *
scope_list(struct nr_store *store, int *narrow, int later)
{
	struct store_scope *s = &store->scope;

	*narrow = 0;
	if (!scope_needed(store)) {
		return NULL;
	}
	if (hidden_due(store)) {
		/* For the interface, a screen when the listed are the most:
		 * each row's test finds it as soon, and the ids are listed
		 * between keys (nr_store_scope_idle; 1,000,000 articles,
		 * 99,000 hidden: a first count 98-123 -> ms from opening). */
		if (later && s->out_total > (s->test_defer > 0 ? s->test_defer : HIDDEN_DEFER) &&
		    s->in_total > s->out_total) {
			return s->rows_sql;
		}
		hidden_make(store);
	}
	if (s->hidden > 0 && s->out != NULL && s->nhidden_out == s->nout && same_ids(s->hidden_out, s->out, s->nout) &&
	    same_ids(s->hidden_stamps, s->stamps, s->nout)) {
		return "a.id NOT IN temp.nr_hidden";
	}
	/* Not too many, only out of date in a transaction: the rows'
	 * test, as for the hidden ids. */
	if (s->hidden >= 0) {
		return s->rows_sql;
	}
	/* Too many hidden: the scope leaves fewer than it hides, and those
	 * may be few enough to be listed themselves (the scope a few of
	 * the database's sources), made again at every change (the
	 * articles of the feeds in scope change, unlike those out of it),
	 * and read whole and sorted rather than the list's index read for
	 * them (1,000,000 articles, one source of 1,000 in scope: to the
	 * last article 3.5 s -> ms). */
	*narrow = 1;
	if (shown_refresh(store, later)) {
		/* Many to list: the interface's first screen by each row's
		 * test, the ids listed between keys. */
		*narrow = 0;
		return s->rows_sql;
	}
	if (s->shown > 0 && s->shown_serial == s->serial) {
		return STORE_SHOWN_SQL;
	}
	return s->rows_sql;
}

void
nr_store_where_free(struct nr_store_where *w)
{
	size_t i;

	for (i = 0; i < w->nparams; i++) {
		free(w->params[i].text);
	}
	free(w->params);
	nr_buf_free(&w->sql);
	memset(w, 0, sizeof *w);
}

/* Bind w's parameters to st from index first (their texts to copies
 * with copy nonzero, else to w's own). */
static void
bind_where_as(sqlite3_stmt *st, int first, const struct nr_store_where *w, int copy)
{
	size_t i;

	for (i = 0; i < w->nparams; i++) {
		if (w->params[i].is_text) {
			sqlite3_bind_text(st, first + (int)i, w->params[i].text, -1, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
		} else {
			sqlite3_bind_int64(st, first + (int)i, w->params[i].num);
		}
	}
}

static void
bind_where(sqlite3_stmt *st, int first, const struct nr_store_where *w)
{
	bind_where_as(st, first, w, 0);
}

/* ---- the session's tables ---- */

static int
exec_bound(struct nr_store *store, const char *sql, const char *a, const char *b, struct nr_err *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(store->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	bind_text(st, 1, a);
	bind_text(st, 2, b);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(store, rc, err);
}

int
nr_store_set_tags(struct nr_store *store, const char *location, const char *const *tags, size_t ntags,
    struct nr_err *err)
{
	size_t i;

	store->session_gen++;
	if (exec_bound(store, "DELETE FROM temp.nr_tags WHERE location = ?1", location, NULL, err) < 0) {
		return -1;
	}
	for (i = 0; i < ntags; i++) {
		if (exec_bound(store, "INSERT INTO temp.nr_tags (location, tag) VALUES (?1, ?2)", location, tags[i],
		    err) < 0) {
			return -1;
		}
	}
	return 0;
}

int
nr_store_scope_add(struct nr_store *store, const char *location, int subtree, struct nr_err *err)
{
	store->session_gen++;
	if (exec_bound(store, subtree ? "INSERT OR REPLACE INTO temp.nr_scope (location, subtree) VALUES (?1, 1)"
	    : "INSERT OR IGNORE INTO temp.nr_scope (location, subtree) VALUES (?1, 0)", location, NULL, err) < 0) {
		return -1;
	}
	store->scoped = 1;
	return 0;
}

int
nr_store_scope_remove(struct nr_store *store, const char *location, struct nr_err *err)
{
	store->session_gen++;
	return exec_bound(store, "DELETE FROM temp.nr_scope WHERE location = ?1", location, NULL, err);
}

int
nr_store_scope_clear(struct nr_store *store, struct nr_err *err)
{
	store->session_gen++;
	if (exec_bound(store, "DELETE FROM temp.nr_scope", NULL, NULL, err) < 0) {
		return -1;
	}
	store->scoped = 0;
	return 0;
}

/* ---- queries ---- */

static int uses_field(const struct nr_filter_node *n, enum nr_filter_field field);

/* Prepare on db "head WHERE LISTED [AND a.feed = ?2] AND (filter) tail",
 * LISTED the articles not purged and in scope (scope: the row's condition
 * store_scope_rows gives; NULL: every feed in scope), the scope after the
 * filter: its text parameters bound to the store's copy (store->where, freed by done_filtered); or,
 * with copy nonzero (a chunk of a count, which another thread may run:
 * finalize it alone), "head WHERE (filter) AND LISTED ..." with the
 * filter's values written in, unless it unpacks bodies. */
static sqlite3_stmt *
prepare_filtered_on(struct nr_store *store, sqlite3 *db, const char *head, const char *tail,
    const struct nr_filter *f, int64_t feed_id, int64_t now, const char *scope, int copy, struct nr_err *err)
{
	struct nr_store_where w;
	struct nr_buf sql = NR_BUF_INIT;
	const char *and = scope != NULL ? " AND " : "";
	sqlite3_stmt *st = NULL;
	int rc;

	memset(&w, 0, sizeof w);
	scope = scope != NULL ? scope : "";
	if (copy && !uses_field(f->root, NR_FIELD_CONTENT)) {
		/* A chunk of a count in the table's order: the condition
		 * first, its values written in (its "?"s would otherwise take
		 * the numbers of ?1 and ?2, written after it). SQLite reads a
		 * row's columns up to the last one asked for, and purged is
		 * the 20th: a row the condition turns away on its title (the
		 * 4th) or its date (the 9th) is read no further (1,000,000
		 * articles, title LIKE 'linux%%' before purged = 0: 115 ->
		 * 78 ms). */
		w.inline_values = 1;
		nr_store_where_filter(&w, f, now);
		nr_buf_printf(&sql, "%s WHERE %s AND a.purged = 0%s%s AND (?2 = 0 OR a.feed = ?2)%s", head,
		    nr_buf_str(&w.sql), and, scope, tail);
	} else {
		nr_store_where_filter(&w, f, now);
		/* The scope last: a condition on the date is decided from
		 * the index that gives the rows (articles_unread holds it),
		 * and the scope's reads the row (1,000,000 articles, unread
		 * and age < 7: 0.65 -> 0.16 s). */
		nr_buf_printf(&sql, "%s WHERE a.purged = 0 AND (?2 = 0 OR a.feed = ?2) AND %s%s%s%s", head,
		    nr_buf_str(&w.sql), and, scope, tail);
	}
	rc = sqlite3_prepare_v2(db, nr_buf_str(&sql), -1, &st, NULL);
	nr_buf_free(&sql);
	if (rc != SQLITE_OK) {
		if (db == store->db) {
			store_fail(store, rc, err);
		} else {
			nr_err_set(err, NR_ERR_IO, "%s", sqlite3_errmsg(db));
		}
		nr_store_where_free(&w);
		return NULL;
	}
	sqlite3_bind_int64(st, 2, feed_id);
	bind_where_as(st, 3, &w, copy);
	if (copy) {
		nr_store_where_free(&w);
	} else {
		/* The text parameters are bound SQLITE_STATIC: keep them
		 * until the statement is done. */
		store->where = w;
	}
	return st;
}

static sqlite3_stmt *
prepare_filtered(struct nr_store *store, const char *head, const char *tail, const struct nr_filter *f,
    int64_t feed_id, int64_t now, struct nr_err *err)
{
	return prepare_filtered_on(store, store->db, head, tail, f, feed_id, now,
	    scope_needed(store) ? store->scope.rows_sql : NULL, 0, err);
}

static void
done_filtered(struct nr_store *store, sqlite3_stmt *st)
{
	sqlite3_finalize(st);
	nr_store_where_free(&store->where);
}

long
nr_store_filter_rowids(struct nr_store *store, const struct nr_filter *f, int64_t feed_id, int64_t now,
    int64_t **out, struct nr_err *err)
{
	/* In no order: the caller sorts them as it needs, and a sort of
	 * the matches costs less than reading every article in the list's
	 * order to find them. */
	sqlite3_stmt *st = prepare_filtered(store, "SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed", "", f,
	    feed_id, now, err);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	if (st == NULL) {
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		store_fail(store, rc, err);
		done_filtered(store, st);
		free(ids);
		return -1;
	}
	done_filtered(store, st);
	*out = ids;
	return (long)n;
}

/* ---- counts ---- */

/* Whether n is a feed set (source = "...", tags = "...": the articles of
 * some feeds, found by their titles or tags). */
static int
is_feed_set(const struct nr_filter_node *n)
{
	return n->kind == NR_NODE_CMP && !n->negate && n->op == NR_OP_EQ &&
	    (n->field == NR_FIELD_SOURCE || n->field == NR_FIELD_TAGS);
}

/* Take the conjunction n apart for count_by_feeds: its feed sets into
 * sets (AND-joined SQL over a.feed), its unread tests into *unread (1
 * unread, 0 read, -1 none; -2 both, which nothing meets). 0 if n has a
 * term of another kind. */
static int
split_conj(const struct nr_filter_node *n, struct nr_store_where *sets, int *unread, int64_t now)
{
	int u;

	if (n->kind == NR_NODE_AND) {
		return split_conj(n->a, sets, unread, now) && split_conj(n->b, sets, unread, now);
	}
	if (n->kind == NR_NODE_NOT && n->a->kind == NR_NODE_CMP && n->a->field == NR_FIELD_UNREAD) {
		u = !(n->a->negate ? !n->a->num : n->a->num);
	} else if (n->kind == NR_NODE_CMP && n->field == NR_FIELD_UNREAD) {
		u = n->negate ? !n->num : n->num != 0;
	} else if (is_feed_set(n)) {
		if (sets->sql.len > 0) {
			nr_buf_adds(&sets->sql, " AND ");
		}
		nr_buf_adds(&sets->sql, "(");
		cmp_sql(sets, n, now);
		nr_buf_adds(&sets->sql, ")");
		return 1;
	} else {
		return 0;
	}
	*unread = *unread == -1 || *unread == u ? u : -2;
	return 1;
}

/* Count f from the sources' counts (feed_counts, kept by triggers) when
 * it is only feed sets and unread tests ("unread", "tags = ... and
 * unread", "not unread and source = ..."): a row per feed instead of an
 * article's row per article (1,000,000 articles, "unread": 680 ms ->
 * under a millisecond). Starred articles of sources out of scope are
 * listed too; those are counted by the starred index. f NULL: every
 * listed article; want 1: only the unread ones (-1: all). 1 if counted, 0
 * if f is not of that shape, -1 with err. */
/* The most articles the feeds out of scope may hold for their starred to
 * be found feed by feed rather than through articles_starred. */
#define OUT_BY_FEEDS 20000

void
store_scope_test(struct nr_store *store, long max, long wide, long defer)
{
	store->scope.test_max = max;
	store->scope.test_wide = wide;
	store->scope.test_defer = defer;
	/* Made again, and the tables with it. */
	store->scope.made = 0;
	store->scope.hidden = 0;
	store->scope.shown = 0;
	store->scope.shown_serial = store->scope.serial - 1;
}

int
store_scope_wide(struct nr_store *store)
{
	scope_refresh(store);
	return store->scope.out_total > (store->scope.test_wide > 0 ? store->scope.test_wide : OUT_BY_FEEDS);
}

static int
count_by_feeds(struct nr_store *store, const struct nr_filter *f, int want, int64_t now, long *total, long *unread,
    struct nr_err *err)
{
	struct nr_store_where w;
	struct nr_buf sql = NR_BUF_INIT;
	sqlite3_stmt *st;
	long t = 0, u = 0;
	int part, rc = SQLITE_DONE, scoped;

	memset(&w, 0, sizeof w);
	if (f != NULL && !split_conj(f->root, &w, &want, now)) {
		nr_store_where_free(&w);
		return 0;
	}
	scoped = scope_needed(store);
	for (part = 0; part < 2; part++) {
		nr_buf_reset(&sql);
		if (part == 0) {
			/* The feeds as a table "a" with a column feed, so that
			 * the feed sets' SQL (over a.feed) reads them. */
			nr_buf_adds(&sql, "SELECT coalesce(sum(a.total), 0), coalesce(sum(a.unread), 0) FROM"
			    " (SELECT c.feed AS feed, c.total AS total, c.unread AS unread FROM feed_counts c) a"
			    " WHERE (?1 = 0 OR a.feed IN " STORE_SCOPE_FEEDS ")");
		} else if (scoped && !store_scope_wide(store)) {
			/* From the feeds out of scope (usually few and small:
			 * 0.4 ms instead of 32 for the starred index's
			 * 10,000). */
			nr_buf_adds(&sql, "SELECT count(*), coalesce(sum(a.read = 0), 0) FROM feeds f3 CROSS JOIN articles a"
			    " ON a.feed = f3.id WHERE ?1 <> 0 AND f3.id NOT IN " STORE_SCOPE_FEEDS
			    " AND a.purged = 0 AND a.starred <> 0");
		} else if (scoped) {
			/* The starred, when the feeds out hold more articles
			 * (the scope a few of the database's sources: 999,000
			 * articles read for their mark, 1.5-2 s). "> 0": the
			 * range that makes SQLite, without statistics, take
			 * articles_starred. */
			nr_buf_adds(&sql, "SELECT count(*), coalesce(sum(a.read = 0), 0) FROM articles a"
			    " WHERE ?1 <> 0 AND a.purged = 0 AND a.starred <> 0 AND a.starred > 0 AND a.feed NOT IN "
			    STORE_SCOPE_FEEDS);
		} else {
			break;
		}
		if (w.sql.len > 0) {
			nr_buf_printf(&sql, " AND %s", nr_buf_str(&w.sql));
		}
		rc = sqlite3_prepare_v2(store->db, nr_buf_str(&sql), -1, &st, NULL);
		if (rc != SQLITE_OK) {
			break;
		}
		sqlite3_bind_int(st, 1, scoped);
		bind_where(st, 2, &w);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			t += (long)sqlite3_column_int64(st, 0);
			u += (long)sqlite3_column_int64(st, 1);
			rc = SQLITE_DONE;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			break;
		}
	}
	nr_buf_free(&sql);
	nr_store_where_free(&w);
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	switch (want) {
	case 1:
		t = u;
		break;
	case 0:
		t -= u;
		u = 0;
		break;
	case -2:
		t = u = 0;
		break;
	default:
		break;
	}
	*total = t;
	*unread = u;
	return 1;
}

int
nr_store_listed_count(struct nr_store *store, int unread_only, long *total, long *unread, struct nr_err *err)
{
	return count_by_feeds(store, NULL, unread_only ? 1 : -1, 0, total, unread, err);
}

int
nr_store_filter_count_budget(struct nr_store *store, const struct nr_filter *f, int64_t now, long budget_ms,
    long *total, long *unread, struct nr_err *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = count_by_feeds(store, f, -1, now, total, unread, err);
	if (rc != 0) {
		return rc;
	}
	st = prepare_filtered(store, "SELECT count(*), coalesce(sum(a.read = 0), 0) FROM articles a JOIN feeds f"
	    " ON f.id = a.feed", "", f, 0, now, err);
	if (st == NULL) {
		return -1;
	}
	store_budget_start(store, budget_ms);
	rc = sqlite3_step(st);
	store_budget_end(store);
	if (rc == SQLITE_ROW) {
		*total = (long)sqlite3_column_int64(st, 0);
		*unread = (long)sqlite3_column_int64(st, 1);
	}
	done_filtered(store, st);
	if (rc == SQLITE_ROW) {
		return 1;
	}
	return rc == SQLITE_INTERRUPT ? 0 : store_fail(store, rc, err);
}

int
nr_store_filter_count(struct nr_store *store, const struct nr_filter *f, int64_t now, long *total, long *unread,
    struct nr_err *err)
{
	return nr_store_filter_count_budget(store, f, now, 0, total, unread, err) < 0 ? -1 : 0;
}

struct filter_slices {
	struct nr_store *store;
	const struct nr_filter *f;
	int64_t now;
	char *scope;            /* store_scope_rows, asked once a call */
};

/* One slice (lo, hi] of a filter's count: the table in rowid order, not
 * the list's indexes: a condition no index serves reads each article's
 * row, and reads them 5 to 30 times faster in the order they are kept
 * (SEARCH a USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)). CROSS JOIN
 * keeps the articles the outer loop. */
static sqlite3_stmt *
filter_slice_prepare(void *ud, sqlite3 *db, struct nr_err *err)
{
	const struct filter_slices *fs = ud;

	return prepare_filtered_on(fs->store, db, "SELECT count(*), coalesce(sum(a.read = 0), 0) FROM articles a"
	    " NOT INDEXED", " AND a.id > :lo AND a.id <= :hi", fs->f, 0, fs->now, fs->scope, 1, err);
}

int
nr_store_filter_count_from(struct nr_store *store, const struct nr_filter *f, int64_t now, int64_t *from,
    int64_t upto, long budget_ms, long *total, long *unread, struct nr_err *err)
{
	struct filter_slices fs = { store, f, now, store_scope_rows(store) };
	int r;

	r = store_count_slices(store, from, upto, budget_ms, total, unread, filter_slice_prepare, NULL, &fs, 0, err);
	free(fs.scope);
	return r;
}

/* ---- kept counts ----
 *
 * A query's count by feed in query_counts (schema 11), each with the
 * stamp its feed's feed_counts row had when it was counted: the triggers
 * give the row a new stamp at every change of the feed's articles or
 * title, whoever makes it, so that a count whose stamp is still the
 * feed's is still true, and only the others are counted again, each
 * through its feed's index. The first count is taken in rowid slices, as
 * without them, grouped by feed (nr_store_tally). A condition that
 * changes with the time (age) is never kept. */

static int
uses_field(const struct nr_filter_node *n, enum nr_filter_field field)
{
	switch (n->kind) {
	case NR_NODE_AND:
	case NR_NODE_OR:
		return uses_field(n->a, field) || uses_field(n->b, field);
	case NR_NODE_NOT:
		return uses_field(n->a, field);
	case NR_NODE_CMP:
		break;
	}
	return n->field == field;
}

static int
uses_regexp(const struct nr_filter_node *n)
{
	switch (n->kind) {
	case NR_NODE_AND:
	case NR_NODE_OR:
		return uses_regexp(n->a) || uses_regexp(n->b);
	case NR_NODE_NOT:
		return uses_regexp(n->a);
	case NR_NODE_CMP:
		break;
	}
	return n->op == NR_OP_MATCH;
}

/* The rows of a session table as text, in a fixed order. */
static void
add_rows(struct nr_store *store, struct nr_buf *b, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK) {
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		nr_buf_printf(b, "\n%s", t != NULL ? t : "");
	}
	sqlite3_finalize(st);
}

/* What f's count depends on besides the file's articles and feeds: its
 * condition with the values written in, and the session's scope and
 * tags when they take part, the locale when it has a regular expression
 * (a new string); NULL if f is not kept (it changes with the time). */
static char *
kept_key(struct nr_store *store, const struct nr_filter *f)
{
	struct nr_buf b = NR_BUF_INIT;
	char *sql;

	if (uses_field(f->root, NR_FIELD_AGE)) {
		return NULL;
	}
	sql = nr_store_filter_sql(f, 0);
	nr_buf_adds(&b, sql);
	free(sql);
	if (scope_needed(store)) {
		nr_buf_adds(&b, "\nscope");
		add_rows(store, &b, "SELECT location || char(9) || subtree FROM temp.nr_scope ORDER BY location");
	}
	/* What a character class or a letter without regard to case
	 * matches outside ASCII is the locale's. */
	if (uses_regexp(f->root)) {
		const char *loc = setlocale(LC_CTYPE, NULL);

		nr_buf_printf(&b, "\nlocale %s", loc != NULL ? loc : "");
	}
	if (uses_field(f->root, NR_FIELD_TAGS)) {
		nr_buf_adds(&b, "\ntags");
		add_rows(store, &b, "SELECT location || char(9) || tag FROM temp.nr_tags ORDER BY location, tag");
	}
	return nr_buf_steal(&b);
}

/* Counts of feeds to keep. */
struct kept_row {
	int64_t feed, stamp;
	long total, unread;
};

/* Write rows[0..n) as key's counts, best effort: not on a read-only
 * connection nor inside the caller's transaction, and not waiting for
 * another writer (a count kept is only time saved next run). */
static void
keep_rows(struct nr_store *store, const char *key, const struct kept_row *rows, size_t n, int whole)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 changes;
	int64_t id = 0;
	int ok;
	size_t i;

	if (n == 0 || sqlite3_db_readonly(store->db, "main") != 0 || !sqlite3_get_autocommit(store->db)) {
		return;
	}
	changes = sqlite3_total_changes64(store->db);
	sqlite3_busy_timeout(store->db, 0);
	ok = sqlite3_exec(store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
	if (!ok) {
		sqlite3_busy_timeout(store->db, store->busy_ms);
		return;
	}
	/* A key is made only by a whole count: without one, the next run
	 * counts in slices, not feed by feed. */
	ok = sqlite3_prepare_v2(store->db, whole ? "INSERT INTO query_keys (key) VALUES (?1) ON CONFLICT (key) DO UPDATE"
	    " SET key = key RETURNING id" : "SELECT id FROM query_keys WHERE key = ?1", -1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_ROW;
		id = ok ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
		st = NULL;
	}
	ok = ok && sqlite3_prepare_v2(store->db, "INSERT INTO query_counts (query, feed, stamp, total, unread)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (query, feed) DO UPDATE SET stamp = excluded.stamp,"
	    " total = excluded.total, unread = excluded.unread", -1, &st, NULL) == SQLITE_OK;
	for (i = 0; ok && i < n; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, rows[i].feed);
		sqlite3_bind_int64(st, 3, rows[i].stamp);
		sqlite3_bind_int64(st, 4, rows[i].total);
		sqlite3_bind_int64(st, 5, rows[i].unread);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	/* The counts of feeds gone (their ids may be given again). */
	if (ok && whole) {
		ok = sqlite3_prepare_v2(store->db, "DELETE FROM query_counts WHERE query = ?1 AND feed NOT IN"
		    " (SELECT feed FROM feed_counts)", -1, &st, NULL) == SQLITE_OK;
		if (ok) {
			sqlite3_bind_int64(st, 1, id);
			ok = sqlite3_step(st) == SQLITE_DONE;
			sqlite3_finalize(st);
		}
	}
	sqlite3_exec(store->db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	sqlite3_busy_timeout(store->db, store->busy_ms);
	/* No article's count changed: a count going on goes on
	 * (window.c). */
	store->changes_kept += sqlite3_total_changes64(store->db) - changes;
}

/* One snapshot's reads: a transaction of its own when the caller has
 * none. */
static int
read_begin(struct nr_store *store)
{
	if (!sqlite3_get_autocommit(store->db)) {
		return 0;
	}
	return sqlite3_exec(store->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void
read_end(struct nr_store *store, int began)
{
	if (began) {
		sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	}
}

static int64_t
max_rowid(struct nr_store *store)
{
	return first_int(store, "SELECT coalesce(max(id), 0) FROM articles", 0);
}

int
nr_store_filter_count_kept(struct nr_store *store, const struct nr_filter *f, int64_t now, long budget_ms,
    long *total, long *unread, int64_t *upto, struct nr_err *err)
{
	char *key = kept_key(store, f);
	sqlite3_stmt *st = NULL, *one = NULL;
	struct kept_row *stale = NULL;
	size_t nstale = 0, cap = 0, done = 0;
	long t = 0, u = 0;
	int64_t id, all = 0, changed = 0;
	int began, rc, ret = 1, feed_param, forced = 0;

	if (key == NULL) {
		return 2;
	}
	began = read_begin(store);
	/* No key: never counted whole (or not since it changed). */
	rc = sqlite3_prepare_v2(store->db, "SELECT id FROM query_keys WHERE key = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		goto out;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ret = rc == SQLITE_DONE ? 2 : 1;
		goto out;
	}
	id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	rc = sqlite3_prepare_v2(store->db, "SELECT c.feed, c.stamp, q.stamp, q.total, q.unread, c.total FROM feed_counts c"
	    " LEFT JOIN query_counts q ON q.query = ?1 AND q.feed = c.feed", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t stamp = sqlite3_column_int64(st, 1);

		all += sqlite3_column_int64(st, 5);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL && sqlite3_column_int64(st, 2) == stamp) {
			t += (long)sqlite3_column_int64(st, 3);
			u += (long)sqlite3_column_int64(st, 4);
			continue;
		}
		if (nstale == cap) {
			cap = cap ? cap * 2 : 64;
			stale = xreallocarray(stale, cap, sizeof *stale);
		}
		stale[nstale].feed = sqlite3_column_int64(st, 0);
		stale[nstale].stamp = stamp;
		nstale++;
		changed += sqlite3_column_int64(st, 5);
	}
	if (rc != SQLITE_DONE) {
		goto out;
	}
	/* Most of the library changed (all marked read, a first update):
	 * its articles read feed by feed would cost more than every row in
	 * the table's order, 5 to 30 times quicker an article. */
	if (changed > 10000 && changed * 8 > all) {
		ret = 2;
		goto out;
	}
	*upto = max_rowid(store);
	if (nstale > 0) {
		/* By the feed's index, whatever else the condition could be
		 * looked up by: the unread index would read every unread
		 * article for each feed (1,000,000 articles, 'title =~
		 * "kernel.*release" and unread', one feed: 600 -> 2 ms). */
		one = prepare_filtered(store, "SELECT count(*), coalesce(sum(a.read = 0), 0) FROM articles a"
		    " INDEXED BY articles_feed", " AND a.feed = :feed", f, 0, now, err);
		if (one == NULL) {
			ret = -1;
			goto out;
		}
		feed_param = sqlite3_bind_parameter_index(one, ":feed");
		store_budget_start(store, budget_ms);
		while (done < nstale) {
			if (done > 0 && store_budget_spent(store)) {
				break;
			}
			sqlite3_bind_int64(one, feed_param, stale[done].feed);
			rc = sqlite3_step(one);
			if (rc == SQLITE_INTERRUPT && done == 0 && !forced) {
				/* Not one source within the budget: one without
				 * it, so that every call moves on. */
				sqlite3_reset(one);
				store_budget_end(store);
				forced = 1;
				continue;
			}
			if (rc != SQLITE_ROW) {
				break;
			}
			stale[done].total = (long)sqlite3_column_int64(one, 0);
			stale[done].unread = (long)sqlite3_column_int64(one, 1);
			t += stale[done].total;
			u += stale[done].unread;
			sqlite3_reset(one);
			rc = SQLITE_DONE;
			done++;
			if (forced) {
				break;
			}
		}
		store_budget_end(store);
		done_filtered(store, one);
		if (rc == SQLITE_INTERRUPT) {
			rc = SQLITE_DONE;
		}
	}
out:
	sqlite3_finalize(st);
	read_end(store, began);
	if (ret == 1 && rc != SQLITE_DONE && rc != SQLITE_OK) {
		ret = store_fail(store, rc, err);
	}
	if (ret == 1) {
		keep_rows(store, key, stale, done, 0);
		if (done < nstale) {
			ret = 0;
		} else {
			*total = t;
			*unread = u;
		}
	}
	free(stale);
	free(key);
	return ret;
}

int
nr_store_filter_has(struct nr_store *store, const struct nr_filter *f, int64_t now, int64_t rowid,
    struct nr_err *err)
{
	char tail[48];
	sqlite3_stmt *st;
	int rc;

	snprintf(tail, sizeof tail, " AND a.id = %" PRId64, rowid);
	st = prepare_filtered(store, "SELECT 1 FROM articles a CROSS JOIN feeds f ON f.id = a.feed", tail, f, 0, now,
	    err);
	if (st == NULL) {
		return -1;
	}
	rc = sqlite3_step(st);
	done_filtered(store, st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		return rc == SQLITE_ROW;
	}
	return store_fail(store, rc, err);
}

/* A first count taken in slices, grouped by feed, to be kept. The
 * feeds' stamps and the last rowid are read together before the first
 * slice: a feed changed after that has another stamp by the time the
 * count is kept, and is counted again next time. */
struct nr_store_tally {
	struct filter_slices fs;
	uint64_t serial;        /* the store's, for its count (window.c) */
	char *key;
	int64_t upto;
	struct kept_row *rows;  /* by feed, as feed_counts had them */
	size_t n;
};

struct nr_store_tally *
nr_store_tally_new(struct nr_store *store, const struct nr_filter *f, int64_t now)
{
	struct nr_store_tally *t;
	sqlite3_stmt *st;
	char *key = kept_key(store, f);
	size_t cap = 0;
	int began, rc;

	if (key == NULL) {
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->fs.store = store;
	t->fs.f = f;
	t->fs.now = now;
	t->serial = ++store->count_owners;
	t->key = key;
	began = read_begin(store);
	rc = sqlite3_prepare_v2(store->db, "SELECT feed, stamp FROM feed_counts ORDER BY feed", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (t->n == cap) {
				cap = cap ? cap * 2 : 256;
				t->rows = xreallocarray(t->rows, cap, sizeof *t->rows);
			}
			t->rows[t->n].feed = sqlite3_column_int64(st, 0);
			t->rows[t->n].stamp = sqlite3_column_int64(st, 1);
			t->rows[t->n].total = t->rows[t->n].unread = 0;
			t->n++;
		}
		sqlite3_finalize(st);
	}
	t->upto = max_rowid(store);
	read_end(store, began);
	if (rc != SQLITE_DONE) {
		nr_store_tally_free(t);
		return NULL;
	}
	return t;
}

int64_t
nr_store_tally_upto(const struct nr_store_tally *t)
{
	return t->upto;
}

void
nr_store_tally_free(struct nr_store_tally *t)
{
	if (t == NULL) {
		return;
	}
	/* Its count going on is of no use to another (counted before
	 * another's stamps were read). */
	store_count_forget(t->fs.store, t->serial);
	free(t->fs.scope);
	free(t->key);
	free(t->rows);
	free(t);
}

static sqlite3_stmt *
tally_slice_prepare(void *ud, sqlite3 *db, struct nr_err *err)
{
	struct nr_store_tally *t = ud;

	/* A row an article, added up by feed in window.c: SQLite's GROUP BY
	 * would sort them (1,000,000 articles, title =~ "^linux": 17 ms of
	 * 165). */
	return prepare_filtered_on(t->fs.store, db, "SELECT a.feed, a.read = 0 FROM articles a NOT INDEXED",
	    " AND a.id > :lo AND a.id <= :hi", t->fs.f, 0, t->fs.now, t->fs.scope, 1, err);
}

static int
row_cmp(const void *a, const void *b)
{
	const struct kept_row *x = a, *y = b;

	return x->feed < y->feed ? -1 : x->feed > y->feed;
}

/* A feed's count in a chunk counted whole, whichever connection counted
 * it, in whichever snapshot: one after the stamps were read, so that a
 * feed changed since has another stamp by the time the count is kept.
 * A feed not in the stamps (made since) is left out: it has no count
 * kept, so it is counted next time. */
static void
tally_group(void *ud, int64_t feed, long total, long unread)
{
	struct nr_store_tally *t = ud;
	struct kept_row key = { .feed = feed }, *r = bsearch(&key, t->rows, t->n, sizeof *t->rows, row_cmp);

	if (r != NULL) {
		r->total += total;
		r->unread += unread;
	}
}

int
nr_store_tally_from(struct nr_store *store, struct nr_store_tally *t, int64_t *from, long budget_ms, long *total,
    long *unread, struct nr_err *err)
{
	int r;

	free(t->fs.scope);
	t->fs.scope = store_scope_rows(store);
	r = store_count_slices(store, from, t->upto, budget_ms, total, unread, tally_slice_prepare, tally_group, t,
	    t->serial, err);
	if (r == 1) {
		keep_rows(store, t->key, t->rows, t->n, 1);
	}
	return r;
}
