/*
 * core/text.h — the one rule for every string jilu stores, and the one way
 * a stored string is shown: with nothing in it that a terminal would act on.
 *
 * Three kinds of stored text (README, "Text"):
 *   TEXT_LINES  text of several lines (a transcript, a situation: the form
 *               field says "multiline"): valid UTF-8, no control character
 *               but line feed and tab.
 *   TEXT_LINE   a one-line value (a name, a title, a one-line field, a list
 *               entry, a member of a party, officer, signature or av, a
 *               reason, a media file name): as TEXT_LINES, and no line feed,
 *               no tab, no line or paragraph separator (U+2028, U+2029) and
 *               no bidirectional control (U+202E …): each would make a
 *               printed line say something the data does not hold. Nor any
 *               other invisible format or default-ignorable character
 *               (U+200B, U+200D, U+FEFF, U+3164 …): "张\u200B三" would pass
 *               for a second officer beside "张三". White space (U+3000 in
 *               "张　三") and variation selectors stay.
 *   TEXT_ID     an identifier (a certificate number, an id number, a device
 *               id): as TEXT_LINE, and no white space but a plain space:
 *               two ids that look the same are the same. Stored normalised
 *               (text_ident: trimmed, NFKC), so full-width digits are ASCII
 *               before uniqueness is judged.
 * The character classes are Unicode properties read from libunistring,
 * never a hand-made list.
 */
#ifndef CORE_TEXT_H
#define CORE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "core/buf.h"
#include "core/msg.h"

typedef enum { TEXT_LINES, TEXT_LINE, TEXT_ID } text_kind;

/*
 * Checks the LEN bytes at S (S may be NULL when LEN is 0) as text of kind K.
 * Returns 1 when it passes. Otherwise returns 0 and, when OUT is not NULL,
 * appends one problem at WHERE citing REQ (both may be NULL) that names the
 * first bad character by its 1-based position and code point. Allocates
 * nothing but the message. For a C string pass strlen(S); whoever holds raw
 * input with a length should pass that, so that a NUL is seen.
 */
int text_check(const char *s, size_t len, text_kind k, msglist *out, const char *req,
	       const char *where);

/*
 * Sets *START and *END to the bounds of S (LEN bytes) without the invisible
 * characters around it: white space (U+00A0, U+3000 …) and format or
 * default-ignorable characters (U+200B, U+FEFF …), but not combining marks
 * (a variation selector belongs to the character before it). Allocates
 * nothing; bytes that are not UTF-8 are never trimmed.
 */
void text_trim_bounds(const char *s, size_t len, size_t *start, size_t *end);

/* Returns a trimmed copy of S (see text_trim_bounds); the caller frees it.
 * NULL when S is NULL or memory ran out. */
char *text_trim(const char *s);

/*
 * Returns 1 when S holds nothing visible: empty, or only white space,
 * control, format and default-ignorable characters (U+200B, U+00A0, U+2028,
 * U+202E, U+FEFF, U+2060, U+3164 …); such text does not satisfy `required`.
 * NULL counts as blank. A byte that is not UTF-8 counts as something.
 */
int text_blank(const char *s);

/*
 * Returns S as an identifier is stored: trimmed, then NFKC-normalised
 * (full-width digits and letters become ASCII, U+3000 a space, "①" "1").
 * Text that is not UTF-8 is returned trimmed only (text_check refuses it).
 * The caller frees the result; NULL when S is NULL or memory ran out.
 */
char *text_ident(const char *s);

/*
 * Returns 1 when code point CP is known to be plain — visible, not white
 * space, not a control, line break, bidirectional control, format or
 * default-ignorable character: nothing a rule here looks for — by its range
 * (ASCII, CJK ideographs and punctuation, full-width forms, common
 * punctuation), without asking libunistring; else 0 (which says nothing:
 * libunistring decides). A fast path for the checks of every stored string.
 */
int text_plain(uint32_t cp);

/* Flags of text_escape. */
enum {
	TEXT_ESC_LINES = 1 /* a value of several lines: keep line feeds, tabs, joiners */
};

/*
 * Appends the LEN bytes at S to OUT as a terminal may show them: a control
 * character becomes "\n", "\t", "\r" or "\xNN" (ESC is "\x1b"; with
 * TEXT_ESC_LINES line feeds and tabs stay), a byte that is not UTF-8
 * "\xNN", and a bidirectional control, a line or paragraph separator or an
 * invisible format character "<U+XXXX>" (U+202E is "<U+202E>", U+200B
 * "<U+200B>"). Variation selectors stay, and with TEXT_ESC_LINES the
 * zero-width joiners: they are part of what is written.
 * The escapes are for the eye, not reversible (a backslash is not doubled):
 * the JSON outputs hold the exact value. Allocates only in OUT.
 */
void text_escape_n(buf *out, const char *s, size_t len, int flags);
/* As text_escape_n for the C string S; NULL appends nothing. */
void text_escape(buf *out, const char *s, int flags);

/*
 * Makes every string and key in V (recursively) valid UTF-8 in place, so
 * that the JSON printed from it is valid: each byte that is not part of a
 * UTF-8 character becomes U+FFFD. Only a store written behind jilu's back
 * holds such bytes (jilu refuses them on entry), and `jilu verify` names
 * the change. Returns the number of strings changed, or -1 when memory ran
 * out (V is then partly cleaned).
 */
int text_json_clean(cJSON *v);

/*
 * Returns V printed as JSON (FORMATTED non-zero: indented as cJSON_Print
 * does, else on one line) that is valid and safe to show on a terminal: its
 * strings made valid UTF-8 first (text_json_clean, which changes V), then
 * every character text_escape would escape (DEL, C1, bidi controls, U+2028,
 * invisible format characters) written as a \u escape — the same value, so
 * the JSON outputs keep the exact text. The caller frees the result with
 * free(); NULL when memory ran out.
 */
char *text_json_print(cJSON *v, int formatted);

#endif
