/* Dates: RFC 822/2822 (RSS), RFC 3339/ISO 8601 (Atom, dc:date, HTML
 * <time>) and dates written in the prose of an article, converted to 64-bit
 * Unix seconds. A date that cannot be read is NR_TIME_UNKNOWN, never a
 * wrong date and never "now". */
#ifndef NR_DATE_H
#define NR_DATE_H

#include <stddef.h>
#include <stdint.h>

/* The same value core/model.h defines, so that this header stands alone. */
#ifndef NR_TIME_UNKNOWN
#define NR_TIME_UNKNOWN INT64_MIN
#endif

/* Seconds since the epoch of a civil UTC date and time; any year. */
int64_t nr_date_from_civil(int64_t year, int month, int day, int hour, int min, int sec);

int64_t nr_date_rfc822(const char *s);
int64_t nr_date_iso8601(const char *s);
/* Try every form a feed may use. */
int64_t nr_date_parse(const char *s);
/* The first date written in a block of text (e.g. "February 20, 2022",
 * "20 February 2022", "2022-02-20", with an optional time after it), or
 * NR_TIME_UNKNOWN. Only the first limit bytes are searched. */
int64_t nr_date_find_in_text(const char *text, size_t limit);

/* Format t (local time) with strftime format fmt into buf; "" if unknown. */
void nr_date_format(int64_t t, const char *fmt, char *buf, size_t size);

#endif
