/* Handing articles to other programs, with real processes: the browser
 * command split into words (a table), a fake browser that records its
 * argv run with hostile URLs (nothing they hold may act as shell syntax),
 * the scheme check, background runs and reaping, exec failures, piping
 * to a shell command, and saving files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/open.h"
#include "helpers.h"
#include "t.h"

#define MAXW 16

static char tmp[4096];  /* the scratch folder, also the cwd while testing */
static char origin[4096];  /* the cwd the test was started in */

/* ---- helpers ---- */

static void
nap(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Poll (up to 20 s, for slow sanitizer builds) until path exists. */
static int
wait_file(const char *path)
{
	int i;

	for (i = 0; i < 400; i++) {
		if (exists(path)) {
			return 1;
		}
		nap();
	}
	return 0;
}

static void
path_in(char *out, size_t size, const char *dir, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

/* No PWNED file was made, here or where the test was started. */
static void
check_not_pwned(const char *what)
{
	char p[4200];
	int bad;

	path_in(p, sizeof p, tmp, "PWNED");
	bad = exists(p);
	path_in(p, sizeof p, origin, "PWNED");
	bad |= exists(p);
	if (bad) {
		fprintf(stderr, "PWNED after %s\n", what);
	}
	CHECK(!bad);
}

/* ---- nr_open_argv ---- */

static const struct {
	const char *command;
	const char *url;
	const char *want[MAXW];  /* all NULL: an error */
} argv_cases[] = {
	{ "firefox", "http://a/", { "firefox", "http://a/" } },
	{ "firefox --new-tab %u", "http://a/", { "firefox", "--new-tab", "http://a/" } },
	{ "  lynx \t -dump  ", "http://a/", { "lynx", "-dump", "http://a/" } },
	{ "%u", "http://a/", { "http://a/" } },
	{ "b --url=%u --x", "http://a/", { "b", "--url=http://a/", "--x" } },
	{ "b %u%u", "http://a/", { "b", "http://a/http://a/" } },
	{ "b %u %u", "http://a/", { "b", "http://a/", "http://a/" } },
	/* %% is one %, any other % stays, %%u is no %u. */
	{ "b 100%% %u", "http://a/", { "b", "100%", "http://a/" } },
	{ "b %%u", "http://a/", { "b", "%u", "http://a/" } },
	{ "b %d % x%", "http://a/", { "b", "%d", "%", "x%", "http://a/" } },
	/* % in the URL is not read as a directive. */
	{ "b %u", "http://a/%u%%", { "b", "http://a/%u%%" } },
	/* Quotes. */
	{ "a 'b c' d", "u:", { "a", "b c", "d", "u:" } },
	{ "a \"b c\" d", "u:", { "a", "b c", "d", "u:" } },
	{ "a'b'c x\"y\"z", "u:", { "abc", "xyz", "u:" } },
	{ "'it''s'", "u:", { "its", "u:" } },
	{ "a '' \"\" b", "u:", { "a", "", "", "b", "u:" } },
	{ "'a\"b' \"a'b\"", "u:", { "a\"b", "a'b", "u:" } },
	{ "'a\\b' 'a\\'", "u:", { "a\\b", "a\\", "u:" } },
	{ "'%u' \"%u\"", "u:", { "u:", "u:" } },
	{ "sh -c 'echo %u'", "u:x", { "sh", "-c", "echo u:x" } },
	/* Backslashes: outside quotes the next character; inside "...",
	 * only \ " $ ` and newline, else the backslash stays (as in sh). */
	{ "a\\ b c", "u:", { "a b", "c", "u:" } },
	{ "\\'a\\\"", "u:", { "'a\"", "u:" } },
	{ "a\\\\b", "u:", { "a\\b", "u:" } },
	{ "\"a\\\"b\" \"a\\\\b\" \"a\\$b\" \"a\\`b\"", "u:", { "a\"b", "a\\b", "a$b", "a`b", "u:" } },
	{ "\"a\\b\" \"a\\nb\"", "u:", { "a\\b", "a\\nb", "u:" } },
	{ "a\\", "u:", { "a\\", "u:" } },
	{ "a\\\nb", "u:", { "ab", "u:" } },
	{ "\"a\\\nb\"", "u:", { "ab", "u:" } },
	{ "a \\\n b", "u:", { "a", "b", "u:" } },
	{ "a\tb\nc", "u:", { "a", "b", "c", "u:" } },
	/* Nothing is expanded. */
	{ "x $HOME $(id) `id` * ~ ~/y ${X:-z} a;b c|d e&f", "u:",
	    { "x", "$HOME", "$(id)", "`id`", "*", "~", "~/y", "${X:-z}", "a;b", "c|d", "e&f", "u:" } },
	/* Errors. */
	{ "", "u:", { NULL } },
	{ " \t\n ", "u:", { NULL } },
	{ "\\\n", "u:", { NULL } },
	{ "a 'b", "u:", { NULL } },
	{ "a \"b", "u:", { NULL } },
	{ "a \"b'", "u:", { NULL } },
	{ "a \"b\\\"", "u:", { NULL } },
};

static void
test_argv(void)
{
	struct nr_err err;
	size_t i, j;

	for (i = 0; i < sizeof argv_cases / sizeof argv_cases[0]; i++) {
		char **argv;
		int ok = 1;

		nr_err_clear(&err);
		argv = nr_open_argv(argv_cases[i].command, argv_cases[i].url, &err);
		if (argv_cases[i].want[0] == NULL) {
			CHECK(argv == NULL);
			CHECK(err.msg[0] != '\0');
			if (argv != NULL) {
				fprintf(stderr, "  case %zu: [%s] was not refused\n", i, argv_cases[i].command);
			}
			nr_argv_free(argv);
			continue;
		}
		CHECK(argv != NULL);
		if (argv == NULL) {
			fprintf(stderr, "  case %zu: [%s]: %s\n", i, argv_cases[i].command, err.msg);
			continue;
		}
		for (j = 0; j < MAXW && argv_cases[i].want[j] != NULL; j++) {
			if (argv[j] == NULL || strcmp(argv[j], argv_cases[i].want[j]) != 0) {
				ok = 0;
				break;
			}
		}
		if (ok && argv[j] != NULL) {
			ok = 0;
		}
		CHECK(ok);
		if (!ok) {
			fprintf(stderr, "  case %zu: [%s] gave", i, argv_cases[i].command);
			for (j = 0; argv[j] != NULL; j++) {
				fprintf(stderr, " [%s]", argv[j]);
			}
			fprintf(stderr, "\n");
		}
		nr_argv_free(argv);
	}
	CHECK(nr_open_argv(NULL, "u:", &err) == NULL);
	/* A NULL err is allowed. */
	CHECK(nr_open_argv("'", "u:", NULL) == NULL);
}

/* ---- nr_open_allowed ---- */

static const struct {
	const char *url;
	int want;
} allowed_cases[] = {
	{ "http://example.org/", 1 },
	{ "https://example.org/a?b=c#d", 1 },
	{ "HTTP://EXAMPLE.ORG/", 1 },
	{ "HtTpS://x", 1 },
	{ "ftp://ftp.example.org/pub", 1 },
	{ "gopher://gopher.example.org/", 1 },
	{ "mailto:someone@example.org", 1 },
	{ "MAILTO:someone@example.org", 1 },
	{ "https://example.org/Приве́т/東京", 1 },
	{ "https://example.org/a b", 1 },
	{ "https://x/$(touch PWNED)", 1 },
	{ "javascript:alert(1)", 0 },
	{ "JavaScript:alert(1)", 0 },
	{ "file:///etc/passwd", 0 },
	{ "data:text/html,<script>", 0 },
	{ "vbscript:x", 0 },
	{ "ssh://host", 0 },
	{ "httpx://host", 0 },
	{ "http", 0 },
	{ "http//x", 0 },
	{ "//example.org/", 0 },
	{ "/etc/passwd", 0 },
	{ "example.org", 0 },
	{ "-http://x", 0 },
	{ " http://x", 0 },
	{ ":http://x", 0 },
	{ "", 0 },
	{ NULL, 0 },
	/* Control characters anywhere. */
	{ "http://x/a\nb", 0 },
	{ "http://x/a\rb", 0 },
	{ "http://x/a\tb", 0 },
	{ "http://x/\033]0;owned\007", 0 },
	{ "http://x/\033[2J", 0 },
	{ "http://x/a\177", 0 },
	{ "http://x/\xc2\x9b" "2J", 0 },  /* C1 CSI in UTF-8 */
	{ "http://x/\xc2\x85", 0 },  /* NEL */
	{ "http://x/\x9b" "2J", 0 },  /* a raw C1 byte */
	{ "http://x/\xc2\xa0", 1 },  /* no-break space is no control */
};

static void
test_allowed(void)
{
	size_t i;

	for (i = 0; i < sizeof allowed_cases / sizeof allowed_cases[0]; i++) {
		int got = nr_open_allowed(allowed_cases[i].url);

		if (got != allowed_cases[i].want) {
			fprintf(stderr, "  allowed case %zu: [%s]\n", i,
			    allowed_cases[i].url ? allowed_cases[i].url : "(null)");
		}
		CHECK_INT(got, allowed_cases[i].want);
	}
}

/* ---- nr_open_browser ---- */

static void
test_browser(void)
{
	unsetenv("BROWSER");
	CHECK_STR(nr_open_browser(NULL), "xdg-open");
	CHECK_STR(nr_open_browser(""), "xdg-open");
	CHECK_STR(nr_open_browser("lynx -nocolor"), "lynx -nocolor");
	setenv("BROWSER", "w3m", 1);
	CHECK_STR(nr_open_browser(NULL), "w3m");
	CHECK_STR(nr_open_browser("links"), "links");
	setenv("BROWSER", "firefox --new-tab:lynx:w3m", 1);
	CHECK_STR(nr_open_browser(NULL), "firefox --new-tab");
	setenv("BROWSER", "::lynx::w3m", 1);
	CHECK_STR(nr_open_browser(""), "lynx");
	setenv("BROWSER", ":::", 1);
	CHECK_STR(nr_open_browser(NULL), "xdg-open");
	setenv("BROWSER", "", 1);
	CHECK_STR(nr_open_browser(NULL), "xdg-open");
	unsetenv("BROWSER");
}

/* ---- the fake browser, with hostile URLs ---- */

static const char *const hostile[] = {
	"http://x/$(touch PWNED)",
	"http://x/`touch PWNED`",
	"http://x/a;touch PWNED",
	"http://x/a|touch PWNED",
	"http://x/a&touch PWNED&",
	"http://x/a'b\"c",
	"http://x/a'; touch PWNED; '",
	"http://x/a\"; touch PWNED; \"",
	"http://x/a&b",
	"http://x/a b",
	"http://x/a  b\t c",
	"http://x/a\nb",  /* refused by nr_open_allowed, but verbatim here */
	"http://x/a\ntouch PWNED",
	"http://x/>PWNED",
	"http://x/*",
	"http://x/~",
	"http://x/${IFS}touch${IFS}PWNED",
	"http://x/%u%%",
	"http://x/\\$(touch PWNED)\\",
	"-http://x/--flag",
	"",
};

/* The NUL-separated words the fake browser wrote equal want[], exactly. */
static int
recorded(const char *out, const char *const want[], size_t nwant)
{
	size_t n, off = 0, i;
	char *data = t_slurp(out, &n);
	int ok = data != NULL;

	for (i = 0; ok && i < nwant; i++) {
		size_t wl = strlen(want[i]);

		if (off + wl + 1 > n || memcmp(data + off, want[i], wl) != 0 || data[off + wl] != '\0') {
			ok = 0;
		}
		off += wl + 1;
	}
	if (ok && off != n) {
		ok = 0;
	}
	if (!ok) {
		fprintf(stderr, "  recorded argv differs: %zu bytes: ", data ? n : 0);
		for (i = 0; data != NULL && i < n; i++) {
			fputc(data[i] == '\0' ? '|' : data[i], stderr);
		}
		fputc('\n', stderr);
	}
	free(data);
	return ok;
}

static void
test_fake_browser(void)
{
	char script[4200], out[4200], command[9000], word[600];
	struct nr_err err;
	size_t i;

	path_in(script, sizeof script, tmp, "fake browser");
	path_in(out, sizeof out, tmp, "argv.out");
	t_spit_mode(script, "#!/bin/sh\nprintf '%s\\0' \"$@\" > \"$OUT\"\n", 0755);
	setenv("OUT", out, 1);
	/* The script's path has a blank in it, so it must be quoted. */
	snprintf(command, sizeof command, "'%s' \"two words\" --new-tab=%%u", script);

	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		const char *want[3];
		char url[512], **argv;
		int r;

		snprintf(url, sizeof url, "%s", hostile[i]);
		unlink(out);
		nr_err_clear(&err);
		argv = nr_open_argv(command, url, &err);
		CHECK(argv != NULL);
		if (argv == NULL) {
			continue;
		}
		r = nr_open_run(argv, 0, &err);
		CHECK_INT(r, 0);
		if (r != 0) {
			fprintf(stderr, "  %s\n", err.msg);
		}
		nr_argv_free(argv);
		want[0] = "two words";
		/* Built here, not by the code under test. */
		snprintf(word, sizeof word, "--new-tab=%s", hostile[i]);
		want[1] = word;
		if (!recorded(out, want, 2)) {
			fprintf(stderr, "  with the URL [%s]\n", hostile[i]);
			CHECK(0);
		}
		check_not_pwned(hostile[i]);
	}

	/* Without %u the URL is the last word, alone. */
	snprintf(command, sizeof command, "'%s' -a \"$(touch PWNED)\"", script);
	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		const char *want[3] = { "-a", "$(touch PWNED)", hostile[i] };
		char **argv;

		unlink(out);
		argv = nr_open_argv(command, hostile[i], &err);
		CHECK(argv != NULL);
		if (argv == NULL) {
			continue;
		}
		CHECK_INT(nr_open_run(argv, 0, &err), 0);
		nr_argv_free(argv);
		if (!recorded(out, want, 3)) {
			fprintf(stderr, "  with the URL [%s]\n", hostile[i]);
			CHECK(0);
		}
		check_not_pwned(hostile[i]);
	}

	/* The control: the same URL through a shell does run the command, so
	 * the checks above would see it if the URL had met one. */
	{
		char p[4200];
		struct nr_err e2;

		path_in(p, sizeof p, tmp, "PWNED");
		CHECK_INT(nr_pipe_run("true http://x/$(touch PWNED)", "", 0, &e2), 0);
		CHECK(exists(p));
		unlink(p);
	}
	unsetenv("OUT");
}

/* ---- foreground details: the terminal, exit status, signals, failures ---- */

static void
test_foreground(void)
{
	char script[4200], out[4200], self[4200], child[4200];
	char sh[] = "sh", c[] = "-c", e3[] = "exit 3", kill[] = "kill -TERM $$";
	char nosuch[] = "nr-no-such-program-q7", url[] = "http://x/";
	char *fdargv[] = { script, NULL };
	char *exit3[] = { sh, c, e3, NULL };
	char *killed[] = { sh, c, kill, NULL };
	char *missing[] = { nosuch, url, NULL };
	char *noexec[] = { script, NULL };
	char want[4400];
	struct nr_err err;
	struct sigaction before, after;
	ssize_t n;
	size_t len;
	char *data;

	/* The foreground child has our stdin, stdout and stderr. */
	path_in(script, sizeof script, tmp, "fds");
	path_in(out, sizeof out, tmp, "fds.out");
	/* Read in a command substitution: $$ is the script's shell, whose
	 * own descriptors no redirection has touched. */
	t_spit_mode(script, "#!/bin/sh\nx=$(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2)\n"
	    "printf '%s\\n' \"$x\" > \"$OUT\"\n", 0755);
	setenv("OUT", out, 1);
	if (access("/proc/self/fd/1", F_OK) == 0) {
		CHECK_INT(nr_open_run(fdargv, 0, &err), 0);
		self[0] = '\0';
		for (int fd = 0; fd <= 2; fd++) {
			char link[64];

			snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
			n = readlink(link, child, sizeof child - 1);
			child[n > 0 ? n : 0] = '\0';
			strcat(self, child);
			strcat(self, "\n");
		}
		data = t_slurp(out, &len);
		CHECK_STR(data, self);
		free(data);
	}
	unsetenv("OUT");

	/* Exit status, and SIGINT / SIGQUIT as they were afterwards. */
	sigaction(SIGINT, NULL, &before);
	CHECK_INT(nr_open_run(exit3, 0, &err), 3);
	sigaction(SIGINT, NULL, &after);
	CHECK(before.sa_handler == after.sa_handler);

	nr_err_clear(&err);
	CHECK_INT(nr_open_run(killed, 0, &err), -1);
	CHECK(strstr(err.msg, strsignal(SIGTERM)) != NULL);
	CHECK(strstr(err.msg, "sh") != NULL);

	/* execvp's failure comes back as a message, in both modes. */
	snprintf(want, sizeof want, "nr-no-such-program-q7: %s", strerror(ENOENT));
	nr_err_clear(&err);
	CHECK_INT(nr_open_run(missing, 0, &err), -1);
	CHECK_STR(err.msg, want);
	nr_err_clear(&err);
	CHECK_INT(nr_open_run(missing, 1, &err), -1);
	CHECK_STR(err.msg, want);

	/* A file that is not executable. */
	path_in(script, sizeof script, tmp, "not-executable");
	t_spit_mode(script, "#!/bin/sh\nexit 0\n", 0644);
	snprintf(want, sizeof want, "%s: %s", script, strerror(EACCES));
	nr_err_clear(&err);
	CHECK_INT(nr_open_run(noexec, 0, &err), -1);
	CHECK_STR(err.msg, want);

	/* A command of the right shape, with nothing to run. */
	{
		char *empty[] = { NULL };

		CHECK_INT(nr_open_run(empty, 0, &err), -1);
	}
}

/* ---- background: not waited for, its own session, reaped later ---- */

static int
zombie(pid_t pid)
{
	char path[64], buf[512], *p;
	size_t n;
	char *data;
	int z = 0;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	data = t_slurp(path, &n);
	if (data == NULL) {
		return 0;
	}
	snprintf(buf, sizeof buf, "%s", data);
	p = strrchr(buf, ')');
	z = p != NULL && p[1] == ' ' && p[2] == 'Z';
	free(data);
	return z;
}

static void
test_background(void)
{
	char script[4200], out[4200], go[4200], info[4200];
	char bg[] = "--bg", url[] = "http://x/a;touch PWNED";
	char *argv[] = { script, bg, url, NULL };
	const char *want[] = { "--bg", "http://x/a;touch PWNED" };
	struct nr_err err;
	size_t n;
	char *data;
	long pid = 0, sid = 0;
	int i, gone = 0;
	pid_t other;
	int status;

	path_in(script, sizeof script, tmp, "bg");
	path_in(out, sizeof out, tmp, "bg.out");
	path_in(go, sizeof go, tmp, "bg.go");
	path_in(info, sizeof info, tmp, "bg.info");
	/* It waits for the test to say go (at most 20 s), so an open that
	 * waited for it would be seen: the file would be there at once. */
	/* Its argv first, then its pid, session and fds, then it exits. */
	t_spit_mode(script,
	    "#!/bin/sh\n"
	    "i=0\n"
	    "while [ ! -e \"$GO\" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done\n"
	    "printf '%s\\0' \"$@\" > \"$OUT\"\n"
	    "fds=$(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2)\n"
	    "{ echo $$; set -- $(cat /proc/$$/stat 2>/dev/null); echo \"${6:-0}\"; "
	    "printf '%s\\n' \"$fds\"; } > \"$INFO.tmp\"\n"
	    "mv \"$INFO.tmp\" \"$INFO\"\n",
	    0755);
	setenv("OUT", out, 1);
	setenv("GO", go, 1);
	setenv("INFO", info, 1);

	CHECK_INT(nr_open_run(argv, 1, &err), 0);
	CHECK(!exists(out));
	t_spit_mode(go, "", 0644);
	CHECK(wait_file(info));
	CHECK(recorded(out, want, 2));
	check_not_pwned("the background run");
	data = t_slurp(info, &n);
	CHECK(data != NULL);
	if (data != NULL) {
		CHECK(sscanf(data, "%ld %ld", &pid, &sid) == 2);
		if (sid != 0) {
			/* Its own session: it leads it. */
			CHECK_INT(sid, pid);
			CHECK(strstr(data, "/dev/null\n/dev/null\n/dev/null\n") != NULL);
		}
		free(data);
	}

	/* Someone else's child that has ended is not taken by the reaper. */
	other = fork();
	if (other == 0) {
		_exit(7);
	}
	for (i = 0; i < 400 && !zombie(other); i++) {
		nap();
	}

	/* The background child ends after writing; it is reaped. */
	for (i = 0; pid > 0 && i < 400; i++) {
		nr_open_reap();
		if (kill((pid_t)pid, 0) < 0 && errno == ESRCH) {
			gone = 1;
			break;
		}
		nap();
	}
	CHECK(gone);
	nr_open_reap();
	CHECK(waitpid(other, &status, 0) == other);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	unsetenv("OUT");
	unsetenv("GO");
	unsetenv("INFO");
}

/* ---- nr_pipe_run ---- */

static void
test_pipe(void)
{
	char out[4200], command[9000];
	struct sigaction before, after;
	struct nr_err err;
	size_t i, n, big = 1024 * 1024;
	char *data = malloc(big), *got;

	/* Every byte value, NUL included, past the size of a pipe buffer. */
	for (i = 0; i < big; i++) {
		data[i] = (char)(i * 7 + i / 256);
	}
	path_in(out, sizeof out, tmp, "piped out");
	snprintf(command, sizeof command, "cat > '%s'", out);
	sigaction(SIGPIPE, NULL, &before);
	CHECK_INT(nr_pipe_run(command, data, 300000, &err), 0);
	got = t_slurp(out, &n);
	CHECK(got != NULL && n == 300000 && memcmp(got, data, n) == 0);
	free(got);

	/* The article is data on stdin, never part of the command line. */
	CHECK_INT(nr_pipe_run(command, "$(touch PWNED) `touch PWNED`; touch PWNED\n", 42, &err), 0);
	got = t_slurp(out, &n);
	CHECK(got != NULL && n == 42 && memcmp(got, "$(touch PWNED) `touch PWNED`; touch PWNED\n", 42) == 0);
	free(got);
	check_not_pwned("the pipe");

	/* Commands that never read: no error, no SIGPIPE, their status. */
	CHECK_INT(nr_pipe_run("true", data, big, &err), 0);
	CHECK_INT(nr_pipe_run("exit 5", data, big, &err), 5);
	CHECK_INT(nr_pipe_run("head -c 10 >/dev/null", data, big, &err), 0);
	CHECK_INT(nr_pipe_run("exec <&-; sleep 0.1; exit 9", data, big, &err), 9);
	CHECK_INT(nr_pipe_run("nr-no-such-command-q7 2>/dev/null", data, big, &err), 127);
	CHECK_INT(nr_pipe_run("cat >/dev/null", NULL, 0, &err), 0);
	sigaction(SIGPIPE, NULL, &after);
	CHECK(before.sa_handler == after.sa_handler);
	/* Also when SIGPIPE was something else before. */
	signal(SIGPIPE, SIG_IGN);
	CHECK_INT(nr_pipe_run("true", data, big, &err), 0);
	sigaction(SIGPIPE, NULL, &after);
	CHECK(after.sa_handler == SIG_IGN);
	signal(SIGPIPE, SIG_DFL);

	nr_err_clear(&err);
	CHECK_INT(nr_pipe_run("kill -TERM $$", "x", 1, &err), -1);
	CHECK(strstr(err.msg, strsignal(SIGTERM)) != NULL);
	CHECK_INT(nr_pipe_run("", "x", 1, &err), -1);
	free(data);
}

/* ---- nr_save_file ---- */

/* No temporary file left in dir. */
static int
no_leftovers(const char *dir)
{
	char command[4300];

	snprintf(command, sizeof command, "test -z \"$(ls -A '%s' | grep '^\\.')\"", dir);
	return system(command) == 0;
}

static void
test_save(void)
{
	char dir[4200], file[4600], want[4900];
	const char *text = "Title\n\nBody \xe2\x80\x94 text\n";
	struct nr_err err;
	struct stat st;
	mode_t old;
	size_t n;
	char *got;

	path_in(dir, sizeof dir, tmp, "saved");
	CHECK(mkdir(dir, 0755) == 0);
	path_in(file, sizeof file, dir, "article.txt");

	old = umask(022);
	CHECK_INT(nr_save_file(file, text, strlen(text), 0, &err), 0);
	got = t_slurp(file, &n);
	CHECK_STR(got, text);
	free(got);
	CHECK(stat(file, &st) == 0 && (st.st_mode & 07777) == 0644);

	/* An existing file is refused and left alone, unless overwrite. */
	nr_err_clear(&err);
	CHECK_INT(nr_save_file(file, "other", 5, 0, &err), -1);
	snprintf(want, sizeof want, "%s: %s", file, strerror(EEXIST));
	CHECK_STR(err.msg, want);
	got = t_slurp(file, &n);
	CHECK_STR(got, text);
	free(got);
	CHECK_INT(nr_save_file(file, "other", 5, 1, &err), 0);
	got = t_slurp(file, &n);
	CHECK_STR(got, "other");
	free(got);
	CHECK(no_leftovers(dir));

	/* The umask is honoured. */
	umask(077);
	path_in(file, sizeof file, dir, "private.txt");
	CHECK_INT(nr_save_file(file, "", 0, 0, &err), 0);
	CHECK(stat(file, &st) == 0 && (st.st_mode & 07777) == 0600 && st.st_size == 0);
	umask(022);

	/* A name as long as a name may be. */
	{
		char name[256];

		memset(name, 'n', 255);
		name[255] = '\0';
		path_in(file, sizeof file, dir, name);
		CHECK_INT(nr_save_file(file, "long", 4, 0, &err), 0);
		got = t_slurp(file, &n);
		CHECK_STR(got, "long");
		free(got);
	}

	/* A folder that is not there: named in the message. */
	path_in(file, sizeof file, tmp, "no-such-folder/a.txt");
	nr_err_clear(&err);
	CHECK_INT(nr_save_file(file, "x", 1, 0, &err), -1);
	CHECK(strstr(err.msg, "no-such-folder") != NULL);
	CHECK(strstr(err.msg, strerror(ENOENT)) != NULL);
	CHECK(!exists(file));

	/* A folder where the file should be. */
	nr_err_clear(&err);
	CHECK_INT(nr_save_file(dir, "x", 1, 1, &err), -1);
	CHECK(strstr(err.msg, "saved") != NULL);
	CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(no_leftovers(dir));

	/* ~/ is $HOME. */
	setenv("HOME", dir, 1);
	CHECK_INT(nr_save_file("~/from-home.txt", "home", 4, 0, &err), 0);
	path_in(file, sizeof file, dir, "from-home.txt");
	got = t_slurp(file, &n);
	CHECK_STR(got, "home");
	free(got);
	CHECK(no_leftovers(dir));

	/* A relative path is relative to the working folder. */
	CHECK_INT(nr_save_file("relative.txt", "rel", 3, 0, &err), 0);
	path_in(file, sizeof file, tmp, "relative.txt");
	got = t_slurp(file, &n);
	CHECK_STR(got, "rel");
	free(got);

	CHECK_INT(nr_save_file("", "x", 1, 0, &err), -1);
	umask(old);
}

int
main(void)
{
	t_init();
	signal(SIGPIPE, SIG_DFL);
	if (getcwd(origin, sizeof origin) == NULL) {
		return 99;
	}
	snprintf(tmp, sizeof tmp, "%s", t_tmpdir());
	if (chdir(tmp) < 0) {
		return 99;
	}
	test_argv();
	test_allowed();
	test_browser();
	test_fake_browser();
	test_foreground();
	test_background();
	test_pipe();
	test_save();
	/* Out of the scratch folder, which goes at exit. */
	if (chdir(origin) < 0) {
		return 99;
	}
	return t_done();
}
