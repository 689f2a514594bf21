/* tui/ui_sync.h — sync with headquarters from the screens: the sync key on
 * home, the quiet background sync after a finalise (sync.conf auto = yes),
 * and home's line of when the last sync succeeded and what waits. The sync
 * itself is tui/sync_job.c's, the one the command line runs, on the
 * screens' job runner (tui/ui_job.h). */
#ifndef TUI_UI_SYNC_H
#define TUI_UI_SYNC_H

#include <stddef.h>

/*
 * Starts a sync with the configured headquarters in the background (the
 * sync key). Says on the message bar why not when it cannot start: no
 * headquarters set (how: jilu sync setup), or another job runs.
 */
void ui_sync_start(void);

/*
 * After a record is finalised: when sync.conf says auto = yes, starts a
 * quiet sync (its result on the message bar only, never a dialog; a link
 * that is down is a line, not an error). Never two at a time: while one
 * runs, one more follows when it ends.
 */
void ui_sync_after_finalise(void);

/*
 * Writes home's sync line into OUT (N bytes): when the last sync succeeded
 * and how many ledger entries wait to be sent. Read from the store at most
 * once a second, and at once after a sync ended.
 */
void ui_sync_home_line(char *out, size_t n);

#endif
