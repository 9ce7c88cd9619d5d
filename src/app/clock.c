/*
 * The system's clocks behind struct nr_clock, or the clock a test gives.
 */
#include "config.h"

#include <time.h>

#include "app/clock.h"

int64_t
nr_clock_wall(const struct nr_clock *c)
{
	if (c != NULL) {
		return c->wall(c->ud);
	}
	return (int64_t)time(NULL);
}

int64_t
nr_clock_mono_ms(const struct nr_clock *c)
{
	struct timespec ts;

	if (c != NULL) {
		return c->mono_ms(c->ud);
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
