/* Error values: a code and a fixed message buffer that a fallible function
 * fills for its caller. Library code never prints; the caller decides where
 * the message goes (stderr before or after the interface, the status line
 * while it runs). */
#ifndef NR_ERR_H
#define NR_ERR_H

enum nr_err_code {
	NR_ERR_NONE = 0,
	NR_ERR_IO,      /* a file could not be opened or read */
	NR_ERR_EMPTY,   /* the file holds nothing to read */
	NR_ERR_BINARY,  /* the file is not text */
	NR_ERR_FORMAT,  /* the file is text, but no format we read */
	NR_ERR_PARSE,   /* the format was recognised but is broken beyond repair */
	NR_ERR_CONFIG,  /* a configuration error */
	NR_ERR_USAGE    /* a bad argument */
};

struct nr_err {
	enum nr_err_code code;
	long line;      /* the line in the file the error is about, 0 if none */
	char msg[768];
};

/* Fill err (which may be NULL) with code and a printf-style message. */
void nr_err_set(struct nr_err *err, enum nr_err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void nr_err_clear(struct nr_err *err);

#endif
