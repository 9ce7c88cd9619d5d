#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/dump.h"
#include "app/state.h"
#include "nls.h"
#include "render/render.h"

static const char *const field_names[NR_DUMP_NFIELDS] = {
	[NR_DUMP_PUBLISHED] = "published",
	[NR_DUMP_UPDATED] = "updated",
	[NR_DUMP_SOURCE] = "source",
	[NR_DUMP_TITLE] = "title",
	[NR_DUMP_LINK] = "link",
	[NR_DUMP_AUTHOR] = "author",
	[NR_DUMP_AUTHOR_EMAIL] = "author_email",
	[NR_DUMP_AUTHOR_URI] = "author_uri",
	[NR_DUMP_ID] = "id",
	[NR_DUMP_CATEGORIES] = "categories",
	[NR_DUMP_ENCLOSURES] = "enclosures",
	[NR_DUMP_VIA] = "via",
	[NR_DUMP_VIA_LINK] = "via_link",
	[NR_DUMP_SOURCE_LINK] = "source_link",
	[NR_DUMP_SOURCE_KIND] = "source_kind",
	[NR_DUMP_SUMMARY] = "summary",
	[NR_DUMP_CONTENT] = "content",
	[NR_DUMP_BODY] = "body",
	[NR_DUMP_READ] = "read",
	[NR_DUMP_STARRED] = "starred",
	[NR_DUMP_CHANGED] = "changed",
	[NR_DUMP_AUTHORS] = "authors",
	[NR_DUMP_SOURCE_AUTHOR] = "source_author",
};

void
nr_dump_default_fields(struct nr_dump_fields *out, int with_body)
{
	static const enum nr_dump_field defaults[] = {
		NR_DUMP_PUBLISHED, NR_DUMP_SOURCE, NR_DUMP_TITLE, NR_DUMP_LINK, NR_DUMP_AUTHOR, NR_DUMP_ID,
	};
	size_t i;

	out->n = 0;
	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		out->f[out->n++] = defaults[i];
	}
	if (with_body) {
		out->f[out->n++] = NR_DUMP_BODY;
	}
}

/* The names of all fields, comma-separated (for messages). */
static const char *
all_field_names(void)
{
	static char names[512];
	size_t i;

	if (names[0] == '\0') {
		for (i = 0; i < NR_DUMP_NFIELDS; i++) {
			if (i > 0) {
				strcat(names, ",");
			}
			strcat(names, field_names[i]);
		}
	}
	return names;
}

int
nr_dump_parse_fields(const char *list, struct nr_dump_fields *out, struct nr_err *err)
{
	const char *p = list;

	out->n = 0;
	while (*p != '\0') {
		size_t len = strcspn(p, ","), i;

		if (len == 0) {
			p++;
			continue;
		}
		for (i = 0; i < NR_DUMP_NFIELDS; i++) {
			if (strlen(field_names[i]) == len && strncmp(field_names[i], p, len) == 0) {
				break;
			}
		}
		if (i == NR_DUMP_NFIELDS) {
			nr_err_set(err, NR_ERR_USAGE, _("unknown field '%.*s' (fields: %s)"), (int)len, p,
			    all_field_names());
			return -1;
		}
		if (out->n == NR_DUMP_MAX_FIELDS) {
			nr_err_set(err, NR_ERR_USAGE, _("too many fields"));
			return -1;
		}
		out->f[out->n++] = (enum nr_dump_field)i;
		p += len;
		if (*p == ',') {
			p++;
		}
	}
	if (out->n == 0) {
		nr_err_set(err, NR_ERR_USAGE, _("no fields given (fields: %s)"), all_field_names());
		return -1;
	}
	return 0;
}

int
nr_dump_needs_body(const struct nr_dump_fields *fields)
{
	size_t i;

	for (i = 0; i < fields->n; i++) {
		if (fields->f[i] == NR_DUMP_SUMMARY || fields->f[i] == NR_DUMP_CONTENT ||
		    fields->f[i] == NR_DUMP_BODY) {
			return 1;
		}
	}
	return 0;
}

/* Nonzero when fields show the user's state (read, starred). */
static int
needs_state(const struct nr_dump_fields *fields)
{
	size_t i;

	for (i = 0; i < fields->n; i++) {
		if (fields->f[i] == NR_DUMP_READ || fields->f[i] == NR_DUMP_STARRED || fields->f[i] == NR_DUMP_CHANGED) {
			return 1;
		}
	}
	return 0;
}

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

static void
add_time(struct nr_buf *line, int64_t t)
{
	if (t != NR_TIME_UNKNOWN) {
		nr_buf_printf(line, "%" PRId64, t);
	}
}

static void
add_field(struct nr_buf *line, const struct nr_list *list, const struct nr_list_entry *e,
    enum nr_dump_field f)
{
	const struct nr_item *it = &e->item;
	const struct nr_feed *feed = &list->feeds[e->feed];
	size_t i;

	switch (f) {
	case NR_DUMP_PUBLISHED:
		add_time(line, it->published);
		break;
	case NR_DUMP_UPDATED:
		add_time(line, it->updated);
		break;
	case NR_DUMP_SOURCE:
		nr_tsv_escape(line, feed->title);
		break;
	case NR_DUMP_TITLE:
		nr_tsv_escape(line, it->title);
		break;
	case NR_DUMP_LINK:
		nr_tsv_escape(line, it->link);
		break;
	case NR_DUMP_AUTHOR:
		nr_tsv_escape(line, it->author);
		break;
	case NR_DUMP_AUTHOR_EMAIL:
		nr_tsv_escape(line, it->author_email);
		break;
	case NR_DUMP_AUTHOR_URI:
		nr_tsv_escape(line, it->author_uri);
		break;
	case NR_DUMP_ID:
		nr_tsv_escape(line, it->id);
		break;
	case NR_DUMP_AUTHORS:
		/* The database keeps the names joined: then they are one. */
		if (it->nauthors == 0) {
			nr_tsv_escape(line, it->author);
		}
		for (i = 0; i < it->nauthors; i++) {
			const struct nr_author *a = &it->authors[i];

			if (i > 0) {
				nr_buf_adds(line, "\\n");
			}
			nr_tsv_escape(line, a->name != NULL ? a->name : a->email);
		}
		break;
	case NR_DUMP_CATEGORIES:
		for (i = 0; i < it->ncategories; i++) {
			if (i > 0) {
				nr_buf_adds(line, "\\n");
			}
			nr_tsv_escape(line, it->categories[i]);
		}
		break;
	case NR_DUMP_ENCLOSURES:
		for (i = 0; i < it->nenclosures; i++) {
			const struct nr_enclosure *en = &it->enclosures[i];

			if (i > 0) {
				nr_buf_adds(line, "\\n");
			}
			nr_tsv_escape(line, en->url);
			nr_buf_addc(line, ' ');
			nr_tsv_escape(line, en->type ? en->type : "-");
			if (en->length >= 0) {
				nr_buf_printf(line, " %" PRId64, en->length);
			} else {
				nr_buf_adds(line, " -");
			}
		}
		break;
	case NR_DUMP_VIA:
		nr_tsv_escape(line, it->source_title);
		break;
	case NR_DUMP_VIA_LINK:
		nr_tsv_escape(line, it->source_link);
		break;
	case NR_DUMP_SOURCE_LINK:
		nr_tsv_escape(line, feed->link);
		break;
	case NR_DUMP_SOURCE_AUTHOR:
		nr_tsv_escape(line, feed->author);
		break;
	case NR_DUMP_SOURCE_KIND:
		nr_buf_adds(line, nr_kind_name(feed->kind));
		break;
	case NR_DUMP_SUMMARY:
		nr_tsv_escape(line, it->summary);
		break;
	case NR_DUMP_CONTENT:
		nr_tsv_escape(line, it->content);
		break;
	case NR_DUMP_BODY: {
		/* Content when there is some, else the summary. */
		const char *body = it->content ? it->content : it->summary;
		enum nr_body_type type = it->content ? it->content_type : it->summary_type;

		if (body != NULL) {
			char *text = nr_render_plain(body, type);

			nr_tsv_escape(line, text);
			free(text);
		}
		break;
	}
	case NR_DUMP_READ:
		nr_buf_addc(line, e->read ? '1' : '0');
		break;
	case NR_DUMP_STARRED:
		nr_buf_addc(line, e->starred ? '1' : '0');
		break;
	case NR_DUMP_CHANGED:
		nr_buf_addc(line, e->changed ? '1' : '0');
		break;
	case NR_DUMP_NFIELDS:
		break;
	}
}

/* Write items [from, list->nitems) of list, without flushing. */
static int
write_items(FILE *fp, const struct nr_list *list, size_t from, const struct nr_dump_fields *fields,
    struct nr_buf *line)
{
	size_t i, j;

	for (i = from; i < list->nitems; i++) {
		nr_buf_reset(line);
		for (j = 0; j < fields->n; j++) {
			if (j > 0) {
				nr_buf_addc(line, '\t');
			}
			add_field(line, list, &list->items[i], fields->f[j]);
		}
		nr_buf_addc(line, '\n');
		if (fwrite(line->data, 1, line->len, fp) != line->len) {
			return -1;
		}
	}
	return 0;
}

int
nr_dump_write(FILE *fp, const struct nr_list *list, const struct nr_dump_fields *fields)
{
	struct nr_buf line = NR_BUF_INIT;
	int rc = write_items(fp, list, 0, fields, &line);

	nr_buf_free(&line);
	return rc == 0 && fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}

static int
write_list(FILE *fp, const struct nr_list *list, const struct nr_dump_fields *fields, struct nr_err *err)
{
	if (nr_dump_write(fp, list, fields) < 0) {
		nr_err_set(err, NR_ERR_IO, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* nr_store_list's callback: each row is written as it comes (its body
 * read then, if the fields want it), so that the first lines are out
 * before the last rows are read and memory does not grow with the
 * library; the list keeps the feeds, and one item at a time. */
struct db_fill {
	struct nr_list *list;
	struct nr_store *store;
	const struct nr_dump_fields *fields;
	FILE *fp;
	struct nr_buf line;
	int failed;             /* 1: the store's (err), 2: writing (errno) */
	int write_errno;
	struct nr_err err;
};

static int
fill_row(void *ud, const struct nr_store_row *row)
{
	struct db_fill *f = ud;
	size_t i;

	if (nr_list_add_row(f->list, row, f->store, &f->err) < 0) {
		f->failed = 1;
		return -1;
	}
	if (write_items(f->fp, f->list, 0, f->fields, &f->line) < 0) {
		f->failed = 2;
		f->write_errno = errno;
	}
	for (i = 0; i < f->list->nitems; i++) {
		nr_item_clear(&f->list->items[i].item);
	}
	f->list->nitems = 0;
	return f->failed ? -1 : 0;
}

int
nr_dump_database(FILE *fp, const char *db, unsigned filters, const struct nr_dump_fields *fields,
    struct nr_err *err)
{
	struct nr_list list;
	struct db_fill fill;
	struct stat sb;
	int rc = 0;

	if (stat(db, &sb) < 0) {
		/* No database yet: nothing has been read. */
		return 0;
	}
	memset(&fill, 0, sizeof fill);
	fill.store = nr_store_open(db, NR_STORE_READONLY, &fill.err);
	if (fill.store == NULL) {
		nr_err_set(err, fill.err.code, "%s: %s", db, fill.err.msg);
		return -1;
	}
	nr_list_init(&list, nr_dump_needs_body(fields));
	fill.list = &list;
	fill.fields = fields;
	fill.fp = fp;
	/* The store's order is the dump's: newest first. A body that cannot
	 * be read stops the list: its message is in fill.err, as a failure
	 * of the list's is. */
	if (nr_store_list(fill.store, filters, 0, fill_row, &fill, &fill.err) < 0 || fill.failed == 1) {
		nr_err_set(err, fill.err.code, "%s: %s", db, fill.err.msg);
		rc = -1;
	} else if (fill.failed == 2 || fflush(fp) != 0 || ferror(fp)) {
		nr_err_set(err, NR_ERR_IO, "%s", strerror(fill.failed == 2 ? fill.write_errno : errno));
		rc = -1;
	}
	nr_buf_free(&fill.line);
	nr_list_free(&list);
	nr_store_close(fill.store);
	return rc;
}

int
nr_dump_files(FILE *fp, struct nr_list *list, const char *db, unsigned filters,
    const struct nr_dump_fields *fields, struct nr_err *err)
{
	nr_list_sort(list, NR_SORT_NEWEST);
	if ((filters != 0 || needs_state(fields)) && nr_state_filter(list, db, filters, err) < 0) {
		return -1;
	}
	return write_list(fp, list, fields, err);
}
