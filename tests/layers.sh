#!/bin/sh
# The layering of the modules, read from the #include lines under src/: a
# file includes headers of its own floor or lower ones only, parse/ and
# render/ never include each other, and each library is included only by
# the module that wraps it; a module's private header (*_int.h) is
# included inside the module only. Every breach is named with its file and line.
# The checker is first run on a small tree with known breaches, so that a
# checker that can no longer fail does not pass.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# check DIR: print one line per breach in DIR (a tree shaped like src/).
check() {
	(cd "$1" && find . -name '*.[ch]' | sed 's|^\./||' | LC_ALL=C sort | while read -r f; do
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$f" | sed "s|^|$f:|"
	done) | awk '
	# The floors, lowest first: core (with config.h, nls.h and compat.h
	# at the top of src/); util; store, net, config and the small modules
	# wrapping a library (markup: libxml2 set-up); parse and render; app;
	# ui; main.c.
	function floor(m) {
		if (m == "core" || m == "top") return 0
		if (m == "util") return 1
		if (m == "store" || m == "net" || m == "config" || m == "markup") return 2
		if (m == "parse" || m == "render") return 3
		if (m == "app") return 4
		if (m == "ui") return 5
		if (m == "main") return 6
		return -1
	}
	# The module of a file under src/.
	function module_of(path) {
		if (path == "main.c") return "main"
		if (path == "config.h" || path == "nls.h" || path == "compat.h") return "top"
		if (index(path, "/") == 0) return "?" path
		return substr(path, 1, index(path, "/") - 1)
	}
	# Which modules may include a library header, or "" for any.
	function owners(h) {
		if (h ~ /^(n?cursesw?\/|n?cursesw?\.h$|term\.h$|panel\.h$|menu\.h$|form\.h$)/) return "ui"
		if (h ~ /^curl\//) return "net"
		if (h ~ /^libxml\//) return "parse markup"
		if (h ~ /^libintl\.h$/) return "top"
		if (h ~ /^sqlite3/) return "store"
		if (h ~ /^(zstd\.h$|zdict\.h$|zstd_errors\.h$)/) return "store"
		if (h ~ /^iniparser/) return "config"
		if (h ~ /^(json\.h$|json-c\/)/) return "parse"
		if (h ~ /^(uni(lbrk|gbrk|wbrk|case|norm|ctype|width|str|types|conv|name)\.h$|utf8proc\.h$|thai\/|fribidi)/) return "util"
		return ""
	}
	# Owners as a reader names them: "parse/, markup/"; the top files by name.
	function shown(o) {
		if (o == "top") return "nls.h"
		gsub(/ /, "/, ", o)
		return o "/"
	}
	{
		# file:line:#include ...
		file = $0; sub(/:.*/, "", file)
		rest = substr($0, length(file) + 2)
		line = rest; sub(/:.*/, "", line)
		inc = substr(rest, length(line) + 2)
		from = module_of(file)
		if (floor(from) < 0) {
			printf "%s:%s: %s is in no module of the layering\n", file, line, file
			next
		}
		if (match(inc, /<[^>]*>/)) {
			h = substr(inc, RSTART + 1, RLENGTH - 2)
			o = owners(h)
			if (o != "" && index(" " o " ", " " from " ") == 0) {
				printf "%s:%s: <%s> belongs to %s only\n", file, line, h, shown(o)
			}
			next
		}
		if (!match(inc, /"[^"]*"/)) {
			next
		}
		h = substr(inc, RSTART + 1, RLENGTH - 2)
		to = module_of(h)
		if (floor(to) < 0) {
			printf "%s:%s: \"%s\" is in no module of the layering\n", file, line, h
		} else if (floor(to) > floor(from)) {
			printf "%s:%s: %s includes %s, from a higher floor\n", file, line, from, h
		} else if (h ~ /_int\.h$/ && to != from) {
			printf "%s:%s: %s is private to %s/\n", file, line, h, to
		} else if ((from == "parse" && to == "render") || (from == "render" && to == "parse")) {
			printf "%s:%s: %s includes %s: parse and render never include each other\n", file, line, from, h
		} else if (floor(from) == 2 && floor(to) == 2 && to != from) {
			printf "%s:%s: %s includes %s: the modules wrapping a library stand side by side, each on its own\n", file, line, from, h
		}
	}'
}

# The checker itself: a tree with one breach of each kind, and lines that
# are fine.
t=$TMP/src
mkdir -p "$t/core" "$t/util" "$t/parse" "$t/render" "$t/app" "$t/ui" "$t/store" "$t/odd"
printf '#include "config.h"\n#include "nls.h"\n#include "core/err.h"\n' >"$t/core/err.c"
printf '#include "config.h"\n#include "app/list.h"\n' >"$t/util/bad.c"
printf '#include <libxml/tree.h>\n#include "render/wrap.h"\n#include "util/url.h"\n' >"$t/parse/p.c"
printf '#include "parse/source.h"\n#include "markup/markup.h"\n#include <libxml/HTMLparser.h>\n#include <unicase.h>\n' >"$t/render/r.h"
printf '# include <curses.h>\n#include "store/store.h"\n#include <sqlite3.h>\n#include <libintl.h>\n' >"$t/app/a.c"
printf '#include <ncursesw/curses.h>\n#include "app/list.h"\n#include "main.h"\n' >"$t/ui/u.c"
printf '#include "ui/ui.h"\n#include <curl/curl.h>\n#include <iniparser.h>\n#include "store/store_int.h"\n#include "net/fetch.h"\n' >"$t/store/s.c"
printf '#include "core/err.h"\n' >"$t/odd/o.c"
printf '#include "ui/ui.h"\n#include "app/list.h"\n#include "store/store_int.h"\n' >"$t/main.c"
check "$t" >"$TMP/self"
cat >"$TMP/want" <<'END'
app/a.c:1: <curses.h> belongs to ui/ only
app/a.c:3: <sqlite3.h> belongs to store/ only
app/a.c:4: <libintl.h> belongs to nls.h only
main.c:3: store/store_int.h is private to store/
odd/o.c:1: odd/o.c is in no module of the layering
parse/p.c:2: parse includes render/wrap.h: parse and render never include each other
render/r.h:1: render includes parse/source.h: parse and render never include each other
render/r.h:3: <libxml/HTMLparser.h> belongs to parse/, markup/ only
render/r.h:4: <unicase.h> belongs to util/ only
store/s.c:1: store includes ui/ui.h, from a higher floor
store/s.c:2: <curl/curl.h> belongs to net/ only
store/s.c:3: <iniparser.h> belongs to config/ only
store/s.c:5: store includes net/fetch.h: the modules wrapping a library stand side by side, each on its own
ui/u.c:3: "main.h" is in no module of the layering
util/bad.c:2: util includes app/list.h, from a higher floor
END
checks=$((checks + 1))
diff "$TMP/want" "$TMP/self" >"$TMP/diff" || fail "the checker does not find what it should: $(cat "$TMP/diff")"

# The tree.
check "$top_srcdir/src" >"$TMP/breaches"
checks=$((checks + 1))
if [ -s "$TMP/breaches" ]; then
	fail "includes that break the layering:
$(sed 's|^|  src/|' "$TMP/breaches")"
fi
finish
