# Shared by the tests that drive the interface in tmux (sourced after
# tests/lib.sh): a new tmux server per run, the binary started in a pane of
# a given size, keys sent with send-keys, the screen read with capture-pane,
# and waits that poll the screen, never fixed sleeps.
if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed: skipped"
	exit 77
fi
# A new tmux server (socket) for each run: one started on the socket of a
# server that is still exiting fails.
nsock=0
SOCK=nr-test-$$-0
new_server() {
	T kill-server 2>/dev/null
	nsock=$((nsock + 1))
	SOCK=nr-test-$$-$nsock
}
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
T() {
	tmux -L "$SOCK" "$@"
}
data=$top_srcdir/tests/data
# Sanitizer builds are slower: be patient, but never wait forever.
TIMEOUT=${NR_TUI_TIMEOUT:-20}

# start COLS ROWS [ENV=VALUE...] -- ARGS...: run newsreader in a new tmux
# session. The pane first shows a marker line (so that we can see the
# terminal given back after quitting), then runs newsreader, then shows
# its exit status. The PID of newsreader goes to $TMP/pid.
start() {
	cols=$1
	rows=$2
	shift 2
	new_server
	{
		echo "#!/bin/sh"
		echo "export HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME'"
		echo "export LC_ALL=C.UTF-8 TERM=xterm-256color ASAN_OPTIONS='${ASAN_OPTIONS:-}' UBSAN_OPTIONS='${UBSAN_OPTIONS:-}'"
		echo "unset NO_COLOR LANGUAGE"
		while [ "$1" != "--" ]; do
			echo "export $1"
			shift
		done
		shift
		echo "echo BEFORE-THE-INTERFACE"
		printf 'sh -c '\''echo $$ >"%s"; exec "$@"'\'' sh "%s"' "$TMP/pid" "$NEWSREADER"
		for a in "$@"; do
			printf ' "%s"' "$a"
		done
		echo
		echo 'echo "EXIT:$?"'
		echo 'sleep 600'
	} >"$TMP/run.sh"
	rm -f "$TMP/pid"
	T new-session -d -x "$cols" -y "$rows" "sh '$TMP/run.sh'"
}

# start_shell COLS ROWS -- ARGS...: the same, typed into an interactive
# shell with job control, as a user would (for Ctrl-Z and fg).
start_shell() {
	cols=$1
	rows=$2
	shift 2
	start "$cols" "$rows" "$@"
	new_server
	sed -i '/^sleep 600$/d' "$TMP/run.sh"
	T new-session -d -x "$cols" -y "$rows" "env PS1='$ ' ENV= sh -i"
	keys "sh '$TMP/run.sh'" Enter
}

# screen [-e]: the pane's contents into $TMP/screen.
screen() {
	T capture-pane -p "$@" >"$TMP/screen" 2>/dev/null
}

# wait_for TEXT WHAT: poll the screen until it shows TEXT.
wait_for() {
	checks=$((checks + 1))
	i=0
	while [ "$i" -lt $((TIMEOUT * 10)) ]; do
		screen
		if grep -qF -- "$1" "$TMP/screen"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "$2: '$1' not on the screen after ${TIMEOUT}s:
$(cat "$TMP/screen")
"
	return 1
}

# wait_gone TEXT WHAT: poll until the screen no longer shows TEXT.
wait_gone() {
	checks=$((checks + 1))
	i=0
	while [ "$i" -lt $((TIMEOUT * 10)) ]; do
		screen
		if ! grep -qF -- "$1" "$TMP/screen"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "$2: '$1' still on the screen:
$(cat "$TMP/screen")"
	return 1
}

on_screen() {
	checks=$((checks + 1))
	screen
	grep -qF -- "$1" "$TMP/screen" || fail "$2: '$1' not on the screen:
$(cat "$TMP/screen")"
}

not_on_screen() {
	checks=$((checks + 1))
	screen
	! grep -qF -- "$1" "$TMP/screen" || fail "$2: '$1' unexpectedly on the screen"
}

# fits COLS WHAT: no line of the screen is wider than COLS columns.
fits() {
	checks=$((checks + 1))
	screen
	w=$(wc -L <"$TMP/screen")
	[ "$w" -le "$1" ] || fail "$2: a line of $w columns on a $1-column screen:
$(cat "$TMP/screen")"
}

keys() {
	T send-keys "$@"
}

