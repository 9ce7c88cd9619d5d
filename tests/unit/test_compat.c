/* compat/: the replacements for ppoll, pipe2 and explicit_bzero, built
 * here under other names so that they are tested on systems that have
 * the real ones too. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "t.h"

#define ppoll compat_ppoll
#define pipe2 compat_pipe2
#define explicit_bzero compat_explicit_bzero
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask);
int pipe2(int fds[2], int flags);
void explicit_bzero(void *p, size_t n);
#include "../../compat/explicit_bzero.c"
#include "../../compat/pipe2.c"
#include "../../compat/ppoll.c"

static int
has_fd_flag(int fd, int flag)
{
	return (fcntl(fd, F_GETFD) & flag) != 0;
}

static int
has_fl_flag(int fd, int flag)
{
	return (fcntl(fd, F_GETFL) & flag) != 0;
}

static void
test_pipe2(void)
{
	int fds[2], i;
	char c;

	CHECK_INT(pipe2(fds, O_CLOEXEC), 0);
	for (i = 0; i < 2; i++) {
		CHECK(has_fd_flag(fds[i], FD_CLOEXEC));
		CHECK(!has_fl_flag(fds[i], O_NONBLOCK));
		close(fds[i]);
	}
	CHECK_INT(pipe2(fds, O_NONBLOCK), 0);
	for (i = 0; i < 2; i++) {
		CHECK(!has_fd_flag(fds[i], FD_CLOEXEC));
		CHECK(has_fl_flag(fds[i], O_NONBLOCK));
	}
	errno = 0;
	CHECK_INT(read(fds[0], &c, 1), -1);
	CHECK(errno == EAGAIN || errno == EWOULDBLOCK);
	close(fds[0]);
	close(fds[1]);
	CHECK_INT(pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
	CHECK(has_fd_flag(fds[0], FD_CLOEXEC) && has_fl_flag(fds[1], O_NONBLOCK));
	close(fds[0]);
	close(fds[1]);
	CHECK_INT(pipe2(fds, 0), 0);
	CHECK(!has_fd_flag(fds[0], FD_CLOEXEC) && !has_fl_flag(fds[1], O_NONBLOCK));
	close(fds[0]);
	close(fds[1]);
	errno = 0;
	CHECK_INT(pipe2(fds, O_APPEND), -1);
	CHECK_INT(errno, EINVAL);
}

static volatile sig_atomic_t got_usr1;

static void
on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_ppoll(void)
{
	struct timespec zero = { 0, 0 }, short_wait = { 0, 50 * 1000 * 1000 }, bad = { 0, 1000000000L };
	struct pollfd pfd;
	struct sigaction sa;
	sigset_t block, unblock, after;
	double t0;
	int fds[2];

	CHECK_INT(pipe(fds), 0);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	/* Nothing to read: a zero timeout returns at once, a short one
	 * after it has passed (rounded up, never early). */
	CHECK_INT(ppoll(&pfd, 1, &zero, NULL), 0);
	t0 = now();
	CHECK_INT(ppoll(&pfd, 1, &short_wait, NULL), 0);
	CHECK(now() - t0 >= 0.049);
	/* Something to read. */
	CHECK_INT(write(fds[1], "x", 1), 1);
	CHECK_INT(ppoll(&pfd, 1, NULL, NULL), 1);
	CHECK((pfd.revents & POLLIN) != 0);
	errno = 0;
	CHECK_INT(ppoll(&pfd, 1, &bad, NULL), -1);
	CHECK_INT(errno, EINVAL);

	/* The mask is in effect during the wait and the caller's is back
	 * after it: a SIGUSR1 blocked outside, and pending, is delivered
	 * inside and ends the wait, as with the real ppoll. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &unblock);
	sigdelset(&unblock, SIGUSR1);
	raise(SIGUSR1);
	CHECK_INT(got_usr1, 0);
	errno = 0;
	t0 = now();
	CHECK_INT(ppoll(NULL, 0, &short_wait, &unblock), -1);
	CHECK_INT(errno, EINTR);
	CHECK(now() - t0 < 0.04);
	CHECK_INT(got_usr1, 1);
	sigprocmask(SIG_BLOCK, NULL, &after);
	CHECK(sigismember(&after, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	close(fds[0]);
	close(fds[1]);
}

static void
test_explicit_bzero(void)
{
	char secret[16] = "hunter2hunter2!";
	size_t i;
	int zero = 1;

	explicit_bzero(secret, sizeof secret);
	for (i = 0; i < sizeof secret; i++) {
		zero &= secret[i] == '\0';
	}
	CHECK(zero);
}

int
main(void)
{
	t_init();
	test_pipe2();
	test_ppoll();
	test_explicit_bzero();
	return t_done();
}
