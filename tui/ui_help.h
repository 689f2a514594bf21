/* tui/ui_help.h — the `?` screen: every key, drawn from the request table. */
#ifndef TUI_UI_HELP_H
#define TUI_UI_HELP_H

/* Shows every request of the key table, those of SCREEN (a UI_S_… mask)
 * first, until the person goes back. */
void ui_help_show(int screen);

#endif
