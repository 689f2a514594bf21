/* tui/ui_action.h — one action: its records and what the Measures still
 * want of it, each one key from the form that fills it. */
#ifndef TUI_UI_ACTION_H
#define TUI_UI_ACTION_H

/* Shows action ID until the person goes back. */
void ui_action_run(long long id);

#endif
