/* tui/ui_text.c — display width and safe drawing of text (see ui_text.h). */
#include "tui/ui_text.h"

#include "core/text.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <unistr.h>

/* Decodes one UTF-8 character at S (N bytes left). Returns its length and
 * sets *WC, or returns -1 for a byte that begins no valid character. */
static int ui_text_decode(const char *s, size_t n, wchar_t *wc)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned int c, min;
	int len, i;

	if (n == 0)
		return -1;
	if (u[0] < 0x80) {
		*wc = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2, c = u[0] & 0x1f, min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3, c = u[0] & 0x0f, min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if ((size_t)len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*wc = (wchar_t)c;
	return len;
}

int ui_text_encode(wchar_t wc, char *out)
{
	if (wc <= 0)
		return -1;
	return u8_uctomb((uint8_t *)out, (ucs4_t)wc, 4);
}

int ui_text_visible(wchar_t wc, buf *out)
{
	char enc[4], tmp[16];
	int n = ui_text_encode(wc, enc);
	buf esc = BUF_INIT;
	int escaped;

	if (n < 0) { /* not a character (a surrogate, beyond U+10FFFF) */
		snprintf(tmp, sizeof tmp, "<U+%04X>", (unsigned)wc);
		buf_puts(out, tmp);
		return 1;
	}

	/* Core's one rule for what a terminal must not be given raw. */
	text_escape_n(&esc, enc, (size_t)n, 0);
	escaped = esc.len != (size_t)n || memcmp(esc.data, enc, (size_t)n) != 0;
	if (escaped)
		buf_append(out, esc.data, esc.len);
	buf_free(&esc);
	if (!escaped && wcwidth(wc) < 0) {
		/* Printable to core but not to this terminal's wcwidth (a code
		 * point it does not know): shown by number, never raw. */
		snprintf(tmp, sizeof tmp, "<U+%04X>", (unsigned)wc);
		buf_puts(out, tmp);
		escaped = 1;
	}
	return escaped;
}

int ui_text_wcwidth(wchar_t wc)
{
	buf b = BUF_INIT;
	int w;

	if (ui_text_visible(wc, &b)) {
		w = (int)b.len; /* the escape is ASCII */
		buf_free(&b);
		return w;
	}
	return wcwidth(wc);
}

int ui_text_width(const char *s)
{
	size_t n, i = 0;
	int w = 0;

	if (!s)
		return 0;
	n = strlen(s);
	while (i < n) {
		wchar_t wc;
		int len = ui_text_decode(s + i, n - i, &wc);
		if (len < 0) {
			w += 4;
			i++;
			continue;
		}
		w += ui_text_wcwidth(wc);
		i += (size_t)len;
	}
	return w;
}

int ui_text_putn(int y, int x, const char *s, size_t n, int cols, int pad)
{
	size_t i = 0;
	int used = 0;
	buf esc = BUF_INIT;

	if (cols <= 0)
		return 0;
	move(y, x);
	while (s && i < n) {
		wchar_t wc;
		int len = ui_text_decode(s + i, n - i, &wc), w;
		const char *draw = NULL;
		char tmp[8];

		buf_reset(&esc);
		if (len < 0) {
			snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned char)s[i]);
			buf_puts(&esc, tmp);
			len = 1;
		} else {
			ui_text_visible(wc, &esc);
		}
		if (esc.len) {
			w = (int)esc.len;
			draw = esc.data;
		} else {
			w = wcwidth(wc);
		}
		if (used + w > cols)
			break;
		if (draw) {
			/* An escape is shown dim or reversed, so it reads as a
			 * symbol and not as text the party wrote. */
			attron(A_BOLD);
			addnstr(draw, (int)esc.len);
			attroff(A_BOLD);
		} else {
			cchar_t cc;
			wchar_t ws[2] = {wc, 0};
			attr_t a;
			short pair;
			attr_get(&a, &pair, NULL);
			setcchar(&cc, ws, a, pair, NULL);
			add_wch(&cc);
		}
		used += w;
		i += (size_t)len;
	}
	buf_free(&esc);
	if (pad)
		for (; used < cols; used++)
			addch(' ');
	return used;
}

int ui_text_put(int y, int x, const char *s, int cols, int pad)
{
	return ui_text_putn(y, x, s, s ? strlen(s) : 0, cols, pad);
}

int ui_text_wrap(const char *s, int cols, size_t *starts, size_t *ends, int max)
{
	size_t n = s ? strlen(s) : 0, i = 0, start = 0;
	int lines = 0, w = 0;

	if (cols < 1)
		cols = 1;
	for (;;) {
		wchar_t wc = 0;
		int len, cw;

		if (i >= n || s[i] == '\n') {
			if (lines < max && starts) {
				starts[lines] = start;
				ends[lines] = i;
			}
			lines++;
			if (i >= n)
				break;
			i++;
			start = i;
			w = 0;
			continue;
		}
		len = ui_text_decode(s + i, n - i, &wc);
		cw = len < 0 ? 4 : ui_text_wcwidth(wc);
		if (len < 0)
			len = 1;
		if (w + cw > cols && w > 0) {
			if (lines < max && starts) {
				starts[lines] = start;
				ends[lines] = i;
			}
			lines++;
			start = i;
			w = 0;
		}
		w += cw;
		i += (size_t)len;
	}
	return lines;
}

void ui_text_pad(buf *out, const char *s, int cols)
{
	int w = ui_text_width(s);

	buf_puts(out, s);
	for (; w < cols; w++)
		buf_puts(out, " ");
}
