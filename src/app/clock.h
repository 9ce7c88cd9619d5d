/* The time as app/ reads it, replaceable so that unit tests run schedules
 * on a clock of their own: wall-clock Unix seconds (reload intervals count
 * from the fetch times kept in the store) and a monotonic count of
 * milliseconds (throttles, which must not jump when the clock is set). */
#ifndef NR_APP_CLOCK_H
#define NR_APP_CLOCK_H

#include <stdint.h>

struct nr_clock {
	int64_t (*wall)(void *ud);      /* Unix seconds */
	int64_t (*mono_ms)(void *ud);   /* milliseconds, never going back */
	void *ud;
};

/* The time of clock c, or of the system's clocks when c is NULL. */
int64_t nr_clock_wall(const struct nr_clock *c);
int64_t nr_clock_mono_ms(const struct nr_clock *c);

#endif
