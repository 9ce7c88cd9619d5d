/* Native language support: the _() and N_() markers for user-visible strings,
 * backed by gettext when the build has it (ENABLE_NLS, set by configure);
 * without it, the gettext calls the program makes become the English
 * strings themselves and <libintl.h> is not needed. */
#ifndef NR_NLS_H
#define NR_NLS_H

#ifdef ENABLE_NLS
#include <libintl.h>
#else
#define gettext(s) ((const char *)(s))
#define ngettext(s, p, n) ((n) == 1 ? (const char *)(s) : (const char *)(p))
/* Called for their effect only, so they are void here. */
#define textdomain(domain) ((void)(domain))
#define bindtextdomain(domain, dir) ((void)(domain), (void)(dir))
#endif

#define _(s) gettext(s)
#define N_(s) (s)

#endif
