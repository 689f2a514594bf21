/* tui/ui_deadlines.h — every open deadline of every action, overdue first. */
#ifndef TUI_UI_DEADLINES_H
#define TUI_UI_DEADLINES_H

/* Runs the deadlines screen; Enter opens a deadline's action. */
void ui_deadlines_run(void);

#endif
