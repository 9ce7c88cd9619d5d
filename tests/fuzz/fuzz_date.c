/* Fuzz target: dates as feeds, pages and articles write them, through every
 * reader of util/date.c. The bytes are one date string (read as RFC 822, as
 * ISO 8601 and as any form a feed uses) and a text searched for a date; each
 * date read is formatted again; and when there are enough bytes, the first
 * ones are also the fields of a civil date, as the readers pass them. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "fuzz.h"

/* A format with every field the list and the reader show. */
#define FORMAT "%Y-%m-%d %H:%M:%S %z %a %b %j"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t when[4];
	char out[128];
	char *s = malloc(size + 1);
	size_t i;

	if (s == NULL) {
		return 0;
	}
	memcpy(s, data, size);
	s[size] = '\0';
	when[0] = nr_date_rfc822(s);
	when[1] = nr_date_iso8601(s);
	when[2] = nr_date_parse(s);
	when[3] = nr_date_find_in_text(s, size);
	for (i = 0; i < sizeof when / sizeof when[0]; i++) {
		nr_date_format(when[i], FORMAT, out, sizeof out);
	}
	/* Only the first bytes are searched for a date in prose. */
	(void)nr_date_find_in_text(s, size / 2);

	if (size >= 6 * sizeof(int32_t)) {
		int32_t f[6];

		memcpy(f, data, sizeof f);
		/* The readers pass the year as read (any int) and the other
		 * fields as read, in or out of their ranges. */
		nr_date_format(nr_date_from_civil(f[0], f[1], f[2], f[3], f[4], f[5]), FORMAT, out,
		    sizeof out);
	}
	free(s);
	return 0;
}
