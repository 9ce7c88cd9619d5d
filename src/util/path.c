/*
 * XDG base directories:
 *   https://specifications.freedesktop.org/basedir-spec/latest/
 * A relative $XDG_CONFIG_HOME or $XDG_DATA_HOME is invalid by the spec and
 * is ignored, as is an empty one.
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "util/path.h"

/* $HOME, or the password database when it is unset or empty, or "/" when
 * neither knows; never ends in a slash unless it is "/". New string. */
static char *
home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;
	size_t len;

	if (home == NULL || home[0] == '\0') {
		pw = getpwuid(getuid());
		home = pw != NULL && pw->pw_dir != NULL && pw->pw_dir[0] != '\0' ? pw->pw_dir : "/";
	}
	len = strlen(home);
	while (len > 1 && home[len - 1] == '/') {
		len--;
	}
	return xstrndup(home, len);
}

/* base/rest, without doubling a slash at the join. */
static char *
join(const char *base, const char *rest)
{
	size_t len = strlen(base);

	while (len > 0 && base[len - 1] == '/') {
		len--;
	}
	while (rest[0] == '/') {
		rest++;
	}
	return xasprintf("%.*s/%s", (int)len, base, rest);
}

/* $var if it is an absolute path, else ~/fallback; then /file. */
static char *
xdg_file(const char *var, const char *fallback, const char *file)
{
	const char *dir = getenv(var);
	char *home, *base, *path;

	if (dir != NULL && dir[0] == '/') {
		return join(dir, file);
	}
	home = home_dir();
	base = join(home, fallback);
	path = join(base, file);
	free(base);
	free(home);
	return path;
}

char *
nr_path_config_file(void)
{
	return xdg_file("XDG_CONFIG_HOME", ".config", "newsreader/config.ini");
}

char *
nr_path_data_file(void)
{
	return xdg_file("XDG_DATA_HOME", ".local/share", "newsreader/newsreader.db");
}

char *
nr_path_expand(const char *path, const char *base_dir)
{
	const char *rest, *slash;
	char *home, *user, *r;
	struct passwd *pw;

	if (path[0] == '~') {
		rest = path + 1;
		slash = strchr(rest, '/');
		if (slash == NULL) {
			slash = rest + strlen(rest);
		}
		if (slash == rest) {
			home = home_dir();
		} else {
			/* ~user, as the shell reads it; an unknown user leaves
			 * the path as it was written. */
			user = xstrndup(rest, (size_t)(slash - rest));
			pw = getpwnam(user);
			free(user);
			if (pw == NULL || pw->pw_dir == NULL) {
				return xstrdup(path);
			}
			home = xstrdup(pw->pw_dir);
		}
		if (*slash == '\0') {
			return home;
		}
		r = join(home, slash);
		free(home);
		return r;
	}
	if (path[0] == '/' || path[0] == '\0' || base_dir == NULL || base_dir[0] == '\0') {
		return xstrdup(path);
	}
	return join(base_dir, path);
}

char *
nr_path_dirname(const char *path)
{
	size_t len = strlen(path);

	/* Trailing slashes, then the last component, then the slashes
	 * before it, as POSIX dirname() does. */
	while (len > 1 && path[len - 1] == '/') {
		len--;
	}
	while (len > 0 && path[len - 1] != '/') {
		len--;
	}
	if (len == 0) {
		return xstrdup(".");
	}
	while (len > 1 && path[len - 1] == '/') {
		len--;
	}
	return xstrndup(path, len);
}

char *
nr_path_basename(const char *path)
{
	size_t end = strlen(path), start;

	if (end == 0) {
		return xstrdup(".");
	}
	while (end > 1 && path[end - 1] == '/') {
		end--;
	}
	if (end == 1 && path[0] == '/') {
		return xstrdup("/");
	}
	start = end;
	while (start > 0 && path[start - 1] != '/') {
		start--;
	}
	return xstrndup(path + start, end - start);
}

char *
nr_path_follow(const char *path)
{
	char *cur = xstrdup(path);
	int hops;

	/* As the kernel would, at most 40 links deep (its ELOOP limit). */
	for (hops = 0; hops < 40; hops++) {
		struct stat sb;
		char *target, *dir;
		ssize_t n;
		size_t size = 256;

		if (lstat(cur, &sb) < 0 || !S_ISLNK(sb.st_mode)) {
			return cur;
		}
		for (;;) {
			target = xmalloc(size);
			n = readlink(cur, target, size);
			if (n < 0) {
				free(target);
				free(cur);
				return NULL;
			}
			if ((size_t)n < size) {
				break;
			}
			free(target);
			size *= 2;
		}
		target[n] = '\0';
		if (target[0] == '/') {
			free(cur);
			cur = target;
			continue;
		}
		/* Relative to the folder the link is in. */
		dir = nr_path_dirname(cur);
		free(cur);
		cur = xasprintf("%s/%s", dir, target);
		free(dir);
		free(target);
	}
	free(cur);
	errno = ELOOP;
	return NULL;
}
