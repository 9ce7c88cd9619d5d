/* Fetching over HTTP(S) with libcurl's multi interface, driven by the
 * caller's loop on one thread: requests are queued, up to max_connections
 * run at once (at most max_per_host to one host, or a request's own
 * at_once if higher), and nr_fetch_poll waits
 * on curl's sockets and the caller's own descriptors (the terminal)
 * together, so an interface never blocks on the network. The only code
 * that includes curl.h.
 *
 * Every transfer: redirects followed (at most 10; a chain of permanent
 * ones, 301/308, is reported so the caller can remember the new URL),
 * gzip/deflate/brotli (what the libcurl build has) accepted and decoded,
 * conditional GET (If-None-Match, If-Modified-Since) when validators are
 * given, a connect time-out and a total time-out, a limit on the size of
 * the decoded body, "User-Agent: newsreader/VERSION" unless the request
 * names another, the usual proxy variables (http_proxy, https_proxy,
 * no_proxy: libcurl's own handling), TLS always verified, only http and
 * https (also after redirects). Failures come back in words: "HTTP 404 Not
 * Found", curl's message ("Connection refused", "Operation timed out after
 * 10001 milliseconds ..."), "response larger than 32 MB". */
#ifndef NR_NET_FETCH_H
#define NR_NET_FETCH_H

#include <poll.h>
#include <signal.h>
#include <stddef.h>

#include "core/err.h"

struct nr_fetch_opts {
	int max_connections;    /* transfers at once; <= 0: 8 */
	int max_per_host;       /* to one host at once; <= 0: 2 */
	long connect_timeout;   /* seconds; <= 0: 15 */
	long timeout;           /* seconds for a whole transfer, from its start; <= 0: 60 */
	long max_size;          /* bytes of decoded body; <= 0: 32 MB */
	const char *user_agent; /* NULL: "newsreader/" PACKAGE_VERSION */
};

struct nr_fetch_req {
	const char *url;                /* http:// or https://, credentials allowed */
	const char *etag;               /* validators of the last answer, or NULL */
	const char *last_modified;
	const char *user_agent;         /* NULL: the fetcher's */
	const char *username;           /* NULL: none (or those in the URL) */
	const char *password;           /* never logged, copied, or kept after the transfer */
	const char *post;               /* NULL: a GET; else POSTed as application/json (wiped after
	                                 * the transfer: it may hold a password), never redirected */
	void *ud;                       /* the caller's, given back in the result */
	int at_once;                    /* > max_per_host: transfers to this request's host allowed
	                                 * at once while it waits (a sync server, made for its
	                                 * clients); else max_per_host */
};

enum nr_fetch_status {
	NR_FETCH_OK = 0,                /* 2xx with a body */
	NR_FETCH_NOT_MODIFIED,          /* 304: nothing to parse */
	NR_FETCH_FAILED
};

struct nr_fetch_result {
	void *ud;
	enum nr_fetch_status status;
	long http_code;                 /* 0 if no HTTP answer */
	char *body;                     /* OK: the decoded body, NUL-terminated */
	size_t len;
	char *etag;                     /* the answer's validators, or NULL */
	char *last_modified;
	char *content_type;             /* or NULL */
	char *permanent_url;            /* every redirect was permanent: the final URL; else NULL */
	char *final_url;                /* redirected at all: the URL the answer came from; else NULL */
	char *content_location;         /* the answer's Content-Location, as sent, or NULL */
	char *error;                    /* FAILED: what went wrong, in words */
	char *warning;                  /* not FAILED: what was wrong but did no harm, or NULL */
	double seconds;                 /* from the start of the transfer */
};

struct nr_fetcher;

/* A new fetcher (curl_global_init is done once, on first use). NULL with
 * err if libcurl cannot be set up. */
struct nr_fetcher *nr_fetcher_new(const struct nr_fetch_opts *opts, struct nr_err *err);
/* Abort what is running or queued and free everything. */
void nr_fetcher_free(struct nr_fetcher *f);

/* Queue a request (its strings are copied; the password is wiped after
 * use). A URL that is not http(s) fails at once (its result is ready). */
void nr_fetch_add(struct nr_fetcher *f, const struct nr_fetch_req *req);
/* Requests queued or running whose results have not been taken yet. */
size_t nr_fetch_pending(const struct nr_fetcher *f);
/* Transfers running now (for tests and progress). */
size_t nr_fetch_running(const struct nr_fetcher *f);

/* Wait at most timeout_ms (-1: until something happens) for network
 * activity or for one of extra[0..nextra) to be ready (their revents are
 * set, as poll would), then do the network work that is ready without
 * blocking. The wait is one ppoll over curl's sockets (kept with
 * CURLMOPT_SOCKETFUNCTION / TIMERFUNCTION) and the extra descriptors, with
 * sigmask (NULL: the current mask) in effect during it, so a caller that
 * blocks its signals elsewhere gets them only here, as with ppoll. Returns
 * the number of extra descriptors ready (0 if none), or -1 with errno EINTR
 * if a signal arrived. With nothing queued it is a plain ppoll. */
int nr_fetch_poll(struct nr_fetcher *f, struct pollfd *extra, unsigned nextra, int timeout_ms,
    const sigset_t *sigmask);

/* Take a finished transfer's result: 1 and *res filled (free it with
 * nr_fetch_result_clear), or 0 if none is ready. */
int nr_fetch_next(struct nr_fetcher *f, struct nr_fetch_result *res);
void nr_fetch_result_clear(struct nr_fetch_result *res);

#endif
