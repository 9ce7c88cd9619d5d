/* The interactive interface: ncursesw on the terminal, the only code that
 * includes curses. It draws the view (app/view.h), maps the terminal's keys
 * to key codes of config/keys.h and hands them to the view, waits for keys
 * no longer than the view's schedule allows (the view decides when feeds
 * are fetched and the list read again), and restores the terminal whatever
 * happens: on quit, on errors and on SIGTERM, SIGHUP and SIGINT. */
#ifndef NR_UI_H
#define NR_UI_H

#include "app/view.h"
#include "config/settings.h"

/* Run the interface on v until the user quits or a signal ends it.
 * Returns 0 when the user quits, the number of the signal (SIGTERM,
 * SIGHUP, SIGINT) that ended it, or -1 if the terminal could not be used
 * (msg says why). The terminal is restored in every case. */
int nr_ui_run(struct nr_view *v, const struct nr_config *cfg, char *msg, size_t size);

#endif
