/* The fetcher against the real test server (tests/httpd.py, started by
 * tests/net.sh, which sets NR_TEST_HTTP to its base URL and
 * NR_TEST_HTTPD_LOG to its request log): conditional GET, gzip, redirect
 * chains and loops, time-outs, refused connections, HTTP errors, the size
 * limit, cut-off bodies, credentials, parallel transfers proven from the
 * server's log, the per-host limit without unfair time-outs, and the wait:
 * the caller's descriptors and signals during nr_fetch_poll. Without
 * NR_TEST_HTTP it is skipped (77). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "net/fetch.h"
#include "helpers.h"
#include "t.h"

static const char *base;        /* http://127.0.0.1:PORT */
static const char *httpd_log;
static const char *httpd_root;
static char tag[32];            /* makes this run's paths unique in the server's log */

static double
mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A URL on the test server (path starts with '/'), or url as it is if it
 * has a scheme. The caller frees it. */
static char *
url_of(const char *path)
{
	if (strstr(path, "://") != NULL) {
		return xstrdup(path);
	}
	return xasprintf("%s%s", base, path);
}

/* Poll f until every request has its result (res[ud]), failing a check
 * after limit seconds; *maxrun gets the most transfers seen running. */
static void
drain(struct nr_fetcher *f, struct nr_fetch_result *res, size_t n, double limit, size_t *maxrun)
{
	double end = mono() + limit;
	size_t got = 0;

	while (got < n && mono() < end) {
		struct nr_fetch_result r;

		if (maxrun != NULL && nr_fetch_running(f) > *maxrun) {
			*maxrun = nr_fetch_running(f);
		}
		if (nr_fetch_poll(f, NULL, 0, 500, NULL) < 0) {
			CHECK(errno == EINTR);
			continue;
		}
		while (nr_fetch_next(f, &r)) {
			size_t i = (size_t)(uintptr_t)r.ud;

			CHECK(i < n);
			if (i < n) {
				res[i] = r;
			} else {
				nr_fetch_result_clear(&r);
			}
			got++;
		}
	}
	CHECK_INT(got, n);
	CHECK_INT(nr_fetch_pending(f), 0);
}

/* Fetch one URL with opts (NULL: defaults) and req's other fields (NULL:
 * none). */
static void
get(const struct nr_fetch_opts *opts, const char *path, const struct nr_fetch_req *tmpl,
    struct nr_fetch_result *res)
{
	struct nr_fetch_req req = { 0 };
	struct nr_fetcher *f = nr_fetcher_new(opts, NULL);
	char *url = url_of(path);

	memset(res, 0, sizeof *res);
	CHECK(f != NULL);
	if (f == NULL) {
		free(url);
		res->status = NR_FETCH_FAILED;
		return;
	}
	if (tmpl != NULL) {
		req = *tmpl;
	}
	req.url = url;
	req.ud = (void *)(uintptr_t)0;
	nr_fetch_add(f, &req);
	drain(f, res, 1, 30, NULL);
	nr_fetcher_free(f);
	free(url);
}

static int
contains(const char *s, const char *part)
{
	return s != NULL && strstr(s, part) != NULL;
}

/* How many requests the server has answered for path (from /count). */
static long
server_count(const char *path)
{
	struct nr_fetch_result r;
	char *key = xasprintf("\"%s\": ", path);
	const char *p;
	long n = 0;

	get(NULL, "/count", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	p = r.body != NULL ? strstr(r.body, key) : NULL;
	if (p != NULL) {
		n = strtol(p + strlen(key), NULL, 10);
	}
	free(key);
	nr_fetch_result_clear(&r);
	return n;
}

/* ---- conditional GET, encodings, headers ---- */

static void
test_etag(void)
{
	struct nr_fetch_result r1, r2;
	struct nr_fetch_req req = { 0 };
	char *path = xasprintf("/feed?items=3&seed=21&etag=1&t=%s", tag);

	get(NULL, path, NULL, &r1);
	CHECK_INT(r1.status, NR_FETCH_OK);
	CHECK_INT(r1.http_code, 200);
	CHECK(r1.etag != NULL && r1.etag[0] == '"');
	CHECK(r1.last_modified == NULL);
	CHECK(contains(r1.body, "<rss"));
	CHECK_INT(strlen(r1.body), r1.len);
	CHECK_STR(r1.content_type, "application/rss+xml");
	req.etag = r1.etag;
	get(NULL, path, &req, &r2);
	CHECK_INT(r2.status, NR_FETCH_NOT_MODIFIED);
	CHECK_INT(r2.http_code, 304);
	CHECK(r2.body == NULL);
	CHECK_INT(r2.len, 0);
	CHECK(r2.error == NULL);
	CHECK_STR(r2.etag, r1.etag);
	CHECK_INT(server_count(path), 2);
	/* Another validator than the server's: the whole answer again. */
	req.etag = "\"not-the-one\"";
	nr_fetch_result_clear(&r2);
	get(NULL, path, &req, &r2);
	CHECK_INT(r2.status, NR_FETCH_OK);
	CHECK_STR(r2.body, r1.body);
	nr_fetch_result_clear(&r1);
	nr_fetch_result_clear(&r2);
	free(path);
}

/* What curl accepts is read as curl reads it: a status line with two
 * spaces is a 200 with its body. A validator too long to store is dropped
 * with a warning; a header over curl's limit is named, not "Out of
 * memory". */
static void
test_quirks(void)
{
	struct nr_fetch_result r;

	get(NULL, "/twospaces", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK_INT(r.http_code, 200);
	CHECK(contains(r.body, "<rss"));
	CHECK(r.error == NULL);
	nr_fetch_result_clear(&r);

	get(NULL, "/bigetag?kb=2", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK(contains(r.body, "<rss"));
	CHECK(r.etag == NULL);
	CHECK(contains(r.warning, "ETag is over 1024 bytes"));
	nr_fetch_result_clear(&r);

	get(NULL, "/bigetag?kb=2&lastmod=1", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK(r.last_modified == NULL);
	CHECK(contains(r.warning, "Last-Modified is over 1024 bytes"));
	nr_fetch_result_clear(&r);

	/* A validator of a normal size is kept, without a warning. */
	get(NULL, "/bigetag?kb=0", NULL, &r);
	CHECK_STR(r.etag, "\"\"");
	CHECK(r.warning == NULL);
	nr_fetch_result_clear(&r);

	get(NULL, "/bigetag?kb=200", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	if (!contains(r.error, "header line of the answer is over 100 KB")) {
		fprintf(stderr, "big header: %s\n", r.error != NULL ? r.error : "(none)");
	}
	CHECK(contains(r.error, "header line of the answer is over 100 KB"));
	CHECK(!contains(r.error, "Out of memory"));
	nr_fetch_result_clear(&r);
}

static void
test_last_modified(void)
{
	struct nr_fetch_result r1, r2;
	struct nr_fetch_req req = { 0 };
	char *path = xasprintf("/feed?items=3&seed=22&lastmod=1&t=%s", tag);

	get(NULL, path, NULL, &r1);
	CHECK_INT(r1.status, NR_FETCH_OK);
	CHECK(r1.etag == NULL);
	CHECK(contains(r1.last_modified, " GMT"));
	req.last_modified = r1.last_modified;
	get(NULL, path, &req, &r2);
	CHECK_INT(r2.status, NR_FETCH_NOT_MODIFIED);
	CHECK_INT(r2.http_code, 304);
	CHECK(r2.body == NULL);
	CHECK_INT(server_count(path), 2);
	nr_fetch_result_clear(&r2);
	/* An older date: modified since. */
	req.last_modified = "Sat, 01 Jan 2000 00:00:00 GMT";
	get(NULL, path, &req, &r2);
	CHECK_INT(r2.status, NR_FETCH_OK);
	CHECK_STR(r2.body, r1.body);
	nr_fetch_result_clear(&r1);
	nr_fetch_result_clear(&r2);
	free(path);
}

/* Files under --root: validators from the file, an empty body. */
static void
test_files(void)
{
	struct nr_fetch_result r1, r2;
	struct nr_fetch_req req = { 0 };
	char *file, *path;

	if (httpd_root == NULL) {
		return;
	}
	file = xasprintf("%s/empty-%s.xml", httpd_root, tag);
	t_spits(file, "");
	path = xasprintf("/files/empty-%s.xml", tag);
	get(NULL, path, NULL, &r1);
	CHECK_INT(r1.status, NR_FETCH_OK);
	CHECK_INT(r1.http_code, 200);
	CHECK_INT(r1.len, 0);
	CHECK_STR(r1.body, "");
	CHECK_STR(r1.content_type, "application/xml");
	CHECK(r1.etag != NULL);
	CHECK(r1.last_modified != NULL);
	req.etag = r1.etag;
	req.last_modified = r1.last_modified;
	get(NULL, path, &req, &r2);
	CHECK_INT(r2.status, NR_FETCH_NOT_MODIFIED);
	nr_fetch_result_clear(&r1);
	nr_fetch_result_clear(&r2);
	/* 204: a 2xx answer without a body is an empty body. */
	get(NULL, "/status/204", NULL, &r1);
	CHECK_INT(r1.status, NR_FETCH_OK);
	CHECK_INT(r1.len, 0);
	CHECK_STR(r1.body, "");
	nr_fetch_result_clear(&r1);
	unlink(file);
	free(file);
	free(path);
}

static void
test_gzip(void)
{
	struct nr_fetch_result plain, zipped, hdr;
	char *p1 = xasprintf("/feed?items=40&seed=23&t=%s", tag);
	char *p2 = xasprintf("/feed?items=40&seed=23&t=%s&gzip=1", tag);

	get(NULL, p1, NULL, &plain);
	get(NULL, p2, NULL, &zipped);
	CHECK_INT(plain.status, NR_FETCH_OK);
	CHECK_INT(zipped.status, NR_FETCH_OK);
	CHECK(plain.len > 4000);
	CHECK_INT(zipped.len, plain.len);
	CHECK(plain.body != NULL && zipped.body != NULL && memcmp(plain.body, zipped.body, plain.len) == 0);
	/* The request offered gzip (so the server did compress). */
	get(NULL, "/headers", NULL, &hdr);
	CHECK(contains(hdr.body, "\"Accept-Encoding\": \""));
	CHECK(contains(hdr.body, "gzip"));
	CHECK(contains(hdr.body, "\"User-Agent\": \"newsreader/" PACKAGE_VERSION "\""));
	nr_fetch_result_clear(&plain);
	nr_fetch_result_clear(&zipped);
	nr_fetch_result_clear(&hdr);
	free(p1);
	free(p2);
}

/* What goes out: the stored validators exactly, the user agent. */
static void
test_request_headers(void)
{
	struct nr_fetch_opts opts = { 0 };
	struct nr_fetch_req req = { 0 };
	struct nr_fetch_result r;

	req.etag = "W/\"abc-123\"";
	req.last_modified = "Tue, 02 Jan 2024 03:04:05 GMT";
	get(NULL, "/headers", &req, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK(contains(r.body, "\"If-None-Match\": \"W/\\\"abc-123\\\"\""));
	CHECK(contains(r.body, "\"If-Modified-Since\": \"Tue, 02 Jan 2024 03:04:05 GMT\""));
	CHECK_STR(r.content_type, "application/json");
	nr_fetch_result_clear(&r);
	/* A validator that would break the request is not sent. */
	req.etag = "\"x\"\r\nX-Injected: 1";
	req.last_modified = NULL;
	get(NULL, "/headers", &req, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK(!contains(r.body, "X-Injected"));
	CHECK(!contains(r.body, "If-None-Match"));
	nr_fetch_result_clear(&r);
	opts.user_agent = "fetcher-test/1";
	get(&opts, "/headers", NULL, &r);
	CHECK(contains(r.body, "\"User-Agent\": \"fetcher-test/1\""));
	nr_fetch_result_clear(&r);
	memset(&req, 0, sizeof req);
	req.user_agent = "per-feed/2";
	get(&opts, "/headers", &req, &r);
	CHECK(contains(r.body, "\"User-Agent\": \"per-feed/2\""));
	nr_fetch_result_clear(&r);
}

/* ---- redirects ---- */

static void
test_redirects(void)
{
	struct nr_fetch_result r;
	char *final = xasprintf("%s/feed?seed=24&etag=1", base);
	static const struct {
		const char *query;  /* after /redirect? */
		int permanent;
	} chains[] = {
		{ "n=3&code=301", 1 },
		{ "n=3&code=308", 1 },
		{ "n=1&code=301", 1 },
		{ "n=3&codes=301,302,301", 0 },
		{ "n=3&codes=301,301,307", 0 },
		{ "n=2&code=303", 0 },
		{ "n=10&code=301", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof chains / sizeof chains[0]; i++) {
		char *path = xasprintf("/redirect?%s&to=%%2Ffeed%%3Fseed%%3D24%%26etag%%3D1", chains[i].query);

		get(NULL, path, NULL, &r);
		CHECK_INT(r.status, NR_FETCH_OK);
		CHECK_INT(r.http_code, 200);
		CHECK(contains(r.body, "<title>Test feed 24</title>"));
		/* The headers of the last answer, not of a redirect. */
		CHECK_STR(r.content_type, "application/rss+xml");
		CHECK(r.etag != NULL);
		if (chains[i].permanent) {
			CHECK_STR(r.permanent_url, final);
		} else {
			CHECK(r.permanent_url == NULL);
		}
		if (r.status != NR_FETCH_OK || (r.permanent_url != NULL) != chains[i].permanent) {
			fprintf(stderr, "  chain %s: %s\n", chains[i].query, r.error ? r.error : "");
		}
		nr_fetch_result_clear(&r);
		free(path);
	}
	/* No redirect: no new URL. */
	get(NULL, "/feed?seed=24", NULL, &r);
	CHECK(r.permanent_url == NULL);
	nr_fetch_result_clear(&r);
	/* A 304 at the end of a permanent chain still reports it. */
	{
		struct nr_fetch_req req = { 0 };
		struct nr_fetch_result first;

		get(NULL, "/feed?seed=24&etag=1", NULL, &first);
		req.etag = first.etag;
		get(NULL, "/redirect?n=2&code=301&to=%2Ffeed%3Fseed%3D24%26etag%3D1", &req, &r);
		CHECK_INT(r.status, NR_FETCH_NOT_MODIFIED);
		CHECK_STR(r.permanent_url, final);
		nr_fetch_result_clear(&r);
		nr_fetch_result_clear(&first);
	}
	get(NULL, "/loop", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK(contains(r.error, "redirects"));
	CHECK(r.body == NULL);
	printf("loop: %s\n", r.error ? r.error : "(null)");
	nr_fetch_result_clear(&r);
	get(NULL, "/redirect?n=11&code=301", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK(contains(r.error, "Maximum (10) redirects followed"));
	CHECK(r.permanent_url == NULL);
	nr_fetch_result_clear(&r);
	/* Only http and https, also after a redirect. */
	get(NULL, "/redirect?n=1&to=file%3A%2F%2F%2Fetc%2Fpasswd", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK(r.body == NULL);
	printf("redirect to file: %s\n", r.error ? r.error : "(null)");
	nr_fetch_result_clear(&r);
	free(final);
}

/* ---- failures ---- */

static void
test_timeouts(void)
{
	struct nr_fetch_opts opts = { 0 };
	struct nr_fetch_result r;
	double t0;

	opts.timeout = 3;
	get(&opts, "/slow?delay=1", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK(contains(r.body, "Slow feed"));
	CHECK(r.seconds >= 0.9 && r.seconds < 2.5);
	nr_fetch_result_clear(&r);

	opts.timeout = 2;
	t0 = mono();
	get(&opts, "/stall", NULL, &r);
	t0 = mono() - t0;
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK_INT(r.http_code, 200);
	CHECK(r.body == NULL);
	CHECK(contains(r.error, "Timeout was reached: Operation timed out after 2"));
	CHECK(contains(r.error, "with 1234 out of 100000 bytes received"));
	CHECK(t0 >= 1.9 && t0 < 2.8);
	printf("stall (%.2f s): %s\n", t0, r.error ? r.error : "(null)");
	nr_fetch_result_clear(&r);
}

static void
test_refused(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct nr_fetch_result r;
	char *url;

	/* A port that is bound but not listening: nothing can answer there. */
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(s >= 0 && bind(s, (struct sockaddr *)&sa, sizeof sa) == 0);
	CHECK(getsockname(s, (struct sockaddr *)&sa, &len) == 0);
	url = xasprintf("http://127.0.0.1:%d/feed", ntohs(sa.sin_port));
	get(NULL, url, NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK_INT(r.http_code, 0);
	CHECK(contains(r.error, "Couldn't connect to server: Failed to connect to 127.0.0.1 port "));
	CHECK(contains(r.error, strerror(ECONNREFUSED)));
	CHECK(r.seconds < 2);
	printf("refused: %s\n", r.error ? r.error : "(null)");
	nr_fetch_result_clear(&r);
	/* Credentials in the URL never show in the message. */
	free(url);
	url = xasprintf("http://alice:hunter2secret@127.0.0.1:%d/feed", ntohs(sa.sin_port));
	get(NULL, url, NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK(r.error != NULL && !contains(r.error, "hunter2secret"));
	nr_fetch_result_clear(&r);
	free(url);
	close(s);
}

static void
test_http_errors(void)
{
	static const struct {
		const char *path;
		long code;
		const char *error;
	} cases[] = {
		{ "/status/404", 404, "HTTP 404 Not Found" },
		{ "/status/500", 500, "HTTP 500 Internal Server Error" },
		{ "/status/410", 410, "HTTP 410 Gone" },
		{ "/status/503", 503, "HTTP 503 Service Unavailable" },
		{ "/status/599", 599, "HTTP 599" },
		{ "/no-such-route", 404, "HTTP 404 Not Found" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct nr_fetch_result r;

		get(NULL, cases[i].path, NULL, &r);
		CHECK_INT(r.status, NR_FETCH_FAILED);
		CHECK_INT(r.http_code, cases[i].code);
		CHECK_STR(r.error, cases[i].error);
		CHECK(r.body == NULL);
		nr_fetch_result_clear(&r);
	}
}

static void
test_size_and_cuts(void)
{
	struct nr_fetch_opts opts = { 0 };
	struct nr_fetch_result r;

	opts.max_size = 1024L * 1024L;
	/* Declared length above the limit, and a chunked answer without one:
	 * both stop at the limit. */
	get(&opts, "/big?mb=3", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK_STR(r.error, "response larger than 1 MB");
	CHECK(r.body == NULL);
	nr_fetch_result_clear(&r);
	get(&opts, "/big?mb=3&chunked=1", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK_STR(r.error, "response larger than 1 MB");
	nr_fetch_result_clear(&r);
	/* Exactly at the limit is allowed. */
	get(&opts, "/big?mb=1&chunked=1", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK_INT(r.len, 1024L * 1024L);
	CHECK(contains(r.body, "</channel></rss>"));
	nr_fetch_result_clear(&r);
	/* Under the default limit (32 MB). */
	get(NULL, "/big?mb=2", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK_INT(r.len, 2L * 1024L * 1024L);
	nr_fetch_result_clear(&r);

	get(NULL, "/truncated", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK(r.error != NULL && strncmp(r.error, "the answer was cut off: ", 24) == 0);
	CHECK(r.body == NULL);
	printf("truncated: %s\n", r.error ? r.error : "(null)");
	nr_fetch_result_clear(&r);

	/* Not a feed is the parser's business: the fetcher gives the body. */
	get(NULL, "/html", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK(contains(r.content_type, "text/html"));
	CHECK(contains(r.body, "<html>"));
	nr_fetch_result_clear(&r);
	get(NULL, "/garbage", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK_INT(r.len, 4096);
	nr_fetch_result_clear(&r);
}

static void
test_auth(void)
{
	struct nr_fetch_req req = { 0 };
	struct nr_fetch_result r;
	char *url;

	req.username = "alice";
	req.password = "s3cret-Pw";
	get(NULL, "/auth?user=alice&pass=s3cret-Pw", &req, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK(contains(r.body, "Private feed"));
	nr_fetch_result_clear(&r);
	get(NULL, "/auth?user=alice&pass=s3cret-Pw", NULL, &r);
	CHECK_INT(r.status, NR_FETCH_FAILED);
	CHECK_INT(r.http_code, 401);
	CHECK_STR(r.error, "HTTP 401 Unauthorized");
	nr_fetch_result_clear(&r);
	req.password = "wrong-Pw-9";
	get(NULL, "/auth?user=alice&pass=s3cret-Pw", &req, &r);
	CHECK_STR(r.error, "HTTP 401 Unauthorized");
	nr_fetch_result_clear(&r);
	/* Through a permanent redirect on the same host: sent again, and the
	 * new URL does not carry them. */
	req.password = "s3cret-Pw";
	get(NULL, "/redirect?n=1&code=301&to=%2Fauth%3Fuser%3Dalice%26pass%3Ds3cret-Pw", &req, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK(contains(r.permanent_url, "/auth?user=alice"));
	CHECK(!contains(r.permanent_url, "@"));
	nr_fetch_result_clear(&r);
	/* Credentials in the URL. */
	url = xasprintf("http://alice:s3cret-Pw@%s/auth?user=alice&pass=s3cret-Pw", base + strlen("http://"));
	get(NULL, url, NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	nr_fetch_result_clear(&r);
	free(url);
	/* ... which the new URL keeps, as the user wrote them. */
	url = xasprintf("http://alice:s3cret-Pw@%s/redirect?n=1&code=308&to=%%2Fauth%%3Fuser%%3Dalice%%26pass%%3Ds3cret-Pw",
	    base + strlen("http://"));
	get(NULL, url, NULL, &r);
	CHECK_INT(r.status, NR_FETCH_OK);
	CHECK(contains(r.permanent_url, "http://alice:s3cret-Pw@127.0.0.1:"));
	nr_fetch_result_clear(&r);
	free(url);
}

static void
test_schemes(void)
{
	static const char *const urls[] = {
		"ftp://127.0.0.1/feed.xml", "file:///etc/passwd", "gopher://127.0.0.1/", "", "feed.xml",
	};
	struct nr_fetcher *f = nr_fetcher_new(NULL, NULL);
	struct nr_fetch_req req = { 0 };
	struct nr_fetch_result r;
	size_t i;
	double t0;

	for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		req.url = urls[i];
		req.ud = (void *)(uintptr_t)(i + 100);
		nr_fetch_add(f, &req);
		CHECK_INT(nr_fetch_pending(f), 1);
		CHECK_INT(nr_fetch_running(f), 0);
		/* The result is ready: the wait does not sleep over it. */
		t0 = mono();
		CHECK_INT(nr_fetch_poll(f, NULL, 0, 5000, NULL), 0);
		CHECK(mono() - t0 < 0.5);
		CHECK_INT(nr_fetch_next(f, &r), 1);
		CHECK(r.ud == (void *)(uintptr_t)(i + 100));
		CHECK_INT(r.status, NR_FETCH_FAILED);
		CHECK_STR(r.error, "unsupported URL scheme");
		CHECK_INT(r.http_code, 0);
		nr_fetch_result_clear(&r);
		CHECK_INT(nr_fetch_pending(f), 0);
		CHECK_INT(nr_fetch_next(f, &r), 0);
	}
	nr_fetcher_free(f);
}

/* ---- many at once, from the server's log ---- */

struct span {
	double start, end;
	int host;               /* 0: 127.0.0.1, 1: localhost (from the path) */
};

/* The intervals of the server's log lines whose path contains key. */
static size_t
read_spans(const char *key, struct span *out, size_t max)
{
	FILE *fp = fopen(httpd_log, "r");
	char line[1024];
	size_t n = 0;

	CHECK(fp != NULL);
	if (fp == NULL) {
		return 0;
	}
	while (fgets(line, sizeof line, fp) != NULL && n < max) {
		double s, e;
		char method[16], path[900];
		int status;

		if (sscanf(line, "%lf %lf %15s %899s %d", &s, &e, method, path, &status) != 5) {
			continue;
		}
		if (strstr(path, key) == NULL) {
			continue;
		}
		out[n].start = s;
		out[n].end = e;
		out[n].host = strstr(path, "host=b") != NULL;
		n++;
	}
	fclose(fp);
	return n;
}

/* As read_spans (at most cap), waiting a little for want lines: the server writes a
 * request's line after its answer has gone out, so the client can have
 * it first. */
static size_t
log_spans(const char *key, struct span *out, size_t cap, size_t want)
{
	double end = mono() + 3;
	size_t n;

	while ((n = read_spans(key, out, cap)) < want && mono() < end) {
		struct timespec ts = { 0, 20000000L };

		nanosleep(&ts, NULL);
	}
	return n;
}

/* The most intervals open at one instant (host < 0: all of them). */
static int
max_overlap(const struct span *sp, size_t n, int host)
{
	int best = 0;
	size_t i, j;

	/* The count is highest at some interval's start: count the intervals
	 * open there (an interval ending exactly then is closed). */
	for (i = 0; i < n; i++) {
		int open = 0;

		if (host >= 0 && sp[i].host != host) {
			continue;
		}
		for (j = 0; j < n; j++) {
			if ((host < 0 || sp[j].host == host) && sp[j].start <= sp[i].start && sp[j].end > sp[i].start) {
				open++;
			}
		}
		if (open > best) {
			best = open;
		}
	}
	return best;
}

/* 16 slow answers, 8 at a time: two rounds. */
static void
test_parallel(void)
{
	struct nr_fetch_opts opts = { 0 };
	struct nr_fetch_result res[16];
	struct span sp[32];
	struct nr_fetcher *f;
	size_t i, n, maxrun = 0;
	char key[64];
	double t0;
	int over;

	opts.max_connections = 8;
	opts.max_per_host = 8;
	f = nr_fetcher_new(&opts, NULL);
	snprintf(key, sizeof key, "par-%s", tag);
	memset(res, 0, sizeof res);
	t0 = mono();
	for (i = 0; i < 16; i++) {
		struct nr_fetch_req req = { 0 };
		char *path = xasprintf("/slow?delay=0.5&k=%s&i=%zu", key, i);

		req.url = url_of(path);
		req.ud = (void *)(uintptr_t)i;
		nr_fetch_add(f, &req);
		free((char *)req.url);
		free(path);
	}
	CHECK_INT(nr_fetch_pending(f), 16);
	CHECK_INT(nr_fetch_running(f), 8);
	drain(f, res, 16, 30, &maxrun);
	t0 = mono() - t0;
	nr_fetcher_free(f);
	for (i = 0; i < 16; i++) {
		CHECK_INT(res[i].status, NR_FETCH_OK);
		nr_fetch_result_clear(&res[i]);
	}
	CHECK_INT(maxrun, 8);
	n = log_spans(key, sp, 32, 16);
	CHECK_INT(n, 16);
	over = max_overlap(sp, n, -1);
	CHECK_INT(over, 8);
	/* About two rounds of 0.5 s, far from sixteen. */
	CHECK(t0 >= 0.95 && t0 < 2.5);
	printf("16 x 0.5 s, 8 at a time: %.2f s, at most %d at once in the server's log\n", t0, over);
}

/* Every one of res[0..n) answered, each said when not; all cleared. */
static void
all_ok(struct nr_fetch_result *res, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++) {
		CHECK_INT(res[i].status, NR_FETCH_OK);
		if (res[i].status != NR_FETCH_OK) {
			fprintf(stderr, "  %s %zu: %s\n", what, i, res[i].error ? res[i].error : "");
		}
		nr_fetch_result_clear(&res[i]);
	}
}

/* Two hosts (127.0.0.1 and localhost), 3 at a time to each, 8 in all. */
static void
test_per_host(void)
{
	struct nr_fetch_opts opts = { 0 };
	struct nr_fetch_result res[16];
	struct span sp[32];
	struct nr_fetcher *f;
	const char *port = strrchr(base, ':');
	size_t i, n;
	char key[64];
	int a, b, all;

	opts.max_connections = 8;
	opts.max_per_host = 3;
	f = nr_fetcher_new(&opts, NULL);
	snprintf(key, sizeof key, "ph-%s", tag);
	memset(res, 0, sizeof res);
	for (i = 0; i < 16; i++) {
		struct nr_fetch_req req = { 0 };
		char *url = i % 2 == 0 ? xasprintf("http://127.0.0.1%s/slow?delay=0.5&k=%s&host=a&i=%zu", port, key, i)
		    : xasprintf("http://localhost%s/slow?delay=0.5&k=%s&host=b&i=%zu", port, key, i);

		req.url = url;
		req.ud = (void *)(uintptr_t)i;
		nr_fetch_add(f, &req);
		free(url);
	}
	CHECK_INT(nr_fetch_running(f), 6);
	drain(f, res, 16, 30, NULL);
	nr_fetcher_free(f);
	all_ok(res, 16, "per-host");
	n = log_spans(key, sp, 32, 16);
	CHECK_INT(n, 16);
	a = max_overlap(sp, n, 0);
	b = max_overlap(sp, n, 1);
	all = max_overlap(sp, n, -1);
	CHECK_INT(a, 3);
	CHECK_INT(b, 3);
	CHECK_INT(all, 6);
	printf("two hosts, 3 each: at most %d + %d, %d at once\n", a, b, all);
}

/* A request's own at_once (a sync server's) lets more go to its host
 * than max_per_host, and no more; other hosts keep max_per_host: 8
 * requests to 127.0.0.1 at 4 at once, 6 to localhost at 2. */
static void
test_at_once(void)
{
	struct nr_fetch_opts opts = { 0 };
	struct nr_fetch_result res[14];
	struct span sp[32];
	struct nr_fetcher *f;
	const char *port = strrchr(base, ':');
	size_t i, n;
	char key[64];
	int a, b;

	opts.max_connections = 8;
	opts.max_per_host = 2;
	f = nr_fetcher_new(&opts, NULL);
	snprintf(key, sizeof key, "ao-%s", tag);
	memset(res, 0, sizeof res);
	for (i = 0; i < 14; i++) {
		struct nr_fetch_req req = { 0 };
		char *url = i < 8 ? xasprintf("http://127.0.0.1%s/slow?delay=0.5&k=%s&host=a&i=%zu", port, key, i)
		    : xasprintf("http://localhost%s/slow?delay=0.5&k=%s&host=b&i=%zu", port, key, i);

		req.url = url;
		req.at_once = i < 8 ? 4 : 0;
		req.ud = (void *)(uintptr_t)i;
		nr_fetch_add(f, &req);
		free(url);
	}
	CHECK_INT(nr_fetch_running(f), 6);
	drain(f, res, 14, 30, NULL);
	nr_fetcher_free(f);
	all_ok(res, 14, "at_once");
	n = log_spans(key, sp, 32, 14);
	CHECK_INT(n, 14);
	a = max_overlap(sp, n, 0);
	b = max_overlap(sp, n, 1);
	CHECK_INT(a, 4);
	CHECK_INT(b, 2);
	printf("at_once 4 to one host, max_per_host 2 to another: at most %d and %d at once\n", a, b);
}

/* Waiting for a free slot costs no time-out: 6 answers of 1 s, 2 at a time
 * to one host, a time-out of 2 s for each transfer (3 s in all); and 4 of
 * 1 s one at a time. */
static void
test_fair_timeouts(void)
{
	struct nr_fetch_opts opts = { 0 };
	struct nr_fetch_result res[6];
	struct span sp[16];
	struct nr_fetcher *f;
	size_t i, n;
	char key[64];
	double t0;
	int round;

	for (round = 0; round < 2; round++) {
		size_t count = round == 0 ? 6 : 4;

		memset(&opts, 0, sizeof opts);
		opts.timeout = 2;
		if (round == 0) {
			opts.max_per_host = 2;
		} else {
			opts.max_connections = 1;
		}
		f = nr_fetcher_new(&opts, NULL);
		snprintf(key, sizeof key, "fair%d-%s", round, tag);
		memset(res, 0, sizeof res);
		t0 = mono();
		for (i = 0; i < count; i++) {
			struct nr_fetch_req req = { 0 };
			char *path = xasprintf("/slow?delay=1&k=%s&i=%zu", key, i);

			req.url = url_of(path);
			req.ud = (void *)(uintptr_t)i;
			nr_fetch_add(f, &req);
			free((char *)req.url);
			free(path);
		}
		drain(f, res, count, 30, NULL);
		t0 = mono() - t0;
		nr_fetcher_free(f);
		for (i = 0; i < count; i++) {
			CHECK_INT(res[i].status, NR_FETCH_OK);
			if (res[i].status != NR_FETCH_OK) {
				fprintf(stderr, "  fair %d/%zu: %s\n", round, i, res[i].error ? res[i].error : "");
			}
			/* Each transfer's own time, from its start. */
			CHECK(res[i].seconds < 1.9);
			nr_fetch_result_clear(&res[i]);
		}
		n = log_spans(key, sp, 16, count);
		CHECK_INT(n, count);
		CHECK_INT(max_overlap(sp, n, -1), round == 0 ? 2 : 1);
		CHECK(t0 >= (round == 0 ? 2.9 : 3.9));
		printf("%zu x 1 s, %d at a time, time-out 2 s: all done in %.2f s\n", count, round == 0 ? 2 : 1, t0);
	}
}

/* ---- the wait ---- */

/* After ms milliseconds, a child writes to fd (if >= 0) or sends sig to
 * this process. */
static pid_t
later(int ms, int fd, int sig)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

		nanosleep(&ts, NULL);
		if (fd >= 0) {
			(void)!write(fd, "x", 1);
		} else {
			kill(parent, sig);
		}
		_exit(0);
	}
	return pid;
}

static void
test_poll_extra(void)
{
	struct nr_fetcher *f = nr_fetcher_new(NULL, NULL);
	struct nr_fetch_req req = { 0 };
	struct pollfd pfd[2];
	int fds[2], r;
	pid_t child;
	double t0;
	char *url = url_of("/slow?delay=3");

	CHECK(pipe(fds) == 0);
	/* Nothing queued: a plain wait on the descriptors. */
	pfd[0].fd = fds[0];
	pfd[0].events = POLLIN;
	t0 = mono();
	CHECK_INT(nr_fetch_poll(f, pfd, 1, 200, NULL), 0);
	t0 = mono() - t0;
	CHECK(t0 >= 0.19 && t0 < 1);
	CHECK_INT(pfd[0].revents, 0);
	CHECK_INT(nr_fetch_poll(f, NULL, 0, 0, NULL), 0);

	/* A transfer running and the descriptor becomes ready: the wait ends
	 * then, not when the transfer does. */
	req.url = url;
	nr_fetch_add(f, &req);
	child = later(300, fds[1], 0);
	t0 = mono();
	pfd[1].fd = fds[1];
	pfd[1].events = 0;
	do {
		r = nr_fetch_poll(f, pfd, 2, -1, NULL);
	} while (r == 0 && mono() - t0 < 5);
	t0 = mono() - t0;
	CHECK_INT(r, 1);
	CHECK(pfd[0].revents & POLLIN);
	CHECK_INT(pfd[1].revents, 0);
	CHECK(t0 >= 0.25 && t0 < 1.5);
	CHECK_INT(nr_fetch_running(f), 1);
	CHECK_INT(nr_fetch_pending(f), 1);
	waitpid(child, NULL, 0);
	/* Freed while the transfer runs: aborted, nothing leaks. */
	nr_fetcher_free(f);
	close(fds[0]);
	close(fds[1]);
	free(url);
}

static volatile sig_atomic_t got_usr1;

static void
on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

static void
test_poll_signal(void)
{
	struct nr_fetcher *f = nr_fetcher_new(NULL, NULL);
	struct nr_fetch_req req = { 0 };
	struct sigaction sa;
	sigset_t block, old, wait_mask;
	pid_t child;
	double t0;
	int r, e;
	char *url = url_of("/slow?delay=3");

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	wait_mask = old;
	sigdelset(&wait_mask, SIGUSR1);

	req.url = url;
	nr_fetch_add(f, &req);
	/* Blocked during the wait (the current mask): it stays pending. */
	child = later(100, -1, SIGUSR1);
	t0 = mono();
	while (mono() - t0 < 0.5) {
		r = nr_fetch_poll(f, NULL, 0, 100, NULL);
		CHECK_INT(r, 0);
	}
	waitpid(child, NULL, 0);
	CHECK_INT(got_usr1, 0);
	/* Unblocked in the wait: it arrives there, and the wait says so. */
	errno = 0;
	r = nr_fetch_poll(f, NULL, 0, 2000, &wait_mask);
	e = errno;
	CHECK_INT(r, -1);
	CHECK_INT(e, EINTR);
	CHECK_INT(got_usr1, 1);
	/* A signal that comes while waiting. */
	got_usr1 = 0;
	child = later(300, -1, SIGUSR1);
	t0 = mono();
	r = nr_fetch_poll(f, NULL, 0, -1, &wait_mask);
	e = errno;
	t0 = mono() - t0;
	CHECK_INT(r, -1);
	CHECK_INT(e, EINTR);
	CHECK_INT(got_usr1, 1);
	CHECK(t0 < 1.5);
	waitpid(child, NULL, 0);
	/* The transfer is still there and finishes. */
	CHECK_INT(nr_fetch_running(f), 1);
	{
		struct nr_fetch_result res;

		drain(f, &res, 1, 10, NULL);
		CHECK_INT(res.status, NR_FETCH_OK);
		nr_fetch_result_clear(&res);
	}
	nr_fetcher_free(f);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(url);
}

/* Queued and freed before they ran; results never taken. */
static void
test_free_pending(void)
{
	struct nr_fetch_opts opts = { 0 };
	struct nr_fetcher *f;
	struct nr_fetch_req req = { 0 };
	char *url = url_of("/slow?delay=1");
	int i;

	opts.max_connections = 1;
	f = nr_fetcher_new(&opts, NULL);
	req.url = url;
	req.password = "pw";
	req.username = "u";
	req.etag = "\"e\"";
	for (i = 0; i < 3; i++) {
		nr_fetch_add(f, &req);
	}
	req.url = "ftp://x/";
	nr_fetch_add(f, &req);
	CHECK_INT(nr_fetch_pending(f), 4);
	CHECK_INT(nr_fetch_running(f), 1);
	nr_fetch_poll(f, NULL, 0, 50, NULL);
	nr_fetcher_free(f);
	nr_fetcher_free(NULL);
	free(url);
}

/* libcurl is loaded by the first fetcher, not with the program: one that
 * cannot be loaded is a clear error, and the next fetcher, with it there,
 * works. */
static void
test_no_libcurl(void)
{
	struct nr_fetcher *f;
	struct nr_err err;

	setenv("NEWSREADER_LIBCURL", "/nonexistent/libcurl.so.4", 1);
	f = nr_fetcher_new(NULL, &err);
	CHECK(f == NULL);
	if (f == NULL) {
		CHECK(strstr(err.msg, "cannot set up libcurl") != NULL);
		CHECK(strstr(err.msg, "/nonexistent/libcurl.so.4") != NULL);
	}
	nr_fetcher_free(f);
	unsetenv("NEWSREADER_LIBCURL");
	f = nr_fetcher_new(NULL, &err);
	CHECK(f != NULL);
	nr_fetcher_free(f);
}

int
main(void)
{
	t_init();
	base = getenv("NR_TEST_HTTP");
	httpd_log = getenv("NR_TEST_HTTPD_LOG");
	httpd_root = getenv("NR_TEST_HTTPD_ROOT");
	if (base == NULL || *base == '\0' || httpd_log == NULL) {
		printf("NR_TEST_HTTP or NR_TEST_HTTPD_LOG not set (run through tests/net.sh): skipped\n");
		return 77;
	}
	snprintf(tag, sizeof tag, "%ld", (long)getpid());
	test_no_libcurl();
	test_etag();
	test_last_modified();
	test_quirks();
	test_files();
	test_gzip();
	test_request_headers();
	test_redirects();
	test_http_errors();
	test_size_and_cuts();
	test_auth();
	test_schemes();
	test_refused();
	test_timeouts();
	test_poll_extra();
	test_poll_signal();
	test_free_pending();
	test_parallel();
	test_per_host();
	test_at_once();
	test_fair_timeouts();
	return t_done();
}
