/* Replacements for the functions a system may lack (configure checks for
 * each; compat/ holds the replacement, built only where it is missing, as
 * tmux does): ppoll (Linux, the BSDs; not macOS), pipe2 (not macOS) and
 * explicit_bzero (glibc 2.25, the BSDs; not macOS). A file that calls one
 * includes this header after the system's. */
#ifndef NR_COMPAT_H
#define NR_COMPAT_H

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <time.h>

#ifndef HAVE_PPOLL
/* poll with sigmask in effect while it waits; the replacement is not
 * atomic (a signal that arrives just before poll starts is handled, but
 * poll still waits for its timeout or a descriptor). */
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask);
#endif

#ifndef HAVE_PIPE2
/* pipe with O_CLOEXEC and O_NONBLOCK set on both ends, as asked. */
int pipe2(int fds[2], int flags);
#endif

#ifndef HAVE_EXPLICIT_BZERO
/* memset to zero that the compiler may not drop as a dead store. */
void explicit_bzero(void *p, size_t n);
#endif

#endif
