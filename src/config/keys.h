/* Keys and bindings without curses: key names as written in the INI file
 * ("j", "C-x", "M-x", "Enter", "PageDown", "F1", any UTF-8 character) to
 * key codes and back, the action names, and the binding table of each
 * context with its defaults. The interface maps curses' keys to these codes. */
#ifndef NR_KEYS_H
#define NR_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "config/actions.h"

/* A key code: a Unicode code point (control keys are their C0 code, C-a = 1),
 * or NR_KEY_BASE + n for a named special key, optionally with NR_KEY_META. */
#define NR_KEY_BASE 0x110000u
#define NR_KEY_META 0x40000000u

enum nr_special_key {
	NR_KEY_UP = NR_KEY_BASE,
	NR_KEY_DOWN,
	NR_KEY_LEFT,
	NR_KEY_RIGHT,
	NR_KEY_PAGEUP,
	NR_KEY_PAGEDOWN,
	NR_KEY_HOME,
	NR_KEY_END,
	NR_KEY_INSERT,
	NR_KEY_DELETE,
	NR_KEY_BACKSPACE,
	NR_KEY_F1,  /* F1..F12 are consecutive */
	NR_KEY_F12 = NR_KEY_F1 + 11,
	NR_KEY_CTRL_UP,     /* C-Up, C-Down, C-Left, C-Right */
	NR_KEY_CTRL_DOWN,
	NR_KEY_CTRL_LEFT,
	NR_KEY_CTRL_RIGHT,
	NR_KEY_SPECIAL_END
};

#define NR_KEY_TAB 0x09u
#define NR_KEY_ENTER 0x0Du
#define NR_KEY_ESC 0x1Bu
#define NR_KEY_SPACE 0x20u

/* Room for any name nr_key_name writes, with its NUL ("M-Backspace"). */
#define NR_KEY_NAME_MAX 16

/* Parse a key name; returns 0 and sets *key, or -1 if the name is unknown. */
int nr_key_parse(const char *name, uint32_t *key);
/* Write the canonical name of key into buf ("C-x", "PageDown", "ë"). */
void nr_key_name(uint32_t key, char *buf, size_t size);
/* A name that parses but names a key no terminal sends as itself: C-i is
 * Tab, C-m and C-j are Enter, C-[ is Esc, C-h and C-? are Backspace (with
 * or without M-). The key the terminal sends instead ("Tab"), or NULL if
 * name is usable. */
const char *nr_key_unusable(const char *name);

/* The action whose INI name is name, or NR_ACT_NONE. */
enum nr_action nr_action_from_name(const char *name);
const char *nr_action_name(enum nr_action act);
/* The help text (untranslated; pass it through gettext to show it). */
const char *nr_action_help(enum nr_action act);
/* NR_IN_* bits: the contexts the action applies in. */
unsigned nr_action_contexts(enum nr_action act);
const char *nr_context_name(enum nr_context ctx);
/* The context named name ("list", "reader", "feeds"), or NR_CTX_COUNT. */
enum nr_context nr_context_from_name(const char *name);

#define NR_KEYMAP_MAX 256

struct nr_binding {
	uint32_t key;
	enum nr_action act;
};

/* The bindings of one context: a small array, looked up linearly. */
struct nr_keymap {
	struct nr_binding b[NR_KEYMAP_MAX];
	size_t n;
};

/* Fill maps[NR_CTX_COUNT] with the default bindings. */
void nr_keymap_defaults(struct nr_keymap maps[NR_CTX_COUNT]);
/* Bind key to act in map (replacing what key did); act NR_ACT_NONE unbinds. */
void nr_keymap_bind(struct nr_keymap *map, uint32_t key, enum nr_action act);
/* Remove every binding of act from map. */
void nr_keymap_clear_action(struct nr_keymap *map, enum nr_action act);
enum nr_action nr_keymap_lookup(const struct nr_keymap *map, uint32_t key);
/* The keys bound to act in map, in binding order: stores at most max of
 * them in keys and returns how many there are (for the help screen). */
size_t nr_keymap_keys(const struct nr_keymap *map, enum nr_action act, uint32_t *keys, size_t max);

#endif
