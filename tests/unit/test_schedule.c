/* The update schedule of the interface's controller (app/schedule.c) on a
 * clock of our own, with a real database in a temporary folder and no
 * network: a feed is queued when its reload interval has passed and not
 * before, the deadline the interface may wait is the nearest due feed or
 * the next allowed refresh of the list, and the list is read again at most
 * once a second while feeds are coming, less often when reading it takes
 * long, and at once when the update ends. Feeds that must finish soon
 * fail in their password_command (which leaves a line in a log each time
 * it runs, so the log counts the fetches; the commands run in the
 * background, and settle waits for them); feeds that must stay busy point
 * at a closed port and are never waited on. */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "app/clock.h"
#include "app/view.h"
#include "core/xmalloc.h"
#include "store/store.h"
#include "helpers.h"
#include "t.h"

#define T0 INT64_C(1800000000)

/* The clock: wall and mono as set by the test; each read of mono first
 * moves it on by step (so that reading the store takes step ms). */
struct fake_clock {
	int64_t wall;
	int64_t mono;
	int64_t step;
};

static int64_t
fake_wall(void *ud)
{
	return ((struct fake_clock *)ud)->wall;
}

static int64_t
fake_mono(void *ud)
{
	struct fake_clock *c = ud;

	c->mono += c->step;
	return c->mono;
}

struct fixture {
	char dir[4096];
	char *log;
	struct nr_config cfg;
	struct nr_store *store;
	struct nr_view *v;
	struct fake_clock clock;
	struct nr_clock nc;
	int64_t feed;
	int nitems;
};

/* A source of the configuration: a URL; with fail set its
 * password_command logs and fails, so the feed finishes as it is queued. */
static struct nr_source *
add_source(struct fixture *fx, const char *label, long reload, int fail)
{
	struct nr_source *s;

	fx->cfg.sources = xreallocarray(fx->cfg.sources, fx->cfg.nsources + 1, sizeof *fx->cfg.sources);
	s = &fx->cfg.sources[fx->cfg.nsources++];
	memset(s, 0, sizeof *s);
	s->label = xstrdup(label);
	/* Port 9 (discard) on the loopback: nothing is ever sent there,
	 * since the tests never wait on the network. */
	s->path = xasprintf("http://127.0.0.1:9/%s", label);
	s->is_url = 1;
	s->max_articles = -1;
	s->reload = reload;
	if (fail) {
		s->password_command = xasprintf("echo %s >> '%s'; exit 1", label, fx->log);
	}
	return s;
}

/* Let the password commands run to their end (they run in the
 * background, never holding up the interface), then a tick takes their
 * failed feeds. Only for cases whose feeds all finish in their command:
 * the wait drives the network too. */
static void
settle(struct fixture *fx)
{
	int i;

	for (i = 0; i < 100 && fx->v->updater != NULL && nr_updater_busy(fx->v->updater); i++) {
		nr_view_wait(fx->v, NULL, 0, 100, NULL);
	}
	CHECK(fx->v->updater == NULL || !nr_updater_busy(fx->v->updater));
	nr_view_tick(fx->v);
}

/* How many times source label was fetched (its password_command ran),
 * once the commands started have ended. */
static long
fetches(struct fixture *fx, const char *label)
{
	FILE *fp;
	char line[256];
	long n = 0;

	settle(fx);
	fp = fopen(fx->log, "r");

	if (fp == NULL) {
		return 0;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		n += strcmp(line, label) == 0;
	}
	fclose(fp);
	return n;
}

/* A new article in the store, as a feed of an update would bring: the
 * view is told, as nr_view_tick tells it of a finished feed. */
static void
news_arrives(struct fixture *fx)
{
	struct nr_update_feed f;
	struct nr_item item;
	struct nr_err err;
	enum nr_put_result res;

	fx->nitems++;
	nr_item_init(&item);
	item.id = xasprintf("n%d", fx->nitems);
	item.title = xasprintf("News %d", fx->nitems);
	item.published = 1000 + fx->nitems;
	CHECK_INT(nr_store_put_item(fx->store, fx->feed, &item, item.published, &res, &err), 0);
	nr_item_clear(&item);
	memset(&f, 0, sizeof f);
	f.outcome = NR_UPD_STORED;
	f.added = 1;
	nr_view_update_done(fx->v, &f);
}

static int
setup(struct fixture *fx)
{
	struct nr_feed feed;
	struct nr_err err;
	char *db;

	memset(fx, 0, sizeof *fx);
	/* A folder of its own in the scratch folder, for each case. */
	snprintf(fx->dir, sizeof fx->dir, "%s/schedule-XXXXXX", t_tmpdir());
	if (mkdtemp(fx->dir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	fx->log = xasprintf("%s/fetches.log", fx->dir);
	db = xasprintf("%s/schedule.db", fx->dir);
	fx->store = nr_store_open(db, NR_STORE_CREATE, &err);
	free(db);
	CHECK(fx->store != NULL);
	if (fx->store == NULL) {
		return -1;
	}
	nr_feed_init(&feed);
	feed.title = xstrdup("Local");
	feed.location = xstrdup("/local.rss");
	fx->feed = nr_store_put_feed(fx->store, &feed, &err);
	nr_feed_clear(&feed);
	nr_config_defaults(&fx->cfg);
	fx->clock.wall = T0;
	fx->clock.mono = 100000;
	fx->nc.wall = fake_wall;
	fx->nc.mono_ms = fake_mono;
	fx->nc.ud = &fx->clock;
	return 0;
}

/* The view on the store with the configuration's sources, on our clock,
 * with its updater. */
static int
start(struct fixture *fx)
{
	struct nr_err err;

	fx->v = nr_view_new(fx->store, &fx->cfg, &err);
	CHECK(fx->v != NULL);
	if (fx->v == NULL) {
		return -1;
	}
	nr_view_set_clock(fx->v, &fx->nc);
	CHECK_INT(nr_view_start_updates(fx->v, &err), 0);
	return 0;
}

static void
teardown(struct fixture *fx)
{
	nr_view_free(fx->v);
	nr_config_free(&fx->cfg);
	nr_store_close(fx->store);
	t_remove_tree(fx->dir);
	free(fx->log);
}

/* ---- the cases ---- */

static void
test_no_feeds(struct fixture *fx)
{
	struct nr_err err;
	struct pollfd pfd;

	fx->v = nr_view_new(fx->store, &fx->cfg, &err);
	CHECK(fx->v != NULL);
	if (fx->v == NULL) {
		return;
	}
	CHECK_INT(nr_view_start_updates(fx->v, &err), 0);
	CHECK(fx->v->updater == NULL);
	CHECK_INT(nr_view_deadline(fx->v), -1);
	/* The wait is on the interface's descriptors alone. */
	pfd.fd = -1;
	pfd.events = POLLIN;
	CHECK_INT(nr_view_wait(fx->v, &pfd, 1, 0, NULL), 0);
	nr_view_tick(fx->v);
	CHECK_STR(fx->v->progress, "");
}

static void
test_due_at_interval(struct fixture *fx)
{
	add_source(fx, "minute", 60, 1);
	if (start(fx) < 0) {
		return;
	}
	/* Never fetched: due at once, and fetched on the first tick. */
	CHECK_INT(nr_view_deadline(fx->v), 0);
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "minute"), 1);
	/* Not again before its interval. */
	CHECK_INT(nr_view_deadline(fx->v), 60 * 1000);
	fx->clock.wall = T0 + 59;
	CHECK_INT(nr_view_deadline(fx->v), 1000);
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "minute"), 1);
	/* At the second. */
	fx->clock.wall = T0 + 60;
	CHECK_INT(nr_view_deadline(fx->v), 0);
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "minute"), 2);
	CHECK_INT(nr_view_deadline(fx->v), 60 * 1000);
	/* Its failure is kept for the errors list and said once the
	 * round is over. */
	CHECK(strstr(fx->v->msg, "1 feed failed") != NULL);
}

static void
test_deadline_nearest(struct fixture *fx)
{
	add_source(fx, "minute", 60, 1);
	add_source(fx, "ten", 600, 1);
	add_source(fx, "never", 0, 1);
	if (start(fx) < 0) {
		return;
	}
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "minute"), 1);
	CHECK_INT(fetches(fx, "ten"), 1);
	/* reload = 0: never fetched on its own. */
	CHECK_INT(fetches(fx, "never"), 0);
	fx->clock.wall = T0 + 30;
	CHECK_INT(nr_view_deadline(fx->v), 30 * 1000);
	fx->clock.wall = T0 + 60;
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "minute"), 2);
	CHECK_INT(fetches(fx, "ten"), 1);
	CHECK_INT(nr_view_deadline(fx->v), 60 * 1000);
	fx->clock.wall = T0 + 590;
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "minute"), 3);
	/* The ten-minute feed is now nearer than the minute one. */
	CHECK_INT(nr_view_deadline(fx->v), 10 * 1000);
	fx->clock.wall = T0 + 600;
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "ten"), 2);
	CHECK_INT(fetches(fx, "never"), 0);
}

static void
test_general_reload(struct fixture *fx)
{
	fx->cfg.reload = 120;
	add_source(fx, "general", -1, 1);
	if (start(fx) < 0) {
		return;
	}
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "general"), 1);
	CHECK_INT(nr_view_deadline(fx->v), 120 * 1000);
	fx->clock.wall = T0 + 119;
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "general"), 1);
	fx->clock.wall = T0 + 120;
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "general"), 2);
}

static void
test_refresh_throttle(struct fixture *fx)
{
	size_t n;

	/* A feed that stays busy: the update is not over. */
	add_source(fx, "slow", 3600, 0);
	if (start(fx) < 0) {
		return;
	}
	nr_view_tick(fx->v);
	CHECK(nr_updater_busy(fx->v->updater));
	CHECK_STR(fx->v->progress, "fetching 0/1");
	n = fx->v->nshown;
	CHECK_INT(nr_view_deadline(fx->v), -1);
	/* The first news is read at once. */
	news_arrives(fx);
	CHECK_INT(nr_view_deadline(fx->v), 0);
	nr_view_tick(fx->v);
	CHECK_INT(fx->v->nshown, n + 1);
	/* The next no sooner than a second later. */
	news_arrives(fx);
	CHECK_INT(nr_view_deadline(fx->v), 1000);
	fx->clock.mono += 999;
	CHECK_INT(nr_view_deadline(fx->v), 1);
	nr_view_tick(fx->v);
	CHECK_INT(fx->v->nshown, n + 1);
	CHECK(fx->v->stale);
	fx->clock.mono += 1;
	CHECK_INT(nr_view_deadline(fx->v), 0);
	nr_view_tick(fx->v);
	CHECK_INT(fx->v->nshown, n + 2);
	CHECK(!fx->v->stale);
	CHECK_INT(nr_view_deadline(fx->v), -1);
}

static void
test_slow_refresh(struct fixture *fx)
{
	size_t n;

	add_source(fx, "slow", 3600, 0);
	if (start(fx) < 0) {
		return;
	}
	nr_view_tick(fx->v);
	n = fx->v->nshown;
	/* Reading the store takes 1.5 s (the tick reads the clock before
	 * and after it): the next waits four times that. */
	news_arrives(fx);
	fx->clock.step = 1500;
	nr_view_tick(fx->v);
	fx->clock.step = 0;
	CHECK_INT(fx->v->nshown, n + 1);
	news_arrives(fx);
	CHECK_INT(nr_view_deadline(fx->v), 6000);
	fx->clock.mono += 5999;
	nr_view_tick(fx->v);
	CHECK_INT(fx->v->nshown, n + 1);
	fx->clock.mono += 1;
	nr_view_tick(fx->v);
	CHECK_INT(fx->v->nshown, n + 2);
}

static void
test_refresh_when_done(struct fixture *fx)
{
	size_t n;

	/* Feeds that finish as they start: the update is over at once. */
	add_source(fx, "quick", 3600, 1);
	if (start(fx) < 0) {
		return;
	}
	nr_view_tick(fx->v);
	settle(fx);
	CHECK(!nr_updater_busy(fx->v->updater));
	CHECK_STR(fx->v->progress, "");
	n = fx->v->nshown;
	news_arrives(fx);
	nr_view_tick(fx->v);
	CHECK_INT(fx->v->nshown, n + 1);
	/* Within the second, but nothing is coming any more: at once. */
	news_arrives(fx);
	CHECK_INT(nr_view_deadline(fx->v), 0);
	nr_view_tick(fx->v);
	CHECK_INT(fx->v->nshown, n + 2);
}

static void
test_reload_all_queues(struct fixture *fx)
{
	add_source(fx, "hourly", 3600, 1);
	if (start(fx) < 0) {
		return;
	}
	nr_view_tick(fx->v);
	CHECK_INT(fetches(fx, "hourly"), 1);
	/* R fetches every feed on the web, due or not. */
	nr_view_do(fx->v, NR_ACT_RELOAD_ALL);
	CHECK_INT(fetches(fx, "hourly"), 2);
	/* And the interval counts from then. */
	fx->clock.wall = T0 + 10;
	nr_view_tick(fx->v);
	CHECK_INT(nr_view_deadline(fx->v), 3590 * 1000);
}

static const struct {
	const char *name;
	void (*fn)(struct fixture *fx);
} cases[] = {
	{ "no feeds on the web: no updater, no deadline", test_no_feeds },
	{ "a feed is fetched when its interval has passed, not before", test_due_at_interval },
	{ "the deadline is the nearest feed due", test_deadline_nearest },
	{ "[general] reload for sources without their own", test_general_reload },
	{ "the list is read at most once a second while feeds come", test_refresh_throttle },
	{ "a slow read of the list spaces the next out", test_slow_refresh },
	{ "the list is read at once when the update is over", test_refresh_when_done },
	{ "reload-all fetches every feed and restarts its interval", test_reload_all_queues },
};

int
main(void)
{
	size_t i;

	t_init();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fixture fx;
		int before = t_failures;

		if (setup(&fx) == 0) {
			cases[i].fn(&fx);
		}
		teardown(&fx);
		printf("%s: %s\n", t_failures == before ? "ok" : "FAILED", cases[i].name);
	}
	return t_done();
}
