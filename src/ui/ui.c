#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "compat.h"
#include "config/keys.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "nls.h"
#include "ui/draw.h"
#include "ui/ui.h"
#include "util/utf8.h"

/* Set by the signal handlers, read by the loop: handlers do nothing else. */
static volatile sig_atomic_t got_winch;
static volatile sig_atomic_t got_term;

static int curses_on;

static void
on_winch(int sig)
{
	(void)sig;
	got_winch = 1;
}

static void
on_term(int sig)
{
	got_term = sig;
}

/* Whatever ends the program, the terminal is given back as it was. */
static void
restore_terminal(void)
{
	if (curses_on && !isendwin()) {
		endwin();
	}
	curses_on = 0;
}

/* The signals the loop handles are blocked except while it waits in
 * ppoll, so that none arrives between checking the flags and waiting. */
static const int ui_signals[] = { SIGWINCH, SIGTERM, SIGHUP, SIGINT };
static struct sigaction ui_old_actions[sizeof ui_signals / sizeof ui_signals[0]];

static void
install_signals(sigset_t *wait_mask)
{
	const int *sigs = ui_signals;
	struct sigaction sa;
	sigset_t block;
	size_t i;

	sigemptyset(&block);
	for (i = 0; i < sizeof ui_signals / sizeof ui_signals[0]; i++) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = sigs[i] == SIGWINCH ? on_winch : on_term;
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, &ui_old_actions[i]);
		sigaddset(&block, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &block, wait_mask);
	for (i = 0; i < sizeof ui_signals / sizeof ui_signals[0]; i++) {
		sigdelset(wait_mask, sigs[i]);
	}
}

/* The handlers the program had before the interface: after it, a signal
 * does what it did before (the caller re-raises one that ended it). */
static void
restore_signals(const sigset_t *old_mask)
{
	size_t i;

	for (i = 0; i < sizeof ui_signals / sizeof ui_signals[0]; i++) {
		sigaction(ui_signals[i], &ui_old_actions[i], NULL);
	}
	sigprocmask(SIG_SETMASK, old_mask, NULL);
}

/* ---- keys ---- */

/* The curses codes of C-Up, C-Down, C-Left and C-Right. */
static int ctrl_arrows[4];

/* Control with an arrow: the terminal's own sequences when its terminfo
 * entry names them (kUP5...), else those of xterm, which tmux, screen and
 * most terminals send, made curses keys of their own. */
static void
define_ctrl_arrows(void)
{
	static const char *const caps[4] = { "kUP5", "kDN5", "kLFT5", "kRIT5" };
	static const char *const xterm[4] = { "\033[1;5A", "\033[1;5B", "\033[1;5D", "\033[1;5C" };
	int i;

	for (i = 0; i < 4; i++) {
		char cap[8];
		const char *seq;
		int code = 0;

		snprintf(cap, sizeof cap, "%s", caps[i]);
		seq = tigetstr(cap);
		if (seq != NULL && seq != (char *)-1) {
			code = key_defined(seq);
		}
		if (code <= 0) {
			code = key_defined(xterm[i]);
		}
		if (code <= 0) {
			code = KEY_MAX + 1 + i;
			define_key(xterm[i], code);
		}
		ctrl_arrows[i] = code;
	}
}

/* No key: 0 is a key (C-@, C-Space, which terminals send as NUL). */
#define NO_KEY UINT32_MAX

/* A curses key to a key code of config/keys.h, or NO_KEY for none. */
static uint32_t
map_key(int r, wint_t c)
{
	int i;

	for (i = 0; r == KEY_CODE_YES && i < 4; i++) {
		if (ctrl_arrows[i] > 0 && (int)c == ctrl_arrows[i]) {
			return NR_KEY_CTRL_UP + (uint32_t)i;
		}
	}
	if (r == KEY_CODE_YES) {
		switch (c) {
		case KEY_UP:
			return NR_KEY_UP;
		case KEY_DOWN:
			return NR_KEY_DOWN;
		case KEY_LEFT:
			return NR_KEY_LEFT;
		case KEY_RIGHT:
			return NR_KEY_RIGHT;
		case KEY_PPAGE:
			return NR_KEY_PAGEUP;
		case KEY_NPAGE:
			return NR_KEY_PAGEDOWN;
		case KEY_HOME:
		case KEY_A1:
			return NR_KEY_HOME;
		case KEY_END:
		case KEY_C1:
			return NR_KEY_END;
		case KEY_IC:
			return NR_KEY_INSERT;
		case KEY_DC:
			return NR_KEY_DELETE;
		case KEY_BACKSPACE:
			return NR_KEY_BACKSPACE;
		case KEY_ENTER:
			return NR_KEY_ENTER;
		case KEY_BTAB:
			return NR_KEY_TAB | NR_KEY_META;
		default:
			if (c >= KEY_F(1) && c <= KEY_F(12)) {
				return NR_KEY_F1 + (uint32_t)(c - KEY_F(1));
			}
			return NO_KEY;
		}
	}
	switch (c) {
	case 127:
	case 8:
		return NR_KEY_BACKSPACE;
	case '\n':
		return NR_KEY_ENTER;
	default:
		return (uint32_t)c;
	}
}

/* ---- the prompt ---- */

struct prompt {
	struct nr_buf text;     /* what the user typed */
	char *shown;            /* the line as drawn: label and text */
};

static const char *
prompt_label(enum nr_prompt p)
{
	switch (p) {
	case NR_PROMPT_SEARCH_FORWARD:
		return "/";
	case NR_PROMPT_SEARCH_BACKWARD:
		return "?";
	case NR_PROMPT_LIMIT:
		return _("Limit to: ");
	case NR_PROMPT_OPEN_LINK:
		return _("Open link number: ");
	case NR_PROMPT_PIPE:
		return _("Pipe the article to: ");
	case NR_PROMPT_PIPE_RAW:
		return _("Pipe the article's source to: ");
	case NR_PROMPT_SAVE:
		return _("Save to file: ");
	case NR_PROMPT_OVERWRITE:
		return _("The file exists. Replace it? (yes/no) ");
	case NR_PROMPT_DELETE:
		return _("Delete this article for good? (yes/no) ");
	case NR_PROMPT_UNSUBSCRIBE:
		return _("Unsubscribe and forget its articles but the starred? (yes/no) ");
	default:
		return "";
	}
}

static void
prompt_update(struct prompt *pr, enum nr_prompt p)
{
	free(pr->shown);
	pr->shown = xasprintf("%s%s", prompt_label(p), nr_buf_str(&pr->text));
}

/* Remove the last character cluster of b. */
static void
backspace(struct nr_buf *b)
{
	size_t i = 0, last = 0;

	while (i < b->len) {
		int w;
		size_t len = nr_utf8_cluster(b->data + i, b->len - i, &w);

		last = i;
		i += len;
	}
	b->len = last;
	if (b->data != NULL) {
		b->data[last] = '\0';
	}
}

/* A key typed at the prompt. */
static void
prompt_key(struct nr_view *v, struct prompt *pr, uint32_t key)
{
	char enc[4];

	if (key == NR_KEY_ESC || key == 7 /* C-g */) {
		nr_buf_reset(&pr->text);
		nr_view_prompt_done(v, NULL);
		return;
	}
	if (key == NR_KEY_ENTER) {
		char *text = xstrdup(nr_buf_str(&pr->text));

		nr_buf_reset(&pr->text);
		nr_view_prompt_done(v, text);
		free(text);
		if (v->prompt != NR_PROMPT_NONE && v->prompt_init != NULL) {
			nr_buf_adds(&pr->text, v->prompt_init);
		}
		return;
	}
	if (key == NR_KEY_BACKSPACE) {
		if (pr->text.len == 0) {
			nr_view_prompt_done(v, NULL);
			return;
		}
		backspace(&pr->text);
	} else if (key == 21 /* C-u */) {
		nr_buf_reset(&pr->text);
	} else if (key >= 0x20 && key < NR_KEY_BASE && key != 0x7f && !(key >= 0x80 && key < 0xa0) &&
	    !(key >= 0x202a && key <= 0x202e) && !(key >= 0x2066 && key <= 0x2069)) {
		/* Not controls, nor bidi overrides that would reorder the
		 * status line around what is typed. */
		nr_buf_add(&pr->text, enc, nr_utf8_encode(key, enc));
	}
	v->dirty |= NR_DIRTY_STATUS;
}

/* ---- the mouse ---- */

static int
inside(const struct nr_rect *r, int y, int x)
{
	return r->h > 0 && y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}

static void
mouse_event(struct nr_view *v, const struct nr_geom *g)
{
	MEVENT ev;
	enum nr_context pane = NR_CTX_LIST;

	if (getmouse(&ev) != OK) {
		return;
	}
	if (inside(&g->feeds, ev.y, ev.x)) {
		pane = NR_CTX_FEEDS;
	} else if (inside(&g->reader, ev.y, ev.x)) {
		pane = NR_CTX_READER;
	} else if (!inside(&g->list, ev.y, ev.x) && !v->help_open) {
		return;
	}
	if (ev.bstate & BUTTON4_PRESSED) {
		nr_view_scroll(v, pane, -3);
	} else if (ev.bstate & BUTTON5_PRESSED) {
		nr_view_scroll(v, pane, 3);
	} else if (v->help_open) {
		return;
	} else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED)) {
		int dbl = (ev.bstate & BUTTON1_DOUBLE_CLICKED) != 0;

		if (pane == NR_CTX_FEEDS) {
			nr_view_click_feeds(v, ev.y - g->feeds.y, dbl);
		} else if (pane == NR_CTX_READER) {
			nr_view_click_reader(v);
		} else {
			nr_view_click_list(v, ev.y - g->list.y, dbl);
		}
	}
}

/* ---- the loop ---- */

static void
relayout(struct nr_view *v, struct nr_geom *g)
{
	nr_draw_layout(v, LINES, COLS, g);
	nr_view_set_size(v, g->list.h, g->reader.h, g->reader.h > 0 ? g->reader.w : v->reader_cols, g->feeds.h,
	    g->help.h);
	/* The layout depends on the focus and the view on the layout:
	 * once more settles both. */
	nr_draw_layout(v, LINES, COLS, g);
}

static void
resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
		resizeterm(ws.ws_row, ws.ws_col);
	}
}

/* The browser or a pipe command takes the terminal: curses steps aside
 * (the screen is restored to what it was before), the program runs with
 * the terminal as the shell left it, then curses takes over again and
 * redraws everything. With wait, the user reads the command's output
 * first. Meanwhile C-c and C-\ are the child's: ignored here, as system()
 * does (app/open.c gives the child default dispositions and an empty
 * signal mask). */
static void
give_terminal(void *ud, int give, int wait)
{
	static struct sigaction old_int, old_quit;
	struct sigaction ign;

	(void)ud;
	if (give) {
		memset(&ign, 0, sizeof ign);
		ign.sa_handler = SIG_IGN;
		sigemptyset(&ign.sa_mask);
		sigaction(SIGINT, &ign, &old_int);
		sigaction(SIGQUIT, &ign, &old_quit);
		def_prog_mode();
		endwin();
		fflush(stdout);
		return;
	}
	if (wait) {
		int c;

		fputs(_("Press Enter to return to newsreader."), stdout);
		fflush(stdout);
		do {
			c = getchar();
		} while (c != EOF && c != '\n');
		clearerr(stdin);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	/* The terminal may have changed size meanwhile. */
	got_winch = 1;
}

/* Ctrl-Z: give the terminal back, stop, and take it again on fg. */
static void
suspend(void)
{
	struct sigaction dfl, old;

	endwin();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	/* The whole job stops, as when the terminal sends the signal. */
	kill(0, SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
	refresh();
	/* The terminal may have changed size meanwhile. */
	got_winch = 1;
}

static void
handle_key(struct nr_view *v, struct prompt *pr, uint32_t key)
{
	if (v->prompt != NR_PROMPT_NONE) {
		prompt_key(v, pr, key);
		if (v->prompt != NR_PROMPT_NONE) {
			prompt_update(pr, v->prompt);
		}
		return;
	}
	/* C-z and C-c keep their usual meaning unless they are bound. */
	if (key == 26 && nr_keymap_lookup(&v->cfg->keys[nr_view_context(v)], key) == NR_ACT_NONE) {
		suspend();
		return;
	}
	if (key == 3 && nr_keymap_lookup(&v->cfg->keys[nr_view_context(v)], key) == NR_ACT_NONE) {
		v->quit = 1;
		return;
	}
	nr_view_key(v, key);
	if (v->prompt != NR_PROMPT_NONE) {
		nr_buf_reset(&pr->text);
		if (v->prompt_init != NULL) {
			nr_buf_adds(&pr->text, v->prompt_init);
		}
		prompt_update(pr, v->prompt);
		v->dirty |= NR_DIRTY_STATUS;
	}
}

int
nr_ui_run(struct nr_view *v, const struct nr_config *cfg, char *msg, size_t size)
{
	struct prompt pr = { NR_BUF_INIT, NULL };
	struct nr_geom g;
	sigset_t wait_mask, old_mask;
	SCREEN *scr;
	int enc_layout = -1, enc_focus = -1, enc_feeds = -1, enc_help = -1;

	/* Esc alone should act at once, not after a second. */
	set_escdelay(25);
	sigprocmask(SIG_SETMASK, NULL, &old_mask);
	install_signals(&wait_mask);
	v->terminal = give_terminal;
	v->terminal_ud = NULL;
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		snprintf(msg, size, _("cannot use the terminal (TERM=%s)"), getenv("TERM") ? getenv("TERM") : "");
		restore_signals(&old_mask);
		return -1;
	}
	curses_on = 1;
	atexit(restore_terminal);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_ctrl_arrows();
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	curs_set(0);
	if (cfg->mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(200);
	}
	nr_draw_init(cfg);
	relayout(v, &g);
	/* Feeds due start before the first screen, which shows them coming. */
	nr_view_tick(v);

	while (!v->quit && !got_term) {
		struct pollfd pfd;
		int r;
		wint_t c;

		if (got_winch) {
			got_winch = 0;
			resize();
			v->dirty |= NR_DIRTY_ALL;
		}
		if ((int)v->layout != enc_layout || (int)v->focus != enc_focus || v->show_feeds != enc_feeds ||
		    v->help_open != enc_help || (v->dirty & NR_DIRTY_ALL) == NR_DIRTY_ALL) {
			relayout(v, &g);
			enc_layout = (int)v->layout;
			enc_focus = (int)v->focus;
			enc_feeds = v->show_feeds;
			enc_help = v->help_open;
		}
		if (v->dirty != 0) {
			curs_set(v->prompt != NR_PROMPT_NONE ? 1 : 0);
			nr_draw(v, &g, v->prompt != NR_PROMPT_NONE ? pr.shown : NULL);
			refresh();
		}
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		pfd.revents = 0;
		/* The terminal and the network together, no longer than the
		 * view's schedule allows; then the view does its own work. */
		r = nr_view_wait(v, &pfd, 1, nr_view_deadline(v), &wait_mask);
		nr_view_tick(v);
		if (v->dirty != 0 && r == 0) {
			continue;
		}
		if (r < 0) {
			if (errno == EINTR) {
				continue;
			}
			snprintf(msg, size, _("cannot read the terminal: %s"), strerror(errno));
			break;
		}
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
			break;
		}
		/* Every key that is waiting, then one redraw. */
		while (!v->quit && (r = wget_wch(stdscr, &c)) != ERR) {
			uint32_t key;

			if (r == KEY_CODE_YES && c == KEY_RESIZE) {
				got_winch = 1;
				continue;
			}
			if (r == KEY_CODE_YES && c == KEY_MOUSE) {
				mouse_event(v, &g);
				continue;
			}
			key = map_key(r, c);
			if (key == NR_KEY_ESC) {
				wint_t c2;
				int r2 = wget_wch(stdscr, &c2);

				/* Esc and a key together: Alt (Meta) and the key.
				 * Esc and a resize or a mouse event: both, in turn. */
				if (r2 == KEY_CODE_YES && (c2 == KEY_RESIZE || c2 == KEY_MOUSE)) {
					handle_key(v, &pr, NR_KEY_ESC);
					key = NO_KEY;
					if (c2 == KEY_RESIZE) {
						got_winch = 1;
					} else {
						mouse_event(v, &g);
					}
				} else if (r2 != ERR) {
					uint32_t k2 = map_key(r2, c2);

					key = k2 != NO_KEY && k2 != NR_KEY_ESC ? (k2 | NR_KEY_META) : NR_KEY_ESC;
				}
			}
			if (key != NO_KEY) {
				handle_key(v, &pr, key);
			}
			if (got_winch || got_term) {
				break;
			}
		}
	}
	restore_terminal();
	delscreen(scr);
	restore_signals(&old_mask);
	nr_buf_free(&pr.text);
	free(pr.shown);
	if (got_term) {
		/* Ended by a signal: the caller exits with the usual status. */
		return (int)got_term;
	}
	return msg[0] != '\0' ? -1 : 0;
}
