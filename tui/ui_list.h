/*
 * tui/ui_list.h — a list of lines to move through and choose from: the
 * pickers (kind, choice, record, roster), the entries of a party, officers
 * or signatures, and the read-only lists (deadlines, verify, help).
 */
#ifndef TUI_UI_LIST_H
#define TUI_UI_LIST_H

#include "tui/ui.h"

typedef struct {
	char *text;   /* the line (may hold several columns) */
	int attr;     /* curses attribute, 0 for none */
	int skip;     /* a heading: the cursor passes over it */
	int mark;     /* multi: marked */
	long long tag;/* what the line stands for, the caller's */
} ui_list_row;

typedef struct {
	ui_list_row *rows;
	int n, cap;
	int cur, scroll;
	int screen;        /* UI_S_PICK, UI_S_SUB or UI_S_LIST */
	int multi;         /* UI_S_PICK: space marks, Enter ends */
	int fixed;         /* UI_S_SUB: the rows are fixed (a party's entries):
			    * no add or delete, space edits as Enter does */
	char *heading;     /* lines above the list ("\n" between them), or NULL */
	char *foot;        /* a line below it, or NULL */
	ui_req ended;      /* the request that ended ui_list_run */
} ui_list;

/* Empties L (keeps its screen and multi). */
void ui_list_clear(ui_list *l);
void ui_list_free(ui_list *l);
/* Appends a line; returns its index or -1 when out of memory. */
int ui_list_add(ui_list *l, const char *text, int attr, int skip, long long tag);
/* Printf-style ui_list_add with no attribute. */
int ui_list_addf(ui_list *l, long long tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets the heading / foot (copies). */
void ui_list_set_heading(ui_list *l, const char *s);
void ui_list_set_foot(ui_list *l, const char *s);

/* Draws L into rows TOP..BOTTOM-1 (used by views that embed a list). */
void ui_list_draw(ui_list *l, int top, int bottom);
/* Moves the cursor for REQ (up, down, pages; clicks: ui_mouse_row); returns 1
 * when REQ was a move. */
int ui_list_move(ui_list *l, ui_req req, int top, int bottom);

/*
 * Shows L full screen under TITLE until a request ends it: PICK ends on
 * choose and back (space marks when multi); SUB on open, toggle, add,
 * delete and back; LIST on open and back. Returns the ending request
 * (also in L->ended), UI_REQ_NONE when the program is quitting.
 */
ui_req ui_list_run(ui_list *l, const char *title);

/* Offers ITEMS (N) under TITLE with the cursor at CUR; returns the index
 * chosen, or -1. */
int ui_pick(const char *title, const char *heading, const char *const *items, int n, int cur);

#endif
