/* ppoll for systems without it: the signal mask swapped around a poll.
 * A signal already pending that the mask lets through is delivered and
 * ends the wait with EINTR, as ppoll does; one that arrives between the
 * swap and poll is handled, but poll then waits for its timeout or a
 * descriptor (the replacement cannot be atomic). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <time.h>

#include "compat.h"

#ifndef NSIG
#define NSIG 65
#endif

/* Nonzero when a signal is pending that mask does not block. */
static int
pending_through(const sigset_t *mask)
{
	sigset_t pending;
	int sig;

	if (sigpending(&pending) < 0) {
		return 0;
	}
	for (sig = 1; sig < NSIG; sig++) {
		if (sigismember(&pending, sig) == 1 && sigismember(mask, sig) == 0) {
			return 1;
		}
	}
	return 0;
}

int
ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask)
{
	sigset_t old;
	int ms = -1, rc, saved, interrupted = 0;

	if (timeout != NULL) {
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000L) {
			errno = EINVAL;
			return -1;
		}
		/* Rounded up: waking early would make a caller spin. */
		if (timeout->tv_sec >= INT_MAX / 1000 - 1) {
			ms = INT_MAX;
		} else {
			ms = (int)timeout->tv_sec * 1000 + (int)((timeout->tv_nsec + 999999) / 1000000);
		}
	}
	if (sigmask != NULL) {
		interrupted = pending_through(sigmask);
		/* The pending signals it unblocks are delivered before
		 * sigprocmask returns. */
		if (sigprocmask(SIG_SETMASK, sigmask, &old) < 0) {
			return -1;
		}
	}
	if (interrupted) {
		rc = -1;
		saved = EINTR;
	} else {
		rc = poll(fds, nfds, ms);
		saved = errno;
	}
	if (sigmask != NULL) {
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	errno = saved;
	return rc;
}
