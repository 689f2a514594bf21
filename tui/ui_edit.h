/*
 * tui/ui_edit.h — the text editor of the screens (calcurse's getstring
 * habit): the text is UTF-8 and each character keeps its byte offset, its
 * length, its width and, once laid out, its row and column, so inserting in
 * the middle of 中文, backspace over a wide character, wrapping by display
 * width and scrolling are right with Chinese, mixed and combining text.
 * ncurses' libformw was not used: see README ("The screens").
 */
#ifndef TUI_UI_EDIT_H
#define TUI_UI_EDIT_H

#include <stddef.h>
#include <wchar.h>

typedef struct {
	size_t off;   /* byte offset in the text */
	int len;      /* bytes */
	int w;        /* display columns (ui_text_wcwidth; 0 for '\n') */
	int row, col; /* where ui_edit_layout put it */
} ui_edit_ch;

typedef struct {
	char *s;            /* the text, NUL-terminated */
	size_t len, cap;
	ui_edit_ch *ch;     /* one per character */
	int n, chcap;
	int cur;            /* cursor: before character CUR (0..n) */
	int multiline;      /* Enter inserts a newline */
	int width;          /* of the last layout */
	int rows;           /* visual rows of the last layout */
	int top;            /* first visual row shown */
	int oom;
} ui_edit;

/* Sets E to TEXT (may be NULL), cursor at the end. Free with ui_edit_free. */
void ui_edit_init(ui_edit *e, const char *text, int multiline);
void ui_edit_free(ui_edit *e);

/* Inserts wide character WC at the cursor and moves past it. Returns 0 or -1. */
int ui_edit_insert(ui_edit *e, wchar_t wc);
/* Inserts the UTF-8 text S at the cursor (invalid bytes are skipped). */
void ui_edit_insert_str(ui_edit *e, const char *s);
/* Deletes the character before the cursor (backspace) / under it. */
void ui_edit_backspace(ui_edit *e);
void ui_edit_delete(ui_edit *e);
/* Empties the text. */
void ui_edit_clear(ui_edit *e);

/* Lays the text out in rows of WIDTH columns: sets each character's row
 * and column, E->rows, and scrolls E->top so the cursor is inside HEIGHT
 * rows. */
void ui_edit_layout(ui_edit *e, int width, int height);
/* The cursor's row and column after ui_edit_layout. */
void ui_edit_cursor(const ui_edit *e, int *row, int *col);

/* Cursor moves; up and down keep the column as well as wide characters allow.
 * Home, end, up and down lay the text out again first, at E->width: they
 * are right however many characters were inserted since the last paint. */
void ui_edit_left(ui_edit *e);
void ui_edit_right(ui_edit *e);
void ui_edit_home(ui_edit *e);
void ui_edit_end(ui_edit *e);
void ui_edit_up(ui_edit *e);
void ui_edit_down(ui_edit *e);

/* Returns the text (owned by E). */
const char *ui_edit_text(const ui_edit *e);

/*
 * Opens an editor over the screen for the field LABEL with TEXT and waits
 * until it is left (Tab, Esc, or Enter on one line). NOW_KIND 1 (date) or
 * 2 (datetime) lets ^T put today or now. HINT, when not NULL, is called
 * after every change with the text and writes a line to show under it
 * (a check judged while typing) into OUT (OUTLEN bytes).
 * Returns the new text (caller frees), or NULL when the program is quitting.
 */
char *ui_edit_run(const char *label, const char *text, int multiline, int now_kind,
		  void (*hint)(void *ctx, const char *text, char *out, size_t outlen), void *ctx);

/*
 * Asks for a secret (a PIN) under LABEL on one line, each character shown
 * as '*'. Returns the text (caller wipes and frees it), or NULL when the
 * person left with Esc or the program is quitting. The editor's own copy
 * is wiped.
 */
char *ui_edit_secret(const char *label);

#endif
