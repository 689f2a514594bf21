/* tui/ui_start.h — opening the screens: the store (made and initialised on
 * screen when there is none), the roster, who acts. */
#ifndef TUI_UI_START_H
#define TUI_UI_START_H

#include "core/msg.h"

/*
 * Opens ui_g.db_path (leading through init and the first officers when the
 * store is empty), settles who acts (OFFICER, else a pick from the roster),
 * then runs the home screen. Returns the process exit code.
 */
int ui_start(const char *officer);

/* Adds an officer on screen (id, name, certificate). Returns 1 when added. */
int ui_start_add_officer(void);

/* Shows the messages of L full screen under TITLE until the person goes back. */
void ui_start_show_msgs(const char *title, const msglist *l);

#endif
