/* A map from strings to numbers (an index into the caller's array, most
 * often), for the checks that would otherwise compare each new string
 * with every one before it: duplicate feeds, tags and section names in
 * an OPML import of any size. Open addressing on an FNV-1a hash; the keys
 * are copied. */
#ifndef NR_CORE_STRMAP_H
#define NR_CORE_STRMAP_H

#include <stddef.h>

struct nr_strmap {
	char **keys;
	size_t *values;
	size_t cap, n;
};

#define NR_STRMAP_INIT { NULL, NULL, 0, 0 }

/* Whether key is in the map; its value in *value (which may be NULL). */
int nr_strmap_get(const struct nr_strmap *m, const char *key, size_t *value);
/* Set key's value, adding it if it is new. */
void nr_strmap_put(struct nr_strmap *m, const char *key, size_t value);
void nr_strmap_free(struct nr_strmap *m);

#endif
