/* HTML article files and pages: reader mode. The article is found by score
 * (parse/extract.c), not by the order of the page's containers, and pruned
 * of what is not the story; the metadata come from Open Graph, JSON-LD,
 * Dublin Core and the page's own headings and bylines: the title without
 * the site's name, the author, the date, the site's name and the lead
 * image. The character set is the one the page declares unless its bytes
 * contradict it. */
#ifndef NR_PARSE_HTMLFILE_H
#define NR_PARSE_HTMLFILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"

/* nr_htmlfile_parse_ex's flags: the whole body, no extraction. */
#define NR_HTMLFILE_WHOLE 1u

/* What a parse learnt beside the item. */
struct nr_htmlfile_info {
	char *site;             /* the site's name, or NULL */
	char *image;            /* the lead image's URL, or NULL */
	int whole;              /* no article stood out: the whole body was kept */
	struct nr_err warning;  /* code NR_ERR_NONE, or what was read otherwise
	                         * than the page said (its character set) */
};

/* Parse data[0..n) into item (title, author, link if the page names its
 * canonical URL, content as NR_BODY_HTML: the article, or the whole body
 * with flags NR_HTMLFILE_WHOLE; published: the page's date, else mtime;
 * the lead image as an enclosure when the article does not show it) and
 * info (freed with nr_htmlfile_info_free, also after an error). Returns
 * -1 with err if the page holds no text. */
int nr_htmlfile_parse_ex(const char *data, size_t n, int64_t mtime, unsigned flags, struct nr_item *item,
    struct nr_htmlfile_info *info, struct nr_err *err);
void nr_htmlfile_info_free(struct nr_htmlfile_info *info);

/* The same with the defaults; *site_name is a new string or NULL. */
int nr_htmlfile_parse(const char *data, size_t n, int64_t mtime, struct nr_item *item,
    char **site_name, struct nr_err *err);

#endif
