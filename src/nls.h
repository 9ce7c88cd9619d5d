/* Native language support: the _() and N_() markers for user-visible strings,
 * backed by gettext when the build has it. */
#ifndef NR_NLS_H
#define NR_NLS_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
