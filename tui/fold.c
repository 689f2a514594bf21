/*
 * tui/fold.c — text folded to a width in display columns (see fold.h). Column
 * counts come from cli_width, the one width function, so what is folded here
 * lines up with what the command line pads.
 */
#include "tui/fold.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/text.h"
#include "tui/cli.h"

/*
 * Appends TEXT to OUT made printable: control characters and bytes that are
 * not text would move the print head or a terminal's cursor, and the column
 * count would lie; they become escapes (text_escape: "\x1b", "<U+202E>"), as
 * everywhere else values from the store are shown. A tab becomes a space; a
 * form feed is kept only on a line of its own (a page break).
 */
static void fold_clean(buf *out, const char *text)
{
	const char *s = text, *run = text;

	for (; *s; s++) {
		int page = *s == '\f' && (s == text || s[-1] == '\n') && s[1] == '\n';

		if (*s != '\n' && *s != '\t' && !page)
			continue;
		/* Lines, not one-line values: values were escaped as such
		 * where they were laid out (show.c, export_text.c). */
		text_escape_n(out, run, (size_t)(s - run), TEXT_ESC_LINES);
		buf_append(out, *s == '\t' ? " " : s, 1);
		run = s + 1;
	}
	text_escape_n(out, run, (size_t)(s - run), TEXT_ESC_LINES);
}

/* Full-width punctuation a line may not begin with, and that may not end one. */
static const wchar_t fold_no_start[] = L"，。、；：！？）》」』】〕”’…—";
static const wchar_t fold_no_end[] = L"（《「『【〔“‘";

/*
 * Decodes the character at S (LEN > 0 bytes): returns its length in bytes,
 * with the character in *WC and its display columns in *W. A byte that is no
 * character counts as the "?" fold_clean puts in its place.
 */
static size_t fold_char(const char *s, size_t len, wchar_t *wc, int *w)
{
	char one[MB_LEN_MAX + 1];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		*w = cli_width("?");
		return 1;
	}
	memcpy(one, s, n);
	one[n] = '\0';
	*w = cli_width(one);
	return n;
}

/*
 * Returns the column the continuation lines of S (LEN bytes) hang at: where
 * its value starts after the first gap of two or more spaces ("label  value",
 * as show_record lays it out), else its own indent ("- " items two further).
 * Never past HANG_MAX, so a continuation always has room.
 */
static int fold_hang(const char *s, size_t len, int hang_max)
{
	size_t i = 0;
	int col = 0, lead, seen = 0;

	while (i < len && s[i] == ' ') {
		i++;
		col++;
	}
	lead = col;
	while (i < len) {
		wchar_t wc;
		int w;
		if (seen && s[i] == ' ' && i + 1 < len && s[i + 1] == ' ') {
			while (i < len && s[i] == ' ') {
				i++;
				col++;
			}
			if (i < len && col <= hang_max)
				return col;
			break;
		}
		i += fold_char(s + i, len - i, &wc, &w);
		col += w;
		seen = 1;
	}
	if (len - (size_t)lead >= 2 && s[lead] == '-' && s[lead + 1] == ' ')
		lead += 2;
	return lead < hang_max ? lead : hang_max;
}

void fold_line(buf *out, const char *s, size_t len, int cols, int hang)
{
	size_t pos = 0;
	int col = 0, i;

	while (pos < len) {
		size_t end = pos, cut = 0, next = 0;
		int c = col, seen = 0;
		wchar_t prev = 0, wc;
		int w;

		while (end < len) {
			size_t n = fold_char(s + end, len - end, &wc, &w);
			if (c + w > cols)
				break;
			if (seen && wc == L' ') {
				cut = end;
				next = end + 1;
			} else if (seen && w == 2 && !wcschr(fold_no_start, wc) &&
				   !(prev && wcschr(fold_no_end, prev))) {
				cut = end;
				next = end;
			}
			seen |= wc != L' ';
			prev = wc;
			c += w;
			end += n;
		}
		if (end >= len) {
			buf_append(out, s + pos, len - pos);
			break;
		}
		if (!cut) {
			if (end == pos) /* wider than what is left: take it anyway */
				end += fold_char(s + end, len - end, &wc, &w);
			cut = next = end;
		}
		while (cut > pos && s[cut - 1] == ' ')
			cut--;
		buf_append(out, s + pos, cut - pos);
		buf_puts(out, "\n");
		for (i = 0; i < hang; i++)
			buf_puts(out, " ");
		col = hang;
		pos = next;
		while (pos < len && s[pos] == ' ')
			pos++;
	}
}

void fold_text(buf *out, const char *text, int cols, int hang_max)
{
	buf clean = BUF_INIT;
	const char *s, *nl;
	size_t len;

	fold_clean(&clean, text);
	for (s = buf_str(&clean); *s; s = nl + 1) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		fold_line(out, s, len, cols, fold_hang(s, len, hang_max));
		buf_puts(out, "\n");
		if (!nl)
			break;
	}
	if (clean.oom)
		out->oom = 1;
	buf_free(&clean);
}
