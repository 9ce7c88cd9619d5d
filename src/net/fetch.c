#include "config.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "compat.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "net/fetch.h"
#include "nls.h"
#include "util/utf8.h"

/* How fetching works here. Transfers wait in our own queue and are handed
 * to the curl multi handle only when they may start (fewer than
 * max_connections running, fewer than max_per_host, or their own at_once
 * if higher, to their host): curl's total time-out runs from
 * curl_multi_add_handle, so a transfer that sat in curl's own pending list
 * behind a busy host would lose its time waiting. curl's limits
 * (CURLMOPT_MAX_HOST_CONNECTIONS, raised to the highest at_once asked for,
 * and MAX_TOTAL_CONNECTIONS) are set as well, for redirects to another
 * host. curl tells us which sockets
 * to watch and when to call it back (SOCKETFUNCTION, TIMERFUNCTION), so
 * that the caller's wait can be one ppoll over those and its own
 * descriptors. */

#define MB (1024L * 1024L)
/* The longest ETag or Last-Modified kept (see capped()). */
#define MAX_VALIDATOR 1024

/* One request, from nr_fetch_add until its result is taken. */
struct xfer {
	struct nr_fetcher *f;
	struct xfer *next;      /* in the queue or the running list */
	CURL *easy;
	struct curl_slist *headers;
	char *url;
	char *host;             /* "host:port", for the per-host limit */
	char *etag_req;
	char *lm_req;
	char *user_agent;
	char *username;
	char *password;         /* wiped before it is freed */
	char *url_password;     /* the URL's own, only to keep it out of messages */
	char *post;             /* a POST's body (it may hold a password: wiped), or NULL for a GET */
	size_t post_len;
	int url_userinfo;       /* the URL names a user */
	int at_once;            /* the request's own per-host limit, if higher */
	void *ud;
	struct nr_buf body;
	char *etag;             /* of the last response in the chain */
	char *last_modified;
	char *content_type;
	char *content_location;
	long code;              /* status of the last response seen */
	const char *dropped;    /* the validator not kept as too long, or NULL */
	char *reason;           /* its reason phrase, or NULL */
	int responses;          /* non-1xx responses seen */
	int all_permanent;      /* every redirect followed was 301 or 308 */
	int too_large;
	struct timespec start;
	char errbuf[CURL_ERROR_SIZE];
};

/* A finished transfer's result, waiting for nr_fetch_next. */
struct done {
	struct done *next;
	struct nr_fetch_result res;
};

/* A socket curl asked us to watch. */
struct watch {
	curl_socket_t fd;
	short events;
};

struct nr_fetcher {
	CURLM *multi;
	int max_connections;
	int max_per_host;
	int curl_per_host;               /* curl's own limit: the highest at_once asked for, or max_per_host */
	long connect_timeout;
	long timeout;
	long max_size;
	char *user_agent;
	struct xfer *queue, *queue_tail; /* waiting to start, in order */
	struct xfer *running;            /* in the multi handle */
	size_t nqueued, nrunning, ndone;
	struct done *done, *done_tail;
	struct watch *watches;
	size_t nwatches, watches_cap;
	struct pollfd *pfds;             /* the wait's array: curl's sockets, then the caller's */
	size_t pfds_cap;
	int timer_set;                   /* curl asked to be called back at timer */
	struct timespec timer;
	int timer_touched;               /* the timer callback ran */
};

static int curl_ready;

/* libcurl is loaded when the first fetcher is made, not with the program:
 * its tree of libraries (TLS, Kerberos, LDAP, SSH, ...: 49 in all) took
 * 4 of the 7 ms a start took, whether or not the run fetches anything
 * (BENCHMARKS.md, "Starting without libcurl"). The functions this module
 * calls, through a table (their types those of curl/curl.h); the macros
 * below make the calls go through it. */
#define NR_CURL_FUNCS \
	F(global_init) F(easy_init) F(easy_cleanup) F(easy_setopt) F(easy_getinfo) F(easy_strerror) F(free) \
	F(multi_init) F(multi_cleanup) F(multi_add_handle) F(multi_remove_handle) F(multi_setopt) \
	F(multi_socket_action) F(multi_strerror) F(multi_timeout) F(multi_info_read) F(slist_append) \
	F(slist_free_all) F(url) F(url_cleanup) F(url_get) F(url_set) F(url_strerror)

/* curl.h's own macros of these (type checks, or the identity). */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt

static struct {
#define F(name) __typeof__(curl_##name) *name;
	NR_CURL_FUNCS
#undef F
} cu;

#define curl_global_init cu.global_init
#define curl_easy_init cu.easy_init
#define curl_easy_cleanup cu.easy_cleanup
#define curl_easy_setopt cu.easy_setopt
#define curl_easy_getinfo cu.easy_getinfo
#define curl_easy_strerror cu.easy_strerror
#define curl_free cu.free
#define curl_multi_init cu.multi_init
#define curl_multi_cleanup cu.multi_cleanup
#define curl_multi_add_handle cu.multi_add_handle
#define curl_multi_remove_handle cu.multi_remove_handle
#define curl_multi_setopt cu.multi_setopt
#define curl_multi_socket_action cu.multi_socket_action
#define curl_multi_strerror cu.multi_strerror
#define curl_multi_timeout cu.multi_timeout
#define curl_multi_info_read cu.multi_info_read
#define curl_slist_append cu.slist_append
#define curl_slist_free_all cu.slist_free_all
#define curl_url cu.url
#define curl_url_cleanup cu.url_cleanup
#define curl_url_get cu.url_get
#define curl_url_set cu.url_set
#define curl_url_strerror cu.url_strerror

/* Load libcurl and its functions, once: from the file a program linked
 * with it would need (configure reads it: libcurl.so.4, its ABI's name
 * since curl 7.16, or libcurl-gnutls.so.4), else the usual names;
 * NEWSREADER_LIBCURL names another file (tests). 0, or -1 with err if it
 * cannot be had. */
static int
load_curl(struct nr_err *err)
{
	static const char *const files[] = { NR_LIBCURL_FILE, "libcurl.so.4", "libcurl.4.dylib", "libcurl.so", "libcurl.dylib" };
	static void *lib;
	const char *own = getenv("NEWSREADER_LIBCURL");
	/* The first failure's reason, copied: dlerror's string is freed by
	 * the next dlopen. */
	char why[512] = "";
	void *sym;
	size_t i;

	if (lib != NULL) {
		return 0;
	}
	for (i = 0; i < sizeof files / sizeof files[0] && lib == NULL; i++) {
		lib = dlopen(own != NULL && own[0] != '\0' ? own : files[i], RTLD_NOW | RTLD_LOCAL);
		if (lib == NULL && why[0] == '\0') {
			const char *e = dlerror();

			snprintf(why, sizeof why, "%s", e != NULL ? e : "?");
		}
		if (own != NULL && own[0] != '\0') {
			break;
		}
	}
	if (lib == NULL) {
		nr_err_set(err, NR_ERR_IO, _("cannot set up libcurl: %s"), why[0] != '\0' ? why : "?");
		return -1;
	}
#define F(name) \
	if ((sym = dlsym(lib, "curl_" #name)) == NULL) { \
		nr_err_set(err, NR_ERR_IO, _("cannot set up libcurl: %s"), "curl_" #name); \
		dlclose(lib); \
		lib = NULL; \
		return -1; \
	} \
	memcpy(&cu.name, &sym, sizeof sym);
	NR_CURL_FUNCS
#undef F
	return 0;
}

static void
now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t;

	now(&t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int
ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void
ts_add_ms(struct timespec *t, long ms)
{
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

/* Free a secret's copy after overwriting it, so it does not linger in
 * freed memory. */
static void
wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static char *
xstrdup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* ---- curl's sockets and timer ---- */

static int
on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct nr_fetcher *f = userp;
	size_t i;

	(void)easy;
	(void)socketp;
	for (i = 0; i < f->nwatches; i++) {
		if (f->watches[i].fd == s) {
			break;
		}
	}
	if (what == CURL_POLL_REMOVE) {
		if (i < f->nwatches) {
			f->watches[i] = f->watches[--f->nwatches];
		}
		return 0;
	}
	if (i == f->nwatches) {
		if (f->nwatches == f->watches_cap) {
			f->watches_cap = f->watches_cap ? f->watches_cap * 2 : 16;
			f->watches = xreallocarray(f->watches, f->watches_cap, sizeof *f->watches);
		}
		f->watches[f->nwatches++].fd = s;
	}
	f->watches[i].events = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) |
	    ((what & CURL_POLL_OUT) ? POLLOUT : 0));
	return 0;
}

static int
on_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct nr_fetcher *f = userp;

	(void)multi;
	f->timer_touched = 1;
	if (timeout_ms < 0) {
		f->timer_set = 0;
		return 0;
	}
	now(&f->timer);
	ts_add_ms(&f->timer, timeout_ms);
	f->timer_set = 1;
	return 0;
}

/* ---- one transfer's callbacks ---- */

/* The body, only of a 2xx answer (an error page or a redirect's body is
 * not wanted), and never more than max_size bytes of it. */
static size_t
on_write(char *data, size_t size, size_t nmemb, void *userp)
{
	struct xfer *x = userp;
	size_t n = size * nmemb;
	long code = 0;

	/* The code as curl read it: the status line is curl's to parse. */
	if (curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK || code == 0) {
		code = x->code;
	}
	if (code < 200 || code > 299) {
		return n;
	}
	if (x->body.len + n > (size_t)x->f->max_size) {
		x->too_large = 1;
		return 0;
	}
	nr_buf_add(&x->body, data, n);
	return n;
}

/* A header's value, trimmed, as a new string. */
static char *
header_value(const char *line, size_t n, size_t namelen)
{
	const char *v = line + namelen, *end = line + n;

	while (v < end && (*v == ' ' || *v == '\t')) {
		v++;
	}
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t')) {
		end--;
	}
	return xstrndup(v, (size_t)(end - v));
}

static int
header_is(const char *line, size_t n, const char *name)
{
	size_t len = strlen(name);

	return n > len && strncasecmp(line, name, len) == 0;
}

/* A status line starts a new response: the headers kept are those of the
 * last one, and a response that follows a 3xx one means that redirect was
 * followed. */
static void
status_line(struct xfer *x, const char *line, size_t n)
{
	const char *p = memchr(line, ' ', n), *end = line + n;
	long code = 0;

	if (p == NULL) {
		return;
	}
	/* "HTTP/1.1  200 OK": curl takes the code after any run of blanks,
	 * and so must this, or the body of a good answer is dropped. */
	while (p < end && (*p == ' ' || *p == '\t')) {
		p++;
	}
	while (p < end && *p >= '0' && *p <= '9' && code < 1000) {
		code = code * 10 + (*p++ - '0');
	}
	/* Interim answers (100 Continue) are not responses of their own. */
	if (code < 200) {
		return;
	}
	if (x->responses > 0 && x->code >= 300 && x->code <= 399 && x->code != 301 && x->code != 308) {
		x->all_permanent = 0;
	}
	x->responses++;
	free(x->etag);
	free(x->last_modified);
	free(x->content_type);
	free(x->content_location);
	x->etag = x->last_modified = x->content_type = x->content_location = NULL;
	x->dropped = NULL;
	nr_buf_reset(&x->body);
	x->code = code;
	free(x->reason);
	x->reason = NULL;
	while (p < end && *p == ' ') {
		p++;
	}
	while (end > p && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) {
		end--;
	}
	if (end > p) {
		size_t len = (size_t)(end - p);

		/* The server's words: bounded and made safe for a terminal. */
		x->reason = nr_utf8_sanitize(p, len > 80 ? 80 : len, NR_SAN_COLLAPSE);
	}
}

/* A validator is stored and sent back with every fetch: one longer than
 * MAX_VALIDATOR bytes (no server needs that; a hostile one could send
 * 100 KB) is not kept, and the result says so. */
static char *
capped(struct xfer *x, char *value, const char *name)
{
	if (strlen(value) <= MAX_VALIDATOR) {
		return value;
	}
	free(value);
	x->dropped = name;
	return NULL;
}

static size_t
on_header(char *line, size_t size, size_t nmemb, void *userp)
{
	struct xfer *x = userp;
	size_t n = size * nmemb;

	if (n >= 5 && memcmp(line, "HTTP/", 5) == 0) {
		status_line(x, line, n);
	} else if (header_is(line, n, "ETag:")) {
		free(x->etag);
		x->etag = capped(x, header_value(line, n, 5), "ETag");
	} else if (header_is(line, n, "Last-Modified:")) {
		free(x->last_modified);
		x->last_modified = capped(x, header_value(line, n, 14), "Last-Modified");
	} else if (header_is(line, n, "Content-Type:")) {
		free(x->content_type);
		x->content_type = header_value(line, n, 13);
	} else if (header_is(line, n, "Content-Location:")) {
		/* The base of the answer's relative links (RFC 9110 §8.7). */
		free(x->content_location);
		x->content_location = header_value(line, n, 17);
	}
	return n;
}

/* ---- results ---- */

static const struct {
	long code;
	const char *reason;
} reasons[] = {
	{ 300, "Multiple Choices" },
	{ 301, "Moved Permanently" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 305, "Use Proxy" },
	{ 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 402, "Payment Required" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" },
	{ 408, "Request Timeout" },
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 411, "Length Required" },
	{ 412, "Precondition Failed" },
	{ 413, "Content Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 416, "Range Not Satisfiable" },
	{ 418, "I'm a teapot" },
	{ 421, "Misdirected Request" },
	{ 425, "Too Early" },
	{ 426, "Upgrade Required" },
	{ 429, "Too Many Requests" },
	{ 451, "Unavailable For Legal Reasons" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
	{ 505, "HTTP Version Not Supported" },
	{ 508, "Loop Detected" },
	{ 511, "Network Authentication Required" },
};

static const char *
reason_of(long code)
{
	size_t i;

	for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
		if (reasons[i].code == code) {
			return reasons[i].reason;
		}
	}
	return NULL;
}

/* Replace every occurrence of secret in s with "***". */
static char *
redact(char *s, const char *secret)
{
	struct nr_buf b = NR_BUF_INIT;
	size_t len;
	const char *p, *hit;

	if (secret == NULL || (len = strlen(secret)) == 0 || strstr(s, secret) == NULL) {
		return s;
	}
	for (p = s; (hit = strstr(p, secret)) != NULL; p = hit + len) {
		nr_buf_add(&b, p, (size_t)(hit - p));
		nr_buf_adds(&b, "***");
	}
	nr_buf_adds(&b, p);
	free(s);
	return nr_buf_steal(&b);
}

/* The error in words, safe to show and to log: sanitised, and without the
 * password should curl or the server ever echo it. */
static char *
clean_error(const struct xfer *x, char *msg)
{
	char *s = nr_utf8_sanitize(msg, strlen(msg), NR_SAN_COLLAPSE);

	free(msg);
	s = redact(s, x->password);
	s = redact(s, x->url_password);
	return s;
}

static char *
size_error(const struct nr_fetcher *f)
{
	if (f->max_size % MB == 0) {
		return xasprintf(_("response larger than %ld MB"), f->max_size / MB);
	}
	return xasprintf(_("response larger than %ld bytes"), f->max_size);
}

static char *
curl_error(const struct xfer *x, CURLcode rc)
{
	const char *what = curl_easy_strerror(rc);
	const char *detail = x->errbuf;
	size_t dlen = strlen(detail), wlen = strlen(what);
	long oserr = 0;
	struct nr_buf b = NR_BUF_INIT;

	while (dlen > 0 && (detail[dlen - 1] == '\n' || detail[dlen - 1] == ' ')) {
		dlen--;
	}
	/* curl 7.88 ends some details with the summary again ("...: Couldn't
	 * connect to server"): the system's reason says more. */
	curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &oserr);
	if (oserr != 0 && dlen > wlen + 2 && memcmp(detail + dlen - wlen, what, wlen) == 0 &&
	    memcmp(detail + dlen - wlen - 2, ": ", 2) == 0) {
		dlen -= wlen + 2;
	} else {
		oserr = 0;
	}
	if (rc == CURLE_PARTIAL_FILE) {
		nr_buf_adds(&b, _("the answer was cut off: "));
		if (dlen == 0) {
			nr_buf_adds(&b, what);
		}
	} else {
		nr_buf_adds(&b, what);
		if (dlen > 0 && !(dlen == wlen && memcmp(detail, what, wlen) == 0)) {
			nr_buf_adds(&b, ": ");
		}
	}
	if (dlen > 0 && !(rc != CURLE_PARTIAL_FILE && dlen == wlen && memcmp(detail, what, wlen) == 0)) {
		nr_buf_add(&b, detail, dlen);
	}
	if (oserr != 0) {
		nr_buf_printf(&b, ": %s", strerror((int)oserr));
	}
	return nr_buf_steal(&b);
}

static void
push_done(struct nr_fetcher *f, struct done *d)
{
	if (f->done_tail != NULL) {
		f->done_tail->next = d;
	} else {
		f->done = d;
	}
	f->done_tail = d;
	f->ndone++;
}

static void
xfer_free(struct xfer *x)
{
	if (x->easy != NULL) {
		curl_easy_cleanup(x->easy);
	}
	curl_slist_free_all(x->headers);
	wipe_free(x->url);
	free(x->host);
	free(x->etag_req);
	free(x->lm_req);
	free(x->user_agent);
	free(x->username);
	wipe_free(x->password);
	wipe_free(x->url_password);
	if (x->post != NULL) {
		explicit_bzero(x->post, x->post_len);
		free(x->post);
	}
	nr_buf_free(&x->body);
	free(x->etag);
	free(x->last_modified);
	free(x->content_type);
	free(x->content_location);
	free(x->reason);
	free(x);
}

/* A result for a transfer that never started (error is the message). */
static void
fail_at_once(struct nr_fetcher *f, struct xfer *x, char *error)
{
	struct done *d = xcalloc(1, sizeof *d);

	d->res.ud = x->ud;
	d->res.status = NR_FETCH_FAILED;
	d->res.error = clean_error(x, error);
	push_done(f, d);
	xfer_free(x);
}

/* The URL a permanent redirect led to. curl writes the request's
 * username and password into it (after a redirect on the same host): they
 * are taken out again unless the URL had them to begin with, so that a
 * password given apart never ends up in a stored URL. */
static char *
new_url(const struct xfer *x, const char *eff)
{
	CURLU *u;
	char *s = NULL, *out;

	if (x->url_userinfo) {
		return xstrdup(eff);
	}
	u = curl_url();
	if (u == NULL || curl_url_set(u, CURLUPART_URL, eff, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_USER, NULL, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &s, 0) != CURLUE_OK) {
		/* Better no new URL than one with a password in it. */
		curl_url_cleanup(u);
		return NULL;
	}
	out = xstrdup(s);
	curl_free(s);
	curl_url_cleanup(u);
	return out;
}

/* Turn a finished transfer into its result, and free it. */
static void
finish(struct nr_fetcher *f, struct xfer *x, CURLcode rc)
{
	struct done *d = xcalloc(1, sizeof *d);
	struct nr_fetch_result *r = &d->res;
	long code = 0;

	r->ud = x->ud;
	r->seconds = seconds_since(&x->start);
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	r->http_code = code;
	if (rc == CURLE_OK && code >= 200 && code <= 299) {
		r->status = NR_FETCH_OK;
		r->len = x->body.len;
		r->body = nr_buf_steal(&x->body);
	} else if (rc == CURLE_OK && code == 304) {
		r->status = NR_FETCH_NOT_MODIFIED;
	} else {
		r->status = NR_FETCH_FAILED;
		if (rc == CURLE_OK) {
			const char *why = x->code == code && x->reason != NULL ? x->reason : reason_of(code);

			r->error = why != NULL ? xasprintf("HTTP %ld %s", code, why) : xasprintf("HTTP %ld", code);
		} else if ((rc == CURLE_WRITE_ERROR && x->too_large) || rc == CURLE_FILESIZE_EXCEEDED) {
			r->error = size_error(f);
		} else if (rc == CURLE_OUT_OF_MEMORY && (code != 0 || x->responses > 0)) {
			/* curl 7.88 says "Out of memory" for a header line over
			 * its limit (CURL_MAX_HTTP_HEADER), once the answer has
			 * begun: say what it was. */
			r->error = xasprintf(_("a header line of the answer is over %d KB"), CURL_MAX_HTTP_HEADER / 1024);
		} else {
			r->error = curl_error(x, rc);
		}
		r->error = clean_error(x, r->error);
	}
	if (r->status != NR_FETCH_FAILED) {
		char *eff = NULL;
		long redirects = 0;

		r->etag = x->etag;
		r->last_modified = x->last_modified;
		r->content_type = x->content_type;
		if (x->dropped != NULL) {
			r->warning = xasprintf(_("the answer's %s is over %d bytes and is not kept (the feed is "
			    "fetched whole each time)"), x->dropped, MAX_VALIDATOR);
		}
		r->content_location = x->content_location;
		x->etag = x->last_modified = x->content_type = x->content_location = NULL;
		curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_COUNT, &redirects);
		if (redirects > 0 &&
		    curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff != NULL) {
			r->final_url = new_url(x, eff);
			if (x->all_permanent && r->final_url != NULL) {
				r->permanent_url = xstrdup(r->final_url);
			}
		}
	}
	push_done(f, d);
	xfer_free(x);
}

/* ---- the queue ---- */

static size_t
running_to(const struct nr_fetcher *f, const char *host)
{
	const struct xfer *x;
	size_t n = 0;

	for (x = f->running; x != NULL; x = x->next) {
		if (strcmp(x->host, host) == 0) {
			n++;
		}
	}
	return n;
}

/* Set up the easy handle and hand it to curl. */
static void
start(struct nr_fetcher *f, struct xfer *x)
{
	CURL *e = curl_easy_init();
	CURLMcode mc;

	if (e == NULL) {
		fail_at_once(f, x, xstrdup(_("cannot set up a transfer (out of memory?)")));
		return;
	}
	x->easy = e;
	x->all_permanent = 1;
	curl_easy_setopt(e, CURLOPT_URL, x->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, f->connect_timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, f->timeout);
	curl_easy_setopt(e, CURLOPT_USERAGENT, x->user_agent != NULL ? x->user_agent : f->user_agent);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_FAILONERROR, 0L);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max_size);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	if (x->username != NULL) {
		curl_easy_setopt(e, CURLOPT_USERNAME, x->username);
	}
	if (x->password != NULL) {
		curl_easy_setopt(e, CURLOPT_PASSWORD, x->password);
	}
	if (x->post != NULL) {
		/* A POST is never redirected into a GET of another place. */
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->post);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->post_len);
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
		x->headers = curl_slist_append(x->headers, "Content-Type: application/json");
		x->headers = curl_slist_append(x->headers, "Expect:");
	}
	if (x->etag_req != NULL) {
		char *h = xasprintf("If-None-Match: %s", x->etag_req);

		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	if (x->lm_req != NULL) {
		char *h = xasprintf("If-Modified-Since: %s", x->lm_req);

		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	if (x->headers != NULL) {
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	}
	now(&x->start);
	mc = curl_multi_add_handle(f->multi, e);
	if (mc != CURLM_OK) {
		fail_at_once(f, x, xstrdup(curl_multi_strerror(mc)));
		return;
	}
	x->next = f->running;
	f->running = x;
	f->nrunning++;
}

/* Start queued transfers while there is room, in order, skipping those
 * whose host is busy. */
static void
start_queued(struct nr_fetcher *f)
{
	struct xfer **pp = &f->queue, *prev = NULL;

	while (*pp != NULL && f->nrunning < (size_t)f->max_connections) {
		struct xfer *x = *pp;

		if (running_to(f, x->host) >= (size_t)(x->at_once > f->max_per_host ? x->at_once : f->max_per_host)) {
			prev = x;
			pp = &x->next;
			continue;
		}
		*pp = x->next;
		if (f->queue_tail == x) {
			f->queue_tail = prev;
		}
		x->next = NULL;
		f->nqueued--;
		start(f, x);
	}
}

static void
unlink_running(struct nr_fetcher *f, struct xfer *x)
{
	struct xfer **pp;

	for (pp = &f->running; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			f->nrunning--;
			return;
		}
	}
}

static void
collect(struct nr_fetcher *f)
{
	CURLMsg *m;
	int left;
	int any = 0;

	while ((m = curl_multi_info_read(f->multi, &left)) != NULL) {
		struct xfer *x;
		void *priv = NULL;
		CURLcode rc;

		if (m->msg != CURLMSG_DONE) {
			continue;
		}
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
		x = priv;
		/* m is invalid once the handle is removed. */
		rc = m->data.result;
		curl_multi_remove_handle(f->multi, x->easy);
		unlink_running(f, x);
		finish(f, x, rc);
		any = 1;
	}
	if (any) {
		start_queued(f);
	}
}

/* ---- the interface ---- */

struct nr_fetcher *
nr_fetcher_new(const struct nr_fetch_opts *opts, struct nr_err *err)
{
	struct nr_fetcher *f;

	if (!curl_ready) {
		CURLcode rc;

		if (load_curl(err) < 0) {
			return NULL;
		}
		rc = curl_global_init(CURL_GLOBAL_DEFAULT);

		if (rc != CURLE_OK) {
			nr_err_set(err, NR_ERR_IO, _("cannot set up libcurl: %s"), curl_easy_strerror(rc));
			return NULL;
		}
		curl_ready = 1;
	}
	f = xcalloc(1, sizeof *f);
	f->multi = curl_multi_init();
	if (f->multi == NULL) {
		free(f);
		nr_err_set(err, NR_ERR_IO, _("cannot set up libcurl"));
		return NULL;
	}
	f->max_connections = opts != NULL && opts->max_connections > 0 ? opts->max_connections : 8;
	f->max_per_host = opts != NULL && opts->max_per_host > 0 ? opts->max_per_host : 2;
	f->connect_timeout = opts != NULL && opts->connect_timeout > 0 ? opts->connect_timeout : 15;
	f->timeout = opts != NULL && opts->timeout > 0 ? opts->timeout : 60;
	f->max_size = opts != NULL && opts->max_size > 0 ? opts->max_size : 32 * MB;
	f->user_agent = xstrdup(opts != NULL && opts->user_agent != NULL ? opts->user_agent
	    : "newsreader/" PACKAGE_VERSION);
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
	f->curl_per_host = f->max_per_host;
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)f->max_per_host);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)f->max_connections);
	return f;
}

void
nr_fetcher_free(struct nr_fetcher *f)
{
	struct xfer *x;
	struct done *d;

	if (f == NULL) {
		return;
	}
	while ((x = f->running) != NULL) {
		f->running = x->next;
		curl_multi_remove_handle(f->multi, x->easy);
		xfer_free(x);
	}
	while ((x = f->queue) != NULL) {
		f->queue = x->next;
		xfer_free(x);
	}
	while ((d = f->done) != NULL) {
		f->done = d->next;
		nr_fetch_result_clear(&d->res);
		free(d);
	}
	curl_multi_cleanup(f->multi);
	free(f->watches);
	free(f->pfds);
	free(f->user_agent);
	free(f);
}

static int
has_http_scheme(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* A stored validator goes back exactly as it came, unless it could break
 * the request's header lines. */
static char *
validator(const char *s)
{
	if (s == NULL || *s == '\0' || strpbrk(s, "\r\n") != NULL) {
		return NULL;
	}
	return xstrdup(s);
}

void
nr_fetch_add(struct nr_fetcher *f, const struct nr_fetch_req *req)
{
	struct xfer *x = xcalloc(1, sizeof *x);
	CURLU *u;
	char *host = NULL, *port = NULL, *pass = NULL, *user = NULL;

	x->f = f;
	x->ud = req->ud;
	x->at_once = req->at_once;
	if (x->at_once > f->curl_per_host) {
		/* Else curl would hold the transfers beyond its limit back
		 * itself, their time-outs running. */
		f->curl_per_host = x->at_once;
		curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)f->curl_per_host);
	}
	x->url = xstrdup(req->url != NULL ? req->url : "");
	x->etag_req = validator(req->etag);
	x->lm_req = validator(req->last_modified);
	x->user_agent = xstrdup_or_null(req->user_agent);
	x->username = xstrdup_or_null(req->username);
	x->password = xstrdup_or_null(req->password);
	if (req->post != NULL) {
		x->post_len = strlen(req->post);
		x->post = xstrdup(req->post);
	}
	if (!has_http_scheme(x->url)) {
		fail_at_once(f, x, xstrdup(_("unsupported URL scheme")));
		return;
	}
	u = curl_url();
	if (u != NULL) {
		CURLUcode uc = curl_url_set(u, CURLUPART_URL, x->url, 0);

		if (uc != CURLUE_OK) {
			curl_url_cleanup(u);
			fail_at_once(f, x, xasprintf(_("bad URL: %s"), curl_url_strerror(uc)));
			return;
		}
		if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user != NULL) {
			x->url_userinfo = 1;
		}
		curl_free(user);
		curl_url_get(u, CURLUPART_HOST, &host, 0);
		curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
		if (curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK && pass != NULL) {
			x->url_password = xstrdup(pass);
			explicit_bzero(pass, strlen(pass));
		}
		curl_free(pass);
		curl_url_cleanup(u);
	}
	x->host = xasprintf("%s:%s", host != NULL ? host : "", port != NULL ? port : "");
	if (host != NULL) {
		char *p;

		for (p = x->host; *p != '\0'; p++) {
			if (*p >= 'A' && *p <= 'Z') {
				*p = (char)(*p - 'A' + 'a');
			}
		}
	}
	curl_free(host);
	curl_free(port);
	if (f->queue_tail != NULL) {
		f->queue_tail->next = x;
	} else {
		f->queue = x;
	}
	f->queue_tail = x;
	f->nqueued++;
	start_queued(f);
}

size_t
nr_fetch_pending(const struct nr_fetcher *f)
{
	return f->nqueued + f->nrunning + f->ndone;
}

size_t
nr_fetch_running(const struct nr_fetcher *f)
{
	return f->nrunning;
}

/* Let curl act on its timer if it is due. */
static void
run_timer(struct nr_fetcher *f)
{
	struct timespec t;
	int running;

	if (!f->timer_set) {
		return;
	}
	now(&t);
	if (ts_before(&t, &f->timer)) {
		return;
	}
	f->timer_set = 0;
	f->timer_touched = 0;
	curl_multi_socket_action(f->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	if (!f->timer_touched) {
		/* curl only calls back when its next deadline changes: if it had
		 * nothing due yet it may not, so ask it. */
		long ms = -1;

		if (curl_multi_timeout(f->multi, &ms) == CURLM_OK && ms >= 0) {
			now(&f->timer);
			ts_add_ms(&f->timer, ms);
			f->timer_set = 1;
		}
	}
}

int
nr_fetch_poll(struct nr_fetcher *f, struct pollfd *extra, unsigned nextra, int timeout_ms,
    const sigset_t *sigmask)
{
	struct timespec wait, t, *waitp = NULL;
	size_t nw, i, n;
	int r, ready = 0;

	start_queued(f);
	/* A result already waiting (a URL that failed at once) is news: do
	 * not sleep over it. */
	if (f->ndone > 0) {
		timeout_ms = 0;
	}
	if (timeout_ms >= 0) {
		wait.tv_sec = timeout_ms / 1000;
		wait.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		waitp = &wait;
	}
	if (f->timer_set) {
		struct timespec left;

		now(&t);
		if (ts_before(&t, &f->timer)) {
			left.tv_sec = f->timer.tv_sec - t.tv_sec;
			left.tv_nsec = f->timer.tv_nsec - t.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
		} else {
			left.tv_sec = 0;
			left.tv_nsec = 0;
		}
		if (waitp == NULL || ts_before(&left, waitp)) {
			wait = left;
			waitp = &wait;
		}
	}
	nw = f->nwatches;
	n = nw + nextra;
	if (n > f->pfds_cap) {
		f->pfds_cap = n < 16 ? 16 : n * 2;
		f->pfds = xreallocarray(f->pfds, f->pfds_cap, sizeof *f->pfds);
	}
	for (i = 0; i < nw; i++) {
		f->pfds[i].fd = f->watches[i].fd;
		f->pfds[i].events = f->watches[i].events;
		f->pfds[i].revents = 0;
	}
	for (i = 0; i < nextra; i++) {
		extra[i].revents = 0;
		f->pfds[nw + i] = extra[i];
	}
	r = ppoll(n > 0 ? f->pfds : NULL, (nfds_t)n, waitp, sigmask);
	if (r < 0) {
		return -1;
	}
	for (i = 0; i < nextra; i++) {
		extra[i].revents = f->pfds[nw + i].revents;
		if (extra[i].revents != 0) {
			ready++;
		}
	}
	/* The sockets that are ready, from the copy: curl may change its
	 * watches while it works. */
	for (i = 0; r > 0 && i < nw; i++) {
		short re = f->pfds[i].revents;
		int mask = 0, running;

		if (re == 0) {
			continue;
		}
		if (re & (POLLIN | POLLHUP)) {
			mask |= CURL_CSELECT_IN;
		}
		if (re & POLLOUT) {
			mask |= CURL_CSELECT_OUT;
		}
		if (re & (POLLERR | POLLNVAL)) {
			mask |= CURL_CSELECT_ERR;
		}
		curl_multi_socket_action(f->multi, f->pfds[i].fd, mask, &running);
	}
	run_timer(f);
	collect(f);
	return ready;
}

int
nr_fetch_next(struct nr_fetcher *f, struct nr_fetch_result *res)
{
	struct done *d = f->done;

	if (d == NULL) {
		return 0;
	}
	f->done = d->next;
	if (f->done == NULL) {
		f->done_tail = NULL;
	}
	f->ndone--;
	*res = d->res;
	free(d);
	return 1;
}

void
nr_fetch_result_clear(struct nr_fetch_result *res)
{
	if (res == NULL) {
		return;
	}
	free(res->body);
	free(res->etag);
	free(res->last_modified);
	free(res->content_type);
	free(res->permanent_url);
	free(res->final_url);
	free(res->content_location);
	free(res->error);
	free(res->warning);
	memset(res, 0, sizeof *res);
}
