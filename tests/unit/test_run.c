/* The runs that read sources (app/run.h), without a process: a folder of
 * two feed files in a scratch folder with a real database. --dump PATH
 * converts without writing the database; the printed list is written when
 * not in a terminal; in a terminal the run reads the files into the
 * database, then hands it to the interface; --update says a failed source
 * in its status; no source at all for --update is nothing to do. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/dump.h"
#include "app/run.h"
#include "core/xmalloc.h"
#include "helpers.h"
#include "store/store.h"
#include "t.h"

static const char feed_one[] =
    "<rss version=\"2.0\"><channel><title>One</title>"
    "<item><title>First story</title><guid>one-1</guid><pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate></item>"
    "</channel></rss>";
static const char feed_two[] =
    "<rss version=\"2.0\"><channel><title>Two</title>"
    "<item><title>Second story</title><guid>two-1</guid><pubDate>Tue, 03 Jan 2023 10:00:00 GMT</pubDate></item>"
    "</channel></rss>";

struct seen {
	int problems;
	int interfaces;
	long articles;          /* in the database the interface was given */
};

static void
problem(void *ud, const char *location, const struct nr_err *err, int warning)
{
	struct seen *s = ud;

	(void)location;
	(void)err;
	(void)warning;
	s->problems++;
}

static int
count_row(void *ud, const struct nr_store_row *row)
{
	(void)row;
	(*(long *)ud)++;
	return 0;
}

static int
interface(void *ud, struct nr_store *store, const struct nr_config *cfg)
{
	struct seen *s = ud;
	struct nr_err err;

	(void)cfg;
	s->interfaces++;
	CHECK_INT(nr_store_list(store, 0, 0, count_row, &s->articles, &err), 0);
	return 7;
}

/* A run of mode over args, its output in *out (a new string). */
static int
run(enum nr_run_mode mode, char **args, size_t nargs, const char *db, int interactive, struct seen *s,
    char **out, struct nr_run *r)
{
	static struct nr_config cfg;
	struct nr_dump_fields fields;
	struct nr_err err;
	size_t len;
	FILE *fp = open_memstream(out, &len);
	int rc;

	nr_config_defaults(&cfg);
	nr_dump_default_fields(&fields, 0);
	memset(r, 0, sizeof *r);
	memset(s, 0, sizeof *s);
	r->mode = mode;
	r->args = args;
	r->nargs = nargs;
	r->db = db;
	r->cfg = &cfg;
	r->fields = &fields;
	r->interactive = interactive;
	r->cols = 60;
	r->out = fp;
	r->problem = problem;
	r->interface = interface;
	r->ud = s;
	rc = nr_run_sources(r, &err);
	fclose(fp);
	nr_config_free(&cfg);
	return rc;
}

static void
test_runs(void)
{
	char *dir = t_path("feeds"), *one, *two, *db = t_path("run.db"), *missing = t_path("missing.rss");
	char *args[] = { dir }, *bad[] = { missing }, *out;
	struct nr_run r;
	struct seen s;

	CHECK_INT(mkdir(dir, 0700), 0);
	one = xasprintf("%s/one.rss", dir);
	two = xasprintf("%s/two.rss", dir);
	t_spits(one, feed_one);
	t_spits(two, feed_two);

	/* --dump PATH: both articles, newest first; no database made. */
	CHECK_INT(run(NR_RUN_DUMP, args, 1, db, 0, &s, &out, &r), NR_RUN_OK);
	CHECK(strstr(out, "Second story") != NULL && strstr(out, "First story") > strstr(out, "Second story"));
	CHECK(access(db, F_OK) != 0);
	free(out);

	/* The printed list, not in a terminal: written, counted; the
	 * database now holds the articles. */
	CHECK_INT(run(NR_RUN_LIST, args, 1, db, 0, &s, &out, &r), NR_RUN_OK);
	CHECK_INT(r.printed, 2);
	CHECK(strstr(out, "First story") != NULL);
	CHECK_INT(s.interfaces, 0);
	free(out);

	/* In a terminal: nothing printed; the interface gets the database
	 * and its status is the run's. */
	CHECK_INT(run(NR_RUN_LIST, args, 1, db, 1, &s, &out, &r), NR_RUN_OK);
	CHECK_STR(out, "");
	CHECK_INT(s.interfaces, 1);
	CHECK_INT(s.articles, 2);
	CHECK_INT(r.status, 7);
	free(out);

	/* --update of a file that is not there: reported, and the run
	 * failed; a terminal does not make --update open the interface. */
	CHECK_INT(run(NR_RUN_UPDATE, bad, 1, db, 1, &s, &out, &r), NR_RUN_NOTHING);
	CHECK(s.problems >= 1);
	CHECK_INT(s.interfaces, 0);
	free(out);

	/* --update with nothing configured or given: nothing to do. */
	CHECK_INT(run(NR_RUN_UPDATE, NULL, 0, db, 0, &s, &out, &r), NR_RUN_NO_SOURCES);
	free(out);

	/* A database that cannot be opened: -1 naming it (the interface
	 * opens it); the printed list of files given does not open it. */
	{
		char *notdb = t_put("junk.db", "not a database, only text\n");
		char *after;

		CHECK_INT(run(NR_RUN_LIST, args, 1, notdb, 1, &s, &out, &r), -1);
		free(out);
		CHECK_INT(run(NR_RUN_LIST, args, 1, notdb, 0, &s, &out, &r), NR_RUN_OK);
		free(out);
		after = t_slurp(notdb, NULL);
		CHECK(after != NULL && strcmp(after, "not a database, only text\n") == 0);
		free(after);
		free(notdb);
	}
	free(one);
	free(two);
	free(dir);
	free(db);
	free(missing);
}

int
main(void)
{
	t_init();
	test_runs();
	return t_done();
}
