#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/err.h"

void
nr_err_set(struct nr_err *err, enum nr_err_code code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL) {
		return;
	}
	err->code = code;
	err->line = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

void
nr_err_clear(struct nr_err *err)
{
	if (err != NULL) {
		err->code = NR_ERR_NONE;
		err->line = 0;
		err->msg[0] = '\0';
	}
}
