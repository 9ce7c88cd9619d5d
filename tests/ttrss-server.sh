# A real Tiny Tiny RSS for the sync tests and the sync benchmark, sourced
# after tests/lib.sh and tests/httpd.sh. It installs nothing: it runs
# Debian 12's tt-rss (the 2021 code, API level 15) from a copy of its web
# root with a config.php of its own, under PHP's built-in server on
# 127.0.0.1 (with as many workers as php-fpm's default pool), over a throwaway PostgreSQL cluster whose socket lives in a
# scratch folder (no TCP). ./bootstrap installs the packages; without them
# the test is skipped (exit 77).
#
# initdb and tt-rss's update.php refuse to run as root, so when the tests
# run as root (CI) the server side runs as "nobody" (through setpriv, of
# util-linux) in a folder of its own under /tmp (the test's own scratch
# folder is private to root).
#
# tt-rss fetches feeds only from ports 80/443 and never from a loopback
# address, so the feeds it subscribes to name the reserved address
# 192.0.2.1 (TEST-NET-1, RFC 5737) on port 80, and its _HTTP_PROXY sends
# every fetch to tests/httpd.py, which answers a proxied request by its path.
#
# Sets: TTRSS_URL (the web root's URL), TTRSS_FEEDS (http://192.0.2.1/files,
# the feeds of $TMP/www as tt-rss sees them), TTRSS_LOG (one line per API
# request: "op seconds feed_id"). Functions: ttrss_sql SQL, ttrss_update (fetch every
# feed now), ttrss_stop / ttrss_start (the web server only; the database
# stays), ttrss_pause / ttrss_resume (the web server stalls: SIGSTOP),
# ttrss_api_enable true|false, ttrss_log_to syslog|sql (where tt-rss writes
# PHP's warnings).

ttrss_www=/usr/share/tt-rss/www
ttrss_schema=/usr/share/tt-rss/schema/ttrss_schema_pgsql.sql
ttrss_pgbin=
for d in /usr/lib/postgresql/*/bin; do
	if [ -x "$d/initdb" ]; then
		ttrss_pgbin=$d
	fi
done
ttrss_php=$(command -v php 2>/dev/null || true)
if [ ! -f "$ttrss_www/api/index.php" ] || [ ! -f "$ttrss_schema" ] || [ -z "$ttrss_pgbin" ] ||
	[ -z "$ttrss_php" ]; then
	echo "tt-rss, PostgreSQL or PHP is not installed (./bootstrap installs them): skipped"
	exit 77
fi
for ext in pgsql curl intl mbstring xml; do
	if ! "$ttrss_php" -m 2>/dev/null | grep -qi "^$ext\$" && ! { [ "$ext" = xml ] &&
		"$ttrss_php" -m | grep -qi '^dom$'; }; then
		echo "PHP's $ext extension is not installed (./bootstrap installs it): skipped"
		exit 77
	fi
done

# The server side's user and folder.
if [ "$(id -u)" -eq 0 ]; then
	ttrss_user=nobody
	# setpriv runs the command itself (runuser would stay as its
	# parent, and ttrss_pause would stop runuser, not the server).
	ttrss_gid=$(id -g nobody)
	ttrss_as() {
		setpriv --reuid=nobody --regid="$ttrss_gid" --clear-groups -- "$@"
	}
else
	ttrss_user=$(id -un)
	ttrss_as() {
		"$@"
	}
fi
TT=$(mktemp -d "/tmp/nr-ttrss.XXXXXX")
chmod 755 "$TT"
ttrss_web=
# Every step whatever the others did (a caller may have set -e).
ttrss_cleanup() {
	if [ -n "$ttrss_web" ]; then
		kill -CONT $(ttrss_pids) 2>/dev/null || :
		kill $(ttrss_pids) 2>/dev/null || :
		wait "$ttrss_web" 2>/dev/null || :
	fi
	if [ -f "$TT/pg/postmaster.pid" ]; then
		ttrss_as "$ttrss_pgbin/pg_ctl" -D "$TT/pg" -m immediate stop >/dev/null 2>&1 || :
	fi
	rm -rf "$TT" || :
}
trap 'ttrss_cleanup; kill "$httpd" 2>/dev/null || :; wait "$httpd" 2>/dev/null || :;
	[ -n "${SOCK:-}" ] && tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
# A signal ends the script through its EXIT trap.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 141' PIPE

ttrss_fail() {
	echo "tt-rss did not start: $*" >&2
	for f in "$TT/pg.log" "$TT/web.log" "$TT/setup.log"; do
		[ -f "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }
	done
	exit 99
}

# The database: trust over a socket in $TT/run, no TCP, no fsync (thrown away).
mkdir "$TT/run" "$TT/cache" "$TT/cache/images" "$TT/cache/upload" "$TT/cache/export" \
	"$TT/lock" "$TT/icons"
chown -R "$ttrss_user" "$TT"
ttrss_as "$ttrss_pgbin/initdb" -D "$TT/pg" -U ttrss -A trust -E UTF8 --no-locale \
	>"$TT/setup.log" 2>&1 || ttrss_fail "initdb failed"
ttrss_as "$ttrss_pgbin/pg_ctl" -D "$TT/pg" -l "$TT/pg.log" -w -o \
	"-k $TT/run -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
	start >>"$TT/setup.log" 2>&1 || ttrss_fail "pg_ctl start failed"

ttrss_sql() {
	ttrss_as "$ttrss_pgbin/psql" -h "$TT/run" -U ttrss -d ttrss -qAt -v ON_ERROR_STOP=1 -c "$1"
}
ttrss_as "$ttrss_pgbin/createdb" -h "$TT/run" -U ttrss ttrss >>"$TT/setup.log" 2>&1 ||
	ttrss_fail "createdb failed"
ttrss_as "$ttrss_pgbin/psql" -h "$TT/run" -U ttrss -d ttrss -q -v ON_ERROR_STOP=1 \
	-f "$ttrss_schema" >>"$TT/setup.log" 2>&1 || ttrss_fail "the schema did not load"

ttrss_api_enable() {
	ttrss_sql "DELETE FROM ttrss_user_prefs WHERE owner_uid = 1 AND pref_name = 'ENABLE_API_ACCESS';
		INSERT INTO ttrss_user_prefs (owner_uid, pref_name, profile, value)
		VALUES (1, 'ENABLE_API_ACCESS', NULL, '$1');"
}
ttrss_api_enable true >>"$TT/setup.log" 2>&1 || ttrss_fail "could not enable the API"
# tt-rss's updater only takes feeds of users with an update interval in
# their preferences (a login through the web interface writes it).
ttrss_sql "INSERT INTO ttrss_user_prefs (owner_uid, pref_name, profile, value)
	VALUES (1, 'DEFAULT_UPDATE_INTERVAL', NULL, '30')" >>"$TT/setup.log" 2>&1 ||
	ttrss_fail "could not set the update interval"

# The web root: a copy (Debian's config.php points into /etc), with a
# config.php of our own in the define() style of this version.
cp -R "$ttrss_www" "$TT/www"
# Debian's web root links into /usr/share by relative paths, which the copy
# would break: point each link at what it names in the original.
(cd "$TT/www" && find . -type l) | while read -r link; do
	target=$(readlink -f "$ttrss_www/$link") && [ -e "$target" ] && ln -sfn "$target" "$TT/www/$link"
done
rm -f "$TT/www/config.php" "$TT/www/feed-icons"
ln -s "$TT/icons" "$TT/www/feed-icons"
httpd_port=${HTTPD_BASE##*:}
ttrss_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TTRSS_URL=http://127.0.0.1:$ttrss_port
TTRSS_FEEDS=http://192.0.2.1/files
TTRSS_LOG=$TT/api.log
# Where tt-rss writes PHP's warnings: syslog, as Debian's own config.php
# (/etc/tt-rss/config.php) has it. tt-rss 2021 on PHP 8.2 raises four for
# every headline it lists (constants defined again, an array key missing);
# "sql" (tt-rss's own log, shown in its Preferences) makes each an INSERT
# with a backtrace into ttrss_error_log, which bench/bench-sync.sh measures
# (BENCH_LOG_TO). TTRSS_LOG_DESTINATION chooses.
ttrss_log_destination=${TTRSS_LOG_DESTINATION:-syslog}
cat >"$TT/www/config.php" <<EOF
<?php
	define('DB_TYPE', 'pgsql');
	define('DB_HOST', '$TT/run');
	define('DB_PORT', '5432');
	define('DB_USER', 'ttrss');
	define('DB_NAME', 'ttrss');
	define('DB_PASS', '');
	define('MYSQL_CHARSET', 'UTF8');
	define('SELF_URL_PATH', '$TTRSS_URL/');
	define('SINGLE_USER_MODE', false);
	define('SIMPLE_UPDATE_MODE', false);
	define('PHP_EXECUTABLE', '$ttrss_php');
	define('LOCK_DIRECTORY', '$TT/lock');
	define('CACHE_DIR', '$TT/cache');
	define('ICONS_DIR', '$TT/icons');
	define('ICONS_URL', 'feed-icons');
	define('AUTH_AUTO_CREATE', false);
	define('AUTH_AUTO_LOGIN', false);
	define('FORCE_ARTICLE_PURGE', 0);
	define('ENABLE_REGISTRATION', false);
	define('REG_NOTIFY_ADDRESS', 'nobody@example.invalid');
	define('REG_MAX_USERS', 0);
	define('SESSION_COOKIE_LIFETIME', 86400);
	define('SMTP_FROM_NAME', 'Tiny Tiny RSS');
	define('SMTP_FROM_ADDRESS', 'nobody@example.invalid');
	define('DIGEST_SUBJECT', 'digest');
	define('CHECK_FOR_UPDATES', false);
	define('ENABLE_GZIP_OUTPUT', false);
	define('PLUGINS', 'auth_internal');
	define('LOG_DESTINATION', '$ttrss_log_destination');
	define('CONFIG_VERSION', 26);
	define('_HTTP_PROXY', '127.0.0.1:$httpd_port');
	define('_SKIP_SELF_URL_PATH_CHECKS', true);
EOF
# A router in front of the API logs each request's operation, the seconds
# the server spent on it and its feed_id ("-" if none), "op seconds feed",
# when it has answered (the benchmark counts requests and server time from
# it), then hands over to tt-rss.
cat >"$TT/router.php" <<EOF
<?php
if (strpos(\$_SERVER['REQUEST_URI'], '/api/') === 0) {
	\$body = json_decode(file_get_contents('php://input'), true);
	\$op = is_array(\$body) && isset(\$body['op']) ? \$body['op'] : '?';
	\$feed = is_array(\$body) && isset(\$body['feed_id']) ? (int)\$body['feed_id'] : '-';
	\$start = microtime(true);
	register_shutdown_function(function () use (\$op, \$feed, \$start) {
		file_put_contents('$TTRSS_LOG', sprintf("%s %.3f %s\n", \$op, microtime(true) - \$start, \$feed),
		    FILE_APPEND | LOCK_EX);
	});
}
return false;
EOF
# The log is the server's to append to (the tests empty it as root).
: >"$TTRSS_LOG"
chown -R "$ttrss_user" "$TT/www" "$TT/router.php" "$TTRSS_LOG"

# Five workers, as php-fpm's pool in Debian's default www.conf (pm =
# dynamic, pm.max_children = 5): up to five requests made at once are
# answered at once. TTRSS_WORKERS chooses (read at each ttrss_start).
TTRSS_WORKERS=${TTRSS_WORKERS:-5}
ttrss_start() {
	(cd "$TT/www" && PHP_CLI_SERVER_WORKERS=$TTRSS_WORKERS runuser_or_not "$ttrss_php" -d error_reporting=E_ERROR -d display_errors=0 \
		-d variables_order=EGPCS -S "127.0.0.1:$ttrss_port" -t "$TT/www" "$TT/router.php") \
		>>"$TT/web.log" 2>&1 &
	ttrss_web=$!
	i=0
	while ! python3 -c "import socket; socket.create_connection(('127.0.0.1', $ttrss_port), 1)" \
		2>/dev/null; do
		if ! kill -0 "$ttrss_web" 2>/dev/null || [ "$i" -ge 100 ]; then
			ttrss_fail "php -S did not listen on port $ttrss_port"
		fi
		sleep 0.1
		i=$((i + 1))
	done
}
runuser_or_not() {
	if [ "$(id -u)" -eq 0 ]; then
		exec setpriv --reuid=nobody --regid="$ttrss_gid" --clear-groups -- "$@"
	fi
	exec "$@"
}
ttrss_stop() {
	kill $(ttrss_pids) 2>/dev/null
	wait "$ttrss_web" 2>/dev/null
	ttrss_web=
}
# The server and its workers (its children), by their ids.
ttrss_pids() {
	echo "$ttrss_web $(ps -o pid= --ppid "$ttrss_web" 2>/dev/null)"
}
ttrss_pause() {
	kill -STOP $(ttrss_pids)
}
ttrss_resume() {
	kill -CONT $(ttrss_pids)
}
ttrss_log_to() {
	sed -i "s/define('LOG_DESTINATION', '[a-z]*')/define('LOG_DESTINATION', '$1')/" "$TT/www/config.php"
}
# ttrss_update: fetch every feed of the user now, as tt-rss's own updater
# (which passes over users who have not logged in for a month).
ttrss_update() {
	ttrss_sql "UPDATE ttrss_feeds SET last_updated = NULL, last_update_started = NULL;
		UPDATE ttrss_users SET last_login = NOW()" &&
		(cd "$TT/www" && ttrss_as "$ttrss_php" -d error_reporting=E_ERROR update.php --feeds \
			--quiet) >>"$TT/update.log" 2>&1
}
# ttrss_update_expect FILE N: ttrss_update until the subscription whose
# URL ends in /FILE's name has N articles on the server, the test's
# precondition: a run that left it short (seen rarely, with 0 of the new
# ones fetched) is told in update.log, and FILE's time set to now before
# the next, so that no If-Modified-Since of the same second answers 304.
# Up to five runs, then the test goes on and its checks say what is wrong.
ttrss_update_expect() {
	tries=0
	while :; do
		ttrss_update
		got=$(ttrss_sql "SELECT count(*) FROM ttrss_user_entries ue JOIN ttrss_feeds f ON f.id = ue.feed_id
			WHERE f.feed_url LIKE '%/$(basename "$1")'")
		tries=$((tries + 1))
		[ "$got" -ge "$2" ] && break
		echo "ttrss_update_expect: $(basename "$1") has $got articles on the server after run $tries, want $2" |
			tee -a "$TT/update.log" >&2
		[ "$tries" -ge 5 ] && break
		sleep 1
		touch "$1"
	done
}
# ttrss_subscribe URL [CATEGORY]: subscribe the user as tt-rss's web
# interface would, without fetching (ttrss_update fetches).
ttrss_subscribe() {
	if [ -n "${2:-}" ]; then
		ttrss_sql "INSERT INTO ttrss_feed_categories (owner_uid, title)
			SELECT 1, '$2' WHERE NOT EXISTS
			(SELECT 1 FROM ttrss_feed_categories WHERE owner_uid = 1 AND title = '$2')"
		ttrss_sql "INSERT INTO ttrss_feeds (owner_uid, title, feed_url, cat_id)
			VALUES (1, '[Unknown]', '$1',
			(SELECT id FROM ttrss_feed_categories WHERE owner_uid = 1 AND title = '$2'))"
	else
		ttrss_sql "INSERT INTO ttrss_feeds (owner_uid, title, feed_url) VALUES (1, '[Unknown]', '$1')"
	fi
}
ttrss_start
