/*
 * tui/ui_text.h — text on the screen: its width in display columns (张三 is
 * 4) and how it is drawn. Every string reaches the terminal through
 * ui_text_put, which shows control characters and bidi controls as visible
 * symbols: text from the store can never move the cursor or change the
 * terminal.
 */
#ifndef TUI_UI_TEXT_H
#define TUI_UI_TEXT_H

#include <stddef.h>
#include <wchar.h>

#include "core/buf.h"

/* Returns the columns wide character WC takes on screen once made visible
 * (ui_text_visible): 0 for combining marks, 2 for CJK, the width of its
 * escape for control characters. */
int ui_text_wcwidth(wchar_t wc);

/* Returns the display width of UTF-8 text S (as ui_text_put draws it;
 * a newline counts as its escape). NULL is 0. */
int ui_text_width(const char *s);

/*
 * Appends to OUT the visible form of wide character WC when it must not
 * reach the terminal raw, by core's rule (text_escape): "\x1b" for C0/C1
 * controls and DEL, "<U+202E>" for bidi and other invisible format controls;
 * also "<U+XXXX>" for a character this terminal's wcwidth does not know.
 * Returns 1 when it appended something, 0 when WC is shown as itself.
 */
int ui_text_visible(wchar_t wc, buf *out);

/* Writes WC as UTF-8 into OUT (4 bytes of room). Returns the byte count, or
 * -1 when WC is no character (NUL, a surrogate, beyond U+10FFFF). */
int ui_text_encode(wchar_t wc, char *out);

/*
 * Draws UTF-8 text S at row Y, column X, in at most COLS columns (a wide
 * character that would cross the edge is left out), with PAD spaces to
 * fill the rest when PAD is non-zero. Bytes that are not UTF-8 show as
 * "\xNN". Returns the columns used.
 */
int ui_text_put(int y, int x, const char *s, int cols, int pad);
/* As ui_text_put for the first LEN bytes of S. */
int ui_text_putn(int y, int x, const char *s, size_t len, int cols, int pad);

/* Appends S to OUT and spaces up to COLS display columns (printf's %-10s
 * counts bytes: 张三 would come out short). */
void ui_text_pad(buf *out, const char *s, int cols);

/*
 * Splits S into lines of at most COLS columns (at newlines and where the
 * width runs out) and returns their count; when STARTS is not NULL, the
 * byte offset where each line begins and ENDS where it ends (at most MAX
 * entries are stored). Allocates nothing.
 */
int ui_text_wrap(const char *s, int cols, size_t *starts, size_t *ends, int max);

#endif
