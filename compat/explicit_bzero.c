/* explicit_bzero for systems without it: memset called through a volatile
 * pointer, which the compiler cannot prove is memset and so cannot drop. */
#include "config.h"

#include <string.h>

#include "compat.h"

static void *(*const volatile memset_v)(void *, int, size_t) = memset;

void
explicit_bzero(void *p, size_t n)
{
	memset_v(p, 0, n);
}
