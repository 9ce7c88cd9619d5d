#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"

static void
grow(struct nr_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap) {
		return;
	}
	if (b->cap == 0) {
		b->cap = 64;
	}
	while (b->cap < need) {
		b->cap *= 2;
	}
	b->data = xrealloc(b->data, b->cap);
}

void
nr_buf_add(struct nr_buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
nr_buf_adds(struct nr_buf *b, const char *s)
{
	nr_buf_add(b, s, strlen(s));
}

void
nr_buf_addc(struct nr_buf *b, char c)
{
	grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
nr_buf_printf(struct nr_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		return;
	}
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
nr_buf_add_xml(struct nr_buf *b, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *e = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" :
		    s[i] == '"' ? "&quot;" : NULL;

		if (e != NULL) {
			nr_buf_add(b, s + run, i - run);
			nr_buf_adds(b, e);
			run = i + 1;
		}
	}
	nr_buf_add(b, s + run, n - run);
}

void
nr_buf_reset(struct nr_buf *b)
{
	b->len = 0;
	if (b->data != NULL) {
		b->data[0] = '\0';
	}
}

char *
nr_buf_steal(struct nr_buf *b)
{
	char *s;

	if (b->data == NULL) {
		return xstrdup("");
	}
	/* Give back the slack when it is large, so that kept strings cost
	 * what they hold. */
	s = b->cap > b->len + 64 ? xrealloc(b->data, b->len + 1) : b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

const char *
nr_buf_str(const struct nr_buf *b)
{
	return b->data != NULL ? b->data : "";
}

void
nr_buf_free(struct nr_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
