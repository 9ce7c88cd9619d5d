#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/xmalloc.h"

static size_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s != '\0'; s++) {
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	}
	return (size_t)h;
}

/* The slot of key, or the empty slot where it would go. */
static size_t
slot(const struct nr_strmap *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);

	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0) {
		i = (i + 1) & (m->cap - 1);
	}
	return i;
}

int
nr_strmap_get(const struct nr_strmap *m, const char *key, size_t *value)
{
	size_t i;

	if (m->cap == 0) {
		return 0;
	}
	i = slot(m, key);
	if (m->keys[i] == NULL) {
		return 0;
	}
	if (value != NULL) {
		*value = m->values[i];
	}
	return 1;
}

void
nr_strmap_put(struct nr_strmap *m, const char *key, size_t value)
{
	size_t i;

	/* At most half full: probes stay short. */
	if ((m->n + 1) * 2 > m->cap) {
		struct nr_strmap big = { NULL, NULL, m->cap ? m->cap * 2 : 16, m->n };

		big.keys = xcalloc(big.cap, sizeof *big.keys);
		big.values = xcalloc(big.cap, sizeof *big.values);
		for (i = 0; i < m->cap; i++) {
			if (m->keys[i] != NULL) {
				size_t j = slot(&big, m->keys[i]);

				big.keys[j] = m->keys[i];
				big.values[j] = m->values[i];
			}
		}
		free(m->keys);
		free(m->values);
		*m = big;
	}
	i = slot(m, key);
	if (m->keys[i] == NULL) {
		m->keys[i] = xstrdup(key);
		m->n++;
	}
	m->values[i] = value;
}

void
nr_strmap_free(struct nr_strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		free(m->keys[i]);
	}
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof *m);
}
