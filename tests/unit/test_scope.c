/* The session's scope against the truth, at random: a database of 8-30
 * feeds (files in folders, URLs, names that a pattern or a prefix could
 * take for others), 0-200 articles each with random dates, marks,
 * purges and ignored ones, and a scope of the sources the configuration
 * and the command line name. What the program lists and counts (the
 * store's counts, filters and sources; the view's lists, their order,
 * their counts, the sources pane and the [query NAME] rows) is compared
 * with the truth computed here, in C, over the rows read from the file
 * through a connection of the test's own with plain SQL: every article
 * of a source in scope that is not purged, and the starred articles of
 * the others, nothing else.
 *
 * Black-box (store/store.h, app/view.h, filter/filter.h only), so that
 * it holds across a change of how the store applies the scope. The
 * scopes: none, every source, all but one, all but several, one alone
 * (the database far larger than the scope), folders (a directory and
 * everything under it), and sources that come into the database after
 * the scope was set; each on one connection and on two
 * (NEWSREADER_COUNT_CONNECTIONS). Then mark-all-read of the scoped list;
 * changes made by other connections while a view is open (a hidden
 * article starred, a listed one unstarred, articles added), each asked
 * of the store before the view reads it again; the session's own (a
 * star by the store, an unstar in a source's list, a source unsubscribed
 * from); and a source out of scope with 101,000 hidden articles, more
 * than the store keeps a list of. Each seed makes another database; a
 * failure names the seed, the state and the step. `test_scope SEED`
 * replays one seed, `test_scope --big` the large source alone.
 */
#include "config.h"

#include <ctype.h>
#include <sqlite3.h>
#include <unistd.h>

#include "app/view.h"
#include "core/xmalloc.h"
#include "filter/filter.h"
#include "helpers.h"
#include "store/store.h"
#include "t.h"

/* The articles' dates are T0 plus whole hours (a few hundred of them
 * for thousands of articles: ties, ordered by rowid); also the filters'
 * time. */
#define T0 1700000000LL
#define MAX_FEEDS 48
/* The rows of a list read as the screen shows them, at each end. */
#define ROWS_SHOWN 25

struct tfeed {
	char loc[96];
	char title[48];
	int64_t id;
	int tagged;             /* tag t1 (the store's session and the configuration) */
};

/* An article as the file holds it. */
struct trow {
	int64_t id;
	size_t feed;            /* index into feeds */
	char title[96];
	int dated;
	int64_t published;
	int read, starred, purged;
};

struct scope_entry {
	char loc[96];
	int subtree;
};

/* The run: the database, its feeds, the truth and the scope. */
static char *db_path;
static sqlite3 *raw;
static struct tfeed feeds[MAX_FEEDS];
static size_t nfeeds;
static struct trow *rows;
static size_t nrows;
static struct scope_entry scope[MAX_FEEDS + 4];
static size_t nscope;
static uint64_t rng;
static char where_am[256];      /* the seed, the state and the step, for the failures' messages */
static char where_state[160];  /* the seed and the state */
static unsigned serial;         /* makes guids and locations unique across the run */

/* ---- checks that say where they failed ---- */

/* What the checks that follow are of: the state, and what changed in it. */
static void
step(const char *what)
{
	snprintf(where_am, sizeof where_am, "%s%s%s", where_state, what[0] != '\0' ? ", " : "", what);
}

static void
eq(long long got, long long want, const char *what)
{
	t_checks++;
	if (got != want) {
		t_failures++;
		fprintf(stderr, "FAILED [%s] %s: got %lld, want %lld\n", where_am, what, got, want);
	}
}

static void
ok(int cond, const char *what)
{
	t_checks++;
	if (!cond) {
		t_failures++;
		fprintf(stderr, "FAILED [%s] %s\n", where_am, what);
	}
}

static uint64_t
rnd(uint64_t n)
{
	return n > 0 ? t_xorshift(&rng) % n : 0;
}

/* ---- the truth ---- */

static void
raw_exec(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(raw, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "[%s] %s: %s\n", where_am, sql, msg != NULL ? msg : "?");
		sqlite3_free(msg);
		CHECK(0);
	}
}

static size_t
feed_index(int64_t id)
{
	size_t i;

	for (i = 0; i < nfeeds; i++) {
		if (feeds[i].id == id) {
			return i;
		}
	}
	return SIZE_MAX;
}

/* Every article of the file, as it is now: plain columns, no scope. */
static void
truth_read(void)
{
	sqlite3_stmt *st;
	size_t cap = 0;

	nrows = 0;
	if (sqlite3_prepare_v2(raw, "SELECT id, feed, coalesce(title, ''), published, read, starred, purged"
	    " FROM articles ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		CHECK(0);
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct trow *r;

		if (nrows == cap) {
			cap = cap ? cap * 2 : 1024;
			rows = xreallocarray(rows, cap, sizeof *rows);
		}
		r = &rows[nrows++];
		r->id = sqlite3_column_int64(st, 0);
		r->feed = feed_index(sqlite3_column_int64(st, 1));
		snprintf(r->title, sizeof r->title, "%s", (const char *)sqlite3_column_text(st, 2));
		r->dated = sqlite3_column_type(st, 3) != SQLITE_NULL;
		r->published = sqlite3_column_int64(st, 3);
		r->read = sqlite3_column_int(st, 4) != 0;
		r->starred = sqlite3_column_int(st, 5) != 0;
		r->purged = sqlite3_column_int(st, 6);
		if (r->feed == SIZE_MAX) {
			fprintf(stderr, "[%s] article %lld of an unknown feed\n", where_am, (long long)r->id);
			CHECK(0);
			nrows--;
		}
	}
	sqlite3_finalize(st);
}

static int64_t
raw_max_id(void)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if (sqlite3_prepare_v2(raw, "SELECT coalesce(max(id), 0) FROM articles", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

/* Whether location is in the scope: named, or under a folder named with
 * subtree (a path below it: the folder's name and a slash, compared as
 * bytes). No scope: every source. */
static int
in_scope(const char *loc)
{
	size_t i, n;

	if (nscope == 0) {
		return 1;
	}
	for (i = 0; i < nscope; i++) {
		if (strcmp(scope[i].loc, loc) == 0) {
			return 1;
		}
		n = strlen(scope[i].loc);
		if (scope[i].subtree && strncmp(scope[i].loc, loc, n) == 0 && loc[n] == '/') {
			return 1;
		}
	}
	return 0;
}

static int
listed(const struct trow *r)
{
	return r->purged == 0 && (r->starred || in_scope(feeds[r->feed].loc));
}

/* Whether the store lists feed i as a source: in scope, or with a starred
 * article. */
static int
feed_listed(size_t i)
{
	size_t k;

	if (in_scope(feeds[i].loc)) {
		return 1;
	}
	for (k = 0; k < nrows; k++) {
		if (rows[k].feed == i && rows[k].purged == 0 && rows[k].starred) {
			return 1;
		}
	}
	return 0;
}

/* Whether feed i is still in the database (a source unsubscribed from
 * goes when it has no starred article left). */
static int
feed_in_db(size_t i)
{
	sqlite3_stmt *st;
	int in = 0;

	if (sqlite3_prepare_v2(raw, "SELECT 1 FROM feeds WHERE id = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, feeds[i].id);
		in = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return in;
}

/* ASCII case-insensitive: the test's titles are ASCII. */
static int
has_ci(const char *hay, const char *needle)
{
	size_t i, n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n; i++) {
			if (tolower((unsigned char)hay[i]) != tolower((unsigned char)needle[i])) {
				break;
			}
		}
		if (i == n) {
			return 1;
		}
	}
	return n == 0;
}

static int
eq_ci(const char *a, const char *b)
{
	for (; *a != '\0' && tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++) {
	}
	return *a == '\0' && *b == '\0';
}

/* The expressions, each with its meaning written here in C. */
enum pred {
	P_ALL,
	P_UNREAD,
	P_STARRED,
	P_TITLE_X,              /* title =~ "x" */
	P_READ_B,               /* not unread and title =~ "^b" */
	P_TWIN,                 /* source = "Twin" */
	P_TAG_UNREAD,           /* tags = "t1" and unread */
	P_O_OR_STARRED,         /* title =~ "o" or starred */
	P_TAG,                  /* tags = "t1" */
	P_UNREAD_TWIN,          /* unread and source = "twin" */
	P_KERNEL,               /* the plain words kernel: in the title (or the author, or the source's title) */
	NPRED
};

static const char *const pred_expr[NPRED] = {
	[P_ALL] = NULL,
	[P_UNREAD] = "unread",
	[P_STARRED] = "starred",
	[P_TITLE_X] = "title =~ \"x\"",
	[P_READ_B] = "not unread and title =~ \"^b\"",
	[P_TWIN] = "source = \"Twin\"",
	[P_TAG_UNREAD] = "tags = \"t1\" and unread",
	[P_O_OR_STARRED] = "title =~ \"o\" or starred",
	[P_TAG] = "tags = \"t1\"",
	[P_UNREAD_TWIN] = "unread and source = \"twin\"",
	[P_KERNEL] = "kernel",
};

static int
pred_holds(enum pred p, const struct trow *r)
{
	const struct tfeed *f = &feeds[r->feed];

	switch (p) {
	case P_ALL:
		return 1;
	case P_UNREAD:
		return !r->read;
	case P_STARRED:
		return r->starred;
	case P_TITLE_X:
		return has_ci(r->title, "x");
	case P_READ_B:
		return r->read && tolower((unsigned char)r->title[0]) == 'b';
	case P_TWIN:
		return eq_ci(f->title, "twin");
	case P_TAG_UNREAD:
		return f->tagged && !r->read;
	case P_O_OR_STARRED:
		return has_ci(r->title, "o") || r->starred;
	case P_TAG:
		return f->tagged;
	case P_UNREAD_TWIN:
		return !r->read && eq_ci(f->title, "twin");
	case P_KERNEL:
		return has_ci(r->title, "kernel") || has_ci(f->title, "kernel");
	default:
		return 0;
	}
}

/* The list's order: newest first, unknown dates last, then the newest
 * row first. */
static int
by_list_order(const void *pa, const void *pb)
{
	const struct trow *a = *(const struct trow *const *)pa, *b = *(const struct trow *const *)pb;

	if (a->dated != b->dated) {
		return a->dated ? -1 : 1;
	}
	if (a->dated && a->published != b->published) {
		return a->published > b->published ? -1 : 1;
	}
	return a->id > b->id ? -1 : a->id < b->id;
}

/* What a list shows: the listed articles that p holds for, of feed
 * (SIZE_MAX: every feed), unread ones only with unread_only, starred
 * ones only with starred_only, in the list's order: a new array, *n
 * long; *unread its unread articles. */
static const struct trow **
truth_list(enum pred p, size_t feed, int unread_only, int starred_only, size_t *n, long *unread)
{
	const struct trow **out = xreallocarray(NULL, nrows + 1, sizeof *out);
	size_t i;

	*n = 0;
	*unread = 0;
	for (i = 0; i < nrows; i++) {
		const struct trow *r = &rows[i];

		if (!listed(r) || !pred_holds(p, r) || (feed != SIZE_MAX && r->feed != feed) ||
		    (unread_only && r->read) || (starred_only && !r->starred)) {
			continue;
		}
		out[(*n)++] = r;
		*unread += !r->read;
	}
	qsort(out, *n, sizeof *out, by_list_order);
	return out;
}

/* ---- the database ---- */

static const char *const words[] = {
	"alpha", "Box", "beta", "linux", "kernel", "fox", "bravo", "omega", "Xenon", "delta", "bug", "Kernel",
};

static void
random_title(char *buf, size_t size)
{
	size_t i, nw = 1 + rnd(3), len = 0;

	buf[0] = '\0';
	for (i = 0; i < nw && len < size; i++) {
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i > 0 ? " " : "",
		    words[rnd(sizeof words / sizeof words[0])]);
	}
}

static int64_t
put_feed(struct nr_store *s, const char *loc, const char *title)
{
	struct nr_err err;
	int64_t id = t_put_feed(s, loc, title, NR_KIND_RSS, &err);

	ok(id > 0, "a feed is stored");
	return id;
}

/* A new feed in the model and in store s. */
static size_t
add_feed(struct nr_store *s, const char *loc, const char *title, int tagged)
{
	struct tfeed *f = &feeds[nfeeds];

	if (nfeeds == MAX_FEEDS) {
		abort();
	}
	snprintf(f->loc, sizeof f->loc, "%s", loc);
	snprintf(f->title, sizeof f->title, "%s", title);
	f->tagged = tagged;
	f->id = put_feed(s, loc, title);
	return nfeeds++;
}

/* A random article in feed i (ignored: never listed). */
static void
put_article(struct nr_store *s, size_t i, int ignored)
{
	struct nr_item item;
	struct nr_err err;
	enum nr_put_result res;
	char title[96];

	nr_item_init(&item);
	item.id = xasprintf("g%u", ++serial);
	random_title(title, sizeof title);
	item.title = xstrdup(title);
	item.link = xasprintf("https://example.org/%u", serial);
	item.author = rnd(2) ? xstrdup("Ana") : NULL;
	/* A few hundred dates for thousands of articles: ties. */
	item.published = rnd(10) == 0 ? NR_TIME_UNKNOWN : T0 + (int64_t)rnd(400) * 3600;
	item.content = xstrdup("body");
	item.content_type = NR_BODY_TEXT;
	if (ignored) {
		ok(nr_store_put_ignored(s, feeds[i].id, &item, T0, &res, &err) == 0, "an ignored article is stored");
	} else {
		ok(nr_store_put_item(s, feeds[i].id, &item, T0, &res, &err) == 0, "an article is stored");
	}
	nr_item_clear(&item);
}

/* Random read and starred marks on the articles above from_id, by
 * plain SQL. */
static void
random_marks(int64_t from_id)
{
	sqlite3_stmt *st;
	size_t i;

	truth_read();
	raw_exec("BEGIN");
	if (sqlite3_prepare_v2(raw, "UPDATE articles SET read = ?2, starred = ?3 WHERE id = ?1", -1, &st, NULL) !=
	    SQLITE_OK) {
		CHECK(0);
		raw_exec("ROLLBACK");
		return;
	}
	for (i = 0; i < nrows; i++) {
		if (rows[i].id <= from_id || rows[i].purged != 0) {
			continue;
		}
		sqlite3_bind_int64(st, 1, rows[i].id);
		sqlite3_bind_int(st, 2, rnd(10) < 4);
		sqlite3_bind_int(st, 3, rnd(100) < 9);
		if (sqlite3_step(st) != SQLITE_DONE) {
			CHECK(0);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	raw_exec("COMMIT");
}

/* The feeds: a few whose places a scope by folder must tell apart (a
 * folder, one under it, one whose name begins like it, a name with a
 * LIKE pattern's characters and its look-alike, another case, a quote),
 * URLs, and plain files; two feeds with one title. */
static void
make_feeds(struct nr_store *s)
{
	static const char *const fixed[] = {
		"/x/sub", "/x/sub/deeper", "/x/subway", "/x/a_b%", "/x/aXb%", "https://example.org", "/x/Sub",
		"/x/it's",
	};
	size_t i, nf = 8 + rnd(23);
	char loc[96], title[48];

	nfeeds = 0;
	for (i = 0; i < nf; i++) {
		unsigned n = ++serial;

		if (i < sizeof fixed / sizeof fixed[0]) {
			snprintf(loc, sizeof loc, "%s/f%u.xml", fixed[i], n);
		} else if (rnd(5) == 0) {
			snprintf(loc, sizeof loc, "https://example.org/feed%u.xml", n);
		} else if (rnd(4) == 0) {
			snprintf(loc, sizeof loc, "/x/sub/f%u.xml", n);
		} else {
			snprintf(loc, sizeof loc, "/x/f%u.xml", n);
		}
		if (i == 1 || i == nf - 1) {
			snprintf(title, sizeof title, "Twin");
		} else {
			snprintf(title, sizeof title, "Feed %u", n);
		}
		add_feed(s, loc, title, rnd(3) == 0);
	}
}

/* Articles interleaved across the feeds (as a load of many stores them),
 * some feeds with none; marks; purges: deleted ones (even starred),
 * one feed cut to its newest ten, some articles ignored. */
static void
make_articles(struct nr_store *s)
{
	size_t count[MAX_FEEDS], i, k, most = 0;
	struct nr_err err;

	for (i = 0; i < nfeeds; i++) {
		/* Most feeds small, a quarter up to 200. */
		count[i] = rnd(6) == 0 ? 0 : rnd(4) == 0 ? rnd(201) : rnd(60);
		most = count[i] > most ? count[i] : most;
	}
	ok(nr_store_begin(s, &err) == 0, "begin");
	for (k = 0; k < most; k++) {
		for (i = 0; i < nfeeds; i++) {
			if (k < count[i]) {
				put_article(s, i, 0);
			}
		}
	}
	for (i = 0; i < nfeeds; i++) {
		if (rnd(3) == 0) {
			put_article(s, i, 1);
		}
	}
	ok(nr_store_commit(s, &err) == 0, "commit");
	random_marks(0);
	truth_read();
	for (k = 0; k < nrows; k++) {
		if (rnd(30) == 0) {
			ok(nr_store_delete_article(s, rows[k].id, &err) == 0, "an article is deleted");
		}
	}
	for (i = 0; i < nfeeds; i++) {
		if (count[i] > 20) {
			ok(nr_store_prune_feed(s, feeds[i].id, 10, &err) >= 0, "a feed is pruned");
			break;
		}
	}
	truth_read();
}

/* ---- the scope ---- */

enum state {
	S_NONE,
	S_ALL,
	S_ALL_BUT_ONE,
	S_ALL_BUT_SEVERAL,
	S_ONLY_ONE,
	S_FOLDER,
	S_LATE,                 /* every feed, and sources named before they are in the database */
	NSTATES
};

static const char *const state_name[NSTATES] = {
	"no scope", "every source", "all but one", "all but several", "one source alone", "folders",
	"sources that came later",
};

static void
scope_put(struct nr_store *s, const char *loc, int subtree)
{
	struct nr_err err;
	size_t i;

	ok(nr_store_scope_add(s, loc, subtree, &err) == 0, "scope_add");
	for (i = 0; i < nscope; i++) {
		if (strcmp(scope[i].loc, loc) == 0) {
			scope[i].subtree |= subtree;
			return;
		}
	}
	snprintf(scope[nscope].loc, sizeof scope[nscope].loc, "%s", loc);
	scope[nscope++].subtree = subtree;
}

/* A feed with starred and unstarred articles, if there is one, else
 * any: the interesting one to leave out. */
static size_t
mixed_feed(void)
{
	size_t start = rnd(nfeeds), j, k;

	for (j = 0; j < nfeeds; j++) {
		size_t i = (start + j) % nfeeds;
		int star = 0, plain = 0;

		for (k = 0; k < nrows; k++) {
			if (rows[k].feed == i && rows[k].purged == 0) {
				star |= rows[k].starred;
				plain |= !rows[k].starred;
			}
		}
		if (star && plain) {
			return i;
		}
	}
	return start;
}

static void
set_scope(struct nr_store *s, enum state st)
{
	struct nr_err err;
	size_t i, one;
	unsigned char out[MAX_FEEDS];

	ok(nr_store_scope_clear(s, &err) == 0, "scope_clear");
	nscope = 0;
	memset(out, 0, sizeof out);
	switch (st) {
	case S_NONE:
		return;
	case S_ALL:
	case S_LATE:
		break;
	case S_ALL_BUT_ONE:
		out[mixed_feed()] = 1;
		break;
	case S_ALL_BUT_SEVERAL:
		out[mixed_feed()] = 1;
		for (i = 0; i < nfeeds; i++) {
			out[i] |= rnd(3) == 0;
		}
		break;
	case S_ONLY_ONE:
		one = mixed_feed();
		memset(out, 1, sizeof out);
		out[one] = 0;
		break;
	case S_FOLDER:
		scope_put(s, "/x/sub", 1);
		scope_put(s, "/x/a_b%", 1);
		scope_put(s, "https://example.org/nothing-here.xml", 0);
		return;
	default:
		return;
	}
	for (i = 0; i < nfeeds; i++) {
		if (!out[i]) {
			scope_put(s, feeds[i].loc, 0);
		}
	}
}

/* ---- the store alone ---- */

static int
cmp_id(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

static int
collect_feed(void *ud, const struct nr_store_feed_info *info)
{
	unsigned char *seen = ud;
	size_t i = feed_index(info->id);

	if (i == SIZE_MAX) {
		seen[MAX_FEEDS]++;
	} else {
		seen[i]++;
	}
	return 0;
}

/* Its count every way the store counts a filter, its rows, and whether
 * it has some. */
static void
check_filter(struct nr_store *s, enum pred p)
{
	struct nr_filter *f;
	struct nr_store_tally *tally;
	struct nr_err err;
	const struct trow **want;
	int64_t *got = NULL, from, upto, last = raw_max_id();
	size_t n, i, k;
	long unread, t, u, got_n;
	int rc;
	char what[160];

	f = nr_filter_parse(pred_expr[p], &err);
	ok(f != NULL, "the expression parses");
	if (f == NULL) {
		return;
	}
	want = truth_list(p, SIZE_MAX, 0, 0, &n, &unread);
	snprintf(what, sizeof what, "nr_store_filter_count(%s)", pred_expr[p]);
	t = u = -1;
	eq(nr_store_filter_count(s, f, T0, &t, &u, &err), 0, what);
	eq(t, (long)n, what);
	eq(u, unread, what);
	snprintf(what, sizeof what, "nr_store_filter_count_budget(%s)", pred_expr[p]);
	t = u = -1;
	eq(nr_store_filter_count_budget(s, f, T0, 0, &t, &u, &err), 1, what);
	eq(t, (long)n, what);
	eq(u, unread, what);
	/* Started (on the second connection, where there is one), then
	 * finished. */
	snprintf(what, sizeof what, "nr_store_filter_count_from(%s)", pred_expr[p]);
	t = u = 0;
	from = 0;
	rc = nr_store_filter_count_from(s, f, T0, &from, last, NR_STORE_COUNT_START, &t, &u, &err);
	ok(rc == 0 || rc == 1, what);
	for (k = 0; rc == 0 && k < 1000; k++) {
		rc = nr_store_filter_count_from(s, f, T0, &from, last, 0, &t, &u, &err);
	}
	eq(rc, 1, what);
	eq(from, last, what);
	eq(t, (long)n, what);
	eq(u, unread, what);
	/* A first count kept in the file, then the kept count. */
	snprintf(what, sizeof what, "nr_store_tally(%s)", pred_expr[p]);
	tally = nr_store_tally_new(s, f, T0);
	ok(tally != NULL, what);
	if (tally != NULL) {
		t = u = 0;
		from = 0;
		rc = 0;
		for (k = 0; rc == 0 && k < 1000; k++) {
			rc = nr_store_tally_from(s, tally, &from, 0, &t, &u, &err);
		}
		eq(rc, 1, what);
		eq(t, (long)n, what);
		eq(u, unread, what);
		nr_store_tally_free(tally);
		snprintf(what, sizeof what, "nr_store_filter_count_kept(%s)", pred_expr[p]);
		t = u = -1;
		rc = 0;
		for (k = 0; rc == 0 && k < 1000; k++) {
			rc = nr_store_filter_count_kept(s, f, T0, 0, &t, &u, &upto, &err);
		}
		eq(rc, 1, what);
		eq(t, (long)n, what);
		eq(u, unread, what);
	}
	/* The rows, in no order. */
	snprintf(what, sizeof what, "nr_store_filter_rowids(%s)", pred_expr[p]);
	got_n = nr_store_filter_rowids(s, f, 0, T0, &got, &err);
	eq(got_n, (long)n, what);
	if (got_n == (long)n && got != NULL) {
		int64_t *w = xreallocarray(NULL, n + 1, sizeof *w);

		for (i = 0; i < n; i++) {
			w[i] = want[i]->id;
		}
		qsort(w, n, sizeof *w, cmp_id);
		qsort(got, n, sizeof *got, cmp_id);
		ok(n == 0 || memcmp(w, got, n * sizeof *w) == 0, what);
		free(w);
	}
	free(got);
	/* Whether a row matches: some listed, some hidden, some purged. */
	snprintf(what, sizeof what, "nr_store_filter_has(%s)", pred_expr[p]);
	for (k = 0; k < 12 && nrows > 0; k++) {
		const struct trow *r = &rows[rnd(nrows)];

		eq(nr_store_filter_has(s, f, T0, r->id, &err), listed(r) && pred_holds(p, r), what);
	}
	free(want);
	nr_filter_free(f);
}

/* The list as the store gives a view of it (scoped as the interface asks
 * for it): every listed article, the unread ones, the starred ones, one
 * source's, in the list's order, and their counts; and whether the scope
 * leaves a source of the database out. */
static void
check_store_list(struct nr_store *s)
{
	static const struct {
		unsigned filters;
		const char *name;
	} lists[] = {
		{ 0, "every listed article" },
		{ NR_FILTER_UNREAD, "the unread" },
		{ NR_FILTER_STARRED, "the starred" },
		{ 0, "one source's" },
	};
	struct nr_store_view q;
	struct nr_err err;
	const struct trow **want;
	int64_t *ids;
	size_t i, k, n, got_n = 0;
	long unread, got_unread = -1, total = -1, u = -1;
	int out = 0;
	char what[200];

	truth_read();
	for (i = 0; i < nfeeds; i++) {
		out |= !in_scope(feeds[i].loc) && feed_in_db(i);
	}
	eq(nr_store_scope_active(s), out, "nr_store_scope_active");
	for (k = 0; k < sizeof lists / sizeof lists[0]; k++) {
		size_t feed = SIZE_MAX;

		memset(&q, 0, sizeof q);
		q.scoped = 1;
		q.filters = lists[k].filters;
		if (k == 3) {
			/* A source out of scope with starred articles if there
			 * is one: its list is those alone. */
			for (i = 0; i < nfeeds && feed == SIZE_MAX; i++) {
				feed = !in_scope(feeds[i].loc) && feed_listed(i) ? i : SIZE_MAX;
			}
			feed = feed == SIZE_MAX && nfeeds > 0 ? rnd(nfeeds) : feed;
			q.feed_id = feeds[feed].id;
		}
		want = truth_list(P_ALL, feed, q.filters & NR_FILTER_UNREAD, (q.filters & NR_FILTER_STARRED) != 0, &n,
		    &unread);
		snprintf(what, sizeof what, "nr_store_view_ids, %s", lists[k].name);
		ids = nr_store_view_ids(s, &q, &got_n, &got_unread, &err);
		ok(ids != NULL || n == 0, what);
		eq((long long)got_n, (long long)n, what);
		eq(got_unread, unread, what);
		for (i = 0; ids != NULL && i < n && i < got_n && ids[i] == want[i]->id; i++) {
		}
		snprintf(what, sizeof what, "nr_store_view_ids, %s: in order", lists[k].name);
		ok(i == n, what);
		free(ids);
		snprintf(what, sizeof what, "nr_store_view_count, %s", lists[k].name);
		eq(nr_store_view_count(s, &q, &err), (long)n, what);
		snprintf(what, sizeof what, "nr_store_view_count_budget, %s", lists[k].name);
		eq(nr_store_view_count_budget(s, &q, 0, &total, &u, &err), 1, what);
		eq(total, (long)n, what);
		eq(u, unread, what);
		free(want);
	}
}

/* The store's lists, counts and sources, and the filters preds. */
static void
check_store_preds(struct nr_store *s, const enum pred *preds, size_t npreds)
{
	unsigned char seen[MAX_FEEDS + 1];
	const struct trow **want;
	struct nr_err err;
	size_t n, i;
	long unread, t, u;

	check_store_list(s);
	want = truth_list(P_ALL, SIZE_MAX, 0, 0, &n, &unread);
	free(want);
	t = u = -1;
	eq(nr_store_listed_count(s, 0, &t, &u, &err), 1, "nr_store_listed_count");
	eq(t, (long)n, "nr_store_listed_count: total");
	eq(u, unread, "nr_store_listed_count: unread");
	t = u = -1;
	eq(nr_store_listed_count(s, 1, &t, &u, &err), 1, "nr_store_listed_count, unread only");
	eq(t, unread, "nr_store_listed_count, unread only: total");
	eq(u, unread, "nr_store_listed_count, unread only: unread");
	memset(seen, 0, sizeof seen);
	eq(nr_store_feeds(s, collect_feed, seen, &err), 0, "nr_store_feeds");
	eq(seen[MAX_FEEDS], 0, "nr_store_feeds: a feed the database does not have");
	for (i = 0; i < nfeeds; i++) {
		char what[160];

		snprintf(what, sizeof what, "nr_store_feeds gives %.96s", feeds[i].loc);
		eq(seen[i], feed_listed(i), what);
	}
	for (i = 0; i < npreds; i++) {
		check_filter(s, preds[i]);
	}
}

static void
check_store(struct nr_store *s)
{
	static const enum pred preds[] = {
		P_UNREAD, P_STARRED, P_TITLE_X, P_READ_B, P_TWIN, P_TAG_UNREAD, P_O_OR_STARRED, P_TAG,
	};

	check_store_preds(s, preds, sizeof preds / sizeof preds[0]);
}

/* The same with three filters: a feed set with unread (from the sources'
 * counts), a regular expression and starred (every row read). */
static void
check_store_few(struct nr_store *s)
{
	static const enum pred preds[] = { P_UNREAD_TWIN, P_TITLE_X, P_STARRED };

	check_store_preds(s, preds, sizeof preds / sizeof preds[0]);
}

/* ---- the view ---- */

/* Tick the view (its work between keys) until it has none left. */
static void
run_background(struct nr_view *v)
{
	long k;

	for (k = 0; k < 100000 && nr_view_deadline(v) == 0; k++) {
		nr_view_tick(v);
	}
	ok(!nr_view_counting(v), "the list is counted");
}

/* The list in view against the truth: its length, unread articles,
 * every row id in order, and G. */
static void
check_list(struct nr_view *v, enum pred p, size_t feed, int unread_only, int starred_only, const char *what)
{
	const struct trow **want;
	size_t n, i;
	long unread;
	char msg[200];

	run_background(v);
	want = truth_list(p, feed, unread_only, starred_only, &n, &unread);
	snprintf(msg, sizeof msg, "%s: articles listed", what);
	eq((long long)v->nshown, (long long)n, msg);
	snprintf(msg, sizeof msg, "%s: unread", what);
	eq(v->shown_unread, unread, msg);
	/* G: the last article; the list's ids are all read then. */
	nr_view_do(v, NR_ACT_LAST_ARTICLE);
	snprintf(msg, sizeof msg, "%s: G goes to the last article", what);
	if (n > 0) {
		const struct nr_view_article *a = nr_view_selected(v);

		ok(v->sel == n - 1 && a != NULL && a->rowid == want[n - 1]->id, msg);
	} else {
		ok(nr_view_selected(v) == NULL, msg);
	}
	snprintf(msg, sizeof msg, "%s: every id read at the end", what);
	ok(v->nids == v->nshown, msg);
	for (i = 0; i < n && i < v->nids; i++) {
		if (v->ids[i] != want[i]->id) {
			fprintf(stderr, "[%s] %s: row %zu is %lld, want %lld\n", where_am, what, i, (long long)v->ids[i],
			    (long long)want[i]->id);
			break;
		}
	}
	snprintf(msg, sizeof msg, "%s: the rows in order", what);
	ok(i == n, msg);
	/* The rows as shown (the columns read for the screen), at both
	 * ends. */
	for (i = 0; i < n; i = i + 1 == ROWS_SHOWN && n > 2 * ROWS_SHOWN ? n - ROWS_SHOWN : i + 1) {
		const struct nr_view_article *a = nr_view_row(v, i);

		if (a == NULL || a->rowid != want[i]->id || a->read != want[i]->read || a->starred != want[i]->starred) {
			fprintf(stderr, "[%s] %s: row %zu shows %lld, want %lld\n", where_am, what, i,
			    a != NULL ? (long long)a->rowid : -1LL, (long long)want[i]->id);
			break;
		}
	}
	snprintf(msg, sizeof msg, "%s: the rows shown", what);
	ok(i == n, msg);
	snprintf(msg, sizeof msg, "%s: nothing after the last row", what);
	ok(nr_view_row(v, n) == NULL, msg);
	nr_view_do(v, NR_ACT_FIRST_ARTICLE);
	free(want);
}

/* The sources-pane row of feed i, of tag "t1" (i SIZE_MAX), or of query q
 * (q > 0); SIZE_MAX if none. */
static size_t
pane_row(const struct nr_view *v, size_t i, size_t q)
{
	size_t r;

	for (r = 0; r < v->npane; r++) {
		const struct nr_pane_row *pr = &v->pane[r];

		if (q > 0 && pr->kind == NR_PANE_FEED && v->feeds[pr->index].query == q) {
			return r;
		}
		if (q == 0 && i == SIZE_MAX && pr->kind == NR_PANE_TAG && strcmp(v->tags[pr->index].name, "t1") == 0) {
			return r;
		}
		if (q == 0 && i != SIZE_MAX && pr->kind == NR_PANE_FEED && v->feeds[pr->index].query == 0 &&
		    v->feeds[pr->index].id == feeds[i].id) {
			return r;
		}
	}
	return SIZE_MAX;
}

static void
choose(struct nr_view *v, size_t r)
{
	nr_view_click_feeds(v, (int)(r - v->feed_top), 1);
}

/* The queries of the configuration: one [query NAME] row each. */
static const enum pred query_preds[] = { P_TITLE_X, P_UNREAD_TWIN, P_STARRED, P_TAG };
#define NQUERIES (sizeof query_preds / sizeof query_preds[0])

/* The sources pane: a row for each listed source and none for the
 * others, each with the unread articles listed under it, "all" with
 * those of the whole list, the tag with its sources'; the query rows'
 * counts. */
static void
check_pane(struct nr_view *v)
{
	const struct trow **want;
	size_t n, i, r;
	long unread;
	char what[200];

	run_background(v);
	want = truth_list(P_ALL, SIZE_MAX, 0, 0, &n, &unread);
	free(want);
	eq(nr_view_pane_unread(v, 0), unread, "the sources pane: all articles' unread");
	for (i = 0; i < nfeeds; i++) {
		r = pane_row(v, i, 0);
		snprintf(what, sizeof what, "the sources pane has a row for %.96s", feeds[i].loc);
		eq(r != SIZE_MAX, feed_listed(i), what);
		if (r == SIZE_MAX) {
			continue;
		}
		want = truth_list(P_ALL, i, 0, 0, &n, &unread);
		free(want);
		snprintf(what, sizeof what, "the sources pane: unread of %.96s", feeds[i].loc);
		eq(nr_view_pane_unread(v, r), unread, what);
	}
	r = pane_row(v, SIZE_MAX, 0);
	if (r != SIZE_MAX) {
		want = truth_list(P_TAG, SIZE_MAX, 0, 0, &n, &unread);
		free(want);
		eq(nr_view_pane_unread(v, r), unread, "the sources pane: the tag's unread");
	}
	for (i = 0; i < NQUERIES; i++) {
		r = pane_row(v, SIZE_MAX, i + 1);
		snprintf(what, sizeof what, "the query row %s", pred_expr[query_preds[i]]);
		ok(r != SIZE_MAX, what);
		if (r == SIZE_MAX) {
			continue;
		}
		want = truth_list(query_preds[i], SIZE_MAX, 0, 0, &n, &unread);
		free(want);
		snprintf(what, sizeof what, "the query row %s: total", pred_expr[query_preds[i]]);
		eq(v->feeds[v->pane[r].index].total, (long)n, what);
		snprintf(what, sizeof what, "the query row %s: unread", pred_expr[query_preds[i]]);
		eq(v->feeds[v->pane[r].index].unread, unread, what);
	}
}

/* The lists that full adds: starred only, the limits (expressions and
 * plain words) and the tag. */
static void
check_view_more(struct nr_view *v)
{
	static const enum pred limits[] = { P_UNREAD, P_TITLE_X, P_STARRED, P_READ_B, P_TWIN, P_KERNEL };
	size_t i, r;
	char what[200];

	nr_view_do(v, NR_ACT_TOGGLE_STARRED_ONLY);
	check_list(v, P_ALL, SIZE_MAX, 0, 1, "all articles, starred only");
	nr_view_do(v, NR_ACT_TOGGLE_STARRED_ONLY);
	check_list(v, P_ALL, SIZE_MAX, 0, 0, "all articles, starred shown with the rest again");
	for (i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		nr_view_limit(v, pred_expr[limits[i]]);
		snprintf(what, sizeof what, "the limit %s", pred_expr[limits[i]]);
		check_list(v, limits[i], SIZE_MAX, 0, 0, what);
		nr_view_limit(v, NULL);
	}
	check_list(v, P_ALL, SIZE_MAX, 0, 0, "all articles after the limits");
	r = pane_row(v, SIZE_MAX, 0);
	if (r != SIZE_MAX) {
		choose(v, r);
		check_list(v, P_TAG, SIZE_MAX, 0, 0, "the tag t1");
		choose(v, 0);
	}
}

/* The lists of the view against the truth: all, unread only, the
 * sources pane, a source in scope and one out of it, the query rows'
 * lists; with full, check_view_more's too. */
static void
check_view(struct nr_view *v, int full)
{
	size_t i, r, in = SIZE_MAX, out = SIZE_MAX;
	char what[200];

	truth_read();
	check_list(v, P_ALL, SIZE_MAX, 0, 0, "all articles");
	check_pane(v);
	nr_view_do(v, NR_ACT_TOGGLE_SHOW_READ);
	check_list(v, P_ALL, SIZE_MAX, 1, 0, "all articles, unread only");
	nr_view_do(v, NR_ACT_TOGGLE_SHOW_READ);
	if (full) {
		check_view_more(v);
	}
	/* A source in scope and one out of it (its starred articles). */
	for (i = 0; i < nfeeds; i++) {
		if (in == SIZE_MAX && in_scope(feeds[i].loc)) {
			in = i;
		}
		if (out == SIZE_MAX && !in_scope(feeds[i].loc) && feed_listed(i)) {
			out = i;
		}
	}
	for (i = 0; i < 2; i++) {
		size_t f = i == 0 ? in : out;

		if (f == SIZE_MAX) {
			continue;
		}
		r = pane_row(v, f, 0);
		snprintf(what, sizeof what, "the source %.96s (%s)", feeds[f].loc, i == 0 ? "in scope" : "out of scope");
		ok(r != SIZE_MAX, what);
		if (r != SIZE_MAX) {
			choose(v, r);
			check_list(v, P_ALL, f, 0, 0, what);
			choose(v, 0);
		}
	}
	for (i = 0; i < NQUERIES; i++) {
		r = pane_row(v, SIZE_MAX, i + 1);
		if (r != SIZE_MAX) {
			choose(v, r);
			snprintf(what, sizeof what, "the query row %s, chosen", pred_expr[query_preds[i]]);
			check_list(v, query_preds[i], SIZE_MAX, 0, 0, what);
			choose(v, 0);
		}
	}
	check_list(v, P_ALL, SIZE_MAX, 0, 0, "all articles, back from the sources");
}

/* Fewer lists, for a large database: all, the sources pane, unread only,
 * the source f, the starred. */
static void
check_view_few(struct nr_view *v, size_t f)
{
	size_t r;

	truth_read();
	check_list(v, P_ALL, SIZE_MAX, 0, 0, "all articles");
	check_pane(v);
	nr_view_do(v, NR_ACT_TOGGLE_SHOW_READ);
	check_list(v, P_ALL, SIZE_MAX, 1, 0, "all articles, unread only");
	nr_view_do(v, NR_ACT_TOGGLE_SHOW_READ);
	r = pane_row(v, f, 0);
	ok(r != SIZE_MAX, "the source out of scope has a row");
	if (r != SIZE_MAX) {
		choose(v, r);
		check_list(v, P_ALL, f, 0, 0, "the source out of scope");
		choose(v, 0);
	}
	nr_view_limit(v, pred_expr[P_STARRED]);
	check_list(v, P_STARRED, SIZE_MAX, 0, 0, "the limit starred");
	nr_view_limit(v, NULL);
}

static struct nr_view *
open_view(struct nr_store *s, const struct nr_config *cfg)
{
	struct nr_err err;
	struct nr_view *v = nr_view_new(s, cfg, &err);

	ok(v != NULL, "nr_view_new");
	if (v != NULL) {
		nr_view_set_size(v, 10, 6, 40, 400, 10);
	}
	return v;
}

/* The configuration: a source for each feed of tag t1 (so that the pane
 * has the tag), the queries; sources pane rows with nothing unread
 * shown. */
static void
make_config(struct nr_config *cfg)
{
	size_t i, n = 0;

	nr_config_defaults(cfg);
	cfg->show_read_feeds = 1;
	cfg->sources = xcalloc(nfeeds, sizeof *cfg->sources);
	for (i = 0; i < nfeeds; i++) {
		struct nr_source *src;

		if (!feeds[i].tagged) {
			continue;
		}
		src = &cfg->sources[n++];
		src->label = xasprintf("feed%zu", i);
		src->path = xstrdup(feeds[i].loc);
		src->is_url = strncmp(feeds[i].loc, "https://", 8) == 0;
		src->max_articles = -1;
		src->reload = -1;
		src->ntags = 1;
		src->tags = xcalloc(1, sizeof (char *));
		src->tags[0] = xstrdup("t1");
	}
	cfg->nsources = n;
	cfg->queries = xcalloc(NQUERIES, sizeof *cfg->queries);
	for (i = 0; i < NQUERIES; i++) {
		cfg->queries[i].label = xstrdup(pred_expr[query_preds[i]]);
		cfg->queries[i].filter = nr_filter_parse(pred_expr[query_preds[i]], NULL);
		ok(cfg->queries[i].filter != NULL, "a query parses");
	}
	cfg->nqueries = NQUERIES;
}

/* The store's session: the tags (the configuration's, as the program
 * sets them). */
static void
set_tags(struct nr_store *s)
{
	static const char *const t1[] = { "t1" };
	struct nr_err err;
	size_t i;

	for (i = 0; i < nfeeds; i++) {
		if (feeds[i].tagged) {
			ok(nr_store_set_tags(s, feeds[i].loc, t1, 1, &err) == 0, "set_tags");
		}
	}
}

/* ---- changes while the view is open ---- */

/* Mark all read in the scoped list: every listed article read, and no
 * hidden one (out of scope, not starred), as plain SQL reads them; then
 * the marks put back as they were. */
static void
check_mark_all_read(struct nr_view *v)
{
	struct trow *before;
	size_t nbefore, i, j, hidden_changed = 0, listed_unread = 0, hidden = 0;
	sqlite3_stmt *st;

	truth_read();
	nbefore = nrows;
	before = xreallocarray(NULL, nrows + 1, sizeof *before);
	memcpy(before, rows, nrows * sizeof *rows);
	for (i = 0; i < nbefore; i++) {
		hidden += before[i].purged == 0 && !listed(&before[i]) && !before[i].read;
	}
	nr_view_do(v, NR_ACT_MARK_ALL_READ);
	truth_read();
	eq((long long)nrows, (long long)nbefore, "mark all read: the same articles");
	for (i = j = 0; i < nbefore && j < nrows; i++, j++) {
		if (rows[j].id != before[i].id) {
			break;
		}
		if (listed(&before[i]) && !rows[j].read) {
			listed_unread++;
		}
		if (!listed(&before[i]) && rows[j].read != before[i].read) {
			hidden_changed++;
		}
	}
	eq((long long)hidden_changed, 0, "mark all read: hidden articles' marks unchanged");
	eq((long long)listed_unread, 0, "mark all read: every listed article read");
	eq(v->shown_unread, 0, "mark all read: none unread in the list");
	check_list(v, P_ALL, SIZE_MAX, 0, 0, "all articles, marked read");
	/* Put the marks back, as another program would. */
	raw_exec("BEGIN");
	if (sqlite3_prepare_v2(raw, "UPDATE articles SET read = 0 WHERE id = ?1", -1, &st, NULL) == SQLITE_OK) {
		for (i = 0; i < nbefore; i++) {
			if (!before[i].read && before[i].purged == 0) {
				sqlite3_bind_int64(st, 1, before[i].id);
				(void)sqlite3_step(st);
				sqlite3_reset(st);
			}
		}
		sqlite3_finalize(st);
	}
	raw_exec("COMMIT");
	printf("  mark all read: %zu hidden unread articles left alone\n", hidden);
	free(before);
}

static void
refresh(struct nr_view *v)
{
	struct nr_err err;

	eq(nr_view_refresh(v, &err), 0, "nr_view_refresh");
}

/* Another connection stars a hidden article, unstars a listed one out
 * of scope, adds articles to a source out of scope (one starred) and to
 * one in scope: each seen once the view reads the store again. */
static void
check_changes(struct nr_store *s, struct nr_view *v)
{
	struct nr_store *other;
	struct nr_err err;
	size_t i, k, start, out = SIZE_MAX, in = SIZE_MAX;
	char sql[128];
	int64_t last;

	truth_read();
	start = nrows > 0 ? rnd(nrows) : 0;
	for (k = 0; k < nrows; k++) {
		const struct trow *r = &rows[(start + k) % nrows];

		if (r->purged == 0 && !listed(r)) {
			snprintf(sql, sizeof sql, "UPDATE articles SET starred = 1 WHERE id = %lld", (long long)r->id);
			raw_exec(sql);
			step("a hidden one starred, the store asked before the view");
			check_store_list(s);
			refresh(v);
			step("a hidden one starred");
			check_view(v, 0);
			break;
		}
	}
	truth_read();
	for (k = 0; k < nrows; k++) {
		const struct trow *r = &rows[(start + k) % nrows];

		if (r->purged == 0 && r->starred && !in_scope(feeds[r->feed].loc)) {
			snprintf(sql, sizeof sql, "UPDATE articles SET starred = 0 WHERE id = %lld", (long long)r->id);
			raw_exec(sql);
			step("one unstarred, the store asked before the view");
			check_store_list(s);
			refresh(v);
			step("one unstarred");
			check_view(v, 0);
			break;
		}
	}
	for (i = 0; i < nfeeds; i++) {
		if (out == SIZE_MAX && !in_scope(feeds[i].loc)) {
			out = i;
		}
		if (in == SIZE_MAX && in_scope(feeds[i].loc)) {
			in = i;
		}
	}
	last = raw_max_id();
	other = nr_store_open(db_path, 0, &err);
	ok(other != NULL, "another connection opens");
	if (other == NULL) {
		return;
	}
	for (k = 0; k < 6 && out != SIZE_MAX; k++) {
		put_article(other, out, 0);
	}
	if (in != SIZE_MAX) {
		put_article(other, in, 0);
	}
	nr_store_close(other);
	random_marks(last);
	snprintf(sql, sizeof sql, "UPDATE articles SET starred = 1 WHERE id = (SELECT max(id) FROM articles)");
	raw_exec(sql);
	step("articles added, the store asked before the view");
	check_store_list(s);
	refresh(v);
	step("articles added");
	check_view(v, 0);
}

/* This session's own changes, through its connection: a hidden article
 * starred by the store, one of a source out of scope unstarred in that
 * source's list, and a source in scope unsubscribed from (its articles
 * forgotten but the starred ones, and it taken out of the scope). */
static void
check_own_changes(struct nr_store *s, struct nr_view *v)
{
	struct nr_err err;
	size_t i, k, r, start;

	truth_read();
	start = nrows > 0 ? rnd(nrows) : 0;
	for (k = 0; k < nrows; k++) {
		const struct trow *row = &rows[(start + k) % nrows];

		if (row->purged == 0 && !listed(row)) {
			eq(nr_store_set_flag(s, row->id, NR_FLAG_STARRED, 1, &err), 0, "nr_store_set_flag");
			refresh(v);
			step("a hidden one starred by this connection");
			check_view(v, 0);
			break;
		}
	}
	for (i = 0; i < nfeeds; i++) {
		if (!in_scope(feeds[i].loc) && feed_listed(i) && (r = pane_row(v, i, 0)) != SIZE_MAX) {
			choose(v, r);
			nr_view_do(v, NR_ACT_FIRST_ARTICLE);
			ok(nr_view_selected(v) != NULL && nr_view_selected(v)->starred, "a starred article of a source out of scope");
			nr_view_key(v, 's');
			truth_read();
			choose(v, 0);
			refresh(v);
			step("one unstarred in its source's list");
			check_view(v, 0);
			break;
		}
	}
	truth_read();
	for (i = 0; i < nfeeds; i++) {
		int starred = 0;

		for (k = 0; k < nrows; k++) {
			starred |= rows[k].feed == i && rows[k].purged == 0 && rows[k].starred;
		}
		if (in_scope(feeds[i].loc) && starred) {
			ok(nr_store_forget_feed(s, feeds[i].loc, &err) >= 0, "nr_store_forget_feed");
			ok(nr_store_scope_remove(s, feeds[i].loc, &err) == 0, "nr_store_scope_remove");
			for (k = 0; k < nscope; k++) {
				if (strcmp(scope[k].loc, feeds[i].loc) == 0) {
					scope[k] = scope[--nscope];
					break;
				}
			}
			refresh(v);
			step("a source unsubscribed from");
			check_view(v, 0);
			check_store(s);
			break;
		}
	}
}

/* Sources that come into the database after the scope was set: one the
 * scope names (a configured feed never read before), one under a folder
 * in scope, one it does not name (a file opened once by another run). */
static void
check_late(struct nr_store *s, struct nr_view *v, unsigned pass)
{
	struct nr_store *other;
	struct nr_err err;
	char loc[96];
	size_t i, k, first = nfeeds;
	int64_t last = raw_max_id();

	snprintf(loc, sizeof loc, "/x/late-in-%u.xml", pass);
	scope_put(s, loc, 0);
	scope_put(s, "/x/newdir", 1);
	refresh(v);
	check_view(v, 0);
	other = nr_store_open(db_path, 0, &err);
	ok(other != NULL, "another connection opens");
	if (other == NULL) {
		return;
	}
	add_feed(other, loc, "Late in", 0);
	snprintf(loc, sizeof loc, "/x/newdir/late-%u.xml", pass);
	add_feed(other, loc, "Late under", 0);
	snprintf(loc, sizeof loc, "/x/late-out-%u.xml", pass);
	add_feed(other, loc, "Late out", 0);
	for (i = first; i < nfeeds; i++) {
		for (k = 0; k < 5 + rnd(20); k++) {
			put_article(other, i, 0);
		}
	}
	nr_store_close(other);
	random_marks(last);
	refresh(v);
	step("the feeds came");
	check_view(v, 1);
}

/* ---- the run ---- */

/* The store at db_path, made, and the plain connection raw beside it; NULL
 * (db_path freed) if either fails. */
static struct nr_store *
db_open(void)
{
	struct nr_err err;
	struct nr_store *s = nr_store_open(db_path, NR_STORE_CREATE, &err);

	CHECK(s != NULL);
	if (s == NULL || sqlite3_open(db_path, &raw) != SQLITE_OK) {
		nr_store_close(s);
		free(db_path);
		return NULL;
	}
	sqlite3_busy_timeout(raw, 10000);
	return s;
}

/* A run's end: cfg, raw and the file gone, the count budget as it was. */
static void
db_done(struct nr_config *cfg)
{
	nr_view_set_count_budget(20);
	nr_config_free(cfg);
	sqlite3_close(raw);
	raw = NULL;
	unlink(db_path);
	free(db_path);
}

static void
run_seed(uint64_t seed)
{
	struct nr_config cfg;
	struct nr_store *s;
	struct nr_err err;
	char name[64];
	unsigned pass;
	enum state st;

	rng = seed;
	snprintf(name, sizeof name, "scope-%llu.db", (unsigned long long)seed);
	db_path = t_path(name);
	snprintf(where_state, sizeof where_state, "seed %llu, building", (unsigned long long)seed);
	step("");
	s = db_open();
	if (s == NULL) {
		return;
	}
	make_feeds(s);
	make_articles(s);
	nr_store_close(s);
	make_config(&cfg);
	printf("seed %llu: %zu feeds, %zu articles\n", (unsigned long long)seed, nfeeds, nrows);
	/* One connection and two; the view's counts taken at once (within
	 * their budget) on the first, only between keys on the second. */
	for (pass = 0; pass < 2; pass++) {
		struct nr_view *v;

		setenv("NEWSREADER_COUNT_CONNECTIONS", pass == 0 ? "1" : "2", 1);
		nr_view_set_count_budget(pass == 0 ? 20 : -1);
		s = nr_store_open(db_path, 0, &err);
		CHECK(s != NULL);
		if (s == NULL) {
			break;
		}
		set_tags(s);
		for (st = 0; st < NSTATES; st++) {
			snprintf(where_state, sizeof where_state, "seed %llu, %s connection%s, %s",
			    (unsigned long long)seed, pass == 0 ? "one" : "two", pass == 0 ? "" : "s", state_name[st]);
			step("");
			set_scope(s, st);
			check_store(s);
			v = open_view(s, &cfg);
			if (v == NULL) {
				continue;
			}
			check_view(v, 1);
			if (st == S_ALL_BUT_SEVERAL) {
				check_mark_all_read(v);
				check_changes(s, v);
				check_store(s);
				check_own_changes(s, v);
			} else if (st == S_LATE) {
				check_late(s, v, pass);
				check_store(s);
			}
			nr_view_free(v);
		}
		nr_store_close(s);
	}
	db_done(&cfg);
}

/* A source out of scope with more hidden articles than the store keeps
 * a list of (its cache of them, temp.nr_hidden, holds 100,000 at most;
 * beyond, each row's feed and mark are tested): 101,000 untitled articles
 * written by plain SQL, every 5,000th starred, beside five sources in
 * scope; on two connections (the second has no such cache). */
#define BIG_HIDDEN 101000

/* The file's trigger that keeps articles_fts names newsreader's own SQL
 * function, which a plain connection must have to prepare an INSERT
 * into articles; for untitled articles without an author (the trigger's
 * WHEN) it is never called. */
static void
fold_never(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	ok(0, "nr_fold_loose is not called for an untitled article");
	sqlite3_result_null(ctx);
}

static void
run_big(void)
{
	struct nr_config cfg;
	struct nr_store *s;
	struct nr_err err;
	struct nr_view *v;
	char loc[96], title[48], sql[512];
	size_t i, k, big;

	rng = 0xb16b16;
	nfeeds = 0;
	nscope = 0;
	db_path = t_path("scope-big.db");
	snprintf(where_state, sizeof where_state, "%d hidden, building", BIG_HIDDEN);
	step("");
	s = db_open();
	if (s == NULL) {
		return;
	}
	for (i = 0; i < 5; i++) {
		snprintf(loc, sizeof loc, "/x/big-in-%zu.xml", i);
		snprintf(title, sizeof title, "Feed in %zu", i);
		add_feed(s, loc, title, i % 2 == 0);
	}
	big = add_feed(s, "/x/big-out.xml", "Twin", 1);
	ok(nr_store_begin(s, &err) == 0, "begin");
	for (i = 0; i < nfeeds; i++) {
		for (k = 0; k < 40; k++) {
			put_article(s, i, 0);
		}
	}
	ok(nr_store_commit(s, &err) == 0, "commit");
	random_marks(0);
	/* Written by plain SQL (a load of 101,000 through the store takes
	 * seconds): untitled, without bodies, every third read, every
	 * 5,000th starred. */
	ok(sqlite3_create_function(raw, "nr_fold_loose", 2, SQLITE_UTF8, NULL, fold_never, NULL, NULL) == SQLITE_OK,
	    "nr_fold_loose named");
	snprintf(sql, sizeof sql, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < %d)"
	    " INSERT INTO articles (feed, guid, link, fetched, hash, read, starred, published)"
	    " SELECT %lld, 'big' || i, 'https://big.example/' || i, %lld, 0, i %% 3 = 0, i %% 5000 = 0,"
	    " %lld + (i %% 400) * 3600 FROM c",
	    BIG_HIDDEN, (long long)feeds[big].id, (long long)T0, (long long)T0);
	raw_exec(sql);
	nr_store_close(s);
	make_config(&cfg);
	truth_read();
	printf("%d hidden: %zu feeds, %zu articles\n", BIG_HIDDEN, nfeeds, nrows);
	setenv("NEWSREADER_COUNT_CONNECTIONS", "2", 1);
	nr_view_set_count_budget(-1);
	snprintf(where_state, sizeof where_state, "%d hidden, two connections", BIG_HIDDEN);
	step("");
	s = nr_store_open(db_path, 0, &err);
	CHECK(s != NULL);
	if (s != NULL) {
		set_tags(s);
		nscope = 0;
		for (i = 0; i < nfeeds; i++) {
			if (i != big) {
				scope_put(s, feeds[i].loc, 0);
			}
		}
		check_store_few(s);
		v = open_view(s, &cfg);
		if (v != NULL) {
			check_view_few(v, big);
			raw_exec("UPDATE articles SET starred = 1 WHERE guid = 'big7'");
			step("a hidden one starred");
			check_store_list(s);
			refresh(v);
			check_view_few(v, big);
			check_mark_all_read(v);
			nr_view_free(v);
		}
		nr_store_close(s);
	}
	db_done(&cfg);
}

int
main(int argc, char **argv)
{
	/* Fixed seeds, so that every run is the same; a seed given as an
	 * argument replays one, --big the large source alone. */
	static const uint64_t seeds[] = { 0x5eed0001, 0x9e3779b97f4a7c15ULL, 0x2545f4914f6cdd1dULL, 0xc0ffee };
	size_t i;

	t_init();
	if (argc > 1 && strcmp(argv[1], "--big") == 0) {
		run_big();
	} else if (argc > 1) {
		run_seed(strtoull(argv[1], NULL, 0));
	} else {
		for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
			run_seed(seeds[i]);
		}
		run_big();
	}
	free(rows);
	return t_done();
}
