/* tui/ui_verify.h — `jilu verify` on screen, its result in words. */
#ifndef TUI_UI_VERIFY_H
#define TUI_UI_VERIFY_H

/* Starts verifying the whole store in the background (tui/ui_job.h); the
 * verdict comes to the message bar in words when it ends. */
void ui_verify_run(void);

#endif
