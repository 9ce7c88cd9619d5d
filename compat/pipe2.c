/* pipe2 for systems without it: pipe, then the flags set with fcntl. Not
 * atomic: a fork in another thread in between could inherit the ends
 * (newsreader has one thread). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "compat.h"

int
pipe2(int fds[2], int flags)
{
	int i, saved;

	if ((flags & ~(O_CLOEXEC | O_NONBLOCK)) != 0) {
		errno = EINVAL;
		return -1;
	}
	if (pipe(fds) < 0) {
		return -1;
	}
	for (i = 0; i < 2; i++) {
		if ((flags & O_CLOEXEC) != 0 && fcntl(fds[i], F_SETFD, fcntl(fds[i], F_GETFD) | FD_CLOEXEC) < 0) {
			goto fail;
		}
		if ((flags & O_NONBLOCK) != 0 && fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK) < 0) {
			goto fail;
		}
	}
	return 0;
fail:
	saved = errno;
	close(fds[0]);
	close(fds[1]);
	errno = saved;
	return -1;
}
