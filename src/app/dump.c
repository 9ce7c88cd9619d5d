#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "app/dump.h"
#include "render/plain.h"

void
nr_tsv_escape(struct nr_buf *out, const char *s)
{
	const char *run;

	if (s == NULL) {
		return;
	}
	for (;;) {
		run = s;
		s += strcspn(s, "\\\t\n\r");
		nr_buf_add(out, run, (size_t)(s - run));
		switch (*s) {
		case '\0':
			return;
		case '\\':
			nr_buf_adds(out, "\\\\");
			break;
		case '\t':
			nr_buf_adds(out, "\\t");
			break;
		case '\n':
			nr_buf_adds(out, "\\n");
			break;
		case '\r':
			nr_buf_adds(out, "\\r");
			break;
		}
		s++;
	}
}

int
nr_dump_write(FILE *fp, const struct nr_list *list, int with_body)
{
	struct nr_buf line = NR_BUF_INIT;
	size_t i;

	for (i = 0; i < list->nitems; i++) {
		const struct nr_list_entry *e = &list->items[i];
		const struct nr_item *it = &e->item;

		nr_buf_reset(&line);
		if (it->published != NR_TIME_UNKNOWN) {
			nr_buf_printf(&line, "%" PRId64, it->published);
		}
		nr_buf_addc(&line, '\t');
		nr_tsv_escape(&line, list->feeds[e->feed].title);
		nr_buf_addc(&line, '\t');
		nr_tsv_escape(&line, it->title);
		nr_buf_addc(&line, '\t');
		nr_tsv_escape(&line, it->link);
		nr_buf_addc(&line, '\t');
		nr_tsv_escape(&line, it->author);
		nr_buf_addc(&line, '\t');
		nr_tsv_escape(&line, it->id);
		if (with_body) {
			/* Content when there is some, else the summary. */
			const char *body = it->content ? it->content : it->summary;
			enum nr_body_type type = it->content ? it->content_type : it->summary_type;

			nr_buf_addc(&line, '\t');
			if (body != NULL) {
				char *text = nr_render_plain(body, type);

				nr_tsv_escape(&line, text);
				free(text);
			}
		}
		nr_buf_addc(&line, '\n');
		if (fwrite(line.data, 1, line.len, fp) != line.len) {
			nr_buf_free(&line);
			return -1;
		}
	}
	nr_buf_free(&line);
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}
