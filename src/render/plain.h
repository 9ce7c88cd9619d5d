/* Bodies as plain text: HTML reduced to paragraphs of text (block elements
 * become paragraph breaks, white space collapsed as a browser does, script
 * and style dropped), text bodies passed through. Used by --dump --body; the
 * reader pane's renderer (styles, links, wrapping) builds on the same walk. */
#ifndef NR_RENDER_PLAIN_H
#define NR_RENDER_PLAIN_H

#include <stddef.h>

#include "core/model.h"

/* A new string: body as plain text, paragraphs separated by a blank line,
 * no leading or trailing white space. */
char *nr_render_plain(const char *body, enum nr_body_type type);

#endif
