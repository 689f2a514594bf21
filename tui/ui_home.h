/* tui/ui_home.h — the home screen: the open actions, newest first. */
#ifndef TUI_UI_HOME_H
#define TUI_UI_HOME_H

/* Runs the home screen until the person leaves it. */
void ui_home_run(void);

/* Returns the label of action kind KIND in the screens' language (static). */
const char *ui_home_kind_label(const char *kind);

/* Writes a deadline DUE as "MM-DD HH:MM" (or "MM-DD 24:00" for a midnight)
 * into OUT (at least 16 bytes). */
void ui_home_due_text(long long due, char *out, int outlen);

#endif
