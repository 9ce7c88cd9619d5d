/* Handing an article to other programs: opening a link in the browser,
 * piping the article to a command, saving it to a file. No curses here:
 * the interface suspends itself around the calls that need the terminal.
 *
 * A feed chooses its links, so a link is never put through a shell: the
 * browser command (the `browser` setting, else $BROWSER, else xdg-open) is
 * split into words once, %u is replaced by the URL as (part of) one word,
 * and the program is run with execvp. The user's own pipe command is
 * theirs, so it runs with /bin/sh -c, and the article goes to its stdin,
 * never into the command line. */
#ifndef NR_APP_OPEN_H
#define NR_APP_OPEN_H

#include <stddef.h>

#include "core/err.h"

/* Whether url may be opened: its scheme (case-insensitive) is http, https,
 * ftp, gopher or mailto, and it holds no control character. */
int nr_open_allowed(const char *url);

/* The browser command: browser if set and not empty, else $BROWSER (its
 * first entry if it is a colon-separated list), else "xdg-open". */
const char *nr_open_browser(const char *browser);

/* argv for opening url with command: command split into words like a
 * shell would (blanks separate words; '...' and "..." quote; a backslash
 * quotes the next character; nothing is expanded), every "%u" in a word
 * replaced by url (also "%s", as $BROWSER lists write it) and "%%" by "%";
 * if no word had %u or %s, url is appended as
 * the last word. A NULL-terminated array (free with nr_argv_free), or NULL
 * with err if the command is empty or a quote is not closed. */
char **nr_open_argv(const char *command, const char *url, struct nr_err *err);
void nr_argv_free(char **argv);

/* Run argv[0] (looked up in PATH) with execvp, never a shell. background
 * 0: wait for it (it has the terminal); returns its exit status (0..255),
 * or -1 with err if it could not be started or was killed (the signal
 * named). background 1: start it in a session of its own with stdin,
 * stdout and stderr on /dev/null, do not wait (the child is reaped later by
 * nr_open_reap); returns 0, or -1 with err if it could not be started
 * (execvp's failure is reported, e.g. "firefox: No such file or
 * directory"). */
int nr_open_run(char *const argv[], int background, struct nr_err *err);
/* Reap background children that have ended (call now and then). */
void nr_open_reap(void);

/* Run command with /bin/sh -c, data[0..len) on its stdin (a command that
 * does not read it all is not an error: SIGPIPE is ignored while writing),
 * its stdout and stderr on the terminal; wait for it. Returns its exit
 * status, or -1 with err. */
int nr_pipe_run(const char *command, const char *data, size_t len, struct nr_err *err);

/* Write data[0..len) to path (a leading ~/ is the home folder): written to
 * a temporary file beside it and renamed, mode 0644 less the umask. An
 * existing file is refused (err says so) unless overwrite is set. Returns
 * 0, or -1 with err naming the file and the reason. */
int nr_save_file(const char *path, const char *data, size_t len, int overwrite, struct nr_err *err);

#endif
