#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/print.h"
#include "config/keys.h"
#include "core/buf.h"
#include "nls.h"
#include "util/date.h"
#include "util/utf8.h"

void
nr_print_list(FILE *fp, const struct nr_list *list, const struct nr_config *cfg, int cols)
{
	int source_cols = cols >= 60 ? 18 : 8;
	int date_width;
	char sample[64];
	size_t i;

	/* Articles with no date keep the columns aligned. */
	nr_date_format(0, cfg->date_format, sample, sizeof sample);
	date_width = nr_utf8_width(sample);

	for (i = 0; i < list->nitems; i++) {
		const struct nr_list_entry *e = &list->items[i];
		char date[64];
		char *source, *title;
		int date_cols, rest;

		nr_date_format(e->item.published, cfg->date_format, date, sizeof date);
		date_cols = nr_utf8_width(date);
		if (date_cols < date_width) {
			size_t len = strlen(date), pad = (size_t)(date_width - date_cols);

			if (len + pad < sizeof date) {
				memset(date + len, ' ', pad);
				date[len + pad] = '\0';
				date_cols = date_width;
			}
		}
		source = nr_utf8_fit(list->feeds[e->feed].title, source_cols, 1);
		rest = cols - date_cols - source_cols - 2;
		title = nr_utf8_fit(e->item.title && e->item.title[0] ? e->item.title : _("(no title)"),
		    rest > 0 ? rest : 0, 0);
		fprintf(fp, "%s %s %s\n", date, source, title);
		free(source);
		free(title);
	}
}

/* A binding list as an INI value: quoted when a key name holds a comment
 * character or would otherwise be misread (see config.c). */
static void
print_value(FILE *fp, const char *value)
{
	size_t n = strlen(value);

	if (strpbrk(value, ";#") != NULL || (n > 0 && value[n - 1] == '\\') || value[0] == '"' ||
	    value[0] == '\'') {
		fprintf(fp, strchr(value, '"') != NULL ? "'%s'\n" : "\"%s\"\n", value);
	} else {
		fprintf(fp, "%s\n", value);
	}
}

void
nr_print_keys(FILE *fp, const struct nr_config *cfg)
{
	/* The file's name as given on the command line: no escape
	 * sequence of it reaches the terminal. */
	char *path = cfg->path != NULL ? nr_utf8_sanitize(cfg->path, strlen(cfg->path), 0) : NULL;
	int ctx, a;

	fprintf(fp, _("; Key bindings in effect (%s).\n"), path != NULL ? path : _("the defaults"));
	free(path);
	for (ctx = 0; ctx < NR_CTX_COUNT; ctx++) {
		fprintf(fp, "\n[keys.%s]\n", nr_context_name((enum nr_context)ctx));
		for (a = 1; a < NR_ACT_COUNT; a++) {
			struct nr_buf b = NR_BUF_INIT;
			uint32_t keys[NR_KEYMAP_MAX];
			size_t n, k;

			if ((nr_action_contexts((enum nr_action)a) & (1u << ctx)) == 0) {
				continue;
			}
			n = nr_keymap_keys(&cfg->keys[ctx], (enum nr_action)a, keys, NR_KEYMAP_MAX);
			for (k = 0; k < n && k < NR_KEYMAP_MAX; k++) {
				char name[NR_KEY_NAME_MAX];

				nr_key_name(keys[k], name, sizeof name);
				if (k > 0) {
					nr_buf_addc(&b, ' ');
				}
				nr_buf_adds(&b, name);
			}
			fprintf(fp, "%s = ", nr_action_name((enum nr_action)a));
			print_value(fp, n > 0 ? nr_buf_str(&b) : "none");
			nr_buf_free(&b);
		}
	}
}
