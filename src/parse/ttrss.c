/*
 * Tiny Tiny RSS's JSON API as a sync service (parse/syncapi.h).
 *   https://tt-rss.org/wiki/ApiReference (API level 15 and later)
 *
 * Every request is a JSON object POSTed to URL/api/ with "op" and, after
 * login, "sid"; every answer is {"seq", "status": 0 or 1, "content"},
 * content holding {"error": "NAME"} when status is 1. Article ids are the
 * server's (ttrss_entries.id), rising with each article the server stores,
 * so "since_id" pages through what is new; an article's "guid" in an
 * answer is tt-rss's own hash, never the feed's, so articles are matched
 * by id. Marks are one updateArticle per field and value with many ids.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "compat.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "parse/syncapi.h"
#include "util/utf8.h"

/* What the API gives at most in one page of headlines (tt-rss caps
 * "limit" at 200). */
#define TTRSS_PAGE 200
/* Article ids in one updateArticle: tt-rss puts them in one SQL IN list. */
#define TTRSS_BATCH 1000
/* Pages asked for at once. tt-rss runs under php-fpm, whose pool (Debian's
 * www.conf: pm = dynamic, pm.max_children = 5) answers up to five
 * requests at once; each PHP worker waits on PostgreSQL for part of every
 * page, so two at a time leave a two-core server idle part of the time:
 * four keep it busy (bench/bench-sync.sh, BENCHMARKS.md) and leave a
 * child for the server's other clients. */
#define TTRSS_AT_ONCE 4

struct ttrss {
	char *api;              /* URL/api/ */
	char *username;
	char *sid;              /* the session, once logged in */
};

static void *
tt_new(const char *url, const char *username)
{
	struct ttrss *t = xcalloc(1, sizeof *t);
	size_t n = strlen(url);

	t->api = xasprintf("%s%sapi/", url, n > 0 && url[n - 1] == '/' ? "" : "/");
	t->username = xstrdup(username);
	return t;
}

static void
tt_free(void *s)
{
	struct ttrss *t = s;

	if (t == NULL) {
		return;
	}
	free(t->api);
	free(t->username);
	free(t->sid);
	free(t);
}

static int
tt_logged_in(const void *s)
{
	const struct ttrss *t = s;

	return t->sid != NULL;
}

/* The request for op with the session and the fields of o (taken). */
static int
request(struct ttrss *t, const char *op, json_object *o, struct nr_sync_req *req)
{
	const char *text;

	json_object_object_add(o, "op", json_object_new_string(op));
	if (t->sid != NULL) {
		json_object_object_add(o, "sid", json_object_new_string(t->sid));
	}
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	req->url = xstrdup(t->api);
	req->body = xstrdup(text);
	/* The text is json-c's; a login's holds the password. */
	explicit_bzero((char *)text, strlen(text));
	json_object_put(o);
	return 0;
}

/* The API's error names in words. */
static void
api_error(struct ttrss *t, const char *name, struct nr_err *err)
{
	if (strcmp(name, "NOT_LOGGED_IN") == 0) {
		free(t->sid);
		t->sid = NULL;
		nr_err_set(err, NR_ERR_SYNC_AUTH, "%s", _("the server ended the session"));
	} else if (strcmp(name, "LOGIN_ERROR") == 0) {
		nr_err_set(err, NR_ERR_CONFIG, "%s", _("login refused: wrong user name or password"));
	} else if (strcmp(name, "API_DISABLED") == 0) {
		nr_err_set(err, NR_ERR_CONFIG, "%s", _("the server has API access turned off for this user "
		    "(tt-rss: Preferences, Enable API access)"));
	} else {
		char *safe = nr_utf8_sanitize(name, strnlen(name, 100), 0);

		nr_err_set(err, NR_ERR_FORMAT, _("the server refused the request: %s"), safe);
		free(safe);
	}
}

/* Parse an answer; its content (borrowed from *root, which the caller
 * puts), or NULL with err. */
static json_object *
answer(struct ttrss *t, const char *body, size_t len, json_object **root, struct nr_err *err)
{
	json_tokener *tok = json_tokener_new();
	json_object *o, *status, *content, *e;

	*root = NULL;
	o = json_tokener_parse_ex(tok, body, (int)(len > (size_t)INT32_MAX ? INT32_MAX : len));
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success) {
		json_tokener_free(tok);
		json_object_put(o);
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("the server's answer is not the tt-rss API's (not JSON: "
		    "is url the tt-rss web root?)"));
		return NULL;
	}
	json_tokener_free(tok);
	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "status", &status) ||
	    !json_object_object_get_ex(o, "content", &content)) {
		json_object_put(o);
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("the server's answer is not the tt-rss API's"));
		return NULL;
	}
	if (json_object_get_int(status) != 0) {
		if (json_object_is_type(content, json_type_object) && json_object_object_get_ex(content, "error", &e) &&
		    json_object_is_type(e, json_type_string)) {
			api_error(t, json_object_get_string(e), err);
		} else {
			nr_err_set(err, NR_ERR_FORMAT, "%s", _("the server refused the request"));
		}
		json_object_put(o);
		return NULL;
	}
	*root = o;
	return content;
}

/* The field key of the object o, or NULL (o no object, or no such key). */
static json_object *
field(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v)) {
		return NULL;
	}
	return v;
}

static const char *
str(json_object *o, const char *key)
{
	json_object *v = field(o, key);

	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* A field as a number (tt-rss gives some ids as strings). */
static int64_t
num(json_object *o, const char *key)
{
	json_object *v = field(o, key);

	return v != NULL ? json_object_get_int64(v) : 0;
}

static int
boolean(json_object *o, const char *key)
{
	json_object *v = field(o, key);

	return v != NULL ? json_object_get_boolean(v) : 0;
}

/* Server text made safe for the model: one line, or (flags) a body. */
static char *
text(json_object *o, const char *key, int flags)
{
	const char *s = str(o, key);

	if (s == NULL || s[0] == '\0') {
		return NULL;
	}
	return nr_utf8_sanitize(s, strlen(s), flags);
}

static int
tt_login(void *s, const char *password, struct nr_sync_req *req)
{
	struct ttrss *t = s;
	json_object *o = json_object_new_object();

	json_object *pw = json_object_new_string(password != NULL ? password : "");

	free(t->sid);
	t->sid = NULL;
	json_object_object_add(o, "user", json_object_new_string(t->username));
	/* Kept a moment longer than the request, to wipe json-c's copy. */
	json_object_get(pw);
	json_object_object_add(o, "password", pw);
	request(t, "login", o, req);
	explicit_bzero((char *)json_object_get_string(pw), (size_t)json_object_get_string_len(pw));
	json_object_put(pw);
	return 0;
}

static int
tt_login_answer(void *s, const char *body, size_t len, struct nr_err *err)
{
	struct ttrss *t = s;
	json_object *root, *c = answer(t, body, len, &root, err);
	const char *sid;

	if (c == NULL) {
		return -1;
	}
	sid = str(c, "session_id");
	if (sid == NULL || sid[0] == '\0') {
		json_object_put(root);
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("the server's login answer has no session"));
		return -1;
	}
	t->sid = xstrdup(sid);
	json_object_put(root);
	return 0;
}

static int
tt_categories(void *s, struct nr_sync_req *req)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "include_empty", json_object_new_boolean(1));
	return request(s, "getCategories", o, req);
}

static int
tt_categories_answer(void *s, const char *body, size_t len, struct nr_sync_category **out, size_t *n,
    struct nr_err *err)
{
	json_object *root, *c = answer(s, body, len, &root, err);
	size_t i, count;

	*out = NULL;
	*n = 0;
	if (c == NULL) {
		return -1;
	}
	count = json_object_is_type(c, json_type_array) ? json_object_array_length(c) : 0;
	*out = xcalloc(count + 1, sizeof **out);
	for (i = 0; i < count; i++) {
		json_object *e = json_object_array_get_idx(c, i);
		int64_t id = num(e, "id");

		/* Below 1: tt-rss's own (Special, Labels, Uncategorized). */
		if (id <= 0) {
			continue;
		}
		(*out)[*n].id = id;
		(*out)[*n].title = text(e, "title", NR_SAN_COLLAPSE);
		(*n)++;
	}
	json_object_put(root);
	return 0;
}

static int
tt_feeds(void *s, struct nr_sync_req *req)
{
	json_object *o = json_object_new_object();

	/* -3: every subscription, without tt-rss's virtual feeds. */
	json_object_object_add(o, "cat_id", json_object_new_int(-3));
	return request(s, "getFeeds", o, req);
}

static int
tt_feeds_answer(void *s, const char *body, size_t len, struct nr_sync_feed **out, size_t *n, struct nr_err *err)
{
	json_object *root, *c = answer(s, body, len, &root, err);
	size_t i, count;

	*out = NULL;
	*n = 0;
	if (c == NULL) {
		return -1;
	}
	count = json_object_is_type(c, json_type_array) ? json_object_array_length(c) : 0;
	*out = xcalloc(count + 1, sizeof **out);
	for (i = 0; i < count; i++) {
		json_object *e = json_object_array_get_idx(c, i);
		struct nr_sync_feed *f = &(*out)[*n];

		f->id = num(e, "id");
		f->url = text(e, "feed_url", 0);
		if (f->id <= 0 || f->url == NULL) {
			free(f->url);
			f->url = NULL;
			continue;
		}
		f->title = text(e, "title", NR_SAN_COLLAPSE);
		f->category = num(e, "cat_id");
		f->unread = (long)num(e, "unread");
		(*n)++;
	}
	json_object_put(root);
	return 0;
}

static int
tt_articles(void *s, enum nr_sync_want want, int64_t feed, int64_t since, size_t skip, struct nr_sync_req *req)
{
	json_object *o = json_object_new_object();

	switch (want) {
	case NR_SYNC_WANT_NEW:
	case NR_SYNC_WANT_NEW_OF_FEED:
		/* -4: every article of every subscription. The order stays
		 * tt-rss's default (newest entered first): an article the
		 * server stores while the pages are read goes in front, so a
		 * later page may repeat one already had but never misses one. */
		if (want == NR_SYNC_WANT_NEW) {
			json_object_object_add(o, "feed_id", json_object_new_int(-4));
		} else {
			json_object_object_add(o, "feed_id", json_object_new_int64(feed));
		}
		json_object_object_add(o, "view_mode", json_object_new_string("all_articles"));
		json_object_object_add(o, "since_id", json_object_new_int64(since));
		json_object_object_add(o, "show_content", json_object_new_boolean(1));
		json_object_object_add(o, "include_attachments", json_object_new_boolean(1));
		/* tt-rss's own HTML sanitizer costs twice the rest of the
		 * request (0.9 s against 0.3 s for 100 articles); the body is a
		 * feed's HTML as any other here, filtered by markup/ and
		 * rendered without scripts, styles or remote content. */
		json_object_object_add(o, "sanitize", json_object_new_boolean(0));
		break;
	case NR_SYNC_WANT_UNREAD:
		json_object_object_add(o, "feed_id", json_object_new_int64(feed));
		json_object_object_add(o, "view_mode", json_object_new_string("unread"));
		break;
	case NR_SYNC_WANT_STARRED:
		/* -1: tt-rss's "Starred articles". */
		json_object_object_add(o, "feed_id", json_object_new_int(-1));
		json_object_object_add(o, "view_mode", json_object_new_string("all_articles"));
		break;
	}
	json_object_object_add(o, "limit", json_object_new_int(TTRSS_PAGE));
	json_object_object_add(o, "skip", json_object_new_int64((int64_t)skip));
	return request(s, "getHeadlines", o, req);
}

/* tt-rss answers a page of headlines with one SQL query that sorts every
 * article it matches, content and all, before it takes the page (its
 * DISTINCT ON needs the whole sort): a page of all subscriptions above
 * since_id sorts all of them again, about 12 us an article on the
 * benchmark's machine (0.12 s a page for 10,000), so reading N that way
 * sorts N * N / 200 articles; a subscription's page sorts only its own.
 * Asking subscription by subscription costs a request each instead
 * (tt-rss's start and a small query: about 20 ms). The rest of a page's
 * cost is per article whichever way it is asked (an enclosure query, the
 * label cache, two HTML parses). So: by subscription when the sorts
 * would cost more than the requests, N * N / 200 * 12 us > nfeeds * 20 ms,
 * about 5,800 articles for 100 subscriptions, 1,800 for 10. N is taken as
 * the ids above since up to top: at most that many (the ids are the
 * server's, shared by its users). A tt-rss that logs PHP's warnings to
 * its database (four an article on PHP 8) opens a second connection for
 * each request, and then gains about nothing either way (BENCHMARKS.md). */
static int
tt_by_feed(const void *s, size_t nfeeds, int64_t since, int64_t top)
{
	double n = top > since ? (double)(top - since) : 0;

	(void)s;
	return n * n / TTRSS_PAGE * 12e-6 > (double)nfeeds * 20e-3;
}

/* One headline as an article. */
static void
article_from(json_object *e, int with_content, struct nr_sync_article *a)
{
	json_object *v;
	int64_t when;
	size_t i, n;

	nr_item_init(&a->item);
	a->id = num(e, "id");
	a->feed = num(e, "feed_id");
	a->unread = boolean(e, "unread");
	a->starred = boolean(e, "marked");
	if (!with_content) {
		return;
	}
	a->item.title = text(e, "title", NR_SAN_COLLAPSE);
	a->item.link = text(e, "link", 0);
	a->item.author = text(e, "author", NR_SAN_COLLAPSE);
	when = num(e, "updated");
	a->item.published = when > 0 ? when : NR_TIME_UNKNOWN;
	a->item.content = text(e, "content", NR_SAN_NEWLINES | NR_SAN_TABS);
	a->item.content_type = a->item.content != NULL ? NR_BODY_HTML : NR_BODY_NONE;
	if (json_object_object_get_ex(e, "tags", &v) && json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n && i < NR_ITEM_MAX_LIST; i++) {
			json_object *tag = json_object_array_get_idx(v, i);

			if (json_object_is_type(tag, json_type_string) && json_object_get_string_len(tag) > 0) {
				char *t = nr_utf8_sanitize(json_object_get_string(tag),
				    (size_t)json_object_get_string_len(tag), NR_SAN_COLLAPSE);

				nr_item_add_category(&a->item, t);
				free(t);
			}
		}
	}
	if (json_object_object_get_ex(e, "attachments", &v) && json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n && i < NR_ITEM_MAX_LIST; i++) {
			json_object *at = json_object_array_get_idx(v, i);
			char *url = text(at, "content_url", 0), *type = text(at, "content_type", 0);

			if (url != NULL) {
				nr_item_add_enclosure(&a->item, url, type, -1);
			}
			free(url);
			free(type);
		}
	}
}

static int
tt_articles_answer(void *s, enum nr_sync_want want, const char *body, size_t len, struct nr_sync_article **out,
    size_t *n, struct nr_err *err)
{
	json_object *root, *c = answer(s, body, len, &root, err);
	size_t i, count;

	*out = NULL;
	*n = 0;
	if (c == NULL) {
		return -1;
	}
	count = json_object_is_type(c, json_type_array) ? json_object_array_length(c) : 0;
	*out = xcalloc(count + 1, sizeof **out);
	for (i = 0; i < count; i++) {
		struct nr_sync_article *a = &(*out)[*n];

		article_from(json_object_array_get_idx(c, i), want == NR_SYNC_WANT_NEW || want == NR_SYNC_WANT_NEW_OF_FEED,
		    a);
		if (a->id <= 0) {
			nr_item_clear(&a->item);
			continue;
		}
		(*n)++;
	}
	json_object_put(root);
	return 0;
}

static int
tt_mark(void *s, enum nr_sync_flag flag, int value, const int64_t *ids, size_t n, struct nr_sync_req *req)
{
	json_object *o = json_object_new_object();
	struct nr_buf list = NR_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		nr_buf_printf(&list, "%s%" PRId64, i > 0 ? "," : "", ids[i]);
	}
	nr_buf_addc(&list, '\0');
	json_object_object_add(o, "article_ids", json_object_new_string(list.data));
	nr_buf_free(&list);
	if (flag == NR_SYNC_READ) {
		/* field 2 is "unread": read is its opposite. */
		json_object_object_add(o, "field", json_object_new_int(2));
		json_object_object_add(o, "mode", json_object_new_int(value ? 0 : 1));
	} else {
		json_object_object_add(o, "field", json_object_new_int(0));
		json_object_object_add(o, "mode", json_object_new_int(value ? 1 : 0));
	}
	return request(s, "updateArticle", o, req);
}

static int
tt_simple_answer(void *s, const char *body, size_t len, struct nr_err *err)
{
	json_object *root, *c = answer(s, body, len, &root, err);

	if (c == NULL) {
		return -1;
	}
	json_object_put(root);
	return 0;
}

static int
tt_subscribe(void *s, const char *url, struct nr_sync_req *req)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "feed_url", json_object_new_string(url));
	json_object_object_add(o, "category_id", json_object_new_int(0));
	return request(s, "subscribeToFeed", o, req);
}

static int
tt_subscribe_answer(void *s, const char *body, size_t len, struct nr_err *err)
{
	json_object *root, *c = answer(s, body, len, &root, err), *st;
	int64_t code;
	char *msg;

	if (c == NULL) {
		return -1;
	}
	code = json_object_object_get_ex(c, "status", &st) ? num(st, "code") : -1;
	switch (code) {
	case 0: /* already subscribed */
	case 1:
		json_object_put(root);
		return 0;
	case 2:
		nr_err_set(err, NR_ERR_USAGE, "%s", _("the server refused the URL"));
		break;
	case 3:
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("the server found no feed at the URL"));
		break;
	case 4:
		nr_err_set(err, NR_ERR_FORMAT, "%s", _("the server found several feeds at the URL: give one of them"));
		break;
	case 5:
		msg = text(st, "message", NR_SAN_COLLAPSE);
		nr_err_set(err, NR_ERR_IO, _("the server could not fetch the URL: %s"), msg != NULL ? msg : "?");
		free(msg);
		break;
	default:
		nr_err_set(err, NR_ERR_FORMAT, _("the server could not subscribe to the URL (code %" PRId64 ")"), code);
		break;
	}
	json_object_put(root);
	return -1;
}

static int
tt_unsubscribe(void *s, int64_t feed, struct nr_sync_req *req)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "feed_id", json_object_new_int64(feed));
	return request(s, "unsubscribeFeed", o, req);
}

static const struct nr_sync_service ttrss_service = {
	.name = "ttrss",
	.page = TTRSS_PAGE,
	.batch = TTRSS_BATCH,
	.at_once = TTRSS_AT_ONCE,
	.new = tt_new,
	.free = tt_free,
	.logged_in = tt_logged_in,
	.login = tt_login,
	.login_answer = tt_login_answer,
	.categories = tt_categories,
	.categories_answer = tt_categories_answer,
	.feeds = tt_feeds,
	.feeds_answer = tt_feeds_answer,
	.articles = tt_articles,
	.articles_answer = tt_articles_answer,
	.by_feed = tt_by_feed,
	.mark = tt_mark,
	.mark_answer = tt_simple_answer,
	.subscribe = tt_subscribe,
	.subscribe_answer = tt_subscribe_answer,
	.unsubscribe = tt_unsubscribe,
	.unsubscribe_answer = tt_simple_answer,
};

/* ---- shared by every service ---- */

const struct nr_sync_service *
nr_sync_service_find(const char *name)
{
	static const struct nr_sync_service *const all[] = { &ttrss_service };
	size_t i;

	for (i = 0; name != NULL && i < sizeof all / sizeof all[0]; i++) {
		if (strcmp(all[i]->name, name) == 0) {
			return all[i];
		}
	}
	return NULL;
}

void
nr_sync_req_clear(struct nr_sync_req *req)
{
	free(req->url);
	if (req->body != NULL) {
		explicit_bzero(req->body, strlen(req->body));
		free(req->body);
	}
	req->url = NULL;
	req->body = NULL;
}

void
nr_sync_feeds_free(struct nr_sync_feed *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].title);
		free(v[i].url);
	}
	free(v);
}

void
nr_sync_categories_free(struct nr_sync_category *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].title);
	}
	free(v);
}

void
nr_sync_articles_free(struct nr_sync_article *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		nr_item_clear(&v[i].item);
	}
	free(v);
}
