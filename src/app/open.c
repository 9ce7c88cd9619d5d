/*
 * Handing an article to other programs. A link comes from the feed, so it
 * never meets a shell: the browser command is split into words here, the
 * way sh would split it but expanding nothing, and the URL goes into the
 * words afterwards, so whatever it holds stays inside its one argument.
 * Programs are started with fork and execvp; a close-on-exec pipe from
 * the child carries execvp's errno back, so a missing browser is an error
 * message and not a silent exit status 127.
 *
 * Shell word splitting (what is imitated, and where this stops short):
 *   https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/open.h"
#include "compat.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "util/path.h"
#include "util/utf8.h"

static const char *const open_schemes[] = { "http", "https", "ftp", "gopher", "mailto" };

/* Whether s[0..n) decodes to a control character at its start (C0, DEL, or
 * C1, either encoded in UTF-8 or as a raw byte that an 8-bit terminal would
 * read as one); *used gets the bytes looked at. */
static int
control_at(const char *s, size_t n, size_t *used)
{
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;

	if (c < 0x20 || c == 0x7f) {
		*used = 1;
		return 1;
	}
	*used = nr_utf8_decode(s, n, &cp);
	if (cp >= 0x80 && cp <= 0x9f) {
		return 1;
	}
	return cp == NR_UTF8_REPLACEMENT && *used == 1 && c >= 0x80 && c <= 0x9f;
}

int
nr_open_allowed(const char *url)
{
	size_t i, n, len, used;

	if (url == NULL) {
		return 0;
	}
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" (RFC 3986).
	 * A scheme starts with a letter, so an allowed URL never starts with
	 * "-" and cannot be read as an option by the browser. */
	n = 0;
	if ((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z')) {
		n = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	}
	if (n == 0 || url[n] != ':') {
		return 0;
	}
	for (i = 0; i < sizeof open_schemes / sizeof open_schemes[0]; i++) {
		if (strlen(open_schemes[i]) == n && strncasecmp(url, open_schemes[i], n) == 0) {
			break;
		}
	}
	if (i == sizeof open_schemes / sizeof open_schemes[0]) {
		return 0;
	}
	len = strlen(url);
	for (i = 0; i < len; i += used) {
		if (control_at(url + i, len - i, &used)) {
			return 0;
		}
	}
	return 1;
}

const char *
nr_open_browser(const char *browser)
{
	/* The first entry of $BROWSER, kept until the next call. */
	static char *entry;
	const char *env, *p, *end;

	if (browser != NULL && browser[0] != '\0') {
		return browser;
	}
	env = getenv("BROWSER");
	if (env != NULL) {
		/* $BROWSER may be a colon-separated list of commands to try in
		 * turn; only the first is used, empty entries skipped. */
		for (p = env; *p != '\0'; p = *end == ':' ? end + 1 : end) {
			end = strchr(p, ':');
			if (end == NULL) {
				end = p + strlen(p);
			}
			if (end > p) {
				free(entry);
				entry = xstrndup(p, (size_t)(end - p));
				return entry;
			}
		}
	}
	return "xdg-open";
}

/* A word being built: its bytes, and whether it exists yet (a word made
 * only of quotes, '' or "", is an empty word, as in sh). */
struct word {
	struct nr_buf buf;
	int started;
};

static void
push_word(char ***argv, size_t *argc, struct word *w)
{
	*argv = xreallocarray(*argv, *argc + 2, sizeof **argv);
	(*argv)[(*argc)++] = nr_buf_steal(&w->buf);
	(*argv)[*argc] = NULL;
	w->started = 0;
}

/* A new string: word with every %u (or %s, the $BROWSER convention)
 * replaced by url and %% by %, in one pass, so that a % in the URL is
 * never read as a directive. Any other % stays as it is. *found is set
 * when a %u or %s was seen. */
static char *
substitute(const char *word, const char *url, int *found)
{
	struct nr_buf b = NR_BUF_INIT;
	const char *p;

	for (p = word; *p != '\0'; p++) {
		if (p[0] == '%' && (p[1] == 'u' || p[1] == 's')) {
			nr_buf_adds(&b, url);
			*found = 1;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			nr_buf_addc(&b, '%');
			p++;
		} else {
			nr_buf_addc(&b, *p);
		}
	}
	return nr_buf_steal(&b);
}

/*
 * The splitting follows sh, without any expansion: blanks (space, tab,
 * newline) separate words; '...' keeps everything inside as written;
 * inside "...", a backslash quotes only \ " $ ` and newline, as in sh, and
 * is kept before any other character; outside quotes a backslash quotes
 * the next character, and a backslash-newline joins lines. $VAR, $(...),
 * `...`, globs and ~ are plain characters.
 *
 * %u is replaced after splitting, in quoted and unquoted text alike, so the
 * URL is always inside the one word where %u was. A user who writes
 * `sh -c 'lynx %u'` has chosen to put the URL in a shell command line
 * (and a feed could then run commands through it); that is the user's
 * configuration, and neither the default nor $BROWSER's usual forms do
 * it.
 */
char **
nr_open_argv(const char *command, const char *url, struct nr_err *err)
{
	struct word w = { NR_BUF_INIT, 0 };
	char **argv = NULL;
	size_t argc = 0, i;
	const char *p;
	int found = 0;
	char quote = 0;

	if (command == NULL) {
		command = "";
	}
	if (url == NULL) {
		url = "";
	}
	for (p = command; *p != '\0'; p++) {
		char c = *p;

		if (quote == '\'') {
			if (c == '\'') {
				quote = 0;
			} else {
				nr_buf_addc(&w.buf, c);
			}
		} else if (quote == '"') {
			if (c == '"') {
				quote = 0;
			} else if (c == '\\' && p[1] != '\0' && strchr("\\\"$`\n", p[1]) != NULL) {
				p++;
				if (*p != '\n') {
					nr_buf_addc(&w.buf, *p);
				}
			} else {
				nr_buf_addc(&w.buf, c);
			}
		} else if (c == ' ' || c == '\t' || c == '\n') {
			if (w.started) {
				push_word(&argv, &argc, &w);
			}
		} else if (c == '\\' && p[1] == '\n') {
			/* A line joined: nothing added, no word begun. */
			p++;
		} else {
			w.started = 1;
			if (c == '\'' || c == '"') {
				quote = c;
			} else if (c == '\\' && p[1] != '\0') {
				p++;
				nr_buf_addc(&w.buf, *p);
			} else {
				nr_buf_addc(&w.buf, c);
			}
		}
	}
	if (quote != 0) {
		nr_buf_free(&w.buf);
		nr_argv_free(argv);
		nr_err_set(err, NR_ERR_CONFIG, _("the browser command has an unclosed quote: %c"), quote);
		return NULL;
	}
	if (w.started) {
		push_word(&argv, &argc, &w);
	}
	nr_buf_free(&w.buf);
	if (argc == 0) {
		nr_err_set(err, NR_ERR_CONFIG, "%s", _("the browser command is empty"));
		return NULL;
	}
	for (i = 0; i < argc; i++) {
		char *s = substitute(argv[i], url, &found);

		free(argv[i]);
		argv[i] = s;
	}
	if (!found) {
		argv = xreallocarray(argv, argc + 2, sizeof *argv);
		argv[argc++] = xstrdup(url);
		argv[argc] = NULL;
	}
	return argv;
}

void
nr_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL) {
		return;
	}
	for (i = 0; argv[i] != NULL; i++) {
		free(argv[i]);
	}
	free(argv);
}

/* A program name or file name fit for a message: no control characters. */
static char *
printable(const char *s)
{
	return nr_utf8_sanitize(s, strlen(s), 0);
}

/* In the child, before exec: the signals the interface catches or ignores
 * back to their defaults (an ignored signal stays ignored across exec),
 * and none blocked. Only async-signal-safe calls. */
static void
child_signals(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGTSTP,
		SIGTTIN, SIGTTOU, SIGCHLD, SIGWINCH, SIGCONT, SIGUSR1, SIGUSR2, SIGALRM };
	struct sigaction sa;
	sigset_t none;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		sigaction(sigs[i], &sa, NULL);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* In the child, after exec failed: errno to the parent, then exit. */
static void
child_fail(int fd)
{
	int e = errno;
	ssize_t r;

	do {
		r = write(fd, &e, sizeof e);
	} while (r < 0 && errno == EINTR);
	_exit(127);
}

/* In the parent: 0 if the child's exec succeeded (the pipe closed with
 * nothing in it), else the child's errno. Closes fd. */
static int
exec_errno(int fd)
{
	int e = 0;
	size_t got = 0;
	ssize_t r;

	while (got < sizeof e) {
		r = read(fd, (char *)&e + got, sizeof e - got);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			break;
		}
		got += (size_t)r;
	}
	close(fd);
	return got == sizeof e ? (e != 0 ? e : EIO) : 0;
}

static pid_t
wait_child(pid_t pid, int *status)
{
	pid_t r;

	do {
		r = waitpid(pid, status, 0);
	} while (r < 0 && errno == EINTR);
	return r;
}

/* The exit status of a child that was waited for, or -1 with err naming
 * the signal that killed it. */
static int
exit_status(const char *name, int status, struct nr_err *err)
{
	char *n;

	if (WIFEXITED(status)) {
		return WEXITSTATUS(status);
	}
	n = printable(name);
	if (WIFSIGNALED(status)) {
		nr_err_set(err, NR_ERR_IO, _("%s: killed by signal %d (%s)"), n, WTERMSIG(status),
		    strsignal(WTERMSIG(status)));
	} else {
		nr_err_set(err, NR_ERR_IO, _("%s: ended abnormally"), n);
	}
	free(n);
	return -1;
}

/* While the interface waits for a program that has the terminal, Ctrl-C and
 * Ctrl-\ are for that program: the terminal sends them to the whole
 * foreground process group, newsreader included (as system(3) does). */
struct held_signals {
	struct sigaction intr, quit;
};

static void
hold_signals(struct held_signals *h)
{
	struct sigaction ign;

	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &h->intr);
	sigaction(SIGQUIT, &ign, &h->quit);
}

static void
release_signals(const struct held_signals *h)
{
	sigaction(SIGINT, &h->intr, NULL);
	sigaction(SIGQUIT, &h->quit, NULL);
}

/* Background children not yet reaped: only these are waited for, so that
 * nr_open_reap never takes the status of a child someone else waits for. */
static pid_t *bg_pids;
static size_t bg_n, bg_cap;

static void
bg_add(pid_t pid)
{
	if (bg_n == bg_cap) {
		bg_cap = bg_cap == 0 ? 8 : bg_cap * 2;
		bg_pids = xreallocarray(bg_pids, bg_cap, sizeof *bg_pids);
	}
	bg_pids[bg_n++] = pid;
}

void
nr_open_reap(void)
{
	size_t i = 0;
	pid_t r;
	int status;

	while (i < bg_n) {
		do {
			r = waitpid(bg_pids[i], &status, WNOHANG);
		} while (r < 0 && errno == EINTR);
		if (r == 0) {
			i++;
			continue;
		}
		/* Ended (or not ours any more): forget it. */
		bg_pids[i] = bg_pids[--bg_n];
	}
}

/* The null device on fd, in the child. */
static int
null_on(int fd, int flags)
{
	int n = open("/dev/null", flags);

	if (n < 0) {
		return -1;
	}
	if (n != fd) {
		if (dup2(n, fd) < 0) {
			close(n);
			return -1;
		}
		close(n);
	}
	return 0;
}

int
nr_open_run(char *const argv[], int background, struct nr_err *err)
{
	struct held_signals held;
	int fds[2], e, status;
	pid_t pid;
	char *n;

	if (argv == NULL || argv[0] == NULL) {
		nr_err_set(err, NR_ERR_USAGE, "%s", _("no program to run"));
		return -1;
	}
	nr_open_reap();
	if (pipe2(fds, O_CLOEXEC) < 0) {
		nr_err_set(err, NR_ERR_IO, _("cannot start %s: %s"), "pipe", strerror(errno));
		return -1;
	}
	if (!background) {
		hold_signals(&held);
	}
	pid = fork();
	if (pid < 0) {
		e = errno;
		close(fds[0]);
		close(fds[1]);
		if (!background) {
			release_signals(&held);
		}
		n = printable(argv[0]);
		nr_err_set(err, NR_ERR_IO, _("cannot start %s: %s"), n, strerror(e));
		free(n);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child_signals();
		if (background) {
			/* Its own session: no controlling terminal, so it can
			 * neither read keys meant for newsreader nor be stopped
			 * or killed with it by the terminal's signals. */
			setsid();
			if (null_on(STDIN_FILENO, O_RDONLY) < 0 || null_on(STDOUT_FILENO, O_WRONLY) < 0 ||
			    null_on(STDERR_FILENO, O_WRONLY) < 0) {
				child_fail(fds[1]);
			}
		}
		execvp(argv[0], argv);
		child_fail(fds[1]);
	}
	close(fds[1]);
	e = exec_errno(fds[0]);
	if (e != 0) {
		/* The child has exited (or is about to): wait, whichever mode. */
		wait_child(pid, &status);
		if (!background) {
			release_signals(&held);
		}
		n = printable(argv[0]);
		nr_err_set(err, NR_ERR_IO, "%s: %s", n, strerror(e));
		free(n);
		return -1;
	}
	if (background) {
		bg_add(pid);
		return 0;
	}
	if (wait_child(pid, &status) < 0) {
		e = errno;
		release_signals(&held);
		n = printable(argv[0]);
		nr_err_set(err, NR_ERR_IO, "%s: %s", n, strerror(e));
		free(n);
		return -1;
	}
	release_signals(&held);
	return exit_status(argv[0], status, err);
}

/* All of data[0..len) to fd; 0, or -1 with errno (EPIPE when the reader
 * has gone). */
static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t r;

	while (len > 0) {
		r = write(fd, data, len);
		if (r < 0) {
			if (errno == EINTR) {
				continue;
			}
			return -1;
		}
		data += r;
		len -= (size_t)r;
	}
	return 0;
}

int
nr_pipe_run(const char *command, const char *data, size_t len, struct nr_err *err)
{
	struct held_signals held;
	struct sigaction ign, oldpipe;
	int in[2], ex[2], e, status;
	pid_t pid;

	if (command == NULL || command[strspn(command, " \t\n")] == '\0') {
		nr_err_set(err, NR_ERR_USAGE, "%s", _("no command to pipe to"));
		return -1;
	}
	if (pipe2(in, O_CLOEXEC) < 0) {
		nr_err_set(err, NR_ERR_IO, _("cannot start %s: %s"), "pipe", strerror(errno));
		return -1;
	}
	if (pipe2(ex, O_CLOEXEC) < 0) {
		e = errno;
		close(in[0]);
		close(in[1]);
		nr_err_set(err, NR_ERR_IO, _("cannot start %s: %s"), "pipe", strerror(e));
		return -1;
	}
	hold_signals(&held);
	pid = fork();
	if (pid < 0) {
		e = errno;
		close(in[0]);
		close(in[1]);
		close(ex[0]);
		close(ex[1]);
		release_signals(&held);
		nr_err_set(err, NR_ERR_IO, _("cannot start %s: %s"), "/bin/sh", strerror(e));
		return -1;
	}
	if (pid == 0) {
		close(in[1]);
		close(ex[0]);
		child_signals();
		/* dup2 clears close-on-exec on the copy, as stdin needs. */
		if (dup2(in[0], STDIN_FILENO) < 0) {
			child_fail(ex[1]);
		}
		if (in[0] != STDIN_FILENO) {
			close(in[0]);
		}
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		child_fail(ex[1]);
	}
	close(in[0]);
	close(ex[1]);
	e = exec_errno(ex[0]);
	if (e != 0) {
		close(in[1]);
		wait_child(pid, &status);
		release_signals(&held);
		nr_err_set(err, NR_ERR_IO, "/bin/sh: %s", strerror(e));
		return -1;
	}
	/* A command that stops reading early (head, a pager quit at once) is
	 * no error: without SIGPIPE ignored, it would kill newsreader. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &oldpipe);
	e = write_all(in[1], data, len) < 0 && errno != EPIPE ? errno : 0;
	close(in[1]);
	sigaction(SIGPIPE, &oldpipe, NULL);
	if (wait_child(pid, &status) < 0) {
		e = errno;
		release_signals(&held);
		nr_err_set(err, NR_ERR_IO, "/bin/sh: %s", strerror(e));
		return -1;
	}
	release_signals(&held);
	if (e != 0) {
		nr_err_set(err, NR_ERR_IO, _("cannot write to the command: %s"), strerror(e));
		return -1;
	}
	return exit_status("/bin/sh", status, err);
}

/* The mode a new file gets: 0644 less the umask. umask() can only be read
 * by setting it, so it is set back at once. */
static mode_t
file_mode(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return 0644 & ~mask;
}

static int
save_fail(struct nr_err *err, const char *path, int e)
{
	char *n = printable(path);

	nr_err_set(err, NR_ERR_IO, "%s: %s", n, strerror(e));
	free(n);
	return -1;
}

int
nr_save_file(const char *path, const char *data, size_t len, int overwrite, struct nr_err *err)
{
	struct stat st;
	char *full, *dir, *tmp = NULL;
	int fd = -1, e, r = -1;

	if (path == NULL || path[0] == '\0') {
		nr_err_set(err, NR_ERR_USAGE, "%s", _("no file name"));
		return -1;
	}
	full = nr_path_expand(path, NULL);
	dir = nr_path_dirname(full);
	if (stat(dir, &st) < 0) {
		save_fail(err, dir, errno);
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		save_fail(err, dir, ENOTDIR);
		goto out;
	}
	if (!overwrite && lstat(full, &st) == 0) {
		save_fail(err, full, EEXIST);
		goto out;
	}
	/* Beside the file, so that the rename stays on one file system and the
	 * file is never seen half written; a short name of its own, so that a
	 * long file name cannot make it too long. */
	tmp = xasprintf("%s/.newsreader-XXXXXX", dir);
	fd = mkstemp(tmp);
	if (fd < 0) {
		/* The folder exists (checked above): say that a file cannot be
		 * made in it, not that it is missing (/proc says ENOENT). */
		char *n = printable(dir);

		nr_err_set(err, NR_ERR_IO, _("cannot create a file in %s: %s"), n, strerror(errno));
		free(n);
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, file_mode()) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		save_fail(err, full, errno);
		goto out;
	}
	e = close(fd);
	fd = -1;
	if (e < 0) {
		save_fail(err, full, errno);
		goto out;
	}
	if (!overwrite) {
		/* link() will not replace a file that appeared since the check;
		 * where the file system has no hard links, rename after all. */
		if (link(tmp, full) == 0) {
			unlink(tmp);
			r = 0;
			goto out;
		}
		if (errno == EEXIST) {
			save_fail(err, full, EEXIST);
			goto out;
		}
		if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS &&
		    errno != EMLINK) {
			save_fail(err, full, errno);
			goto out;
		}
	}
	if (rename(tmp, full) < 0) {
		save_fail(err, full, errno);
		goto out;
	}
	r = 0;
out:
	if (fd >= 0) {
		close(fd);
	}
	if (tmp != NULL) {
		if (r < 0) {
			unlink(tmp);
		}
		free(tmp);
	}
	free(dir);
	free(full);
	return r;
}
