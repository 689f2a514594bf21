/* tui/ui_verify.h — `jilu verify` on screen, its result in words. */
#ifndef TUI_UI_VERIFY_H
#define TUI_UI_VERIFY_H

/* Verifies the whole store and shows what it found until the person goes back. */
void ui_verify_run(void);

#endif
