/* Growable byte buffers, always NUL-terminated, for building strings whose
 * length is not known in advance (parsed text, output lines). */
#ifndef NR_BUF_H
#define NR_BUF_H

#include <stddef.h>

struct nr_buf {
	char *data;     /* NULL until the first append */
	size_t len;
	size_t cap;
};

#define NR_BUF_INIT { NULL, 0, 0 }

void nr_buf_add(struct nr_buf *b, const char *s, size_t n);
void nr_buf_adds(struct nr_buf *b, const char *s);
void nr_buf_addc(struct nr_buf *b, char c);
void nr_buf_printf(struct nr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s[0..n) escaped for XML text and attribute values (& < > "). */
void nr_buf_add_xml(struct nr_buf *b, const char *s, size_t n);
/* Empty the buffer but keep its memory. */
void nr_buf_reset(struct nr_buf *b);
/* The contents as a new string owned by the caller ("" if empty); the buffer is emptied. */
char *nr_buf_steal(struct nr_buf *b);
/* The contents (never NULL). */
const char *nr_buf_str(const struct nr_buf *b);
void nr_buf_free(struct nr_buf *b);

#endif
