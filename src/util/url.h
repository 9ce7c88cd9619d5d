/* URLs: telling an absolute reference from a relative one, and resolving
 * a reference against a base URL by RFC 3986's algorithm, for the links
 * of feeds (xml:base, the feed's own address) and of the articles'
 * HTML. Strings only: nothing here looks up or fetches anything. */
#ifndef NR_URL_H
#define NR_URL_H

/* Nonzero when s starts with a URI scheme and a colon ("https:",
 * "mailto:"): an absolute reference, not a path. */
int nr_url_has_scheme(const char *s);

/* A new string: ref resolved against base as RFC 3986 section 5.2 says
 * (dot segments removed, the base's query kept for an empty reference,
 * the reference's fragment kept). Characters the RFC does not allow in a
 * URI, such as a space or `, are taken as they are, as browsers do.
 * A copy of ref when ref has a scheme of its own, or when base is NULL
 * or has none; NULL only when ref is NULL. */
char *nr_url_resolve(const char *base, const char *ref);

/* A new string: the file: URL of a local path, made absolute (symbolic
 * links resolved) when the file exists; bytes outside printable ASCII and
 * those a URL reserves for itself (% # ? " < > \ ^ ` { | } and the space)
 * percent-encoded. Articles read from files have it as their link and id,
 * and feed files as the base of their relative links. */
char *nr_url_from_path(const char *path);

#endif
