/*
 * Sync with a server aggregator: the round as a sequence of steps, each a
 * request and its answer (app/sync.h).
 *
 *   login        only when the service has no session (a session that
 *                ended mid-round is renewed once, and the step asked again)
 *   push         the queued marks, by flag and value, batch ids a request;
 *                each batch leaves the queue only when the server took it
 *   categories   the server's categories (names for the feeds' tags)
 *   feeds        the subscriptions: each is a feed of the database at
 *                "URL#feed=ID", so that it never mixes with a local [feed]
 *                of the same URL; those gone from the server are forgotten
 *   new          the articles with ids above the last round's, a page at a
 *                time, each page one transaction, with the server's state;
 *                the last id is written when every page is stored. A first
 *                page that is full (much is new) is followed by pages above
 *                the highest id had, until one is short: then the highest
 *                id on the server is known, and the service says whether
 *                the rest costs it less asked for all subscriptions
 *                together (skipping what was had) or one subscription at a
 *                time (each from the start, several at once); in the
 *                second way the round's last id is that highest id, so an
 *                article the server stores meanwhile in a subscription
 *                already read comes with the next round
 *   starred      the ids of the starred articles: the database's follow
 *   unread       for each subscription whose unread count differs from the
 *                database's, the ids of its unread articles: the same
 *
 * The server's state never overwrites a mark still queued: that mark was
 * made here after the last round saw the server, and is sent by the next.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sync.h"
#include "compat.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/syncapi.h"
#include "store/sync.h"
#include "util/utf8.h"

enum step {
	STEP_IDLE,
	STEP_LOGIN,
	STEP_SUBSCRIBE,
	STEP_LOOKUP,            /* the subscriptions, to find the one to leave */
	STEP_UNSUBSCRIBE,
	STEP_PUSH,
	STEP_CATEGORIES,
	STEP_FEEDS,
	STEP_NEW,
	STEP_STARRED,
	STEP_UNREAD,
	STEP_DONE,
	STEP_FAILED
};

/* The four kinds of mark, each its own request. */
static const struct {
	enum nr_flag flag;
	int value;
	enum nr_sync_flag remote;
} mark_kinds[] = {
	{ NR_FLAG_READ, 1, NR_SYNC_READ },
	{ NR_FLAG_READ, 0, NR_SYNC_READ },
	{ NR_FLAG_STARRED, 1, NR_SYNC_STARRED },
	{ NR_FLAG_STARRED, 0, NR_SYNC_STARRED },
};
#define MARK_KINDS (sizeof mark_kinds / sizeof mark_kinds[0])
/* Pages of new articles the server works on at once when its service
 * does not say (see window()). */
#define NEW_PAGES_AT_ONCE 2

/* How the new articles are asked for (see the head of the file). */
enum new_way {
	NEW_FIRST,              /* the first page of all subscriptions */
	NEW_PROBE,              /* a page above the highest id had */
	NEW_ALL,                /* the next pages of all subscriptions */
	NEW_BY_FEED             /* subscription by subscription */
};

/* A subscription as this round knows it. */
struct sub {
	int64_t remote;
	int64_t feed;           /* in the database */
	char *category;         /* its category's name, or NULL */
	long unread;            /* the server's count */
	size_t next_skip;       /* new articles by subscription: the skip of its next page */
};

struct nr_sync {
	struct nr_store *store;
	const struct nr_sync_config *cfg;
	const struct nr_sync_service *svc;
	void *state;            /* the service's */
	char *account;          /* service, URL and user: what the database is tied to */
	char *prefix;           /* of the articles' ids: "ttrss:" */

	enum nr_sync_task task;
	char *arg;
	char *password;         /* for this round only; wiped at its end */
	int64_t now;
	int first;              /* no round has completed with this account */

	enum step step, resume;
	int inflight;           /* requests out */
	int draining;           /* the session ended: answers still out are dropped, then a login */
	int renewed;            /* the session was renewed this round */
	struct nr_sync_req req;
	char *error;

	/* push */
	size_t kind;
	struct nr_store_mark *marks;
	size_t nmarks;
	/* categories and subscriptions */
	struct nr_sync_category *cats;
	size_t ncats;
	struct sub *subs;
	size_t nsubs;
	int64_t unsubscribe;    /* the remote id to leave */
	/* pages */
	int64_t since, max_id;
	size_t skip;            /* articles had of this question */
	enum new_way way;
	int asked;              /* NEW_FIRST, NEW_PROBE: the page is asked for */
	int64_t probe;          /* NEW_PROBE: the since of the page */
	int64_t top;            /* the highest id on the server after the probes (0: unknown) */
	size_t issued;          /* NEW_ALL: the skip of the next page asked for */
	int new_end;            /* NEW_ALL: a short page came, ask for no more */
	size_t feed_at;         /* NEW_BY_FEED: the next subscription to begin */
	size_t *more;           /* NEW_BY_FEED: subscriptions whose last page was full */
	size_t nmore;
	int64_t page_feed;      /* the last page's first article's subscription */
	size_t sub_at;          /* unread: the subscription asked about */
	char **guids;
	size_t nguids, capguids;

	long added, changed, sent, states;
	char **notes;
	size_t nnotes, note_head;
	char *note_taken;
	char progress[96];
};

static void
note(struct nr_sync *s, char *text)
{
	s->notes = xreallocarray(s->notes, s->nnotes + 1, sizeof *s->notes);
	s->notes[s->nnotes++] = text;
}

static void
guids_clear(struct nr_sync *s)
{
	size_t i;

	for (i = 0; i < s->nguids; i++) {
		free(s->guids[i]);
	}
	s->nguids = 0;
}

static void
subs_clear(struct nr_sync *s)
{
	size_t i;

	for (i = 0; i < s->nsubs; i++) {
		free(s->subs[i].category);
	}
	free(s->subs);
	s->subs = NULL;
	s->nsubs = 0;
}

static void
wipe_password(struct nr_sync *s)
{
	if (s->password != NULL) {
		explicit_bzero(s->password, strlen(s->password));
		free(s->password);
		s->password = NULL;
	}
}

struct nr_sync *
nr_sync_new(struct nr_store *store, const struct nr_sync_config *cfg, struct nr_err *err)
{
	const struct nr_sync_service *svc = nr_sync_service_find(cfg->service);
	struct nr_sync *s;

	if (svc == NULL || cfg->url == NULL || cfg->username == NULL) {
		nr_err_set(err, NR_ERR_CONFIG, _("[sync]: unknown service: '%s'"),
		    cfg->service != NULL ? cfg->service : "");
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->store = store;
	s->cfg = cfg;
	s->svc = svc;
	s->state = svc->new(cfg->url, cfg->username);
	s->account = xasprintf("%s %s %s", svc->name, cfg->url, cfg->username);
	s->prefix = xasprintf("%s:", svc->name);
	return s;
}

/* Forget what the round gathered (not its counts and notes). */
static void
round_clear(struct nr_sync *s)
{
	nr_sync_req_clear(&s->req);
	nr_store_sync_marks_free(s->marks, s->nmarks);
	s->marks = NULL;
	s->nmarks = 0;
	nr_sync_categories_free(s->cats, s->ncats);
	s->cats = NULL;
	s->ncats = 0;
	subs_clear(s);
	free(s->more);
	s->more = NULL;
	s->nmore = 0;
	guids_clear(s);
	wipe_password(s);
}

void
nr_sync_free(struct nr_sync *s)
{
	size_t i;

	if (s == NULL) {
		return;
	}
	round_clear(s);
	free(s->guids);
	s->svc->free(s->state);
	free(s->account);
	free(s->prefix);
	free(s->arg);
	free(s->error);
	for (i = s->note_head; i < s->nnotes; i++) {
		free(s->notes[i]);
	}
	free(s->notes);
	free(s->note_taken);
	free(s);
}

/* The round fails with raw (taken) as its words. */
static void
fail(struct nr_sync *s, char *raw)
{
	free(s->error);
	s->error = nr_utf8_sanitize(raw, strlen(raw), NR_SAN_COLLAPSE);
	free(raw);
	s->step = STEP_FAILED;
	round_clear(s);
}

/* The new articles from their first page. */
static void
new_restart(struct nr_sync *s)
{
	s->skip = 0;
	s->way = NEW_FIRST;
	s->asked = 0;
	s->issued = 0;
	s->new_end = 0;
	s->feed_at = 0;
	s->nmore = 0;
	s->top = 0;
}

/* The step after the current one ends, for the task. */
static void
next_step(struct nr_sync *s)
{
	switch (s->step) {
	case STEP_LOGIN:
		s->step = s->task == NR_SYNC_SUBSCRIBE ? STEP_SUBSCRIBE : s->task == NR_SYNC_UNSUBSCRIBE ? STEP_LOOKUP
		    : STEP_PUSH;
		break;
	case STEP_SUBSCRIBE:
	case STEP_UNSUBSCRIBE:
		s->step = STEP_PUSH;
		break;
	case STEP_LOOKUP:
		s->step = STEP_UNSUBSCRIBE;
		break;
	case STEP_PUSH:
		s->step = s->task == NR_SYNC_PUSH ? STEP_DONE : STEP_CATEGORIES;
		break;
	case STEP_CATEGORIES:
		s->step = STEP_FEEDS;
		break;
	case STEP_FEEDS:
		s->step = STEP_NEW;
		s->since = nr_store_sync_since(s->store);
		s->max_id = s->since;
		new_restart(s);
		break;
	case STEP_NEW:
		s->step = STEP_STARRED;
		s->skip = 0;
		guids_clear(s);
		break;
	case STEP_STARRED:
		s->step = STEP_UNREAD;
		s->sub_at = 0;
		s->skip = 0;
		guids_clear(s);
		break;
	default:
		s->step = STEP_DONE;
		break;
	}
}

void
nr_sync_start(struct nr_sync *s, enum nr_sync_task task, const char *arg, const char *password, int64_t now)
{
	struct nr_err err;

	round_clear(s);
	free(s->error);
	s->error = NULL;
	free(s->arg);
	s->arg = arg != NULL ? xstrdup(arg) : NULL;
	s->task = task;
	s->now = now;
	s->password = password != NULL ? xstrdup(password) : NULL;
	s->renewed = 0;
	s->inflight = 0;
	s->draining = 0;
	s->resume = STEP_IDLE;
	s->progress[0] = '\0';
	s->kind = 0;
	s->added = s->changed = s->sent = s->states = 0;
	if (nr_store_sync_open(s->store, s->account, &s->first, &err) < 0) {
		fail(s, xasprintf(_("the database: %s"), err.msg));
		return;
	}
	s->step = STEP_LOGIN;
	if (s->svc->logged_in(s->state)) {
		next_step(s);
	}
}

/* The article id of a guid of ours (0 if it is not one). */
static int64_t
remote_id(const struct nr_sync *s, const char *guid)
{
	size_t n = strlen(s->prefix);
	char *end;
	long long v;

	if (strncmp(guid, s->prefix, n) != 0) {
		return 0;
	}
	v = strtoll(guid + n, &end, 10);
	return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

/* NEW_ALL: every page there can be is asked for: a short one came, or
 * the pages cover every id above since up to the highest. */
static int
all_asked(const struct nr_sync *s)
{
	return s->new_end || (s->top > 0 && s->issued >= (uint64_t)(s->top - s->since));
}

/* The next page of new articles (as build()). */
static int
build_new(struct nr_sync *s)
{
	const struct nr_sync_service *v = s->svc;
	struct sub *sub;

	switch (s->way) {
	case NEW_FIRST:
	case NEW_PROBE:
		if (s->asked) {
			return -1;
		}
		s->asked = 1;
		v->articles(s->state, NR_SYNC_WANT_NEW, 0, s->way == NEW_FIRST ? s->since : s->probe, 0, &s->req);
		return 1;
	case NEW_ALL:
		if (all_asked(s)) {
			return -1;
		}
		v->articles(s->state, NR_SYNC_WANT_NEW, 0, s->since, s->issued, &s->req);
		s->issued += v->page;
		return 1;
	case NEW_BY_FEED:
		/* A subscription's next page before the next subscription. */
		if (s->nmore > 0) {
			sub = &s->subs[s->more[--s->nmore]];
		} else if (s->feed_at < s->nsubs) {
			sub = &s->subs[s->feed_at++];
			sub->next_skip = 0;
		} else {
			return -1;
		}
		v->articles(s->state, NR_SYNC_WANT_NEW_OF_FEED, sub->remote, s->since, sub->next_skip, &s->req);
		sub->next_skip += v->page;
		return 1;
	}
	return -1;
}

/* Build the current step's request into s->req: 1; 0 if the step has
 * none to make (it ended, and the next one is set); -1 if it waits for
 * answers out. */
static int
build(struct nr_sync *s)
{
	const struct nr_sync_service *v = s->svc;
	struct nr_err err;
	int64_t *ids;
	size_t i, n;

	nr_sync_req_clear(&s->req);
	switch (s->step) {
	case STEP_LOGIN:
		return v->login(s->state, s->password, &s->req) == 0;
	case STEP_SUBSCRIBE:
		return v->subscribe(s->state, s->arg, &s->req) == 0;
	case STEP_LOOKUP:
	case STEP_FEEDS:
		return v->feeds(s->state, &s->req) == 0;
	case STEP_UNSUBSCRIBE:
		return v->unsubscribe(s->state, s->unsubscribe, &s->req) == 0;
	case STEP_CATEGORIES:
		return v->categories(s->state, &s->req) == 0;
	case STEP_PUSH:
		while (s->kind < MARK_KINDS) {
			nr_store_sync_marks_free(s->marks, s->nmarks);
			if (nr_store_sync_marks(s->store, mark_kinds[s->kind].flag, mark_kinds[s->kind].value, v->batch,
			    &s->marks, &s->nmarks, &err) < 0) {
				fail(s, xasprintf(_("the database: %s"), err.msg));
				return 0;
			}
			ids = xreallocarray(NULL, s->nmarks + 1, sizeof *ids);
			for (i = n = 0; i < s->nmarks; i++) {
				ids[n] = remote_id(s, s->marks[i].guid);
				n += ids[n] > 0;
			}
			if (n > 0) {
				v->mark(s->state, mark_kinds[s->kind].remote, mark_kinds[s->kind].value, ids, n, &s->req);
				free(ids);
				return 1;
			}
			free(ids);
			if (s->nmarks > 0) {
				/* None of them the server's: nothing to send. */
				nr_store_sync_marks_sent(s->store, s->marks, s->nmarks, NULL);
				continue;
			}
			s->kind++;
		}
		if (s->sent > 0) {
			note(s, xasprintf(ngettext("%ld mark sent", "%ld marks sent", (unsigned long)s->sent), s->sent));
		}
		next_step(s);
		return 0;
	case STEP_NEW:
		return build_new(s);
	case STEP_STARRED:
		return v->articles(s->state, NR_SYNC_WANT_STARRED, 0, 0, s->skip, &s->req) == 0;
	case STEP_UNREAD:
		/* The subscriptions whose counts differ from the database's. */
		while (s->sub_at < s->nsubs && s->skip == 0 &&
		    nr_store_sync_unread(s->store, s->subs[s->sub_at].remote) == s->subs[s->sub_at].unread) {
			s->sub_at++;
		}
		if (s->sub_at == s->nsubs) {
			if (s->states > 0) {
				note(s, xasprintf(ngettext("read or starred state of %ld article taken from the server",
				    "read or starred state of %ld articles taken from the server", (unsigned long)s->states),
				    s->states));
			}
			next_step(s);
			return 0;
		}
		return v->articles(s->state, NR_SYNC_WANT_UNREAD, s->subs[s->sub_at].remote, 0, s->skip, &s->req) == 0;
	default:
		return 0;
	}
}

/* Pages the server works on at once: the service's count (the fetcher
 * lets that many go to the server at once, beyond connections_per_host,
 * which is about feeds' hosts). */
static int
at_once(const struct nr_sync *s)
{
	return s->svc->at_once > 0 ? s->svc->at_once : NEW_PAGES_AT_ONCE;
}

/* Requests a step may have out at once: pages of new articles go
 * at_once() + 1 at a time once a full page has come and the way is chosen
 * (so a sync with little new asks once): the server's workers work on
 * at_once() of them while the last page is stored here, and the one more
 * waits in the fetcher's queue, to start as soon as one of them ends. */
static int
window(const struct nr_sync *s)
{
	return s->step == STEP_NEW && (s->way == NEW_ALL || s->way == NEW_BY_FEED) ? at_once(s) + 1 : 1;
}

int
nr_sync_request(struct nr_sync *s, struct nr_fetch_req *req)
{
	int rc;

	while (!s->draining && s->inflight < window(s) && s->step != STEP_IDLE && s->step != STEP_DONE &&
	    s->step != STEP_FAILED) {
		rc = build(s);
		if (rc > 0) {
			memset(req, 0, sizeof *req);
			req->url = s->req.url;
			req->post = s->req.body;
			req->at_once = at_once(s);
			s->inflight++;
			return 1;
		}
		if (rc < 0) {
			return 0;
		}
	}
	if (s->step == STEP_DONE) {
		struct nr_err err;

		if (s->task != NR_SYNC_PUSH && nr_store_sync_done(s->store, &err) < 0) {
			fail(s, xasprintf(_("the database: %s"), err.msg));
		}
		s->step = STEP_IDLE;
		round_clear(s);
	}
	return 0;
}

/* ---- answers ---- */

static const char *
category_name(const struct nr_sync *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->ncats; i++) {
		if (s->cats[i].id == id) {
			return s->cats[i].title;
		}
	}
	return NULL;
}

static const struct sub *
sub_of(const struct nr_sync *s, int64_t remote)
{
	size_t i;

	for (i = 0; i < s->nsubs; i++) {
		if (s->subs[i].remote == remote) {
			return &s->subs[i];
		}
	}
	return NULL;
}

/* The subscriptions as feeds of the database, in one transaction. */
static int
take_feeds(struct nr_sync *s, struct nr_sync_feed *feeds, size_t n, struct nr_err *err)
{
	int64_t *keep = xreallocarray(NULL, n + 1, sizeof *keep);
	size_t i;
	int rc = 0;

	if (nr_store_begin(s->store, err) < 0) {
		free(keep);
		return -1;
	}
	subs_clear(s);
	s->subs = xcalloc(n + 1, sizeof *s->subs);
	for (i = 0; i < n && rc == 0; i++) {
		const char *cat = category_name(s, feeds[i].category);
		char *location = xasprintf("%s#feed=%" PRId64, s->cfg->url, feeds[i].id);
		struct sub *sub = &s->subs[s->nsubs];

		rc = nr_store_sync_feed(s->store, feeds[i].id, location, feeds[i].url,
		    feeds[i].title != NULL ? feeds[i].title : feeds[i].url, cat, &sub->feed, err);
		free(location);
		sub->remote = feeds[i].id;
		sub->category = cat != NULL ? xstrdup(cat) : NULL;
		sub->unread = feeds[i].unread;
		keep[s->nsubs++] = feeds[i].id;
	}
	if (rc == 0) {
		rc = nr_store_sync_keep_feeds(s->store, keep, s->nsubs, err);
	}
	free(keep);
	if (rc < 0) {
		nr_store_rollback(s->store);
		return -1;
	}
	return nr_store_commit(s->store, err);
}

/* A page of new articles, in one transaction. */
static int
take_new(struct nr_sync *s, struct nr_sync_article *v, size_t n, struct nr_err *err)
{
	size_t i;

	if (nr_store_begin(s->store, err) < 0) {
		return -1;
	}
	if (nr_store_sync_quiet(s->store, 1, err) < 0) {
		goto fail;
	}
	for (i = 0; i < n; i++) {
		const struct sub *sub = sub_of(s, v[i].feed);
		enum nr_put_result res;

		if (v[i].id > s->max_id) {
			s->max_id = v[i].id;
		}
		/* An article of no subscription (tt-rss's archive): none of ours. */
		if (sub == NULL) {
			continue;
		}
		v[i].item.id = xasprintf("%s%" PRId64, s->prefix, v[i].id);
		if (sub->category != NULL) {
			nr_item_add_category(&v[i].item, sub->category);
		}
		if (nr_store_sync_put(s->store, sub->feed, &v[i].item, v[i].unread, v[i].starred, s->now, &res, err) < 0) {
			goto fail;
		}
		s->added += res == NR_PUT_NEW;
		s->changed += res == NR_PUT_CHANGED;
	}
	if (nr_store_sync_quiet(s->store, 0, err) < 0) {
		goto fail;
	}
	return nr_store_commit(s->store, err);
fail:
	nr_store_rollback(s->store);
	return -1;
}

/* The server's whole state of a flag, in one transaction. */
static int
take_state(struct nr_sync *s, enum nr_flag flag, int64_t feed, struct nr_err *err)
{
	long changed;

	if (nr_store_begin(s->store, err) < 0) {
		return -1;
	}
	if (nr_store_sync_quiet(s->store, 1, err) < 0) {
		goto fail;
	}
	changed = nr_store_sync_reconcile(s->store, flag, feed, s->guids, s->nguids, err);
	if (changed < 0 || nr_store_sync_quiet(s->store, 0, err) < 0) {
		goto fail;
	}
	if (nr_store_commit(s->store, err) < 0) {
		return -1;
	}
	s->states += changed;
	s->changed += changed;
	return 0;
fail:
	nr_store_rollback(s->store);
	return -1;
}

static void
add_guids(struct nr_sync *s, const struct nr_sync_article *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s->nguids == s->capguids) {
			s->capguids = s->capguids == 0 ? 256 : s->capguids * 2;
			s->guids = xreallocarray(s->guids, s->capguids, sizeof *s->guids);
		}
		s->guids[s->nguids++] = xasprintf("%s%" PRId64, s->prefix, v[i].id);
	}
}

/* A page's answer: 1 if another page follows. */
static int
take_page(struct nr_sync *s, const char *body, size_t len, struct nr_err *err)
{
	enum nr_sync_want want = s->step == STEP_NEW ? NR_SYNC_WANT_NEW
	    : s->step == STEP_STARRED ? NR_SYNC_WANT_STARRED : NR_SYNC_WANT_UNREAD;
	struct nr_sync_article *v;
	size_t n;
	int rc;

	if (s->svc->articles_answer(s->state, want, body, len, &v, &n, err) < 0) {
		return -1;
	}
	s->page_feed = n > 0 ? v[0].feed : 0;
	if (want == NR_SYNC_WANT_NEW) {
		rc = take_new(s, v, n, err);
	} else {
		add_guids(s, v, n);
		rc = 0;
	}
	nr_sync_articles_free(v, n);
	if (rc < 0) {
		return -1;
	}
	s->skip += n;
	snprintf(s->progress, sizeof s->progress, _("sync: articles %zu"), s->skip);
	return n >= s->svc->page;
}

/* The end of the new articles: every page asked for has come. */
static int
new_done(struct nr_sync *s, struct nr_err *err)
{
	if (nr_store_sync_set_since(s->store, s->way == NEW_BY_FEED ? s->top : s->max_id, err) < 0) {
		return -1;
	}
	note(s, xasprintf(ngettext("%ld new article", "%ld new articles", (unsigned long)s->added), s->added));
	next_step(s);
	return 0;
}

/* A page of new articles came (full: more follow it): the way goes on,
 * changes, or ends (0), or -1 with err. */
static int
new_page(struct nr_sync *s, int full, struct nr_err *err)
{
	size_t i;

	switch (s->way) {
	case NEW_FIRST:
	case NEW_PROBE:
		s->asked = 0;
		if (s->way == NEW_PROBE && s->max_id <= s->probe) {
			/* Nothing above the probe's since: a server that
			 * ignored it would be asked for ever. */
			full = 0;
		}
		if (full && s->svc->by_feed != NULL) {
			/* Above the highest id had, until a page is short. */
			s->way = NEW_PROBE;
			s->probe = s->max_id;
			return 0;
		}
		if (s->way == NEW_FIRST && !full) {
			break;
		}
		/* The first page is had either way. */
		s->issued = s->svc->page;
		if (s->way == NEW_PROBE) {
			s->top = s->max_id;
		}
		if (s->top > 0 && s->nsubs > 0 && s->svc->by_feed(s->state, s->nsubs, s->since, s->top)) {
			s->way = NEW_BY_FEED;
			s->more = xreallocarray(s->more, s->nsubs + 1, sizeof *s->more);
			return 0;
		}
		s->way = NEW_ALL;
		return 0;
	case NEW_ALL:
		if (!full) {
			s->new_end = 1;
		}
		if (!all_asked(s) || s->inflight > 0) {
			return 0;
		}
		break;
	case NEW_BY_FEED:
		if (full) {
			for (i = 0; i < s->nsubs; i++) {
				/* No more pages than ids above since, whatever a
				 * server that ignored skip would answer. */
				if (s->subs[i].remote == s->page_feed &&
				    s->subs[i].next_skip < (uint64_t)(s->top - s->since)) {
					s->more[s->nmore++] = i;
					break;
				}
			}
		}
		if (s->nmore > 0 || s->feed_at < s->nsubs || s->inflight > 0) {
			return 0;
		}
		break;
	}
	return new_done(s, err);
}

/* The answer to the current step's request: the step goes on, ends, or
 * fails. */
static void
take(struct nr_sync *s, const char *body, size_t len)
{
	const struct nr_sync_service *v = s->svc;
	struct nr_sync_feed *feeds;
	struct nr_err err;
	size_t n, i;
	int rc, more;

	nr_err_clear(&err);
	switch (s->step) {
	case STEP_LOGIN:
		rc = v->login_answer(s->state, body, len, &err);
		if (rc == 0) {
			note(s, xasprintf(_("logged in to %s as %s"), s->cfg->url, s->cfg->username));
			if (s->resume != STEP_IDLE) {
				s->step = s->resume;
				s->resume = STEP_IDLE;
				return;
			}
			next_step(s);
		}
		break;
	case STEP_SUBSCRIBE:
		rc = v->subscribe_answer(s->state, body, len, &err);
		if (rc == 0) {
			note(s, xasprintf(_("subscribed to %s"), s->arg));
			next_step(s);
		}
		break;
	case STEP_LOOKUP:
		rc = v->feeds_answer(s->state, body, len, &feeds, &n, &err);
		if (rc == 0) {
			s->unsubscribe = 0;
			for (i = 0; i < n; i++) {
				if (strcmp(feeds[i].url, s->arg) == 0) {
					s->unsubscribe = feeds[i].id;
				}
			}
			nr_sync_feeds_free(feeds, n);
			if (s->unsubscribe == 0) {
				fail(s, xasprintf(_("the server has no subscription to %s"), s->arg));
				return;
			}
			next_step(s);
		}
		break;
	case STEP_UNSUBSCRIBE:
		rc = v->unsubscribe_answer(s->state, body, len, &err);
		if (rc == 0) {
			note(s, xasprintf(_("unsubscribed from %s"), s->arg));
			next_step(s);
		}
		break;
	case STEP_PUSH:
		rc = v->mark_answer(s->state, body, len, &err);
		if (rc == 0) {
			rc = nr_store_sync_marks_sent(s->store, s->marks, s->nmarks, &err);
			s->sent += (long)s->nmarks;
		}
		/* The same kind again: more may be queued. */
		break;
	case STEP_CATEGORIES:
		rc = v->categories_answer(s->state, body, len, &s->cats, &s->ncats, &err);
		if (rc == 0) {
			next_step(s);
		}
		break;
	case STEP_FEEDS:
		rc = v->feeds_answer(s->state, body, len, &feeds, &n, &err);
		if (rc == 0) {
			rc = take_feeds(s, feeds, n, &err);
			nr_sync_feeds_free(feeds, n);
		}
		if (rc == 0) {
			note(s, xasprintf(ngettext("%zu subscription", "%zu subscriptions", s->nsubs), s->nsubs));
			next_step(s);
		}
		break;
	case STEP_NEW:
		more = take_page(s, body, len, &err);
		rc = more < 0 ? -1 : new_page(s, more, &err);
		break;
	case STEP_STARRED:
		more = take_page(s, body, len, &err);
		rc = more < 0 ? -1 : 0;
		if (more == 0) {
			rc = take_state(s, NR_FLAG_STARRED, 0, &err);
			next_step(s);
		}
		break;
	case STEP_UNREAD:
		more = take_page(s, body, len, &err);
		rc = more < 0 ? -1 : 0;
		if (more == 0) {
			rc = take_state(s, NR_FLAG_READ, s->subs[s->sub_at].feed, &err);
			guids_clear(s);
			s->sub_at++;
			s->skip = 0;
		}
		break;
	default:
		return;
	}
	if (rc < 0) {
		if (err.code == NR_ERR_SYNC_AUTH && !s->renewed && s->step != STEP_LOGIN) {
			/* The session ended (the server restarted, or expired
			 * it): a new one, then the same request again (pages of
			 * new articles from the first: those had are stored
			 * again as they are), once the answers out are in. */
			s->renewed = 1;
			s->resume = s->step;
			if (s->step == STEP_NEW) {
				new_restart(s);
			}
			s->step = STEP_LOGIN;
			s->draining = s->inflight > 0;
			return;
		}
		fail(s, xstrdup(err.msg));
	}
}

void
nr_sync_answer(struct nr_sync *s, const struct nr_fetch_result *res)
{
	if (s->inflight > 0) {
		s->inflight--;
	}
	if (s->draining) {
		/* Asked before the session ended: dropped. */
		s->draining = s->inflight > 0;
		return;
	}
	if (s->step == STEP_IDLE || s->step == STEP_DONE || s->step == STEP_FAILED) {
		return;
	}
	if (res->status != NR_FETCH_OK) {
		fail(s, xasprintf(_("the server did not answer: %s"), res->error != NULL && res->error[0] != '\0' ? res->error
		    : res->status == NR_FETCH_NOT_MODIFIED ? "HTTP 304" : _("the request failed")));
		return;
	}
	take(s, res->body != NULL ? res->body : "", res->body != NULL ? res->len : 0);
}

int
nr_sync_ended(const struct nr_sync *s)
{
	/* A failed round ends when its answers out are in: none of them
	 * may come to a job that is gone. */
	return s->step == STEP_IDLE || (s->step == STEP_FAILED && s->inflight == 0);
}

const char *
nr_sync_error(const struct nr_sync *s)
{
	return s->step == STEP_FAILED ? s->error : NULL;
}

const char *
nr_sync_note(struct nr_sync *s)
{
	free(s->note_taken);
	s->note_taken = NULL;
	if (s->note_head == s->nnotes) {
		s->note_head = s->nnotes = 0;
		return NULL;
	}
	s->note_taken = s->notes[s->note_head++];
	return s->note_taken;
}

const char *
nr_sync_progress(const struct nr_sync *s)
{
	switch (s->step) {
	case STEP_LOGIN:
		return _("sync: logging in");
	case STEP_PUSH:
		return _("sync: sending marks");
	case STEP_CATEGORIES:
	case STEP_FEEDS:
	case STEP_LOOKUP:
		return _("sync: subscriptions");
	case STEP_NEW:
	case STEP_STARRED:
	case STEP_UNREAD:
		return s->progress[0] != '\0' ? s->progress : _("sync: articles");
	default:
		return _("sync");
	}
}

void
nr_sync_counts(const struct nr_sync *s, long *added, long *changed, long *sent)
{
	*added = s->added;
	*changed = s->changed;
	*sent = s->sent;
}

long
nr_sync_queued(struct nr_sync *s)
{
	return nr_store_sync_queued(s->store);
}
