/*
 * tui/fold.h — text folded to a width in display columns (张三 is 4), for the
 * printed case file and for any screen that shows long values.
 */
#ifndef TUI_FOLD_H
#define TUI_FOLD_H

#include <stddef.h>

#include "core/buf.h"

/*
 * Appends TEXT to OUT made printable and folded to COLS columns, every line
 * ending in "\n". Printable: a tab becomes a space; any other control
 * character, bidirectional control or byte that is not UTF-8 becomes its
 * escape (core/text.h, text_escape: "\r", "\x1b", "<U+202E>"); a form feed
 * stays only on a line of its own (a page break). The
 * continuation lines of "label  value" hang under the value, of other lines
 * under their indent ("- " items two further), never deeper than HANG_MAX.
 * Sets OUT->oom when out of memory; the caller frees nothing new.
 */
void fold_text(buf *out, const char *text, int cols, int hang_max);

/*
 * Appends the one line S (LEN bytes, printable as fold_text leaves it: no
 * newline, no control character) folded to COLS columns, continuation lines
 * indented by HANG spaces; no newline after the last. Breaks fall at a space
 * or between wide characters (Chinese needs no spaces), never before closing
 * or after opening punctuation; a run with no such place is cut at the margin.
 */
void fold_line(buf *out, const char *s, size_t len, int cols, int hang);

#endif
