/* What a sync service (a server aggregator: Tiny Tiny RSS now; the Google
 * Reader API, Miniflux and Nextcloud News next) must do, as requests to
 * make and answers to read, with no input or output of its own: the
 * driver (app/sync.c) sends the requests over the network and stores what
 * the answers say. One table of functions per service; a service keeps
 * what it learns between requests (a session) in its own state.
 *
 * Every answer reader returns 0, or -1 with err saying in words what the
 * server said ("login refused: wrong user name or password", "the server
 * has API access turned off for this user"), with err->code
 * NR_ERR_SYNC_AUTH when a new login may cure it (a session that ended). */
#ifndef NR_PARSE_SYNCAPI_H
#define NR_PARSE_SYNCAPI_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"

/* err->code of an answer that says the session has ended. */
#define NR_ERR_SYNC_AUTH ((enum nr_err_code)100)

/* One request: POSTed (body not NULL) or fetched (body NULL). */
struct nr_sync_req {
	char *url;
	char *body;     /* may hold the password (login): wipe it after use */
};
void nr_sync_req_clear(struct nr_sync_req *req);

/* A subscription on the server. */
struct nr_sync_feed {
	int64_t id;
	char *title;
	char *url;              /* the feed's own URL */
	int64_t category;       /* 0: none */
	long unread;
};

struct nr_sync_category {
	int64_t id;
	char *title;
};

/* An article: its server id, the subscription it is in, its state, and
 * the article itself (item.id is left NULL: the driver names it). */
struct nr_sync_article {
	int64_t id;
	int64_t feed;
	int unread;
	int starred;
	struct nr_item item;
};

/* What a page of articles asks for. */
enum nr_sync_want {
	NR_SYNC_WANT_NEW,       /* every article with an id above since, with its content */
	NR_SYNC_WANT_NEW_OF_FEED, /* the same, of one subscription */
	NR_SYNC_WANT_UNREAD,    /* the unread articles of one subscription, ids and state only */
	NR_SYNC_WANT_STARRED    /* the starred articles, ids and state only */
};

enum nr_sync_flag {
	NR_SYNC_READ = 0,
	NR_SYNC_STARRED = 1
};

struct nr_sync_service {
	const char *name;       /* as [sync] service names it */
	size_t page;            /* articles in one page of headlines */
	size_t batch;           /* article ids in one mark request */
	int at_once;            /* pages of articles its server is asked for at once */

	void *(*new)(const char *url, const char *username);
	void (*free)(void *s);
	/* Whether a login is needed before the next request. */
	int (*logged_in)(const void *s);

	int (*login)(void *s, const char *password, struct nr_sync_req *req);
	int (*login_answer)(void *s, const char *body, size_t len, struct nr_err *err);
	int (*categories)(void *s, struct nr_sync_req *req);
	int (*categories_answer)(void *s, const char *body, size_t len, struct nr_sync_category **out, size_t *n,
	    struct nr_err *err);
	int (*feeds)(void *s, struct nr_sync_req *req);
	int (*feeds_answer)(void *s, const char *body, size_t len, struct nr_sync_feed **out, size_t *n,
	    struct nr_err *err);
	/* A page: skip articles already had of the same question; feed is
	 * the subscription (WANT_UNREAD, WANT_NEW_OF_FEED), since the last id
	 * had (WANT_NEW, WANT_NEW_OF_FEED). */
	int (*articles)(void *s, enum nr_sync_want want, int64_t feed, int64_t since, size_t skip,
	    struct nr_sync_req *req);
	/* Whether the articles with ids above since (up to about top) cost
	 * the server less asked subscription by subscription (nfeeds of
	 * them, WANT_NEW_OF_FEED) than all together (WANT_NEW). NULL: never. */
	int (*by_feed)(const void *s, size_t nfeeds, int64_t since, int64_t top);
	int (*articles_answer)(void *s, enum nr_sync_want want, const char *body, size_t len,
	    struct nr_sync_article **out, size_t *n, struct nr_err *err);
	/* Set flag to value on ids[0..n) (n <= batch). */
	int (*mark)(void *s, enum nr_sync_flag flag, int value, const int64_t *ids, size_t n,
	    struct nr_sync_req *req);
	int (*mark_answer)(void *s, const char *body, size_t len, struct nr_err *err);
	int (*subscribe)(void *s, const char *url, struct nr_sync_req *req);
	int (*subscribe_answer)(void *s, const char *body, size_t len, struct nr_err *err);
	int (*unsubscribe)(void *s, int64_t feed, struct nr_sync_req *req);
	int (*unsubscribe_answer)(void *s, const char *body, size_t len, struct nr_err *err);
};

/* The service [sync] service names, or NULL. */
const struct nr_sync_service *nr_sync_service_find(const char *name);

void nr_sync_feeds_free(struct nr_sync_feed *v, size_t n);
void nr_sync_categories_free(struct nr_sync_category *v, size_t n);
void nr_sync_articles_free(struct nr_sync_article *v, size_t n);

#endif
