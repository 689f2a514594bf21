/* tui/ui_edit.c — the text editor (see ui_edit.h). */
#include "tui/ui_edit.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "tui/ui.h"
#include "tui/ui_text.h"

void ui_edit_init(ui_edit *e, const char *text, int multiline)
{
	memset(e, 0, sizeof *e);
	e->multiline = multiline;
	e->s = calloc(1, 1);
	e->cap = 1;
	if (!e->s)
		e->oom = 1;
	if (text)
		ui_edit_insert_str(e, text);
}

void ui_edit_free(ui_edit *e)
{
	free(e->s);
	free(e->ch);
	memset(e, 0, sizeof *e);
}

const char *ui_edit_text(const ui_edit *e)
{
	return e->s ? e->s : "";
}

int ui_edit_insert(ui_edit *e, wchar_t wc)
{
	char enc[4];
	int len = ui_text_encode(wc, enc), i;
	size_t off;

	if (e->oom || len < 0)
		return -1;
	if (e->len + (size_t)len + 1 > e->cap) {
		size_t cap = (e->cap * 2 > e->len + (size_t)len + 1) ? e->cap * 2 : e->len + (size_t)len + 64;
		char *p = realloc(e->s, cap);
		if (!p) {
			e->oom = 1;
			return -1;
		}
		e->s = p;
		e->cap = cap;
	}
	if (e->n + 1 > e->chcap) {
		int cap = e->chcap ? e->chcap * 2 : 64;
		ui_edit_ch *p = realloc(e->ch, (size_t)cap * sizeof *p);
		if (!p) {
			e->oom = 1;
			return -1;
		}
		e->ch = p;
		e->chcap = cap;
	}
	off = e->cur < e->n ? e->ch[e->cur].off : e->len;
	/* Shift the bytes and the characters after the cursor; their offsets
	 * move by LEN. */
	memmove(e->s + off + len, e->s + off, e->len - off + 1);
	memcpy(e->s + off, enc, (size_t)len);
	e->len += (size_t)len;
	memmove(&e->ch[e->cur + 1], &e->ch[e->cur], (size_t)(e->n - e->cur) * sizeof *e->ch);
	e->n++;
	for (i = e->cur + 1; i < e->n; i++)
		e->ch[i].off += (size_t)len;
	e->ch[e->cur].off = off;
	e->ch[e->cur].len = len;
	e->ch[e->cur].w = wc == '\n' ? 0 : ui_text_wcwidth(wc);
	e->ch[e->cur].row = e->ch[e->cur].col = 0;
	e->cur++;
	return 0;
}

void ui_edit_insert_str(ui_edit *e, const char *s)
{
	mbstate_t st;
	size_t n = strlen(s), i = 0;

	memset(&st, 0, sizeof st);
	while (i < n) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, s + i, n - i, &st);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
			memset(&st, 0, sizeof st);
			i++;
			continue;
		}
		if (wc == '\r')
			wc = '\n';
		if (wc != '\n' || e->multiline)
			ui_edit_insert(e, wc);
		i += r;
	}
}

/* Removes character I. */
static void ui_edit_remove(ui_edit *e, int i)
{
	size_t off = e->ch[i].off;
	int len = e->ch[i].len, k;

	memmove(e->s + off, e->s + off + len, e->len - off - (size_t)len + 1);
	e->len -= (size_t)len;
	memmove(&e->ch[i], &e->ch[i + 1], (size_t)(e->n - i - 1) * sizeof *e->ch);
	e->n--;
	for (k = i; k < e->n; k++)
		e->ch[k].off -= (size_t)len;
}

void ui_edit_backspace(ui_edit *e)
{
	if (e->cur == 0)
		return;
	e->cur--;
	ui_edit_remove(e, e->cur);
}

void ui_edit_delete(ui_edit *e)
{
	if (e->cur < e->n)
		ui_edit_remove(e, e->cur);
}

void ui_edit_clear(ui_edit *e)
{
	e->n = 0;
	e->len = 0;
	e->cur = 0;
	if (e->s)
		e->s[0] = '\0';
}

/* Sets each character's row and column, and E->rows, at E->width. */
static void ui_edit_place(ui_edit *e)
{
	int row = 0, col = 0, i, width = e->width < 2 ? 2 : e->width;

	for (i = 0; i < e->n; i++) {
		ui_edit_ch *c = &e->ch[i];
		if (c->w > 0 && col + c->w > width) {
			row++;
			col = 0;
		}
		c->row = row;
		c->col = col;
		if (e->s[c->off] == '\n') {
			row++;
			col = 0;
		} else {
			col += c->w;
		}
	}
	/* The cursor after the last character may need a row of its own. */
	if (col >= width && e->n > 0) {
		row++;
		col = 0;
	}
	e->rows = row + 1;
}

void ui_edit_layout(ui_edit *e, int width, int height)
{
	int crow, ccol;

	e->width = width < 2 ? 2 : width;
	ui_edit_place(e);
	ui_edit_cursor(e, &crow, &ccol);
	if (height < 1)
		height = 1;
	if (crow < e->top)
		e->top = crow;
	if (crow >= e->top + height)
		e->top = crow - height + 1;
}

void ui_edit_cursor(const ui_edit *e, int *row, int *col)
{
	if (e->cur < e->n) {
		*row = e->ch[e->cur].row;
		*col = e->ch[e->cur].col;
		return;
	}
	if (e->n == 0) {
		*row = *col = 0;
		return;
	}
	{
		const ui_edit_ch *c = &e->ch[e->n - 1];
		if (e->s[c->off] == '\n') {
			*row = c->row + 1;
			*col = 0;
		} else if (c->col + c->w >= e->width) {
			*row = c->row + 1;
			*col = 0;
		} else {
			*row = c->row;
			*col = c->col + c->w;
		}
	}
}

void ui_edit_left(ui_edit *e)
{
	if (e->cur > 0)
		e->cur--;
}

void ui_edit_right(ui_edit *e)
{
	if (e->cur < e->n)
		e->cur++;
}

/* Home, End, Up and Down move by rows: laid out first, at the width of the
 * last paint, since keys that arrive together (typed fast, or a loaded
 * machine) are all taken before the next paint, and characters inserted
 * since have no row yet. */
void ui_edit_home(ui_edit *e)
{
	int row, col;

	ui_edit_place(e);
	ui_edit_cursor(e, &row, &col);
	while (e->cur > 0 && e->ch[e->cur - 1].row == row && e->s[e->ch[e->cur - 1].off] != '\n')
		e->cur--;
}

void ui_edit_end(ui_edit *e)
{
	int row, col;

	ui_edit_place(e);
	ui_edit_cursor(e, &row, &col);
	while (e->cur < e->n && e->ch[e->cur].row == row && e->s[e->ch[e->cur].off] != '\n')
		e->cur++;
}

/* Moves to the character of visual row ROW nearest column COL. */
static void ui_edit_goto(ui_edit *e, int row, int col)
{
	int i, best = -1;

	for (i = 0; i < e->n; i++) {
		if (e->ch[i].row < row)
			continue;
		if (e->ch[i].row > row)
			break;
		if (e->ch[i].col <= col)
			best = i;
	}
	if (best < 0) {
		/* No character on that row: the empty row after a final newline. */
		for (i = 0; i < e->n && e->ch[i].row < row; i++)
			;
		e->cur = i;
		return;
	}
	/* Past the last character of the row when the column is beyond it. */
	if (e->s[e->ch[best].off] != '\n' && col >= e->ch[best].col + e->ch[best].w &&
	    (best + 1 == e->n || e->ch[best + 1].row != row))
		best++;
	e->cur = best;
}

void ui_edit_up(ui_edit *e)
{
	int row, col;

	ui_edit_place(e);
	ui_edit_cursor(e, &row, &col);
	if (row > 0)
		ui_edit_goto(e, row - 1, col);
}

void ui_edit_down(ui_edit *e)
{
	int row, col;

	ui_edit_place(e);
	ui_edit_cursor(e, &row, &col);
	if (row + 1 < e->rows)
		ui_edit_goto(e, row + 1, col);
}

/* The editor as a view. */
typedef struct {
	ui_edit e;
	const char *label;
	int now_kind;
	void (*hint)(void *ctx, const char *text, char *out, size_t outlen);
	void *ctx;
	char hint_text[256];
	int secret;  /* a PIN: each character shown as '*' */
	int escaped; /* left with Esc */
} ui_edit_view;

static void ui_edit_draw(ui_view *v, int top, int bottom)
{
	ui_edit_view *s = v->data;
	int height, y0, width = COLS - 4, i, r, crow, ccol;

	if (s->e.multiline) {
		y0 = top;
		height = bottom - top - 3;
	} else {
		height = 3;
		y0 = bottom - height - 3;
	}
	/* A frame so it reads as a box over the form. */
	for (r = y0; r < y0 + height + 3; r++) {
		move(r, 0);
		clrtoeol();
	}
	attron(A_BOLD);
	ui_text_put(y0, 1, s->label, COLS - 2, 0);
	attroff(A_BOLD);
	mvhline(y0 + 1, 0, ACS_HLINE, COLS);
	ui_edit_layout(&s->e, width, height);
	for (i = 0; i < s->e.n; i++) {
		const ui_edit_ch *c = &s->e.ch[i];
		if (c->row < s->e.top || c->row >= s->e.top + height || s->e.s[c->off] == '\n')
			continue;
		if (s->secret)
			mvaddch(y0 + 2 + c->row - s->e.top, 2 + c->col, '*');
		else
			ui_text_putn(y0 + 2 + c->row - s->e.top, 2 + c->col, s->e.s + c->off,
				     (size_t)c->len, c->w, 0);
	}
	if (s->e.top > 0)
		mvaddch(y0 + 2, 0, '^');
	if (s->e.top + height < s->e.rows)
		mvaddch(y0 + 1 + height, 0, 'v');
	mvhline(y0 + 2 + height, 0, ACS_HLINE, COLS);
	if (s->hint_text[0]) {
		attron(A_BOLD);
		ui_text_put(y0 + 2 + height, 2, s->hint_text, COLS - 4, 0);
		attroff(A_BOLD);
	}
	ui_edit_cursor(&s->e, &crow, &ccol);
	move(y0 + 2 + crow - s->e.top, 2 + ccol);
	curs_set(1);
}

static void ui_edit_now(ui_edit_view *s)
{
	time_t t = clock_now_epoch();
	struct tm tm;
	char out[32];

	localtime_r(&t, &tm);
	strftime(out, sizeof out, s->now_kind == 1 ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M", &tm);
	ui_edit_clear(&s->e);
	ui_edit_insert_str(&s->e, out);
}

static void ui_edit_key(ui_view *v, int key, ui_req req)
{
	ui_edit_view *s = v->data;
	int changed = 1;

	switch (req) {
	case UI_REQ_EDIT_DONE:
		s->escaped = key == UI_KEY_ESC;
		v->done = 1;
		return;
	case UI_REQ_EDIT_NOW:
		if (s->now_kind)
			ui_edit_now(s);
		break;
	case UI_REQ_EDIT_HOME:
		ui_edit_home(&s->e);
		return;
	case UI_REQ_EDIT_END:
		ui_edit_end(&s->e);
		return;
	case UI_REQ_EDIT_KILL:
		ui_edit_clear(&s->e);
		break;
	default:
		changed = 0;
		break;
	}
	if (!changed) {
		changed = 1;
		if (key == UI_KEY_FN(KEY_LEFT))
			ui_edit_left(&s->e), changed = 0;
		else if (key == UI_KEY_FN(KEY_RIGHT))
			ui_edit_right(&s->e), changed = 0;
		else if (key == UI_KEY_FN(KEY_UP))
			ui_edit_up(&s->e), changed = 0;
		else if (key == UI_KEY_FN(KEY_DOWN))
			ui_edit_down(&s->e), changed = 0;
		else if (key == UI_KEY_FN(KEY_BACKSPACE) || key == 127 || key == 8)
			ui_edit_backspace(&s->e);
		else if (key == UI_KEY_FN(KEY_DC) || key == UI_CTRL('d'))
			ui_edit_delete(&s->e);
		else if (ui_g.pasting && (key == '\t' || ((key == '\r' || key == '\n') && !s->e.multiline)))
			ui_edit_insert(&s->e, ' '); /* a pasted line break stays in the field */
		else if (key == '\r' || key == '\n' || key == UI_KEY_FN(KEY_ENTER)) {
			if (!s->e.multiline) {
				v->done = 1;
				return;
			}
			ui_edit_insert(&s->e, '\n');
		} else if (key >= 0x20 && key < 0x110000 && key != 0x7f)
			ui_edit_insert(&s->e, (wchar_t)key);
		else
			changed = 0;
	}
	if (changed && s->hint) {
		s->hint_text[0] = '\0';
		s->hint(s->ctx, ui_edit_text(&s->e), s->hint_text, sizeof s->hint_text);
	}
}

/* ^T (now) applies only to a date or a datetime. */
static int ui_edit_offers(ui_view *v, ui_req req)
{
	ui_edit_view *s = v->data;

	return req != UI_REQ_EDIT_NOW || s->now_kind;
}

static const ui_view_ops ui_edit_ops = {"edit", UI_S_EDIT, 1, ui_edit_draw, ui_edit_key, ui_edit_offers};

char *ui_edit_run(const char *label, const char *text, int multiline, int now_kind,
		  void (*hint)(void *ctx, const char *text, char *out, size_t outlen), void *ctx)
{
	ui_edit_view s;
	ui_view v = {&ui_edit_ops, &s, 0, ""};
	char *out = NULL;

	memset(&s, 0, sizeof s);
	ui_edit_init(&s.e, text, multiline);
	s.label = label;
	s.now_kind = now_kind;
	s.hint = hint;
	s.ctx = ctx;
	if (hint)
		hint(ctx, ui_edit_text(&s.e), s.hint_text, sizeof s.hint_text);
	snprintf(v.title, sizeof v.title, "%s", label);
	ui_push(&v);
	if (ui_run(&v))
		out = strdup(ui_edit_text(&s.e));
	ui_pop();
	curs_set(0);
	ui_edit_free(&s.e);
	return out;
}

char *ui_edit_secret(const char *label)
{
	ui_edit_view s;
	ui_view v = {&ui_edit_ops, &s, 0, ""};
	char *out = NULL;

	memset(&s, 0, sizeof s);
	ui_edit_init(&s.e, NULL, 0);
	s.label = label;
	s.secret = 1;
	snprintf(v.title, sizeof v.title, "%s", label);
	ui_push(&v);
	if (ui_run(&v) && !s.escaped)
		out = strdup(ui_edit_text(&s.e));
	ui_pop();
	curs_set(0);
	/* The PIN leaves no copy behind in the editor's memory. */
	if (s.e.s)
		memset(s.e.s, 0, s.e.cap);
	ui_edit_free(&s.e);
	return out;
}
