#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "t.h"
#include "util/path.h"

static void
set_or_unset(const char *name, const char *value)
{
	if (value != NULL) {
		setenv(name, value, 1);
	} else {
		unsetenv(name);
	}
}

static void
test_names(void)
{
	static const struct {
		const char *in, *dir, *base;
	} cases[] = {
		{ "/a/b", "/a", "b" },
		{ "/a/b/", "/a", "b" },
		{ "a", ".", "a" },
		{ "a/", ".", "a" },
		{ "/", "/", "/" },
		{ "//", "/", "/" },
		{ "", ".", "." },
		{ "/a", "/", "a" },
		{ "a/b//c", "a/b", "c" },
		{ "a//b", "a", "b" },
		{ "./x.ini", ".", "x.ini" },
		{ "../x", "..", "x" },
		{ "/a//b///", "/a", "b" },
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = nr_path_dirname(cases[i].in);
		CHECK_STR(s, cases[i].dir);
		free(s);
		s = nr_path_basename(cases[i].in);
		CHECK_STR(s, cases[i].base);
		free(s);
	}
}

static void
test_expand(void)
{
	static const struct {
		const char *in, *base, *want;
	} cases[] = {
		{ "~", NULL, "/home/u" },
		{ "~/", NULL, "/home/u/" },
		{ "~/x/y", NULL, "/home/u/x/y" },
		{ "~/x", "/etc", "/home/u/x" },
		{ "/abs", "/etc", "/abs" },
		{ "rel", "/etc", "/etc/rel" },
		{ "rel", "/etc/", "/etc/rel" },
		{ "rel", NULL, "rel" },
		{ "x", "", "x" },
		{ "", "/etc", "" },
		{ "a~b", NULL, "a~b" },
		{ "~nosuchuser_xyz/x", NULL, "~nosuchuser_xyz/x" },
		{ "~root", NULL, "/root" },
		{ "~root/x", "/b", "/root/x" },
	};
	size_t i;
	char *s;

	/* A trailing slash on $HOME does not double at the join. */
	setenv("HOME", "/home/u/", 1);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = nr_path_expand(cases[i].in, cases[i].base);
		CHECK_STR(s, cases[i].want);
		free(s);
	}
}

static void
test_xdg(void)
{
	static const struct {
		const char *home, *config, *data, *want_config, *want_data;
	} cases[] = {
		{ "/home/u", NULL, NULL, "/home/u/.config/newsreader/config.ini",
		  "/home/u/.local/share/newsreader/newsreader.db" },
		{ "/home/u", "/x/cfg", "/x/data/", "/x/cfg/newsreader/config.ini",
		  "/x/data/newsreader/newsreader.db" },
		/* Relative or empty XDG variables are ignored, per the spec. */
		{ "/home/u", "rel", "", "/home/u/.config/newsreader/config.ini",
		  "/home/u/.local/share/newsreader/newsreader.db" },
		{ "/", NULL, NULL, "/.config/newsreader/config.ini",
		  "/.local/share/newsreader/newsreader.db" },
	};
	struct passwd *pw;
	size_t i;
	char *s, *want;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		set_or_unset("HOME", cases[i].home);
		set_or_unset("XDG_CONFIG_HOME", cases[i].config);
		set_or_unset("XDG_DATA_HOME", cases[i].data);
		s = nr_path_config_file();
		CHECK_STR(s, cases[i].want_config);
		free(s);
		s = nr_path_data_file();
		CHECK_STR(s, cases[i].want_data);
		free(s);
	}
	/* Without $HOME, the password database. */
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_dir[0] == '/' && pw->pw_dir[1] != '\0') {
		unsetenv("HOME");
		unsetenv("XDG_CONFIG_HOME");
		want = xasprintf("%s/.config/newsreader/config.ini", pw->pw_dir);
		s = nr_path_config_file();
		CHECK_STR(s, want);
		free(s);
		free(want);
	}
}

int
main(void)
{
	t_init();
	test_names();
	test_expand();
	test_xdg();
	return t_done();
}
