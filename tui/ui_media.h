/* tui/ui_media.h — attaching media from a directory (a mounted body camera). */
#ifndef TUI_UI_MEDIA_H
#define TUI_UI_MEDIA_H

/* Asks for a directory, lists its files, lets the person pick several and
 * attaches them to record RECORD_ID, all or none, showing the bytes copied;
 * q cancels (nothing stored). Returns the number attached. */
int ui_media_attach(long long record_id);

#endif
