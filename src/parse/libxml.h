/* libxml2 set up once for the whole program: no network, no external
 * entities or DTDs loaded, errors routed to the caller instead of stderr. */
#ifndef NR_PARSE_LIBXML_H
#define NR_PARSE_LIBXML_H

void nr_libxml_init(void);
void nr_libxml_cleanup(void);

#endif
