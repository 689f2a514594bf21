/* tui/ui_media.h — attaching media from a directory (a mounted body camera). */
#ifndef TUI_UI_MEDIA_H
#define TUI_UI_MEDIA_H

/* Asks for a directory, lists its files, lets the person pick several and
 * starts a background job (tui/ui_job.h) that attaches them to record
 * RECORD_ID, all or none; x cancels it (nothing stored). Returns the number
 * of files the job was started with (0: none started). */
int ui_media_attach(long long record_id);

#endif
