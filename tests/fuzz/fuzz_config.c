/* Fuzz target: a configuration file, as newsreader -c reads it. The loader
 * takes a path, so the input goes through a scratch file. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "config/settings.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nr_config cfg;
	struct nr_err err;

	nr_config_defaults(&cfg);
	(void)nr_config_load(&cfg, fuzz_tmpfile_write(data, size), 1, &err);
	nr_config_free(&cfg);
	return 0;
}
